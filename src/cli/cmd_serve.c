/* cmd_serve: the SSH app (DESIGN §2.8) — `serve PERSON` as the forced command, and `keys` to manage authorized_keys. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/text.h"

/* ---------------------------------------------------------------- words */

/*
 * Splits an SSH command line the way a user would write it for a shell —
 * whitespace separates words, '…' is literal, "…" allows \" \\ \$ \`, a
 * backslash outside quotes escapes one character — but nothing is ever
 * expanded or run. Unquoted shell operators are refused rather than passed
 * on as text, so that "jiaoyan list x; bash" reads as the mistake it is.
 */
static int split_words(struct vec *out, const char *s, struct jy_err *err)
{
	struct buf w = BUF_INIT;
	int in_word = 0, rc = 0;
	for (const char *p = s;; p++) {
		char ch = *p;
		if (ch == '\0' || ch == ' ' || ch == '\t' || ch == '\n') {
			if (in_word)
				vec_push(out, buf_detach(&w));
			in_word = 0;
			if (ch == '\0')
				break;
			continue;
		}
		in_word = 1;
		if (ch == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end) {
				rc = err_set(err, JY_EINVAL, L("命令中的单引号没有配对", "unmatched single quote in the command"));
				goto cleanup;
			}
			buf_add(&w, p + 1, (size_t)(end - p - 1));
			p = end;
		} else if (ch == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				buf_putc(&w, *p);
			}
			if (!*p) {
				rc = err_set(err, JY_EINVAL, L("命令中的双引号没有配对", "unmatched double quote in the command"));
				goto cleanup;
			}
		} else if (ch == '\\') {
			if (p[1])
				p++;
			buf_putc(&w, *p);
		} else if (strchr(";&|<>$`(){}", ch)) {
			rc = err_set(err, JY_EINVAL,
				     L("命令中有未加引号的「%c」：这里不经过 shell，不能用管道、重定向或多条命令（需要时请给参数加引号）",
				       "unquoted \"%c\" in the command: no shell runs here, so no pipes, redirections or command lists (quote the argument if you meant it)"),
				     ch);
			goto cleanup;
		} else {
			buf_putc(&w, ch);
		}
	}
cleanup:
	buf_release(&w);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---------------------------------------------------------------- serve */

/*
 * What a person reaches over SSH must not reach a shell of the service
 * account. The record editor is the one program we start on their terminal:
 * nano --restricted edits only the file it is given and runs nothing; vi
 * could run ":!sh" or write any file, so without nano editing is refused
 * (the editor "false" fails and nothing changes).
 */
static void restrict_environment(const char *person)
{
	static const char *const nanos[] = { "/usr/bin/nano", "/bin/nano", NULL };
	const char *editor = "false";
	struct buf ed = BUF_INIT;
	for (size_t i = 0; nanos[i]; i++)
		if (access(nanos[i], X_OK) == 0) {
			buf_printf(&ed, "%s --restricted", nanos[i]);
			editor = ed.ptr;
			break;
		}
	setenv("VISUAL", editor, 1);
	setenv("EDITOR", editor, 1);
	setenv("SHELL", "/bin/false", 1);
	/* Children (the pre-receive hook, the TUI) learn who is served. */
	setenv("JIAOYAN_SERVE", person, 1);
	buf_release(&ed);
}

static int refuse(struct cli *c, const char *what)
{
	return err_set(&c->err, JY_EPERM,
		       L("不允许的命令「%s」。这个账号只提供 jiaoyan：不带命令登录进入界面（ssh -t），"
			 "或执行 jiaoyan 命令（如 ssh 主机 jiaoyan obs stats）；另有 git 同步。",
			 "command \"%s\" is not allowed. This account offers jiaoyan only: log in without a command for the "
			 "interface (ssh -t), or run a jiaoyan command (e.g. ssh HOST jiaoyan obs stats); and git sync."),
		       what);
}

static int serve_tui(struct cli *c)
{
	char tui_name[] = "tui";
	char *args[] = { tui_name, NULL };
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(&c->err, JY_EINVAL,
			       L("没有终端，无法打开界面：请用 ssh -t 登录，或在 ssh 命令后给出 jiaoyan 命令",
				 "no terminal for the interface: log in with ssh -t, or give a jiaoyan command after the host"));
	return cmd_tui(c, 1, args);
}

/* Options and commands a served person may not use: identity, repository and configuration are the key's. */
static int forbidden_word(const char *w)
{
	static const char *const exact[] = { "--user", "-C", "--config", NULL };
	static const char *const prefix[] = { "--user=", "--config=", "-C", NULL };
	for (size_t i = 0; exact[i]; i++)
		if (strcmp(w, exact[i]) == 0)
			return 1;
	for (size_t i = 0; prefix[i]; i++)
		if (strncmp(w, prefix[i], strlen(prefix[i])) == 0)
			return 1;
	return 0;
}

/* `ssh HOST jiaoyan --help`: the commands a served person can run. */
static void served_help(const char *const *refused)
{
	fputs(L("用法: ssh 主机 jiaoyan 命令 [参数...]；不带命令（ssh -t 主机）打开终端界面。\n\n命令:\n",
		"usage: ssh HOST jiaoyan COMMAND [ARGS...]; without a command (ssh -t HOST) opens the interface.\n\nCommands:\n"),
	      stdout);
	for (const struct cli_command *cmd = cli_commands; cmd->name; cmd++) {
		int no = 0;
		for (size_t i = 0; refused[i]; i++)
			no |= strcmp(cmd->name, refused[i]) == 0;
		if (no)
			continue;
		struct buf line = BUF_INIT;
		text_pad(&line, cmd->name, 10, 0);
		printf("  %s %s\n", line.ptr, L(cmd->summary_zh, cmd->summary_en));
		buf_release(&line);
	}
	fputs(L("\njiaoyan 命令 --help 查看命令帮助。\n", "\njiaoyan COMMAND --help for a command's help.\n"), stdout);
}

static int serve_cli(struct cli *c, struct vec *words)
{
	static const char *const refused[] = { "serve", "keys", "init", "hook", NULL };
	char **argv = (char **)words->items;
	int argc = (int)words->len;
	if (argc == 1)
		return serve_tui(c);
	for (int i = 1; i < argc; i++) {
		const char *w = argv[i];
		if (forbidden_word(w))
			return err_set(&c->err, JY_EPERM,
				       L("远程登录时不能使用「%s」：身份、数据仓库和配置由登录密钥决定",
					 "\"%s\" cannot be used over SSH: the login key fixes the identity, repository and configuration"),
				       w);
		/* The service account's files are not the person's to read. */
		if ((strcmp(w, "--file") == 0 && i + 1 < argc && strcmp(argv[i + 1], "-") != 0) ||
		    (strncmp(w, "--file=", 7) == 0 && strcmp(w + 7, "-") != 0))
			return err_set(&c->err, JY_EPERM,
				       L("远程登录时 --file 只能是 -（从标准输入读入，如 ssh 主机 jiaoyan add observation --file - < 文件）",
					 "over SSH --file can only be - (standard input: ssh HOST jiaoyan add observation --file - < FILE)"));
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		served_help(refused);
		return 0;
	}
	if (argv[1][0] == '-')
		return err_set(&c->err, JY_EUSAGE,
			       L("远程登录时请直接给出命令（如 jiaoyan obs stats；jiaoyan 命令 --help 查看用法）",
				 "give a command directly over SSH (e.g. jiaoyan obs stats; jiaoyan COMMAND --help for help)"));
	for (size_t i = 0; refused[i]; i++)
		if (strcmp(argv[1], refused[i]) == 0)
			return err_set(&c->err, JY_EPERM,
				       L("远程登录时不能执行 jiaoyan %s（由服务器管理员在服务账号上执行）",
					 "jiaoyan %s cannot be run over SSH (the server's administrator runs it as the service account)"),
				       argv[1]);
	if (strcmp(argv[1], "tui") == 0)
		return serve_tui(c);
	return cli_dispatch(c, argc - 1, argv + 1);
}

/* The absolute, symlink-free form of path ("~/" and relative paths from $HOME, as git over SSH sends them). */
static char *resolve_repo(const char *path)
{
	const char *home = getenv("HOME");
	struct buf p = BUF_INIT;
	char *real;
	if (strncmp(path, "~/", 2) == 0 && home)
		buf_printf(&p, "%s/%s", home, path + 2);
	else if (path[0] != '/' && home)
		buf_printf(&p, "%s/%s", home, path);
	else
		buf_puts(&p, path);
	real = realpath(p.ptr, NULL);
	if (!real) {
		/* git accepts "repo" for "repo.git". */
		buf_puts(&p, ".git");
		real = realpath(p.ptr, NULL);
	}
	buf_release(&p);
	return real;
}

static int serve_git(struct cli *c, const char *cmd, const char *service, struct vec *words, size_t first_arg)
{
	char *want = NULL, *have = NULL;
	int rc = 0;
	if (words->len != first_arg + 1) {
		rc = refuse(c, cmd);
		goto cleanup;
	}
	want = c->repo_path ? realpath(c->repo_path, NULL) : NULL;
	have = resolve_repo(words->items[first_arg]);
	if (!want || !have || strcmp(want, have) != 0) {
		rc = err_set(&c->err, JY_EPERM, L("这里只提供数据仓库 %s 的同步，不提供「%s」", "only the data repository %s is served here, not \"%s\""),
			     want ? want : "?", (const char *)words->items[first_arg]);
		goto cleanup;
	}
	/* The pre-receive hook checks the pushed records against what this person may write. */
	setenv("JIAOYAN_PUSHER", c->serve_person, 1);
	fflush(stdout);
	fflush(stderr);
	execlp("git", "git", service, want, (char *)NULL);
	rc = err_set(&c->err, JY_EIO, L("无法运行 git %s：%s", "cannot run git %s: %s"), service, strerror(errno));
cleanup:
	free(want);
	free(have);
	return rc;
}

int cmd_serve(struct cli *c, int argc, char **argv)
{
	struct vec words = VEC_INIT(free);
	struct actor *a;
	int rc;
	if (argc != 2)
		return cli_usage_error(c, "serve", L("需要一个人员工号", "needs one person id"));
	/* Whatever main() parsed, the key decides who this is. */
	if (c->user_opt)
		return err_set(&c->err, JY_EPERM,
			       L("jiaoyan serve 的身份由登录密钥决定，不能同时使用 --user", "jiaoyan serve takes its identity from the login key; --user is refused"));
	c->serve_person = argv[1];
	actor_free(c->actor);
	c->actor = NULL;
	if ((rc = cli_actor(c, &a)))
		goto cleanup;
	restrict_environment(argv[1]);
	const char *cmd = getenv("SSH_ORIGINAL_COMMAND");
	if (!cmd || !cmd[strspn(cmd, " \t\n")]) {
		rc = serve_tui(c);
		goto cleanup;
	}
	if ((rc = split_words(&words, cmd, &c->err)))
		goto cleanup;
	vec_push(&words, NULL); /* argv-style terminator; not counted below */
	words.len--;
	const char *prog = words.items[0];
	if (strcmp(prog, "git-upload-pack") == 0 || strcmp(prog, "git-receive-pack") == 0)
		rc = serve_git(c, cmd, prog + 4, &words, 1);
	else if (strcmp(prog, "git") == 0 && words.len >= 2 &&
		 (strcmp(words.items[1], "upload-pack") == 0 || strcmp(words.items[1], "receive-pack") == 0))
		rc = serve_git(c, cmd, words.items[1], &words, 2);
	else if (strcmp(base_name(prog), "jiaoyan") == 0)
		rc = serve_cli(c, &words);
	else
		rc = refuse(c, cmd);
cleanup:
	vec_free(&words);
	return rc;
}

/* ------------------------------------------------------------- key math */

/* SHA-256 (FIPS 180-4), for OpenSSH-style key fingerprints without running ssh-keygen. */
struct sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char block[64];
	size_t used;
};

static const uint32_t sha_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
	0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
	0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
	0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
	0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static void sha256_block(struct sha256 *s, const unsigned char *p)
{
	uint32_t w[64], v[8];
	for (int i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (int i = 16; i < 64; i++) {
		uint32_t s0 = ROR(w[i - 15], 7) ^ ROR(w[i - 15], 18) ^ (w[i - 15] >> 3);
		uint32_t s1 = ROR(w[i - 2], 17) ^ ROR(w[i - 2], 19) ^ (w[i - 2] >> 10);
		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, s->h, sizeof(v));
	for (int i = 0; i < 64; i++) {
		uint32_t t1 = v[7] + (ROR(v[4], 6) ^ ROR(v[4], 11) ^ ROR(v[4], 25)) + ((v[4] & v[5]) ^ (~v[4] & v[6])) +
			      sha_k[i] + w[i];
		uint32_t t2 = (ROR(v[0], 2) ^ ROR(v[0], 13) ^ ROR(v[0], 22)) + ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (int i = 0; i < 8; i++)
		s->h[i] += v[i];
}

static void sha256(unsigned char out[32], const unsigned char *data, size_t len)
{
	static const uint32_t init[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
					  0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
	struct sha256 s;
	memcpy(s.h, init, sizeof(init));
	s.len = (uint64_t)len * 8;
	for (; len >= 64; data += 64, len -= 64)
		sha256_block(&s, data);
	unsigned char tail[128] = { 0 };
	memcpy(tail, data, len);
	tail[len] = 0x80;
	size_t n = len + 1 + 8 <= 64 ? 64 : 128;
	for (int i = 0; i < 8; i++)
		tail[n - 1 - i] = (unsigned char)(s.len >> (8 * i));
	sha256_block(&s, tail);
	if (n == 128)
		sha256_block(&s, tail + 64);
	for (int i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(s.h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s.h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s.h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s.h[i];
	}
}

static const char b64chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* Appends base64 without '=' padding (as ssh-keygen prints fingerprints). */
static void b64_encode(struct buf *out, const unsigned char *p, size_t n)
{
	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)p[i] << 16 | (i + 1 < n ? (uint32_t)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
		buf_putc(out, b64chars[v >> 18 & 63]);
		buf_putc(out, b64chars[v >> 12 & 63]);
		if (i + 1 < n)
			buf_putc(out, b64chars[v >> 6 & 63]);
		if (i + 2 < n)
			buf_putc(out, b64chars[v & 63]);
	}
}

/* Strict base64 (padding allowed only at the end); -1 on anything else. */
static int b64_decode(struct buf *out, const char *s)
{
	uint32_t v = 0;
	int bits = 0, pad = 0;
	for (; *s; s++) {
		const char *at = strchr(b64chars, *s);
		if (*s == '=') {
			pad++;
			continue;
		}
		if (!at || pad)
			return -1;
		v = v << 6 | (uint32_t)(at - b64chars);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_putc(out, (char)(v >> bits & 0xff));
		}
	}
	return pad > 2 ? -1 : 0;
}

/* ------------------------------------------------------ authorized_keys */

/* One parsed line of authorized_keys. */
struct key_line {
	char *options; /* "" when none */
	char *type;
	char *b64;
	char *comment;
	char *person;  /* from command="… serve PERSON", or NULL when not one of ours */
};

static void key_line_clear(struct key_line *k)
{
	free(k->options);
	free(k->type);
	free(k->b64);
	free(k->comment);
	free(k->person);
	memset(k, 0, sizeof(*k));
}

static int is_key_type(const char *w, size_t n)
{
	return (n > 4 && strncmp(w, "ssh-", 4) == 0) || (n > 11 && strncmp(w, "ecdsa-sha2-", 11) == 0) ||
	       (n > 3 && strncmp(w, "sk-", 3) == 0);
}

static const char *skip_ws(const char *p)
{
	while (*p == ' ' || *p == '\t')
		p++;
	return p;
}

static size_t word_len(const char *p)
{
	size_t n = 0;
	while (p[n] && p[n] != ' ' && p[n] != '\t' && p[n] != '\n' && p[n] != '\r')
		n++;
	return n;
}

/* The person of a `command="… serve PERSON"` option (a line `keys add` wrote), or NULL. */
static char *person_of(const char *options)
{
	const char *p = strstr(options, "command=\"");
	struct buf cmd = BUF_INIT;
	struct vec words = VEC_INIT(free);
	char *person = NULL;
	if (!p)
		return NULL;
	for (p += 9; *p && *p != '"'; p++) {
		if (*p == '\\' && p[1] == '"')
			p++;
		buf_putc(&cmd, *p);
	}
	/* Any binary name: tests and sanitised builds run as jiaoyan-asan and the like. */
	if (split_words(&words, cmd.ptr, NULL) == 0 && words.len >= 3 && strcmp(words.items[words.len - 2], "serve") == 0)
		person = xstrdup(words.items[words.len - 1]);
	vec_free(&words);
	buf_release(&cmd);
	return person;
}

/* 0 and k filled for a key line; -1 for blank lines, comments and anything unparsable. */
static int parse_key_line(struct key_line *k, const char *line)
{
	const char *p = skip_ws(line), *opt = p;
	size_t n;
	memset(k, 0, sizeof(*k));
	if (!*p || *p == '#' || *p == '\n' || *p == '\r')
		return -1;
	n = word_len(p);
	if (!is_key_type(p, n)) {
		/* Options run to the first whitespace outside double quotes. */
		int quoted = 0;
		for (; *p && (quoted || (*p != ' ' && *p != '\t')); p++) {
			if (*p == '\\' && quoted && p[1])
				p++;
			else if (*p == '"')
				quoted = !quoted;
		}
		k->options = xstrndup(opt, (size_t)(p - opt));
		p = skip_ws(p);
		n = word_len(p);
		if (!is_key_type(p, n)) {
			key_line_clear(k);
			return -1;
		}
	} else {
		k->options = xstrdup("");
	}
	k->type = xstrndup(p, n);
	p = skip_ws(p + n);
	n = word_len(p);
	if (!n) {
		key_line_clear(k);
		return -1;
	}
	k->b64 = xstrndup(p, n);
	p = skip_ws(p + n);
	n = strcspn(p, "\r\n");
	while (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	k->comment = xstrndup(p, n);
	k->person = person_of(k->options);
	return 0;
}

/* "SHA256:…" of a key line; JY_EINVAL when its base64 is not a key blob of its type. */
static int key_fingerprint(struct buf *out, const struct key_line *k, struct jy_err *err)
{
	struct buf blob = BUF_INIT;
	unsigned char md[32];
	size_t tl = strlen(k->type);
	int rc = 0;
	/* The blob starts with the type as an SSH string: a length, then the name. */
	int bad = b64_decode(&blob, k->b64);
	const unsigned char *b = (const unsigned char *)blob.ptr;
	if (bad || blob.len < 4 + tl ||
	    ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3]) != tl ||
	    memcmp(blob.ptr + 4, k->type, tl) != 0) {
		rc = err_set(err, JY_EINVAL, L("公钥数据损坏（不是 %s 类型的公钥）", "the public key is damaged (not a %s key)"), k->type);
		goto cleanup;
	}
	sha256(md, (const unsigned char *)blob.ptr, blob.len);
	buf_puts(out, "SHA256:");
	b64_encode(out, md, sizeof(md));
cleanup:
	buf_release(&blob);
	return rc;
}

/* Where the keys go: --authorized-keys FILE, else ~/.ssh/authorized_keys of the account running us. */
static char *keys_path(const char *opt, int *is_default)
{
	*is_default = !opt;
	if (opt)
		return xstrdup(opt);
	struct passwd *pw = getpwuid(getuid());
	const char *home = pw && pw->pw_dir && *pw->pw_dir ? pw->pw_dir : getenv("HOME");
	return xasprintf("%s/.ssh/authorized_keys", home ? home : ".");
}

static int read_keys_file(struct buf *out, const char *path, struct jy_err *err)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;
	if (!f)
		return errno == ENOENT ? 0 : err_set(err, JY_EIO, L("无法读取 %s：%s", "cannot read %s: %s"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	int bad = ferror(f);
	fclose(f);
	return bad ? err_set(err, JY_EIO, L("读取 %s 失败", "reading %s failed"), path) : 0;
}

/* Replaces the file atomically (temporary file in the same directory, fsync, rename), mode 0600. */
static int write_keys_file(const char *path, const struct buf *data, struct jy_err *err)
{
	struct buf tmp = BUF_INIT;
	int fd = -1, rc = 0;
	buf_printf(&tmp, "%s.XXXXXX", path);
	fd = mkstemp(tmp.ptr);
	if (fd < 0 || fchmod(fd, 0600) != 0 || write(fd, data->ptr, data->len) != (ssize_t)data->len || fsync(fd) != 0) {
		rc = err_set(err, JY_EIO, L("无法写入 %s：%s", "cannot write %s: %s"), path, strerror(errno));
		goto cleanup;
	}
	if (close(fd) != 0 || rename(tmp.ptr, path) != 0) {
		fd = -1;
		rc = err_set(err, JY_EIO, L("无法写入 %s：%s", "cannot write %s: %s"), path, strerror(errno));
		goto cleanup;
	}
	fd = -1;
	buf_reset(&tmp);
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
	buf_release(&tmp);
	return rc;
}

/* Appends w to the forced command, single-quoted when it holds anything but plain path characters. */
static int command_word(struct buf *cmd, const char *w, struct jy_err *err)
{
	if (cmd->len)
		buf_putc(cmd, ' ');
	if (w[strspn(w, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/._+-:@=,%")] == '\0') {
		buf_puts(cmd, w);
		return 0;
	}
	/* Inside command="…" a quote or backslash would need two levels of escaping; refuse rather than guess. */
	for (const char *p = w; *p; p++)
		if (*p == '\'' || *p == '"' || *p == '\\' || (unsigned char)*p < 0x20)
			return err_set(err, JY_EINVAL, L("路径「%s」含引号、反斜杠或控制字符，不能写进 authorized_keys", "path \"%s\" holds a quote, backslash or control character; it cannot go into authorized_keys"), w);
	buf_printf(cmd, "'%s'", w);
	return 0;
}

/* The forced command: this binary, the repository and configuration given to `keys add`, serve PERSON. */
static int forced_command(struct buf *cmd, struct cli *c, const char *person, struct jy_err *err)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	char *real = NULL;
	int rc;
	if (n <= 0)
		return err_set(err, JY_EIO, L("无法确定 jiaoyan 程序的路径：%s", "cannot find the path of the jiaoyan binary: %s"), strerror(errno));
	exe[n] = '\0';
	if ((rc = command_word(cmd, exe, err)))
		return rc;
	if (c->repo_opt) {
		if (!(real = realpath(c->repo_opt, NULL)))
			return err_set(err, JY_ENOTFOUND, L("数据仓库 %s 不存在", "no data repository at %s"), c->repo_opt);
		if ((rc = command_word(cmd, "-C", err)) == 0)
			rc = command_word(cmd, real, err);
		free(real);
		real = NULL;
		if (rc)
			return rc;
	}
	if (c->config_opt) {
		if (!(real = realpath(c->config_opt, NULL)))
			return err_set(err, JY_ENOTFOUND, L("配置文件 %s 不存在", "no configuration file %s"), c->config_opt);
		if ((rc = command_word(cmd, "--config", err)) == 0)
			rc = command_word(cmd, real, err);
		free(real);
		if (rc)
			return rc;
	}
	if ((rc = command_word(cmd, "serve", err)) == 0)
		rc = command_word(cmd, person, err);
	return rc;
}

/* Checks the key file: exactly one public key line, of a type that logs in to OpenSSH. */
static int read_public_key(struct key_line *k, const char *file, struct jy_err *err)
{
	struct buf data = BUF_INIT, fp = BUF_INIT;
	size_t keys = 0;
	int rc = editor_read_file(&data, file, err);
	if (rc)
		goto cleanup;
	if (strstr(data.ptr, "PRIVATE KEY")) {
		rc = err_set(err, JY_EINVAL, L("%s 是私钥！请提供公钥文件（通常是 ~/.ssh/id_ed25519.pub），私钥不要离开本人的电脑",
					       "%s is a private key! Give the public key (usually ~/.ssh/id_ed25519.pub); a private key never leaves its owner's machine"),
			     file);
		goto cleanup;
	}
	if (text_check_value(file, data.ptr, data.len, err) != 0) {
		rc = JY_EINVAL;
		goto cleanup;
	}
	for (char *line = data.ptr; line && *line;) {
		char *nl = strchr(line, '\n');
		struct key_line one;
		if (nl)
			*nl = '\0';
		if (parse_key_line(&one, line) == 0) {
			keys++;
			if (keys == 1)
				*k = one;
			else
				key_line_clear(&one);
		} else if (*skip_ws(line) && *skip_ws(line) != '#' && *skip_ws(line) != '\r') {
			rc = err_set(err, JY_EINVAL, L("%s 不是 OpenSSH 公钥文件（应为一行「类型 密钥 备注」，如 ssh-ed25519 AAAA… 张伟）",
						       "%s is not an OpenSSH public key file (one line \"TYPE KEY COMMENT\", e.g. ssh-ed25519 AAAA… alice)"),
				     file);
			goto cleanup;
		}
		line = nl ? nl + 1 : NULL;
	}
	if (keys > 1) {
		rc = err_set(err, JY_EINVAL, L("%s 含 %zu 把公钥；一次只能登记一把", "%s holds %zu public keys; add one at a time"),
			     file, keys);
		goto cleanup;
	}
	if (!keys) {
		rc = err_set(err, JY_EINVAL, L("%s 中没有公钥", "%s holds no public key"), file);
		goto cleanup;
	}
	if (*k->options) {
		rc = err_set(err, JY_EINVAL, L("%s 中的公钥带有选项（%s）：请提供本人的 .pub 文件，选项由 jiaoyan 写入",
					       "the key in %s carries options (%s): give the person's own .pub file; jiaoyan writes the options"),
			     file, k->options);
		goto cleanup;
	}
	const char *t = k->type;
	if (strcmp(t, "ssh-dss") == 0) {
		rc = err_set(err, JY_EINVAL, L("不接受 DSA 密钥（OpenSSH 7.0 起已停用）：请用 ssh-keygen -t ed25519 生成新密钥",
					       "DSA keys are refused (disabled since OpenSSH 7.0): make one with ssh-keygen -t ed25519"));
		goto cleanup;
	}
	if (strcmp(t, "ssh-ed25519") != 0 && strcmp(t, "ssh-rsa") != 0 && strncmp(t, "ecdsa-sha2-nistp", 16) != 0 &&
	    strcmp(t, "sk-ssh-ed25519@openssh.com") != 0 && strcmp(t, "sk-ecdsa-sha2-nistp256@openssh.com") != 0) {
		rc = err_set(err, JY_EINVAL, L("不支持的密钥类型 %s：请用 ed25519（ssh-keygen -t ed25519）或 ECDSA",
					       "unsupported key type %s: use ed25519 (ssh-keygen -t ed25519) or ECDSA"),
			     t);
		goto cleanup;
	}
	rc = key_fingerprint(&fp, k, err);
cleanup:
	if (rc)
		key_line_clear(k);
	buf_release(&data);
	buf_release(&fp);
	return rc;
}

/* Creates ~/.ssh (0700) for the default location; sshd's StrictModes wants it private. */
static int ensure_dir(const char *path, int is_default, struct jy_err *err)
{
	struct buf dir = BUF_INIT;
	const char *slash = strrchr(path, '/');
	int rc = 0;
	if (!slash || !is_default)
		return 0;
	buf_add(&dir, path, (size_t)(slash - path));
	if (mkdir(dir.ptr, 0700) != 0 && errno != EEXIST)
		rc = err_set(err, JY_EIO, L("无法创建 %s：%s", "cannot create %s: %s"), dir.ptr, strerror(errno));
	buf_release(&dir);
	return rc;
}

static int keys_add(struct cli *c, const char *path, int is_default, const char *person, const char *file)
{
	struct key_line k = { 0 }, old;
	struct buf data = BUF_INIT, cmd = BUF_INIT, fp = BUF_INIT, ofp = BUF_INIT;
	struct record *p = NULL;
	struct store *s;
	int rc;
	if ((rc = cli_store(c, &s)) || (rc = roster_person(&p, s, person, &c->err)) ||
	    (rc = read_public_key(&k, file, &c->err)) || (rc = key_fingerprint(&fp, &k, &c->err)) ||
	    (rc = forced_command(&cmd, c, person, &c->err)) || (rc = ensure_dir(path, is_default, &c->err)) ||
	    (rc = read_keys_file(&data, path, &c->err)))
		goto cleanup;
	for (char *line = data.ptr; *line;) {
		size_t n = strcspn(line, "\n");
		char save = line[n];
		line[n] = '\0';
		if (parse_key_line(&old, line) == 0) {
			buf_reset(&ofp);
			if (key_fingerprint(&ofp, &old, NULL) == 0 && strcmp(ofp.ptr, fp.ptr) == 0) {
				rc = err_set(&c->err, JY_EEXISTS, L("这把密钥（%s）已经登记在 %s 中（人员：%s）", "this key (%s) is already in %s (person: %s)"),
					     fp.ptr, path, old.person ? old.person : L("非 jiaoyan", "not jiaoyan"));
				key_line_clear(&old);
				line[n] = save;
				goto cleanup;
			}
			key_line_clear(&old);
		}
		line[n] = save;
		line += n + (save ? 1 : 0);
	}
	if (data.len && data.ptr[data.len - 1] != '\n')
		buf_putc(&data, '\n');
	buf_printf(&data, "command=\"%s\",restrict,pty %s %s%s%s\n", cmd.ptr, k.type, k.b64, *k.comment ? " " : "", k.comment);
	if ((rc = write_keys_file(path, &data, &c->err)))
		goto cleanup;
	const char *name = record_get(p, "person", "name") ? record_get(p, "person", "name") : person;
	if (err_lang_en())
		printf("added key %s %s for %s (%s)\n  file: %s\n  runs: %s\n", k.type, fp.ptr, person, name, path, cmd.ptr);
	else
		printf("已为 %s（%s）登记密钥 %s %s\n  文件：%s\n  登录后执行：%s\n", person, name, k.type, fp.ptr, path, cmd.ptr);
	/* RSA logs in to sshd fine; it is the sync client (libssh2 1.10) that cannot sign with it. */
	if (strcmp(k.type, "ssh-rsa") == 0)
		fputs(L("jiaoyan: 注意：RSA 密钥可以用 ssh 登录，但若这把密钥用于另一校区服务器的 jiaoyan sync，"
			"libssh2 1.10 无法用 RSA 登录 OpenSSH 8.8 及以上版本，请改用 ed25519 或 ECDSA。\n",
			"jiaoyan: note: an RSA key logs in with ssh, but if this key is for another campus server's jiaoyan sync, "
			"libssh2 1.10 cannot sign in with RSA against OpenSSH 8.8 or later: use ed25519 or ECDSA.\n"),
		      stderr);
cleanup:
	key_line_clear(&k);
	record_free(p);
	buf_release(&data);
	buf_release(&cmd);
	buf_release(&fp);
	buf_release(&ofp);
	return rc;
}

/* Like cli_table, but a fingerprint is never clipped: people compare it character by character. */
static void print_keys(const struct vec *rows, int tsv)
{
	int width[8] = { 0 };
	struct buf line = BUF_INIT;
	if (tsv) {
		cli_table(stdout, rows, 1);
		return;
	}
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		for (size_t k = 0; k < row->len && k < 8; k++) {
			int w = text_width(row->items[k]);
			if (w > width[k])
				width[k] = w;
		}
	}
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		buf_reset(&line);
		for (size_t k = 0; k < row->len && k < 8; k++) {
			if (k)
				buf_puts(&line, "  ");
			text_pad(&line, row->items[k], k + 1 == row->len ? text_width(row->items[k]) : width[k], 0);
		}
		while (line.len && line.ptr[line.len - 1] == ' ')
			buf_truncate(&line, line.len - 1);
		puts(line.ptr);
	}
	buf_release(&line);
}

static int keys_list(struct cli *c, const char *path, int tsv)
{
	struct buf data = BUF_INIT;
	struct vec rows = VEC_INIT(cli_row_free);
	struct store *s = NULL;
	int rc = read_keys_file(&data, path, &c->err);
	if (rc)
		goto cleanup;
	/* Names are a nicety: keys can be listed even when the repository is unreadable. */
	if (cli_store(c, &s) != 0) {
		s = NULL;
		err_clear(&c->err);
	}
	struct vec *h = cli_row_new();
	vec_push_str(h, tsv ? "person" : L("人员", "person"));
	if (!tsv)
		vec_push_str(h, L("姓名", "name"));
	vec_push_str(h, tsv ? "type" : L("类型", "type"));
	vec_push_str(h, tsv ? "fingerprint" : L("指纹", "fingerprint"));
	vec_push_str(h, tsv ? "comment" : L("备注", "comment"));
	vec_push(&rows, h);
	for (char *line = data.ptr; *line;) {
		size_t n = strcspn(line, "\n");
		char save = line[n];
		struct key_line k;
		line[n] = '\0';
		if (parse_key_line(&k, line) == 0) {
			struct buf fp = BUF_INIT, name = BUF_INIT;
			struct vec *r = cli_row_new();
			if (key_fingerprint(&fp, &k, NULL) != 0)
				buf_puts(&fp, L("（损坏）", "(damaged)"));
			vec_push_str(r, k.person ? k.person : "-");
			if (!tsv) {
				if (k.person && s)
					roster_name(&name, s, k.person);
				else if (!k.person)
					buf_puts(&name, L("（不是 jiaoyan 的登录）", "(not a jiaoyan login)"));
				vec_push(r, buf_detach(&name));
			}
			vec_push_str(r, k.type);
			vec_push_str(r, fp.ptr);
			vec_push_str(r, k.comment);
			vec_push(&rows, r);
			buf_release(&fp);
			key_line_clear(&k);
		}
		line[n] = save;
		line += n + (save ? 1 : 0);
	}
	print_keys(&rows, tsv);
cleanup:
	buf_release(&data);
	vec_free(&rows);
	return rc;
}

static int keys_rm(struct cli *c, const char *path, const char *what)
{
	struct buf data = BUF_INIT, kept = BUF_INIT, want = BUF_INIT;
	size_t removed = 0;
	int rc = read_keys_file(&data, path, &c->err);
	if (rc)
		goto cleanup;
	/* A fingerprint may be given with or without its "SHA256:" prefix. */
	int by_fp = strncmp(what, "SHA256:", 7) == 0 || (strlen(what) == 43 && !id_component_valid(what));
	if (by_fp)
		buf_printf(&want, "%s%s", strncmp(what, "SHA256:", 7) == 0 ? "" : "SHA256:", what);
	for (char *line = data.ptr; *line;) {
		size_t n = strcspn(line, "\n");
		char save = line[n];
		struct key_line k;
		struct buf fp = BUF_INIT;
		int drop = 0;
		line[n] = '\0';
		if (parse_key_line(&k, line) == 0) {
			if (by_fp)
				drop = key_fingerprint(&fp, &k, NULL) == 0 && strcmp(fp.ptr, want.ptr) == 0;
			else
				drop = k.person && strcmp(k.person, what) == 0;
			key_line_clear(&k);
		}
		if (drop)
			removed++;
		else
			buf_printf(&kept, "%s%s", line, save ? "\n" : "");
		buf_release(&fp);
		line[n] = save;
		line += n + (save ? 1 : 0);
	}
	if (!removed) {
		rc = err_set(&c->err, JY_ENOTFOUND, L("没有 %s 的密钥（%s）", "no key of %s (%s)"), what, path);
		goto cleanup;
	}
	if ((rc = write_keys_file(path, &kept, &c->err)))
		goto cleanup;
	printf(L("已删除 %zu 把密钥（%s）\n", "removed %zu key(s) (%s)\n"), removed, path);
cleanup:
	buf_release(&data);
	buf_release(&kept);
	buf_release(&want);
	return rc;
}

int cmd_keys(struct cli *c, int argc, char **argv)
{
	const char *file = NULL, *words[3] = { NULL, NULL, NULL };
	int nwords = 0, tsv = 0, is_default, rc;
	char *path = NULL;
	if (c->serve_person)
		return err_set(&c->err, JY_EPERM, L("远程登录时不能管理密钥", "keys cannot be managed over SSH"));
	for (int i = 1; i < argc; i++) {
		int f = cli_format_opt(c, "keys", argc, argv, &i, &tsv);
		if (f < 0)
			return JY_EUSAGE;
		if (f)
			continue;
		if (strcmp(argv[i], "--authorized-keys") == 0) {
			if (i + 1 >= argc)
				return cli_usage_error(c, "keys", L("--authorized-keys 缺少文件名", "--authorized-keys needs a file"));
			file = argv[++i];
		} else if (argv[i][0] == '-' && argv[i][1]) {
			return cli_usage_error(c, "keys", L("无法理解参数「%s」", "unexpected argument \"%s\""), argv[i]);
		} else if (nwords < 3) {
			words[nwords++] = argv[i];
		} else {
			return cli_usage_error(c, "keys", L("多余的参数「%s」", "extra argument \"%s\""), argv[i]);
		}
	}
	if (!nwords)
		return cli_usage_error(c, "keys", L("缺少子命令（add、list、rm）", "missing the subcommand (add, list, rm)"));
	/* root's own authorized_keys is never the service account's: say so instead of writing there. */
	if (!file && getuid() == 0)
		return err_set(&c->err, JY_EPERM,
			       L("请以服务账号运行 keys（如 runuser -u jiaoyan -- jiaoyan keys …），而不是 root；"
				 "或用 --authorized-keys 指定文件",
				 "run keys as the service account (e.g. runuser -u jiaoyan -- jiaoyan keys …), not as root; "
				 "or name the file with --authorized-keys"));
	path = keys_path(file, &is_default);
	if (strcmp(words[0], "add") == 0 && nwords == 3)
		rc = keys_add(c, path, is_default, words[1], words[2]);
	else if (strcmp(words[0], "list") == 0 && nwords == 1)
		rc = keys_list(c, path, tsv);
	else if (strcmp(words[0], "rm") == 0 && nwords == 2)
		rc = keys_rm(c, path, words[1]);
	else
		rc = cli_usage_error(c, "keys", L("用法：keys add 工号 公钥文件 | keys list | keys rm 工号|指纹",
						  "usage: keys add PERSON KEYFILE | keys list | keys rm PERSON|FINGERPRINT"));
	free(path);
	return rc;
}
