/* digest: SHA-256, base64, hex and OpenSSH key fingerprints, all through libsodium. */
#ifndef JIAOYAN_DIGEST_H
#define JIAOYAN_DIGEST_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"

#define DIGEST_SHA256_BYTES 32

/*
 * libsodium wants sodium_init() before its first use. digest_init() calls it
 * once per process (later calls return at once); it is not thread-safe, which
 * is fine for this single-threaded program. Every function below that can need
 * libsodium's state calls it itself. JY_EIO when libsodium cannot start (no
 * usable random source).
 */
int digest_init(struct jy_err *err);

/* SHA-256 (FIPS 180-4) of len bytes into out. JY_EIO only when digest_init fails. */
int digest_sha256(unsigned char out[DIGEST_SHA256_BYTES], const void *data, size_t len, struct jy_err *err);

/*
 * Base64 with the standard alphabet (A-Z a-z 0-9 + /). PADDED ends with '='
 * up to a multiple of 4 characters (RFC 4648 §4, what OpenSSH key lines and
 * our seals use); UNPADDED drops the '=' (how ssh-keygen prints fingerprints).
 */
enum digest_b64 {
	DIGEST_B64_PADDED,
	DIGEST_B64_UNPADDED,
};

/* Appends the base64 text of len bytes to out. Never fails. */
void digest_base64(struct buf *out, const void *data, size_t len, enum digest_b64 style);

/*
 * Strict decode of len characters of base64 text in the given style: no
 * whitespace, no other alphabet, padding exactly as the style says (PADDED
 * requires it, UNPADDED refuses it), and the unused low bits of the last
 * character must be zero, so every byte string has exactly one accepted text.
 * Appends the bytes to out. JY_EINVAL (out unchanged) on anything else.
 */
int digest_base64_decode(struct buf *out, const char *text, size_t len, enum digest_b64 style,
			 struct jy_err *err);

/*
 * The same strict decode into a fixed-size field: succeeds only when text
 * (a C string) decodes to exactly want bytes, written to out. what names the
 * field in the message ("seal.header"). JY_EINVAL otherwise; out may then hold
 * garbage (it is the caller's buffer, not a result).
 */
int digest_base64_decode_exact(unsigned char *out, size_t want, const char *text, enum digest_b64 style,
			       const char *what, struct jy_err *err);

/* Appends the lowercase hex of len bytes to out. Never fails. */
void digest_hex(struct buf *out, const void *data, size_t len);

/* Strict hex decode (an even number of 0-9 a-f A-F, nothing else), appended
 * to out. JY_EINVAL (out unchanged) otherwise. */
int digest_hex_decode(struct buf *out, const char *text, size_t len, struct jy_err *err);

/*
 * Appends the OpenSSH SHA-256 fingerprint of a public key blob (the bytes the
 * base64 field of a key line decodes to): "SHA256:" followed by the unpadded
 * base64 of SHA-256(blob), exactly what `ssh-keygen -lf` prints. The blob is
 * not parsed. JY_EIO only when digest_init fails (out unchanged).
 */
int digest_ssh_fingerprint(struct buf *out, const void *blob, size_t len, struct jy_err *err);

#endif
