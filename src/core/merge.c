/* merge: two trees against their base, record by record and key by key, with conflict records for what was decided. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/id.h"
#include "jiaoyan/merge.h"
#include "jiaoyan/schema.h"

/* One path a side changed against the base. */
struct change {
	char *path;
	int deleted;
	git_oid oid; /* the new blob when not deleted */
};

static void change_free(void *p)
{
	struct change *c = p;
	if (c) {
		free(c->path);
		free(c);
	}
}

/* The updates git_tree_create_updated applies, with the paths they own. */
struct updates {
	git_tree_update *u;
	size_t n, cap;
	struct vec paths;
};

static void upd_add(struct updates *p, git_tree_update_t action, const char *path, const git_oid *oid)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 16;
		p->u = xrealloc(p->u, p->cap * sizeof(*p->u));
	}
	char *copy = xstrdup(path);
	vec_push(&p->paths, copy);
	git_tree_update *u = &p->u[p->n++];
	memset(u, 0, sizeof(*u));
	u->action = action;
	u->filemode = GIT_FILEMODE_BLOB;
	u->path = copy;
	if (oid)
		u->id = *oid;
}

static int gitfail(struct jy_err *err, int rc, const char *what)
{
	const git_error *e = git_error_last();
	return err_set(err, rc == GIT_ENOTFOUND ? JY_ENOTFOUND : JY_EIO, L("%s：%s", "%s: %s"), what,
		       e && e->message ? e->message : "libgit2");
}

static int collect(void *payload, const git_diff_delta *d)
{
	struct vec *out = payload;
	struct change *c = xcalloc(1, sizeof(*c));
	c->deleted = d->status == GIT_DELTA_DELETED;
	c->path = xstrdup(c->deleted ? d->old_file.path : d->new_file.path);
	c->oid = d->new_file.id;
	vec_push(out, c);
	return 0;
}

static int collect_cb(const git_diff_delta *delta, float progress, void *payload)
{
	(void)progress;
	return collect(payload, delta);
}

/* The paths of `to` that differ from `from` (either may be NULL: the empty tree), in path order. */
static int changes(struct vec *out, git_repository *repo, git_tree *from, git_tree *to, struct jy_err *err)
{
	git_diff *diff = NULL;
	git_diff_options o;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	int rc = git_diff_tree_to_tree(&diff, repo, from, to, &o);
	if (rc < 0)
		return gitfail(err, rc, L("比较两个版本失败", "cannot compare two versions"));
	rc = git_diff_foreach(diff, collect_cb, NULL, NULL, NULL, out);
	git_diff_free(diff);
	return rc < 0 ? gitfail(err, rc, L("比较两个版本失败", "cannot compare two versions")) : 0;
}

static const struct change *find_change(const struct vec *v, const char *path)
{
	size_t lo = 0, hi = v->len;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct change *c = v->items[mid];
		int k = strcmp(c->path, path);
		if (k == 0)
			return c;
		if (k < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static int change_cmp(const void *a, const void *b)
{
	return strcmp(((const struct change *)a)->path, ((const struct change *)b)->path);
}

static int read_record(struct record **out, git_repository *repo, const git_oid *oid, const char *path,
		       struct jy_err *err)
{
	git_blob *b = NULL;
	int rc = git_blob_lookup(&b, repo, oid);
	if (rc < 0)
		return gitfail(err, rc, L("读取记录失败", "cannot read a record"));
	rc = codec_decode(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b), err);
	if (rc)
		err_prefix(err, "%s", path);
	git_blob_free(b);
	return rc;
}

static int base_record(struct record **out, git_repository *repo, git_tree *base, const char *path,
		       struct jy_err *err)
{
	git_tree_entry *e = NULL;
	*out = NULL;
	if (!base || git_tree_entry_bypath(&e, base, path) != 0)
		return 0;
	int rc = read_record(out, repo, git_tree_entry_id(e), path, err);
	git_tree_entry_free(e);
	return rc;
}

static int write_record(git_oid *out, git_repository *repo, const char *path, const struct record *r,
			struct jy_err *err)
{
	const struct type_def *t = schema_type_of_path(path);
	struct record *canon = t ? schema_canonical(t, r) : NULL;
	struct buf data = BUF_INIT;
	int rc = codec_encode(&data, canon ? canon : r, err);
	if (rc == 0 && (rc = git_blob_create_from_buffer(out, repo, data.ptr, data.len)) < 0)
		rc = gitfail(err, rc, L("写入记录失败", "cannot write a record"));
	record_free(canon);
	buf_release(&data);
	return rc;
}

static const char *side_author(const struct merge_side *side, const char *path)
{
	const char *who = side && side->author_of ? side->author_of(side->ctx, path) : NULL;
	return who ? who : side && side->author ? side->author : "";
}

struct record *merge_conflict_record(const char *path, const struct record_conflict *k, const char *ours_author,
				     const char *ours_commit, const char *theirs_author, const char *theirs_commit)
{
	struct record *r = record_new();
	char id[ID_LEN + 1], at[17];
	id_new(id);
	id_datetime(at, id_now());
	record_set(r, "conflict", "id", id);
	record_set(r, "conflict", "path", path);
	record_set(r, "conflict", "section", k->section);
	record_set(r, "conflict", "key", k->key);
	if (k->base)
		record_set(r, "conflict", "base", k->base);
	if (k->ours)
		record_set(r, "conflict", "ours", k->ours);
	if (k->theirs)
		record_set(r, "conflict", "theirs", k->theirs);
	record_set(r, "conflict", "ours_author", ours_author ? ours_author : "");
	record_set(r, "conflict", "theirs_author", theirs_author ? theirs_author : "");
	if (ours_commit && *ours_commit)
		record_set(r, "conflict", "ours_commit", ours_commit);
	if (theirs_commit && *theirs_commit)
		record_set(r, "conflict", "theirs_commit", theirs_commit);
	if (k->note)
		record_set(r, "conflict", "note", k->note);
	record_set(r, "conflict", "at", at);
	record_set(r, "conflict", "state", "open");
	return r;
}

/* One conflicts/<id>.ini: what was decided about a key (or a whole record), both values, both sides. */
static int conflict_record(struct updates *u, git_repository *repo, const char *path, const struct record_conflict *k,
			   const struct merge_side *us, const struct merge_side *them, struct jy_err *err)
{
	struct record *r = merge_conflict_record(path, k, side_author(us, path), us ? us->commit : NULL,
						 side_author(them, path), them ? them->commit : NULL);
	struct buf cpath = BUF_INIT;
	git_oid oid;
	int rc = schema_path(&cpath, schema_type("conflict"), r, err);
	if (rc == 0)
		rc = write_record(&oid, repo, cpath.ptr, r, err);
	if (rc == 0)
		upd_add(u, GIT_TREE_UPDATE_UPSERT, cpath.ptr, &oid);
	record_free(r);
	buf_release(&cpath);
	return rc;
}

/* Modified on one side, deleted on the other: the modification stays, and a conflict record says so. */
static int kept_modification(struct updates *u, git_repository *repo, const char *path, int ours_deleted,
			     const struct merge_side *us, const struct merge_side *them, struct jy_err *err)
{
	struct record_conflict k = { (char *)"*", (char *)"*", NULL, NULL, NULL, NULL };
	struct buf note = BUF_INIT;
	buf_printf(&note, L("%s删除了这条记录，%s修改了它：保留修改后的记录（需要时请再删除）",
			    "%s deleted the record and %s changed it: the changed record is kept (delete it again if need be)"),
		   side_author(ours_deleted ? us : them, path), side_author(ours_deleted ? them : us, path));
	k.note = note.ptr;
	k.ours = (char *)L("（修改）", "(changed)");
	k.theirs = (char *)L("（删除）", "(deleted)");
	/* The kept side is the one that modified: swap the sides for the record's wording. */
	int rc = ours_deleted ? conflict_record(u, repo, path, &k, them, us, err) : conflict_record(u, repo, path, &k, us, them, err);
	buf_release(&note);
	return rc;
}

static int both_changed(struct updates *u, struct merge_result *res, git_repository *repo, git_tree *base,
			const struct change *o, const struct change *t, const struct merge_policy *policy,
			const struct merge_side *us, const struct merge_side *them, struct jy_err *err)
{
	struct record *b = NULL, *mine = NULL, *theirs = NULL, *merged = NULL;
	struct vec conflicts = VEC_INIT(record_conflict_free);
	git_oid oid;
	int rc = 0;
	res->both++;
	if (o->deleted && t->deleted)
		return 0;
	if (o->deleted || t->deleted) {
		if (t->deleted) /* theirs lacks it: put ours back */
			upd_add(u, GIT_TREE_UPDATE_UPSERT, o->path, &o->oid);
		res->conflicts++;
		return kept_modification(u, repo, o->path, o->deleted, us, them, err);
	}
	if (git_oid_equal(&o->oid, &t->oid))
		return 0;
	if ((rc = base_record(&b, repo, base, o->path, err)) || (rc = read_record(&mine, repo, &o->oid, o->path, err)) ||
	    (rc = read_record(&theirs, repo, &t->oid, o->path, err)))
		goto cleanup;
	if (policy && policy->record)
		policy->record(policy->ctx, o->path, &merged, &conflicts, b, mine, theirs);
	else
		record_merge3(&merged, &conflicts, b, mine, theirs);
	if ((rc = write_record(&oid, repo, o->path, merged, err)))
		goto cleanup;
	if (!git_oid_equal(&oid, &t->oid))
		upd_add(u, GIT_TREE_UPDATE_UPSERT, o->path, &oid);
	for (size_t i = 0; i < conflicts.len && rc == 0; i++) {
		rc = conflict_record(u, repo, o->path, conflicts.items[i], us, them, err);
		res->conflicts++;
	}
cleanup:
	record_free(b);
	record_free(mine);
	record_free(theirs);
	record_free(merged);
	vec_free(&conflicts);
	return rc;
}

int merge_trees(git_oid *out, struct merge_result *res, git_repository *repo, git_tree *base, git_tree *ours,
		git_tree *theirs, const struct merge_policy *policy, const struct merge_side *us,
		const struct merge_side *them, struct jy_err *err)
{
	struct vec mine = VEC_INIT(change_free), other = VEC_INIT(change_free);
	struct updates u = { NULL, 0, 0, VEC_INIT(free) };
	struct merge_result r = { 0, 0, 0, 0 };
	int rc;
	if ((rc = changes(&mine, repo, base, ours, err)) || (rc = changes(&other, repo, base, theirs, err)))
		goto cleanup;
	vec_sort(&mine, change_cmp);
	vec_sort(&other, change_cmp);
	for (size_t i = 0; i < mine.len && rc == 0; i++) {
		const struct change *o = mine.items[i], *t = find_change(&other, o->path);
		if (t) {
			rc = both_changed(&u, &r, repo, base, o, t, policy, us, them, err);
			continue;
		}
		r.ours_only++;
		upd_add(&u, o->deleted ? GIT_TREE_UPDATE_REMOVE : GIT_TREE_UPDATE_UPSERT, o->path, o->deleted ? NULL : &o->oid);
	}
	for (size_t i = 0; i < other.len; i++)
		r.theirs_only += !find_change(&mine, ((const struct change *)other.items[i])->path);
	if (rc)
		goto cleanup;
	/* A NULL baseline is the empty tree for libgit2. */
	if ((rc = git_tree_create_updated(out, repo, theirs, u.n, u.u)) < 0)
		rc = gitfail(err, rc, L("写入合并结果失败", "cannot write the merged tree"));
	if (rc == 0 && res)
		*res = r;
cleanup:
	free(u.u);
	vec_free(&u.paths);
	vec_free(&mine);
	vec_free(&other);
	return rc;
}
