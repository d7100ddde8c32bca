/* question: one bank item as a record — its rules across fields, normal form, duplicate key, rendering, and the CSV and GIFT mappings. */
#ifndef JIAOYAN_QUESTION_H
#define JIAOYAN_QUESTION_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/gift.h"
#include "jiaoyan/record.h"
#include "jiaoyan/textsim.h"
#include "jiaoyan/vec.h"

/*
 * Pure: records in, records and text out; no store, no files, no actor
 * (domain/bank.c adds those). A question record (schema.c question_fields)
 * holds in [question] the type, difficulty 1–5, cognitive level, chapter,
 * knowledge point, stem, answer, points, explanation and rubric; choices in
 * [options] A…H; Moodle weights in [weights] A…H; feedback in [feedback]
 * A…H (choices) or right/wrong (true/false).
 *
 * The answer by type:
 *   single     one letter of an option ("B")
 *   multiple   the letters of the right options ("ACD")
 *   truefalse  正确 or 错误
 *   fill       the accepted answers, one a line; with numeric = yes each line
 *              is a number "3.14", a number and tolerance "3.14±0.01", or a
 *              range "1..5"
 *   short      the reference answer (参考答案), may be empty in a draft
 *   practical  reference steps; the grading rubric is in [question] rubric
 *
 * Weights (percent, one of Moodle's grades GIFT_GRADES) are stored only when
 * they differ from the defaults: single — the answer 100, the others 0;
 * multiple — each right option 100/k (the nearest grade: 50, 33.33333, 25 …),
 * each wrong one -100 (少选得部分分，错选不得分).
 */

enum question_type {
	QUESTION_SINGLE,
	QUESTION_MULTIPLE,
	QUESTION_TRUEFALSE,
	QUESTION_FILL,
	QUESTION_SHORT,
	QUESTION_PRACTICAL,
};
#define QUESTION_MAX_OPTIONS 8
#define QUESTION_TRUE "正确"
#define QUESTION_FALSE "错误"

/* The type of a stored value ("single"…), or -1. */
int question_type_of(const char *stored);
/* 1 for single and multiple choice. */
int question_is_choice(int type);
/* Number of options A, B, … present without a gap (A..D → 4). */
size_t question_option_count(const struct record *q);

/*
 * The normal form every write stores, so that two ways of typing the same
 * item give the same record: every text value trimmed of ASCII white space
 * (empty ones removed), choice letters upper-case and sorted ("a, c" →
 * "AC", full-width letters too), true/false words (对 √ T TRUE 是 …) as
 * 正确/错误, fill answers one non-empty line each and numbers in their
 * shortest form, points without trailing zeros, weights snapped to Moodle's
 * grade and dropped when they are the defaults, numeric = no removed.
 * Values it cannot read are left as they are for question_check to report.
 */
void question_normalise(struct record *q);

/*
 * The rules across fields (the schema checks each value): choices have
 * options A… without gaps, at least two, the answer among them (single: one
 * letter); weights are Moodle grades on existing options, 100 % on a single
 * answer, positive exactly on a multiple's answer letters and adding up to
 * 100 %; true/false answers 正确/错误 and has no options; fill has an answer
 * and, when numeric, numbers; options, weights and feedback only where the
 * type has them; rubric only for short and practical; points above 0.
 * Appends one owned message per problem (naming the field and the rule)
 * and returns how many.
 */
size_t question_check(const struct record *q, struct vec *problems);

/* What approval needs beyond question_check: a cognitive level, a reference
 * answer for short, a rubric for practical. Appends problems, returns how many. */
size_t question_check_approvable(const struct record *q, struct vec *problems);

/*
 * 1 when a and b hold the same item: every field but the bookkeeping ones
 * (id, specialty, course, version, previous, author, school, state,
 * superseded_by and the review rounds) and [question] similar.
 */
int question_same_content(const struct record *a, const struct record *b);

/*
 * Duplicates. question_dup_key appends the exact-duplicate key: the folded
 * stem (textsim_fold) and the folded options sorted, so that option order,
 * punctuation, spaces and full-width forms do not matter. question_grams
 * adds the bigrams of the same pieces to t for the near-match similarity.
 */
void question_dup_key(struct buf *out, const struct record *q);
void question_grams(struct textsim *t, const struct record *q);

/* ---- numbers ---- */

/* A numeric fill answer: value ± tolerance, or min..max. */
struct question_num {
	int range;
	double value, tolerance; /* !range */
	double min, max;         /* range */
};
/* Reads "3.14", "3.14±0.01", "3.14:0.01", "1..5", "1～5" or "1~5" (C locale, finite, tolerance >= 0,
 * min <= max). 0, or -1 when it is none of those. */
int question_num_parse(struct question_num *out, const char *s);
/* The normal form: "3.14", "3.14±0.01", "1..5" (numbers by text_number). */
void question_num_format(struct buf *out, const struct question_num *n);

/* ---- typed cells (CSV, paste, `bank add KEY=VALUE`, forms) ---- */

/*
 * Sets one field of q from what a person typed. `name` is a CSV column
 * (题型, 选项A, 答案 …, see question_csv_columns) or a field as
 * records_assign takes it (type, options.A, A, stem …). Accepted besides
 * stored values: types 单选/单选题/判断题/操作题 …; difficulty 1–5 (also
 * full-width) or 易 较易 中等 较难 难; levels 识记 理解 应用 分析 (记忆 领会 运用);
 * 是/否; a spreadsheet's defusing apostrophe before = + - @ is dropped. An
 * empty input removes the key. JY_EINVAL naming the column/field and the
 * rule; q unchanged on error. JY_ENOTFOUND when name is no field.
 */
int question_cell(struct record *q, const char *name, const char *input, struct jy_err *err);

/* ---- CSV: the documented Chinese template ---- */

/* One column: the header and the field it fills. */
struct question_column {
	const char *header;
	const char *section, *key;
	int level; /* 2: documented template column; 1: in the template too (评分标准); 0: written when used */
};
extern const struct question_column question_csv_columns[];
extern const size_t question_csv_ncolumns;

/* An item read from a file or a paste: its line, a short label for messages, the record (owned). */
struct question_item {
	size_t line;
	char *label;
	struct record *q;
};
void question_item_free(void *item);
/* The label messages use for a question: its knowledge point, else the first words of its stem. */
void question_label(struct buf *out, const struct record *q);

/*
 * Reads a table (UTF-8 without BOM: run csv_to_utf8 first) separated by
 * sep (',' for CSV files, '\t' for cells pasted from Excel). The first row
 * is the header naming the columns in any order (unknown or repeated names
 * are problems; 题型 难度 题干 分值 are required). For a paste (sep '\t')
 * the header may be left out: the columns are then the documented
 * eighteen in order. Empty rows are skipped. Each row becomes a normalised
 * record (question_normalise) that passes question_check, appended to
 * items as a struct question_item (owned: free_item = question_item_free);
 * every problem is appended to problems as "第 N 行：题目「…」：…"
 * (owned strings). Returns 0, or JY_EINVAL when there was a problem (err
 * says how many and quotes the first); both vectors are filled either way.
 */
int question_csv_read(struct vec *items, struct vec *problems, const char *data, size_t len, char sep,
		      struct jy_err *err);

/* The template: the header row (documented columns and 评分标准), UTF-8 with BOM, CRLF. */
void question_csv_template(struct buf *out);

/*
 * Appends records (struct record *) as CSV: UTF-8 BOM, CRLF, the header of
 * the documented columns plus every optional column some record uses;
 * enums as Chinese labels, cells that Excel would take for a formula
 * defused with an apostrophe (read back by question_csv_read).
 */
void question_csv_write(struct buf *out, const struct vec *records);

/* ---- GIFT (Moodle) ---- */

/*
 * The mapping, both ways:
 *   single ↔ multichoice; multiple ↔ multichoice with several answers and
 *   %n% weights; truefalse ↔ {T}/{F} with Moodle's feedback order (the
 *   first # is shown to a wrong answer, the second to a right one);
 *   fill ↔ short answer (several = answers, all 100 %), numeric fill ↔
 *   numerical ({#x:tol}, {#a..b}); short and practical ↔ essay {};
 *   the category's last part ↔ chapter (written as a one-part path, a "/"
 *   in a chapter as "//" as Moodle does; in Moodle's own paths a last part
 *   "top", "Default for …" or "$course$" means no chapter); ::title:: ↔
 *   knowledge point;
 *   #### general feedback ↔ explanation; option feedback ↔ [feedback];
 *   [html]/[markdown]/[plain] ↔ format. A missing-word blank stays in the
 *   stem as "_____"; the block is written after the stem.
 *   What GIFT has no place for travels in a comment line before the
 *   question, which Moodle ignores:
 *       // jiaoyan: type=practical difficulty=4 level=apply points=20 answer=… rubric=…
 *   (values %-escaped: %25 %20 %0A %0D %09). Without it an item gets
 *   difficulty 3, no level, and points single 2, multiple 3, truefalse 1,
 *   fill 2, short 10 (an essay is 简答).
 * Refused with a message: matching, a single choice with several 100 %
 * answers, more than 8 choices, fill answers with partial credit or their
 * own feedback, fill answers holding a line break.
 */
int question_from_gift(struct record **out, const struct gift_question *g, const char *meta, struct jy_err *err);
/* The GIFT question of q (*out owned: gift_question_free). JY_EINVAL when q breaks question_check. */
int question_to_gift(struct gift_question **out, const struct record *q, struct jy_err *err);

/*
 * Reads GIFT text (UTF-8 without BOM) into items and problems as
 * question_csv_read does; gift_parse's own problems come first in file
 * order with them. Each problem names the line and the question.
 */
int question_gift_read(struct vec *items, struct vec *problems, const char *data, size_t len, struct jy_err *err);

/*
 * Appends records as GIFT: sorted by chapter (stable), a $CATEGORY block
 * before each chapter, the jiaoyan comment and the question. JY_EINVAL
 * naming the question (its label) when one cannot be written so that it
 * reads back the same (e.g. "->" in one of several fill answers); out is
 * then left as it was.
 */
int question_gift_write(struct buf *out, const struct vec *records, struct jy_err *err);

/* ---- as a student sees it ---- */

enum question_line_kind {
	QL_STEM,        /* the stem, one entry per line */
	QL_OPTION,      /* "A. text" */
	QL_OPTION_RIGHT,/* "B. text" of a right option (marked when answers are shown) */
	QL_ANSWER,      /* "答案：…" */
	QL_EXPLANATION, /* "解析：…" */
	QL_RUBRIC,      /* "评分标准：…" */
	QL_FEEDBACK,    /* "反馈（A）：…" */
	QL_BLANK,       /* an empty separator line */
};
struct question_line {
	enum question_line_kind kind;
	char *text;
};
void question_line_free(void *line);
/*
 * Appends the question as lines (struct question_line *, owned): the stem,
 * the options lettered, an answer area for fill/short ("（作答区）"), then,
 * when with_answers, the answer, rubric, explanation and feedback. Texts
 * may hold line breaks (the caller wraps them).
 */
void question_render(struct vec *lines, const struct record *q, int with_answers);

#endif
