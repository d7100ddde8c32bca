/* fixture: the demo repository the unit tests share, in a temporary directory removed afterwards (fixture.c). */
#ifndef JIAOYAN_TEST_FIXTURE_H
#define JIAOYAN_TEST_FIXTURE_H

#include "jiaoyan/store.h"

/* The temporary directory of the current fixture: /tmp/jy-NAME.XXXXXX, the repository is repo.git in it. */
extern char fixture_root[64];

/*
 * Makes the directory, fixes the clock (JIAOYAN_NOW=2026-11-22T09:30:00; set TZ before when it matters) and
 * fills repo.git in it with the demo data (demo_populate). Returns the open store, the fixture's: it is
 * freed by fixture_teardown; a failing step fails the test (cmocka).
 */
struct store *fixture_demo(const char *name);
struct actor;
/* The person id of the fixture's repository acting, with their scope (roster_scope): the caller's (actor_free). */
struct actor *fixture_actor(const char *id);
/* A cmocka group teardown: frees the store and removes the directory. */
int fixture_teardown(void **state);

#endif
