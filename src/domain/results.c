/* results: the item analysis laid out — text rows for the CLI, block bars, the HTML page with SVG charts, the XLSX workbook. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/html.h"
#include "jiaoyan/results.h"
#include "jiaoyan/svg.h"
#include "jiaoyan/xlsx.h"

/* ---- small pieces ---- */

static struct vec *row_new(void)
{
	struct vec *v = xmalloc(sizeof(*v));
	vec_init(v, free);
	return v;
}

static void push_fmt(struct vec *row, double v, int decimals)
{
	struct buf b = BUF_INIT;
	itemstats_fmt(&b, v, decimals);
	vec_push(row, buf_detach(&b));
}

static void push_pct(struct vec *row, double share, int tsv)
{
	if (tsv) {
		push_fmt(row, share, 4);
		return;
	}
	struct buf b = BUF_INIT;
	itemstats_fmt(&b, share * 100, 1);
	if (isfinite(share))
		buf_putc(&b, '%');
	vec_push(row, buf_detach(&b));
}

/* Points as stored: 2, 1.5. */
static void put_points(struct buf *out, double v)
{
	if (v == floor(v))
		buf_printf(out, "%.0f", v);
	else
		buf_printf(out, "%g", v);
}

static void item_label(struct buf *out, const struct results_paper *p, size_t j)
{
	if (p->item_labels && p->item_labels[j])
		buf_puts(out, p->item_labels[j]);
	else
		buf_printf(out, "%zu", j + 1);
}

static const char *group_name(const struct results_paper *p, size_t i)
{
	return p->group_names && p->group_names[i] ? p->group_names[i] : p->groups[i].name;
}

static const char *paper_label(const struct results_paper *p)
{
	return p->label ? p->label : "";
}

static const char *all_name(int tsv)
{
	return tsv ? "all" : L("全体", "all");
}

void results_flag_codes(struct buf *out, unsigned flags)
{
	static const char *const codes[ITEMSTATS_NFLAGS] = { "low_d", "neg_r", "easy", "hard" };
	int first = 1;
	for (unsigned i = 0; i < ITEMSTATS_NFLAGS; i++)
		if (flags & (1u << i)) {
			buf_printf(out, "%s%s", first ? "" : ",", codes[i]);
			first = 0;
		}
}

void results_band_label(struct buf *out, size_t band)
{
	buf_printf(out, "%zu–%zu%%", band * 10, band * 10 + 10);
}

void results_bar(struct buf *out, double share, int cols)
{
	static const char *const part[8] = { "", "▏", "▎", "▍", "▌", "▋", "▊", "▉" };
	if (!isfinite(share) || cols <= 0)
		return;
	share = share < 0 ? 0 : share > 1 ? 1 : share;
	long eighths = lround(share * cols * 8);
	for (long i = 0; i < eighths / 8; i++)
		buf_puts(out, "█");
	buf_puts(out, part[eighths % 8]);
}

/* A whole percentage of group.ini [results] as a share; v untouched when absent or out of range. */
static void share_of(double *v, const struct record *group, const char *key, long max)
{
	const char *s = group ? record_get(group, "results", key) : NULL;
	char *end;
	long n = s ? strtol(s, &end, 10) : 0;
	/* The schema checked the range when group.ini was written; a record from elsewhere falls back. */
	if (s && *s && !*end && n >= 1 && n <= max)
		*v = (double)n / 100.0;
}

void results_opts_of_group(struct itemstats_opts *out, const struct record *group)
{
	static const struct itemstats_opts defaults = ITEMSTATS_OPTS_INIT;
	*out = defaults;
	share_of(&out->pass, group, "pass", 100);
	share_of(&out->excellent, group, "excellent", 100);
	share_of(&out->group, group, "group", 50);
}

/* ---- text rows ---- */

static void push_header(struct vec *rows, const char *const *cols, size_t n)
{
	struct vec *h = row_new();
	for (size_t i = 0; i < n; i++)
		vec_push_str(h, cols[i]);
	vec_push(rows, h);
}

static void stats_row(struct vec *rows, const char *name, const struct itemstats_paper *pp, int tsv)
{
	struct vec *r = row_new();
	int d = tsv ? 4 : 2;
	vec_push_str(r, name);
	vec_push(r, xasprintf("%zu", pp->n));
	push_fmt(r, pp->mean, d);
	push_fmt(r, pp->sd, d);
	push_fmt(r, pp->median, d);
	push_fmt(r, pp->min, d);
	push_fmt(r, pp->max, d);
	push_pct(r, pp->pass_rate, tsv);
	push_pct(r, pp->excellent_rate, tsv);
	push_fmt(r, pp->alpha, tsv ? 7 : 4);
	vec_push(rows, r);
}

void results_stats_rows(struct vec *rows, const struct results_paper *p, int tsv)
{
	static const char *const tsv_cols[] = { "school", "n", "mean", "sd", "median", "min", "max", "pass_rate", "excellent_rate", "alpha" };
	const char *const cols[] = { L("学校", "school"), L("人数", "n"), L("平均分", "mean"), L("标准差", "sd"),
				     L("中位数", "median"), L("最低分", "min"), L("最高分", "max"), L("及格率", "pass rate"),
				     L("优秀率", "excellence rate"), "α" };
	push_header(rows, tsv ? tsv_cols : cols, 10);
	for (size_t i = 0; i < p->ngroups; i++)
		stats_row(rows, tsv ? p->groups[i].name : group_name(p, i), &p->groups[i].stats->paper, tsv);
	stats_row(rows, all_name(tsv), &p->all->paper, tsv);
}

void results_item_rows(struct vec *rows, const struct results_paper *p, int tsv)
{
	static const char *const tsv_cols[] = { "paper", "no", "question", "points", "p", "d", "r_pb", "r_it", "alpha_drop", "flags" };
	int has_paper = !tsv && *paper_label(p), has_q = !tsv && p->item_ids;
	struct buf b = BUF_INIT;
	if (tsv) {
		push_header(rows, tsv_cols, 10);
	} else {
		struct vec *h = row_new();
		if (has_paper)
			vec_push_str(h, L("试卷", "paper"));
		vec_push_str(h, L("题号", "no"));
		if (has_q)
			vec_push_str(h, L("试题", "question"));
		const char *const cols[] = { L("分值", "points"), L("难度P", "P"), L("区分度D", "D"), "r_pb", "r_it",
					     L("删除后α", "α if dropped"), L("区分度评价", "Ebel"), L("标记", "flags") };
		for (size_t i = 0; i < 8; i++)
			vec_push_str(h, cols[i]);
		vec_push(rows, h);
	}
	for (size_t j = 0; j < p->all->k; j++) {
		const struct itemstats_item *it = &p->all->items[j];
		struct vec *r = row_new();
		int d = tsv ? 4 : 3;
		if (tsv || has_paper)
			vec_push_str(r, paper_label(p));
		buf_reset(&b);
		item_label(&b, p, j);
		vec_push_str(r, b.ptr);
		if (tsv || has_q)
			vec_push_str(r, p->item_ids && p->item_ids[j] ? p->item_ids[j] : "");
		buf_reset(&b);
		put_points(&b, it->points);
		vec_push_str(r, b.ptr);
		push_fmt(r, it->p, d);
		push_fmt(r, it->d, d);
		push_fmt(r, it->r_pb, d);
		push_fmt(r, it->r_it, d);
		push_fmt(r, it->alpha_if_deleted, d);
		buf_reset(&b);
		if (tsv) {
			results_flag_codes(&b, it->flags);
		} else {
			vec_push_str(r, itemstats_ebel_label(itemstats_ebel(it->d)));
			itemstats_flags_text(&b, it->flags);
		}
		vec_push_str(r, b.ptr);
		vec_push(rows, r);
	}
	buf_release(&b);
}

static void compare_tsv_row(struct vec *rows, const struct results_paper *p, size_t j, const char *school,
			    const struct itemstats_result *st, double p_others, int marked)
{
	struct vec *r = row_new();
	struct buf b = BUF_INIT;
	vec_push_str(r, paper_label(p));
	item_label(&b, p, j);
	vec_push(r, buf_detach(&b));
	vec_push_str(r, school);
	vec_push(r, xasprintf("%zu", st->paper.n));
	push_fmt(r, st->items[j].p, 4);
	push_fmt(r, st->items[j].d, 4);
	push_fmt(r, p_others, 4);
	vec_push_str(r, marked ? "1" : "0");
	vec_push(rows, r);
}

void results_compare_rows(struct vec *rows, const struct results_paper *p, int tsv)
{
	struct buf b = BUF_INIT;
	if (tsv) {
		static const char *const cols[] = { "paper", "no", "school", "n", "p", "d", "p_others", "marked" };
		push_header(rows, cols, 8);
		for (size_t j = 0; j < p->all->k; j++) {
			compare_tsv_row(rows, p, j, "all", p->all, NAN, 0);
			for (size_t i = 0; i < p->ngroups; i++)
				compare_tsv_row(rows, p, j, p->groups[i].name, p->groups[i].stats, p->groups[i].p_others[j],
						p->groups[i].marked[j]);
		}
		return;
	}
	struct vec *h = row_new();
	vec_push_str(h, L("题号", "no"));
	vec_push(h, xasprintf("%s P", all_name(0)));
	vec_push(h, xasprintf("%s D", all_name(0)));
	for (size_t i = 0; i < p->ngroups; i++) {
		vec_push(h, xasprintf("%s P", group_name(p, i)));
		vec_push(h, xasprintf("%s D", group_name(p, i)));
	}
	vec_push(rows, h);
	for (size_t j = 0; j < p->all->k; j++) {
		struct vec *r = row_new();
		buf_reset(&b);
		item_label(&b, p, j);
		vec_push_str(r, b.ptr);
		push_fmt(r, p->all->items[j].p, 3);
		push_fmt(r, p->all->items[j].d, 3);
		for (size_t i = 0; i < p->ngroups; i++) {
			buf_reset(&b);
			itemstats_fmt(&b, p->groups[i].stats->items[j].p, 3);
			if (p->groups[i].marked[j])
				buf_putc(&b, '*');
			vec_push_str(r, b.ptr);
			push_fmt(r, p->groups[i].stats->items[j].d, 3);
		}
		vec_push(rows, r);
	}
	buf_release(&b);
}

/* ---- checks shared by the documents ---- */

static int check_report(const struct results_report *r, struct jy_err *err)
{
	if (!r || !r->npapers || !r->papers)
		return err_set(err, JY_EINVAL, "%s", L("没有可报告的统计结果", "there is no analysis to report"));
	for (size_t i = 0; i < r->npapers; i++) {
		const struct results_paper *p = &r->papers[i];
		if (!p->all || !p->all->k || (p->ngroups && !p->groups))
			return err_set(err, JY_EINVAL, L("试卷 %s 没有统计结果", "paper %s has no analysis"), paper_label(p));
		for (size_t g = 0; g < p->ngroups; g++)
			if (!p->groups[g].stats || p->groups[g].stats->k != p->all->k)
				return err_set(err, JY_EINVAL, L("试卷 %s：学校 %s 的统计与全体的题数不同", "paper %s: school %s has another item count"),
					       paper_label(p), p->groups[g].name);
	}
	return 0;
}

/* "试卷 A（满分 100 分）", or "成绩概况（满分 100 分）" without a label. */
static void paper_title(struct buf *out, const struct results_paper *p)
{
	struct buf pts = BUF_INIT;
	put_points(&pts, p->all->paper.full);
	if (*paper_label(p))
		buf_printf(out, L("试卷 %s（满分 %s 分）", "Paper %s (full marks %s)"), paper_label(p), pts.ptr);
	else
		buf_printf(out, L("成绩概况（满分 %s 分）", "Overview (full marks %s)"), pts.ptr);
	buf_release(&pts);
}

/* Who is in the distribution and the charts: the schools, or everyone when there are none. */
static size_t nseries(const struct results_paper *p)
{
	return p->ngroups ? p->ngroups : 1;
}

static const struct itemstats_result *series_stats(const struct results_paper *p, size_t i)
{
	return p->ngroups ? p->groups[i].stats : p->all;
}

static const char *series_name(const struct results_paper *p, size_t i)
{
	return p->ngroups ? group_name(p, i) : all_name(0);
}

/* ---- HTML ---- */

static void cell_pct(struct html_table *t, double share)
{
	struct buf b = BUF_INIT;
	html_num(&b, share * 100, 1, "—");
	if (isfinite(share))
		buf_putc(&b, '%');
	html_cell(t, b.ptr, HTML_NUM);
	buf_release(&b);
}

static void html_summary_row(struct html_table *t, const char *name, const struct itemstats_paper *pp, int bold)
{
	html_table_row(t);
	html_cell(t, name, bold ? HTML_TH : 0);
	html_cell_num(t, (double)pp->n, 0, 0);
	html_cell_num(t, pp->mean, 2, 0);
	html_cell_num(t, pp->sd, 2, 0);
	html_cell_num(t, pp->median, 1, 0);
	html_cell_num(t, pp->min, 1, 0);
	html_cell_num(t, pp->max, 1, 0);
	cell_pct(t, pp->pass_rate);
	cell_pct(t, pp->excellent_rate);
	html_cell_num(t, pp->difficulty, 3, 0);
	html_cell_num(t, pp->alpha, 4, 0);
}

static void html_summary(struct buf *out, const struct results_paper *p)
{
	struct html_table t;
	const char *const cols[] = { L("学校", "school"), L("人数", "n"), L("平均分", "mean"), L("标准差", "sd"),
				     L("中位数", "median"), L("最低分", "min"), L("最高分", "max"), L("及格率", "pass rate"),
				     L("优秀率", "excellence"), L("难度", "difficulty"), "α" };
	html_table_begin(&t, out, NULL);
	html_table_head(&t);
	html_table_row(&t);
	for (size_t i = 0; i < 11; i++)
		html_cell(&t, cols[i], HTML_TH | (i ? HTML_NUM : 0));
	html_table_body(&t);
	for (size_t i = 0; i < p->ngroups; i++)
		html_summary_row(&t, group_name(p, i), &p->groups[i].stats->paper, 0);
	html_summary_row(&t, all_name(0), &p->all->paper, 1);
	html_table_end(&t);
}

/* A chart id unique on the page: prefix and the paper's position. */
static void chart_id(struct buf *out, const char *prefix, size_t paper)
{
	buf_reset(out);
	buf_printf(out, "%s%zu", prefix, paper + 1);
}

static void html_distribution(struct buf *out, const struct results_paper *p, size_t pi)
{
	size_t ns = nseries(p);
	char *labels[ITEMSTATS_NBANDS];
	struct svg_series *series = xcalloc(ns, sizeof(*series));
	double *values = xcalloc(ns * ITEMSTATS_NBANDS, sizeof(double));
	struct buf id = BUF_INIT, b = BUF_INIT;
	for (size_t k = 0; k < ITEMSTATS_NBANDS; k++) {
		buf_reset(&b);
		results_band_label(&b, k);
		labels[k] = xstrdup(b.ptr);
	}
	for (size_t i = 0; i < ns; i++) {
		const struct itemstats_paper *pp = &series_stats(p, i)->paper;
		for (size_t k = 0; k < ITEMSTATS_NBANDS; k++)
			values[i * ITEMSTATS_NBANDS + k] = 100.0 * (double)pp->bands[k] / (double)pp->n;
		series[i] = (struct svg_series){ series_name(p, i), values + i * ITEMSTATS_NBANDS };
	}
	chart_id(&id, "dist", pi);
	struct svg_bar_chart c = { .id = id.ptr, .title = L("成绩分布（各校学生所占比例）", "Score distribution (share of each school's students)"),
		.x_title = L("得分（满分的百分比）", "score (share of full marks)"), .y_title = L("占本校学生 %", "% of the school's students"),
		.categories = (const char *const *)labels, .ncat = ITEMSTATS_NBANDS, .series = series, .nseries = ns,
		.legend = 1, .decimals = 0, .y_min = 0, .y_max = NAN };
	html_open(out, "figure", "nobreak");
	svg_bar_chart(out, &c, NULL);
	html_close(out, "figure");

	struct html_table t;
	html_table_begin(&t, out, "small");
	html_table_head(&t);
	html_table_row(&t);
	html_cell(&t, L("人数", "students"), HTML_TH);
	for (size_t k = 0; k < ITEMSTATS_NBANDS; k++)
		html_cell(&t, labels[k], HTML_TH | HTML_NUM);
	html_table_body(&t);
	for (size_t i = 0; i < ns; i++) {
		const struct itemstats_paper *pp = &series_stats(p, i)->paper;
		html_table_row(&t);
		html_cell(&t, series_name(p, i), 0);
		for (size_t k = 0; k < ITEMSTATS_NBANDS; k++)
			html_cell_num(&t, (double)pp->bands[k], 0, 0);
	}
	html_table_end(&t);
	for (size_t k = 0; k < ITEMSTATS_NBANDS; k++)
		free(labels[k]);
	free(series);
	free(values);
	buf_release(&id);
	buf_release(&b);
}

static void html_items(struct buf *out, const struct results_paper *p, size_t pi)
{
	struct html_table t;
	struct buf b = BUF_INIT, id = BUF_INIT;
	const char *const cols[] = { L("分值", "points"), L("平均分", "mean"), L("难度 P", "P"), L("高分组 P", "P upper"),
				     L("低分组 P", "P lower"), L("区分度 D", "D"), "r_pb", "r_it", L("删除后 α", "α if dropped") };
	html_table_begin(&t, out, NULL);
	html_table_head(&t);
	html_table_row(&t);
	html_cell(&t, L("题号", "no"), HTML_TH);
	if (p->item_ids)
		html_cell(&t, L("试题", "question"), HTML_TH);
	for (size_t i = 0; i < 9; i++)
		html_cell(&t, cols[i], HTML_TH | HTML_NUM);
	html_cell(&t, L("区分度评价", "Ebel's band"), HTML_TH);
	html_cell(&t, L("标记", "flags"), HTML_TH);
	html_table_body(&t);
	for (size_t j = 0; j < p->all->k; j++) {
		const struct itemstats_item *it = &p->all->items[j];
		html_table_row(&t);
		buf_reset(&b);
		item_label(&b, p, j);
		html_cell(&t, b.ptr, HTML_CENTER);
		if (p->item_ids)
			html_cell(&t, p->item_ids[j], 0);
		html_cell_num(&t, it->points, it->points == floor(it->points) ? 0 : 1, 0);
		html_cell_num(&t, it->mean, 2, 0);
		html_cell_num(&t, it->p, 3, 0);
		html_cell_num(&t, it->p_upper, 3, 0);
		html_cell_num(&t, it->p_lower, 3, 0);
		html_cell_num(&t, it->d, 3, 0);
		html_cell_num(&t, it->r_pb, 3, 0);
		html_cell_num(&t, it->r_it, 3, 0);
		html_cell_num(&t, it->alpha_if_deleted, 4, 0);
		html_cell(&t, itemstats_ebel_label(itemstats_ebel(it->d)), 0);
		buf_reset(&b);
		itemstats_flags_text(&b, it->flags);
		html_cell(&t, b.ptr, 0);
	}
	html_table_end(&t);

	size_t k = p->all->k;
	struct svg_point *pts = xcalloc(k, sizeof(*pts));
	char **labels = xcalloc(k, sizeof(char *));
	for (size_t j = 0; j < k; j++) {
		buf_reset(&b);
		item_label(&b, p, j);
		labels[j] = xstrdup(b.ptr);
		pts[j] = (struct svg_point){ p->all->items[j].p, p->all->items[j].d, labels[j], 0 };
	}
	struct svg_refline line = { SVG_HLINE, 0.2, "D = 0.2" };
	chart_id(&id, "pd", pi);
	struct svg_scatter sc = { .id = id.ptr, .title = L("难度 P 与区分度 D", "Difficulty P and discrimination D"),
		.x_title = L("难度 P（得分率）", "P (score rate)"), .y_title = L("区分度 D", "D"), .points = pts, .npoints = k,
		.lines = &line, .nlines = 1, .x_min = 0, .x_max = 1, .y_min = NAN, .y_max = NAN };
	html_open(out, "figure", "nobreak");
	svg_scatter(out, &sc, NULL);
	html_close(out, "figure");
	for (size_t j = 0; j < k; j++)
		free(labels[j]);
	free(labels);
	free(pts);
	buf_release(&b);
	buf_release(&id);
}

static void html_compare(struct buf *out, const struct results_paper *p)
{
	size_t k = p->all->k, nc = p->ngroups + 1;
	char **rows = xcalloc(k, sizeof(char *));
	const char **cols = xcalloc(nc, sizeof(char *));
	double *v = xcalloc(k * nc, sizeof(double));
	struct buf b = BUF_INIT;
	for (size_t j = 0; j < k; j++) {
		buf_reset(&b);
		item_label(&b, p, j);
		rows[j] = xstrdup(b.ptr);
		for (size_t i = 0; i < p->ngroups; i++)
			v[j * nc + i] = p->groups[i].stats->items[j].p;
		v[j * nc + p->ngroups] = p->all->items[j].p;
	}
	for (size_t i = 0; i < p->ngroups; i++)
		cols[i] = group_name(p, i);
	cols[p->ngroups] = all_name(0);
	struct svg_heat heat = { .title = L("各校各题得分率（难度 P）", "P of each item by school"), .corner = L("题号", "no"),
		.row_labels = (const char *const *)rows, .nrows = k, .col_labels = cols, .ncols = nc, .values = v,
		.decimals = 0, .percent = 1 };
	svg_heat_table(out, &heat, NULL);

	struct html_table t;
	html_heading(out, 3, L("各校区分度 D", "D by school"));
	html_table_begin(&t, out, NULL);
	html_table_head(&t);
	html_table_row(&t);
	html_cell(&t, L("题号", "no"), HTML_TH);
	for (size_t i = 0; i < nc; i++)
		html_cell(&t, cols[i], HTML_TH | HTML_NUM);
	html_table_body(&t);
	for (size_t j = 0; j < k; j++) {
		html_table_row(&t);
		html_cell(&t, rows[j], HTML_CENTER);
		for (size_t i = 0; i < p->ngroups; i++)
			html_cell_num(&t, p->groups[i].stats->items[j].d, 3, 0);
		html_cell_num(&t, p->all->items[j].d, 3, 0);
	}
	html_table_end(&t);

	/* The marks in words: what a 联考 summary meeting talks about. */
	html_heading(out, 3, L("得分率与其他学校相差较大的题目", "Items where a school's P differs from the others'"));
	size_t marked = 0;
	html_table_begin(&t, out, NULL);
	html_table_head(&t);
	html_table_row(&t);
	html_cell(&t, L("题号", "no"), HTML_TH);
	html_cell(&t, L("学校", "school"), HTML_TH);
	html_cell(&t, L("本校 P", "P"), HTML_TH | HTML_NUM);
	html_cell(&t, L("其他学校 P", "P of the others"), HTML_TH | HTML_NUM);
	html_cell(&t, L("差", "difference"), HTML_TH | HTML_NUM);
	html_table_body(&t);
	for (size_t j = 0; j < k; j++)
		for (size_t i = 0; i < p->ngroups; i++) {
			if (!p->groups[i].marked[j])
				continue;
			double pi = p->groups[i].stats->items[j].p, po = p->groups[i].p_others[j];
			marked++;
			html_table_row(&t);
			html_cell(&t, rows[j], HTML_CENTER);
			html_cell(&t, group_name(p, i), 0);
			html_cell_num(&t, pi, 3, 0);
			html_cell_num(&t, po, 3, 0);
			html_cell_num(&t, pi - po, 3, 0);
		}
	if (!marked) {
		html_table_row(&t);
		html_cell_span(&t, L("没有（差异超过 0.2 且该校至少 20 人时标出）", "none (marked above 0.2 with at least 20 students)"), 0, 5);
	}
	html_table_end(&t);
	for (size_t j = 0; j < k; j++)
		free(rows[j]);
	free(rows);
	free(cols);
	free(v);
	buf_release(&b);
}

int results_html(struct buf *out, const struct results_report *r, struct jy_err *err)
{
	int rc = check_report(r, err);
	if (rc)
		return rc;
	struct buf b = BUF_INIT;
	const char *title = r->title ? r->title : L("成绩分析", "Results");
	html_begin(out, title, "@page { size: A4 landscape; }");
	html_heading(out, 1, title);
	if (r->nmeta) {
		struct html_pair *pairs = xcalloc(r->nmeta, sizeof(*pairs));
		for (size_t i = 0; i < r->nmeta; i++)
			pairs[i] = (struct html_pair){ r->meta[i].label, r->meta[i].value };
		html_dl(out, pairs, r->nmeta);
		free(pairs);
	}
	for (size_t pi = 0; pi < r->npapers; pi++) {
		const struct results_paper *p = &r->papers[pi];
		html_open(out, "section", pi ? "pagebreak" : NULL);
		buf_reset(&b);
		paper_title(&b, p);
		html_heading(out, 2, b.ptr);
		html_summary(out, p);
		html_distribution(out, p, pi);
		html_heading(out, 3, L("试题分析", "Items"));
		html_items(out, p, pi);
		if (p->ngroups) {
			html_heading(out, 3, L("各校对比", "Schools compared"));
			html_compare(out, p);
		}
		html_close(out, "section");
	}
	buf_reset(&b);
	buf_printf(&b,
		   L("说明：难度 P = 平均得分 ÷ 分值；区分度 D = 高分组 P − 低分组 P（按总分各取 %g%%，分数线上同分者按比例计入）；"
		     "r_pb 为题目得分与总分的相关，r_it 为与去掉该题后总分的相关；α 为 Cronbach's α（方差一律除以 n−1）。"
		     "及格为总分达到满分的 %g%%，优秀为 %g%%。D < 0.2 修改或淘汰，r_it < 0 检查答案，P > 0.9 过易，P < 0.2 过难；"
		     "某校得分率与其他学校合计相差超过 0.2（该校至少 20 人）时标出。",
		     "Notes: P = mean score ÷ points; D = P of the upper minus the lower group (%g%% each by total, ties at the boundary "
		     "weighted fractionally); r_pb correlates the item with the total, r_it with the total without it; α is "
		     "Cronbach's α (n−1 throughout). Pass: total ≥ %g%% of full marks; excellence: %g%%. Flags: D < 0.2 revise or drop, "
		     "r_it < 0 check the key, P > 0.9 too easy, P < 0.2 too hard; a school whose P differs from the others' by more "
		     "than 0.2 (with at least 20 students) is marked."),
		   r->opts.group * 100, r->opts.pass * 100, r->opts.excellent * 100);
	html_para(out, "small", b.ptr);
	html_end(out);
	buf_release(&b);
	return 0;
}

/* ---- XLSX ---- */

#define FMT_RATE "0.0%"
#define FMT_3 "0.000"

/* A table header: the first of a sheet freezes the panes and repeats on printed pages; later ones are bold cells. */
static void xl_header(struct xlsx_sheet *s, unsigned row, const char *const *cols, size_t n, int *first)
{
	if (*first) {
		xlsx_table_header(s, row, cols, n, 0);
		*first = 0;
		return;
	}
	for (size_t i = 0; i < n; i++)
		xlsx_text(s, row, (unsigned)i, cols[i], XLSX_BOLD | XLSX_CENTER);
}

static void xl_summary_row(struct xlsx_sheet *s, unsigned row, const char *name, const struct itemstats_paper *pp, int bold)
{
	int f = bold ? XLSX_BOLD : 0;
	xlsx_text(s, row, 0, name, f);
	xlsx_number(s, row, 1, (double)pp->n, "0", f);
	xlsx_number(s, row, 2, pp->mean, "0.00", f);
	xlsx_number(s, row, 3, pp->sd, "0.00", f);
	xlsx_number(s, row, 4, pp->median, "0.0", f);
	xlsx_number(s, row, 5, pp->min, "0.0", f);
	xlsx_number(s, row, 6, pp->max, "0.0", f);
	xlsx_number(s, row, 7, pp->pass_rate, FMT_RATE, f);
	xlsx_number(s, row, 8, pp->excellent_rate, FMT_RATE, f);
	xlsx_number(s, row, 9, pp->difficulty, FMT_3, f);
	xlsx_number(s, row, 10, pp->alpha, "0.0000", f);
}

/* Rows a chart at scale 1 covers (288 px at 20 px a row), plus a gap. */
#define CHART_ROWS 16

static unsigned xl_summary(struct xlsx_sheet *s, unsigned row, const struct results_paper *p, int *first)
{
	const char *const cols[] = { L("学校", "school"), L("人数", "n"), L("平均分", "mean"), L("标准差", "sd"),
				     L("中位数", "median"), L("最低分", "min"), L("最高分", "max"), L("及格率", "pass rate"),
				     L("优秀率", "excellence rate"), L("难度", "difficulty"), "α" };
	struct buf b = BUF_INIT;
	paper_title(&b, p);
	xlsx_text(s, row++, 0, b.ptr, XLSX_PLAIN | XLSX_BOLD);
	xl_header(s, row++, cols, 11, first);
	for (size_t i = 0; i < p->ngroups; i++)
		xl_summary_row(s, row++, group_name(p, i), &p->groups[i].stats->paper, 0);
	xl_summary_row(s, row++, all_name(0), &p->all->paper, 1);
	row++;

	/* The distribution: counts per 10% band, and the native chart drawn from them. */
	size_t ns = nseries(p);
	unsigned head = row;
	xlsx_text(s, head, 0, L("成绩分布（人数）", "distribution (students)"), XLSX_BOLD | XLSX_CENTER);
	for (size_t k = 0; k < ITEMSTATS_NBANDS; k++) {
		buf_reset(&b);
		results_band_label(&b, k);
		xlsx_text(s, head, (unsigned)(k + 1), b.ptr, XLSX_BOLD | XLSX_CENTER);
	}
	struct xlsx_series *ser = xcalloc(ns, sizeof(*ser));
	for (size_t i = 0; i < ns; i++) {
		unsigned r = head + 1 + (unsigned)i;
		const struct itemstats_paper *pp = &series_stats(p, i)->paper;
		xlsx_text(s, r, 0, series_name(p, i), 0);
		for (size_t k = 0; k < ITEMSTATS_NBANDS; k++)
			xlsx_number(s, r, (unsigned)(k + 1), (double)pp->bands[k], "0", 0);
		ser[i] = (struct xlsx_series){ series_name(p, i), { head, 1, head, ITEMSTATS_NBANDS }, { r, 1, r, ITEMSTATS_NBANDS } };
	}
	row = head + 1 + (unsigned)ns + 1;
	struct xlsx_chart ch = { .kind = XLSX_COLUMN, .title = L("成绩分布（人数）", "Score distribution (students)"),
		.x_title = L("得分（满分的百分比）", "score (share of full marks)"), .y_title = L("人数", "students"), .series = ser,
		.nseries = ns, .legend = 1, .row = row, .col = 0, .scale = 1.3 };
	xlsx_chart(s, &ch);
	free(ser);
	buf_release(&b);
	return row + CHART_ROWS + 5;
}

static unsigned xl_compare(struct xlsx_sheet *s, unsigned row, const struct results_paper *p, int *first)
{
	size_t k = p->all->k, ng = p->ngroups, ncols = 3 + 2 * (ng + 1) + 1;
	const char **cols = xcalloc(ncols, sizeof(char *));
	char **owned = xcalloc(ncols, sizeof(char *));
	struct buf b = BUF_INIT;
	size_t c = 0;
	cols[c++] = L("试卷", "paper");
	cols[c++] = L("题号", "no");
	cols[c++] = L("分值", "points");
	for (int which = 0; which < 2; which++)
		for (size_t i = 0; i <= ng; i++) {
			owned[c] = xasprintf("%s %s", which ? "D" : "P", i < ng ? group_name(p, i) : all_name(0));
			cols[c] = owned[c];
			c++;
		}
	cols[c++] = L("得分率差异较大的学校（>0.2）", "schools whose P differs (> 0.2)");
	xl_header(s, row, cols, ncols, first);
	unsigned head = row++;
	for (size_t j = 0; j < k; j++, row++) {
		xlsx_text(s, row, 0, paper_label(p), XLSX_CENTER);
		buf_reset(&b);
		item_label(&b, p, j);
		xlsx_text(s, row, 1, b.ptr, XLSX_CENTER);
		xlsx_number(s, row, 2, p->all->items[j].points, NULL, 0);
		buf_reset(&b);
		for (size_t i = 0; i <= ng; i++) {
			const struct itemstats_result *st = i < ng ? p->groups[i].stats : p->all;
			xlsx_number(s, row, (unsigned)(3 + i), st->items[j].p, FMT_3, 0);
			xlsx_number(s, row, (unsigned)(3 + ng + 1 + i), st->items[j].d, FMT_3, 0);
			if (i < ng && p->groups[i].marked[j])
				buf_printf(&b, "%s%s", b.len ? L("、", ", ") : "", group_name(p, i));
		}
		xlsx_text(s, row, (unsigned)(ncols - 1), b.ptr, 0);
	}
	/* P per school and item, the schools side by side. */
	size_t ns = nseries(p);
	struct xlsx_series *ser = xcalloc(ns, sizeof(*ser));
	for (size_t i = 0; i < ns; i++) {
		unsigned col = (unsigned)(3 + (ng ? i : ng));
		ser[i] = (struct xlsx_series){ series_name(p, i), { head + 1, 1, head + (unsigned)k, 1 }, { head + 1, col, head + (unsigned)k, col } };
	}
	row++;
	struct xlsx_chart ch = { .kind = XLSX_COLUMN, .title = L("各校各题得分率（P）", "P of each item by school"),
		.x_title = L("题号", "item"), .y_title = "P", .series = ser, .nseries = ns, .legend = 1, .value_format = "0%",
		.row = row, .col = 0, .scale = 1.5 };
	xlsx_chart(s, &ch);
	for (size_t i = 0; i < ncols; i++)
		free(owned[i]);
	free(owned);
	free(cols);
	free(ser);
	buf_release(&b);
	return row + CHART_ROWS + 8;
}

static unsigned xl_items(struct xlsx_sheet *s, unsigned row, const struct results_paper *p, int *first)
{
	const char *const cols[] = { L("试卷", "paper"), L("题号", "no"), L("试题", "question"), L("分值", "points"),
				     L("平均分", "mean"), L("标准差", "sd"), L("难度 P", "P"), L("高分组 P", "P upper"),
				     L("低分组 P", "P lower"), L("区分度 D", "D"), "r_pb", "r_it", L("删除后 α", "α if dropped"),
				     L("区分度评价", "Ebel's band"), L("标记", "flags") };
	struct buf b = BUF_INIT;
	size_t k = p->all->k;
	xl_header(s, row, cols, 15, first);
	unsigned head = row++;
	for (size_t j = 0; j < k; j++, row++) {
		const struct itemstats_item *it = &p->all->items[j];
		xlsx_text(s, row, 0, paper_label(p), XLSX_CENTER);
		buf_reset(&b);
		item_label(&b, p, j);
		xlsx_text(s, row, 1, b.ptr, XLSX_CENTER);
		xlsx_text(s, row, 2, p->item_ids ? p->item_ids[j] : NULL, 0);
		xlsx_number(s, row, 3, it->points, NULL, 0);
		xlsx_number(s, row, 4, it->mean, "0.00", 0);
		xlsx_number(s, row, 5, it->sd, "0.00", 0);
		xlsx_number(s, row, 6, it->p, FMT_3, 0);
		xlsx_number(s, row, 7, it->p_upper, FMT_3, 0);
		xlsx_number(s, row, 8, it->p_lower, FMT_3, 0);
		xlsx_number(s, row, 9, it->d, FMT_3, 0);
		xlsx_number(s, row, 10, it->r_pb, FMT_3, 0);
		xlsx_number(s, row, 11, it->r_it, FMT_3, 0);
		xlsx_number(s, row, 12, it->alpha_if_deleted, "0.0000", 0);
		xlsx_text(s, row, 13, itemstats_ebel_label(itemstats_ebel(it->d)), 0);
		buf_reset(&b);
		itemstats_flags_text(&b, it->flags);
		xlsx_text(s, row, 14, b.ptr, 0);
	}
	buf_reset(&b);
	if (*paper_label(p))
		buf_printf(&b, L("试卷 %s", "paper %s"), paper_label(p));
	else
		buf_puts(&b, L("试题", "items"));
	struct xlsx_series ser = { b.ptr, { head + 1, 6, head + (unsigned)k, 6 }, { head + 1, 9, head + (unsigned)k, 9 } };
	row++;
	struct xlsx_chart ch = { .kind = XLSX_SCATTER, .title = L("难度 P 与区分度 D", "Difficulty P and discrimination D"),
		.x_title = L("难度 P", "P"), .y_title = L("区分度 D", "D"), .series = &ser, .nseries = 1, .legend = -1,
		.row = row, .col = 0, .scale = 1.2 };
	xlsx_chart(s, &ch);
	buf_release(&b);
	return row + CHART_ROWS + 4;
}

int results_xlsx(FILE *fp, const struct results_report *r, time_t created, struct jy_err *err)
{
	struct xlsx *x = NULL;
	struct xlsx_sheet *sum, *cmp, *items;
	int rc = check_report(r, err);
	if (rc || (rc = xlsx_new(&x, created, err)))
		return rc;
	if ((rc = xlsx_add_sheet(&sum, x, "汇总", err)) || (rc = xlsx_add_sheet(&cmp, x, "各校对比", err)) ||
	    (rc = xlsx_add_sheet(&items, x, "试题分析", err))) {
		xlsx_free(x);
		return rc;
	}
	size_t n = r->nmeta + 3;
	struct xlsx_pair *pairs = xcalloc(n, sizeof(*pairs));
	char pass[32], excellent[32], group[32];
	for (size_t i = 0; i < r->nmeta; i++)
		pairs[i] = (struct xlsx_pair){ r->meta[i].label, r->meta[i].value };
	snprintf(pass, sizeof(pass), "%g%%", r->opts.pass * 100);
	snprintf(excellent, sizeof(excellent), "%g%%", r->opts.excellent * 100);
	snprintf(group, sizeof(group), "%g%%", r->opts.group * 100);
	pairs[r->nmeta] = (struct xlsx_pair){ L("及格线（满分的）", "pass (of full marks)"), pass };
	pairs[r->nmeta + 1] = (struct xlsx_pair){ L("优秀线（满分的）", "excellence (of full marks)"), excellent };
	pairs[r->nmeta + 2] = (struct xlsx_pair){ L("高低分组（各占）", "upper/lower groups (each)"), group };
	unsigned row = 0, crow = 0, irow = 0;
	int f_sum = 1, f_cmp = 1, f_items = 1;
	xlsx_header_block(&row, sum, r->title ? r->title : L("成绩分析", "Results"), pairs, n);
	free(pairs);
	for (size_t pi = 0; pi < r->npapers; pi++) {
		const struct results_paper *p = &r->papers[pi];
		row = xl_summary(sum, row, p, &f_sum);
		crow = xl_compare(cmp, crow, p, &f_cmp);
		irow = xl_items(items, irow, p, &f_items);
	}
	return xlsx_write_to(x, fp, err);
}
