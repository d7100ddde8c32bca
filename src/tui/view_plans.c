/* view_plans: the 授课计划 tab — the filings of a term (and the missing ones) with the selected one's page below, the new-filing and filter forms. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/tui.h"

struct plans {
	struct list list;
	struct table table;
	struct table_col cols[6];
	struct vec briefs; /* struct plan_brief *, owned: filings and missing ones */
	char term[12];
	char due[11];             /* of the term's filings, "" when none */
	char *school, *specialty; /* "" = any */
	int state;                /* -1 = any */
	struct list detail;
	const void *detail_of;
	int detail_w;
	struct plan_filing sel; /* the selected filing, loaded for the pane */
};

static int brief_cmp(const void *a, const void *b)
{
	const struct plan_brief *x = a, *y = b;
	int c = strcmp(x->school, y->school);
	return c ? c : strcmp(x->specialty, y->specialty);
}

static int same_brief(const void *data, const void *ctx)
{
	return strcmp(((const struct plan_brief *)data)->id, ctx) == 0;
}

static struct plan_brief *missing_brief(const struct plan_status *st, size_t i, size_t k, const struct plan_cell *cell)
{
	struct plan_brief *b = xcalloc(1, sizeof(*b));
	b->id = xasprintf("%s/%s/%s", st->term, (char *)st->schools.items[i], (char *)st->specialties.items[k]);
	b->term = xstrdup(st->term);
	b->school = xstrdup(st->schools.items[i]);
	b->school_name = xstrdup(st->school_names.items[i]);
	b->specialty = xstrdup(st->specialties.items[k]);
	b->specialty_name = xstrdup(st->specialty_names.items[k]);
	b->state = PLAN_MISSING;
	b->submitted_at = xstrdup("");
	b->overdue = cell->overdue;
	return b;
}

static int plans_load(struct plans *o, struct tui *t, struct jy_err *err)
{
	struct plan_status *st = NULL;
	const struct plan_brief *keep_b = list_selected(&o->list);
	char *keep = keep_b ? xstrdup(keep_b->id) : NULL;
	const char *school = *o->school ? o->school : NULL, *sp = *o->specialty ? o->specialty : NULL;
	list_clear(&o->list);
	o->detail_of = NULL;
	vec_clear(&o->briefs);
	int rc = o->state == PLAN_MISSING ? 0 : plan_list(&o->briefs, t->store, o->term, school, sp, o->state, err);
	if (plan_due(o->due, t->store, o->term, NULL) != 0)
		o->due[0] = '\0';
	if (rc == 0 && (o->state < 0 || o->state == PLAN_MISSING) && plan_status(&st, t->store, o->term, err) == 0) {
		for (size_t i = 0; i < st->schools.len; i++)
			for (size_t k = 0; k < st->specialties.len; k++) {
				const struct plan_cell *cell = plan_status_cell(st, i, k);
				if (!cell->runs || cell->state != PLAN_MISSING || (school && strcmp(school, st->schools.items[i]) != 0) ||
				    (sp && strcmp(sp, st->specialties.items[k]) != 0))
					continue;
				vec_push(&o->briefs, missing_brief(st, i, k, cell));
			}
	}
	plan_status_free(st);
	vec_sort(&o->briefs, brief_cmp);
	for (size_t i = 0; i < o->briefs.len; i++) {
		struct plan_brief *b = o->briefs.items[i];
		struct list_row *row = list_add(&o->list, b, plan_state_role(b->state));
		list_cell(row, b->school_name);
		list_cell(row, b->specialty_name);
		list_cellf(row, "%s%s", plan_state_label(b->state), b->overdue ? L(" 逾期", " overdue") : "");
		if (b->state == PLAN_MISSING)
			list_cell(row, "");
		else
			list_cellf(row, "%ld", b->revision);
		if (b->state == PLAN_MISSING)
			list_cell(row, "");
		else
			list_cellf(row, "%zu", b->rows);
		list_cell(row, b->submitted_at);
		row->extra = xasprintf("%s %s %s", b->id, b->school, b->specialty);
	}
	if (t->select_id.len)
		list_select(&o->list, same_brief, t->select_id.ptr);
	else if (keep)
		list_select(&o->list, same_brief, keep);
	free(keep);
	return rc;
}

static int plans_open(struct view *v, void *arg, struct jy_err *err)
{
	struct tui *t = v->tui;
	struct plans *o = xcalloc(1, sizeof(*o));
	(void)arg;
	const struct table_col cols[6] = {
		{ L("学校", "school"), 8, 20, 0, 0 }, { L("专业", "specialty"), 8, 24, 0, 0 },
		{ L("状态", "state"), 6, 12, 0, 0 },  { L("版本", "rev."), 4, 4, 1, 3 },
		{ L("课程", "rows"), 4, 4, 1, 2 },    { L("提交时间", "submitted"), 16, 16, 0, 4 },
	};
	memcpy(o->cols, cols, sizeof(cols));
	o->table.cols = o->cols;
	o->table.ncols = 6;
	list_init(&o->list, NULL, 0, 0);
	o->list.empty = L("（没有符合条件的授课计划：a 新建，f 改筛选条件）", "(no filings: a creates one, f changes the filter)");
	list_init(&o->detail, NULL, 0, 1);
	vec_init(&o->briefs, plan_brief_free);
	plan_filing_init(&o->sel);
	if (plan_filing_term(o->term, t->store, err) != 0)
		snprintf(o->term, sizeof(o->term), "%s", t->term);
	o->school = xstrdup("");
	o->specialty = xstrdup("");
	o->state = -1;
	v->priv = o;
	err_clear(err);
	plans_load(o, t, err);
	/* An unreadable filing is reported on the status line; the others are still listed. */
	if (err->code)
		tui_msg(t, 1, "%s", err->msg);
	err_clear(err);
	return 0;
}

static void plans_close(struct view *v)
{
	struct plans *o = v->priv;
	list_free(&o->list);
	list_free(&o->detail);
	vec_free(&o->briefs);
	plan_filing_release(&o->sel);
	free(o->school);
	free(o->specialty);
	free(o);
}

static int plans_reload(struct view *v, struct jy_err *err)
{
	struct plans *o = v->priv;
	plan_filing_clear(&o->sel);
	return plans_load(o, v->tui, err);
}

static void plans_draw(struct view *v, const struct tui_rect *r)
{
	struct plans *o = v->priv;
	struct tui *t = v->tui;
	int list_h = r->h >= 12 ? (r->h - 1) * 2 / 5 : r->h;
	if (list_h < 4 && r->h >= 12)
		list_h = 4;
	struct tui_rect lr = { r->y, r->x, list_h, r->w };
	table_draw(&o->table, &o->list, t, &lr, 1);
	if (list_h >= r->h)
		return;
	int sy = r->y + list_h;
	struct buf b = BUF_INIT;
	tui_hline(t, sy, r->x, r->w, TA_DIM);
	buf_printf(&b, L(" %s 学期", " term %s"), o->term);
	if (*o->due)
		buf_printf(&b, L(" · 截止 %s", " · due %s"), o->due);
	if (*o->school)
		buf_printf(&b, " · %s", tui_school_name(t, o->school));
	if (*o->specialty)
		buf_printf(&b, " · %s", o->specialty);
	if (o->state >= 0)
		buf_printf(&b, " · %s", plan_state_label(o->state));
	buf_printf(&b, L(" · 共 %zu 份 ", " · %zu in all "), o->briefs.len);
	tui_puts(t, sy, r->x + 1, r->w - 2, TA_HEADER, b.ptr);
	buf_release(&b);
	const struct plan_brief *it = list_selected(&o->list);
	if (it != o->detail_of || r->w != o->detail_w) {
		struct jy_err err = JY_ERR_INIT;
		list_clear(&o->detail);
		o->detail.top = 0;
		plan_filing_clear(&o->sel);
		if (it && it->state == PLAN_MISSING) {
			list_line(&o->detail, TA_DIM, L("  这所学校还没有提交这个专业的授课计划：按 a 新建（可复制上学期的）。",
							"  Not filed yet: a creates it (usually from last term's)."));
		} else if (it && plan_filing_load(&o->sel, t, it->id, &err) == 0) {
			plan_filing_lines(&o->detail, t, &o->sel, r->w, 0);
		} else if (it) {
			list_line(&o->detail, TA_ERROR, err.msg);
		}
		o->detail_of = it;
		o->detail_w = r->w;
	}
	struct tui_rect dr = { sy + 1, r->x, r->h - list_h - 1, r->w };
	list_draw(&o->detail, t, &dr, 0);
}

/* --- new filing (a) --- */

static int new_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct buf id = BUF_INIT;
	struct vec notes = VEC_INIT(free);
	const char *from = form_find(f, "from")->value.ptr;
	(void)ctx;
	int rc = plan_new(&id, &notes, t->store, t->actor, form_find(f, "term")->value.ptr, form_find(f, "school")->value.ptr,
			  form_find(f, "specialty")->value.ptr, *from ? from : NULL, err);
	if (rc == 0) {
		buf_set(&t->select_id, id.ptr);
		if (notes.len)
			tui_msg(t, 0, "%s", (char *)notes.items[0]);
		else
			tui_msg(t, 0, L("已新建 %s", "created %s"), id.ptr);
	}
	buf_release(&id);
	vec_free(&notes);
	return rc;
}

static char *new_check(struct form *f, struct form_field *fld, void *ctx)
{
	(void)f;
	(void)ctx;
	if ((strcmp(fld->name, "term") == 0 || (strcmp(fld->name, "from") == 0 && fld->value.len)) && !id_term_valid(fld->value.ptr))
		return xstrdup(L("学期应为 YYYY-YYYY-N，例如 2027-2028-1", "a term is YYYY-YYYY-N, e.g. 2027-2028-1"));
	return NULL;
}

int plans_new_form(struct tui *t, const char *term_now, const struct plan_brief *like)
{
	struct form *f = form_new(L("新建授课计划（Ctrl-S 创建，Esc 取消）", "New plan filing (Ctrl-S creates, Esc cancels)"));
	struct form_field *fld;
	char prev[12] = "";
	const char *term = like ? like->term : term_now;
	id_term_prev(prev, term);
	fld = form_add(f, FORM_TEXT, "term", L("学期", "term"), term);
	fld->width = 14;
	const char *school = like ? like->school : t->actor && t->actor->school ? t->actor->school : "";
	fld = form_add(f, FORM_PICK, "school", L("学校", "school"), school);
	form_school_options(fld, t, 1);
	fld = form_add(f, FORM_PICK, "specialty", L("专业", "specialty"), like ? like->specialty : "");
	form_specialty_options(fld, t, 1);
	fld = form_add(f, FORM_TEXT, "from", L("复制自学期", "copy from term"), prev);
	fld->width = 14;
	fld->suffix = xstrdup(L("本校该专业在那个学期的课程行；留空 = 空白计划", "the school's rows of that term; empty = a blank plan"));
	f->check = new_check;
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = new_submit;
	form_view_push(t, &spec);
	return TUI_HANDLED;
}

/* --- filter (f) --- */

static int filter_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct plans *o = ctx;
	const char *term = form_find(f, "term")->value.ptr, *state = form_find(f, "state")->value.ptr;
	(void)t;
	if (!id_term_valid(term))
		return err_set(err, JY_EINVAL, "%s", L("学期应为 YYYY-YYYY-N", "a term is YYYY-YYYY-N"));
	snprintf(o->term, sizeof(o->term), "%s", term);
	free(o->school);
	o->school = xstrdup(form_find(f, "school")->value.ptr);
	free(o->specialty);
	o->specialty = xstrdup(form_find(f, "specialty")->value.ptr);
	o->state = *state ? atoi(state) : -1;
	o->list.sel = o->list.top = 0;
	return 0;
}

static int open_filter(struct plans *o, struct tui *t)
{
	struct form *f = form_new(L("筛选授课计划（Ctrl-S 应用，Esc 取消）", "Filter plan filings (Ctrl-S applies, Esc cancels)"));
	struct form_field *fld = form_add(f, FORM_TEXT, "term", L("学期", "term"), o->term);
	fld->width = 14;
	fld = form_add(f, FORM_PICK, "school", L("学校", "school"), o->school);
	form_option(fld, "", L("（全部学校）", "(all schools)"), NULL);
	form_school_options(fld, t, 0);
	fld = form_add(f, FORM_PICK, "specialty", L("专业", "specialty"), o->specialty);
	form_option(fld, "", L("（全部专业）", "(all specialties)"), NULL);
	form_specialty_options(fld, t, 0);
	char cur[16] = "";
	if (o->state >= 0)
		snprintf(cur, sizeof(cur), "%d", o->state);
	fld = form_add(f, FORM_PICK, "state", L("状态", "state"), cur);
	form_option(fld, "", L("（全部状态）", "(any state)"), NULL);
	for (int s = PLAN_MISSING; s <= PLAN_RETURNED; s++) {
		char v[16];
		snprintf(v, sizeof(v), "%d", s);
		form_option(fld, v, plan_state_label(s), NULL);
	}
	struct form_spec spec = { 0 };
	spec.form = f;
	spec.submit = filter_submit;
	spec.ctx = o;
	spec.apply = 1;
	form_view_push(t, &spec);
	return TUI_HANDLED;
}

static const struct tui_key plans_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的授课计划（课程表、检查结果、审核记录）", "open the filing (rows, findings, reviews)" },
	{ 'a', 0, ACT_ADD, "a", "新建授课计划（可复制本校上学期的）", "new filing (usually copied from last term's)" },
	{ 'f', 0, ACT_FILTER, "f", "按学期、学校、专业、状态筛选", "filter by term, school, specialty, state" },
	{ 'e', 0, ACT_EDIT, "e", "编辑选中计划的课程行", "edit the selected filing's rows" },
	{ 's', 0, ACT_SUBMIT, "s", "提交选中的计划", "submit the selected filing" },
	{ 'v', 0, ACT_REVIEW, "v", "审核选中的计划（专业负责人）", "review the selected filing (lead)" },
	TUI_KEYS_END,
};

static int plans_offers(struct view *v, enum tui_action a)
{
	struct plans *o = v->priv;
	const struct plan_brief *it = list_selected(&o->list);
	int loaded = it && it->state != PLAN_MISSING && o->sel.rec && strcmp(o->sel.id, it->id) == 0;
	return plan_filing_offers(v->tui, loaded ? &o->sel : NULL, a);
}

static int plans_key(struct view *v, const struct tui_input *in)
{
	struct plans *o = v->priv;
	struct tui *t = v->tui;
	int fl = list_key(&o->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	if ((fl = table_key(&o->table, in)) & TUI_HANDLED)
		return fl;
	const struct plan_brief *it = list_selected(&o->list);
	switch (in->action) {
	case ACT_OPEN:
		if (it && it->state == PLAN_MISSING)
			return plans_new_form(t, o->term, it);
		if (it)
			tui_push(t, &view_plan_ops, it->id);
		return TUI_HANDLED;
	case ACT_ADD:
		return plans_new_form(t, o->term, it && it->state == PLAN_MISSING ? it : NULL);
	case ACT_FILTER:
		return open_filter(o, t);
	case ACT_EDIT:
	case ACT_SUBMIT:
	case ACT_REVIEW:
		/* The pane shows the selected filing: its keys act on it. */
		if (!it || it->state == PLAN_MISSING || !o->sel.rec || strcmp(o->sel.id, it->id) != 0)
			return TUI_HANDLED;
		return plan_filing_key(t, &o->sel, in);
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const plans_keymaps[] = { plans_keys, list_keys, table_keys, NULL };

const struct view_ops view_plans_ops = {
	.name = "plans",
	.title_zh = "授课计划",
	.title_en = "Plans",
	.keys = plans_keymaps,
	.offers = plans_offers,
	.open = plans_open,
	.close = plans_close,
	.reload = plans_reload,
	.draw = plans_draw,
	.key = plans_key,
};
