/* paperout: a paper for printing (one self-contained HTML page), for reading (Markdown) and for online delivery (GIFT). */
#ifndef JIAOYAN_PAPEROUT_H
#define JIAOYAN_PAPEROUT_H

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/record.h"

/*
 * Pure: an opened paper body and its exam record in, text out (the caller
 * writes it where the person asked: standard output). Nothing here reads a
 * key or a file.
 *
 * HTML (html.h's skeleton: A4, print CSS, the CJK font stacks named, no
 * script, no external file): the title block (group, exam, course, term,
 * paper letter, date and time, minutes, full marks), the 学校/班级/姓名/学号
 * line, notes, then one section per question type in the order the paper
 * has them ("一、单选题（共 4 题，共 16 分）"), every question a block that
 * is never split across pages, choices lettered as this paper shuffled
 * them, room to write for fill, short and practical items; then on a new
 * page the answer sheet (答题卡). PAPEROUT_KEY adds the answer key (参考答案,
 * a table: number, answer, points) on its own page; PAPEROUT_GRADING the
 * grading standard (评分标准: the exam's standard and grading notes, then per
 * item its rubric and explanation, and the chapter × level grid). Every text from a record is
 * HTML-escaped (html_escape): a stem holding "<script>" prints as text.
 *
 * Markdown: the same content as plain Markdown (text escaped for Markdown's
 * special characters at the start of a line and in tables).
 *
 * GIFT: every item in paper order as question.h writes it (question_to_gift),
 * numbered titles "A-01 知识点", the category "<exam name>/A" so a Moodle
 * import keeps each paper apart; the options in this paper's order.
 */

enum {
	PAPEROUT_KEY = 1,     /* the answer key */
	PAPEROUT_GRADING = 2, /* the grading standard */
};

/* group_name may be NULL. */
void paperout_html(struct buf *out, const struct record *exam, const char *group_name, const char *course_name,
		   const struct paper_body *b, int flags);
void paperout_markdown(struct buf *out, const struct record *exam, const char *group_name, const char *course_name,
		       const struct paper_body *b, int flags);
/*
 * The paper's chapter × level grid (双向细目表): a header row (章节, the four
 * levels, 未标层次, 合计), one row per chapter (sorted), a total row; each
 * cell "n 题 p 分" or empty. Rows are vecs of owned strings (cli_table's
 * shape: free each with vec_free + free), appended to rows.
 */
void paperout_grid(struct vec *rows, const struct paper_body *b);
/* JY_EINVAL naming the item when one cannot be written as GIFT; out unchanged then. */
int paperout_gift(struct buf *out, const struct record *exam, const struct paper_body *b, struct jy_err *err);

#endif
