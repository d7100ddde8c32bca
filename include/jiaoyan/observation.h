/* observation: lesson observations — statistics, coverage, quotas, the observed teacher's replies. */
#ifndef JIAOYAN_OBSERVATION_H
#define JIAOYAN_OBSERVATION_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * One implementation of the numbers shown by `jiaoyan obs stats`,
 * `jiaoyan obs uncovered` and the TUI's 概览 tab. (Being completed with
 * issue 3: the owner of src/domain/observation.c may extend this header.)
 */

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
	long quota;      /* from group.ini [quota] by role/newcomer; 0 = none */
};

struct obs_school_stat {
	char *school;
	char *name;
	size_t count;    /* observations at this school this term */
	size_t covered;  /* distinct teachers observed */
	size_t roster;   /* teachers (role teacher) of the school */
	double mean;
	size_t scored;
	size_t *grades;
};

struct obs_stats {
	char *term;
	struct vec bands;    /* owned char *: grade band names, best first (优 良 中 差) */
	struct vec teachers; /* struct obs_teacher_stat *, by school then name */
	struct vec observers;
	struct vec schools;
};

/* Statistics of a term (NULL = group's current term), optionally one school. */
int obs_stats(struct obs_stats **out, struct store *s, const char *term, const char *school, struct jy_err *err);
void obs_stats_free(struct obs_stats *st);

/* Appends owned person ids of the teachers (role teacher) of the school (NULL
 * = all schools) not observed in the term. */
int obs_uncovered(struct vec *out, struct store *s, const char *term, const char *school, struct jy_err *err);

/* A person's observation quota for a term from group.ini [quota]: the largest
 * value among their roles, and `newcomer` when person.newcomer = yes. */
long obs_quota(struct store *s, const struct record *person);

/* Sets the [response] of an observation of the actor's own lesson (text, at
 * = now) and commits; JY_EPERM when the actor is not its teacher. */
int obs_respond(struct store *s, const struct actor *a, const char *path, const char *text, struct jy_err *err);

/* The group's current term from group.ini into out[12]. */
int obs_current_term(char out[12], struct store *s, struct jy_err *err);

#endif
