/* id: time-sortable unique record ids, terms and the (test-overridable) clock. */
#ifndef JIAOYAN_ID_H
#define JIAOYAN_ID_H

#include <stdint.h>
#include <time.h>

#include "jiaoyan/err.h"

#define ID_LEN 26

/* Writes a new 26-character id (48-bit ms time + 80 random bits from
 * getrandom(), Crockford base32, lowercase) and a NUL into out[27]. Ids made
 * later in the same process sort after earlier ones. */
void id_new(char out[ID_LEN + 1]);

/* 1 when s is a well-formed generated id. */
int id_valid(const char *s);

/* The UTC month of a generated id's time, "YYYY-MM", into out[8]; JY_EINVAL (out untouched) when
 * !id_valid(id). It never changes for a record, so it can place the record in a directory. */
int id_month(char out[8], const char *id);

/* Current time. When the environment variable JIAOYAN_NOW is set (epoch
 * seconds, or "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SS" in UTC) that is returned
 * instead, so tests are deterministic. */
time_t id_now(void);

/* Formats t as local "YYYY-MM-DD" / "YYYY-MM-DD HH:MM" into out. */
void id_date(char out[11], time_t t);
void id_datetime(char out[17], time_t t);

/* 1 when s is a real calendar date "YYYY-MM-DD". */
int id_date_valid(const char *s);

/*
 * Terms: "YYYY-YYYY-N", second year = first + 1, N in 1..2. Term 1 (autumn)
 * runs Aug–Jan, term 2 (spring) Feb–Jul. id_term_of() gives the term of a date;
 * id_term_next() the following term.
 */
int id_term_valid(const char *s);
void id_term_of(char out[12], time_t t);
int id_term_next(char out[12], const char *term);
int id_term_prev(char out[12], const char *term);

/*
 * Calendar arithmetic on "YYYY-MM-DD" strings, free of time zones: the term a
 * date falls in; the first and last day of a term (term 1 Aug 1 – Jan 31,
 * term 2 Feb 1 – Jul 31, as id_term_of); and a day number (days since
 * 1970-01-01) so that two dates subtract to the days between them.
 * JY_EINVAL for an invalid date or term (outputs untouched).
 */
int id_term_of_date(char out[12], const char *date);
int id_term_span(char first[11], char last[11], const char *term);
int id_day_number(long *out, const char *date);

/* 1 when s is a valid path component: [a-z0-9._-]+, not "." or "..", <= 64 bytes. */
int id_component_valid(const char *s);

#endif
