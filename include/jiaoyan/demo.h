/* demo: the fictional demo group written into a fresh repository (jiaoyan init --demo). */
#ifndef JIAOYAN_DEMO_H
#define JIAOYAN_DEMO_H

#include <time.h>

#include "jiaoyan/err.h"
#include "jiaoyan/store.h"

/* Writes the demo group into an empty repository in one commit; the current
 * term is the term of `now`. */
int demo_populate(struct store *s, time_t now, struct jy_err *err);

#endif
