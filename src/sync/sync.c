/* sync: one campus and the central repository — fetch, check what came, merge record by record, push, retry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <git2.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/id.h"
#include "jiaoyan/revs.h"
#include "jiaoyan/sync.h"
#include "jiaoyan/url.h"

#define SYNC_LOCK "jiaoyan-sync.lock"
#define SYNC_STATE "jiaoyan-sync.state"

static int gitfail(struct jy_err *err, int rc, const char *what)
{
	const git_error *e = git_error_last();
	return err_set(err, rc == GIT_ENOTFOUND ? JY_ENOTFOUND : JY_EIO, L("%s：%s", "%s: %s"), what,
		       e && e->message ? e->message : "libgit2");
}

/* --- remotes --- */

void sync_remote_free(void *p)
{
	struct sync_remote *r = p;
	if (!r)
		return;
	free(r->name);
	free(r->url);
	free(r->message);
	free(r);
}

/*
 * Remotes are plain config entries, remote.NAME.url and remote.NAME.fetch,
 * read and written here rather than through git_remote_list, _create and
 * _delete: libgit2 1.5.1 matches config names there with a pcre2 regex and
 * leaks the match data of every name that does not match (libgit2 #6382).
 */
static int remote_get_url(char **out, git_repository *repo, const char *name)
{
	git_config *cfg = NULL;
	git_buf v = { 0 };
	struct buf key = BUF_INIT;
	buf_printf(&key, "remote.%s.url", name);
	int rc = git_repository_config_snapshot(&cfg, repo);
	if (rc == 0 && (rc = git_config_get_string_buf(&v, cfg, key.ptr)) == 0)
		*out = xstrdup(v.ptr);
	git_buf_dispose(&v);
	git_config_free(cfg);
	buf_release(&key);
	return rc;
}

static int remote_names(struct vec *names, git_repository *repo)
{
	git_config *cfg = NULL;
	git_config_iterator *it = NULL;
	git_config_entry *e;
	int rc = git_repository_config_snapshot(&cfg, repo);
	if (rc == 0)
		rc = git_config_iterator_new(&it, cfg);
	while (rc == 0 && (rc = git_config_next(&e, it)) == 0) {
		size_t n = strlen(e->name);
		if (n > 11 && strncmp(e->name, "remote.", 7) == 0 && strcmp(e->name + n - 4, ".url") == 0) {
			char *name = xstrndup(e->name + 7, n - 11);
			if (vec_has_str(names, name))
				free(name);
			else
				vec_push(names, name);
		}
	}
	git_config_iterator_free(it);
	git_config_free(cfg);
	return rc == GIT_ITEROVER ? 0 : rc;
}

int sync_remote_add(struct store *s, const char *name, const char *url, struct jy_err *err)
{
	struct url *u = NULL;
	struct buf spec = BUF_INIT, key = BUF_INIT;
	git_config *cfg = NULL;
	char *old = NULL;
	int rc;
	if ((rc = url_remote_name_valid(name, err)) || (rc = url_parse(&u, url, err)))
		return rc;
	url_free(u);
	if (remote_get_url(&old, store_git(s), name) == 0) {
		free(old);
		return err_set(err, JY_EEXISTS, L("已经有名为「%s」的远程仓库", "a remote named \"%s\" exists already"), name);
	}
	buf_printf(&spec, "+refs/heads/main:refs/remotes/%s/main", name);
	buf_printf(&key, "remote.%s.url", name);
	if ((rc = git_repository_config(&cfg, store_git(s))) == 0 && (rc = git_config_set_string(cfg, key.ptr, url)) == 0) {
		buf_reset(&key);
		buf_printf(&key, "remote.%s.fetch", name);
		rc = git_config_set_string(cfg, key.ptr, spec.ptr);
	}
	if (rc < 0)
		rc = gitfail(err, rc, L("无法登记远程仓库", "cannot add the remote"));
	git_config_free(cfg);
	buf_release(&spec);
	buf_release(&key);
	return rc;
}

int sync_remote_rm(struct store *s, const char *name, struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_config *cfg = NULL;
	git_reference_iterator *it = NULL;
	git_reference *ref;
	struct buf key = BUF_INIT;
	char *old = NULL;
	int rc;
	if (remote_get_url(&old, repo, name) != 0)
		return err_set(err, JY_ENOTFOUND, L("没有名为「%s」的远程仓库", "no remote named \"%s\""), name);
	free(old);
	buf_printf(&key, "remote.%s.url", name);
	if ((rc = git_repository_config(&cfg, repo)) == 0 && (rc = git_config_delete_entry(cfg, key.ptr)) == 0) {
		buf_reset(&key);
		buf_printf(&key, "remote.%s.fetch", name);
		if (git_config_delete_entry(cfg, key.ptr) == GIT_ENOTFOUND)
			git_error_clear();
		/* Its remote-tracking refs go with it, as git remote remove does. */
		buf_reset(&key);
		buf_printf(&key, "refs/remotes/%s/*", name);
		if ((rc = git_reference_iterator_glob_new(&it, repo, key.ptr)) == 0) {
			while (git_reference_next(&ref, it) == 0) {
				git_reference_delete(ref);
				git_reference_free(ref);
			}
			git_reference_iterator_free(it);
		}
	}
	git_config_free(cfg);
	buf_release(&key);
	return rc < 0 ? gitfail(err, rc, L("无法删除远程仓库", "cannot remove the remote")) : 0;
}

/* jiaoyan-sync.state: one line per remote, "name\tlast\tok\tahead\tbehind\tmessage". */
static void state_path(struct buf *out, struct store *s)
{
	buf_printf(out, "%s/%s", store_path(s), SYNC_STATE);
}

static void read_state(struct sync_remote *r, struct store *s)
{
	struct buf path = BUF_INIT;
	char line[4096];
	state_path(&path, s);
	FILE *f = fopen(path.ptr, "r");
	r->message = xstrdup("");
	while (f && fgets(line, sizeof(line), f)) {
		char *fields[6] = { 0 };
		size_t n = 0;
		line[strcspn(line, "\n")] = '\0';
		for (char *p = line; n < 6; n++) {
			fields[n] = p;
			char *tab = strchr(p, '\t');
			if (!tab) {
				n++;
				break;
			}
			*tab = '\0';
			p = tab + 1;
		}
		if (n < 6 || strcmp(fields[0], r->name) != 0)
			continue;
		r->last = (time_t)atoll(fields[1]);
		r->ok = atoi(fields[2]);
		r->ahead = (size_t)atol(fields[3]);
		r->behind = (size_t)atol(fields[4]);
		free(r->message);
		r->message = xstrdup(fields[5]);
	}
	if (f)
		fclose(f);
	buf_release(&path);
}

/* Replaces this remote's line (derived data: failing to write it is not an error). */
static void write_state(struct store *s, const char *name, int ok, size_t ahead, size_t behind, const char *message)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT, data = BUF_INIT;
	char line[4096];
	state_path(&path, s);
	FILE *f = fopen(path.ptr, "r");
	while (f && fgets(line, sizeof(line), f)) {
		size_t n = strcspn(line, "\t");
		if (!(n == strlen(name) && strncmp(line, name, n) == 0))
			buf_puts(&data, line);
	}
	if (f)
		fclose(f);
	buf_printf(&data, "%s\t%lld\t%d\t%zu\t%zu\t", name, (long long)id_now(), ok, ahead, behind);
	/* One line: a server's message may hold newlines and tabs. */
	for (const char *p = message ? message : ""; *p; p++)
		buf_putc(&data, *p == '\n' || *p == '\t' || *p == '\r' ? ' ' : *p);
	buf_putc(&data, '\n');
	buf_printf(&tmp, "%s.%ld", path.ptr, (long)getpid());
	f = fopen(tmp.ptr, "w");
	if (f && fwrite(data.ptr, 1, data.len, f) == data.len && fclose(f) == 0)
		rename(tmp.ptr, path.ptr);
	else if (f)
		fclose(f);
	unlink(tmp.ptr);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&data);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(((const struct sync_remote *)a)->name, ((const struct sync_remote *)b)->name);
}

int sync_remotes(struct vec *out, struct store *s, struct jy_err *err)
{
	struct vec names = VEC_INIT(free), got = VEC_INIT(sync_remote_free);
	int rc = remote_names(&names, store_git(s));
	if (rc < 0) {
		vec_free(&names);
		return gitfail(err, rc, L("无法读取远程仓库", "cannot read the remotes"));
	}
	for (size_t i = 0; i < names.len; i++) {
		char *url = NULL;
		if (remote_get_url(&url, store_git(s), names.items[i]) != 0)
			continue;
		struct sync_remote *sr = xcalloc(1, sizeof(*sr));
		sr->name = xstrdup(names.items[i]);
		sr->url = url;
		read_state(sr, s);
		vec_push(&got, sr);
	}
	vec_free(&names);
	vec_sort(&got, name_cmp);
	for (size_t i = 0; i < got.len; i++)
		vec_push(out, got.items[i]);
	got.len = 0;
	vec_free(&got);
	return 0;
}

/* Whether the state file records a failed sync of any remote (a cheap look before libgit2 is started). */
static int state_has_failure(struct store *s)
{
	struct buf path = BUF_INIT;
	char line[4096];
	int yes = 0;
	state_path(&path, s);
	FILE *f = fopen(path.ptr, "r");
	while (f && !yes && fgets(line, sizeof(line), f)) {
		/* name \t last \t ok \t ...: a line with a last attempt and ok 0. */
		char *last = strchr(line, '\t'), *ok = last ? strchr(last + 1, '\t') : NULL;
		yes = ok && atoll(last + 1) != 0 && atoi(ok + 1) == 0;
	}
	if (f)
		fclose(f);
	buf_release(&path);
	return yes;
}

int sync_failed(struct vec *out, struct store *s, struct jy_err *err)
{
	struct vec all = VEC_INIT(sync_remote_free);
	int rc = 0;
	/* The state file may name remotes since removed: only a failure there sends us to the configuration. */
	if (!state_has_failure(s) || (rc = sync_remotes(&all, s, err)) != 0)
		goto cleanup;
	for (size_t i = 0; i < all.len; i++) {
		struct sync_remote *r = all.items[i];
		if (r->last && !r->ok) {
			vec_push(out, r);
			all.items[i] = NULL;
		}
	}
cleanup:
	vec_free(&all);
	return rc;
}

int sync_default_remote(char **out, struct store *s, const char *preferred, struct jy_err *err)
{
	struct vec all = VEC_INIT(sync_remote_free);
	int rc = sync_remotes(&all, s, err);
	if (rc)
		goto cleanup;
	if (preferred && *preferred) {
		*out = xstrdup(preferred);
	} else if (all.len == 1) {
		*out = xstrdup(((struct sync_remote *)all.items[0])->name);
	} else if (!all.len) {
		rc = err_set(err, JY_EUSAGE, "%s", L("还没有登记远程仓库", "no remote has been added"));
		err_hint(err, "remote-add", "");
	} else {
		rc = err_set(err, JY_EUSAGE, "%s",
			     L("有多个远程仓库：请指定一个（或在配置 [sync] remote 中设定默认）",
			       "several remotes: name one (or set [sync] remote in the configuration)"));
	}
cleanup:
	vec_free(&all);
	return rc;
}

/* --- one sync --- */

static int remote_url(char **out, struct store *s, const char *name, struct jy_err *err)
{
	int rc = remote_get_url(out, store_git(s), name);
	if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
		return err_set(err, JY_ENOTFOUND, L("没有名为「%s」的远程仓库", "no remote named \"%s\""), name);
	return rc < 0 ? gitfail(err, rc, L("无法读取远程仓库", "cannot read the remote")) : 0;
}

/* Another sync of this repository runs: say who. */
static int busy(struct jy_err *err, struct store *s)
{
	struct buf path = BUF_INIT;
	char pid[32] = "";
	buf_printf(&path, "%s/%s", store_path(s), SYNC_LOCK);
	FILE *f = fopen(path.ptr, "r");
	if (f) {
		if (!fgets(pid, sizeof(pid), f))
			pid[0] = '\0';
		fclose(f);
	}
	pid[strcspn(pid, "\n")] = '\0';
	err_set(err, JY_ELOCKED, L("另一次同步正在进行（进程 %s，锁文件 %s）；请等它结束再同步",
				   "another sync of this repository is running (process %s, lock %s); try again when it ends"),
		*pid ? pid : "?", path.ptr);
	buf_release(&path);
	return JY_ELOCKED;
}

/* The records that changed from `from` to `to` (deleted ones excluded), checked as having arrived in `to`. */
struct arrival {
	struct store *at;
	const struct sync_rules *rules;
	git_repository *repo;
	struct vec problems;
	size_t count;
};

static int check_delta(const git_diff_delta *d, float progress, void *payload)
{
	struct arrival *a = payload;
	git_blob *b = NULL;
	(void)progress;
	if (d->status == GIT_DELTA_DELETED)
		return 0;
	a->count++;
	if (!a->rules || !a->rules->check)
		return 0;
	if (git_blob_lookup(&b, a->repo, &d->new_file.id) < 0) {
		vec_push(&a->problems, xasprintf(L("%s：读不到内容", "%s: cannot be read"), d->new_file.path));
		return 0;
	}
	a->rules->check(a->rules->ctx, a->at, d->new_file.path, git_blob_rawcontent(b), (size_t)git_blob_rawsize(b),
			&a->problems);
	git_blob_free(b);
	return 0;
}

/*
 * libgit2 does no fsck on fetch: every record that arrived is checked with
 * the same strict reader as local files before anything is merged.
 * *count gets how many records changed.
 */
static int check_arrivals(size_t *count, struct store *s, git_commit *from, git_commit *to, const struct sync_rules *rules,
			  struct jy_err *err)
{
	struct arrival a = { NULL, rules, store_git(s), VEC_INIT(free), 0 };
	git_tree *ft = NULL, *tt = NULL;
	git_diff *diff = NULL;
	git_diff_options o;
	char hex[41];
	int rc = 0;
	git_diff_options_init(&o, GIT_DIFF_OPTIONS_VERSION);
	o.flags = GIT_DIFF_SKIP_BINARY_CHECK;
	if ((from && (rc = git_commit_tree(&ft, from)) < 0) || (rc = git_commit_tree(&tt, to)) < 0 ||
	    (rc = git_diff_tree_to_tree(&diff, a.repo, ft, tt, &o)) < 0) {
		rc = gitfail(err, rc, L("比较收到的版本失败", "cannot compare what arrived"));
		goto cleanup;
	}
	/* References are judged against the tree the records came in. */
	git_oid_tostr(hex, sizeof(hex), git_commit_id(to));
	if (rules && rules->check && (rc = store_open(&a.at, store_path(s), err)) == 0)
		rc = store_set_snapshot(a.at, hex, err);
	if (rc)
		goto cleanup;
	if ((rc = git_diff_foreach(diff, check_delta, NULL, NULL, NULL, &a)) < 0) {
		rc = gitfail(err, rc, L("检查收到的记录失败", "cannot check what arrived"));
		goto cleanup;
	}
	if (a.problems.len) {
		struct buf msg = BUF_INIT;
		buf_printf(&msg, L("收到的记录中有 %zu 处问题，本次同步没有合并任何内容（本地分支未改变）：",
				   "%zu problems in the records that arrived; nothing was merged (the local branch is untouched):"),
			   a.problems.len);
		for (size_t i = 0; i < a.problems.len && i < 20; i++)
			buf_printf(&msg, "\n  %s", (char *)a.problems.items[i]);
		rc = err_set(err, JY_EINVAL, "%s", msg.ptr);
		buf_release(&msg);
		goto cleanup;
	}
	*count = a.count;
cleanup:
	store_free(a.at);
	vec_free(&a.problems);
	git_diff_free(diff);
	git_tree_free(ft);
	git_tree_free(tt);
	return rc;
}

static size_t changed_records(git_repository *repo, git_commit *from, git_commit *to)
{
	git_tree *ft = NULL, *tt = NULL;
	git_diff *diff = NULL;
	size_t n = 0;
	if ((!from || git_commit_tree(&ft, from) == 0) && git_commit_tree(&tt, to) == 0 &&
	    git_diff_tree_to_tree(&diff, repo, ft, tt, NULL) == 0)
		n = git_diff_num_deltas(diff);
	git_diff_free(diff);
	git_tree_free(ft);
	git_tree_free(tt);
	return n;
}

/* Who made a side's change to a record: the author of the last commit since the merge base that touched it. */
struct side_who {
	struct store *s;
	char from[41], to[41];
	struct buf name;
};

static const char *last_author(void *ctx, const char *path)
{
	struct side_who *w = ctx;
	return revs_last_author(&w->name, w->s, w->from, w->to, path, NULL) == 0 ? w->name.ptr : NULL;
}

/* The merge commit of local and remote tips: first parent ours, second theirs. */
static int merge_commit(git_oid *out, size_t *conflicts, struct store *s, git_commit *local, git_commit *remote,
			const char *name, size_t received, const struct store_sig *author, const struct sync_rules *rules,
			struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_oid base_oid, tree_oid;
	git_commit *base = NULL;
	git_tree *bt = NULL, *lt = NULL, *rt = NULL, *mt = NULL;
	git_signature *sig = NULL;
	struct merge_result res = { 0, 0, 0, 0 };
	struct buf msg = BUF_INIT;
	struct side_who wu = { s, "", "", BUF_INIT }, wt = { s, "", "", BUF_INIT };
	char lhex[41], rhex[41];
	int rc = git_merge_base(&base_oid, repo, git_commit_id(local), git_commit_id(remote));
	if (rc == 0)
		rc = git_commit_lookup(&base, repo, &base_oid);
	else if (rc == GIT_ENOTFOUND)
		rc = 0; /* no common history: every record is new to the other side */
	if (rc < 0 || (base && (rc = git_commit_tree(&bt, base)) < 0) || (rc = git_commit_tree(&lt, local)) < 0 ||
	    (rc = git_commit_tree(&rt, remote)) < 0) {
		rc = gitfail(err, rc, L("读取要合并的版本失败", "cannot read the versions to merge"));
		goto cleanup;
	}
	git_oid_tostr(lhex, sizeof(lhex), git_commit_id(local));
	git_oid_tostr(rhex, sizeof(rhex), git_commit_id(remote));
	if (base) {
		git_oid_tostr(wu.from, sizeof(wu.from), git_commit_id(base));
		memcpy(wt.from, wu.from, sizeof(wt.from));
	}
	memcpy(wu.to, lhex, sizeof(wu.to));
	memcpy(wt.to, rhex, sizeof(wt.to));
	struct merge_side us = { author->name, lhex, last_author, &wu }, them = { name, rhex, last_author, &wt };
	if ((rc = merge_trees(&tree_oid, &res, repo, bt, lt, rt, rules ? rules->merge : NULL, &us, &them, err)))
		goto cleanup;
	if (err_lang_en())
		buf_printf(&msg, "sync: merge %zu records of %s", received, name);
	else
		buf_printf(&msg, "同步：合并 %s 的 %zu 条记录", name, received);
	if (res.conflicts)
		buf_printf(&msg, L("，%zu 处冲突", ", %zu conflicts"), res.conflicts);
	buf_putc(&msg, '\n');
	if ((rc = git_signature_new(&sig, author->name && *author->name ? author->name : "jiaoyan",
				    author->email && *author->email ? author->email : "jiaoyan@localhost",
				    (git_time_t)id_now(), 0)) < 0 ||
	    (rc = git_tree_lookup(&mt, repo, &tree_oid)) < 0) {
		rc = gitfail(err, rc, L("写入合并提交失败", "cannot write the merge commit"));
		goto cleanup;
	}
	const git_commit *parents[2] = { local, remote };
	if ((rc = git_commit_create(out, repo, NULL, sig, sig, NULL, msg.ptr, mt, 2, parents)) < 0)
		rc = gitfail(err, rc, L("写入合并提交失败", "cannot write the merge commit"));
	*conflicts = res.conflicts;
cleanup:
	buf_release(&wu.name);
	buf_release(&wt.name);
	git_commit_free(base);
	git_tree_free(bt);
	git_tree_free(lt);
	git_tree_free(rt);
	git_tree_free(mt);
	git_signature_free(sig);
	buf_release(&msg);
	return rc;
}

static int lookup(git_commit **out, git_repository *repo, const git_oid *oid, struct jy_err *err)
{
	int rc = git_commit_lookup(out, repo, oid);
	return rc < 0 ? gitfail(err, rc, L("读取提交失败", "cannot read a commit")) : 0;
}

/* One round: fetch, bring local main up to date with the remote (fast-forward or merge), push when needed. */
static int round_trip(struct sync_report *rep, int *retry, struct store *s, const char *name, const char *url,
		      const struct store_sig *author, const struct sync_rules *rules, const struct transport_opts *t,
		      struct jy_err *err)
{
	git_repository *repo = store_git(s);
	git_commit *local = NULL, *remote = NULL;
	git_oid rtip, ltip, merged;
	struct buf ref = BUF_INIT;
	char lhex[41] = "", nhex[41];
	int empty = 0, rejected = 0, rc;
	size_t ahead = 0, behind = 0;
	*retry = 0;
	buf_printf(&ref, "refs/remotes/%s/main", name);
	/* What the remote says while we fetch is its progress, not news: only the push's words (its hook) are passed on. */
	struct transport_opts quiet_fetch = *t;
	quiet_fetch.remote_text = NULL;
	if ((rc = transport_fetch(&rtip, &empty, repo, url, ref.ptr, &quiet_fetch, err))) {
		/* A fetch is never refused by the central's rules: an unknown or changed host key is a failure to
		 * authenticate the server, which cron reads as exit 3 like the network's. */
		if (rc == JY_EPERM)
			rc = err->code = JY_ENET;
		goto cleanup;
	}
	if ((rc = store_refresh(s, err)))
		goto cleanup;
	store_head(s, lhex);
	if (*lhex && (git_oid_fromstr(&ltip, lhex) < 0 || (rc = lookup(&local, repo, &ltip, err))))
		goto cleanup;
	if (!empty && (rc = lookup(&remote, repo, &rtip, err)))
		goto cleanup;
	if (!local && !remote)
		goto done; /* two empty repositories are in sync */
	if (local && remote && git_oid_equal(&ltip, &rtip))
		goto done;
	if (remote && (!local || git_graph_descendant_of(repo, &rtip, &ltip) == 1)) {
		/* Fast-forward: only the remote has news. */
		if ((rc = check_arrivals(&rep->received, s, local, remote, rules, err)))
			goto cleanup;
		git_oid_tostr(nhex, sizeof(nhex), &rtip);
		rc = store_advance(s, lhex, nhex, "jiaoyan: sync (fast-forward)", err);
		if (rc == JY_ECONFLICT)
			*retry = 1; /* someone committed locally meanwhile: go round again */
		if (rc)
			goto cleanup;
		goto done;
	}
	merged = ltip;
	if (remote && git_graph_descendant_of(repo, &ltip, &rtip) != 1) {
		/* Both sides have news: check theirs, merge record by record. */
		git_oid base_oid;
		git_commit *base = NULL;
		if (git_merge_base(&base_oid, repo, &ltip, &rtip) == 0 && (rc = lookup(&base, repo, &base_oid, err)))
			goto cleanup;
		rc = check_arrivals(&rep->received, s, base, remote, rules, err);
		git_commit_free(base);
		if (rc || (rc = merge_commit(&merged, &rep->conflicts, s, local, remote, name, rep->received, author, rules, err)))
			goto cleanup;
		git_oid_tostr(nhex, sizeof(nhex), &merged);
		if ((rc = store_advance(s, lhex, nhex, "jiaoyan: sync (merge)", err))) {
			if (rc == JY_ECONFLICT)
				*retry = 1;
			goto cleanup;
		}
		rep->merged = 1;
	}
	{
		git_commit *pushed = NULL;
		if (lookup(&pushed, repo, &merged, err) == 0)
			rep->sent = changed_records(repo, remote, pushed);
		git_commit_free(pushed);
	}
	rep->attempts++;
	rc = transport_push(&rejected, repo, url, &merged, t, err);
	if (rc && rejected == 2) {
		*retry = 1; /* another campus pushed first: fetch and merge again */
		goto cleanup;
	}
	if (rc)
		goto cleanup;
	/* What we pushed is now the remote's main. */
	git_reference *r = NULL;
	if (git_reference_create(&r, repo, ref.ptr, &merged, 1, "jiaoyan: pushed") == 0)
		git_reference_free(r);
	rtip = merged;
done:
	store_head(s, rep->local);
	if (remote || rep->attempts)
		git_oid_tostr(rep->remote, sizeof(rep->remote), &rtip);
	if (*rep->local && *rep->remote && git_oid_fromstr(&ltip, rep->local) == 0)
		git_graph_ahead_behind(&ahead, &behind, repo, &ltip, &rtip);
	write_state(s, name, 1, ahead, behind, "");
cleanup:
	git_commit_free(local);
	git_commit_free(remote);
	buf_release(&ref);
	return rc;
}

int sync_run(struct sync_report *rep, struct store *s, const char *name, const struct store_sig *author,
	     const struct sync_rules *rules, const struct transport_opts *t, struct jy_err *err)
{
	char *url = NULL;
	int fd = -1, retry = 0, rc;
	memset(rep, 0, sizeof(*rep));
	if ((rc = remote_url(&url, s, name, err)))
		return rc;
	rc = store_lock(&fd, s, SYNC_LOCK, 3, err);
	if (rc == JY_ELOCKED)
		rc = busy(err, s);
	if (rc)
		goto cleanup;
	/* Who holds the lock, for the next one who waits. */
	if (ftruncate(fd, 0) == 0) {
		char pid[32];
		int n = snprintf(pid, sizeof(pid), "%ld\n", (long)getpid());
		if (pwrite(fd, pid, (size_t)n, 0) != n)
			errno = 0;
	}
	for (int i = 0; i < SYNC_ATTEMPTS; i++) {
		rc = round_trip(rep, &retry, s, name, url, author, rules, t, err);
		if (!retry)
			break;
	}
	if (retry && rc == 0)
		rc = err_set(err, JY_ECONFLICT,
			     L("同步了 %d 次，每次推送前都有其他校区先推送了：请稍后再试", "synced %d times, and each time another campus pushed first: try again later"),
			     SYNC_ATTEMPTS);
	else if (retry)
		err_prefix(err, L("同步了 %d 次仍未完成", "not done after %d attempts"), SYNC_ATTEMPTS);
	if (rc)
		write_state(s, name, 0, 0, 0, err ? err->msg : "");
cleanup:
	if (fd >= 0)
		close(fd);
	free(url);
	return rc;
}
