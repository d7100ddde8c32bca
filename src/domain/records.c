/* records: the one path every record write takes — assign, complete, validate, permit, commit. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"
#include "jiaoyan/rubric.h"

/* People type Chinese list separators; stored lists use ASCII commas. */
static void normalise_list(struct buf *out, const char *v)
{
	while (*v) {
		if (strncmp(v, "，", 3) == 0 || strncmp(v, "、", 3) == 0) {
			buf_putc(out, ',');
			v += 3;
		} else {
			buf_putc(out, *v++);
		}
	}
}

/* Finds the section/key split of a dotted name that the schema knows. */
const struct field_def *records_field_of(const struct type_def *t, const char *name, struct buf *sec,
					 struct buf *key)
{
	for (const char *dot = strchr(name, '.'); dot; dot = strchr(dot + 1, '.')) {
		buf_reset(sec);
		buf_add(sec, name, (size_t)(dot - name));
		buf_set(key, dot + 1);
		const struct field_def *f = schema_field(t, sec->ptr, key->ptr);
		if (f)
			return f;
	}
	buf_set(sec, t->main);
	buf_set(key, name);
	return schema_field(t, t->main, name);
}

int records_assign(struct record *r, const struct type_def *t, const char *assignment, struct jy_err *err)
{
	const char *eq = strchr(assignment, '=');
	struct buf name = BUF_INIT, sec = BUF_INIT, key = BUF_INIT, val = BUF_INIT;
	int rc = 0;
	if (!eq || eq == assignment) {
		rc = err_set(err, JY_EUSAGE, L("「%s」不是 KEY=VALUE 形式", "\"%s\" is not KEY=VALUE"), assignment);
		goto cleanup;
	}
	buf_add(&name, assignment, (size_t)(eq - assignment));
	const struct field_def *f = records_field_of(t, name.ptr, &sec, &key);
	if (!f) {
		rc = err_set(err, JY_EINVAL, L("%s记录没有字段「%s」", "a %s record has no field \"%s\""),
			     schema_type_label(t), name.ptr);
		goto cleanup;
	}
	if (f->type == FT_SET || f->type == FT_REFLIST || f->type == FT_LIST)
		normalise_list(&val, eq + 1);
	else
		buf_puts(&val, eq + 1);
	if (!val.len) {
		record_unset(r, sec.ptr, key.ptr);
		goto cleanup;
	}
	if (f->type == FT_ENUM || f->type == FT_BOOL) {
		const char *v = schema_enum_parse(f, val.ptr);
		if (v) {
			size_t n = schema_enum_len(v);
			buf_reset(&val);
			buf_add(&val, v, n);
		}
	} else if (f->type == FT_SET) {
		struct vec items = VEC_INIT(free);
		vec_split(&items, val.ptr, ',');
		buf_reset(&val);
		for (size_t i = 0; i < items.len; i++) {
			const char *v = schema_enum_parse(f, items.items[i]);
			if (i)
				buf_putc(&val, ',');
			if (v)
				buf_add(&val, v, schema_enum_len(v));
			else
				buf_puts(&val, items.items[i]);
		}
		vec_free(&items);
	}
	rc = schema_check_value(f, sec.ptr, key.ptr, val.ptr, err);
	if (rc == 0)
		record_set(r, sec.ptr, key.ptr, val.ptr);
cleanup:
	buf_release(&name);
	buf_release(&sec);
	buf_release(&key);
	buf_release(&val);
	return rc;
}

int records_exists(void *store, const char *type, const char *id)
{
	struct store *s = store;
	const struct type_def *t = schema_type(type);
	struct buf path = BUF_INIT;
	int found;
	if (!t || !id_component_valid(id))
		return 0;
	if (t->id_kind == ID_CODE && t->path_keys[0] && !t->path_keys[1]) {
		buf_printf(&path, "%s/%s.ini", t->dir, id);
		found = store_exists(s, path.ptr);
	} else {
		struct buf spec = BUF_INIT;
		buf_printf(&spec, "%s/%s", type, id);
		found = store_resolve(&path, s, spec.ptr, NULL) == 0;
		buf_release(&spec);
	}
	buf_release(&path);
	return found;
}

static void join_problems(struct buf *out, const struct vec *problems)
{
	for (size_t i = 0; i < problems->len; i++)
		buf_printf(out, "%s%s", i ? "\n" : "", (const char *)problems->items[i]);
}

/* Rules that span fields of one record, beyond the schema's per-field checks. */
static void type_rules(const struct type_def *t, const struct record *r, struct vec *problems)
{
	struct jy_err e = JY_ERR_INIT;
	if (strcmp(t->name, "observation") == 0) {
		const char *date = record_get(r, "observation", "date"), *term = record_get(r, "observation", "term");
		if (date && term && id_date_valid(date) && id_term_valid(term)) {
			struct tm tm = { 0 };
			char of[12];
			tm.tm_year = atoi(date) - 1900;
			tm.tm_mon = atoi(date + 5) - 1;
			tm.tm_mday = atoi(date + 8);
			tm.tm_hour = 12;
			id_term_of(of, timegm(&tm));
			if (strcmp(of, term) != 0) {
				err_set(&e, JY_EINVAL, L("字段「日期」(observation.date)：%s 属于学期 %s，不在学期 %s 内",
							 "field \"date\" (observation.date): %s is in term %s, not %s"),
					date, of, term);
				vec_push_str(problems, e.msg);
			}
		}
		const char *students = record_get(r, "observation", "students"), *late = record_get(r, "observation", "late");
		if (students && late && atol(late) > atol(students)) {
			err_set(&e, JY_EINVAL, L("字段「迟到人数」(observation.late)：不能多于实到人数 %s",
						 "field \"late\" (observation.late): more than the %s students present"),
				students);
			vec_push_str(problems, e.msg);
		}
	}
}

int records_validate(struct store *s, const struct type_def *t, const struct record *r, struct jy_err *err)
{
	struct vec problems = VEC_INIT(free);
	schema_validate_all(t, r, &problems);
	type_rules(t, r, &problems);
	if (!problems.len)
		schema_check_refs(t, r, records_exists, s, &problems);
	int rc = 0;
	if (problems.len) {
		struct buf msg = BUF_INIT;
		join_problems(&msg, &problems);
		rc = err_set(err, JY_EINVAL, "%s", msg.ptr);
		buf_release(&msg);
	}
	vec_free(&problems);
	return rc;
}

static int same_value(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* 1 when prev and next differ outside the named section. */
static int changed_outside(const struct record *prev, const struct record *next, const char *section)
{
	const struct record *rs[2] = { prev, next };
	for (int k = 0; k < 2; k++) {
		const struct record *r = rs[k], *o = rs[1 - k];
		for (size_t i = 0; i < record_section_count(r); i++) {
			const char *sec = record_section(r, i);
			if (strcmp(sec, section) == 0)
				continue;
			for (size_t j = 0; j < record_key_count(r, i); j++)
				if (!same_value(record_value(r, i, j), record_get(o, sec, record_key(r, i, j))))
					return 1;
		}
	}
	return 0;
}

static int changed_in(const struct record *prev, const struct record *next, const char *prefix)
{
	size_t n = strlen(prefix);
	const struct record *rs[2] = { prev, next };
	for (int k = 0; k < 2; k++) {
		const struct record *r = rs[k], *o = rs[1 - k];
		for (size_t i = 0; i < record_section_count(r); i++) {
			const char *sec = record_section(r, i);
			if (strncmp(sec, prefix, n) != 0)
				continue;
			for (size_t j = 0; j < record_key_count(r, i); j++)
				if (!same_value(record_value(r, i, j), record_get(o, sec, record_key(r, i, j))))
					return 1;
		}
	}
	return 0;
}

static int lead_of(struct store *s, const struct actor *a, const char *specialty)
{
	struct record *sp = NULL;
	struct buf path = BUF_INIT;
	int yes = 0;
	buf_printf(&path, "specialties/%s.ini", specialty ? specialty : "");
	if (specialty && id_component_valid(specialty) && store_read(&sp, s, path.ptr, NULL) == 0) {
		struct vec leads = VEC_INIT(free);
		vec_split(&leads, record_get(sp, "specialty", "leads"), ',');
		yes = a->id && vec_has_str(&leads, a->id);
		vec_free(&leads);
	}
	record_free(sp);
	buf_release(&path);
	return yes;
}

int records_lead_of(struct store *s, const struct actor *a, const char *specialty)
{
	return lead_of(s, a, specialty);
}

static int deny(struct jy_err *err, const char *zh, const char *en)
{
	return err_set(err, JY_EPERM, "%s", L(zh, en));
}

int records_permit(struct store *s, const struct actor *a, const struct type_def *t, const struct record *prev,
		   const struct record *next, struct jy_err *err)
{
	int rc = actor_can_write(a, err);
	if (rc)
		return rc;
	if (actor_is_admin(a))
		return 0;
	const char *ty = t->name;
	const struct record *r = next ? next : prev;
	if (strcmp(ty, "observation") == 0) {
		const char *observer = record_get(r, "observation", "observer");
		const char *teacher = prev ? record_get(prev, "observation", "teacher") : NULL;
		if (prev && !same_value(record_get(prev, "observation", "observer"), observer))
			return deny(err, "不能更改听课记录的听课人", "the observer of an observation cannot be changed");
		if (observer && a->id && strcmp(observer, a->id) == 0)
			return 0;
		if (prev && teacher && a->id && strcmp(teacher, a->id) == 0 && !changed_outside(prev, next, "response"))
			return 0;
		return deny(err, "只能以自己的身份记录听课，或修改自己的听课记录（授课教师只能填写回复；管理员除外）",
			    "you may only log observations as yourself and edit your own (the observed teacher may only reply; admins excepted)");
	}
	if (strcmp(ty, "plan") == 0) {
		const char *school = record_get(r, "plan", "school");
		if (!school || !a->school || strcmp(school, a->school) != 0)
			return deny(err, "只有本校人员（或管理员）可以创建和修改本校的授课计划",
				    "only people of the filing school (or an admin) may create and edit its plan");
		if (prev) {
			const char *state = record_get(prev, "plan", "state");
			if (state && (strcmp(state, "submitted") == 0 || strcmp(state, "approved") == 0))
				return deny(err, "已提交或已通过的授课计划不能直接修改（已通过的请用 plan reopen 开始新的修订）",
					    "a submitted or approved plan cannot be edited directly");
			if (!same_value(record_get(prev, "plan", "state"), record_get(next, "plan", "state")) ||
			    !same_value(record_get(prev, "plan", "revision"), record_get(next, "plan", "revision")) ||
			    changed_in(prev, next, "review."))
				return deny(err, "状态、版本和审核记录只能通过提交和审核操作修改",
					    "state, revision and reviews change only through submit and review");
		}
		return 0;
	}
	if (strcmp(ty, "course") == 0) {
		if (lead_of(s, a, record_get(r, "course", "specialty")))
			return 0;
		return deny(err, "只有该专业的专业负责人（或管理员）可以维护课程", "only a lead of the specialty (or an admin) may edit its courses");
	}
	if (strcmp(ty, "question") == 0 || strcmp(ty, "exam") == 0) {
		if (actor_has_role(a, "examiner") || actor_has_role(a, "lead"))
			return 0;
		return deny(err, "只有命题教师或专业负责人（或管理员）可以维护题库和联考",
			    "only examiners or specialty leads (or admins) may edit questions and exams");
	}
	if (strcmp(ty, "scores") == 0) {
		const char *school = record_get(r, "scores", "school");
		if (school && a->school && strcmp(school, a->school) == 0)
			return 0;
		return deny(err, "只有本校人员（或管理员）可以录入本校成绩", "only people of that school (or an admin) may enter its scores");
	}
	return deny(err, "只有管理员可以修改学校、人员、专业、规则集、量表和集团设置",
		    "only admins may edit schools, people, specialties, rule sets, rubrics and group settings");
}

static int score_observation(struct store *s, struct record *r, struct jy_err *err)
{
	struct record *group = NULL, *rubric = NULL;
	const char *rid = record_get(r, "observation", "rubric");
	const char *ver = record_get(r, "observation", "rubric_version");
	int rc = 0;
	if (!rid || !*rid) {
		rc = store_read(&group, s, "group.ini", err);
		if (rc)
			goto cleanup;
		rid = record_get(group, "group", "rubric");
		ver = NULL;
		if (!rid) {
			rc = err_set(err, JY_EINVAL, L("集团设置 group.ini 没有指定评价量表 (group.rubric)",
						       "group.ini names no rubric (group.rubric)"));
			goto cleanup;
		}
	}
	if (!id_component_valid(rid)) {
		rc = err_set(err, JY_EINVAL, L("字段「评价量表」(observation.rubric)：「%s」无效", "field observation.rubric: \"%s\" is invalid"), rid);
		goto cleanup;
	}
	rc = rubric_load(&rubric, s, rid, ver ? atol(ver) : 0, err);
	if (rc == 0)
		rc = rubric_score(r, rubric, err);
cleanup:
	record_free(group);
	record_free(rubric);
	return rc;
}

int records_complete(struct store *s, const struct actor *a, const struct type_def *t, struct record *r,
		     struct jy_err *err)
{
	char buf[32];
	const char *ty = t->name;
	if (t->id_kind == ID_GENERATED && !record_get(r, t->main, t->id_key)) {
		id_new(buf);
		record_set(r, t->main, t->id_key, buf);
	}
	if (strcmp(ty, "observation") == 0) {
		if (!record_get(r, "observation", "date")) {
			id_date(buf, id_now());
			record_set(r, "observation", "date", buf);
		}
		const char *date = record_get(r, "observation", "date");
		if (!record_get(r, "observation", "term") && id_date_valid(date)) {
			struct tm tm = { 0 };
			tm.tm_year = atoi(date) - 1900;
			tm.tm_mon = atoi(date + 5) - 1;
			tm.tm_mday = atoi(date + 8);
			tm.tm_hour = 12;
			id_term_of(buf, timegm(&tm));
			record_set(r, "observation", "term", buf);
		}
		if (!record_get(r, "observation", "observer") && a && a->id)
			record_set(r, "observation", "observer", a->id);
		if (!record_get(r, "observation", "school") && a && a->school)
			record_set(r, "observation", "school", a->school);
		if (!record_get(r, "observation", "announced"))
			record_set(r, "observation", "announced", "yes");
		return score_observation(s, r, err);
	}
	if (strcmp(ty, "plan") == 0) {
		if (!record_get(r, "plan", "state"))
			record_set(r, "plan", "state", "draft");
		if (!record_get(r, "plan", "revision"))
			record_set(r, "plan", "revision", "0");
	}
	if (strcmp(ty, "question") == 0) {
		if (!record_get(r, "question", "state"))
			record_set(r, "question", "state", "draft");
		if (!record_get(r, "question", "author") && a && a->id)
			record_set(r, "question", "author", a->id);
		if (!record_get(r, "question", "school") && a && a->school)
			record_set(r, "question", "school", a->school);
	}
	if (strcmp(ty, "conflict") == 0 && !record_get(r, "conflict", "state"))
		record_set(r, "conflict", "state", "open");
	return 0;
}

static void add_name(struct buf *out, struct store *s, const char *type, const char *id)
{
	const struct type_def *t = schema_type(type);
	struct record *r = NULL;
	struct buf path = BUF_INIT;
	if (t && id && id_component_valid(id) && t->path_keys[0] && !t->path_keys[1])
		buf_printf(&path, "%s/%s.ini", t->dir, id);
	const char *name = NULL;
	if (path.len && store_read(&r, s, path.ptr, NULL) == 0)
		name = record_get(r, t->main, "name");
	buf_puts(out, name ? name : id ? id : "?");
	record_free(r);
	buf_release(&path);
}

void records_message(struct buf *out, struct store *s, const struct type_def *t, const struct record *r,
		     const char *verb)
{
	const char *ty = t->name;
	buf_printf(out, "%s%s：", verb ? verb : "", schema_type_label(t));
	if (strcmp(ty, "observation") == 0) {
		add_name(out, s, "person", record_get(r, "observation", "observer"));
		buf_puts(out, L(" 听 ", " observed "));
		add_name(out, s, "person", record_get(r, "observation", "teacher"));
		buf_printf(out, L("《%s》", " \"%s\""), record_get(r, "observation", "course") ? record_get(r, "observation", "course") : "");
	} else if (strcmp(ty, "plan") == 0) {
		add_name(out, s, "school", record_get(r, "plan", "school"));
		buf_putc(out, ' ');
		add_name(out, s, "specialty", record_get(r, "plan", "specialty"));
		buf_printf(out, " %s", record_get(r, "plan", "term") ? record_get(r, "plan", "term") : "");
	} else {
		struct buf id = BUF_INIT;
		schema_record_id(&id, t, r, NULL);
		const char *name = record_get(r, t->main, "name");
		if (!name && strcmp(ty, "question") == 0)
			name = record_get(r, "question", "point");
		if (name)
			buf_printf(out, "%s（%s）", name, id.ptr);
		else
			buf_puts(out, id.ptr);
		buf_release(&id);
	}
}

static int commit_one(struct store *s, const struct actor *a, const char *path, const struct record *r,
		      const char *message, struct jy_err *err)
{
	struct store_txn *txn = NULL;
	struct store_sig sig;
	int rc = store_txn_begin(&txn, s, err);
	if (rc == 0)
		rc = store_txn_put(txn, path, r, err);
	if (rc == 0) {
		actor_sig(a, &sig);
		rc = store_txn_commit(txn, &sig, message, NULL, err);
	}
	store_txn_free(txn);
	return rc;
}

int records_add(struct buf *id_out, struct store *s, const struct actor *a, const struct type_def *t,
		const struct record *in, struct jy_err *err)
{
	struct record *work = record_dup(in), *canon = NULL;
	struct buf path = BUF_INIT, msg = BUF_INIT, id = BUF_INIT;
	int rc = actor_can_write(a, err);
	if (rc)
		goto cleanup;
	rc = records_complete(s, a, t, work, err);
	if (rc)
		goto cleanup;
	canon = schema_canonical(t, work);
	rc = records_validate(s, t, canon, err);
	if (rc)
		goto cleanup;
	rc = records_permit(s, a, t, NULL, canon, err);
	if (rc)
		goto cleanup;
	rc = schema_path(&path, t, canon, err);
	if (rc == 0)
		rc = schema_record_id(&id, t, canon, err);
	if (rc)
		goto cleanup;
	if (store_exists(s, path.ptr)) {
		rc = err_set(err, JY_EEXISTS, L("%s「%s」已存在（%s）", "%s \"%s\" already exists (%s)"), schema_type_label(t),
			     id.ptr, path.ptr);
		goto cleanup;
	}
	records_message(&msg, s, t, canon, L("新增", "add "));
	rc = commit_one(s, a, path.ptr, canon, msg.ptr, err);
	if (rc == 0 && id_out)
		buf_puts(id_out, id.ptr);
cleanup:
	record_free(work);
	record_free(canon);
	buf_release(&path);
	buf_release(&msg);
	buf_release(&id);
	return rc;
}

int records_update(struct store *s, const struct actor *a, const char *path, const struct record *next,
		   const char *verb, struct jy_err *err)
{
	const struct type_def *t = schema_type_of_path(path);
	struct record *prev = NULL, *work = NULL, *canon = NULL;
	struct buf newpath = BUF_INIT, msg = BUF_INIT;
	int rc = actor_can_write(a, err);
	if (rc)
		goto cleanup;
	if (!t) {
		rc = err_set(err, JY_EINVAL, L("%s 不是记录路径", "%s is not a record path"), path);
		goto cleanup;
	}
	rc = store_read(&prev, s, path, err);
	if (rc)
		goto cleanup;
	work = record_dup(next);
	if (strcmp(t->name, "observation") == 0) {
		rc = score_observation(s, work, err);
		if (rc)
			goto cleanup;
	}
	canon = schema_canonical(t, work);
	rc = records_validate(s, t, canon, err);
	if (rc)
		goto cleanup;
	rc = schema_path(&newpath, t, canon, err);
	if (rc)
		goto cleanup;
	if (strcmp(newpath.ptr, path) != 0) {
		rc = err_set(err, JY_EINVAL,
			     L("编号和决定存放位置的字段（%s）不能修改", "the id and the fields that place the record (%s) cannot change"),
			     path);
		goto cleanup;
	}
	rc = records_permit(s, a, t, prev, canon, err);
	if (rc)
		goto cleanup;
	if (record_equal(prev, canon))
		goto cleanup;
	records_message(&msg, s, t, canon, verb ? verb : L("修改", "edit "));
	rc = commit_one(s, a, path, canon, msg.ptr, err);
cleanup:
	record_free(prev);
	record_free(work);
	record_free(canon);
	buf_release(&newpath);
	buf_release(&msg);
	return rc;
}

struct check_ctx {
	struct store *s;
	struct vec *problems;
};

static void add_problem(struct vec *problems, const char *path, const char *msg)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, "%s: %s", path, msg);
	vec_push(problems, buf_detach(&b));
}

static int check_file(void *vctx, const char *path, const char *data, size_t len)
{
	struct check_ctx *ctx = vctx;
	struct jy_err e = JY_ERR_INIT;
	const struct type_def *t = schema_type_of_path(path);
	struct record *r = NULL, *canon = NULL;
	struct vec found = VEC_INIT(free);
	struct buf want = BUF_INIT;
	if (!t) {
		add_problem(ctx->problems, path, L("不是可识别的记录路径", "not a recognised record path"));
		return 0;
	}
	if (codec_decode(&r, data, len, &e) != 0) {
		add_problem(ctx->problems, path, e.msg);
		return 0;
	}
	canon = schema_canonical(t, r);
	if (!codec_is_canonical(canon, data, len))
		add_problem(ctx->problems, path,
			    L("不是规范格式（重新编码后字节不同；用 jiaoyan edit 保存一次即可规范化）",
			      "not canonical (re-encoding differs; saving it with jiaoyan edit normalises it)"));
	schema_validate_all(t, r, &found);
	type_rules(t, r, &found);
	schema_check_refs(t, r, records_exists, ctx->s, &found);
	if (schema_path(&want, t, r, &e) == 0 && strcmp(want.ptr, path) != 0) {
		err_set(&e, JY_EINVAL, L("存放位置不对：按内容应为 %s", "misplaced: its fields say %s"), want.ptr);
		vec_push_str(&found, e.msg);
	}
	for (size_t i = 0; i < found.len; i++)
		add_problem(ctx->problems, path, found.items[i]);
	vec_free(&found);
	buf_release(&want);
	record_free(r);
	record_free(canon);
	return 0;
}

size_t records_check_all(struct store *s, struct vec *problems, struct jy_err *err)
{
	struct check_ctx ctx = { s, problems };
	size_t before = problems->len;
	if (store_walk(s, "", check_file, &ctx, err) != 0)
		add_problem(problems, store_path(s), err->msg);
	return problems->len - before;
}
