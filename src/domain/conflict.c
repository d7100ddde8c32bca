/* conflict: listing the open conflicts of merges and resolving one — the record and the conflict in one commit. */
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/conflict.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"

static int oldest_first(const void *a, const void *b)
{
	return strcmp(((const struct store_item *)a)->id, ((const struct store_item *)b)->id);
}

int conflict_open_list(struct vec *out, struct store *s, struct jy_err *err)
{
	static const char *const open[] = { "state=open", NULL };
	struct store_query q = { .type = "conflict", .where = open };
	struct vec got = VEC_INIT(store_item_free);
	int rc = store_list(&got, s, &q, NULL, err);
	vec_sort(&got, oldest_first);
	for (size_t i = 0; rc == 0 && i < got.len; i++)
		vec_push(out, got.items[i]);
	if (rc == 0)
		got.len = 0;
	vec_free(&got);
	return rc;
}

int conflict_resolve(struct store *s, const struct actor *a, const char *id, const char *take, struct jy_err *err)
{
	const struct type_def *ct = schema_type("conflict");
	struct record *c = NULL, *rec = NULL, *canon = NULL, *closed = NULL;
	struct buf cpath = BUF_INIT, spec = BUF_INIT, msg = BUF_INIT;
	struct store_txn *txn = NULL;
	struct store_sig sig;
	char at[17];
	int rc;
	buf_printf(&spec, "conflict/%s", id);
	if ((rc = store_refresh(s, err)) || (rc = store_resolve(&cpath, s, spec.ptr, err)) || (rc = store_read(&c, s, cpath.ptr, err)))
		goto cleanup;
	const char *state = record_get(c, "conflict", "state"), *path = record_get(c, "conflict", "path");
	const char *sec = record_get(c, "conflict", "section"), *key = record_get(c, "conflict", "key");
	if (state && strcmp(state, "resolved") == 0) {
		rc = err_set(err, JY_EINVAL, L("冲突 %s 已经处理过了", "conflict %s is resolved already"), id);
		goto cleanup;
	}
	const struct type_def *t = path ? schema_type_of_path(path) : NULL;
	if (!t || !sec || !key) {
		rc = err_set(err, JY_EINVAL, L("冲突 %s 没有指明记录和字段", "conflict %s names no record and key"), id);
		goto cleanup;
	}
	int whole = strcmp(sec, "*") == 0;
	int exists = store_read(&rec, s, path, NULL) == 0;
	const char *value = NULL;
	int drop = 0;
	if (strcmp(take, "ours") == 0) {
		value = record_get(c, "conflict", "ours");
	} else if (strcmp(take, "theirs") == 0) {
		value = record_get(c, "conflict", "theirs");
		drop = whole;
	} else if (whole) {
		rc = err_set(err, JY_EINVAL, "%s",
			     L("这条冲突关于整条记录（一方删除、一方修改）：只能选 ours（保留）或 theirs（删除）",
			       "this conflict is about a whole record (deleted on one side, changed on the other): take ours (keep) or theirs (delete)"));
		goto cleanup;
	} else {
		value = take;
	}
	if ((rc = store_txn_begin(&txn, s, err)))
		goto cleanup;
	/* The record, as the chosen side has it: permitted and validated like any edit of it. */
	if (drop && exists) {
		if ((rc = records_permit(s, a, t, rec, NULL, err)) || (rc = store_txn_delete(txn, path, err)))
			goto cleanup;
	} else if (!whole && exists) {
		struct record *next = record_dup(rec);
		if (value)
			record_set(next, sec, key, value);
		else
			record_unset(next, sec, key);
		canon = schema_canonical(t, next);
		record_free(next);
		if ((rc = records_permit(s, a, t, rec, canon, err)) || (rc = records_validate(s, t, canon, err)) ||
		    (rc = store_txn_put(txn, path, canon, err)))
			goto cleanup;
	} else if ((rc = records_permit(s, a, ct, c, c, err))) {
		goto cleanup;
	}
	closed = record_dup(c);
	id_datetime(at, id_now());
	record_set(closed, "conflict", "state", "resolved");
	if (a->id)
		record_set(closed, "conflict", "resolved_by", a->id);
	record_set(closed, "conflict", "resolved_at", at);
	record_set(closed, "conflict", "resolution",
		   strcmp(take, "ours") == 0 ? L("保留原值", "kept the value") : strcmp(take, "theirs") == 0 ? L("采用被替换的值", "took the replaced value") : take);
	struct record *closed_canon = schema_canonical(ct, closed);
	record_free(closed);
	closed = closed_canon;
	if ((rc = records_permit(s, a, ct, c, closed, err)) || (rc = store_txn_put(txn, cpath.ptr, closed, err)))
		goto cleanup;
	buf_printf(&msg, L("处理同步冲突：%s %s.%s", "resolve a sync conflict: %s %s.%s"), path, sec, key);
	actor_sig(a, &sig);
	rc = store_txn_commit(txn, &sig, msg.ptr, NULL, err);
cleanup:
	store_txn_free(txn);
	record_free(c);
	record_free(rec);
	record_free(canon);
	record_free(closed);
	buf_release(&cpath);
	buf_release(&spec);
	buf_release(&msg);
	return rc;
}
