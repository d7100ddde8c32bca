/* rostercsv: the roster as a table — CSV import and export with a Chinese header, and rows pasted from a spreadsheet. */
#ifndef JIAOYAN_ROSTERCSV_H
#define JIAOYAN_ROSTERCSV_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * The table of people (people/<id>.ini) as academic affairs keep it in
 * Excel. The header row names the columns, in any order:
 *
 *   工号 姓名 学校 角色 职称 是否双师型 是否有教师资格 专业 登录名
 *
 * 工号 is required (it is the record's id: a row whose 工号 exists updates
 * that person, never adds a second one); 姓名 and 学校 are required for a
 * new person. Cells as people type them:
 *   学校      a school id or name;
 *   角色      教师 听课员 专业负责人 命题教师 管理员 (or teacher observer lead
 *             examiner admin), several separated by 、 ， , or spaces;
 *   职称      无职称 初级 中级 副高级 正高级 (or none junior intermediate
 *             associate senior);
 *   是否…     是 / 否 (yes / no);
 *   专业      specialty codes or names, separated like 角色;
 *   登录名    Unix logins, separated like 角色.
 * A column present in the header sets its field for every row: an empty
 * cell clears it (the sheet is the truth for the columns it has); a column
 * left out of the header leaves that field as it is. Fields the table has no
 * column for (email, pubkey, state, …) are never touched. Blank rows (as
 * Excel leaves them) are skipped; a 工号 given twice is an error.
 *
 * Encoding: UTF-8 with or without BOM, or GBK (csv_to_utf8), as plan import.
 *
 * Every row is judged by the person rules (records_permit: an admin of a
 * member school adds and changes only their own school's people and grants
 * no admin or lead role; lead-college admins anyone) and validated like
 * `add person`. Every problem is reported, one owned "第 N 行：…" string per
 * problem appended to problems (N the file's physical line), and then the
 * result is JY_EINVAL (JY_EPERM when every problem is a refusal) with a
 * summary in err and nothing written. Otherwise all changed people are
 * written in one commit.
 */

/* What an import did (or, with dry_run, would do). */
struct rostercsv_result {
	size_t added;     /* new people */
	size_t updated;   /* existing people whose record changed */
	size_t unchanged; /* rows that changed nothing */
	const char *encoding; /* "UTF-8", "UTF-8 BOM" or "GBK" (static) */
};

/* The header of the documented columns, comma-separated (for messages and the template). */
const char *rostercsv_header(void);

/*
 * Imports a CSV file's bytes (data, len). res (may be NULL) is filled on
 * success. Nothing is written on any problem (see above).
 */
int rostercsv_import(struct rostercsv_result *res, struct vec *problems, struct store *s, const struct actor *a,
		     const char *data, size_t len, struct jy_err *err);

/*
 * The same for cells pasted from a spreadsheet (tab-separated, as Excel puts
 * them on the clipboard): the header row may be included or not — without
 * it the columns are the documented nine in order. dry_run: check
 * everything and fill res, write nothing (the TUI asks before it writes).
 */
int rostercsv_paste(struct rostercsv_result *res, struct vec *problems, struct store *s, const struct actor *a,
		    const char *text, int dry_run, struct jy_err *err);

/*
 * The roster in the same layout, appended to out: UTF-8 with BOM and CRLF
 * (csv_put_text: a cell Excel would run as a formula gets an apostrophe),
 * labels as the import reads them (schools by name, roles and titles in
 * Chinese or English by the message language, specialties by code), people
 * ordered by school then 工号. school (NULL = everyone) keeps one school's
 * people (an id or a name; JY_EINVAL when it names no school); with_left
 * 0 leaves out people who have left. tsv: tab-separated for the clipboard
 * (LF, no BOM; tabs and line breaks in a cell become spaces).
 */
int rostercsv_export(struct buf *out, struct store *s, const char *school, int with_left, int tsv, struct jy_err *err);

#endif
