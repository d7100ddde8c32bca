/* record: ordered sections of ordered key = value pairs, and the key-by-key three-way merge. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"

/* key and value share one allocation (key points at it): one malloc a key, for every file read. */
struct kv {
	char *key;
	char *value;
	uint32_t hash; /* of key: lookups compare it before the bytes */
};

struct section {
	char *name;
	struct kv *kvs;
	size_t len, cap;
};

struct record {
	struct section *secs;
	size_t len, cap;
	char *block; /* record_of_fields: the keys and values it made, one allocation (NULL: none) */
	size_t blocklen;
};

/* key's allocation, unless it lies in r's block (given back with the record). */
static void key_free(const struct record *r, char *key)
{
	if (!r->block || key < r->block || key >= r->block + r->blocklen)
		free(key);
}

struct record *record_new(void)
{
	return xcalloc(1, sizeof(struct record));
}

void record_free(struct record *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->len; i++) {
		for (size_t j = 0; j < r->secs[i].len; j++)
			key_free(r, r->secs[i].kvs[j].key);
		free(r->secs[i].kvs);
		free(r->secs[i].name);
	}
	free(r->secs);
	free(r->block);
	free(r);
}

/* From the end: records are built section after section, so the one wanted is usually the last
 * (a 2,000-row import stays linear). Section names are unique, so the direction changes nothing else. */
static struct section *find_section(const struct record *r, const char *name)
{
	for (size_t i = r->len; i-- > 0;)
		if (strcmp(r->secs[i].name, name) == 0)
			return &r->secs[i];
	return NULL;
}

static struct section *add_section(struct record *r, const char *name)
{
	if (r->len == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 4;
		r->secs = xrealloc(r->secs, r->cap * sizeof(*r->secs));
	}
	struct section *s = &r->secs[r->len++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	return s;
}

/* FNV-1a; *len receives the key's length. */
static uint32_t key_hash(const char *key, size_t *len)
{
	uint32_t h = 2166136261u;
	const unsigned char *p = (const unsigned char *)key;
	for (; *p; p++)
		h = (h ^ *p) * 16777619u;
	*len = (size_t)(p - (const unsigned char *)key);
	return h;
}

static struct kv *find_hashed(const struct section *s, const char *key, uint32_t h)
{
	for (size_t j = 0; j < s->len; j++)
		if (s->kvs[j].hash == h && strcmp(s->kvs[j].key, key) == 0)
			return &s->kvs[j];
	return NULL;
}

static struct kv *find_kv(const struct section *s, const char *key)
{
	size_t len;
	return find_hashed(s, key, key_hash(key, &len));
}

/* Fills kv with copies of key (klen bytes) and value in one allocation. */
static void kv_fill(struct kv *kv, const char *key, size_t klen, const char *value, uint32_t h)
{
	size_t vlen = strlen(value);
	char *p = xmalloc(klen + vlen + 2);
	memcpy(p, key, klen + 1);
	memcpy(p + klen + 1, value, vlen + 1);
	kv->key = p;
	kv->value = p + klen + 1;
	kv->hash = h;
}

/* The key's pair in s, appended empty when absent; *added says which. */
static struct kv *kv_slot(struct section *s, const char *key, size_t *klen, uint32_t *h, int *added)
{
	*h = key_hash(key, klen);
	struct kv *kv = find_hashed(s, key, *h);
	*added = !kv;
	if (kv)
		return kv;
	if (s->len == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 8;
		s->kvs = xrealloc(s->kvs, s->cap * sizeof(*s->kvs));
	}
	return &s->kvs[s->len++];
}

static struct section *section_of(struct record *r, const char *section)
{
	struct section *s = find_section(r, section);
	return s ? s : add_section(r, section);
}

void record_set(struct record *r, const char *section, const char *key, const char *value)
{
	size_t klen;
	uint32_t h;
	int added;
	struct kv *kv = kv_slot(section_of(r, section), key, &klen, &h, &added);
	char *old = added ? NULL : kv->key; /* value may point into it */
	kv_fill(kv, key, klen, value, h);
	if (old)
		key_free(r, old);
}

struct record *record_of_fields(const char *section, const char *fields, size_t n)
{
	struct record *r = record_new();
	const char *p = fields;
	for (size_t i = 0; i < n; i++)
		p += strlen(p) + 1, p += strlen(p) + 1;
	/* One section: a thousand people's rows held at once are a thousand of these (add_section starts at 4). */
	r->cap = 1;
	r->secs = xmalloc(sizeof(*r->secs));
	r->blocklen = (size_t)(p - fields);
	r->block = xmalloc(r->blocklen ? r->blocklen : 1);
	memcpy(r->block, fields, r->blocklen);
	struct section *s = add_section(r, section);
	s->cap = n ? n : 1;
	s->kvs = xmalloc(s->cap * sizeof(*s->kvs));
	p = r->block;
	for (size_t i = 0; i < n; i++) {
		size_t klen;
		uint32_t h = key_hash(p, &klen);
		struct kv *kv = find_hashed(s, p, h);
		const char *v = p + klen + 1;
		if (kv) { /* a repeated key: the last one stands, as record_set would have it */
			kv->value = (char *)v;
		} else {
			s->kvs[s->len++] = (struct kv){ (char *)p, (char *)v, h };
		}
		p = v + strlen(v) + 1;
	}
	return r;
}

int record_add(struct record *r, const char *section, const char *key, const char *value)
{
	size_t klen;
	uint32_t h;
	int added;
	struct kv *kv = kv_slot(section_of(r, section), key, &klen, &h, &added);
	if (!added)
		return JY_EEXISTS;
	kv_fill(kv, key, klen, value, h);
	return 0;
}

const char *record_get(const struct record *r, const char *section, const char *key)
{
	const struct section *s = find_section(r, section);
	const struct kv *kv = s ? find_kv(s, key) : NULL;
	return kv ? kv->value : NULL;
}

const char *record_section_get(const struct record *r, size_t i, const char *key)
{
	const struct kv *kv = find_kv(&r->secs[i], key);
	return kv ? kv->value : NULL;
}

int record_unset(struct record *r, const char *section, const char *key)
{
	struct section *s = find_section(r, section);
	struct kv *kv = s ? find_kv(s, key) : NULL;
	if (!kv)
		return JY_ENOTFOUND;
	key_free(r, kv->key);
	size_t at = (size_t)(kv - s->kvs);
	memmove(kv, kv + 1, (s->len - at - 1) * sizeof(*kv));
	s->len--;
	return 0;
}

void record_remove_section(struct record *r, const char *section)
{
	struct section *s = find_section(r, section);
	if (!s)
		return;
	for (size_t j = 0; j < s->len; j++)
		key_free(r, s->kvs[j].key);
	free(s->kvs);
	free(s->name);
	size_t at = (size_t)(s - r->secs);
	memmove(s, s + 1, (r->len - at - 1) * sizeof(*s));
	r->len--;
}

int record_has_section(const struct record *r, const char *section)
{
	return find_section(r, section) != NULL;
}

size_t record_section_count(const struct record *r)
{
	return r->len;
}

const char *record_section(const struct record *r, size_t i)
{
	return i < r->len ? r->secs[i].name : NULL;
}

size_t record_key_count(const struct record *r, size_t i)
{
	return i < r->len ? r->secs[i].len : 0;
}

const char *record_key(const struct record *r, size_t i, size_t j)
{
	return i < r->len && j < r->secs[i].len ? r->secs[i].kvs[j].key : NULL;
}

const char *record_value(const struct record *r, size_t i, size_t j)
{
	return i < r->len && j < r->secs[i].len ? r->secs[i].kvs[j].value : NULL;
}

long record_section_index(const struct record *r, const char *section)
{
	const struct section *s = find_section(r, section);
	return s ? (long)(s - r->secs) : -1;
}

struct record *record_dup(const struct record *r)
{
	struct record *d = record_new();
	for (size_t i = 0; i < r->len; i++) {
		struct section *s = add_section(d, r->secs[i].name);
		for (size_t j = 0; j < r->secs[i].len; j++)
			record_set(d, s->name, r->secs[i].kvs[j].key, r->secs[i].kvs[j].value);
	}
	return d;
}

int record_equal(const struct record *a, const struct record *b)
{
	if (a->len != b->len)
		return 0;
	for (size_t i = 0; i < a->len; i++) {
		const struct section *x = &a->secs[i], *y = &b->secs[i];
		if (strcmp(x->name, y->name) != 0 || x->len != y->len)
			return 0;
		for (size_t j = 0; j < x->len; j++)
			if (strcmp(x->kvs[j].key, y->kvs[j].key) != 0 ||
			    strcmp(x->kvs[j].value, y->kvs[j].value) != 0)
				return 0;
	}
	return 1;
}

void record_conflict_free(void *p)
{
	struct record_conflict *c = p;
	if (!c)
		return;
	free(c->section);
	free(c->key);
	free(c->base);
	free(c->ours);
	free(c->theirs);
	free(c->note);
	free(c);
}

static int same(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static void add_conflict(struct vec *conflicts, const char *section, const char *key,
			 const char *base, const char *ours, const char *theirs)
{
	if (!conflicts)
		return;
	struct record_conflict *c = xcalloc(1, sizeof(*c));
	c->section = xstrdup(section);
	c->key = xstrdup(key);
	c->base = base ? xstrdup(base) : NULL;
	c->ours = ours ? xstrdup(ours) : NULL;
	c->theirs = theirs ? xstrdup(theirs) : NULL;
	vec_push(conflicts, c);
}

/* Decides one key; returns the value to keep or NULL to leave it out. */
static const char *merge_key(struct vec *conflicts, const char *sec, const char *key, const char *b,
			     const char *o, const char *t)
{
	if (same(o, t))
		return o;
	if (same(b, o))
		return t;
	if (same(b, t))
		return o;
	/* Both changed, differently. A deletion never beats a modification. */
	add_conflict(conflicts, sec, key, b, o, t);
	return o ? o : t;
}

void record_merge3(struct record **out, struct vec *conflicts, const struct record *base,
		   const struct record *ours, const struct record *theirs)
{
	struct record *m = record_new();
	struct record *decided = record_new(); /* every key already merged, kept or dropped */
	struct record *none = record_new();
	if (!base)
		base = none;
	/* Walk theirs' order first, then keys that only ours (or only base) has. */
	const struct record *order[3] = { theirs, ours, base };
	for (int pass = 0; pass < 3; pass++) {
		const struct record *r = order[pass];
		for (size_t i = 0; i < r->len; i++) {
			const char *sec = r->secs[i].name;
			for (size_t j = 0; j < r->secs[i].len; j++) {
				const char *key = r->secs[i].kvs[j].key;
				if (record_get(decided, sec, key))
					continue;
				record_set(decided, sec, key, "");
				const char *v = merge_key(conflicts, sec, key, record_get(base, sec, key),
							  record_get(ours, sec, key), record_get(theirs, sec, key));
				if (v)
					record_set(m, sec, key, v);
			}
		}
	}
	record_free(decided);
	record_free(none);
	*out = m;
}
