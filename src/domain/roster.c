/* roster: resolving who is acting, and what they may do in general. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/typeops.h"

static int split_has(const char *list, const char *item)
{
	struct vec v = VEC_INIT(free);
	vec_split(&v, list, ',');
	int has = vec_has_str(&v, item);
	vec_free(&v);
	return has;
}

static struct actor *actor_new(void)
{
	struct actor *a = xcalloc(1, sizeof(*a));
	vec_init(&a->roles, free);
	vec_init(&a->specialties, free);
	return a;
}

struct actor *actor_from_person(const struct record *p)
{
	struct actor *a = actor_new();
	const char *v;
	a->id = xstrdup((v = record_get(p, "person", "id")) ? v : "");
	a->name = xstrdup((v = record_get(p, "person", "name")) ? v : a->id);
	if ((v = record_get(p, "person", "school")))
		a->school = xstrdup(v);
	v = record_get(p, "person", "email");
	a->email = v && *v ? xstrdup(v) : xasprintf("%s@jiaoyan", a->id);
	vec_split(&a->roles, record_get(p, "person", "roles"), ',');
	vec_split(&a->specialties, record_get(p, "person", "specialties"), ',');
	a->left = !person_active(p);
	return a;
}

int person_active(const struct record *p)
{
	const char *st = p ? record_get(p, "person", "state") : NULL;
	return !st || strcmp(st, "left") != 0;
}

void roster_scope(struct actor *a, struct store *s)
{
	struct record *group = NULL;
	if (store_read(&group, s, "group.ini", NULL) != 0) {
		a->lead_college = 1;
		return;
	}
	const char *lead = record_get(group, "group", "lead");
	a->lead_college = a->bootstrap || (lead && a->school && strcmp(lead, a->school) == 0);
	record_free(group);
}

void actor_free(struct actor *a)
{
	if (!a)
		return;
	free(a->id);
	free(a->name);
	free(a->school);
	free(a->email);
	free(a->login);
	vec_free(&a->roles);
	vec_free(&a->specialties);
	free(a);
}

int roster_person(struct record **out, struct store *s, const char *id, struct jy_err *err)
{
	struct buf path = BUF_INIT;
	int rc;
	if (!id_component_valid(id)) {
		rc = err_set(err, JY_ENOTFOUND, L("没有人员「%s」", "no person \"%s\""), id);
	} else {
		buf_printf(&path, "people/%s.ini", id);
		rc = store_read(out, s, path.ptr, err);
		if (rc == JY_ENOTFOUND)
			err_set(err, rc, L("没有人员「%s」（people/%s.ini）", "no person \"%s\" (people/%s.ini)"), id, id);
	}
	buf_release(&path);
	return rc;
}

void roster_name(struct buf *out, struct store *s, const char *id)
{
	struct record *p = NULL;
	if (id && *id && roster_person(&p, s, id, NULL) == 0 && record_get(p, "person", "name"))
		buf_puts(out, record_get(p, "person", "name"));
	else if (id)
		buf_puts(out, id);
	record_free(p);
}

static int login_row(void *ctx, const struct rows_row *row)
{
	char **want = ctx; /* { login, the file name found (owned) } */
	const char *logins = rows_get(row, "logins");
	if (row->decoded && logins && split_has(logins, want[0])) {
		want[1] = xstrdup(row->name);
		return 1;
	}
	return 0;
}

/* The person whose logins list holds the login of the real uid. */
static int find_by_login(struct record **out, struct store *s, const char *login, struct jy_err *err)
{
	/* A current index knows every person's logins: one record read instead of the whole roster. */
	struct rows *r = store_rows(s, 0);
	if (r) {
		char *want[2] = { (char *)login, NULL };
		struct buf path = BUF_INIT;
		int rc = JY_ENOTFOUND;
		if (rows_scan(r, "people", login_row, want) == 1) {
			buf_printf(&path, "people/%s", want[1]);
			rc = store_read(out, s, path.ptr, err);
		}
		buf_release(&path);
		free(want[1]);
		return rc;
	}

	struct vec people = VEC_INIT(store_item_free);
	struct store_query q = { .type = "person" };
	int rc = store_list(&people, s, &q, NULL, err);
	if (rc)
		goto cleanup;
	rc = JY_ENOTFOUND;
	for (size_t i = 0; i < people.len; i++) {
		struct store_item *it = people.items[i];
		const char *logins = record_get(it->rec, "person", "logins");
		if (logins && split_has(logins, login)) {
			*out = it->rec;
			it->rec = NULL;
			rc = 0;
			break;
		}
	}
cleanup:
	vec_free(&people);
	return rc;
}

int roster_identify(struct actor **out, struct store *s, const char *explicit_id, const struct config *cfg,
		    struct jy_err *err)
{
	struct record *p = NULL;
	struct passwd *pw = getpwuid(getuid());
	const char *login = pw && pw->pw_name ? pw->pw_name : "";
	const char *id = explicit_id ? explicit_id : config_get(cfg, "user", "id");
	size_t npeople = 0;
	int rc;
	if (id) {
		rc = roster_person(&p, s, id, err);
		if (rc)
			return rc;
	} else if (find_by_login(&p, s, login, err) != 0) {
		p = NULL;
	}
	struct actor *a;
	if (p) {
		a = actor_from_person(p);
		record_free(p);
	} else {
		a = actor_new();
		a->name = xstrdup(login);
		a->email = xasprintf("%s@localhost", login);
		if (store_count(&npeople, s, "people", NULL) == 0 && npeople == 0)
			a->bootstrap = 1;
	}
	a->login = xstrdup(login);
	roster_scope(a, s);
	*out = a;
	return 0;
}

int actor_has_role(const struct actor *a, const char *role)
{
	return a && vec_has_str(&a->roles, role);
}

int actor_is_admin(const struct actor *a)
{
	return a && (a->bootstrap || actor_has_role(a, "admin"));
}

int actor_can_write(const struct actor *a, struct jy_err *err)
{
	if (a && a->id && a->left)
		return err_set(err, JY_EPERM, L("%s（%s）已登记离开，只能查看，不能修改", "%s (%s) has left: read-only"),
			       a->name ? a->name : a->id, a->id);
	if (a && (a->id || a->bootstrap))
		return 0;
	return err_set(err, JY_EPERM,
		       L("无法确定你是谁（账号 %s 不在任何人员的 logins 中）：只能查看，不能修改。"
			 "请用 --user 工号，或在配置文件 [user] id 中设置，或请管理员把账号加入你的 logins。",
			 "cannot tell who you are (login %s is in no person's logins): read-only. "
			 "Use --user ID, set [user] id in the configuration, or ask an admin to add your login."),
		       a && a->login ? a->login : "?");
}

void actor_sig(const struct actor *a, struct store_sig *sig)
{
	sig->name = a->name && *a->name ? a->name : "jiaoyan";
	sig->email = a->email ? a->email : "jiaoyan@localhost";
}

/* ---- the rules of person records ---- */

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Roles only the lead college hands out: admins of the group and specialty leads. */
static int grants_lead_roles(const struct record *prev, const struct record *next)
{
	static const char *const kept[] = { "admin", "lead", NULL };
	for (size_t i = 0; kept[i]; i++) {
		int had = prev && split_has(record_get(prev, "person", "roles"), kept[i]);
		int has = next && split_has(record_get(next, "person", "roles"), kept[i]);
		if (had != has)
			return 1;
	}
	return 0;
}

/* 1 when prev and next differ only in the keys a person keeps up to date themselves. */
static int own_keys_only(const struct record *prev, const struct record *next)
{
	static const char *const own[] = { "email", "pubkey", NULL };
	const struct record *rs[2] = { prev, next };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; i < record_section_count(rs[k]); i++) {
			const char *sec = record_section(rs[k], i);
			for (size_t j = 0; j < record_key_count(rs[k], i); j++) {
				const char *key = record_key(rs[k], i, j);
				int mine = strcmp(sec, "person") == 0;
				for (size_t o = 0; mine && own[o]; o++)
					if (strcmp(key, own[o]) == 0)
						mine = 2;
				if (mine != 2 && !same(record_value(rs[k], i, j), record_get(rs[1 - k], sec, key)))
					return 0;
			}
		}
	return 1;
}

static int person_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			 struct jy_err *err)
{
	(void)s;
	if (!next) {
		err_set(err, JY_EPERM, "%s",
			L("人员记录不能删除：离开的人员登记为离开，其记录保留",
			  "person records are never deleted: a person who left is marked as left and their records stay"));
		return err_hint(err, "deactivate", record_get(prev, "person", "id"));
	}
	if (prev && a->id && same(a->id, record_get(prev, "person", "id")) && own_keys_only(prev, next))
		return 0;
	if (actor_is_admin(a) && a->lead_college)
		return 0;
	if (!actor_is_admin(a))
		return err_set(err, JY_EPERM, "%s",
			       L("只有管理员可以登记和修改人员（本人只能修改自己的邮箱和公钥）",
				 "only admins may add and edit people (a person may change their own email and public key)"));
	const char *school = record_get(next, "person", "school");
	if (!same(school, a->school) || (prev && !same(record_get(prev, "person", "school"), a->school)))
		return err_set(err, JY_EPERM,
			       L("成员学校的管理员只能管理本校（%s）的人员", "a member school's admins manage the people of their own school (%s) only"),
			       a->school ? a->school : "?");
	if (grants_lead_roles(prev, next))
		return err_set(err, JY_EPERM, "%s",
			       L("管理员和专业负责人的角色只能由牵头学校的管理员授予或收回",
				 "only admins of the lead college grant or withdraw the admin and specialty-lead roles"));
	return 0;
}

/* Beside the list columns, what a term's figures read of everyone (observation.c's roster from the index). */
static void person_row(struct rows_fill *out, const struct record *r)
{
	static const char *const keys[] = { "specialties", "newcomer", "state" };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *v = record_get(r, "person", keys[i]);
		if (v)
			rows_put(out, keys[i], v);
	}
}

const struct type_ops person_type_ops = { .type = "person", .permit = person_permit, .row = person_row };

int roster_deactivate(struct store *s, const struct actor *a, const char *id, const char *date, struct jy_err *err)
{
	struct record *p = NULL;
	struct buf path = BUF_INIT;
	char today[11];
	int rc = roster_person(&p, s, id, err);
	if (rc)
		goto cleanup;
	if (!person_active(p)) {
		rc = err_set(err, JY_EINVAL, L("%s 已于 %s 登记离开", "%s has already left (%s)"), id,
			     record_get(p, "person", "left") ? record_get(p, "person", "left") : "?");
		goto cleanup;
	}
	if (!date) {
		id_date(today, id_now());
		date = today;
	}
	if (!id_date_valid(date)) {
		rc = err_set(err, JY_EINVAL, L("字段「离开日期」(person.left)：「%s」不是有效日期，应为 YYYY-MM-DD",
					       "field \"left\" (person.left): \"%s\" is not a date (YYYY-MM-DD)"),
			     date);
		goto cleanup;
	}
	record_set(p, "person", "state", "left");
	record_set(p, "person", "left", date);
	buf_printf(&path, "people/%s.ini", id);
	rc = records_update(s, a, path.ptr, p, L("登记离开", "deactivate "), err);
cleanup:
	record_free(p);
	buf_release(&path);
	return rc;
}
