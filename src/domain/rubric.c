/* rubric: indicators, weights and grade bands; scoring an observation once, at save time. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/rubric.h"
#include "jiaoyan/schema.h"

static int is_indicator(const char *sec)
{
	return strncmp(sec, "indicator.", 10) == 0;
}

/* check and every list ask this of each observation: one pass, no copy. */
size_t rubric_indicator_count(const struct record *rubric)
{
	size_t n = 0;
	for (size_t i = 0; i < record_section_count(rubric); i++)
		n += (size_t)is_indicator(record_section(rubric, i));
	return n;
}

int rubric_indicator(const struct record *rubric, size_t n, struct rubric_indicator *ind)
{
	/* Sections in canonical order; the n-th indicator section wins. */
	size_t i, seen = 0;
	for (i = 0; i < record_section_count(rubric); i++)
		if (is_indicator(record_section(rubric, i)) && seen++ == n)
			break;
	if (i == record_section_count(rubric))
		return -1;
	const char *w = record_section_get(rubric, i, "weight"), *m = record_section_get(rubric, i, "max");
	ind->id = record_section_get(rubric, i, "id");
	ind->name = record_section_get(rubric, i, "name");
	ind->weight = w ? atof(w) : 0;
	ind->max = m ? atol(m) : 0;
	if (!ind->id)
		ind->id = "";
	if (!ind->name)
		ind->name = ind->id;
	return 0;
}

const char *rubric_grade(const struct record *rubric, double total)
{
	const char *best = "";
	double best_min = -1;
	for (size_t i = 0; i < record_section_count(rubric); i++) {
		const char *sec = record_section(rubric, i);
		if (strncmp(sec, "band.", 5) != 0)
			continue;
		const char *name = record_get(rubric, sec, "name"), *min = record_get(rubric, sec, "min");
		double m = min ? atof(min) : 0;
		/* Compare in tenths: totals carry one decimal. */
		if (name && lround(total * 10) >= lround(m * 10) && m > best_min) {
			best = name;
			best_min = m;
		}
	}
	return best;
}

void rubric_format_total(char out[24], double total)
{
	long tenths = lround(total * 10);
	if (tenths % 10 == 0)
		snprintf(out, 24, "%ld", tenths / 10);
	else
		snprintf(out, 24, "%ld.%ld", tenths / 10, labs(tenths % 10));
}

int rubric_load(struct record **out, struct store *s, const char *id, long version, struct jy_err *err)
{
	struct buf path = BUF_INIT;
	struct record *cur = NULL;
	struct vec hist = VEC_INIT(store_commit_free);
	int rc;
	buf_printf(&path, "rubrics/%s.ini", id);
	rc = store_read(&cur, s, path.ptr, err);
	if (rc)
		goto cleanup;
	const char *v = record_get(cur, "rubric", "version");
	if (version == 0 || (v && atol(v) == version)) {
		*out = cur;
		cur = NULL;
		goto cleanup;
	}
	/* An older observation: find the version it was scored with in the file's history. */
	rc = store_history(&hist, s, path.ptr, err);
	if (rc)
		goto cleanup;
	for (size_t i = 0; i < hist.len; i++) {
		struct store_commit *c = hist.items[i];
		struct record *old = NULL;
		if (store_read_at(&old, s, c->oid, path.ptr, NULL) != 0)
			continue;
		const char *ov = record_get(old, "rubric", "version");
		if (ov && atol(ov) == version) {
			*out = old;
			goto cleanup;
		}
		record_free(old);
	}
	rc = err_set(err, JY_ENOTFOUND, L("评价量表 %s 没有第 %ld 版", "rubric %s has no version %ld"), id, version);
cleanup:
	record_free(cur);
	vec_free(&hist);
	buf_release(&path);
	return rc;
}

int rubric_score(struct record *obs, const struct record *rubric, struct jy_err *err)
{
	size_t n = rubric_indicator_count(rubric);
	long si = record_section_index(obs, "score");
	double total = 0;
	int scored = 0;
	if (si >= 0) {
		for (size_t j = 0; j < record_key_count(obs, (size_t)si); j++) {
			const char *key = record_key(obs, (size_t)si, j), *val = record_value(obs, (size_t)si, j);
			struct rubric_indicator ind = { 0 };
			size_t i;
			for (i = 0; i < n; i++) {
				rubric_indicator(rubric, i, &ind);
				if (strcmp(ind.id, key) == 0)
					break;
			}
			if (i == n)
				return err_set(err, JY_EINVAL,
					       L("评分项 score.%s：评价量表「%s」没有这一指标",
						 "score.%s: the rubric \"%s\" has no such indicator"),
					       key, record_get(rubric, "rubric", "name"));
			if (!*val)
				continue;
			double v;
			if (schema_parse_number(val, &v) != 0 || v < 0 || v > (double)ind.max)
				return err_set(err, JY_EINVAL,
					       L("评分项「%s」(score.%s)：「%s」无效，应为 0 到 %ld 之间的数（最多一位小数）",
						 "score \"%s\" (score.%s): \"%s\" is invalid; use a number from 0 to %ld"),
					       ind.name, key, val, ind.max);
			if (ind.max > 0)
				total += v / (double)ind.max * ind.weight;
			scored = 1;
		}
	}
	record_set(obs, "observation", "rubric", record_get(rubric, "rubric", "id"));
	record_set(obs, "observation", "rubric_version", record_get(rubric, "rubric", "version"));
	if (!scored) {
		record_unset(obs, "observation", "total");
		record_unset(obs, "observation", "grade");
		return 0;
	}
	char t[24];
	rubric_format_total(t, total);
	record_set(obs, "observation", "total", t);
	record_set(obs, "observation", "grade", rubric_grade(rubric, atof(t)));
	return 0;
}
