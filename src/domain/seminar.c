/* seminar: teaching seminars — the seminar rules (seminar_type_ops), typed values, action items and ticking them off. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/seminar.h"
#include "jiaoyan/text.h"

static const char *get(const struct record *r, const char *section, const char *key)
{
	const char *v = r ? record_get(r, section, key) : NULL;
	return v ? v : "";
}

static const char *sget(const struct record *r, const char *key)
{
	return get(r, "seminar", key);
}

static const struct type_def *st(void)
{
	return schema_type("seminar");
}

/* "action.12" → 12; 0 for any other section name. */
static size_t action_no(const char *section)
{
	if (strncmp(section, "action.", 7) != 0 || !section[7])
		return 0;
	size_t n = 0;
	for (const char *p = section + 7; *p; p++) {
		if (*p < '0' || *p > '9' || n > 100000)
			return 0;
		n = n * 10 + (size_t)(*p - '0');
	}
	return n;
}

size_t seminar_action_count(const struct record *r)
{
	size_t n = 0;
	for (size_t i = 0; r && i < record_section_count(r); i++)
		n += action_no(record_section(r, i)) != 0;
	return n;
}

static void action_section(char out[32], size_t n)
{
	snprintf(out, 32, "action.%zu", n);
}

static void today_str(char out[11])
{
	id_date(out, id_now());
}

int seminar_overdue(const char *state, const char *due, const char *today)
{
	char now[11];
	if (!today) {
		today_str(now);
		today = now;
	}
	return state && strcmp(state, "open") == 0 && due && *due && strcmp(due, today) < 0;
}

/* ---- who may do what ---- */

static int lead_admin(const struct actor *a)
{
	return actor_is_admin(a) && a->lead_college;
}

/* Whoever may change anything of the seminar: its recorder, a lead of its specialty, a lead-college admin. */
static int manager(struct store *s, const struct actor *a, const struct record *r)
{
	const char *spec = sget(r, "specialty");
	if (lead_admin(a))
		return 1;
	if (a->id && strcmp(sget(r, "created_by"), a->id) == 0)
		return 1;
	return *spec && records_lead_of(s, a, spec);
}

int seminar_may(struct store *s, const struct actor *a, const struct record *seminar, size_t n, enum seminar_act act,
		struct jy_err *err)
{
	char sec[32];
	switch (act) {
	case SEMINAR_ACT_CREATE:
		if (lead_admin(a))
			return 0;
		if (!*sget(seminar, "specialty"))
			return err_set(err, JY_EPERM, "%s",
				       L("只有牵头学校的管理员可以登记全集团的研讨会议（专业研讨会议也可由该专业的专业负责人登记）",
					 "only lead-college admins may record a group-wide seminar (a specialty's leads may record its own)"));
		if (records_lead_of(s, a, sget(seminar, "specialty")))
			return 0;
		return err_set(err, JY_EPERM, "%s",
			       L("只有该专业的专业负责人（或牵头学校的管理员）可以登记专业研讨会议",
				 "only a lead of the specialty (or a lead-college admin) may record its seminars"));
	case SEMINAR_ACT_EDIT:
		if (manager(s, a, seminar))
			return 0;
		return err_set(err, JY_EPERM, "%s",
			       L("只有会议的登记人、该专业的专业负责人或牵头学校的管理员可以修改研讨会议记录",
				 "only whoever recorded the seminar, a lead of its specialty or a lead-college admin may change it"));
	case SEMINAR_ACT_TICK:
		action_section(sec, n);
		if (!n || !record_has_section(seminar, sec))
			return err_set(err, JY_EINVAL, L("这次研讨会议没有第 %zu 项事项（共 %zu 项）", "the seminar has no action item %zu (it has %zu)"),
				       n, seminar_action_count(seminar));
		if ((a->id && strcmp(get(seminar, sec, "owner"), a->id) == 0) || manager(s, a, seminar))
			return 0;
		{
			struct buf name = BUF_INIT;
			records_name(&name, s, "person", get(seminar, sec, "owner"));
			err_set(err, JY_EPERM,
				L("只有事项的责任人（%s）、会议的登记人、该专业的专业负责人或牵头学校的管理员可以标记这项事项",
				  "only the item's owner (%s), whoever recorded the seminar, a lead of its specialty or a lead-college admin may tick it off"),
				name.ptr);
			buf_release(&name);
		}
		return JY_EPERM;
	case SEMINAR_ACT_DELETE:
		if (lead_admin(a))
			return 0;
		return err_set(err, JY_EPERM, "%s",
			       L("只有牵头学校的管理员可以删除研讨会议记录", "only lead-college admins may delete a seminar record"));
	}
	return JY_EINVAL;
}

static int same(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* 1 when section sec differs between a and b (either may lack it), looking only at keys for which pick(key) says 1. */
static int section_differs(const struct record *a, const struct record *b, const char *sec, int (*pick)(const char *key))
{
	const struct record *rs[2] = { a, b };
	for (int k = 0; k < 2; k++) {
		long i = record_section_index(rs[k], sec);
		if (i < 0) {
			if (record_section_index(rs[1 - k], sec) < 0)
				continue;
			return 1;
		}
		for (size_t j = 0; j < record_key_count(rs[k], (size_t)i); j++) {
			const char *key = record_key(rs[k], (size_t)i, j);
			if ((!pick || pick(key)) && !same(record_value(rs[k], (size_t)i, j), record_get(rs[1 - k], sec, key)))
				return 1;
		}
	}
	return 0;
}

static int tick_key(const char *key)
{
	return strcmp(key, "state") == 0 || strcmp(key, "done") == 0 || strcmp(key, "evidence") == 0;
}

static int not_tick_key(const char *key)
{
	return !tick_key(key);
}

/* 1 when prev → next only ticks off (or reopens) items whose owner is `who`, and changes nothing else. */
static int owner_ticks_only(const struct record *prev, const struct record *next, const char *who)
{
	const struct record *rs[2] = { prev, next };
	if (!who)
		return 0;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < record_section_count(rs[k]); i++) {
			const char *sec = record_section(rs[k], i);
			if (!action_no(sec)) {
				if (section_differs(prev, next, sec, NULL))
					return 0;
				continue;
			}
			if (record_section_index(rs[1 - k], sec) < 0 || section_differs(prev, next, sec, not_tick_key))
				return 0;
			if (section_differs(prev, next, sec, tick_key) && strcmp(get(prev, sec, "owner"), who) != 0)
				return 0;
		}
	return 1;
}

static int seminar_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			  struct jy_err *err)
{
	if (!next)
		return seminar_may(s, a, prev, 0, SEMINAR_ACT_DELETE, err);
	if (!prev)
		return seminar_may(s, a, next, 0, SEMINAR_ACT_CREATE, err);
	if (!same(record_get(prev, "seminar", "created_by"), record_get(next, "seminar", "created_by")))
		return err_set(err, JY_EPERM, "%s", L("研讨会议的登记人不能更改", "who recorded a seminar cannot be changed"));
	if (manager(s, a, prev) && manager(s, a, next))
		return 0;
	if (owner_ticks_only(prev, next, a->id))
		return 0;
	/* The refusal names the rule that would have allowed the change. */
	if (!manager(s, a, prev))
		return seminar_may(s, a, prev, 0, SEMINAR_ACT_EDIT, err);
	return seminar_may(s, a, next, 0, SEMINAR_ACT_EDIT, err);
}

static int seminar_complete(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	char term[12];
	(void)s, (void)err;
	if (!record_get(r, "seminar", "term") && id_term_of_date(term, sget(r, "date")) == 0)
		record_set(r, "seminar", "term", term);
	if (a->id && !record_get(r, "seminar", "created_by"))
		record_set(r, "seminar", "created_by", a->id);
	return 0;
}

static int id_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The schools of the attendees, in id order: who came is what the ledger counts per school. */
static int seminar_derive(struct store *s, struct record *r, struct jy_err *err)
{
	struct vec people = VEC_INIT(free), schools = VEC_INIT(free);
	struct buf joined = BUF_INIT;
	(void)err;
	vec_split(&people, sget(r, "attendees"), ',');
	for (size_t i = 0; i < people.len; i++) {
		struct record *p = NULL;
		if (id_component_valid(people.items[i]) && roster_person(&p, s, people.items[i], NULL) == 0) {
			const char *sc = get(p, "person", "school");
			if (*sc && !vec_has_str(&schools, sc))
				vec_push_str(&schools, sc);
		}
		record_free(p);
	}
	vec_sort(&schools, id_cmp);
	for (size_t i = 0; i < schools.len; i++)
		buf_printf(&joined, "%s%s", i ? "," : "", (char *)schools.items[i]);
	if (joined.len)
		record_set(r, "seminar", "schools", joined.ptr);
	else
		record_unset(r, "seminar", "schools");
	vec_free(&people);
	vec_free(&schools);
	buf_release(&joined);
	return 0;
}

static void seminar_validate(struct store *s, const struct record *r, struct vec *problems)
{
	char term[12];
	const char *date = sget(r, "date");
	(void)s;
	if (id_term_of_date(term, date) == 0 && strcmp(term, sget(r, "term")) != 0)
		vec_push_strf(problems, L("字段「学期」(seminar.term)：%s 在 %s 学期，不在 %s 学期", "field \"term\" (seminar.term): %s is in term %s, not %s"),
			date, term, sget(r, "term"));
	size_t n = seminar_action_count(r);
	for (size_t k = 1; k <= n; k++) {
		char sec[32];
		action_section(sec, k);
		if (!record_has_section(r, sec)) {
			vec_push_strf(problems, L("事项应连续编号 [action.1] … [action.%zu]，缺少 [%s]", "action items are numbered [action.1] … [action.%zu] without gaps; [%s] is missing"),
				n, sec);
			continue;
		}
		const char *state = get(r, sec, "state"), *done = get(r, sec, "done");
		if (strcmp(state, "done") == 0 && !*done)
			vec_push_strf(problems, L("字段「实际完成时间」(%s.done)：已完成的事项须写完成日期", "field \"done on\" (%s.done): a done item needs the date it was done"),
				sec);
		if (strcmp(state, "open") == 0 && *done)
			vec_push_strf(problems, L("字段「实际完成时间」(%s.done)：未完成的事项不能有完成日期", "field \"done on\" (%s.done): an open item has no done date"),
				sec);
	}
}

static void seminar_describe(struct buf *out, struct store *s, const struct record *r)
{
	(void)s;
	buf_printf(out, "%s（%s）", sget(r, "title"), sget(r, "date"));
}

const struct type_ops seminar_type_ops = {
	.type = "seminar",
	.complete = seminar_complete,
	.derive = seminar_derive,
	.validate = seminar_validate,
	.permit = seminar_permit,
	.describe = seminar_describe,
};

/* ---- typed values ---- */

/* Splits input on , ， 、 and white space into owned, non-empty items. */
static void split_items(struct vec *out, const char *input)
{
	struct buf cur = BUF_INIT;
	for (const char *p = input;; ) {
		size_t skip = 0;
		if (!*p || *p == ',' || *p == ' ' || *p == '\t' || *p == '\n')
			skip = 1;
		else if (strncmp(p, "，", strlen("，")) == 0)
			skip = strlen("，");
		else if (strncmp(p, "、", strlen("、")) == 0)
			skip = strlen("、");
		else if (strncmp(p, "　", strlen("　")) == 0)
			skip = strlen("　");
		if (skip) {
			if (cur.len)
				vec_push_str(out, cur.ptr);
			buf_reset(&cur);
			if (!*p)
				break;
			p += skip;
		} else {
			buf_putc(&cur, *p++);
		}
	}
	buf_release(&cur);
}

static int topics_value(struct buf *stored, const char *input, struct jy_err *err)
{
	const struct field_def *f = schema_field(st(), "seminar", "topics");
	struct vec items = VEC_INIT(free), vals = VEC_INIT(free);
	struct buf all = BUF_INIT;
	int rc = 0;
	split_items(&items, input);
	for (size_t i = 0; i < items.len && rc == 0; i++) {
		const char *it = items.items[i], *v = NULL;
		char *one = NULL;
		if (it[0] >= '1' && it[0] <= '7' && !it[1]) {
			v = f->values;
			for (int k = 1; k < it[0] - '0'; k++)
				v = strchr(v, '|') + 1;
		} else {
			v = schema_enum_parse(f, it);
		}
		if (!v) {
			struct buf lab = BUF_INIT;
			schema_value_label(&lab, f, "system,content,reform,looseleaf,digital,practice,evaluation");
			rc = err_set(err, JY_EINVAL,
				     L("字段「研讨主题」(seminar.topics)：「%s」不是集团方案列出的主题；可写编号 1–7 或名称：%s（其他主题写在 other_topics）",
				       "field \"topics\" (seminar.topics): \"%s\" is not one of the plan's topics; give 1-7 or a name: %s (others go to other_topics)"),
				     it, lab.ptr);
			buf_release(&lab);
			break;
		}
		one = xstrndup(v, schema_enum_len(v));
		if (!vec_has_str(&vals, one))
			vec_push_str(&vals, one);
		free(one);
	}
	/* Stored in the plan's order, whatever order they were typed in. */
	if (rc == 0) {
		const char *v = f->values;
		while (v && *v) {
			char *one = xstrndup(v, schema_enum_len(v));
			if (vec_has_str(&vals, one))
				buf_printf(&all, "%s%s", all.len ? "," : "", one);
			free(one);
			v = strchr(v, '|');
			v = v ? v + 1 : NULL;
		}
		buf_add(stored, all.ptr, all.len);
	}
	vec_free(&items);
	vec_free(&vals);
	buf_release(&all);
	return rc;
}

static int people_value(struct buf *stored, struct store *s, const char *input, struct jy_err *err)
{
	struct vec items = VEC_INIT(free), ids = VEC_INIT(free);
	struct buf id = BUF_INIT, all = BUF_INIT;
	int rc = 0;
	split_items(&items, input);
	for (size_t i = 0; i < items.len && rc == 0; i++) {
		buf_reset(&id);
		if ((rc = records_ref(&id, s, "person", items.items[i], err)) != 0) {
			err_prefix(err, "%s", L("字段「参会人员」(seminar.attendees)", "field \"attendees\" (seminar.attendees)"));
			break;
		}
		if (!vec_has_str(&ids, id.ptr)) {
			vec_push_str(&ids, id.ptr);
			buf_printf(&all, "%s%s", all.len ? "," : "", id.ptr);
		}
	}
	if (rc == 0)
		buf_add(stored, all.ptr, all.len);
	vec_free(&items);
	vec_free(&ids);
	buf_release(&id);
	buf_release(&all);
	return rc;
}

/* Trims ASCII and full-width spaces at both ends into out. */
static void trimmed(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++, n--;
		else if (n >= 3 && strncmp(s, "　", 3) == 0)
			s += 3, n -= 3;
		else
			break;
	}
	for (;;) {
		if (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
			n--;
		else if (n >= 3 && strncmp(s + n - 3, "　", 3) == 0)
			n -= 3;
		else
			break;
	}
	buf_add(out, s, n);
}

int seminar_value(struct buf *stored, struct store *s, const char *key, const char *input, struct jy_err *err)
{
	struct buf v = BUF_INIT;
	int rc = 0;
	trimmed(&v, input ? input : "");
	if (strcmp(key, "topics") == 0) {
		rc = topics_value(stored, v.ptr, err);
	} else if (strcmp(key, "attendees") == 0) {
		rc = people_value(stored, s, v.ptr, err);
	} else if ((strcmp(key, "host") == 0 || strcmp(key, "specialty") == 0) && v.len) {
		struct buf id = BUF_INIT;
		rc = records_ref(&id, s, strcmp(key, "host") == 0 ? "school" : "specialty", v.ptr, err);
		if (rc == 0)
			buf_add(stored, id.ptr, id.len);
		buf_release(&id);
	} else {
		const struct field_def *f = schema_field(st(), "seminar", key);
		if (!f)
			rc = err_set(err, JY_EINVAL, L("研讨会议没有字段 %s", "a seminar has no field %s"), key);
		else if ((rc = schema_check_value(f, "seminar", key, v.ptr, err)) == 0)
			buf_add(stored, v.ptr, v.len);
	}
	buf_release(&v);
	return rc;
}

/* Splits "a|b|c" (or full-width ｜) into exactly parts trimmed items; 0 when the count differs. */
static int split_bars(struct vec *out, const char *spec, size_t parts)
{
	struct buf cur = BUF_INIT, t = BUF_INIT;
	for (const char *p = spec;; ) {
		size_t skip = !*p || *p == '|' ? 1 : strncmp(p, "｜", strlen("｜")) == 0 ? strlen("｜") : 0;
		if (skip) {
			buf_reset(&t);
			trimmed(&t, cur.ptr);
			vec_push_str(out, t.ptr);
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
	return out->len == parts;
}

int seminar_action_add(size_t *n_out, struct record *r, struct store *s, const char *spec, struct jy_err *err)
{
	struct vec parts = VEC_INIT(free);
	struct buf owner = BUF_INIT;
	char sec[32];
	int rc = 0;
	if (!split_bars(&parts, spec ? spec : "", 3)) {
		rc = err_set(err, JY_EINVAL,
			     L("事项「%s」应写成 工作内容|责任人|完成时限（如 修订衔接课程标准|祁振宇|2026-12-31）",
			       "action item \"%s\" is written what|owner|due (e.g. revise the standard|qizhenyu|2026-12-31)"),
			     spec ? spec : "");
		goto cleanup;
	}
	const char *what = parts.items[0], *who = parts.items[1], *due = parts.items[2];
	if (!*what) {
		rc = err_set(err, JY_EINVAL, L("事项「%s」：工作内容不能为空", "action item \"%s\": what is to be done is missing"), spec);
		goto cleanup;
	}
	if ((rc = schema_check_value(schema_field(st(), "action.1", "what"), "action", "what", what, err)))
		goto cleanup;
	if ((rc = records_ref(&owner, s, "person", who, err))) {
		err_prefix(err, L("事项「%s」的责任人", "the owner of action item \"%s\""), what);
		goto cleanup;
	}
	if (!id_date_valid(due)) {
		rc = err_set(err, JY_EINVAL, L("事项「%s」的完成时限「%s」不是有效日期（YYYY-MM-DD）", "action item \"%s\": due \"%s\" is not a date (YYYY-MM-DD)"),
			     what, due);
		goto cleanup;
	}
	size_t n = seminar_action_count(r) + 1;
	action_section(sec, n);
	record_set(r, sec, "what", what);
	record_set(r, sec, "owner", owner.ptr);
	record_set(r, sec, "due", due);
	record_set(r, sec, "state", "open");
	if (n_out)
		*n_out = n;
cleanup:
	vec_free(&parts);
	buf_release(&owner);
	return rc;
}

/* ---- ticking off ---- */

int seminar_tick(struct store *s, const struct actor *a, const char *id, size_t n, int done, const char *date,
		 const char *evidence, struct jy_err *err)
{
	struct buf path = BUF_INIT, verb = BUF_INIT;
	struct record *r = NULL;
	char today[11], sec[32];
	int rc = store_resolve(&path, s, id, err);
	if (rc)
		goto cleanup;
	if (schema_type_of_path(path.ptr) != st()) {
		rc = err_set(err, JY_EINVAL, L("%s 不是研讨会议记录", "%s is not a seminar"), id);
		goto cleanup;
	}
	if ((rc = store_read(&r, s, path.ptr, err)) || (rc = seminar_may(s, a, r, n, SEMINAR_ACT_TICK, err)))
		goto cleanup;
	action_section(sec, n);
	if (strcmp(get(r, sec, "state"), done ? "done" : "open") == 0) {
		rc = err_set(err, JY_EINVAL, done ? L("第 %zu 项事项已经完成（%s）", "action item %zu is already done (%s)")
						  : L("第 %zu 项事项本来就未完成%s", "action item %zu is open already%s"),
			     n, get(r, sec, "done"));
		goto cleanup;
	}
	if (done) {
		today_str(today);
		if (date && !id_date_valid(date)) {
			rc = err_set(err, JY_EINVAL, L("完成日期「%s」不是有效日期（YYYY-MM-DD）", "done date \"%s\" is not a date (YYYY-MM-DD)"), date);
			goto cleanup;
		}
		record_set(r, sec, "state", "done");
		record_set(r, sec, "done", date ? date : today);
		if (evidence && *evidence)
			record_set(r, sec, "evidence", evidence);
		buf_printf(&verb, L("完成第 %zu 项事项·", "item %zu done: "), n);
	} else {
		record_set(r, sec, "state", "open");
		record_unset(r, sec, "done");
		if (evidence && *evidence)
			record_set(r, sec, "evidence", evidence);
		buf_printf(&verb, L("重新打开第 %zu 项事项·", "item %zu reopened: "), n);
	}
	rc = records_update(s, a, path.ptr, r, verb.ptr, err);
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&verb);
	return rc;
}

/* ---- lists ---- */

void seminar_item_free(void *item)
{
	struct seminar_item *it = item;
	if (!it)
		return;
	free(it->path);
	free(it->seminar);
	free(it->title);
	free(it->term);
	free(it->date);
	free(it->what);
	free(it->owner);
	free(it->owner_name);
	free(it->owner_school);
	free(it->due);
	free(it->state);
	free(it->done);
	free(it->evidence);
	free(it);
}

static int item_cmp(const void *a, const void *b)
{
	const struct seminar_item *x = a, *y = b;
	int c = strcmp(x->due, y->due);
	if (!c)
		c = strcmp(x->seminar, y->seminar);
	return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* The owner's person record (NULL when there is none), read once per owner: the actions of a term name a few
 * people, so the roster is not decoded whole. */
static const struct record *find_person(struct vec *people, struct store *s, const char *id)
{
	for (size_t i = 0; i < people->len; i++) {
		const struct store_item *it = people->items[i];
		if (strcmp(it->id, id) == 0)
			return it->rec;
	}
	struct store_item *it = xcalloc(1, sizeof(*it));
	it->id = xstrdup(id);
	if (roster_person(&it->rec, s, id, NULL) != 0)
		it->rec = NULL;
	vec_push(people, it);
	return it->rec;
}

int seminar_items(struct vec *out, struct store *s, const char *term, const char *owner, const char *school,
		  int open_only, struct jy_err *err)
{
	struct vec seminars = VEC_INIT(store_item_free), people = VEC_INIT(store_item_free), found = VEC_INIT(NULL);
	struct store_query q = { .type = "seminar", .term = term };
	char today[11];
	int rc = records_list(&seminars, s, &q, err);
	if (rc)
		goto cleanup;
	today_str(today);
	for (size_t i = 0; i < seminars.len; i++) {
		const struct store_item *sem = seminars.items[i];
		size_t n = seminar_action_count(sem->rec);
		for (size_t k = 1; k <= n; k++) {
			char sec[32];
			action_section(sec, k);
			const char *who = get(sem->rec, sec, "owner"), *state = get(sem->rec, sec, "state");
			const struct record *p = find_person(&people, s, who);
			const char *psch = get(p, "person", "school");
			if ((owner && strcmp(owner, who) != 0) || (school && strcmp(school, psch) != 0) ||
			    (open_only && strcmp(state, "open") != 0) || !record_has_section(sem->rec, sec))
				continue;
			struct seminar_item *it = xcalloc(1, sizeof(*it));
			it->path = xstrdup(sem->path);
			it->seminar = xstrdup(sem->id);
			it->title = xstrdup(sget(sem->rec, "title"));
			it->term = xstrdup(sget(sem->rec, "term"));
			it->date = xstrdup(sget(sem->rec, "date"));
			it->n = k;
			it->what = xstrdup(get(sem->rec, sec, "what"));
			it->owner = xstrdup(who);
			it->owner_name = xstrdup(*get(p, "person", "name") ? get(p, "person", "name") : who);
			it->owner_school = xstrdup(psch);
			it->due = xstrdup(get(sem->rec, sec, "due"));
			it->state = xstrdup(state);
			it->done = xstrdup(get(sem->rec, sec, "done"));
			it->evidence = xstrdup(get(sem->rec, sec, "evidence"));
			it->overdue = seminar_overdue(state, it->due, today);
			vec_push(&found, it);
		}
	}
	vec_sort(&found, item_cmp);
	for (size_t i = 0; i < found.len; i++)
		vec_push(out, found.items[i]);
cleanup:
	vec_free(&seminars);
	vec_free(&people);
	vec_free(&found);
	return rc;
}

void seminar_topics_label(struct buf *out, const struct record *r)
{
	const char *topics = sget(r, "topics"), *other = sget(r, "other_topics");
	schema_value_label(out, schema_field(st(), "seminar", "topics"), topics);
	if (*other)
		buf_printf(out, "%s%s", *topics ? L("、", ", ") : "", other);
}
