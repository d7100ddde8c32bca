/* cmd_results: `jiaoyan stats items` (any score table) and a joint exam's results — exam scores import, stats, items, compare, report. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/results.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/text.h"

/* "2,2,5" (Chinese commas too) → points; JY_EUSAGE naming the bad one. */
static int parse_points(struct cli *c, const struct cli_cmd *cmd, const char *s, double **out, size_t *n)
{
	struct buf norm = BUF_INIT;
	struct vec parts = VEC_INIT(free);
	int rc = 0;
	for (const char *p = s; *p; p++) {
		if (strncmp(p, "，", 3) == 0) {
			buf_putc(&norm, ',');
			p += 2;
		} else {
			buf_putc(&norm, *p);
		}
	}
	vec_split(&parts, norm.ptr, ',');
	double *v = xcalloc(parts.len ? parts.len : 1, sizeof(double));
	for (size_t i = 0; i < parts.len && !rc; i++)
		if (schema_parse_number(parts.items[i], &v[i]) != 0 || !(v[i] > 0))
			rc = cli_usage_error(c, cmd->name, L("--points 的第 %zu 项「%s」不是大于 0 的分值（最多一位小数）",
							     "--points item %zu \"%s\" is not a positive number of points (one decimal at most)"),
					     i + 1, (char *)parts.items[i]);
	if (!rc && !parts.len)
		rc = cli_usage_error(c, cmd->name, "%s", L("--points 需要各题分值，如 2,2,5", "--points needs the item points, e.g. 2,2,5"));
	if (rc) {
		free(v);
	} else {
		*out = v;
		*n = parts.len;
	}
	buf_release(&norm);
	vec_free(&parts);
	return rc;
}

/* The rows of paper `want`, or all when the table has one paper (or no 试卷 column). */
static int pick_paper(struct cli *c, struct itemstats_table **t, const char *want, const char **label)
{
	struct vec labels = VEC_INIT(free);
	struct itemstats_table *in = *t;
	int rc = 0;
	for (size_t i = 0; i < in->n; i++)
		if (in->papers[i] && !vec_has_str(&labels, in->papers[i]))
			vec_push_str(&labels, in->papers[i]);
	if (want && !vec_has_str(&labels, want)) {
		rc = err_set(&c->err, JY_EINVAL, L("成绩表没有试卷 %s 的成绩", "the table has no scores of paper %s"), want);
	} else if (!want && labels.len > 1) {
		rc = err_set(&c->err, JY_EINVAL,
			     L("成绩表含 %s、%s 两种试卷：两卷的题目不同，不能合在一起分析，请用 --paper 选一种",
			       "the table holds papers %s and %s, whose items differ: pick one with --paper"),
			     (char *)labels.items[0], (char *)labels.items[1]);
	} else if (want) {
		size_t *rows = xcalloc(in->n, sizeof(size_t)), m = 0;
		for (size_t i = 0; i < in->n; i++)
			if (in->papers[i] && strcmp(in->papers[i], want) == 0)
				rows[m++] = i;
		*t = itemstats_table_rows(in, rows, m);
		itemstats_table_free(in);
		free(rows);
	}
	if (!rc)
		*label = want ? want : labels.len ? (const char *)(*t)->papers[0] : "";
	vec_free(&labels);
	return rc;
}

static void print_rows(struct vec *rows, int tsv)
{
	cli_table(stdout, rows, tsv);
	vec_clear(rows);
}

/* The distribution as bars of block characters, scaled to the largest band. */
static void print_bars(const struct itemstats_paper *pp)
{
	struct buf line = BUF_INIT;
	size_t top = 1;
	for (size_t b = 0; b < ITEMSTATS_NBANDS; b++)
		if (pp->bands[b] > top)
			top = pp->bands[b];
	for (size_t b = 0; b < ITEMSTATS_NBANDS; b++) {
		struct buf label = BUF_INIT;
		buf_reset(&line);
		results_band_label(&label, b);
		buf_puts(&line, "  ");
		text_pad(&line, label.ptr, 8, 1);
		buf_printf(&line, " %5zu  ", pp->bands[b]);
		results_bar(&line, (double)pp->bands[b] / (double)top, 40);
		buf_putc(&line, '\n');
		fputs(line.ptr, stdout);
		buf_release(&label);
	}
	buf_release(&line);
}

static void print_table(const struct results_paper *p, const char *file, int inferred)
{
	struct vec rows = VEC_INIT(cli_row_free);
	struct buf head = BUF_INIT, full = BUF_INIT;
	const struct itemstats_paper *pp = &p->all->paper;
	itemstats_fmt(&full, pp->full, pp->full == (double)(long)pp->full ? 0 : 1);
	buf_printf(&head, L("%s%s%s：%zu 名学生，%zu 道题，满分 %s 分（%s）\n\n", "%s%s%s: %zu students, %zu items, full marks %s (%s)\n\n"),
		   strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file, *p->label ? L(" 试卷 ", " paper ") : "", p->label,
		   pp->n, p->all->k, full.ptr,
		   inferred ? L("各题满分取该题最高得分", "each item's maximum taken from its highest score")
			    : L("各题满分按 --points", "item maxima from --points"));
	cli_print(stdout, head.ptr);
	results_stats_rows(&rows, p, 0);
	print_rows(&rows, 0);
	buf_reset(&head);
	itemstats_fmt(&head, pp->alpha, 4);
	printf(L("\nα = %s，试卷难度 = ", "\nα = %s, paper difficulty = "), head.ptr);
	buf_reset(&head);
	itemstats_fmt(&head, pp->difficulty, 3);
	printf("%s\n\n%s\n", head.ptr, L("成绩分布（人数）", "Distribution (students)"));
	print_bars(pp);
	printf("\n%s\n", L("试题分析", "Items"));
	results_item_rows(&rows, p, 0);
	print_rows(&rows, 0);
	vec_free(&rows);
	buf_release(&head);
	buf_release(&full);
}

int cmd_stats_items(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const char *file = cli_operand(a, 0), *format = cli_opt(a, "--format"), *points_opt = cli_opt(a, "--points");
	struct buf data = BUF_INIT, out = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	struct itemstats_table *t = NULL;
	struct itemstats_result *r = NULL;
	double *points = NULL;
	size_t npoints = 0;
	const char *label = "";
	int rc = 0;
	if (!format)
		format = "table";
	if (strcmp(format, "xlsx") == 0 && isatty(STDOUT_FILENO))
		return cli_usage_error(c, cmd->name, "%s",
				       L("xlsx 是二进制文件，请重定向到文件：… --format xlsx > 成绩分析.xlsx",
					 "xlsx is a binary file: redirect it, … --format xlsx > results.xlsx"));
	if (points_opt && (rc = parse_points(c, cmd, points_opt, &points, &npoints)))
		goto cleanup;
	if ((rc = editor_read_file(&data, file, &c->err)))
		goto cleanup;
	struct itemstats_csv_opts o = { points, npoints, cli_flag(a, "--blank-zero") };
	rc = itemstats_read_csv(&t, NULL, &problems, data.ptr, data.len, &o, &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		fputs("jiaoyan: ", stderr);
		cli_print(stderr, problems.items[i]);
		fputc('\n', stderr);
	}
	if (rc || (rc = pick_paper(c, &t, cli_opt(a, "--paper"), &label)))
		goto cleanup;
	struct itemstats_opts opts = ITEMSTATS_OPTS_INIT;
	if ((rc = itemstats_compute(&r, t, &opts, &c->err)))
		goto cleanup;
	if (t->points_inferred)
		fputs(L("注意：没有给出 --points，各题满分取该题的最高得分；没有人得满分的题，难度会偏高估计\n",
			"note: no --points, so each item's maximum is its highest score; an item nobody got full marks on reads easier than it is\n"),
		      stderr);
	struct results_paper paper = { .label = label, .all = r };
	if (strcmp(format, "table") == 0) {
		print_table(&paper, file, t->points_inferred);
	} else if (strcmp(format, "tsv") == 0) {
		struct vec rows = VEC_INIT(cli_row_free);
		results_stats_rows(&rows, &paper, 1);
		print_rows(&rows, 1);
		results_item_rows(&rows, &paper, 1);
		print_rows(&rows, 1);
		vec_free(&rows);
	} else {
		struct buf title = BUF_INIT, n = BUF_INIT;
		buf_printf(&title, L("试题分析：%s", "Item analysis: %s"), strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file);
		buf_printf(&n, "%zu", t->n);
		const struct results_pair meta[] = {
			{ L("成绩表", "score table"), strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file },
			{ L("学生人数", "students"), n.ptr },
			{ L("各题满分", "item maxima"), t->points_inferred ? L("取该题最高得分", "the highest score of each item") : points_opt },
		};
		struct results_report rep = { .title = title.ptr, .meta = meta, .nmeta = 3, .papers = &paper, .npapers = 1, .opts = opts };
		if (strcmp(format, "html") == 0) {
			if ((rc = results_html(&out, &rep, &c->err)) == 0)
				rc = cli_write_output("-", out.ptr, out.len, &c->err);
		} else {
			rc = results_xlsx(stdout, &rep, id_now(), &c->err);
		}
		buf_release(&title);
		buf_release(&n);
	}
cleanup:
	itemstats_result_free(r);
	itemstats_table_free(t);
	free(points);
	buf_release(&data);
	buf_release(&out);
	vec_free(&problems);
	return rc;
}

/* ---- a joint exam's results ---- */

static int refuse_xlsx_tty(struct cli *c, const struct cli_cmd *cmd, const char *format)
{
	if (strcmp(format, "xlsx") == 0 && isatty(STDOUT_FILENO))
		return cli_usage_error(c, cmd->name, "%s",
				       L("xlsx 是二进制文件，请重定向到文件：… --format xlsx > 成绩分析.xlsx",
					 "xlsx is a binary file: redirect it, … --format xlsx > results.xlsx"));
	return 0;
}

int cmd_exam_scores_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const char *file = cli_operand(a, 1);
	struct store *s;
	struct actor *actor;
	struct buf data = BUF_INIT, school = BUF_INIT, name = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	const char *enc = NULL;
	size_t n = 0;
	int rc;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)))
		goto cleanup;
	if (cli_opt(a, "--school")) {
		if ((rc = records_ref(&school, s, "school", cli_opt(a, "--school"), &c->err)))
			goto cleanup;
	} else if (actor->school) {
		buf_puts(&school, actor->school);
	} else {
		rc = cli_usage_error(c, cmd->name, "%s", L("需要 --school：你不属于任何学校", "needs --school: you belong to no school"));
		goto cleanup;
	}
	if ((rc = editor_read_file(&data, file, &c->err)))
		goto cleanup;
	rc = sitting_import(&n, &enc, &problems, s, actor, cli_operand(a, 0), school.ptr, data.ptr, data.len, cli_flag(a, "--blank-zero"),
			    &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		fputs("jiaoyan: ", stderr);
		cli_print(stderr, problems.items[i]);
		fputc('\n', stderr);
	}
	if (rc == 0) {
		records_name(&name, s, "school", school.ptr);
		buf_printf(&name, L("：已导入 %zu 名学生的成绩（%s，%s 编码）\n", ": imported the scores of %zu students (%s, %s)\n"), n,
			   strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file, enc ? enc : "?");
		cli_print(stdout, name.ptr);
	}
cleanup:
	buf_release(&data);
	buf_release(&school);
	buf_release(&name);
	vec_free(&problems);
	return rc;
}

/* What the analysis commands share: the sitting with scores, the school asked for, the papers to print. */
struct asked {
	struct sitting *st;
	struct buf school; /* id, "" for every school */
	size_t first, last; /* papers [first, last) */
};

static void asked_release(struct asked *q)
{
	sitting_free(q->st);
	buf_release(&q->school);
}

static int load_asked(struct asked *q, struct cli *c, const struct cli_args *a)
{
	struct store *s;
	const char *paper = cli_opt(a, "--paper");
	int rc;
	memset(q, 0, sizeof(*q));
	buf_init(&q->school);
	if ((rc = cli_store(c, &s)) || (rc = sitting_load(&q->st, s, cli_operand(a, 0), &c->err)))
		return rc;
	if (!q->st->papers.len)
		return err_set(&c->err, JY_EINVAL, "%s", L("还没有学校报送这场联考的成绩", "no school has reported scores of this exam yet"));
	if (cli_opt(a, "--school") && (rc = records_ref(&q->school, s, "school", cli_opt(a, "--school"), &c->err)))
		return rc;
	if (q->school.len && !vec_has_str(&q->st->reported, q->school.ptr))
		return err_set(&c->err, JY_EINVAL, L("%s 还没有报送这场联考的成绩", "%s has not reported scores of this exam yet"), q->school.ptr);
	q->last = q->st->papers.len;
	if (paper) {
		long i = sitting_paper_index(q->st, paper);
		if (i < 0)
			return err_set(&c->err, JY_EINVAL, L("没有试卷 %s 的成绩", "there are no scores of paper %s"), paper);
		q->first = (size_t)i;
		q->last = q->first + 1;
	}
	return 0;
}

static void paper_heading(const struct results_paper *p, const struct sitting *st, size_t npapers)
{
	struct buf b = BUF_INIT, full = BUF_INIT;
	const struct itemstats_paper *pp = &p->all->paper;
	itemstats_fmt(&full, pp->full, pp->full == floor(pp->full) ? 0 : 1);
	buf_printf(&b, L("试卷 %s：%zu 道题，满分 %s 分，%zu 名学生%s\n", "paper %s: %zu items, full marks %s, %zu students%s\n"), p->label,
		   p->all->k, full.ptr, pp->n,
		   npapers > 1 ? L("（A、B 卷题目不同，分卷统计）", " (A and B differ: each paper apart)") : "");
	(void)st;
	cli_print(stdout, b.ptr);
	buf_release(&b);
	buf_release(&full);
}

/* Students per band: one column per school, then all, then the pooled share as a bar. */
static void band_table(const struct results_paper *p)
{
	struct vec rows = VEC_INIT(cli_row_free);
	struct vec *h = cli_row_new();
	struct buf b = BUF_INIT;
	size_t top = 1;
	vec_push_str(h, L("分数段", "band"));
	for (size_t i = 0; i < p->ngroups; i++)
		vec_push_str(h, p->group_names && p->group_names[i] ? p->group_names[i] : p->groups[i].name);
	vec_push_str(h, L("全体", "all"));
	vec_push_str(h, "");
	vec_push(&rows, h);
	for (size_t band = 0; band < ITEMSTATS_NBANDS; band++)
		if (p->all->paper.bands[band] > top)
			top = p->all->paper.bands[band];
	for (size_t band = 0; band < ITEMSTATS_NBANDS; band++) {
		struct vec *r = cli_row_new();
		buf_reset(&b);
		results_band_label(&b, band);
		vec_push_str(r, b.ptr);
		for (size_t i = 0; i < p->ngroups; i++)
			vec_push(r, xasprintf("%zu", p->groups[i].stats->paper.bands[band]));
		vec_push(r, xasprintf("%zu", p->all->paper.bands[band]));
		buf_reset(&b);
		results_bar(&b, (double)p->all->paper.bands[band] / (double)top, 24);
		vec_push_str(r, b.ptr);
		vec_push(&rows, r);
	}
	cli_table(stdout, &rows, 0);
	vec_free(&rows);
	buf_release(&b);
}

enum what { WHAT_STATS, WHAT_ITEMS, WHAT_COMPARE };

static int exam_results(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a, enum what what)
{
	struct asked q;
	struct vec rows = VEC_INIT(cli_row_free);
	int tsv = cli_tsv(a), rc;
	(void)cmd;
	if ((rc = load_asked(&q, c, a)))
		goto cleanup;
	const char *school = q.school.len ? q.school.ptr : NULL;
	for (size_t i = q.first; i < q.last; i++) {
		struct results_paper v;
		/* A school's item table is its own analysis; its figures and comparison stand beside the group's. */
		if (sitting_view(&v, q.st, i, school, what == WHAT_ITEMS, NULL) != 0)
			continue;
		if (!tsv) {
			if (i > q.first)
				fputc('\n', stdout);
			paper_heading(&v, q.st, q.st->papers.len);
		}
		if (what == WHAT_STATS) {
			results_stats_rows(&rows, &v, tsv);
			print_rows(&rows, tsv);
			if (!tsv) {
				struct buf line = BUF_INIT;
				buf_puts(&line, L("\n全体 α = ", "\nall: α = "));
				itemstats_fmt(&line, v.all->paper.alpha, 4);
				buf_puts(&line, L("，试卷难度 = ", ", paper difficulty = "));
				itemstats_fmt(&line, v.all->paper.difficulty, 3);
				buf_printf(&line, "\n\n%s\n", L("成绩分布（人数）", "Distribution (students)"));
				cli_print(stdout, line.ptr);
				buf_release(&line);
				band_table(&v);
			}
		} else if (what == WHAT_ITEMS) {
			if (!tsv && school)
				printf(L("（%s 本校学生单独分析）\n", "(the students of %s alone)\n"), school);
			results_item_rows(&rows, &v, tsv);
			print_rows(&rows, tsv);
		} else {
			results_compare_rows(&rows, &v, tsv);
			print_rows(&rows, tsv);
			if (!tsv)
				printf("%s\n\n", L("* 该校得分率与其他学校合计相差超过 0.2（该校至少 20 人）",
						   "* the school's P differs from the other schools' pooled P by more than 0.2 (at least 20 students)"));
			results_stats_rows(&rows, &v, tsv);
			print_rows(&rows, tsv);
		}
	}
cleanup:
	asked_release(&q);
	vec_free(&rows);
	return rc;
}

int cmd_exam_stats(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	return exam_results(c, cmd, a, WHAT_STATS);
}

int cmd_exam_items(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	return exam_results(c, cmd, a, WHAT_ITEMS);
}

int cmd_exam_compare(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	return exam_results(c, cmd, a, WHAT_COMPARE);
}

int cmd_exam_report(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	const char *format = cli_opt(a, "--format");
	struct asked q;
	struct buf out = BUF_INIT;
	struct results_report rep;
	int rc;
	if ((rc = refuse_xlsx_tty(c, cmd, format)))
		return rc;
	memset(&q, 0, sizeof(q));
	if ((rc = load_asked(&q, c, a)))
		goto cleanup;
	sitting_report(&rep, q.st);
	if (strcmp(format, "html") == 0) {
		if ((rc = results_html(&out, &rep, &c->err)) == 0)
			rc = cli_write_output("-", out.ptr, out.len, &c->err);
	} else {
		rc = results_xlsx(stdout, &rep, id_now(), &c->err);
	}
cleanup:
	asked_release(&q);
	buf_release(&out);
	return rc;
}
