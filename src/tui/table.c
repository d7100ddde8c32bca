/* table: a list's rows as columns that fit the screen — key columns kept, low priority dropped first, capped widths, sideways scrolling. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

const struct tui_key table_keys[] = {
	{ KEY_RIGHT, 1, ACT_SCROLL_RIGHT, "→", NULL, NULL },
	{ 'l', 0, ACT_SCROLL_RIGHT, "l", NULL, NULL },
	{ KEY_LEFT, 1, ACT_SCROLL_LEFT, "←", NULL, NULL },
	{ 'h', 0, ACT_SCROLL_LEFT, "h", NULL, NULL },
	TUI_KEYS_END,
};

static int cap(const struct table_col *c)
{
	return c->max > 0 ? c->max : TABLE_CAP;
}

static int sum(const int *w, size_t n)
{
	int total = 0, shown = 0;
	for (size_t i = 0; i < n; i++)
		if (w[i]) {
			total += w[i] + (shown ? TABLE_GAP : 0);
			shown = 1;
		}
	return total;
}

/* Narrows shown columns toward their minimum, the least important first, until the total fits. */
static void narrow(int *w, const struct table_col *cols, size_t n, int width)
{
	for (int pass = 0; pass < 2; pass++)
		for (size_t k = n; k-- > 0 && sum(w, n) > width;) {
			int floor = cols[k].min > 0 ? cols[k].min : 1;
			if (!w[k] || (pass == 0) != (cols[k].prio > 0) || w[k] <= floor)
				continue;
			int give = sum(w, n) - width;
			if (give > w[k] - floor)
				give = w[k] - floor;
			w[k] -= give;
		}
}

int table_fit(int *out, const struct table_col *cols, size_t n, const int *natural, int width, int scroll)
{
	int more = 0;
	for (size_t i = 0; i < n; i++) {
		int w = natural[i];
		if (w < cols[i].min)
			w = cols[i].min;
		if (w > cap(&cols[i]))
			w = cap(&cols[i]);
		out[i] = w > 0 ? w : 1;
	}
	if (scroll <= 0) {
		/* Drop the least important column (the rightmost of equals) until the rest fit. */
		while (sum(out, n) > width) {
			long drop = -1;
			for (size_t i = 0; i < n; i++)
				if (out[i] && cols[i].prio > 0 && (drop < 0 || cols[i].prio >= cols[drop].prio))
					drop = (long)i;
			if (drop < 0)
				break;
			out[drop] = 0;
			more = 1;
		}
		narrow(out, cols, n, width);
		return more;
	}
	/* Scrolled: the key columns stay; the others before the scroll position slide out at the left. */
	int room = width, skip = scroll;
	for (size_t i = 0; i < n; i++)
		if (cols[i].prio == 0)
			room -= out[i] + TABLE_GAP;
	for (size_t i = 0; i < n; i++) {
		if (cols[i].prio == 0)
			continue;
		if (skip > 0) {
			skip--;
			out[i] = 0;
			continue;
		}
		if (more || out[i] + TABLE_GAP > room) {
			/* The first that does not fit is still shown in part when nothing else is. */
			if (!more && room > 4 && out[i] + TABLE_GAP > room) {
				out[i] = room - TABLE_GAP;
				room = 0;
				more = 1;
				continue;
			}
			out[i] = 0;
			more = 1;
			continue;
		}
		room -= out[i] + TABLE_GAP;
	}
	narrow(out, cols, n, width);
	return more;
}

/* The selected row's cells that are cut or not shown, in full: "课程：… · 等级：…". */
static void tooltip(struct buf *out, const struct table *tb, const struct list_row *row, const int *w)
{
	for (size_t c = 0; c < tb->ncols && c < row->cells.len; c++) {
		const char *cell = row->cells.items[c];
		if (!*cell || (w[c] && text_width(cell) <= w[c]))
			continue;
		buf_printf(out, "%s%s：%s", out->len ? " · " : "", tb->cols[c].title, cell);
	}
}

void table_draw(struct table *tb, struct list *l, struct tui *t, const struct tui_rect *r, int focused)
{
	int y = r->y, h = r->h;
	if (h <= 0 || r->w <= 0)
		return;
	int *nat = xcalloc(tb->ncols + 1, sizeof(int)), *w = xcalloc(tb->ncols + 1, sizeof(int));
	if (l->src) {
		/* A paged list: the window around what is shown is what the widths are taken from. */
		int rows_h = h - 1 - (tb->tooltip && h - 1 >= 3);
		list_keep_visible(l, rows_h);
		list_hold_visible(l, rows_h);
	}
	for (size_t c = 0; c < tb->ncols; c++) {
		nat[c] = text_width(tb->cols[c].title);
		for (size_t i = 0; i < l->rows.len; i++) {
			const struct list_row *row = l->rows.items[i];
			if (c < row->cells.len) {
				int cw = text_width(row->cells.items[c]);
				if (cw > nat[c])
					nat[c] = cw;
			}
		}
	}
	/* Two columns kept for the scroll marks at either end. */
	int avail = r->w - 2;
	tb->more_right = table_fit(w, tb->cols, tb->ncols, nat, avail, tb->scroll);
	struct buf line = BUF_INIT;
	for (size_t c = 0, any = 0; c < tb->ncols; c++) {
		if (!w[c])
			continue;
		if (any++)
			buf_puts(&line, "  ");
		text_pad(&line, tb->cols[c].title, w[c], tb->cols[c].right);
	}
	tui_put(t, y, r->x, r->w - 2, TA_HEADER, line.ptr, 0);
	tui_put(t, y, r->x + r->w - 2, 2, TA_MARK, tb->more_right ? " ▶" : (tb->scroll ? " ◀" : ""), 0);
	buf_release(&line);
	y++;
	h--;
	int tip = tb->tooltip && h >= 3;
	if (tip)
		h--;
	l->height = h;
	list_keep_visible(l, h);
	list_hold_visible(l, h);
	if (!list_len(l) && l->empty)
		tui_put(t, y, r->x, r->w, TA_DIM, l->empty, 0);
	for (int i = 0; i < h; i++) {
		size_t idx = l->top + (size_t)i;
		const struct list_row *row = list_row(l, idx);
		if (!row)
			break;
		enum tui_role role = idx == l->sel && focused ? TA_SELECTED : row->role;
		buf_init(&line);
		for (size_t c = 0, any = 0; c < tb->ncols; c++) {
			if (!w[c])
				continue;
			if (any++)
				buf_puts(&line, "  ");
			text_pad(&line, c < row->cells.len ? row->cells.items[c] : "", w[c], tb->cols[c].right);
		}
		tui_put(t, y + i, r->x, r->w, role, line.ptr, 0);
		buf_release(&line);
	}
	if (tip) {
		buf_init(&line);
		const struct list_row *sel = list_row(l, l->sel);
		if (sel)
			tooltip(&line, tb, sel, w);
		tui_put(t, r->y + r->h - 1, r->x, r->w, TA_DIM, line.ptr, 0);
		buf_release(&line);
	}
	free(nat);
	free(w);
}

int table_key(struct table *tb, const struct tui_input *in)
{
	switch (tui_key_action(table_keys, in)) {
	case ACT_SCROLL_RIGHT:
		if (tb->more_right)
			tb->scroll++;
		return TUI_HANDLED | TUI_REDRAW;
	case ACT_SCROLL_LEFT:
		if (tb->scroll > 0)
			tb->scroll--;
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}
