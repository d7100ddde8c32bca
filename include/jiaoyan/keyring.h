/* keyring: people's key pairs for sealed papers — generation, the passphrase-protected secret key file, the public key in the roster. */
#ifndef JIAOYAN_KEYRING_H
#define JIAOYAN_KEYRING_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/seal.h"
#include "jiaoyan/store.h"

/*
 * DESIGN §2.9. A person who sets papers has one key pair set (seal.h: an
 * X25519 pair that receives file keys, an Ed25519 pair that signs seals).
 *
 *  - The PUBLIC key text goes into the person's record (people/<id>.ini
 *    pubkey), synced to every campus like any record, so that anyone on the
 *    committee can seal a paper to everyone else on it.
 *  - The SECRET keys never enter the data repository: they live in one file
 *    per person, <keyring dir>/<person>.key (directory 0700, file 0600),
 *    encrypted with the passphrase (seal.h: Argon2id, crypto_secretbox).
 *    The keyring directory is $JIAOYAN_KEY_DIR when set, else
 *    $XDG_DATA_HOME/jiaoyan/keys (~/.local/share/jiaoyan/keys): on a laptop
 *    the person's own account; under `jiaoyan serve` the service account's
 *    data directory, one file per served person (see the man page for the
 *    trust that implies).
 *  - Passphrases live in sodium_malloc memory (guard pages, locked as far as
 *    RLIMIT_MEMLOCK allows) and are wiped when freed; nothing here prints
 *    or logs one. Reading one from a terminal is the front end's business;
 *    this module reads them from a file descriptor or a file.
 */

#define KEYRING_PASSPHRASE_MAX 1024 /* bytes of a passphrase (a line) */

/* An opened key: the person it belongs to and their key pairs. Opaque. */
struct keyring_key;

/* The keyring directory (see above), malloc'd. */
char *keyring_dir(void);
/* Appends the secret key file's path of person to out. */
void keyring_path(struct buf *out, const char *person);
/* 1 when the person has a secret key file on this machine. */
int keyring_has(const char *person);

/*
 * Reads one passphrase: everything up to the first newline or the end (a
 * trailing CR is dropped), at most KEYRING_PASSPHRASE_MAX bytes. *out is a
 * NUL-terminated string in sodium_malloc memory: keyring_passphrase_free it.
 * JY_EINVAL when it is empty or too long, JY_EIO when it cannot be read.
 */
int keyring_passphrase_fd(char **out, int fd, struct jy_err *err);
int keyring_passphrase_file(char **out, const char *path, struct jy_err *err);
/* A copy of s (for passphrases typed into the TUI) in the same kind of memory. */
char *keyring_passphrase_dup(const char *s);
/* Wipes and frees; NULL is fine. */
void keyring_passphrase_free(char *p);

/*
 * Makes a new key pair set for the actor (a person of the roster): writes
 * the secret key file encrypted with passphrase (at least
 * SEAL_PASSPHRASE_MIN bytes), and stores the public key in the person's
 * record in one commit. An existing key file is refused (JY_EEXISTS) unless
 * replace: a new key cannot open what was sealed to the old one, so the
 * committee re-seals (the front end says so). The file is written to a
 * temporary name and renamed only once the record is committed: a failed
 * commit leaves the old state. pub_out (may be NULL) gets the public key.
 */
int keyring_generate(struct buf *pub_out, struct store *s, const struct actor *a, const char *passphrase, int replace,
		     struct jy_err *err);

/*
 * Opens person's secret key file with passphrase. JY_ENOTFOUND (hint
 * "key-gen") when there is none, JY_EPERM when the passphrase is wrong,
 * JY_EINVAL when the file is malformed or its public key is not the one
 * the roster has for the person (a key replaced elsewhere: hint "key-gen").
 * *out for keyring_key_free.
 */
int keyring_open(struct keyring_key **out, struct store *s, const char *person, const char *passphrase,
		 struct jy_err *err);
void keyring_key_free(struct keyring_key *k);
/* Borrowed, valid while k lives. */
const char *keyring_key_person(const struct keyring_key *k);
const struct seal_keys *keyring_key_seal(const struct keyring_key *k);

/* The public key text of person in the roster (appended to out); JY_ENOTFOUND (hint "key-gen") when they have none. */
int keyring_public(struct buf *out, struct store *s, const char *person, struct jy_err *err);

/* A short fingerprint of a public key text for display: the first 16 hex digits of its SHA-256. */
void keyring_fingerprint(struct buf *out, const char *public_key);

#endif
