/* view_obsdetail: one observation in full — fields, scores against its rubric version, texts, reply, history. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/tui.h"

static void build(struct list *out, struct tui *t, const char *path, const struct record *r, int width)
{
	obsfmt_detail(out, t, path, r, width, 1);
}

static int od_open(struct view *v, void *arg, struct jy_err *err)
{
	struct tui_page *p = NULL;
	int rc = tui_page_new(&p, v->tui, arg, build, err);
	v->priv = p;
	return rc;
}

static void od_close(struct view *v)
{
	tui_page_free(v->priv);
}

static int od_reload(struct view *v, struct jy_err *err)
{
	return tui_page_reload(v->priv, v->tui, err);
}

static void od_draw(struct view *v, const struct tui_rect *r)
{
	tui_page_draw(v->priv, v->tui, r);
}

static const struct tui_key od_keys[] = {
	{ 'e', 0, ACT_EDIT, "e", "在表单中修改这条听课记录（填好原来的内容）", "change this observation in its form (filled in)" },
	{ 'R', 0, ACT_REPLY, "R", NULL, NULL },
	{ 'E', 0, ACT_EDIT_RAW, "E", NULL, NULL },
	{ 'p', 0, ACT_PRINT, "p", "打印用的听课记录表（HTML，复制后存为 .html 用浏览器打印）", "the printable 听课记录表 (HTML to copy into a .html file and print)" },
	TUI_KEYS_END,
};

static int od_offers(struct view *v, enum tui_action a)
{
	struct tui_page *d = v->priv;
	return obs_offers(v->tui, d->rec, a);
}

static int od_key(struct view *v, const struct tui_input *in)
{
	struct tui_page *d = v->priv;
	int fl = list_key(&d->lines, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	switch (in->action) {
	case ACT_EDIT:
		obsform_edit(v->tui, d->path, NULL);
		return TUI_HANDLED;
	case ACT_EDIT_RAW:
		return obs_edit_raw(v->tui, d->path);
	case ACT_PRINT:
		return obs_print(v->tui, d->path);
	case ACT_REPLY:
		obsreply_open(v->tui, d->path, NULL);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const od_keymaps[] = { od_keys, pager_keys, NULL };

const struct view_ops view_obsdetail_ops = {
	.name = "observation",
	.title_zh = "听课记录详情",
	.title_en = "Observation",
	.keys = od_keymaps,
	.open = od_open,
	.close = od_close,
	.reload = od_reload,
	.draw = od_draw,
	.key = od_key,
	.offers = od_offers,
};
