/* hostkey: known_hosts matching (plain, wildcard, hashed, revoked), pinned fingerprints and client key types. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <nettle/hmac.h>
#include <nettle/sha1.h>
#include <sodium.h>

#include "jiaoyan/hostkey.h"

#define SSH_PORT 22
/* Key files are a few KB; known_hosts of a busy admin a few MB at most. */
#define KEY_FILE_MAX (1u << 20)
#define KNOWN_HOSTS_MAX (64u << 20)

const char *hostkey_type_name(int raw_type)
{
	switch (raw_type) {
	case GIT_CERT_SSH_RAW_TYPE_RSA:
		return "ssh-rsa";
	case GIT_CERT_SSH_RAW_TYPE_DSS:
		return "ssh-dss";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
		return "ecdsa-sha2-nistp256";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
		return "ecdsa-sha2-nistp384";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
		return "ecdsa-sha2-nistp521";
	case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
		return "ssh-ed25519";
	default:
		return NULL;
	}
}

/* One SSH wire "string" (big-endian uint32 length, then the bytes) at *p. */
static int wire_string(const unsigned char **p, const unsigned char *end, const unsigned char **s, size_t *n)
{
	if (end - *p < 4)
		return -1;
	uint32_t len = (uint32_t)(*p)[0] << 24 | (uint32_t)(*p)[1] << 16 | (uint32_t)(*p)[2] << 8 | (*p)[3];
	*p += 4;
	if ((size_t)(end - *p) < len)
		return -1;
	*s = *p;
	*n = len;
	*p += len;
	return 0;
}

/* Type names are short printable ASCII ("sk-ecdsa-sha2-nistp256@openssh.com" is the longest in use). */
static int type_name_ok(const unsigned char *s, size_t n)
{
	if (n == 0 || n > 64)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (s[i] <= 0x20 || s[i] >= 0x7f)
			return 0;
	return 1;
}

/* The blob's type name, or -1 when it has none; no message (callers word their own). */
static int blob_type(struct buf *type, const void *blob, size_t len)
{
	const unsigned char *p = blob, *s;
	size_t n;
	if (!blob || wire_string(&p, p + len, &s, &n) < 0 || !type_name_ok(s, n))
		return -1;
	buf_reset(type);
	buf_add(type, s, n);
	return 0;
}

int hostkey_blob_type(struct buf *type, const void *blob, size_t len, struct jy_err *err)
{
	if (blob_type(type, blob, len) < 0)
		return err_set(err, JY_EINVAL,
			       L("SSH 密钥数据（%zu 字节）格式不对：开头没有密钥类型名", "SSH key data (%zu bytes) is malformed: it does not start with a key type name"),
			       len);
	return 0;
}

static void base64(struct buf *out, const void *bin, size_t len, int variant)
{
	size_t n = sodium_base64_ENCODED_LEN(len, variant);
	buf_grow(out, n);
	sodium_bin2base64(out->ptr + out->len, n, bin, len, variant);
	out->len += strlen(out->ptr + out->len);
}

/* Standard base64 with or without padding into out (replaced); -1 when it is not base64. */
static int unbase64(struct buf *out, const char *s, size_t n, const char *ignore)
{
	size_t max = n / 4 * 3 + 3, got = 0;
	buf_reset(out);
	buf_grow(out, max);
	if (sodium_base642bin((unsigned char *)out->ptr, max, s, n, ignore, &got, NULL, sodium_base64_VARIANT_ORIGINAL) < 0 &&
	    sodium_base642bin((unsigned char *)out->ptr, max, s, n, ignore, &got, NULL,
			      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) < 0)
		return -1;
	out->len = got;
	out->ptr[got] = '\0';
	return 0;
}

void hostkey_fingerprint(struct buf *out, const void *blob, size_t len)
{
	unsigned char digest[crypto_hash_sha256_BYTES];
	if (sodium_init() < 0) {
		/* Only libsodium's random generator needs what failed; hashing and base64 do not. */
	}
	crypto_hash_sha256(digest, blob, len);
	buf_puts(out, "SHA256:");
	base64(out, digest, sizeof(digest), sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
}

/* The name OpenSSH looks host:port up by: "host" on port 22, "[host]:port" otherwise. */
static void lookup_name(struct buf *out, const char *host, int port)
{
	size_t n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	buf_reset(out);
	if (port != SSH_PORT)
		buf_putc(out, '[');
	for (size_t i = 0; i < n; i++)
		buf_putc(out, (char)(host[i] >= 'A' && host[i] <= 'Z' ? host[i] - 'A' + 'a' : host[i]));
	if (port != SSH_PORT)
		buf_printf(out, "]:%d", port);
}

void hostkey_known_hosts_line(struct buf *out, const char *host, int port, const char *type, const void *blob,
			      size_t len)
{
	struct buf name = BUF_INIT;
	lookup_name(&name, host, port);
	buf_printf(out, "%s %s ", name.ptr, type);
	base64(out, blob, len, sodium_base64_VARIANT_ORIGINAL);
	buf_release(&name);
}

int hostkey_pin_valid(const char *pin, struct jy_err *err)
{
	static const char prefix[] = "SHA256:";
	size_t n = strlen(pin), i;
	int ok = strncmp(pin, prefix, sizeof(prefix) - 1) == 0;
	for (i = sizeof(prefix) - 1; ok && i < n && !(pin[i] == '=' && i == n - 1); i++)
		ok = (pin[i] >= 'A' && pin[i] <= 'Z') || (pin[i] >= 'a' && pin[i] <= 'z') || (pin[i] >= '0' && pin[i] <= '9') ||
		     pin[i] == '+' || pin[i] == '/';
	if (!ok || i - (sizeof(prefix) - 1) != 43)
		return err_set(err, JY_EINVAL,
			       L("固定的主机密钥指纹“%s”格式不对：应为 SHA256: 加 43 个 base64 字符，与 ssh-keygen -lf 的输出一致",
				 "pinned host key fingerprint \"%s\" is malformed: it must be SHA256: followed by 43 base64 characters, as ssh-keygen -lf prints"),
			       pin);
	return 0;
}

/* pin equals fp ("SHA256:" + 43 characters) apart from a tolerated trailing '='. */
static int pin_matches(const char *pin, const char *fp)
{
	size_t n = strlen(fp);
	return strncmp(pin, fp, n) == 0 && (pin[n] == '\0' || (pin[n] == '=' && pin[n + 1] == '\0'));
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

/* '*' and '?' wildcards, ASCII case-insensitive; backtracks to the last '*' only, which is enough. */
static int wild_match(const char *s, size_t slen, const char *p, size_t plen)
{
	size_t si = 0, pi = 0, star = SIZE_MAX, mark = 0;
	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			star = pi++;
			mark = si;
		} else if (pi < plen && (p[pi] == '?' || lower((unsigned char)p[pi]) == lower((unsigned char)s[si]))) {
			si++;
			pi++;
		} else if (star != SIZE_MAX) {
			pi = star + 1;
			si = ++mark;
		} else {
			return 0;
		}
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

/* 1 when the comma-separated pattern list names `name`; a matching '!' pattern vetoes the line. */
static int patterns_match(const char *list, const char *name)
{
	size_t nlen = strlen(name);
	int hit = 0;
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ',');
		size_t plen = end ? (size_t)(end - p) : strlen(p);
		int neg = plen > 0 && p[0] == '!';
		if (wild_match(name, nlen, p + neg, plen - (size_t)neg)) {
			if (neg)
				return 0;
			hit = 1;
		}
		p += plen + (end ? 1 : 0);
	}
	return hit;
}

/* "|1|salt|hash": 1 when HMAC-SHA1(salt, name) is hash; -1 when the entry is malformed. */
static int hashed_match(const char *entry, const char *name)
{
	struct buf salt = BUF_INIT, hash = BUF_INIT;
	const char *s = entry + 3, *bar = strchr(s, '|');
	uint8_t digest[SHA1_DIGEST_SIZE];
	int rc = -1;
	if (!bar || unbase64(&salt, s, (size_t)(bar - s), NULL) < 0 || salt.len == 0 ||
	    unbase64(&hash, bar + 1, strlen(bar + 1), NULL) < 0 || hash.len != SHA1_DIGEST_SIZE)
		goto cleanup;
	struct hmac_sha1_ctx ctx;
	hmac_sha1_set_key(&ctx, salt.len, (const uint8_t *)salt.ptr);
	hmac_sha1_update(&ctx, strlen(name), (const uint8_t *)name);
	hmac_sha1_digest(&ctx, SHA1_DIGEST_SIZE, digest);
	rc = memcmp(digest, hash.ptr, SHA1_DIGEST_SIZE) == 0;
cleanup:
	buf_release(&salt);
	buf_release(&hash);
	return rc;
}

static int host_field_matches(const char *field, const char *name)
{
	if (strncmp(field, "|1|", 3) == 0)
		return hashed_match(field, name) == 1;
	if (field[0] == '|')
		return 0; /* a hash scheme we do not know */
	return patterns_match(field, name);
}

/*
 * Reads the whole file into out. *missing = 1 (and 0 returned) when it does
 * not exist; JY_EIO when it exists but cannot be read (permissions, a
 * directory) or is larger than max.
 */
static int read_file(struct buf *out, int *missing, const char *path, size_t max, struct jy_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	*missing = 0;
	if (fd < 0 && errno == ENOENT) {
		*missing = 1;
		return 0;
	}
	if (fd < 0)
		goto fail;
	for (;;) {
		buf_grow(out, 8192);
		ssize_t n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (out->len > max) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	rc = err_set(err, JY_EIO, L("无法读取 %s：%s", "cannot read %s: %s"), path, strerror(errno));
	if (fd >= 0)
		close(fd);
	return rc;
}

enum { MARK_NONE, MARK_REVOKED, MARK_CA, MARK_UNKNOWN };

/* One known_hosts line split in place; 0 when it holds an entry, -1 for comments, blanks and junk. */
struct kh_entry {
	int marker;
	char *hosts;
	char *type;
	struct buf blob;
};

static char *next_field(char **p)
{
	char *s = *p;
	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s)
		return NULL;
	char *e = s;
	while (*e && *e != ' ' && *e != '\t')
		e++;
	if (*e)
		*e++ = '\0';
	*p = e;
	return s;
}

static int parse_line(struct kh_entry *e, char *line, struct buf *scratch)
{
	char *p = line, *f = next_field(&p), *key;
	if (!f || f[0] == '#')
		return -1;
	e->marker = MARK_NONE;
	if (f[0] == '@') {
		e->marker = strcmp(f, "@revoked") == 0 ? MARK_REVOKED : strcmp(f, "@cert-authority") == 0 ? MARK_CA : MARK_UNKNOWN;
		f = next_field(&p);
	}
	e->hosts = f;
	e->type = next_field(&p);
	key = next_field(&p);
	if (!e->hosts || !e->type || !key || e->marker == MARK_UNKNOWN)
		return -1;
	/* The key must decode and carry the type the line claims (SSH-1 "bits e n" lines do neither). */
	if (unbase64(&e->blob, key, strlen(key), NULL) < 0 || blob_type(scratch, e->blob.ptr, e->blob.len) < 0 ||
	    strcmp(scratch->ptr, e->type) != 0)
		return -1;
	return 0;
}

/* What the file says about one host and key. Line numbers are 1-based, 0 = none. */
struct verdict {
	size_t match_line, revoked_line, changed_line;
	struct vec other_types; /* owned char *: types the host is listed with, other than the offered one */
};

/* Lines are cut in place. A NUL byte ends its line's text, as with OpenSSH's getline(), but
 * not the file: the lines after it (an @revoked line least of all) still count. */
static void scan(struct verdict *v, char *data, size_t size, const char *name, const char *type, const void *blob,
		 size_t len)
{
	struct kh_entry e = { 0, NULL, NULL, BUF_INIT };
	struct buf scratch = BUF_INIT;
	size_t lineno = 0;
	for (char *line = data, *stop = data + size; line < stop;) {
		char *nl = memchr(line, '\n', (size_t)(stop - line)), *next = nl ? nl + 1 : stop;
		size_t n = strnlen(line, (size_t)((nl ? nl : stop) - line));
		line[n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[n - 1] = '\0';
		lineno++;
		if (parse_line(&e, line, &scratch) == 0 && e.marker != MARK_CA) {
			int same_key = e.blob.len == len && memcmp(e.blob.ptr, blob, len) == 0;
			if (e.marker == MARK_REVOKED) {
				if (same_key && !v->revoked_line)
					v->revoked_line = lineno;
			} else if (host_field_matches(e.hosts, name)) {
				if (same_key) {
					if (!v->match_line)
						v->match_line = lineno;
				} else if (strcmp(e.type, type) == 0) {
					if (!v->changed_line)
						v->changed_line = lineno;
				} else if (!vec_has_str(&v->other_types, e.type)) {
					vec_push_str(&v->other_types, e.type);
				}
			}
		}
		line = next;
	}
	buf_release(&e.blob);
	buf_release(&scratch);
}

/* Where the server's administrator finds the fingerprint to compare with. */
static const char *server_key_file(const char *type)
{
	if (strcmp(type, "ssh-ed25519") == 0)
		return "/etc/ssh/ssh_host_ed25519_key.pub";
	if (strncmp(type, "ecdsa-", 6) == 0)
		return "/etc/ssh/ssh_host_ecdsa_key.pub";
	if (strcmp(type, "ssh-rsa") == 0)
		return "/etc/ssh/ssh_host_rsa_key.pub";
	if (strcmp(type, "ssh-dss") == 0)
		return "/etc/ssh/ssh_host_dsa_key.pub";
	return "/etc/ssh/ssh_host_*_key.pub";
}

static void join(struct buf *out, const struct vec *v)
{
	for (size_t i = 0; i < v->len; i++)
		buf_printf(out, "%s%s", i ? ", " : "", (const char *)v->items[i]);
}

static int check_args(const char *host, int port, const struct vec *pins, struct jy_err *err)
{
	if (!host || !*host)
		return err_set(err, JY_EINVAL, L("主机名为空，无法核对主机密钥", "empty host name: cannot check the host key"));
	/* Host names and IP addresses only: the name goes into messages and shell commands we suggest. */
	size_t n = strlen(host);
	int bracketed = n >= 2 && host[0] == '[' && host[n - 1] == ']';
	for (size_t i = bracketed; i < n - (size_t)bracketed; i++)
		if (!((host[i] >= 'a' && host[i] <= 'z') || (host[i] >= 'A' && host[i] <= 'Z') || (host[i] >= '0' && host[i] <= '9') ||
		      host[i] == '.' || host[i] == '-' || host[i] == '_' || host[i] == ':'))
			return err_set(err, JY_EINVAL,
				       L("主机名第 %zu 字节不是字母、数字或 . - _ :，无法核对主机密钥",
					 "host name byte %zu is not a letter, digit or . - _ : so the host key cannot be checked"),
				       i + 1);
	if (port < 1 || port > 65535)
		return err_set(err, JY_EINVAL, L("端口 %d 超出 1–65535", "port %d is outside 1–65535"), port);
	for (size_t i = 0; pins && i < pins->len; i++) {
		int rc = hostkey_pin_valid(pins->items[i], err);
		if (rc)
			return rc;
	}
	return 0;
}

int hostkey_check(const char *known_hosts, const struct vec *pins, const char *host, int port, const char *type,
		  const void *blob, size_t len, struct jy_err *err)
{
	struct buf btype = BUF_INIT, fp = BUF_INIT, name = BUF_INIT, data = BUF_INIT, line = BUF_INIT, list = BUF_INIT;
	struct verdict v = { 0, 0, 0, VEC_INIT(free) };
	int rc, missing = 1;
	const char *kh = known_hosts ? known_hosts : L("（未配置 known_hosts 文件）", "(no known_hosts file configured)");

	if ((rc = check_args(host, port, pins, err)) < 0)
		goto cleanup;
	if ((rc = hostkey_blob_type(&btype, blob, len, err)) < 0)
		goto cleanup;
	if (type && strcmp(type, btype.ptr) != 0) {
		rc = err_set(err, JY_EINVAL,
			     L("主机密钥类型不一致：报告为 %s，密钥数据本身是 %s", "host key type mismatch: reported as %s, but the key data says %s"),
			     type, btype.ptr);
		goto cleanup;
	}
	type = btype.ptr;
	hostkey_fingerprint(&fp, blob, len);
	lookup_name(&name, host, port);
	hostkey_known_hosts_line(&line, host, port, type, blob, len);
	if (known_hosts && (rc = read_file(&data, &missing, known_hosts, KNOWN_HOSTS_MAX, err)) < 0)
		goto cleanup;
	if (!missing)
		scan(&v, data.ptr, data.len, name.ptr, type, blob, len);

	if (v.revoked_line) {
		rc = err_set(err, JY_EPERM,
			     L("主机 %s 提供的 %s 密钥（指纹 %s）已被吊销：%s 第 %zu 行把它标为 @revoked。拒绝连接，请联系服务器管理员。",
			       "host %s offered an %s key (fingerprint %s) that is revoked: %s line %zu marks it @revoked. Refused; contact the server's administrator."),
			     name.ptr, type, fp.ptr, kh, v.revoked_line);
		goto cleanup;
	}
	if (pins && pins->len > 0) {
		for (size_t i = 0; i < pins->len; i++)
			if (pin_matches(pins->items[i], fp.ptr)) {
				rc = 0;
				goto cleanup;
			}
		join(&list, pins);
		rc = err_set(err, JY_EPERM,
			     L("主机 %s 提供的 %s 密钥指纹为 %s，不在配置固定的指纹（%s）之中。可能有人冒充服务器，也可能服务器换了密钥：请先向服务器管理员核对指纹，再修改配置。",
			       "host %s offered an %s key with fingerprint %s, which is not among the fingerprints pinned in the configuration (%s). Someone may be impersonating the server, or its key was replaced: check the fingerprint with the server's administrator before changing the configuration."),
			     name.ptr, type, fp.ptr, list.ptr);
		goto cleanup;
	}
	if (v.match_line) {
		rc = 0;
	} else if (v.changed_line) {
		rc = err_set(err, JY_EPERM,
			     L("主机密钥已改变（HOST KEY CHANGED）：登记的 %s 密钥（%s 第 %zu 行，主机 %s）与服务器现在提供的不同（现在的指纹 %s）。可能有人冒充服务器（中间人攻击），也可能服务器重装后换了密钥。请先向服务器管理员核对指纹；确认是新密钥后，删除旧行（ssh-keygen -R '%s' -f '%s'）再同步。",
			       "HOST KEY CHANGED: the %s key that %s line %zu lists for %s differs from the one the server offers now (fingerprint %s). Someone may be impersonating the server (man-in-the-middle), or the server was reinstalled with a new key. Check the fingerprint with the server's administrator; once the new key is confirmed, remove the old line (ssh-keygen -R '%s' -f '%s') and sync again."),
			     type, kh, v.changed_line, name.ptr, fp.ptr, name.ptr, kh);
		goto cleanup;
	} else if (v.other_types.len > 0) {
		join(&list, &v.other_types);
		rc = err_set(err, JY_EPERM,
			     L("主机密钥已改变（HOST KEY CHANGED）：%s 在 %s 中只登记了 %s 类型的密钥，而服务器提供的是 %s 密钥（指纹 %s）。这可能只是 libssh2 选了另一种密钥类型，也可能有人冒充服务器。请向服务器管理员核对指纹（在服务器上运行 ssh-keygen -lf %s），确认无误后把下面这一行加入 %s：\n%s",
			       "HOST KEY CHANGED: %s is listed in %s only with keys of type %s, but the server offered an %s key (fingerprint %s). libssh2 may simply have chosen another key type, or someone may be impersonating the server. Check the fingerprint with the server's administrator (on the server: ssh-keygen -lf %s); once it matches, add this line to %s:\n%s"),
			     name.ptr, kh, list.ptr, type, fp.ptr, server_key_file(type), kh, line.ptr);
	} else {
		rc = err_set(err, JY_ENOTFOUND,
			     L("未知主机 %s：%s 中没有它的密钥%s。服务器提供的 %s 密钥指纹为 %s。新密钥不会自动信任：请向服务器管理员核对指纹（在服务器上运行 ssh-keygen -lf %s），确认无误后把下面这一行加入 %s：\n%s",
			       "unknown host %s: %s holds no key for it%s. The server offers an %s key with fingerprint %s. A new key is never trusted automatically: check the fingerprint with the server's administrator (on the server: ssh-keygen -lf %s) and, if it matches, add this line to %s:\n%s"),
			     name.ptr, kh, known_hosts && missing ? L("（该文件尚不存在）", " (the file does not exist yet)") : "", type,
			     fp.ptr, server_key_file(type), kh, line.ptr);
	}
cleanup:
	vec_free(&v.other_types);
	buf_release(&btype);
	buf_release(&fp);
	buf_release(&name);
	buf_release(&data);
	buf_release(&line);
	buf_release(&list);
	return rc;
}

int hostkey_check_cert(const git_cert *cert, const char *known_hosts, const struct vec *pins, const char *host,
		       int port, struct jy_err *err)
{
	if (!cert || cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return err_set(err, JY_EINVAL,
			       L("收到的不是 SSH 主机密钥（证书类型 %d），无法按 known_hosts 核对",
				 "the certificate is not an SSH host key (type %d), so it cannot be checked against known_hosts"),
			       cert ? (int)cert->cert_type : -1);
	const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
	if (!(hk->type & GIT_CERT_SSH_RAW) || !hk->hostkey || hk->hostkey_len == 0)
		return err_set(err, JY_EINVAL,
			       L("libgit2 没有给出主机密钥本身（只有摘要），无法与 known_hosts 比对",
				 "libgit2 gave no raw host key (only its hashes), so it cannot be compared with known_hosts"));
	/* NULL for UNKNOWN: libgit2 1.5.1 reports ECDSA P-521 that way; the blob then names its type. */
	return hostkey_check(known_hosts, pins, host, port, hostkey_type_name(hk->raw_type), hk->hostkey, hk->hostkey_len,
			     err);
}

int hostkey_type_is_rsa(const char *type)
{
	return type && (strcmp(type, "ssh-rsa") == 0 || strncmp(type, "ssh-rsa-cert-", 13) == 0 ||
			strncmp(type, "rsa-sha2-", 9) == 0);
}

/* The first field of a public key line (`type base64 comment`), when it looks like a type name. */
static void pub_type(struct buf *type, const char *data)
{
	const char *p = data;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	size_t n = strcspn(p, " \t\r\n");
	if (type_name_ok((const unsigned char *)p, n) && memchr(p, '=', n) == NULL)
		buf_add(type, p, n);
}

/* DER object identifiers (tag, length, value) that name key algorithms and curves. */
static const struct {
	const char *der;
	size_t len;
	const char *type;
} oids[] = {
	{ "\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x01\x01", 11, "ssh-rsa" },         /* rsaEncryption */
	{ "\x06\x07\x2a\x86\x48\xce\x38\x04\x01", 9, "ssh-dss" },                  /* id-dsa */
	{ "\x06\x03\x2b\x65\x70", 5, "ssh-ed25519" },                              /* id-Ed25519 */
	{ "\x06\x08\x2a\x86\x48\xce\x3d\x03\x01\x07", 10, "ecdsa-sha2-nistp256" }, /* prime256v1 */
	{ "\x06\x05\x2b\x81\x04\x00\x22", 7, "ecdsa-sha2-nistp384" },              /* secp384r1 */
	{ "\x06\x05\x2b\x81\x04\x00\x23", 7, "ecdsa-sha2-nistp521" },              /* secp521r1 */
};

/* The first of oids[] found in the first `window` bytes of der; NULL when none. The
 * window keeps random key bytes further on from being taken for an identifier. */
static const char *der_type(const struct buf *der, size_t window)
{
	size_t n = der->len < window ? der->len : window;
	for (size_t i = 0; i < sizeof(oids) / sizeof(oids[0]); i++)
		if (memmem(der->ptr, n, oids[i].der, oids[i].len))
			return oids[i].type;
	return NULL;
}

/* openssh-key-v1: magic, cipher, kdf, kdf options, key count, then the public keys in clear. */
static void openssh_v1_type(struct buf *type, const struct buf *bin)
{
	static const char magic[] = "openssh-key-v1"; /* followed by its NUL */
	const unsigned char *p = (const unsigned char *)bin->ptr, *end = p + bin->len, *s;
	size_t n;
	if (bin->len < sizeof(magic) || memcmp(p, magic, sizeof(magic)) != 0)
		return;
	p += sizeof(magic);
	for (int i = 0; i < 3; i++)
		if (wire_string(&p, end, &s, &n) < 0)
			return;
	if (end - p < 4 || (p[0] | p[1] | p[2] | p[3]) == 0)
		return;
	p += 4;
	if (wire_string(&p, end, &s, &n) == 0)
		(void)blob_type(type, s, n);
}

/* Type from a private key file's own text; leaves type empty when the file does not say. */
static void private_type(struct buf *type, const char *data)
{
	static const char putty[] = "PuTTY-User-Key-File-";
	struct buf body = BUF_INIT, bin = BUF_INIT;
	const char *p = data, *begin, *end;
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (strncmp(p, putty, sizeof(putty) - 1) == 0) {
		const char *colon = strchr(p, ':');
		if (colon)
			pub_type(type, colon + 1);
		return;
	}
	if (strncmp(p, "-----BEGIN ", 11) != 0 || !(end = strstr(p, "-----END ")))
		return;
	begin = p + 11;
	size_t label = strcspn(begin, "-\r\n");
	/* The body without PEM headers ("Proc-Type: 4,ENCRYPTED", "DEK-Info: …"). */
	for (const char *line = strchr(begin, '\n'); line && line < end; line = strchr(line, '\n')) {
		line++;
		size_t n = strcspn(line, "\n");
		if (line >= end)
			break;
		if (!memchr(line, ':', n))
			buf_add(&body, line, n);
	}
#define LABEL(s) (label == sizeof(s) - 1 && strncmp(begin, s, label) == 0)
	if (LABEL("RSA PRIVATE KEY")) {
		buf_set(type, "ssh-rsa");
	} else if (LABEL("DSA PRIVATE KEY")) {
		buf_set(type, "ssh-dss");
	} else if (unbase64(&bin, body.ptr, body.len, " \t\r\n") < 0) {
		/* nothing to learn from a body that is not base64 */
	} else if (LABEL("OPENSSH PRIVATE KEY")) {
		openssh_v1_type(type, &bin);
	} else if (LABEL("EC PRIVATE KEY")) {
		const char *t = der_type(&bin, 128); /* the curve follows a private key of up to 66 bytes */
		buf_set(type, t && strncmp(t, "ecdsa-", 6) == 0 ? t : "ecdsa");
	} else if (LABEL("PRIVATE KEY")) {
		/* PKCS#8: the algorithm identifier (for EC with its curve) comes first. */
		const char *t = der_type(&bin, 40);
		if (t)
			buf_set(type, t);
		else if (memmem(bin.ptr, bin.len < 40 ? bin.len : 40, "\x06\x07\x2a\x86\x48\xce\x3d\x02\x01", 9))
			buf_set(type, "ecdsa"); /* id-ecPublicKey on a curve OpenSSH does not use */
	}
#undef LABEL
	buf_release(&body);
	buf_release(&bin);
}

int hostkey_client_key_type(struct buf *type, const char *path, struct jy_err *err)
{
	struct buf data = BUF_INIT, t = BUF_INIT;
	int missing, rc;
	size_t n = strlen(path);
	if ((rc = read_file(&data, &missing, path, KEY_FILE_MAX, err)) < 0)
		goto cleanup;
	if (missing) {
		rc = err_set(err, JY_ENOTFOUND, L("SSH 密钥文件 %s 不存在", "SSH key file %s does not exist"), path);
		goto cleanup;
	}
	if (n > 4 && strcmp(path + n - 4, ".pub") == 0) {
		pub_type(&t, data.ptr);
	} else {
		private_type(&t, data.ptr);
		if (t.len == 0) {
			/* An unreadable .pub is no worse than none: the answer is "cannot tell". */
			char *pubpath = xasprintf("%s.pub", path);
			buf_reset(&data);
			if (read_file(&data, &missing, pubpath, KEY_FILE_MAX, NULL) == 0 && !missing)
				pub_type(&t, data.ptr);
			free(pubpath);
		}
	}
	buf_set(type, t.ptr);
	rc = 0;
cleanup:
	buf_release(&data);
	buf_release(&t);
	return rc;
}

int hostkey_rsa_refused(struct jy_err *err, const char *key_path)
{
	char *who = key_path ? xasprintf(L("SSH 密钥 %s ", "SSH key %s"), key_path) : xstrdup(L("SSH 密钥", "The SSH key"));
	int rc = err_set(err, JY_EPERM,
			 L("%s是 RSA 密钥。libssh2 1.10 无法用 RSA 密钥登录 OpenSSH 8.8 及以上的服务器（它只会 SHA-1 的 ssh-rsa 签名，OpenSSH 8.8 起默认拒绝）：请改用 ed25519 或 ECDSA 密钥——用 ssh-keygen -t ed25519 生成新密钥，把新公钥交给服务器管理员，并在配置 [sync] ssh_key 中指向它。",
			   "%s is an RSA key. libssh2 1.10 cannot sign in with an RSA key against OpenSSH ≥ 8.8: use ed25519 or ECDSA (libssh2 only makes SHA-1 \"ssh-rsa\" signatures, which OpenSSH 8.8 and later refuse by default). Make a key with ssh-keygen -t ed25519, give the new public key to the server's administrator and set [sync] ssh_key to it."),
			 who);
	free(who);
	return rc;
}
