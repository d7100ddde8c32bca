/* textsim: folding text for comparison and character-bigram (Dice) similarity. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/text.h"
#include "jiaoyan/textsim.h"

static int is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' || c == 0xA0 ||
	       (c >= 0x2000 && c <= 0x200B) || c == 0x3000 || c == 0xFEFF || c == 0x202F || c == 0x205F;
}

static int is_punct(uint32_t c)
{
	if (c < 0x80)
		return c && strchr("!\"'(),.:;?[]{}_`\\", (int)c) != NULL;
	return c == 0xA1 || c == 0xA7 || c == 0xAB || c == 0xB6 || c == 0xB7 || c == 0xBB || c == 0xBF ||
	       (c >= 0x2010 && c <= 0x2027) || (c >= 0x2030 && c <= 0x205E) || (c >= 0x3001 && c <= 0x3003) ||
	       (c >= 0x3008 && c <= 0x3011) || (c >= 0x3014 && c <= 0x301F) || c == 0x30FB ||
	       (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F) || (c >= 0xFF61 && c <= 0xFF65);
}

static void put_cp(struct buf *out, uint32_t c)
{
	char b[4];
	size_t n;
	if (c < 0x80) {
		b[0] = (char)c;
		n = 1;
	} else if (c < 0x800) {
		b[0] = (char)(0xC0 | (c >> 6));
		b[1] = (char)(0x80 | (c & 0x3F));
		n = 2;
	} else if (c < 0x10000) {
		b[0] = (char)(0xE0 | (c >> 12));
		b[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[2] = (char)(0x80 | (c & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | (c >> 18));
		b[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		b[3] = (char)(0x80 | (c & 0x3F));
		n = 4;
	}
	buf_add(out, b, n);
}

void textsim_fold(struct buf *out, const char *s, size_t len)
{
	size_t i = 0;
	while (i < len) {
		uint32_t c;
		int bad = 0;
		i += text_decode(s + i, len - i, &c, &bad);
		if (bad)
			continue;
		if (c >= 0xFF01 && c <= 0xFF5E)
			c -= 0xFF01 - 0x21;
		else if (c == 0x3000)
			c = ' ';
		if (c >= 'A' && c <= 'Z')
			c += 'a' - 'A';
		if (is_space(c) || is_punct(c))
			continue;
		put_cp(out, c);
	}
}

void textsim_init(struct textsim *t)
{
	memset(t, 0, sizeof(*t));
}

void textsim_release(struct textsim *t)
{
	free(t->grams);
	textsim_init(t);
}

static void push(struct textsim *t, uint64_t g)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 32;
		t->grams = xrealloc(t->grams, t->cap * sizeof(*t->grams));
	}
	t->grams[t->n++] = g;
	t->sorted = 0;
}

void textsim_add(struct textsim *t, const char *folded)
{
	size_t len = strlen(folded), i = 0, count = 0;
	uint32_t prev = 0;
	while (i < len) {
		uint32_t c;
		i += text_decode(folded + i, len - i, &c, NULL);
		if (count++)
			push(t, ((uint64_t)prev << 32) | c);
		prev = c;
	}
	/* One character alone still says something; mark it so it never equals a bigram. */
	if (count == 1)
		push(t, ((uint64_t)0xFFFFFFFFu << 32) | prev);
}

static int gram_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static void sort(struct textsim *t)
{
	if (!t->sorted && t->n > 1)
		qsort(t->grams, t->n, sizeof(*t->grams), gram_cmp);
	t->sorted = 1;
}

double textsim_bound(const struct textsim *a, const struct textsim *b)
{
	size_t lo = a->n < b->n ? a->n : b->n;
	if (!a->n && !b->n)
		return 1;
	return 2.0 * (double)lo / (double)(a->n + b->n);
}

double textsim_dice(struct textsim *a, struct textsim *b)
{
	size_t i = 0, j = 0, common = 0;
	if (!a->n && !b->n)
		return 1;
	if (!a->n || !b->n)
		return 0;
	sort(a);
	sort(b);
	while (i < a->n && j < b->n) {
		if (a->grams[i] == b->grams[j]) {
			common++;
			i++;
			j++;
		} else if (a->grams[i] < b->grams[j]) {
			i++;
		} else {
			j++;
		}
	}
	return 2.0 * (double)common / (double)(a->n + b->n);
}

double textsim_similarity(const char *a, const char *b)
{
	struct buf fa = BUF_INIT, fb = BUF_INIT;
	struct textsim ta, tb;
	textsim_init(&ta);
	textsim_init(&tb);
	textsim_fold(&fa, a, strlen(a));
	textsim_fold(&fb, b, strlen(b));
	textsim_add(&ta, fa.ptr);
	textsim_add(&tb, fb.ptr);
	double d = textsim_dice(&ta, &tb);
	textsim_release(&ta);
	textsim_release(&tb);
	buf_release(&fa);
	buf_release(&fb);
	return d;
}
