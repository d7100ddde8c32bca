/* scores: the scores record type, the score CSV import checked against the exam's papers, and the table analysis reads. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/csv.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/id.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/scores.h"
#include "jiaoyan/text.h"
#include "jiaoyan/typeops.h"

#define SID_MAX 49 /* a 学号 is a record key: CODEC_NAME_MAX */

/* ---- values ---- */

/* Scores and points are multiples of 0.5 (points of the bank: one decimal): "2", "1.5", "0.3". */
static void put_num(struct buf *out, double v)
{
	if (v == floor(v))
		buf_printf(out, "%.0f", v);
	else
		buf_printf(out, "%.1f", v);
}

/* Comma-separated numbers of the stored form (schema numbers: at most one decimal). -1 on a bad one. */
static int parse_nums(double **out, size_t *n, const char *s)
{
	struct vec parts = VEC_INIT(free);
	double *v = NULL;
	int rc = 0;
	vec_split(&parts, s, ',');
	v = xcalloc(parts.len ? parts.len : 1, sizeof(double));
	for (size_t i = 0; i < parts.len && rc == 0; i++)
		if (schema_parse_number(parts.items[i], &v[i]) != 0)
			rc = -1;
	/* vec_split drops empty items: "1,,2" must not read as two numbers. */
	size_t commas = 0;
	for (const char *p = s; *p; p++)
		commas += *p == ',';
	if (rc == 0 && (parts.len == 0 || commas + 1 != parts.len))
		rc = -1;
	if (rc == 0) {
		*out = v;
		*n = parts.len;
		v = NULL;
	}
	free(v);
	vec_free(&parts);
	return rc;
}

static int sid_ok(const char *sid)
{
	size_t n = strlen(sid);
	int digit = 0;
	if (n == 0 || n > SID_MAX)
		return 0;
	for (const char *p = sid; *p; p++) {
		char c = *p;
		if (c >= '0' && c <= '9')
			digit = 1;
		else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '.' || c == '-'))
			return 0;
	}
	return digit;
}

#define SID_RULE_ZH "只能由字母、数字和 . _ - 组成，至少含一位数字，不超过 49 个字符（学号是匿名的学生编号，不要填写姓名）"
#define SID_RULE_EN "may only hold A-Z a-z 0-9 . _ -, with at least one digit, at most 49 characters (an anonymised student number, never a name)"

/* The points of one paper (a points.X key): label → vector. */
struct paper_pts {
	char *label;
	double *points;
	size_t n;
};

static void paper_pts_free(void *p)
{
	struct paper_pts *pp = p;
	free(pp->label);
	free(pp->points);
	free(pp);
}

static const struct paper_pts *find_pts(const struct vec *pts, const char *label)
{
	for (size_t i = 0; i < pts->len; i++) {
		const struct paper_pts *p = pts->items[i];
		if (strcmp(p->label, label) == 0)
			return p;
	}
	return NULL;
}

/* Reads the points.X keys of [scores] into pts (paper_pts_free); problems for bad ones. */
static void read_papers(struct vec *pts, const struct record *r, struct vec *problems)
{
	long si = record_section_index(r, "scores");
	for (size_t j = 0; si >= 0 && j < record_key_count(r, (size_t)si); j++) {
		const char *key = record_key(r, (size_t)si, j), *v = record_value(r, (size_t)si, j);
		if (strncmp(key, "points.", 7) != 0)
			continue;
		struct paper_pts *p = xcalloc(1, sizeof(*p));
		int bad = parse_nums(&p->points, &p->n, v) != 0;
		for (size_t k = 0; !bad && k < p->n; k++)
			bad = !(p->points[k] > 0 && p->points[k] <= 100);
		if (bad) {
			vec_push_strf(problems, L("试卷 %s 的各题分值（%s）应为逗号分隔的数，每个大于 0、不超过 100、最多一位小数",
					    "paper %s: the item points (%s) must be comma-separated numbers above 0, at most 100, one decimal at most"),
				key + 7, key);
			paper_pts_free(p);
			continue;
		}
		p->label = xstrdup(key + 7);
		vec_push(pts, p);
	}
}

/* "A 2,1.5,0" → label and scores; -1 when not of that form. */
static int parse_student(struct buf *label, double **scores, size_t *n, const char *v)
{
	const char *sp = strchr(v, ' ');
	if (!sp || sp == v)
		return -1;
	buf_reset(label);
	buf_add(label, v, (size_t)(sp - v));
	return parse_nums(scores, n, sp + 1);
}

static int half_points(double x)
{
	return x * 2 == floor(x * 2);
}

size_t scores_check(const struct record *r, struct vec *problems)
{
	size_t before = problems->len;
	struct vec pts = VEC_INIT(paper_pts_free);
	struct buf label = BUF_INIT;
	read_papers(&pts, r, problems);
	long si = record_section_index(r, "student");
	size_t nstudents = si < 0 ? 0 : record_key_count(r, (size_t)si);
	for (size_t j = 0; j < nstudents; j++) {
		const char *sid = record_key(r, (size_t)si, j), *v = record_value(r, (size_t)si, j);
		double *sc = NULL;
		size_t n = 0;
		if (!sid_ok(sid))
			vec_push_strf(problems, L("学号「%s」" SID_RULE_ZH, "学号 \"%s\" " SID_RULE_EN), sid);
		if (parse_student(&label, &sc, &n, v) != 0) {
			vec_push_strf(problems, L("学号 %s：应为「试卷 各题得分」，如「A 2,1.5,0」，不是「%s」",
					    "学号 %s: must be \"PAPER score,score,…\" such as \"A 2,1.5,0\", not \"%s\""),
				sid, v);
			continue;
		}
		const struct paper_pts *p = find_pts(&pts, label.ptr);
		if (!p) {
			vec_push_strf(problems, L("学号 %s：没有试卷 %s 的各题分值（points.%s）", "学号 %s: paper %s has no item points (points.%s)"),
				sid, label.ptr, label.ptr);
		} else if (n != p->n) {
			vec_push_strf(problems, L("学号 %s：有 %zu 个得分，试卷 %s 有 %zu 道题", "学号 %s: %zu scores, paper %s has %zu items"), sid, n,
				label.ptr, p->n);
		} else {
			for (size_t k = 0; k < n; k++)
				if (!half_points(sc[k]) || sc[k] > p->points[k]) {
					vec_push_strf(problems, L("学号 %s：第 %zu 题得分 %g 无效（应为 0 到 %g 之间 0.5 的倍数）",
							    "学号 %s, item %zu: score %g is invalid (a multiple of 0.5 within 0 and %g)"),
						sid, k + 1, sc[k], p->points[k]);
					break;
				}
		}
		free(sc);
	}
	if (!nstudents)
		vec_push_strf(problems, "%s", L("成绩表没有学生（[student] 为空）", "the table has no students ([student] is empty)"));
	vec_free(&pts);
	buf_release(&label);
	return problems->len - before;
}

/* ---- the record type ---- */

static int scores_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			 struct jy_err *err)
{
	(void)s;
	const char *school = record_get(next ? next : prev, "scores", "school");
	const char *was = prev ? record_get(prev, "scores", "school") : school;
	int own = school && a->school && strcmp(school, a->school) == 0 && was && strcmp(was, school) == 0;
	if (own || (typeops_admin_of(a, school) && typeops_admin_of(a, was)))
		return 0;
	return err_set(err, JY_EPERM, L("只有%s的人员（或该校、牵头学校的管理员）可以录入该校的成绩",
					"only people of %s (or admins of it or of the lead college) may enter its scores"),
		       school ? school : "?");
}

/*
 * The papers the scores name, as the repository holds them: a paper still
 * sealed has no scores yet (they would tell how many items it has and what
 * they are worth), and a released one's points are the ones imported. A
 * paper that is not in the repository (an exam held outside it) is not
 * checked.
 */
static void against_papers(struct store *s, const struct record *r, struct vec *problems)
{
	const char *id = record_get(r, "scores", "exam");
	struct record *exam = NULL;
	struct vec pts = VEC_INIT(paper_pts_free), ignored = VEC_INIT(free);
	if (!id || !id_component_valid(id) || exam_load(&exam, NULL, s, id, NULL) != 0)
		goto cleanup;
	read_papers(&pts, r, &ignored);
	for (size_t i = 0; i < pts.len; i++) {
		const struct paper_pts *p = pts.items[i];
		struct record *paper = NULL;
		struct buf path = BUF_INIT;
		struct vec items = VEC_INIT(exam_paper_item_free);
		if (paper_letter_lower(p->label))
			paper_path(&path, record_get(exam, "exam", "term"), record_get(exam, "exam", "id"), p->label);
		if (!path.len || store_read(&paper, s, path.ptr, NULL) != 0) {
			buf_release(&path);
			continue;
		}
		if (!paper_is_released(paper)) {
			vec_push_strf(problems, L("试卷 %s 还没有启封：启封之前不能有成绩", "paper %s is not released yet: it can have no scores before"),
				p->label);
		} else if (exam_paper_items(&items, s, id, p->label, NULL, NULL) == 0) {
			int same = items.len == p->n;
			for (size_t j = 0; same && j < p->n; j++)
				same = ((struct exam_paper_item *)items.items[j])->points == p->points[j];
			if (!same)
				vec_push_strf(problems, L("试卷 %s 的各题分值（points.%s）与启封的试卷不同：请按启封的试卷重新导入",
						    "paper %s: the item points (points.%s) differ from the released paper's: import the scores again"),
					p->label, p->label);
		}
		vec_free(&items);
		record_free(paper);
		buf_release(&path);
	}
cleanup:
	record_free(exam);
	vec_free(&pts);
	vec_free(&ignored);
}

static void scores_validate(struct store *s, const struct record *r, struct vec *problems)
{
	if (scores_check(r, problems) == 0)
		against_papers(s, r, problems);
}

/* The exam's name, or its id when it cannot be read. */
static void exam_name(struct buf *out, struct store *s, const char *exam)
{
	struct buf spec = BUF_INIT, path = BUF_INIT;
	struct record *r = NULL;
	const char *name = NULL;
	buf_printf(&spec, "exam/%s", exam ? exam : "");
	if (exam && id_component_valid(exam) && store_resolve(&path, s, spec.ptr, NULL) == 0 &&
	    store_read(&r, s, path.ptr, NULL) == 0)
		name = record_get(r, "exam", "name");
	buf_puts(out, name ? name : exam ? exam : "?");
	record_free(r);
	buf_release(&spec);
	buf_release(&path);
}

static void scores_describe(struct buf *out, struct store *s, const struct record *r)
{
	long si = record_section_index(r, "student");
	exam_name(out, s, record_get(r, "scores", "exam"));
	buf_puts(out, " · ");
	records_name(out, s, "school", record_get(r, "scores", "school"));
	buf_printf(out, L("（%zu 名学生）", " (%zu students)"), si < 0 ? (size_t)0 : record_key_count(r, (size_t)si));
}

const struct type_ops scores_type_ops = {
	.type = "scores",
	.permit = scores_permit,
	.validate = scores_validate,
	.describe = scores_describe,
};

/* ---- import ---- */

int scores_path(struct buf *out, const char *exam, const char *school, struct jy_err *err)
{
	if (!exam || !id_component_valid(exam))
		return err_set(err, JY_EINVAL, L("考试编号「%s」无效", "exam id \"%s\" is invalid"), exam ? exam : "");
	if (!school || !id_component_valid(school))
		return err_set(err, JY_EINVAL, L("学校代码「%s」无效", "school id \"%s\" is invalid"), school ? school : "");
	buf_printf(out, "scores/%s/%s.ini", exam, school);
	return 0;
}

/* Trimmed as itemstats_read_csv trims a cell: spaces, tabs, line ends and U+3000. */
static void trim(struct buf *out, const char *s)
{
	size_t n;
	const char *p = text_trim(s, &n);
	buf_reset(out);
	buf_add(out, p, n);
}

static const char *cell(const struct csv_row *row, size_t i)
{
	return i < row->fields.len ? row->fields.items[i] : "";
}

static int blank_row(const struct csv_row *row, struct buf *tmp)
{
	for (size_t i = 0; i < row->fields.len; i++) {
		trim(tmp, row->fields.items[i]);
		if (tmp->len)
			return 0;
	}
	return 1;
}

/* One row's faults, joined by "；" into a "第 N 行：…" message. */
struct row_msg {
	size_t line;
	struct buf text;
};

static void fault(struct row_msg *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fault(struct row_msg *m, const char *fmt, ...)
{
	va_list ap;
	if (m->text.len)
		buf_puts(&m->text, L("；", "; "));
	va_start(ap, fmt);
	buf_vprintf(&m->text, fmt, ap);
	va_end(ap);
}

/* Moves a row's message (when it has one) to found. */
static void flush(struct vec *found, struct row_msg *m)
{
	if (m->text.len)
		vec_push(found, xasprintf(L("第 %zu 行：%s", "line %zu: %s"), m->line, m->text.ptr));
	buf_release(&m->text);
}

static const struct scores_paper *paper_of(const struct scores_paper *papers, size_t np, const char *label)
{
	for (size_t i = 0; label && i < np; i++)
		if (strcmp(papers[i].label, label) == 0)
			return &papers[i];
	return NULL;
}

static void labels_text(struct buf *out, const struct scores_paper *papers, size_t np)
{
	for (size_t i = 0; i < np; i++)
		buf_printf(out, "%s%s", i ? L("、", ", ") : "", papers[i].label);
}

static int check_papers(const struct scores_paper *papers, size_t np, struct jy_err *err)
{
	if (!np)
		return err_set(err, JY_EINVAL, "%s", L("考试没有试卷，无法核对成绩", "the exam has no papers to check the scores against"));
	for (size_t i = 0; i < np; i++) {
		const char *l = papers[i].label;
		if (!l || (strcmp(l, "A") != 0 && strcmp(l, "B") != 0) || paper_of(papers, i, l))
			return err_set(err, JY_EINVAL, L("试卷名「%s」无效或重复（应为 A 或 B）", "paper label \"%s\" is invalid or repeated (A or B)"),
				       l ? l : "");
		if (!papers[i].n || !papers[i].points)
			return err_set(err, JY_EINVAL, L("试卷 %s 没有试题", "paper %s has no items"), l);
		for (size_t j = 0; j < papers[i].n; j++)
			if (!(isfinite(papers[i].points[j]) && papers[i].points[j] > 0))
				return err_set(err, JY_EINVAL, L("试卷 %s 第 %zu 题的分值 %g 无效", "paper %s, item %zu: points %g are invalid"), l,
					       j + 1, papers[i].points[j]);
	}
	return 0;
}

/* What the header says before itemstats_read_csv reads the file. */
struct header {
	size_t line;
	int found;       /* a non-blank row exists */
	int has_paper;   /* a 试卷 column */
	size_t first;    /* column of item 1 */
	size_t nitems;   /* item header cells up to the first blank one */
};

static void peek_header(struct header *h, const struct vec *rows, size_t *after, struct buf *tmp)
{
	size_t r = 0;
	memset(h, 0, sizeof(*h));
	while (r < rows->len && blank_row(rows->items[r], tmp))
		r++;
	*after = r + 1;
	if (r == rows->len)
		return;
	const struct csv_row *head = rows->items[r];
	h->found = 1;
	h->line = head->line;
	trim(tmp, cell(head, 1));
	h->has_paper = strcmp(tmp->ptr, "试卷") == 0;
	h->first = h->has_paper ? 2 : 1;
	for (size_t c = h->first; c < head->fields.len; c++) {
		trim(tmp, head->fields.items[c]);
		if (!tmp->len)
			break;
		h->nitems++;
	}
}

/* The row's paper as itemstats_read_csv will read it (a/b as A/B), or NULL. */
static const struct scores_paper *row_paper(const struct csv_row *row, const struct header *h, const struct scores_paper *papers,
					    size_t np, struct buf *tmp)
{
	if (!h->has_paper)
		return np == 1 ? &papers[0] : NULL;
	trim(tmp, cell(row, 1));
	if (strcmp(tmp->ptr, "a") == 0)
		buf_set(tmp, "A");
	else if (strcmp(tmp->ptr, "b") == 0)
		buf_set(tmp, "B");
	return paper_of(papers, np, tmp->ptr);
}

struct order {
	const char *sid;
	size_t row;
};

static int order_cmp(const void *pa, const void *pb)
{
	const struct order *a = pa, *b = pb;
	return strcmp(a->sid, b->sid);
}

static struct record *build_record(const char *exam, const char *school, const struct itemstats_table *t,
				   const struct scores_paper *const *row_papers, const struct scores_paper *papers, size_t np)
{
	struct record *r = record_new();
	struct order *ord = xcalloc(t->n ? t->n : 1, sizeof(*ord));
	struct buf v = BUF_INIT, key = BUF_INIT;
	record_set(r, "scores", "exam", exam);
	record_set(r, "scores", "school", school);
	for (size_t i = 0; i < np; i++) {
		int used = 0;
		for (size_t x = 0; x < t->n && !used; x++)
			used = row_papers[x] == &papers[i];
		if (!used)
			continue;
		buf_reset(&v);
		for (size_t j = 0; j < papers[i].n; j++) {
			if (j)
				buf_putc(&v, ',');
			put_num(&v, papers[i].points[j]);
		}
		buf_reset(&key);
		buf_printf(&key, "points.%s", papers[i].label);
		record_set(r, "scores", key.ptr, v.ptr);
	}
	for (size_t x = 0; x < t->n; x++)
		ord[x] = (struct order){ t->students[x], x };
	qsort(ord, t->n, sizeof(*ord), order_cmp);
	for (size_t o = 0; o < t->n; o++) {
		size_t x = ord[o].row;
		const struct scores_paper *p = row_papers[x];
		buf_reset(&v);
		buf_printf(&v, "%s ", p->label);
		for (size_t j = 0; j < p->n; j++) {
			if (j)
				buf_putc(&v, ',');
			put_num(&v, t->scores[x * t->k + j]);
		}
		record_set(r, "student", ord[o].sid, v.ptr);
	}
	free(ord);
	buf_release(&v);
	buf_release(&key);
	return r;
}

int scores_parse_csv(struct record **out, size_t *students_out, const char **encoding_out, struct vec *problems,
		     struct store *s, const char *exam, const char *school, const struct scores_paper *papers,
		     size_t npapers, const char *data, size_t len, int blank_zero, struct jy_err *err)
{
	struct buf text = BUF_INIT, tmp = BUF_INIT, names = BUF_INIT;
	struct vec rows = VEC_INIT(csv_row_free), found = VEC_INIT(free);
	struct itemstats_table *t = NULL;
	const struct scores_paper **row_papers = NULL;
	double *maxima = NULL;
	struct header h;
	size_t after = 0, maxn = 0;
	int mixed = 0;
	int rc = check_papers(papers, npapers, err);
	if (rc || (rc = scores_path(&tmp, exam, school, err)))
		goto cleanup;
	labels_text(&names, papers, npapers);
	for (size_t i = 0; i < npapers; i++)
		if (papers[i].n > maxn)
			maxn = papers[i].n;

	/* The header first: how many items, and whether each row names its paper. */
	if ((rc = csv_to_utf8(&text, NULL, data, len, err)) || (rc = csv_parse(&rows, text.ptr, text.len, err)))
		goto cleanup;
	peek_header(&h, &rows, &after, &tmp);
	if (h.found && h.nitems) {
		struct row_msg m = { h.line, BUF_INIT };
		if (!h.has_paper && npapers > 1)
			fault(&m, L("没有「试卷」列：本次考试有 %s 卷，每行须写明试卷", "no 试卷 (paper) column: the exam has papers %s, so each row names its paper"),
			      names.ptr);
		else if (!h.has_paper && h.nitems != papers[0].n)
			fault(&m, L("表头有 %zu 道题，试卷 %s 有 %zu 道题", "the header has %zu items, paper %s has %zu"), h.nitems,
			      papers[0].label, papers[0].n);
		else if (h.nitems > maxn)
			fault(&m, L("表头有 %zu 道题，本次考试的试卷最多 %zu 道题", "the header has %zu items, the exam's papers at most %zu"),
			      h.nitems, maxn);
		flush(&found, &m);
		if (found.len)
			goto report;
		for (size_t i = 0; i < npapers; i++)
			mixed |= papers[i].n != h.nitems;
	}
	/* Papers of different lengths share the header: cells after a shorter paper's last item stay blank. */
	for (size_t r = after; mixed && r < rows.len; r++) {
		const struct csv_row *row = rows.items[r];
		if (blank_row(row, &tmp))
			continue;
		const struct scores_paper *p = row_paper(row, &h, papers, npapers, &tmp);
		struct row_msg m = { row->line, BUF_INIT };
		if (p && p->n > h.nitems)
			fault(&m, L("试卷 %s 有 %zu 道题，表头只有 %zu 道", "paper %s has %zu items, the header only %zu"), p->label, p->n,
			      h.nitems);
		for (size_t j = 0; p && j < h.nitems; j++) {
			trim(&tmp, cell(row, h.first + j));
			if (j < p->n && !tmp.len && !blank_zero)
				fault(&m, L("第 %zu 题成绩为空（没有得分请填 0）", "item %zu: the score is blank (write 0 for no marks)"), j + 1);
			if (j >= p->n && tmp.len) {
				fault(&m, L("试卷 %s 只有 %zu 道题，第 %zu 题起应留空", "paper %s has %zu items: leave item %zu on blank"),
				      p->label, p->n, p->n + 1);
				break;
			}
		}
		flush(&found, &m);
	}
	if (found.len)
		goto report;

	/* The file as every score table is read, against the largest points of each column. */
	size_t k = h.found && h.nitems ? h.nitems : 0;
	if (k) {
		maxima = xcalloc(k, sizeof(double));
		for (size_t i = 0; i < npapers; i++)
			for (size_t j = 0; j < papers[i].n && j < k; j++)
				maxima[j] = fmax(maxima[j], papers[i].points[j]);
	}
	struct itemstats_csv_opts o = { maxima, k, mixed ? 1 : blank_zero };
	const char *enc = NULL;
	if ((rc = itemstats_read_csv(&t, &enc, problems, data, len, &o, err)))
		goto cleanup;

	/* Then each row against its own paper, and the 学号 as a key of the record. */
	row_papers = xcalloc(t->n, sizeof(*row_papers));
	for (size_t x = 0; x < t->n; x++) {
		struct row_msg m = { t->lines[x], BUF_INIT };
		const struct scores_paper *p = h.has_paper ? paper_of(papers, npapers, t->papers[x]) : &papers[0];
		if (!sid_ok(t->students[x]))
			fault(&m, L("学号「%s」" SID_RULE_ZH, "学号 \"%s\" " SID_RULE_EN), t->students[x]);
		if (!p)
			fault(&m, L("试卷 %s 不是本次考试的试卷（%s）", "paper %s is not one of the exam's (%s)"), t->papers[x], names.ptr);
		for (size_t j = 0; p && j < p->n; j++)
			if (t->scores[x * t->k + j] > p->points[j])
				fault(&m, L("第 %zu 题得 %g 分，超过试卷 %s 该题的满分 %g 分", "item %zu: %g marks exceed paper %s's maximum of %g"),
				      j + 1, t->scores[x * t->k + j], p->label, p->points[j]);
		row_papers[x] = p;
		flush(&found, &m);
	}
	if (found.len)
		goto report;
	struct records_limits lim = { 2000, 0, 0 };
	if (s)
		records_limits(&lim, s);
	if (t->n > lim.import_rows) {
		rc = err_set(err, JY_EINVAL,
			     L("成绩表有 %zu 名学生，超过一次导入的上限 %zu 行（group.ini [limits] import_rows）；未导入任何成绩",
			       "the table has %zu students, over the limit of %zu rows an import (group.ini [limits] import_rows); nothing was imported"),
			     t->n, lim.import_rows);
		goto cleanup;
	}
	*out = build_record(exam, school, t, row_papers, papers, npapers);
	if (students_out)
		*students_out = t->n;
	if (encoding_out)
		*encoding_out = enc;
	goto cleanup;

report:
	rc = err_set(err, JY_EINVAL, L("成绩表有 %zu 行有错误（逐行列出），未导入任何成绩",
				       "%zu rows of the score table have problems (listed); nothing was imported"),
		     found.len);
	vec_move(problems, &found);
cleanup:
	itemstats_table_free(t);
	free(row_papers);
	free(maxima);
	vec_free(&rows);
	vec_free(&found);
	buf_release(&text);
	buf_release(&tmp);
	buf_release(&names);
	return rc;
}

int scores_import_csv(size_t *students_out, const char **encoding_out, struct vec *problems, struct store *s,
		      const struct actor *a, const char *exam, const char *school, const struct scores_paper *papers,
		      size_t npapers, const char *data, size_t len, int blank_zero, struct jy_err *err)
{
	const struct type_def *t = schema_type("scores");
	struct record *who = record_new(), *prev = NULL, *next = NULL;
	struct buf path = BUF_INIT;
	size_t n = 0;
	const char *enc = NULL;
	int rc = scores_path(&path, exam, school, err);
	if (rc)
		goto cleanup;
	record_set(who, "scores", "exam", exam);
	record_set(who, "scores", "school", school);
	rc = store_read(&prev, s, path.ptr, err);
	if (rc == JY_ENOTFOUND)
		rc = 0;
	/* Who before what: a refusal must not depend on the file. */
	if (rc || (rc = records_permit(s, a, t, prev, who, err)))
		goto cleanup;
	rc = scores_parse_csv(&next, &n, &enc, problems, s, exam, school, papers, npapers, data, len, blank_zero, err);
	if (rc)
		goto cleanup;
	if (prev)
		rc = records_update(s, a, path.ptr, next, L("导入", "import "), err);
	else
		rc = records_add(NULL, s, a, t, next, err);
	if (rc == 0) {
		if (students_out)
			*students_out = n;
		if (encoding_out)
			*encoding_out = enc;
	}
cleanup:
	record_free(who);
	record_free(prev);
	record_free(next);
	buf_release(&path);
	return rc;
}

/* ---- reading for analysis ---- */

int scores_list(struct vec *out, struct store *s, const char *exam, struct jy_err *err)
{
	struct buf w = BUF_INIT;
	if (!exam || !id_component_valid(exam))
		return err_set(err, JY_EINVAL, L("考试编号「%s」无效", "exam id \"%s\" is invalid"), exam ? exam : "");
	buf_printf(&w, "exam=%s", exam);
	const char *const where[] = { w.ptr, NULL };
	struct store_query q = { .type = "scores", .where = where };
	int rc = store_list(out, s, &q, NULL, err);
	buf_release(&w);
	return rc;
}

void scores_papers(struct vec *labels, const struct record *const *recs, size_t nrecs)
{
	struct vec got = VEC_INIT(free);
	for (size_t i = 0; i < nrecs; i++) {
		long si = record_section_index(recs[i], "scores");
		for (size_t j = 0; si >= 0 && j < record_key_count(recs[i], (size_t)si); j++) {
			const char *key = record_key(recs[i], (size_t)si, j);
			if (strncmp(key, "points.", 7) == 0 && !vec_has_str(&got, key + 7))
				vec_push_str(&got, key + 7);
		}
	}
	vec_sort(&got, vec_str_cmp);
	for (size_t i = 0; i < got.len; i++)
		vec_push(labels, got.items[i]);
	got.len = 0;
	vec_free(&got);
}

static int same_points(const struct paper_pts *a, const struct paper_pts *b)
{
	if (a->n != b->n)
		return 0;
	for (size_t j = 0; j < a->n; j++)
		if (a->points[j] != b->points[j])
			return 0;
	return 1;
}

static const char *rec_school(const struct record *r)
{
	const char *s = record_get(r, "scores", "school");
	return s ? s : "?";
}

int scores_table(struct itemstats_table **out, const struct record *const *recs, size_t nrecs, const char *paper,
		 struct jy_err *err)
{
	struct vec *pts = xcalloc(nrecs ? nrecs : 1, sizeof(struct vec));
	struct vec probs = VEC_INIT(free);
	struct buf label = BUF_INIT;
	const struct paper_pts *ref = NULL;
	const char *ref_school = NULL;
	size_t n = 0;
	int rc = 0;
	for (size_t i = 0; i < nrecs; i++)
		vec_init(&pts[i], paper_pts_free);
	for (size_t i = 0; i < nrecs && !rc; i++) {
		if (scores_check(recs[i], &probs)) {
			rc = err_set(err, JY_EINVAL, L("%s 的成绩记录有问题：%s", "the scores of %s have a problem: %s"), rec_school(recs[i]),
				     (char *)probs.items[0]);
			break;
		}
		read_papers(&pts[i], recs[i], &probs);
		for (size_t j = 0; j < pts[i].len && !rc; j++) {
			const struct paper_pts *p = pts[i].items[j];
			if (paper && strcmp(p->label, paper) != 0)
				continue;
			if (!ref) {
				ref = p;
				ref_school = rec_school(recs[i]);
			} else if (!same_points(ref, p)) {
				rc = paper ? err_set(err, JY_EINVAL,
						     L("试卷 %s 的各题分值在 %s 和 %s 的成绩中不同（导入后试卷改过？请重新导入）",
						       "paper %s has different item points in the scores of %s and %s (changed after an import? import again)"),
						     paper, ref_school, rec_school(recs[i]))
					   : err_set(err, JY_EINVAL,
						     L("试卷 %s 和 %s 的题目分值不同，不能合在一起统计（请按试卷分别统计）",
						       "papers %s and %s differ in their item points and cannot be pooled (analyse each paper)"),
						     ref->label, p->label);
			}
		}
	}
	if (rc)
		goto cleanup;
	if (!ref) {
		rc = paper ? err_set(err, JY_EINVAL, L("没有试卷 %s 的成绩", "there are no scores of paper %s"), paper)
			   : err_set(err, JY_EINVAL, "%s", L("还没有成绩", "there are no scores yet"));
		goto cleanup;
	}
	for (size_t i = 0; i < nrecs; i++) {
		long si = record_section_index(recs[i], "student");
		for (size_t j = 0; si >= 0 && j < record_key_count(recs[i], (size_t)si); j++) {
			const char *v = record_value(recs[i], (size_t)si, j);
			const char *sp = strchr(v, ' ');
			if (!paper || (sp && (size_t)(sp - v) == strlen(paper) && strncmp(v, paper, strlen(paper)) == 0))
				n++;
		}
	}
	if (!n) {
		rc = err_set(err, JY_EINVAL, L("没有试卷 %s 的成绩", "there are no scores of paper %s"), paper ? paper : "?");
		goto cleanup;
	}
	struct itemstats_table *t = itemstats_table_new(n, ref->n);
	memcpy(t->points, ref->points, ref->n * sizeof(double));
	size_t x = 0;
	for (size_t i = 0; i < nrecs; i++) {
		long si = record_section_index(recs[i], "student");
		for (size_t j = 0; si >= 0 && j < record_key_count(recs[i], (size_t)si); j++) {
			double *sc = NULL;
			size_t k = 0;
			parse_student(&label, &sc, &k, record_value(recs[i], (size_t)si, j));
			if (!paper || strcmp(label.ptr, paper) == 0) {
				memcpy(t->scores + x * t->k, sc, t->k * sizeof(double));
				t->students[x] = xstrdup(record_key(recs[i], (size_t)si, j));
				t->papers[x] = xstrdup(label.ptr);
				t->groups[x] = xstrdup(rec_school(recs[i]));
				x++;
			}
			free(sc);
		}
	}
	*out = t;
cleanup:
	for (size_t i = 0; i < nrecs; i++)
		vec_free(&pts[i]);
	free(pts);
	vec_free(&probs);
	buf_release(&label);
	return rc;
}
