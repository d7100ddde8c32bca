/* view_people: the 人员 tab (admins only) — the school's people with roles, title, 双师型, certificate; add, edit, mark as left, paste from Excel. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/editor.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rostercsv.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

struct people {
	struct list list;
	struct table table;
	struct table_col cols[8];
	int with_left; /* people who left are listed too */
	char *sel_id;  /* the selected person's id, owned: the rows borrow t->people, which a reload frees first */
};

/* Remembers who is selected, in our own copy. */
static void note_selection(struct people *o)
{
	const struct store_item *it = list_selected(&o->list);
	free(o->sel_id);
	o->sel_id = it && it->id ? xstrdup(it->id) : NULL;
}

static const struct type_def *ptype(void)
{
	return schema_type("person");
}

/* Who this admin looks after: everyone for the lead college, their own school otherwise (the person rules say the same). */
static int in_scope(const struct tui *t, const struct record *p)
{
	const char *school = record_get(p, "person", "school");
	return typeops_admin_of(t->actor, school);
}

static int shown(struct tui *t)
{
	return actor_is_admin(t->actor);
}

static void label(struct buf *out, const struct record *p, const char *key)
{
	const char *v = record_get(p, "person", key);
	if (v)
		schema_value_label(out, schema_field(ptype(), "person", key), v);
}

static int by_school_then_id(const void *x, const void *y)
{
	const struct store_item *a = x, *b = y;
	const char *sa = record_get(a->rec, "person", "school"), *sb = record_get(b->rec, "person", "school");
	int c = strcmp(sa ? sa : "", sb ? sb : "");
	return c ? c : strcmp(a->id ? a->id : "", b->id ? b->id : "");
}

static int same_id(const void *data, const void *ctx)
{
	const char *id = ((const struct store_item *)data)->id;
	return id && strcmp(id, ctx) == 0;
}

static void load(struct people *o, struct tui *t)
{
	char *keep = o->sel_id ? xstrdup(o->sel_id) : NULL;
	struct vec order = VEC_INIT(NULL);
	list_clear(&o->list);
	for (size_t i = 0; i < tui_people(t)->len; i++) {
		struct store_item *it = tui_people(t)->items[i];
		if (in_scope(t, it->rec) && (o->with_left || person_active(it->rec)))
			vec_push(&order, it);
	}
	vec_sort(&order, by_school_then_id);
	for (size_t i = 0; i < order.len; i++) {
		struct store_item *it = order.items[i];
		const struct record *p = it->rec;
		int active = person_active(p);
		struct list_row *row = list_add(&o->list, it, active ? TA_NORMAL : TA_DIM);
		struct buf b = BUF_INIT;
		list_cell(row, it->id);
		list_cell(row, record_get(p, "person", "name"));
		list_cell(row, tui_school_name(t, record_get(p, "person", "school")));
		label(&b, p, "roles");
		list_cell(row, b.ptr);
		buf_reset(&b);
		label(&b, p, "title");
		list_cell(row, b.ptr);
		buf_reset(&b);
		label(&b, p, "dual_qualified");
		list_cell(row, b.ptr);
		buf_reset(&b);
		label(&b, p, "certified");
		list_cell(row, b.ptr);
		list_cell(row, active ? L("在职", "active") : L("已离开", "left"));
		buf_release(&b);
		const char *specs = record_get(p, "person", "specialties"), *logins = record_get(p, "person", "logins");
		row->extra = xasprintf("%s %s", specs ? specs : "", logins ? logins : "");
	}
	if (t->select_id.len)
		list_select(&o->list, same_id, t->select_id.ptr);
	else if (keep)
		list_select(&o->list, same_id, keep);
	free(keep);
	vec_free(&order);
	note_selection(o);
}

static int people_open(struct view *v, void *arg, struct jy_err *err)
{
	struct people *o = xcalloc(1, sizeof(*o));
	(void)arg;
	(void)err;
	const struct table_col cols[8] = {
		{ L("工号", "id"), 6, 14, 0, 0 },        { L("姓名", "name"), 4, 10, 0, 0 },
		{ L("学校", "school"), 6, 20, 0, 6 },    { L("角色", "roles"), 4, 24, 0, 2 },
		{ L("职称", "title"), 4, 8, 0, 1 },      { L("双师型", "dual"), 4, 6, 0, 1 },
		{ L("教师资格", "certified"), 4, 8, 0, 4 }, { L("状态", "state"), 4, 6, 0, 5 },
	};
	memcpy(o->cols, cols, sizeof(cols));
	o->table.cols = o->cols;
	o->table.ncols = 8;
	o->table.tooltip = 1;
	list_init(&o->list, NULL, 0, 0);
	o->list.empty = L("（没有人员：按 a 新增，或粘贴 Excel 中的人员行）", "(nobody yet: a adds a person, or paste rows from Excel)");
	v->priv = o;
	load(o, v->tui);
	return 0;
}

static void people_close(struct view *v)
{
	struct people *o = v->priv;
	list_free(&o->list);
	free(o->sel_id);
	free(o);
}

static int people_reload(struct view *v, struct jy_err *err)
{
	(void)err;
	load(v->priv, v->tui);
	return 0;
}

static void people_draw(struct view *v, const struct tui_rect *r)
{
	struct people *o = v->priv;
	struct tui *t = v->tui;
	struct tui_rect tr = *r;
	struct buf b = BUF_INIT;
	if (r->h > 4) {
		tr.h--;
		buf_printf(&b, L(" 人员 · %s · 共 %zu 人%s", " People · %s · %zu%s"),
			   t->actor && t->actor->lead_college ? L("全部学校", "all schools") : tui_school_name(t, t->actor ? t->actor->school : NULL),
			   o->list.rows.len, o->with_left ? L("（含已离开）", " (with those who left)") : "");
		tui_put(t, r->y + r->h - 1, r->x, r->w, TA_HEADER, b.ptr, 0);
	}
	table_draw(&o->table, &o->list, t, &tr, 1);
	buf_release(&b);
}

/* --- the person form (a, e) --- */

struct pform {
	char *id; /* editing this person; NULL: a new one */
};

static void pform_free(void *p)
{
	struct pform *c = p;
	if (c) {
		free(c->id);
		free(c);
	}
}

static const struct {
	const char *key;
	enum form_kind kind;
	const char *hint_zh, *hint_en;
} pfields[] = {
	{ "id", FORM_TEXT, "小写字母、数字和 . _ -，如 zhangwei", "lower-case letters, digits, . _ -, e.g. zhangwei" },
	{ "name", FORM_TEXT, NULL, NULL },
	{ "school", FORM_PICK, NULL, NULL },
	{ "roles", FORM_TEXT, "教师、听课员、专业负责人、命题教师、管理员（用、分隔）", "teacher, observer, lead, examiner, admin" },
	{ "title", FORM_PICK, NULL, NULL },
	{ "dual_qualified", FORM_PICK, NULL, NULL },
	{ "certified", FORM_PICK, NULL, NULL },
	{ "specialties", FORM_TEXT, "专业代码或名称（用、分隔）", "specialty codes or names" },
	{ "logins", FORM_TEXT, "系统账号（用、分隔）", "Unix logins" },
	{ "email", FORM_TEXT, NULL, NULL },
};
#define NPFIELDS (sizeof(pfields) / sizeof(pfields[0]))

/* One field's value as the record stores it (names of specialties become codes); 0 or the message in err. */
static int apply_field(struct record *r, struct tui *t, const struct form_field *fld, struct jy_err *err)
{
	struct buf a = BUF_INIT, id = BUF_INIT;
	struct vec items = VEC_INIT(free);
	int rc = 0;
	buf_printf(&a, "%s=", fld->name);
	if (strcmp(fld->name, "specialties") == 0) {
		struct buf norm = BUF_INIT;
		for (const char *p = fld->value.ptr; *p; p++)
			buf_putc(&norm, *p == ' ' ? ',' : *p);
		vec_split(&items, norm.ptr, ',');
		buf_release(&norm);
		for (size_t i = 0; i < items.len && rc == 0; i++) {
			char *item = items.items[i];
			/* 、 and ， separate too: records_assign turns them into commas, names need one by one. */
			struct vec parts = VEC_INIT(free);
			struct buf b = BUF_INIT;
			for (const char *p = item; *p;) {
				if (strncmp(p, "、", 3) == 0 || strncmp(p, "，", 3) == 0) {
					buf_putc(&b, ',');
					p += 3;
				} else {
					buf_putc(&b, *p++);
				}
			}
			vec_split(&parts, b.ptr, ',');
			for (size_t k = 0; k < parts.len && rc == 0; k++) {
				buf_reset(&id);
				if ((rc = records_ref(&id, t->store, "specialty", parts.items[k], err)) == 0)
					buf_printf(&a, "%s%s", a.ptr[a.len - 1] == '=' ? "" : ",", id.ptr);
			}
			vec_free(&parts);
			buf_release(&b);
		}
	} else {
		buf_puts(&a, fld->value.ptr);
	}
	if (rc == 0)
		rc = records_assign(r, ptype(), a.ptr, err);
	buf_release(&a);
	buf_release(&id);
	vec_free(&items);
	return rc;
}

static char *pform_check(struct form *f, struct form_field *fld, void *ctx)
{
	struct tui *t = ctx;
	struct record *r = record_new();
	struct jy_err err = JY_ERR_INIT;
	char *msg = NULL;
	(void)f;
	if (!fld->value.len && (strcmp(fld->name, "id") == 0 || strcmp(fld->name, "name") == 0 || strcmp(fld->name, "school") == 0))
		msg = xstrdup(L("必填", "required"));
	else if (apply_field(r, t, fld, &err) != 0)
		msg = xstrdup(err.msg);
	record_free(r);
	return msg;
}

static int pform_submit(struct tui *t, struct form *f, void *vctx, struct jy_err *err)
{
	struct pform *c = vctx;
	struct record *prev = NULL, *next = NULL;
	struct buf path = BUF_INIT;
	int rc = 0;
	if (c->id) {
		buf_printf(&path, "people/%s.ini", c->id);
		if ((rc = store_read(&prev, t->store, path.ptr, err)))
			goto cleanup;
		next = record_dup(prev);
	} else {
		next = record_new();
	}
	for (size_t i = 0; i < f->fields.len && rc == 0; i++) {
		struct form_field *fld = f->fields.items[i];
		if (!form_is_input(fld))
			continue;
		if ((rc = apply_field(next, t, fld, err)) != 0) {
			free(fld->error);
			fld->error = xstrdup(err->msg);
		}
	}
	if (rc)
		goto cleanup;
	if (c->id) {
		rc = records_update(t->store, t->actor, path.ptr, next, NULL, err);
		if (rc == 0)
			tui_msg(t, 0, L("已保存 %s", "saved %s"), c->id);
	} else {
		struct buf id = BUF_INIT;
		rc = records_add(&id, t->store, t->actor, ptype(), next, err);
		if (rc == 0) {
			tui_msg(t, 0, L("已新增人员 %s", "added %s"), id.ptr);
			buf_set(&t->select_id, id.ptr);
		}
		buf_release(&id);
	}
cleanup:
	record_free(prev);
	record_free(next);
	buf_release(&path);
	return rc;
}

static void list_value(struct buf *out, const char *v)
{
	for (const char *p = v ? v : ""; *p; p++) {
		if (*p == ',')
			buf_puts(out, "、");
		else
			buf_putc(out, *p);
	}
}

/* The id is shown, not typed, when editing: the form's info callback gives it. */
static void id_info(struct form *f, struct form_field *fld, struct buf *out, void *ctx)
{
	(void)f;
	(void)ctx;
	buf_puts(out, fld->value.ptr);
}

static int open_form(struct tui *t, const struct record *p)
{
	const struct type_def *ty = ptype();
	struct buf title = BUF_INIT;
	if (p)
		buf_printf(&title, L("修改人员 %s（Ctrl-S 保存，Esc 放弃）", "Edit %s (Ctrl-S saves, Esc discards)"), record_get(p, "person", "name"));
	else
		buf_puts(&title, L("新增人员（Ctrl-S 保存，Esc 放弃）", "New person (Ctrl-S saves, Esc discards)"));
	struct form *f = form_new(title.ptr);
	buf_release(&title);
	for (size_t i = 0; i < NPFIELDS; i++) {
		const struct field_def *def = schema_field(ty, "person", pfields[i].key);
		const char *v = p ? record_get(p, "person", pfields[i].key) : NULL;
		struct buf val = BUF_INIT;
		if (def && (def->type == FT_SET || def->type == FT_LIST || def->type == FT_REFLIST)) {
			if (def->type == FT_SET && v)
				schema_value_label(&val, def, v);
			else
				list_value(&val, v);
		} else if (!p && strcmp(pfields[i].key, "school") == 0 && t->actor && t->actor->school) {
			buf_puts(&val, t->actor->school);
		} else {
			buf_puts(&val, v ? v : "");
		}
		/* The id names the file: it does not change once the person exists. */
		enum form_kind kind = p && strcmp(pfields[i].key, "id") == 0 ? FORM_INFO : pfields[i].kind;
		struct form_field *fld = form_add(f, kind, pfields[i].key, def ? schema_field_label(def) : pfields[i].key, val.ptr);
		buf_release(&val);
		if (pfields[i].hint_zh)
			fld->hint = xstrdup(L(pfields[i].hint_zh, pfields[i].hint_en));
		if (def && (def->flags & FIELD_REQUIRED) && kind != FORM_INFO)
			fld->suffix = xstrdup(L("必填", "required"));
		if (strcmp(pfields[i].key, "school") == 0) {
			for (size_t k = 0; k < t->schools.len; k++) {
				const struct store_item *it = t->schools.items[k];
				struct buf lab = BUF_INIT;
				if (!typeops_admin_of(t->actor, it->id))
					continue;
				buf_printf(&lab, "%s（%s）", tui_school_name(t, it->id), it->id);
				form_option(fld, it->id, lab.ptr, lab.ptr);
				buf_release(&lab);
			}
		} else if (kind == FORM_PICK) {
			form_option(fld, "", L("（未填）", "(not set)"), NULL);
			form_enum_options(fld, def);
		}
	}
	f->check = pform_check;
	f->ctx = t;
	f->info = id_info;
	struct pform *c = xcalloc(1, sizeof(*c));
	c->id = p ? xstrdup(record_get(p, "person", "id")) : NULL;
	form_focus(f, p ? 1 : 0);
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = pform_submit;
	spec.ctx = c;
	spec.ctx_free = pform_free;
	spec.discard_zh = "放弃对人员的修改吗？\n\n  y  放弃\n  n  继续填写";
	spec.discard_en = "Discard the changes to this person?\n\n  y  discard\n  n  go on";
	return form_view_push(t, &spec) == 0 ? TUI_HANDLED : TUI_HANDLED | TUI_REDRAW;
}

static int edit(struct tui *t, const struct store_item *it)
{
	struct jy_err err = JY_ERR_INIT;
	if (records_permit(t->store, t->actor, ptype(), it->rec, it->rec, &err) != 0) {
		tui_refusal(t, &err);
		return TUI_HANDLED;
	}
	return open_form(t, it->rec);
}

static int deactivate(struct tui *t, const struct store_item *it)
{
	struct jy_err err = JY_ERR_INIT;
	struct buf q = BUF_INIT;
	if (!person_active(it->rec)) {
		tui_msg(t, 1, L("%s 已于 %s 登记离开", "%s left on %s"), tui_person_name(t, it->id),
			record_get(it->rec, "person", "left") ? record_get(it->rec, "person", "left") : "?");
		return TUI_HANDLED;
	}
	buf_printf(&q, L("登记 %s（%s）今天离开？\n人员记录和其听课记录、授课计划都保留，只是不再出现在选择列表、听课任务和名单中。\n\n  y  登记离开\n  n  取消",
			 "Mark %s (%s) as having left today?\nThe record and everything they wrote stay; they drop out of pickers, quotas and lists.\n\n  y  mark as left\n  n  cancel"),
		   tui_person_name(t, it->id), it->id);
	int k = tui_ask(t, q.ptr, "yn");
	buf_release(&q);
	if (k != 'y')
		return TUI_HANDLED | TUI_REDRAW;
	if (roster_deactivate(t->store, t->actor, it->id, NULL, &err) != 0) {
		tui_refusal(t, &err);
		return TUI_HANDLED | TUI_REDRAW;
	}
	tui_msg(t, 0, L("已登记 %s 离开", "%s is marked as having left"), tui_person_name(t, it->id));
	return TUI_HANDLED | TUI_RELOAD;
}

/* Rows pasted from Excel: checked as the CSV import checks them, confirmed, written in one commit. */
static int paste(struct tui *t)
{
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	struct rostercsv_result res = { 0 };
	struct buf q = BUF_INIT;
	int fl = TUI_HANDLED | TUI_REDRAW;
	if (rostercsv_paste(&res, &problems, t->store, t->actor, t->paste.ptr, 1, &err) != 0) {
		tui_problems(t, L("没有导入", "Nothing imported"), &problems, &err);
		goto cleanup;
	}
	if (!res.added && !res.updated) {
		tui_msg(t, 0, L("粘贴的 %zu 人与名册相同，没有改动", "the %zu pasted people are as the roster has them: nothing changed"), res.unchanged);
		goto cleanup;
	}
	buf_printf(&q, L("粘贴的人员全部通过校验：新增 %zu 人，更新 %zu 人（%zu 人没有变化）。\n\n  y  写入\n  n  取消",
			 "The pasted people are all valid: %zu new, %zu updated (%zu unchanged).\n\n  y  write them\n  n  cancel"),
		   res.added, res.updated, res.unchanged);
	if (tui_ask(t, q.ptr, "yn") != 'y')
		goto cleanup;
	vec_clear(&problems);
	if (rostercsv_paste(&res, &problems, t->store, t->actor, t->paste.ptr, 0, &err) != 0) {
		tui_problems(t, L("没有导入", "Nothing imported"), &problems, &err);
		goto cleanup;
	}
	tui_msg(t, 0, L("已写入：新增 %zu 人，更新 %zu 人", "written: %zu added, %zu updated"), res.added, res.updated);
	fl |= TUI_RELOAD;
cleanup:
	vec_free(&problems);
	buf_release(&q);
	return fl;
}

static int import_file(struct tui *t)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	struct rostercsv_result res = { 0 };
	int fl = TUI_HANDLED | TUI_REDRAW;
	/* Over SSH no file of the server is read for the person: the rows come as a paste. */
	if (t->actor->fixed) {
		tui_alert(t, L("粘贴人员", "Paste people"),
			  L("在 Excel 中选中人员行（可连同表头一起）复制，然后在这里粘贴（右键，或 Ctrl+Shift+V）。\n"
			    "列的顺序：工号 姓名 学校 角色 职称 是否双师型 是否有教师资格 专业 登录名。\n"
			    "已有的工号更新该人员，新的工号新增；全部通过校验后一次写入。",
			    "Copy the rows in Excel (with the header row or not), then paste them here (right click, or Ctrl+Shift+V).\n"
			    "Columns: 工号 姓名 学校 角色 职称 是否双师型 是否有教师资格 专业 登录名.\n"
			    "An existing 工号 updates that person, a new one adds one; written in one commit when all are valid."));
		goto cleanup;
	}
	if (tui_prompt(t, L("导入人员 CSV 文件（也可以直接粘贴 Excel 中的行）：", "import people from CSV (or just paste rows copied from Excel): "),
		       &path) != 0 ||
	    !path.len)
		goto cleanup;
	if (editor_read_file(&data, path.ptr, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg);
		goto cleanup;
	}
	if (rostercsv_import(&res, &problems, t->store, t->actor, data.ptr, data.len, &err) != 0) {
		tui_problems(t, L("没有导入", "Nothing imported"), &problems, &err);
		goto cleanup;
	}
	tui_msg(t, 0, L("已导入（%s）：新增 %zu 人，更新 %zu 人，%zu 人没有变化", "imported (%s): %zu added, %zu updated, %zu unchanged"),
		res.encoding ? res.encoding : "", res.added, res.updated, res.unchanged);
	fl |= TUI_RELOAD;
cleanup:
	buf_release(&path);
	buf_release(&data);
	vec_free(&problems);
	return fl;
}

static int export_roster(struct tui *t)
{
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	const char *school = t->actor && !t->actor->lead_college ? t->actor->school : NULL;
	if (rostercsv_export(&out, t->store, school, 0, 1, &err) != 0)
		tui_msg(t, 1, "%s", err.msg);
	else
		tui_push(t, &view_text_ops, out.ptr);
	buf_release(&out);
	return TUI_HANDLED;
}

static const struct tui_key people_keys[] = {
	{ 'a', 0, ACT_ADD, "a", "新增人员", "add a person" },
	{ '\n', 0, ACT_EDIT, "Enter", "修改选中的人员（表单）", "edit the selected person (a form)" },
	{ 'e', 0, ACT_EDIT, "e", NULL, NULL },
	{ 'd', 0, ACT_DEACTIVATE, "d", NULL, NULL },
	{ 'i', 0, ACT_IMPORT, "i", "从 CSV 文件导入人员（也可以直接粘贴 Excel 中的行）", "import people from CSV (or paste rows from Excel)" },
	{ 'x', 0, ACT_EXPORT, "x", "导出名册（复制到剪贴板，可粘贴到 Excel）", "export the roster (to the clipboard, for Excel)" },
	{ 'L', 0, ACT_FILTER, "L", "显示 / 隐藏已离开的人员", "show or hide people who left" },
	TUI_KEYS_END,
};

static int people_offers(struct view *v, enum tui_action a)
{
	struct people *o = v->priv;
	struct tui *t = v->tui;
	const struct store_item *it = list_selected(&o->list);
	switch (a) {
	case ACT_EDIT:
		return it && records_permit(t->store, t->actor, ptype(), it->rec, it->rec, NULL) == 0;
	case ACT_DEACTIVATE:
		return it && person_active(it->rec) && records_permit(t->store, t->actor, ptype(), it->rec, it->rec, NULL) == 0;
	default:
		return 1;
	}
}

static int people_action(struct view *v, const struct tui_input *in);

static int people_key(struct view *v, const struct tui_input *in)
{
	struct people *o = v->priv;
	note_selection(o);
	int fl = people_action(v, in);
	/* A reload (after a write) has rebuilt the rows and kept the selection itself. */
	if (!(fl & TUI_RELOAD))
		note_selection(o);
	return fl;
}

static int people_action(struct view *v, const struct tui_input *in)
{
	struct people *o = v->priv;
	struct tui *t = v->tui;
	int fl = list_key(&o->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	if ((fl = table_key(&o->table, in)) & TUI_HANDLED)
		return fl;
	if (in->fkey && in->key == TUI_KEY_PASTE)
		return paste(t);
	const struct store_item *it = list_selected(&o->list);
	switch (in->action) {
	case ACT_ADD:
		return open_form(t, NULL);
	case ACT_EDIT:
		return it ? edit(t, it) : TUI_HANDLED;
	case ACT_DEACTIVATE:
		return it ? deactivate(t, it) : TUI_HANDLED;
	case ACT_IMPORT:
		return import_file(t);
	case ACT_EXPORT:
		return export_roster(t);
	case ACT_FILTER:
		o->with_left = !o->with_left;
		load(o, t);
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const people_keymaps[] = { people_keys, list_keys, table_keys, NULL };

const struct view_ops view_people_ops = {
	.name = "people",
	.title_zh = "人员",
	.title_en = "People",
	.keys = people_keymaps,
	.open = people_open,
	.close = people_close,
	.reload = people_reload,
	.draw = people_draw,
	.key = people_key,
	.shown = shown,
	.offers = people_offers,
};
