/* exam: the joint exam (联考) — its record rules, blueprint, assembly, check, swap, sealing and release of its papers. */
#ifndef JIAOYAN_EXAM_H
#define JIAOYAN_EXAM_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

struct keyring_key; /* keyring.h: an opened committee member's key */

/*
 * The group's rule 3 (DESIGN §1, 教考分离): per term and specialty one
 * joint-exam course with one scope, standard, paper, time and grading.
 * An exam is exams/<term>/<id>.ini; its papers are sealed records
 * exams/<term>/<id>/<a|b>.ini (paper.h) that only the committee can open
 * before the release time.
 *
 * Who does what (exam_may; the same for the CLI, the TUI, the merge and the
 * central hook through exam_type_ops):
 *  - creating an exam, naming or changing its committee and moving its
 *    release time: a lead of the exam's specialty (or an admin of the lead
 *    college) — the committee alone cannot open its papers early;
 *  - the blueprint and the papers (assemble, swap, re-seal, release): the
 *    committee only (命题组: the persons in [exam] committee);
 *  - the rest of the metadata (date, time, schools, scope, standard,
 *    grading, targets): the lead or the committee;
 *  - deleting: the lead, while no paper exists.
 *
 * Fields of [exam] beyond the schema's own checks: release
 * "YYYY-MM-DDTHH:MM" (local time; "YYYY-MM-DD HH:MM" is taken too and
 * stored with the T), start "HH:MM", papers "A" or "A,B" (letters A–D,
 * default A,B), difficulty "2.5-3.5" (target of the points-weighted mean
 * difficulty), coverage N (% of the scope chapters that need an item,
 * default 100), levels "remember:20,understand:30,…" (or 识记:20,…: the
 * target share of points per cognitive level, ± level_tolerance points,
 * default 5), total (the target total points). A [blueprint.N] row: type,
 * count, points each, difficulty "3" or "2-3", chapters (list), level.
 *
 * Chapters are named as the bank stores them ("项目三 流量获取与转化"), or
 * by number: "3" matches a chapter whose name starts with 第3章, 第三章,
 * 项目三, 模块3, 单元三, 任务3 or "3." / "3 ".
 */

extern const struct type_ops exam_type_ops;

enum exam_act {
	EXAM_ACT_CREATE,    /* a new exam (exam: the record to be) */
	EXAM_ACT_EDIT,      /* metadata */
	EXAM_ACT_COMMITTEE, /* name or change the committee */
	EXAM_ACT_BLUEPRINT, /* add or remove blueprint rows */
	EXAM_ACT_PAPERS,    /* assemble, swap, re-seal, release, open before release */
	EXAM_ACT_DELETE,
};
/* 0 when actor a may do act on exam now, else JY_EPERM with the rule. */
int exam_may(struct store *s, const struct actor *a, const struct record *exam, enum exam_act act, struct jy_err *err);
/* 1 when person is on the exam's committee. */
int exam_on_committee(const struct record *exam, const char *person);
/*
 * The people who could have made the change prev → next of an exam record
 * (its committee members and the specialty's leads, owned strings appended
 * to ids): what the central hook judges a campus server's push as.
 */
void exam_possible_authors(struct vec *ids, struct store *s, const struct record *prev, const struct record *next);

/* Loads an exam by id (or TYPE/ID, or path); path_out may be NULL. JY_ENOTFOUND when none. */
int exam_load(struct record **out, struct buf *path_out, struct store *s, const char *id, struct jy_err *err);

/* Stored form of a release time typed as "YYYY-MM-DDTHH:MM" or "YYYY-MM-DD HH:MM"; JY_EINVAL otherwise. */
int exam_release_parse(struct buf *out, const char *in, struct jy_err *err);
/* Seconds since the epoch of a stored release time (local time), or -1. */
long long exam_release_time(const char *release);
/* 1 when the exam's release time is set and has passed (id_now()). */
int exam_released_time(const struct record *exam);

/*
 * A new exam from in ([exam] term, specialty, course, name and whatever
 * else; blueprint rows may come too). Values typed in another form (a
 * release time with a space, levels with Chinese labels) are stored in
 * their normal form. id_out (may be NULL) gets the new id.
 */
int exam_new(struct buf *id_out, struct store *s, const struct actor *a, const struct record *in, struct jy_err *err);
/* Normal form of the fields above in r (in place); JY_EINVAL naming the field when one cannot be read. */
int exam_normalise(struct record *r, struct jy_err *err);

/* Appends [blueprint.N+1] with the "key=value" assignments (type count points difficulty chapters level). */
int exam_blueprint_add(struct store *s, const struct actor *a, const char *id, const struct vec *assignments,
		       struct jy_err *err);
/* Removes row n (1-based); later rows move up. */
int exam_blueprint_rm(struct store *s, const struct actor *a, const char *id, unsigned n, struct jy_err *err);

/* ---- the blueprint, read ---- */

#define EXAM_LEVELS 4 /* remember understand apply analyse */

struct exam_row {
	int type;              /* enum question_type */
	unsigned count;
	double points;         /* each */
	int dmin, dmax;        /* difficulty range, 1..5 (1..5 when not given) */
	struct vec chapters;   /* owned strings as written; empty: any chapter */
	int level;             /* 0..3, -1 any */
};

struct exam_blueprint {
	struct vec rows;            /* struct exam_row *, owned */
	double total;               /* target total points, 0 = none */
	double dmean_min, dmean_max;/* target of the points-weighted mean difficulty, 0 = none */
	unsigned coverage;          /* percent of the scope chapters that need an item */
	double levels[EXAM_LEVELS]; /* target share of points (%), < 0 = none */
	double level_tol;           /* ± percentage points */
	struct vec scope;           /* owned strings: [exam] chapters as written (empty: the bank's chapters) */
	struct vec papers;          /* owned strings "A", "B" */
};
void exam_blueprint_init(struct exam_blueprint *bp);
void exam_blueprint_release(struct exam_blueprint *bp);
/* Reads the exam's blueprint and targets; JY_EINVAL naming the row and field when one cannot be read. */
int exam_blueprint_read(struct exam_blueprint *bp, const struct record *exam, struct jy_err *err);
/* Σ count × points. */
double exam_blueprint_points(const struct exam_blueprint *bp);

/* The number of a chapter name (第3章 → 3), 0 when it has none. */
int exam_chapter_number(const char *chapter);
/* 1 when the bank chapter `chapter` is the one `ref` names (same text, or same number). */
int exam_chapter_matches(const char *ref, const char *chapter);

/* ---- papers: the contract of the results module (issue 12) ---- */

/* One item as frozen in the paper. */
struct exam_paper_item {
	unsigned no;      /* 1-based position in the paper */
	char *question;   /* the bank item's id */
	unsigned version;
	char *type;       /* stored type value ("single" …) */
	double points;
	char *answer;     /* the answer as this paper's shuffled options letter it */
	char *chapter;
	char *level;      /* stored level value, "" when none */
};
void exam_paper_item_free(void *item);
/*
 * The items of paper `paper` ("A", "B") of exam `exam` in order, once the
 * paper is released (or, before release, with `key` = an opened committee
 * key; NULL otherwise). Errors: JY_ENOTFOUND (no such exam or paper),
 * JY_EPERM (still sealed and no key).
 */
int exam_paper_items(struct vec *out, struct store *s, const char *exam, const char *paper,
		     const struct keyring_key *key, struct jy_err *err);

/* ---- what a paper is, for people ---- */

enum exam_paper_state {
	EXAM_PAPER_NONE,     /* not assembled */
	EXAM_PAPER_SEALED,   /* 已密封 */
	EXAM_PAPER_STALE,    /* sealed for another committee or release time: a member re-seals */
	EXAM_PAPER_RELEASED, /* 已启封 */
};
/* The state of paper letter ("A") of the exam as stored. */
enum exam_paper_state exam_paper_state(struct store *s, const struct record *exam, const char *letter);
/* "未组卷" "已密封" "须重新密封" "已启封" (or English). */
const char *exam_paper_state_label(enum exam_paper_state st);

/* ---- the committee's acts (each one commit; key: the actor's opened key) ---- */

/* What assembly and the check report: one line per constraint. */
struct exam_check_row {
	char *paper;  /* "A", "B", or "A/B" */
	char *what;   /* "单选题（第 1 行）题数", "平均难度" … */
	char *target; /* "10", "2.5–3.5", "≤ 30%" … */
	char *actual; /* "10", "2.8", "12%"; "?" when it cannot be known */
	int ok;       /* 1 ✓, 0 ✗, -1 not checkable (a previous paper still sealed to others) */
};
void exam_check_row_free(void *row);

struct exam_assemble_opts {
	unsigned long long seed; /* the same seed, bank and history give the same papers */
	const char *papers;      /* "A,B"; NULL: the exam's papers field */
};

/*
 * Draws the papers from the approved items of the exam's course and seals
 * each one to the committee in one commit (replacing papers sealed before).
 * When no set of papers meets every constraint, JY_EINVAL whose message
 * lists what is missing in numbers ("需要 5 道难度 4 的单选题（第 3 章），
 * 题库只有 3 道已审核的"), nothing written. check (may be NULL) gets the
 * check rows of the new papers.
 */
int exam_assemble(struct vec *check, struct store *s, const struct actor *a, const char *id,
		  const struct exam_assemble_opts *opts, const struct keyring_key *key, struct jy_err *err);

/* Every constraint of every paper with target, actual and ✓/✗ (struct exam_check_row *, owned). Needs the
 * papers readable: released, or key. JY_EINVAL when nothing has been assembled. */
int exam_check(struct vec *rows, struct store *s, const char *id, const struct keyring_key *key, struct jy_err *err);

/* Replaces item n of paper letter by question (approved, same course and type), re-seals; check gets the rows. */
int exam_swap(struct vec *check, struct store *s, const struct actor *a, const char *id, const char *letter, unsigned n,
	      const char *question, const struct keyring_key *key, struct jy_err *err);

/* Re-seals every paper with a new file key for the committee and release time the exam has now. */
int exam_reseal(struct store *s, const struct actor *a, const char *id, const struct keyring_key *key, struct jy_err *err);

/* Publishes the file keys of every paper once the release time has passed (refused before). */
int exam_release(struct store *s, const struct actor *a, const char *id, const struct keyring_key *key,
		 struct jy_err *err);

/* The chapter × level grid of a paper (counts and points per cell, totals), as cli_table rows (vecs of owned strings). */
int exam_grid(struct vec *rows, struct store *s, const char *id, const char *letter, const struct keyring_key *key,
	      struct jy_err *err);

#endif
