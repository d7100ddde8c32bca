/* assemble: the search for papers that meet a blueprint, the shortfall in numbers when none can, and the check table. */
#ifndef JIAOYAN_ASSEMBLE_H
#define JIAOYAN_ASSEMBLE_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/vec.h"

/*
 * Pure: items and constraints in, picks out; no store (exam.c gathers the
 * bank and the history). The search is exact: a depth-first search over the
 * rows of every paper at once (paper B's failure backtracks into paper A),
 * choosing each row's items as combinations, with bounds that cut a branch
 * as soon as the mean difficulty, a cognitive level's share or the chapter
 * coverage can no longer be reached, and hard caps on the overlap with the
 * previous sittings and between papers. So when a set of papers meeting
 * every constraint exists it is found (unless the step limit is reached,
 * which is reported as such, never as "impossible"). The candidates of a row
 * are tried in an order drawn from the seed (a deterministic generator),
 * nudged toward what the paper still lacks and toward items that
 * discriminated well in past sittings (an item's D from the released
 * papers' scores: D above 0.3 moves it forward, below 0.3 back, by as much
 * as the seeded noise spans for a difference of 2/3 in D; an item never
 * scored is neutral): the same seed and the same input give the same papers.
 *
 * Constraints of each paper:
 *  - row r: count_r distinct items of its type, difficulty range, chapters
 *    and level; an item fills one row only;
 *  - points-weighted mean difficulty within [dmean_min, dmean_max];
 *  - at least ⌈coverage% × scope⌉ scope chapters have an item;
 *  - each level's share of the points within target ± tolerance;
 *  - at most ⌊overlap_prev × N⌋ of its N items were in each previous sitting
 *    (items are compared by their first version: a later version of an item
 *    is the same item);
 *  - fewer than overlap_papers × N items shared with each earlier paper.
 * Items recently used (the last K sittings) are not candidates at all: the
 * caller marks them `avoid`, and they are counted in the shortfall messages.
 */

/* One candidate: an approved item of the course. Strings borrowed. */
struct assemble_item {
	const char *id;
	const char *root;    /* id of its first version */
	const char *chapter; /* as stored, "" when none */
	int type;            /* enum question_type */
	int difficulty;      /* 1..5 */
	int level;           /* 0..3, -1 none */
	int avoid;           /* used in one of the last K sittings: not drawn */
	int has_d;           /* 1 when d is known (the item was scored in a released paper) */
	double d;            /* its discrimination there (bank_usage: weighted by students) */
};

struct assemble_problem {
	const struct exam_blueprint *bp;
	const struct assemble_item *items; /* candidates, in a fixed order (by id) */
	size_t nitems;
	const char *const *scope; /* the scope chapters (names), nscope of them */
	size_t nscope;
	size_t npapers;           /* 1..4 */
	const struct vec *previous[2]; /* roots (const char *) of the items of the two previous sittings; NULL: none */
	unsigned recent;          /* K, for messages */
	double overlap_prev;      /* 0.30 */
	double overlap_papers;    /* 0.10 */
	unsigned long long seed;
	unsigned long long max_steps; /* 0: 3,000,000 */
};

/* The papers found: for paper p, picks[p][j] is the index of an item in problem->items and rows[p][j] its row
 * (0-based), j in paper order (rows in blueprint order). */
struct assemble_result {
	size_t npapers;
	size_t n; /* items per paper */
	size_t *picks[4];
	unsigned *rows[4];
	unsigned long long steps;
};
void assemble_result_release(struct assemble_result *r);

/*
 * Runs the search. 0 and *out filled; or JY_EINVAL when no papers meet the
 * constraints — shortfall gets one owned message per thing missing, in
 * numbers ("第 2 行：需要 5 道难度 4 的单选题（第 3 章），题库只有 3 道已审核的"),
 * and err the same lines joined — or when the step limit was reached.
 */
int assemble_run(struct assemble_result *out, struct vec *shortfall, const struct assemble_problem *p, struct jy_err *err);

/* A paper to check: n items, each with its points and blueprint row (0-based, or -1 outside the rows). */
struct assemble_paper {
	const char *letter;
	size_t n;
	const struct assemble_item *const *items;
	const double *points;
	const int *rows;
};

/*
 * Every constraint of every paper (struct exam_check_row *, owned) with
 * target, actual and ✓/✗, recomputed from the papers themselves — what
 * `exam check` prints and the TUI shows beside the paper. A previous
 * sitting that could not be read (NULL in problem->previous with
 * prev_unknown set) gives a row with actual "?" and ok -1.
 */
void assemble_check(struct vec *rows, const struct assemble_problem *p, const struct assemble_paper *papers, size_t npapers,
		    const int prev_unknown[2]);

/* The seeded generator (splitmix64): advances *state and returns the next value. */
unsigned long long assemble_rand(unsigned long long *state);

/* A human description of row r ("难度 4 的单选题（第 3 章）"), appended to out. */
void assemble_row_label(struct buf *out, const struct exam_row *r);

#endif
