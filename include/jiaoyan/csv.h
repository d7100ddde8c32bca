/* csv: RFC 4180 reading and writing of comma-separated tables, and the encodings Excel saves them in. */
#ifndef JIAOYAN_CSV_H
#define JIAOYAN_CSV_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/vec.h"

/*
 * Generic: this module knows nothing of what the table holds.
 *
 * Reading (csv_parse) follows RFC 4180 as Excel writes it:
 *  - fields are separated by ',' and records end at CRLF, LF or a lone CR;
 *  - a field that starts with '"' is quoted: it runs to the next '"' not
 *    followed by another '"' ("" stands for one quote) and may hold commas,
 *    CR and LF; a CRLF or lone CR inside a quoted field is kept as LF, so values read
 *    the same whichever line ending the file used;
 *  - after a closing quote only ',' or the end of the record may follow
 *    (JY_EINVAL naming the line otherwise);
 *  - a '"' inside an unquoted field is an ordinary character (Excel's own
 *    files never have one; people's hand-made files do, and mean it);
 *  - a quoted field still open at the end of the data is JY_EINVAL naming
 *    the line where it started;
 *  - NUL bytes are refused (JY_EINVAL with the line);
 *  - the final line ending is optional, and nothing after it makes a record;
 *    an empty line in the middle is a record with one empty field.
 * Field text is returned as is (no trimming, no encoding check: see
 * csv_to_utf8 for that, which callers run first).
 *
 * Line numbers are physical lines, 1-based, counting LF, CRLF and lone CR
 * each as one line end, which is what a text editor shows; a record's line
 * is the line it starts on.
 */

struct csv_row {
	size_t line;       /* first physical line of the record */
	struct vec fields; /* owned char * (NUL-terminated; a field holding NUL is refused) */
};

void csv_row_free(void *row);

/* Appends one struct csv_row * (owned; free with csv_row_free, e.g. a vec
 * with free_item = csv_row_free) per record to rows. On error rows gets
 * nothing and err names the line and the rule. */
int csv_parse(struct vec *rows, const char *data, size_t len, struct jy_err *err);
/* The same with another separator: '\t' reads the tab-separated text Excel puts on the clipboard
 * (it quotes a cell holding a tab, a newline or a quote exactly as in CSV). */
int csv_parse_sep(struct vec *rows, const char *data, size_t len, char sep, struct jy_err *err);

/*
 * Text as Excel saves it, converted to UTF-8 without a BOM: a leading UTF-8
 * BOM is dropped; then valid UTF-8 is taken as is, anything else is decoded
 * as GBK (through iconv(3) from GB18030, its superset, which is what Chinese
 * Excel's "CSV" writes). *encoding (may be NULL) is set to a static
 * "UTF-8", "UTF-8 BOM" or "GBK". Bytes that are neither give JY_EINVAL
 * naming the line of the first bad byte. out is appended to.
 */
int csv_to_utf8(struct buf *out, const char **encoding, const char *data, size_t len, struct jy_err *err);

/*
 * Writing: csv_put_field() appends one field, quoted when it holds ',',
 * '"', CR or LF or starts or ends with a space (so Excel keeps the spaces),
 * with quotes doubled; a LF inside a value is written as CRLF so Excel shows
 * a line break in the cell. csv_end_row() appends CRLF. The caller writes
 * the separating commas with csv_put_sep() (between fields only).
 */
void csv_put_field(struct buf *out, const char *s);
/*
 * A field of free text for a spreadsheet: like csv_put_field, but a cell that
 * Excel would run as a formula — one beginning with = + - @ (after any tabs
 * and carriage returns, which are dropped) — gets a leading apostrophe, as
 * OWASP recommends against CSV injection. Importers drop that apostrophe.
 */
void csv_put_text(struct buf *out, const char *s);
void csv_put_sep(struct buf *out);
void csv_end_row(struct buf *out);

/* The UTF-8 byte order mark Excel needs to open a UTF-8 CSV correctly. */
#define CSV_UTF8_BOM "\xEF\xBB\xBF"

#endif
