/* cmd_obs: `jiaoyan obs` — observation statistics, coverage, the teacher's inbox and replies, from domain/observation. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"


/* Options shared by the subcommands. */
struct obs_opts {
	const char *term;
	const char *school;
	const char *person;
	int tsv;
	int nargs;
	char *args[2]; /* positional arguments (reply: ID TEXT) */
};

static int parse_opts(struct cli *c, int argc, char **argv, struct obs_opts *o, int max_args, int allow_school,
		      int allow_person)
{
	memset(o, 0, sizeof(*o));
	for (int i = 2; i < argc; i++) {
		const char **slot = NULL;
		int f = cli_format_opt(c, "obs", argc, argv, &i, &o->tsv);
		if (f < 0)
			return JY_EUSAGE;
		if (f)
			continue;
		if (strcmp(argv[i], "--term") == 0)
			slot = &o->term;
		else if (allow_school && strcmp(argv[i], "--school") == 0)
			slot = &o->school;
		else if (allow_person && strcmp(argv[i], "--person") == 0)
			slot = &o->person;
		else if (argv[i][0] == '-' && argv[i][1] && o->nargs == 0)
			return cli_usage_error(c, "obs", L("无法理解参数「%s」", "unexpected argument \"%s\""), argv[i]);
		else if (o->nargs < max_args) {
			o->args[o->nargs++] = argv[i];
			continue;
		} else
			return cli_usage_error(c, "obs", L("多余的参数「%s」", "extra argument \"%s\""), argv[i]);
		if (i + 1 >= argc)
			return cli_usage_error(c, "obs", L("%s 缺少参数", "%s needs a value"), argv[i]);
		*slot = argv[++i];
	}
	return 0;
}

/* School names for display, read once per school. */
struct names {
	struct vec ids;   /* owned */
	struct vec names; /* owned, parallel */
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

static void push_bands(struct vec *row, const struct vec *bands)
{
	for (size_t b = 0; b < bands->len; b++)
		vec_push_str(row, bands->items[b]);
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
	push_bands(h, &st->bands);
	vec_push(rows, h);
	for (size_t i = 0; i < st->teachers.len; i++) {
		const struct obs_teacher_stat *t = st->teachers.items[i];
		struct vec *r = cli_row_new();
		if (tsv)
			vec_push_str(r, "teacher");
		vec_push_str(r, tsv ? t->school : school_name(nm, s, t->school));
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
		vec_push_str(r, tsv ? o->school : school_name(nm, s, o->school));
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

static void school_rows(struct vec *rows, const struct obs_stats *st, int tsv)
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
	push_bands(h, &st->bands);
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

static int obs_cmd_stats(struct cli *c, int argc, char **argv)
{
	struct obs_opts o;
	struct obs_stats *st = NULL;
	struct vec rows = VEC_INIT(cli_row_free);
	struct names nm = { VEC_INIT(free), VEC_INIT(free) };
	struct store *s;
	int rc = parse_opts(c, argc, argv, &o, 0, 1, 0);
	if (rc || (rc = cli_store(c, &s)) || (rc = obs_stats(&st, s, o.term, o.school, &c->err)))
		goto cleanup;
	if (!o.tsv) {
		printf(L("学期 %s 听课统计（%s）：共 %zu 次听课\n\n", "observations of term %s (%s): %zu in all\n\n"), st->term,
		       o.school ? school_name(&nm, s, o.school) : L("全部学校", "all schools"), st->total);
		printf("%s\n", L("授课教师被听课情况", "Teachers observed"));
	}
	teacher_rows(&rows, st, &nm, s, o.tsv);
	emit(&rows, o.tsv);
	if (!o.tsv) {
		if (st->due_week > 0)
			printf(L("\n听课任务（第 %ld 周前完成）\n", "\nObservation quotas (due by week %ld)\n"), st->due_week);
		else
			printf("\n%s\n", L("听课任务", "Observation quotas"));
	}
	observer_rows(&rows, st, &nm, s, o.tsv);
	emit(&rows, o.tsv);
	if (!o.tsv)
		printf("\n%s\n", L("各校情况", "Schools"));
	school_rows(&rows, st, o.tsv);
	emit(&rows, o.tsv);
cleanup:
	obs_stats_free(st);
	vec_free(&rows);
	vec_free(&nm.ids);
	vec_free(&nm.names);
	return rc;
}

static int obs_cmd_uncovered(struct cli *c, int argc, char **argv)
{
	struct obs_opts o;
	struct vec ids = VEC_INIT(free), rows = VEC_INIT(cli_row_free);
	struct names nm = { VEC_INIT(free), VEC_INIT(free) };
	struct store *s;
	char term[12];
	int rc = parse_opts(c, argc, argv, &o, 0, 1, 0);
	if (rc || (rc = cli_store(c, &s)))
		goto cleanup;
	if ((rc = obs_uncovered(&ids, s, o.term, o.school, &c->err)) ||
	    (!o.term && (rc = obs_current_term(term, s, &c->err))))
		goto cleanup;
	struct vec *h = cli_row_new();
	vec_push_str(h, o.tsv ? "school" : L("学校", "school"));
	vec_push_str(h, o.tsv ? "id" : L("工号", "id"));
	vec_push_str(h, o.tsv ? "name" : L("姓名", "name"));
	vec_push(&rows, h);
	for (size_t i = 0; i < ids.len; i++) {
		struct record *p = NULL;
		struct vec *r = cli_row_new();
		const char *sc = "", *name = ids.items[i];
		if (roster_person(&p, s, ids.items[i], NULL) == 0) {
			sc = record_get(p, "person", "school") ? record_get(p, "person", "school") : "";
			name = record_get(p, "person", "name") ? record_get(p, "person", "name") : name;
		}
		vec_push_str(r, o.tsv ? sc : school_name(&nm, s, sc));
		vec_push_str(r, ids.items[i]);
		vec_push_str(r, name);
		vec_push(&rows, r);
		record_free(p);
	}
	if (!o.tsv)
		printf(L("学期 %s 尚未被听课的教师（%s）：%zu 人\n\n", "teachers not yet observed in term %s (%s): %zu\n\n"),
		       o.term ? o.term : term, o.school ? school_name(&nm, s, o.school) : L("全部学校", "all schools"), ids.len);
	if (o.tsv || ids.len)
		cli_table(stdout, &rows, o.tsv);
cleanup:
	vec_free(&ids);
	vec_free(&rows);
	vec_free(&nm.ids);
	vec_free(&nm.names);
	return rc;
}

static int obs_cmd_reply(struct cli *c, int argc, char **argv)
{
	struct obs_opts o;
	struct buf path = BUF_INIT, text = BUF_INIT;
	struct store *s;
	struct actor *a;
	int rc = parse_opts(c, argc, argv, &o, 2, 0, 0);
	if (rc)
		goto cleanup;
	if (o.nargs != 2) {
		rc = cli_usage_error(c, "obs", L("obs reply 需要 ID 和回复内容", "obs reply needs ID and TEXT"));
		goto cleanup;
	}
	/* "-" reads a longer reply from standard input, as `add --file -` does. */
	if (strcmp(o.args[1], "-") == 0) {
		if ((rc = editor_read_file(&text, "-", &c->err)))
			goto cleanup;
		while (text.len && text.ptr[text.len - 1] == '\n')
			buf_truncate(&text, text.len - 1);
	} else {
		buf_puts(&text, o.args[1]);
	}
	if ((rc = cli_store(c, &s)) || (rc = store_resolve(&path, s, o.args[0], &c->err)) ||
	    (rc = cli_actor(c, &a)) || (rc = obs_respond(s, a, path.ptr, text.ptr, &c->err)))
		goto cleanup;
	printf(L("已回复听课记录 %s\n", "replied to observation %s\n"), o.args[0]);
cleanup:
	buf_release(&path);
	buf_release(&text);
	return rc;
}

/* obs inbox / obs mine: one person's observations of the term, newest first. */
static int obs_cmd_list(struct cli *c, int argc, char **argv, int inbox)
{
	struct obs_opts o;
	struct vec items = VEC_INIT(obs_item_free), rows = VEC_INIT(cli_row_free);
	const struct field_def *kind = schema_field(schema_type("observation"), "observation", "kind");
	struct store *s;
	struct actor *a;
	int rc = parse_opts(c, argc, argv, &o, 0, 0, 1);
	if (rc || (rc = cli_store(c, &s)))
		goto cleanup;
	const char *who = o.person;
	if (!who) {
		if ((rc = cli_actor(c, &a)))
			goto cleanup;
		if (!a->id) {
			rc = err_set(&c->err, JY_EINVAL,
				     L("无法确定你是谁：请用 --person 工号 指定人员", "cannot tell who you are: name the person with --person ID"));
			goto cleanup;
		}
		who = a->id;
	}
	if ((rc = inbox ? obs_inbox(&items, s, o.term, who, &c->err) : obs_mine(&items, s, o.term, who, &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	static const char *const keys[] = { "id", "date", "kind", "person", "course", "total", "grade", "state" };
	const char *zh[] = { "编号", "日期", "类型", inbox ? "听课人" : "授课教师", "课程", "总分", "等级", "状态" };
	const char *en[] = { "id", "date", "kind", inbox ? "observer" : "teacher", "course", "total", "grade", "state" };
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++)
		vec_push_str(h, o.tsv ? (k == 3 ? (inbox ? "observer" : "teacher") : keys[k]) : L(zh[k], en[k]));
	vec_push(&rows, h);
	for (size_t i = 0; i < items.len; i++) {
		const struct obs_item *it = items.items[i];
		struct vec *r = cli_row_new();
		struct buf label = BUF_INIT;
		vec_push_str(r, it->id);
		vec_push_str(r, it->date);
		if (o.tsv)
			buf_puts(&label, it->kind);
		else
			schema_value_label(&label, kind, it->kind);
		vec_push(r, buf_detach(&label));
		if (o.tsv)
			vec_push_str(r, inbox ? it->observer : it->teacher);
		else
			vec_push_str(r, inbox ? it->observer_name : it->teacher_name);
		vec_push_str(r, it->course);
		vec_push_str(r, it->total);
		vec_push_str(r, it->grade);
		if (o.tsv)
			vec_push_str(r, it->replied ? "replied" : "new");
		else
			vec_push_str(r, it->replied ? L("已回复", "replied") : inbox ? L("新", "new") : L("待回复", "awaiting reply"));
		vec_push(&rows, r);
	}
	cli_table(stdout, &rows, o.tsv);
cleanup:
	vec_free(&items);
	vec_free(&rows);
	return rc;
}

int cmd_obs(struct cli *c, int argc, char **argv)
{
	if (argc < 2)
		return cli_usage_error(c, "obs", L("缺少子命令（stats、uncovered、reply、inbox、mine）",
						   "missing the subcommand (stats, uncovered, reply, inbox, mine)"));
	const char *sub = argv[1];
	if (strcmp(sub, "stats") == 0)
		return obs_cmd_stats(c, argc, argv);
	if (strcmp(sub, "uncovered") == 0)
		return obs_cmd_uncovered(c, argc, argv);
	if (strcmp(sub, "reply") == 0)
		return obs_cmd_reply(c, argc, argv);
	if (strcmp(sub, "inbox") == 0)
		return obs_cmd_list(c, argc, argv, 1);
	if (strcmp(sub, "mine") == 0)
		return obs_cmd_list(c, argc, argv, 0);
	return cli_usage_error(c, "obs", L("没有子命令「%s」（stats、uncovered、reply、inbox、mine）",
					   "no subcommand \"%s\" (stats, uncovered, reply, inbox, mine)"),
			       sub);
}
