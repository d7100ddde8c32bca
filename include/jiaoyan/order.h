/* order: the one order listed records come in — the CLI's `list` and the TUI's lists sort the same way, newest first unless asked. */
#ifndef JIAOYAN_ORDER_H
#define JIAOYAN_ORDER_H

#include "jiaoyan/err.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/vec.h"

/*
 * Orders (as `list --sort` takes them):
 *   newest   (the default) records that have a date, newest first: by the
 *            main section's first date field (observation.date, plan
 *            submitted_at, …) descending, then by id descending — generated
 *            ids sort by the time they were made; types without a date
 *            field and without generated ids (schools, people, …) keep the
 *            path order, which is by id;
 *   oldest   the reverse of newest;
 *   path     the repository's order (by directory, then id);
 *   FIELD    a field of the main section ascending, -FIELD descending,
 *            numbers compared as numbers; ties keep newest first.
 * Records lacking the field sort last either way.
 */
struct order {
	const struct type_def *type;
	int how;             /* ORDER_NEWEST, ORDER_OLDEST, ORDER_PATH, ORDER_FIELD */
	const char *field;   /* ORDER_FIELD: the key (points into the type's field table) */
	int desc;            /* ORDER_FIELD: descending */
	int numeric;         /* ORDER_FIELD: compare as numbers */
};

enum { ORDER_NEWEST, ORDER_OLDEST, ORDER_PATH, ORDER_FIELD };

/* Parses spec (NULL = newest) for type t into o. JY_EINVAL naming the type's fields when it is none of the above. */
int order_parse(struct order *o, const struct type_def *t, const char *spec, struct jy_err *err);
/* Sorts a vec of struct store_item * (store.h) in place, stably. */
void order_items(struct vec *items, const struct order *o);

#endif
