/* fuzz_csv: libFuzzer target for csv_to_utf8 + csv_parse — no crash, and writing what was read reads back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void write_rows(struct buf *out, const struct vec *rows)
{
	for (size_t r = 0; r < rows->len; r++) {
		const struct csv_row *row = rows->items[r];
		for (size_t f = 0; f < row->fields.len; f++) {
			if (f)
				csv_put_sep(out);
			csv_put_field(out, row->fields.items[f]);
		}
		csv_end_row(out);
	}
}

static int same_rows(const struct vec *a, const struct vec *b)
{
	if (a->len != b->len)
		return 0;
	for (size_t r = 0; r < a->len; r++) {
		const struct csv_row *x = a->items[r], *y = b->items[r];
		if (x->fields.len != y->fields.len)
			return 0;
		for (size_t f = 0; f < x->fields.len; f++)
			if (strcmp(x->fields.items[f], y->fields.items[f]) != 0)
				return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT, again = BUF_INIT;
	struct vec rows = VEC_INIT(csv_row_free), rows2 = VEC_INIT(csv_row_free);
	struct jy_err err = JY_ERR_INIT;
	const char *enc = NULL;
	if (csv_to_utf8(&text, &enc, (const char *)data, size, &err) == 0) {
		/* Whatever the input encoding, what comes out is UTF-8. */
		if (text_utf8_valid(text.ptr, text.len, NULL) != 0)
			abort();
	}
	/* The parser must cope with any bytes, converted or not. */
	if (csv_parse(&rows, (const char *)data, size, &err) == 0) {
		size_t line = 0;
		for (size_t r = 0; r < rows.len; r++) {
			const struct csv_row *row = rows.items[r];
			/* Records start on increasing lines; every record has at least one field; no CR survives. */
			if (row->line <= line || row->fields.len == 0)
				abort();
			line = row->line;
			for (size_t f = 0; f < row->fields.len; f++)
				if (strchr(row->fields.items[f], '\r'))
					abort();
		}
		write_rows(&again, &rows);
		if (csv_parse(&rows2, again.ptr, again.len, &err) != 0 || !same_rows(&rows, &rows2))
			abort();
	} else if (rows.len) {
		abort(); /* nothing is appended on failure */
	}
	buf_release(&text);
	buf_release(&again);
	vec_free(&rows);
	vec_free(&rows2);
	return 0;
}
