/* question: a bank item's rules across fields, its normal form, duplicate key, rendering, and the CSV and GIFT mappings. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/csv.h"
#include "jiaoyan/question.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/text.h"

static const char letters[] = "ABCDEFGH";

static const char *const type_values[] = { "single", "multiple", "truefalse", "fill", "short", "practical" };
#define NTYPES (sizeof(type_values) / sizeof(type_values[0]))

int question_type_of(const char *stored)
{
	for (size_t i = 0; stored && i < NTYPES; i++)
		if (strcmp(stored, type_values[i]) == 0)
			return (int)i;
	return -1;
}

int question_is_choice(int type)
{
	return type == QUESTION_SINGLE || type == QUESTION_MULTIPLE;
}

static const struct type_def *qtype(void)
{
	return schema_type("question");
}

static const char *get(const struct record *q, const char *key)
{
	return record_get(q, "question", key);
}

static int type_of(const struct record *q)
{
	return question_type_of(get(q, "type"));
}

static const char *option(const struct record *q, size_t i)
{
	char k[2] = { letters[i], 0 };
	return record_get(q, "options", k);
}

size_t question_option_count(const struct record *q)
{
	size_t n = 0;
	while (n < QUESTION_MAX_OPTIONS && option(q, n))
		n++;
	return n;
}

/* ---------- numbers, always in the C locale ---------- */

/* A whole string as a finite number: [+-]digits[.digits][e±n]; 0 or -1. */
static int read_number(const char *s, size_t n, double *out)
{
	double v;
	if (text_parse_number(s, n, &v) != 0)
		return -1;
	*out = v == 0 ? 0 : v; /* no "-0" */
	return 0;
}

/* Finds sep in s at or after byte 1 (a leading '-' is a sign, not a separator). */
static const char *find_sep(const char *s, const char *sep)
{
	return *s ? strstr(s + 1, sep) : NULL;
}

static int num_part(const char *s, size_t n, double *out)
{
	while (n && (*s == ' ' || *s == '\t'))
		s++, n--;
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	return read_number(s, n, out);
}

int question_num_parse(struct question_num *out, const char *s)
{
	static const char *const ranges[] = { "..", "～", "~", NULL };
	static const char *const tols[] = { "±", ":", NULL };
	struct question_num n;
	memset(&n, 0, sizeof(n));
	for (size_t i = 0; ranges[i]; i++) {
		const char *at = find_sep(s, ranges[i]);
		if (!at)
			continue;
		const char *rest = at + strlen(ranges[i]);
		if (num_part(s, (size_t)(at - s), &n.min) || num_part(rest, strlen(rest), &n.max) || n.min > n.max)
			return -1;
		n.range = 1;
		*out = n;
		return 0;
	}
	for (size_t i = 0; tols[i]; i++) {
		const char *at = find_sep(s, tols[i]);
		if (!at)
			continue;
		const char *rest = at + strlen(tols[i]);
		if (num_part(s, (size_t)(at - s), &n.value) || num_part(rest, strlen(rest), &n.tolerance) ||
		    n.tolerance < 0)
			return -1;
		*out = n;
		return 0;
	}
	if (num_part(s, strlen(s), &n.value))
		return -1;
	*out = n;
	return 0;
}

void question_num_format(struct buf *out, const struct question_num *n)
{
	if (n->range) {
		text_number(out, n->min);
		buf_puts(out, "..");
		text_number(out, n->max);
		return;
	}
	text_number(out, n->value);
	if (n->tolerance != 0) {
		buf_puts(out, "±");
		text_number(out, n->tolerance);
	}
}

/* Index into GIFT_GRADES of w (within Moodle's tolerance), or -1. */
static int grade_index(double w)
{
	for (size_t i = 0; i < GIFT_GRADES_COUNT; i++)
		if (fabs(w - GIFT_GRADES[i]) < 0.001)
			return (int)i;
	return -1;
}

/* The grade nearest to 100/k: the default weight of each of k right options. */
static double share_of(size_t k)
{
	double want = 100.0 / (double)(k ? k : 1), best = 100;
	for (size_t i = 0; i < GIFT_GRADES_COUNT; i++)
		if (fabs(GIFT_GRADES[i] - want) < fabs(best - want))
			best = GIFT_GRADES[i];
	return best;
}

/* ---------- letters and words ---------- */

/*
 * The option letters of an answer as typed ("a, c" "ＡＣ" "A、C"), sorted
 * and without repeats, into out (NUL-terminated); -1 when it holds anything
 * else, or no letter at all.
 */
static int answer_letters(const char *s, char out[QUESTION_MAX_OPTIONS + 1])
{
	int seen[QUESTION_MAX_OPTIONS] = { 0 };
	size_t len = strlen(s), i = 0, n = 0;
	while (i < len) {
		uint32_t c;
		int bad = 0;
		i += text_decode(s + i, len - i, &c, &bad);
		if (bad)
			return -1;
		if (c >= 0xFF21 && c <= 0xFF28)
			c = 'A' + (c - 0xFF21);
		else if (c >= 0xFF41 && c <= 0xFF48)
			c = 'A' + (c - 0xFF41);
		else if (c >= 'a' && c <= 'h')
			c -= 'a' - 'A';
		if (c >= 'A' && c <= 'H')
			seen[c - 'A'] = 1;
		else if (!(c == ' ' || c == '\t' || c == ',' || c == ';' || c == 0xFF0C || c == 0x3001 || c == 0xFF1B))
			return -1;
	}
	for (size_t k = 0; k < QUESTION_MAX_OPTIONS; k++)
		if (seen[k])
			out[n++] = letters[k];
	out[n] = '\0';
	return n ? (int)n : -1;
}

static const char *truth_word(const char *s)
{
	static const char *const yes[] = { QUESTION_TRUE, "对", "√", "✓", "✔", "T", "t", "TRUE", "True", "true", "是", "Y", "y",
					   "yes", "正确的", NULL };
	static const char *const no[] = { QUESTION_FALSE, "错", "×", "✗", "✘", "X", "x", "F", "f", "FALSE", "False", "false",
					  "否", "N", "n", "no", "错误的", NULL };
	for (size_t i = 0; yes[i]; i++)
		if (strcmp(s, yes[i]) == 0)
			return QUESTION_TRUE;
	for (size_t i = 0; no[i]; i++)
		if (strcmp(s, no[i]) == 0)
			return QUESTION_FALSE;
	return NULL;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

static void trimmed(struct buf *out, const char *s)
{
	size_t n = strlen(s);
	while (n && is_ws(*s))
		s++, n--;
	while (n && is_ws(s[n - 1]))
		n--;
	buf_add(out, s, n);
}

/* ---------- normal form ---------- */

static void trim_section(struct record *q, const char *sec)
{
	long i = record_section_index(q, sec);
	if (i < 0)
		return;
	struct vec empty = VEC_INIT(free);
	struct buf v = BUF_INIT;
	for (size_t j = 0; j < record_key_count(q, (size_t)i); j++) {
		const char *key = record_key(q, (size_t)i, j), *val = record_value(q, (size_t)i, j);
		buf_reset(&v);
		trimmed(&v, val);
		if (!v.len)
			vec_push_str(&empty, key);
		else if (strcmp(v.ptr, val) != 0)
			record_set(q, sec, key, v.ptr);
	}
	for (size_t k = 0; k < empty.len; k++)
		record_unset(q, sec, empty.items[k]);
	buf_release(&v);
	vec_free(&empty);
}

/* The weight of option i as stored (explicit) or by default; -1 in *ok when unreadable. */
static double default_weight(int type, const char *answer, size_t i)
{
	int right = strchr(answer, letters[i]) != NULL;
	if (type == QUESTION_SINGLE)
		return right ? 100 : 0;
	return right ? share_of(strlen(answer)) : -100;
}

static void normalise_weights(struct record *q, int type, const char *answer)
{
	size_t n = question_option_count(q);
	long si = record_section_index(q, "weights");
	double w[QUESTION_MAX_OPTIONS];
	int same = 1;
	if (si < 0)
		return;
	/* Only a readable, complete picture is rewritten: anything odd is left for question_check. */
	for (size_t j = 0; j < record_key_count(q, (size_t)si); j++) {
		const char *key = record_key(q, (size_t)si, j);
		if (strlen(key) != 1 || !strchr(letters, key[0]) || (size_t)(strchr(letters, key[0]) - letters) >= n)
			return;
	}
	for (size_t i = 0; i < n; i++) {
		char k[2] = { letters[i], 0 };
		const char *v = record_get(q, "weights", k);
		double x;
		if (!v) {
			x = default_weight(type, answer, i);
		} else if (read_number(v, strlen(v), &x) != 0 || grade_index(x) < 0) {
			return;
		} else {
			x = GIFT_GRADES[grade_index(x)];
		}
		w[i] = x;
		same &= x == default_weight(type, answer, i);
	}
	record_remove_section(q, "weights");
	if (same)
		return;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < n; i++) {
		char k[2] = { letters[i], 0 };
		buf_reset(&b);
		gift_grade_format(&b, w[i]);
		record_set(q, "weights", k, b.ptr);
	}
	buf_release(&b);
}

static void normalise_points(struct record *q)
{
	const char *p = get(q, "points");
	double v;
	if (!p || read_number(p, strlen(p), &v) != 0 || v < 0 || v > 1e9)
		return;
	double tenths = v * 10;
	if (fabs(tenths - floor(tenths + 0.5)) > 1e-9)
		return;
	long t = (long)floor(tenths + 0.5);
	char out[32];
	if (t % 10)
		snprintf(out, sizeof(out), "%ld.%ld", t / 10, t % 10);
	else
		snprintf(out, sizeof(out), "%ld", t / 10);
	record_set(q, "question", "points", out);
}

static void normalise_fill(struct record *q)
{
	const char *a = get(q, "answer");
	const char *numeric = get(q, "numeric");
	int num = numeric && strcmp(numeric, "yes") == 0;
	struct buf out = BUF_INIT, line = BUF_INIT;
	if (!a)
		return;
	for (const char *p = a; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		char *raw = xstrndup(p, n);
		buf_reset(&line);
		trimmed(&line, raw);
		free(raw);
		struct question_num qn;
		if (line.len && num && question_num_parse(&qn, line.ptr) == 0) {
			buf_reset(&line);
			question_num_format(&line, &qn);
		}
		if (line.len)
			buf_printf(&out, "%s%s", out.len ? "\n" : "", line.ptr);
		p += n + (nl ? 1 : 0);
	}
	if (out.len)
		record_set(q, "question", "answer", out.ptr);
	else
		record_unset(q, "question", "answer");
	buf_release(&out);
	buf_release(&line);
}

void question_normalise(struct record *q)
{
	static const char *const sections[] = { "question", "options", "weights", "feedback", NULL };
	for (size_t i = 0; sections[i]; i++)
		trim_section(q, sections[i]);
	const char *numeric = get(q, "numeric");
	if (numeric && strcmp(numeric, "no") == 0)
		record_unset(q, "question", "numeric");
	normalise_points(q);
	int type = type_of(q);
	const char *a = get(q, "answer");
	if (question_is_choice(type)) {
		char ls[QUESTION_MAX_OPTIONS + 1];
		if (a && answer_letters(a, ls) > 0 && strcmp(ls, a) != 0)
			record_set(q, "question", "answer", ls);
		a = get(q, "answer");
		if (a && answer_letters(a, ls) > 0 && strcmp(ls, a) == 0)
			normalise_weights(q, type, a);
	} else if (type == QUESTION_TRUEFALSE) {
		const char *w = a ? truth_word(a) : NULL;
		if (w && strcmp(w, a) != 0)
			record_set(q, "question", "answer", w);
	} else if (type == QUESTION_FILL) {
		normalise_fill(q);
	}
}

/* ---------- rules across fields ---------- */

static int has_section(const struct record *q, const char *sec)
{
	long i = record_section_index(q, sec);
	return i >= 0 && record_key_count(q, (size_t)i) > 0;
}

static const char *type_label(int type)
{
	const struct field_def *f = schema_field(qtype(), "question", "type");
	static struct buf label = BUF_INIT;
	buf_reset(&label);
	schema_value_label(&label, f, type >= 0 ? type_values[type] : "?");
	return label.ptr;
}

static void check_choice(const struct record *q, int type, struct vec *problems)
{
	size_t n = question_option_count(q);
	const char *a = get(q, "answer");
	char ls[QUESTION_MAX_OPTIONS + 1] = "";
	for (size_t i = n + 1; i < QUESTION_MAX_OPTIONS; i++)
		if (option(q, i)) {
			vec_push_strf(problems, L("选项 %c 之前缺少选项 %c（选项从 A 起依次排列）", "option %c comes after a missing option %c (options run from A without gaps)"),
				letters[i], letters[n]);
			break;
		}
	if (n < 2)
		vec_push_strf(problems, L("%s至少要有两个选项（options.A、options.B）", "a %s needs at least two options (options.A, options.B)"),
			type_label(type));
	if (!a) {
		vec_push_strf(problems, L("字段「答案」(question.answer)：%s须填写正确选项的字母", "field \"answer\" (question.answer): a %s needs the letter(s) of the right option(s)"),
			type_label(type));
		return;
	}
	if (answer_letters(a, ls) < 0) {
		vec_push_strf(problems, L("字段「答案」(question.answer)：「%s」应为选项字母（如 B 或 ACD）", "field \"answer\" (question.answer): \"%s\" should be option letters (B, ACD)"), a);
		return;
	}
	for (const char *p = ls; *p; p++)
		if ((size_t)(*p - 'A') >= n)
			vec_push_strf(problems, L("字段「答案」(question.answer)：没有选项 %c", "field \"answer\" (question.answer): there is no option %c"), *p);
	if (type == QUESTION_SINGLE && strlen(ls) != 1)
		vec_push_strf(problems, L("字段「答案」(question.answer)：单选题只能有一个正确选项（「%s」）", "field \"answer\" (question.answer): a single choice has one right option (\"%s\")"), a);
	/* Weights: on options that exist, Moodle grades, and agreeing with the answer. */
	long si = record_section_index(q, "weights");
	double sum = 0;
	int readable = 1;
	for (size_t j = 0; si >= 0 && j < record_key_count(q, (size_t)si); j++) {
		const char *key = record_key(q, (size_t)si, j), *v = record_value(q, (size_t)si, j);
		double w;
		const char *at = strlen(key) == 1 ? strchr(letters, key[0]) : NULL;
		if (!at || (size_t)(at - letters) >= n) {
			vec_push_strf(problems, L("字段 weights.%s：没有这个选项", "field weights.%s: there is no such option"), key);
			readable = 0;
			continue;
		}
		if (read_number(v, strlen(v), &w) != 0 || grade_index(w) < 0) {
			vec_push_strf(problems, L("字段 weights.%s：「%s」不是 Moodle 允许的分值比例（100、90、83.33333、80、75、70、66.66667、60、50、40、33.33333、30、25、20、16.66667、14.28571、12.5、11.11111、10、5、0 或它们的负数）",
					    "field weights.%s: \"%s\" is not one of Moodle's grades (100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 or their negatives)"),
				key, v);
			readable = 0;
			continue;
		}
		int right = strchr(ls, key[0]) != NULL;
		if (type == QUESTION_SINGLE && right && fabs(w - 100) > 0.001)
			vec_push_strf(problems, L("字段 weights.%s：单选题的正确选项分值比例应为 100", "field weights.%s: the right option of a single choice weighs 100"), key);
		else if (type == QUESTION_SINGLE && !right && w >= 99.999)
			vec_push_strf(problems, L("字段 weights.%s：单选题只有正确选项的分值比例为 100", "field weights.%s: only the right option of a single choice weighs 100"), key);
		else if (type == QUESTION_MULTIPLE && right != (w > 0))
			vec_push_strf(problems, right ? L("字段 weights.%s：正确选项的分值比例应大于 0", "field weights.%s: a right option weighs more than 0")
						: L("字段 weights.%s：错误选项的分值比例不能大于 0", "field weights.%s: a wrong option cannot weigh more than 0"),
				key);
		if (w > 0)
			sum += w;
	}
	if (type == QUESTION_MULTIPLE && si >= 0 && readable && record_key_count(q, (size_t)si) == n && fabs(sum - 100) > 0.5)
		vec_push_strf(problems, L("多选题正确选项的分值比例之和应为 100（现为 %g）", "the right options of a multiple choice should weigh 100 in all (now %g)"), sum);
	long fi = record_section_index(q, "feedback");
	for (size_t j = 0; fi >= 0 && j < record_key_count(q, (size_t)fi); j++) {
		const char *key = record_key(q, (size_t)fi, j);
		const char *at = strlen(key) == 1 ? strchr(letters, key[0]) : NULL;
		if (!at || (size_t)(at - letters) >= n)
			vec_push_strf(problems, L("字段 feedback.%s：%s没有这个选项", "field feedback.%s: the %s has no such option"), key, type_label(type));
	}
}

static void not_for_type(const struct record *q, int type, const char *sec, struct vec *problems)
{
	if (has_section(q, sec))
		vec_push_strf(problems, L("%s不能有 [%s]", "a %s has no [%s]"), type_label(type), sec);
}

size_t question_check(const struct record *q, struct vec *problems)
{
	size_t before = problems->len;
	int type = type_of(q);
	const char *a = get(q, "answer"), *p = get(q, "points");
	double pts;
	if (p && read_number(p, strlen(p), &pts) == 0 && pts <= 0)
		vec_push_strf(problems, "%s", L("字段「分值」(question.points)：应大于 0", "field \"points\" (question.points): must be above 0"));
	if (type < 0)
		return problems->len - before; /* the schema says what is wrong with the type */
	if (question_is_choice(type)) {
		check_choice(q, type, problems);
	} else {
		not_for_type(q, type, "options", problems);
		not_for_type(q, type, "weights", problems);
	}
	if (type == QUESTION_TRUEFALSE) {
		if (!a || (strcmp(a, QUESTION_TRUE) != 0 && strcmp(a, QUESTION_FALSE) != 0))
			vec_push_strf(problems, L("字段「答案」(question.answer)：判断题的答案应为「正确」或「错误」（现为「%s」）",
					    "field \"answer\" (question.answer): a true/false answer is 正确 or 错误 (now \"%s\")"),
				a ? a : "");
		long fi = record_section_index(q, "feedback");
		for (size_t j = 0; fi >= 0 && j < record_key_count(q, (size_t)fi); j++) {
			const char *key = record_key(q, (size_t)fi, j);
			if (strcmp(key, "right") != 0 && strcmp(key, "wrong") != 0)
				vec_push_strf(problems, L("字段 feedback.%s：判断题只有 feedback.right 和 feedback.wrong", "field feedback.%s: a true/false has only feedback.right and feedback.wrong"), key);
		}
	} else if (!question_is_choice(type)) {
		not_for_type(q, type, "feedback", problems);
	}
	if (type == QUESTION_FILL) {
		const char *numeric = get(q, "numeric");
		if (!a)
			vec_push_strf(problems, "%s", L("字段「答案」(question.answer)：填空题须填写答案（可接受的答案每行一个）",
						  "field \"answer\" (question.answer): a fill-in needs its answers (one accepted answer a line)"));
		else if (numeric && strcmp(numeric, "yes") == 0)
			for (const char *s = a; *s;) {
				const char *nl = strchr(s, '\n');
				char *line = xstrndup(s, nl ? (size_t)(nl - s) : strlen(s));
				struct question_num qn;
				if (question_num_parse(&qn, line) != 0)
					vec_push_strf(problems, L("字段「答案」(question.answer)：数值答案「%s」应为数、数±误差或 下限..上限（如 3.14、3.14±0.01、1..5）",
							    "field \"answer\" (question.answer): the numeric answer \"%s\" should be a number, number±tolerance or min..max (3.14, 3.14±0.01, 1..5)"),
						line);
				free(line);
				s = nl ? nl + 1 : s + strlen(s);
			}
	} else if (get(q, "numeric") && strcmp(get(q, "numeric"), "yes") == 0) {
		vec_push_strf(problems, L("字段「数值答案」(question.numeric)：只有填空题可以是数值答案（这是%s）",
				    "field \"numeric\" (question.numeric): only a fill-in has a numeric answer (this is a %s)"),
			type_label(type));
	}
	if (get(q, "rubric") && type != QUESTION_SHORT && type != QUESTION_PRACTICAL)
		vec_push_strf(problems, L("字段「评分标准」(question.rubric)：只有简答题和实操题有评分标准（这是%s）",
				    "field \"rubric\" (question.rubric): only short answers and practicals have a rubric (this is a %s)"),
			type_label(type));
	return problems->len - before;
}

size_t question_check_approvable(const struct record *q, struct vec *problems)
{
	size_t before = problems->len;
	int type = type_of(q);
	if (!get(q, "level"))
		vec_push_strf(problems, "%s", L("审核通过前须填写认知层次（识记、理解、应用、分析：双向细目表的第二个维度）",
					  "an approved item needs a cognitive level (remember, understand, apply, analyse)"));
	if (type == QUESTION_SHORT && !get(q, "answer"))
		vec_push_strf(problems, "%s", L("审核通过前简答题须有参考答案（question.answer）", "an approved short answer needs a reference answer (question.answer)"));
	if (type == QUESTION_PRACTICAL && !get(q, "rubric"))
		vec_push_strf(problems, "%s", L("审核通过前实操题须有评分标准（question.rubric）", "an approved practical needs a grading rubric (question.rubric)"));
	return problems->len - before;
}

/* ---------- content, duplicates ---------- */

static int bookkeeping(const char *sec, const char *key)
{
	static const char *const keys[] = { "id", "specialty", "course", "version", "previous", "author", "school", "state",
					    "superseded_by", "similar", NULL };
	if (strncmp(sec, "review.", 7) == 0)
		return 1;
	if (strcmp(sec, "question") != 0)
		return 0;
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return 1;
	return 0;
}

/* 1 when every content value of a is in b, the same. */
static int contained(const struct record *a, const struct record *b)
{
	for (size_t i = 0; i < record_section_count(a); i++) {
		const char *sec = record_section(a, i);
		for (size_t j = 0; j < record_key_count(a, i); j++) {
			const char *key = record_key(a, i, j), *v = record_get(b, sec, key);
			if (bookkeeping(sec, key))
				continue;
			if (!v || strcmp(v, record_value(a, i, j)) != 0)
				return 0;
		}
	}
	return 1;
}

int question_same_content(const struct record *a, const struct record *b)
{
	return contained(a, b) && contained(b, a);
}

static void folded_options(struct vec *out, const struct record *q)
{
	size_t n = question_option_count(q);
	for (size_t i = 0; i < n; i++) {
		struct buf f = BUF_INIT;
		const char *o = option(q, i);
		textsim_fold(&f, o, strlen(o));
		vec_push(out, buf_detach(&f));
	}
	vec_sort(out, vec_str_cmp);
}

void question_dup_key(struct buf *out, const struct record *q)
{
	const char *stem = get(q, "stem");
	struct vec opts = VEC_INIT(free);
	textsim_fold(out, stem ? stem : "", stem ? strlen(stem) : 0);
	folded_options(&opts, q);
	for (size_t i = 0; i < opts.len; i++)
		buf_printf(out, "\x1f%s", (char *)opts.items[i]);
	vec_free(&opts);
}

void question_grams(struct textsim *t, const struct record *q)
{
	const char *stem = get(q, "stem");
	struct buf f = BUF_INIT;
	struct vec opts = VEC_INIT(free);
	textsim_fold(&f, stem ? stem : "", stem ? strlen(stem) : 0);
	textsim_add(t, f.ptr);
	folded_options(&opts, q);
	for (size_t i = 0; i < opts.len; i++)
		textsim_add(t, opts.items[i]);
	vec_free(&opts);
	buf_release(&f);
}

/* ---------- typed cells ---------- */

const struct question_column question_csv_columns[] = {
	{ "题型", "question", "type", 2 },
	{ "难度", "question", "difficulty", 2 },
	{ "章节", "question", "chapter", 2 },
	{ "知识点", "question", "point", 2 },
	{ "认知层次", "question", "level", 2 },
	{ "题干", "question", "stem", 2 },
	{ "选项A", "options", "A", 2 },
	{ "选项B", "options", "B", 2 },
	{ "选项C", "options", "C", 2 },
	{ "选项D", "options", "D", 2 },
	{ "选项E", "options", "E", 2 },
	{ "选项F", "options", "F", 2 },
	{ "选项G", "options", "G", 2 },
	{ "选项H", "options", "H", 2 },
	{ "答案", "question", "answer", 2 },
	{ "分值", "question", "points", 2 },
	{ "解析", "question", "explanation", 2 },
	{ "评分标准", "question", "rubric", 1 },
	{ "数值答案", "question", "numeric", 0 },
	{ "格式", "question", "format", 0 },
	{ "分值比例A", "weights", "A", 0 },
	{ "分值比例B", "weights", "B", 0 },
	{ "分值比例C", "weights", "C", 0 },
	{ "分值比例D", "weights", "D", 0 },
	{ "分值比例E", "weights", "E", 0 },
	{ "分值比例F", "weights", "F", 0 },
	{ "分值比例G", "weights", "G", 0 },
	{ "分值比例H", "weights", "H", 0 },
	{ "反馈A", "feedback", "A", 0 },
	{ "反馈B", "feedback", "B", 0 },
	{ "反馈C", "feedback", "C", 0 },
	{ "反馈D", "feedback", "D", 0 },
	{ "反馈E", "feedback", "E", 0 },
	{ "反馈F", "feedback", "F", 0 },
	{ "反馈G", "feedback", "G", 0 },
	{ "反馈H", "feedback", "H", 0 },
	{ "答对反馈", "feedback", "right", 0 },
	{ "答错反馈", "feedback", "wrong", 0 },
};
const size_t question_csv_ncolumns = sizeof(question_csv_columns) / sizeof(question_csv_columns[0]);
#define NDOCUMENTED 17

/* Headers people write for the same columns. */
static const struct {
	const char *alias, *header;
} header_aliases[] = {
	{ "类型", "题型" },     { "试题类型", "题型" }, { "题目", "题干" },     { "试题", "题干" },
	{ "正确答案", "答案" }, { "参考答案", "答案" }, { "分数", "分值" },     { "答案解析", "解析" },
	{ "难度等级", "难度" }, { "认知水平", "认知层次" }, { "评分要点", "评分标准" },
};

/* The column a header names (spaces ignored, "选项 a" = 选项A), or NULL. */
static const struct question_column *column_named(const char *name)
{
	struct buf n = BUF_INIT;
	const struct question_column *found = NULL;
	for (const char *p = name; *p; p++)
		if (*p != ' ' && *p != '\t')
			buf_putc(&n, *p);
	/* "选项a" is 选项A. */
	if (n.len >= 2 && n.ptr[n.len - 1] >= 'a' && n.ptr[n.len - 1] <= 'h' && (unsigned char)n.ptr[n.len - 2] >= 0x80)
		n.ptr[n.len - 1] = (char)(n.ptr[n.len - 1] - 'a' + 'A');
	for (size_t i = 0; i < sizeof(header_aliases) / sizeof(header_aliases[0]); i++)
		if (strcmp(n.ptr, header_aliases[i].alias) == 0)
			buf_set(&n, header_aliases[i].header);
	for (size_t i = 0; i < question_csv_ncolumns && !found; i++)
		if (strcmp(question_csv_columns[i].header, n.ptr) == 0)
			found = &question_csv_columns[i];
	buf_release(&n);
	return found;
}

/* Section and key of a field name as a person types it; 0, or -1 when it names no field. */
static int field_named(struct buf *sec, struct buf *key, const char *name)
{
	const struct question_column *c = column_named(name);
	const char *dot = strchr(name, '.');
	if (c) {
		buf_set(sec, c->section);
		buf_set(key, c->key);
	} else if (strlen(name) == 1 && name[0] >= 'A' && name[0] <= 'H') {
		buf_set(sec, "options");
		buf_set(key, name);
	} else if (dot) {
		buf_reset(sec);
		buf_add(sec, name, (size_t)(dot - name));
		buf_set(key, dot + 1);
	} else {
		buf_set(sec, "question");
		buf_set(key, name);
	}
	return schema_field(qtype(), sec->ptr, key->ptr) && strncmp(sec->ptr, "review.", 7) != 0 ? 0 : -1;
}

static const char *alias_of(const char *const *table, const char *in)
{
	for (size_t i = 0; table[i]; i += 2)
		if (strcmp(table[i], in) == 0)
			return table[i + 1];
	return NULL;
}

static const char *const type_aliases[] = {
	"单选", "single", "单选题", "single", "单项选择", "single", "单项选择题", "single",
	"多选", "multiple", "多选题", "multiple", "多项选择", "multiple", "多项选择题", "multiple", "不定项选择题", "multiple",
	"判断", "truefalse", "判断题", "truefalse", "是非题", "truefalse",
	"填空", "fill", "填空题", "fill",
	"简答", "short", "简答题", "short", "问答题", "short", "论述题", "short",
	"实操", "practical", "实操题", "practical", "操作", "practical", "操作题", "practical", "实践操作题", "practical",
	NULL,
};
static const char *const difficulty_aliases[] = {
	"１", "1", "２", "2", "３", "3", "４", "4", "５", "5", "易", "1", "容易", "1", "较易", "2",
	"中", "3", "中等", "3", "适中", "3", "较难", "4", "难", "5", "困难", "5", NULL,
};
static const char *const level_aliases[] = { "记忆", "remember", "领会", "understand", "运用", "apply", "综合", "analyse", NULL };
static const char *const bool_aliases[] = { "是", "yes", "否", "no", "Y", "yes", "N", "no", "y", "yes", "n", "no", "数值", "yes", NULL };
static const char *const format_aliases[] = { "HTML", "html", "Markdown", "markdown", "纯文本", "plain", "moodle", "", NULL };

/* What a spreadsheet cell holds once its defusing apostrophe is gone. */
static const char *undefused(const char *s)
{
	const char *p = s;
	while (*p == '\'')
		p++;
	return s[0] == '\'' && *p && strchr("=+-@", *p) ? s + 1 : s;
}

int question_cell(struct record *q, const char *name, const char *input, struct jy_err *err)
{
	struct buf sec = BUF_INIT, key = BUF_INIT, val = BUF_INIT;
	int rc = 0;
	if (field_named(&sec, &key, name) != 0) {
		rc = err_set(err, JY_ENOTFOUND, L("试题没有字段或列「%s」", "a question has no field or column \"%s\""), name);
		goto cleanup;
	}
	const struct field_def *f = schema_field(qtype(), sec.ptr, key.ptr);
	if (strcmp(sec.ptr, "question") == 0 && bookkeeping(sec.ptr, key.ptr)) {
		rc = err_set(err, JY_EINVAL, L("字段「%s」(%s.%s) 由程序填写，不能在这里设置", "field \"%s\" (%s.%s) is set by the program, not here"),
			     schema_field_label(f), sec.ptr, key.ptr);
		goto cleanup;
	}
	input = undefused(input ? input : "");
	if (f->type == FT_TEXT) {
		buf_puts(&val, input);
	} else {
		trimmed(&val, input);
		const char *alias = NULL;
		if (strcmp(key.ptr, "type") == 0)
			alias = alias_of(type_aliases, val.ptr);
		else if (strcmp(key.ptr, "difficulty") == 0)
			alias = alias_of(difficulty_aliases, val.ptr);
		else if (strcmp(key.ptr, "level") == 0)
			alias = alias_of(level_aliases, val.ptr);
		else if (strcmp(key.ptr, "numeric") == 0)
			alias = alias_of(bool_aliases, val.ptr);
		else if (strcmp(key.ptr, "format") == 0)
			alias = alias_of(format_aliases, val.ptr);
		if (alias)
			buf_set(&val, alias);
		if ((f->type == FT_ENUM || f->type == FT_BOOL) && val.len) {
			const char *v = schema_enum_parse(f, val.ptr);
			if (v) {
				size_t n = schema_enum_len(v);
				buf_reset(&val);
				buf_add(&val, v, n);
			}
		}
	}
	if (!val.len) {
		record_unset(q, sec.ptr, key.ptr);
		goto cleanup;
	}
	if ((rc = schema_check_value(f, sec.ptr, key.ptr, val.ptr, err)) == 0)
		record_set(q, sec.ptr, key.ptr, val.ptr);
cleanup:
	buf_release(&sec);
	buf_release(&key);
	buf_release(&val);
	return rc;
}

/* ---------- items and labels ---------- */

void question_item_free(void *p)
{
	struct question_item *it = p;
	if (!it)
		return;
	free(it->label);
	record_free(it->q);
	free(it);
}

void question_label(struct buf *out, const struct record *q)
{
	const char *point = get(q, "point"), *stem = get(q, "stem");
	const char *s = point && *point ? point : stem ? stem : "";
	size_t len = strlen(s), i = 0, chars = 0;
	struct buf one = BUF_INIT;
	while (i < len && chars < 20) {
		uint32_t c;
		size_t n = text_decode(s + i, len - i, &c, NULL);
		if (c == '\n' || c == '\t')
			buf_putc(&one, ' ');
		else
			buf_add(&one, s + i, n);
		i += n;
		chars++;
	}
	buf_puts(out, one.ptr);
	if (i < len)
		buf_puts(out, "…");
	buf_release(&one);
}

static struct question_item *item_new(size_t line, struct record *q)
{
	struct question_item *it = xcalloc(1, sizeof(*it));
	struct buf label = BUF_INIT;
	question_label(&label, q);
	it->line = line;
	it->label = buf_detach(&label);
	it->q = q;
	return it;
}

/* "第 N 行：题目「label」：msg" for each of msgs. */
static void row_problems(struct vec *problems, size_t line, const char *label, const struct vec *msgs)
{
	for (size_t i = 0; i < msgs->len; i++) {
		if (label && *label)
			vec_push_strf(problems, L("第 %zu 行：题目「%s」：%s", "line %zu: question \"%s\": %s"), line, label,
				(const char *)msgs->items[i]);
		else
			vec_push_strf(problems, L("第 %zu 行：%s", "line %zu: %s"), line, (const char *)msgs->items[i]);
	}
}

static int summary(struct jy_err *err, const struct vec *problems)
{
	if (!problems->len)
		return 0;
	return err_set(err, JY_EINVAL, L("有 %zu 处问题，第一处：%s", "%zu problems; the first: %s"), problems->len,
		       (const char *)problems->items[0]);
}

/*
 * The schema's checks of an item's own fields, before the importer adds
 * the bookkeeping ones (id, course, state …): every value, and the
 * required content fields.
 */
static void check_values(const struct record *q, struct vec *msgs)
{
	static const char *const required[] = { "type", "difficulty", "stem", "points", NULL };
	struct jy_err e = JY_ERR_INIT;
	for (size_t i = 0; i < record_section_count(q); i++) {
		const char *sec = record_section(q, i);
		for (size_t j = 0; j < record_key_count(q, i); j++) {
			const struct field_def *f = schema_field(qtype(), sec, record_key(q, i, j));
			if (!f)
				vec_push_strf(msgs, L("未知字段 %s.%s", "unknown field %s.%s"), sec, record_key(q, i, j));
			else if (schema_check_value(f, sec, record_key(q, i, j), record_value(q, i, j), &e))
				vec_push_str(msgs, e.msg);
		}
	}
	for (size_t k = 0; required[k]; k++)
		if (!get(q, required[k])) {
			const struct field_def *f = schema_field(qtype(), "question", required[k]);
			vec_push_strf(msgs, L("字段「%s」(question.%s)：必填", "field \"%s\" (question.%s) is required"), schema_field_label(f),
				required[k]);
		}
}

/* ---------- CSV ---------- */

static int blank_cell(const char *s)
{
	for (; *s; s++)
		if (!is_ws(*s))
			return 0;
	return 1;
}

/* 1 when every non-empty cell of the row names a column (and one does). */
static int is_header(const struct csv_row *row)
{
	size_t named = 0;
	for (size_t i = 0; i < row->fields.len; i++) {
		const char *c = row->fields.items[i];
		if (blank_cell(c))
			continue;
		if (!column_named(c))
			return 0;
		named++;
	}
	return named > 0;
}

static void column_list(struct buf *out)
{
	for (size_t i = 0; i < question_csv_ncolumns; i++)
		buf_printf(out, "%s%s", i ? L("、", ", ") : "", question_csv_columns[i].header);
}

int question_csv_read(struct vec *items, struct vec *problems, const char *data, size_t len, char sep, struct jy_err *err)
{
	struct vec rows = VEC_INIT(csv_row_free);
	const struct question_column **cols = NULL;
	size_t ncols = 0, first = 0;
	int rc = csv_parse_sep(&rows, data, len, sep, err);
	if (rc) {
		vec_push_str(problems, err->msg);
		goto cleanup;
	}
	while (first < rows.len) {
		const struct csv_row *row = rows.items[first];
		int empty = 1;
		for (size_t i = 0; i < row->fields.len && empty; i++)
			empty = blank_cell(row->fields.items[i]);
		if (!empty)
			break;
		first++;
	}
	if (first == rows.len)
		goto cleanup;
	const struct csv_row *head = rows.items[first];
	if (is_header(head)) {
		ncols = head->fields.len;
		cols = xcalloc(ncols, sizeof(*cols));
		for (size_t i = 0; i < ncols; i++) {
			const char *h = head->fields.items[i];
			if (blank_cell(h))
				continue;
			cols[i] = column_named(h);
			for (size_t k = 0; k < i; k++)
				if (cols[k] == cols[i]) {
					vec_push_strf(problems, L("第 %zu 行：列「%s」出现了两次", "line %zu: the column \"%s\" appears twice"), head->line, h);
					break;
				}
		}
		static const char *const required[] = { "题型", "难度", "题干", "分值", NULL };
		for (size_t r = 0; required[r]; r++) {
			int have = 0;
			for (size_t i = 0; i < ncols; i++)
				have |= cols[i] && strcmp(cols[i]->header, required[r]) == 0;
			if (!have)
				vec_push_strf(problems, L("第 %zu 行：表头缺少必需的列「%s」", "line %zu: the header lacks the required column \"%s\""),
					head->line, required[r]);
		}
		first++;
	} else if (sep == '\t') {
		ncols = NDOCUMENTED;
		cols = xcalloc(ncols, sizeof(*cols));
		for (size_t i = 0; i < ncols; i++)
			cols[i] = &question_csv_columns[i];
	} else {
		struct buf names = BUF_INIT;
		const char *bad = "";
		for (size_t i = 0; i < head->fields.len; i++)
			if (!blank_cell(head->fields.items[i]) && !column_named(head->fields.items[i])) {
				bad = head->fields.items[i];
				break;
			}
		column_list(&names);
		vec_push_strf(problems, L("第 %zu 行：第一行应为表头，不认识的列「%s」（可用的列：%s）",
				    "line %zu: the first row should be the header; unknown column \"%s\" (columns: %s)"),
			head->line, bad, names.ptr);
		buf_release(&names);
		first = rows.len;
	}
	if (problems->len)
		first = rows.len;
	for (size_t r = first; r < rows.len; r++) {
		const struct csv_row *row = rows.items[r];
		struct record *q = record_new();
		struct vec msgs = VEC_INIT(free);
		struct jy_err e = JY_ERR_INIT;
		int empty = 1;
		for (size_t i = 0; i < row->fields.len; i++) {
			const char *cell = row->fields.items[i];
			if (blank_cell(cell))
				continue;
			empty = 0;
			if (i >= ncols || !cols[i]) {
				vec_push_strf(&msgs, L("第 %zu 列没有表头，却有内容「%s」", "column %zu has no header but holds \"%s\""), i + 1, cell);
				continue;
			}
			if (question_cell(q, cols[i]->header, cell, &e) != 0)
				vec_push_strf(&msgs, L("列「%s」：%s", "column \"%s\": %s"), cols[i]->header, e.msg);
		}
		if (!empty) {
			if (!msgs.len) {
				question_normalise(q);
				check_values(q, &msgs);
				question_check(q, &msgs);
			}
			struct buf label = BUF_INIT;
			question_label(&label, q);
			if (msgs.len) {
				row_problems(problems, row->line, label.ptr, &msgs);
			} else {
				vec_push(items, item_new(row->line, q));
				q = NULL;
			}
			buf_release(&label);
		}
		record_free(q);
		vec_free(&msgs);
	}
	rc = summary(err, problems);
cleanup:
	free(cols);
	vec_free(&rows);
	return rc ? rc : problems->len ? JY_EINVAL : 0;
}

static void put_cell(struct buf *out, const char *v)
{
	const char *p = v;
	while (*p == '\'')
		p++;
	if (*p && strchr("=+-@", *p)) {
		struct buf b = BUF_INIT;
		buf_printf(&b, "'%s", v);
		csv_put_field(out, b.ptr);
		buf_release(&b);
		return;
	}
	csv_put_field(out, v);
}

static void cell_text(struct buf *out, const struct question_column *c, const char *v)
{
	const struct field_def *f = schema_field(qtype(), c->section, c->key);
	if (f && (f->type == FT_ENUM || f->type == FT_BOOL) && strcmp(c->key, "format") != 0)
		schema_value_label(out, f, v);
	else
		buf_puts(out, v);
}

void question_csv_template(struct buf *out)
{
	buf_puts(out, CSV_UTF8_BOM);
	for (size_t i = 0, n = 0; i < question_csv_ncolumns; i++) {
		if (question_csv_columns[i].level < 1)
			continue;
		if (n++)
			csv_put_sep(out);
		csv_put_field(out, question_csv_columns[i].header);
	}
	csv_end_row(out);
}

void question_csv_write(struct buf *out, const struct vec *records)
{
	int used[sizeof(question_csv_columns) / sizeof(question_csv_columns[0])] = { 0 };
	struct buf cell = BUF_INIT;
	for (size_t i = 0; i < question_csv_ncolumns; i++) {
		const struct question_column *c = &question_csv_columns[i];
		used[i] = c->level == 2;
		for (size_t r = 0; r < records->len && !used[i]; r++)
			used[i] = record_get(records->items[r], c->section, c->key) != NULL;
	}
	buf_puts(out, CSV_UTF8_BOM);
	for (size_t i = 0, n = 0; i < question_csv_ncolumns; i++)
		if (used[i]) {
			if (n++)
				csv_put_sep(out);
			csv_put_field(out, question_csv_columns[i].header);
		}
	csv_end_row(out);
	for (size_t r = 0; r < records->len; r++) {
		const struct record *q = records->items[r];
		for (size_t i = 0, n = 0; i < question_csv_ncolumns; i++) {
			if (!used[i])
				continue;
			const struct question_column *c = &question_csv_columns[i];
			const char *v = record_get(q, c->section, c->key);
			if (n++)
				csv_put_sep(out);
			buf_reset(&cell);
			if (v)
				cell_text(&cell, c, v);
			put_cell(out, cell.ptr);
		}
		csv_end_row(out);
	}
	buf_release(&cell);
}

/* ---------- GIFT ---------- */

/*
 * Moodle's category path split (a single '/' separates, "//" is a slash);
 * the last part is the chapter. Moodle's own exports put the context and
 * its root first ("$course$/top/Default for X/…"): in a path of several
 * parts a last part "top", "Default for …", "默认…" or "$…$" means none.
 */
static void chapter_of_category(struct buf *out, const char *cat)
{
	struct buf part = BUF_INIT, t = BUF_INIT;
	size_t n = strlen(cat), parts = 1;
	for (size_t i = 0; i < n; i++) {
		if (cat[i] == '/') {
			size_t run = 1;
			while (i + run < n && cat[i + run] == '/')
				run++;
			for (size_t k = 0; k < run / 2; k++)
				buf_putc(&part, '/');
			if (run % 2) {
				buf_reset(&part);
				parts++;
			}
			i += run - 1;
			continue;
		}
		buf_putc(&part, cat[i]);
	}
	trimmed(&t, part.ptr);
	int moodle_root = strcmp(t.ptr, "top") == 0 || strncmp(t.ptr, "Default for ", 12) == 0 || strncmp(t.ptr, "默认", 6) == 0 ||
			  (t.ptr[0] == '$' && t.len > 1 && t.ptr[t.len - 1] == '$');
	if (!(parts > 1 && moodle_root))
		buf_puts(out, t.ptr);
	buf_release(&t);
	buf_release(&part);
}

/* The chapter as a one-part category path: every '/' doubled, so any chapter reads back whole. */
static void category_of_chapter(struct buf *out, const char *chapter)
{
	for (const char *p = chapter; *p; p++) {
		if (*p == '/')
			buf_putc(out, '/');
		buf_putc(out, *p);
	}
}

static void meta_put(struct buf *out, const char *key, const char *v)
{
	if (!v)
		return;
	buf_printf(out, " %s=", key);
	for (const unsigned char *p = (const unsigned char *)v; *p; p++) {
		if (*p == '%' || *p == ' ' || *p < 0x20 || *p == 0x7F)
			buf_printf(out, "%%%02X", *p);
		else
			buf_putc(out, (char)*p);
	}
}

static int hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

/* The value of key in a "k=v k=v" comment (unescaped), appended to out; 1 when present. */
static int meta_get(struct buf *out, const char *meta, const char *key)
{
	size_t kl = strlen(key);
	for (const char *p = meta; p && *p;) {
		while (*p == ' ')
			p++;
		const char *end = strchr(p, ' ');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			for (size_t i = kl + 1; i < n; i++) {
				if (p[i] == '%' && i + 2 < n && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
					buf_putc(out, (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2])));
					i += 2;
				} else {
					buf_putc(out, p[i]);
				}
			}
			return 1;
		}
		p += n;
	}
	return 0;
}

static const char *const default_points[] = { "2", "3", "1", "2", "10", "10" };

static int map_error(struct jy_err *err, const char *zh, const char *en)
{
	return err_set(err, JY_EINVAL, "%s", L(zh, en));
}

static void set_choice(struct record *q, const struct gift_question *g)
{
	for (size_t i = 0; i < g->answers.len; i++) {
		const struct gift_answer *an = g->answers.items[i];
		char k[2] = { letters[i], 0 };
		struct buf w = BUF_INIT;
		record_set(q, "options", k, an->text);
		gift_grade_format(&w, an->weight);
		record_set(q, "weights", k, w.ptr);
		if (*an->feedback)
			record_set(q, "feedback", k, an->feedback);
		buf_release(&w);
	}
}

int question_from_gift(struct record **out, const struct gift_question *g, const char *meta, struct jy_err *err)
{
	struct record *q = record_new();
	struct buf v = BUF_INIT, ans = BUF_INIT;
	int type = -1, rc = 0;
	switch (g->type) {
	case GIFT_MULTICHOICE:
		type = QUESTION_SINGLE;
		break;
	case GIFT_MULTIRESPONSE:
		type = QUESTION_MULTIPLE;
		break;
	case GIFT_TRUEFALSE:
		type = QUESTION_TRUEFALSE;
		break;
	case GIFT_SHORTANSWER:
	case GIFT_NUMERICAL:
		type = QUESTION_FILL;
		break;
	case GIFT_ESSAY:
		type = QUESTION_SHORT;
		if (meta_get(&v, meta, "type") && strcmp(v.ptr, "practical") == 0)
			type = QUESTION_PRACTICAL;
		break;
	}
	record_set(q, "question", "type", type_values[type]);
	buf_reset(&v);
	chapter_of_category(&v, g->category);
	if (v.len)
		record_set(q, "question", "chapter", v.ptr);
	if (*g->title) {
		buf_reset(&v);
		for (const char *p = g->title; *p; p++)
			buf_putc(&v, *p == '\n' || *p == '\t' ? ' ' : *p);
		record_set(q, "question", "point", v.ptr);
	}
	if (g->format != GIFT_FORMAT_MOODLE)
		record_set(q, "question", "format", gift_format_name(g->format));
	record_set(q, "question", "stem", g->stem);
	if (*g->general_feedback)
		record_set(q, "question", "explanation", g->general_feedback);
	if ((type == QUESTION_SINGLE || type == QUESTION_MULTIPLE) && g->answers.len > QUESTION_MAX_OPTIONS) {
		rc = err_set(err, JY_EINVAL, L("有 %zu 个选项，题库最多 8 个（A–H）", "%zu options; the bank has at most 8 (A-H)"), g->answers.len);
		goto cleanup;
	}
	if (type == QUESTION_SINGLE) {
		size_t right = 0;
		for (size_t i = 0; i < g->answers.len; i++) {
			const struct gift_answer *an = g->answers.items[i];
			if (an->weight >= 99.999) {
				if (!right++)
					buf_putc(&ans, letters[i]);
			}
		}
		if (right != 1) {
			rc = map_error(err, "单选题只能有一个 100% 的答案（有几个时请写成多选题：~%50%…）",
				       "a single choice has exactly one 100% answer (for several, make it a multiple choice: ~%50%…)");
			goto cleanup;
		}
		set_choice(q, g);
	} else if (type == QUESTION_MULTIPLE) {
		for (size_t i = 0; i < g->answers.len; i++)
			if (((const struct gift_answer *)g->answers.items[i])->weight > 0)
				buf_putc(&ans, letters[i]);
		set_choice(q, g);
	} else if (type == QUESTION_TRUEFALSE) {
		buf_puts(&ans, g->truth ? QUESTION_TRUE : QUESTION_FALSE);
		if (*g->tf_feedback_right)
			record_set(q, "feedback", "right", g->tf_feedback_right);
		if (*g->tf_feedback_wrong)
			record_set(q, "feedback", "wrong", g->tf_feedback_wrong);
	} else if (type == QUESTION_FILL) {
		for (size_t i = 0; i < g->answers.len; i++) {
			const struct gift_answer *an = g->answers.items[i];
			if (g->type == GIFT_NUMERICAL && an->num == GIFT_NUM_ANY && an->weight == 0 && !*an->feedback)
				continue;
			if (fabs(an->weight - 100) > 0.001 || an->num == GIFT_NUM_ANY) {
				rc = map_error(err, "填空题的答案都是全对的答案：部分得分（%50%）和“其他答案”不能导入",
					       "a fill-in's answers are all full credit: partial credit (%50%) and \"any other answer\" cannot be imported");
				goto cleanup;
			}
			if (*an->feedback) {
				rc = map_error(err, "填空题的答案不能带各自的反馈（#…）：可写进总体反馈 ####",
					       "a fill-in's answers have no feedback of their own (#…): use the general feedback ####");
				goto cleanup;
			}
			if (g->type == GIFT_SHORTANSWER && strchr(an->text, '\n')) {
				rc = map_error(err, "填空题的答案不能换行", "a fill-in answer cannot hold a line break");
				goto cleanup;
			}
			if (ans.len)
				buf_putc(&ans, '\n');
			if (g->type == GIFT_NUMERICAL) {
				struct question_num qn;
				memset(&qn, 0, sizeof(qn));
				qn.range = an->num == GIFT_NUM_RANGE;
				qn.value = an->value;
				qn.tolerance = an->tolerance;
				qn.min = an->min;
				qn.max = an->max;
				question_num_format(&ans, &qn);
			} else {
				buf_puts(&ans, an->text);
			}
		}
		if (g->type == GIFT_NUMERICAL)
			record_set(q, "question", "numeric", "yes");
	} else {
		buf_reset(&v);
		if (meta_get(&v, meta, "answer") && v.len)
			buf_puts(&ans, v.ptr);
		buf_reset(&v);
		if (meta_get(&v, meta, "rubric") && v.len)
			record_set(q, "question", "rubric", v.ptr);
	}
	if (ans.len)
		record_set(q, "question", "answer", ans.ptr);
	record_set(q, "question", "difficulty", "3");
	record_set(q, "question", "points", default_points[type]);
	static const char *const meta_keys[] = { "difficulty", "level", "points", NULL };
	for (size_t i = 0; meta_keys[i]; i++) {
		buf_reset(&v);
		if (meta_get(&v, meta, meta_keys[i]) && (rc = question_cell(q, meta_keys[i], v.ptr, err))) {
			err_prefix(err, L("注释 // jiaoyan:", "comment // jiaoyan:"));
			goto cleanup;
		}
	}
cleanup:
	buf_release(&v);
	buf_release(&ans);
	if (rc)
		record_free(q);
	else
		*out = q;
	return rc;
}

static double weight_of(const struct record *q, int type, const char *answer, size_t i)
{
	char k[2] = { letters[i], 0 };
	const char *v = record_get(q, "weights", k);
	double w;
	if (v && read_number(v, strlen(v), &w) == 0)
		return w;
	return default_weight(type, answer, i);
}

int question_to_gift(struct gift_question **out, const struct record *q, struct jy_err *err)
{
	struct vec problems = VEC_INIT(free);
	int type = type_of(q);
	if (question_check(q, &problems) || type < 0) {
		int rc = err_set(err, JY_EINVAL, "%s", problems.len ? (const char *)problems.items[0] : L("题型不明", "unknown type"));
		vec_free(&problems);
		return rc;
	}
	vec_free(&problems);
	static const enum gift_type gtypes[] = { GIFT_MULTICHOICE, GIFT_MULTIRESPONSE, GIFT_TRUEFALSE, GIFT_SHORTANSWER,
						 GIFT_ESSAY, GIFT_ESSAY };
	const char *numeric = get(q, "numeric"), *a = get(q, "answer"), *fmt = get(q, "format");
	int num = type == QUESTION_FILL && numeric && strcmp(numeric, "yes") == 0;
	struct gift_question *g = gift_question_new(num ? GIFT_NUMERICAL : gtypes[type]);
	struct buf b = BUF_INIT;
	if (fmt)
		g->format = strcmp(fmt, "html") == 0 ? GIFT_FORMAT_HTML : strcmp(fmt, "markdown") == 0 ? GIFT_FORMAT_MARKDOWN
													 : GIFT_FORMAT_PLAIN;
	if (get(q, "chapter")) {
		category_of_chapter(&b, get(q, "chapter"));
		gift_set(&g->category, b.ptr);
	}
	gift_set(&g->title, get(q, "point"));
	gift_set(&g->stem, get(q, "stem"));
	gift_set(&g->general_feedback, get(q, "explanation"));
	if (question_is_choice(type)) {
		size_t n = question_option_count(q);
		for (size_t i = 0; i < n; i++) {
			char k[2] = { letters[i], 0 };
			gift_answer_add(g, option(q, i), weight_of(q, type, a, i), record_get(q, "feedback", k));
		}
	} else if (type == QUESTION_TRUEFALSE) {
		g->truth = strcmp(a, QUESTION_TRUE) == 0;
		gift_set(&g->tf_feedback_right, record_get(q, "feedback", "right"));
		gift_set(&g->tf_feedback_wrong, record_get(q, "feedback", "wrong"));
	} else if (type == QUESTION_FILL) {
		for (const char *s = a; *s;) {
			const char *nl = strchr(s, '\n');
			char *line = xstrndup(s, nl ? (size_t)(nl - s) : strlen(s));
			if (num) {
				struct question_num qn;
				struct gift_answer *an = gift_answer_add(g, "", 100, "");
				question_num_parse(&qn, line);
				if (qn.range) {
					an->num = GIFT_NUM_RANGE;
					an->min = qn.min;
					an->max = qn.max;
					an->value = (qn.min + qn.max) / 2;
					an->tolerance = qn.max - an->value;
				} else {
					an->value = qn.value;
					an->tolerance = qn.tolerance;
					an->min = qn.value - qn.tolerance;
					an->max = qn.value + qn.tolerance;
				}
			} else {
				gift_answer_add(g, line, 100, "");
			}
			free(line);
			s = nl ? nl + 1 : s + strlen(s);
		}
	}
	buf_release(&b);
	*out = g;
	return 0;
}

/* Start offsets of the physical lines of data (LF, CRLF, lone CR), 1-based by index + 1. */
static size_t *line_starts(const char *data, size_t len, size_t *n)
{
	size_t cap = 64, count = 0;
	size_t *at = xmalloc(cap * sizeof(*at));
	at[count++] = 0;
	for (size_t i = 0; i < len; i++) {
		if (data[i] != '\n' && data[i] != '\r')
			continue;
		if (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n')
			i++;
		if (count == cap)
			at = xrealloc(at, (cap *= 2) * sizeof(*at));
		at[count++] = i + 1;
	}
	*n = count;
	return at;
}

/* The "// jiaoyan:" comment among the comment lines right above line `line` (1-based); "" when none. */
static void find_meta(struct buf *out, const char *data, size_t len, const size_t *starts, size_t nlines, size_t line)
{
	for (size_t l = line; l-- > 1 && l <= nlines;) {
		size_t s = starts[l - 1], e = l < nlines ? starts[l] : len;
		while (s < e && (data[s] == ' ' || data[s] == '\t'))
			s++;
		while (e > s && (data[e - 1] == '\n' || data[e - 1] == '\r'))
			e--;
		if (e - s < 2 || data[s] != '/' || data[s + 1] != '/')
			return;
		static const char tag[] = "// jiaoyan:";
		if (e - s >= sizeof(tag) - 1 && memcmp(data + s, tag, sizeof(tag) - 1) == 0) {
			buf_add(out, data + s + sizeof(tag) - 1, e - s - (sizeof(tag) - 1));
			return;
		}
	}
}

struct numbered {
	size_t line, order;
	char *msg;
};

static size_t leading_number(const char *s)
{
	while (*s && (*s < '0' || *s > '9'))
		s++;
	return (size_t)strtoul(s, NULL, 10);
}

static int numbered_cmp(const void *a, const void *b)
{
	const struct numbered *x = a, *y = b;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

int question_gift_read(struct vec *items, struct vec *problems, const char *data, size_t len, struct jy_err *err)
{
	struct vec qs = VEC_INIT(gift_question_free), gprob = VEC_INIT(free), mine = VEC_INIT(free);
	struct jy_err gerr = JY_ERR_INIT;
	size_t nlines = 0;
	size_t *starts = line_starts(data, len, &nlines);
	gift_parse(&qs, &gprob, data, len, &gerr);
	for (size_t i = 0; i < qs.len; i++) {
		const struct gift_question *g = qs.items[i];
		struct buf meta = BUF_INIT, label = BUF_INIT;
		struct record *q = NULL;
		struct vec msgs = VEC_INIT(free);
		struct jy_err e = JY_ERR_INIT;
		find_meta(&meta, data, len, starts, nlines, g->line);
		if (question_from_gift(&q, g, meta.ptr, &e) == 0) {
			question_normalise(q);
			check_values(q, &msgs);
			question_check(q, &msgs);
		} else {
			vec_push_str(&msgs, e.msg);
		}
		if (q) {
			question_label(&label, q);
		} else {
			struct record *tmp = record_new();
			record_set(tmp, "question", "point", g->title);
			record_set(tmp, "question", "stem", g->stem);
			question_label(&label, tmp);
			record_free(tmp);
		}
		if (msgs.len) {
			row_problems(&mine, g->line, label.ptr, &msgs);
			record_free(q);
		} else {
			vec_push(items, item_new(g->line, q));
		}
		vec_free(&msgs);
		buf_release(&meta);
		buf_release(&label);
	}
	/* One list in file order: the reader's problems and the mapping's. */
	size_t n = gprob.len + mine.len;
	struct numbered *all = xcalloc(n ? n : 1, sizeof(*all));
	for (size_t i = 0; i < gprob.len; i++)
		all[i] = (struct numbered){ leading_number(gprob.items[i]), i, gprob.items[i] };
	for (size_t i = 0; i < mine.len; i++)
		all[gprob.len + i] = (struct numbered){ leading_number(mine.items[i]), gprob.len + i, mine.items[i] };
	qsort(all, n, sizeof(*all), numbered_cmp);
	for (size_t i = 0; i < n; i++)
		vec_push_str(problems, all[i].msg);
	free(all);
	free(starts);
	vec_free(&qs);
	vec_free(&gprob);
	vec_free(&mine);
	return summary(err, problems);
}

struct indexed {
	const struct record *q;
	size_t i;
};

static int by_chapter(const void *a, const void *b)
{
	const struct indexed *x = a, *y = b;
	const char *cx = get(x->q, "chapter"), *cy = get(y->q, "chapter");
	int c = strcmp(cx ? cx : "", cy ? cy : "");
	return c ? c : x->i < y->i ? -1 : x->i > y->i;
}

int question_gift_write(struct buf *out, const struct vec *records, struct jy_err *err)
{
	size_t start = out->len, n = records->len;
	struct indexed *order = xcalloc(n ? n : 1, sizeof(*order));
	const char *chapter = NULL;
	struct buf b = BUF_INIT, label = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < n; i++)
		order[i] = (struct indexed){ records->items[i], i };
	qsort(order, n, sizeof(*order), by_chapter);
	buf_puts(out, L("// jiaoyan 题库导出（Moodle GIFT，UTF-8）\n\n", "// jiaoyan question bank export (Moodle GIFT, UTF-8)\n\n"));
	for (size_t k = 0; k < n && rc == 0; k++) {
		const struct record *q = order[k].q;
		struct gift_question *g = NULL;
		const char *ch = get(q, "chapter");
		if ((rc = question_to_gift(&g, q, err)) == 0) {
			if (ch && (!chapter || strcmp(ch, chapter) != 0))
				rc = gift_write_category(out, g->category, err);
			chapter = ch;
			int type = type_of(q);
			buf_puts(out, "// jiaoyan:");
			meta_put(out, "type", get(q, "type"));
			meta_put(out, "difficulty", get(q, "difficulty"));
			meta_put(out, "level", get(q, "level"));
			meta_put(out, "points", get(q, "points"));
			if (type == QUESTION_SHORT || type == QUESTION_PRACTICAL) {
				meta_put(out, "answer", get(q, "answer"));
				meta_put(out, "rubric", get(q, "rubric"));
			}
			buf_putc(out, '\n');
			if (rc == 0)
				rc = gift_write_question(out, g, err);
		}
		if (rc) {
			buf_reset(&label);
			question_label(&label, q);
			err_prefix(err, L("题目「%s」", "question \"%s\""), label.ptr);
		}
		gift_question_free(g);
	}
	if (rc)
		buf_truncate(out, start);
	free(order);
	buf_release(&b);
	buf_release(&label);
	return rc;
}

/* ---------- as a student sees it ---------- */

void question_line_free(void *p)
{
	struct question_line *l = p;
	if (l) {
		free(l->text);
		free(l);
	}
}

static void line_add(struct vec *lines, enum question_line_kind kind, const char *text)
{
	struct question_line *l = xcalloc(1, sizeof(*l));
	l->kind = kind;
	l->text = xstrdup(text ? text : "");
	vec_push(lines, l);
}

void question_render(struct vec *lines, const struct record *q, int with_answers)
{
	int type = type_of(q);
	const char *a = get(q, "answer");
	struct buf b = BUF_INIT;
	line_add(lines, QL_STEM, get(q, "stem"));
	if (question_is_choice(type)) {
		size_t n = question_option_count(q);
		for (size_t i = 0; i < n; i++) {
			int right = with_answers && a && strchr(a, letters[i]);
			buf_reset(&b);
			buf_printf(&b, "%c. %s", letters[i], option(q, i));
			line_add(lines, right ? QL_OPTION_RIGHT : QL_OPTION, b.ptr);
		}
	} else if (type == QUESTION_TRUEFALSE) {
		line_add(lines, QL_OPTION, L("（  ）正确    （  ）错误", "(  ) true    (  ) false"));
	} else if (type == QUESTION_SHORT || type == QUESTION_PRACTICAL) {
		line_add(lines, QL_OPTION, L("（作答区）", "(answer space)"));
	}
	if (!with_answers) {
		buf_release(&b);
		return;
	}
	line_add(lines, QL_BLANK, "");
	buf_reset(&b);
	if (type == QUESTION_FILL && a) {
		const char *numeric = get(q, "numeric");
		buf_puts(&b, numeric && strcmp(numeric, "yes") == 0 ? L("答案（数值）：", "answer (numeric): ") : L("答案：", "answer: "));
		for (const char *p = a; *p; p++) {
			if (*p == '\n')
				buf_puts(&b, L("　或　", " or "));
			else
				buf_putc(&b, *p);
		}
	} else {
		buf_printf(&b, "%s%s", type == QUESTION_SHORT || type == QUESTION_PRACTICAL ? L("参考答案：", "reference answer: ") : L("答案：", "answer: "),
			   a ? a : L("（未填写）", "(none)"));
	}
	line_add(lines, QL_ANSWER, b.ptr);
	if (has_section(q, "weights")) {
		size_t n = question_option_count(q);
		buf_reset(&b);
		buf_puts(&b, L("分值比例：", "weights: "));
		for (size_t i = 0; i < n; i++) {
			char k[2] = { letters[i], 0 };
			const char *w = record_get(q, "weights", k);
			buf_printf(&b, "%s%c %s%%", i ? L("，", ", ") : "", letters[i], w ? w : "?");
		}
		line_add(lines, QL_ANSWER, b.ptr);
	}
	if (get(q, "rubric")) {
		buf_reset(&b);
		buf_printf(&b, "%s%s", L("评分标准：", "rubric: "), get(q, "rubric"));
		line_add(lines, QL_RUBRIC, b.ptr);
	}
	if (get(q, "explanation")) {
		buf_reset(&b);
		buf_printf(&b, "%s%s", L("解析：", "explanation: "), get(q, "explanation"));
		line_add(lines, QL_EXPLANATION, b.ptr);
	}
	long fi = record_section_index(q, "feedback");
	for (size_t j = 0; fi >= 0 && j < record_key_count(q, (size_t)fi); j++) {
		const char *key = record_key(q, (size_t)fi, j);
		buf_reset(&b);
		if (strcmp(key, "right") == 0)
			buf_printf(&b, "%s%s", L("答对时的反馈：", "feedback when right: "), record_value(q, (size_t)fi, j));
		else if (strcmp(key, "wrong") == 0)
			buf_printf(&b, "%s%s", L("答错时的反馈：", "feedback when wrong: "), record_value(q, (size_t)fi, j));
		else
			buf_printf(&b, L("选 %s 时的反馈：%s", "feedback on %s: %s"), key, record_value(q, (size_t)fi, j));
		line_add(lines, QL_FEEDBACK, b.ptr);
	}
	buf_release(&b);
}
