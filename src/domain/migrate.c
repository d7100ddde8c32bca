/* migrate: one commit that files every legacy-layout record at its sharded path, bytes unchanged. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/merge.h"
#include "jiaoyan/migrate.h"
#include "jiaoyan/records.h"
#include "jiaoyan/schema.h"

void migrate_result_init(struct migrate_result *r)
{
	memset(r, 0, sizeof(*r));
	vec_init(&r->pairs, free);
	vec_init(&r->left, free);
}

void migrate_result_release(struct migrate_result *r)
{
	vec_free(&r->pairs);
	vec_free(&r->left);
}

/* Appends the legacy-layout files of every sharded type. */
static int legacy_files(struct vec *out, struct store *s, struct jy_err *err)
{
	struct vec files = VEC_INIT(free);
	int rc = 0;
	for (size_t i = 0; i < schema_type_count() && rc == 0; i++) {
		const struct type_def *t = schema_type_at(i);
		if (t->shard == SHARD_NONE)
			continue;
		vec_clear(&files);
		rc = store_files(&files, s, t->dir, err);
		for (size_t j = 0; rc == 0 && j < files.len; j++)
			if (schema_path_is_legacy(files.items[j]))
				vec_push_str(out, files.items[j]);
	}
	vec_free(&files);
	return rc;
}

int migrate_count_legacy(size_t *out, struct store *s, struct jy_err *err)
{
	struct vec paths = VEC_INIT(free);
	int rc = legacy_files(&paths, s, err);
	if (rc == 0)
		*out = paths.len;
	vec_free(&paths);
	return rc;
}

/* The record's first version: where both copies started, the base of their merge. */
static struct record *first_version(struct store *s, const char *path)
{
	struct vec hist = VEC_INIT(store_commit_free);
	struct record *r = NULL;
	if (store_history(&hist, s, path, NULL) == 0)
		for (size_t i = hist.len; i-- > 0 && !r;)
			if (store_read_at(&r, s, ((struct store_commit *)hist.items[i])->oid, path, NULL) != 0)
				r = NULL;
	vec_free(&hist);
	return r;
}

/*
 * The record is at both paths: stage their merge at the sharded path (conflict
 * records for keys set differently) and the removal of the legacy file.
 * JY_EINVAL (nothing staged) when a version does not decode.
 */
static int merge_both(struct migrate_result *out, struct store *s, struct store_txn *txn, const char *legacy,
		      const char *sharded, struct jy_err *err)
{
	struct buf a = BUF_INIT, b = BUF_INIT, cpath = BUF_INIT, note = BUF_INIT;
	struct record *ours = NULL, *theirs = NULL, *base = NULL, *merged = NULL;
	struct vec conflicts = VEC_INIT(record_conflict_free);
	int rc;
	if ((rc = store_read_raw(&a, s, sharded, err)) || (rc = store_read_raw(&b, s, legacy, err)))
		goto cleanup;
	if (a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0) {
		rc = store_txn_delete(txn, legacy, err);
		goto cleanup;
	}
	if ((rc = codec_decode(&ours, a.ptr, a.len, err)) || (rc = codec_decode(&theirs, b.ptr, b.len, err)))
		goto cleanup;
	base = first_version(s, sharded);
	records_merge_policy.record(records_merge_policy.ctx, sharded, &merged, &conflicts, base, ours, theirs);
	buf_printf(&note, L("迁移目录布局时，这条记录同时在旧路径 %s 和新路径 %s：两者逐项合并，同一项不同时保留新路径的值",
			    "when the layout was migrated this record was at both the old path %s and the new path %s: "
			    "they were merged key by key, the new path's value kept where both set a key differently"),
		   legacy, sharded);
	for (size_t i = 0; i < conflicts.len && rc == 0; i++) {
		struct record_conflict *k = conflicts.items[i];
		if (!k->note)
			k->note = xstrdup(note.ptr);
		struct record *c = merge_conflict_record(sharded, k, sharded, NULL, legacy, NULL);
		buf_reset(&cpath);
		if ((rc = schema_path(&cpath, schema_type("conflict"), c, err)) == 0)
			rc = store_txn_put(txn, cpath.ptr, c, err);
		record_free(c);
	}
	if (rc == 0 && (rc = store_txn_put(txn, sharded, merged, err)) == 0)
		rc = store_txn_delete(txn, legacy, err);
	out->conflicts += rc == 0 ? conflicts.len : 0;
cleanup:
	record_free(ours);
	record_free(theirs);
	record_free(base);
	record_free(merged);
	vec_free(&conflicts);
	buf_release(&a);
	buf_release(&b);
	buf_release(&cpath);
	buf_release(&note);
	return rc;
}

int migrate_run(struct migrate_result *out, struct store *s, const struct actor *a, int dry_run, struct jy_err *err)
{
	struct vec legacy = VEC_INIT(free);
	struct store_txn *txn = NULL;
	struct buf to = BUF_INIT, msg = BUF_INIT, line = BUF_INIT;
	struct jy_err e = JY_ERR_INIT;
	int rc = actor_can_write(a, err);
	if (rc == 0 && !actor_is_admin(a))
		rc = err_set(err, JY_EPERM, "%s", L("只有管理员可以迁移目录布局", "only an admin migrates the directory layout"));
	if (rc || (rc = legacy_files(&legacy, s, err)) || (rc = store_txn_begin(&txn, s, err)))
		goto cleanup;
	for (size_t i = 0; i < legacy.len && rc == 0; i++) {
		const char *from = legacy.items[i];
		buf_reset(&to);
		if (schema_path_counterpart(&to, from, &e) < 0) {
			/* The file name is not a generated id: no shard to compute; `check` names the file. */
			buf_reset(&line);
			buf_printf(&line, "%s: %s", from, e.msg);
			vec_push_str(&out->left, line.ptr);
			continue;
		}
		if (!store_exists(s, to.ptr)) {
			out->moved++;
			rc = dry_run ? 0 : store_txn_move(txn, from, to.ptr, err);
			continue;
		}
		if (!dry_run && merge_both(out, s, txn, from, to.ptr, &e) < 0) {
			buf_reset(&line);
			buf_printf(&line, "%s: %s", from, e.msg);
			vec_push_str(&out->left, line.ptr);
			continue;
		}
		out->merged++;
		buf_reset(&line);
		buf_printf(&line, "%s %s", from, to.ptr);
		vec_push_str(&out->pairs, line.ptr);
	}
	if (rc || dry_run || out->moved + out->merged == 0)
		goto cleanup;
	buf_printf(&msg, L("目录分层：%zu 条记录移入按月分层的目录（内容不变）", "layout: %zu records moved into month directories (bytes unchanged)"),
		   out->moved);
	if (out->merged)
		buf_printf(&msg, L("，%zu 条新旧路径并存的记录已合并", ", %zu records found at both paths merged"), out->merged);
	struct store_sig sig;
	actor_sig(a, &sig);
	rc = store_txn_commit(txn, &sig, msg.ptr, out->commit, err);
cleanup:
	store_txn_free(txn);
	vec_free(&legacy);
	buf_release(&to);
	buf_release(&msg);
	buf_release(&line);
	return rc;
}
