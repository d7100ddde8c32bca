/* plan: the filing workflow — rows, CSV, submit, review, reopen — and the status and inbox views of it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/csv.h"
#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/rules.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"
#include "jiaoyan/typeops.h"

/* ---- states ---- */

static const char *const state_values[] = { NULL, "draft", "submitted", "approved", "returned" };

int plan_state_of(const char *stored)
{
	for (int i = PLAN_DRAFT; stored && i <= PLAN_RETURNED; i++)
		if (strcmp(stored, state_values[i]) == 0)
			return i;
	return PLAN_MISSING;
}

const char *plan_state_label(int state)
{
	switch (state) {
	case PLAN_DRAFT:
		return L("草稿", "draft");
	case PLAN_SUBMITTED:
		return L("待审核", "submitted");
	case PLAN_APPROVED:
		return L("已通过", "approved");
	case PLAN_RETURNED:
		return L("需整改", "returned");
	default:
		return L("未提交", "not filed");
	}
}

static const struct type_def *plan_type(void)
{
	return schema_type("plan");
}

/* ---- small readers ---- */

/* N of "prefix.N" (N a positive integer without leading zero), else 0. */
static size_t section_n(const char *sec, const char *prefix)
{
	size_t n = strlen(prefix);
	if (strncmp(sec, prefix, n) != 0 || sec[n] != '.' || !sec[n + 1] || sec[n + 1] == '0')
		return 0;
	char *end;
	unsigned long v = strtoul(sec + n + 1, &end, 10);
	return *end ? 0 : (size_t)v;
}

static int size_cmp(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

/* The N of every [course.N], ascending; *n gets the count. Owned array (may be NULL when none). */
static size_t *row_numbers(const struct record *r, size_t *n)
{
	size_t cap = record_section_count(r), k = 0;
	size_t *out = xcalloc(cap ? cap : 1, sizeof(size_t));
	for (size_t i = 0; i < cap; i++) {
		size_t v = section_n(record_section(r, i), "course");
		if (v)
			out[k++] = v;
	}
	qsort(out, k, sizeof(size_t), size_cmp);
	*n = k;
	return out;
}

static size_t max_section(const struct record *r, const char *prefix)
{
	size_t max = 0;
	for (size_t i = 0; i < record_section_count(r); i++) {
		size_t v = section_n(record_section(r, i), prefix);
		if (v > max)
			max = v;
	}
	return max;
}

/* A record's name (schools/<id>.ini → 清源山中等职业学校), or the id itself. */
static void name_of(struct buf *out, struct store *s, const char *dir, const char *main, const char *id)
{
	struct record *r = NULL;
	struct buf path = BUF_INIT;
	const char *name = NULL;
	if (id && id_component_valid(id)) {
		buf_printf(&path, "%s/%s.ini", dir, id);
		if (store_read(&r, s, path.ptr, NULL) == 0)
			name = record_get(r, main, "name");
	}
	buf_puts(out, name ? name : id ? id : "");
	record_free(r);
	buf_release(&path);
}

static void read_group(struct record **out, struct store *s)
{
	*out = NULL;
	if (store_read(out, s, "group.ini", NULL) != 0)
		*out = NULL;
}

/* ---- ids and paths ---- */

int plan_path(struct buf *out, const char *id, struct jy_err *err)
{
	struct vec parts = VEC_INIT(free);
	const char *spec = id ? id : "";
	int rc = 0;
	if (strncmp(spec, "plan/", 5) == 0)
		spec += 5;
	if (strncmp(spec, "plans/", 6) == 0) {
		size_t n = strlen(spec);
		if (n > 4 && strcmp(spec + n - 4, ".ini") == 0) {
			struct buf inner = BUF_INIT;
			buf_add(&inner, spec + 6, n - 10);
			vec_split(&parts, inner.ptr, '/');
			buf_release(&inner);
		}
	} else {
		vec_split(&parts, spec, '/');
	}
	if (parts.len != 3 || !id_term_valid(parts.items[0]) || !id_component_valid(parts.items[1]) ||
	    !id_component_valid(parts.items[2])) {
		rc = err_set(err, JY_EUSAGE,
			     L("「%s」不是授课计划编号，应为 学期/学校/专业（如 2026-2027-2/s01/530701）",
			       "\"%s\" is not a plan id; use TERM/SCHOOL/SPECIALTY (e.g. 2026-2027-2/s01/530701)"),
			     spec);
		goto cleanup;
	}
	buf_printf(out, "plans/%s/%s/%s.ini", (char *)parts.items[0], (char *)parts.items[1], (char *)parts.items[2]);
cleanup:
	vec_free(&parts);
	return rc;
}

static int not_filed(struct jy_err *err, const char *id)
{
	err_set(err, JY_ENOTFOUND, L("没有授课计划「%s」", "no plan \"%s\""), id);
	return err_hint(err, "plan-new", id);
}

int plan_load(struct record **out, struct buf *path_out, struct store *s, const char *id, struct jy_err *err)
{
	struct buf path = BUF_INIT;
	int rc = plan_path(&path, id, err);
	if (rc == 0) {
		rc = store_read(out, s, path.ptr, err);
		if (rc == JY_ENOTFOUND)
			not_filed(err, id);
	}
	if (rc == 0 && path_out)
		buf_puts(path_out, path.ptr);
	buf_release(&path);
	return rc;
}

static long revision_of(const struct record *plan)
{
	const char *v = record_get(plan, "plan", "revision");
	return v ? atol(v) : 0;
}

/* ---- one transaction per action ---- */

struct edit {
	struct store_txn *txn;
	struct record *prev; /* the filing as of the transaction's base */
	struct record *next; /* what we make of it */
	struct buf path;
};

#define EDIT_INIT { NULL, NULL, NULL, BUF_INIT }

static int edit_begin(struct edit *e, struct store *s, const char *id, struct jy_err *err)
{
	/* Decide on the newest state another process may have committed, not on our snapshot. */
	int rc = store_refresh(s, err);
	if (rc == 0)
		rc = plan_path(&e->path, id, err);
	if (rc == 0)
		rc = store_txn_begin(&e->txn, s, err);
	if (rc == 0) {
		rc = store_txn_read(&e->prev, e->txn, e->path.ptr, err);
		if (rc == JY_ENOTFOUND)
			not_filed(err, id);
	}
	if (rc == 0)
		e->next = record_dup(e->prev);
	return rc;
}

static void edit_end(struct edit *e)
{
	store_txn_free(e->txn);
	record_free(e->prev);
	record_free(e->next);
	buf_release(&e->path);
}

static int join_problems(struct jy_err *err, const struct vec *problems)
{
	struct buf msg = BUF_INIT;
	for (size_t i = 0; i < problems->len; i++)
		buf_printf(&msg, "%s%s", i ? "\n" : "", (const char *)problems->items[i]);
	int rc = err_set(err, JY_EINVAL, "%s", msg.ptr);
	buf_release(&msg);
	return rc;
}

/*
 * Validates and commits e->next. refs: also check that every referenced
 * record exists — for edits of rows; workflow steps skip it so that a filing
 * whose teacher has since left the roster can still be reviewed (the
 * compliance check reports that teacher).
 */
static int edit_commit(struct edit *e, struct store *s, const struct actor *a, const char *verb, const char *suffix,
		       int refs, struct jy_err *err)
{
	const struct type_def *t = plan_type();
	struct record *canon = schema_canonical(t, e->next);
	struct vec problems = VEC_INIT(free);
	struct buf msg = BUF_INIT;
	struct store_sig sig;
	int rc = 0;
	if (refs) {
		rc = records_validate(s, t, canon, err);
	} else if (schema_validate_all(t, canon, &problems)) {
		rc = join_problems(err, &problems);
	}
	if (rc || record_equal(e->prev, canon) || (rc = plan_permit(s, a, e->prev, canon, err)))
		goto cleanup;
	if ((rc = store_txn_put(e->txn, e->path.ptr, canon, err)))
		goto cleanup;
	records_message(&msg, s, t, canon, verb);
	if (suffix)
		buf_puts(&msg, suffix);
	actor_sig(a, &sig);
	rc = store_txn_commit(e->txn, &sig, msg.ptr, NULL, err);
cleanup:
	record_free(canon);
	vec_free(&problems);
	buf_release(&msg);
	return rc;
}

/* ---- cells ---- */

/* The course columns: key, CSV header, and whether a new row needs it. */
struct column {
	const char *key;
	const char *header;
	int required;
};

static const struct column columns[] = {
	{ "name", "课程名称", 1 },   { "category", "课程类别", 1 }, { "hours", "总学时", 1 },
	{ "theory", "理论学时", 0 }, { "practice", "实践学时", 0 }, { "credits", "学分", 0 },
	{ "weeks", "周数", 0 },      { "teacher", "任课教师", 0 },  { "elective", "是否选修", 0 },
	{ "note", "备注", 0 },
};
#define NCOLUMNS (sizeof(columns) / sizeof(columns[0]))
/* The documented CSV layout is the first nine; 备注 is accepted and written only when used. */
#define NDOCUMENTED 9

static const struct column *column_by_key(const char *key)
{
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (strcmp(columns[i].key, key) == 0 || strcmp(columns[i].header, key) == 0)
			return &columns[i];
	return NULL;
}

/* Drops ASCII white space and U+3000 (the full-width space Chinese IMEs type) at both ends. */
static void trimmed(struct buf *out, const char *s)
{
	size_t n;
	const char *p = text_trim(s, &n);
	buf_add(out, p, n);
}

/* People and the lead college, read once per import rather than once per cell. */
struct roster_cache {
	struct store *s;
	int loaded;
	struct vec people; /* struct store_item * */
	char *lead;
};

static void cache_release(struct roster_cache *c)
{
	vec_free(&c->people);
	free(c->lead);
}

static int cache_load(struct roster_cache *c, struct jy_err *err)
{
	if (c->loaded)
		return 0;
	struct store_query q = { .type = "person" };
	struct record *group = NULL;
	int rc = store_list(&c->people, c->s, &q, NULL, err);
	if (rc)
		return rc;
	read_group(&group, c->s);
	if (group && record_get(group, "group", "lead"))
		c->lead = xstrdup(record_get(group, "group", "lead"));
	record_free(group);
	c->loaded = 1;
	return 0;
}

/* Person ids of `school` whose name is `name`, appended (borrowed) to out. */
static void people_named(struct vec *out, const struct roster_cache *c, const char *school, const char *name)
{
	for (size_t i = 0; i < c->people.len; i++) {
		const struct store_item *it = c->people.items[i];
		const char *ps = record_get(it->rec, "person", "school"), *pn = record_get(it->rec, "person", "name");
		const char *pid = record_get(it->rec, "person", "id");
		if (ps && pn && pid && school && strcmp(ps, school) == 0 && strcmp(pn, name) == 0)
			vec_push(out, (void *)pid);
	}
}

static int person_exists(const struct roster_cache *c, const char *id)
{
	for (size_t i = 0; i < c->people.len; i++) {
		const char *pid = record_get(((const struct store_item *)c->people.items[i])->rec, "person", "id");
		if (pid && strcmp(pid, id) == 0)
			return 1;
	}
	return 0;
}

static int resolve_teacher(struct buf *out, struct roster_cache *c, const char *school, const char *input,
			   struct jy_err *err)
{
	struct vec found = VEC_INIT(NULL);
	int rc = cache_load(c, err);
	if (rc)
		goto cleanup;
	if (id_component_valid(input) && person_exists(c, input)) {
		buf_puts(out, input);
		goto cleanup;
	}
	/* The school's own teachers first; a lead-college teacher sent on exchange is the exception. */
	people_named(&found, c, school, input);
	if (!found.len && c->lead) {
		people_named(&found, c, c->lead, input);
		/* Only those with an exchange record to this school (the term's dates are the compliance check's). */
		for (size_t i = found.len; i-- > 0;)
			if (!exchange_hosts(c->s, found.items[i], school, NULL))
				vec_remove(&found, i);
	}
	if (found.len == 1) {
		buf_puts(out, found.items[0]);
	} else if (found.len > 1) {
		struct buf ids = BUF_INIT;
		for (size_t i = 0; i < found.len; i++)
			buf_printf(&ids, "%s%s", i ? L("、", ", ") : "", (char *)found.items[i]);
		rc = err_set(err, JY_EINVAL,
			     L("字段「任课教师」：「%s」有重名（%s），请改填工号", "field \"teacher\": \"%s\" is ambiguous (%s); give the person id"),
			     input, ids.ptr);
		buf_release(&ids);
	} else {
		rc = err_set(err, JY_EINVAL,
			     L("字段「任课教师」：名册中没有「%s」（学校 %s 的教师中没有，到该校互派的牵头学校教师中也没有）；请填姓名或工号",
			       "field \"teacher\": no \"%s\" in the roster of school %s (nor among the lead college's teachers on exchange there); give a name or person id"),
			     input, school ? school : "?");
	}
cleanup:
	vec_free(&found);
	return rc;
}

/* "2.50" → "2.5", "3.0" → "3": what Excel shows is not always what the schema stores. */
static void normalise_number(struct buf *v)
{
	char *dot = strchr(v->ptr, '.');
	if (!dot)
		return;
	for (const char *p = v->ptr; *p; p++)
		if ((*p < '0' || *p > '9') && *p != '.')
			return;
	while (v->len && v->ptr[v->len - 1] == '0' && v->ptr + v->len - 1 > dot)
		buf_truncate(v, v->len - 1);
	if (v->len && v->ptr[v->len - 1] == '.')
		buf_truncate(v, v->len - 1);
}

static int convert_cell(struct buf *stored, struct roster_cache *c, const char *school, const char *key,
			const char *input, struct jy_err *err)
{
	const struct column *col = column_by_key(key);
	const struct field_def *f = col ? schema_field(plan_type(), "course.1", col->key) : NULL;
	struct buf v = BUF_INIT;
	int rc = 0;
	if (!f) {
		struct buf keys = BUF_INIT;
		for (size_t i = 0; i < NCOLUMNS; i++)
			buf_printf(&keys, "%s%s", i ? " " : "", columns[i].key);
		rc = err_set(err, JY_EINVAL, L("课程行没有字段「%s」（可用：%s）", "a course row has no field \"%s\" (fields: %s)"), key,
			     keys.ptr);
		buf_release(&keys);
		goto cleanup;
	}
	key = col->key;
	/* What csv_put_text() did so that Excel shows a formula-like cell as text, undone. */
	if (input[0] == '\'' && strchr("=+-@", input[1]) && input[1])
		input++;
	if (strcmp(key, "name") == 0 || strcmp(key, "note") == 0) {
		/* Free text keeps its spaces. These fields hold one line: a line break typed into
		 * an Excel cell (Alt+Enter) becomes a space rather than a refused row. */
		for (const char *p = input; *p; p++)
			buf_putc(&v, *p == '\n' || *p == '\r' ? ' ' : *p);
	} else
		trimmed(&v, input);
	if (!v.len) {
		buf_reset(stored);
		goto cleanup;
	}
	if (strcmp(key, "name") == 0) {
		struct buf t = BUF_INIT;
		trimmed(&t, v.ptr);
		buf_set(&v, t.ptr);
		buf_release(&t);
	} else if (strcmp(key, "category") == 0) {
		/* 专业核心课程 and 专业核心课 are the same category: Excel sheets use both. */
		static const char suffix[] = "课程";
		if (v.len > strlen(suffix) && strcmp(v.ptr + v.len - strlen(suffix), suffix) == 0)
			buf_truncate(&v, v.len - strlen("程"));
		const char *p = schema_enum_parse(f, v.ptr);
		if (p) {
			size_t n = schema_enum_len(p);
			buf_reset(&v);
			buf_add(&v, p, n);
		}
	} else if (strcmp(key, "elective") == 0) {
		const char *s = v.ptr;
		if (!strcmp(s, "是") || !strcmp(s, "yes") || !strcmp(s, "Yes") || !strcmp(s, "YES") || !strcmp(s, "Y") ||
		    !strcmp(s, "y") || !strcmp(s, "选修"))
			buf_set(&v, "yes");
		else if (!strcmp(s, "否") || !strcmp(s, "no") || !strcmp(s, "No") || !strcmp(s, "NO") || !strcmp(s, "N") ||
			 !strcmp(s, "n") || !strcmp(s, "必修"))
			buf_set(&v, "no");
	} else if (strcmp(key, "teacher") == 0) {
		struct buf id = BUF_INIT;
		rc = resolve_teacher(&id, c, school, v.ptr, err);
		buf_set(&v, id.ptr);
		buf_release(&id);
		if (rc)
			goto cleanup;
	} else if (f->type == FT_NUMBER) {
		normalise_number(&v);
	}
	if ((rc = schema_check_value(f, "course", key, v.ptr, err)))
		goto cleanup;
	buf_set(stored, v.ptr);
cleanup:
	buf_release(&v);
	return rc;
}

int plan_cell(struct buf *stored, struct store *s, const char *school, const char *key, const char *input,
	      struct jy_err *err)
{
	struct roster_cache c = { s, 0, VEC_INIT(store_item_free), NULL };
	int rc = convert_cell(stored, &c, school, key, input, err);
	cache_release(&c);
	return rc;
}

/* ---- creating ---- */

int plan_new(struct buf *id_out, struct vec *notes, struct store *s, const struct actor *a, const char *term,
	     const char *school, const char *specialty, const char *from_term, struct jy_err *err)
{
	struct record *r = record_new(), *from = NULL;
	struct buf fromid = BUF_INIT, note = BUF_INIT;
	int rc = 0;
	if (!term || !id_term_valid(term)) {
		rc = err_set(err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N（如 2026-2027-2）", "invalid term \"%s\" (YYYY-YYYY-N, e.g. 2026-2027-2)"),
			     term ? term : "");
		goto cleanup;
	}
	if (from_term && (!id_term_valid(from_term) || strcmp(from_term, term) == 0)) {
		rc = err_set(err, JY_EINVAL, L("--from 学期「%s」无效（应为另一个 YYYY-YYYY-N 学期）", "--from term \"%s\" is invalid (another YYYY-YYYY-N term)"),
			     from_term);
		goto cleanup;
	}
	record_set(r, "plan", "term", term);
	record_set(r, "plan", "school", school ? school : "");
	record_set(r, "plan", "specialty", specialty ? specialty : "");
	record_set(r, "plan", "state", "draft");
	record_set(r, "plan", "revision", "0");
	/* Permission before anything is read on the actor's behalf: a refusal must not depend on other data. */
	if ((rc = plan_may(s, a, r, PLAN_ACT_CREATE, err)))
		goto cleanup;
	if ((rc = store_refresh(s, err)))
		goto cleanup;
	if (from_term) {
		buf_printf(&fromid, "%s/%s/%s", from_term, school, specialty);
		if ((rc = plan_load(&from, NULL, s, fromid.ptr, err))) {
			if (rc == JY_ENOTFOUND)
				err_set(err, rc, L("没有可复制的授课计划 %s（--from %s）", "no plan %s to copy (--from %s)"), fromid.ptr,
					from_term);
			goto cleanup;
		}
		size_t n = 0, *rows = row_numbers(from, &n);
		for (size_t i = 0; i < n; i++) {
			struct buf src = BUF_INIT, dst = BUF_INIT;
			buf_printf(&src, "course.%zu", rows[i]);
			buf_printf(&dst, "course.%zu", i + 1);
			long at = record_section_index(from, src.ptr);
			for (size_t j = 0; at >= 0 && j < record_key_count(from, (size_t)at); j++) {
				const char *k = record_key(from, (size_t)at, j), *v = record_value(from, (size_t)at, j);
				if (strcmp(k, "teacher") == 0 && !records_exists(s, "person", v)) {
					buf_reset(&note);
					buf_printf(&note, L("第 %zu 行《%s》：原任课教师「%s」已不在名册中，已留空",
							    "row %zu \"%s\": former teacher \"%s\" is no longer in the roster; left blank"),
						   i + 1, record_get(from, src.ptr, "name") ? record_get(from, src.ptr, "name") : "", v);
					if (notes)
						vec_push_str(notes, note.ptr);
					continue;
				}
				record_set(r, dst.ptr, k, v);
			}
			buf_release(&src);
			buf_release(&dst);
		}
		free(rows);
	}
	rc = records_add(id_out, s, a, plan_type(), r, err);
cleanup:
	record_free(r);
	record_free(from);
	buf_release(&fromid);
	buf_release(&note);
	return rc;
}

/* ---- rows ---- */

/*
 * A copy of plan whose course rows are those of src listed in order (their
 * N in src), renumbered 1..n; every other section is kept as it is.
 */
static struct record *with_rows(const struct record *plan, const struct record *src, const size_t *order, size_t n)
{
	struct record *out = record_new();
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		if (section_n(sec, "course"))
			continue;
		for (size_t j = 0; j < record_key_count(plan, i); j++)
			record_set(out, sec, record_key(plan, i, j), record_value(plan, i, j));
	}
	for (size_t k = 0; k < n; k++) {
		struct buf from = BUF_INIT, to = BUF_INIT;
		buf_printf(&from, "course.%zu", order[k]);
		buf_printf(&to, "course.%zu", k + 1);
		long at = record_section_index(src, from.ptr);
		for (size_t j = 0; at >= 0 && j < record_key_count(src, (size_t)at); j++)
			record_set(out, to.ptr, record_key(src, (size_t)at, j), record_value(src, (size_t)at, j));
		buf_release(&from);
		buf_release(&to);
	}
	return out;
}

static int no_row(struct jy_err *err, size_t row, size_t n)
{
	return err_set(err, JY_EINVAL, L("没有第 %zu 行（这份授课计划有 %zu 行课程）", "there is no row %zu (the plan has %zu course rows)"), row,
		       n);
}

static int row_exists(const struct record *plan, size_t row)
{
	struct buf sec = BUF_INIT;
	buf_printf(&sec, "course.%zu", row);
	int yes = row > 0 && record_has_section(plan, sec.ptr);
	buf_release(&sec);
	return yes;
}

/* Applies "key=value" assignments to [course.row] of e->next. */
static int assign_row(struct record *plan, struct store *s, size_t row, const char *const *assignments, size_t n,
		      struct jy_err *err)
{
	struct roster_cache c = { s, 0, VEC_INIT(store_item_free), NULL };
	struct buf sec = BUF_INIT, key = BUF_INIT, val = BUF_INIT;
	const char *school = record_get(plan, "plan", "school");
	int rc = 0;
	buf_printf(&sec, "course.%zu", row);
	for (size_t i = 0; i < n && rc == 0; i++) {
		const char *eq = strchr(assignments[i], '=');
		if (!eq || eq == assignments[i]) {
			rc = err_set(err, JY_EUSAGE, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), assignments[i]);
			break;
		}
		buf_reset(&key);
		buf_add(&key, assignments[i], (size_t)(eq - assignments[i]));
		buf_reset(&val);
		if ((rc = convert_cell(&val, &c, school, key.ptr, eq + 1, err)))
			break;
		const struct column *col = column_by_key(key.ptr);
		if (val.len)
			record_set(plan, sec.ptr, col->key, val.ptr);
		else
			record_unset(plan, sec.ptr, col->key);
	}
	cache_release(&c);
	buf_release(&sec);
	buf_release(&key);
	buf_release(&val);
	return rc;
}

int plan_course_add(size_t *row_out, struct store *s, const struct actor *a, const char *id,
		    const char *const *assignments, size_t n, struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	struct buf sec = BUF_INIT;
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_EDIT, err)))
		goto cleanup;
	size_t row = max_section(e.prev, "course") + 1;
	if ((rc = assign_row(e.next, s, row, assignments, n, err)))
		goto cleanup;
	buf_printf(&sec, "course.%zu", row);
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (columns[i].required && !record_get(e.next, sec.ptr, columns[i].key)) {
			rc = err_set(err, JY_EINVAL, L("新课程行需要「%s」(%s=…)；至少给出 name、category、hours",
						       "a new course row needs \"%s\" (%s=…); give at least name, category, hours"),
				     columns[i].header, columns[i].key);
			goto cleanup;
		}
	if ((rc = edit_commit(&e, s, a, L("修改", "edit "), NULL, 1, err)))
		goto cleanup;
	if (row_out)
		*row_out = row;
cleanup:
	buf_release(&sec);
	edit_end(&e);
	return rc;
}

int plan_course_set(struct store *s, const struct actor *a, const char *id, size_t row,
		    const char *const *assignments, size_t n, struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_EDIT, err)))
		goto cleanup;
	if (!row_exists(e.prev, row)) {
		rc = no_row(err, row, max_section(e.prev, "course"));
		goto cleanup;
	}
	if ((rc = assign_row(e.next, s, row, assignments, n, err)) == 0)
		rc = edit_commit(&e, s, a, L("修改", "edit "), NULL, 1, err);
cleanup:
	edit_end(&e);
	return rc;
}

/* Reorders rows: remove `row` (to == 0) or move it to position `to`. */
static int reorder(struct store *s, const struct actor *a, const char *id, size_t row, size_t to, struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	size_t n = 0, *order = NULL;
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_EDIT, err)))
		goto cleanup;
	order = row_numbers(e.prev, &n);
	size_t at = n;
	for (size_t i = 0; i < n; i++)
		if (order[i] == row)
			at = i;
	if (at == n) {
		rc = no_row(err, row, n);
		goto cleanup;
	}
	if (to > n) {
		rc = no_row(err, to, n);
		goto cleanup;
	}
	size_t moving = order[at];
	memmove(order + at, order + at + 1, (n - at - 1) * sizeof(size_t));
	if (to) {
		memmove(order + to, order + to - 1, (n - to) * sizeof(size_t));
		order[to - 1] = moving;
	} else {
		n--;
	}
	record_free(e.next);
	e.next = with_rows(e.prev, e.prev, order, n);
	rc = edit_commit(&e, s, a, L("修改", "edit "), NULL, 1, err);
cleanup:
	free(order);
	edit_end(&e);
	return rc;
}

int plan_course_rm(struct store *s, const struct actor *a, const char *id, size_t row, struct jy_err *err)
{
	return reorder(s, a, id, row, 0, err);
}

int plan_course_move(struct store *s, const struct actor *a, const char *id, size_t row, size_t to,
		     struct jy_err *err)
{
	if (to == 0)
		return err_set(err, JY_EINVAL, L("行号从 1 开始", "rows are numbered from 1"));
	return reorder(s, a, id, row, to, err);
}

int plan_replace_rows(struct store *s, const struct actor *a, const char *id, const struct record *rows,
		      const char *verb, struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	size_t n = 0, *order = NULL;
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_EDIT, err)))
		goto cleanup;
	order = row_numbers(rows, &n);
	record_free(e.next);
	e.next = with_rows(e.prev, rows, order, n);
	rc = edit_commit(&e, s, a, verb ? verb : L("修改", "edit "), NULL, 1, err);
cleanup:
	free(order);
	edit_end(&e);
	return rc;
}

int plan_append_rows(struct store *s, const struct actor *a, const char *id, const struct record *rows, const char *verb,
		     struct jy_err *err)
{
	struct record *plan = NULL, *all = record_new();
	size_t n = 0, m = 0, *mine = NULL, *theirs = NULL;
	int rc = plan_load(&plan, NULL, s, id, err);
	if (rc)
		goto cleanup;
	mine = row_numbers(plan, &n);
	theirs = row_numbers(rows, &m);
	for (size_t k = 0; k < n + m; k++) {
		const struct record *src = k < n ? plan : rows;
		struct buf from = BUF_INIT, to = BUF_INIT;
		buf_printf(&from, "course.%zu", k < n ? mine[k] : theirs[k - n]);
		buf_printf(&to, "course.%zu", k + 1);
		long at = record_section_index(src, from.ptr);
		for (size_t j = 0; at >= 0 && j < record_key_count(src, (size_t)at); j++)
			record_set(all, to.ptr, record_key(src, (size_t)at, j), record_value(src, (size_t)at, j));
		buf_release(&from);
		buf_release(&to);
	}
	rc = plan_replace_rows(s, a, id, all, verb, err);
cleanup:
	free(mine);
	free(theirs);
	record_free(plan);
	record_free(all);
	return rc;
}

/* ---- CSV ---- */

static void problem(struct vec *problems, size_t line, const char *fmt, const char *a1, const char *a2)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, L("第 %zu 行：", "line %zu: "), line);
	buf_printf(&b, fmt, a1, a2);
	vec_push(problems, buf_detach(&b));
}

static void expected_header(struct buf *out)
{
	for (size_t i = 0; i < NDOCUMENTED; i++)
		buf_printf(out, "%s%s", i ? "," : "", columns[i].header);
}

/* The course rows of a parsed table (CSV or pasted cells): the first row is the header. */
static int table_rows(struct record **out, struct vec *problems, struct store *s, const char *school,
		      const struct vec *table, struct jy_err *err)
{
	struct buf cell = BUF_INIT, sec = BUF_INIT, hdr = BUF_INIT;
	struct vec found = VEC_INIT(free);
	const struct vec rows = *table;
	struct roster_cache c = { s, 0, VEC_INIT(store_item_free), NULL };
	struct record *r = record_new();
	const struct column **map = NULL;
	struct jy_err e = JY_ERR_INIT;
	size_t nrows = 0;
	int rc = 0;
	if (!rows.len) {
		rc = err_set(err, JY_EINVAL, L("文件是空的（第一行应为表头：%s）", "the file is empty (the first line is the header: %s)"),
			     "课程名称,课程类别,总学时,理论学时,实践学时,学分,周数,任课教师,是否选修");
		goto cleanup;
	}
	struct records_limits lim;
	records_limits(&lim, s);
	if (rows.len - 1 > lim.import_rows) {
		rc = err_set(err, JY_EINVAL,
			     L("表格有 %zu 行，超过一次导入的上限 %zu 行（group.ini [limits] import_rows）；未导入任何内容",
			       "the table has %zu rows, over the limit of %zu rows an import (group.ini [limits] import_rows); nothing was imported"),
			     rows.len - 1, lim.import_rows);
		goto cleanup;
	}
	const struct csv_row *head = rows.items[0];
	/* A column under 序号 is known and ignored; NULL marks a column with no header at all. */
	static const struct column ignored = { NULL, "序号", 0 };
	map = xcalloc(head->fields.len, sizeof(*map));
	int seen[NCOLUMNS] = { 0 };
	for (size_t k = 0; k < head->fields.len; k++) {
		buf_reset(&hdr);
		trimmed(&hdr, head->fields.items[k]);
		if (!hdr.len)
			continue;
		if (strcmp(hdr.ptr, ignored.header) == 0) {
			map[k] = &ignored;
			continue;
		}
		const struct column *col = NULL;
		for (size_t i = 0; i < NCOLUMNS; i++)
			if (strcmp(columns[i].header, hdr.ptr) == 0)
				col = &columns[i];
		if (!col) {
			struct buf want = BUF_INIT;
			expected_header(&want);
			problem(&found, head->line, L("未知的列「%s」（表头应为：%s）", "unknown column \"%s\" (the header is: %s)"), hdr.ptr,
				want.ptr);
			buf_release(&want);
			continue;
		}
		if (seen[col - columns]++) {
			problem(&found, head->line, L("列「%s」出现了两次%s", "column \"%s\" appears twice%s"), hdr.ptr, "");
			continue;
		}
		map[k] = col;
	}
	for (size_t i = 0; i < NCOLUMNS; i++)
		if (columns[i].required && !seen[i])
			problem(&found, head->line, L("缺少必需的列「%s」%s", "the required column \"%s\" is missing%s"), columns[i].header, "");
	if (found.len)
		goto report;
	for (size_t ri = 1; ri < rows.len; ri++) {
		const struct csv_row *row = rows.items[ri];
		int blank = 1;
		for (size_t k = 0; k < row->fields.len && blank; k++) {
			buf_reset(&cell);
			trimmed(&cell, row->fields.items[k]);
			blank = cell.len == 0;
		}
		if (blank)
			continue;
		buf_reset(&sec);
		buf_printf(&sec, "course.%zu", ++nrows);
		int bad[NCOLUMNS] = { 0 }; /* columns already reported for this row */
		for (size_t k = 0; k < row->fields.len; k++) {
			const char *raw = row->fields.items[k];
			if (k >= head->fields.len || !map[k]) {
				buf_reset(&cell);
				trimmed(&cell, raw);
				if (cell.len) {
					struct buf colno = BUF_INIT;
					buf_printf(&colno, "%zu", k + 1);
					problem(&found, row->line, L("第 %s 列「%s」上方没有表头，不知道是什么", "column %s holds \"%s\" under no header"),
						colno.ptr, cell.ptr);
					buf_release(&colno);
				}
				continue;
			}
			if (!map[k]->key)
				continue;
			buf_reset(&cell);
			if (convert_cell(&cell, &c, school, map[k]->key, raw, &e)) {
				problem(&found, row->line, L("「%s」列：%s", "column \"%s\": %s"), map[k]->header, e.msg);
				bad[map[k] - columns] = 1;
				continue;
			}
			if (cell.len)
				record_set(r, sec.ptr, map[k]->key, cell.ptr);
		}
		for (size_t i = 0; i < NCOLUMNS; i++)
			if (columns[i].required && !record_get(r, sec.ptr, columns[i].key) && seen[i] && !bad[i])
				problem(&found, row->line, L("「%s」不能为空%s", "\"%s\" may not be empty%s"), columns[i].header, "");
	}
	if (!found.len && !nrows) {
		rc = err_set(err, JY_EINVAL, L("文件只有表头，没有课程行", "the file has a header but no course rows"));
		goto cleanup;
	}
report:
	if (found.len) {
		rc = err_set(err, JY_EINVAL, L("CSV 中有 %zu 处错误（逐条列出如上），未导入任何内容", "%zu problems in the CSV (listed above); nothing was imported"),
			     found.len);
		vec_move(problems, &found);
		goto cleanup;
	}
	*out = r;
	r = NULL;
cleanup:
	free(map);
	record_free(r);
	cache_release(&c);
	vec_free(&found);
	buf_release(&cell);
	buf_release(&sec);
	buf_release(&hdr);
	return rc;
}

int plan_csv_rows(struct record **out, struct vec *problems, struct store *s, const char *school,
		  const char *data, size_t len, const char **encoding_out, struct jy_err *err)
{
	struct buf text = BUF_INIT;
	struct vec rows = VEC_INIT(csv_row_free);
	int rc = csv_to_utf8(&text, encoding_out, data, len, err);
	if (rc == 0 && (rc = csv_parse(&rows, text.ptr, text.len, err)) == 0)
		rc = table_rows(out, problems, s, school, &rows, err);
	vec_free(&rows);
	buf_release(&text);
	return rc;
}

int plan_paste_rows(struct record **out, struct vec *problems, struct store *s, const char *school, const char *text,
		    struct jy_err *err)
{
	struct vec rows = VEC_INIT(csv_row_free);
	struct buf hdr = BUF_INIT;
	int rc = text_check_value(L("粘贴的内容", "the pasted text"), text, strlen(text), err);
	if (rc == 0)
		rc = csv_parse_sep(&rows, text, strlen(text), '\t', err);
	if (rc)
		goto cleanup;
	/* Cells copied from Excel come with the header row only when it was selected too. */
	int has_header = 0;
	if (rows.len) {
		const struct csv_row *first = rows.items[0];
		for (size_t k = 0; k < first->fields.len && !has_header; k++) {
			buf_reset(&hdr);
			trimmed(&hdr, first->fields.items[k]);
			has_header = strcmp(hdr.ptr, columns[0].header) == 0;
		}
	}
	if (!has_header) {
		struct csv_row *head = xcalloc(1, sizeof(*head));
		vec_init(&head->fields, free);
		for (size_t i = 0; i < NDOCUMENTED; i++)
			vec_push_str(&head->fields, columns[i].header);
		vec_insert(&rows, 0, head);
	}
	rc = table_rows(out, problems, s, school, &rows, err);
cleanup:
	vec_free(&rows);
	buf_release(&hdr);
	return rc;
}

int plan_import_csv(size_t *rows_out, const char **encoding_out, struct vec *problems, struct store *s,
		    const struct actor *a, const char *id, const char *data, size_t len, struct jy_err *err)
{
	struct record *plan = NULL, *rows = NULL;
	int rc = plan_load(&plan, NULL, s, id, err);
	/* Refuse who and when before reading the file: a refusal should not depend on its content. */
	if (rc || (rc = plan_may(s, a, plan, PLAN_ACT_EDIT, err)))
		goto cleanup;
	if ((rc = plan_csv_rows(&rows, problems, s, record_get(plan, "plan", "school"), data, len, encoding_out, err)))
		goto cleanup;
	if ((rc = plan_replace_rows(s, a, id, rows, L("导入", "import "), err)))
		goto cleanup;
	if (rows_out) {
		size_t n = 0;
		free(row_numbers(rows, &n));
		*rows_out = n;
	}
cleanup:
	record_free(plan);
	record_free(rows);
	return rc;
}

/* One cell of the tab-separated form: tabs and line breaks would split the cell, so they become spaces. */
static void tsv_put_text(struct buf *out, const char *v)
{
	struct buf flat = BUF_INIT;
	for (; *v; v++)
		buf_putc(&flat, *v == '\t' || *v == '\n' || *v == '\r' ? ' ' : *v);
	/* A formula-like cell is defused the same way: pasted into Excel it would run too. */
	if (flat.ptr[0] && strchr("=+-@", flat.ptr[0]))
		buf_putc(out, '\'');
	buf_puts(out, flat.ptr);
	buf_release(&flat);
}

int plan_export_csv(struct buf *out, struct store *s, const char *id, struct jy_err *err)
{
	return plan_export(out, s, id, 0, err);
}

int plan_export(struct buf *out, struct store *s, const char *id, int tsv, struct jy_err *err)
{
	struct record *plan = NULL;
	struct roster_cache c = { s, 0, VEC_INIT(store_item_free), NULL };
	struct buf b = BUF_INIT, cell = BUF_INIT, sec = BUF_INIT, back = BUF_INIT;
	size_t n = 0, *order = NULL;
	int rc = plan_load(&plan, NULL, s, id, err);
	if (rc)
		goto cleanup;
	order = row_numbers(plan, &n);
	size_t ncols = NDOCUMENTED;
	for (size_t i = 0; i < n; i++) {
		buf_reset(&sec);
		buf_printf(&sec, "course.%zu", order[i]);
		if (record_get(plan, sec.ptr, "note"))
			ncols = NCOLUMNS;
	}
	if (!tsv)
		buf_puts(&b, CSV_UTF8_BOM);
	for (size_t k = 0; k < ncols; k++) {
		if (tsv) {
			buf_puts(&b, k ? "\t" : "");
			tsv_put_text(&b, columns[k].header);
			continue;
		}
		if (k)
			csv_put_sep(&b);
		csv_put_field(&b, columns[k].header);
	}
	if (tsv)
		buf_putc(&b, '\n');
	else
		csv_end_row(&b);
	const char *school = record_get(plan, "plan", "school");
	for (size_t i = 0; i < n; i++) {
		buf_reset(&sec);
		buf_printf(&sec, "course.%zu", order[i]);
		for (size_t k = 0; k < ncols; k++) {
			const char *key = columns[k].key, *v = record_get(plan, sec.ptr, key);
			buf_reset(&cell);
			if (strcmp(key, "category") == 0 && v) {
				schema_value_label(&cell, schema_field(plan_type(), sec.ptr, key), v);
			} else if (strcmp(key, "elective") == 0) {
				buf_puts(&cell, v && strcmp(v, "yes") == 0 ? "是" : "否");
			} else if (strcmp(key, "teacher") == 0 && v) {
				/* A name reads better in Excel, but only if importing it gives this person back. */
				struct record *p = NULL;
				const char *name = NULL;
				buf_reset(&back);
				if (roster_person(&p, s, v, NULL) == 0)
					name = record_get(p, "person", "name");
				if (name && resolve_teacher(&back, &c, school, name, NULL) == 0 && strcmp(back.ptr, v) == 0)
					buf_puts(&cell, name);
				else
					buf_puts(&cell, v);
				record_free(p);
			} else if (v) {
				buf_puts(&cell, v);
			}
			if (tsv) {
				buf_puts(&b, k ? "\t" : "");
				tsv_put_text(&b, cell.ptr);
				continue;
			}
			if (k)
				csv_put_sep(&b);
			csv_put_text(&b, cell.ptr);
		}
		if (tsv)
			buf_putc(&b, '\n');
		else
			csv_end_row(&b);
	}
	buf_add(out, b.ptr, b.len);
cleanup:
	free(order);
	record_free(plan);
	cache_release(&c);
	buf_release(&b);
	buf_release(&cell);
	buf_release(&sec);
	buf_release(&back);
	return rc;
}

/* ---- workflow ---- */

int plan_submit(struct vec *findings, struct store *s, const struct actor *a, const char *id, int despite_errors,
		struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	struct vec got = VEC_INIT(rules_finding_free);
	struct buf rev = BUF_INIT, suffix = BUF_INIT;
	char when[17];
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_SUBMIT, err)))
		goto cleanup;
	if ((rc = rules_check_plan(&got, s, e.prev, err)))
		goto cleanup;
	size_t errors = rules_count(&got, RULES_ERROR);
	if (errors && !despite_errors) {
		rc = err_set(err, JY_EINVAL,
			     L("合规检查发现 %zu 个错误，未提交；请改正后再提交，确有必要时可以注明“带错误提交”（审核人会看到）",
			       "the compliance check found %zu errors; not submitted. Fix them, or if you must, submit marked \"despite errors\" (the reviewer will see it)"),
			     errors);
		err_hint(err, "plan-despite", id);
		goto cleanup;
	}
	long revision = revision_of(e.prev) + 1;
	buf_printf(&rev, "%ld", revision);
	id_datetime(when, id_now());
	record_set(e.next, "plan", "state", "submitted");
	record_set(e.next, "plan", "revision", rev.ptr);
	record_set(e.next, "plan", "submitted_at", when);
	if (a->id)
		record_set(e.next, "plan", "submitted_by", a->id);
	if (errors)
		record_set(e.next, "plan", "despite_errors", "yes");
	else
		record_unset(e.next, "plan", "despite_errors");
	buf_printf(&suffix, L("（第 %ld 版%s）", " (revision %ld%s)"), revision,
		   errors ? L("，带错误提交", ", despite errors") : "");
	rc = edit_commit(&e, s, a, L("提交", "submit "), suffix.ptr, 0, err);
cleanup:
	if (findings) {
		for (size_t i = 0; i < got.len; i++)
			vec_push(findings, got.items[i]);
		got.len = 0;
	}
	vec_free(&got);
	buf_release(&rev);
	buf_release(&suffix);
	edit_end(&e);
	return rc;
}

int plan_review(struct store *s, const struct actor *a, const char *id, int approve, const char *comment,
		const struct plan_row_comment *rows, size_t nrows, struct jy_err *err)
{
	const struct type_def *t = plan_type();
	struct edit e = EDIT_INIT;
	struct buf sec = BUF_INIT, key = BUF_INIT, v = BUF_INIT;
	char when[17];
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_REVIEW, err)))
		goto cleanup;
	int has_row_comment = 0;
	for (size_t i = 0; i < nrows; i++) {
		if (!row_exists(e.prev, rows[i].row)) {
			rc = no_row(err, rows[i].row, max_section(e.prev, "course"));
			goto cleanup;
		}
		has_row_comment |= rows[i].text && *rows[i].text;
	}
	if (!approve && !(comment && *comment) && !has_row_comment) {
		rc = err_set(err, JY_EINVAL, L("退回整改须写明意见（总体意见或逐行意见）", "a return needs a comment (overall or on rows)"));
		goto cleanup;
	}
	buf_printf(&sec, "review.%zu", max_section(e.prev, "review") + 1);
	buf_printf(&v, "%ld", revision_of(e.prev));
	id_datetime(when, id_now());
	record_set(e.next, sec.ptr, "reviewer", a->id ? a->id : "");
	record_set(e.next, sec.ptr, "at", when);
	record_set(e.next, sec.ptr, "revision", v.ptr);
	record_set(e.next, sec.ptr, "verdict", approve ? "approve" : "return");
	if (comment && *comment) {
		if ((rc = schema_check_value(schema_field(t, sec.ptr, "comment"), sec.ptr, "comment", comment, err)))
			goto cleanup;
		record_set(e.next, sec.ptr, "comment", comment);
	}
	for (size_t i = 0; i < nrows; i++) {
		if (!rows[i].text || !*rows[i].text)
			continue;
		buf_reset(&key);
		buf_printf(&key, "row.%zu", rows[i].row);
		if ((rc = schema_check_value(schema_field(t, sec.ptr, key.ptr), sec.ptr, key.ptr, rows[i].text, err)))
			goto cleanup;
		record_set(e.next, sec.ptr, key.ptr, rows[i].text);
	}
	record_set(e.next, "plan", "state", approve ? "approved" : "returned");
	buf_reset(&v);
	buf_printf(&v, L("（第 %ld 版）", " (revision %ld)"), revision_of(e.prev));
	rc = edit_commit(&e, s, a, approve ? L("审核通过", "approve ") : L("退回整改", "return "), v.ptr, 0, err);
cleanup:
	buf_release(&sec);
	buf_release(&key);
	buf_release(&v);
	edit_end(&e);
	return rc;
}

int plan_reopen(struct store *s, const struct actor *a, const char *id, struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_REOPEN, err)))
		goto cleanup;
	int st = plan_state_of(record_get(e.prev, "plan", "state"));
	record_set(e.next, "plan", "state", "draft");
	struct buf suffix = BUF_INIT;
	if (st == PLAN_APPROVED)
		buf_printf(&suffix, L("（第 %ld 版已通过，开始新的修订）", " (revision %ld was approved; a new revision begins)"),
			   revision_of(e.prev));
	else
		buf_printf(&suffix, L("（撤回第 %ld 版的提交）", " (submission of revision %ld withdrawn)"), revision_of(e.prev));
	rc = edit_commit(&e, s, a, st == PLAN_APPROVED ? L("重新打开", "reopen ") : L("撤回", "withdraw "), suffix.ptr, 0, err);
	buf_release(&suffix);
cleanup:
	edit_end(&e);
	return rc;
}

/* ---- who may do what: one function for the CLI, the TUI, the merge and the central hook ---- */

static int not_lead(struct store *s, const char *specialty, struct jy_err *err)
{
	struct buf name = BUF_INIT, leads = BUF_INIT, path = BUF_INIT;
	struct record *sp = NULL;
	name_of(&name, s, "specialties", "specialty", specialty);
	buf_printf(&path, "specialties/%s.ini", specialty ? specialty : "");
	if (specialty && id_component_valid(specialty) && store_read(&sp, s, path.ptr, NULL) == 0) {
		struct vec ids = VEC_INIT(free);
		vec_split(&ids, record_get(sp, "specialty", "leads"), ',');
		for (size_t i = 0; i < ids.len; i++) {
			buf_puts(&leads, i ? L("、", ", ") : "");
			roster_name(&leads, s, ids.items[i]);
		}
		vec_free(&ids);
	}
	int rc = err_set(err, JY_EPERM,
			 L("只有专业「%s」的专业负责人可以审核这份授课计划（负责人：%s）",
			   "only a lead of the specialty \"%s\" may review this plan (leads: %s)"),
			 name.ptr, leads.len ? leads.ptr : L("未指定", "none named"));
	record_free(sp);
	buf_release(&name);
	buf_release(&leads);
	buf_release(&path);
	return rc;
}

/* The people of the filing school act for it, and admins of that school or of the lead college. */
static int school_may(struct store *s, const struct actor *a, const struct record *plan, const char *what_zh,
		      const char *what_en, struct jy_err *err)
{
	const char *school = record_get(plan, "plan", "school");
	if ((school && a->school && strcmp(school, a->school) == 0) || typeops_admin_of(a, school))
		return 0;
	struct buf theirs = BUF_INIT, mine = BUF_INIT;
	name_of(&theirs, s, "schools", "school", school);
	name_of(&mine, s, "schools", "school", a->school);
	int rc = err_set(err, JY_EPERM,
			 L("只有%s的人员（或本校、牵头学校的管理员）可以%s这份授课计划；%s是%s的人员",
			   "only people of %s (or admins of it or of the lead college) may %s this plan; %s belongs to %s"),
			 theirs.ptr, L(what_zh, what_en), a->name ? a->name : "?",
			 mine.len ? mine.ptr : L("（未登记学校）", "(no school)"));
	buf_release(&theirs);
	buf_release(&mine);
	return rc;
}

static int plan_id_of(struct buf *out, const struct record *plan)
{
	return schema_record_id(out, plan_type(), plan, NULL);
}

/* Rows may change only while draft or returned; otherwise say why and what to do. */
static int rows_editable(const struct record *plan, struct jy_err *err)
{
	int st = plan_state_of(record_get(plan, "plan", "state"));
	struct buf id = BUF_INIT;
	int rc = 0;
	plan_id_of(&id, plan);
	if (st == PLAN_SUBMITTED)
		rc = err_set(err, JY_EINVAL,
			     L("授课计划 %s 已提交（第 %ld 版），审核前不能修改；如需修改，先撤回提交",
			       "plan %s is submitted (revision %ld) and cannot change before review; withdraw the submission first"),
			     id.ptr, revision_of(plan));
	else if (st == PLAN_APPROVED)
		rc = err_set(err, JY_EINVAL,
			     L("授课计划 %s 已通过审核（第 %ld 版），是只读的；如需修改，先重新打开，开始新的修订（修订后须重新提交审核）",
			       "plan %s is approved (revision %ld) and read-only; reopen it to start a new revision (it must be reviewed again)"),
			     id.ptr, revision_of(plan));
	if (rc)
		err_hint(err, "plan-reopen", id.ptr);
	buf_release(&id);
	return rc;
}

int plan_may(struct store *s, const struct actor *a, const struct record *plan, enum plan_act act, struct jy_err *err)
{
	int rc = actor_can_write(a, err);
	int st = plan_state_of(record_get(plan, "plan", "state"));
	struct buf id = BUF_INIT;
	if (rc || a->bootstrap)
		return rc;
	plan_id_of(&id, plan);
	switch (act) {
	case PLAN_ACT_CREATE:
		rc = school_may(s, a, plan, "创建", "create", err);
		break;
	case PLAN_ACT_EDIT:
		if ((rc = school_may(s, a, plan, "修改", "edit", err)) == 0)
			rc = rows_editable(plan, err);
		break;
	case PLAN_ACT_SUBMIT:
		if ((rc = school_may(s, a, plan, "提交", "submit", err)))
			break;
		if (st == PLAN_SUBMITTED)
			rc = err_set(err, JY_EINVAL, L("授课计划 %s 已提交（第 %ld 版），正在等待审核", "plan %s is already submitted (revision %ld) and awaits review"),
				     id.ptr, revision_of(plan));
		else if ((rc = rows_editable(plan, err)) == 0 && !max_section(plan, "course"))
			rc = err_set(err, JY_EINVAL, L("授课计划 %s 还没有课程行，不能提交", "plan %s has no course rows to submit"), id.ptr);
		break;
	case PLAN_ACT_REVIEW:
		if (!records_lead_of(s, a, record_get(plan, "plan", "specialty")))
			rc = not_lead(s, record_get(plan, "plan", "specialty"), err);
		else if (st != PLAN_SUBMITTED)
			rc = err_set(err, JY_EINVAL, L("授课计划 %s 当前状态是「%s」，只有待审核的计划可以审核", "plan %s is %s; only submitted plans can be reviewed"),
				     id.ptr, plan_state_label(st));
		break;
	case PLAN_ACT_REOPEN:
		if ((rc = school_may(s, a, plan, "重新打开", "reopen", err)))
			break;
		if (st != PLAN_APPROVED && st != PLAN_SUBMITTED)
			rc = err_set(err, JY_EINVAL, L("授课计划 %s 当前是「%s」，可以直接修改，不需要重新打开", "plan %s is %s and can be edited as it is; nothing to reopen"),
				     id.ptr, plan_state_label(st));
		break;
	case PLAN_ACT_DELETE:
		rc = typeops_lead_admin(a, "授课计划", "plans", err);
		break;
	}
	buf_release(&id);
	return rc;
}

static int deny(struct jy_err *err, const char *zh, const char *en)
{
	return err_set(err, JY_EPERM, "%s", L(zh, en));
}

/* 1 when section sec holds the same keys and values in a and b (absent in both counts as the same). */
static int same_section(const struct record *a, const struct record *b, const char *sec)
{
	long ia = record_section_index(a, sec), ib = record_section_index(b, sec);
	size_t na = ia >= 0 ? record_key_count(a, (size_t)ia) : 0, nb = ib >= 0 ? record_key_count(b, (size_t)ib) : 0;
	if (na != nb)
		return 0;
	for (size_t j = 0; j < na; j++) {
		const char *v = record_get(b, sec, record_key(a, (size_t)ia, j));
		if (!v || strcmp(v, record_value(a, (size_t)ia, j)) != 0)
			return 0;
	}
	return 1;
}

/* 1 when the course rows of a and b are the same. */
static int same_rows(const struct record *a, const struct record *b)
{
	size_t na = max_section(a, "course"), nb = max_section(b, "course");
	size_t n = na > nb ? na : nb;
	int same = 1;
	for (size_t k = 1; k <= n && same; k++) {
		struct buf sec = BUF_INIT;
		buf_printf(&sec, "course.%zu", k);
		same = same_section(a, b, sec.ptr);
		buf_release(&sec);
	}
	return same;
}

/* 1 when [plan] of a and b differ at most in the listed keys (NULL-terminated). */
static int plan_same_except(const struct record *a, const struct record *b, const char *const *except)
{
	const struct record *rs[2] = { a, b };
	for (int k = 0; k < 2; k++) {
		long i = record_section_index(rs[k], "plan");
		for (size_t j = 0; i >= 0 && j < record_key_count(rs[k], (size_t)i); j++) {
			const char *key = record_key(rs[k], (size_t)i, j), *ov = record_get(rs[1 - k], "plan", key);
			int skip = 0;
			for (size_t e = 0; except[e] && !skip; e++)
				skip = strcmp(except[e], key) == 0;
			if (!skip && (!ov || strcmp(ov, record_value(rs[k], (size_t)i, j)) != 0))
				return 0;
		}
	}
	return 1;
}

/* A submission without "despite errors" must pass the compliance check, however it arrives. */
static int compliant(struct store *s, const struct record *next, struct jy_err *err)
{
	const char *despite = record_get(next, "plan", "despite_errors");
	struct vec findings = VEC_INIT(rules_finding_free);
	int rc = 0;
	if (despite && strcmp(despite, "yes") == 0)
		return 0;
	if (rules_check_plan(&findings, s, next, NULL) == 0 && rules_count(&findings, RULES_ERROR))
		rc = err_set(err, JY_EINVAL,
			     L("合规检查发现 %zu 个错误：不能提交，除非注明带错误提交 (plan.despite_errors = yes)",
			       "the compliance check finds %zu errors: it cannot be submitted unless marked despite errors (plan.despite_errors = yes)"),
			     rules_count(&findings, RULES_ERROR));
	vec_free(&findings);
	return rc;
}

int plan_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
		struct jy_err *err)
{
	static const char *const only_state[] = { "state", NULL };
	static const char *const submit_keys[] = { "state", "revision", "submitted_at", "submitted_by", "despite_errors", NULL };
	static const char *const nothing[] = { NULL };
	int rc = actor_can_write(a, err);
	if (rc || a->bootstrap)
		return rc;
	if (!next)
		return plan_may(s, a, prev, PLAN_ACT_DELETE, err);
	int to = plan_state_of(record_get(next, "plan", "state"));
	if (!prev) {
		if ((rc = plan_may(s, a, next, PLAN_ACT_CREATE, err)))
			return rc;
		if (to != PLAN_DRAFT || revision_of(next) != 0 || max_section(next, "review"))
			return deny(err, "新的授课计划只能是第 0 版草稿，不能带审核记录", "a new plan is a draft of revision 0 without reviews");
		return 0;
	}
	int from = plan_state_of(record_get(prev, "plan", "state"));
	long rp = revision_of(prev), rn = revision_of(next);
	size_t reviews_prev = max_section(prev, "review"), reviews_next = max_section(next, "review");
	/* Earlier review rounds are history: nobody rewrites them — but a merge marks a verdict stale
	 * when a later revision was submitted meanwhile (plan_merge), and that is the one change allowed. */
	int stale = 0;
	for (size_t k = 1; k <= reviews_prev; k++) {
		struct buf sec = BUF_INIT;
		buf_printf(&sec, "review.%zu", k);
		int same = same_section(prev, next, sec.ptr);
		if (!same && k == reviews_prev && to == PLAN_SUBMITTED && rn > rp) {
			struct record *fixed = record_dup(next);
			const char *was = record_get(prev, sec.ptr, "verdict");
			const char *rev = record_get(next, sec.ptr, "revision");
			record_set(fixed, sec.ptr, "verdict", was ? was : "");
			stale = same = same_section(prev, fixed, sec.ptr) && rev && atol(rev) < rn &&
				       strcmp(record_get(next, sec.ptr, "verdict"), "stale") == 0;
			record_free(fixed);
		}
		buf_release(&sec);
		if (!same)
			return deny(err, "已有的审核记录不能修改", "earlier reviews cannot change");
	}
	if (reviews_next < reviews_prev)
		return deny(err, "已有的审核记录不能删除", "earlier reviews cannot be removed");
	if (from == to && reviews_prev == reviews_next && plan_same_except(prev, next, nothing)) {
		/* Rows only (or nothing at all). */
		if (same_rows(prev, next))
			return school_may(s, a, next, "修改", "edit", err);
		return plan_may(s, a, prev, PLAN_ACT_EDIT, err);
	}
	/* An approved filing reopened and submitted again at a campus arrives as one change (a sync), its
	 * verdict marked stale: the school may do both steps, so it may do them at once. */
	if (to == PLAN_SUBMITTED && (from == PLAN_DRAFT || from == PLAN_RETURNED || (from == PLAN_APPROVED && stale))) {
		const char *by = record_get(next, "plan", "submitted_by");
		if ((rc = plan_may(s, a, prev, from == PLAN_APPROVED ? PLAN_ACT_REOPEN : PLAN_ACT_SUBMIT, err)))
			return rc;
		if (rn != rp + 1 || reviews_next != reviews_prev || !a->id || !by || strcmp(by, a->id) != 0 ||
		    !plan_same_except(prev, next, submit_keys))
			return deny(err, "提交须使版本号加 1、由提交人本人署名，且不能带新的审核记录",
				    "a submission raises the revision by one, names its submitter, and adds no review");
		return compliant(s, next, err);
	}
	if ((to == PLAN_APPROVED || to == PLAN_RETURNED) && from == PLAN_SUBMITTED) {
		if ((rc = plan_may(s, a, prev, PLAN_ACT_REVIEW, err)))
			return rc;
		struct buf sec = BUF_INIT;
		buf_printf(&sec, "review.%zu", reviews_prev + 1);
		const char *who = record_get(next, sec.ptr, "reviewer"), *verdict = record_get(next, sec.ptr, "verdict");
		const char *rev = record_get(next, sec.ptr, "revision");
		int ok = reviews_next == reviews_prev + 1 && who && a->id && strcmp(who, a->id) == 0 && verdict &&
			 strcmp(verdict, to == PLAN_APPROVED ? "approve" : "return") == 0 && rev && atol(rev) == rp &&
			 same_rows(prev, next) && plan_same_except(prev, next, only_state);
		buf_release(&sec);
		return ok ? 0 : deny(err, "审核只能追加一轮本人署名、结论与状态一致的审核记录，不能改动课程行和版本",
				     "a review appends one round signed by the reviewer, matching the new state, and changes neither rows nor revision");
	}
	if (to == PLAN_DRAFT && (from == PLAN_APPROVED || from == PLAN_SUBMITTED)) {
		if ((rc = plan_may(s, a, prev, PLAN_ACT_REOPEN, err)))
			return rc;
		if (reviews_next != reviews_prev || !same_rows(prev, next) || !plan_same_except(prev, next, only_state))
			return deny(err, "重新打开只改变状态，版本、课程行和审核记录不变", "reopening changes only the state");
		return 0;
	}
	return deny(err, "不是授课计划允许的变化（草稿→待审核→已通过/需整改，已通过或待审核→草稿；其余字段随之不变）",
		    "not a change the plan workflow allows (draft → submitted → approved/returned; approved or submitted → draft)");
}

static int plan_complete_new(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	(void)s, (void)a, (void)err;
	if (!record_get(r, "plan", "state"))
		record_set(r, "plan", "state", "draft");
	if (!record_get(r, "plan", "revision"))
		record_set(r, "plan", "revision", "0");
	return 0;
}

static void plan_describe(struct buf *out, struct store *s, const struct record *r)
{
	const char *term = record_get(r, "plan", "term");
	records_name(out, s, "school", record_get(r, "plan", "school"));
	buf_putc(out, ' ');
	records_name(out, s, "specialty", record_get(r, "plan", "specialty"));
	buf_printf(out, " %s", term ? term : "");
}

/*
 * Key by key, then the workflow's own rule: a verdict given for revision N
 * while the other side submitted revision N+1 judged rows it never saw, so
 * the filing goes back to "submitted" (needs re-review), the verdict is marked
 * stale, and a conflict note says why.
 */
static void plan_merge(struct record **out, struct vec *conflicts, const struct record *base, const struct record *ours,
		       const struct record *theirs)
{
	record_merge3(out, conflicts, base, ours, theirs);
	struct record *m = *out;
	size_t last = max_section(m, "review");
	int st = plan_state_of(record_get(m, "plan", "state"));
	if (!last || (st != PLAN_APPROVED && st != PLAN_RETURNED))
		return;
	struct buf sec = BUF_INIT, note = BUF_INIT;
	buf_printf(&sec, "review.%zu", last);
	const char *rev = record_get(m, sec.ptr, "revision");
	long reviewed = rev ? atol(rev) : 0, now = revision_of(m);
	if (reviewed < now) {
		struct record_conflict *c = xcalloc(1, sizeof(*c));
		c->section = xstrdup("plan");
		c->key = xstrdup("state");
		c->base = base && record_get(base, "plan", "state") ? xstrdup(record_get(base, "plan", "state")) : NULL;
		c->ours = xstrdup("submitted");
		c->theirs = xstrdup(record_get(m, "plan", "state"));
		buf_printf(&note, L("审核结论（第 %zu 轮）针对第 %ld 版，而学校已提交第 %ld 版：结论作废，需重新审核",
				    "the verdict of review round %zu was given for revision %ld, but revision %ld has been submitted since: it needs a new review"),
			   last, reviewed, now);
		c->note = buf_detach(&note);
		vec_push(conflicts, c);
		record_set(m, "plan", "state", "submitted");
		record_set(m, sec.ptr, "verdict", "stale");
	}
	buf_release(&sec);
	buf_release(&note);
}

const struct type_ops plan_type_ops = {
	.type = "plan",
	.complete = plan_complete_new,
	.permit = plan_permit,
	.describe = plan_describe,
	.merge = plan_merge,
};

/* ---- terms and due dates ---- */

int plan_filing_term(char out[12], struct store *s, struct jy_err *err)
{
	struct record *group = NULL;
	char now[12];
	read_group(&group, s);
	const char *term = group ? record_get(group, "group", "term") : NULL;
	if (!term || !id_term_valid(term)) {
		id_term_of(now, id_now());
		term = now;
	}
	int rc = id_term_next(out, term);
	if (rc)
		err_set(err, rc, L("学期「%s」无效", "invalid term \"%s\""), term);
	record_free(group);
	return rc;
}

int plan_due(char out[11], struct store *s, const char *term, struct jy_err *err)
{
	struct record *group = NULL;
	char prev[12];
	int rc = 0;
	out[0] = '\0';
	if (!term || id_term_prev(prev, term) != 0)
		return err_set(err, JY_EINVAL, L("学期「%s」无效", "invalid term \"%s\""), term ? term : "");
	read_group(&group, s);
	int autumn = prev[10] == '1';
	const char *md = group ? record_get(group, "group", autumn ? "plan_due_autumn" : "plan_due_spring") : NULL;
	if (md && strlen(md) == 5 && md[2] == '-') {
		int y = atoi(prev), month = atoi(md);
		/* Autumn runs Aug–Jan: a due date in January falls in the next calendar year. */
		int year = autumn ? (month >= 8 ? y : y + 1) : y + 1;
		char date[16];
		snprintf(date, sizeof(date), "%04d-%.5s", year % 10000, md);
		if (id_date_valid(date))
			memcpy(out, date, 11);
	}
	record_free(group);
	return rc;
}

static int overdue(int state, const char *due, const char *today)
{
	return *due && strcmp(today, due) > 0 &&
	       (state == PLAN_MISSING || state == PLAN_DRAFT || state == PLAN_RETURNED);
}

/* ---- lists, status, inbox ---- */

void plan_brief_free(void *p)
{
	struct plan_brief *b = p;
	if (!b)
		return;
	free(b->id);
	free(b->term);
	free(b->school);
	free(b->school_name);
	free(b->specialty);
	free(b->specialty_name);
	free(b->submitted_at);
	free(b);
}

static struct plan_brief *brief_new(struct store *s, const char *term, const char *school, const char *specialty,
				    const struct record *plan, const char *due, const char *today)
{
	struct plan_brief *b = xcalloc(1, sizeof(*b));
	struct buf name = BUF_INIT;
	b->id = xasprintf("%s/%s/%s", term, school, specialty);
	b->term = xstrdup(term);
	b->school = xstrdup(school);
	b->specialty = xstrdup(specialty);
	name_of(&name, s, "schools", "school", school);
	b->school_name = buf_detach(&name);
	name_of(&name, s, "specialties", "specialty", specialty);
	b->specialty_name = buf_detach(&name);
	b->state = plan ? plan_state_of(record_get(plan, "plan", "state")) : PLAN_MISSING;
	b->revision = plan ? revision_of(plan) : 0;
	const char *at = plan ? record_get(plan, "plan", "submitted_at") : NULL;
	b->submitted_at = xstrdup(at ? at : "");
	b->overdue = overdue(b->state, due, today);
	if (plan) {
		size_t n = 0;
		free(row_numbers(plan, &n));
		b->rows = n;
	}
	return b;
}

static struct plan_brief *brief_of(struct store *s, const struct record *plan, const char *due, const char *today)
{
	const char *t = record_get(plan, "plan", "term"), *sc = record_get(plan, "plan", "school");
	const char *sp = record_get(plan, "plan", "specialty");
	return brief_new(s, t ? t : "", sc ? sc : "", sp ? sp : "", plan, due, today);
}

int plan_list(struct vec *out, struct store *s, const char *term, const char *school, const char *specialty,
	      int state, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free);
	char filing[12], due[11], today[11];
	int rc = 0;
	if (!term) {
		if ((rc = plan_filing_term(filing, s, err)))
			goto cleanup;
		term = filing;
	}
	if ((rc = plan_due(due, s, term, err)))
		goto cleanup;
	id_date(today, id_now());
	struct store_query q = { .type = "plan", .term = term, .school = school, .specialty = specialty };
	if ((rc = store_list(&items, s, &q, NULL, err)))
		goto cleanup;
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		if (state >= 0 && plan_state_of(record_get(it->rec, "plan", "state")) != state)
			continue;
		vec_push(out, brief_of(s, it->rec, due, today));
	}
cleanup:
	vec_free(&items);
	return rc;
}

/* Whether a school runs a specialty, judged by its people's specialties. */
static void school_specialties(struct vec *out, const struct vec *people, const char *school)
{
	for (size_t i = 0; i < people->len; i++) {
		const struct record *p = ((const struct store_item *)people->items[i])->rec;
		const char *ps = record_get(p, "person", "school");
		if (!ps || strcmp(ps, school) != 0)
			continue;
		struct vec sp = VEC_INIT(free);
		vec_split(&sp, record_get(p, "person", "specialties"), ',');
		for (size_t k = 0; k < sp.len; k++)
			if (!vec_has_str(out, sp.items[k]))
				vec_push_str(out, sp.items[k]);
		vec_free(&sp);
	}
}

int plan_status(struct plan_status **out, struct store *s, const char *term, struct jy_err *err)
{
	struct plan_status *st = xcalloc(1, sizeof(*st));
	struct vec schools = VEC_INIT(store_item_free), specs = VEC_INIT(store_item_free);
	struct vec people = VEC_INIT(store_item_free), plans = VEC_INIT(store_item_free);
	struct vec runs = VEC_INIT(free);
	struct store_query qs = { .type = "school" }, qc = { .type = "specialty" }, qp = { .type = "person" };
	char today[11];
	int rc = 0;
	vec_init(&st->schools, free);
	vec_init(&st->school_names, free);
	vec_init(&st->specialties, free);
	vec_init(&st->specialty_names, free);
	if (term) {
		if (!id_term_valid(term)) {
			rc = err_set(err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N", "invalid term \"%s\" (YYYY-YYYY-N)"), term);
			goto cleanup;
		}
		snprintf(st->term, sizeof(st->term), "%s", term);
	} else if ((rc = plan_filing_term(st->term, s, err))) {
		goto cleanup;
	}
	if ((rc = plan_due(st->due, s, st->term, err)))
		goto cleanup;
	id_date(today, id_now());
	struct store_query qpl = { .type = "plan", .term = st->term };
	if ((rc = store_list(&schools, s, &qs, NULL, err)) || (rc = store_list(&specs, s, &qc, NULL, err)) ||
	    (rc = store_list(&people, s, &qp, NULL, err)) || (rc = store_list(&plans, s, &qpl, NULL, err)))
		goto cleanup;
	for (size_t i = 0; i < schools.len; i++) {
		const struct record *r = ((const struct store_item *)schools.items[i])->rec;
		const char *kind = record_get(r, "school", "kind"), *id = record_get(r, "school", "id");
		const char *name = record_get(r, "school", "name");
		if (!id || (kind && strcmp(kind, "lead") == 0))
			continue;
		vec_push_str(&st->schools, id);
		vec_push_str(&st->school_names, name ? name : id);
	}
	for (size_t i = 0; i < specs.len; i++) {
		const struct record *r = ((const struct store_item *)specs.items[i])->rec;
		const char *code = record_get(r, "specialty", "code"), *name = record_get(r, "specialty", "name");
		if (!code)
			continue;
		vec_push_str(&st->specialties, code);
		vec_push_str(&st->specialty_names, name ? name : code);
	}
	size_t ns = st->schools.len, nc = st->specialties.len;
	st->cells = xcalloc(ns && nc ? ns * nc : 1, sizeof(*st->cells));
	for (size_t i = 0; i < ns; i++) {
		vec_clear(&runs);
		school_specialties(&runs, &people, st->schools.items[i]);
		for (size_t k = 0; k < nc; k++) {
			struct plan_cell *cell = &st->cells[i * nc + k];
			const struct record *plan = NULL;
			for (size_t p = 0; p < plans.len && !plan; p++) {
				const struct record *r = ((const struct store_item *)plans.items[p])->rec;
				const char *sc = record_get(r, "plan", "school"), *sp = record_get(r, "plan", "specialty");
				if (sc && sp && strcmp(sc, st->schools.items[i]) == 0 && strcmp(sp, st->specialties.items[k]) == 0)
					plan = r;
			}
			cell->runs = plan || vec_has_str(&runs, st->specialties.items[k]);
			cell->state = plan ? plan_state_of(record_get(plan, "plan", "state")) : PLAN_MISSING;
			cell->revision = plan ? revision_of(plan) : 0;
			cell->overdue = cell->runs && overdue(cell->state, st->due, today);
		}
	}
	*out = st;
	st = NULL;
cleanup:
	plan_status_free(st);
	vec_free(&schools);
	vec_free(&specs);
	vec_free(&people);
	vec_free(&plans);
	vec_free(&runs);
	return rc;
}

void plan_status_free(struct plan_status *st)
{
	if (!st)
		return;
	vec_free(&st->schools);
	vec_free(&st->school_names);
	vec_free(&st->specialties);
	vec_free(&st->specialty_names);
	free(st->cells);
	free(st);
}

const struct plan_cell *plan_status_cell(const struct plan_status *st, size_t school, size_t specialty)
{
	return &st->cells[school * st->specialties.len + specialty];
}

/* 1 when a is a lead of some specialty (specialties/<code>.ini leads). */
static int leads_any(struct store *s, const struct actor *a)
{
	struct vec specs = VEC_INIT(store_item_free);
	struct store_query q = { .type = "specialty" };
	int yes = !a->id || store_list(&specs, s, &q, NULL, NULL) != 0; /* unknown: read them all */
	for (size_t i = 0; !yes && i < specs.len; i++) {
		const struct store_item *it = specs.items[i];
		struct vec leads = VEC_INIT(free);
		vec_split(&leads, record_get(it->rec, "specialty", "leads"), ',');
		yes = vec_has_str(&leads, a->id);
		vec_free(&leads);
	}
	vec_free(&specs);
	return yes;
}

int plan_inbox(struct plan_inbox **out, struct store *s, const struct actor *a, struct jy_err *err)
{
	struct plan_inbox *in = xcalloc(1, sizeof(*in));
	struct vec items = VEC_INIT(store_item_free), filed = VEC_INIT(NULL);
	struct vec people = VEC_INIT(store_item_free), runs = VEC_INIT(free);
	struct rows *r = NULL;
	char today[11];
	int rc;
	vec_init(&in->to_review, plan_brief_free);
	vec_init(&in->returned, plan_brief_free);
	vec_init(&in->pending, plan_brief_free);
	if ((rc = plan_filing_term(in->term, s, err)) || (rc = plan_due(in->due, s, in->term, err)))
		goto cleanup;
	id_date(today, id_now());
	/* Filings are few (schools × specialties × terms): one pass over all of them serves every list, from the
	 * index's rows when it is current (a filing's whole record is read only for the lists). */
	struct store_query q = { .type = "plan" };
	/* Other schools' filings concern only a specialty lead (to review): of 40 directories of ten terms, the
	 * other 30 need not be read. */
	struct rows_query rq = { .type = schema_type("plan"), .school = a && a->school && !leads_any(s, a) ? a->school : NULL };
	int from_rows = (r = store_rows(s, 0)) && records_row_items(&items, r, &rq) == 0;
	if (!from_rows && (rc = records_list(&items, s, &q, err)))
		goto cleanup;
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		const char *term = record_get(it->rec, "plan", "term"), *school = record_get(it->rec, "plan", "school");
		const char *sp = record_get(it->rec, "plan", "specialty");
		int st = plan_state_of(record_get(it->rec, "plan", "state"));
		char due[11] = "";
		if (!term || !school || !sp)
			continue;
		int mine = a && a->school && strcmp(school, a->school) == 0;
		if (strcmp(term, in->term) == 0) {
			memcpy(due, in->due, sizeof(due));
			if (mine)
				vec_push(&filed, (void *)sp);
		}
		struct vec *to = st == PLAN_SUBMITTED && a && a->id && records_lead_of(s, a, sp) ? &in->to_review
				 : st == PLAN_RETURNED && mine					 ? &in->returned
				 : st == PLAN_DRAFT && mine && strcmp(term, in->term) == 0	 ? &in->pending
												 : NULL;
		if (!to)
			continue;
		struct record *whole = NULL;
		struct rows_row row;
		if (from_rows && rows_find(r, it->path, &row) == 0)
			whole = records_row_whole(s, r, &row);
		vec_push(to, brief_of(s, whole ? whole : it->rec, due, today));
		record_free(whole);
	}
	/* The lead college reviews; it files nothing, so nothing of its own is pending. */
	struct record *group = NULL;
	read_group(&group, s);
	int lead_school = a && a->school && group && record_get(group, "group", "lead") &&
			  strcmp(record_get(group, "group", "lead"), a->school) == 0;
	record_free(group);
	if (a && a->school && !lead_school) {
		struct store_query qp = { .type = "person" };
		/* Everyone's school and specialties: the index's rows hold them. */
		if ((from_rows && records_row_items(&people, r, &(struct rows_query){ .type = schema_type("person") }) == 0) ||
		    (rc = store_list(&people, s, &qp, NULL, err)) == 0)
			school_specialties(&runs, &people, a->school);
		vec_sort(&runs, vec_str_cmp);
		for (size_t k = 0; rc == 0 && k < runs.len; k++)
			if (!vec_has_str(&filed, runs.items[k]))
				vec_push(&in->pending, brief_new(s, in->term, a->school, runs.items[k], NULL, in->due, today));
	}
	if (rc)
		goto cleanup;
	*out = in;
	in = NULL;
cleanup:
	plan_inbox_free(in);
	vec_free(&filed); /* borrowed: specialties a's school filed for the filing term */
	vec_free(&items);
	vec_free(&people);
	vec_free(&runs);
	return rc;
}

void plan_inbox_free(struct plan_inbox *in)
{
	if (!in)
		return;
	vec_free(&in->to_review);
	vec_free(&in->returned);
	vec_free(&in->pending);
	free(in);
}

/* ---- since the last review: the revision diff and the school's answers ---- */

void plan_diff_free(struct plan_diff *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->rows.len; i++) {
		struct plan_row_diff *r = d->rows.items[i];
		vec_free(&r->keys);
		free(r->name);
		free(r->comment);
		free(r->answer);
	}
	vec_free(&d->rows);
	record_free(d->reviewed);
	free(d);
}

static void row_diff_free(void *p)
{
	free(p);
}

/* The last review round: the largest R of [review.R] (0 when none). */
static size_t last_round(const struct record *plan)
{
	return max_section(plan, "review");
}

/* The filing as the review of round `round` judged it: the oldest version in its history holding [review.R]
 * (a review changes no row, so that version's rows are the reviewed revision's). */
static int reviewed_version(struct record **out, struct store *s, const char *path, size_t round, struct jy_err *err)
{
	struct vec hist = VEC_INIT(store_commit_free);
	struct buf sec = BUF_INIT;
	struct record *found = NULL;
	int rc = store_history(&hist, s, path, err);
	buf_printf(&sec, "review.%zu", round);
	for (size_t i = 0; rc == 0 && i < hist.len; i++) {
		const struct store_commit *c = hist.items[i];
		struct record *r = NULL;
		if (store_read_at(&r, s, c->oid, path, NULL) != 0 || record_section_index(r, sec.ptr) < 0) {
			record_free(r);
			break;
		}
		record_free(found);
		found = r;
	}
	if (rc == 0 && !found)
		rc = err_set(err, JY_ENOTFOUND, L("找不到第 %zu 轮审核时的版本（%s 的历史）", "the version reviewed in round %zu is not in the history of %s"),
			     round, path);
	if (rc == 0)
		*out = found;
	else
		record_free(found);
	vec_free(&hist);
	buf_release(&sec);
	return rc;
}

/* Keys of two course sections that differ (answers to reviews are not the course). */
static void changed_keys(struct vec *out, const struct record *a, const char *asec, const struct record *b, const char *bsec)
{
	for (size_t k = 0; k < NCOLUMNS; k++) {
		const char *x = record_get(a, asec, columns[k].key), *y = record_get(b, bsec, columns[k].key);
		if (strcmp(x ? x : "", y ? y : "") != 0)
			vec_push_str(out, columns[k].key);
	}
}

static struct plan_row_diff *row_diff_new(enum plan_row_change change, size_t row, size_t was)
{
	struct plan_row_diff *r = xcalloc(1, sizeof(*r));
	r->change = change;
	r->row = row;
	r->was = was;
	vec_init(&r->keys, free);
	return r;
}

int plan_diff(struct plan_diff **out, struct store *s, const char *id, struct jy_err *err)
{
	struct record *plan = NULL;
	struct buf path = BUF_INIT, asec = BUF_INIT, bsec = BUF_INIT, rsec = BUF_INIT, key = BUF_INIT;
	size_t na = 0, nb = 0, *ra = NULL, *rb = NULL;
	char *used = NULL;
	struct plan_diff *d = xcalloc(1, sizeof(*d));
	vec_init(&d->rows, row_diff_free);
	int rc = plan_load(&plan, &path, s, id, err);
	if (rc)
		goto cleanup;
	d->round = last_round(plan);
	if (!d->round)
		goto done;
	buf_printf(&rsec, "review.%zu", d->round);
	const char *rev = record_get(plan, rsec.ptr, "revision");
	d->revision = rev ? atol(rev) : 0;
	if ((rc = reviewed_version(&d->reviewed, s, path.ptr, d->round, err)))
		goto cleanup;
	ra = row_numbers(d->reviewed, &na);
	rb = row_numbers(plan, &nb);
	used = xcalloc(na + 1, 1);
	long *match = xcalloc(nb + 1, sizeof(long));
	/* Rows are matched by course name, in order: moving a row is not a change. */
	for (size_t j = 0; j < nb; j++) {
		match[j] = -1;
		buf_reset(&bsec);
		buf_printf(&bsec, "course.%zu", rb[j]);
		const char *name = record_get(plan, bsec.ptr, "name");
		for (size_t i = 0; i < na && match[j] < 0; i++) {
			buf_reset(&asec);
			buf_printf(&asec, "course.%zu", ra[i]);
			const char *was = record_get(d->reviewed, asec.ptr, "name");
			if (!used[i] && name && was && strcmp(name, was) == 0) {
				used[i] = 1;
				match[j] = (long)i;
			}
		}
	}
	/* A renamed course: an unmatched row where an unmatched reviewed row stood is that row changed. */
	for (size_t j = 0; j < nb; j++)
		if (match[j] < 0 && j < na && !used[j]) {
			used[j] = 1;
			match[j] = (long)j;
		}
	for (size_t j = 0; j < nb; j++) {
		struct plan_row_diff *r;
		buf_reset(&bsec);
		buf_printf(&bsec, "course.%zu", rb[j]);
		if (match[j] < 0) {
			r = row_diff_new(PLAN_ROW_ADDED, rb[j], 0);
			d->added++;
		} else {
			buf_reset(&asec);
			buf_printf(&asec, "course.%zu", ra[match[j]]);
			r = row_diff_new(PLAN_ROW_SAME, rb[j], ra[match[j]]);
			changed_keys(&r->keys, d->reviewed, asec.ptr, plan, bsec.ptr);
			if (r->keys.len) {
				r->change = PLAN_ROW_CHANGED;
				d->changed++;
			}
			buf_reset(&key);
			buf_printf(&key, "row.%zu", r->was);
			const char *c = record_get(plan, rsec.ptr, key.ptr);
			r->comment = c ? xstrdup(c) : NULL;
		}
		const char *name = record_get(plan, bsec.ptr, "name");
		r->name = xstrdup(name ? name : "");
		buf_reset(&key);
		buf_printf(&key, "answer.%zu", d->round);
		const char *ans = record_get(plan, bsec.ptr, key.ptr);
		r->answer = ans ? xstrdup(ans) : NULL;
		vec_push(&d->rows, r);
	}
	for (size_t i = 0; i < na; i++) {
		if (used[i])
			continue;
		struct plan_row_diff *r = row_diff_new(PLAN_ROW_REMOVED, 0, ra[i]);
		buf_reset(&asec);
		buf_printf(&asec, "course.%zu", ra[i]);
		const char *name = record_get(d->reviewed, asec.ptr, "name");
		r->name = xstrdup(name ? name : "");
		buf_reset(&key);
		buf_printf(&key, "row.%zu", ra[i]);
		const char *c = record_get(plan, rsec.ptr, key.ptr);
		r->comment = c ? xstrdup(c) : NULL;
		vec_push(&d->rows, r);
		d->removed++;
	}
	free(match);
done:
	*out = d;
	d = NULL;
cleanup:
	plan_diff_free(d);
	record_free(plan);
	free(ra);
	free(rb);
	free(used);
	buf_release(&path);
	buf_release(&asec);
	buf_release(&bsec);
	buf_release(&rsec);
	buf_release(&key);
	return rc;
}

const struct plan_row_diff *plan_diff_row(const struct plan_diff *d, size_t row)
{
	for (size_t i = 0; d && i < d->rows.len; i++) {
		const struct plan_row_diff *r = d->rows.items[i];
		if (r->row == row && r->change != PLAN_ROW_REMOVED)
			return r;
	}
	return NULL;
}

int plan_answer(struct store *s, const struct actor *a, const char *id, size_t row, const char *text, struct jy_err *err)
{
	struct edit e = EDIT_INIT;
	struct plan_diff *d = NULL;
	struct buf sec = BUF_INIT, key = BUF_INIT;
	int rc = edit_begin(&e, s, id, err);
	if (rc || (rc = plan_may(s, a, e.prev, PLAN_ACT_EDIT, err)) || (rc = plan_diff(&d, s, id, err)))
		goto cleanup;
	const struct plan_row_diff *r = plan_diff_row(d, row);
	if (!r) {
		rc = err_set(err, JY_EINVAL, L("没有第 %zu 行课程", "there is no course row %zu"), row);
		goto cleanup;
	}
	if (!r->comment) {
		rc = err_set(err, JY_EINVAL, L("第 %zu 行《%s》没有审核意见可答复", "row %zu (%s) has no reviewer's comment to answer"), row, r->name);
		goto cleanup;
	}
	buf_printf(&sec, "course.%zu", row);
	buf_printf(&key, "answer.%zu", d->round);
	if (text && text[strspn(text, " \t\n")])
		record_set(e.next, sec.ptr, key.ptr, text);
	else
		record_unset(e.next, sec.ptr, key.ptr);
	rc = edit_commit(&e, s, a, L("答复审核意见", "answer the review of "), NULL, 0, err);
cleanup:
	plan_diff_free(d);
	edit_end(&e);
	buf_release(&sec);
	buf_release(&key);
	return rc;
}
