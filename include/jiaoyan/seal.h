/* seal: exam papers that only the setting committee can read before release (DESIGN §2.9), on libsodium. */
#ifndef JIAOYAN_SEAL_H
#define JIAOYAN_SEAL_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"

/*
 * Every campus clones the whole data repository, so a joint paper is stored
 * only as a seal record; plaintext never passes through a file, a temporary
 * file or a log in this module, and decrypted text lives in sodium_malloc
 * memory (guard pages, wiped on free, locked against swapping as far as
 * RLIMIT_MEMLOCK allows: libsodium still hands out the memory when mlock
 * fails).
 *
 * PUBLIC KEY TEXT (one field of the person record):
 *     "jy1:" + padded standard base64 of (X25519 public key ‖ Ed25519 public
 *     key), 32 + 32 bytes: always 92 ASCII characters. The X25519 key receives
 *     file keys (crypto_box_seal), the Ed25519 key verifies the person's seals.
 *
 * SECRET KEY FILE (never in the data repository; one "name value" per line,
 * in this order, '\n' or "\r\n" line ends, lines starting with '#' ignored):
 *     jiaoyan-secret-key 1
 *     public jy1:…                  the public key text, to match the roster
 *     kdf argon2id13
 *     opslimit N                    crypto_pwhash parameters, INTERACTIVE by
 *     memlimit N                    default; re-export to raise them
 *     salt BASE64                   16 random bytes
 *     nonce BASE64                  24 random bytes
 *     box BASE64                    crypto_secretbox_easy of X25519 secret key
 *                                   ‖ Ed25519 seed (64 bytes), key = Argon2id
 *                                   (passphrase, salt, opslimit, memlimit)
 *   On import the public keys are re-derived from the secret ones and must
 *   equal the public line, so an edited file is refused.
 *
 * SEAL RECORD (all values ASCII, base64 padded standard):
 *     [seal]          magic = jiaoyan-seal, version = 1, paper, release
 *                     ("YYYY-MM-DDTHH:MM"), signer (person id), recipients
 *                     (count N), header (the secretstream header, 24 bytes)
 *     [recipient.i]   i = 1..N: person, key (the 32-byte file key sealed to
 *                     that person's X25519 key, 80 bytes)
 *     [body]          part.1 … part.M: the M chunks of
 *                     crypto_secretstream_xchacha20poly1305 (SEAL_CHUNK bytes
 *                     of text each, the last one shorter and tagged FINAL,
 *                     every chunk with additional data "paper\nrelease")
 *     [signature]     ed25519 = the signer's detached signature (64 bytes)
 *                     over the canonical byte string: the context
 *                     "jiaoyan-seal-signature-v1\0", then for each field in
 *                     the order seal.magic, seal.version, seal.paper,
 *                     seal.release, seal.signer, seal.recipients, seal.header,
 *                     recipient.1.person, recipient.1.key, … ,
 *                     body.part.1, … the 8-byte big-endian length of the
 *                     field name, the name, the 8-byte length of the value
 *                     text and the value text. With seal_check_form's "nothing
 *                     else" rule that covers every other value of the record,
 *                     independent of the order sections are stored in.
 *
 * RE-SEALING for a new committee is sealing again: a new random file key and
 * new recipients. Older commits of the record stay in git history, readable
 * by whoever could open them then; removing a member cannot take back what
 * they could already read.
 *
 * RELEASE is an act, not cryptography: when the exam starts a committee
 * member publishes the file key (seal_file_key); this module does not look at
 * the clock — the caller decides that the release time has passed.
 */

#define SEAL_MAGIC "jiaoyan-seal"
#define SEAL_VERSION "1"
#define SEAL_PUBLIC_PREFIX "jy1:"
#define SEAL_PUBLIC_LEN 92           /* characters of a public key text */
#define SEAL_CHUNK 16384             /* plaintext bytes per body part: a part is ≤ 21,868 characters */
#define SEAL_PART_MAX 32768          /* characters of one part value, checked by seal_check_form */
#define SEAL_MAX_RECIPIENTS 999
#define SEAL_TEXT_MAX (16u << 20)    /* bytes of plaintext a paper may have */
#define SEAL_PASSPHRASE_MIN 8        /* bytes, checked when exporting */
#define SEAL_FILE_KEY_B64_LEN 44     /* characters of a published file key */

/* A person's two key pairs. Opaque; lives in read-only sodium_malloc memory. */
struct seal_keys;

/* Parsed public key text. */
struct seal_public {
	unsigned char box[32];  /* X25519 */
	unsigned char sign[32]; /* Ed25519 */
};

/* New random key pairs; *out for seal_keys_free. JY_EIO when libsodium cannot
 * start, JY_ENOMEM when guarded memory cannot be had. */
int seal_keys_generate(struct seal_keys **out, struct jy_err *err);

/* Wipes and frees; NULL is fine. */
void seal_keys_free(struct seal_keys *k);

/* Appends the public key text ("jy1:…", SEAL_PUBLIC_LEN characters) to out. */
void seal_keys_public(struct buf *out, const struct seal_keys *k);

/*
 * Parses a public key text strictly: the prefix, exactly SEAL_PUBLIC_LEN
 * characters, strict base64, an Ed25519 part that is a valid curve point and
 * an X25519 part that is not all zero. JY_EINVAL otherwise (*out untouched).
 */
int seal_public_parse(struct seal_public *out, const char *text, struct jy_err *err);

/*
 * Appends the passphrase-protected secret key file (format above) to out.
 * opslimit / memlimit 0 mean crypto_pwhash_*_INTERACTIVE; they must lie
 * between INTERACTIVE and four times SENSITIVE. The passphrase (NUL-terminated
 * UTF-8) must have at least SEAL_PASSPHRASE_MIN bytes. JY_EINVAL for a bad
 * passphrase or limits, JY_EIO when Argon2id cannot run (out of memory).
 */
int seal_keys_export(struct buf *out, const struct seal_keys *k, const char *passphrase,
		     unsigned long long opslimit, size_t memlimit, struct jy_err *err);

/*
 * Reads a secret key file (len bytes of text). *out for seal_keys_free.
 * JY_EPERM when the passphrase is wrong (or the encrypted part was altered:
 * the two cannot be told apart), JY_EINVAL when the file is malformed or its
 * public line does not belong to its secret keys, JY_EIO when Argon2id cannot
 * run.
 */
int seal_keys_import(struct seal_keys **out, const char *text, size_t len, const char *passphrase,
		     struct jy_err *err);

/* One recipient of a seal: a person id and that person's public key text. */
struct seal_recipient {
	const char *person;
	const char *public_key;
};

/*
 * Seals len bytes of paper text (any bytes, at most SEAL_TEXT_MAX; usually
 * UTF-8) for nto ≥ 1 recipients. paper and the person ids must be path
 * components ([a-z0-9._-], see id_component_valid), release a real
 * "YYYY-MM-DDTHH:MM"; recipients must be distinct persons with valid public
 * keys. signer is the sealing person's id and keys their key pairs (the
 * signer need not be a recipient, but then cannot open the seal). On success
 * *out is a new record owned by the caller, holding only ciphertext and
 * metadata, in the layout above. JY_EINVAL for bad input (message names the
 * recipient or field), JY_EIO / JY_ENOMEM for libsodium failures.
 */
int seal_paper(struct record **out, const void *text, size_t len, const char *paper, const char *release,
	       const char *signer, const struct seal_keys *keys, const struct seal_recipient *to, size_t nto,
	       struct jy_err *err);

/*
 * (Re)computes [signature] ed25519 of r with keys: seal_paper does this last.
 * Public so tools and tests can build seals whose signature is good but whose
 * body is not. r must pass seal_check_form apart from the signature
 * (JY_EINVAL otherwise, r unchanged).
 */
int seal_sign(struct record *r, const struct seal_keys *keys, struct jy_err *err);

/* Decrypted paper text: data[len] is a NUL so UTF-8 text can be used as a C
 * string. data is sodium_malloc memory; seal_plain_free wipes it. */
struct seal_plain {
	unsigned char *data;
	size_t len;
};

/* Wipes and frees; NULL is fine. */
void seal_plain_free(struct seal_plain *p);

/*
 * Called before plaintext or a secret key first enters the process (every
 * open here calls it): the process becomes non-dumpable — no core file, no
 * ptrace by other processes of the same account. Idempotent.
 */
void seal_guard_process(void);

/*
 * Best effort: keeps the pages under p .. p+len out of swap and out of core
 * files for the life of the process (within RLIMIT_MEMLOCK; failure is
 * silent). For plaintext decoded out of seal_plain into ordinary buffers;
 * wiping them before free stays the caller's job.
 */
void seal_lock(const void *p, size_t len);

/*
 * Opens a seal as one of its recipients. paper and release are what the
 * exam's own metadata says (never taken from the seal); person and keys are
 * the opener's; signer_pk is the public key text of the person named in
 * [seal] signer as the CALLER looked it up in the roster. In this order:
 *   - seal_check_form                                 JY_EINVAL
 *   - signature over everything, with signer_pk       JY_EINVAL "签名不符…"
 *   - [seal] paper / release equal the expected ones  JY_EINVAL "…元数据不符…"
 *   - person has a [recipient.i] entry                JY_EPERM  "你不在命题组的收件人中"
 *   - keys open that entry's file key                 JY_EPERM  (keys replaced since sealing)
 *   - every chunk decrypts under the expected
 *     paper and release                               JY_EINVAL "密文已损坏…"
 *   - only the last chunk is tagged FINAL             JY_EINVAL "…被截断…" / "…结束段之后…"
 * On success *out (seal_plain_free) holds the text. JY_ENOMEM when guarded
 * memory cannot be had.
 */
int seal_open(struct seal_plain **out, const struct record *seal, const char *paper, const char *release,
	      const char *person, const struct seal_keys *keys, const char *signer_pk, struct jy_err *err);

/*
 * What a committee member publishes at release: the file key of the seal as
 * padded base64 (SEAL_FILE_KEY_B64_LEN characters), appended to out. Performs
 * every check of seal_open, including decrypting the whole body into guarded
 * memory that is wiped at once, so a published key is known to open the paper
 * under its metadata. Same errors as seal_open; out unchanged on error.
 */
int seal_file_key(struct buf *out, const struct record *seal, const char *paper, const char *release,
		  const char *person, const struct seal_keys *keys, const char *signer_pk, struct jy_err *err);

/*
 * Opens a released seal with the published file key (base64 text): no secret
 * key needed. Same checks as seal_open except the recipient steps; a key that
 * is not valid base64 of 32 bytes, or does not decrypt the first chunk, is
 * JY_EINVAL "公布的文件密钥…".
 */
int seal_open_released(struct seal_plain **out, const struct record *seal, const char *paper, const char *release,
		       const char *file_key, const char *signer_pk, struct jy_err *err);

/*
 * The central pre-receive hook's check, with no keys: [seal] present (else
 * "not a sealed paper"), magic and version, every required key present and no
 * other section or key anywhere (a plaintext `stem` next to the seal is
 * refused: plaintext once pushed cannot be recalled from every clone), every
 * value in its exact form (so all are ASCII): paper / signer / persons valid ids,
 * release "YYYY-MM-DDTHH:MM", recipients 1..SEAL_MAX_RECIPIENTS with
 * [recipient.1..N] all present and persons distinct, every base64 value of
 * the right length (header 24, recipient key 80, signature 64 bytes), body
 * parts part.1..part.M contiguous, M ≥ 1, each ≤ SEAL_PART_MAX characters and
 * a plausible chunk. 0 or JY_EINVAL naming the section/key and the rule.
 */
int seal_check_form(const struct record *seal, struct jy_err *err);

/* seal_check_form, then the signature with the given public key text.
 * 0 or JY_EINVAL. */
int seal_verify(const struct record *seal, const char *signer_pk, struct jy_err *err);

#endif
