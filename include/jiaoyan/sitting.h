/* sitting: a joint exam once it was sat — scores taken in against its released papers, its analysis per paper and school, and what past sittings say about bank items. */
#ifndef JIAOYAN_SITTING_H
#define JIAOYAN_SITTING_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/record.h"
#include "jiaoyan/results.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * The joint exam's results (issue 12), one implementation for the command
 * line (exam scores import, stats, items, compare, report), the 联考 tab's
 * results view, the term ledger and the question bank:
 *
 *  - scores come in per school (scores.h) once the papers are RELEASED:
 *    each school's table is checked against the points of the released
 *    papers (paper.h), and a sealed paper reveals nothing, not even its
 *    number of items;
 *  - papers A and B are analysed SEPARATELY, always: their items differ,
 *    so an item analysis or α of A and B pooled would mix different
 *    questions. Every figure (per school and pooled) is per paper;
 *  - the thresholds are group.ini [results] (results_opts_of_group);
 *  - a bank item's P and D per sitting (sitting_uses) are derived from the
 *    released papers and the scores records whenever they are asked for,
 *    never written into the question records: an approved item never
 *    changes in place (bank.h), a number written back would be one more
 *    commit per sitting and per item that two campuses could change at
 *    once, and a figure derived on demand can never be older than the
 *    scores it comes from nor name an item of a paper still sealed.
 */

/*
 * Imports school's score table of exam (an exam id) in one commit, as
 * scores_import_csv (scores.h) reads and stores it. Before the file is
 * read:
 *  - the school must take part in the exam (exam.schools; when the exam
 *    names no schools, any school of the roster) — JY_EINVAL naming the
 *    schools that do;
 *  - the actor must be allowed to write the school's scores (the scores
 *    type's permit) — JY_EPERM;
 *  - the exam must have papers and every paper must be released —
 *    JY_EINVAL "还没有启封" (scores before the release would tell what a
 *    sealed paper holds);
 * then each row is checked against the points of the released paper it
 * names. problems, students_out, encoding_out as scores_import_csv.
 */
int sitting_import(size_t *students_out, const char **encoding_out, struct vec *problems, struct store *s,
		   const struct actor *a, const char *exam, const char *school, const char *data, size_t len,
		   int blank_zero, struct jy_err *err);

/* One paper of a sitting analysed. */
struct sitting_paper {
	char *label;                   /* "A", "B" */
	struct itemstats_compare *cmp; /* every student pooled, and each reporting school alone */
	char **group_names;            /* cmp->ngroups school names (owned) */
	char **item_ids;               /* cmp->all->k question ids of the released paper (owned), or NULL */
	int paper_read;                /* 1 when the released paper was read and its points equal the scores' */
};

struct sitting {
	struct record *exam;          /* the exam record (owned) */
	struct itemstats_opts opts;   /* group.ini [results] */
	struct vec schools;           /* owned ids: exam.schools as listed (empty: none named) */
	struct vec reported;          /* owned ids of the schools with a scores record, in school order */
	struct vec papers;            /* struct sitting_paper *, by label; empty when nobody reported */
	struct results_paper *views;  /* papers.len views of every school (results.h), borrowing from papers */
	char *title;                  /* "2026-2027-1 传感器应用技术期中联考 成绩分析" */
	struct results_pair *meta;    /* nmeta pairs for a report's header block (owned strings) */
	size_t nmeta;
};

/*
 * Loads exam (an id) with its scores and analyses each paper used by the
 * scores: scores_list, scores_papers, scores_table per paper,
 * itemstats_compare with the group's thresholds, item ids from the
 * released paper (exam_paper_items without a key: never a sealed one),
 * school names from the roster. An exam nobody reported for loads with no
 * papers (callers say "no scores yet"). Errors: JY_ENOTFOUND (no exam),
 * JY_EINVAL from scores_table/itemstats (a record that does not check, or
 * points that differ between schools). *out for sitting_free.
 */
int sitting_load(struct sitting **out, struct store *s, const char *exam, struct jy_err *err);
void sitting_free(struct sitting *st); /* NULL is fine */
void sitting_free_void(void *st);      /* the same, for callbacks (view_results_push) */

/*
 * The view of paper i for results.h, borrowing from st: school NULL is
 * st->views[i] (every school beside the pooled row); with a school id,
 * alone = 0 gives that school beside the pooled row (stats, compare),
 * alone = 1 that school's own analysis as the whole (its item table).
 * JY_ENOTFOUND when the school has no scores of that paper.
 */
int sitting_view(struct results_paper *out, const struct sitting *st, size_t i, const char *school, int alone,
		 struct jy_err *err);

/* The index of paper label in st->papers, or -1. */
long sitting_paper_index(const struct sitting *st, const char *label);

/*
 * The report of every paper (results_html, results_xlsx) borrowing from st:
 * its title, header block, views and thresholds.
 */
void sitting_report(struct results_report *out, const struct sitting *st);

/* ---- what past sittings say about bank items ---- */

/* One item of one released paper. */
struct sitting_use {
	char *question;  /* the bank id the paper froze (one version of an item) */
	char *course;    /* course code of the exam */
	char *exam;      /* exam id */
	char *name;      /* the exam's name */
	char *term;
	char *date;      /* the exam's date, "" when none */
	char *paper;     /* "A" */
	unsigned no;     /* position in the paper, 1-based */
	size_t n;        /* students who sat this paper with scores; 0: no scores yet */
	double p, d;     /* P and D of the item in the pooled analysis of the paper; NaN when n is 0 */
};
void sitting_use_free(void *u);

/*
 * Every item of every RELEASED paper (a sealed paper is skipped without a
 * trace), with its P and D from the exam's scores of that paper (pooled
 * over the schools, the group's thresholds; NaN when there are no scores,
 * or when their points differ from the paper's). Filtered by course (a
 * course code) and question (a bank id); NULL matches any. Appended to
 * out (struct sitting_use *, owned), by exam date, exam id, paper, no.
 *
 * Papers are opened with their published file keys and the scores
 * analysed once per repository state: the result is kept in memory for
 * the repository's current commit (store_head) and reused until the
 * repository moves, so a screen asking for each of a thousand items pays
 * for one pass.
 */
int sitting_uses(struct vec *out, struct store *s, const char *course, const char *question, struct jy_err *err);

#endif
