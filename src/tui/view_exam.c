/* view_exam: the 联考 tab — exams with their committee, blueprint and papers' state; the paper beside its check; assemble, swap, release; results. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/exam.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/question.h"
#include "jiaoyan/records.h"
#include "jiaoyan/scores.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

extern const struct view_ops view_exam_ops;
static const struct view_ops paper_view_ops;

/* The person's opened key: asked for once per session, wiped when the tab closes. */
static struct keyring_key *session_key;

static const char *eget(const struct record *e, const char *key)
{
	return record_get(e, "exam", key);
}

/* A passphrase typed with nothing shown but one dot per character. 0 on Enter, -1 on Esc. */
static int ask_passphrase(struct tui *t, char **out)
{
	struct buf io = BUF_INIT;
	struct tui_input in;
	size_t cur = 0;
	int rc = -1;
	for (;;) {
		struct buf dots = BUF_INIT;
		tui_draw(t);
		int y = LINES - 1;
		int lw = tui_puts(t, y, 0, COLS - 1, TA_HINT_KEY, L("口令（Enter 确认，Esc 取消）：", "passphrase (Enter, Esc cancels): "));
		for (size_t i = 0; i < io.len; i++)
			if (((unsigned char)io.ptr[i] & 0xC0) != 0x80)
				buf_puts(&dots, "•");
		tui_put(t, y, lw, COLS - 1 - lw, TA_NORMAL, dots.ptr, 0);
		move(y, lw + text_width(dots.ptr) < COLS - 1 ? lw + text_width(dots.ptr) : COLS - 2);
		buf_release(&dots);
		curs_set(1);
		refresh();
		int k = tui_getkey(t, &in);
		if (k < 0)
			break;
		if (k > 0)
			continue;
		if (!in.fkey && in.key == 27)
			break;
		if ((!in.fkey && (in.key == '\n' || in.key == '\r')) || (in.fkey && in.key == KEY_ENTER)) {
			*out = keyring_passphrase_dup(io.ptr);
			rc = *out ? 0 : -1;
			break;
		}
		edit_key(&io, &cur, &in, 0);
	}
	curs_set(0);
	/* What was typed is wiped before the buffer goes back to the allocator. */
	for (size_t i = 0; i < io.len; i++)
		io.ptr[i] = 0;
	buf_release(&io);
	return rc;
}

/* The session's key, asking for the passphrase when it is not open yet; NULL (with a message) otherwise. */
static const struct keyring_key *need_key(struct tui *t)
{
	struct jy_err err = JY_ERR_INIT;
	char *pass = NULL;
	if (session_key)
		return session_key;
	if (!t->actor || !t->actor->id) {
		tui_msg(t, 1, "%s", L("不知道你是谁：只读", "cannot tell who you are: read-only"));
		return NULL;
	}
	if (!keyring_has(t->actor->id)) {
		err_set(&err, JY_ENOTFOUND, L("本机没有你的密钥文件", "there is no key file of yours on this machine"));
		err_hint(&err, "key-gen", t->actor->id);
		tui_refusal(t, &err);
		return NULL;
	}
	if (ask_passphrase(t, &pass) != 0)
		return NULL;
	if (keyring_open(&session_key, t->store, t->actor->id, pass, &err) != 0)
		tui_refusal(t, &err);
	else
		tui_msg(t, 0, "%s", L("已打开你的密钥（本次会话有效）", "your key is open (for this session)"));
	keyring_passphrase_free(pass);
	return session_key;
}

/* 1 when every paper is readable without a key (released), 0 when one is sealed. */
static int all_released(struct tui *t, const struct record *exam)
{
	struct vec recs = VEC_INIT(store_item_free);
	int all = paper_list(&recs, t->store, exam, NULL) == 0 && recs.len > 0;
	for (size_t i = 0; all && i < recs.len; i++)
		all = paper_is_released(((struct store_item *)recs.items[i])->rec);
	vec_free(&recs);
	return all;
}

/* ---- the paper beside its check ---- */

struct paperview {
	char *exam;
	char *letter;
	struct list items, check;
	struct list_col icols[5], ccols[4];
	struct paper_body *body;
};

static void pv_free(struct paperview *o)
{
	list_free(&o->items);
	list_free(&o->check);
	paper_body_free(o->body);
	free(o->exam);
	free(o->letter);
	free(o);
}

static int pv_load(struct paperview *o, struct tui *t, struct jy_err *err)
{
	struct record *exam = NULL, *paper = NULL;
	struct buf path = BUF_INIT, cell = BUF_INIT;
	struct vec rows = VEC_INIT(exam_check_row_free);
	int rc = exam_load(&exam, NULL, t->store, o->exam, err);
	if (rc)
		goto cleanup;
	paper_path(&path, eget(exam, "term"), eget(exam, "id"), o->letter);
	if ((rc = store_read(&paper, t->store, path.ptr, err)))
		goto cleanup;
	paper_body_free(o->body);
	o->body = NULL;
	if ((rc = paper_open(&o->body, t->store, exam, paper, session_key, 0, err)))
		goto cleanup;
	list_clear(&o->items);
	for (size_t i = 0; i < o->body->items.len; i++) {
		const struct paper_item *it = o->body->items.items[i];
		struct list_row *row = list_add(&o->items, (void *)it, TA_NORMAL);
		const char *v;
		list_cellf(row, "%zu", i + 1);
		buf_reset(&cell);
		schema_value_label(&cell, schema_field(schema_type("question"), "question", "type"), record_get(it->q, "question", "type"));
		list_cell(row, cell.ptr);
		list_cell(row, record_get(it->q, "question", "points"));
		list_cell(row, (v = record_get(it->q, "question", "chapter")) ? v : "");
		list_cell(row, record_get(it->q, "question", "stem"));
	}
	list_clear(&o->check);
	if (exam_check(&rows, t->store, o->exam, session_key, err) == 0)
		for (size_t i = 0; i < rows.len; i++) {
			const struct exam_check_row *r = rows.items[i];
			struct list_row *row = list_add(&o->check, NULL, r->ok == 0 ? TA_ERROR : TA_NORMAL);
			buf_reset(&cell);
			buf_printf(&cell, "%s %s", r->paper, r->what);
			list_cell(row, cell.ptr);
			list_cell(row, r->target);
			list_cell(row, r->actual);
			list_cell(row, r->ok > 0 ? "✓" : r->ok == 0 ? "✗" : "?");
		}
	err_clear(err);
cleanup:
	record_free(exam);
	record_free(paper);
	buf_release(&path);
	buf_release(&cell);
	vec_free(&rows);
	return rc;
}

struct paper_arg {
	const char *exam, *letter;
};

static int pv_open(struct view *v, void *arg, struct jy_err *err)
{
	const struct paper_arg *a = arg;
	struct paperview *o = xcalloc(1, sizeof(*o));
	const struct list_col ic[5] = {
		{ L("题号", "no."), 4, 4, 1 }, { L("题型", "type"), 6, 6, 0 }, { L("分值", "pts"), 4, 4, 1 },
		{ L("章节", "chapter"), 6, 14, 0 }, { L("题干", "stem"), 10, 0, 0 },
	};
	const struct list_col cc[4] = {
		{ L("要求", "constraint"), 10, 0, 0 }, { L("目标", "target"), 8, 16, 0 }, { L("实际", "actual"), 6, 12, 0 }, { "", 2, 2, 0 },
	};
	memcpy(o->icols, ic, sizeof(ic));
	memcpy(o->ccols, cc, sizeof(cc));
	list_init(&o->items, o->icols, 5, 0);
	list_init(&o->check, o->ccols, 4, 0);
	o->exam = xstrdup(a->exam);
	o->letter = xstrdup(a->letter);
	int rc = pv_load(o, v->tui, err);
	if (rc) {
		pv_free(o);
		return rc;
	}
	v->priv = o;
	return 0;
}

static void pv_close(struct view *v)
{
	pv_free(v->priv);
}

static int pv_reload(struct view *v, struct jy_err *err)
{
	return pv_load(v->priv, v->tui, err);
}

static void pv_draw(struct view *v, const struct tui_rect *r)
{
	struct paperview *o = v->priv;
	struct tui *t = v->tui;
	struct buf b = BUF_INIT;
	buf_printf(&b, L(" %s 卷：%zu 题（s 换掉选中的题，q 返回）", " paper %s: %zu items (s swaps the selected one, q goes back)"), o->letter,
		   o->body->items.len);
	tui_put(t, r->y, r->x, r->w, TA_HEADER, b.ptr, 0);
	buf_release(&b);
	int top = r->h >= 12 ? (r->h - 1) / 2 : r->h - 1;
	struct tui_rect ir = { r->y + 1, r->x, top - 1, r->w };
	list_draw(&o->items, t, &ir, 1);
	if (top >= r->h - 1)
		return;
	attrset(tui_attr(t, TA_DIM));
	mvhline(r->y + top, r->x, ACS_HLINE, r->w);
	attrset(A_NORMAL);
	struct tui_rect cr = { r->y + top + 1, r->x, r->h - top - 1, r->w };
	list_draw(&o->check, t, &cr, 0);
}

static int do_swap(struct tui *t, struct paperview *o)
{
	struct buf q = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	size_t n = o->items.sel + 1;
	const struct keyring_key *k = need_key(t);
	if (!k)
		return TUI_HANDLED;
	if (tui_prompt(t, L("换入的试题编号（已审核，同一题型）：", "the question to put in (approved, same type): "), &q) != 0 || !q.len) {
		buf_release(&q);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (exam_swap(NULL, t->store, t->actor, o->exam, o->letter, (unsigned)n, q.ptr, k, &err) != 0)
		tui_refusal(t, &err);
	else
		tui_msg(t, 0, L("已换掉第 %zu 题并重新密封；下方为重新检查的结果", "item %zu swapped and re-sealed; the check below is new"), n);
	buf_release(&q);
	return TUI_HANDLED | TUI_RELOAD;
}

static const struct tui_key paper_keys[] = {
	{ 's', 0, ACT_SWAP, "s", NULL, NULL },
	TUI_KEYS_END,
};

static int pv_key(struct view *v, const struct tui_input *in)
{
	struct paperview *o = v->priv;
	int fl = list_key(&o->items, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	if (in->action == ACT_SWAP)
		return do_swap(v->tui, o);
	return TUI_UNHANDLED;
}

static const struct tui_key *const paper_keymaps[] = { paper_keys, list_keys, NULL };

static const struct view_ops paper_view_ops = {
	.name = "paper",
	.title_zh = "试卷",
	.title_en = "Paper",
	.keys = paper_keymaps,
	.open = pv_open,
	.close = pv_close,
	.reload = pv_reload,
	.draw = pv_draw,
	.key = pv_key,
};

/* ---- the list of exams ---- */

struct examlist {
	struct list list, detail;
	struct list_col cols[6];
	struct vec items; /* struct store_item * */
	const struct store_item *detail_of;
	int detail_w;
};

/* The latest term first, and in a term the latest exam date first (the one coming up above the ones held). */
static int newest_first(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	int c = strcmp(eget(y->rec, "term") ? eget(y->rec, "term") : "", eget(x->rec, "term") ? eget(x->rec, "term") : "");
	if (!c)
		c = strcmp(eget(y->rec, "date") ? eget(y->rec, "date") : "", eget(x->rec, "date") ? eget(x->rec, "date") : "");
	return c ? c : strcmp(x->id, y->id);
}

static void papers_state(struct buf *out, struct tui *t, const struct record *exam)
{
	struct vec letters = VEC_INIT(free);
	vec_split(&letters, eget(exam, "papers") ? eget(exam, "papers") : "A,B", ',');
	for (size_t i = 0; i < letters.len; i++)
		buf_printf(out, "%s%s %s", i ? " " : "", (char *)letters.items[i],
			   exam_paper_state_label(exam_paper_state(t->store, exam, letters.items[i])));
	vec_free(&letters);
}

static int load(struct examlist *o, struct tui *t, struct jy_err *err)
{
	struct store_query q = { .type = "exam" };
	vec_clear(&o->items);
	list_clear(&o->list);
	o->detail_of = NULL;
	int rc = store_list(&o->items, t->store, &q, NULL, err);
	if (rc)
		return rc;
	vec_sort(&o->items, newest_first);
	for (size_t i = 0; i < o->items.len; i++) {
		const struct store_item *it = o->items.items[i];
		struct list_row *row = list_add(&o->list, (void *)it, TA_NORMAL);
		struct buf b = BUF_INIT;
		list_cell(row, eget(it->rec, "term"));
		list_cell(row, eget(it->rec, "name"));
		list_cell(row, eget(it->rec, "date") ? eget(it->rec, "date") : "");
		list_cell(row, eget(it->rec, "release") ? eget(it->rec, "release") : "");
		papers_state(&b, t, it->rec);
		list_cell(row, b.ptr);
		buf_release(&b);
	}
	return 0;
}

static void detail_lines(struct list *l, struct tui *t, const struct record *e)
{
	struct buf b = BUF_INIT;
	struct vec members = VEC_INIT(free);
	struct exam_blueprint bp;
	struct jy_err err = JY_ERR_INIT;
	buf_printf(&b, L(" %s · 课程 %s · %s %s · %s 分钟", " %s · course %s · %s %s · %s minutes"), eget(e, "name"), eget(e, "course"),
		   eget(e, "date") ? eget(e, "date") : "—", eget(e, "start") ? eget(e, "start") : "", eget(e, "minutes") ? eget(e, "minutes") : "—");
	list_line(l, TA_HEADER, b.ptr);
	buf_reset(&b);
	vec_split(&members, eget(e, "committee"), ',');
	buf_puts(&b, L(" 命题组：", " committee: "));
	for (size_t i = 0; i < members.len; i++)
		buf_printf(&b, "%s%s", i ? L("、", ", ") : "", tui_person_name(t, members.items[i]));
	if (!members.len)
		buf_puts(&b, L("（未指定）", "(not named)"));
	list_line(l, TA_NORMAL, b.ptr);
	buf_reset(&b);
	buf_printf(&b, L(" 启封时间：%s · 试卷：", " release: %s · papers: "), eget(e, "release") ? eget(e, "release") : L("未设定", "not set"));
	papers_state(&b, t, e);
	list_line(l, TA_MARK, b.ptr);
	if (exam_blueprint_read(&bp, e, &err) == 0) {
		buf_reset(&b);
		buf_printf(&b, L(" 双向细目表：%zu 行，合计 %g 分", " blueprint: %zu rows, %g points"), bp.rows.len, exam_blueprint_points(&bp));
		if (bp.dmean_max > 0)
			buf_printf(&b, L("；平均难度 %g–%g", "; mean difficulty %g-%g"), bp.dmean_min, bp.dmean_max);
		buf_printf(&b, L("；章节覆盖 ≥ %u%%", "; coverage ≥ %u%%"), bp.coverage);
		list_line(l, TA_LABEL, b.ptr);
		const struct type_def *et = schema_type("exam");
		for (size_t i = 0; i < bp.rows.len; i++) {
			const struct exam_row *r = bp.rows.items[i];
			char sec[32];
			snprintf(sec, sizeof(sec), "blueprint.%zu", i + 1);
			buf_reset(&b);
			buf_printf(&b, "  %zu. ", i + 1);
			schema_value_label(&b, schema_field(et, sec, "type"), record_get(e, sec, "type"));
			buf_printf(&b, L(" %u 道 × %g 分", " %u × %g points"), r->count, r->points);
			if (record_get(e, sec, "difficulty"))
				buf_printf(&b, L("，难度 %s", ", difficulty %s"), record_get(e, sec, "difficulty"));
			if (record_get(e, sec, "chapters"))
				buf_printf(&b, L("，章节 %s", ", chapters %s"), record_get(e, sec, "chapters"));
			list_line(l, TA_NORMAL, b.ptr);
		}
	} else {
		list_line(l, TA_ERROR, err.msg);
	}
	exam_blueprint_release(&bp);
	struct vec scores = VEC_INIT(store_item_free);
	if (scores_list(&scores, t->store, eget(e, "id"), NULL) == 0 && scores.len) {
		buf_reset(&b);
		buf_puts(&b, L(" 成绩：已报送 ", " scores: reported by "));
		for (size_t i = 0; i < scores.len; i++) {
			const struct record *sr = ((struct store_item *)scores.items[i])->rec;
			long si = record_section_index(sr, "student");
			buf_printf(&b, L("%s%s %zu 人", "%s%s %zu"), i ? L("、", ", ") : "", tui_school_name(t, record_get(sr, "scores", "school")),
				   si < 0 ? (size_t)0 : record_key_count(sr, (size_t)si));
		}
		buf_puts(&b, L("（s 查看成绩分析）", " (s: the results)"));
		list_line(l, TA_MARK, b.ptr);
	}
	vec_free(&scores);
	list_line(l, TA_DIM, "");
	int on = t->actor && t->actor->id && exam_on_committee(e, t->actor->id);
	list_line(l, TA_DIM, on ? L(" 你是命题组成员：a 组卷，Enter 看试卷与检查，k 输入口令，R 启封，S 重新密封",
				    " you are on the committee: a assembles, Enter shows the paper and its check, k passphrase, R releases, S re-seals")
				: L(" 启封之前，试卷内容只有命题组成员能看到", " before release only the committee sees the papers"));
	buf_release(&b);
	vec_free(&members);
}

static int exam_open(struct view *v, void *arg, struct jy_err *err)
{
	struct examlist *o = xcalloc(1, sizeof(*o));
	(void)arg;
	const struct list_col cols[5] = {
		{ L("学期", "term"), 11, 11, 0 }, { L("名称", "name"), 10, 0, 0 }, { L("日期", "date"), 10, 10, 0 },
		{ L("启封时间", "release"), 16, 16, 0 }, { L("试卷", "papers"), 8, 24, 0 },
	};
	memcpy(o->cols, cols, sizeof(cols));
	list_init(&o->list, o->cols, 5, 0);
	o->list.empty = L("（还没有联考：由专业负责人用 jiaoyan exam new 设立）", "(no exams yet: a specialty lead sets one up with jiaoyan exam new)");
	list_init(&o->detail, NULL, 0, 1);
	vec_init(&o->items, store_item_free);
	v->priv = o;
	int rc = load(o, v->tui, err);
	if (rc) {
		list_free(&o->list);
		list_free(&o->detail);
		vec_free(&o->items);
		free(o);
		v->priv = NULL;
	}
	return rc;
}

static void exam_close(struct view *v)
{
	struct examlist *o = v->priv;
	keyring_key_free(session_key);
	session_key = NULL;
	list_free(&o->list);
	list_free(&o->detail);
	vec_free(&o->items);
	free(o);
}

static int exam_reload(struct view *v, struct jy_err *err)
{
	struct examlist *o = v->priv;
	size_t sel = o->list.sel;
	int rc = load(o, v->tui, err);
	if (rc == 0 && sel < o->list.rows.len)
		o->list.sel = sel;
	return rc;
}

static void exam_draw(struct view *v, const struct tui_rect *r)
{
	struct examlist *o = v->priv;
	struct tui *t = v->tui;
	int list_h = r->h >= 10 ? r->h / 3 : r->h;
	struct tui_rect lr = { r->y, r->x, list_h, r->w };
	list_draw(&o->list, t, &lr, 1);
	if (list_h >= r->h)
		return;
	attrset(tui_attr(t, TA_DIM));
	mvhline(r->y + list_h, r->x, ACS_HLINE, r->w);
	attrset(A_NORMAL);
	const struct store_item *it = list_selected(&o->list);
	if (it != o->detail_of || r->w != o->detail_w) {
		list_clear(&o->detail);
		o->detail.top = 0;
		if (it)
			detail_lines(&o->detail, t, it->rec);
		o->detail_of = it;
		o->detail_w = r->w;
	}
	struct tui_rect dr = { r->y + list_h + 1, r->x, r->h - list_h - 1, r->w };
	list_draw(&o->detail, t, &dr, 0);
}

static int committee_only(struct tui *t, const struct record *e)
{
	struct jy_err err = JY_ERR_INIT;
	if (exam_may(t->store, t->actor, e, EXAM_ACT_PAPERS, &err) == 0)
		return 1;
	tui_refusal(t, &err);
	return 0;
}

static int open_paper(struct tui *t, const struct record *e)
{
	struct paper_arg a = { eget(e, "id"), "A" };
	struct vec recs = VEC_INIT(store_item_free);
	paper_list(&recs, t->store, e, NULL);
	if (!recs.len) {
		tui_msg(t, 1, "%s", L("还没有组卷", "not assembled yet"));
		vec_free(&recs);
		return TUI_HANDLED;
	}
	a.letter = paper_letter_upper(record_get(((struct store_item *)recs.items[0])->rec, "paper", "paper"));
	if (!all_released(t, e) && !session_key) {
		if (!t->actor || !t->actor->id || !exam_on_committee(e, t->actor->id)) {
			tui_msg(t, 1, L("已密封：启封时间（%s）之前只有命题组成员能打开", "sealed: before the release time (%s) only the committee opens it"),
				eget(e, "release") ? eget(e, "release") : "—");
			vec_free(&recs);
			return TUI_HANDLED;
		}
		if (!need_key(t)) {
			vec_free(&recs);
			return TUI_HANDLED | TUI_REDRAW;
		}
	}
	tui_push(t, &paper_view_ops, &a);
	vec_free(&recs);
	return TUI_HANDLED;
}

static int do_assemble(struct tui *t, const struct record *e)
{
	struct buf seed = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	const struct keyring_key *k;
	if (!committee_only(t, e) || !(k = need_key(t)))
		return TUI_HANDLED | TUI_REDRAW;
	if (tui_prompt(t, L("随机种子（Enter 为 0）：", "seed (Enter for 0): "), &seed) != 0) {
		buf_release(&seed);
		return TUI_HANDLED | TUI_REDRAW;
	}
	struct exam_assemble_opts opts = { strtoull(seed.ptr, NULL, 10), NULL };
	tui_msg(t, 0, "%s", L("组卷中…", "assembling…"));
	if (exam_assemble(NULL, t->store, t->actor, eget(e, "id"), &opts, k, &err) != 0) {
		tui_alert(t, L("无法组卷", "cannot assemble"), err.msg);
		buf_release(&seed);
		return TUI_HANDLED | TUI_REDRAW;
	}
	buf_release(&seed);
	tui_msg(t, 0, "%s", L("已组卷并密封", "assembled and sealed"));
	store_refresh(t->store, NULL);
	open_paper(t, e);
	return TUI_HANDLED | TUI_RELOAD;
}

static int do_committee_act(struct tui *t, const struct record *e,
			    int (*act)(struct store *, const struct actor *, const char *, const struct keyring_key *, struct jy_err *),
			    const char *done_zh, const char *done_en)
{
	struct jy_err err = JY_ERR_INIT;
	const struct keyring_key *k;
	if (!committee_only(t, e))
		return TUI_HANDLED;
	if (act == exam_release && !exam_released_time(e)) {
		tui_msg(t, 1, L("启封时间（%s）还没到：之前不能启封", "the release time (%s) has not come"), eget(e, "release") ? eget(e, "release") : "—");
		return TUI_HANDLED;
	}
	if (!(k = need_key(t)))
		return TUI_HANDLED | TUI_REDRAW;
	if (act(t->store, t->actor, eget(e, "id"), k, &err) != 0)
		tui_refusal(t, &err);
	else
		tui_msg(t, 0, "%s", L(done_zh, done_en));
	return TUI_HANDLED | TUI_RELOAD;
}

/* The results view of a released exam with scores: the school table, the items, the distribution. */
static int open_results(struct tui *t, const struct record *e)
{
	struct sitting *st = NULL;
	struct jy_err err = JY_ERR_INIT;
	if (sitting_load(&st, t->store, eget(e, "id"), &err) != 0) {
		tui_refusal(t, &err);
		return TUI_HANDLED;
	}
	if (!st->papers.len) {
		tui_msg(t, 1, "%s", all_released(t, e) ? L("还没有学校报送成绩（jiaoyan exam scores import）", "no school has reported scores yet (jiaoyan exam scores import)")
						       : L("试卷启封、各校报送成绩以后才有成绩分析", "results come once the papers are released and the schools report"));
		sitting_free(st);
		return TUI_HANDLED;
	}
	if (view_results_push(t, st->title, st->views, st->papers.len, sitting_free_void, st) != 0)
		return TUI_HANDLED | TUI_REDRAW;
	return TUI_HANDLED;
}

static const struct tui_key exam_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "看试卷与逐项检查（已启封，或命题组成员输入口令后）", "the paper beside its check (released, or a committee member with the passphrase)" },
	{ 'a', 0, ACT_ASSEMBLE, "a", NULL, NULL },
	{ 'k', 0, ACT_UNLOCK, "k", NULL, NULL },
	{ 'R', 0, ACT_RELEASE, "R", NULL, NULL },
	{ 'S', 0, ACT_RESEAL, "S", NULL, NULL },
	{ 's', 0, ACT_RESULTS, "s", NULL, NULL },
	{ 'e', 0, ACT_EDIT, "e", "编辑联考记录（专业负责人或命题组）", "edit the exam's record (its lead or committee)" },
	TUI_KEYS_END,
};

static int exam_key(struct view *v, const struct tui_input *in)
{
	struct examlist *o = v->priv;
	struct tui *t = v->tui;
	int fl = list_key(&o->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	const struct store_item *it = list_selected(&o->list);
	if (!it && in->action != ACT_NONE && in->action != ACT_UNLOCK)
		return TUI_UNHANDLED;
	switch (in->action) {
	case ACT_OPEN:
		return open_paper(t, it->rec);
	case ACT_ASSEMBLE:
		return do_assemble(t, it->rec);
	case ACT_UNLOCK:
		need_key(t);
		return TUI_HANDLED | TUI_REDRAW;
	case ACT_RELEASE:
		return do_committee_act(t, it->rec, exam_release, "已启封：各校现在都可以打印试卷", "released: every school can print now");
	case ACT_RESEAL:
		return do_committee_act(t, it->rec, exam_reseal, "已用新的文件密钥重新密封", "re-sealed with a new file key");
	case ACT_RESULTS:
		return open_results(t, it->rec);
	case ACT_EDIT:
		return tui_edit_record(t, it->path);
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const exam_keymaps[] = { exam_keys, list_keys, NULL };

const struct view_ops view_exam_ops = {
	.name = "exam",
	.title_zh = "联考",
	.title_en = "Exams",
	.keys = exam_keymaps,
	.open = exam_open,
	.close = exam_close,
	.reload = exam_reload,
	.draw = exam_draw,
	.key = exam_key,
};
