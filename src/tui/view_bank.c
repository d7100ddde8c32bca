/* view_bank: the 题库 tab — items filtered by specialty, course, chapter, type, difficulty, level and state; the item as a student sees it; add, edit, review, retire, paste. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/bank.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/records.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

extern const struct view_ops view_bank_ops;
static const struct view_ops bank_detail_ops;

static const char *const type_values[] = { "single", "multiple", "truefalse", "fill", "short", "practical" };

static const struct type_def *qt(void)
{
	return schema_type("question");
}

static const char *qget(const struct record *q, const char *key)
{
	return record_get(q, "question", key);
}

static void qlabel(struct buf *out, const char *key, const char *v)
{
	if (v)
		schema_value_label(out, schema_field(qt(), "question", key), v);
}

static enum tui_role state_role(int st)
{
	switch (st) {
	case BANK_APPROVED:
		return TA_BAR;
	case BANK_RETURNED:
		return TA_ERROR;
	case BANK_RETIRED:
	case BANK_SUPERSEDED:
		return TA_DIM;
	default:
		return TA_NORMAL;
	}
}

/* The domain decides (bank_may); the TUI only says it. */
static int may(struct tui *t, const struct record *q, enum bank_act act, int say)
{
	struct jy_err err = JY_ERR_INIT;
	if (bank_may(t->store, t->actor, q, act, &err) == 0)
		return 1;
	if (say)
		tui_refusal(t, &err);
	return 0;
}

/* What the person may do with the item now, in the TUI's keys: the domain says which. */
static void action_line(struct buf *b, struct tui *t, const struct record *q)
{
	if (may(t, q, BANK_ACT_APPROVE, 0) || may(t, q, BANK_ACT_RETURN, 0))
		buf_puts(b, L("  v 审核（通过或退回）", "  v review (approve or return)"));
	if (may(t, q, BANK_ACT_EDIT, 0))
		buf_puts(b, bank_state_of(qget(q, "state")) == BANK_APPROVED ? L("  e 修改（生成新版本）", "  e edit (new version)")
									     : L("  e 修改", "  e edit"));
	if (may(t, q, BANK_ACT_RETIRE, 0))
		buf_puts(b, L("  x 停用", "  x retire"));
}

/* The item as a student sees it, the answer marked below, then who wrote and reviewed it. */
static void detail_lines(struct list *l, struct tui *t, const struct record *q, int width)
{
	struct vec lines = VEC_INIT(question_line_free);
	struct buf b = BUF_INIT;
	struct bank_usage use;
	const char *v;
	buf_puts(&b, " ");
	qlabel(&b, "type", qget(q, "type"));
	buf_printf(&b, L(" · 难度 %s", " · difficulty %s"), qget(q, "difficulty") ? qget(q, "difficulty") : "?");
	if ((v = qget(q, "level"))) {
		buf_puts(&b, " · ");
		qlabel(&b, "level", v);
	}
	buf_printf(&b, L(" · %s 分 · 第 %s 版 · ", " · %s points · version %s · "), qget(q, "points") ? qget(q, "points") : "?",
		   qget(q, "version") ? qget(q, "version") : "?");
	qlabel(&b, "state", qget(q, "state"));
	buf_printf(&b, L(" · 命题：%s（%s）", " · by %s (%s)"), tui_person_name(t, qget(q, "author")), tui_school_name(t, qget(q, "school")));
	list_line(l, TA_HEADER, b.ptr);
	buf_reset(&b);
	buf_printf(&b, L(" 章节：%s · 知识点：%s", " chapter: %s · point: %s"), (v = qget(q, "chapter")) ? v : "—",
		   qget(q, "point") ? qget(q, "point") : "—");
	list_line(l, TA_DIM, b.ptr);
	/* What past sittings say, near the top where an examiner choosing items sees it; each sitting at the end. */
	int have_use = bank_usage(&use, t->store, qget(q, "id"), NULL) == 0;
	if (have_use && use.uses.len) {
		buf_reset(&b);
		buf_printf(&b, L(" 用于 %zu 份已启封的试卷", " in %zu released papers"), use.uses.len);
		if (use.has_stats) {
			buf_puts(&b, L(" · 按人数加权 P ", " · weighted P "));
			itemstats_fmt(&b, use.p, 2);
			buf_puts(&b, " D ");
			itemstats_fmt(&b, use.d, 2);
			buf_printf(&b, " %s", itemstats_ebel_label(itemstats_ebel(use.d)));
		} else {
			buf_puts(&b, L(" · 尚无成绩", " · no scores yet"));
		}
		list_line(l, TA_LABEL, b.ptr);
	}
	buf_reset(&b);
	action_line(&b, t, q);
	if (b.len)
		list_line(l, TA_MARK, b.ptr);
	list_line(l, TA_NORMAL, "");
	question_render(&lines, q, 1);
	for (size_t i = 0; i < lines.len; i++) {
		const struct question_line *ql = lines.items[i];
		static const enum tui_role roles[] = { TA_NORMAL, TA_NORMAL, TA_MARK, TA_MARK, TA_LABEL, TA_LABEL, TA_LABEL, TA_NORMAL };
		const char *indent = ql->kind == QL_OPTION || ql->kind == QL_OPTION_RIGHT ? "   " : " ";
		buf_reset(&b);
		buf_printf(&b, "%s%s", ql->kind == QL_OPTION_RIGHT ? "✔ " : "", ql->text);
		tui_wrap_lines(l, roles[ql->kind], indent, b.ptr, width);
	}
	list_line(l, TA_NORMAL, "");
	if (have_use)
		list_line(l, TA_DIM, use.uses.len ? L(" 使用情况：", " usage:") : L(" 使用情况：还没有用在已启封的试卷中", " usage: in no released paper yet"));
	for (size_t i = 0; have_use && i < use.uses.len; i++) {
		const struct sitting_use *u = use.uses.items[i];
		buf_reset(&b);
		buf_printf(&b, L("  %s %s %s 卷第 %u 题 · ", "  %s %s paper %s no. %u · "), *u->date ? u->date : u->term, u->name, u->paper, u->no);
		if (u->n) {
			buf_puts(&b, "P ");
			itemstats_fmt(&b, u->p, 2);
			buf_puts(&b, " D ");
			itemstats_fmt(&b, u->d, 2);
			buf_printf(&b, L("（%zu 人）", " (%zu)"), u->n);
		} else {
			buf_puts(&b, L("尚无成绩", "no scores yet"));
		}
		list_line(l, TA_DIM, b.ptr);
	}
	bank_usage_release(&use);
	if ((v = qget(q, "similar"))) {
		buf_reset(&b);
		buf_printf(&b, L(" 相似题（命题人已确认不重复）：%s", " similar items (confirmed different): %s"), v);
		list_line(l, TA_DIM, b.ptr);
	}
	if ((v = qget(q, "previous"))) {
		buf_reset(&b);
		buf_printf(&b, L(" 上一版本：%s", " previous version: %s"), v);
		list_line(l, TA_DIM, b.ptr);
	}
	if ((v = qget(q, "superseded_by"))) {
		buf_reset(&b);
		buf_printf(&b, L(" 已被新版本 %s 替代", " superseded by %s"), v);
		list_line(l, TA_DIM, b.ptr);
	}
	for (size_t n = 1;; n++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "review.%zu", n);
		if (!record_has_section(q, sec))
			break;
		if (n == 1)
			list_line(l, TA_HEADER, L(" 审核记录", " Reviews"));
		buf_reset(&b);
		buf_printf(&b, "  %s  %s  ", record_get(q, sec, "at") ? record_get(q, sec, "at") : "",
			   tui_person_name(t, record_get(q, sec, "reviewer")));
		schema_value_label(&b, schema_field(qt(), sec, "verdict"), record_get(q, sec, "verdict"));
		if ((v = record_get(q, sec, "comment")))
			buf_printf(&b, L("：%s", ": %s"), v);
		tui_wrap_lines(l, TA_NORMAL, "", b.ptr, width);
	}
	vec_free(&lines);
	buf_release(&b);
}

/* ---- the add / edit form ---- */

struct qform {
	char *id;    /* editing: the item's id; adding: NULL */
	int type;    /* enum question_type */
	char *course;
};

static void qform_free(void *p)
{
	struct qform *c = p;
	free(c->id);
	free(c->course);
	free(c);
}

static const char letters[] = "ABCDEFGH";

static size_t option_fields(const struct form *f)
{
	size_t n = 0;
	for (size_t i = 0; i < f->fields.len; i++)
		n += strncmp(((struct form_field *)f->fields.items[i])->name, "options.", 8) == 0;
	return n;
}

static void add_option_field(struct form *f, size_t at, size_t k, const char *value)
{
	char name[16], label[32];
	snprintf(name, sizeof(name), "options.%c", letters[k]);
	snprintf(label, sizeof(label), L("选项 %c", "option %c"), letters[k]);
	form_add(f, FORM_TEXT, name, label, value);
	/* form_add appends: move the new field to its place among the options. */
	void *fld = vec_pop(&f->fields);
	vec_insert(&f->fields, at, fld);
}

/* Checks one field as the import would; a filled last option brings the next one (up to H). */
static char *qform_check(struct form *f, struct form_field *fld, void *ctx)
{
	struct record *tmp = record_new();
	struct jy_err err = JY_ERR_INIT;
	char *msg = NULL;
	(void)ctx;
	if (strcmp(fld->name, "course") == 0)
		msg = fld->value.len ? NULL : xstrdup(L("请选择课程", "pick a course"));
	else if (question_cell(tmp, fld->name, fld->value.ptr, &err) != 0)
		msg = xstrdup(err.msg);
	record_free(tmp);
	size_t n = option_fields(f);
	if (!msg && strncmp(fld->name, "options.", 8) == 0 && fld->value.len && fld->name[8] == letters[n - 1] && n < QUESTION_MAX_OPTIONS &&
	    f->focus < f->fields.len && f->fields.items[f->focus] == fld)
		add_option_field(f, f->focus + 1, n, "");
	return msg;
}

static int qform_submit(struct tui *t, struct form *f, void *vctx, struct jy_err *err)
{
	struct qform *c = vctx;
	struct record *q = record_new();
	struct buf id = BUF_INIT;
	int rc = 0;
	record_set(q, "question", "type", type_values[c->type]);
	for (size_t i = 0; i < f->fields.len && rc == 0; i++) {
		struct form_field *fld = f->fields.items[i];
		if (strcmp(fld->name, "course") == 0)
			continue;
		rc = question_cell(q, fld->name, fld->value.ptr, err);
		if (rc) {
			free(fld->error);
			fld->error = xstrdup(err->msg);
		}
	}
	const char *course = form_find(f, "course") ? form_find(f, "course")->value.ptr : c->course;
	if (rc == 0 && !c->id)
		record_set(q, "question", "course", course);
	for (int force = 0; rc == 0 && force < 2; force++) {
		rc = c->id ? bank_edit(&id, t->store, t->actor, c->id, q, force, err) : bank_add(&id, t->store, t->actor, q, force, err);
		if (rc != JY_EEXISTS || strcmp(err->hint, "bank-force") != 0 || force)
			break;
		/* A near match: the person decides, having seen the numbers. */
		struct buf ask = BUF_INIT;
		buf_printf(&ask, L("%s\n\ny 不是同一道题，仍然保存（记入相似题）/ n 返回修改", "%s\n\ny it is a different question, save it / n go back"),
			   err->msg);
		int k = tui_ask(t, ask.ptr, "yn");
		buf_release(&ask);
		if (k != 'y') {
			/* Back to the form, the reason under the stem (a message there, not a box to dismiss). */
			struct form_field *stem = form_find(f, "stem");
			if (stem) {
				free(stem->error);
				stem->error = xstrdup(L("与已有试题相似：改写题干，或再按 Ctrl-S 确认不是同一道题", "similar to an existing item: reword it, or Ctrl-S again to confirm"));
			}
			break;
		}
		err_clear(err);
		rc = 0;
	}
	if (rc == 0) {
		buf_set(&t->select_id, id.ptr);
		if (c->id && strcmp(id.ptr, c->id) != 0)
			tui_msg(t, 0, L("已生成新版本 %s（草稿，审核通过后替代原版）", "new version %s (a draft; replaces the old one once approved)"), id.ptr);
		else
			tui_msg(t, 0, c->id ? L("已保存 %s", "saved %s") : L("已添加 %s（草稿，等待本专业另一位命题教师审核）", "added %s (a draft awaiting review)"),
				id.ptr);
	}
	record_free(q);
	buf_release(&id);
	return rc;
}

static void course_options(struct form_field *fld, struct tui *t)
{
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { .type = "course" };
	if (store_list(&items, t->store, &q, NULL, NULL) == 0)
		for (size_t i = 0; i < items.len; i++) {
			const struct store_item *it = items.items[i];
			const char *name = record_get(it->rec, "course", "name");
			struct buf label = BUF_INIT;
			buf_printf(&label, "%s %s", it->id, name ? name : "");
			form_option(fld, it->id, label.ptr, label.ptr);
			buf_release(&label);
		}
	vec_free(&items);
}

static void enum_pick(struct form *f, const char *key, const char *label, const char *value, int optional)
{
	struct form_field *fld = form_add(f, FORM_PICK, key, label, value ? value : "");
	if (optional)
		form_option(fld, "", L("（不填）", "(none)"), NULL);
	form_enum_options(fld, schema_field(qt(), "question", key));
	fld->suffix = xstrdup(L("←→ 选择", "←→ to choose"));
}

/* The form of one type: its own fields only (options for choices, a rubric for practicals). */
/* The options A… a draft holds values for (so that the form has a field for each). */
static size_t draft_options(const struct record *draft)
{
	size_t n = 0;
	for (size_t k = 0; draft && k < QUESTION_MAX_OPTIONS; k++) {
		char name[16];
		snprintf(name, sizeof(name), "options.%c", letters[k]);
		const char *v = record_get(draft, "field", name);
		if (v && *v)
			n = k + 1;
	}
	return n;
}

static int open_form(struct tui *t, int type, const char *course, const struct record *q, const struct record *draft)
{
	struct buf title = BUF_INIT, lab = BUF_INIT;
	qlabel(&lab, "type", type_values[type]);
	if (q)
		buf_printf(&title, L("修改%s %s（Ctrl-S 保存，Esc 放弃）", "Edit %s %s (Ctrl-S saves, Esc discards)"), lab.ptr, qget(q, "id"));
	else
		buf_printf(&title, L("新增%s（Ctrl-S 保存为草稿，Esc 放弃）", "New %s (Ctrl-S saves a draft, Esc discards)"), lab.ptr);
	struct form *f = form_new(title.ptr);
	struct form_field *fld;
	if (!q) {
		fld = form_add(f, FORM_PICK, "course", L("课程", "course"), course ? course : "");
		course_options(fld, t);
	}
	fld = form_add(f, FORM_PICK, "difficulty", L("难度", "difficulty"), q ? qget(q, "difficulty") : "3");
	for (int d = 1; d <= 5; d++) {
		static const char *const names[] = { "1 易", "2 较易", "3 中等", "4 较难", "5 难" };
		static const char *const en[] = { "1 easy", "2", "3 medium", "4", "5 hard" };
		char v[2] = { (char)('0' + d), 0 };
		form_option(fld, v, L(names[d - 1], en[d - 1]), NULL);
	}
	fld->suffix = xstrdup(L("←→ 选择", "←→ to choose"));
	enum_pick(f, "level", L("认知层次", "level"), q ? qget(q, "level") : "", 1);
	fld = form_add(f, FORM_TEXT, "chapter", L("章节", "chapter"), q ? qget(q, "chapter") : "");
	fld = form_add(f, FORM_TEXT, "point", L("知识点", "knowledge point"), q ? qget(q, "point") : "");
	fld = form_add(f, FORM_MULTI, "stem", L("题干", "stem"), q ? qget(q, "stem") : "");
	fld->rows = 3;
	if (question_is_choice(type)) {
		size_t n = q ? question_option_count(q) : 0;
		if (draft_options(draft) > n)
			n = draft_options(draft);
		size_t shown = n < 4 ? 4 : n + (n < QUESTION_MAX_OPTIONS);
		for (size_t k = 0; k < shown; k++) {
			char key[2] = { letters[k], 0 };
			add_option_field(f, f->fields.len, k, q ? record_get(q, "options", key) : "");
		}
		fld = form_add(f, FORM_TEXT, "answer", L("答案", "answer"), q ? qget(q, "answer") : "");
		fld->suffix = xstrdup(type == QUESTION_SINGLE ? L("一个字母，如 B", "one letter, e.g. B") : L("几个字母，如 ACD", "letters, e.g. ACD"));
	} else if (type == QUESTION_TRUEFALSE) {
		fld = form_add(f, FORM_PICK, "answer", L("答案", "answer"), q ? qget(q, "answer") : QUESTION_TRUE);
		form_option(fld, QUESTION_TRUE, QUESTION_TRUE, "正确 对 true");
		form_option(fld, QUESTION_FALSE, QUESTION_FALSE, "错误 错 false");
		fld->suffix = xstrdup(L("←→ 选择", "←→ to choose"));
	} else {
		fld = form_add(f, FORM_MULTI, "answer", type == QUESTION_FILL ? L("答案", "answers") : L("参考答案", "reference answer"),
			       q ? qget(q, "answer") : "");
		fld->rows = 2;
		if (type == QUESTION_FILL) {
			fld->suffix = xstrdup(L("每行一个可接受的答案", "one accepted answer a line"));
			fld = form_add(f, FORM_PICK, "numeric", L("数值答案", "numeric"), q ? qget(q, "numeric") : "");
			form_option(fld, "", L("否（文字）", "no (text)"), NULL);
			form_option(fld, "yes", L("是：3.14、3.14±0.01 或 1..5", "yes: 3.14, 3.14±0.01 or 1..5"), NULL);
		}
	}
	fld = form_add(f, FORM_TEXT, "points", L("分值", "points"), q ? qget(q, "points") : type == QUESTION_PRACTICAL ? "20" : type == QUESTION_SHORT ? "10" : "2");
	fld->width = 8;
	if (type == QUESTION_SHORT || type == QUESTION_PRACTICAL) {
		fld = form_add(f, FORM_MULTI, "rubric", L("评分标准", "rubric"), q ? qget(q, "rubric") : "");
		fld->rows = 2;
	}
	fld = form_add(f, FORM_MULTI, "explanation", L("解析", "explanation"), q ? qget(q, "explanation") : "");
	fld->rows = 2;
	f->check = qform_check;
	struct qform *c = xcalloc(1, sizeof(*c));
	c->type = type;
	c->id = q ? xstrdup(qget(q, "id")) : NULL;
	c->course = xstrdup(course ? course : "");
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = qform_submit;
	spec.ctx = c;
	spec.ctx_free = qform_free;
	spec.discard_zh = "放弃这道题的修改吗？";
	spec.discard_en = "Discard this question?";
	/* A dropped connection loses nothing: the draft says which form to rebuild (type|course|id). */
	struct buf arg = BUF_INIT;
	buf_printf(&arg, "%s|%s|%s", type_values[type], course ? course : "", q ? qget(q, "id") : "");
	spec.draft_kind = "question";
	spec.draft_arg = arg.ptr;
	if (draft)
		draft_apply(f, draft);
	buf_release(&title);
	buf_release(&lab);
	int rc = form_view_push(t, &spec);
	buf_release(&arg);
	return rc == 0 ? TUI_HANDLED : TUI_HANDLED | TUI_REDRAW;
}

static int do_add(struct tui *t, const char *course)
{
	struct record *proto = record_new();
	record_set(proto, "question", "course", course ? course : "");
	int ok = may(t, proto, BANK_ACT_ADD, 1);
	record_free(proto);
	if (!ok)
		return TUI_HANDLED;
	int k = tui_ask(t, L("新增哪种题型？\n\n1 单选题  2 多选题  3 判断题  4 填空题  5 简答题  6 实操题",
			     "Which type?\n\n1 single  2 multiple  3 true/false  4 fill in  5 short answer  6 practical"),
			"123456");
	if (k < '1' || k > '6')
		return TUI_HANDLED;
	return open_form(t, k - '1', course, NULL, NULL);
}

static int do_edit(struct tui *t, const struct record *q)
{
	if (!may(t, q, BANK_ACT_EDIT, 1))
		return TUI_HANDLED;
	return open_form(t, question_type_of(qget(q, "type")), qget(q, "course"), q, NULL);
}

/* ---- review and retire ---- */

static int review_submit(struct tui *t, struct form *f, void *vctx, struct jy_err *err)
{
	const char *id = vctx, *verdict = form_find(f, "verdict")->value.ptr;
	int approve = strcmp(verdict, "approve") == 0;
	if (!approve && strcmp(verdict, "return") != 0)
		return err_set(err, JY_EINVAL, "%s", L("请选择：通过或退回", "pick approve or return"));
	int rc = bank_review(t->store, t->actor, id, approve ? BANK_APPROVE : BANK_RETURN, form_find(f, "comment")->value.ptr, err);
	if (rc == 0)
		tui_msg(t, 0, approve ? L("已审核通过 %s", "approved %s") : L("已退回 %s，等待命题人修改", "returned %s to its author"), id);
	return rc;
}

static int do_review(struct tui *t, const struct record *q)
{
	int ok_approve = may(t, q, BANK_ACT_APPROVE, 0), ok_return = may(t, q, BANK_ACT_RETURN, 0);
	if (!ok_approve && !ok_return) {
		may(t, q, BANK_ACT_APPROVE, 1);
		return TUI_HANDLED;
	}
	struct buf title = BUF_INIT;
	buf_printf(&title, L("审核试题 %s（Ctrl-S 记录结论，Esc 取消）", "Review %s (Ctrl-S records the verdict, Esc cancels)"), qget(q, "id"));
	struct form *f = form_new(title.ptr);
	buf_release(&title);
	struct form_field *fld = form_add(f, FORM_PICK, "verdict", L("审核结论", "verdict"), ok_approve ? "approve" : "return");
	if (ok_approve)
		form_option(fld, "approve", L("通过", "approve"), "approve 通过 tongguo");
	if (ok_return)
		form_option(fld, "return", L("退回修改", "return for changes"), "return 退回 tuihui");
	fld->suffix = xstrdup(L("←→ 选择", "←→ to choose"));
	fld = form_add(f, FORM_MULTI, "comment", L("审核意见", "comment"), "");
	fld->rows = 3;
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = review_submit;
	spec.ctx = xstrdup(qget(q, "id"));
	spec.ctx_free = free;
	spec.discard_zh = "放弃这次审核意见吗？";
	spec.discard_en = "Discard this review?";
	form_view_push(t, &spec);
	return TUI_HANDLED;
}

static int do_retire(struct tui *t, const struct record *q)
{
	struct buf comment = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	if (!may(t, q, BANK_ACT_RETIRE, 1))
		return TUI_HANDLED;
	if (tui_prompt(t, L("停用原因（可不填，Enter 确认，Esc 取消）：", "why retire it (optional; Enter confirms, Esc cancels): "), &comment) != 0) {
		buf_release(&comment);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (bank_review(t->store, t->actor, qget(q, "id"), BANK_RETIRE, comment.ptr, &err) != 0)
		tui_refusal(t, &err);
	else
		tui_msg(t, 0, L("已停用 %s", "retired %s"), qget(q, "id"));
	buf_release(&comment);
	return TUI_HANDLED | TUI_RELOAD;
}

/* ---- paste: rows copied from Excel ---- */

static int do_paste(struct tui *t, const char *course)
{
	struct vec items = VEC_INIT(question_item_free), problems = VEC_INIT(free);
	struct bank_import_result res;
	struct jy_err err = JY_ERR_INIT;
	struct bank_course c = { 0 };
	struct buf msg = BUF_INIT;
	int fl = TUI_HANDLED | TUI_REDRAW;
	bank_import_init(&res);
	if (!course || !*course) {
		tui_alert(t, L("先选课程", "Pick a course first"),
			  L("粘贴的试题加入哪门课程的题库？先按 f 选定课程，再粘贴。", "Which course's bank? Pick the course with f, then paste."));
		goto cleanup;
	}
	if (bank_course(&c, t->store, course, &err) != 0) {
		tui_refusal(t, &err);
		goto cleanup;
	}
	if (question_csv_read(&items, &problems, t->paste.ptr, t->paste.len, '\t', &err) != 0 || !items.len) {
		for (size_t i = 0; i < problems.len && i < 12; i++)
			buf_printf(&msg, "%s\n", (char *)problems.items[i]);
		buf_puts(&msg, items.len || problems.len ? err.msg : L("没有读到试题（列的顺序见模板：题型 难度 章节 …）", "no questions found (columns as in the template)"));
		tui_alert(t, L("没有添加", "Nothing added"), msg.ptr);
		goto cleanup;
	}
	buf_printf(&msg, L("粘贴了 %zu 道题，格式都没有问题。\n\n加入《%s》的题库（草稿，须经审核）？ y 添加 / n 取消",
			   "%zu questions pasted, all well-formed.\n\nAdd them to %s (as drafts awaiting review)? y add / n cancel"),
		   items.len, c.name);
	if (tui_ask(t, msg.ptr, "yn") != 'y')
		goto cleanup;
	int rc = bank_add_items(&res, t->store, t->actor, c.code, &items, 0, 0, L("粘贴", "paste "), &err);
	if (rc == JY_EINVAL && strcmp(err.hint, "bank-force") == 0) {
		buf_reset(&msg);
		for (size_t i = 0; i < res.problems.len && i < 8; i++)
			buf_printf(&msg, "%s\n", (char *)res.problems.items[i]);
		buf_puts(&msg, L("\ny 都不是同一道题，仍然全部添加 / n 取消", "\ny they are all different questions: add them / n cancel"));
		if (tui_ask(t, msg.ptr, "yn") != 'y')
			goto cleanup;
		bank_import_release(&res);
		bank_import_init(&res);
		err_clear(&err);
		rc = bank_add_items(&res, t->store, t->actor, c.code, &items, 0, 1, L("粘贴", "paste "), &err);
	}
	if (rc) {
		buf_reset(&msg);
		for (size_t i = 0; i < res.problems.len && i < 12; i++)
			buf_printf(&msg, "%s\n", (char *)res.problems.items[i]);
		buf_puts(&msg, err.msg);
		tui_alert(t, L("没有添加", "Nothing added"), msg.ptr);
		goto cleanup;
	}
	tui_msg(t, 0, L("已添加 %zu 道题（草稿）", "added %zu questions (drafts)"), res.ids.len);
	fl |= TUI_RELOAD;
cleanup:
	vec_free(&items);
	vec_free(&problems);
	bank_import_release(&res);
	bank_course_release(&c);
	buf_release(&msg);
	return fl;
}

/* ---- the detail page (pushed; arg: the item's path) ---- */

static void build(struct list *out, struct tui *t, const char *path, const struct record *r, int width)
{
	(void)path;
	detail_lines(out, t, r, width);
}

static int bd_open(struct view *v, void *arg, struct jy_err *err)
{
	struct tui_page *p = NULL;
	int rc = tui_page_new(&p, v->tui, arg, build, err);
	v->priv = p;
	return rc;
}

static void bd_close(struct view *v)
{
	tui_page_free(v->priv);
}

static int bd_reload(struct view *v, struct jy_err *err)
{
	return tui_page_reload(v->priv, v->tui, err);
}

static void bd_draw(struct view *v, const struct tui_rect *r)
{
	tui_page_draw(v->priv, v->tui, r);
}

static const struct tui_key item_keys[] = {
	{ 'e', 0, ACT_EDIT, "e", "修改试题（已审核的生成新版本，审核通过后替代原版）", "edit (an approved item gets a new version)" },
	{ 'v', 0, ACT_REVIEW, "v", "审核：通过或退回修改（本专业的另一位命题教师）", "review: approve or return (another examiner of the specialty)" },
	{ 'x', 0, ACT_RETIRE, "x", "停用试题（不再用于组卷，记录保留）", "retire the item (no longer drawn; kept)" },
	TUI_KEYS_END,
};

static int item_key(struct tui *t, const struct record *q, const struct tui_input *in)
{
	switch (in->action) {
	case ACT_EDIT:
		return do_edit(t, q);
	case ACT_REVIEW:
		return do_review(t, q);
	case ACT_RETIRE:
		return do_retire(t, q);
	default:
		return TUI_UNHANDLED;
	}
}

/* The hint line offers e, v, x only as bank_may allows them on the item (as action_line says). */
static int item_offers(struct tui *t, const struct record *q, enum tui_action a)
{
	switch (a) {
	case ACT_EDIT:
		return q && may(t, q, BANK_ACT_EDIT, 0);
	case ACT_REVIEW:
		return q && (may(t, q, BANK_ACT_APPROVE, 0) || may(t, q, BANK_ACT_RETURN, 0));
	case ACT_RETIRE:
		return q && may(t, q, BANK_ACT_RETIRE, 0);
	default:
		return 1;
	}
}

static int bd_offers(struct view *v, enum tui_action a)
{
	struct tui_page *d = v->priv;
	return item_offers(v->tui, d->rec, a);
}

static int bd_key(struct view *v, const struct tui_input *in)
{
	struct tui_page *d = v->priv;
	int fl = list_key(&d->lines, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	return item_key(v->tui, d->rec, in);
}

static const struct tui_key *const bd_keymaps[] = { item_keys, pager_keys, NULL };

static const struct view_ops bank_detail_ops = {
	.name = "question",
	.title_zh = "试题",
	.title_en = "Question",
	.keys = bd_keymaps,
	.offers = bd_offers,
	.open = bd_open,
	.close = bd_close,
	.reload = bd_reload,
	.draw = bd_draw,
	.key = bd_key,
};

/* ---- the tab ---- */

struct bankfilter {
	char *specialty, *course, *chapter, *type, *level, *state, *difficulty; /* owned; "" = any */
};

struct banklist {
	struct list list;
	struct list_col cols[7];
	struct vec items; /* struct store_item *, owned */
	struct bankfilter filter;
	size_t by_state[5];
	struct list detail;
	const void *detail_of;
	int detail_w;
};

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v ? v : "");
}

static int same_id(const void *data, const void *ctx)
{
	return strcmp(((const struct store_item *)data)->id, ctx) == 0;
}

static int load(struct banklist *o, struct tui *t, struct jy_err *err)
{
	const struct store_item *sel = list_selected(&o->list);
	char *keep = sel ? xstrdup(sel->id) : NULL;
	struct bankfilter *fl = &o->filter;
	struct bank_filter f = { .specialty = fl->specialty, .course = fl->course, .chapter = fl->chapter,
				 .type = fl->type, .level = fl->level, .state = fl->state, .difficulty = atoi(fl->difficulty) };
	list_clear(&o->list);
	o->detail_of = NULL;
	vec_clear(&o->items);
	memset(o->by_state, 0, sizeof(o->by_state));
	int rc = bank_list(&o->items, t->store, &f, err);
	for (size_t i = 0; i < o->items.len; i++) {
		const struct store_item *it = o->items.items[i];
		const struct record *q = it->rec;
		int st = bank_state_of(qget(q, "state"));
		struct bank_usage use;
		struct buf b = BUF_INIT;
		if (st >= 0)
			o->by_state[st]++;
		struct list_row *row = list_add(&o->list, (void *)it, state_role(st));
		qlabel(&b, "type", qget(q, "type"));
		list_cell(row, b.ptr);
		list_cell(row, qget(q, "difficulty") ? qget(q, "difficulty") : "");
		buf_reset(&b);
		qlabel(&b, "level", qget(q, "level"));
		list_cell(row, b.ptr);
		list_cell(row, qget(q, "chapter") ? qget(q, "chapter") : "");
		list_cell(row, qget(q, "stem") ? qget(q, "stem") : "");
		buf_reset(&b);
		qlabel(&b, "state", qget(q, "state"));
		list_cell(row, b.ptr);
		buf_reset(&b);
		if (bank_usage(&use, t->store, it->id, NULL) == 0) {
			if (use.papers.len)
				buf_printf(&b, "%zu", use.papers.len);
			else
				buf_puts(&b, "—");
			bank_usage_release(&use);
		}
		list_cell(row, b.ptr);
		/* `/` finds stems, options, knowledge points and ids. */
		buf_reset(&b);
		buf_printf(&b, "%s\n%s\n", it->id, qget(q, "point") ? qget(q, "point") : "");
		long oi = record_section_index(q, "options");
		for (size_t j = 0; oi >= 0 && j < record_key_count(q, (size_t)oi); j++)
			buf_printf(&b, "%s\n", record_value(q, (size_t)oi, j));
		row->extra = buf_detach(&b);
	}
	if (t->select_id.len)
		list_select(&o->list, same_id, t->select_id.ptr);
	else if (keep)
		list_select(&o->list, same_id, keep);
	free(keep);
	return rc;
}

static void filter_free(struct bankfilter *f)
{
	free(f->specialty);
	free(f->course);
	free(f->chapter);
	free(f->type);
	free(f->level);
	free(f->state);
	free(f->difficulty);
}

static int bank_open(struct view *v, void *arg, struct jy_err *err)
{
	struct tui *t = v->tui;
	struct banklist *o = xcalloc(1, sizeof(*o));
	(void)arg;
	const struct list_col cols[7] = {
		{ L("题型", "type"), 6, 6, 0 },      { L("难度", "diff."), 4, 4, 1 }, { L("层次", "level"), 4, 6, 0 },
		{ L("章节", "chapter"), 6, 14, 0 },  { L("题干", "stem"), 10, 0, 0 }, { L("状态", "state"), 6, 8, 0 },
		{ L("使用", "used"), 4, 4, 1 },
	};
	memcpy(o->cols, cols, sizeof(cols));
	list_init(&o->list, o->cols, 7, 0);
	o->list.empty = L("（没有符合条件的试题：a 新增，f 改筛选条件，也可以粘贴 Excel 中的行）",
			  "(no questions: a adds one, f changes the filter, or paste rows from Excel)");
	list_init(&o->detail, NULL, 0, 1);
	vec_init(&o->items, store_item_free);
	/* One's own specialty first: the bank one works on. */
	o->filter.specialty = xstrdup(t->actor && t->actor->specialties.len ? (char *)t->actor->specialties.items[0] : "");
	o->filter.course = xstrdup("");
	o->filter.chapter = xstrdup("");
	o->filter.type = xstrdup("");
	o->filter.level = xstrdup("");
	o->filter.state = xstrdup("");
	o->filter.difficulty = xstrdup("");
	v->priv = o;
	if (load(o, t, err) != 0) {
		list_free(&o->list);
		list_free(&o->detail);
		vec_free(&o->items);
		filter_free(&o->filter);
		free(o);
		v->priv = NULL;
		return err->code ? err->code : JY_EIO;
	}
	return 0;
}

static void bank_close(struct view *v)
{
	struct banklist *o = v->priv;
	list_free(&o->list);
	list_free(&o->detail);
	vec_free(&o->items);
	filter_free(&o->filter);
	free(o);
}

static int bank_reload(struct view *v, struct jy_err *err)
{
	return load(v->priv, v->tui, err);
}

/* The course the tab works on: the filter's, else the selected item's. */
static const char *current_course(struct banklist *o)
{
	const struct store_item *it = list_selected(&o->list);
	if (*o->filter.course)
		return o->filter.course;
	return it ? qget(it->rec, "course") : NULL;
}

static void summary(struct buf *b, struct tui *t, const struct banklist *o)
{
	const struct bankfilter *f = &o->filter;
	(void)t;
	if (*f->course) {
		struct bank_course c;
		if (bank_course(&c, t->store, f->course, NULL) == 0) {
			buf_printf(b, " 《%s》", c.name);
			bank_course_release(&c);
		}
	} else if (*f->specialty) {
		struct buf name = BUF_INIT;
		records_name(&name, t->store, "specialty", f->specialty);
		buf_printf(b, " %s", name.ptr);
		buf_release(&name);
	} else {
		buf_puts(b, L(" 全部专业", " all specialties"));
	}
	if (*f->chapter)
		buf_printf(b, " · %s", f->chapter);
	if (*f->type) {
		buf_puts(b, " · ");
		qlabel(b, "type", f->type);
	}
	if (*f->difficulty)
		buf_printf(b, L(" · 难度 %s", " · difficulty %s"), f->difficulty);
	if (*f->level) {
		buf_puts(b, " · ");
		qlabel(b, "level", f->level);
	}
	/* Counts per state: what is ready for a paper and what awaits review. */
	for (int s = 0; s < 5; s++)
		if (o->by_state[s])
			buf_printf(b, " · %s %zu", bank_state_label(s), o->by_state[s]);
	buf_printf(b, L(" · 共 %zu 道 ", " · %zu in all "), o->items.len);
}

static void bank_draw(struct view *v, const struct tui_rect *r)
{
	struct banklist *o = v->priv;
	struct tui *t = v->tui;
	int list_h = r->h >= 10 ? (r->h - 1) / 2 : r->h;
	struct tui_rect lr = { r->y, r->x, list_h, r->w };
	list_draw(&o->list, t, &lr, 1);
	if (list_h >= r->h)
		return;
	int sy = r->y + list_h;
	struct buf b = BUF_INIT;
	tui_hline(t, sy, r->x, r->w, TA_DIM);
	summary(&b, t, o);
	tui_puts(t, sy, r->x + 1, r->w - 2, TA_HEADER, b.ptr);
	buf_release(&b);
	const struct store_item *it = list_selected(&o->list);
	if (it != o->detail_of || r->w != o->detail_w) {
		list_clear(&o->detail);
		o->detail.top = 0;
		if (it)
			detail_lines(&o->detail, t, it->rec, r->w);
		o->detail_of = it;
		o->detail_w = r->w;
	}
	struct tui_rect dr = { sy + 1, r->x, r->h - list_h - 1, r->w };
	list_draw(&o->detail, t, &dr, 0);
}

/* --- filter (f) --- */

static int filter_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct banklist *o = ctx;
	(void)t;
	(void)err;
	set_str(&o->filter.specialty, form_find(f, "specialty")->value.ptr);
	set_str(&o->filter.course, form_find(f, "course")->value.ptr);
	set_str(&o->filter.chapter, form_find(f, "chapter")->value.ptr);
	set_str(&o->filter.type, form_find(f, "type")->value.ptr);
	set_str(&o->filter.difficulty, form_find(f, "difficulty")->value.ptr);
	set_str(&o->filter.level, form_find(f, "level")->value.ptr);
	set_str(&o->filter.state, form_find(f, "state")->value.ptr);
	/* A course belongs to one specialty: the course decides. */
	if (*o->filter.course) {
		struct bank_course c;
		if (bank_course(&c, t->store, o->filter.course, NULL) == 0) {
			set_str(&o->filter.specialty, c.specialty);
			bank_course_release(&c);
		}
	}
	o->list.sel = o->list.top = 0;
	return 0;
}

static int open_filter(struct banklist *o, struct tui *t)
{
	struct form *f = form_new(L("筛选试题（Ctrl-S 应用，Esc 取消）", "Filter questions (Ctrl-S applies, Esc cancels)"));
	struct form_field *fld = form_add(f, FORM_PICK, "specialty", L("专业", "specialty"), o->filter.specialty);
	form_option(fld, "", L("（全部专业）", "(all specialties)"), NULL);
	form_specialty_options(fld, t, 0);
	fld = form_add(f, FORM_PICK, "course", L("课程", "course"), o->filter.course);
	form_option(fld, "", L("（全部课程）", "(all courses)"), NULL);
	course_options(fld, t);
	form_add(f, FORM_TEXT, "chapter", L("章节", "chapter"), o->filter.chapter);
	fld = form_add(f, FORM_PICK, "type", L("题型", "type"), o->filter.type);
	form_option(fld, "", L("（全部题型）", "(all types)"), NULL);
	form_enum_options(fld, schema_field(qt(), "question", "type"));
	fld = form_add(f, FORM_PICK, "difficulty", L("难度", "difficulty"), o->filter.difficulty);
	form_option(fld, "", L("（全部）", "(any)"), NULL);
	for (int d = 1; d <= 5; d++) {
		char v[2] = { (char)('0' + d), 0 };
		form_option(fld, v, v, NULL);
	}
	fld = form_add(f, FORM_PICK, "level", L("认知层次", "level"), o->filter.level);
	form_option(fld, "", L("（全部）", "(any)"), NULL);
	form_enum_options(fld, schema_field(qt(), "question", "level"));
	fld = form_add(f, FORM_PICK, "state", L("状态", "state"), o->filter.state);
	form_option(fld, "", L("（全部状态）", "(any state)"), NULL);
	form_enum_options(fld, schema_field(qt(), "question", "state"));
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = filter_submit;
	spec.ctx = o;
	spec.apply = 1;
	form_view_push(t, &spec);
	return TUI_HANDLED;
}

static const struct tui_key bank_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的试题（全部内容与审核记录）", "open the selected question (everything, with reviews)" },
	{ 'a', 0, ACT_ADD, "a", "命题：新增一道试题（先选题型）", "write a new question (pick the type first)" },
	{ 'f', 0, ACT_FILTER, "f", "按专业、课程、章节、题型、难度、认知层次、状态筛选", "filter by specialty, course, chapter, type, difficulty, level, state" },
	{ 'e', 0, ACT_EDIT, "e", "修改选中的试题（已审核的生成新版本）", "edit the selected question (an approved one gets a new version)" },
	{ 'v', 0, ACT_REVIEW, "v", "审核选中的试题（本专业的另一位命题教师）", "review the selected question (another examiner of the specialty)" },
	{ 'x', 0, ACT_RETIRE, "x", "停用选中的试题", "retire the selected question" },
	TUI_KEYS_END,
};

static int bank_key(struct view *v, const struct tui_input *in)
{
	struct banklist *o = v->priv;
	struct tui *t = v->tui;
	if (in->fkey && in->key == TUI_KEY_PASTE)
		return do_paste(t, current_course(o));
	int fl = list_key(&o->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	const struct store_item *it = list_selected(&o->list);
	switch (in->action) {
	case ACT_OPEN:
		if (it)
			tui_push(t, &bank_detail_ops, it->path);
		return TUI_HANDLED;
	case ACT_ADD:
		return do_add(t, current_course(o));
	case ACT_FILTER:
		return open_filter(o, t);
	case ACT_EDIT:
	case ACT_REVIEW:
	case ACT_RETIRE:
		return it ? item_key(t, it->rec, in) : TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const bank_keymaps[] = { bank_keys, list_keys, NULL };

static int bank_offers(struct view *v, enum tui_action a)
{
	const struct store_item *it = list_selected(&((struct banklist *)v->priv)->list);
	return item_offers(v->tui, it ? it->rec : NULL, a);
}

const struct view_ops view_bank_ops = {
	.name = "bank",
	.title_zh = "题库",
	.title_en = "Bank",
	.keys = bank_keymaps,
	.offers = bank_offers,
	.open = bank_open,
	.close = bank_close,
	.reload = bank_reload,
	.draw = bank_draw,
	.key = bank_key,
};

int bank_form_from_draft(struct tui *t, const char *arg, const struct record *draft)
{
	struct vec parts = VEC_INIT(free);
	struct record *q = NULL;
	int rc = JY_EINVAL, type = -1;
	/* type|course|id — vec_split drops empty items, so split by hand. */
	for (const char *p = arg ? arg : "";;) {
		size_t n = strcspn(p, "|");
		vec_push(&parts, xstrndup(p, n));
		if (!p[n])
			break;
		p += n + 1;
	}
	for (size_t i = 0; parts.len == 3 && i < sizeof(type_values) / sizeof(type_values[0]) && type < 0; i++)
		if (strcmp(type_values[i], parts.items[0]) == 0)
			type = (int)i;
	if (type < 0)
		goto cleanup;
	if (*(char *)parts.items[2]) {
		struct buf path = BUF_INIT;
		if (store_resolve(&path, t->store, parts.items[2], NULL) != 0 || store_read(&q, t->store, path.ptr, NULL) != 0) {
			buf_release(&path);
			goto cleanup;
		}
		buf_release(&path);
	}
	rc = (open_form(t, type, parts.items[1], q, draft) & TUI_REDRAW) ? JY_EINVAL : 0;
cleanup:
	record_free(q);
	vec_free(&parts);
	return rc;
}
