/* tui: the terminal interface's internal contract — app state, views as tables of operations, keys, widgets. */
#ifndef JIAOYAN_TUI_H
#define JIAOYAN_TUI_H

/* get_wch and the rest of the wide-character API, whatever the feature macros say. */
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#include <curses.h>
#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/cli.h"
#include "jiaoyan/config.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * Shape (after tig and htop):
 *
 *   row 0          tab bar      概览 · 听课记录 …  (number keys 1…9, Tab)
 *   rows 1…H-3     the view on top of the current tab's stack
 *   row H-2        status line  repository · person · term (or a message)
 *   row H-1        key hints    generated from the view's key table
 *
 * Every tab owns a stack of views: its root (a struct view_ops from the tab
 * table) and whatever was opened on top of it (a detail, a form, help).
 * Esc / q pop; q on a root quits. Switching tabs keeps each stack.
 *
 * A view never redraws by itself: its key handler returns TUI_* flags and
 * the one loop in tui.c redraws (erase, draw everything, refresh — ncurses
 * sends only the difference). Modal dialogs (tui_ask, tui_prompt,
 * tui_alert) run a small loop of their own that redraws the screen below
 * them, so they survive a resize too.
 *
 * All text reaches the terminal through tui_put()/tui_puts(), which sanitise
 * (text_clip/text_pad: no escape sequence from data is ever written) and
 * clip by display width (CJK = 2 columns, never cut in half, "…" when cut).
 * Never call waddstr/mvprintw with anything but what those return. A view
 * that wants the terminal cursor shown (text input) sets t->cursor_y/x in
 * its draw; otherwise it stays hidden.
 *
 * The program starts on the 概览 tab, or the one `[ui] start` names
 * (overview, plans, observations, … any tab's name); a saved form draft is
 * offered first (draft.c). A tab whose shown() says no (人员 for people who
 * are not admins) is not in the tab bar, has no number and cannot be
 * reached: the visible tabs are numbered 1… in order.
 *
 * Adding a tab (e.g. 授课计划): write src/tui/view_plans.c ending with
 *
 *     static const struct tui_key *const plans_keymaps[] = { plans_keys, list_keys, NULL };
 *     const struct view_ops view_plans_ops = {
 *             .name = "plans", .title_zh = "授课计划", .title_en = "Plans",
 *             .keys = plans_keymaps, .open = plans_open, .close = plans_close,
 *             .reload = plans_reload, .draw = plans_draw, .key = plans_key,
 *     };
 *
 * and add one line X(plans) to TUI_TABS below, in the tab-bar order of
 * DESIGN §2.6 (概览 · 授课计划 · 听课记录 · 题库 · 联考 · 研讨 · 同步). Nothing
 * else changes: the number keys, Tab, help and hints follow the table. A
 * list of records usually keeps a struct list (list.c) and gets movement,
 * search and n/N from list_key(); a form is a struct form (form.c) pushed
 * with form_view_push(); `e` on a record opens its form filled in where it
 * has one (obsform_edit), and the raw text in $EDITOR is tui_edit_record()
 * (`E`, for admins). A wide list draws through table_draw() (table.c) with
 * key columns and priorities; what a key may do on the selected record is
 * said by view_ops.offers, asking the domain.
 */
#define TUI_TABS(X) \
	X(overview)     \
	X(plans)        \
	X(observations) \
	X(bank)         \
	X(seminar)      \
	X(exam)         \
	X(sync)         \
	X(people)

/* Key-handler flags: handlers return these, the loop acts on them. */
enum {
	TUI_UNHANDLED = 0,
	TUI_HANDLED = 1, /* the key was consumed (else the global keys get it) */
	TUI_REDRAW = 2,  /* the screen changed (the loop redraws after any handled key anyway) */
	TUI_QUIT = 4,    /* leave the program */
	TUI_RELOAD = 8,  /* data changed: refresh the store and reload every open view */
	TUI_BACK = 16,   /* close this view (pop it off its tab's stack) */
	TUI_CHANGED = 32, /* form_key(): a value changed (autosave the draft, recompute totals) */
	TUI_SUBMIT = 64   /* form_key(): Enter on the form's 「保存」 line — save as Ctrl-S / F2 would */
};

/*
 * Actions: X(id, hint_zh, hint_en, help_zh, help_en). The hint line shows
 * the actions whose hint is non-NULL; the help screen lists every bound
 * action with its keys. Both are generated from the same struct tui_key
 * tables the dispatcher uses, so they cannot drift from the code.
 */
#define TUI_ACTIONS(X)                                                                                     \
	X(NONE, NULL, NULL, NULL, NULL)                                                                    \
	X(UP, NULL, NULL, "上移一行", "move up")                                                           \
	X(DOWN, NULL, NULL, "下移一行", "move down")                                                       \
	X(PAGE_UP, NULL, NULL, "上翻一页", "page up")                                                      \
	X(PAGE_DOWN, NULL, NULL, "下翻一页", "page down")                                                  \
	X(FIRST, NULL, NULL, "到第一行", "go to the first line")                                           \
	X(LAST, NULL, NULL, "到最后一行", "go to the last line")                                           \
	X(OPEN, "打开", "open", "打开选中的项", "open the selected item")                                  \
	X(ADD, "新增", "add", "新增一条记录", "add a record")                                              \
	X(FILTER, "筛选", "filter", "筛选列表（学校、教师、听课人、类型、学期）",                          \
	  "filter the list (school, teacher, observer, kind, term)")                                       \
	X(EDIT, "编辑", "edit", "用 $VISUAL / $EDITOR 编辑记录（退出编辑器时校验）",                        \
	  "edit the record in $VISUAL / $EDITOR (validated when the editor exits)")                       \
	X(REPLY, "回复", "reply", "回复对我的课的听课记录", "reply to an observation of my own lesson")      \
	X(SEARCH, "搜索", "search", "在当前列表中搜索（可输入中文）", "search the current list")           \
	X(SEARCH_ALL, "全库搜索", "search all", "在整个数据仓库中搜索（与 jiaoyan search 相同：你能看到的全部记录的全部字段），结果可以打开，n/N 逐条",      \
	  "search every field of every record you may see (as jiaoyan search does); open a result, n/N step through them") \
	X(NEXT_MATCH, NULL, NULL, "下一个匹配", "next match")                                              \
	X(PREV_MATCH, NULL, NULL, "上一个匹配", "previous match")                                          \
	X(RELOAD, "刷新", "reload", "重新读取数据仓库", "reload from the repository")                       \
	X(BACK, NULL, NULL, "返回上一层", "go back")                                                       \
	X(QUIT, "退出", "quit", "返回上一层；在顶层时退出程序", "go back; quit at the top level")            \
	X(NEXT_TAB, NULL, NULL, "切换到下一个标签页", "next tab")                                          \
	X(GOTO_TAB, NULL, NULL, "切换到第 N 个标签页", "switch to tab N")                                  \
	X(HELP, "帮助", "help", "列出本界面的全部按键", "list every key of this screen")                   \
	X(SAVE, "保存", "save", "保存", "save")                                                            \
	X(CANCEL, "放弃", "discard", "放弃并关闭（有改动时先询问）", "discard and close (asks when changed)") \
	X(NEXT_FIELD, "下一项", "next", "下一项", "next field")                                            \
	X(PREV_FIELD, NULL, NULL, "上一项", "previous field")                                              \
	X(PICK, NULL, NULL, "打开选择列表（也可直接输入筛选）", "open the pick list (or just type to filter)") \
	X(LEFT, NULL, NULL, "光标左移", "cursor left")                                                     \
	X(RIGHT, NULL, NULL, "光标右移", "cursor right")                                                   \
	X(LINE_START, NULL, NULL, "到行首", "start of line")                                               \
	X(LINE_END, NULL, NULL, "到行尾", "end of line")                                                   \
	X(DEL_BACK, NULL, NULL, "删除前一个字", "delete the previous character")                           \
	X(DEL_FWD, NULL, NULL, "删除光标处的字", "delete the character under the cursor")                  \
	X(KILL_LINE, NULL, NULL, "清空本项", "clear the field")                                            \
	X(REPAINT, NULL, NULL, "重画屏幕", "repaint the screen")                                          \
	X(APPLY, "应用", "apply", "应用筛选条件", "apply the filter")                                      \
	X(SUBMIT, "提交", "submit", "提交审核", "submit for review")                                      \
	X(REVIEW, "审核", "review", "审核（通过或退回整改）", "review (approve or return)")                  \
	X(IMPORT, NULL, NULL, "从 CSV 导入", "import from CSV")                                     \
	X(EXPORT, NULL, NULL, "导出为 CSV", "export to CSV")                                        \
	X(REOPEN, "重开", "reopen", "重新打开（开始新修订）", "reopen (new revision)")                   \
	X(ROW_DELETE, NULL, NULL, "删除当前行", "delete this row")                              \
	X(ROW_UP, NULL, NULL, "上移当前行", "move this row up")                                            \
	X(ROW_DOWN, NULL, NULL, "下移当前行", "move this row down")                                            \
	X(SYNC, "同步", "sync", "与远程仓库同步", "sync with the remote")                                          \
	X(KEEP_OURS, "保留", "keep", "保留现在的值并关闭冲突", "keep the value and close the conflict")           \
	X(TAKE_THEIRS, "采用对方", "take theirs", "采用被替换的值并关闭冲突", "take the replaced value and close")   \
	X(TYPE_VALUE, "输入值", "type a value", "输入新的值并关闭冲突", "type the value and close")                              \
	X(RETIRE, NULL, NULL, "停用（不再使用，记录保留）", "retire (no longer used; kept)")                      \
	X(ASSEMBLE, "组卷", "assemble", "组卷并密封（命题组）", "assemble and seal the papers (committee)")        \
	X(SWAP, "换题", "swap", "换掉选中的题（重新密封，重新检查）", "swap the selected item (re-sealed, re-checked)") \
	X(RELEASE, "启封", "release", "启封：公布文件密钥（启封时间到了以后，命题组）", "release: publish the file keys (at the release time, committee)") \
	X(UNLOCK, "口令", "passphrase", "输入口令打开本人的密钥（本次会话有效）", "open your key with your passphrase (for this session)") \
	X(RESEAL, NULL, NULL, "用新的文件密钥重新密封（命题组或启封时间变了之后）", "re-seal with a new file key (after the committee or release time changed)") \
	X(NEXT_PAPER, "换卷", "paper", "切换到下一份试卷", "the next paper")                                   \
	X(RESULTS, "成绩", "results", "成绩分析：各校对比、试题分析、成绩分布（试卷启封、各校报送成绩以后）", "results: schools side by side, items, distribution (once released and reported)") \
	X(TICK, "完成", "done", "把选中的事项标为已完成", "tick the selected action item off")                   \
	X(LEDGER, "台账", "ledger", "工作台账（按学校、学期）", "the work ledger (per school and term)")          \
	X(ADD_EXCHANGE, NULL, NULL, "登记一次师资互派", "record a teacher exchange") \
	X(EDIT_RAW, NULL, NULL, "用 $VISUAL / $EDITOR 编辑记录原文（管理员；退出编辑器时校验）",                  \
	  "edit the record's text in $VISUAL / $EDITOR (admins; validated when the editor exits)")              \
	X(PRINT, "打印", "print", "打印用的页面（HTML：复制后存为 .html 文件，用浏览器打印）",                     \
	  "the printable page (HTML: copy it into a .html file and print it from a browser)")                   \
	X(ANSWER, "答复", "answer", "答复这一行的审核意见（随下一版提交）", "answer the reviewer's comment on this row (goes with the next revision)") \
	X(DEACTIVATE, "离开", "left", "登记人员离开（记录保留，不再出现在选择列表中）",                           \
	  "mark the person as having left (the record stays; gone from pickers)")                               \
	X(SCROLL_LEFT, NULL, NULL, "表格向左移（表格比屏幕宽时）", "scroll a table wider than the screen left")   \
	X(SCROLL_RIGHT, NULL, NULL, "表格向右移（表格比屏幕宽时）", "scroll a table wider than the screen right")

enum tui_action {
#define TUI_X_ENUM(id, hz, he, pz, pe) ACT_##id,
	TUI_ACTIONS(TUI_X_ENUM)
#undef TUI_X_ENUM
	ACT_COUNT
};

/* The hint ("保存") and help text of an action in the current language; NULL when none. */
const char *tui_action_hint(enum tui_action a);
const char *tui_action_help(enum tui_action a);

/*
 * One key binding. name is how help and hints show the key ("j", "↓",
 * "PgDn", "1…9", "F2"); NULL binds the key without listing it again (the
 * other digits of "1…9"). help_zh/help_en, when set, replace the action's
 * help text for this screen ("新增听课记录"). Tables end with TUI_KEYS_END.
 */
struct tui_key {
	int key;  /* a code point (when !fkey), or a KEY_* code */
	int fkey; /* 1 when key is a KEY_* code */
	enum tui_action action;
	const char *name;
	const char *help_zh, *help_en;
};
#define TUI_KEYS_END { 0, 0, ACT_NONE, NULL, NULL, NULL }

/*
 * Keys that arrive as escape sequences ncurses's terminfo does not know
 * (PuTTY's F2 "\e[12~" under TERM=xterm, the Linux console's "\e[[B") are
 * decoded by tui_getkey itself: F1–F4 in the xterm, VT220/PuTTY and Linux
 * console forms, whatever TERM says. An unknown sequence is dropped — it
 * never acts as Esc. A bracketed paste (the terminal sends it when text is
 * pasted, e.g. cells copied from Excel) arrives as one TUI_KEY_PASTE with the
 * text in tui->paste (CR and CRLF turned into LF).
 */
#define TUI_KEY_PASTE (KEY_MAX + 1)

/* One key press. */
struct tui_input {
	int key;  /* code point (Esc = 27, Enter = '\n', Ctrl-U = 21…), or KEY_* when fkey */
	int fkey;
	enum tui_action action; /* from the view's key table, ACT_NONE when unbound */
};

/* The action a key table binds to in (ACT_NONE when none). */
enum tui_action tui_key_action(const struct tui_key *keys, const struct tui_input *in);
/* The keys every screen has (tui.c): tabs, help, reload, back/quit. */
extern const struct tui_key tui_global_keys[];
/* The same over a NULL-terminated list of tables (a view's keymaps), first match wins. */
enum tui_action tui_keymaps_action(const struct tui_key *const *maps, const struct tui_input *in);
/* 1 when in is a printable character (text input). */
int tui_input_is_text(const struct tui_input *in);

struct tui_rect {
	int y, x, h, w;
};

struct tui;
struct view;

enum {
	VIEW_TEXT_INPUT = 1, /* the view takes typed text: of the global keys only F1 (help) applies */
};

/* A screen: a table of operations (tig's view_ops, htop's PanelClass). */
struct view_ops {
	const char *name;     /* stable id ("observations") */
	const char *title_zh; /* tab label or screen title */
	const char *title_en;
	/* NULL-terminated list of key tables, e.g. { obs_keys, list_keys, NULL }:
	 * the dispatcher, the help screen and the hint line all read it. */
	const struct tui_key *const *keys;
	unsigned flags;       /* VIEW_* */
	/* Allocates v->priv and loads; arg is what tui_push() was given. An error
	 * is shown and the view is not opened. */
	int (*open)(struct view *v, void *arg, struct jy_err *err);
	void (*close)(struct view *v); /* frees v->priv */
	/* Re-reads data after a write or `r` (the store was refreshed); keeps the selection where possible. May be NULL. */
	int (*reload)(struct view *v, struct jy_err *err);
	void (*draw)(struct view *v, const struct tui_rect *area);
	/* Returns TUI_* flags; TUI_UNHANDLED passes the key on to the global keys. */
	int (*key)(struct view *v, const struct tui_input *in);
	/* A tab's root only: 0 hides the tab from this person (asked once at start). NULL: shown. */
	int (*shown)(struct tui *t);
	/* 0 when action a is not offered now (for this person, on the selected record), so the hint
	 * line leaves it out; the view asks the domain's capability queries. NULL: everything offered. */
	int (*offers)(struct view *v, enum tui_action a);
};

struct view {
	const struct view_ops *ops;
	struct tui *tui;
	void *priv;
};

#define TUI_TAB_MAX 9

/* Attribute roles; tui_attr() maps them to colours, or to reverse/bold/underline on monochrome and NO_COLOR. */
enum tui_role {
	TA_NORMAL,
	TA_TABBAR,
	TA_TAB_CURRENT,
	TA_HEADER,   /* list column titles, section headings */
	TA_SELECTED, /* the selection bar */
	TA_STATUS,
	TA_HINT_KEY,
	TA_ERROR,
	TA_MARK,     /* search match, "新" */
	TA_DIM,
	TA_LABEL,
	TA_FIELD,    /* an input field's extent */
	TA_FOCUS,    /* the focused field's label */
	TA_BAR,      /* bar-chart blocks */
	TA_COUNT
};

struct rows;

/* The application. Borrowed store/actor/config belong to cmd_tui's struct cli. */
struct tui {
	struct store *store;
	struct actor *actor;
	const struct config *cfg;
	struct record *group; /* group.ini, owned (NULL when unreadable) */
	char term[12];        /* the group's current term */
	/* The roster, read on first use (tui_people): most screens only name a few people (tui_person_name). */
	struct vec people;    /* struct store_item *, owned, by path (private to tui.c: tui_people) */
	struct vec people_by_id; /* the same items, borrowed, sorted by id for tui_person() (private to tui.c) */
	int people_read;      /* people holds the roster (set by tui.c; a screen may ask) */
	struct vec schools;   /* struct store_item *, owned */
	struct viewer *viewer; /* who may see what (typeops.h), owned; rebuilt by tui_load_common */
	struct vec rubrics;   /* owned cache entries of tui_rubric() (private to tui.c) */
	size_t skipped;       /* records that failed to decode in the last listing (shown in the status line) */
	int colour;           /* colours in use */
	size_t ntabs;
	size_t tab;                      /* current tab */
	int hidden[TUI_TAB_MAX];         /* tab i is not shown to this person (view_ops.shown) */
	struct vec stacks[TUI_TAB_MAX];  /* struct view *, owned; [0] is the tab's root, opened lazily */
	struct buf select_id;            /* a record just written: the list holding it selects it at the next reload */
	struct buf msg;                  /* one-shot message shown on the status line until the next key */
	struct buf paste;                /* the text of the last TUI_KEY_PASTE */
	int msg_error;
	int cursor_y, cursor_x;          /* where the terminal cursor goes after drawing (-1: hidden) */
	int quit;
	int gone;                        /* the terminal went away: unwind, draw nothing more */
};

/* Runs the interface until the user quits or the terminal goes away. */
int tui_run(struct store *s, struct actor *a, const struct config *cfg, struct jy_err *err);
/* `jiaoyan` with no command, and `jiaoyan serve PERSON` with no SSH command, come here (identity through cli_actor()). */
int cmd_tui(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);

/* --- the application (tui.c) --- */

/* Opens ops on top of the current tab's stack. On error the message is shown and nothing is pushed. */
int tui_push(struct tui *t, const struct view_ops *ops, void *arg);
/* Switches to the tab whose root has ops->name == name (opening it); 0 or JY_ENOTFOUND. */
int tui_goto_tab(struct tui *t, const char *name);
struct view *tui_top(struct tui *t);
/* The view below v on its stack, or NULL. */
struct view *tui_below(struct tui *t, const struct view *v);
/* Sets the one-shot message (printf-style; sanitised when drawn). */
void tui_msg(struct tui *t, int is_error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Shows a refusal from the domain on the status line, with its hint (err->hint) in the TUI's own words. */
void tui_refusal(struct tui *t, const struct jy_err *err);
/* Draws the whole screen without refreshing (dialogs draw on top of it). */
void tui_draw(struct tui *t);
/*
 * Waits for a key. Returns 0 with *in filled (in->action ACT_NONE), 1 on a
 * resize (redraw and call again), -1 when the terminal went away (SIGHUP,
 * SIGTERM, end of input): callers unwind and the program leaves.
 */
int tui_getkey(struct tui *t, struct tui_input *in);
/* 1 once the terminal has gone away (SIGHUP/SIGTERM/EOF). */
int tui_gone(const struct tui *t);
/* Re-reads group.ini, the roster and schools (after store_refresh). */
int tui_load_common(struct tui *t, struct jy_err *err);
/* Name of a person / school for display, or the id itself; borrowed until the next reload. */
/* The roster (struct store_item *, by path), read on first use; empty, with a message, when it cannot be read. */
const struct vec *tui_people(struct tui *t);
const char *tui_person_name(struct tui *t, const char *id);
/* A field of the person's main section (name, school, roles, title…, what the index's rows keep), NULL when none. */
const char *tui_person_field(struct tui *t, const char *id, const char *key);
const struct record *tui_person(struct tui *t, const char *id);
const char *tui_school_name(struct tui *t, const char *id);
/* A rubric (version 0 = current), cached until the next reload; NULL with err filled when unreadable. */
const struct record *tui_rubric(struct tui *t, const char *id, long version, struct jy_err *err);
/*
 * The raw record at path in $VISUAL/$EDITOR (curses suspended, then
 * restored); permission is checked first (records_permit). An edit refused
 * on exit is explained (with the path where the text was kept) and offered
 * again starting from the person's own text (e) or given up (n). Returns
 * TUI_* flags.
 */
int tui_edit_record(struct tui *t, const char *path);

/* --- drawing (draw.c) --- */

attr_t tui_attr(const struct tui *t, enum tui_role role);
void tui_colour_init(struct tui *t);
/* Draws s sanitised at (y, x), padded/clipped to exactly cols columns (right-aligned when right). */
void tui_put(struct tui *t, int y, int x, int cols, enum tui_role role, const char *s, int right);
/* Draws s sanitised, clipped to at most cols columns, no padding; returns the columns drawn. */
int tui_puts(struct tui *t, int y, int x, int cols, enum tui_role role, const char *s);
/*
 * Line drawing: Unicode box characters (─ │ ┌ ┐ └ ┘) when the locale is
 * UTF-8 — PuTTY and some tmux set-ups show the ACS alternate character set
 * as "lqqqk" — else ACS. tui_box draws a frame with the inside blanked,
 * tui_hline a horizontal rule of w cells.
 */
void tui_box(struct tui *t, int y, int x, int h, int w, enum tui_role role);
void tui_hline(struct tui *t, int y, int x, int w, enum tui_role role);
/* Blank cols cells at (y, x) in role's attribute. */
void tui_blank(struct tui *t, int y, int x, int cols, enum tui_role role);
/* Appends the UTF-8 encoding of code point cp. */
void tui_utf8_put(struct buf *out, int cp);
/*
 * Wraps text (may hold newlines) to cols columns: appends one owned string per
 * visual line to lines (a vec with free_item = free). Never splits a character.
 */
void tui_wrap(struct vec *lines, const char *text, int cols);
struct list;
/* Appends text wrapped to width as lines of role to l, each after indent (at least 10 columns are left for the text). */
void tui_wrap_lines(struct list *l, enum tui_role role, const char *indent, const char *text, int width);

/* --- dialogs (dialog.c) --- */

/* A box with text (wrapped); returns the key pressed if it is one of keys (ASCII), 0 on Esc/hang-up. */
int tui_ask(struct tui *t, const char *text, const char *keys);
/* A box with text; any key closes it. */
void tui_alert(struct tui *t, const char *title, const char *text);
/* What was wrong with an import or a paste (one line per problem, the first dozen) and err's summary, in a box. */
void tui_problems(struct tui *t, const char *title, const struct vec *problems, const struct jy_err *err);
/* Reads one line on the bottom row after label; 0 on Enter (io holds the text), -1 on Esc/hang-up. */
int tui_prompt(struct tui *t, const char *label, struct buf *io);

/* --- line editing shared by the form, the picker and the prompt (edit.c) --- */

/*
 * Applies one key to text b with the cursor at byte offset *cur: inserts
 * printable characters (control characters are refused), Backspace/Delete,
 * Left/Right, Home/End (of the line), Ctrl-U (clear). multiline: Enter
 * inserts a newline. Returns TUI_HANDLED (|TUI_CHANGED when b changed), or
 * TUI_UNHANDLED.
 */
int edit_key(struct buf *b, size_t *cur, const struct tui_input *in, int multiline);
/* Display columns of the first n bytes of s. */
int edit_width(const char *s, size_t n);

/* --- the list widget (list.c): aligned columns, selection, scrolling, search --- */

struct list_col {
	const char *title; /* borrowed */
	int min, max;      /* display columns; max 0 = takes the width that is left */
	int right;         /* right-aligned (numbers) */
};

struct list_row {
	struct vec cells;  /* owned char * */
	void *data;        /* borrowed: what the view keeps for this row, NULL for text rows */
	enum tui_role role;
	char *extra;       /* more searchable text, owned, may be NULL */
};

/*
 * A paged list's rows: the list holds only a window of them (a few screens
 * around what is shown), fetched again as the view scrolls, so a list of
 * any length opens at once. Movement, g/G, PgUp/PgDn, the selection and
 * `/` n/N work over all count() rows as they do over held ones.
 */
struct list;
struct list_source {
	size_t (*count)(void *ctx);
	/* Adds rows first … first+n-1 to l in order (list_add, list_cell…); their data stays valid while they are held. */
	void (*fetch)(void *ctx, struct list *l, size_t first, size_t n);
	/* 1 when row i holds text pat (`/`, n/N over every row); NULL: only what the cells show, fetched. */
	int (*matches)(void *ctx, size_t i, const char *pat);
	void *ctx;
};

struct list {
	const struct list_col *cols; /* ncols 0: rows are single free-text lines, no header */
	size_t ncols;
	struct vec rows;   /* struct list_row *, owned: all rows, or a paged list's window of them */
	const struct list_source *src; /* paged (list_page): rows[i] is row base + i of total */
	size_t base, total;
	size_t sel, top;
	int pager;         /* scroll mode: no selection bar, j/k scroll (detail, help) */
	long match;        /* pager: the line of the last match, -1 when none */
	char *pattern;     /* the last search, owned */
	int height;        /* rows shown at the last draw, for PgUp/PgDn */
	const char *empty; /* text shown when there are no rows (borrowed) */
};

void list_init(struct list *l, const struct list_col *cols, size_t ncols, int pager);
void list_clear(struct list *l); /* drops the rows (a paged list: the held ones, and reads the count again), keeps the search pattern */
void list_free(struct list *l);
struct list_row *list_add(struct list *l, void *data, enum tui_role role);
void list_cell(struct list_row *r, const char *text);
void list_cellf(struct list_row *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Adds a text line (pager and free-text lists). */
struct list_row *list_line(struct list *l, enum tui_role role, const char *text);
void *list_selected(struct list *l);
/* Makes l a paged list over src (borrowed; NULL: back to held rows) and reads its count. */
void list_page(struct list *l, const struct list_source *src);
/* Number of rows (a paged list's count), and row i (fetched when not held; NULL past the end). */
size_t list_len(const struct list *l);
struct list_row *list_row(struct list *l, size_t i);
/* For widgets drawing a list (table.c): keeps the selection within the h rows shown from top, and holds those rows. */
void list_keep_visible(struct list *l, int h);
void list_hold_visible(struct list *l, int h);
/* Selects the first row whose data satisfies eq(data, ctx); 1 when found (a paged list: among the held rows). */
int list_select(struct list *l, int (*eq)(const void *data, const void *ctx), const void *ctx);
void list_draw(struct list *l, struct tui *t, const struct tui_rect *r, int focused);
/* Movement, PgUp/PgDn, g/G, `/` search, n/N. TUI_UNHANDLED for other keys. */
int list_key(struct list *l, struct tui *t, const struct tui_input *in);
/* The keys list_key() handles, for view keymaps to include (terminated). */
extern const struct tui_key list_keys[];
/* Only the movement of list_keys (screens where / means something else: 概览). */
extern const struct tui_key list_move_keys[];
/* The same without selection (pagers: j/k scroll). */
extern const struct tui_key pager_keys[];

/*
 * --- tables that fit the screen (table.c): columns by priority, capped widths, sideways scrolling ---
 *
 * A table column has a priority: 0 marks the key columns (the date, the
 * teacher: what tells the rows apart), never dropped; when the columns do
 * not fit, the highest number goes first (the rightmost of equals first).
 * No column is wider than its max (max 0: TABLE_CAP), so on a wide screen
 * the numbers stay next to their labels and the rest of the line is empty.
 * → (and l) scroll the columns that are not key columns sideways, one
 * column a press, the key columns staying at the left; ← back (at the
 * start the priority layout returns). "◀" / "▶" in the header say that
 * there is more on that side. With a tooltip line, the bottom line of the
 * table shows in full the selected row's cells that are cut or not shown.
 * The rows are those of a struct list (list.c), which keeps the selection,
 * search and movement; table_draw replaces list_draw for it.
 */
#define TABLE_CAP 36
#define TABLE_GAP 2

struct table_col {
	const char *title; /* borrowed */
	int min, max;      /* display columns: the widest cell within [min, max]; max 0 = at most TABLE_CAP */
	int right;         /* right-aligned (numbers) */
	int prio;          /* 0 = key column (kept), larger = dropped sooner */
};

struct table {
	const struct table_col *cols;
	size_t ncols;
	int scroll;  /* 0: priority layout; k > 0: the first k non-key columns scrolled out at the left */
	int tooltip; /* reserve the bottom line for the selected row's cut or hidden cells */
	int more_right; /* at the last draw: columns beyond the right edge (→ scrolls) */
};

/*
 * Widths (out[i], 0 = not shown) for n columns whose widest cells are
 * natural[i], in width display columns with TABLE_GAP between shown columns;
 * scroll as in struct table. Returns 1 when columns are left out on the
 * right (more to scroll to), else 0. Pure: used by table_draw and by views
 * that lay out a table of their own (the plan's course table).
 */
int table_fit(int *out, const struct table_col *cols, size_t n, const int *natural, int width, int scroll);
/* Draws l's rows as the columns of tb (header, rows, optional tooltip line) in r. */
void table_draw(struct table *tb, struct list *l, struct tui *t, const struct tui_rect *r, int focused);
/* → / ← (and l / h): scrolls the columns; TUI_UNHANDLED for other keys. */
int table_key(struct table *tb, const struct tui_input *in);
extern const struct tui_key table_keys[];

/* --- forms (form.c): fields with CJK input, pick lists, validation on leaving a field --- */

enum form_kind {
	FORM_TEXT,  /* one line */
	FORM_MULTI, /* several lines; Enter inserts a newline */
	FORM_PICK,  /* a value picked from options (type-ahead filter) */
	FORM_INFO,  /* computed, not focusable (live total) */
	FORM_NOTE,  /* text to read beside the fields (what a reply answers, a row's findings): its value, wrapped; not focusable */
};

struct form_option {
	char *value;  /* stored value, owned */
	char *label;  /* shown, owned */
	char *search; /* matched by the type-ahead filter, owned */
};

struct form_field {
	char *name;   /* "observation.kind", "score.goal": section.key of the record, and the draft key */
	char *label;
	char *suffix; /* shown after the value ("满分 15"), may be NULL */
	enum form_kind kind;
	struct buf value; /* as typed; the stored value for picks */
	size_t cursor;    /* byte offset in value */
	struct vec options; /* struct form_option *, owned (picks) */
	char *error;      /* the message under the field, owned, NULL when fine */
	int rows;         /* FORM_MULTI: visible lines (more while focused, up to 8) */
	int width;        /* columns of the value; 0 = all that is left */
	char *hint;       /* shown dimmed in the empty value ("例：第3-4节"), gone once something is typed; may be NULL */
	int free_text;    /* FORM_PICK: what is typed into the filter may be kept as the value when no option is chosen */
	enum tui_role role; /* FORM_NOTE: how its text is drawn (TA_NORMAL by default; TA_ERROR for a finding) */
};

struct form {
	char *title;
	struct vec fields; /* struct form_field *, owned */
	/* The last line of the form, after every field ("保存"): Enter on it saves (form_key returns
	 * TUI_SUBMIT). NULL: none. Not a field: focus == fields.len when it has the focus. */
	const char *button;
	size_t focus;
	int top;           /* first form row shown */
	int drawn_w;       /* width at the last draw (soft wraps of multi-line values) */
	int dirty;
	/* pick list state */
	int picking;
	struct buf filter;
	size_t filter_cur;
	struct vec matches; /* struct form_option *, borrowed */
	size_t pick_sel, pick_top;
	/* Called when the user leaves a field: an owned message, or NULL when the value is fine. */
	char *(*check)(struct form *f, struct form_field *fld, void *ctx);
	/* Text of a FORM_INFO field. */
	void (*info)(struct form *f, struct form_field *fld, struct buf *out, void *ctx);
	void *ctx;
};

/* 1 for the kinds that hold a value the person edits (text, multi-line, pick): what drafts and submits read. */
int form_is_input(const struct form_field *fld);
struct form *form_new(const char *title);
void form_free(struct form *f);
struct form_field *form_add(struct form *f, enum form_kind kind, const char *name, const char *label,
			    const char *value);
void form_option(struct form_field *fld, const char *value, const char *label, const char *search);
/* One option per school of the roster, labelled by its name (with_id: "name（id）"). */
void form_school_options(struct form_field *fld, struct tui *t, int with_id);
/* One option per specialty, labelled by its name, or its code when it has none (with_code: "code name",
 * searched by both). */
void form_specialty_options(struct form_field *fld, struct tui *t, int with_code);
/* One option per stored value of an FT_ENUM/FT_BOOL field, labelled in the current language. */
void form_enum_options(struct form_field *fld, const struct field_def *def);
struct form_field *form_find(struct form *f, const char *name);
void form_set(struct form_field *fld, const char *value);
/* Label of a pick field's current value (the value itself when no option has it). */
const char *form_pick_label(const struct form_field *fld);
/* Runs check on every field; focuses the first with a message; returns how many have one. */
size_t form_check_all(struct form *f);
/* Focuses field i (scrolls it into view at the next draw). */
void form_focus(struct form *f, size_t i);
void form_draw(struct form *f, struct tui *t, const struct tui_rect *r);
int form_key(struct form *f, struct tui *t, const struct tui_input *in);
extern const struct tui_key form_keys[];

/*
 * A pushed view around a form: F2 submits, Esc discards (asking when
 * changed), every change autosaves a draft when draft_kind is set.
 * form_view_push() takes ownership of spec->form and spec->ctx (also on error).
 */
struct form_spec {
	struct form *form;
	/* F2: 0 closes the view and reloads; an error keeps the form open with the
	 * message shown (field messages set by submit stay under their fields). */
	int (*submit)(struct tui *t, struct form *f, void *ctx, struct jy_err *err);
	void *ctx;
	void (*ctx_free)(void *ctx);
	const char *draft_kind; /* "observation", "reply", or NULL: no draft */
	const char *draft_arg;  /* copied; e.g. the replied observation's path */
	const char *discard_zh, *discard_en; /* the Esc question; NULL = close without asking */
	int apply;              /* F2 applies (a filter) rather than saves: hint and help say so */
};
int form_view_push(struct tui *t, struct form_spec *spec);

/* --- drafts (draft.c): $XDG_STATE_HOME/jiaoyan/drafts/<person>.ini (other kinds: drafts/<kind>/<person>.ini) --- */

/* Writes the form's values (temp file + rename). */
int draft_save(const char *person, const char *kind, const char *arg, const struct form *f, struct jy_err *err);
/* JY_ENOTFOUND when the person has no draft of that kind. *out owned by the caller. */
int draft_load(struct record **out, const char *person, const char *kind, struct jy_err *err);
void draft_remove(const char *person, const char *kind);
/* Puts the draft's values back into the fields of the same name. */
void draft_apply(struct form *f, const struct record *draft);
/* At start-up: offers saved drafts back and reopens the form (the kinds it
 * knows how to reopen are listed in draft.c: a new draft kind adds a case there). */
void draft_offer(struct tui *t);

/* --- what a person has seen (seen.c): $XDG_STATE_HOME/jiaoyan/seen/<person>.ini --- */

/* 1 when the person has seen key (a record id) with this value (a digest of a reply), else 0. */
int seen_is(const char *person, const char *key, const char *value);
/* Records that the person has seen key with value; failures are ignored (a row is marked new once more). */
void seen_mark(const char *person, const char *key, const char *value);

/* --- a record's page (page.c): what a detail view over one stored record keeps --- */

typedef void (*tui_page_build_fn)(struct list *out, struct tui *t, const char *path, const struct record *r, int width);
struct tui_page {
	char *path;          /* owned */
	struct record *rec;  /* owned: as last read */
	struct list lines;   /* a pager, built by build for the width built_w (0: build again) */
	int built_w;
	tui_page_build_fn build;
};
/* Reads the record at path (copied): 0 and *out (the caller's: tui_page_free), or the store's error. */
int tui_page_new(struct tui_page **out, struct tui *t, const char *path, tui_page_build_fn build, struct jy_err *err);
void tui_page_free(struct tui_page *p);
/* Reads the record again (the lines are rebuilt at the next draw); on error the page keeps what it had. */
int tui_page_reload(struct tui_page *p, struct tui *t, struct jy_err *err);
/* Builds the lines when the width changed (keeping the scroll position) and draws them. */
void tui_page_draw(struct tui_page *p, struct tui *t, const struct tui_rect *r);

/* --- observation screens --- */

/* The new-observation form (draft NULL: a fresh one); pushed on the current tab. */
int obsform_open(struct tui *t, const struct record *draft);
/* The same form filled in with the observation at path, to change it (draft may be NULL): refused
 * (alert) when the rules do not let the person change it. */
int obsform_edit(struct tui *t, const char *path, const struct record *draft);
/* 0 when the actor may change observation r itself (not only its reply), else the rule's refusal. */
int obsform_may_edit(struct tui *t, const struct record *r, struct jy_err *err);
/* The reply form for the observation at path (draft may be NULL). */
int obsreply_open(struct tui *t, const char *path, const struct record *draft);
/* The new-seminar form (view_seminar.c; draft NULL: a fresh one), autosaved as draft kind "seminar"; 0 when pushed. */
int seminar_form_open(struct tui *t, const struct record *draft);
/* The detail lines of an observation (fields, scores against its rubric version, texts; history when asked). */
void obsfmt_detail(struct list *out, struct tui *t, const char *path, const struct record *r, int width,
		   int with_history);
/* One list row's cells: date, kind, observer, teacher, course, total, grade. */
void obsfmt_row(struct list_row *row, struct tui *t, const struct record *r);
/* Whether action a (e, R, E, p) is offered for observation r (NULL: none selected), by the rules (view_observations.c). */
int obs_offers(struct tui *t, const struct record *r, enum tui_action a);
/* E: the observation's text in $EDITOR, for admins (tui_edit_record); others are told to use the form. */
int obs_edit_raw(struct tui *t, const char *path);
/* p: the observation's 听课记录表 (printout.h) in a text view to copy (and to the clipboard over SSH). */
int obs_print(struct tui *t, const char *path);
/* 1 when r is an observation of the actor's lesson without a [response] yet. */
int obs_awaits_reply(const struct tui *t, const struct record *r);

/* The views (view_*.c). */
#define TUI_X_DECL(name) extern const struct view_ops view_##name##_ops;
TUI_TABS(TUI_X_DECL)
#undef TUI_X_DECL
extern const struct view_ops view_obsdetail_ops; /* arg: the record's path (copied) */
extern const struct view_ops view_help_ops;      /* arg: the struct view whose keys are listed */
extern const struct view_ops view_form_ops;      /* arg: struct form_spec * (through form_view_push) */
extern const struct view_ops view_formapply_ops; /* the same, F2 = apply */
extern const struct view_ops view_conflict_ops;  /* arg: the conflict's id (copied) */
extern const struct view_ops view_text_ops;      /* arg: the text (copied): a pager, and the text sent to the clipboard */
extern const struct view_ops view_ledger_ops;    /* arg: NULL; the 台账 of the actor's school (every member school for lead-college admins) */
extern const struct view_ops view_results_ops;   /* through view_results_push */
extern const struct view_ops view_plan_ops;      /* arg: the filing's id TERM/SCHOOL/SPECIALTY (copied) */
extern const struct view_ops view_search_ops;    /* arg: the text to search for (copied) */

/*
 * The whole-store search (view_search.c): `jiaoyan search`'s results for
 * text (NULL: asked for on the bottom line) pushed as a list on the current
 * tab — Enter opens a result, n/N step through them, / searches again.
 * Global key F; on 概览 also /, where there is no list to search within.
 */
int tui_search(struct tui *t, const char *text);

/*
 * The results view (view_results.c): an analysis on top of the current tab
 * — per paper the school table, the distribution as block-character bars
 * side by side per school, the items with flags and Ebel's band, and the
 * comparison's marks in words; p switches papers, j/k scroll, / searches.
 * papers[0..npapers) (results.h) are borrowed until the view closes, when
 * release(owner) is called (release may be NULL); when the view cannot
 * open, release is called at once and the error is on the status line.
 * title is copied. Works in 80×24.
 */
struct results_paper;
int view_results_push(struct tui *t, const char *title, const struct results_paper *papers, size_t npapers,
		      void (*release)(void *owner), void *owner);

/* --- the plan screens: the tab (view_plans.c), a filing's page (plandetail.c), the row editor (planrows.c),
 * the review (planreview.c), the part of 概览 (planoverview.c) --- */

/* A course column as the plan tables show it: field, titles, display width at most, table priority, numbers. */
struct plan_tcol {
	const char *key;
	const char *zh, *en;
	int max;
	int prio;  /* as struct table_col: 0 = kept (课程名称, 任课教师) */
	int right;
};
#define PLAN_NTCOLS 10
extern const struct plan_tcol plan_tcols[PLAN_NTCOLS];
struct plan_row_diff;
/* "＋新增" / "✱改：学分、任课教师" for a row since the reviewed revision (plan.h plan_diff); nothing when unchanged or NULL. */
void plan_change_mark(struct buf *out, const struct plan_row_diff *r);
/* The school's row editor of filing id (pushed): rows with the reviewer's comments, row forms, answers, paste. */
int planrows_open(struct tui *t, const char *id);
/* The lead's review form of filing id (pushed): each row with its findings beside the comment being written. */
int planreview_open(struct tui *t, const char *id);

struct plan_brief;
/* A filing as its page and the tab's pane show it (plandetail.c); the struct's own, freed by plan_filing_release. */
struct plan_filing {
	char *id;
	struct record *rec;
	struct vec findings;    /* struct rules_finding *, owned */
	char *check_error;      /* why the check could not run, or NULL */
	struct plan_diff *diff; /* since the last review; NULL when the history could not be read */
};
void plan_filing_init(struct plan_filing *f);
/* Frees what f holds and leaves it empty, ready for plan_filing_load. */
void plan_filing_clear(struct plan_filing *f);
void plan_filing_release(struct plan_filing *f);
/* Reads filing id with its findings and its changes since the last review, replacing what f held:
 * 0, or the store's error (f unchanged). */
int plan_filing_load(struct plan_filing *f, struct tui *t, const char *id, struct jy_err *err);
/* The page's lines: heading, state (with the keys the person may use when with_actions), the course
 * table with each row's findings, comments and answers, the filing's findings, the reviews. */
void plan_filing_lines(struct list *l, struct tui *t, const struct plan_filing *f, int width, int with_actions);
/* Whether key a is offered on f (NULL: none loaded), and what a key does to it: as plan_may allows. */
int plan_filing_offers(struct tui *t, const struct plan_filing *f, enum tui_action a);
int plan_filing_key(struct tui *t, const struct plan_filing *f, const struct tui_input *in);
/* The colour a plan state is listed in. */
enum tui_role plan_state_role(int state);
/* The new-filing form (view_plans.c), for term, or filled in from like (a filing not made yet) when not NULL. */
int plans_new_form(struct tui *t, const char *term, const struct plan_brief *like);

/* A row of 概览 that opens something: Enter calls open(t, arg). */
struct tui_link {
	int (*open)(struct tui *t, const char *arg);
	char *arg; /* owned: a path or an id */
};
/* A new link (owned by the caller: tui_link_free); arg is copied. */
struct tui_link *tui_link_new(int (*open)(struct tui *t, const char *arg), const char *arg);
void tui_link_free(void *link);

/* The question form reopened from its draft (draft.c): arg is the draft's "TYPE|COURSE|ID" (view_bank.c). */
int bank_form_from_draft(struct tui *t, const char *arg, const struct record *draft);

/*
 * The plans part of 概览 (planoverview.c): a lead's filings awaiting review, a
 * member school's returned or missing filings and the due date. Every filing
 * row opens it (a missing one: the new-filing form): its row's data is a
 * struct tui_link appended to links (owned by links, free_item = tui_link_free).
 */
void plans_overview(struct list *out, struct vec *links, struct tui *t, int width);
/* The seminars part of 概览 (view_seminar.c): the acting person's open action items, overdue ones marked;
 * each row opens its seminar (a struct tui_link appended to links, as plans_overview). */
void seminar_overview(struct list *out, struct vec *links, struct tui *t, int width);
/* Opens the filing TERM/SCHOOL/SPECIALTY (its page), or the form creating it when there is none. */
int plans_open_filing(struct tui *t, const char *id);

#endif
