/* observation: lesson observations — statistics, coverage, quotas, the observed teacher's replies. */
#ifndef JIAOYAN_OBSERVATION_H
#define JIAOYAN_OBSERVATION_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * One implementation of the numbers shown by `jiaoyan obs stats`,
 * `jiaoyan obs uncovered` and the TUI's 概览 tab, so the two never disagree.
 *
 * What is counted, for a term T (an observation belongs to T by its term
 * field, which is also its directory):
 *  - a teacher's school and an observer's school are the school of their
 *    person record (the observation's own school when the person record is
 *    gone); `school` filters on that;
 *  - a school's observations are those whose observation.school is the
 *    school (where the lesson was given); its roster is the people of the
 *    school with role teacher, and a roster teacher is covered when observed
 *    at least once in T, wherever the observation was filed;
 *  - a mean is over the observations that carry a total (unscored ones
 *    count in `count` only); grades are counted by the observation's stored
 *    grade (the band of the rubric version it was scored with — nothing is
 *    re-scored).
 *  - only complete observations count (obs_complete: a scored kind has
 *    every indicator of its rubric scored, 集体备课 and 衔接检查 have at
 *    least one of the three texts), and only those the viewer may see
 *    (typeops.h viewer; NULL = all): a teacher's own figures are of what
 *    they may see;
 *  - people who left (person.state = left) have no quota and are not on
 *    any school's roster.
 * Every function reads the snapshot of the store as it is (call
 * store_refresh() first to see other writers). Strings in the structs are
 * owned by the struct and freed with it.
 */

/*
 * 1 when the observation is complete (see above) judged against the rubric
 * version it was scored with (NULL when that cannot be read: a scored kind
 * is then incomplete). why (may be NULL) gets the reason when not.
 */
int obs_complete(const struct record *obs, const struct record *rubric, struct buf *why);

/* The kinds of observation: the schema's observation.kind values in their order (督导听课, 同行听课, …,
 * 示范课); obs_kind_index() gives a kind's place (-1 when unknown), obs_kind_at() the stored value
 * (owned by the caller). The per-kind counts below are indexed alike. */
size_t obs_kind_count(void);
long obs_kind_index(const char *kind);
char *obs_kind_at(size_t i);

struct obs_teacher_stat {
	char *teacher;   /* person id */
	char *name;
	char *school;
	size_t count;    /* times observed this term */
	double mean;     /* mean total of scored observations (0 when none) */
	size_t scored;
	size_t *grades;  /* count per grade band, indexed like obs_stats.bands */
};

struct obs_observer_stat {
	char *observer;
	char *name;
	char *school;
	size_t count;    /* observations made this term */
	long quota;      /* obs_quota(): group.ini [quota] by role, title, newcomer; 0 = none */
	size_t *kinds;   /* observations made, per kind (obs_kind_index) */
};

struct obs_school_stat {
	char *school;
	char *name;
	size_t count;    /* observations at this school this term */
	size_t covered;  /* roster teachers observed at least once in the term */
	size_t roster;   /* teachers (role teacher) of the school */
	double mean;
	size_t scored;
	size_t *grades;
	size_t *kinds;   /* observations at this school, per kind (obs_kind_index) */
};

struct obs_stats {
	char *term;
	struct vec bands;    /* owned char *: grade band names, best first (优 良 中 差); grades
			      * found in records but not in the group's rubric follow */
	struct vec teachers; /* struct obs_teacher_stat *: everyone observed in the term, by school then name */
	struct vec observers; /* struct obs_observer_stat *: everyone with a quota or an observation made, by school then name */
	struct vec schools;  /* struct obs_school_stat *, by school id */
	long due_week;       /* group.ini quota_due_week (week of term the quota is due), 0 = not set */
	size_t total;        /* observations of the term (at the school, when filtered by school) */
};

/* Statistics of a term (NULL = group's current term), optionally one school
 * (NULL = all). JY_EINVAL for a malformed term, JY_ENOTFOUND for an unknown
 * school. *out is owned by the caller (obs_stats_free). */
int obs_stats(struct obs_stats **out, struct store *s, struct viewer *v, const char *term, const char *school,
	      struct jy_err *err);
void obs_stats_free(struct obs_stats *st);

/* Appends owned person ids of the teachers (role teacher) of the school (NULL
 * = all schools) not observed in the term (NULL = current), by school then
 * name. out must own its items (free_item = free). */
int obs_uncovered(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *school,
		  struct jy_err *err);

/* The same for "my team" on 概览: the teachers of a's school and the teachers
 * sharing one of a's specialties (a specialty lead at the lead college sees the
 * member schools' teachers of the specialty). */
int obs_uncovered_team(struct vec *out, struct store *s, struct viewer *v, const char *term, const struct actor *a,
		       struct jy_err *err);

/* A person's observation quota for a term from group.ini [quota]: the largest
 * value among the keys naming one of their roles, their title (e.g. `senior`),
 * and `newcomer` when person.newcomer = yes; 0 when none applies. */
long obs_quota(struct store *s, const struct record *person);

/* An observer's progress for 概览: complete observations made in the term against the quota. */
struct obs_progress {
	size_t done;
	long quota;    /* 0 = no quota */
	long due_week; /* group.ini quota_due_week, 0 = not set */
};
int obs_progress(struct obs_progress *out, struct store *s, const char *term, const char *person,
		 struct jy_err *err);

/* One observation as the 概览 lists show it. */
struct obs_item {
	char *path;
	char *id;
	char *date;
	char *kind;          /* stored value (peer); schema_value_label() for display */
	char *school;
	char *observer;
	char *observer_name;
	char *teacher;
	char *teacher_name;
	char *course;
	char *total;         /* "" when unscored */
	char *grade;         /* "" when unscored */
	int replied;         /* the teacher has written a [response] */
	struct record *rec;  /* the whole record, owned */
};
void obs_item_free(void *item);

/* Observations of `teacher`'s own lessons in the term (NULL = current) that
 * the viewer may see (NULL = all), newest first; those with replied == 0 are
 * the "new" ones awaiting a reply. out owns its items (free_item = obs_item_free). */
int obs_inbox(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *teacher,
	      struct jy_err *err);
/* Observations made by `observer` in the term, newest first (same ownership and viewer). */
int obs_mine(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *observer,
	     struct jy_err *err);
/*
 * The term read once for the numbers 概览 shows together: obs_term_load
 * reads what obs_stats, obs_uncovered_team, obs_progress, obs_inbox and
 * obs_mine each read (with person: that person's observations, in the same
 * pass over the term), and the obs_term_* calls give what those give for
 * (term, viewer, person) — the group's statistics (no school filter; the
 * teachers and observers lists left empty, as 概览 shows schools), a's
 * team, and person's progress, inbox and mine. obs_term_inbox/mine move the
 * items out (a second call gives none). people: the roster as
 * store_list(type person) gives it, when the caller holds it already (NULL:
 * read here). For a viewer who sees every observation the term's numbers come
 * summed up per directory from the ready-to-show index (rows.h aggregates),
 * and a roster read here comes from the index's rows of people, without a
 * pass over the term's observations. *out owned by the caller
 * (obs_term_free); it keeps using s, v and people.
 */
struct obs_term;
int obs_term_load(struct obs_term **out, struct store *s, struct viewer *v, const char *term, const char *person,
		  const struct vec *people, struct jy_err *err);
void obs_term_free(struct obs_term *t);
/* 1 when the term's numbers came summed up from the index (not a pass over its observations). */
int obs_term_summed(const struct obs_term *t);
int obs_term_stats(struct obs_stats **out, struct obs_term *t, struct jy_err *err);
int obs_term_uncovered_team(struct vec *out, struct obs_term *t, const struct actor *a, struct jy_err *err);
int obs_term_progress(struct obs_progress *out, struct obs_term *t, struct jy_err *err);
int obs_term_inbox(struct vec *out, struct obs_term *t, struct jy_err *err);
int obs_term_mine(struct vec *out, struct obs_term *t, struct jy_err *err);

/* Number of observations of teacher's lessons in the term still without a reply. */
int obs_unreplied(size_t *out, struct store *s, const char *term, const char *teacher, struct jy_err *err);

/* Sets the [response] of an observation of the actor's own lesson (text, at
 * = now) and commits through records_update() (message "回复听课记录：…").
 * The observation rules refuse anyone but its teacher (JY_EPERM) — an admin
 * cannot reply for someone either; JY_EINVAL for an empty or invalid text or
 * a path that is not an observation. A reply replaces the earlier one
 * (history keeps both). */
/* 0 when the actor may reply to the observation obs (its teacher), else the rule's refusal. */
int obs_may_reply(struct store *s, const struct actor *a, const struct record *obs, struct jy_err *err);
int obs_respond(struct store *s, const struct actor *a, const char *path, const char *text, struct jy_err *err);

/*
 * Observations from the ready-to-show index (rows.h), for lists that show a
 * page of a long list without reading every record. obs_row_record: the
 * record a row stands for, rebuilt from the index's search text, which
 * holds every field as stored (owned by the caller; to show, not to write
 * back). obs_row_visible: viewer_sees() over the fields the index keeps for
 * privacy (v NULL: all).
 */
struct rows_row;
struct record *obs_row_record(const struct rows_row *row);
int obs_row_visible(struct viewer *v, const struct rows_row *row);
/* 1 when obs_row_visible is 1 for every row for v (most people see the whole group): a list can count its rows
 * from the index's headers without reading them. */
int obs_rows_all_visible(const struct viewer *v);
/* Calls fn(ctx, "section.key", value) for every field of the row's record until fn returns non-zero (returned). */
int obs_row_fields(const struct rows_row *row, int (*fn)(void *ctx, const char *name, const char *value), void *ctx);

/* The group's current term from group.ini into out[12]; the term of today
 * (id_now) when the repository has no group.ini yet. */
int obs_current_term(char out[12], struct store *s, struct jy_err *err);

#endif
