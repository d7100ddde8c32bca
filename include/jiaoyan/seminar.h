/* seminar: teaching seminars (教学工作研讨会议) — their rules, typed values, action items and who may tick them off. */
#ifndef JIAOYAN_SEMINAR_H
#define JIAOYAN_SEMINAR_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * A seminar is one record seminars/<term>/<id>.ini: [seminar] term, date,
 * title, place, host (a school), specialty (empty: group-wide), topics (the
 * group plan's list, schema values system … evaluation), other_topics,
 * attendees (people), schools (derived from the attendees), created_by
 * (the actor who recorded it), minutes, decisions; and action items
 * [action.1] … [action.n]: what, owner (a person), due (a date), state
 * open|done, done (the date it was done), evidence (how it was done).
 *
 * The rules (seminar_type_ops in typeops.h, the one table typeops.c registers):
 *  - term is the term of date (filled in from the date when absent); a
 *    done item has a done date and an open one has none; action items are
 *    numbered 1..n without gaps;
 *  - create: admins of the lead college (any seminar), or a lead of the
 *    seminar's specialty (specialty seminars only; a group-wide seminar is
 *    the lead college admins' alone);
 *  - change anything: whoever recorded it (created_by), a lead of its
 *    specialty, or a lead-college admin; created_by never changes;
 *  - an action item's owner may change only that item's state, done date
 *    and evidence (tick it off, or reopen it) — nothing else of the record;
 *  - delete: lead-college admins only.
 * Who may do what is decided by seminar_may() alone; the type's permit
 * judges a whole change with the same rule, so the CLI, the TUI, sync and
 * the central hook agree.
 *
 * An action item is overdue when it is open and its due date is before
 * today (id_now(), so JIAOYAN_NOW fixes it in tests): due today is not yet
 * overdue.
 */

/* What a person may want to do with a seminar (capability queries). */
enum seminar_act {
	SEMINAR_ACT_CREATE, /* seminar: the one to be created (its specialty decides) */
	SEMINAR_ACT_EDIT,   /* change fields, add or remove action items */
	SEMINAR_ACT_TICK,   /* mark action item n done (or open again) */
	SEMINAR_ACT_DELETE,
};

/*
 * 0 when actor a may do act with seminar (as stored; for CREATE the record
 * to be created) — for SEMINAR_ACT_TICK with its action item n (1-based) —
 * else JY_EPERM naming the rule (JY_EINVAL when item n does not exist).
 */
int seminar_may(struct store *s, const struct actor *a, const struct record *seminar, size_t n, enum seminar_act act,
		struct jy_err *err);

/*
 * Converts what a person typed for one [seminar] field into its stored
 * value, the same for the CLI options and the TUI form:
 *   topics     labels, stored values or numbers 1–7 of the plan's list
 *              (课程体系, 各阶段教学内容, 课程教学改革, 活页教材,
 *              数字化教学资源, 实践教学计划, 教学质量评价衔接), separated by
 *              commas (, ，、) or spaces;
 *   attendees  person ids or names (a name shared by several people is
 *              refused, listing their ids), separated likewise;
 *   host       a school id or name;  specialty  a code or name ("" = group-wide);
 *   date       YYYY-MM-DD;  anything else  the text as given.
 * Appends to stored (nothing on error); JY_EINVAL naming the field and the
 * item that is wrong.
 */
int seminar_value(struct buf *stored, struct store *s, const char *key, const char *input, struct jy_err *err);

/*
 * Appends an action item [action.N+1] to r from "工作内容|责任人|完成时限"
 * (what | an owner's id or name | due date YYYY-MM-DD); the item is open.
 * Full-width ｜ separates too. JY_EINVAL naming the part that is wrong; r is
 * unchanged then. n_out (may be NULL) gets the item's number.
 */
int seminar_action_add(size_t *n_out, struct record *r, struct store *s, const char *spec, struct jy_err *err);

/* Number of [action.N] items of a seminar record. */
size_t seminar_action_count(const struct record *r);

/* 1 when an item of this state and due date is overdue on `today` (YYYY-MM-DD; NULL = id_now()'s date). */
int seminar_overdue(const char *state, const char *due, const char *today);

/*
 * Ticks off action item n of the seminar `id` (an id, or a record path): state
 * done, done = date (NULL: today), evidence (may be NULL or "": kept as it
 * was); done 0 reopens it (state open, done date removed). One commit
 * through records_update ("完成事项" / "重新打开事项"). Refusals as
 * seminar_may(SEMINAR_ACT_TICK); JY_EINVAL when the item is already in that
 * state or the date is invalid.
 */
int seminar_tick(struct store *s, const struct actor *a, const char *id, size_t n, int done, const char *date,
		 const char *evidence, struct jy_err *err);

/* One action item, as 概览, the 研讨 tab and the ledger list it. Strings owned. */
struct seminar_item {
	char *path;          /* the seminar's path */
	char *seminar;       /* its id */
	char *title;
	char *term;
	char *date;          /* of the seminar */
	size_t n;            /* [action.n] */
	char *what;
	char *owner;         /* person id */
	char *owner_name;
	char *owner_school;  /* from the owner's person record ("" when unknown) */
	char *due;
	char *state;         /* open | done */
	char *done;          /* "" when open */
	char *evidence;      /* "" when none */
	int overdue;
};
void seminar_item_free(void *item);

/*
 * Action items, by due date then seminar and number: of seminars in `term`
 * (NULL = every term), owned by `owner` (NULL = anyone) or by people of
 * `school` (NULL = any school), only open ones when open_only. Appends
 * struct seminar_item * (owned; a vec with free_item = seminar_item_free).
 */
int seminar_items(struct vec *out, struct store *s, const char *term, const char *owner, const char *school,
		  int open_only, struct jy_err *err);

/* The topics of a seminar as labels joined by "、" (other_topics last), appended to out. */
void seminar_topics_label(struct buf *out, const struct record *r);

#endif
