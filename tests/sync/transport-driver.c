/* transport-driver: calls transport_fetch / transport_push from the shell for tests/sync/transport.sh. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "jiaoyan/err.h"
#include "jiaoyan/transport.h"

/*
 * transport-driver [OPTIONS] fetch REPO URL LOCAL_REF   prints "tip HEX" or "empty"
 * transport-driver [OPTIONS] push REPO URL COMMIT        prints "pushed"
 * Options: --key FILE, --user NAME, --known-hosts FILE, --pin SHA256:…
 * (repeatable), --timeout SECONDS, --lang en|zh. Every remote line is printed as "remote: TEXT",
 * and "progress N" gives the number of progress calls. On failure the message
 * goes to stderr, "rejected N" to stdout for a push, and the exit status is
 * the negated JY_* code (1 EINVAL, 3 EPERM, 7 EIO, 10 ENET).
 */

/* Under make asan: libgit2 1.5.1's own leaks (pcre2 match data; per ssh connection the
 * ~/.ssh/known_hosts path and, on success, libssh2's known-hosts list) are not this suite's
 * subject; test_transport checks ours. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libgit2.so\nleak:libpcre2\nleak:libssh2\n";
}

const char *__lsan_default_options(void);
const char *__lsan_default_options(void)
{
	return "print_suppressions=0";
}

static int progress_calls;
static size_t last_objects;

static void on_progress(void *ctx, const struct transport_progress *p)
{
	(void)ctx;
	progress_calls++;
	last_objects = p->objects;
}

static void on_text(void *ctx, const char *text, size_t len)
{
	(void)ctx;
	printf("remote: %.*s\n", (int)len, text);
}

static int usage(void)
{
	fprintf(stderr, "usage: transport-driver [--key F] [--user U] [--known-hosts F] [--pin P]... [--timeout S] [--lang L] "
			"fetch REPO URL REF | push REPO URL COMMIT\n");
	return 2;
}

int main(int argc, char **argv)
{
	struct transport_opts o = { 0 };
	struct vec pins = VEC_INIT(NULL);
	struct jy_err err = JY_ERR_INIT;
	git_repository *repo = NULL;
	int i = 1, rc;
	err_set_lang("en");
	for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
		if (strcmp(argv[i], "--key") == 0)
			o.ssh_key = argv[i + 1];
		else if (strcmp(argv[i], "--user") == 0)
			o.ssh_user = argv[i + 1];
		else if (strcmp(argv[i], "--known-hosts") == 0)
			o.known_hosts = argv[i + 1];
		else if (strcmp(argv[i], "--pin") == 0)
			vec_push(&pins, argv[i + 1]);
		else if (strcmp(argv[i], "--timeout") == 0)
			o.timeout = atoi(argv[i + 1]);
		else if (strcmp(argv[i], "--lang") == 0)
			err_set_lang(argv[i + 1]);
		else
			return usage();
	}
	if (argc - i != 4)
		return usage();
	o.pins = &pins;
	o.progress = on_progress;
	o.remote_text = on_text;
	git_libgit2_init();
	if (git_repository_open_bare(&repo, argv[i + 1]) < 0) {
		fprintf(stderr, "cannot open %s\n", argv[i + 1]);
		return 7;
	}
	if (strcmp(argv[i], "fetch") == 0) {
		git_oid tip;
		int empty = 0;
		rc = transport_fetch(&tip, &empty, repo, argv[i + 2], argv[i + 3], &o, &err);
		if (rc == 0) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &tip);
			printf(empty ? "empty\n" : "tip %s\n", hex);
		}
	} else if (strcmp(argv[i], "push") == 0) {
		git_oid tip;
		int rejected = -1;
		if (git_oid_fromstr(&tip, argv[i + 3]) < 0)
			return usage();
		rc = transport_push(&rejected, repo, argv[i + 2], &tip, &o, &err);
		if (rc == 0)
			printf("pushed\n");
		else
			printf("rejected %d\n", rejected);
	} else {
		return usage();
	}
	printf("progress %d objects %zu\n", progress_calls, last_objects);
	if (rc < 0)
		fprintf(stderr, "%s\n", err.msg);
	git_repository_free(repo);
	vec_free(&pins);
	git_libgit2_shutdown();
	return -rc;
}
