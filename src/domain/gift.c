/* gift: a Moodle GIFT reader and writer that reads questions the way Moodle's importer does. */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/gift.h"
#include "jiaoyan/text.h"

const double GIFT_GRADES[] = {
	100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, 16.66667, 14.28571,
	12.5, 11.11111, 10, 5, 0, -5, -10, -11.11111, -12.5, -14.28571, -16.66667, -20, -25, -30,
	-33.33333, -40, -50, -60, -66.66667, -70, -75, -80, -83.33333, -90, -100,
};
const size_t GIFT_GRADES_COUNT = sizeof(GIFT_GRADES) / sizeof(GIFT_GRADES[0]);

/*
 * Escaped characters become these bytes while a question is cut up, as
 * Moodle's placeholders do, so `\=` is never taken for a separator. Raw
 * control characters are refused at input, so they cannot collide.
 */
enum { PH_COLON = 1, PH_HASH, PH_EQUAL, PH_LBRACE, PH_RBRACE, PH_TILDE, PH_NEWLINE, PH_LAST = PH_NEWLINE };
static const char ph_char[] = { 0, ':', '#', '=', '{', '}', '~', '\n' };

/* ---------- structs ---------- */

void gift_answer_free(void *p)
{
	struct gift_answer *a = p;
	if (!a)
		return;
	free(a->text);
	free(a->feedback);
	free(a);
}

struct gift_question *gift_question_new(enum gift_type type)
{
	struct gift_question *q = xcalloc(1, sizeof(*q));
	q->type = type;
	q->format = GIFT_FORMAT_MOODLE;
	q->category = xstrdup("");
	q->title = xstrdup("");
	q->stem = xstrdup("");
	q->tf_feedback_wrong = xstrdup("");
	q->tf_feedback_right = xstrdup("");
	q->general_feedback = xstrdup("");
	vec_init(&q->answers, gift_answer_free);
	return q;
}

void gift_question_free(void *p)
{
	struct gift_question *q = p;
	if (!q)
		return;
	free(q->category);
	free(q->title);
	free(q->stem);
	free(q->tf_feedback_wrong);
	free(q->tf_feedback_right);
	free(q->general_feedback);
	vec_free(&q->answers);
	free(q);
}

void gift_set(char **field, const char *s)
{
	char *copy = xstrdup(s ? s : "");
	free(*field);
	*field = copy;
}

struct gift_answer *gift_answer_add(struct gift_question *q, const char *text, double weight,
				    const char *feedback)
{
	struct gift_answer *a = xcalloc(1, sizeof(*a));
	a->text = xstrdup(text ? text : "");
	a->feedback = xstrdup(feedback ? feedback : "");
	a->weight = weight;
	a->num = GIFT_NUM_VALUE;
	vec_push(&q->answers, a);
	return a;
}

const char *gift_type_name(enum gift_type type)
{
	switch (type) {
	case GIFT_MULTICHOICE: return "multichoice";
	case GIFT_MULTIRESPONSE: return "multiresponse";
	case GIFT_TRUEFALSE: return "truefalse";
	case GIFT_SHORTANSWER: return "shortanswer";
	case GIFT_NUMERICAL: return "numerical";
	case GIFT_ESSAY: return "essay";
	}
	return "?";
}

const char *gift_format_name(enum gift_format format)
{
	switch (format) {
	case GIFT_FORMAT_MOODLE: return "moodle";
	case GIFT_FORMAT_HTML: return "html";
	case GIFT_FORMAT_PLAIN: return "plain";
	case GIFT_FORMAT_MARKDOWN: return "markdown";
	}
	return "moodle";
}

/* ---------- numbers and weights ---------- */

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static int is_space(char c)
{
	/* PHP's trim(): space, tab, newline, CR, NUL, vertical tab. */
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0' || c == '\v';
}


void gift_grade_format(struct buf *out, double w)
{
	text_decimal(out, w, 5);
}

/* Index into GIFT_GRADES of w (Moodle's tolerance: 0.00001 of a fraction), or -1. */
static int grade_index(double w)
{
	for (size_t i = 0; i < GIFT_GRADES_COUNT; i++)
		if (fabs(w - GIFT_GRADES[i]) < 0.001)
			return (int)i;
	return -1;
}

static const char *grades_zh = "100、90、83.33333、80、75、70、66.66667、60、50、40、33.33333、30、25、20、16.66667、"
			       "14.28571、12.5、11.11111、10、5、0 或它们的负数";
static const char *grades_en = "100, 90, 83.33333, 80, 75, 70, 66.66667, 60, 50, 40, 33.33333, 30, 25, 20, "
			       "16.66667, 14.28571, 12.5, 11.11111, 10, 5, 0 or their negatives";

/* ---------- the checks Moodle makes before saving ---------- */

static int is_blank_text(const char *s)
{
	for (; *s; s++)
		if (!is_space(*s))
			return 0;
	return 1;
}

static int weight_error(struct jy_err *err, double w)
{
	struct buf b = BUF_INIT;
	gift_grade_format(&b, w);
	int rc = err_set(err, JY_EINVAL, L("权重 %s%% 不是 Moodle 的分值（可用 %s）", "weight %s%% is not one of Moodle's grades (use %s)"),
			 b.ptr, L(grades_zh, grades_en));
	buf_release(&b);
	return rc;
}

static int is_tf_word(const char *s, size_t n)
{
	return (n == 1 && (s[0] == 'T' || s[0] == 'F')) || (n == 4 && memcmp(s, "TRUE", 4) == 0) ||
	       (n == 5 && memcmp(s, "FALSE", 5) == 0);
}

/*
 * A short answer with "->" reads as matching when written with `=`; Moodle
 * still reads one full-credit answer written bare (`{a->b}`), as long as
 * it does not look like a weight or a true/false word.
 */
static int bare_short(const struct gift_question *q)
{
	const struct gift_answer *a = q->answers.len == 1 ? q->answers.items[0] : NULL;
	return a && a->weight == 100 && a->text[0] != '%' && !is_tf_word(a->text, strlen(a->text));
}

/* Shared by the parser (which maps *bad to a line) and gift_check. */
static int check_question(const struct gift_question *q, size_t *bad, struct jy_err *err)
{
	size_t n = q->answers.len;
	double max = -1000, positive = 0;
	*bad = SIZE_MAX;

	if (is_blank_text(q->stem))
		return err_set(err, JY_EINVAL, L("题干为空", "the stem is empty"));
	if (q->missing_word) {
		size_t len = strlen(q->stem);
		if (q->blank_at > len || len - q->blank_at < strlen(GIFT_BLANK) ||
		    memcmp(q->stem + q->blank_at, GIFT_BLANK, strlen(GIFT_BLANK)) != 0)
			return err_set(err, JY_EINVAL, L("题干在空位处没有 %s", "the stem has no %s at the blank"), GIFT_BLANK);
	}
	if (q->type == GIFT_TRUEFALSE || q->type == GIFT_ESSAY)
		return 0;
	if ((q->type == GIFT_MULTICHOICE || q->type == GIFT_MULTIRESPONSE) && n < 2)
		return err_set(err, JY_EINVAL, L("选择题至少要有两个选项", "a choice question needs at least two choices"));
	if (n < 1)
		return err_set(err, JY_EINVAL, L("没有答案", "there is no answer"));
	for (size_t i = 0; i < n; i++) {
		const struct gift_answer *a = q->answers.items[i];
		*bad = i;
		if (q->type != GIFT_NUMERICAL && is_blank_text(a->text))
			return err_set(err, JY_EINVAL, L("第 %zu 个答案为空", "answer %zu is empty"), i + 1);
		if (grade_index(a->weight) < 0)
			return weight_error(err, a->weight);
		if (q->type == GIFT_SHORTANSWER && (strstr(a->text, "->") || strstr(a->feedback, "->")) && !bare_short(q))
			return err_set(err, JY_EINVAL,
				       L("填空题的答案和反馈里不能有“->”（Moodle 会读成匹配题，而 - 和 > 无法转义）",
					 "a short answer's answers and feedback cannot hold \"->\" (Moodle reads a matching question; - and > cannot be escaped)"));
		if (q->type == GIFT_NUMERICAL && a->num != GIFT_NUM_ANY) {
			if (!isfinite(a->value) || !isfinite(a->tolerance) || !isfinite(a->min) || !isfinite(a->max))
				return err_set(err, JY_EINVAL, L("数值不是有限数", "a number is not finite"));
			if (a->num == GIFT_NUM_VALUE && a->tolerance < 0)
				return err_set(err, JY_EINVAL, L("误差不能为负数", "the tolerance cannot be negative"));
			if (a->num == GIFT_NUM_RANGE && a->min > a->max)
				return err_set(err, JY_EINVAL, L("范围的下限大于上限", "the range's lower end is above its upper end"));
		}
		if (a->weight > max)
			max = a->weight;
		if (a->weight > 0)
			positive += a->weight;
	}
	*bad = SIZE_MAX;
	if (q->type == GIFT_MULTIRESPONSE) {
		if (positive == 0)
			return err_set(err, JY_EINVAL,
				       L("没有正确答案：单选题用 = 标出正确选项，多选题给正确选项写 ~%%50%% 这样的权重",
					 "no right answer: mark it with = (one answer) or give the right ones weights like ~%%50%% (several answers)"));
		if (round(positive) != 100) {
			struct buf b = BUF_INIT;
			gift_grade_format(&b, positive);
			int rc = err_set(err, JY_EINVAL, L("多选题正确选项的权重之和是 %s%%，应为 100%%",
							   "the positive weights of a several-answer question add up to %s%%, not 100%%"),
					 b.ptr);
			buf_release(&b);
			return rc;
		}
	} else if (max != 100) {
		return err_set(err, JY_EINVAL, L("没有 100%% 的正确答案", "no answer is worth 100%%"));
	}
	return 0;
}

int gift_check(const struct gift_question *q, struct jy_err *err)
{
	size_t bad;
	int rc = check_question(q, &bad, err);
	if (rc && bad != SIZE_MAX)
		err_prefix(err, L("第 %zu 个答案", "answer %zu"), bad + 1);
	return rc;
}

/* ---------- reading ---------- */

struct span {
	size_t off, len;
};

struct parser {
	struct vec *questions, *problems;
	char *category;
};

/* One question block after comments are blanked and escapes are replaced. */
struct block {
	struct parser *ps;
	char *p;           /* the processed text */
	size_t n;
	size_t first_line; /* physical line of p[0] */
	char *title;       /* for messages; NULL until known */
	size_t label_at;   /* where the stem starts in p */
	int bad;
	size_t *nl, nnl;   /* offsets of the line breaks in p, ascending */
};

/* Physical line of p[pos]: first_line plus the line breaks before pos. */
static size_t line_at(const struct block *b, size_t pos)
{
	size_t lo = 0, hi = b->nnl;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (b->nl[mid] < pos)
			lo = mid + 1;
		else
			hi = mid;
	}
	return b->first_line + lo;
}

static struct span trim_span(const char *p, struct span s)
{
	while (s.len && is_space(p[s.off]))
		s.off++, s.len--;
	while (s.len && is_space(p[s.off + s.len - 1]))
		s.len--;
	return s;
}

/* Placeholders back to their characters; whitespace and controls collapsed
 * to single spaces when `flat` (for labels in messages). */
static void unescape_into(struct buf *out, const char *s, size_t n, int flat)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		char ch = (c >= PH_COLON && c <= PH_LAST) ? ph_char[c] : (char)c;
		if (flat && (ch == '\n' || ch == '\t' || ch == '\r')) {
			if (out->len && out->ptr[out->len - 1] != ' ')
				buf_putc(out, ' ');
			continue;
		}
		buf_putc(out, ch);
	}
}

/* The question named in messages: its title, or the first words of its stem. */
static void label_of(struct buf *out, const struct block *b)
{
	if (b->title && *b->title) {
		unescape_into(out, b->title, strlen(b->title), 1);
	} else {
		size_t end = b->label_at;
		while (end < b->n && b->p[end] != '{')
			end++;
		unescape_into(out, b->p + b->label_at, end - b->label_at, 1);
	}
	/* Keep 20 characters, cut on a character boundary. */
	size_t at = 0, chars = 0;
	while (at < out->len && chars < 20) {
		uint32_t cp;
		at += text_decode(out->ptr + at, out->len - at, &cp, NULL);
		chars++;
	}
	if (at < out->len) {
		buf_truncate(out, at);
		buf_puts(out, "…");
	}
	while (out->len && out->ptr[out->len - 1] == ' ')
		buf_truncate(out, out->len - 1);
}

static void report_line(struct parser *ps, size_t line, const char *label, const char *fmt, va_list ap)
{
	struct buf rule = BUF_INIT, msg = BUF_INIT;
	buf_vprintf(&rule, fmt, ap);
	if (label && *label)
		buf_printf(&msg, L("第 %zu 行：题目「%s」：%s", "line %zu: question \"%s\": %s"), line, label, rule.ptr);
	else
		buf_printf(&msg, L("第 %zu 行：%s", "line %zu: %s"), line, rule.ptr);
	/* Rules quote the input: escapes back to characters, no control character survives. */
	for (size_t i = 0; i < msg.len; i++) {
		unsigned char c = (unsigned char)msg.ptr[i];
		if (c >= PH_COLON && c <= PH_LAST && c != PH_NEWLINE)
			msg.ptr[i] = ph_char[c];
		else if (c < 0x20 || c == 0x7F)
			msg.ptr[i] = ' ';
	}
	vec_push(ps->problems, buf_detach(&msg));
	buf_release(&rule);
}

static void vproblem_line(struct block *b, size_t line, const char *fmt, va_list ap)
{
	struct buf label = BUF_INIT;
	label_of(&label, b);
	report_line(b->ps, line, label.ptr, fmt, ap);
	buf_release(&label);
	b->bad = 1;
}

static void problem_line(struct block *b, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem_line(struct block *b, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem_line(b, line, fmt, ap);
	va_end(ap);
}

/* Reports the question as bad, naming the line of p[pos]. */
static void problem(struct block *b, size_t pos, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem(struct block *b, size_t pos, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vproblem_line(b, line_at(b, pos), fmt, ap);
	va_end(ap);
}

static void problem_plain(struct parser *ps, size_t line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void problem_plain(struct parser *ps, size_t line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report_line(ps, line, NULL, fmt, ap);
	va_end(ap);
}

static int format_by_name(const char *s, size_t n, enum gift_format *out)
{
	static const char *names[] = { "moodle", "html", "plain", "markdown" };
	for (size_t i = 0; i < 4; i++)
		if (strlen(names[i]) == n && memcmp(names[i], s, n) == 0) {
			*out = (enum gift_format)i;
			return 1;
		}
	return 0;
}

/*
 * Moodle's parse_text_with_format: a leading [format] (only the four
 * names, case-sensitive) is taken off when `formats`, escapes are turned back into their
 * characters, and the result is trimmed. *fmt and *cut (how many bytes
 * went before the text's first kept byte) may be NULL.
 */
static char *finish_text(const char *p, struct span s, int formats, enum gift_format *fmt, size_t *cut)
{
	struct buf out = BUF_INIT;
	struct span t = trim_span(p, s);
	size_t skipped = t.off - s.off;
	if (formats && t.len && p[t.off] == '[') {
		const char *close = memchr(p + t.off, ']', t.len);
		enum gift_format f;
		if (close && format_by_name(p + t.off + 1, (size_t)(close - (p + t.off)) - 1, &f)) {
			size_t k = (size_t)(close - (p + t.off)) + 1;
			t.off += k;
			t.len -= k;
			skipped += k;
			if (fmt)
				*fmt = f;
		}
	}
	unescape_into(&out, p + t.off, t.len, 0);
	size_t lead = 0;
	while (lead < out.len && is_space(out.ptr[lead]))
		lead++;
	while (out.len > lead && is_space(out.ptr[out.len - 1]))
		out.len--;
	if (cut)
		*cut = skipped + lead;
	char *r = xstrndup(out.ptr + lead, out.len - lead);
	buf_release(&out);
	return r;
}

static const char *find_str(const char *p, struct span s, const char *needle)
{
	size_t nl = strlen(needle);
	for (size_t i = 0; i + nl <= s.len; i++)
		if (memcmp(p + s.off + i, needle, nl) == 0)
			return p + s.off + i;
	return NULL;
}

static const char *rfind_str(const char *p, struct span s, const char *needle)
{
	size_t nl = strlen(needle);
	if (s.len < nl)
		return NULL;
	for (size_t i = s.len - nl + 1; i-- > 0;)
		if (memcmp(p + s.off + i, needle, nl) == 0)
			return p + s.off + i;
	return NULL;
}

static const char *find_char(const char *p, struct span s, char c)
{
	return memchr(p + s.off, c, s.len);
}

/*
 * Moodle's weight: `%` [-]* then 1-2 digits with a decimal part, or digits
 * only, then `%`. On a match *w gets the weight and *s moves past it;
 * returns 1, or 0 when there is no weight, -1 after reporting a bad one.
 */
static int read_weight(struct block *b, struct span *s, double *w)
{
	const char *p = b->p + s->off;
	size_t i = 1, minus = 0, d1 = 0;
	if (s->len < 3 || p[0] != '%')
		return 0;
	while (i < s->len && p[i] == '-')
		i++, minus++;
	while (i < s->len && is_digit(p[i]))
		i++, d1++;
	if (!d1)
		return 0;
	if (i < s->len && p[i] == '.') {
		if (d1 > 2)
			return 0;
		i++;
		while (i < s->len && is_digit(p[i]))
			i++;
	}
	if (i >= s->len || p[i] != '%')
		return 0;
	if (minus > 1) {
		problem(b, s->off, L("权重 %.*s 写法不对", "weight %.*s is malformed"), (int)(i + 1), p);
		return -1;
	}
	double v = 0;
	if (text_parse_number(p + 1, i - 1, &v) != 0 || grade_index(v) < 0) {
		problem(b, s->off, L("权重 %.*s 不是 Moodle 的分值（可用 %s）", "weight %.*s is not one of Moodle's grades (use %s)"),
			(int)(i + 1), p, L(grades_zh, grades_en));
		return -1;
	}
	*w = GIFT_GRADES[grade_index(v)];
	s->off += i + 1;
	s->len -= i + 1;
	return 1;
}

/* Moodle's commentparser: the text before the first `#`, the feedback after it. */
static void split_feedback(const struct block *b, struct span s, char **text, char **feedback)
{
	const char *hash = find_char(b->p, s, '#');
	struct span t = s, f = { 0, 0 };
	if (hash) {
		t.len = (size_t)(hash - (b->p + s.off));
		f.off = t.off + t.len + 1;
		f.len = s.len - t.len - 1;
	}
	*text = finish_text(b->p, t, 1, NULL, NULL);
	*feedback = finish_text(b->p, f, 1, NULL, NULL);
}

/* Cuts s at every `sep`; with keep_eq also before every `=` (kept), as Moodle's
 * str_replace("=", "~=") then explode("~") does. The first piece is dropped
 * when it is blank. */
static size_t split_pieces(const char *p, struct span s, char sep, int keep_eq, struct span **out)
{
	size_t n = 0, cap = 8;
	struct span *v = xmalloc(cap * sizeof(*v));
	size_t start = s.off, end = s.off + s.len;
	for (size_t i = s.off; i <= end; i++) {
		int cut = i == end || p[i] == sep || (keep_eq && p[i] == '=');
		if (!cut)
			continue;
		if (n == cap)
			v = xrealloc(v, (cap *= 2) * sizeof(*v));
		v[n].off = start;
		v[n].len = i - start;
		n++;
		start = (i < end && p[i] == sep) ? i + 1 : i;
	}
	if (n && trim_span(p, v[0]).len == 0) {
		memmove(v, v + 1, (n - 1) * sizeof(*v));
		n--;
	}
	*out = v;
	return n;
}

static void push_line(size_t **lines, size_t n, size_t line)
{
	*lines = xrealloc(*lines, (n + 1) * sizeof(**lines));
	(*lines)[n] = line;
}

/* multichoice: `=` answers are 100 %, `~` answers take an optional weight. */
static void read_choices(struct block *b, struct gift_question *q, struct span ans, size_t **lines)
{
	struct span *pieces;
	size_t n = split_pieces(b->p, ans, '~', 1, &pieces);
	q->type = find_char(b->p, ans, '=') ? GIFT_MULTICHOICE : GIFT_MULTIRESPONSE;
	for (size_t i = 0; i < n && !b->bad; i++) {
		struct span s = trim_span(b->p, pieces[i]);
		double w = 0;
		char *text, *fb;
		if (s.len && b->p[s.off] == '=') {
			w = 100;
			s.off++, s.len--;
		} else if (read_weight(b, &s, &w) < 0) {
			break;
		}
		split_feedback(b, s, &text, &fb);
		gift_answer_add(q, text, w, fb);
		push_line(lines, i, line_at(b, s.off));
		free(text);
		free(fb);
	}
	free(pieces);
}

/* shortanswer: answers split on `=`, 100 % unless weighted. */
static void read_short(struct block *b, struct gift_question *q, struct span ans, size_t **lines)
{
	struct span *pieces;
	size_t n = split_pieces(b->p, ans, '=', 0, &pieces);
	q->type = GIFT_SHORTANSWER;
	for (size_t i = 0; i < n && !b->bad; i++) {
		struct span s = trim_span(b->p, pieces[i]);
		double w = 100;
		char *text, *fb;
		if (read_weight(b, &s, &w) < 0)
			break;
		split_feedback(b, s, &text, &fb);
		gift_answer_add(q, text, w, fb);
		push_line(lines, i, line_at(b, s.off));
		free(text);
		free(fb);
	}
	free(pieces);
}

static int read_value(struct block *b, size_t pos, const char *s, size_t n, double *v, const char *what)
{
	struct span t = trim_span(s, (struct span){ 0, n });
	int rc = text_parse_number(s + t.off, t.len, v);
	if (rc == -1)
		problem(b, pos, L("%s「%.*s」不是数字", "%s \"%.*s\" is not a number"), what, (int)t.len, s + t.off);
	else if (rc == -2)
		problem(b, pos, L("%s「%.*s」超出范围", "%s \"%.*s\" is out of range"), what, (int)t.len, s + t.off);
	return rc;
}

/* numerical: `#` then answers split on `=`; a `~` starts the feedback for any other answer. */
static void read_numbers(struct block *b, struct gift_question *q, struct span ans, size_t **lines)
{
	struct span body = { ans.off + 1, ans.len - 1 }, wrong = { 0, 0 };
	const char *tilde = find_char(b->p, body, '~');
	int has_wrong = tilde != NULL;
	q->type = GIFT_NUMERICAL;
	if (tilde) {
		wrong.off = (size_t)(tilde - b->p);
		wrong.len = body.off + body.len - wrong.off;
		body.len = wrong.off - body.off;
	}
	struct span *pieces;
	size_t n = split_pieces(b->p, body, '=', 0, &pieces);
	if (n == 0) {
		problem(b, ans.off, L("数值题没有答案", "a numerical question without an answer"));
		free(pieces);
		return;
	}
	const char *what_answer = L("答案", "answer"), *what_tol = L("误差", "tolerance");
	const char *what_min = L("下限", "lower end"), *what_max = L("上限", "upper end");
	for (size_t i = 0; i < n && !b->bad; i++) {
		struct span s = trim_span(b->p, pieces[i]);
		size_t pos = s.off;
		double w = 100;
		char *text, *fb;
		if (read_weight(b, &s, &w) < 0)
			break;
		split_feedback(b, s, &text, &fb);
		struct gift_answer *a = gift_answer_add(q, "", w, fb);
		push_line(lines, i, line_at(b, pos));
		const char *dots = strstr(text, ".."), *colon = strchr(text, ':');
		size_t len = strlen(text);
		if (strcmp(text, "*") == 0) {
			a->num = GIFT_NUM_ANY;
		} else if (len == 0) {
			problem(b, pos, L("数值题的答案为空", "a numerical answer is empty"));
		} else if (dots && dots > text) {
			a->num = GIFT_NUM_RANGE;
			if (read_value(b, pos, text, (size_t)(dots - text), &a->min, what_min) == 0 &&
			    read_value(b, pos, dots + 2, strlen(dots + 2), &a->max, what_max) == 0) {
				if (a->min > a->max)
					problem(b, pos, L("范围 %s 的下限大于上限", "range %s has its lower end above its upper end"), text);
				a->value = (a->max + a->min) / 2;
				a->tolerance = a->max - a->value;
			}
		} else if (colon && colon > text) {
			if (read_value(b, pos, text, (size_t)(colon - text), &a->value, what_answer) == 0 &&
			    read_value(b, pos, colon + 1, strlen(colon + 1), &a->tolerance, what_tol) == 0) {
				if (a->tolerance < 0)
					problem(b, pos, L("误差 %s 不能为负数", "tolerance %s cannot be negative"), colon + 1);
				a->min = a->value - a->tolerance;
				a->max = a->value + a->tolerance;
			}
		} else if (read_value(b, pos, text, len, &a->value, what_answer) == 0) {
			a->min = a->max = a->value;
		}
		if (!isfinite(a->min) || !isfinite(a->max) || !isfinite(a->value) || !isfinite(a->tolerance))
			if (!b->bad)
				problem(b, pos, L("数值超出范围", "a number is out of range"));
		free(text);
		free(fb);
	}
	if (has_wrong && !b->bad) {
		const char *hash = find_char(b->p, wrong, '#');
		struct span f = { 0, 0 };
		if (hash) {
			f.off = (size_t)(hash - b->p) + 1;
			f.len = wrong.off + wrong.len - f.off;
		}
		char *fb = finish_text(b->p, f, 1, NULL, NULL);
		struct gift_answer *a = gift_answer_add(q, "", 0, fb);
		a->num = GIFT_NUM_ANY;
		push_line(lines, q->answers.len - 1, line_at(b, wrong.off));
		free(fb);
	}
	free(pieces);
}

/* T/TRUE/F/FALSE, then the feedback for a wrong and for a right answer. */
static void read_truefalse(struct block *b, struct gift_question *q, struct span ans, int truth)
{
	struct span parts[3] = { ans, { 0, 0 }, { 0, 0 } };
	size_t np = 1;
	for (size_t i = ans.off; i < ans.off + ans.len && np < 3; i++)
		if (b->p[i] == '#') {
			parts[np - 1].len = i - parts[np - 1].off;
			parts[np].off = i + 1;
			parts[np].len = ans.off + ans.len - (i + 1);
			np++;
		}
	q->type = GIFT_TRUEFALSE;
	q->truth = truth;
	free(q->tf_feedback_wrong);
	free(q->tf_feedback_right);
	q->tf_feedback_wrong = finish_text(b->p, parts[1], 1, NULL, NULL);
	q->tf_feedback_right = finish_text(b->p, parts[2], 1, NULL, NULL);
}

/* Moodle's true/false test: the block, or its part before a `#`, is exactly T, TRUE, F or FALSE. */
static int truefalse_word(const struct block *b, struct span ans)
{
	const char *hash = find_char(b->p, ans, '#');
	struct span t = ans;
	if (hash && hash > b->p + ans.off)
		t = trim_span(b->p, (struct span){ ans.off, (size_t)(hash - (b->p + ans.off)) });
	const char *s = b->p + t.off;
	if (!is_tf_word(s, t.len))
		return -1;
	return s[0] == 'T';
}

/* Reads one question from the processed block; reports and drops it when bad. */
static void read_question(struct block *b, struct span all)
{
	struct gift_question *q = gift_question_new(GIFT_ESSAY);
	size_t *lines = NULL;
	struct span text = all;
	const char *p = b->p;

	gift_set(&q->category, b->ps->category);
	q->line = line_at(b, all.off);
	b->label_at = all.off;

	if (text.len >= 2 && p[text.off] == ':' && p[text.off + 1] == ':') {
		struct span rest = { text.off + 2, text.len - 2 };
		const char *end = find_str(p, rest, "::");
		if (!end) {
			problem(b, text.off, L("标题缺少结尾的 ::", "the title has no closing ::"));
			goto cleanup;
		}
		struct span name = { rest.off, (size_t)(end - (p + rest.off)) };
		free(q->title);
		q->title = finish_text(p, name, 0, NULL, NULL);
		b->title = q->title;
		text = trim_span(p, (struct span){ name.off + name.len + 2, all.off + all.len - (name.off + name.len + 2) });
		b->label_at = text.off;
	}

	const char *open = find_char(p, text, '{'), *close = find_char(p, text, '}');
	if (!open && !close) {
		problem(b, text.off, L("没有答案块 {…}：这是说明文字，不是题目（题库不收说明）",
				       "no answer block {…}: this is a description, not a question (the bank keeps none)"));
		goto cleanup;
	}
	if (!close) {
		problem(b, (size_t)(open - p), L("答案块缺少 }", "the answer block has no closing }"));
		goto cleanup;
	}
	if (!open || close < open) {
		problem(b, (size_t)(close - p), L("多出一个 }（前面没有 {；文字中的花括号写作 \\{ \\}）",
						  "a } without a { before it (write braces in text as \\{ \\})"));
		goto cleanup;
	}
	size_t o = (size_t)(open - p), c = (size_t)(close - p), end = text.off + text.len;
	const char *again = find_char(p, (struct span){ o + 1, c - o - 1 }, '{');
	if (again) {
		problem(b, (size_t)(again - p), L("答案块里有未转义的 {（文字中的花括号写作 \\{ \\}）",
						  "an unescaped { inside the answer block (write braces in text as \\{ \\})"));
		goto cleanup;
	}
	again = find_char(p, (struct span){ c + 1, end - c - 1 }, '{');
	if (!again)
		again = find_char(p, (struct span){ c + 1, end - c - 1 }, '}');
	if (again) {
		problem(b, (size_t)(again - p), L("一道题只能有一个答案块 {…}（文字中的花括号写作 \\{ \\}）",
						  "a question has one answer block {…} only (write braces in text as \\{ \\})"));
		goto cleanup;
	}

	/* The stem, with Moodle's blank where a block stood inside it. */
	struct buf stem = BUF_INIT;
	buf_add(&stem, p + text.off, o - text.off);
	size_t blank = stem.len;
	q->missing_word = c + 1 < end;
	if (q->missing_word)
		buf_puts(&stem, GIFT_BLANK);
	buf_add(&stem, p + c + 1, end - c - 1);
	size_t cut = 0;
	free(q->stem);
	q->stem = finish_text(stem.ptr, (struct span){ 0, stem.len }, 1, &q->format, &cut);
	q->blank_at = q->missing_word ? blank - cut : 0;
	buf_release(&stem);

	struct span ans = trim_span(p, (struct span){ o + 1, c - o - 1 });
	const char *gf = rfind_str(p, ans, "####");
	if (gf) {
		size_t g = (size_t)(gf - p);
		free(q->general_feedback);
		q->general_feedback = finish_text(p, (struct span){ g + 4, ans.off + ans.len - g - 4 }, 1, NULL, NULL);
		ans = trim_span(p, (struct span){ ans.off, g - ans.off });
	}

	int tf;
	if (ans.len == 0) {
		q->type = GIFT_ESSAY;
	} else if (p[ans.off] == '#') {
		read_numbers(b, q, ans, &lines);
	} else if (find_char(p, ans, '~')) {
		read_choices(b, q, ans, &lines);
	} else if (find_char(p, ans, '=') && find_str(p, ans, "->")) {
		problem(b, o, L("匹配题不受支持（题库没有这种题型）", "matching questions are not supported (the bank has no such type)"));
	} else if ((tf = truefalse_word(b, ans)) >= 0) {
		read_truefalse(b, q, ans, tf);
	} else {
		read_short(b, q, ans, &lines);
	}
	if (b->bad)
		goto cleanup;

	struct jy_err err = JY_ERR_INIT;
	size_t bad;
	if (check_question(q, &bad, &err) != 0) {
		problem_line(b, bad == SIZE_MAX ? line_at(b, o) : lines[bad], "%s", err.msg);
		goto cleanup;
	}
	vec_push(b->ps->questions, q);
	q = NULL;
cleanup:
	gift_question_free(q);
	free(lines);
}

/* A physical line: its bytes [start, end) and its trimmed content [s, e). */
struct line {
	size_t start, end, s, e, no;
};

/* The first byte that is not valid UTF-8 or is a control character other than tab. */
static int line_fault(struct parser *ps, const char *data, const struct line *l)
{
	const char *s = data + l->start;
	size_t n = l->end - l->start, bad;
	if (text_utf8_valid(s, n, &bad) != 0) {
		problem_plain(ps, l->no, L("第 %zu 个字节起不是有效的 UTF-8 文本（请先把文件转成 UTF-8）",
					   "not valid UTF-8 from byte %zu on (convert the file to UTF-8 first)"),
			      bad + 1);
		return 1;
	}
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t k = text_decode(s + i, n - i, &cp, NULL);
		if ((cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F)) {
			problem_plain(ps, l->no, L("含控制字符 U+%04X（只允许制表符）", "holds control character U+%04X (only tab is allowed)"),
				      (unsigned)cp);
			return 1;
		}
		i += k;
	}
	return 0;
}

static int is_comment(const char *data, const struct line *l)
{
	return l->e - l->s >= 2 && data[l->s] == '/' && data[l->s + 1] == '/';
}

/* Moodle's escapedchar_pre, in one left-to-right pass: `\\` is a backslash,
 * `\:` `\#` `\=` `\{` `\}` `\~` `\n` become placeholders, other backslashes stay. */
static void escape_pass(struct buf *out, const char *s, size_t n)
{
	static const char from[] = ":#={}~n";
	for (size_t i = 0; i < n; i++) {
		const char *k;
		if (s[i] == '\\' && i + 1 < n && s[i + 1] == '\\') {
			buf_putc(out, '\\');
			i++;
		} else if (s[i] == '\\' && i + 1 < n && s[i + 1] && (k = strchr(from, s[i + 1])) != NULL) {
			buf_putc(out, (char)(PH_COLON + (k - from)));
			i++;
		} else {
			buf_putc(out, s[i]);
		}
	}
}

static void read_block(struct parser *ps, const char *data, const struct line *lines, size_t n)
{
	struct buf joined = BUF_INIT, p = BUF_INIT;
	for (size_t i = 0; i < n; i++)
		if (line_fault(ps, data, &lines[i]))
			return;
	/* Lines trimmed and joined with "\n"; a comment line reads as one space. */
	for (size_t i = 0; i < n; i++) {
		if (i)
			buf_putc(&joined, '\n');
		if (is_comment(data, &lines[i]))
			buf_putc(&joined, ' ');
		else
			buf_add(&joined, data + lines[i].s, lines[i].e - lines[i].s);
	}
	escape_pass(&p, joined.ptr, joined.len);
	struct span all = trim_span(p.ptr, (struct span){ 0, p.len });
	if (all.len == 0)
		goto cleanup; /* comments only */

	if (all.len >= 10 && memcmp(p.ptr + all.off, "$CATEGORY:", 10) == 0) {
		/* Kept as written: Moodle applies no escapes to a category. */
		size_t i = 0;
		while (is_comment(data, &lines[i]))
			i++;
		struct span c = trim_span(data, (struct span){ lines[i].s + 10, lines[i].e - lines[i].s - 10 });
		free(ps->category);
		ps->category = xstrndup(data + c.off, c.len);
		for (i++; i < n; i++)
			if (!is_comment(data, &lines[i])) {
				problem_plain(ps, lines[i].no,
					      L("$CATEGORY 行之后要空一行再写题目（否则 Moodle 会把题目当成类别名的一部分）",
						"leave a blank line after a $CATEGORY line (Moodle would read the question as part of the category name)"));
				break;
			}
		goto cleanup;
	}

	struct block b = { ps, p.ptr, p.len, lines[0].no, NULL, all.off, 0, xmalloc(n * sizeof(size_t)), 0 };
	for (size_t i = 0; i < p.len; i++)
		if (p.ptr[i] == '\n')
			b.nl[b.nnl++] = i;
	read_question(&b, all);
	free(b.nl);
cleanup:
	buf_release(&joined);
	buf_release(&p);
}

int gift_parse(struct vec *questions, struct vec *problems, const char *data, size_t len, struct jy_err *err)
{
	struct parser ps = { questions, problems, xstrdup("") };
	size_t before = problems->len, n = 0, cap = 16, no = 1, i = 0;
	struct line *lines = xmalloc(cap * sizeof(*lines));

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		data += 3, len -= 3;
	while (i < len) {
		struct line l = { i, i, 0, 0, no++ };
		while (i < len && data[i] != '\n' && data[i] != '\r')
			i++;
		l.end = i;
		if (i < len)
			i += (data[i] == '\r' && i + 1 < len && data[i + 1] == '\n') ? 2 : 1;
		l.s = l.start;
		l.e = l.end;
		while (l.s < l.e && (data[l.s] == ' ' || data[l.s] == '\t'))
			l.s++;
		while (l.e > l.s && (data[l.e - 1] == ' ' || data[l.e - 1] == '\t'))
			l.e--;
		if (l.s == l.e) {
			read_block(&ps, data, lines, n);
			n = 0;
			continue;
		}
		if (n == cap)
			lines = xrealloc(lines, (cap *= 2) * sizeof(*lines));
		lines[n++] = l;
	}
	read_block(&ps, data, lines, n);
	free(lines);
	free(ps.category);

	size_t bad = problems->len - before;
	if (bad)
		return err_set(err, JY_EINVAL, L("GIFT 文本有 %zu 处错误，第一处：%s", "the GIFT text has %zu errors, the first: %s"),
			       bad, (const char *)problems->items[before]);
	return 0;
}

/* ---------- writing ---------- */

static void put_escaped(struct buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n') {
			buf_puts(out, "\\n");
			continue;
		}
		if (c == '\\' || c == ':' || c == '#' || c == '=' || c == '{' || c == '}' || c == '~')
			buf_putc(out, '\\');
		buf_putc(out, c);
	}
}

/* 1 when s starts with a format prefix Moodle would take off. */
static int starts_with_format(const char *s)
{
	enum gift_format f;
	const char *close = s[0] == '[' ? strchr(s, ']') : NULL;
	return close && format_by_name(s + 1, (size_t)(close - s) - 1, &f);
}

/* A text Moodle reads back as is: a text that looks like it starts with a
 * format gets the question's own format in front, which Moodle takes off. */
static void put_text(struct buf *out, const char *s, const struct gift_question *q)
{
	if (starts_with_format(s))
		buf_printf(out, "[%s]", gift_format_name(q->format));
	put_escaped(out, s, strlen(s));
}

static void put_feedback(struct buf *out, const char *fb, const struct gift_question *q)
{
	if (!*fb)
		return;
	buf_putc(out, '#');
	put_text(out, fb, q);
}

static void put_general(struct buf *out, const struct gift_question *q, const char *indent)
{
	if (!*q->general_feedback)
		return;
	buf_printf(out, "%s####", indent);
	put_text(out, q->general_feedback, q);
	if (*indent)
		buf_putc(out, '\n');
}

static void put_weighted(struct buf *out, char mark, double w, int explicit, const char *text,
			 const struct gift_question *q)
{
	buf_putc(out, '\t');
	buf_putc(out, mark);
	if (explicit || text[0] == '%') {
		buf_putc(out, '%');
		gift_grade_format(out, w);
		buf_putc(out, '%');
	}
	put_text(out, text, q);
}

static void put_answers(struct buf *out, const struct gift_question *q)
{
	size_t n = q->answers.len, full = 0;
	for (size_t i = 0; i < n; i++)
		full += ((const struct gift_answer *)q->answers.items[i])->weight == 100;
	/* A bare short answer stays on the brace's line: alone it could start with //. */
	int bare = q->type == GIFT_SHORTANSWER && bare_short(q) &&
		   (strstr(((const struct gift_answer *)q->answers.items[0])->text, "->") ||
		    strstr(((const struct gift_answer *)q->answers.items[0])->feedback, "->"));
	buf_puts(out, q->type == GIFT_NUMERICAL ? "{#\n" : bare ? "{" : "{\n");
	for (size_t i = 0; i < n; i++) {
		const struct gift_answer *a = q->answers.items[i];
		switch (q->type) {
		case GIFT_MULTICHOICE:
			/* `=` marks 100 %, but Moodle needs one `~` to see a choice question. */
			if (a->weight == 100 && !(full == n && i + 1 == n)) {
				buf_puts(out, "\t=");
				put_text(out, a->text, q);
			} else {
				put_weighted(out, '~', a->weight, a->weight != 0, a->text, q);
			}
			break;
		case GIFT_MULTIRESPONSE:
			put_weighted(out, '~', a->weight, a->weight != 0, a->text, q);
			break;
		case GIFT_SHORTANSWER:
			if (bare) {
				put_text(out, a->text, q);
			} else {
				put_weighted(out, '=', a->weight, a->weight != 100, a->text, q);
			}
			break;
		default:
			if (a->num == GIFT_NUM_ANY && a->weight == 0 && i + 1 == n) {
				buf_puts(out, "\t~");
				break;
			}
			buf_puts(out, "\t=");
			if (a->weight != 100 || a->num == GIFT_NUM_ANY) {
				buf_putc(out, '%');
				gift_grade_format(out, a->weight);
				buf_putc(out, '%');
			}
			if (a->num == GIFT_NUM_ANY) {
				buf_putc(out, '*');
			} else if (a->num == GIFT_NUM_RANGE) {
				text_number(out, a->min);
				buf_puts(out, "..");
				text_number(out, a->max);
			} else {
				text_number(out, a->value);
				if (a->tolerance != 0) {
					buf_putc(out, ':');
					text_number(out, a->tolerance);
				}
			}
			break;
		}
		put_feedback(out, a->feedback, q);
		buf_putc(out, '\n');
	}
	put_general(out, q, "\t");
	buf_putc(out, '}');
}

static int check_texts(const struct gift_question *q, struct jy_err *err)
{
	const char *fields[] = { q->title, q->stem, q->general_feedback, q->tf_feedback_wrong, q->tf_feedback_right };
	const char *names[] = { "title", "stem", "general_feedback", "tf_feedback_wrong", "tf_feedback_right" };
	for (size_t i = 0; i < 5; i++)
		if (text_check_value(names[i], fields[i], strlen(fields[i]), err) != 0)
			return JY_EINVAL;
	for (size_t i = 0; i < q->answers.len; i++) {
		const struct gift_answer *a = q->answers.items[i];
		if (text_check_value("answer", a->text, strlen(a->text), err) != 0 ||
		    text_check_value("feedback", a->feedback, strlen(a->feedback), err) != 0)
			return err_prefix(err, L("第 %zu 个答案", "answer %zu"), i + 1);
	}
	return 0;
}

int gift_write_question(struct buf *out, const struct gift_question *q, struct jy_err *err)
{
	int rc = gift_check(q, err);
	if (rc == 0)
		rc = check_texts(q, err);
	if (rc)
		return rc;

	size_t stem_len = strlen(q->stem), cut = q->missing_word ? q->blank_at : stem_len;
	if (*q->title) {
		buf_puts(out, "::");
		put_escaped(out, q->title, strlen(q->title));
		buf_puts(out, "::");
	}
	/* A first line starting with // would be a comment, and a leading
	 * U+FEFF at the start of a file would be taken for a byte order mark. */
	if (q->format != GIFT_FORMAT_MOODLE || starts_with_format(q->stem) ||
	    (!*q->title && ((q->stem[0] == '/' && q->stem[1] == '/') || strncmp(q->stem, "\xEF\xBB\xBF", 3) == 0)))
		buf_printf(out, "[%s]", gift_format_name(q->format));
	put_escaped(out, q->stem, cut);
	switch (q->type) {
	case GIFT_ESSAY:
		buf_putc(out, '{');
		put_general(out, q, "");
		buf_putc(out, '}');
		break;
	case GIFT_TRUEFALSE:
		buf_puts(out, q->truth ? "{TRUE" : "{FALSE");
		if (*q->tf_feedback_wrong || *q->tf_feedback_right) {
			buf_putc(out, '#');
			if (*q->tf_feedback_wrong)
				put_text(out, q->tf_feedback_wrong, q);
		}
		put_feedback(out, q->tf_feedback_right, q);
		put_general(out, q, "");
		buf_putc(out, '}');
		break;
	default:
		put_answers(out, q);
		break;
	}
	if (q->missing_word) {
		const char *after = q->stem + cut + strlen(GIFT_BLANK);
		/* Moodle sees a blank only when text follows the block; an escaped
		 * newline is text that its trimming then removes. */
		if (is_blank_text(after))
			buf_puts(out, "\\n");
		put_escaped(out, after, strlen(after));
	}
	buf_puts(out, "\n\n");
	return 0;
}

int gift_write_category(struct buf *out, const char *category, struct jy_err *err)
{
	if (is_blank_text(category))
		return err_set(err, JY_EINVAL, L("类别为空", "the category is empty"));
	if (text_check_value("category", category, strlen(category), err) != 0)
		return JY_EINVAL;
	if (strchr(category, '\n'))
		return err_set(err, JY_EINVAL, L("类别只能有一行", "a category is one line"));
	buf_printf(out, "$CATEGORY: %s\n\n", category);
	return 0;
}

int gift_write(struct buf *out, const struct vec *questions, struct jy_err *err)
{
	struct buf w = BUF_INIT;
	const char *current = NULL;
	int rc = 0;
	size_t i;
	for (i = 0; i < questions->len; i++) {
		const struct gift_question *q = questions->items[i];
		if (!*q->category && current) {
			rc = err_set(err, JY_EINVAL, L("第 %zu 题没有类别，而前面的题有（GIFT 无法回到“无类别”）",
						       "question %zu has no category after questions with one (GIFT cannot go back to none)"),
				     i + 1);
			goto cleanup;
		}
		if (*q->category && (!current || strcmp(current, q->category) != 0)) {
			if ((rc = gift_write_category(&w, q->category, err)) != 0)
				goto fail;
			current = q->category;
		}
		if ((rc = gift_write_question(&w, q, err)) != 0)
			goto fail;
	}
	buf_add(out, w.ptr, w.len);
	goto cleanup;
fail:
	err_prefix(err, L("第 %zu 题", "question %zu"), i + 1);
cleanup:
	buf_release(&w);
	return rc;
}

/* ---------- comparing ---------- */

static int answer_equal(enum gift_type type, const struct gift_answer *a, const struct gift_answer *b)
{
	if (a->weight != b->weight || strcmp(a->feedback, b->feedback) != 0)
		return 0;
	if (type != GIFT_NUMERICAL)
		return strcmp(a->text, b->text) == 0;
	if (a->num != b->num)
		return 0;
	if (a->num == GIFT_NUM_VALUE)
		return a->value == b->value && a->tolerance == b->tolerance;
	if (a->num == GIFT_NUM_RANGE)
		return a->min == b->min && a->max == b->max;
	return 1;
}

int gift_question_equal(const struct gift_question *a, const struct gift_question *b)
{
	if (a->type != b->type || a->format != b->format || strcmp(a->category, b->category) != 0 ||
	    strcmp(a->title, b->title) != 0 || strcmp(a->stem, b->stem) != 0 || a->missing_word != b->missing_word ||
	    (a->missing_word && a->blank_at != b->blank_at) || strcmp(a->general_feedback, b->general_feedback) != 0)
		return 0;
	if (a->type == GIFT_TRUEFALSE)
		return a->truth == b->truth && strcmp(a->tf_feedback_wrong, b->tf_feedback_wrong) == 0 &&
		       strcmp(a->tf_feedback_right, b->tf_feedback_right) == 0;
	if (a->type == GIFT_ESSAY)
		return 1;
	if (a->answers.len != b->answers.len)
		return 0;
	for (size_t i = 0; i < a->answers.len; i++)
		if (!answer_equal(a->type, a->answers.items[i], b->answers.items[i]))
			return 0;
	return 1;
}
