/* test_sitting: a joint exam's results on the demo group — the analysis per paper and school, views, imports refused, and bank items' P and D per sitting following the repository as it moves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/bank.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/scores.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/store.h"
#include "fixture.h"

static struct store *s;
static char past[ID_LEN + 1];   /* the demo's exam already sat */
static char coming[ID_LEN + 1]; /* the demo's exam still to come */

static void the_past_exam_analysed(void **state)
{
	(void)state;
	struct sitting *st = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct results_paper v;
	assert_int_equal(sitting_load(&st, s, past, &err), 0);
	assert_int_equal(st->papers.len, 1);
	assert_int_equal(st->reported.len, 3);
	assert_string_equal(st->reported.items[2], "s03");
	const struct sitting_paper *sp = st->papers.items[0];
	assert_string_equal(sp->label, "A");
	assert_int_equal(sp->paper_read, 1);
	assert_int_equal(sp->cmp->all->paper.n, 46 + 41 + 38);
	assert_int_equal(sp->cmp->all->k, 13);
	assert_true(fabs(sp->cmp->all->paper.full - 100) < 1e-9);
	assert_int_equal(sp->cmp->ngroups, 3);
	assert_string_equal(sp->group_names[0], "清源山中等职业学校");
	assert_non_null(sp->item_ids);
	assert_int_equal(strlen(sp->item_ids[0]), ID_LEN);
	assert_non_null(strstr(st->title, "传感器应用技术期中联考"));
	/* Every school beside the pooled row; one school beside it; one school alone. */
	assert_ptr_equal(st->views[0].all, sp->cmp->all);
	assert_int_equal(st->views[0].ngroups, 3);
	assert_int_equal(sitting_view(&v, st, 0, "s02", 0, &err), 0);
	assert_int_equal(v.ngroups, 1);
	assert_ptr_equal(v.all, sp->cmp->all);
	assert_string_equal(v.group_names[0], "海丝路职业中专学校");
	assert_int_equal(sitting_view(&v, st, 0, "s02", 1, &err), 0);
	assert_int_equal(v.ngroups, 0);
	assert_int_equal(v.all->paper.n, 41);
	assert_int_equal(sitting_view(&v, st, 0, "gz01", 0, &err), JY_ENOTFOUND);
	assert_int_equal(sitting_paper_index(st, "A"), 0);
	assert_int_equal(sitting_paper_index(st, "B"), -1);
	struct results_report rep;
	sitting_report(&rep, st);
	assert_int_equal(rep.npapers, 1);
	assert_true(rep.nmeta >= 5);
	assert_string_equal(rep.meta[0].value, "传感器应用技术（510102-c01）");
	sitting_free(st);

	/* The exam still to come loads with nothing to analyse. */
	assert_int_equal(sitting_load(&st, s, coming, &err), 0);
	assert_int_equal(st->papers.len, 0);
	assert_int_equal(st->reported.len, 0);
	sitting_free(st);
	assert_int_equal(sitting_load(&st, s, "01nosuchexam0000000000000", &err), JY_ENOTFOUND);
}

static void imports_refused_before_the_file(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct actor *teacher = fixture_actor("mowanqing"), *lead = fixture_actor("cenlixing");
	char head[41], after[41];
	store_head(s, head);
	/* A school that does not take part, whoever asks. */
	assert_int_equal(sitting_import(NULL, NULL, NULL, s, lead, past, "gz01", "x", 1, 0, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "没有参加这场联考"));
	/* Another school's scores. */
	assert_int_equal(sitting_import(NULL, NULL, NULL, s, teacher, past, "s02", "x", 1, 0, &err), JY_EPERM);
	/* The coming exam has no paper yet. */
	assert_int_equal(sitting_import(NULL, NULL, NULL, s, teacher, coming, "s01", "x", 1, 0, &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "还没有组卷"));
	store_head(s, after);
	assert_string_equal(head, after);
	actor_free(teacher);
	actor_free(lead);
}

static double pooled_p(const char *exam, size_t item)
{
	struct sitting *st = NULL;
	assert_int_equal(sitting_load(&st, s, exam, NULL), 0);
	double p = ((struct sitting_paper *)st->papers.items[0])->cmp->all->items[item].p;
	sitting_free(st);
	return p;
}

static void uses_follow_the_repository(void **state)
{
	(void)state;
	struct vec uses = VEC_INIT(sitting_use_free);
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(sitting_uses(&uses, s, "510102-c01", NULL, &err), 0);
	assert_int_equal(uses.len, 13);
	const struct sitting_use *u = uses.items[2];
	assert_int_equal(u->no, 3);
	assert_string_equal(u->exam, past);
	assert_string_equal(u->paper, "A");
	assert_int_equal(u->n, 125);
	assert_true(fabs(u->p - pooled_p(past, 2)) < 1e-12);
	char *q3 = xstrdup(u->question);
	vec_clear(&uses);
	/* Nothing of another course, nor of the coming exam (not even assembled). */
	assert_int_equal(sitting_uses(&uses, s, "530701-c01", NULL, &err), 0);
	assert_int_equal(uses.len, 0);

	struct bank_usage bu;
	assert_int_equal(bank_usage(&bu, s, q3, &err), 0);
	assert_int_equal(bu.papers.len, 1);
	assert_int_equal(bu.uses.len, 1);
	assert_int_equal(bu.has_stats, 1);
	assert_int_equal(bu.sittings, 1);
	assert_true(fabs(bu.p - pooled_p(past, 2)) < 1e-12);
	bank_usage_release(&bu);

	/* s03 reports again with every student right on item 3: the next question sees the new commit. */
	struct actor *admin = fixture_actor("peizimo");
	struct buf csv = BUF_INIT;
	buf_puts(&csv, "学号,1,2,3,4,5,6,7,8,9,10,11,12,13\n");
	for (int i = 1; i <= 20; i++)
		buf_printf(&csv, "N%02d,5,0,5,0,6,0,6,4,0,8,0,8,%d\n", i, i);
	size_t n = 0;
	assert_int_equal(sitting_import(&n, NULL, NULL, s, admin, past, "s03", csv.ptr, csv.len, 0, &err), 0);
	assert_int_equal(n, 20);
	assert_int_equal(bank_usage(&bu, s, q3, &err), 0);
	assert_int_equal(((struct sitting_use *)bu.uses.items[0])->n, 46 + 41 + 20);
	assert_true(fabs(bu.p - pooled_p(past, 2)) < 1e-12);
	bank_usage_release(&bu);
	/* An unknown id: no use, no figures. */
	assert_int_equal(bank_usage(&bu, s, "01nosuchquestion000000000", &err), 0);
	assert_int_equal(bu.uses.len, 0);
	assert_int_equal(bu.has_stats, 0);
	assert_true(isnan(bu.p));
	bank_usage_release(&bu);
	buf_release(&csv);
	actor_free(admin);
	free(q3);
	vec_free(&uses);
}

static int setup(void **state)
{
	struct jy_err err = JY_ERR_INIT;
	struct vec exams = VEC_INIT(store_item_free);
	struct store_query q = { .type = "exam" };
	(void)state;
	setenv("TZ", "UTC", 1);
	s = fixture_demo("sitting");
	assert_int_equal(store_list(&exams, s, &q, NULL, &err), 0);
	assert_int_equal(exams.len, 2);
	for (size_t i = 0; i < exams.len; i++) {
		const struct store_item *it = exams.items[i];
		snprintf(strcmp(record_get(it->rec, "exam", "course"), "510102-c01") == 0 ? past : coming, ID_LEN + 1, "%s", it->id);
	}
	vec_free(&exams);
	assert_int_equal(strlen(past), ID_LEN);
	assert_int_equal(strlen(coming), ID_LEN);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(the_past_exam_analysed),
		cmocka_unit_test(imports_refused_before_the_file),
		cmocka_unit_test(uses_follow_the_repository),
	};
	return cmocka_run_group_tests(tests, setup, fixture_teardown);
}
