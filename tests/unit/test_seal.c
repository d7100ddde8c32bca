/* test_seal: unit tests for core/seal — key files, sealing to a committee, every refusal, release, the form check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>

#include <cmocka.h>
#include <sodium.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/digest.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/seal.h"

#define PAPER "2026-2027-1-iot-a"
#define RELEASE "2027-01-08T09:00"

/* Committee members a (the sealer) and b, outsider c; the paper; one seal of it to a and b. */
static struct seal_keys *ka, *kb, *kc;
static struct buf pa = BUF_INIT, pb = BUF_INIT, pc = BUF_INIT;
static struct buf text = BUF_INIT;
static struct record *good;

static struct record *seal_to_ab(const char *body, size_t len)
{
	struct seal_recipient to[] = { { "zhang-wei", pa.ptr }, { "li-na", pb.ptr } };
	struct record *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	if (seal_paper(&r, body, len, PAPER, RELEASE, "zhang-wei", ka, to, 2, &err))
		fail_msg("seal_paper: %s", err.msg);
	return r;
}

static int setup(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	if (seal_keys_generate(&ka, &err) || seal_keys_generate(&kb, &err) || seal_keys_generate(&kc, &err))
		return -1;
	seal_keys_public(&pa, ka);
	seal_keys_public(&pb, kb);
	seal_keys_public(&pc, kc);
	for (int i = 1; i <= 1500; i++)
		buf_printf(&text, "第%d题：下列关于物联网传感器应用技术的说法，正确的是（　）。A．甲 B．乙 C．丙 D．丁；答案见评分标准。\n", i);
	good = seal_to_ab(text.ptr, text.len);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	seal_keys_free(ka);
	seal_keys_free(kb);
	seal_keys_free(kc);
	buf_release(&pa);
	buf_release(&pb);
	buf_release(&pc);
	buf_release(&text);
	record_free(good);
	return 0;
}

static void has(const char *msg, const char *part)
{
	if (!strstr(msg, part))
		fail_msg("message \"%s\" lacks \"%s\"", msg, part);
}

/* Opens r as person with keys, signer a; expects code and a message containing msg_part. */
static void open_fails(const struct record *r, const char *person, const struct seal_keys *k, int code, const char *msg_part)
{
	struct seal_plain *plain = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(seal_open(&plain, r, PAPER, RELEASE, person, k, pa.ptr, &err), code);
	assert_null(plain);
	has(err.msg, msg_part);
}

static void opens_to_text(const struct record *r, const char *person, const struct seal_keys *k)
{
	struct seal_plain *plain = NULL;
	struct jy_err err = JY_ERR_INIT;
	if (seal_open(&plain, r, PAPER, RELEASE, person, k, pa.ptr, &err))
		fail_msg("seal_open as %s: %s", person, err.msg);
	assert_int_equal(plain->len, text.len);
	assert_memory_equal(plain->data, text.ptr, text.len);
	assert_int_equal(plain->data[plain->len], '\0');
	seal_plain_free(plain);
}

static size_t nparts(const struct record *r)
{
	long body = record_section_index(r, "body");
	return body < 0 ? 0 : record_key_count(r, (size_t)body);
}

/* ------------------------------------------------------------ key pairs */

static void test_public_key_text(void **state)
{
	(void)state;
	struct seal_public pub;
	struct jy_err err = JY_ERR_INIT;
	struct buf bad = BUF_INIT;
	assert_int_equal(pa.len, SEAL_PUBLIC_LEN);
	assert_int_equal(strncmp(pa.ptr, "jy1:", 4), 0);
	assert_string_not_equal(pa.ptr, pb.ptr);
	assert_int_equal(seal_public_parse(&pub, pa.ptr, &err), 0);

	assert_int_equal(seal_public_parse(&pub, pa.ptr + 4, &err), JY_EINVAL); /* no prefix */
	has(err.msg, "jy1:");
	buf_set(&bad, pa.ptr);
	bad.ptr[0] = 'J';
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);
	buf_set(&bad, pa.ptr);
	buf_truncate(&bad, bad.len - 4); /* short */
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);
	buf_set(&bad, pa.ptr);
	buf_puts(&bad, "AAAA"); /* long */
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);
	buf_set(&bad, pa.ptr);
	bad.ptr[10] = '*'; /* not base64 */
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);
	buf_set(&bad, pa.ptr);
	bad.ptr[bad.len - 1] = 'A'; /* the '=' padding replaced */
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);

	/* Right shape, unusable keys: an all-zero X25519 key; an Ed25519 part that is no curve point. */
	unsigned char both[64];
	memset(both, 0, 32);
	memcpy(both + 32, pub.sign, 32);
	buf_set(&bad, "jy1:");
	digest_base64(&bad, both, sizeof(both), DIGEST_B64_PADDED);
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);
	has(err.msg, "无效");
	memset(both, 7, 32);
	memset(both + 32, 0xff, 32);
	buf_set(&bad, "jy1:");
	digest_base64(&bad, both, sizeof(both), DIGEST_B64_PADDED);
	assert_int_equal(seal_public_parse(&pub, bad.ptr, &err), JY_EINVAL);
	buf_release(&bad);
}

/* Replaces the value of the line starting with "name " in a key file. */
static void set_line(struct buf *file, const char *name, const char *value)
{
	struct buf out = BUF_INIT;
	size_t nl = strlen(name);
	for (const char *p = file->ptr; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) + 1 : strlen(p);
		if (strncmp(p, name, nl) == 0 && p[nl] == ' ')
			buf_printf(&out, "%s %s\n", name, value);
		else if (strcmp(value, "\x01") != 0 || strncmp(p, name, nl) != 0)
			buf_add(&out, p, n);
		p += n;
	}
	buf_set(file, out.ptr);
	buf_release(&out);
}

static void test_key_file(void **state)
{
	(void)state;
	struct buf file = BUF_INIT, pub = BUF_INIT, edited = BUF_INIT;
	struct seal_keys *k = NULL;
	struct jy_err err = JY_ERR_INIT;
	const char *pass = "教研组的口令 correct horse";

	assert_int_equal(seal_keys_export(&file, kb, pass, 0, 0, &err), 0);
	has(file.ptr, "\njiaoyan-secret-key 1\n");
	has(file.ptr, "\nkdf argon2id13\n");
	has(file.ptr, "\nopslimit 2\n");        /* crypto_pwhash_OPSLIMIT_INTERACTIVE */
	has(file.ptr, "\nmemlimit 67108864\n"); /* crypto_pwhash_MEMLIMIT_INTERACTIVE */
	has(file.ptr, pb.ptr);                  /* the public line matches the roster */

	/* Right passphrase: the same keys (same public text; they open what was sealed to b). */
	assert_int_equal(seal_keys_import(&k, file.ptr, file.len, pass, &err), 0);
	seal_keys_public(&pub, k);
	assert_string_equal(pub.ptr, pb.ptr);
	opens_to_text(good, "li-na", k);
	seal_keys_free(k);
	k = NULL;

	/* Wrong passphrase: JY_EPERM, a clear message, no keys. */
	assert_int_equal(seal_keys_import(&k, file.ptr, file.len, "教研组的口令 correct horsf", &err), JY_EPERM);
	assert_null(k);
	has(err.msg, "口令不正确");
	err_set_lang("en");
	assert_int_equal(seal_keys_import(&k, file.ptr, file.len, "wrong passphrase", &err), JY_EPERM);
	err_set_lang("zh");
	has(err.msg, "wrong passphrase");

	/* CRLF line ends, as after a trip through a Windows editor. */
	for (const char *p = file.ptr; *p; p++) {
		if (*p == '\n')
			buf_putc(&edited, '\r');
		buf_putc(&edited, *p);
	}
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), 0);
	seal_keys_free(k);
	k = NULL;

	/* Someone else's public line on b's secret keys. */
	buf_set(&edited, file.ptr);
	set_line(&edited, "public", pc.ptr);
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	has(err.msg, "public");
	/* Only the Ed25519 half replaced: seals would verify against a key that is not b's. */
	struct seal_public mine, theirs;
	unsigned char both[64];
	assert_int_equal(seal_public_parse(&mine, pb.ptr, &err), 0);
	assert_int_equal(seal_public_parse(&theirs, pc.ptr, &err), 0);
	memcpy(both, mine.box, 32);
	memcpy(both + 32, theirs.sign, 32);
	buf_set(&pub, "jy1:");
	digest_base64(&pub, both, sizeof(both), DIGEST_B64_PADDED);
	buf_set(&edited, file.ptr);
	set_line(&edited, "public", pub.ptr);
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	has(err.msg, "public");
	buf_reset(&pub);
	/* Malformed files. */
	buf_set(&edited, file.ptr);
	set_line(&edited, "nonce", "\x01"); /* line removed */
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	has(err.msg, "nonce");
	buf_set(&edited, file.ptr);
	buf_puts(&edited, "extra line\n");
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	buf_set(&edited, file.ptr);
	set_line(&edited, "opslimit", "1"); /* below INTERACTIVE */
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	has(err.msg, "opslimit");
	buf_set(&edited, file.ptr);
	set_line(&edited, "opslimit", "02");
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	buf_set(&edited, file.ptr);
	set_line(&edited, "kdf", "scrypt");
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	buf_set(&edited, file.ptr);
	set_line(&edited, "salt", "AAAA");
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EINVAL);
	has(err.msg, "salt");
	/* A raised-but-different opslimit is read from the file: the derived key differs. */
	buf_set(&edited, file.ptr);
	set_line(&edited, "opslimit", "3");
	assert_int_equal(seal_keys_import(&k, edited.ptr, edited.len, pass, &err), JY_EPERM);
	assert_null(k);

	/* Raised limits are written to the file and used on import. */
	buf_reset(&file);
	assert_int_equal(seal_keys_export(&file, kb, pass, 3, 0, &err), 0);
	has(file.ptr, "\nopslimit 3\n");
	assert_int_equal(seal_keys_import(&k, file.ptr, file.len, pass, &err), 0);
	seal_keys_free(k);

	/* Export refuses a short passphrase and out-of-range limits. */
	buf_reset(&file);
	assert_int_equal(seal_keys_export(&file, kb, "1234567", 0, 0, &err), JY_EINVAL);
	has(err.msg, "口令太短");
	assert_int_equal(seal_keys_export(&file, kb, pass, 1, 0, &err), JY_EINVAL);
	assert_int_equal(seal_keys_export(&file, kb, pass, 0, 1024, &err), JY_EINVAL);
	assert_int_equal(file.len, 0);

	buf_release(&file);
	buf_release(&pub);
	buf_release(&edited);
}

/* -------------------------------------------------------- seal and open */

static void test_seal_and_open(void **state)
{
	(void)state;
	struct buf encoded = BUF_INIT;
	struct record *back = NULL;
	struct jy_err err = JY_ERR_INIT;

	assert_true(text.len > 100 * 1024);
	assert_int_equal(nparts(good), (text.len + SEAL_CHUNK - 1) / SEAL_CHUNK);
	assert_true(nparts(good) >= 7);
	assert_string_equal(record_get(good, "seal", "magic"), "jiaoyan-seal");
	assert_string_equal(record_get(good, "seal", "version"), "1");
	assert_string_equal(record_get(good, "seal", "paper"), PAPER);
	assert_string_equal(record_get(good, "seal", "release"), RELEASE);
	assert_string_equal(record_get(good, "seal", "signer"), "zhang-wei");
	assert_string_equal(record_get(good, "seal", "recipients"), "2");
	assert_string_equal(record_get(good, "recipient.1", "person"), "zhang-wei");
	assert_string_equal(record_get(good, "recipient.2", "person"), "li-na");
	assert_int_equal(record_section_count(good), 5); /* seal, recipient.1, recipient.2, body, signature */
	for (size_t j = 0; j < nparts(good); j++)
		assert_true(strlen(record_value(good, (size_t)record_section_index(good, "body"), j)) <= SEAL_PART_MAX);
	assert_int_equal(seal_check_form(good, &err), 0);

	opens_to_text(good, "zhang-wei", ka);
	opens_to_text(good, "li-na", kb);

	/* Through the codec (what the repository stores) and back: still a good seal, no plaintext in it. */
	assert_int_equal(codec_encode(&encoded, good, &err), 0);
	assert_null(strstr(encoded.ptr, "传感器"));
	assert_null(strstr(encoded.ptr, "第1题"));
	assert_int_equal(codec_decode(&back, encoded.ptr, encoded.len, &err), 0);
	assert_true(record_equal(back, good));
	opens_to_text(back, "li-na", kb);
	record_free(back);
	buf_release(&encoded);

	/* Two seals of the same text differ entirely (fresh file key and header). */
	struct record *again = seal_to_ab(text.ptr, text.len);
	assert_string_not_equal(record_get(again, "seal", "header"), record_get(good, "seal", "header"));
	assert_string_not_equal(record_get(again, "body", "part.1"), record_get(good, "body", "part.1"));
	record_free(again);
}

static void test_small_and_empty(void **state)
{
	(void)state;
	struct seal_plain *plain = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct record *r = seal_to_ab("", 0);
	assert_int_equal(nparts(r), 1);
	assert_int_equal(seal_open(&plain, r, PAPER, RELEASE, "li-na", kb, pa.ptr, &err), 0);
	/* Plaintext was had: no core file, no ptrace from the account's other processes. */
	assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
	assert_int_equal(plain->len, 0);
	assert_int_equal(plain->data[0], '\0');
	seal_plain_free(plain);
	record_free(r);

	/* Exactly one chunk: still one part; one byte more: two. */
	struct buf t = BUF_INIT;
	for (int i = 0; i < SEAL_CHUNK; i++)
		buf_putc(&t, 'x');
	r = seal_to_ab(t.ptr, t.len);
	assert_int_equal(nparts(r), 1);
	record_free(r);
	buf_putc(&t, 'y');
	r = seal_to_ab(t.ptr, t.len);
	assert_int_equal(nparts(r), 2);
	assert_int_equal(seal_open(&plain, r, PAPER, RELEASE, "zhang-wei", ka, pa.ptr, &err), 0);
	assert_int_equal(plain->len, SEAL_CHUNK + 1);
	assert_int_equal(plain->data[SEAL_CHUNK], 'y');
	seal_plain_free(plain);
	record_free(r);
	buf_release(&t);
}

static void test_outsider(void **state)
{
	(void)state;
	open_fails(good, "wang-fang", kc, JY_EPERM, "你不在命题组的收件人中");
	/* Claiming to be a recipient does not help without that person's secret key. */
	open_fails(good, "li-na", kc, JY_EPERM, "打不开 [recipient.2]");
	/* Nor does a member's own key opening someone else's entry. */
	open_fails(good, "zhang-wei", kb, JY_EPERM, "[recipient.1]");
}

static void test_wrong_metadata(void **state)
{
	(void)state;
	struct seal_plain *plain = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(seal_open(&plain, good, "2026-2027-1-iot-b", RELEASE, "li-na", kb, pa.ptr, &err), JY_EINVAL);
	has(err.msg, "元数据与考试不符");
	has(err.msg, "2026-2027-1-iot-b");
	assert_int_equal(seal_open(&plain, good, PAPER, "2027-01-08T08:00", "li-na", kb, pa.ptr, &err), JY_EINVAL);
	has(err.msg, "2027-01-08T08:00");
	assert_null(plain);

	/* Rewriting the seal's metadata (and re-signing it, as a rogue sealer could) does not
	 * move the ciphertext: it is bound to the original paper and release time. */
	struct record *r = record_dup(good);
	record_set(r, "seal", "release", "2027-01-08T08:00");
	assert_int_equal(seal_sign(r, ka, &err), 0);
	assert_int_equal(seal_open(&plain, r, PAPER, "2027-01-08T08:00", "li-na", kb, pa.ptr, &err), JY_EINVAL);
	has(err.msg, "第 1 段");
	assert_null(plain);
	record_free(r);
}

/* ------------------------------------------------------------- tampering */

/* Flips one bit of the decoded bytes of section.key at byte `at`, keeping valid base64. */
static void flip(struct record *r, const char *section, const char *key, size_t at)
{
	struct buf bytes = BUF_INIT, b64 = BUF_INIT;
	const char *v = record_get(r, section, key);
	assert_int_equal(digest_base64_decode(&bytes, v, strlen(v), DIGEST_B64_PADDED, NULL), 0);
	assert_true(at < bytes.len);
	bytes.ptr[at] ^= 0x20;
	digest_base64(&b64, bytes.ptr, bytes.len, DIGEST_B64_PADDED);
	record_set(r, section, key, b64.ptr);
	buf_release(&bytes);
	buf_release(&b64);
}

static void swap_values(struct record *r, const char *sa, const char *a, const char *sb, const char *b)
{
	char *va = xstrdup(record_get(r, sa, a)), *vb = xstrdup(record_get(r, sb, b));
	record_set(r, sa, a, vb);
	record_set(r, sb, b, va);
	free(va);
	free(vb);
}

static void drop_last_part(struct record *r)
{
	char key[32];
	snprintf(key, sizeof(key), "part.%zu", nparts(r));
	assert_int_equal(record_unset(r, "body", key), 0);
}

/* Every kind of tampering breaks the signature, which is checked first. */
static void test_tampering_signature(void **state)
{
	(void)state;
	struct record *other = seal_to_ab(text.ptr, text.len), *r;
	struct jy_err err = JY_ERR_INIT;

	r = record_dup(good);
	flip(r, "body", "part.3", 100);
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	assert_int_equal(seal_verify(r, pa.ptr, &err), JY_EINVAL);
	assert_int_equal(seal_check_form(r, &err), 0); /* still well-formed: only keys can tell */
	record_free(r);

	r = record_dup(good);
	flip(r, "recipient.2", "key", 40);
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	r = record_dup(good);
	flip(r, "seal", "header", 3);
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	r = record_dup(good);
	flip(r, "signature", "ed25519", 10);
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	r = record_dup(good);
	drop_last_part(r);
	assert_int_equal(seal_check_form(r, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	r = record_dup(good);
	swap_values(r, "body", "part.1", "body", "part.2");
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	r = record_dup(good);
	record_set(r, "body", "part.2", record_get(other, "body", "part.2"));
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	r = record_dup(good);
	swap_values(r, "recipient.1", "person", "recipient.2", "person");
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	record_free(r);

	/* A seal whose signer field names a but that c signed. */
	struct seal_recipient to[] = { { "li-na", pb.ptr } };
	assert_int_equal(seal_paper(&r, "x", 1, PAPER, RELEASE, "zhang-wei", kc, to, 1, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "签名不符");
	has(err.msg, "zhang-wei");
	assert_int_equal(seal_verify(r, pc.ptr, &err), 0);
	record_free(r);
	/* The good seal checked against someone else's public key. */
	assert_int_equal(seal_verify(good, pb.ptr, &err), JY_EINVAL);
	assert_int_equal(seal_verify(good, pa.ptr, &err), 0);
	assert_int_equal(seal_verify(good, "jy1:nonsense", &err), JY_EINVAL);
	has(err.msg, "zhang-wei");
	record_free(other);
}

/* Re-signed after tampering (a rogue sealer): the ciphertext layer still refuses, each kind with its message. */
static void test_tampering_ciphertext(void **state)
{
	(void)state;
	struct record *other = seal_to_ab(text.ptr, text.len), *r;
	struct jy_err err = JY_ERR_INIT;

	r = record_dup(good);
	flip(r, "body", "part.3", 100);
	assert_int_equal(seal_sign(r, ka, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "密文已损坏：第 3 段");
	record_free(r);

	r = record_dup(good);
	flip(r, "seal", "header", 3);
	assert_int_equal(seal_sign(r, ka, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "密文已损坏：第 1 段");
	record_free(r);

	r = record_dup(good);
	drop_last_part(r);
	assert_int_equal(seal_sign(r, ka, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "密文被截断");
	record_free(r);

	r = record_dup(good);
	swap_values(r, "body", "part.1", "body", "part.2");
	assert_int_equal(seal_sign(r, ka, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "密文已损坏：第 1 段");
	record_free(r);

	r = record_dup(good);
	record_set(r, "body", "part.2", record_get(other, "body", "part.2"));
	assert_int_equal(seal_sign(r, ka, &err), 0);
	open_fails(r, "li-na", kb, JY_EINVAL, "密文已损坏：第 2 段");
	record_free(r);

	/* b's entry damaged: b is refused, a still opens. */
	r = record_dup(good);
	flip(r, "recipient.2", "key", 40);
	assert_int_equal(seal_sign(r, ka, &err), 0);
	open_fails(r, "li-na", kb, JY_EPERM, "[recipient.2]");
	opens_to_text(r, "zhang-wei", ka);
	record_free(r);
	record_free(other);
}

/*
 * Rebuilds good's body with the same file key but chosen tags per chunk (what
 * only a holder of the key could do), re-signed by a.
 */
static struct record *with_tags(const unsigned char *tags, size_t n)
{
	struct buf key64 = BUF_INIT, b64 = BUF_INIT, ad = BUF_INIT;
	unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
	unsigned char header[crypto_secretstream_xchacha20poly1305_HEADERBYTES];
	unsigned char ct[64];
	crypto_secretstream_xchacha20poly1305_state st;
	struct jy_err err = JY_ERR_INIT;
	struct record *r = record_dup(good);
	assert_int_equal(seal_file_key(&key64, good, PAPER, RELEASE, "zhang-wei", ka, pa.ptr, &err), 0);
	assert_int_equal(digest_base64_decode_exact(key, sizeof(key), key64.ptr, DIGEST_B64_PADDED, "key", &err), 0);
	crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
	digest_base64(&b64, header, sizeof(header), DIGEST_B64_PADDED);
	record_set(r, "seal", "header", b64.ptr);
	record_remove_section(r, "body");
	buf_printf(&ad, "%s\n%s", PAPER, RELEASE);
	for (size_t i = 0; i < n; i++) {
		char name[32];
		unsigned long long clen;
		crypto_secretstream_xchacha20poly1305_push(&st, ct, &clen, (const unsigned char *)"chunk", 5,
							   (const unsigned char *)ad.ptr, ad.len, tags[i]);
		buf_reset(&b64);
		digest_base64(&b64, ct, (size_t)clen, DIGEST_B64_PADDED);
		snprintf(name, sizeof(name), "part.%zu", i + 1);
		record_set(r, "body", name, b64.ptr);
	}
	assert_int_equal(seal_sign(r, ka, &err), 0);
	buf_release(&key64);
	buf_release(&b64);
	buf_release(&ad);
	return r;
}

static void test_final_tag(void **state)
{
	(void)state;
	const unsigned char M = crypto_secretstream_xchacha20poly1305_TAG_MESSAGE;
	const unsigned char F = crypto_secretstream_xchacha20poly1305_TAG_FINAL;
	const unsigned char P = crypto_secretstream_xchacha20poly1305_TAG_PUSH;
	struct seal_plain *plain = NULL;
	struct jy_err err = JY_ERR_INIT;

	const unsigned char ok[] = { M, M, F };
	struct record *r = with_tags(ok, 3);
	assert_int_equal(seal_open(&plain, r, PAPER, RELEASE, "li-na", kb, pa.ptr, &err), 0);
	assert_string_equal((const char *)plain->data, "chunkchunkchunk");
	seal_plain_free(plain);
	record_free(r);

	const unsigned char no_final[] = { M, M, M };
	r = with_tags(no_final, 3);
	open_fails(r, "li-na", kb, JY_EINVAL, "密文被截断：最后一段（第 3 段）");
	record_free(r);

	const unsigned char early_final[] = { M, F, M };
	r = with_tags(early_final, 3);
	open_fails(r, "li-na", kb, JY_EINVAL, "第 2 段已是结束段");
	record_free(r);

	const unsigned char push[] = { P, F };
	r = with_tags(push, 2);
	open_fails(r, "li-na", kb, JY_EINVAL, "第 1 段的标记不对");
	record_free(r);
}

/* ------------------------------------------------------------- release */

static void test_release(void **state)
{
	(void)state;
	struct buf ka64 = BUF_INIT, kb64 = BUF_INIT, wrong = BUF_INIT;
	struct seal_plain *plain = NULL;
	struct jy_err err = JY_ERR_INIT;
	unsigned char random_key[32];

	assert_int_equal(seal_file_key(&ka64, good, PAPER, RELEASE, "zhang-wei", ka, pa.ptr, &err), 0);
	assert_int_equal(seal_file_key(&kb64, good, PAPER, RELEASE, "li-na", kb, pa.ptr, &err), 0);
	assert_int_equal(ka64.len, SEAL_FILE_KEY_B64_LEN);
	assert_string_equal(ka64.ptr, kb64.ptr); /* one file key, sealed to each member */
	assert_int_equal(seal_file_key(&wrong, good, PAPER, RELEASE, "wang-fang", kc, pa.ptr, &err), JY_EPERM);
	assert_int_equal(wrong.len, 0);

	/* No secret key at all: the published key opens it, after the same signature and metadata checks. */
	assert_int_equal(seal_open_released(&plain, good, PAPER, RELEASE, ka64.ptr, pa.ptr, &err), 0);
	assert_int_equal(plain->len, text.len);
	assert_memory_equal(plain->data, text.ptr, text.len);
	seal_plain_free(plain);
	plain = NULL;

	assert_int_equal(seal_open_released(&plain, good, PAPER, "2027-01-08T10:00", ka64.ptr, pa.ptr, &err), JY_EINVAL);
	has(err.msg, "元数据");
	assert_int_equal(seal_open_released(&plain, good, PAPER, RELEASE, ka64.ptr, pc.ptr, &err), JY_EINVAL);
	has(err.msg, "签名不符");
	randombytes_buf(random_key, sizeof(random_key));
	digest_base64(&wrong, random_key, sizeof(random_key), DIGEST_B64_PADDED);
	assert_int_equal(seal_open_released(&plain, good, PAPER, RELEASE, wrong.ptr, pa.ptr, &err), JY_EINVAL);
	has(err.msg, "公布的文件密钥打不开");
	assert_int_equal(seal_open_released(&plain, good, PAPER, RELEASE, "AAAA", pa.ptr, &err), JY_EINVAL);
	has(err.msg, "格式不对");
	assert_null(plain);

	buf_release(&ka64);
	buf_release(&kb64);
	buf_release(&wrong);
}

/* ---------------------------------------------------------- form check */

static void form_refused(const struct record *r, const char *msg_part)
{
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(seal_check_form(r, &err), JY_EINVAL);
	has(err.msg, msg_part);
}

static void test_form_check(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *r;
	assert_int_equal(seal_check_form(good, &err), 0);

	r = record_dup(good);
	record_remove_section(r, "signature");
	form_refused(r, "[signature]");
	record_free(r);

	/* Plaintext next to the ciphertext, in any section, in any script. */
	r = record_dup(good);
	record_set(r, "seal", "stem", "下列关于传感器的说法正确的是");
	form_refused(r, "[seal] stem：封存记录里不允许有这个键");
	record_free(r);

	r = record_dup(good);
	record_set(r, "seal", "stem", "Which-sensor-measures-humidity?");
	form_refused(r, "[seal] stem：封存记录里不允许有这个键");
	record_free(r);

	r = record_dup(good);
	record_set(r, "recipient.1", "stem", "湿度传感器测量的是什么？");
	form_refused(r, "[recipient.1] stem：封存记录里不允许有这个键");
	record_free(r);

	r = record_dup(good);
	record_set(r, "signature", "stem", "Which-sensor-measures-humidity?");
	form_refused(r, "[signature] stem：封存记录里不允许有这个键");
	record_free(r);

	r = record_dup(good);
	record_set(r, "body", "stem", "plaintext");
	form_refused(r, "[body] stem：封存记录里不允许有这个键");
	record_free(r);

	r = record_dup(good);
	record_set(r, "question.1", "stem", "plaintext");
	form_refused(r, "[question.1]：封存记录里不允许有这个节");
	record_free(r);

	/* A plaintext paper, as pushed by mistake. */
	r = record_new();
	record_set(r, "paper", "course", "传感器应用技术");
	record_set(r, "question.1", "stem", "下列关于传感器的说法正确的是");
	form_refused(r, "不是封存的试卷");
	record_free(r);

	r = record_dup(good);
	record_set(r, "seal", "magic", "jiaoyan-seal2");
	form_refused(r, "magic");
	record_set(r, "seal", "magic", "jiaoyan-seal");
	record_set(r, "seal", "version", "2");
	form_refused(r, "version");
	record_free(r);

	r = record_dup(good);
	record_set(r, "seal", "recipients", "3");
	form_refused(r, "recipients");
	record_set(r, "seal", "recipients", "02");
	form_refused(r, "recipients");
	record_free(r);

	r = record_dup(good);
	record_remove_section(r, "recipient.1");
	record_set(r, "seal", "recipients", "1");
	form_refused(r, "[recipient.1]");
	record_free(r);

	r = record_dup(good);
	record_unset(r, "recipient.2", "key");
	form_refused(r, "[recipient.2] 缺少 key");
	record_free(r);

	r = record_dup(good);
	record_set(r, "recipient.2", "person", "zhang-wei");
	form_refused(r, "重复");
	record_free(r);

	r = record_dup(good);
	record_unset(r, "body", "part.2");
	form_refused(r, "part.2");
	record_free(r);

	r = record_dup(good);
	record_remove_section(r, "body");
	form_refused(r, "[body]");
	record_free(r);

	r = record_dup(good);
	record_set(r, "seal", "header", "AAAA");
	form_refused(r, "[seal] header");
	record_free(r);

	r = record_dup(good);
	record_set(r, "signature", "ed25519", "AAAA");
	form_refused(r, "[signature] ed25519");
	record_free(r);

	r = record_dup(good);
	record_set(r, "seal", "paper", "试卷");
	form_refused(r, "paper");
	record_set(r, "seal", "paper", "../x");
	form_refused(r, "paper");
	record_free(r);

	r = record_dup(good);
	record_set(r, "seal", "release", "2027-02-30T09:00");
	form_refused(r, "release");
	record_set(r, "seal", "release", "2027-01-08 09:00");
	form_refused(r, "release");
	record_set(r, "seal", "release", "2027-01-08T24:00");
	form_refused(r, "release");
	record_free(r);

	r = record_dup(good);
	record_set(r, "body", "part.1", "AAAA"); /* shorter than a chunk's tag */
	form_refused(r, "[body] part.1");
	record_free(r);
}

static void test_seal_input(void **state)
{
	(void)state;
	struct record *r = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct seal_recipient twice[] = { { "li-na", pb.ptr }, { "li-na", pb.ptr } };
	struct seal_recipient bad_key[] = { { "li-na", pb.ptr }, { "wang-fang", "jy1:AAAA" } };
	struct seal_recipient bad_id[] = { { "Li Na", pb.ptr } };

	assert_int_equal(seal_paper(&r, "x", 1, PAPER, RELEASE, "zhang-wei", ka, twice, 0, &err), JY_EINVAL);
	has(err.msg, "收件人数量");
	assert_int_equal(seal_paper(&r, "x", 1, PAPER, RELEASE, "zhang-wei", ka, twice, 2, &err), JY_EINVAL);
	has(err.msg, "重复");
	assert_int_equal(seal_paper(&r, "x", 1, PAPER, RELEASE, "zhang-wei", ka, bad_key, 2, &err), JY_EINVAL);
	has(err.msg, "wang-fang");
	assert_int_equal(seal_paper(&r, "x", 1, PAPER, RELEASE, "zhang-wei", ka, bad_id, 1, &err), JY_EINVAL);
	assert_int_equal(seal_paper(&r, "x", 1, PAPER, "2027-01-08", "zhang-wei", ka, twice, 1, &err), JY_EINVAL);
	has(err.msg, "YYYY-MM-DDTHH:MM");
	assert_int_equal(seal_paper(&r, "x", 1, "../paper", RELEASE, "zhang-wei", ka, twice, 1, &err), JY_EINVAL);
	assert_null(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_public_key_text),     cmocka_unit_test(test_key_file),
		cmocka_unit_test(test_seal_and_open),       cmocka_unit_test(test_small_and_empty),
		cmocka_unit_test(test_outsider),            cmocka_unit_test(test_wrong_metadata),
		cmocka_unit_test(test_tampering_signature), cmocka_unit_test(test_tampering_ciphertext),
		cmocka_unit_test(test_final_tag),           cmocka_unit_test(test_release),
		cmocka_unit_test(test_form_check),          cmocka_unit_test(test_seal_input),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
