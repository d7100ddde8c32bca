/* itemstats: the one implementation of item analysis (P, D, r_pb, r_it, α), school comparison and the score CSV reader. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/csv.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/text.h"

/* Tolerance for threshold comparisons: 0.7 − 0.5 is 0.19999999999999996 in binary. */
#define EPS 1e-9

static int at_least(double a, double b)
{
	return a >= b - EPS * fmax(1.0, fabs(b));
}

static int below(double a, double b)
{
	return a < b - EPS * fmax(1.0, fabs(b));
}

static int above(double a, double b)
{
	return a > b + EPS * fmax(1.0, fabs(b));
}

/* ---- The table ---- */

struct itemstats_table *itemstats_table_new(size_t n, size_t k)
{
	struct itemstats_table *t = xcalloc(1, sizeof(*t));
	t->n = n;
	t->k = k;
	if (k && n > (size_t)-1 / k)
		abort(); /* n × k overflows: no table of that size fits in memory anyway */
	t->scores = xcalloc(n * k, sizeof(double));
	t->points = xcalloc(k, sizeof(double));
	t->students = xcalloc(n, sizeof(char *));
	t->papers = xcalloc(n, sizeof(char *));
	t->groups = xcalloc(n, sizeof(char *));
	t->lines = xcalloc(n, sizeof(size_t));
	return t;
}

void itemstats_table_free(struct itemstats_table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++) {
		free(t->students[i]);
		free(t->papers[i]);
		free(t->groups[i]);
	}
	free(t->scores);
	free(t->points);
	free(t->students);
	free(t->papers);
	free(t->groups);
	free(t->lines);
	free(t);
}

static char *dup_or_null(const char *s)
{
	return s ? xstrdup(s) : NULL;
}

struct itemstats_table *itemstats_table_rows(const struct itemstats_table *t, const size_t *rows, size_t m)
{
	struct itemstats_table *o = itemstats_table_new(m, t->k);
	if (t->k)
		memcpy(o->points, t->points, t->k * sizeof(double));
	o->points_inferred = t->points_inferred;
	for (size_t i = 0; i < m; i++) {
		size_t r = rows[i];
		if (t->k)
			memcpy(o->scores + i * t->k, t->scores + r * t->k, t->k * sizeof(double));
		o->students[i] = dup_or_null(t->students[r]);
		o->papers[i] = dup_or_null(t->papers[r]);
		o->groups[i] = dup_or_null(t->groups[r]);
		o->lines[i] = t->lines[r];
	}
	return o;
}

/* ---- Checks ---- */

static int check_opts(const struct itemstats_opts *o, struct jy_err *err)
{
	if (!(o->pass > 0 && o->pass <= 1))
		return err_set(err, JY_EINVAL, L("及格线 %g 无效（应为满分的比例，大于 0 且不超过 1）",
						 "pass share %g is invalid (a share of full marks, above 0 and at most 1)"), o->pass);
	if (!(o->excellent > 0 && o->excellent <= 1))
		return err_set(err, JY_EINVAL, L("优秀线 %g 无效（应为满分的比例，大于 0 且不超过 1）",
						 "excellence share %g is invalid (a share of full marks, above 0 and at most 1)"),
			       o->excellent);
	if (!(o->group > 0 && o->group <= 0.5))
		return err_set(err, JY_EINVAL, L("高低分组比例 %g 无效（应大于 0 且不超过 0.5）",
						 "upper/lower group share %g is invalid (above 0 and at most 0.5)"), o->group);
	return 0;
}

static void who(struct buf *out, const struct itemstats_table *t, size_t i)
{
	if (t->students[i] && *t->students[i])
		buf_printf(out, L("学号 %s", "student %s"), t->students[i]);
	else
		buf_printf(out, L("第 %zu 个学生", "student #%zu"), i + 1);
}

static int check_table(const struct itemstats_table *t, struct jy_err *err)
{
	if (!t->n)
		return err_set(err, JY_EINVAL, L("没有学生成绩，无法统计", "there are no students' scores to analyse"));
	if (!t->k)
		return err_set(err, JY_EINVAL, L("没有题目，无法统计", "there are no items to analyse"));
	for (size_t j = 0; j < t->k; j++)
		if (!(isfinite(t->points[j]) && t->points[j] > 0))
			return err_set(err, JY_EINVAL, L("第 %zu 题的满分 %g 无效（应大于 0）", "item %zu: maximum %g is invalid (it must be above 0)"),
				       j + 1, t->points[j]);
	for (size_t i = 0; i < t->n; i++)
		for (size_t j = 0; j < t->k; j++) {
			double x = t->scores[i * t->k + j];
			if (isfinite(x) && x >= 0 && x <= t->points[j])
				continue;
			struct buf w = BUF_INIT;
			who(&w, t, i);
			int rc = err_set(err, JY_EINVAL, L("%s 第 %zu 题得分 %g 无效（应在 0 到满分 %g 之间）",
							   "%s, item %zu: score %g is invalid (it must be within 0 and the maximum %g)"),
					 w.ptr, j + 1, x, t->points[j]);
			buf_release(&w);
			return rc;
		}
	return 0;
}

/* ---- Analysis ---- */

struct ranked {
	double total;
	const double *row;
	size_t k;
};

/* Highest total first; equal totals by their score vectors, so that students
 * who tie are summed in an order fixed by their values and D comes out
 * bit-identical however the rows were ordered. */
static int ranked_cmp(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	for (size_t j = 0; j < a->k; j++)
		if (a->row[j] != b->row[j])
			return a->row[j] > b->row[j] ? -1 : 1;
	return 0;
}

/* The x-th student counted from the top (from_top) or from the bottom of the ranking. */
static const struct ranked *nth(const struct ranked *rk, size_t n, size_t x, int from_top)
{
	return &rk[from_top ? x : n - 1 - x];
}

/*
 * Item score sums of the `g`-student group taken from one end of the ranking
 * (top when from_top, else bottom): whole blocks of equal totals weigh 1 each
 * while they fit; the block straddling the boundary shares what is left.
 */
static void group_sums(double *sums, const struct ranked *rk, size_t n, size_t k, double g, int from_top)
{
	double taken = 0;
	size_t i = 0;
	for (size_t j = 0; j < k; j++)
		sums[j] = 0;
	while (i < n && taken < g) {
		size_t b = i + 1;
		while (b < n && nth(rk, n, b, from_top)->total == nth(rk, n, i, from_top)->total)
			b++;
		double cnt = (double)(b - i);
		double w = taken + cnt <= g ? 1.0 : (g - taken) / cnt;
		for (size_t j = 0; j < k; j++) {
			double s = 0;
			for (size_t x = i; x < b; x++)
				s += nth(rk, n, x, from_top)->row[j];
			sums[j] += w * s;
		}
		taken += w * cnt;
		if (w < 1.0)
			break;
		i = b;
	}
}

static double corr(double sxy, double sxx, double syy)
{
	if (!(sxx > 0) || !(syy > 0))
		return NAN;
	return sxy / sqrt(sxx * syy);
}

static void flag_item(struct itemstats_item *it)
{
	it->flags = 0;
	if (below(it->d, 0.2))
		it->flags |= ITEMSTATS_FLAG_LOW_D;
	if (below(it->r_it, 0))
		it->flags |= ITEMSTATS_FLAG_NEG_R;
	if (above(it->p, 0.9))
		it->flags |= ITEMSTATS_FLAG_EASY;
	if (below(it->p, 0.2))
		it->flags |= ITEMSTATS_FLAG_HARD;
}

/* t and opts already checked. */
static struct itemstats_result *analyse(const struct itemstats_table *t, const struct itemstats_opts *o)
{
	size_t n = t->n, k = t->k;
	struct itemstats_result *r = xcalloc(1, sizeof(*r));
	struct itemstats_paper *pp = &r->paper;
	r->k = k;
	r->items = xcalloc(k, sizeof(*r->items));
	double *tot = xcalloc(n, sizeof(double));
	double *sum = xcalloc(k, sizeof(double)), *rest_sum = xcalloc(k, sizeof(double));
	double *ss = xcalloc(k, sizeof(double)), *sp_t = xcalloc(k, sizeof(double));
	double *ss_rest = xcalloc(k, sizeof(double)), *sp_rest = xcalloc(k, sizeof(double));
	double *up = xcalloc(k, sizeof(double)), *lo = xcalloc(k, sizeof(double));
	struct ranked *rk = xcalloc(n, sizeof(*rk));

	pp->n = n;
	pp->full = 0;
	for (size_t j = 0; j < k; j++)
		pp->full += t->points[j];

	double tsum = 0;
	for (size_t i = 0; i < n; i++) {
		const double *row = t->scores + i * k;
		for (size_t j = 0; j < k; j++)
			tot[i] += row[j];
		tsum += tot[i];
		for (size_t j = 0; j < k; j++) {
			sum[j] += row[j];
			rest_sum[j] += tot[i] - row[j];
		}
		rk[i] = (struct ranked){ tot[i], row, k };
	}
	double mt = tsum / (double)n, ss_t = 0;
	for (size_t i = 0; i < n; i++) {
		const double *row = t->scores + i * k;
		double dt = tot[i] - mt;
		ss_t += dt * dt;
		for (size_t j = 0; j < k; j++) {
			/* Means taken separately (not mt − mx) so a constant rest has exactly zero deviations. */
			double dx = row[j] - sum[j] / (double)n;
			double dr = (tot[i] - row[j]) - rest_sum[j] / (double)n;
			ss[j] += dx * dx;
			sp_t[j] += dx * dt;
			ss_rest[j] += dr * dr;
			sp_rest[j] += dx * dr;
		}
	}

	pp->mean = mt;
	pp->sd = n < 2 ? NAN : sqrt(ss_t / (double)(n - 1));
	qsort(rk, n, sizeof(*rk), ranked_cmp);
	pp->max = rk[0].total;
	pp->min = rk[n - 1].total;
	/* rk is descending: the middle is symmetric, so the median is the same. */
	pp->median = n % 2 ? rk[n / 2].total : (rk[n / 2 - 1].total + rk[n / 2].total) / 2;
	size_t pass = 0, excellent = 0;
	for (size_t i = 0; i < n; i++) {
		if (at_least(tot[i], o->pass * pp->full))
			pass++;
		if (at_least(tot[i], o->excellent * pp->full))
			excellent++;
		double b = floor(tot[i] * ITEMSTATS_NBANDS / pp->full + EPS);
		size_t band = b < 0 ? 0 : b >= ITEMSTATS_NBANDS ? ITEMSTATS_NBANDS - 1 : (size_t)b;
		pp->bands[band]++;
	}
	pp->pass_rate = (double)pass / (double)n;
	pp->excellent_rate = (double)excellent / (double)n;

	/* Each group weighs exactly group × n; 0.27 × 100 must be 27, not 27.000000000000004. */
	double g = o->group * (double)n, gr = nearbyint(g);
	if (fabs(g - gr) < EPS * fmax(1.0, g))
		g = gr;
	group_sums(up, rk, n, k, g, 1);
	group_sums(lo, rk, n, k, g, 0);

	double ssum = 0, weighted = 0;
	for (size_t j = 0; j < k; j++) {
		struct itemstats_item *it = &r->items[j];
		double pts = t->points[j];
		it->points = pts;
		it->mean = sum[j] / (double)n;
		it->sd = n < 2 ? NAN : sqrt(ss[j] / (double)(n - 1));
		it->p = it->mean / pts;
		it->p_upper = up[j] / (g * pts);
		it->p_lower = lo[j] / (g * pts);
		it->d = it->p_upper - it->p_lower;
		it->r_pb = corr(sp_t[j], ss[j], ss_t);
		it->r_it = corr(sp_rest[j], ss[j], ss_rest[j]);
		ssum += ss[j];
		weighted += pts * it->p;
	}
	pp->difficulty = weighted / pp->full;
	/* Σ var(item) / var(total) with the same n − 1 in both: the ratio of the sums of squares. */
	pp->alpha = k < 2 || n < 2 || !(ss_t > 0) ? NAN : (double)k / (double)(k - 1) * (1 - ssum / ss_t);
	for (size_t j = 0; j < k; j++) {
		struct itemstats_item *it = &r->items[j];
		it->alpha_if_deleted = k < 3 || n < 2 || !(ss_rest[j] > 0)
					       ? NAN
					       : (double)(k - 1) / (double)(k - 2) * (1 - (ssum - ss[j]) / ss_rest[j]);
		flag_item(it);
	}

	free(tot);
	free(sum);
	free(rest_sum);
	free(ss);
	free(sp_t);
	free(ss_rest);
	free(sp_rest);
	free(up);
	free(lo);
	free(rk);
	return r;
}

static const struct itemstats_opts default_opts = ITEMSTATS_OPTS_INIT;

int itemstats_compute(struct itemstats_result **out, const struct itemstats_table *t,
		      const struct itemstats_opts *opts, struct jy_err *err)
{
	const struct itemstats_opts *o = opts ? opts : &default_opts;
	int rc = check_opts(o, err);
	if (rc || (rc = check_table(t, err)))
		return rc;
	*out = analyse(t, o);
	return 0;
}

void itemstats_result_free(struct itemstats_result *r)
{
	if (!r)
		return;
	free(r->items);
	free(r);
}

/* ---- Labels and formatting ---- */

const char *itemstats_flag_label(unsigned flag)
{
	switch (flag) {
	case ITEMSTATS_FLAG_LOW_D:
		return L("修改或淘汰", "revise or drop");
	case ITEMSTATS_FLAG_NEG_R:
		return L("检查答案", "check the key");
	case ITEMSTATS_FLAG_EASY:
		return L("过易", "too easy");
	case ITEMSTATS_FLAG_HARD:
		return L("过难", "too hard");
	default:
		return "";
	}
}

void itemstats_flags_text(struct buf *out, unsigned flags)
{
	int first = 1;
	for (unsigned i = 0; i < ITEMSTATS_NFLAGS; i++) {
		unsigned f = 1u << i;
		if (!(flags & f))
			continue;
		if (!first)
			buf_puts(out, L("、", ", "));
		buf_puts(out, itemstats_flag_label(f));
		first = 0;
	}
}

enum itemstats_ebel itemstats_ebel(double d)
{
	if (isnan(d))
		return ITEMSTATS_EBEL_NONE;
	if (at_least(d, 0.4))
		return ITEMSTATS_EBEL_GOOD;
	if (at_least(d, 0.3))
		return ITEMSTATS_EBEL_FAIR;
	if (at_least(d, 0.2))
		return ITEMSTATS_EBEL_MARGINAL;
	return ITEMSTATS_EBEL_POOR;
}

const char *itemstats_ebel_label(enum itemstats_ebel band)
{
	switch (band) {
	case ITEMSTATS_EBEL_GOOD:
		return L("优良", "very good");
	case ITEMSTATS_EBEL_FAIR:
		return L("合格", "reasonably good");
	case ITEMSTATS_EBEL_MARGINAL:
		return L("尚可（需修改）", "marginal (needs revision)");
	case ITEMSTATS_EBEL_POOR:
		return L("差（淘汰或修改）", "poor (drop or revise)");
	case ITEMSTATS_EBEL_NONE:
	default:
		return "NA";
	}
}

void itemstats_fmt(struct buf *out, double v, int decimals)
{
	if (!isfinite(v)) {
		buf_puts(out, "NA");
		return;
	}
	size_t start = out->len;
	buf_printf(out, "%.*f", decimals < 0 ? 0 : decimals, v);
	if (out->ptr[start] != '-')
		return;
	for (size_t i = start + 1; i < out->len; i++)
		if (out->ptr[i] != '0' && out->ptr[i] != '.')
			return;
	memmove(out->ptr + start, out->ptr + start + 1, out->len - start);
	out->len--;
}

/* ---- Comparison ---- */

struct named {
	const char *name;
	size_t row;
};

static int named_cmp(const void *pa, const void *pb)
{
	const struct named *a = pa, *b = pb;
	int c = strcmp(a->name, b->name);
	if (c)
		return c;
	return a->row < b->row ? -1 : a->row > b->row;
}

int itemstats_compare(struct itemstats_compare **out, const struct itemstats_table *t,
		      const struct itemstats_opts *opts, struct jy_err *err)
{
	const struct itemstats_opts *o = opts ? opts : &default_opts;
	int rc = check_opts(o, err);
	if (rc || (rc = check_table(t, err)))
		return rc;
	for (size_t i = 0; i < t->n; i++)
		if (!t->groups[i] || !*t->groups[i]) {
			struct buf w = BUF_INIT;
			who(&w, t, i);
			rc = err_set(err, JY_EINVAL, L("%s 没有所属学校（分组），无法比较", "%s has no school (group) to compare by"), w.ptr);
			buf_release(&w);
			return rc;
		}
	size_t n = t->n, k = t->k;
	struct named *by = xcalloc(n, sizeof(*by));
	for (size_t i = 0; i < n; i++)
		by[i] = (struct named){ t->groups[i], i };
	qsort(by, n, sizeof(*by), named_cmp);

	struct itemstats_compare *c = xcalloc(1, sizeof(*c));
	c->all = analyse(t, o);
	size_t ng = 0;
	for (size_t i = 0; i < n; i++)
		if (i == 0 || strcmp(by[i].name, by[i - 1].name) != 0)
			ng++;
	c->ngroups = ng;
	c->groups = xcalloc(ng, sizeof(*c->groups));
	double *gsum = xcalloc(ng * k, sizeof(double));
	size_t *gn = xcalloc(ng, sizeof(size_t));
	size_t *rows = xcalloc(n, sizeof(size_t));

	size_t gi = 0;
	for (size_t a = 0; a < n; gi++) {
		size_t b = a + 1;
		while (b < n && strcmp(by[b].name, by[a].name) == 0)
			b++;
		for (size_t x = a; x < b; x++) {
			rows[x - a] = by[x].row;
			for (size_t j = 0; j < k; j++)
				gsum[gi * k + j] += t->scores[by[x].row * k + j];
		}
		gn[gi] = b - a;
		struct itemstats_table *sub = itemstats_table_rows(t, rows, b - a);
		struct itemstats_group *grp = &c->groups[gi];
		grp->name = xstrdup(by[a].name);
		grp->stats = analyse(sub, o);
		itemstats_table_free(sub);
		a = b;
	}
	for (gi = 0; gi < ng; gi++) {
		struct itemstats_group *grp = &c->groups[gi];
		grp->p_others = xcalloc(k, sizeof(double));
		grp->marked = xcalloc(k, 1);
		size_t others = n - gn[gi];
		for (size_t j = 0; j < k; j++) {
			double s = 0;
			for (size_t h = 0; h < ng; h++)
				if (h != gi)
					s += gsum[h * k + j];
			grp->p_others[j] = others ? s / ((double)others * t->points[j]) : NAN;
			grp->marked[j] = gn[gi] >= ITEMSTATS_MARK_MIN_N && others &&
					 above(fabs(grp->stats->items[j].p - grp->p_others[j]), ITEMSTATS_MARK_DIFF);
		}
	}
	free(by);
	free(gsum);
	free(gn);
	free(rows);
	*out = c;
	return 0;
}

void itemstats_compare_free(struct itemstats_compare *c)
{
	if (!c)
		return;
	itemstats_result_free(c->all);
	for (size_t i = 0; i < c->ngroups; i++) {
		free((char *)c->groups[i].name);
		itemstats_result_free(c->groups[i].stats);
		free(c->groups[i].p_others);
		free(c->groups[i].marked);
	}
	free(c->groups);
	free(c);
}

/* ---- CSV ---- */

static void trim_cell(struct buf *out, const char *s)
{
	size_t n;
	const char *p = text_trim(s, &n);
	buf_reset(out);
	buf_add(out, p, n);
}

static const char *field(const struct csv_row *row, size_t i)
{
	return i < row->fields.len ? row->fields.items[i] : "";
}

static int blank_row(const struct csv_row *row, struct buf *tmp)
{
	for (size_t i = 0; i < row->fields.len; i++) {
		trim_cell(tmp, row->fields.items[i]);
		if (tmp->len)
			return 0;
	}
	return 1;
}

/* Digits (at most 9), then optionally '.' and one 0 or 5: exactly the half-point scores people type. */
static int parse_score(const char *s, double *v)
{
	size_t d = 0;
	while (s[d] >= '0' && s[d] <= '9')
		d++;
	if (d == 0 || d > 9)
		return -1;
	if (s[d] == '.') {
		if ((s[d + 1] != '0' && s[d + 1] != '5') || s[d + 2] != '\0')
			return -1;
	} else if (s[d] != '\0') {
		return -1;
	}
	*v = strtod(s, NULL);
	return 0;
}

/* Appends one fault to a row's message, separated by "；". */
static void fault(struct buf *msg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void fault(struct buf *msg, const char *fmt, ...)
{
	va_list ap;
	if (msg->len)
		buf_puts(msg, L("；", "; "));
	va_start(ap, fmt);
	buf_vprintf(msg, fmt, ap);
	va_end(ap);
}

static char *row_problem(size_t line, const struct buf *msg)
{
	return xasprintf(L("第 %zu 行：%s", "line %zu: %s"), line, msg->ptr);
}

#define HEADER_HINT "学号,试卷,1,2,…,N"

/* Reads the header row into *first_item (column of item 1) and *nitems; faults go to msg. */
static void read_header(const struct csv_row *head, size_t *first_item, size_t *nitems, int *has_paper,
			struct buf *msg, struct buf *cell)
{
	size_t c = 0;
	*has_paper = 0;
	*nitems = 0;
	trim_cell(cell, field(head, 0));
	if (strcmp(cell->ptr, "学号") != 0)
		fault(msg, L("第 1 列表头应为「学号」，不是「%s」（表头：" HEADER_HINT "）",
			     "the first header cell must be \"学号\", not \"%s\" (header: " HEADER_HINT ")"), cell->ptr);
	c = 1;
	trim_cell(cell, field(head, 1));
	if (strcmp(cell->ptr, "试卷") == 0) {
		*has_paper = 1;
		c = 2;
	}
	*first_item = c;
	for (; c < head->fields.len; c++) {
		trim_cell(cell, head->fields.items[c]);
		if (!cell->len)
			break;
		char want[24];
		snprintf(want, sizeof(want), "%zu", *nitems + 1);
		if (strcmp(cell->ptr, want) != 0) {
			fault(msg, L("第 %zu 列表头是「%s」，应为题号 %s（题号列依次为 1,2,…,N）",
				     "header cell %zu is \"%s\", item number %s expected (the items are 1,2,…,N in order)"),
			      c + 1, cell->ptr, want);
			return;
		}
		(*nitems)++;
	}
	for (; c < head->fields.len; c++) {
		trim_cell(cell, head->fields.items[c]);
		if (cell->len) {
			fault(msg, L("第 %zu 列表头「%s」前有空的表头（题号列依次为 1,2,…,N，中间不能空）",
				     "header cell %zu \"%s\" follows an empty header cell (items 1,2,…,N without gaps)"),
			      c + 1, cell->ptr);
			return;
		}
	}
	if (!*nitems)
		fault(msg, L("表头没有题号列（表头：" HEADER_HINT "）", "the header has no item columns (header: " HEADER_HINT ")"));
}

struct id_at {
	const char *id;
	size_t student;
};

static int id_cmp(const void *pa, const void *pb)
{
	const struct id_at *a = pa, *b = pb;
	int c = strcmp(a->id, b->id);
	if (c)
		return c;
	return a->student < b->student ? -1 : a->student > b->student;
}

int itemstats_read_csv(struct itemstats_table **out, const char **encoding_out, struct vec *problems,
		       const char *data, size_t len, const struct itemstats_csv_opts *opts, struct jy_err *err)
{
	static const struct itemstats_csv_opts no_opts = { NULL, 0, 0 };
	const struct itemstats_csv_opts *o = opts ? opts : &no_opts;
	struct buf text = BUF_INIT, cell = BUF_INIT, hmsg = BUF_INIT;
	struct vec rows = VEC_INIT(csv_row_free), found = VEC_INIT(free);
	struct itemstats_table *t = NULL;
	struct buf *msgs = NULL; /* one per student row */
	struct id_at *ids = NULL;
	size_t h = 0, first_item = 0, k = 0, m = 0, nbad = 0;
	int has_paper = 0;
	int rc = csv_to_utf8(&text, encoding_out, data, len, err);
	if (rc || (rc = csv_parse(&rows, text.ptr, text.len, err)))
		goto cleanup;
	while (h < rows.len && blank_row(rows.items[h], &cell))
		h++;
	if (h == rows.len) {
		rc = err_set(err, JY_EINVAL, L("文件是空的（第一行应为表头：%s）", "the file is empty (the first line is the header: %s)"),
			     HEADER_HINT);
		goto cleanup;
	}
	const struct csv_row *head = rows.items[h];
	read_header(head, &first_item, &k, &has_paper, &hmsg, &cell);
	if (hmsg.len) {
		vec_push(&found, row_problem(head->line, &hmsg));
		goto report;
	}
	if (o->points && o->npoints != k) {
		rc = err_set(err, JY_EINVAL, L("给出了 %zu 道题的满分，表头有 %zu 道题", "maxima were given for %zu items, the header has %zu"),
			     o->npoints, k);
		goto cleanup;
	}
	for (size_t j = 0; o->points && j < k; j++)
		if (!(isfinite(o->points[j]) && o->points[j] > 0)) {
			rc = err_set(err, JY_EINVAL, L("第 %zu 题的满分 %g 无效（应大于 0）", "item %zu: maximum %g is invalid (it must be above 0)"),
				     j + 1, o->points[j]);
			goto cleanup;
		}

	for (size_t r = h + 1; r < rows.len; r++)
		if (!blank_row(rows.items[r], &cell))
			m++;
	if (!m) {
		rc = err_set(err, JY_EINVAL, L("文件只有表头，没有学生成绩", "the file has a header but no students' scores"));
		goto cleanup;
	}
	t = itemstats_table_new(m, k);
	msgs = xcalloc(m, sizeof(*msgs));
	for (size_t s = 0; s < m; s++)
		buf_init(&msgs[s]);
	ids = xcalloc(m, sizeof(*ids));
	size_t ncols = first_item + k, nids = 0;
	size_t i = 0;
	for (size_t r = h + 1; r < rows.len; r++) {
		const struct csv_row *row = rows.items[r];
		if (blank_row(row, &cell))
			continue;
		struct buf *msg = &msgs[i];
		t->lines[i] = row->line;
		trim_cell(&cell, field(row, 0));
		struct jy_err e = JY_ERR_INIT;
		if (!cell.len) {
			fault(msg, L("学号不能为空", "学号 (student number) may not be empty"));
		} else if (text_check_value("学号", cell.ptr, cell.len, &e)) {
			fault(msg, "%s", e.msg);
		} else {
			t->students[i] = xstrdup(cell.ptr);
			ids[nids++] = (struct id_at){ t->students[i], i };
		}
		if (has_paper) {
			trim_cell(&cell, field(row, 1));
			if (!cell.len)
				fault(msg, L("试卷不能为空（应为 A 或 B）", "试卷 (paper) may not be empty (A or B)"));
			else if (strcmp(cell.ptr, "A") == 0 || strcmp(cell.ptr, "a") == 0)
				t->papers[i] = xstrdup("A");
			else if (strcmp(cell.ptr, "B") == 0 || strcmp(cell.ptr, "b") == 0)
				t->papers[i] = xstrdup("B");
			else
				fault(msg, L("试卷应为 A 或 B，不是「%s」", "试卷 (paper) must be A or B, not \"%s\""), cell.ptr);
		}
		if (row->fields.len < ncols)
			fault(msg, L("只有 %zu 列，表头有 %zu 列（缺少的成绩要写 0 或留空格子，不能少逗号）",
				     "only %zu columns, the header has %zu (write 0 or leave the cell empty; do not drop commas)"),
			      row->fields.len, ncols);
		int hinted = 0;
		for (size_t j = 0; j < k && first_item + j < row->fields.len; j++) {
			double v = 0;
			trim_cell(&cell, row->fields.items[first_item + j]);
			if (!cell.len) {
				if (!o->blank_zero)
					fault(msg, L("第 %zu 题成绩为空（没有得分请填 0）", "item %zu: the score is blank (write 0 for no marks)"), j + 1);
			} else if (parse_score(cell.ptr, &v)) {
				/* The rule once per row: a row of bad cells should stay readable. */
				fault(msg, L("第 %zu 题成绩「%s」无效%s", "item %zu: score \"%s\" is invalid%s"), j + 1, cell.ptr,
				      hinted++ ? "" : L("（应为不小于 0 的数，最多一位小数且只能是 .0 或 .5）",
							" (a number of at least 0 with at most one decimal, .0 or .5)"));
			} else if (o->points && v > o->points[j]) {
				fault(msg, L("第 %zu 题得 %g 分，超过满分 %g 分", "item %zu: %g marks exceed the maximum of %g"), j + 1, v,
				      o->points[j]);
			}
			t->scores[i * k + j] = v;
		}
		for (size_t c = ncols; c < row->fields.len; c++) {
			trim_cell(&cell, row->fields.items[c]);
			if (cell.len)
				fault(msg, L("第 %zu 列「%s」没有表头（表头只有 %zu 列）", "column %zu \"%s\" has no header (the header has %zu columns)"),
				      c + 1, cell.ptr, ncols);
		}
		i++;
	}

	/* Duplicates: the later rows name the first. */
	qsort(ids, nids, sizeof(*ids), id_cmp);
	for (size_t a = 1, run = 0; a < nids; a++) {
		if (strcmp(ids[a].id, ids[run].id) != 0)
			run = a;
		else
			fault(&msgs[ids[a].student], L("学号 %s 与第 %zu 行重复", "学号 %s repeats line %zu"), ids[a].id,
			      t->lines[ids[run].student]);
	}

	if (o->points) {
		memcpy(t->points, o->points, k * sizeof(double));
	} else {
		t->points_inferred = 1;
		for (size_t j = 0; j < k; j++)
			for (size_t s = 0; s < m; s++)
				t->points[j] = fmax(t->points[j], t->scores[s * k + j]);
		for (size_t j = 0; j < k; j++)
			if (t->points[j] == 0)
				fault(&hmsg, L("第 %zu 题所有人都是 0 分，无法推断满分（请给出各题满分）",
					       "item %zu: everyone scored 0, so its maximum cannot be inferred (give the maxima)"),
				      j + 1);
	}
	if (hmsg.len)
		vec_push(&found, row_problem(head->line, &hmsg));
	for (size_t s = 0; s < m; s++)
		if (msgs[s].len)
			vec_push(&found, row_problem(t->lines[s], &msgs[s]));

report:
	nbad = found.len;
	if (nbad) {
		rc = err_set(err, JY_EINVAL, L("成绩表有 %zu 行有错误（逐行列出），未读入任何成绩",
					       "%zu rows of the score table have problems (listed); nothing was read"), nbad);
		for (size_t x = 0; x < found.len; x++) {
			if (problems)
				vec_push(problems, found.items[x]);
			else
				free(found.items[x]);
		}
		found.len = 0;
		goto cleanup;
	}
	*out = t;
	t = NULL;
cleanup:
	if (msgs)
		for (size_t s = 0; s < m; s++)
			buf_release(&msgs[s]);
	free(msgs);
	free(ids);
	itemstats_table_free(t);
	vec_free(&rows);
	vec_free(&found);
	buf_release(&text);
	buf_release(&cell);
	buf_release(&hmsg);
	return rc;
}
