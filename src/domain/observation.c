/* observation: the one implementation of the observation numbers — term statistics, coverage, quotas, inbox, replies. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/typeops.h"

/* Everything a term's numbers are computed from, read once per call. */
struct term_data {
	char term[12];
	struct record *group; /* NULL in a repository without group.ini */
	struct vec people;    /* struct store_item *, sorted by id (borrowed when the caller had them) */
	struct vec schools;   /* struct store_item *, in path (= id) order */
	struct vec obs;       /* struct fact *, the term's complete observations the viewer may see */
	struct vec rubrics;   /* struct record *, owned: rubric versions read for the completeness check */
	/* One person's observations, gathered in the same pass when person is set (概览): */
	const char *person;
	int person_ok;        /* person is a valid id */
	struct vec inbox;     /* struct obs_item *: of the person's lessons, that the viewer may see */
	struct vec mine;      /* struct obs_item *: made by the person, that the viewer may see */
	size_t done;          /* complete ones made by the person, whoever looks (the quota counts them all) */
	int summed;           /* obs came summed up from the index's aggregates (sum_term) */
};

static struct obs_item *item_of(struct store *s, const char *path, struct record *rec);

/*
 * What the numbers read of one observation: its main-section values, copied
 * (from the index's row or the record) — or of n alike, summed up by the
 * index's aggregate (its fields empty where they differ: a teacher's fact of
 * n = 0 says only that the teacher was observed). Every count is weighted by n.
 */
struct fact {
	const char *teacher, *observer, *school, *kind, *total, *grade;
	size_t n;      /* observations it stands for */
	size_t scored; /* of them, with a total that is a number */
	double sum;    /* of those totals */
};

/* An observation keyed by one of its person fields; runs of equal keys are one person's. */
struct keyed {
	const char *key;
	const struct fact *it;
};

static const char *get(const struct record *r, const char *section, const char *key)
{
	const char *v = r ? record_get(r, section, key) : NULL;
	return v ? v : "";
}

static const char *obs_get(const struct fact *f, const char *key)
{
	static const struct {
		const char *key;
		size_t at;
	} fields[] = {
		{ "teacher", offsetof(struct fact, teacher) }, { "observer", offsetof(struct fact, observer) },
		{ "school", offsetof(struct fact, school) },   { "kind", offsetof(struct fact, kind) },
		{ "total", offsetof(struct fact, total) },     { "grade", offsetof(struct fact, grade) },
	};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
		if (strcmp(fields[i].key, key) == 0)
			return *(const char *const *)((const char *)f + fields[i].at);
	return "";
}

/* A fact of the values get(ctx, key) gives (NULL = ""), in one allocation (free() frees it). */
static struct fact *fact_new(const char *(*value)(const void *ctx, const char *key), const void *ctx)
{
	static const char *const keys[] = { "teacher", "observer", "school", "kind", "total", "grade" };
	const char *v[6];
	size_t len = sizeof(struct fact);
	for (size_t i = 0; i < 6; i++) {
		v[i] = value(ctx, keys[i]);
		v[i] = v[i] ? v[i] : "";
		len += strlen(v[i]) + 1;
	}
	struct fact *f = xmalloc(len);
	char *p = (char *)(f + 1);
	const char **dst[6] = { &f->teacher, &f->observer, &f->school, &f->kind, &f->total, &f->grade };
	for (size_t i = 0; i < 6; i++) {
		size_t n = strlen(v[i]) + 1;
		memcpy(p, v[i], n);
		*dst[i] = p;
		p += n;
	}
	f->n = 1;
	f->scored = *f->total && schema_parse_number(f->total, &f->sum) == 0;
	if (!f->scored)
		f->sum = 0;
	return f;
}

static const char *record_field(const void *rec, const char *key)
{
	return record_get(rec, "observation", key);
}

/*
 * Every field of the record a row stands for, from the index's search text
 * (core/rows.c: a u32 size and the folded values, then "section.key" NUL
 * value NUL per field, then an empty name): the fields the row itself does
 * not keep (scores, texts, the reply) are read there.
 */
int obs_row_fields(const struct rows_row *row, int (*fn)(void *ctx, const char *name, const char *value), void *ctx)
{
	uint32_t hay;
	if (!row->search)
		return 0;
	memcpy(&hay, row->search, 4);
	for (const char *p = row->search + 4 + hay; *p;) {
		const char *name = p;
		p += strlen(p) + 1;
		const char *value = p;
		p += strlen(p) + 1;
		int rc = fn(ctx, name, value);
		if (rc)
			return rc;
	}
	return 0;
}

static int put_field(void *rec, const char *name, const char *value)
{
	const char *dot = strrchr(name, '.');
	if (dot) {
		char *section = xstrndup(name, (size_t)(dot - name));
		record_set(rec, section, dot + 1, value);
		free(section);
	}
	return 0;
}

struct record *obs_row_record(const struct rows_row *row)
{
	struct record *r = record_new();
	obs_row_fields(row, put_field, r);
	return r;
}

static int item_id_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	return strcmp(x->id, y->id);
}

static void term_data_release(struct term_data *d)
{
	record_free(d->group);
	d->group = NULL;
	vec_free(&d->people);
	vec_free(&d->schools);
	vec_free(&d->obs);
	vec_free(&d->rubrics);
	vec_free(&d->inbox);
	vec_free(&d->mine);
}

int obs_current_term(char out[12], struct store *s, struct jy_err *err)
{
	struct record *group = NULL;
	int rc = store_read(&group, s, "group.ini", err);
	if (rc == JY_ENOTFOUND) {
		/* An empty repository still has a "this term": today's. */
		id_term_of(out, id_now());
		err_clear(err);
		return 0;
	}
	if (rc)
		return rc;
	const char *t = record_get(group, "group", "term");
	if (t && id_term_valid(t))
		memcpy(out, t, strlen(t) + 1);
	else
		id_term_of(out, id_now());
	record_free(group);
	return 0;
}

static int pick_term(char out[12], struct store *s, const char *term, struct jy_err *err)
{
	if (!term)
		return obs_current_term(out, s, err);
	if (!id_term_valid(term))
		return err_set(err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N（如 2026-2027-1）",
						 "term \"%s\" is invalid: it is YYYY-YYYY-N (e.g. 2026-2027-1)"),
			       term);
	memcpy(out, term, strlen(term) + 1);
	return 0;
}

static void rubric_free_item(void *r)
{
	record_free(r);
}

/* The rubric version an observation was scored with, read once per cache (the term's numbers, one listing). */
static const struct record *cached_rubric(struct vec *cache, struct store *s, const char *id, const char *ver)
{
	id = id ? id : "";
	ver = ver ? ver : "";
	for (size_t i = 0; i < cache->len; i++) {
		const struct record *r = cache->items[i];
		if (strcmp(get(r, "rubric", "id"), id) == 0 && strcmp(get(r, "rubric", "version"), ver) == 0)
			return r;
	}
	struct record *r = NULL;
	if (!*id || !id_component_valid(id) || rubric_load(&r, s, id, atol(ver), NULL) != 0)
		return NULL;
	vec_push(cache, r);
	return r;
}

/* Whether the filled fields ("section.key" names) hold section.key. */
static int filled_has(const void *filled, const char *section, const char *key)
{
	const struct vec *v = filled;
	size_t n = strlen(section);
	for (size_t i = 0; i < v->len; i++) {
		const char *name = v->items[i];
		if (strncmp(name, section, n) == 0 && name[n] == '.' && strcmp(name + n + 1, key) == 0)
			return 1;
	}
	return 0;
}

static int complete_by(const char *kind, const struct record *rubric, int (*has)(const void *ctx, const char *section, const char *key),
		       const void *ctx, struct buf *why);

/*
 * What row_complete keeps between rows: the filled fields of the row at hand,
 * and the answers given so far keyed by everything the answer depends on (kind,
 * rubric version, filled score and text fields) — a term's rows share a few
 * such keys, so the rubric is walked a few times rather than once per row.
 */
struct complete_memo {
	struct vec filled; /* owned names */
	struct vec seen;   /* owned: '1' or '0', then the key */
	struct buf key;
};
#define COMPLETE_MEMO_INIT { VEC_INIT(free), VEC_INIT(free), BUF_INIT }

static void complete_memo_release(struct complete_memo *m)
{
	vec_free(&m->filled);
	vec_free(&m->seen);
	buf_release(&m->key);
}

/* The fields completeness reads that hold a value, as the row keeps them: "section.key" lines. */
static void filled_fields(struct buf *out, const struct record *r)
{
	for (size_t i = 0; i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		if (strcmp(sec, "score") != 0 && strcmp(sec, "text") != 0)
			continue;
		for (size_t j = 0; j < record_key_count(r, i); j++)
			if (*record_value(r, i, j))
				buf_printf(out, "%s%s.%s", out->len ? "\n" : "", sec, record_key(r, i, j));
	}
}

/* The index row keeps the filled fields, so that a term's completeness is read without the search text. */
static void obs_row(struct rows_fill *out, const struct record *r)
{
	struct buf filled = BUF_INIT;
	filled_fields(&filled, r);
	rows_put(out, "filled", filled.ptr ? filled.ptr : "");
	buf_release(&filled);
}

/* What the term's numbers read of a row: its fields found in one walk over them (NULL = the row has none). */
struct row_values {
	struct fact f;
	const char *rubric, *rubric_version, *filled;
};

static void row_values(struct row_values *out, const struct rows_row *row)
{
	static const struct {
		const char *key;
		size_t at;
	} slots[] = {
		{ "teacher", offsetof(struct row_values, f.teacher) }, { "observer", offsetof(struct row_values, f.observer) },
		{ "school", offsetof(struct row_values, f.school) },   { "kind", offsetof(struct row_values, f.kind) },
		{ "total", offsetof(struct row_values, f.total) },     { "grade", offsetof(struct row_values, f.grade) },
		{ "rubric", offsetof(struct row_values, rubric) },     { "rubric_version", offsetof(struct row_values, rubric_version) },
		{ "filled", offsetof(struct row_values, filled) },
	};
	const char *p = row->fields;
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < row->nfields; i++) {
		const char *key = p, *value = p + strlen(p) + 1;
		p = value + strlen(value) + 1;
		for (size_t k = 0; k < sizeof(slots) / sizeof(slots[0]); k++)
			if (*key == *slots[k].key && strcmp(key, slots[k].key) == 0) {
				*(const char **)((char *)out + slots[k].at) = value;
				break;
			}
	}
}

/*
 * A directory's observations summed up (rows.h's aggregate), for 概览's
 * figures without a pass over the term's rows. NUL-terminated tokens, after
 * the column widths every type's aggregate starts with (records.h):
 *   G school kind rubric rubric_version filled   a group of rows alike in what completeness (obs_complete:
 *                                                kind, rubric, filled fields) and a school's figures read
 *   S grade n scored sum                         the group's rows of that grade: how many, how many with a
 *                                                total that is a number, the sum of those totals (%.17g)
 *   T teacher                                    each teacher observed in the group, once
 *   P                                            then to the end, per person named by a row, by id:
 *                                                "\1" person NUL, then for each of their rows in stored
 *                                                order their role there (T teacher, O observer) NUL and the
 *                                                row's offset (rows_ref.at) NUL — one person's are found by
 *                                                searching for "\1" person NUL, not by reading them all
 * Rows that did not decode are left out, as every listing leaves them out.
 */
struct agg_row {
	size_t g;
	const char *teacher, *observer, *grade;
	int scored;
	double total;
};

static int agg_cmp_str(size_t ga, const char *a, size_t gb, const char *b)
{
	return ga != gb ? (ga > gb) - (ga < gb) : strcmp(a, b);
}

static int agg_by_grade(const void *a, const void *b)
{
	const struct agg_row *x = a, *y = b;
	return agg_cmp_str(x->g, x->grade, y->g, y->grade);
}

static int agg_by_teacher(const void *a, const void *b)
{
	const struct agg_row *x = a, *y = b;
	return agg_cmp_str(x->g, x->teacher, y->g, y->teacher);
}

/* A row's teacher (role 0) or observer (1), for the aggregate's P block. */
struct person_at {
	const char *id;
	uint32_t at;
	int role;
};

static int person_at_cmp(const void *a, const void *b)
{
	const struct person_at *x = a, *y = b;
	int c = strcmp(x->id, y->id);
	if (c)
		return c;
	if (x->at != y->at)
		return x->at < y->at ? -1 : 1;
	return x->role - y->role;
}

static void tokens(struct buf *out, const char *const *t, size_t n)
{
	for (size_t i = 0; i < n; i++)
		buf_add(out, t[i] ? t[i] : "", strlen(t[i] ? t[i] : "") + 1);
}

static void obs_aggregate(struct buf *out, const struct rows_row *rows, size_t n)
{
	struct agg_row *ar = xcalloc(n + 1, sizeof(*ar));
	struct vec groups = VEC_INIT(free); /* "school\x1fkind\x1frubric\x1fversion\x1ffilled" */
	struct vec first = VEC_INIT(NULL);  /* a row of each group (its values), borrowed */
	struct buf key = BUF_INIT;
	char num[24];
	size_t m = 0;
	for (size_t i = 0; i < n; i++) {
		struct row_values rv;
		if (!rows[i].decoded)
			continue;
		row_values(&rv, &rows[i]);
		const char *parts[5] = { rv.f.school, rv.f.kind, rv.rubric, rv.rubric_version, rv.filled };
		buf_reset(&key);
		for (size_t k = 0; k < 5; k++)
			buf_printf(&key, "%s%s", k ? "\x1f" : "", parts[k] ? parts[k] : "");
		size_t g = 0;
		while (g < groups.len && strcmp(groups.items[g], key.ptr) != 0)
			g++;
		if (g == groups.len) {
			vec_push_str(&groups, key.ptr);
			vec_push(&first, (void *)&rows[i]);
		}
		ar[m].g = g;
		ar[m].teacher = rv.f.teacher ? rv.f.teacher : "";
		ar[m].observer = rv.f.observer ? rv.f.observer : "";
		ar[m].grade = rv.f.grade ? rv.f.grade : "";
		ar[m].scored = rv.f.total && *rv.f.total && schema_parse_number(rv.f.total, &ar[m].total) == 0;
		m++;
	}
	struct agg_row *byt = xcalloc(m + 1, sizeof(*byt));
	memcpy(byt, ar, m * sizeof(*ar));
	qsort(ar, m, sizeof(*ar), agg_by_grade);
	qsort(byt, m, sizeof(*byt), agg_by_teacher);
	size_t a = 0, t = 0;
	for (size_t g = 0; g < groups.len; g++) {
		struct row_values rv;
		row_values(&rv, first.items[g]);
		const char *head[6] = { "G", rv.f.school, rv.f.kind, rv.rubric, rv.rubric_version, rv.filled };
		tokens(out, head, 6);
		while (a < m && ar[a].g == g) {
			size_t b = a, scored = 0;
			double sum = 0;
			for (; b < m && ar[b].g == g && strcmp(ar[b].grade, ar[a].grade) == 0; b++)
				if (ar[b].scored) {
					scored++;
					sum += ar[b].total;
				}
			char cn[24], cs[24], csum[32];
			snprintf(cn, sizeof(cn), "%zu", b - a);
			snprintf(cs, sizeof(cs), "%zu", scored);
			snprintf(csum, sizeof(csum), "%.17g", sum);
			const char *sline[5] = { "S", ar[a].grade, cn, cs, csum };
			tokens(out, sline, 5);
			a = b;
		}
		for (; t < m && byt[t].g == g; t++)
			if (*byt[t].teacher && (t == 0 || byt[t - 1].g != g || strcmp(byt[t - 1].teacher, byt[t].teacher) != 0)) {
				const char *tline[2] = { "T", byt[t].teacher };
				tokens(out, tline, 2);
			}
	}
	/* Each person once, then their rows' roles and offsets in stored order: a third of one entry a row. */
	struct person_at *pa = xcalloc(2 * n + 1, sizeof(*pa));
	size_t np = 0;
	for (size_t i = 0; i < n; i++) {
		const char *who[2] = { rows_get(&rows[i], "teacher"), rows_get(&rows[i], "observer") };
		for (int k = 0; k < 2 && rows[i].decoded; k++)
			if (who[k] && *who[k])
				pa[np++] = (struct person_at){ who[k], rows[i].ref.at, k };
	}
	qsort(pa, np, sizeof(*pa), person_at_cmp);
	buf_add(out, "P", 2);
	for (size_t i = 0; i < np; i++) {
		if (i == 0 || strcmp(pa[i - 1].id, pa[i].id) != 0) {
			buf_putc(out, '\1');
			buf_add(out, pa[i].id, strlen(pa[i].id) + 1);
		}
		snprintf(num, sizeof(num), "%u", (unsigned)pa[i].at);
		const char *pline[2] = { pa[i].role ? "O" : "T", num };
		tokens(out, pline, 2);
	}
	free(pa);
	free(ar);
	free(byt);
	vec_free(&groups);
	vec_free(&first);
	buf_release(&key);
}

static const char *value_field(const void *f, const char *key)
{
	return obs_get(f, key);
}

/* obs_complete() of the record whose row gave these values. */
static int values_complete(struct vec *rubrics, struct complete_memo *m, struct store *s, const struct row_values *rv)
{
	const char *kind = rv->f.kind, *rid = rv->rubric, *ver = rv->rubric_version, *filled = rv->filled;
	const char *parts[4] = { kind, rid, ver, filled };
	buf_set(&m->key, "?");
	for (size_t i = 0; i < 4; i++) {
		buf_puts(&m->key, parts[i] ? parts[i] : "");
		buf_putc(&m->key, '\x1f');
	}
	for (size_t i = 0; i < m->seen.len; i++) {
		const char *k = m->seen.items[i];
		if (strcmp(k + 1, m->key.ptr + 1) == 0)
			return *k == '1';
	}
	vec_clear(&m->filled);
	if (filled && *filled)
		vec_split(&m->filled, filled, '\n');
	const struct record *rubric = cached_rubric(rubrics, s, rid, ver);
	int yes = complete_by(kind ? kind : "", rubric, filled_has, &m->filled, NULL);
	m->key.ptr[0] = yes ? '1' : '0';
	/* Bounded, so that records all filled differently cost a pass over a few keys, not over all rows. */
	if (m->seen.len < 64)
		vec_push_str(&m->seen, m->key.ptr);
	return yes;
}

/* obs_complete() of the record a row of the index stands for. */
static int row_complete(struct vec *rubrics, struct complete_memo *m, struct store *s, const struct rows_row *row)
{
	struct row_values rv;
	row_values(&rv, row);
	return values_complete(rubrics, m, s, &rv);
}

int obs_rows_all_visible(const struct viewer *v)
{
	return !v || v->all || v->observations == PRIVACY_GROUP;
}

/* The school whose observations v sees, every one (observers and admins, per-school privacy), or NULL. */
static const char *school_seen(const struct viewer *v)
{
	const struct actor *a = v ? v->actor : NULL;
	if (!a || v->observations != PRIVACY_SCHOOL || !a->school || !(actor_has_role(a, "observer") || actor_is_admin(a)))
		return NULL;
	return a->school;
}

static int visible_by(struct viewer *v, const char *teacher, const char *observer, const char *school);

/* Whether the viewer may see the row's observation: the privacy rule over the fields the index keeps for it. */
static int row_visible(struct viewer *v, const struct rows_row *row)
{
	const char *f[3] = { rows_get(row, "teacher"), rows_get(row, "observer"), rows_get(row, "school") };
	if (obs_rows_all_visible(v))
		return 1;
	return visible_by(v, f[0] ? f[0] : "", f[1] ? f[1] : "", f[2] ? f[2] : "");
}

int obs_row_visible(struct viewer *v, const struct rows_row *row)
{
	return row_visible(v, row);
}

/*
 * The rows of the term's observations from the ready-to-show index, newest
 * first, for fn: 0 (or fn's non-zero value), 1 when the index cannot answer
 * (the caller lists the store instead).
 */
static int each_term_row(struct store *s, const char *term,
			 int (*fn)(void *ctx, struct rows *r, const struct rows_row *row), void *ctx)
{
	struct rows *r = NULL;
	struct rows_cursor *c = NULL;
	/* The search text (a whole record) of the few rows that need it: rows_search. */
	struct rows_query q = { .type = schema_type("observation"), .term = term, .search = 0 };
	struct rows_row row;
	int rc = 0;
	if (!rows_query_ok(&q) || !(r = store_rows(s, 1)) || rows_cursor_new(&c, r, &q, NULL) != 0)
		return 1;
	int more = 1;
	while (rc == 0 && (more = rows_next(c, &row)) == 1)
		if (row.decoded)
			rc = fn(ctx, r, &row);
	rows_cursor_free(c);
	return more < 0 ? -1 : rc;
}

struct term_rows {
	struct term_data *d;
	struct store *s;
	struct viewer *v;
	struct complete_memo memo;
};


static int term_row(void *ctx, struct rows *r, const struct rows_row *row)
{
	struct term_rows *tr = ctx;
	struct term_data *d = tr->d;
	struct row_values rv;
	row_values(&rv, row);
	int visible = row_visible(tr->v, row), complete = -1;
	if (visible && (complete = values_complete(&d->rubrics, &tr->memo, tr->s, &rv)))
		vec_push(&d->obs, fact_new(value_field, &rv.f));
	if (!d->person_ok)
		return 0;
	const char *teacher = rv.f.teacher, *observer = rv.f.observer;
	int as_teacher = teacher && strcmp(teacher, d->person) == 0, as_observer = observer && strcmp(observer, d->person) == 0;
	if (as_observer && complete < 0)
		complete = values_complete(&d->rubrics, &tr->memo, tr->s, &rv);
	d->done += as_observer && complete;
	if (visible && (as_teacher || as_observer)) {
		struct buf path = BUF_INIT;
		rows_path(&path, row);
		if (as_teacher)
			vec_push(&d->inbox, item_of(tr->s, path.ptr, records_row_whole(tr->s, r, row)));
		if (as_observer)
			vec_push(&d->mine, item_of(tr->s, path.ptr, records_row_whole(tr->s, r, row)));
		buf_release(&path);
	}
	return 0;
}

static int item_newest_cmp(const void *a, const void *b);

/* The summed-up facts of a term (load_term's summed), read from the directories' aggregates. */
struct term_sums {
	struct term_data *d;
	struct store *s;
	struct rows *r;
	int all;             /* the viewer sees every observation */
	const char *school;  /* else: the school whose observations the viewer sees, every one (or NULL); and the
			      * person's own rows elsewhere, one by one (the person is the viewer) */
	struct complete_memo memo;
	struct vec teachers; /* owned ids, sorted, each once: observed in a complete observation */
};

/* The token at *p, moved past; NULL when the aggregate ends or is cut (no NUL before end). */
static const char *token(const char **p, const char *end)
{
	const char *t = *p, *nul = t < end ? memchr(t, '\0', (size_t)(end - t)) : NULL;
	if (!nul)
		return NULL;
	*p = nul + 1;
	return t;
}

/* A fact standing for n observations alike (fact: the fields they share, "" where they differ). */
static struct fact *fact_summed(const char *school, const char *kind, const char *grade, const char *teacher, size_t n,
				size_t scored, double sum)
{
	struct fact proto = { teacher, "", school, kind, "", grade, 0, 0, 0 };
	struct fact *f = fact_new(value_field, &proto);
	f->n = n;
	f->scored = scored;
	f->sum = sum;
	return f;
}

/* One directory's aggregate (obs_aggregate's tokens) into the term's facts and the person's lists. */
static int term_dir(void *ctx, uint32_t dir, const char *agg, size_t len)
{
	struct term_sums *ts = ctx;
	struct term_data *d = ts->d;
	const char *p = agg, *end = agg + len, *tag, *school = "", *kind = "";
	int complete = 0, seen = 0;
	while ((tag = token(&p, end)) && strcmp(tag, "P") != 0) {
		const char *a[5];
		/* W and V: the listing's column widths (records.h), before the observations' own tokens */
		size_t want = !strcmp(tag, "G") ? 5 : !strcmp(tag, "S") ? 4 : !strcmp(tag, "T") ? 1
			    : !strcmp(tag, "W") || !strcmp(tag, "V") ? 2 : 0;
		if (!want)
			return -1;
		for (size_t i = 0; i < want; i++)
			if (!(a[i] = token(&p, end)))
				return -1;
		if (*tag == 'G') {
			struct row_values rv = { .f = { .school = a[0], .kind = a[1] }, .rubric = a[2], .rubric_version = a[3], .filled = a[4] };
			school = a[0];
			kind = a[1];
			complete = values_complete(&d->rubrics, &ts->memo, ts->s, &rv);
			seen = ts->all || (ts->school && strcmp(school, ts->school) == 0);
		} else if (*tag == 'S' && complete && seen) {
			vec_push(&d->obs, fact_summed(school, kind, a[0], "", strtoul(a[1], NULL, 10), strtoul(a[2], NULL, 10),
						      strtod(a[3], NULL)));
		} else if (*tag == 'T' && complete && seen) {
			vec_add_str_sorted(&ts->teachers, a[0]); /* thousands of tokens, a few dozen teachers */
		}
	}
	if (!tag)
		return -1;
	if (!d->person_ok)
		return 0;
	/* The person's rows: "\1" id NUL, then (role NUL offset NUL) for each of their rows in stored order (a
	 * row's two roles next to each other), up to the next "\1" — each person once. */
	struct buf want = BUF_INIT;
	const char *hit;
	uint32_t last = UINT32_MAX;
	int rc = 0;
	buf_putc(&want, '\1');
	buf_add(&want, d->person, strlen(d->person) + 1);
	hit = memmem(p, (size_t)(end - p), want.ptr, want.len);
	p = hit ? hit + want.len : end;
	while (rc == 0 && p < end && *p != '\1') {
		const char *role, *at;
		struct rows_row row;
		if (!(role = token(&p, end)) || !(at = token(&p, end)) ||
		    rows_at(ts->r, (struct rows_ref){ dir, (uint32_t)strtoul(at, NULL, 10) }, &row) != 0) {
			rc = -1;
			break;
		}
		/* The person's own observations at a school the viewer does not see whole count one by one; a lesson
		 * of theirs that the sums already hold needs no completeness asked. */
		int own = !ts->all && row.ref.at != last;
		struct row_values rv;
		row_values(&rv, &row);
		int complete_row = (*role == 'O' || own) && values_complete(&d->rubrics, &ts->memo, ts->s, &rv);
		d->done += *role == 'O' && complete_row; /* what the person observed counts, wherever it was */
		if (own) {
			if (!(ts->school && rv.f.school && strcmp(rv.f.school, ts->school) == 0) && complete_row) {
				vec_push(&d->obs, fact_new(value_field, &rv.f));
				if (rv.f.teacher && *rv.f.teacher)
					vec_add_str_sorted(&ts->teachers, rv.f.teacher);
			}
			last = row.ref.at;
		}
		struct buf path = BUF_INIT;
		rows_path(&path, &row);
		vec_push(*role == 'T' ? &d->inbox : &d->mine, item_of(ts->s, path.ptr, records_row_whole(ts->s, ts->r, &row)));
		buf_release(&path);
	}
	buf_release(&want);
	return rc;
}

/*
 * The term's facts summed up per directory by the index (obs_aggregate): a
 * few per directory and one per teacher observed, instead of one per
 * observation — of the directories' groups the viewer sees whole, and the
 * person's own rows elsewhere (summable). 0, or 1 when the index cannot
 * answer (nothing added).
 */
static int sum_term(struct term_data *d, struct store *s, struct viewer *v, struct rows *r)
{
	struct rows_query q = { .type = schema_type("observation"), .term = d->term };
	int all = obs_rows_all_visible(v);
	struct term_sums ts = { d, s, r, all, all ? NULL : school_seen(v), COMPLETE_MEMO_INIT, VEC_INIT(free) };
	int rc = 1;
	if (rows_each_aggregate(ts.r, &q, term_dir, &ts) == 0) {
		for (size_t i = 0; i < ts.teachers.len; i++)
			vec_push(&d->obs, fact_summed("", "", "", ts.teachers.items[i], 0, 0, 0));
		rc = 0;
	} else {
		vec_clear(&d->obs);
		vec_clear(&d->inbox);
		vec_clear(&d->mine);
		d->done = 0;
	}
	complete_memo_release(&ts.memo);
	vec_free(&ts.teachers);
	return rc;
}


/*
 * Whether what v sees of a term can be summed up from the index: everything,
 * or a whole school and the person's own rows (v is the person's); a
 * specialty lead sees teachers one by one, which the aggregates do not know.
 */
static int summable(const struct viewer *v, const char *person)
{
	const struct actor *a = v ? v->actor : NULL;
	return obs_rows_all_visible(v) ||
	       (a && a->id && person && strcmp(a->id, person) == 0 && v->leads.len == 0 &&
		(v->observations == PRIVACY_SCHOOL || v->observations == PRIVACY_OWN));
}

/*
 * Reads group.ini, the people, the schools and the term's complete
 * observations the viewer may see; with a person, also that person's
 * observations (in the same pass over the term). summed: the observations
 * may come summed up (struct fact's n), for figures of schools and whether
 * a teacher was observed, not lists of people.
 */
static int load_term(struct term_data *d, struct store *s, struct viewer *v, const char *term, const char *person,
		     const struct vec *people, int summed, struct jy_err *err)
{
	struct rows *r = NULL;
	struct store_query q = { 0 };
	struct vec all = VEC_INIT(store_item_free);
	const struct type_def *ot = schema_type("observation");
	int rc;
	memset(d, 0, sizeof(*d));
	vec_init(&d->people, people ? NULL : store_item_free);
	vec_init(&d->schools, store_item_free);
	vec_init(&d->obs, free);
	vec_init(&d->rubrics, rubric_free_item);
	vec_init(&d->inbox, obs_item_free);
	vec_init(&d->mine, obs_item_free);
	d->person = person;
	d->person_ok = person && id_component_valid(person);
	if ((rc = pick_term(d->term, s, term, err)))
		return rc;
	rc = store_read(&d->group, s, "group.ini", err);
	if (rc == JY_ENOTFOUND) {
		err_clear(err);
		rc = 0;
	}
	if (rc)
		return rc;
	if (summed && summable(v, person))
		r = store_rows(s, 1);
	q.type = "person";
	for (size_t i = 0; people && i < people->len; i++)
		vec_push(&d->people, people->items[i]);
	/* The roster as the index's rows keep it: what the term's figures read of a person, nothing decoded. */
	if (!people && (!r || records_row_items(&d->people, r, &(struct rows_query){ .type = schema_type("person") }) != 0) &&
	    (rc = store_list(&d->people, s, &q, NULL, err)))
		goto cleanup;
	vec_sort(&d->people, item_id_cmp);
	q.type = "school";
	if ((rc = store_list(&d->schools, s, &q, NULL, err)))
		goto cleanup;
	/* Only complete records count (an observation with a teacher and a course alone is no observation). */
	if (r && sum_term(d, s, v, r) == 0) {
		d->summed = 1;
		goto sort;
	}
	struct term_rows tr = { d, s, v, COMPLETE_MEMO_INIT };
	int from_rows = each_term_row(s, d->term, term_row, &tr);
	complete_memo_release(&tr.memo);
	if (from_rows == 0)
		goto sort;
	/* The store's records instead, of the whole term: what the index gave before it failed goes. */
	vec_clear(&d->obs);
	vec_clear(&d->inbox);
	vec_clear(&d->mine);
	d->done = 0;
	q.type = "observation";
	q.term = d->term;
	if ((rc = store_list(&all, s, &q, NULL, err)))
		goto cleanup;
	for (size_t i = 0; i < all.len; i++) {
		struct store_item *it = all.items[i];
		const struct record *rubric = cached_rubric(&d->rubrics, s, get(it->rec, "observation", "rubric"),
							    get(it->rec, "observation", "rubric_version"));
		int visible = viewer_sees(v, ot, it->rec), complete = obs_complete(it->rec, rubric, NULL);
		if (visible && complete)
			vec_push(&d->obs, fact_new(record_field, it->rec));
		if (!d->person_ok)
			continue;
		int as_teacher = strcmp(get(it->rec, "observation", "teacher"), d->person ? d->person : "") == 0;
		int as_observer = strcmp(get(it->rec, "observation", "observer"), d->person ? d->person : "") == 0;
		d->done += as_observer && complete;
		if (visible && as_teacher)
			vec_push(&d->inbox, item_of(s, it->path, record_dup(it->rec)));
		if (visible && as_observer)
			vec_push(&d->mine, item_of(s, it->path, record_dup(it->rec)));
	}
sort:
	vec_sort(&d->inbox, item_newest_cmp);
	vec_sort(&d->mine, item_newest_cmp);
cleanup:
	vec_free(&all);
	return rc;
}

static const struct record *person_get(const struct term_data *d, const char *id)
{
	size_t lo = 0, hi = d->people.len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct store_item *it = d->people.items[mid];
		int c = strcmp(it->id, id);
		if (c == 0)
			return it->rec;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int has_item(const char *list, const char *item)
{
	struct vec v = VEC_INIT(free);
	vec_split(&v, list, ',');
	int yes = vec_has_str(&v, item);
	vec_free(&v);
	return yes;
}

/* A teacher on the roster: people who left are not "not yet observed". */
static int is_teacher(const struct record *p)
{
	return has_item(get(p, "person", "roles"), "teacher") && person_active(p);
}

static const struct record *school_get(const struct term_data *d, const char *id)
{
	for (size_t i = 0; i < d->schools.len; i++) {
		const struct store_item *it = d->schools.items[i];
		if (strcmp(it->id, id) == 0)
			return it->rec;
	}
	return NULL;
}

static int check_school(const struct term_data *d, const char *school, struct jy_err *err)
{
	if (!school || school_get(d, school))
		return 0;
	err_set(err, JY_ENOTFOUND, L("没有学校「%s」", "no school \"%s\""), school);
	return err_hint(err, "list-school", school);
}

/* Largest [quota] value among the person's roles, title and newcomer status. */
static long quota_of(const struct record *group, const struct record *person)
{
	struct vec keys = VEC_INIT(free);
	long best = 0;
	if (!group || !person || !person_active(person))
		return 0;
	vec_split(&keys, get(person, "person", "roles"), ',');
	if (*get(person, "person", "title"))
		vec_push_str(&keys, get(person, "person", "title"));
	if (strcmp(get(person, "person", "newcomer"), "yes") == 0)
		vec_push_str(&keys, "newcomer");
	for (size_t i = 0; i < keys.len; i++) {
		const char *v = record_get(group, "quota", keys.items[i]);
		long n = v ? atol(v) : 0;
		if (n > best)
			best = n;
	}
	vec_free(&keys);
	return best;
}

long obs_quota(struct store *s, const struct record *person)
{
	struct record *group = NULL;
	if (store_read(&group, s, "group.ini", NULL) != 0)
		return 0;
	long q = quota_of(group, person);
	record_free(group);
	return q;
}

static long due_week_of(const struct record *group)
{
	const char *v = group ? record_get(group, "group", "quota_due_week") : NULL;
	return v ? atol(v) : 0;
}

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	return strcmp(x->key, y->key);
}

/* The term's observations sorted by one person field (observer or teacher); *n gets the count. */
static struct keyed *keyed_by(const struct term_data *d, const char *field, size_t *n)
{
	struct keyed *k = xcalloc(d->obs.len ? d->obs.len : 1, sizeof(*k));
	size_t m = 0;
	for (size_t i = 0; i < d->obs.len; i++) {
		const struct fact *it = d->obs.items[i];
		const char *v = obs_get(it, field);
		if (*v) {
			k[m].key = v;
			k[m].it = it;
			m++;
		}
	}
	qsort(k, m, sizeof(*k), keyed_cmp);
	*n = m;
	return k;
}

/* Number of entries of the sorted array keyed by id. */
static size_t keyed_count(const struct keyed *k, size_t n, const char *id)
{
	size_t lo = 0, hi = n, count = 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(k[mid].key, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	while (lo + count < n && strcmp(k[lo + count].key, id) == 0)
		count++;
	return count;
}

/* --- grade bands --- */

/* The group rubric's bands, best (highest minimum) first. */
static void load_bands(struct vec *bands, struct store *s, const struct record *group)
{
	struct record *rubric = NULL;
	const char *rid = group ? record_get(group, "group", "rubric") : NULL;
	if (!rid || !id_component_valid(rid) || rubric_load(&rubric, s, rid, 0, NULL) != 0)
		return;
	size_t n = 0, cap = record_section_count(rubric);
	const char **names = xcalloc(cap ? cap : 1, sizeof(*names));
	double *mins = xcalloc(cap ? cap : 1, sizeof(*mins));
	for (size_t i = 0; i < cap; i++) {
		const char *sec = record_section(rubric, i);
		const char *name = record_get(rubric, sec, "name"), *min = record_get(rubric, sec, "min");
		if (strncmp(sec, "band.", 5) != 0 || !name || !*name)
			continue;
		/* Insertion by minimum, descending; the rubric is a handful of bands. */
		double m = min ? atof(min) : 0;
		size_t at = n;
		while (at > 0 && mins[at - 1] < m) {
			names[at] = names[at - 1];
			mins[at] = mins[at - 1];
			at--;
		}
		names[at] = name;
		mins[at] = m;
		n++;
	}
	for (size_t i = 0; i < n; i++)
		if (!vec_has_str(bands, names[i]))
			vec_push_str(bands, names[i]);
	free(names);
	free(mins);
	record_free(rubric);
}

static long band_index(const struct vec *bands, const char *grade)
{
	for (size_t i = 0; i < bands->len; i++)
		if (strcmp(bands->items[i], grade) == 0)
			return (long)i;
	return -1;
}

/* Adds one observation's total and grade to a running sum (mean holds the sum until finish_mean). */
static void add_score(const struct fact *it, const struct vec *bands, double *sum, size_t *scored,
		      size_t *grades)
{
	const char *grade = obs_get(it, "grade");
	*sum += it->sum;
	*scored += it->scored;
	long b = *grade ? band_index(bands, grade) : -1;
	if (b >= 0)
		grades[b] += it->n;
}

static void finish_mean(double *sum, size_t scored)
{
	*sum = scored ? *sum / (double)scored : 0;
}

/* --- kinds: the schema's list, so a new kind needs no change here --- */

static const char *kind_values(void)
{
	/* The schema is built in: looked up once, as the term's numbers ask for every observation. */
	static const char *values;
	if (!values) {
		const struct field_def *f = schema_field(schema_type("observation"), "observation", "kind");
		values = f && f->values ? f->values : "";
	}
	return values;
}

size_t obs_kind_count(void)
{
	const char *v = kind_values();
	size_t n = *v != '\0';
	for (; *v; v++)
		n += *v == '|';
	return n;
}

long obs_kind_index(const char *kind)
{
	const char *v = kind_values();
	size_t len = kind ? strlen(kind) : 0;
	for (long i = 0; *v; i++) {
		const char *bar = strchr(v, '|');
		size_t n = bar ? (size_t)(bar - v) : strlen(v);
		if (len && n == len && strncmp(v, kind, n) == 0)
			return i;
		if (!bar)
			break;
		v = bar + 1;
	}
	return -1;
}

char *obs_kind_at(size_t i)
{
	const char *v = kind_values();
	for (size_t k = 0; k < i && v; k++) {
		v = strchr(v, '|');
		v = v ? v + 1 : NULL;
	}
	if (!v || !*v)
		return xstrdup("");
	const char *bar = strchr(v, '|');
	return bar ? xstrndup(v, (size_t)(bar - v)) : xstrdup(v);
}

static void count_kind(size_t *kinds, const struct fact *it)
{
	long k = obs_kind_index(obs_get(it, "kind"));
	if (k >= 0)
		kinds[k] += it->n;
}

/* --- statistics --- */

static void teacher_stat_free(void *p)
{
	struct obs_teacher_stat *t = p;
	if (!t)
		return;
	free(t->teacher);
	free(t->name);
	free(t->school);
	free(t->grades);
	free(t);
}

static void observer_stat_free(void *p)
{
	struct obs_observer_stat *o = p;
	if (!o)
		return;
	free(o->kinds);
	free(o->observer);
	free(o->name);
	free(o->school);
	free(o);
}

static void school_stat_free(void *p)
{
	struct obs_school_stat *sc = p;
	if (!sc)
		return;
	free(sc->school);
	free(sc->name);
	free(sc->grades);
	free(sc->kinds);
	free(sc);
}

void obs_stats_free(struct obs_stats *st)
{
	if (!st)
		return;
	free(st->term);
	vec_free(&st->bands);
	vec_free(&st->teachers);
	vec_free(&st->observers);
	vec_free(&st->schools);
	free(st);
}

/* Orders rows by school, then name, then id: the same order everywhere a list of people is shown. */
static int person_order(const char *sa, const char *na, const char *ia, const char *sb, const char *nb, const char *ib)
{
	int c = strcmp(sa, sb);
	if (!c)
		c = strcmp(na, nb);
	return c ? c : strcmp(ia, ib);
}

static int teacher_cmp(const void *a, const void *b)
{
	const struct obs_teacher_stat *x = a, *y = b;
	return person_order(x->school, x->name, x->teacher, y->school, y->name, y->teacher);
}

static int observer_cmp(const void *a, const void *b)
{
	const struct obs_observer_stat *x = a, *y = b;
	return person_order(x->school, x->name, x->observer, y->school, y->name, y->observer);
}

/* A person's school, or the observation's school when the person record is gone. */
static const char *school_of(const struct record *p, const struct fact *it)
{
	const char *sc = get(p, "person", "school");
	return *sc ? sc : it ? obs_get(it, "school") : "";
}

static const char *name_of(const struct record *p, const char *id)
{
	const char *n = get(p, "person", "name");
	return *n ? n : id;
}

static void teacher_stats(struct obs_stats *st, const struct term_data *d, const struct keyed *k, size_t n,
			  const char *school)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(k[j].key, k[i].key) == 0)
			j++;
		const struct record *p = person_get(d, k[i].key);
		const char *sc = school_of(p, k[i].it);
		if (!school || strcmp(sc, school) == 0) {
			struct obs_teacher_stat *t = xcalloc(1, sizeof(*t));
			t->teacher = xstrdup(k[i].key);
			t->name = xstrdup(name_of(p, k[i].key));
			t->school = xstrdup(sc);
			t->grades = xcalloc(st->bands.len ? st->bands.len : 1, sizeof(size_t));
			for (size_t m = i; m < j; m++) {
				t->count += k[m].it->n;
				add_score(k[m].it, &st->bands, &t->mean, &t->scored, t->grades);
			}
			finish_mean(&t->mean, t->scored);
			vec_push(&st->teachers, t);
		}
		i = j;
	}
	vec_sort(&st->teachers, teacher_cmp);
}

/* The kinds of the observations one observer made: their run in the sorted array. */
static size_t *observer_kinds(const struct keyed *k, size_t n, const char *id)
{
	size_t *kinds = xcalloc(obs_kind_count() ? obs_kind_count() : 1, sizeof(size_t));
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(k[mid].key, id) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n && strcmp(k[lo].key, id) == 0; lo++)
		count_kind(kinds, k[lo].it);
	return kinds;
}

static void observer_stats(struct obs_stats *st, const struct term_data *d, const struct keyed *k, size_t n,
			   const char *school)
{
	/* Everyone with a quota, observed or not: an unmet quota is the point of the list. */
	for (size_t i = 0; i < d->people.len; i++) {
		const struct store_item *it = d->people.items[i];
		long quota = quota_of(d->group, it->rec);
		size_t count = keyed_count(k, n, it->id);
		const char *sc = school_of(it->rec, NULL);
		if ((!quota && !count) || (school && strcmp(sc, school) != 0))
			continue;
		struct obs_observer_stat *o = xcalloc(1, sizeof(*o));
		o->observer = xstrdup(it->id);
		o->name = xstrdup(name_of(it->rec, it->id));
		o->school = xstrdup(sc);
		o->count = count;
		o->quota = quota;
		o->kinds = observer_kinds(k, n, it->id);
		vec_push(&st->observers, o);
	}
	/* Observers whose person record is gone still made their observations. */
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && strcmp(k[j].key, k[i].key) == 0)
			j++;
		const char *sc = obs_get(k[i].it, "school");
		if (!person_get(d, k[i].key) && (!school || strcmp(sc, school) == 0)) {
			struct obs_observer_stat *o = xcalloc(1, sizeof(*o));
			o->observer = xstrdup(k[i].key);
			o->name = xstrdup(k[i].key);
			o->school = xstrdup(sc);
			o->count = j - i;
			o->kinds = observer_kinds(k, n, k[i].key);
			vec_push(&st->observers, o);
		}
		i = j;
	}
	vec_sort(&st->observers, observer_cmp);
}

static struct obs_school_stat *school_stat(const struct obs_stats *st, const struct term_data *d, const char *id,
					   const struct keyed *by_teacher, size_t nt)
{
	struct obs_school_stat *sc = xcalloc(1, sizeof(*sc));
	const struct record *r = school_get(d, id);
	const char *name = get(r, "school", "name");
	sc->school = xstrdup(id);
	sc->name = xstrdup(*name ? name : id);
	sc->grades = xcalloc(st->bands.len ? st->bands.len : 1, sizeof(size_t));
	sc->kinds = xcalloc(obs_kind_count() ? obs_kind_count() : 1, sizeof(size_t));
	for (size_t i = 0; i < d->obs.len; i++) {
		const struct fact *it = d->obs.items[i];
		if (strcmp(obs_get(it, "school"), id) != 0)
			continue;
		sc->count += it->n;
		count_kind(sc->kinds, it);
		add_score(it, &st->bands, &sc->mean, &sc->scored, sc->grades);
	}
	finish_mean(&sc->mean, sc->scored);
	for (size_t i = 0; i < d->people.len; i++) {
		const struct store_item *it = d->people.items[i];
		if (strcmp(get(it->rec, "person", "school"), id) != 0 || !is_teacher(it->rec))
			continue;
		sc->roster++;
		if (keyed_count(by_teacher, nt, it->id))
			sc->covered++;
	}
	return sc;
}

static void school_stats(struct obs_stats *st, const struct term_data *d, const struct keyed *by_teacher, size_t nt,
			 const char *school)
{
	struct vec ids = VEC_INIT(free);
	for (size_t i = 0; i < d->schools.len; i++)
		vec_push_str(&ids, ((const struct store_item *)d->schools.items[i])->id);
	/* A school that has observations but no record (deleted since) is still counted. */
	for (size_t i = 0; i < d->obs.len; i++) {
		const char *sc = obs_get(d->obs.items[i], "school");
		if (*sc && !vec_has_str(&ids, sc))
			vec_push_str(&ids, sc);
	}
	for (size_t i = 0; i < ids.len; i++) {
		const char *id = ids.items[i];
		if (!school || strcmp(id, school) == 0)
			vec_push(&st->schools, school_stat(st, d, id, by_teacher, nt));
	}
	vec_free(&ids);
}

/* The statistics of the term read; people: also the per-teacher and per-observer lists. */
static int stats_of(struct obs_stats **out, const struct term_data *dp, struct store *s, const char *school, int people,
		    struct jy_err *err)
{
	const struct term_data d = *dp;
	struct obs_stats *st = NULL;
	struct keyed *by_teacher = NULL, *by_observer = NULL;
	size_t nt = 0, no = 0;
	int rc = check_school(&d, school, err);
	if (rc)
		goto cleanup;
	st = xcalloc(1, sizeof(*st));
	st->term = xstrdup(d.term);
	vec_init(&st->bands, free);
	vec_init(&st->teachers, teacher_stat_free);
	vec_init(&st->observers, observer_stat_free);
	vec_init(&st->schools, school_stat_free);
	st->due_week = due_week_of(d.group);
	load_bands(&st->bands, s, d.group);
	for (size_t i = 0; i < d.obs.len; i++) {
		const char *g = obs_get(d.obs.items[i], "grade");
		if (*g && !vec_has_str(&st->bands, g))
			vec_push_str(&st->bands, g);
		if (!school || strcmp(obs_get(d.obs.items[i], "school"), school) == 0)
			st->total += ((const struct fact *)d.obs.items[i])->n;
	}
	by_teacher = keyed_by(&d, "teacher", &nt);
	if (people) {
		by_observer = keyed_by(&d, "observer", &no);
		teacher_stats(st, &d, by_teacher, nt, school);
		observer_stats(st, &d, by_observer, no, school);
	}
	school_stats(st, &d, by_teacher, nt, school);
	*out = st;
	st = NULL;
cleanup:
	free(by_teacher);
	free(by_observer);
	obs_stats_free(st);
	return rc;
}

int obs_stats(struct obs_stats **out, struct store *s, struct viewer *v, const char *term, const char *school,
	      struct jy_err *err)
{
	struct term_data d;
	int rc = load_term(&d, s, v, term, NULL, NULL, 0, err);
	if (rc == 0)
		rc = stats_of(out, &d, s, school, 1, err);
	term_data_release(&d);
	return rc;
}

/* --- coverage --- */

struct uncovered_row {
	const char *school, *name, *id;
};

static int uncovered_cmp(const void *a, const void *b)
{
	const struct uncovered_row *x = a, *y = b;
	return person_order(x->school, x->name, x->id, y->school, y->name, y->id);
}

typedef int (*team_fn)(const struct record *person, const void *ctx);

static int in_school(const struct record *p, const void *ctx)
{
	return !ctx || strcmp(get(p, "person", "school"), ctx) == 0;
}

static int in_team(const struct record *p, const void *ctx)
{
	const struct actor *a = ctx;
	if (a->school && strcmp(get(p, "person", "school"), a->school) == 0)
		return 1;
	for (size_t i = 0; i < a->specialties.len; i++)
		if (has_item(get(p, "person", "specialties"), a->specialties.items[i]))
			return 1;
	return 0;
}

/*
 * Whether the viewer may see this teacher's observations at all: "not yet
 * observed" is only said of teachers whose observations the viewer would see,
 * or it would be said wrongly of everyone else.
 */
static int sees_teacher(struct viewer *v, const struct store_item *person)
{
	struct record *probe = record_new();
	record_set(probe, "observation", "teacher", person->id);
	record_set(probe, "observation", "school", get(person->rec, "person", "school"));
	int yes = viewer_sees(v, schema_type("observation"), probe);
	record_free(probe);
	return yes;
}

static int uncovered_of(struct vec *out, const struct term_data *dp, struct viewer *v, const char *school, team_fn member,
			const void *ctx, struct jy_err *err)
{
	const struct term_data d = *dp;
	struct keyed *k = NULL;
	struct uncovered_row *rows = NULL;
	size_t n = 0, m = 0;
	int rc = check_school(&d, school, err);
	if (rc)
		goto cleanup;
	k = keyed_by(&d, "teacher", &n);
	rows = xcalloc(d.people.len ? d.people.len : 1, sizeof(*rows));
	for (size_t i = 0; i < d.people.len; i++) {
		const struct store_item *it = d.people.items[i];
		if (!is_teacher(it->rec) || !member(it->rec, ctx) || keyed_count(k, n, it->id) || !sees_teacher(v, it))
			continue;
		rows[m].school = get(it->rec, "person", "school");
		rows[m].name = name_of(it->rec, it->id);
		rows[m].id = it->id;
		m++;
	}
	qsort(rows, m, sizeof(*rows), uncovered_cmp);
	for (size_t i = 0; i < m; i++)
		vec_push_str(out, rows[i].id);
cleanup:
	free(k);
	free(rows);
	return rc;
}

static int uncovered(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *school,
		     team_fn member, const void *ctx, struct jy_err *err)
{
	struct term_data d;
	int rc = load_term(&d, s, v, term, NULL, NULL, 0, err);
	if (rc == 0)
		rc = uncovered_of(out, &d, v, school, member, ctx, err);
	term_data_release(&d);
	return rc;
}

int obs_uncovered(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *school,
		  struct jy_err *err)
{
	return uncovered(out, s, v, term, school, in_school, school, err);
}

int obs_uncovered_team(struct vec *out, struct store *s, struct viewer *v, const char *term, const struct actor *a,
		       struct jy_err *err)
{
	if (!a)
		return err_set(err, JY_EINVAL, "obs_uncovered_team: no actor");
	return uncovered(out, s, v, term, NULL, in_team, a, err);
}

/* --- one person's observations (概览) --- */

void obs_item_free(void *p)
{
	struct obs_item *o = p;
	if (!o)
		return;
	free(o->path);
	free(o->id);
	free(o->date);
	free(o->kind);
	free(o->school);
	free(o->observer);
	free(o->observer_name);
	free(o->teacher);
	free(o->teacher_name);
	free(o->course);
	free(o->total);
	free(o->grade);
	record_free(o->rec);
	free(o);
}

/* Newest first: by date, then by id (ids sort by creation time). */
static int item_newest_cmp(const void *a, const void *b)
{
	const struct obs_item *x = a, *y = b;
	int c = strcmp(y->date, x->date);
	return c ? c : strcmp(y->id, x->id);
}

/* An obs_item of the observation rec (taken) at path. */
static struct obs_item *item_of(struct store *s, const char *path, struct record *rec)
{
	struct obs_item *o = xcalloc(1, sizeof(*o));
	struct buf name = BUF_INIT;
	o->path = xstrdup(path);
	o->id = xstrdup(get(rec, "observation", "id"));
	o->date = xstrdup(get(rec, "observation", "date"));
	o->kind = xstrdup(get(rec, "observation", "kind"));
	o->school = xstrdup(get(rec, "observation", "school"));
	o->observer = xstrdup(get(rec, "observation", "observer"));
	o->teacher = xstrdup(get(rec, "observation", "teacher"));
	o->course = xstrdup(get(rec, "observation", "course"));
	o->total = xstrdup(get(rec, "observation", "total"));
	o->grade = xstrdup(get(rec, "observation", "grade"));
	o->replied = *get(rec, "response", "text") != '\0';
	roster_name(&name, s, o->observer);
	o->observer_name = buf_detach(&name);
	roster_name(&name, s, o->teacher);
	o->teacher_name = buf_detach(&name);
	o->rec = rec;
	return o;
}

/* What person_items looks for, and what it found. */
struct person_query {
	struct store *s;
	struct viewer *v;
	const char *field, *person;
	int complete_only;
	struct vec *found; /* struct obs_item * */
	struct vec rubrics;
	struct complete_memo memo;
};

static int person_row(void *ctx, struct rows *r, const struct rows_row *row)
{
	struct person_query *pq = ctx;
	const char *who = rows_get(row, pq->field);
	struct buf path = BUF_INIT;
	if (!who || strcmp(who, pq->person) != 0 || !row_visible(pq->v, row))
		return 0;
	if (pq->complete_only && !row_complete(&pq->rubrics, &pq->memo, pq->s, row))
		return 0;
	rows_path(&path, row);
	vec_push(pq->found, item_of(pq->s, path.ptr, records_row_whole(pq->s, r, row)));
	buf_release(&path);
	return 0;
}

/* The term's observations whose `field` names person that the viewer may see, as obs_items, newest first;
 * complete_only: those that count toward a quota. */
static int person_items(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *field,
			const char *person, int complete_only, struct jy_err *err)
{
	const struct type_def *ot = schema_type("observation");
	struct vec items = VEC_INIT(store_item_free), found = VEC_INIT(NULL);
	struct buf where = BUF_INIT;
	struct store_query q = { 0 };
	struct person_query pq = { s, v, field, person, complete_only, &found, VEC_INIT(rubric_free_item), COMPLETE_MEMO_INIT };
	const char *w[2];
	char t[12];
	int rc = pick_term(t, s, term, err);
	if (rc)
		goto cleanup;
	if (!person || !id_component_valid(person)) {
		rc = err_set(err, JY_ENOTFOUND, L("没有人员「%s」", "no person \"%s\""), person ? person : "");
		goto cleanup;
	}
	if (each_term_row(s, t, person_row, &pq) == 0)
		goto sort;
	for (size_t i = 0; i < found.len; i++)
		obs_item_free(found.items[i]); /* the index failed part way: the store's records instead */
	found.len = 0;
	buf_printf(&where, "%s=%s", field, person);
	w[0] = where.ptr;
	w[1] = NULL;
	q.type = "observation";
	q.term = t;
	q.where = w;
	if ((rc = store_list(&items, s, &q, NULL, err)))
		goto cleanup;
	for (size_t i = 0; i < items.len; i++) {
		struct store_item *it = items.items[i];
		if (!viewer_sees(v, ot, it->rec))
			continue;
		if (complete_only) {
			const struct record *rubric = cached_rubric(&pq.rubrics, s, get(it->rec, "observation", "rubric"),
								    get(it->rec, "observation", "rubric_version"));
			if (!obs_complete(it->rec, rubric, NULL))
				continue;
		}
		vec_push(&found, item_of(s, it->path, it->rec));
		it->rec = NULL;
	}
sort:
	vec_sort(&found, item_newest_cmp);
	for (size_t i = 0; i < found.len; i++)
		vec_push(out, found.items[i]);
cleanup:
	vec_free(&found);
	vec_free(&items);
	vec_free(&pq.rubrics);
	complete_memo_release(&pq.memo);
	buf_release(&where);
	return rc;
}

int obs_inbox(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *teacher,
	      struct jy_err *err)
{
	return person_items(out, s, v, term, "teacher", teacher, 0, err);
}

int obs_mine(struct vec *out, struct store *s, struct viewer *v, const char *term, const char *observer,
	     struct jy_err *err)
{
	return person_items(out, s, v, term, "observer", observer, 0, err);
}

int obs_unreplied(size_t *out, struct store *s, const char *term, const char *teacher, struct jy_err *err)
{
	struct vec items = VEC_INIT(obs_item_free);
	size_t n = 0;
	int rc = obs_inbox(&items, s, NULL, term, teacher, err);
	for (size_t i = 0; rc == 0 && i < items.len; i++)
		n += !((const struct obs_item *)items.items[i])->replied;
	if (rc == 0)
		*out = n;
	vec_free(&items);
	return rc;
}

int obs_progress(struct obs_progress *out, struct store *s, const char *term, const char *person,
		 struct jy_err *err)
{
	struct vec items = VEC_INIT(obs_item_free);
	struct record *group = NULL, *p = NULL;
	int rc = roster_person(&p, s, person ? person : "", err);
	if (rc == 0)
		rc = person_items(&items, s, NULL, term, "observer", person, 1, err);
	if (rc)
		goto cleanup;
	if (store_read(&group, s, "group.ini", NULL) != 0)
		group = NULL;
	out->done = items.len;
	out->quota = quota_of(group, p);
	out->due_week = due_week_of(group);
cleanup:
	vec_free(&items);
	record_free(group);
	record_free(p);
	return rc;
}

/* --- one read of the term for several numbers (概览) --- */

struct obs_term {
	struct term_data d;
	struct store *s;
	struct viewer *v;
};

int obs_term_load(struct obs_term **out, struct store *s, struct viewer *v, const char *term, const char *person,
		  const struct vec *people, struct jy_err *err)
{
	struct obs_term *t = xcalloc(1, sizeof(*t));
	int rc = load_term(&t->d, s, v, term, person, people, 1, err);
	t->s = s;
	t->v = v;
	if (rc) {
		obs_term_free(t);
		return rc;
	}
	*out = t;
	return 0;
}

int obs_term_summed(const struct obs_term *t)
{
	return t->d.summed;
}

void obs_term_free(struct obs_term *t)
{
	if (!t)
		return;
	term_data_release(&t->d);
	free(t);
}

int obs_term_stats(struct obs_stats **out, struct obs_term *t, struct jy_err *err)
{
	return stats_of(out, &t->d, t->s, NULL, 0, err);
}

int obs_term_uncovered_team(struct vec *out, struct obs_term *t, const struct actor *a, struct jy_err *err)
{
	if (!a)
		return err_set(err, JY_EINVAL, "obs_term_uncovered_team: no actor");
	return uncovered_of(out, &t->d, t->v, NULL, in_team, a, err);
}

/* The person's items of one list, moved to out. */
static int take_items(struct vec *out, struct vec *from, const struct term_data *d, struct jy_err *err)
{
	if (!d->person_ok)
		return err_set(err, JY_ENOTFOUND, L("没有人员「%s」", "no person \"%s\""), d->person ? d->person : "");
	for (size_t i = 0; i < from->len; i++)
		vec_push(out, from->items[i]);
	from->len = 0;
	return 0;
}

int obs_term_inbox(struct vec *out, struct obs_term *t, struct jy_err *err)
{
	return take_items(out, &t->d.inbox, &t->d, err);
}

int obs_term_mine(struct vec *out, struct obs_term *t, struct jy_err *err)
{
	return take_items(out, &t->d.mine, &t->d, err);
}

int obs_term_progress(struct obs_progress *out, struct obs_term *t, struct jy_err *err)
{
	struct record *p = NULL;
	int rc = roster_person(&p, t->s, t->d.person ? t->d.person : "", err);
	if (rc == 0 && !t->d.person_ok)
		rc = err_set(err, JY_ENOTFOUND, L("没有人员「%s」", "no person \"%s\""), t->d.person ? t->d.person : "");
	if (rc == 0) {
		out->done = t->d.done;
		out->quota = quota_of(t->d.group, p);
		out->due_week = due_week_of(t->d.group);
	}
	record_free(p);
	return rc;
}

/* --- the observed teacher's reply --- */

int obs_may_reply(struct store *s, const struct actor *a, const struct record *obs, struct jy_err *err)
{
	struct record *next = record_dup(obs);
	record_set(next, "response", "text", "?");
	int rc = records_permit(s, a, schema_type("observation"), obs, next, err);
	record_free(next);
	return rc;
}

int obs_respond(struct store *s, const struct actor *a, const char *path, const char *text, struct jy_err *err)
{
	const struct type_def *t = schema_type_of_path(path);
	struct record *prev = NULL, *next = NULL;
	struct buf name = BUF_INIT;
	char at[17];
	int rc = actor_can_write(a, err);
	if (rc)
		goto cleanup;
	if (!t || strcmp(t->name, "observation") != 0) {
		rc = err_set(err, JY_EINVAL, L("%s 不是听课记录", "%s is not an observation"), path);
		goto cleanup;
	}
	if ((rc = store_read(&prev, s, path, err)))
		goto cleanup;
	if (!text || !text[strspn(text, " \t\n")]) {
		rc = err_set(err, JY_EINVAL, L("回复内容不能为空", "the reply is empty"));
		goto cleanup;
	}
	next = record_dup(prev);
	record_set(next, "response", "text", text);
	id_datetime(at, id_now());
	record_set(next, "response", "at", at);
	rc = records_update(s, a, path, next, L("回复", "reply to "), err);
cleanup:
	record_free(prev);
	record_free(next);
	buf_release(&name);
	return rc;
}

/* --- the rules of observation records (typeops.h) --- */

/* Kinds that are scored against the rubric; the others are written up in words. */
static int scored_kind(const char *kind)
{
	static const char *const scored[] = { "supervise", "peer", "leader", "open", "demo", NULL };
	for (size_t i = 0; scored[i]; i++)
		if (strcmp(kind, scored[i]) == 0)
			return 1;
	return 0;
}

static int record_has(const void *r, const char *section, const char *key)
{
	return *get(r, section, key) != '\0';
}

int obs_complete(const struct record *r, const struct record *rubric, struct buf *why)
{
	return complete_by(get(r, "observation", "kind"), rubric, record_has, r, why);
}

/* The rule of obs_complete over any source of fields: has(ctx, section, key) when the field holds a value. */
static int complete_by(const char *kind, const struct record *rubric, int (*has)(const void *ctx, const char *section, const char *key),
		       const void *ctx, struct buf *why)
{
	if (scored_kind(kind)) {
		size_t n = rubric ? rubric_indicator_count(rubric) : 0;
		if (!rubric) {
			if (why)
				buf_puts(why, L("读不到它的评价量表，无法判断是否评分完整", "its rubric cannot be read"));
			return 0;
		}
		for (size_t i = 0; i < n; i++) {
			struct rubric_indicator ind;
			rubric_indicator(rubric, i, &ind);
			if (!has(ctx, "score", ind.id)) {
				if (why)
					buf_printf(why,
						   L("评分类听课须对每项指标评分：「%s」(score.%s) 还没有评分",
						     "a scored observation needs every indicator: \"%s\" (score.%s) is not scored"),
						   ind.name, ind.id);
				return 0;
			}
		}
		return 1;
	}
	if (has(ctx, "text", "strengths") || has(ctx, "text", "problems") || has(ctx, "text", "suggestions"))
		return 1;
	if (why)
		buf_puts(why, L("集体备课和衔接检查至少要写主要优点、存在问题、改进建议中的一项",
				"lesson preparation and articulation inspection need at least one of strengths, problems, suggestions"));
	return 0;
}

static int obs_derive(struct store *s, struct record *r, struct jy_err *err)
{
	struct record *group = NULL, *rubric = NULL;
	const char *rid = record_get(r, "observation", "rubric");
	const char *ver = record_get(r, "observation", "rubric_version");
	int rc = 0;
	if (!rid || !*rid) {
		rc = store_read(&group, s, "group.ini", err);
		if (rc)
			goto cleanup;
		rid = record_get(group, "group", "rubric");
		ver = NULL;
		if (!rid) {
			rc = err_set(err, JY_EINVAL, L("集团设置 group.ini 没有指定评价量表 (group.rubric)",
						       "group.ini names no rubric (group.rubric)"));
			goto cleanup;
		}
	}
	if (!id_component_valid(rid)) {
		rc = err_set(err, JY_EINVAL, L("字段「评价量表」(observation.rubric)：「%s」无效", "field observation.rubric: \"%s\" is invalid"), rid);
		goto cleanup;
	}
	rc = rubric_load(&rubric, s, rid, ver ? atol(ver) : 0, err);
	if (rc == 0)
		rc = rubric_score(r, rubric, err);
cleanup:
	record_free(group);
	record_free(rubric);
	return rc;
}

static void date_noon(struct tm *tm, const char *date)
{
	memset(tm, 0, sizeof(*tm));
	tm->tm_year = atoi(date) - 1900;
	tm->tm_mon = atoi(date + 5) - 1;
	tm->tm_mday = atoi(date + 8);
	tm->tm_hour = 12;
}

static int obs_complete_new(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	char buf[32];
	(void)s, (void)err;
	if (!record_get(r, "observation", "date")) {
		id_date(buf, id_now());
		record_set(r, "observation", "date", buf);
	}
	const char *date = record_get(r, "observation", "date");
	if (!record_get(r, "observation", "term") && id_date_valid(date)) {
		struct tm tm;
		date_noon(&tm, date);
		id_term_of(buf, timegm(&tm));
		record_set(r, "observation", "term", buf);
	}
	if (!record_get(r, "observation", "observer") && a && a->id)
		record_set(r, "observation", "observer", a->id);
	if (!record_get(r, "observation", "school") && a && a->school)
		record_set(r, "observation", "school", a->school);
	if (!record_get(r, "observation", "announced"))
		record_set(r, "observation", "announced", "yes");
	return 0;
}

static void problem(struct vec *problems, const char *msg)
{
	vec_push_str(problems, msg);
}

/*
 * The rubric (id, version) as of the store's snapshot, kept for the next call: `check` validates
 * every observation, nearly all against the same rubric. The snapshot's commit id fixes the
 * rubric's content, so a kept one is reused only for the same commit. Borrowed; NULL when absent.
 */
static const struct record *snapshot_rubric(struct store *s, const char *rid, long version)
{
	static char at[41], *kept_id;
	static long kept_version;
	static struct record *kept;
	char head[41];
	if (!*rid || !id_component_valid(rid))
		return NULL;
	store_head(s, head);
	if (kept && *head && strcmp(at, head) == 0 && strcmp(kept_id, rid) == 0 && kept_version == version)
		return kept;
	record_free(kept);
	free(kept_id);
	kept = NULL;
	kept_id = xstrdup(rid);
	kept_version = version;
	memcpy(at, head, sizeof(at));
	if (rubric_load(&kept, s, rid, version, NULL) != 0)
		kept = NULL;
	return kept;
}

static void obs_validate(struct store *s, const struct record *r, struct vec *problems)
{
	struct jy_err e = JY_ERR_INIT;
	const char *date = get(r, "observation", "date"), *term = get(r, "observation", "term");
	if (id_date_valid(date) && id_term_valid(term)) {
		struct tm tm;
		char of[12], today[11];
		date_noon(&tm, date);
		id_term_of(of, timegm(&tm));
		if (strcmp(of, term) != 0) {
			err_set(&e, JY_EINVAL, L("字段「日期」(observation.date)：%s 属于学期 %s，不在学期 %s 内",
						 "field \"date\" (observation.date): %s is in term %s, not %s"),
				date, of, term);
			problem(problems, e.msg);
		}
		id_date(today, id_now());
		if (strcmp(date, today) > 0) {
			err_set(&e, JY_EINVAL, L("字段「日期」(observation.date)：%s 在今天（%s）之后，不能记录还没上的课",
						 "field \"date\" (observation.date): %s is after today (%s)"),
				date, today);
			problem(problems, e.msg);
		}
	}
	const char *students = get(r, "observation", "students"), *late = get(r, "observation", "late");
	if (*students && *late && atol(late) > atol(students)) {
		err_set(&e, JY_EINVAL, L("字段「迟到人数」(observation.late)：不能多于实到人数 %s",
					 "field \"late\" (observation.late): more than the %s students present"),
			students);
		problem(problems, e.msg);
	}
	const char *observer = get(r, "observation", "observer"), *teacher = get(r, "observation", "teacher");
	if (*observer && strcmp(observer, teacher) == 0)
		problem(problems, L("字段「听课人」(observation.observer)：不能听自己的课（听课人与授课教师相同）",
				    "field \"observer\" (observation.observer): nobody observes their own lesson"));
	const char *rid = get(r, "observation", "rubric");
	struct buf why = BUF_INIT;
	if (!obs_complete(r, snapshot_rubric(s, rid, atol(get(r, "observation", "rubric_version"))), &why))
		problem(problems, why.ptr);
	buf_release(&why);
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* 1 when prev and next differ outside the named section. */
static int changed_outside(const struct record *prev, const struct record *next, const char *section)
{
	const struct record *rs[2] = { prev, next };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < record_section_count(rs[k]); i++) {
			const char *sec = record_section(rs[k], i);
			if (strcmp(sec, section) == 0)
				continue;
			for (size_t j = 0; j < record_key_count(rs[k], i); j++)
				if (!same(record_value(rs[k], i, j), record_get(rs[1 - k], sec, record_key(rs[k], i, j))))
					return 1;
		}
	return 0;
}

/* 1 when the named section differs between prev (NULL: absent) and next. */
static int section_changed(const struct record *prev, const struct record *next, const char *section)
{
	const struct record *rs[2] = { prev, next };
	for (int k = 0; k < 2; k++) {
		long i = rs[k] ? record_section_index(rs[k], section) : -1;
		for (size_t j = 0; i >= 0 && j < record_key_count(rs[k], (size_t)i); j++) {
			const char *other = rs[1 - k] ? record_get(rs[1 - k], section, record_key(rs[k], (size_t)i, j)) : NULL;
			if (!same(record_value(rs[k], (size_t)i, j), other))
				return 1;
		}
	}
	return 0;
}

static int obs_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
		      struct jy_err *err)
{
	const struct record *r = next ? next : prev;
	const char *observer = get(r, "observation", "observer"), *teacher = get(r, "observation", "teacher");
	/* The reply is the teacher's own voice: nobody, no admin either, writes it for them. */
	if (next && (!a->id || strcmp(a->id, teacher) != 0) && section_changed(prev, next, "response")) {
		struct buf name = BUF_INIT;
		records_name(&name, s, "person", teacher);
		err_set(err, JY_EPERM, L("只有被听课的授课教师（%s）可以回复这条听课记录", "only the observed teacher (%s) may reply to this observation"),
			name.ptr);
		buf_release(&name);
		return JY_EPERM;
	}
	if (prev && next && !same(get(prev, "observation", "observer"), observer))
		return err_set(err, JY_EPERM, "%s", L("不能更改听课记录的听课人", "the observer of an observation cannot be changed"));
	/* Admins look after their own school's records (the lead college's, everyone's). */
	if (typeops_admin_of(a, get(r, "observation", "school")) &&
	    (!prev || typeops_admin_of(a, get(prev, "observation", "school"))))
		return 0;
	if (a->id && strcmp(observer, a->id) == 0)
		return 0;
	if (prev && next && a->id && strcmp(get(prev, "observation", "teacher"), a->id) == 0 &&
	    !changed_outside(prev, next, "response"))
		return 0;
	return err_set(err, JY_EPERM, "%s",
		       L("只能以自己的身份记录听课，或修改自己的听课记录（授课教师只能填写回复；本校管理员除外）",
			 "you may only log observations as yourself and edit your own (the observed teacher may only reply; admins of the school excepted)"));
}

static void obs_describe(struct buf *out, struct store *s, const struct record *r)
{
	records_name(out, s, "person", record_get(r, "observation", "observer"));
	buf_puts(out, L(" 听 ", " observed "));
	records_name(out, s, "person", record_get(r, "observation", "teacher"));
	buf_printf(out, L("《%s》", " \"%s\""), get(r, "observation", "course"));
}

/* The privacy rule of observations ([privacy] observations), on the three fields it reads ("" when unset). */
static int visible_by(struct viewer *v, const char *teacher, const char *observer, const char *school)
{
	const struct actor *a = v->actor;
	const char *seen = school_seen(v);
	if (v->observations == PRIVACY_GROUP)
		return 1;
	if (a->id && (strcmp(a->id, teacher) == 0 || strcmp(a->id, observer) == 0))
		return 1;
	if (seen && strcmp(seen, school) == 0)
		return 1;
	/* A specialty lead follows the specialty across the member schools. */
	if (v->leads.len) {
		const struct record *p = viewer_person(v, teacher);
		for (size_t i = 0; p && i < v->leads.len; i++)
			if (has_item(get(p, "person", "specialties"), v->leads.items[i]))
				return 1;
	}
	return 0;
}

static int obs_visible(struct viewer *v, const struct record *r)
{
	return visible_by(v, get(r, "observation", "teacher"), get(r, "observation", "observer"),
			  get(r, "observation", "school"));
}

const struct type_ops observation_type_ops = {
	.type = "observation",
	.complete = obs_complete_new,
	.derive = obs_derive,
	.validate = obs_validate,
	.permit = obs_permit,
	.describe = obs_describe,
	.visible = obs_visible,
	.row = obs_row,
	.aggregate = obs_aggregate,
};
