/* planrows: the school's course-row editor — rows with the reviewer's comments, a form per row (teacher picked by name with title and 双师型), answers, paste. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/plan.h"
#include "jiaoyan/tui.h"

/*
 * The rows live here until Ctrl-S writes them all in one commit. Each row is
 * a record: section "row" holds the stored values of its course section,
 * every key (answers to reviews too), section "ui" what the screen shows
 * beside it and never writes (the reviewer's comment, the change mark).
 */
struct prows {
	char *id;
	char *school;
	struct vec rows;  /* struct record *, owned */
	size_t round;     /* the last review's round, for answers (answer.R); 0 = never reviewed */
	struct list list; /* rebuilt from rows after every change */
	struct table table;
	struct table_col cols[PLAN_NTCOLS + 2];
	int dirty;
};

static const char *rget(const struct record *r, const char *key)
{
	const char *v = record_get(r, "row", key);
	return v ? v : "";
}

static struct buf answer_key(const struct prows *p)
{
	struct buf k = BUF_INIT;
	buf_printf(&k, "answer.%zu", p->round);
	return k;
}

/* A cell as people read it: labels for enums, names for teachers. */
static void cell_label(struct buf *out, struct tui *t, const char *key, const char *v)
{
	if (!*v)
		return;
	if (strcmp(key, "teacher") == 0)
		buf_puts(out, tui_person_name(t, v));
	else
		schema_value_label(out, schema_field(schema_type("plan"), "course.1", key), v);
}

static void rebuild(struct prows *p, struct tui *t)
{
	size_t sel = p->list.sel, top = p->list.top;
	struct buf ak = answer_key(p);
	list_clear(&p->list);
	for (size_t i = 0; i < p->rows.len; i++) {
		struct record *r = p->rows.items[i];
		const char *comment = record_get(r, "ui", "comment");
		struct list_row *row = list_add(&p->list, r, comment && !*rget(r, ak.ptr) ? TA_MARK : TA_NORMAL);
		list_cellf(row, "%zu", i + 1);
		for (size_t c = 0; c < PLAN_NTCOLS; c++) {
			struct buf b = BUF_INIT;
			cell_label(&b, t, plan_tcols[c].key, rget(r, plan_tcols[c].key));
			list_cell(row, b.ptr);
			buf_release(&b);
		}
		/* ✎ the reviewer commented on this row; ✓ the school has answered. */
		list_cell(row, comment ? (*rget(r, ak.ptr) ? "✎✓" : "✎") : "");
	}
	p->list.sel = sel < p->rows.len ? sel : p->rows.len ? p->rows.len - 1 : 0;
	p->list.top = top;
	buf_release(&ak);
}

static void record_free_v(void *r)
{
	record_free(r);
}

static int pr_open(struct view *v, void *arg, struct jy_err *err)
{
	struct tui *t = v->tui;
	struct record *plan = NULL;
	struct plan_diff *d = NULL;
	if (plan_load(&plan, NULL, t->store, arg, err) != 0)
		return err->code ? err->code : JY_EIO;
	if (plan_diff(&d, t->store, arg, NULL) != 0)
		d = NULL;
	struct prows *p = xcalloc(1, sizeof(*p));
	p->id = xstrdup(arg);
	p->school = xstrdup(record_get(plan, "plan", "school") ? record_get(plan, "plan", "school") : "");
	p->round = d ? d->round : 0;
	vec_init(&p->rows, record_free_v);
	for (size_t i = 0; i < record_section_count(plan); i++) {
		const char *sec = record_section(plan, i);
		if (strncmp(sec, "course.", 7) != 0)
			continue;
		struct record *r = record_new();
		long at = record_section_index(plan, sec);
		for (size_t j = 0; j < record_key_count(plan, (size_t)at); j++)
			record_set(r, "row", record_key(plan, (size_t)at, j), record_value(plan, (size_t)at, j));
		const struct plan_row_diff *rd = plan_diff_row(d, (size_t)strtoul(sec + 7, NULL, 10));
		if (rd && rd->comment)
			record_set(r, "ui", "comment", rd->comment);
		vec_push(&p->rows, r);
	}
	list_init(&p->list, NULL, 0, 0);
	p->list.empty = L("（没有课程行：按 a 加一行，或粘贴 Excel 中的课程行）", "(no rows: a adds one, or paste rows from Excel)");
	p->cols[0] = (struct table_col){ "#", 2, 3, 1, 0 };
	for (size_t c = 0; c < PLAN_NTCOLS; c++)
		p->cols[c + 1] = (struct table_col){ L(plan_tcols[c].zh, plan_tcols[c].en), 2, plan_tcols[c].max, plan_tcols[c].right, plan_tcols[c].prio };
	p->cols[PLAN_NTCOLS + 1] = (struct table_col){ L("意见", "review"), 4, 4, 0, 1 };
	p->table.cols = p->cols;
	p->table.ncols = PLAN_NTCOLS + 2;
	p->table.tooltip = 0;
	v->priv = p;
	rebuild(p, t);
	record_free(plan);
	plan_diff_free(d);
	return 0;
}

static void pr_close(struct view *v)
{
	struct prows *p = v->priv;
	free(p->id);
	free(p->school);
	vec_free(&p->rows);
	list_free(&p->list);
	free(p);
}

/* The editor keeps its unsaved rows across a reload (after a row form, say); names are drawn anew. */
static int pr_reload(struct view *v, struct jy_err *err)
{
	(void)err;
	rebuild(v->priv, v->tui);
	return 0;
}

static void pr_draw(struct view *v, const struct tui_rect *r)
{
	struct prows *p = v->priv;
	struct tui *t = v->tui;
	struct buf b = BUF_INIT;
	buf_printf(&b, L("编辑课程行 %s%s", "Rows of %s%s"), p->id, p->dirty ? L("（未保存：Ctrl-S 保存全部）", " (not saved: Ctrl-S saves all)") : "");
	tui_put(t, r->y, r->x, r->w, TA_HEADER, b.ptr, 0);
	/* Under the table: the selected row's cells that did not fit, the reviewer's comment and the answer. */
	int foot = r->h >= 10 ? 4 : 0;
	struct tui_rect tr = { r->y + 1, r->x, r->h - 1 - foot, r->w };
	table_draw(&p->table, &p->list, t, &tr, 1);
	const struct record *row = list_selected(&p->list);
	if (foot && row) {
		struct vec lines = VEC_INIT(free);
		struct buf ak = answer_key(p);
		buf_reset(&b);
		for (size_t c = 0; c < PLAN_NTCOLS; c++) {
			const char *val = rget(row, plan_tcols[c].key);
			if (!*val)
				continue;
			buf_printf(&b, "%s%s：", b.len ? " · " : "", L(plan_tcols[c].zh, plan_tcols[c].en));
			cell_label(&b, t, plan_tcols[c].key, val);
			if (strcmp(plan_tcols[c].key, "teacher") == 0)
				buf_printf(&b, "（%s）", val);
		}
		tui_wrap(&lines, b.ptr, r->w);
		int y = r->y + r->h - foot;
		tui_hline(t, y++, r->x, r->w, TA_DIM);
		for (size_t i = 0; i < lines.len && i < 1; i++)
			tui_put(t, y++, r->x, r->w, TA_DIM, lines.items[i], 0);
		buf_reset(&b);
		const char *comment = record_get(row, "ui", "comment");
		if (comment)
			buf_printf(&b, L("✎ 审核意见：%s", "✎ reviewer: %s"), comment);
		tui_put(t, y++, r->x, r->w, TA_LABEL, b.ptr, 0);
		buf_reset(&b);
		if (comment && *rget(row, ak.ptr))
			buf_printf(&b, L("↳ 本校答复：%s", "↳ our answer: %s"), rget(row, ak.ptr));
		else if (comment)
			buf_puts(&b, L("（尚未答复：按 c 答复，如「已调整」）", "(not answered yet: c answers, e.g. \"adjusted\")"));
		tui_put(t, y, r->x, r->w, comment && *rget(row, ak.ptr) ? TA_BAR : TA_DIM, b.ptr, 0);
		vec_free(&lines);
		buf_release(&ak);
	}
	buf_release(&b);
}

/* --- the row form (Enter, a) and the answer form (c) --- */

struct rowform {
	struct prows *p;   /* the editor below the form */
	size_t at;         /* the row it edits, or where a new row goes */
	int is_new;
	struct tui *t;
};

static void teacher_options(struct form_field *fld, struct tui *t, const char *school)
{
	/* The filing school's teachers first, then the lead college's (exchange teachers), as the cell accepts them. */
	const char *lead = t->group ? record_get(t->group, "group", "lead") : NULL;
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < tui_people(t)->len; i++) {
			const struct store_item *it = tui_people(t)->items[i];
			const char *sc = record_get(it->rec, "person", "school"), *roles = record_get(it->rec, "person", "roles");
			const char *want = pass == 0 ? school : lead;
			if (!want || !sc || strcmp(sc, want) != 0 || (pass == 1 && school && strcmp(school, want) == 0) || !person_active(it->rec))
				continue;
			if (!roles || !strstr(roles, "teacher"))
				continue;
			struct buf label = BUF_INIT, search = BUF_INIT;
			const char *name = record_get(it->rec, "person", "name"), *title = record_get(it->rec, "person", "title");
			const char *dual = record_get(it->rec, "person", "dual_qualified");
			buf_printf(&label, "%s（%s）· ", name ? name : it->id, it->id);
			if (title)
				schema_value_label(&label, schema_field(schema_type("person"), "person", "title"), title);
			else
				buf_puts(&label, L("职称未填", "no title"));
			buf_printf(&label, " · %s", dual && strcmp(dual, "yes") == 0 ? L("双师型", "dual-qualified") : L("非双师型", "not dual"));
			if (pass == 1)
				buf_printf(&label, " · %s", tui_school_name(t, sc));
			buf_printf(&search, "%s %s", name ? name : "", it->id);
			form_option(fld, it->id, label.ptr, search.ptr);
			buf_release(&label);
			buf_release(&search);
		}
}

static char *rowform_check(struct form *f, struct form_field *fld, void *vctx)
{
	struct rowform *c = vctx;
	struct buf stored = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	char *msg = NULL;
	(void)f;
	if (strncmp(fld->name, "answer", 6) == 0)
		return NULL;
	if (!fld->value.len && (strcmp(fld->name, "name") == 0 || strcmp(fld->name, "category") == 0 || strcmp(fld->name, "hours") == 0))
		msg = xstrdup(L("必填", "required"));
	else if (plan_cell(&stored, c->t->store, c->p->school, fld->name, fld->value.ptr, &err) != 0)
		msg = xstrdup(err.msg);
	buf_release(&stored);
	return msg;
}

static int rowform_submit(struct tui *t, struct form *f, void *vctx, struct jy_err *err)
{
	struct rowform *c = vctx;
	struct prows *p = c->p;
	struct record *row = c->is_new ? record_new() : record_dup(p->rows.items[c->at]);
	struct buf stored = BUF_INIT, ak = answer_key(p);
	int rc = 0;
	for (size_t i = 0; i < f->fields.len && rc == 0; i++) {
		struct form_field *fld = f->fields.items[i];
		if (!form_is_input(fld))
			continue;
		if (strcmp(fld->name, "answer") == 0) {
			if (fld->value.len)
				record_set(row, "row", ak.ptr, fld->value.ptr);
			else
				record_unset(row, "row", ak.ptr);
			continue;
		}
		buf_reset(&stored);
		if ((rc = plan_cell(&stored, t->store, p->school, fld->name, fld->value.ptr, err)) != 0) {
			free(fld->error);
			fld->error = xstrdup(err->msg);
		} else if (stored.len) {
			record_set(row, "row", fld->name, stored.ptr);
		} else {
			record_unset(row, "row", fld->name);
		}
	}
	if (rc == 0) {
		if (c->is_new) {
			vec_insert(&p->rows, c->at, row);
		} else {
			record_free(p->rows.items[c->at]);
			p->rows.items[c->at] = row;
		}
		row = NULL;
		p->dirty = 1;
		p->list.sel = c->at;
		tui_msg(t, 0, L("第 %zu 行已改好（未保存：Ctrl-S 保存全部课程行）", "row %zu changed (not saved yet: Ctrl-S saves every row)"), c->at + 1);
	}
	record_free(row);
	buf_release(&stored);
	buf_release(&ak);
	return rc;
}

static int open_rowform(struct prows *p, struct tui *t, size_t at, int is_new)
{
	const struct type_def *ty = schema_type("plan");
	const struct record *row = is_new ? NULL : p->rows.items[at];
	struct buf title = BUF_INIT, label = BUF_INIT;
	struct buf ak = answer_key(p);
	if (is_new)
		buf_printf(&title, L("新增第 %zu 行（Ctrl-S 确定，Esc 放弃）", "New row %zu (Ctrl-S applies, Esc discards)"), at + 1);
	else
		buf_printf(&title, L("修改第 %zu 行（Ctrl-S 确定，Esc 放弃）", "Row %zu (Ctrl-S applies, Esc discards)"), at + 1);
	struct form *f = form_new(title.ptr);
	const char *comment = row ? record_get(row, "ui", "comment") : NULL;
	if (comment)
		form_add(f, FORM_NOTE, "note.comment", L("审核意见", "reviewer"), comment)->role = TA_LABEL;
	for (size_t c = 0; c < PLAN_NTCOLS; c++) {
		const char *key = plan_tcols[c].key, *v = row ? rget(row, key) : "";
		const struct field_def *def = schema_field(ty, "course.1", key);
		struct form_field *fld;
		if (strcmp(key, "category") == 0 || strcmp(key, "elective") == 0) {
			fld = form_add(f, FORM_PICK, key, schema_field_label(def), v);
			form_option(fld, "", L("（未填）", "(not set)"), NULL);
			form_enum_options(fld, def);
		} else if (strcmp(key, "teacher") == 0) {
			fld = form_add(f, FORM_PICK, key, schema_field_label(def), v);
			form_option(fld, "", L("（未定）", "(none yet)"), NULL);
			teacher_options(fld, t, p->school);
			fld->free_text = 1;
			fld->hint = xstrdup(L("输入姓名或工号筛选；列表显示职称和是否双师型", "type a name or id; the list shows title and dual-qualified"));
		} else {
			fld = form_add(f, FORM_TEXT, key, schema_field_label(def), v);
			if (c >= 2 && c <= 6)
				fld->width = 8;
		}
		if (strcmp(key, "name") == 0 || strcmp(key, "category") == 0 || strcmp(key, "hours") == 0)
			fld->suffix = xstrdup(L("必填", "required"));
	}
	if (comment) {
		struct form_field *fld = form_add(f, FORM_MULTI, "answer", L("答复审核意见", "answer"), rget(row, ak.ptr));
		fld->rows = 2;
		fld->hint = xstrdup(L("如：已调整为 4 学分", "e.g. changed to 4 credits"));
	}
	struct rowform *ctx = xcalloc(1, sizeof(*ctx));
	ctx->p = p;
	ctx->at = at;
	ctx->is_new = is_new;
	ctx->t = t;
	f->check = rowform_check;
	f->ctx = ctx;
	form_focus(f, comment ? 1 : 0);
	f->button = L("确定", "apply");
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = rowform_submit;
	spec.ctx = ctx;
	spec.ctx_free = free;
	spec.discard_zh = "放弃对这一行的修改吗？\n\n  y  放弃\n  n  继续修改";
	spec.discard_en = "Discard the changes to this row?\n\n  y  discard\n  n  go on";
	buf_release(&title);
	buf_release(&label);
	buf_release(&ak);
	return form_view_push(t, &spec) == 0 ? TUI_HANDLED : TUI_HANDLED | TUI_REDRAW;
}

static int answer_submit(struct tui *t, struct form *f, void *vctx, struct jy_err *err)
{
	struct rowform *c = vctx;
	struct buf ak = answer_key(c->p);
	struct record *row = c->p->rows.items[c->at];
	const char *v = form_find(f, "answer")->value.ptr;
	(void)err;
	if (*v)
		record_set(row, "row", ak.ptr, v);
	else
		record_unset(row, "row", ak.ptr);
	c->p->dirty = 1;
	tui_msg(t, 0, L("已答复第 %zu 行（未保存：Ctrl-S 保存，随下一次提交）", "row %zu answered (not saved yet: Ctrl-S saves; goes with the next submission)"), c->at + 1);
	buf_release(&ak);
	return 0;
}

static int open_answer(struct prows *p, struct tui *t)
{
	const struct record *row = list_selected(&p->list);
	const char *comment = row ? record_get(row, "ui", "comment") : NULL;
	if (!comment) {
		tui_msg(t, 1, "%s", L("这一行没有审核意见可答复", "this row has no reviewer's comment to answer"));
		return TUI_HANDLED;
	}
	struct buf title = BUF_INIT, ak = answer_key(p);
	buf_printf(&title, L("答复第 %zu 行《%s》的审核意见（Ctrl-S 确定，Esc 放弃）", "Answer the comment on row %zu \"%s\" (Ctrl-S applies, Esc discards)"),
		   p->list.sel + 1, rget(row, "name"));
	struct form *f = form_new(title.ptr);
	form_add(f, FORM_NOTE, "note.comment", L("审核意见", "reviewer"), comment)->role = TA_LABEL;
	struct form_field *fld = form_add(f, FORM_MULTI, "answer", L("答复", "answer"), rget(row, ak.ptr));
	fld->rows = 3;
	fld->hint = xstrdup(L("如：已调整为 4 学分", "e.g. changed to 4 credits"));
	f->button = L("确定", "apply");
	struct rowform *ctx = xcalloc(1, sizeof(*ctx));
	ctx->p = p;
	ctx->at = p->list.sel;
	ctx->t = t;
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = answer_submit;
	spec.ctx = ctx;
	spec.ctx_free = free;
	buf_release(&title);
	buf_release(&ak);
	return form_view_push(t, &spec) == 0 ? TUI_HANDLED : TUI_HANDLED | TUI_REDRAW;
}

/* --- saving, pasting, keys --- */

static int save(struct prows *p, struct tui *t)
{
	struct record *rows = record_new();
	struct jy_err err = JY_ERR_INIT;
	struct buf sec = BUF_INIT;
	size_t k = 0;
	for (size_t i = 0; i < p->rows.len; i++) {
		const struct record *r = p->rows.items[i];
		long at = record_section_index(r, "row");
		if (at < 0 || !record_key_count(r, (size_t)at))
			continue; /* a row left with nothing in it is not a row */
		buf_reset(&sec);
		buf_printf(&sec, "course.%zu", ++k);
		for (size_t j = 0; j < record_key_count(r, (size_t)at); j++)
			record_set(rows, sec.ptr, record_key(r, (size_t)at, j), record_value(r, (size_t)at, j));
	}
	int rc = plan_replace_rows(t->store, t->actor, p->id, rows, NULL, &err);
	record_free(rows);
	buf_release(&sec);
	if (rc) {
		tui_alert(t, L("没有保存", "Not saved"), err.msg);
		return TUI_HANDLED | TUI_REDRAW;
	}
	tui_msg(t, 0, L("已保存 %s 的 %zu 行课程", "saved %s: %zu rows"), p->id, k);
	p->dirty = 0;
	return TUI_HANDLED | TUI_BACK | TUI_RELOAD;
}

/* Pasted cells become rows after the selected one, checked like CSV rows; Ctrl-S writes them with the rest. */
static int paste_rows(struct prows *p, struct tui *t)
{
	struct vec problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;
	struct record *rows = NULL;
	size_t at = p->rows.len ? p->list.sel + 1 : 0, added = 0;
	if (plan_paste_rows(&rows, &problems, t->store, p->school, t->paste.ptr, &err) != 0) {
		tui_problems(t, L("没有导入", "Nothing imported"), &problems, &err);
		vec_free(&problems);
		return TUI_HANDLED | TUI_REDRAW;
	}
	for (size_t i = 0; i < record_section_count(rows); i++) {
		const char *sec = record_section(rows, i);
		if (strncmp(sec, "course.", 7) != 0)
			continue;
		struct record *r = record_new();
		long k = record_section_index(rows, sec);
		for (size_t j = 0; j < record_key_count(rows, (size_t)k); j++)
			record_set(r, "row", record_key(rows, (size_t)k, j), record_value(rows, (size_t)k, j));
		vec_insert(&p->rows, at + added++, r);
	}
	if (added) {
		p->list.sel = at;
		p->dirty = 1;
	}
	rebuild(p, t);
	tui_msg(t, 0, L("已粘贴 %zu 行（未保存，Ctrl-S 保存）", "%zu rows pasted (not saved yet: Ctrl-S saves)"), added);
	record_free(rows);
	vec_free(&problems);
	return TUI_HANDLED | TUI_REDRAW;
}

static const struct tui_key pr_keys[] = {
	{ '\n', 0, ACT_EDIT, "Enter", "修改选中的行（表单：每项校验，任课教师可按姓名选）", "change the selected row (a form; the teacher picked by name)" },
	{ 'e', 0, ACT_EDIT, "e", NULL, NULL },
	{ 'a', 0, ACT_ADD, "a", "在选中的行后加一行", "add a row after the selected one" },
	{ 'c', 0, ACT_ANSWER, "c", NULL, NULL },
	{ 'd', 0, ACT_ROW_DELETE, "d", "删除选中的行", "delete the selected row" },
	{ 'K', 0, ACT_ROW_UP, "K", "把选中的行上移", "move the selected row up" },
	{ 'J', 0, ACT_ROW_DOWN, "J", "把选中的行下移", "move the selected row down" },
	{ 19, 0, ACT_SAVE, "Ctrl-S", "保存全部课程行（一次提交）", "save every row (one commit)" },
	{ KEY_F(2), 1, ACT_SAVE, "F2", NULL, NULL },
	{ 27, 0, ACT_CANCEL, "Esc", "放弃修改（有改动时先询问）", "discard (asks when changed)" },
	{ 'q', 0, ACT_CANCEL, NULL, NULL, NULL },
	TUI_KEYS_END,
};

static int pr_offers(struct view *v, enum tui_action a)
{
	struct prows *p = v->priv;
	const struct record *row = list_selected(&p->list);
	if (a == ACT_ANSWER)
		return row && record_get(row, "ui", "comment");
	if (a == ACT_EDIT)
		return row != NULL;
	return 1;
}

static int pr_key(struct view *v, const struct tui_input *in)
{
	struct prows *p = v->priv;
	struct tui *t = v->tui;
	size_t n = p->rows.len, sel = p->list.sel;
	if (in->fkey && in->key == TUI_KEY_PASTE)
		return paste_rows(p, t);
	int fl = list_key(&p->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	if ((fl = table_key(&p->table, in)) & TUI_HANDLED)
		return fl;
	switch (in->action) {
	case ACT_EDIT:
		return n ? open_rowform(p, t, sel, 0) : open_rowform(p, t, 0, 1);
	case ACT_ADD:
		return open_rowform(p, t, n ? sel + 1 : 0, 1);
	case ACT_ANSWER:
		return open_answer(p, t);
	case ACT_ROW_DELETE:
		if (n && tui_ask(t, L("删除这一行？ y 删除 / n 取消", "Delete this row? y yes / n no"), "yn") == 'y') {
			record_free(vec_remove(&p->rows, sel));
			p->dirty = 1;
			rebuild(p, t);
		}
		return TUI_HANDLED | TUI_REDRAW;
	case ACT_ROW_UP:
	case ACT_ROW_DOWN: {
		int up = in->action == ACT_ROW_UP;
		if (!n || (up && sel == 0) || (!up && sel + 1 >= n))
			return TUI_HANDLED;
		size_t to = up ? sel - 1 : sel + 1;
		void *tmp = p->rows.items[to];
		p->rows.items[to] = p->rows.items[sel];
		p->rows.items[sel] = tmp;
		p->list.sel = to;
		p->dirty = 1;
		rebuild(p, t);
		return TUI_HANDLED;
	}
	case ACT_SAVE:
		return save(p, t);
	case ACT_CANCEL:
		if (p->dirty && tui_ask(t, L("放弃对课程行的修改？ y 放弃 / n 继续编辑", "Discard the changes? y discard / n keep editing"), "yn") != 'y')
			return TUI_HANDLED | TUI_REDRAW;
		return TUI_HANDLED | TUI_BACK;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const pr_keymaps[] = { pr_keys, list_keys, table_keys, NULL };

static const struct view_ops planrows_ops = {
	.name = "plan-rows",
	.title_zh = "编辑课程行",
	.title_en = "Course rows",
	.keys = pr_keymaps,
	.open = pr_open,
	.close = pr_close,
	.reload = pr_reload,
	.draw = pr_draw,
	.key = pr_key,
	.offers = pr_offers,
};

int planrows_open(struct tui *t, const char *id)
{
	return tui_push(t, &planrows_ops, (void *)id);
}
