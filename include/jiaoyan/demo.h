/* demo: the fictional demo group written into a fresh repository (jiaoyan init --demo). */
#ifndef JIAOYAN_DEMO_H
#define JIAOYAN_DEMO_H

#include <time.h>

#include "jiaoyan/err.h"
#include "jiaoyan/store.h"

/*
 * Writes the demo group into an empty repository in one commit, authored
 * "jiaoyan demo <demo@jiaoyan>". The current term is the term of `now`
 * (id_term_of); what is written (data/README.md lists every id):
 *  - the built-in data/ files at their repository paths, group.ini with
 *    `term` set to that term, each config/rules/ID.ini as rules/ID.ini and
 *    each config/rubrics/ID.ini as rubrics/ID.ini (all must be canonical);
 *  - 40 observations on days of the term up to `now`, scored with the
 *    group's rubric (rubric_score), some with the teacher's [response];
 *  - plan filings for the next term (draft, submitted, approved, returned;
 *    one with a credit-hours error);
 *  - 42 questions for three joint-exam courses;
 *  - one joint exam of 530701-c01 (网店运营) three weeks after `now`, with
 *    its committee (suyuan, yanshuyao) and a blueprint that paper A can
 *    meet on the demo bank; not assembled (sealing needs the members' keys);
 *  - one joint exam of 510102-c01 (传感器应用技术) two weeks before `now`,
 *    sat at s01, s02 and s03: its paper sealed and released with key pairs
 *    made for it and thrown away (paper_seal_released), and each school's
 *    scores drawn from a fixed-seed model and read as an import reads them;
 *  - two seminars of the term with action items (done, open, overdue) and
 *    five teacher exchanges (two lead-college teachers on exchange through
 *    the next term, so they teach in member schools' filings).
 * Everything except the generated ids and the past paper's keys and
 * ciphertext is a function of `now`. Every record is
 * canonicalised and validated before it is staged, so a bad demo record fails
 * here with its path in the message. JY_EEXISTS when the repository already
 * has a commit; store errors as store_txn_commit() gives them. Nothing is
 * written on error.
 */
int demo_populate(struct store *s, time_t now, struct jy_err *err);

#endif
