/* seal: key pairs, sealing and opening of exam papers, release and the hook's form check (libsodium). */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/prctl.h>

#include <sodium.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/digest.h"
#include "jiaoyan/err.h"
#include "jiaoyan/id.h"
#include "jiaoyan/record.h"
#include "jiaoyan/seal.h"

#define FILE_KEY_BYTES crypto_secretstream_xchacha20poly1305_KEYBYTES
#define HEADER_BYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define CHUNK_ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define BOXED_KEY_BYTES (FILE_KEY_BYTES + crypto_box_SEALBYTES)
#define TAG_MESSAGE crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
#define TAG_FINAL crypto_secretstream_xchacha20poly1305_TAG_FINAL
#define SEED_BYTES crypto_sign_SEEDBYTES
#define SECRET_PLAIN_BYTES (crypto_box_SECRETKEYBYTES + SEED_BYTES)
#define SIG_CONTEXT "jiaoyan-seal-signature-v1"
#define KEYFILE_MAGIC "jiaoyan-secret-key"
#define KDF_NAME "argon2id13"

_Static_assert(sizeof(((struct seal_public *)0)->box) == crypto_box_PUBLICKEYBYTES, "X25519 key size");
_Static_assert(sizeof(((struct seal_public *)0)->sign) == crypto_sign_PUBLICKEYBYTES, "Ed25519 key size");
_Static_assert(SEAL_FILE_KEY_B64_LEN == (FILE_KEY_BYTES + 2) / 3 * 4, "file key text size");
_Static_assert(SEAL_PUBLIC_LEN == sizeof(SEAL_PUBLIC_PREFIX) - 1 + 64 / 3 * 4 + 4, "public key text size");

struct seal_keys {
	unsigned char box_pk[crypto_box_PUBLICKEYBYTES];
	unsigned char box_sk[crypto_box_SECRETKEYBYTES];
	unsigned char sign_pk[crypto_sign_PUBLICKEYBYTES];
	unsigned char sign_sk[crypto_sign_SECRETKEYBYTES];
};

static int no_memory(struct jy_err *err)
{
	return err_set(err, JY_ENOMEM, "%s",
		       L("无法分配受保护的内存（sodium_malloc）", "cannot allocate guarded memory (sodium_malloc)"));
}

/* ------------------------------------------------------------- key pairs */

int seal_keys_generate(struct seal_keys **out, struct jy_err *err)
{
	struct seal_keys *k;
	int rc = digest_init(err);
	if (rc)
		return rc;
	if (!(k = sodium_malloc(sizeof(*k))))
		return no_memory(err);
	crypto_box_keypair(k->box_pk, k->box_sk);
	crypto_sign_keypair(k->sign_pk, k->sign_sk);
	/* Nothing writes keys after creation: a stray write now faults instead of corrupting them. */
	sodium_mprotect_readonly(k);
	*out = k;
	return 0;
}

void seal_keys_free(struct seal_keys *k)
{
	if (k)
		sodium_free(k);
}

static void public_text(struct buf *out, const unsigned char *box_pk, const unsigned char *sign_pk)
{
	unsigned char both[crypto_box_PUBLICKEYBYTES + crypto_sign_PUBLICKEYBYTES];
	memcpy(both, box_pk, crypto_box_PUBLICKEYBYTES);
	memcpy(both + crypto_box_PUBLICKEYBYTES, sign_pk, crypto_sign_PUBLICKEYBYTES);
	buf_puts(out, SEAL_PUBLIC_PREFIX);
	digest_base64(out, both, sizeof(both), DIGEST_B64_PADDED);
}

void seal_keys_public(struct buf *out, const struct seal_keys *k)
{
	public_text(out, k->box_pk, k->sign_pk);
}

int seal_public_parse(struct seal_public *out, const char *text, struct jy_err *err)
{
	unsigned char both[sizeof(out->box) + sizeof(out->sign)];
	static const unsigned char zero[sizeof(out->box)];
	size_t plen = strlen(SEAL_PUBLIC_PREFIX);
	int rc = digest_init(err);
	if (rc)
		return rc;
	if (strlen(text) != SEAL_PUBLIC_LEN || strncmp(text, SEAL_PUBLIC_PREFIX, plen) != 0 ||
	    digest_base64_decode_exact(both, sizeof(both), text + plen, DIGEST_B64_PADDED, "key", NULL) != 0)
		return err_set(err, JY_EINVAL,
			       L("公钥格式不对：应为 %s 加 88 个 base64 字符（共 %d 个字符）",
				 "malformed public key: expected %s followed by 88 base64 characters (%d in all)"),
			       SEAL_PUBLIC_PREFIX, SEAL_PUBLIC_LEN);
	if (!crypto_core_ed25519_is_valid_point(both + sizeof(out->box)) || sodium_memcmp(both, zero, sizeof(zero)) == 0)
		return err_set(err, JY_EINVAL, "%s",
			       L("公钥无效：不是可用的 X25519/Ed25519 公钥", "invalid public key: not a usable X25519/Ed25519 key"));
	memcpy(out->box, both, sizeof(out->box));
	memcpy(out->sign, both + sizeof(out->box), sizeof(out->sign));
	return 0;
}

/* ------------------------------------------------------ secret key file */

static int kdf_limits_ok(unsigned long long ops, unsigned long long mem)
{
	return ops >= crypto_pwhash_OPSLIMIT_INTERACTIVE && ops <= 4ULL * crypto_pwhash_OPSLIMIT_SENSITIVE &&
	       mem >= crypto_pwhash_MEMLIMIT_INTERACTIVE && mem <= 4ULL * crypto_pwhash_MEMLIMIT_SENSITIVE &&
	       mem <= SIZE_MAX;
}

static int derive(unsigned char key[crypto_secretbox_KEYBYTES], const char *passphrase,
		  const unsigned char salt[crypto_pwhash_SALTBYTES], unsigned long long ops, size_t mem,
		  struct jy_err *err)
{
	if (crypto_pwhash(key, crypto_secretbox_KEYBYTES, passphrase, strlen(passphrase), salt, ops, mem,
			  crypto_pwhash_ALG_ARGON2ID13) != 0)
		return err_set(err, JY_EIO,
			       L("无法由口令派生密钥（Argon2id 需要 %zu MiB 内存）",
				 "cannot derive the key from the passphrase (Argon2id needs %zu MiB of memory)"),
			       mem >> 20);
	return 0;
}

int seal_keys_export(struct buf *out, const struct seal_keys *k, const char *passphrase,
		     unsigned long long opslimit, size_t memlimit, struct jy_err *err)
{
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char box[SECRET_PLAIN_BYTES + crypto_secretbox_MACBYTES];
	unsigned char *secret = NULL; /* derived key, then the plaintext secret keys */
	unsigned char *plain;
	struct buf text = BUF_INIT;
	int rc = digest_init(err);
	if (rc)
		goto cleanup;
	opslimit = opslimit ? opslimit : crypto_pwhash_OPSLIMIT_INTERACTIVE;
	memlimit = memlimit ? memlimit : crypto_pwhash_MEMLIMIT_INTERACTIVE;
	if (!kdf_limits_ok(opslimit, memlimit)) {
		rc = err_set(err, JY_EINVAL,
			     L("Argon2id 参数超出范围：opslimit %llu..%llu，memlimit %llu..%llu 字节",
			       "Argon2id limits out of range: opslimit %llu..%llu, memlimit %llu..%llu bytes"),
			     (unsigned long long)crypto_pwhash_OPSLIMIT_INTERACTIVE,
			     4ULL * crypto_pwhash_OPSLIMIT_SENSITIVE, (unsigned long long)crypto_pwhash_MEMLIMIT_INTERACTIVE,
			     4ULL * crypto_pwhash_MEMLIMIT_SENSITIVE);
		goto cleanup;
	}
	if (strlen(passphrase) < SEAL_PASSPHRASE_MIN) {
		rc = err_set(err, JY_EINVAL, L("口令太短：至少 %d 个字节", "passphrase too short: at least %d bytes"),
			     SEAL_PASSPHRASE_MIN);
		goto cleanup;
	}
	if (!(secret = sodium_malloc(crypto_secretbox_KEYBYTES + SECRET_PLAIN_BYTES))) {
		rc = no_memory(err);
		goto cleanup;
	}
	randombytes_buf(salt, sizeof(salt));
	randombytes_buf(nonce, sizeof(nonce));
	if ((rc = derive(secret, passphrase, salt, opslimit, memlimit, err)))
		goto cleanup;
	plain = secret + crypto_secretbox_KEYBYTES;
	memcpy(plain, k->box_sk, crypto_box_SECRETKEYBYTES);
	crypto_sign_ed25519_sk_to_seed(plain + crypto_box_SECRETKEYBYTES, k->sign_sk);
	crypto_secretbox_easy(box, plain, SECRET_PLAIN_BYTES, nonce, secret);

	buf_puts(&text, "# jiaoyan 私钥文件（口令加密）。不要放进数据仓库，不要发给别人。\n"
			"# jiaoyan secret key file (passphrase-encrypted). Keep it out of the data repository.\n");
	buf_puts(&text, KEYFILE_MAGIC " 1\npublic ");
	seal_keys_public(&text, k);
	buf_printf(&text, "\nkdf " KDF_NAME "\nopslimit %llu\nmemlimit %zu\nsalt ", opslimit, memlimit);
	digest_base64(&text, salt, sizeof(salt), DIGEST_B64_PADDED);
	buf_puts(&text, "\nnonce ");
	digest_base64(&text, nonce, sizeof(nonce), DIGEST_B64_PADDED);
	buf_puts(&text, "\nbox ");
	digest_base64(&text, box, sizeof(box), DIGEST_B64_PADDED);
	buf_putc(&text, '\n');
	buf_add(out, text.ptr, text.len);
cleanup:
	sodium_free(secret);
	buf_release(&text);
	return rc;
}

/* Strict decimal without sign, leading zeros or overflow. */
static int parse_ull(unsigned long long *out, const char *s)
{
	unsigned long long v = 0;
	if (!*s || (s[0] == '0' && s[1]))
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (ULLONG_MAX - 9) / 10)
			return -1;
		v = v * 10 + (unsigned long long)(*s - '0');
	}
	*out = v;
	return 0;
}

static const char *const keyfile_fields[] = { KEYFILE_MAGIC, "public", "kdf", "opslimit", "memlimit",
					     "salt", "nonce", "box" };
#define KEYFILE_NFIELDS (sizeof(keyfile_fields) / sizeof(keyfile_fields[0]))

/* Splits the file into its fields, in order; values point into copy (modified in place). */
static int keyfile_split(char *values[KEYFILE_NFIELDS], char *copy, struct jy_err *err)
{
	size_t n = 0, lineno = 0;
	char *line = copy, *next;
	for (; *line; line = next) {
		char *nl = strchr(line, '\n');
		next = nl ? nl + 1 : line + strlen(line);
		lineno++;
		if (nl)
			*nl = '\0';
		if (nl && nl > line && nl[-1] == '\r')
			nl[-1] = '\0';
		if (line[0] == '#')
			continue;
		char *sp = strchr(line, ' ');
		if (n == KEYFILE_NFIELDS)
			return err_set(err, JY_EINVAL, L("私钥文件第 %zu 行：多余的内容", "secret key file line %zu: unexpected extra line"),
				       lineno);
		if (!sp || (size_t)(sp - line) != strlen(keyfile_fields[n]) ||
		    strncmp(line, keyfile_fields[n], (size_t)(sp - line)) != 0 || !sp[1])
			return err_set(err, JY_EINVAL,
				       L("私钥文件第 %zu 行：应为“%s 值”", "secret key file line %zu: expected \"%s VALUE\""),
				       lineno, keyfile_fields[n]);
		values[n++] = sp + 1;
	}
	if (n < KEYFILE_NFIELDS)
		return err_set(err, JY_EINVAL, L("私钥文件不完整：缺少 %s 行", "secret key file incomplete: no %s line"),
			       keyfile_fields[n]);
	return 0;
}

int seal_keys_import(struct seal_keys **out, const char *text, size_t len, const char *passphrase,
		     struct jy_err *err)
{
	char *values[KEYFILE_NFIELDS];
	char *copy = xstrndup(text, len);
	struct seal_public pub;
	unsigned long long ops = 0, mem = 0;
	unsigned char salt[crypto_pwhash_SALTBYTES], nonce[crypto_secretbox_NONCEBYTES];
	unsigned char box[SECRET_PLAIN_BYTES + crypto_secretbox_MACBYTES];
	unsigned char *secret = NULL, *plain;
	struct seal_keys *k = NULL;
	int rc = digest_init(err);
	if (rc)
		goto cleanup;
	if (strlen(copy) != len) {
		rc = err_set(err, JY_EINVAL, "%s", L("私钥文件含 NUL 字节", "secret key file contains a NUL byte"));
		goto cleanup;
	}
	if ((rc = keyfile_split(values, copy, err)))
		goto cleanup;
	if (strcmp(values[0], "1") != 0) {
		rc = err_set(err, JY_EINVAL, L("不支持的私钥文件版本 %s", "unsupported secret key file version %s"), values[0]);
		goto cleanup;
	}
	if ((rc = seal_public_parse(&pub, values[1], err))) {
		err_prefix(err, "%s", L("私钥文件的 public 行", "public line of the secret key file"));
		goto cleanup;
	}
	if (strcmp(values[2], KDF_NAME) != 0) {
		rc = err_set(err, JY_EINVAL, L("不支持的密钥派生算法 %s", "unsupported key derivation %s"), values[2]);
		goto cleanup;
	}
	if (parse_ull(&ops, values[3]) || parse_ull(&mem, values[4]) || !kdf_limits_ok(ops, mem)) {
		rc = err_set(err, JY_EINVAL, "%s",
			     L("私钥文件的 opslimit/memlimit 无效或超出范围", "secret key file: opslimit/memlimit invalid or out of range"));
		goto cleanup;
	}
	if ((rc = digest_base64_decode_exact(salt, sizeof(salt), values[5], DIGEST_B64_PADDED, "salt", err)) ||
	    (rc = digest_base64_decode_exact(nonce, sizeof(nonce), values[6], DIGEST_B64_PADDED, "nonce", err)) ||
	    (rc = digest_base64_decode_exact(box, sizeof(box), values[7], DIGEST_B64_PADDED, "box", err))) {
		err_prefix(err, "%s", L("私钥文件", "secret key file"));
		goto cleanup;
	}
	if (!(secret = sodium_malloc(crypto_secretbox_KEYBYTES + SECRET_PLAIN_BYTES)) || !(k = sodium_malloc(sizeof(*k)))) {
		rc = no_memory(err);
		goto cleanup;
	}
	if ((rc = derive(secret, passphrase, salt, ops, (size_t)mem, err)))
		goto cleanup;
	plain = secret + crypto_secretbox_KEYBYTES;
	if (crypto_secretbox_open_easy(plain, box, sizeof(box), nonce, secret) != 0) {
		rc = err_set(err, JY_EPERM, "%s",
			     L("口令不正确，无法解开私钥（或私钥文件已被改动）",
			       "wrong passphrase: the secret key cannot be unlocked (or the key file was altered)"));
		goto cleanup;
	}
	memcpy(k->box_sk, plain, crypto_box_SECRETKEYBYTES);
	crypto_scalarmult_base(k->box_pk, k->box_sk);
	crypto_sign_seed_keypair(k->sign_pk, k->sign_sk, plain + crypto_box_SECRETKEYBYTES);
	if (sodium_memcmp(k->box_pk, pub.box, sizeof(pub.box)) != 0 ||
	    sodium_memcmp(k->sign_pk, pub.sign, sizeof(pub.sign)) != 0) {
		rc = err_set(err, JY_EINVAL, "%s",
			     L("私钥文件的 public 行与私钥不符（文件被改动过）",
			       "the public line of the secret key file does not match its secret keys (the file was altered)"));
		goto cleanup;
	}
	sodium_mprotect_readonly(k);
	*out = k;
	k = NULL;
cleanup:
	sodium_free(k);
	sodium_free(secret);
	free(copy);
	return rc;
}

/* ----------------------------------------------------------- record form */

static int release_valid(const char *s)
{
	char date[11];
	static const int digits[] = { 11, 12, 14, 15 };
	if (strlen(s) != 16 || s[10] != 'T' || s[13] != ':')
		return 0;
	for (size_t i = 0; i < sizeof(digits) / sizeof(digits[0]); i++)
		if (s[digits[i]] < '0' || s[digits[i]] > '9')
			return 0;
	memcpy(date, s, 10);
	date[10] = '\0';
	return id_date_valid(date) && (s[11] - '0') * 10 + (s[12] - '0') <= 23 && (s[14] - '0') * 10 + (s[15] - '0') <= 59;
}

/* A count 1..max in canonical decimal; 0 for anything else. */
static size_t parse_count(const char *s, size_t max)
{
	unsigned long long v;
	if (parse_ull(&v, s) || v < 1 || v > max)
		return 0;
	return (size_t)v;
}

static size_t part_count_of(const char *key)
{
	return strncmp(key, "part.", 5) == 0 ? parse_count(key + 5, SIZE_MAX) : 0;
}

static const char *const seal_keys_order[] = { "magic", "version", "paper", "release",
					      "signer", "recipients", "header" };
#define SEAL_NKEYS (sizeof(seal_keys_order) / sizeof(seal_keys_order[0]))
static const char *const recipient_keys[] = { "person", "key" };
static const char *const signature_keys[] = { "ed25519" };

/* What seal_check_form learned; strings borrowed from the record. */
struct form {
	const char *paper, *release, *signer;
	size_t nrecip, nparts;
	unsigned char header[HEADER_BYTES];
	unsigned char sig[crypto_sign_BYTES];
	int has_sig;
};

/* Section i holds exactly the keys in names[0..n), in any order. */
static int exact_keys(const struct record *r, size_t i, const char *const *names, size_t n, struct jy_err *err)
{
	const char *sec = record_section(r, i);
	for (size_t j = 0; j < record_key_count(r, i); j++) {
		const char *key = record_key(r, i, j);
		size_t m = 0;
		while (m < n && strcmp(key, names[m]) != 0)
			m++;
		if (m == n)
			return err_set(err, JY_EINVAL,
				       L("[%s] %s：封存记录里不允许有这个键（只能有密文和元数据；明文一旦推送就无法从各校区的副本中收回）",
					 "[%s] %s: key not allowed in a sealed paper (only ciphertext and metadata; plaintext once pushed cannot be recalled from every clone)"),
				       sec, key);
	}
	for (size_t m = 0; m < n; m++)
		if (!record_get(r, sec, names[m]))
			return err_set(err, JY_EINVAL, L("[%s] 缺少 %s", "[%s]: %s is missing"), sec, names[m]);
	return 0;
}

static int check_form(struct form *f, const struct record *r, int need_sig, struct jy_err *err)
{
	unsigned char boxed[BOXED_KEY_BYTES];
	struct buf part = BUF_INIT;
	size_t nrecip_secs = 0;
	long body = -1, signature = -1, seal = record_section_index(r, "seal");
	const char *v;
	int rc = 0;
	memset(f, 0, sizeof(*f));
	if (seal < 0) {
		rc = err_set(err, JY_EINVAL, "%s",
			     L("不是封存的试卷：缺少 [seal] 节（试卷在开考前只能以封存形式提交）",
			       "not a sealed paper: no [seal] section (before release a paper may only be committed sealed)"));
		goto cleanup;
	}
	for (size_t i = 0; i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		if (strcmp(sec, "body") == 0) {
			body = (long)i;
		} else if (strcmp(sec, "signature") == 0) {
			signature = (long)i;
		} else if (strncmp(sec, "recipient.", 10) == 0 && parse_count(sec + 10, SEAL_MAX_RECIPIENTS)) {
			nrecip_secs++;
		} else if (strcmp(sec, "seal") != 0) {
			rc = err_set(err, JY_EINVAL,
				     L("[%s]：封存记录里不允许有这个节（只能有 seal、recipient.N、body、signature）",
				       "[%s]: section not allowed in a sealed paper (only seal, recipient.N, body, signature)"),
				     sec);
			goto cleanup;
		}
	}
	if ((rc = exact_keys(r, (size_t)seal, seal_keys_order, SEAL_NKEYS, err)))
		goto cleanup;
	if (strcmp(record_get(r, "seal", "magic"), SEAL_MAGIC) != 0) {
		rc = err_set(err, JY_EINVAL, L("[seal] magic 应为 %s", "[seal] magic must be %s"), SEAL_MAGIC);
		goto cleanup;
	}
	if (strcmp(v = record_get(r, "seal", "version"), SEAL_VERSION) != 0) {
		rc = err_set(err, JY_EINVAL, L("[seal] version：不支持的版本 %s", "[seal] version: unsupported version %s"), v);
		goto cleanup;
	}
	f->paper = record_get(r, "seal", "paper");
	f->release = record_get(r, "seal", "release");
	f->signer = record_get(r, "seal", "signer");
	if (!id_component_valid(f->paper) || !id_component_valid(f->signer)) {
		rc = err_set(err, JY_EINVAL, "%s",
			     L("[seal] paper/signer 必须是有效的编号（[a-z0-9._-]）", "[seal] paper/signer must be valid ids ([a-z0-9._-])"));
		goto cleanup;
	}
	if (!release_valid(f->release)) {
		rc = err_set(err, JY_EINVAL, "%s",
			     L("[seal] release 应为 YYYY-MM-DDTHH:MM 格式的有效时间", "[seal] release must be a valid YYYY-MM-DDTHH:MM time"));
		goto cleanup;
	}
	f->nrecip = parse_count(record_get(r, "seal", "recipients"), SEAL_MAX_RECIPIENTS);
	if (!f->nrecip || f->nrecip != nrecip_secs) {
		rc = err_set(err, JY_EINVAL,
			     L("[seal] recipients 应为 1..%d，且与 [recipient.N] 节数（%zu）相同",
			       "[seal] recipients must be 1..%d and equal the number of [recipient.N] sections (%zu)"),
			     SEAL_MAX_RECIPIENTS, nrecip_secs);
		goto cleanup;
	}
	if ((rc = digest_base64_decode_exact(f->header, sizeof(f->header), record_get(r, "seal", "header"),
					     DIGEST_B64_PADDED, "[seal] header", err)))
		goto cleanup;
	for (size_t i = 1; i <= f->nrecip; i++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "recipient.%zu", i);
		long at = record_section_index(r, sec);
		if (at < 0) {
			rc = err_set(err, JY_EINVAL, L("缺少 [%s]：收件人节必须从 1 起连续编号", "[%s] missing: recipient sections must be numbered 1.. without gaps"), sec);
			goto cleanup;
		}
		if ((rc = exact_keys(r, (size_t)at, recipient_keys, 2, err)))
			goto cleanup;
		const char *person = record_get(r, sec, "person");
		if (!id_component_valid(person)) {
			rc = err_set(err, JY_EINVAL, L("[%s] person 不是有效的编号", "[%s] person is not a valid id"), sec);
			goto cleanup;
		}
		for (size_t j = 1; j < i; j++) {
			char other[32];
			snprintf(other, sizeof(other), "recipient.%zu", j);
			if (strcmp(record_get(r, other, "person"), person) == 0) {
				rc = err_set(err, JY_EINVAL, L("[%s] person %s 与 [%s] 重复", "[%s] person %s repeats [%s]"), sec, person, other);
				goto cleanup;
			}
		}
		buf_printf(&part, "[%s] key", sec);
		rc = digest_base64_decode_exact(boxed, sizeof(boxed), record_get(r, sec, "key"), DIGEST_B64_PADDED, part.ptr, err);
		buf_reset(&part);
		if (rc)
			goto cleanup;
	}
	if (body < 0) {
		rc = err_set(err, JY_EINVAL, "%s", L("缺少 [body]（密文）", "[body] (the ciphertext) is missing"));
		goto cleanup;
	}
	f->nparts = record_key_count(r, (size_t)body);
	for (size_t j = 0; j < f->nparts; j++) {
		const char *key = record_key(r, (size_t)body, j);
		if (!part_count_of(key)) {
			rc = err_set(err, JY_EINVAL,
				     L("[body] %s：封存记录里不允许有这个键（只能有密文 part.N；明文一旦推送就无法从各校区的副本中收回）",
				       "[body] %s: key not allowed in a sealed paper (only ciphertext part.N; plaintext once pushed cannot be recalled from every clone)"),
				     key);
			goto cleanup;
		}
	}
	if (!f->nparts) {
		rc = err_set(err, JY_EINVAL, "%s", L("[body] 没有密文段 part.1", "[body] has no ciphertext part.1"));
		goto cleanup;
	}
	for (size_t j = 1; j <= f->nparts; j++) {
		char key[32];
		snprintf(key, sizeof(key), "part.%zu", j);
		if (!(v = record_get(r, "body", key))) {
			rc = err_set(err, JY_EINVAL, L("[body] 缺少 %s：密文段必须从 1 起连续编号", "[body] %s missing: parts must be numbered 1.. without gaps"), key);
			goto cleanup;
		}
		if (strlen(v) > SEAL_PART_MAX ||
		    digest_base64_decode(&part, v, strlen(v), DIGEST_B64_PADDED, NULL) != 0 || part.len < CHUNK_ABYTES ||
		    part.len > SEAL_CHUNK + CHUNK_ABYTES) {
			rc = err_set(err, JY_EINVAL,
				     L("[body] %s：不是有效的密文段（base64，%d..%d 字节）", "[body] %s: not a valid ciphertext part (base64 of %d..%d bytes)"),
				     key, (int)CHUNK_ABYTES, (int)(SEAL_CHUNK + CHUNK_ABYTES));
			goto cleanup;
		}
		buf_reset(&part);
	}
	if (signature < 0) {
		if (need_sig)
			rc = err_set(err, JY_EINVAL, "%s", L("缺少 [signature]（命题人的签名）", "[signature] (the sealer's signature) is missing"));
		goto cleanup;
	}
	if ((rc = exact_keys(r, (size_t)signature, signature_keys, 1, err)) ||
	    (rc = digest_base64_decode_exact(f->sig, sizeof(f->sig), record_get(r, "signature", "ed25519"), DIGEST_B64_PADDED,
					     "[signature] ed25519", err)))
		goto cleanup;
	f->has_sig = 1;
cleanup:
	buf_release(&part);
	return rc;
}

int seal_check_form(const struct record *seal, struct jy_err *err)
{
	struct form f;
	int rc = digest_init(err);
	return rc ? rc : check_form(&f, seal, 1, err);
}

/* ------------------------------------------------------------ signature */

static void put_field(struct buf *m, const char *name, const char *value)
{
	size_t lens[2] = { strlen(name), strlen(value) };
	const char *texts[2] = { name, value };
	for (int t = 0; t < 2; t++) {
		unsigned char be[8];
		for (int i = 0; i < 8; i++)
			be[i] = (unsigned char)((uint64_t)lens[t] >> (56 - 8 * i));
		buf_add(m, be, sizeof(be));
		buf_add(m, texts[t], lens[t]);
	}
}

/* The canonical byte string of seal.h, from a record that passed check_form. */
static void signed_message(struct buf *m, const struct record *r, const struct form *f)
{
	char name[48];
	buf_add(m, SIG_CONTEXT, sizeof(SIG_CONTEXT)); /* with its NUL */
	for (size_t i = 0; i < SEAL_NKEYS; i++) {
		snprintf(name, sizeof(name), "seal.%s", seal_keys_order[i]);
		put_field(m, name, record_get(r, "seal", seal_keys_order[i]));
	}
	for (size_t i = 1; i <= f->nrecip; i++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "recipient.%zu", i);
		for (size_t k = 0; k < 2; k++) {
			snprintf(name, sizeof(name), "%s.%s", sec, recipient_keys[k]);
			put_field(m, name, record_get(r, sec, recipient_keys[k]));
		}
	}
	for (size_t j = 1; j <= f->nparts; j++) {
		snprintf(name, sizeof(name), "body.part.%zu", j);
		put_field(m, name, record_get(r, "body", name + 5));
	}
}

int seal_sign(struct record *r, const struct seal_keys *keys, struct jy_err *err)
{
	struct form f;
	struct buf m = BUF_INIT, b64 = BUF_INIT;
	unsigned char sig[crypto_sign_BYTES];
	int rc = digest_init(err);
	if (rc || (rc = check_form(&f, r, 0, err)))
		goto cleanup;
	signed_message(&m, r, &f);
	crypto_sign_detached(sig, NULL, (const unsigned char *)m.ptr, m.len, keys->sign_sk);
	digest_base64(&b64, sig, sizeof(sig), DIGEST_B64_PADDED);
	record_set(r, "signature", "ed25519", b64.ptr);
cleanup:
	buf_release(&m);
	buf_release(&b64);
	return rc;
}

/* Signature check on a record that passed check_form with need_sig. */
static int verify_form(const struct record *r, const struct form *f, const char *signer_pk, struct jy_err *err)
{
	struct seal_public pub;
	struct buf m = BUF_INIT;
	int rc = seal_public_parse(&pub, signer_pk, err);
	if (rc) {
		err_prefix(err, L("命题人 %s 的公钥", "public key of the sealer %s"), f->signer);
		goto cleanup;
	}
	signed_message(&m, r, f);
	if (crypto_sign_verify_detached(f->sig, (const unsigned char *)m.ptr, m.len, pub.sign) != 0)
		rc = err_set(err, JY_EINVAL,
			     L("签名不符：封存记录在签名后被改动过，或不是由 %s 签名的",
			       "bad signature: the sealed paper was altered after signing, or was not signed by %s"),
			     f->signer);
cleanup:
	buf_release(&m);
	return rc;
}

int seal_verify(const struct record *seal, const char *signer_pk, struct jy_err *err)
{
	struct form f;
	int rc = digest_init(err);
	if (rc || (rc = check_form(&f, seal, 1, err)))
		return rc;
	return verify_form(seal, &f, signer_pk, err);
}

/* ---------------------------------------------------------------- seal */

static void additional_data(struct buf *ad, const char *paper, const char *release)
{
	buf_printf(ad, "%s\n%s", paper, release);
}

static int check_recipients(struct seal_public *pubs, const struct seal_recipient *to, size_t nto, struct jy_err *err)
{
	if (nto < 1 || nto > SEAL_MAX_RECIPIENTS)
		return err_set(err, JY_EINVAL, L("收件人数量应为 1..%d（现为 %zu）", "there must be 1..%d recipients (got %zu)"),
			       SEAL_MAX_RECIPIENTS, nto);
	for (size_t i = 0; i < nto; i++) {
		int rc;
		if (!to[i].person || !id_component_valid(to[i].person))
			return err_set(err, JY_EINVAL, L("第 %zu 个收件人的编号无效", "recipient %zu: invalid person id"), i + 1);
		for (size_t j = 0; j < i; j++)
			if (strcmp(to[i].person, to[j].person) == 0)
				return err_set(err, JY_EINVAL, L("收件人 %s 重复", "recipient %s given twice"), to[i].person);
		if (!to[i].public_key) {
			rc = err_set(err, JY_EINVAL, "%s", L("没有公钥", "no public key"));
		} else {
			rc = seal_public_parse(&pubs[i], to[i].public_key, err);
		}
		if (rc)
			return err_prefix(err, L("收件人 %s", "recipient %s"), to[i].person);
	}
	return 0;
}

int seal_paper(struct record **out, const void *text, size_t len, const char *paper, const char *release,
	       const char *signer, const struct seal_keys *keys, const struct seal_recipient *to, size_t nto,
	       struct jy_err *err)
{
	struct seal_public *pubs = NULL;
	struct record *r = NULL;
	struct buf b64 = BUF_INIT, ad = BUF_INIT;
	unsigned char header[HEADER_BYTES], boxed[BOXED_KEY_BYTES];
	unsigned char *ct = xmalloc(SEAL_CHUNK + CHUNK_ABYTES);
	/* The file key and the stream state are key material: guarded and wiped. */
	struct secret {
		unsigned char key[FILE_KEY_BYTES];
		crypto_secretstream_xchacha20poly1305_state st;
	} *s = NULL;
	const unsigned char *p = text;
	int rc = digest_init(err);
	if (rc)
		goto cleanup;
	if (!paper || !id_component_valid(paper) || !signer || !id_component_valid(signer)) {
		rc = err_set(err, JY_EINVAL, "%s", L("试卷编号或命题人编号无效（[a-z0-9._-]）", "invalid paper or sealer id ([a-z0-9._-])"));
		goto cleanup;
	}
	if (!release || !release_valid(release)) {
		rc = err_set(err, JY_EINVAL, L("开考时间 %s 无效：应为 YYYY-MM-DDTHH:MM", "invalid release time %s: expected YYYY-MM-DDTHH:MM"),
			     release ? release : "");
		goto cleanup;
	}
	if (len > SEAL_TEXT_MAX) {
		rc = err_set(err, JY_EINVAL, L("试卷太大：最多 %u 字节", "paper too large: at most %u bytes"), SEAL_TEXT_MAX);
		goto cleanup;
	}
	pubs = xcalloc(nto ? nto : 1, sizeof(*pubs));
	if ((rc = check_recipients(pubs, to, nto, err)))
		goto cleanup;
	if (!(s = sodium_malloc(sizeof(*s)))) {
		rc = no_memory(err);
		goto cleanup;
	}
	crypto_secretstream_xchacha20poly1305_keygen(s->key);
	crypto_secretstream_xchacha20poly1305_init_push(&s->st, header, s->key);

	r = record_new();
	record_set(r, "seal", "magic", SEAL_MAGIC);
	record_set(r, "seal", "version", SEAL_VERSION);
	record_set(r, "seal", "paper", paper);
	record_set(r, "seal", "release", release);
	record_set(r, "seal", "signer", signer);
	buf_printf(&b64, "%zu", nto);
	record_set(r, "seal", "recipients", b64.ptr);
	buf_reset(&b64);
	digest_base64(&b64, header, sizeof(header), DIGEST_B64_PADDED);
	record_set(r, "seal", "header", b64.ptr);
	for (size_t i = 0; i < nto; i++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "recipient.%zu", i + 1);
		if (crypto_box_seal(boxed, s->key, FILE_KEY_BYTES, pubs[i].box) != 0) {
			rc = err_set(err, JY_EINVAL, L("收件人 %s 的公钥无法使用", "the public key of recipient %s is unusable"), to[i].person);
			goto cleanup;
		}
		record_set(r, sec, "person", to[i].person);
		buf_reset(&b64);
		digest_base64(&b64, boxed, sizeof(boxed), DIGEST_B64_PADDED);
		record_set(r, sec, "key", b64.ptr);
	}
	additional_data(&ad, paper, release);
	/* An empty paper is still one (empty) FINAL chunk, so truncation stays detectable. */
	size_t part = 0, left = len;
	do {
		size_t n = left < SEAL_CHUNK ? left : SEAL_CHUNK;
		unsigned char tag = n == left ? TAG_FINAL : TAG_MESSAGE;
		unsigned long long clen = 0;
		char key[32];
		crypto_secretstream_xchacha20poly1305_push(&s->st, ct, &clen, p, n, (const unsigned char *)ad.ptr, ad.len, tag);
		snprintf(key, sizeof(key), "part.%zu", ++part);
		buf_reset(&b64);
		digest_base64(&b64, ct, (size_t)clen, DIGEST_B64_PADDED);
		record_set(r, "body", key, b64.ptr);
		p += n;
		left -= n;
	} while (left);
	if ((rc = seal_sign(r, keys, err)))
		goto cleanup;
	*out = r;
	r = NULL;
cleanup:
	sodium_free(s);
	record_free(r);
	free(pubs);
	free(ct);
	buf_release(&b64);
	buf_release(&ad);
	return rc;
}

/* ---------------------------------------------------------------- open */

void seal_plain_free(struct seal_plain *p)
{
	if (!p)
		return;
	sodium_free(p->data);
	free(p);
}

/*
 * Decrypts every part of a checked record with key; released says the key
 * came from a publication rather than a recipient entry (for the message).
 */
void seal_guard_process(void)
{
	static int done;
	if (done)
		return;
	done = 1;
	/* From here on the process may hold a paper's text or a secret key: no core file may keep them, and no
	 * other process of the same account — every person served over SSH shares it — may read us by ptrace. */
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

void seal_lock(const void *p, size_t len)
{
	/* Never unlocked: sodium_munlock would unlock whole pages that other plaintext may share. */
	if (p && len)
		(void)sodium_mlock((void *)p, len);
}

static int decrypt_body(struct seal_plain **out, const struct record *r, const struct form *f, const unsigned char *key,
			const char *paper, const char *release, int released, struct jy_err *err)
{
	struct buf ad = BUF_INIT, ct = BUF_INIT;
	crypto_secretstream_xchacha20poly1305_state *st = NULL;
	struct seal_plain *plain = xcalloc(1, sizeof(*plain));
	size_t cap = 0;
	int rc = 0;
	char name[32];
	seal_guard_process();
	for (size_t j = 1; j <= f->nparts; j++) {
		snprintf(name, sizeof(name), "part.%zu", j);
		cap += strlen(record_get(r, "body", name)) / 4 * 3;
	}
	if (!(plain->data = sodium_malloc(cap + 1)) || !(st = sodium_malloc(sizeof(*st)))) {
		rc = no_memory(err);
		goto cleanup;
	}
	additional_data(&ad, paper, release);
	if (crypto_secretstream_xchacha20poly1305_init_pull(st, f->header, key) != 0) {
		rc = err_set(err, JY_EINVAL, "%s", L("密文头已损坏", "the ciphertext header is damaged"));
		goto cleanup;
	}
	for (size_t j = 1; j <= f->nparts; j++) {
		unsigned long long mlen = 0;
		unsigned char tag = 0;
		snprintf(name, sizeof(name), "part.%zu", j);
		const char *v = record_get(r, "body", name);
		buf_reset(&ct);
		if ((rc = digest_base64_decode(&ct, v, strlen(v), DIGEST_B64_PADDED, err)))
			goto cleanup;
		if (crypto_secretstream_xchacha20poly1305_pull(st, plain->data + plain->len, &mlen, &tag,
							       (const unsigned char *)ct.ptr, ct.len,
							       (const unsigned char *)ad.ptr, ad.len) != 0) {
			if (released && j == 1)
				rc = err_set(err, JY_EINVAL, "%s",
					     L("公布的文件密钥打不开这份试卷（密钥不对，或密文已损坏）",
					       "the published file key does not open this paper (wrong key, or damaged ciphertext)"));
			else
				rc = err_set(err, JY_EINVAL,
					     L("密文已损坏：第 %zu 段（共 %zu 段）无法解密", "damaged ciphertext: part %zu of %zu does not decrypt"),
					     j, f->nparts);
			goto cleanup;
		}
		plain->len += (size_t)mlen;
		if (j < f->nparts && tag == TAG_FINAL) {
			rc = err_set(err, JY_EINVAL,
				     L("密文结构错误：第 %zu 段已是结束段，之后还有 %zu 段", "malformed ciphertext: part %zu is final but %zu more follow"),
				     j, f->nparts - j);
			goto cleanup;
		}
		if (j < f->nparts && tag != TAG_MESSAGE) {
			rc = err_set(err, JY_EINVAL, L("密文结构错误：第 %zu 段的标记不对", "malformed ciphertext: part %zu has an unexpected tag"), j);
			goto cleanup;
		}
		if (j == f->nparts && tag != TAG_FINAL) {
			rc = err_set(err, JY_EINVAL,
				     L("密文被截断：最后一段（第 %zu 段）没有结束标记，后面的部分丢失了",
				       "truncated ciphertext: the last part (%zu) is not final; the rest is missing"),
				     j);
			goto cleanup;
		}
	}
	plain->data[plain->len] = '\0';
	*out = plain;
	plain = NULL;
cleanup:
	seal_plain_free(plain);
	sodium_free(st);
	buf_release(&ad);
	buf_release(&ct);
	return rc;
}

/* The checks every opening shares, up to the recipient steps. */
static int open_prelude(struct form *f, const struct record *r, const char *paper, const char *release,
			const char *signer_pk, struct jy_err *err)
{
	int rc = digest_init(err);
	if (rc || (rc = check_form(f, r, 1, err)) || (rc = verify_form(r, f, signer_pk, err)))
		return rc;
	if (!paper || !release || strcmp(f->paper, paper) != 0 || strcmp(f->release, release) != 0)
		return err_set(err, JY_EINVAL,
			       L("封存的元数据与考试不符：封存的是试卷 %s、开考时间 %s，考试要求试卷 %s、开考时间 %s",
				 "the seal's metadata does not match the exam: sealed for paper %s released %s, the exam expects paper %s released %s"),
			       f->paper, f->release, paper ? paper : "", release ? release : "");
	return 0;
}

/* Opens person's file key into key (FILE_KEY_BYTES of guarded memory). */
static int open_file_key(unsigned char *key, const struct record *r, const struct form *f, const char *person,
			 const struct seal_keys *keys, struct jy_err *err)
{
	unsigned char boxed[BOXED_KEY_BYTES];
	char sec[32];
	size_t i = 1;
	for (; i <= f->nrecip; i++) {
		snprintf(sec, sizeof(sec), "recipient.%zu", i);
		if (person && strcmp(record_get(r, sec, "person"), person) == 0)
			break;
	}
	if (i > f->nrecip)
		return err_set(err, JY_EPERM, "%s",
			       L("你不在命题组的收件人中", "you are not among the recipients of this sealed paper"));
	if (digest_base64_decode_exact(boxed, sizeof(boxed), record_get(r, sec, "key"), DIGEST_B64_PADDED, sec, err) != 0 ||
	    crypto_box_seal_open(key, boxed, sizeof(boxed), keys->box_pk, keys->box_sk) != 0)
		return err_set(err, JY_EPERM,
			       L("你的私钥打不开 [%s] 的文件密钥（封存后你换过密钥？请命题组重新封存）",
				 "your secret key does not open the file key of [%s] (keys replaced since sealing? ask the committee to re-seal)"),
			       sec);
	return 0;
}

static int open_as_recipient(struct seal_plain **out, struct buf *key_out, const struct record *r, const char *paper,
			     const char *release, const char *person, const struct seal_keys *keys, const char *signer_pk,
			     struct jy_err *err)
{
	struct form f;
	struct seal_plain *plain = NULL;
	unsigned char *key = NULL;
	int rc = open_prelude(&f, r, paper, release, signer_pk, err);
	if (rc)
		goto cleanup;
	if (!(key = sodium_malloc(FILE_KEY_BYTES))) {
		rc = no_memory(err);
		goto cleanup;
	}
	if ((rc = open_file_key(key, r, &f, person, keys, err)) ||
	    (rc = decrypt_body(&plain, r, &f, key, paper, release, 0, err)))
		goto cleanup;
	if (key_out)
		digest_base64(key_out, key, FILE_KEY_BYTES, DIGEST_B64_PADDED);
	if (out) {
		*out = plain;
		plain = NULL;
	}
cleanup:
	seal_plain_free(plain);
	sodium_free(key);
	return rc;
}

int seal_open(struct seal_plain **out, const struct record *seal, const char *paper, const char *release,
	      const char *person, const struct seal_keys *keys, const char *signer_pk, struct jy_err *err)
{
	return open_as_recipient(out, NULL, seal, paper, release, person, keys, signer_pk, err);
}

int seal_file_key(struct buf *out, const struct record *seal, const char *paper, const char *release,
		  const char *person, const struct seal_keys *keys, const char *signer_pk, struct jy_err *err)
{
	return open_as_recipient(NULL, out, seal, paper, release, person, keys, signer_pk, err);
}

int seal_open_released(struct seal_plain **out, const struct record *seal, const char *paper, const char *release,
		       const char *file_key, const char *signer_pk, struct jy_err *err)
{
	struct form f;
	unsigned char *key = NULL;
	int rc = open_prelude(&f, seal, paper, release, signer_pk, err);
	if (rc)
		goto cleanup;
	if (!(key = sodium_malloc(FILE_KEY_BYTES))) {
		rc = no_memory(err);
		goto cleanup;
	}
	if (!file_key || digest_base64_decode_exact(key, FILE_KEY_BYTES, file_key, DIGEST_B64_PADDED, "key", NULL) != 0) {
		rc = err_set(err, JY_EINVAL,
			     L("公布的文件密钥格式不对：应为 %d 个字符的 base64", "malformed published file key: expected %d characters of base64"),
			     SEAL_FILE_KEY_B64_LEN);
		goto cleanup;
	}
	rc = decrypt_body(out, seal, &f, key, paper, release, 1, err);
cleanup:
	sodium_free(key);
	return rc;
}
