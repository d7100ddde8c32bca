/* roster: resolving who is acting, and what they may do in general. */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/id.h"
#include "jiaoyan/roster.h"

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
	return a;
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

/* The person whose logins list holds the login of the real uid. */
static int find_by_login(struct record **out, struct store *s, const char *login, struct jy_err *err)
{
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
