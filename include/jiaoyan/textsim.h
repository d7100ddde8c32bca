/* textsim: text folded for comparison (full-width, case, spaces, punctuation) and character-bigram similarity. */
#ifndef JIAOYAN_TEXTSIM_H
#define JIAOYAN_TEXTSIM_H

#include <stddef.h>
#include <stdint.h>

#include "jiaoyan/buf.h"

/*
 * What two texts look like to a person who does not care how they were
 * typed: the question bank uses it to find the same question entered twice
 * (DESIGN §1, rule 3). Generic: knows nothing of questions.
 *
 * Folding (textsim_fold), one code point at a time:
 *  - full-width ASCII forms U+FF01–U+FF5E become their ASCII twins, the
 *    ideographic space U+3000 a space; ASCII letters become lower case;
 *  - white space goes (ASCII, U+00A0, U+2000–U+200B, U+3000, U+FEFF);
 *  - punctuation goes: ASCII ! " ' ( ) , . : ; ? [ ] { } _ ` \ and the
 *    punctuation blocks (U+00A1 § « ¶ · » ¿, U+2010–U+2027, U+2030–U+205E,
 *    CJK U+3001–U+3003, U+3008–U+3011, U+3014–U+301F, U+30FB, U+FE10–U+FE19,
 *    U+FE30–U+FE6F, U+FF61–U+FF65). Symbols that carry meaning in a
 *    question stay: + - * / = < > % ~ ^ & | # $ @ and digits, so
 *    "3 + 4 = 7" and "3 - 4 = 7" stay different;
 *  - invalid UTF-8 bytes are dropped.
 * Folding twice gives the same as folding once.
 *
 * Similarity is the Dice coefficient of the multisets of character bigrams
 * (pairs of adjacent code points of the folded text): 2·|A∩B| / (|A|+|B|),
 * 1 for equal texts, 0 for texts without a common bigram. A text of one
 * character counts that character as its only gram; an empty text has none
 * (two empty texts: 1, one empty: 0). A set may be built from several
 * pieces (a stem and its options): bigrams never span two pieces.
 */

/* Appends the folded form of s[0..len) to out. */
void textsim_fold(struct buf *out, const char *s, size_t len);

/* The grams of one or more folded texts; sorted once finished. */
struct textsim {
	uint64_t *grams;
	size_t n, cap;
	int sorted;
};

#define TEXTSIM_INIT { NULL, 0, 0, 0 }

void textsim_init(struct textsim *t);
/* Adds the grams of one piece of already folded text (NUL-terminated). */
void textsim_add(struct textsim *t, const char *folded);
/* Frees the grams; t can be used again after textsim_init. */
void textsim_release(struct textsim *t);
/* Dice similarity in [0, 1] (sorts both sets first if needed). */
double textsim_dice(struct textsim *a, struct textsim *b);
/* The largest similarity two sets of these sizes could have: a cheap bound to skip comparisons. */
double textsim_bound(const struct textsim *a, const struct textsim *b);
/* Folds both texts and compares them (one piece each). */
double textsim_similarity(const char *a, const char *b);

#endif
