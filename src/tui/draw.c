/* draw: the only way text reaches the screen — sanitised, clipped by display width, attributes by role, box lines. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/locale.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

/* Colour pairs, one per role that has a colour; 0 = none. */
static const struct {
	short fg, bg;
	attr_t extra;   /* added in colour mode */
	attr_t mono;    /* used without colour (monochrome, NO_COLOR, colour = never) */
} roles[TA_COUNT] = {
	[TA_NORMAL] = { -1, -1, 0, 0 },
	[TA_TABBAR] = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[TA_TAB_CURRENT] = { COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD },
	[TA_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TA_SELECTED] = { COLOR_BLACK, COLOR_CYAN, 0, A_REVERSE },
	[TA_STATUS] = { COLOR_WHITE, COLOR_BLUE, 0, A_REVERSE },
	[TA_HINT_KEY] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TA_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
	[TA_MARK] = { COLOR_YELLOW, -1, A_BOLD, A_BOLD | A_UNDERLINE },
	[TA_DIM] = { -1, -1, A_DIM, A_DIM },
	[TA_LABEL] = { COLOR_GREEN, -1, 0, 0 },
	[TA_FIELD] = { -1, -1, A_UNDERLINE, A_UNDERLINE },
	[TA_FOCUS] = { COLOR_BLACK, COLOR_YELLOW, 0, A_REVERSE },
	[TA_BAR] = { COLOR_GREEN, -1, 0, 0 },
};

static int wants_colour(const struct tui *t)
{
	const char *nc = getenv("NO_COLOR");
	const char *cfg = t->cfg ? config_get(t->cfg, "ui", "colour") : NULL;
	if (!cfg && t->cfg)
		cfg = config_get(t->cfg, "ui", "color");
	if (nc && *nc)
		return 0; /* https://no-color.org: any non-empty value */
	if (cfg && (strcmp(cfg, "never") == 0 || strcmp(cfg, "no") == 0))
		return 0;
	return has_colors();
}

void tui_colour_init(struct tui *t)
{
	t->colour = 0;
	if (!wants_colour(t) || start_color() == ERR)
		return;
	use_default_colors();
	for (int r = 1; r < TA_COUNT; r++)
		if (r < COLOR_PAIRS)
			init_pair((short)r, roles[r].fg, roles[r].bg);
	t->colour = 1;
}

attr_t tui_attr(const struct tui *t, enum tui_role role)
{
	if (role <= TA_NORMAL || role >= TA_COUNT)
		return A_NORMAL;
	if (!t->colour)
		return roles[role].mono;
	attr_t a = roles[role].extra;
	if (roles[role].fg != -1 || roles[role].bg != -1)
		a |= COLOR_PAIR(role);
	return a;
}

/* Screen coordinates can go out of range during a resize: never draw outside. */
static int clip_to_screen(int y, int x, int *cols)
{
	if (y < 0 || y >= LINES || x < 0 || x >= COLS)
		return 0;
	if (*cols > COLS - x)
		*cols = COLS - x;
	return *cols > 0;
}

static void emit(struct tui *t, int y, int x, enum tui_role role, const struct buf *b)
{
	attr_t a = tui_attr(t, role);
	attrset(a);
	/* b holds only sanitised text (text_clip/text_pad): no control bytes, cut to the width. */
	mvaddnstr(y, x, b->ptr, (int)b->len);
	attrset(A_NORMAL);
}

void tui_put(struct tui *t, int y, int x, int cols, enum tui_role role, const char *s, int right)
{
	struct buf b = BUF_INIT;
	if (!clip_to_screen(y, x, &cols))
		return;
	text_pad(&b, s ? s : "", cols, right);
	emit(t, y, x, role, &b);
	buf_release(&b);
}

int tui_puts(struct tui *t, int y, int x, int cols, enum tui_role role, const char *s)
{
	struct buf b = BUF_INIT;
	int used;
	if (!clip_to_screen(y, x, &cols))
		return 0;
	used = text_clip(&b, s ? s : "", cols);
	emit(t, y, x, role, &b);
	buf_release(&b);
	return used;
}

void tui_blank(struct tui *t, int y, int x, int cols, enum tui_role role)
{
	tui_put(t, y, x, cols, role, "", 0);
}

void tui_utf8_put(struct buf *out, int cp)
{
	unsigned c = (unsigned)cp;
	if (c < 0x80) {
		buf_putc(out, (char)c);
	} else if (c < 0x800) {
		buf_putc(out, (char)(0xC0 | (c >> 6)));
		buf_putc(out, (char)(0x80 | (c & 0x3F)));
	} else if (c < 0x10000) {
		buf_putc(out, (char)(0xE0 | (c >> 12)));
		buf_putc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(out, (char)(0x80 | (c & 0x3F)));
	} else {
		buf_putc(out, (char)(0xF0 | (c >> 18)));
		buf_putc(out, (char)(0x80 | ((c >> 12) & 0x3F)));
		buf_putc(out, (char)(0x80 | ((c >> 6) & 0x3F)));
		buf_putc(out, (char)(0x80 | (c & 0x3F)));
	}
}

void tui_wrap(struct vec *lines, const char *text, int cols)
{
	const char *p = text ? text : "";
	if (cols < 2)
		cols = 2;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		size_t off = 0;
		do {
			size_t n = text_fit(p + off, len - off, cols);
			if (n == 0 && off < len) {
				/* A stand-in wider than the line: give it a line of its own (clipped when drawn). */
				size_t k = 1;
				while (off + k < len && ((unsigned char)p[off + k] & 0xC0) == 0x80)
					k++;
				n = k;
			}
			vec_push(lines, xstrndup(p + off, n));
			off += n;
		} while (off < len);
		if (!nl)
			break;
		p = nl + 1;
	}
}

/* ACS only where the locale cannot carry the box characters themselves. */
void tui_wrap_lines(struct list *l, enum tui_role role, const char *indent, const char *text, int width)
{
	struct vec lines = VEC_INIT(free);
	int iw = text_width(indent);
	tui_wrap(&lines, text, width - iw > 10 ? width - iw : 10);
	for (size_t i = 0; i < lines.len; i++) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "%s%s", indent, (char *)lines.items[i]);
		list_line(l, role, b.ptr);
		buf_release(&b);
	}
	vec_free(&lines);
}

static int unicode_lines(void)
{
	return locale_is_utf8();
}

void tui_hline(struct tui *t, int y, int x, int w, enum tui_role role)
{
	int cols = w;
	if (w <= 0 || !clip_to_screen(y, x, &cols))
		return;
	if (!unicode_lines()) {
		attrset(tui_attr(t, role));
		mvhline(y, x, ACS_HLINE, cols);
		attrset(A_NORMAL);
		return;
	}
	struct buf b = BUF_INIT;
	for (int i = 0; i < cols; i++)
		buf_puts(&b, "─");
	tui_put(t, y, x, cols, role, b.ptr, 0);
	buf_release(&b);
}

void tui_box(struct tui *t, int y, int x, int h, int w, enum tui_role role)
{
	if (h < 2 || w < 2 || y < 0 || x < 0 || y + h > LINES || x + w > COLS)
		return;
	for (int i = 0; i < h; i++)
		tui_blank(t, y + i, x, w, TA_NORMAL);
	if (unicode_lines()) {
		struct buf top = BUF_INIT, bottom = BUF_INIT;
		buf_puts(&top, "┌");
		buf_puts(&bottom, "└");
		for (int i = 0; i < w - 2; i++) {
			buf_puts(&top, "─");
			buf_puts(&bottom, "─");
		}
		buf_puts(&top, "┐");
		tui_put(t, y, x, w, role, top.ptr, 0);
		for (int i = 1; i < h - 1; i++) {
			tui_put(t, y + i, x, 1, role, "│", 0);
			tui_put(t, y + i, x + w - 1, 1, role, "│", 0);
		}
		/* The bottom-right cell of the screen cannot be written without scrolling: the corner waits. */
		if (y + h == LINES && x + w == COLS) {
			attr_t at = tui_attr(t, role);
			cchar_t cc;
			const wchar_t corner[2] = { 0x2518, 0 };
			tui_put(t, y + h - 1, x, w - 1, role, bottom.ptr, 0);
			setcchar(&cc, corner, at & ~A_COLOR, (short)PAIR_NUMBER(at), NULL);
			mvins_wch(y + h - 1, x + w - 1, &cc);
		} else {
			buf_puts(&bottom, "┘");
			tui_put(t, y + h - 1, x, w, role, bottom.ptr, 0);
		}
		buf_release(&top);
		buf_release(&bottom);
		return;
	}
	attrset(tui_attr(t, role));
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	/* The bottom-right cell of the screen cannot take addch without scrolling: insert there instead. */
	if (y + h == LINES && x + w == COLS)
		mvinsch(y + h - 1, x + w - 1, ACS_LRCORNER);
	else
		mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
}
