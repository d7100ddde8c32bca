/* view_form: a form as a pushed screen — Ctrl-S, F2 or its 保存 line submits, Esc discards after asking, every change autosaves the draft. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/tui.h"

struct formview {
	struct form_spec spec;
	char *draft_arg;
	int draft_failed; /* say it once, not on every key */
};

static int fv_open(struct view *v, void *arg, struct jy_err *err)
{
	struct form_spec *spec = arg;
	struct formview *fv = xcalloc(1, sizeof(*fv));
	(void)err;
	fv->spec = *spec;
	fv->draft_arg = spec->draft_arg ? xstrdup(spec->draft_arg) : NULL;
	fv->spec.draft_arg = fv->draft_arg;
	v->priv = fv;
	return 0;
}

static void fv_close(struct view *v)
{
	struct formview *fv = v->priv;
	form_free(fv->spec.form);
	if (fv->spec.ctx_free)
		fv->spec.ctx_free(fv->spec.ctx);
	free(fv->draft_arg);
	free(fv);
}

static void fv_draw(struct view *v, const struct tui_rect *r)
{
	struct formview *fv = v->priv;
	form_draw(fv->spec.form, v->tui, r);
}

static const char *person(const struct tui *t)
{
	return t->actor && t->actor->id ? t->actor->id : NULL;
}

static void autosave(struct view *v, struct formview *fv)
{
	struct jy_err err = JY_ERR_INIT;
	struct tui *t = v->tui;
	if (!fv->spec.draft_kind || !person(t))
		return;
	if (draft_save(person(t), fv->spec.draft_kind, fv->draft_arg, fv->spec.form, &err) != 0 && !fv->draft_failed) {
		fv->draft_failed = 1;
		tui_msg(t, 1, L("草稿无法自动保存：%s", "the draft cannot be saved: %s"), err.msg);
	}
}

static size_t fields_with_errors(const struct form *f, size_t *first)
{
	size_t n = 0;
	for (size_t i = f->fields.len; i-- > 0;) {
		const struct form_field *fld = f->fields.items[i];
		if (fld->error) {
			n++;
			*first = i;
		}
	}
	return n;
}

static int submit(struct view *v, struct formview *fv)
{
	struct tui *t = v->tui;
	struct form *f = fv->spec.form;
	struct jy_err err = JY_ERR_INIT;
	size_t bad = form_check_all(f), first = 0;
	if (bad) {
		tui_msg(t, 1, L("有 %zu 项需要修改（见各项下方的提示），没有保存", "%zu fields need changes (see the messages under them); nothing saved"), bad);
		return TUI_HANDLED;
	}
	if (fv->spec.submit(t, f, fv->spec.ctx, &err) == 0) {
		if (fv->spec.draft_kind && person(t))
			draft_remove(person(t), fv->spec.draft_kind);
		return TUI_HANDLED | TUI_BACK | TUI_RELOAD;
	}
	if (fields_with_errors(f, &first)) {
		form_focus(f, first);
		/* The first line of the message is the field's own; the form shows each under its field. */
		char *nl = strchr(err.msg, '\n');
		if (nl)
			*nl = '\0';
		tui_msg(t, 1, L("没有保存：%s", "not saved: %s"), err.msg);
	} else {
		tui_alert(t, L("没有保存", "Not saved"), err.msg);
	}
	return TUI_HANDLED;
}

static int fv_key(struct view *v, const struct tui_input *in)
{
	struct formview *fv = v->priv;
	struct tui *t = v->tui;
	int fl = form_key(fv->spec.form, t, in);
	if (fl & TUI_CHANGED)
		autosave(v, fv);
	if (fl & TUI_SUBMIT)
		return submit(v, fv);
	if (fl & TUI_HANDLED)
		return fl | TUI_REDRAW;
	switch (in->action) {
	case ACT_SAVE:
	case ACT_APPLY:
		return submit(v, fv);
	case ACT_CANCEL:
		if (fv->spec.form->dirty && fv->spec.discard_zh) {
			if (tui_ask(t, L(fv->spec.discard_zh, fv->spec.discard_en), "yn") != 'y')
				return TUI_HANDLED;
		}
		if (fv->spec.draft_kind && person(t) && !tui_gone(t))
			draft_remove(person(t), fv->spec.draft_kind);
		return TUI_HANDLED | TUI_BACK;
	default:
		return TUI_UNHANDLED;
	}
}

/* Ctrl-S first: phone SSH apps hide the F-keys, and the hint line shows the first key of an action. */
static const struct tui_key save_keys[] = {
	{ 19, 0, ACT_SAVE, "Ctrl-S", NULL, NULL },
	{ KEY_F(2), 1, ACT_SAVE, "F2", NULL, NULL },
	{ 27, 0, ACT_CANCEL, "Esc", NULL, NULL },
	{ 3, 0, ACT_CANCEL, "Ctrl-C", NULL, NULL },
	TUI_KEYS_END,
};

static const struct tui_key apply_keys[] = {
	{ 19, 0, ACT_APPLY, "Ctrl-S", NULL, NULL },
	{ KEY_F(2), 1, ACT_APPLY, "F2", NULL, NULL },
	{ 27, 0, ACT_CANCEL, "Esc", "关闭，不改变筛选", "close without changing the filter" },
	{ 3, 0, ACT_CANCEL, "Ctrl-C", NULL, NULL },
	TUI_KEYS_END,
};

static const struct tui_key *const save_keymaps[] = { save_keys, form_keys, NULL };
static const struct tui_key *const apply_keymaps[] = { apply_keys, form_keys, NULL };

const struct view_ops view_form_ops = {
	.name = "form",
	.title_zh = "填写",
	.title_en = "Form",
	.keys = save_keymaps,
	.flags = VIEW_TEXT_INPUT,
	.open = fv_open,
	.close = fv_close,
	.draw = fv_draw,
	.key = fv_key,
};

const struct view_ops view_formapply_ops = {
	.name = "filter",
	.title_zh = "筛选",
	.title_en = "Filter",
	.keys = apply_keymaps,
	.flags = VIEW_TEXT_INPUT,
	.open = fv_open,
	.close = fv_close,
	.draw = fv_draw,
	.key = fv_key,
};

int form_view_push(struct tui *t, struct form_spec *spec)
{
	if (!spec->form->button)
		spec->form->button = spec->apply ? L("应用", "apply") : L("保存", "save");
	int rc = tui_push(t, spec->apply ? &view_formapply_ops : &view_form_ops, spec);
	if (rc != 0) {
		form_free(spec->form);
		if (spec->ctx_free)
			spec->ctx_free(spec->ctx);
	}
	return rc;
}
