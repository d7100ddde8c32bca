/* list: the table widget — columns aligned by display width, selection, scrolling, `/` search with n/N. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

/* Columns between cells: two read better than one next to CJK text. */
#define COL_GAP 2
static const char gap[] = "  ";

const struct tui_key list_keys[] = {
	{ 'j', 0, ACT_DOWN, "j", NULL, NULL },
	{ KEY_DOWN, 1, ACT_DOWN, "↓", NULL, NULL },
	{ 'k', 0, ACT_UP, "k", NULL, NULL },
	{ KEY_UP, 1, ACT_UP, "↑", NULL, NULL },
	{ KEY_NPAGE, 1, ACT_PAGE_DOWN, "PgDn", NULL, NULL },
	{ ' ', 0, ACT_PAGE_DOWN, "Space", NULL, NULL },
	{ KEY_PPAGE, 1, ACT_PAGE_UP, "PgUp", NULL, NULL },
	{ 'g', 0, ACT_FIRST, "g", NULL, NULL },
	{ KEY_HOME, 1, ACT_FIRST, "Home", NULL, NULL },
	{ 'G', 0, ACT_LAST, "G", NULL, NULL },
	{ KEY_END, 1, ACT_LAST, "End", NULL, NULL },
	{ '/', 0, ACT_SEARCH, "/", NULL, NULL },
	{ 'n', 0, ACT_NEXT_MATCH, "n", NULL, NULL },
	{ 'N', 0, ACT_PREV_MATCH, "N", NULL, NULL },
	TUI_KEYS_END,
};

const struct tui_key list_move_keys[] = {
	{ 'j', 0, ACT_DOWN, "j", NULL, NULL },
	{ KEY_DOWN, 1, ACT_DOWN, "↓", NULL, NULL },
	{ 'k', 0, ACT_UP, "k", NULL, NULL },
	{ KEY_UP, 1, ACT_UP, "↑", NULL, NULL },
	{ KEY_NPAGE, 1, ACT_PAGE_DOWN, "PgDn", NULL, NULL },
	{ ' ', 0, ACT_PAGE_DOWN, "Space", NULL, NULL },
	{ KEY_PPAGE, 1, ACT_PAGE_UP, "PgUp", NULL, NULL },
	{ 'g', 0, ACT_FIRST, "g", NULL, NULL },
	{ KEY_HOME, 1, ACT_FIRST, "Home", NULL, NULL },
	{ 'G', 0, ACT_LAST, "G", NULL, NULL },
	{ KEY_END, 1, ACT_LAST, "End", NULL, NULL },
	TUI_KEYS_END,
};

const struct tui_key pager_keys[] = {
	{ 'j', 0, ACT_DOWN, "j", "向下滚动一行", "scroll down" },
	{ KEY_DOWN, 1, ACT_DOWN, "↓", NULL, NULL },
	{ 'k', 0, ACT_UP, "k", "向上滚动一行", "scroll up" },
	{ KEY_UP, 1, ACT_UP, "↑", NULL, NULL },
	{ KEY_NPAGE, 1, ACT_PAGE_DOWN, "PgDn", NULL, NULL },
	{ ' ', 0, ACT_PAGE_DOWN, "Space", NULL, NULL },
	{ KEY_PPAGE, 1, ACT_PAGE_UP, "PgUp", NULL, NULL },
	{ 'g', 0, ACT_FIRST, "g", "到开头", "go to the top" },
	{ KEY_HOME, 1, ACT_FIRST, "Home", NULL, NULL },
	{ 'G', 0, ACT_LAST, "G", "到末尾", "go to the end" },
	{ KEY_END, 1, ACT_LAST, "End", NULL, NULL },
	{ '/', 0, ACT_SEARCH, "/", "在本页中搜索（可输入中文）", "search this page" },
	{ 'n', 0, ACT_NEXT_MATCH, "n", NULL, NULL },
	{ 'N', 0, ACT_PREV_MATCH, "N", NULL, NULL },
	TUI_KEYS_END,
};

static void row_free(void *p)
{
	struct list_row *r = p;
	if (!r)
		return;
	vec_free(&r->cells);
	free(r->extra);
	free(r);
}

void list_init(struct list *l, const struct list_col *cols, size_t ncols, int pager)
{
	memset(l, 0, sizeof(*l));
	l->cols = cols;
	l->ncols = ncols;
	l->pager = pager;
	l->match = -1;
	vec_init(&l->rows, row_free);
}

void list_clear(struct list *l)
{
	vec_clear(&l->rows);
	l->base = 0;
	l->total = l->src ? l->src->count(l->src->ctx) : 0;
	l->match = -1;
}

void list_page(struct list *l, const struct list_source *src)
{
	l->src = src;
	list_clear(l);
}

size_t list_len(const struct list *l)
{
	return l->src ? l->total : l->rows.len;
}

/* Holds rows first … first+n-1 of a paged list (fetching a window around them when they are not all held). */
static void hold(struct list *l, size_t first, size_t n)
{
	if (!l->src || first >= l->total)
		return;
	if (n > l->total - first)
		n = l->total - first;
	if (first >= l->base && first + n <= l->base + l->rows.len)
		return;
	/* A window of a few screens: scrolling a line or a page back and forth fetches nothing. */
	size_t page = n > 32 ? n : 32, start = first > page ? first - page : 0, want = 3 * page;
	if (want > l->total - start)
		want = l->total - start;
	vec_clear(&l->rows);
	l->base = start;
	l->src->fetch(l->src->ctx, l, start, want);
}

struct list_row *list_row(struct list *l, size_t i)
{
	if (i >= list_len(l))
		return NULL;
	hold(l, i, 1);
	if (!l->src)
		return l->rows.items[i];
	return i >= l->base && i - l->base < l->rows.len ? l->rows.items[i - l->base] : NULL;
}

/* Rows top … top+h-1 held: what is drawn (layout and drawing then read l->rows). */
void list_hold_visible(struct list *l, int h)
{
	hold(l, l->top, h > 0 ? (size_t)h : 1);
}

void list_free(struct list *l)
{
	vec_free(&l->rows);
	free(l->pattern);
	l->pattern = NULL;
}

struct list_row *list_add(struct list *l, void *data, enum tui_role role)
{
	struct list_row *r = xcalloc(1, sizeof(*r));
	vec_init(&r->cells, free);
	r->data = data;
	r->role = role;
	vec_push(&l->rows, r);
	return r;
}

void list_cell(struct list_row *r, const char *text)
{
	vec_push_str(&r->cells, text ? text : "");
}

void list_cellf(struct list_row *r, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	vec_push(&r->cells, buf_detach(&b));
}

struct list_row *list_line(struct list *l, enum tui_role role, const char *text)
{
	struct list_row *r = list_add(l, NULL, role);
	list_cell(r, text);
	return r;
}

void *list_selected(struct list *l)
{
	struct list_row *r = l->pager ? NULL : list_row(l, l->sel);
	return r ? r->data : NULL;
}

int list_select(struct list *l, int (*eq)(const void *data, const void *ctx), const void *ctx)
{
	for (size_t i = 0; i < l->rows.len; i++) {
		struct list_row *r = l->rows.items[i];
		if (r->data && eq(r->data, ctx)) {
			l->sel = i;
			return 1;
		}
	}
	return 0;
}

/*
 * Column widths for the available width: natural widths within [min, max];
 * the flexible column (max 0) takes what is left. When even the minimums do
 * not fit, columns are hidden from the right (width 0), never the first or
 * the flexible one.
 */
static void layout(const struct list *l, int width, int *w)
{
	int total = 0, mins = 0;
	long flex = -1;
	for (size_t c = 0; c < l->ncols; c++) {
		const struct list_col *col = &l->cols[c];
		int nat = text_width(col->title);
		for (size_t i = 0; i < l->rows.len; i++) {
			const struct list_row *r = l->rows.items[i];
			if (c < r->cells.len) {
				int cw = text_width(r->cells.items[c]);
				if (cw > nat)
					nat = cw;
			}
		}
		if (nat < col->min)
			nat = col->min;
		if (col->max && nat > col->max)
			nat = col->max;
		if (!col->max && flex < 0)
			flex = (long)c;
		w[c] = nat;
		mins += (col->min > 0 ? col->min : 1) + (c ? COL_GAP : 0);
	}
	for (size_t c = l->ncols; c-- > 1 && mins > width;) {
		if ((long)c == flex)
			continue;
		mins -= (l->cols[c].min > 0 ? l->cols[c].min : 1) + COL_GAP;
		w[c] = 0;
	}
	for (size_t c = 0; c < l->ncols; c++)
		if (w[c])
			total += w[c] + (total ? COL_GAP : 0);
	if (flex < 0)
		return;
	w[flex] += width - total;
	/* Too wide: fixed columns give back down to their minimum, right to left. */
	int floor = l->cols[flex].min > 0 ? l->cols[flex].min : 1;
	for (size_t c = l->ncols; c-- > 0 && w[flex] < floor;) {
		int give = w[c] - l->cols[c].min;
		if ((long)c == flex || !w[c] || give <= 0)
			continue;
		if (give > floor - w[flex])
			give = floor - w[flex];
		w[c] -= give;
		w[flex] += give;
	}
	if (w[flex] < 1)
		w[flex] = 1;
}

void list_keep_visible(struct list *l, int h)
{
	size_t n = list_len(l);
	if (h < 1)
		h = 1;
	if (n == 0) {
		l->sel = l->top = 0;
		return;
	}
	if (l->sel >= n)
		l->sel = n - 1;
	if (l->pager) {
		size_t max_top = n > (size_t)h ? n - (size_t)h : 0;
		if (l->top > max_top)
			l->top = max_top;
		return;
	}
	if (l->sel < l->top)
		l->top = l->sel;
	if (l->sel >= l->top + (size_t)h)
		l->top = l->sel - (size_t)h + 1;
}

void list_draw(struct list *l, struct tui *t, const struct tui_rect *r, int focused)
{
	int y = r->y, h = r->h;
	int *w = NULL;
	if (h <= 0 || r->w <= 0)
		return;
	if (l->src) {
		/* The window is held before the widths are taken from it. */
		list_keep_visible(l, h - (l->ncols ? 1 : 0));
		list_hold_visible(l, h - (l->ncols ? 1 : 0));
	}
	if (l->ncols) {
		w = xcalloc(l->ncols, sizeof(int));
		layout(l, r->w, w);
		struct buf line = BUF_INIT;
		for (size_t c = 0; c < l->ncols; c++) {
			if (!w[c])
				continue;
			if (line.len)
				buf_puts(&line, gap);
			text_pad(&line, l->cols[c].title, w[c], l->cols[c].right);
		}
		tui_put(t, y, r->x, r->w, TA_HEADER, line.ptr, 0);
		buf_release(&line);
		y++;
		h--;
	}
	l->height = h;
	list_keep_visible(l, h);
	list_hold_visible(l, h);
	if (list_len(l) == 0 && l->empty)
		tui_put(t, y, r->x, r->w, TA_DIM, l->empty, 0);
	for (int i = 0; i < h; i++) {
		size_t idx = l->top + (size_t)i;
		const struct list_row *row = list_row(l, idx);
		if (!row)
			break;
		enum tui_role role = row->role;
		if (!l->pager && idx == l->sel && focused)
			role = TA_SELECTED;
		else if (l->pager && (long)idx == l->match)
			role = TA_MARK;
		if (!l->ncols) {
			tui_put(t, y + i, r->x, r->w, role, row->cells.len ? row->cells.items[0] : "", 0);
			continue;
		}
		struct buf line = BUF_INIT;
		for (size_t c = 0, any = 0; c < l->ncols; c++) {
			if (!w[c])
				continue;
			if (any++)
				buf_puts(&line, gap);
			text_pad(&line, c < row->cells.len ? row->cells.items[c] : "", w[c], l->cols[c].right);
		}
		/* line is already sanitised and cut; tui_put only pads it to the full width. */
		tui_put(t, y + i, r->x, r->w, role, line.ptr, 0);
		buf_release(&line);
	}
	free(w);
}

static int row_matches(struct list *l, size_t i, const char *pat)
{
	if (l->src && l->src->matches)
		return l->src->matches(l->src->ctx, i, pat);
	const struct list_row *r = list_row(l, i);
	for (size_t c = 0; r && c < r->cells.len; c++)
		if (text_contains(r->cells.items[c], pat))
			return 1;
	return r && r->extra && text_contains(r->extra, pat);
}

/* Searches after the current position in direction dir, wrapping once. */
static int find(struct list *l, struct tui *t, int dir)
{
	long n = (long)list_len(l), start;
	if (!l->pattern || !*l->pattern) {
		tui_msg(t, 1, "%s", L("还没有搜索过：按 / 输入要找的文字", "no search yet: press / and type what to find"));
		return TUI_HANDLED;
	}
	if (l->pager)
		start = l->match >= 0 ? l->match : (dir > 0 ? (long)l->top - 1 : (long)l->top);
	else
		start = (long)l->sel;
	for (long k = 1; k <= n; k++) {
		long i = ((start + dir * k) % n + n) % n;
		if (!row_matches(l, (size_t)i, l->pattern))
			continue;
		if (l->pager) {
			l->match = i;
			if ((size_t)i < l->top || (size_t)i >= l->top + (size_t)(l->height > 0 ? l->height : 1))
				l->top = i > 2 ? (size_t)i - 2 : 0;
		} else {
			l->sel = (size_t)i;
		}
		if ((dir > 0 && i <= start) || (dir < 0 && i >= start))
			tui_msg(t, 0, "%s", L("已从头继续搜索", "search wrapped around"));
		return TUI_HANDLED | TUI_REDRAW;
	}
	l->match = -1;
	tui_msg(t, 1, L("没有找到「%s」", "\"%s\" not found"), l->pattern);
	return TUI_HANDLED | TUI_REDRAW;
}

int list_key(struct list *l, struct tui *t, const struct tui_input *in)
{
	enum tui_action a = tui_key_action(list_keys, in);
	size_t n = list_len(l), page = l->height > 1 ? (size_t)l->height - 1 : 1;
	size_t *pos = l->pager ? &l->top : &l->sel;
	switch (a) {
	case ACT_DOWN:
		if (*pos + 1 < n)
			(*pos)++;
		break;
	case ACT_UP:
		if (*pos > 0)
			(*pos)--;
		break;
	case ACT_PAGE_DOWN:
		*pos = *pos + page < n ? *pos + page : (n ? n - 1 : 0);
		if (!l->pager && l->top + page < n)
			l->top += page;
		break;
	case ACT_PAGE_UP:
		*pos = *pos > page ? *pos - page : 0;
		if (!l->pager)
			l->top = l->top > page ? l->top - page : 0;
		break;
	case ACT_FIRST:
		*pos = 0;
		break;
	case ACT_LAST:
		*pos = n ? n - 1 : 0;
		break;
	case ACT_SEARCH: {
		struct buf pat = BUF_INIT;
		int rc = tui_prompt(t, "/", &pat);
		if (rc == 0 && pat.len) {
			free(l->pattern);
			l->pattern = buf_detach(&pat);
			l->match = -1;
			buf_release(&pat);
			return n ? find(l, t, 1) : (tui_msg(t, 1, "%s", L("列表是空的", "the list is empty")), TUI_HANDLED);
		}
		buf_release(&pat);
		return TUI_HANDLED | TUI_REDRAW;
	}
	case ACT_NEXT_MATCH:
		return n ? find(l, t, 1) : TUI_HANDLED;
	case ACT_PREV_MATCH:
		return n ? find(l, t, -1) : TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
	return TUI_HANDLED | TUI_REDRAW;
}
