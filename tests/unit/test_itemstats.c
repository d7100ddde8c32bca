/* test_itemstats: unit tests for domain/itemstats — LSAT-6, a hand-worked polytomous case, tie handling, school comparison, score CSV. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <iconv.h>
#include <math.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/err.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/vec.h"

#define NEAR(got, want, tol) near_((got), (want), (tol), #got, __LINE__)
static void near_(double got, double want, double tol, const char *what, int line)
{
	if (!(fabs(got - want) <= tol))
		fail_msg("line %d: %s = %.10f, want %.10f (±%g)", line, what, got, want, tol);
}

static struct itemstats_result *compute(const struct itemstats_table *t)
{
	struct itemstats_result *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	if (itemstats_compute(&r, t, NULL, &err))
		fail_msg("itemstats_compute: %s", err.msg);
	assert_non_null(r);
	return r;
}

/* Rows of t in the order perm, copied by hand (not through the module). */
static struct itemstats_table *permuted(const struct itemstats_table *t, const size_t *perm)
{
	struct itemstats_table *o = itemstats_table_new(t->n, t->k);
	memcpy(o->points, t->points, t->k * sizeof(double));
	for (size_t i = 0; i < t->n; i++)
		memcpy(o->scores + i * t->k, t->scores + perm[i] * t->k, t->k * sizeof(double));
	return o;
}

static uint64_t rng_next(uint64_t *s)
{
	/* xorshift64: a fixed, portable sequence for the shuffles. */
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

static void shuffle(size_t *perm, size_t n, uint64_t seed)
{
	uint64_t s = seed * 0x9E3779B97F4A7C15ull + 1;
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	for (size_t i = n; i > 1; i--) {
		size_t j = (size_t)(rng_next(&s) % i);
		size_t tmp = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = tmp;
	}
}

/* ---- 1. LSAT-6 (Bock & Lieberman 1970), as printed in R psych's `lsat6` ---- */

static const struct {
	const char *pattern;
	int count;
} lsat6[32] = {
	{ "00000", 3 },	  { "00001", 6 },   { "00010", 2 },  { "00011", 11 }, { "00100", 1 },  { "00101", 1 },
	{ "00110", 3 },	  { "00111", 4 },   { "01000", 1 },  { "01001", 8 },  { "01010", 0 },  { "01011", 16 },
	{ "01100", 0 },	  { "01101", 3 },   { "01110", 2 },  { "01111", 15 }, { "10000", 10 }, { "10001", 29 },
	{ "10010", 14 },  { "10011", 81 },  { "10100", 3 },  { "10101", 28 }, { "10110", 15 }, { "10111", 80 },
	{ "11000", 16 },  { "11001", 56 },  { "11010", 21 }, { "11011", 173 }, { "11100", 11 }, { "11101", 61 },
	{ "11110", 28 },  { "11111", 298 },
};

static struct itemstats_table *lsat_table(void)
{
	struct itemstats_table *t = itemstats_table_new(1000, 5);
	size_t i = 0;
	for (size_t j = 0; j < 5; j++)
		t->points[j] = 1;
	for (size_t p = 0; p < 32; p++)
		for (int c = 0; c < lsat6[p].count; c++, i++)
			for (size_t j = 0; j < 5; j++)
				t->scores[i * 5 + j] = lsat6[p].pattern[j] == '1';
	assert_int_equal(i, 1000);
	return t;
}

static void test_lsat6(void **state)
{
	(void)state;
	struct itemstats_table *t = lsat_table();
	struct itemstats_result *r = compute(t);
	static const double p[5] = { .924, .709, .553, .763, .870 };
	static const double rpb[5] = { .3620, .5668, .6184, .5344, .4354 };
	static const double rit[5] = { .1128, .1532, .1728, .1444, .1216 };
	static const double aid[5] = { .2754, .2376, .2168, .2459, .2663 };
	static const double d[5] = { .1966, .6315, .8109, .5370, .3203 };

	NEAR(r->paper.alpha, 0.2949972, 5e-8);
	/* The mixed-denominator KR-20 (Σpq over the n−1 variance) is 0.29595: not ours. */
	assert_true(fabs(r->paper.alpha - 0.29595) > 5e-4);
	assert_int_equal(r->k, 5);
	for (size_t j = 0; j < 5; j++) {
		NEAR(r->items[j].p, p[j], 5e-5);
		NEAR(r->items[j].r_pb, rpb[j], 5e-5);
		NEAR(r->items[j].r_it, rit[j], 5e-5);
		NEAR(r->items[j].alpha_if_deleted, aid[j], 5e-5);
		NEAR(r->items[j].d, d[j], 5e-5);
		NEAR(r->items[j].d, r->items[j].p_upper - r->items[j].p_lower, 1e-15);
	}
	/* Upper 270: all inside the 298 perfect scores; item 1 upper P is therefore exactly 1. */
	NEAR(r->items[0].p_upper, 1.0, 1e-12);

	/* Paper: totals 0..5 occur 3, 20, 85, 237, 357, 298 times. */
	assert_int_equal(r->paper.n, 1000);
	NEAR(r->paper.full, 5, 0);
	NEAR(r->paper.mean, 3.819, 1e-12);
	NEAR(r->paper.sd, 1.0350412, 5e-8);
	NEAR(r->paper.median, 4, 0);
	NEAR(r->paper.min, 0, 0);
	NEAR(r->paper.max, 5, 0);
	NEAR(r->paper.pass_rate, 0.892, 1e-12);      /* total ≥ 3 */
	NEAR(r->paper.excellent_rate, 0.298, 1e-12); /* total ≥ 4.25 */
	NEAR(r->paper.difficulty, 3.819 / 5, 1e-12);
	static const size_t bands[10] = { 3, 0, 20, 0, 85, 0, 237, 0, 357, 298 };
	for (size_t b = 0; b < 10; b++)
		assert_int_equal(r->paper.bands[b], bands[b]);

	/* Flags: item 1 is easy (P .924) and weak (D .1966); the others are clean. */
	assert_int_equal(r->items[0].flags, ITEMSTATS_FLAG_LOW_D | ITEMSTATS_FLAG_EASY);
	for (size_t j = 1; j < 5; j++)
		assert_int_equal(r->items[j].flags, 0);
	assert_int_equal(itemstats_ebel(r->items[0].d), ITEMSTATS_EBEL_POOR);
	assert_int_equal(itemstats_ebel(r->items[1].d), ITEMSTATS_EBEL_GOOD);
	assert_int_equal(itemstats_ebel(r->items[4].d), ITEMSTATS_EBEL_FAIR);

	/* TSV formatting as the CLI will print it. */
	struct buf b = BUF_INIT;
	itemstats_fmt(&b, r->paper.alpha, 7);
	buf_putc(&b, '\t');
	itemstats_fmt(&b, r->items[2].d, 4);
	assert_string_equal(b.ptr, "0.2949972\t0.8109");
	buf_release(&b);

	itemstats_result_free(r);
	itemstats_table_free(t);
}

/* ---- 2. A polytomous case worked by hand ---- */

static struct itemstats_table *poly_table(void)
{
	/* 6 students × items of 2, 5 and 10 points, half points allowed. */
	static const double s[6][3] = {
		{ 2, 5, 9.5 },	 /* S1 total 16.5 */
		{ 1.5, 4, 6.5 }, /* S2 total 12 */
		{ 1, 3.5, 7.5 }, /* S3 total 12 */
		{ 1, 2, 5 },	 /* S4 total 8 */
		{ 0.5, 2.5, 5 }, /* S5 total 8 */
		{ 0, 1, 3.5 },	 /* S6 total 4.5 */
	};
	struct itemstats_table *t = itemstats_table_new(6, 3);
	t->points[0] = 2;
	t->points[1] = 5;
	t->points[2] = 10;
	for (size_t i = 0; i < 6; i++)
		for (size_t j = 0; j < 3; j++)
			t->scores[i * 3 + j] = s[i][j];
	return t;
}

static void test_polytomous(void **state)
{
	(void)state;
	struct itemstats_table *t = poly_table();
	struct itemstats_result *r = compute(t);
	const struct itemstats_paper *pp = &r->paper;

	/* full = 2 + 5 + 10 = 17; totals 16.5 12 12 8 8 4.5, Σ = 61. */
	NEAR(pp->full, 17, 0);
	NEAR(pp->mean, 61.0 / 6, 1e-12); /* 10.1667 */
	/* Sorted 4.5 8 8 12 12 16.5: median = (8 + 12) / 2 = 10. */
	NEAR(pp->median, 10, 0);
	NEAR(pp->min, 4.5, 0);
	NEAR(pp->max, 16.5, 0);
	/* Deviations from 10.1667: 6.3333 1.8333 1.8333 −2.1667 −2.1667 −5.6667;
	 * squares 40.1111 + 3.3611·2 + 4.6944·2 + 32.1111 = 88.3333; var = 88.3333/5 = 17.6667; sd = 4.2032. */
	NEAR(pp->sd, sqrt(88.333333333333 / 5), 1e-9);
	/* Pass line 0.6 × 17 = 10.2: 16.5, 12, 12 pass → 3/6. Excellence 0.85 × 17 = 14.45: 16.5 → 1/6. */
	NEAR(pp->pass_rate, 0.5, 1e-15);
	NEAR(pp->excellent_rate, 1.0 / 6, 1e-15);
	/* Bands (total/17): 16.5 → 97% band 9; 12 → 70.6% band 7 (×2); 8 → 47% band 4 (×2); 4.5 → 26% band 2. */
	static const size_t bands[10] = { 0, 0, 1, 0, 2, 0, 0, 2, 0, 1 };
	for (size_t b = 0; b < 10; b++)
		assert_int_equal(pp->bands[b], bands[b]);

	/* Item sums 6, 18, 37 → means 1, 3, 6.1667 → P = 1/2 = .5, 3/5 = .6, 6.1667/10 = .61667.
	 * Paper difficulty = (2·.5 + 5·.6 + 10·.61667) / 17 = 10.1667 / 17 = .59804. */
	NEAR(r->items[0].p, 0.5, 1e-15);
	NEAR(r->items[1].p, 0.6, 1e-15);
	NEAR(r->items[2].p, 37.0 / 60, 1e-15);
	NEAR(pp->difficulty, 61.0 / 6 / 17, 1e-15);

	/* Item sums of squares about the mean: item 1: 1+.25+0+0+.25+1 = 2.5 (var .5);
	 * item 2: 4+1+.25+1+.25+4 = 10.5 (var 2.1); item 3: 11.1111+.1111+1.7778+1.3611+1.3611+7.1111
	 * = 22.8333 (var 4.5667). α = 3/2 · (1 − (.5 + 2.1 + 4.5667)/17.6667) = 1.5 · (1 − .40566) = .8915094. */
	NEAR(r->items[0].sd, sqrt(0.5), 1e-12);
	NEAR(r->items[1].sd, sqrt(2.1), 1e-12);
	NEAR(pp->alpha, 1.5 * (1 - (2.5 + 10.5 + 22.833333333333) / 88.333333333333), 1e-9);
	NEAR(pp->alpha, 0.8915094, 5e-8);

	/* r_pb: Σ(x − x̄)(t − t̄) = 14, 30, 44.3333; r = 14/√(2.5·88.3333) = .942097,
	 * 30/√(10.5·88.3333) = .985064, 44.3333/√(22.8333·88.3333) = .987151. */
	NEAR(r->items[0].r_pb, 14 / sqrt(2.5 * 88.333333333333), 1e-9);
	NEAR(r->items[0].r_pb, 0.942097, 5e-7);
	NEAR(r->items[1].r_pb, 0.985064, 5e-7);
	NEAR(r->items[2].r_pb, 0.987151, 5e-7);
	/* r_it: rest = t − x; Σ(x − x̄)(rest − mean) = sp − ss = 14 − 2.5 = 11.5, 30 − 10.5 = 19.5,
	 * 44.3333 − 22.8333 = 21.5; ss(rest) = ss_t + ss_x − 2 sp = 88.3333 + 2.5 − 28 = 62.8333,
	 * 88.3333 + 10.5 − 60 = 38.8333, 88.3333 + 22.8333 − 88.6667 = 22.5.
	 * r_it = 11.5/√(2.5·62.8333) = .917556, 19.5/√(10.5·38.8333) = .965690, 21.5/√(22.8333·22.5) = .948555. */
	NEAR(r->items[0].r_it, 11.5 / sqrt(2.5 * 62.833333333333), 1e-9);
	NEAR(r->items[0].r_it, 0.917556, 5e-7);
	NEAR(r->items[1].r_it, 0.965690, 5e-7);
	NEAR(r->items[2].r_it, 0.948555, 5e-7);
	/* α if deleted (k − 1 = 2 items): 2 · (1 − Σ ss of the other two / ss(rest)):
	 * item 1: 2·(1 − (10.5 + 22.8333)/62.8333) = .938992; item 2: 2·(1 − (2.5 + 22.8333)/38.8333) = .695279;
	 * item 3: 2·(1 − (2.5 + 10.5)/22.5) = .844444. */
	NEAR(r->items[0].alpha_if_deleted, 0.938992, 5e-7);
	NEAR(r->items[1].alpha_if_deleted, 0.695279, 5e-7);
	NEAR(r->items[2].alpha_if_deleted, 2 * (1 - 13 / 22.5), 1e-12);

	/* D: 27% of 6 = 1.62 students per group. Upper: S1 weighs 1; S2 and S3 tie at 12 and share the
	 * remaining .62, .31 each. Lower: S6 weighs 1; S4 and S5 tie at 8, .31 each.
	 * Item 1: upper (2 + .31·(1.5 + 1)) / 1.62 / 2 = 2.775/3.24 = .856481;
	 *         lower (0 + .31·(1 + .5)) / 1.62 / 2 = .465/3.24 = .143519; D = .712963.
	 * Item 2: upper (5 + .31·7.5)/8.1 = .904321; lower (1 + .31·4.5)/8.1 = .295679; D = .608642.
	 * Item 3: upper (9.5 + .31·14)/16.2 = .854321; lower (3.5 + .31·10)/16.2 = .407407; D = .446914. */
	NEAR(r->items[0].p_upper, 2.775 / 3.24, 1e-12);
	NEAR(r->items[0].p_lower, 0.465 / 3.24, 1e-12);
	NEAR(r->items[0].d, 0.712963, 5e-7);
	NEAR(r->items[1].d, (5 + .31 * 7.5) / 8.1 - (1 + .31 * 4.5) / 8.1, 1e-12);
	NEAR(r->items[2].d, (9.5 + .31 * 14) / 16.2 - (3.5 + .31 * 10) / 16.2, 1e-12);
	NEAR(r->items[2].d, 0.446914, 5e-7);
	for (size_t j = 0; j < 3; j++)
		assert_int_equal(r->items[j].flags, 0);

	itemstats_result_free(r);
	itemstats_table_free(t);
}

/* Flags, Ebel, NaN and the formatting helper on edge cases. */
static void test_flags_and_undefined(void **state)
{
	(void)state;
	/* 10 students × 3 items (0/1): item 1 all correct but one (P .9 — not "too easy": > .9 is),
	 * item 2 only one correct (P .1 hard), item 3 all correct (zero variance). */
	struct itemstats_table *t = itemstats_table_new(10, 3);
	for (size_t j = 0; j < 3; j++)
		t->points[j] = 1;
	for (size_t i = 0; i < 10; i++) {
		t->scores[i * 3 + 0] = i != 9;
		t->scores[i * 3 + 1] = i == 9; /* the one who missed item 1 got item 2: r_it < 0 */
		t->scores[i * 3 + 2] = 1;
	}
	struct itemstats_result *r = compute(t);
	NEAR(r->items[0].p, 0.9, 1e-15);
	assert_false(r->items[0].flags & ITEMSTATS_FLAG_EASY);
	NEAR(r->items[1].p, 0.1, 1e-15);
	assert_true(r->items[1].flags & ITEMSTATS_FLAG_HARD);
	assert_true(r->items[1].flags & ITEMSTATS_FLAG_NEG_R);
	NEAR(r->items[1].r_it, -1, 1e-12);
	assert_true(isnan(r->items[2].r_pb));
	assert_true(isnan(r->items[2].r_it));
	assert_int_equal(r->items[2].flags, ITEMSTATS_FLAG_LOW_D | ITEMSTATS_FLAG_EASY); /* D 0, P 1 */
	/* Every total is 2 → var(total) = 0 → α NaN, printed NA. */
	assert_true(isnan(r->paper.alpha));
	struct buf b = BUF_INIT;
	itemstats_fmt(&b, r->paper.alpha, 7);
	assert_string_equal(b.ptr, "NA");
	itemstats_result_free(r);
	itemstats_table_free(t);

	/* One student: sd NaN, α NaN (n < 2); one item: α NaN (k < 2). */
	t = itemstats_table_new(1, 1);
	t->points[0] = 4;
	t->scores[0] = 3.5;
	r = compute(t);
	assert_true(isnan(r->paper.sd));
	assert_true(isnan(r->items[0].sd));
	assert_true(isnan(r->paper.alpha));
	assert_true(isnan(r->items[0].alpha_if_deleted));
	NEAR(r->paper.median, 3.5, 0);
	NEAR(r->items[0].d, 0, 0); /* the one student is both groups, weight .27 */
	itemstats_result_free(r);
	itemstats_table_free(t);

	buf_reset(&b);
	itemstats_fmt(&b, -0.00001, 4);
	buf_putc(&b, ' ');
	itemstats_fmt(&b, -0.5, 4);
	buf_putc(&b, ' ');
	itemstats_fmt(&b, INFINITY, 4);
	buf_putc(&b, ' ');
	itemstats_fmt(&b, 0.12345, 2);
	assert_string_equal(b.ptr, "0.0000 -0.5000 NA 0.12");
	buf_release(&b);

	/* Ebel at the band edges, with the float error of differences (.7 − .5 = .19999999999999996). */
	assert_int_equal(itemstats_ebel(0.4), ITEMSTATS_EBEL_GOOD);
	assert_int_equal(itemstats_ebel(0.9 - 0.5), ITEMSTATS_EBEL_GOOD);
	assert_int_equal(itemstats_ebel(0.3999), ITEMSTATS_EBEL_FAIR);
	assert_int_equal(itemstats_ebel(0.3), ITEMSTATS_EBEL_FAIR);
	assert_int_equal(itemstats_ebel(0.2999), ITEMSTATS_EBEL_MARGINAL);
	assert_int_equal(itemstats_ebel(0.7 - 0.5), ITEMSTATS_EBEL_MARGINAL);
	assert_int_equal(itemstats_ebel(0.1999), ITEMSTATS_EBEL_POOR);
	assert_int_equal(itemstats_ebel(-0.3), ITEMSTATS_EBEL_POOR);
	assert_int_equal(itemstats_ebel(NAN), ITEMSTATS_EBEL_NONE);
	assert_string_equal(itemstats_ebel_label(ITEMSTATS_EBEL_GOOD), "优良");
	assert_string_equal(itemstats_ebel_label(ITEMSTATS_EBEL_FAIR), "合格");
	assert_string_equal(itemstats_ebel_label(ITEMSTATS_EBEL_MARGINAL), "尚可（需修改）");
	assert_string_equal(itemstats_ebel_label(ITEMSTATS_EBEL_POOR), "差（淘汰或修改）");
	err_set_lang("en");
	assert_string_equal(itemstats_ebel_label(ITEMSTATS_EBEL_POOR), "poor (drop or revise)");
	itemstats_flags_text(&b, ITEMSTATS_FLAG_LOW_D | ITEMSTATS_FLAG_HARD);
	assert_string_equal(b.ptr, "revise or drop, too hard");
	err_set_lang("zh");
	buf_reset(&b);
	itemstats_flags_text(&b, ITEMSTATS_FLAG_LOW_D | ITEMSTATS_FLAG_NEG_R | ITEMSTATS_FLAG_EASY | ITEMSTATS_FLAG_HARD);
	assert_string_equal(b.ptr, "修改或淘汰、检查答案、过易、过难");
	buf_release(&b);
}

static void test_invalid_input(void **state)
{
	(void)state;
	struct itemstats_result *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct itemstats_table *t = poly_table();
	t->students[3] = xstrdup("20250104");
	t->scores[3 * 3 + 1] = 5.5; /* item 2 is out of 5 */
	assert_int_equal(itemstats_compute(&r, t, NULL, &err), JY_EINVAL);
	assert_null(r);
	assert_non_null(strstr(err.msg, "学号 20250104 第 2 题"));
	t->scores[3 * 3 + 1] = NAN;
	assert_int_equal(itemstats_compute(&r, t, NULL, &err), JY_EINVAL);
	t->scores[3 * 3 + 1] = 2;
	struct itemstats_opts o = ITEMSTATS_OPTS_INIT;
	o.group = 0.6;
	assert_int_equal(itemstats_compute(&r, t, &o, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "0.6"));
	o.group = 0.27;
	o.pass = 0;
	assert_int_equal(itemstats_compute(&r, t, &o, &err), JY_EINVAL);
	o.pass = 0.6;
	t->points[2] = 0;
	assert_int_equal(itemstats_compute(&r, t, &o, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "第 3 题"));
	assert_null(r);
	itemstats_table_free(t);
	t = itemstats_table_new(0, 3);
	assert_int_equal(itemstats_compute(&r, t, NULL, &err), JY_EINVAL);
	itemstats_table_free(t);
}

/* Different options move the lines they should. */
static void test_options(void **state)
{
	(void)state;
	struct itemstats_table *t = poly_table();
	struct itemstats_opts o = { 0.5, 0.7, 0.5 };
	struct itemstats_result *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(itemstats_compute(&r, t, &o, &err), 0);
	/* Pass 8.5: 16.5, 12, 12 → .5; excellence 11.9: same three → .5. */
	NEAR(r->paper.pass_rate, 0.5, 0);
	NEAR(r->paper.excellent_rate, 0.5, 0);
	/* Halves of 3 students: upper S1 S2 S3, lower S4 S5 S6, no shared weight.
	 * Item 1: (2 + 1.5 + 1)/6 − (1 + .5 + 0)/6 = .75 − .25 = .5. */
	NEAR(r->items[0].d, 0.5, 1e-15);
	itemstats_result_free(r);
	itemstats_table_free(t);
}

/* ---- 3. D does not depend on row order ---- */

static void same_d_shuffled(const struct itemstats_table *t)
{
	struct itemstats_result *base = compute(t);
	size_t *perm = xcalloc(t->n, sizeof(size_t));
	for (uint64_t seed = 1; seed <= 6; seed++) {
		shuffle(perm, t->n, seed);
		struct itemstats_table *s = permuted(t, perm);
		struct itemstats_result *r = compute(s);
		for (size_t j = 0; j < t->k; j++) {
			if (r->items[j].d != base->items[j].d)
				fail_msg("seed %llu item %zu: D %.17g != %.17g", (unsigned long long)seed, j + 1, r->items[j].d,
					 base->items[j].d);
			assert_true(r->items[j].p_upper == base->items[j].p_upper);
			assert_true(r->items[j].p_lower == base->items[j].p_lower);
			NEAR(r->items[j].r_it, base->items[j].r_it, 1e-12);
		}
		NEAR(r->paper.alpha, base->paper.alpha, 1e-12);
		NEAR(r->paper.median, base->paper.median, 0);
		itemstats_result_free(r);
		itemstats_table_free(s);
	}
	free(perm);
	itemstats_result_free(base);
}

static void test_row_order(void **state)
{
	(void)state;
	/* LSAT-6 ties at both boundaries: the upper 270 lie inside the 298 perfect scores,
	 * the lower 270 take 108 whole and 162 of the 237 students at 3. */
	struct itemstats_table *t = lsat_table();
	same_d_shuffled(t);
	itemstats_table_free(t);
	t = poly_table();
	same_d_shuffled(t);
	itemstats_table_free(t);
	/* Many different score vectors with equal totals at the boundary (half points). */
	t = itemstats_table_new(37, 4);
	for (size_t j = 0; j < 4; j++)
		t->points[j] = 3;
	for (size_t i = 0; i < 37; i++) {
		t->scores[i * 4 + 0] = (double)(i % 7) / 2;
		t->scores[i * 4 + 1] = 3 - (double)(i % 7) / 2; /* items 1 + 2 always 3 */
		t->scores[i * 4 + 2] = (double)(i % 3);
		t->scores[i * 4 + 3] = (double)((i * 5) % 7) / 2;
	}
	same_d_shuffled(t);
	itemstats_table_free(t);
	/* Scores in tenths (callers may pass any doubles): their sums depend on the order of
	 * addition, so only a summation order fixed by the values keeps D bit-identical. */
	t = itemstats_table_new(60, 3);
	for (size_t j = 0; j < 3; j++)
		t->points[j] = 1;
	static const double tenth[6] = { 0.1, 0.2, 0.3, 0.6, 0.7, 0.9 };
	for (size_t i = 0; i < 60; i++) {
		size_t a = i % 6, b = (i / 6) % 6;
		t->scores[i * 3 + 0] = tenth[a];
		t->scores[i * 3 + 1] = tenth[b];
		t->scores[i * 3 + 2] = tenth[(a + b) % 6];
	}
	same_d_shuffled(t);
	itemstats_table_free(t);
}

/* ---- 4. Comparison across three schools ---- */

#define NS 3
static const char *const school_name[NS] = { "s01", "s02", "s03" };
static const size_t school_n[NS] = { 20, 19, 25 };
static const double cmp_points[4] = { 1, 1, 2, 4 };

static double school_score(size_t s, size_t i, size_t j)
{
	switch (s * 4 + j) {
	case 0: return 1;                              /* s01 item 1: everyone right */
	case 1: return (double)(i % 2);
	case 2: return (double)(i % 5) / 2;
	case 3: return (double)(i % 9) / 2;
	case 4: return i % 3 == 0;
	case 5: return 0;                              /* s02 item 2: nobody right, but only 19 students */
	case 6: return (double)(i % 3);
	case 7: return (double)(i % 5);
	case 8: return i % 2 == 0;
	case 9: return i % 5 != 0;                     /* s03 item 2: 80% right */
	case 10: return (double)((i * 7) % 5) / 2;
	default: return (double)((i * 3) % 9) / 2;
	}
}

/* Students of the three schools interleaved (s03, s01, s02, s03, …) so the grouping must sort. */
static struct itemstats_table *school_table(size_t *school_of)
{
	struct itemstats_table *t = itemstats_table_new(20 + 19 + 25, 4);
	size_t next[NS] = { 0, 0, 0 }, i = 0;
	static const size_t order[NS] = { 2, 0, 1 };
	memcpy(t->points, cmp_points, sizeof(cmp_points));
	while (i < t->n)
		for (size_t o = 0; o < NS; o++) {
			size_t s = order[o];
			if (next[s] == school_n[s])
				continue;
			for (size_t j = 0; j < 4; j++)
				t->scores[i * 4 + j] = school_score(s, next[s], j);
			t->groups[i] = xstrdup(school_name[s]);
			school_of[i] = s;
			next[s]++;
			i++;
		}
	return t;
}

/* D by a different formulation from the module's: each student's weight is the part of the
 * interval [above, above + tied) that falls below G, spread over the tied students. */
static double independent_d(const double *tot, const double *x, size_t n, double pts)
{
	double g = 0.27 * (double)n, up = 0, lo = 0;
	for (size_t i = 0; i < n; i++) {
		double higher = 0, lower = 0, tied = 0;
		for (size_t h = 0; h < n; h++) {
			higher += tot[h] > tot[i];
			lower += tot[h] < tot[i];
			tied += tot[h] == tot[i];
		}
		up += x[i] * (fmin(g, higher + tied) - fmin(g, higher)) / tied;
		lo += x[i] * (fmin(g, lower + tied) - fmin(g, lower)) / tied;
	}
	return (up - lo) / (g * pts);
}

static int dbl_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static void test_compare(void **state)
{
	(void)state;
	size_t school_of[64];
	struct itemstats_table *t = school_table(school_of);
	struct itemstats_compare *c = NULL;
	struct jy_err err = JY_ERR_INIT;
	if (itemstats_compare(&c, t, NULL, &err))
		fail_msg("itemstats_compare: %s", err.msg);
	assert_int_equal(c->ngroups, 3);
	assert_int_equal(c->all->paper.n, 64);

	double sum[NS][4] = { { 0 } };
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < 4; j++)
			sum[school_of[i]][j] += t->scores[i * 4 + j];
	for (size_t j = 0; j < 4; j++) {
		double all = sum[0][j] + sum[1][j] + sum[2][j];
		NEAR(c->all->items[j].p, all / (64 * cmp_points[j]), 1e-12);
	}
	for (size_t s = 0; s < NS; s++) {
		const struct itemstats_group *g = &c->groups[s];
		size_t n = school_n[s];
		assert_string_equal(g->name, school_name[s]);
		assert_int_equal(g->stats->paper.n, n);
		double tot[25], x[25], sorted[25], tsum = 0;
		size_t m = 0, pass = 0;
		for (size_t i = 0; i < t->n; i++)
			if (school_of[i] == s) {
				tot[m] = 0;
				for (size_t j = 0; j < 4; j++)
					tot[m] += t->scores[i * 4 + j];
				tsum += tot[m];
				pass += tot[m] >= 0.6 * 8;
				sorted[m] = tot[m];
				m++;
			}
		assert_int_equal(m, n);
		qsort(sorted, n, sizeof(double), dbl_cmp);
		NEAR(g->stats->paper.mean, tsum / (double)n, 1e-12);
		NEAR(g->stats->paper.median, n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2, 0);
		NEAR(g->stats->paper.pass_rate, (double)pass / (double)n, 1e-15);
		for (size_t j = 0; j < 4; j++) {
			double p = sum[s][j] / ((double)n * cmp_points[j]);
			double others = 0;
			for (size_t h = 0; h < NS; h++)
				if (h != s)
					others += sum[h][j];
			double po = others / ((double)(64 - n) * cmp_points[j]);
			NEAR(g->stats->items[j].p, p, 1e-12);
			NEAR(g->p_others[j], po, 1e-12);
			assert_int_equal(g->marked[j], n >= 20 && fabs(p - po) > 0.2);
			m = 0;
			for (size_t i = 0; i < t->n; i++)
				if (school_of[i] == s)
					x[m++] = t->scores[i * 4 + j];
			NEAR(g->stats->items[j].d, independent_d(tot, x, n, cmp_points[j]), 1e-12);
		}
	}
	/* The cases the fixture is built for. s01 item 1: P 1 against (7 + 13)/44 = .4545 → marked. */
	NEAR(c->groups[0].stats->items[0].p, 1, 0);
	NEAR(c->groups[0].p_others[0], 20.0 / 44, 1e-12);
	assert_int_equal(c->groups[0].marked[0], 1);
	/* s01 item 2: P .5 against (0 + 20)/44 = .4545 → not marked. */
	assert_int_equal(c->groups[0].marked[1], 0);
	/* s02 item 2: P 0 against (10 + 20)/45 = .6667, far beyond .2, but 19 students → not marked. */
	NEAR(c->groups[1].stats->items[1].p, 0, 0);
	NEAR(c->groups[1].p_others[1], 30.0 / 45, 1e-12);
	assert_int_equal(c->groups[1].marked[1], 0);
	/* s03 item 2: P .8 against (10 + 0)/39 = .2564 → marked (25 students). */
	NEAR(c->groups[2].stats->items[1].p, 0.8, 1e-12);
	assert_int_equal(c->groups[2].marked[1], 1);
	itemstats_compare_free(c);

	/* A student with no school cannot be compared. */
	free(t->groups[5]);
	t->groups[5] = NULL;
	c = NULL;
	assert_int_equal(itemstats_compare(&c, t, NULL, &err), JY_EINVAL);
	assert_null(c);
	assert_non_null(strstr(err.msg, "第 6 个学生"));
	itemstats_table_free(t);

	/* One school alone: no other group, never marked. */
	t = itemstats_table_new(20, 1);
	t->points[0] = 1;
	for (size_t i = 0; i < 20; i++) {
		t->scores[i] = i < 19;
		t->groups[i] = xstrdup("s09");
	}
	assert_int_equal(itemstats_compare(&c, t, NULL, &err), 0);
	assert_int_equal(c->ngroups, 1);
	assert_true(isnan(c->groups[0].p_others[0]));
	assert_int_equal(c->groups[0].marked[0], 0);
	itemstats_compare_free(c);
	itemstats_table_free(t);
}

/* ---- 5. The score CSV ---- */

static struct itemstats_table *read_ok(const char *data, size_t len, const struct itemstats_csv_opts *o, const char *want_enc)
{
	struct itemstats_table *t = NULL;
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	const char *enc = NULL;
	if (itemstats_read_csv(&t, &enc, &problems, data, len, o, &err)) {
		fail_msg("itemstats_read_csv: %s / %s", err.msg, problems.len ? (char *)problems.items[0] : "");
	}
	assert_int_equal(problems.len, 0);
	assert_string_equal(enc, want_enc);
	vec_free(&problems);
	return t;
}

/* Expects JY_EINVAL and exactly the problems listed (NULL-terminated), each a substring of its message. */
static void read_bad(const char *data, const struct itemstats_csv_opts *o, ...)
{
	static struct itemstats_table sentinel;
	struct itemstats_table *t = &sentinel; /* must stay untouched */
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	va_list ap;
	assert_int_equal(itemstats_read_csv(&t, NULL, &problems, data, strlen(data), o, &err), JY_EINVAL);
	assert_ptr_equal(t, &sentinel);
	va_start(ap, o);
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
	if (i && !strstr(err.msg, "行有错误") && !strstr(err.msg, "rows of the score table have problems"))
		fail_msg("summary \"%s\"", err.msg);
	vec_free(&problems);
}

static const double pts3[3] = { 1, 3, 2 };

static void test_csv_utf8(void **state)
{
	(void)state;
	const struct itemstats_csv_opts o = { pts3, 3, 0 };
	const char *csv = "学号,试卷,1,2,3\r\n"
			  "2025001,A,1,2.5,0\r\n"
			  ",,,,\r\n" /* an empty row Excel leaves: skipped */
			  " 2025002 ,b,0,3,1.0\r\n";
	struct itemstats_table *t = read_ok(csv, strlen(csv), &o, "UTF-8");
	assert_int_equal(t->n, 2);
	assert_int_equal(t->k, 3);
	assert_string_equal(t->students[0], "2025001");
	assert_string_equal(t->students[1], "2025002");
	assert_string_equal(t->papers[0], "A");
	assert_string_equal(t->papers[1], "B");
	assert_int_equal(t->lines[0], 2);
	assert_int_equal(t->lines[1], 4);
	assert_null(t->groups[0]);
	assert_int_equal(t->points_inferred, 0);
	static const double want[6] = { 1, 2.5, 0, 0, 3, 1 };
	for (size_t x = 0; x < 6; x++)
		NEAR(t->scores[x], want[x], 0);
	NEAR(t->points[1], 3, 0);
	itemstats_table_free(t);

	/* BOM, no 试卷 column, points inferred from the largest score per column. */
	const char *bom = CSV_UTF8_BOM "学号,1,2\n"
					"a1,1,4.5\n"
					"a2,0,2\n";
	t = read_ok(bom, strlen(bom), NULL, "UTF-8 BOM");
	assert_int_equal(t->n, 2);
	assert_int_equal(t->k, 2);
	assert_null(t->papers[0]);
	assert_int_equal(t->points_inferred, 1);
	NEAR(t->points[0], 1, 0);
	NEAR(t->points[1], 4.5, 0);
	itemstats_table_free(t);
}

static void test_csv_gbk(void **state)
{
	(void)state;
	const char *utf8 = "学号,试卷,1,2\r\n甲001,A,1,0.5\r\n乙002,B,0,2\r\n";
	char gbk[256];
	iconv_t cd = iconv_open("GBK", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	char *in = (char *)utf8, *outp = gbk;
	size_t inleft = strlen(utf8), outleft = sizeof(gbk);
	assert_true(iconv(cd, &in, &inleft, &outp, &outleft) != (size_t)-1);
	iconv_close(cd);
	size_t len = sizeof(gbk) - outleft;
	assert_true(len < strlen(utf8)); /* really re-encoded: 2 bytes a character, not 3 */
	const double pts[2] = { 1, 2 };
	const struct itemstats_csv_opts o = { pts, 2, 0 };
	struct itemstats_table *t = read_ok(gbk, len, &o, "GBK");
	assert_int_equal(t->n, 2);
	assert_string_equal(t->students[0], "甲001");
	assert_string_equal(t->students[1], "乙002");
	assert_string_equal(t->papers[1], "B");
	NEAR(t->scores[1], 0.5, 0);
	NEAR(t->scores[3], 2, 0);
	itemstats_table_free(t);
}

static void test_csv_blank(void **state)
{
	(void)state;
	const char *csv = "学号,1,2,3\n"
			  "s1,1,,2\n"
			  "s2,0,1,1\n";
	struct itemstats_csv_opts o = { pts3, 3, 0 };
	read_bad(csv, &o, "第 2 行：第 2 题成绩为空", NULL);
	o.blank_zero = 1;
	struct itemstats_table *t = read_ok(csv, strlen(csv), &o, "UTF-8");
	NEAR(t->scores[1], 0, 0);
	NEAR(t->scores[2], 2, 0);
	itemstats_table_free(t);
	/* blank_zero does not cover a row that lacks cells: a dropped comma shifts scores. */
	read_bad("学号,1,2,3\ns1,1,2\n", &o, "第 2 行：只有 3 列，表头有 4 列", NULL);
}

static void test_csv_bad_rows(void **state)
{
	(void)state;
	const struct itemstats_csv_opts o = { pts3, 3, 0 };
	/* Every bad row, with its physical line (the empty line 4 still counts). */
	read_bad("学号,试卷,1,2,3\n"
		 "k1,A,1,2,2\n"      /* line 2: good */
		 "k2,A,1,4,2\n"      /* line 3: 4 > 3 */
		 "\n"
		 "k3,A,0.3,1,1\n"    /* line 5: 0.3 refused */
		 "k1,B,0,0,0\n"      /* line 6: repeats line 2 */
		 "k4,C,1,1,1\n"      /* line 7: paper C */
		 ",A,1,1,1\n"        /* line 8: no 学号 */
		 "k5,A,-1,3.,1e1\n"  /* line 9: three bad cells in one message */
		 "k6,A,1,2.50,.5\n"  /* line 10: two */
		 "k7,A,1,1,1,,9\n"   /* line 11: a value beyond the header */
		 "k2,A,0,0,0\n",     /* line 12: repeats line 3 (bad rows still count for duplicates) */
		 &o, "第 3 行：第 2 题得 4 分，超过满分 3 分", "第 5 行：第 1 题成绩「0.3」无效", "第 6 行：学号 k1 与第 2 行重复",
		 "第 7 行：试卷应为 A 或 B，不是「C」", "第 8 行：学号不能为空", "第 9 行：第 1 题成绩「-1」无效（应为不小于 0 的数，最多一位小数且只能是 .0 或 .5）；第 2 题成绩「3.」无效；第 3 题成绩「1e1」无效",
		 "第 10 行：第 2 题成绩「2.50」无效（应为不小于 0 的数，最多一位小数且只能是 .0 或 .5）；第 3 题成绩「.5」无效", "第 11 行：第 7 列「9」没有表头", "第 12 行：学号 k2 与第 3 行重复", NULL);
	/* Blank 试卷 when the column is present. */
	read_bad("学号,试卷,1,2,3\nk1,,1,1,1\n", &o, "第 2 行：试卷不能为空", NULL);
	/* Half points and ".0" are fine; whole points above the max are not, also with inferred points untouched. */
	struct itemstats_table *t = read_ok("学号,1,2,3\nk1,0.5,2.0,1.5\n", strlen("学号,1,2,3\nk1,0.5,2.0,1.5\n"), &o, "UTF-8");
	NEAR(t->scores[0], 0.5, 0);
	itemstats_table_free(t);
	/* English messages follow the language setting. */
	err_set_lang("en");
	read_bad("学号,1,2,3\nk1,1,1,9\n", &o, "line 2: item 3: 9 marks exceed the maximum of 2", NULL);
	err_set_lang("zh");
}

static void test_csv_header(void **state)
{
	(void)state;
	const struct itemstats_csv_opts o = { pts3, 3, 0 };
	read_bad("学号,1,3,2\nk1,1,1,1\n", &o, "第 1 行：第 3 列表头是「3」，应为题号 2", NULL);
	read_bad("姓名,1,2,3\nk1,1,1,1\n", &o, "第 1 行：第 1 列表头应为「学号」", NULL);
	read_bad("学号,试卷\nk1,A\n", &o, "第 1 行：表头没有题号列", NULL);
	read_bad("\n\n学号,1,,2\nk1,1,1,1\n", NULL, "第 3 行：第 4 列表头「2」前有空的表头", NULL);
	/* Trailing empty header cells are tolerated, with blank cells under them. */
	struct itemstats_table *t = read_ok("学号,1,2,3,,\nk1,1,1,1,,\n", strlen("学号,1,2,3,,\nk1,1,1,1,,\n"), &o, "UTF-8");
	assert_int_equal(t->k, 3);
	itemstats_table_free(t);

	struct jy_err err = JY_ERR_INIT;
	struct vec problems = VEC_INIT(free);
	t = NULL;
	/* Points for the wrong number of items, empty file, header only. */
	const struct itemstats_csv_opts two = { pts3, 2, 0 };
	assert_int_equal(itemstats_read_csv(&t, NULL, &problems, "学号,1,2,3\nk,1,1,1\n", strlen("学号,1,2,3\nk,1,1,1\n"), &two, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "2 道题"));
	assert_int_equal(itemstats_read_csv(&t, NULL, &problems, "", 0, &o, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "文件是空的"));
	assert_int_equal(itemstats_read_csv(&t, NULL, &problems, "学号,1\n,\n", strlen("学号,1\n,\n"), NULL, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "没有学生成绩"));
	assert_null(t);
	assert_int_equal(problems.len, 0);
	vec_free(&problems);

	/* Inferred points: an item nobody scored on cannot be inferred. */
	read_bad("学号,1,2\nk1,1,0\nk2,0,0\n", NULL, "第 1 行：第 2 题所有人都是 0 分，无法推断满分", NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lsat6),	   cmocka_unit_test(test_polytomous), cmocka_unit_test(test_flags_and_undefined),
		cmocka_unit_test(test_invalid_input), cmocka_unit_test(test_options),	  cmocka_unit_test(test_row_order),
		cmocka_unit_test(test_compare),	   cmocka_unit_test(test_csv_utf8),   cmocka_unit_test(test_csv_gbk),
		cmocka_unit_test(test_csv_blank),  cmocka_unit_test(test_csv_bad_rows), cmocka_unit_test(test_csv_header),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
