/* text: UTF-8 decoding, validation, display width, clipping and sanitising for the terminal; numbers as text. */
#ifndef JIAOYAN_TEXT_H
#define JIAOYAN_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"

/*
 * Everything that measures or draws text goes through this module. Widths do
 * not depend on the process locale: the module has its own table (East Asian
 * Wide and Fullwidth = 2 columns, combining marks and zero-width = 0, others
 * 1) that agrees with glibc's wcwidth() in C.UTF-8 for CJK, Hangul, kana,
 * fullwidth forms and common emoji, so ncurses and we count alike.
 */

/* Decodes one UTF-8 sequence at s (at most len bytes). Returns the number of
 * bytes consumed (>= 1) and stores the code point; invalid or truncated input
 * consumes 1 byte and yields 0xFFFD with *bad = 1 (bad may be NULL).
 * len == 0 returns 0 (nothing to consume) with 0xFFFD and *bad = 1. */
size_t text_decode(const char *s, size_t len, uint32_t *cp, int *bad);

/* 0 when s[0..len) is valid UTF-8 (no overlongs, no surrogates, <= U+10FFFF);
 * otherwise -1 and *bad_at (may be NULL) gets the offset of the first bad byte. */
int text_utf8_valid(const char *s, size_t len, size_t *bad_at);

/*
 * Checks that a value may be stored: valid UTF-8, and no control characters
 * other than newline and tab (C0, DEL, C1 are refused). On failure returns
 * JY_EINVAL with a message naming `field` and the rule, e.g.
 * "字段 text.problems：第 12 字节含控制字符 U+001B（只允许换行和制表符）".
 */
int text_check_value(const char *field, const char *s, size_t len, struct jy_err *err);

/* Display columns of one code point as drawn after sanitising: 0, 1 or 2, but
 * the width of the stand-in for those text_sanitize() replaces ("^[" 2,
 * "<U+202E>" 8, "↵" 1; newline counts as "↵"). */
int text_cp_width(uint32_t cp);

/* Display columns of a string as text_sanitize() would render it on one line. */
int text_width(const char *s);

enum {
	TEXT_KEEP_NEWLINES = 1, /* keep '\n' as a newline (multi-line panes); otherwise shown as "↵" */
	TEXT_KEEP_TABS = 2,     /* keep '\t' (tab-separated output); otherwise one space */
};

/*
 * Appends s (len bytes) to out in a form that is safe to write to a terminal:
 * C0 controls and DEL become caret notation ("^[" for ESC, "^G", "^@" for
 * NUL, "^?" for DEL), C1 controls become marks like "<U+009B>"; tab becomes
 * one space (a column count per character keeps clipping simple); newline
 * becomes "↵" unless TEXT_KEEP_NEWLINES; bidi controls (U+202A–U+202E,
 * U+2066–U+2069, U+200E/F, U+061C), zero-width characters (U+200B–U+200D,
 * U+2060, U+FEFF) and the line/paragraph separators U+2028/U+2029 become
 * visible marks like "<U+202E>"; invalid UTF-8 becomes U+FFFD. The result
 * never contains ESC or any byte below 0x20 (but newline when kept).
 */
void text_sanitize(struct buf *out, const char *s, size_t len, int flags);

/* 1 when text_sanitize(s, len, flags) would append s unchanged (so a writer may skip it). */
int text_plain(const char *s, size_t len, int flags);

/*
 * Appends the sanitised s to out, clipped to at most `cols` display columns,
 * never splitting a character; when cut, the last column holds "…".
 * Returns the number of columns appended.
 */
int text_clip(struct buf *out, const char *s, int cols);

/* Like text_clip, then pads with spaces to exactly `cols` columns
 * (right_align puts the padding first). */
void text_pad(struct buf *out, const char *s, int cols, int right_align);

/* Substring search: 1 when needle occurs in hay; ASCII letters compare
 * case-insensitively, everything else byte-exact (Chinese works as is). */
int text_contains(const char *hay, const char *needle);

/*
 * Appends s (len bytes) folded for search: full-width forms U+FF01–U+FF5E
 * become their ASCII twins, the ideographic space U+3000 a space, ASCII
 * letters lower case; everything else (Chinese) is kept as is, invalid UTF-8
 * byte for byte. Folding is per character, so text_fold_cp() tells how one
 * character folds (for mapping a match back to the original text).
 */
void text_fold(struct buf *out, const char *s, size_t len);
uint32_t text_fold_cp(uint32_t cp);

/* Byte offset at which s would be cut to fit `cols` columns (no ellipsis),
 * never inside a character. Used by editors to wrap lines. */
size_t text_fit(const char *s, size_t len, int cols);

/* Levenshtein distance in bytes, for "did you mean" suggestions of option and field names (ASCII). */
size_t text_edit_distance(const char *a, const char *b);

/* Where s (NUL-terminated) starts and how long it is (*len) without ASCII white space (space, tab, CR, LF)
 * and ideographic spaces U+3000 (what Chinese input methods type) at either end; points into s. */
const char *text_trim(const char *s, size_t *len);

/* ---- numbers as text: always in the C locale, so a decimal comma never reaches a record ---- */

/* The whole of s[0..n) as a number, as PHP's is_numeric() reads a trimmed one: [+-] digits [. digits]
 * or [+-] . digits, then an optional exponent. 0 and *out, -1 when it is not a number, -2 when it does
 * not fit a double. */
int text_parse_number(const char *s, size_t n, double *out);
/* strtod() of s in the C locale. */
double text_strtod(const char *s);
/* Appends the shortest plain decimal (no exponent) that reads back to exactly v: "0.1", "1500", "-2.5". */
void text_number(struct buf *out, double v);
/* Appends v rounded to at most `places` decimals, without trailing zeros or a "-0":
 * "33.33333", "50", "0". */
void text_decimal(struct buf *out, double v, int places);

#endif
