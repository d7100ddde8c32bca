/* dynlib: dlopen on first use, a handle per library kept for the life of the process. */
#include <dlfcn.h>
#include <stdatomic.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/dynlib.h"

_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function addresses fit a void *");

/* Two libraries are loaded this way; a few more slots cost nothing. */
#define SLOTS 4

static struct {
	const char *soname;
	void *handle;
} libs[SLOTS];
static pthread_mutex_t libs_lock = PTHREAD_MUTEX_INITIALIZER;
static _Thread_local char last_error[512];

static void remember_error(const char *what)
{
	snprintf(last_error, sizeof(last_error), "%s", what ? what : "dlopen");
}

static void *handle_of(const char *soname)
{
	void *h = NULL;
	pthread_mutex_lock(&libs_lock);
	for (size_t i = 0; i < SLOTS; i++) {
		if (libs[i].soname && strcmp(libs[i].soname, soname) == 0) {
			h = libs[i].handle;
			break;
		}
		if (!libs[i].soname) {
			/* RTLD_LOCAL: the library's symbols must not bind the program's wrappers of the same names. */
			h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
			if (!h) {
				remember_error(dlerror());
				break;
			}
			libs[i].soname = soname;
			libs[i].handle = h;
			break;
		}
	}
	pthread_mutex_unlock(&libs_lock);
	return h;
}

void *dynlib_sym(const char *soname, const char *name)
{
	void *h = handle_of(soname);
	if (!h)
		return NULL;
	dlerror();
	void *p = dlsym(h, name);
	if (!p)
		remember_error(dlerror());
	return p;
}

void *dynlib_resolve(_Atomic(void *) *slot, const char *soname, const char *name)
{
	void *p = atomic_load_explicit(slot, memory_order_relaxed);
	if (p)
		return p;
	if (!(p = dynlib_sym(soname, name)))
		dynlib_missing(soname, name);
	atomic_store_explicit(slot, p, memory_order_relaxed);
	return p;
}

const char *dynlib_error(void)
{
	return last_error;
}

_Noreturn void dynlib_missing(const char *soname, const char *name)
{
	fprintf(stderr, "jiaoyan: %s: %s (%s)\n", soname, name, *last_error ? last_error : "not found");
	abort();
}
