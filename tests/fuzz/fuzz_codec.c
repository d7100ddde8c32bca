/* fuzz_codec: libFuzzer target — codec_decode survives any bytes, and whatever it accepts round-trips. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void die(const char *what, const struct jy_err *err)
{
	fprintf(stderr, "fuzz_codec: %s%s%s\n", what, err ? ": " : "", err ? err->msg : "");
	abort();
}

/* Messages quote hostile input: they must still be safe to print on a terminal. */
static void check_message(const struct jy_err *err)
{
	size_t n = strlen(err->msg);
	if (n == 0)
		die("refused without a message", NULL);
	if (text_utf8_valid(err->msg, n, NULL) != 0)
		die("message is not valid UTF-8", NULL);
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)err->msg[i] < 0x20 || err->msg[i] == 0x7F)
			die("message holds a control byte", NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *in = (const char *)data;
	struct record *r = NULL, *again = NULL;
	struct buf enc = BUF_INIT, enc2 = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;

	if (codec_decode(&r, in, size, &err) != 0) {
		check_message(&err);
		goto out;
	}
	if (codec_encode(&enc, r, &err) != 0)
		die("a decoded record does not encode", &err);
	if (codec_decode(&again, enc.ptr, enc.len, &err) != 0)
		die("the re-encoded record does not decode", &err);
	if (!record_equal(r, again))
		die("decode(encode(r)) != r", NULL);
	if (codec_encode(&enc2, again, &err) != 0 || enc2.len != enc.len ||
	    memcmp(enc2.ptr, enc.ptr, enc.len) != 0)
		die("encoding is not a fixed point", NULL);
	int same = enc.len == size && memcmp(enc.ptr, in, size) == 0;
	if (codec_is_canonical(r, in, size) != same)
		die("codec_is_canonical disagrees with the bytes", NULL);
out:
	record_free(r);
	record_free(again);
	buf_release(&enc);
	buf_release(&enc2);
	return 0;
}
