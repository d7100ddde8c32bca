/* buf: a growable byte string whose ptr is never NULL (after git's strbuf). */
#ifndef JIAOYAN_BUF_H
#define JIAOYAN_BUF_H

#include <stdarg.h>
#include <stddef.h>

/*
 * ptr always points at len bytes followed by a NUL, so it can be used as a C
 * string at any time. BUF_INIT points at a shared empty string and allocates
 * on first growth. Allocation failure aborts after restoring the terminal
 * (see xalloc_fail_hook in this header): we never continue half-written.
 */
struct buf {
	char *ptr;
	size_t len;
	size_t cap;
};

extern char buf_empty[];
#define BUF_INIT { buf_empty, 0, 0 }

void buf_init(struct buf *b);
void buf_release(struct buf *b);          /* frees, back to BUF_INIT */
char *buf_detach(struct buf *b);           /* caller now owns the storage (malloc'd, NUL-terminated) */
void buf_grow(struct buf *b, size_t extra);
void buf_reset(struct buf *b);             /* len = 0, keeps storage */
void buf_truncate(struct buf *b, size_t len);
void buf_add(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_putc(struct buf *b, char c);
void buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void buf_vprintf(struct buf *b, const char *fmt, va_list ap);
void buf_set(struct buf *b, const char *s); /* reset + puts */

/* Allocation helpers that never return NULL. */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Called before abort() on allocation failure; the TUI sets it to endwin. */
extern void (*xalloc_fail_hook)(void);

#endif
