/* receive: what the central repository accepts from a push — the record rules applied to what the push changes. */
#ifndef JIAOYAN_RECEIVE_H
#define JIAOYAN_RECEIVE_H

#include "jiaoyan/err.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * DESIGN §2.5. The central pre-receive hook calls this for every ref a push
 * updates. It refuses:
 *  - any ref but refs/heads/main, a delete of main, a non-fast-forward
 *    (nobody rewrites history);
 *  - a new or changed file that is not a record, does not decode strictly,
 *    is not canonical or does not validate (schema, rules, references,
 *    place, limits) — judged in the tree pushed;
 *  - a change the pusher may not make, asked of the record type's rules
 *    (records_permit) exactly as a local write would be, the pusher's roles
 *    read from the central's tree as it was before the push.
 * Who pushes: a person (`serve PERSON`, JIAOYAN_PUSHER) — the net change
 * old → new is judged as that person; a campus server (`serve --school S`,
 * JIAOYAN_PUSHER_SCHOOL) — each changed record is judged as the person of
 * school S it is the work of (an observation's observer, a reply's teacher,
 * a submission's submitter) and everything else as a member of S (a school
 * never sets review verdicts, never changes group-wide records); nobody (a
 * local push by the repository's owner) — each new commit is judged as its
 * author, mapped to a person through the roster (a merge commit for what it
 * changed itself).
 */

struct receive_pusher {
	const char *person; /* serve PERSON, or NULL */
	const char *school; /* serve --school S, or NULL */
};

/*
 * Judges the update of `ref` from old to new (hex commit ids; 40 zeros or ""
 * for none) in s (opened with store_open_env: the pushed objects are
 * quarantined). Appends one owned message per refusal — naming the commit
 * (short id), the file, the keys changed and the rule — to problems and
 * returns JY_EPERM when there is any, 0 to accept. Messages are in the
 * current language (err_set_lang).
 */
int receive_check(struct vec *problems, struct store *s, const char *ref, const char *old_hex, const char *new_hex,
		  const struct receive_pusher *who, struct jy_err *err);

#endif
