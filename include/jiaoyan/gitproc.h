/* gitproc: git run as a child process on this machine, with a clean environment, talked to over a socket and a pipe. */
#ifndef JIAOYAN_GITPROC_H
#define JIAOYAN_GITPROC_H

#include <stddef.h>

#include "jiaoyan/err.h"
#include "jiaoyan/vec.h"

/*
 * argv for execvpe: "git", then pre (may be NULL), then args, then NULL.
 * envp: the caller's environment without its GIT_* variables (a GIT_DIR,
 * GIT_INDEX_FILE or GIT_OBJECT_DIRECTORY of the user's must not point git
 * elsewhere), then the entries of extra (may be NULL), then NULL. Both
 * vectors are initialised here and own their strings; the caller vec_frees them.
 */
void gitproc_command(struct vec *argv, struct vec *envp, const char *const *pre, const char *const *args,
		     const char *const *extra);

/*
 * A running `git args…` (argv and envp from gitproc_command, no extra
 * variables), in a process group of its own so that gitproc_kill reaches what
 * it starts too (hooks, pack-objects). Its stdin and stdout are one socket of
 * ours (written with MSG_NOSIGNAL: a git that died is an error, not SIGPIPE),
 * its stderr a pipe read alongside. A git that cannot be run writes why on
 * that stderr and exits 127. Owned by the caller: gitproc_free reaps it.
 */
struct gitproc;

/* Text git writes on its stderr, in the chunks it arrives in; called from gitproc_read, _write and _free. */
typedef void (*gitproc_stderr_fn)(void *ctx, const char *text, size_t len);

/* JY_EIO when no socket, pipe or process could be made. on_stderr may be NULL (stderr is then dropped). */
int gitproc_new(struct gitproc **out, const char *const *args, gitproc_stderr_fn on_stderr, void *ctx,
		struct jy_err *err);

/* Up to len bytes of git's stdout; *got = 0 at its end. -1 with errno on failure. EINTR is retried. */
int gitproc_read(struct gitproc *p, void *data, size_t len, size_t *got);

/* All len bytes to git's stdin; -1 with errno (EPIPE when git has gone). */
int gitproc_write(struct gitproc *p, const void *data, size_t len);

/* SIGKILL to git's process group. Safe from another thread while p has not been freed. */
void gitproc_kill(struct gitproc *p);

/*
 * Closes git's stdin, reads its stdout (dropped) and stderr to their end and
 * waits for it to exit, leaving it unreaped so that gitproc_kill stays safe.
 * Returns its exit status, 128 + the signal when it was killed, -1 for NULL;
 * again the same when called again. A git that neither ends nor writes
 * blocks this: callers that must not wait for ever call gitproc_kill from a
 * watchdog.
 */
int gitproc_wait(struct gitproc *p);

/* gitproc_wait, then reaps git (no zombie is left) and frees p. NULL is a no-op. */
void gitproc_free(struct gitproc *p);

/*
 * Forks a process nobody waits for (background packing, an automatic sync):
 * forked twice so that it is nobody's child, in a session of its own, its
 * stdin, stdout and stderr on /dev/null. Returns 0 in that process, which
 * ends with _exit; 1 in the caller once the intermediate child is reaped;
 * -1 when fork failed.
 */
int gitproc_detach(void);

#endif
