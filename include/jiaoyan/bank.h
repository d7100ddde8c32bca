/* bank: the joint-exam question bank (题库) — who adds, edits, reviews and retires items, versions, duplicates, import, export, stats. */
#ifndef JIAOYAN_BANK_H
#define JIAOYAN_BANK_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/question.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * The group's rule 3 (DESIGN §1): each specialty keeps a shared bank for
 * its joint-exam course. Items are question records
 * (questions/<specialty>/<course>/<id>.ini; question.h has their fields and
 * formats); this module holds the rules that need the store and the
 * person — the same for the CLI, the TUI, the merge and the central hook
 * (question_type_ops, registered in typeops.c).
 *
 * Lifecycle (every step one commit):
 *
 *   draft ──approve──▶ approved ──retire──▶ retired
 *     │  ◀─edit(author)─ returned       │
 *     └──return──▶ returned             └─(next version approved)─▶ superseded
 *
 *  - Adding: only people of the group's schools (a person record with a
 *    school); the item is a draft of version 1, its author is the person
 *    and their school is recorded. No one adds on behalf of another.
 *  - Versions: an approved item is never changed in place. Editing it makes
 *    a new record, version N+1, previous = the approved one's id, a draft
 *    again that needs approval; the approved version stays usable until
 *    then, and the approval of N+1 marks N superseded (superseded_by) in the
 *    same commit. One open successor at a time. Drafts and returned items
 *    are edited in place (by the author, an examiner of the specialty, a
 *    lead of the specialty, or a lead-college admin); an edited returned
 *    item is a draft again.
 *  - Review: draft or returned → approved, or draft → returned, only by an
 *    examiner (命题教师, role examiner) of the item's specialty (listed in
 *    their person.specialties) who is not its author, with a comment;
 *    approval needs what question_check_approvable asks. Retiring an
 *    approved item: an examiner of the specialty or a lead of it; a draft
 *    or returned one also its author. Every decision appends a
 *    [review.N] round (reviewer, at, version, verdict, comment) that never
 *    changes afterwards: the record's history.
 *  - Deleting: drafts and returned items only, by the author or a
 *    lead-college admin. Approved items are retired, never deleted.
 *  - Duplicates: a new item (added, imported, or a new version) whose
 *    question_dup_key equals a live item's (draft, returned or approved) of
 *    the same course is refused (JY_EEXISTS); one whose similarity
 *    (question_grams, Dice) reaches the threshold — group.ini [bank]
 *    similarity, default 0.8 — is refused naming the nearest items with
 *    their similarity unless those are listed in question.similar (what
 *    "force" does: the person confirmed they differ). An item's own
 *    predecessor and successor never count.
 * Refusals are JY_EPERM (who) or JY_EINVAL (state, values) and write
 * nothing; messages name the rule, hints ("bank-edit", "bank-force") let
 * the front end say what to do.
 */

/* What a person may want to do with an item (capability queries, like plan_may). */
enum bank_act {
	BANK_ACT_ADD,     /* a new item for q's specialty and course (q: the item to be) */
	BANK_ACT_EDIT,    /* change q: in place (draft, returned) or as its next version (approved) */
	BANK_ACT_APPROVE,
	BANK_ACT_RETURN,
	BANK_ACT_RETIRE,
	BANK_ACT_DELETE,
};

/*
 * 0 when actor a may do act with the item q now (as stored), else JY_EPERM
 * (who) or JY_EINVAL (state) with the reason. The TUI offers only the
 * actions this allows; the CLI, the workflow below and the permit rule ask
 * this one function.
 */
int bank_may(struct store *s, const struct actor *a, const struct record *q, enum bank_act act, struct jy_err *err);

/* The rules table of the question type (complete, derive, validate, permit, describe). */
extern const struct type_ops question_type_ops;

/* States. */
enum bank_state { BANK_DRAFT, BANK_RETURNED, BANK_APPROVED, BANK_RETIRED, BANK_SUPERSEDED };
/* From the stored value; -1 when unknown. */
int bank_state_of(const char *stored);
/* 草稿 已退回 已审核 已停用 已被替代 (or English). */
const char *bank_state_label(int state);

/* ---- courses ---- */

/* A course of the bank, found by its code or its name. */
struct bank_course {
	char *code, *name, *specialty, *specialty_name;
};
/* JY_EINVAL naming the course when none (or several, by name) match. Release with bank_course_release. */
int bank_course(struct bank_course *out, struct store *s, const char *code_or_name, struct jy_err *err);
void bank_course_release(struct bank_course *c);

/* ---- reading ---- */

/* Reads an item by id (or TYPE/ID, or path); path_out (may be NULL) gets its path. JY_ENOTFOUND when none. */
int bank_load(struct record **out, struct buf *path_out, struct store *s, const char *id, struct jy_err *err);

/* Which items: NULL/0 fields match anything; state NULL = every state. */
struct bank_filter {
	const char *specialty, *course, *chapter, *type, *state, *level;
	int difficulty;   /* 1..5, 0 = any */
	const char *text; /* substring of the stem, options or knowledge point (text_contains), NULL = any */
	int live;         /* 1: only draft, returned and approved */
};
/* Appends struct store_item * (owned; store_item_free) of the matching items, in path order. */
int bank_list(struct vec *out, struct store *s, const struct bank_filter *f, struct jy_err *err);

/* ---- duplicates ---- */

struct bank_match {
	char *id;
	char *label;       /* question_label of the other item */
	char *state;       /* its stored state */
	double similarity; /* 1 for an exact duplicate */
	int exact;
};
void bank_match_free(void *m);

/* group.ini [bank] similarity, or 0.8. */
double bank_threshold(struct store *s);

/*
 * The live items of q's course that q duplicates (exact) or nearly matches
 * (similarity >= bank_threshold), excluding q itself, its predecessor and
 * its successors; exact ones first, then by similarity, highest first.
 * Appends struct bank_match * (owned).
 */
int bank_similar(struct vec *matches, struct store *s, const struct record *q, struct jy_err *err);

/* One group of items that duplicate or nearly match each other. */
struct bank_cluster {
	struct vec members; /* struct bank_match *: similarity to the group's first item (which has 1) */
	double max;         /* the highest similarity of a pair in the group */
};
void bank_cluster_free(void *c);
/* The clusters of live items of one course (code; NULL = every course, each alone), largest first. */
int bank_dups(struct vec *clusters, struct store *s, const char *course, struct jy_err *err);

/* ---- writing ---- */

/*
 * Adds q (a question record: course, content; specialty taken from the
 * course; bookkeeping fields are filled here) as a draft. force: the near
 * matches found now are recorded in question.similar and do not stop it
 * (exact duplicates always do). id_out (may be NULL) gets the new id.
 */
int bank_add(struct buf *id_out, struct store *s, const struct actor *a, const struct record *q, int force,
	     struct jy_err *err);

/*
 * Changes item id into next (its content: bookkeeping fields of next are
 * ignored): a draft or returned item in place (a returned one becomes a
 * draft), an approved one as its next version. id_out gets the id written
 * (the same, or the new version's). force as for bank_add.
 */
int bank_edit(struct buf *id_out, struct store *s, const struct actor *a, const char *id, const struct record *next,
	      int force, struct jy_err *err);

enum bank_verdict { BANK_APPROVE, BANK_RETURN, BANK_RETIRE };
/* A review decision with its comment (required for approve and return). */
int bank_review(struct store *s, const struct actor *a, const char *id, enum bank_verdict v, const char *comment,
		struct jy_err *err);

/* Deletes a draft or returned item. */
int bank_delete(struct store *s, const struct actor *a, const char *id, struct jy_err *err);

/* ---- import and export ---- */

struct bank_import_opts {
	const char *format; /* "gift" or "csv" */
	int gbk;            /* a GIFT file in GBK is converted (else refused: Moodle reads UTF-8 only) */
	int skip_bad;       /* import the good questions and list the others */
	int force;          /* near matches do not stop a question (see bank_add) */
};

struct bank_import_result {
	const char *encoding; /* "UTF-8", "UTF-8 BOM" or "GBK" (static) */
	struct vec ids;       /* owned: ids of the items added, in file order */
	struct vec problems;  /* owned: "第 N 行：题目「…」：…" for each question not imported */
	struct vec notes;     /* owned: near matches imported with force */
};
void bank_import_init(struct bank_import_result *r);
void bank_import_release(struct bank_import_result *r);

/*
 * Imports GIFT or CSV (question.h) into the course (code or name) as drafts
 * of the actor, in one commit. Bytes: UTF-8 with or without BOM, LF or
 * CRLF; CSV also GBK (as Excel saves it); GIFT in GBK only with opts->gbk.
 * Every question is checked — mapping, fields, duplicates against the bank
 * and the questions before it in the file, permission — and when any is
 * bad nothing is written (JY_EINVAL, the problems listed in res) unless
 * skip_bad. More than group.ini [limits] import_rows questions are refused.
 */
int bank_import(struct bank_import_result *res, struct store *s, const struct actor *a, const char *course,
		const char *data, size_t len, const struct bank_import_opts *opts, struct jy_err *err);

/* The same for items already read (struct question_item *, e.g. rows pasted in the TUI); verb names the commit. */
int bank_add_items(struct bank_import_result *res, struct store *s, const struct actor *a, const char *course,
		   const struct vec *items, int skip_bad, int force, const char *verb, struct jy_err *err);

/*
 * The items of a course (code or name) in state (NULL: draft, returned and
 * approved) as "gift" or "csv" (question.h), appended to out. n_out (may be
 * NULL) gets how many.
 */
int bank_export(struct buf *out, size_t *n_out, struct store *s, const char *course, const char *state,
		const char *format, struct jy_err *err);

/* ---- what a blueprint can draw on ---- */

struct bank_stats_row {
	char *chapter;            /* "" = none */
	int type;                 /* enum question_type */
	size_t by_difficulty[5];  /* approved items of difficulty 1..5 */
	size_t total;
	double points;            /* their points added up */
};
void bank_stats_row_free(void *r);

struct bank_stats {
	struct vec rows;      /* struct bank_stats_row *, by chapter then type */
	size_t by_level[5];   /* approved items by level (remember … analyse), [4] = not given */
	size_t by_state[5];   /* every item by enum bank_state */
};
/* Counts of approved items of a course (code; NULL = all) by chapter × type × difficulty. */
int bank_stats(struct bank_stats *out, struct store *s, const char *course, struct jy_err *err);
void bank_stats_release(struct bank_stats *st);

/* ---- usage: the released papers an item was in, and its P and D there ---- */

/*
 * How an item (one version: one bank id) was used: every RELEASED paper it
 * was in (a sealed paper says nothing, not even that it uses the item) and,
 * where the schools reported scores, its difficulty P and discrimination D
 * in that paper's pooled analysis (sitting.h, sitting_uses: derived from the
 * papers and the scores records each time, never stored in the item).
 * Release with bank_usage_release.
 */
struct sitting_use;
struct bank_usage {
	struct vec papers; /* owned strings: exam ids, each once, earliest sitting first */
	struct vec uses;   /* struct sitting_use * (sitting.h), owned: one per paper, earliest first */
	int has_stats;     /* 1 when some use has scores */
	double p, d;       /* means over the uses with scores, weighted by their students; NaN without */
	size_t sittings;   /* uses with scores */
};
/* 0, or the error of reading the repository (out is then empty but initialised). */
int bank_usage(struct bank_usage *out, struct store *s, const char *question_id, struct jy_err *err);
void bank_usage_release(struct bank_usage *u);

#endif
