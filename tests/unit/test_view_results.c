/* test_view_results: the results view drawn into an ncurses screen of 80×24 (no terminal: newterm on /dev/null) and read back cell by cell. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "jiaoyan/editor.h"
#include "jiaoyan/results.h"
#include "jiaoyan/scores.h"
#include "jiaoyan/text.h"
#include "jiaoyan/tui.h"

static SCREEN *scr;
static FILE *devnull_out, *devnull_in;
static struct tui t;
static struct itemstats_table *table;
static struct itemstats_compare *cmp;
static struct results_paper papers[2];
static int released;
static const char *const names[3] = { "第一职业学校", "第二技工学校", "第三职校" };

static void release(void *owner)
{
	released += owner == (void *)papers;
}

/* Row y of the screen as UTF-8 (a wide character once), trailing spaces dropped. */
static char *row_text(int y)
{
	struct buf b = BUF_INIT;
	for (int x = 0; x < COLS; x++) {
		cchar_t c;
		wchar_t wc[CCHARW_MAX + 1] = { 0 };
		attr_t a;
		short pair;
		if (mvin_wch(y, x, &c) == ERR || getcchar(&c, wc, &a, &pair, NULL) == ERR)
			break;
		if (!wc[0])
			continue; /* the second cell of a wide character */
		char mb[16];
		mbstate_t st;
		memset(&st, 0, sizeof(st));
		size_t n = wcrtomb(mb, wc[0], &st);
		if (n != (size_t)-1)
			buf_add(&b, mb, n);
		if (wcwidth(wc[0]) == 2)
			x++;
	}
	while (b.len && b.ptr[b.len - 1] == ' ')
		b.len--;
	b.ptr[b.len] = '\0';
	return buf_detach(&b);
}

static char *screen_text(void)
{
	struct buf b = BUF_INIT;
	for (int y = 0; y < LINES; y++) {
		char *r = row_text(y);
		buf_printf(&b, "%s\n", r);
		free(r);
	}
	return buf_detach(&b);
}

static void draw(void)
{
	struct view *v = tui_top(&t);
	struct tui_rect area = { 1, 0, LINES - 3, COLS };
	erase();
	v->ops->draw(v, &area);
}

static void key(int k)
{
	struct view *v = tui_top(&t);
	struct tui_input in = { k, 0, ACT_NONE };
	in.action = tui_keymaps_action(v->ops->keys, &in);
	v->ops->key(v, &in);
}

static void has(const char *hay, const char *needle)
{
	if (!strstr(hay, needle)) {
		fprintf(stderr, "the screen:\n%s", hay); /* cmocka cuts long messages */
		fail_msg("missing \"%s\" on the screen", needle);
	}
}

/* The display column at which needle starts on the screen's line holding it. */
static int column_of(const char *screen, const char *needle)
{
	const char *at = strstr(screen, needle);
	assert_non_null(at);
	const char *start = at;
	while (start > screen && start[-1] != '\n')
		start--;
	char *prefix = xstrndup(start, (size_t)(at - start));
	int w = text_width(prefix);
	free(prefix);
	return w;
}

static void pop(void)
{
	struct vec *s = &t.stacks[t.tab];
	struct view *v = vec_pop(s);
	v->ops->close(v);
	free(v);
}

static void the_first_screen(void **state)
{
	(void)state;
	released = 0;
	assert_int_equal(view_results_push(&t, "2026-2027-1 网店运营联考", papers, 2, release, papers), 0);
	draw();
	char *s = screen_text();
	if (getenv("DUMP")) /* DUMP=1 shows the screen */
		fputs(s, stderr);
	has(s, "2026-2027-1 网店运营联考");
	has(s, "试卷 A（满分 25 分；共 2 份试卷，p 切换）");
	has(s, "学校");
	has(s, "第一职业学校");
	has(s, "全体");
	has(s, "成绩分布（各校学生所占比例）");
	has(s, "█");
	/* Chinese and ASCII line up by display width: the numbers under their headers. */
	assert_int_equal(column_of(s, "人数") + text_width("人数"), column_of(s, "   30 ") + 5);
	assert_int_equal(column_of(s, "   30 "), column_of(s, "   67 "));
	/* Nothing below the view's area (rows 22 and 23 are the status and hint lines). */
	char *r22 = row_text(22), *r23 = row_text(23);
	assert_string_equal(r22, "");
	assert_string_equal(r23, "");
	free(r22);
	free(r23);
	free(s);
	pop();
	assert_int_equal(released, 1);
}

static void the_items_and_the_marks(void **state)
{
	(void)state;
	released = 0;
	assert_int_equal(view_results_push(&t, "联考", papers, 2, release, papers), 0);
	draw();
	key('G');
	draw();
	char *s = screen_text();
	has(s, "试题分析");
	has(s, "题号");
	has(s, "区分度D");
	has(s, "优良");
	/* s01 was made far easier on item 4: the comparison's mark, in words. */
	has(s, "第 4 题：第一职业学校 P = 0.796，其他学校 0.233");
	free(s);

	/* p: the other paper, from the top. */
	key('p');
	draw();
	s = screen_text();
	has(s, "试卷 B（满分 25 分");
	has(s, "第三职校");
	free(s);
	pop();
	assert_int_equal(released, 1);
}

static void narrow_and_wide(void **state)
{
	(void)state;
	released = 0;
	struct results_paper alone = { .all = cmp->all };
	assert_int_equal(view_results_push(&t, "期中测验", &alone, 1, release, papers), 0);
	resize_term(24, 100);
	draw();
	char *s = screen_text();
	has(s, "满分 25 分");
	has(s, "全体");
	assert_null(strstr(s, "第一职业学校"));
	free(s);
	key('p');
	has(t.msg.ptr, "只有一份试卷");
	resize_term(24, 80);
	pop();
	assert_int_equal(released, 1);

	/* Nothing to show: refused, released at once, said on the status line. */
	released = 0;
	assert_int_equal(view_results_push(&t, "x", papers, 0, release, papers), JY_EINVAL);
	assert_int_equal(released, 1);
	assert_null(tui_top(&t));
	has(t.msg.ptr, "没有可显示的统计结果");
}

static int setup(void **state)
{
	(void)state;
	static const double pts[6] = { 2, 2, 2, 4, 5, 10 };
	static const char *const files[3][2] = { { "s01", "tests/fixtures/results/s01.utf8bom.csv" },
						 { "s02", "tests/fixtures/results/s02.gbk.csv" },
						 { "s03", "tests/fixtures/results/s03.utf8.csv" } };
	const struct scores_paper a = { "A", pts, 6 };
	struct record *recs[3];
	struct jy_err err = JY_ERR_INIT;
	for (int i = 0; i < 3; i++) {
		struct buf data = BUF_INIT;
		if (editor_read_file(&data, files[i][1], &err) ||
		    scores_parse_csv(&recs[i], NULL, NULL, NULL, NULL, "exam1", files[i][0], &a, 1, data.ptr, data.len, 0, &err))
			fail_msg("%s: %s", files[i][1], err.msg);
		buf_release(&data);
	}
	if (scores_table(&table, (const struct record *const *)recs, 3, "A", &err) || itemstats_compare(&cmp, table, NULL, &err))
		fail_msg("analysis: %s", err.msg);
	for (int i = 0; i < 3; i++)
		record_free(recs[i]);
	papers[0] = (struct results_paper){ .label = "A", .all = cmp->all, .groups = cmp->groups, .ngroups = cmp->ngroups,
		.group_names = names };
	papers[1] = papers[0];
	papers[1].label = "B";

	setlocale(LC_ALL, "C.UTF-8");
	devnull_out = fopen("/dev/null", "w");
	devnull_in = fopen("/dev/null", "r");
	scr = newterm("xterm", devnull_out, devnull_in);
	if (!scr)
		fail_msg("newterm(xterm) failed: is ncurses-base installed?");
	set_term(scr);
	resize_term(24, 80);
	memset(&t, 0, sizeof(t));
	buf_init(&t.msg);
	buf_init(&t.paste);
	buf_init(&t.select_id);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	endwin();
	delscreen(scr);
	fclose(devnull_out);
	fclose(devnull_in);
	for (size_t i = 0; i < TUI_TAB_MAX; i++)
		vec_free(&t.stacks[i]);
	buf_release(&t.msg);
	itemstats_compare_free(cmp);
	itemstats_table_free(table);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_first_screen),
		cmocka_unit_test(the_items_and_the_marks),
		cmocka_unit_test(narrow_and_wide),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
