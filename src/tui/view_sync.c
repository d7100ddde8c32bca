/* view_sync: the 同步 tab — remotes with their last sync, `s` to sync with a progress bar, open conflicts to resolve. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/conflict.h"
#include "jiaoyan/id.h"
#include "jiaoyan/sync.h"
#include "jiaoyan/tui.h"

struct syncview {
	struct list list;
	struct vec remotes;   /* struct sync_remote * */
	struct vec conflicts; /* struct store_item * */
};

/* A row's data: a remote or a conflict, told apart by where it points. */
static int is_conflict(const struct syncview *sv, const void *data)
{
	for (size_t i = 0; i < sv->conflicts.len; i++)
		if (sv->conflicts.items[i] == data)
			return 1;
	return 0;
}

static int sv_load(struct syncview *sv, struct tui *t, struct jy_err *err)
{
	char when[17];
	list_clear(&sv->list);
	vec_clear(&sv->remotes);
	vec_clear(&sv->conflicts);
	int rc = sync_remotes(&sv->remotes, t->store, err);
	if (rc == 0)
		rc = conflict_open_list(&sv->conflicts, t->store, err);
	if (rc)
		return rc;
	list_line(&sv->list, TA_HEADER, L("远程仓库", "Remotes"));
	if (!sv->remotes.len)
		list_line(&sv->list, TA_DIM,
			  L("  还没有登记远程仓库（jiaoyan remote add central ssh://…）", "  no remote yet (jiaoyan remote add central ssh://…)"));
	for (size_t i = 0; i < sv->remotes.len; i++) {
		const struct sync_remote *r = sv->remotes.items[i];
		struct buf b = BUF_INIT;
		if (r->last)
			id_datetime(when, r->last);
		buf_printf(&b, "  %s  %s  ", r->name, r->url);
		if (!r->last)
			buf_puts(&b, L("从未同步", "never synced"));
		else if (r->ok)
			buf_printf(&b, L("%s 已同步 · 本地领先 %zu · 远程领先 %zu", "%s in sync · ahead %zu · behind %zu"), when, r->ahead,
				   r->behind);
		else
			buf_printf(&b, L("%s 失败：%s", "%s failed: %s"), when, r->message);
		list_line(&sv->list, r->last && !r->ok ? TA_ERROR : TA_NORMAL, b.ptr)->data = (void *)r;
		buf_release(&b);
	}
	list_line(&sv->list, TA_NORMAL, "");
	struct buf h = BUF_INIT;
	buf_printf(&h, L("待处理的同步冲突（%zu）", "Open sync conflicts (%zu)"), sv->conflicts.len);
	list_line(&sv->list, sv->conflicts.len ? TA_MARK : TA_HEADER, h.ptr);
	buf_release(&h);
	for (size_t i = 0; i < sv->conflicts.len; i++) {
		const struct store_item *it = sv->conflicts.items[i];
		const char *path = record_get(it->rec, "conflict", "path"), *sec = record_get(it->rec, "conflict", "section");
		const char *key = record_get(it->rec, "conflict", "key");
		struct buf b = BUF_INIT;
		buf_printf(&b, L("  %s  %s.%s  保留「%s」，替换了「%s」", "  %s  %s.%s  kept \"%s\", replaced \"%s\""), path ? path : "",
			   sec ? sec : "", key ? key : "",
			   record_get(it->rec, "conflict", "ours") ? record_get(it->rec, "conflict", "ours") : "",
			   record_get(it->rec, "conflict", "theirs") ? record_get(it->rec, "conflict", "theirs") : "");
		list_line(&sv->list, TA_NORMAL, b.ptr)->data = (void *)it;
		buf_release(&b);
	}
	return 0;
}

static int sv_open(struct view *v, void *arg, struct jy_err *err)
{
	struct syncview *sv = xcalloc(1, sizeof(*sv));
	(void)arg;
	list_init(&sv->list, NULL, 0, 0);
	sv->list.empty = "";
	vec_init(&sv->remotes, sync_remote_free);
	vec_init(&sv->conflicts, store_item_free);
	v->priv = sv;
	return sv_load(sv, v->tui, err);
}

static void sv_close(struct view *v)
{
	struct syncview *sv = v->priv;
	list_free(&sv->list);
	vec_free(&sv->remotes);
	vec_free(&sv->conflicts);
	free(sv);
}

static int sv_reload(struct view *v, struct jy_err *err)
{
	return sv_load(v->priv, v->tui, err);
}

static void sv_draw(struct view *v, const struct tui_rect *r)
{
	struct syncview *sv = v->priv;
	list_draw(&sv->list, v->tui, r, 1);
}

/* The progress bar of a sync: drawn over the status line while the transfer runs. */
static void bar(void *ctx, const struct transport_progress *p)
{
	struct tui *t = ctx;
	struct buf b = BUF_INIT;
	int w = COLS > 30 ? COLS - 30 : 10, done = p->total_objects ? (int)((double)p->objects / (double)p->total_objects * w) : 0;
	buf_printf(&b, L("同步中 %zu/%zu ", "syncing %zu/%zu "), p->objects, p->total_objects);
	for (int i = 0; i < w; i++)
		buf_puts(&b, i < done ? "█" : "░");
	buf_printf(&b, " %.0f KiB", (double)p->bytes / 1024);
	tui_put(t, LINES - 2, 0, COLS, TA_STATUS, b.ptr, 0);
	refresh();
	buf_release(&b);
}

static int do_sync(struct view *v)
{
	struct syncview *sv = v->priv;
	struct tui *t = v->tui;
	struct cli_transport tr;
	struct transport_opts *o = &tr.opts;
	struct sync_report rep;
	struct store_sig sig;
	struct jy_err err = JY_ERR_INIT;
	char *name = NULL;
	const void *sel = list_selected(&sv->list);
	const char *preferred = sel && !is_conflict(sv, sel) ? ((const struct sync_remote *)sel)->name : config_get(t->cfg, "sync", "remote");
	if (sync_default_remote(&name, t->store, preferred, &err) != 0) {
		tui_refusal(t, &err);
		return TUI_HANDLED;
	}
	cli_transport_init(&tr, t->cfg);
	o->progress = bar;
	o->ctx = t;
	actor_sig(t->actor, &sig);
	tui_msg(t, 0, L("正在与 %s 同步…", "syncing with %s…"), name);
	tui_draw(t);
	refresh();
	if (sync_run(&rep, t->store, name, &sig, &cli_sync_rules, o, &err) != 0)
		tui_msg(t, 1, L("同步失败：%s", "sync failed: %s"), err.msg);
	else if (rep.conflicts)
		tui_msg(t, 1, L("已与 %s 同步，%zu 处冲突需要处理（见下方）", "in sync with %s; %zu conflicts need you (below)"), name, rep.conflicts);
	else
		tui_msg(t, 0, L("已与 %s 同步：收到 %zu 条，送出 %zu 条", "in sync with %s: %zu in, %zu out"), name, rep.received, rep.sent);
	cli_transport_release(&tr);
	free(name);
	return TUI_HANDLED | TUI_RELOAD;
}

static const struct tui_key sv_keys[] = {
	{ 's', 0, ACT_SYNC, "s", "与选中的（或唯一的）远程仓库同步", "sync with the selected (or only) remote" },
	{ '\n', 0, ACT_OPEN, "Enter", "打开冲突：两边的值、作者、提交", "open a conflict: both values, authors, commits" },
	TUI_KEYS_END,
};

static int sv_key(struct view *v, const struct tui_input *in)
{
	struct syncview *sv = v->priv;
	int fl = list_key(&sv->list, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	const void *sel = list_selected(&sv->list);
	switch (tui_keymaps_action(v->ops->keys, in)) {
	case ACT_SYNC:
		return do_sync(v);
	case ACT_OPEN:
		if (sel && is_conflict(sv, sel))
			tui_push(v->tui, &view_conflict_ops, (void *)((const struct store_item *)sel)->id);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const sv_keymaps[] = { sv_keys, list_keys, NULL };

const struct view_ops view_sync_ops = {
	.name = "sync",
	.title_zh = "同步",
	.title_en = "Sync",
	.keys = sv_keymaps,
	.open = sv_open,
	.close = sv_close,
	.reload = sv_reload,
	.draw = sv_draw,
	.key = sv_key,
};

/* ---- one conflict, side by side ---- */

struct conflictview {
	char *id;
	struct list lines;
	struct record *rec;
	int built_w;
};

static int cv_load(struct conflictview *cv, struct tui *t, struct jy_err *err)
{
	struct buf spec = BUF_INIT, path = BUF_INIT;
	buf_printf(&spec, "conflict/%s", cv->id);
	record_free(cv->rec);
	cv->rec = NULL;
	int rc = store_resolve(&path, t->store, spec.ptr, err);
	if (rc == 0)
		rc = store_read(&cv->rec, t->store, path.ptr, err);
	cv->built_w = 0;
	buf_release(&spec);
	buf_release(&path);
	return rc;
}

static void side(struct list *l, struct tui *t, const char *title, const char *value, const char *author, const char *commit, int w)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s  %s %.8s", title, author ? author : "", commit ? commit : "");
	list_line(l, TA_HEADER, b.ptr);
	tui_wrap_lines(l, TA_NORMAL, "    ", value ? value : L("（无）", "(none)"), w);
	(void)t;
	buf_release(&b);
}

static int cv_open(struct view *v, void *arg, struct jy_err *err)
{
	struct conflictview *cv = xcalloc(1, sizeof(*cv));
	cv->id = xstrdup(arg);
	list_init(&cv->lines, NULL, 0, 1);
	v->priv = cv;
	return cv_load(cv, v->tui, err);
}

static void cv_close(struct view *v)
{
	struct conflictview *cv = v->priv;
	list_free(&cv->lines);
	record_free(cv->rec);
	free(cv->id);
	free(cv);
}

static int cv_reload(struct view *v, struct jy_err *err)
{
	return cv_load(v->priv, v->tui, err);
}

#define CF(r, k) record_get(r, "conflict", k)

static void cv_draw(struct view *v, const struct tui_rect *r)
{
	struct conflictview *cv = v->priv;
	struct tui *t = v->tui;
	if (cv->built_w != r->w) {
		struct buf b = BUF_INIT;
		list_clear(&cv->lines);
		buf_printf(&b, L("冲突 %s · %s · 字段 %s.%s", "conflict %s · %s · key %s.%s"), cv->id, CF(cv->rec, "path") ? CF(cv->rec, "path") : "",
			   CF(cv->rec, "section") ? CF(cv->rec, "section") : "", CF(cv->rec, "key") ? CF(cv->rec, "key") : "");
		list_line(&cv->lines, TA_HEADER, b.ptr);
		if (CF(cv->rec, "note"))
			list_line(&cv->lines, TA_MARK, CF(cv->rec, "note"));
		list_line(&cv->lines, TA_NORMAL, "");
		side(&cv->lines, t, L("保留的值（ours，现在记录中的）", "kept (ours, in the record now)"), CF(cv->rec, "ours"),
		     CF(cv->rec, "ours_author"), CF(cv->rec, "ours_commit"), r->w);
		side(&cv->lines, t, L("被替换的值（theirs）", "replaced (theirs)"), CF(cv->rec, "theirs"), CF(cv->rec, "theirs_author"),
		     CF(cv->rec, "theirs_commit"), r->w);
		side(&cv->lines, t, L("原值（共同的版本）", "base (the common version)"), CF(cv->rec, "base"), NULL, NULL, r->w);
		cv->built_w = r->w;
		buf_release(&b);
	}
	list_draw(&cv->lines, t, r, 1);
}

static int resolve(struct view *v, const char *take)
{
	struct conflictview *cv = v->priv;
	struct jy_err err = JY_ERR_INIT;
	if (conflict_resolve(v->tui->store, v->tui->actor, cv->id, take, &err) != 0) {
		tui_refusal(v->tui, &err);
		return TUI_HANDLED;
	}
	tui_msg(v->tui, 0, L("已处理冲突 %s", "resolved conflict %s"), cv->id);
	return TUI_HANDLED | TUI_RELOAD | TUI_BACK;
}

static const struct tui_key cv_keys[] = {
	{ 'o', 0, ACT_KEEP_OURS, "o", NULL, NULL },
	{ 't', 0, ACT_TAKE_THEIRS, "t", NULL, NULL },
	{ 'v', 0, ACT_TYPE_VALUE, "v", NULL, NULL },
	TUI_KEYS_END,
};

static int cv_key(struct view *v, const struct tui_input *in)
{
	struct conflictview *cv = v->priv;
	int fl = list_key(&cv->lines, v->tui, in);
	if (fl & TUI_HANDLED)
		return fl;
	switch (tui_keymaps_action(v->ops->keys, in)) {
	case ACT_KEEP_OURS:
		return resolve(v, "ours");
	case ACT_TAKE_THEIRS:
		return resolve(v, "theirs");
	case ACT_TYPE_VALUE: {
		struct buf value = BUF_INIT;
		buf_puts(&value, CF(cv->rec, "ours") ? CF(cv->rec, "ours") : "");
		int rc = tui_prompt(v->tui, L("新的值：", "value: "), &value) == 0 ? resolve(v, value.ptr) : TUI_HANDLED;
		buf_release(&value);
		return rc;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static const struct tui_key *const cv_keymaps[] = { cv_keys, pager_keys, NULL };

const struct view_ops view_conflict_ops = {
	.name = "conflict",
	.title_zh = "同步冲突",
	.title_en = "Conflict",
	.keys = cv_keymaps,
	.open = cv_open,
	.close = cv_close,
	.reload = cv_reload,
	.draw = cv_draw,
	.key = cv_key,
};
