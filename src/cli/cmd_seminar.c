/* cmd_seminar: `jiaoyan seminar`, `exchange` and `report ledger` — seminars, teacher exchange and the work ledger on the command line. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/exchange.h"
#include "jiaoyan/id.h"
#include "jiaoyan/ledger.h"
#include "jiaoyan/observation.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/seminar.h"
#include "jiaoyan/text.h"

static int need_actor(struct cli *c, struct store **s, struct actor **a)
{
	int rc = cli_store(c, s);
	return rc ? rc : cli_actor(c, a);
}

static const char *get(const struct record *r, const char *section, const char *key)
{
	const char *v = r ? record_get(r, section, key) : NULL;
	return v ? v : "";
}

/* Sets section.key from a typed option value through the domain's converter; absent options set nothing. */
typedef int (*value_fn)(struct buf *stored, struct store *s, const char *key, const char *input, struct jy_err *err);

static int set_opt(struct record *r, struct store *s, value_fn fn, const char *section, const char *key, const char *input,
		   struct jy_err *err)
{
	struct buf v = BUF_INIT;
	int rc = 0;
	if (input && (rc = fn(&v, s, key, input, err)) == 0 && v.len)
		record_set(r, section, key, v.ptr);
	buf_release(&v);
	return rc;
}

/* Repeatable options joined with commas (each may itself be a list). */
static void joined(struct buf *out, const struct vec *values)
{
	for (size_t i = 0; i < values->len; i++)
		buf_printf(out, "%s%s", i ? "," : "", (const char *)values->items[i]);
}

/* ---- seminar ---- */

int cmd_seminar_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	const struct type_def *t = schema_type("seminar");
	struct record *r = record_new();
	struct buf id = BUF_INIT, list = BUF_INIT;
	struct store *s;
	struct actor *a;
	const struct vec *actions = cli_opt_all(args, "--action");
	int rc = need_actor(c, &s, &a);
	(void)cmd;
	if (rc)
		goto cleanup;
	const char *host = cli_opt(args, "--host") ? cli_opt(args, "--host") : a->school;
	if ((rc = set_opt(r, s, seminar_value, "seminar", "date", cli_opt(args, "--date"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "term", cli_opt(args, "--term"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "title", cli_opt(args, "--title"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "place", cli_opt(args, "--place"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "host", host, &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "specialty", cli_opt(args, "--specialty"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "other_topics", cli_opt(args, "--other-topics"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "minutes", cli_opt(args, "--minutes"), &c->err)) ||
	    (rc = set_opt(r, s, seminar_value, "seminar", "decisions", cli_opt(args, "--decisions"), &c->err)))
		goto cleanup;
	joined(&list, cli_opt_all(args, "--topic"));
	if (list.len && (rc = set_opt(r, s, seminar_value, "seminar", "topics", list.ptr, &c->err)))
		goto cleanup;
	buf_reset(&list);
	joined(&list, cli_opt_all(args, "--attendee"));
	if (list.len && (rc = set_opt(r, s, seminar_value, "seminar", "attendees", list.ptr, &c->err)))
		goto cleanup;
	for (size_t i = 0; i < actions->len; i++)
		if ((rc = seminar_action_add(NULL, r, s, actions->items[i], &c->err)))
			goto cleanup;
	if ((rc = records_add(&id, s, a, t, r, &c->err)) == 0)
		printf("%s\n", id.ptr);
cleanup:
	record_free(r);
	buf_release(&id);
	buf_release(&list);
	return rc;
}

/* The seminar record an operand names: its path into path, the record into *out. */
static int load_seminar(struct record **out, struct buf *path, struct cli *c, struct store *s, const char *spec)
{
	int rc = store_resolve(path, s, spec, &c->err);
	if (rc)
		return rc;
	if (schema_type_of_path(path->ptr) != schema_type("seminar"))
		return err_set(&c->err, JY_EINVAL, L("%s 不是研讨会议记录", "%s is not a seminar"), spec);
	return store_read(out, s, path->ptr, &c->err);
}

static int parse_n(struct cli *c, const char *s, size_t *out)
{
	char *end;
	unsigned long v = s && *s >= '1' && *s <= '9' ? strtoul(s, &end, 10) : 0;
	if (!v || *end || v > 100000)
		return cli_usage_error(c, "seminar action", L("事项序号「%s」应为正整数", "item number \"%s\" must be a positive number"),
				       s ? s : "");
	*out = (size_t)v;
	return 0;
}

int cmd_seminar_action(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	const char *verb = cli_operand(args, 0), *id = cli_operand(args, 1), *arg = cli_operand(args, 2);
	struct store *s;
	struct actor *a;
	size_t n = 0;
	(void)cmd;
	int rc = need_actor(c, &s, &a);
	if (rc)
		return rc;
	if (strcmp(verb, "done") == 0 || strcmp(verb, "reopen") == 0) {
		if ((rc = parse_n(c, arg, &n)))
			return rc;
		int done = strcmp(verb, "done") == 0;
		if ((rc = seminar_tick(s, a, id, n, done, cli_opt(args, "--date"), cli_opt(args, "--evidence"), &c->err)) == 0)
			printf(done ? L("第 %zu 项事项已完成\n", "item %zu done\n") : L("第 %zu 项事项已重新打开\n", "item %zu reopened\n"), n);
		return rc;
	}
	if (strcmp(verb, "add") == 0) {
		struct record *r = NULL;
		struct buf path = BUF_INIT;
		if (!arg)
			return cli_usage_error(c, "seminar action", "%s", L("add 需要 工作内容|责任人|完成时限", "add needs what|owner|due"));
		if ((rc = load_seminar(&r, &path, c, s, id)) == 0 && (rc = seminar_may(s, a, r, 0, SEMINAR_ACT_EDIT, &c->err)) == 0 &&
		    (rc = seminar_action_add(&n, r, s, arg, &c->err)) == 0 &&
		    (rc = records_update(s, a, path.ptr, r, L("增加事项·", "item added: "), &c->err)) == 0)
			printf(L("已增加第 %zu 项事项\n", "item %zu added\n"), n);
		record_free(r);
		buf_release(&path);
		return rc;
	}
	return cli_usage_error(c, "seminar action", L("未知操作「%s」：应为 done、reopen 或 add", "unknown action \"%s\": done, reopen or add"), verb);
}

static void push(struct vec *row, const char *s)
{
	vec_push_str(row, s ? s : "");
}

int cmd_seminar_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct vec rows = VEC_INIT(cli_row_free), items = VEC_INIT(store_item_free), acts = VEC_INIT(seminar_item_free);
	struct store *s;
	char term[12];
	int tsv = cli_tsv(args), rc = cli_store(c, &s);
	(void)cmd;
	if (rc)
		goto cleanup;
	const char *want = cli_opt(args, "--term");
	if (cli_flag(args, "--all"))
		want = NULL;
	else if (!want) {
		if ((rc = obs_current_term(term, s, &c->err)))
			goto cleanup;
		want = term;
	} else if (!id_term_valid(want)) {
		rc = err_set(&c->err, JY_EINVAL, L("学期「%s」无效，应为 YYYY-YYYY-N", "term \"%s\" is invalid (YYYY-YYYY-N)"), want);
		goto cleanup;
	}
	struct store_query q = { .type = "seminar", .term = want };
	if ((rc = store_list(&items, s, &q, NULL, &c->err)) || (rc = seminar_items(&acts, s, want, NULL, NULL, 0, &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	const char *zh[] = { "编号", "日期", "会议名称", "专业", "承办学校", "事项", "未完成", "逾期" };
	const char *en[] = { "id", "date", "title", "specialty", "host", "items", "open", "overdue" };
	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		push(h, tsv ? en[i] : L(zh[i], en[i]));
	vec_push(&rows, h);
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		struct vec *r = cli_row_new();
		struct buf b = BUF_INIT;
		size_t n = 0, open = 0, overdue = 0;
		for (size_t k = 0; k < acts.len; k++) {
			const struct seminar_item *ac = acts.items[k];
			if (strcmp(ac->seminar, it->id) != 0)
				continue;
			n++;
			open += strcmp(ac->state, "open") == 0;
			overdue += ac->overdue;
		}
		push(r, it->id);
		push(r, get(it->rec, "seminar", "date"));
		push(r, get(it->rec, "seminar", "title"));
		if (tsv)
			buf_puts(&b, get(it->rec, "seminar", "specialty"));
		else if (*get(it->rec, "seminar", "specialty"))
			records_name(&b, s, "specialty", get(it->rec, "seminar", "specialty"));
		else
			buf_puts(&b, L("全集团", "group-wide"));
		push(r, b.ptr);
		buf_reset(&b);
		if (tsv)
			buf_puts(&b, get(it->rec, "seminar", "host"));
		else
			records_name(&b, s, "school", get(it->rec, "seminar", "host"));
		push(r, b.ptr);
		vec_push(r, xasprintf("%zu", n));
		vec_push(r, xasprintf("%zu", open));
		vec_push(r, xasprintf("%zu", overdue));
		vec_push(&rows, r);
		buf_release(&b);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&rows);
	vec_free(&items);
	vec_free(&acts);
	return rc;
}

int cmd_seminar_items(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct vec rows = VEC_INIT(cli_row_free), acts = VEC_INIT(seminar_item_free);
	struct buf owner = BUF_INIT, school = BUF_INIT;
	struct store *s;
	int tsv = cli_tsv(args), rc = cli_store(c, &s);
	(void)cmd;
	if (rc)
		goto cleanup;
	if (cli_opt(args, "--owner") && (rc = records_ref(&owner, s, "person", cli_opt(args, "--owner"), &c->err)))
		goto cleanup;
	if (cli_opt(args, "--school") && (rc = records_ref(&school, s, "school", cli_opt(args, "--school"), &c->err)))
		goto cleanup;
	if ((rc = seminar_items(&acts, s, cli_opt(args, "--term"), owner.len ? owner.ptr : NULL, school.len ? school.ptr : NULL,
				cli_flag(args, "--open"), &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	const char *zh[] = { "会议", "序号", "工作内容", "责任人", "完成时限", "完成情况", "实际完成时间" };
	const char *en[] = { "seminar", "n", "what", "owner", "due", "state", "done" };
	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		push(h, tsv ? en[i] : L(zh[i], en[i]));
	vec_push(&rows, h);
	for (size_t i = 0; i < acts.len; i++) {
		const struct seminar_item *it = acts.items[i];
		struct vec *r = cli_row_new();
		push(r, tsv ? it->seminar : it->title);
		vec_push(r, xasprintf("%zu", it->n));
		push(r, it->what);
		push(r, tsv ? it->owner : it->owner_name);
		push(r, it->due);
		if (tsv)
			push(r, it->overdue ? "overdue" : it->state);
		else
			push(r, strcmp(it->state, "done") == 0 ? L("已完成", "done") : it->overdue ? L("逾期未完成", "overdue") : L("未完成", "open"));
		push(r, it->done);
		vec_push(&rows, r);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&rows);
	vec_free(&acts);
	buf_release(&owner);
	buf_release(&school);
	return rc;
}

static void line(const char *label, const char *value)
{
	struct buf b = BUF_INIT;
	if (!value || !*value)
		return;
	text_pad(&b, label, 12, 0);
	buf_printf(&b, "%s\n", value);
	cli_print(stdout, b.ptr);
	buf_release(&b);
}

static void names(struct buf *out, struct store *s, const char *type, const char *ids)
{
	struct vec v = VEC_INIT(free);
	vec_split(&v, ids, ',');
	for (size_t i = 0; i < v.len; i++) {
		if (i)
			buf_puts(out, L("、", ", "));
		records_name(out, s, type, v.items[i]);
	}
	vec_free(&v);
}

int cmd_seminar_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct record *r = NULL;
	struct buf path = BUF_INIT, b = BUF_INIT;
	struct store *s;
	char today[11];
	int rc = cli_store(c, &s);
	(void)cmd;
	if (rc || (rc = load_seminar(&r, &path, c, s, cli_operand(args, 0))))
		goto cleanup;
	id_date(today, id_now());
	line(L("会议名称", "title"), get(r, "seminar", "title"));
	line(L("编号", "id"), get(r, "seminar", "id"));
	buf_printf(&b, "%s（%s）", get(r, "seminar", "date"), get(r, "seminar", "term"));
	line(L("日期", "date"), b.ptr);
	line(L("地点", "place"), get(r, "seminar", "place"));
	buf_reset(&b);
	records_name(&b, s, "school", get(r, "seminar", "host"));
	line(L("承办学校", "host"), b.ptr);
	buf_reset(&b);
	if (*get(r, "seminar", "specialty"))
		records_name(&b, s, "specialty", get(r, "seminar", "specialty"));
	else
		buf_puts(&b, L("全集团", "group-wide"));
	line(L("专业", "specialty"), b.ptr);
	buf_reset(&b);
	seminar_topics_label(&b, r);
	line(L("研讨主题", "topics"), b.ptr);
	buf_reset(&b);
	names(&b, s, "person", get(r, "seminar", "attendees"));
	line(L("参会人员", "attendees"), b.ptr);
	buf_reset(&b);
	names(&b, s, "school", get(r, "seminar", "schools"));
	line(L("参会学校", "schools"), b.ptr);
	buf_reset(&b);
	roster_name(&b, s, get(r, "seminar", "created_by"));
	line(L("登记人", "recorded by"), b.ptr);
	if (*get(r, "seminar", "minutes")) {
		printf("\n%s\n", L("会议纪要", "Minutes"));
		cli_print(stdout, get(r, "seminar", "minutes"));
		putchar('\n');
	}
	if (*get(r, "seminar", "decisions")) {
		printf("\n%s\n", L("会议决定", "Decisions"));
		cli_print(stdout, get(r, "seminar", "decisions"));
		putchar('\n');
	}
	size_t n = seminar_action_count(r);
	printf("\n%s\n", L("事项", "Action items"));
	if (!n)
		printf("%s\n", L("（无）", "(none)"));
	for (size_t k = 1; k <= n; k++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "action.%zu", k);
		const char *state = get(r, sec, "state"), *due = get(r, sec, "due");
		buf_reset(&b);
		buf_printf(&b, "%zu. %s  ", k, get(r, sec, "what"));
		roster_name(&b, s, get(r, sec, "owner"));
		buf_printf(&b, L("  时限 %s  ", "  due %s  "), due);
		if (strcmp(state, "done") == 0)
			buf_printf(&b, L("已完成（%s）", "done (%s)"), get(r, sec, "done"));
		else
			buf_puts(&b, seminar_overdue(state, due, today) ? L("逾期未完成", "OVERDUE") : L("未完成", "open"));
		if (*get(r, sec, "evidence"))
			buf_printf(&b, "\n   %s", get(r, sec, "evidence"));
		buf_putc(&b, '\n');
		cli_print(stdout, b.ptr);
	}
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&b);
	return rc;
}

/* ---- exchange ---- */

int cmd_exchange_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	static const char *const keys[] = { "person", "direction", "from", "to", "specialty", "start", "end", "hours", "outcome" };
	const struct type_def *t = schema_type("exchange");
	struct record *r = record_new();
	struct buf id = BUF_INIT, opt = BUF_INIT, list = BUF_INIT;
	struct store *s;
	struct actor *a;
	int rc = need_actor(c, &s, &a);
	(void)cmd;
	if (rc)
		goto cleanup;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		buf_reset(&opt);
		buf_printf(&opt, "--%s", keys[i]);
		if ((rc = set_opt(r, s, exchange_value, "exchange", keys[i], cli_opt(args, opt.ptr), &c->err)))
			goto cleanup;
	}
	joined(&list, cli_opt_all(args, "--course"));
	if (list.len && (rc = set_opt(r, s, exchange_value, "exchange", "courses", list.ptr, &c->err)))
		goto cleanup;
	if ((rc = records_add(&id, s, a, t, r, &c->err)) == 0)
		printf("%s\n", id.ptr);
cleanup:
	record_free(r);
	buf_release(&id);
	buf_release(&opt);
	buf_release(&list);
	return rc;
}

static int year_opt(struct cli *c, const struct cli_args *args, struct store *s, char year[10])
{
	const char *y = cli_opt(args, "--year");
	char term[12];
	if (y) {
		if (strlen(y) != 9 || y[4] != '-' || atoi(y + 5) != atoi(y) + 1 || atoi(y) < 1900)
			return err_set(&c->err, JY_EINVAL, L("学年「%s」无效，应为 YYYY-YYYY（如 2026-2027）", "school year \"%s\" is invalid (YYYY-YYYY, e.g. 2026-2027)"), y);
		memcpy(year, y, 10);
		return 0;
	}
	int rc = obs_current_term(term, s, &c->err);
	if (rc == 0)
		exchange_year_of(year, term);
	return rc;
}

int cmd_exchange_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	const struct type_def *t = schema_type("exchange");
	struct vec rows = VEC_INIT(cli_row_free), items = VEC_INIT(store_item_free);
	struct buf school = BUF_INIT;
	struct store *s;
	char year[10];
	int tsv = cli_tsv(args), rc = cli_store(c, &s);
	(void)cmd;
	if (rc || (rc = year_opt(c, args, s, year)))
		goto cleanup;
	if (cli_opt(args, "--school") && (rc = records_ref(&school, s, "school", cli_opt(args, "--school"), &c->err)))
		goto cleanup;
	if ((rc = exchange_list(&items, s, cli_flag(args, "--all") ? NULL : year, school.len ? school.ptr : NULL, &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	const char *zh[] = { "编号", "教师", "形式", "派出学校", "接收学校", "专业", "开始", "结束", "学时" };
	const char *en[] = { "id", "person", "direction", "from", "to", "specialty", "start", "end", "hours" };
	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		push(h, tsv ? en[i] : L(zh[i], en[i]));
	vec_push(&rows, h);
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		const struct record *e = it->rec;
		struct vec *r = cli_row_new();
		struct buf b = BUF_INIT;
		push(r, it->id);
		if (tsv) {
			const char *k[] = { "person", "direction", "from", "to", "specialty" };
			for (size_t j = 0; j < 5; j++)
				push(r, get(e, "exchange", k[j]));
		} else {
			roster_name(&b, s, get(e, "exchange", "person"));
			push(r, b.ptr);
			buf_reset(&b);
			schema_value_label(&b, schema_field(t, "exchange", "direction"), get(e, "exchange", "direction"));
			push(r, b.ptr);
			buf_reset(&b);
			records_name(&b, s, "school", get(e, "exchange", "from"));
			push(r, b.ptr);
			buf_reset(&b);
			records_name(&b, s, "school", get(e, "exchange", "to"));
			push(r, b.ptr);
			buf_reset(&b);
			records_name(&b, s, "specialty", get(e, "exchange", "specialty"));
			push(r, b.ptr);
		}
		push(r, get(e, "exchange", "start"));
		push(r, get(e, "exchange", "end"));
		push(r, get(e, "exchange", "hours"));
		vec_push(&rows, r);
		buf_release(&b);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&rows);
	vec_free(&items);
	buf_release(&school);
	return rc;
}

int cmd_exchange_quota(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct vec rows = VEC_INIT(cli_row_free), quotas = VEC_INIT(exchange_quota_free);
	struct store *s;
	char year[10];
	int tsv = cli_tsv(args), rc = cli_store(c, &s);
	(void)cmd;
	if (rc || (rc = year_opt(c, args, s, year)) || (rc = exchange_quotas(&quotas, s, year, &c->err)))
		goto cleanup;
	if (!tsv)
		printf(L("%s 学年牵头学校派出教师（教学指导）\n", "Lead-college teachers sent in %s (teaching guidance)\n"), year);
	struct vec *h = cli_row_new();
	const char *zh[] = { "专业", "已派出", "下限", "上限", "还差", "派出教师" };
	const char *en[] = { "specialty", "sent", "min", "max", "missing", "teachers" };
	for (size_t i = 0; i < sizeof(zh) / sizeof(zh[0]); i++)
		push(h, tsv ? en[i] : L(zh[i], en[i]));
	vec_push(&rows, h);
	for (size_t i = 0; i < quotas.len; i++) {
		const struct exchange_quota *q = quotas.items[i];
		struct vec *r = cli_row_new();
		struct buf b = BUF_INIT;
		push(r, tsv ? q->specialty : q->name);
		vec_push(r, xasprintf("%zu", q->sent));
		vec_push(r, xasprintf("%ld", q->min));
		vec_push(r, xasprintf("%ld", q->max));
		vec_push(r, xasprintf("%zu", q->missing));
		for (size_t k = 0; k < q->teachers.len; k++) {
			if (k)
				buf_puts(&b, tsv ? "," : L("、", ", "));
			if (tsv)
				buf_puts(&b, q->teachers.items[k]);
			else
				roster_name(&b, s, q->teachers.items[k]);
		}
		push(r, b.ptr);
		vec_push(&rows, r);
		buf_release(&b);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&rows);
	vec_free(&quotas);
	return rc;
}

int cmd_exchange_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	const struct type_def *t = schema_type("exchange");
	struct record *r = NULL;
	struct buf path = BUF_INIT, b = BUF_INIT;
	struct store *s;
	int rc = cli_store(c, &s);
	(void)cmd;
	if (rc || (rc = store_resolve(&path, s, cli_operand(args, 0), &c->err)))
		goto cleanup;
	if (schema_type_of_path(path.ptr) != t) {
		rc = err_set(&c->err, JY_EINVAL, L("%s 不是师资互派记录", "%s is not an exchange"), cli_operand(args, 0));
		goto cleanup;
	}
	if ((rc = store_read(&r, s, path.ptr, &c->err)))
		goto cleanup;
	line(L("编号", "id"), get(r, "exchange", "id"));
	roster_name(&b, s, get(r, "exchange", "person"));
	line(L("教师", "teacher"), b.ptr);
	buf_reset(&b);
	schema_value_label(&b, schema_field(t, "exchange", "direction"), get(r, "exchange", "direction"));
	line(L("互派形式", "direction"), b.ptr);
	buf_reset(&b);
	records_name(&b, s, "school", get(r, "exchange", "from"));
	buf_puts(&b, " → ");
	records_name(&b, s, "school", get(r, "exchange", "to"));
	line(L("派出→接收", "from → to"), b.ptr);
	buf_reset(&b);
	records_name(&b, s, "specialty", get(r, "exchange", "specialty"));
	line(L("专业", "specialty"), b.ptr);
	buf_reset(&b);
	buf_printf(&b, L("%s 至 %s（%s 学年）", "%s to %s (%s)"), get(r, "exchange", "start"), get(r, "exchange", "end"),
		   get(r, "exchange", "year"));
	line(L("起止日期", "dates"), b.ptr);
	buf_reset(&b);
	schema_value_label(&b, schema_field(t, "exchange", "courses"), get(r, "exchange", "courses"));
	line(L("课程", "courses"), b.ptr);
	line(L("学时", "hours"), get(r, "exchange", "hours"));
	line(L("成效", "outcome"), get(r, "exchange", "outcome"));
	buf_reset(&b);
	roster_name(&b, s, get(r, "exchange", "created_by"));
	line(L("登记人", "recorded by"), b.ptr);
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&b);
	return rc;
}

/* ---- report ledger ---- */

static void ledger_table_rows(struct vec *rows, const struct ledger *l, int tsv)
{
	for (size_t s = 0; s < l->sections.len; s++) {
		const struct ledger_section *sec = l->sections.items[s];
		for (size_t k = 0; k < sec->tables.len; k++) {
			const struct ledger_table *t = sec->tables.items[k];
			struct vec *h = cli_row_new();
			if (tsv) {
				push(h, "section");
				push(h, "table");
			}
			for (size_t col = 0; col < t->columns.len; col++)
				push(h, t->columns.items[col]);
			vec_push(rows, h);
			for (size_t r = 0; r < t->rows.len; r++) {
				const struct ledger_row *lr = t->rows.items[r];
				struct vec *row = cli_row_new();
				if (tsv) {
					push(row, sec->key);
					vec_push(row, xasprintf("%zu", k + 1));
				}
				for (size_t col = 0; col < t->columns.len; col++) {
					const struct ledger_cell *ce = &lr->cells[col];
					if (tsv && ce->kind != LEDGER_TEXT)
						vec_push(row, isfinite(ce->value) ? xasprintf("%g", ce->value) : xstrdup(""));
					else
						push(row, ce->text);
				}
				vec_push(rows, row);
			}
			if (!tsv) {
				struct buf title = BUF_INIT;
				ledger_section_title(&title, l, s);
				printf("\n%s · %s\n", title.ptr, t->title);
				buf_release(&title);
				if (!t->rows.len)
					printf("%s\n", t->empty);
				else
					cli_table(stdout, rows, 0);
			} else {
				cli_table(stdout, rows, 1);
			}
			vec_clear(rows);
		}
	}
}

int cmd_report_ledger(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct ledger *l = NULL;
	struct viewer *v = NULL;
	struct vec rows = VEC_INIT(cli_row_free);
	struct buf school = BUF_INIT, out = BUF_INIT;
	struct store *s;
	struct actor *a;
	const char *file = cli_operand(args, 0) ? cli_operand(args, 0) : "-";
	const char *format = cli_opt(args, "--format");
	(void)cmd;
	int rc = need_actor(c, &s, &a);
	if (rc)
		goto cleanup;
	/* Without --format the file name says it; standard output gets the table. */
	if (!format) {
		size_t n = strlen(file);
		format = n > 5 && strcmp(file + n - 5, ".xlsx") == 0 ? "xlsx"
			 : n > 5 && strcmp(file + n - 5, ".html") == 0 ? "html"
			 : n > 4 && strcmp(file + n - 4, ".csv") == 0 ? "csv" : "table";
	}
	if ((strcmp(format, "table") == 0 || strcmp(format, "tsv") == 0) && strcmp(file, "-") != 0) {
		rc = cli_usage_error(c, "report ledger", L("%s 只输出到标准输出；写文件请用 --format csv、html 或 xlsx（或以 .csv .html .xlsx 结尾的文件名）",
							  "%s goes to standard output; for a file use --format csv, html or xlsx (or a name ending in .csv .html .xlsx)"),
				     format);
		goto cleanup;
	}
	if (strcmp(format, "xlsx") == 0 && strcmp(file, "-") == 0 && isatty(STDOUT_FILENO)) {
		rc = cli_usage_error(c, "report ledger", "%s",
				     L("XLSX 是二进制文件，不能输出到终端：给出文件名，或重定向到文件（> 台账.xlsx）",
				       "XLSX is binary: name a file, or redirect standard output (> ledger.xlsx)"));
		goto cleanup;
	}
	if (cli_opt(args, "--school") && (rc = records_ref(&school, s, "school", cli_opt(args, "--school"), &c->err)))
		goto cleanup;
	if ((rc = viewer_new(&v, s, a, &c->err)) ||
	    (rc = ledger_build(&l, s, a, v, cli_opt(args, "--term"), school.len ? school.ptr : NULL, &c->err)))
		goto cleanup;
	if (strcmp(format, "table") == 0 || strcmp(format, "tsv") == 0) {
		int tsv = strcmp(format, "tsv") == 0;
		if (!tsv) {
			printf("%s\n", l->title);
			for (size_t i = 0; i < LEDGER_HEADER; i++) {
				struct buf b = BUF_INIT;
				text_pad(&b, l->header[i].label, 10, 0);
				buf_printf(&b, "%s\n", l->header[i].value);
				cli_print(stdout, b.ptr);
				buf_release(&b);
			}
		}
		ledger_table_rows(&rows, l, tsv);
		goto cleanup;
	}
	if (strcmp(format, "html") == 0)
		rc = ledger_html(&out, l, &c->err);
	else if (strcmp(format, "xlsx") == 0)
		rc = ledger_xlsx(&out, l, 0, &c->err);
	else
		ledger_csv(&out, l);
	if (rc == 0)
		rc = cli_write_output(file, out.ptr, out.len, &c->err);
cleanup:
	ledger_free(l);
	viewer_free(v);
	vec_free(&rows);
	buf_release(&school);
	buf_release(&out);
	return rc;
}
