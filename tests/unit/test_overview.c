/* test_overview: 概览's numbers summed up from the index's per-directory aggregates are those of the pass over every observation. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/observation.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "fixture.h"

static struct store *s;

static struct viewer *viewer_of(const struct actor *a)
{
	struct viewer *v = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(viewer_new(&v, s, a, &err), 0);
	return v;
}

static void same_schools(const struct obs_stats *want, const struct obs_stats *got)
{
	assert_int_equal(got->total, want->total);
	assert_int_equal(got->bands.len, want->bands.len);
	for (size_t b = 0; b < want->bands.len; b++)
		assert_string_equal(got->bands.items[b], want->bands.items[b]);
	assert_int_equal(got->schools.len, want->schools.len);
	for (size_t i = 0; i < want->schools.len; i++) {
		const struct obs_school_stat *w = want->schools.items[i], *g = got->schools.items[i];
		assert_string_equal(g->school, w->school);
		assert_int_equal(g->count, w->count);
		assert_int_equal(g->covered, w->covered);
		assert_int_equal(g->roster, w->roster);
		assert_int_equal(g->scored, w->scored);
		assert_true(fabs(g->mean - w->mean) < 1e-9);
		for (size_t b = 0; b < want->bands.len; b++)
			assert_int_equal(g->grades[b], w->grades[b]);
		for (size_t k = 0; k < obs_kind_count(); k++)
			assert_int_equal(g->kinds[k], w->kinds[k]);
	}
}

static void same_items(const struct vec *want, const struct vec *got)
{
	assert_int_equal(got->len, want->len);
	for (size_t i = 0; i < want->len; i++) {
		const struct obs_item *w = want->items[i], *g = got->items[i];
		assert_string_equal(g->path, w->path);
		assert_int_equal(g->replied, w->replied);
		assert_string_equal(g->total, w->total);
	}
}

static void same_ids(const struct vec *want, const struct vec *got)
{
	assert_int_equal(got->len, want->len);
	for (size_t i = 0; i < want->len; i++)
		assert_string_equal(got->items[i], want->items[i]);
}

struct tally {
	size_t with_rows, observed, summed;
};

/* What 概览 shows person id as viewer v sees the term, against obs stats / inbox / mine / progress / uncovered. */
static void compare(struct viewer *v, const char *id, const struct obs_stats *want, struct tally *n)
{
	struct actor *a = fixture_actor(id);
	struct obs_term *t = NULL;
	struct obs_stats *got = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct vec w_in = VEC_INIT(obs_item_free), g_in = VEC_INIT(obs_item_free);
	struct vec w_mine = VEC_INIT(obs_item_free), g_mine = VEC_INIT(obs_item_free);
	struct vec w_un = VEC_INIT(free), g_un = VEC_INIT(free);
	struct obs_progress wp, gp;
	assert_int_equal(obs_term_load(&t, s, v, NULL, id, NULL, &err), 0);
	n->summed += obs_term_summed(t);
	assert_int_equal(obs_term_stats(&got, t, &err), 0);
	same_schools(want, got);
	assert_int_equal(obs_inbox(&w_in, s, v, NULL, id, &err), 0);
	assert_int_equal(obs_term_inbox(&g_in, t, &err), 0);
	same_items(&w_in, &g_in);
	assert_int_equal(obs_mine(&w_mine, s, v, NULL, id, &err), 0);
	assert_int_equal(obs_term_mine(&g_mine, t, &err), 0);
	same_items(&w_mine, &g_mine);
	assert_int_equal(obs_progress(&wp, s, NULL, id, &err), 0);
	assert_int_equal(obs_term_progress(&gp, t, &err), 0);
	assert_int_equal(gp.done, wp.done);
	assert_int_equal(gp.quota, wp.quota);
	assert_int_equal(obs_uncovered_team(&w_un, s, v, NULL, a, &err), 0);
	assert_int_equal(obs_term_uncovered_team(&g_un, t, a, &err), 0);
	same_ids(&w_un, &g_un);
	n->with_rows += w_in.len + w_mine.len > 0;
	n->observed += wp.done > 0;
	vec_free(&w_in);
	vec_free(&g_in);
	vec_free(&w_mine);
	vec_free(&g_mine);
	vec_free(&w_un);
	vec_free(&g_un);
	obs_stats_free(got);
	obs_term_free(t);
	actor_free(a);
}

static void list_people(struct vec *people)
{
	struct store_query q = { .type = "person" };
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(store_list(people, s, &q, NULL, &err), 0);
	assert_true(people->len > 20);
}

/* The admin of the lead college sees every observation: for everyone, the aggregates answer, with the pass's numbers. */
static void summed_numbers_are_the_passes_numbers(void **state)
{
	(void)state;
	struct actor *admin = fixture_actor("cenlixing");
	struct viewer *v = viewer_of(admin);
	struct vec people = VEC_INIT(store_item_free);
	struct jy_err err = JY_ERR_INIT;
	struct obs_stats *want = NULL;
	struct tally n = { 0, 0, 0 };
	list_people(&people);
	assert_int_equal(obs_stats(&want, s, v, NULL, NULL, &err), 0);
	assert_true(want->total > 10);
	for (size_t i = 0; i < people.len; i++)
		compare(v, ((const struct store_item *)people.items[i])->id, want, &n);
	assert_int_equal(n.summed, people.len);
	/* The comparison met people with observations of their own, not only empty lists. */
	assert_true(n.with_rows >= 5);
	assert_true(n.observed >= 3);
	obs_stats_free(want);
	vec_free(&people);
	viewer_free(v);
	actor_free(admin);
}

/*
 * Everyone as they see the term themselves (the demo keeps observations per
 * school): a school's observers and admins see it whole, a teacher their own;
 * the aggregates answer except for specialty leads, who follow teachers one
 * by one — and the numbers are the pass's.
 */
static void each_persons_own_view_is_the_passes(void **state)
{
	(void)state;
	struct vec people = VEC_INIT(store_item_free);
	struct tally n = { 0, 0, 0 };
	size_t leads = 0;
	list_people(&people);
	for (size_t i = 0; i < people.len; i++) {
		const char *id = ((const struct store_item *)people.items[i])->id;
		struct actor *a = fixture_actor(id);
		struct viewer *v = viewer_of(a);
		struct obs_stats *want = NULL;
		struct obs_term *t = NULL;
		struct jy_err err = JY_ERR_INIT;
		assert_int_equal(obs_stats(&want, s, v, NULL, NULL, &err), 0);
		compare(v, id, want, &n);
		assert_int_equal(obs_term_load(&t, s, v, NULL, id, NULL, &err), 0);
		assert_int_equal(obs_term_summed(t), v->all || v->leads.len == 0);
		leads += !v->all && v->leads.len > 0;
		obs_term_free(t);
		obs_stats_free(want);
		viewer_free(v);
		actor_free(a);
	}
	assert_true(leads >= 1);
	assert_true(n.summed + leads == people.len);
	assert_true(n.with_rows >= 5);
	vec_free(&people);
}

/* Asked about someone else, a viewer who sees only some observations is given the pass's numbers. */
static void another_persons_term_is_not_summed(void **state)
{
	(void)state;
	struct actor *a = fixture_actor("ruanzhiheng");
	struct viewer *v = viewer_of(a);
	struct obs_term *t = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_false(v->all);
	assert_int_equal(obs_term_load(&t, s, v, NULL, "caimingzhu", NULL, &err), 0);
	assert_false(obs_term_summed(t));
	obs_term_free(t);
	viewer_free(v);
	actor_free(a);
}

static int setup(void **state)
{
	(void)state;
	s = fixture_demo("overview");
	/* As the program opens a store: with the ready-to-show index (and the aggregates in it). */
	store_set_rows_policy(s, &records_rows_policy);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(summed_numbers_are_the_passes_numbers),
		cmocka_unit_test(each_persons_own_view_is_the_passes),
		cmocka_unit_test(another_persons_term_is_not_summed),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
