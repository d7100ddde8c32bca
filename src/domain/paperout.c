/* paperout: the printable paper (HTML), its Markdown twin and GIFT for online delivery, from an opened paper body. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/gift.h"
#include "jiaoyan/html.h"
#include "jiaoyan/paperout.h"
#include "jiaoyan/question.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"

/* Constants of the program (never data): the paper's own rules on top of html.h's print stylesheet. */
static const char PAPER_CSS[] =
	".head { text-align: center; }\n"
	".head .group { font-size: 11pt; }\n"
	".head .meta { font-size: 10.5pt; margin: 2pt 0 6pt; }\n"
	".notes { font-size: 10pt; border: 0.75pt solid #000; padding: 4pt 8pt; margin: 6pt 0 10pt; }\n"
	"h2.section { text-align: left; font-size: 12pt; margin: 12pt 0 4pt; }\n"
	".q { margin: 0 0 8pt; }\n"
	".q .stem { margin: 0; }\n"
	".q .no { font-weight: bold; margin-right: 0.3em; }\n"
	".q .pts { font-size: 9.5pt; color: #333; }\n"
	".opts { margin: 2pt 0 0 2em; padding: 0; list-style: none; }\n"
	".opts li { margin: 1pt 0; }\n"
	".space { border: 0.75pt dashed #888; margin: 4pt 0 0 2em; }\n"
	".space.fill { height: 2.2em; }\n"
	".space.short { height: 9em; }\n"
	".space.practical { height: 16em; }\n"
	"table.sheet td { height: 1.8em; }\n"
	".box { display: inline-block; min-width: 1.6em; border: 0.75pt solid #000; text-align: center; margin-right: 0.4em; }\n";

static const char *const CN_NUM[] = { "一", "二", "三", "四", "五", "六", "七", "八", "九", "十" };

static const char *qget(const struct record *q, const char *key)
{
	return record_get(q, "question", key);
}

static void type_label(struct buf *out, const char *type)
{
	schema_value_label(out, schema_field(schema_type("question"), "question", "type"), type);
}

static double item_points(const struct paper_item *it)
{
	double p = 0;
	schema_parse_number(qget(it->q, "points"), &p);
	return p;
}

static void num(struct buf *out, double v)
{
	text_number(out, v);
}

/* Runs of items of one type, in paper order: [start, end) per section. */
struct section {
	size_t start, end;
	double points;
};

static size_t sections(struct section *out, size_t max, const struct paper_body *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->items.len; i++) {
		const struct paper_item *it = b->items.items[i];
		const struct paper_item *prev = i ? b->items.items[i - 1] : NULL;
		if (!prev || strcmp(qget(prev->q, "type"), qget(it->q, "type")) != 0) {
			if (n == max)
				break;
			out[n].start = i;
			out[n].points = 0;
			n++;
		}
		out[n - 1].end = i + 1;
		out[n - 1].points += item_points(it);
	}
	return n;
}

static double total_points(const struct paper_body *b)
{
	double t = 0;
	for (size_t i = 0; i < b->items.len; i++)
		t += item_points(b->items.items[i]);
	return t;
}

static void section_title(struct buf *out, size_t k, const struct paper_body *b, const struct section *s)
{
	const struct paper_item *first = b->items.items[s->start];
	struct buf pts = BUF_INIT;
	num(&pts, s->points);
	buf_printf(out, "%s、", k < 10 ? CN_NUM[k] : "…");
	type_label(out, qget(first->q, "type"));
	buf_printf(out, L("（共 %zu 题，共 %s 分）", " (%zu items, %s points)"), s->end - s->start, pts.ptr);
	buf_release(&pts);
}

static void meta_line(struct buf *out, const struct record *exam, const struct paper_body *b)
{
	const char *date = record_get(exam, "exam", "date"), *start = record_get(exam, "exam", "start");
	const char *minutes = record_get(exam, "exam", "minutes");
	struct buf t = BUF_INIT;
	num(&t, total_points(b));
	buf_printf(out, L("%s 学期　%s 卷", "term %s, paper %s"), record_get(exam, "exam", "term"), b->letter);
	if (date)
		buf_printf(out, L("　考试时间：%s %s", ", %s %s"), date, start ? start : "");
	if (minutes)
		buf_printf(out, L("　时长 %s 分钟", ", %s minutes"), minutes);
	buf_printf(out, L("　满分 %s 分", ", full marks %s"), t.ptr);
	buf_release(&t);
}

/* ---- the chapter × level grid ---- */

static int level_col(const char *lv)
{
	static const char *const values[] = { "remember", "understand", "apply", "analyse" };
	for (int l = 0; lv && l < 4; l++)
		if (strcmp(lv, values[l]) == 0)
			return l;
	return 4;
}

void paperout_grid(struct vec *rows, const struct paper_body *b)
{
	static const char *const zh[] = { "识记", "理解", "应用", "分析" };
	static const char *const en[] = { "remember", "understand", "apply", "analyse" };
	struct vec chapters = VEC_INIT(free);
	for (size_t j = 0; j < b->items.len; j++) {
		const char *c = qget(((struct paper_item *)b->items.items[j])->q, "chapter");
		if (!vec_has_str(&chapters, c ? c : ""))
			vec_push_str(&chapters, c ? c : "");
	}
	vec_sort(&chapters, vec_str_cmp);
	size_t nc = chapters.len;
	double *pts = xcalloc((nc + 1) * 6, sizeof(double));
	unsigned *cnt = xcalloc((nc + 1) * 6, sizeof(unsigned));
	for (size_t j = 0; j < b->items.len; j++) {
		const struct paper_item *it = b->items.items[j];
		const char *c = qget(it->q, "chapter");
		size_t ci = 0;
		while (ci < nc && strcmp(chapters.items[ci], c ? c : "") != 0)
			ci++;
		size_t col = (size_t)level_col(qget(it->q, "level"));
		size_t cells[4] = { ci * 6 + col, ci * 6 + 5, nc * 6 + col, nc * 6 + 5 };
		for (int k = 0; k < 4; k++) {
			pts[cells[k]] += item_points(it);
			cnt[cells[k]]++;
		}
	}
	struct vec *head = xcalloc(1, sizeof(*head));
	vec_init(head, free);
	vec_push_str(head, L("章节", "chapter"));
	for (int l = 0; l < 4; l++)
		vec_push_str(head, L(zh[l], en[l]));
	vec_push_str(head, L("未标层次", "no level"));
	vec_push_str(head, L("合计", "total"));
	vec_push(rows, head);
	for (size_t ci = 0; ci <= nc; ci++) {
		struct vec *row = xcalloc(1, sizeof(*row));
		vec_init(row, free);
		vec_push_str(row, ci < nc ? (*(char *)chapters.items[ci] ? (char *)chapters.items[ci] : L("（未标章节）", "(no chapter)"))
				       : L("合计", "total"));
		for (size_t col = 0; col < 6; col++) {
			struct buf cell = BUF_INIT;
			if (cnt[ci * 6 + col]) {
				struct buf n = BUF_INIT;
				num(&n, pts[ci * 6 + col]);
				buf_printf(&cell, L("%u 题 %s 分", "%u / %s pts"), cnt[ci * 6 + col], n.ptr);
				buf_release(&n);
			}
			vec_push(row, buf_detach(&cell));
		}
		vec_push(rows, row);
	}
	free(pts);
	free(cnt);
	vec_free(&chapters);
}

static void grid_row_free(void *row)
{
	vec_free(row);
	free(row);
}

/* The grid as an HTML table: the 双向细目表 schools print. */
static void html_grid(struct buf *out, const struct paper_body *b)
{
	struct vec rows = VEC_INIT(grid_row_free);
	struct html_table tb;
	paperout_grid(&rows, b);
	html_table_begin(&tb, out, NULL);
	for (size_t i = 0; i < rows.len; i++) {
		const struct vec *row = rows.items[i];
		if (i == 0)
			html_table_head(&tb);
		else if (i == 1)
			html_table_body(&tb);
		html_table_row(&tb);
		for (size_t j = 0; j < row->len; j++)
			html_cell(&tb, row->items[j], (i == 0 || i + 1 == rows.len ? HTML_TH : 0) | (j ? HTML_CENTER : 0));
	}
	html_table_end(&tb);
	vec_free(&rows);
}

/* ---- HTML ---- */

static void html_question(struct buf *out, size_t no, const struct paper_item *it)
{
	const struct record *q = it->q;
	int type = question_type_of(qget(q, "type"));
	struct buf b = BUF_INIT;
	html_open(out, "div", "q nobreak");
	buf_puts(out, "<p class=\"stem\"><span class=\"no\">");
	buf_printf(out, "%zu.", no);
	buf_puts(out, "</span>");
	html_text_br(out, qget(q, "stem"));
	buf_puts(out, " <span class=\"pts\">");
	num(&b, item_points(it));
	buf_printf(out, L("（%s 分）", "(%s points)"), b.ptr);
	buf_puts(out, "</span></p>\n");
	if (question_is_choice(type)) {
		static const char letters[] = "ABCDEFGH";
		size_t n = question_option_count(q);
		buf_puts(out, "<ul class=\"opts\">\n");
		for (size_t i = 0; i < n; i++) {
			char k[2] = { letters[i], 0 };
			buf_printf(out, "<li>%c. ", letters[i]);
			html_text_br(out, record_get(q, "options", k));
			buf_puts(out, "</li>\n");
		}
		buf_puts(out, "</ul>\n");
	} else if (type == QUESTION_TRUEFALSE) {
		buf_printf(out, "<ul class=\"opts\"><li>%s</li></ul>\n", L("（　　）正确　　（　　）错误", "(  ) true    (  ) false"));
	} else if (type == QUESTION_FILL) {
		buf_puts(out, "<div class=\"space fill\"></div>\n");
	} else {
		buf_printf(out, "<div class=\"space %s\"></div>\n", type == QUESTION_PRACTICAL ? "practical" : "short");
	}
	html_close(out, "div");
	buf_release(&b);
}

static void answer_text(struct buf *out, const struct record *q)
{
	const char *a = qget(q, "answer");
	if (!a || !*a) {
		buf_puts(out, L("（见评分标准）", "(see the grading standard)"));
		return;
	}
	for (const char *p = a; *p; p++)
		if (*p == '\n')
			buf_puts(out, L(" 或 ", " or "));
		else
			buf_putc(out, *p);
}

void paperout_html(struct buf *out, const struct record *exam, const char *group_name, const char *course_name,
		   const struct paper_body *b, int flags)
{
	struct section secs[32];
	size_t ns = sections(secs, 32, b);
	struct buf t = BUF_INIT;
	const char *name = record_get(exam, "exam", "name");
	buf_printf(&t, L("%s（%s 卷）", "%s (paper %s)"), name, b->letter);
	html_begin(out, t.ptr, PAPER_CSS);
	html_open(out, "div", "head");
	if (group_name)
		html_para(out, "group", group_name);
	html_heading(out, 1, name);
	buf_reset(&t);
	if (course_name)
		buf_printf(&t, L("课程：%s　", "course: %s, "), course_name);
	meta_line(&t, exam, b);
	html_para(out, "meta", t.ptr);
	html_close(out, "div");
	const struct html_pair who[] = {
		{ L("学校：", "school: "), NULL }, { L("班级：", "class: "), NULL },
		{ L("姓名：", "name: "), NULL },   { L("学号：", "student no.: "), NULL },
	};
	html_fields(out, "fields", who, 4);
	buf_reset(&t);
	num(&t, total_points(b));
	html_open(out, "div", "notes");
	struct buf note = BUF_INIT;
	buf_printf(&note, L("注意事项：本试卷共 %zu 题，满分 %s 分。请在答题卡上作答，写在试卷上无效。", "Notes: %zu items, full marks %s. Answer on the answer sheet."),
		   b->items.len, t.ptr);
	html_para(out, NULL, note.ptr);
	html_close(out, "div");
	for (size_t k = 0; k < ns; k++) {
		buf_reset(&t);
		section_title(&t, k, b, &secs[k]);
		buf_puts(out, "<h2 class=\"section\">");
		html_text(out, t.ptr);
		buf_puts(out, "</h2>\n");
		for (size_t i = secs[k].start; i < secs[k].end; i++)
			html_question(out, i + 1, b->items.items[i]);
	}
	/* The answer sheet: one row per item, the boxes a student marks. */
	html_open(out, "div", "pagebreak");
	buf_reset(&t);
	buf_printf(&t, L("%s　答题卡（%s 卷）", "%s: answer sheet (paper %s)"), name, b->letter);
	html_heading(out, 2, t.ptr);
	html_fields(out, "fields", who, 4);
	struct html_table tb;
	html_table_begin(&tb, out, "sheet");
	html_table_head(&tb);
	html_table_row(&tb);
	html_cell(&tb, L("题号", "no."), HTML_TH | HTML_CENTER);
	html_cell(&tb, L("作答", "answer"), HTML_TH);
	html_cell(&tb, L("得分", "score"), HTML_TH | HTML_CENTER);
	html_table_body(&tb);
	for (size_t i = 0; i < b->items.len; i++) {
		const struct paper_item *it = b->items.items[i];
		int type = question_type_of(qget(it->q, "type"));
		struct buf cell = BUF_INIT, n = BUF_INIT;
		html_table_row(&tb);
		buf_printf(&n, "%zu", i + 1);
		html_cell(&tb, n.ptr, HTML_CENTER);
		if (question_is_choice(type)) {
			size_t k = question_option_count(it->q);
			for (size_t j = 0; j < k; j++)
				buf_printf(&cell, "<span class=\"box\">%c</span>", "ABCDEFGH"[j]);
			html_cell(&tb, cell.ptr, HTML_RAW);
		} else if (type == QUESTION_TRUEFALSE) {
			buf_printf(&cell, "<span class=\"box\">√</span><span class=\"box\">×</span>");
			html_cell(&tb, cell.ptr, HTML_RAW);
		} else {
			html_cell(&tb, type == QUESTION_FILL ? "" : L("（写在答题纸上）", "(on the answer pages)"), 0);
		}
		html_cell(&tb, "", 0);
		buf_release(&cell);
		buf_release(&n);
	}
	html_table_end(&tb);
	html_close(out, "div");
	if (flags & PAPEROUT_KEY) {
		html_open(out, "div", "pagebreak");
		buf_reset(&t);
		buf_printf(&t, L("%s　参考答案（%s 卷）", "%s: answer key (paper %s)"), name, b->letter);
		html_heading(out, 2, t.ptr);
		html_table_begin(&tb, out, NULL);
		html_table_head(&tb);
		html_table_row(&tb);
		html_cell(&tb, L("题号", "no."), HTML_TH | HTML_CENTER);
		html_cell(&tb, L("题型", "type"), HTML_TH);
		html_cell(&tb, L("答案", "answer"), HTML_TH);
		html_cell(&tb, L("分值", "points"), HTML_TH | HTML_NUM);
		html_cell(&tb, L("题库编号（版本）", "bank item (version)"), HTML_TH);
		html_table_body(&tb);
		for (size_t i = 0; i < b->items.len; i++) {
			const struct paper_item *it = b->items.items[i];
			struct buf n = BUF_INIT, ty = BUF_INIT, ans = BUF_INIT;
			html_table_row(&tb);
			buf_printf(&n, "%zu", i + 1);
			html_cell(&tb, n.ptr, HTML_CENTER);
			type_label(&ty, qget(it->q, "type"));
			html_cell(&tb, ty.ptr, 0);
			answer_text(&ans, it->q);
			html_cell(&tb, ans.ptr, 0);
			html_cell_num(&tb, item_points(it), 1, 0);
			buf_reset(&n);
			buf_printf(&n, "%s（%s）", qget(it->q, "id"), qget(it->q, "version") ? qget(it->q, "version") : "1");
			html_cell(&tb, n.ptr, 0);
			buf_release(&n);
			buf_release(&ty);
			buf_release(&ans);
		}
		html_table_end(&tb);
		html_close(out, "div");
	}
	if (flags & PAPEROUT_GRADING) {
		html_open(out, "div", "pagebreak");
		buf_reset(&t);
		buf_printf(&t, L("%s　评分标准（%s 卷）", "%s: grading standard (paper %s)"), name, b->letter);
		html_heading(out, 2, t.ptr);
		const char *std = record_get(exam, "exam", "standard"), *grading = record_get(exam, "exam", "grading");
		if (std) {
			html_heading(out, 3, L("考核标准", "standard"));
			html_para(out, NULL, std);
		}
		if (grading) {
			html_heading(out, 3, L("评分办法", "grading"));
			html_para(out, NULL, grading);
		}
		html_heading(out, 3, L("双向细目表（章节 × 认知层次）", "blueprint grid (chapters × cognitive levels)"));
		html_grid(out, b);
		for (size_t i = 0; i < b->items.len; i++) {
			const struct paper_item *it = b->items.items[i];
			const char *rubric = qget(it->q, "rubric"), *expl = qget(it->q, "explanation");
			struct buf line = BUF_INIT, ans = BUF_INIT, pts = BUF_INIT;
			num(&pts, item_points(it));
			answer_text(&ans, it->q);
			html_open(out, "div", "q nobreak");
			buf_printf(&line, L("%zu.（%s 分）答案：%s", "%zu. (%s points) answer: %s"), i + 1, pts.ptr, ans.ptr);
			html_para(out, NULL, line.ptr);
			if (rubric) {
				buf_reset(&line);
				buf_printf(&line, L("评分要点：%s", "rubric: %s"), rubric);
				html_para(out, NULL, line.ptr);
			}
			if (expl) {
				buf_reset(&line);
				buf_printf(&line, L("解析：%s", "explanation: %s"), expl);
				html_para(out, "small", line.ptr);
			}
			html_close(out, "div");
			buf_release(&line);
			buf_release(&ans);
			buf_release(&pts);
		}
		html_close(out, "div");
	}
	html_end(out);
	buf_release(&t);
	buf_release(&note);
}

/* ---- Markdown ---- */

/* Text safe in Markdown: backslash before the characters that would start markup; newlines as hard breaks. */
static void md_text(struct buf *out, const char *s)
{
	for (const char *p = s ? s : ""; *p; p++) {
		if (strchr("\\`*_[]<>#|~", *p))
			buf_putc(out, '\\');
		if (*p == '\n')
			buf_puts(out, "  \n");
		else
			buf_putc(out, *p);
	}
}

void paperout_markdown(struct buf *out, const struct record *exam, const char *group_name, const char *course_name,
		       const struct paper_body *b, int flags)
{
	struct section secs[32];
	size_t ns = sections(secs, 32, b);
	struct buf t = BUF_INIT;
	if (group_name) {
		md_text(out, group_name);
		buf_puts(out, "\n\n");
	}
	buf_puts(out, "# ");
	md_text(out, record_get(exam, "exam", "name"));
	buf_printf(out, L("（%s 卷）\n\n", " (paper %s)\n\n"), b->letter);
	if (course_name)
		buf_printf(&t, L("课程：%s　", "course: %s, "), course_name);
	meta_line(&t, exam, b);
	md_text(out, t.ptr);
	buf_printf(out, "\n\n%s\n\n", L("学校：________　班级：________　姓名：________　学号：________",
					"school: ________ class: ________ name: ________ student no.: ________"));
	for (size_t k = 0; k < ns; k++) {
		buf_reset(&t);
		section_title(&t, k, b, &secs[k]);
		buf_puts(out, "## ");
		md_text(out, t.ptr);
		buf_puts(out, "\n\n");
		for (size_t i = secs[k].start; i < secs[k].end; i++) {
			const struct paper_item *it = b->items.items[i];
			struct vec lines = VEC_INIT(question_line_free);
			struct buf pts = BUF_INIT;
			num(&pts, item_points(it));
			question_render(&lines, it->q, 0);
			for (size_t j = 0; j < lines.len; j++) {
				const struct question_line *l = lines.items[j];
				if (j == 0)
					buf_printf(out, "%zu. ", i + 1);
				else
					buf_puts(out, "   ");
				md_text(out, l->text);
				if (j == 0)
					buf_printf(out, L("（%s 分）", " (%s points)"), pts.ptr);
				buf_puts(out, "\n");
			}
			buf_puts(out, "\n");
			vec_free(&lines);
			buf_release(&pts);
		}
	}
	if (flags & (PAPEROUT_KEY | PAPEROUT_GRADING)) {
		buf_printf(out, "## %s\n\n| %s | %s | %s | %s |\n|---|---|---|---|\n",
			   (flags & PAPEROUT_GRADING) ? L("参考答案与评分标准", "answers and grading") : L("参考答案", "answer key"), L("题号", "no."),
			   L("答案", "answer"), L("分值", "points"), L("题库编号（版本）", "bank item (version)"));
		for (size_t i = 0; i < b->items.len; i++) {
			const struct paper_item *it = b->items.items[i];
			struct buf ans = BUF_INIT, pts = BUF_INIT;
			answer_text(&ans, it->q);
			num(&pts, item_points(it));
			buf_printf(out, "| %zu | ", i + 1);
			md_text(out, ans.ptr);
			buf_printf(out, " | %s | %s（%s） |\n", pts.ptr, qget(it->q, "id"), qget(it->q, "version") ? qget(it->q, "version") : "1");
			buf_release(&ans);
			buf_release(&pts);
		}
		buf_puts(out, "\n");
		for (size_t i = 0; (flags & PAPEROUT_GRADING) && i < b->items.len; i++) {
			const struct paper_item *it = b->items.items[i];
			if (qget(it->q, "rubric")) {
				buf_printf(out, L("%zu. 评分要点：", "%zu. rubric: "), i + 1);
				md_text(out, qget(it->q, "rubric"));
				buf_puts(out, "\n\n");
			}
		}
	}
	buf_release(&t);
}

/* ---- GIFT ---- */

int paperout_gift(struct buf *out, const struct record *exam, const struct paper_body *b, struct jy_err *err)
{
	struct vec qs = VEC_INIT(gift_question_free);
	struct buf cat = BUF_INIT;
	int rc = 0;
	buf_printf(&cat, "%s/%s", record_get(exam, "exam", "name"), b->letter);
	for (size_t i = 0; i < b->items.len && rc == 0; i++) {
		const struct paper_item *it = b->items.items[i];
		struct gift_question *g = NULL;
		if ((rc = question_to_gift(&g, it->q, err))) {
			err_prefix(err, L("第 %zu 题", "item %zu"), i + 1);
			break;
		}
		struct buf title = BUF_INIT;
		buf_printf(&title, "%s-%02zu", b->letter, i + 1);
		if (*g->title)
			buf_printf(&title, " %s", g->title);
		gift_set(&g->title, title.ptr);
		gift_set(&g->category, cat.ptr);
		buf_release(&title);
		vec_push(&qs, g);
	}
	if (rc == 0)
		rc = gift_write(out, &qs, err);
	vec_free(&qs);
	buf_release(&cat);
	return rc;
}
