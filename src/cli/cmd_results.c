/* cmd_results: `jiaoyan stats items` — the item analysis of any score table, as a table, tsv, HTML or XLSX. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/results.h"
#include "jiaoyan/schema.h"
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
