/* records: generic record operations shared by the CLI and the TUI — build, validate, permit, commit. */
#ifndef JIAOYAN_RECORDS_H
#define JIAOYAN_RECORDS_H

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * Applies one "key=value" or "section.key=value" assignment to r (type t).
 * Enum and bool values may be given as stored values or as labels (是/否,
 * 同行听课). An empty value removes the key. The value is checked against its
 * field (JY_EINVAL naming the field and the rule); r is unchanged on error.
 */
int records_assign(struct record *r, const struct type_def *t, const char *assignment, struct jy_err *err);

/*
 * Complete check of a record about to be written: schema (every problem),
 * references (every FT_REF must exist in s), and the type's own rules
 * (observation: term matches date, scores within the rubric's maxima).
 * Returns 0, or JY_EINVAL with all problems joined by newlines in err.
 */
int records_validate(struct store *s, const struct type_def *t, const struct record *r, struct jy_err *err);

/*
 * What one import, one value and one record may hold (group.ini [limits]:
 * import_rows, value_bytes, record_bytes; defaults 2,000 rows, 64 KiB,
 * 1 MiB). records_validate() refuses values and records beyond them, for
 * local writes and for records arriving from other campuses alike.
 */
struct records_limits {
	size_t import_rows;
	size_t value_bytes;
	size_t record_bytes;
};
int records_limits(struct records_limits *out, struct store *s);

/* The id (set into id) of the one record of `type` whose id or name is value; JY_EINVAL when none, or when
 * several share the name (listing their ids). */
int records_ref(struct buf *id, struct store *s, const char *type, const char *value, struct jy_err *err);

/* Appends the name of a record found by type and id (a school's, a person's …), or the id itself. */
void records_name(struct buf *out, struct store *s, const char *type, const char *id);

/*
 * Turns a "KEY=VALUE" filter as a person types it into the stored form a
 * store_query matches (appended to out as an owned string): KEY is a field of
 * type t (else JY_EINVAL naming the type and, when close, the nearest field);
 * an enum or bool value may be its Chinese or English label (kind=同行听课);
 * a reference to a person, school or specialty may be its name (teacher=李娜)
 * — resolved within the roster; a name shared by several records is
 * JY_EINVAL listing their ids; a value that names nothing is JY_EINVAL.
 */
int records_where(struct vec *out, struct store *s, const struct type_def *t, const char *filter,
		  struct jy_err *err);

/* 1 when the actor is one of the leads of the specialty (specialties/<code>.ini leads). */
int records_lead_of(struct store *s, const struct actor *a, const char *specialty);

/* Splits "key" / "section.key" / "review.1.row.2" into the section and key the
 * schema knows for type t (bare keys belong to the main section). NULL when unknown. */
const struct field_def *records_field_of(const struct type_def *t, const char *name, struct buf *section,
					 struct buf *key);

/* The merge of records two writers or two campuses changed, by each type's rules (typeops.h merge);
 * store_set_merge_policy() and sync install it. */
struct merge_policy;
/*
 * store_list(out, s, q, NULL, err), answered from the ready-to-show index
 * when it is current and q has no where clause (records rebuilt from their
 * rows' search text, undecodable files left out, path order): no libgit2 for
 * a screen that only reads. Items as store_list's.
 */
int records_list(struct vec *out, struct store *s, const struct store_query *q, struct jy_err *err);

extern const struct merge_policy records_merge_policy;

/*
 * What the ready-to-show index (rows.h) keeps per record, registered with
 * store_set_rows_policy(): the main-section fields `list` shows
 * (type_def.list_keys), the fields privacy rules read (observation: term,
 * school, observer, teacher), name (people, schools: the names table), a
 * person's logins (who is at the keyboard), term,
 * school, schools and specialty where the type has them, an observation's
 * rubric and rubric_version (its grade's code), and order.h's "newest" sort
 * key (first main-section date, then id, descending; no key for types kept in
 * path order).
 */
struct rows_policy;
extern const struct rows_policy records_rows_policy;
/*
 * Its aggregates start, for every directory, with what a table's column widths
 * need (rows_each_aggregate, tokens NUL-terminated): per list column "W" key
 * width (its widest stored value, text_width, at most 40), and for a column
 * whose cells show something else than what is stored (records_column_by_value)
 * "V" key value for each value once; the type's own tokens follow.
 */
/* 1 when a list shows field f by something else than its value: a person's name, a code's label. */
int records_column_by_value(const struct field_def *f);

struct rows;
struct rows_row;
struct rows_query;
/* The whole record a row of index r stands for (rebuilt from its search text, or read from git when that
 * fails its check); owned by the caller. */
struct record *records_row_whole(struct store *s, struct rows *r, const struct rows_row *row);
/*
 * Appends the records q selects (its search flag unused) as r's rows keep
 * them — only the row's fields, in the type's main section (ids, list
 * columns, what rules and figures read: the policy above) — for passes that
 * read a few fields of many records without decoding them; in path order.
 * 0, or -1 (out unchanged).
 */
int records_row_items(struct vec *out, struct rows *r, const struct rows_query *q);

/* schema_exists_fn over a store (ctx = struct store *). */
int records_exists(void *store, const char *type, const char *id);

/*
 * Whether actor a may write `next` (replacing `prev`, NULL for a new
 * record; `next` NULL deletes) of type t: actor_can_write(), then the type's
 * own rule (typeops.h) — the same function the TUI's hints, the sync merge
 * and the central hook ask. A repository without people (bootstrap) allows
 * anything. JY_EPERM with a message naming the rule.
 */
int records_permit(struct store *s, const struct actor *a, const struct type_def *t, const struct record *prev,
		   const struct record *next, struct jy_err *err);

/*
 * Fills what the program owns before a new record is validated: a generated
 * id (ID_GENERATED), then the type's own defaults (typeops.h complete):
 * observation term, observer and school; plan state and revision; question
 * state, author and school.
 */
int records_complete(struct store *s, const struct actor *a, const struct type_def *t, struct record *r,
		     struct jy_err *err);

/* A commit message a person can read, e.g. "听课记录：张伟 听 李娜《传感器应用技术》". */
void records_message(struct buf *out, struct store *s, const struct type_def *t, const struct record *r,
		     const char *verb);

/*
 * Adds a new record: complete, canonicalise, validate, permit, refuse an
 * existing path (JY_EEXISTS), commit. id_out (may be NULL) receives the
 * record's id. Nothing is written on any error.
 */
int records_add(struct buf *id_out, struct store *s, const struct actor *a, const struct type_def *t,
		const struct record *r, struct jy_err *err);

/*
 * Replaces the record at path with next: the id and path-forming fields must
 * not change; totals are recomputed; canonicalise, validate, permit, commit
 * (message verb e.g. "修改"). Unchanged content commits nothing.
 */
int records_update(struct store *s, const struct actor *a, const char *path, const struct record *next,
		   const char *verb, struct jy_err *err);

/*
 * One file as the strict reader judges it, against the store's snapshot (a
 * local file, or a record that arrived from another campus): a record path,
 * decodes strictly, canonical, within the limits, schema and the type's
 * rules, references, and in the place its fields say. Appends owned
 * "path: message" strings; returns how many.
 */
size_t records_check_file(struct store *s, const char *path, const char *data, size_t len, struct vec *problems);

/* Validates every record in the repository (decode strictly, canonical form,
 * schema, references). Appends "path: message" strings (owned) to problems,
 * in path order and each file's in the order records_check_file gives them;
 * returns the number found. A second thread checks the bytes already read
 * while this one reads on; only this one touches s. */
size_t records_check_all(struct store *s, struct vec *problems, struct jy_err *err);

#endif
