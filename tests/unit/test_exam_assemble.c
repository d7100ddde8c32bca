/* test_exam_assemble: the paper search — determinism, shortfall in numbers, overlap limits recomputed here, backtracking, chapters. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/assemble.h"
#include "jiaoyan/buf.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/question.h"

/* A synthetic pool: n items with ids "qNNN" (their own roots), types, difficulties, levels, chapters. */
struct pool {
	struct assemble_item items[400];
	char ids[400][8];
	char chapters[400][24];
	size_t n;
};

static void add(struct pool *p, int type, int difficulty, int level, int chapter)
{
	size_t i = p->n++;
	snprintf(p->ids[i], sizeof(p->ids[i]), "q%03zu", i);
	if (chapter)
		snprintf(p->chapters[i], sizeof(p->chapters[i]), "第%d章", chapter);
	p->items[i].id = p->ids[i];
	p->items[i].root = p->ids[i];
	p->items[i].chapter = p->chapters[i];
	p->items[i].type = type;
	p->items[i].difficulty = difficulty;
	p->items[i].level = level;
	p->items[i].avoid = 0;
}

static void row(struct exam_blueprint *bp, int type, unsigned count, double points, int dmin, int dmax, const char *chapters,
		int level)
{
	struct exam_row *r = xcalloc(1, sizeof(*r));
	vec_init(&r->chapters, free);
	r->type = type;
	r->count = count;
	r->points = points;
	r->dmin = dmin;
	r->dmax = dmax;
	r->level = level;
	vec_split(&r->chapters, chapters, ',');
	vec_push(&bp->rows, r);
}

static const char *const SCOPE5[] = { "1", "2", "3", "4", "5" };

/* A bank of 120 items over five chapters, every type, difficulties and levels spread. */
static void big_pool(struct pool *p)
{
	memset(p, 0, sizeof(*p));
	for (int i = 0; i < 120; i++)
		add(p, i % 6 < 3 ? QUESTION_SINGLE : i % 6 == 3 ? QUESTION_MULTIPLE : i % 6 == 4 ? QUESTION_TRUEFALSE : QUESTION_SHORT,
		    1 + (i * 7) % 5, (i * 3) % 4, 1 + (i / 2) % 5);
}

static void problem_init(struct assemble_problem *pr, const struct exam_blueprint *bp, const struct pool *p, size_t npapers,
			 unsigned long long seed)
{
	memset(pr, 0, sizeof(*pr));
	pr->bp = bp;
	pr->items = p->items;
	pr->nitems = p->n;
	pr->scope = SCOPE5;
	pr->nscope = 5;
	pr->npapers = npapers;
	pr->overlap_prev = 0.30;
	pr->overlap_papers = 0.10;
	pr->seed = seed;
}

static void standard_blueprint(struct exam_blueprint *bp)
{
	exam_blueprint_init(bp);
	row(bp, QUESTION_SINGLE, 10, 3, 1, 5, NULL, -1);
	row(bp, QUESTION_MULTIPLE, 5, 4, 1, 5, NULL, -1);
	row(bp, QUESTION_TRUEFALSE, 5, 2, 1, 5, NULL, -1);
	row(bp, QUESTION_SHORT, 2, 20, 2, 5, NULL, -1);
	bp->dmean_min = 2.5;
	bp->dmean_max = 3.5;
	bp->coverage = 100;
}

static size_t shared(const struct assemble_result *r, size_t a, size_t b)
{
	size_t n = 0;
	for (size_t i = 0; i < r->n; i++)
		for (size_t j = 0; j < r->n; j++)
			n += r->picks[a][i] == r->picks[b][j];
	return n;
}

static void same_seed_same_papers(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r1, r2, r3;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	big_pool(&p);
	standard_blueprint(&bp);
	problem_init(&pr, &bp, &p, 2, 42);
	assert_int_equal(assemble_run(&r1, &miss, &pr, &err), 0);
	assert_int_equal(assemble_run(&r2, &miss, &pr, &err), 0);
	assert_int_equal(r1.n, 22);
	assert_memory_equal(r1.picks[0], r2.picks[0], r1.n * sizeof(size_t));
	assert_memory_equal(r1.picks[1], r2.picks[1], r1.n * sizeof(size_t));
	pr.seed = 43;
	assert_int_equal(assemble_run(&r3, &miss, &pr, &err), 0);
	assert_true(memcmp(r1.picks[0], r3.picks[0], r1.n * sizeof(size_t)) != 0);
	assert_int_equal(miss.len, 0);
	assemble_result_release(&r1);
	assemble_result_release(&r2);
	assemble_result_release(&r3);
	exam_blueprint_release(&bp);
	vec_free(&miss);
}

/* Every constraint, recomputed here from the picks rather than taken from the program's own check. */
static void constraints_hold(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free), prev1 = VEC_INIT(NULL), prev2 = VEC_INIT(NULL);
	struct jy_err err = JY_ERR_INIT;
	big_pool(&p);
	standard_blueprint(&bp);
	bp.levels[0] = 20;
	bp.levels[2] = 30;
	bp.level_tol = 10;
	/* Two earlier sittings that used most of the singles and multiples. */
	for (size_t i = 0; i < p.n; i++) {
		if (i % 6 < 4 && i < 70)
			vec_push(&prev1, (void *)p.items[i].root);
		if (i % 6 < 4 && i >= 40 && i < 110)
			vec_push(&prev2, (void *)p.items[i].root);
	}
	for (unsigned long long seed = 1; seed <= 12; seed++) {
		problem_init(&pr, &bp, &p, 2, seed);
		pr.previous[0] = &prev1;
		pr.previous[1] = &prev2;
		if (assemble_run(&r, &miss, &pr, &err))
			fail_msg("seed %llu: %s", seed, err.msg);
		for (size_t q = 0; q < 2; q++) {
			double total = 0, dsum = 0, lvl[4] = { 0 };
			int seen[6] = { 0 };
			size_t in1 = 0, in2 = 0, per_row[4] = { 0 };
			for (size_t j = 0; j < r.n; j++) {
				const struct assemble_item *it = &p.items[r.picks[q][j]];
				const struct exam_row *rw = bp.rows.items[r.rows[q][j]];
				assert_int_equal(it->type, rw->type);
				assert_true(it->difficulty >= rw->dmin && it->difficulty <= rw->dmax);
				per_row[r.rows[q][j]]++;
				total += rw->points;
				dsum += rw->points * it->difficulty;
				lvl[it->level] += rw->points;
				seen[exam_chapter_number(it->chapter)] = 1;
				in1 += vec_has_str(&prev1, it->root);
				in2 += vec_has_str(&prev2, it->root);
				for (size_t k = 0; k < j; k++)
					assert_int_not_equal(r.picks[q][k], r.picks[q][j]);
			}
			for (size_t k = 0; k < 4; k++)
				assert_int_equal(per_row[k], ((struct exam_row *)bp.rows.items[k])->count);
			assert_true(total == 100);
			assert_true(dsum / total >= 2.5 && dsum / total <= 3.5);
			assert_true(lvl[0] >= 10 && lvl[0] <= 30);
			assert_true(lvl[2] >= 20 && lvl[2] <= 40);
			for (int c = 1; c <= 5; c++)
				assert_true(seen[c]);
			/* ≤ 30% of 22 items is at most 6 from each earlier sitting. */
			assert_true(in1 * 100 <= 30 * r.n);
			assert_true(in2 * 100 <= 30 * r.n);
		}
		/* A and B share under 10%: at most 2 of 22. */
		assert_true(shared(&r, 0, 1) * 100 < 10 * r.n);
		assemble_result_release(&r);
	}
	exam_blueprint_release(&bp);
	vec_free(&miss);
	vec_free(&prev1);
	vec_free(&prev2);
}

static void shortfall_in_numbers(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	memset(&p, 0, sizeof(p));
	for (int i = 0; i < 3; i++)
		add(&p, QUESTION_SINGLE, 4, 1, 3);
	add(&p, QUESTION_SINGLE, 4, 1, 2); /* another chapter: does not count */
	add(&p, QUESTION_SINGLE, 3, 1, 3); /* another difficulty: does not count */
	p.items[4].avoid = 0;
	add(&p, QUESTION_SINGLE, 4, 1, 3);
	p.items[5].avoid = 1; /* used in a recent sitting */
	exam_blueprint_init(&bp);
	row(&bp, QUESTION_SINGLE, 5, 2, 4, 4, "3", -1);
	problem_init(&pr, &bp, &p, 1, 1);
	pr.recent = 2;
	bp.coverage = 0;
	assert_int_equal(assemble_run(&r, &miss, &pr, &err), JY_EINVAL);
	assert_int_equal(miss.len, 1);
	assert_string_equal(miss.items[0], "第 1 行：需要 5 道难度 4 的单选题（第 3 章），题库只有 3 道已审核的（另有 1 道在最近 2 场考试中用过，回避）");
	assert_non_null(strstr(err.msg, "题库只有 3 道已审核的"));
	exam_blueprint_release(&bp);
	vec_free(&miss);
}

static void two_papers_need_different_items(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	memset(&p, 0, sizeof(p));
	for (int i = 0; i < 12; i++)
		add(&p, QUESTION_SINGLE, 3, -1, 0);
	exam_blueprint_init(&bp);
	row(&bp, QUESTION_SINGLE, 10, 10, 1, 5, NULL, -1);
	problem_init(&pr, &bp, &p, 2, 1);
	pr.nscope = 0;
	assert_int_equal(assemble_run(&r, &miss, &pr, &err), JY_EINVAL);
	assert_int_equal(miss.len, 1);
	/* 10 items a paper, under 10% shared = at most 0 of 10: 20 different ones. */
	assert_non_null(strstr(miss.items[0], "共需要至少 20 道不同的单选题"));
	assert_non_null(strstr(miss.items[0], "题库只有 12 道已审核的"));
	exam_blueprint_release(&bp);
	vec_free(&miss);
}

static void difficulty_out_of_reach(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	memset(&p, 0, sizeof(p));
	for (int i = 0; i < 10; i++)
		add(&p, QUESTION_SINGLE, i < 8 ? 1 : 3, -1, 0);
	exam_blueprint_init(&bp);
	row(&bp, QUESTION_SINGLE, 4, 5, 1, 5, NULL, -1);
	bp.dmean_min = 2.5;
	bp.dmean_max = 3.5;
	problem_init(&pr, &bp, &p, 1, 1);
	pr.nscope = 0;
	assert_int_equal(assemble_run(&r, &miss, &pr, &err), JY_EINVAL);
	assert_int_equal(miss.len, 1);
	/* The two hardest (3) and two of 1: mean 2.00 at most. */
	assert_string_equal(miss.items[0], "平均难度最高只能到 2.00（要求 2.5–3.5）：难题不够");
	exam_blueprint_release(&bp);
	vec_free(&miss);
}

/*
 * Only one set works, and a greedy pass cannot find it: each of three rows
 * draws on the same chapters, coverage needs all three chapters, and the
 * chapter-3 single is also the only difficulty-5 single the mean needs.
 */
static void search_backtracks_to_the_only_answer(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	static const char *const scope3[] = { "1", "2", "3" };
	memset(&p, 0, sizeof(p));
	for (int i = 0; i < 30; i++)
		add(&p, QUESTION_SINGLE, 1, -1, 1 + (i % 2)); /* easy singles of chapters 1 and 2 */
	add(&p, QUESTION_SINGLE, 5, -1, 3);                    /* index 30: the one that must be drawn */
	for (int i = 0; i < 10; i++)
		add(&p, QUESTION_TRUEFALSE, 2, -1, 1);
	exam_blueprint_init(&bp);
	row(&bp, QUESTION_SINGLE, 3, 2, 1, 5, NULL, -1);
	row(&bp, QUESTION_TRUEFALSE, 2, 2, 1, 5, NULL, -1);
	bp.dmean_min = 2.2;
	bp.dmean_max = 5;
	bp.coverage = 100;
	for (unsigned long long seed = 1; seed <= 5; seed++) {
		problem_init(&pr, &bp, &p, 1, seed);
		pr.scope = scope3;
		pr.nscope = 3;
		assert_int_equal(assemble_run(&r, &miss, &pr, &err), 0);
		int has = 0;
		for (size_t j = 0; j < r.n; j++)
			has |= r.picks[0][j] == 30;
		assert_true(has);
		assemble_result_release(&r);
	}
	/* One more point of mean difficulty than the bank allows: impossible, and said so. */
	bp.dmean_min = 2.5;
	problem_init(&pr, &bp, &p, 1, 1);
	pr.scope = scope3;
	pr.nscope = 3;
	assert_int_equal(assemble_run(&r, &miss, &pr, &err), JY_EINVAL);
	assert_int_equal(miss.len, 1);
	assert_non_null(strstr(miss.items[0], "平均难度最高只能到 2.20"));
	exam_blueprint_release(&bp);
	vec_free(&miss);
}

/*
 * Ten singles that differ in nothing a blueprint asks about: one told
 * strong from weak students apart in a past sitting (D 0.8), one did not
 * (D 0.05), the others were never scored. Over 200 seeds the first comes
 * first most of the time and the second never; without the past D the
 * first is one of ten like the rest. The same seed still gives the same pick.
 */
static size_t pick_of(struct pool *p, const struct exam_blueprint *bp, unsigned long long seed)
{
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	static const char *const scope1[] = { "1" };
	problem_init(&pr, bp, p, 1, seed);
	pr.scope = scope1;
	pr.nscope = 1;
	assert_int_equal(assemble_run(&r, &miss, &pr, &err), 0);
	assert_int_equal(r.n, 1);
	size_t got = r.picks[0][0];
	assemble_result_release(&r);
	vec_free(&miss);
	return got;
}

static void discriminating_items_come_first(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	size_t good = 0, poor = 0, good_blind = 0;
	memset(&p, 0, sizeof(p));
	for (int i = 0; i < 10; i++)
		add(&p, QUESTION_SINGLE, 3, -1, 1);
	exam_blueprint_init(&bp);
	row(&bp, QUESTION_SINGLE, 1, 2, 1, 5, NULL, -1);
	bp.coverage = 100;
	for (unsigned long long seed = 0; seed < 200; seed++) {
		p.items[0].has_d = p.items[1].has_d = 0;
		good_blind += pick_of(&p, &bp, seed) == 0;
		p.items[0].has_d = p.items[1].has_d = 1;
		p.items[0].d = 0.8;
		p.items[1].d = 0.05;
		size_t got = pick_of(&p, &bp, seed);
		assert_int_equal(pick_of(&p, &bp, seed), got);
		good += got == 0;
		poor += got == 1;
	}
	assert_int_equal(poor, 0);
	assert_true(good >= 150);
	assert_true(good_blind < 60);
	exam_blueprint_release(&bp);
}

/* Each constraint can be met alone but not together: the search proves it and says so. */
static void jointly_impossible(void **state)
{
	(void)state;
	struct pool p;
	struct exam_blueprint bp;
	struct assemble_problem pr;
	struct assemble_result r;
	struct vec miss = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	memset(&p, 0, sizeof(p));
	/* Hard items are all 识记; the mean needs two hard ones, 识记 may hold only a quarter of the points. */
	for (int i = 0; i < 6; i++)
		add(&p, QUESTION_SINGLE, 5, 0, 0);
	for (int i = 0; i < 6; i++)
		add(&p, QUESTION_SINGLE, 1, 2, 0);
	exam_blueprint_init(&bp);
	row(&bp, QUESTION_SINGLE, 4, 25, 1, 5, NULL, -1);
	bp.dmean_min = 3;
	bp.dmean_max = 5;
	bp.levels[0] = 25;
	bp.level_tol = 0;
	problem_init(&pr, &bp, &p, 1, 9);
	pr.nscope = 0;
	assert_int_equal(assemble_run(&r, &miss, &pr, &err), JY_EINVAL);
	assert_int_equal(miss.len, 1);
	assert_non_null(strstr(miss.items[0], "每项要求单独都能满足"));
	assert_non_null(strstr(miss.items[0], "平均难度 3–5"));
	exam_blueprint_release(&bp);
	vec_free(&miss);
}

static void chapter_numbers(void **state)
{
	(void)state;
	assert_int_equal(exam_chapter_number("第3章 传感器"), 3);
	assert_int_equal(exam_chapter_number("第十二章"), 12);
	assert_int_equal(exam_chapter_number("项目三 流量获取与转化"), 3);
	assert_int_equal(exam_chapter_number("模块二十一"), 21);
	assert_int_equal(exam_chapter_number("单元 4"), 4);
	assert_int_equal(exam_chapter_number("5. 数据分析"), 5);
	assert_int_equal(exam_chapter_number("3D 打印"), 0);
	assert_int_equal(exam_chapter_number("绪论"), 0);
	assert_true(exam_chapter_matches("3", "项目三 流量获取与转化"));
	assert_false(exam_chapter_matches("3", "项目四 用户运营"));
	assert_true(exam_chapter_matches("项目四 用户运营", "项目四 用户运营"));
}

static void release_times(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(exam_release_parse(&b, "2027-01-11 18:00", &err), 0);
	assert_string_equal(b.ptr, "2027-01-11T18:00");
	assert_int_equal(exam_release_parse(&b, "2027-02-30T18:00", &err), JY_EINVAL);
	assert_int_equal(exam_release_parse(&b, "2027-01-11T24:00", &err), JY_EINVAL);
	assert_true(exam_release_time("2027-01-11T18:00") > exam_release_time("2027-01-11T17:59"));
	buf_release(&b);
}

int main(void)
{
	setenv("TZ", "UTC", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(same_seed_same_papers),
		cmocka_unit_test(constraints_hold),
		cmocka_unit_test(shortfall_in_numbers),
		cmocka_unit_test(two_papers_need_different_items),
		cmocka_unit_test(difficulty_out_of_reach),
		cmocka_unit_test(search_backtracks_to_the_only_answer),
		cmocka_unit_test(jointly_impossible),
		cmocka_unit_test(discriminating_items_come_first),
		cmocka_unit_test(chapter_numbers),
		cmocka_unit_test(release_times),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
