/* tui: the application — tab table, view stacks, the one loop that reads a key, dispatches and redraws. */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/rows.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

/* The tabs, in order (TUI_TABS in tui.h is the one place to add one). */
#define TUI_X_TAB(name) &view_##name##_ops,
static const struct view_ops *const tabs[] = { TUI_TABS(TUI_X_TAB) NULL };
#undef TUI_X_TAB

/* The tab shown first unless [ui] start names another: 概览, where everything awaiting the person is. */
#define TUI_START_TAB "overview"

/* The only mutable globals of the program: set by signal handlers, read by the loop. */
static volatile sig_atomic_t hangup;

static void on_hangup(int sig)
{
	(void)sig;
	hangup = 1;
}

static void ignore_signal(int sig)
{
	(void)sig;
}

const struct tui_key tui_global_keys[] = {
	{ '1', 0, ACT_GOTO_TAB, "1…9", NULL, NULL },
	{ '2', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '3', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '4', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '5', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '6', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '7', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '8', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '9', 0, ACT_GOTO_TAB, NULL, NULL, NULL },
	{ '\t', 0, ACT_NEXT_TAB, "Tab", NULL, NULL },
	{ 'r', 0, ACT_RELOAD, "r", NULL, NULL },
	{ '?', 0, ACT_HELP, "?", NULL, NULL },
	{ KEY_F(1), 1, ACT_HELP, "F1", NULL, NULL },
	{ 27, 0, ACT_BACK, "Esc", NULL, NULL },
	{ 'q', 0, ACT_QUIT, "q", NULL, NULL },
	{ 3, 0, ACT_QUIT, "Ctrl-C", NULL, NULL },
	{ 12, 0, ACT_REPAINT, "Ctrl-L", NULL, NULL },
	/* Last: on a narrow screen its hint gives way before 帮助 and 退出. */
	{ 'F', 0, ACT_SEARCH_ALL, "F", NULL, NULL },
	TUI_KEYS_END,
};

enum tui_action tui_key_action(const struct tui_key *keys, const struct tui_input *in)
{
	int key = in->key;
	/* Enter arrives as '\n', '\r' or KEY_ENTER depending on the terminal: one key for the tables. */
	if ((!in->fkey && key == '\r') || (in->fkey && key == KEY_ENTER))
		return tui_key_action(keys, &(struct tui_input){ '\n', 0, ACT_NONE });
	for (const struct tui_key *k = keys; k && k->action != ACT_NONE; k++)
		if (k->key == key && !k->fkey == !in->fkey)
			return k->action;
	return ACT_NONE;
}

enum tui_action tui_keymaps_action(const struct tui_key *const *maps, const struct tui_input *in)
{
	for (; maps && *maps; maps++) {
		enum tui_action a = tui_key_action(*maps, in);
		if (a != ACT_NONE)
			return a;
	}
	return ACT_NONE;
}

void tui_msg(struct tui *t, int is_error, const char *fmt, ...)
{
	va_list ap;
	buf_reset(&t->msg);
	va_start(ap, fmt);
	buf_vprintf(&t->msg, fmt, ap);
	va_end(ap);
	t->msg_error = is_error;
}

int tui_gone(const struct tui *t)
{
	return t->gone || hangup;
}

/* --- the roster, schools and rubrics every view shows names from --- */

struct rubric_entry {
	char *id;
	long version; /* 0: "the current one" */
	struct record *r;
};

static void rubric_entry_free(void *p)
{
	struct rubric_entry *e = p;
	if (e) {
		free(e->id);
		record_free(e->r);
		free(e);
	}
}

static int item_id_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

int tui_load_common(struct tui *t, struct jy_err *err)
{
	struct store_query q = { 0 };
	struct record *group = NULL;
	int rc = store_read(&group, t->store, "group.ini", err);
	if (rc)
		return err_prefix(err, "%s", L("无法读取集团设置 group.ini", "cannot read the group settings group.ini"));
	record_free(t->group);
	t->group = group;
	const char *term = record_get(group, "group", "term");
	if (term && id_term_valid(term))
		snprintf(t->term, sizeof(t->term), "%s", term);
	else
		id_term_of(t->term, id_now());
	vec_clear(&t->people_by_id);
	vec_clear(&t->people);
	t->people_read = 0;
	vec_clear(&t->schools);
	vec_clear(&t->rubrics);
	viewer_free(t->viewer);
	t->viewer = NULL;
	if ((rc = viewer_new(&t->viewer, t->store, t->actor, err)) != 0)
		return rc;
	q.type = "school";
	return store_list(&t->schools, t->store, &q, NULL, err);
}

const struct vec *tui_people(struct tui *t)
{
	struct store_query q = { 0 };
	struct jy_err err = JY_ERR_INIT;
	if (t->people_read)
		return &t->people;
	t->people_read = 1;
	q.type = "person";
	if (store_list(&t->people, t->store, &q, NULL, &err) != 0) {
		vec_clear(&t->people);
		tui_msg(t, 1, "%s", err.msg);
	}
	for (size_t i = 0; i < t->people.len; i++)
		vec_push(&t->people_by_id, t->people.items[i]);
	vec_sort(&t->people_by_id, item_id_cmp);
	return &t->people;
}

static const struct store_item *find_item(const struct vec *v, const char *id)
{
	if (!id)
		return NULL;
	for (size_t i = 0; i < v->len; i++) {
		const struct store_item *it = v->items[i];
		if (it->id && strcmp(it->id, id) == 0)
			return it;
	}
	return NULL;
}

/* A person by id: the roster is large (概览 names hundreds of teachers from a thousand people). */
static const struct store_item *find_person(struct tui *t, const char *id)
{
	tui_people(t);
	size_t lo = 0, hi = t->people_by_id.len;
	while (id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct store_item *it = t->people_by_id.items[mid];
		int c = strcmp(it->id ? it->id : "", id);
		if (c == 0)
			return it;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct record *tui_person(struct tui *t, const char *id)
{
	const struct store_item *it = find_person(t, id);
	return it ? it->rec : NULL;
}

/* The index while the roster is not read: a screen of rows names a few dozen people, from their rows. */
static struct rows *names(struct tui *t)
{
	return t->people_read ? NULL : store_rows(t->store, 0);
}

const char *tui_person_name(struct tui *t, const char *id)
{
	const char *name = NULL;
	struct rows *r = names(t);
	if (r) {
		name = rows_name(r, "person", id);
	} else {
		const struct store_item *it = find_person(t, id);
		name = it ? record_get(it->rec, "person", "name") : NULL;
	}
	return name ? name : id ? id : "";
}

const char *tui_person_field(struct tui *t, const char *id, const char *key)
{
	struct rows *r = names(t);
	if (r)
		return rows_field(r, "person", id, key);
	const struct store_item *it = find_person(t, id);
	return it ? record_get(it->rec, "person", key) : NULL;
}

const char *tui_school_name(struct tui *t, const char *id)
{
	const struct store_item *it = find_item(&t->schools, id);
	const char *name = it ? record_get(it->rec, "school", "name") : NULL;
	return name ? name : id ? id : "";
}

const struct record *tui_rubric(struct tui *t, const char *id, long version, struct jy_err *err)
{
	struct record *r = NULL;
	if (!id || !id_component_valid(id)) {
		err_set(err, JY_EINVAL, L("评价量表编号「%s」无效", "invalid rubric id \"%s\""), id ? id : "");
		return NULL;
	}
	for (size_t i = 0; i < t->rubrics.len; i++) {
		struct rubric_entry *e = t->rubrics.items[i];
		if (strcmp(e->id, id) == 0 && e->version == version)
			return e->r;
	}
	if (rubric_load(&r, t->store, id, version, err) != 0)
		return NULL;
	struct rubric_entry *e = xcalloc(1, sizeof(*e));
	e->id = xstrdup(id);
	e->version = version;
	e->r = r;
	vec_push(&t->rubrics, e);
	return r;
}

struct tui_link *tui_link_new(int (*open)(struct tui *t, const char *arg), const char *arg)
{
	struct tui_link *l = xcalloc(1, sizeof(*l));
	l->open = open;
	l->arg = xstrdup(arg ? arg : "");
	return l;
}

void tui_link_free(void *link)
{
	struct tui_link *l = link;
	if (l) {
		free(l->arg);
		free(l);
	}
}

/* --- view stacks --- */

static struct vec *stack(struct tui *t)
{
	return &t->stacks[t->tab];
}

struct view *tui_top(struct tui *t)
{
	struct vec *s = stack(t);
	return s->len ? s->items[s->len - 1] : NULL;
}

struct view *tui_below(struct tui *t, const struct view *v)
{
	for (size_t k = 0; k < t->ntabs; k++) {
		struct vec *s = &t->stacks[k];
		for (size_t i = 1; i < s->len; i++)
			if (s->items[i] == v)
				return s->items[i - 1];
	}
	return NULL;
}

static void view_free(void *p)
{
	struct view *v = p;
	if (!v)
		return;
	if (v->ops->close)
		v->ops->close(v);
	free(v);
}

static struct view *view_open(struct tui *t, const struct view_ops *ops, void *arg, struct jy_err *err)
{
	struct view *v = xcalloc(1, sizeof(*v));
	v->ops = ops;
	v->tui = t;
	if (ops->open && ops->open(v, arg, err) != 0) {
		free(v);
		return NULL;
	}
	return v;
}

int tui_push(struct tui *t, const struct view_ops *ops, void *arg)
{
	struct jy_err err = JY_ERR_INIT;
	struct view *v = view_open(t, ops, arg, &err);
	if (!v) {
		tui_msg(t, 1, "%s", err.msg);
		return err.code ? err.code : JY_EINVAL;
	}
	vec_push(stack(t), v);
	return 0;
}

static void ensure_root(struct tui *t)
{
	struct jy_err err = JY_ERR_INIT;
	if (stack(t)->len)
		return;
	struct view *v = view_open(t, tabs[t->tab], NULL, &err);
	if (v)
		vec_push(stack(t), v);
	else
		tui_msg(t, 1, "%s", err.msg);
}

static void switch_tab(struct tui *t, size_t i)
{
	if (i >= t->ntabs || t->hidden[i])
		return;
	t->tab = i;
	ensure_root(t);
}

/* The tab numbered n (0-based) among those this person sees; ntabs when none. */
static size_t visible_tab(const struct tui *t, size_t n)
{
	for (size_t i = 0; i < t->ntabs; i++)
		if (!t->hidden[i] && n-- == 0)
			return i;
	return t->ntabs;
}

static void next_tab(struct tui *t)
{
	for (size_t k = 1; k <= t->ntabs; k++) {
		size_t i = (t->tab + k) % t->ntabs;
		if (!t->hidden[i]) {
			switch_tab(t, i);
			return;
		}
	}
}

int tui_goto_tab(struct tui *t, const char *name)
{
	for (size_t i = 0; i < t->ntabs; i++)
		if (strcmp(tabs[i]->name, name) == 0 && !t->hidden[i]) {
			switch_tab(t, i);
			return 0;
		}
	return JY_ENOTFOUND;
}

static void pop(struct tui *t, struct view *v)
{
	struct vec *s = stack(t);
	if (s->len > 1 && s->items[s->len - 1] == v)
		view_free(vec_pop(s));
}

static void reload_all(struct tui *t)
{
	struct jy_err err = JY_ERR_INIT;
	if (store_refresh(t->store, &err) != 0 || tui_load_common(t, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg);
		return;
	}
	for (size_t k = 0; k < t->ntabs; k++) {
		struct vec *s = &t->stacks[k];
		for (size_t i = 0; i < s->len; i++) {
			struct view *v = s->items[i];
			err_clear(&err);
			if (v->ops->reload && v->ops->reload(v, &err) != 0)
				tui_msg(t, 1, "%s", err.msg);
		}
	}
	buf_reset(&t->select_id);
}

/* --- drawing the frame --- */

static void draw_tabs(struct tui *t)
{
	int x = 0, over = 0;
	size_t num = 0, shown = 0;
	unsigned char narrow[TUI_TAB_MAX] = { 0 };
	struct view *top = tui_top(t);
	tui_blank(t, 0, 0, COLS, TA_TABBAR);
	/* With a screen open below a tab, the last other tabs shrink to their numbers until its name fits. */
	if (top && stack(t)->len > 1) {
		over = 3 + text_width(L(top->ops->title_zh, top->ops->title_en)) - COLS;
		for (size_t i = 0; i < t->ntabs; i++)
			if (!t->hidden[i])
				over += 4 + text_width(L(tabs[i]->title_zh, tabs[i]->title_en)) + (shown++ > 0);
		for (size_t i = t->ntabs; i-- > 0 && over > 0;)
			if (i != t->tab && !t->hidden[i]) {
				narrow[i] = 1;
				over -= 1 + text_width(L(tabs[i]->title_zh, tabs[i]->title_en));
			}
	}
	for (size_t i = 0; i < t->ntabs && x < COLS; i++) {
		struct buf b = BUF_INIT;
		if (t->hidden[i])
			continue;
		if (num && x < COLS)
			x += tui_puts(t, 0, x, COLS - x, TA_TABBAR, "│");
		if (narrow[i])
			buf_printf(&b, " %zu ", ++num);
		else
			buf_printf(&b, " %zu %s ", ++num, L(tabs[i]->title_zh, tabs[i]->title_en));
		x += tui_puts(t, 0, x, COLS - x, i == t->tab ? TA_TAB_CURRENT : TA_TABBAR, b.ptr);
		buf_release(&b);
	}
	/* The screen we are in, when deeper than the tab's root. */
	struct view *v = tui_top(t);
	if (v && stack(t)->len > 1 && x + 4 < COLS) {
		struct buf b = BUF_INIT;
		buf_printf(&b, " › %s", L(v->ops->title_zh, v->ops->title_en));
		tui_puts(t, 0, x, COLS - x, TA_TABBAR, b.ptr);
		buf_release(&b);
	}
}

/* The tail of s that fits in cols columns, with "…" in front when cut (a path's end says the most). */
static void clip_left(struct buf *out, const char *s, int cols)
{
	const char *p = s;
	if (text_width(s) <= cols) {
		buf_puts(out, s);
		return;
	}
	while (*p && text_width(p) > cols - 1) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
	}
	buf_puts(out, "…");
	buf_puts(out, p);
}

static void draw_status(struct tui *t, int y)
{
	struct buf left = BUF_INIT, right = BUF_INIT;
	if (t->msg.len) {
		tui_put(t, y, 0, COLS, t->msg_error ? TA_ERROR : TA_STATUS, t->msg.ptr, 0);
		return;
	}
	const struct actor *a = t->actor;
	buf_puts(&right, " │ ");
	if (a && a->id)
		buf_printf(&right, "%s（%s）", a->name ? a->name : a->id, a->id);
	else
		buf_puts(&right, L("未识别身份（只读）", "unknown person (read-only)"));
	buf_printf(&right, " │ %s %s", L("学期", "term"), t->term);
	if (t->skipped)
		buf_printf(&right, L(" │ %zu 条记录无法读取（jiaoyan check）", " │ %zu unreadable records (jiaoyan check)"),
			   t->skipped);
	buf_printf(&left, " %s ", L("仓库", "repo"));
	/* The repository path gives way first: who and which term matter more. */
	int room = COLS - text_width(left.ptr) - text_width(right.ptr);
	if (room < 8)
		room = 8;
	clip_left(&left, store_path(t->store), room);
	buf_puts(&left, right.ptr);
	tui_put(t, y, 0, COLS, TA_STATUS, left.ptr, 0);
	buf_release(&left);
	buf_release(&right);
}

static const char *key_hint(struct tui *t, enum tui_action a)
{
	if (a == ACT_QUIT && stack(t)->len > 1)
		return L("返回", "back");
	return tui_action_hint(a);
}

/* "Enter 打开  a 新增 …" from the view's keymaps, then the global keys: one source with the help screen. */
static void draw_hints(struct tui *t, int y)
{
	struct view *v = tui_top(t);
	int seen[ACT_COUNT] = { 0 }, x = 0, w = COLS - 1;
	const struct tui_key *global[] = { tui_global_keys, NULL };
	const struct tui_key *const *maps[2] = { v ? v->ops->keys : NULL, global };
	tui_blank(t, y, 0, COLS - 1, TA_NORMAL);
	for (int m = 0; m < 2; m++) {
		for (const struct tui_key *const *map = maps[m]; map && *map; map++) {
			for (const struct tui_key *k = *map; k->action != ACT_NONE; k++) {
				const char *hint = key_hint(t, k->action);
				if (!hint || !k->name || seen[k->action])
					continue;
				/* What this person may not do here is not offered (the domain decides, the view asks). */
				if (m == 0 && v->ops->offers && !v->ops->offers(v, k->action))
					continue;
				/* In a form the printable keys are text: only function keys still act. */
				if (m == 1 && v && (v->ops->flags & VIEW_TEXT_INPUT) &&
				    (k->action != ACT_HELP || tui_input_is_text(&(struct tui_input){ k->key, k->fkey, ACT_NONE })))
					continue;
				seen[k->action] = 1;
				int need = text_width(k->name) + 1 + text_width(hint) + 2;
				if (x + need > w)
					return;
				x += tui_puts(t, y, x, w - x, TA_HINT_KEY, k->name);
				x += tui_puts(t, y, x, w - x, TA_NORMAL, " ");
				x += tui_puts(t, y, x, w - x, TA_NORMAL, hint);
				x += tui_puts(t, y, x, w - x, TA_NORMAL, "  ");
			}
		}
	}
}

void tui_draw(struct tui *t)
{
	struct view *v = tui_top(t);
	erase();
	t->cursor_y = t->cursor_x = -1;
	if (LINES < 1 || COLS < 1)
		return;
	draw_tabs(t);
	struct tui_rect area = { 1, 0, LINES - 3, COLS };
	if (area.h > 0 && v)
		v->ops->draw(v, &area);
	else if (area.h > 0)
		tui_put(t, 1, 0, COLS, TA_DIM, L("（此页无法打开，见状态行）", "(this page could not be opened, see the status line)"), 0);
	if (LINES >= 3)
		draw_status(t, LINES - 2);
	if (LINES >= 2)
		draw_hints(t, LINES - 1);
}

/* --- input --- */

/* The domain's hints (err_hint) as the keys of this interface. */
static const struct {
	const char *hint;
	const char *zh, *en;
} hints[] = {
	{ "plan-reopen", "（按 o 撤回提交或重新打开）", " (o withdraws or reopens it)" },
	{ "plan-despite", "（提交时可选择带错误提交）", " (you may submit despite errors when asked)" },
	{ "deactivate", "（人员离开请在人员页登记离开）", " (mark a person who left as left instead)" },
	{ "bank-edit", "（在题库页按 e 修改：生成新版本）", " (e in the Bank tab makes a new version)" },
	{ "bank-gbk", "（请另存为 UTF-8）", " (save it as UTF-8)" },
	{ "key-gen", "（先在命令行运行 jiaoyan key gen 生成密钥）", " (run jiaoyan key gen at the command line first)" },
	{ "key-replace", "（确需更换时用 jiaoyan key gen --replace）", " (jiaoyan key gen --replace if you must)" },
	{ "exam-release-time", "（先在联考页按 e 设定启封时间 release）", " (set the release time with e in the Exams tab first)" },
	{ "exam-reseal", "（命题组成员在联考页按 S 重新密封）", " (a committee member presses S in the Exams tab to re-seal)" },
	{ NULL, NULL, NULL },
};

void tui_refusal(struct tui *t, const struct jy_err *err)
{
	const char *more = "";
	for (size_t i = 0; err->hint[0] && hints[i].hint; i++)
		if (strcmp(hints[i].hint, err->hint) == 0)
			more = L(hints[i].zh, hints[i].en);
	tui_msg(t, 1, "%s%s", err->msg, more);
}

/* Asks the terminal to mark pasted text (xterm's bracketed paste; terminals without it ignore the request). */
static void bracketed_paste(int on)
{
	fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
	fflush(stdout);
}

/* The next character within ms milliseconds, or -1; the function keys ncurses decoded come back as -1 too. */
static int next_char(int ms)
{
	wint_t wc = 0;
	timeout(ms);
	int rc = get_wch(&wc);
	timeout(-1);
	return rc == OK ? (int)wc : -1;
}

/* F-keys and keys of the sequences terminals send, as ncurses's KEY_* codes; 0 when unknown. */
static int sequence_key(const char *seq)
{
	static const struct {
		const char *seq;
		int key;
	} known[] = {
		{ "OP", KEY_F(1) },   { "OQ", KEY_F(2) },     { "OR", KEY_F(3) },     { "OS", KEY_F(4) },
		{ "[11~", KEY_F(1) }, { "[12~", KEY_F(2) },   { "[13~", KEY_F(3) },   { "[14~", KEY_F(4) },
		{ "[[A", KEY_F(1) },  { "[[B", KEY_F(2) },    { "[[C", KEY_F(3) },    { "[[D", KEY_F(4) },
		{ "[A", KEY_UP },     { "[B", KEY_DOWN },     { "[C", KEY_RIGHT },    { "[D", KEY_LEFT },
		{ "OA", KEY_UP },     { "OB", KEY_DOWN },     { "OC", KEY_RIGHT },    { "OD", KEY_LEFT },
		{ "[H", KEY_HOME },   { "[F", KEY_END },      { "OH", KEY_HOME },     { "OF", KEY_END },
		{ "[1~", KEY_HOME },  { "[4~", KEY_END },     { "[7~", KEY_HOME },    { "[8~", KEY_END },
		{ "[2~", KEY_IC },    { "[3~", KEY_DC },      { "[5~", KEY_PPAGE },   { "[6~", KEY_NPAGE },
		{ "[Z", KEY_BTAB },   { NULL, 0 },
	};
	for (size_t i = 0; known[i].seq; i++)
		if (strcmp(known[i].seq, seq) == 0)
			return known[i].key;
	return 0;
}

/* The pasted text up to ESC [ 2 0 1 ~, into t->paste. */
static void read_paste(struct tui *t)
{
	static const char end[] = "\033[201~";
	size_t matched = 0;
	buf_reset(&t->paste);
	for (;;) {
		/* A paste arrives at once; a terminal that stops mid-paste must not hang us. */
		int c = next_char(2000);
		if (c < 0)
			break;
		if (c == end[matched]) {
			if (++matched == sizeof(end) - 1)
				break;
			continue;
		}
		for (size_t i = 0; i < matched; i++)
			buf_putc(&t->paste, end[i]);
		matched = c == end[0];
		if (matched)
			continue;
		if (c == '\r') {
			buf_putc(&t->paste, '\n');
			int n = next_char(0);
			if (n >= 0 && n != '\n')
				unget_wch((wchar_t)n);
		} else {
			tui_utf8_put(&t->paste, c);
		}
	}
}

/*
 * After an ESC: a lone Esc (nothing, or anything but '[' and 'O', follows at
 * once) or a sequence ncurses did not decode (read whole, mapped or dropped).
 * Returns 0 with in filled, or 1 to read the next key instead.
 */
static int escape(struct tui *t, struct tui_input *in)
{
	char seq[32];
	size_t n = 0;
	int c = next_char(30);
	if (c < 0)
		return 0; /* Esc itself */
	/* Esc then a key (a script, a fast typist: "Esc y" answers a dialog) stays Esc, then that key. */
	if (c != '[' && c != 'O') {
		unget_wch((wchar_t)c);
		return 0;
	}
	seq[n++] = (char)c;
	for (;;) {
		int d = next_char(30);
		if (d < 0 || n + 1 >= sizeof(seq))
			return 1;
		seq[n++] = (char)d;
		/* The final byte of a CSI, or the one character after SS3; "[[" is the Linux console's F-key prefix. */
		if ((c == 'O' && n == 2) || (d >= 0x40 && d <= 0x7E && !(n == 2 && d == '[')))
			break;
	}
	seq[n] = '\0';
	if (strcmp(seq, "[200~") == 0) {
		read_paste(t);
		in->fkey = 1;
		in->key = TUI_KEY_PASTE;
		return 0;
	}
	int key = sequence_key(seq);
	if (!key)
		return 1;
	in->fkey = 1;
	in->key = key;
	return 0;
}

int tui_getkey(struct tui *t, struct tui_input *in)
{
	int errors = 0;
	for (;;) {
		wint_t wc = 0;
		if (hangup)
			t->gone = 1;
		if (t->gone)
			return -1;
		int rc = get_wch(&wc);
		if (rc == ERR) {
			/* EINTR from a signal, or a terminal that is gone (read returns 0 or EIO forever). */
			if (hangup || ++errors > 50) {
				t->gone = 1;
				return -1;
			}
			continue;
		}
		in->action = ACT_NONE;
		if (rc == KEY_CODE_YES) {
			if (wc == KEY_RESIZE)
				return 1;
			in->fkey = 1;
			in->key = (int)wc;
		} else {
			in->fkey = 0;
			in->key = (int)wc;
			if (wc == 27 && escape(t, in))
				continue;
		}
		return 0;
	}
}

static int global_key(struct tui *t, struct view *v, struct tui_input *in)
{
	size_t depth = stack(t)->len;
	if (v && (v->ops->flags & VIEW_TEXT_INPUT) && in->action != ACT_HELP)
		return TUI_UNHANDLED;
	switch (in->action) {
	case ACT_QUIT:
		return depth > 1 ? TUI_BACK : TUI_QUIT;
	case ACT_BACK:
		return depth > 1 ? TUI_BACK : TUI_HANDLED;
	case ACT_NEXT_TAB:
		next_tab(t);
		return TUI_HANDLED;
	case ACT_GOTO_TAB:
		if (in->key >= '1' && in->key <= '9')
			switch_tab(t, visible_tab(t, (size_t)(in->key - '1')));
		return TUI_HANDLED;
	case ACT_HELP:
		if (v)
			tui_push(t, &view_help_ops, v);
		return TUI_HANDLED;
	case ACT_SEARCH_ALL:
		tui_search(t, NULL);
		return TUI_HANDLED;
	case ACT_RELOAD:
		tui_msg(t, 0, "%s", L("已重新读取", "reloaded"));
		return TUI_HANDLED | TUI_RELOAD;
	case ACT_REPAINT:
		clearok(curscr, TRUE);
		return TUI_HANDLED;
	default:
		return TUI_UNHANDLED;
	}
}

static void dispatch(struct tui *t, struct tui_input *in)
{
	struct view *v = tui_top(t);
	int flags = TUI_UNHANDLED;
	if (v) {
		in->action = tui_keymaps_action(v->ops->keys, in);
		flags = v->ops->key(v, in);
		/* The handler may have pushed a view: act on the one that handled the key. */
	}
	if (!(flags & TUI_HANDLED)) {
		in->action = tui_key_action(tui_global_keys, in);
		flags = global_key(t, v, in);
	}
	if ((flags & TUI_BACK) && v)
		pop(t, v);
	if (flags & TUI_QUIT)
		t->quit = 1;
	if (flags & TUI_RELOAD)
		reload_all(t);
}

/* --- edit in $VISUAL --- */

int tui_edit_record(struct tui *t, const char *path)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *prev = NULL;
	struct buf kept = BUF_INIT;
	const struct type_def *ty = schema_type_of_path(path);
	char before[41], after[41];
	int flags = TUI_HANDLED;
	if (!ty || store_read(&prev, t->store, path, &err) != 0) {
		tui_msg(t, 1, "%s", err.msg[0] ? err.msg : L("不是记录", "not a record"));
		goto cleanup;
	}
	/* Say no before the user spends time in the editor. */
	if (records_permit(t->store, t->actor, ty, prev, prev, &err) != 0) {
		tui_alert(t, L("不能编辑", "Cannot edit"), err.msg);
		goto cleanup;
	}
	store_head(t->store, before);
	struct buf text = BUF_INIT;
	int rc;
	for (;;) {
		struct buf edited = BUF_INIT;
		def_prog_mode();
		bracketed_paste(0);
		endwin();
		/* While the editor has the terminal, Ctrl-C and Ctrl-\ are its business, not a reason for us to leave
		 * (a handler, unlike SIG_IGN, is reset to the default in the editor at exec). */
		struct sigaction quiet, old_int, old_quit;
		memset(&quiet, 0, sizeof(quiet));
		quiet.sa_handler = ignore_signal;
		sigemptyset(&quiet.sa_mask);
		sigaction(SIGINT, &quiet, &old_int);
		sigaction(SIGQUIT, &quiet, &old_quit);
		buf_reset(&kept);
		err_clear(&err);
		rc = editor_edit_text(t->store, t->actor, path, text.len ? text.ptr : NULL, &edited, &kept, &err);
		sigaction(SIGINT, &old_int, NULL);
		sigaction(SIGQUIT, &old_quit, NULL);
		reset_prog_mode();
		bracketed_paste(1);
		clearok(curscr, TRUE);
		refresh();
		buf_set(&text, edited.ptr);
		buf_release(&edited);
		if (rc == 0 || !text.len || tui_gone(t))
			break;
		/* Refused: the text is not lost, and the person may fix it where they were. */
		struct buf q = BUF_INIT;
		buf_printf(&q, L("%s\n\n  e  再次编辑（保留你改过的文本）\n  n  放弃修改", "%s\n\n  e  edit again (your text is kept)\n  n  give up the edit"),
			   err.msg);
		int k = tui_ask(t, q.ptr, "en");
		buf_release(&q);
		if (k != 'e')
			break;
	}
	buf_release(&text);
	if (rc != 0) {
		tui_msg(t, 1, "%s", err.msg);
		flags |= TUI_RELOAD;
		goto cleanup;
	}
	store_head(t->store, after);
	if (strcmp(before, after) != 0) {
		flags |= TUI_RELOAD;
		tui_msg(t, 0, "%s", L("已保存修改", "saved"));
	} else {
		tui_msg(t, 0, "%s", L("没有改动", "nothing changed"));
	}
cleanup:
	record_free(prev);
	buf_release(&kept);
	return flags;
}

/* --- running --- */

static void emergency_endwin(void)
{
	endwin();
}

static void restore_signals(const struct sigaction *old)
{
	sigaction(SIGHUP, &old[0], NULL);
	sigaction(SIGTERM, &old[1], NULL);
	sigaction(SIGINT, &old[2], NULL);
}

int tui_run(struct store *s, struct actor *a, const struct config *cfg, struct jy_err *err)
{
	struct tui t;
	struct sigaction sa, old[3];
	SCREEN *scr = NULL;
	int rc = 0;
	const char *term = getenv("TERM");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(err, JY_EUSAGE, "%s",
			       L("终端界面需要在终端中运行（标准输入和输出都必须是终端）；在脚本中请使用子命令（jiaoyan --help）",
				 "the interface needs a terminal (standard input and output); scripts use the subcommands (jiaoyan --help)"));
	if (!term || !*term || strcmp(term, "dumb") == 0)
		return err_set(err, JY_EUSAGE, "%s",
			       L("终端类型未知（TERM 未设置或为 dumb），无法打开终端界面",
				 "unknown terminal type (TERM unset or dumb): cannot open the interface"));
	memset(&t, 0, sizeof(t));
	t.store = s;
	t.actor = a;
	t.cfg = cfg;
	buf_init(&t.msg);
	buf_init(&t.paste);
	buf_init(&t.select_id);
	vec_init(&t.people, store_item_free);
	vec_init(&t.people_by_id, NULL);
	vec_init(&t.schools, store_item_free);
	vec_init(&t.rubrics, rubric_entry_free);
	for (size_t i = 0; i < TUI_TAB_MAX; i++)
		vec_init(&t.stacks[i], view_free);
	while (tabs[t.ntabs] && t.ntabs < TUI_TAB_MAX)
		t.ntabs++;
	if ((rc = tui_load_common(&t, err)) != 0)
		goto cleanup;

	hangup = 0;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_hangup;
	sigemptyset(&sa.sa_mask);
	/* No SA_RESTART: a blocked read returns, so the loop sees the flag at once. */
	sigaction(SIGHUP, &sa, &old[0]);
	sigaction(SIGTERM, &sa, &old[1]);
	sigaction(SIGINT, &sa, &old[2]);

	scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		restore_signals(old);
		rc = err_set(err, JY_EIO, L("无法初始化终端（TERM=%s）", "cannot initialise the terminal (TERM=%s)"), term);
		goto cleanup;
	}
	xalloc_fail_hook = emergency_endwin;
	raw();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	curs_set(0);
	tui_colour_init(&t);
	bracketed_paste(1);

	for (size_t i = 0; i < t.ntabs; i++)
		t.hidden[i] = tabs[i]->shown && !tabs[i]->shown(&t);
	const char *start = cfg ? config_get(cfg, "ui", "start") : NULL;
	if ((!start || tui_goto_tab(&t, start) != 0) && tui_goto_tab(&t, TUI_START_TAB) != 0)
		switch_tab(&t, visible_tab(&t, 0));
	draft_offer(&t);

	while (!t.quit && !tui_gone(&t)) {
		struct tui_input in;
		tui_draw(&t);
		if (t.cursor_y >= 0) {
			move(t.cursor_y, t.cursor_x);
			curs_set(1);
		} else {
			curs_set(0);
		}
		refresh();
		int k = tui_getkey(&t, &in);
		if (k < 0)
			break;
		if (k > 0)
			continue;
		buf_reset(&t.msg);
		dispatch(&t, &in);
	}

	/* On a hung-up terminal these writes fail harmlessly; on a live one (SIGTERM) they restore it. */
	curs_set(1);
	bracketed_paste(0);
	endwin();
	delscreen(scr);
	xalloc_fail_hook = NULL;
	restore_signals(old);
cleanup:
	for (size_t i = 0; i < TUI_TAB_MAX; i++)
		vec_free(&t.stacks[i]);
	vec_free(&t.people_by_id);
	vec_free(&t.people);
	vec_free(&t.schools);
	viewer_free(t.viewer);
	vec_free(&t.rubrics);
	record_free(t.group);
	buf_release(&t.msg);
	buf_release(&t.paste);
	buf_release(&t.select_id);
	return rc;
}
