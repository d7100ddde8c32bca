/* exchange: teacher exchange — the exchange rules (exchange_type_ops), the plan's host-school question, yearly quotas. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"

static const char *get(const struct record *r, const char *section, const char *key)
{
	const char *v = r ? record_get(r, section, key) : NULL;
	return v ? v : "";
}

static const char *xget(const struct record *r, const char *key)
{
	return get(r, "exchange", key);
}

static const struct type_def *xt(void)
{
	return schema_type("exchange");
}

/* The group's lead college (group.ini [group] lead) into out; "" when unknown. */
static void lead_school(struct buf *out, struct store *s)
{
	struct record *g = NULL;
	if (store_read(&g, s, "group.ini", NULL) == 0)
		buf_puts(out, get(g, "group", "lead"));
	record_free(g);
}

int exchange_year_of(char out[10], const char *date_or_term)
{
	char term[12];
	if (!date_or_term)
		return JY_EINVAL;
	if (id_term_valid(date_or_term))
		memcpy(term, date_or_term, sizeof(term));
	else if (id_term_of_date(term, date_or_term) != 0)
		return JY_EINVAL;
	memcpy(out, term, 9);
	out[9] = '\0';
	return 0;
}

/* ---- who may do what ---- */

static int admin_of_either(const struct actor *a, const struct record *r)
{
	return typeops_admin_of(a, xget(r, "from")) || typeops_admin_of(a, xget(r, "to"));
}

int exchange_may(struct store *s, const struct actor *a, const struct record *exchange, enum exchange_act act,
		 struct jy_err *err)
{
	(void)s, (void)act;
	if (admin_of_either(a, exchange))
		return 0;
	return err_set(err, JY_EPERM, L("只有派出学校（%s）或接收学校（%s）的管理员（或牵头学校的管理员）可以登记、修改师资互派记录",
					"only admins of the sending school (%s) or the receiving school (%s), or of the lead college, may record or change an exchange"),
		       xget(exchange, "from"), xget(exchange, "to"));
}

static int exchange_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			   struct jy_err *err)
{
	if (!next)
		return exchange_may(s, a, prev, EXCHANGE_ACT_DELETE, err);
	if (!prev)
		return exchange_may(s, a, next, EXCHANGE_ACT_CREATE, err);
	if (strcmp(xget(prev, "created_by"), xget(next, "created_by")) != 0)
		return err_set(err, JY_EPERM, "%s", L("师资互派记录的登记人不能更改", "who recorded an exchange cannot be changed"));
	/* Both before and after: an admin cannot move someone else's exchange into their school, or out of it. */
	int rc = exchange_may(s, a, prev, EXCHANGE_ACT_EDIT, err);
	return rc ? rc : exchange_may(s, a, next, EXCHANGE_ACT_EDIT, err);
}

static int exchange_complete(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	(void)err;
	const char *person = xget(r, "person");
	if (!*xget(r, "from") && *person && id_component_valid(person)) {
		struct record *p = NULL;
		if (roster_person(&p, s, person, NULL) == 0 && *get(p, "person", "school"))
			record_set(r, "exchange", "from", get(p, "person", "school"));
		record_free(p);
	}
	if (a->id && !record_get(r, "exchange", "created_by"))
		record_set(r, "exchange", "created_by", a->id);
	return 0;
}

static int exchange_derive(struct store *s, struct record *r, struct jy_err *err)
{
	char year[10];
	(void)s, (void)err;
	if (exchange_year_of(year, xget(r, "start")) == 0)
		record_set(r, "exchange", "year", year);
	return 0;
}

static void exchange_validate(struct store *s, const struct record *r, struct vec *problems)
{
	char year[10];
	struct buf lead = BUF_INIT;
	const char *start = xget(r, "start"), *end = xget(r, "end"), *dir = xget(r, "direction");
	const char *from = xget(r, "from"), *to = xget(r, "to"), *person = xget(r, "person");
	if (exchange_year_of(year, start) == 0 && strcmp(year, xget(r, "year")) != 0)
		vec_push_strf(problems, L("字段「学年」(exchange.year)：开始日期 %s 在 %s 学年，不是 %s", "field \"school year\" (exchange.year): %s is in %s, not %s"),
			start, year, xget(r, "year"));
	if (*start && *end && strcmp(end, start) < 0)
		vec_push_strf(problems, L("字段「结束日期」(exchange.end)：%s 早于开始日期 %s", "field \"end\" (exchange.end): %s is before the start %s"), end,
			start);
	if (*from && strcmp(from, to) == 0)
		vec_push_strf(problems, L("派出学校与接收学校相同（%s）", "the sending and the receiving school are the same (%s)"), from);
	lead_school(&lead, s);
	if (lead.len && *from && *to) {
		int out = strcmp(dir, "guide") == 0;
		if (out && (strcmp(from, lead.ptr) != 0 || strcmp(to, lead.ptr) == 0))
			vec_push_strf(problems, L("教学指导是牵头学校（%s）的教师到成员学校：派出学校应为 %s，接收学校应为成员学校",
					    "teaching guidance sends a lead-college (%s) teacher to a member school: from must be %s, to a member school"),
				lead.ptr, lead.ptr);
		if (!out && *dir && (strcmp(to, lead.ptr) != 0 || strcmp(from, lead.ptr) == 0))
			vec_push_strf(problems, L("跟班学习和培训进修是成员学校的教师到牵头学校（%s）：接收学校应为 %s",
					    "shadowing and training bring a member-school teacher to the lead college (%s): to must be %s"),
				lead.ptr, lead.ptr);
	}
	if (*person && id_component_valid(person) && *from) {
		struct record *p = NULL;
		if (roster_person(&p, s, person, NULL) == 0 && strcmp(get(p, "person", "school"), from) != 0)
			vec_push_strf(problems, L("字段「派出学校」(exchange.from)：%s 是 %s 的教师，不是 %s 的", "field \"from\" (exchange.from): %s teaches at %s, not %s"),
				person, get(p, "person", "school"), from);
		record_free(p);
	}
	buf_release(&lead);
}

static void exchange_describe(struct buf *out, struct store *s, const struct record *r)
{
	records_name(out, s, "person", record_get(r, "exchange", "person"));
	buf_puts(out, " ");
	records_name(out, s, "school", record_get(r, "exchange", "from"));
	buf_puts(out, "→");
	records_name(out, s, "school", record_get(r, "exchange", "to"));
	buf_printf(out, L("（%s 至 %s）", " (%s to %s)"), xget(r, "start"), xget(r, "end"));
}

const struct type_ops exchange_type_ops = {
	.type = "exchange",
	.complete = exchange_complete,
	.derive = exchange_derive,
	.validate = exchange_validate,
	.permit = exchange_permit,
	.describe = exchange_describe,
};

/* ---- the plan's question ---- */

int exchange_hosts(struct store *s, const char *person, const char *school, const char *term)
{
	char first[11] = "", last[11] = "";
	struct vec items = VEC_INIT(store_item_free);
	struct buf w = BUF_INIT;
	int yes = 0;
	if (!person || !school || !id_component_valid(person) || (term && id_term_span(first, last, term) != 0))
		return 0;
	buf_printf(&w, "person=%s", person);
	const char *where[] = { w.ptr, NULL };
	struct store_query q = { .type = "exchange", .where = where };
	if (store_list(&items, s, &q, NULL, NULL) == 0)
		for (size_t i = 0; i < items.len && !yes; i++) {
			const struct record *r = ((const struct store_item *)items.items[i])->rec;
			if (strcmp(xget(r, "direction"), "guide") != 0 || strcmp(xget(r, "to"), school) != 0)
				continue;
			yes = !term || (strcmp(xget(r, "start"), last) <= 0 && strcmp(xget(r, "end"), first) >= 0);
		}
	vec_free(&items);
	buf_release(&w);
	return yes;
}

/* ---- typed values ---- */

static void trimmed(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	buf_add(out, s, n);
}

/* Courses separated by , ， 、 or ; into "a,b" (FT_LIST). */
static void course_list(struct buf *out, const char *in)
{
	struct buf cur = BUF_INIT, t = BUF_INIT;
	size_t items = 0;
	for (const char *p = in;; ) {
		size_t skip = !*p || *p == ',' || *p == ';' ? 1
			      : strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0 || strncmp(p, "；", 3) == 0 ? 3 : 0;
		if (skip) {
			buf_reset(&t);
			trimmed(&t, cur.ptr);
			if (t.len)
				buf_printf(out, "%s%s", items++ ? "," : "", t.ptr);
			buf_reset(&cur);
			if (!*p)
				break;
			p += skip;
		} else {
			buf_putc(&cur, *p++);
		}
	}
	buf_release(&cur);
	buf_release(&t);
}

int exchange_value(struct buf *stored, struct store *s, const char *key, const char *input, struct jy_err *err)
{
	static const struct {
		const char *key, *type;
	} refs[] = { { "person", "person" }, { "from", "school" }, { "to", "school" }, { "specialty", "specialty" } };
	const struct field_def *f = schema_field(xt(), "exchange", key);
	struct buf v = BUF_INIT, id = BUF_INIT;
	int rc = 0;
	trimmed(&v, input ? input : "");
	if (!f) {
		rc = err_set(err, JY_EINVAL, L("师资互派记录没有字段 %s", "an exchange has no field %s"), key);
		goto cleanup;
	}
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
		if (strcmp(refs[i].key, key) == 0 && v.len) {
			if ((rc = records_ref(&id, s, refs[i].type, v.ptr, err)) == 0)
				buf_add(stored, id.ptr, id.len);
			else
				err_prefix(err, L("字段「%s」(exchange.%s)", "field \"%s\" (exchange.%s)"), schema_field_label(f), key);
			goto cleanup;
		}
	if (strcmp(key, "direction") == 0 && v.len) {
		const char *p = schema_enum_parse(f, v.ptr);
		if (p)
			buf_add(stored, p, schema_enum_len(p));
		else
			rc = schema_check_value(f, "exchange", key, v.ptr, err);
		goto cleanup;
	}
	if (strcmp(key, "courses") == 0) {
		course_list(&id, v.ptr);
		buf_reset(&v);
		buf_add(&v, id.ptr, id.len);
	}
	if ((rc = schema_check_value(f, "exchange", key, v.ptr, err)) == 0)
		buf_add(stored, v.ptr, v.len);
cleanup:
	buf_release(&v);
	buf_release(&id);
	return rc;
}

/* ---- lists and quotas ---- */

static int by_start(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	int c = strcmp(xget(x->rec, "start"), xget(y->rec, "start"));
	return c ? c : strcmp(x->id, y->id);
}

int exchange_list(struct vec *out, struct store *s, const char *year, const char *school, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free);
	struct buf w = BUF_INIT;
	if (year)
		buf_printf(&w, "year=%s", year);
	const char *where[] = { w.ptr, NULL };
	struct store_query q = { .type = "exchange", .where = year ? where : NULL };
	int rc = store_list(&items, s, &q, NULL, err);
	if (rc == 0) {
		vec_sort(&items, by_start);
		for (size_t i = 0; i < items.len; i++) {
			struct store_item *it = items.items[i];
			if (!school || strcmp(xget(it->rec, "from"), school) == 0 || strcmp(xget(it->rec, "to"), school) == 0) {
				vec_push(out, it);
				items.items[i] = NULL;
			}
		}
	}
	vec_free(&items);
	buf_release(&w);
	return rc;
}

void exchange_quota_free(void *q)
{
	struct exchange_quota *x = q;
	if (!x)
		return;
	free(x->specialty);
	free(x->name);
	vec_free(&x->teachers);
	free(x);
}

static long group_long(const struct record *g, const char *key, const char *spec, long dflt)
{
	struct buf k = BUF_INIT;
	buf_printf(&k, "%s.%s", key, spec);
	const char *v = record_get(g, "exchange", k.ptr);
	if (!v)
		v = record_get(g, "exchange", key);
	buf_release(&k);
	return v ? atol(v) : dflt;
}

int exchange_quotas(struct vec *out, struct store *s, const char *year, struct jy_err *err)
{
	struct vec specs = VEC_INIT(store_item_free), ex = VEC_INIT(store_item_free);
	struct store_query q = { .type = "specialty" };
	struct record *g = NULL;
	int rc = store_list(&specs, s, &q, NULL, err);
	if (rc == 0)
		rc = exchange_list(&ex, s, year, NULL, err);
	if (rc)
		goto cleanup;
	store_read(&g, s, "group.ini", NULL);
	for (size_t i = 0; i < specs.len; i++) {
		const struct store_item *sp = specs.items[i];
		struct exchange_quota *x = xcalloc(1, sizeof(*x));
		x->specialty = xstrdup(sp->id);
		x->name = xstrdup(*get(sp->rec, "specialty", "name") ? get(sp->rec, "specialty", "name") : sp->id);
		vec_init(&x->teachers, free);
		x->min = group_long(g, "min", sp->id, 1);
		x->max = group_long(g, "max", sp->id, 2);
		for (size_t k = 0; k < ex.len; k++) {
			const struct record *r = ((const struct store_item *)ex.items[k])->rec;
			if (strcmp(xget(r, "direction"), "guide") == 0 && strcmp(xget(r, "specialty"), sp->id) == 0 &&
			    !vec_has_str(&x->teachers, xget(r, "person")))
				vec_push_str(&x->teachers, xget(r, "person"));
		}
		x->sent = x->teachers.len;
		x->missing = (long)x->sent < x->min ? (size_t)(x->min - (long)x->sent) : 0;
		x->over = x->max > 0 && (long)x->sent > x->max ? (size_t)((long)x->sent - x->max) : 0;
		vec_push(out, x);
	}
cleanup:
	record_free(g);
	vec_free(&specs);
	vec_free(&ex);
	return rc;
}
