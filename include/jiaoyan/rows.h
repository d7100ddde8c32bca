/* rows: the ready-to-show derived index — every record's row and search text, per directory, readable without libgit2. */
#ifndef JIAOYAN_ROWS_H
#define JIAOYAN_ROWS_H

#include <stddef.h>
#include <stdint.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/store.h"

/*
 * DESIGN §2.3: the git tree is the only truth; this is derived from it and
 * may be deleted, truncated or damaged at any time without losing anything.
 *
 * <repo>/jiaoyan-rows/ holds
 *   manifest   the commit and root tree it describes, the row policy's
 *              version, and every directory that holds records: its tree id,
 *              its number of files and rows; a checksum of the whole file;
 *   <dir>      one file per directory ('/' written '@'), keyed by the
 *              directory's tree id and the policy version: per record file
 *              "*.ini" its blob id, its ROW (the fields the policy chose, as
 *              stored: ids and codes, never names), its sort key, and its
 *              SEARCH TEXT (every field's section, key and value folded by
 *              text_fold, and each section.key with its value); for the small top-level directories
 *              (group.ini, people/, schools/, rules/ …) also the file's bytes,
 *              so that identity and privacy lookups need no git. Rows are
 *              stored newest first (sort key descending, then path order).
 *              Then what the policy's aggregate sums the directory's rows up to.
 *              Each region has its own length and checksum; the header
 *              (which says how many rows, and the first one's sort key) its own.
 * Anything that fails a check (magic, version, policy version, tree id,
 * lengths, checksums, structure) is rebuilt, never trusted. Bringing the
 * index up to date diffs trees like core/index: a directory whose tree id is
 * unchanged is kept as is, a changed one reuses the rows of blobs it already
 * holds (blob ids make rows immutable) and decodes only new blobs. Files are
 * replaced atomically (rename); a read-only repository just goes without.
 *
 * Core knows no domain: what a row holds is the domain's row policy
 * (records.h records_rows_policy), registered with store_set_rows_policy().
 * Names are not in rows: people's and schools' rows hold their names, and
 * rows_name() resolves ids through them, so renaming a person rewrites only
 * people/'s file.
 *
 * Reading: rows_open() on a store whose refs/heads/main (read as a file,
 * store.h) equals the manifest's commit maps the files and never initialises
 * libgit2; otherwise it brings the index up to date through libgit2 first.
 * A struct rows_row points into mapped files: valid until rows_free() (or
 * the cursor that gave it moves on, for rows_next()).
 */

/* ---- the policy (the domain fills rows; core stores them) ---- */

struct rows_fill;
struct rows_row;

struct rows_policy {
	/* Changes whenever fill would give other rows for the same records: part of every file's key (no spaces). */
	const char *version;
	/*
	 * The row of record r (decoded strictly) of type t: rows_put() each field
	 * to keep (stored values), rows_sortkey() once. Types the policy does not
	 * care about may put nothing. Must read nothing but its arguments.
	 */
	void (*fill)(struct rows_fill *out, const struct type_def *t, const struct record *r);
	/*
	 * Optional: appends to out what the directory's rows (n of type t, stored
	 * order, as fill made them; row.ref.at set, row.search NULL) sum up to,
	 * read back by rows_each_aggregate — figures a screen shows without
	 * reading every row. Must read nothing but its arguments; the format is
	 * the policy's (its version names it).
	 */
	void (*aggregate)(struct buf *out, const struct type_def *t, const struct rows_row *rows, size_t n);
};

/* A row field (key unique within the row; both copied). */
void rows_put(struct rows_fill *f, const char *key, const char *value);
/* The sort key: rows sort by it bytewise DESCENDING (newest first), ties in path order. Copied. */
void rows_sortkey(struct rows_fill *f, const char *key);

/* ---- opening ---- */

struct rows;

/*
 * The index of the store's snapshot, current (brought up to date through
 * libgit2 when the manifest does not describe the snapshot's commit, or fails
 * a check). *out owned by the caller (rows_free); it keeps using s, which
 * must outlive it. JY_EINVAL when no row policy is set; JY_EIO when git
 * objects cannot be read. An empty repository (no commit) gives empty rows.
 */
int rows_open(struct rows **out, struct store *s, struct jy_err *err);
void rows_free(struct rows *r);

/* ---- rows ---- */

/* A row's handle: 8 bytes, valid for the life of its struct rows (keep one per listed record). */
struct rows_ref {
	uint32_t dir; /* directory number (path order) */
	uint32_t at;  /* byte offset of the row in its directory's rows */
};

/* One row, read in place (borrowed pointers into the mapped file). */
struct rows_row {
	struct rows_ref ref;
	const char *dir;     /* "observations/2026-2027-1/s01" */
	const char *name;    /* "01j….ini" */
	const char *sortkey; /* what the policy set ("" when none) */
	int decoded;         /* 0: the file did not decode (no fields; `check` reports it) */
	size_t nfields;
	const char *fields;  /* nfields × (key NUL value NUL) */
	/* search text: u32 hay size, hay (per field: section NUL key NUL value NUL, folded), then per field
	 * section.key NUL value NUL as stored, then one more NUL */
	const char *search;
};

/* The value of a row field, or NULL when the row has none. */
const char *rows_get(const struct rows_row *row, const char *key);
/* Appends "DIR/NAME" (the record's path). */
void rows_path(struct buf *out, const struct rows_row *row);
/* The row with handle ref; -1 when ref is not a row of r. */
int rows_at(struct rows *r, struct rows_ref ref, struct rows_row *out);
/* The row of the record file path ("plans/2026-2027-1/s01/530701.ini"); -1 when r has none. */
int rows_find(struct rows *r, const char *path, struct rows_row *out);
/*
 * A record of type t holding only the row's fields in t's main section, for
 * rules that judge a record by those fields (viewer_sees with the fields the
 * policy keeps for privacy). Owned by the caller.
 */
struct record *rows_record(const struct rows_row *row, const struct type_def *t);

/* The name of a person or school (type "person"/"school") by id, from its row's "name"; NULL when none. */
const char *rows_name(struct rows *r, const char *type, const char *id);
/* Any field of that row (rows_name's lookup, uncached); NULL when there is no such row or field. */
const char *rows_field(struct rows *r, const char *type, const char *id, const char *key);

/* ---- selecting: a cursor over one type's rows, newest first ---- */

struct rows_query {
	const struct type_def *type; /* required */
	const char *term;            /* NULL = any; each must be a component of the type's path */
	const char *school;
	const char *specialty;
	/* 1: rows come with their search text (row.search, its region checked before it is read);
	 * 0: row.search is NULL, and a listing reads only what it shows (rows_search() reads a row's). */
	int search;
};

/*
 * The search text of a row that came without (query search = 0), its
 * directory's region checked on first use; NULL when the region fails its
 * check (its file is then deleted, so the next open rebuilds it: a row
 * already given out stays readable, which a rebuild now would not leave it).
 * For the few rows of many whose whole record is wanted: checking every
 * directory's search text up front was most of a 100,000-record TUI start.
 */
const char *rows_search(struct rows *r, const struct rows_row *row);

/* 1 when q can be answered from the index (its filters are path components of the type). */
int rows_query_ok(const struct rows_query *q);

/*
 * Rows of q's type under the directories q selects, merged across
 * directories newest first (sort key descending, ties in path order) — the
 * order of order.h's "newest" when the policy's sort key follows it. Memory
 * stays flat: one position per directory. A directory's rows are read and
 * checked only when the merge reaches them (its header says where it
 * enters), so the first rows of many directories cost a few of them.
 * JY_EINVAL when !rows_query_ok(q).
 */
struct rows_cursor;
int rows_cursor_new(struct rows_cursor **out, struct rows *r, const struct rows_query *q, struct jy_err *err);
/* 1 and *row filled (valid until the next call), 0 at the end, -1 when a directory whose turn came can be
 * neither read nor rebuilt from git (the rows before it were right; none after it can be given). */
int rows_next(struct rows_cursor *c, struct rows_row *row);
void rows_cursor_free(struct rows_cursor *c);

/* Number of record files ("*.ini") q selects, from the manifest alone (no row read). */
size_t rows_count(struct rows *r, const struct rows_query *q);
/*
 * Number of rows q selects whose file decoded — what a cursor gives with
 * row.decoded — and in *undecoded (may be NULL) those that did not, from the
 * directories' headers (no row read). (size_t)-1 when a directory cannot be
 * read, or q is not rows_query_ok or selects the root's group.ini.
 */
size_t rows_total(struct rows *r, const struct rows_query *q, size_t *undecoded);

/*
 * Calls fn for every directory q selects, in path order, with its number
 * (rows_ref.dir, for rows_at) and its aggregate (the policy's bytes, checked;
 * len 0 when it made none), valid during the call only (as are rows fn reads
 * from that directory; fn does not call rows_each_aggregate on r again): 0,
 * fn's non-zero value, or -1 when a directory can be neither read nor rebuilt.
 */
int rows_each_aggregate(struct rows *r, const struct rows_query *q,
			int (*fn)(void *ctx, uint32_t dir, const char *agg, size_t len), void *ctx);

/*
 * Calls fn for every row under prefix ("" = all), in path order and stored
 * order within a directory, for whole-store scans (search). A directory's
 * file is released before the next is mapped, so memory stays the size of
 * one directory; the row is valid during the call only. Returns 0 or fn's
 * non-zero value.
 */
int rows_scan(struct rows *r, const char *prefix, int (*fn)(void *ctx, const struct rows_row *row), void *ctx);

/*
 * Where byte `at` of row's hay lies (the folded search text, as rows_scan
 * gives it): returns that field's entry ("section.key" NUL value NUL, as
 * stored); *part is 0 for its section, 1 its key, 2 its value, and *off the
 * offset of `at` within that folded part.
 */
const char *rows_hay_field(const struct rows_row *row, size_t at, int *part, size_t *off);

/*
 * The index of s's snapshot only when it is current already (the manifest
 * describes that commit under s's row policy and passes its checks): 0; else
 * -1, and nothing is built — for lookups that have a slower way and must not
 * make a writer pay for a whole index (who is at the keyboard).
 */
int rows_load(struct rows **out, struct store *s);

/* ---- for core/store's reads without libgit2 (not for other modules) ---- */
/* The bytes of a file of a small directory ("people/x.ini", "group.ini"): 0, JY_ENOTFOUND when the
 * directory holds no such file, -1 when the index keeps no bytes for that directory. */
int rows_raw(struct rows *r, const char *path, const char **data, size_t *len, unsigned char blob[20]);
/* Calls fn with every file of the small directory dir ("people"), in path order, with its path and bytes:
 * 0 (also when dir holds nothing), -1 when the index keeps no bytes for dir or cannot read them. */
int rows_each_raw(struct rows *r, const char *dir, int (*fn)(void *ctx, const char *path, const char *data, size_t len),
		  void *ctx);
/* Number of files under prefix ("" = all), as index_count. */
size_t rows_files(struct rows *r, const char *prefix);

#endif
