/* receive: the central repository's judgement of a push — every changed record checked and permitted as its pusher's. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/exam.h"
#include "jiaoyan/receive.h"
#include "jiaoyan/records.h"
#include "jiaoyan/revs.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/typeops.h"

static int is_none(const char *hex)
{
	return !hex || !*hex || strspn(hex, "0") == strlen(hex);
}

/* A view of the pushed repository as of one commit ("" = empty). */
static int view_at(struct store **out, const char *commit, struct jy_err *err)
{
	int rc = store_open_env(out, err);
	if (rc == 0 && !is_none(commit) && (rc = store_set_snapshot(*out, commit, err))) {
		store_free(*out);
		*out = NULL;
	}
	return rc;
}

/* The keys that differ between two versions of a record, "section.key, …", for the message. */
static void changed_keys(struct buf *out, const struct record *a, const struct record *b)
{
	const struct record *rs[2] = { a, b };
	struct record *seen = record_new();
	for (int k = 0; k < 2; k++) {
		if (!rs[k])
			continue;
		for (size_t i = 0; i < record_section_count(rs[k]); i++) {
			const char *sec = record_section(rs[k], i);
			for (size_t j = 0; j < record_key_count(rs[k], i); j++) {
				const char *key = record_key(rs[k], i, j), *v = record_value(rs[k], i, j);
				const char *o = rs[1 - k] ? record_get(rs[1 - k], sec, key) : NULL;
				if ((o && strcmp(o, v) == 0) || record_get(seen, sec, key))
					continue;
				record_set(seen, sec, key, "");
				if (out->len > 120) {
					if (out->ptr[out->len - 1] != '.')
						buf_puts(out, ", …");
					continue;
				}
				buf_printf(out, "%s%s.%s", out->len ? ", " : "", sec, key);
			}
		}
	}
	record_free(seen);
}

static void refuse(struct vec *problems, const char *commit, const char *path, const char *keys, const char *why)
{
	struct buf b = BUF_INIT;
	buf_printf(&b, L("提交 %.8s，文件 %s", "commit %.8s, file %s"), commit, path);
	if (keys && *keys)
		buf_printf(&b, L("，字段 %s", ", keys %s"), keys);
	buf_printf(&b, L("：%s", ": %s"), why);
	vec_push(problems, buf_detach(&b));
}

/* A stand-in for "someone of school S" when a campus server pushes work no single person's record names. */
static struct actor *school_member(struct store *s, const char *school, int admin)
{
	struct record *p = record_new();
	struct buf id = BUF_INIT, name = BUF_INIT;
	buf_printf(&id, "@%s", school);
	records_name(&name, s, "school", school);
	record_set(p, "person", "id", id.ptr);
	record_set(p, "person", "name", name.ptr);
	record_set(p, "person", "school", school);
	if (admin)
		record_set(p, "person", "roles", "admin");
	struct actor *a = actor_from_person(p);
	roster_scope(a, s);
	record_free(p);
	buf_release(&id);
	buf_release(&name);
	return a;
}

static struct actor *person_actor(struct store *roster, const char *id)
{
	struct record *p = NULL;
	if (!id || !*id || roster_person(&p, roster, id, NULL) != 0)
		return NULL;
	struct actor *a = actor_from_person(p);
	roster_scope(a, roster);
	record_free(p);
	return a;
}

/* Whose work a record changed by a campus server is: the person its fields name, or a member of the school. */
static struct actor *work_of(struct store *before, struct store *after, const char *school, const struct type_def *t,
			     const struct record *prev, const struct record *next, struct buf *why)
{
	const struct record *r = next ? next : prev;
	const char *who = NULL;
	if (strcmp(t->name, "observation") == 0) {
		int reply_only = 1;
		for (size_t i = 0; next && i < record_section_count(next) && reply_only; i++) {
			const char *sec = record_section(next, i);
			for (size_t j = 0; j < record_key_count(next, i) && reply_only; j++) {
				const char *o = prev ? record_get(prev, sec, record_key(next, i, j)) : NULL;
				reply_only = strcmp(sec, "response") == 0 || (o && strcmp(o, record_value(next, i, j)) == 0);
			}
		}
		who = record_get(r, "observation", prev && reply_only ? "teacher" : "observer");
	} else if (strcmp(t->name, "plan") == 0 && next && record_get(next, "plan", "state") &&
		   strcmp(record_get(next, "plan", "state"), "submitted") == 0 &&
		   (!prev || !record_get(prev, "plan", "state") || strcmp(record_get(prev, "plan", "state"), "submitted") != 0)) {
		who = record_get(next, "plan", "submitted_by");
	} else if (strcmp(t->name, "paper") == 0) {
		/* A seal is its signer's work; a published file key, the releaser's. */
		const char *by = next ? record_get(next, "release", "by") : NULL;
		who = by && !(prev && record_get(prev, "release", "by")) ? by : record_get(r, "seal", "signer");
	}
	struct vec ids = VEC_INIT(free);
	if (!who && strcmp(t->name, "exam") == 0) {
		/* An exam names no author: the first of its committee or leads at school S who may make the change. */
		exam_possible_authors(&ids, after, prev, next);
		for (size_t i = 0; i < ids.len && !who; i++) {
			struct actor *cand = person_actor(after, ids.items[i]);
			if (cand && cand->school && strcmp(cand->school, school) == 0 &&
			    records_permit(before, cand, t, prev, next, NULL) == 0)
				who = ids.items[i];
			actor_free(cand);
		}
	}
	if (!who) {
		vec_free(&ids);
		return school_member(before, school, strcmp(t->name, "person") == 0);
	}
	struct actor *a = person_actor(after, who);
	if (!a)
		a = person_actor(before, who);
	char *who_copy = xstrdup(who);
	vec_free(&ids);
	who = who_copy;
	if (!a || !a->school || strcmp(a->school, school) != 0) {
		if (err_lang_en())
			buf_printf(why, "this is the work of %s, who is not a person of school %s: a campus server pushes its own people's work only",
				   who, school);
		else
			buf_printf(why, "这是 %s 的工作，而 %s 不是学校 %s 的人员：校区服务器只推送本校人员的工作", who, who, school);
		actor_free(a);
		free(who_copy);
		return NULL;
	}
	free(who_copy);
	return a;
}

/* One changed file, judged: a record that reads and validates, changed as the actor may. */
static void judge(struct vec *problems, const char *commit, const struct rev_change *ch, struct store *before,
		  struct store *after, struct actor *actor, const char *school)
{
	const struct type_def *t = schema_type_of_path(ch->path);
	struct record *prev = NULL, *next = NULL;
	struct jy_err e = JY_ERR_INIT;
	struct buf keys = BUF_INIT, why = BUF_INIT;
	struct vec found = VEC_INIT(free);
	struct actor *a = actor;
	if (!t) {
		refuse(problems, commit, ch->path, NULL, L("不是记录的路径", "not the path of a record"));
		goto cleanup;
	}
	if (ch->has && records_check_file(after, ch->path, ch->after.ptr, ch->after.len, &found)) {
		for (size_t i = 0; i < found.len; i++) {
			const char *m = found.items[i];
			/* records_check_file starts each message with the path: keep the rule only. */
			size_t n = strlen(ch->path);
			refuse(problems, commit, ch->path, NULL, strncmp(m, ch->path, n) == 0 && m[n] == ':' ? m + n + 2 : m);
		}
		goto cleanup;
	}
	if ((ch->had && codec_decode(&prev, ch->before.ptr, ch->before.len, NULL) != 0) ||
	    (ch->has && codec_decode(&next, ch->after.ptr, ch->after.len, NULL) != 0))
		goto cleanup; /* what is there already was accepted; a bad new file was reported above */
	changed_keys(&keys, prev, next);
	if (school && !(a = work_of(before, after, school, t, prev, next, &why))) {
		refuse(problems, commit, ch->path, keys.ptr, why.ptr);
		goto cleanup;
	}
	if (!a) {
		refuse(problems, commit, ch->path, keys.ptr, L("推送者不在名册中", "the pusher is not in the roster"));
		goto cleanup;
	}
	if (records_permit(before, a, t, prev, next, &e) != 0)
		refuse(problems, commit, ch->path, keys.ptr, e.msg);
cleanup:
	if (a != actor)
		actor_free(a);
	record_free(prev);
	record_free(next);
	vec_free(&found);
	buf_release(&keys);
	buf_release(&why);
}

/*
 * 1 when ch is half of a record moved between layouts with its bytes unchanged (`migrate`): the
 * legacy file gone and the same bytes at its sharded path, or the reverse. Moving is no one's
 * work, so campuses may migrate in any order.
 */
static int layout_move(struct store *s, const char *from, const char *to, const struct rev_change *ch)
{
	struct buf other = BUF_INIT, bytes = BUF_INIT;
	int moved = 0;
	if (ch->had != ch->has && schema_path_counterpart(&other, ch->path, NULL) == 0) {
		/* Deleted here: the bytes went to the other path in `to`. Added here: they came from it in `from`. */
		const struct buf *mine = ch->had ? &ch->before : &ch->after;
		moved = revs_read(&bytes, s, ch->had ? to : from, other.ptr, NULL) == 0 && bytes.len == mine->len &&
			memcmp(bytes.ptr, mine->ptr, bytes.len) == 0;
	}
	buf_release(&other);
	buf_release(&bytes);
	return moved;
}

static int judge_range(struct vec *problems, const char *commit, const char *from, const char *to, const char *skip_as,
		       struct store *before, struct actor *actor, const char *school, struct jy_err *err)
{
	struct vec changes = VEC_INIT(rev_change_free);
	struct store *after = NULL;
	struct buf other = BUF_INIT;
	int rc = view_at(&after, to, err);
	if (rc == 0)
		rc = revs_changes(&changes, before, from, to, err);
	for (size_t i = 0; rc == 0 && i < changes.len; i++) {
		const struct rev_change *ch = changes.items[i];
		/* A merge's second side was judged as its own commits: only what the merge itself made counts. */
		if (skip_as) {
			buf_reset(&other);
			int there = revs_read(&other, before, skip_as, ch->path, NULL) == 0;
			if ((there && ch->has && other.len == ch->after.len && memcmp(other.ptr, ch->after.ptr, other.len) == 0) ||
			    (!there && !ch->has))
				continue;
		}
		if (layout_move(before, from, to, ch))
			continue;
		judge(problems, commit, ch, before, after, actor, school);
	}
	store_free(after);
	vec_free(&changes);
	buf_release(&other);
	return rc;
}

/* The person a commit's author is: the email actor_sig() writes ("id@jiaoyan" or the person's email). */
static struct actor *author_actor(struct store *roster, const struct rev_commit *c)
{
	struct store_query q = { .type = "person" };
	struct vec people = VEC_INIT(store_item_free);
	struct actor *a = NULL;
	size_t n = strcspn(c->email, "@");
	if (strcmp(c->email + n, "@jiaoyan") == 0) {
		char *id = xstrndup(c->email, n);
		a = person_actor(roster, id);
		free(id);
		if (a)
			return a;
	}
	if (store_list(&people, roster, &q, NULL, NULL) == 0)
		for (size_t i = 0; i < people.len && !a; i++) {
			const struct store_item *it = people.items[i];
			const char *mail = record_get(it->rec, "person", "email");
			if (mail && strcmp(mail, c->email) == 0)
				a = person_actor(roster, it->id);
		}
	vec_free(&people);
	return a;
}

int receive_check(struct vec *problems, struct store *s, const char *ref, const char *old_hex, const char *new_hex,
		  const struct receive_pusher *who, struct jy_err *err)
{
	struct store *before = NULL;
	struct actor *actor = NULL;
	struct vec commits = VEC_INIT(rev_commit_free);
	size_t start = problems->len;
	int rc = 0;
	if (strcmp(ref, "refs/heads/main") != 0) {
		refuse(problems, is_none(new_hex) ? "-" : new_hex, ref, NULL,
		       L("中心仓库只接受分支 main 的推送", "the central repository accepts pushes to branch main only"));
		goto done;
	}
	if (is_none(new_hex)) {
		refuse(problems, old_hex, ref, NULL, L("不能删除分支 main", "branch main cannot be deleted"));
		goto done;
	}
	if (!revs_descends(s, old_hex, new_hex)) {
		refuse(problems, new_hex, ref, NULL,
		       L("不接受改写历史的推送（不是快进）：请先同步，合并中心仓库的最新内容后再推送",
			 "history is never rewritten (not a fast-forward): sync first, merging what the central repository has"));
		goto done;
	}
	if (who && (who->person || who->school)) {
		if ((rc = view_at(&before, old_hex, err)))
			goto done;
		if (who->person && !(actor = person_actor(before, who->person))) {
			refuse(problems, new_hex, "people/", NULL, L("推送者不在中心仓库的名册中", "the pusher is not in the central roster"));
			goto done;
		}
		rc = judge_range(problems, new_hex, old_hex, new_hex, NULL, before, actor, who->school, err);
		goto done;
	}
	/* A push without serve: each new commit as its author. */
	if ((rc = revs_commits(&commits, s, old_hex, new_hex, err)))
		goto done;
	for (size_t i = 0; i < commits.len && rc == 0; i++) {
		const struct rev_commit *c = commits.items[i];
		const char *parent = c->nparents ? c->parents[0] : "";
		store_free(before);
		before = NULL;
		actor_free(actor);
		actor = NULL;
		if ((rc = view_at(&before, parent, err)))
			break;
		if (!(actor = author_actor(before, c)) && !(actor = author_actor(s, c))) {
			struct buf why = BUF_INIT;
			buf_printf(&why, L("作者 %s <%s> 不在名册中", "the author %s <%s> is not in the roster"), c->author, c->email);
			refuse(problems, c->oid, "-", NULL, why.ptr);
			buf_release(&why);
			continue;
		}
		rc = judge_range(problems, c->oid, parent, c->oid, c->nparents > 1 ? c->parents[1] : NULL, before, actor, NULL, err);
	}
done:
	actor_free(actor);
	store_free(before);
	vec_free(&commits);
	if (rc == 0 && problems->len > start)
		rc = err_set(err, JY_EPERM, L("中心仓库拒绝了这次推送（%zu 处）", "the central repository refused the push (%zu problems)"),
			     problems->len - start);
	return rc;
}
