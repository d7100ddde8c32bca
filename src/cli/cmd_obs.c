/* cmd_obs: `jiaoyan obs` — observation statistics, coverage, the teacher's inbox and replies, from domain/observation. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"


/* The viewer of the acting person: what they may see is what they count. */
static int obs_viewer(struct cli *c, struct store **s, struct viewer **v)
{
	struct actor *a;
	int rc = cli_store(c, s);
	if (rc == 0)
		rc = cli_actor(c, &a);
	if (rc == 0)
		rc = viewer_new(v, *s, a, &c->err);
	return rc;
}

/* --school given by id or name. */
static int school_opt(struct cli *c, struct store *s, const struct cli_args *a, struct buf *out, const char **school)
{
	*school = NULL;
	if (!cli_opt(a, "--school"))
		return 0;
	int rc = records_ref(out, s, "school", cli_opt(a, "--school"), &c->err);
	if (rc == 0)
		*school = out->ptr;
	return rc;
}

/* School names for display, read once per school. */
struct names {
	struct vec ids;   /* owned */
	struct vec names; /* owned, parallel */
	int labels;       /* --labels: tsv shows names too */
};

static const char *school_name(struct names *n, struct store *s, const char *id)
{
	for (size_t i = 0; i < n->ids.len; i++)
		if (strcmp(n->ids.items[i], id) == 0)
			return n->names.items[i];
	struct record *r = NULL;
	struct buf path = BUF_INIT;
	const char *name = NULL;
	if (id_component_valid(id)) {
		buf_printf(&path, "schools/%s.ini", id);
		if (store_read(&r, s, path.ptr, NULL) == 0)
			name = record_get(r, "school", "name");
	}
	vec_push_str(&n->ids, id);
	vec_push_str(&n->names, name && *name ? name : id);
	record_free(r);
	buf_release(&path);
	return n->names.items[n->names.len - 1];
}

static void push_mean(struct vec *row, size_t scored, double mean, int tsv)
{
	char m[24];
	if (!scored) {
		vec_push_str(row, tsv ? "" : "—");
		return;
	}
	rubric_format_total(m, mean);
	vec_push_str(row, m);
}

static void push_count(struct vec *row, size_t n)
{
	vec_push(row, xasprintf("%zu", n));
}

static void push_grades(struct vec *row, const size_t *grades, size_t nbands)
{
	for (size_t b = 0; b < nbands; b++)
		push_count(row, grades[b]);
}

static void free_record(void *r)
{
	record_free(r);
}

/* Grade columns: tsv names them by the band's code (band.1 …), a table or --labels by the band's name. */
static void push_bands(struct vec *row, const struct vec *bands, struct store *s, int codes)
{
	struct vec rubrics = VEC_INIT(free_record);
	for (size_t b = 0; b < bands->len; b++) {
		struct buf code = BUF_INIT;
		if (codes)
			cli_band_code(&code, &rubrics, s, bands->items[b]);
		else
			buf_puts(&code, bands->items[b]);
		vec_push(row, buf_detach(&code));
	}
	vec_free(&rubrics);
}

static void emit(struct vec *rows, int tsv)
{
	cli_table(stdout, rows, tsv);
	vec_clear(rows);
}

static void teacher_rows(struct vec *rows, const struct obs_stats *st, struct names *nm, struct store *s, int tsv)
{
	struct vec *h = cli_row_new();
	if (tsv) {
		vec_push_str(h, "kind");
		vec_push_str(h, "school");
		vec_push_str(h, "id");
		vec_push_str(h, "name");
		vec_push_str(h, "count");
		vec_push_str(h, "scored");
		vec_push_str(h, "mean");
	} else {
		vec_push_str(h, L("学校", "school"));
		vec_push_str(h, L("工号", "id"));
		vec_push_str(h, L("姓名", "name"));
		vec_push_str(h, L("被听课", "observed"));
		vec_push_str(h, L("平均分", "mean"));
	}
	push_bands(h, &st->bands, s, tsv && !nm->labels);
	vec_push(rows, h);
	for (size_t i = 0; i < st->teachers.len; i++) {
		const struct obs_teacher_stat *t = st->teachers.items[i];
		struct vec *r = cli_row_new();
		if (tsv)
			vec_push_str(r, "teacher");
		vec_push_str(r, tsv && !nm->labels ? t->school : school_name(nm, s, t->school));
		vec_push_str(r, t->teacher);
		vec_push_str(r, t->name);
		push_count(r, t->count);
		if (tsv)
			push_count(r, t->scored);
		push_mean(r, t->scored, t->mean, tsv);
		push_grades(r, t->grades, st->bands.len);
		vec_push(rows, r);
	}
}

static void observer_rows(struct vec *rows, const struct obs_stats *st, struct names *nm, struct store *s, int tsv)
{
	struct vec *h = cli_row_new();
	if (tsv) {
		vec_push_str(h, "kind");
		vec_push_str(h, "school");
		vec_push_str(h, "id");
		vec_push_str(h, "name");
		vec_push_str(h, "count");
		vec_push_str(h, "quota");
	} else {
		vec_push_str(h, L("学校", "school"));
		vec_push_str(h, L("工号", "id"));
		vec_push_str(h, L("姓名", "name"));
		vec_push_str(h, L("已听课", "made"));
		vec_push_str(h, L("任务", "quota"));
		vec_push_str(h, L("完成情况", "status"));
	}
	vec_push(rows, h);
	for (size_t i = 0; i < st->observers.len; i++) {
		const struct obs_observer_stat *o = st->observers.items[i];
		struct vec *r = cli_row_new();
		if (tsv)
			vec_push_str(r, "observer");
		vec_push_str(r, tsv && !nm->labels ? o->school : school_name(nm, s, o->school));
		vec_push_str(r, o->observer);
		vec_push_str(r, o->name);
		push_count(r, o->count);
		vec_push(r, xasprintf("%ld", o->quota));
		if (!tsv) {
			if (o->quota <= 0)
				vec_push_str(r, "—");
			else if ((long)o->count >= o->quota)
				vec_push_str(r, L("已完成", "done"));
			else
				vec_push(r, xasprintf(L("还差 %ld", "%ld to go"), o->quota - (long)o->count));
		}
		vec_push(rows, r);
	}
}

static void school_rows(struct vec *rows, const struct obs_stats *st, struct names *nm, struct store *s, int tsv)
{
	struct vec *h = cli_row_new();
	if (tsv) {
		vec_push_str(h, "kind");
		vec_push_str(h, "school");
		vec_push_str(h, "name");
		vec_push_str(h, "count");
		vec_push_str(h, "covered");
		vec_push_str(h, "roster");
		vec_push_str(h, "scored");
		vec_push_str(h, "mean");
	} else {
		vec_push_str(h, L("学校", "school"));
		vec_push_str(h, L("听课次数", "observations"));
		vec_push_str(h, L("已覆盖/教师", "covered/teachers"));
		vec_push_str(h, L("平均分", "mean"));
	}
	push_bands(h, &st->bands, s, tsv && !nm->labels);
	vec_push(rows, h);
	for (size_t i = 0; i < st->schools.len; i++) {
		const struct obs_school_stat *sc = st->schools.items[i];
		struct vec *r = cli_row_new();
		if (tsv) {
			vec_push_str(r, "school");
			vec_push_str(r, sc->school);
		}
		vec_push_str(r, sc->name);
		push_count(r, sc->count);
		if (tsv) {
			push_count(r, sc->covered);
			push_count(r, sc->roster);
			push_count(r, sc->scored);
		} else {
			vec_push(r, xasprintf("%zu/%zu", sc->covered, sc->roster));
		}
		push_mean(r, sc->scored, sc->mean, tsv);
		push_grades(r, sc->grades, st->bands.len);
		vec_push(rows, r);
	}
}

int cmd_obs_stats(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct obs_stats *st = NULL;
	struct vec rows = VEC_INIT(cli_row_free);
	struct names nm = { VEC_INIT(free), VEC_INIT(free), cli_labels(a) };
	struct buf sb = BUF_INIT;
	struct viewer *v = NULL;
	struct store *s;
	const char *school = NULL;
	int tsv = cli_tsv(a);
	(void)cmd;
	int rc = obs_viewer(c, &s, &v);
	if (rc || (rc = school_opt(c, s, a, &sb, &school)) || (rc = obs_stats(&st, s, v, cli_opt(a, "--term"), school, &c->err)))
		goto cleanup;
	if (!tsv) {
		printf(L("学期 %s 听课统计（%s）：共 %zu 次听课\n\n", "observations of term %s (%s): %zu in all\n\n"), st->term,
		       school ? school_name(&nm, s, school) : L("全部学校", "all schools"), st->total);
		printf("%s\n", L("授课教师被听课情况", "Teachers observed"));
	}
	teacher_rows(&rows, st, &nm, s, tsv);
	emit(&rows, tsv);
	if (!tsv) {
		if (st->due_week > 0)
			printf(L("\n听课任务（第 %ld 周前完成）\n", "\nObservation quotas (due by week %ld)\n"), st->due_week);
		else
			printf("\n%s\n", L("听课任务", "Observation quotas"));
	}
	observer_rows(&rows, st, &nm, s, tsv);
	emit(&rows, tsv);
	if (!tsv)
		printf("\n%s\n", L("各校情况", "Schools"));
	school_rows(&rows, st, &nm, s, tsv);
	emit(&rows, tsv);
cleanup:
	obs_stats_free(st);
	viewer_free(v);
	vec_free(&rows);
	vec_free(&nm.ids);
	vec_free(&nm.names);
	buf_release(&sb);
	return rc;
}

int cmd_obs_uncovered(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct vec ids = VEC_INIT(free), rows = VEC_INIT(cli_row_free);
	struct names nm = { VEC_INIT(free), VEC_INIT(free), 0 };
	struct buf sb = BUF_INIT;
	struct viewer *v = NULL;
	struct store *s;
	const char *school = NULL, *term = cli_opt(a, "--term");
	char cur[12];
	int tsv = cli_tsv(a);
	(void)cmd;
	int rc = obs_viewer(c, &s, &v);
	if (rc || (rc = school_opt(c, s, a, &sb, &school)))
		goto cleanup;
	if ((rc = obs_uncovered(&ids, s, v, term, school, &c->err)) || (!term && (rc = obs_current_term(cur, s, &c->err))))
		goto cleanup;
	struct vec *h = cli_row_new();
	vec_push_str(h, tsv ? "school" : L("学校", "school"));
	vec_push_str(h, tsv ? "id" : L("工号", "id"));
	vec_push_str(h, tsv ? "name" : L("姓名", "name"));
	vec_push(&rows, h);
	for (size_t i = 0; i < ids.len; i++) {
		struct record *p = NULL;
		struct vec *r = cli_row_new();
		const char *sc = "", *name = ids.items[i];
		if (roster_person(&p, s, ids.items[i], NULL) == 0) {
			sc = record_get(p, "person", "school") ? record_get(p, "person", "school") : "";
			name = record_get(p, "person", "name") ? record_get(p, "person", "name") : name;
		}
		vec_push_str(r, tsv ? sc : school_name(&nm, s, sc));
		vec_push_str(r, ids.items[i]);
		vec_push_str(r, name);
		vec_push(&rows, r);
		record_free(p);
	}
	if (!tsv)
		printf(L("学期 %s 尚未被听课的教师（%s）：%zu 人\n\n", "teachers not yet observed in term %s (%s): %zu\n\n"),
		       term ? term : cur, school ? school_name(&nm, s, school) : L("全部学校", "all schools"), ids.len);
	if (tsv || ids.len)
		cli_table(stdout, &rows, tsv);
cleanup:
	viewer_free(v);
	vec_free(&ids);
	vec_free(&rows);
	vec_free(&nm.ids);
	vec_free(&nm.names);
	buf_release(&sb);
	return rc;
}

int cmd_obs_reply(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, text = BUF_INIT;
	const char *id = cli_operand(a, 0), *reply = cli_operand(a, 1);
	struct store *s;
	struct actor *actor;
	int rc = 0;
	(void)cmd;
	/* "-" reads a longer reply from standard input, as `add --file -` does. */
	if (strcmp(reply, "-") == 0) {
		if ((rc = editor_read_file(&text, "-", &c->err)))
			goto cleanup;
		while (text.len && text.ptr[text.len - 1] == '\n')
			buf_truncate(&text, text.len - 1);
	} else {
		buf_puts(&text, reply);
	}
	if ((rc = cli_store(c, &s)) || (rc = store_resolve(&path, s, id, &c->err)) || (rc = cli_actor(c, &actor)) ||
	    (rc = obs_respond(s, actor, path.ptr, text.ptr, &c->err)))
		goto cleanup;
	printf(L("已回复听课记录 %s\n", "replied to observation %s\n"), id);
cleanup:
	buf_release(&path);
	buf_release(&text);
	return rc;
}

/* obs inbox / obs mine: one person's observations of the term, newest first. */
static int obs_list(struct cli *c, const struct cli_args *a, int inbox)
{
	struct vec items = VEC_INIT(obs_item_free), rows = VEC_INIT(cli_row_free), rubrics = VEC_INIT(free_record);
	const struct field_def *kind = schema_field(schema_type("observation"), "observation", "kind");
	struct viewer *v = NULL;
	struct store *s;
	struct actor *actor;
	int tsv = cli_tsv(a) && !cli_labels(a), labels_tsv = cli_tsv(a) && cli_labels(a);
	int rc = obs_viewer(c, &s, &v);
	if (rc || (rc = cli_actor(c, &actor)))
		goto cleanup;
	const char *who = cli_opt(a, "--person");
	if (!who) {
		if (!actor->id) {
			rc = err_set(&c->err, JY_EINVAL,
				     L("无法确定你是谁：请用 --person 工号 指定人员", "cannot tell who you are: name the person with --person ID"));
			goto cleanup;
		}
		who = actor->id;
	}
	const char *term = cli_opt(a, "--term");
	if ((rc = inbox ? obs_inbox(&items, s, v, term, who, &c->err) : obs_mine(&items, s, v, term, who, &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	static const char *const keys[] = { "id", "date", "kind", "person", "course", "total", "grade", "state" };
	const char *zh[] = { "编号", "日期", "类型", inbox ? "听课人" : "授课教师", "课程", "总分", "等级", "状态" };
	const char *en[] = { "id", "date", "kind", inbox ? "observer" : "teacher", "course", "total", "grade", "state" };
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		vec_push_str(h, tsv ? (k == 3 ? (inbox ? "observer" : "teacher") : keys[k]) : L(zh[k], en[k]));
	vec_push(&rows, h);
	for (size_t i = 0; i < items.len; i++) {
		const struct obs_item *it = items.items[i];
		struct vec *r = cli_row_new();
		struct buf label = BUF_INIT;
		vec_push_str(r, it->id);
		vec_push_str(r, it->date);
		if (tsv)
			buf_puts(&label, it->kind);
		else
			schema_value_label(&label, kind, it->kind);
		vec_push(r, buf_detach(&label));
		if (tsv)
			vec_push_str(r, inbox ? it->observer : it->teacher);
		else
			vec_push_str(r, inbox ? it->observer_name : it->teacher_name);
		vec_push_str(r, it->course);
		vec_push_str(r, it->total);
		if (tsv) {
			struct buf g = BUF_INIT;
			cli_grade_code(&g, &rubrics, s, it->rec);
			vec_push(r, buf_detach(&g));
		} else {
			vec_push_str(r, it->grade);
		}
		if (tsv)
			vec_push_str(r, it->replied ? "replied" : "new");
		else
			vec_push_str(r, it->replied ? L("已回复", "replied") : inbox ? L("新", "new") : L("待回复", "awaiting reply"));
		vec_push(&rows, r);
	}
	cli_table(stdout, &rows, tsv || labels_tsv);
cleanup:
	viewer_free(v);
	vec_free(&items);
	vec_free(&rows);
	vec_free(&rubrics);
	return rc;
}

int cmd_obs_inbox(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	(void)cmd;
	return obs_list(c, a, 1);
}

int cmd_obs_mine(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	(void)cmd;
	return obs_list(c, a, 0);
}
