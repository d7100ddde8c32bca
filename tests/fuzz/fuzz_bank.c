/* fuzz_bank: libFuzzer target for the bank's readers (question_csv_read, comma and tab; question_gift_read) — no crash, every item read passes the item rules, and writing what was read reads back the same. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/question.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void records_of(struct vec *out, const struct vec *items)
{
	for (size_t i = 0; i < items->len; i++)
		vec_push(out, ((struct question_item *)items->items[i])->q);
}

/* Every item read obeys the rules; written and read again it is the same item. */
static void check_items(const struct vec *items, int gift)
{
	struct vec recs = VEC_INIT(NULL), again = VEC_INIT(question_item_free), problems = VEC_INIT(free);
	struct buf out = BUF_INIT, utf8 = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	records_of(&recs, items);
	for (size_t i = 0; i < recs.len; i++)
		if (question_check(recs.items[i], &problems))
			abort();
	if (gift) {
		/* A few items cannot be written (several fill answers holding "->"): that is reported, never wrong text. */
		if (question_gift_write(&out, &recs, &err) == 0) {
			if (question_gift_read(&again, &problems, out.ptr, out.len, &err) != 0 || again.len != recs.len)
				abort();
			/* Written by chapter, so in another order: each item read matches one written, none twice. */
			char *used = calloc(recs.len ? recs.len : 1, 1);
			for (size_t i = 0; used && i < again.len; i++) {
				size_t k = 0;
				while (k < recs.len && (used[k] || !question_same_content(recs.items[k], ((struct question_item *)again.items[i])->q)))
					k++;
				if (k == recs.len)
					abort();
				used[k] = 1;
			}
			free(used);
		}
	} else {
		question_csv_write(&out, &recs);
		if (csv_to_utf8(&utf8, NULL, out.ptr, out.len, &err) != 0 ||
		    question_csv_read(&again, &problems, utf8.ptr, utf8.len, ',', &err) != 0 || again.len != recs.len)
			abort();
		for (size_t i = 0; i < recs.len; i++)
			if (!question_same_content(recs.items[i], ((struct question_item *)again.items[i])->q))
				abort();
	}
	vec_free(&recs);
	vec_free(&again);
	vec_free(&problems);
	buf_release(&out);
	buf_release(&utf8);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf text = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	if (csv_to_utf8(&text, NULL, (const char *)data, size, &err) != 0)
		return 0;
	for (int mode = 0; mode < 3; mode++) {
		struct vec items = VEC_INIT(question_item_free), problems = VEC_INIT(free);
		if (mode == 2)
			question_gift_read(&items, &problems, text.ptr, text.len, &err);
		else
			question_csv_read(&items, &problems, text.ptr, text.len, mode ? '\t' : ',', &err);
		/* Items and problems are both reported; each problem names its line. */
		for (size_t i = 0; i < problems.len; i++)
			if (!strstr(problems.items[i], "第 ") && !strstr(problems.items[i], "line "))
				abort();
		check_items(&items, mode == 2);
		vec_free(&items);
		vec_free(&problems);
	}
	buf_release(&text);
	return 0;
}
