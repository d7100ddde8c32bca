/* view_search: the whole-store search (F anywhere, / on 概览) — `jiaoyan search`'s results as a list to open, n/N from one to the next. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/search.h"
#include "jiaoyan/tui.h"

struct searchview {
	struct list list;
	struct table table;
	struct table_col cols[5];
	char *text;      /* what was searched, owned */
	struct vec hits; /* struct search_hit *, owned, newest first */
};

/* Runs the search for text into sv (the earlier results are dropped); 0 or the domain's refusal. */
static int run(struct searchview *sv, struct tui *t, const char *text, struct jy_err *err)
{
	struct search_query q = { 0 };
	q.text = text;
	vec_clear(&sv->hits);
	list_clear(&sv->list);
	sv->list.sel = sv->list.top = 0;
	int rc = search_run(&sv->hits, t->store, t->viewer, &q, err);
	free(sv->text);
	sv->text = xstrdup(text);
	for (size_t i = 0; i < sv->hits.len; i++) {
		const struct search_hit *h = sv->hits.items[i];
		struct list_row *row = list_add(&sv->list, (void *)h, TA_NORMAL);
		list_cell(row, h->type ? schema_type_label(h->type) : "");
		list_cell(row, h->id);
		list_cell(row, h->field);
		list_cell(row, h->snippet);
		list_cell(row, h->path);
	}
	return rc;
}

static void sv_free(struct searchview *sv)
{
	list_free(&sv->list);
	vec_free(&sv->hits);
	free(sv->text);
	free(sv);
}

static int sv_open(struct view *v, void *arg, struct jy_err *err)
{
	struct searchview *sv = xcalloc(1, sizeof(*sv));
	/* 类型 and 内容 (where the text was found) stay however narrow the screen; the path goes first. */
	const struct table_col cols[5] = {
		{ L("类型", "type"), 4, 10, 0, 0 },
		{ L("编号", "id"), 6, 28, 0, 2 },
		{ L("字段", "field"), 4, 12, 0, 1 },
		{ L("内容", "text"), 10, SEARCH_SNIPPET, 0, 0 },
		{ L("文件", "file"), 10, 60, 0, 3 },
	};
	memcpy(sv->cols, cols, sizeof(cols));
	sv->table.cols = sv->cols;
	sv->table.ncols = 5;
	sv->table.tooltip = 1;
	list_init(&sv->list, NULL, 0, 0);
	vec_init(&sv->hits, search_hit_free);
	if (run(sv, v->tui, arg, err) != 0) {
		sv_free(sv);
		return err->code ? err->code : JY_EINVAL;
	}
	v->priv = sv;
	return 0;
}

static void sv_close(struct view *v)
{
	sv_free(v->priv);
}

static int sv_reload(struct view *v, struct jy_err *err)
{
	struct searchview *sv = v->priv;
	char *text = xstrdup(sv->text);
	int rc = run(sv, v->tui, text, err);
	free(text);
	return rc;
}

static void sv_draw(struct view *v, const struct tui_rect *r)
{
	struct searchview *sv = v->priv;
	struct tui *t = v->tui;
	struct buf b = BUF_INIT;
	if (r->h < 2)
		return;
	buf_printf(&b, L("全库搜索「%s」：%zu 条（Enter 打开，n/N 下一条/上一条，/ 重新搜索）",
			 "Search of everything for \"%s\": %zu (Enter opens, n/N next/previous, / searches again)"),
		   sv->text, sv->hits.len);
	tui_put(t, r->y, r->x, r->w, TA_HEADER, b.ptr, 0);
	buf_release(&b);
	struct tui_rect lr = { r->y + 1, r->x, r->h - 1, r->w };
	sv->list.empty = L("（没有找到：你能看到的记录中没有这段文字）", "(nothing found among the records you may see)");
	table_draw(&sv->table, &sv->list, t, &lr, 1);
}

/* Enter: an observation opens its detail; any other record its text, to read. */
static int open_hit(struct tui *t, const struct search_hit *h)
{
	if (h->type && strcmp(h->type->name, "observation") == 0)
		return tui_push(t, &view_obsdetail_ops, h->path);
	struct buf text = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	int rc = store_read_raw(&text, t->store, h->path, &err);
	if (rc == 0) {
		struct buf page = BUF_INIT;
		buf_printf(&page, "%s\n\n%s", h->path, text.ptr ? text.ptr : "");
		rc = tui_push(t, &view_text_ops, page.ptr);
		buf_release(&page);
	} else {
		tui_msg(t, 1, "%s", err.msg);
	}
	buf_release(&text);
	return rc;
}

int tui_search(struct tui *t, const char *text)
{
	struct buf pat = BUF_INIT;
	int rc = 0;
	if (text)
		buf_puts(&pat, text);
	else if (tui_prompt(t, L("全库搜索：", "search everything: "), &pat) != 0 || !pat.len)
		goto done;
	rc = tui_push(t, &view_search_ops, pat.ptr);
done:
	buf_release(&pat);
	return rc;
}

static const struct tui_key sv_keys[] = {
	{ '\n', 0, ACT_OPEN, "Enter", "打开选中的记录（听课记录打开详情，其他记录显示原文）",
	  "open the selected record (an observation's detail, other records' text)" },
	{ '/', 0, ACT_SEARCH_ALL, "/", "重新在整个数据仓库中搜索", "search everything again" },
	{ 'n', 0, ACT_NEXT_MATCH, "n", "下一条结果", "next result" },
	{ 'N', 0, ACT_PREV_MATCH, "N", "上一条结果", "previous result" },
	TUI_KEYS_END,
};

static int sv_key(struct view *v, const struct tui_input *in)
{
	struct searchview *sv = v->priv;
	struct tui *t = v->tui;
	struct buf pat = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	const struct search_hit *h;
	switch (tui_key_action(sv_keys, in)) {
	case ACT_OPEN:
		if ((h = list_selected(&sv->list)))
			open_hit(t, h);
		return TUI_HANDLED;
	case ACT_NEXT_MATCH:
		if (sv->list.sel + 1 < list_len(&sv->list))
			sv->list.sel++;
		else if (list_len(&sv->list))
			tui_msg(t, 0, "%s", L("已是最后一条结果", "that was the last result"));
		return TUI_HANDLED | TUI_REDRAW;
	case ACT_PREV_MATCH:
		if (sv->list.sel > 0)
			sv->list.sel--;
		else if (list_len(&sv->list))
			tui_msg(t, 0, "%s", L("已是第一条结果", "that was the first result"));
		return TUI_HANDLED | TUI_REDRAW;
	case ACT_SEARCH_ALL:
		buf_puts(&pat, sv->text);
		if (tui_prompt(t, L("全库搜索：", "search everything: "), &pat) == 0 && pat.len && run(sv, t, pat.ptr, &err) != 0)
			tui_msg(t, 1, "%s", err.msg);
		buf_release(&pat);
		return TUI_HANDLED | TUI_REDRAW;
	default:
		break;
	}
	int fl = list_key(&sv->list, t, in);
	if (fl & TUI_HANDLED)
		return fl;
	return table_key(&sv->table, in);
}

static const struct tui_key *const sv_keymaps[] = { sv_keys, list_keys, table_keys, NULL };

const struct view_ops view_search_ops = {
	.name = "search",
	.title_zh = "全库搜索",
	.title_en = "Search",
	.keys = sv_keymaps,
	.open = sv_open,
	.close = sv_close,
	.reload = sv_reload,
	.draw = sv_draw,
	.key = sv_key,
};
