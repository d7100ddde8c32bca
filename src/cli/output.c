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
	size_t len = strlen(text);
	/* Plain text is the same either way: the terminal need not be asked (a system call per line of a listing). */
	if (!text_plain(text, len, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS) && isatty(fileno(f))) {
		struct buf b = BUF_INIT;
		text_sanitize(&b, text, len, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
		fwrite(b.ptr, 1, b.len, f);
		buf_release(&b);
	} else {
		fwrite(text, 1, len, f);
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
	for (;;) {
		size_t run = strcspn(s, "\t\n\\");
		buf_add(out, s, run);
		s += run;
		if (!*s)
			return;
		buf_puts(out, *s == '\t' ? "\\t" : *s == '\n' ? "\\n" : "\\\\");
		s++;
	}
}

void cli_table_measure(struct cli_widths *w, const struct vec *row)
{
	if (row->len > w->ncol) {
		w->width = xrealloc(w->width, row->len * sizeof(int));
		memset(w->width + w->ncol, 0, (row->len - w->ncol) * sizeof(int));
		w->ncol = row->len;
	}
	for (size_t k = 0; k < row->len; k++) {
		int cw = text_width(row->items[k]);
		/* A very long cell (a comment) should not push every column off screen. */
		if (cw > 40)
			cw = 40;
		if (cw > w->width[k])
			w->width[k] = cw;
	}
}

void cli_table_row(FILE *f, const struct vec *row, const struct cli_widths *w, int tsv, struct buf *line)
{
	buf_reset(line);
	for (size_t k = 0; k < row->len; k++) {
		if (tsv) {
			if (k)
				buf_putc(line, '\t');
			tsv_cell(line, row->items[k]);
			continue;
		}
		if (k)
			buf_add(line, "  ", 2);
		/* The last column runs free when piped (a script, a file): only a screen is short of room —
		 * asked only of a cell that would need it, not once a row. */
		if (k + 1 == row->len) {
			size_t at = line->len;
			if (text_clip(line, row->items[k], 1 << 20) > 40 && isatty(fileno(f))) {
				buf_truncate(line, at);
				text_clip(line, row->items[k], 40);
			}
		} else
			text_pad(line, row->items[k], k < w->ncol ? w->width[k] : 0, 0);
	}
	if (!tsv)
		while (line->len && line->ptr[line->len - 1] == ' ')
			buf_truncate(line, line->len - 1);
	buf_putc(line, '\n');
	/* Table cells are already drawn through text_pad (sanitised); raw tsv reaches a terminal only sanitised. */
	if (tsv)
		cli_print(f, line->ptr);
	else
		fwrite(line->ptr, 1, line->len, f);
}

void cli_table(FILE *f, const struct vec *rows, int tsv)
{
	struct cli_widths w = { NULL, 0 };
	struct buf line = BUF_INIT;
	if (!tsv)
		for (size_t r = 0; r < rows->len; r++)
			cli_table_measure(&w, rows->items[r]);
	for (size_t r = 0; r < rows->len; r++)
		cli_table_row(f, rows->items[r], &w, tsv, &line);
	buf_release(&line);
	free(w.width);
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
	cli_grade_code_of(out, rubrics, s, record_get(obs, "observation", "grade"), record_get(obs, "observation", "rubric"),
			  record_get(obs, "observation", "rubric_version"));
}

void cli_grade_code_of(struct buf *out, struct vec *rubrics, struct store *s, const char *grade, const char *rid,
		       const char *ver)
{
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
