/* test_seminar: seminars, action items, teacher exchange and the ledger's rules — calendar, overdue, typed values, who may do what, quotas. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/demo.h"
#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/ledger.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/seminar.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "fixture.h"

static struct store *s;

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle))
		fail_msg("missing \"%s\" in: %s", needle, hay);
}

/* The demo's seminar whose title contains `word` (owned). */
static struct record *demo_seminar(const char *word, struct buf *path)
{
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { .type = "seminar" };
	struct jy_err err = JY_ERR_INIT;
	struct record *r = NULL;
	assert_int_equal(store_list(&items, s, &q, NULL, &err), 0);
	for (size_t i = 0; i < items.len && !r; i++) {
		const struct store_item *it = items.items[i];
		if (strstr(record_get(it->rec, "seminar", "title"), word)) {
			r = record_dup(it->rec);
			if (path)
				buf_set(path, it->path);
		}
	}
	vec_free(&items);
	assert_non_null(r);
	return r;
}

static void calendar(void **state)
{
	(void)state;
	char term[12], first[11], last[11];
	long a, b;
	static const char *const cases[][2] = {
		{ "2026-08-01", "2026-2027-1" }, { "2027-01-31", "2026-2027-1" }, { "2027-02-01", "2026-2027-2" },
		{ "2027-07-31", "2026-2027-2" }, { "2026-07-31", "2025-2026-2" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(id_term_of_date(term, cases[i][0]), 0);
		assert_string_equal(term, cases[i][1]);
	}
	assert_int_equal(id_term_of_date(term, "2026-02-30"), JY_EINVAL);
	assert_int_equal(id_term_span(first, last, "2026-2027-1"), 0);
	assert_string_equal(first, "2026-08-01");
	assert_string_equal(last, "2027-01-31");
	assert_int_equal(id_term_span(first, last, "2026-2027-2"), 0);
	assert_string_equal(first, "2027-02-01");
	assert_string_equal(last, "2027-07-31");
	assert_int_equal(id_term_span(first, last, "2026-2028-1"), JY_EINVAL);
	assert_int_equal(id_day_number(&a, "2026-11-22"), 0);
	assert_int_equal(id_day_number(&b, "2026-12-31"), 0);
	assert_int_equal(b - a, 39);
	assert_int_equal(id_day_number(&a, "2028-02-28"), 0);
	assert_int_equal(id_day_number(&b, "2028-03-01"), 0);
	assert_int_equal(b - a, 2);
	char year[10];
	assert_int_equal(exchange_year_of(year, "2027-03-04"), 0);
	assert_string_equal(year, "2026-2027");
	assert_int_equal(exchange_year_of(year, "2027-2028-1"), 0);
	assert_string_equal(year, "2027-2028");
	assert_int_equal(exchange_year_of(year, "soon"), JY_EINVAL);
}

static void overdue(void **state)
{
	(void)state;
	assert_true(seminar_overdue("open", "2026-11-21", "2026-11-22"));
	assert_false(seminar_overdue("open", "2026-11-22", "2026-11-22")); /* due today: not yet */
	assert_false(seminar_overdue("done", "2026-11-01", "2026-11-22"));
	assert_false(seminar_overdue("open", "", "2026-11-22"));
	/* Without a date: JIAOYAN_NOW's. */
	setenv("JIAOYAN_NOW", "2026-11-20T08:00:00", 1);
	assert_false(seminar_overdue("open", "2026-11-21", NULL));
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	assert_true(seminar_overdue("open", "2026-11-21", NULL));
	/* The list says the same of the demo's items: the lead's item was due 11 days after the seminar. */
	struct vec items = VEC_INIT(seminar_item_free);
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(seminar_items(&items, s, NULL, "kemingyuan", NULL, 1, &err), 0);
	assert_int_equal(items.len, 1);
	const struct seminar_item *it = items.items[0];
	assert_string_equal(it->due, "2026-11-11");
	assert_true(it->overdue);
	assert_string_equal(it->owner_school, "gz01");
	assert_string_equal(it->owner_name, "柯明远");
	vec_free(&items);
	/* Open items of one school's people, across seminars, by due date. */
	assert_int_equal(seminar_items(&items, s, NULL, NULL, "s03", 1, &err), 0);
	assert_int_equal(items.len, 2);
	assert_string_equal(((const struct seminar_item *)items.items[0])->owner, "chaiwenbo");
	assert_true(strcmp(((const struct seminar_item *)items.items[0])->due, ((const struct seminar_item *)items.items[1])->due) <= 0);
	vec_free(&items);
}

static void typed_values(void **state)
{
	(void)state;
	struct buf v = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	/* Numbers, Chinese labels and separators as people type them; stored in the plan's order. */
	assert_int_equal(seminar_value(&v, s, "topics", " 4，1、数字化教学资源 1 ", &err), 0);
	assert_string_equal(v.ptr, "system,looseleaf,digital");
	buf_reset(&v);
	assert_int_equal(seminar_value(&v, s, "topics", "8", &err), JY_EINVAL);
	has(err.msg, "「8」不是集团方案列出的主题");
	assert_int_equal(v.len, 0);
	assert_int_equal(seminar_value(&v, s, "attendees", "祁振宇, lixiaotang，祁振宇", &err), 0);
	assert_string_equal(v.ptr, "qizhenyu,lixiaotang");
	buf_reset(&v);
	assert_int_equal(seminar_value(&v, s, "attendees", "祁振宇,无此人", &err), JY_EINVAL);
	has(err.msg, "参会人员");
	assert_int_equal(v.len, 0);
	assert_int_equal(seminar_value(&v, s, "host", "海丝路职业中专学校", &err), 0);
	assert_string_equal(v.ptr, "s02");
	buf_reset(&v);
	assert_int_equal(seminar_value(&v, s, "specialty", "物联网应用技术", &err), 0);
	assert_string_equal(v.ptr, "510102");
	buf_reset(&v);
	assert_int_equal(seminar_value(&v, s, "date", "2026-13-01", &err), JY_EINVAL);
	has(err.msg, "YYYY-MM-DD");

	struct record *r = record_new();
	size_t n = 0;
	assert_int_equal(seminar_action_add(&n, r, s, " 修订标准 ｜ 柯明远 ｜2026-12-31", &err), 0);
	assert_int_equal(n, 1);
	assert_string_equal(record_get(r, "action.1", "what"), "修订标准");
	assert_string_equal(record_get(r, "action.1", "owner"), "kemingyuan");
	assert_string_equal(record_get(r, "action.1", "due"), "2026-12-31");
	assert_string_equal(record_get(r, "action.1", "state"), "open");
	assert_int_equal(seminar_action_add(&n, r, s, "只有两段|柯明远", &err), JY_EINVAL);
	has(err.msg, "工作内容|责任人|完成时限");
	assert_int_equal(seminar_action_add(&n, r, s, "日期不对|柯明远|2026-02-30", &err), JY_EINVAL);
	has(err.msg, "不是有效日期");
	assert_int_equal(seminar_action_add(&n, r, s, "|柯明远|2026-12-01", &err), JY_EINVAL);
	assert_int_equal(seminar_action_count(r), 1);
	record_free(r);

	assert_int_equal(exchange_value(&v, s, "direction", "跟班学习", &err), 0);
	assert_string_equal(v.ptr, "shadow");
	buf_reset(&v);
	assert_int_equal(exchange_value(&v, s, "courses", "网店运营，视觉营销设计、 数据化运营", &err), 0);
	assert_string_equal(v.ptr, "网店运营,视觉营销设计,数据化运营");
	buf_reset(&v);
	assert_int_equal(exchange_value(&v, s, "person", "闫书瑶", &err), 0);
	assert_string_equal(v.ptr, "yanshuyao");
	buf_reset(&v);
	assert_int_equal(exchange_value(&v, s, "direction", "出差", &err), JY_EINVAL);
	buf_release(&v);
}

static struct record *new_seminar(const char *specialty)
{
	struct record *r = record_new();
	record_set(r, "seminar", "title", "研讨");
	record_set(r, "seminar", "date", "2026-11-20");
	record_set(r, "seminar", "host", "gz01");
	if (specialty)
		record_set(r, "seminar", "specialty", specialty);
	return r;
}

static void who_records_a_seminar(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("seminar");
	struct jy_err err = JY_ERR_INIT;
	struct actor *lead_admin = fixture_actor("cenlixing"), *lead = fixture_actor("qizhenyu"), *other_lead = fixture_actor("kemingyuan"),
		     *member_admin = fixture_actor("lixiaotang"), *teacher = fixture_actor("mowanqing");
	struct record *wide = new_seminar(NULL), *iot = new_seminar("510102");
	assert_int_equal(records_permit(s, lead_admin, t, NULL, wide, &err), 0);
	assert_int_equal(records_permit(s, lead, t, NULL, wide, &err), JY_EPERM);
	has(err.msg, "只有牵头学校的管理员可以登记全集团的研讨会议");
	assert_int_equal(records_permit(s, member_admin, t, NULL, wide, &err), JY_EPERM);
	assert_int_equal(records_permit(s, lead, t, NULL, iot, &err), 0);
	assert_int_equal(records_permit(s, lead_admin, t, NULL, iot, &err), 0);
	assert_int_equal(records_permit(s, other_lead, t, NULL, iot, &err), JY_EPERM);
	has(err.msg, "只有该专业的专业负责人");
	assert_int_equal(records_permit(s, teacher, t, NULL, iot, &err), JY_EPERM);
	assert_null(strstr(err.msg, "jiaoyan "));
	/* What the program fills in: the term from the date, the recorder. */
	assert_int_equal(records_complete(s, lead, t, iot, &err), 0);
	assert_string_equal(record_get(iot, "seminar", "term"), "2026-2027-1");
	assert_string_equal(record_get(iot, "seminar", "created_by"), "qizhenyu");
	record_free(wide);
	record_free(iot);
	actor_free(lead_admin);
	actor_free(lead);
	actor_free(other_lead);
	actor_free(member_admin);
	actor_free(teacher);
}

static void who_ticks_an_item_off(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("seminar");
	struct jy_err err = JY_ERR_INIT;
	struct record *prev = demo_seminar("集团教学工作研讨会", NULL), *next;
	struct actor *owner = fixture_actor("kemingyuan"), *other = fixture_actor("shimingzhe"), *recorder = fixture_actor("cenlixing"), *admin = fixture_actor("qinhaiou"),
		     *member_admin = fixture_actor("lixiaotang");
	assert_string_equal(record_get(prev, "action.2", "owner"), "kemingyuan");
	/* The owner ticks their own item off. */
	next = record_dup(prev);
	record_set(next, "action.2", "state", "done");
	record_set(next, "action.2", "done", "2026-11-22");
	record_set(next, "action.2", "evidence", "初稿已发");
	assert_int_equal(records_permit(s, owner, t, prev, next, &err), 0);
	assert_int_equal(seminar_may(s, owner, prev, 2, SEMINAR_ACT_TICK, &err), 0);
	/* ... not another's, and not the item's text or the minutes. */
	assert_int_equal(records_permit(s, other, t, prev, next, &err), JY_EPERM);
	assert_int_equal(seminar_may(s, other, prev, 2, SEMINAR_ACT_TICK, &err), JY_EPERM);
	has(err.msg, "只有事项的责任人（柯明远）");
	record_set(next, "action.2", "what", "改了内容");
	assert_int_equal(records_permit(s, owner, t, prev, next, &err), JY_EPERM);
	record_free(next);
	next = record_dup(prev);
	record_set(next, "seminar", "minutes", "改纪要");
	assert_int_equal(records_permit(s, owner, t, prev, next, &err), JY_EPERM);
	/* The recorder and lead-college admins change anything; a member school's admin does not. */
	assert_int_equal(records_permit(s, recorder, t, prev, next, &err), 0);
	assert_int_equal(records_permit(s, admin, t, prev, next, &err), 0);
	assert_int_equal(records_permit(s, member_admin, t, prev, next, &err), JY_EPERM);
	record_set(next, "seminar", "created_by", "qinhaiou");
	assert_int_equal(records_permit(s, admin, t, prev, next, &err), JY_EPERM);
	has(err.msg, "登记人不能更改");
	record_free(next);
	/* An owner cannot add an item, even one of their own. */
	next = record_dup(prev);
	assert_int_equal(seminar_action_add(NULL, next, s, "再加一项|柯明远|2026-12-31", &err), 0);
	assert_int_equal(records_permit(s, owner, t, prev, next, &err), JY_EPERM);
	record_free(next);
	assert_int_equal(seminar_may(s, owner, prev, 99, SEMINAR_ACT_TICK, &err), JY_EINVAL);
	has(err.msg, "没有第 99 项事项");
	assert_int_equal(records_permit(s, member_admin, t, prev, NULL, &err), JY_EPERM);
	assert_int_equal(records_permit(s, recorder, t, prev, NULL, &err), 0);
	record_free(prev);
	actor_free(owner);
	actor_free(other);
	actor_free(recorder);
	actor_free(admin);
	actor_free(member_admin);
}

static void a_seminar_is_validated(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("seminar");
	struct jy_err err = JY_ERR_INIT;
	struct record *r = demo_seminar("集团教学工作研讨会", NULL);
	assert_int_equal(records_validate(s, t, r, &err), 0);
	record_set(r, "seminar", "term", "2026-2027-2");
	record_set(r, "action.2", "done", "2026-11-20");
	record_unset(r, "action.1", "done");
	record_remove_section(r, "action.4");
	assert_int_equal(records_validate(s, t, r, &err), JY_EINVAL);
	has(err.msg, "在 2026-2027-1 学期，不在 2026-2027-2 学期");
	has(err.msg, "action.2.done");
	has(err.msg, "action.1.done");
	has(err.msg, "缺少 [action.4]");
	record_free(r);
}

static void ticking_commits_once(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct buf path = BUF_INIT;
	struct record *r = demo_seminar("物联网", &path), *after = NULL;
	struct actor *owner = fixture_actor("youkai"), *stranger = fixture_actor("hongruoxi");
	char before[41], head[41];
	store_head(s, before);
	assert_int_equal(seminar_tick(s, stranger, path.ptr, 1, 1, NULL, NULL, &err), JY_EPERM);
	store_head(s, head);
	assert_string_equal(before, head);
	assert_int_equal(seminar_tick(s, owner, path.ptr, 1, 1, NULL, "已统一", &err), 0);
	store_head(s, head);
	assert_string_not_equal(before, head);
	assert_int_equal(store_read(&after, s, path.ptr, &err), 0);
	assert_string_equal(record_get(after, "action.1", "state"), "done");
	assert_string_equal(record_get(after, "action.1", "done"), "2026-11-22");
	assert_string_equal(record_get(after, "action.1", "evidence"), "已统一");
	assert_int_equal(seminar_tick(s, owner, path.ptr, 1, 1, NULL, NULL, &err), JY_EINVAL);
	has(err.msg, "已经完成");
	assert_int_equal(seminar_tick(s, owner, path.ptr, 1, 0, NULL, NULL, &err), 0);
	record_free(after);
	assert_int_equal(store_read(&after, s, path.ptr, &err), 0);
	assert_string_equal(record_get(after, "action.1", "state"), "open");
	assert_null(record_get(after, "action.1", "done"));
	record_free(after);
	record_free(r);
	buf_release(&path);
	actor_free(owner);
	actor_free(stranger);
}

static struct record *exchange_rec(const char *person, const char *dir, const char *from, const char *to, const char *start,
				   const char *end)
{
	struct record *r = record_new();
	record_set(r, "exchange", "person", person);
	record_set(r, "exchange", "direction", dir);
	record_set(r, "exchange", "from", from);
	record_set(r, "exchange", "to", to);
	record_set(r, "exchange", "specialty", "530701");
	record_set(r, "exchange", "start", start);
	record_set(r, "exchange", "end", end);
	return r;
}

static void exchange_rules(void **state)
{
	(void)state;
	const struct type_def *t = schema_type("exchange");
	struct jy_err err = JY_ERR_INIT;
	struct actor *s01 = fixture_actor("lixiaotang"), *s02 = fixture_actor("shimingzhe"), *lead_admin = fixture_actor("cenlixing"), *teacher = fixture_actor("mowanqing");
	struct record *r = exchange_rec("mowanqing", "shadow", "s01", "gz01", "2026-12-01", "2026-12-10");
	assert_int_equal(records_permit(s, s01, t, NULL, r, &err), 0);
	assert_int_equal(records_permit(s, lead_admin, t, NULL, r, &err), 0);
	assert_int_equal(records_permit(s, s02, t, NULL, r, &err), JY_EPERM);
	has(err.msg, "只有派出学校（s01）或接收学校（gz01）的管理员");
	assert_int_equal(records_permit(s, teacher, t, NULL, r, &err), JY_EPERM);
	/* An admin of the school before cannot move it to a school that is not theirs. */
	struct record *moved = record_dup(r);
	record_set(moved, "exchange", "from", "s02");
	assert_int_equal(records_permit(s, s01, t, r, moved, &err), JY_EPERM);
	record_free(moved);
	/* Derived and completed by the program. */
	record_unset(r, "exchange", "from");
	assert_int_equal(records_complete(s, s01, t, r, &err), 0);
	assert_string_equal(record_get(r, "exchange", "from"), "s01");
	assert_string_equal(record_get(r, "exchange", "created_by"), "lixiaotang");
	assert_int_equal(typeops_of(t)->derive(s, r, &err), 0);
	assert_string_equal(record_get(r, "exchange", "year"), "2026-2027");
	assert_int_equal(records_validate(s, t, r, &err), 0);
	/* Which way each kind goes, and the dates. */
	record_set(r, "exchange", "direction", "guide");
	record_set(r, "exchange", "end", "2026-11-30");
	record_set(r, "exchange", "year", "2025-2026");
	assert_int_equal(records_validate(s, t, r, &err), JY_EINVAL);
	has(err.msg, "教学指导是牵头学校（gz01）的教师到成员学校");
	has(err.msg, "早于开始日期");
	has(err.msg, "在 2026-2027 学年，不是 2025-2026");
	record_free(r);
	r = exchange_rec("yanshuyao", "guide", "s01", "s02", "2026-12-01", "2026-12-10");
	assert_int_equal(typeops_of(t)->derive(s, r, &err), 0);
	assert_int_equal(records_validate(s, t, r, &err), JY_EINVAL);
	has(err.msg, "yanshuyao 是 gz01 的教师，不是 s01 的");
	record_free(r);
	actor_free(s01);
	actor_free(s02);
	actor_free(lead_admin);
	actor_free(teacher);
}

/* The plan rule: a lead-college teacher counts for a member school only during a guide exchange there. */
static void exchange_hosts_by_dates(void **state)
{
	(void)state;
	assert_true(exchange_hosts(s, "yanshuyao", "s01", "2026-2027-1"));
	assert_true(exchange_hosts(s, "yanshuyao", "s01", "2026-2027-2"));
	assert_false(exchange_hosts(s, "yanshuyao", "s01", "2027-2028-1"));
	assert_false(exchange_hosts(s, "yanshuyao", "s02", "2026-2027-2"));
	assert_true(exchange_hosts(s, "yanshuyao", "s01", NULL));
	assert_true(exchange_hosts(s, "qizhenyu", "s02", "2026-2027-1"));
	assert_false(exchange_hosts(s, "qizhenyu", "s02", "2026-2027-2"));
	/* Only teaching guidance: a member-school teacher at the lead college teaches nobody's filing there. */
	assert_false(exchange_hosts(s, "zhongkexin", "gz01", NULL));
	assert_false(exchange_hosts(s, "kemingyuan", "s01", NULL));
	assert_false(exchange_hosts(s, "../x", "s01", NULL));
}

static const struct exchange_quota *quota_of(const struct vec *q, const char *spec)
{
	for (size_t i = 0; i < q->len; i++)
		if (strcmp(((const struct exchange_quota *)q->items[i])->specialty, spec) == 0)
			return q->items[i];
	fail_msg("no quota of %s", spec);
	return NULL;
}

static void quotas(void **state)
{
	(void)state;
	struct vec q = VEC_INIT(exchange_quota_free);
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(exchange_quotas(&q, s, "2026-2027", &err), 0);
	assert_int_equal(q.len, 3);
	assert_int_equal(quota_of(&q, "510102")->sent, 2);
	assert_int_equal(quota_of(&q, "510102")->missing, 0);
	assert_int_equal(quota_of(&q, "530701")->sent, 1);
	assert_int_equal(quota_of(&q, "560213")->sent, 0);
	assert_int_equal(quota_of(&q, "560213")->min, 1);
	assert_int_equal(quota_of(&q, "560213")->max, 2);
	assert_int_equal(quota_of(&q, "560213")->missing, 1);
	vec_clear(&q);
	/* group.ini [exchange]: a default and one specialty's own. */
	struct record *g = NULL;
	struct actor *admin = fixture_actor("cenlixing");
	assert_int_equal(store_read(&g, s, "group.ini", &err), 0);
	record_set(g, "exchange", "max", "1");
	record_set(g, "exchange", "min.560213", "0");
	assert_int_equal(records_update(s, admin, "group.ini", g, NULL, &err), 0);
	assert_int_equal(exchange_quotas(&q, s, "2026-2027", &err), 0);
	assert_int_equal(quota_of(&q, "560213")->missing, 0);
	assert_int_equal(quota_of(&q, "510102")->max, 1);
	assert_int_equal(quota_of(&q, "510102")->over, 1);
	assert_int_equal(quota_of(&q, "530701")->min, 1);
	vec_clear(&q);
	assert_int_equal(exchange_quotas(&q, s, "2030-2031", &err), 0);
	assert_int_equal(quota_of(&q, "510102")->sent, 0);
	record_unset(g, "exchange", "max");
	record_unset(g, "exchange", "min.560213");
	assert_int_equal(records_update(s, admin, "group.ini", g, NULL, &err), 0);
	record_free(g);
	actor_free(admin);
	vec_free(&q);
}

static void who_sees_a_ledger(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct actor *lead_admin = fixture_actor("cenlixing"), *s01 = fixture_actor("lixiaotang"), *teacher = fixture_actor("suyuan"), *lead = fixture_actor("qizhenyu");
	struct ledger *l = NULL;
	assert_int_equal(ledger_may(s, lead_admin, NULL, &err), 0);
	assert_int_equal(ledger_may(s, lead_admin, "s03", &err), 0);
	assert_int_equal(ledger_may(s, s01, "s01", &err), 0);
	assert_int_equal(ledger_may(s, s01, NULL, &err), JY_EPERM);
	has(err.msg, "只有牵头学校的管理员可以查看全部成员学校的工作台账");
	assert_int_equal(ledger_may(s, s01, "s02", &err), JY_EPERM);
	assert_int_equal(ledger_may(s, teacher, "s01", &err), JY_EPERM);
	assert_int_equal(ledger_may(s, lead, "s01", &err), JY_EPERM);
	assert_int_equal(ledger_build(&l, s, s01, NULL, NULL, "s02", &err), JY_EPERM);
	assert_null(l);
	/* The table of sections, in order: 联考 between 听课评课 and 研讨会议. */
	assert_int_equal(ledger_build(&l, s, s01, NULL, "2026-2027-1", "s01", &err), 0);
	assert_int_equal(l->sections.len, 5);
	static const char *const keys[] = { "plans", "observations", "exams", "seminars", "items" };
	for (size_t i = 0; i < 5; i++)
		assert_string_equal(((const struct ledger_section *)l->sections.items[i])->key, keys[i]);
	struct buf title = BUF_INIT;
	ledger_section_title(&title, l, 2);
	assert_string_equal(title.ptr, "三、联考");
	buf_reset(&title);
	ledger_section_title(&title, l, 3);
	assert_string_equal(title.ptr, "四、研讨会议与师资互派");
	buf_release(&title);
	assert_string_equal(l->next, "2026-2027-2");
	assert_string_equal(l->header[2].value, "黎晓棠");
	assert_string_equal(l->header[3].value, "");
	assert_int_equal(l->schools.len, 1);
	ledger_free(l);
	assert_int_equal(ledger_build(&l, s, lead_admin, NULL, "2026-2027-9", NULL, &err), JY_EINVAL);
	assert_int_equal(ledger_build(&l, s, lead_admin, NULL, NULL, "nowhere", &err), JY_ENOTFOUND);
	assert_int_equal(ledger_build(&l, s, lead_admin, NULL, NULL, NULL, &err), 0);
	assert_int_equal(l->schools.len, 3); /* the member schools, not the lead college */
	ledger_free(l);
	actor_free(lead_admin);
	actor_free(s01);
	actor_free(teacher);
	actor_free(lead);
}

static int setup(void **state)
{
	(void)state;
	setenv("TZ", "UTC", 1);
	s = fixture_demo("seminar");
	store_set_merge_policy(s, &records_merge_policy);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(calendar),
		cmocka_unit_test(overdue),
		cmocka_unit_test(typed_values),
		cmocka_unit_test(who_records_a_seminar),
		cmocka_unit_test(who_ticks_an_item_off),
		cmocka_unit_test(a_seminar_is_validated),
		cmocka_unit_test(ticking_commits_once),
		cmocka_unit_test(exchange_rules),
		cmocka_unit_test(exchange_hosts_by_dates),
		cmocka_unit_test(quotas),
		cmocka_unit_test(who_sees_a_ledger),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
