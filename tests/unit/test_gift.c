/* test_gift: unit tests for domain/gift — Moodle's documented examples, escapes, errors with lines, and a write/parse property. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/gift.h"
#include "jiaoyan/vec.h"

struct parsed {
	struct vec qs, problems;
	int rc;
	struct jy_err err;
};

static void parse_len(struct parsed *p, const char *text, size_t len)
{
	vec_init(&p->qs, gift_question_free);
	vec_init(&p->problems, free);
	err_clear(&p->err);
	p->rc = gift_parse(&p->qs, &p->problems, text, len, &p->err);
}

static void parse(struct parsed *p, const char *text)
{
	parse_len(p, text, strlen(text));
}

static void release(struct parsed *p)
{
	vec_free(&p->qs);
	vec_free(&p->problems);
}

/* Parses text that must hold exactly one good question and returns it (owned by p). */
static const struct gift_question *one(struct parsed *p, const char *text)
{
	parse(p, text);
	if (p->rc != 0)
		fail_msg("gift_parse failed: %s", p->err.msg);
	assert_int_equal(p->problems.len, 0);
	assert_int_equal(p->qs.len, 1);
	return p->qs.items[0];
}

static const struct gift_answer *ans(const struct gift_question *q, size_t i)
{
	assert_true(i < q->answers.len);
	return q->answers.items[i];
}

static void answer_is(const struct gift_question *q, size_t i, const char *text, double weight, const char *feedback)
{
	const struct gift_answer *a = ans(q, i);
	assert_string_equal(a->text, text);
	assert_true(a->weight == weight);
	assert_string_equal(a->feedback, feedback);
}

/* Parses text that must give no question and exactly one problem holding every part. */
static void refused(const char *text, const char *part1, const char *part2)
{
	struct parsed p;
	parse(&p, text);
	assert_int_equal(p.rc, JY_EINVAL);
	assert_int_equal(p.qs.len, 0);
	assert_int_equal(p.problems.len, 1);
	const char *msg = p.problems.items[0];
	if (!strstr(msg, part1) || (part2 && !strstr(msg, part2)))
		fail_msg("problem \"%s\" lacks \"%s\" / \"%s\"", msg, part1, part2 ? part2 : "");
	if (!strstr(p.err.msg, msg))
		fail_msg("err \"%s\" does not quote the problem", p.err.msg);
	release(&p);
}

static void test_multichoice(void **state)
{
	(void)state;
	struct parsed p;
	const struct gift_question *q = one(&p, "Who's buried in Grant's tomb?{=Grant ~no one ~Napoleon ~Churchill ~Mother Teresa }\n");
	assert_int_equal(q->type, GIFT_MULTICHOICE);
	assert_string_equal(q->stem, "Who's buried in Grant's tomb?");
	assert_int_equal(q->missing_word, 0);
	assert_int_equal(q->answers.len, 5);
	answer_is(q, 0, "Grant", 100, "");
	answer_is(q, 1, "no one", 0, "");
	answer_is(q, 4, "Mother Teresa", 0, "");
	assert_int_equal(q->line, 1);
	release(&p);

	/* Answers on their own lines, feedback per answer. */
	q = one(&p, "What's between orange and green in the spectrum?\n"
		    "{ =yellow # right; good! ~red # wrong, it's yellow ~blue # wrong, it's yellow }");
	answer_is(q, 0, "yellow", 100, "right; good!");
	answer_is(q, 1, "red", 0, "wrong, it's yellow");
	answer_is(q, 2, "blue", 0, "wrong, it's yellow");
	release(&p);

	/* Several right answers: no `=`, Moodle's grades. */
	q = one(&p, "What two people are entombed in Grant's tomb? {\n"
		    "   ~%-100%No one\n   ~%50%Grant\n   ~%50%Grant's wife\n   ~%-100%Grant's father\n}\n");
	assert_int_equal(q->type, GIFT_MULTIRESPONSE);
	answer_is(q, 0, "No one", -100, "");
	answer_is(q, 1, "Grant", 50, "");
	answer_is(q, 2, "Grant's wife", 50, "");
	answer_is(q, 3, "Grant's father", -100, "");
	release(&p);

	/* Thirds are written with five decimals and read as Moodle's grade. */
	q = one(&p, "三个正确？{~%33.33333%甲 ~%33.333%乙 ~%33.33333%丙 ~%-100%丁}");
	answer_is(q, 0, "甲", 33.33333, "");
	answer_is(q, 1, "乙", 33.33333, "");
	release(&p);

	/* A single-answer question may give partial credit to `~` answers. */
	q = one(&p, "Q{=right ~%50%half ~%-50%bad ~wrong}");
	assert_int_equal(q->type, GIFT_MULTICHOICE);
	answer_is(q, 1, "half", 50, "");
	answer_is(q, 2, "bad", -50, "");
	release(&p);

	/* `=` answers take no weight in a choice question: Moodle keeps "%50%" as text. */
	q = one(&p, "Q{=%50%x ~y}");
	answer_is(q, 0, "%50%x", 100, "");
	release(&p);
	/* A `%...%` that is not Moodle's weight pattern is text. */
	q = one(&p, "Q{=a ~%abc%b ~%100.5%c}");
	answer_is(q, 1, "%abc%b", 0, "");
	answer_is(q, 2, "%100.5%c", 0, "");
	release(&p);
}

static void test_truefalse(void **state)
{
	(void)state;
	struct parsed p;
	const struct gift_question *q = one(&p, "Grant is buried in Grant's tomb.{F}");
	assert_int_equal(q->type, GIFT_TRUEFALSE);
	assert_int_equal(q->truth, 0);
	assert_string_equal(q->stem, "Grant is buried in Grant's tomb.");
	release(&p);
	q = one(&p, "The sun rises in the East.{T}");
	assert_int_equal(q->truth, 1);
	release(&p);
	q = one(&p, "X{TRUE}");
	assert_int_equal(q->truth, 1);
	release(&p);
	q = one(&p, "X{FALSE}");
	assert_int_equal(q->truth, 0);
	release(&p);

	/* Moodle: first feedback for a wrong answer, second for a right one, whatever the truth. */
	q = one(&p, "Grant was buried in a tomb in New York City.{T#答错了#答对了####总评}");
	assert_int_equal(q->truth, 1);
	assert_string_equal(q->tf_feedback_wrong, "答错了");
	assert_string_equal(q->tf_feedback_right, "答对了");
	assert_string_equal(q->general_feedback, "总评");
	release(&p);
	q = one(&p, "地球是平的。{FALSE#错：地球是球形的。}");
	assert_int_equal(q->truth, 0);
	assert_string_equal(q->tf_feedback_wrong, "错：地球是球形的。");
	assert_string_equal(q->tf_feedback_right, "");
	release(&p);
	/* A third `#` belongs to the second feedback (Moodle splits in three at most). */
	q = one(&p, "X{T#a#b#c}");
	assert_string_equal(q->tf_feedback_right, "b#c");
	release(&p);

	/* Case matters to Moodle: {true} is a short answer "true". */
	q = one(&p, "X{true}");
	assert_int_equal(q->type, GIFT_SHORTANSWER);
	answer_is(q, 0, "true", 100, "");
	release(&p);
}

static void test_shortanswer(void **state)
{
	(void)state;
	struct parsed p;
	const struct gift_question *q = one(&p, "Who's buried in Grant's tomb?{=Grant =Ulysses S. Grant =Ulysses Grant}");
	assert_int_equal(q->type, GIFT_SHORTANSWER);
	assert_int_equal(q->answers.len, 3);
	answer_is(q, 1, "Ulysses S. Grant", 100, "");
	release(&p);

	q = one(&p, "Two plus two equals {=four =4}.");
	assert_int_equal(q->missing_word, 1);
	assert_string_equal(q->stem, "Two plus two equals _____.");
	assert_int_equal(q->blank_at, strlen("Two plus two equals "));
	answer_is(q, 0, "four", 100, "");
	answer_is(q, 1, "4", 100, "");
	release(&p);

	q = one(&p, "中国的首都是？{=北京#对 =%50%北平#旧称，半分 =%0%南京#不对}");
	answer_is(q, 0, "北京", 100, "对");
	answer_is(q, 1, "北平", 50, "旧称，半分");
	answer_is(q, 2, "南京", 0, "不对");
	release(&p);

	/* Without `=` the whole block is the one answer (Moodle's reading). */
	q = one(&p, "Who?{no one}");
	answer_is(q, 0, "no one", 100, "");
	release(&p);
}

static void test_numerical(void **state)
{
	(void)state;
	struct parsed p;
	const struct gift_question *q = one(&p, "When was Ulysses S. Grant born?{#1822:5}");
	assert_int_equal(q->type, GIFT_NUMERICAL);
	const struct gift_answer *a = ans(q, 0);
	assert_int_equal(a->num, GIFT_NUM_VALUE);
	assert_true(a->value == 1822 && a->tolerance == 5 && a->min == 1817 && a->max == 1827);
	assert_true(a->weight == 100);
	release(&p);

	q = one(&p, "What is the value of pi (to 3 decimal places)? {#3.14159:0.0005}.");
	a = ans(q, 0);
	assert_true(a->value == 3.14159 && a->tolerance == 0.0005);
	assert_int_equal(q->missing_word, 1);
	release(&p);

	q = one(&p, "What is the value of pi (to 3 decimal places)? {#3.141..3.142}.");
	a = ans(q, 0);
	assert_int_equal(a->num, GIFT_NUM_RANGE);
	assert_true(a->min == 3.141 && a->max == 3.142);
	assert_true(a->value == (3.141 + 3.142) / 2 && a->tolerance == 3.142 - a->value);
	release(&p);

	q = one(&p, "When was Ulysses S. Grant born? {#\n"
		    "    =1822:0      # Correct! Full credit.\n"
		    "    =%50%1822:2  # He was born in 1822. Half credit for being close.\n"
		    "}");
	assert_int_equal(q->answers.len, 2);
	a = ans(q, 0);
	assert_true(a->value == 1822 && a->tolerance == 0 && a->weight == 100);
	assert_string_equal(a->feedback, "Correct! Full credit.");
	a = ans(q, 1);
	assert_true(a->value == 1822 && a->tolerance == 2 && a->weight == 50);
	release(&p);

	/* `~` starts the feedback for any other answer; "*" is Moodle's "anything". */
	q = one(&p, "几个？{#=4#对 =%50%*#差不多 ~#不对####总评}");
	assert_int_equal(q->answers.len, 3);
	assert_int_equal(ans(q, 1)->num, GIFT_NUM_ANY);
	assert_true(ans(q, 1)->weight == 50);
	a = ans(q, 2);
	assert_int_equal(a->num, GIFT_NUM_ANY);
	assert_true(a->weight == 0);
	assert_string_equal(a->feedback, "不对");
	assert_string_equal(q->general_feedback, "总评");
	release(&p);

	/* PHP's is_numeric forms: signs, exponents, a bare fraction. */
	q = one(&p, "x{#-2.5e-3:.5}");
	assert_true(ans(q, 0)->value == -2.5e-3 && ans(q, 0)->tolerance == 0.5);
	release(&p);
}

static void test_essay_and_formats(void **state)
{
	(void)state;
	struct parsed p;
	const struct gift_question *q = one(&p, "Write a short biography of Dag Hammarskjöld. {}");
	assert_int_equal(q->type, GIFT_ESSAY);
	assert_string_equal(q->stem, "Write a short biography of Dag Hammarskjöld.");
	release(&p);
	q = one(&p, "谈谈你的体会{####言之有理即可}");
	assert_int_equal(q->type, GIFT_ESSAY);
	assert_string_equal(q->general_feedback, "言之有理即可");
	release(&p);

	/* HTML is kept as written, tags and all. */
	q = one(&p, "::Q::[html]<p>下列<b>哪项</b>正确？</p>{=<i>甲</i> ~乙}");
	assert_int_equal(q->format, GIFT_FORMAT_HTML);
	assert_string_equal(q->title, "Q");
	assert_string_equal(q->stem, "<p>下列<b>哪项</b>正确？</p>");
	answer_is(q, 0, "<i>甲</i>", 100, "");
	release(&p);
	q = one(&p, "[markdown]**粗体**{}");
	assert_int_equal(q->format, GIFT_FORMAT_MARKDOWN);
	assert_string_equal(q->stem, "**粗体**");
	release(&p);
	q = one(&p, "[plain]纯文本{}");
	assert_int_equal(q->format, GIFT_FORMAT_PLAIN);
	release(&p);
	q = one(&p, "[moodle]默认{}");
	assert_int_equal(q->format, GIFT_FORMAT_MOODLE);
	assert_string_equal(q->stem, "默认");
	release(&p);
	/* Only the four names, case-sensitive; anything else is text. */
	q = one(&p, "[HTML]x{}");
	assert_int_equal(q->format, GIFT_FORMAT_MOODLE);
	assert_string_equal(q->stem, "[HTML]x");
	release(&p);
	/* An answer's own format is read and dropped (one format per question). */
	q = one(&p, "[html]x{=[plain]a ~[markdown]b#[plain]fb}");
	answer_is(q, 0, "a", 100, "");
	answer_is(q, 1, "b", 0, "fb");
	release(&p);
}

static void test_escapes(void **state)
{
	(void)state;
	struct parsed p;
	const struct gift_question *q = one(&p, "::a\\:b\\:\\:c::比例 1\\:2，\\#3，\\=4，\\{5\\}，\\~6，反斜杠 \\\\ 换\\n行{=\\{x\\}\\=\\~\\#\\:#fb\\=}");
	assert_string_equal(q->title, "a:b::c");
	assert_string_equal(q->stem, "比例 1:2，#3，=4，{5}，~6，反斜杠 \\ 换\n行");
	answer_is(q, 0, "{x}=~#:", 100, "fb=");
	release(&p);

	/* `\\n` is a backslash then n; `\\\n` a backslash then a newline; other backslashes stay. */
	q = one(&p, "a\\\\nb \\\\\\nc \\a \\%{}");
	assert_string_equal(q->stem, "a\\nb \\\nc \\a \\%");
	release(&p);
	/* An escaped newline at either end is trimmed like any whitespace (as Moodle does). */
	q = one(&p, "\\nstem\\n{}");
	assert_string_equal(q->stem, "stem");
	release(&p);
	/* Escaped braces are text: no second block. */
	q = one(&p, "集合 \\{1, 2\\} 有几个元素？{#2}");
	assert_string_equal(q->stem, "集合 {1, 2} 有几个元素？");
	release(&p);
}

static void test_categories_titles_comments(void **state)
{
	(void)state;
	struct parsed p;
	parse(&p, "// 题库导出\n"
		  "::无类别::x{}\n"
		  "\n"
		  "$CATEGORY: $course$/高职/电子商务\n"
		  "\n"
		  "// question: 1  name: 网店\n"
		  "::网店::开网店需要什么？{=营业执照 ~什么都不要}\n"
		  "\n"
		  "// a block of comments only\n"
		  "// is skipped\n"
		  "\n"
		  "$CATEGORY:物联网/传感器 \n"
		  "\n"
		  "::传感器::温度传感器属于？{=传感层 ~应用层}\n"
		  "\n"
		  "见 http://example.org/a 网址{}\n");
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.qs.len, 4);
	const struct gift_question *q = p.qs.items[0];
	assert_string_equal(q->category, "");
	q = p.qs.items[1];
	assert_string_equal(q->category, "$course$/高职/电子商务");
	assert_string_equal(q->title, "网店");
	assert_int_equal(q->line, 7);
	q = p.qs.items[2];
	assert_string_equal(q->category, "物联网/传感器");
	assert_int_equal(q->line, 14);
	q = p.qs.items[3];
	assert_string_equal(q->stem, "见 http://example.org/a 网址");
	release(&p);

	/* A comment line inside a question reads as a space on its own line. */
	const struct gift_question *c = one(&p, "第一行\n// 注释\n第三行{=a}");
	assert_string_equal(c->stem, "第一行\n \n第三行");
	release(&p);
	/* Lines are trimmed and joined with newlines; an empty title is no title. */
	c = one(&p, "  ::::  多行\n   题干  \n{\n\t=甲\n\t~乙\n}\n");
	assert_string_equal(c->title, "");
	assert_string_equal(c->stem, "多行\n题干");
	assert_int_equal(c->answers.len, 2);
	release(&p);

	/* A $CATEGORY line running into a question: the category is kept, the question reported. */
	parse(&p, "$CATEGORY: 甲/乙\n::Q::x{=a ~b}\n\n::R::y{=a ~b}\n");
	assert_int_equal(p.rc, JY_EINVAL);
	assert_int_equal(p.problems.len, 1);
	if (!strstr(p.problems.items[0], "第 2 行") || !strstr(p.problems.items[0], "$CATEGORY"))
		fail_msg("%s", (char *)p.problems.items[0]);
	assert_int_equal(p.qs.len, 1);
	assert_string_equal(((struct gift_question *)p.qs.items[0])->category, "甲/乙");
	release(&p);
}

static void test_line_ends(void **state)
{
	(void)state;
	const char *lf = "// c\n::A::甲{=1 ~2}\n\n\n::B::乙{T}\n";
	const char *crlf = "\xEF\xBB\xBF// c\r\n::A::甲{=1 ~2}\r\n\r\n\r\n::B::乙{T}\r\n";
	const char *cr = "// c\r::A::甲{=1 ~2}\r\r\r::B::乙{T}";
	const char *inputs[] = { lf, crlf, cr };
	for (size_t i = 0; i < 3; i++) {
		struct parsed p;
		parse(&p, inputs[i]);
		assert_int_equal(p.rc, 0);
		assert_int_equal(p.qs.len, 2);
		const struct gift_question *a = p.qs.items[0], *b = p.qs.items[1];
		assert_string_equal(a->title, "A");
		assert_string_equal(a->stem, "甲");
		assert_int_equal(a->line, 2);
		assert_string_equal(b->stem, "乙");
		assert_int_equal(b->line, 5);
		release(&p);
	}
	/* Line numbers in errors count CRLF once and skip the BOM. */
	struct parsed p;
	parse(&p, "\xEF\xBB\xBF::A::x{=1 ~2}\r\n\r\n::B::y{=1 ~2\r\n");
	assert_int_equal(p.problems.len, 1);
	assert_non_null(strstr(p.problems.items[0], "第 3 行"));
	release(&p);
}

static void test_errors(void **state)
{
	(void)state;
	refused("::Q1::x{=a ~b", "第 1 行：题目「Q1」", "缺少 }");
	refused("::Q1::x =a ~b}", "第 1 行：题目「Q1」", "{");
	refused("题干 {=a ~b} 还有 {=c}", "第 1 行：题目「题干」", "只能有一个答案块");
	refused("题干 {=a {~b}", "未转义的 {", NULL);
	refused("\n\n::配对::Which animal eats which food? { =cat -> cat food =dog -> dog food }",
		"第 3 行：题目「配对」：匹配题不受支持", NULL);
	refused("这只是一段说明文字。", "第 1 行：题目「这只是一段说明文字。」", "说明");
	refused("哪个对？\n{\n~甲\n~乙\n}", "第 2 行：题目「哪个对？」", "没有正确答案");
	refused("多选\n{\n~%50%甲\n~%40%乙\n~丙\n}", "多选题正确选项的权重之和是 90%", NULL);
	refused("权重\n{\n=甲\n~%33.33%乙\n}", "第 4 行", "权重 %33.33% 不是 Moodle 的分值");
	refused("x{=a ~%--50%b}", "权重 %--50% 写法不对", NULL);
	refused("x{=%50%a =%0%b}", "没有 100% 的正确答案", NULL);
	refused("x{#abc}", "答案「abc」不是数字", NULL);
	refused("x{#3,14}", "不是数字", NULL);
	refused("x{#5:-1}", "误差 -1 不能为负数", NULL);
	refused("x{#5..1}", "下限大于上限", NULL);
	refused("x{#1e999}", "超出范围", NULL);
	refused("x{#}", "数值题没有答案", NULL);
	refused("x{=a ~}", "第 2 个答案为空", NULL);
	refused("x{~a}", "至少要有两个选项", NULL);
	refused("::只有标题::{=a ~b}", "题干为空", NULL);
	refused("::没结尾 x{=a}", "标题缺少结尾的 ::", NULL);
	/* The line of the bad answer, not of the question. */
	refused("::L::x{\n=a\n~b\n~%7%c\n}", "第 4 行", "%7%");

	/* Bytes that are not UTF-8 and control characters, with their line. */
	refused("::A::x{=1 ~2}\n::B::\xB2\xE2\xCA\xD4{T}", "第 2 行", "UTF-8");
	refused("x{T}\n\x1b[31m", "第 2 行", "U+001B");
	refused("x{T}\n\x01", "第 2 行", "U+0001");

	/* Every bad question is reported, the good ones are returned, in order. */
	struct parsed p;
	parse(&p, "好1{T}\n\n坏1{=a\n\n好2{=a ~b}\n\n坏2\n\n好3{}\n");
	assert_int_equal(p.rc, JY_EINVAL);
	assert_int_equal(p.qs.len, 3);
	assert_int_equal(p.problems.len, 2);
	assert_non_null(strstr(p.problems.items[0], "第 3 行：题目「坏1」"));
	assert_non_null(strstr(p.problems.items[1], "第 7 行：题目「坏2」"));
	assert_non_null(strstr(p.err.msg, "2 处错误"));
	assert_string_equal(((struct gift_question *)p.qs.items[2])->stem, "好3");
	release(&p);

	/* English messages. */
	err_set_lang("en");
	parse(&p, "::M::x{=a -> b =c -> d}");
	err_set_lang("zh");
	assert_int_equal(p.problems.len, 1);
	assert_string_equal(p.problems.items[0],
			    "line 1: question \"M\": matching questions are not supported (the bank has no such type)");
	release(&p);

	/* Long stems are named by their first 20 characters. */
	parse(&p, "一二三四五六七八九十一二三四五六七八九十一二三{~a}");
	assert_non_null(strstr(p.problems.items[0], "「一二三四五六七八九十一二三四五六七八九十…」"));
	release(&p);
	/* NUL bytes are reported, not taken for the end. */
	parse_len(&p, "x{T}\n\ny\0{T}", 11);
	assert_int_equal(p.qs.len, 1);
	assert_int_equal(p.problems.len, 1);
	assert_non_null(strstr(p.problems.items[0], "U+0000"));
	release(&p);
}

/* Writes q alone and returns the text (caller frees). */
static char *write_one(const struct gift_question *q)
{
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	if (gift_write_question(&out, q, &err) != 0)
		fail_msg("gift_write_question: %s", err.msg);
	return buf_detach(&out);
}

static void test_writer(void **state)
{
	(void)state;
	struct gift_question *q = gift_question_new(GIFT_MULTIRESPONSE);
	gift_set(&q->title, "多选:1");
	gift_set(&q->stem, "下列{哪些}是传感器=？\n（多选）");
	gift_answer_add(q, "温度#计", 33.33333, "对~");
	gift_answer_add(q, "湿度\\计", 33.33333, NULL);
	gift_answer_add(q, "光照", 33.33333, NULL);
	gift_answer_add(q, "%路由器", 0, "不是");
	gift_answer_add(q, "[html]交换机", -100, NULL);
	gift_set(&q->general_feedback, "见教材第 3 章");
	char *s = write_one(q);
	assert_string_equal(s, "::多选\\:1::下列\\{哪些\\}是传感器\\=？\\n（多选）{\n"
			       "\t~%33.33333%温度\\#计#对\\~\n"
			       "\t~%33.33333%湿度\\\\计\n"
			       "\t~%33.33333%光照\n"
			       "\t~%0%%路由器#不是\n"
			       "\t~%-100%[moodle][html]交换机\n"
			       "\t####见教材第 3 章\n"
			       "}\n\n");
	free(s);
	gift_question_free(q);

	/* Single answer: `=`; missing word; a stem that would start with // gets its format. */
	q = gift_question_new(GIFT_MULTICHOICE);
	gift_set(&q->stem, "// 是注释吗 " GIFT_BLANK " 不是");
	q->missing_word = 1;
	q->blank_at = strlen("// 是注释吗 ");
	gift_answer_add(q, "甲", 100, NULL);
	gift_answer_add(q, "乙", 100, NULL);
	s = write_one(q);
	assert_string_equal(s, "[moodle]// 是注释吗 {\n\t=甲\n\t~%100%乙\n} 不是\n\n");
	free(s);
	gift_question_free(q);

	/* True/false in Moodle's order; numbers exactly; essay. */
	q = gift_question_new(GIFT_TRUEFALSE);
	gift_set(&q->stem, "对吗");
	gift_set(&q->tf_feedback_right, "答对");
	q->format = GIFT_FORMAT_HTML;
	s = write_one(q);
	assert_string_equal(s, "[html]对吗{FALSE##答对}\n\n");
	free(s);
	gift_question_free(q);

	q = gift_question_new(GIFT_NUMERICAL);
	gift_set(&q->stem, "数");
	struct gift_answer *a = gift_answer_add(q, "", 100, "好");
	a->value = 0.1;
	a->tolerance = 1e-7;
	a = gift_answer_add(q, "", 50, NULL);
	a->num = GIFT_NUM_RANGE;
	a->min = -1e21;
	a->max = 123456789.125;
	a = gift_answer_add(q, "", 0, "别的");
	a->num = GIFT_NUM_ANY;
	s = write_one(q);
	assert_string_equal(s, "数{#\n\t=0.1:0.0000001#好\n\t=%50%-1000000000000000000000..123456789.125\n\t~#别的\n}\n\n");
	free(s);
	gift_question_free(q);

	q = gift_question_new(GIFT_ESSAY);
	gift_set(&q->stem, "论述 " GIFT_BLANK);
	q->missing_word = 1;
	q->blank_at = strlen("论述 ");
	s = write_one(q);
	assert_string_equal(s, "论述 {}\\n\n\n");
	free(s);
	gift_question_free(q);

	/* A short answer with "->": bare when it is one full-credit answer, refused otherwise. */
	q = gift_question_new(GIFT_SHORTANSWER);
	gift_set(&q->stem, "箭头");
	gift_answer_add(q, "a->b", 100, NULL);
	s = write_one(q);
	assert_string_equal(s, "箭头{a->b\n}\n\n");
	free(s);
	gift_answer_add(q, "c", 50, NULL);
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(gift_write_question(&out, q, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "->"));
	assert_int_equal(out.len, 0);
	gift_question_free(q);

	/* Refusals: weight not a grade, sum not 100, empty answer, control character. */
	q = gift_question_new(GIFT_MULTIRESPONSE);
	gift_set(&q->stem, "x");
	gift_answer_add(q, "a", 45, NULL);
	gift_answer_add(q, "b", 55, NULL);
	assert_int_equal(gift_write_question(&out, q, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "第 1 个答案"));
	assert_non_null(strstr(err.msg, "45%"));
	((struct gift_answer *)q->answers.items[0])->weight = 50;
	((struct gift_answer *)q->answers.items[1])->weight = 40;
	assert_int_equal(gift_write_question(&out, q, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "90%"));
	((struct gift_answer *)q->answers.items[1])->weight = 50;
	gift_set(&((struct gift_answer *)q->answers.items[1])->text, "");
	assert_int_equal(gift_write_question(&out, q, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "为空"));
	gift_set(&((struct gift_answer *)q->answers.items[1])->text, "b\x1b");
	assert_int_equal(gift_write_question(&out, q, &err), JY_EINVAL);
	assert_int_equal(out.len, 0);
	gift_question_free(q);
}

static void test_write_all(void **state)
{
	(void)state;
	struct vec qs = VEC_INIT(gift_question_free);
	const char *cats[] = { "", "甲/乙", "甲/乙", "丙" };
	for (size_t i = 0; i < 4; i++) {
		struct gift_question *q = gift_question_new(GIFT_ESSAY);
		gift_set(&q->category, cats[i]);
		gift_set(&q->stem, "题");
		vec_push(&qs, q);
	}
	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(gift_write(&out, &qs, &err), 0);
	assert_string_equal(out.ptr, "题{}\n\n$CATEGORY: 甲/乙\n\n题{}\n\n题{}\n\n$CATEGORY: 丙\n\n题{}\n\n");

	struct parsed p;
	parse(&p, out.ptr);
	assert_int_equal(p.qs.len, 4);
	for (size_t i = 0; i < 4; i++)
		assert_true(gift_question_equal(p.qs.items[i], qs.items[i]));
	release(&p);

	/* GIFT cannot go back to no category. */
	gift_set(&((struct gift_question *)qs.items[3])->category, "");
	buf_reset(&out);
	assert_int_equal(gift_write(&out, &qs, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "第 4 题"));
	assert_int_equal(out.len, 0);
	assert_int_equal(gift_write_category(&out, "a\nb", &err), JY_EINVAL);
	assert_int_equal(gift_write_category(&out, " ", &err), JY_EINVAL);
	buf_release(&out);
	vec_free(&qs);
}

/* ---------- property: random questions written then read back ---------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15ull;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state % n);
}

/* A trimmed, non-empty text of Chinese, ASCII, every GIFT special, newlines and look-alike prefixes. */
static char *random_text(int allow_arrow)
{
	static const char *pieces[] = { "中", "文", "题", "答案", "，", "。", "：", "a", "B", "7", " ", "\t", "\n",
					"~", "=", "#", "{", "}", ":", "\\", "%", "%50%", "[", "]", "[html]",
					"[plain]", "//", "::", "-", ">", "->", "_", "*", "..", "$CATEGORY:", "####",
					"T", "\\n", "😀" };
	struct buf b = BUF_INIT;
	for (;;) {
		size_t n = 1 + rnd(10);
		buf_reset(&b);
		for (size_t i = 0; i < n; i++)
			buf_puts(&b, pieces[rnd(sizeof(pieces) / sizeof(pieces[0]))]);
		size_t s = 0, e = b.len;
		while (s < e && strchr(" \t\n", b.ptr[s]))
			s++;
		while (e > s && strchr(" \t\n", b.ptr[e - 1]))
			e--;
		if (s == e || (!allow_arrow && memmem(b.ptr + s, e - s, "->", 2)))
			continue;
		char *r = xstrndup(b.ptr + s, e - s);
		buf_release(&b);
		return r;
	}
}

static char *maybe_text(int allow_arrow)
{
	return rnd(3) ? random_text(allow_arrow) : xstrdup("");
}

static void set_random(char **field, int allow_arrow)
{
	free(*field);
	*field = maybe_text(allow_arrow);
}

static double random_number(void)
{
	static const double fixed[] = { 0, 1, -1, 3.14159, 0.1, 1e-7, 1822, -2.5, 1e21, 123456789.125, 5e-324 };
	if (rnd(2))
		return fixed[rnd(sizeof(fixed) / sizeof(fixed[0]))];
	double scale = 1;
	for (uint32_t e = rnd(16); e > 0; e--)
		scale *= 10;
	double v = ((double)rnd(2000000000) / 1000000.0 - 1000.0) * scale;
	return rnd(2) ? v : v / (scale * scale);
}

static void add_random(struct gift_question *q, double weight, int allow_arrow)
{
	char *text = random_text(allow_arrow), *fb = maybe_text(allow_arrow);
	gift_answer_add(q, text, weight, fb);
	free(text);
	free(fb);
}

static struct gift_question *random_question(const char *category)
{
	static const double splits[][3] = { { 100, 0, 0 }, { 50, 50, 0 }, { 33.33333, 33.33333, 33.33333 },
					    { 70, 30, 0 },  { 80, 20, 0 },  { 90, 10, 0 }, { 60, 40, 0 }, { 75, 25, 0 },
					    { 50, 25, 25 }, { 83.33333, 16.66667, 0 } };
	enum gift_type type = (enum gift_type)rnd(6);
	struct gift_question *q = gift_question_new(type);
	gift_set(&q->category, category);
	q->format = (enum gift_format)rnd(4);
	set_random(&q->title, 1);
	set_random(&q->general_feedback, 1);
	char *stem = random_text(1);
	if (rnd(3) == 0) {
		/* Missing word: the blank anywhere, the end included. */
		char *before = maybe_text(1), *after = maybe_text(1);
		struct buf s = BUF_INIT;
		if (*before)
			buf_printf(&s, "%s ", before);
		q->blank_at = s.len;
		buf_puts(&s, GIFT_BLANK);
		if (*after)
			buf_printf(&s, " %s", after);
		q->missing_word = 1;
		free(stem);
		stem = buf_detach(&s);
		free(before);
		free(after);
	}
	gift_set(&q->stem, stem);
	free(stem);

	size_t extra = rnd(4);
	switch (type) {
	case GIFT_MULTICHOICE:
		add_random(q, 100, 1);
		for (size_t i = 0; i < 1 + extra; i++)
			add_random(q, GIFT_GRADES[rnd((uint32_t)GIFT_GRADES_COUNT)], 1);
		break;
	case GIFT_MULTIRESPONSE: {
		const double *w = splits[rnd(sizeof(splits) / sizeof(splits[0]))];
		for (size_t i = 0; i < 3 && w[i] != 0; i++)
			add_random(q, w[i], 1);
		for (size_t i = 0; i < 1 + extra; i++)
			add_random(q, -GIFT_GRADES[rnd(21)], 1);
		break;
	}
	case GIFT_SHORTANSWER:
		if (rnd(4) == 0) {
			/* One full-credit answer may hold "->" (written bare), unless it looks like a weight or T/F. */
			add_random(q, 100, 1);
			const char *t = ans(q, 0)->text;
			if (t[0] == '%' || !strcmp(t, "T"))
				gift_set(&((struct gift_answer *)q->answers.items[0])->text, "T->F");
			break;
		}
		for (size_t i = 0, full = rnd((uint32_t)extra + 1); i <= extra; i++)
			add_random(q, i == full ? 100 : GIFT_GRADES[rnd((uint32_t)GIFT_GRADES_COUNT)], 0);
		break;
	case GIFT_NUMERICAL:
		for (size_t i = 0; i < 1 + extra; i++) {
			char *fb = maybe_text(1);
			struct gift_answer *a = gift_answer_add(q, "", i == 0 ? 100 : GIFT_GRADES[rnd((uint32_t)GIFT_GRADES_COUNT)], fb);
			free(fb);
			a->num = (enum gift_num)rnd(3);
			if (a->num == GIFT_NUM_VALUE) {
				a->value = random_number();
				a->tolerance = rnd(2) ? 0 : (double)rnd(1000) / 64;
				a->min = a->value - a->tolerance;
				a->max = a->value + a->tolerance;
			} else if (a->num == GIFT_NUM_RANGE) {
				double x = random_number(), y = random_number();
				a->min = x < y ? x : y;
				a->max = x < y ? y : x;
				if (!isfinite(a->min + a->max)) /* (min + max) / 2 must stay finite */
					a->min = 0;
				a->value = (a->min + a->max) / 2;
				a->tolerance = a->max - a->value;
			}
		}
		break;
	case GIFT_TRUEFALSE:
		q->truth = (int)rnd(2);
		set_random(&q->tf_feedback_wrong, 1);
		set_random(&q->tf_feedback_right, 1);
		break;
	case GIFT_ESSAY:
		break;
	}
	return q;
}

static void describe(struct buf *b, const struct gift_question *q)
{
	buf_printf(b, "type=%s fmt=%s cat=[%s] title=[%s] stem=[%s] mw=%d@%zu gf=[%s] tf=%d [%s] [%s]\n",
		   gift_type_name(q->type), gift_format_name(q->format), q->category, q->title, q->stem,
		   q->missing_word, q->blank_at, q->general_feedback, q->truth, q->tf_feedback_wrong, q->tf_feedback_right);
	for (size_t i = 0; i < q->answers.len; i++) {
		const struct gift_answer *a = q->answers.items[i];
		buf_printf(b, "  w=%.17g [%s] fb=[%s] num=%d %.17g %.17g %.17g %.17g\n", a->weight, a->text, a->feedback,
			   (int)a->num, a->value, a->tolerance, a->min, a->max);
	}
}

static void test_property_round_trip(void **state)
{
	(void)state;
	static const char *cats[] = { "", "高职/电子商务/网店运营", "$course$/物联网", "a b/c" };
	size_t written = 0, types[6] = { 0 };
	for (int iter = 0; iter < 600; iter++) {
		struct vec qs = VEC_INIT(gift_question_free);
		size_t cat = rnd(4), n = 1 + rnd(3);
		for (size_t i = 0; i < n; i++) {
			if (cat && rnd(3) == 0)
				cat = 1 + rnd(3);
			struct gift_question *q = random_question(cats[cat]);
			types[q->type]++;
			vec_push(&qs, q);
		}
		struct buf out = BUF_INIT;
		struct jy_err err = JY_ERR_INIT;
		if (gift_write(&out, &qs, &err) != 0) {
			struct buf d = BUF_INIT;
			for (size_t i = 0; i < qs.len; i++)
				describe(&d, qs.items[i]);
			fail_msg("iteration %d: gift_write: %s\n%s", iter, err.msg, d.ptr);
		}
		struct parsed p;
		parse(&p, out.ptr);
		int same = p.rc == 0 && p.qs.len == qs.len;
		for (size_t i = 0; same && i < qs.len; i++)
			same = gift_question_equal(p.qs.items[i], qs.items[i]);
		if (!same) {
			struct buf d = BUF_INIT;
			buf_printf(&d, "iteration %d: %s\n--- GIFT ---\n%s--- wanted ---\n", iter, p.err.msg, out.ptr);
			for (size_t i = 0; i < qs.len; i++)
				describe(&d, qs.items[i]);
			buf_puts(&d, "--- got ---\n");
			for (size_t i = 0; i < p.qs.len; i++)
				describe(&d, p.qs.items[i]);
			fail_msg("%s", d.ptr);
		}
		/* Writing what was read gives the same bytes. */
		struct buf again = BUF_INIT;
		assert_int_equal(gift_write(&again, &p.qs, &err), 0);
		assert_string_equal(again.ptr, out.ptr);
		written += qs.len;
		buf_release(&again);
		buf_release(&out);
		release(&p);
		vec_free(&qs);
	}
	assert_true(written >= 600);
	for (size_t t = 0; t < 6; t++)
		assert_true(types[t] > 50);
}

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	if (!f)
		fail_msg("cannot open %s (run from the source tree)", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* The fixture is the writer's own output: reading and writing it again gives the same bytes. */
static void test_fixture_bank(void **state)
{
	(void)state;
	static const enum gift_type want[] = { GIFT_MULTICHOICE, GIFT_MULTIRESPONSE, GIFT_TRUEFALSE, GIFT_TRUEFALSE,
					       GIFT_SHORTANSWER, GIFT_SHORTANSWER, GIFT_NUMERICAL, GIFT_NUMERICAL,
					       GIFT_ESSAY, GIFT_MULTICHOICE };
	size_t len, len2;
	char *text = slurp("tests/fixtures/gift/bank-zh.gift", &len);
	char *crlf = slurp("tests/fixtures/gift/bank-zh.crlf-bom.gift", &len2);
	struct parsed p, p2;
	parse_len(&p, text, len);
	assert_int_equal(p.rc, 0);
	assert_int_equal(p.qs.len, 10);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(((struct gift_question *)p.qs.items[i])->type, want[i]);
	const struct gift_question *q = p.qs.items[4];
	assert_string_equal(q->category, "高职/物联网应用技术/传感器应用技术");
	assert_string_equal(q->stem, "温度传感器 DS18B20 采用 _____ 通信协议。");
	assert_int_equal(q->line, 24);
	q = p.qs.items[9];
	assert_int_equal(q->format, GIFT_FORMAT_MARKDOWN);
	assert_string_equal(q->stem, "答案里有特殊字符 ~ = # { } : 和反斜杠 \\，还有换行\n第二行。");

	struct buf out = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(gift_write(&out, &p.qs, &err), 0);
	assert_int_equal(out.len, len);
	assert_memory_equal(out.ptr, text, len);

	parse_len(&p2, crlf, len2);
	assert_int_equal(p2.rc, 0);
	assert_int_equal(p2.qs.len, 10);
	for (size_t i = 0; i < 10; i++) {
		assert_true(gift_question_equal(p.qs.items[i], p2.qs.items[i]));
		assert_int_equal(((struct gift_question *)p.qs.items[i])->line, ((struct gift_question *)p2.qs.items[i])->line);
	}
	buf_release(&out);
	release(&p);
	release(&p2);
	free(text);
	free(crlf);
}

static void test_fixture_errors(void **state)
{
	(void)state;
	static const size_t bad_lines[] = { 4, 6, 8, 10, 12, 14, 16, 18, 21 };
	size_t len;
	char *text = slurp("tests/fixtures/gift/bad.gift", &len);
	struct parsed p;
	parse_len(&p, text, len);
	assert_int_equal(p.rc, JY_EINVAL);
	assert_int_equal(p.problems.len, 9);
	for (size_t i = 0; i < 9; i++) {
		char want[32];
		snprintf(want, sizeof(want), "第 %zu 行：", bad_lines[i]);
		if (strncmp(p.problems.items[i], want, strlen(want)) != 0)
			fail_msg("problem %zu is \"%s\", wanted it to start with \"%s\"", i, (char *)p.problems.items[i], want);
	}
	assert_int_equal(p.qs.len, 2);
	assert_string_equal(((struct gift_question *)p.qs.items[1])->category, "类别");
	release(&p);
	free(text);

	text = slurp("tests/fixtures/gift/moodle-docs.gift", &len);
	parse_len(&p, text, len);
	assert_int_equal(p.problems.len, 2);
	assert_non_null(strstr(p.problems.items[0], "第 22 行"));
	assert_non_null(strstr(p.problems.items[0], "匹配题不受支持"));
	assert_non_null(strstr(p.problems.items[1], "第 27 行"));
	assert_int_equal(p.qs.len, 19);
	const struct gift_question *q = p.qs.items[p.qs.len - 1];
	assert_string_equal(q->category, "tom/dick/harry");
	assert_int_equal(q->format, GIFT_FORMAT_HTML);
	assert_string_equal(q->general_feedback, "Producers make their own food.");
	release(&p);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_multichoice),      cmocka_unit_test(test_truefalse),
		cmocka_unit_test(test_shortanswer),      cmocka_unit_test(test_numerical),
		cmocka_unit_test(test_essay_and_formats), cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_categories_titles_comments), cmocka_unit_test(test_line_ends),
		cmocka_unit_test(test_errors),           cmocka_unit_test(test_writer),
		cmocka_unit_test(test_write_all),        cmocka_unit_test(test_property_round_trip),
		cmocka_unit_test(test_fixture_bank),     cmocka_unit_test(test_fixture_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
