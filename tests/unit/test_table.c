/* test_table: unit tests for tui/table's layout — key columns kept, priorities, capped widths, sideways scrolling. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/tui.h"

/* The observations list's columns: 日期 and 授课教师 are the key columns. */
static const struct table_col obs_cols[] = {
	{ "日期", 10, 10, 0, 0 }, { "类型", 4, 12, 0, 3 }, { "听课人", 6, 8, 0, 2 }, { "授课教师", 8, 8, 0, 0 },
	{ "课程", 8, 30, 0, 1 },  { "总分", 4, 5, 1, 4 },  { "等级", 4, 5, 0, 5 },
};
#define NOBS (sizeof(obs_cols) / sizeof(obs_cols[0]))
static const int obs_natural[NOBS] = { 10, 8, 6, 8, 20, 4, 4 };

static int total(const int *w, size_t n)
{
	int t = 0, shown = 0;
	for (size_t i = 0; i < n; i++)
		if (w[i]) {
			t += w[i] + (shown++ ? TABLE_GAP : 0);
		}
	return t;
}

static void test_wide_fits_all(void **state)
{
	int w[NOBS];
	(void)state;
	int more = table_fit(w, obs_cols, NOBS, obs_natural, 158, 0);
	assert_int_equal(more, 0);
	for (size_t i = 0; i < NOBS; i++)
		assert_int_equal(w[i], obs_natural[i]);
	/* No column stretches: the line ends where the columns do, far short of 158. */
	assert_int_equal(total(w, NOBS), 10 + 8 + 6 + 8 + 20 + 4 + 4 + 6 * TABLE_GAP);
}

static void test_cap(void **state)
{
	const struct table_col c[] = { { "a", 1, 0, 0, 0 }, { "b", 1, 12, 0, 1 } };
	const int nat[] = { 200, 50 };
	int w[2];
	(void)state;
	table_fit(w, c, 2, nat, 500, 0);
	assert_int_equal(w[0], TABLE_CAP);
	assert_int_equal(w[1], 12);
}

static void test_narrow_drops_by_priority(void **state)
{
	int w[NOBS];
	(void)state;
	int more = table_fit(w, obs_cols, NOBS, obs_natural, 58, 0);
	assert_int_equal(more, 1);
	/* The key columns stay; the highest numbers go first (等级 5, 总分 4, 类型 3). */
	assert_int_not_equal(w[0], 0);
	assert_int_not_equal(w[3], 0);
	assert_int_equal(w[6], 0);
	assert_int_equal(w[5], 0);
	assert_int_equal(w[1], 0);
	assert_int_not_equal(w[2], 0);
	assert_int_not_equal(w[4], 0);
	assert_true(total(w, NOBS) <= 58);
}

static void test_very_narrow_keeps_keys(void **state)
{
	int w[NOBS];
	(void)state;
	table_fit(w, obs_cols, NOBS, obs_natural, 20, 0);
	/* Everything that may go has gone; the key columns are narrowed to their minimum, never dropped. */
	for (size_t i = 0; i < NOBS; i++)
		if (obs_cols[i].prio)
			assert_int_equal(w[i], 0);
	assert_int_equal(w[0], 10);
	assert_int_equal(w[3], 8);
}

static void test_scroll(void **state)
{
	int w[NOBS];
	(void)state;
	/* Scrolled by one: 类型 (the first non-key column) is out at the left, the key columns stay. */
	int more = table_fit(w, obs_cols, NOBS, obs_natural, 58, 1);
	assert_int_equal(w[1], 0);
	assert_int_not_equal(w[0], 0);
	assert_int_not_equal(w[3], 0);
	assert_true(total(w, NOBS) <= 58);
	/* Scrolled by four: 类型 听课人 课程 总分 are out; 等级 is reached; nothing more to the right. */
	more = table_fit(w, obs_cols, NOBS, obs_natural, 58, 4);
	assert_int_equal(more, 0);
	assert_int_equal(w[1] + w[2] + w[4] + w[5], 0);
	assert_int_equal(w[6], 4);
}

static void test_min_respected(void **state)
{
	const struct table_col c[] = { { "x", 6, 20, 0, 0 }, { "y", 2, 8, 0, 1 } };
	const int nat[] = { 1, 1 };
	int w[2];
	(void)state;
	table_fit(w, c, 2, nat, 80, 0);
	assert_int_equal(w[0], 6);
	assert_int_equal(w[1], 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wide_fits_all),         cmocka_unit_test(test_cap),
		cmocka_unit_test(test_narrow_drops_by_priority), cmocka_unit_test(test_very_narrow_keeps_keys),
		cmocka_unit_test(test_scroll),                 cmocka_unit_test(test_min_respected),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
