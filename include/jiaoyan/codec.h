/* codec: the only writer and the strict reader of record files (INI on top of inih). */
#ifndef JIAOYAN_CODEC_H
#define JIAOYAN_CODEC_H

#include <stddef.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"

/*
 * File format (DESIGN §2.1), byte for byte:
 *
 *   [section]\n
 *   key = value\n              (value escaped; "key =\n" when the value is empty)
 *     continuation\n           (two spaces, then more of the escaped value)
 *   \n                         (one blank line between sections, none at the end)
 *
 * Escapes in values: "\\" backslash, "\n" newline, "\t" tab, "\;" ';',
 * "\#" '#', and "\s" for a space that would stand first or last on a
 * physical line. Any other byte of valid UTF-8 is written as is.
 * A value whose escaped form is longer than CODEC_WRAP bytes is split into
 * chunks of at most CODEC_WRAP bytes (the first chunk, on the key's line, is
 * cut shorter when a key over 44 bytes would otherwise make that line too
 * long); a split never falls inside a UTF-8 sequence or an escape. The reader concatenates the chunks with nothing in
 * between. Every physical line is < CODEC_LINE_MAX bytes (newline included).
 * Section and key names: 1..CODEC_NAME_MAX bytes of [a-z0-9_.-] (keys may
 * also use A-Z, for option letters).
 * Sections with no keys are not written.
 */
#define CODEC_WRAP 150
#define CODEC_LINE_MAX 199 /* lines of this many bytes or more are refused */
#define CODEC_NAME_MAX 49

/*
 * Appends the encoding of r (in r's order) to out. Refuses (JY_EINVAL, message
 * naming "section.key" and the rule) invalid UTF-8, control characters other
 * than newline and tab, and bad section/key names; then out is unchanged.
 */
int codec_encode(struct buf *out, const struct record *r, struct jy_err *err);

/*
 * Strict decode of a file's bytes. Before inih sees the data it refuses NUL
 * bytes, invalid UTF-8, any physical line of CODEC_LINE_MAX bytes or more,
 * and bad names (message gives the line number and the rule). inih
 * (ini_parse_string) then parses it; inih errors, keys outside a section,
 * duplicate keys and continuation lines without a preceding key are refused.
 * Unescapes values and concatenates continuation lines. A value that decodes
 * to a control character is refused as at encode time. On success *out is a
 * new record owned by the caller. Canonical form is not checked here: compare
 * the bytes with codec_encode() of the result for that (codec_is_canonical).
 */
int codec_decode(struct record **out, const char *data, size_t len, struct jy_err *err);

/* 1 when encoding r gives exactly data[0..len). */
int codec_is_canonical(const struct record *r, const char *data, size_t len);

/* Checks a section or key name; JY_EINVAL with a message otherwise. */
int codec_check_name(const char *name, int is_key, struct jy_err *err);

#endif
