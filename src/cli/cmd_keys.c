/* cmd_keys: `jiaoyan keys` — the service account's authorized_keys lines that make `serve PERSON` the forced command. */
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
#include "jiaoyan/digest.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/text.h"

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
	if (cli_split_words(&words, cmd.ptr, NULL) == 0 && words.len >= 3 && strcmp(words.items[words.len - 2], "serve") == 0)
		person = xstrdup(words.items[words.len - 1]);
	else if (words.len >= 4 && strcmp(words.items[words.len - 3], "serve") == 0 &&
		 strcmp(words.items[words.len - 2], "--school") == 0)
		person = xasprintf("school:%s", (const char *)words.items[words.len - 1]);
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
	size_t tl = strlen(k->type);
	int rc = 0;
	/* The blob starts with the type as an SSH string: a length, then the name. */
	int bad = digest_base64_decode(&blob, k->b64, strlen(k->b64), DIGEST_B64_PADDED, NULL);
	const unsigned char *b = (const unsigned char *)blob.ptr;
	if (bad || blob.len < 4 + tl ||
	    ((uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | (uint32_t)b[3]) != tl ||
	    memcmp(blob.ptr + 4, k->type, tl) != 0)
		rc = err_set(err, JY_EINVAL, L("公钥数据损坏（不是 %s 类型的公钥）", "the public key is damaged (not a %s key)"), k->type);
	else
		rc = digest_ssh_fingerprint(out, blob.ptr, blob.len, err);
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
	if ((rc = command_word(cmd, "serve", err)))
		return rc;
	/* "school:S" is a campus server, served for sync only. */
	if (strncmp(person, "school:", 7) == 0 && (rc = command_word(cmd, "--school", err)) == 0)
		return command_word(cmd, person + 7, err);
	return command_word(cmd, person, err);
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

/* The person a key is for, or for "school:S" the school (a campus server's key). */
static int key_owner(struct record **out, struct store *s, const char *who, struct jy_err *err)
{
	if (strncmp(who, "school:", 7) != 0)
		return roster_person(out, s, who, err);
	struct buf path = BUF_INIT;
	const char *school = who + 7;
	int rc = 0;
	buf_printf(&path, "schools/%s.ini", school);
	if (!id_component_valid(school) || store_read(out, s, path.ptr, NULL) != 0)
		rc = err_set(err, JY_ENOTFOUND, L("没有学校「%s」", "no school \"%s\""), school);
	buf_release(&path);
	return rc;
}

static int keys_add(struct cli *c, const char *path, int is_default, const char *person, const char *file)
{
	struct key_line k = { 0 }, old;
	struct buf data = BUF_INIT, cmd = BUF_INIT, fp = BUF_INIT, ofp = BUF_INIT;
	struct record *p = NULL;
	struct store *s;
	int rc;
	if ((rc = cli_store(c, &s)) || (rc = key_owner(&p, s, person, &c->err)) ||
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
	const char *name = record_get(p, "person", "name") ? record_get(p, "person", "name")
			   : record_get(p, "school", "name") ? record_get(p, "school", "name") : person;
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

/* root's own authorized_keys is never the service account's: say so instead of writing there. */
static int keys_file(char **path, int *is_default, struct cli *c, const struct cli_args *a)
{
	const char *file = cli_opt(a, "--authorized-keys");
	if (!file && getuid() == 0)
		return err_set(&c->err, JY_EPERM,
			       L("请以服务账号运行 keys（如 runuser -u jiaoyan -- jiaoyan keys …），而不是 root；"
				 "或用 --authorized-keys 指定文件",
				 "run keys as the service account (e.g. runuser -u jiaoyan -- jiaoyan keys …), not as root; "
				 "or name the file with --authorized-keys"));
	*path = keys_path(file, is_default);
	return 0;
}

int cmd_keys_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const char *school = cli_opt(a, "--school");
	char *path = NULL, *who = NULL;
	int is_default, rc;
	/* PERSON KEYFILE, or --school S KEYFILE. */
	if ((school ? 1u : 2u) != cli_noperands(a))
		return cli_usage_error(c, cmd->name, "%s",
				       L("用法：keys add PERSON KEYFILE，或 keys add --school S KEYFILE",
					 "usage: keys add PERSON KEYFILE, or keys add --school S KEYFILE"));
	who = school ? xasprintf("school:%s", school) : xstrdup(cli_operand(a, 0));
	if ((rc = keys_file(&path, &is_default, c, a)) == 0)
		rc = keys_add(c, path, is_default, who, cli_operand(a, school ? 0 : 1));
	free(path);
	free(who);
	return rc;
}

int cmd_keys_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	char *path = NULL;
	int is_default, rc;
	(void)cmd;
	if ((rc = keys_file(&path, &is_default, c, a)) == 0)
		rc = keys_list(c, path, cli_tsv(a));
	free(path);
	return rc;
}

int cmd_keys_rm(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	char *path = NULL;
	int is_default, rc;
	(void)cmd;
	if ((rc = keys_file(&path, &is_default, c, a)) == 0)
		rc = keys_rm(c, path, cli_operand(a, 0));
	free(path);
	return rc;
}
