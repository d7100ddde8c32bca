/* record: the in-memory model of one record, ordered sections of ordered key = value pairs. */
#ifndef JIAOYAN_RECORD_H
#define JIAOYAN_RECORD_H

#include <stddef.h>

#include "jiaoyan/vec.h"

/*
 * A record is what one INI file in the data repository holds. Section and key
 * names are plain ASCII ([a-z0-9_.-], at most 49 bytes, checked by the codec);
 * values are arbitrary UTF-8 (may hold newlines and tabs). Order is kept as
 * inserted; schema_canonical() reorders into the schema's canonical order.
 * Strings returned by getters are borrowed and valid until the record changes.
 */
struct record;

struct record *record_new(void);
struct record *record_dup(const struct record *r);
void record_free(struct record *r);

/* Sets section.key to value (copied): replaces an existing value in place, or
 * appends the key (and the section, if new) at the end. */
void record_set(struct record *r, const char *section, const char *key, const char *value);
/* A record of one section holding n pairs "key NUL value NUL" (copied, in one allocation: a listing of a
 * thousand people makes a thousand of them). A repeated key keeps its last value. */
struct record *record_of_fields(const char *section, const char *fields, size_t n);
/* As record_set, but JY_EEXISTS (and nothing changed) when section.key is already there. */
int record_add(struct record *r, const char *section, const char *key, const char *value);
/* NULL when absent. */
const char *record_get(const struct record *r, const char *section, const char *key);
/* 0 when removed, JY_ENOTFOUND when absent. Removing a section's last key keeps the (empty) section. */
int record_unset(struct record *r, const char *section, const char *key);
void record_remove_section(struct record *r, const char *section);
int record_has_section(const struct record *r, const char *section);

size_t record_section_count(const struct record *r);
const char *record_section(const struct record *r, size_t i);
size_t record_key_count(const struct record *r, size_t i);
const char *record_key(const struct record *r, size_t i, size_t j);
const char *record_value(const struct record *r, size_t i, size_t j);
/* section i's key, NULL when absent: for callers that found the section by walking. */
const char *record_section_get(const struct record *r, size_t i, const char *key);
/* Index of the section, or -1. */
long record_section_index(const struct record *r, const char *section);

/* 1 when both hold the same sections, keys and values in the same order. */
int record_equal(const struct record *a, const struct record *b);

/* One key that both sides changed differently (or one changed, one deleted). */
struct record_conflict {
	char *section;
	char *key;
	char *base;   /* NULL when absent */
	char *ours;   /* NULL when deleted/absent */
	char *theirs; /* NULL when deleted/absent */
	char *note;   /* why, when a record type's rule decided (NULL for ours-wins); owned */
};
void record_conflict_free(void *c);

/*
 * Three-way, key-by-key merge. base may be NULL (both sides created the
 * record). A key changed on one side only takes that side's value; a key
 * changed on both sides to the same value takes it; a key changed on both
 * sides differently takes ours and appends a struct record_conflict to
 * conflicts (a vec owning its items, record_conflict_free). A key deleted on
 * one side and modified on the other keeps the modification (nothing is lost)
 * and is also reported. Section order: theirs first, then new sections of ours.
 * *out is a new record owned by the caller.
 */
void record_merge3(struct record **out, struct vec *conflicts, const struct record *base,
		   const struct record *ours, const struct record *theirs);

#endif
