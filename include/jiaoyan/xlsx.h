/* xlsx: Excel workbooks (sheets, header blocks, typed cells, native charts) on libxlsxwriter, streamed to a FILE*. */
#ifndef JIAOYAN_XLSX_H
#define JIAOYAN_XLSX_H

#include <stddef.h>
#include <stdio.h>
#include <time.h>

#include "jiaoyan/err.h"

/*
 * A thin layer over libxlsxwriter 1.1.4 that gives every workbook of the
 * program the same look and the same safety:
 *
 *  - libxlsxwriter writes to a file name; we give it a private temporary
 *    file made with mkstemp(3) in $TMPDIR (else /tmp), and xlsx_write_to()
 *    copies it to any FILE* (standard output included) and removes it. No
 *    temporary file is left behind, on success or error. libxlsxwriter's
 *    own scratch files go to the same directory.
 *  - Text is always written as a string cell: "=1+1", "+86…", "-", "@x" stay
 *    text, never formulas. Numbers are numbers, with a number format when
 *    asked ("0.00", "0.0%"); NaN and infinities become blank cells (Excel has
 *    no NaN). Formulas are written only with their cached result
 *    (worksheet_write_formula_num), so readers that do not recalculate —
 *    and our own tests — see the value.
 *  - Column widths are set from the display width of what was written (CJK
 *    = 2 columns, core/text's text_width), + 2 for padding, between
 *    XLSX_COL_MIN and XLSX_COL_MAX; a text longer than the maximum, or with
 *    a newline, is wrapped in its cell. The title and the header block do not
 *    count: their text runs over the empty cells to their right.
 *  - Table cells have thin borders; header cells are bold on grey, centred.
 *    Sheets print on A4, fitted to one page wide, the table's header row
 *    repeated on every printed page.
 *  - Errors: every call returns 0 or a negative JY_* code. The first failure
 *    is also kept in the workbook (with the sheet and cell it concerns) and
 *    returned again by xlsx_write_to(), so a caller may write a whole table
 *    and check once at the end. libxlsxwriter's messages are translated into
 *    jy_err messages; we validate what it would complain about (sheet names,
 *    ranges, string length) before calling it, because libxlsxwriter itself
 *    prints warnings to stderr — only a failure while assembling the file
 *    (disk full) can still make it print.
 *
 * Rows and columns are 0-based (row 0, col 0 = A1). Limits: 1,048,576 rows,
 * 16,384 columns, 32,767 characters a cell (JY_EINVAL beyond).
 * Not thread-safe; one workbook per thread.
 */

#define XLSX_COL_MIN 8
#define XLSX_COL_MAX 60

struct xlsx;       /* a workbook being built */
struct xlsx_sheet; /* a worksheet; owned by its workbook, valid until the workbook is written or freed */

/*
 * Starts a workbook whose temporary file is created now (so an unwritable
 * $TMPDIR fails here, with JY_EIO naming the directory, not after the
 * caller did all the work). `created` is the creation time stored in the
 * file's properties (0 = now); pass a fixed time for byte-identical output
 * (libxlsxwriter dates the zip entries 1980-01-01 itself).
 * On success *out owns the workbook: end with xlsx_write_to or xlsx_free.
 */
int xlsx_new(struct xlsx **out, time_t created, struct jy_err *err);

/* Abandons a workbook: frees it and removes its temporary file. NULL is fine. */
void xlsx_free(struct xlsx *x);

/*
 * Adds a worksheet; *out is borrowed (owned by x). Names follow Excel's
 * rules, checked here: 1 to 31 characters (Chinese counts 1 a character),
 * none of [ ] : * ? / \, not starting or ending with an apostrophe, unique
 * (ignoring ASCII case), valid UTF-8 without control characters.
 * JY_EINVAL naming the rule otherwise.
 */
int xlsx_add_sheet(struct xlsx_sheet **out, struct xlsx *x, const char *name, struct jy_err *err);

/* A label with its value, for the header block. */
struct xlsx_pair {
	const char *label;
	const char *value;
};

/*
 * Writes a title (bold, 14 pt; NULL or "" for none) in A1 and below it one
 * row per pair: the label in column A (bold), the value in column B, then
 * an empty row. Returns the first free row after it in *next_row (may be
 * NULL), which is where the table goes:
 *   学年学期 | 2026-2027-1
 *   学校     | 第一职业学校
 *   填表人   | 张伟
 */
int xlsx_header_block(unsigned *next_row, struct xlsx_sheet *s, const char *title, const struct xlsx_pair *pairs,
	size_t n);

/*
 * Writes a table's header row at `row` from column 0 (bold, grey, borders,
 * wrapped), freezes the panes below it (and right of the first
 * `freeze_cols` columns, 0 for none) and repeats it on every printed page.
 */
int xlsx_table_header(struct xlsx_sheet *s, unsigned row, const char *const *headers, size_t n,
	unsigned freeze_cols);

/* Style flags for the cell writers. */
enum {
	XLSX_PLAIN = 1,  /* no border (notes around a table) */
	XLSX_BOLD = 2,
	XLSX_WRAP = 4,   /* wrap text in the cell (set by itself for long or multi-line text) */
	XLSX_CENTER = 8,
};

/* A string cell. NULL or "" writes a blank (bordered unless XLSX_PLAIN) cell. */
int xlsx_text(struct xlsx_sheet *s, unsigned row, unsigned col, const char *text, int flags);

/* A number cell; num_format NULL = General, else an Excel format such as
 * "0", "0.00", "0.0%" (0.853 shows as 85.3%). NaN / infinity: a blank cell. */
int xlsx_number(struct xlsx_sheet *s, unsigned row, unsigned col, double v, const char *num_format, int flags);

/* A formula (with or without the leading '=', e.g. "=SUM(B2:B9)") and its
 * cached result, which the caller computes; num_format as for numbers. */
int xlsx_formula(struct xlsx_sheet *s, unsigned row, unsigned col, const char *formula, double cached,
	const char *num_format, int flags);

int xlsx_bool(struct xlsx_sheet *s, unsigned row, unsigned col, int value, int flags);
int xlsx_blank(struct xlsx_sheet *s, unsigned row, unsigned col, int flags);

/* One past the last row written on the sheet so far (0 when empty). */
unsigned xlsx_next_row(const struct xlsx_sheet *s);

/* A rectangle of cells on the sheet the chart is placed on. */
struct xlsx_range {
	unsigned first_row, first_col, last_row, last_col;
};

struct xlsx_series {
	const char *name;              /* legend text; may be NULL */
	struct xlsx_range categories;  /* x labels (column/bar/line) or x values (scatter) */
	struct xlsx_range values;      /* y values */
};

enum xlsx_chart_kind {
	XLSX_COLUMN, /* vertical bars, series side by side */
	XLSX_BAR,    /* horizontal bars */
	XLSX_LINE,
	XLSX_SCATTER, /* markers only; categories are the x values */
};

struct xlsx_chart {
	enum xlsx_chart_kind kind;
	const char *title;   /* may be NULL */
	const char *x_title; /* horizontal axis (the values of an XLSX_BAR chart); may be NULL */
	const char *y_title; /* vertical axis; may be NULL */
	const struct xlsx_series *series;
	size_t nseries;
	int legend;          /* 0 auto (shown when more than one series), 1 always, -1 never */
	const char *value_format; /* number format of the value axis ("0%"), NULL = from the cells */
	unsigned row, col;   /* top-left cell where the chart is placed */
	double scale;        /* size relative to Excel's default 480 × 288 px chart; 0 = 1 */
};

/*
 * A native Excel chart of cell ranges of sheet s, placed on s. Series get
 * the colours of svg_series_colour(), so an exported workbook looks like the
 * printed page. Needs 1..255 series with ranges inside the sheet limits
 * (JY_EINVAL otherwise). libxlsxwriter reads a title or name starting with
 * '=' as a cell formula, so such a leading '=' is written as the full-width
 * '＝' (U+FF1D) instead: names are always text.
 */
int xlsx_chart(struct xlsx_sheet *s, const struct xlsx_chart *c);

/*
 * Finishes the workbook: sets the column widths, has libxlsxwriter write
 * the file, copies it to fp and removes the temporary file. x is freed in
 * every case. Returns the first error recorded while building (nothing is
 * written to fp then), a libxlsxwriter error translated, or JY_EIO when
 * fp cannot be written (fp may then hold part of the file).
 */
int xlsx_write_to(struct xlsx *x, FILE *fp, struct jy_err *err);

#endif
