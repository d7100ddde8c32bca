/* test_exam_seal: sealed papers on the demo group — keys, who opens what, tampering, the hook's rules, release, whole-record merge. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/id.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/paper.h"
#include "jiaoyan/paperout.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "fixture.h"

#define PASS_SU "suyuan-passphrase"
#define PASS_YAN "yanshuyao-passphrase"

static char *repo;
static struct store *s;
static char exam_id[32];

static struct keyring_key *key_of(const char *id, const char *pass)
{
	struct keyring_key *k = NULL;
	struct jy_err err = JY_ERR_INIT;
	if (keyring_open(&k, s, id, pass, &err))
		fail_msg("%s: %s", id, err.msg);
	return k;
}

static struct record *paper_a(void)
{
	struct record *exam = NULL, *p = NULL;
	struct buf path = BUF_INIT;
	assert_int_equal(exam_load(&exam, NULL, s, exam_id, NULL), 0);
	paper_path(&path, record_get(exam, "exam", "term"), exam_id, "A");
	assert_int_equal(store_read(&p, s, path.ptr, NULL), 0);
	record_free(exam);
	buf_release(&path);
	return p;
}

static size_t problems_of(const struct record *paper, const char *want)
{
	struct vec problems = VEC_INIT(free);
	size_t n = paper_problems(s, paper, NULL, &problems);
	int found = !want;
	for (size_t i = 0; i < problems.len; i++)
		found |= want && strstr(problems.items[i], want) != NULL;
	if (!found)
		fail_msg("no problem mentions \"%s\" (%zu problems: %s)", want, problems.len, problems.len ? (char *)problems.items[0] : "");
	vec_free(&problems);
	return n;
}

static void keys_and_passphrases(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct keyring_key *k = NULL;
	struct actor *a = fixture_actor("suyuan");
	/* Made by key gen for both members: the public key is in the roster, the secret one only in the file. */
	assert_true(keyring_has("suyuan"));
	struct buf pub = BUF_INIT, file = BUF_INIT, path = BUF_INIT;
	assert_int_equal(keyring_public(&pub, s, "suyuan", &err), 0);
	assert_int_equal(strlen(pub.ptr), SEAL_PUBLIC_LEN);
	keyring_path(&path, "suyuan");
	FILE *f = fopen(path.ptr, "r");
	char chunk[4096];
	size_t n = fread(chunk, 1, sizeof(chunk) - 1, f);
	fclose(f);
	chunk[n] = '\0';
	assert_non_null(strstr(chunk, "jiaoyan-secret-key 1"));
	assert_null(strstr(chunk, PASS_SU));
	assert_int_equal(keyring_open(&k, s, "suyuan", "wrong-passphrase", &err), JY_EPERM);
	assert_string_equal(err.msg, "口令不对");
	assert_int_equal(keyring_open(&k, s, "wujinglan", PASS_SU, &err), JY_ENOTFOUND);
	assert_string_equal(err.hint, "key-gen");
	/* A second key refused unless replacing. */
	assert_int_equal(keyring_generate(NULL, s, a, PASS_SU, 0, &err), JY_EEXISTS);
	actor_free(a);
	buf_release(&pub);
	buf_release(&file);
	buf_release(&path);
}

static void who_assembles(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct actor *lead = fixture_actor("kemingyuan"), *su = fixture_actor("suyuan");
	struct keyring_key *k = key_of("suyuan", PASS_SU);
	struct exam_assemble_opts opts = { 3, NULL };
	struct vec rows = VEC_INIT(exam_check_row_free);
	/* The lead set the exam up but is not on its committee. */
	assert_int_equal(exam_assemble(&rows, s, lead, exam_id, &opts, k, &err), JY_EPERM);
	assert_non_null(strstr(err.msg, "命题组"));
	/* A and B from the small demo bank: what is missing, in numbers. */
	opts.papers = "A,B";
	assert_int_equal(exam_assemble(&rows, s, su, exam_id, &opts, k, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "第 1 行：2 套试卷共需要至少 7 道不同的单选题（两卷重复须少于 10%，即最多共用 1 道）"));
	assert_non_null(strstr(err.msg, "题库只有 4 道已审核的"));
	opts.papers = NULL;
	if (exam_assemble(&rows, s, su, exam_id, &opts, k, &err))
		fail_msg("%s", err.msg);
	/* Coverage and difficulty met on the demo bank, and every other row too. */
	size_t ok = 0;
	for (size_t i = 0; i < rows.len; i++) {
		const struct exam_check_row *r = rows.items[i];
		if (strcmp(r->what, "章节覆盖") == 0)
			assert_string_equal(r->actual, "5/5 章");
		if (strcmp(r->what, "平均难度（按分值加权）") == 0)
			assert_string_equal(r->actual, "2.73");
		ok += r->ok == 1;
	}
	assert_int_equal(ok, rows.len);
	assert_int_equal(rows.len, 13);
	keyring_key_free(k);
	actor_free(lead);
	actor_free(su);
	vec_free(&rows);
}

static void who_opens(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct vec items = VEC_INIT(exam_paper_item_free);
	struct keyring_key *su = key_of("suyuan", PASS_SU), *yan = key_of("yanshuyao", PASS_YAN);
	assert_int_equal(exam_paper_items(&items, s, exam_id, "A", NULL, &err), JY_EPERM);
	assert_int_equal(exam_paper_items(&items, s, exam_id, "B", su, &err), JY_ENOTFOUND);
	assert_int_equal(exam_paper_items(&items, s, "01nosuchexam0000000000000", "A", su, &err), JY_ENOTFOUND);
	/* Either member opens it with their own key. */
	assert_int_equal(exam_paper_items(&items, s, exam_id, "A", yan, &err), 0);
	assert_int_equal(items.len, 14);
	const struct exam_paper_item *first = items.items[0];
	assert_int_equal(first->no, 1);
	assert_string_equal(first->type, "single");
	assert_true(first->points == 4);
	assert_int_equal(strlen(first->answer), 1);
	vec_clear(&items);
	assert_int_equal(exam_paper_items(&items, s, exam_id, "A", su, &err), 0);
	assert_int_equal(items.len, 14);
	/* The record holds no word of it, nor which items it uses. */
	struct record *p = paper_a();
	struct buf text = BUF_INIT;
	assert_int_equal(codec_encode(&text, p, NULL), 0);
	for (size_t i = 0; i < items.len; i++)
		assert_null(strstr(text.ptr, ((struct exam_paper_item *)items.items[i])->question));
	assert_null(strstr(text.ptr, "客单价"));
	assert_int_equal(problems_of(p, NULL), 0);
	record_free(p);
	buf_release(&text);
	keyring_key_free(su);
	keyring_key_free(yan);
	vec_free(&items);
}

static void tampering_is_refused(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *p = paper_a(), *t;
	struct record *exam = NULL;
	struct paper_body *b = NULL;
	struct keyring_key *k = key_of("suyuan", PASS_SU);
	assert_int_equal(exam_load(&exam, NULL, s, exam_id, NULL), 0);
	/* One character of the ciphertext. */
	t = record_dup(p);
	char *part = xstrdup(record_get(t, "body", "part.1"));
	part[10] = part[10] == 'A' ? 'B' : 'A';
	record_set(t, "body", "part.1", part);
	free(part);
	assert_true(problems_of(t, "签名不符") > 0);
	assert_int_equal(paper_open(&b, s, exam, t, k, 0, &err), JY_EINVAL);
	record_free(t);
	/* The metadata: a seal moved to another release time, or to paper B. */
	t = record_dup(p);
	record_set(t, "seal", "release", "2030-01-01T09:00");
	assert_true(problems_of(t, "签名不符") > 0);
	record_free(t);
	t = record_dup(p);
	record_set(t, "paper", "paper", "b");
	assert_true(problems_of(t, "与存放位置") > 0);
	record_free(t);
	/* Plaintext next to the seal, or instead of it. */
	t = record_dup(p);
	record_set(t, "seal", "stem", "客单价的计算公式是：");
	assert_true(problems_of(t, "不是完好的密封试卷") > 0);
	record_free(t);
	t = record_new();
	record_set(t, "paper", "term", record_get(p, "paper", "term"));
	record_set(t, "paper", "exam", exam_id);
	record_set(t, "paper", "paper", "a");
	record_set(t, "paper", "sealed_at", "2026-11-22 09:30");
	record_set(t, "item.1", "stem", "客单价的计算公式是：");
	assert_true(problems_of(t, "不是完好的密封试卷") > 0);
	/* As the central hook reads a pushed file: refused. */
	struct buf data = BUF_INIT, path = BUF_INIT;
	struct vec found = VEC_INIT(free);
	assert_int_equal(codec_encode(&data, t, NULL), 0);
	paper_path(&path, record_get(p, "paper", "term"), exam_id, "a");
	assert_true(records_check_file(s, path.ptr, data.ptr, data.len, &found) > 0);
	record_free(t);
	record_free(p);
	record_free(exam);
	keyring_key_free(k);
	buf_release(&data);
	buf_release(&path);
	vec_free(&found);
}

static void outsiders_and_the_merge(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *p = paper_a(), *exam = NULL;
	struct actor *outsider = fixture_actor("mowanqing"), *su = fixture_actor("suyuan");
	const struct type_def *pt = schema_type("paper");
	assert_int_equal(exam_load(&exam, NULL, s, exam_id, NULL), 0);
	/* A teacher of a member school: no seal of theirs, no release, no delete. */
	struct record *t = record_dup(p);
	record_set(t, "paper", "sealed_at", "2026-11-22 10:00");
	assert_int_equal(records_permit(s, outsider, pt, p, t, &err), JY_EPERM);
	assert_int_equal(records_permit(s, outsider, pt, p, NULL, &err), JY_EPERM);
	assert_int_equal(records_permit(s, su, pt, p, NULL, &err), 0);
	/* Two re-seals at once: never merged key by key — the newer one whole, and a conflict for the committee. */
	struct paper_body *b = NULL;
	struct keyring_key *k = key_of("suyuan", PASS_SU);
	assert_int_equal(paper_open(&b, s, exam, p, k, 0, &err), 0);
	struct record *newer = NULL;
	setenv("JIAOYAN_NOW", "2026-11-23T08:00:00", 1);
	assert_int_equal(paper_seal(&newer, s, exam, "A", b, k, &err), 0);
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	struct record *merged = NULL;
	struct vec conflicts = VEC_INIT(record_conflict_free);
	paper_type_ops.merge(&merged, &conflicts, p, p, newer);
	assert_true(record_equal(merged, newer));
	assert_int_equal(conflicts.len, 1);
	const struct record_conflict *c = conflicts.items[0];
	assert_string_equal(c->section, "paper");
	assert_string_equal(c->key, "sealed_at");
	assert_string_equal(c->ours, "2026-11-23 08:00");
	assert_non_null(strstr(c->note, "不能逐字段合并"));
	record_free(merged);
	vec_clear(&conflicts);
	paper_type_ops.merge(&merged, &conflicts, p, newer, p);
	assert_true(record_equal(merged, newer));
	assert_int_equal(conflicts.len, 1);
	record_free(merged);
	record_free(newer);
	record_free(t);
	record_free(p);
	record_free(exam);
	paper_body_free(b);
	keyring_key_free(k);
	actor_free(outsider);
	actor_free(su);
	vec_free(&conflicts);
}

static void printing(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *p = paper_a(), *exam = NULL;
	struct keyring_key *k = key_of("yanshuyao", PASS_YAN);
	struct paper_body *b = NULL;
	struct buf html = BUF_INIT, gift = BUF_INIT;
	assert_int_equal(exam_load(&exam, NULL, s, exam_id, NULL), 0);
	assert_int_equal(paper_open(&b, s, exam, p, k, 0, &err), 0);
	/* Record text is escaped: a stem holding markup prints as text. */
	struct paper_item *first = b->items.items[0];
	record_set(first->q, "question", "stem", "<script>alert(1)</script> & \"引号\"");
	paperout_html(&html, exam, "集团", "网店运营", b, PAPEROUT_KEY | PAPEROUT_GRADING);
	assert_null(strstr(html.ptr, "<script>"));
	assert_non_null(strstr(html.ptr, "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;引号&quot;"));
	assert_non_null(strstr(html.ptr, "学号"));
	assert_non_null(strstr(html.ptr, "参考答案"));
	assert_non_null(strstr(html.ptr, "评分标准"));
	assert_non_null(strstr(html.ptr, "一、单选题（共 4 题，共 16 分）"));
	/* The chapter × level grid: the five chapters and the total of 14 items, 100 points. */
	assert_non_null(strstr(html.ptr, "双向细目表（章节 × 认知层次）"));
	assert_non_null(strstr(html.ptr, "<th class=\"center\">14 题 100 分</th>"));
	assert_int_equal(paperout_gift(&gift, exam, b, &err), 0);
	assert_non_null(strstr(gift.ptr, "$CATEGORY: 网店运营期末联考/A"));
	assert_non_null(strstr(gift.ptr, "::A-01"));
	record_free(p);
	record_free(exam);
	paper_body_free(b);
	keyring_key_free(k);
	buf_release(&html);
	buf_release(&gift);
}

static void release_at_its_time(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct record *exam = NULL;
	struct actor *su = fixture_actor("suyuan"), *yan = fixture_actor("yanshuyao");
	struct keyring_key *k = key_of("suyuan", PASS_SU), *ky = key_of("yanshuyao", PASS_YAN);
	struct vec items = VEC_INIT(exam_paper_item_free);
	assert_int_equal(exam_load(&exam, NULL, s, exam_id, NULL), 0);
	assert_int_equal(exam_release(s, su, exam_id, k, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "还没到"));
	/* Another member's key is not yours. */
	setenv("JIAOYAN_NOW", "2027-06-01T00:00:00", 1);
	assert_int_equal(exam_release(s, su, exam_id, ky, &err), JY_EPERM);
	assert_int_equal(exam_release(s, yan, exam_id, ky, &err), 0);
	assert_int_equal(exam_paper_state(s, exam, "A"), EXAM_PAPER_RELEASED);
	/* Now anyone reads it, with no key. */
	assert_int_equal(exam_paper_items(&items, s, exam_id, "A", NULL, &err), 0);
	assert_int_equal(items.len, 14);
	struct record *p = paper_a();
	assert_int_equal(problems_of(p, NULL), 0);
	record_free(p);
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	/* Judged before its time, a published key is refused. */
	p = paper_a();
	assert_true(problems_of(p, "之前不能公布文件密钥") > 0);
	/* Arriving from a campus whose clock ran a few minutes fast, it is taken; an hour early, not. */
	long long at = exam_release_time(record_get(exam, "exam", "release"));
	char when[32];
	assert_true(at > 0);
	snprintf(when, sizeof(when), "%lld", at - PAPER_CLOCK_SKEW + 60);
	setenv("JIAOYAN_NOW", when, 1);
	assert_int_equal(problems_of(p, NULL), 0);
	snprintf(when, sizeof(when), "%lld", at - 3600);
	setenv("JIAOYAN_NOW", when, 1);
	assert_true(problems_of(p, "之前不能公布文件密钥") > 0);
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	record_free(p);
	record_free(exam);
	actor_free(su);
	actor_free(yan);
	keyring_key_free(k);
	keyring_key_free(ky);
	vec_free(&items);
}

static int setup(void **state)
{
	struct jy_err err = JY_ERR_INIT;
	struct vec exams = VEC_INIT(store_item_free);
	/* The demo's exam of 网店运营 (its other exam, of 传感器应用技术, was sat and released already). */
	static const char *const where[] = { "course=530701-c01", NULL };
	struct store_query q = { .type = "exam", .where = where };
	(void)state;
	setenv("TZ", "UTC", 1);
	s = fixture_demo("seal");
	repo = xasprintf("%s/repo.git", fixture_root);
	char *keys = xasprintf("%s/keys", fixture_root);
	setenv("JIAOYAN_KEY_DIR", keys, 1);
	free(keys);
	setenv("XDG_STATE_HOME", fixture_root, 1);
	store_set_merge_policy(s, &records_merge_policy);
	struct actor *su = fixture_actor("suyuan"), *yan = fixture_actor("yanshuyao");
	if (keyring_generate(NULL, s, su, PASS_SU, 0, &err) || keyring_generate(NULL, s, yan, PASS_YAN, 0, &err))
		fail_msg("%s", err.msg);
	actor_free(su);
	actor_free(yan);
	assert_int_equal(store_list(&exams, s, &q, NULL, &err), 0);
	assert_int_equal(exams.len, 1);
	snprintf(exam_id, sizeof(exam_id), "%s", ((struct store_item *)exams.items[0])->id);
	vec_free(&exams);
	return 0;
}

static int teardown(void **state)
{
	free(repo);
	return fixture_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keys_and_passphrases),
		cmocka_unit_test(who_assembles),
		cmocka_unit_test(who_opens),
		cmocka_unit_test(tampering_is_refused),
		cmocka_unit_test(outsiders_and_the_merge),
		cmocka_unit_test(printing),
		cmocka_unit_test(release_at_its_time),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
