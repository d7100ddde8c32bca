/* digest: thin, strict wrappers over libsodium's hashing and encodings. */
#include <string.h>

#include <sodium.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/digest.h"
#include "jiaoyan/err.h"

static int sodium_ready;

int digest_init(struct jy_err *err)
{
	/* sodium_init returns 1 when already initialised, -1 on failure. */
	if (!sodium_ready) {
		if (sodium_init() < 0)
			return err_set(err, JY_EIO, "%s",
				       L("无法初始化 libsodium（系统随机数源不可用）",
					 "cannot initialise libsodium (no usable system random source)"));
		sodium_ready = 1;
	}
	return 0;
}

int digest_sha256(unsigned char out[DIGEST_SHA256_BYTES], const void *data, size_t len, struct jy_err *err)
{
	int rc = digest_init(err);
	if (rc)
		return rc;
	crypto_hash_sha256(out, data, len);
	return 0;
}

static int variant_of(enum digest_b64 style)
{
	return style == DIGEST_B64_PADDED ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
}

void digest_base64(struct buf *out, const void *data, size_t len, enum digest_b64 style)
{
	int variant = variant_of(style);
	size_t need = sodium_base64_encoded_len(len, variant); /* includes the NUL */
	buf_grow(out, need);
	sodium_bin2base64(out->ptr + out->len, need, data, len, variant);
	out->len += strlen(out->ptr + out->len);
}

int digest_base64_decode(struct buf *out, const char *text, size_t len, enum digest_b64 style, struct jy_err *err)
{
	size_t max = len / 4 * 3 + 3, got = 0;
	buf_grow(out, max);
	/* With b64_end NULL libsodium refuses any character it did not consume. */
	if (sodium_base642bin((unsigned char *)out->ptr + out->len, max, text, len, NULL, &got, NULL,
			      variant_of(style)) != 0) {
		out->ptr[out->len] = '\0';
		return err_set(err, JY_EINVAL, "%s",
			       style == DIGEST_B64_PADDED
				       ? L("base64 数据无效（只允许 A-Z a-z 0-9 + /，结尾按需补 =）",
					   "invalid base64 (only A-Z a-z 0-9 + / allowed, padded with = at the end)")
				       : L("base64 数据无效（只允许 A-Z a-z 0-9 + /，不带 =）",
					   "invalid base64 (only A-Z a-z 0-9 + / allowed, no = padding)"));
	}
	out->len += got;
	out->ptr[out->len] = '\0';
	return 0;
}

int digest_base64_decode_exact(unsigned char *out, size_t want, const char *text, enum digest_b64 style,
			       const char *what, struct jy_err *err)
{
	size_t len = strlen(text), got = 0;
	/* An over-long text fails inside libsodium with ERANGE, before any write past want. */
	if (sodium_base642bin(out, want, text, len, NULL, &got, NULL, variant_of(style)) != 0 || got != want)
		return err_set(err, JY_EINVAL,
			       L("%s：不是 %zu 字节数据的有效 base64", "%s: not valid base64 of %zu bytes"), what, want);
	return 0;
}

void digest_hex(struct buf *out, const void *data, size_t len)
{
	size_t need = len * 2 + 1;
	buf_grow(out, need);
	sodium_bin2hex(out->ptr + out->len, need, data, len);
	out->len += len * 2;
}

int digest_hex_decode(struct buf *out, const char *text, size_t len, struct jy_err *err)
{
	size_t got = 0;
	buf_grow(out, len / 2 + 1);
	if (len % 2 || sodium_hex2bin((unsigned char *)out->ptr + out->len, len / 2 + 1, text, len, NULL, &got, NULL) != 0) {
		out->ptr[out->len] = '\0';
		return err_set(err, JY_EINVAL, "%s",
			       L("十六进制数据无效（应为偶数个 0-9、a-f）", "invalid hex (an even number of 0-9, a-f expected)"));
	}
	out->len += got;
	out->ptr[out->len] = '\0';
	return 0;
}

int digest_ssh_fingerprint(struct buf *out, const void *blob, size_t len, struct jy_err *err)
{
	unsigned char md[DIGEST_SHA256_BYTES];
	int rc = digest_sha256(md, blob, len, err);
	if (rc)
		return rc;
	buf_puts(out, "SHA256:");
	digest_base64(out, md, sizeof(md), DIGEST_B64_UNPADDED);
	return 0;
}
