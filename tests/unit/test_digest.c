/* test_digest: unit tests for core/digest — FIPS SHA-256 vectors, strict base64 and hex, OpenSSH fingerprints. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/digest.h"
#include "jiaoyan/err.h"

static void sha256_hex_is(const char *msg, const char *want)
{
	unsigned char md[DIGEST_SHA256_BYTES];
	struct buf hex = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(digest_sha256(md, msg, strlen(msg), &err), 0);
	digest_hex(&hex, md, sizeof(md));
	assert_string_equal(hex.ptr, want);
	buf_release(&hex);
}

/* FIPS 180-2 appendix B examples. */
static void test_sha256_vectors(void **state)
{
	(void)state;
	sha256_hex_is("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha256_hex_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
		      "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	sha256_hex_is("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

static void test_sha256_million_a(void **state)
{
	(void)state;
	struct buf a = BUF_INIT;
	for (int i = 0; i < 1000000; i++)
		buf_putc(&a, 'a');
	sha256_hex_is(a.ptr, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	buf_release(&a);
}

static void encodes(const char *data, const char *padded, const char *unpadded)
{
	struct buf out = BUF_INIT, back = BUF_INIT;
	digest_base64(&out, data, strlen(data), DIGEST_B64_PADDED);
	assert_string_equal(out.ptr, padded);
	assert_int_equal(digest_base64_decode(&back, out.ptr, out.len, DIGEST_B64_PADDED, NULL), 0);
	assert_int_equal(back.len, strlen(data));
	assert_memory_equal(back.ptr, data, back.len);
	buf_reset(&out);
	buf_reset(&back);
	digest_base64(&out, data, strlen(data), DIGEST_B64_UNPADDED);
	assert_string_equal(out.ptr, unpadded);
	assert_int_equal(digest_base64_decode(&back, out.ptr, out.len, DIGEST_B64_UNPADDED, NULL), 0);
	assert_int_equal(back.len, strlen(data));
	assert_memory_equal(back.ptr, data, back.len);
	buf_release(&out);
	buf_release(&back);
}

/* RFC 4648 §10 test vectors, both styles. */
static void test_base64_encode(void **state)
{
	(void)state;
	encodes("", "", "");
	encodes("f", "Zg==", "Zg");
	encodes("fo", "Zm8=", "Zm8");
	encodes("foo", "Zm9v", "Zm9v");
	encodes("foob", "Zm9vYg==", "Zm9vYg");
	encodes("fooba", "Zm9vYmE=", "Zm9vYmE");
	encodes("foobar", "Zm9vYmFy", "Zm9vYmFy");
	encodes("教研", "5pWZ56CU", "5pWZ56CU");

	/* Appends, does not replace. */
	struct buf out = BUF_INIT;
	buf_puts(&out, "x:");
	unsigned char bytes[] = { 0xfb, 0xff, 0xfe };
	digest_base64(&out, bytes, sizeof(bytes), DIGEST_B64_PADDED);
	assert_string_equal(out.ptr, "x:+//+");
	buf_release(&out);
}

static void refused(const char *text, enum digest_b64 style)
{
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	buf_puts(&out, "keep");
	assert_int_equal(digest_base64_decode(&out, text, strlen(text), style, &err), JY_EINVAL);
	assert_int_equal(err.code, JY_EINVAL);
	assert_non_null(strstr(err.msg, "base64"));
	assert_string_equal(out.ptr, "keep"); /* unchanged on error */
	buf_release(&out);
}

static void test_base64_strict(void **state)
{
	(void)state;
	refused("Zg", DIGEST_B64_PADDED);      /* missing padding */
	refused("Zg=", DIGEST_B64_PADDED);     /* short padding */
	refused("Zg===", DIGEST_B64_PADDED);   /* too much padding */
	refused("Zg==", DIGEST_B64_UNPADDED);  /* padding where none belongs */
	refused("Zh==", DIGEST_B64_PADDED);    /* non-zero unused bits: a second spelling of "f" */
	refused("Zm9v YmFy", DIGEST_B64_PADDED); /* whitespace */
	refused("Zm9v\nYmFy", DIGEST_B64_PADDED);
	refused("Zm9v-mFy", DIGEST_B64_PADDED);  /* URL-safe alphabet */
	refused("Zm9v_mFy", DIGEST_B64_PADDED);
	refused("Zm9vY", DIGEST_B64_UNPADDED);  /* impossible length */
	refused("Zg==Zg==", DIGEST_B64_PADDED); /* data after padding */
	refused("Zm9v\xe6\x95\x99", DIGEST_B64_PADDED);

	/* A NUL inside the given length is not the end of the text. */
	struct buf out = BUF_INIT;
	assert_int_equal(digest_base64_decode(&out, "Zm9v\0YmFy", 9, DIGEST_B64_PADDED, NULL), JY_EINVAL);
	/* Only len characters are read. */
	assert_int_equal(digest_base64_decode(&out, "Zm9vYmFy", 4, DIGEST_B64_PADDED, NULL), 0);
	assert_string_equal(out.ptr, "foo");
	buf_release(&out);
}

static void test_base64_exact(void **state)
{
	(void)state;
	unsigned char out[3] = { 0 };
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(digest_base64_decode_exact(out, 3, "Zm9v", DIGEST_B64_PADDED, "f", &err), 0);
	assert_memory_equal(out, "foo", 3);
	assert_int_equal(digest_base64_decode_exact(out, 3, "Zm8=", DIGEST_B64_PADDED, "[seal] header", &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "[seal] header"));
	assert_non_null(strstr(err.msg, "3"));
	/* Too long is refused, not truncated (and never written past out). */
	assert_int_equal(digest_base64_decode_exact(out, 3, "Zm9vYmFy", DIGEST_B64_PADDED, "f", &err), JY_EINVAL);
	assert_int_equal(digest_base64_decode_exact(out, 3, "Zm9", DIGEST_B64_PADDED, "f", &err), JY_EINVAL);
}

static void test_hex(void **state)
{
	(void)state;
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	unsigned char bytes[] = { 0x00, 0x7f, 0x80, 0xff, 0x0a };
	digest_hex(&out, bytes, sizeof(bytes));
	assert_string_equal(out.ptr, "007f80ff0a");
	buf_reset(&out);
	assert_int_equal(digest_hex_decode(&out, "007F80ff0a", 10, &err), 0);
	assert_int_equal(out.len, 5);
	assert_memory_equal(out.ptr, bytes, 5);
	buf_reset(&out);
	assert_int_equal(digest_hex_decode(&out, "abc", 3, &err), JY_EINVAL);
	assert_int_equal(digest_hex_decode(&out, "zz", 2, &err), JY_EINVAL);
	assert_int_equal(digest_hex_decode(&out, "ab cd", 5, &err), JY_EINVAL);
	assert_int_equal(digest_hex_decode(&out, "ab:cd", 5, &err), JY_EINVAL);
	assert_int_equal(out.len, 0);
	assert_int_equal(digest_hex_decode(&out, "", 0, &err), 0);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

/*
 * A key made with `ssh-keygen -t ed25519 -C test@jiaoyan` while writing this
 * test; `ssh-keygen -lf` printed
 * "256 SHA256:QSGmfOELesjRT/owaLiN7+J1RPZX1u/b/+qwrq8CLak test@jiaoyan (ED25519)".
 */
static void test_ssh_fingerprint(void **state)
{
	(void)state;
	const char *b64 = "AAAAC3NzaC1lZDI1NTE5AAAAIKzCPgLnWTiVW2ZPrgFt+13biN10zj3sQcbc4uv67Jxe";
	struct buf blob = BUF_INIT, fp = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(digest_base64_decode(&blob, b64, strlen(b64), DIGEST_B64_PADDED, &err), 0);
	assert_int_equal(blob.len, 51); /* string "ssh-ed25519" + string of 32 key bytes */
	assert_int_equal(digest_ssh_fingerprint(&fp, blob.ptr, blob.len, &err), 0);
	assert_string_equal(fp.ptr, "SHA256:QSGmfOELesjRT/owaLiN7+J1RPZX1u/b/+qwrq8CLak");
	/* One flipped bit gives another fingerprint. */
	blob.ptr[blob.len - 1] ^= 1;
	buf_reset(&fp);
	assert_int_equal(digest_ssh_fingerprint(&fp, blob.ptr, blob.len, &err), 0);
	assert_string_not_equal(fp.ptr, "SHA256:QSGmfOELesjRT/owaLiN7+J1RPZX1u/b/+qwrq8CLak");
	assert_int_equal(fp.len, 7 + 43);
	buf_release(&blob);
	buf_release(&fp);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_vectors), cmocka_unit_test(test_sha256_million_a),
		cmocka_unit_test(test_base64_encode),  cmocka_unit_test(test_base64_strict),
		cmocka_unit_test(test_base64_exact),   cmocka_unit_test(test_hex),
		cmocka_unit_test(test_ssh_fingerprint),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
