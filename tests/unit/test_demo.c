/* test_demo: the demo group — every record decodes, validates, is canonical and resolves; terms follow `now`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/demo.h"
#include "jiaoyan/err.h"
#include "jiaoyan/id.h"
#include "jiaoyan/record.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

static char root[64];
static int seq;

static time_t at_noon(int y, int m, int d)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = m - 1;
	tm.tm_mday = d;
	tm.tm_hour = 12;
	return timegm(&tm);
}

/* A new repository holding the demo group as of `now`. */
static struct store *demo_repo(time_t now)
{
	struct jy_err err = JY_ERR_INIT;
	struct store *s = NULL;
	char *path = xasprintf("%s/r%d.git", root, ++seq);
	assert_int_equal(store_init(&s, path, 0, &err), 0);
	int rc = demo_populate(s, now, &err);
	if (rc)
		fprintf(stderr, "demo_populate: %s\n", err.msg);
	assert_int_equal(rc, 0);
	free(path);
	return s;
}

/* schema_exists_fn over a store: every reference in the demo names a record with a code id. */
/* References to generated ids (a question's previous version) resolve like the CLI resolves them. */
static int exists(void *ctx, const char *type, const char *id)
{
	return records_exists(ctx, type, id);
}

struct walk {
	struct store *s;
	const char *term, *next;
	char today[11];
	size_t files, by_type[32];
	size_t scored, responses, kinds_seen;
	char kinds[8][16];
	size_t states[4]; /* draft submitted approved returned */
	size_t qtypes[6];
	struct record *rubric;
};

static size_t type_index(const struct type_def *t)
{
	for (size_t i = 0; i < schema_type_count(); i++)
		if (schema_type_at(i) == t)
			return i;
	fail_msg("type %s not in the table", t->name);
	return 0;
}

static size_t count_of(const struct walk *w, const char *type)
{
	return w->by_type[type_index(schema_type(type))];
}

static void check_observation(struct walk *w, const char *path, const struct record *r)
{
	struct jy_err err = JY_ERR_INIT;
	const char *date = record_get(r, "observation", "date"), *kind = record_get(r, "observation", "kind");
	assert_string_equal(record_get(r, "observation", "term"), w->term);
	/* Every lesson was observed in the current term, not after "now". */
	assert_non_null(date);
	if (strcmp(date, w->today) > 0)
		fail_msg("%s: date %s is after %s", path, date, w->today);
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	assert_int_equal(sscanf(date, "%d-%d-%d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday), 3);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_hour = 12;
	char of[12];
	id_term_of(of, timegm(&tm));
	if (strcmp(of, w->term) != 0)
		fail_msg("%s: date %s is in %s, not %s", path, date, of, w->term);
	/* Totals and grades are what the rubric makes of the scores. */
	struct record *again = record_dup(r);
	assert_int_equal(rubric_score(again, w->rubric, &err), 0);
	assert_true(record_equal(again, r));
	record_free(again);
	if (record_get(r, "observation", "total")) {
		w->scored++;
		assert_non_null(record_get(r, "observation", "grade"));
		assert_true(record_has_section(r, "score"));
	} else {
		assert_string_equal(kind, "prepare");
	}
	assert_non_null(record_get(r, "text", "strengths"));
	assert_non_null(record_get(r, "text", "suggestions"));
	assert_string_not_equal(record_get(r, "observation", "observer"), record_get(r, "observation", "teacher"));
	if (record_get(r, "response", "text")) {
		w->responses++;
		assert_true(strncmp(record_get(r, "response", "at"), date, 10) > 0);
	}
	size_t k;
	for (k = 0; k < w->kinds_seen; k++)
		if (strcmp(w->kinds[k], kind) == 0)
			break;
	if (k == w->kinds_seen && k < 8)
		snprintf(w->kinds[w->kinds_seen++], sizeof(w->kinds[0]), "%s", kind);
}

static void check_plan(struct walk *w, const struct record *r)
{
	static const char *const states[] = { "draft", "submitted", "approved", "returned" };
	const char *state = record_get(r, "plan", "state");
	assert_string_equal(record_get(r, "plan", "term"), w->next);
	assert_true(record_has_section(r, "course.1"));
	for (size_t i = 0; i < 4; i++)
		if (strcmp(state, states[i]) == 0)
			w->states[i]++;
	if (strcmp(state, "approved") == 0) {
		assert_string_equal(record_get(r, "review.1", "verdict"), "approve");
		assert_string_equal(record_get(r, "review.1", "revision"), record_get(r, "plan", "revision"));
	} else if (strcmp(state, "returned") == 0) {
		assert_string_equal(record_get(r, "review.1", "verdict"), "return");
		assert_non_null(record_get(r, "review.1", "row.2"));
		/* The row the reviewer points at breaks 16–18 hours per credit. */
		double hours = atof(record_get(r, "course.2", "hours")), credits = atof(record_get(r, "course.2", "credits"));
		assert_true(hours / credits > 18.0);
	} else {
		assert_false(record_has_section(r, "review.1"));
	}
	if (strcmp(state, "draft") == 0)
		assert_null(record_get(r, "plan", "submitted_at"));
	else
		assert_non_null(record_get(r, "plan", "submitted_by"));
}

static int visit(void *ctx, const char *path, const char *data, size_t len)
{
	static const char *const qtypes[] = { "single", "multiple", "truefalse", "fill", "short", "practical" };
	struct walk *w = ctx;
	struct jy_err err = JY_ERR_INIT;
	struct record *r = NULL;
	struct vec problems = VEC_INIT(free);
	struct buf want = BUF_INIT;
	const struct type_def *t = schema_type_of_path(path);

	if (!t)
		fail_msg("%s: no record type lives here", path);
	if (codec_decode(&r, data, len, &err) != 0)
		fail_msg("%s: %s", path, err.msg);
	if (!codec_is_canonical(r, data, len))
		fail_msg("%s: not canonical", path);
	if (schema_validate_all(t, r, &problems) || schema_check_refs(t, r, exists, w->s, &problems))
		fail_msg("%s: %s", path, (char *)problems.items[0]);
	/* The file sits where its fields say, and in schema order. */
	assert_int_equal(schema_path(&want, t, r, &err), 0);
	assert_string_equal(want.ptr, path);
	struct record *c = schema_canonical(t, r);
	assert_true(record_equal(c, r));
	record_free(c);

	w->files++;
	w->by_type[type_index(t)]++;
	if (strcmp(t->name, "observation") == 0)
		check_observation(w, path, r);
	else if (strcmp(t->name, "plan") == 0)
		check_plan(w, r);
	else if (strcmp(t->name, "question") == 0)
		for (size_t i = 0; i < 6; i++)
			w->qtypes[i] += strcmp(record_get(r, "question", "type"), qtypes[i]) == 0;
	buf_release(&want);
	vec_free(&problems);
	record_free(r);
	return 0;
}

static void walk_repo(struct walk *w, struct store *s, time_t now, const char *term, const char *next)
{
	struct jy_err err = JY_ERR_INIT;
	char path[40];
	memset(w, 0, sizeof(*w));
	w->s = s;
	w->term = term;
	w->next = next;
	id_date(w->today, now);
	snprintf(path, sizeof(path), "rubrics/default.ini");
	assert_int_equal(store_read(&w->rubric, s, path, &err), 0);
	assert_int_equal(store_walk(s, "", visit, w, &err), 0);
	record_free(w->rubric);
	w->rubric = NULL;
}

static void test_autumn(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct walk w;
	struct record *r = NULL;
	setenv("JIAOYAN_NOW", "2026-11-22T12:00:00", 1);
	struct store *s = demo_repo(at_noon(2026, 11, 22));

	walk_repo(&w, s, at_noon(2026, 11, 22), "2026-2027-1", "2026-2027-2");
	assert_int_equal(count_of(&w, "group"), 1);
	assert_int_equal(count_of(&w, "school"), 4);
	assert_true(count_of(&w, "person") >= 25);
	assert_int_equal(count_of(&w, "specialty"), 3);
	assert_int_equal(count_of(&w, "rules"), 4);
	assert_int_equal(count_of(&w, "rubric"), 1);
	assert_true(count_of(&w, "course") >= 3 * 8);
	assert_int_equal(count_of(&w, "observation"), 40);
	assert_int_equal(count_of(&w, "plan"), 5);
	assert_int_equal(count_of(&w, "question"), 42);
	assert_int_equal(count_of(&w, "conflict"), 0);

	/* Observations: every kind, most scored, some answered. */
	assert_int_equal(w.kinds_seen, 7);
	assert_true(w.scored >= 30);
	assert_true(w.responses >= 3);
	/* Plans for next term in every state. */
	assert_int_equal(w.states[0], 1);
	assert_int_equal(w.states[1], 2);
	assert_int_equal(w.states[2], 1);
	assert_int_equal(w.states[3], 1);
	for (size_t i = 0; i < 6; i++)
		assert_true(w.qtypes[i] >= 1);

	assert_int_equal(store_read(&r, s, "group.ini", &err), 0);
	assert_string_equal(record_get(r, "group", "term"), "2026-2027-1");
	assert_string_equal(record_get(r, "group", "rubric"), "default");
	record_free(r);
	assert_int_equal(store_read(&r, s, "rules/regional-quanzhou.ini", &err), 0);
	int dual = 0, parttime = 0;
	for (int i = 1; i < 20; i++) {
		char sec[24];
		snprintf(sec, sizeof(sec), "rule.%d", i);
		const char *m = record_get(r, sec, "metric");
		if (m && strcmp(m, "dual_share") == 0)
			dual = atoi(record_get(r, sec, "min"));
		if (m && strcmp(m, "parttime_share") == 0)
			parttime = atoi(record_get(r, sec, "min"));
	}
	assert_int_equal(dual, 70);
	assert_int_equal(parttime, 25);
	record_free(r);
	assert_int_equal(store_read(&r, s, "rules/national-510102.ini", &err), 0);
	assert_non_null(strstr(record_get(r, "rules", "core_courses"), "物联网工程设计与管理"));
	record_free(r);
	assert_true(store_exists(s, "rubrics/default.ini"));
	assert_true(store_exists(s, "people/cenlixing.ini"));
	assert_true(store_exists(s, "plans/2026-2027-2/s02/530701.ini"));

	/* One commit, by the demo author. */
	struct vec hist = VEC_INIT(store_commit_free);
	assert_int_equal(store_history(&hist, s, "group.ini", &err), 0);
	assert_int_equal(hist.len, 1);
	struct store_commit *c = hist.items[0];
	assert_string_equal(c->author, "jiaoyan demo");
	assert_string_equal(c->email, "demo@jiaoyan");
	vec_free(&hist);

	/* The program's own full check agrees. */
	struct vec problems = VEC_INIT(free);
	size_t n = records_check_all(s, &problems, &err);
	if (n)
		fail_msg("records_check_all: %s", (char *)problems.items[0]);
	vec_free(&problems);

	/* Only into an empty repository. */
	assert_int_equal(demo_populate(s, at_noon(2026, 11, 22), &err), JY_EEXISTS);
	store_free(s);
	unsetenv("JIAOYAN_NOW");
}

static void test_spring_and_deterministic(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct walk w;
	struct buf a = BUF_INIT, b = BUF_INIT;
	setenv("JIAOYAN_NOW", "2027-04-15T12:00:00", 1);
	struct store *s1 = demo_repo(at_noon(2027, 4, 15));
	struct store *s2 = demo_repo(at_noon(2027, 4, 15));

	walk_repo(&w, s1, at_noon(2027, 4, 15), "2026-2027-2", "2027-2028-1");
	assert_int_equal(count_of(&w, "observation"), 40);
	assert_int_equal(count_of(&w, "plan"), 5);
	/* Plans carry no generated id: the same day gives the same bytes. */
	assert_int_equal(store_read_raw(&a, s1, "plans/2027-2028-1/s02/530701.ini", &err), 0);
	assert_int_equal(store_read_raw(&b, s2, "plans/2027-2028-1/s02/530701.ini", &err), 0);
	assert_string_equal(a.ptr, b.ptr);
	buf_release(&a);
	buf_release(&b);
	store_free(s1);
	store_free(s2);
	unsetenv("JIAOYAN_NOW");
}

/* The first day of a term still gives valid records of that term. */
static void test_term_edges(void **state)
{
	(void)state;
	static const int days[][3] = { { 2026, 8, 1 }, { 2026, 9, 2 }, { 2027, 2, 1 }, { 2027, 1, 31 } };
	for (size_t i = 0; i < sizeof(days) / sizeof(days[0]); i++) {
		struct walk w;
		char term[12], next[12];
		time_t now = at_noon(days[i][0], days[i][1], days[i][2]);
		id_term_of(term, now);
		assert_int_equal(id_term_next(next, term), 0);
		struct store *s = demo_repo(now);
		walk_repo(&w, s, now, term, next);
		assert_int_equal(count_of(&w, "observation"), 40);
		assert_int_equal(count_of(&w, "plan"), 5);
		store_free(s);
	}
}

static int setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/jy-test-demo-XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", root);
	return system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_autumn),
		cmocka_unit_test(test_spring_and_deterministic),
		cmocka_unit_test(test_term_edges),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
