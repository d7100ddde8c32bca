/* plandetail: a plan filing's page — its course table with findings, change marks and reviews, and what the school and the lead do from it. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/printout.h"
#include "jiaoyan/rules.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

/* The course columns as the tables show and the row editor edits them; 任课教师 and 课程名称 are kept however narrow the screen. */
const struct plan_tcol plan_tcols[PLAN_NTCOLS] = {
	{ "name", "课程名称", "course", 24, 0, 0 },   { "category", "课程类别", "category", 10, 3, 0 },
	{ "hours", "总学时", "hours", 6, 2, 1 },      { "theory", "理论", "theory", 4, 5, 1 },
	{ "practice", "实践", "practice", 4, 5, 1 },  { "credits", "学分", "credits", 4, 4, 1 },
	{ "weeks", "周数", "weeks", 4, 6, 1 },        { "teacher", "任课教师", "teacher", 10, 0, 0 },
	{ "elective", "选修", "elective", 4, 7, 0 },  { "note", "备注", "note", 16, 8, 0 },
};
#define NSHOWN 9 /* the detail table leaves out 备注 */

static const struct type_def *plan_type(void)
{
	return schema_type("plan");
}

enum tui_role plan_state_role(int state)
{
	switch (state) {
	case PLAN_SUBMITTED:
		return TA_MARK;
	case PLAN_APPROVED:
		return TA_BAR;
	case PLAN_RETURNED:
		return TA_ERROR;
	case PLAN_DRAFT:
		return TA_NORMAL;
	default:
		return TA_DIM;
	}
}

/* A cell as people read it: labels for enums, names for teachers. */
static void cell_text(struct buf *out, struct tui *t, const struct record *plan, const char *sec, const char *key)
{
	const char *v = record_get(plan, sec, key);
	if (!v)
		return;
	if (strcmp(key, "teacher") == 0)
		buf_puts(out, tui_person_name(t, v));
	else
		schema_value_label(out, schema_field(plan_type(), sec, key), v);
}

/* Cell c of a course row as the detail table shows it: the row number, the course columns, the change mark. */
static void row_cell(struct buf *out, struct tui *t, const struct record *plan, const char *sec, const struct plan_diff *d, size_t c)
{
	if (c == 0) {
		buf_printf(out, "%zu", (size_t)strtoul(sec + 7, NULL, 10));
		return;
	}
	if (c <= NSHOWN) {
		cell_text(out, t, plan, sec, plan_tcols[c - 1].key);
		return;
	}
	const struct plan_row_diff *r = plan_diff_row(d, (size_t)strtoul(sec + 7, NULL, 10));
	plan_change_mark(out, r);
}

void plan_change_mark(struct buf *out, const struct plan_row_diff *r)
{
	if (!r || r->change == PLAN_ROW_SAME)
		return;
	if (r->change == PLAN_ROW_ADDED) {
		buf_puts(out, L("＋新增", "+added"));
		return;
	}
	buf_puts(out, L("✱改：", "* changed: "));
	for (size_t i = 0; i < r->keys.len; i++)
		for (size_t c = 0; c < PLAN_NTCOLS; c++)
			if (strcmp(plan_tcols[c].key, r->keys.items[i]) == 0)
				buf_printf(out, "%s%s", i ? L("、", ", ") : "", L(plan_tcols[c].zh, plan_tcols[c].en));
}

/* The domain decides (plan_may); the TUI only says it, with its own hint. */
static int may(struct tui *t, const struct record *plan, enum plan_act act, int say)
{
	struct jy_err err = JY_ERR_INIT;
	if (plan_may(t->store, t->actor, plan, act, &err) == 0)
		return 1;
	if (say)
		tui_refusal(t, &err);
	return 0;
}

/* ---- one filing: loaded record, findings, and its lines ---- */

void plan_filing_init(struct plan_filing *f)
{
	memset(f, 0, sizeof(*f));
	vec_init(&f->findings, rules_finding_free);
}

void plan_filing_clear(struct plan_filing *f)
{
	free(f->id);
	record_free(f->rec);
	plan_diff_free(f->diff);
	vec_free(&f->findings);
	free(f->check_error);
	plan_filing_init(f);
}

void plan_filing_release(struct plan_filing *f)
{
	plan_filing_clear(f);
	vec_free(&f->findings);
}

int plan_filing_load(struct plan_filing *f, struct tui *t, const char *id, struct jy_err *err)
{
	struct record *r = NULL;
	struct jy_err cerr = JY_ERR_INIT;
	int rc = plan_load(&r, NULL, t->store, id, err);
	if (rc)
		return rc;
	plan_filing_clear(f);
	f->id = xstrdup(id);
	f->rec = r;
	if (rules_check_plan(&f->findings, t->store, r, &cerr) != 0)
		f->check_error = xstrdup(cerr.msg);
	if (plan_diff(&f->diff, t->store, id, NULL) != 0)
		f->diff = NULL;
	return 0;
}

static void finding_lines(struct list *l, const struct rules_finding *fd, const char *indent, int width)
{
	struct buf b = BUF_INIT, ind2 = BUF_INIT;
	enum tui_role role = fd->severity == RULES_ERROR ? TA_ERROR : fd->severity == RULES_WARNING ? TA_MARK : TA_DIM;
	buf_printf(&b, "%s %s", fd->severity == RULES_ERROR ? "✗" : fd->severity == RULES_WARNING ? "!" : "·",
		   rules_severity_label(fd->severity));
	buf_printf(&b, "：%s", fd->message);
	tui_wrap_lines(l, role, indent, b.ptr, width);
	buf_reset(&b);
	buf_printf(&b, L("依据 %s", "clause: %s"), fd->clause);
	buf_printf(&ind2, "%s    ", indent);
	tui_wrap_lines(l, TA_DIM, ind2.ptr, b.ptr, width);
	buf_release(&b);
	buf_release(&ind2);
}

/* The latest review's comment on row n, or NULL. */
static const char *row_comment(const struct record *plan, size_t n, const char **review_sec)
{
	const char *found = NULL;
	struct buf key = BUF_INIT;
	buf_printf(&key, "row.%zu", n);
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		if (strncmp(sec, "review.", 7) != 0)
			continue;
		const char *v = record_get(plan, sec, key.ptr);
		found = v;
		if (review_sec)
			*review_sec = sec;
	}
	buf_release(&key);
	return found;
}

static size_t row_of(const char *sec)
{
	return strncmp(sec, "course.", 7) == 0 ? (size_t)strtoul(sec + 7, NULL, 10) : 0;
}

/* What the person may do with this filing now, as one line of keys. */
static void action_line(struct buf *b, struct tui *t, const struct record *plan)
{
	int st = plan_state_of(record_get(plan, "plan", "state"));
	if (may(t, plan, PLAN_ACT_EDIT, 0))
		buf_puts(b, L("e 编辑课程行  i 导入  ", "e edit rows  i import  "));
	if (may(t, plan, PLAN_ACT_SUBMIT, 0))
		buf_puts(b, L("s 提交审核  ", "s submit  "));
	if (may(t, plan, PLAN_ACT_REOPEN, 0))
		buf_puts(b, st == PLAN_APPROVED ? L("o 重新打开（新修订）  ", "o reopen (new revision)  ")
						: L("o 撤回提交  ", "o withdraw  "));
	if (may(t, plan, PLAN_ACT_REVIEW, 0))
		buf_puts(b, L("v 审核（通过 / 退回整改）  ", "v review (approve / return)  "));
	buf_puts(b, L("x 导出 CSV  ? 全部按键", "x export CSV  ? all keys"));
}

void plan_filing_lines(struct list *l, struct tui *t, const struct plan_filing *f, int width, int with_actions)
{
	const struct record *p = f->rec;
	struct buf b = BUF_INIT;
	int st = plan_state_of(record_get(p, "plan", "state"));
	const char *sp = record_get(p, "plan", "specialty");
	const char *rev = record_get(p, "plan", "revision");
	buf_printf(&b, "%s · ", tui_school_name(t, record_get(p, "plan", "school")));
	{
		struct record *spec = NULL;
		struct buf path = BUF_INIT;
		buf_printf(&path, "specialties/%s.ini", sp ? sp : "");
		if (sp && id_component_valid(sp) && store_read(&spec, t->store, path.ptr, NULL) == 0 &&
		    record_get(spec, "specialty", "name"))
			buf_puts(&b, record_get(spec, "specialty", "name"));
		else
			buf_puts(&b, sp ? sp : "");
		record_free(spec);
		buf_release(&path);
	}
	buf_printf(&b, " · %s", record_get(p, "plan", "term") ? record_get(p, "plan", "term") : "");
	list_line(l, TA_HEADER, b.ptr);
	buf_reset(&b);
	buf_printf(&b, L("状态：%s  第 %s 版", "state: %s  revision %s"), plan_state_label(st), rev ? rev : "0");
	if (record_get(p, "plan", "submitted_at"))
		buf_printf(&b, L("  提交：%s %s", "  submitted %s by %s"), record_get(p, "plan", "submitted_at"),
			   tui_person_name(t, record_get(p, "plan", "submitted_by")));
	if (record_get(p, "plan", "despite_errors") && strcmp(record_get(p, "plan", "despite_errors"), "yes") == 0)
		buf_puts(&b, L("  ✗ 带错误提交", "  ✗ submitted despite errors"));
	list_line(l, plan_state_role(st), b.ptr);
	if (with_actions) {
		buf_reset(&b);
		action_line(&b, t, p);
		list_line(l, TA_HINT_KEY, b.ptr);
	}
	list_line(l, TA_NORMAL, "");

	/* The table: columns by priority (课程名称 and 任课教师 stay at any width), a change mark since the last review. */
	const struct plan_diff *d = f->diff;
	int since = d && d->round && (d->changed || d->added || d->removed);
	struct table_col cols[NSHOWN + 2];
	int nat[NSHOWN + 2], w[NSHOWN + 2];
	size_t ncol = 0;
	struct vec secs = VEC_INIT(NULL);
	for (size_t i = 0; i < record_section_count(p); i++)
		if (row_of(record_section(p, i)))
			vec_push(&secs, (void *)record_section(p, i));
	cols[ncol++] = (struct table_col){ "#", 2, 3, 1, 0 };
	for (size_t c = 0; c < NSHOWN; c++)
		cols[ncol++] = (struct table_col){ L(plan_tcols[c].zh, plan_tcols[c].en), 2, plan_tcols[c].max, plan_tcols[c].right,
						   plan_tcols[c].prio };
	struct buf since_title = BUF_INIT;
	if (since) {
		buf_printf(&since_title, L("较第%ld版", "since r%ld"), d->revision);
		cols[ncol++] = (struct table_col){ since_title.ptr, 4, 24, 0, 1 };
	}
	for (size_t c = 0; c < ncol; c++)
		nat[c] = text_width(cols[c].title);
	for (size_t r = 0; r < secs.len; r++)
		for (size_t c = 0; c < ncol; c++) {
			struct buf cell = BUF_INIT;
			row_cell(&cell, t, p, secs.items[r], d, c);
			if (text_width(cell.ptr) > nat[c])
				nat[c] = text_width(cell.ptr);
			buf_release(&cell);
		}
	table_fit(w, cols, ncol, nat, width, 0);
	buf_reset(&b);
	for (size_t c = 0, any = 0; c < ncol; c++)
		if (w[c]) {
			buf_puts(&b, any++ ? "  " : "");
			text_pad(&b, cols[c].title, w[c], cols[c].right);
		}
	list_line(l, TA_HEADER, b.ptr);
	if (!secs.len)
		list_line(l, TA_DIM, L("  （还没有课程行：e 编辑，i 从 CSV 导入）", "  (no course rows yet: e edits, i imports a CSV)"));
	for (size_t r = 0; r < secs.len; r++) {
		const char *sec = secs.items[r];
		size_t n = row_of(sec);
		int worst = RULES_INFO + 1;
		for (size_t k = 0; k < f->findings.len; k++) {
			const struct rules_finding *fd = f->findings.items[k];
			if (fd->row == n && fd->severity < worst)
				worst = fd->severity;
		}
		buf_reset(&b);
		for (size_t c = 0, any = 0; c < ncol; c++) {
			struct buf cell = BUF_INIT;
			if (!w[c])
				continue;
			row_cell(&cell, t, p, sec, d, c);
			buf_puts(&b, any++ ? "  " : "");
			text_pad(&b, cell.ptr, w[c], cols[c].right);
			buf_release(&cell);
		}
		list_line(l, worst == RULES_ERROR ? TA_ERROR : worst == RULES_WARNING ? TA_MARK : TA_NORMAL, b.ptr);
		/* What a narrow screen cut or left out of the row, under it (the minor numbers excepted). */
		buf_reset(&b);
		for (size_t c = 1; c < ncol; c++) {
			struct buf cell = BUF_INIT;
			row_cell(&cell, t, p, sec, d, c);
			if (cell.len && ((!w[c] && cols[c].prio <= 4) || (w[c] && text_width(cell.ptr) > w[c])))
				buf_printf(&b, "%s%s：%s", b.len ? " · " : "", cols[c].title, cell.ptr);
			buf_release(&cell);
		}
		if (b.len)
			tui_wrap_lines(l, TA_DIM, "      ", b.ptr, width);
		for (size_t k = 0; k < f->findings.len; k++) {
			const struct rules_finding *fd = f->findings.items[k];
			if (fd->row == n)
				finding_lines(l, fd, "      ", width);
		}
		const struct plan_row_diff *rd = plan_diff_row(d, n);
		const char *rsec = NULL, *comment = rd ? rd->comment : row_comment(p, n, &rsec);
		if (comment) {
			buf_reset(&b);
			if (rd)
				buf_printf(&b, L("✎ 审核意见（第 %zu 轮）：%s", "✎ reviewer (round %zu): %s"), d->round, comment);
			else
				buf_printf(&b, L("✎ 审核意见（第 %s 轮）：%s", "✎ reviewer (round %s): %s"), rsec + 7, comment);
			tui_wrap_lines(l, TA_LABEL, "      ", b.ptr, width);
		}
		if (rd && rd->answer) {
			buf_reset(&b);
			buf_printf(&b, L("↳ 学校答复：%s", "↳ the school's answer: %s"), rd->answer);
			tui_wrap_lines(l, TA_BAR, "      ", b.ptr, width);
		}
	}
	if (since) {
		buf_reset(&b);
		if (err_lang_en())
			buf_printf(&b, "since revision %ld (review round %zu): %zu changed, %zu added, %zu removed", d->revision, d->round,
				   d->changed, d->added, d->removed);
		else
			buf_printf(&b, "与第 %zu 轮审核的第 %ld 版相比：改动 %zu 行，新增 %zu 行，删除 %zu 行", d->round, d->revision, d->changed,
				   d->added, d->removed);
		list_line(l, TA_MARK, b.ptr);
		for (size_t i = 0; i < d->rows.len; i++) {
			const struct plan_row_diff *rd = d->rows.items[i];
			if (rd->change != PLAN_ROW_REMOVED)
				continue;
			buf_reset(&b);
			buf_printf(&b, L("  已删除：原第 %zu 行《%s》", "  removed: row %zu \"%s\""), rd->was, rd->name);
			if (rd->comment)
				buf_printf(&b, L("（审核意见：%s）", " (reviewer: %s)"), rd->comment);
			tui_wrap_lines(l, TA_MARK, "", b.ptr, width);
		}
	}
	buf_release(&since_title);
	vec_free(&secs);

	list_line(l, TA_NORMAL, "");
	list_line(l, TA_HEADER, L("整体检查", "Filing as a whole"));
	if (f->check_error)
		tui_wrap_lines(l, TA_ERROR, "  ", f->check_error, width);
	for (size_t k = 0; k < f->findings.len; k++) {
		const struct rules_finding *fd = f->findings.items[k];
		if (fd->row == 0)
			finding_lines(l, fd, "  ", width);
	}
	buf_reset(&b);
	buf_printf(&b, L("  共 %zu 项：错误 %zu，警告 %zu，提示 %zu", "  %zu findings: %zu errors, %zu warnings, %zu notes"),
		   f->findings.len, rules_count(&f->findings, RULES_ERROR), rules_count(&f->findings, RULES_WARNING),
		   rules_count(&f->findings, RULES_INFO));
	list_line(l, TA_DIM, b.ptr);

	list_line(l, TA_NORMAL, "");
	list_line(l, TA_HEADER, L("审核记录", "Reviews"));
	size_t nrev = 0;
	for (size_t i = 0; i < record_section_count(p); i++) {
		const char *sec = record_section(p, i);
		if (strncmp(sec, "review.", 7) != 0)
			continue;
		const char *verdict = record_get(p, sec, "verdict");
		buf_reset(&b);
		buf_printf(&b, L("  第 %s 轮  %s  %s  审核第 %s 版：", "  round %s  %s  %s  revision %s: "), sec + 7,
			   record_get(p, sec, "at") ? record_get(p, sec, "at") : "", tui_person_name(t, record_get(p, sec, "reviewer")),
			   record_get(p, sec, "revision") ? record_get(p, sec, "revision") : "?");
		schema_value_label(&b, schema_field(plan_type(), sec, "verdict"), verdict ? verdict : "");
		list_line(l, verdict && strcmp(verdict, "approve") == 0 ? TA_BAR : TA_ERROR, b.ptr);
		if (record_get(p, sec, "comment"))
			tui_wrap_lines(l, TA_NORMAL, "    ", record_get(p, sec, "comment"), width);
		long at = record_section_index(p, sec);
		for (size_t j = 0; at >= 0 && j < record_key_count(p, (size_t)at); j++) {
			const char *k = record_key(p, (size_t)at, j);
			if (strncmp(k, "row.", 4) != 0)
				continue;
			struct buf sb = BUF_INIT;
			buf_printf(&sb, "course.%s", k + 4);
			const char *name = record_get(p, sb.ptr, "name");
			buf_reset(&b);
			buf_printf(&b, L("第 %s 行%s%s%s：%s", "row %s%s%s%s: %s"), k + 4, name ? "《" : "", name ? name : "",
				   name ? "》" : "", record_value(p, (size_t)at, j));
			tui_wrap_lines(l, TA_LABEL, "    ", b.ptr, width);
			buf_release(&sb);
		}
		nrev++;
	}
	if (!nrev)
		list_line(l, TA_DIM, L("  （还没有审核）", "  (not reviewed yet)"));
	buf_release(&b);
}

/* ---- actions shared by the list and the detail ---- */

static int do_submit(struct tui *t, const struct plan_filing *f)
{
	struct jy_err err = JY_ERR_INIT;
	size_t errors = rules_count(&f->findings, RULES_ERROR);
	int despite = 0;
	if (!may(t, f->rec, PLAN_ACT_SUBMIT, 1))
		return TUI_HANDLED;
	if (errors) {
		struct buf q = BUF_INIT;
		buf_printf(&q, L("合规检查有 %zu 个错误（见红色各行）。\n确有必要时可以带错误提交，审核人会看到。\n\n仍要提交吗？ y 提交 / n 取消",
				 "The check found %zu errors (the red rows).\nYou may submit anyway; the reviewer will see it.\n\nSubmit? y yes / n no"),
			   errors);
		int k = tui_ask(t, q.ptr, "yn");
		buf_release(&q);
		if (k != 'y')
			return TUI_HANDLED | TUI_REDRAW;
		despite = 1;
	} else if (tui_ask(t, L("提交审核？提交后在审核前不能修改。 y 提交 / n 取消", "Submit for review? It cannot change until reviewed. y yes / n no"),
			   "yn") != 'y') {
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (plan_submit(NULL, t->store, t->actor, f->id, despite, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg);
		return TUI_HANDLED | TUI_RELOAD;
	}
	tui_msg(t, 0, L("已提交 %s，等待专业负责人审核", "submitted %s for review"), f->id);
	return TUI_HANDLED | TUI_RELOAD;
}

static int do_reopen(struct tui *t, const struct plan_filing *f)
{
	struct jy_err err = JY_ERR_INIT;
	int st = plan_state_of(record_get(f->rec, "plan", "state"));
	if (!may(t, f->rec, PLAN_ACT_REOPEN, 1))
		return TUI_HANDLED;
	const char *q = st == PLAN_APPROVED
				? L("重新打开已通过的授课计划？它会回到草稿，修改后须重新提交审核。 y 是 / n 否",
				    "Reopen the approved plan? It becomes a draft and must be reviewed again. y yes / n no")
				: L("撤回这次提交？它会回到草稿。 y 是 / n 否", "Withdraw the submission? It becomes a draft. y yes / n no");
	if (tui_ask(t, q, "yn") != 'y')
		return TUI_HANDLED | TUI_REDRAW;
	if (plan_reopen(t->store, t->actor, f->id, &err) != 0)
		tui_msg(t, 1, "%s", err.msg);
	else
		tui_msg(t, 0, L("已重新打开 %s", "reopened %s"), f->id);
	return TUI_HANDLED | TUI_RELOAD;
}

/* Cells pasted from Excel (a bracketed paste): validated like CSV rows, confirmed, written in one commit. */
static int do_paste(struct tui *t, const struct plan_filing *f)
{
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	struct record *rows = NULL;
	struct buf q = BUF_INIT;
	int fl = TUI_HANDLED | TUI_REDRAW;
	if (!may(t, f->rec, PLAN_ACT_EDIT, 1))
		goto cleanup;
	if (plan_paste_rows(&rows, &problems, t->store, record_get(f->rec, "plan", "school"), t->paste.ptr, &err) != 0) {
		tui_problems(t, L("没有导入", "Nothing imported"), &problems, &err);
		goto cleanup;
	}
	size_t n = 0;
	for (size_t i = 0; i < record_section_count(rows); i++)
		n += strncmp(record_section(rows, i), "course.", 7) == 0;
	buf_printf(&q, L("粘贴了 %zu 行课程，全部通过校验。\n\nr 替换全部课程行 / a 追加在现有各行之后 / n 取消",
			 "%zu course rows pasted, all valid.\n\nr replace every row / a append after the rows / n cancel"),
		   n);
	int k = tui_ask(t, q.ptr, "ran");
	if (k != 'r' && k != 'a')
		goto cleanup;
	int rc = k == 'r' ? plan_replace_rows(t->store, t->actor, f->id, rows, L("粘贴", "paste "), &err)
			  : plan_append_rows(t->store, t->actor, f->id, rows, L("粘贴", "paste "), &err);
	if (rc) {
		tui_refusal(t, &err);
		goto cleanup;
	}
	tui_msg(t, 0, k == 'r' ? L("已用粘贴的 %zu 行替换课程行", "replaced the rows with %zu pasted rows")
			       : L("已追加粘贴的 %zu 行", "appended %zu pasted rows"), n);
	fl |= TUI_RELOAD;
cleanup:
	record_free(rows);
	vec_free(&problems);
	buf_release(&q);
	return fl;
}

static int do_import(struct tui *t, const struct plan_filing *f)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	const char *enc = NULL;
	size_t n = 0;
	int fl = TUI_HANDLED | TUI_REDRAW;
	/* Over SSH no file of the server is read for the person: the rows come as a paste. */
	if (t->actor->fixed) {
		tui_alert(t, L("粘贴课程行", "Paste course rows"),
			  L("在 Excel 中选中课程行（可连同表头一起）复制，然后在这里粘贴（右键，或 Ctrl+Shift+V）。\n"
			    "列的顺序：课程名称 课程类别 总学时 理论学时 实践学时 学分 周数 任课教师 是否选修。\n"
			    "粘贴的行按导入 CSV 的规则逐行校验，确认后一次写入。",
			    "Copy the course rows in Excel (with the header row or not), then paste them here (right click, or Ctrl+Shift+V).\n"
			    "Columns: name, category, hours, theory, practice, credits, weeks, teacher, elective.\n"
			    "Pasted rows are checked like CSV rows and written in one commit when you confirm."));
		goto cleanup;
	}
	if (tui_prompt(t, L("导入 CSV 文件（替换全部课程行；也可以直接粘贴 Excel 中的行）：",
			    "import CSV (replaces every row; or just paste rows copied from Excel): "),
		       &path) != 0 ||
	    !path.len)
		goto cleanup;
	FILE *in = fopen(path.ptr, "rb");
	if (!in) {
		tui_msg(t, 1, L("无法打开 %s：%s", "cannot open %s: %s"), path.ptr, strerror(errno));
		goto cleanup;
	}
	char chunk[8192];
	size_t got;
	while ((got = fread(chunk, 1, sizeof(chunk), in)) > 0)
		buf_add(&data, chunk, got);
	fclose(in);
	if (plan_import_csv(&n, &enc, &problems, t->store, t->actor, f->id, data.ptr, data.len, &err) != 0) {
		tui_problems(t, L("没有导入", "Nothing imported"), &problems, &err);
		goto cleanup;
	}
	tui_msg(t, 0, L("已导入 %zu 行（%s）", "imported %zu rows (%s)"), n, enc ? enc : "");
	fl |= TUI_RELOAD;
cleanup:
	buf_release(&path);
	buf_release(&data);
	vec_free(&problems);
	return fl;
}

static int do_export(struct tui *t, const struct plan_filing *f)
{
	struct buf path = BUF_INIT, out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	char def[128];
	const char *sp = record_get(f->rec, "plan", "specialty"), *sc = record_get(f->rec, "plan", "school");
	snprintf(def, sizeof(def), "%s-%s-%s.csv", record_get(f->rec, "plan", "term"), sc ? sc : "", sp ? sp : "");
	/* Over SSH nothing is written on the server for the person: the table goes to their clipboard and screen. */
	if (t->actor->fixed) {
		if (plan_export(&out, t->store, f->id, 1, &err) != 0)
			tui_msg(t, 1, "%s", err.msg);
		else
			tui_push(t, &view_text_ops, out.ptr);
		goto cleanup;
	}
	buf_puts(&path, def);
	if (tui_prompt(t, L("导出为 CSV 文件：", "export to CSV: "), &path) != 0 || !path.len)
		goto cleanup;
	if (plan_export_csv(&out, t->store, f->id, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg);
		goto cleanup;
	}
	FILE *o = fopen(path.ptr, "wb");
	int bad = !o || fwrite(out.ptr, 1, out.len, o) != out.len;
	if (o)
		bad |= fclose(o) != 0;
	if (bad)
		tui_msg(t, 1, L("无法写入 %s：%s", "cannot write %s: %s"), path.ptr, strerror(errno));
	else
		tui_msg(t, 0, L("已导出到 %s（UTF-8 带 BOM，Excel 可直接打开）", "exported to %s (UTF-8 with BOM, opens in Excel)"), path.ptr);
cleanup:
	buf_release(&path);
	buf_release(&out);
	return TUI_HANDLED | TUI_REDRAW;
}

/* ---- the detail page (pushed; arg: the plan id) ---- */

struct pdetail {
	struct plan_filing f;
	struct list lines;
	int built_w;
};

static int pd_open(struct view *v, void *arg, struct jy_err *err)
{
	struct pdetail *d = xcalloc(1, sizeof(*d));
	plan_filing_init(&d->f);
	list_init(&d->lines, NULL, 0, 1);
	if (plan_filing_load(&d->f, v->tui, arg, err) != 0) {
		plan_filing_release(&d->f);
		list_free(&d->lines);
		free(d);
		return err->code ? err->code : JY_EIO;
	}
	v->priv = d;
	return 0;
}

static void pd_close(struct view *v)
{
	struct pdetail *d = v->priv;
	plan_filing_release(&d->f);
	list_free(&d->lines);
	free(d);
}

static int pd_reload(struct view *v, struct jy_err *err)
{
	struct pdetail *d = v->priv;
	char *id = xstrdup(d->f.id);
	int rc = plan_filing_load(&d->f, v->tui, id, err);
	free(id);
	d->built_w = 0;
	return rc;
}

static void pd_draw(struct view *v, const struct tui_rect *r)
{
	struct pdetail *d = v->priv;
	if (d->built_w != r->w) {
		size_t top = d->lines.top;
		list_clear(&d->lines);
		plan_filing_lines(&d->lines, v->tui, &d->f, r->w, 1);
		d->lines.top = top;
		d->built_w = r->w;
	}
	list_draw(&d->lines, v->tui, r, 1);
}

static const struct tui_key pd_keys[] = {
	{ 'e', 0, ACT_EDIT, "e", "编辑课程行（每行一个表单：逐项校验，任课教师按姓名选；答复审核意见）", "edit the course rows (a form per row; the teacher picked by name; answer the comments)" },
	{ 'i', 0, ACT_IMPORT, "i", "从 CSV 文件导入课程行（UTF-8 或 GBK，替换全部行）", "import rows from a CSV file (replaces all rows)" },
	{ 'x', 0, ACT_EXPORT, "x", "导出为 CSV 文件（Excel 可直接打开）", "export to a CSV file (opens in Excel)" },
	{ 's', 0, ACT_SUBMIT, "s", "提交审核（有错误时询问是否带错误提交）", "submit for review (asks when there are errors)" },
	{ 'v', 0, ACT_REVIEW, "v", "专业负责人审核：通过，或退回整改并写逐行意见", "lead's review: approve, or return with row comments" },
	{ 'o', 0, ACT_REOPEN, "o", "重新打开已通过的计划（开始新修订），或撤回未审核的提交", "reopen an approved plan (new revision), or withdraw a submission" },
	{ 'p', 0, ACT_PRINT, "p", "打印用的授课计划备案表（HTML，复制后存为 .html 用浏览器打印）", "the printable 授课计划备案表 (HTML to copy into a .html file and print)" },
	TUI_KEYS_END,
};

static int open_table(struct tui *t, const struct plan_filing *f)
{
	if (!may(t, f->rec, PLAN_ACT_EDIT, 1))
		return TUI_HANDLED;
	planrows_open(t, f->id);
	return TUI_HANDLED;
}

static int open_review(struct tui *t, const struct plan_filing *f)
{
	if (!may(t, f->rec, PLAN_ACT_REVIEW, 1))
		return TUI_HANDLED;
	planreview_open(t, f->id);
	return TUI_HANDLED;
}

/* p: the 授课计划备案表 to copy (over SSH it also goes to the clipboard): the same page `plan print` writes. */
static int do_print(struct tui *t, const struct plan_filing *f)
{
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	if (printout_plan(&out, t->store, f->id, &err) != 0)
		tui_msg(t, 1, "%s", err.msg);
	else
		tui_push(t, &view_text_ops, out.ptr);
	buf_release(&out);
	return TUI_HANDLED;
}

/* The keys on the hint line are the ones plan_may allows this person now. */
int plan_filing_offers(struct tui *t, const struct plan_filing *f, enum tui_action a)
{
	if (!f || !f->rec)
		return a != ACT_EDIT && a != ACT_SUBMIT && a != ACT_REVIEW && a != ACT_REOPEN && a != ACT_PRINT;
	switch (a) {
	case ACT_EDIT:
	case ACT_IMPORT:
		return may(t, f->rec, PLAN_ACT_EDIT, 0);
	case ACT_SUBMIT:
		return may(t, f->rec, PLAN_ACT_SUBMIT, 0);
	case ACT_REVIEW:
		return may(t, f->rec, PLAN_ACT_REVIEW, 0);
	case ACT_REOPEN:
		return may(t, f->rec, PLAN_ACT_REOPEN, 0);
	default:
		return 1;
	}
}

static int pd_offers(struct view *v, enum tui_action a)
{
	struct pdetail *d = v->priv;
	return plan_filing_offers(v->tui, &d->f, a);
}

int plan_filing_key(struct tui *t, const struct plan_filing *f, const struct tui_input *in)
{
	if (in->fkey && in->key == TUI_KEY_PASTE)
		return do_paste(t, f);
	switch (in->action) {
	case ACT_EDIT:
		return open_table(t, f);
	case ACT_IMPORT:
		if (!may(t, f->rec, PLAN_ACT_EDIT, 1))
			return TUI_HANDLED;
		return do_import(t, f);
	case ACT_EXPORT:
		return do_export(t, f);
	case ACT_SUBMIT:
		return do_submit(t, f);
	case ACT_REVIEW:
		return open_review(t, f);
	case ACT_REOPEN:
		return do_reopen(t, f);
	case ACT_PRINT:
		return do_print(t, f);
	default:
		return TUI_UNHANDLED;
	}
}

static int pd_key(struct view *v, const struct tui_input *in)
{
	struct pdetail *d = v->priv;
	int fl = list_key(&d->lines, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	return plan_filing_key(v->tui, &d->f, in);
}

static const struct tui_key *const pd_keymaps[] = { pd_keys, pager_keys, NULL };

const struct view_ops view_plan_ops = {
	.name = "plan",
	.title_zh = "授课计划",
	.title_en = "Plan",
	.keys = pd_keymaps,
	.offers = pd_offers,
	.open = pd_open,
	.close = pd_close,
	.reload = pd_reload,
	.draw = pd_draw,
	.key = pd_key,
};
