/* view_overview: the 概览 tab — my quota, observations of my lessons awaiting a reply, who is not yet observed, per-school numbers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	const char *me = t->actor ? t->actor->id : NULL;
	vec_clear(&o->inbox);
	vec_clear(&o->uncovered);
	obs_stats_free(o->stats);
	o->stats = NULL;
	o->have_progress = 0;
	buf_reset(&o->errors);
	o->built_w = 0;
	if (me) {
		if (obs_progress(&o->progress, t->store, t->term, me, &err) == 0)
			o->have_progress = 1;
		else
			note_error(o, &err);
		err_clear(&err);
		if (obs_inbox(&o->inbox, t->store, t->viewer, t->term, me, &err) != 0)
			note_error(o, &err);
		err_clear(&err);
		if (obs_uncovered_team(&o->uncovered, t->store, t->viewer, t->term, t->actor, &err) != 0)
			note_error(o, &err);
	}
	err_clear(&err);
	if (obs_stats(&o->stats, t->store, t->viewer, t->term, NULL, &err) != 0) {
		o->stats = NULL;
		note_error(o, &err);
	}
	return 0;
}

static int ov_open(struct view *v, void *arg, struct jy_err *err)
{
	struct overview *o = xcalloc(1, sizeof(*o));
	(void)arg;
	(void)err;
	list_init(&o->lines, NULL, 0, 0);
	vec_init(&o->inbox, obs_item_free);
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
		list_cell(list_add(&o->lines, it, it->replied ? TA_NORMAL : TA_MARK), b.ptr);
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
		const struct record *p = tui_person(t, id);
		buf_reset(&b);
		buf_printf(&b, "%s · %s", tui_person_name(t, id),
			   tui_school_name(t, p ? record_get(p, "person", "school") : NULL));
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
	if (sync_remotes(&remotes, t->store, NULL) == 0)
		for (size_t i = 0; i < remotes.len; i++) {
			const struct sync_remote *r = remotes.items[i];
			if (r->last && !r->ok)
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
	plans_overview(&o->lines, t, w);
	seminar_overview(&o->lines, t, w);
	build_inbox(o);
	build_uncovered(o, t, w);
	build_schools(o, w);
	o->lines.sel = sel;
	o->lines.top = top;
	/* Start on the first observation awaiting a reply: that is what the teacher came for. */
	if (!o->built_w)
		for (size_t i = 0; i < o->lines.rows.len; i++) {
			const struct list_row *r = o->lines.rows.items[i];
			if (r->data) {
				o->lines.sel = i;
				break;
			}
		}
	o->built_w = w;
}

static void ov_draw(struct view *v, const struct tui_rect *r)
{
	struct overview *o = v->priv;
	if (o->built_w != r->w)
		build(o, v->tui, r->w);
	list_draw(&o->lines, v->tui, r, 1);
}

static const struct tui_key ov_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的听课记录", "open the selected observation" },
	{ 'R', 0, ACT_REPLY, "R", NULL, NULL },
	{ 'a', 0, ACT_ADD, "a", "新增听课记录", "log a new observation" },
	TUI_KEYS_END,
};

static int ov_key(struct view *v, const struct tui_input *in)
{
	struct overview *o = v->priv;
	struct tui *t = v->tui;
	int fl = list_key(&o->lines, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	const struct obs_item *it = list_selected(&o->lines);
	switch (in->action) {
	case ACT_OPEN:
		if (it)
			tui_push(t, &view_obsdetail_ops, it->path);
		return TUI_HANDLED;
	case ACT_REPLY:
		if (it)
			obsreply_open(t, it->path, NULL);
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

static const struct tui_key *const ov_keymaps[] = { ov_keys, list_keys, NULL };

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
};
