/* revs: diffs between commits with both sides' bytes, ancestry, and the commits between two tips. */
#include <stdlib.h>
#include <string.h>

#include <git2.h>

#include "jiaoyan/revs.h"

static int gitfail(struct jy_err *err, int rc, const char *what)
{
	const git_error *e = git_error_last();
	return err_set(err, rc == GIT_ENOTFOUND ? JY_ENOTFOUND : JY_EIO, L("%s：%s", "%s: %s"), what,
		       e && e->message ? e->message : "libgit2");
}

static int is_none(const char *hex)
{
	return !hex || !*hex || strspn(hex, "0") == strlen(hex);
}

void rev_change_free(void *p)
{
	struct rev_change *c = p;
	if (!c)
		return;
	free(c->path);
	buf_release(&c->before);
	buf_release(&c->after);
	free(c);
}

void rev_commit_free(void *p)
{
	struct rev_commit *c = p;
	if (!c)
		return;
	free(c->author);
	free(c->email);
	free(c);
}

/* The tree of a commit given in hex; *tree NULL for "no commit". */
static int tree_of(git_tree **tree, git_repository *repo, const char *hex, struct jy_err *err)
{
	git_oid oid;
	git_commit *c = NULL;
	int rc;
	*tree = NULL;
	if (is_none(hex))
		return 0;
	if (git_oid_fromstr(&oid, hex) < 0)
		return err_set(err, JY_EINVAL, L("「%s」不是提交编号", "\"%s\" is not a commit id"), hex);
	if ((rc = git_commit_lookup(&c, repo, &oid)) < 0 || (rc = git_commit_tree(tree, c)) < 0)
		rc = gitfail(err, rc, L("读取提交失败", "cannot read a commit"));
	git_commit_free(c);
	return rc;
}

static int blob_bytes(struct buf *out, git_repository *repo, const git_oid *oid)
{
	git_blob *b = NULL;
	int rc = git_blob_lookup(&b, repo, oid);
	if (rc == 0)
		buf_add(out, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b));
	git_blob_free(b);
	return rc;
}

struct collect {
	git_repository *repo;
	struct vec *out;
	int rc;
};

static int on_delta(const git_diff_delta *d, float progress, void *payload)
{
	struct collect *c = payload;
	struct rev_change *ch = xcalloc(1, sizeof(*ch));
	(void)progress;
	buf_init(&ch->before);
	buf_init(&ch->after);
	ch->had = d->status != GIT_DELTA_ADDED;
	ch->has = d->status != GIT_DELTA_DELETED;
	ch->path = xstrdup(ch->has ? d->new_file.path : d->old_file.path);
	if ((ch->had && (c->rc = blob_bytes(&ch->before, c->repo, &d->old_file.id)) < 0) ||
	    (ch->has && (c->rc = blob_bytes(&ch->after, c->repo, &d->new_file.id)) < 0)) {
		rev_change_free(ch);
		return c->rc;
	}
	vec_push(c->out, ch);
	return 0;
}

int revs_changes(struct vec *out, struct store *s, const char *from, const char *to, struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_tree *a = NULL, *b = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	struct collect c = { repo, out, 0 };
	int rc;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	if ((rc = tree_of(&a, repo, from, err)) || (rc = tree_of(&b, repo, to, err)))
		goto cleanup;
	if ((rc = git_diff_tree_to_tree(&diff, repo, a, b, &o)) < 0 || (rc = git_diff_foreach(diff, on_delta, NULL, NULL, NULL, &c)) < 0)
		rc = gitfail(err, rc, L("比较两个版本失败", "cannot compare two versions"));
cleanup:
	git_diff_free(diff);
	git_tree_free(a);
	git_tree_free(b);
	return rc;
}

int revs_descends(struct store *s, const char *ancestor, const char *hex)
{
	git_oid a, h;
	if (is_none(ancestor))
		return 1;
	if (is_none(hex) || git_oid_fromstr(&a, ancestor) < 0 || git_oid_fromstr(&h, hex) < 0)
		return 0;
	return git_oid_equal(&a, &h) || git_graph_descendant_of(store_git(s), &h, &a) == 1;
}

int revs_commits(struct vec *out, struct store *s, const char *from, const char *to, struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc;
	if (is_none(to))
		return 0;
	if ((rc = git_revwalk_new(&walk, repo)) < 0 ||
	    (rc = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE)) < 0 ||
	    (git_oid_fromstr(&oid, to) == 0 && (rc = git_revwalk_push(walk, &oid)) < 0) ||
	    (!is_none(from) && git_oid_fromstr(&oid, from) == 0 && (rc = git_revwalk_hide(walk, &oid)) < 0)) {
		rc = gitfail(err, rc, L("读取提交历史失败", "cannot walk the history"));
		goto cleanup;
	}
	while ((rc = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		if ((rc = git_commit_lookup(&c, repo, &oid)) < 0)
			break;
		struct rev_commit *rc_ = xcalloc(1, sizeof(*rc_));
		const git_signature *a = git_commit_author(c);
		git_oid_tostr(rc_->oid, sizeof(rc_->oid), &oid);
		rc_->author = xstrdup(a && a->name ? a->name : "");
		rc_->email = xstrdup(a && a->email ? a->email : "");
		rc_->nparents = git_commit_parentcount(c);
		for (unsigned i = 0; i < rc_->nparents && i < 2; i++)
			git_oid_tostr(rc_->parents[i], sizeof(rc_->parents[i]), git_commit_parent_id(c, i));
		vec_push(out, rc_);
		git_commit_free(c);
	}
	rc = rc == GIT_ITEROVER ? 0 : gitfail(err, rc, L("读取提交历史失败", "cannot walk the history"));
cleanup:
	git_revwalk_free(walk);
	return rc;
}

int revs_read(struct buf *out, struct store *s, const char *commit, const char *path, struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int rc = tree_of(&t, repo, commit, err);
	if (rc)
		return rc;
	if (!t || git_tree_entry_bypath(&e, t, path) != 0)
		rc = err_set(err, JY_ENOTFOUND, L("%s 中没有 %s", "%s has no %s"), commit, path);
	else if ((rc = blob_bytes(out, repo, git_tree_entry_id(e))) < 0)
		rc = gitfail(err, rc, L("读取记录失败", "cannot read a record"));
	git_tree_entry_free(e);
	git_tree_free(t);
	return rc;
}

/* The blob id of path in a commit's tree; 0 when absent. */
static int blob_at(git_oid *out, git_commit *c, const char *path)
{
	git_tree *t = NULL;
	git_tree_entry *e = NULL;
	int found = git_commit_tree(&t, c) == 0 && git_tree_entry_bypath(&e, t, path) == 0;
	if (found)
		*out = *git_tree_entry_id(e);
	git_tree_entry_free(e);
	git_tree_free(t);
	return found;
}

int revs_last_author(struct buf *out, struct store *s, const char *from, const char *to, const char *path, struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_revwalk *walk = NULL;
	git_oid oid;
	int rc;
	if ((rc = git_revwalk_new(&walk, repo)) < 0 || (rc = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)) < 0 ||
	    git_oid_fromstr(&oid, to) < 0 || (rc = git_revwalk_push(walk, &oid)) < 0 ||
	    (!is_none(from) && git_oid_fromstr(&oid, from) == 0 && (rc = git_revwalk_hide(walk, &oid)) < 0)) {
		git_revwalk_free(walk);
		return gitfail(err, rc, L("读取提交历史失败", "cannot walk the history"));
	}
	rc = JY_ENOTFOUND;
	while (rc == JY_ENOTFOUND && git_revwalk_next(&oid, walk) == 0) {
		git_commit *c = NULL, *p = NULL;
		git_oid mine, theirs;
		if (git_commit_lookup(&c, repo, &oid) < 0)
			continue;
		int has = blob_at(&mine, c, path);
		int had = git_commit_parentcount(c) && git_commit_parent(&p, c, 0) == 0 && blob_at(&theirs, p, path);
		if (has != had || (has && !git_oid_equal(&mine, &theirs))) {
			buf_reset(out);
			buf_puts(out, git_commit_author(c)->name);
			rc = 0;
		}
		git_commit_free(p);
		git_commit_free(c);
	}
	git_revwalk_free(walk);
	return rc == JY_ENOTFOUND ? err_set(err, rc, "%s", path) : rc;
}
