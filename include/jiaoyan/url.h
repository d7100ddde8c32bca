/* url: parses and validates sync remote URLs (ssh, scp-like, file, local path, https) and remote names. */
#ifndef JIAOYAN_URL_H
#define JIAOYAN_URL_H

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"

/*
 * The forms accepted are the ones libgit2 1.5.1 connects to, minus what is
 * unsafe or that 1.5.1 gets wrong:
 *
 *   ssh://[user@]host[:port]/path      also ssh+git:// and git+ssh:// (libgit2
 *                                      takes them as ssh; printed back as ssh://);
 *                                      host may be an IPv6 address in brackets,
 *                                      ssh://[::1]:2222/srv/data.git;
 *                                      /~/repo and /~user/repo are home-relative
 *   [user@]host:path                   scp-like: no port and no brackets in this
 *                                      form (libgit2 1.5.1 keeps the brackets of
 *                                      "[::1]:path" in the host name and fails);
 *                                      path relative to the home directory unless
 *                                      it starts with '/'
 *   file:///path                       absolute path on this machine
 *   /path, dir/path, ./path, ../path   local path (absolute or relative)
 *   https://[user@]host[:port]/path    a user but never a password
 *
 * Schemes are case-insensitive (as libgit2 matches them). Refused, with
 * JY_EINVAL naming the part and the rule:
 *  - http:// (data and credentials would cross the network unencrypted and
 *    could be altered on the way), git:// (no authentication, no encryption),
 *    any other scheme;
 *  - an empty user, host, port or path (a path of just "/" is empty), a
 *    password in the URL;
 *  - control characters, spaces and invalid UTF-8 anywhere;
 *  - in hosts: anything but letters, digits, '.', '-', '_' (hostnames, with
 *    no empty label) or hex digits, ':' and '.' (IPv6 in brackets, in ssh://
 *    and https:// URLs); a host beginning with '-' (ssh would read it as an
 *    option); more than 253 bytes;
 *  - in users: anything but letters, digits, '.', '_', '-'; a user beginning
 *    with '-';
 *  - in paths: the shell metacharacters ; & | < > $ ` ( ) { } \ ' " * ? ! ~
 *    and also [ ] % # — paths of repositories have no business holding them,
 *    and some are live: libgit2 sends an ssh path to the server's shell inside
 *    single quotes, '%' would be decoded in URL forms, '?' and '#' start a
 *    query or fragment. The one exception is '~' as the first character of an
 *    ssh or scp-like path ("~/repo", "~user/repo", "ssh://h/~/repo"), which
 *    git expands on the server. Non-ASCII (UTF-8) path characters are allowed;
 *  - a path beginning with '-' (git-upload-pack would take it as an option);
 *  - ':' anywhere in a local path (libgit2 1.5.1 sends every non-URL holding a
 *    ':' to its ssh transport) and '~' in local paths (nothing expands it);
 *  - ports outside 1–65535 or not all digits;
 *  - inputs over 4096 bytes.
 * ".." path components are allowed: a remote may legitimately live beside the
 * data repository (../central.git), and remote paths are the server's to
 * judge.
 */

enum url_scheme {
	URL_SSH,   /* ssh:// or scp-like; see url.scp */
	URL_FILE,  /* file:///path */
	URL_LOCAL, /* a path on this machine */
	URL_HTTPS,
};

struct url {
	enum url_scheme scheme;
	int scp;    /* 1 when written scp-like (user@host:path): the path is then relative to the home directory */
	char *user; /* NULL when absent */
	char *host; /* NULL for file and local; lower-cased; IPv6 without brackets */
	int port;   /* 22 for ssh, 443 for https unless given; 0 for file and local */
	char *path; /* as written: starts with '/' for ssh://, https, file; scp-like and local as given */
};

/*
 * Parses s into a new struct url (*out, caller frees with url_free). On
 * error *out is left alone and err says which part breaks which rule, e.g.
 * "远程地址的主机名不能以 - 开头（ssh 会把它当作选项）".
 */
int url_parse(struct url **out, const char *s, struct jy_err *err);

void url_free(struct url *u);

/*
 * Appends the canonical text of u to out: lower-case scheme and host, the
 * default port left out (22 for ssh, 443 for https), IPv6 hosts in brackets,
 * ssh+git:// and git+ssh:// written ssh://, scp-like kept scp-like (turning
 * "host:repo" into ssh://host/repo would change which directory it names),
 * file:///path, local paths as given. Parsing the result gives the same url.
 */
void url_format(struct buf *out, const struct url *u);

/* 0 when name is a valid remote name: [a-z0-9][a-z0-9._-]{0,31} (1 to 32
 * characters); JY_EINVAL naming the rule otherwise. */
int url_remote_name_valid(const char *name, struct jy_err *err);

#endif
