/* exam: the joint exam's record rules, blueprint, and the committee's acts on its sealed papers. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jiaoyan/assemble.h"
#include "jiaoyan/bank.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/id.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/paperout.h"
#include "jiaoyan/question.h"
#include "jiaoyan/records.h"
#include "jiaoyan/text.h"

static const char *const LEVEL_VALUES[EXAM_LEVELS] = { "remember", "understand", "apply", "analyse" };

static const char *get(const struct record *r, const char *key)
{
	return record_get(r, "exam", key);
}

/* ---- chapters ---- */

/* A number in Arabic digits or Chinese numerals (一 … 九十九) at *s; advances *s. 0 when none. */
static int read_number(const char **s)
{
	static const char *const cn[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	const char *p = *s;
	int n = 0, got = 0;
	while (*p >= '0' && *p <= '9' && n < 10000) {
		n = n * 10 + (*p++ - '0');
		got = 1;
	}
	if (got) {
		*s = p;
		return n;
	}
	int tens = 0, unit = 0;
	for (;;) {
		int d = -1;
		for (int k = 0; k < 10; k++)
			if (strncmp(p, cn[k], 3) == 0)
				d = k;
		if (d >= 0) {
			unit = d;
			got = 1;
			p += 3;
		} else if (strncmp(p, "十", 3) == 0) {
			tens = (got && unit ? unit : 1) * 10;
			unit = 0;
			got = 1;
			p += 3;
		} else {
			break;
		}
	}
	if (!got)
		return 0;
	*s = p;
	return tens + unit;
}

int exam_chapter_number(const char *chapter)
{
	static const char *const before[] = { "项目", "模块", "单元", "任务", "章节", "学习情境", "情境", "Chapter ", "chapter ", NULL };
	static const char *const after[] = { "章", "单元", "讲", "节", "部分", "篇", "模块", "项目", NULL };
	const char *p = chapter;
	if (!p)
		return 0;
	while (*p == ' ')
		p++;
	if (strncmp(p, "第", 3) == 0) {
		const char *q = p + 3;
		while (*q == ' ')
			q++;
		int n = read_number(&q);
		while (*q == ' ')
			q++;
		for (size_t i = 0; n && after[i]; i++)
			if (strncmp(q, after[i], strlen(after[i])) == 0)
				return n;
		return 0;
	}
	for (size_t i = 0; before[i]; i++)
		if (strncmp(p, before[i], strlen(before[i])) == 0) {
			const char *q = p + strlen(before[i]);
			while (*q == ' ')
				q++;
			return read_number(&q);
		}
	if (*p >= '0' && *p <= '9') {
		const char *q = p;
		int n = read_number(&q);
		if (!*q || *q == '.' || *q == ' ' || strncmp(q, "、", 3) == 0 || strncmp(q, "．", 3) == 0)
			return n;
	}
	return 0;
}

int exam_chapter_matches(const char *ref, const char *chapter)
{
	if (!ref || !chapter || !*chapter)
		return 0;
	if (strcmp(ref, chapter) == 0)
		return 1;
	if (*ref && strspn(ref, "0123456789") == strlen(ref)) {
		int n = atoi(ref);
		return n > 0 && exam_chapter_number(chapter) == n;
	}
	return 0;
}

/* ---- times ---- */

static int two(const char *s)
{
	return s[0] >= '0' && s[0] <= '9' && s[1] >= '0' && s[1] <= '9' ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
}

static int hhmm_valid(const char *s)
{
	int h = two(s), m = s[2] == ':' ? two(s + 3) : -1;
	return strlen(s) == 5 && h >= 0 && h < 24 && m >= 0 && m < 60;
}

int exam_release_parse(struct buf *out, const char *in, struct jy_err *err)
{
	char date[11];
	if (!in || strlen(in) != 16 || (in[10] != 'T' && in[10] != ' ')) {
		return err_set(err, JY_EINVAL, L("启封时间「%s」应写作 YYYY-MM-DDTHH:MM（本地时间）", "release time \"%s\": write YYYY-MM-DDTHH:MM (local time)"),
			       in ? in : "");
	}
	memcpy(date, in, 10);
	date[10] = '\0';
	if (!id_date_valid(date) || !hhmm_valid(in + 11))
		return err_set(err, JY_EINVAL, L("启封时间「%s」不是有效的日期和时间", "release time \"%s\" is not a real date and time"), in);
	buf_printf(out, "%sT%s", date, in + 11);
	return 0;
}

long long exam_release_time(const char *release)
{
	struct tm tm;
	memset(&tm, 0, sizeof(tm));
	if (!release || strlen(release) != 16 || sscanf(release, "%4d-%2d-%2dT%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
							    &tm.tm_hour, &tm.tm_min) != 5)
		return -1;
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	tm.tm_isdst = -1;
	return (long long)mktime(&tm);
}

int exam_released_time(const struct record *exam)
{
	long long t = exam_release_time(exam ? get(exam, "release") : NULL);
	return t >= 0 && (long long)id_now() >= t;
}

/* ---- normal forms ---- */

static int level_index(const char *s)
{
	static const char *const zh[] = { "识记", "理解", "应用", "分析" };
	static const char *const alias[] = { "记忆", "领会", "运用", "综合" };
	for (int i = 0; i < EXAM_LEVELS; i++)
		if (strcmp(s, LEVEL_VALUES[i]) == 0 || strcmp(s, zh[i]) == 0 || strcmp(s, alias[i]) == 0)
			return i;
	return -1;
}

/* "2.5-3.5", "2.5–3.5", "2.5~3.5" or "3" into lo/hi; 0 or -1. */
static int parse_range(const char *s, double *lo, double *hi)
{
	char *end;
	*lo = strtod(s, &end);
	if (end == s)
		return -1;
	while (*end == ' ')
		end++;
	if (!*end) {
		*hi = *lo;
		return 0;
	}
	if (*end == '-' || *end == '~')
		end++;
	else if (strncmp(end, "–", 3) == 0 || strncmp(end, "～", 3) == 0 || strncmp(end, "—", 3) == 0)
		end += 3;
	else
		return -1;
	while (*end == ' ')
		end++;
	const char *start = end;
	*hi = strtod(start, &end);
	if (end == start || *end || *hi < *lo)
		return -1;
	return 0;
}

static void fmt_range(struct buf *out, double lo, double hi)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	text_number(&a, lo);
	text_number(&b, hi);
	if (lo == hi)
		buf_puts(out, a.ptr);
	else
		buf_printf(out, "%s-%s", a.ptr, b.ptr);
	buf_release(&a);
	buf_release(&b);
}

/* Levels "识记:20,理解=30" → "remember:20,understand:30". */
static int parse_levels(double shares[EXAM_LEVELS], struct buf *norm, const char *s, struct jy_err *err)
{
	struct vec parts = VEC_INIT(free);
	int rc = 0;
	for (int l = 0; l < EXAM_LEVELS; l++)
		shares[l] = -1;
	struct buf copy = BUF_INIT;
	for (const char *p = s; *p; p++) {
		if (strncmp(p, "：", 3) == 0) {
			buf_putc(&copy, ':');
			p += 2;
		} else if (strncmp(p, "，", 3) == 0 || strncmp(p, "、", 3) == 0) {
			buf_putc(&copy, ',');
			p += 2;
		} else {
			buf_putc(&copy, *p == '=' ? ':' : *p);
		}
	}
	vec_split(&parts, copy.ptr, ',');
	for (size_t i = 0; i < parts.len && rc == 0; i++) {
		char *item = parts.items[i], *colon = strchr(item, ':'), *end;
		if (!colon) {
			rc = err_set(err, JY_EINVAL, L("认知层次比例「%s」应写作 层次:百分比，如 识记:20", "level share \"%s\": write LEVEL:PERCENT, e.g. remember:20"), item);
			break;
		}
		*colon = '\0';
		char *name = item;
		while (*name == ' ')
			name++;
		for (char *t = colon - 1; t >= name && *t == ' '; t--)
			*t = '\0';
		int l = level_index(name);
		double v = strtod(colon + 1, &end);
		while (*end == ' ' || *end == '%')
			end++;
		if (l < 0 || end == colon + 1 || *end || v < 0 || v > 100)
			rc = err_set(err, JY_EINVAL, L("认知层次比例「%s:%s」：层次为 识记 理解 应用 分析，比例为 0–100", "level share \"%s:%s\": levels remember understand apply analyse, shares 0-100"),
				     name, colon + 1);
		else
			shares[l] = v;
	}
	for (int l = 0; rc == 0 && norm && l < EXAM_LEVELS; l++)
		if (shares[l] >= 0) {
			struct buf n = BUF_INIT;
			text_number(&n, shares[l]);
			buf_printf(norm, "%s%s:%s", norm->len ? "," : "", LEVEL_VALUES[l], n.ptr);
			buf_release(&n);
		}
	buf_release(&copy);
	vec_free(&parts);
	return rc;
}

/* Papers "a, b" → "A,B". */
static int parse_papers(struct vec *out, const char *s, struct jy_err *err)
{
	struct vec parts = VEC_INIT(free);
	int rc = 0;
	vec_split(&parts, s, ',');
	for (size_t i = 0; i < parts.len && rc == 0; i++) {
		const char *u = paper_letter_upper(parts.items[i]);
		if (!u)
			rc = err_set(err, JY_EINVAL, L("试卷「%s」：只能是 A、B、C、D", "paper \"%s\": A, B, C or D only"), (char *)parts.items[i]);
		else if (vec_has_str(out, u))
			rc = err_set(err, JY_EINVAL, L("试卷 %s 写了两次", "paper %s given twice"), u);
		else
			vec_push_str(out, u);
	}
	if (rc == 0 && !out->len)
		rc = err_set(err, JY_EINVAL, "%s", L("至少要有一套试卷", "at least one paper"));
	vec_free(&parts);
	return rc;
}

int exam_normalise(struct record *r, struct jy_err *err)
{
	struct buf b = BUF_INIT;
	const char *v;
	int rc = 0;
	double lo, hi, shares[EXAM_LEVELS];
	if ((v = get(r, "release")) && *v && (rc = exam_release_parse(&b, v, err)) == 0)
		record_set(r, "exam", "release", b.ptr);
	if (rc == 0 && (v = get(r, "difficulty")) && *v) {
		if (parse_range(v, &lo, &hi) || lo < 1 || hi > 5)
			rc = err_set(err, JY_EINVAL, L("平均难度目标「%s」应写作 2.5-3.5（1 到 5 之间）", "mean difficulty \"%s\": write 2.5-3.5 (within 1-5)"), v);
		else {
			buf_reset(&b);
			fmt_range(&b, lo, hi);
			record_set(r, "exam", "difficulty", b.ptr);
		}
	}
	if (rc == 0 && (v = get(r, "levels")) && *v) {
		buf_reset(&b);
		if ((rc = parse_levels(shares, &b, v, err)) == 0)
			record_set(r, "exam", "levels", b.ptr);
	}
	if (rc == 0 && (v = get(r, "papers")) && *v) {
		struct vec ps = VEC_INIT(free);
		if ((rc = parse_papers(&ps, v, err)) == 0) {
			buf_reset(&b);
			for (size_t i = 0; i < ps.len; i++)
				buf_printf(&b, "%s%s", i ? "," : "", (char *)ps.items[i]);
			record_set(r, "exam", "papers", b.ptr);
		}
		vec_free(&ps);
	}
	for (size_t i = 0; rc == 0 && i < record_section_count(r); i++) {
		const char *sec = record_section(r, i);
		if (strncmp(sec, "blueprint.", 10) != 0 || !(v = record_get(r, sec, "difficulty")) || !*v)
			continue;
		if (parse_range(v, &lo, &hi) || lo != floor(lo) || hi != floor(hi) || lo < 1 || hi > 5) {
			rc = err_set(err, JY_EINVAL, L("[%s] 难度「%s」应写作 3 或 2-3（1 到 5 的整数）", "[%s] difficulty \"%s\": write 3 or 2-3 (whole numbers 1-5)"), sec, v);
		} else {
			buf_reset(&b);
			fmt_range(&b, lo, hi);
			record_set(r, sec, "difficulty", b.ptr);
		}
	}
	buf_release(&b);
	return rc;
}

/* ---- the blueprint ---- */

static void row_free(void *p)
{
	struct exam_row *r = p;
	vec_free(&r->chapters);
	free(r);
}

void exam_blueprint_init(struct exam_blueprint *bp)
{
	memset(bp, 0, sizeof(*bp));
	vec_init(&bp->rows, row_free);
	vec_init(&bp->scope, free);
	vec_init(&bp->papers, free);
	bp->coverage = 100;
	bp->level_tol = 5;
	for (int l = 0; l < EXAM_LEVELS; l++)
		bp->levels[l] = -1;
}

void exam_blueprint_release(struct exam_blueprint *bp)
{
	vec_free(&bp->rows);
	vec_free(&bp->scope);
	vec_free(&bp->papers);
}

double exam_blueprint_points(const struct exam_blueprint *bp)
{
	double t = 0;
	for (size_t i = 0; i < bp->rows.len; i++) {
		const struct exam_row *r = bp->rows.items[i];
		t += r->count * r->points;
	}
	return t;
}

int exam_blueprint_read(struct exam_blueprint *bp, const struct record *exam, struct jy_err *err)
{
	const char *v;
	int rc = 0;
	double lo, hi;
	exam_blueprint_init(bp);
	if ((v = get(exam, "total")))
		schema_parse_number(v, &bp->total);
	if ((v = get(exam, "difficulty")) && *v) {
		if (parse_range(v, &lo, &hi))
			return err_set(err, JY_EINVAL, L("平均难度目标「%s」无法读取", "mean difficulty \"%s\" cannot be read"), v);
		bp->dmean_min = lo;
		bp->dmean_max = hi;
	}
	if ((v = get(exam, "coverage")))
		bp->coverage = (unsigned)atoi(v);
	if ((v = get(exam, "level_tolerance")))
		bp->level_tol = atof(v);
	if ((v = get(exam, "levels")) && *v && (rc = parse_levels(bp->levels, NULL, v, err)))
		return rc;
	vec_split(&bp->scope, get(exam, "chapters"), ',');
	if ((rc = parse_papers(&bp->papers, (v = get(exam, "papers")) && *v ? v : "A,B", err)))
		return rc;
	for (unsigned n = 1;; n++) {
		char sec[32];
		snprintf(sec, sizeof(sec), "blueprint.%u", n);
		if (!record_has_section(exam, sec))
			break;
		struct exam_row *r = xcalloc(1, sizeof(*r));
		vec_init(&r->chapters, free);
		vec_push(&bp->rows, r);
		r->type = question_type_of(record_get(exam, sec, "type"));
		r->count = (v = record_get(exam, sec, "count")) ? (unsigned)atoi(v) : 0;
		if (!(v = record_get(exam, sec, "points")) || schema_parse_number(v, &r->points))
			r->points = 0;
		r->dmin = 1;
		r->dmax = 5;
		if ((v = record_get(exam, sec, "difficulty")) && *v) {
			if (parse_range(v, &lo, &hi) || lo < 1 || hi > 5)
				return err_set(err, JY_EINVAL, L("[%s] 难度「%s」无法读取", "[%s] difficulty \"%s\" cannot be read"), sec, v);
			r->dmin = (int)lo;
			r->dmax = (int)hi;
		}
		r->level = (v = record_get(exam, sec, "level")) ? level_index(v) : -1;
		vec_split(&r->chapters, record_get(exam, sec, "chapters"), ',');
		if (r->type < 0 || !r->count)
			return err_set(err, JY_EINVAL, L("[%s] 须有题型和题数", "[%s] needs a type and a count"), sec);
	}
	return 0;
}

/* ---- who ---- */

int exam_on_committee(const struct record *exam, const char *person)
{
	struct vec m = VEC_INIT(free);
	int yes;
	if (!exam || !person)
		return 0;
	vec_split(&m, get(exam, "committee"), ',');
	yes = vec_has_str(&m, person);
	vec_free(&m);
	return yes;
}

static int lead_or_admin(struct store *s, const struct actor *a, const struct record *exam)
{
	return (actor_is_admin(a) && a->lead_college) || records_lead_of(s, a, get(exam, "specialty"));
}

int exam_may(struct store *s, const struct actor *a, const struct record *exam, enum exam_act act, struct jy_err *err)
{
	int on = a->id && exam_on_committee(exam, a->id), lead = lead_or_admin(s, a, exam);
	switch (act) {
	case EXAM_ACT_CREATE:
	case EXAM_ACT_COMMITTEE:
	case EXAM_ACT_DELETE:
		if (lead)
			return 0;
		return err_set(err, JY_EPERM, "%s",
			       L("只有该专业的专业负责人可以设立联考、指定命题组", "only a lead of the specialty sets up an exam and names its committee"));
	case EXAM_ACT_BLUEPRINT:
	case EXAM_ACT_PAPERS:
		if (on)
			return 0;
		return err_set(err, JY_EPERM, "%s",
			       L("只有命题组成员可以编制双向细目表、组卷和处理试卷", "only committee members edit the blueprint and the papers"));
	case EXAM_ACT_EDIT:
		if (on || lead)
			return 0;
		return err_set(err, JY_EPERM, "%s",
			       L("只有专业负责人和命题组成员可以修改联考信息", "only the specialty's lead and the committee edit the exam"));
	}
	return JY_EPERM;
}

void exam_possible_authors(struct vec *ids, struct store *s, const struct record *prev, const struct record *next)
{
	const struct record *rs[2] = { prev, next };
	for (int k = 0; k < 2; k++) {
		struct vec m = VEC_INIT(free);
		if (!rs[k])
			continue;
		vec_split(&m, get(rs[k], "committee"), ',');
		for (size_t i = 0; i < m.len; i++)
			if (!vec_has_str(ids, m.items[i]))
				vec_push_str(ids, m.items[i]);
		vec_free(&m);
		struct record *sp = NULL;
		struct buf path = BUF_INIT;
		const char *spec = get(rs[k], "specialty");
		if (spec && id_component_valid(spec)) {
			buf_printf(&path, "specialties/%s.ini", spec);
			if (store_read(&sp, s, path.ptr, NULL) == 0) {
				vec_split(&m, record_get(sp, "specialty", "leads"), ',');
				for (size_t i = 0; i < m.len; i++)
					if (!vec_has_str(ids, m.items[i]))
						vec_push_str(ids, m.items[i]);
				vec_free(&m);
			}
		}
		record_free(sp);
		buf_release(&path);
	}
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* 1 when some key of a section matching prefix differs between a and b. */
static int sections_differ(const struct record *a, const struct record *b, const char *prefix, const char *only_key)
{
	const struct record *rs[2] = { a, b };
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; rs[k] && i < record_section_count(rs[k]); i++) {
			const char *sec = record_section(rs[k], i);
			if (strncmp(sec, prefix, strlen(prefix)) != 0)
				continue;
			for (size_t j = 0; j < record_key_count(rs[k], i); j++) {
				const char *key = record_key(rs[k], i, j);
				if (only_key && strcmp(key, only_key) != 0)
					continue;
				if (!same(record_value(rs[k], i, j), rs[1 - k] ? record_get(rs[1 - k], sec, key) : NULL))
					return 1;
			}
		}
	return 0;
}

static int has_papers(struct store *s, const struct record *exam)
{
	struct vec ps = VEC_INIT(store_item_free);
	paper_list(&ps, s, exam, NULL);
	int n = ps.len > 0;
	vec_free(&ps);
	return n;
}

static int exam_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
		       struct jy_err *err)
{
	int rc;
	if (!prev)
		return exam_may(s, a, next, EXAM_ACT_CREATE, err);
	if (!next) {
		if ((rc = exam_may(s, a, prev, EXAM_ACT_DELETE, err)))
			return rc;
		if (has_papers(s, prev))
			return err_set(err, JY_EPERM, "%s", L("联考已有试卷，不能删除", "the exam has papers: it cannot be deleted"));
		return 0;
	}
	/*
	 * A change of committee, specialty or release time is the lead's: the committee alone cannot move the
	 * time its papers open to everyone. The blueprint is the committee's (as it was).
	 */
	if (!same(get(prev, "committee"), get(next, "committee")) || !same(get(prev, "specialty"), get(next, "specialty")) ||
	    !same(get(prev, "release"), get(next, "release")))
		if ((rc = exam_may(s, a, prev, EXAM_ACT_COMMITTEE, err)) || (rc = exam_may(s, a, next, EXAM_ACT_COMMITTEE, err)))
			return rc;
	if (sections_differ(prev, next, "blueprint.", NULL) && (rc = exam_may(s, a, prev, EXAM_ACT_BLUEPRINT, err)))
		return rc;
	if (!same(get(prev, "course"), get(next, "course")) && has_papers(s, prev))
		return err_set(err, JY_EPERM, "%s", L("已组卷的联考不能改课程", "the course of an assembled exam cannot change"));
	if (sections_differ(prev, next, "exam", NULL) && (rc = exam_may(s, a, prev, EXAM_ACT_EDIT, err)))
		return rc;
	return 0;
}

static void exam_validate(struct store *s, const struct record *r, struct vec *problems)
{
	struct jy_err e = JY_ERR_INIT;
	struct exam_blueprint bp;
	struct buf path = BUF_INIT, tmp = BUF_INIT;
	const char *v;
	if ((v = get(r, "release")) && *v && (strlen(v) != 16 || v[10] != 'T' || exam_release_parse(&tmp, v, &e) != 0))
		vec_push_strf(problems, L("字段「启封时间」(exam.release)：「%s」应为 YYYY-MM-DDTHH:MM", "field \"release time\" (exam.release): \"%s\" should be YYYY-MM-DDTHH:MM"), v);
	if ((v = get(r, "start")) && *v && !hhmm_valid(v))
		vec_push_strf(problems, L("字段「开考时间」(exam.start)：「%s」应为 HH:MM", "field \"start time\" (exam.start): \"%s\" should be HH:MM"), v);
	if (exam_blueprint_read(&bp, r, &e) != 0)
		vec_push_strf(problems, "%s", e.msg);
	exam_blueprint_release(&bp);
	const char *spec = get(r, "specialty"), *course = get(r, "course");
	if (spec && course && id_component_valid(spec) && id_component_valid(course)) {
		buf_printf(&path, "courses/%s/%s.ini", spec, course);
		if (!store_exists(s, path.ptr))
			vec_push_strf(problems, L("字段「课程代码」(exam.course)：专业 %s 没有课程 %s", "field \"course code\" (exam.course): specialty %s has no course %s"),
				spec, course);
	}
	struct vec members = VEC_INIT(free);
	vec_split(&members, get(r, "committee"), ',');
	for (size_t i = 0; i < members.len; i++) {
		struct record *p = NULL;
		if (roster_person(&p, s, members.items[i], NULL) == 0) {
			struct vec roles = VEC_INIT(free);
			vec_split(&roles, record_get(p, "person", "roles"), ',');
			if (!vec_has_str(&roles, "examiner"))
				vec_push_strf(problems, L("命题组成员 %s 不是命题教师（角色 examiner）", "committee member %s is not an examiner (role examiner)"),
					(char *)members.items[i]);
			vec_free(&roles);
		}
		record_free(p);
	}
	vec_free(&members);
	buf_release(&path);
	buf_release(&tmp);
}

static int exam_complete(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	(void)s, (void)a;
	return exam_normalise(r, err);
}

static void exam_describe(struct buf *out, struct store *s, const struct record *r)
{
	(void)s;
	buf_printf(out, "%s（%s %s）", get(r, "name") ? get(r, "name") : "?", get(r, "term") ? get(r, "term") : "",
		   get(r, "course") ? get(r, "course") : "");
}

const struct type_ops exam_type_ops = {
	.type = "exam",
	.complete = exam_complete,
	.validate = exam_validate,
	.permit = exam_permit,
	.describe = exam_describe,
};

/* ---- reading and writing the record ---- */

int exam_load(struct record **out, struct buf *path_out, struct store *s, const char *id, struct jy_err *err)
{
	struct buf path = BUF_INIT, spec = BUF_INIT;
	int rc;
	if (!strchr(id, '/'))
		buf_printf(&spec, "exam/%s", id);
	else
		buf_puts(&spec, id);
	rc = store_resolve(&path, s, spec.ptr, err);
	if (rc == 0 && schema_type_of_path(path.ptr) != schema_type("exam"))
		rc = err_set(err, JY_ENOTFOUND, L("「%s」不是联考", "\"%s\" is not an exam"), id);
	if (rc == JY_ENOTFOUND)
		err_set(err, JY_ENOTFOUND, L("没有联考「%s」", "no exam \"%s\""), id);
	if (rc == 0)
		rc = store_read(out, s, path.ptr, err);
	if (rc == 0 && path_out)
		buf_puts(path_out, path.ptr);
	buf_release(&path);
	buf_release(&spec);
	return rc;
}

int exam_new(struct buf *id_out, struct store *s, const struct actor *a, const struct record *in, struct jy_err *err)
{
	return records_add(id_out, s, a, schema_type("exam"), in, err);
}

static int update_exam(struct store *s, const struct actor *a, const char *path, struct record *next, const char *verb,
		       struct jy_err *err)
{
	int rc = exam_normalise(next, err);
	return rc ? rc : records_update(s, a, path, next, verb, err);
}

int exam_blueprint_add(struct store *s, const struct actor *a, const char *id, const struct vec *assignments,
		       struct jy_err *err)
{
	struct record *exam = NULL, *next = NULL;
	struct buf path = BUF_INIT, as = BUF_INIT;
	unsigned n = 1;
	int rc = exam_load(&exam, &path, s, id, err);
	if (rc || (rc = exam_may(s, a, exam, EXAM_ACT_BLUEPRINT, err)))
		goto cleanup;
	char sec[32];
	do
		snprintf(sec, sizeof(sec), "blueprint.%u", n++);
	while (record_has_section(exam, sec));
	next = record_dup(exam);
	const struct type_def *t = schema_type("exam");
	for (size_t i = 0; i < assignments->len && rc == 0; i++) {
		const char *asg = assignments->items[i];
		buf_reset(&as);
		buf_printf(&as, "%s.%s", sec, asg);
		/* type=单选 and level=理解 as a person types them. */
		const char *eq = strchr(asg, '=');
		if (eq && strncmp(asg, "type=", 5) == 0) {
			struct record *tmp = record_new();
			if (question_cell(tmp, "type", eq + 1, NULL) == 0 && record_get(tmp, "question", "type")) {
				buf_reset(&as);
				buf_printf(&as, "%s.type=%s", sec, record_get(tmp, "question", "type"));
			}
			record_free(tmp);
		}
		rc = records_assign(next, t, as.ptr, err);
	}
	if (rc == 0)
		rc = update_exam(s, a, path.ptr, next, L("双向细目表", "blueprint "), err);
cleanup:
	record_free(exam);
	record_free(next);
	buf_release(&path);
	buf_release(&as);
	return rc;
}

int exam_blueprint_rm(struct store *s, const struct actor *a, const char *id, unsigned n, struct jy_err *err)
{
	struct record *exam = NULL, *next = NULL;
	struct buf path = BUF_INIT;
	char sec[32], to[32];
	int rc = exam_load(&exam, &path, s, id, err);
	if (rc || (rc = exam_may(s, a, exam, EXAM_ACT_BLUEPRINT, err)))
		goto cleanup;
	snprintf(sec, sizeof(sec), "blueprint.%u", n);
	if (!n || !record_has_section(exam, sec)) {
		rc = err_set(err, JY_EINVAL, L("双向细目表没有第 %u 行", "the blueprint has no row %u"), n);
		goto cleanup;
	}
	next = record_dup(exam);
	record_remove_section(next, sec);
	for (unsigned k = n + 1;; k++) {
		snprintf(sec, sizeof(sec), "blueprint.%u", k);
		long at = record_section_index(exam, sec);
		if (at < 0)
			break;
		snprintf(to, sizeof(to), "blueprint.%u", k - 1);
		record_remove_section(next, sec);
		for (size_t j = 0; j < record_key_count(exam, (size_t)at); j++)
			record_set(next, to, record_key(exam, (size_t)at, j), record_value(exam, (size_t)at, j));
	}
	rc = update_exam(s, a, path.ptr, next, L("双向细目表", "blueprint "), err);
cleanup:
	record_free(exam);
	record_free(next);
	buf_release(&path);
	return rc;
}

/* ---- papers as people see them ---- */

enum exam_paper_state exam_paper_state(struct store *s, const struct record *exam, const char *letter)
{
	struct record *p = NULL;
	struct buf path = BUF_INIT;
	enum exam_paper_state st = EXAM_PAPER_NONE;
	paper_path(&path, get(exam, "term") ? get(exam, "term") : "", get(exam, "id") ? get(exam, "id") : "", letter);
	if (store_read(&p, s, path.ptr, NULL) == 0) {
		const char *rel = record_get(p, "seal", "release");
		struct vec rec = VEC_INIT(free), com = VEC_INIT(free);
		vec_split(&com, get(exam, "committee"), ',');
		for (size_t i = 0; i < record_section_count(p); i++)
			if (strncmp(record_section(p, i), "recipient.", 10) == 0 && record_get(p, record_section(p, i), "person"))
				vec_push_str(&rec, record_get(p, record_section(p, i), "person"));
		int same_committee = rec.len == com.len;
		for (size_t i = 0; same_committee && i < com.len; i++)
			same_committee = vec_has_str(&rec, com.items[i]);
		if (paper_is_released(p))
			st = EXAM_PAPER_RELEASED;
		else if (!same(rel, get(exam, "release")) || !same_committee)
			st = EXAM_PAPER_STALE;
		else
			st = EXAM_PAPER_SEALED;
		vec_free(&rec);
		vec_free(&com);
	}
	record_free(p);
	buf_release(&path);
	return st;
}

const char *exam_paper_state_label(enum exam_paper_state st)
{
	switch (st) {
	case EXAM_PAPER_NONE:
		return L("未组卷", "not assembled");
	case EXAM_PAPER_SEALED:
		return L("已密封", "sealed");
	case EXAM_PAPER_STALE:
		return L("须重新密封", "needs re-sealing");
	case EXAM_PAPER_RELEASED:
		return L("已启封", "released");
	}
	return "?";
}

void exam_check_row_free(void *row)
{
	struct exam_check_row *r = row;
	if (!r)
		return;
	free(r->paper);
	free(r->what);
	free(r->target);
	free(r->actual);
	free(r);
}

void exam_paper_item_free(void *item)
{
	struct exam_paper_item *it = item;
	if (!it)
		return;
	free(it->question);
	free(it->type);
	free(it->answer);
	free(it->chapter);
	free(it->level);
	free(it);
}

/* ---- the bank and the history, gathered for the search and the check ---- */

struct pool {
	struct vec all;   /* struct store_item * of every item of the course, by id */
	struct vec roots; /* owned strings, parallel to all */
	struct assemble_item *items; /* approved ones */
	const struct record **recs;  /* their records (borrowed from all) */
	size_t n;
	struct vec prev_roots[2];    /* owned strings */
	int prev_known[2], prev_exists[2];
	struct vec avoid_roots;      /* owned strings */
	unsigned recent;
	double overlap_prev, overlap_papers;
};

static int item_cmp(const void *a, const void *b)
{
	return strcmp(((const struct store_item *)a)->id, ((const struct store_item *)b)->id);
}

static const struct store_item *pool_find(const struct pool *p, const char *id)
{
	size_t lo = 0, hi = p->all.len;
	while (id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct store_item *it = p->all.items[mid];
		int c = strcmp(it->id, id);
		if (!c)
			return it;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *pool_root(const struct pool *p, const char *id)
{
	const struct store_item *it = pool_find(p, id);
	for (size_t i = 0; it && i < p->all.len; i++)
		if (p->all.items[i] == it)
			return p->roots.items[i];
	return id;
}

static void pool_release(struct pool *p)
{
	vec_free(&p->all);
	vec_free(&p->roots);
	free(p->items);
	free(p->recs);
	vec_free(&p->prev_roots[0]);
	vec_free(&p->prev_roots[1]);
	vec_free(&p->avoid_roots);
}

static int group_int(struct store *s, const char *key, int dflt)
{
	struct record *g = NULL;
	int v = dflt;
	if (store_read(&g, s, "group.ini", NULL) == 0 && record_get(g, "exam", key))
		v = atoi(record_get(g, "exam", key));
	record_free(g);
	return v;
}

/* A sortable "when" of an exam: its date, else the start of its term. */
static void when_of(struct buf *out, const struct record *exam)
{
	const char *date = get(exam, "date"), *term = get(exam, "term");
	if (date && *date)
		buf_puts(out, date);
	else if (term && strlen(term) == 11)
		buf_printf(out, "%.4s-%s", term[10] == '1' ? term : term + 5, term[10] == '1' ? "09-01" : "03-01");
}

struct sitting {
	char *when;
	struct record *exam;
};

static void sitting_free(void *p)
{
	struct sitting *s = p;
	free(s->when);
	record_free(s->exam);
	free(s);
}

static int later_first(const void *a, const void *b)
{
	const struct sitting *x = a, *y = b;
	int c = strcmp(y->when, x->when);
	return c ? c : strcmp(get(y->exam, "id"), get(x->exam, "id"));
}

/* The roots of every item of every paper of exam, when they can be read (released, or key opens them). */
static int sitting_roots(struct vec *roots, struct store *s, const struct pool *pool, const struct record *exam,
			 const struct keyring_key *key)
{
	struct vec papers = VEC_INIT(store_item_free);
	int known = 1;
	paper_list(&papers, s, exam, NULL);
	for (size_t i = 0; i < papers.len; i++) {
		const struct store_item *it = papers.items[i];
		struct paper_body *b = NULL;
		const struct keyring_key *k = key && exam_on_committee(exam, keyring_key_person(key)) ? key : NULL;
		if (paper_open(&b, s, exam, it->rec, k, 0, NULL) != 0) {
			known = 0;
			continue;
		}
		for (size_t j = 0; j < b->items.len; j++) {
			const struct paper_item *pi = b->items.items[j];
			const char *root = pool_root(pool, record_get(pi->q, "question", "id"));
			if (!vec_has_str(roots, root))
				vec_push_str(roots, root);
		}
		paper_body_free(b);
	}
	int any = papers.len > 0;
	vec_free(&papers);
	return known && any;
}

static int pool_load(struct pool *p, struct store *s, const struct record *exam, const struct keyring_key *key,
		     struct jy_err *err)
{
	struct bank_filter f = { 0 };
	struct vec sittings = VEC_INIT(sitting_free), exams = VEC_INIT(store_item_free);
	struct buf mine = BUF_INIT;
	int rc;
	memset(p, 0, sizeof(*p));
	vec_init(&p->all, store_item_free);
	vec_init(&p->roots, free);
	vec_init(&p->prev_roots[0], free);
	vec_init(&p->prev_roots[1], free);
	vec_init(&p->avoid_roots, free);
	p->recent = (unsigned)group_int(s, "recent", 1);
	p->overlap_prev = group_int(s, "overlap_previous", 30) / 100.0;
	p->overlap_papers = group_int(s, "overlap_papers", 10) / 100.0;
	f.specialty = get(exam, "specialty");
	f.course = get(exam, "course");
	if ((rc = bank_list(&p->all, s, &f, err)))
		goto cleanup;
	vec_sort(&p->all, item_cmp);
	for (size_t i = 0; i < p->all.len; i++) {
		const struct store_item *it = p->all.items[i];
		const char *id = it->id, *prev;
		/* Follow previous versions to the first one; bounded against cycles. */
		for (size_t hop = 0; hop < 1000; hop++) {
			const struct store_item *x = pool_find(p, id);
			if (!x || !(prev = record_get(x->rec, "question", "previous")) || !pool_find(p, prev))
				break;
			id = pool_find(p, prev)->id;
		}
		vec_push_str(&p->roots, id);
	}
	/* Earlier sittings of the course, latest first. */
	struct store_query q = { .type = "exam" };
	if ((rc = store_list(&exams, s, &q, NULL, err)))
		goto cleanup;
	when_of(&mine, exam);
	for (size_t i = 0; i < exams.len; i++) {
		struct store_item *it = exams.items[i];
		struct buf w = BUF_INIT;
		if (same(get(it->rec, "id"), get(exam, "id")) || !same(get(it->rec, "course"), get(exam, "course")) ||
		    !same(get(it->rec, "specialty"), get(exam, "specialty"))) {
			buf_release(&w);
			continue;
		}
		when_of(&w, it->rec);
		if (strcmp(w.ptr, mine.ptr) >= 0) {
			buf_release(&w);
			continue;
		}
		struct sitting *st = xcalloc(1, sizeof(*st));
		st->when = buf_detach(&w);
		st->exam = it->rec;
		it->rec = NULL;
		vec_push(&sittings, st);
	}
	vec_sort(&sittings, later_first);
	for (size_t n = 0, i = 0; n < sittings.len && (i < 2 || i < p->recent); n++) {
		const struct sitting *st = sittings.items[n];
		struct vec roots = VEC_INIT(free), recs = VEC_INIT(store_item_free);
		/* An exam never assembled was no sitting. */
		paper_list(&recs, s, st->exam, NULL);
		size_t npapers = recs.len;
		vec_free(&recs);
		if (!npapers)
			continue;
		int known = sitting_roots(&roots, s, p, st->exam, key);
		if (i < 2) {
			p->prev_exists[i] = 1;
			p->prev_known[i] = known;
			for (size_t k = 0; k < roots.len; k++)
				vec_push_str(&p->prev_roots[i], roots.items[k]);
		}
		if (i < p->recent)
			for (size_t k = 0; k < roots.len; k++)
				if (!vec_has_str(&p->avoid_roots, roots.items[k]))
					vec_push_str(&p->avoid_roots, roots.items[k]);
		vec_free(&roots);
		i++;
	}
	p->items = xcalloc(p->all.len ? p->all.len : 1, sizeof(*p->items));
	p->recs = xcalloc(p->all.len ? p->all.len : 1, sizeof(*p->recs));
	for (size_t i = 0; i < p->all.len; i++) {
		const struct store_item *it = p->all.items[i];
		const char *st = record_get(it->rec, "question", "state"), *v;
		if (!st || strcmp(st, "approved") != 0)
			continue;
		struct assemble_item *ai = &p->items[p->n];
		ai->id = it->id;
		ai->root = p->roots.items[i];
		ai->chapter = (v = record_get(it->rec, "question", "chapter")) ? v : "";
		ai->type = question_type_of(record_get(it->rec, "question", "type"));
		ai->difficulty = (v = record_get(it->rec, "question", "difficulty")) ? atoi(v) : 3;
		ai->level = (v = record_get(it->rec, "question", "level")) ? level_index(v) : -1;
		ai->avoid = vec_has_str(&p->avoid_roots, ai->root);
		/* What the released papers' scores say about this version: assembly prefers items that discriminate. */
		struct bank_usage use;
		if (bank_usage(&use, s, it->id, NULL) == 0 && use.has_stats) {
			ai->has_d = 1;
			ai->d = use.d;
		}
		bank_usage_release(&use);
		p->recs[p->n++] = it->rec;
	}
cleanup:
	vec_free(&sittings);
	vec_free(&exams);
	buf_release(&mine);
	return rc;
}

/* The scope chapters: [exam] chapters, else every chapter of the course's approved items. */
static void scope_of(struct vec *out, const struct exam_blueprint *bp, const struct pool *p)
{
	if (bp->scope.len) {
		for (size_t i = 0; i < bp->scope.len; i++)
			vec_push_str(out, bp->scope.items[i]);
		return;
	}
	for (size_t i = 0; i < p->n; i++)
		if (*p->items[i].chapter && !vec_has_str(out, p->items[i].chapter))
			vec_push_str(out, p->items[i].chapter);
	vec_sort(out, (int (*)(const void *, const void *))strcmp);
}

static void problem_of(struct assemble_problem *pr, const struct exam_blueprint *bp, const struct pool *p,
		       const struct vec *scope, size_t npapers, unsigned long long seed)
{
	memset(pr, 0, sizeof(*pr));
	pr->bp = bp;
	pr->items = p->items;
	pr->nitems = p->n;
	pr->scope = (const char *const *)scope->items;
	pr->nscope = scope->len;
	pr->npapers = npapers;
	for (int j = 0; j < 2; j++)
		pr->previous[j] = p->prev_exists[j] && p->prev_known[j] ? &p->prev_roots[j] : NULL;
	pr->recent = p->recent;
	pr->overlap_prev = p->overlap_prev;
	pr->overlap_papers = p->overlap_papers;
	pr->seed = seed;
}

/* ---- the committee's acts ---- */

/* Loads the exam and checks the actor's right and key for an act on its papers. */
static int begin_act(struct record **exam, struct buf *path, struct store *s, const struct actor *a, const char *id,
		     const struct keyring_key *key, struct jy_err *err)
{
	int rc = actor_can_write(a, err);
	if (rc || (rc = exam_load(exam, path, s, id, err)) || (rc = exam_may(s, a, *exam, EXAM_ACT_PAPERS, err)))
		return rc;
	if (!key || !a->id || strcmp(keyring_key_person(key), a->id) != 0)
		return err_set(err, JY_EPERM, "%s", L("需要你本人的密钥（口令）", "your own key (passphrase) is needed"));
	return 0;
}

/* Validates and permits one paper record as the hook would (with the exam given), stages it. */
static int stage_paper(struct store_txn *txn, struct store *s, const struct actor *a, const struct record *exam,
		       const struct record *paper, struct jy_err *err)
{
	const struct type_def *t = schema_type("paper");
	struct vec problems = VEC_INIT(free);
	struct record *prev = NULL;
	struct buf path = BUF_INIT, enc = BUF_INIT, msg = BUF_INIT;
	struct records_limits lim;
	int rc = schema_path(&path, t, paper, err);
	if (rc)
		goto cleanup;
	store_read(&prev, s, path.ptr, NULL);
	if ((rc = records_permit(s, a, t, prev, paper, err)))
		goto cleanup;
	schema_validate_all(t, paper, &problems);
	paper_problems(s, paper, exam, &problems);
	records_limits(&lim, s);
	if (codec_encode(&enc, paper, NULL) == 0 && enc.len > lim.record_bytes)
		vec_push_strf(&problems, L("试卷记录 %zu 字节，超过上限 %zu 字节（group.ini [limits] record_bytes）",
				     "the paper record is %zu bytes, over the limit of %zu (group.ini [limits] record_bytes)"),
			enc.len, lim.record_bytes);
	if (problems.len) {
		for (size_t i = 0; i < problems.len; i++)
			buf_printf(&msg, "%s%s", i ? "\n" : "", (char *)problems.items[i]);
		rc = err_set(err, JY_EINVAL, "%s", msg.ptr);
		goto cleanup;
	}
	rc = store_txn_put(txn, path.ptr, paper, err);
cleanup:
	record_free(prev);
	vec_free(&problems);
	buf_release(&path);
	buf_release(&enc);
	buf_release(&msg);
	return rc;
}

static int commit(struct store_txn *txn, const struct actor *a, const char *message, struct jy_err *err)
{
	struct store_sig sig;
	actor_sig(a, &sig);
	return store_txn_commit(txn, &sig, message, NULL, err);
}

/* The check of opened papers against the exam's blueprint and the history. */
static void check_bodies(struct vec *rows, const struct record *exam, const struct exam_blueprint *bp, const struct pool *p,
			 struct paper_body *const *bodies, size_t n)
{
	struct vec scope = VEC_INIT(free);
	struct assemble_problem pr;
	struct assemble_paper papers[4];
	struct assemble_item *items[4] = { NULL };
	const struct assemble_item **ptrs[4] = { NULL };
	double *points[4] = { NULL };
	int *rowsof[4] = { NULL };
	int unknown[2];
	(void)exam;
	scope_of(&scope, bp, p);
	problem_of(&pr, bp, p, &scope, n, 0);
	for (int j = 0; j < 2; j++)
		unknown[j] = p->prev_exists[j] && !p->prev_known[j];
	for (size_t q = 0; q < n && q < 4; q++) {
		const struct paper_body *b = bodies[q];
		size_t k = b->items.len;
		items[q] = xcalloc(k ? k : 1, sizeof(struct assemble_item));
		ptrs[q] = xcalloc(k ? k : 1, sizeof(struct assemble_item *));
		points[q] = xcalloc(k ? k : 1, sizeof(double));
		rowsof[q] = xcalloc(k ? k : 1, sizeof(int));
		for (size_t j = 0; j < k; j++) {
			const struct paper_item *pi = b->items.items[j];
			const char *v, *id = record_get(pi->q, "question", "id");
			struct assemble_item *ai = &items[q][j];
			ai->id = id;
			ai->root = pool_root(p, id);
			ai->chapter = (v = record_get(pi->q, "question", "chapter")) ? v : "";
			ai->type = question_type_of(record_get(pi->q, "question", "type"));
			ai->difficulty = (v = record_get(pi->q, "question", "difficulty")) ? atoi(v) : 3;
			ai->level = (v = record_get(pi->q, "question", "level")) ? level_index(v) : -1;
			ptrs[q][j] = ai;
			if (!(v = record_get(pi->q, "question", "points")) || schema_parse_number(v, &points[q][j]))
				points[q][j] = 0;
			rowsof[q][j] = (int)pi->row - 1;
		}
		papers[q].letter = b->letter;
		papers[q].n = k;
		papers[q].items = ptrs[q];
		papers[q].points = points[q];
		papers[q].rows = rowsof[q];
	}
	assemble_check(rows, &pr, papers, n, unknown);
	for (size_t q = 0; q < 4; q++) {
		free(items[q]);
		free(ptrs[q]);
		free(points[q]);
		free(rowsof[q]);
	}
	vec_free(&scope);
}

int exam_assemble(struct vec *check, struct store *s, const struct actor *a, const char *id,
		  const struct exam_assemble_opts *opts, const struct keyring_key *key, struct jy_err *err)
{
	struct record *exam = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT, ppath = BUF_INIT;
	struct exam_blueprint bp;
	struct pool pool;
	struct vec scope = VEC_INIT(free), papers = VEC_INIT(free), shortfall = VEC_INIT(free), old = VEC_INIT(store_item_free);
	struct assemble_result res;
	struct assemble_problem pr;
	struct paper_body *bodies[4] = { NULL };
	struct store_txn *txn = NULL;
	char now[17];
	int rc, have_pool = 0, have_res = 0;
	exam_blueprint_init(&bp);
	memset(&res, 0, sizeof(res));
	if ((rc = begin_act(&exam, &path, s, a, id, key, err)))
		goto cleanup;
	exam_blueprint_release(&bp);
	if ((rc = exam_blueprint_read(&bp, exam, err)))
		goto cleanup;
	if ((rc = parse_papers(&papers, opts && opts->papers ? opts->papers : (get(exam, "papers") ? get(exam, "papers") : "A,B"),
			       err)))
		goto cleanup;
	if (!get(exam, "release")) {
		rc = err_set(err, JY_EINVAL, "%s", L("联考还没有启封时间（release）：试卷按启封时间密封", "the exam has no release time yet: papers are sealed for one"));
		err_hint(err, "exam-release-time", get(exam, "id"));
		goto cleanup;
	}
	if (bp.total > 0 && fabs(exam_blueprint_points(&bp) - bp.total) > 1e-9) {
		rc = err_set(err, JY_EINVAL, L("双向细目表各行合计 %g 分，与总分 %g 不符", "the blueprint's rows add up to %g points, the total is %g"),
			     exam_blueprint_points(&bp), bp.total);
		goto cleanup;
	}
	if ((rc = pool_load(&pool, s, exam, key, err)))
		goto cleanup;
	have_pool = 1;
	scope_of(&scope, &bp, &pool);
	unsigned long long seed = opts ? opts->seed : 0;
	problem_of(&pr, &bp, &pool, &scope, papers.len, seed);
	if ((rc = assemble_run(&res, &shortfall, &pr, err)))
		goto cleanup;
	have_res = 1;
	id_datetime(now, id_now());
	if ((rc = store_txn_begin(&txn, s, err)))
		goto cleanup;
	for (size_t q = 0; q < papers.len; q++) {
		struct paper_body *b = bodies[q] = paper_body_new(get(exam, "id"), papers.items[q]);
		unsigned long long rng = seed ^ (0x6A09E667F3BCC909ULL * (q + 1));
		b->seed = seed;
		free(b->assembled);
		b->assembled = xstrdup(now);
		/* Sections by type in the usual order (单选 多选 判断 填空 简答 实操), rows in blueprint order within. */
		for (int type = 0; type <= QUESTION_PRACTICAL; type++)
			for (size_t r = 0; r < bp.rows.len; r++) {
				const struct exam_row *row = bp.rows.items[r];
				if (row->type != type)
					continue;
				for (size_t j = 0; j < res.n; j++)
					if (res.rows[q][j] == r)
						vec_push(&b->items, paper_item_new(pool.recs[res.picks[q][j]], (unsigned)r + 1, row->points, &rng));
			}
		struct record *sealed = NULL;
		if ((rc = paper_seal(&sealed, s, exam, papers.items[q], b, key, err)) == 0)
			rc = stage_paper(txn, s, a, exam, sealed, err);
		record_free(sealed);
		if (rc)
			goto cleanup;
	}
	/* Papers of letters no longer asked for go: one set of papers per exam. */
	paper_list(&old, s, exam, NULL);
	for (size_t i = 0; i < old.len; i++) {
		const struct store_item *it = old.items[i];
		if (!vec_has_str(&papers, paper_letter_upper(record_get(it->rec, "paper", "paper"))) &&
		    ((rc = records_permit(s, a, schema_type("paper"), it->rec, NULL, err)) || (rc = store_txn_delete(txn, it->path, err))))
			goto cleanup;
	}
	buf_printf(&msg, L("组卷：%s（", "assemble: %s ("), get(exam, "name"));
	for (size_t q = 0; q < papers.len; q++)
		buf_printf(&msg, "%s%s", q ? L("、", ", ") : "", (char *)papers.items[q]);
	buf_printf(&msg, L(" 卷，种子 %llu）", ", seed %llu)"), seed);
	if ((rc = commit(txn, a, msg.ptr, err)))
		goto cleanup;
	if (check)
		check_bodies(check, exam, &bp, &pool, bodies, papers.len);
cleanup:
	for (size_t q = 0; q < 4; q++)
		paper_body_free(bodies[q]);
	if (have_res)
		assemble_result_release(&res);
	if (have_pool)
		pool_release(&pool);
	store_txn_free(txn);
	exam_blueprint_release(&bp);
	record_free(exam);
	vec_free(&scope);
	vec_free(&papers);
	vec_free(&shortfall);
	vec_free(&old);
	buf_release(&path);
	buf_release(&msg);
	buf_release(&ppath);
	return rc;
}

/* Opens every paper of the exam (released, or with key): bodies[i] for the letters in order. */
static int open_all(struct paper_body **bodies, size_t *n, struct vec *records, struct store *s, const struct record *exam,
		    const struct keyring_key *key, int own_release, struct jy_err *err)
{
	int rc = paper_list(records, s, exam, err);
	*n = 0;
	if (rc)
		return rc;
	if (!records->len)
		return err_set(err, JY_EINVAL, "%s", L("这场联考还没有组卷", "the exam has not been assembled yet"));
	for (size_t i = 0; i < records->len && i < 4 && rc == 0; i++) {
		const struct store_item *it = records->items[i];
		rc = paper_open(&bodies[i], s, exam, it->rec, key, own_release, err);
		if (rc == 0)
			(*n)++;
	}
	return rc;
}

int exam_check(struct vec *rows, struct store *s, const char *id, const struct keyring_key *key, struct jy_err *err)
{
	struct record *exam = NULL;
	struct exam_blueprint bp;
	struct pool pool;
	struct paper_body *bodies[4] = { NULL };
	struct vec recs = VEC_INIT(store_item_free);
	size_t n = 0;
	int rc, have_pool = 0;
	exam_blueprint_init(&bp);
	if ((rc = exam_load(&exam, NULL, s, id, err)) || (rc = open_all(bodies, &n, &recs, s, exam, key, 0, err)))
		goto cleanup;
	exam_blueprint_release(&bp);
	if ((rc = exam_blueprint_read(&bp, exam, err)) || (rc = pool_load(&pool, s, exam, key, err)))
		goto cleanup;
	have_pool = 1;
	check_bodies(rows, exam, &bp, &pool, bodies, n);
cleanup:
	for (size_t q = 0; q < 4; q++)
		paper_body_free(bodies[q]);
	if (have_pool)
		pool_release(&pool);
	exam_blueprint_release(&bp);
	record_free(exam);
	vec_free(&recs);
	return rc;
}

/* Re-seals the opened bodies of the exam's papers and stages them; msg names the commit. */
static int reseal_bodies(struct store_txn *txn, struct store *s, const struct actor *a, const struct record *exam,
			 struct paper_body *const *bodies, const size_t *which, size_t n, const struct keyring_key *key,
			 struct jy_err *err)
{
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		struct record *sealed = NULL;
		const struct paper_body *b = bodies[which ? which[i] : i];
		if ((rc = paper_seal(&sealed, s, exam, b->letter, b, key, err)) == 0)
			rc = stage_paper(txn, s, a, exam, sealed, err);
		record_free(sealed);
	}
	return rc;
}

int exam_swap(struct vec *check, struct store *s, const struct actor *a, const char *id, const char *letter, unsigned n,
	      const char *question, const struct keyring_key *key, struct jy_err *err)
{
	struct record *exam = NULL, *q = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	struct paper_body *bodies[4] = { NULL };
	struct vec recs = VEC_INIT(store_item_free);
	struct store_txn *txn = NULL;
	struct pool pool;
	struct exam_blueprint bp;
	size_t np = 0, at = 4;
	int rc, have_pool = 0;
	exam_blueprint_init(&bp);
	if ((rc = begin_act(&exam, &path, s, a, id, key, err)) || (rc = open_all(bodies, &np, &recs, s, exam, key, 0, err)))
		goto cleanup;
	const char *up = paper_letter_upper(letter);
	for (size_t i = 0; i < np; i++)
		if (up && strcmp(bodies[i]->letter, up) == 0)
			at = i;
	if (at == 4) {
		rc = err_set(err, JY_ENOTFOUND, L("这场联考没有试卷 %s", "the exam has no paper %s"), letter ? letter : "");
		goto cleanup;
	}
	struct paper_body *b = bodies[at];
	if (!n || n > b->items.len) {
		rc = err_set(err, JY_EINVAL, L("试卷 %s 没有第 %u 题（共 %zu 题）", "paper %s has no item %u (it has %zu)"), b->letter, n,
			     b->items.len);
		goto cleanup;
	}
	if ((rc = bank_load(&q, NULL, s, question, err)))
		goto cleanup;
	struct paper_item *old = b->items.items[n - 1];
	const char *st = record_get(q, "question", "state");
	if (!same(record_get(q, "question", "course"), get(exam, "course")) || !same(record_get(q, "question", "specialty"), get(exam, "specialty"))) {
		rc = err_set(err, JY_EINVAL, L("试题 %s 不属于这门课程（%s）", "question %s is not of the exam's course (%s)"), question, get(exam, "course"));
		goto cleanup;
	}
	if (!st || strcmp(st, "approved") != 0) {
		rc = err_set(err, JY_EINVAL, L("试题 %s 还没有审核通过（%s）", "question %s is not approved (%s)"), question,
			     bank_state_label(bank_state_of(st)));
		goto cleanup;
	}
	if (!same(record_get(q, "question", "type"), record_get(old->q, "question", "type"))) {
		rc = err_set(err, JY_EINVAL, L("第 %u 题是%s，换入的题须同一题型", "item %u is of another type: a swap keeps the type"), n,
			     record_get(old->q, "question", "type"));
		goto cleanup;
	}
	if ((rc = pool_load(&pool, s, exam, key, err)))
		goto cleanup;
	have_pool = 1;
	const char *root = pool_root(&pool, record_get(q, "question", "id"));
	for (size_t j = 0; j < b->items.len; j++)
		if (j != n - 1 && strcmp(pool_root(&pool, record_get(((struct paper_item *)b->items.items[j])->q, "question", "id")), root) == 0) {
			rc = err_set(err, JY_EINVAL, L("试题 %s 已在试卷 %s 中（第 %zu 题）", "question %s is in paper %s already (item %zu)"),
				     question, b->letter, j + 1);
			goto cleanup;
		}
	double points = 0;
	schema_parse_number(record_get(old->q, "question", "points"), &points);
	unsigned long long rng = b->seed ^ (0xD1B54A32D192ED03ULL * n) ^ (unsigned long long)id_now();
	b->items.items[n - 1] = paper_item_new(q, old->row, points, &rng);
	paper_item_free(old);
	if ((rc = store_txn_begin(&txn, s, err)) || (rc = reseal_bodies(txn, s, a, exam, bodies, &at, 1, key, err)))
		goto cleanup;
	buf_printf(&msg, L("换题：%s %s 卷第 %u 题", "swap: %s paper %s item %u"), get(exam, "name"), b->letter, n);
	if ((rc = commit(txn, a, msg.ptr, err)))
		goto cleanup;
	if (check && (rc = exam_blueprint_read(&bp, exam, err)) == 0)
		check_bodies(check, exam, &bp, &pool, bodies, np);
cleanup:
	for (size_t i = 0; i < 4; i++)
		paper_body_free(bodies[i]);
	if (have_pool)
		pool_release(&pool);
	exam_blueprint_release(&bp);
	store_txn_free(txn);
	record_free(exam);
	record_free(q);
	vec_free(&recs);
	buf_release(&path);
	buf_release(&msg);
	return rc;
}

int exam_reseal(struct store *s, const struct actor *a, const char *id, const struct keyring_key *key, struct jy_err *err)
{
	struct record *exam = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	struct paper_body *bodies[4] = { NULL };
	struct vec recs = VEC_INIT(store_item_free);
	struct store_txn *txn = NULL;
	size_t n = 0;
	int rc;
	if ((rc = begin_act(&exam, &path, s, a, id, key, err)) || (rc = open_all(bodies, &n, &recs, s, exam, key, 1, err)))
		goto cleanup;
	for (size_t i = 0; i < recs.len; i++)
		if (paper_is_released(((struct store_item *)recs.items[i])->rec)) {
			rc = err_set(err, JY_EINVAL, "%s", L("试卷已经启封，不再密封", "the papers are released: no more sealing"));
			goto cleanup;
		}
	if ((rc = store_txn_begin(&txn, s, err)) || (rc = reseal_bodies(txn, s, a, exam, bodies, NULL, n, key, err)))
		goto cleanup;
	buf_printf(&msg, L("重新密封：%s", "re-seal: %s"), get(exam, "name"));
	rc = commit(txn, a, msg.ptr, err);
cleanup:
	for (size_t i = 0; i < 4; i++)
		paper_body_free(bodies[i]);
	store_txn_free(txn);
	record_free(exam);
	vec_free(&recs);
	buf_release(&path);
	buf_release(&msg);
	return rc;
}

int exam_release(struct store *s, const struct actor *a, const char *id, const struct keyring_key *key,
		 struct jy_err *err)
{
	struct record *exam = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	struct vec recs = VEC_INIT(store_item_free);
	struct store_txn *txn = NULL;
	int rc;
	if ((rc = begin_act(&exam, &path, s, a, id, key, err)) || (rc = paper_list(&recs, s, exam, err)))
		goto cleanup;
	if (!recs.len) {
		rc = err_set(err, JY_EINVAL, "%s", L("这场联考还没有组卷", "the exam has not been assembled yet"));
		goto cleanup;
	}
	if (!exam_released_time(exam)) {
		rc = err_set(err, JY_EINVAL, L("启封时间（%s）还没到：之前不能启封", "the release time (%s) has not come: no release before it"),
			     get(exam, "release") ? get(exam, "release") : L("未设定", "not set"));
		goto cleanup;
	}
	if ((rc = store_txn_begin(&txn, s, err)))
		goto cleanup;
	size_t done = 0;
	for (size_t i = 0; i < recs.len && rc == 0; i++) {
		const struct store_item *it = recs.items[i];
		struct record *rel = NULL;
		if (paper_is_released(it->rec))
			continue;
		if ((rc = paper_release(&rel, s, exam, it->rec, key, err)) == 0)
			rc = stage_paper(txn, s, a, exam, rel, err);
		record_free(rel);
		done++;
	}
	if (rc)
		goto cleanup;
	if (!done) {
		rc = err_set(err, JY_EINVAL, "%s", L("试卷已经启封", "the papers are released already"));
		goto cleanup;
	}
	buf_printf(&msg, L("启封试卷：%s", "release the papers: %s"), get(exam, "name"));
	rc = commit(txn, a, msg.ptr, err);
cleanup:
	store_txn_free(txn);
	record_free(exam);
	vec_free(&recs);
	buf_release(&path);
	buf_release(&msg);
	return rc;
}

static int open_one(struct paper_body **out, struct record **exam_out, struct store *s, const char *id, const char *letter,
		    const struct keyring_key *key, struct jy_err *err)
{
	struct record *exam = NULL, *p = NULL;
	struct buf path = BUF_INIT;
	int rc = exam_load(&exam, NULL, s, id, err);
	if (rc)
		goto cleanup;
	if (!paper_letter_lower(letter)) {
		rc = err_set(err, JY_ENOTFOUND, L("试卷只能是 A、B、C、D：%s", "a paper is A, B, C or D: %s"), letter ? letter : "");
		goto cleanup;
	}
	paper_path(&path, get(exam, "term"), get(exam, "id"), letter);
	if ((rc = store_read(&p, s, path.ptr, err))) {
		if (rc == JY_ENOTFOUND)
			err_set(err, JY_ENOTFOUND, L("这场联考没有试卷 %s", "the exam has no paper %s"), paper_letter_upper(letter));
		goto cleanup;
	}
	rc = paper_open(out, s, exam, p, key, 0, err);
	if (rc == 0 && exam_out) {
		*exam_out = exam;
		exam = NULL;
	}
cleanup:
	record_free(exam);
	record_free(p);
	buf_release(&path);
	return rc;
}

int exam_paper_items(struct vec *out, struct store *s, const char *exam, const char *paper,
		     const struct keyring_key *key, struct jy_err *err)
{
	struct paper_body *b = NULL;
	int rc = open_one(&b, NULL, s, exam, paper, key, err);
	for (size_t j = 0; rc == 0 && j < b->items.len; j++) {
		const struct paper_item *pi = b->items.items[j];
		struct exam_paper_item *it = xcalloc(1, sizeof(*it));
		const char *v;
		it->no = (unsigned)j + 1;
		it->question = xstrdup(record_get(pi->q, "question", "id"));
		it->version = (v = record_get(pi->q, "question", "version")) ? (unsigned)atoi(v) : 1;
		it->type = xstrdup(record_get(pi->q, "question", "type"));
		if (!(v = record_get(pi->q, "question", "points")) || schema_parse_number(v, &it->points))
			it->points = 0;
		it->answer = xstrdup((v = record_get(pi->q, "question", "answer")) ? v : "");
		it->chapter = xstrdup((v = record_get(pi->q, "question", "chapter")) ? v : "");
		it->level = xstrdup((v = record_get(pi->q, "question", "level")) ? v : "");
		vec_push(out, it);
	}
	paper_body_free(b);
	return rc;
}

int exam_grid(struct vec *rows, struct store *s, const char *id, const char *letter, const struct keyring_key *key,
	      struct jy_err *err)
{
	struct paper_body *b = NULL;
	int rc = open_one(&b, NULL, s, id, letter, key, err);
	if (rc == 0)
		paperout_grid(rows, b);
	paper_body_free(b);
	return rc;
}
