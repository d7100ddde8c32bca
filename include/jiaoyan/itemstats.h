/* itemstats: item analysis of joint-exam results — paper figures, item P/D/r, Cronbach's α, school comparison, score CSV. */
#ifndef JIAOYAN_ITEMSTATS_H
#define JIAOYAN_ITEMSTATS_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/vec.h"

/*
 * Pure computation: no store, no printing. The CLI (exam stats|items|compare,
 * stats items FILE.csv), the TUI and the reports all call this one module, so
 * these are the product's published conventions:
 *
 *  - Totals: a student's total is the sum of their item scores; full marks is
 *    Σ points. Variances and sds use the n−1 denominator EVERYWHERE (also
 *    inside α, so α of 0/1 items is not the mixed-denominator KR-20).
 *  - Median of an even count is the mean of the two middle totals.
 *  - Pass: total ≥ pass × full; excellence: total ≥ excellent × full.
 *  - Distribution: 10 bands of 10% of full marks, [0,10%) … [80%,90%),
 *    and [90%,100%] closed so that full marks land in the last band.
 *  - Item difficulty P = mean item score ÷ item points (share correct for
 *    0/1 items); paper difficulty = points-weighted mean of the items' P.
 *  - Discrimination D = P(upper group) − P(lower group). The groups are the
 *    top and bottom `group` share (27%) of students by total. Each weighs
 *    exactly group × n students: students strictly beyond the boundary score
 *    weigh 1, and all students tied AT the boundary score share the remaining
 *    weight equally. So D never depends on row order.
 *  - r_pb = Pearson r of item score with total; r_it = Pearson r of item
 *    score with the total without that item (corrected item–rest).
 *  - Cronbach's α = k/(k−1) · (1 − Σ var(item) / var(total)); "α if item
 *    deleted" is the same formula on the other k−1 items.
 *  - Undefined values are NaN: sd and variances with n < 2, a correlation
 *    where either side has zero variance, α with k < 2 or var(total) = 0
 *    (α if deleted therefore needs k ≥ 3). itemstats_fmt prints them "NA".
 *  - Threshold comparisons (pass, bands, flags, Ebel, the comparison mark)
 *    allow 1e-9 of floating-point error, so 0.7 − 0.5 counts as 0.2.
 */

/* ---- The score table ---- */

/*
 * n students × k items. A documented plain struct: callers that build one by
 * hand (from scores records) fill it after itemstats_table_new; every string
 * it points to is owned by the table and freed by itemstats_table_free.
 */
struct itemstats_table {
	size_t n;            /* students (rows) */
	size_t k;            /* items (columns) */
	double *scores;      /* n × k, row-major: student i, item j at scores[i * k + j] */
	double *points;      /* k item maxima, each > 0 */
	char **students;     /* n entries: anonymised 学号, or NULL */
	char **papers;       /* n entries: 试卷 ("A" or "B"), or NULL when unknown / no such column */
	char **groups;       /* n entries: group label (the school id), or NULL; used by itemstats_compare */
	size_t *lines;       /* n entries: CSV line of the student's row, 0 when not read from a file */
	int points_inferred; /* 1 when the CSV reader took each maximum from the largest score seen */
};

/* A new table with all scores and points 0 and every label NULL. Never NULL
 * (aborts on out-of-memory); n or k may be 0. Free with itemstats_table_free. */
struct itemstats_table *itemstats_table_new(size_t n, size_t k);
void itemstats_table_free(struct itemstats_table *t); /* NULL is fine */

/* A new table (owned) holding copies of rows[0..m) of t, in that order, with
 * the same points; labels are copied. Every rows[i] must be < t->n. */
struct itemstats_table *itemstats_table_rows(const struct itemstats_table *t, const size_t *rows, size_t m);

/* ---- Options ---- */

struct itemstats_opts {
	double pass;      /* pass share of full marks, (0, 1] */
	double excellent; /* excellence share of full marks, (0, 1] */
	double group;     /* upper/lower group share of students, (0, 0.5] */
};

#define ITEMSTATS_OPTS_INIT { 0.60, 0.85, 0.27 }

/* ---- Item analysis ---- */

/* Per-item flags: a bit set, each with a label through itemstats_flag_label. */
enum {
	ITEMSTATS_FLAG_LOW_D = 1 << 0, /* D < 0.2: 修改或淘汰 */
	ITEMSTATS_FLAG_NEG_R = 1 << 1, /* r_it < 0: 检查答案 (the key is likely wrong) */
	ITEMSTATS_FLAG_EASY = 1 << 2,  /* P > 0.9: 过易 */
	ITEMSTATS_FLAG_HARD = 1 << 3,  /* P < 0.2: 过难 */
};
#define ITEMSTATS_NFLAGS 4

#define ITEMSTATS_NBANDS 10

struct itemstats_item {
	double points;           /* the item's maximum */
	double mean, sd;         /* of the item score (sd NaN when n < 2) */
	double p;                /* difficulty P */
	double p_upper, p_lower; /* P within the upper / lower group */
	double d;                /* discrimination D = p_upper − p_lower */
	double r_pb;             /* item–total Pearson r (NaN: zero variance) */
	double r_it;             /* item–rest Pearson r (NaN: zero variance) */
	double alpha_if_deleted; /* α of the other items (NaN when k < 3 or undefined) */
	unsigned flags;          /* ITEMSTATS_FLAG_* (a NaN never raises a flag) */
};

struct itemstats_paper {
	size_t n;                        /* students */
	double full;                     /* full marks, Σ points */
	double mean, sd, median, min, max;
	double pass_rate;                /* share of students with total ≥ pass × full, 0..1 */
	double excellent_rate;           /* share with total ≥ excellent × full, 0..1 */
	size_t bands[ITEMSTATS_NBANDS];  /* students per 10% band of full marks (see above) */
	double difficulty;               /* points-weighted mean of item P */
	double alpha;                    /* Cronbach's α (NaN when undefined) */
};

struct itemstats_result {
	struct itemstats_paper paper;
	size_t k;
	struct itemstats_item *items; /* k, in table order */
};

/*
 * Analyses t with opts (NULL = ITEMSTATS_OPTS_INIT) into *out (owned; free
 * with itemstats_result_free). JY_EINVAL, with a message naming the student
 * (学号 or row) and item or the option, when: n or k is 0; an option is out of
 * its range; a point value is not a finite number > 0; a score is not finite
 * or outside 0..points. O(n·k + n log n).
 */
int itemstats_compute(struct itemstats_result **out, const struct itemstats_table *t,
		      const struct itemstats_opts *opts, struct jy_err *err);
void itemstats_result_free(struct itemstats_result *r); /* NULL is fine */

/* The label of ONE flag bit ("修改或淘汰"/"revise or drop", "检查答案"/"check
 * the key", "过易"/"too easy", "过难"/"too hard"); "" for anything else. Static. */
const char *itemstats_flag_label(unsigned flag);
/* Appends the labels of all flags set, in enum order, joined by "、" (", " in
 * English); nothing when flags is 0. */
void itemstats_flags_text(struct buf *out, unsigned flags);

/* Ebel's bands of D: ≥ 0.4, [0.3, 0.4), [0.2, 0.3), < 0.2; NaN → NONE. */
enum itemstats_ebel {
	ITEMSTATS_EBEL_GOOD,     /* 优良 */
	ITEMSTATS_EBEL_FAIR,     /* 合格 */
	ITEMSTATS_EBEL_MARGINAL, /* 尚可（需修改） */
	ITEMSTATS_EBEL_POOR,     /* 差（淘汰或修改） */
	ITEMSTATS_EBEL_NONE,     /* D undefined */
};
enum itemstats_ebel itemstats_ebel(double d);
/* The band's label through L(zh, en) ("NA" for NONE). Static. */
const char *itemstats_ebel_label(enum itemstats_ebel band);

/*
 * Appends v with `decimals` decimals ("%.*f"), or "NA" when v is NaN or
 * infinite; a value that rounds to zero prints without a minus sign
 * ("0.0000", never "-0.0000"). TSV output uses 4 decimals, α 7.
 */
void itemstats_fmt(struct buf *out, double v, int decimals);

/* ---- Comparison across groups (schools) ---- */

/* A group is marked on an item when |P − P of the other groups pooled| > 0.2,
 * and only when the group has at least 20 students. */
#define ITEMSTATS_MARK_DIFF 0.2
#define ITEMSTATS_MARK_MIN_N 20

struct itemstats_group {
	const char *name;              /* the group label (owned by the comparison) */
	struct itemstats_result *stats;/* this group alone: paper figures, P and D of its own 27% groups */
	double *p_others;              /* k: P of all OTHER groups' students pooled (NaN with one group) */
	unsigned char *marked;         /* k: 1 when the mark rule above holds */
};

struct itemstats_compare {
	struct itemstats_result *all;   /* every student pooled (callers name this row "all") */
	size_t ngroups;
	struct itemstats_group *groups; /* sorted by name (strcmp): independent of row order */
};

/*
 * Pooled and per-group analysis of t by t->groups (every entry must be
 * non-NULL and non-empty, else JY_EINVAL naming the student). Same options and
 * errors as itemstats_compute; *out owned, free with itemstats_compare_free.
 */
int itemstats_compare(struct itemstats_compare **out, const struct itemstats_table *t,
		      const struct itemstats_opts *opts, struct jy_err *err);
void itemstats_compare_free(struct itemstats_compare *c); /* NULL is fine */

/* ---- Reading a score table from CSV ---- */

/*
 * Header: 学号,试卷,1,2,…,N — 学号 first (required), then optionally 试卷,
 * then the item columns whose header cells are exactly 1, 2, …, N in order
 * (N ≥ 1). Cells are trimmed of spaces and full-width spaces; empty header
 * cells after the last item are tolerated (Excel leaves them) as long as the
 * cells below them are blank.
 *
 * Encoding: UTF-8, UTF-8 with BOM or GBK (csv_to_utf8). Rows whose cells are
 * all blank are skipped (also before the header). Each row must have:
 *  - a non-empty 学号 not seen on an earlier row;
 *  - when the 试卷 column is present, A or B (a or b is read as A or B);
 *  - a cell for every item (a row shorter than the header is refused, a
 *    missing comma would otherwise shift every score), each a number ≥ 0
 *    written as digits with at most one decimal that is .0 or .5 ("3",
 *    "3.5", "3.0"; not "0.3", "3.", ".5", "+3", "1e1"), and ≤ the item's
 *    points when points are given;
 *  - a blank score cell is 0 when blank_zero is set, otherwise refused;
 *  - nothing in cells beyond the header's columns.
 *
 * Points: opts->points (npoints must equal N; each finite and > 0), or, when
 * points is NULL, each item's maximum is the LARGEST SCORE SEEN in its column
 * (table->points_inferred = 1) — an item nobody scored on is then refused,
 * as its maximum cannot be known.
 *
 * Every bad row is reported: one owned "第 N 行：…" message per bad row (N
 * is csv_row.line, the physical line; several faults of one row are joined
 * by "；") is appended to problems (a vec with free_item = free; may be NULL);
 * then the result is JY_EINVAL with a summary in err and nothing in *out.
 * Otherwise *out is a new table (owned) with students, papers (when the
 * column is present) and lines filled, groups NULL. encoding_out (may be
 * NULL) gets "UTF-8", "UTF-8 BOM" or "GBK".
 */
struct itemstats_csv_opts {
	const double *points; /* N item maxima, or NULL to infer them */
	size_t npoints;
	int blank_zero;       /* a blank score cell counts as 0 */
};

int itemstats_read_csv(struct itemstats_table **out, const char **encoding_out, struct vec *problems,
		       const char *data, size_t len, const struct itemstats_csv_opts *opts, struct jy_err *err);

#endif
