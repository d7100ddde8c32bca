/* cmd_plan: `jiaoyan plan` — teaching-plan filing and review on the command line, over domain/plan and domain/rules. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/rules.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"


/* A row number as typed: a positive decimal. */
static int parse_row(const char *s, size_t *out)
{
	char *end;
	if (!s || !*s || *s == '0' || *s == '-' || *s == '+')
		return -1;
	unsigned long v = strtoul(s, &end, 10);
	if (*end || v > 100000)
		return -1;
	*out = (size_t)v;
	return 0;
}

static int need_actor(struct cli *c, struct store **s, struct actor **a)
{
	int rc = cli_store(c, s);
	return rc ? rc : cli_actor(c, a);
}

static void print_findings(FILE *f, const struct vec *findings, int tsv)
{
	struct buf line = BUF_INIT;
	/* Errors first, then warnings, then notes; in each, the check's own order. */
	struct vec order = VEC_INIT(NULL);
	for (int sev = RULES_ERROR; sev <= RULES_INFO; sev++)
		for (size_t i = 0; i < findings->len; i++)
			if ((int)((const struct rules_finding *)findings->items[i])->severity == sev)
				vec_push(&order, findings->items[i]);
	if (tsv)
		fputs("severity\trow\tmetric\tmessage\tclause\n", f);
	for (size_t i = 0; i < order.len; i++) {
		const struct rules_finding *fd = order.items[i];
		static const char *const sev[] = { "error", "warning", "info" };
		buf_reset(&line);
		if (tsv) {
			buf_printf(&line, "%s\t%zu\t%s\t%s\t%s\n", sev[fd->severity], fd->row, fd->metric, fd->message, fd->clause);
		} else {
			text_pad(&line, rules_severity_label(fd->severity), 4, 0);
			buf_printf(&line, " %s\n      %s%s\n", fd->message, L("依据：", "clause: "), fd->clause);
		}
		cli_print(f, line.ptr);
	}
	if (!tsv) {
		buf_reset(&line);
		if (findings->len)
			buf_printf(&line, L("共 %zu 项：错误 %zu，警告 %zu，提示 %zu\n", "%zu findings: %zu errors, %zu warnings, %zu notes\n"),
				   findings->len, rules_count(findings, RULES_ERROR), rules_count(findings, RULES_WARNING),
				   rules_count(findings, RULES_INFO));
		else
			buf_puts(&line, L("没有发现问题\n", "no findings\n"));
		fputs(line.ptr, f);
	}
	vec_free(&order);
	buf_release(&line);
}

int cmd_plan_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	const char *term = cli_opt(args, "--term"), *school = cli_opt(args, "--school");
	struct buf id = BUF_INIT;
	struct vec notes = VEC_INIT(free);
	struct store *s;
	struct actor *a;
	char filing[12];
	int rc = need_actor(c, &s, &a);
	if (rc)
		goto cleanup;
	/* The usual case is the next term for one's own school: let people leave those out. */
	if (!term) {
		if ((rc = plan_filing_term(filing, s, &c->err)))
			goto cleanup;
		term = filing;
	}
	if (!school)
		school = a->school;
	if (!school) {
		rc = cli_usage_error(c, cmd->name, L("需要 --school 学校代码（当前身份没有所属学校）", "needs --school ID (you have no school)"));
		goto cleanup;
	}
	rc = plan_new(&id, &notes, s, a, term, school, cli_opt(args, "--specialty"), cli_opt(args, "--from"), &c->err);
	if (rc == 0) {
		for (size_t i = 0; i < notes.len; i++) {
			fputs(L("注意：", "note: "), stderr);
			cli_print(stderr, notes.items[i]);
			fputc('\n', stderr);
		}
		printf("%s\n", id.ptr);
	}
cleanup:
	buf_release(&id);
	vec_free(&notes);
	return rc;
}

int cmd_plan_course(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct store *s;
	struct actor *a;
	size_t row = 0, to = 0, n = cli_noperands(args);
	const char *id = cli_operand(args, 0), *op = cli_operand(args, 1);
	size_t first = 2;
	int rc;
	if (strcmp(op, "set") == 0 || strcmp(op, "rm") == 0 || strcmp(op, "move") == 0) {
		if (n < 3 || parse_row(cli_operand(args, 2), &row))
			return cli_usage_error(c, cmd->name, L("%s 需要行号 N（从 1 开始）", "%s needs a row number N (from 1)"), op);
		first = 3;
	} else if (strcmp(op, "add") != 0) {
		return cli_usage_error(c, cmd->name, L("不认识的操作「%s」（add、set、rm、move）", "unknown operation \"%s\" (add, set, rm, move)"), op);
	}
	if (strcmp(op, "move") == 0) {
		if (n != 4 || parse_row(cli_operand(args, 3), &to))
			return cli_usage_error(c, cmd->name, L("move N TO：TO 是目标行号", "move N TO: TO is the target row"));
		first = 4;
	}
	if (strcmp(op, "rm") == 0 && n > 3)
		return cli_usage_error(c, cmd->name, L("rm N 不接受 KEY=VALUE（多余的「%s」）", "rm N takes no KEY=VALUE (extra \"%s\")"),
				       cli_operand(args, 3));
	if ((strcmp(op, "add") == 0 || strcmp(op, "set") == 0) && n <= first)
		return cli_usage_error(c, cmd->name, L("%s 需要至少一个 KEY=VALUE", "%s needs at least one KEY=VALUE"), op);
	for (size_t i = first; i < n; i++) {
		const char *w = cli_operand(args, i);
		if (!strchr(w, '=') || w[0] == '=')
			return cli_usage_error(c, cmd->name, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), w);
	}
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	const char *const *assign = (const char *const *)args->operands.items + first;
	size_t nassign = n - first;
	if (strcmp(op, "add") == 0) {
		rc = plan_course_add(&row, s, a, id, assign, nassign, &c->err);
		if (rc == 0)
			printf(L("已添加第 %zu 行\n", "added row %zu\n"), row);
	} else if (strcmp(op, "set") == 0) {
		rc = plan_course_set(s, a, id, row, assign, nassign, &c->err);
	} else if (strcmp(op, "rm") == 0) {
		rc = plan_course_rm(s, a, id, row, &c->err);
	} else {
		rc = plan_course_move(s, a, id, row, to, &c->err);
	}
	return rc;
}

int cmd_plan_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct buf data = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	const char *id = cli_operand(args, 0), *file = cli_operand(args, 1);
	struct store *s;
	struct actor *a;
	const char *enc = NULL;
	size_t n = 0;
	int rc;
	(void)cmd;
	if ((rc = need_actor(c, &s, &a)) || (rc = editor_read_file(&data, file, &c->err)))
		goto cleanup;
	rc = plan_import_csv(&n, &enc, &problems, s, a, id, data.ptr, data.len, &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		fputs("jiaoyan: ", stderr);
		cli_print(stderr, problems.items[i]);
		fputc('\n', stderr);
	}
	if (rc == 0)
		printf(L("已从 %s 导入 %zu 行课程（%s 编码）\n", "%s: imported %zu course rows (%s)\n"),
		       strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file, n, enc ? enc : "?");
cleanup:
	buf_release(&data);
	vec_free(&problems);
	return rc;
}

int cmd_plan_export(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct buf out = BUF_INIT;
	const char *file = cli_operand(args, 1) ? cli_operand(args, 1) : "-";
	struct store *s;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) == 0 && (rc = plan_export_csv(&out, s, cli_operand(args, 0), &c->err)) == 0)
		rc = cli_write_output(file, out.ptr, out.len, &c->err);
	buf_release(&out);
	return rc;
}

int cmd_plan_check(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct vec findings = VEC_INIT(rules_finding_free);
	struct record *plan = NULL;
	struct store *s;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = plan_load(&plan, NULL, s, cli_operand(args, 0), &c->err)) ||
	    (rc = rules_check_plan(&findings, s, plan, &c->err)))
		goto cleanup;
	print_findings(stdout, &findings, cli_tsv(args));
	size_t errors = rules_count(&findings, RULES_ERROR);
	if (errors)
		rc = err_set(&c->err, JY_EINVAL, L("合规检查发现 %zu 个错误", "the compliance check found %zu errors"), errors);
cleanup:
	record_free(plan);
	vec_free(&findings);
	return rc;
}

int cmd_plan_submit(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct vec findings = VEC_INIT(rules_finding_free);
	const char *id = cli_operand(args, 0);
	struct store *s;
	struct actor *a;
	int rc;
	(void)cmd;
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	rc = plan_submit(&findings, s, a, id, cli_flag(args, "--despite-errors"), &c->err);
	/* Show what the reviewer will see: on refusal the errors explain why, on success the rest is worth a look. */
	if (findings.len && (rc == 0 || rules_count(&findings, RULES_ERROR)))
		print_findings(rc ? stderr : stdout, &findings, 0);
	if (rc == 0) {
		struct record *plan = NULL;
		if (plan_load(&plan, NULL, s, id, NULL) == 0)
			printf(L("已提交 %s（第 %s 版），等待专业负责人审核\n", "submitted %s (revision %s); awaiting the specialty lead's review\n"), id,
			       record_get(plan, "plan", "revision") ? record_get(plan, "plan", "revision") : "?");
		record_free(plan);
	}
	vec_free(&findings);
	return rc;
}

int cmd_plan_review(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	const struct vec *row_opts = cli_opt_all(args, "--row");
	struct plan_row_comment *rows = xcalloc(row_opts->len + 1, sizeof(*rows));
	const char *id = cli_operand(args, 0);
	int approve = cli_flag(args, "--approve"), ret = cli_flag(args, "--return"), rc = 0;
	struct store *s;
	struct actor *a;
	if (approve == ret) {
		rc = cli_usage_error(c, cmd->name, L("--approve 和 --return 须选一个", "give one of --approve and --return"));
		goto cleanup;
	}
	for (size_t i = 0; i < row_opts->len; i++) {
		const char *row = row_opts->items[i], *eq = strchr(row, '=');
		struct buf num = BUF_INIT;
		if (eq)
			buf_add(&num, row, (size_t)(eq - row));
		int bad = !eq || parse_row(num.ptr, &rows[i].row);
		buf_release(&num);
		if (bad) {
			rc = cli_usage_error(c, cmd->name, L("--row 需要 N=意见（N 为行号），而不是「%s」", "--row needs N=TEXT (N a row number), not \"%s\""), row);
			goto cleanup;
		}
		rows[i].text = eq + 1;
	}
	if ((rc = need_actor(c, &s, &a)))
		goto cleanup;
	rc = plan_review(s, a, id, approve, cli_opt(args, "--comment"), rows, row_opts->len, &c->err);
	if (rc == 0)
		printf(approve ? L("已通过 %s\n", "approved %s\n") : L("已退回 %s，等待学校整改后重新提交\n", "returned %s for rectification\n"), id);
cleanup:
	free(rows);
	return rc;
}

int cmd_plan_reopen(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct store *s;
	struct actor *a;
	const char *id = cli_operand(args, 0);
	int rc;
	(void)cmd;
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	rc = plan_reopen(s, a, id, &c->err);
	if (rc == 0)
		printf(L("已重新打开 %s，现为草稿；修改后须重新提交审核\n", "reopened %s as a draft; submit it again for review\n"), id);
	return rc;
}

static void state_cell(struct buf *out, const struct plan_cell *cell)
{
	if (!cell->runs) {
		buf_puts(out, "—");
		return;
	}
	buf_puts(out, plan_state_label(cell->state));
	if (cell->revision && cell->state != PLAN_MISSING)
		buf_printf(out, L(" 第%ld版", " r%ld"), cell->revision);
	if (cell->overdue)
		buf_puts(out, L(" ⚠逾期", " ⚠overdue"));
}

int cmd_plan_status(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct plan_status *st = NULL;
	struct vec rows = VEC_INIT(cli_row_free);
	struct store *s;
	const char *term = cli_opt(args, "--term");
	int tsv = cli_tsv(args), rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = plan_status(&st, s, term, &c->err)))
		goto cleanup;
	size_t ns = st->schools.len, nc = st->specialties.len;
	if (tsv) {
		/* One line per cell: easier for scripts than a matrix. */
		struct vec *head = cli_row_new();
		const char *cols[] = { "term", "school", "specialty", "state", "revision", "overdue", "due" };
		for (size_t k = 0; k < sizeof(cols) / sizeof(cols[0]); k++)
			vec_push_str(head, cols[k]);
		vec_push(&rows, head);
		for (size_t i = 0; i < ns; i++)
			for (size_t k = 0; k < nc; k++) {
				const struct plan_cell *cell = plan_status_cell(st, i, k);
				static const char *const stored[] = { "none", "draft", "submitted", "approved", "returned" };
				struct vec *row = cli_row_new();
				vec_push_str(row, st->term);
				vec_push_str(row, st->schools.items[i]);
				vec_push_str(row, st->specialties.items[k]);
				vec_push_str(row, cell->runs ? stored[cell->state] : "n/a");
				vec_push(row, xasprintf("%ld", cell->revision));
				vec_push_str(row, cell->overdue ? "yes" : "no");
				vec_push_str(row, st->due);
				vec_push(&rows, row);
			}
		cli_table(stdout, &rows, 1);
		goto cleanup;
	}
	printf(L("学期 %s 授课计划备案", "Plan filings for term %s"), st->term);
	if (*st->due)
		printf(L("（截止 %s）", " (due %s)"), st->due);
	putchar('\n');
	struct vec *head = cli_row_new();
	vec_push_str(head, L("学校", "school"));
	for (size_t k = 0; k < nc; k++)
		vec_push(head, xasprintf("%s %s", (char *)st->specialties.items[k], (char *)st->specialty_names.items[k]));
	vec_push(&rows, head);
	size_t missing = 0, overdue = 0, waiting = 0;
	for (size_t i = 0; i < ns; i++) {
		struct vec *row = cli_row_new();
		vec_push_str(row, st->school_names.items[i]);
		for (size_t k = 0; k < nc; k++) {
			const struct plan_cell *cell = plan_status_cell(st, i, k);
			struct buf b = BUF_INIT;
			state_cell(&b, cell);
			vec_push(row, buf_detach(&b));
			missing += cell->runs && cell->state == PLAN_MISSING;
			overdue += cell->overdue;
			waiting += cell->state == PLAN_SUBMITTED;
		}
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, 0);
	printf(L("未提交 %zu，待审核 %zu，逾期 %zu（— 表示该校不开设此专业）\n", "%zu not filed, %zu awaiting review, %zu overdue (— = the school does not run it)\n"),
	       missing, waiting, overdue);
cleanup:
	plan_status_free(st);
	vec_free(&rows);
	return rc;
}

/* "新增" / "改：总学时、任课教师" for a row since the reviewed revision; nothing when unchanged. */
static void diff_mark(struct buf *out, const struct plan_row_diff *r)
{
	if (!r || r->change == PLAN_ROW_SAME)
		return;
	if (r->change == PLAN_ROW_ADDED) {
		buf_puts(out, L("新增", "added"));
		return;
	}
	buf_puts(out, L("改：", "changed: "));
	for (size_t i = 0; i < r->keys.len; i++)
		buf_printf(out, "%s%s", i ? L("、", ", ") : "",
			   schema_field_label(schema_field(schema_type("plan"), "course.1", r->keys.items[i])));
}

/* The filing as a person reads it: header, course table, findings per row, changes since the last review, reviews. */
int cmd_plan_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct plan_diff *diff = NULL;
	const struct type_def *t = schema_type("plan");
	struct vec findings = VEC_INIT(rules_finding_free), rows = VEC_INIT(cli_row_free);
	struct record *plan = NULL;
	struct buf b = BUF_INIT;
	struct store *s;
	const char *id = cli_operand(args, 0);
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = plan_load(&plan, NULL, s, id, &c->err)))
		goto cleanup;
	/* What changed since the last review (a history that cannot be read just shows no marks). */
	if (plan_diff(&diff, s, id, NULL) != 0)
		diff = NULL;
	int since = diff && diff->round && (diff->changed || diff->added || diff->removed);
	/* A plan whose rule set cannot be read is still worth showing. */
	struct jy_err ignored = JY_ERR_INIT;
	int checked = rules_check_plan(&findings, s, plan, &ignored) == 0;
	const char *state = record_get(plan, "plan", "state");
	buf_printf(&b, L("授课计划 %s  状态：%s  第 %s 版", "plan %s  state: %s  revision %s"), id,
		   plan_state_label(plan_state_of(state)), record_get(plan, "plan", "revision") ? record_get(plan, "plan", "revision") : "0");
	if (record_get(plan, "plan", "submitted_at")) {
		buf_printf(&b, L("  提交：%s ", "  submitted %s by "), record_get(plan, "plan", "submitted_at"));
		roster_name(&b, s, record_get(plan, "plan", "submitted_by"));
	}
	if (record_get(plan, "plan", "despite_errors") && strcmp(record_get(plan, "plan", "despite_errors"), "yes") == 0)
		buf_puts(&b, L("  （带错误提交）", "  (despite errors)"));
	buf_putc(&b, '\n');
	cli_print(stdout, b.ptr);
	struct vec *head = cli_row_new();
	const char *heads[] = { "#", "课程名称", "课程类别", "总学时", "理论", "实践", "学分", "周数", "任课教师", "选修", "检查" };
	const char *heads_en[] = { "#", "course", "category", "hours", "theory", "practice", "credits", "weeks", "teacher", "elective", "check" };
	for (size_t k = 0; k < sizeof(heads) / sizeof(heads[0]); k++)
		vec_push_str(head, L(heads[k], heads_en[k]));
	if (since)
		vec_push(head, xasprintf(L("较第 %ld 版", "since r%ld"), diff->revision));
	vec_push(&rows, head);
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		if (strncmp(sec, "course.", 7) != 0)
			continue;
		size_t n = (size_t)atol(sec + 7);
		struct vec *row = cli_row_new();
		const char *keys[] = { "name", "category", "hours", "theory", "practice", "credits", "weeks", "teacher", "elective" };
		vec_push(row, xasprintf("%zu", n));
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			const char *v = record_get(plan, sec, keys[k]);
			struct buf cell = BUF_INIT;
			if (v && strcmp(keys[k], "teacher") == 0)
				roster_name(&cell, s, v);
			else if (v)
				schema_value_label(&cell, schema_field(t, sec, keys[k]), v);
			vec_push(row, buf_detach(&cell));
		}
		struct buf marks = BUF_INIT;
		for (size_t f = 0; f < findings.len; f++) {
			const struct rules_finding *fd = findings.items[f];
			if (fd->row == n)
				buf_printf(&marks, "%s%s:%s", marks.len ? " " : "", rules_severity_label(fd->severity), fd->metric);
		}
		vec_push(row, buf_detach(&marks));
		if (since) {
			struct buf m = BUF_INIT;
			diff_mark(&m, plan_diff_row(diff, n));
			vec_push(row, buf_detach(&m));
		}
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, 0);
	if (since) {
		buf_reset(&b);
		buf_printf(&b, L("与第 %zu 轮审核的第 %ld 版相比：改动 %zu 行，新增 %zu 行，删除 %zu 行\n",
				 "since revision %ld reviewed in round %zu: %zu rows changed, %zu added, %zu removed\n"),
			   diff->round, diff->revision, diff->changed, diff->added, diff->removed);
		for (size_t i = 0; i < diff->rows.len; i++) {
			const struct plan_row_diff *r = diff->rows.items[i];
			if (r->change == PLAN_ROW_REMOVED)
				buf_printf(&b, L("  已删除：原第 %zu 行《%s》\n", "  removed: row %zu \"%s\" of that revision\n"), r->was, r->name);
		}
		cli_print(stdout, b.ptr);
	}
	if (checked) {
		putchar('\n');
		print_findings(stdout, &findings, 0);
	}
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		if (strncmp(sec, "review.", 7) != 0)
			continue;
		const char *verdict = record_get(plan, sec, "verdict"), *comment = record_get(plan, sec, "comment");
		buf_reset(&b);
		buf_printf(&b, L("\n审核 %s  %s  ", "\nreview %s  %s  "), sec + 7, record_get(plan, sec, "at") ? record_get(plan, sec, "at") : "");
		roster_name(&b, s, record_get(plan, sec, "reviewer"));
		buf_printf(&b, L("  第 %s 版  ", "  revision %s  "), record_get(plan, sec, "revision") ? record_get(plan, sec, "revision") : "?");
		schema_value_label(&b, schema_field(t, sec, "verdict"), verdict ? verdict : "");
		buf_putc(&b, '\n');
		if (comment)
			buf_printf(&b, L("  意见：%s\n", "  comment: %s\n"), comment);
		long at = record_section_index(plan, sec);
		for (size_t j = 0; at >= 0 && j < record_key_count(plan, (size_t)at); j++) {
			const char *k = record_key(plan, (size_t)at, j);
			if (strncmp(k, "row.", 4) != 0)
				continue;
			buf_printf(&b, L("  第 %s 行：%s\n", "  row %s: %s\n"), k + 4, record_value(plan, (size_t)at, j));
			/* The school's answer to the last round's comment, beside it. */
			for (size_t r = 0; diff && (size_t)atol(sec + 7) == diff->round && r < diff->rows.len; r++) {
				const struct plan_row_diff *rd = diff->rows.items[r];
				if (rd->was == (size_t)atol(k + 4) && rd->answer)
					buf_printf(&b, L("    学校答复（现第 %zu 行）：%s\n", "    the school's answer (row %zu now): %s\n"), rd->row, rd->answer);
			}
		}
		cli_print(stdout, b.ptr);
	}
cleanup:
	plan_diff_free(diff);
	record_free(plan);
	vec_free(&findings);
	vec_free(&rows);
	buf_release(&b);
	return rc;
}


int cmd_plan_answer(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct buf text = BUF_INIT;
	struct store *s;
	struct actor *a;
	size_t row = 0;
	const char *id = cli_operand(args, 0), *t = cli_operand(args, 2);
	int rc;
	if (parse_row(cli_operand(args, 1), &row))
		return cli_usage_error(c, cmd->name, L("N 是行号（从 1 开始），而不是「%s」", "N is a row number (from 1), not \"%s\""),
				       cli_operand(args, 1));
	if (strcmp(t, "-") == 0) {
		if ((rc = editor_read_file(&text, "-", &c->err)))
			goto cleanup;
		while (text.len && text.ptr[text.len - 1] == '\n')
			buf_truncate(&text, text.len - 1);
	} else {
		buf_puts(&text, t);
	}
	if ((rc = need_actor(c, &s, &a)) || (rc = plan_answer(s, a, id, row, text.ptr, &c->err)))
		goto cleanup;
	if (text.len)
		printf(L("已答复 %s 第 %zu 行的审核意见（随下一次提交）\n", "answered the comment on %s row %zu (goes with the next submission)\n"), id, row);
	else
		printf(L("已删除 %s 第 %zu 行的答复\n", "removed the answer on %s row %zu\n"), id, row);
cleanup:
	buf_release(&text);
	return rc;
}
