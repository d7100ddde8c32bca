/* dynlib: a shared library opened on first use, for the libraries only some commands need. */
#ifndef JIAOYAN_DYNLIB_H
#define JIAOYAN_DYNLIB_H

#include <string.h> /* memcpy, in the wrappers */

/*
 * Every library linked into the program is mapped and relocated before main,
 * whatever the command: libgit2 brings 17 more (OpenSSL, Kerberos, libssh2,
 * mbed TLS) and libxlsxwriter OpenSSL again, 8 ms of each start on the 2-core
 * machine, more than listing a directory from the rows index takes. These
 * two are therefore not linked: core/gitlib.c and core/xlsxlib.c define the
 * functions of theirs that the program calls, each resolving the real one
 * here on its first call. Commands that need neither never load them.
 *
 * SONAME is the library's file name as the linker would have recorded it
 * (the Makefile reads it from the installed library), so the program opens
 * exactly the ABI its headers describe. Libraries stay open for the life of
 * the process. All functions are thread-safe.
 */

/* NAME's address in SONAME, opening the library if needed; NULL when it cannot be opened or lacks NAME, and
 * dynlib_error() then says why. */
void *dynlib_sym(const char *soname, const char *name);

/* Why the last dynlib_sym() of this thread failed (dlerror's text: the file and the reason); "" if none did. */
const char *dynlib_error(void);

/* For a call that has no way to report a failure: prints that NAME of SONAME cannot be had, and why, and aborts.
 * Reached only when the library was removed or replaced after the program was built. */
_Noreturn void dynlib_missing(const char *soname, const char *name);

/* For the wrappers: the address kept in SLOT, or else NAME's in SONAME, stored there; aborts through
 * dynlib_missing() when it cannot be had, as the wrapper of a function has no way to report that. */
void *dynlib_resolve(_Atomic(void *) *slot, const char *soname, const char *name);

/* A function of SONAME under its own name: RET NAME PARAMS forwards ARGS to the library's NAME. */
#define DYNLIB_FN(soname, ret, name, params, args) \
	ret name params                            \
	{                                          \
		DYNLIB_LOAD(soname, ret, name, params) \
		return fn_ args;                   \
	}
#define DYNLIB_VOID(soname, name, params, args)      \
	void name params                             \
	{                                            \
		DYNLIB_LOAD(soname, void, name, params) \
		fn_ args;                            \
	}
/* In a wrapper's body: fn_, the library's function. */
#define DYNLIB_LOAD(soname, ret, name, params)                      \
	static _Atomic(void *) slot_;                               \
	ret(*fn_) params;                                           \
	void *p_ = dynlib_resolve(&slot_, (soname), #name);         \
	memcpy(&fn_, &p_, sizeof(fn_));

#endif
