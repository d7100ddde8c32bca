/* bank: the question bank's rules (who, versions, review, duplicates) and its store operations (add, edit, review, import, export, stats). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/bank.h"
#include "jiaoyan/csv.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/sitting.h"
#include "jiaoyan/text.h"
#include "jiaoyan/textsim.h"

static const struct type_def *qt(void)
{
	return schema_type("question");
}

static const char *get(const struct record *q, const char *key)
{
	return q ? record_get(q, "question", key) : NULL;
}

static int same(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

static const char *const state_values[] = { "draft", "returned", "approved", "retired", "superseded" };

int bank_state_of(const char *stored)
{
	for (size_t i = 0; stored && i < 5; i++)
		if (strcmp(stored, state_values[i]) == 0)
			return (int)i;
	return -1;
}

const char *bank_state_label(int state)
{
	static const char *const zh[] = { "草稿", "已退回", "已审核", "已停用", "已被替代" };
	static const char *const en[] = { "draft", "returned", "approved", "retired", "superseded" };
	if (state < 0 || state > 4)
		return "?";
	return L(zh[state], en[state]);
}

static int state_of(const struct record *q)
{
	return bank_state_of(get(q, "state"));
}

static long version_of(const struct record *q)
{
	const char *v = get(q, "version");
	return v ? atol(v) : 0;
}

/* The highest N of the [review.N] sections. */
static size_t reviews_of(const struct record *q)
{
	size_t max = 0;
	for (size_t i = 0; i < record_section_count(q); i++) {
		const char *sec = record_section(q, i);
		if (strncmp(sec, "review.", 7) == 0) {
			size_t n = (size_t)strtoul(sec + 7, NULL, 10);
			if (n > max)
				max = n;
		}
	}
	return max;
}

static void label_of(struct buf *out, const struct record *q)
{
	question_label(out, q);
}

static int examiner_of(const struct actor *a, const char *specialty)
{
	return actor_has_role(a, "examiner") && specialty && vec_has_str(&a->specialties, specialty);
}

static int is_author(const struct actor *a, const struct record *q)
{
	return a->id && same(a->id, get(q, "author"));
}

static void name_of(struct buf *out, struct store *s, const char *type, const char *id)
{
	records_name(out, s, type, id);
}

/* ---- courses ---- */

void bank_course_release(struct bank_course *c)
{
	free(c->code);
	free(c->name);
	free(c->specialty);
	free(c->specialty_name);
	memset(c, 0, sizeof(*c));
}

int bank_course(struct bank_course *out, struct store *s, const char *code_or_name, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { .type = "course" };
	struct buf ids = BUF_INIT;
	const struct store_item *found = NULL;
	size_t named = 0;
	int rc = store_list(&items, s, &q, NULL, err);
	if (rc)
		goto cleanup;
	for (size_t i = 0; code_or_name && i < items.len && !found; i++) {
		const struct store_item *it = items.items[i];
		if (strcmp(it->id, code_or_name) == 0)
			found = it;
	}
	for (size_t i = 0; code_or_name && i < items.len && !found; i++) {
		const struct store_item *it = items.items[i];
		if (same(record_get(it->rec, "course", "name"), code_or_name)) {
			buf_printf(&ids, "%s%s", named++ ? "、" : "", it->id);
			if (named == 1)
				found = it;
		}
	}
	if (named > 1) {
		rc = err_set(err, JY_EINVAL, L("有 %zu 门课程名为「%s」（%s）：请写课程代码", "%zu courses are named \"%s\" (%s): give the code"),
			     named, code_or_name, ids.ptr);
		goto cleanup;
	}
	if (!found) {
		rc = err_set(err, JY_EINVAL, L("没有代码或名称为「%s」的课程", "no course has the code or name \"%s\""),
			     code_or_name ? code_or_name : "");
		goto cleanup;
	}
	memset(out, 0, sizeof(*out));
	out->code = xstrdup(found->id);
	const char *name = record_get(found->rec, "course", "name"), *spec = record_get(found->rec, "course", "specialty");
	out->name = xstrdup(name ? name : found->id);
	out->specialty = xstrdup(spec ? spec : "");
	struct buf sn = BUF_INIT;
	name_of(&sn, s, "specialty", out->specialty);
	out->specialty_name = buf_detach(&sn);
cleanup:
	vec_free(&items);
	buf_release(&ids);
	return rc;
}

static void course_name(struct buf *out, struct store *s, const struct record *q)
{
	struct record *c = NULL;
	struct buf path = BUF_INIT;
	const char *spec = get(q, "specialty"), *code = get(q, "course");
	if (spec && code && id_component_valid(spec) && id_component_valid(code))
		buf_printf(&path, "courses/%s/%s.ini", spec, code);
	const char *name = NULL;
	if (path.len && store_read(&c, s, path.ptr, NULL) == 0)
		name = record_get(c, "course", "name");
	buf_puts(out, name ? name : code ? code : "?");
	record_free(c);
	buf_release(&path);
}

/* ---- who may do what ---- */

static int deny(struct jy_err *err, const char *zh, const char *en)
{
	return err_set(err, JY_EPERM, "%s", L(zh, en));
}

static int not_examiner(struct store *s, const struct actor *a, const struct record *q, const char *what_zh,
			const char *what_en, struct jy_err *err)
{
	struct buf sp = BUF_INIT;
	name_of(&sp, s, "specialty", get(q, "specialty"));
	int rc = err_set(err, JY_EPERM,
			 L("只有专业「%s」的命题教师可以%s试题（%s不是这个专业的命题教师）",
			   "only an examiner of the specialty \"%s\" may %s questions (%s is not one)"),
			 sp.ptr, L(what_zh, what_en), a->name ? a->name : "?");
	buf_release(&sp);
	return rc;
}

/* The draft or returned successor of an approved item, if one exists (its id into out). */
static int open_successor(struct buf *out, struct store *s, const struct record *q)
{
	struct vec items = VEC_INIT(store_item_free);
	struct buf where = BUF_INIT, course = BUF_INIT;
	const char *id = get(q, "id");
	int found = 0;
	if (!id)
		return 0;
	buf_printf(&where, "previous=%s", id);
	buf_printf(&course, "course=%s", get(q, "course") ? get(q, "course") : "");
	const char *w[] = { where.ptr, course.ptr, NULL };
	struct store_query qq = { .type = "question", .specialty = get(q, "specialty"), .where = w };
	if (store_list(&items, s, &qq, NULL, NULL) == 0)
		for (size_t i = 0; i < items.len && !found; i++) {
			const struct store_item *it = items.items[i];
			int st = state_of(it->rec);
			if (st == BANK_DRAFT || st == BANK_RETURNED) {
				buf_puts(out, it->id);
				found = 1;
			}
		}
	vec_free(&items);
	buf_release(&where);
	buf_release(&course);
	return found;
}

int bank_may(struct store *s, const struct actor *a, const struct record *q, enum bank_act act, struct jy_err *err)
{
	int rc = actor_can_write(a, err);
	if (rc || a->bootstrap)
		return rc;
	int st = state_of(q);
	const char *spec = get(q, "specialty");
	struct buf id = BUF_INIT, succ = BUF_INIT;
	buf_puts(&id, get(q, "id") ? get(q, "id") : "");
	switch (act) {
	case BANK_ACT_ADD: {
		struct buf path = BUF_INIT;
		if (a->school && id_component_valid(a->school))
			buf_printf(&path, "schools/%s.ini", a->school);
		if (!a->id || !path.len || !store_exists(s, path.ptr))
			rc = err_set(err, JY_EPERM,
				     L("只有集团各校的人员可以命题（%s 没有登记所属学校）", "only people of the group's schools add questions (%s has no school)"),
				     a->name ? a->name : "?");
		buf_release(&path);
		break;
	}
	case BANK_ACT_EDIT:
		if (st == BANK_RETIRED) {
			rc = err_set(err, JY_EINVAL, L("试题 %s 已停用，不能修改", "question %s is retired and cannot change"), id.ptr);
		} else if (st == BANK_SUPERSEDED) {
			rc = err_set(err, JY_EINVAL, L("试题 %s 已被新版本 %s 替代：请修改最新版本", "question %s was superseded by %s: edit the newest version"),
				     id.ptr, get(q, "superseded_by") ? get(q, "superseded_by") : "?");
		} else if (st == BANK_APPROVED) {
			/* Proposing the next version is adding an item. */
			if ((rc = bank_may(s, a, q, BANK_ACT_ADD, err)) == 0 && open_successor(&succ, s, q)) {
				rc = err_set(err, JY_EINVAL,
					     L("试题 %s 已有待审核的新版本 %s：请修改那一版", "question %s already has a new version awaiting review, %s: edit that one"),
					     id.ptr, succ.ptr);
				err_hint(err, "bank-show", succ.ptr);
			}
		} else if (!is_author(a, q) && !examiner_of(a, spec) && !records_lead_of(s, a, spec) &&
			   !(actor_is_admin(a) && a->lead_college)) {
			rc = deny(err, "只有命题人、本专业的命题教师或专业负责人（或牵头学校的管理员）可以修改试题草稿",
				  "only the author, an examiner or lead of the specialty (or a lead-college admin) may edit a draft question");
		}
		break;
	case BANK_ACT_APPROVE:
	case BANK_ACT_RETURN: {
		const char *zh = act == BANK_ACT_APPROVE ? "审核通过" : "退回";
		const char *en = act == BANK_ACT_APPROVE ? "approve" : "return";
		if (!examiner_of(a, spec))
			rc = not_examiner(s, a, q, zh, en, err);
		else if (is_author(a, q))
			rc = deny(err, "命题人不能审核自己的试题：须由本专业另一位命题教师审核",
				  "an author cannot review their own question: another examiner of the specialty must");
		else if (act == BANK_ACT_APPROVE && st != BANK_DRAFT && st != BANK_RETURNED)
			rc = err_set(err, JY_EINVAL, L("试题 %s 当前是「%s」，只有草稿或已退回的试题可以审核通过", "question %s is %s; only drafts and returned questions can be approved"),
				     id.ptr, bank_state_label(st));
		else if (act == BANK_ACT_RETURN && st != BANK_DRAFT)
			rc = err_set(err, JY_EINVAL, L("试题 %s 当前是「%s」，只有草稿可以退回", "question %s is %s; only drafts can be returned"),
				     id.ptr, bank_state_label(st));
		break;
	}
	case BANK_ACT_RETIRE:
		if (st == BANK_RETIRED || st == BANK_SUPERSEDED)
			rc = err_set(err, JY_EINVAL, L("试题 %s 当前是「%s」，不能再停用", "question %s is %s already"), id.ptr, bank_state_label(st));
		else if (!examiner_of(a, spec) && !records_lead_of(s, a, spec) && !(st != BANK_APPROVED && is_author(a, q)))
			rc = deny(err, "只有本专业的命题教师或专业负责人可以停用试题（草稿也可由命题人停用）",
				  "only an examiner or lead of the specialty may retire a question (a draft also its author)");
		break;
	case BANK_ACT_DELETE:
		if (st != BANK_DRAFT && st != BANK_RETURNED)
			rc = err_set(err, JY_EINVAL, L("试题 %s 当前是「%s」：审核过的试题不能删除，可以停用", "question %s is %s: reviewed questions are retired, never deleted"),
				     id.ptr, bank_state_label(st));
		else if (!is_author(a, q) && !(actor_is_admin(a) && a->lead_college))
			rc = deny(err, "只有命题人（或牵头学校的管理员）可以删除试题草稿", "only the author (or a lead-college admin) may delete a draft question");
		break;
	}
	buf_release(&id);
	buf_release(&succ);
	return rc;
}

/* ---- the rules table ---- */

/* 1 when section sec is the same in a and b (absent in both counts as the same). */
static int same_section(const struct record *a, const struct record *b, const char *sec)
{
	long ia = record_section_index(a, sec), ib = record_section_index(b, sec);
	size_t na = ia >= 0 ? record_key_count(a, (size_t)ia) : 0, nb = ib >= 0 ? record_key_count(b, (size_t)ib) : 0;
	if (na != nb)
		return 0;
	for (size_t j = 0; j < na; j++) {
		const char *v = record_get(b, sec, record_key(a, (size_t)ia, j));
		if (!v || strcmp(v, record_value(a, (size_t)ia, j)) != 0)
			return 0;
	}
	return 1;
}

static int permit_create(struct store *s, const struct actor *a, const struct record *next, struct jy_err *err)
{
	int rc = bank_may(s, a, next, BANK_ACT_ADD, err);
	if (rc)
		return rc;
	if (state_of(next) != BANK_DRAFT || reviews_of(next) || get(next, "superseded_by"))
		return deny(err, "新试题只能是草稿，不能带审核记录", "a new question is a draft without reviews");
	if (!same(get(next, "author"), a->id) || !same(get(next, "school"), a->school))
		return deny(err, "新试题的命题人须是本人，学校须是本人所属学校", "a new question's author is the person adding it, and its school theirs");
	const char *prev = get(next, "previous");
	long v = version_of(next);
	if (!prev)
		return v == 1 ? 0 : deny(err, "没有上一版本的试题是第 1 版", "a question without a previous version is version 1");
	struct record *p = NULL;
	struct buf path = BUF_INIT;
	const char *where[] = { get(next, "specialty"), get(next, "course"), prev, NULL };
	if (schema_path_of(&path, qt(), where, NULL) != 0 || !store_locate(&path, s, path.ptr) ||
	    store_read(&p, s, path.ptr, NULL) != 0)
		rc = deny(err, "新版本的上一版本须是同一课程中的试题", "a new version's previous version is a question of the same course");
	else if (state_of(p) != BANK_APPROVED)
		rc = deny(err, "只有已审核的试题才产生新版本（草稿直接修改）", "only an approved question gets a new version (drafts are edited in place)");
	else if (v != version_of(p) + 1)
		rc = deny(err, "新版本的版本号是上一版本加 1", "a new version is numbered one above its previous version");
	record_free(p);
	buf_release(&path);
	return rc;
}

/* The review round appended by a decision, checked against who made it. */
static int one_review(const struct actor *a, const struct record *next, size_t n, const char *verdict, int need_comment,
		      struct jy_err *err)
{
	struct buf sec = BUF_INIT;
	buf_printf(&sec, "review.%zu", n);
	const char *who = record_get(next, sec.ptr, "reviewer"), *v = record_get(next, sec.ptr, "verdict");
	const char *ver = record_get(next, sec.ptr, "version"), *comment = record_get(next, sec.ptr, "comment");
	int ok = who && a->id && strcmp(who, a->id) == 0 && v && strcmp(v, verdict) == 0 && ver &&
		 atol(ver) == version_of(next) && (!need_comment || (comment && *comment));
	buf_release(&sec);
	return ok ? 0
		  : deny(err, "审核要追加一轮本人署名、结论与新状态一致、版本号正确的审核记录（通过和退回须写意见）",
			 "a decision appends one review round signed by the reviewer, matching the new state and version (approve and return need a comment)");
}

static int question_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			   struct jy_err *err)
{
	static const char *const fixed[] = { "id", "specialty", "course", "version", "previous", "author", "school", NULL };
	int rc = actor_can_write(a, err);
	if (rc || a->bootstrap)
		return rc;
	if (!next)
		return bank_may(s, a, prev, BANK_ACT_DELETE, err);
	if (!prev)
		return permit_create(s, a, next, err);
	for (size_t i = 0; fixed[i]; i++)
		if (!same(get(prev, fixed[i]), get(next, fixed[i])))
			return deny(err, "试题的编号、专业、课程、版本、上一版本、命题人和学校不能修改",
				    "a question's id, specialty, course, version, previous version, author and school never change");
	size_t rp = reviews_of(prev), rn = reviews_of(next);
	for (size_t k = 1; k <= rp; k++) {
		struct buf sec = BUF_INIT;
		buf_printf(&sec, "review.%zu", k);
		int kept = same_section(prev, next, sec.ptr);
		buf_release(&sec);
		if (!kept)
			return deny(err, "已有的审核记录不能修改或删除", "earlier reviews cannot change or go");
	}
	if (rn > rp + 1)
		return deny(err, "一次只能追加一轮审核记录", "one review round at a time");
	int from = state_of(prev), to = state_of(next);
	int content = question_same_content(prev, next) && same(get(prev, "similar"), get(next, "similar"));
	if (!content) {
		if (from == BANK_APPROVED) {
			rc = err_set(err, JY_EPERM,
				     L("试题 %s 已审核，不能直接修改：修改会生成第 %ld 版草稿，审核通过后才替换现在这一版",
				       "question %s is approved and never changes in place: an edit makes version %ld, a draft that replaces this one once approved"),
				     get(prev, "id") ? get(prev, "id") : "?", version_of(prev) + 1);
			err_hint(err, "bank-edit", get(prev, "id"));
			return rc;
		}
		if (from == BANK_RETIRED || from == BANK_SUPERSEDED)
			return err_set(err, JY_EPERM, L("试题 %s %s，不能再修改", "question %s is %s and cannot change any more"),
				       get(prev, "id") ? get(prev, "id") : "?", bank_state_label(from));
		if ((rc = bank_may(s, a, prev, BANK_ACT_EDIT, err)))
			return rc;
		if (rn != rp || (to != BANK_DRAFT && to != from) || !same(get(prev, "superseded_by"), get(next, "superseded_by")))
			return deny(err, "修改试题内容时不能同时审核或改变状态", "editing a question's content does not review it or change its state");
		return 0;
	}
	if (!same(get(prev, "superseded_by"), get(next, "superseded_by"))) {
		if (from != BANK_APPROVED || to != BANK_SUPERSEDED || get(prev, "superseded_by") || rn != rp)
			return deny(err, "只有已审核的试题在新版本通过时标记为已被替代", "only an approved question is marked superseded, when its next version is approved");
		if (!examiner_of(a, get(prev, "specialty")) && !records_lead_of(s, a, get(prev, "specialty")))
			return not_examiner(s, a, prev, "替换", "supersede", err);
		return 0;
	}
	if (from == to && rn == rp)
		return 0; /* nothing that matters changed */
	if (to == BANK_APPROVED && (from == BANK_DRAFT || from == BANK_RETURNED)) {
		if ((rc = bank_may(s, a, prev, BANK_ACT_APPROVE, err)))
			return rc;
		return one_review(a, next, rp + 1, "approve", 1, err);
	}
	if (to == BANK_RETURNED && from == BANK_DRAFT) {
		if ((rc = bank_may(s, a, prev, BANK_ACT_RETURN, err)))
			return rc;
		return one_review(a, next, rp + 1, "return", 1, err);
	}
	if (to == BANK_RETIRED && (from == BANK_DRAFT || from == BANK_RETURNED || from == BANK_APPROVED)) {
		if ((rc = bank_may(s, a, prev, BANK_ACT_RETIRE, err)))
			return rc;
		return one_review(a, next, rp + 1, "retire", 0, err);
	}
	if (to == BANK_DRAFT && from == BANK_RETURNED && rn == rp)
		return bank_may(s, a, prev, BANK_ACT_EDIT, err);
	return deny(err, "不是试题允许的变化（草稿→已审核/已退回，已退回→草稿/已审核，→已停用；已审核的试题不直接修改）",
		    "not a change a question may make (draft → approved/returned, returned → draft/approved, → retired; approved ones never change in place)");
}

/* What a new item gets from the person adding it. */
static void fill_new(const struct actor *a, struct record *r)
{
	if (!get(r, "state"))
		record_set(r, "question", "state", "draft");
	if (!get(r, "version"))
		record_set(r, "question", "version", "1");
	if (!get(r, "author") && a && a->id)
		record_set(r, "question", "author", a->id);
	if (!get(r, "school") && a && a->school)
		record_set(r, "question", "school", a->school);
}

static void set_specialty(struct store *s, struct record *r)
{
	struct bank_course c;
	if (get(r, "specialty") || !get(r, "course"))
		return;
	if (bank_course(&c, s, get(r, "course"), NULL) == 0) {
		record_set(r, "question", "specialty", c.specialty);
		bank_course_release(&c);
	}
}

static int dup_refusal(struct jy_err *err, const struct record *q, const struct vec *matches);

static int question_complete(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	struct vec matches = VEC_INIT(bank_match_free);
	fill_new(a, r);
	set_specialty(s, r);
	question_normalise(r);
	int rc = bank_similar(&matches, s, r, err);
	if (rc == 0)
		rc = dup_refusal(err, r, &matches);
	vec_free(&matches);
	return rc;
}

static int question_derive(struct store *s, struct record *r, struct jy_err *err)
{
	(void)s, (void)err;
	question_normalise(r);
	return 0;
}

static void question_validate(struct store *s, const struct record *r, struct vec *problems)
{
	int st = state_of(r);
	long v = version_of(r);
	question_check(r, problems);
	if (st == BANK_APPROVED || st == BANK_SUPERSEDED)
		question_check_approvable(r, problems);
	if ((v > 1) != (get(r, "previous") != NULL))
		vec_push_str(problems, L("第 1 版没有上一版本，之后的版本都有（question.previous）",
					 "version 1 has no previous version and every later one has (question.previous)"));
	if ((st == BANK_SUPERSEDED) != (get(r, "superseded_by") != NULL))
		vec_push_str(problems, L("只有已被替代的试题记录替代它的版本（question.superseded_by）",
					 "only a superseded question names what superseded it (question.superseded_by)"));
	const char *spec = get(r, "specialty"), *course = get(r, "course");
	if (spec && course && id_component_valid(spec) && id_component_valid(course)) {
		struct buf path = BUF_INIT;
		buf_printf(&path, "courses/%s/%s.ini", spec, course);
		if (!store_exists(s, path.ptr)) {
			struct jy_err e = JY_ERR_INIT;
			err_set(&e, JY_EINVAL, L("字段「课程代码」(question.course)：专业 %s 没有课程 %s（%s 不存在）",
						 "field \"course code\" (question.course): the specialty %s has no course %s (no %s)"),
				spec, course, path.ptr);
			vec_push_str(problems, e.msg);
		}
		buf_release(&path);
	}
}

static void question_describe(struct buf *out, struct store *s, const struct record *r)
{
	struct buf label = BUF_INIT;
	const struct field_def *f = schema_field(qt(), "question", "type");
	buf_puts(out, "《");
	course_name(out, s, r);
	buf_puts(out, "》");
	schema_value_label(out, f, get(r, "type"));
	label_of(&label, r);
	buf_printf(out, L("「%s」（第 %ld 版）", " \"%s\" (version %ld)"), label.ptr, version_of(r));
	buf_release(&label);
}

const struct type_ops question_type_ops = {
	.type = "question",
	.complete = question_complete,
	.derive = question_derive,
	.validate = question_validate,
	.permit = question_permit,
	.describe = question_describe,
};

/* ---- reading ---- */

int bank_load(struct record **out, struct buf *path_out, struct store *s, const char *id, struct jy_err *err)
{
	struct buf path = BUF_INIT, spec = BUF_INIT;
	int rc;
	if (!strchr(id, '/'))
		buf_printf(&spec, "question/%s", id);
	else
		buf_puts(&spec, id);
	rc = store_resolve(&path, s, spec.ptr, err);
	if (rc == 0 && schema_type_of_path(path.ptr) != qt())
		rc = err_set(err, JY_ENOTFOUND, L("「%s」不是试题", "\"%s\" is not a question"), id);
	if (rc == JY_ENOTFOUND && !err->msg[0])
		err_set(err, JY_ENOTFOUND, L("没有试题「%s」", "no question \"%s\""), id);
	if (rc == 0)
		rc = store_read(out, s, path.ptr, err);
	if (rc == 0 && path_out)
		buf_puts(path_out, path.ptr);
	buf_release(&path);
	buf_release(&spec);
	return rc;
}

static int matches_filter(const struct record *q, const struct bank_filter *f)
{
	if (f->difficulty) {
		const char *d = get(q, "difficulty");
		if (!d || atoi(d) != f->difficulty)
			return 0;
	}
	if (f->live) {
		int st = state_of(q);
		if (st != BANK_DRAFT && st != BANK_RETURNED && st != BANK_APPROVED)
			return 0;
	}
	if (f->text && *f->text) {
		int hit = text_contains(get(q, "stem") ? get(q, "stem") : "", f->text) ||
			  text_contains(get(q, "point") ? get(q, "point") : "", f->text);
		long oi = record_section_index(q, "options");
		for (size_t j = 0; !hit && oi >= 0 && j < record_key_count(q, (size_t)oi); j++)
			hit = text_contains(record_value(q, (size_t)oi, j), f->text);
		if (!hit)
			return 0;
	}
	return 1;
}

int bank_list(struct vec *out, struct store *s, const struct bank_filter *f, struct jy_err *err)
{
	static const struct bank_filter none = { 0 };
	struct vec items = VEC_INIT(store_item_free), where = VEC_INIT(free);
	const char *keys[] = { "course", "chapter", "type", "state", "level" };
	const char *w[sizeof(keys) / sizeof(keys[0]) + 1];
	size_t nw = 0;
	if (!f)
		f = &none;
	const char *vals[] = { f->course, f->chapter, f->type, f->state, f->level };
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (vals[i] && *vals[i]) {
			vec_push(&where, xasprintf("%s=%s", keys[i], vals[i]));
			w[nw++] = where.items[where.len - 1];
		}
	w[nw] = NULL;
	struct store_query q = { .type = "question", .specialty = f->specialty && *f->specialty ? f->specialty : NULL,
				 .where = w };
	int rc = store_list(&items, s, &q, NULL, err);
	for (size_t i = 0; rc == 0 && i < items.len; i++) {
		struct store_item *it = items.items[i];
		if (matches_filter(it->rec, f)) {
			vec_push(out, it);
			items.items[i] = NULL;
		}
	}
	vec_free(&items);
	vec_free(&where);
	return rc;
}

/* ---- duplicates ---- */

void bank_match_free(void *p)
{
	struct bank_match *m = p;
	if (!m)
		return;
	free(m->id);
	free(m->label);
	free(m->state);
	free(m);
}

double bank_threshold(struct store *s)
{
	struct record *group = NULL;
	double t = 0.8, v;
	if (store_read(&group, s, "group.ini", NULL) == 0) {
		const char *sv = record_get(group, "bank", "similarity");
		if (sv && schema_parse_number(sv, &v) == 0 && v > 0 && v <= 1)
			t = v;
	}
	record_free(group);
	return t;
}

/* The first words of the stem: what tells two similar items apart. */
static void stem_label(struct buf *out, const struct record *q)
{
	const char *stem = get(q, "stem");
	size_t len = stem ? strlen(stem) : 0, i = 0, chars = 0;
	while (i < len && chars < 30) {
		uint32_t c;
		size_t n = text_decode(stem + i, len - i, &c, NULL);
		if (c == '\n' || c == '\t')
			buf_putc(out, ' ');
		else
			buf_add(out, stem + i, n);
		i += n;
		chars++;
	}
	if (i < len)
		buf_puts(out, "…");
}

/* An item as duplicates are judged: its key and grams, and what to skip. */
struct pooled {
	char *id, *previous, *label, *state, *key;
	size_t line; /* of an import file, 0 when stored */
	struct textsim grams;
};

static void pooled_free(void *p)
{
	struct pooled *x = p;
	if (!x)
		return;
	free(x->id);
	free(x->previous);
	free(x->label);
	free(x->state);
	free(x->key);
	textsim_release(&x->grams);
	free(x);
}

static struct pooled *pooled_new(const struct record *q, size_t line)
{
	struct pooled *x = xcalloc(1, sizeof(*x));
	struct buf b = BUF_INIT;
	x->id = xstrdup(get(q, "id") ? get(q, "id") : "");
	x->previous = xstrdup(get(q, "previous") ? get(q, "previous") : "");
	x->state = xstrdup(get(q, "state") ? get(q, "state") : "");
	stem_label(&b, q);
	x->label = buf_detach(&b);
	question_dup_key(&b, q);
	x->key = buf_detach(&b);
	x->line = line;
	textsim_init(&x->grams);
	question_grams(&x->grams, q);
	return x;
}

/* The live items of a course, as a pool (struct pooled *). */
static int pool_load(struct vec *pool, struct store *s, const char *spec, const char *course, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free);
	struct bank_filter f = { .specialty = spec, .course = course, .live = 1 };
	int rc = bank_list(&items, s, &f, err);
	for (size_t i = 0; rc == 0 && i < items.len; i++)
		vec_push(pool, pooled_new(((struct store_item *)items.items[i])->rec, 0));
	vec_free(&items);
	return rc;
}

static int match_cmp(const void *a, const void *b)
{
	const struct bank_match *x = a, *y = b;
	if (x->exact != y->exact)
		return y->exact - x->exact;
	if (x->similarity != y->similarity)
		return x->similarity > y->similarity ? -1 : 1;
	return strcmp(x->id, y->id);
}

/* Appends the pool's matches of one item (itself as pooled). */
static void pool_match(struct vec *matches, const struct vec *pool, struct pooled *q, double threshold)
{
	for (size_t i = 0; i < pool->len; i++) {
		struct pooled *p = pool->items[i];
		if ((*q->id && strcmp(p->id, q->id) == 0) || (*q->previous && strcmp(p->id, q->previous) == 0) ||
		    (*q->id && strcmp(p->previous, q->id) == 0))
			continue;
		int exact = strcmp(p->key, q->key) == 0;
		double sim = 1;
		if (!exact) {
			if (textsim_bound(&p->grams, &q->grams) < threshold)
				continue;
			sim = textsim_dice(&p->grams, &q->grams);
			if (sim < threshold)
				continue;
		}
		struct bank_match *m = xcalloc(1, sizeof(*m));
		m->id = xstrdup(p->id);
		m->label = xstrdup(p->label);
		m->state = xstrdup(p->state);
		m->similarity = sim;
		m->exact = exact;
		vec_push(matches, m);
	}
	vec_sort(matches, match_cmp);
}

int bank_similar(struct vec *matches, struct store *s, const struct record *q, struct jy_err *err)
{
	struct vec pool = VEC_INIT(pooled_free);
	if (!get(q, "specialty") || !get(q, "course"))
		return 0;
	int rc = pool_load(&pool, s, get(q, "specialty"), get(q, "course"), err);
	if (rc == 0) {
		struct pooled *me = pooled_new(q, 0);
		pool_match(matches, &pool, me, bank_threshold(s));
		pooled_free(me);
	}
	vec_free(&pool);
	return rc;
}

/* Lists up to three matches: "ID「label」（相似度 0.86）". */
static void describe_matches(struct buf *out, const struct vec *matches, int exact)
{
	size_t shown = 0;
	for (size_t i = 0; i < matches->len && shown < 3; i++) {
		const struct bank_match *m = matches->items[i];
		if (m->exact != exact)
			continue;
		buf_printf(out, "%s%s「%s」", shown++ ? L("；", "; ") : "", m->id, m->label);
		if (!exact)
			buf_printf(out, L("（相似度 %.2f）", " (similarity %.2f)"), m->similarity);
	}
}

/* Near matches of q not yet confirmed in question.similar. */
static size_t unconfirmed(const struct record *q, const struct vec *matches)
{
	struct vec ok = VEC_INIT(free);
	size_t n = 0;
	vec_split(&ok, get(q, "similar"), ',');
	for (size_t i = 0; i < matches->len; i++) {
		const struct bank_match *m = matches->items[i];
		n += m->exact || !vec_has_str(&ok, m->id);
	}
	vec_free(&ok);
	return n;
}

static int dup_refusal(struct jy_err *err, const struct record *q, const struct vec *matches)
{
	struct buf list = BUF_INIT;
	int rc = 0;
	if (matches->len && ((const struct bank_match *)matches->items[0])->exact) {
		describe_matches(&list, matches, 1);
		rc = err_set(err, JY_EEXISTS,
			     L("与已有试题重复（去掉空格、标点，统一全角半角、不计选项顺序后题干和选项相同）：%s",
			       "duplicates an existing question (same stem and options once spaces, punctuation, full-width forms and option order are set aside): %s"),
			     list.ptr);
	} else if (unconfirmed(q, matches)) {
		describe_matches(&list, matches, 0);
		rc = err_set(err, JY_EEXISTS,
			     L("与已有试题相似：%s。确认不是同一道题时，可以强制添加（会记录在 question.similar 中）",
			       "is similar to existing questions: %s. If it is a different question, add it with force (recorded in question.similar)"),
			     list.ptr);
		err_hint(err, "bank-force", "");
	}
	buf_release(&list);
	return rc;
}

/* Adds the ids of q's near matches to question.similar (what "force" confirms). */
static void confirm_similar(struct record *q, const struct vec *matches)
{
	struct vec ids = VEC_INIT(free);
	struct buf v = BUF_INIT;
	vec_split(&ids, get(q, "similar"), ',');
	for (size_t i = 0; i < matches->len; i++) {
		const struct bank_match *m = matches->items[i];
		if (!m->exact && !vec_has_str(&ids, m->id))
			vec_push_str(&ids, m->id);
	}
	for (size_t i = 0; i < ids.len; i++)
		buf_printf(&v, "%s%s", i ? "," : "", (char *)ids.items[i]);
	if (v.len)
		record_set(q, "question", "similar", v.ptr);
	vec_free(&ids);
	buf_release(&v);
}

void bank_cluster_free(void *p)
{
	struct bank_cluster *c = p;
	if (!c)
		return;
	vec_free(&c->members);
	free(c);
}

static size_t uf_find(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

static int cluster_cmp(const void *a, const void *b)
{
	const struct bank_cluster *x = a, *y = b;
	if (x->members.len != y->members.len)
		return x->members.len > y->members.len ? -1 : 1;
	return x->max > y->max ? -1 : x->max < y->max;
}

/* The clusters of one pool. */
static void clusters_of(struct vec *out, struct vec *pool, double threshold)
{
	size_t n = pool->len;
	size_t *parent = xcalloc(n ? n : 1, sizeof(*parent));
	double *best = xcalloc(n ? n : 1, sizeof(*best));
	for (size_t i = 0; i < n; i++)
		parent[i] = i;
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			struct pooled *a = pool->items[i], *b = pool->items[j];
			if (strcmp(a->previous, b->id) == 0 || strcmp(b->previous, a->id) == 0)
				continue;
			double sim = strcmp(a->key, b->key) == 0 ? 1 : textsim_bound(&a->grams, &b->grams) < threshold ? 0
												  : textsim_dice(&a->grams, &b->grams);
			if (sim < threshold)
				continue;
			size_t ra = uf_find(parent, i), rb = uf_find(parent, j);
			if (ra != rb)
				parent[rb > ra ? rb : ra] = rb > ra ? ra : rb;
			size_t r = uf_find(parent, i);
			if (sim > best[r])
				best[r] = sim;
			if (sim > best[i])
				best[i] = sim;
		}
	for (size_t r = 0; r < n; r++) {
		if (uf_find(parent, r) != r)
			continue;
		struct bank_cluster *c = xcalloc(1, sizeof(*c));
		vec_init(&c->members, bank_match_free);
		struct pooled *first = pool->items[r];
		for (size_t i = r; i < n; i++) {
			if (uf_find(parent, i) != r)
				continue;
			struct pooled *p = pool->items[i];
			struct bank_match *m = xcalloc(1, sizeof(*m));
			m->id = xstrdup(p->id);
			m->label = xstrdup(p->label);
			m->state = xstrdup(p->state);
			m->exact = i == r || strcmp(p->key, first->key) == 0;
			m->similarity = m->exact ? 1 : textsim_dice(&p->grams, &first->grams);
			vec_push(&c->members, m);
			if (best[i] > c->max)
				c->max = best[i];
		}
		if (c->members.len > 1)
			vec_push(out, c);
		else
			bank_cluster_free(c);
	}
	free(parent);
	free(best);
}

int bank_dups(struct vec *clusters, struct store *s, const char *course, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free), pool = VEC_INIT(pooled_free), found = VEC_INIT(NULL);
	struct bank_course c = { 0 };
	struct bank_filter f = { .live = 1 };
	double threshold = bank_threshold(s);
	int rc = 0;
	if (course) {
		if ((rc = bank_course(&c, s, course, err)))
			return rc;
		f.specialty = c.specialty;
		f.course = c.code;
	}
	if ((rc = bank_list(&items, s, &f, err)))
		goto cleanup;
	/* Items come in path order, so each course's items are together. */
	const char *cur = NULL;
	for (size_t i = 0; i <= items.len; i++) {
		const struct store_item *it = i < items.len ? items.items[i] : NULL;
		const char *key = it ? get(it->rec, "course") : NULL;
		if (!it || !cur || strcmp(cur, key ? key : "") != 0) {
			clusters_of(&found, &pool, threshold);
			vec_clear(&pool);
			cur = key ? key : "";
		}
		if (it)
			vec_push(&pool, pooled_new(it->rec, 0));
	}
	vec_sort(&found, cluster_cmp);
	for (size_t i = 0; i < found.len; i++)
		vec_push(clusters, found.items[i]);
cleanup:
	bank_course_release(&c);
	vec_free(&items);
	vec_free(&pool);
	vec_free(&found);
	return rc;
}

/* ---- writing ---- */

int bank_add(struct buf *id_out, struct store *s, const struct actor *a, const struct record *q, int force,
	     struct jy_err *err)
{
	struct record *work = record_dup(q);
	struct vec matches = VEC_INIT(bank_match_free);
	int rc = 0;
	set_specialty(s, work);
	question_normalise(work);
	if (force && (rc = bank_similar(&matches, s, work, err)) == 0)
		confirm_similar(work, &matches);
	if (rc == 0)
		rc = records_add(id_out, s, a, qt(), work, err);
	record_free(work);
	vec_free(&matches);
	return rc;
}

/* Content keys of [question] and the item's own sections. */
static int content_key(const char *sec, const char *key)
{
	static const char *const keys[] = { "id", "specialty", "course", "version", "previous", "author", "school", "state",
					    "superseded_by", "similar", NULL };
	if (strncmp(sec, "review.", 7) == 0)
		return 0;
	if (strcmp(sec, "question") != 0)
		return 1;
	for (size_t i = 0; keys[i]; i++)
		if (strcmp(keys[i], key) == 0)
			return 0;
	return 1;
}

/* dst keeps its bookkeeping and takes src's content. */
static void take_content(struct record *dst, const struct record *src)
{
	struct vec drop = VEC_INIT(free);
	for (size_t i = 0; i < record_section_count(dst); i++)
		for (size_t j = 0; j < record_key_count(dst, i); j++)
			if (content_key(record_section(dst, i), record_key(dst, i, j)))
				vec_push(&drop, xasprintf("%s\n%s", record_section(dst, i), record_key(dst, i, j)));
	for (size_t k = 0; k < drop.len; k++) {
		char *nl = strchr(drop.items[k], '\n');
		*nl = '\0';
		record_unset(dst, drop.items[k], nl + 1);
	}
	static const char *const secs[] = { "options", "weights", "feedback", NULL };
	for (size_t k = 0; secs[k]; k++)
		if (record_has_section(dst, secs[k]))
			record_remove_section(dst, secs[k]);
	for (size_t i = 0; i < record_section_count(src); i++)
		for (size_t j = 0; j < record_key_count(src, i); j++)
			if (content_key(record_section(src, i), record_key(src, i, j)))
				record_set(dst, record_section(src, i), record_key(src, i, j), record_value(src, i, j));
	vec_free(&drop);
}

int bank_edit(struct buf *id_out, struct store *s, const struct actor *a, const char *id, const struct record *next,
	      int force, struct jy_err *err)
{
	struct record *prev = NULL, *work = NULL;
	struct buf path = BUF_INIT;
	struct vec matches = VEC_INIT(bank_match_free);
	int rc = store_refresh(s, err);
	if (rc || (rc = bank_load(&prev, &path, s, id, err)) || (rc = bank_may(s, a, prev, BANK_ACT_EDIT, err)))
		goto cleanup;
	if (state_of(prev) == BANK_APPROVED) {
		char v[24];
		work = record_new();
		record_set(work, "question", "specialty", get(prev, "specialty"));
		record_set(work, "question", "course", get(prev, "course"));
		snprintf(v, sizeof(v), "%ld", version_of(prev) + 1);
		record_set(work, "question", "version", v);
		record_set(work, "question", "previous", get(prev, "id"));
		take_content(work, next);
		question_normalise(work);
		if (force && (rc = bank_similar(&matches, s, work, err)) == 0)
			confirm_similar(work, &matches);
		if (rc == 0)
			rc = records_add(id_out, s, a, qt(), work, err);
		goto cleanup;
	}
	work = record_dup(prev);
	take_content(work, next);
	if (state_of(work) == BANK_RETURNED)
		record_set(work, "question", "state", "draft");
	question_normalise(work);
	if ((rc = bank_similar(&matches, s, work, err)))
		goto cleanup;
	if (force)
		confirm_similar(work, &matches);
	if ((rc = dup_refusal(err, work, &matches)))
		goto cleanup;
	rc = records_update(s, a, path.ptr, work, L("修改", "edit "), err);
	if (rc == 0 && id_out)
		buf_puts(id_out, get(prev, "id"));
cleanup:
	record_free(prev);
	record_free(work);
	buf_release(&path);
	vec_free(&matches);
	return rc;
}

/* Validates, permits and stages one changed record. */
static int stage(struct store_txn *txn, struct store *s, const struct actor *a, const char *path, const struct record *prev,
		 const struct record *next, struct jy_err *err)
{
	struct record *canon = schema_canonical(qt(), next);
	int rc = records_validate(s, qt(), canon, err);
	if (rc == 0)
		rc = records_permit(s, a, qt(), prev, canon, err);
	if (rc == 0)
		rc = store_txn_put(txn, path, canon, err);
	record_free(canon);
	return rc;
}

int bank_review(struct store *s, const struct actor *a, const char *id, enum bank_verdict v, const char *comment,
		struct jy_err *err)
{
	static const char *const verdicts[] = { "approve", "return", "retire" };
	static const enum bank_act acts[] = { BANK_ACT_APPROVE, BANK_ACT_RETURN, BANK_ACT_RETIRE };
	static const char *const states[] = { "approved", "returned", "retired" };
	struct store_txn *txn = NULL;
	struct record *prev = NULL, *next = NULL, *older = NULL, *older_next = NULL;
	struct buf path = BUF_INIT, sec = BUF_INIT, msg = BUF_INIT, older_path = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	struct store_sig sig;
	char when[17], ver[24];
	int rc = store_refresh(s, err);
	if (rc || (rc = bank_load(&prev, &path, s, id, err)))
		goto cleanup;
	record_free(prev);
	prev = NULL;
	if ((rc = store_txn_begin(&txn, s, err)) || (rc = store_txn_read(&prev, txn, path.ptr, err)) ||
	    (rc = bank_may(s, a, prev, acts[v], err)))
		goto cleanup;
	if (v != BANK_RETIRE && !(comment && *comment)) {
		rc = err_set(err, JY_EINVAL, "%s", v == BANK_APPROVE ? L("审核通过须写审核意见", "an approval needs a comment")
								     : L("退回须写明要修改什么", "a return needs a comment saying what to change"));
		goto cleanup;
	}
	next = record_dup(prev);
	if (v == BANK_APPROVE && question_check_approvable(next, &problems)) {
		struct buf all = BUF_INIT;
		for (size_t i = 0; i < problems.len; i++)
			buf_printf(&all, "%s%s", i ? L("；", "; ") : "", (char *)problems.items[i]);
		rc = err_set(err, JY_EINVAL, L("还不能审核通过：%s", "cannot be approved yet: %s"), all.ptr);
		buf_release(&all);
		goto cleanup;
	}
	buf_printf(&sec, "review.%zu", reviews_of(prev) + 1);
	id_datetime(when, id_now());
	snprintf(ver, sizeof(ver), "%ld", version_of(prev));
	record_set(next, sec.ptr, "reviewer", a->id ? a->id : "");
	record_set(next, sec.ptr, "at", when);
	record_set(next, sec.ptr, "version", ver);
	record_set(next, sec.ptr, "verdict", verdicts[v]);
	if (comment && *comment)
		record_set(next, sec.ptr, "comment", comment);
	record_set(next, "question", "state", states[v]);
	if ((rc = stage(txn, s, a, path.ptr, prev, next, err)))
		goto cleanup;
	/* The approved version it replaces steps aside in the same commit. */
	const char *was = get(prev, "previous");
	if (v == BANK_APPROVE && was) {
		const char *where[] = { get(prev, "specialty"), get(prev, "course"), was, NULL };
		if (schema_path_of(&older_path, qt(), where, NULL) == 0 && store_locate(&older_path, s, older_path.ptr) &&
		    store_txn_read(&older, txn, older_path.ptr, NULL) == 0 && state_of(older) == BANK_APPROVED) {
			older_next = record_dup(older);
			record_set(older_next, "question", "state", "superseded");
			record_set(older_next, "question", "superseded_by", get(prev, "id"));
			if ((rc = stage(txn, s, a, older_path.ptr, older, older_next, err)))
				goto cleanup;
		}
	}
	records_message(&msg, s, qt(), next,
			v == BANK_APPROVE ? L("审核通过", "approve ") : v == BANK_RETURN ? L("退回", "return ") : L("停用", "retire "));
	if (older_next)
		buf_printf(&msg, L("，替代第 %ld 版", ", replacing version %ld"), version_of(older));
	actor_sig(a, &sig);
	rc = store_txn_commit(txn, &sig, msg.ptr, NULL, err);
cleanup:
	store_txn_free(txn);
	record_free(prev);
	record_free(next);
	record_free(older);
	record_free(older_next);
	buf_release(&path);
	buf_release(&sec);
	buf_release(&msg);
	buf_release(&older_path);
	vec_free(&problems);
	return rc;
}

int bank_delete(struct store *s, const struct actor *a, const char *id, struct jy_err *err)
{
	struct store_txn *txn = NULL;
	struct record *prev = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT;
	struct store_sig sig;
	int rc = store_refresh(s, err);
	if (rc || (rc = bank_load(&prev, &path, s, id, err)) || (rc = records_permit(s, a, qt(), prev, NULL, err)))
		goto cleanup;
	if ((rc = store_txn_begin(&txn, s, err)) || (rc = store_txn_delete(txn, path.ptr, err)))
		goto cleanup;
	records_message(&msg, s, qt(), prev, L("删除", "delete "));
	actor_sig(a, &sig);
	rc = store_txn_commit(txn, &sig, msg.ptr, NULL, err);
cleanup:
	store_txn_free(txn);
	record_free(prev);
	buf_release(&path);
	buf_release(&msg);
	return rc;
}

/* ---- import and export ---- */

void bank_import_init(struct bank_import_result *r)
{
	memset(r, 0, sizeof(*r));
	vec_init(&r->ids, free);
	vec_init(&r->problems, free);
	vec_init(&r->notes, free);
}

void bank_import_release(struct bank_import_result *r)
{
	vec_free(&r->ids);
	vec_free(&r->problems);
	vec_free(&r->notes);
}

static void item_problem(struct vec *problems, const struct question_item *it, const char *msg)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, L("第 %zu 行：题目「%s」：%s", "line %zu: question \"%s\": %s"), it->line, it->label, msg);
	vec_push(problems, buf_detach(&b));
}

static size_t line_in(const char *msg)
{
	while (*msg && (*msg < '0' || *msg > '9'))
		msg++;
	return (size_t)strtoul(msg, NULL, 10);
}

/* Problems of the file and of the bank in one list, by line (insertion sort: stable, and lists are short). */
static void sort_by_line(struct vec *v)
{
	for (size_t i = 1; i < v->len; i++) {
		void *x = v->items[i];
		size_t j = i;
		while (j > 0 && line_in(v->items[j - 1]) > line_in(x)) {
			v->items[j] = v->items[j - 1];
			j--;
		}
		v->items[j] = x;
	}
}

/* Screens items against the course's bank and each other, then commits the good ones (or none). */
static int add_checked(struct bank_import_result *res, struct store *s, const struct actor *a, const struct bank_course *c,
		       const struct vec *items, int skip_bad, int force, const char *verb, struct jy_err *err)
{
	struct vec pool = VEC_INIT(pooled_free), matches = VEC_INIT(bank_match_free);
	struct store_txn *txn = NULL;
	struct record *proto = record_new();
	struct buf msg = BUF_INIT, path = BUF_INIT, list = BUF_INIT;
	struct records_limits lim;
	struct jy_err e = JY_ERR_INIT;
	double threshold = bank_threshold(s);
	size_t near = 0, good = 0;
	int rc;
	record_set(proto, "question", "specialty", c->specialty);
	record_set(proto, "question", "course", c->code);
	records_limits(&lim, s);
	if ((rc = store_refresh(s, err)) || (rc = bank_may(s, a, proto, BANK_ACT_ADD, err)))
		goto cleanup;
	if (items->len + res->problems.len > lim.import_rows) {
		rc = err_set(err, JY_EINVAL, L("一次最多导入 %zu 道题（group.ini [limits] import_rows），这里有 %zu 道",
					       "at most %zu questions an import (group.ini [limits] import_rows); this has %zu"),
			     lim.import_rows, items->len + res->problems.len);
		goto cleanup;
	}
	if ((rc = pool_load(&pool, s, c->specialty, c->code, err)) || (rc = store_txn_begin(&txn, s, err)))
		goto cleanup;
	for (size_t i = 0; i < items->len; i++) {
		const struct question_item *it = items->items[i];
		struct record *r = record_dup(it->q), *canon = NULL;
		char id[ID_LEN + 1];
		id_new(id);
		record_set(r, "question", "id", id);
		record_set(r, "question", "specialty", c->specialty);
		record_set(r, "question", "course", c->code);
		record_unset(r, "question", "similar");
		fill_new(a, r);
		question_normalise(r);
		canon = schema_canonical(qt(), r);
		if (records_permit(s, a, qt(), NULL, canon, &e) != 0 || records_validate(s, qt(), canon, &e) != 0) {
			item_problem(&res->problems, it, e.msg);
			goto next;
		}
		struct pooled *me = pooled_new(canon, it->line);
		vec_clear(&matches);
		pool_match(&matches, &pool, me, threshold);
		if (matches.len) {
			const struct bank_match *m = matches.items[0];
			buf_reset(&list);
			/* An earlier question of the same file is named by its line, not by an id nobody has seen yet. */
			for (size_t k = 0; k < matches.len; k++) {
				struct bank_match *mk = matches.items[k];
				for (size_t j = 0; j < pool.len; j++) {
					const struct pooled *p = pool.items[j];
					if (p->line && strcmp(p->id, mk->id) == 0) {
						free(mk->id);
						mk->id = xasprintf(L("本文件第 %zu 行的题目", "the question on line %zu"), p->line);
					}
				}
			}
			if (m->exact) {
				describe_matches(&list, &matches, 1);
				err_set(&e, JY_EEXISTS, L("与已有试题重复（规范化后题干和选项相同）：%s", "duplicates an existing question (same stem and options once normalised): %s"),
					list.ptr);
				item_problem(&res->problems, it, e.msg);
				pooled_free(me);
				goto next;
			}
			describe_matches(&list, &matches, 0);
			if (!force) {
				err_set(&e, JY_EEXISTS, L("与已有试题相似：%s", "is similar to existing questions: %s"), list.ptr);
				item_problem(&res->problems, it, e.msg);
				near++;
				pooled_free(me);
				goto next;
			}
			err_set(&e, 0, L("与已有试题相似，按要求仍然导入：%s", "similar to existing questions, imported as asked: %s"), list.ptr);
			item_problem(&res->notes, it, e.msg);
			vec_clear(&matches);
			pool_match(&matches, &pool, me, threshold);
			confirm_similar(canon, &matches);
		}
		buf_reset(&path);
		if (schema_path(&path, qt(), canon, &e) != 0 || store_txn_put(txn, path.ptr, canon, &e) != 0) {
			item_problem(&res->problems, it, e.msg);
			pooled_free(me);
			goto next;
		}
		vec_push(&pool, me);
		vec_push_str(&res->ids, id);
		good++;
	next:
		record_free(r);
		record_free(canon);
	}
	sort_by_line(&res->problems);
	if (res->problems.len && !skip_bad) {
		rc = err_set(err, JY_EINVAL, L("有 %zu 道题不能导入，什么也没有写入；第一处：%s", "%zu questions cannot be imported, nothing was written; the first: %s"),
			     res->problems.len, (char *)res->problems.items[0]);
		if (near)
			err_hint(err, "bank-force", "");
		vec_clear(&res->ids);
		goto cleanup;
	}
	if (!good) {
		rc = err_set(err, JY_EINVAL, "%s", res->problems.len ? L("没有可以导入的题目", "no question can be imported")
								     : L("没有读到题目", "no questions found"));
		goto cleanup;
	}
	buf_printf(&msg, L("%s试题：《%s》%zu 道", "%squestions: %s, %zu"), verb, c->name, good);
	struct store_sig sig;
	actor_sig(a, &sig);
	rc = store_txn_commit(txn, &sig, msg.ptr, NULL, err);
	if (rc)
		vec_clear(&res->ids);
cleanup:
	store_txn_free(txn);
	record_free(proto);
	vec_free(&pool);
	vec_free(&matches);
	buf_release(&msg);
	buf_release(&path);
	buf_release(&list);
	return rc;
}

int bank_add_items(struct bank_import_result *res, struct store *s, const struct actor *a, const char *course,
		   const struct vec *items, int skip_bad, int force, const char *verb, struct jy_err *err)
{
	struct bank_course c;
	int rc = bank_course(&c, s, course, err);
	if (rc)
		return rc;
	rc = add_checked(res, s, a, &c, items, skip_bad, force, verb, err);
	bank_course_release(&c);
	return rc;
}

/* The line of the first byte that is not UTF-8 (after a BOM). */
static size_t first_bad_line(const char *data, size_t len)
{
	size_t off = 0, line = 1;
	if (len >= 3 && memcmp(data, CSV_UTF8_BOM, 3) == 0)
		data += 3, len -= 3;
	if (text_utf8_valid(data, len, &off) == 0)
		return 0;
	for (size_t i = 0; i < off; i++)
		if (data[i] == '\n' || (data[i] == '\r' && (i + 1 >= len || data[i + 1] != '\n')))
			line++;
	return line;
}

int bank_import(struct bank_import_result *res, struct store *s, const struct actor *a, const char *course,
		const char *data, size_t len, const struct bank_import_opts *opts, struct jy_err *err)
{
	struct bank_course c = { 0 };
	struct buf utf8 = BUF_INIT;
	struct vec items = VEC_INIT(question_item_free);
	struct jy_err perr = JY_ERR_INIT;
	int gift = !opts->format || strcmp(opts->format, "csv") != 0;
	int rc = bank_course(&c, s, course, err);
	if (rc)
		goto cleanup;
	size_t bad = first_bad_line(data, len);
	if ((rc = csv_to_utf8(&utf8, &res->encoding, data, len, err))) {
		if (gift)
			err_set(err, JY_EINVAL, L("第 %zu 行：文件既不是 UTF-8 也不是 GBK 编码：请在编辑器中另存为 UTF-8",
						  "line %zu: the file is neither UTF-8 nor GBK: save it as UTF-8 in your editor"),
				bad);
		goto cleanup;
	}
	if (gift && strcmp(res->encoding, "GBK") == 0 && !opts->gbk) {
		rc = err_set(err, JY_EINVAL,
			     L("第 %zu 行起不是 UTF-8 编码（看起来是 GBK）：Moodle 的 GIFT 文件须为 UTF-8，请在编辑器中另存为 UTF-8，或指明按 GBK 转换",
			       "from line %zu the file is not UTF-8 (it looks like GBK): Moodle's GIFT files are UTF-8; save it as UTF-8 in your editor, or ask for GBK conversion"),
			     bad);
		err_hint(err, "bank-gbk", "");
		goto cleanup;
	}
	if (gift)
		question_gift_read(&items, &res->problems, utf8.ptr, utf8.len, &perr);
	else
		question_csv_read(&items, &res->problems, utf8.ptr, utf8.len, ',', &perr);
	rc = add_checked(res, s, a, &c, &items, opts->skip_bad, opts->force, L("导入", "import "), err);
cleanup:
	bank_course_release(&c);
	buf_release(&utf8);
	vec_free(&items);
	return rc;
}

int bank_export(struct buf *out, size_t *n_out, struct store *s, const char *course, const char *state,
		const char *format, struct jy_err *err)
{
	struct bank_course c = { 0 };
	struct vec items = VEC_INIT(store_item_free), recs = VEC_INIT(NULL);
	int rc = bank_course(&c, s, course, err);
	if (rc)
		goto cleanup;
	struct bank_filter f = { .specialty = c.specialty, .course = c.code, .state = state, .live = !state };
	if ((rc = bank_list(&items, s, &f, err)))
		goto cleanup;
	for (size_t i = 0; i < items.len; i++)
		vec_push(&recs, ((struct store_item *)items.items[i])->rec);
	if (format && strcmp(format, "csv") == 0)
		question_csv_write(out, &recs);
	else
		rc = question_gift_write(out, &recs, err);
	if (rc == 0 && n_out)
		*n_out = recs.len;
cleanup:
	bank_course_release(&c);
	vec_free(&items);
	vec_free(&recs);
	return rc;
}

/* ---- stats ---- */

void bank_stats_row_free(void *p)
{
	struct bank_stats_row *r = p;
	if (r) {
		free(r->chapter);
		free(r);
	}
}

/* A run of digits or Chinese numerals (一…十, 百) at s as a number; *len gets its bytes (0 when none). */
static long numeral_at(const char *s, size_t *len)
{
	static const char *const digits[] = { "零", "一", "二", "三", "四", "五", "六", "七", "八", "九" };
	long v = 0, part = 0;
	size_t i = 0;
	if (*s >= '0' && *s <= '9') {
		while (s[i] >= '0' && s[i] <= '9' && i < 9)
			v = v * 10 + (s[i++] - '0');
		*len = i;
		return v;
	}
	for (;;) {
		int d = -1;
		for (int k = 0; k < 10; k++)
			if (strncmp(s + i, digits[k], 3) == 0)
				d = k;
		if (d >= 0) {
			part = d;
		} else if (strncmp(s + i, "十", 3) == 0) {
			v += (part ? part : 1) * 10;
			part = 0;
		} else if (strncmp(s + i, "百", 3) == 0) {
			v += (part ? part : 1) * 100;
			part = 0;
		} else {
			break;
		}
		i += 3;
	}
	*len = i;
	return v + part;
}

/* Chapters as people number them: 项目二 before 项目十, 第2章 before 第10章. */
static int chapter_cmp(const char *a, const char *b)
{
	while (*a && *b) {
		size_t la, lb;
		long na = numeral_at(a, &la), nb = numeral_at(b, &lb);
		if (la && lb) {
			if (na != nb)
				return na < nb ? -1 : 1;
			a += la;
			b += lb;
			continue;
		}
		if (*a != *b)
			return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
		a++;
		b++;
	}
	return *a ? 1 : *b ? -1 : 0;
}

static int stats_cmp(const void *a, const void *b)
{
	const struct bank_stats_row *x = a, *y = b;
	int c = chapter_cmp(x->chapter, y->chapter);
	return c ? c : x->type - y->type;
}

int bank_stats(struct bank_stats *out, struct store *s, const char *course, struct jy_err *err)
{
	struct vec items = VEC_INIT(store_item_free);
	struct bank_course c = { 0 };
	struct bank_filter f = { 0 };
	int rc = 0;
	memset(out, 0, sizeof(*out));
	vec_init(&out->rows, bank_stats_row_free);
	if (course) {
		if ((rc = bank_course(&c, s, course, err)))
			return rc;
		f.specialty = c.specialty;
		f.course = c.code;
	}
	if ((rc = bank_list(&items, s, &f, err)))
		goto cleanup;
	static const char *const levels[] = { "remember", "understand", "apply", "analyse" };
	for (size_t i = 0; i < items.len; i++) {
		const struct record *q = ((struct store_item *)items.items[i])->rec;
		int st = state_of(q), type = question_type_of(get(q, "type"));
		const char *d = get(q, "difficulty"), *lv = get(q, "level"), *ch = get(q, "chapter");
		double pts = 0;
		if (st >= 0)
			out->by_state[st]++;
		if (st != BANK_APPROVED || type < 0 || !d || atoi(d) < 1 || atoi(d) > 5)
			continue;
		size_t li = 4;
		for (size_t k = 0; k < 4; k++)
			if (same(lv, levels[k]))
				li = k;
		out->by_level[li]++;
		struct bank_stats_row *row = NULL;
		for (size_t k = 0; k < out->rows.len && !row; k++) {
			struct bank_stats_row *r = out->rows.items[k];
			if (r->type == type && same(r->chapter, ch))
				row = r;
		}
		if (!row) {
			row = xcalloc(1, sizeof(*row));
			row->chapter = xstrdup(ch ? ch : "");
			row->type = type;
			vec_push(&out->rows, row);
		}
		row->by_difficulty[atoi(d) - 1]++;
		row->total++;
		if (get(q, "points") && schema_parse_number(get(q, "points"), &pts) == 0)
			row->points += pts;
	}
	vec_sort(&out->rows, stats_cmp);
cleanup:
	bank_course_release(&c);
	vec_free(&items);
	return rc;
}

void bank_stats_release(struct bank_stats *st)
{
	vec_free(&st->rows);
}

/* ---- usage ---- */

int bank_usage(struct bank_usage *out, struct store *s, const char *question_id, struct jy_err *err)
{
	double w = 0, p = 0, d = 0;
	memset(out, 0, sizeof(*out));
	vec_init(&out->papers, free);
	vec_init(&out->uses, sitting_use_free);
	out->p = out->d = NAN;
	int rc = question_id ? sitting_uses(&out->uses, s, NULL, question_id, err) : 0;
	for (size_t i = 0; rc == 0 && i < out->uses.len; i++) {
		const struct sitting_use *u = out->uses.items[i];
		if (!vec_has_str(&out->papers, u->exam))
			vec_push_str(&out->papers, u->exam);
		if (!u->n || !isfinite(u->p) || !isfinite(u->d))
			continue;
		w += (double)u->n;
		p += (double)u->n * u->p;
		d += (double)u->n * u->d;
		out->sittings++;
	}
	if (w > 0) {
		out->has_stats = 1;
		out->p = p / w;
		out->d = d / w;
	}
	return rc;
}

void bank_usage_release(struct bank_usage *u)
{
	vec_free(&u->papers);
	vec_free(&u->uses);
}
