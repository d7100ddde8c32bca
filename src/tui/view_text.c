/* view_text: a pager over a block of text someone is meant to copy (an export over SSH), also sent to the clipboard. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/digest.h"
#include "jiaoyan/tui.h"

struct textview {
	struct list lines;
	char *text;
	int built_w;
};

/*
 * OSC 52 puts the text on the clipboard of the person's own machine, through
 * SSH, in terminals that allow it (xterm, iTerm2, Windows Terminal, tmux with
 * set-clipboard). What reaches the terminal is base64 only: no byte of the
 * data can act as a control sequence.
 */
static void to_clipboard(const char *text)
{
	struct buf b64 = BUF_INIT;
	digest_base64(&b64, text, strlen(text), DIGEST_B64_PADDED);
	printf("\033]52;c;%s\a", b64.ptr);
	fflush(stdout);
	buf_release(&b64);
}

static int tv_open(struct view *v, void *arg, struct jy_err *err)
{
	struct textview *tv = xcalloc(1, sizeof(*tv));
	(void)err;
	tv->text = xstrdup(arg);
	list_init(&tv->lines, NULL, 0, 1);
	v->priv = tv;
	to_clipboard(tv->text);
	return 0;
}

static void tv_close(struct view *v)
{
	struct textview *tv = v->priv;
	list_free(&tv->lines);
	free(tv->text);
	free(tv);
}

static void tv_draw(struct view *v, const struct tui_rect *r)
{
	struct textview *tv = v->priv;
	if (tv->built_w != r->w) {
		list_clear(&tv->lines);
		list_line(&tv->lines, TA_DIM,
			  L("已复制到剪贴板（终端支持时）；也可以用鼠标选中下面的内容复制，粘贴到 Excel。q 返回",
			    "Copied to the clipboard (where the terminal allows); or select the text below with the mouse. q goes back"));
		list_line(&tv->lines, TA_NORMAL, "");
		for (const char *p = tv->text; *p;) {
			size_t n = strcspn(p, "\n");
			char *line = xstrndup(p, n);
			list_line(&tv->lines, TA_NORMAL, line);
			free(line);
			p += n + (p[n] == '\n');
		}
		tv->built_w = r->w;
	}
	list_draw(&tv->lines, v->tui, r, 1);
}

static int tv_key(struct view *v, const struct tui_input *in)
{
	struct textview *tv = v->priv;
	return list_key(&tv->lines, v->tui, in);
}

static const struct tui_key *const tv_keymaps[] = { pager_keys, NULL };

const struct view_ops view_text_ops = {
	.name = "text",
	.title_zh = "复制",
	.title_en = "Copy",
	.keys = tv_keymaps,
	.open = tv_open,
	.close = tv_close,
	.draw = tv_draw,
	.key = tv_key,
};
