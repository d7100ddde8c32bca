/* view_results: an exam's analysis on the terminal — the school table, the items with flags, the distribution as block bars. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/results.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

struct rv_arg {
	const char *title;
	const struct results_paper *papers;
	size_t npapers;
	void (*release)(void *);
	void *owner;
};

struct resultsview {
	struct list lines;
	char *title;
	const struct results_paper *papers;
	size_t npapers, paper;
	void (*release)(void *);
	void *owner;
	int built_w;
	size_t built_paper;
};

#define NAME_W 12 /* columns for a school's name in the tables */

static void line(struct resultsview *rv, enum tui_role role, const struct buf *b)
{
	list_line(&rv->lines, role, b->ptr);
}

/* Appends a cell padded to w columns (numbers to the right), then a space. */
static void cell(struct buf *b, const char *s, int w, int right)
{
	text_pad(b, s, w, right);
	buf_putc(b, ' ');
}

static void num_cell(struct buf *b, double v, int decimals, int w)
{
	struct buf n = BUF_INIT;
	itemstats_fmt(&n, v, decimals);
	cell(b, n.ptr, w, 1);
	buf_release(&n);
}

static void pct_cell(struct buf *b, double share, int w)
{
	struct buf n = BUF_INIT;
	itemstats_fmt(&n, share * 100, 1);
	if (isfinite(share))
		buf_putc(&n, '%');
	cell(b, n.ptr, w, 1);
	buf_release(&n);
}

static const char *school_name(const struct results_paper *p, size_t i)
{
	return p->group_names && p->group_names[i] ? p->group_names[i] : p->groups[i].name;
}

static void school_row(struct resultsview *rv, const char *name, const struct itemstats_paper *pp, enum tui_role role)
{
	struct buf b = BUF_INIT;
	cell(&b, name, NAME_W, 0);
	struct buf n = BUF_INIT;
	buf_printf(&n, "%zu", pp->n);
	cell(&b, n.ptr, 5, 1);
	num_cell(&b, pp->mean, 2, 7);
	num_cell(&b, pp->sd, 2, 7);
	pct_cell(&b, pp->pass_rate, 7);
	pct_cell(&b, pp->excellent_rate, 7);
	num_cell(&b, pp->difficulty, 3, 6);
	num_cell(&b, pp->alpha, 3, 6);
	line(rv, role, &b);
	buf_release(&b);
	buf_release(&n);
}

static void schools(struct resultsview *rv, const struct results_paper *p)
{
	struct buf b = BUF_INIT;
	cell(&b, L("学校", "school"), NAME_W, 0);
	cell(&b, L("人数", "n"), 5, 1);
	cell(&b, L("平均分", "mean"), 7, 1);
	cell(&b, L("标准差", "sd"), 7, 1);
	cell(&b, L("及格率", "pass"), 7, 1);
	cell(&b, L("优秀率", "excel."), 7, 1);
	cell(&b, L("难度", "diff."), 6, 1);
	cell(&b, "α", 6, 1);
	line(rv, TA_HEADER, &b);
	for (size_t i = 0; i < p->ngroups; i++)
		school_row(rv, school_name(p, i), &p->groups[i].stats->paper, TA_NORMAL);
	school_row(rv, L("全体", "all"), &p->all->paper, TA_LABEL);
	buf_release(&b);
}

/*
 * One line per 10% band, each school's share of its students as a bar side
 * by side (the schools of a 联考 compared at a glance), scaled to the
 * largest share so the shape shows even when every share is small.
 */
static void distribution(struct resultsview *rv, const struct results_paper *p, int width)
{
	size_t ns = p->ngroups ? p->ngroups : 1;
	int per = (width - 9) / (int)ns;
	if (per < 6)
		per = 6;
	int bar = per - 5;
	double top = 0;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < ns; i++) {
		const struct itemstats_paper *pp = p->ngroups ? &p->groups[i].stats->paper : &p->all->paper;
		for (size_t k = 0; k < ITEMSTATS_NBANDS; k++)
			top = fmax(top, (double)pp->bands[k] / (double)pp->n);
	}
	buf_puts(&b, L("成绩分布（各校学生所占比例）", "Distribution (share of each school's students)"));
	line(rv, TA_HEADER, &b);
	buf_reset(&b);
	cell(&b, "", 8, 0);
	for (size_t i = 0; i < ns; i++)
		cell(&b, p->ngroups ? school_name(p, i) : L("全体", "all"), per - 1, 0);
	line(rv, TA_LABEL, &b);
	for (size_t k = ITEMSTATS_NBANDS; k-- > 0;) {
		struct buf label = BUF_INIT, bars = BUF_INIT;
		buf_reset(&b);
		results_band_label(&label, k);
		cell(&b, label.ptr, 8, 1);
		for (size_t i = 0; i < ns; i++) {
			const struct itemstats_paper *pp = p->ngroups ? &p->groups[i].stats->paper : &p->all->paper;
			double share = (double)pp->bands[k] / (double)pp->n;
			buf_reset(&bars);
			results_bar(&bars, top > 0 ? share / top : 0, bar);
			buf_printf(&bars, "%s%.0f%%", pp->bands[k] ? " " : "", share * 100);
			cell(&b, pp->bands[k] ? bars.ptr : "·", per - 1, 0);
		}
		line(rv, TA_NORMAL, &b);
		buf_release(&label);
		buf_release(&bars);
	}
	buf_release(&b);
}

static void items(struct resultsview *rv, const struct results_paper *p)
{
	struct buf b = BUF_INIT, f = BUF_INIT;
	buf_puts(&b, L("试题分析", "Items"));
	line(rv, TA_HEADER, &b);
	buf_reset(&b);
	cell(&b, L("题号", "no"), 4, 0);
	cell(&b, L("分值", "pts"), 4, 1);
	cell(&b, L("难度P", "P"), 6, 1);
	cell(&b, L("区分度D", "D"), 7, 1);
	cell(&b, "r_it", 6, 1);
	cell(&b, L("删α", "α-del"), 6, 1);
	cell(&b, L("评价", "Ebel"), 8, 0);
	buf_puts(&b, L("标记", "flags"));
	line(rv, TA_HEADER, &b);
	for (size_t j = 0; j < p->all->k; j++) {
		const struct itemstats_item *it = &p->all->items[j];
		buf_reset(&b);
		buf_reset(&f);
		if (p->item_labels && p->item_labels[j])
			buf_puts(&f, p->item_labels[j]);
		else
			buf_printf(&f, "%zu", j + 1);
		cell(&b, f.ptr, 4, 0);
		buf_reset(&f);
		if (it->points == floor(it->points))
			buf_printf(&f, "%.0f", it->points);
		else
			buf_printf(&f, "%.1f", it->points);
		cell(&b, f.ptr, 4, 1);
		num_cell(&b, it->p, 3, 6);
		num_cell(&b, it->d, 3, 7);
		num_cell(&b, it->r_it, 3, 6);
		num_cell(&b, it->alpha_if_deleted, 3, 6);
		/* Ebel's band in its first word: 优良 合格 尚可 差. */
		const char *ebel = itemstats_ebel_label(itemstats_ebel(it->d));
		buf_reset(&f);
		const char *cut = strstr(ebel, L("（", " ("));
		buf_add(&f, ebel, cut ? (size_t)(cut - ebel) : strlen(ebel));
		cell(&b, f.ptr, 8, 0);
		buf_reset(&f);
		itemstats_flags_text(&f, it->flags);
		buf_puts(&b, f.ptr);
		line(rv, it->flags ? TA_MARK : TA_NORMAL, &b);
	}
	buf_release(&b);
	buf_release(&f);
}

/* The marks of the comparison in words. */
static void marks(struct resultsview *rv, const struct results_paper *p)
{
	struct buf b = BUF_INIT, n1 = BUF_INIT, n2 = BUF_INIT;
	size_t found = 0;
	if (!p->ngroups)
		return;
	buf_puts(&b, L("得分率与其他学校相差超过 0.2 的题目（该校至少 20 人）",
		       "Items where a school's P differs from the others' by more than 0.2 (at least 20 students)"));
	line(rv, TA_HEADER, &b);
	for (size_t j = 0; j < p->all->k; j++)
		for (size_t i = 0; i < p->ngroups; i++) {
			if (!p->groups[i].marked[j])
				continue;
			found++;
			buf_reset(&b);
			buf_reset(&n1);
			buf_reset(&n2);
			itemstats_fmt(&n1, p->groups[i].stats->items[j].p, 3);
			itemstats_fmt(&n2, p->groups[i].p_others[j], 3);
			if (p->item_labels && p->item_labels[j])
				buf_printf(&b, L("第 %s 题：", "item %s: "), p->item_labels[j]);
			else
				buf_printf(&b, L("第 %zu 题：", "item %zu: "), j + 1);
			buf_printf(&b, L("%s P = %s，其他学校 %s", "%s P = %s, the others %s"), school_name(p, i), n1.ptr, n2.ptr);
			line(rv, TA_MARK, &b);
		}
	if (!found) {
		buf_reset(&b);
		buf_puts(&b, L("没有", "none"));
		line(rv, TA_DIM, &b);
	}
	buf_release(&b);
	buf_release(&n1);
	buf_release(&n2);
}

static void build(struct resultsview *rv, int width)
{
	const struct results_paper *p = &rv->papers[rv->paper];
	struct buf b = BUF_INIT, full = BUF_INIT;
	list_clear(&rv->lines);
	rv->lines.top = 0;
	buf_puts(&b, rv->title);
	line(rv, TA_HEADER, &b);
	buf_reset(&b);
	itemstats_fmt(&full, p->all->paper.full, p->all->paper.full == floor(p->all->paper.full) ? 0 : 1);
	if (p->label && *p->label && rv->npapers > 1)
		buf_printf(&b, L("试卷 %s（满分 %s 分；共 %zu 份试卷，p 切换）", "Paper %s (full marks %s; %zu papers, p switches)"),
			   p->label, full.ptr, rv->npapers);
	else if (p->label && *p->label)
		buf_printf(&b, L("试卷 %s（满分 %s 分）", "Paper %s (full marks %s)"), p->label, full.ptr);
	else
		buf_printf(&b, L("满分 %s 分", "Full marks %s"), full.ptr);
	line(rv, TA_LABEL, &b);
	buf_reset(&b);
	line(rv, TA_NORMAL, &b);
	schools(rv, p);
	line(rv, TA_NORMAL, &b);
	distribution(rv, p, width);
	line(rv, TA_NORMAL, &b);
	items(rv, p);
	if (p->ngroups) {
		buf_reset(&b);
		line(rv, TA_NORMAL, &b);
		marks(rv, p);
	}
	rv->built_w = width;
	rv->built_paper = rv->paper;
	buf_release(&b);
	buf_release(&full);
}

static int rv_open(struct view *v, void *arg, struct jy_err *err)
{
	const struct rv_arg *a = arg;
	if (!a->npapers || !a->papers || !a->papers[0].all)
		return err_set(err, JY_EINVAL, "%s", L("没有可显示的统计结果", "there is no analysis to show"));
	struct resultsview *rv = xcalloc(1, sizeof(*rv));
	list_init(&rv->lines, NULL, 0, 1);
	rv->title = xstrdup(a->title ? a->title : L("成绩分析", "Results"));
	rv->papers = a->papers;
	rv->npapers = a->npapers;
	rv->release = a->release;
	rv->owner = a->owner;
	rv->built_w = -1;
	v->priv = rv;
	return 0;
}

static void rv_close(struct view *v)
{
	struct resultsview *rv = v->priv;
	list_free(&rv->lines);
	free(rv->title);
	if (rv->release)
		rv->release(rv->owner);
	free(rv);
}

static void rv_draw(struct view *v, const struct tui_rect *r)
{
	struct resultsview *rv = v->priv;
	if (rv->built_w != r->w || rv->built_paper != rv->paper)
		build(rv, r->w);
	list_draw(&rv->lines, v->tui, r, 1);
}

static const struct tui_key results_keys[] = {
	{ 'p', 0, ACT_NEXT_PAPER, "p", "切换到下一份试卷（A/B 卷）", "the next paper (A/B)" },
	TUI_KEYS_END,
};

static int rv_key(struct view *v, const struct tui_input *in)
{
	struct resultsview *rv = v->priv;
	if (tui_key_action(results_keys, in) == ACT_NEXT_PAPER) {
		if (rv->npapers < 2)
			tui_msg(v->tui, 0, "%s", L("只有一份试卷", "there is one paper only"));
		else
			rv->paper = (rv->paper + 1) % rv->npapers;
		return TUI_HANDLED | TUI_REDRAW;
	}
	return list_key(&rv->lines, v->tui, in);
}

static const struct tui_key *const rv_keymaps[] = { results_keys, pager_keys, NULL };

const struct view_ops view_results_ops = {
	.name = "results",
	.title_zh = "成绩分析",
	.title_en = "Results",
	.keys = rv_keymaps,
	.open = rv_open,
	.close = rv_close,
	.draw = rv_draw,
	.key = rv_key,
};

int view_results_push(struct tui *t, const char *title, const struct results_paper *papers, size_t npapers,
		      void (*release)(void *owner), void *owner)
{
	struct rv_arg a = { title, papers, npapers, release, owner };
	int rc = tui_push(t, &view_results_ops, &a);
	/* Not opened: the papers are the caller's to release, as they would have been at close. */
	if (rc && release)
		release(owner);
	return rc;
}
