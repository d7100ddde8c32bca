/* test_rules: every compliance metric against every shipped rule set (the files in config/rules), passing and failing. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/record.h"
#include "jiaoyan/rules.h"

static const char *const rule_files[] = {
	"config/rules/national-510102.ini",
	"config/rules/national-530701.ini",
	"config/rules/national-560213.ini",
	"config/rules/regional-quanzhou.ini",
};
#define NFILES (sizeof(rule_files) / sizeof(rule_files[0]))

static struct record *load_rules(const char *file)
{
	FILE *f = fopen(file, "rb");
	struct buf data = BUF_INIT;
	struct record *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		fail_msg("cannot open %s (run the tests from the top of the source tree)", file);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&data, chunk, n);
	fclose(f);
	if (codec_decode(&r, data.ptr, data.len, &err) != 0)
		fail_msg("%s: %s", file, err.msg);
	buf_release(&data);
	return r;
}

/* The rule of a metric in a rule set, or -1. */
static long rule_of(const struct record *rs, const char *metric)
{
	for (size_t i = 0; i < record_section_count(rs); i++) {
		const char *m = record_get(rs, record_section(rs, i), "metric");
		if (strncmp(record_section(rs, i), "rule.", 5) == 0 && m && strcmp(m, metric) == 0)
			return (long)i;
	}
	return -1;
}

/* ---- people ---- */

static struct record *person(const char *id, const char *school, const char *title, int dual, int certified,
			     int parttime)
{
	struct record *p = record_new();
	record_set(p, "person", "id", id);
	record_set(p, "person", "name", id);
	record_set(p, "person", "school", school);
	record_set(p, "person", "title", title);
	record_set(p, "person", "dual_qualified", dual ? "yes" : "no");
	record_set(p, "person", "certified", certified ? "yes" : "no");
	record_set(p, "person", "parttime", parttime ? "yes" : "no");
	return p;
}

static struct vec people;

static int setup(void **state)
{
	(void)state;
	vec_init(&people, (void (*)(void *))record_free);
	vec_push(&people, person("t_ok", "s01", "associate", 1, 1, 0));   /* dual, associate, full-time */
	vec_push(&people, person("t_ok2", "s01", "intermediate", 1, 1, 0));
	vec_push(&people, person("t_plain", "s01", "intermediate", 0, 1, 0));
	vec_push(&people, person("t_pt", "s01", "none", 1, 1, 1));        /* part-time industry teacher */
	vec_push(&people, person("t_nocert", "s01", "none", 1, 0, 1));
	vec_push(&people, person("t_lead", "gz01", "senior", 1, 1, 0));   /* lead-college exchange teacher */
	vec_push(&people, person("t_other", "s02", "associate", 1, 1, 0)); /* another member school */
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vec_free(&people);
	return 0;
}

/* ---- plans ---- */

static void row(struct record *p, int n, const char *name, const char *cat, const char *hours, const char *theory,
		const char *practice, const char *credits, const char *weeks, const char *teacher, int elective)
{
	char sec[32];
	snprintf(sec, sizeof(sec), "course.%d", n);
	record_set(p, sec, "name", name);
	record_set(p, sec, "category", cat);
	record_set(p, sec, "hours", hours);
	if (theory)
		record_set(p, sec, "theory", theory);
	if (practice)
		record_set(p, sec, "practice", practice);
	if (credits)
		record_set(p, sec, "credits", credits);
	if (weeks)
		record_set(p, sec, "weeks", weeks);
	if (teacher)
		record_set(p, sec, "teacher", teacher);
	record_set(p, sec, "elective", elective ? "yes" : "no");
}

/*
 * A filing that meets every shipped rule set: 288 hours, public 25 %,
 * practice 66.7 %, electives 12.5 %, 18 hours per credit; specialty
 * teachers t_ok, t_pt, t_lead, t_ok2: dual-qualified 100 %, part-time 25 %,
 * associate/senior 2 of 3 full-time; nobody over 4 hours a week.
 */
static struct record *good_plan(const struct record *rs)
{
	struct record *p = record_new();
	struct vec core = VEC_INIT(free);
	vec_split(&core, record_get(rs, "rules", "core_courses"), ',');
	record_set(p, "plan", "term", "2026-2027-2");
	record_set(p, "plan", "school", "s01");
	record_set(p, "plan", "specialty", "000000");
	record_set(p, "plan", "state", "draft");
	record_set(p, "plan", "revision", "0");
	row(p, 1, "语文", "public", "72", "36", "36", "4", "18", "t_plain", 0);
	row(p, 2, core.len ? core.items[0] : "专业核心课一", "core", "72", "24", "48", "4", "18", "t_ok", 0);
	row(p, 3, "专业核心课二", "core", "72", "24", "48", "4", "18", "t_pt", 0);
	row(p, 4, "专业拓展课", "extension", "36", "12", "24", "2", "18", "t_lead", 1);
	row(p, 5, "综合实训", "practice", "36", "0", "36", "2", "18", "t_ok2", 0);
	vec_free(&core);
	return p;
}

static void check(struct vec *findings, const struct record *plan, const struct record *rs, const struct vec *courses)
{
	struct rules_env env = { rs, "gz01", &people, courses, NULL };
	struct jy_err err = JY_ERR_INIT;
	if (rules_check(findings, plan, &env, &err) != 0)
		fail_msg("rules_check: %s", err.msg);
}

static const struct rules_finding *find(const struct vec *findings, const char *metric, size_t row)
{
	for (size_t i = 0; i < findings->len; i++) {
		const struct rules_finding *f = findings->items[i];
		if (strcmp(f->metric, metric) == 0 && (row == (size_t)-1 || f->row == row))
			return f;
	}
	return NULL;
}

#define ANY_ROW ((size_t)-1)

/* A mutation that breaks exactly one metric, and the row its finding should name. */
struct breaker {
	const char *metric;
	size_t row;
	void (*apply)(struct record *p);
};

static void break_credits(struct record *p) { record_set(p, "course.2", "credits", "3"); }          /* 24 h per credit */
static void break_sum(struct record *p) { record_set(p, "course.2", "theory", "30"); }             /* 30 + 48 ≠ 72 */
static void break_public(struct record *p)
{
	row(p, 1, "语文", "public", "36", "18", "18", "2", "18", "t_plain", 0); /* 36 / 252 = 14 % */
}
static void break_practice(struct record *p)
{
	record_set(p, "course.2", "theory", "60");
	record_set(p, "course.2", "practice", "12");
	record_set(p, "course.3", "theory", "60");
	record_set(p, "course.3", "practice", "12"); /* 120 / 288 = 41.7 % */
}
static void break_elective(struct record *p) { record_set(p, "course.4", "elective", "no"); }
static void break_dual(struct record *p)
{
	record_set(p, "course.2", "teacher", "t_plain");
	record_set(p, "course.3", "teacher", "t_plain");
	record_set(p, "course.5", "teacher", "t_plain"); /* t_plain, t_lead: 50 % */
}
static void break_senior(struct record *p)
{
	record_set(p, "course.2", "teacher", "t_ok2");
	record_set(p, "course.4", "teacher", "t_ok2"); /* full-time: t_ok2 only, intermediate */
}
static void break_parttime(struct record *p) { record_set(p, "course.3", "teacher", "t_ok2"); } /* 0 % part-time */
static void break_weekly(struct record *p) { record_set(p, "course.2", "weeks", "2"); }         /* 36 h a week */
static void break_roster(struct record *p) { record_set(p, "course.3", "teacher", "t_other"); } /* a teacher of s02 */
static void break_certified(struct record *p) { record_set(p, "course.3", "teacher", "t_nocert"); }

static const struct breaker breakers[] = {
	{ "credit_hours", 2, break_credits },     { "hours_sum", 2, break_sum },
	{ "public_share", 0, break_public },      { "practice_share", 0, break_practice },
	{ "elective_share", 0, break_elective },  { "dual_share", 0, break_dual },
	{ "senior_share", 0, break_senior },      { "parttime_share", 0, break_parttime },
	{ "weekly_hours", 2, break_weekly },      { "teacher_roster", 3, break_roster },
	{ "teacher_certified", 3, break_certified },
};

/* The good filing raises nothing but the core-course note, in every shipped rule set. */
static void test_good_plan_passes(void **state)
{
	(void)state;
	for (size_t k = 0; k < NFILES; k++) {
		struct record *rs = load_rules(rule_files[k]), *p = good_plan(rs);
		struct vec findings = VEC_INIT(rules_finding_free);
		check(&findings, p, rs, NULL);
		for (size_t i = 0; i < findings.len; i++) {
			const struct rules_finding *f = findings.items[i];
			if (strcmp(f->metric, "core_courses") != 0)
				fail_msg("%s: unexpected %s finding: %s", rule_files[k], f->metric, f->message);
		}
		assert_int_equal(rules_count(&findings, RULES_ERROR), 0);
		vec_free(&findings);
		record_free(p);
		record_free(rs);
	}
}

/* Each metric fails when broken — with the rule's own severity and clause — wherever the rule set has it. */
static void test_each_metric_fails(void **state)
{
	(void)state;
	for (size_t k = 0; k < NFILES; k++) {
		struct record *rs = load_rules(rule_files[k]);
		for (size_t b = 0; b < sizeof(breakers) / sizeof(breakers[0]); b++) {
			const struct breaker *br = &breakers[b];
			struct record *p = good_plan(rs);
			struct vec findings = VEC_INIT(rules_finding_free);
			br->apply(p);
			check(&findings, p, rs, NULL);
			long at = rule_of(rs, br->metric);
			const struct rules_finding *f = find(&findings, br->metric, br->row);
			if (at < 0) {
				/* A rule set without the metric never reports it (parttime_share is regional only). */
				if (find(&findings, br->metric, ANY_ROW))
					fail_msg("%s has no %s rule but reported it", rule_files[k], br->metric);
			} else {
				const char *sec = record_section(rs, (size_t)at);
				const char *sev = record_get(rs, sec, "severity");
				if (!f)
					fail_msg("%s: breaking %s gave no finding on row %zu", rule_files[k], br->metric, br->row);
				assert_string_equal(f->clause, record_get(rs, sec, "clause"));
				assert_int_equal(f->severity, strcmp(sev, "error") == 0     ? RULES_ERROR
							      : strcmp(sev, "warning") == 0 ? RULES_WARNING
											    : RULES_INFO);
				assert_true(strlen(f->message) > 0);
			}
			vec_free(&findings);
			record_free(p);
		}
		record_free(rs);
	}
}

/* The limits are the rule set's: 66.7 % dual-qualified passes the national 60 % and fails the regional 70 %. */
static void test_limits_come_from_the_rule_set(void **state)
{
	(void)state;
	struct record *national = load_rules("config/rules/national-530701.ini");
	struct record *regional = load_rules("config/rules/regional-quanzhou.ini");
	struct vec fn = VEC_INIT(rules_finding_free), fr = VEC_INIT(rules_finding_free);
	struct record *p = good_plan(national);
	record_set(p, "course.3", "teacher", "t_plain");
	record_set(p, "course.5", "teacher", "t_plain"); /* t_ok, t_plain, t_lead: 2 of 3 */
	check(&fn, p, national, NULL);
	check(&fr, p, regional, NULL);
	assert_null(find(&fn, "dual_share", 0));
	const struct rules_finding *f = find(&fr, "dual_share", 0);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "66.7%"));
	assert_non_null(strstr(f->message, "70%"));
	assert_non_null(strstr(f->clause, "70%以上"));
	/* A changed number in the rule set changes the verdict: no constant in the code. */
	long at = rule_of(national, "dual_share");
	record_set(national, record_section(national, (size_t)at), "min", "80");
	vec_clear(&fn);
	check(&fn, p, national, NULL);
	assert_non_null(find(&fn, "dual_share", 0));
	vec_free(&fn);
	vec_free(&fr);
	record_free(p);
	record_free(national);
	record_free(regional);
}

static void test_credit_hours_details(void **state)
{
	(void)state;
	struct record *rs = load_rules("config/rules/national-510102.ini"), *p = good_plan(rs);
	struct vec fs = VEC_INIT(rules_finding_free);
	/* 16 and 18 hours per credit are both inside; 4.5 credits for 72 h is 16 h per credit. */
	record_set(p, "course.2", "credits", "4.5");
	record_set(p, "course.4", "credits", "2");
	check(&fs, p, rs, NULL);
	assert_null(find(&fs, "credit_hours", ANY_ROW));
	/* 0 credits can never satisfy the rule; the message gives the credits that would. */
	record_set(p, "course.2", "credits", "0");
	vec_clear(&fs);
	check(&fs, p, rs, NULL);
	const struct rules_finding *f = find(&fs, "credit_hours", 2);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "4～4.5"));
	assert_string_equal(f->clause, "标准 8.2：每 16~18 学时折算 1 学分");
	/* A row without credits is not judged. */
	record_unset(p, "course.2", "credits");
	vec_clear(&fs);
	check(&fs, p, rs, NULL);
	assert_null(find(&fs, "credit_hours", ANY_ROW));
	vec_free(&fs);
	record_free(p);
	record_free(rs);
}

static void test_hours_sum_details(void **state)
{
	(void)state;
	struct record *rs = load_rules("config/rules/national-530701.ini"), *p = good_plan(rs);
	struct vec fs = VEC_INIT(rules_finding_free);
	/* Neither split given: a finding for a core course, none for a practice course (all practice). */
	record_unset(p, "course.2", "theory");
	record_unset(p, "course.2", "practice");
	record_unset(p, "course.5", "theory");
	record_unset(p, "course.5", "practice");
	check(&fs, p, rs, NULL);
	assert_non_null(find(&fs, "hours_sum", 2));
	assert_null(find(&fs, "hours_sum", 5));
	/* One given, the other missing counts as 0. */
	record_set(p, "course.2", "theory", "72");
	vec_clear(&fs);
	check(&fs, p, rs, NULL);
	assert_null(find(&fs, "hours_sum", 2));
	vec_free(&fs);
	record_free(p);
	record_free(rs);
}

static void test_roster_details(void **state)
{
	(void)state;
	struct record *rs = load_rules("config/rules/regional-quanzhou.ini"), *p = good_plan(rs);
	struct vec fs = VEC_INIT(rules_finding_free);
	/* The lead college's teacher (row 4) passes; unknown and missing teachers fail. */
	record_set(p, "course.2", "teacher", "nobody");
	record_unset(p, "course.5", "teacher");
	check(&fs, p, rs, NULL);
	assert_null(find(&fs, "teacher_roster", 4));
	const struct rules_finding *f = find(&fs, "teacher_roster", 2);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "nobody"));
	assert_non_null(find(&fs, "teacher_roster", 5));
	/* Without a lead college named, the exchange teacher is just another school's. */
	struct rules_env env = { rs, NULL, &people, NULL, NULL };
	vec_clear(&fs);
	assert_int_equal(rules_check(&fs, p, &env, NULL), 0);
	assert_non_null(find(&fs, "teacher_roster", 4));
	vec_free(&fs);
	record_free(p);
	record_free(rs);
}

static void test_weekly_hours_sums_rows(void **state)
{
	(void)state;
	struct record *rs = load_rules("config/rules/national-560213.ini"), *p = good_plan(rs);
	struct vec fs = VEC_INIT(rules_finding_free);
	/* t_ok teaches rows 2 and 3: 72/8 + 72/6 = 21 h a week > 20, reported on the first row. */
	record_set(p, "course.3", "teacher", "t_ok");
	record_set(p, "course.2", "weeks", "8");
	record_set(p, "course.3", "weeks", "6");
	check(&fs, p, rs, NULL);
	const struct rules_finding *f = find(&fs, "weekly_hours", 2);
	assert_non_null(f);
	assert_non_null(strstr(f->message, "21"));
	/* Exactly at the limit passes: 72/9 + 72/6 = 20. */
	record_set(p, "course.2", "weeks", "9");
	vec_clear(&fs);
	check(&fs, p, rs, NULL);
	assert_null(find(&fs, "weekly_hours", ANY_ROW));
	vec_free(&fs);
	record_free(p);
	record_free(rs);
}

static void test_core_courses(void **state)
{
	(void)state;
	for (size_t k = 0; k < NFILES; k++) {
		struct record *rs = load_rules(rule_files[k]), *p = good_plan(rs);
		struct vec fs = VEC_INIT(rules_finding_free);
		const char *list = record_get(rs, "rules", "core_courses");
		long at = rule_of(rs, "core_courses");
		check(&fs, p, rs, NULL);
		const struct rules_finding *f = find(&fs, "core_courses", 0);
		if (at < 0 || !list) {
			/* The regional set spans several specialties and lists no core courses. */
			assert_null(f);
		} else {
			struct vec core = VEC_INIT(free);
			vec_split(&core, list, ',');
			assert_non_null(f);
			assert_int_equal(f->severity, RULES_INFO);
			assert_non_null(strstr(f->message, "1/8"));
			assert_non_null(strstr(f->message, core.items[0]));
			/* Failing: nothing of the list scheduled. */
			record_set(p, "course.2", "name", "别的课程");
			vec_clear(&fs);
			check(&fs, p, rs, NULL);
			f = find(&fs, "core_courses", 0);
			assert_non_null(f);
			assert_non_null(strstr(f->message, "没有安排"));
			/* A course record maps a local name to the standard's core course. */
			struct record *course = record_new();
			struct vec courses = VEC_INIT(NULL);
			record_set(course, "course", "name", "别的课程");
			record_set(course, "course", "core", core.items[1]);
			vec_push(&courses, course);
			vec_clear(&fs);
			check(&fs, p, rs, &courses);
			f = find(&fs, "core_courses", 0);
			assert_non_null(strstr(f->message, core.items[1]));
			assert_non_null(strstr(f->message, "1/8"));
			vec_free(&courses);
			record_free(course);
			vec_free(&core);
		}
		vec_free(&fs);
		record_free(p);
		record_free(rs);
	}
}

static void test_order_unknown_metric_and_flatten(void **state)
{
	(void)state;
	struct record *rs = load_rules("config/rules/national-510102.ini"), *p = good_plan(rs);
	struct vec fs = VEC_INIT(rules_finding_free);
	record_set(rs, "rule.99", "metric", "student_ratio");
	record_set(rs, "rule.99", "severity", "error");
	record_set(rs, "rule.99", "clause", "标准 9.1：学生数与本专业专任教师数比例不高于 25:1");
	break_credits(p);
	break_elective(p);
	check(&fs, p, rs, NULL);
	/* Unknown metric: an info note, never an error that would block a submission. */
	const struct rules_finding *f = find(&fs, "student_ratio", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, RULES_INFO);
	/* Filing-level findings first, then by row. */
	for (size_t i = 1; i < fs.len; i++)
		assert_true(((struct rules_finding *)fs.items[i - 1])->row <= ((struct rules_finding *)fs.items[i])->row);
	/* extends: the child's rule replaces the base's of the same metric, the rest is inherited. */
	struct record *child = record_new();
	record_set(child, "rules", "id", "child");
	record_set(child, "rules", "name", "子规则集");
	record_set(child, "rules", "extends", "national-510102");
	record_set(child, "rule.1", "metric", "dual_share");
	record_set(child, "rule.1", "min", "90");
	record_set(child, "rule.1", "severity", "error");
	record_set(child, "rule.1", "clause", "子规则：双师型不低于 90%");
	struct record *flat = rules_flatten(child, rs);
	size_t dual = 0, total = 0;
	for (size_t i = 0; i < record_section_count(flat); i++) {
		const char *m = record_get(flat, record_section(flat, i), "metric");
		if (!m)
			continue;
		total++;
		dual += strcmp(m, "dual_share") == 0;
	}
	assert_int_equal(dual, 1);
	assert_int_equal(total, 12); /* 11 shipped + the unknown one, with dual_share replaced */
	assert_string_equal(record_get(flat, "rules", "id"), "child");
	assert_string_equal(record_get(flat, "rules", "core_courses"), record_get(rs, "rules", "core_courses"));
	struct record *good = good_plan(rs);
	record_set(good, "course.3", "teacher", "t_plain"); /* 75 % dual-qualified */
	vec_clear(&fs);
	check(&fs, good, flat, NULL);
	f = find(&fs, "dual_share", 0);
	assert_non_null(f);
	assert_int_equal(f->severity, RULES_ERROR);
	assert_string_equal(f->clause, "子规则：双师型不低于 90%");
	record_free(good);
	record_free(flat);
	record_free(child);
	vec_free(&fs);
	record_free(p);
	record_free(rs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_plan_passes),
		cmocka_unit_test(test_each_metric_fails),
		cmocka_unit_test(test_limits_come_from_the_rule_set),
		cmocka_unit_test(test_credit_hours_details),
		cmocka_unit_test(test_hours_sum_details),
		cmocka_unit_test(test_roster_details),
		cmocka_unit_test(test_weekly_hours_sums_rows),
		cmocka_unit_test(test_core_courses),
		cmocka_unit_test(test_order_unknown_metric_and_flatten),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
