/* transport: fetch and push of refs/heads/main over libgit2 anonymous remotes, with our host-key, credential and refusal handling. */
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <pthread.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <git2/sys/transport.h>

#include "jiaoyan/fetchview.h"
#include "jiaoyan/gitproc.h"
#include "jiaoyan/hostkey.h"
#include "jiaoyan/transport.h"
#include "jiaoyan/url.h"

#define MAIN_REF "refs/heads/main"
/* What a hostile or chatty server can make us keep: lines past this go to remote_text only. */
#define SAID_MAX (64u << 10)
#define LINE_MAX_BYTES (16u << 10)
#define DEFAULT_TIMEOUT 120

/*
 * libgit2 1.5.1 has no connect or read timeouts, and libssh2 blocks for ever
 * on a server that accepts the connection and then says nothing. A watchdog
 * thread notes each sign of life (every callback); after `timeout` seconds
 * without one it shuts down the sockets this transfer opened (those that were
 * not open when it began and lead to the remote's port), so the blocked read
 * returns and libgit2 fails. shutdown(), not close(): the descriptor stays
 * libgit2's to close, so no number is reused under it. A local remote is
 * a git process of ours (local_* below): the watchdog kills it and what it
 * started (a hung hook), and the read from its stdout ends.
 */
struct watchdog {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	int running, stop, fired, timeout, port, local;
	struct gitproc *proc; /* local: the git upload-pack or receive-pack running now; under mu */
	struct timespec last;
	int *before; /* descriptors open when the transfer began, sorted */
	size_t nbefore;
};

/*
 * Everything the callbacks learn. libgit2 replaces its own error message when
 * a callback fails ("user canceled hostkey check"), so a callback that refuses
 * keeps its reason in `why` and the caller reports that after the failed call.
 */
struct ctx {
	const struct transport_opts *o;
	const struct url *u;
	char *known_hosts;  /* expanded default, or a copy of o->known_hosts */
	char *login;        /* user when neither the URL nor ssh_user names one */
	struct timespec start;
	int key_tries;      /* key credentials handed to libgit2 on this connection */
	int failed;         /* why holds the reason a callback refused */
	struct jy_err why;
	struct buf line;    /* sideband text since the last line end */
	int cr;             /* line ended by '\r': a "\r\n" or a progress counter redrawing itself */
	struct buf said;    /* every complete sideband line, for the refusal report */
	struct buf refused; /* "ref: status" of each ref the server refused */
	struct buf errline; /* local: git's stderr since its last line end */
	char errend;        /* what ended the line in errline: '\n', '\r', or 0 (cut for length) */
	struct buf errtext; /* local: git's stderr, for a failure's report */
	int git_status;     /* local: exit status of the last git process, -1 before one ended */
	struct watchdog wd;
};

static void alive(struct ctx *c)
{
	if (!c->wd.running)
		return;
	pthread_mutex_lock(&c->wd.mu);
	clock_gettime(CLOCK_MONOTONIC, &c->wd.last);
	pthread_mutex_unlock(&c->wd.mu);
}

/* Calls fn(fd, arg) for each open descriptor of this process. */
static void each_fd(void (*fn)(int fd, void *arg), void *arg)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] >= '0' && e->d_name[0] <= '9' && atoi(e->d_name) != dirfd(d))
			fn(atoi(e->d_name), arg);
	closedir(d);
}

static void note_fd(int fd, void *arg)
{
	struct watchdog *w = arg;
	w->before = xrealloc(w->before, (w->nbefore + 1) * sizeof(int));
	w->before[w->nbefore++] = fd;
}

static int cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

static void shut_if_ours(int fd, void *arg)
{
	struct watchdog *w = arg;
	struct stat st;
	struct sockaddr_storage peer;
	socklen_t len = sizeof(peer);
	int port = -1;
	if (bsearch(&fd, w->before, w->nbefore, sizeof(int), cmp_int) || fstat(fd, &st) != 0 || !S_ISSOCK(st.st_mode) ||
	    getpeername(fd, (struct sockaddr *)&peer, &len) != 0)
		return;
	if (peer.ss_family == AF_INET)
		port = ntohs(((struct sockaddr_in *)&peer)->sin_port);
	else if (peer.ss_family == AF_INET6)
		port = ntohs(((struct sockaddr_in6 *)&peer)->sin6_port);
	if (port == w->port)
		shutdown(fd, SHUT_RDWR);
}

static void *watch(void *arg)
{
	struct watchdog *w = arg;
	pthread_mutex_lock(&w->mu);
	while (!w->stop) {
		struct timespec deadline = w->last, now;
		deadline.tv_sec += w->timeout;
		pthread_cond_timedwait(&w->cv, &w->mu, &deadline);
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (!w->stop && !w->fired &&
		    (now.tv_sec > deadline.tv_sec || (now.tv_sec == deadline.tv_sec && now.tv_nsec >= deadline.tv_nsec))) {
			w->fired = 1;
			if (w->local)
				gitproc_kill(w->proc);
			else
				each_fd(shut_if_ours, w);
		}
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

static int is_local(const struct url *u)
{
	return u->scheme == URL_LOCAL || u->scheme == URL_FILE;
}

static void watchdog_start(struct ctx *c)
{
	struct watchdog *w = &c->wd;
	pthread_condattr_t ca;
	w->timeout = c->o && c->o->timeout > 0 ? c->o->timeout : DEFAULT_TIMEOUT;
	w->port = c->u->port;
	w->local = is_local(c->u);
	if (!w->local)
		each_fd(note_fd, w);
	if (w->nbefore)
		qsort(w->before, w->nbefore, sizeof(int), cmp_int);
	pthread_mutex_init(&w->mu, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->cv, &ca);
	pthread_condattr_destroy(&ca);
	clock_gettime(CLOCK_MONOTONIC, &w->last);
	if (pthread_create(&w->thread, NULL, watch, w) == 0) {
		w->running = 1;
	} else {
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
	}
}

/* The local git process the watchdog kills when the remote falls silent (NULL: none now). */
static void watch_proc(struct ctx *c, struct gitproc *proc)
{
	if (c->wd.running)
		pthread_mutex_lock(&c->wd.mu);
	c->wd.proc = proc;
	if (c->wd.running)
		pthread_mutex_unlock(&c->wd.mu);
}

static void watchdog_stop(struct ctx *c)
{
	struct watchdog *w = &c->wd;
	if (w->running) {
		pthread_mutex_lock(&w->mu);
		w->stop = 1;
		pthread_cond_signal(&w->cv);
		pthread_mutex_unlock(&w->mu);
		pthread_join(w->thread, NULL);
		pthread_cond_destroy(&w->cv);
		pthread_mutex_destroy(&w->mu);
		w->running = 0;
	}
	free(w->before);
	w->before = NULL;
	w->nbefore = 0;
}

static double elapsed(const struct ctx *c)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - c->start.tv_sec) + (double)(now.tv_nsec - c->start.tv_nsec) / 1e9;
}

static void report(struct ctx *c, size_t objects, size_t total, size_t bytes)
{
	alive(c);
	if (!c->o || !c->o->progress)
		return;
	struct transport_progress p = { objects, total, bytes, elapsed(c) };
	c->o->progress(c->o->ctx, &p);
}

static int cb_fetch_progress(const git_indexer_progress *s, void *payload)
{
	report(payload, s->received_objects, s->total_objects, s->received_bytes);
	return 0;
}

static int cb_push_progress(unsigned int current, unsigned int total, size_t bytes, void *payload)
{
	report(payload, current, total, bytes);
	return 0;
}

/* A line ends at '\n' or "\r\n" (passed on, kept for the report) or a lone '\r' (a progress counter
 * redrawing itself, "Resolving deltas:  42%": dropped — a hundred of them are no message, and the caller
 * shows a transfer's progress from the progress callback). */
static void line_end(struct ctx *c, int keep)
{
	c->cr = 0;
	if (keep && c->o && c->o->remote_text)
		c->o->remote_text(c->o->ctx, c->line.ptr, c->line.len);
	if (keep && c->said.len + c->line.len + 1 <= SAID_MAX) {
		buf_add(&c->said, c->line.ptr, c->line.len);
		buf_putc(&c->said, '\n');
	}
	buf_reset(&c->line);
}

static int cb_sideband(const char *str, int len, void *payload)
{
	struct ctx *c = payload;
	alive(c);
	for (int i = 0; i < len; i++) {
		if (str[i] == '\n') {
			line_end(c, 1);
		} else if (str[i] == '\r') {
			c->cr = 1;
		} else {
			if (c->cr && c->line.len)
				line_end(c, 0);
			c->cr = 0;
			buf_putc(&c->line, str[i]);
			if (c->line.len >= LINE_MAX_BYTES)
				line_end(c, 1);
		}
	}
	return 0;
}

/* What is left when the transfer ends. */
static void lines_flush(struct ctx *c)
{
	if (c->line.len)
		line_end(c, !c->cr);
	if (c->said.len && c->said.ptr[c->said.len - 1] == '\n')
		buf_truncate(&c->said, c->said.len - 1);
}

static int cb_push_ref(const char *refname, const char *status, void *payload)
{
	struct ctx *c = payload;
	alive(c);
	if (status) {
		if (c->refused.len)
			buf_puts(&c->refused, "; ");
		buf_printf(&c->refused, "%s: %s", refname, status);
	}
	return 0;
}

static int refuse(struct ctx *c)
{
	c->failed = 1;
	return GIT_EUSER;
}

static int cb_certificate(git_cert *cert, int valid, const char *host, void *payload)
{
	struct ctx *c = payload;
	alive(c);
	(void)valid;
	(void)host; /* the URL's host goes with the URL's port; libgit2 gives the host alone */
	/* https: the TLS library's verdict on the certificate chain stands. */
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;
	int rc = hostkey_check_cert(cert, c->known_hosts, c->o ? c->o->pins : NULL, c->u->host, c->u->port, &c->why);
	if (rc == 0)
		return 0;
	if (rc == JY_ENOTFOUND)
		c->why.code = JY_EPERM; /* an unknown key is refused like a changed one */
	return refuse(c);
}

static const char *ssh_user(const struct ctx *c, const char *from_url)
{
	if (from_url && *from_url)
		return from_url;
	if (c->o && c->o->ssh_user && *c->o->ssh_user)
		return c->o->ssh_user;
	return c->login;
}

/*
 * libgit2 calls this again, with no word of why, each time the server refuses
 * what we gave: one key file is offered once, ssh-agent once (libgit2 tries
 * every identity of the agent within that one attempt); the next call means
 * the server said no to all of them.
 */
static int cb_credentials(git_credential **out, const char *url, const char *from_url, unsigned int allowed,
			  void *payload)
{
	struct ctx *c = payload;
	const char *user = ssh_user(c, from_url), *key = c->o ? c->o->ssh_key : NULL;
	(void)url;
	alive(c);
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user);
	if (!(allowed & GIT_CREDENTIAL_SSH_KEY)) {
		if (c->u->scheme == URL_HTTPS)
			err_set(&c->why, JY_ENET,
				L("https 服务器 %s 要求用户名和密码：同步不支持 https 登录，请改用 ssh:// 远程地址和密钥",
				  "the https server %s asks for a user name and password: sync does not sign in over https; use an ssh:// remote and a key"),
				c->u->host);
		else
			err_set(&c->why, JY_ENET,
				L("SSH 服务器 %s 不接受密钥登录（用户 %s），同步只能用密钥登录：请服务器管理员开启 PubkeyAuthentication",
				  "the SSH server %s does not accept key sign-in (user %s), and sync signs in only with keys: ask the server's administrator to enable PubkeyAuthentication"),
				c->u->host, user);
		return refuse(c);
	}
	if (c->key_tries > 0) {
		if (key)
			err_set(&c->why, JY_ENET,
				L("服务器拒绝了密钥 %s（服务器 %s，用户 %s）：请把公钥 %s.pub 交给服务器管理员登记，或检查配置 [sync] ssh_key 和远程地址中的用户名",
				  "the server refused the key %s (server %s, user %s): give the public key %s.pub to the server's administrator, or check [sync] ssh_key and the user in the remote URL"),
				key, c->u->host, user, key);
		else
			err_set(&c->why, JY_ENET,
				L("服务器拒绝了 ssh-agent 中的每一把密钥（服务器 %s，用户 %s）：ssh-add -l 列出这些密钥（为空时先 ssh-add），把其中一把的公钥交给服务器管理员登记；RSA 密钥不能用（libssh2 1.10），或在配置 [sync] ssh_key 中指定密钥文件",
				  "the server refused every key of ssh-agent (server %s, user %s): ssh-add -l lists them (ssh-add one if it is empty) — give one public key to the server's administrator; RSA keys cannot be used (libssh2 1.10); or set a key file in [sync] ssh_key"),
				c->u->host, user);
		return refuse(c);
	}
	c->key_tries++;
	if (!key)
		return git_credential_ssh_key_from_agent(out, user);
	char *pub = xasprintf("%s.pub", key);
	int rc = git_credential_ssh_key_new(out, user, access(pub, R_OK) == 0 ? pub : NULL, key, NULL);
	free(pub);
	return rc;
}

/* Building the pack to push can take a while before anything is sent. */
static int cb_pack_progress(int stage, uint32_t current, uint32_t total, void *payload)
{
	(void)stage;
	(void)current;
	(void)total;
	alive(payload);
	return 0;
}

static void ctx_free(struct ctx *c)
{
	watchdog_stop(c);
	free(c->known_hosts);
	free(c->login);
	buf_release(&c->line);
	buf_release(&c->said);
	buf_release(&c->refused);
	buf_release(&c->errline);
	buf_release(&c->errtext);
}

/* Checks done before any I/O: the URL, and for ssh the key (file or agent) and who we are. */
static int ctx_init(struct ctx *c, struct url **u, struct buf *canon, const char *url, const struct transport_opts *o,
		    struct jy_err *err)
{
	struct buf type = BUF_INIT;
	int rc;
	memset(c, 0, sizeof(*c));
	buf_init(&c->line);
	buf_init(&c->said);
	buf_init(&c->refused);
	buf_init(&c->errline);
	buf_init(&c->errtext);
	c->git_status = -1;
	c->o = o;
	clock_gettime(CLOCK_MONOTONIC, &c->start);
	if (!url || !*url) {
		rc = err_set(err, JY_EINVAL, L("没有配置远程仓库地址", "no remote URL is configured"));
		goto cleanup;
	}
	if ((rc = url_parse(u, url, err)) < 0)
		goto cleanup;
	c->u = *u;
	url_format(canon, *u);
	if ((*u)->scheme == URL_LOCAL || (*u)->scheme == URL_FILE) {
		/* libgit2 1.5.1 takes a path that does not exist for a URL: "unsupported URL protocol". */
		struct stat st;
		if (stat((*u)->path, &st) != 0 || !S_ISDIR(st.st_mode))
			rc = err_set(err, JY_ENET, L("远程仓库 %s 不存在（没有这个目录）", "the remote repository %s does not exist (no such directory)"),
				     canon->ptr);
		goto cleanup;
	}
	if ((*u)->scheme != URL_SSH)
		goto cleanup;

	const struct passwd *pw = getpwuid(geteuid());
	if (pw && pw->pw_name && *pw->pw_name)
		c->login = xstrdup(pw->pw_name);
	else if (getenv("USER") && *getenv("USER"))
		c->login = xstrdup(getenv("USER"));
	if (!c->login && !(*u)->user && !(o && o->ssh_user && *o->ssh_user)) {
		rc = err_set(err, JY_EINVAL,
			     L("不知道用哪个用户名登录 %s：请在远程地址中写明（user@host）", "no user name to sign in to %s with: name one in the remote URL (user@host)"),
			     (*u)->host);
		goto cleanup;
	}
	if (o && o->known_hosts && *o->known_hosts) {
		c->known_hosts = xstrdup(o->known_hosts);
	} else {
		const char *home = getenv("HOME");
		if ((!home || !*home) && pw)
			home = pw->pw_dir;
		if (home && *home)
			c->known_hosts = xasprintf("%s/.ssh/known_hosts", home);
	}

	if (o && o->ssh_key && *o->ssh_key) {
		/* A configured key that is missing, or RSA, is a setting to fix: JY_EINVAL. */
		if (hostkey_client_key_type(&type, o->ssh_key, err) < 0 ||
		    (hostkey_type_is_rsa(type.ptr) && hostkey_rsa_refused(err, o->ssh_key) < 0)) {
			if (err)
				err->code = JY_EINVAL;
			rc = JY_EINVAL;
			goto cleanup;
		}
	} else if (!getenv("SSH_AUTH_SOCK") || !*getenv("SSH_AUTH_SOCK")) {
		rc = err_set(err, JY_ENET,
			     L("没有可用的 SSH 密钥：配置 [sync] ssh_key 未设置，也没有运行 ssh-agent（SSH_AUTH_SOCK 为空）",
			       "no SSH key to sign in with: [sync] ssh_key is not set and no ssh-agent is running (SSH_AUTH_SOCK is empty)"));
		goto cleanup;
	}
	rc = 0;
cleanup:
	buf_release(&type);
	return rc;
}

/*
 * Local remotes (a path or file://) through real git on this machine: the
 * smart protocol over the pipes of `git upload-pack PATH` and `git
 * receive-pack PATH`, as ssh runs them on a server. libgit2 1.5.1's own local
 * transport is not used: it feeds its indexer object by object, re-mapping
 * the growing pack each time (libgit2 #6038: minutes for a large fetch), and
 * it never runs the remote's hooks, so a central's pre-receive hook would not
 * judge what a campus pushes to it by path. Stateful like ssh: the *_LS
 * action starts git, the next action talks on to the same process.
 */
struct local_stream;

struct local_sub {
	git_smart_subtransport parent;
	struct ctx *c;
	struct local_stream *current;
};

struct local_stream {
	git_smart_subtransport_stream parent;
	struct local_sub *sub;
	struct gitproc *proc;
	const char *service; /* "upload-pack" or "receive-pack" */
};

/* git's stderr: kept whole for a failure's report, and cut into lines (at '\n', and at '\r' when cr) for
 * each_line, which finds the line in c->errline. */
static void stderr_lines(struct ctx *c, const char *text, size_t len, int cr, void (*each_line)(struct ctx *c))
{
	alive(c);
	if (c->errtext.len + len <= SAID_MAX)
		buf_add(&c->errtext, text, len);
	for (size_t i = 0; i < len; i++) {
		int end = text[i] == '\n' || (cr && text[i] == '\r');
		if (!end && c->errline.len < LINE_MAX_BYTES) {
			buf_putc(&c->errline, text[i]);
			continue;
		}
		if (!end)
			buf_putc(&c->errline, text[i]);
		c->errend = end ? text[i] : 0;
		if (c->errline.len)
			each_line(c);
		buf_reset(&c->errline);
	}
}

/* A line of upload-pack's or receive-pack's: to remote_text, and kept with the remote's other words. */
static void local_line(struct ctx *c)
{
	if (c->o && c->o->remote_text)
		c->o->remote_text(c->o->ctx, c->errline.ptr, c->errline.len);
	if (c->said.len + c->errline.len + 1 <= SAID_MAX) {
		buf_add(&c->said, c->errline.ptr, c->errline.len);
		buf_putc(&c->said, '\n');
	}
}

static void local_stderr(void *payload, const char *text, size_t len)
{
	stderr_lines(payload, text, len, 1, local_line);
}

static int local_read(git_smart_subtransport_stream *stream, char *buffer, size_t size, size_t *got)
{
	struct local_stream *s = (struct local_stream *)stream;
	if (gitproc_read(s->proc, buffer, size, got) < 0) {
		char *msg = xasprintf("git %s: %s", s->service, strerror(errno));
		git_error_set_str(GIT_ERROR_NET, msg);
		free(msg);
		return -1;
	}
	if (*got)
		alive(s->sub->c);
	return 0; /* 0 bytes at git's end: libgit2 reports the early end */
}

static int local_write(git_smart_subtransport_stream *stream, const char *buffer, size_t len)
{
	struct local_stream *s = (struct local_stream *)stream;
	if (gitproc_write(s->proc, buffer, len) < 0) {
		char *msg = errno == EPIPE ? xasprintf("git %s ended early", s->service)
					   : xasprintf("git %s: %s", s->service, strerror(errno));
		git_error_set_str(GIT_ERROR_NET, msg);
		free(msg);
		return -1;
	}
	alive(s->sub->c);
	return 0;
}

static void local_stream_free(git_smart_subtransport_stream *stream)
{
	struct local_stream *s = (struct local_stream *)stream;
	struct ctx *c = s->sub->c;
	if (s->sub->current == s)
		s->sub->current = NULL;
	/* Waited for unreaped while the watchdog may still kill it; reaped once the watchdog cannot see it. */
	c->git_status = gitproc_wait(s->proc);
	watch_proc(c, NULL);
	gitproc_free(s->proc);
	free(s);
}

static int local_action(git_smart_subtransport_stream **out, git_smart_subtransport *subtransport, const char *url,
			git_smart_service_t action)
{
	struct local_sub *t = (struct local_sub *)subtransport;
	struct ctx *c = t->c;
	struct jy_err why;
	(void)url; /* the path is the one url_parse checked */
	*out = NULL;
	if (action == GIT_SERVICE_UPLOADPACK || action == GIT_SERVICE_RECEIVEPACK) {
		if (!t->current) {
			git_error_set_str(GIT_ERROR_NET, "no git process to talk to");
			return -1;
		}
		*out = &t->current->parent;
		return 0;
	}
	if (t->current) {
		git_error_set_str(GIT_ERROR_NET, "a git process is already running");
		return -1;
	}
	struct local_stream *s = xcalloc(1, sizeof(*s));
	s->service = action == GIT_SERVICE_RECEIVEPACK_LS ? "receive-pack" : "upload-pack";
	const char *args[] = { s->service, c->u->path, NULL };
	if (gitproc_new(&s->proc, args, local_stderr, c, &why) < 0) {
		git_error_set_str(GIT_ERROR_OS, why.msg);
		free(s);
		return -1;
	}
	watch_proc(c, s->proc);
	c->git_status = -1;
	s->sub = t;
	s->parent.subtransport = subtransport;
	s->parent.read = local_read;
	s->parent.write = local_write;
	s->parent.free = local_stream_free;
	t->current = s;
	*out = &s->parent;
	return 0;
}

static int local_close(git_smart_subtransport *subtransport)
{
	(void)subtransport;
	return 0;
}

static void local_free(git_smart_subtransport *subtransport)
{
	free(subtransport);
}

static int local_sub_new(git_smart_subtransport **out, git_transport *owner, void *param)
{
	struct local_sub *t = xcalloc(1, sizeof(*t));
	(void)owner;
	t->c = param;
	t->parent.action = local_action;
	t->parent.close = local_close;
	t->parent.free = local_free;
	*out = &t->parent;
	return 0;
}

/* git_remote_callbacks.transport for local remotes; payload is the ctx. */
static int local_transport(git_transport **out, git_remote *owner, void *payload)
{
	git_smart_subtransport_definition def = { local_sub_new, 0, payload };
	return git_transport_smart(out, owner, &def);
}

static void set_callbacks(git_remote_callbacks *cbs, struct ctx *c)
{
	cbs->sideband_progress = cb_sideband;
	cbs->credentials = cb_credentials;
	cbs->certificate_check = cb_certificate;
	cbs->transfer_progress = cb_fetch_progress;
	cbs->push_transfer_progress = cb_push_progress;
	cbs->push_update_reference = cb_push_ref;
	cbs->pack_progress = cb_pack_progress;
	cbs->payload = c;
	if (is_local(c->u))
		cbs->transport = local_transport;
}

static const char *git_msg(void)
{
	const git_error *e = git_error_last();
	return e && e->message ? e->message : "libgit2";
}

/* A failure talking to the remote: the reason a callback kept, or libgit2's, with what it means. */
static int net_fail(struct ctx *c, const char *url, int grc, struct jy_err *err)
{
	if (c->failed) {
		if (err)
			*err = c->why;
		return c->why.code;
	}
	const char *msg = git_msg();
	const char *extra = "";
	if (c->wd.fired)
		return err_set(err, JY_ENET, L("远程仓库 %s 超过 %d 秒没有响应，已放弃（%s）", "the remote %s did not respond for %d seconds: gave up (%s)"),
			       url, c->wd.timeout, msg);
	if (grc == GIT_EAUTH)
		extra = L("（认证失败）", " (authentication failed)");
	else if (strstr(msg, "known_hosts"))
		/* libgit2 1.5.1 reads ~/.ssh/known_hosts itself before asking us, and gives up on a
		 * line libssh2 1.10 cannot parse. */
		extra = L("（libgit2 在核对主机密钥前会先读 ~/.ssh/known_hosts，该文件中有 libssh2 1.10 读不懂的行（例如不完整的行、SSH-1 的旧条目）：删去或移走这些行；jiaoyan 用配置 [sync] known_hosts 自行核对主机密钥）",
			  " (libgit2 reads ~/.ssh/known_hosts before asking jiaoyan, and the file has a line libssh2 1.10 cannot parse (such as a truncated line or an old SSH-1 entry): remove or move those lines; jiaoyan checks host keys itself against [sync] known_hosts)");
	else if (c->o && c->o->ssh_key && strstr(msg, "private key"))
		extra = L("（加了口令的密钥请先用 ssh-add 交给 ssh-agent，并去掉 [sync] ssh_key）",
			  " (a key with a passphrase must be given to ssh-agent with ssh-add, and [sync] ssh_key unset)");
	if (is_local(c->u)) {
		/* What git said on its stderr ("fatal: … does not appear to be a git repository") says more than libgit2's "early EOF". */
		if (c->git_status == 127)
			extra = L("（本机路径的远程仓库由 git upload-pack / receive-pack 访问，需要安装 git）",
				  " (a remote on this machine is reached through git upload-pack / receive-pack: git must be installed)");
		while (c->errtext.len && (c->errtext.ptr[c->errtext.len - 1] == '\n' || c->errtext.ptr[c->errtext.len - 1] == '\r'))
			buf_truncate(&c->errtext, c->errtext.len - 1);
		if (c->errtext.len)
			return err_set(err, JY_ENET, L("与远程仓库 %s 通信失败：%s%s\n%s", "talking to the remote %s failed: %s%s\n%s"), url,
				       msg, extra, c->errtext.ptr);
	}
	return err_set(err, JY_ENET, L("与远程仓库 %s 通信失败：%s%s", "talking to the remote %s failed: %s%s"), url, msg, extra);
}

static int local_fail(struct jy_err *err, const char *what)
{
	return err_set(err, JY_EIO, "%s%s%s", what, L("：", ": "), git_msg());
}

/* Errors of the transfer phase that come from our repository rather than the wire. */
static int is_local_error(void)
{
	const git_error *e = git_error_last();
	if (!e)
		return 0;
	switch (e->klass) {
	case GIT_ERROR_NET:
	case GIT_ERROR_SSH:
	case GIT_ERROR_HTTP:
	case GIT_ERROR_SSL:
	case GIT_ERROR_CALLBACK:
		return 0;
	case GIT_ERROR_ODB:
	case GIT_ERROR_REFERENCE:
	case GIT_ERROR_INDEXER:
	case GIT_ERROR_FILESYSTEM:
		return 1;
	default:
		return 0;
	}
}

/*
 * An unnamed remote for this URL exactly as checked: no url.*.insteadOf
 * rewriting (the URL validated is the one we connect to), which also keeps
 * libgit2 1.5.1 from matching every config name with a pcre2 regex that
 * leaks its match data (libgit2 #6382).
 */
static int anonymous_remote(git_remote **out, git_repository *repo, const char *url)
{
	git_remote_create_options o;
	git_remote_create_options_init(&o, GIT_REMOTE_CREATE_OPTIONS_VERSION);
	o.repository = repo;
	o.flags = GIT_REMOTE_CREATE_SKIP_INSTEADOF;
	return git_remote_create_with_opts(out, url, &o);
}

int transport_fetch(git_oid *tip, int *empty, git_repository *repo, const char *url, const char *local_ref,
		    const struct transport_opts *o, struct jy_err *err)
{
	struct ctx c;
	struct url *u = NULL;
	struct buf canon = BUF_INIT, spec = BUF_INIT, viewdir = BUF_INIT;
	git_repository *view = NULL;
	git_remote *remote = NULL;
	git_reference *ref = NULL;
	git_odb *odb = NULL;
	git_remote_callbacks cbs;
	git_fetch_options fo;
	const git_remote_head **heads;
	size_t nheads;
	git_oid want, got;
	int rc, grc, found = 0, valid = 0;

	if ((rc = ctx_init(&c, &u, &canon, url, o, err)) < 0)
		goto cleanup;
	if (!local_ref || strncmp(local_ref, "refs/", 5) != 0 || strcmp(local_ref, MAIN_REF) == 0 ||
	    git_reference_name_is_valid(&valid, local_ref) < 0 || !valid) {
		/* refs/heads/main moves only through the store's compare-and-swap, never by a fetch. */
		rc = err_set(err, JY_EINVAL,
			     L("获取的目标引用「%s」无效：应是 refs/ 下的合法引用名，且不能是 refs/heads/main",
			       "the ref to fetch into, \"%s\", is not valid: it must be a ref name under refs/, and not refs/heads/main"),
			     local_ref ? local_ref : "");
		goto cleanup;
	}
	/* The remote is the view's: it negotiates with the last remote tips (fetchview.h). */
	if ((rc = fetchview_open(&view, &viewdir, repo, err)) < 0)
		goto cleanup;
	if (anonymous_remote(&remote, view, canon.ptr) < 0) {
		rc = net_fail(&c, canon.ptr, -1, err);
		goto cleanup;
	}
	git_remote_init_callbacks(&cbs, GIT_REMOTE_CALLBACKS_VERSION);
	set_callbacks(&cbs, &c);
	watchdog_start(&c);
	if ((grc = git_remote_connect(remote, GIT_DIRECTION_FETCH, &cbs, NULL, NULL)) < 0) {
		rc = net_fail(&c, canon.ptr, grc, err);
		goto cleanup;
	}
	if ((grc = git_remote_ls(&heads, &nheads, remote)) < 0) {
		rc = net_fail(&c, canon.ptr, grc, err);
		goto cleanup;
	}
	for (size_t i = 0; i < nheads; i++)
		if (strcmp(heads[i]->name, MAIN_REF) == 0) {
			git_oid_cpy(&want, &heads[i]->oid);
			found = 1;
		}
	if (!found) {
		git_remote_disconnect(remote);
		memset(tip, 0, sizeof(*tip));
		*empty = 1;
		rc = 0;
		goto cleanup;
	}

	/* Nothing to receive when the remote's main is here already (nothing new there since our last sync). */
	if (git_repository_odb(&odb, repo) == 0 && git_odb_exists(odb, &want)) {
		git_remote_disconnect(remote);
		goto have;
	}
	buf_printf(&spec, "+" MAIN_REF ":%s", local_ref);
	char *specs[] = { spec.ptr };
	git_strarray refspecs = { specs, 1 };
	git_fetch_options_init(&fo, GIT_FETCH_OPTIONS_VERSION);
	fo.callbacks = cbs;
	fo.prune = GIT_FETCH_NO_PRUNE;
	fo.update_fetchhead = 0;
	fo.download_tags = GIT_REMOTE_DOWNLOAD_TAGS_NONE;
	grc = git_remote_fetch(remote, &refspecs, &fo, "jiaoyan: fetch");
	lines_flush(&c);
	if (grc < 0) {
		rc = !c.failed && is_local_error() ? local_fail(err, L("保存获取的数据失败", "storing the fetched data failed"))
						   : net_fail(&c, canon.ptr, grc, err);
		goto cleanup;
	}
	if (git_reference_name_to_id(&got, view, local_ref) < 0) {
		rc = local_fail(err, L("读取刚获取的引用失败", "reading the fetched ref failed"));
		goto cleanup;
	}
	if (!git_oid_equal(&got, &want)) {
		char a[GIT_OID_HEXSZ + 1], b[GIT_OID_HEXSZ + 1];
		git_oid_tostr(a, sizeof(a), &want);
		git_oid_tostr(b, sizeof(b), &got);
		rc = err_set(err, JY_EIO, L("获取后 %s 指向 %s，而远程的 main 是 %s", "after the fetch %s is %s, but the remote's main is %s"),
			     local_ref, b, a);
		goto cleanup;
	}
have:
	if (git_reference_create(&ref, repo, local_ref, &want, 1, "jiaoyan: fetch") < 0) {
		rc = local_fail(err, L("更新获取的引用失败", "updating the fetched ref failed"));
		goto cleanup;
	}
	git_oid_cpy(tip, &want);
	*empty = 0;
	rc = 0;
cleanup:
	git_reference_free(ref);
	git_odb_free(odb);
	git_remote_free(remote);
	fetchview_close(view, &viewdir);
	buf_release(&viewdir);
	url_free(u);
	buf_release(&canon);
	buf_release(&spec);
	ctx_free(&c);
	return rc;
}

/* Whether a refused push is "someone else pushed first": git's own words for a moved ref. */
static int moved_under_us(const struct ctx *c)
{
	return strstr(c->refused.ptr, "non-fast-forward") || strstr(c->refused.ptr, "fetch first") ||
	       (strstr(c->refused.ptr, "failed to update ref") && strstr(c->said.ptr, "but expected"));
}

/* "Writing objects:  50% (3/6), 1.20 MiB | …": git's count of the objects sent, and the bytes, for progress. */
static void push_progress(struct ctx *c, const char *line)
{
	static const char writing[] = "Writing objects:";
	unsigned long n, total;
	double amount = 0;
	char unit[8] = "";
	const char *paren = strchr(line, '(');
	if (strncmp(line, writing, sizeof(writing) - 1) != 0 || !paren || sscanf(paren, "(%lu/%lu)", &n, &total) != 2)
		return;
	const char *comma = strchr(paren, ',');
	if (comma && sscanf(comma + 1, "%lf %7s", &amount, unit) == 2)
		amount *= strcmp(unit, "KiB") == 0 ? 1024.0 : strcmp(unit, "MiB") == 0 ? 1048576.0 : strcmp(unit, "GiB") == 0 ? 1073741824.0 : 1.0;
	report(c, n, total, (size_t)amount);
}

/* A line of git push's: the remote's ("remote: ", its hook's words and its progress) as the sideband's, git's
 * own progress as ours; the rest only in the report of a failure (stderr_lines keeps all). */
static void push_line(struct ctx *c)
{
	static const char remote[] = "remote: ";
	size_t n = c->errline.len, skip = sizeof(remote) - 1;
	if (n < skip || memcmp(c->errline.ptr, remote, skip) != 0) {
		buf_putc(&c->errline, '\0');
		push_progress(c, c->errline.ptr);
		return;
	}
	/* git pads what the remote said to clear a progress line: the words, not the blanks */
	while (n > skip && c->errline.ptr[n - 1] == ' ')
		n--;
	cb_sideband(c->errline.ptr + skip, (int)(n - skip), c);
	cb_sideband(c->errend == '\r' ? "\r" : "\n", 1, c);
}

static void push_stderr(void *payload, const char *text, size_t len)
{
	stderr_lines(payload, text, len, 1, push_line);
}

/*
 * A push to a remote on this machine by git itself (`git push --porcelain`),
 * which runs the remote's receive-pack and hooks as the local transport
 * does. libgit2 1.5.1 rebuilds every delta of what it sends (the versions of
 * a 600-entry directory tree against each other): 1,000 new records took it
 * 6 s at 100,000 records, where git reuses the deltas its packs hold. The
 * outcome goes where libgit2's callbacks put it: refused refs in c->refused,
 * the remote's lines in c->said. 0, or -1 with c->git_status set.
 */
static int push_with_git(struct ctx *c, git_repository *repo, const git_oid *tip)
{
	char hex[GIT_OID_HEXSZ + 1], chunk[4096];
	struct buf gitdir = BUF_INIT, spec = BUF_INIT, out = BUF_INIT;
	struct gitproc *proc = NULL;
	struct jy_err why;
	size_t got;
	int rc = -1;

	git_oid_tostr(hex, sizeof(hex), tip);
	buf_printf(&gitdir, "--git-dir=%s", git_repository_path(repo));
	buf_printf(&spec, "%s:" MAIN_REF, hex); /* no '+': never forced */
	const char *args[] = { gitdir.ptr, "-c", "safe.directory=*", "push", "--porcelain", "--progress", "--no-verify",
			       "--no-signed", "--", c->u->path, spec.ptr, NULL };
	if (gitproc_new(&proc, args, push_stderr, c, &why) < 0) {
		git_error_set_str(GIT_ERROR_OS, why.msg);
		goto cleanup;
	}
	watch_proc(c, proc);
	while (gitproc_read(proc, chunk, sizeof(chunk), &got) == 0 && got) {
		alive(c);
		if (out.len < SAID_MAX)
			buf_add(&out, chunk, got);
	}
	c->git_status = gitproc_wait(proc);
	watch_proc(c, NULL);
	/* "!\t<src>:<dst>\t[rejected] (non-fast-forward)" or "[remote rejected] (pre-receive hook declined)" */
	int status_line = 0;
	for (char *line = out.ptr, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		if (nl)
			*nl = '\0';
		char *tab = strchr(line, '\t'), *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
		if (!tab2 || tab != line + 1)
			continue;
		status_line = 1;
		if (line[0] == '!') {
			const char *why_text = strchr(tab2, '(');
			size_t n = why_text ? strcspn(why_text + 1, ")") : 0;
			if (c->refused.len)
				buf_puts(&c->refused, "; ");
			buf_printf(&c->refused, MAIN_REF ": %.*s", (int)n, why_text ? why_text + 1 : tab2 + 1);
		}
	}
	if (status_line && (c->git_status == 0 || c->refused.len))
		rc = 0;
	else if (!c->wd.fired)
		git_error_set_str(GIT_ERROR_NET, c->git_status == 127 ? "git push could not be run" : "git push failed");
cleanup:
	gitproc_free(proc);
	buf_release(&gitdir);
	buf_release(&spec);
	buf_release(&out);
	return rc;
}

/* A push refused before it changed anything because the remote's main has moved on. */
static int pushed_first(struct jy_err *err, const char *why)
{
	return err_set(err, JY_EPERM,
		       L("远程仓库的 main 已有本地没有的提交（其他校区先推送了）：请先获取并合并，再推送（%s）",
			 "the remote's main has commits this repository lacks (another campus pushed first): fetch and merge, then push again (%s)"),
		       why);
}

int transport_push(int *rejected, git_repository *repo, const char *url, const git_oid *tip,
		   const struct transport_opts *o, struct jy_err *err)
{
	struct ctx c;
	struct url *u = NULL;
	struct buf canon = BUF_INIT, src = BUF_INIT, spec = BUF_INIT;
	git_remote *remote = NULL;
	git_reference *tmp = NULL;
	git_commit *commit = NULL;
	git_push_options po;
	char hex[GIT_OID_HEXSZ + 1];
	int rc, grc;

	*rejected = 0;
	if ((rc = ctx_init(&c, &u, &canon, url, o, err)) < 0)
		goto cleanup;
	git_oid_tostr(hex, sizeof(hex), tip);
	if (git_commit_lookup(&commit, repo, tip) < 0) {
		rc = err_set(err, JY_EINVAL, L("要推送的提交 %s 不在本地仓库中", "the commit to push, %s, is not in the local repository"),
			     hex);
		goto cleanup;
	}
	if (is_local(c.u)) {
		watchdog_start(&c);
		grc = push_with_git(&c, repo, tip);
		lines_flush(&c);
		if (grc < 0) {
			rc = net_fail(&c, canon.ptr, grc, err);
			goto cleanup;
		}
		/* git's "[rejected] (non-fast-forward)" / "(fetch first)" is libgit2's check before sending */
		if (strstr(c.refused.ptr, "non-fast-forward") || strstr(c.refused.ptr, "fetch first")) {
			*rejected = 2;
			rc = pushed_first(err, c.refused.ptr);
			goto cleanup;
		}
		goto pushed;
	}
	/* libgit2 1.5.1 pushes from a ref name only; a private ref of this process names the
	 * commit for the push and is removed after it. */
	buf_printf(&src, "refs/jiaoyan/push-%ld", (long)getpid());
	if (git_reference_create(&tmp, repo, src.ptr, tip, 1, "jiaoyan: push") < 0) {
		rc = local_fail(err, L("无法创建推送用的临时引用", "cannot create the temporary ref for the push"));
		goto cleanup;
	}
	if (anonymous_remote(&remote, repo, canon.ptr) < 0) {
		rc = net_fail(&c, canon.ptr, -1, err);
		goto cleanup;
	}
	buf_printf(&spec, "%s:" MAIN_REF, src.ptr); /* no '+': never forced */
	char *specs[] = { spec.ptr };
	git_strarray refspecs = { specs, 1 };
	git_push_options_init(&po, GIT_PUSH_OPTIONS_VERSION);
	po.pb_parallelism = 0; /* one delta-search thread per core: libgit2's default is one */
	set_callbacks(&po.callbacks, &c);
	watchdog_start(&c);
	grc = git_remote_push(remote, &refspecs, &po);
	lines_flush(&c);
	if (grc == GIT_ENONFASTFORWARD) {
		*rejected = 2;
		rc = pushed_first(err, git_msg());
		goto cleanup;
	}
	if (grc < 0) {
		rc = !c.failed && is_local_error() ? local_fail(err, L("准备推送的数据失败", "preparing the data to push failed"))
						   : net_fail(&c, canon.ptr, grc, err);
		goto cleanup;
	}
pushed:
	/* libgit2 1.5.1 returns 0 when the server refuses the ref: the refusal is in the status. */
	if (c.refused.len) {
		*rejected = moved_under_us(&c) ? 2 : 1;
		if (*rejected == 2)
			rc = err_set(err, JY_EPERM,
				     L("远程仓库的 main 在推送时被其他校区更新了（%s）：请先获取并合并，再推送%s%s",
				       "the remote's main moved during the push: another campus pushed first (%s); fetch and merge, then push again%s%s"),
				     c.refused.ptr, c.said.len ? "\n" : "", c.said.ptr);
		else
			rc = err_set(err, JY_EPERM, L("远程仓库拒绝了推送（%s）%s%s", "the remote refused the push (%s)%s%s"), c.refused.ptr,
				     c.said.len ? L("：\n", ":\n") : "", c.said.ptr);
		goto cleanup;
	}
	rc = 0;
cleanup:
	if (tmp) {
		git_reference_delete(tmp);
		git_reference_free(tmp);
	}
	git_commit_free(commit);
	git_remote_free(remote);
	url_free(u);
	buf_release(&canon);
	buf_release(&src);
	buf_release(&spec);
	ctx_free(&c);
	return rc;
}
