/* printout: the paper the schools file — the 听课记录表 and the 授课计划备案表, each one self-contained printable HTML page. */
#ifndef JIAOYAN_PRINTOUT_H
#define JIAOYAN_PRINTOUT_H

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/store.h"

/*
 * Pages are built with html.h: one file, the A4 print stylesheet inline,
 * the CJK font stacks named, no script and nothing external; every value
 * from a record goes through html.h's escapers (a "<script>" in a comment
 * prints as text). Labels are Chinese whatever the message language: the
 * forms are the group's paper forms. Names are resolved (people, schools,
 * specialties); a reference that no longer resolves prints its id.
 *
 * printout_observation: the 听课记录表 of the observation at path — its
 * fields, the rubric table of the rubric version it was scored with
 * (indicator, what it looks at, weight, maximum, score), total and grade
 * with the rubric's grade bands, the three texts, the teacher's reply, and
 * signature lines for the observer and the teacher.
 *
 * printout_plan: the 授课计划备案表 of filing id (TERM/SCHOOL/SPECIALTY):
 * the filing's state and revision, the course table (teachers with title
 * and 双师型), the hour totals, the compliance findings with their clauses,
 * the review rounds with their row comments and the school's answers, and
 * signature lines (school, specialty lead). Printed on A4 landscape.
 *
 * Both append to out; JY_ENOTFOUND / JY_EINVAL as reading the record
 * gives. Who may see the record is the caller's business (the CLI asks the
 * viewer before printing an observation).
 */
int printout_observation(struct buf *out, struct store *s, const char *path, struct jy_err *err);
int printout_plan(struct buf *out, struct store *s, const char *id, struct jy_err *err);

#endif
