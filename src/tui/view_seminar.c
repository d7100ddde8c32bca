/* view_seminar: the 研讨 tab — the term's seminars and exchanges with the year's quota, a seminar's page where items are ticked off, the forms, and 概览's open items. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/seminar.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

static const char *get(const struct record *r, const char *section, const char *key)
{
	const char *v = r ? record_get(r, section, key) : NULL;
	return v ? v : "";
}

static void today(char out[11])
{
	id_date(out, id_now());
}

static void names(struct buf *out, struct tui *t, const char *ids)
{
	struct vec v = VEC_INIT(free);
	vec_split(&v, ids, ',');
	for (size_t i = 0; i < v.len; i++)
		buf_printf(out, "%s%s", i ? L("、", ", ") : "", tui_person_name(t, v.items[i]));
	vec_free(&v);
}

static void spec_name(struct buf *out, struct tui *t, const char *code)
{
	if (*code)
		records_name(out, t->store, "specialty", code);
	else
		buf_puts(out, L("全集团", "group-wide"));
}

/* An item's state as a person reads it. */
static const char *item_state(const char *state, const char *due, const char *on, enum tui_role *role)
{
	if (strcmp(state, "done") == 0) {
		*role = TA_DIM;
		return L("已完成", "done");
	}
	if (seminar_overdue(state, due, on)) {
		*role = TA_ERROR;
		return L("逾期", "overdue");
	}
	*role = TA_NORMAL;
	return L("未完成", "open");
}

/*
 * The lines of a seminar: what it was, then its items; rows of items carry
 * data (nums[k-1], the item's number) when nums is given, so a page can select them.
 */
static void seminar_lines(struct list *l, struct tui *t, const struct record *r, int width, size_t *nums)
{
	struct buf b = BUF_INIT;
	char on[11];
	today(on);
	list_line(l, TA_HEADER, get(r, "seminar", "title"));
	buf_printf(&b, L(" %s · %s · 承办：%s · ", " %s · %s · host: %s · "), get(r, "seminar", "date"),
		   *get(r, "seminar", "place") ? get(r, "seminar", "place") : L("（地点未填）", "(no place)"),
		   tui_school_name(t, get(r, "seminar", "host")));
	spec_name(&b, t, get(r, "seminar", "specialty"));
	list_line(l, TA_DIM, b.ptr);
	buf_reset(&b);
	seminar_topics_label(&b, r);
	if (b.len) {
		struct buf line = BUF_INIT;
		buf_printf(&line, L(" 研讨主题：%s", " topics: %s"), b.ptr);
		tui_wrap_lines(l, TA_NORMAL, "", line.ptr, width);
		buf_release(&line);
	}
	buf_reset(&b);
	names(&b, t, get(r, "seminar", "attendees"));
	if (b.len) {
		struct buf line = BUF_INIT;
		buf_printf(&line, L(" 参会人员：%s", " attendees: %s"), b.ptr);
		tui_wrap_lines(l, TA_NORMAL, "", line.ptr, width);
		buf_release(&line);
	}
	if (*get(r, "seminar", "minutes")) {
		list_line(l, TA_LABEL, L(" 会议纪要", " Minutes"));
		tui_wrap_lines(l, TA_NORMAL, "   ", get(r, "seminar", "minutes"), width);
	}
	if (*get(r, "seminar", "decisions")) {
		list_line(l, TA_LABEL, L(" 会议决定", " Decisions"));
		tui_wrap_lines(l, TA_NORMAL, "   ", get(r, "seminar", "decisions"), width);
	}
	size_t n = seminar_action_count(r);
	buf_reset(&b);
	buf_printf(&b, L(" 事项（%zu 项）", " Action items (%zu)"), n);
	list_line(l, TA_LABEL, b.ptr);
	if (!n)
		list_line(l, TA_DIM, L("   （没有）", "   (none)"));
	for (size_t k = 1; k <= n; k++) {
		char sec[32];
		enum tui_role role;
		snprintf(sec, sizeof(sec), "action.%zu", k);
		const char *st = item_state(get(r, sec, "state"), get(r, sec, "due"), on, &role);
		buf_reset(&b);
		buf_printf(&b, "  %zu. ", k);
		text_pad(&b, st, 6, 0);
		buf_printf(&b, " %s  ", get(r, sec, "due"));
		text_pad(&b, tui_person_name(t, get(r, sec, "owner")), 8, 0);
		buf_printf(&b, "  %s", get(r, sec, "what"));
		if (*get(r, sec, "done"))
			buf_printf(&b, L("（%s 完成）", " (done %s)"), get(r, sec, "done"));
		struct list_row *row = list_line(l, role, b.ptr);
		if (nums)
			row->data = &nums[k - 1];
		if (*get(r, sec, "evidence"))
			tui_wrap_lines(l, TA_DIM, "        ", get(r, sec, "evidence"), width);
	}
	buf_release(&b);
}

static void exchange_lines(struct list *l, struct tui *t, const struct record *r, int width)
{
	const struct type_def *xt = schema_type("exchange");
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s · ", tui_person_name(t, get(r, "exchange", "person")));
	schema_value_label(&b, schema_field(xt, "exchange", "direction"), get(r, "exchange", "direction"));
	list_line(l, TA_HEADER, b.ptr);
	buf_reset(&b);
	buf_printf(&b, " %s → %s · ", tui_school_name(t, get(r, "exchange", "from")), tui_school_name(t, get(r, "exchange", "to")));
	spec_name(&b, t, get(r, "exchange", "specialty"));
	list_line(l, TA_DIM, b.ptr);
	buf_reset(&b);
	buf_printf(&b, L(" %s 至 %s（%s 学年）", " %s to %s (%s)"), get(r, "exchange", "start"), get(r, "exchange", "end"),
		   get(r, "exchange", "year"));
	if (*get(r, "exchange", "hours"))
		buf_printf(&b, L(" · %s 学时", " · %s hours"), get(r, "exchange", "hours"));
	list_line(l, TA_NORMAL, b.ptr);
	if (*get(r, "exchange", "courses")) {
		buf_reset(&b);
		buf_puts(&b, L(" 课程：", " courses: "));
		schema_value_label(&b, schema_field(xt, "exchange", "courses"), get(r, "exchange", "courses"));
		list_line(l, TA_NORMAL, b.ptr);
	}
	if (*get(r, "exchange", "outcome")) {
		list_line(l, TA_LABEL, L(" 成效", " Outcome"));
		tui_wrap_lines(l, TA_NORMAL, "   ", get(r, "exchange", "outcome"), width);
	}
	buf_release(&b);
}

/* ---- forms ---- */

/* The field of a form is "seminar.KEY" / "exchange.KEY"; "actions" holds one item a line. */
static const char *key_of(const struct form_field *fld)
{
	const char *dot = strchr(fld->name, '.');
	return dot ? dot + 1 : fld->name;
}

static int action_lines(struct record *r, struct store *s, const char *text, struct jy_err *err)
{
	int rc = 0;
	for (const char *p = text; *p && rc == 0;) {
		size_t n = strcspn(p, "\n");
		char *one = xstrndup(p, n);
		if (strspn(one, " \t") != n)
			rc = seminar_action_add(NULL, r, s, one, err);
		free(one);
		p += n + (p[n] == '\n');
	}
	return rc;
}

static char *seminar_check(struct form *f, struct form_field *fld, void *ctx)
{
	struct tui *t = ctx;
	struct jy_err err = JY_ERR_INIT;
	struct buf v = BUF_INIT;
	struct record *tmp = record_new();
	int rc;
	(void)f;
	if (strcmp(fld->name, "actions") == 0)
		rc = action_lines(tmp, t->store, fld->value.ptr, &err);
	else if ((strcmp(key_of(fld), "title") == 0 || strcmp(key_of(fld), "date") == 0) && !fld->value.len)
		rc = err_set(&err, JY_EINVAL, "%s", L("必填", "required"));
	else
		rc = seminar_value(&v, t->store, key_of(fld), fld->value.ptr, &err);
	record_free(tmp);
	buf_release(&v);
	return rc ? xstrdup(err.msg) : NULL;
}

static int seminar_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct record *r = record_new();
	struct buf id = BUF_INIT;
	int rc = 0;
	(void)ctx;
	for (size_t i = 0; i < f->fields.len && rc == 0; i++) {
		struct form_field *fld = f->fields.items[i];
		struct buf v = BUF_INIT;
		if (strcmp(fld->name, "actions") == 0)
			rc = action_lines(r, t->store, fld->value.ptr, err);
		else if ((rc = seminar_value(&v, t->store, key_of(fld), fld->value.ptr, err)) == 0 && v.len)
			record_set(r, "seminar", key_of(fld), v.ptr);
		if (rc) {
			free(fld->error);
			fld->error = xstrdup(err->msg);
		}
		buf_release(&v);
	}
	if (rc == 0 && (rc = records_add(&id, t->store, t->actor, schema_type("seminar"), r, err)) == 0) {
		buf_set(&t->select_id, id.ptr);
		tui_msg(t, 0, L("已登记研讨会议 %s", "recorded seminar %s"), id.ptr);
	}
	record_free(r);
	buf_release(&id);
	return rc;
}

int seminar_form_open(struct tui *t, const struct record *draft)
{
	struct record *proto = record_new();
	struct jy_err err = JY_ERR_INIT;
	char on[11];
	/* A group-wide seminar is the lead college's; a lead may record their specialty's: ask with theirs. */
	if (t->actor && t->actor->specialties.len && !(actor_is_admin(t->actor) && t->actor->lead_college))
		record_set(proto, "seminar", "specialty", t->actor->specialties.items[0]);
	int rc = seminar_may(t->store, t->actor, proto, 0, SEMINAR_ACT_CREATE, &err);
	const char *spec = record_get(proto, "seminar", "specialty");
	struct form *f = NULL;
	if (rc) {
		tui_refusal(t, &err);
		record_free(proto);
		return rc;
	}
	today(on);
	f = form_new(L("登记研讨会议（Ctrl-S 保存，Esc 放弃）", "Record a seminar (Ctrl-S saves, Esc discards)"));
	form_add(f, FORM_TEXT, "seminar.title", L("会议名称", "title"), "");
	struct form_field *fld = form_add(f, FORM_TEXT, "seminar.date", L("日期", "date"), on);
	fld->width = 12;
	form_add(f, FORM_TEXT, "seminar.place", L("地点", "place"), "");
	fld = form_add(f, FORM_PICK, "seminar.host", L("承办学校", "host"), t->actor && t->actor->school ? t->actor->school : "");
	form_school_options(fld, t, 0);
	fld = form_add(f, FORM_PICK, "seminar.specialty", L("专业", "specialty"), spec ? spec : "");
	form_option(fld, "", L("（全集团）", "(group-wide)"), NULL);
	form_specialty_options(fld, t, 0);
	fld = form_add(f, FORM_TEXT, "seminar.topics", L("研讨主题", "topics"), "");
	fld->suffix = xstrdup(L("1 课程体系 2 各阶段教学内容 3 课程教学改革 4 活页教材 5 数字化教学资源 6 实践教学计划 7 教学质量评价衔接",
				"1-7 as the plan lists them, comma separated"));
	form_add(f, FORM_TEXT, "seminar.other_topics", L("其他主题", "other topics"), "");
	fld = form_add(f, FORM_TEXT, "seminar.attendees", L("参会人员", "attendees"), "");
	fld->suffix = xstrdup(L("姓名或工号，逗号分隔", "names or ids, comma separated"));
	fld = form_add(f, FORM_MULTI, "seminar.minutes", L("会议纪要", "minutes"), "");
	fld->rows = 3;
	fld = form_add(f, FORM_MULTI, "seminar.decisions", L("会议决定", "decisions"), "");
	fld->rows = 2;
	fld = form_add(f, FORM_MULTI, "actions", L("事项", "action items"), "");
	fld->rows = 3;
	fld->suffix = xstrdup(L("每行一项：工作内容|责任人|完成时限", "one a line: what|owner|due"));
	f->check = seminar_check;
	f->ctx = t;
	/* Minutes are long: every change is kept as a draft, offered back after a dropped connection. */
	if (draft)
		draft_apply(f, draft);
	struct form_spec sp = { 0 };
	sp.form = f;
	sp.submit = seminar_submit;
	sp.draft_kind = "seminar";
	sp.discard_zh = "放弃这次会议的记录吗？";
	sp.discard_en = "Discard this seminar?";
	record_free(proto);
	return form_view_push(t, &sp);
}

static char *exchange_check(struct form *f, struct form_field *fld, void *ctx)
{
	struct tui *t = ctx;
	struct jy_err err = JY_ERR_INIT;
	struct buf v = BUF_INIT;
	(void)f;
	int rc = exchange_value(&v, t->store, key_of(fld), fld->value.ptr, &err);
	buf_release(&v);
	return rc ? xstrdup(err.msg) : NULL;
}

static int exchange_submit(struct tui *t, struct form *f, void *ctx, struct jy_err *err)
{
	struct record *r = record_new();
	struct buf id = BUF_INIT;
	int rc = 0;
	(void)ctx;
	for (size_t i = 0; i < f->fields.len && rc == 0; i++) {
		struct form_field *fld = f->fields.items[i];
		struct buf v = BUF_INIT;
		if ((rc = exchange_value(&v, t->store, key_of(fld), fld->value.ptr, err)) == 0 && v.len)
			record_set(r, "exchange", key_of(fld), v.ptr);
		if (rc) {
			free(fld->error);
			fld->error = xstrdup(err->msg);
		}
		buf_release(&v);
	}
	if (rc == 0 && (rc = records_add(&id, t->store, t->actor, schema_type("exchange"), r, err)) == 0) {
		buf_set(&t->select_id, id.ptr);
		tui_msg(t, 0, L("已登记师资互派 %s", "recorded exchange %s"), id.ptr);
	}
	record_free(r);
	buf_release(&id);
	return rc;
}

static int open_exchange_form(struct tui *t)
{
	if (!t->actor || !actor_is_admin(t->actor)) {
		struct jy_err err = JY_ERR_INIT;
		struct record *proto = record_new();
		exchange_may(t->store, t->actor, proto, EXCHANGE_ACT_CREATE, &err);
		record_free(proto);
		tui_refusal(t, &err);
		return TUI_HANDLED;
	}
	struct form *f = form_new(L("登记师资互派（Ctrl-S 保存，Esc 放弃）", "Record an exchange (Ctrl-S saves, Esc discards)"));
	struct form_field *fld = form_add(f, FORM_TEXT, "exchange.person", L("教师", "teacher"), "");
	fld->suffix = xstrdup(L("姓名或工号", "name or id"));
	fld = form_add(f, FORM_PICK, "exchange.direction", L("互派形式", "direction"), "guide");
	form_enum_options(fld, schema_field(schema_type("exchange"), "exchange", "direction"));
	fld->suffix = xstrdup(L("←→ 选择", "←→ to choose"));
	fld = form_add(f, FORM_PICK, "exchange.to", L("接收学校", "to school"), "");
	form_school_options(fld, t, 0);
	fld = form_add(f, FORM_PICK, "exchange.specialty", L("专业", "specialty"), "");
	form_specialty_options(fld, t, 0);
	fld = form_add(f, FORM_TEXT, "exchange.start", L("开始日期", "start"), "");
	fld->width = 12;
	fld = form_add(f, FORM_TEXT, "exchange.end", L("结束日期", "end"), "");
	fld->width = 12;
	fld = form_add(f, FORM_TEXT, "exchange.courses", L("课程", "courses"), "");
	fld->suffix = xstrdup(L("逗号分隔", "comma separated"));
	fld = form_add(f, FORM_TEXT, "exchange.hours", L("学时", "hours"), "");
	fld->width = 8;
	fld = form_add(f, FORM_MULTI, "exchange.outcome", L("成效", "outcome"), "");
	fld->rows = 2;
	f->check = exchange_check;
	f->ctx = t;
	struct form_spec sp = { 0 };
	sp.form = f;
	sp.submit = exchange_submit;
	sp.discard_zh = "放弃这次互派的记录吗？";
	sp.discard_en = "Discard this exchange?";
	form_view_push(t, &sp);
	return TUI_HANDLED;
}

/* ---- a seminar's page (pushed; arg: its path): the items are selectable and ticked off here ---- */

struct semdetail {
	char *path;
	struct record *rec;
	struct list lines;
	size_t *nums;
	int built_w;
};

static int sd_load(struct semdetail *d, struct tui *t, struct jy_err *err)
{
	struct record *r = NULL;
	int rc = store_read(&r, t->store, d->path, err);
	if (rc)
		return rc;
	record_free(d->rec);
	d->rec = r;
	free(d->nums);
	size_t n = seminar_action_count(r);
	d->nums = xcalloc(n ? n : 1, sizeof(size_t));
	for (size_t k = 0; k < n; k++)
		d->nums[k] = k + 1;
	d->built_w = 0;
	return 0;
}

static int sd_open(struct view *v, void *arg, struct jy_err *err)
{
	struct semdetail *d = xcalloc(1, sizeof(*d));
	d->path = xstrdup(arg);
	list_init(&d->lines, NULL, 0, 0);
	int rc = sd_load(d, v->tui, err);
	if (rc) {
		list_free(&d->lines);
		free(d->path);
		free(d);
		return rc;
	}
	v->priv = d;
	return 0;
}

static void sd_close(struct view *v)
{
	struct semdetail *d = v->priv;
	list_free(&d->lines);
	record_free(d->rec);
	free(d->nums);
	free(d->path);
	free(d);
}

static int sd_reload(struct view *v, struct jy_err *err)
{
	return sd_load(v->priv, v->tui, err);
}

static int first_item(const void *data, const void *ctx)
{
	(void)ctx;
	return data != NULL;
}

static void sd_draw(struct view *v, const struct tui_rect *r)
{
	struct semdetail *d = v->priv;
	struct tui *t = v->tui;
	if (d->built_w != r->w) {
		size_t sel = d->lines.sel, top = d->lines.top;
		int first = d->built_w == 0 && !d->lines.rows.len;
		list_clear(&d->lines);
		seminar_lines(&d->lines, t, d->rec, r->w, d->nums);
		d->lines.sel = sel;
		d->lines.top = top;
		if (first) {
			/* Start on the actor's own first open item, else on the first item. */
			const char *me = t->actor ? t->actor->id : NULL;
			int found = 0;
			for (size_t i = 0; me && i < d->lines.rows.len && !found; i++) {
				const struct list_row *row = d->lines.rows.items[i];
				char sec[32];
				if (!row->data)
					continue;
				snprintf(sec, sizeof(sec), "action.%zu", *(const size_t *)row->data);
				if (strcmp(get(d->rec, sec, "owner"), me) == 0 && strcmp(get(d->rec, sec, "state"), "open") == 0) {
					d->lines.sel = i;
					found = 1;
				}
			}
			if (!found)
				list_select(&d->lines, first_item, NULL);
		}
		if (d->lines.sel >= d->lines.rows.len)
			d->lines.sel = d->lines.rows.len ? d->lines.rows.len - 1 : 0;
		d->built_w = r->w;
	}
	list_draw(&d->lines, t, r, 1);
}

static int tick(struct view *v, int done)
{
	struct semdetail *d = v->priv;
	struct tui *t = v->tui;
	struct jy_err err = JY_ERR_INIT;
	const size_t *n = list_selected(&d->lines);
	struct buf evidence = BUF_INIT;
	if (!n) {
		tui_msg(t, 1, "%s", L("先选中一项事项", "select an action item first"));
		return TUI_HANDLED;
	}
	/* The domain says who may; ask before the prompt so nobody types for nothing. */
	if (seminar_may(t->store, t->actor, d->rec, *n, SEMINAR_ACT_TICK, &err) != 0) {
		tui_refusal(t, &err);
		return TUI_HANDLED;
	}
	if (done && tui_prompt(t, L("完成情况说明（可不填；Enter 确认，Esc 取消）：", "how it was done (optional; Enter confirms, Esc cancels): "),
			       &evidence) != 0) {
		buf_release(&evidence);
		return TUI_HANDLED | TUI_REDRAW;
	}
	if (seminar_tick(t->store, t->actor, d->path, *n, done, NULL, evidence.ptr, &err) != 0)
		tui_refusal(t, &err);
	else
		tui_msg(t, 0, done ? L("第 %zu 项事项已完成", "item %zu done") : L("第 %zu 项事项已重新打开", "item %zu reopened"), *n);
	buf_release(&evidence);
	return TUI_HANDLED | TUI_RELOAD;
}

static int add_item(struct view *v)
{
	struct semdetail *d = v->priv;
	struct tui *t = v->tui;
	struct jy_err err = JY_ERR_INIT;
	struct buf spec = BUF_INIT;
	struct record *r = NULL;
	int fl = TUI_HANDLED | TUI_REDRAW;
	if (seminar_may(t->store, t->actor, d->rec, 0, SEMINAR_ACT_EDIT, &err) != 0) {
		tui_refusal(t, &err);
		return TUI_HANDLED;
	}
	if (tui_prompt(t, L("新事项（工作内容|责任人|完成时限）：", "new item (what|owner|due): "), &spec) != 0)
		goto cleanup;
	r = record_dup(d->rec);
	if (seminar_action_add(NULL, r, t->store, spec.ptr, &err) != 0 ||
	    records_update(t->store, t->actor, d->path, r, L("增加事项·", "item added: "), &err) != 0) {
		tui_refusal(t, &err);
		goto cleanup;
	}
	tui_msg(t, 0, "%s", L("已增加事项", "item added"));
	fl |= TUI_RELOAD;
cleanup:
	record_free(r);
	buf_release(&spec);
	return fl;
}

static const struct tui_key sd_keys[] = {
	{ 'd', 0, ACT_TICK, "d", NULL, NULL },
	{ 'o', 0, ACT_REOPEN, "o", "重新打开选中的事项（标为未完成）", "reopen the selected item" },
	{ 'A', 0, ACT_ADD, "A", "增加一项事项", "add an action item" },
	{ 'e', 0, ACT_EDIT, "e", NULL, NULL },
	TUI_KEYS_END,
};

static int sd_key(struct view *v, const struct tui_input *in)
{
	struct semdetail *d = v->priv;
	int fl = list_key(&d->lines, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	switch (in->action) {
	case ACT_TICK:
		return tick(v, 1);
	case ACT_REOPEN:
		return tick(v, 0);
	case ACT_ADD:
		return add_item(v);
	case ACT_EDIT:
		return tui_edit_record(v->tui, d->path);
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const sd_keymaps[] = { sd_keys, list_keys, NULL };

static const struct view_ops seminar_detail_ops = {
	.name = "seminar-detail",
	.title_zh = "研讨会议",
	.title_en = "Seminar",
	.keys = sd_keymaps,
	.open = sd_open,
	.close = sd_close,
	.reload = sd_reload,
	.draw = sd_draw,
	.key = sd_key,
};

/* ---- the tab ---- */

struct semtab {
	struct list list;
	struct vec seminars;  /* struct store_item *, owned */
	struct vec exchanges; /* struct store_item *, owned */
	struct vec quotas;    /* struct exchange_quota *, owned */
	struct vec items;     /* struct seminar_item * of the term, owned */
	char year[10];
	struct list detail;
	const void *detail_of;
	int detail_w;
};

static int is_seminar(const struct semtab *o, const void *data)
{
	for (size_t i = 0; i < o->seminars.len; i++)
		if (o->seminars.items[i] == data)
			return 1;
	return 0;
}

static int same_id(const void *data, const void *ctx)
{
	return data && strcmp(((const struct store_item *)data)->id, ctx) == 0;
}

static int sem_date_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	int c = strcmp(get(x->rec, "seminar", "date"), get(y->rec, "seminar", "date"));
	return c ? c : strcmp(x->id, y->id);
}

static int st_load(struct semtab *o, struct tui *t, struct jy_err *err)
{
	const struct store_item *sel = list_selected(&o->list);
	char *keep = sel ? xstrdup(sel->id) : NULL;
	struct store_query q = { .type = "seminar", .term = t->term };
	struct buf b = BUF_INIT;
	int rc;
	list_clear(&o->list);
	o->detail_of = NULL;
	vec_clear(&o->seminars);
	vec_clear(&o->exchanges);
	vec_clear(&o->quotas);
	vec_clear(&o->items);
	exchange_year_of(o->year, t->term);
	if ((rc = store_list(&o->seminars, t->store, &q, NULL, err)) || (rc = exchange_list(&o->exchanges, t->store, o->year, NULL, err)) ||
	    (rc = exchange_quotas(&o->quotas, t->store, o->year, err)) || (rc = seminar_items(&o->items, t->store, t->term, NULL, NULL, 0, err)))
		goto cleanup;
	vec_sort(&o->seminars, sem_date_cmp);
	buf_printf(&b, L("研讨会议（%s 学期，%zu 次）", "Seminars (term %s: %zu)"), t->term, o->seminars.len);
	list_line(&o->list, TA_HEADER, b.ptr);
	if (!o->seminars.len)
		list_line(&o->list, TA_DIM, L("  （本学期还没有：a 登记一次）", "  (none this term: a records one)"));
	for (size_t i = 0; i < o->seminars.len; i++) {
		const struct store_item *it = o->seminars.items[i];
		size_t n = 0, open = 0, overdue = 0;
		for (size_t k = 0; k < o->items.len; k++) {
			const struct seminar_item *ac = o->items.items[k];
			if (strcmp(ac->seminar, it->id) != 0)
				continue;
			n++;
			open += strcmp(ac->state, "open") == 0;
			overdue += ac->overdue;
		}
		buf_reset(&b);
		buf_printf(&b, "  %s  ", get(it->rec, "seminar", "date"));
		text_pad(&b, get(it->rec, "seminar", "title"), 40, 0);
		buf_puts(&b, "  ");
		struct buf sp = BUF_INIT;
		spec_name(&sp, t, get(it->rec, "seminar", "specialty"));
		text_pad(&b, sp.ptr, 16, 0);
		buf_release(&sp);
		buf_printf(&b, L("  事项 %zu · 未完成 %zu · 逾期 %zu", "  items %zu · open %zu · overdue %zu"), n, open, overdue);
		list_line(&o->list, overdue ? TA_MARK : TA_NORMAL, b.ptr)->data = (void *)it;
	}
	list_line(&o->list, TA_NORMAL, "");
	buf_reset(&b);
	buf_printf(&b, L("师资互派（%s 学年，%zu 人次）", "Teacher exchange (%s: %zu)"), o->year, o->exchanges.len);
	list_line(&o->list, TA_HEADER, b.ptr);
	const struct type_def *xt = schema_type("exchange");
	for (size_t i = 0; i < o->exchanges.len; i++) {
		const struct store_item *it = o->exchanges.items[i];
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, tui_person_name(t, get(it->rec, "exchange", "person")), 8, 0);
		buf_puts(&b, "  ");
		struct buf d = BUF_INIT;
		schema_value_label(&d, schema_field(xt, "exchange", "direction"), get(it->rec, "exchange", "direction"));
		text_pad(&b, d.ptr, 8, 0);
		buf_release(&d);
		buf_printf(&b, "  %s → %s  %s ~ %s", tui_school_name(t, get(it->rec, "exchange", "from")),
			   tui_school_name(t, get(it->rec, "exchange", "to")), get(it->rec, "exchange", "start"), get(it->rec, "exchange", "end"));
		list_line(&o->list, TA_NORMAL, b.ptr)->data = (void *)it;
	}
	/* The year's quota per specialty, with what is missing. */
	buf_reset(&b);
	buf_puts(&b, L("  派出任务：", "  quota: "));
	for (size_t i = 0; i < o->quotas.len; i++) {
		const struct exchange_quota *x = o->quotas.items[i];
		buf_printf(&b, L("%s%s %zu/%ld–%ld", "%s%s %zu/%ld-%ld"), i ? " · " : "", x->name, x->sent, x->min, x->max);
		if (x->missing)
			buf_printf(&b, L("（还差 %zu 人）", " (%zu missing)"), x->missing);
	}
	list_line(&o->list, TA_DIM, b.ptr);
	if (t->select_id.len)
		list_select(&o->list, same_id, t->select_id.ptr);
	else if (keep)
		list_select(&o->list, same_id, keep);
	else
		list_select(&o->list, first_item, NULL);
cleanup:
	free(keep);
	buf_release(&b);
	return rc;
}

static int st_open(struct view *v, void *arg, struct jy_err *err)
{
	struct semtab *o = xcalloc(1, sizeof(*o));
	(void)arg;
	list_init(&o->list, NULL, 0, 0);
	list_init(&o->detail, NULL, 0, 1);
	vec_init(&o->seminars, store_item_free);
	vec_init(&o->exchanges, store_item_free);
	vec_init(&o->quotas, exchange_quota_free);
	vec_init(&o->items, seminar_item_free);
	v->priv = o;
	int rc = st_load(o, v->tui, err);
	if (rc) {
		list_free(&o->list);
		list_free(&o->detail);
		vec_free(&o->seminars);
		vec_free(&o->exchanges);
		vec_free(&o->quotas);
		vec_free(&o->items);
		free(o);
		v->priv = NULL;
	}
	return rc;
}

static void st_close(struct view *v)
{
	struct semtab *o = v->priv;
	list_free(&o->list);
	list_free(&o->detail);
	vec_free(&o->seminars);
	vec_free(&o->exchanges);
	vec_free(&o->quotas);
	vec_free(&o->items);
	free(o);
}

static int st_reload(struct view *v, struct jy_err *err)
{
	return st_load(v->priv, v->tui, err);
}

static void st_draw(struct view *v, const struct tui_rect *r)
{
	struct semtab *o = v->priv;
	struct tui *t = v->tui;
	int list_h = r->h >= 12 ? (r->h - 1) / 2 : r->h;
	struct tui_rect lr = { r->y, r->x, list_h, r->w };
	list_draw(&o->list, t, &lr, 1);
	if (list_h >= r->h)
		return;
	int sy = r->y + list_h;
	tui_hline(t, sy, r->x, r->w, TA_DIM);
	const struct store_item *it = list_selected(&o->list);
	if (it != o->detail_of || r->w != o->detail_w) {
		list_clear(&o->detail);
		o->detail.top = 0;
		if (it && is_seminar(o, it))
			seminar_lines(&o->detail, t, it->rec, r->w, NULL);
		else if (it)
			exchange_lines(&o->detail, t, it->rec, r->w);
		o->detail_of = it;
		o->detail_w = r->w;
	}
	struct tui_rect dr = { sy + 1, r->x, r->h - list_h - 1, r->w };
	list_draw(&o->detail, t, &dr, 0);
}

static const struct tui_key st_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的研讨会议（在其中把事项标为完成）", "open the selected seminar (tick items off there)" },
	{ 'a', 0, ACT_ADD, "a", "登记一次研讨会议", "record a seminar" },
	{ 'x', 0, ACT_ADD_EXCHANGE, "x", NULL, NULL },
	{ 'e', 0, ACT_EDIT, "e", NULL, NULL },
	{ 'L', 0, ACT_LEDGER, "L", NULL, NULL },
	TUI_KEYS_END,
};

static int st_key(struct view *v, const struct tui_input *in)
{
	struct semtab *o = v->priv;
	struct tui *t = v->tui;
	int fl = list_key(&o->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	const struct store_item *it = list_selected(&o->list);
	switch (in->action) {
	case ACT_OPEN:
		if (it && is_seminar(o, it))
			tui_push(t, &seminar_detail_ops, it->path);
		return TUI_HANDLED;
	case ACT_ADD:
		seminar_form_open(t, NULL);
		return TUI_HANDLED;
	case ACT_ADD_EXCHANGE:
		return open_exchange_form(t);
	case ACT_EDIT:
		return it ? tui_edit_record(t, it->path) : TUI_HANDLED;
	case ACT_LEDGER:
		tui_push(t, &view_ledger_ops, NULL);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const st_keymaps[] = { st_keys, list_keys, NULL };

const struct view_ops view_seminar_ops = {
	.name = "seminar",
	.title_zh = "研讨",
	.title_en = "Seminars",
	.keys = st_keymaps,
	.open = st_open,
	.close = st_close,
	.reload = st_reload,
	.draw = st_draw,
	.key = st_key,
};

/* ---- 概览 ---- */

/* A row of 概览 opens the seminar its action item belongs to. */
static int open_seminar(struct tui *t, const char *path)
{
	return tui_push(t, &seminar_detail_ops, (void *)path);
}

void seminar_overview(struct list *out, struct vec *links, struct tui *t, int width)
{
	struct vec items = VEC_INIT(seminar_item_free);
	struct jy_err err = JY_ERR_INIT;
	struct buf b = BUF_INIT;
	size_t overdue = 0;
	(void)width;
	if (!t->actor || !t->actor->id)
		return;
	if (seminar_items(&items, t->store, NULL, t->actor->id, NULL, 1, &err) != 0) {
		list_line(out, TA_NORMAL, "");
		list_line(out, TA_ERROR, err.msg);
		return;
	}
	if (!items.len)
		goto cleanup;
	for (size_t i = 0; i < items.len; i++)
		overdue += ((const struct seminar_item *)items.items[i])->overdue;
	list_line(out, TA_NORMAL, "");
	buf_printf(&b, L("我的研讨会议事项（%zu 项未完成，%zu 项逾期：选中后 Enter 打开会议，d 标为完成）",
			 "My seminar action items (%zu open, %zu overdue: Enter opens the seminar, d ticks off)"),
		   items.len, overdue);
	list_line(out, TA_HEADER, b.ptr);
	for (size_t i = 0; i < items.len; i++) {
		const struct seminar_item *it = items.items[i];
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, it->overdue ? L("逾期", "overdue") : "", 8, 0);
		buf_printf(&b, L("%s 前  %s  （%s）", "due %s  %s  (%s)"), it->due, it->what, it->title);
		struct tui_link *link = tui_link_new(open_seminar, it->path);
		vec_push(links, link);
		list_cell(list_add(out, link, it->overdue ? TA_ERROR : TA_NORMAL), b.ptr);
	}
cleanup:
	vec_free(&items);
	buf_release(&b);
}
