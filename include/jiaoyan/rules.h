/* rules: the compliance check of a teaching-plan filing against its specialty's rule set. */
#ifndef JIAOYAN_RULES_H
#define JIAOYAN_RULES_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * A rule set (rules/<id>.ini) is data: [rules] id, name, specialty, source,
 * extends, core_courses; [rule.N] metric, min, max, severity, clause. No
 * limit lives in this code: every number and every clause comes from the rule
 * set; the code knows only what each metric measures. A rule without the
 * bound a metric needs is not applied; a rule whose metric is unknown gives an
 * info finding (so a typo in a rule set is seen, not silently ignored).
 *
 * Metrics (row = the N of [course.N] a finding is about, 0 = the whole filing):
 *  credit_hours     per row: hours per credit within [min, max]; rows without
 *                   credits are skipped
 *  hours_sum        per row: theory + practice = hours (a missing one counts
 *                   as 0; a row with neither is a finding unless its category
 *                   is practice, whose hours all count as practice)
 *  public_share     filing: hours of public-foundation rows ≥ min % of all hours
 *  practice_share   filing: practice hours ≥ min % of all hours
 *  elective_share   filing: hours of elective rows ≥ min % of all hours
 *  dual_share       filing: dual-qualified ≥ min % of the specialty-course
 *                   teachers (distinct teachers of the rows whose category is
 *                   not public, known to the roster)
 *  senior_share     filing: associate or senior title ≥ min % of the full-time
 *                   (not part-time) specialty-course teachers
 *  parttime_share   filing: part-time industry teachers ≥ min % of the
 *                   specialty-course teachers
 *  weekly_hours     per teacher: Σ hours/weeks over the teacher's rows that
 *                   give weeks ≤ max; reported on the teacher's first row
 *  teacher_roster   per row: a teacher is named, exists, and belongs to the
 *                   filing school or to the lead college (exchange teachers)
 *  teacher_certified per row: the teacher holds a teacher's certificate
 *  core_courses     filing (info): which of [rules] core_courses the filing
 *                   schedules — a row whose name contains a core course's
 *                   name, or names a course record whose `core` is one
 * Percentages are of the hours of this filing; with no hours (or no teachers)
 * the share rules have nothing to measure and say nothing.
 */

enum rules_severity { RULES_ERROR = 0, RULES_WARNING = 1, RULES_INFO = 2 };

struct rules_finding {
	int severity;  /* enum rules_severity, from the rule */
	size_t row;    /* [course.N] N, or 0 for the filing as a whole */
	char *metric;  /* "credit_hours" */
	char *message; /* what was measured, against which limit, in the current language */
	char *clause;  /* the rule's clause, verbatim ("标准 8.2：每 16~18 学时折算 1 学分") */
};

void rules_finding_free(void *f);

/* What a check needs besides the plan; every pointer is borrowed. */
struct rules_env {
	const struct record *ruleset; /* a flattened rule set (rules_load does that) */
	const char *lead_school;      /* the group's lead college (group.lead), may be NULL */
	const struct vec *people;     /* person records, at least the plan's teachers; may be NULL */
	const struct vec *courses;    /* course records of the specialty (core mapping); may be NULL */
	/* Person ids (char *) of the lead-college teachers on an exchange to the filing school during the
	 * plan's term (exchange.h exchange_hosts): only they count as its teachers. NULL: every
	 * lead-college teacher does (a check without a store). */
	const struct vec *exchange;
};

/*
 * Appends one struct rules_finding * (owned; rules_finding_free) per finding to
 * findings, ordered by row (filing-level findings first), then by rule order.
 * Pure: reads only its arguments. JY_EINVAL when env->ruleset is missing.
 */
int rules_check(struct vec *findings, const struct record *plan, const struct rules_env *env, struct jy_err *err);

/*
 * A rule set with its `extends` chain resolved: the base's [rule.N] whose
 * metric the child does not name come first, then the child's rules,
 * renumbered 1..n; the child's [rules] keys win, core_courses is inherited
 * when the child has none. *out is owned by the caller. rules_load reads
 * rules/<id>.ini and its bases from the store (a cycle or a chain deeper than
 * 8 is JY_EINVAL); rules_flatten does one step in memory.
 */
int rules_load(struct record **out, struct store *s, const char *id, struct jy_err *err);
struct record *rules_flatten(const struct record *child, const struct record *base);

/*
 * The rule set that governs a specialty: its [specialty] rules, else the
 * group's default (group.ini [group] rules). id_out (may be NULL) gets the
 * rule set id. JY_EINVAL naming both places when neither is set.
 */
int rules_for_specialty(struct record **out, char **id_out, struct store *s, const char *specialty,
			struct jy_err *err);

/*
 * rules_check of a stored plan with everything read from the store: the
 * specialty's rule set, group.lead, the person records of the plan's
 * teachers and the specialty's course records.
 */
int rules_check_plan(struct vec *findings, struct store *s, const struct record *plan, struct jy_err *err);

/* Number of findings of a severity. */
size_t rules_count(const struct vec *findings, int severity);
/* "错误" / "警告" / "提示" (or English). */
const char *rules_severity_label(int severity);

#endif
