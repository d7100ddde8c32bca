/* typeops: the registry of record-type rules, the rules of the group-wide types, and who sees what. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/typeops.h"

int typeops_lead_admin(const struct actor *a, const char *what_zh, const char *what_en, struct jy_err *err)
{
	if (actor_is_admin(a) && a->lead_college)
		return 0;
	return err_set(err, JY_EPERM,
		       L("只有牵头学校的管理员可以修改%s（成员学校的管理员只管理本校人员）",
			 "only admins of the lead college may change %s (a member school's admins manage their own people)"),
		       L(what_zh, what_en));
}

int typeops_admin_of(const struct actor *a, const char *school)
{
	if (!actor_is_admin(a))
		return 0;
	return a->lead_college || (school && a->school && strcmp(a->school, school) == 0);
}

/* ---- the group's shared settings: lead-college admins only ---- */

#define LEAD_ONLY(name, zh, en)                                                                                       \
	static int name##_permit(struct store *s, const struct actor *a, const struct record *prev,                  \
				 const struct record *next, struct jy_err *err)                                      \
	{                                                                                                             \
		(void)s, (void)prev, (void)next;                                                                      \
		return typeops_lead_admin(a, zh, en, err);                                                            \
	}                                                                                                             \
	static const struct type_ops name##_type_ops = { .type = #name, .permit = name##_permit }

LEAD_ONLY(group, "集团设置（group.ini）", "the group settings (group.ini)");
LEAD_ONLY(school, "学校", "schools");
LEAD_ONLY(specialty, "专业", "specialties");
LEAD_ONLY(rules, "规则集", "rule sets");
LEAD_ONLY(rubric, "评价量表", "rubrics");

static int course_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			 struct jy_err *err)
{
	const struct record *r = next ? next : prev;
	const char *was = prev ? record_get(prev, "course", "specialty") : NULL;
	if (actor_is_admin(a) && a->lead_college)
		return 0;
	if (records_lead_of(s, a, record_get(r, "course", "specialty")) && (!was || records_lead_of(s, a, was)))
		return 0;
	return err_set(err, JY_EPERM, "%s",
		       L("只有该专业的专业负责人（或牵头学校的管理员）可以维护课程",
			 "only a lead of the specialty (or an admin of the lead college) may edit its courses"));
}

static const struct type_ops course_type_ops = { .type = "course", .permit = course_permit };

static int bank_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
		       struct jy_err *err)
{
	(void)s, (void)prev, (void)next;
	if (actor_has_role(a, "examiner") || actor_has_role(a, "lead") || (actor_is_admin(a) && a->lead_college))
		return 0;
	return err_set(err, JY_EPERM, "%s",
		       L("只有命题教师或专业负责人（或牵头学校的管理员）可以维护题库和联考",
			 "only examiners or specialty leads (or lead-college admins) may edit questions and exams"));
}

static const struct type_ops exam_type_ops = { .type = "exam", .permit = bank_permit };

/*
 * A merge (of two writers, or of two campuses in a sync) writes open conflict
 * records as it goes, as whoever merged. Closing one is for whoever may write
 * the record it is about (and admins): resolving writes that record anyway.
 */
static int conflict_permit(struct store *s, const struct actor *a, const struct record *prev, const struct record *next,
			   struct jy_err *err)
{
	const char *state = next ? record_get(next, "conflict", "state") : NULL;
	if (!prev && state && strcmp(state, "open") == 0)
		return 0;
	if (typeops_admin_of(a, a->school) && a->lead_college)
		return 0;
	const char *path = record_get(prev ? prev : next, "conflict", "path");
	const struct type_def *t = path ? schema_type_of_path(path) : NULL;
	struct record *r = NULL;
	int rc = JY_EPERM;
	if (t && store_read(&r, s, path, NULL) == 0)
		rc = records_permit(s, a, t, r, r, NULL);
	record_free(r);
	if (rc)
		return err_set(err, JY_EPERM, "%s",
			       L("只有能修改相关记录的人（或牵头学校的管理员）可以处理这条同步冲突",
				 "only someone who may change the record concerned (or a lead-college admin) may resolve this conflict"));
	return 0;
}

static int conflict_complete(struct store *s, const struct actor *a, struct record *r, struct jy_err *err)
{
	(void)s, (void)a, (void)err;
	if (!record_get(r, "conflict", "state"))
		record_set(r, "conflict", "state", "open");
	return 0;
}

static const struct type_ops conflict_type_ops = { .type = "conflict", .complete = conflict_complete, .permit = conflict_permit };

static const struct type_ops *const registry[] = {
	&group_type_ops, &school_type_ops, &person_type_ops, &specialty_type_ops, &rules_type_ops,
	&rubric_type_ops, &plan_type_ops, &observation_type_ops, &course_type_ops, &question_type_ops,
	&exam_type_ops, &scores_type_ops, &seminar_type_ops, &exchange_type_ops, &conflict_type_ops, NULL,
};

const struct type_ops *typeops_of(const struct type_def *t)
{
	static const struct type_ops none = { .type = NULL };
	for (size_t i = 0; t && registry[i]; i++)
		if (strcmp(registry[i]->type, t->name) == 0)
			return registry[i];
	return &none;
}

/* ---- who sees what ---- */

static int item_id_cmp(const void *a, const void *b)
{
	const struct store_item *x = a, *y = b;
	return strcmp(x->id, y->id);
}

int viewer_new(struct viewer **out, struct store *s, const struct actor *a, struct jy_err *err)
{
	struct viewer *v = xcalloc(1, sizeof(*v));
	struct record *group = NULL;
	struct vec specs = VEC_INIT(store_item_free);
	struct store_query q = { .type = "specialty" };
	int rc = 0;
	v->store = s;
	v->actor = a;
	vec_init(&v->leads, free);
	vec_init(&v->people, store_item_free);
	v->observations = PRIVACY_SCHOOL;
	if (store_read(&group, s, "group.ini", NULL) == 0) {
		const char *mode = record_get(group, "privacy", "observations");
		if (mode && strcmp(mode, "own") == 0)
			v->observations = PRIVACY_OWN;
		else if (mode && strcmp(mode, "group") == 0)
			v->observations = PRIVACY_GROUP;
	}
	v->all = !a || (!a->id && !a->fixed) || a->bootstrap || (actor_is_admin(a) && a->lead_college);
	if (!v->all && a->id) {
		if ((rc = store_list(&specs, s, &q, NULL, err)))
			goto cleanup;
		for (size_t i = 0; i < specs.len; i++) {
			const struct store_item *it = specs.items[i];
			struct vec leads = VEC_INIT(free);
			vec_split(&leads, record_get(it->rec, "specialty", "leads"), ',');
			if (vec_has_str(&leads, a->id))
				vec_push_str(&v->leads, it->id);
			vec_free(&leads);
		}
	}
cleanup:
	record_free(group);
	vec_free(&specs);
	if (rc)
		viewer_free(v);
	else
		*out = v;
	return rc;
}

void viewer_free(struct viewer *v)
{
	if (!v)
		return;
	vec_free(&v->leads);
	vec_free(&v->people);
	free(v);
}

const struct record *viewer_person(struct viewer *v, const char *id)
{
	if (!v->people_loaded) {
		struct store_query q = { .type = "person" };
		v->people_loaded = 1;
		if (store_list(&v->people, v->store, &q, NULL, NULL) == 0)
			vec_sort(&v->people, item_id_cmp);
	}
	size_t lo = 0, hi = v->people.len;
	while (id && lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct store_item *it = v->people.items[mid];
		int c = strcmp(it->id, id);
		if (c == 0)
			return it->rec;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int viewer_sees(struct viewer *v, const struct type_def *t, const struct record *r)
{
	if (!v || v->all)
		return 1;
	const struct type_ops *ops = typeops_of(t);
	return !ops->visible || ops->visible(v, r);
}
