/* test_core: ids, terms, buffers, records and their three-way merge, schema validation and canonical order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/id.h"
#include "jiaoyan/record.h"
#include "jiaoyan/schema.h"

static void test_id_unique_sorted(void **state)
{
	(void)state;
	char prev[ID_LEN + 1] = "", cur[ID_LEN + 1];
	for (int i = 0; i < 5000; i++) {
		id_new(cur);
		assert_int_equal(strlen(cur), ID_LEN);
		assert_true(id_valid(cur));
		assert_true(strcmp(prev, cur) < 0);
		memcpy(prev, cur, sizeof(cur));
	}
	assert_false(id_valid("0123"));
	assert_false(id_valid("01ARZ3NDEKTSV4RRFFQ69G5FAV")); /* uppercase is not ours */
	assert_false(id_valid("01arz3ndektsv4rrffq69g5fau")); /* u is not Crockford */
}

static void test_terms(void **state)
{
	(void)state;
	char t[12];
	setenv("TZ", "UTC", 1);
	id_term_of(t, 1795305600); /* 2026-11-22 */
	assert_string_equal(t, "2026-2027-1");
	id_term_of(t, 1768435200); /* 2026-01-15: still the autumn term */
	assert_string_equal(t, "2025-2026-1");
	id_term_of(t, 1778544000); /* 2026-05-12 */
	assert_string_equal(t, "2025-2026-2");
	assert_int_equal(id_term_next(t, "2026-2027-1"), 0);
	assert_string_equal(t, "2026-2027-2");
	assert_int_equal(id_term_next(t, "2026-2027-2"), 0);
	assert_string_equal(t, "2027-2028-1");
	assert_int_equal(id_term_prev(t, "2026-2027-1"), 0);
	assert_string_equal(t, "2025-2026-2");
	assert_true(id_term_valid("2026-2027-1"));
	assert_false(id_term_valid("2026-2028-1"));
	assert_false(id_term_valid("2026-2027-3"));
	assert_true(id_date_valid("2024-02-29"));
	assert_false(id_date_valid("2026-02-29"));
	assert_false(id_date_valid("2026-13-01"));
	assert_true(id_component_valid("2026-2027-1"));
	assert_false(id_component_valid(".."));
	assert_false(id_component_valid("a/b"));
	assert_false(id_component_valid("Zhang"));
	assert_false(id_component_valid(""));
}

static void test_now_override(void **state)
{
	(void)state;
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	assert_int_equal((long)id_now(), 1795339800L);
	setenv("JIAOYAN_NOW", "1000", 1);
	assert_int_equal((long)id_now(), 1000);
	unsetenv("JIAOYAN_NOW");
}

static void test_buf(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	assert_string_equal(b.ptr, "");
	for (int i = 0; i < 1000; i++)
		buf_puts(&b, "教研");
	assert_int_equal(b.len, 6000);
	buf_printf(&b, "%d", 42);
	assert_int_equal(b.len, 6002);
	assert_string_equal(b.ptr + 6000, "42");
	char *p = buf_detach(&b);
	assert_string_equal(b.ptr, "");
	free(p);
	buf_release(&b);
}

static struct record *rec(const char *spec)
{
	/* "sec.key=value;sec.key=value", or "sec.N/key=value" when the section has a dot */
	struct record *r = record_new();
	char *copy = strdup(spec), *save = NULL;
	for (char *tok = strtok_r(copy, ";", &save); tok; tok = strtok_r(NULL, ";", &save)) {
		char *eq = strchr(tok, '='), *dot = strchr(tok, '/');
		if (!dot || dot > eq)
			dot = strchr(tok, '.');
		*eq = '\0';
		*dot = '\0';
		record_set(r, tok, dot + 1, eq + 1);
	}
	free(copy);
	return r;
}

static void test_merge3(void **state)
{
	(void)state;
	struct record *base = rec("a.x=1;a.y=2;a.z=3;a.w=4");
	struct record *ours = rec("a.x=1;a.y=ours;a.z=3;a.w=mine;b.n=new");
	struct record *theirs = rec("a.x=theirs;a.y=2;a.w=their");
	struct record *m = NULL;
	struct vec conflicts = VEC_INIT(record_conflict_free);
	record_merge3(&m, &conflicts, base, ours, theirs);
	assert_string_equal(record_get(m, "a", "x"), "theirs"); /* changed on their side only */
	assert_string_equal(record_get(m, "a", "y"), "ours");   /* changed on our side only */
	assert_null(record_get(m, "a", "z"));                   /* deleted by them, untouched by us */
	assert_string_equal(record_get(m, "a", "w"), "mine");   /* both changed: ours, conflict kept */
	assert_string_equal(record_get(m, "b", "n"), "new");
	assert_int_equal(conflicts.len, 1);
	struct record_conflict *c = conflicts.items[0];
	assert_string_equal(c->key, "w");
	assert_string_equal(c->theirs, "their");
	assert_string_equal(c->base, "4");
	vec_free(&conflicts);
	record_free(m);

	/* Modified on one side, deleted on the other: the modification survives. */
	struct record *del = rec("a.x=1");
	struct record *mod = rec("a.x=1;a.y=changed");
	record_merge3(&m, &conflicts, base, del, mod);
	assert_string_equal(record_get(m, "a", "y"), "changed");
	assert_int_equal(conflicts.len, 1);
	vec_free(&conflicts);
	record_free(m);
	record_free(del);
	record_free(mod);
	record_free(base);
	record_free(ours);
	record_free(theirs);
}

static void test_record_basics(void **state)
{
	(void)state;
	struct record *r = rec("s.a=1;s.b=2;t.c=3");
	record_set(r, "s", "a", "一");
	assert_string_equal(record_get(r, "s", "a"), "一");
	assert_int_equal(record_unset(r, "s", "b"), 0);
	assert_int_equal(record_unset(r, "s", "b"), -2);
	struct record *d = record_dup(r);
	assert_true(record_equal(r, d));
	record_set(d, "t", "c", "4");
	assert_false(record_equal(r, d));
	record_remove_section(d, "t");
	assert_int_equal(record_section_count(d), 1);
	record_free(r);
	record_free(d);
}

static struct record *valid_person(void)
{
	return rec("person.id=zhangwei;person.name=张伟;person.school=jc;person.roles=teacher,observer;"
		   "person.title=senior;person.dual_qualified=yes;person.certified=yes");
}

static void test_schema_validate(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("person");
	assert_non_null(t);
	assert_ptr_equal(schema_type("people"), t);
	struct record *p = valid_person();
	struct jy_err e = JY_ERR_INIT;
	assert_int_equal(schema_validate(t, p, &e), 0);

	record_set(p, "person", "title", "professor");
	assert_int_equal(schema_validate(t, p, &e), JY_EINVAL);
	assert_non_null(strstr(e.msg, "person.title"));
	assert_non_null(strstr(e.msg, "职称"));
	record_set(p, "person", "title", "senior");

	record_set(p, "person", "roles", "teacher,boss");
	assert_int_equal(schema_validate(t, p, &e), JY_EINVAL);
	assert_non_null(strstr(e.msg, "boss"));
	record_set(p, "person", "roles", "teacher");

	record_unset(p, "person", "name");
	assert_int_equal(schema_validate(t, p, &e), JY_EINVAL);
	assert_non_null(strstr(e.msg, "必填"));
	record_set(p, "person", "name", "张伟");

	record_set(p, "person", "school", "../etc");
	assert_int_equal(schema_validate(t, p, &e), JY_EINVAL);
	record_set(p, "person", "school", "jc");

	record_set(p, "person", "colour", "red");
	assert_int_equal(schema_validate(t, p, &e), JY_EINVAL);
	assert_non_null(strstr(e.msg, "person.colour"));
	record_unset(p, "person", "colour");

	record_set(p, "person", "name", "张\x1b[2J伟");
	assert_int_equal(schema_validate(t, p, &e), JY_EINVAL);
	record_free(p);

	const struct type_def *o = schema_type("observation");
	struct record *obs = rec("observation.id=01jd0000000000000000000000;observation.term=2026-2027-1;"
				 "observation.date=2026-02-30;observation.kind=peer;observation.school=jc;"
				 "observation.observer=a;observation.teacher=b;observation.course=x;"
				 "observation.rubric=default;observation.rubric_version=1;score.goal=12.5");
	struct vec problems = VEC_INIT(free);
	assert_int_equal(schema_validate_all(o, obs, &problems), 1);
	assert_non_null(strstr(problems.items[0], "observation.date"));
	vec_free(&problems);
	record_set(obs, "observation", "date", "2026-11-20");
	record_set(obs, "score", "goal", "101");
	assert_int_equal(schema_validate(o, obs, &e), JY_EINVAL);
	assert_non_null(strstr(e.msg, "score.goal"));
	record_set(obs, "score", "goal", "12.25");
	assert_int_equal(schema_validate(o, obs, &e), JY_EINVAL);
	record_set(obs, "score", "goal", "12.5");
	assert_int_equal(schema_validate(o, obs, &e), 0);
	record_free(obs);
}

static void test_schema_canonical_and_paths(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("plan");
	struct record *r = rec("course.10/hours=32;course.2/name=网店运营;review.1/verdict=return;"
			       "plan.state=draft;course.2/hours=64;plan.term=2026-2027-2;plan.school=s1;"
			       "plan.specialty=530701;plan.revision=0;course.2/category=core;review.1/row.2=太多");
	struct record *c = schema_canonical(t, r);
	assert_string_equal(record_section(c, 0), "plan");
	assert_string_equal(record_key(c, 0, 0), "term");
	assert_string_equal(record_key(c, 0, 3), "state");
	assert_string_equal(record_section(c, 1), "course.2");
	assert_string_equal(record_key(c, 1, 0), "name");
	assert_string_equal(record_key(c, 1, 1), "category");
	assert_string_equal(record_section(c, 2), "course.10");
	assert_string_equal(record_section(c, 3), "review.1");
	assert_string_equal(record_key(c, 3, 0), "verdict");
	assert_string_equal(record_key(c, 3, 1), "row.2");
	/* check compares the order in place: it must agree with the copy, and see one key or section out of place. */
	assert_false(schema_in_canonical_order(t, r));
	assert_true(schema_in_canonical_order(t, c));
	struct record *swapped = record_new(), *late = record_dup(c);
	for (size_t i = 0; i < record_section_count(c); i++)
		for (size_t j = record_key_count(c, i); j-- > 0;)
			record_set(swapped, record_section(c, i), record_key(c, i, j), record_value(c, i, j));
	assert_false(schema_in_canonical_order(t, swapped));
	record_remove_section(late, "course.2");
	record_set(late, "course.2", "name", "网店运营");
	assert_false(schema_in_canonical_order(t, late));
	record_free(swapped);
	record_free(late);
	struct buf p = BUF_INIT, id = BUF_INIT;
	struct jy_err e = JY_ERR_INIT;
	assert_int_equal(schema_path(&p, t, c, &e), 0);
	assert_string_equal(p.ptr, "plans/2026-2027-2/s1/530701.ini");
	assert_int_equal(schema_record_id(&id, t, c, &e), 0);
	assert_string_equal(id.ptr, "2026-2027-2/s1/530701");
	assert_ptr_equal(schema_type_of_path(p.ptr), t);
	assert_null(schema_type_of_path("plans/2026-2027-2/530701.ini"));
	assert_ptr_equal(schema_type_of_path("group.ini"), schema_type("group"));
	record_set(c, "plan", "school", "../../x");
	buf_reset(&p);
	assert_int_equal(schema_path(&p, t, c, &e), JY_EINVAL);
	buf_release(&p);
	buf_release(&id);
	record_free(r);
	record_free(c);
}

static void test_schema_labels(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("observation");
	const struct field_def *f = schema_field(t, "observation", "kind");
	struct buf b = BUF_INIT;
	schema_value_label(&b, f, "peer");
	assert_string_equal(b.ptr, "同行听课");
	const char *v = schema_enum_parse(f, "督导听课");
	assert_non_null(v);
	assert_int_equal(schema_enum_len(v), strlen("supervise"));
	assert_memory_equal(v, "supervise", 9);
	assert_null(schema_enum_parse(f, "散步"));
	buf_reset(&b);
	schema_value_label(&b, schema_field(schema_type("person"), "person", "roles"), "teacher,lead");
	assert_string_equal(b.ptr, "教师、专业负责人");
	buf_release(&b);
	assert_non_null(schema_field(schema_type("plan"), "review.3", "row.12"));
	assert_null(schema_field(schema_type("plan"), "review.x-1", "comment"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_id_unique_sorted),
		cmocka_unit_test(test_terms),
		cmocka_unit_test(test_now_override),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_record_basics),
		cmocka_unit_test(test_merge3),
		cmocka_unit_test(test_schema_validate),
		cmocka_unit_test(test_schema_canonical_and_paths),
		cmocka_unit_test(test_schema_labels),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
