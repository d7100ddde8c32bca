/* paper: sealed paper records — the frozen body, sealing, opening, release, and the rules the hook applies to them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "jiaoyan/assemble.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/id.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/question.h"
#include "jiaoyan/records.h"
#include "jiaoyan/seal.h"
#include "jiaoyan/text.h"

static const char *const LETTERS_LOWER[] = { "a", "b", "c", "d" };
static const char *const LETTERS_UPPER[] = { "A", "B", "C", "D" };
static const char OPTION_LETTERS[] = "ABCDEFGH";

const char *paper_letter_lower(const char *letter)
{
	for (size_t i = 0; letter && i < 4; i++)
		if (strcmp(letter, LETTERS_LOWER[i]) == 0 || strcmp(letter, LETTERS_UPPER[i]) == 0)
			return LETTERS_LOWER[i];
	return NULL;
}

const char *paper_letter_upper(const char *letter)
{
	for (size_t i = 0; letter && i < 4; i++)
		if (strcmp(letter, LETTERS_LOWER[i]) == 0 || strcmp(letter, LETTERS_UPPER[i]) == 0)
			return LETTERS_UPPER[i];
	return NULL;
}

void paper_path(struct buf *out, const char *term, const char *exam, const char *letter)
{
	const char *l = paper_letter_lower(letter);
	buf_printf(out, "exams/%s/%s/%s.ini", term, exam, l ? l : "?");
}

void paper_seal_id(struct buf *out, const char *exam, const char *letter)
{
	const char *l = paper_letter_lower(letter);
	buf_printf(out, "%s-%s", exam, l ? l : "?");
}

/* ---- wiping what held plaintext ---- */

static void wipe_str(char *s)
{
	if (s)
		sodium_memzero(s, strlen(s));
}

/* Record values are the record's own storage: writing zeros over them before the free is ours to do. */
static void wipe_record(struct record *r)
{
	for (size_t i = 0; r && i < record_section_count(r); i++)
		for (size_t j = 0; j < record_key_count(r, i); j++)
			wipe_str((char *)record_value(r, i, j));
}

/* The decoded paper lives in record values: their pages are kept out of swap like the seal's own plaintext. */
static void lock_record(const struct record *r)
{
	for (size_t i = 0; r && i < record_section_count(r); i++)
		for (size_t j = 0; j < record_key_count(r, i); j++)
			seal_lock(record_value(r, i, j), strlen(record_value(r, i, j)));
}

void paper_item_free(void *item)
{
	struct paper_item *it = item;
	if (!it)
		return;
	wipe_str(it->order);
	free(it->order);
	wipe_record(it->q);
	record_free(it->q);
	free(it);
}

struct paper_body *paper_body_new(const char *exam, const char *letter)
{
	struct paper_body *b = xcalloc(1, sizeof(*b));
	b->exam = xstrdup(exam ? exam : "");
	b->letter = xstrdup(letter ? letter : "");
	b->assembled = xstrdup("");
	vec_init(&b->items, paper_item_free);
	return b;
}

void paper_body_free(struct paper_body *b)
{
	if (!b)
		return;
	vec_free(&b->items);
	free(b->exam);
	free(b->letter);
	free(b->assembled);
	free(b);
}

/* ---- the body as text ---- */

static const char *const FROZEN_KEYS[] = { "type", "difficulty", "level", "chapter", "point", "format", "stem",
					   "answer", "numeric", "explanation", "rubric", NULL };
static const char *const PER_OPTION[] = { "options", "weights", "feedback", NULL };

static void lower_key(char out[3], const char *k)
{
	out[0] = (char)(k[0] >= 'A' && k[0] <= 'H' && !k[1] ? k[0] - 'A' + 'a' : k[0]);
	out[1] = k[0] ? k[1] : '\0';
	out[2] = '\0';
	if (strlen(k) > 1) /* right / wrong: kept whole by the caller */
		out[0] = '\0';
}

int paper_body_encode(struct buf *out, const struct paper_body *b, struct jy_err *err)
{
	struct record *r = record_new();
	struct buf sec = BUF_INIT, num = BUF_INIT;
	int rc;
	record_set(r, "paper", "exam", b->exam);
	record_set(r, "paper", "paper", b->letter);
	buf_printf(&num, "%llu", b->seed);
	record_set(r, "paper", "seed", num.ptr);
	if (*b->assembled)
		record_set(r, "paper", "assembled", b->assembled);
	for (size_t i = 0; i < b->items.len; i++) {
		const struct paper_item *it = b->items.items[i];
		buf_reset(&sec);
		buf_printf(&sec, "item.%zu", i + 1);
		buf_reset(&num);
		buf_printf(&num, "%u", it->row);
		record_set(r, sec.ptr, "row", num.ptr);
		record_set(r, sec.ptr, "question", record_get(it->q, "question", "id"));
		record_set(r, sec.ptr, "version", record_get(it->q, "question", "version"));
		record_set(r, sec.ptr, "points", record_get(it->q, "question", "points"));
		if (*it->order)
			record_set(r, sec.ptr, "order", it->order);
		for (size_t k = 0; FROZEN_KEYS[k]; k++) {
			const char *v = record_get(it->q, "question", FROZEN_KEYS[k]);
			if (v)
				record_set(r, sec.ptr, FROZEN_KEYS[k], v);
		}
		for (size_t p = 0; PER_OPTION[p]; p++) {
			long at = record_section_index(it->q, PER_OPTION[p]);
			if (at < 0)
				continue;
			struct buf sub = BUF_INIT;
			buf_printf(&sub, "%s.%s", sec.ptr, PER_OPTION[p]);
			for (size_t j = 0; j < record_key_count(it->q, (size_t)at); j++) {
				const char *k = record_key(it->q, (size_t)at, j);
				char lk[3];
				lower_key(lk, k);
				record_set(r, sub.ptr, lk[0] ? lk : k, record_value(it->q, (size_t)at, j));
			}
			buf_release(&sub);
		}
	}
	rc = codec_encode(out, r, err);
	wipe_record(r);
	record_free(r);
	buf_release(&sec);
	buf_release(&num);
	return rc;
}

int paper_body_decode(struct paper_body **out, const char *text, size_t len, struct jy_err *err)
{
	struct record *r = NULL;
	struct paper_body *b = NULL;
	struct buf sec = BUF_INIT;
	int rc = codec_decode(&r, text, len, err);
	if (rc)
		return rc;
	if (!record_get(r, "paper", "exam") || !record_get(r, "paper", "paper")) {
		rc = err_set(err, JY_EINVAL, "%s", L("试卷内容不完整（缺少 [paper]）", "the paper's content is incomplete (no [paper])"));
		goto cleanup;
	}
	b = paper_body_new(record_get(r, "paper", "exam"), record_get(r, "paper", "paper"));
	if (record_get(r, "paper", "seed"))
		b->seed = strtoull(record_get(r, "paper", "seed"), NULL, 10);
	if (record_get(r, "paper", "assembled")) {
		free(b->assembled);
		b->assembled = xstrdup(record_get(r, "paper", "assembled"));
	}
	for (size_t n = 1;; n++) {
		buf_reset(&sec);
		buf_printf(&sec, "item.%zu", n);
		if (!record_has_section(r, sec.ptr))
			break;
		struct paper_item *it = xcalloc(1, sizeof(*it));
		const char *v;
		it->q = record_new();
		it->row = (v = record_get(r, sec.ptr, "row")) ? (unsigned)strtoul(v, NULL, 10) : 0;
		it->order = xstrdup((v = record_get(r, sec.ptr, "order")) ? v : "");
		record_set(it->q, "question", "id", (v = record_get(r, sec.ptr, "question")) ? v : "");
		record_set(it->q, "question", "version", (v = record_get(r, sec.ptr, "version")) ? v : "1");
		record_set(it->q, "question", "points", (v = record_get(r, sec.ptr, "points")) ? v : "0");
		for (size_t k = 0; FROZEN_KEYS[k]; k++)
			if ((v = record_get(r, sec.ptr, FROZEN_KEYS[k])))
				record_set(it->q, "question", FROZEN_KEYS[k], v);
		for (size_t p = 0; PER_OPTION[p]; p++) {
			struct buf sub = BUF_INIT;
			buf_printf(&sub, "%s.%s", sec.ptr, PER_OPTION[p]);
			long at = record_section_index(r, sub.ptr);
			for (size_t j = 0; at >= 0 && j < record_key_count(r, (size_t)at); j++) {
				const char *k = record_key(r, (size_t)at, j);
				char up[2] = { (char)(k[0] - 'a' + 'A'), 0 };
				record_set(it->q, PER_OPTION[p], strlen(k) == 1 && k[0] >= 'a' && k[0] <= 'h' ? up : k,
					   record_value(r, (size_t)at, j));
			}
			buf_release(&sub);
		}
		lock_record(it->q);
		seal_lock(it->order, strlen(it->order));
		if (!record_get(it->q, "question", "type") || !record_get(it->q, "question", "stem")) {
			paper_item_free(it);
			rc = err_set(err, JY_EINVAL, L("试卷内容第 %zu 题不完整", "item %zu of the paper is incomplete"), n);
			goto cleanup;
		}
		vec_push(&b->items, it);
	}
cleanup:
	wipe_record(r);
	record_free(r);
	buf_release(&sec);
	if (rc)
		paper_body_free(b);
	else
		*out = b;
	return rc;
}

struct paper_item *paper_item_new(const struct record *question, unsigned row, double points, unsigned long long *rng)
{
	struct paper_item *it = xcalloc(1, sizeof(*it));
	struct buf num = BUF_INIT, order = BUF_INIT;
	const char *v;
	it->row = row;
	it->q = record_new();
	record_set(it->q, "question", "id", record_get(question, "question", "id"));
	record_set(it->q, "question", "version", (v = record_get(question, "question", "version")) ? v : "1");
	text_number(&num, points);
	record_set(it->q, "question", "points", num.ptr);
	for (size_t k = 0; FROZEN_KEYS[k]; k++)
		if ((v = record_get(question, "question", FROZEN_KEYS[k])))
			record_set(it->q, "question", FROZEN_KEYS[k], v);
	int type = question_type_of(record_get(question, "question", "type"));
	size_t n = question_is_choice(type) ? question_option_count(question) : 0;
	size_t perm[QUESTION_MAX_OPTIONS];
	for (size_t i = 0; i < n; i++)
		perm[i] = i;
	/* Fisher–Yates from the seeded generator: the same seed gives the same shuffle. */
	for (size_t i = n; rng && i > 1; i--) {
		size_t j = (size_t)(assemble_rand(rng) % i);
		size_t t = perm[i - 1];
		perm[i - 1] = perm[j];
		perm[j] = t;
	}
	for (size_t i = 0; i < n; i++) {
		char from[2] = { OPTION_LETTERS[perm[i]], 0 }, to[2] = { OPTION_LETTERS[i], 0 };
		buf_putc(&order, from[0]);
		for (size_t p = 0; PER_OPTION[p]; p++)
			if ((v = record_get(question, PER_OPTION[p], from)))
				record_set(it->q, PER_OPTION[p], to, v);
	}
	if (n && (v = record_get(question, "question", "answer"))) {
		/* The key follows the shuffle: each right letter becomes the position it is printed at. */
		char mapped[QUESTION_MAX_OPTIONS + 1];
		size_t m = 0;
		for (size_t i = 0; i < n; i++)
			if (strchr(v, OPTION_LETTERS[perm[i]]))
				mapped[m++] = OPTION_LETTERS[i];
		mapped[m] = '\0';
		record_set(it->q, "question", "answer", mapped);
	}
	long fb = record_section_index(question, "feedback");
	for (size_t j = 0; fb >= 0 && j < record_key_count(question, (size_t)fb); j++) {
		const char *k = record_key(question, (size_t)fb, j);
		if (strlen(k) > 1)
			record_set(it->q, "feedback", k, record_value(question, (size_t)fb, j));
	}
	it->order = buf_detach(&order);
	buf_release(&num);
	return it;
}

/* ---- the record ---- */

static int is_seal_section(const char *sec)
{
	return strcmp(sec, "seal") == 0 || strcmp(sec, "body") == 0 || strcmp(sec, "signature") == 0 ||
	       strncmp(sec, "recipient.", 10) == 0;
}

struct record *paper_seal_part(const struct record *paper)
{
	struct record *r = record_new();
	for (size_t i = 0; i < record_section_count(paper); i++) {
		const char *sec = record_section(paper, i);
		if (!is_seal_section(sec))
			continue;
		for (size_t j = 0; j < record_key_count(paper, i); j++)
			record_set(r, sec, record_key(paper, i, j), record_value(paper, i, j));
	}
	return r;
}

int paper_is_released(const struct record *paper)
{
	const char *k = record_get(paper, "release", "key");
	return k && *k;
}

static int load_exam_of(struct record **out, struct store *s, const struct record *paper)
{
	const char *term = record_get(paper, "paper", "term"), *id = record_get(paper, "paper", "exam");
	struct buf path = BUF_INIT;
	int rc = JY_ENOTFOUND;
	if (term && id && id_component_valid(term) && id_component_valid(id)) {
		buf_printf(&path, "exams/%s/%s.ini", term, id);
		rc = store_read(out, s, path.ptr, NULL);
	}
	buf_release(&path);
	return rc;
}

int paper_list(struct vec *out, struct store *s, const struct record *exam, struct jy_err *err)
{
	const char *term = record_get(exam, "exam", "term"), *id = record_get(exam, "exam", "id");
	for (size_t i = 0; i < 4; i++) {
		struct buf path = BUF_INIT;
		struct record *r = NULL;
		paper_path(&path, term ? term : "", id ? id : "", LETTERS_LOWER[i]);
		int rc = store_read(&r, s, path.ptr, err);
		if (rc == 0) {
			struct store_item *it = xcalloc(1, sizeof(*it));
			it->path = buf_detach(&path);
			it->type = schema_type("paper");
			it->id = xasprintf("%s/%s/%s", term, id, LETTERS_LOWER[i]);
			it->rec = r;
			vec_push(out, it);
		} else if (rc != JY_ENOTFOUND) {
			buf_release(&path);
			return rc;
		}
		buf_release(&path);
	}
	err_clear(err);
	return 0;
}

/* The committee members' public keys as seal recipients (owned strings in keys, borrowed by to). */
static int recipients(struct seal_recipient **to_out, size_t *n_out, struct vec *keys, struct vec *members,
		      struct store *s, const struct record *exam, struct jy_err *err)
{
	int rc = 0;
	vec_split(members, record_get(exam, "exam", "committee"), ',');
	if (!members->len)
		return err_set(err, JY_EINVAL, "%s", L("联考还没有命题组：先由专业负责人指定命题组成员", "the exam has no committee yet: its lead names the members first"));
	struct seal_recipient *to = xcalloc(members->len, sizeof(*to));
	for (size_t i = 0; i < members->len && rc == 0; i++) {
		struct buf pk = BUF_INIT;
		if ((rc = keyring_public(&pk, s, members->items[i], err)) == 0) {
			vec_push(keys, buf_detach(&pk));
			to[i].person = members->items[i];
			to[i].public_key = keys->items[keys->len - 1];
		}
		buf_release(&pk);
	}
	if (rc) {
		free(to);
		return rc;
	}
	*to_out = to;
	*n_out = members->len;
	return 0;
}

int paper_seal(struct record **out, struct store *s, const struct record *exam, const char *letter,
	       const struct paper_body *body, const struct keyring_key *key, struct jy_err *err)
{
	struct vec keys = VEC_INIT(free), members = VEC_INIT(free);
	struct seal_recipient *to = NULL;
	struct record *sealed = NULL, *r = NULL;
	struct buf text = BUF_INIT, pid = BUF_INIT;
	size_t nto = 0;
	char at[17];
	const char *release = record_get(exam, "exam", "release"), *l = paper_letter_lower(letter);
	int rc = 0;
	if (!release || !*release) {
		rc = err_set(err, JY_EINVAL, "%s", L("联考还没有启封时间（release）：试卷按启封时间密封", "the exam has no release time yet: papers are sealed for one"));
		err_hint(err, "exam-release-time", record_get(exam, "exam", "id"));
		goto cleanup;
	}
	if (!l) {
		rc = err_set(err, JY_EINVAL, L("试卷只能是 A、B、C、D：%s", "a paper is A, B, C or D: %s"), letter ? letter : "");
		goto cleanup;
	}
	if ((rc = recipients(&to, &nto, &keys, &members, s, exam, err)) || (rc = paper_body_encode(&text, body, err)))
		goto cleanup;
	paper_seal_id(&pid, record_get(exam, "exam", "id"), l);
	rc = seal_paper(&sealed, text.ptr, text.len, pid.ptr, release, keyring_key_person(key), keyring_key_seal(key), to, nto,
			err);
	if (rc)
		goto cleanup;
	r = record_new();
	record_set(r, "paper", "term", record_get(exam, "exam", "term"));
	record_set(r, "paper", "exam", record_get(exam, "exam", "id"));
	record_set(r, "paper", "paper", l);
	id_datetime(at, id_now());
	record_set(r, "paper", "sealed_at", at);
	for (size_t i = 0; i < record_section_count(sealed); i++)
		for (size_t j = 0; j < record_key_count(sealed, i); j++)
			record_set(r, record_section(sealed, i), record_key(sealed, i, j), record_value(sealed, i, j));
	*out = schema_canonical(schema_type("paper"), r);
cleanup:
	sodium_memzero(text.ptr, text.len);
	buf_release(&text);
	buf_release(&pid);
	record_free(sealed);
	record_free(r);
	free(to);
	vec_free(&keys);
	vec_free(&members);
	return rc;
}

int paper_seal_released(struct record **out, const struct record *exam, const char *letter, const struct paper_body *body,
			const char *const *members, const struct seal_keys *const *keys, size_t n, const char *sealed_at,
			const char *released_at, struct jy_err *err)
{
	struct seal_recipient *to = xcalloc(n ? n : 1, sizeof(*to));
	struct vec pubs = VEC_INIT(free);
	struct record *sealed = NULL, *r = NULL;
	struct buf text = BUF_INIT, pid = BUF_INIT, fk = BUF_INIT;
	const char *release = record_get(exam, "exam", "release"), *l = paper_letter_lower(letter);
	int rc = 0;
	if (!release || !*release || !l || !n) {
		rc = err_set(err, JY_EINVAL, "%s", L("试卷须有启封时间、试卷名（A–D）和命题组", "a paper needs a release time, a letter (A-D) and a committee"));
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		struct buf pk = BUF_INIT;
		seal_keys_public(&pk, keys[i]);
		vec_push(&pubs, buf_detach(&pk));
		to[i].person = members[i];
		to[i].public_key = pubs.items[i];
	}
	paper_seal_id(&pid, record_get(exam, "exam", "id"), l);
	if ((rc = paper_body_encode(&text, body, err)) ||
	    (rc = seal_paper(&sealed, text.ptr, text.len, pid.ptr, release, members[0], keys[0], to, n, err)) ||
	    (rc = seal_file_key(&fk, sealed, pid.ptr, release, members[0], keys[0], pubs.items[0], err)))
		goto cleanup;
	r = record_new();
	record_set(r, "paper", "term", record_get(exam, "exam", "term"));
	record_set(r, "paper", "exam", record_get(exam, "exam", "id"));
	record_set(r, "paper", "paper", l);
	record_set(r, "paper", "sealed_at", sealed_at);
	for (size_t i = 0; i < record_section_count(sealed); i++)
		for (size_t j = 0; j < record_key_count(sealed, i); j++)
			record_set(r, record_section(sealed, i), record_key(sealed, i, j), record_value(sealed, i, j));
	record_set(r, "release", "key", fk.ptr);
	record_set(r, "release", "by", members[0]);
	record_set(r, "release", "at", released_at);
	record_set(r, "release", "signer_key", pubs.items[0]);
	*out = schema_canonical(schema_type("paper"), r);
cleanup:
	sodium_memzero(text.ptr, text.len);
	buf_release(&text);
	buf_release(&pid);
	buf_release(&fk);
	record_free(sealed);
	record_free(r);
	free(to);
	vec_free(&pubs);
	return rc;
}

/* The signer's public key a seal is checked with: the one recorded at release, else the roster's. */
static int signer_key(struct buf *out, struct store *s, const struct record *paper, struct jy_err *err)
{
	const char *rk = record_get(paper, "release", "signer_key");
	if (paper_is_released(paper) && rk && *rk) {
		buf_puts(out, rk);
		return 0;
	}
	return keyring_public(out, s, record_get(paper, "seal", "signer"), err);
}

int paper_open(struct paper_body **out, struct store *s, const struct record *exam, const struct record *paper,
	       const struct keyring_key *key, int own_release, struct jy_err *err)
{
	struct record *part = paper_seal_part(paper);
	struct seal_plain *plain = NULL;
	struct buf pid = BUF_INIT, spk = BUF_INIT;
	const char *letter = record_get(paper, "paper", "paper");
	const char *release = own_release ? record_get(paper, "seal", "release") : record_get(exam, "exam", "release");
	int rc;
	paper_seal_id(&pid, record_get(exam, "exam", "id"), letter);
	if (!release) {
		rc = err_set(err, JY_EINVAL, "%s", L("联考没有启封时间", "the exam has no release time"));
		goto cleanup;
	}
	if ((rc = signer_key(&spk, s, paper, err)))
		goto cleanup;
	/* A forged seal says so first; a good one made for another release time asks for a re-seal. */
	if (!own_release && !paper_is_released(paper) && strcmp(release, record_get(paper, "seal", "release") ? record_get(paper, "seal", "release") : "") != 0) {
		if ((rc = seal_verify(part, spk.ptr, err)) == 0) {
			rc = err_set(err, JY_EINVAL, "%s", L("试卷是按另一个启封时间密封的：先重新密封", "the paper was sealed for another release time: re-seal it first"));
			err_hint(err, "exam-reseal", record_get(exam, "exam", "id"));
		}
		goto cleanup;
	}
	if (paper_is_released(paper))
		rc = seal_open_released(&plain, part, pid.ptr, release, record_get(paper, "release", "key"), spk.ptr, err);
	else if (key)
		rc = seal_open(&plain, part, pid.ptr, release, keyring_key_person(key), keyring_key_seal(key), spk.ptr, err);
	else
		rc = err_set(err, JY_EPERM, L("试卷 %s 已密封：启封时间（%s）之前只有命题组成员可以用自己的口令打开",
					      "paper %s is sealed: before its release time (%s) only committee members open it with their passphrase"),
			     paper_letter_upper(letter) ? paper_letter_upper(letter) : "?", release);
	if (rc)
		goto cleanup;
	rc = paper_body_decode(out, (const char *)plain->data, plain->len, err);
	if (rc == 0 && (strcmp((*out)->exam, record_get(exam, "exam", "id")) != 0 ||
			!paper_letter_upper((*out)->letter) || strcmp(paper_letter_upper((*out)->letter), paper_letter_upper(letter)) != 0)) {
		paper_body_free(*out);
		*out = NULL;
		rc = err_set(err, JY_EINVAL, "%s", L("密封的内容属于另一份试卷", "the sealed content belongs to another paper"));
	}
cleanup:
	seal_plain_free(plain);
	record_free(part);
	buf_release(&pid);
	buf_release(&spk);
	return rc;
}

int paper_release(struct record **out, struct store *s, const struct record *exam, const struct record *paper,
		  const struct keyring_key *key, struct jy_err *err)
{
	struct record *part = paper_seal_part(paper), *r = NULL;
	struct buf pid = BUF_INIT, spk = BUF_INIT, fk = BUF_INIT;
	const char *release = record_get(exam, "exam", "release"), *sealed_for = record_get(paper, "seal", "release");
	char at[17];
	int rc = 0;
	if (!exam_released_time(exam)) {
		rc = err_set(err, JY_EINVAL, L("启封时间（%s）还没到：之前不能启封", "the release time (%s) has not come: no release before it"),
			     release ? release : L("未设定", "not set"));
		goto cleanup;
	}
	if (!sealed_for || strcmp(sealed_for, release) != 0) {
		rc = err_set(err, JY_EINVAL, "%s", L("试卷是按另一个启封时间密封的：先重新密封", "the paper was sealed for another release time: re-seal it first"));
		err_hint(err, "exam-reseal", record_get(exam, "exam", "id"));
		goto cleanup;
	}
	paper_seal_id(&pid, record_get(exam, "exam", "id"), record_get(paper, "paper", "paper"));
	if ((rc = keyring_public(&spk, s, record_get(paper, "seal", "signer"), err)) ||
	    (rc = seal_file_key(&fk, part, pid.ptr, release, keyring_key_person(key), keyring_key_seal(key), spk.ptr, err)))
		goto cleanup;
	r = record_dup(paper);
	record_set(r, "release", "key", fk.ptr);
	record_set(r, "release", "by", keyring_key_person(key));
	id_datetime(at, id_now());
	record_set(r, "release", "at", at);
	record_set(r, "release", "signer_key", spk.ptr);
	*out = schema_canonical(schema_type("paper"), r);
cleanup:
	record_free(part);
	record_free(r);
	buf_release(&pid);
	buf_release(&spk);
	buf_release(&fk);
	return rc;
}

/* ---- rules ---- */

size_t paper_problems(struct store *s, const struct record *paper, const struct record *exam_in, struct vec *problems)
{
	size_t before = problems->len;
	struct record *part = paper_seal_part(paper), *exam_own = NULL;
	const struct record *exam = exam_in;
	struct jy_err e = JY_ERR_INIT;
	struct buf pid = BUF_INIT, spk = BUF_INIT;
	struct vec recips = VEC_INIT(NULL);
	if (seal_check_form(part, &e)) {
		vec_push_strf(problems, L("不是完好的密封试卷：%s", "not a well-formed sealed paper: %s"), e.msg);
		goto cleanup;
	}
	if (!exam && load_exam_of(&exam_own, s, paper) == 0)
		exam = exam_own;
	if (!exam) {
		vec_push_strf(problems, "%s", L("找不到这份试卷所属的联考", "the exam of this paper does not exist"));
		goto cleanup;
	}
	paper_seal_id(&pid, record_get(exam, "exam", "id"), record_get(paper, "paper", "paper"));
	if (strcmp(pid.ptr, record_get(part, "seal", "paper")) != 0)
		vec_push_strf(problems, L("密封的试卷标识 %s 与存放位置（%s）不符", "the seal's paper id %s does not match its place (%s)"),
			record_get(part, "seal", "paper"), pid.ptr);
	const char *signer = record_get(part, "seal", "signer");
	if (!exam_on_committee(exam, signer))
		vec_push_strf(problems, L("密封人 %s 不在命题组中", "the sealer %s is not on the committee"), signer);
	for (size_t i = 0; i < record_section_count(part); i++) {
		const char *sec = record_section(part, i);
		const char *who = strncmp(sec, "recipient.", 10) == 0 ? record_get(part, sec, "person") : NULL;
		if (who && !exam_on_committee(exam, who))
			vec_push_strf(problems, L("收件人 %s 不在命题组中：试卷只能密封给命题组", "recipient %s is not on the committee: papers are sealed to the committee only"),
				who);
	}
	if (signer_key(&spk, s, paper, &e)) {
		vec_push_strf(problems, L("无法核对签名：%s", "cannot check the signature: %s"), e.msg);
		goto cleanup;
	}
	if (seal_verify(part, spk.ptr, &e)) {
		vec_push_strf(problems, L("签名不符：%s", "bad signature: %s"), e.msg);
		goto cleanup;
	}
	int has_release = record_has_section(paper, "release");
	if (!has_release)
		goto cleanup;
	const char *key = record_get(paper, "release", "key"), *by = record_get(paper, "release", "by");
	const char *release = record_get(exam, "exam", "release");
	if (!key || !by || !record_get(paper, "release", "at") || !record_get(paper, "release", "signer_key")) {
		vec_push_strf(problems, "%s", L("[release] 不完整：须有 key、by、at、signer_key", "[release] is incomplete: key, by, at and signer_key are needed"));
		goto cleanup;
	}
	/* The act of release waits for the releaser's clock (paper_release); a released record that arrives is
	 * judged by this machine's clock, and campus clocks differ by minutes: that much is forgiven. */
	long long at = exam_release_time(release);
	if (at < 0 || (long long)id_now() + PAPER_CLOCK_SKEW < at) {
		vec_push_strf(problems, L("启封时间（%s）之前不能公布文件密钥", "the file key cannot be published before the release time (%s)"),
			release ? release : "—");
		goto cleanup;
	}
	if (strcmp(release, record_get(part, "seal", "release")) != 0) {
		vec_push_strf(problems, "%s", L("公布的试卷是按另一个启封时间密封的", "the released paper was sealed for another release time"));
		goto cleanup;
	}
	if (!exam_on_committee(exam, by))
		vec_push_strf(problems, L("启封人 %s 不在命题组中", "%s who released it is not on the committee"), by);
	struct seal_plain *plain = NULL;
	if (seal_open_released(&plain, part, pid.ptr, release, key, spk.ptr, &e))
		vec_push_strf(problems, L("公布的文件密钥打不开试卷：%s", "the published file key does not open the paper: %s"), e.msg);
	seal_plain_free(plain);
cleanup:
	vec_free(&recips);
	record_free(part);
	record_free(exam_own);
	buf_release(&pid);
	buf_release(&spk);
	return problems->len - before;
}

static void paper_validate(struct store *s, const struct record *r, struct vec *problems)
{
	paper_problems(s, r, NULL, problems);
}

static int same_seal(const struct record *a, const struct record *b)
{
	struct record *x = paper_seal_part(a), *y = paper_seal_part(b);
	int same = record_equal(x, y);
	record_free(x);
	record_free(y);
	return same;
}

static int paper_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			struct jy_err *err)
{
	struct record *exam = NULL;
	const struct record *r = next ? next : prev;
	int rc = 0;
	if (!a->id) {
		rc = err_set(err, JY_EPERM, "%s", L("只有命题组成员可以写试卷", "only committee members write papers"));
		goto cleanup;
	}
	load_exam_of(&exam, s, r);
	if (!next || (prev && record_equal(prev, next))) {
		if (!exam || !exam_on_committee(exam, a->id))
			rc = err_set(err, JY_EPERM, "%s", L("只有命题组成员可以删除或处理试卷", "only committee members delete or handle papers"));
		goto cleanup;
	}
	if (prev && same_seal(prev, next)) {
		const char *by = record_get(next, "release", "by");
		if (!by || strcmp(by, a->id) != 0)
			rc = err_set(err, JY_EPERM, "%s", L("启封记录只能由启封的命题组成员本人写入", "a release is written by the committee member who releases"));
		goto cleanup;
	}
	const char *signer = record_get(next, "seal", "signer");
	if (!signer || strcmp(signer, a->id) != 0)
		rc = err_set(err, JY_EPERM, "%s",
			     L("密封试卷只能由签名密封的命题组成员本人写入", "a sealed paper is written by the committee member who signs it"));
cleanup:
	record_free(exam);
	return rc;
}

static void paper_merge(struct record **out, struct vec *conflicts, const struct record *base, const struct record *ours,
			const struct record *theirs)
{
	if (same_seal(ours, theirs)) {
		/* The same seal, released on one side: the released copy is the later state. */
		*out = record_dup(paper_is_released(theirs) && !paper_is_released(ours) ? theirs : ours);
		return;
	}
	const char *ta = record_get(ours, "paper", "sealed_at"), *tb = record_get(theirs, "paper", "sealed_at");
	int c = strcmp(ta ? ta : "", tb ? tb : "");
	if (c == 0) {
		const char *sa = record_get(ours, "signature", "ed25519"), *sb = record_get(theirs, "signature", "ed25519");
		c = strcmp(sa ? sa : "", sb ? sb : "");
	}
	const struct record *keep = c >= 0 ? ours : theirs, *other = c >= 0 ? theirs : ours;
	*out = record_dup(keep);
	struct record_conflict *k = xcalloc(1, sizeof(*k));
	struct buf note = BUF_INIT;
	const char *kw = record_get(keep, "seal", "signer"), *ow = record_get(other, "seal", "signer");
	k->section = xstrdup("paper");
	k->key = xstrdup("sealed_at");
	k->base = base && record_get(base, "paper", "sealed_at") ? xstrdup(record_get(base, "paper", "sealed_at")) : NULL;
	k->ours = xstrdup(record_get(keep, "paper", "sealed_at") ? record_get(keep, "paper", "sealed_at") : "");
	k->theirs = xstrdup(record_get(other, "paper", "sealed_at") ? record_get(other, "paper", "sealed_at") : "");
	buf_printf(&note,
		   L("两处同时重新密封了这份试卷：密封不能逐字段合并，保留较新的一份（%s 于 %s 密封）；另一份（%s 于 %s 密封）的密文留在对方提交的历史中，请命题组核对后处理",
		     "the paper was re-sealed at two places at once: a seal is never merged key by key; the newer one is kept (sealed by %s at %s); the other (sealed by %s at %s) stays in the history of the other side's commit for the committee to check"),
		   kw ? kw : "?", k->ours, ow ? ow : "?", k->theirs);
	k->note = buf_detach(&note);
	vec_push(conflicts, k);
}

static void paper_describe(struct buf *out, struct store *s, const struct record *r)
{
	struct record *exam = NULL;
	const char *l = paper_letter_upper(record_get(r, "paper", "paper"));
	if (load_exam_of(&exam, s, r) == 0)
		buf_printf(out, L("%s %s 卷", "%s, paper %s"), record_get(exam, "exam", "name"), l ? l : "?");
	else
		buf_printf(out, L("%s %s 卷", "%s, paper %s"), record_get(r, "paper", "exam"), l ? l : "?");
	record_free(exam);
}

const struct type_ops paper_type_ops = {
	.type = "paper",
	.validate = paper_validate,
	.permit = paper_permit,
	.describe = paper_describe,
	.merge = paper_merge,
};
