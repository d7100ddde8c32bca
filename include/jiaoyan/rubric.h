/* rubric: observation rubrics — indicators, weights, grade bands, and scoring an observation. */
#ifndef JIAOYAN_RUBRIC_H
#define JIAOYAN_RUBRIC_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/store.h"

/*
 * A rubric record (rubrics/<id>.ini): [rubric] id, name, version;
 * [indicator.N] id, name, weight, max, description; [band.N] name, min.
 * An observation is scored 0..max per indicator in its [score] section (key =
 * indicator id); total = Σ score/max × weight (weights sum to 100), rounded
 * to one decimal; grade = the name of the band with the highest min <= total.
 */
struct rubric_indicator {
	const char *id;   /* borrowed from the rubric record */
	const char *name;
	double weight;
	long max;
};

size_t rubric_indicator_count(const struct record *rubric);
/* Fills ind with indicator i (0-based, in [indicator.N] order); -1 when out of range. */
int rubric_indicator(const struct record *rubric, size_t i, struct rubric_indicator *ind);
/* The band name for a total ("优"), or "" when no band matches. Borrowed. */
const char *rubric_grade(const struct record *rubric, double total);

/*
 * Loads rubric `id`. version 0 = as it is now; otherwise the version whose
 * [rubric] version equals `version`, found in the file's history when the
 * current file has moved on — so old observations keep their scale.
 */
int rubric_load(struct record **out, struct store *s, const char *id, long version, struct jy_err *err);

/*
 * Checks obs's [score] against the rubric (every key is an indicator, every
 * value a number within 0..max — JY_EINVAL naming the indicator and its
 * maximum otherwise) and sets observation.total, .grade, .rubric and
 * .rubric_version. Indicators left unscored count as 0 only when at least one
 * is scored; an observation with no score at all gets no total/grade.
 */
int rubric_score(struct record *obs, const struct record *rubric, struct jy_err *err);

/* Formats a total with one decimal place, without a trailing ".0" ("87.5", "90"). */
void rubric_format_total(char out[24], double total);

#endif
