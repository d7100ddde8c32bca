/* view_observations: the 听课记录 tab — this term's observations newest first, paged from the index, a detail pane, filter, add, edit, reply. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/order.h"
#include "jiaoyan/printout.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

struct obsfilter {
	char *term, *school, *teacher, *observer, *kind; /* owned; "" = any (term "" = every term) */
};

/* A held row's data: the record as the index (or the store) gives it. */
struct obsrow {
	char *path;
	struct record *rec; /* to show and to ask the rules, never written back */
	int whole;          /* rec has every field; else only the row's (whole_record reads the rest) */
	struct rows_ref ref;
};

struct obslist {
	struct tui *t;
	struct list list;     /* paged over src: only the rows around the screen are held */
	struct list_source src;
	struct table table;
	struct table_col cols[7];
	struct rows *rows;    /* the index refs point into; NULL when the store was listed instead */
	struct rows_ref *refs; /* the rows of the filter the person may see, newest first, as far as read */
	size_t nrefs, cap;
	struct rows_cursor *cur; /* reads further rows while open (the list asks for a page further down) */
	size_t total;         /* the number of rows, known from the index's headers before they are read */
	struct vec items;     /* without the index: struct store_item *, owned, newest first */
	struct vec held;      /* struct obsrow *, owned: the data of the held rows */
	struct obsfilter filter;
	struct list detail;   /* the pane under the list */
	char *detail_of;      /* the path it shows, owned */
	int detail_w;
};

static void filter_free(struct obsfilter *f)
{
	free(f->term);
	free(f->school);
	free(f->teacher);
	free(f->observer);
	free(f->kind);
}

static void set_str(char **dst, const char *v)
{
	free(*dst);
	*dst = xstrdup(v ? v : "");
}

static void obsrow_free(void *p)
{
	struct obsrow *r = p;
	if (r) {
		free(r->path);
		record_free(r->rec);
		free(r);
	}
}

static size_t src_count(void *ctx)
{
	struct obslist *o = ctx;
	return o->rows ? o->total : o->items.len;
}

static int row_wanted(const struct obslist *o, const struct rows_row *row);

/* The handle of row i of the list, reading the index as far as it (NULL when the list is shorter). */
static const struct rows_ref *ref_at(struct obslist *o, size_t i)
{
	struct rows_row row;
	while (o->cur && o->nrefs <= i) {
		int more = rows_next(o->cur, &row);
		if (more != 1) {
			rows_cursor_free(o->cur);
			o->cur = NULL;
			if (more < 0)
				tui_msg(o->t, 1, "%s",
					L("索引读取失败，列表不完整：按 r 重新读取",
					  "the index failed: the list is incomplete (r reloads)"));
			o->total = o->nrefs;
			break;
		}
		/* What the person may not see is not listed (group.ini [privacy]). */
		if (!row.decoded || !row_wanted(o, &row) || !obs_row_visible(o->t->viewer, &row))
			continue;
		if (o->nrefs == o->cap) {
			o->cap = o->cap ? 2 * o->cap : 256;
			o->refs = xrealloc(o->refs, o->cap * sizeof(*o->refs));
		}
		o->refs[o->nrefs++] = row.ref;
	}
	return i < o->nrefs ? &o->refs[i] : NULL;
}

/* r's record with every field: the row keeps only what the list shows; the rest is read when it is wanted. */
static const struct record *whole_record(struct obslist *o, struct obsrow *r)
{
	struct rows_row row;
	if (r->whole || !o->rows || rows_at(o->rows, r->ref, &row) != 0)
		return r->rec;
	struct record *rec = NULL;
	if ((row.search = rows_search(o->rows, &row)))
		rec = obs_row_record(&row);
	else if (store_read(&rec, o->t->store, r->path, NULL) != 0)
		return r->rec;
	record_free(r->rec);
	r->rec = rec;
	r->whole = 1;
	return rec;
}

static void src_fetch(void *ctx, struct list *l, size_t first, size_t n)
{
	struct obslist *o = ctx;
	const struct type_def *ot = schema_type("observation");
	/* The list has let go of its rows: their data goes with them. */
	vec_clear(&o->held);
	for (size_t i = first; i < first + n; i++) {
		struct obsrow *r = xcalloc(1, sizeof(*r));
		const struct rows_ref *ref = o->rows ? ref_at(o, i) : NULL;
		struct rows_row row;
		if (!o->rows) {
			const struct store_item *it = o->items.items[i];
			r->path = xstrdup(it->path);
			r->rec = record_dup(it->rec);
			r->whole = 1;
		} else if (ref && rows_at(o->rows, *ref, &row) == 0) {
			struct buf path = BUF_INIT;
			rows_path(&path, &row);
			r->path = buf_detach(&path);
			r->rec = rows_record(&row, ot);
			r->ref = *ref;
			/* Whether it awaits the person's reply is in the rest of the record. */
			const char *teacher = rows_get(&row, "teacher");
			if (teacher && o->t->actor && o->t->actor->id && strcmp(teacher, o->t->actor->id) == 0)
				whole_record(o, r);
		} else {
			r->path = xstrdup("");
			r->rec = record_new();
			r->whole = 1;
		}
		vec_push(&o->held, r);
		struct list_row *lr = list_add(l, r, obs_awaits_reply(o->t, r->rec) ? TA_MARK : TA_NORMAL);
		obsfmt_row(lr, o->t, r->rec);
	}
}

/* `/` over rows not held: what the columns show (names, the kind's label) and every field of the record. */
static int label_matches(struct obslist *o, const char *field, const char *value, const char *pat)
{
	struct buf b = BUF_INIT;
	if (strcmp(field, "observation.kind") == 0)
		schema_value_label(&b, schema_field(schema_type("observation"), "observation", "kind"), value);
	else if (strcmp(field, "observation.observer") == 0 || strcmp(field, "observation.teacher") == 0)
		buf_puts(&b, tui_person_name(o->t, value));
	int yes = b.len && text_contains(b.ptr, pat);
	buf_release(&b);
	return yes || text_contains(value, pat);
}

struct match_ctx {
	struct obslist *o;
	const char *pat;
};

static int field_matches(void *ctx, const char *field, const char *value)
{
	const struct match_ctx *m = ctx;
	return label_matches(m->o, field, value, m->pat);
}

static int src_matches(void *ctx, size_t i, const char *pat)
{
	struct obslist *o = ctx;
	struct match_ctx m = { o, pat };
	struct rows_row row;
	if (!o->rows) {
		const struct record *r = ((const struct store_item *)o->items.items[i])->rec;
		for (size_t k = 0; k < record_section_count(r); k++)
			for (size_t j = 0; j < record_key_count(r, k); j++) {
				struct buf name = BUF_INIT;
				buf_printf(&name, "%s.%s", record_section(r, k), record_key(r, k, j));
				int yes = field_matches(&m, name.ptr, record_value(r, k, j));
				buf_release(&name);
				if (yes)
					return 1;
			}
		return 0;
	}
	const struct rows_ref *ref = ref_at(o, i);
	return ref && rows_at(o->rows, *ref, &row) == 0 && (row.search = rows_search(o->rows, &row)) &&
	       obs_row_fields(&row, field_matches, &m) != 0;
}

static void forget(struct obslist *o)
{
	rows_cursor_free(o->cur);
	o->cur = NULL;
	rows_free(o->rows);
	o->rows = NULL;
	free(o->refs);
	o->refs = NULL;
	o->nrefs = o->cap = o->total = 0;
	vec_clear(&o->items);
}

static int row_wanted(const struct obslist *o, const struct rows_row *row)
{
	static const char *const keys[] = { "teacher", "observer", "kind" };
	const char *want[] = { o->filter.teacher, o->filter.observer, o->filter.kind };
	for (size_t k = 0; k < 3; k++) {
		const char *v = rows_get(row, keys[k]);
		if (*want[k] && (!v || strcmp(v, want[k]) != 0))
			return 0;
	}
	return 1;
}

/*
 * The rows of the filter, newest first, from the ready-to-show index: only
 * their handles are kept (8 bytes a row), read as far as the list has asked
 * (ref_at); a row is read and formatted when it comes on screen. When every
 * row of the directories counts (no filter on a row's fields, the person sees
 * the whole group), their number comes from the index's headers and the first
 * screen reads the newest few directories only; else the rows are counted
 * now. 1 when the index cannot answer (load lists the store).
 */
static int load_rows(struct obslist *o, struct tui *t, size_t *skipped)
{
	struct rows_query q = { schema_type("observation"), NULL, NULL, NULL, 0 };
	q.term = *o->filter.term ? o->filter.term : NULL;
	q.school = *o->filter.school ? o->filter.school : NULL;
	if (!rows_query_ok(&q) || rows_open(&o->rows, t->store, NULL) != 0)
		return 1;
	size_t undecoded = 0, total = rows_total(o->rows, &q, &undecoded);
	if (total == (size_t)-1 || rows_cursor_new(&o->cur, o->rows, &q, NULL) != 0) {
		forget(o);
		return 1;
	}
	*skipped = undecoded;
	if (!*o->filter.teacher && !*o->filter.observer && !*o->filter.kind && obs_rows_all_visible(t->viewer)) {
		o->total = total;
	} else {
		o->total = SIZE_MAX;
		ref_at(o, SIZE_MAX - 1);
	}
	return 0;
}

/* Without the index: every record of the filter, read and ordered as `jiaoyan list` orders them. */
static int load_store(struct obslist *o, struct tui *t, size_t *skipped, struct jy_err *err)
{
	struct store_query q = { 0 };
	const char *where[4];
	struct buf w[3] = { BUF_INIT, BUF_INIT, BUF_INIT };
	const char *keys[3] = { "teacher", "observer", "kind" }, *want[3] = { o->filter.teacher, o->filter.observer, o->filter.kind };
	size_t nw = 0;
	q.type = "observation";
	q.term = *o->filter.term ? o->filter.term : NULL;
	q.school = *o->filter.school ? o->filter.school : NULL;
	for (size_t k = 0; k < 3; k++)
		if (*want[k]) {
			buf_printf(&w[nw], "%s=%s", keys[k], want[k]);
			where[nw] = w[nw].ptr;
			nw++;
		}
	where[nw] = NULL;
	q.where = where;
	int rc = store_list(&o->items, t->store, &q, skipped, err);
	const struct type_def *ot = schema_type("observation");
	size_t kept = 0;
	for (size_t i = 0; i < o->items.len; i++) {
		struct store_item *it = o->items.items[i];
		if (viewer_sees(t->viewer, ot, it->rec))
			o->items.items[kept++] = it;
		else
			store_item_free(it);
	}
	o->items.len = kept;
	struct order ord;
	order_parse(&ord, ot, NULL, NULL);
	order_items(&o->items, &ord);
	for (size_t i = 0; i < 3; i++)
		buf_release(&w[i]);
	return rc;
}

/* The row whose path is path, or whose file is id.ini; list_len when none. */
static size_t find_row(struct obslist *o, const char *path, const char *id)
{
	struct buf name = BUF_INIT, p = BUF_INIT;
	size_t n = src_count(o), at = n;
	if (id)
		buf_printf(&name, "%s.ini", id);
	for (size_t i = 0; i < n && at == n; i++) {
		buf_reset(&p);
		if (o->rows) {
			struct rows_row row;
			const struct rows_ref *ref = ref_at(o, i);
			if (ref && rows_at(o->rows, *ref, &row) == 0)
				rows_path(&p, &row);
		} else {
			buf_puts(&p, ((const struct store_item *)o->items.items[i])->path);
		}
		const char *base = strrchr(p.ptr, '/');
		if (id ? base && strcmp(base + 1, name.ptr) == 0 : strcmp(p.ptr, path) == 0)
			at = i;
	}
	buf_release(&name);
	buf_release(&p);
	return at;
}

static int load(struct obslist *o, struct tui *t, struct jy_err *err)
{
	char *keep = NULL;
	size_t skipped = 0;
	int rc = 0;
	const struct obsrow *sel = list_selected(&o->list);
	if (sel)
		keep = xstrdup(sel->path);
	vec_clear(&o->list.rows);
	vec_clear(&o->held);
	forget(o);
	free(o->detail_of);
	o->detail_of = NULL;
	if (load_rows(o, t, &skipped) != 0) {
		skipped = 0;
		rc = load_store(o, t, &skipped, err);
	}
	t->skipped = skipped;
	list_page(&o->list, &o->src);
	size_t at = list_len(&o->list);
	if (t->select_id.len)
		at = find_row(o, NULL, t->select_id.ptr);
	else if (keep)
		at = find_row(o, keep, NULL);
	if (at < list_len(&o->list))
		o->list.sel = at;
	free(keep);
	return rc;
}

static void obs_close(struct view *v);

static int obs_open(struct view *v, void *arg, struct jy_err *err)
{
	struct tui *t = v->tui;
	struct obslist *o = xcalloc(1, sizeof(*o));
	(void)arg;
	/* 日期 and 授课教师 tell the rows apart: they stay however narrow the screen; the detail pane has the rest. */
	const struct table_col cols[7] = {
		{ L("日期", "date"), 10, 10, 0, 0 },
		{ L("类型", "kind"), 4, 12, 0, 3 },
		{ L("听课人", "observer"), 6, 8, 0, 2 },
		{ L("授课教师", "teacher"), 8, 8, 0, 0 },
		{ L("课程", "course"), 8, 30, 0, 1 },
		{ L("总分", "total"), 4, 5, 1, 4 },
		{ L("等级", "grade"), 4, 5, 0, 5 },
	};
	memcpy(o->cols, cols, sizeof(cols));
	o->t = t;
	o->table.cols = o->cols;
	o->table.ncols = 7;
	o->src.count = src_count;
	o->src.fetch = src_fetch;
	o->src.matches = src_matches;
	o->src.ctx = o;
	list_init(&o->list, NULL, 0, 0);
	o->list.empty = L("（没有符合条件的听课记录：按 a 新增，按 f 改筛选条件）", "(no observations: a adds one, f changes the filter)");
	list_init(&o->detail, NULL, 0, 1);
	vec_init(&o->items, store_item_free);
	vec_init(&o->held, obsrow_free);
	o->filter.term = xstrdup(t->term);
	o->filter.school = xstrdup("");
	o->filter.teacher = xstrdup("");
	o->filter.observer = xstrdup("");
	o->filter.kind = xstrdup("");
	v->priv = o;
	if (load(o, t, err) != 0) {
		obs_close(v);
		v->priv = NULL;
		return err->code ? err->code : JY_EIO;
	}
	return 0;
}

static void obs_close(struct view *v)
{
	struct obslist *o = v->priv;
	list_free(&o->list);
	list_free(&o->detail);
	vec_free(&o->held);
	forget(o);
	vec_free(&o->items);
	filter_free(&o->filter);
	free(o->detail_of);
	free(o);
}

static int obs_reload(struct view *v, struct jy_err *err)
{
	return load(v->priv, v->tui, err);
}

static void filter_summary(struct buf *b, struct tui *t, const struct obslist *o)
{
	const struct obsfilter *f = &o->filter;
	buf_printf(b, " %s", *f->term ? f->term : L("全部学期", "all terms"));
	if (*f->school)
		buf_printf(b, " · %s", tui_school_name(t, f->school));
	if (*f->teacher)
		buf_printf(b, L(" · 授课 %s", " · teacher %s"), tui_person_name(t, f->teacher));
	if (*f->observer)
		buf_printf(b, L(" · 听课 %s", " · observer %s"), tui_person_name(t, f->observer));
	if (*f->kind) {
		buf_puts(b, " · ");
		schema_value_label(b, schema_field(schema_type("observation"), "observation", "kind"), f->kind);
	}
	buf_printf(b, L(" · 共 %zu 条 ", " · %zu in all "), list_len(&o->list));
}

static void obs_draw(struct view *v, const struct tui_rect *r)
{
	struct obslist *o = v->priv;
	struct tui *t = v->tui;
	int list_h = r->h >= 10 ? (r->h - 1) / 2 : r->h;
	struct tui_rect lr = { r->y, r->x, list_h, r->w };
	table_draw(&o->table, &o->list, t, &lr, 1);
	if (list_h >= r->h)
		return;
	/* Separator with the filter, then the selected record. */
	int sy = r->y + list_h;
	struct buf b = BUF_INIT;
	tui_hline(t, sy, r->x, r->w, TA_DIM);
	filter_summary(&b, t, o);
	tui_puts(t, sy, r->x + 1, r->w - 2, TA_HEADER, b.ptr);
	buf_release(&b);
	struct obsrow *it = list_selected(&o->list);
	if (!it != !o->detail_of || (it && strcmp(it->path, o->detail_of) != 0) || r->w != o->detail_w) {
		list_clear(&o->detail);
		o->detail.top = 0;
		if (it)
			obsfmt_detail(&o->detail, t, it->path, whole_record(o, it), r->w, 0);
		free(o->detail_of);
		o->detail_of = it ? xstrdup(it->path) : NULL;
		o->detail_w = r->w;
	}
	struct tui_rect dr = { sy + 1, r->x, r->h - list_h - 1, r->w };
	list_draw(&o->detail, t, &dr, 0);
}

/* --- filter (f) --- */

static void people_options(struct form_field *fld, struct tui *t, const char *role)
{
	form_option(fld, "", L("（全部）", "(all)"), NULL);
	for (size_t i = 0; i < tui_people(t)->len; i++) {
		const struct store_item *it = tui_people(t)->items[i];
		const char *roles = record_get(it->rec, "person", "roles");
		if (role && !(roles && strstr(roles, role)))
			continue;
		struct buf label = BUF_INIT, search = BUF_INIT;
		const char *name = record_get(it->rec, "person", "name");
		const char *school = record_get(it->rec, "person", "school");
		buf_printf(&label, "%s（%s）· %s", name ? name : it->id, it->id, tui_school_name(t, school));
		buf_printf(&search, "%s %s", name ? name : "", it->id);
		form_option(fld, it->id, label.ptr, search.ptr);
		buf_release(&label);
		buf_release(&search);
	}
}

static int filter_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct obslist *o = ctx;
	(void)t;
	(void)err;
	set_str(&o->filter.term, form_find(f, "term")->value.ptr);
	set_str(&o->filter.school, form_find(f, "school")->value.ptr);
	set_str(&o->filter.teacher, form_find(f, "teacher")->value.ptr);
	set_str(&o->filter.observer, form_find(f, "observer")->value.ptr);
	set_str(&o->filter.kind, form_find(f, "kind")->value.ptr);
	o->list.sel = o->list.top = 0;
	return 0;
}

static char *filter_check(struct form *f, struct form_field *fld, void *ctx)
{
	(void)f;
	(void)ctx;
	if (strcmp(fld->name, "term") == 0 && fld->value.len && !id_term_valid(fld->value.ptr))
		return xstrdup(L("学期应为 YYYY-YYYY-N，例如 2026-2027-1；留空表示全部学期",
				 "a term is YYYY-YYYY-N, e.g. 2026-2027-1; empty means every term"));
	return NULL;
}

static int open_filter(struct view *v)
{
	struct obslist *o = v->priv;
	struct tui *t = v->tui;
	struct form *f = form_new(L("筛选听课记录（Ctrl-S 应用，Esc 取消）", "Filter observations (Ctrl-S applies, Esc cancels)"));
	const struct field_def *kind = schema_field(schema_type("observation"), "observation", "kind");
	struct form_field *fld;
	fld = form_add(f, FORM_TEXT, "term", L("学期", "term"), o->filter.term);
	fld->width = 14;
	fld->suffix = xstrdup(L("留空 = 全部学期", "empty = every term"));
	fld = form_add(f, FORM_PICK, "school", L("学校", "school"), o->filter.school);
	form_option(fld, "", L("（全部学校）", "(all schools)"), NULL);
	for (size_t i = 0; i < t->schools.len; i++) {
		const struct store_item *it = t->schools.items[i];
		struct buf label = BUF_INIT;
		buf_printf(&label, "%s（%s）", tui_school_name(t, it->id), it->id);
		form_option(fld, it->id, label.ptr, NULL);
		buf_release(&label);
	}
	fld = form_add(f, FORM_PICK, "teacher", L("授课教师", "teacher"), o->filter.teacher);
	people_options(fld, t, "teacher");
	fld = form_add(f, FORM_PICK, "observer", L("听课人", "observer"), o->filter.observer);
	people_options(fld, t, NULL);
	fld = form_add(f, FORM_PICK, "kind", L("类型", "kind"), o->filter.kind);
	form_option(fld, "", L("（全部类型）", "(all kinds)"), NULL);
	if (kind)
		form_enum_options(fld, kind);
	f->check = filter_check;
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = filter_submit;
	spec.ctx = o;
	spec.apply = 1;
	form_view_push(t, &spec);
	return TUI_HANDLED;
}

/* --- keys --- */

static const struct tui_key obs_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的听课记录（全部内容、评分和修改历史）",
	  "open the selected observation (everything, scores, history)" },
	{ 'a', 0, ACT_ADD, "a", "新增听课记录", "log a new observation" },
	{ 'f', 0, ACT_FILTER, "f", NULL, NULL },
	{ 'e', 0, ACT_EDIT, "e", "在表单中修改选中的听课记录（填好原来的内容）", "change the selected observation in its form (filled in)" },
	{ 'R', 0, ACT_REPLY, "R", NULL, NULL },
	{ 'E', 0, ACT_EDIT_RAW, "E", NULL, NULL },
	{ 'p', 0, ACT_PRINT, "p", "打印用的听课记录表（HTML，复制后存为 .html 用浏览器打印）", "the printable 听课记录表 (HTML to copy into a .html file and print)" },
	TUI_KEYS_END,
};

/* p: the 听课记录表 to copy (over SSH it also goes to the clipboard): the same page `obs print` writes. */
int obs_print(struct tui *t, const char *path)
{
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	if (printout_observation(&out, t->store, path, &err) != 0)
		tui_msg(t, 1, "%s", err.msg);
	else
		tui_push(t, &view_text_ops, out.ptr);
	buf_release(&out);
	return TUI_HANDLED;
}

/* e, R and E are offered on the hint line only when the rules let this person do them with the selected record. */
int obs_offers(struct tui *t, const struct record *r, enum tui_action a)
{
	switch (a) {
	case ACT_EDIT:
		return r && obsform_may_edit(t, r, NULL) == 0;
	case ACT_REPLY:
		return r && obs_may_reply(t->store, t->actor, r, NULL) == 0;
	case ACT_EDIT_RAW:
		return r && actor_is_admin(t->actor) && records_permit(t->store, t->actor, schema_type("observation"), r, r, NULL) == 0;
	case ACT_PRINT:
		return r != NULL;
	default:
		return 1;
	}
}

/* E: the record's text in $EDITOR — for admins, who look after records; everyone else edits in the form. */
int obs_edit_raw(struct tui *t, const char *path)
{
	if (!actor_is_admin(t->actor)) {
		tui_msg(t, 1, "%s", L("编辑记录原文只限管理员；按 e 在表单中修改", "editing the record's text is for admins; e changes it in its form"));
		return TUI_HANDLED;
	}
	return tui_edit_record(t, path);
}

static int offers(struct view *v, enum tui_action a)
{
	struct obslist *o = v->priv;
	struct obsrow *it = list_selected(&o->list);
	return obs_offers(v->tui, it ? whole_record(o, it) : NULL, a);
}

static int obs_key(struct view *v, const struct tui_input *in)
{
	struct obslist *o = v->priv;
	struct tui *t = v->tui;
	int fl = list_key(&o->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	if ((fl = table_key(&o->table, in)) & TUI_HANDLED)
		return fl;
	const struct obsrow *it = list_selected(&o->list);
	switch (in->action) {
	case ACT_PRINT:
		return it ? obs_print(t, it->path) : TUI_HANDLED;
	case ACT_OPEN:
		if (it)
			tui_push(t, &view_obsdetail_ops, it->path);
		return TUI_HANDLED;
	case ACT_ADD:
		obsform_open(t, NULL);
		return TUI_HANDLED;
	case ACT_FILTER:
		return open_filter(v);
	case ACT_EDIT:
		if (it)
			obsform_edit(t, it->path, NULL);
		return TUI_HANDLED;
	case ACT_EDIT_RAW:
		return it ? obs_edit_raw(t, it->path) : TUI_HANDLED;
	case ACT_REPLY:
		if (it)
			obsreply_open(t, it->path, NULL);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const obs_keymaps[] = { obs_keys, list_keys, table_keys, NULL };

const struct view_ops view_observations_ops = {
	.name = "observations",
	.title_zh = "听课记录",
	.title_en = "Observations",
	.keys = obs_keymaps,
	.open = obs_open,
	.close = obs_close,
	.reload = obs_reload,
	.draw = obs_draw,
	.key = obs_key,
	.offers = offers,
};
