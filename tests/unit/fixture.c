/* fixture: the demo repository the unit tests share, made once per test program at a fixed time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>

#include "fixture.h"
#include "jiaoyan/demo.h"
#include "jiaoyan/id.h"
#include "jiaoyan/roster.h"

char fixture_root[64];
static struct store *fixture_store;

struct store *fixture_demo(const char *name)
{
	struct jy_err err = JY_ERR_INIT;
	struct store *s = NULL;
	snprintf(fixture_root, sizeof(fixture_root), "/tmp/jy-%s.XXXXXX", name);
	assert_non_null(mkdtemp(fixture_root));
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	char *path = xasprintf("%s/repo.git", fixture_root);
	assert_int_equal(store_init(&s, path, 0, &err), 0);
	assert_int_equal(demo_populate(s, id_now(), &err), 0);
	free(path);
	fixture_store = s;
	return s;
}

struct actor *fixture_actor(const char *id)
{
	struct record *p = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(roster_person(&p, fixture_store, id, &err), 0);
	struct actor *a = actor_from_person(p);
	roster_scope(a, fixture_store);
	record_free(p);
	return a;
}

int fixture_teardown(void **state)
{
	(void)state;
	store_free(fixture_store);
	fixture_store = NULL;
	char *cmd = xasprintf("rm -rf '%s'", fixture_root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}
