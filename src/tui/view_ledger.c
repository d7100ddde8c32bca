/* view_ledger: the 台账 screen — the work ledger of a school and term (ledger.h), its tables scrolled left and right. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/ledger.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

struct ledgerview {
	struct ledger *l;
	struct list lines;
	struct vec choices; /* owned school ids a lead-college admin cycles through; "" = every member school */
	size_t choice;
	int xoff;           /* display columns scrolled off to the left */
	int built_w;
};

#define CELL_MAX 30

static int lead_admin(const struct tui *t)
{
	return !t->actor || !t->actor->id || (actor_is_admin(t->actor) && t->actor->lead_college);
}

static int lv_build(struct ledgerview *lv, struct tui *t, struct jy_err *err)
{
	struct ledger *l = NULL;
	const char *school = lv->choices.len ? lv->choices.items[lv->choice] : NULL;
	int rc = ledger_build(&l, t->store, t->actor, t->viewer, t->term, school && *school ? school : NULL, err);
	if (rc)
		return rc;
	ledger_free(lv->l);
	lv->l = l;
	lv->built_w = 0;
	return 0;
}

static int lv_open(struct view *v, void *arg, struct jy_err *err)
{
	struct ledgerview *lv = xcalloc(1, sizeof(*lv));
	struct tui *t = v->tui;
	(void)arg;
	list_init(&lv->lines, NULL, 0, 1);
	vec_init(&lv->choices, free);
	/* A member school's admins see their school; lead-college admins every member school, then each in turn. */
	if (lead_admin(t)) {
		vec_push_str(&lv->choices, "");
		for (size_t i = 0; i < t->schools.len; i++)
			vec_push_str(&lv->choices, ((const struct store_item *)t->schools.items[i])->id);
	} else {
		vec_push_str(&lv->choices, t->actor->school ? t->actor->school : "");
	}
	int rc = lv_build(lv, t, err);
	if (rc) {
		list_free(&lv->lines);
		vec_free(&lv->choices);
		free(lv);
		return rc;
	}
	v->priv = lv;
	return 0;
}

static void lv_close(struct view *v)
{
	struct ledgerview *lv = v->priv;
	ledger_free(lv->l);
	list_free(&lv->lines);
	vec_free(&lv->choices);
	free(lv);
}

static int lv_reload(struct view *v, struct jy_err *err)
{
	return lv_build(v->priv, v->tui, err);
}

/* Adds a line with the first xoff display columns cut off (the table scrolls, the titles stay). */
static void scrolled(struct list *l, enum tui_role role, const char *text, int xoff)
{
	size_t cut = xoff > 0 ? text_fit(text, strlen(text), xoff) : 0;
	list_line(l, role, text + cut);
}

static void table_lines(struct ledgerview *lv, const struct ledger_table *t, int xoff)
{
	size_t n = t->columns.len;
	int *w = xcalloc(n ? n : 1, sizeof(int));
	struct buf b = BUF_INIT;
	for (size_t c = 0; c < n; c++) {
		w[c] = text_width(t->columns.items[c]);
		for (size_t r = 0; r < t->rows.len; r++) {
			const struct ledger_row *row = t->rows.items[r];
			int cw = text_width(row->cells[c].text);
			if (cw > w[c])
				w[c] = cw;
		}
		if (w[c] > CELL_MAX)
			w[c] = CELL_MAX;
	}
	buf_puts(&b, "  ");
	for (size_t c = 0; c < n; c++) {
		text_pad(&b, t->columns.items[c], w[c], 0);
		buf_puts(&b, "  ");
	}
	scrolled(&lv->lines, TA_HEADER, b.ptr, xoff);
	for (size_t r = 0; r < t->rows.len; r++) {
		const struct ledger_row *row = t->rows.items[r];
		int mark = 0;
		buf_set(&b, "  ");
		for (size_t c = 0; c < n; c++) {
			text_pad(&b, row->cells[c].text, w[c], row->cells[c].kind != LEDGER_TEXT);
			buf_puts(&b, "  ");
			mark |= row->cells[c].mark;
		}
		scrolled(&lv->lines, mark ? TA_ERROR : TA_NORMAL, b.ptr, xoff);
	}
	if (!t->rows.len) {
		buf_set(&b, "  ");
		buf_puts(&b, t->empty);
		list_line(&lv->lines, TA_DIM, b.ptr);
	}
	free(w);
	buf_release(&b);
}

static void lv_lines(struct ledgerview *lv, int width)
{
	const struct ledger *l = lv->l;
	struct buf b = BUF_INIT;
	list_clear(&lv->lines);
	list_line(&lv->lines, TA_HEADER, l->title);
	for (size_t i = 0; i < LEDGER_HEADER; i++) {
		buf_reset(&b);
		buf_puts(&b, "  ");
		text_pad(&b, l->header[i].label, 10, 0);
		buf_puts(&b, *l->header[i].value ? l->header[i].value : "______");
		list_line(&lv->lines, TA_NORMAL, b.ptr);
	}
	list_line(&lv->lines, TA_DIM, L("  ←→ 左右滚动表格；s 换一所学校（牵头学校的管理员）；文件用 jiaoyan report ledger 导出",
					"  ←→ scroll the tables; s another school (lead-college admins); files: jiaoyan report ledger"));
	for (size_t s = 0; s < l->sections.len; s++) {
		const struct ledger_section *sec = l->sections.items[s];
		list_line(&lv->lines, TA_NORMAL, "");
		buf_reset(&b);
		ledger_section_title(&b, l, s);
		list_line(&lv->lines, TA_MARK, b.ptr);
		for (size_t n = 0; n < sec->notes.len; n++) {
			struct vec wrapped = VEC_INIT(free);
			tui_wrap(&wrapped, sec->notes.items[n], width - 4 > 20 ? width - 4 : 20);
			for (size_t k = 0; k < wrapped.len; k++) {
				buf_set(&b, "  ");
				buf_puts(&b, wrapped.items[k]);
				list_line(&lv->lines, TA_DIM, b.ptr);
			}
			vec_free(&wrapped);
		}
		for (size_t k = 0; k < sec->tables.len; k++) {
			const struct ledger_table *t = sec->tables.items[k];
			buf_set(&b, " ");
			buf_puts(&b, t->title);
			list_line(&lv->lines, TA_LABEL, b.ptr);
			table_lines(lv, t, lv->xoff);
		}
	}
	buf_release(&b);
}

static void lv_draw(struct view *v, const struct tui_rect *r)
{
	struct ledgerview *lv = v->priv;
	if (lv->built_w != r->w) {
		size_t top = lv->lines.top;
		lv_lines(lv, r->w);
		lv->lines.top = top;
		lv->built_w = r->w;
	}
	list_draw(&lv->lines, v->tui, r, 1);
}

static const struct tui_key lv_keys[] = {
	{ KEY_LEFT, 1, ACT_LEFT, "←", "表格向左滚动", "scroll the tables left" },
	{ KEY_RIGHT, 1, ACT_RIGHT, "→", "表格向右滚动", "scroll the tables right" },
	{ 'h', 0, ACT_LEFT, "h", NULL, NULL },
	{ 'l', 0, ACT_RIGHT, "l", NULL, NULL },
	{ 's', 0, ACT_FILTER, "s", "换一所学校（牵头学校的管理员：全部成员学校与各校轮换）", "another school (lead-college admins)" },
	TUI_KEYS_END,
};

static int lv_key(struct view *v, const struct tui_input *in)
{
	struct ledgerview *lv = v->priv;
	struct tui *t = v->tui;
	struct jy_err err = JY_ERR_INIT;
	int fl = list_key(&lv->lines, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	switch (in->action) {
	case ACT_LEFT:
	case ACT_RIGHT:
		lv->xoff += in->action == ACT_LEFT ? -16 : 16;
		if (lv->xoff < 0)
			lv->xoff = 0;
		lv->built_w = 0;
		return TUI_HANDLED | TUI_REDRAW;
	case ACT_FILTER:
		if (lv->choices.len < 2) {
			tui_msg(t, 1, "%s", L("成员学校的管理员只看本校的台账", "a member school's admins see their own school's ledger"));
			return TUI_HANDLED;
		}
		lv->choice = (lv->choice + 1) % lv->choices.len;
		if (lv_build(lv, t, &err) != 0)
			tui_refusal(t, &err);
		lv->lines.top = lv->lines.sel = 0;
		return TUI_HANDLED | TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const lv_keymaps[] = { lv_keys, pager_keys, NULL };

const struct view_ops view_ledger_ops = {
	.name = "ledger",
	.title_zh = "台账",
	.title_en = "Ledger",
	.keys = lv_keymaps,
	.open = lv_open,
	.close = lv_close,
	.reload = lv_reload,
	.draw = lv_draw,
	.key = lv_key,
};
