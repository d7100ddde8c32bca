/* planreview: the specialty lead's review form — every course row with its findings, change mark and the school's answer, beside the comment being written. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/plan.h"
#include "jiaoyan/rules.h"
#include "jiaoyan/tui.h"

struct review_ctx {
	char *id;
};

static void review_ctx_free(void *p)
{
	struct review_ctx *c = p;
	if (c) {
		free(c->id);
		free(c);
	}
}

static int review_submit(struct tui *t, struct form *f, void *vctx, struct jy_err *err)
{
	struct review_ctx *c = vctx;
	struct plan_row_comment *rows = xcalloc(f->fields.len + 1, sizeof(*rows));
	size_t n = 0;
	const char *verdict = form_find(f, "verdict")->value.ptr;
	for (size_t i = 0; i < f->fields.len; i++) {
		const struct form_field *fld = f->fields.items[i];
		if (strncmp(fld->name, "row.", 4) == 0 && fld->value.len) {
			rows[n].row = (size_t)strtoul(fld->name + 4, NULL, 10);
			rows[n++].text = fld->value.ptr;
		}
	}
	int rc;
	if (strcmp(verdict, "approve") != 0 && strcmp(verdict, "return") != 0)
		rc = err_set(err, JY_EINVAL, "%s", L("请选择审核结论：通过或退回整改", "pick a verdict: approve or return"));
	else
		rc = plan_review(t->store, t->actor, c->id, strcmp(verdict, "approve") == 0, form_find(f, "comment")->value.ptr, rows, n, err);
	free(rows);
	if (rc == 0)
		tui_msg(t, 0, strcmp(verdict, "approve") == 0 ? L("已通过 %s", "approved %s") : L("已退回 %s，等待学校整改", "returned %s for rectification"),
			c->id);
	return rc;
}

/* A course row as the reviewer reads it on one note: its cells, what changed, what the check found, what the school answered. */
static void row_note(struct buf *out, enum tui_role *role, struct tui *t, const struct record *plan, const char *sec, size_t n,
		     const struct vec *findings, const struct plan_diff *d)
{
	const struct type_def *ty = schema_type("plan");
	int worst = RULES_INFO + 1;
	for (size_t c = 0; c < PLAN_NTCOLS; c++) {
		const char *v = record_get(plan, sec, plan_tcols[c].key);
		if (!v || !*v)
			continue;
		if (c)
			buf_puts(out, " · ");
		if (c > 1)
			buf_printf(out, "%s ", L(plan_tcols[c].zh, plan_tcols[c].en));
		if (strcmp(plan_tcols[c].key, "teacher") == 0) {
			const struct record *p = tui_person(t, v);
			buf_puts(out, tui_person_name(t, v));
			if (p) {
				/* What the lead checks a teacher for: title and 双师型. */
				const char *title = record_get(p, "person", "title"), *dual = record_get(p, "person", "dual_qualified");
				buf_puts(out, "（");
				if (title)
					schema_value_label(out, schema_field(schema_type("person"), "person", "title"), title);
				buf_printf(out, "%s%s）", title ? "，" : "", dual && strcmp(dual, "yes") == 0 ? L("双师型", "dual-qualified") : L("非双师型", "not dual"));
			}
		} else {
			schema_value_label(out, schema_field(ty, sec, plan_tcols[c].key), v);
		}
	}
	const struct plan_row_diff *rd = plan_diff_row(d, n);
	if (rd && rd->change != PLAN_ROW_SAME) {
		buf_puts(out, "\n");
		plan_change_mark(out, rd);
		buf_printf(out, L("（较第 %ld 版）", " (since revision %ld)"), d->revision);
	}
	for (size_t k = 0; k < findings->len; k++) {
		const struct rules_finding *fd = findings->items[k];
		if (fd->row != n)
			continue;
		buf_printf(out, "\n%s %s：%s", fd->severity == RULES_ERROR ? "✗" : fd->severity == RULES_WARNING ? "!" : "·",
			   rules_severity_label(fd->severity), fd->message);
		if (fd->severity < worst)
			worst = fd->severity;
	}
	if (rd && rd->comment)
		buf_printf(out, L("\n✎ 上轮意见：%s", "\n✎ last round: %s"), rd->comment);
	if (rd && rd->answer)
		buf_printf(out, L("\n↳ 学校答复：%s", "\n↳ the school's answer: %s"), rd->answer);
	*role = worst == RULES_ERROR ? TA_ERROR : worst == RULES_WARNING ? TA_MARK : TA_NORMAL;
}

int planreview_open(struct tui *t, const char *id)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *plan = NULL;
	struct vec findings = VEC_INIT(rules_finding_free);
	struct plan_diff *d = NULL;
	struct buf title = BUF_INIT, note = BUF_INIT;
	if (plan_load(&plan, NULL, t->store, id, &err) != 0 || plan_may(t->store, t->actor, plan, PLAN_ACT_REVIEW, &err) != 0) {
		tui_refusal(t, &err);
		record_free(plan);
		return err.code;
	}
	rules_check_plan(&findings, t->store, plan, NULL);
	if (plan_diff(&d, t->store, id, NULL) != 0)
		d = NULL;
	buf_printf(&title, L("审核 %s 第 %s 版（Ctrl-S 提交审核结论，Esc 取消）", "Review %s revision %s (Ctrl-S records the verdict, Esc cancels)"), id,
		   record_get(plan, "plan", "revision") ? record_get(plan, "plan", "revision") : "?");
	struct form *f = form_new(title.ptr);
	struct form_field *fld = form_add(f, FORM_PICK, "verdict", L("审核结论", "verdict"), "");
	form_option(fld, "approve", L("通过", "approve"), "approve 通过 tongguo");
	form_option(fld, "return", L("退回整改", "return for rectification"), "return 退回 整改 tuihui");
	fld->hint = xstrdup(L("←→ 选择：通过 / 退回整改", "←→ to choose: approve / return"));
	buf_printf(&note, L("错误 %zu，警告 %zu，提示 %zu（计划整体的见最后）", "%zu errors, %zu warnings, %zu notes (the filing's own at the end)"),
		   rules_count(&findings, RULES_ERROR), rules_count(&findings, RULES_WARNING), rules_count(&findings, RULES_INFO));
	if (d && d->round && (d->changed || d->added || d->removed))
		buf_printf(&note, L("；较第 %ld 版改动 %zu 行、新增 %zu 行、删除 %zu 行", "; since revision %ld: %zu changed, %zu added, %zu removed"),
			   d->revision, d->changed, d->added, d->removed);
	form_add(f, FORM_NOTE, "note.check", L("合规检查", "check"), note.ptr);
	fld = form_add(f, FORM_MULTI, "comment", L("总体意见", "overall comment"), "");
	fld->rows = 3;
	/* Every course row: what it is and what was found, then the comment on it, in the order of the table. */
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		if (strncmp(sec, "course.", 7) != 0)
			continue;
		size_t n = (size_t)strtoul(sec + 7, NULL, 10);
		struct buf name = BUF_INIT, label = BUF_INIT;
		enum tui_role role = TA_NORMAL;
		buf_reset(&note);
		row_note(&note, &role, t, plan, sec, n, &findings, d);
		buf_printf(&name, "note.%zu", n);
		buf_printf(&label, L("第 %zu 行", "row %zu"), n);
		form_add(f, FORM_NOTE, name.ptr, label.ptr, note.ptr)->role = role;
		buf_reset(&name);
		buf_printf(&name, "row.%zu", n);
		fld = form_add(f, FORM_MULTI, name.ptr, L("  本行意见", "  comment"), "");
		fld->rows = 2;
		fld->hint = xstrdup(L("可多行；没有意见就留空", "may span lines; leave empty when none"));
		buf_release(&name);
		buf_release(&label);
	}
	/* What the school removed since the last round, and the filing's own findings. */
	buf_reset(&note);
	for (size_t i = 0; d && i < d->rows.len; i++) {
		const struct plan_row_diff *rd = d->rows.items[i];
		if (rd->change == PLAN_ROW_REMOVED)
			buf_printf(&note, L("%s已删除：原第 %zu 行《%s》", "%sremoved: row %zu \"%s\""), note.len ? "\n" : "", rd->was, rd->name);
	}
	for (size_t k = 0; k < findings.len; k++) {
		const struct rules_finding *fd = findings.items[k];
		if (fd->row == 0)
			buf_printf(&note, "%s%s %s：%s", note.len ? "\n" : "", fd->severity == RULES_ERROR ? "✗" : fd->severity == RULES_WARNING ? "!" : "·",
				   rules_severity_label(fd->severity), fd->message);
	}
	if (note.len)
		form_add(f, FORM_NOTE, "note.filing", L("计划整体", "the filing"), note.ptr);
	form_focus(f, 0);
	struct review_ctx *ctx = xcalloc(1, sizeof(*ctx));
	ctx->id = xstrdup(id);
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = review_submit;
	spec.ctx = ctx;
	spec.ctx_free = review_ctx_free;
	spec.discard_zh = "放弃这次审核意见吗？\n\n  y  放弃\n  n  继续填写";
	spec.discard_en = "Discard this review?\n\n  y  discard\n  n  go on";
	int rc = form_view_push(t, &spec);
	record_free(plan);
	vec_free(&findings);
	plan_diff_free(d);
	buf_release(&title);
	buf_release(&note);
	return rc;
}
