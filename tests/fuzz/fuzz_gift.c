/* fuzz_gift: libFuzzer target — gift_parse survives any bytes, and every question it accepts writes and reads back the same. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/gift.h"
#include "jiaoyan/text.h"
#include "jiaoyan/vec.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const char *detail, const struct buf *gift)
{
	fprintf(stderr, "fuzz_gift: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
	if (gift)
		fprintf(stderr, "--- written ---\n%s--- end ---\n", gift->ptr);
	abort();
}

/* Messages quote hostile input: they must still be safe to print on a terminal. */
static void check_message(const char *msg)
{
	size_t n = strlen(msg);
	if (n == 0)
		die("a problem without a message", NULL, NULL);
	if (text_utf8_valid(msg, n, NULL) != 0)
		die("message is not valid UTF-8", NULL, NULL);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)msg[i] < 0x20 || msg[i] == 0x7F)
			die("message holds a control byte", msg, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vec qs = VEC_INIT(gift_question_free), problems = VEC_INIT(free);
	struct jy_err err = JY_ERR_INIT;

	int rc = gift_parse(&qs, &problems, (const char *)data, size, &err);
	if ((rc != 0) != (problems.len != 0))
		die("return code and problems disagree", err.msg, NULL);
	if (rc != 0)
		check_message(err.msg);
	for (size_t i = 0; i < problems.len; i++)
		check_message(problems.items[i]);

	for (size_t i = 0; i < qs.len; i++) {
		const struct gift_question *q = qs.items[i];
		struct buf out = BUF_INIT, again = BUF_INIT;
		struct vec back = VEC_INIT(gift_question_free), back_problems = VEC_INIT(free);
		if (gift_check(q, &err) != 0)
			die("a parsed question fails gift_check", err.msg, NULL);
		if (*q->category && gift_write_category(&out, q->category, &err) != 0)
			die("a parsed category does not write", err.msg, NULL);
		if (gift_write_question(&out, q, &err) != 0)
			die("a parsed question does not write", err.msg, NULL);
		if (gift_parse(&back, &back_problems, out.ptr, out.len, &err) != 0)
			die("the written question does not parse", err.msg, &out);
		if (back.len != 1 || !gift_question_equal(back.items[0], q))
			die("parse(write(q)) != q", NULL, &out);
		/* Writing is a fixed point. */
		if (*q->category)
			gift_write_category(&again, q->category, &err);
		if (gift_write_question(&again, back.items[0], &err) != 0 || strcmp(again.ptr, out.ptr) != 0)
			die("writing is not a fixed point", NULL, &out);
		buf_release(&out);
		buf_release(&again);
		vec_free(&back);
		vec_free(&back_problems);
	}
	vec_free(&qs);
	vec_free(&problems);
	return 0;
}
