/* test_typeops: the one table of rules per record type — what a generic edit, a sync or the hook would meet. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/id.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "fixture.h"

static struct store *s;

static struct record *load(const char *path)
{
	struct record *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(store_read(&r, s, path, &err), 0);
	return r;
}

static void people_are_never_deleted(void **state)
{
	(void)state;
	struct actor *lead_admin = fixture_actor("cenlixing");
	struct record *p = load("people/puqing.ini");
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(records_permit(s, lead_admin, schema_type("person"), p, NULL, &err), JY_EPERM);
	assert_non_null(strstr(err.msg, "人员记录不能删除"));
	assert_string_equal(err.hint, "deactivate");
	assert_string_equal(err.hint_arg, "puqing");
	record_free(p);
	actor_free(lead_admin);
}

static void the_lead_college_is_known(void **state)
{
	(void)state;
	struct actor *a = fixture_actor("cenlixing"), *b = fixture_actor("lixiaotang");
	assert_true(a->lead_college);
	assert_false(b->lead_college);
	assert_true(typeops_admin_of(a, "s02"));
	assert_true(typeops_admin_of(b, "s01"));
	assert_false(typeops_admin_of(b, "s02"));
	actor_free(a);
	actor_free(b);
}

/* plan_may answers the TUI's hints; the same function decides the commits. */
static void plan_capabilities(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *submitted = load("plans/2026-2027-2/s02/510102.ini");
	struct record *approved = load("plans/2026-2027-2/s01/530701.ini");
	struct record *draft = load("plans/2026-2027-2/s03/510102.ini");
	struct actor *lead = fixture_actor("qizhenyu"), *other_lead = fixture_actor("kemingyuan"), *s02 = fixture_actor("youkai"), *s03 = fixture_actor("dengyaqi"),
		     *s01 = fixture_actor("mowanqing");
	assert_int_equal(plan_may(s, lead, submitted, PLAN_ACT_REVIEW, &err), 0);
	assert_int_equal(plan_may(s, other_lead, submitted, PLAN_ACT_REVIEW, &err), JY_EPERM);
	assert_non_null(strstr(err.msg, "的专业负责人可以审核"));
	assert_int_equal(plan_may(s, s02, submitted, PLAN_ACT_EDIT, &err), JY_EINVAL);
	assert_string_equal(err.hint, "plan-reopen");
	assert_int_equal(plan_may(s, s02, submitted, PLAN_ACT_REOPEN, &err), 0);
	assert_int_equal(plan_may(s, s01, approved, PLAN_ACT_EDIT, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "是只读的"));
	assert_int_equal(plan_may(s, s03, draft, PLAN_ACT_EDIT, &err), 0);
	assert_int_equal(plan_may(s, s03, draft, PLAN_ACT_SUBMIT, &err), 0);
	assert_int_equal(plan_may(s, s02, draft, PLAN_ACT_EDIT, &err), JY_EPERM);
	assert_null(strstr(err.msg, "jiaoyan "));
	assert_int_equal(plan_may(s, lead, draft, PLAN_ACT_REVIEW, &err), JY_EINVAL);
	record_free(submitted);
	record_free(approved);
	record_free(draft);
	actor_free(lead);
	actor_free(other_lead);
	actor_free(s02);
	actor_free(s03);
	actor_free(s01);
}

/* A generic edit (or a push) that makes a draft "submitted" meets the same gate as plan submit. */
static void a_submission_by_edit_must_pass_the_check(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *prev = load("plans/2026-2027-2/s03/510102.ini");
	struct record *next = record_dup(prev);
	struct actor *a = fixture_actor("dengyaqi");
	record_set(next, "plan", "state", "submitted");
	record_set(next, "plan", "revision", "1");
	record_set(next, "plan", "submitted_by", "dengyaqi");
	record_set(next, "plan", "submitted_at", "2026-11-22 09:30");
	/* Rows edited in the same change would be refused anyway; break the sum in a row only the check sees. */
	record_set(next, "course.1", "theory", "1");
	record_set(next, "course.1", "practice", "1");
	assert_int_equal(plan_permit(s, a, prev, next, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "合规检查发现"));
	/* Marked "despite errors", the same change is a submission the workflow allows. */
	record_set(next, "plan", "despite_errors", "yes");
	assert_int_equal(plan_permit(s, a, prev, next, &err), 0);
	record_free(prev);
	record_free(next);
	actor_free(a);
}

static void a_verdict_needs_the_lead(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *prev = load("plans/2026-2027-2/s02/510102.ini");
	struct record *next = record_dup(prev);
	struct actor *admin = fixture_actor("cenlixing"), *lead = fixture_actor("qizhenyu");
	record_set(next, "plan", "state", "approved");
	record_set(next, "review.1", "reviewer", "cenlixing");
	record_set(next, "review.1", "at", "2026-11-22 09:30");
	record_set(next, "review.1", "revision", record_get(prev, "plan", "revision"));
	record_set(next, "review.1", "verdict", "approve");
	assert_int_equal(plan_permit(s, admin, prev, next, &err), JY_EPERM);
	record_set(next, "review.1", "reviewer", "qizhenyu");
	assert_int_equal(plan_permit(s, lead, prev, next, &err), 0);
	record_free(prev);
	record_free(next);
	actor_free(admin);
	actor_free(lead);
}

static void who_sees_an_observation(void **state)
{
	(void)state;
	struct vec obs = VEC_INIT(store_item_free);
	struct store_query q = { .type = "observation", .term = "2026-2027-1", .school = "s02" };
	struct jy_err err = JY_ERR_INIT;
	struct actor *s01_observer = fixture_actor("ruanzhiheng"), *s02_admin = fixture_actor("shimingzhe"), *lead_admin = fixture_actor("cenlixing");
	struct viewer *v1 = NULL, *v2 = NULL, *v3 = NULL;
	assert_int_equal(store_list(&obs, s, &q, NULL, &err), 0);
	assert_true(obs.len > 0);
	assert_int_equal(viewer_new(&v1, s, s01_observer, &err), 0);
	assert_int_equal(viewer_new(&v2, s, s02_admin, &err), 0);
	assert_int_equal(viewer_new(&v3, s, lead_admin, &err), 0);
	const struct store_item *it = obs.items[0];
	assert_false(viewer_sees(v1, schema_type("observation"), it->rec));
	assert_true(viewer_sees(v2, schema_type("observation"), it->rec));
	assert_true(viewer_sees(v3, schema_type("observation"), it->rec));
	assert_true(viewer_sees(NULL, schema_type("observation"), it->rec));
	viewer_free(v1);
	viewer_free(v2);
	viewer_free(v3);
	vec_free(&obs);
	actor_free(s01_observer);
	actor_free(s02_admin);
	actor_free(lead_admin);
}

static void every_type_has_rules(void **state)
{
	(void)state;
	for (size_t i = 0; i < schema_type_count(); i++) {
		const struct type_def *t = schema_type_at(i);
		const struct type_ops *ops = typeops_of(t);
		if (!ops->type || strcmp(ops->type, t->name) != 0)
			fail_msg("record type %s has no rules table", t->name);
	}
}

static int setup(void **state)
{
	(void)state;
	s = fixture_demo("typeops");
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(people_are_never_deleted),
		cmocka_unit_test(the_lead_college_is_known),
		cmocka_unit_test(plan_capabilities),
		cmocka_unit_test(a_submission_by_edit_must_pass_the_check),
		cmocka_unit_test(a_verdict_needs_the_lead),
		cmocka_unit_test(who_sees_an_observation),
		cmocka_unit_test(every_type_has_rules),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
