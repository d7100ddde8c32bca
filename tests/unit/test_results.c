/* test_results: the analysis laid out (rows, bars, HTML, XLSX); with RESULTS_SAMPLES=DIR it writes the three-school fixture's outputs for tests/cli/results.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/record.h"
#include "jiaoyan/results.h"
#include "jiaoyan/scores.h"

#define CREATED 1795305600 /* 2026-11-22: identical workbooks */

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in: %.600s", needle, hay);
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* ---- the three-school fixture (tests/fixtures/results) ---- */

static const double fixture_points[6] = { 2, 2, 2, 4, 5, 10 };
static const struct {
	const char *school, *file;
} fixture_files[3] = {
	{ "s01", "tests/fixtures/results/s01.utf8bom.csv" },
	{ "s02", "tests/fixtures/results/s02.gbk.csv" },
	{ "s03", "tests/fixtures/results/s03.utf8.csv" },
};
/* School names with what HTML must escape. */
static const char *const fixture_names[3] = { "第一职业学校", "第二技工学校 & <分校>", "第三职校" };

struct fixture {
	struct itemstats_table *t;
	struct itemstats_compare *c;
	struct results_paper paper;
};

static int fixture_load(struct fixture *f, struct jy_err *err)
{
	const struct scores_paper a = { "A", fixture_points, 6 };
	struct record *recs[3] = { NULL, NULL, NULL };
	int rc = 0;
	memset(f, 0, sizeof(*f));
	for (size_t i = 0; i < 3 && !rc; i++) {
		struct buf data = BUF_INIT;
		if (!(rc = editor_read_file(&data, fixture_files[i].file, err)))
			rc = scores_parse_csv(&recs[i], NULL, NULL, NULL, NULL, "exam1", fixture_files[i].school, &a, 1, data.ptr,
					      data.len, 0, err);
		buf_release(&data);
	}
	if (!rc)
		rc = scores_table(&f->t, (const struct record *const *)recs, 3, "A", err);
	if (!rc)
		rc = itemstats_compare(&f->c, f->t, NULL, err);
	for (size_t i = 0; i < 3; i++)
		record_free(recs[i]);
	if (rc)
		return rc;
	f->paper = (struct results_paper){ .label = "A", .all = f->c->all, .groups = f->c->groups, .ngroups = f->c->ngroups,
		.group_names = fixture_names };
	return 0;
}

static void fixture_free(struct fixture *f)
{
	itemstats_compare_free(f->c);
	itemstats_table_free(f->t);
}

static const struct results_pair fixture_meta[] = { { "课程", "网店运营" }, { "考试日期", "2026-12-20" } };

static struct results_report fixture_report(const struct fixture *f)
{
	struct results_report r = { .title = "2026-2027-1 网店运营联考 <成绩分析>", .meta = fixture_meta, .nmeta = 2,
		.papers = &f->paper, .npapers = 1, .opts = ITEMSTATS_OPTS_INIT };
	return r;
}

/* Rows as tab-separated lines (cells here never hold a tab). */
static void rows_text(struct buf *out, const struct vec *rows)
{
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		for (size_t k = 0; k < row->len; k++)
			buf_printf(out, "%s%s", k ? "\t" : "", (const char *)row->items[k]);
		buf_putc(out, '\n');
	}
}

static void row_free(void *row)
{
	vec_free(row);
	free(row);
}

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *fp = fopen(path, "wb");
	int bad = !fp || fwrite(data, 1, len, fp) != len;
	if (fp)
		bad |= fclose(fp) != 0;
	if (bad)
		fprintf(stderr, "cannot write %s\n", path);
	free(path);
	return bad;
}

static int write_samples(const char *dir)
{
	struct fixture f;
	struct jy_err err = JY_ERR_INIT;
	struct vec rows = VEC_INIT(row_free);
	struct buf b = BUF_INIT;
	int bad = 1;
	if (fixture_load(&f, &err)) {
		fprintf(stderr, "fixture: %s\n", err.msg);
		return 1;
	}
	void (*const fns[3])(struct vec *, const struct results_paper *, int) = { results_stats_rows, results_item_rows,
										 results_compare_rows };
	const char *const names[3] = { "stats.tsv", "items.tsv", "compare.tsv" };
	for (int i = 0; i < 3; i++) {
		buf_reset(&b);
		fns[i](&rows, &f.paper, 1);
		rows_text(&b, &rows);
		vec_clear(&rows);
		if (write_file(dir, names[i], b.ptr, b.len))
			goto cleanup;
	}
	struct results_report rep = fixture_report(&f);
	buf_reset(&b);
	if (results_html(&b, &rep, &err) || write_file(dir, "report.html", b.ptr, b.len)) {
		fprintf(stderr, "report.html: %s\n", err.msg);
		goto cleanup;
	}
	char *path = xasprintf("%s/report.xlsx", dir);
	FILE *fp = fopen(path, "wb");
	free(path);
	if (!fp || results_xlsx(fp, &rep, CREATED, &err) || fclose(fp) != 0) {
		fprintf(stderr, "report.xlsx: %s\n", err.msg);
		goto cleanup;
	}
	bad = 0;
cleanup:
	fixture_free(&f);
	vec_free(&rows);
	buf_release(&b);
	return bad;
}

/* ---- unit tests ---- */

static void bars_of_block_characters(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	results_bar(&b, 0.5, 4);
	assert_string_equal(b.ptr, "██");
	buf_reset(&b);
	results_bar(&b, 1.0 / 32, 4); /* one eighth of a cell */
	assert_string_equal(b.ptr, "▏");
	buf_reset(&b);
	results_bar(&b, 0.6, 5); /* 24 eighths: three cells */
	assert_string_equal(b.ptr, "███");
	buf_reset(&b);
	results_bar(&b, 0.3, 5); /* 12 eighths: a cell and a half */
	assert_string_equal(b.ptr, "█▌");
	buf_reset(&b);
	results_bar(&b, 7, 3);
	assert_string_equal(b.ptr, "███");
	buf_reset(&b);
	results_bar(&b, NAN, 3);
	results_bar(&b, -1, 3);
	results_bar(&b, 0.5, 0);
	assert_string_equal(b.ptr, "");
	results_band_label(&b, 0);
	buf_puts(&b, " ");
	results_band_label(&b, 9);
	assert_string_equal(b.ptr, "0–10% 90–100%");
	buf_release(&b);
}

static void flag_codes_and_thresholds(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	results_flag_codes(&b, 0);
	assert_string_equal(b.ptr, "");
	results_flag_codes(&b, ITEMSTATS_FLAG_HARD | ITEMSTATS_FLAG_LOW_D | ITEMSTATS_FLAG_NEG_R);
	assert_string_equal(b.ptr, "low_d,neg_r,hard");
	buf_reset(&b);
	results_flag_codes(&b, ITEMSTATS_FLAG_EASY);
	assert_string_equal(b.ptr, "easy");
	buf_release(&b);

	struct itemstats_opts o;
	results_opts_of_group(&o, NULL);
	assert_true(o.pass == 0.60 && o.excellent == 0.85 && o.group == 0.27);
	struct record *g = record_new();
	record_set(g, "results", "pass", "50");
	record_set(g, "results", "excellent", "90");
	record_set(g, "results", "group", "60"); /* over 50: ignored */
	results_opts_of_group(&o, g);
	assert_true(o.pass == 0.50 && o.excellent == 0.90 && o.group == 0.27);
	record_set(g, "results", "group", "25");
	record_set(g, "results", "pass", "6x");
	results_opts_of_group(&o, g);
	assert_true(o.pass == 0.60 && o.group == 0.25);
	record_free(g);
}

/* Two schools by hand: s1 two students, s2 one (whose sd is undefined). */
static void rows_for_scripts_and_people(void **state)
{
	(void)state;
	struct itemstats_table *t = itemstats_table_new(3, 2);
	static const double sc[6] = { 2, 1, 1, 0.5, 0, 3 };
	static const char *const grp[3] = { "s1", "s1", "s2" };
	struct itemstats_compare *c = NULL;
	struct jy_err err = JY_ERR_INIT;
	memcpy(t->scores, sc, sizeof(sc));
	t->points[0] = 2;
	t->points[1] = 3;
	for (size_t i = 0; i < 3; i++)
		t->groups[i] = xstrdup(grp[i]);
	assert_int_equal(itemstats_compare(&c, t, NULL, &err), 0);
	const char *const names[2] = { "一校", "二校" };
	const char *const ids[2] = { "q1", NULL };
	struct results_paper p = { .label = "B", .all = c->all, .groups = c->groups, .ngroups = 2, .group_names = names, .item_ids = ids };
	struct vec rows = VEC_INIT(row_free);
	struct buf b = BUF_INIT;

	results_stats_rows(&rows, &p, 1);
	rows_text(&b, &rows);
	/* Totals 3, 1.5, 3 of full 5 (checked with the independent computation of tests/cli/results.sh): s1 mean
	 * 2.25, sd √1.125; s2 alone has no sd and no α; pooled, the items pull apart and α is −16/3. */
	assert_string_equal(b.ptr, "school\tn\tmean\tsd\tmedian\tmin\tmax\tpass_rate\texcellent_rate\talpha\n"
				   "s1\t2\t2.2500\t1.0607\t2.2500\t1.5000\t3.0000\t0.5000\t0.0000\t0.8888889\n"
				   "s2\t1\t3.0000\tNA\t3.0000\t3.0000\t3.0000\t1.0000\t0.0000\tNA\n"
				   "all\t3\t2.5000\t0.8660\t3.0000\t1.5000\t3.0000\t0.6667\t0.0000\t-5.3333333\n");
	vec_clear(&rows);
	buf_reset(&b);
	results_stats_rows(&rows, &p, 0);
	rows_text(&b, &rows);
	has(b.ptr, "学校\t人数\t平均分");
	has(b.ptr, "一校\t2\t2.25\t1.06\t2.25\t1.50\t3.00\t50.0%\t0.0%\t0.8889\n");
	has(b.ptr, "全体\t3\t2.50");
	vec_clear(&rows);

	/* Upper and lower 27% of 3 students weigh 0.81: the two tied at 3 share it, 0.405 each. */
	buf_reset(&b);
	results_item_rows(&rows, &p, 1);
	rows_text(&b, &rows);
	assert_string_equal(b.ptr, "paper\tno\tquestion\tpoints\tp\td\tr_pb\tr_it\talpha_drop\tflags\n"
				   "B\t1\tq1\t2\t0.5000\t0.0000\t0.0000\t-0.7559\tNA\tlow_d,neg_r\n"
				   "B\t2\t\t3\t0.5000\t0.5000\t0.6547\t-0.7559\tNA\tneg_r\n");
	vec_clear(&rows);
	buf_reset(&b);
	results_item_rows(&rows, &p, 0);
	rows_text(&b, &rows);
	has(b.ptr, "试卷\t题号\t试题\t分值\t难度P\t区分度D");
	has(b.ptr, "B\t1\tq1\t2\t0.500\t0.000\t0.000\t-0.756\tNA\t差（淘汰或修改）\t修改或淘汰、检查答案\n");
	vec_clear(&rows);

	buf_reset(&b);
	results_compare_rows(&rows, &p, 1);
	rows_text(&b, &rows);
	assert_string_equal(b.ptr, "paper\tno\tschool\tn\tp\td\tp_others\tmarked\n"
				   "B\t1\tall\t3\t0.5000\t0.0000\tNA\t0\n"
				   "B\t1\ts1\t2\t0.7500\t0.5000\t0.0000\t0\n"
				   "B\t1\ts2\t1\t0.0000\t0.0000\t0.7500\t0\n"
				   "B\t2\tall\t3\t0.5000\t0.5000\tNA\t0\n"
				   "B\t2\ts1\t2\t0.2500\t0.1667\t1.0000\t0\n"
				   "B\t2\ts2\t1\t1.0000\t0.0000\t0.2500\t0\n");
	vec_clear(&rows);
	buf_reset(&b);
	results_compare_rows(&rows, &p, 0);
	rows_text(&b, &rows);
	assert_string_equal(b.ptr, "题号\t全体 P\t全体 D\t一校 P\t一校 D\t二校 P\t二校 D\n"
				   "1\t0.500\t0.000\t0.750\t0.500\t0.000\t0.000\n"
				   "2\t0.500\t0.500\t0.250\t0.167\t1.000\t0.000\n");
	vec_free(&rows);
	buf_release(&b);
	itemstats_compare_free(c);
	itemstats_table_free(t);
}

static void the_page(void **state)
{
	(void)state;
	struct fixture f;
	struct jy_err err = JY_ERR_INIT;
	struct buf a = BUF_INIT, b = BUF_INIT;
	if (fixture_load(&f, &err))
		fail_msg("fixture: %s", err.msg);
	assert_int_equal(f.c->ngroups, 3);
	assert_int_equal(f.c->all->paper.n, 67);
	struct results_report rep = fixture_report(&f);
	assert_int_equal(results_html(&a, &rep, &err), 0);
	assert_int_equal(results_html(&b, &rep, &err), 0);
	assert_string_equal(a.ptr, b.ptr);
	assert_int_equal(count(a.ptr, "<svg "), 2); /* the distribution and the P–D scatter; the heat table is HTML */
	assert_int_equal(count(a.ptr, "</svg>"), 2);
	assert_int_equal(count(a.ptr, "class=\"grid heat\""), 1);
	assert_null(strstr(a.ptr, "<分校>"));
	has(a.ptr, "第二技工学校 &amp; &lt;分校&gt;");
	has(a.ptr, "<title>2026-2027-1 网店运营联考 &lt;成绩分析&gt;</title>");
	has(a.ptr, "D = 0.2");
	has(a.ptr, "试卷 A（满分 25 分）");
	has(a.ptr, "@page { size: A4 landscape; }");
	/* s01 is far easier on item 4 than the others: the mark is named in words. */
	assert_true(f.c->groups[0].marked[3]);
	has(a.ptr, "得分率与其他学校相差较大的题目");

	/* A second paper starts a new printed page; the report refuses nothing to report. */
	struct results_paper two[2] = { f.paper, f.paper };
	two[1].label = "B";
	rep.papers = two;
	rep.npapers = 2;
	buf_reset(&b);
	assert_int_equal(results_html(&b, &rep, &err), 0);
	assert_int_equal(count(b.ptr, "<svg "), 4);
	assert_int_equal(count(b.ptr, "class=\"pagebreak\""), 1);
	has(b.ptr, "id=\"pd2\"");
	rep.npapers = 0;
	buf_reset(&b);
	assert_int_equal(results_html(&b, &rep, &err), JY_EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(results_xlsx(stdout, &rep, CREATED, &err), JY_EINVAL);
	fixture_free(&f);
	buf_release(&a);
	buf_release(&b);
}

static void the_workbook(void **state)
{
	(void)state;
	struct fixture f;
	struct jy_err err = JY_ERR_INIT;
	if (fixture_load(&f, &err))
		fail_msg("fixture: %s", err.msg);
	struct results_report rep = fixture_report(&f);
	FILE *fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(results_xlsx(fp, &rep, CREATED, &err), 0);
	long size = ftell(fp);
	assert_true(size > 8000);
	rewind(fp);
	char magic[4];
	assert_int_equal(fread(magic, 1, 4, fp), 4);
	assert_memory_equal(magic, "PK\x03\x04", 4);
	fclose(fp);
	fixture_free(&f);
}

int main(void)
{
	const char *samples = getenv("RESULTS_SAMPLES");
	if (samples)
		return write_samples(samples);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bars_of_block_characters),
		cmocka_unit_test(flag_codes_and_thresholds),
		cmocka_unit_test(rows_for_scripts_and_people),
		cmocka_unit_test(the_page),
		cmocka_unit_test(the_workbook),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
