/* gitproc: spawning git with a clean environment and talking to it over a socket (stdin/stdout) and a pipe (stderr). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/gitproc.h"

extern char **environ;

struct gitproc {
	pid_t pid;
	int io;  /* our end of the socket that is git's stdin and stdout; -1 once closed */
	int err; /* read end of git's stderr; -1 at its end */
	int waited, status;
	gitproc_stderr_fn on_stderr;
	void *ctx;
};

void gitproc_command(struct vec *argv, struct vec *envp, const char *const *pre, const char *const *args,
		     const char *const *extra)
{
	vec_init(argv, free);
	vec_init(envp, free);
	vec_push_str(argv, "git");
	for (size_t i = 0; pre && pre[i]; i++)
		vec_push_str(argv, pre[i]);
	for (size_t i = 0; args[i]; i++)
		vec_push_str(argv, args[i]);
	vec_push(argv, NULL);
	for (char **e = environ; *e; e++)
		if (strncmp(*e, "GIT_", 4) != 0)
			vec_push_str(envp, *e);
	for (size_t i = 0; extra && extra[i]; i++)
		vec_push_str(envp, extra[i]);
	vec_push(envp, NULL);
}

static void child(int io, int err, char *const *argv, char *const *envp)
{
	setpgid(0, 0);
	if (dup2(io, 0) < 0 || dup2(io, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	signal(SIGPIPE, SIG_DFL);
	execvpe("git", argv, envp);
	/* Only async-signal-safe calls between fork and _exit. */
	const char *why = strerror(errno);
	static const char what[] = "cannot run git: ";
	if (write(2, what, sizeof(what) - 1) >= 0 && write(2, why, strlen(why)) >= 0 && write(2, "\n", 1) >= 0)
		_exit(127);
	_exit(127);
}

int gitproc_new(struct gitproc **out, const char *const *args, gitproc_stderr_fn on_stderr, void *ctx,
		struct jy_err *err)
{
	struct vec argv, envp;
	int sv[2] = { -1, -1 }, ep[2] = { -1, -1 }, rc = 0;
	*out = NULL;
	gitproc_command(&argv, &envp, NULL, args, NULL);
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0 || pipe2(ep, O_CLOEXEC) != 0) {
		rc = err_set(err, JY_EIO, L("无法为 git 建立管道：%s", "cannot make pipes for git: %s"), strerror(errno));
		goto cleanup;
	}
	pid_t pid = fork();
	if (pid < 0) {
		rc = err_set(err, JY_EIO, L("无法启动 git：%s", "cannot start git: %s"), strerror(errno));
		goto cleanup;
	}
	if (pid == 0)
		child(sv[1], ep[1], (char *const *)argv.items, (char *const *)envp.items);
	setpgid(pid, pid); /* also here: a gitproc_kill before the child ran setpgid must reach it */
	struct gitproc *p = xcalloc(1, sizeof(*p));
	p->pid = pid;
	p->io = sv[0];
	p->err = ep[0];
	p->on_stderr = on_stderr;
	p->ctx = ctx;
	sv[0] = ep[0] = -1;
	*out = p;
cleanup:
	for (int i = 0; i < 2; i++) {
		if (sv[i] >= 0)
			close(sv[i]);
		if (ep[i] >= 0)
			close(ep[i]);
	}
	vec_free(&argv);
	vec_free(&envp);
	return rc;
}

/* Hands what is waiting on stderr to the callback; closes it at its end. */
static void drain_stderr(struct gitproc *p)
{
	char chunk[4096];
	ssize_t n = read(p->err, chunk, sizeof(chunk));
	if (n < 0 && errno == EINTR)
		return;
	if (n <= 0) {
		close(p->err);
		p->err = -1;
		return;
	}
	if (p->on_stderr)
		p->on_stderr(p->ctx, chunk, (size_t)n);
}

/* Waits until io is ready for `events`, serving stderr meanwhile (git may fill that pipe while we wait on the socket). */
static int wait_io(struct gitproc *p, short events)
{
	for (;;) {
		struct pollfd f[2] = { { p->io, events, 0 }, { p->err, POLLIN, 0 } };
		int n = poll(f, p->err >= 0 ? 2 : 1, -1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (p->err >= 0 && f[1].revents)
			drain_stderr(p);
		if (f[0].revents)
			return 0;
	}
}

int gitproc_read(struct gitproc *p, void *data, size_t len, size_t *got)
{
	*got = 0;
	for (;;) {
		if (wait_io(p, POLLIN) < 0)
			return -1;
		ssize_t n = read(p->io, data, len);
		if (n >= 0) {
			/* At the end of stdout git is exiting: its last words on stderr are for the caller's error report. */
			while (n == 0 && p->err >= 0)
				drain_stderr(p);
			*got = (size_t)n;
			return 0;
		}
		if (errno != EINTR && errno != EAGAIN)
			return -1;
	}
}

int gitproc_write(struct gitproc *p, const void *data, size_t len)
{
	const char *at = data;
	while (len) {
		if (wait_io(p, POLLOUT) < 0)
			return -1;
		ssize_t n = send(p->io, at, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK))
			continue;
		if (n < 0)
			return -1;
		at += n;
		len -= (size_t)n;
	}
	return 0;
}

void gitproc_kill(struct gitproc *p)
{
	if (p && p->pid > 0)
		kill(-p->pid, SIGKILL);
}

int gitproc_wait(struct gitproc *p)
{
	char chunk[4096];
	siginfo_t si;
	if (!p)
		return -1;
	if (p->waited)
		return p->status;
	if (p->io >= 0) {
		shutdown(p->io, SHUT_WR);
		/* What git still says on stdout is dropped; its stderr still reaches the callback. */
		while (wait_io(p, POLLIN) == 0) {
			ssize_t n = read(p->io, chunk, sizeof(chunk));
			if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN))
				break;
		}
		close(p->io);
		p->io = -1;
	}
	while (p->err >= 0)
		drain_stderr(p);
	/* WNOWAIT: git stays a zombie until gitproc_free, so its pid cannot be reused under a gitproc_kill. */
	memset(&si, 0, sizeof(si));
	while (waitid(P_PID, (id_t)p->pid, &si, WEXITED | WNOWAIT) < 0 && errno == EINTR)
		;
	p->waited = 1;
	p->status = si.si_code == CLD_EXITED ? si.si_status : 128 + si.si_status;
	return p->status;
}

void gitproc_free(struct gitproc *p)
{
	int status;
	if (!p)
		return;
	gitproc_wait(p);
	while (waitpid(p->pid, &status, 0) < 0 && errno == EINTR)
		;
	free(p);
}

int gitproc_detach(void)
{
	pid_t pid = fork();
	if (pid != 0) {
		while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
		return pid > 0 ? 1 : -1;
	}
	if (fork() != 0)
		_exit(0);
	setsid();
	int nul = open("/dev/null", O_RDWR);
	if (nul >= 0) {
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		if (nul > 2)
			close(nul);
	}
	return 0;
}
