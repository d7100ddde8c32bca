/* view_obsdetail: one observation in full — fields, scores against its rubric version, texts, reply, history. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/tui.h"

struct obsdetail {
	char *path;
	struct record *rec;
	struct list lines;
	int built_w;
};

static int load(struct obsdetail *d, struct tui *t, struct jy_err *err)
{
	struct record *r = NULL;
	int rc = store_read(&r, t->store, d->path, err);
	if (rc)
		return rc;
	record_free(d->rec);
	d->rec = r;
	d->built_w = 0;
	return 0;
}

static int od_open(struct view *v, void *arg, struct jy_err *err)
{
	struct obsdetail *d = xcalloc(1, sizeof(*d));
	d->path = xstrdup(arg);
	list_init(&d->lines, NULL, 0, 1);
	if (load(d, v->tui, err) != 0) {
		list_free(&d->lines);
		free(d->path);
		free(d);
		return err->code ? err->code : JY_EIO;
	}
	v->priv = d;
	return 0;
}

static void od_close(struct view *v)
{
	struct obsdetail *d = v->priv;
	list_free(&d->lines);
	record_free(d->rec);
	free(d->path);
	free(d);
}

static int od_reload(struct view *v, struct jy_err *err)
{
	return load(v->priv, v->tui, err);
}

static void od_draw(struct view *v, const struct tui_rect *r)
{
	struct obsdetail *d = v->priv;
	if (d->built_w != r->w) {
		size_t top = d->lines.top;
		list_clear(&d->lines);
		obsfmt_detail(&d->lines, v->tui, d->path, d->rec, r->w, 1);
		d->lines.top = top;
		d->built_w = r->w;
	}
	list_draw(&d->lines, v->tui, r, 1);
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
	struct obsdetail *d = v->priv;
	return obs_offers(v->tui, d->rec, a);
}

static int od_key(struct view *v, const struct tui_input *in)
{
	struct obsdetail *d = v->priv;
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
