/* dialog: modal boxes and the bottom-line prompt — each a small loop that redraws the screen below it. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

/* Draws a centred box holding the wrapped text (after ncdu's quit.c: parent first, then the box). */
static void draw_box(struct tui *t, const char *title, const char *text)
{
	struct vec lines = VEC_INIT(free);
	int w = COLS - 4 > 64 ? 64 : COLS - 4;
	if (w < 10)
		w = COLS;
	tui_wrap(&lines, text, w - 4);
	int h = (int)lines.len + 2;
	if (h > LINES - 2)
		h = LINES - 2;
	int y = (LINES - h) / 2, x = (COLS - w) / 2;
	if (y < 0)
		y = 0;
	if (x < 0)
		x = 0;
	tui_box(t, y, x, h, w, TA_HEADER);
	if (title && *title) {
		struct buf tb = BUF_INIT;
		buf_printf(&tb, " %s ", title);
		tui_puts(t, y, x + 2, w - 4, TA_HEADER, tb.ptr);
		buf_release(&tb);
	}
	for (int i = 0; i + 2 < h && (size_t)i < lines.len; i++)
		tui_put(t, y + 1 + i, x + 2, w - 4, TA_NORMAL, lines.items[i], 0);
	vec_free(&lines);
}

int tui_ask(struct tui *t, const char *text, const char *keys)
{
	struct tui_input in;
	for (;;) {
		tui_draw(t);
		draw_box(t, L("请确认", "Confirm"), text);
		curs_set(0);
		refresh();
		int rc = tui_getkey(t, &in);
		if (rc < 0)
			return 0;
		if (rc > 0)
			continue;
		if (!in.fkey && in.key == 27)
			return 0;
		if (!in.fkey && in.key > 0 && in.key < 128) {
			int c = in.key;
			if (c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (strchr(keys, c))
				return c;
		}
	}
}

void tui_alert(struct tui *t, const char *title, const char *text)
{
	struct tui_input in;
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s\n\n%s", text, L("（按任意键继续）", "(press any key)"));
	for (;;) {
		tui_draw(t);
		draw_box(t, title, b.ptr);
		curs_set(0);
		refresh();
		int rc = tui_getkey(t, &in);
		if (rc != 1)
			break;
	}
	buf_release(&b);
}

int tui_prompt(struct tui *t, const char *label, struct buf *io)
{
	struct tui_input in;
	size_t cur = io->len;
	for (;;) {
		tui_draw(t);
		int y = LINES - 1;
		int lw = tui_puts(t, y, 0, COLS - 1, TA_HINT_KEY, label);
		int room = COLS - 1 - lw;
		/* Scroll the text left so the cursor stays visible. */
		size_t start = 0;
		while (edit_width(io->ptr + start, cur - start) >= room && start < cur) {
			start++;
			while (start < cur && ((unsigned char)io->ptr[start] & 0xC0) == 0x80)
				start++;
		}
		tui_put(t, y, lw, room, TA_NORMAL, io->ptr + start, 0);
		move(y, lw + edit_width(io->ptr + start, cur - start));
		curs_set(1);
		refresh();
		int rc = tui_getkey(t, &in);
		if (rc < 0)
			return -1;
		if (rc > 0)
			continue;
		if (!in.fkey && in.key == 27) {
			curs_set(0);
			return -1;
		}
		if ((!in.fkey && (in.key == '\n' || in.key == '\r')) || (in.fkey && in.key == KEY_ENTER)) {
			curs_set(0);
			return 0;
		}
		edit_key(io, &cur, &in, 0);
	}
}

void tui_problems(struct tui *t, const char *title, const struct vec *problems, const struct jy_err *err)
{
	struct buf msg = BUF_INIT;
	for (size_t i = 0; i < problems->len && i < 12; i++)
		buf_printf(&msg, "%s\n", (char *)problems->items[i]);
	if (problems->len > 12)
		buf_printf(&msg, L("……还有 %zu 处\n", "… %zu more\n"), problems->len - 12);
	buf_puts(&msg, err->msg);
	tui_alert(t, title, msg.ptr);
	buf_release(&msg);
}
