/* vec: a small growable array of pointers that may own its items. */
#ifndef JIAOYAN_VEC_H
#define JIAOYAN_VEC_H

#include <stddef.h>

/*
 * free_item, when non-NULL, is called on every item by vec_clear/vec_free:
 * the vector owns its items. When NULL the items are borrowed.
 */
struct vec {
	void **items;
	size_t len;
	size_t cap;
	void (*free_item)(void *);
};

#define VEC_INIT(freefn) { NULL, 0, 0, (freefn) }

void vec_init(struct vec *v, void (*free_item)(void *));
void vec_push(struct vec *v, void *item);
void *vec_pop(struct vec *v);              /* returns ownership of the last item */
void vec_insert(struct vec *v, size_t at, void *item);
void *vec_remove(struct vec *v, size_t at); /* returns ownership of the item */
void vec_sort(struct vec *v, int (*cmp)(const void *a, const void *b)); /* cmp gets the items, not pointers to them */
void vec_clear(struct vec *v);             /* frees owned items, keeps the storage */
void vec_free(struct vec *v);              /* frees owned items and the storage */
/* Moves every item of from to the end of to (which then owns them as it owns its own), or frees the
 * owned ones when to is NULL; from is left empty. */
void vec_move(struct vec *to, struct vec *from);

/* A vector of owned C strings. */
void vec_push_str(struct vec *v, const char *s); /* pushes a copy; v must own (free) */
/* Pushes the formatted text (a validation problem, a finding); v must own (free). */
void vec_push_strf(struct vec *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Splits s on sep into trimmed, non-empty owned strings appended to v. */
void vec_split(struct vec *v, const char *s, char sep);
int vec_has_str(const struct vec *v, const char *s);
/* vec_sort's order for a vector of strings: strcmp of the items. */
int vec_str_cmp(const void *a, const void *b);
/* v kept sorted (vec_str_cmp) and without repeats: inserts a copy of s where it belongs unless there already.
 * v must own (free). */
void vec_add_str_sorted(struct vec *v, const char *s);

#endif
