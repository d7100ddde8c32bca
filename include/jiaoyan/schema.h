/* schema: the table of record types and their fields — validation, canonical order, paths. */
#ifndef JIAOYAN_SCHEMA_H
#define JIAOYAN_SCHEMA_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/vec.h"

enum field_type {
	FT_TEXT,     /* any text (may be multi-line when FIELD_MULTILINE) */
	FT_INT,      /* decimal integer within [min, max] */
	FT_NUMBER,   /* decimal number with at most one fractional digit, within [min, max] */
	FT_ENUM,     /* one of `values` ("a|b|c"); shown as `values_zh` / `values_en` */
	FT_SET,      /* comma list of `values` (roles) */
	FT_BOOL,     /* yes|no (是/否) */
	FT_DATE,     /* YYYY-MM-DD */
	FT_DATETIME, /* YYYY-MM-DD HH:MM */
	FT_MONTHDAY, /* MM-DD */
	FT_TERM,     /* YYYY-YYYY-N */
	FT_CODE,     /* a path component [a-z0-9._-] (ids, codes) */
	FT_REF,      /* the id of a record of type `ref` */
	FT_REFLIST,  /* comma list of ids of records of type `ref` */
	FT_LIST,     /* comma list of free text items (core course names) */
};

enum {
	FIELD_REQUIRED = 1,
	FIELD_MULTILINE = 2, /* text areas in forms */
	FIELD_READONLY = 4,  /* set by the program (state, revision, id) */
};

/*
 * A field. `section` is a section name, or a pattern "course.*" matching
 * course.1, course.2, … (N a positive integer). `key` "*" matches any key of
 * the section (score indicators, question options, review row comments use
 * key patterns like "row.*").
 */
struct field_def {
	const char *section;
	const char *key;
	enum field_type type;
	unsigned flags;
	long min, max;         /* FT_INT/FT_NUMBER bounds (max 0 = unbounded); FT_TEXT max bytes (0 = none) */
	const char *values;    /* FT_ENUM/FT_SET stored values, '|' separated */
	const char *values_zh; /* labels in the same order */
	const char *values_en;
	const char *ref;       /* FT_REF/FT_REFLIST target type name */
	const char *label_zh;
	const char *label_en;
};

enum id_kind {
	ID_GENERATED, /* 26-char id generated at add time (observation, question, exam, conflict) */
	ID_CODE,      /* given by the user in the id field (school, person, rules, rubric, course code) */
	ID_COMPOSITE, /* derived from fields (plan: TERM/SCHOOL/SPECIALTY; scores: EXAM/SCHOOL) */
	ID_SINGLETON, /* group.ini */
};

/*
 * Directories stay small (DESIGN §2.2): a type whose records pile up in one
 * directory files them one level deeper, below a component computed from
 * fields that never change. The shard directory sits before the file name.
 */
enum shard_kind {
	SHARD_NONE,
	SHARD_ID_MONTH, /* the UTC month of the generated id's time: observations/TERM/SCHOOL/2026-11/ID.ini */
};

struct type_def {
	const char *name;       /* "observation" */
	const char *label_zh;   /* "听课记录" */
	const char *label_en;
	const char *main;       /* main section name ("observation") */
	const char *id_key;     /* key in main holding the id ("id", "code"), NULL for composite */
	enum id_kind id_kind;
	const char *dir;        /* top directory ("observations"), "" for group.ini */
	/* path components after dir, each a key of the main section, the last
	 * one is the file name (+ ".ini"): {"term","school","id",NULL} */
	const char *const *path_keys;
	const char *const *list_keys; /* columns shown by `list` */
	const struct field_def *fields;
	size_t nfields;
	enum shard_kind shard;
};

size_t schema_type_count(void);
const struct type_def *schema_type_at(size_t i);
/* By name ("observation"), or by plural directory name ("observations"); NULL if unknown. */
const struct type_def *schema_type(const char *name);
/* The type a repository path belongs to, or NULL. A sharded type's records are recognised
 * in both layouts: the sharded one (written) and the legacy one without the shard directory
 * (repositories made before it, read until `migrate` moves them). */
const struct type_def *schema_type_of_path(const char *path);
/* 1 when path is a record of a sharded type filed in the legacy layout, else 0. */
int schema_path_is_legacy(const char *path);
/*
 * The same record's path in the other layout: the sharded path of a legacy
 * one, the legacy path of a sharded one (the id decides the shard, so no
 * record is read). JY_EINVAL for a path of an unsharded type, or one whose
 * id is not a generated id.
 */
int schema_path_counterpart(struct buf *out, const char *path, struct jy_err *err);

/* The field for section/key (matching patterns), or NULL. */
const struct field_def *schema_field(const struct type_def *t, const char *section, const char *key);

const char *schema_type_label(const struct type_def *t);
const char *schema_field_label(const struct field_def *f);

/*
 * Checks one value against its field (type, bounds, enum, path safety, UTF-8
 * and control characters through text_check_value). The message names the
 * field by its label and key and says the rule, e.g.
 * "字段「日期」(observation.date)：不是有效日期，应为 YYYY-MM-DD". Empty values
 * are accepted here; required-ness is checked by schema_validate().
 */
int schema_check_value(const struct field_def *f, const char *section, const char *key,
		       const char *value, struct jy_err *err);

/*
 * Full check of a record of type t: unknown sections/keys, required fields,
 * every value, cross-field rules (theory + practice = hours is NOT here — that
 * is a compliance finding of the plan domain). Appends one owned message
 * (char *) per problem to problems (a vec with free_item = free) and returns
 * the number of problems.
 */
size_t schema_validate_all(const struct type_def *t, const struct record *r, struct vec *problems);
/* The same, stopping at the first problem: 0 or JY_EINVAL with its message. */
int schema_validate(const struct type_def *t, const struct record *r, struct jy_err *err);

/*
 * Reference check: every FT_REF / FT_REFLIST value must name an existing
 * record; `exists(ctx, type, id)` answers 1/0. Appends messages like
 * schema_validate_all and returns the number of problems.
 */
typedef int (*schema_exists_fn)(void *ctx, const char *type, const char *id);
size_t schema_check_refs(const struct type_def *t, const struct record *r, schema_exists_fn exists,
			 void *ctx, struct vec *problems);

/*
 * A new record with r's sections and keys in canonical order: schema field
 * order; repeated sections ("course.N") by N ascending; keys matched by "*"
 * keep their relative order (after the named keys). Unknown sections/keys are
 * kept at the end in their order (schema_validate reports them).
 */
struct record *schema_canonical(const struct type_def *t, const struct record *r);
/* 1 when schema_canonical(t, r) would hold r's keys in r's own order (no copy is made):
 * then r encodes to the same bytes as its canonical form. */
int schema_in_canonical_order(const struct type_def *t, const struct record *r);

/* The record's id as the CLI shows it (id/code, or "TERM/SCHOOL/SPECIALTY"). */
int schema_record_id(struct buf *out, const struct type_def *t, const struct record *r, struct jy_err *err);

/* The repository path of a record, e.g. "observations/2026-2027-1/s01/2026-11/01j…​.ini"
 * (always the sharded layout). Every component is checked with id_component_valid(). */
int schema_path(struct buf *out, const struct type_def *t, const struct record *r, struct jy_err *err);
/* The same from the values of t's path_keys in order (values[i] for path_keys[i]). */
int schema_path_of(struct buf *out, const struct type_def *t, const char *const *values, struct jy_err *err);

/* Appends the display form of a stored value: enum/bool → its label in the
 * current language, set → labels joined by "、", anything else as is. f may be NULL. */
void schema_value_label(struct buf *out, const struct field_def *f, const char *value);
/* Accepts a stored value, or a Chinese or English label of an enum/bool field;
 * returns a pointer into the field's stored-values string (it is '|'-terminated:
 * take schema_enum_len() bytes), or NULL if none matches. */
const char *schema_enum_parse(const struct field_def *f, const char *input);
size_t schema_enum_len(const char *parsed);

/* Appends the values of an FT_ENUM/FT_SET/FT_BOOL field with their labels in the current language,
 * as error messages and `add TYPE --help` list them: "none(无职称), junior(初级), …". */
void schema_choices(struct buf *out, const struct field_def *f);

/* Parses an FT_NUMBER value ("12", "8.5"); JY_EINVAL otherwise. */
int schema_parse_number(const char *s, double *out);

#endif
