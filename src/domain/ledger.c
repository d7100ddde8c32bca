/* ledger: the term work ledger — its sections built from the domain's figures, and its HTML, XLSX and CSV files. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/csv.h"
#include "jiaoyan/exchange.h"
#include "jiaoyan/html.h"
#include "jiaoyan/id.h"
#include "jiaoyan/ledger.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/seminar.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/svg.h"
#include "jiaoyan/xlsx.h"

static const char *get(const struct record *r, const char *section, const char *key)
{
	const char *v = r ? record_get(r, section, key) : NULL;
	return v ? v : "";
}

/* ---- the model ---- */

static void chart_free(void *p)
{
	struct ledger_chart *c = p;
	if (!c)
		return;
	free(c->title);
	free(c->axis);
	free(c->value_cols);
	free(c);
}

static void table_free(void *p)
{
	struct ledger_table *t = p;
	if (!t)
		return;
	for (size_t i = 0; i < t->rows.len; i++) {
		struct ledger_row *r = t->rows.items[i];
		for (size_t k = 0; k < t->columns.len; k++)
			free(r->cells[k].text);
		free(r->cells);
		free(r);
	}
	vec_free(&t->rows);
	vec_free(&t->columns);
	vec_free(&t->charts);
	free(t->title);
	free(t->empty);
	free(t);
}

static void section_free(void *p)
{
	struct ledger_section *sec = p;
	if (!sec)
		return;
	free(sec->title);
	vec_free(&sec->notes);
	vec_free(&sec->tables);
	free(sec);
}

void ledger_free(struct ledger *l)
{
	if (!l)
		return;
	free(l->group);
	free(l->title);
	vec_free(&l->schools);
	vec_free(&l->school_names);
	for (size_t i = 0; i < LEDGER_HEADER; i++)
		free(l->header[i].value);
	vec_free(&l->sections);
	free(l);
}

static struct ledger_table *table_new(struct ledger_section *sec, const char *title, const char *empty,
				      const char *const *cols, size_t n)
{
	struct ledger_table *t = xcalloc(1, sizeof(*t));
	t->title = xstrdup(title);
	t->empty = xstrdup(empty ? empty : L("（无）", "(none)"));
	vec_init(&t->columns, free);
	vec_init(&t->rows, NULL);
	vec_init(&t->charts, chart_free);
	for (size_t i = 0; i < n; i++)
		vec_push_str(&t->columns, cols[i]);
	vec_push(&sec->tables, t);
	return t;
}

static void column_add(struct ledger_table *t, const char *title)
{
	vec_push_str(&t->columns, title);
}

static struct ledger_row *row_new(struct ledger_table *t)
{
	struct ledger_row *r = xcalloc(1, sizeof(*r));
	r->cells = xcalloc(t->columns.len ? t->columns.len : 1, sizeof(*r->cells));
	for (size_t i = 0; i < t->columns.len; i++) {
		r->cells[i].text = xstrdup("");
		r->cells[i].value = NAN;
	}
	vec_push(&t->rows, r);
	return r;
}

static void cell_text(struct ledger_row *r, size_t i, const char *text)
{
	free(r->cells[i].text);
	r->cells[i].text = xstrdup(text ? text : "");
	r->cells[i].kind = LEDGER_TEXT;
}

static void cell_number(struct ledger_row *r, size_t i, enum ledger_kind kind, double v)
{
	char num[48];
	if (!isfinite(v))
		snprintf(num, sizeof(num), "—");
	else if (kind == LEDGER_INT)
		snprintf(num, sizeof(num), "%.0f", v);
	else if (kind == LEDGER_PCT)
		snprintf(num, sizeof(num), "%.1f%%", v * 100.0);
	else
		snprintf(num, sizeof(num), "%.1f", v);
	free(r->cells[i].text);
	r->cells[i].text = xstrdup(num);
	r->cells[i].kind = kind;
	r->cells[i].value = isfinite(v) ? v : NAN;
}

static void cell_count(struct ledger_row *r, size_t i, size_t n)
{
	cell_number(r, i, LEDGER_INT, (double)n);
}

static void chart_add(struct ledger_table *t, int bar, const char *title, const char *axis, size_t label_col,
		      const size_t *cols, size_t n, int percent)
{
	struct ledger_chart *c = xcalloc(1, sizeof(*c));
	c->bar = bar;
	c->title = xstrdup(title);
	c->axis = axis ? xstrdup(axis) : NULL;
	c->label_col = label_col;
	c->value_cols = xcalloc(n ? n : 1, sizeof(size_t));
	memcpy(c->value_cols, cols, n * sizeof(size_t));
	c->nvalues = n;
	c->percent = percent;
	vec_push(&t->charts, c);
}

static void note(struct ledger_section *sec, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void note(struct ledger_section *sec, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vec_push(&sec->notes, buf_detach(&b));
}

/* ---- what the sections read, loaded once ---- */

struct ctx {
	struct store *s;
	const struct actor *a;
	struct viewer *v;
	struct ledger *l;
	struct vec people;          /* struct store_item * of every person */
	char due[11];               /* of the filings for l->next */
	struct plan_status *status; /* l->next */
	struct obs_stats *obs;      /* l->term, every school, as the viewer sees them */
	struct vec seminars;        /* struct store_item * of l->term, by date */
	struct vec items;           /* struct seminar_item * of every term */
};

static const struct record *person(const struct ctx *c, const char *id)
{
	for (size_t i = 0; id && i < c->people.len; i++) {
		const struct store_item *it = c->people.items[i];
		if (strcmp(it->id, id) == 0)
			return it->rec;
	}
	return NULL;
}

static const char *person_name(const struct ctx *c, const char *id)
{
	const char *n = get(person(c, id), "person", "name");
	return *n ? n : id ? id : "";
}

static const char *school_name(const struct ctx *c, const char *id)
{
	for (size_t i = 0; i < c->l->schools.len; i++)
		if (strcmp(c->l->schools.items[i], id) == 0)
			return c->l->school_names.items[i];
	return id;
}

static int in_ledger(const struct ctx *c, const char *school)
{
	return school && vec_has_str(&c->l->schools, school);
}

static long days_between(const char *from, const char *to)
{
	long a, b;
	if (id_day_number(&a, from) != 0 || id_day_number(&b, to) != 0)
		return 0;
	return b - a;
}

/* ---- 授课计划备案 ---- */

/*
 * The date of the first submission (revision 1): the record's own
 * submitted_at while it is at revision 1, else the version at revision 1 in
 * its history. "" when never submitted or not found.
 */
static void first_filed(char out[11], struct ctx *c, const char *path, const struct record *plan)
{
	out[0] = '\0';
	if (strcmp(get(plan, "plan", "revision"), "1") == 0 && *get(plan, "plan", "submitted_at")) {
		snprintf(out, 11, "%.10s", get(plan, "plan", "submitted_at"));
		return;
	}
	if (atol(get(plan, "plan", "revision")) < 1)
		return;
	struct vec hist = VEC_INIT(store_commit_free);
	if (store_history(&hist, c->s, path, NULL) == 0)
		for (size_t i = 0; i < hist.len && !out[0]; i++) {
			struct record *r = NULL;
			const struct store_commit *cm = hist.items[i];
			if (store_read_at(&r, c->s, cm->oid, path, NULL) == 0 && strcmp(get(r, "plan", "revision"), "1") == 0 &&
			    *get(r, "plan", "submitted_at"))
				snprintf(out, 11, "%.10s", get(r, "plan", "submitted_at"));
			record_free(r);
		}
	vec_free(&hist);
}

/* The review rounds of a filing: how many, how many returned, and what became of each return. */
static void reviews(struct buf *what, size_t *rounds, size_t *returns, int *pending, const struct record *plan)
{
	long revision = atol(get(plan, "plan", "revision"));
	*rounds = *returns = 0;
	*pending = 0;
	for (size_t n = 1;; n++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "review.%zu", n);
		if (!record_has_section(plan, sec))
			break;
		const char *verdict = get(plan, sec, "verdict");
		if (strcmp(verdict, "approve") != 0 && strcmp(verdict, "return") != 0)
			continue;
		(*rounds)++;
		if (strcmp(verdict, "return") != 0)
			continue;
		(*returns)++;
		long rev = atol(get(plan, sec, "revision"));
		size_t rows = 0;
		long si = record_section_index(plan, sec);
		for (size_t j = 0; si >= 0 && j < record_key_count(plan, (size_t)si); j++)
			rows += strncmp(record_key(plan, (size_t)si, j), "row.", 4) == 0;
		if (what->len)
			buf_putc(what, '\n');
		buf_printf(what, L("第 %zu 轮（第 %ld 版）退回：%s", "round %zu (revision %ld) returned: %s"), *rounds, rev,
			   *get(plan, sec, "comment") ? get(plan, sec, "comment") : L("见逐行意见", "see the row comments"));
		if (rows)
			buf_printf(what, L("（逐行意见 %zu 条）", " (%zu row comments)"), rows);
		int state = plan_state_of(get(plan, "plan", "state"));
		if (revision > rev && (state == PLAN_SUBMITTED || state == PLAN_APPROVED))
			buf_printf(what, L("；已整改，第 %ld 版重新提交", "; rectified, revision %ld submitted"), revision);
		else if (revision > rev)
			buf_printf(what, L("；整改中（第 %ld 版草稿）", "; being rectified (revision %ld draft)"), revision);
		else {
			buf_puts(what, L("；待整改", "; awaiting rectification"));
			*pending = 1;
		}
	}
}

enum { P_SCHOOL, P_SPEC, P_STATE, P_FILED, P_TIMELY, P_ROUNDS, P_RETURNS, P_RECTIFY };

static int section_plans(struct ledger_section *sec, struct ctx *c, struct jy_err *err)
{
	const char *cols[] = { L("学校", "school"), L("专业", "specialty"), L("当前状态", "state"), L("首次提交", "first filed"),
			       L("是否按时", "on time"), L("审核轮次", "review rounds"), L("退回次数", "returns"),
			       L("退回与整改", "returns and rectification") };
	struct ledger_table *t = table_new(sec, L("各专业授课计划备案情况", "Filings per specialty"),
					   L("（没有须备案的专业）", "(no specialty to file)"), cols, sizeof(cols) / sizeof(cols[0]));
	const struct plan_status *st = c->status;
	(void)err;
	if (*c->due)
		note(sec, L("本学期（%s）备案的是 %s 学期的授课计划，截止日期 %s。", "Filed this term (%s): the plans for %s, due %s."),
		     c->l->term, c->l->next, c->due);
	else
		note(sec, L("本学期（%s）备案的是 %s 学期的授课计划（集团设置没有截止日期）。", "Filed this term (%s): the plans for %s (no due date set)."),
		     c->l->term, c->l->next);
	for (size_t i = 0; i < c->l->schools.len; i++)
		if (!vec_has_str(&st->schools, c->l->schools.items[i]))
			note(sec, L("%s是牵头学校：审核成员学校的备案，本身不备案。", "%s is the lead college: it reviews the filings, files none."),
			     (char *)c->l->school_names.items[i]);
	for (size_t i = 0; i < st->schools.len; i++) {
		const char *school = st->schools.items[i];
		if (!in_ledger(c, school))
			continue;
		for (size_t k = 0; k < st->specialties.len; k++) {
			const struct plan_cell *cell = plan_status_cell(st, i, k);
			if (!cell->runs)
				continue;
			struct ledger_row *r = row_new(t);
			struct record *plan = NULL;
			struct buf id = BUF_INIT, path = BUF_INIT, what = BUF_INIT, b = BUF_INIT;
			char filed[11] = "";
			size_t rounds = 0, returns = 0;
			int pending = 0;
			cell_text(r, P_SCHOOL, st->school_names.items[i]);
			cell_text(r, P_SPEC, st->specialty_names.items[k]);
			cell_text(r, P_STATE, plan_state_label(cell->state));
			buf_printf(&id, "%s/%s/%s", st->term, school, (char *)st->specialties.items[k]);
			if (cell->state != PLAN_MISSING && plan_load(&plan, &path, c->s, id.ptr, NULL) == 0) {
				first_filed(filed, c, path.ptr, plan);
				reviews(&what, &rounds, &returns, &pending, plan);
			}
			cell_text(r, P_FILED, *filed ? filed : "—");
			if (*filed && *c->due && strcmp(filed, c->due) > 0) {
				buf_printf(&b, L("逾期 %ld 天", "%ld days late"), days_between(c->due, filed));
				r->cells[P_TIMELY].mark = 1;
			} else if (*filed) {
				buf_puts(&b, L("按时", "on time"));
			} else if (cell->overdue) {
				buf_printf(&b, L("逾期未报 %ld 天", "not filed, %ld days overdue"), days_between(c->due, c->l->today));
				r->cells[P_TIMELY].mark = 1;
			} else {
				buf_puts(&b, L("未报", "not filed"));
			}
			cell_text(r, P_TIMELY, b.ptr);
			r->cells[P_TIMELY].kind = LEDGER_TEXT;
			cell_count(r, P_ROUNDS, rounds);
			cell_count(r, P_RETURNS, returns);
			cell_text(r, P_RECTIFY, what.len ? what.ptr : "—");
			r->cells[P_RECTIFY].mark = pending;
			r->cells[P_STATE].mark = cell->overdue || cell->state == PLAN_RETURNED;
			record_free(plan);
			buf_release(&id);
			buf_release(&path);
			buf_release(&what);
			buf_release(&b);
		}
	}
	return 0;
}

/* ---- 听课评课 ---- */

static void kind_label(struct buf *out, size_t k)
{
	char *v = obs_kind_at(k);
	schema_value_label(out, schema_field(schema_type("observation"), "observation", "kind"), v);
	free(v);
}

static int section_observations(struct ledger_section *sec, struct ctx *c, struct jy_err *err)
{
	const struct obs_stats *st = c->obs;
	size_t nk = obs_kind_count();
	long inspect = obs_kind_index("inspect"), prepare = obs_kind_index("prepare");
	struct buf b = BUF_INIT;
	(void)err;
	note(sec, "%s", L("只统计完整的听课记录（评分类听课每项指标都已评分；集体备课、衔接检查至少写一项文字），"
			  "按听课所在学校计；集团要求每学期开展一轮衔接检查和一轮集体备课。",
			  "Only complete observations count, by the school where the lesson was given; the group asks for one round of "
			  "articulation inspection and one of lesson preparation each term."));

	/* Per school. */
	const char *head[] = { L("学校", "school"), L("听课次数", "observations") };
	struct ledger_table *t = table_new(sec, L("各校听课评课情况", "Observations per school"), NULL, head, 2);
	for (size_t k = 0; k < nk; k++) {
		buf_reset(&b);
		kind_label(&b, k);
		column_add(t, b.ptr);
	}
	size_t c_cov = t->columns.len;
	column_add(t, L("已听课教师", "teachers observed"));
	column_add(t, L("教师数", "teachers"));
	column_add(t, L("覆盖率", "coverage"));
	column_add(t, L("平均分", "mean"));
	size_t c_band = t->columns.len;
	for (size_t g = 0; g < st->bands.len; g++)
		column_add(t, st->bands.items[g]);
	size_t c_rounds = t->columns.len;
	column_add(t, L("衔接检查与集体备课", "inspection and preparation rounds"));
	for (size_t i = 0; i < st->schools.len; i++) {
		const struct obs_school_stat *sc = st->schools.items[i];
		if (!in_ledger(c, sc->school))
			continue;
		struct ledger_row *r = row_new(t);
		cell_text(r, 0, sc->name);
		cell_count(r, 1, sc->count);
		for (size_t k = 0; k < nk; k++)
			cell_count(r, 2 + k, sc->kinds[k]);
		cell_count(r, c_cov, sc->covered);
		cell_count(r, c_cov + 1, sc->roster);
		cell_number(r, c_cov + 2, LEDGER_PCT, sc->roster ? (double)sc->covered / (double)sc->roster : NAN);
		cell_number(r, c_cov + 3, LEDGER_NUM, sc->scored ? sc->mean : NAN);
		for (size_t g = 0; g < st->bands.len; g++)
			cell_count(r, c_band + g, sc->grades[g]);
		buf_reset(&b);
		int no_inspect = inspect >= 0 && !sc->kinds[inspect], no_prepare = prepare >= 0 && !sc->kinds[prepare];
		if (!no_inspect && !no_prepare)
			buf_puts(&b, L("均已开展", "both held"));
		else
			buf_printf(&b, L("未开展：%s%s%s", "not held: %s%s%s"), no_inspect ? L("衔接检查", "inspection") : "",
				   no_inspect && no_prepare ? L("、", ", ") : "", no_prepare ? L("集体备课", "preparation") : "");
		cell_text(r, c_rounds, b.ptr);
		r->cells[c_rounds].mark = no_inspect || no_prepare;
	}
	size_t count_col = 1, cov_col = c_cov + 2;
	chart_add(t, 0, L("各校听课次数", "Observations per school"), L("次数", "count"), 0, &count_col, 1, 0);
	chart_add(t, 1, L("各校教师听课覆盖率", "Teachers observed per school"), L("覆盖率", "coverage"), 0, &cov_col, 1, 1);

	/* Per person with a quota (or observations made). */
	const char *phead[] = { L("学校", "school"), L("姓名", "name") };
	buf_reset(&b);
	if (st->due_week > 0)
		buf_printf(&b, L("听课任务完成情况（第 %ld 周前完成）", "Observation quotas (due by week %ld)"), st->due_week);
	else
		buf_puts(&b, L("听课任务完成情况", "Observation quotas"));
	struct ledger_table *q = table_new(sec, b.ptr, L("（没有听课任务）", "(no quotas)"), phead, 2);
	for (size_t k = 0; k < nk; k++) {
		buf_reset(&b);
		kind_label(&b, k);
		column_add(q, b.ptr);
	}
	size_t q_total = q->columns.len;
	column_add(q, L("合计", "total"));
	column_add(q, L("任务", "quota"));
	column_add(q, L("完成情况", "status"));
	for (size_t i = 0; i < st->observers.len; i++) {
		const struct obs_observer_stat *o = st->observers.items[i];
		if (!in_ledger(c, o->school))
			continue;
		struct ledger_row *r = row_new(q);
		cell_text(r, 0, school_name(c, o->school));
		cell_text(r, 1, o->name);
		for (size_t k = 0; k < nk; k++)
			cell_count(r, 2 + k, o->kinds ? o->kinds[k] : 0);
		cell_count(r, q_total, o->count);
		cell_number(r, q_total + 1, LEDGER_INT, (double)o->quota);
		buf_reset(&b);
		if (o->quota <= 0)
			buf_puts(&b, "—");
		else if ((long)o->count >= o->quota)
			buf_puts(&b, L("已完成", "done"));
		else {
			buf_printf(&b, L("还差 %ld 次", "%ld to go"), o->quota - (long)o->count);
			r->cells[q_total + 2].mark = 1;
		}
		cell_text(r, q_total + 2, b.ptr);
	}
	buf_release(&b);
	return 0;
}

/* ---- 联考 ---- */

static int exam_date_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	int c = strcmp(get(x->rec, "exam", "date"), get(y->rec, "exam", "date"));
	return c ? c : strcmp(x->id, y->id);
}

enum { X_SCHOOL, X_TAKES, X_REPORTED, X_N, X_MEAN, X_PASS, X_EXCELLENT, X_ITEMS, X_COLS };

/* The items of a paper to look at: where school g differs from the others, or (g < 0) the pooled analysis' flags. */
static void flagged_items(struct buf *out, const struct sitting_paper *sp, long g)
{
	const struct itemstats_result *all = sp->cmp->all;
	struct buf one = BUF_INIT;
	for (size_t j = 0; j < all->k; j++) {
		buf_reset(&one);
		if (g >= 0 && sp->cmp->groups[g].marked[j]) {
			buf_printf(&one, L("第 %zu 题 P ", "item %zu P "), j + 1);
			itemstats_fmt(&one, sp->cmp->groups[g].stats->items[j].p, 2);
			buf_puts(&one, L("（其他学校 ", " (other schools "));
			itemstats_fmt(&one, sp->cmp->groups[g].p_others[j], 2);
			buf_puts(&one, L("）", ")"));
		} else if (g < 0 && all->items[j].flags) {
			buf_printf(&one, L("第 %zu 题 ", "item %zu "), j + 1);
			itemstats_flags_text(&one, all->items[j].flags);
		}
		if (one.len)
			buf_printf(out, "%s%s", out->len ? L("；", "; ") : "", one.ptr);
	}
	buf_release(&one);
}

static void exam_table(struct ledger_section *sec, struct ctx *c, const struct record *exam, const struct sitting *st,
		       long paper)
{
	const char *cols[X_COLS] = { L("学校", "school"), L("参加", "takes part"), L("成绩", "scores"), L("人数", "students"),
				     L("平均分", "mean"), L("及格率", "pass rate"), L("优秀率", "excellence rate"),
				     L("标记的题目", "items to look at") };
	const struct sitting_paper *sp = paper >= 0 ? st->papers.items[paper] : NULL;
	const char *date = get(exam, "exam", "date");
	int held = *date && strcmp(date, c->l->today) < 0;
	struct buf title = BUF_INIT, b = BUF_INIT;
	buf_printf(&title, "%s（%s）", get(exam, "exam", "name"), *date ? date : L("日期未定", "no date"));
	if (sp && st->papers.len > 1)
		buf_printf(&title, L(" %s 卷", " paper %s"), sp->label);
	struct ledger_table *t = table_new(sec, title.ptr, NULL, cols, X_COLS);
	for (size_t i = 0; i < c->l->schools.len; i++) {
		const char *school = c->l->schools.items[i];
		int takes = !st->schools.len || vec_has_str(&st->schools, school), reported = vec_has_str(&st->reported, school);
		struct ledger_row *r = row_new(t);
		cell_text(r, X_SCHOOL, c->l->school_names.items[i]);
		cell_text(r, X_TAKES, takes ? L("是", "yes") : L("否", "no"));
		cell_text(r, X_REPORTED, reported ? L("已报送", "reported") : !takes ? "—" : held ? L("未报送", "not reported") : L("考试未举行", "not held yet"));
		r->cells[X_REPORTED].mark = takes && !reported && held;
		long g = -1;
		for (size_t k = 0; sp && k < sp->cmp->ngroups; k++)
			if (strcmp(sp->cmp->groups[k].name, school) == 0)
				g = (long)k;
		cell_text(r, X_ITEMS, "—");
		if (g < 0)
			continue;
		const struct itemstats_paper *pp = &sp->cmp->groups[g].stats->paper;
		cell_count(r, X_N, pp->n);
		cell_number(r, X_MEAN, LEDGER_NUM, pp->mean);
		cell_number(r, X_PASS, LEDGER_PCT, pp->pass_rate);
		cell_number(r, X_EXCELLENT, LEDGER_PCT, pp->excellent_rate);
		buf_reset(&b);
		flagged_items(&b, sp, g);
		cell_text(r, X_ITEMS, b.len ? b.ptr : "—");
		r->cells[X_ITEMS].mark = b.len > 0;
	}
	if (sp) {
		const struct itemstats_paper *pp = &sp->cmp->all->paper;
		struct ledger_row *r = row_new(t);
		cell_text(r, X_SCHOOL, L("全体（集团）", "all (the group)"));
		cell_text(r, X_TAKES, "—");
		buf_reset(&b);
		buf_printf(&b, L("%zu 校已报送", "%zu schools"), sp->cmp->ngroups);
		cell_text(r, X_REPORTED, b.ptr);
		cell_count(r, X_N, pp->n);
		cell_number(r, X_MEAN, LEDGER_NUM, pp->mean);
		cell_number(r, X_PASS, LEDGER_PCT, pp->pass_rate);
		cell_number(r, X_EXCELLENT, LEDGER_PCT, pp->excellent_rate);
		buf_reset(&b);
		flagged_items(&b, sp, -1);
		cell_text(r, X_ITEMS, b.len ? b.ptr : "—");
		r->cells[X_ITEMS].mark = b.len > 0;
		size_t mean_col = X_MEAN;
		buf_reset(&b);
		buf_printf(&b, L("%s：各校平均分", "%s: mean per school"), get(exam, "exam", "name"));
		if (st->papers.len > 1)
			buf_printf(&b, L("（%s 卷）", " (paper %s)"), sp->label);
		chart_add(t, 0, b.ptr, L("平均分", "mean"), X_SCHOOL, &mean_col, 1, 0);
	}
	buf_release(&title);
	buf_release(&b);
}

static int section_exams(struct ledger_section *sec, struct ctx *c, struct jy_err *err)
{
	struct vec exams = VEC_INIT(store_item_free);
	struct store_query q = { .type = "exam", .term = c->l->term };
	struct record *group = NULL;
	struct itemstats_opts opts;
	int rc = store_list(&exams, c->s, &q, NULL, err);
	if (rc)
		goto cleanup;
	vec_sort(&exams, exam_date_cmp);
	store_read(&group, c->s, "group.ini", NULL);
	results_opts_of_group(&opts, group);
	note(sec, L("每场联考按试卷统计（A、B 卷题目不同，分卷统计）；及格为总分达到满分的 %.0f%%，优秀为 %.0f%%；"
		    "“全体”为报送成绩的各校学生合计（集团的数据）。标记的题目：各校一行为该校得分率 P 与其他学校合计相差超过 0.2 的题"
		    "（该校至少 20 人）；全体一行为需要修改的题（区分度 D < 0.2、r_it < 0、P > 0.9 或 P < 0.2）。",
		    "Each exam per paper (A and B differ); pass is %.0f%% of full marks, excellence %.0f%%; \"all\" is every reporting "
		    "school's students (the group's figures). Items to look at: on a school's row, items where its P differs from the "
		    "other schools' by more than 0.2 (20 students or more); on the all row, items to revise (D < 0.2, r_it < 0, P > 0.9 "
		    "or P < 0.2)."),
	     opts.pass * 100, opts.excellent * 100);
	if (!exams.len) {
		const char *cols[X_COLS] = { L("学校", "school"), L("参加", "takes part"), L("成绩", "scores"), L("人数", "students"),
					     L("平均分", "mean"), L("及格率", "pass rate"), L("优秀率", "excellence rate"),
					     L("标记的题目", "items to look at") };
		table_new(sec, L("联考", "Joint exams"), L("（本学期没有联考）", "(no joint exam this term)"), cols, X_COLS);
	}
	for (size_t i = 0; i < exams.len; i++) {
		const struct store_item *it = exams.items[i];
		struct sitting *st = NULL;
		struct jy_err e = JY_ERR_INIT;
		if (sitting_load(&st, c->s, it->id, &e) != 0) {
			/* One exam whose scores cannot be analysed does not hide the rest of the ledger. */
			note(sec, L("%s：成绩无法统计（%s）", "%s: the scores cannot be analysed (%s)"), get(it->rec, "exam", "name"), e.msg);
			continue;
		}
		if (!st->papers.len)
			exam_table(sec, c, it->rec, st, -1);
		for (size_t p = 0; p < st->papers.len; p++)
			exam_table(sec, c, it->rec, st, (long)p);
		sitting_free(st);
	}
cleanup:
	record_free(group);
	vec_free(&exams);
	return rc;
}

/* ---- 研讨会议与师资互派 ---- */

static int overlaps_term(const struct record *x, const char *term)
{
	char first[11], last[11];
	if (id_term_span(first, last, term) != 0)
		return 0;
	return strcmp(get(x, "exchange", "start"), last) <= 0 && strcmp(get(x, "exchange", "end"), first) >= 0;
}

static int section_seminars(struct ledger_section *sec, struct ctx *c, struct jy_err *err)
{
	const struct type_def *xt = schema_type("exchange");
	struct buf b = BUF_INIT;
	int rc = 0;
	note(sec, "%s", L("研讨会议：本学期召开的会议，各校参会人员及本校人员承担的事项；师资互派：与本学期有交集的互派；"
			  "派出任务按学年、每个专业计（集团设置 [exchange]，默认每专业每学年 1–2 人）。",
			  "Seminars of the term, who of each school attended and the items of its people; exchanges overlapping the term; "
			  "the yearly quota per specialty (group.ini [exchange], default 1-2)."));
	const char *scols[] = { L("学校", "school"), L("日期", "date"), L("会议名称", "seminar"), L("专业", "specialty"),
				L("本校参会人员", "attended"), L("本校事项", "items"), L("已完成", "done"), L("未完成", "open"),
				L("其中逾期", "overdue") };
	struct ledger_table *t = table_new(sec, L("研讨会议", "Seminars"), L("（本学期没有研讨会议）", "(no seminar this term)"),
					   scols, sizeof(scols) / sizeof(scols[0]));
	for (size_t i = 0; i < c->l->schools.len; i++) {
		const char *school = c->l->schools.items[i];
		for (size_t k = 0; k < c->seminars.len; k++) {
			const struct store_item *sm = c->seminars.items[k];
			struct ledger_row *r = row_new(t);
			struct vec who = VEC_INIT(free);
			size_t items = 0, done = 0, open = 0, overdue = 0;
			cell_text(r, 0, c->l->school_names.items[i]);
			cell_text(r, 1, get(sm->rec, "seminar", "date"));
			cell_text(r, 2, get(sm->rec, "seminar", "title"));
			buf_reset(&b);
			if (*get(sm->rec, "seminar", "specialty"))
				records_name(&b, c->s, "specialty", get(sm->rec, "seminar", "specialty"));
			else
				buf_puts(&b, L("全集团", "group-wide"));
			cell_text(r, 3, b.ptr);
			vec_split(&who, get(sm->rec, "seminar", "attendees"), ',');
			buf_reset(&b);
			for (size_t p = 0; p < who.len; p++)
				if (strcmp(get(person(c, who.items[p]), "person", "school"), school) == 0)
					buf_printf(&b, "%s%s", b.len ? L("、", ", ") : "", person_name(c, who.items[p]));
			cell_text(r, 4, b.len ? b.ptr : L("未参会", "none"));
			r->cells[4].mark = !b.len && !*get(sm->rec, "seminar", "specialty");
			for (size_t m = 0; m < c->items.len; m++) {
				const struct seminar_item *it = c->items.items[m];
				if (strcmp(it->seminar, sm->id) != 0 || strcmp(it->owner_school, school) != 0)
					continue;
				items++;
				done += strcmp(it->state, "done") == 0;
				open += strcmp(it->state, "open") == 0;
				overdue += it->overdue;
			}
			cell_count(r, 5, items);
			cell_count(r, 6, done);
			cell_count(r, 7, open);
			cell_count(r, 8, overdue);
			r->cells[8].mark = overdue > 0;
			vec_free(&who);
		}
	}

	const char *xcols[] = { L("学校", "school"), L("教师", "teacher"), L("互派形式", "kind"), L("派出→接收", "from → to"),
				L("专业", "specialty"), L("起止日期", "dates"), L("课程", "courses"), L("学时", "hours"), L("成效", "outcome") };
	struct ledger_table *x = table_new(sec, L("师资互派", "Teacher exchange"), L("（本学期没有师资互派）", "(no exchange this term)"),
					   xcols, sizeof(xcols) / sizeof(xcols[0]));
	struct vec ex = VEC_INIT(store_item_free);
	if ((rc = exchange_list(&ex, c->s, NULL, NULL, err)))
		goto cleanup;
	for (size_t i = 0; i < c->l->schools.len; i++) {
		const char *school = c->l->schools.items[i];
		for (size_t k = 0; k < ex.len; k++) {
			const struct record *e = ((const struct store_item *)ex.items[k])->rec;
			const char *from = get(e, "exchange", "from"), *to = get(e, "exchange", "to");
			if ((strcmp(from, school) != 0 && strcmp(to, school) != 0) || !overlaps_term(e, c->l->term))
				continue;
			struct ledger_row *r = row_new(x);
			cell_text(r, 0, c->l->school_names.items[i]);
			cell_text(r, 1, person_name(c, get(e, "exchange", "person")));
			buf_reset(&b);
			schema_value_label(&b, schema_field(xt, "exchange", "direction"), get(e, "exchange", "direction"));
			cell_text(r, 2, b.ptr);
			buf_reset(&b);
			records_name(&b, c->s, "school", from);
			buf_puts(&b, "→");
			records_name(&b, c->s, "school", to);
			cell_text(r, 3, b.ptr);
			buf_reset(&b);
			records_name(&b, c->s, "specialty", get(e, "exchange", "specialty"));
			cell_text(r, 4, b.ptr);
			buf_reset(&b);
			buf_printf(&b, L("%s 至 %s", "%s to %s"), get(e, "exchange", "start"), get(e, "exchange", "end"));
			cell_text(r, 5, b.ptr);
			buf_reset(&b);
			schema_value_label(&b, schema_field(xt, "exchange", "courses"), get(e, "exchange", "courses"));
			cell_text(r, 6, b.ptr);
			if (*get(e, "exchange", "hours"))
				cell_number(r, 7, LEDGER_INT, atof(get(e, "exchange", "hours")));
			cell_text(r, 8, get(e, "exchange", "outcome"));
		}
	}

	const char *qcols[] = { L("专业", "specialty"), L("已派出", "sent"), L("下限", "minimum"), L("上限", "maximum"),
				L("还差", "missing"), L("派出教师", "teachers") };
	buf_reset(&b);
	buf_printf(&b, L("牵头学校派出教师（%s 学年，教学指导）", "Lead-college teachers sent (%s, teaching guidance)"), c->l->year);
	struct ledger_table *q = table_new(sec, b.ptr, NULL, qcols, sizeof(qcols) / sizeof(qcols[0]));
	struct vec quotas = VEC_INIT(exchange_quota_free);
	if ((rc = exchange_quotas(&quotas, c->s, c->l->year, err)))
		goto cleanup;
	for (size_t i = 0; i < quotas.len; i++) {
		const struct exchange_quota *eq = quotas.items[i];
		struct ledger_row *r = row_new(q);
		cell_text(r, 0, eq->name);
		cell_count(r, 1, eq->sent);
		cell_number(r, 2, LEDGER_INT, (double)eq->min);
		cell_number(r, 3, LEDGER_INT, (double)eq->max);
		cell_count(r, 4, eq->missing);
		r->cells[4].mark = eq->missing > 0;
		buf_reset(&b);
		for (size_t k = 0; k < eq->teachers.len; k++)
			buf_printf(&b, "%s%s", k ? L("、", ", ") : "", person_name(c, eq->teachers.items[k]));
		if (eq->over)
			buf_printf(&b, L("（超出上限 %zu 人）", " (%zu over the maximum)"), eq->over);
		cell_text(r, 5, b.len ? b.ptr : "—");
	}
	size_t qv[] = { 1, 2 };
	chart_add(q, 0, L("各专业派出教师人数", "Teachers sent per specialty"), L("人数", "teachers"), 0, qv, 2, 0);
	vec_free(&quotas);
cleanup:
	vec_free(&ex);
	buf_release(&b);
	return rc;
}

/* ---- 事项台账 ---- */

enum { I_NO, I_SCHOOL, I_WHAT, I_OWNER, I_DUE, I_DONE, I_STATE, I_NOTE };

static struct ledger_row *item_row(struct ledger_table *t, const struct ctx *c, const char *school, const char *what,
				   const char *owner, const char *due, const char *done, const char *state, int mark,
				   const char *remark)
{
	struct ledger_row *r = row_new(t);
	cell_count(r, I_NO, t->rows.len);
	cell_text(r, I_SCHOOL, school_name(c, school));
	cell_text(r, I_WHAT, what);
	cell_text(r, I_OWNER, owner);
	cell_text(r, I_DUE, due);
	cell_text(r, I_DONE, done);
	cell_text(r, I_STATE, state);
	r->cells[I_STATE].mark = mark;
	cell_text(r, I_NOTE, remark);
	return r;
}

/* The admins of a school by name: who answers for the school's own filings. */
static void school_admins(struct buf *out, const struct ctx *c, const char *school)
{
	for (size_t i = 0; i < c->people.len; i++) {
		const struct store_item *it = c->people.items[i];
		struct vec roles = VEC_INIT(free);
		vec_split(&roles, get(it->rec, "person", "roles"), ',');
		if (strcmp(get(it->rec, "person", "school"), school) == 0 && vec_has_str(&roles, "admin") && person_active(it->rec))
			buf_printf(out, "%s%s", out->len ? L("、", ", ") : "", person_name(c, it->id));
		vec_free(&roles);
	}
}

static int section_items(struct ledger_section *sec, struct ctx *c, struct jy_err *err)
{
	const char *cols[] = { L("序号", "no."), L("学校", "school"), L("工作内容", "work"), L("责任人", "owner"),
			       L("完成时限", "due"), L("实际完成时间", "done on"), L("完成情况", "state"), L("备注", "remarks") };
	struct ledger_table *t = table_new(sec, L("事项台账", "Items"), NULL, cols, sizeof(cols) / sizeof(cols[0]));
	struct buf what = BUF_INIT, remark = BUF_INIT, owner = BUF_INIT;
	char first[11], last[11];
	(void)err;
	id_term_span(first, last, c->l->term);
	note(sec, "%s", L("研讨会议的事项（未完成的跨学期保留到完成为止）、授课计划备案、未完成的听课任务和尚未开展的衔接检查、集体备课；逾期的标出。",
			  "Seminar action items (open ones stay until done, whatever their term), plan filings, unmet observation quotas and "
			  "rounds not yet held; overdue ones are marked."));
	for (size_t i = 0; i < c->l->schools.len; i++) {
		const char *school = c->l->schools.items[i];
		/* Seminar action items of the school's people. */
		for (size_t k = 0; k < c->items.len; k++) {
			const struct seminar_item *it = c->items.items[k];
			int done = strcmp(it->state, "done") == 0;
			if (strcmp(it->owner_school, school) != 0 || (done && strcmp(it->term, c->l->term) != 0))
				continue;
			buf_reset(&remark);
			buf_printf(&remark, L("研讨会议：%s（%s）", "seminar: %s (%s)"), it->title, it->date);
			if (*it->evidence)
				buf_printf(&remark, "\n%s", it->evidence);
			item_row(t, c, school, it->what, it->owner_name, it->due, it->done,
				 done ? L("已完成", "done") : it->overdue ? L("逾期未完成", "overdue") : L("未完成", "open"), it->overdue,
				 remark.ptr);
		}
		/* The school's filings. */
		const struct plan_status *st = c->status;
		for (size_t si = 0; si < st->schools.len; si++) {
			if (strcmp(st->schools.items[si], school) != 0)
				continue;
			for (size_t k = 0; k < st->specialties.len; k++) {
				const struct plan_cell *cell = plan_status_cell(st, si, k);
				if (!cell->runs)
					continue;
				buf_reset(&what);
				buf_reset(&owner);
				buf_reset(&remark);
				buf_printf(&what, L("报送 %s 学期授课计划（%s）", "file the %s plan (%s)"), st->term,
					   (char *)st->specialty_names.items[k]);
				school_admins(&owner, c, school);
				if (cell->state == PLAN_RETURNED)
					buf_puts(&remark, L("审核退回，待整改后重新提交", "returned: rectify and submit again"));
				else if (cell->state == PLAN_SUBMITTED)
					buf_puts(&remark, L("已提交，等待专业负责人审核", "submitted, awaiting the lead's review"));
				char filed[11] = "";
				struct record *plan = NULL;
				struct buf id = BUF_INIT, path = BUF_INIT;
				buf_printf(&id, "%s/%s/%s", st->term, school, (char *)st->specialties.items[k]);
				if (cell->state != PLAN_MISSING && plan_load(&plan, &path, c->s, id.ptr, NULL) == 0)
					first_filed(filed, c, path.ptr, plan);
				buf_reset(&id);
				buf_puts(&id, plan_state_label(cell->state));
				if (cell->overdue)
					buf_puts(&id, L("（逾期）", " (overdue)"));
				item_row(t, c, school, what.ptr, owner.len ? owner.ptr : "—", *c->due ? c->due : "—", filed, id.ptr,
					 cell->overdue, remark.ptr);
				record_free(plan);
				buf_release(&id);
				buf_release(&path);
			}
		}
		/* Observation quotas not yet met, and the term's rounds not yet held. */
		const struct obs_stats *os = c->obs;
		for (size_t k = 0; k < os->observers.len; k++) {
			const struct obs_observer_stat *o = os->observers.items[k];
			if (strcmp(o->school, school) != 0 || o->quota <= 0 || (long)o->count >= o->quota)
				continue;
			buf_reset(&what);
			buf_printf(&what, L("本学期听课 %ld 次", "observe %ld lessons this term"), o->quota);
			buf_reset(&remark);
			buf_printf(&remark, L("已听 %zu 次", "%zu done"), o->count);
			buf_reset(&owner);
			if (os->due_week > 0)
				buf_printf(&owner, L("第 %ld 周", "week %ld"), os->due_week);
			else
				buf_puts(&owner, last);
			item_row(t, c, school, what.ptr, o->name, owner.ptr, "", L("未完成", "open"), 0, remark.ptr);
		}
		long kinds[2] = { obs_kind_index("inspect"), obs_kind_index("prepare") };
		for (size_t si = 0; si < os->schools.len; si++) {
			const struct obs_school_stat *sc = os->schools.items[si];
			if (strcmp(sc->school, school) != 0)
				continue;
			for (int k = 0; k < 2; k++) {
				if (kinds[k] < 0 || sc->kinds[kinds[k]])
					continue;
				buf_reset(&what);
				buf_puts(&what, k == 0 ? L("本学期开展一轮衔接教学检查", "hold one round of articulation inspection")
						       : L("本学期开展一轮集体备课", "hold one round of collective lesson preparation"));
				item_row(t, c, school, what.ptr, L("各专业教研团队", "the specialties' teams"), last, "",
					 L("未开展", "not held"), 0, "");
			}
		}
	}
	buf_release(&what);
	buf_release(&remark);
	buf_release(&owner);
	return 0;
}

/* The table of sections: each builds its tables from what ctx loaded (or, 联考, from sitting_load per exam of the term). */
typedef int (*section_fn)(struct ledger_section *sec, struct ctx *c, struct jy_err *err);

static const struct {
	const char *key, *title_zh, *title_en;
	section_fn fn;
} sections[] = {
	{ "plans", "授课计划备案", "Plan filing", section_plans },
	{ "observations", "听课评课", "Observations", section_observations },
	{ "exams", "联考", "Joint exams", section_exams },
	{ "seminars", "研讨会议与师资互派", "Seminars and teacher exchange", section_seminars },
	{ "items", "事项台账", "Items", section_items },
};

/* ---- building ---- */

int ledger_may(struct store *s, const struct actor *a, const char *school, struct jy_err *err)
{
	(void)s;
	/* The repository's owner at a shell (no identity) reads the files anyway, as viewer_new says. */
	if (!a || (!a->id && !a->fixed) || a->bootstrap)
		return 0;
	if (school ? typeops_admin_of(a, school) : actor_is_admin(a) && a->lead_college)
		return 0;
	if (school)
		return err_set(err, JY_EPERM,
			       L("只有本校（%s）的管理员或牵头学校的管理员可以查看该校的工作台账",
				 "only the admins of %s, or of the lead college, may see its work ledger"),
			       school);
	return err_set(err, JY_EPERM, "%s",
		       L("只有牵头学校的管理员可以查看全部成员学校的工作台账（成员学校的管理员请指定本校）",
			 "only lead-college admins may see every member school's ledger (a member school's admins name their own school)"));
}

static int item_date_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	int c = strcmp(get(x->rec, "seminar", "date"), get(y->rec, "seminar", "date"));
	return c ? c : strcmp(x->id, y->id);
}

static int load_schools(struct ledger *l, struct store *s, const char *school, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { .type = "school" };
	int rc = store_list(&items, s, &q, NULL, err);
	for (size_t i = 0; rc == 0 && i < items.len; i++) {
		const struct store_item *it = items.items[i];
		int pick = school ? strcmp(it->id, school) == 0 : strcmp(get(it->rec, "school", "kind"), "lead") != 0;
		if (!pick)
			continue;
		vec_push_str(&l->schools, it->id);
		vec_push_str(&l->school_names, *get(it->rec, "school", "name") ? get(it->rec, "school", "name") : it->id);
	}
	if (rc == 0 && school && !l->schools.len) {
		rc = err_set(err, JY_ENOTFOUND, L("没有学校「%s」", "no school \"%s\""), school);
		err_hint(err, "list-school", school);
	}
	vec_free(&items);
	return rc;
}

static void term_words(struct buf *out, const char *term)
{
	buf_printf(out, L("%.9s学年第%s学期", "%.9s, %s term"), term, term[10] == '1' ? L("一", "autumn") : L("二", "spring"));
}

int ledger_build(struct ledger **out, struct store *s, const struct actor *a, struct viewer *v, const char *term,
		 const char *school, struct jy_err *err)
{
	struct ledger *l = xcalloc(1, sizeof(*l));
	struct ctx c;
	struct record *group = NULL;
	struct buf b = BUF_INIT;
	struct store_query pq = { .type = "person" }, sq = { .type = "seminar" };
	int rc;
	memset(&c, 0, sizeof(c));
	c.s = s, c.a = a, c.v = v, c.l = l;
	vec_init(&c.people, store_item_free);
	vec_init(&c.seminars, store_item_free);
	vec_init(&c.items, seminar_item_free);
	vec_init(&l->schools, free);
	vec_init(&l->school_names, free);
	vec_init(&l->sections, section_free);
	if ((rc = ledger_may(s, a, school, err)))
		goto cleanup;
	if (!term) {
		if ((rc = obs_current_term(l->term, s, err)))
			goto cleanup;
	} else if (!id_term_valid(term)) {
		rc = err_set(err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N（如 2026-2027-1）", "term \"%s\" is invalid: it is YYYY-YYYY-N (e.g. 2026-2027-1)"),
			     term);
		goto cleanup;
	} else {
		snprintf(l->term, sizeof(l->term), "%s", term);
	}
	id_term_next(l->next, l->term);
	exchange_year_of(l->year, l->term);
	id_date(l->today, id_now());
	store_read(&group, s, "group.ini", NULL);
	l->group = xstrdup(get(group, "group", "name"));
	if ((rc = load_schools(l, s, school, err)) || (rc = store_list(&c.people, s, &pq, NULL, err)))
		goto cleanup;

	/* What the sections read, each from its own module's one implementation. */
	sq.term = l->term;
	if ((rc = plan_due(c.due, s, l->next, err)) || (rc = plan_status(&c.status, s, l->next, err)) ||
	    (rc = obs_stats(&c.obs, s, v, l->term, NULL, err)) || (rc = store_list(&c.seminars, s, &sq, NULL, err)) ||
	    (rc = seminar_items(&c.items, s, NULL, NULL, NULL, 0, err)))
		goto cleanup;
	vec_sort(&c.seminars, item_date_cmp);

	term_words(&b, l->term);
	l->header[0].label = L("学年学期", "term");
	buf_printf(&b, "（%s）", l->term);
	l->header[0].value = xstrdup(b.ptr);
	buf_reset(&b);
	for (size_t i = 0; i < l->school_names.len; i++)
		buf_printf(&b, "%s%s", i ? L("、", ", ") : "", (char *)l->school_names.items[i]);
	l->header[1].label = L("学校", "school");
	l->header[1].value = xstrdup(school ? b.ptr : L("全部成员学校", "every member school"));
	l->header[2].label = L("填表人", "filled in by");
	l->header[2].value = xstrdup(a && a->id && a->name ? a->name : "");
	l->header[3].label = L("审核人", "checked by");
	l->header[3].value = xstrdup("");
	l->header[4].label = L("填表日期", "date");
	l->header[4].value = xstrdup(l->today);
	buf_reset(&b);
	buf_puts(&b, L("工作台账（", "Work ledger ("));
	term_words(&b, l->term);
	buf_puts(&b, L("）", ")"));
	l->title = buf_detach(&b);

	for (size_t i = 0; i < sizeof(sections) / sizeof(sections[0]) && rc == 0; i++) {
		struct ledger_section *sec = xcalloc(1, sizeof(*sec));
		sec->key = sections[i].key;
		sec->title = xstrdup(L(sections[i].title_zh, sections[i].title_en));
		vec_init(&sec->notes, free);
		vec_init(&sec->tables, table_free);
		vec_push(&l->sections, sec);
		rc = sections[i].fn(sec, &c, err);
	}
cleanup:
	record_free(group);
	buf_release(&b);
	vec_free(&c.people);
	vec_free(&c.seminars);
	vec_free(&c.items);
	plan_status_free(c.status);
	obs_stats_free(c.obs);
	if (rc)
		ledger_free(l);
	else
		*out = l;
	return rc;
}

void ledger_section_title(struct buf *out, const struct ledger *l, size_t i)
{
	static const char *const zh[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };
	const struct ledger_section *sec = i < l->sections.len ? l->sections.items[i] : NULL;
	if (!sec)
		return;
	if (err_lang_en())
		buf_printf(out, "%zu. %s", i + 1, sec->title);
	else
		buf_printf(out, "%s、%s", i < 10 ? zh[i] : "十", sec->title);
}

/* ---- HTML ---- */

static void chart_values(double *vals, const struct ledger_table *t, size_t col, int percent)
{
	for (size_t r = 0; r < t->rows.len; r++) {
		const struct ledger_row *row = t->rows.items[r];
		double v = row->cells[col].value;
		vals[r] = percent && isfinite(v) ? v * 100.0 : v;
	}
}

static int html_chart(struct buf *out, const struct ledger_table *t, const struct ledger_chart *ch, size_t id,
		      struct jy_err *err)
{
	size_t n = t->rows.len;
	const char **labels = xcalloc(n ? n : 1, sizeof(*labels));
	double *vals = xcalloc((n ? n : 1) * (ch->nvalues ? ch->nvalues : 1), sizeof(double));
	struct svg_series *series = xcalloc(ch->nvalues ? ch->nvalues : 1, sizeof(*series));
	char cid[32];
	struct buf title = BUF_INIT;
	int rc;
	snprintf(cid, sizeof(cid), "chart%zu", id);
	for (size_t r = 0; r < n; r++)
		labels[r] = ((const struct ledger_row *)t->rows.items[r])->cells[ch->label_col].text;
	buf_printf(&title, "%s%s", ch->title, ch->percent ? "（%）" : "");
	for (size_t k = 0; k < ch->nvalues; k++) {
		chart_values(vals + k * (n ? n : 1), t, ch->value_cols[k], ch->percent);
		series[k].name = t->columns.items[ch->value_cols[k]];
		series[k].values = vals + k * (n ? n : 1);
	}
	if (ch->bar && ch->nvalues == 1) {
		struct svg_hbar_chart c = { .id = cid, .title = title.ptr, .x_title = ch->axis, .labels = labels, .values = vals,
					    .n = n, .decimals = ch->percent ? 1 : 0, .x_max = ch->percent ? 100 : NAN };
		rc = svg_hbar_chart(out, &c, err);
	} else {
		struct svg_bar_chart c = { .id = cid, .title = title.ptr, .y_title = ch->axis, .categories = labels, .ncat = n,
					   .series = series, .nseries = ch->nvalues, .value_labels = 1, .decimals = ch->percent ? 1 : 0,
					   .y_min = NAN, .y_max = NAN };
		rc = svg_bar_chart(out, &c, err);
	}
	free(labels);
	free(vals);
	free(series);
	buf_release(&title);
	return rc;
}

static void html_marked(struct buf *cell, const char *text)
{
	buf_puts(cell, "<strong>");
	html_text_br(cell, text);
	buf_puts(cell, "</strong>");
}

int ledger_html(struct buf *out, const struct ledger *l, struct jy_err *err)
{
	struct buf page = BUF_INIT, title = BUF_INIT, cell = BUF_INIT;
	size_t charts = 0;
	int rc = 0;
	html_begin(&page, l->title,
		   "@page { size: A4 landscape; } strong { color: #b00020; } svg.chart { max-width: 170mm; display: block; margin: 0 auto; } "
		   "table.grid td:first-child { white-space: nowrap; }");
	html_heading(&page, 1, l->title);
	if (*l->group)
		html_para(&page, "center", l->group);
	struct html_pair pairs[LEDGER_HEADER];
	for (size_t i = 0; i < LEDGER_HEADER; i++) {
		pairs[i].label = l->header[i].label;
		pairs[i].value = l->header[i].value;
	}
	html_dl(&page, pairs, LEDGER_HEADER);
	for (size_t s = 0; s < l->sections.len && rc == 0; s++) {
		const struct ledger_section *sec = l->sections.items[s];
		buf_reset(&title);
		ledger_section_title(&title, l, s);
		html_heading(&page, 2, title.ptr);
		for (size_t n = 0; n < sec->notes.len; n++)
			html_para(&page, "small", sec->notes.items[n]);
		for (size_t k = 0; k < sec->tables.len && rc == 0; k++) {
			const struct ledger_table *t = sec->tables.items[k];
			struct html_table ht;
			html_heading(&page, 3, t->title);
			if (!t->rows.len) {
				html_para(&page, "small", t->empty);
				continue;
			}
			html_table_begin(&ht, &page, NULL);
			html_table_head(&ht);
			html_table_row(&ht);
			for (size_t col = 0; col < t->columns.len; col++)
				html_cell(&ht, t->columns.items[col], HTML_TH);
			html_table_body(&ht);
			for (size_t r = 0; r < t->rows.len; r++) {
				const struct ledger_row *row = t->rows.items[r];
				html_table_row(&ht);
				for (size_t col = 0; col < t->columns.len; col++) {
					const struct ledger_cell *ce = &row->cells[col];
					int flags = ce->kind != LEDGER_TEXT ? HTML_NUM : 0;
					if (ce->mark) {
						buf_reset(&cell);
						html_marked(&cell, ce->text);
						html_cell(&ht, cell.ptr, flags | HTML_RAW);
					} else {
						html_cell(&ht, ce->text, flags);
					}
				}
			}
			html_table_end(&ht);
			for (size_t ch = 0; ch < t->charts.len && rc == 0; ch++) {
				html_open(&page, "div", "nobreak");
				rc = html_chart(&page, t, t->charts.items[ch], ++charts, err);
				html_close(&page, "div");
			}
		}
	}
	const struct html_pair sign[] = { { L("填表人：", "filled in by: "), l->header[2].value },
					  { L("审核人：", "checked by: "), NULL },
					  { L("日期：", "date: "), NULL } };
	html_fields(&page, "sign", sign, 3);
	html_end(&page);
	if (rc == 0)
		buf_add(out, page.ptr, page.len);
	buf_release(&page);
	buf_release(&title);
	buf_release(&cell);
	return rc;
}

/* ---- XLSX ---- */

static int xlsx_cell(struct xlsx_sheet *sh, unsigned row, unsigned col, const struct ledger_cell *ce)
{
	int flags = ce->mark ? XLSX_BOLD : 0;
	switch (ce->kind) {
	case LEDGER_INT:
		return xlsx_number(sh, row, col, ce->value, "0", flags);
	case LEDGER_NUM:
		return xlsx_number(sh, row, col, ce->value, "0.0", flags);
	case LEDGER_PCT:
		return xlsx_number(sh, row, col, ce->value, "0.0%", flags);
	default:
		return xlsx_text(sh, row, col, ce->text, flags);
	}
}

static void xlsx_charts(struct xlsx_sheet *sh, const struct ledger_table *t, unsigned first_row)
{
	if (!t->rows.len)
		return;
	unsigned last = first_row + (unsigned)t->rows.len - 1;
	for (size_t k = 0; k < t->charts.len; k++) {
		const struct ledger_chart *ch = t->charts.items[k];
		struct xlsx_series *series = xcalloc(ch->nvalues ? ch->nvalues : 1, sizeof(*series));
		for (size_t v = 0; v < ch->nvalues; v++) {
			series[v].name = t->columns.items[ch->value_cols[v]];
			series[v].categories = (struct xlsx_range){ first_row, (unsigned)ch->label_col, last, (unsigned)ch->label_col };
			series[v].values = (struct xlsx_range){ first_row, (unsigned)ch->value_cols[v], last, (unsigned)ch->value_cols[v] };
		}
		struct xlsx_chart c = { .kind = ch->bar ? XLSX_BAR : XLSX_COLUMN, .title = ch->title,
					.x_title = ch->bar ? ch->axis : NULL, .y_title = ch->bar ? NULL : ch->axis,
					.series = series, .nseries = ch->nvalues, .value_format = ch->percent ? "0%" : NULL,
					.row = first_row - 1 + (unsigned)k * 16, .col = (unsigned)t->columns.len + 1 };
		xlsx_chart(sh, &c);
		free(series);
	}
}

int ledger_xlsx(struct buf *out, const struct ledger *l, time_t created, struct jy_err *err)
{
	struct xlsx *x = NULL;
	struct buf title = BUF_INIT;
	char *data = NULL;
	size_t len = 0;
	FILE *fp = NULL;
	int rc = xlsx_new(&x, created, err);
	if (rc)
		goto cleanup;
	struct xlsx_pair pairs[LEDGER_HEADER];
	for (size_t i = 0; i < LEDGER_HEADER; i++) {
		pairs[i].label = l->header[i].label;
		pairs[i].value = l->header[i].value;
	}
	for (size_t s = 0; s < l->sections.len && rc == 0; s++) {
		const struct ledger_section *sec = l->sections.items[s];
		struct xlsx_sheet *sh;
		unsigned row = 0;
		buf_reset(&title);
		ledger_section_title(&title, l, s);
		if ((rc = xlsx_add_sheet(&sh, x, title.ptr, err)))
			break;
		struct buf head = BUF_INIT;
		buf_printf(&head, "%s · %s", l->title, title.ptr);
		xlsx_header_block(&row, sh, head.ptr, pairs, LEDGER_HEADER);
		buf_release(&head);
		for (size_t n = 0; n < sec->notes.len; n++)
			xlsx_text(sh, row++, 0, sec->notes.items[n], XLSX_PLAIN);
		if (sec->notes.len)
			row++;
		for (size_t k = 0; k < sec->tables.len; k++) {
			const struct ledger_table *t = sec->tables.items[k];
			xlsx_text(sh, row++, 0, t->title, XLSX_PLAIN | XLSX_BOLD);
			/* The first table's header is frozen and repeated on each printed page; the others are just bold. */
			if (k == 0)
				xlsx_table_header(sh, row, (const char *const *)t->columns.items, t->columns.len, 0);
			else
				for (size_t col = 0; col < t->columns.len; col++)
					xlsx_text(sh, row, (unsigned)col, t->columns.items[col], XLSX_BOLD | XLSX_CENTER);
			row++;
			unsigned first = row;
			if (!t->rows.len)
				xlsx_text(sh, row++, 0, t->empty, XLSX_PLAIN);
			for (size_t r = 0; r < t->rows.len; r++, row++) {
				const struct ledger_row *lr = t->rows.items[r];
				for (size_t col = 0; col < t->columns.len; col++)
					xlsx_cell(sh, row, (unsigned)col, &lr->cells[col]);
			}
			xlsx_charts(sh, t, first);
			/* Charts beside a short table must not run into the next one. */
			unsigned need = first + (unsigned)t->charts.len * 16;
			row = (t->charts.len && t->rows.len && row < need ? need : row) + 1;
		}
	}
	if (rc) {
		xlsx_free(x);
		goto cleanup;
	}
	fp = open_memstream(&data, &len);
	if (!fp) {
		xlsx_free(x);
		rc = err_set(err, JY_EIO, "%s", L("无法分配内存写出工作簿", "no memory for the workbook"));
		goto cleanup;
	}
	rc = xlsx_write_to(x, fp, err);
	if (fclose(fp) != 0 && rc == 0)
		rc = err_set(err, JY_EIO, "%s", L("写出工作簿失败", "writing the workbook failed"));
	if (rc == 0)
		buf_add(out, data, len);
cleanup:
	free(data);
	buf_release(&title);
	return rc;
}

/* ---- CSV ---- */

void ledger_csv(struct buf *out, const struct ledger *l)
{
	struct buf title = BUF_INIT;
	buf_puts(out, CSV_UTF8_BOM);
	csv_put_text(out, l->title);
	csv_end_row(out);
	for (size_t i = 0; i < LEDGER_HEADER; i++) {
		csv_put_text(out, l->header[i].label);
		csv_put_sep(out);
		csv_put_text(out, l->header[i].value);
		csv_end_row(out);
	}
	for (size_t s = 0; s < l->sections.len; s++) {
		const struct ledger_section *sec = l->sections.items[s];
		csv_end_row(out);
		buf_reset(&title);
		ledger_section_title(&title, l, s);
		csv_put_text(out, title.ptr);
		csv_end_row(out);
		for (size_t n = 0; n < sec->notes.len; n++) {
			csv_put_text(out, sec->notes.items[n]);
			csv_end_row(out);
		}
		for (size_t k = 0; k < sec->tables.len; k++) {
			const struct ledger_table *t = sec->tables.items[k];
			csv_end_row(out);
			csv_put_text(out, t->title);
			csv_end_row(out);
			for (size_t col = 0; col < t->columns.len; col++) {
				if (col)
					csv_put_sep(out);
				csv_put_text(out, t->columns.items[col]);
			}
			csv_end_row(out);
			for (size_t r = 0; r < t->rows.len; r++) {
				const struct ledger_row *lr = t->rows.items[r];
				for (size_t col = 0; col < t->columns.len; col++) {
					if (col)
						csv_put_sep(out);
					csv_put_text(out, lr->cells[col].text);
				}
				csv_end_row(out);
			}
		}
	}
	buf_release(&title);
}
