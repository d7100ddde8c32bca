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


static int usage(struct cli *c, const char *fmt, const char *arg)
{
	return cli_usage_error(c, "plan", fmt, arg ? arg : "");
}

/* "--opt VALUE" or "--opt=VALUE" at argv[*i]: 1 when consumed (value in *out), 0 when not this option, -1 on a missing value. */
static int opt_value(struct cli *c, const char *name, int argc, char **argv, int *i, const char **out)
{
	size_t n = strlen(name);
	if (strcmp(argv[*i], name) == 0) {
		if (*i + 1 >= argc)
			return usage(c, L("%s 缺少参数", "%s needs a value"), name), -1;
		*out = argv[++*i];
		return 1;
	}
	if (strncmp(argv[*i], name, n) == 0 && argv[*i][n] == '=') {
		*out = argv[*i] + n + 1;
		return 1;
	}
	return 0;
}

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
	if (tsv)
		fputs("severity\trow\tmetric\tmessage\tclause\n", f);
	for (size_t i = 0; i < findings->len; i++) {
		const struct rules_finding *fd = findings->items[i];
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
	buf_release(&line);
}

static int plan_new_cmd(struct cli *c, int argc, char **argv)
{
	const char *term = NULL, *school = NULL, *specialty = NULL, *from = NULL;
	struct buf id = BUF_INIT;
	struct vec notes = VEC_INIT(free);
	struct store *s;
	struct actor *a;
	char filing[12];
	int rc = 0;
	for (int i = 2; i < argc; i++) {
		int got;
		if ((got = opt_value(c, "--term", argc, argv, &i, &term)) || (got = opt_value(c, "--school", argc, argv, &i, &school)) ||
		    (got = opt_value(c, "--specialty", argc, argv, &i, &specialty)) || (got = opt_value(c, "--from", argc, argv, &i, &from))) {
			if (got < 0)
				return JY_EUSAGE;
			continue;
		}
		return usage(c, L("plan new：无法理解参数「%s」", "plan new: unexpected argument \"%s\""), argv[i]);
	}
	if (!specialty)
		return usage(c, L("plan new 需要 --specialty 专业代码%s", "plan new needs --specialty CODE%s"), "");
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	/* The usual case is the next term for one's own school: let people leave those out. */
	if (!term) {
		if ((rc = plan_filing_term(filing, s, &c->err)))
			return rc;
		term = filing;
	}
	if (!school)
		school = a->school;
	if (!school)
		return usage(c, L("plan new 需要 --school 学校代码（当前身份没有所属学校）%s", "plan new needs --school ID (you have no school)%s"), "");
	rc = plan_new(&id, &notes, s, a, term, school, specialty, from, &c->err);
	if (rc == 0) {
		for (size_t i = 0; i < notes.len; i++) {
			fputs(L("注意：", "note: "), stderr);
			cli_print(stderr, notes.items[i]);
			fputc('\n', stderr);
		}
		printf("%s\n", id.ptr);
	}
	buf_release(&id);
	vec_free(&notes);
	return rc;
}

static int plan_course_cmd(struct cli *c, int argc, char **argv)
{
	struct store *s;
	struct actor *a;
	size_t row = 0, to = 0;
	int rc;
	if (argc < 4)
		return usage(c, L("用法：plan course ID add|set N|rm N|move N TO [KEY=VALUE ...]%s", "usage: plan course ID add|set N|rm N|move N TO [KEY=VALUE ...]%s"), "");
	const char *id = argv[2], *op = argv[3];
	int first = 4;
	if (strcmp(op, "set") == 0 || strcmp(op, "rm") == 0 || strcmp(op, "move") == 0) {
		if (argc < 5 || parse_row(argv[4], &row))
			return usage(c, L("plan course %s 需要行号 N（从 1 开始）", "plan course %s needs a row number N (from 1)"), op);
		first = 5;
	} else if (strcmp(op, "add") != 0) {
		return usage(c, L("plan course：不认识的操作「%s」（add、set、rm、move）", "plan course: unknown operation \"%s\" (add, set, rm, move)"), op);
	}
	if (strcmp(op, "move") == 0) {
		if (argc != 6 || parse_row(argv[5], &to))
			return usage(c, L("plan course ID move N TO：TO 是目标行号%s", "plan course ID move N TO: TO is the target row%s"), "");
		first = 6;
	}
	if (strcmp(op, "rm") == 0 && argc > 5)
		return usage(c, L("plan course ID rm N 不接受 KEY=VALUE（多余的「%s」）", "plan course ID rm N takes no KEY=VALUE (extra \"%s\")"), argv[5]);
	if ((strcmp(op, "add") == 0 || strcmp(op, "set") == 0) && argc <= first)
		return usage(c, L("plan course %s 需要至少一个 KEY=VALUE", "plan course %s needs at least one KEY=VALUE"), op);
	for (int i = first; i < argc; i++)
		if (!strchr(argv[i], '=') || argv[i][0] == '=')
			return usage(c, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), argv[i]);
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	const char *const *assign = (const char *const *)(argv + first);
	size_t n = (size_t)(argc - first);
	if (strcmp(op, "add") == 0) {
		rc = plan_course_add(&row, s, a, id, assign, n, &c->err);
		if (rc == 0)
			printf(L("已添加第 %zu 行\n", "added row %zu\n"), row);
	} else if (strcmp(op, "set") == 0) {
		rc = plan_course_set(s, a, id, row, assign, n, &c->err);
	} else if (strcmp(op, "rm") == 0) {
		rc = plan_course_rm(s, a, id, row, &c->err);
	} else {
		rc = plan_course_move(s, a, id, row, to, &c->err);
	}
	return rc;
}

static int plan_import_cmd(struct cli *c, int argc, char **argv)
{
	struct buf data = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	struct store *s;
	struct actor *a;
	const char *enc = NULL;
	size_t n = 0;
	int rc;
	if (argc != 4)
		return usage(c, L("用法：plan import ID FILE.csv%s", "usage: plan import ID FILE.csv%s"), "");
	if ((rc = need_actor(c, &s, &a)) || (rc = editor_read_file(&data, argv[3], &c->err)))
		goto cleanup;
	rc = plan_import_csv(&n, &enc, &problems, s, a, argv[2], data.ptr, data.len, &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		fputs("jiaoyan: ", stderr);
		cli_print(stderr, problems.items[i]);
		fputc('\n', stderr);
	}
	if (rc == 0)
		printf(L("已从 %s 导入 %zu 行课程（%s 编码）\n", "%s: imported %zu course rows (%s)\n"), argv[3], n, enc ? enc : "?");
cleanup:
	buf_release(&data);
	vec_free(&problems);
	return rc;
}

static int plan_export_cmd(struct cli *c, int argc, char **argv)
{
	struct buf out = BUF_INIT;
	struct store *s;
	int rc;
	if (argc != 4)
		return usage(c, L("用法：plan export ID FILE.csv（FILE 为 - 时写到标准输出）%s", "usage: plan export ID FILE.csv (- for standard output)%s"), "");
	if ((rc = cli_store(c, &s)) || (rc = plan_export_csv(&out, s, argv[2], &c->err)))
		goto cleanup;
	const char *file = argv[3];
	FILE *f = strcmp(file, "-") == 0 ? stdout : fopen(file, "wb");
	if (!f) {
		rc = err_set(&c->err, JY_EIO, L("无法写入 %s：%s", "cannot write %s: %s"), file, strerror(errno));
		goto cleanup;
	}
	int bad = fwrite(out.ptr, 1, out.len, f) != out.len;
	if (f != stdout)
		bad |= fclose(f) != 0;
	else
		bad |= fflush(f) != 0;
	if (bad)
		rc = err_set(&c->err, JY_EIO, L("写入 %s 失败：%s", "writing %s failed: %s"), file, strerror(errno));
cleanup:
	buf_release(&out);
	return rc;
}

static int plan_check_cmd(struct cli *c, int argc, char **argv)
{
	struct vec findings = VEC_INIT(rules_finding_free);
	struct record *plan = NULL;
	struct store *s;
	const char *id = NULL;
	int tsv = 0, rc = 0;
	for (int i = 2; i < argc; i++) {
		int f = cli_format_opt(c, "plan", argc, argv, &i, &tsv);
		if (f < 0)
			return JY_EUSAGE;
		if (f)
			continue;
		if (id || argv[i][0] == '-')
			return usage(c, L("plan check：无法理解参数「%s」", "plan check: unexpected argument \"%s\""), argv[i]);
		id = argv[i];
	}
	if (!id)
		return usage(c, L("plan check 需要授课计划编号 ID%s", "plan check needs a plan ID%s"), "");
	if ((rc = cli_store(c, &s)) || (rc = plan_load(&plan, NULL, s, id, &c->err)) ||
	    (rc = rules_check_plan(&findings, s, plan, &c->err)))
		goto cleanup;
	print_findings(stdout, &findings, tsv);
	size_t errors = rules_count(&findings, RULES_ERROR);
	if (errors)
		rc = err_set(&c->err, JY_EINVAL, L("合规检查发现 %zu 个错误", "the compliance check found %zu errors"), errors);
cleanup:
	record_free(plan);
	vec_free(&findings);
	return rc;
}

static int plan_submit_cmd(struct cli *c, int argc, char **argv)
{
	struct vec findings = VEC_INIT(rules_finding_free);
	struct store *s;
	struct actor *a;
	const char *id = NULL;
	int despite = 0, rc;
	for (int i = 2; i < argc; i++) {
		if (strcmp(argv[i], "--despite-errors") == 0)
			despite = 1;
		else if (!id && argv[i][0] != '-')
			id = argv[i];
		else
			return usage(c, L("plan submit：无法理解参数「%s」", "plan submit: unexpected argument \"%s\""), argv[i]);
	}
	if (!id)
		return usage(c, L("plan submit 需要授课计划编号 ID%s", "plan submit needs a plan ID%s"), "");
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	rc = plan_submit(&findings, s, a, id, despite, &c->err);
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

static int plan_review_cmd(struct cli *c, int argc, char **argv)
{
	struct plan_row_comment *rows = xcalloc((size_t)argc, sizeof(*rows));
	struct store *s;
	struct actor *a;
	const char *id = NULL, *comment = NULL, *row = NULL;
	size_t nrows = 0;
	int verdict = -1, rc = 0;
	for (int i = 2; i < argc; i++) {
		int got;
		if (strcmp(argv[i], "--approve") == 0 || strcmp(argv[i], "--return") == 0) {
			int v = strcmp(argv[i], "--approve") == 0;
			if (verdict >= 0 && verdict != v) {
				rc = usage(c, L("--approve 和 --return 只能选一个%s", "give one of --approve and --return%s"), "");
				goto cleanup;
			}
			verdict = v;
			continue;
		}
		if ((got = opt_value(c, "--comment", argc, argv, &i, &comment))) {
			if (got < 0) {
				rc = JY_EUSAGE;
				goto cleanup;
			}
			continue;
		}
		if ((got = opt_value(c, "--row", argc, argv, &i, &row))) {
			const char *eq = got > 0 ? strchr(row, '=') : NULL;
			struct buf num = BUF_INIT;
			if (eq)
				buf_add(&num, row, (size_t)(eq - row));
			int bad = got < 0 || !eq || parse_row(num.ptr, &rows[nrows].row);
			buf_release(&num);
			if (bad) {
				rc = got < 0 ? JY_EUSAGE : usage(c, L("--row 需要 N=意见（N 为行号），而不是「%s」", "--row needs N=TEXT (N a row number), not \"%s\""), row);
				goto cleanup;
			}
			rows[nrows++].text = eq + 1;
			continue;
		}
		if (id || argv[i][0] == '-') {
			rc = usage(c, L("plan review：无法理解参数「%s」", "plan review: unexpected argument \"%s\""), argv[i]);
			goto cleanup;
		}
		id = argv[i];
	}
	if (!id || verdict < 0) {
		rc = usage(c, L("用法：plan review ID --approve|--return --comment 意见 [--row N=意见 ...]%s",
				"usage: plan review ID --approve|--return --comment TEXT [--row N=TEXT ...]%s"), "");
		goto cleanup;
	}
	if ((rc = need_actor(c, &s, &a)))
		goto cleanup;
	rc = plan_review(s, a, id, verdict, comment, rows, nrows, &c->err);
	if (rc == 0)
		printf(verdict ? L("已通过 %s\n", "approved %s\n") : L("已退回 %s，等待学校整改后重新提交\n", "returned %s for rectification\n"), id);
cleanup:
	free(rows);
	return rc;
}

static int plan_reopen_cmd(struct cli *c, int argc, char **argv)
{
	struct store *s;
	struct actor *a;
	int rc;
	if (argc != 3 || argv[2][0] == '-')
		return usage(c, L("用法：plan reopen ID%s", "usage: plan reopen ID%s"), "");
	if ((rc = need_actor(c, &s, &a)))
		return rc;
	rc = plan_reopen(s, a, argv[2], &c->err);
	if (rc == 0)
		printf(L("已重新打开 %s，现为草稿；修改后须重新提交审核\n", "reopened %s as a draft; submit it again for review\n"), argv[2]);
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

static int plan_status_cmd(struct cli *c, int argc, char **argv)
{
	struct plan_status *st = NULL;
	struct vec rows = VEC_INIT(cli_row_free);
	struct store *s;
	const char *term = NULL;
	int tsv = 0, rc;
	for (int i = 2; i < argc; i++) {
		int f = cli_format_opt(c, "plan", argc, argv, &i, &tsv);
		if (f < 0)
			return JY_EUSAGE;
		if (f)
			continue;
		if ((f = opt_value(c, "--term", argc, argv, &i, &term))) {
			if (f < 0)
				return JY_EUSAGE;
			continue;
		}
		return usage(c, L("plan status：无法理解参数「%s」", "plan status: unexpected argument \"%s\""), argv[i]);
	}
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

/* The filing as a person reads it: header, course table, findings per row, reviews. */
static int plan_show_cmd(struct cli *c, int argc, char **argv)
{
	const struct type_def *t = schema_type("plan");
	struct vec findings = VEC_INIT(rules_finding_free), rows = VEC_INIT(cli_row_free);
	struct record *plan = NULL;
	struct buf b = BUF_INIT;
	struct store *s;
	int rc;
	if (argc != 3 || argv[2][0] == '-')
		return usage(c, L("用法：plan show ID%s", "usage: plan show ID%s"), "");
	if ((rc = cli_store(c, &s)) || (rc = plan_load(&plan, NULL, s, argv[2], &c->err)))
		goto cleanup;
	/* A plan whose rule set cannot be read is still worth showing. */
	struct jy_err ignored = JY_ERR_INIT;
	int checked = rules_check_plan(&findings, s, plan, &ignored) == 0;
	const char *state = record_get(plan, "plan", "state");
	buf_printf(&b, L("授课计划 %s  状态：%s  第 %s 版", "plan %s  state: %s  revision %s"), argv[2],
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
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, 0);
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
			if (strncmp(k, "row.", 4) == 0)
				buf_printf(&b, L("  第 %s 行：%s\n", "  row %s: %s\n"), k + 4, record_value(plan, (size_t)at, j));
		}
		cli_print(stdout, b.ptr);
	}
cleanup:
	record_free(plan);
	vec_free(&findings);
	vec_free(&rows);
	buf_release(&b);
	return rc;
}

int cmd_plan(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return usage(c, L("缺少子命令（new course import export check submit review reopen status show）%s",
				  "missing the subcommand (new course import export check submit review reopen status show)%s"),
			     "");
	const char *sub = argv[1];
	if (strcmp(sub, "new") == 0)
		return plan_new_cmd(c, argc, argv);
	if (strcmp(sub, "course") == 0)
		return plan_course_cmd(c, argc, argv);
	if (strcmp(sub, "import") == 0)
		return plan_import_cmd(c, argc, argv);
	if (strcmp(sub, "export") == 0)
		return plan_export_cmd(c, argc, argv);
	if (strcmp(sub, "check") == 0)
		return plan_check_cmd(c, argc, argv);
	if (strcmp(sub, "submit") == 0)
		return plan_submit_cmd(c, argc, argv);
	if (strcmp(sub, "review") == 0)
		return plan_review_cmd(c, argc, argv);
	if (strcmp(sub, "reopen") == 0)
		return plan_reopen_cmd(c, argc, argv);
	if (strcmp(sub, "status") == 0)
		return plan_status_cmd(c, argc, argv);
	if (strcmp(sub, "show") == 0)
		return plan_show_cmd(c, argc, argv);
	return usage(c, L("没有子命令「%s」", "no subcommand \"%s\""), sub);
}
