/* paper: the sealed paper record — its frozen body, sealing to the committee, opening, release, and the rules the hook applies. */
#ifndef JIAOYAN_PAPER_H
#define JIAOYAN_PAPER_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/* Seconds a released paper may arrive ahead of this machine's clock (another campus's clock ran fast). */
#define PAPER_CLOCK_SKEW (15 * 60)

struct keyring_key;

/*
 * DESIGN §2.9. A paper of an exam is the record exams/<term>/<exam>/<a|b>.ini:
 *
 *   [paper]        term, exam, paper (a–d), sealed_at — where it belongs,
 *                  nothing of its content;
 *   [seal] [recipient.N] [body] [signature]
 *                  a seal (seal.h) of the BODY below, its paper id
 *                  "<exam>-<letter>" and the exam's release time bound as
 *                  additional data, the file key sealed to every committee
 *                  member, signed by the member who sealed it;
 *   [release]      key (the file key), by, at, signer_key (the sealer's
 *                  public key the signature was checked with) — only once
 *                  the release time has passed.
 *
 * Which bank items a paper uses, and in which order, is inside the seal:
 * with the bank in plain text a list of ids would be the paper.
 *
 * The BODY (the sealed plaintext) is a record encoded by the codec:
 *   [paper]            exam, paper (A–D), seed, assembled (datetime)
 *   [item.N]           N = 1… in paper order: row (blueprint row), question
 *                      (bank id), version, points (in this paper), order
 *                      (the bank's option letters in printed order, "CADB"),
 *                      and the item's own [question] fields frozen as they
 *                      were (type difficulty level chapter point format stem
 *                      answer numeric explanation rubric), the answer
 *                      re-lettered to the printed order;
 *   [item.N.options] [item.N.weights] [item.N.feedback]
 *                      the item's options, weights and feedback in printed
 *                      order (keys a–h; feedback right/wrong as they are).
 * Plaintext exists only in memory: the encoded body is wiped after sealing,
 * opened text lives in seal.h's guarded memory until it is decoded, and
 * paper_body_free wipes every decoded value.
 *
 * Rules (paper_type_ops, the central hook's judgement of a pushed paper):
 *  - validate: the record is a well-formed seal (seal_check_form: magic,
 *    version, recipients, every value in its exact form, nothing else —
 *    a plaintext key beside the seal is refused) whose paper id is its
 *    exam's and letter's, signed (Ed25519) by its signer with the public key
 *    the roster has for them, the signer and every recipient on the exam's
 *    committee; [release] only once the exam's release time has passed, for
 *    a seal of that release time, by a committee member, with a file key
 *    that opens it.
 *  - permit: a seal is written by its signer; a release by the member it
 *    names; a paper is deleted by a committee member.
 *  - merge: never key by key. Concurrent re-seals keep the newer one
 *    (sealed_at, then the signature text, so every campus picks the same);
 *    a conflict record on paper.sealed_at names the other, whose ciphertext
 *    stays in the history of the commit it names. A released copy of the
 *    same seal wins over the unreleased one without a conflict.
 */

extern const struct type_ops paper_type_ops;

/* One item of a paper: the frozen question (options in printed order, points of this paper). */
struct paper_item {
	unsigned row;     /* blueprint row, 1-based; 0 when swapped in by hand outside the rows */
	char *order;      /* bank letters in printed order, "" for other types */
	struct record *q; /* a question record: [question] [options] [weights] [feedback]; points = this paper's */
};
void paper_item_free(void *item);

struct paper_body {
	char *exam;       /* exam id */
	char *letter;     /* "A" … */
	unsigned long long seed;
	char *assembled;  /* "YYYY-MM-DD HH:MM" */
	struct vec items; /* struct paper_item *, owned */
};
struct paper_body *paper_body_new(const char *exam, const char *letter);
/* Wipes every text and frees; NULL is fine. */
void paper_body_free(struct paper_body *b);
/* Appends the encoded body; the caller wipes out when done (sodium_memzero). */
int paper_body_encode(struct buf *out, const struct paper_body *b, struct jy_err *err);
int paper_body_decode(struct paper_body **out, const char *text, size_t len, struct jy_err *err);

/*
 * A paper item from a bank question (copied: the exact text of that version)
 * with `points` in this paper. rng (may be NULL: no shuffle) shuffles the
 * options of a choice question; answer, weights and feedback follow.
 */
struct paper_item *paper_item_new(const struct record *question, unsigned row, double points,
				  unsigned long long *rng);

/* "a" … "d" for "A" … "D" (either case); NULL for anything else. Static strings. */
const char *paper_letter_lower(const char *letter);
const char *paper_letter_upper(const char *letter);
/* exams/<term>/<exam>/<a>.ini */
void paper_path(struct buf *out, const char *term, const char *exam, const char *letter);
/* The paper id bound into the seal: "<exam>-<a>". */
void paper_seal_id(struct buf *out, const char *exam, const char *letter);
/* The seal part of a paper record (a new record: [seal] [recipient.N] [body] [signature] only). */
struct record *paper_seal_part(const struct record *paper);
/* 1 when the record holds a published file key. */
int paper_is_released(const struct record *paper);

/*
 * Seals body as paper `letter` of exam for every committee member (public
 * keys from the roster: JY_ENOTFOUND with hint "key-gen" naming a member
 * without one), signed with key. The exam must have a release time.
 * *out is the new paper record (not written).
 */
int paper_seal(struct record **out, struct store *s, const struct record *exam, const char *letter,
	       const struct paper_body *body, const struct keyring_key *key, struct jy_err *err);

/*
 * A paper sealed and released at once with key pairs the caller holds in
 * memory rather than keyring files: a sitting recorded after the fact (the
 * demo's past exam, whose committee keys exist only while it is written).
 * members[0..n) are committee members of exam and keys[i] their key pairs;
 * the file key is sealed to every one of them, members[0] signs and
 * releases, and [release] records its public key as paper_release does.
 * sealed_at and released_at are "YYYY-MM-DD HH:MM". The exam needs a
 * release time; whether it has passed is the validator's business
 * (paper_problems). *out is the new paper record (not written).
 */
struct seal_keys;
int paper_seal_released(struct record **out, const struct record *exam, const char *letter, const struct paper_body *body,
			const char *const *members, const struct seal_keys *const *keys, size_t n, const char *sealed_at,
			const char *released_at, struct jy_err *err);

/*
 * Opens a paper record of exam: with its published file key when released,
 * else with key (NULL: JY_EPERM "已密封"). own_release: check the seal
 * against the release time it was made for rather than the exam's current
 * one (re-sealing after the exam's release time changed); otherwise a seal
 * for another release time is JY_EINVAL. *out for paper_body_free.
 */
int paper_open(struct paper_body **out, struct store *s, const struct record *exam, const struct record *paper,
	       const struct keyring_key *key, int own_release, struct jy_err *err);

/*
 * The released form of a paper (a new record: the seal and [release]):
 * JY_EINVAL before the exam's release time or for a seal of another release
 * time; the file key is checked to open the paper first.
 */
int paper_release(struct record **out, struct store *s, const struct record *exam, const struct record *paper,
		  const struct keyring_key *key, struct jy_err *err);

/* The validate rules above with the exam given (NULL: read from the store); appends owned messages, returns how many. */
size_t paper_problems(struct store *s, const struct record *paper, const struct record *exam, struct vec *problems);

/* The papers of an exam as stored (struct store_item *, owned), by letter. */
int paper_list(struct vec *out, struct store *s, const struct record *exam, struct jy_err *err);

#endif
