/* obsform: the observation form, new or filled in to edit (fields from the schema and the rubric, live total), and the teacher's reply form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/tui.h"

struct obsform {
	struct tui *t;
	const struct type_def *type;
	struct record *rubric; /* the rubric scored with: the group's current one, or the edited record's version (owned copy) */
	char *path;            /* editing the record at path; NULL: a new one */
	struct record *prev;   /* the record as stored when editing (owned) */
};

static void obsform_free(void *p)
{
	struct obsform *o = p;
	if (o) {
		record_free(o->rubric);
		record_free(o->prev);
		free(o->path);
		free(o);
	}
}

static int is_score(const struct form_field *fld)
{
	return strncmp(fld->name, "score.", 6) == 0;
}

/* The record the form holds so far; fields whose value is refused are left out (their message says why). */
static struct record *build(struct obsform *o, struct form *f)
{
	/* Editing starts from the record: what the form does not show (the reply, the id) stays as it is. */
	struct record *r = o->prev ? record_dup(o->prev) : record_new();
	for (size_t i = 0; i < f->fields.len; i++) {
		const struct form_field *fld = f->fields.items[i];
		struct buf a = BUF_INIT;
		if (!form_is_input(fld) || (!fld->value.len && !o->prev))
			continue;
		buf_printf(&a, "%s=%s", fld->name, fld->value.ptr);
		records_assign(r, o->type, a.ptr, NULL);
		buf_release(&a);
	}
	return r;
}

/* The lines of a multi-line message that name this field: "…(observation.course)…". */
static char *lines_about(const char *msg, const char *name)
{
	struct buf tag = BUF_INIT, out = BUF_INIT;
	buf_printf(&tag, "(%s)", name);
	for (const char *p = msg; p && *p;) {
		size_t n = strcspn(p, "\n");
		struct buf line = BUF_INIT;
		buf_add(&line, p, n);
		if (strstr(line.ptr, tag.ptr))
			buf_printf(&out, "%s%s", out.len ? "；" : "", line.ptr);
		buf_release(&line);
		p += n;
		if (*p)
			p++;
	}
	buf_release(&tag);
	if (!out.len) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}

static char *check(struct form *f, struct form_field *fld, void *ctx)
{
	struct obsform *o = ctx;
	struct jy_err err = JY_ERR_INIT;
	struct record *one = record_new(), *all = NULL, *canon = NULL;
	struct buf a = BUF_INIT;
	char *msg = NULL;
	/* The value on its own: type, bounds, enum (schema_check_value through records_assign). */
	if (fld->value.len) {
		buf_printf(&a, "%s=%s", fld->name, fld->value.ptr);
		if (records_assign(one, o->type, a.ptr, &err) != 0) {
			msg = xstrdup(err.msg);
			goto cleanup;
		}
	}
	/* A score against its indicator's maximum in the rubric. */
	if (is_score(fld) && fld->value.len && o->rubric && rubric_score(one, o->rubric, &err) != 0) {
		msg = xstrdup(err.msg);
		goto cleanup;
	}
	/* Then the whole record: required fields, cross-field rules, references — only what names this field. */
	all = build(o, f);
	if (!o->prev)
		records_complete(o->t->store, o->t->actor, o->type, all, NULL);
	canon = schema_canonical(o->type, all);
	err_clear(&err);
	if (records_validate(o->t->store, o->type, canon, &err) != 0)
		msg = lines_about(err.msg, fld->name);
cleanup:
	record_free(one);
	record_free(all);
	record_free(canon);
	buf_release(&a);
	return msg;
}

static void info(struct form *f, struct form_field *fld, struct buf *out, void *ctx)
{
	struct obsform *o = ctx;
	if (strcmp(fld->name, "observer") == 0) {
		const struct actor *a = o->t->actor;
		const char *who = o->prev ? record_get(o->prev, "observation", "observer") : NULL;
		if (who)
			buf_printf(out, "%s（%s）", tui_person_name(o->t, who), who);
		else
			buf_printf(out, L("%s（%s）· 以本人身份记录", "%s (%s) · logged as yourself"), a && a->name ? a->name : "",
				   a && a->id ? a->id : "");
		return;
	}
	if (!o->rubric) {
		buf_puts(out, L("（没有评价量表，无法计分）", "(no rubric: cannot score)"));
		return;
	}
	/* Live total on a scratch record, exactly as the save will compute it. */
	struct record *r = record_new();
	struct jy_err err = JY_ERR_INIT;
	int any = 0;
	for (size_t i = 0; i < f->fields.len; i++) {
		const struct form_field *sf = f->fields.items[i];
		if (is_score(sf) && sf->value.len) {
			record_set(r, "score", sf->name + 6, sf->value.ptr);
			any = 1;
		}
	}
	if (!any)
		buf_puts(out, L("（尚未评分）", "(not scored yet)"));
	else if (rubric_score(r, o->rubric, &err) != 0)
		buf_puts(out, L("—（有评分超出范围，见该项提示）", "— (a score is out of range, see its message)"));
	else
		buf_printf(out, L("%s 分 · 等级 %s", "%s · grade %s"), record_get(r, "observation", "total"),
			   record_get(r, "observation", "grade") ? record_get(r, "observation", "grade") : "");
	record_free(r);
}

static int submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct obsform *o = ctx;
	struct buf id = BUF_INIT;
	struct record *r = o->prev ? record_dup(o->prev) : record_new();
	size_t bad = 0;
	int rc;
	for (size_t i = 0; i < f->fields.len; i++) {
		struct form_field *fld = f->fields.items[i];
		struct buf a = BUF_INIT;
		/* When editing, an emptied field is removed from the record; a new one simply leaves it out. */
		if (!form_is_input(fld) || (!fld->value.len && !o->prev))
			continue;
		buf_printf(&a, "%s=%s", fld->name, fld->value.ptr);
		if (records_assign(r, o->type, a.ptr, err) != 0) {
			free(fld->error);
			fld->error = xstrdup(err->msg);
			bad++;
		}
		buf_release(&a);
	}
	if (bad) {
		rc = JY_EINVAL;
		goto cleanup;
	}
	/* records_add / records_update validate, permit and commit: nothing is written on any error. */
	if (o->prev)
		rc = records_update(t->store, t->actor, o->path, r, NULL, err);
	else
		rc = records_add(&id, t->store, t->actor, o->type, r, err);
	if (rc) {
		for (size_t i = 0; i < f->fields.len; i++) {
			struct form_field *fld = f->fields.items[i];
			char *m = lines_about(err->msg, fld->name);
			if (m) {
				free(fld->error);
				fld->error = m;
			}
		}
		goto cleanup;
	}
	if (o->prev)
		buf_set(&id, record_get(o->prev, "observation", "id") ? record_get(o->prev, "observation", "id") : "");
	tui_msg(t, 0, o->prev ? L("已保存对听课记录 %s 的修改", "changes to observation %s saved") : L("已保存听课记录 %s", "observation %s saved"),
		id.ptr);
	buf_set(&t->select_id, id.ptr);
cleanup:
	record_free(r);
	buf_release(&id);
	return rc;
}

static int has_role(const struct record *person, const char *role)
{
	struct vec roles = VEC_INIT(free);
	vec_split(&roles, record_get(person, "person", "roles"), ',');
	int yes = vec_has_str(&roles, role);
	vec_free(&roles);
	return yes;
}

static struct form_field *add_text(struct form *f, const struct type_def *ty, const char *sec, const char *key,
				   const char *value, int width)
{
	struct buf name = BUF_INIT;
	const struct field_def *def = schema_field(ty, sec, key);
	buf_printf(&name, "%s.%s", sec, key);
	struct form_field *fld = form_add(f, FORM_TEXT, name.ptr, def ? schema_field_label(def) : key, value);
	fld->width = width;
	if (def && (def->flags & FIELD_REQUIRED))
		fld->suffix = xstrdup(L("必填", "required"));
	buf_release(&name);
	return fld;
}

/* The value a field of the edited record has, or def. */
static const char *value_of(const struct record *prev, const char *sec, const char *key, const char *def)
{
	const char *v = prev ? record_get(prev, sec, key) : NULL;
	return prev ? (v ? v : "") : def;
}

/* The form, new (prev NULL) or filled in from the stored record prev at path; draft (may be NULL) restores what was typed. */
static int open_form(struct tui *t, struct record *prev, const char *path, const struct record *draft)
{
	struct jy_err err = JY_ERR_INIT;
	const struct type_def *ty = schema_type("observation");
	char today[11];
	if (actor_can_write(t->actor, &err) != 0) {
		tui_alert(t, prev ? L("不能修改听课记录", "Cannot edit the observation") : L("不能新增听课记录", "Cannot log an observation"), err.msg);
		record_free(prev);
		return err.code;
	}
	struct obsform *o = xcalloc(1, sizeof(*o));
	o->t = t;
	o->type = ty;
	o->prev = prev;
	o->path = path ? xstrdup(path) : NULL;
	/* An edit keeps the rubric version the record was scored with: a later rubric never re-scores it. */
	const char *rid = prev ? record_get(prev, "observation", "rubric") : t->group ? record_get(t->group, "group", "rubric") : NULL;
	long rver = prev ? atol(value_of(prev, "observation", "rubric_version", "0")) : 0;
	const struct record *rub = rid ? tui_rubric(t, rid, rver, &err) : NULL;
	if (rub)
		o->rubric = record_dup(rub);

	struct buf title = BUF_INIT;
	if (prev)
		buf_printf(&title, L("修改听课记录 %s（Ctrl-S 保存，Esc 放弃；每次改动都自动保存草稿）",
				     "Edit observation %s (Ctrl-S saves, Esc discards; every change is saved as a draft)"),
			   value_of(prev, "observation", "id", ""));
	else
		buf_puts(&title, L("新增听课记录（Ctrl-S 保存，Esc 放弃；每次改动都自动保存草稿）",
				   "New observation (Ctrl-S saves, Esc discards; every change is saved as a draft)"));
	struct form *f = form_new(title.ptr);
	buf_release(&title);
	struct form_field *fld;
	form_add(f, FORM_INFO, "observer", L("听课人", "observer"), NULL);
	fld = form_add(f, FORM_PICK, "observation.kind", schema_field_label(schema_field(ty, "observation", "kind")),
		       value_of(prev, "observation", "kind", "peer"));
	form_enum_options(fld, schema_field(ty, "observation", "kind"));
	fld = form_add(f, FORM_PICK, "observation.announced",
		       schema_field_label(schema_field(ty, "observation", "announced")), value_of(prev, "observation", "announced", "yes"));
	if (prev)
		form_option(fld, "", L("（未填）", "(not set)"), NULL);
	form_enum_options(fld, schema_field(ty, "observation", "announced"));
	id_date(today, id_now());
	add_text(f, ty, "observation", "date", value_of(prev, "observation", "date", today), 12);
	add_text(f, ty, "observation", "period", value_of(prev, "observation", "period", ""), 14)->hint =
		xstrdup(L("例：第3-4节", "e.g. 3-4"));
	fld = form_add(f, FORM_PICK, "observation.school", schema_field_label(schema_field(ty, "observation", "school")),
		       value_of(prev, "observation", "school", t->actor && t->actor->school ? t->actor->school : ""));
	for (size_t i = 0; i < t->schools.len; i++) {
		const struct store_item *it = t->schools.items[i];
		struct buf label = BUF_INIT, search = BUF_INIT;
		buf_printf(&label, "%s（%s）", tui_school_name(t, it->id), it->id);
		buf_printf(&search, "%s %s", tui_school_name(t, it->id), it->id);
		form_option(fld, it->id, label.ptr, search.ptr);
		buf_release(&label);
		buf_release(&search);
	}
	/* The roster's teachers, found by name or id as the user types. */
	fld = form_add(f, FORM_PICK, "observation.teacher",
		       schema_field_label(schema_field(ty, "observation", "teacher")), value_of(prev, "observation", "teacher", ""));
	fld->suffix = xstrdup(L("必填", "required"));
	fld->hint = xstrdup(L("输入姓名或工号筛选", "type a name or id"));
	for (size_t i = 0; i < tui_people(t)->len; i++) {
		const struct store_item *it = tui_people(t)->items[i];
		if (!has_role(it->rec, "teacher"))
			continue;
		struct buf label = BUF_INIT, search = BUF_INIT;
		const char *name = record_get(it->rec, "person", "name");
		buf_printf(&label, "%s（%s）· %s", name ? name : it->id, it->id,
			   tui_school_name(t, record_get(it->rec, "person", "school")));
		buf_printf(&search, "%s %s", name ? name : "", it->id);
		form_option(fld, it->id, label.ptr, search.ptr);
		buf_release(&label);
		buf_release(&search);
	}
	add_text(f, ty, "observation", "course", value_of(prev, "observation", "course", ""), 0);
	add_text(f, ty, "observation", "class", value_of(prev, "observation", "class", ""), 0);
	add_text(f, ty, "observation", "room", value_of(prev, "observation", "room", ""), 0);
	add_text(f, ty, "observation", "students", value_of(prev, "observation", "students", ""), 6);
	add_text(f, ty, "observation", "late", value_of(prev, "observation", "late", ""), 6);
	size_t n = o->rubric ? rubric_indicator_count(o->rubric) : 0;
	for (size_t i = 0; i < n; i++) {
		struct rubric_indicator ind;
		struct buf name = BUF_INIT, suffix = BUF_INIT;
		char w[24];
		if (rubric_indicator(o->rubric, i, &ind) != 0)
			continue;
		buf_printf(&name, "score.%s", ind.id);
		rubric_format_total(w, ind.weight);
		buf_printf(&suffix, L("满分 %ld · 权重 %s", "max %ld · weight %s"), ind.max, w);
		fld = form_add(f, FORM_TEXT, name.ptr, ind.name, value_of(prev, "score", ind.id, ""));
		fld->width = 6;
		fld->suffix = buf_detach(&suffix);
		buf_release(&name);
	}
	form_add(f, FORM_INFO, "total", L("总分 · 等级", "total · grade"), NULL);
	form_add(f, FORM_MULTI, "text.strengths", schema_field_label(schema_field(ty, "text", "strengths")),
		 value_of(prev, "text", "strengths", ""));
	form_add(f, FORM_MULTI, "text.problems", schema_field_label(schema_field(ty, "text", "problems")),
		 value_of(prev, "text", "problems", ""));
	form_add(f, FORM_MULTI, "text.suggestions", schema_field_label(schema_field(ty, "text", "suggestions")),
		 value_of(prev, "text", "suggestions", ""));
	f->check = check;
	f->info = info;
	f->ctx = o;
	form_focus(f, 1);
	if (draft)
		draft_apply(f, draft);

	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = submit;
	spec.ctx = o;
	spec.ctx_free = obsform_free;
	spec.draft_kind = prev ? "edit" : "observation";
	spec.draft_arg = path;
	if (prev) {
		spec.discard_zh = "放弃对这条听课记录的修改吗？保存过的内容不变，草稿删除。\n\n  y  放弃修改\n  n  继续修改";
		spec.discard_en = "Discard the changes to this observation? What was saved stays; the draft is deleted.\n\n  y  discard\n  n  go on";
	} else {
		spec.discard_zh = "放弃这条听课记录吗？填写的内容和草稿都会删除。\n\n  y  放弃\n  n  继续填写";
		spec.discard_en = "Discard this observation? What you typed and its draft are deleted.\n\n  y  discard\n  n  go on";
	}
	return form_view_push(t, &spec);
}

int obsform_open(struct tui *t, const struct record *draft)
{
	return open_form(t, NULL, NULL, draft);
}

int obsform_may_edit(struct tui *t, const struct record *r, struct jy_err *err)
{
	/* A change to the observation itself (not the reply): the rules say who may make one. */
	struct record *next = record_dup(r);
	const char *v = record_get(r, "text", "strengths");
	struct buf changed = BUF_INIT;
	buf_printf(&changed, "%s ", v ? v : "");
	record_set(next, "text", "strengths", changed.ptr);
	int rc = records_permit(t->store, t->actor, schema_type("observation"), r, next, err);
	record_free(next);
	buf_release(&changed);
	return rc;
}

int obsform_edit(struct tui *t, const char *path, const struct record *draft)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *prev = NULL;
	const struct type_def *ty = schema_type_of_path(path);
	if (!ty || strcmp(ty->name, "observation") != 0 || store_read(&prev, t->store, path, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg[0] ? err.msg : L("不是听课记录", "not an observation"));
		return err.code ? err.code : JY_EINVAL;
	}
	/* Say no before the person types anything. */
	if (obsform_may_edit(t, prev, &err) != 0) {
		tui_alert(t, L("不能修改", "Cannot edit"), err.msg);
		record_free(prev);
		return err.code;
	}
	return open_form(t, prev, path, draft);
}

/* --- the observed teacher's reply --- */

struct reply {
	char *path;
};

static void reply_free(void *p)
{
	struct reply *r = p;
	if (r) {
		free(r->path);
		free(r);
	}
}

static int reply_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct reply *r = ctx;
	struct form_field *fld = form_find(f, "response.text");
	int rc = obs_respond(t->store, t->actor, r->path, fld->value.ptr, err);
	if (rc == 0)
		tui_msg(t, 0, "%s", L("已保存回复", "reply saved"));
	return rc;
}

static char *reply_check(struct form *f, struct form_field *fld, void *ctx)
{
	struct jy_err err = JY_ERR_INIT;
	(void)f;
	(void)ctx;
	if (fld->kind == FORM_MULTI && fld->value.len &&
	    schema_check_value(schema_field(schema_type("observation"), "response", "text"), "response", "text",
			       fld->value.ptr, &err) != 0)
		return xstrdup(err.msg);
	return NULL;
}

int obsreply_open(struct tui *t, const char *path, const struct record *draft)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *rec = NULL;
	struct buf title = BUF_INIT;
	if (store_read(&rec, t->store, path, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg);
		return err.code;
	}
	if (obs_may_reply(t->store, t->actor, rec, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg);
		record_free(rec);
		return err.code;
	}
	buf_printf(&title, L("回复：%s 听课 · %s《%s》（Ctrl-S 保存，Esc 放弃）", "Reply: %s observed · %s \"%s\" (Ctrl-S saves, Esc discards)"),
		   tui_person_name(t, record_get(rec, "observation", "observer")),
		   record_get(rec, "observation", "date") ? record_get(rec, "observation", "date") : "",
		   record_get(rec, "observation", "course") ? record_get(rec, "observation", "course") : "");
	struct form *f = form_new(title.ptr);
	buf_release(&title);
	/* What is being answered, above the answer: the teacher replies to these, not from memory. */
	static const char *const answered[] = { "strengths", "problems", "suggestions" };
	const struct type_def *ty = schema_type("observation");
	for (size_t i = 0; i < sizeof(answered) / sizeof(answered[0]); i++) {
		const char *v = record_get(rec, "text", answered[i]);
		struct buf name = BUF_INIT;
		if (!v || !*v || i == 0)
			continue;
		buf_printf(&name, "note.%s", answered[i]);
		form_add(f, FORM_NOTE, name.ptr, schema_field_label(schema_field(ty, "text", answered[i])), v);
		buf_release(&name);
	}
	struct form_field *fld = form_add(f, FORM_MULTI, "response.text", L("我的回复", "my reply"),
					  record_get(rec, "response", "text"));
	fld->rows = 8;
	f->check = reply_check;
	record_free(rec);
	if (draft)
		draft_apply(f, draft);
	struct reply *r = xcalloc(1, sizeof(*r));
	r->path = xstrdup(path);
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = reply_submit;
	spec.ctx = r;
	spec.ctx_free = reply_free;
	spec.draft_kind = "reply";
	spec.draft_arg = path;
	spec.discard_zh = "放弃这条回复吗？\n\n  y  放弃\n  n  继续填写";
	spec.discard_en = "Discard this reply?\n\n  y  discard\n  n  go on";
	return form_view_push(t, &spec);
}
