/* edit: line editing of UTF-8 text by whole characters — shared by form fields, the pick filter and prompts. */
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

#define CTRL(c) ((c) & 0x1F)

int tui_input_is_text(const struct tui_input *in)
{
	int c = in->key;
	if (in->fkey)
		return 0;
	/* C0, DEL and C1 never enter a value (the codec would refuse them anyway). */
	return c >= 0x20 && c != 0x7F && !(c >= 0x80 && c <= 0x9F) && c <= 0x10FFFF && !(c >= 0xD800 && c <= 0xDFFF);
}

static int is_cont(unsigned char c)
{
	return (c & 0xC0) == 0x80;
}

static size_t prev_char(const struct buf *b, size_t cur)
{
	if (cur == 0)
		return 0;
	cur--;
	while (cur > 0 && is_cont((unsigned char)b->ptr[cur]))
		cur--;
	return cur;
}

static size_t next_char(const struct buf *b, size_t cur)
{
	if (cur >= b->len)
		return b->len;
	cur++;
	while (cur < b->len && is_cont((unsigned char)b->ptr[cur]))
		cur++;
	return cur;
}

static void erase_range(struct buf *b, size_t from, size_t to)
{
	memmove(b->ptr + from, b->ptr + to, b->len - to);
	buf_truncate(b, b->len - (to - from));
}

static void insert_at(struct buf *b, size_t at, const char *s, size_t n)
{
	size_t old = b->len;
	buf_grow(b, n);
	buf_add(b, s, n); /* grows len; now shift the tail */
	memmove(b->ptr + at + n, b->ptr + at, old - at);
	memcpy(b->ptr + at, s, n);
}

int edit_width(const char *s, size_t n)
{
	struct buf tmp = BUF_INIT;
	buf_add(&tmp, s, n);
	int w = text_width(tmp.ptr);
	buf_release(&tmp);
	return w;
}

int edit_key(struct buf *b, size_t *cur, const struct tui_input *in, int multiline)
{
	size_t c = *cur > b->len ? b->len : *cur;
	int k = in->key;
	if (tui_input_is_text(in)) {
		struct buf ch = BUF_INIT;
		tui_utf8_put(&ch, k);
		insert_at(b, c, ch.ptr, ch.len);
		*cur = c + ch.len;
		buf_release(&ch);
		return TUI_HANDLED | TUI_CHANGED;
	}
	if (!in->fkey && multiline && (k == '\n' || k == '\r')) {
		insert_at(b, c, "\n", 1);
		*cur = c + 1;
		return TUI_HANDLED | TUI_CHANGED;
	}
	if ((in->fkey && k == KEY_BACKSPACE) || (!in->fkey && (k == 0x7F || k == CTRL('H')))) {
		if (c == 0)
			return TUI_HANDLED;
		size_t p = prev_char(b, c);
		erase_range(b, p, c);
		*cur = p;
		return TUI_HANDLED | TUI_CHANGED;
	}
	if ((in->fkey && k == KEY_DC) || (!in->fkey && k == CTRL('D'))) {
		if (c >= b->len)
			return TUI_HANDLED;
		erase_range(b, c, next_char(b, c));
		*cur = c;
		return TUI_HANDLED | TUI_CHANGED;
	}
	if ((in->fkey && k == KEY_LEFT) || (!in->fkey && k == CTRL('B'))) {
		*cur = prev_char(b, c);
		return TUI_HANDLED;
	}
	if ((in->fkey && k == KEY_RIGHT) || (!in->fkey && k == CTRL('F'))) {
		*cur = next_char(b, c);
		return TUI_HANDLED;
	}
	if ((in->fkey && k == KEY_HOME) || (!in->fkey && k == CTRL('A'))) {
		while (c > 0 && b->ptr[c - 1] != '\n')
			c--;
		*cur = c;
		return TUI_HANDLED;
	}
	if ((in->fkey && k == KEY_END) || (!in->fkey && k == CTRL('E'))) {
		while (c < b->len && b->ptr[c] != '\n')
			c++;
		*cur = c;
		return TUI_HANDLED;
	}
	if (!in->fkey && k == CTRL('U')) {
		int changed = b->len > 0;
		buf_reset(b);
		*cur = 0;
		return TUI_HANDLED | (changed ? TUI_CHANGED : 0);
	}
	return TUI_UNHANDLED;
}
