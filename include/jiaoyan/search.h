/* search: whole-store substring search over every field of every record the viewer may see, from the ready-to-show index. */
#ifndef JIAOYAN_SEARCH_H
#define JIAOYAN_SEARCH_H

#include "jiaoyan/err.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * The text is folded as the index folds values (text_fold: full-width forms
 * to half-width, ASCII case), so "ＡＢＣ" finds "abc" and "abc" finds "ＡＢＣ";
 * Chinese matches as it is. Every field of a record is searched — its
 * section, its key and its value, as git grep would see them in the file —
 * over the stored values (codes, ids: a person's
 * name finds the records that person's record holds, not every record that
 * refers to the id). Records that do not decode are not searched.
 *
 * Privacy: only records viewer_sees() admits are returned (v NULL: all);
 * a hidden record is never counted or hinted at.
 *
 * Results are newest first (the rows' sort key, then path order), one per
 * record, with its first matching field.
 */
struct search_query {
	const char *text;            /* required, non-empty after folding */
	const struct type_def *type; /* NULL: every type */
	const char *term;            /* NULL = any: records whose path or main-section term is this */
	const char *school;          /* NULL = any: path or main-section school (or schools list) */
};

struct search_hit {
	const struct type_def *type;
	char *path;    /* "observations/2026-2027-1/s01/01j….ini" */
	char *id;      /* as list shows it (schema_record_id of the row's type) */
	char *key;     /* the matching field: "section.key" ("text.problems") */
	char *field;   /* the same as a person reads it: its label ("问题"), or section.key */
	char *snippet; /* the matching value around the match, one line, at most `SEARCH_SNIPPET` columns, "…" where cut */
	char *sortkey;
};
#define SEARCH_SNIPPET 40
void search_hit_free(void *hit);

/*
 * Appends one struct search_hit * (owned: search_hit_free) per matching
 * record to hits, newest first. JY_EINVAL when the text folds to nothing;
 * errors of rows_open otherwise. Memory: the hits, plus one directory of the
 * index at a time.
 */
int search_run(struct vec *hits, struct store *s, struct viewer *v, const struct search_query *q, struct jy_err *err);

/* 1 when the row (of type t) is one v may see: viewer_sees over the fields the rows policy keeps. */
int search_row_visible(struct viewer *v, const struct type_def *t, const struct rows_row *row);
/* 1 when search_row_visible is 1 for every row of t (a listing may use what the index sums up of them all). */
int search_all_visible(const struct viewer *v, const struct type_def *t);

#endif
