/* ledger: the term work ledger (工作台账) — one set of figures per member school and term, for the CLI, the TUI and the files. */
#ifndef JIAOYAN_LEDGER_H
#define JIAOYAN_LEDGER_H

#include <stddef.h>
#include <time.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/typeops.h"
#include "jiaoyan/vec.h"

/*
 * The ledger of term T for one school or for every member school: the
 * register a member school keeps of the group's work (the group plan,
 * 建立工作台账). It is built once (ledger_build) into a plain model —
 * sections of tables of cells, with the charts each table asks for — and
 * every front end only renders that model: `jiaoyan report ledger` (table,
 * tsv, csv, html, xlsx), the TUI's 台账 view, and the files. The figures
 * come from the domain functions the other screens use (plan.h,
 * observation.h, sitting.h, seminar.h, exchange.h), never recomputed
 * differently.
 *
 * Sections, in order (numbered 一、二、… as they come):
 *  - 授课计划备案: the filings made during T, i.e. those for the term after
 *    T, due in T (plan_due): per school and specialty it runs, the first
 *    submission against the due date (on time, or late by N days; not yet
 *    filed and past due: overdue by N days), review rounds, returns with the
 *    reviewers' comments and whether they were rectified (a later revision
 *    was submitted), the state now (plan_status, plan_list);
 *  - 听课评课: per school the term's observations by kind, teachers covered
 *    out of the roster, mean total and grade bands (obs_stats, with what
 *    the viewer may see), whether one round of 衔接检查 and one of 集体备课
 *    took place; per person with a quota, observations by kind against it;
 *    charts: observations per school, coverage per school;
 *  - 联考: per exam of T (by date) and per paper (A and B apart), each
 *    school of the ledger: whether it takes part (exam.schools), whether
 *    it reported (marked once the exam date has passed without scores),
 *    students, mean, pass and excellence rates and the items where it is
 *    far off the other schools; beside them the pooled row (every
 *    reporting school's students, the group's figures) with the items
 *    flagged for revision (sitting_load, itemstats, group.ini [results]);
 *    chart: the mean per school and pooled;
 *  - 研讨会议与师资互派: the term's seminars with who of each school
 *    attended and the items of that school's people by state; the
 *    exchanges that overlap T involving the schools; the school year's
 *    quota per specialty (exchange_quotas) with what is missing;
 *  - 事项台账: every item of work as schools keep it (工作内容, 责任人, 完成
 *    时限, 实际完成时间, 完成情况, 备注): seminar action items of the
 *    schools' people (open ones of any term until done, done ones of T),
 *    the filings, unmet observation quotas and missing rounds; overdue
 *    ones marked.
 * A section is one function in ledger.c's table of sections.
 */

enum ledger_kind {
	LEDGER_TEXT,
	LEDGER_INT,  /* a count */
	LEDGER_NUM,  /* one decimal (a mean total) */
	LEDGER_PCT,  /* a fraction 0..1 shown as a percentage */
};

struct ledger_cell {
	enum ledger_kind kind;
	char *text;   /* what is shown (numbers formatted, "—" for none); owned, never NULL */
	double value; /* numbers; NaN when there is none */
	int mark;     /* needs attention (overdue, late, missing): bold in files, highlighted on screen */
};

/* A chart of a table: the categories are one column's cells, one series per value column. */
struct ledger_chart {
	int bar;            /* 0: vertical columns; 1: horizontal bars */
	char *title;
	char *axis;         /* the value axis' title; may be NULL */
	size_t label_col;
	size_t *value_cols; /* nvalues column indexes (owned) */
	size_t nvalues;
	int percent;        /* values are fractions, shown as percentages */
};

struct ledger_row {
	struct ledger_cell *cells; /* one per column, owned */
};

struct ledger_table {
	char *title;
	struct vec columns; /* owned char *: the header row */
	struct vec rows;    /* struct ledger_row *, owned */
	struct vec charts;  /* struct ledger_chart *, owned */
	char *empty;        /* what to say when there are no rows; owned */
};

struct ledger_section {
	const char *key;   /* "plans", "observations", "exams", "seminars", "items" (static) */
	char *title;       /* without its number: "授课计划备案" */
	struct vec notes;  /* owned char *: what the section counts, shown under its title */
	struct vec tables; /* struct ledger_table *, owned */
};

/* One line of the header block every file starts with (学年学期, 学校, 填表人, 审核人, 填表日期). */
struct ledger_pair {
	const char *label; /* static */
	char *value;       /* owned; "" = to be filled in by hand */
};

#define LEDGER_HEADER 5

struct ledger {
	char term[12];
	char next[12];     /* the filing term of section 1 */
	char year[10];     /* the school year of T */
	char today[11];
	char *group;       /* the group's name */
	char *title;       /* "工作台账" with the group and term */
	struct vec schools;      /* owned school ids */
	struct vec school_names; /* owned, parallel */
	struct ledger_pair header[LEDGER_HEADER];
	struct vec sections;     /* struct ledger_section *, owned */
};

/*
 * Who may see a school's ledger: the admins of that school, and the admins
 * of the lead college (every school's; school NULL = all member schools,
 * theirs alone). 0 or JY_EPERM naming the rule.
 */
int ledger_may(struct store *s, const struct actor *a, const char *school, struct jy_err *err);

/*
 * Builds the ledger of term (NULL = the group's current term) for school
 * (an id; NULL = every member school) as actor a sees it (v: the viewer,
 * may be NULL = everything; a: for ledger_may and the 填表人 line).
 * JY_EINVAL for a bad term, JY_ENOTFOUND for an unknown school, JY_EPERM
 * from ledger_may. *out is owned by the caller (ledger_free).
 */
int ledger_build(struct ledger **out, struct store *s, const struct actor *a, struct viewer *v, const char *term,
		 const char *school, struct jy_err *err);
void ledger_free(struct ledger *l);

/* "一、授课计划备案": section i's title with its number, appended to out. */
void ledger_section_title(struct buf *out, const struct ledger *l, size_t i);

/*
 * The files. Record text is escaped in each (HTML: html.h escaping; XLSX:
 * string cells, never formulas; CSV: csv_put_text's formula guard).
 *  - html: one self-contained printable A4 page (html.h) with an inline SVG
 *    chart (svg.h) per table chart and a signature line;
 *  - xlsx: one sheet per section, each with the header block, frozen header
 *    rows, CJK column widths by display width, and a native chart per table
 *    chart (xlsx.h); `created` fixes the file's timestamp (0 = now);
 *  - csv: UTF-8 with BOM and CRLF, the header block, then per table a title
 *    row, its header row and its rows, tables separated by an empty row.
 * Appended to out; JY_EIO / JY_EINVAL from the writers (nothing appended).
 */
int ledger_html(struct buf *out, const struct ledger *l, struct jy_err *err);
int ledger_xlsx(struct buf *out, const struct ledger *l, time_t created, struct jy_err *err);
void ledger_csv(struct buf *out, const struct ledger *l);

#endif
