/* plan: teaching-plan filing (授课计划备案) — rows, CSV, submit, review, reopen, status and the 概览 inbox. */
#ifndef JIAOYAN_PLAN_H
#define JIAOYAN_PLAN_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

/*
 * A filing is one plan record per term × school × specialty
 * (plans/<term>/<school>/<specialty>.ini; its id is "TERM/SCHOOL/SPECIALTY").
 * Shared by the CLI (`jiaoyan plan …`) and the TUI (授课计划 tab, 概览).
 *
 * Workflow (every transition is one commit, made here through a store
 * transaction, never through a generic edit — records_permit forbids those):
 *
 *   draft ──submit──▶ submitted ──review approve──▶ approved
 *     ▲                  │   └────review return──▶ returned
 *     │                  │                           │
 *     └──── reopen ──────┴────────── reopen ◀── approved
 *   returned: rows may be edited; submit again.
 *
 *  - submit: revision + 1, submitted_at/by set; refused while the compliance
 *    check (rules.h) has errors unless despite_errors, which is then recorded.
 *  - review: appends [review.N] (reviewer, at, revision, verdict, comment,
 *    row.K comments); only a lead of the specialty (records_lead_of), only
 *    while submitted. A return needs a comment or at least one row comment.
 *  - An approved filing is read-only. Changing it takes an explicit reopen
 *    (state back to draft, same revision), so the next submit opens a new
 *    revision that must be reviewed again. Course edits never reopen
 *    silently: an approval is not undone by a keystroke. reopen also
 *    withdraws a submitted filing that was not reviewed yet.
 *  - Who: only people of the filing school, or admins of that school or of
 *    the lead college, create, edit, import, submit and reopen; only leads
 *    review (being admin is not enough).
 * Every refusal is JY_EPERM (who) or JY_EINVAL (state, values) with a message
 * that says the rule (and an err_hint such as "plan-reopen"), and writes
 * nothing. Who may do what when is decided by plan_may() alone; plan_permit()
 * judges a whole change with it, and every operation here commits through
 * plan_permit().
 */

/* What a person may want to do with a filing (capability queries). */
enum plan_act {
	PLAN_ACT_CREATE,
	PLAN_ACT_EDIT,   /* rows: add, set, remove, move, import */
	PLAN_ACT_SUBMIT,
	PLAN_ACT_REVIEW,
	PLAN_ACT_REOPEN, /* an approved filing (new revision) or a submitted one (withdraw) */
	PLAN_ACT_DELETE,
};

/*
 * 0 when actor a may do act with the filing plan now (as stored; for
 * PLAN_ACT_CREATE the filing to be created), else JY_EPERM (who) or
 * JY_EINVAL (state) with the reason. The TUI's key hints, the CLI and the
 * workflow functions below all ask this one function.
 */
int plan_may(struct store *s, const struct actor *a, const struct record *plan, enum plan_act act, struct jy_err *err);

enum plan_state {
	PLAN_MISSING = 0, /* 未提交: no filing at all */
	PLAN_DRAFT,       /* 草稿 */
	PLAN_SUBMITTED,   /* 待审核 */
	PLAN_APPROVED,    /* 已通过 */
	PLAN_RETURNED,    /* 需整改 */
};

/* From the stored value ("draft"…); PLAN_MISSING for NULL or unknown. */
int plan_state_of(const char *stored);
/* 未提交 / 草稿 / 待审核 / 已通过 / 需整改 (or English). */
const char *plan_state_label(int state);

/* "TERM/SCHOOL/SPECIALTY", "plan/TERM/SCHOOL/SPECIALTY" or "plans/…/X.ini" →
 * the record path (appended to out). JY_EUSAGE when it is none of those. */
int plan_path(struct buf *out, const char *id, struct jy_err *err);

/* Reads a filing by id; path_out (may be NULL) gets its path. JY_ENOTFOUND
 * saying how to create it. */
int plan_load(struct record **out, struct buf *path_out, struct store *s, const char *id, struct jy_err *err);

/*
 * Creates a draft filing. from_term (may be NULL): copy the course rows of the
 * same school's filing for that specialty in that term (the usual start);
 * teachers who are no longer in the roster are left blank and a note (owned
 * string) is appended to notes (may be NULL). id_out gets the new id.
 */
int plan_new(struct buf *id_out, struct vec *notes, struct store *s, const struct actor *a, const char *term,
	     const char *school, const char *specialty, const char *from_term, struct jy_err *err);

/*
 * Converts what a person typed into a course cell into its stored value and
 * checks it (schema_check_value), so the CLI, the CSV import and the TUI's
 * table editor accept the same things:
 *   category  公共基础课(程) 专业基础课(程) 专业核心课(程) 专业拓展课(程) 实践课(程),
 *             or the stored value (public foundation core extension practice)
 *   teacher   a person id, or a name resolved in the filing school's roster,
 *             then among the lead college's teachers with an exchange record
 *             to that school (exchange.h; the term's dates are checked by rules.h);
 *             ambiguous and unknown names are refused, listing candidates
 *   elective  是/否, yes/no, 选修/必修
 *   numbers   surrounding spaces dropped, "2.50" read as 2.5
 *   name, note  one line: a line break typed into a cell becomes a space
 * key is a course field name (name category hours theory practice credits
 * weeks teacher elective note). An empty input gives an empty value (the
 * key is removed). school is the filing school.
 */
int plan_cell(struct buf *stored, struct store *s, const char *school, const char *key, const char *input,
	      struct jy_err *err);

/*
 * Course rows. Rows are [course.1] … [course.n], always numbered 1..n in
 * table order; rm and move renumber the rows after them. assignments are
 * "key=value" with course field names, values as for plan_cell. add needs at
 * least name, category and hours; row_out (may be NULL) gets the new row's
 * number. Only while draft or returned.
 */
int plan_course_add(size_t *row_out, struct store *s, const struct actor *a, const char *id,
		    const char *const *assignments, size_t n, struct jy_err *err);
int plan_course_set(struct store *s, const struct actor *a, const char *id, size_t row,
		    const char *const *assignments, size_t n, struct jy_err *err);
int plan_course_rm(struct store *s, const struct actor *a, const char *id, size_t row, struct jy_err *err);
/* Moves row `row` to position `to` (1..n), shifting the rows between. */
int plan_course_move(struct store *s, const struct actor *a, const char *id, size_t row, size_t to,
		     struct jy_err *err);

/*
 * Replaces all course rows with the [course.N] sections of rows (other
 * sections of rows are ignored; values already stored form, e.g. from
 * plan_csv_rows or a table editor that used plan_cell). One commit whose
 * message uses verb ("导入" …). Only while draft or returned.
 */
int plan_replace_rows(struct store *s, const struct actor *a, const char *id, const struct record *rows,
		      const char *verb, struct jy_err *err);

/* Appends the course rows of rows ([course.N] sections) after the filing's own, in one commit (as plan_replace_rows). */
int plan_append_rows(struct store *s, const struct actor *a, const char *id, const struct record *rows, const char *verb,
		     struct jy_err *err);

/*
 * CSV. The header row names the columns, in any order:
 *   课程名称 课程类别 总学时 理论学时 实践学时 学分 周数 任课教师 是否选修
 * (the first three are required; 序号 is ignored and 备注 fills note).
 * Encoding: UTF-8 with or without BOM, or GBK (csv_to_utf8). Empty rows
 * (all cells blank, as Excel leaves them) are skipped.
 *
 * plan_csv_rows parses data into a new record of [course.N] sections (*out,
 * owned), converting every cell with plan_cell for the filing school. Every
 * bad row is reported — one owned "第 N 行：…" string per problem appended to
 * problems — and then the result is JY_EINVAL with a summary in err and
 * *out untouched.
 *
 * plan_import_csv = plan_csv_rows + plan_replace_rows: the filing's rows
 * become the file's rows, or nothing is written. rows_out (may be NULL)
 * gets the number of rows imported; encoding_out (may be NULL) "UTF-8",
 * "UTF-8 BOM" or "GBK".
 */
int plan_csv_rows(struct record **out, struct vec *problems, struct store *s, const char *school,
		  const char *data, size_t len, const char **encoding_out, struct jy_err *err);
/*
 * The same for cells pasted from a spreadsheet (tab-separated, one row a
 * line, as Excel puts them on the clipboard): the header row may be
 * included or not — without it the columns are the documented nine in
 * order. Rows are validated exactly as CSV rows (line numbers count the
 * pasted lines); *out gets [course.N] sections, or nothing on any problem.
 */
int plan_paste_rows(struct record **out, struct vec *problems, struct store *s, const char *school, const char *text,
		    struct jy_err *err);
int plan_import_csv(size_t *rows_out, const char **encoding_out, struct vec *problems, struct store *s,
		    const struct actor *a, const char *id, const char *data, size_t len, struct jy_err *err);
/* The filing's rows in the same layout: UTF-8 with BOM, CRLF line ends,
 * categories and 是/否 as labels, teachers by name (by id when the name
 * would not resolve back to the same person). Appended to out. */
int plan_export_csv(struct buf *out, struct store *s, const char *id, struct jy_err *err);
/* tsv 0: plan_export_csv; tsv 1: the same table tab-separated for the clipboard (LF line ends, no BOM;
 * tabs and line breaks inside a cell become spaces; formula-like cells get the same apostrophe). */
int plan_export(struct buf *out, struct store *s, const char *id, int tsv, struct jy_err *err);

/*
 * Submits a draft or returned filing. The compliance findings (rules.h) are
 * appended to findings (may be NULL; a vec with free_item =
 * rules_finding_free) whether or not it succeeds. With errors among them it is
 * refused (JY_EINVAL) unless despite_errors, which is then stored
 * (plan.despite_errors = yes) so the reviewer sees it.
 */
int plan_submit(struct vec *findings, struct store *s, const struct actor *a, const char *id, int despite_errors,
		struct jy_err *err);

/* A reviewer's comment on one course row (row = N of [course.N]). */
struct plan_row_comment {
	size_t row;
	const char *text;
};

/* Reviews a submitted filing: approve (1) or return (0) for rectification. */
int plan_review(struct store *s, const struct actor *a, const char *id, int approve, const char *comment,
		const struct plan_row_comment *rows, size_t nrows, struct jy_err *err);

/*
 * Since the last review. The latest [review.R] judged revision N of the
 * filing; plan_diff compares the rows now with the rows of that revision
 * (found in the filing's history: the version the review was written into).
 * Rows are matched by course name, in order, so moving a row is no change;
 * an unmatched row standing where an unmatched reviewed row stood is that
 * row renamed. Answers to reviews are not part of the comparison.
 *
 * d->rows holds one struct plan_row_diff per row now, in table order, then
 * one per reviewed row that is gone (PLAN_ROW_REMOVED, row 0). For each:
 * the reviewer's comment on its reviewed row (review.R row.<was>), and the
 * school's answer to it (course.N answer.R), each NULL when none. A filing
 * never reviewed gives round 0 and no rows. *out is owned (plan_diff_free).
 */
enum plan_row_change { PLAN_ROW_SAME, PLAN_ROW_CHANGED, PLAN_ROW_ADDED, PLAN_ROW_REMOVED };

struct plan_row_diff {
	enum plan_row_change change;
	size_t row;      /* N of [course.N] now; 0 when removed */
	size_t was;      /* its row in the reviewed revision; 0 when added */
	struct vec keys; /* owned char *: course fields that changed (PLAN_ROW_CHANGED) */
	char *name;      /* the course's name (the reviewed one when removed) */
	char *comment;   /* the reviewer's comment on the reviewed row, or NULL */
	char *answer;    /* the school's answer to that comment, or NULL */
};

struct plan_diff {
	size_t round;            /* R of the last [review.R]; 0 = never reviewed */
	long revision;           /* N, the revision that review judged */
	struct record *reviewed; /* the filing as reviewed (owned), NULL when never reviewed */
	struct vec rows;         /* struct plan_row_diff * (owned) */
	size_t changed, added, removed;
};

int plan_diff(struct plan_diff **out, struct store *s, const char *id, struct jy_err *err);
void plan_diff_free(struct plan_diff *d);
/* The entry of row N (as numbered now), or NULL. */
const struct plan_row_diff *plan_diff_row(const struct plan_diff *d, size_t row);

/*
 * The filing school answers the last review's comment on row `row` (as
 * numbered now): stored in the row as course.N answer.R, so it goes with
 * the next revision and the reviewer reads it beside the comment. Empty
 * text removes the answer. Only while rows may be edited (PLAN_ACT_EDIT);
 * JY_EINVAL when that row has no comment to answer.
 */
int plan_answer(struct store *s, const struct actor *a, const char *id, size_t row, const char *text, struct jy_err *err);

/* Back to draft: an approved filing (a new revision begins) or a submitted
 * one not yet reviewed (withdrawn). */
int plan_reopen(struct store *s, const struct actor *a, const char *id, struct jy_err *err);

/*
 * For the pre-receive hook and sync (DESIGN §2.5), which see records change
 * without going through these functions: 0 when the change of one filing
 * from prev (NULL: created) to next (NULL: deleted) is one that a could have
 * made through the workflow above, else JY_EPERM naming the rule:
 *  - created as a draft of revision 0 without reviews, by the filing school;
 *  - rows edited while draft or returned, by the filing school;
 *  - submitted (draft/returned → submitted, revision + 1, submitted_by = a),
 *    by the filing school;
 *  - reviewed (submitted → approved/returned with exactly one [review.N]
 *    appended, reviewer = a, revision = the filing's), rows untouched, by a
 *    lead of the specialty;
 *  - reopened (approved/submitted → draft, revision and rows untouched), by
 *    the filing school;
 * admins may do what the school may do, not what the lead does; earlier
 * reviews never change; deleting a filing is for lead-college admins only.
 * Who and when come from plan_may(); a submission without despite_errors
 * must also pass the compliance check (rules.h), however it arrives.
 */
int plan_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
		struct jy_err *err);

/*
 * Terms and due dates. Filings are made for the term after the group's
 * current term (group.ini [group] term). The filings for term T are due in
 * the term before it: in an autumn term (…-1) on plan_due_autumn, in a
 * spring term (…-2) on plan_due_spring (MM-DD, placed in the calendar year
 * that falls inside that term). due gets "YYYY-MM-DD", or "" when group.ini
 * sets no such date.
 */
int plan_filing_term(char out[12], struct store *s, struct jy_err *err);
int plan_due(char out[11], struct store *s, const char *term, struct jy_err *err);

/* One filing (or a missing one) as lists and the inbox show it. */
struct plan_brief {
	char *id;        /* TERM/SCHOOL/SPECIALTY */
	char *term;
	char *school;
	char *school_name;
	char *specialty;
	char *specialty_name;
	int state;       /* enum plan_state */
	long revision;
	char *submitted_at; /* "" when never submitted */
	int overdue;     /* past the due date and not submitted/approved */
	size_t rows;     /* course rows */
};
void plan_brief_free(void *b);

/*
 * Filings of a term (NULL = the filing term), optionally of one school /
 * specialty / state (-1 = any; PLAN_MISSING is never listed here), in path
 * order. Appends struct plan_brief * (owned; plan_brief_free).
 */
int plan_list(struct vec *out, struct store *s, const char *term, const char *school, const char *specialty,
	      int state, struct jy_err *err);

/*
 * The status matrix: member schools (kind is not lead) × specialties. A
 * school runs a specialty when one of its people lists it in
 * person.specialties or it has a filing for it that term; other cells have
 * runs = 0 and are shown as "—". Overdue: past the due date (today > due)
 * and still 未提交, 草稿 or 需整改.
 */
struct plan_cell {
	int runs;
	int state; /* enum plan_state */
	int overdue;
	long revision;
};

struct plan_status {
	char term[12];
	char due[11];              /* "" when none */
	struct vec schools;        /* owned char *: member school ids, by id */
	struct vec school_names;   /* owned char *, same order */
	struct vec specialties;    /* owned char *: specialty codes, by code */
	struct vec specialty_names;
	struct plan_cell *cells;   /* schools.len × specialties.len, row-major by school */
};

int plan_status(struct plan_status **out, struct store *s, const char *term, struct jy_err *err);
void plan_status_free(struct plan_status *st);
const struct plan_cell *plan_status_cell(const struct plan_status *st, size_t school, size_t specialty);

/*
 * What the 概览 tab shows about plans for the acting person:
 *  to_review  — submitted filings (any term) of the specialties a is a lead of;
 *  returned   — filings of a's school (any term) returned for rectification;
 *  pending    — a's school's filings for the filing term not yet submitted:
 *               missing ones (for the specialties it runs; none for the lead
 *               college, which reviews rather than files) and drafts;
 *  term / due — the filing term and its due date ("" when none).
 * Each vec holds struct plan_brief * (owned). An actor without a school or
 * specialty simply gets empty lists.
 */
struct plan_inbox {
	char term[12];
	char due[11];
	struct vec to_review;
	struct vec returned;
	struct vec pending;
};

int plan_inbox(struct plan_inbox **out, struct store *s, const struct actor *a, struct jy_err *err);
void plan_inbox_free(struct plan_inbox *in);

#endif
