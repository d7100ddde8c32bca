/* transport: moving commits between campuses with libgit2 — fetch and push over SSH, https, and local paths through git. */
#ifndef JIAOYAN_TRANSPORT_H
#define JIAOYAN_TRANSPORT_H

#include <stddef.h>

#include <git2.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/vec.h"

/*
 * The wire only: what to merge and whether a push may go is decided by
 * sync (sync.h). URLs are checked with url_parse() (url.h) before anything is
 * sent. Facts of the Debian stack this module builds around (DESIGN §2.5):
 *  - libssh2 1.10 cannot sign with RSA keys against OpenSSH >= 8.8: an RSA
 *    key file is refused up front with hostkey_rsa_refused()'s message;
 *  - libgit2 1.5.1's own known_hosts check is not used: certificate_check
 *    calls hostkey_check_cert() with the port known from the URL (the
 *    callback is given the host only); an unknown or changed key fails the
 *    transfer with the fingerprint and the line to add;
 *  - the credentials callback is called again after a refused key with no
 *    indication: attempts are counted (agent: each identity once; key file:
 *    once), so a refused key ends the transfer instead of looping;
 *  - git_remote_push returns 0 even when the server refuses the ref: the
 *    refusal arrives only through push_update_reference, and the hook's
 *    explanation only as sideband text; both are collected and reported;
 *  - a local path or file:// URL is not given to libgit2's local transport
 *    (which feeds its indexer object by object, re-mapping the growing pack
 *    each time — libgit2 #6038 — and never runs the remote's hooks, and
 *    writes the remote's ref with force): smart protocol over the pipes of
 *    `git upload-pack PATH` / `git receive-pack PATH` run here (gitproc.h),
 *    as ssh runs them on a server, for fetching; a push there is git's own
 *    (`git push --porcelain`), as libgit2 1.5.1 recomputes every delta of
 *    what it sends where git reuses those its packs hold (6 s against 0.3 s
 *    for 1,000 new records at 100,000). The central's hooks judge the push
 *    and receive-pack's ref update is compare-and-swap. Needs git on PATH;
 *    git's stderr goes to remote_text like sideband lines (the remote's
 *    lines of a push without git's "remote: ") and into a failure's message
 *    ("… does not appear to be a git repository");
 *  - libgit2 1.5.1 negotiates a fetch with the newest 256 commits of all
 *    refs and then gives up, receiving everything: a fetch negotiates from a
 *    view whose refs are the remote tips fetched before (fetchview.h);
 *    when the remote's main is already here nothing is fetched at all;
 *  - libgit2 1.5.1 has no connect or read timeout and libssh2 waits for ever
 *    on a silent server: a watchdog thread shuts the transfer's socket down
 *    (for a local remote: kills git's process group, a hung hook included)
 *    after opts->timeout seconds without a sign of life (any callback or
 *    data from git), and the transfer fails with JY_ENET. A connect() to a
 *    host that drops packets is bounded by the kernel (about two minutes);
 *  - before asking us, libgit2 1.5.1 reads ~/.ssh/known_hosts (through
 *    $HOME) to choose the host key type, and fails every ssh transfer when
 *    libssh2 cannot parse a line of it (a truncated line, an SSH-1 entry);
 *    the error says so. Its verdict is ignored; ours decides;
 *  - libgit2 pushes only from a ref name: transport_push points a private
 *    ref, refs/jiaoyan/push-PID, at the commit for the time of the push and
 *    deletes it afterwards. Nothing is written to the repository's config
 *    (anonymous remotes), and no FETCH_HEAD or tags are fetched.
 * Every text from the other side (sideband, refusal reasons) reaches the
 * caller's callbacks raw; callers sanitise before printing (text_sanitize).
 */

/* Transfer progress, for a progress bar on a terminal. */
struct transport_progress {
	size_t objects, total_objects; /* received (fetch) or sent (push) */
	size_t bytes;                  /* received or sent so far */
	double seconds;                /* since the transfer began */
};

struct transport_opts {
	const char *ssh_key;       /* private key file; NULL = the keys of ssh-agent ($SSH_AUTH_SOCK) */
	const char *ssh_user;      /* user when the URL names none; NULL = the login */
	const char *known_hosts;   /* NULL = ~/.ssh/known_hosts */
	const struct vec *pins;    /* "SHA256:…" fingerprints that must match when non-empty; may be NULL */
	int timeout;               /* seconds without a sign of life from the remote before giving up; 0 = 120 */
	/* Called now and then during a transfer; may be NULL. */
	void (*progress)(void *ctx, const struct transport_progress *p);
	/* A line of text from the remote (its sideband: the pre-receive hook's messages; not the counters it
	 * redraws with '\r'); may be NULL. */
	void (*remote_text)(void *ctx, const char *text, size_t len);
	void *ctx;
};

/*
 * Fetches the remote's refs/heads/main into `local_ref` (e.g.
 * "refs/remotes/central/main") of repo, forced like git's remote-tracking
 * refs. *tip gets the fetched commit id and *empty is 0; when the remote has
 * no main yet, *empty is 1, *tip is zero and local_ref is left as it was.
 * On error neither is touched. local_ref must be a valid ref name under
 * refs/ and not refs/heads/main (which moves only through the store).
 * The user for ssh is the URL's, else o->ssh_user, else the login.
 * Errors: JY_EINVAL (bad URL or local_ref, RSA key file, key file missing),
 * JY_EPERM (host key unknown or changed, or no pin matches, with the
 * fingerprint and the known_hosts line), JY_ENET (network, DNS, refused
 * connection, timeout, a missing local remote, authentication — "the
 * server refused the key …", no key and no ssh-agent), JY_EIO (local
 * repository). o may be NULL (ssh-agent, ~/.ssh/known_hosts, no callbacks).
 */
int transport_fetch(git_oid *tip, int *empty, git_repository *repo, const char *url, const char *local_ref,
		    const struct transport_opts *o, struct jy_err *err);

/*
 * Pushes commit `tip` (which must be in repo) to the remote's
 * refs/heads/main (never forced). *rejected is always set: 0 unless the
 * server or libgit2 refused the ref. 0 when the remote's main is tip (also
 * when it already was). A refused ref is JY_EPERM with the server's reason —
 * the push_update_reference status, then every sideband line (the hook's
 * stderr) verbatim — in err, and *rejected = 1; a non-fast-forward, because
 * another campus pushed first, sets *rejected = 2 so the caller fetches and
 * merges again: libgit2's own check before sending (the remote's main is
 * unknown here or not an ancestor of tip), git's "non-fast-forward" / "fetch
 * first", or the ref moving between our look and receive-pack's update
 * ("failed to update ref" with "… but expected …"). Other errors as
 * transport_fetch; JY_EINVAL also when tip is not a commit of repo.
 */
int transport_push(int *rejected, git_repository *repo, const char *url, const git_oid *tip,
		   const struct transport_opts *o, struct jy_err *err);

#endif
