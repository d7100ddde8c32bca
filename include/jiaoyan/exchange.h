/* exchange: teacher exchange (师资互派) — the exchange rules, who teaches where during an exchange, quotas per specialty. */
#ifndef JIAOYAN_EXCHANGE_H
#define JIAOYAN_EXCHANGE_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * An exchange is one record exchanges/<year>/<id>.ini: [exchange] person,
 * direction, from (school), to (school), specialty, start, end, courses
 * (taught or followed), hours, outcome, year (derived), created_by.
 *
 * direction says which way the teacher goes (the group plan, 二（三）):
 *   guide     教学指导  a lead-college teacher teaches at a member school;
 *   shadow    跟班学习  a member-school teacher follows classes at the lead college;
 *   training  培训进修  a member-school teacher trains at the lead college.
 * year is the school year (学年) "YYYY-YYYY" of the start date (Aug 1 to
 * Jul 31, the two terms of id.h), and is the record's directory.
 *
 * The rules (exchange_type_ops in typeops.h):
 *  - from is the teacher's own school (filled in from the person when
 *    absent); guide goes from the lead college to a member school, shadow
 *    and training from a member school to the lead college; end is on or
 *    after start;
 *  - recorded, changed and deleted by the admins of either school involved
 *    (typeops_admin_of: a lead-college admin is an admin of every school),
 *    both before and after a change; created_by never changes.
 */

enum exchange_act { EXCHANGE_ACT_CREATE, EXCHANGE_ACT_EDIT, EXCHANGE_ACT_DELETE };

/* 0 when actor a may do act with the exchange record (for CREATE: the one to be created); JY_EPERM naming the rule. */
int exchange_may(struct store *s, const struct actor *a, const struct record *exchange, enum exchange_act act,
		 struct jy_err *err);

/*
 * The plan rule (授课计划, plan.c and rules.c ask this): 1 when `person` is on
 * a guide exchange to `school` whose dates overlap `term` (its first to
 * last day, id_term_span) — such a lead-college teacher counts as a teacher
 * of that school for the school's filings of that term. term NULL: an
 * exchange at any time (to resolve a name before the term is known).
 * 0 otherwise, and when the exchanges cannot be read.
 */
int exchange_hosts(struct store *s, const char *person, const char *school, const char *term);

/* The school year "YYYY-YYYY" (out[10]) of a date, or of a term ("2026-2027-1" → "2026-2027"). JY_EINVAL when neither. */
int exchange_year_of(char out[10], const char *date_or_term);

/*
 * Converts what a person typed for one [exchange] field into its stored
 * value (as seminar_value): person — an id or name; from, to — a school id
 * or name; specialty — a code or name; direction — guide|shadow|training or
 * 教学指导|跟班学习|培训进修; courses — items separated by , ， 、; start,
 * end — YYYY-MM-DD; hours — a whole number. Appends to stored; JY_EINVAL
 * naming the field otherwise.
 */
int exchange_value(struct buf *stored, struct store *s, const char *key, const char *input, struct jy_err *err);

/* Exchange records of school year `year` (NULL = all) involving `school` on either side (NULL = any), by start
 * date. Appends struct store_item * (owned). */
int exchange_list(struct vec *out, struct store *s, const char *year, const char *school, struct jy_err *err);

/*
 * The yearly quota of lead-college teachers sent (guide exchanges) per
 * specialty, from group.ini [exchange]: min.<code> / max.<code> for one
 * specialty, else min / max, else 1 and 2. sent counts different teachers
 * with a guide exchange starting in that school year; missing is what is
 * short of min; over what goes beyond max.
 */
struct exchange_quota {
	char *specialty;
	char *name;
	size_t sent;
	long min, max;
	size_t missing;
	size_t over;
	struct vec teachers; /* owned person ids of the teachers sent */
};
void exchange_quota_free(void *q);
/* One struct exchange_quota * per specialty (by code), appended to out (owned). */
int exchange_quotas(struct vec *out, struct store *s, const char *year, struct jy_err *err);

#endif
