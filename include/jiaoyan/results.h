/* results: an item analysis as people read it — text tables (CLI, tsv), block-character bars, the HTML report and the XLSX workbook. */
#ifndef JIAOYAN_RESULTS_H
#define JIAOYAN_RESULTS_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/itemstats.h"
#include "jiaoyan/record.h"
#include "jiaoyan/vec.h"

/*
 * The numbers come from itemstats (one implementation); this module only
 * lays them out, the same way for every front end: `jiaoyan stats items`
 * (a score table of one's own), the joint exam's stats / items / compare /
 * report commands, the TUI's results view and the term ledger.
 *
 * Nothing here reads the store: the caller passes the analysis and the
 * words to print (exam title, school names) as plain strings, all
 * borrowed for the duration of the call.
 */

/* One paper's analysis. */
struct results_paper {
	const char *label;                    /* "A", "B"; NULL or "" for a table without a 试卷 column */
	const struct itemstats_result *all;   /* every student pooled (required) */
	const struct itemstats_group *groups; /* per school, sorted (itemstats_compare's groups); NULL with ngroups 0 */
	size_t ngroups;
	const char *const *group_names;       /* ngroups display names ("第一职校"), NULL: the group labels (ids) */
	const char *const *item_labels;       /* k item numbers as printed ("1", "2"…), NULL: 1…k */
	const char *const *item_ids;          /* k question ids (an entry may be NULL), NULL: none */
};

/* A label and its value for the report's header block ("课程", "网店运营"). */
struct results_pair {
	const char *label;
	const char *value;
};

struct results_report {
	const char *title;                 /* "2026–2027-1 网店运营联考 成绩分析" */
	const struct results_pair *meta;   /* printed under the title; may be NULL */
	size_t nmeta;
	const struct results_paper *papers; /* npapers ≥ 1 */
	size_t npapers;
	struct itemstats_opts opts;        /* the thresholds the analysis used (named in the notes) */
};

/*
 * The thresholds of the group's analyses, from group.ini [results] (whole
 * percentages: pass 1…100, default 60; excellent 1…100, default 85; group
 * 1…50, default 27). group may be NULL (no group.ini): the defaults.
 */
void results_opts_of_group(struct itemstats_opts *out, const struct record *group);

/* ---- text: rows for cli_table (a vec of struct vec * rows of owned strings; the first row is the header) ---- */

/*
 * The paper figures, one row per school (group label in tsv, display name
 * otherwise) then the pooled row named "all" (全体 in a table). tsv columns:
 *   school n mean sd median min max pass_rate excellent_rate alpha
 * with 4 decimals, alpha 7, rates as shares 0…1, "NA" when undefined.
 * The table uses 2 decimals, rates as percentages and α with 4.
 * Rows are appended to rows (free_item should free a row: cli_row_free).
 */
void results_stats_rows(struct vec *rows, const struct results_paper *p, int tsv);

/*
 * One row per item. tsv columns:
 *   paper no question points p d r_pb r_it alpha_drop flags
 * paper = the label ("" without one), no = the item label, question = the
 * question id ("" without one), points as stored (2, 1.5), p d r_pb r_it
 * alpha_drop with 4 decimals, flags = results_flag_codes. The table shows
 * the flags in words and 3 decimals.
 */
void results_item_rows(struct vec *rows, const struct results_paper *p, int tsv);

/*
 * Items × schools. tsv: one row per item and school, the pooled row "all"
 * first:  paper no school n p d p_others marked
 * (p_others: P of the other schools pooled, NA for "all" and a lone school;
 * marked: 1 when |p − p_others| > 0.2 with at least 20 students, else 0).
 * The table is wide: 题号, then P and D of 全体 and of each school, a "*"
 * after a marked P.
 */
void results_compare_rows(struct vec *rows, const struct results_paper *p, int tsv);

/* Codes of the flags set, for scripts: low_d, neg_r, easy, hard (in that order) joined by ','; "" for none. */
void results_flag_codes(struct buf *out, unsigned flags);

/* The label of distribution band b (0…9): "0–10%" … "90–100%". */
void results_band_label(struct buf *out, size_t band);

/*
 * A horizontal bar of share (0…1, clamped; NaN draws nothing) of `cols`
 * terminal columns in block characters: whole cells "█", the last cell an
 * eighth-step block (▏▎▍▌▋▊▉), so 1/8 of a cell is the resolution. Appends
 * at most cols columns and no padding.
 */
void results_bar(struct buf *out, double share, int cols);

/* ---- documents ---- */

/*
 * The whole analysis as one self-contained HTML page (html.h: inline CSS,
 * print layout, every text escaped): the header block, then per paper the
 * school summary, the score distribution per school as grouped bars (share
 * of each school's students per 10% band) with the counts beneath, the item
 * table with flags and Ebel's band, the P–D scatter with the D = 0.2 line,
 * and with schools the P heat table (items × schools), D per school with
 * the marks, and the marked items in words; the conventions in a note.
 * Appended to out. JY_EINVAL when r has no paper or a paper has no
 * analysis (nothing appended then).
 */
int results_html(struct buf *out, const struct results_report *r, struct jy_err *err);

/*
 * The same as an Excel workbook written to fp (xlsx.h): sheets 汇总 (header
 * block, school summary, distribution counts, a native column chart),
 * 各校对比 (P and D of 全体 and each school per item, the marks, a column
 * chart of P) and 试题分析 (the item table, a native scatter of P against
 * D). Values are written as values with number formats (rates "0.0%").
 * created: the file's creation time (0 = now; fixed for identical bytes).
 * Errors as results_html, or the workbook's (nothing written to fp then).
 */
int results_xlsx(FILE *fp, const struct results_report *r, time_t created, struct jy_err *err);

#endif
