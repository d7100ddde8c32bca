/* page: a pushed page of lines about one stored record (a question, an observation), read again on reload. */
#include <stdlib.h>

#include "jiaoyan/tui.h"

static int page_read(struct tui_page *p, struct tui *t, struct jy_err *err)
{
	struct record *r = NULL;
	int rc = store_read(&r, t->store, p->path, err);
	if (rc == 0) {
		record_free(p->rec);
		p->rec = r;
		p->built_w = 0;
	}
	return rc;
}

int tui_page_new(struct tui_page **out, struct tui *t, const char *path, tui_page_build_fn build, struct jy_err *err)
{
	struct tui_page *p = xcalloc(1, sizeof(*p));
	p->path = xstrdup(path);
	p->build = build;
	list_init(&p->lines, NULL, 0, 1);
	if (page_read(p, t, err) != 0) {
		tui_page_free(p);
		return err->code ? err->code : JY_EIO;
	}
	*out = p;
	return 0;
}

void tui_page_free(struct tui_page *p)
{
	if (!p)
		return;
	list_free(&p->lines);
	record_free(p->rec);
	free(p->path);
	free(p);
}

int tui_page_reload(struct tui_page *p, struct tui *t, struct jy_err *err)
{
	return page_read(p, t, err);
}

void tui_page_draw(struct tui_page *p, struct tui *t, const struct tui_rect *r)
{
	if (p->built_w != r->w) {
		size_t top = p->lines.top;
		list_clear(&p->lines);
		p->build(&p->lines, t, p->path, p->rec, r->w);
		p->lines.top = top;
		p->built_w = r->w;
	}
	list_draw(&p->lines, t, r, 1);
}
