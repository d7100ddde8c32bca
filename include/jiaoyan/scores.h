/* scores: a school's scores of a joint exam — the record type, the CSV import checked against the papers, the analysis table. */
#ifndef JIAOYAN_SCORES_H
#define JIAOYAN_SCORES_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * One record per exam and school, scores/<exam>/<school>.ini:
 *
 *   [scores]
 *   exam = 01jz8y3k6q0m2c4v7w9x1b5d3f
 *   school = s01
 *   points.A = 2,2,2,5,10          item points of paper A, as imported
 *
 *   [student]
 *   20240101 = A 2,0,1.5,5,8       学号 = paper, then one score per item
 *   20240102 = A 2,2,2,3.5,10
 *
 * A student is one line (the codec wraps a very long one), students sorted
 * by 学号, so a re-import that corrects one score changes one line. The 学号
 * is the school's anonymised student number: 1 to 49 characters of A-Z a-z
 * 0-9 _ . - with at least one digit (it is a key of the record). Names of
 * students are never stored: there is no field for them, and the rule on
 * 学号 keeps a name from slipping in through it (汉字 and pinyin alike).
 * Scores are multiples of 0.5 within 0 … the item's points; every item of
 * the student's paper has a score.
 *
 * The points are kept with the scores so the record can be checked (here,
 * on sync and by the central hook) and analysed without opening the paper.
 *
 * Who writes: people of the school, its admins and the lead college's
 * admins (scores_type_ops.permit). A re-import replaces the whole table in
 * one commit.
 */

/* One paper of the exam: its label ("A", "B") and item points in paper order. */
struct scores_paper {
	const char *label;
	const double *points; /* n items, each > 0, finite */
	size_t n;
};

/*
 * Reads a score table exported from Excel into a new scores record (*out,
 * owned; nothing is written to any store). The CSV is the one of
 * itemstats_read_csv (itemstats.h): header 学号,试卷,1,2,…,N, UTF-8, UTF-8
 * with BOM or GBK, blank rows skipped. Against the exam's papers:
 *  - 试卷 may be left out only when the exam has one paper; each row's 试卷
 *    must be one of the papers;
 *  - the header's N items cover the largest paper; a row of a paper with
 *    fewer items leaves the cells after its last item blank;
 *  - every item of the row's paper has a score within 0 … its points, a
 *    multiple of 0.5; a blank cell is refused unless blank_zero (then 0);
 *  - 学号 as described above, never twice;
 *  - at most group.ini [limits] import_rows students (s may be NULL: the
 *    default 2,000).
 * Every bad row is reported: one owned "第 N 行：…" message per row (its
 * physical line) appended to problems (may be NULL); faults found by the
 * header come first and stop the reading. Then the result is JY_EINVAL with a summary in err and
 * *out untouched. students_out (may be NULL) gets the number of students,
 * encoding_out (may be NULL) "UTF-8", "UTF-8 BOM" or "GBK".
 * papers: npapers ≥ 1 entries with distinct labels A or B (JY_EINVAL otherwise).
 */
int scores_parse_csv(struct record **out, size_t *students_out, const char **encoding_out, struct vec *problems,
		     struct store *s, const char *exam, const char *school, const struct scores_paper *papers,
		     size_t npapers, const char *data, size_t len, int blank_zero, struct jy_err *err);

/*
 * scores_parse_csv, then the table becomes the school's scores of the exam
 * in one commit: a new record, or the whole old one replaced. Permission is
 * asked first (records_permit with the exam and school alone), so a refusal
 * never depends on the file. Nothing is written on any error. A re-import
 * of the same table commits nothing and succeeds.
 */
int scores_import_csv(size_t *students_out, const char **encoding_out, struct vec *problems, struct store *s,
		      const struct actor *a, const char *exam, const char *school, const struct scores_paper *papers,
		      size_t npapers, const char *data, size_t len, int blank_zero, struct jy_err *err);

/* "scores/<exam>/<school>.ini" into out (appended); JY_EINVAL when either is not a valid path component. */
int scores_path(struct buf *out, const char *exam, const char *school, struct jy_err *err);

/* The scores records of an exam, one struct store_item * (owned, store_item_free) per school, in school order. */
int scores_list(struct vec *out, struct store *s, const char *exam, struct jy_err *err);

/* The paper labels used by the records (owned strings appended to labels, sorted, each once). */
void scores_papers(struct vec *labels, const struct record *const *recs, size_t nrecs);

/*
 * The analysis table (itemstats.h) of records recs[0..nrecs) (scores records
 * of one exam, e.g. from scores_list): one row per student, students =
 * 学号, papers = the paper label, groups = the school id, in record order
 * and then 学号 order. paper selects the students of one paper (items and
 * points of that paper). paper NULL takes every student, which needs every
 * paper used to have the same points item by item (parallel forms A/B):
 * JY_EINVAL naming the papers otherwise. Points come from the records and
 * must agree between schools (JY_EINVAL naming both schools otherwise);
 * a record that does not validate (scores_check) is JY_EINVAL naming it;
 * no student at all is JY_EINVAL. *out owned (itemstats_table_free).
 */
int scores_table(struct itemstats_table **out, const struct record *const *recs, size_t nrecs, const char *paper,
		 struct jy_err *err);

/*
 * The rules across fields of one scores record (the type's validate):
 * appends one owned message per problem — a paper's points, a student's
 * paper, item count and scores, a 学号 without a digit, no student.
 * Returns how many.
 */
size_t scores_check(const struct record *r, struct vec *problems);

#endif
