/* gift: Moodle GIFT question text read into structs and written back, as Moodle's own importer reads it. */
#ifndef JIAOYAN_GIFT_H
#define JIAOYAN_GIFT_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/vec.h"

/*
 * Pure text <-> structs: no store, no files. The reference is Moodle's
 * qformat_gift importer (question/format/gift/format.php) and the checks
 * Moodle's import makes before it saves a question; where the two disagree
 * with the npm package gift-pegjs, Moodle wins (see true/false below).
 *
 * Reading, as Moodle does:
 *  - UTF-8 with or without a BOM; lines end with LF, CRLF or a lone CR.
 *    Line numbers are physical lines, 1-based, as an editor shows them.
 *  - Questions are separated by one or more blank lines (only spaces/tabs).
 *    Every line is trimmed of ASCII spaces and tabs; a line whose first
 *    characters are `//` is a comment (it reads as one space); the lines of
 *    a question are joined with "\n". A block of comments only is skipped.
 *  - A block that starts with `$CATEGORY:` sets the category of the questions
 *    that follow it (the rest of the line, trimmed, kept exactly as written:
 *    Moodle applies no escapes to it, and "a/b/c" is a path).
 *  - `::title::` at the start; `[moodle]` `[html]` `[plain]` `[markdown]`
 *    at the start of the stem set the format (default moodle); the text is
 *    kept as written (HTML tags are not stripped: the bank decides).
 *    A format prefix on an answer or feedback is read and dropped: one
 *    format per question.
 *  - Escapes: `\\` `\:` `\#` `\=` `\{` `\}` `\~` stand for the character,
 *    `\n` for a newline; any other backslash is kept as is.
 *  - Every text (title, stem, answers, feedback) is trimmed of ASCII
 *    whitespace, newlines included, after the escapes are applied.
 *  - One answer block `{...}` per question. Text after it makes a
 *    missing-word question: the stem holds GIFT_BLANK where the block was.
 *  - The type comes from the block, in Moodle's order: empty -> essay;
 *    starts with `#` -> numerical; holds `~` -> multiple choice (one answer
 *    when some answer is `=`, several when none is); `=` with `->` ->
 *    matching; T/TRUE/F/FALSE (case-sensitive) -> true/false; otherwise
 *    short answer. `####text` at the end of the block is general feedback.
 *  - Weights `%n%` must be one of Moodle's grades (GIFT_GRADES, within
 *    0.001 %), as Moodle's import requires: 100 90 83.33333 80 75 70
 *    66.66667 60 50 40 33.33333 30 25 20 16.66667 14.28571 12.5 11.11111
 *    10 5 0 and their negatives.
 *
 * Reported as bad questions (nothing of them is returned): no answer block
 * (a Moodle "description" is not a question), matching questions (the bank
 * has no such type), braces that do not pair or a second block, an empty
 * stem or answer, fewer than two choices, a single-answer choice with no
 * `=` and no weights (no right answer), several-answer weights whose
 * positive part is not 100 % (Moodle rounds to 0.5 %), short or numerical
 * answers with no 100 % answer, numbers that are not numbers, invalid UTF-8,
 * control characters other than tab, and a `$CATEGORY:` block that goes on
 * into a question (Moodle would swallow the question into the category
 * name; the first line is still taken as the category).
 *
 * True/false feedback follows MOODLE: in `{T#first#second}` the first text
 * is shown to a student who answers WRONG and the second to one who answers
 * right, whatever the right answer is. gift-pegjs instead calls the first
 * "trueFeedback" and the second "falseFeedback", which agrees with Moodle
 * only when the answer is F.
 */

/* What Moodle puts in the stem where a missing-word answer block was. */
#define GIFT_BLANK "_____"

enum gift_type {
	GIFT_MULTICHOICE,   /* one right answer (Moodle multichoice, single = 1): `{=right ~wrong}` */
	GIFT_MULTIRESPONSE, /* several right answers (multichoice, single = 0): `{~%50%a ~%50%b ~%-100%c}` */
	GIFT_TRUEFALSE,     /* `{T}` `{TRUE}` `{F}` `{FALSE}` */
	GIFT_SHORTANSWER,   /* `{=a =b =%50%c}` */
	GIFT_NUMERICAL,     /* `{#3.14:0.01}` `{#1..5}` `{#=%100%5:0 =%50%5:1 ~#other}` */
	GIFT_ESSAY,         /* `{}` */
};

enum gift_format {
	GIFT_FORMAT_MOODLE, /* Moodle's default "moodle auto-format" */
	GIFT_FORMAT_HTML,
	GIFT_FORMAT_PLAIN,
	GIFT_FORMAT_MARKDOWN,
};

/* How a numerical answer matches. */
enum gift_num {
	GIFT_NUM_VALUE, /* value, value:tolerance (tolerance 0 when absent) */
	GIFT_NUM_RANGE, /* min..max (Moodle stores value = (min+max)/2, tolerance = max - value) */
	GIFT_NUM_ANY,   /* "*": any other answer; `~#feedback` in GIFT (weight 0) */
};

/*
 * One answer. Strings are owned, NUL-terminated, never NULL ("" = none).
 * For numerical answers text is "" and the numbers are set: value and
 * tolerance always (as Moodle stores them), min and max always (value -/+
 * tolerance for GIFT_NUM_VALUE, as written for GIFT_NUM_RANGE), all 0 for
 * GIFT_NUM_ANY. Numbers are finite.
 */
struct gift_answer {
	char *text;
	double weight;   /* percent, one of GIFT_GRADES: 100 right, 0 wrong, 33.33333, -50... */
	char *feedback;  /* shown when this answer is chosen */
	enum gift_num num;
	double value, tolerance, min, max;
};

/*
 * One question. Strings are owned and never NULL ("" = none). `answers`
 * owns its struct gift_answer * (free_item = gift_answer_free) and is used
 * by multiple choice/response, short answer and numerical; true/false uses
 * `truth` and its two feedbacks; essay has no answers.
 */
struct gift_question {
	enum gift_type type;
	enum gift_format format; /* of the stem, and of every other text of the question */
	char *category;          /* "" before any $CATEGORY, else the path as written: "高职/电子商务/网店运营" */
	char *title;             /* `::title::`, "" when none (Moodle then names it from the stem) */
	char *stem;              /* the question text; holds GIFT_BLANK at blank_at when missing_word */
	int missing_word;        /* 1 when the answer block stood inside the stem */
	size_t blank_at;         /* byte offset of GIFT_BLANK in stem (missing_word only) */
	struct vec answers;
	int truth;               /* true/false: 1 = the statement is true */
	char *tf_feedback_wrong; /* true/false: first `#`, shown to a student who answers wrong */
	char *tf_feedback_right; /* true/false: second `#`, shown to a student who answers right */
	char *general_feedback;  /* `####...`, shown to everyone after answering */
	size_t line;             /* first line of the question's text (after its comment lines); 0 when built */
};

/* Moodle's grade list in percent, 41 values from 100 down to -100. */
extern const double GIFT_GRADES[];
extern const size_t GIFT_GRADES_COUNT;
/* Appends a grade as Moodle writes it: up to 5 decimals, no trailing zeros ("33.33333", "50"). */
void gift_grade_format(struct buf *out, double w);

/* A new question of the given type, every string "", format moodle,
 * answers empty and owning. Free with gift_question_free. */
struct gift_question *gift_question_new(enum gift_type type);
void gift_question_free(void *q); /* takes void * so a vec can own questions */

/* Appends an answer (copies of text and feedback, NULL read as "") with
 * num = GIFT_NUM_VALUE and numbers 0; returns it, owned by q. */
struct gift_answer *gift_answer_add(struct gift_question *q, const char *text, double weight,
				    const char *feedback);
void gift_answer_free(void *a);

/* Replaces an owned string field (*field freed) with a copy of s (NULL = ""). */
void gift_set(char **field, const char *s);

/* "multichoice", "multiresponse", "truefalse", "shortanswer", "numerical",
 * "essay"; and the format's GIFT name "moodle", "html", "plain", "markdown".
 * Static strings. */
const char *gift_type_name(enum gift_type type);
const char *gift_format_name(enum gift_format format);

/*
 * Parses GIFT text (data, len bytes; NULs are reported, not a terminator).
 * Appends every good question (owned struct gift_question *; questions
 * should own them: free_item = gift_question_free) to `questions`, in file
 * order, and one owned message string per bad question to `problems`
 * (free_item = free), in file order, each "第 N 行：题目「…」：rule" /
 * "line N: question "…": rule" naming the line of the fault and the
 * question by its title or the first words of its stem.
 * Returns 0 when there was no problem, JY_EINVAL when there was at least
 * one (err then says how many and quotes the first). Both vectors are
 * filled either way, so a caller can refuse the whole file or skip the bad
 * questions. Nothing is returned for categories and comments: a question
 * carries its category. Messages never hold control characters.
 */
int gift_parse(struct vec *questions, struct vec *problems, const char *data, size_t len,
	       struct jy_err *err);

/*
 * Appends one question as GIFT text Moodle reads back into the same
 * question (and this parser into an equal struct), followed by one blank
 * line. The category is not written (see gift_write_category). Every
 * special character is escaped, newlines as `\n`; Chinese is written as
 * is; weights as `%50%` or `%33.33333%`; numbers in plain decimal notation
 * with the fewest digits that read back to the same double.
 * Texts should have no leading or trailing whitespace: Moodle trims it.
 * A text that starts like a format prefix ("[html]…") or a stem that would
 * start a line with "//" or with U+FEFF (a BOM at the start of a file) gets
 * the question's own format written in front;
 * a blank at the very end of the stem is followed by an escaped newline
 * (Moodle sees a blank only when text follows the block, then trims it).
 * JY_EINVAL (nothing appended) when q cannot be written so that it reads
 * back the same: what gift_check refuses, a control character (tab and
 * newline aside), or a short answer holding "->" in an answer or feedback
 * (Moodle would read a matching question, and `-` `>` have no escape)
 * unless it is a single 100 % answer, which is written bare: `{a->b}`.
 */
int gift_write_question(struct buf *out, const struct gift_question *q, struct jy_err *err);

/* Appends "$CATEGORY: category" and a blank line. JY_EINVAL for an empty
 * category or one holding a newline or control character. */
int gift_write_category(struct buf *out, const char *category, struct jy_err *err);

/*
 * Appends every question of `questions` (struct gift_question *), each
 * preceded by a $CATEGORY block when its category differs from the previous
 * question's (and before the first one when it has a category). JY_EINVAL
 * naming the question's position when one cannot be written, or when a
 * question without a category follows one with a category (GIFT cannot go
 * back to "no category"); out is then left as it was.
 */
int gift_write(struct buf *out, const struct vec *questions, struct jy_err *err);

/* The checks the parser makes of a question's answers and weights, for a
 * question built by hand: non-empty stem (and GIFT_BLANK at blank_at for a
 * missing word), choices >= 2, answers >= 1 and not empty, weights in
 * GIFT_GRADES, a 100 % answer (several-answer: positive weights adding up
 * to 100 %), finite numbers, tolerance >= 0, min <= max. 0, or JY_EINVAL
 * naming the answer and the rule. */
int gift_check(const struct gift_question *q, struct jy_err *err);

/* 1 when a and b are the same question, else 0: every field the type
 * uses but `line` (blank_at only for a missing word; numerical answers by
 * value and tolerance, or by min and max for a range); numbers exactly. */
int gift_question_equal(const struct gift_question *a, const struct gift_question *b);

#endif
