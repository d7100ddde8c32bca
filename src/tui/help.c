/* help: the `?` screen — every key of the screen below it, generated from the same key tables as the hint line. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

static const struct {
	const char *hint_zh, *hint_en, *help_zh, *help_en;
} actions[ACT_COUNT] = {
#define TUI_X_TEXT(id, hz, he, pz, pe) [ACT_##id] = { hz, he, pz, pe },
	TUI_ACTIONS(TUI_X_TEXT)
#undef TUI_X_TEXT
};

const char *tui_action_hint(enum tui_action a)
{
	if (a <= ACT_NONE || a >= ACT_COUNT || !actions[a].hint_zh)
		return NULL;
	return L(actions[a].hint_zh, actions[a].hint_en);
}

const char *tui_action_help(enum tui_action a)
{
	if (a <= ACT_NONE || a >= ACT_COUNT || !actions[a].help_zh)
		return NULL;
	return L(actions[a].help_zh, actions[a].help_en);
}

struct help {
	const struct view *of; /* the screen below (it stays while help is on top) */
	struct list lines;
	int built_w;
};

#define NAMES_W 18

/* "  keys…            what it does", the description wrapped under itself. */
static void add_line(struct list *l, const char *names, const char *help, int width)
{
	struct vec wrapped = VEC_INIT(free);
	tui_wrap(&wrapped, help ? help : "", width - NAMES_W - 3);
	for (size_t i = 0; i < wrapped.len || i == 0; i++) {
		struct buf line = BUF_INIT;
		buf_puts(&line, "  ");
		text_pad(&line, i == 0 ? names : "", NAMES_W, 0);
		buf_printf(&line, " %s", i < wrapped.len ? (const char *)wrapped.items[i] : "");
		list_line(l, TA_NORMAL, line.ptr);
		buf_release(&line);
	}
	vec_free(&wrapped);
}

/* One line per action: all its key names, then what it does (the first override wins). */
static void add_table(struct list *l, const struct tui_key *const *maps, int only_help, int *seen, int width)
{
	for (const struct tui_key *const *map = maps; map && *map; map++) {
		for (const struct tui_key *k = *map; k->action != ACT_NONE; k++) {
			if (seen[k->action] || (only_help && k->action != ACT_HELP))
				continue;
			seen[k->action] = 1;
			struct buf names = BUF_INIT;
			const char *help = NULL;
			for (const struct tui_key *const *m2 = maps; m2 && *m2; m2++)
				for (const struct tui_key *k2 = *m2; k2->action != ACT_NONE; k2++) {
					if (k2->action != k->action)
						continue;
					/* In a form, printable keys are text: only function keys are listed. */
					if (k2->name && !(only_help && tui_input_is_text(&(struct tui_input){ k2->key, k2->fkey, ACT_NONE })))
						buf_printf(&names, "%s%s", names.len ? " " : "", k2->name);
					if (!help && (k2->help_zh || k2->help_en))
						help = L(k2->help_zh, k2->help_en);
				}
			if (!help)
				help = tui_action_help(k->action);
			if (names.len)
				add_line(l, names.ptr, help, width);
			buf_release(&names);
		}
	}
}

static void build(struct help *h, int width)
{
	const struct view *of = h->of;
	int seen[ACT_COUNT] = { 0 };
	const struct tui_key *global[] = { tui_global_keys, NULL };
	int text_input = (of->ops->flags & VIEW_TEXT_INPUT) != 0;
	struct buf title = BUF_INIT;
	list_clear(&h->lines);
	buf_printf(&title, L("「%s」的按键", "Keys of \"%s\""), L(of->ops->title_zh, of->ops->title_en));
	list_line(&h->lines, TA_HEADER, title.ptr);
	buf_release(&title);
	add_table(&h->lines, of->ops->keys, 0, seen, width);
	list_line(&h->lines, TA_NORMAL, "");
	list_line(&h->lines, TA_HEADER, L("所有界面通用", "Everywhere"));
	add_table(&h->lines, global, text_input, seen, width);
	if (text_input) {
		list_line(&h->lines, TA_NORMAL, "");
		list_line(&h->lines, TA_DIM,
			  L("  表单中直接输入文字（可输入中文）；数字和字母都作为文字输入。",
			    "  In a form, type text directly (Chinese too); digits and letters are text."));
	}
	list_line(&h->lines, TA_NORMAL, "");
	list_line(&h->lines, TA_DIM, L("  按 q 或 Esc 关闭帮助", "  q or Esc closes this help"));
	h->built_w = width;
}

static int help_open(struct view *v, void *arg, struct jy_err *err)
{
	struct help *h = xcalloc(1, sizeof(*h));
	(void)err;
	h->of = arg;
	list_init(&h->lines, NULL, 0, 1);
	v->priv = h;
	return 0;
}

static void help_close(struct view *v)
{
	struct help *h = v->priv;
	list_free(&h->lines);
	free(h);
}

static void help_draw(struct view *v, const struct tui_rect *r)
{
	struct help *h = v->priv;
	if (h->built_w != r->w)
		build(h, r->w);
	list_draw(&h->lines, v->tui, r, 1);
}

static int help_key(struct view *v, const struct tui_input *in)
{
	struct help *h = v->priv;
	return list_key(&h->lines, v->tui, in);
}

static const struct tui_key *const help_keymaps[] = { pager_keys, NULL };

const struct view_ops view_help_ops = {
	.name = "help",
	.title_zh = "帮助",
	.title_en = "Help",
	.keys = help_keymaps,
	.open = help_open,
	.close = help_close,
	.draw = help_draw,
	.key = help_key,
};
