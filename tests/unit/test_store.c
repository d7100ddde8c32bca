/* test_store: the git store — commits, reads, merges of concurrent writers, listing, resolving, packing, stress. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utime.h>

#include <git2.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/err.h"
#include "jiaoyan/id.h"
#include "jiaoyan/record.h"
#include "jiaoyan/schema.h"
#include "jiaoyan/store.h"
#include "jiaoyan/vec.h"

static char root[64];
static int seq;

static const struct store_sig zhang = { "张伟", "zhangwei@s01.jiaoyan" };
static const struct store_sig li = { "李娜", "lina@s02.jiaoyan" };

/* A fresh repository path under the suite's temporary directory. */
static char *repo_path(void)
{
	return xasprintf("%s/r%d.git", root, ++seq);
}

static int sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static int sh(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	int rc = system(cmd.ptr);
	buf_release(&cmd);
	return WIFEXITED(rc) ? WEXITSTATUS(rc) : -1;
}

/* First line of a shell command's output. */
static char *sh_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sh_out(const char *fmt, ...)
{
	struct buf cmd = BUF_INIT, out = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&cmd, fmt, ap);
	va_end(ap);
	FILE *p = popen(cmd.ptr, "r");
	char line[4096];
	while (p && fgets(line, sizeof(line), p))
		buf_puts(&out, line);
	if (p)
		pclose(p);
	while (out.len && out.ptr[out.len - 1] == '\n')
		buf_truncate(&out, out.len - 1);
	buf_release(&cmd);
	return buf_detach(&out);
}

static struct store *must_init(const char *path)
{
	struct store *s = NULL;
	struct jy_err err = JY_ERR_INIT;
	int rc = store_init(&s, path, 0, &err);
	if (rc != 0)
		print_error("store_init: %s\n", err.msg);
	assert_int_equal(rc, 0);
	return s;
}

static struct store *must_open(const char *path)
{
	struct store *s = NULL;
	struct jy_err err = JY_ERR_INIT;
	int rc = store_open(&s, path, &err);
	if (rc != 0)
		print_error("store_open: %s\n", err.msg);
	assert_int_equal(rc, 0);
	return s;
}

static struct record *person(const char *id, const char *name, const char *school)
{
	struct record *r = record_new();
	record_set(r, "person", "id", id);
	record_set(r, "person", "name", name);
	record_set(r, "person", "school", school);
	return r;
}

static struct record *observation(const char *id, const char *term, const char *school, const char *course)
{
	struct record *r = record_new();
	record_set(r, "observation", "id", id);
	record_set(r, "observation", "term", term);
	record_set(r, "observation", "date", "2026-11-20");
	record_set(r, "observation", "kind", "peer");
	record_set(r, "observation", "school", school);
	record_set(r, "observation", "observer", "zhangwei");
	record_set(r, "observation", "teacher", "lina");
	record_set(r, "observation", "course", course);
	return r;
}

/* The sharded path (DESIGN §2.2): the id's month below term and school. */
static char *obs_path(const char *term, const char *school, const char *id)
{
	char month[8];
	assert_int_equal(id_month(month, id), 0);
	return xasprintf("observations/%s/%s/%s/%s.ini", term, school, month, id);
}

/* Commits one put (or delete when r is NULL); returns the new commit id. */
static void commit1(struct store *s, const char *path, struct record *r, const struct store_sig *who,
		    const char *msg, char oid[41])
{
	struct store_txn *t = NULL;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	if (r)
		assert_int_equal(store_txn_put(t, path, r, &err), 0);
	else
		assert_int_equal(store_txn_delete(t, path, &err), 0);
	int rc = store_txn_commit(t, who, msg, oid, &err);
	if (rc != 0)
		print_error("commit: %s\n", err.msg);
	assert_int_equal(rc, 0);
	store_txn_free(t);
}

static const char *get(struct store *s, const char *path, const char *sec, const char *key, struct record **keep)
{
	struct jy_err err = JY_ERR_INIT;
	record_free(*keep);
	*keep = NULL;
	int rc = store_read(keep, s, path, &err);
	if (rc != 0)
		print_error("read %s: %s\n", path, err.msg);
	assert_int_equal(rc, 0);
	return record_get(*keep, sec, key);
}

static int fsck_clean(const char *path)
{
	return sh("git --git-dir='%s' fsck --strict --no-progress >/dev/null 2>&1", path) == 0;
}

/* Writes raw bytes at path straight through libgit2, bypassing the codec (a hostile campus). */
static void write_raw(const char *repo, const char *path, const char *data, size_t len)
{
	git_repository *r = NULL;
	git_reference *ref = NULL, *nref = NULL;
	git_commit *head = NULL;
	git_tree *tree = NULL, *nt = NULL;
	git_signature *sig = NULL;
	git_oid blob, toid, coid;
	assert_int_equal(git_repository_open_bare(&r, repo), 0);
	assert_int_equal(git_reference_lookup(&ref, r, "refs/heads/main"), 0);
	assert_int_equal(git_commit_lookup(&head, r, git_reference_target(ref)), 0);
	assert_int_equal(git_commit_tree(&tree, head), 0);
	assert_int_equal(git_blob_create_from_buffer(&blob, r, data, len), 0);
	git_tree_update u = { GIT_TREE_UPDATE_UPSERT, blob, GIT_FILEMODE_BLOB, path };
	assert_int_equal(git_tree_create_updated(&toid, r, tree, 1, &u), 0);
	assert_int_equal(git_tree_lookup(&nt, r, &toid), 0);
	assert_int_equal(git_signature_now(&sig, "evil", "evil@example.org"), 0);
	const git_commit *parents[] = { head };
	assert_int_equal(git_commit_create(&coid, r, NULL, sig, sig, NULL, "raw\n", nt, 1, parents), 0);
	assert_int_equal(git_reference_set_target(&nref, ref, &coid, "raw"), 0);
	git_reference_free(nref);
	git_signature_free(sig);
	git_tree_free(nt);
	git_tree_free(tree);
	git_commit_free(head);
	git_reference_free(ref);
	git_repository_free(r);
}

static size_t loose_objects(const char *repo)
{
	char *n = sh_out("find '%s/objects' -path '*/objects/[0-9a-f][0-9a-f]/*' -type f | wc -l", repo);
	size_t v = (size_t)atol(n);
	free(n);
	return v;
}

/* --- tests --- */

static void test_init_open(void **state)
{
	(void)state;
	char *path = repo_path();
	struct jy_err err = JY_ERR_INIT;
	struct store *s = must_init(path), *t = NULL;
	char head[41] = "x";
	store_head(s, head);
	assert_string_equal(head, "");
	assert_non_null(strstr(store_path(s), "r"));
	char *h = sh_out("cat '%s/HEAD'", path);
	assert_string_equal(h, "ref: refs/heads/main");
	free(h);
	char *bare = sh_out("git --git-dir='%s' config core.bare", path);
	assert_string_equal(bare, "true");
	free(bare);
	assert_int_equal(store_init(&t, path, 0, &err), JY_EEXISTS);
	assert_null(t);
	store_free(s);
	s = must_open(path);
	store_free(s);

	char *missing = xasprintf("%s/nothing-here.git", root);
	assert_int_equal(store_open(&t, missing, &err), JY_ENOTFOUND);
	assert_non_null(strstr(err.msg, "找不到数据仓库"));
	assert_string_equal(err.hint, "init"); /* the CLI words it: run jiaoyan init, or -C */
	assert_null(t);
	free(missing);
	free(path);
}

static void test_commit_and_read(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct record *r = person("zhangwei", "张伟", "s01"), *got = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct buf raw = BUF_INIT, enc = BUF_INIT;
	char oid[41], head[41];

	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	commit1(s, "people/zhangwei.ini", r, &zhang, "人员：张伟", oid);
	assert_int_equal(strlen(oid), 40);
	store_head(s, head);
	assert_string_equal(head, oid);
	assert_int_equal(store_read(&got, s, "people/zhangwei.ini", &err), 0);
	assert_true(record_equal(got, r));
	assert_int_equal(store_read_raw(&raw, s, "people/zhangwei.ini", &err), 0);
	assert_int_equal(codec_encode(&enc, r, &err), 0);
	assert_string_equal(raw.ptr, enc.ptr);
	assert_true(store_exists(s, "people/zhangwei.ini"));
	assert_false(store_exists(s, "people/nobody.ini"));
	assert_false(store_exists(s, "people"));
	assert_false(store_exists(s, "../people/zhangwei.ini"));
	assert_int_equal(store_read(&got, s, "people/nobody.ini", &err), JY_ENOTFOUND);

	/* What git itself sees: the file, the author, the fixed time, the message. */
	char *cat = sh_out("git --git-dir='%s' cat-file -p main:people/zhangwei.ini | head -1", path);
	assert_string_equal(cat, "[person]");
	free(cat);
	char *who = sh_out("git --git-dir='%s' log -1 --format='%%an <%%ae> %%at %%s'", path);
	assert_string_equal(who, "张伟 <zhangwei@s01.jiaoyan> 1795339800 人员：张伟");
	free(who);

	/* Nothing staged, or a put equal to what HEAD holds: no commit. */
	char none[41] = "x";
	struct store_txn *t = NULL;
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	assert_int_equal(store_txn_commit(t, &zhang, "nothing", none, &err), 0);
	assert_string_equal(none, "");
	store_txn_free(t);
	strcpy(none, "x");
	commit1(s, "people/zhangwei.ini", r, &zhang, "same", none);
	assert_string_equal(none, "");
	store_head(s, head);
	assert_string_equal(head, oid);

	/* Bad paths are refused before anything is written. */
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	assert_int_equal(store_txn_put(t, "people/../x.ini", r, &err), JY_EINVAL);
	assert_int_equal(store_txn_put(t, "/people/x.ini", r, &err), JY_EINVAL);
	assert_int_equal(store_txn_put(t, "people/Zhang.ini", r, &err), JY_EINVAL);
	assert_int_equal(store_txn_put(t, "people/x", r, &err), JY_EINVAL);
	store_txn_free(t);

	/* A second handle sees the commit after opening. */
	struct store *s2 = must_open(path);
	assert_true(store_exists(s2, "people/zhangwei.ini"));
	store_free(s2);
	assert_true(fsck_clean(path));

	unsetenv("JIAOYAN_NOW");
	record_free(r);
	record_free(got);
	buf_release(&raw);
	buf_release(&enc);
	store_free(s);
	free(path);
}

static void test_txn_puts_deletes(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct store_txn *t = NULL;
	struct record *a = person("a", "甲", "s01"), *b = person("b", "乙", "s01"), *c = person("c", "丙", "s02");
	struct record *got = NULL;
	char oid[41];

	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	assert_int_equal(store_txn_put(t, "people/a.ini", a, &err), 0);
	assert_int_equal(store_txn_put(t, "people/b.ini", b, &err), 0);
	assert_int_equal(store_txn_put(t, "schools/s01.ini", c, &err), 0);
	assert_int_equal(store_txn_read(&got, t, "people/b.ini", &err), 0);
	assert_true(record_equal(got, b));
	record_free(got);
	got = NULL;
	assert_int_equal(store_txn_commit(t, &zhang, "三条", oid, &err), 0);
	store_txn_free(t);
	char *n = sh_out("git --git-dir='%s' rev-list --count main", path);
	assert_string_equal(n, "1");
	free(n);

	/* One transaction: modify a, delete b, delete the only school (its directory goes too). */
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	record_set(a, "person", "name", "甲改");
	assert_int_equal(store_txn_put(t, "people/a.ini", a, &err), 0);
	assert_int_equal(store_txn_delete(t, "people/b.ini", &err), 0);
	assert_int_equal(store_txn_delete(t, "schools/s01.ini", &err), 0);
	assert_int_equal(store_txn_delete(t, "people/zzz.ini", &err), JY_ENOTFOUND);
	assert_int_equal(store_txn_read(&got, t, "people/b.ini", &err), JY_ENOTFOUND);
	assert_int_equal(store_txn_read(&got, t, "people/a.ini", &err), 0);
	assert_string_equal(record_get(got, "person", "name"), "甲改");
	record_free(got);
	got = NULL;
	assert_int_equal(store_txn_commit(t, &zhang, "改删", oid, &err), 0);
	store_txn_free(t);

	assert_string_equal(get(s, "people/a.ini", "person", "name", &got), "甲改");
	assert_false(store_exists(s, "people/b.ini"));
	assert_false(store_exists(s, "schools/s01.ini"));
	char *ls = sh_out("git --git-dir='%s' ls-tree --name-only main | tr '\\n' ' '", path);
	assert_string_equal(ls, "people ");
	free(ls);
	size_t count = 0;
	assert_int_equal(store_count(&count, s, "people", &err), 0);
	assert_int_equal(count, 1);
	assert_int_equal(store_count(&count, s, "", &err), 0);
	assert_int_equal(count, 1);
	assert_true(fsck_clean(path));

	record_free(a);
	record_free(b);
	record_free(c);
	record_free(got);
	store_free(s);
	free(path);
}

static void test_history(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct record *a = person("a", "v1", "s01"), *b = person("b", "b", "s01"), *old = NULL;
	struct vec h = VEC_INIT(store_commit_free);
	char c1[41], c2[41], c3[41], c4[41];

	setenv("JIAOYAN_NOW", "1795339800", 1);
	commit1(s, "people/a.ini", a, &zhang, "one", c1);
	commit1(s, "people/b.ini", b, &li, "other", c2);
	record_set(a, "person", "name", "v2");
	setenv("JIAOYAN_NOW", "1795339900", 1);
	commit1(s, "people/a.ini", a, &li, "two", c3);
	commit1(s, "people/a.ini", NULL, &zhang, "gone", c4);
	unsetenv("JIAOYAN_NOW");

	assert_int_equal(store_history(&h, s, "people/a.ini", &err), 0);
	assert_int_equal(h.len, 3);
	const struct store_commit *x = h.items[0], *y = h.items[1], *z = h.items[2];
	assert_string_equal(x->oid, c4);
	assert_string_equal(x->message, "gone\n");
	assert_string_equal(y->oid, c3);
	assert_string_equal(y->author, "李娜");
	assert_string_equal(y->email, "lina@s02.jiaoyan");
	assert_int_equal(y->when, 1795339900);
	assert_string_equal(z->oid, c1);
	vec_clear(&h);
	assert_int_equal(store_history(&h, s, "people/b.ini", &err), 0);
	assert_int_equal(h.len, 1);
	vec_clear(&h);
	assert_int_equal(store_history(&h, s, "people/none.ini", &err), 0);
	assert_int_equal(h.len, 0);

	assert_int_equal(store_read_at(&old, s, c1, "people/a.ini", &err), 0);
	assert_string_equal(record_get(old, "person", "name"), "v1");
	record_free(old);
	old = NULL;
	char shortid[9];
	memcpy(shortid, c3, 8);
	shortid[8] = '\0';
	assert_int_equal(store_read_at(&old, s, shortid, "people/a.ini", &err), 0);
	assert_string_equal(record_get(old, "person", "name"), "v2");
	record_free(old);
	old = NULL;
	assert_int_equal(store_read_at(&old, s, c4, "people/a.ini", &err), JY_ENOTFOUND);
	assert_int_equal(store_read_at(&old, s, "zz", "people/a.ini", &err), JY_EINVAL);

	vec_free(&h);
	record_free(a);
	record_free(b);
	store_free(s);
	free(path);
}

static void test_cas_two_handles(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *A = must_init(path), *B = must_open(path);
	struct jy_err err = JY_ERR_INIT;
	struct record *pa = person("pa", "甲", "s01"), *pb = person("pb", "乙", "s02"), *got = NULL;
	struct store_txn *ta = NULL;
	char ob[41], oa[41];

	/* Unborn branch on both sides: the first commit must not be clobbered. */
	assert_int_equal(store_txn_begin(&ta, A, &err), 0);
	assert_int_equal(store_txn_put(ta, "people/pa.ini", pa, &err), 0);
	commit1(B, "people/pb.ini", pb, &li, "B first", ob);
	assert_int_equal(store_txn_commit(ta, &zhang, "A second", oa, &err), 0);
	store_txn_free(ta);
	assert_string_not_equal(oa, ob);
	char *parent = sh_out("git --git-dir='%s' rev-parse main^", path);
	assert_string_equal(parent, ob);
	free(parent);
	assert_true(store_exists(A, "people/pa.ini"));
	assert_true(store_exists(A, "people/pb.ini"));

	/* Again with history: B's snapshot is stale, A commits in between. */
	struct record *pc = person("pc", "丙", "s01");
	assert_int_equal(store_txn_begin(&ta, B, &err), 0);
	assert_int_equal(store_txn_put(ta, "people/pc.ini", pc, &err), 0);
	record_set(pa, "person", "name", "甲二");
	commit1(A, "people/pa.ini", pa, &zhang, "A edits", oa);
	assert_int_equal(store_txn_commit(ta, &li, "B adds", ob, &err), 0);
	store_txn_free(ta);
	assert_true(store_exists(B, "people/pc.ini"));
	assert_string_equal(get(B, "people/pa.ini", "person", "name", &got), "甲二");
	assert_false(store_exists(A, "people/pc.ini")); /* A's snapshot is older until refreshed */
	assert_int_equal(store_refresh(A, &err), 0);
	assert_true(store_exists(A, "people/pc.ini"));
	char *n = sh_out("git --git-dir='%s' rev-list --count main", path);
	assert_string_equal(n, "4");
	free(n);
	assert_true(fsck_clean(path));

	record_free(pa);
	record_free(pb);
	record_free(pc);
	record_free(got);
	store_free(A);
	store_free(B);
	free(path);
}

static void test_merge_same_record(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *A = must_init(path), *B = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct record *base = person("wang", "王", "s01"), *ra = NULL, *rb = NULL, *got = NULL;
	struct store_txn *ta = NULL;
	char oid[41];
	const char *p = "people/wang.ini";

	record_set(base, "person", "title", "junior");
	record_set(base, "person", "email", "wang@old");
	commit1(A, p, base, &zhang, "base", oid);
	B = must_open(path);

	/* A: changes title and email; B: changes name and email (differently). */
	assert_int_equal(store_txn_begin(&ta, A, &err), 0);
	assert_int_equal(store_txn_read(&ra, ta, p, &err), 0);
	record_set(ra, "person", "title", "senior");
	record_set(ra, "person", "email", "wang@ours");
	assert_int_equal(store_txn_put(ta, p, ra, &err), 0);
	rb = record_dup(base);
	record_set(rb, "person", "name", "王五");
	record_set(rb, "person", "email", "wang@theirs");
	commit1(B, p, rb, &li, "B edits", oid);
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	assert_int_equal(store_txn_commit(ta, &zhang, "A edits", oid, &err), 0);
	unsetenv("JIAOYAN_NOW");
	store_txn_free(ta);

	assert_string_equal(get(A, p, "person", "name", &got), "王五");
	assert_string_equal(record_get(got, "person", "title"), "senior");
	assert_string_equal(record_get(got, "person", "email"), "wang@ours");
	/* The merged record is canonical: re-encoding gives the stored bytes. */
	struct buf raw = BUF_INIT;
	assert_int_equal(store_read_raw(&raw, A, p, &err), 0);
	assert_true(codec_is_canonical(got, raw.ptr, raw.len));
	buf_release(&raw);

	/* theirs kept in exactly one conflict record. */
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { "conflict", NULL, NULL, NULL, NULL };
	size_t skipped = 9;
	assert_int_equal(store_list(&items, A, &q, &skipped, &err), 0);
	assert_int_equal(skipped, 0);
	assert_int_equal(items.len, 1);
	const struct store_item *it = items.items[0];
	assert_int_equal(strlen(it->id), ID_LEN);
	assert_true(id_valid(it->id));
	assert_string_equal(record_get(it->rec, "conflict", "path"), p);
	assert_string_equal(record_get(it->rec, "conflict", "section"), "person");
	assert_string_equal(record_get(it->rec, "conflict", "key"), "email");
	assert_string_equal(record_get(it->rec, "conflict", "base"), "wang@old");
	assert_string_equal(record_get(it->rec, "conflict", "ours"), "wang@ours");
	assert_string_equal(record_get(it->rec, "conflict", "theirs"), "wang@theirs");
	assert_string_equal(record_get(it->rec, "conflict", "ours_author"), "张伟");
	assert_string_equal(record_get(it->rec, "conflict", "theirs_author"), "李娜");
	assert_string_equal(record_get(it->rec, "conflict", "state"), "open");
	assert_non_null(record_get(it->rec, "conflict", "at"));
	assert_int_equal(schema_validate(schema_type("conflict"), it->rec, &err), 0);
	char *cp = xasprintf("conflicts/%s.ini", it->id);
	assert_string_equal(it->path, cp);
	free(cp);
	vec_free(&items);
	assert_true(fsck_clean(path));

	record_free(base);
	record_free(ra);
	record_free(rb);
	record_free(got);
	store_free(A);
	store_free(B);
	free(path);
}

static void test_modified_vs_deleted(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *A = must_init(path), *B = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct record *r = person("zhao", "赵", "s01"), *got = NULL;
	struct store_txn *ta = NULL;
	char oid[41];
	const char *p = "people/zhao.ini";

	commit1(A, p, r, &zhang, "base", oid);
	B = must_open(path);
	/* A deletes while B modifies: the modification stays. */
	assert_int_equal(store_txn_begin(&ta, A, &err), 0);
	assert_int_equal(store_txn_delete(ta, p, &err), 0);
	record_set(r, "person", "name", "赵六");
	commit1(B, p, r, &li, "B modifies", oid);
	assert_int_equal(store_txn_commit(ta, &zhang, "A deletes", oid, &err), 0);
	store_txn_free(ta);
	assert_string_equal(get(A, p, "person", "name", &got), "赵六");
	/* Not silently: a conflict record says the delete gave way to the change. */
	struct vec found = VEC_INIT(store_item_free);
	struct store_query cq = { .type = "conflict" };
	assert_int_equal(store_list(&found, A, &cq, NULL, &err), 0);
	assert_int_equal(found.len, 1);
	const struct store_item *ci = found.items[0];
	assert_string_equal(record_get(ci->rec, "conflict", "path"), p);
	assert_non_null(strstr(record_get(ci->rec, "conflict", "note"), "保留修改后的记录"));
	assert_string_equal(record_get(ci->rec, "conflict", "theirs_author"), zhang.name);
	vec_free(&found);

	/* A modifies while B deletes: again the modification stays. */
	assert_int_equal(store_txn_begin(&ta, A, &err), 0);
	record_set(r, "person", "name", "赵七");
	assert_int_equal(store_txn_put(ta, p, r, &err), 0);
	assert_int_equal(store_refresh(B, &err), 0);
	commit1(B, p, NULL, &li, "B deletes", oid);
	assert_int_equal(store_txn_commit(ta, &zhang, "A modifies", oid, &err), 0);
	store_txn_free(ta);
	assert_string_equal(get(A, p, "person", "name", &got), "赵七");
	assert_true(fsck_clean(path));

	record_free(r);
	record_free(got);
	store_free(A);
	store_free(B);
	free(path);
}

static void test_stale_ref_lock(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct record *r = person("qian", "钱", "s01"), *got = NULL;
	char oid[41];
	commit1(s, "people/qian.ini", r, &zhang, "one", oid);

	/* A writer killed while holding the ref lock leaves it behind. */
	char *lock = xasprintf("%s/refs/heads/main.lock", path);
	FILE *f = fopen(lock, "w");
	assert_non_null(f);
	fputs("0000000000000000000000000000000000000000\n", f);
	fclose(f);
	struct utimbuf old = { time(NULL) - 60, time(NULL) - 60 };
	utime(lock, &old);
	record_set(r, "person", "name", "钱二");
	commit1(s, "people/qian.ini", r, &zhang, "two", oid);
	assert_int_equal(access(lock, F_OK), -1);
	assert_string_equal(get(s, "people/qian.ini", "person", "name", &got), "钱二");

	/* A fresh one too (after a short grace for a live git process). */
	f = fopen(lock, "w");
	assert_non_null(f);
	fclose(f);
	record_set(r, "person", "name", "钱三");
	commit1(s, "people/qian.ini", r, &zhang, "three", oid);
	assert_int_equal(access(lock, F_OK), -1);
	assert_string_equal(get(s, "people/qian.ini", "person", "name", &got), "钱三");
	assert_true(fsck_clean(path));

	free(lock);
	record_free(r);
	record_free(got);
	store_free(s);
	free(path);
}

static void test_lock_timeout(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct record *r = person("sun", "孙", "s01");
	struct store_txn *t = NULL;
	char oid[41];

	char *lock = xasprintf("%s/jiaoyan.lock", path);
	int fd = open(lock, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX), 0);
	setenv("JIAOYAN_LOCK_TIMEOUT", "0.2", 1);
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	assert_int_equal(store_txn_put(t, "people/sun.ini", r, &err), 0);
	assert_int_equal(store_txn_commit(t, &zhang, "blocked", oid, &err), JY_ELOCKED);
	assert_non_null(strstr(err.msg, "jiaoyan.lock"));
	assert_non_null(strstr(err.msg, "数据仓库正忙"));
	assert_false(store_exists(s, "people/sun.ini"));
	close(fd); /* the holder goes away: the same transaction now commits */
	assert_int_equal(store_txn_commit(t, &zhang, "free", oid, &err), 0);
	assert_true(store_exists(s, "people/sun.ini"));
	unsetenv("JIAOYAN_LOCK_TIMEOUT");
	store_txn_free(t);
	free(lock);
	record_free(r);
	store_free(s);
	free(path);
}

/* Fills a repository with observations over 2 terms × 2 schools, people and plans. */
static void fill(struct store *s, char ids[8][ID_LEN + 1])
{
	static const char *const terms[] = { "2025-2026-2", "2026-2027-1" };
	static const char *const schools[] = { "s01", "s02" };
	struct jy_err err = JY_ERR_INIT;
	struct store_txn *t = NULL;
	char oid[41];
	int k = 0;
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++)
			for (int n = 0; n < 2; n++, k++) {
				id_new(ids[k]);
				struct record *r = observation(ids[k], terms[i], schools[j], n ? "直播技术" : "网店运营");
				char *p = obs_path(terms[i], schools[j], ids[k]);
				assert_int_equal(store_txn_put(t, p, r, &err), 0);
				free(p);
				record_free(r);
			}
	struct record *p1 = person("zhangwei", "张伟", "s01"), *p2 = person("lina", "李娜", "s02");
	record_set(p1, "person", "roles", "teacher,observer");
	record_set(p2, "person", "roles", "teacher");
	assert_int_equal(store_txn_put(t, "people/zhangwei.ini", p1, &err), 0);
	assert_int_equal(store_txn_put(t, "people/lina.ini", p2, &err), 0);
	struct record *plan = record_new();
	record_set(plan, "plan", "term", "2026-2027-2");
	record_set(plan, "plan", "school", "s01");
	record_set(plan, "plan", "specialty", "510102");
	record_set(plan, "plan", "state", "draft");
	assert_int_equal(store_txn_put(t, "plans/2026-2027-2/s01/510102.ini", plan, &err), 0);
	assert_int_equal(store_txn_commit(t, &zhang, "fill", oid, &err), 0);
	store_txn_free(t);
	record_free(p1);
	record_free(p2);
	record_free(plan);
}

static void test_list(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct vec items = VEC_INIT(store_item_free);
	char ids[8][ID_LEN + 1];
	size_t skipped = 99;
	fill(s, ids);

	struct store_query all = { "observation", NULL, NULL, NULL, NULL };
	assert_int_equal(store_list(&items, s, &all, &skipped, &err), 0);
	assert_int_equal(items.len, 8);
	assert_int_equal(skipped, 0);
	for (size_t i = 1; i < items.len; i++) /* path order */
		assert_true(strcmp(((struct store_item *)items.items[i - 1])->path,
				   ((struct store_item *)items.items[i])->path) < 0);
	vec_clear(&items);

	struct store_query one = { "observation", "2026-2027-1", "s02", NULL, NULL };
	assert_int_equal(store_list(&items, s, &one, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		assert_string_equal(record_get(it->rec, "observation", "term"), "2026-2027-1");
		assert_string_equal(record_get(it->rec, "observation", "school"), "s02");
		assert_ptr_equal(it->type, schema_type("observation"));
		assert_true(strstr(it->path, it->id) != NULL);
	}
	assert_string_equal(((struct store_item *)items.items[0])->id, ids[6]);
	vec_clear(&items);

	struct store_query term = { "observations", "2025-2026-2", NULL, NULL, NULL };
	assert_int_equal(store_list(&items, s, &term, &skipped, &err), 0);
	assert_int_equal(items.len, 4);
	vec_clear(&items);

	const char *const w1[] = { "course=直播技术", NULL };
	struct store_query wq = { "observation", NULL, "s01", NULL, w1 };
	assert_int_equal(store_list(&items, s, &wq, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	vec_clear(&items);
	const char *const w2[] = { "observation.course=直播技术", "term=2026-2027-1", NULL };
	struct store_query wq2 = { "observation", NULL, NULL, NULL, w2 };
	assert_int_equal(store_list(&items, s, &wq2, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	vec_clear(&items);

	/* Membership in comma lists; school filter on a field the path does not hold. */
	const char *const w3[] = { "roles=observer", NULL };
	struct store_query pq = { "person", NULL, NULL, NULL, w3 };
	assert_int_equal(store_list(&items, s, &pq, &skipped, &err), 0);
	assert_int_equal(items.len, 1);
	assert_string_equal(((struct store_item *)items.items[0])->id, "zhangwei");
	vec_clear(&items);
	struct store_query ps = { "person", NULL, "s02", NULL, NULL };
	assert_int_equal(store_list(&items, s, &ps, &skipped, &err), 0);
	assert_int_equal(items.len, 1);
	assert_string_equal(((struct store_item *)items.items[0])->id, "lina");
	vec_clear(&items);

	/* Composite ids come from the record. */
	struct store_query plans = { "plan", "2026-2027-2", "s01", "510102", NULL };
	assert_int_equal(store_list(&items, s, &plans, &skipped, &err), 0);
	assert_int_equal(items.len, 1);
	assert_string_equal(((struct store_item *)items.items[0])->id, "2026-2027-2/s01/510102");
	vec_clear(&items);

	const char *const bad[] = { "noequals", NULL };
	struct store_query bq = { "observation", NULL, NULL, NULL, bad };
	assert_int_equal(store_list(&items, s, &bq, &skipped, &err), JY_EINVAL);
	struct store_query uq = { "nosuchtype", NULL, NULL, NULL, NULL };
	assert_int_equal(store_list(&items, s, &uq, &skipped, &err), JY_EINVAL);
	struct store_query none = { "exam", NULL, NULL, NULL, NULL };
	assert_int_equal(store_list(&items, s, &none, &skipped, &err), 0);
	assert_int_equal(items.len, 0);

	/* An undecodable record is skipped and counted, the rest still listed. */
	char bogus[ID_LEN + 1];
	id_new(bogus);
	char *bp = obs_path("2026-2027-1", "s02", bogus);
	write_raw(path, bp, "[observation]\nid = x\x01y\n", 22);
	assert_int_equal(store_refresh(s, &err), 0);
	assert_int_equal(store_list(&items, s, &one, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	assert_int_equal(skipped, 1);
	vec_clear(&items);
	free(bp);

	vec_free(&items);
	store_free(s);
	free(path);
}

static void test_resolve(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct buf out = BUF_INIT;
	char ids[8][ID_LEN + 1], oid[41];
	fill(s, ids);
	char *p3 = obs_path("2025-2026-2", "s02", ids[3]);

	assert_int_equal(store_resolve(&out, s, p3, &err), 0);
	assert_string_equal(out.ptr, p3);
	assert_int_equal(store_resolve(&out, s, "people/lina.ini", &err), 0);
	assert_string_equal(out.ptr, "people/lina.ini");
	assert_int_equal(store_resolve(&out, s, "people/none.ini", &err), JY_ENOTFOUND);
	assert_int_equal(store_resolve(&out, s, "person/zhangwei", &err), 0);
	assert_string_equal(out.ptr, "people/zhangwei.ini");
	assert_int_equal(store_resolve(&out, s, "zhangwei", &err), 0);
	assert_string_equal(out.ptr, "people/zhangwei.ini");
	assert_int_equal(store_resolve(&out, s, "plan/2026-2027-2/s01/510102", &err), 0);
	assert_string_equal(out.ptr, "plans/2026-2027-2/s01/510102.ini");
	assert_int_equal(store_resolve(&out, s, "2026-2027-2/s01/510102", &err), 0);
	assert_string_equal(out.ptr, "plans/2026-2027-2/s01/510102.ini");

	/* Bare generated ids: index built on first use, then kept up to date by diffing trees. */
	char *idx = xasprintf("%s/jiaoyan-index", path);
	unlink(idx);
	assert_int_equal(store_resolve(&out, s, ids[3], &err), 0);
	assert_string_equal(out.ptr, p3);
	assert_int_equal(access(idx, F_OK), 0);
	buf_reset(&out);
	assert_int_equal(store_resolve(&out, s, "observation/", &err), JY_ENOTFOUND);
	char obs_spec[64];
	snprintf(obs_spec, sizeof(obs_spec), "observation/%s", ids[5]);
	assert_int_equal(store_resolve(&out, s, obs_spec, &err), 0);
	char *p5 = obs_path("2026-2027-1", "s01", ids[5]);
	assert_string_equal(out.ptr, p5);
	free(p5);

	char fresh[ID_LEN + 1];
	id_new(fresh);
	struct record *r = observation(fresh, "2027-2028-1", "s09", "新课");
	char *pf = obs_path("2027-2028-1", "s09", fresh);
	commit1(s, pf, r, &zhang, "new", oid);
	assert_int_equal(store_resolve(&out, s, fresh, &err), 0);
	assert_string_equal(out.ptr, pf);
	commit1(s, p3, NULL, &zhang, "delete", oid);
	assert_int_equal(store_resolve(&out, s, ids[3], &err), JY_ENOTFOUND);
	/* A damaged index is rebuilt; no index at all works too. */
	FILE *f = fopen(idx, "w");
	fputs("garbage\n", f);
	fclose(f);
	assert_int_equal(store_resolve(&out, s, fresh, &err), 0);
	assert_string_equal(out.ptr, pf);
	unlink(idx);
	assert_int_equal(store_resolve(&out, s, ids[0], &err), 0);
	assert_non_null(strstr(out.ptr, ids[0]));

	/* Ambiguous: a person and a school share an id. */
	struct record *sch = record_new();
	record_set(sch, "school", "id", "lina");
	record_set(sch, "school", "name", "同名学校");
	commit1(s, "schools/lina.ini", sch, &zhang, "school", oid);
	assert_int_equal(store_resolve(&out, s, "lina", &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "person/lina"));
	assert_non_null(strstr(err.msg, "school/lina"));
	assert_int_equal(store_resolve(&out, s, "school/lina", &err), 0);
	assert_string_equal(out.ptr, "schools/lina.ini");
	assert_int_equal(store_resolve(&out, s, "nobody", &err), JY_ENOTFOUND);
	assert_int_equal(store_resolve(&out, s, "../etc/passwd", &err), JY_ENOTFOUND);
	assert_int_equal(store_resolve(&out, s, "", &err), JY_EINVAL);

	free(idx);
	free(pf);
	free(p3);
	record_free(r);
	record_free(sch);
	buf_release(&out);
	store_free(s);
	free(path);
}

static void test_strict_read(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct record *r = person("ok", "好", "s01"), *got = NULL;
	struct buf data = BUF_INIT;
	char oid[41];
	commit1(s, "people/ok.ini", r, &zhang, "ok", oid);

	/* One physical line of 250 bytes: libinih would cut it and parse the rest as a new line. */
	buf_puts(&data, "[person]\nid = long\nname = ");
	for (int i = 0; i < 230; i++)
		buf_putc(&data, 'a');
	buf_puts(&data, "\n");
	write_raw(path, "people/long.ini", data.ptr, data.len);
	write_raw(path, "people/bad.ini", "[person]\nid = bad\nname = \xff\xfe\n", 27);
	assert_int_equal(store_read(&got, s, "people/long.ini", &err), JY_ENOTFOUND); /* old snapshot */
	assert_int_equal(store_refresh(s, &err), 0);
	assert_int_equal(store_read(&got, s, "people/long.ini", &err), JY_EINVAL);
	assert_non_null(strstr(err.msg, "people/long.ini"));
	assert_null(got);
	assert_int_equal(store_read(&got, s, "people/bad.ini", &err), JY_EINVAL);
	assert_null(got);
	/* The raw bytes are still there for `check` to show. */
	buf_reset(&data);
	assert_int_equal(store_read_raw(&data, s, "people/bad.ini", &err), 0);
	assert_int_equal(data.len, 27);
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { "person", NULL, NULL, NULL, NULL };
	size_t skipped = 0;
	assert_int_equal(store_list(&items, s, &q, &skipped, &err), 0);
	assert_int_equal(items.len, 1);
	assert_int_equal(skipped, 2);
	vec_free(&items);

	buf_release(&data);
	record_free(r);
	store_free(s);
	free(path);
}

static int walk_collect(void *ctx, const char *path, const char *data, size_t len)
{
	struct buf *b = ctx;
	(void)data;
	buf_printf(b, "%s:%zu ", path, len);
	return 0;
}

static int walk_stop(void *ctx, const char *path, const char *data, size_t len)
{
	(void)ctx;
	(void)path;
	(void)data;
	(void)len;
	return 42;
}

static void test_walk(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct buf seen = BUF_INIT;
	char ids[8][ID_LEN + 1];
	fill(s, ids);
	assert_int_equal(store_walk(s, "people", walk_collect, &seen, &err), 0);
	assert_non_null(strstr(seen.ptr, "people/lina.ini:"));
	assert_true(strstr(seen.ptr, "people/lina.ini") < strstr(seen.ptr, "people/zhangwei.ini"));
	buf_reset(&seen);
	assert_int_equal(store_walk(s, "", walk_collect, &seen, &err), 0);
	assert_non_null(strstr(seen.ptr, "observations/2025-2026-2/s01/"));
	assert_int_equal(store_walk(s, "", walk_stop, NULL, &err), 42);
	size_t n = 0;
	assert_int_equal(store_count(&n, s, "observations/2026-2027-1", &err), 0);
	assert_int_equal(n, 4);
	assert_int_equal(store_count(&n, s, "", &err), 0);
	assert_int_equal(n, 11);
	assert_int_equal(store_count(&n, s, "exams", &err), 0);
	assert_int_equal(n, 0);
	buf_release(&seen);
	store_free(s);
	free(path);
}

static void test_gc(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct record *got = NULL;
	char ids[8][ID_LEN + 1], oid[41];
	fill(s, ids);
	for (int i = 0; i < 20; i++) {
		char id[16];
		snprintf(id, sizeof(id), "p%02d", i);
		struct record *r = person(id, "某", "s01");
		char *p = xasprintf("people/%s.ini", id);
		commit1(s, p, r, &zhang, id, oid);
		free(p);
		record_free(r);
	}
	/* Each commit wrote its objects as one pack, none loose; past 16 packs a commit merged them in the background. */
	assert_int_equal(sh("flock -w 120 '%s/jiaoyan-gc.lock' true", path), 0);
	assert_int_equal(loose_objects(path), 0);
	char *packs = sh_out("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	assert_true(atoi(packs) >= 1 && atoi(packs) <= 16);
	free(packs);
	assert_true(fsck_clean(path));
	/* What git writes loose (unreachable here), gc packs. */
	assert_int_equal(sh("for i in 1 2 3 4 5; do echo \"loose $i\" | git --git-dir='%s' hash-object -w --stdin; done "
			    ">/dev/null", path), 0);
	assert_int_equal(loose_objects(path), 5);
	assert_int_equal(store_gc(s, &err), 0);
	assert_int_equal(loose_objects(path), 0);
	assert_true(fsck_clean(path));
	assert_string_equal(get(s, "people/p07.ini", "person", "id", &got), "p07");
	/* One more commit writes one more pack; gc merges what the geometric rule asks, and a gc right after
	 * finds nothing to do: it writes and deletes no pack. */
	char *first = sh_out("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	struct record *r = person("late", "晚", "s01");
	commit1(s, "people/late.ini", r, &zhang, "late", oid);
	char *after_commit = sh_out("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	assert_int_equal(atoi(after_commit), atoi(first) + 1);
	assert_int_equal(store_gc(s, &err), 0);
	char *after_gc = sh_out("ls '%s/objects/pack' | grep '\\.pack$' | tr '\\n' ' '", path);
	assert_int_equal(store_gc(s, &err), 0);
	packs = sh_out("ls '%s/objects/pack' | grep '\\.pack$' | tr '\\n' ' '", path);
	assert_string_equal(packs, after_gc);
	free(packs);
	free(first);
	free(after_commit);
	free(after_gc);
	assert_int_equal(loose_objects(path), 0);
	assert_true(fsck_clean(path));
	struct store *s2 = must_open(path);
	assert_string_equal(get(s2, "people/late.ini", "person", "name", &got), "晚");
	char *count = sh_out("git --git-dir='%s' ls-tree -r main | wc -l", path);
	assert_string_equal(count, "32");
	free(count);
	store_free(s2);
	record_free(r);
	record_free(got);
	store_free(s);
	free(path);
}

static void test_shared(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = NULL;
	struct jy_err err = JY_ERR_INIT;
	mode_t old = umask(022);
	assert_int_equal(store_init(&s, path, 1, &err), 0);
	char *v = sh_out("git --git-dir='%s' config core.sharedRepository", path);
	assert_string_equal(v, "group");
	free(v);
	struct stat st;
	char *objs = xasprintf("%s/objects", path);
	assert_int_equal(stat(objs, &st), 0);
	assert_true(st.st_mode & S_ISGID);
	assert_true(st.st_mode & S_IWGRP);
	struct record *r = person("gong", "共", "s01");
	char oid[41];
	commit1(s, "people/gong.ini", r, &zhang, "shared", oid);
	/* New object directories are group-writable too (the process umask was relaxed). */
	char *bad = sh_out("find '%s/objects' -type d ! -perm -2070 | head -1", path);
	assert_string_equal(bad, "");
	free(bad);
	store_free(s);
	/* Another account of the group may open it: hand it to uid 12345 in our group. */
	if (geteuid() == 0) {
		assert_int_equal(sh("chown -R 12345:%d '%s'", (int)getegid(), path), 0);
		s = must_open(path);
		assert_true(store_exists(s, "people/gong.ini"));
		store_free(s);
		/* Not shared: libgit2's owner check stands, with a message that says what to do. */
		char *own = repo_path();
		s = must_init(own);
		store_free(s);
		assert_int_equal(sh("chown -R 12345:12345 '%s'", own), 0);
		s = NULL;
		assert_int_equal(store_open(&s, own, &err), JY_EPERM);
		assert_null(s);
		assert_non_null(strstr(err.msg, "属于另一个系统账号"));
		assert_string_equal(err.hint, "init-shared");
		free(own);
	}
	/* init refuses a directory that is not empty. */
	char *full = repo_path();
	assert_int_equal(sh("mkdir -p '%s' && touch '%s/x'", full, full), 0);
	assert_int_equal(store_init(&s, full, 1, &err), JY_EEXISTS);
	free(full);
	umask(old);
	record_free(r);
	free(objs);
	free(path);
}

/* The decoded-record cache behind listings: created on first use, refreshed when the directory changes. */
static void test_list_cache(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { "observation", "2026-2027-1", "s01", NULL, NULL };
	char ids[8][ID_LEN + 1], oid[41];
	size_t skipped = 9;
	fill(s, ids);

	char month[8];
	assert_int_equal(id_month(month, ids[4]), 0);
	char *cache = xasprintf("%s/jiaoyan-cache/observations@2026-2027-1@s01@%s", path, month);
	assert_int_equal(store_list(&items, s, &q, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	assert_int_equal(access(cache, F_OK), 0);
	vec_clear(&items);
	/* From the cache: the same records, byte for byte once encoded. */
	assert_int_equal(store_list(&items, s, &q, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		struct buf raw = BUF_INIT, enc = BUF_INIT;
		assert_int_equal(store_read_raw(&raw, s, it->path, &err), 0);
		assert_int_equal(codec_encode(&enc, it->rec, &err), 0);
		assert_string_equal(raw.ptr, enc.ptr);
		buf_release(&raw);
		buf_release(&enc);
	}
	vec_clear(&items);

	/* Change one, delete one, add one and an undecodable file: the stale cache is refreshed. */
	char *p4 = obs_path("2026-2027-1", "s01", ids[4]), *p5 = obs_path("2026-2027-1", "s01", ids[5]);
	struct record *r = NULL;
	assert_int_equal(store_read(&r, s, p4, &err), 0);
	record_set(r, "observation", "course", "改过的课程");
	commit1(s, p4, r, &zhang, "edit", oid);
	record_free(r);
	commit1(s, p5, NULL, &zhang, "delete", oid);
	char nid[ID_LEN + 1];
	id_new(nid);
	char *pn = obs_path("2026-2027-1", "s01", nid);
	r = observation(nid, "2026-2027-1", "s01", "新课");
	commit1(s, pn, r, &zhang, "add", oid);
	record_free(r);
	char bid[ID_LEN + 1];
	id_new(bid);
	char *pb = obs_path("2026-2027-1", "s01", bid);
	static const char bad[] = "[observation]\nid = \xc3\n";
	write_raw(path, pb, bad, sizeof(bad) - 1);
	assert_int_equal(store_refresh(s, &err), 0);
	for (int round = 0; round < 3; round++) {
		assert_int_equal(store_list(&items, s, &q, &skipped, &err), 0);
		assert_int_equal(items.len, 2);
		assert_int_equal(skipped, 1);
		const struct store_item *a = items.items[0], *b = items.items[1];
		assert_string_equal(a->path, p4);
		assert_string_equal(record_get(a->rec, "observation", "course"), "改过的课程");
		assert_string_equal(b->path, pn);
		assert_string_equal(b->id, nid);
		vec_clear(&items);
		if (round == 1) {
			/* A damaged cache file is ignored and rewritten. */
			FILE *f = fopen(cache, "r+");
			assert_non_null(f);
			fseek(f, -3, SEEK_END);
			fputs("zzz", f);
			fclose(f);
		}
	}
	unlink(cache);
	assert_int_equal(store_list(&items, s, &q, &skipped, &err), 0);
	assert_int_equal(items.len, 2);
	vec_clear(&items);

	/* The in-process memo hands out copies: changing one does not change the next read. */
	struct record *x = NULL, *y = NULL;
	assert_int_equal(store_read(&x, s, p4, &err), 0);
	record_set(x, "observation", "course", "只改副本");
	assert_int_equal(store_read(&y, s, p4, &err), 0);
	assert_string_equal(record_get(y, "observation", "course"), "改过的课程");
	record_free(x);
	record_free(y);

	free(p4);
	free(p5);
	free(pn);
	free(pb);
	free(cache);
	vec_free(&items);
	store_free(s);
	free(path);
}

/* Counts come from the index's per-directory totals and follow every commit. */
static void test_count(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	char ids[8][ID_LEN + 1], oid[41];
	size_t n = 99;
	assert_int_equal(store_count(&n, s, "", &err), 0); /* no commit yet */
	assert_int_equal(n, 0);
	fill(s, ids);
	assert_int_equal(store_count(&n, s, "observations", &err), 0);
	assert_int_equal(n, 8);
	assert_int_equal(store_count(&n, s, "observations/2025-2026-2/s02", &err), 0);
	assert_int_equal(n, 2);
	assert_int_equal(store_count(&n, s, "people/lina.ini", &err), 0);
	assert_int_equal(n, 1);
	assert_int_equal(store_count(&n, s, "nothing/here", &err), 0);
	assert_int_equal(n, 0);
	assert_int_equal(store_count(&n, s, "../x", &err), JY_EINVAL);
	char *p0 = obs_path("2025-2026-2", "s01", ids[0]);
	commit1(s, p0, NULL, &zhang, "delete", oid);
	assert_int_equal(store_count(&n, s, "observations", &err), 0);
	assert_int_equal(n, 7);
	assert_int_equal(store_count(&n, s, "", &err), 0);
	assert_int_equal(n, 10);
	char *idx = xasprintf("%s/jiaoyan-index", path);
	unlink(idx);
	assert_int_equal(store_count(&n, s, "", &err), 0);
	assert_int_equal(n, 10);
	free(idx);
	free(p0);
	store_free(s);
	free(path);
}

/* Auto-packing after a commit: loose objects into a pack; past AUTOPACK_PACKS packs, the small ones merge. */
static void test_autopack(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct record *r = person("pack", "包", "s01"), *got = NULL;
	char oid[41];
	commit1(s, "people/pack.ini", r, &zhang, "one", oid);
	char *packs = sh_out("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	int before = atoi(packs);
	free(packs);
	/* 41 small packs more, as if 41 earlier rounds of auto-packing had run. */
	for (int i = 0; i < 41; i++)
		assert_int_equal(sh("echo 'small %d' | git --git-dir='%s' hash-object -w --stdin | "
				    "git --git-dir='%s' pack-objects -q '%s/objects/pack/pack' >/dev/null", i, path, path, path),
				 0);
	packs = sh_out("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	assert_int_equal(atoi(packs), before + 41);
	free(packs);
	/* 5,000 loose objects: far past the ~2,000 estimate in every fan-out directory. */
	assert_int_equal(sh("mkdir -p '%s/g' && cd '%s/g' && awk 'BEGIN { for (i = 0; i < 5000; i++) "
			    "{ f = \"g\" i; print \"garbage \" i > f; close(f) } }' && ls | "
			    "git --git-dir='%s' hash-object -w --stdin-paths >/dev/null", root, root, path), 0);
	assert_true(loose_objects(path) >= 5000);
	record_set(r, "person", "name", "包二");
	commit1(s, "people/pack.ini", r, &zhang, "two", oid);
	/* The commit returned with the pack started in the background, holding the pack lock until it ends. */
	assert_int_equal(sh("flock -w 120 '%s/jiaoyan-gc.lock' true", path), 0);
	assert_true(loose_objects(path) < 10);
	packs = sh_out("ls '%s/objects/pack' | grep -c '\\.pack$'", path);
	assert_true(atoi(packs) <= 2);
	free(packs);
	assert_true(fsck_clean(path));
	assert_string_equal(get(s, "people/pack.ini", "person", "name", &got), "包二");
	struct store *s2 = must_open(path);
	assert_string_equal(get(s2, "people/pack.ini", "person", "name", &got), "包二");
	char *blob = sh_out("echo 'small 7' | git --git-dir='%s' hash-object --stdin | "
			    "xargs git --git-dir='%s' cat-file -p", path, path);
	assert_string_equal(blob, "small 7");
	free(blob);
	store_free(s2);
	sh("rm -rf '%s/g'", root);
	record_free(r);
	record_free(got);
	store_free(s);
	free(path);
}

/* 8 processes × 50 commits on one repository, each with its own store handle. */
static void test_stress_fork(void **state)
{
	(void)state;
	enum { PROCS = 8, COMMITS = 50 };
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	store_free(s);
	setenv("JIAOYAN_LOCK_TIMEOUT", "120", 1);
	pid_t pids[PROCS];
	for (int p = 0; p < PROCS; p++) {
		pids[p] = fork();
		assert_true(pids[p] >= 0);
		if (pids[p] > 0)
			continue;
		struct store *cs = NULL;
		struct jy_err cerr = JY_ERR_INIT;
		int bad = store_open(&cs, path, &cerr) != 0;
		char school[8];
		snprintf(school, sizeof(school), "s%02d", p % 4);
		for (int i = 0; i < COMMITS && !bad; i++) {
			struct store_txn *t = NULL;
			char id[ID_LEN + 1], oid[41];
			id_new(id);
			struct record *r = observation(id, "2026-2027-1", school, "并发");
			char *op = obs_path("2026-2027-1", school, id);
			bad = store_txn_begin(&t, cs, &cerr) != 0 || store_txn_put(t, op, r, &cerr) != 0 ||
			      store_txn_commit(t, &zhang, "stress", oid, &cerr) != 0 || strlen(oid) != 40;
			if (bad)
				fprintf(stderr, "child %d commit %d: %s\n", p, i, cerr.msg);
			store_txn_free(t);
			record_free(r);
			free(op);
		}
		store_free(cs);
		_exit(bad);
	}
	for (int p = 0; p < PROCS; p++) {
		int st = 0;
		assert_int_equal(waitpid(pids[p], &st, 0), pids[p]);
		assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	}
	unsetenv("JIAOYAN_LOCK_TIMEOUT");
	s = must_open(path);
	size_t n = 0;
	assert_int_equal(store_count(&n, s, "observations", &err), 0);
	assert_int_equal(n, PROCS * COMMITS);
	struct vec items = VEC_INIT(store_item_free);
	struct store_query q = { "observation", "2026-2027-1", NULL, NULL, NULL };
	size_t skipped = 1;
	assert_int_equal(store_list(&items, s, &q, &skipped, &err), 0);
	assert_int_equal(items.len, PROCS * COMMITS);
	assert_int_equal(skipped, 0);
	vec_free(&items);
	char *commits = sh_out("git --git-dir='%s' rev-list --count main", path);
	assert_int_equal(atoi(commits), PROCS * COMMITS);
	free(commits);
	/* The last pack may still be running in the background, holding the pack lock until it ends: git fsck
	 * beside a repack that deletes the loose objects it has packed would see them vanish mid-walk. */
	assert_int_equal(sh("flock -w 120 '%s/jiaoyan-gc.lock' true", path), 0);
	assert_true(fsck_clean(path));
	/* Auto-packing kept the loose objects bounded (~6 objects a commit were written). */
	assert_true(loose_objects(path) < 2600);
	store_free(s);
	free(path);
}

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/jy-store.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	setenv("TZ", "UTC", 1);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (!getenv("JIAOYAN_KEEP_TMP"))
		sh("rm -rf '%s'", root);
	return 0;
}

/* The legacy layout (no month directory) still reads, lists, resolves; a move keeps the blob; history follows it. */
static void test_layout(void **state)
{
	(void)state;
	char *path = repo_path();
	struct store *s = must_init(path);
	struct jy_err err = JY_ERR_INIT;
	struct vec items = VEC_INIT(store_item_free), hist = VEC_INIT(store_commit_free);
	struct store_query q = { "observation", "2026-2027-1", "s01", NULL, NULL };
	struct buf got = BUF_INIT, other = BUF_INIT;
	char old_id[ID_LEN + 1], new_id[ID_LEN + 1], oid[41], month[8];
	struct record *r = NULL;
	id_new(old_id);
	id_new(new_id);
	assert_int_equal(id_month(month, old_id), 0);
	char *legacy = xasprintf("observations/2026-2027-1/s01/%s.ini", old_id);
	char *sharded = xasprintf("observations/2026-2027-1/s01/%s/%s.ini", month, old_id);
	char *fresh = obs_path("2026-2027-1", "s01", new_id);

	/* The schema knows both layouts and maps one to the other without reading anything. */
	assert_ptr_equal(schema_type_of_path(legacy), schema_type("observation"));
	assert_ptr_equal(schema_type_of_path(sharded), schema_type("observation"));
	assert_true(schema_path_is_legacy(legacy));
	assert_false(schema_path_is_legacy(sharded));
	assert_false(schema_path_is_legacy("people/lina.ini"));
	assert_null(schema_type_of_path("observations/2026-2027-1/s01/notamonth/x.ini"));
	assert_int_equal(schema_path_counterpart(&other, legacy, &err), 0);
	assert_string_equal(other.ptr, sharded);
	buf_reset(&other);
	assert_int_equal(schema_path_counterpart(&other, sharded, &err), 0);
	assert_string_equal(other.ptr, legacy);
	assert_int_equal(schema_path_counterpart(&other, "people/lina.ini", &err), JY_EINVAL);
	r = observation(old_id, "2026-2027-1", "s01", "直播技术");
	buf_reset(&other);
	assert_int_equal(schema_path(&other, schema_type("observation"), r, &err), 0);
	assert_string_equal(other.ptr, sharded);

	/* A repository written before sharding, plus one record in the new layout. */
	commit1(s, legacy, r, &zhang, "old", oid);
	record_free(r);
	r = observation(new_id, "2026-2027-1", "s01", "直播技术");
	commit1(s, fresh, r, &li, "new", oid);
	record_free(r);
	r = observation(old_id, "2026-2027-1", "s01", "网店运营");
	commit1(s, legacy, r, &li, "edit old", oid);
	record_free(r);
	assert_int_equal(store_list(&items, s, &q, NULL, &err), 0);
	assert_int_equal(items.len, 2);
	assert_string_equal(((struct store_item *)items.items[0])->path, legacy);
	assert_string_equal(((struct store_item *)items.items[1])->path, fresh);
	assert_int_equal(store_resolve(&got, s, old_id, &err), 0);
	assert_string_equal(got.ptr, legacy);
	buf_reset(&got);
	assert_int_equal(store_resolve(&got, s, new_id, &err), 0);
	assert_string_equal(got.ptr, fresh);
	buf_reset(&got);
	char *spec = xasprintf("observation/2026-2027-1/s01/%s", old_id);
	assert_int_equal(store_resolve(&got, s, spec, &err), 0);
	assert_string_equal(got.ptr, legacy);
	buf_reset(&got);
	assert_int_equal(store_locate(&got, s, sharded), 1);
	assert_string_equal(got.ptr, legacy);

	/* Moved: the same blob at the sharded path, found by every way in, its history whole. */
	struct buf before = BUF_INIT, after = BUF_INIT;
	assert_int_equal(store_read_raw(&before, s, legacy, &err), 0);
	struct store_txn *t = NULL;
	assert_int_equal(store_txn_begin(&t, s, &err), 0);
	assert_int_equal(store_txn_move(t, legacy, sharded, &err), 0);
	assert_int_equal(store_txn_read(&r, t, sharded, &err), 0);
	assert_string_equal(record_get(r, "observation", "course"), "网店运营");
	record_free(r);
	assert_int_equal(store_txn_commit(t, &zhang, "move", oid, &err), 0);
	store_txn_free(t);
	assert_false(store_exists(s, legacy));
	assert_int_equal(store_read_raw(&after, s, sharded, &err), 0);
	assert_int_equal(before.len, after.len);
	assert_memory_equal(before.ptr, after.ptr, before.len);
	buf_reset(&got);
	assert_int_equal(store_resolve(&got, s, old_id, &err), 0);
	assert_string_equal(got.ptr, sharded);
	buf_reset(&got);
	assert_int_equal(store_resolve(&got, s, spec, &err), 0);
	assert_string_equal(got.ptr, sharded);
	assert_int_equal(store_history(&hist, s, sharded, &err), 0);
	assert_int_equal(hist.len, 3); /* move, edit old, old */
	assert_int_equal(strncmp(((struct store_commit *)hist.items[0])->message, "move", 4), 0);
	assert_int_equal(strncmp(((struct store_commit *)hist.items[1])->message, "edit old", 8), 0);
	assert_int_equal(strncmp(((struct store_commit *)hist.items[2])->message, "old", 3), 0);
	assert_int_equal(store_read_at(&r, s, ((struct store_commit *)hist.items[2])->oid, sharded, &err), 0);
	assert_string_equal(record_get(r, "observation", "course"), "直播技术");
	record_free(r);
	vec_clear(&items);
	assert_int_equal(store_list(&items, s, &q, NULL, &err), 0);
	assert_int_equal(items.len, 2);

	buf_release(&before);
	buf_release(&after);
	buf_release(&got);
	buf_release(&other);
	vec_free(&items);
	vec_free(&hist);
	free(spec);
	free(legacy);
	free(sharded);
	free(fresh);
	store_free(s);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_open),
		cmocka_unit_test(test_commit_and_read),
		cmocka_unit_test(test_txn_puts_deletes),
		cmocka_unit_test(test_history),
		cmocka_unit_test(test_cas_two_handles),
		cmocka_unit_test(test_merge_same_record),
		cmocka_unit_test(test_modified_vs_deleted),
		cmocka_unit_test(test_stale_ref_lock),
		cmocka_unit_test(test_lock_timeout),
		cmocka_unit_test(test_list),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test(test_strict_read),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_gc),
		cmocka_unit_test(test_list_cache),
		cmocka_unit_test(test_layout),
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_autopack),
		cmocka_unit_test(test_shared),
		cmocka_unit_test(test_stress_fork),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
