/* output: what commands print — sanitised text, aligned tables and TSV, files or standard output. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/rubric.h"
#include "jiaoyan/text.h"

void cli_print(FILE *f, const char *text)
{
	if (isatty(fileno(f))) {
		struct buf b = BUF_INIT;
		text_sanitize(&b, text, strlen(text), TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
		fputs(b.ptr, f);
		buf_release(&b);
	} else {
		fputs(text, f);
	}
}

int cli_write_output(const char *file, const char *data, size_t len, struct jy_err *err)
{
	FILE *f = strcmp(file, "-") == 0 ? stdout : fopen(file, "wb");
	if (!f)
		return err_set(err, JY_EIO, L("无法写入 %s：%s", "cannot write %s: %s"), file, strerror(errno));
	int bad = fwrite(data, 1, len, f) != len;
	if (f != stdout)
		bad |= fclose(f) != 0;
	else
		bad |= fflush(f) != 0;
	return bad ? err_set(err, JY_EIO, L("写入 %s 失败：%s", "writing %s failed: %s"), file, strerror(errno)) : 0;
}

struct vec *cli_row_new(void)
{
	struct vec *v = xmalloc(sizeof(*v));
	vec_init(v, free);
	return v;
}

void cli_row_free(void *row)
{
	if (row) {
		vec_free(row);
		free(row);
	}
}

static void tsv_cell(struct buf *out, const char *s)
{
	for (; *s; s++) {
		if (*s == '\t')
			buf_puts(out, "\\t");
		else if (*s == '\n')
			buf_puts(out, "\\n");
		else if (*s == '\\')
			buf_puts(out, "\\\\");
		else
			buf_putc(out, *s);
	}
}

void cli_table(FILE *f, const struct vec *rows, int tsv)
{
	size_t ncol = 0;
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		if (row->len > ncol)
			ncol = row->len;
	}
	int *width = xcalloc(ncol ? ncol : 1, sizeof(int));
	if (!tsv)
		for (size_t r = 0; r < rows->len; r++) {
			const struct vec *row = rows->items[r];
			for (size_t k = 0; k < row->len; k++) {
				int w = text_width(row->items[k]);
				/* A very long cell (a comment) should not push every column off screen. */
				if (w > 40)
					w = 40;
				if (w > width[k])
					width[k] = w;
			}
		}
	struct buf line = BUF_INIT;
	for (size_t r = 0; r < rows->len; r++) {
		const struct vec *row = rows->items[r];
		buf_reset(&line);
		for (size_t k = 0; k < row->len; k++) {
			if (tsv) {
				if (k)
					buf_putc(&line, '\t');
				tsv_cell(&line, row->items[k]);
				continue;
			}
			if (k)
				buf_puts(&line, "  ");
			/* The last column runs free when piped (a script, a file): only a screen is short of room. */
			if (k + 1 == row->len && isatty(fileno(f)))
				text_clip(&line, row->items[k], 40);
			else if (k + 1 == row->len)
				text_clip(&line, row->items[k], 1 << 20);
			else
				text_pad(&line, row->items[k], width[k], 0);
		}
		if (!tsv)
			while (line.len && line.ptr[line.len - 1] == ' ')
				buf_truncate(&line, line.len - 1);
		buf_putc(&line, '\n');
		/* Table cells are already drawn through text_pad (sanitised); raw tsv reaches a terminal only sanitised. */
		if (tsv)
			cli_print(f, line.ptr);
		else
			fputs(line.ptr, f);
	}
	buf_release(&line);
	free(width);
}


int cli_labels(const struct cli_args *a)
{
	return cli_flag(a, "--labels");
}

/* The rubric id at version (0 = as it is now), from the cache or loaded into it; NULL when unreadable. */
static const struct record *cached_rubric(struct vec *rubrics, struct store *s, const char *id, long version)
{
	for (size_t i = 0; i < rubrics->len; i++) {
		const struct record *r = rubrics->items[i];
		const char *rid = record_get(r, "rubric", "id"), *v = record_get(r, "rubric", "version");
		const char *want = record_get(r, "cache", "asked");
		if (rid && strcmp(rid, id) == 0 && (version ? v && atol(v) == version : want && strcmp(want, "current") == 0))
			return r;
	}
	struct record *r = NULL;
	if (rubric_load(&r, s, id, version, NULL) != 0)
		return NULL;
	if (!version)
		record_set(r, "cache", "asked", "current");
	vec_push(rubrics, r);
	return r;
}

static void band_of(struct buf *out, const struct record *rub, const char *grade)
{
	for (size_t i = 0; rub && i < record_section_count(rub); i++) {
		const char *sec = record_section(rub, i), *name = record_get(rub, sec, "name");
		if (strncmp(sec, "band.", 5) == 0 && name && strcmp(name, grade) == 0) {
			buf_puts(out, sec);
			return;
		}
	}
	buf_puts(out, grade);
}

void cli_grade_code(struct buf *out, struct vec *rubrics, struct store *s, const struct record *obs)
{
	const char *grade = record_get(obs, "observation", "grade"), *rid = record_get(obs, "observation", "rubric");
	const char *ver = record_get(obs, "observation", "rubric_version");
	if (!grade || !*grade)
		return;
	band_of(out, rid && ver ? cached_rubric(rubrics, s, rid, atol(ver)) : NULL, grade);
}

void cli_band_code(struct buf *out, struct vec *rubrics, struct store *s, const char *band)
{
	struct record *group = NULL;
	const struct record *rub = NULL;
	if (store_read(&group, s, "group.ini", NULL) == 0 && record_get(group, "group", "rubric"))
		rub = cached_rubric(rubrics, s, record_get(group, "group", "rubric"), 0);
	band_of(out, rub, band);
	record_free(group);
}
