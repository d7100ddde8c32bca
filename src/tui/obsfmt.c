/* obsfmt: how an observation reads on screen — its list row and its detail (scores against its rubric version, texts, history). */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

#define LABEL_W 10

static const char *get(const struct record *r, const char *sec, const char *key)
{
	const char *v = record_get(r, sec, key);
	return v ? v : "";
}

static void add_label(struct buf *out, const struct type_def *ty, const char *sec, const char *key, const char *v)
{
	schema_value_label(out, ty ? schema_field(ty, sec, key) : NULL, v);
}

int obs_awaits_reply(const struct tui *t, const struct record *r)
{
	const char *teacher = record_get(r, "observation", "teacher");
	const char *reply = record_get(r, "response", "text");
	return t->actor && t->actor->id && teacher && strcmp(teacher, t->actor->id) == 0 && !(reply && *reply);
}

void obsfmt_row(struct list_row *row, struct tui *t, const struct record *r)
{
	const struct type_def *ty = schema_type("observation");
	struct buf kind = BUF_INIT;
	add_label(&kind, ty, "observation", "kind", get(r, "observation", "kind"));
	list_cell(row, get(r, "observation", "date"));
	list_cell(row, kind.ptr);
	list_cell(row, tui_person_name(t, record_get(r, "observation", "observer")));
	list_cell(row, tui_person_name(t, record_get(r, "observation", "teacher")));
	list_cell(row, get(r, "observation", "course"));
	list_cell(row, get(r, "observation", "total"));
	list_cell(row, get(r, "observation", "grade"));
	buf_release(&kind);
}

/* "  标签      value" — the label padded by display width so every value starts in one column. */
static void field_line(struct list *out, const char *label, const char *value)
{
	struct buf line = BUF_INIT;
	buf_puts(&line, "  ");
	text_pad(&line, label, LABEL_W, 0);
	buf_putc(&line, ' ');
	buf_puts(&line, value);
	list_line(out, TA_NORMAL, line.ptr);
	buf_release(&line);
}

static void text_block(struct list *out, const char *title, const char *text, int width, const char *empty)
{
	struct vec lines = VEC_INIT(free);
	list_line(out, TA_HEADER, title);
	if (!text || !*text) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "  %s", empty);
		list_line(out, TA_DIM, b.ptr);
		buf_release(&b);
		return;
	}
	tui_wrap(&lines, text, width - 4);
	for (size_t i = 0; i < lines.len; i++) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "  %s", (const char *)lines.items[i]);
		list_line(out, TA_NORMAL, b.ptr);
		buf_release(&b);
	}
	vec_free(&lines);
}

static void person_value(struct buf *b, struct tui *t, const char *id)
{
	if (!id || !*id)
		return;
	buf_printf(b, "%s（%s）", tui_person_name(t, id), id);
	if (t->actor && t->actor->id && strcmp(t->actor->id, id) == 0)
		buf_puts(b, L(" · 我", " · me"));
}

static void scores(struct list *out, struct tui *t, const struct record *r)
{
	struct jy_err err = JY_ERR_INIT;
	const char *rid = record_get(r, "observation", "rubric");
	long ver = atol(get(r, "observation", "rubric_version"));
	const struct record *rub = rid ? tui_rubric(t, rid, ver, &err) : NULL;
	struct buf b = BUF_INIT;
	if (!rub) {
		buf_printf(&b, "%s", L("评分", "Scores"));
		list_line(out, TA_HEADER, b.ptr);
		buf_reset(&b);
		buf_printf(&b, "  %s", rid ? err.msg : L("（没有评价量表）", "(no rubric)"));
		list_line(out, TA_ERROR, b.ptr);
		buf_release(&b);
		return;
	}
	/* The version the record was scored with: a later rubric never re-scores it. */
	buf_printf(&b, L("评分 · %s · 第 %s 版", "Scores · %s · version %s"), get(rub, "rubric", "name"),
		   get(rub, "rubric", "version"));
	list_line(out, TA_HEADER, b.ptr);
	buf_reset(&b);
	buf_puts(&b, "  ");
	text_pad(&b, L("指标", "indicator"), 16, 0);
	text_pad(&b, L("得分", "score"), 6, 1);
	text_pad(&b, L("满分", "max"), 6, 1);
	text_pad(&b, L("权重", "weight"), 7, 1);
	list_line(out, TA_DIM, b.ptr);
	size_t n = rubric_indicator_count(rub);
	for (size_t i = 0; i < n; i++) {
		struct rubric_indicator ind;
		char num[32];
		if (rubric_indicator(rub, i, &ind) != 0)
			continue;
		const char *sc = record_get(r, "score", ind.id);
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, ind.name, 16, 0);
		text_pad(&b, sc && *sc ? sc : "—", 6, 1);
		snprintf(num, sizeof(num), "%ld", ind.max);
		text_pad(&b, num, 6, 1);
		rubric_format_total(num, ind.weight);
		text_pad(&b, num, 7, 1);
		list_line(out, TA_NORMAL, b.ptr);
	}
	/* Keys the rubric does not know are shown, not hidden. */
	long si = record_section_index(r, "score");
	for (size_t j = 0; si >= 0 && j < record_key_count(r, (size_t)si); j++) {
		const char *key = record_key(r, (size_t)si, j);
		int known = 0;
		for (size_t i = 0; i < n && !known; i++) {
			struct rubric_indicator ind;
			known = rubric_indicator(rub, i, &ind) == 0 && strcmp(ind.id, key) == 0;
		}
		if (!known) {
			buf_reset(&b);
			buf_printf(&b, L("  score.%s = %s（量表中没有这一指标）", "  score.%s = %s (not in the rubric)"), key,
				   record_value(r, (size_t)si, j));
			list_line(out, TA_ERROR, b.ptr);
		}
	}
	buf_reset(&b);
	const char *total = get(r, "observation", "total");
	if (*total)
		buf_printf(&b, L("%s 分 · 等级 %s", "%s · grade %s"), total, get(r, "observation", "grade"));
	else
		buf_puts(&b, L("（未评分）", "(not scored)"));
	field_line(out, L("总分", "total"), b.ptr);
	buf_release(&b);
}

static void history(struct list *out, struct tui *t, const char *path)
{
	struct vec commits = VEC_INIT(store_commit_free);
	struct jy_err err = JY_ERR_INIT;
	list_line(out, TA_HEADER, L("修改历史", "History"));
	if (store_history(&commits, t->store, path, &err) != 0) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "  %s", err.msg);
		list_line(out, TA_ERROR, b.ptr);
		buf_release(&b);
		return;
	}
	for (size_t i = 0; i < commits.len; i++) {
		const struct store_commit *c = commits.items[i];
		char when[17];
		struct buf b = BUF_INIT;
		const char *msg = c->message ? c->message : "";
		size_t mlen = strcspn(msg, "\n");
		id_datetime(when, c->when);
		buf_printf(&b, "  %s  ", when);
		/* Author and message come from git, maybe from another campus: drawn sanitised like any record text. */
		text_pad(&b, c->author ? c->author : "", 8, 0);
		buf_puts(&b, "  ");
		buf_add(&b, msg, mlen);
		list_line(out, TA_NORMAL, b.ptr);
		buf_release(&b);
	}
	if (!commits.len)
		list_line(out, TA_DIM, L("  （没有记录）", "  (none)"));
	vec_free(&commits);
}

void obsfmt_detail(struct list *out, struct tui *t, const char *path, const struct record *r, int width,
		   int with_history)
{
	const struct type_def *ty = schema_type("observation");
	struct buf b = BUF_INIT;
	buf_printf(&b, L("听课记录 %s", "Observation %s"), get(r, "observation", "id"));
	if (obs_awaits_reply(t, r))
		buf_puts(&b, L("   【新】对我的课的听课记录，按 R 回复", "   [new] about my lesson — R to reply"));
	list_line(out, obs_awaits_reply(t, r) ? TA_MARK : TA_HEADER, b.ptr);

	buf_reset(&b);
	buf_puts(&b, get(r, "observation", "date"));
	if (*get(r, "observation", "period"))
		buf_printf(&b, " · %s %s", L("节次", "period"), get(r, "observation", "period"));
	buf_printf(&b, L(" · %s 学期", " · term %s"), get(r, "observation", "term"));
	field_line(out, L("日期", "date"), b.ptr);

	buf_reset(&b);
	add_label(&b, ty, "observation", "kind", get(r, "observation", "kind"));
	if (*get(r, "observation", "announced")) {
		buf_puts(&b, " · ");
		add_label(&b, ty, "observation", "announced", get(r, "observation", "announced"));
	}
	field_line(out, L("类型", "kind"), b.ptr);
	field_line(out, L("学校", "school"), tui_school_name(t, record_get(r, "observation", "school")));

	buf_reset(&b);
	person_value(&b, t, record_get(r, "observation", "observer"));
	field_line(out, L("听课人", "observer"), b.ptr);
	buf_reset(&b);
	person_value(&b, t, record_get(r, "observation", "teacher"));
	field_line(out, L("授课教师", "teacher"), b.ptr);
	field_line(out, L("课程", "course"), get(r, "observation", "course"));

	buf_reset(&b);
	buf_puts(&b, get(r, "observation", "class"));
	if (*get(r, "observation", "room"))
		buf_printf(&b, "%s%s %s", b.len ? " · " : "", L("教室", "room"), get(r, "observation", "room"));
	if (b.len)
		field_line(out, L("班级", "class"), b.ptr);
	buf_reset(&b);
	if (*get(r, "observation", "students"))
		buf_printf(&b, L("实到 %s", "%s present"), get(r, "observation", "students"));
	if (*get(r, "observation", "late"))
		buf_printf(&b, L("%s迟到 %s", "%s%s late"), b.len ? " · " : "", get(r, "observation", "late"));
	if (b.len)
		field_line(out, L("学生", "students"), b.ptr);
	buf_release(&b);

	scores(out, t, r);
	text_block(out, L("主要优点", "Strengths"), record_get(r, "text", "strengths"), width, L("（未填写）", "(empty)"));
	text_block(out, L("存在问题", "Problems"), record_get(r, "text", "problems"), width, L("（未填写）", "(empty)"));
	text_block(out, L("改进建议", "Suggestions"), record_get(r, "text", "suggestions"), width, L("（未填写）", "(empty)"));

	struct buf title = BUF_INIT;
	buf_puts(&title, L("授课教师回复", "Teacher's reply"));
	if (record_get(r, "response", "at"))
		buf_printf(&title, "  %s", record_get(r, "response", "at"));
	text_block(out, title.ptr, record_get(r, "response", "text"), width,
		   obs_awaits_reply(t, r) ? L("（尚未回复：按 R 回复）", "(no reply yet: R to reply)") : L("（尚未回复）", "(no reply yet)"));
	buf_release(&title);
	if (with_history)
		history(out, t, path);
}
