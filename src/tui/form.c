/* form: fields edited in place — CJK input by display width, multi-line text, pick lists with type-ahead, checks on leaving a field. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

#define MULTI_MAX_ROWS 8
#define PICK_MAX_ROWS 8

const struct tui_key form_keys[] = {
	{ '\t', 0, ACT_NEXT_FIELD, "Tab", NULL, NULL },
	{ KEY_BTAB, 1, ACT_PREV_FIELD, "Shift-Tab", NULL, NULL },
	{ KEY_DOWN, 1, ACT_DOWN, "↓", "下一项（多行文字中：下一行）", "next field (in multi-line text: next line)" },
	{ KEY_UP, 1, ACT_UP, "↑", "上一项（多行文字中：上一行）", "previous field (in multi-line text: previous line)" },
	{ KEY_NPAGE, 1, ACT_PAGE_DOWN, "PgDn", "向下跳几项", "several fields down" },
	{ KEY_PPAGE, 1, ACT_PAGE_UP, "PgUp", "向上跳几项", "several fields up" },
	{ '\n', 0, ACT_PICK, "Enter",
	  "选择项：打开选择列表（也可直接输入筛选，←→ 换选项）；单行文字：下一项；多行文字：换行",
	  "pick fields: open the list (or type to filter, ←→ cycle); one-line text: next field; multi-line text: new line" },
	{ KEY_LEFT, 1, ACT_LEFT, "←", NULL, NULL },
	{ KEY_RIGHT, 1, ACT_RIGHT, "→", NULL, NULL },
	{ KEY_HOME, 1, ACT_LINE_START, "Home", NULL, NULL },
	{ 1, 0, ACT_LINE_START, "Ctrl-A", NULL, NULL },
	{ KEY_END, 1, ACT_LINE_END, "End", NULL, NULL },
	{ 5, 0, ACT_LINE_END, "Ctrl-E", NULL, NULL },
	{ KEY_BACKSPACE, 1, ACT_DEL_BACK, "Backspace", NULL, NULL },
	{ 0x7F, 0, ACT_DEL_BACK, NULL, NULL, NULL },
	{ 8, 0, ACT_DEL_BACK, NULL, NULL, NULL },
	{ KEY_DC, 1, ACT_DEL_FWD, "Delete", NULL, NULL },
	{ 4, 0, ACT_DEL_FWD, "Ctrl-D", NULL, NULL },
	{ 21, 0, ACT_KILL_LINE, "Ctrl-U", NULL, NULL },
	TUI_KEYS_END,
};

static void option_free(void *p)
{
	struct form_option *o = p;
	if (o) {
		free(o->value);
		free(o->label);
		free(o->search);
		free(o);
	}
}

static void field_free(void *p)
{
	struct form_field *fld = p;
	if (!fld)
		return;
	free(fld->name);
	free(fld->label);
	free(fld->suffix);
	free(fld->hint);
	buf_release(&fld->value);
	vec_free(&fld->options);
	free(fld->error);
	free(fld);
}

struct form *form_new(const char *title)
{
	struct form *f = xcalloc(1, sizeof(*f));
	f->title = xstrdup(title ? title : "");
	vec_init(&f->fields, field_free);
	vec_init(&f->matches, NULL);
	buf_init(&f->filter);
	return f;
}

void form_free(struct form *f)
{
	if (!f)
		return;
	free(f->title);
	vec_free(&f->fields);
	vec_free(&f->matches);
	buf_release(&f->filter);
	free(f);
}

int form_is_input(const struct form_field *fld)
{
	return fld->kind == FORM_TEXT || fld->kind == FORM_MULTI || fld->kind == FORM_PICK;
}

struct form_field *form_add(struct form *f, enum form_kind kind, const char *name, const char *label,
			    const char *value)
{
	struct form_field *fld = xcalloc(1, sizeof(*fld));
	fld->kind = kind;
	fld->name = xstrdup(name ? name : "");
	fld->label = xstrdup(label ? label : "");
	buf_init(&fld->value);
	buf_puts(&fld->value, value ? value : "");
	fld->cursor = fld->value.len;
	fld->rows = kind == FORM_MULTI ? 3 : 1;
	vec_init(&fld->options, option_free);
	vec_push(&f->fields, fld);
	if (!form_is_input(fld) && f->focus == f->fields.len - 1)
		f->focus++;
	return fld;
}

void form_option(struct form_field *fld, const char *value, const char *label, const char *search)
{
	struct form_option *o = xcalloc(1, sizeof(*o));
	o->value = xstrdup(value ? value : "");
	o->label = xstrdup(label ? label : o->value);
	o->search = search ? xstrdup(search) : NULL;
	vec_push(&fld->options, o);
}

void form_school_options(struct form_field *fld, struct tui *t, int with_id)
{
	for (size_t i = 0; i < t->schools.len; i++) {
		const struct store_item *it = t->schools.items[i];
		struct buf label = BUF_INIT;
		if (with_id)
			buf_printf(&label, "%s（%s）", tui_school_name(t, it->id), it->id);
		else
			buf_puts(&label, tui_school_name(t, it->id));
		form_option(fld, it->id, label.ptr, NULL);
		buf_release(&label);
	}
}

void form_specialty_options(struct form_field *fld, struct tui *t, int with_code)
{
	struct vec specs = VEC_INIT(store_item_free);
	struct store_query q = { .type = "specialty" };
	if (store_list(&specs, t->store, &q, NULL, NULL) == 0)
		for (size_t i = 0; i < specs.len; i++) {
			const struct store_item *it = specs.items[i];
			const char *name = record_get(it->rec, "specialty", "name");
			struct buf label = BUF_INIT;
			if (with_code) {
				buf_printf(&label, "%s %s", it->id, name ? name : "");
				form_option(fld, it->id, label.ptr, label.ptr);
			} else {
				form_option(fld, it->id, name && *name ? name : it->id, NULL);
			}
			buf_release(&label);
		}
	vec_free(&specs);
}

void form_enum_options(struct form_field *fld, const struct field_def *def)
{
	const char *p = def->values;
	while (p && *p) {
		size_t n = strcspn(p, "|");
		struct buf val = BUF_INIT, label = BUF_INIT;
		buf_add(&val, p, n);
		schema_value_label(&label, def, val.ptr);
		form_option(fld, val.ptr, label.ptr, NULL);
		buf_release(&val);
		buf_release(&label);
		p += n;
		if (*p)
			p++;
	}
}

struct form_field *form_find(struct form *f, const char *name)
{
	for (size_t i = 0; i < f->fields.len; i++) {
		struct form_field *fld = f->fields.items[i];
		if (strcmp(fld->name, name) == 0)
			return fld;
	}
	return NULL;
}

void form_set(struct form_field *fld, const char *value)
{
	buf_set(&fld->value, value ? value : "");
	fld->cursor = fld->value.len;
}

const char *form_pick_label(const struct form_field *fld)
{
	for (size_t i = 0; i < fld->options.len; i++) {
		const struct form_option *o = fld->options.items[i];
		if (strcmp(o->value, fld->value.ptr) == 0)
			return o->label;
	}
	return fld->value.ptr;
}

static struct form_field *focused(const struct form *f)
{
	return f->focus < f->fields.len ? f->fields.items[f->focus] : NULL;
}

static void set_error(struct form_field *fld, char *msg)
{
	free(fld->error);
	fld->error = msg;
}

static void check_field(struct form *f, struct form_field *fld)
{
	if (form_is_input(fld) && f->check)
		set_error(fld, f->check(f, fld, f->ctx));
}

size_t form_check_all(struct form *f)
{
	size_t bad = 0, first = f->fields.len;
	for (size_t i = 0; i < f->fields.len; i++) {
		struct form_field *fld = f->fields.items[i];
		check_field(f, fld);
		if (fld->error && bad++ == 0)
			first = i;
	}
	if (bad)
		form_focus(f, first);
	return bad;
}

void form_focus(struct form *f, size_t i)
{
	if ((i < f->fields.len && form_is_input(f->fields.items[i])) ||
	    (i == f->fields.len && f->button))
		f->focus = i;
}

/* --- visual lines of a multi-line value --- */

struct vline {
	size_t start, end;
};

struct vlines {
	struct vline *v;
	size_t n, cap;
};

static void vl_push(struct vlines *vl, size_t s, size_t e)
{
	if (vl->n == vl->cap) {
		vl->cap = vl->cap ? vl->cap * 2 : 8;
		vl->v = xrealloc(vl->v, vl->cap * sizeof(*vl->v));
	}
	vl->v[vl->n].start = s;
	vl->v[vl->n].end = e;
	vl->n++;
}

static void vl_layout(struct vlines *vl, const char *s, size_t len, int cols)
{
	size_t p = 0;
	vl->n = 0;
	if (cols < 2)
		cols = 2;
	for (;;) {
		const char *nl = memchr(s + p, '\n', len - p);
		size_t end = nl ? (size_t)(nl - s) : len, off = p;
		do {
			size_t n = text_fit(s + off, end - off, cols);
			if (n == 0 && off < end) {
				n = 1;
				while (off + n < end && ((unsigned char)s[off + n] & 0xC0) == 0x80)
					n++;
			}
			vl_push(vl, off, off + n);
			off += n;
		} while (off < end);
		if (!nl)
			break;
		p = end + 1;
	}
}

/* The visual line holding the cursor: a cursor at a soft wrap belongs to the next line. */
static size_t vl_find(const struct vlines *vl, size_t cur)
{
	for (size_t i = 0; i < vl->n; i++) {
		if (cur < vl->v[i].start || cur > vl->v[i].end)
			continue;
		if (cur == vl->v[i].end && i + 1 < vl->n && vl->v[i + 1].start == cur)
			continue;
		return i;
	}
	return vl->n ? vl->n - 1 : 0;
}

/* Byte offset in visual line i closest to display column col. */
static size_t vl_offset_at(const struct vlines *vl, const char *s, size_t i, int col)
{
	size_t p = vl->v[i].start;
	while (p < vl->v[i].end) {
		size_t q = p + 1;
		while (q < vl->v[i].end && ((unsigned char)s[q] & 0xC0) == 0x80)
			q++;
		if (edit_width(s + vl->v[i].start, q - vl->v[i].start) > col)
			break;
		p = q;
	}
	return p;
}

/* --- geometry --- */

struct geo {
	int labelw, valx, w;
};

static void geometry(const struct form *f, int w, struct geo *g)
{
	int lw = 4;
	for (size_t i = 0; i < f->fields.len; i++) {
		const struct form_field *fld = f->fields.items[i];
		int cw = text_width(fld->label);
		if (cw > lw)
			lw = cw;
	}
	if (lw > w / 3)
		lw = w / 3;
	g->labelw = lw;
	g->valx = 2 + lw + 1;
	g->w = w;
}

static int value_width(const struct geo *g, const struct form_field *fld)
{
	int avail = g->w - g->valx - (fld->suffix ? text_width(fld->suffix) + 2 : 0);
	if (avail < 4)
		avail = 4;
	return fld->width && fld->width < avail ? fld->width : avail;
}

#define ERROR_MAX_ROWS 3

/* The message under a field, wrapped to the value column (at most ERROR_MAX_ROWS lines, the last one cut with "…"). */
static void error_lines(struct vec *out, const struct form_field *fld, const struct geo *g)
{
	struct buf m = BUF_INIT;
	if (!fld->error)
		return;
	buf_printf(&m, "！%s", fld->error);
	tui_wrap(out, m.ptr, g->w - g->valx);
	while (out->len > ERROR_MAX_ROWS) {
		free(vec_pop(out));
		if (out->len == ERROR_MAX_ROWS) {
			char *last = out->items[out->len - 1];
			struct buf b = BUF_INIT;
			buf_printf(&b, "%s…", last);
			free(last);
			out->items[out->len - 1] = buf_detach(&b);
		}
	}
	buf_release(&m);
}

static int error_rows(const struct form_field *fld, const struct geo *g)
{
	struct vec lines = VEC_INIT(free);
	error_lines(&lines, fld, g);
	int n = (int)lines.len;
	vec_free(&lines);
	return n;
}

static int field_rows(const struct form *f, const struct form_field *fld, const struct geo *g, int is_focus)
{
	int rows = 1;
	(void)f;
	if (fld->kind == FORM_NOTE) {
		struct vec lines = VEC_INIT(free);
		tui_wrap(&lines, fld->value.ptr, g->w - g->valx);
		rows = lines.len ? (int)lines.len : 1;
		vec_free(&lines);
		return rows;
	}
	if (fld->kind == FORM_MULTI) {
		rows = fld->rows > 0 ? fld->rows : 3;
		if (is_focus) {
			struct vlines vl = { 0 };
			vl_layout(&vl, fld->value.ptr, fld->value.len, value_width(g, fld));
			if ((int)vl.n + 1 > rows)
				rows = (int)vl.n + 1 > MULTI_MAX_ROWS ? MULTI_MAX_ROWS : (int)vl.n + 1;
			free(vl.v);
		}
	}
	return rows + error_rows(fld, g);
}

/* --- drawing --- */

static void draw_pick(struct form *f, struct tui *t, const struct tui_rect *r, int fy, const struct geo *g)
{
	int n = (int)f->matches.len, shown = n < 1 ? 1 : n > PICK_MAX_ROWS ? PICK_MAX_ROWS : n;
	int h = shown + 3, w = g->w - g->valx + 1;
	if (w > 56)
		w = 56;
	if (w < 24)
		w = g->w < 24 ? g->w : 24;
	int x = r->x + g->valx - 1;
	if (x + w > r->x + r->w)
		x = r->x + r->w - w;
	int y = fy + 1;
	if (y + h > r->y + r->h)
		y = fy - h >= r->y ? fy - h : r->y + r->h - h;
	if (y < r->y)
		y = r->y;
	tui_box(t, y, x, h, w, TA_HEADER);
	int lw = tui_puts(t, y + 1, x + 1, w - 2, TA_LABEL, L("筛选：", "filter: "));
	tui_put(t, y + 1, x + 1 + lw, w - 2 - lw, TA_FIELD, f->filter.ptr, 0);
	t->cursor_y = y + 1;
	t->cursor_x = x + 1 + lw + edit_width(f->filter.ptr, f->filter_cur);
	if (f->pick_sel < f->pick_top)
		f->pick_top = f->pick_sel;
	if (f->pick_sel >= f->pick_top + (size_t)shown)
		f->pick_top = f->pick_sel - (size_t)shown + 1;
	if (n == 0)
		tui_put(t, y + 2, x + 1, w - 2, TA_DIM, L("（没有匹配项）", "(no match)"), 0);
	for (int i = 0; i < shown && f->pick_top + (size_t)i < (size_t)n; i++) {
		size_t k = f->pick_top + (size_t)i;
		const struct form_option *o = f->matches.items[k];
		tui_put(t, y + 2 + i, x + 1, w - 2, k == f->pick_sel ? TA_SELECTED : TA_NORMAL, o->label, 0);
	}
}

static void draw_value_line(struct tui *t, int y, int x, int vw, const struct form_field *fld, int is_focus)
{
	const char *s = fld->value.ptr;
	size_t start = 0;
	if (!fld->value.len && fld->hint) {
		/* A hint says what to type; once something is typed it has done its job. */
		tui_put(t, y, x, vw, TA_DIM, fld->hint, 0);
		if (is_focus && fld->kind != FORM_PICK) {
			t->cursor_y = y;
			t->cursor_x = x;
		}
		return;
	}
	if (fld->kind == FORM_PICK) {
		tui_put(t, y, x, vw, TA_FIELD, form_pick_label(fld), 0);
		return;
	}
	/* One-line text scrolls sideways to keep the cursor in view. */
	if (is_focus)
		while (start < fld->cursor && edit_width(s + start, fld->cursor - start) >= vw) {
			start++;
			while (start < fld->cursor && ((unsigned char)s[start] & 0xC0) == 0x80)
				start++;
		}
	tui_put(t, y, x, vw, TA_FIELD, s + start, 0);
	if (is_focus) {
		t->cursor_y = y;
		t->cursor_x = x + edit_width(s + start, fld->cursor - start);
	}
}

/* "  [ 保存 ]  Enter 保存（也可按 Ctrl-S / F2）" — the line a phone user reaches with Tab and Enter. */
static void draw_button(struct form *f, struct tui *t, int y, int x, int w, const struct geo *g)
{
	int is_focus = f->focus == f->fields.len;
	struct buf b = BUF_INIT;
	buf_printf(&b, "［ %s ］", f->button);
	tui_put(t, y, x, 2, is_focus ? TA_FOCUS : TA_NORMAL, is_focus ? ">" : "", 0);
	int bw = tui_puts(t, y, x + g->valx, w - g->valx, is_focus ? TA_SELECTED : TA_HEADER, b.ptr);
	buf_reset(&b);
	buf_printf(&b, L("  Enter %s（也可按 Ctrl-S 或 F2）", "  Enter: %s (or Ctrl-S, F2)"), f->button);
	tui_puts(t, y, x + g->valx + bw, w - g->valx - bw, TA_DIM, b.ptr);
	buf_release(&b);
}

void form_draw(struct form *f, struct tui *t, const struct tui_rect *r)
{
	struct geo g;
	int h = r->h, total = 0, fstart = 0, fend = 0, cur_row = -1, focus_y = -1;
	size_t nf = f->fields.len;
	if (h <= 0)
		return;
	f->drawn_w = r->w;
	geometry(f, r->w, &g);
	/* Title line. */
	tui_put(t, r->y, r->x, r->w, TA_HEADER, f->title, 0);
	struct tui_rect body = { r->y + 1, r->x, h - 1, r->w };
	if (body.h <= 0)
		return;
	/* Row layout: the fields, then a blank line and the button line. */
	int *start = xcalloc(nf + 2, sizeof(int));
	for (size_t i = 0; i < nf; i++) {
		const struct form_field *fld = f->fields.items[i];
		start[i] = total;
		total += field_rows(f, fld, &g, i == f->focus);
	}
	start[nf] = total;
	if (f->button)
		total += 2;
	start[nf + 1] = total;
	if (f->focus < nf) {
		fstart = start[f->focus];
		fend = start[f->focus + 1];
	} else if (f->button) {
		fstart = total - 1;
		fend = total;
	}
	/* A form taller than the screen keeps its last line to say what is below. */
	int view_h = total > body.h && body.h > 2 ? body.h - 1 : body.h;
	/* Multi-line: the cursor's visual line decides which lines are shown. */
	struct form_field *ff = focused(f);
	struct vlines vl = { 0 };
	size_t first_line = 0;
	if (ff && ff->kind == FORM_MULTI) {
		int rows = field_rows(f, ff, &g, 1) - error_rows(ff, &g);
		vl_layout(&vl, ff->value.ptr, ff->value.len, value_width(&g, ff));
		size_t cl = vl_find(&vl, ff->cursor);
		if (cl >= (size_t)rows)
			first_line = cl - (size_t)rows + 1;
		cur_row = fstart + (int)(cl - first_line);
	}
	if (fstart < f->top)
		f->top = fstart;
	if (fend > f->top + view_h)
		f->top = fend - view_h;
	if (cur_row >= 0 && cur_row < f->top)
		f->top = cur_row;
	if (f->top > 0 && total - f->top < view_h)
		f->top = total > view_h ? total - view_h : 0;
	if (f->top < 0)
		f->top = 0;
	for (size_t i = 0; i < nf; i++) {
		struct form_field *fld = f->fields.items[i];
		int is_focus = i == f->focus, rows = start[i + 1] - start[i];
		int vw = value_width(&g, fld);
		struct vec errs = VEC_INIT(free);
		error_lines(&errs, fld, &g);
		int nerr = (int)errs.len;
		struct vlines own = { 0 };
		size_t skip = 0;
		if (fld->kind == FORM_MULTI) {
			if (is_focus) {
				own = vl;
				skip = first_line;
			} else {
				vl_layout(&own, fld->value.ptr, fld->value.len, vw);
			}
		}
		for (int k = 0; k < rows; k++) {
			int vy = start[i] + k, y = body.y + vy - f->top;
			if (vy < f->top || vy >= f->top + view_h)
				continue;
			if (k >= rows - nerr) {
				tui_put(t, y, body.x + g.valx, body.w - g.valx, TA_ERROR, errs.items[k - (rows - nerr)], 0);
				continue;
			}
			if (k == 0) {
				tui_put(t, y, body.x, 2, is_focus ? TA_FOCUS : TA_NORMAL, is_focus ? ">" : "", 0);
				tui_put(t, y, body.x + 2, g.labelw, is_focus ? TA_FOCUS : TA_LABEL, fld->label, 0);
				if (is_focus)
					focus_y = y;
			}
			if (fld->kind == FORM_NOTE) {
				struct vec lines = VEC_INIT(free);
				tui_wrap(&lines, fld->value.ptr, body.w - g.valx);
				if ((size_t)k < lines.len)
					tui_put(t, y, body.x + g.valx, body.w - g.valx, fld->role, lines.items[k], 0);
				vec_free(&lines);
				continue;
			}
			if (fld->kind == FORM_INFO) {
				struct buf b = BUF_INIT;
				if (f->info)
					f->info(f, fld, &b, f->ctx);
				tui_put(t, y, body.x + g.valx, body.w - g.valx, TA_MARK, b.ptr, 0);
				buf_release(&b);
				continue;
			}
			if (fld->kind != FORM_MULTI || (k == 0 && !fld->value.len && fld->hint)) {
				if (k == 0)
					draw_value_line(t, y, body.x + g.valx, vw, fld, is_focus);
				else
					tui_put(t, y, body.x + g.valx, vw, TA_FIELD, "", 0);
			} else {
				size_t li = skip + (size_t)k;
				if (li < own.n) {
					struct buf line = BUF_INIT;
					buf_add(&line, fld->value.ptr + own.v[li].start, own.v[li].end - own.v[li].start);
					int more = !is_focus && k == rows - 1 - nerr && li + 1 < own.n;
					if (more)
						buf_puts(&line, "…");
					tui_put(t, y, body.x + g.valx, vw, TA_FIELD, line.ptr, 0);
					buf_release(&line);
					if (is_focus && y >= 0 && (int)(fstart + k) == cur_row) {
						t->cursor_y = y;
						t->cursor_x = body.x + g.valx +
							      edit_width(fld->value.ptr + own.v[li].start, fld->cursor - own.v[li].start);
					}
				} else {
					tui_put(t, y, body.x + g.valx, vw, TA_FIELD, "", 0);
				}
			}
			if (k == 0 && fld->suffix)
				tui_puts(t, y, body.x + g.valx + vw + 2, body.w - g.valx - vw - 2, TA_DIM, fld->suffix);
		}
		if (fld->kind == FORM_MULTI && !is_focus)
			free(own.v);
		vec_free(&errs);
	}
	if (f->button && total - 1 >= f->top && total - 1 < f->top + view_h)
		draw_button(f, t, body.y + total - 1 - f->top, body.x, body.w, &g);
	/* What the screen cannot show is said, not hidden: fields above (on the title line) and below. */
	size_t above = 0, below = 0;
	for (size_t i = 0; i < nf; i++) {
		if (!form_is_input(f->fields.items[i]))
			continue;
		above += start[i] < f->top;
		below += start[i + 1] > f->top + view_h;
	}
	below += f->button && total > f->top + view_h;
	if (above) {
		struct buf b = BUF_INIT;
		buf_printf(&b, L(" ↑ 上面还有 %zu 项", " ↑ %zu more above"), above);
		int bw = text_width(b.ptr);
		if (bw < r->w)
			tui_put(t, r->y, r->x + r->w - bw, bw, TA_MARK, b.ptr, 0);
		buf_release(&b);
	}
	if (view_h < body.h) {
		struct buf b = BUF_INIT;
		if (below)
			buf_printf(&b, L("  ↓ 下面还有 %zu 项（Tab、↓ 或 PgDn）", "  ↓ %zu more below (Tab, ↓ or PgDn)"), below);
		tui_put(t, body.y + view_h, body.x, body.w, TA_MARK, b.ptr, 0);
		buf_release(&b);
	}
	free(vl.v);
	free(start);
	if (f->picking && focus_y >= 0)
		draw_pick(f, t, &body, focus_y, &g);
}

/* --- keys --- */

static void pick_refilter(struct form *f)
{
	struct form_field *fld = focused(f);
	vec_clear(&f->matches);
	f->pick_sel = f->pick_top = 0;
	if (!fld)
		return;
	for (size_t i = 0; i < fld->options.len; i++) {
		struct form_option *o = fld->options.items[i];
		if (text_contains(o->label, f->filter.ptr) || text_contains(o->value, f->filter.ptr) ||
		    (o->search && text_contains(o->search, f->filter.ptr))) {
			if (!f->filter.len && strcmp(o->value, fld->value.ptr) == 0)
				f->pick_sel = f->matches.len;
			vec_push(&f->matches, o);
		}
	}
}

static void pick_open(struct form *f, const struct tui_input *first)
{
	f->picking = 1;
	buf_reset(&f->filter);
	f->filter_cur = 0;
	if (first)
		edit_key(&f->filter, &f->filter_cur, first, 0);
	pick_refilter(f);
}

static int pick_choose(struct form *f)
{
	struct form_field *fld = focused(f);
	f->picking = 0;
	if (!fld)
		return TUI_HANDLED;
	/* Nothing matches what was typed: a free-text pick keeps the text (its check says what is wrong with it). */
	const char *v = f->pick_sel < f->matches.len ? ((const struct form_option *)f->matches.items[f->pick_sel])->value
		      : fld->free_text && f->filter.len ? f->filter.ptr : NULL;
	if (!v)
		return TUI_HANDLED;
	int changed = strcmp(fld->value.ptr, v) != 0;
	form_set(fld, v);
	check_field(f, fld);
	if (changed)
		f->dirty = 1;
	return TUI_HANDLED | (changed ? TUI_CHANGED : 0);
}

static int move_focus(struct form *f, int dir);

static int pick_key(struct form *f, const struct tui_input *in)
{
	enum tui_action a = tui_key_action(form_keys, in);
	size_t n = f->matches.len;
	if (!in->fkey && in->key == 27) {
		f->picking = 0;
		return TUI_HANDLED;
	}
	if (in->action == ACT_SAVE || in->action == ACT_APPLY) {
		/* Saving from an open list takes what it shows, as Enter would, then saves. */
		pick_choose(f);
		return TUI_UNHANDLED;
	}
	switch (a) {
	case ACT_PICK:
		return pick_choose(f);
	case ACT_NEXT_FIELD: {
		int fl = pick_choose(f);
		return fl | move_focus(f, 1);
	}
	case ACT_DOWN:
		if (f->pick_sel + 1 < n)
			f->pick_sel++;
		return TUI_HANDLED;
	case ACT_UP:
		if (f->pick_sel > 0)
			f->pick_sel--;
		return TUI_HANDLED;
	case ACT_PAGE_DOWN:
		f->pick_sel = f->pick_sel + PICK_MAX_ROWS < n ? f->pick_sel + PICK_MAX_ROWS : (n ? n - 1 : 0);
		return TUI_HANDLED;
	case ACT_PAGE_UP:
		f->pick_sel = f->pick_sel > PICK_MAX_ROWS ? f->pick_sel - PICK_MAX_ROWS : 0;
		return TUI_HANDLED;
	default:
		break;
	}
	int fl = edit_key(&f->filter, &f->filter_cur, in, 0);
	if (fl & TUI_CHANGED)
		pick_refilter(f);
	return TUI_HANDLED;
}

static int move_focus(struct form *f, int dir)
{
	struct form_field *fld = focused(f);
	size_t i = f->focus;
	if (fld)
		check_field(f, fld);
	for (;;) {
		if (dir > 0 && i + 1 >= f->fields.len) {
			if (f->button && i < f->fields.len)
				f->focus = f->fields.len;
			break;
		}
		if (dir < 0 && i == 0)
			break;
		i = dir > 0 ? i + 1 : i - 1;
		struct form_field *next = f->fields.items[i];
		if (form_is_input(next)) {
			f->focus = i;
			next->cursor = next->value.len;
			break;
		}
	}
	return TUI_HANDLED;
}

static int cycle(struct form *f, struct form_field *fld, int dir)
{
	size_t n = fld->options.len, cur = n;
	if (!n)
		return TUI_HANDLED;
	for (size_t i = 0; i < n; i++)
		if (strcmp(((struct form_option *)fld->options.items[i])->value, fld->value.ptr) == 0)
			cur = i;
	size_t next = cur == n ? 0 : dir > 0 ? (cur + 1) % n : (cur + n - 1) % n;
	form_set(fld, ((struct form_option *)fld->options.items[next])->value);
	check_field(f, fld);
	f->dirty = 1;
	return TUI_HANDLED | TUI_CHANGED;
}

/* Up/Down inside a multi-line value; at its first/last line they leave the field. */
static int multi_line_move(struct form *f, struct form_field *fld, int dir)
{
	struct vlines vl = { 0 };
	/* The width only matters for soft wraps; use the one of the last draw's geometry. */
	struct geo g;
	geometry(f, f->drawn_w > 0 ? f->drawn_w : COLS, &g);
	vl_layout(&vl, fld->value.ptr, fld->value.len, value_width(&g, fld));
	size_t cl = vl_find(&vl, fld->cursor);
	int rc;
	if ((dir < 0 && cl == 0) || (dir > 0 && cl + 1 >= vl.n)) {
		rc = move_focus(f, dir);
	} else {
		int col = edit_width(fld->value.ptr + vl.v[cl].start, fld->cursor - vl.v[cl].start);
		fld->cursor = vl_offset_at(&vl, fld->value.ptr, dir > 0 ? cl + 1 : cl - 1, col);
		rc = TUI_HANDLED;
	}
	free(vl.v);
	return rc;
}

int form_key(struct form *f, struct tui *t, const struct tui_input *in)
{
	struct form_field *fld = focused(f);
	enum tui_action a = tui_key_action(form_keys, in);
	if (!fld && f->button && f->focus == f->fields.len) {
		switch (a) {
		case ACT_PICK:
			return TUI_HANDLED | TUI_SUBMIT;
		case ACT_PREV_FIELD:
		case ACT_UP:
		case ACT_PAGE_UP:
			for (int k = 0; k < (a == ACT_PAGE_UP ? 5 : 1); k++)
				move_focus(f, -1);
			return TUI_HANDLED;
		case ACT_NEXT_FIELD:
		case ACT_DOWN:
		case ACT_PAGE_DOWN:
			return TUI_HANDLED;
		default:
			return tui_input_is_text(in) ? TUI_HANDLED : TUI_UNHANDLED;
		}
	}
	if (!fld)
		return TUI_UNHANDLED;
	if (f->picking)
		return pick_key(f, in);
	/* Pasted text goes into a text field at the cursor; one line in a one-line field. */
	if (in->fkey && in->key == TUI_KEY_PASTE && (fld->kind == FORM_TEXT || fld->kind == FORM_MULTI)) {
		struct buf ins = BUF_INIT;
		for (const char *p = t->paste.ptr; *p; p++) {
			unsigned char ch = (unsigned char)*p;
			if (ch == '\n' && fld->kind == FORM_TEXT)
				buf_putc(&ins, ' ');
			else if ((ch >= 0x20 && ch != 0x7f) || ch == '\n')
				buf_putc(&ins, (char)ch);
			else if (ch == '\t')
				buf_putc(&ins, ' ');
		}
		struct buf v = BUF_INIT;
		buf_add(&v, fld->value.ptr, fld->cursor);
		buf_add(&v, ins.ptr, ins.len);
		buf_puts(&v, fld->value.ptr + fld->cursor);
		fld->cursor += ins.len;
		buf_set(&fld->value, v.ptr);
		buf_release(&v);
		buf_release(&ins);
		f->dirty = 1;
		return TUI_HANDLED | TUI_CHANGED;
	}
	switch (a) {
	case ACT_NEXT_FIELD:
		return move_focus(f, 1);
	case ACT_PREV_FIELD:
		return move_focus(f, -1);
	case ACT_PAGE_DOWN:
	case ACT_PAGE_UP:
		for (int k = 0; k < 5; k++)
			move_focus(f, a == ACT_PAGE_DOWN ? 1 : -1);
		return TUI_HANDLED;
	case ACT_DOWN:
	case ACT_UP:
		if (fld->kind == FORM_MULTI)
			return multi_line_move(f, fld, a == ACT_DOWN ? 1 : -1);
		return move_focus(f, a == ACT_DOWN ? 1 : -1);
	default:
		break;
	}
	if (fld->kind == FORM_PICK) {
		if (a == ACT_PICK) {
			pick_open(f, NULL);
			return TUI_HANDLED;
		}
		if (tui_input_is_text(in)) {
			pick_open(f, in);
			return TUI_HANDLED;
		}
		if (a == ACT_LEFT || a == ACT_RIGHT)
			return cycle(f, fld, a == ACT_RIGHT ? 1 : -1);
		if ((a == ACT_DEL_BACK || a == ACT_KILL_LINE || a == ACT_DEL_FWD) && fld->value.len) {
			form_set(fld, "");
			f->dirty = 1;
			return TUI_HANDLED | TUI_CHANGED;
		}
		return (a != ACT_NONE && a != ACT_SAVE) ? TUI_HANDLED : TUI_UNHANDLED;
	}
	if (a == ACT_PICK && fld->kind == FORM_TEXT)
		return move_focus(f, 1);
	int fl = edit_key(&fld->value, &fld->cursor, in, fld->kind == FORM_MULTI);
	if (fl & TUI_CHANGED)
		f->dirty = 1;
	return fl;
}
