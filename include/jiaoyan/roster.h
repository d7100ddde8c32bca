/* roster: who is acting — identity resolution, roles and the git signature of a person. */
#ifndef JIAOYAN_ROSTER_H
#define JIAOYAN_ROSTER_H

#include "jiaoyan/config.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * The acting person. id is NULL when nobody could be resolved: such an actor
 * may read but not write — unless the repository holds no person yet
 * (bootstrap), when anyone may write so that the first admin can be added.
 */
struct actor {
	char *id;       /* person id, or NULL */
	char *name;     /* person's name, or the login when unresolved */
	char *school;   /* school id, or NULL */
	char *email;
	struct vec roles;       /* owned strings: teacher, observer, lead, examiner, admin */
	struct vec specialties; /* owned strings: specialty codes */
	int bootstrap;  /* the repository has no person yet */
	int fixed;      /* identity fixed by `jiaoyan serve PERSON`: nothing may change it */
	int lead_college; /* the person's school is the group's lead college (roster_scope; also before group.ini exists) */
	int left;       /* person.state = left: may read, may not write */
	char *login;    /* Unix login of the real uid */
};

/*
 * Resolves the actor: `explicit_id` (--user, or serve's PERSON) if given —
 * it must name a person (JY_ENOTFOUND otherwise); else [user] id from cfg;
 * else the person whose `logins` holds the login of getuid() (never $USER).
 * Unresolved is not an error: *out gets id NULL (read-only). *out is owned
 * by the caller (actor_free).
 */
int roster_identify(struct actor **out, struct store *s, const char *explicit_id, const struct config *cfg,
		    struct jy_err *err);
/* An actor for a known person record (used by tests and the TUI); roster_scope() completes it. */
struct actor *actor_from_person(const struct record *person);
/* Sets a->lead_college from group.ini [group] lead (1 when there is no group.ini yet: the first
 * admins set the group up). roster_identify() calls it. */
void roster_scope(struct actor *a, struct store *s);
void actor_free(struct actor *a);

int actor_has_role(const struct actor *a, const char *role);
int actor_is_admin(const struct actor *a); /* admin role, or bootstrap */
/* 0 when the actor may write at all; JY_EPERM with a message saying how to
 * become someone (--user, [user] id, logins) otherwise. */
int actor_can_write(const struct actor *a, struct jy_err *err);
/* The git signature of the actor (name, and email or "<id>@jiaoyan"). Borrowed strings in sig, valid while a lives. */
void actor_sig(const struct actor *a, struct store_sig *sig);

/* 1 unless the person has left (person.state = left): people who left keep their records but drop
 * out of pick lists, quotas and coverage. */
int person_active(const struct record *person);

/*
 * Marks a person as having left on `date` (YYYY-MM-DD; NULL = today): one
 * commit setting state = left and left = date through the person rules
 * (admins of their school or of the lead college). JY_EINVAL when already left.
 */
int roster_deactivate(struct store *s, const struct actor *a, const char *id, const char *date, struct jy_err *err);

/* Reads a person record; JY_ENOTFOUND when absent. */
int roster_person(struct record **out, struct store *s, const char *id, struct jy_err *err);
/* Name of a person id for display ("张伟"), or the id itself when unknown. Appends to out. */
void roster_name(struct buf *out, struct store *s, const char *id);

#endif
