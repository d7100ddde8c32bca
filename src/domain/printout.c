/* printout: the 听课记录表 and the 授课计划备案表 as printable HTML pages (html.h: escaped, self-contained, A4). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/html.h"
#include "jiaoyan/plan.h"
#include "jiaoyan/printout.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/rules.h"

/* Paper forms are the group's, in Chinese: labels print in Chinese whatever the message language. */
static const char *get(const struct record *r, const char *sec, const char *key)
{
	const char *v = record_get(r, sec, key);
	return v ? v : "";
}

static void label_zh(struct buf *out, const struct field_def *f, const char *v)
{
	/* schema_value_label follows the message language; the paper form is always Chinese. */
	const char *p = f ? f->values : NULL, *l = f ? f->values_zh : NULL;
	size_t n = strlen(v);
	while (p && l && *p) {
		size_t a = strcspn(p, "|"), b = strcspn(l, "|");
		if (a == n && strncmp(p, v, n) == 0) {
			buf_add(out, l, b);
			return;
		}
		p += a + (p[a] == '|');
		l += b + (l[b] == '|');
	}
	buf_puts(out, v);
}

static void group_name(struct buf *out, struct store *s)
{
	struct record *g = NULL;
	if (store_read(&g, s, "group.ini", NULL) == 0 && record_get(g, "group", "name"))
		buf_puts(out, record_get(g, "group", "name"));
	record_free(g);
}

/* "温若谷（副高级，双师型）" — what a filing's reviewer wants to see of a teacher. */
static void teacher_line(struct buf *out, struct store *s, const char *id, int with_title)
{
	struct record *p = NULL;
	if (!id || !*id)
		return;
	if (roster_person(&p, s, id, NULL) != 0) {
		buf_puts(out, id);
		return;
	}
	buf_puts(out, get(p, "person", "name"));
	if (with_title) {
		const struct type_def *t = schema_type("person");
		struct buf extra = BUF_INIT;
		if (*get(p, "person", "title"))
			label_zh(&extra, schema_field(t, "person", "title"), get(p, "person", "title"));
		if (strcmp(get(p, "person", "dual_qualified"), "yes") == 0)
			buf_printf(&extra, "%s双师型", extra.len ? "，" : "");
		if (extra.len)
			buf_printf(out, "（%s）", extra.ptr);
		buf_release(&extra);
	}
	record_free(p);
}

static void text_section(struct buf *out, const char *title, const char *text)
{
	html_heading(out, 2, title);
	html_para(out, NULL, text && *text ? text : "（未填写）");
}

/* ---- 听课记录表 ---- */

static void rubric_table(struct buf *out, const struct record *obs, const struct record *rub)
{
	struct html_table tb;
	struct buf cell = BUF_INIT;
	html_table_begin(&tb, out, NULL);
	html_table_head(&tb);
	html_table_row(&tb);
	html_cell(&tb, "评价指标", HTML_TH);
	html_cell(&tb, "评价要点", HTML_TH);
	html_cell(&tb, "权重", HTML_TH | HTML_NUM);
	html_cell(&tb, "满分", HTML_TH | HTML_NUM);
	html_cell(&tb, "得分", HTML_TH | HTML_NUM);
	html_table_body(&tb);
	size_t n = rubric_indicator_count(rub);
	for (size_t i = 0; i < n; i++) {
		struct rubric_indicator ind;
		char num[24];
		if (rubric_indicator(rub, i, &ind) != 0)
			continue;
		html_table_row(&tb);
		html_cell(&tb, ind.name, 0);
		/* The description of the indicator as the rubric numbers it ([indicator.N] in order). */
		const char *desc = NULL;
		for (size_t k = 0; k < record_section_count(rub) && !desc; k++) {
			const char *s = record_section(rub, k);
			if (strncmp(s, "indicator.", 10) == 0 && strcmp(get(rub, s, "id"), ind.id) == 0)
				desc = record_get(rub, s, "description");
		}
		html_cell(&tb, desc, 0);
		rubric_format_total(num, ind.weight);
		html_cell(&tb, num, HTML_NUM);
		snprintf(num, sizeof(num), "%ld", ind.max);
		html_cell(&tb, num, HTML_NUM);
		html_cell(&tb, record_get(obs, "score", ind.id), HTML_NUM);
	}
	html_table_row(&tb);
	html_cell_span(&tb, "总分（按权重折算）", HTML_TH, 4);
	html_cell(&tb, record_get(obs, "observation", "total"), HTML_NUM);
	html_table_row(&tb);
	html_cell_span(&tb, "等级", HTML_TH, 4);
	html_cell(&tb, record_get(obs, "observation", "grade"), HTML_CENTER);
	html_table_end(&tb);
	/* The bands, so the grade can be read against them on paper. */
	buf_puts(&cell, "等级划分：");
	int first = 1;
	for (size_t k = 0; k < record_section_count(rub); k++) {
		const char *s = record_section(rub, k);
		if (strncmp(s, "band.", 5) != 0)
			continue;
		buf_printf(&cell, "%s%s ≥ %s 分", first ? "" : "，", get(rub, s, "name"), get(rub, s, "min"));
		first = 0;
	}
	buf_printf(&cell, "。评价量表：%s（第 %s 版）", get(rub, "rubric", "name"), get(rub, "rubric", "version"));
	html_para(out, "small", cell.ptr);
	buf_release(&cell);
}

int printout_observation(struct buf *out, struct store *s, const char *path, struct jy_err *err)
{
	const struct type_def *t = schema_type("observation");
	struct record *r = NULL, *rub = NULL;
	struct buf title = BUF_INIT, v[12];
	int rc = store_read(&r, s, path, err);
	if (rc)
		return rc;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		buf_init(&v[i]);
	group_name(&title, s);
	html_begin(out, "听课记录表", NULL);
	if (title.len)
		html_para(out, "center small", title.ptr);
	html_heading(out, 1, "听课记录表");
	label_zh(&v[0], schema_field(t, "observation", "kind"), get(r, "observation", "kind"));
	if (*get(r, "observation", "announced")) {
		buf_puts(&v[0], " · ");
		label_zh(&v[0], schema_field(t, "observation", "announced"), get(r, "observation", "announced"));
	}
	buf_printf(&v[1], "%s", get(r, "observation", "date"));
	if (*get(r, "observation", "period"))
		buf_printf(&v[1], " %s", get(r, "observation", "period"));
	records_name(&v[2], s, "school", get(r, "observation", "school"));
	teacher_line(&v[3], s, get(r, "observation", "observer"), 0);
	teacher_line(&v[4], s, get(r, "observation", "teacher"), 1);
	if (*get(r, "observation", "students"))
		buf_printf(&v[5], "实到 %s 人", get(r, "observation", "students"));
	if (*get(r, "observation", "late"))
		buf_printf(&v[5], "%s迟到 %s 人", v[5].len ? "，" : "", get(r, "observation", "late"));
	const struct html_pair pairs[] = {
		{ "学期", get(r, "observation", "term") },     { "听课日期", v[1].ptr },
		{ "听课类型", v[0].ptr },                      { "学校", v[2].ptr },
		{ "授课教师", v[4].ptr },                      { "课程", get(r, "observation", "course") },
		{ "班级", get(r, "observation", "class") },    { "教室", get(r, "observation", "room") },
		{ "学生", v[5].ptr },                          { "听课人", v[3].ptr },
		{ "编号", get(r, "observation", "id") },
	};
	html_dl(out, pairs, sizeof(pairs) / sizeof(pairs[0]));
	html_heading(out, 2, "课堂教学评价");
	const char *rid = record_get(r, "observation", "rubric");
	if (rid && rubric_load(&rub, s, rid, atol(get(r, "observation", "rubric_version")), NULL) == 0)
		rubric_table(out, r, rub);
	else
		html_para(out, NULL, "（没有评价量表，未评分）");
	text_section(out, "主要优点", record_get(r, "text", "strengths"));
	text_section(out, "存在问题", record_get(r, "text", "problems"));
	text_section(out, "改进建议", record_get(r, "text", "suggestions"));
	html_heading(out, 2, "授课教师回复");
	html_para(out, NULL, *get(r, "response", "text") ? get(r, "response", "text") : "（尚未回复）");
	if (*get(r, "response", "at"))
		html_para(out, "small", get(r, "response", "at"));
	const struct html_pair sign[] = {
		{ "听课人签名：", NULL }, { "日期：", NULL }, { "授课教师签名：", NULL }, { "日期：", NULL },
	};
	html_fields(out, "sign", sign, 2);
	html_fields(out, "sign", sign + 2, 2);
	html_end(out);
	record_free(r);
	record_free(rub);
	buf_release(&title);
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++)
		buf_release(&v[i]);
	return 0;
}

/* ---- 授课计划备案表 ---- */

static const char *const course_keys[] = { "name", "category", "hours", "theory", "practice", "credits", "weeks", "teacher", "elective", "note" };
static const char *const course_heads[] = { "课程名称", "课程类别", "总学时", "理论", "实践", "学分", "周数", "任课教师", "选修", "备注" };
#define NCOURSE (sizeof(course_keys) / sizeof(course_keys[0]))

static void course_table(struct buf *out, struct store *s, const struct record *p, const struct vec *findings)
{
	const struct type_def *t = schema_type("plan");
	struct html_table tb;
	long sum[3] = { 0, 0, 0 };
	html_table_begin(&tb, out, NULL);
	html_table_head(&tb);
	html_table_row(&tb);
	html_cell(&tb, "序号", HTML_TH | HTML_NUM);
	for (size_t k = 0; k < NCOURSE; k++)
		html_cell(&tb, course_heads[k], HTML_TH | (k >= 2 && k <= 6 ? HTML_NUM : 0));
	html_cell(&tb, "检查", HTML_TH);
	html_table_body(&tb);
	for (size_t i = 0; i < record_section_count(p); i++) {
		const char *sec = record_section(p, i);
		if (strncmp(sec, "course.", 7) != 0)
			continue;
		size_t n = (size_t)atol(sec + 7);
		char num[24];
		html_table_row(&tb);
		snprintf(num, sizeof(num), "%zu", n);
		html_cell(&tb, num, HTML_NUM);
		for (size_t k = 0; k < NCOURSE; k++) {
			const char *v = get(p, sec, course_keys[k]);
			struct buf cell = BUF_INIT;
			if (strcmp(course_keys[k], "teacher") == 0)
				teacher_line(&cell, s, v, 1);
			else if (*v)
				label_zh(&cell, schema_field(t, sec, course_keys[k]), v);
			html_cell(&tb, cell.ptr, k >= 2 && k <= 6 ? HTML_NUM : 0);
			buf_release(&cell);
		}
		for (int k = 0; k < 3; k++)
			sum[k] += atol(get(p, sec, course_keys[2 + k]));
		struct buf marks = BUF_INIT;
		for (size_t f = 0; f < findings->len; f++) {
			const struct rules_finding *fd = findings->items[f];
			if (fd->row == n)
				buf_printf(&marks, "%s%s：%s", marks.len ? "\n" : "", fd->severity == RULES_ERROR ? "错误" : fd->severity == RULES_WARNING ? "警告" : "提示",
					   fd->message);
		}
		html_cell(&tb, marks.ptr, 0);
		buf_release(&marks);
	}
	html_table_row(&tb);
	html_cell_span(&tb, "合计", HTML_TH, 3);
	for (int k = 0; k < 3; k++) {
		char num[24];
		snprintf(num, sizeof(num), "%ld", sum[k]);
		html_cell(&tb, num, HTML_NUM);
	}
	html_cell_span(&tb, NULL, 0, 6);
	html_table_end(&tb);
	if (sum[0]) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "实践学时占总学时 ");
		html_num(&b, 100.0 * (double)sum[2] / (double)sum[0], 1, NULL);
		buf_puts(&b, "%。");
		html_para(out, "small", b.ptr);
		buf_release(&b);
	}
}

static void findings_section(struct buf *out, const struct vec *findings)
{
	html_heading(out, 2, "合规检查");
	if (!findings->len) {
		html_para(out, NULL, "没有发现问题。");
		return;
	}
	struct html_table tb;
	html_table_begin(&tb, out, NULL);
	html_table_head(&tb);
	html_table_row(&tb);
	html_cell(&tb, "严重程度", HTML_TH);
	html_cell(&tb, "行", HTML_TH | HTML_NUM);
	html_cell(&tb, "问题", HTML_TH);
	html_cell(&tb, "依据", HTML_TH);
	html_table_body(&tb);
	/* Errors first, as `plan check` prints them. */
	for (int sev = RULES_ERROR; sev <= RULES_INFO; sev++)
		for (size_t i = 0; i < findings->len; i++) {
			const struct rules_finding *fd = findings->items[i];
			char num[24] = "";
			if (fd->severity != sev)
				continue;
			if (fd->row)
				snprintf(num, sizeof(num), "%zu", fd->row);
			html_table_row(&tb);
			html_cell(&tb, sev == RULES_ERROR ? "错误" : sev == RULES_WARNING ? "警告" : "提示", HTML_CENTER);
			html_cell(&tb, num, HTML_NUM);
			html_cell(&tb, fd->message, 0);
			html_cell(&tb, fd->clause, 0);
		}
	html_table_end(&tb);
}

static void reviews_section(struct buf *out, struct store *s, const struct record *p, const struct plan_diff *diff)
{
	const struct type_def *t = schema_type("plan");
	int any = 0;
	html_heading(out, 2, "审核记录");
	for (size_t i = 0; i < record_section_count(p); i++) {
		const char *sec = record_section(p, i);
		if (strncmp(sec, "review.", 7) != 0)
			continue;
		struct buf b = BUF_INIT;
		any = 1;
		buf_printf(&b, "第 %s 轮  %s  ", sec + 7, get(p, sec, "at"));
		roster_name(&b, s, get(p, sec, "reviewer"));
		buf_printf(&b, "  审核第 %s 版：", get(p, sec, "revision"));
		label_zh(&b, schema_field(t, sec, "verdict"), get(p, sec, "verdict"));
		html_heading(out, 3, b.ptr);
		if (*get(p, sec, "comment"))
			html_para(out, NULL, get(p, sec, "comment"));
		long at = record_section_index(p, sec);
		for (size_t j = 0; at >= 0 && j < record_key_count(p, (size_t)at); j++) {
			const char *k = record_key(p, (size_t)at, j);
			if (strncmp(k, "row.", 4) != 0)
				continue;
			buf_reset(&b);
			buf_printf(&b, "第 %s 行：%s", k + 4, record_value(p, (size_t)at, j));
			for (size_t r = 0; diff && (size_t)atol(sec + 7) == diff->round && r < diff->rows.len; r++) {
				const struct plan_row_diff *rd = diff->rows.items[r];
				if (rd->was == (size_t)atol(k + 4) && rd->answer)
					buf_printf(&b, "\n学校答复：%s", rd->answer);
			}
			html_para(out, NULL, b.ptr);
		}
		buf_release(&b);
	}
	if (!any)
		html_para(out, NULL, "（尚未审核）");
}

int printout_plan(struct buf *out, struct store *s, const char *id, struct jy_err *err)
{
	const struct type_def *t = schema_type("plan");
	struct record *p = NULL;
	struct vec findings = VEC_INIT(rules_finding_free);
	struct plan_diff *diff = NULL;
	struct buf title = BUF_INIT, school = BUF_INIT, spec = BUF_INIT, state = BUF_INIT, sub = BUF_INIT;
	int rc = plan_load(&p, NULL, s, id, err);
	if (rc)
		return rc;
	/* The paper still prints when the rule set or the history cannot be read: without those parts. */
	rules_check_plan(&findings, s, p, NULL);
	if (plan_diff(&diff, s, id, NULL) != 0)
		diff = NULL;
	group_name(&title, s);
	records_name(&school, s, "school", get(p, "plan", "school"));
	records_name(&spec, s, "specialty", get(p, "plan", "specialty"));
	label_zh(&state, schema_field(t, "plan", "state"), get(p, "plan", "state"));
	buf_printf(&state, "（第 %s 版）", get(p, "plan", "revision"));
	if (*get(p, "plan", "submitted_at")) {
		buf_printf(&sub, "%s ", get(p, "plan", "submitted_at"));
		roster_name(&sub, s, get(p, "plan", "submitted_by"));
		if (strcmp(get(p, "plan", "despite_errors"), "yes") == 0)
			buf_puts(&sub, "（带错误提交）");
	}
	html_begin(out, "授课计划备案表", "@page { size: A4 landscape; }\n@media screen { body { max-width: 267mm; } }");
	if (title.len)
		html_para(out, "center small", title.ptr);
	html_heading(out, 1, "授课计划备案表");
	const struct html_pair pairs[] = {
		{ "学校", school.ptr },
		{ "专业", spec.ptr },
		{ "专业代码", get(p, "plan", "specialty") },
		{ "学期", get(p, "plan", "term") },
		{ "状态", state.ptr },
		{ "提交", sub.ptr },
	};
	html_dl(out, pairs, sizeof(pairs) / sizeof(pairs[0]));
	html_heading(out, 2, "课程安排");
	course_table(out, s, p, &findings);
	findings_section(out, &findings);
	reviews_section(out, s, p, diff);
	const struct html_pair sign[] = {
		{ "学校负责人签名：", NULL }, { "日期：", NULL }, { "（学校盖章）", NULL },
		{ "专业负责人审核签名：", NULL }, { "日期：", NULL },
	};
	html_fields(out, "sign", sign, 3);
	html_fields(out, "sign", sign + 3, 2);
	html_end(out);
	plan_diff_free(diff);
	record_free(p);
	vec_free(&findings);
	buf_release(&title);
	buf_release(&school);
	buf_release(&spec);
	buf_release(&state);
	buf_release(&sub);
	return 0;
}
