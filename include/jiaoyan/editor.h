/* editor: editing a record as text in the user's editor, validated when the editor exits. */
#ifndef JIAOYAN_EDITOR_H
#define JIAOYAN_EDITOR_H

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"

/* Reads a whole file ("-" = standard input) into out. */
int editor_read_file(struct buf *out, const char *path, struct jy_err *err);

/* Runs $VISUAL, else $EDITOR, else vi, on file (through /bin/sh, so the
 * variable may carry arguments). The caller restores the terminal first. */
int editor_run(const char *file, struct jy_err *err);

/* Saves text under $XDG_STATE_HOME/jiaoyan/rejected/<id>.ini and appends that path to kept. */
void editor_keep_text(struct buf *kept, const char *text, size_t len);

/*
 * Opens the record at path in the editor; on exit decodes and saves it with
 * records_update(). Unchanged text commits nothing. When the edit is refused
 * (bad syntax, bad value, no permission) the edited text is kept with
 * editor_keep_text(), its path appended to `kept` and named in err.
 */
int editor_edit_record(struct store *s, struct actor *a, const char *path, struct buf *kept, struct jy_err *err);
/*
 * The same, with the editor starting from text (NULL: the record as stored)
 * — a refused edit offered again keeps what the person typed. The text as
 * the editor left it is appended to edited_out (may be NULL) whether or not
 * it was accepted (nothing when the editor itself failed). "Unchanged" means
 * equal to the stored record, whatever the editor started from.
 */
int editor_edit_text(struct store *s, struct actor *a, const char *path, const char *text, struct buf *edited_out,
		     struct buf *kept, struct jy_err *err);

#endif
