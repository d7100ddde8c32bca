/* url: remote URL parsing with the character rules that keep paths away from shells and ssh options. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/url.h"

#define URL_MAX 4096
#define HOST_MAX 253
#define SSH_PORT 22
#define HTTPS_PORT 443

/* Characters a repository path never needs and a shell, ssh or URL parser would act on. */
static const char path_refused[] = ";&|<>$`(){}\\'\"*?!~[]%#";

void url_free(struct url *u)
{
	if (!u)
		return;
	free(u->user);
	free(u->host);
	free(u->path);
	free(u);
}

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

static int is_hex(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

static char *lower_dup(const char *s, size_t n)
{
	char *d = xstrndup(s, n);
	for (char *p = d; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return d;
}

/* Spaces people cannot see or tell apart: no-break, the U+2000 block's spaces and marks, ideographic space, BOM. */
static int invisible(uint32_t cp)
{
	return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) ||
	       (cp >= 0x205F && cp <= 0x206F) || cp == 0x3000 || cp == 0xFEFF;
}

/* Whole-input rules: valid UTF-8, no control characters, no spaces of any kind. */
static int check_text(const char *s, size_t len, struct jy_err *err)
{
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int bad = 0;
		size_t n = text_decode(s + i, len - i, &cp, &bad);
		if (bad)
			return err_set(err, JY_EINVAL, L("远程地址第 %zu 字节不是有效的 UTF-8", "remote URL byte %zu is not valid UTF-8"),
				       i + 1);
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return err_set(err, JY_EINVAL,
				       L("远程地址第 %zu 字节是控制字符 U+%04X，不允许", "remote URL byte %zu is the control character U+%04X, which is not allowed"),
				       i + 1, (unsigned)cp);
		if (cp == ' ' || invisible(cp))
			return err_set(err, JY_EINVAL,
				       L("远程地址第 %zu 字节是空格或不可见字符 U+%04X：地址中不能有空白",
					 "remote URL byte %zu is a space or invisible character U+%04X: a URL holds no blanks"),
				       i + 1, (unsigned)cp);
		i += n;
	}
	return 0;
}

/*
 * Path rules (see url.h). at is the path's offset in the whole input, for
 * messages; tilde_at is the one offset within the path where '~' may stand
 * (-1 for none); local forbids ':' too.
 */
static int check_path(const char *path, size_t at, long tilde_at, int local, struct jy_err *err)
{
	size_t n = strlen(path);
	if (n == 0 || strcmp(path, "/") == 0)
		return err_set(err, JY_EINVAL, L("远程地址缺少仓库路径", "the remote URL has no repository path"));
	if (path[0] == '-')
		return err_set(err, JY_EINVAL,
			       L("远程地址的路径不能以 - 开头（git-upload-pack 会把它当作选项）",
				 "the remote URL's path must not begin with - (git-upload-pack would take it for an option)"));
	for (size_t i = 0; i < n; i++) {
		char c = path[i];
		if (c == '~' && (long)i == tilde_at)
			continue;
		if (c == '~' && local)
			return err_set(err, JY_EINVAL,
				       L("本地路径第 %zu 字节是 ~：这里没有程序会把它展开成主目录，请写出完整路径",
					 "local path byte %zu is ~: nothing expands it to a home directory here, write the full path"),
				       at + i + 1);
		if (c == ':' && local)
			return err_set(err, JY_EINVAL,
				       L("本地路径第 %zu 字节是冒号：libgit2 会把含冒号的路径当作 SSH 地址（host:path）",
					 "local path byte %zu is a colon: libgit2 takes any path with a colon for an SSH address (host:path)"),
				       at + i + 1);
		if (strchr(path_refused, c))
			return err_set(err, JY_EINVAL,
				       L("远程地址第 %zu 字节是 '%c'：仓库路径中不允许 shell 元字符 ; & | < > $ ` ( ) { } \\ ' \" * ? ! ~ [ ] %% #（~ 只能用在 SSH 路径开头，如 ~/repo）",
					 "remote URL byte %zu is '%c': repository paths may not hold the shell metacharacters ; & | < > $ ` ( ) { } \\ ' \" * ? ! ~ [ ] %% # (~ only at the start of an SSH path, as in ~/repo)"),
				       at + i + 1, c);
	}
	return 0;
}

static int check_user(const char *user, size_t n, struct jy_err *err)
{
	if (n == 0)
		return err_set(err, JY_EINVAL, L("远程地址中 @ 前的用户名为空", "the user name before @ in the remote URL is empty"));
	if (memchr(user, ':', n))
		return err_set(err, JY_EINVAL,
			       L("远程地址中不能写密码（user:password@）：密码会留在配置文件里；SSH 请用密钥，https 请用凭据助手",
				 "the remote URL must not hold a password (user:password@): it would sit in the configuration file; use a key for SSH, a credential helper for https"));
	if (user[0] == '-')
		return err_set(err, JY_EINVAL,
			       L("远程地址的用户名不能以 - 开头（ssh 会把它当作选项）",
				 "the remote URL's user name must not begin with - (ssh would take it for an option)"));
	for (size_t i = 0; i < n; i++)
		if (!is_alnum(user[i]) && user[i] != '.' && user[i] != '_' && user[i] != '-')
			return err_set(err, JY_EINVAL,
				       L("远程地址的用户名只能含字母、数字和 . _ -", "the remote URL's user name may hold only letters, digits and . _ -"));
	return 0;
}

static int check_hostname(const char *host, size_t n, struct jy_err *err)
{
	if (n == 0)
		return err_set(err, JY_EINVAL, L("远程地址缺少主机名", "the remote URL has no host name"));
	if (host[0] == '-')
		return err_set(err, JY_EINVAL,
			       L("远程地址的主机名不能以 - 开头（ssh 会把它当作选项）",
				 "the remote URL's host name must not begin with - (ssh would take it for an option)"));
	if (n > HOST_MAX)
		return err_set(err, JY_EINVAL, L("远程地址的主机名超过 %d 字节", "the remote URL's host name is longer than %d bytes"),
			       HOST_MAX);
	for (size_t i = 0; i < n; i++) {
		if (host[i] == '.' && (i == 0 || i == n - 1 || host[i + 1] == '.'))
			return err_set(err, JY_EINVAL,
				       L("远程地址的主机名有空的一段（. 在开头、结尾或连续出现）",
					 "the remote URL's host name has an empty label (a . at either end or two in a row)"));
		if (!is_alnum(host[i]) && host[i] != '.' && host[i] != '-' && host[i] != '_')
			return err_set(err, JY_EINVAL,
				       L("远程地址的主机名只能含字母、数字和 . - _（IPv6 地址写在方括号里：ssh://[::1]/path）",
					 "the remote URL's host name may hold only letters, digits and . - _ (write IPv6 addresses in brackets: ssh://[::1]/path)"));
	}
	return 0;
}

static int check_ipv6(const char *host, size_t n, struct jy_err *err)
{
	size_t colons = 0;
	for (size_t i = 0; i < n; i++) {
		if (host[i] == ':')
			colons++;
		else if (!is_hex(host[i]) && host[i] != '.')
			return err_set(err, JY_EINVAL,
				       L("方括号里的 IPv6 地址只能含十六进制数字、: 和 .（不支持 %%网卡 区域）",
					 "an IPv6 address in brackets may hold only hex digits, : and . (no %%interface zone)"));
	}
	if (colons < 2 || n > 45)
		return err_set(err, JY_EINVAL, L("方括号里不是 IPv6 地址", "the address in brackets is not an IPv6 address"));
	return 0;
}

static int parse_port(int *port, const char *s, size_t n, struct jy_err *err)
{
	long v = 0;
	if (n == 0)
		return err_set(err, JY_EINVAL, L("远程地址中 : 后的端口为空", "the port after : in the remote URL is empty"));
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return err_set(err, JY_EINVAL, L("远程地址的端口只能是数字", "the remote URL's port must be digits only"));
		if (v <= 65535)
			v = v * 10 + (s[i] - '0');
	}
	if (v < 1 || v > 65535)
		return err_set(err, JY_EINVAL, L("远程地址的端口必须在 1–65535 之间", "the remote URL's port must be within 1–65535"));
	*port = (int)v;
	return 0;
}

/* authority = [user@]host[:port] of an ssh:// or https:// URL, filling u. */
static int parse_authority(struct url *u, const char *a, size_t n, int default_port, struct jy_err *err)
{
	const char *at = memchr(a, '@', n), *host = a, *end = a + n, *colon;
	int rc;
	if (at) {
		if ((rc = check_user(a, (size_t)(at - a), err)) < 0)
			return rc;
		u->user = xstrndup(a, (size_t)(at - a));
		host = at + 1;
	}
	if (host < end && *host == '[') {
		const char *close = memchr(host, ']', (size_t)(end - host));
		if (!close)
			return err_set(err, JY_EINVAL, L("远程地址的 IPv6 地址缺少 ]", "the remote URL's IPv6 address lacks its ]"));
		if ((rc = check_ipv6(host + 1, (size_t)(close - host - 1), err)) < 0)
			return rc;
		u->host = lower_dup(host + 1, (size_t)(close - host - 1));
		colon = close + 1 < end ? close + 1 : NULL;
		if (colon && *colon != ':')
			return err_set(err, JY_EINVAL, L("远程地址中 ] 后只能跟 :端口", "in the remote URL only :port may follow ]"));
	} else {
		colon = memchr(host, ':', (size_t)(end - host));
		size_t hn = colon ? (size_t)(colon - host) : (size_t)(end - host);
		if ((rc = check_hostname(host, hn, err)) < 0)
			return rc;
		u->host = lower_dup(host, hn);
	}
	u->port = default_port;
	if (colon)
		return parse_port(&u->port, colon + 1, (size_t)(end - colon - 1), err);
	return 0;
}

/* scheme://authority/path for ssh and https. */
static int parse_url_form(struct url *u, const char *s, size_t rest_at, int default_port, struct jy_err *err)
{
	const char *a = s + rest_at, *slash = strchr(a, '/');
	int rc;
	if ((rc = parse_authority(u, a, slash ? (size_t)(slash - a) : strlen(a), default_port, err)) < 0)
		return rc;
	if (!slash)
		return err_set(err, JY_EINVAL, L("远程地址缺少仓库路径", "the remote URL has no repository path"));
	/* "/~/repo" is home-relative: libgit2 drops the slash before ~ for ssh. */
	if ((rc = check_path(slash, (size_t)(slash - s), u->scheme == URL_SSH ? 1 : -1, 0, err)) < 0)
		return rc;
	u->path = xstrdup(slash);
	return 0;
}

static int parse_scp(struct url *u, const char *s, struct jy_err *err)
{
	const char *colon = strchr(s, ':'), *at = memchr(s, '@', (size_t)(colon - s)), *host = s;
	int rc;
	if (at) {
		if ((rc = check_user(s, (size_t)(at - s), err)) < 0)
			return rc;
		u->user = xstrndup(s, (size_t)(at - s));
		host = at + 1;
	}
	if (*host == '[')
		return err_set(err, JY_EINVAL,
			       L("scp 形式（host:path）不能写方括号：IPv6 地址或端口请用 ssh://[::1]:2222/path 形式",
				 "the scp-like form (host:path) takes no brackets: for an IPv6 address or a port write ssh://[::1]:2222/path"));
	if ((rc = check_hostname(host, (size_t)(colon - host), err)) < 0)
		return rc;
	if ((rc = check_path(colon + 1, (size_t)(colon + 1 - s), 0, 0, err)) < 0)
		return rc;
	u->scp = 1;
	u->host = lower_dup(host, (size_t)(colon - host));
	u->port = SSH_PORT;
	u->path = xstrdup(colon + 1);
	return 0;
}

int url_parse(struct url **out, const char *s, struct jy_err *err)
{
	struct url *u = xcalloc(1, sizeof(*u));
	size_t len = strlen(s), sl = 0;
	int rc;
	if (len == 0) {
		rc = err_set(err, JY_EINVAL, L("远程地址为空", "the remote URL is empty"));
		goto cleanup;
	}
	if (len > URL_MAX) {
		rc = err_set(err, JY_EINVAL, L("远程地址超过 %d 字节", "the remote URL is longer than %d bytes"), URL_MAX);
		goto cleanup;
	}
	if ((rc = check_text(s, len, err)) < 0)
		goto cleanup;
	/* A scheme is what libgit2 takes for one: [A-Za-z0-9+.-]* followed by "://". */
	while (is_alnum(s[sl]) || s[sl] == '+' || s[sl] == '-' || s[sl] == '.')
		sl++;
	if (strncmp(s + sl, "://", 3) == 0) {
		char *scheme = lower_dup(s, sl);
		if (strcmp(scheme, "ssh") == 0 || strcmp(scheme, "ssh+git") == 0 || strcmp(scheme, "git+ssh") == 0) {
			u->scheme = URL_SSH;
			rc = parse_url_form(u, s, sl + 3, SSH_PORT, err);
		} else if (strcmp(scheme, "https") == 0) {
			u->scheme = URL_HTTPS;
			rc = parse_url_form(u, s, sl + 3, HTTPS_PORT, err);
		} else if (strcmp(scheme, "file") == 0) {
			u->scheme = URL_FILE;
			if (s[sl + 3] != '/')
				rc = err_set(err, JY_EINVAL,
					     L("file 地址必须写成 file:///绝对路径（三个斜杠，没有主机名）",
					       "a file URL must be file:///absolute/path (three slashes, no host name)"));
			else if ((rc = check_path(s + sl + 3, sl + 3, -1, 0, err)) == 0)
				u->path = xstrdup(s + sl + 3);
		} else if (strcmp(scheme, "http") == 0) {
			rc = err_set(err, JY_EINVAL,
				     L("不接受 http:// 地址：数据和登录凭据会明文经过网络，途中可被窃听或篡改。请用 https:// 或 SSH",
				       "http:// URLs are refused: data and credentials would cross the network unencrypted, open to eavesdropping and tampering. Use https:// or SSH"));
		} else if (strcmp(scheme, "git") == 0) {
			rc = err_set(err, JY_EINVAL,
				     L("不接受 git:// 地址：它既不加密也不验证服务器。请用 SSH 或 https://",
				       "git:// URLs are refused: they neither encrypt nor authenticate the server. Use SSH or https://"));
		} else {
			rc = err_set(err, JY_EINVAL,
				     L("不支持的远程地址协议“%s”（只支持 ssh://、user@host:path、file:///、本地路径和 https://）",
				       "unsupported remote URL scheme \"%s\" (only ssh://, user@host:path, file:///, local paths and https://)"),
				     scheme);
		}
		free(scheme);
	} else if (strchr(s, ':')) {
		const char *colon = strchr(s, ':'), *slash = strchr(s, '/');
		if (slash && slash < colon)
			rc = err_set(err, JY_EINVAL,
				     L("本地路径第 %zu 字节是冒号：libgit2 会把含冒号的路径当作 SSH 地址（host:path）",
				       "local path byte %zu is a colon: libgit2 takes any path with a colon for an SSH address (host:path)"),
				     (size_t)(colon - s) + 1);
		else if (colon == s)
			rc = err_set(err, JY_EINVAL, L("远程地址缺少主机名", "the remote URL has no host name"));
		else {
			u->scheme = URL_SSH;
			rc = parse_scp(u, s, err);
		}
	} else {
		u->scheme = URL_LOCAL;
		if ((rc = check_path(s, 0, -1, 1, err)) == 0)
			u->path = xstrdup(s);
	}
	if (rc == 0) {
		*out = u;
		u = NULL;
	}
cleanup:
	url_free(u);
	return rc;
}

static void put_host(struct buf *out, const struct url *u)
{
	if (u->user)
		buf_printf(out, "%s@", u->user);
	if (strchr(u->host, ':'))
		buf_printf(out, "[%s]", u->host);
	else
		buf_puts(out, u->host);
}

void url_format(struct buf *out, const struct url *u)
{
	switch (u->scheme) {
	case URL_SSH:
		if (u->scp) {
			put_host(out, u);
			buf_printf(out, ":%s", u->path);
			break;
		}
		buf_puts(out, "ssh://");
		put_host(out, u);
		if (u->port != SSH_PORT)
			buf_printf(out, ":%d", u->port);
		buf_puts(out, u->path);
		break;
	case URL_HTTPS:
		buf_puts(out, "https://");
		put_host(out, u);
		if (u->port != HTTPS_PORT)
			buf_printf(out, ":%d", u->port);
		buf_puts(out, u->path);
		break;
	case URL_FILE:
		buf_printf(out, "file://%s", u->path);
		break;
	case URL_LOCAL:
		buf_puts(out, u->path);
		break;
	}
}

int url_remote_name_valid(const char *name, struct jy_err *err)
{
	size_t n = strlen(name);
	if (n == 0)
		return err_set(err, JY_EINVAL, L("远程名称为空", "the remote name is empty"));
	if (n > 32)
		return err_set(err, JY_EINVAL, L("远程名称超过 32 个字符", "the remote name is longer than 32 characters"));
	for (size_t i = 0; i < n; i++) {
		char c = name[i];
		int ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '.' || c == '_' || c == '-'));
		if (!ok)
			return err_set(err, JY_EINVAL,
				       L("远程名称第 %zu 个字符不合规则：只能用小写字母、数字和 . _ -，且以字母或数字开头（最多 32 个字符）",
					 "remote name character %zu breaks the rule: lower-case letters, digits and . _ - only, starting with a letter or digit (at most 32)"),
				       i + 1);
	}
	return 0;
}
