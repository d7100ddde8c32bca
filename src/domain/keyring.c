/* keyring: key pair generation, secret key files outside the repository, passphrases in guarded memory. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "jiaoyan/digest.h"
#include "jiaoyan/id.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/records.h"

struct keyring_key {
	char *person;
	struct seal_keys *keys;
};

char *keyring_dir(void)
{
	const char *dir = getenv("JIAOYAN_KEY_DIR");
	if (dir && *dir)
		return xstrdup(dir);
	const char *data = getenv("XDG_DATA_HOME");
	if (data && *data == '/')
		return xasprintf("%s/jiaoyan/keys", data);
	const char *home = getenv("HOME");
	return xasprintf("%s/.local/share/jiaoyan/keys", home && *home ? home : ".");
}

void keyring_path(struct buf *out, const char *person)
{
	char *dir = keyring_dir();
	buf_printf(out, "%s/%s.key", dir, person);
	free(dir);
}

int keyring_has(const char *person)
{
	struct buf path = BUF_INIT;
	struct stat st;
	int yes;
	keyring_path(&path, person);
	yes = id_component_valid(person) && stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode);
	buf_release(&path);
	return yes;
}

/* ---- passphrases ---- */

static int no_memory(struct jy_err *err)
{
	return err_set(err, JY_ENOMEM, "%s", L("无法分配受保护的内存", "cannot allocate guarded memory"));
}

int keyring_passphrase_fd(char **out, int fd, struct jy_err *err)
{
	char *p;
	size_t len = 0;
	int rc = digest_init(err);
	if (rc)
		return rc;
	if (!(p = sodium_malloc(KEYRING_PASSPHRASE_MAX + 2)))
		return no_memory(err);
	/* One byte at a time: nothing after the newline is taken from a shared descriptor. */
	for (;;) {
		char ch;
		ssize_t n = read(fd, &ch, 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = err_set(err, JY_EIO, L("无法读取口令（文件描述符 %d）：%s", "cannot read the passphrase (descriptor %d): %s"), fd,
				     strerror(errno));
			goto cleanup;
		}
		if (n == 0 || ch == '\n')
			break;
		if (len > KEYRING_PASSPHRASE_MAX) {
			rc = err_set(err, JY_EINVAL, L("口令超过 %d 字节", "the passphrase is over %d bytes"), KEYRING_PASSPHRASE_MAX);
			goto cleanup;
		}
		p[len++] = ch;
	}
	if (len && p[len - 1] == '\r')
		len--;
	p[len] = '\0';
	if (!len)
		rc = err_set(err, JY_EINVAL, "%s", L("没有读到口令（空行）", "no passphrase was given (an empty line)"));
cleanup:
	if (rc)
		sodium_free(p);
	else
		*out = p;
	return rc;
}

int keyring_passphrase_file(char **out, const char *path, struct jy_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set(err, JY_EIO, L("无法打开口令文件 %s：%s", "cannot open the passphrase file %s: %s"), path, strerror(errno));
	int rc = keyring_passphrase_fd(out, fd, err);
	close(fd);
	return rc;
}

char *keyring_passphrase_dup(const char *s)
{
	size_t n = strlen(s);
	char *p;
	if (digest_init(NULL) || !(p = sodium_malloc(n + 1)))
		return NULL;
	memcpy(p, s, n + 1);
	return p;
}

void keyring_passphrase_free(char *p)
{
	if (p)
		sodium_free(p); /* wipes */
}

/* ---- the key file ---- */

static int ensure_dir(const char *dir, struct jy_err *err)
{
	struct buf part = BUF_INIT;
	int rc = 0;
	for (const char *p = dir; *p && rc == 0; p++) {
		if (*p != '/' || p == dir)
			continue;
		buf_reset(&part);
		buf_add(&part, dir, (size_t)(p - dir));
		if (mkdir(part.ptr, 0700) != 0 && errno != EEXIST)
			rc = err_set(err, JY_EIO, L("无法创建目录 %s：%s", "cannot create %s: %s"), part.ptr, strerror(errno));
	}
	if (rc == 0 && mkdir(dir, 0700) != 0 && errno != EEXIST)
		rc = err_set(err, JY_EIO, L("无法创建目录 %s：%s", "cannot create %s: %s"), dir, strerror(errno));
	/* Only the owner may list which people keep keys here. */
	if (rc == 0)
		chmod(dir, 0700);
	buf_release(&part);
	return rc;
}

static int write_private(const char *path, const struct buf *data, struct jy_err *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	int rc = 0;
	if (fd < 0)
		return err_set(err, JY_EIO, L("无法写入密钥文件 %s：%s", "cannot write the key file %s: %s"), path, strerror(errno));
	if (write(fd, data->ptr, data->len) != (ssize_t)data->len || fsync(fd) != 0)
		rc = err_set(err, JY_EIO, L("无法写入密钥文件 %s：%s", "cannot write the key file %s: %s"), path, strerror(errno));
	close(fd);
	if (rc)
		unlink(path);
	return rc;
}

int keyring_public(struct buf *out, struct store *s, const char *person, struct jy_err *err)
{
	struct record *p = NULL;
	int rc = roster_person(&p, s, person, err);
	if (rc)
		return rc;
	const char *pk = record_get(p, "person", "pubkey");
	if (pk && *pk)
		buf_puts(out, pk);
	else {
		struct buf name = BUF_INIT;
		roster_name(&name, s, person);
		rc = err_set(err, JY_ENOTFOUND, L("%s（%s）还没有密封试卷用的密钥", "%s (%s) has no key for sealed papers yet"), name.ptr,
			     person);
		err_hint(err, "key-gen", person);
		buf_release(&name);
	}
	record_free(p);
	return rc;
}

int keyring_generate(struct buf *pub_out, struct store *s, const struct actor *a, const char *passphrase, int replace,
		     struct jy_err *err)
{
	struct seal_keys *keys = NULL;
	struct record *person = NULL;
	struct buf path = BUF_INIT, tmp = BUF_INIT, file = BUF_INIT, pub = BUF_INIT, rpath = BUF_INIT;
	char *dir = NULL;
	int rc = actor_can_write(a, err), written = 0;
	if (rc)
		goto cleanup;
	if (!a->id || !id_component_valid(a->id)) {
		rc = err_set(err, JY_EPERM, "%s", L("只有名册中的人员可以生成密钥", "only a person of the roster may make a key"));
		goto cleanup;
	}
	if ((rc = roster_person(&person, s, a->id, err)))
		goto cleanup;
	keyring_path(&path, a->id);
	if (!replace && access(path.ptr, F_OK) == 0) {
		rc = err_set(err, JY_EEXISTS,
			     L("%s 已有密钥（%s）：新密钥打不开按旧密钥密封的试卷，确需更换时请命题组重新密封",
			       "%s has a key already (%s): a new key cannot open papers sealed to the old one; if you must replace it, the committee re-seals"),
			     a->id, path.ptr);
		err_hint(err, "key-replace", a->id);
		goto cleanup;
	}
	dir = keyring_dir();
	if ((rc = ensure_dir(dir, err)) || (rc = seal_keys_generate(&keys, err)) ||
	    (rc = seal_keys_export(&file, keys, passphrase, 0, 0, err)))
		goto cleanup;
	buf_printf(&tmp, "%s.new-%ld", path.ptr, (long)getpid());
	unlink(tmp.ptr);
	if ((rc = write_private(tmp.ptr, &file, err)))
		goto cleanup;
	written = 1;
	seal_keys_public(&pub, keys);
	struct record *next = record_dup(person);
	record_set(next, "person", "pubkey", pub.ptr);
	buf_printf(&rpath, "people/%s.ini", a->id);
	rc = records_update(s, a, rpath.ptr, next, L("公钥", "public key "), err);
	record_free(next);
	if (rc)
		goto cleanup;
	if (rename(tmp.ptr, path.ptr) != 0) {
		rc = err_set(err, JY_EIO,
			     L("公钥已写入名册，但无法把密钥文件改名为 %s：%s（新文件在 %s）",
			       "the public key is in the roster, but the key file cannot be renamed to %s: %s (the new one is %s)"),
			     path.ptr, strerror(errno), tmp.ptr);
		written = 0;
		goto cleanup;
	}
	written = 0;
	if (pub_out)
		buf_puts(pub_out, pub.ptr);
cleanup:
	if (written)
		unlink(tmp.ptr);
	seal_keys_free(keys);
	record_free(person);
	sodium_memzero(file.ptr, file.len);
	buf_release(&file);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&pub);
	buf_release(&rpath);
	free(dir);
	return rc;
}

static int read_small(struct buf *out, const char *path, struct jy_err *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char chunk[1024];
	ssize_t n;
	if (fd < 0)
		return err_set(err, errno == ENOENT ? JY_ENOTFOUND : JY_EIO, L("无法读取密钥文件 %s：%s", "cannot read the key file %s: %s"),
			       path, strerror(errno));
	while ((n = read(fd, chunk, sizeof(chunk))) > 0 && out->len < 65536)
		buf_add(out, chunk, (size_t)n);
	close(fd);
	return 0;
}

int keyring_open(struct keyring_key **out, struct store *s, const char *person, const char *passphrase,
		 struct jy_err *err)
{
	struct buf path = BUF_INIT, text = BUF_INIT, roster_pk = BUF_INIT, mine = BUF_INIT;
	struct seal_keys *keys = NULL;
	int rc = 0;
	seal_guard_process();
	if (!person || !id_component_valid(person)) {
		rc = err_set(err, JY_EPERM, "%s", L("只有名册中的人员有密钥", "only people of the roster have keys"));
		goto cleanup;
	}
	keyring_path(&path, person);
	if ((rc = read_small(&text, path.ptr, err))) {
		if (rc == JY_ENOTFOUND) {
			err_set(err, JY_ENOTFOUND, L("本机没有 %s 的密钥文件（%s）", "there is no key file of %s on this machine (%s)"), person,
				path.ptr);
			err_hint(err, "key-gen", person);
		}
		goto cleanup;
	}
	if ((rc = seal_keys_import(&keys, text.ptr, text.len, passphrase, err))) {
		if (rc == JY_EPERM)
			err_set(err, JY_EPERM, "%s", L("口令不对", "wrong passphrase"));
		goto cleanup;
	}
	seal_keys_public(&mine, keys);
	if ((rc = keyring_public(&roster_pk, s, person, err)))
		goto cleanup;
	if (strcmp(roster_pk.ptr, mine.ptr) != 0) {
		rc = err_set(err, JY_EINVAL,
			     L("本机的密钥文件（%s）与名册中 %s 的公钥不同：密钥在别处更换过",
			       "the key file here (%s) does not match %s's public key in the roster: the key was replaced elsewhere"),
			     path.ptr, person);
		err_hint(err, "key-gen", person);
		goto cleanup;
	}
	struct keyring_key *k = xcalloc(1, sizeof(*k));
	k->person = xstrdup(person);
	k->keys = keys;
	keys = NULL;
	*out = k;
cleanup:
	seal_keys_free(keys);
	buf_release(&path);
	buf_release(&text);
	buf_release(&roster_pk);
	buf_release(&mine);
	return rc;
}

void keyring_key_free(struct keyring_key *k)
{
	if (!k)
		return;
	seal_keys_free(k->keys);
	free(k->person);
	free(k);
}

const char *keyring_key_person(const struct keyring_key *k)
{
	return k->person;
}

const struct seal_keys *keyring_key_seal(const struct keyring_key *k)
{
	return k->keys;
}

void keyring_fingerprint(struct buf *out, const char *public_key)
{
	unsigned char h[DIGEST_SHA256_BYTES];
	if (!public_key || digest_sha256(h, public_key, strlen(public_key), NULL) != 0) {
		buf_puts(out, "—");
		return;
	}
	digest_hex(out, h, 8);
}
