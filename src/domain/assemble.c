/* assemble: an exact depth-first search for papers meeting a blueprint, with bounds, seeded order and shortfall messages. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/assemble.h"
#include "jiaoyan/question.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"

#define EPS 1e-9
#define D_NEUTRAL 0.3     /* a past D above this moves an item forward in the order, below it back */
#define MAXP 4
#define RESTARTS 24          /* short tries before the complete search */
#define RESTART_STEPS 20000

unsigned long long assemble_rand(unsigned long long *state)
{
	unsigned long long z = (*state += 0x9E3779B97F4A7C15ULL);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
	return z ^ (z >> 31);
}

void assemble_result_release(struct assemble_result *r)
{
	for (size_t p = 0; p < MAXP; p++) {
		free(r->picks[p]);
		free(r->rows[p]);
		r->picks[p] = NULL;
		r->rows[p] = NULL;
	}
}

static const char *level_label(int l)
{
	static const char *const zh[] = { "识记", "理解", "应用", "分析" };
	static const char *const en[] = { "remember", "understand", "apply", "analyse" };
	return l >= 0 && l < EXAM_LEVELS ? L(zh[l], en[l]) : "?";
}

static void type_label(struct buf *out, int type)
{
	static const char *const values[] = { "single", "multiple", "truefalse", "fill", "short", "practical" };
	const struct field_def *f = schema_field(schema_type("question"), "question", "type");
	schema_value_label(out, f, type >= 0 && type < 6 ? values[type] : "?");
}

void assemble_row_label(struct buf *out, const struct exam_row *r)
{
	if (r->dmin > 1 || r->dmax < 5) {
		if (r->dmin == r->dmax)
			buf_printf(out, L("难度 %d 的", "difficulty %d "), r->dmin);
		else
			buf_printf(out, L("难度 %d–%d 的", "difficulty %d-%d "), r->dmin, r->dmax);
	}
	if (r->level >= 0)
		buf_printf(out, L("%s层次的", "%s-level "), level_label(r->level));
	type_label(out, r->type);
	if (r->chapters.len) {
		buf_puts(out, L("（", " ("));
		for (size_t i = 0; i < r->chapters.len; i++) {
			const char *c = r->chapters.items[i];
			int digits = strspn(c, "0123456789") == strlen(c);
			if (i)
				buf_puts(out, L("、", ", "));
			if (digits)
				buf_printf(out, L("第 %s 章", "chapter %s"), c);
			else
				buf_puts(out, c);
		}
		buf_puts(out, L("）", ")"));
	}
}

/* ---- the problem, prepared ---- */

struct prow;
struct prow {
	const struct exam_row *r;
	size_t orig; /* its index in the blueprint */
	size_t *elig; /* indices of candidates that may fill the row (not avoided) */
	size_t nelig;
	size_t avoided; /* would be eligible but were used recently */
	int dmin_avail, dmax_avail;
	unsigned levels; /* bit l: some eligible item has level l */
	unsigned char *chapters; /* per scope chapter: some eligible item is in it */
};

struct ctx {
	const struct assemble_problem *p;
	struct prow *rows;
	size_t nrows, n; /* rows, items per paper */
	double total;    /* points per paper */
	int *scope_of;   /* per item: scope chapter index or -1 */
	unsigned char *any_row; /* per item: eligible for some row */
	size_t *root_of; /* per item: root index */
	size_t nroots;
	unsigned char *prev[2]; /* per item: in previous sitting j */
	int cap_prev, cap_ab;
	size_t need_cov;
	/* state */
	unsigned char *used[MAXP];  /* per item */
	unsigned char *rootin[MAXP];/* per root */
	double dsum[MAXP], lvl[MAXP][EXAM_LEVELS];
	unsigned *chap[MAXP];       /* per scope chapter: items in it */
	size_t covered[MAXP];
	int prev_ov[MAXP][2], ab[MAXP][MAXP];
	size_t *pick[MAXP];
	unsigned *pick_row[MAXP];
	size_t depth[MAXP];
	size_t **order; /* per (paper, row): the order tried */
	size_t *norder;
	unsigned long long steps, max_steps;
	unsigned long long attempt; /* restarts draw another order from the same seed */
	int gave_up;
};

static int in_scope(const struct assemble_problem *p, const char *chapter)
{
	for (size_t i = 0; chapter && *chapter && i < p->nscope; i++)
		if (exam_chapter_matches(p->scope[i], chapter))
			return (int)i;
	return -1;
}

static int row_takes(const struct exam_row *r, const struct assemble_item *it)
{
	if (it->type != r->type || it->difficulty < r->dmin || it->difficulty > r->dmax)
		return 0;
	if (r->level >= 0 && it->level != r->level)
		return 0;
	if (!r->chapters.len)
		return 1;
	for (size_t i = 0; i < r->chapters.len; i++)
		if (exam_chapter_matches(r->chapters.items[i], it->chapter))
			return 1;
	return 0;
}

static int in_list(const struct vec *v, const char *s)
{
	for (size_t i = 0; v && i < v->len; i++)
		if (strcmp(v->items[i], s) == 0)
			return 1;
	return 0;
}

static void ctx_init(struct ctx *c, const struct assemble_problem *p)
{
	memset(c, 0, sizeof(*c));
	c->p = p;
	c->nrows = p->bp->rows.len;
	c->rows = xcalloc(c->nrows ? c->nrows : 1, sizeof(*c->rows));
	c->scope_of = xcalloc(p->nitems ? p->nitems : 1, sizeof(int));
	c->root_of = xcalloc(p->nitems ? p->nitems : 1, sizeof(size_t));
	c->any_row = xcalloc(p->nitems ? p->nitems : 1, 1);
	for (size_t i = 0; i < p->nitems; i++) {
		c->scope_of[i] = in_scope(p, p->items[i].chapter);
		size_t j;
		for (j = 0; j < i; j++)
			if (strcmp(p->items[j].root, p->items[i].root) == 0)
				break;
		c->root_of[i] = j < i ? c->root_of[j] : c->nroots++;
	}
	for (int j = 0; j < 2; j++) {
		c->prev[j] = xcalloc(p->nitems ? p->nitems : 1, 1);
		for (size_t i = 0; i < p->nitems; i++)
			c->prev[j][i] = in_list(p->previous[j], p->items[i].root);
	}
	/* Rows worth the most points are filled first: the small ones then tune the sums (difficulty, levels). */
	size_t *ord = xcalloc(c->nrows ? c->nrows : 1, sizeof(size_t));
	for (size_t r = 0; r < c->nrows; r++) {
		size_t at = r;
		const struct exam_row *x = p->bp->rows.items[r];
		while (at > 0) {
			const struct exam_row *y = p->bp->rows.items[ord[at - 1]];
			if (y->points >= x->points)
				break;
			ord[at] = ord[at - 1];
			at--;
		}
		ord[at] = r;
	}
	for (size_t r = 0; r < c->nrows; r++) {
		struct prow *pr = &c->rows[r];
		pr->orig = ord[r];
		pr->r = p->bp->rows.items[ord[r]];
		pr->elig = xcalloc(p->nitems ? p->nitems : 1, sizeof(size_t));
		pr->chapters = xcalloc(p->nscope ? p->nscope : 1, 1);
		pr->dmin_avail = 6;
		pr->dmax_avail = 0;
		for (size_t i = 0; i < p->nitems; i++) {
			const struct assemble_item *it = &p->items[i];
			if (!row_takes(pr->r, it))
				continue;
			if (it->avoid) {
				pr->avoided++;
				continue;
			}
			pr->elig[pr->nelig++] = i;
			c->any_row[i] = 1;
			if (it->difficulty < pr->dmin_avail)
				pr->dmin_avail = it->difficulty;
			if (it->difficulty > pr->dmax_avail)
				pr->dmax_avail = it->difficulty;
			if (it->level >= 0)
				pr->levels |= 1u << it->level;
			if (c->scope_of[i] >= 0)
				pr->chapters[c->scope_of[i]] = 1;
		}
		c->n += pr->r->count;
		c->total += pr->r->count * pr->r->points;
	}
	free(ord);
	c->cap_prev = (int)floor(p->overlap_prev * (double)c->n + EPS);
	c->cap_ab = (int)ceil(p->overlap_papers * (double)c->n - EPS) - 1;
	if (c->cap_ab < 0)
		c->cap_ab = 0;
	c->need_cov = (size_t)ceil((double)p->bp->coverage / 100.0 * (double)p->nscope - EPS);
	for (size_t q = 0; q < p->npapers; q++) {
		c->used[q] = xcalloc(p->nitems ? p->nitems : 1, 1);
		c->rootin[q] = xcalloc(c->nroots ? c->nroots : 1, 1);
		c->chap[q] = xcalloc(p->nscope ? p->nscope : 1, sizeof(unsigned));
		c->pick[q] = xcalloc(c->n ? c->n : 1, sizeof(size_t));
		c->pick_row[q] = xcalloc(c->n ? c->n : 1, sizeof(unsigned));
	}
	c->order = xcalloc(p->npapers * (c->nrows ? c->nrows : 1), sizeof(size_t *));
	c->norder = xcalloc(p->npapers * (c->nrows ? c->nrows : 1), sizeof(size_t));
	c->max_steps = p->max_steps ? p->max_steps : 3000000ULL;
}

static void ctx_free(struct ctx *c)
{
	for (size_t r = 0; r < c->nrows; r++) {
		free(c->rows[r].elig);
		free(c->rows[r].chapters);
	}
	for (size_t i = 0; i < c->p->npapers * (c->nrows ? c->nrows : 1); i++)
		free(c->order[i]);
	for (size_t q = 0; q < c->p->npapers; q++) {
		free(c->used[q]);
		free(c->rootin[q]);
		free(c->chap[q]);
		free(c->pick[q]);
		free(c->pick_row[q]);
	}
	free(c->order);
	free(c->norder);
	free(c->rows);
	free(c->scope_of);
	free(c->any_row);
	free(c->root_of);
	free(c->prev[0]);
	free(c->prev[1]);
}

/* ---- the search ---- */

static int has_dmean(const struct exam_blueprint *bp)
{
	return bp->dmean_max > 0;
}

static void apply(struct ctx *c, size_t p, size_t i, const struct exam_row *r, int sign)
{
	const struct assemble_item *it = &c->p->items[i];
	c->used[p][i] = sign > 0;
	c->rootin[p][c->root_of[i]] = sign > 0;
	c->dsum[p] += sign * r->points * it->difficulty;
	if (it->level >= 0)
		c->lvl[p][it->level] += sign * r->points;
	int ch = c->scope_of[i];
	if (ch >= 0) {
		if (sign > 0 && c->chap[p][ch]++ == 0)
			c->covered[p]++;
		else if (sign < 0 && --c->chap[p][ch] == 0)
			c->covered[p]--;
	}
	for (int j = 0; j < 2; j++)
		if (c->prev[j][i])
			c->prev_ov[p][j] += sign;
	for (size_t q = 0; q < c->p->npapers; q++)
		if (q != p && c->rootin[q][c->root_of[i]]) {
			c->ab[p][q] += sign;
			c->ab[q][p] += sign;
		}
}

static int fits(const struct ctx *c, size_t p, size_t i, const struct exam_row *r)
{
	const struct exam_blueprint *bp = c->p->bp;
	const struct assemble_item *it = &c->p->items[i];
	if (c->used[p][i] || c->rootin[p][c->root_of[i]])
		return 0;
	for (int j = 0; j < 2; j++)
		if (c->prev[j][i] && c->prev_ov[p][j] + 1 > c->cap_prev)
			return 0;
	for (size_t q = 0; q < c->p->npapers; q++)
		if (q != p && c->rootin[q][c->root_of[i]] && c->ab[p][q] + 1 > c->cap_ab)
			return 0;
	if (it->level >= 0 && bp->levels[it->level] >= 0 &&
	    c->lvl[p][it->level] + r->points > (bp->levels[it->level] + bp->level_tol) / 100.0 * c->total + EPS)
		return 0;
	return 1;
}

/* The most items of the previous sittings a paper can still take: a = in the first only, b = the second only, both. */
static size_t prev_max(const struct ctx *c, size_t q, size_t a, size_t b, size_t both)
{
	long c1 = c->cap_prev - c->prev_ov[q][0], c2 = c->cap_prev - c->prev_ov[q][1];
	size_t x = a < (size_t)(c1 > 0 ? c1 : 0) ? a : (size_t)(c1 > 0 ? c1 : 0);
	size_t y = b < (size_t)(c2 > 0 ? c2 : 0) ? b : (size_t)(c2 > 0 ? c2 : 0);
	long rest = c1 - (long)x < c2 - (long)y ? c1 - (long)x : c2 - (long)y;
	size_t z = rest > 0 ? (both < (size_t)rest ? both : (size_t)rest) : 0;
	return x + y + z;
}

/*
 * Can paper q still find enough items for its rows from r0 on (k already in r0), counting what the
 * overlap caps leave: items of the previous sittings fill at most their caps, items another paper holds
 * at most what the A/B cap leaves. Per row, and for all its remaining rows together.
 */
static int capacity_ok(const struct ctx *c, size_t q, size_t r0, unsigned k)
{
	size_t need_all = 0, cnt_all[5] = { 0 };
	long shared_left = 0;
	for (size_t o = 0; o < c->p->npapers; o++)
		if (o != q)
			shared_left += c->cap_ab - c->ab[q][o];
	unsigned char *seen = NULL;
	for (size_t r = r0; r < c->nrows; r++) {
		const struct prow *pr = &c->rows[r];
		size_t need = pr->r->count - (r == r0 ? k : 0), cnt[5] = { 0 };
		if (!need)
			continue;
		need_all += need;
		if (!seen)
			seen = xcalloc(c->p->nitems ? c->p->nitems : 1, 1);
		for (size_t e = 0; e < pr->nelig; e++) {
			size_t i = pr->elig[e];
			if (c->used[q][i] || c->rootin[q][c->root_of[i]])
				continue;
			int cat = c->prev[0][i] && c->prev[1][i] ? 4 : c->prev[0][i] ? 2 : c->prev[1][i] ? 3 : 0;
			if (!cat)
				for (size_t o = 0; o < c->p->npapers && !cat; o++)
					cat = o != q && c->rootin[o][c->root_of[i]] ? 1 : 0;
			cnt[cat]++;
			if (!seen[i]++)
				cnt_all[cat]++;
		}
		size_t sh = (long)cnt[1] > shared_left ? (size_t)(shared_left > 0 ? shared_left : 0) : cnt[1];
		if (need > cnt[0] + sh + prev_max(c, q, cnt[2], cnt[3], cnt[4])) {
			free(seen);
			return 0;
		}
	}
	free(seen);
	size_t sh = (long)cnt_all[1] > shared_left ? (size_t)(shared_left > 0 ? shared_left : 0) : cnt_all[1];
	return need_all <= cnt_all[0] + sh + prev_max(c, q, cnt_all[2], cnt_all[3], cnt_all[4]);
}

/* Can paper p still be completed from row r with k items of it chosen? (necessary conditions only) */
/* 1 when paper p could still take item i: unused, and not barred by a cap already reached. */
static int available(const struct ctx *c, size_t p, size_t i)
{
	if (c->used[p][i] || c->rootin[p][c->root_of[i]])
		return 0;
	for (int j = 0; j < 2; j++)
		if (c->prev[j][i] && c->prev_ov[p][j] >= c->cap_prev)
			return 0;
	for (size_t q = 0; q < c->p->npapers; q++)
		if (q != p && c->rootin[q][c->root_of[i]] && c->ab[p][q] >= c->cap_ab)
			return 0;
	return 1;
}

/*
 * Can paper p still be completed from row r0 on (k chosen in r0)? Necessary conditions, from the items
 * still available to each remaining row: enough of them; the mean difficulty reachable with the hardest
 * and the easiest of them; each level's share between what the rows must and what they can give; the
 * chapters still coverable.
 */
static int bounds_ok(const struct ctx *c, size_t p, size_t r0, unsigned k)
{
	const struct exam_blueprint *bp = c->p->bp;
	double lo = c->dsum[p], hi = c->dsum[p];
	double lvl_hi[EXAM_LEVELS], lvl_lo[EXAM_LEVELS];
	size_t slots_cov = 0, slots = 0;
	unsigned char *reach = c->p->nscope ? xcalloc(c->p->nscope, 1) : NULL;
	int ok = 1;
	for (int l = 0; l < EXAM_LEVELS; l++)
		lvl_hi[l] = lvl_lo[l] = c->lvl[p][l];
	for (size_t r = r0; r < c->nrows && ok; r++) {
		const struct prow *pr = &c->rows[r];
		size_t left = pr->r->count - (r == r0 ? k : 0), byd[6] = { 0 }, byl[EXAM_LEVELS] = { 0 }, n = 0, cov = 0;
		if (!left)
			continue;
		for (size_t e = 0; e < pr->nelig; e++) {
			size_t i = pr->elig[e];
			if (!available(c, p, i))
				continue;
			const struct assemble_item *it = &c->p->items[i];
			n++;
			byd[it->difficulty]++;
			if (it->level >= 0)
				byl[it->level]++;
			int ch = c->scope_of[i];
			if (ch >= 0 && !c->chap[p][ch] && !reach[ch]) {
				reach[ch] = 1;
				cov++;
			}
		}
		if (n < left) {
			ok = 0;
			break;
		}
		slots_cov += cov;
		slots += left;
		size_t want = left;
		for (int d = 5; d >= 1 && want; d--) {
			size_t take = byd[d] < want ? byd[d] : want;
			hi += pr->r->points * (double)(take * (size_t)d);
			want -= take;
		}
		want = left;
		for (int d = 1; d <= 5 && want; d++) {
			size_t take = byd[d] < want ? byd[d] : want;
			lo += pr->r->points * (double)(take * (size_t)d);
			want -= take;
		}
		for (int l = 0; l < EXAM_LEVELS; l++) {
			size_t other = n - byl[l];
			lvl_hi[l] += pr->r->points * (double)(byl[l] < left ? byl[l] : left);
			lvl_lo[l] += pr->r->points * (double)(other >= left ? 0 : left - other);
		}
	}
	free(reach);
	if (!ok)
		return 0;
	if (slots_cov > slots)
		slots_cov = slots;
	if (has_dmean(bp) && (hi < bp->dmean_min * c->total - EPS || lo > bp->dmean_max * c->total + EPS))
		return 0;
	for (int l = 0; l < EXAM_LEVELS; l++)
		if (bp->levels[l] >= 0 && (lvl_hi[l] < (bp->levels[l] - bp->level_tol) / 100.0 * c->total - EPS ||
					   lvl_lo[l] > (bp->levels[l] + bp->level_tol) / 100.0 * c->total + EPS))
			return 0;
	if (c->covered[p] + slots_cov < c->need_cov)
		return 0;
	return 1;
}

static int paper_ok(const struct ctx *c, size_t p)
{
	const struct exam_blueprint *bp = c->p->bp;
	if (c->total <= 0)
		return 1;
	double mean = c->dsum[p] / c->total;
	if (has_dmean(bp) && (mean < bp->dmean_min - EPS || mean > bp->dmean_max + EPS))
		return 0;
	for (int l = 0; l < EXAM_LEVELS; l++) {
		if (bp->levels[l] < 0)
			continue;
		double share = c->lvl[p][l] / c->total * 100.0;
		if (share < bp->levels[l] - bp->level_tol - EPS || share > bp->levels[l] + bp->level_tol + EPS)
			return 0;
	}
	return c->covered[p] >= c->need_cov;
}

struct scored {
	size_t i;
	double score;
};

static int by_score(const void *a, const void *b)
{
	const struct scored *x = a, *y = b;
	if (x->score != y->score)
		return x->score > y->score ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The order row r of paper p tries its candidates in: seeded noise, nudged toward what the paper lacks. */
static void make_order(struct ctx *c, size_t p, size_t r)
{
	const struct exam_blueprint *bp = c->p->bp;
	const struct prow *pr = &c->rows[r];
	size_t slot = p * c->nrows + r, n = 0;
	struct scored *sc = xcalloc(pr->nelig ? pr->nelig : 1, sizeof(*sc));
	double done = 0;
	for (size_t q = 0; q < r; q++)
		done += c->rows[q].r->count * c->rows[q].r->points;
	for (size_t e = 0; e < pr->nelig; e++) {
		size_t i = pr->elig[e];
		const struct assemble_item *it = &c->p->items[i];
		if (c->used[p][i] || c->rootin[p][c->root_of[i]])
			continue;
		unsigned long long st = c->p->seed ^ (0xD6E8FEB86659FD93ULL * c->attempt) ^ (0x51ED270B27A3C1ULL * (p + 1)) ^
					(0xA24BAED4963EE407ULL * (r + 1)) ^
					(0x9FB21C651E98DF25ULL * (i + 1));
		double s = (double)(assemble_rand(&st) >> 11) / 9007199254740992.0;
		if (c->scope_of[i] >= 0 && !c->chap[p][c->scope_of[i]])
			s += 2;
		if (has_dmean(bp) && done > 0) {
			double want = (bp->dmean_min + bp->dmean_max) / 2, mean = c->dsum[p] / done;
			s += 0.3 * (mean < want ? it->difficulty - 3 : 3 - it->difficulty);
		}
		if (it->level >= 0 && bp->levels[it->level] >= 0 &&
		    c->lvl[p][it->level] < bp->levels[it->level] / 100.0 * c->total)
			s += 1;
		/* Items that told strong from weak students before come first; 0.3 is Ebel's 合格. */
		if (it->has_d && isfinite(it->d))
			s += 1.5 * (fmin(fmax(it->d, -1.0), 1.0) - D_NEUTRAL);
		if (c->prev[0][i] || c->prev[1][i])
			s -= 1;
		for (size_t q = 0; q < c->p->npapers; q++)
			if (q != p && c->rootin[q][c->root_of[i]])
				s -= 1.5;
		sc[n].i = i;
		sc[n++].score = s;
	}
	qsort(sc, n, sizeof(*sc), by_score);
	free(c->order[slot]);
	c->order[slot] = xcalloc(n ? n : 1, sizeof(size_t));
	for (size_t k = 0; k < n; k++)
		c->order[slot][k] = sc[k].i;
	c->norder[slot] = n;
	free(sc);
}

/* Where paper q stands while paper p fills row r (k chosen): rows are filled in order, papers in turn. */
static void standing(size_t *r0, unsigned *k0, const struct ctx *c, size_t q, size_t p, size_t r, unsigned k)
{
	*r0 = q < p ? r + 1 : r;
	*k0 = q == p ? k : 0;
	(void)c;
}

static int all_bounds_ok(const struct ctx *c, size_t p, size_t r, unsigned k)
{
	for (size_t q = 0; q < c->p->npapers; q++) {
		size_t r0;
		unsigned k0;
		standing(&r0, &k0, c, q, p, r, k);
		if (!bounds_ok(c, q, r0 < c->nrows ? r0 : c->nrows, k0) || !capacity_ok(c, q, r0, k0))
			return 0;
	}
	return 1;
}

static int dfs(struct ctx *c, size_t p, size_t r, unsigned k, size_t from)
{
	if (++c->steps > c->max_steps) {
		c->gave_up = 1;
		return -1;
	}
	if (r == c->nrows) {
		for (size_t q = 0; q < c->p->npapers; q++)
			if (!paper_ok(c, q))
				return 0;
		return 1;
	}
	const struct prow *pr = &c->rows[r];
	if (k == pr->r->count)
		return p + 1 < c->p->npapers ? dfs(c, p + 1, r, 0, 0) : dfs(c, 0, r + 1, 0, 0);
	size_t slot = p * c->nrows + r;
	if (k == 0)
		make_order(c, p, r);
	unsigned need = pr->r->count - k;
	for (size_t pos = from; pos + need <= c->norder[slot]; pos++) {
		size_t i = c->order[slot][pos];
		if (!fits(c, p, i, pr->r))
			continue;
		apply(c, p, i, pr->r, +1);
		c->pick[p][c->depth[p]] = i;
		c->pick_row[p][c->depth[p]++] = (unsigned)pr->orig;
		int rc = all_bounds_ok(c, p, r, k + 1) ? dfs(c, p, r, k + 1, pos + 1) : 0;
		if (rc)
			return rc;
		c->depth[p]--;
		apply(c, p, i, pr->r, -1);
	}
	return 0;
}

/* ---- what is missing, in numbers ---- */

static void say(struct vec *out, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void say(struct vec *out, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vec_push(out, buf_detach(&b));
}

static void avoided_note(struct buf *out, const struct ctx *c, size_t avoided)
{
	if (avoided)
		buf_printf(out, L("（另有 %zu 道在最近 %u 场考试中用过，回避）", " (%zu more were used in the last %u sittings and are avoided)"),
			   avoided, c->p->recent);
}

static int cmp_int_desc(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x < y) - (x > y);
}

static size_t shortfall(struct vec *out, const struct ctx *c)
{
	const struct assemble_problem *p = c->p;
	const struct exam_blueprint *bp = p->bp;
	size_t before = out->len;
	struct buf d = BUF_INIT, note = BUF_INIT;
	for (size_t o = 0; o < c->nrows; o++) {
		const struct prow *pr = c->rows;
		while (pr->orig != o)
			pr++;
		size_t r = o;
		buf_reset(&d);
		buf_reset(&note);
		assemble_row_label(&d, pr->r);
		avoided_note(&note, c, pr->avoided);
		if (pr->nelig < pr->r->count) {
			say(out, L("第 %zu 行：需要 %u 道%s，题库只有 %zu 道已审核的%s", "row %zu: needs %u %s items, the bank has only %zu approved%s"),
			    r + 1, pr->r->count, d.ptr, pr->nelig, note.ptr);
			continue;
		}
		if (p->npapers > 1) {
			size_t want = p->npapers * pr->r->count - (size_t)c->cap_ab * (p->npapers - 1);
			if (want > p->npapers * pr->r->count)
				want = pr->r->count;
			if (pr->nelig < want)
				say(out,
				    L("第 %zu 行：%zu 套试卷共需要至少 %zu 道不同的%s（两卷重复须少于 %g%%，即最多共用 %d 道），题库只有 %zu 道已审核的%s",
				      "row %zu: %zu papers need at least %zu different %s items (papers may share under %g%%, at most %d items), the bank has only %zu approved%s"),
				    r + 1, p->npapers, want, d.ptr, p->overlap_papers * 100, c->cap_ab, pr->nelig, note.ptr);
		}
	}
	/* Rows of one type that draw on the same items. */
	for (size_t a = 0; a < c->nrows; a++)
		for (size_t b = a + 1; b < c->nrows; b++) {
			const struct prow *x = &c->rows[a], *y = &c->rows[b];
			if (x->r->type != y->r->type || x->nelig < x->r->count || y->nelig < y->r->count)
				continue;
			size_t uni = x->nelig;
			for (size_t j = 0; j < y->nelig; j++) {
				size_t k;
				for (k = 0; k < x->nelig && x->elig[k] != y->elig[j]; k++)
					;
				uni += k == x->nelig;
			}
			if (uni < x->r->count + y->r->count) {
				buf_reset(&d);
				type_label(&d, x->r->type);
				size_t ra = x->orig < y->orig ? x->orig : y->orig, rb = x->orig < y->orig ? y->orig : x->orig;
				say(out, L("第 %zu、%zu 行共需要 %u 道%s，符合两行条件的只有 %zu 道", "rows %zu and %zu need %u %s items together, only %zu fit either"),
				    ra + 1, rb + 1, x->r->count + y->r->count, d.ptr, uni);
			}
		}
	if (out->len > before)
		goto done;
	/* Chapter coverage. */
	if (c->need_cov) {
		size_t reachable = 0;
		buf_reset(&d);
		for (size_t ch = 0; ch < p->nscope; ch++) {
			int any = 0;
			for (size_t r = 0; r < c->nrows && !any; r++)
				any = c->rows[r].chapters[ch];
			if (any)
				reachable++;
			else
				buf_printf(&d, "%s「%s」", d.len ? L("、", ", ") : "", p->scope[ch]);
		}
		if (reachable > c->n)
			reachable = c->n;
		if (reachable < c->need_cov)
			say(out, L("章节覆盖：%s没有可用的已审核试题，最多覆盖 %zu/%zu 章（要求至少 %zu 章，%u%%）",
				   "chapter coverage: %s have no usable approved item; at most %zu of %zu chapters (at least %zu needed, %u%%)"),
			    d.len ? d.ptr : L("题量不够，", "too few items, "), reachable, p->nscope, c->need_cov, bp->coverage);
	}
	/* Mean difficulty: each row's easiest and hardest choice. */
	if (has_dmean(bp) && c->total > 0) {
		double lo = 0, hi = 0;
		for (size_t r = 0; r < c->nrows; r++) {
			const struct prow *pr = &c->rows[r];
			int *ds = xcalloc(pr->nelig ? pr->nelig : 1, sizeof(int));
			for (size_t e = 0; e < pr->nelig; e++)
				ds[e] = p->items[pr->elig[e]].difficulty;
			qsort(ds, pr->nelig, sizeof(int), cmp_int_desc);
			for (unsigned k = 0; k < pr->r->count && k < pr->nelig; k++) {
				hi += pr->r->points * ds[k];
				lo += pr->r->points * ds[pr->nelig - 1 - k];
			}
			free(ds);
		}
		if (hi / c->total < bp->dmean_min - EPS)
			say(out, L("平均难度最高只能到 %.2f（要求 %g–%g）：难题不够", "the mean difficulty can reach %.2f at most (target %g-%g): too few hard items"),
			    hi / c->total, bp->dmean_min, bp->dmean_max);
		if (lo / c->total > bp->dmean_max + EPS)
			say(out, L("平均难度最低也有 %.2f（要求 %g–%g）：容易的题不够", "the mean difficulty is %.2f at least (target %g-%g): too few easy items"),
			    lo / c->total, bp->dmean_min, bp->dmean_max);
	}
	/* Level shares. */
	for (int l = 0; l < EXAM_LEVELS && c->total > 0; l++) {
		if (bp->levels[l] < 0)
			continue;
		double most = 0, least = 0;
		for (size_t r = 0; r < c->nrows; r++) {
			const struct prow *pr = &c->rows[r];
			size_t with = 0;
			for (size_t e = 0; e < pr->nelig; e++)
				with += p->items[pr->elig[e]].level == l;
			size_t without = pr->nelig - with;
			most += pr->r->points * (double)(with < pr->r->count ? with : pr->r->count);
			least += pr->r->points * (double)(without >= pr->r->count ? 0 : pr->r->count - without);
		}
		if (most / c->total * 100 < bp->levels[l] - bp->level_tol - EPS)
			say(out, L("「%s」层次的题最多只能占 %.0f%% 的分值（要求 %g%% ± %g）", "%s items can hold %.0f%% of the points at most (target %g%% ± %g)"),
			    level_label(l), most / c->total * 100, bp->levels[l], bp->level_tol);
		if (least / c->total * 100 > bp->levels[l] + bp->level_tol + EPS)
			say(out, L("「%s」层次的题至少要占 %.0f%% 的分值（要求 %g%% ± %g）", "%s items hold %.0f%% of the points at least (target %g%% ± %g)"),
			    level_label(l), least / c->total * 100, bp->levels[l], bp->level_tol);
	}
done:
	buf_release(&d);
	buf_release(&note);
	return out->len - before;
}

int assemble_run(struct assemble_result *out, struct vec *missing, const struct assemble_problem *p, struct jy_err *err)
{
	struct ctx c;
	struct buf msg = BUF_INIT;
	int rc = 0;
	if (p->npapers < 1 || p->npapers > MAXP)
		return err_set(err, JY_EINVAL, L("试卷套数须为 1 到 %d", "1 to %d papers"), MAXP);
	if (!p->bp->rows.len)
		return err_set(err, JY_EINVAL, "%s", L("双向细目表还没有题型行：先添加", "the blueprint has no rows yet: add some first"));
	ctx_init(&c, p);
	size_t before = missing->len;
	if (shortfall(missing, &c) == 0) {
		/*
		 * Short tries in other orders first (a bad early choice can cost a depth-first search dearly),
		 * then one search that runs to the end: it finds papers whenever they exist, or proves there
		 * are none. All orders come from the seed, so the result is the same for the same seed.
		 */
		unsigned long long limit = c.max_steps, spent = 0;
		int found = 0;
		for (unsigned long long attempt = 0; attempt <= RESTARTS && found != 1; attempt++) {
			if (attempt) {
				ctx_free(&c);
				ctx_init(&c, p);
			}
			c.attempt = attempt;
			c.max_steps = attempt < RESTARTS ? RESTART_STEPS : limit;
			found = dfs(&c, 0, 0, 0, 0);
			spent += c.steps;
			if (found == 0 && !c.gave_up)
				break; /* exhausted: there are none */
		}
		c.steps = spent;
		if (found == 1) {
			memset(out, 0, sizeof(*out));
			out->npapers = p->npapers;
			out->n = c.n;
			out->steps = c.steps;
			for (size_t q = 0; q < p->npapers; q++) {
				out->picks[q] = xcalloc(c.n ? c.n : 1, sizeof(size_t));
				out->rows[q] = xcalloc(c.n ? c.n : 1, sizeof(unsigned));
				memcpy(out->picks[q], c.pick[q], c.n * sizeof(size_t));
				memcpy(out->rows[q], c.pick_row[q], c.n * sizeof(unsigned));
			}
			goto cleanup;
		}
		if (c.gave_up) {
			rc = err_set(err, JY_EINVAL,
				     L("搜索了 %llu 种组合仍未找到满足全部要求的试卷，已停止：请放宽要求，或换一个种子（--seed）再试",
				       "no papers found after %llu steps, search stopped: relax the targets or try another seed (--seed)"),
				     c.steps);
			goto cleanup;
		}
		struct buf what = BUF_INIT;
		if (has_dmean(p->bp))
			buf_printf(&what, L("平均难度 %g–%g", "mean difficulty %g-%g"), p->bp->dmean_min, p->bp->dmean_max);
		for (int l = 0; l < EXAM_LEVELS; l++)
			if (p->bp->levels[l] >= 0)
				buf_printf(&what, L("%s「%s」%g%% ± %g", "%s%s %g%% ± %g"), what.len ? L("、", ", ") : "", level_label(l),
					   p->bp->levels[l], p->bp->level_tol);
		if (c.need_cov)
			buf_printf(&what, L("%s覆盖至少 %zu 章", "%scoverage of %zu chapters"), what.len ? L("、", ", ") : "", c.need_cov);
		if (p->previous[0] || p->previous[1])
			buf_printf(&what, L("%s与前两场考试各重复不超过 %g%%", "%sat most %g%% shared with each previous sitting"),
				   what.len ? L("、", ", ") : "", p->overlap_prev * 100);
		if (p->npapers > 1)
			buf_printf(&what, L("%s各卷之间重复少于 %g%%", "%sunder %g%% shared between papers"), what.len ? L("、", ", ") : "",
				   p->overlap_papers * 100);
		say(missing, L("每项要求单独都能满足，但题库中没有一套试卷能同时满足：%s（已穷尽 %llu 种组合）",
			       "each target can be met alone, but no papers meet them all at once: %s (%llu combinations exhausted)"),
		    what.ptr, c.steps);
		buf_release(&what);
	}
	for (size_t i = before; i < missing->len; i++)
		buf_printf(&msg, "%s%s", i > before ? "\n" : "", (const char *)missing->items[i]);
	rc = err_set(err, JY_EINVAL, "%s", msg.ptr);
cleanup:
	ctx_free(&c);
	buf_release(&msg);
	return rc;
}

/* ---- the check table ---- */

static void row_add(struct vec *rows, const char *paper, const char *what, const char *target, const char *actual, int ok)
{
	struct exam_check_row *r = xcalloc(1, sizeof(*r));
	r->paper = xstrdup(paper);
	r->what = xstrdup(what);
	r->target = xstrdup(target);
	r->actual = xstrdup(actual);
	r->ok = ok;
	vec_push(rows, r);
}

static void fmt_num(struct buf *b, double v)
{
	text_number(b, round(v * 100) / 100);
}

void assemble_check(struct vec *rows, const struct assemble_problem *p, const struct assemble_paper *papers, size_t npapers,
		    const int prev_unknown[2])
{
	const struct exam_blueprint *bp = p->bp;
	struct buf what = BUF_INIT, target = BUF_INIT, actual = BUF_INIT;
	double want_total = exam_blueprint_points(bp);
	size_t need_cov = (size_t)ceil((double)bp->coverage / 100.0 * (double)p->nscope - EPS);
	for (size_t q = 0; q < npapers; q++) {
		const struct assemble_paper *pp = &papers[q];
		double total = 0, dsum = 0, lvl[EXAM_LEVELS] = { 0 };
		size_t covered = 0;
		unsigned char *cov = xcalloc(p->nscope ? p->nscope : 1, 1);
		for (size_t j = 0; j < pp->n; j++) {
			const struct assemble_item *it = pp->items[j];
			total += pp->points[j];
			dsum += pp->points[j] * it->difficulty;
			if (it->level >= 0)
				lvl[it->level] += pp->points[j];
			int ch = in_scope(p, it->chapter);
			if (ch >= 0 && !cov[ch]++)
				covered++;
		}
		free(cov);
		for (size_t r = 0; r < bp->rows.len; r++) {
			const struct exam_row *row = bp->rows.items[r];
			unsigned have = 0, fit = 1;
			for (size_t j = 0; j < pp->n; j++)
				if (pp->rows[j] == (int)r) {
					have++;
					fit &= row_takes(row, pp->items[j]);
				}
			buf_reset(&what);
			buf_reset(&target);
			buf_reset(&actual);
			buf_printf(&what, L("第 %zu 行：", "row %zu: "), r + 1);
			assemble_row_label(&what, row);
			buf_printf(&target, L("%u 道 × %g 分", "%u × %g points"), row->count, row->points);
			buf_printf(&actual, L("%u 道%s", "%u%s"), have, fit ? "" : L("（有不符合条件的）", " (some do not fit)"));
			row_add(rows, pp->letter, what.ptr, target.ptr, actual.ptr, have == row->count && fit);
		}
		buf_reset(&target);
		buf_reset(&actual);
		fmt_num(&target, bp->total > 0 ? bp->total : want_total);
		fmt_num(&actual, total);
		row_add(rows, pp->letter, L("总分", "total points"), target.ptr, actual.ptr,
			fabs(total - (bp->total > 0 ? bp->total : want_total)) < EPS);
		if (has_dmean(bp)) {
			buf_reset(&target);
			buf_reset(&actual);
			buf_printf(&target, "%g–%g", bp->dmean_min, bp->dmean_max);
			double mean = total > 0 ? dsum / total : 0;
			buf_printf(&actual, "%.2f", mean);
			row_add(rows, pp->letter, L("平均难度（按分值加权）", "mean difficulty (points-weighted)"), target.ptr, actual.ptr,
				mean >= bp->dmean_min - EPS && mean <= bp->dmean_max + EPS);
		}
		if (p->nscope) {
			buf_reset(&target);
			buf_reset(&actual);
			buf_printf(&target, L("≥ %zu/%zu 章（%u%%）", "≥ %zu/%zu chapters (%u%%)"), need_cov, p->nscope, bp->coverage);
			buf_printf(&actual, L("%zu/%zu 章", "%zu/%zu chapters"), covered, p->nscope);
			row_add(rows, pp->letter, L("章节覆盖", "chapter coverage"), target.ptr, actual.ptr, covered >= need_cov);
		}
		for (int l = 0; l < EXAM_LEVELS; l++) {
			if (bp->levels[l] < 0)
				continue;
			double share = total > 0 ? lvl[l] / total * 100 : 0;
			buf_reset(&what);
			buf_reset(&target);
			buf_reset(&actual);
			buf_printf(&what, L("「%s」分值比例", "%s share of points"), level_label(l));
			buf_printf(&target, "%g%% ± %g", bp->levels[l], bp->level_tol);
			buf_printf(&actual, "%.0f%%", share);
			row_add(rows, pp->letter, what.ptr, target.ptr, actual.ptr,
				share >= bp->levels[l] - bp->level_tol - EPS && share <= bp->levels[l] + bp->level_tol + EPS);
		}
		for (int j = 0; j < 2; j++) {
			if (!p->previous[j] && !(prev_unknown && prev_unknown[j]))
				continue;
			buf_reset(&what);
			buf_reset(&target);
			buf_reset(&actual);
			buf_printf(&what, j == 0 ? L("与上一场考试重复", "shared with the previous sitting") : L("与上上场考试重复", "shared with the sitting before it"));
			buf_printf(&target, "≤ %g%%", p->overlap_prev * 100);
			if (!p->previous[j]) {
				buf_puts(&actual, "?");
				row_add(rows, pp->letter, what.ptr, target.ptr, actual.ptr, -1);
				continue;
			}
			size_t shared = 0;
			for (size_t k = 0; k < pp->n; k++)
				shared += in_list(p->previous[j], pp->items[k]->root);
			double share = pp->n ? (double)shared / (double)pp->n * 100 : 0;
			buf_printf(&actual, L("%zu 道，%.0f%%", "%zu, %.0f%%"), shared, share);
			row_add(rows, pp->letter, what.ptr, target.ptr, actual.ptr, share <= p->overlap_prev * 100 + EPS);
		}
	}
	for (size_t a = 0; a < npapers; a++)
		for (size_t b = a + 1; b < npapers; b++) {
			size_t shared = 0;
			for (size_t i = 0; i < papers[b].n; i++)
				for (size_t j = 0; j < papers[a].n; j++)
					if (strcmp(papers[b].items[i]->root, papers[a].items[j]->root) == 0) {
						shared++;
						break;
					}
			double share = papers[b].n ? (double)shared / (double)papers[b].n * 100 : 0;
			buf_reset(&what);
			buf_reset(&target);
			buf_reset(&actual);
			buf_printf(&what, "%s/%s", papers[a].letter, papers[b].letter);
			buf_printf(&target, "< %g%%", p->overlap_papers * 100);
			buf_printf(&actual, L("%zu 道，%.0f%%", "%zu, %.0f%%"), shared, share);
			row_add(rows, what.ptr, L("两卷重复", "shared between the papers"), target.ptr, actual.ptr,
				share < p->overlap_papers * 100 - EPS || shared == 0);
		}
	buf_release(&what);
	buf_release(&target);
	buf_release(&actual);
}
