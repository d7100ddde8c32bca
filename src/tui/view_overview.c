/* view_overview: the 概览 tab — my quota, plans and observations awaiting me, replies to my observations, coverage, per-school numbers; Enter opens any of them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/digest.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/text.h"
#include "jiaoyan/conflict.h"
#include "jiaoyan/sync.h"
#include "jiaoyan/tui.h"

struct overview {
	struct list lines;
	int built_w;
	/* data (obs_* from domain/observation.c: the same numbers as `jiaoyan obs stats`) */
	int have_progress;
	struct obs_progress progress;
	struct vec inbox;     /* struct obs_item *, owned */
	struct vec mine;      /* struct obs_item *, owned: observations I made (the replied ones are listed) */
	struct vec links;     /* struct tui_link *, owned: what the openable rows open */
	struct vec uncovered; /* owned person ids */
	struct obs_stats *stats;
	struct buf errors;    /* what could not be computed, shown in place */
};

static void note_error(struct overview *o, const struct jy_err *err)
{
	buf_printf(&o->errors, "%s%s", o->errors.len ? "\n" : "", err->msg);
}

static int load(struct overview *o, struct tui *t)
{
	struct jy_err err = JY_ERR_INIT;
	struct obs_term *term = NULL;
	const char *me = t->actor ? t->actor->id : NULL;
	vec_clear(&o->inbox);
	vec_clear(&o->mine);
	vec_clear(&o->uncovered);
	obs_stats_free(o->stats);
	o->stats = NULL;
	o->have_progress = 0;
	buf_reset(&o->errors);
	o->built_w = 0;
	/* One read of the term serves every number of the page. */
	/* The roster when the TUI has read it; else the term's figures read what they need of it from the index. */
	if (obs_term_load(&term, t->store, t->viewer, t->term, me, t->people_read ? tui_people(t) : NULL, &err) != 0) {
		note_error(o, &err);
		err_clear(&err);
		return 0;
	}
	if (me) {
		if (obs_term_progress(&o->progress, term, &err) == 0)
			o->have_progress = 1;
		else
			note_error(o, &err);
		err_clear(&err);
		if (obs_term_inbox(&o->inbox, term, &err) != 0)
			note_error(o, &err);
		err_clear(&err);
		if (obs_term_mine(&o->mine, term, &err) != 0)
			note_error(o, &err);
		err_clear(&err);
		if (obs_term_uncovered_team(&o->uncovered, term, t->actor, &err) != 0)
			note_error(o, &err);
	}
	err_clear(&err);
	if (obs_term_stats(&o->stats, term, &err) != 0) {
		o->stats = NULL;
		note_error(o, &err);
	}
	err_clear(&err);
	obs_term_free(term);
	return 0;
}

static int ov_open(struct view *v, void *arg, struct jy_err *err)
{
	struct overview *o = xcalloc(1, sizeof(*o));
	(void)arg;
	(void)err;
	list_init(&o->lines, NULL, 0, 0);
	vec_init(&o->inbox, obs_item_free);
	vec_init(&o->mine, obs_item_free);
	vec_init(&o->links, tui_link_free);
	vec_init(&o->uncovered, free);
	buf_init(&o->errors);
	v->priv = o;
	load(o, v->tui);
	return 0;
}

static void ov_close(struct view *v)
{
	struct overview *o = v->priv;
	list_free(&o->lines);
	vec_free(&o->inbox);
	vec_free(&o->mine);
	vec_free(&o->links);
	vec_free(&o->uncovered);
	obs_stats_free(o->stats);
	buf_release(&o->errors);
	free(o);
}

static int ov_reload(struct view *v, struct jy_err *err)
{
	(void)err;
	return load(v->priv, v->tui);
}

/* A bar of `value` out of `max` in `cols` columns, in eighths of a block. */
static void bar(struct buf *out, double value, double max, int cols)
{
	static const char *const part[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	if (max <= 0 || value <= 0 || cols <= 0)
		return;
	long eighths = (long)(value / max * cols * 8 + 0.5);
	if (eighths < 1)
		eighths = 1;
	if (eighths > (long)cols * 8)
		eighths = (long)cols * 8;
	for (long i = 0; i < eighths / 8; i++)
		buf_puts(out, "█");
	buf_puts(out, part[eighths % 8]);
}

static void heading(struct list *l, const char *text)
{
	list_line(l, TA_NORMAL, "");
	list_line(l, TA_HEADER, text);
}

static void build_progress(struct overview *o, struct tui *t, int w)
{
	struct buf b = BUF_INIT;
	heading(&o->lines, L("我的听课任务", "My observations"));
	if (!o->have_progress) {
		list_line(&o->lines, TA_DIM,
			  t->actor && t->actor->id ? L("  （无法统计）", "  (not available)")
						   : L("  （未识别身份：用 --user 或 [user] id 指定本人）", "  (unknown person: use --user or [user] id)"));
		return;
	}
	const struct obs_progress *p = &o->progress;
	if (p->quota > 0) {
		int cols = w - 40 > 30 ? 30 : w - 40;
		struct buf b2 = BUF_INIT;
		bar(&b2, (double)(p->done > (size_t)p->quota ? (size_t)p->quota : p->done), (double)p->quota, cols);
		buf_printf(&b, L("  本学期已听 %zu 次 / 任务 %ld 次  ", "  %zu done of %ld this term  "), p->done, p->quota);
		buf_puts(&b, "[");
		text_pad(&b, b2.ptr, cols, 0);
		buf_puts(&b, "]");
		if (p->done >= (size_t)p->quota)
			buf_puts(&b, L("  已完成", "  done"));
		else if (p->due_week > 0)
			buf_printf(&b, L("  第 %ld 周前完成", "  due by week %ld"), p->due_week);
		buf_release(&b2);
	} else {
		buf_printf(&b, L("  本学期已听 %zu 次（没有听课任务）", "  %zu this term (no quota)"), p->done);
	}
	list_line(&o->lines, p->quota > 0 && p->done < (size_t)p->quota ? TA_NORMAL : TA_DIM, b.ptr);
	buf_release(&b);
}

static int open_observation(struct tui *t, const char *path)
{
	return tui_push(t, &view_obsdetail_ops, (void *)path);
}

/* What was seen of a reply: its time and text, digested (a reply written again, even within the minute, is new). */
static void reply_mark(struct buf *out, const struct record *obs)
{
	struct buf b = BUF_INIT;
	unsigned char h[DIGEST_SHA256_BYTES];
	const char *at = record_get(obs, "response", "at"), *text = record_get(obs, "response", "text");
	buf_printf(&b, "%s\n%s", at ? at : "", text ? text : "");
	if (digest_sha256(h, b.ptr, b.len, NULL) == 0)
		digest_hex(out, h, 8);
	buf_release(&b);
}

/* A reply to one of my observations: opening it marks it seen (until the teacher writes again). */
static int open_reply(struct tui *t, const char *path)
{
	struct record *r = NULL;
	struct buf mark = BUF_INIT;
	if (t->actor && t->actor->id && store_read(&r, t->store, path, NULL) == 0) {
		reply_mark(&mark, r);
		seen_mark(t->actor->id, record_get(r, "observation", "id"), mark.ptr);
	}
	record_free(r);
	buf_release(&mark);
	return open_observation(t, path);
}

static struct list_row *link_row(struct overview *o, int (*open)(struct tui *t, const char *arg), const char *arg,
				 enum tui_role role, const char *text)
{
	struct tui_link *link = tui_link_new(open, arg);
	vec_push(&o->links, link);
	struct list_row *row = list_add(&o->lines, link, role);
	list_cell(row, text);
	return row;
}

static void build_inbox(struct overview *o)
{
	struct buf b = BUF_INIT;
	size_t fresh = 0;
	const struct field_def *kind = schema_field(schema_type("observation"), "observation", "kind");
	for (size_t i = 0; i < o->inbox.len; i++)
		fresh += !((struct obs_item *)o->inbox.items[i])->replied;
	buf_printf(&b, L("对我的课的听课记录（%zu 条，%zu 条新的待回复：选中后 Enter 查看，R 回复）",
			 "Observations of my lessons (%zu, %zu new awaiting my reply: Enter opens, R replies)"),
		   o->inbox.len, fresh);
	heading(&o->lines, b.ptr);
	if (!o->inbox.len)
		list_line(&o->lines, TA_DIM, L("  （本学期还没有）", "  (none this term)"));
	for (size_t i = 0; i < o->inbox.len; i++) {
		struct obs_item *it = o->inbox.items[i];
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, it->replied ? "" : L("新", "new"), 4, 0);
		buf_printf(&b, "%s  ", it->date);
		struct buf k = BUF_INIT;
		schema_value_label(&k, kind, it->kind);
		text_pad(&b, k.ptr, 8, 0);
		buf_release(&k);
		buf_puts(&b, "  ");
		text_pad(&b, it->observer_name ? it->observer_name : it->observer, 8, 0);
		buf_printf(&b, L("  《%s》", "  \"%s\""), it->course);
		if (*it->total)
			buf_printf(&b, L("  %s 分 %s", "  %s %s"), it->total, it->grade);
		link_row(o, open_observation, it->path, it->replied ? TA_NORMAL : TA_MARK, b.ptr);
	}
	buf_release(&b);
}

/* The replies teachers wrote to my observations; those I have not opened since they were written are new. */
static void build_replies(struct overview *o, struct tui *t)
{
	struct buf b = BUF_INIT;
	size_t replied = 0, fresh = 0;
	const char *me = t->actor ? t->actor->id : NULL;
	for (size_t i = 0; i < o->mine.len; i++) {
		const struct obs_item *it = o->mine.items[i];
		if (!it->replied)
			continue;
		buf_reset(&b);
		reply_mark(&b, it->rec);
		replied++;
		fresh += !seen_is(me, it->id, b.ptr);
	}
	buf_reset(&b);
	if (!replied && !o->mine.len)
		return;
	buf_printf(&b, L("回复了我的听课记录（%zu 条，%zu 条新的：选中后 Enter 查看）", "Replies to my observations (%zu, %zu new: Enter opens)"),
		   replied, fresh);
	heading(&o->lines, b.ptr);
	if (!replied)
		list_line(&o->lines, TA_DIM, L("  （还没有授课教师回复）", "  (no teacher has replied yet)"));
	for (size_t i = 0; i < o->mine.len; i++) {
		const struct obs_item *it = o->mine.items[i];
		if (!it->replied)
			continue;
		buf_reset(&b);
		reply_mark(&b, it->rec);
		int is_new = !seen_is(me, it->id, b.ptr);
		const char *reply = record_get(it->rec, "response", "text");
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, is_new ? L("新", "new") : "", 4, 0);
		buf_printf(&b, "%s  ", it->date);
		text_pad(&b, it->teacher_name ? it->teacher_name : it->teacher, 8, 0);
		buf_printf(&b, L("  《%s》  回复：", "  \"%s\"  reply: "), it->course);
		/* The first line of the reply; the whole of it is one Enter away. */
		buf_add(&b, reply ? reply : "", reply ? strcspn(reply, "\n") : 0);
		link_row(o, open_reply, it->path, is_new ? TA_MARK : TA_NORMAL, b.ptr);
	}
	buf_release(&b);
}

static void build_uncovered(struct overview *o, struct tui *t, int w)
{
	struct buf b = BUF_INIT, line = BUF_INIT;
	buf_printf(&b, L("本团队本学期尚未被听课的教师（%zu 人）", "Teachers of my team not yet observed this term (%zu)"),
		   o->uncovered.len);
	heading(&o->lines, b.ptr);
	if (!o->uncovered.len)
		list_line(&o->lines, TA_DIM, L("  （都已听过）", "  (everyone has been observed)"));
	/* Several names a line, each in a cell as wide as the widest, so they line up in columns. */
	struct vec names = VEC_INIT(free);
	int cell = 4;
	for (size_t i = 0; i < o->uncovered.len; i++) {
		const char *id = o->uncovered.items[i];
		buf_reset(&b);
		buf_printf(&b, "%s · %s", tui_person_name(t, id), tui_school_name(t, tui_person_field(t, id, "school")));
		if (text_width(b.ptr) + 3 > cell)
			cell = text_width(b.ptr) + 3;
		vec_push_str(&names, b.ptr);
	}
	if (cell > w - 2)
		cell = w - 2;
	int per = cell > 0 ? (w - 2) / cell : 1;
	if (per < 1)
		per = 1;
	buf_puts(&line, "  ");
	for (size_t i = 0; i < names.len; i++) {
		text_pad(&line, names.items[i], cell, 0);
		if ((i + 1) % (size_t)per == 0 || i + 1 == names.len) {
			list_line(&o->lines, TA_NORMAL, line.ptr);
			buf_set(&line, "  ");
		}
	}
	vec_free(&names);
	buf_release(&b);
	buf_release(&line);
}

static void build_schools(struct overview *o, int w)
{
	struct buf b = BUF_INIT;
	const struct obs_stats *st = o->stats;
	heading(&o->lines, L("各校听课情况（本学期）", "Per school (this term)"));
	if (!st) {
		list_line(&o->lines, TA_DIM, L("  （无法统计）", "  (not available)"));
		return;
	}
	buf_puts(&b, "  ");
	text_pad(&b, L("学校", "school"), 20, 0);
	text_pad(&b, L("听课次数", "count"), 9, 1);
	text_pad(&b, L("已覆盖/教师", "covered"), 12, 1);
	text_pad(&b, L("平均分", "mean"), 8, 1);
	list_line(&o->lines, TA_DIM, b.ptr);
	size_t max = 0;
	for (size_t i = 0; i < st->schools.len; i++) {
		const struct obs_school_stat *sc = st->schools.items[i];
		for (size_t g = 0; g < st->bands.len; g++)
			if (sc->grades && sc->grades[g] > max)
				max = sc->grades[g];
	}
	int bar_w = w - 16 > 40 ? 40 : w - 16;
	for (size_t i = 0; i < st->schools.len; i++) {
		const struct obs_school_stat *sc = st->schools.items[i];
		char num[32];
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, sc->name ? sc->name : sc->school, 20, 0);
		snprintf(num, sizeof(num), "%zu", sc->count);
		text_pad(&b, num, 9, 1);
		snprintf(num, sizeof(num), "%zu/%zu", sc->covered, sc->roster);
		text_pad(&b, num, 12, 1);
		if (sc->scored)
			snprintf(num, sizeof(num), "%.1f", sc->mean);
		else
			snprintf(num, sizeof(num), "—");
		text_pad(&b, num, 8, 1);
		list_line(&o->lines, TA_NORMAL, b.ptr);
		/* Grade distribution: one bar per band, all schools on one scale so they compare. */
		for (size_t g = 0; g < st->bands.len && sc->grades; g++) {
			buf_reset(&b);
			buf_puts(&b, "      ");
			text_pad(&b, st->bands.items[g], 4, 0);
			struct buf bb = BUF_INIT;
			bar(&bb, (double)sc->grades[g], (double)max, bar_w);
			buf_puts(&b, bb.ptr);
			buf_printf(&b, " %zu", sc->grades[g]);
			buf_release(&bb);
			list_line(&o->lines, TA_BAR, b.ptr);
		}
	}
	buf_release(&b);
}

/* One line when something of sync needs a person: open conflicts, or a last sync that failed. */
static void sync_line(struct overview *o, struct tui *t)
{
	struct vec conflicts = VEC_INIT(store_item_free), remotes = VEC_INIT(sync_remote_free);
	struct buf b = BUF_INIT;
	if (conflict_open_list(&conflicts, t->store, NULL) == 0 && conflicts.len)
		buf_printf(&b, L("⚠ 有 %zu 处同步冲突待处理（同步标签页）", "⚠ %zu sync conflicts to resolve (the Sync tab)"), conflicts.len);
	if (sync_failed(&remotes, t->store, NULL) == 0)
		for (size_t i = 0; i < remotes.len; i++) {
			const struct sync_remote *r = remotes.items[i];
			buf_printf(&b, L("%s⚠ 与 %s 的上次同步失败：%s", "%s⚠ the last sync with %s failed: %s"), b.len ? "  " : "", r->name,
				   r->message);
		}
	if (b.len)
		list_line(&o->lines, TA_ERROR, b.ptr);
	vec_free(&conflicts);
	vec_free(&remotes);
	buf_release(&b);
}

static void build(struct overview *o, struct tui *t, int w)
{
	struct buf b = BUF_INIT;
	size_t sel = o->lines.sel, top = o->lines.top;
	list_clear(&o->lines);
	vec_clear(&o->links);
	const char *group = t->group ? record_get(t->group, "group", "name") : NULL;
	buf_printf(&b, L("%s 学期 · %s", "term %s · %s"), t->term, group ? group : "");
	list_line(&o->lines, TA_HEADER, b.ptr);
	buf_release(&b);
	if (o->errors.len) {
		struct vec lines = VEC_INIT(free);
		tui_wrap(&lines, o->errors.ptr, w - 2);
		for (size_t i = 0; i < lines.len; i++)
			list_line(&o->lines, TA_ERROR, lines.items[i]);
		vec_free(&lines);
	}
	sync_line(o, t);
	build_progress(o, t, w);
	plans_overview(&o->lines, &o->links, t, w);
	seminar_overview(&o->lines, &o->links, t, w);
	build_inbox(o);
	build_replies(o, t);
	build_uncovered(o, t, w);
	build_schools(o, w);
	o->lines.sel = sel;
	o->lines.top = top;
	/* Start on the first row awaiting the person (a filing to review, an observation to answer, a new reply):
	 * that is what they came for; else on the first row that opens anything. */
	if (!o->built_w) {
		size_t first = o->lines.rows.len;
		for (size_t i = o->lines.rows.len; i-- > 0;) {
			const struct list_row *r = o->lines.rows.items[i];
			if (r->data && r->role != TA_NORMAL)
				o->lines.sel = i;
			if (r->data)
				first = i;
		}
		const struct list_row *cur = o->lines.sel < o->lines.rows.len ? o->lines.rows.items[o->lines.sel] : NULL;
		if ((!cur || !cur->data || cur->role == TA_NORMAL) && first < o->lines.rows.len)
			o->lines.sel = first;
	}
	o->built_w = w;
}

static int openable(const struct list *l, size_t i)
{
	return i < l->rows.len && ((const struct list_row *)l->rows.items[i])->data != NULL;
}

/* The nearest openable row from `from` in direction dir (+1/-1), or rows.len when none. */
static size_t next_openable(const struct list *l, size_t from, int dir)
{
	for (size_t i = from; i < l->rows.len; i = dir > 0 ? i + 1 : i - 1) {
		if (openable(l, i))
			return i;
		if (dir < 0 && i == 0)
			break;
	}
	return l->rows.len;
}

/*
 * The page is read like a pager, but the selection bar stands only on rows
 * that open something: j/k go from one to the next, and where there is none
 * further they scroll the text instead (the statistics at the bottom).
 */
static void ov_move(struct overview *o, enum tui_action a)
{
	struct list *l = &o->lines;
	size_t n = l->rows.len, h = l->height > 1 ? (size_t)l->height : 1, target;
	int visible = openable(l, l->sel) && l->sel >= l->top && l->sel < l->top + h;
	switch (a) {
	case ACT_DOWN:
		target = visible ? next_openable(l, l->sel + 1, 1) : n;
		if (target < n)
			l->sel = target;
		else if (l->top + h < n)
			l->top++;
		break;
	case ACT_UP:
		target = visible && l->sel ? next_openable(l, l->sel - 1, -1) : n;
		if (target < n)
			l->sel = target;
		else if (l->top > 0)
			l->top--;
		break;
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		if (a == ACT_PAGE_DOWN)
			l->top = l->top + h < n ? l->top + h - 1 : l->top;
		else
			l->top = l->top > h ? l->top - h + 1 : 0;
		target = next_openable(l, l->top, 1);
		if (target < l->top + h)
			l->sel = target;
		return;
	case ACT_FIRST:
		l->top = 0;
		target = next_openable(l, 0, 1);
		if (target < n)
			l->sel = target;
		return;
	case ACT_LAST:
		l->top = n > h ? n - h : 0;
		target = n ? next_openable(l, n - 1, -1) : n;
		if (target < n && target >= l->top)
			l->sel = target;
		return;
	default:
		return;
	}
	/* A row the selection moved to comes into view, with the heading lines above it. */
	if (openable(l, l->sel) && l->sel >= l->top + h)
		l->top = l->sel - h + 1;
	if (openable(l, l->sel) && l->sel < l->top)
		l->top = l->sel > 2 ? l->sel - 2 : 0;
	if (l->sel == next_openable(l, 0, 1) && l->sel < h)
		l->top = 0;
}

static int selected_visible(const struct list *l)
{
	return openable(l, l->sel) && l->sel >= l->top && l->sel < l->top + (size_t)(l->height > 0 ? l->height : 1);
}

static void ov_draw(struct view *v, const struct tui_rect *r)
{
	struct overview *o = v->priv;
	struct tui *t = v->tui;
	struct list *l = &o->lines;
	if (o->built_w != r->w) {
		build(o, t, r->w);
		/* A rebuilt page may have lost the row that was selected: the nearest one that opens. */
		if (!openable(l, l->sel)) {
			size_t down = next_openable(l, l->sel, 1), up = l->sel ? next_openable(l, l->sel - 1, -1) : l->rows.len;
			l->sel = down < l->rows.len ? down : up < l->rows.len ? up : 0;
		}
	}
	l->height = r->h;
	if (l->top + (size_t)r->h > l->rows.len)
		l->top = l->rows.len > (size_t)r->h ? l->rows.len - (size_t)r->h : 0;
	for (int i = 0; i < r->h; i++) {
		size_t idx = l->top + (size_t)i;
		if (idx >= l->rows.len)
			break;
		const struct list_row *row = l->rows.items[idx];
		enum tui_role role = idx == l->sel && openable(l, idx) ? TA_SELECTED : row->role;
		tui_put(t, r->y + i, r->x, r->w, role, row->cells.len ? row->cells.items[0] : "", 0);
	}
}

static const struct tui_key ov_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的一项（授课计划、听课记录、回复）", "open the selected item (a filing, an observation, a reply)" },
	{ 'R', 0, ACT_REPLY, "R", NULL, NULL },
	{ 'a', 0, ACT_ADD, "a", "新增听课记录", "log a new observation" },
	/* 概览 has no list to search within: / searches everything. */
	{ '/', 0, ACT_SEARCH_ALL, "/", NULL, NULL },
	TUI_KEYS_END,
};

static const struct tui_link *selected_link(struct overview *o)
{
	return selected_visible(&o->lines) ? list_selected(&o->lines) : NULL;
}

/* R answers an observation of my own lesson: only on such a row, and only when the rules let me. */
static int ov_offers(struct view *v, enum tui_action a)
{
	struct overview *o = v->priv;
	const struct tui_link *link = selected_link(o);
	if (a == ACT_OPEN)
		return link != NULL;
	if (a != ACT_REPLY)
		return 1;
	return link && link->open == open_observation;
}

static int ov_key(struct view *v, const struct tui_input *in)
{
	struct overview *o = v->priv;
	struct tui *t = v->tui;
	switch (tui_key_action(list_keys, in)) {
	case ACT_DOWN:
	case ACT_UP:
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
	case ACT_FIRST:
	case ACT_LAST:
		ov_move(o, tui_key_action(list_keys, in));
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	if (in->action == ACT_SEARCH_ALL) {
		tui_search(t, NULL);
		return TUI_HANDLED;
	}
	const struct tui_link *link = selected_link(o);
	switch (in->action) {
	case ACT_OPEN:
		if (link) {
			link->open(t, link->arg);
			if (link->open == open_reply)
				o->built_w = 0; /* it is no longer new */
		}
		return TUI_HANDLED;
	case ACT_REPLY:
		if (link && link->open == open_observation)
			obsreply_open(t, link->arg, NULL);
		else
			tui_msg(t, 1, "%s", L("先选中一条对我的课的听课记录", "select an observation of your lesson first"));
		return TUI_HANDLED;
	case ACT_ADD:
		obsform_open(t, NULL);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const ov_keymaps[] = { ov_keys, list_move_keys, NULL };

const struct view_ops view_overview_ops = {
	.name = "overview",
	.title_zh = "概览",
	.title_en = "Overview",
	.keys = ov_keymaps,
	.open = ov_open,
	.close = ov_close,
	.reload = ov_reload,
	.draw = ov_draw,
	.key = ov_key,
	.offers = ov_offers,
};
