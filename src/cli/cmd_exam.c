/* cmd_exam: `jiaoyan exam` — joint exams, their blueprint, assembly, check, swaps, printing and release, over domain/exam. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/bank.h"
#include "jiaoyan/cli.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/id.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/paperout.h"
#include "jiaoyan/records.h"

static int need_actor(struct cli *c, struct store **s, struct actor **a)
{
	int rc = cli_store(c, s);
	return rc ? rc : cli_actor(c, a);
}

static const char *get(const struct record *r, const char *key)
{
	return record_get(r, "exam", key);
}

static void names(struct buf *out, struct store *s, const char *ids)
{
	struct vec v = VEC_INIT(free);
	vec_split(&v, ids, ',');
	for (size_t i = 0; i < v.len; i++) {
		if (i)
			buf_puts(out, L("、", ", "));
		roster_name(out, s, v.items[i]);
	}
	vec_free(&v);
}

static void papers_state(struct buf *out, struct store *s, const struct record *exam)
{
	struct vec letters = VEC_INIT(free);
	vec_split(&letters, get(exam, "papers") ? get(exam, "papers") : "A,B", ',');
	for (size_t i = 0; i < letters.len; i++)
		buf_printf(out, "%s%s %s", i ? L("，", ", ") : "", (char *)letters.items[i],
			   exam_paper_state_label(exam_paper_state(s, exam, letters.items[i])));
	vec_free(&letters);
}

/* A key when some paper is still sealed: the actor's, asked for only when they are on the committee. */
static int key_if_needed(struct keyring_key **key, struct cli *c, const struct cli_args *a, struct store *s,
			 const struct record *exam)
{
	struct vec recs = VEC_INIT(store_item_free);
	struct actor *actor;
	int sealed = 0, rc = paper_list(&recs, s, exam, &c->err);
	for (size_t i = 0; rc == 0 && i < recs.len; i++)
		sealed |= !paper_is_released(((struct store_item *)recs.items[i])->rec);
	vec_free(&recs);
	if (rc || !sealed)
		return rc;
	if ((rc = cli_actor(c, &actor)))
		return rc;
	if (!actor->id || !exam_on_committee(exam, actor->id))
		return err_set(&c->err, JY_EPERM, L("试卷已密封：启封时间（%s）之前只有命题组成员可以打开", "the papers are sealed: before the release time (%s) only the committee opens them"),
			       get(exam, "release") ? get(exam, "release") : "—");
	return cli_open_key(key, c, a);
}

static void print_check(const struct vec *rows, int tsv)
{
	struct vec table = VEC_INIT(cli_row_free);
	struct vec *head = cli_row_new();
	if (tsv) {
		static const char *const h[] = { "paper", "constraint", "target", "actual", "ok" };
		for (size_t i = 0; i < 5; i++)
			vec_push_str(head, h[i]);
	} else {
		vec_push_str(head, L("试卷", "paper"));
		vec_push_str(head, L("要求", "constraint"));
		vec_push_str(head, L("目标", "target"));
		vec_push_str(head, L("实际", "actual"));
		vec_push_str(head, "");
	}
	vec_push(&table, head);
	for (size_t i = 0; i < rows->len; i++) {
		const struct exam_check_row *r = rows->items[i];
		struct vec *row = cli_row_new();
		vec_push_str(row, r->paper);
		vec_push_str(row, r->what);
		vec_push_str(row, r->target);
		vec_push_str(row, r->actual);
		vec_push_str(row, tsv ? (r->ok > 0 ? "yes" : r->ok == 0 ? "no" : "unknown") : r->ok > 0 ? "✓" : r->ok == 0 ? "✗" : "?");
		vec_push(&table, row);
	}
	cli_table(stdout, &table, tsv);
	vec_free(&table);
}

static int failed(const struct vec *rows)
{
	for (size_t i = 0; i < rows->len; i++)
		if (((const struct exam_check_row *)rows->items[i])->ok == 0)
			return 1;
	return 0;
}

int cmd_exam_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	struct record *r = record_new(), *group = NULL;
	struct bank_course course = { 0 };
	struct buf id = BUF_INIT;
	const struct type_def *t = schema_type("exam");
	int rc;
	(void)cmd;
	if ((rc = need_actor(c, &s, &actor)))
		goto cleanup;
	const char *term = cli_opt(a, "--term");
	if (!term && store_read(&group, s, "group.ini", NULL) == 0)
		term = record_get(group, "group", "term");
	if ((rc = bank_course(&course, s, cli_opt(a, "--course"), &c->err)))
		goto cleanup;
	if (strcmp(course.specialty, cli_opt(a, "--specialty")) != 0) {
		rc = err_set(&c->err, JY_EINVAL, L("课程 %s 属于专业 %s，不是 %s", "course %s belongs to specialty %s, not %s"), course.code,
			     course.specialty, cli_opt(a, "--specialty"));
		goto cleanup;
	}
	record_set(r, "exam", "term", term ? term : "");
	record_set(r, "exam", "specialty", course.specialty);
	record_set(r, "exam", "course", course.code);
	record_set(r, "exam", "name", cli_opt(a, "--name"));
	for (size_t i = 0; i < cli_noperands(a); i++)
		if ((rc = records_assign(r, t, cli_operand(a, i), &c->err)))
			goto cleanup;
	if ((rc = exam_normalise(r, &c->err)) || (rc = exam_new(&id, s, actor, r, &c->err)))
		goto cleanup;
	printf("%s\n", id.ptr);
cleanup:
	bank_course_release(&course);
	record_free(r);
	record_free(group);
	buf_release(&id);
	return rc;
}

int cmd_exam_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct vec items = VEC_INIT(store_item_free), rows = VEC_INIT(cli_row_free);
	struct store_query q = { .type = "exam", .term = cli_opt(a, "--term") };
	int tsv = cli_tsv(a), rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = store_list(&items, s, &q, NULL, &c->err)))
		goto cleanup;
	struct vec *head = cli_row_new();
	static const char *const keys[] = { "id", "term", "course", "name", "date", "committee", "release", "papers" };
	static const char *const zh[] = { "编号", "学期", "课程", "名称", "日期", "命题组", "启封时间", "试卷" };
	for (size_t i = 0; i < 8; i++)
		vec_push_str(head, tsv ? keys[i] : L(zh[i], keys[i]));
	vec_push(&rows, head);
	for (size_t i = 0; i < items.len; i++) {
		const struct record *e = ((struct store_item *)items.items[i])->rec;
		struct vec *row = cli_row_new();
		struct buf cell = BUF_INIT;
		for (size_t k = 0; k < 6; k++) {
			buf_reset(&cell);
			if (k == 5 && !tsv)
				names(&cell, s, get(e, "committee"));
			else
				buf_puts(&cell, get(e, keys[k]) ? get(e, keys[k]) : "");
			vec_push_str(row, cell.ptr);
		}
		vec_push_str(row, get(e, "release") ? get(e, "release") : "");
		buf_reset(&cell);
		papers_state(&cell, s, e);
		vec_push_str(row, cell.ptr);
		vec_push(&rows, row);
		buf_release(&cell);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&items);
	vec_free(&rows);
	return rc;
}

static void blueprint_table(struct store *s, const struct record *exam)
{
	struct exam_blueprint bp;
	struct jy_err e = JY_ERR_INIT;
	struct vec rows = VEC_INIT(cli_row_free);
	(void)s;
	if (exam_blueprint_read(&bp, exam, &e)) {
		cli_print(stdout, e.msg);
		fputc('\n', stdout);
		exam_blueprint_release(&bp);
		return;
	}
	struct vec *head = cli_row_new();
	static const char *const zh[] = { "行", "题型", "题数", "每题分值", "小计", "难度", "章节", "认知层次" };
	static const char *const en[] = { "row", "type", "count", "points", "subtotal", "difficulty", "chapters", "level" };
	for (size_t i = 0; i < 8; i++)
		vec_push_str(head, L(zh[i], en[i]));
	vec_push(&rows, head);
	const struct type_def *t = schema_type("exam");
	for (size_t i = 0; i < bp.rows.len; i++) {
		const struct exam_row *r = bp.rows.items[i];
		char sec[32];
		struct buf cell = BUF_INIT;
		struct vec *row = cli_row_new();
		snprintf(sec, sizeof(sec), "blueprint.%zu", i + 1);
		buf_printf(&cell, "%zu", i + 1);
		vec_push(row, buf_detach(&cell));
		schema_value_label(&cell, schema_field(t, sec, "type"), record_get(exam, sec, "type"));
		vec_push(row, buf_detach(&cell));
		buf_printf(&cell, "%u", r->count);
		vec_push(row, buf_detach(&cell));
		buf_printf(&cell, "%g", r->points);
		vec_push(row, buf_detach(&cell));
		buf_printf(&cell, "%g", r->count * r->points);
		vec_push(row, buf_detach(&cell));
		vec_push_str(row, record_get(exam, sec, "difficulty") ? record_get(exam, sec, "difficulty") : "");
		vec_push_str(row, record_get(exam, sec, "chapters") ? record_get(exam, sec, "chapters") : "");
		schema_value_label(&cell, schema_field(t, sec, "level"), record_get(exam, sec, "level"));
		vec_push(row, buf_detach(&cell));
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, 0);
	printf(L("合计 %g 分", "total %g points"), exam_blueprint_points(&bp));
	if (bp.total > 0)
		printf(L("（总分要求 %g）", " (target %g)"), bp.total);
	printf("\n");
	if (bp.dmean_max > 0)
		printf(L("平均难度目标：%g–%g（按分值加权）\n", "mean difficulty target: %g-%g (points-weighted)\n"), bp.dmean_min, bp.dmean_max);
	printf(L("章节覆盖：至少 %u%%", "chapter coverage: at least %u%%"), bp.coverage);
	if (bp.scope.len) {
		printf(L("（范围：", " (scope: "));
		for (size_t i = 0; i < bp.scope.len; i++) {
			if (i)
				printf("%s", L("、", ", "));
			cli_print(stdout, bp.scope.items[i]);
		}
		printf("%s", L("）", ")"));
	}
	printf("\n");
	const char *lv = get(exam, "levels");
	if (lv) {
		struct buf l = BUF_INIT;
		schema_value_label(&l, NULL, lv);
		printf(L("认知层次分值比例：%s（容差 ±%g 个百分点）\n", "level shares: %s (± %g points)\n"), l.ptr, bp.level_tol);
		buf_release(&l);
	}
	vec_free(&rows);
	exam_blueprint_release(&bp);
}

int cmd_exam_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct record *exam = NULL;
	struct buf line = BUF_INIT;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)))
		goto cleanup;
	const struct type_def *t = schema_type("exam");
	static const char *const keys[] = { "id", "term", "specialty", "course", "name", "date", "start", "minutes", "schools",
					    "scope", "standard", "grading", "release", NULL };
	for (size_t i = 0; keys[i]; i++) {
		const char *v = get(exam, keys[i]);
		if (!v)
			continue;
		buf_reset(&line);
		buf_printf(&line, "%s：", schema_field_label(schema_field(t, "exam", keys[i])));
		if (strcmp(keys[i], "course") == 0)
			records_name(&line, s, "course", v), buf_printf(&line, "（%s）", v);
		else
			buf_puts(&line, v);
		cli_print(stdout, line.ptr);
		fputc('\n', stdout);
	}
	struct vec members = VEC_INIT(free);
	vec_split(&members, get(exam, "committee"), ',');
	printf(L("命题组：%s\n", "committee: %s\n"), members.len ? "" : L("（未指定）", "(not named)"));
	for (size_t i = 0; i < members.len; i++) {
		struct buf pk = BUF_INIT, fp = BUF_INIT;
		buf_reset(&line);
		roster_name(&line, s, members.items[i]);
		if (keyring_public(&pk, s, members.items[i], NULL) == 0)
			keyring_fingerprint(&fp, pk.ptr);
		buf_printf(&line, L("（%s）公钥 %s", " (%s) key %s"), (char *)members.items[i], fp.len ? fp.ptr : L("未生成", "none yet"));
		fputs("  ", stdout);
		cli_print(stdout, line.ptr);
		fputc('\n', stdout);
		buf_release(&pk);
		buf_release(&fp);
	}
	vec_free(&members);
	buf_reset(&line);
	papers_state(&line, s, exam);
	printf(L("试卷：%s\n", "papers: %s\n"), line.ptr);
	printf("%s\n", L("双向细目表：", "blueprint:"));
	blueprint_table(s, exam);
cleanup:
	record_free(exam);
	buf_release(&line);
	return rc;
}

int cmd_exam_blueprint(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	struct record *exam = NULL;
	const char *id = cli_operand(a, 0), *op = cli_operand(a, 1);
	size_t n = cli_noperands(a);
	int rc;
	if (strcmp(op, "show") == 0) {
		if (n > 2)
			return cli_usage_error(c, cmd->name, L("show 不接受更多参数", "show takes nothing more"));
		if ((rc = cli_store(c, &s)) || (rc = exam_load(&exam, NULL, s, id, &c->err)))
			return rc;
		blueprint_table(s, exam);
		record_free(exam);
		return 0;
	}
	if (strcmp(op, "add") == 0) {
		struct vec as = VEC_INIT(NULL);
		if (n < 3)
			return cli_usage_error(c, cmd->name, L("add 需要 type=… count=… points=…", "add needs type=… count=… points=…"));
		for (size_t i = 2; i < n; i++) {
			if (!strchr(cli_operand(a, i), '=')) {
				vec_free(&as);
				return cli_usage_error(c, cmd->name, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), cli_operand(a, i));
			}
			vec_push(&as, (void *)cli_operand(a, i));
		}
		if ((rc = need_actor(c, &s, &actor)) == 0 && (rc = exam_blueprint_add(s, actor, id, &as, &c->err)) == 0 &&
		    exam_load(&exam, NULL, s, id, NULL) == 0)
			blueprint_table(s, exam);
		record_free(exam);
		vec_free(&as);
		return rc;
	}
	if (strcmp(op, "rm") == 0) {
		char *end;
		unsigned long row = n == 3 ? strtoul(cli_operand(a, 2), &end, 10) : 0;
		if (n != 3 || *end || !row)
			return cli_usage_error(c, cmd->name, L("rm 需要行号 N（从 1 开始）", "rm needs a row number N (from 1)"));
		if ((rc = need_actor(c, &s, &actor)) == 0)
			rc = exam_blueprint_rm(s, actor, id, (unsigned)row, &c->err);
		return rc;
	}
	return cli_usage_error(c, cmd->name, L("不认识的操作「%s」（add、rm、show）", "unknown operation \"%s\" (add, rm, show)"), op);
}

int cmd_exam_assemble(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	struct record *exam = NULL;
	struct keyring_key *key = NULL;
	struct vec rows = VEC_INIT(exam_check_row_free);
	struct exam_assemble_opts opts = { 0, cli_opt(a, "--papers") };
	int rc;
	if (cli_opt(a, "--seed")) {
		char *end;
		opts.seed = strtoull(cli_opt(a, "--seed"), &end, 10);
		if (*end || end == cli_opt(a, "--seed"))
			return cli_usage_error(c, cmd->name, L("--seed 须为非负整数", "--seed takes a whole number"));
	}
	if ((rc = need_actor(c, &s, &actor)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)) ||
	    (rc = exam_may(s, actor, exam, EXAM_ACT_PAPERS, &c->err)) || (rc = cli_open_key(&key, c, a)))
		goto cleanup;
	if ((rc = exam_assemble(&rows, s, actor, cli_operand(a, 0), &opts, key, &c->err)))
		goto cleanup;
	printf(L("已组卷并密封（种子 %llu）：\n", "assembled and sealed (seed %llu):\n"), opts.seed);
	print_check(&rows, 0);
cleanup:
	keyring_key_free(key);
	record_free(exam);
	vec_free(&rows);
	return rc;
}

int cmd_exam_check(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct record *exam = NULL;
	struct keyring_key *key = NULL;
	struct vec rows = VEC_INIT(exam_check_row_free), recs = VEC_INIT(store_item_free);
	int rc, tsv = cli_tsv(a);
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)) ||
	    (rc = key_if_needed(&key, c, a, s, exam)) || (rc = exam_check(&rows, s, cli_operand(a, 0), key, &c->err)))
		goto cleanup;
	print_check(&rows, tsv);
	paper_list(&recs, s, exam, NULL);
	for (size_t i = 0; !tsv && i < recs.len; i++) {
		const char *letter = paper_letter_upper(record_get(((struct store_item *)recs.items[i])->rec, "paper", "paper"));
		struct vec grid = VEC_INIT(cli_row_free);
		if (exam_grid(&grid, s, cli_operand(a, 0), letter, key, NULL) == 0) {
			printf(L("\n%s 卷双向细目表（章节 × 认知层次）：\n", "\npaper %s: chapters × cognitive levels:\n"), letter);
			cli_table(stdout, &grid, 0);
		}
		vec_free(&grid);
	}
	if (failed(&rows))
		rc = err_set(&c->err, JY_EINVAL, "%s", L("有要求没有满足（见 ✗）", "some constraints are not met (see ✗)"));
cleanup:
	keyring_key_free(key);
	record_free(exam);
	vec_free(&rows);
	vec_free(&recs);
	return rc;
}

int cmd_exam_swap(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	struct record *exam = NULL;
	struct keyring_key *key = NULL;
	struct vec rows = VEC_INIT(exam_check_row_free);
	char *end;
	unsigned long n = strtoul(cli_operand(a, 1), &end, 10);
	int rc;
	if (*end || !n)
		return cli_usage_error(c, cmd->name, L("N 是试卷中的题号（从 1 开始）", "N is the item's number in the paper (from 1)"));
	if ((rc = need_actor(c, &s, &actor)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)) ||
	    (rc = exam_may(s, actor, exam, EXAM_ACT_PAPERS, &c->err)) || (rc = cli_open_key(&key, c, a)))
		goto cleanup;
	if ((rc = exam_swap(&rows, s, actor, cli_operand(a, 0), cli_opt(a, "--paper"), (unsigned)n, cli_operand(a, 2), key, &c->err)))
		goto cleanup;
	printf(L("已换题并重新密封：\n", "swapped and re-sealed:\n"));
	print_check(&rows, 0);
cleanup:
	keyring_key_free(key);
	record_free(exam);
	vec_free(&rows);
	return rc;
}

int cmd_exam_print(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct record *exam = NULL, *paper = NULL, *group = NULL;
	struct keyring_key *key = NULL;
	struct paper_body *b = NULL;
	struct buf out = BUF_INIT, path = BUF_INIT, course = BUF_INIT;
	const char *format = cli_opt(a, "--format") ? cli_opt(a, "--format") : "html";
	int rc, flags = (cli_flag(a, "--key") ? PAPEROUT_KEY : 0) | (cli_flag(a, "--grading") ? PAPEROUT_GRADING : 0);
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)))
		goto cleanup;
	if (!paper_letter_lower(cli_opt(a, "--paper"))) {
		rc = cli_usage_error(c, cmd->name, L("--paper 为 A、B、C 或 D", "--paper is A, B, C or D"));
		goto cleanup;
	}
	paper_path(&path, get(exam, "term"), get(exam, "id"), cli_opt(a, "--paper"));
	if ((rc = store_read(&paper, s, path.ptr, &c->err))) {
		if (rc == JY_ENOTFOUND)
			err_set(&c->err, JY_ENOTFOUND, L("这场联考没有试卷 %s", "the exam has no paper %s"), paper_letter_upper(cli_opt(a, "--paper")));
		goto cleanup;
	}
	if (!paper_is_released(paper) && (rc = key_if_needed(&key, c, a, s, exam)))
		goto cleanup;
	if ((rc = paper_open(&b, s, exam, paper, key, 0, &c->err)))
		goto cleanup;
	store_read(&group, s, "group.ini", NULL);
	{
		struct buf cpath = BUF_INIT;
		struct record *cr = NULL;
		buf_printf(&cpath, "courses/%s/%s.ini", get(exam, "specialty"), get(exam, "course"));
		if (store_read(&cr, s, cpath.ptr, NULL) == 0 && record_get(cr, "course", "name"))
			buf_puts(&course, record_get(cr, "course", "name"));
		record_free(cr);
		buf_release(&cpath);
	}
	const char *gname = group ? record_get(group, "group", "name") : NULL;
	if (strcmp(format, "md") == 0)
		paperout_markdown(&out, exam, gname, course.len ? course.ptr : NULL, b, flags);
	else if (strcmp(format, "gift") == 0)
		rc = paperout_gift(&out, exam, b, &c->err);
	else
		paperout_html(&out, exam, gname, course.len ? course.ptr : NULL, b, flags);
	if (rc == 0)
		rc = cli_write_output("-", out.ptr, out.len, &c->err);
cleanup:
	paper_body_free(b);
	keyring_key_free(key);
	record_free(exam);
	record_free(paper);
	record_free(group);
	buf_release(&out);
	buf_release(&path);
	buf_release(&course);
	return rc;
}

static int committee_act(struct cli *c, const struct cli_args *a,
			 int (*act)(struct store *, const struct actor *, const char *, const struct keyring_key *, struct jy_err *),
			 const char *done_zh, const char *done_en)
{
	struct store *s;
	struct actor *actor;
	struct record *exam = NULL;
	struct keyring_key *key = NULL;
	int rc;
	if ((rc = need_actor(c, &s, &actor)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)) ||
	    (rc = exam_may(s, actor, exam, EXAM_ACT_PAPERS, &c->err)) || (rc = cli_open_key(&key, c, a)) ||
	    (rc = act(s, actor, cli_operand(a, 0), key, &c->err)))
		goto cleanup;
	printf("%s\n", L(done_zh, done_en));
cleanup:
	keyring_key_free(key);
	record_free(exam);
	return rc;
}

int cmd_exam_release(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct record *exam = NULL;
	int rc;
	(void)cmd;
	/* Before the time, say so before asking anyone for a passphrase. */
	if ((rc = cli_store(c, &s)) || (rc = exam_load(&exam, NULL, s, cli_operand(a, 0), &c->err)))
		return rc;
	if (!exam_released_time(exam)) {
		rc = err_set(&c->err, JY_EINVAL, L("启封时间（%s）还没到：之前不能启封", "the release time (%s) has not come: no release before it"),
			     get(exam, "release") ? get(exam, "release") : L("未设定", "not set"));
		record_free(exam);
		return rc;
	}
	record_free(exam);
	return committee_act(c, a, exam_release, "已启封：各校现在都可以打印试卷", "released: every school can print the papers now");
}

int cmd_exam_reseal(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	(void)cmd;
	return committee_act(c, a, exam_reseal, "已用新的文件密钥重新密封", "re-sealed with a new file key");
}
