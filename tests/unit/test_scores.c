/* test_scores: the scores record — CSV import against the papers (refusals by line), who may import, re-import, the analysis table. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/scores.h"
#include "jiaoyan/store.h"
#include "fixture.h"

static struct store *s;
static char exam[ID_LEN + 1];

static const double pa[4] = { 2, 2, 5, 10 };
static const double pb[4] = { 2, 2, 4, 10 };
static const struct scores_paper ab[2] = { { "A", pa, 4 }, { "B", pb, 4 } };
static const struct scores_paper only_a[1] = { { "A", pa, 4 } };

static char *encode(const struct record *r)
{
	struct buf b = BUF_INIT;
	assert_int_equal(codec_encode(&b, r, NULL), 0);
	return buf_detach(&b);
}

static struct record *parse_ok(const char *csv, const struct scores_paper *papers, size_t np, int blank_zero,
			       const char *want_enc)
{
	struct record *r = NULL;
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	const char *enc = NULL;
	size_t n = 0;
	if (scores_parse_csv(&r, &n, &enc, &problems, s, exam, "s01", papers, np, csv, strlen(csv), blank_zero, &err))
		fail_msg("scores_parse_csv: %s / %s", err.msg, problems.len ? (char *)problems.items[0] : "");
	assert_int_equal(problems.len, 0);
	assert_string_equal(enc, want_enc);
	vec_free(&problems);
	return r;
}

/* Expects JY_EINVAL and exactly the problems listed (NULL-terminated), each a substring of its message. */
static void parse_bad(const char *csv, const struct scores_paper *papers, size_t np, int blank_zero, ...)
{
	static struct record *sentinel = (struct record *)&sentinel;
	struct record *r = sentinel;
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	va_list ap;
	assert_int_equal(scores_parse_csv(&r, NULL, NULL, &problems, s, exam, "s01", papers, np, csv, strlen(csv), blank_zero, &err),
			 JY_EINVAL);
	assert_ptr_equal(r, sentinel);
	va_start(ap, blank_zero);
	size_t i = 0;
	for (const char *want; (want = va_arg(ap, const char *)); i++) {
		if (i >= problems.len)
			fail_msg("only %zu problems, \"%s\" missing (err: %s)", problems.len, want, err.msg);
		if (!strstr(problems.items[i], want))
			fail_msg("problem %zu \"%s\" lacks \"%s\"", i, (char *)problems.items[i], want);
	}
	va_end(ap);
	if (i != problems.len)
		fail_msg("%zu problems, expected %zu; first extra: %s", problems.len, i, (char *)problems.items[i]);
	if (!strstr(err.msg, "行有错误"))
		fail_msg("summary \"%s\"", err.msg);
	vec_free(&problems);
}

static void a_table_becomes_one_canonical_record(void **state)
{
	(void)state;
	/* Rows out of order, a/b in lower case, a BOM and CRLF: the record sorts students by 学号. */
	const char *csv = CSV_UTF8_BOM "学号,试卷,1,2,3,4\r\n"
					"2025003,b,2,0,4,9.5\r\n"
					"2025001,A,1.5,2,5,10\r\n"
					",,,,,\r\n"
					"2025002,a,0,0,0,0\r\n";
	struct record *r = parse_ok(csv, ab, 2, 0, "UTF-8 BOM");
	char *text = encode(r);
	struct buf want = BUF_INIT;
	buf_printf(&want,
		   "[scores]\nexam = %s\nschool = s01\npoints.A = 2,2,5,10\npoints.B = 2,2,4,10\n\n"
		   "[student]\n2025001 = A 1.5,2,5,10\n2025002 = A 0,0,0,0\n2025003 = B 2,0,4,9.5\n",
		   exam);
	assert_string_equal(text, want.ptr);
	struct vec problems = VEC_INIT(free);
	assert_int_equal(scores_check(r, &problems), 0);
	vec_free(&problems);
	free(text);
	buf_release(&want);
	record_free(r);

	/* One paper: 试卷 may be left out; a paper nobody sat is not stored. */
	r = parse_ok("学号,1,2,3,4\n2025009,2,2,5,10\n", only_a, 1, 0, "UTF-8");
	text = encode(r);
	assert_non_null(strstr(text, "school = s01\npoints.A = 2,2,5,10\n\n[student]\n2025009 = A 2,2,5,10\n"));
	assert_null(strstr(text, "points.B"));
	free(text);
	record_free(r);
	r = parse_ok("学号,试卷,1,2,3,4\n2025009,A,2,2,5,10\n", ab, 2, 0, "UTF-8");
	text = encode(r);
	assert_null(strstr(text, "points.B"));
	free(text);
	record_free(r);
}

static void gbk_and_blank_zero(void **state)
{
	(void)state;
	const char *utf8 = "学号,试卷,1,2,3,4\r\nS-001,A,1,,5,10\r\n";
	char gbk[256];
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8, *outp = gbk;
	size_t inleft = strlen(utf8), outleft = sizeof(gbk) - 1;
	assert_true(iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1);
	iconv_close(cd);
	*outp = '\0';
	assert_true(strlen(gbk) < strlen(utf8));
	parse_bad(gbk, ab, 2, 0, "第 2 行：第 2 题成绩为空", NULL);
	struct record *r = parse_ok(gbk, ab, 2, 1, "GBK");
	assert_string_equal(record_get(r, "student", "S-001"), "A 1,0,5,10");
	record_free(r);
}

static void bad_rows_are_listed_by_line(void **state)
{
	(void)state;
	/* Each row against its own paper: item 3 is worth 5 on A but 4 on B. */
	parse_bad("学号,试卷,1,2,3,4\n"
		  "2025001,A,2,2,5,10\n"
		  "2025002,B,2,2,5,10\n"
		  "2025003,B,2,2,4,10\n"
		  "张三,A,2,2,5,10\n"
		  "zhangsan,A,2,2,5,10\n",
		  ab, 2, 0, "第 3 行：第 3 题得 5 分，超过试卷 B 该题的满分 4 分", "第 5 行：学号「张三」只能由字母",
		  "第 6 行：学号「zhangsan」只能由字母", NULL);
	/* What every score table refuses (itemstats_read_csv): half points only, the largest points, duplicates. */
	parse_bad("学号,试卷,1,2,3,4\n"
		  "2025001,A,0.3,2,5,10\n"
		  "2025002,A,2,2,5,10.5\n"
		  "2025001,B,2,2,4,10\n",
		  ab, 2, 0, "第 2 行：第 1 题成绩「0.3」无效", "第 3 行：第 4 题得 10.5 分，超过满分 10 分", "第 4 行：学号 2025001 与第 2 行重复",
		  NULL);
	/* A paper the exam does not have. */
	parse_bad("学号,试卷,1,2,3,4\n2025001,B,2,2,4,10\n", only_a, 1, 0, "第 2 行：试卷 B 不是本次考试的试卷（A）", NULL);
}

static void the_header_must_fit_the_papers(void **state)
{
	(void)state;
	parse_bad("学号,1,2,3,4\n2025001,2,2,5,10\n", ab, 2, 0, "第 1 行：没有「试卷」列：本次考试有 A、B 卷", NULL);
	parse_bad("学号,1,2,3\n2025001,2,2,5\n", only_a, 1, 0, "第 1 行：表头有 3 道题，试卷 A 有 4 道题", NULL);
	parse_bad("\n学号,试卷,1,2,3,4,5\n2025001,A,2,2,5,10,1\n", ab, 2, 0, "第 2 行：表头有 5 道题，本次考试的试卷最多 4 道题", NULL);

	/* Papers of different lengths: B has three items, its fourth cell stays blank. */
	const double p3[3] = { 1, 1, 1 };
	const struct scores_paper uneven[2] = { { "A", pa, 4 }, { "B", p3, 3 } };
	parse_bad("学号,试卷,1,2,3,4\n"
		  "2025001,B,1,1,1,1\n"
		  "2025002,B,1,,1,\n"
		  "2025003,A,1,1,5,\n",
		  uneven, 2, 0, "第 2 行：试卷 B 只有 3 道题，第 4 题起应留空", "第 3 行：第 2 题成绩为空", "第 4 行：第 4 题成绩为空", NULL);
	struct record *r = parse_ok("学号,试卷,1,2,3,4\n2025001,B,1,0.5,1,\n2025003,A,1,1,5,7\n", uneven, 2, 0, "UTF-8");
	assert_string_equal(record_get(r, "student", "2025001"), "B 1,0.5,1");
	assert_string_equal(record_get(r, "scores", "points.B"), "1,1,1");
	assert_string_equal(record_get(r, "student", "2025003"), "A 1,1,5,7");
	record_free(r);
	/* The largest paper's fourth item on a B row: over B's points is not possible, it has none. */
	parse_bad("学号,试卷,1,2,3,4\n2025001,B,1,1,2,\n", uneven, 2, 0, "第 2 行：第 3 题得 2 分，超过试卷 B 该题的满分 1 分", NULL);

	/* The papers themselves. */
	struct jy_err err = JY_ERR_INIT;
	struct record *out = NULL;
	const struct scores_paper bad[1] = { { "C", pa, 4 } };
	assert_int_equal(scores_parse_csv(&out, NULL, NULL, NULL, s, exam, "s01", bad, 1, "x", 1, 0, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "试卷名「C」无效"));
	assert_int_equal(scores_parse_csv(&out, NULL, NULL, NULL, s, exam, "../s01", ab, 2, "x", 1, 0, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "学校代码"));
	assert_null(out);
}

static const char *good_csv = "学号,试卷,1,2,3,4\n2025001,A,2,2,5,10\n2025002,B,1,0,2,6.5\n";

static int import_as(struct actor *a, const char *school, const char *csv, struct jy_err *err)
{
	struct vec problems = VEC_INIT(free);
	size_t n = 0;
	int rc = scores_import_csv(&n, NULL, &problems, s, a, exam, school, ab, 2, csv, strlen(csv), 0, err);
	vec_free(&problems);
	return rc;
}

static void head(char out[41])
{
	store_head(s, out);
}

static void who_may_import(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct actor *s02_teacher = fixture_actor("youkai"), *s01_teacher = fixture_actor("mowanqing"), *s02_admin = fixture_actor("shimingzhe"),
		     *lead_admin = fixture_actor("cenlixing");
	char before[41], after[41];
	head(before);
	/* Refused whatever the file holds: a bad file gets the same answer. */
	assert_int_equal(import_as(s02_teacher, "s01", good_csv, &err), JY_EPERM);
	assert_non_null(strstr(err.msg, "只有s01的人员"));
	assert_int_equal(import_as(s02_teacher, "s01", "garbage", &err), JY_EPERM);
	assert_int_equal(import_as(s02_admin, "s01", good_csv, &err), JY_EPERM);
	head(after);
	assert_string_equal(before, after);

	assert_int_equal(import_as(s01_teacher, "s01", good_csv, &err), 0);
	struct buf path = BUF_INIT;
	buf_printf(&path, "scores/%s/s01.ini", exam);
	assert_true(store_exists(s, path.ptr));
	assert_int_equal(import_as(s02_admin, "s02", good_csv, &err), 0);
	assert_int_equal(import_as(lead_admin, "s03", good_csv, &err), 0);

	/* The same rule for a generic edit, a sync or the hook: records_permit. */
	struct record *r = NULL;
	assert_int_equal(store_read(&r, s, path.ptr, &err), 0);
	assert_int_equal(records_permit(s, s02_teacher, schema_type("scores"), r, r, &err), JY_EPERM);
	assert_int_equal(records_permit(s, s01_teacher, schema_type("scores"), r, NULL, &err), 0);
	assert_int_equal(records_permit(s, lead_admin, schema_type("scores"), r, r, &err), 0);
	record_free(r);
	buf_release(&path);
	actor_free(s02_teacher);
	actor_free(s01_teacher);
	actor_free(s02_admin);
	actor_free(lead_admin);
}

static size_t commits_of(const char *path)
{
	struct vec h = VEC_INIT(store_commit_free);
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(store_history(&h, s, path, &err), 0);
	size_t n = h.len;
	vec_free(&h);
	return n;
}

static void reimport_replaces_in_one_commit(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct actor *t = fixture_actor("suyuan");
	struct buf path = BUF_INIT;
	char before[41], after[41];
	buf_printf(&path, "scores/%s/s01.ini", exam);
	size_t n0 = commits_of(path.ptr);
	assert_true(n0 >= 1);

	/* A bad file: nothing written, HEAD where it was. */
	head(before);
	assert_int_equal(import_as(t, "s01", "学号,试卷,1,2,3,4\n2025001,A,3,2,5,10\n", &err), JY_EINVAL);
	head(after);
	assert_string_equal(before, after);

	/* The same table again: nothing to commit. */
	assert_int_equal(import_as(t, "s01", good_csv, &err), 0);
	head(after);
	assert_string_equal(before, after);

	/* A new table replaces the old one whole: 2025002 is gone, 2025004 is in. */
	assert_int_equal(import_as(t, "s01", "学号,试卷,1,2,3,4\n2025001,A,2,2,4,9\n2025004,B,0,0,0,0\n", &err), 0);
	assert_int_equal(commits_of(path.ptr), n0 + 1);
	struct record *r = NULL;
	assert_int_equal(store_read(&r, s, path.ptr, &err), 0);
	assert_string_equal(record_get(r, "student", "2025001"), "A 2,2,4,9");
	assert_null(record_get(r, "student", "2025002"));
	assert_string_equal(record_get(r, "student", "2025004"), "B 0,0,0,0");
	record_free(r);
	struct vec h = VEC_INIT(store_commit_free);
	assert_int_equal(store_history(&h, s, path.ptr, &err), 0);
	const struct store_commit *c = h.items[0];
	assert_non_null(strstr(c->message, "导入成绩：期中联考 · "));
	assert_non_null(strstr(c->message, "（2 名学生）"));
	vec_free(&h);
	buf_release(&path);
	actor_free(t);
}

static void a_stored_record_is_checked(void **state)
{
	(void)state;
	struct record *r = record_new();
	struct jy_err err = JY_ERR_INIT;
	record_set(r, "scores", "exam", exam);
	record_set(r, "scores", "school", "s01");
	record_set(r, "scores", "points.A", "2,2,5,10");
	record_set(r, "student", "2025001", "A 2,2,5");
	record_set(r, "student", "2025002", "A 2,2,5.5,10");
	record_set(r, "student", "2025003", "B 2,2,5,10");
	record_set(r, "student", "abc", "A 2,2,5,10");
	record_set(r, "student", "2025005", "A2,2,5,10");
	assert_int_equal(records_validate(s, schema_type("scores"), r, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "学号 2025001：有 3 个得分，试卷 A 有 4 道题"));
	assert_non_null(strstr(err.msg, "学号 2025002：第 3 题得分 5.5 无效"));
	assert_non_null(strstr(err.msg, "学号 2025003：没有试卷 B 的各题分值"));
	assert_non_null(strstr(err.msg, "学号「abc」只能由字母"));
	assert_non_null(strstr(err.msg, "学号 2025005：应为「试卷 各题得分」"));
	record_free(r);

	r = record_new();
	record_set(r, "scores", "exam", exam);
	record_set(r, "scores", "school", "s01");
	record_set(r, "scores", "points.A", "2,,5");
	assert_int_equal(records_validate(s, schema_type("scores"), r, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "试卷 A 的各题分值"));
	assert_non_null(strstr(err.msg, "成绩表没有学生"));
	record_free(r);
}

static struct record *rec(const char *school, const char *papers, const char *const *students)
{
	struct record *r = record_new();
	record_set(r, "scores", "exam", exam);
	record_set(r, "scores", "school", school);
	for (const char *p = papers; *p; p += 2) {
		char key[16];
		snprintf(key, sizeof(key), "points.%c", *p);
		record_set(r, "scores", key, *p == 'A' ? "2,2,5,10" : p[1] == '=' ? "2,2,5,10" : "2,2,4,10");
	}
	for (size_t i = 0; students[i]; i += 2)
		record_set(r, "student", students[i], students[i + 1]);
	return r;
}

static void the_analysis_table(void **state)
{
	(void)state;
	const char *const s1[] = { "1001", "A 2,2,5,10", "1002", "B 0,1,4,3", "1003", "A 1,0,0,2.5", NULL };
	const char *const s2[] = { "2001", "A 0,0,1,1", NULL };
	struct record *r1 = rec("s01", "A.B.", s1), *r2 = rec("s02", "A.", s2);
	const struct record *recs[2] = { r1, r2 };
	struct itemstats_table *t = NULL;
	struct jy_err err = JY_ERR_INIT;

	assert_int_equal(scores_table(&t, recs, 2, "A", &err), 0);
	assert_int_equal(t->n, 3);
	assert_int_equal(t->k, 4);
	assert_string_equal(t->students[0], "1001");
	assert_string_equal(t->students[1], "1003");
	assert_string_equal(t->students[2], "2001");
	assert_string_equal(t->groups[0], "s01");
	assert_string_equal(t->groups[2], "s02");
	assert_string_equal(t->papers[1], "A");
	assert_true(t->scores[1 * 4 + 3] == 2.5);
	assert_true(t->points[2] == 5);
	itemstats_table_free(t);
	t = NULL;

	assert_int_equal(scores_table(&t, recs, 2, "B", &err), 0);
	assert_int_equal(t->n, 1);
	assert_true(t->points[2] == 4);
	itemstats_table_free(t);
	t = NULL;

	/* A and B differ in item 3: they cannot be pooled. */
	assert_int_equal(scores_table(&t, recs, 2, NULL, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "试卷 A 和 B 的题目分值不同"));
	assert_int_equal(scores_table(&t, recs, 1, "C", &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "没有试卷 C 的成绩"));
	assert_null(t);

	/* Pooled when the papers are parallel; a school whose points differ is named. */
	const char *const s3[] = { "3001", "B 2,2,5,10", NULL };
	struct record *r3 = rec("s03", "A.B=", s3);
	const struct record *par[2] = { r2, r3 };
	assert_int_equal(scores_table(&t, par, 2, NULL, &err), 0);
	assert_int_equal(t->n, 2);
	assert_string_equal(t->papers[1], "B");
	itemstats_table_free(t);
	t = NULL;
	record_set(r3, "scores", "points.A", "2,2,5,9");
	record_set(r3, "student", "3002", "A 1,1,1,1");
	assert_int_equal(scores_table(&t, par, 2, "A", &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "试卷 A 的各题分值在 s02 和 s03 的成绩中不同"));

	struct vec labels = VEC_INIT(free);
	scores_papers(&labels, recs, 2);
	assert_int_equal(labels.len, 2);
	assert_string_equal(labels.items[0], "A");
	assert_string_equal(labels.items[1], "B");
	vec_free(&labels);
	record_free(r1);
	record_free(r2);
	record_free(r3);
}

static void listed_by_exam(void **state)
{
	(void)state;
	struct vec items = VEC_INIT(store_item_free);
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(scores_list(&items, s, exam, &err), 0);
	assert_int_equal(items.len, 3);
	const struct store_item *it = items.items[0];
	assert_string_equal(record_get(it->rec, "scores", "school"), "s01");
	it = items.items[2];
	assert_string_equal(record_get(it->rec, "scores", "school"), "s03");
	vec_free(&items);
	assert_int_equal(scores_list(&items, s, "01nosuchexam", &err), 0);
	assert_int_equal(items.len, 0);
	assert_int_equal(scores_list(&items, s, "../x", &err), JY_EINVAL);
}

static int setup(void **state)
{
	struct jy_err err = JY_ERR_INIT;
	(void)state;
	s = fixture_demo("scores");
	/* An exam record for the scores to refer to, written as the store's own (the exam module is not ours). */
	id_new(exam);
	struct record *r = record_new();
	record_set(r, "exam", "id", exam);
	record_set(r, "exam", "term", "2026-2027-1");
	record_set(r, "exam", "specialty", "530701");
	record_set(r, "exam", "course", "wdyy");
	record_set(r, "exam", "name", "期中联考");
	struct store_txn *txn = NULL;
	struct store_sig sig = { "测试", "test@example.org" };
	char *p = xasprintf("exams/2026-2027-1/%s.ini", exam);
	assert_int_equal(store_txn_begin(&txn, s, &err), 0);
	assert_int_equal(store_txn_put(txn, p, r, &err), 0);
	assert_int_equal(store_txn_commit(txn, &sig, "exam", NULL, &err), 0);
	store_txn_free(txn);
	free(p);
	record_free(r);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(a_table_becomes_one_canonical_record),
		cmocka_unit_test(gbk_and_blank_zero),
		cmocka_unit_test(bad_rows_are_listed_by_line),
		cmocka_unit_test(the_header_must_fit_the_papers),
		cmocka_unit_test(who_may_import),
		cmocka_unit_test(reimport_replaces_in_one_commit),
		cmocka_unit_test(a_stored_record_is_checked),
		cmocka_unit_test(the_analysis_table),
		cmocka_unit_test(listed_by_exam),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
