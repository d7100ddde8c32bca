/* cmd_sync: `jiaoyan remote`, `sync`, `hook` and `conflict` — campuses and the central repository on the command line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/conflict.h"
#include "jiaoyan/id.h"
#include "jiaoyan/receive.h"
#include "jiaoyan/records.h"
#include "jiaoyan/sync.h"
#include "jiaoyan/text.h"

/* --- remotes --- */

int cmd_remote_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	(void)cmd;
	int rc = cli_store(c, &s);
	if (rc == 0 && (rc = sync_remote_add(s, cli_operand(a, 0), cli_operand(a, 1), &c->err)) == 0)
		printf(L("已登记远程仓库 %s：%s\n", "added remote %s: %s\n"), cli_operand(a, 0), cli_operand(a, 1));
	return rc;
}

int cmd_remote_rm(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	(void)cmd;
	int rc = cli_store(c, &s);
	if (rc == 0 && (rc = sync_remote_rm(s, cli_operand(a, 0), &c->err)) == 0)
		printf(L("已删除远程仓库 %s\n", "removed remote %s\n"), cli_operand(a, 0));
	return rc;
}

static void when_text(struct buf *out, time_t t)
{
	char d[17];
	if (!t) {
		buf_puts(out, L("从未", "never"));
		return;
	}
	id_datetime(d, t);
	buf_puts(out, d);
}

int cmd_remote_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct vec remotes = VEC_INIT(sync_remote_free), rows = VEC_INIT(cli_row_free);
	struct store *s;
	int tsv = cli_tsv(a), rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = sync_remotes(&remotes, s, &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	const char *heads[][2] = { { "名称", "name" }, { "地址", "url" },   { "上次同步", "last" },
				   { "结果", "result" }, { "本地领先", "ahead" }, { "远程领先", "behind" } };
	for (size_t k = 0; k < 6; k++)
		vec_push_str(h, tsv ? heads[k][1] : L(heads[k][0], heads[k][1]));
	vec_push(&rows, h);
	for (size_t i = 0; i < remotes.len; i++) {
		const struct sync_remote *r = remotes.items[i];
		struct vec *row = cli_row_new();
		struct buf w = BUF_INIT;
		vec_push_str(row, r->name);
		vec_push_str(row, r->url);
		if (tsv)
			buf_printf(&w, "%lld", (long long)r->last);
		else
			when_text(&w, r->last);
		vec_push(row, buf_detach(&w));
		vec_push_str(row, !r->last ? "" : r->ok ? (tsv ? "ok" : L("已同步", "in sync")) : r->message);
		vec_push(row, xasprintf("%zu", r->ahead));
		vec_push(row, xasprintf("%zu", r->behind));
		vec_push(&rows, row);
	}
	cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&remotes);
	vec_free(&rows);
	return rc;
}

/* --- sync --- */

struct progress {
	int shown;
};

/* One line redrawn in place on a terminal: objects, bytes, rate. */
static void show_progress(void *ctx, const struct transport_progress *p)
{
	struct progress *pr = ctx;
	double rate = p->seconds > 0 ? (double)p->bytes / p->seconds / 1024 : 0;
	if (p->total_objects)
		fprintf(stderr, L("\r传输：%zu/%zu 个对象，%.1f KiB，%.1f KiB/s   ", "\rtransfer: %zu/%zu objects, %.1f KiB, %.1f KiB/s   "),
			p->objects, p->total_objects, (double)p->bytes / 1024, rate);
	else
		fprintf(stderr, L("\r传输：%.1f KiB，%.1f KiB/s   ", "\rtransfer: %.1f KiB, %.1f KiB/s   "), (double)p->bytes / 1024, rate);
	pr->shown = 1;
}

/* The other side's words (the central hook's messages) reach the terminal sanitised. */
static void show_remote(void *ctx, const char *text, size_t len)
{
	struct buf b = BUF_INIT, raw = BUF_INIT;
	(void)ctx;
	buf_add(&raw, text, len);
	text_sanitize(&b, raw.ptr, raw.len, TEXT_KEEP_NEWLINES);
	fprintf(stderr, L("中心：%s", "central: %s"), b.ptr);
	if (!b.len || b.ptr[b.len - 1] != '\n')
		fputc('\n', stderr);
	buf_release(&b);
	buf_release(&raw);
}

int cmd_sync(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct cli_transport tr;
	struct transport_opts *o = &tr.opts;
	struct sync_report rep;
	struct progress pr = { 0 };
	struct store_sig sig;
	struct store *s;
	struct actor *actor;
	char *name = NULL;
	int quiet = cli_flag(a, "--quiet"), rc;
	(void)cmd;
	cli_transport_init(&tr, c->cfg);
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)) ||
	    (rc = sync_default_remote(&name, s, cli_operand(a, 0) ? cli_operand(a, 0) : config_get(c->cfg, "sync", "remote"), &c->err)))
		goto cleanup;
	if (!quiet && isatty(STDERR_FILENO))
		o->progress = show_progress;
	if (!quiet)
		o->remote_text = show_remote;
	o->ctx = &pr;
	actor_sig(actor, &sig);
	rc = sync_run(&rep, s, name, &sig, &cli_sync_rules, o, &c->err);
	if (pr.shown)
		fputc('\n', stderr);
	if (rc)
		goto cleanup;
	if (!quiet)
		printf(L("已与 %s 同步：收到 %zu 条记录，送出 %zu 条%s（%.8s）\n", "in sync with %s: %zu records in, %zu out%s (%.8s)\n"), name,
		       rep.received, rep.sent, rep.merged ? L("，已合并", ", merged") : "", rep.local);
	if (rep.conflicts) {
		rc = err_set(&c->err, JY_ECONFLICT,
			     L("同步完成，但有 %zu 处冲突需要有人处理", "in sync, but %zu conflicts need a person"), rep.conflicts);
		err_hint(&c->err, "conflict-list", "");
	}
cleanup:
	cli_transport_release(&tr);
	free(name);
	return rc;
}

/* --- the central repository's hook --- */

int cmd_hook_install(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, script = BUF_INIT;
	char *exe = realpath("/proc/self/exe", NULL), *repo = realpath(cli_operand(a, 0), NULL);
	struct store *s = NULL;
	int rc = 0;
	(void)cmd;
	if (!exe || !repo) {
		rc = err_set(&c->err, JY_ENOTFOUND, L("找不到数据仓库 %s", "no data repository at %s"), cli_operand(a, 0));
		goto cleanup;
	}
	/* It must be a repository we can open: a typo should not leave a hook in some other directory. */
	if ((rc = store_open(&s, repo, &c->err)))
		goto cleanup;
	for (const char *p = exe; *p; p++)
		if (*p == '\'') {
			rc = err_set(&c->err, JY_EINVAL, L("程序路径含单引号：%s", "the program's path holds a quote: %s"), exe);
			goto cleanup;
		}
	buf_printf(&path, "%s/hooks/pre-receive", repo);
	buf_printf(&script,
		   "#!/bin/sh\n"
		   "# Installed by jiaoyan hook install: the central repository refuses what the record rules refuse.\n"
		   "exec '%s' hook pre-receive\n",
		   exe);
	{
		/* hooks/ may be missing in a repository libgit2 made. */
		struct buf dir = BUF_INIT;
		buf_printf(&dir, "%s/hooks", repo);
		mkdir(dir.ptr, 0755);
		buf_release(&dir);
	}
	if ((rc = cli_write_output(path.ptr, script.ptr, script.len, &c->err)))
		goto cleanup;
	if (chmod(path.ptr, 0755) != 0) {
		rc = err_set(&c->err, JY_EIO, L("无法设置 %s 为可执行", "cannot make %s executable"), path.ptr);
		goto cleanup;
	}
	printf(L("已安装 %s\n", "installed %s\n"), path.ptr);
cleanup:
	store_free(s);
	free(exe);
	free(repo);
	buf_release(&path);
	buf_release(&script);
	return rc;
}

/* The problems of one ref in both languages: the pusher may read either. */
static void refusal(FILE *f, const struct vec *zh, const struct vec *en)
{
	for (size_t i = 0; i < zh->len; i++) {
		fprintf(f, "  - %s\n", (const char *)zh->items[i]);
		if (i < en->len)
			fprintf(f, "    %s\n", (const char *)en->items[i]);
	}
}

int cmd_hook_pre_receive(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct receive_pusher who = { getenv("JIAOYAN_PUSHER"), getenv("JIAOYAN_PUSHER_SCHOOL") };
	struct store *s = NULL;
	char line[512];
	size_t refused = 0;
	int rc, was_en = err_lang_en();
	(void)cmd, (void)a;
	if (who.person && !*who.person)
		who.person = NULL;
	if (who.school && !*who.school)
		who.school = NULL;
	if ((rc = store_open_env(&s, &c->err)))
		return rc;
	store_set_merge_policy(s, &records_merge_policy);
	while (fgets(line, sizeof(line), stdin)) {
		char old[64], new[64], ref[400];
		struct vec zh = VEC_INIT(free), en = VEC_INIT(free);
		struct jy_err ignored = JY_ERR_INIT;
		if (sscanf(line, "%63s %63s %399s", old, new, ref) != 3)
			continue;
		err_set_lang("zh");
		int r1 = receive_check(&zh, s, ref, old, new, &who, &c->err);
		err_set_lang("en");
		receive_check(&en, s, ref, old, new, &who, &ignored);
		err_set_lang(was_en ? "en" : "zh");
		if (r1 && !zh.len) {
			rc = r1; /* could not judge: refuse, saying why */
			refused++;
		} else if (zh.len) {
			fprintf(stderr, "jiaoyan: 中心仓库拒绝了这次推送 / the central repository refused this push (%s):\n", ref);
			refusal(stderr, &zh, &en);
			refused++;
		}
		vec_free(&zh);
		vec_free(&en);
	}
	store_free(s);
	if (refused && !rc)
		rc = err_set(&c->err, JY_EPERM, "%s", L("推送被拒绝，中心仓库未改变", "push refused; the central repository is unchanged"));
	return rc;
}

/* --- conflicts --- */

int cmd_conflict_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct vec items = VEC_INIT(store_item_free), rows = VEC_INIT(cli_row_free);
	struct store *s;
	int tsv = cli_tsv(a), rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = conflict_open_list(&items, s, &c->err)))
		goto cleanup;
	struct vec *h = cli_row_new();
	const char *heads[][2] = { { "编号", "id" }, { "记录", "path" }, { "字段", "key" }, { "保留的值", "ours" },
				   { "被替换的值", "theirs" }, { "时间", "at" } };
	for (size_t k = 0; k < 6; k++)
		vec_push_str(h, tsv ? heads[k][1] : L(heads[k][0], heads[k][1]));
	vec_push(&rows, h);
	for (size_t i = 0; i < items.len; i++) {
		const struct store_item *it = items.items[i];
		const struct record *r = it->rec;
		struct vec *row = cli_row_new();
		const char *v;
		vec_push_str(row, it->id);
		vec_push_str(row, (v = record_get(r, "conflict", "path")) ? v : "");
		vec_push(row, xasprintf("%s.%s", record_get(r, "conflict", "section") ? record_get(r, "conflict", "section") : "",
					record_get(r, "conflict", "key") ? record_get(r, "conflict", "key") : ""));
		vec_push_str(row, (v = record_get(r, "conflict", "ours")) ? v : "");
		vec_push_str(row, (v = record_get(r, "conflict", "theirs")) ? v : "");
		vec_push_str(row, (v = record_get(r, "conflict", "at")) ? v : "");
		vec_push(&rows, row);
	}
	if (!tsv && !items.len)
		printf("%s\n", L("没有待处理的同步冲突", "no open conflicts"));
	else
		cli_table(stdout, &rows, tsv);
cleanup:
	vec_free(&items);
	vec_free(&rows);
	return rc;
}

int cmd_conflict_resolve(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	(void)cmd;
	int rc = cli_store(c, &s);
	if (rc == 0 && (rc = cli_actor(c, &actor)) == 0 &&
	    (rc = conflict_resolve(s, actor, cli_operand(a, 0), cli_opt(a, "--take"), &c->err)) == 0)
		printf(L("已处理冲突 %s\n", "resolved conflict %s\n"), cli_operand(a, 0));
	return rc;
}

int cmd_conflict_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, spec = BUF_INIT, b = BUF_INIT;
	struct record *r = NULL;
	struct store *s;
	int rc;
	(void)cmd;
	buf_printf(&spec, "conflict/%s", cli_operand(a, 0));
	if ((rc = cli_store(c, &s)) || (rc = store_resolve(&path, s, spec.ptr, &c->err)) || (rc = store_read(&r, s, path.ptr, &c->err)))
		goto cleanup;
#define F(k) (record_get(r, "conflict", k) ? record_get(r, "conflict", k) : "")
	buf_printf(&b, L("冲突 %s（%s）\n记录：%s  字段：%s.%s\n", "conflict %s (%s)\nrecord: %s  key: %s.%s\n"), cli_operand(a, 0),
		   strcmp(F("state"), "open") == 0 ? L("待处理", "open") : L("已处理", "resolved"), F("path"), F("section"), F("key"));
	buf_printf(&b, L("原值（共同的版本）：%s\n", "base (common version): %s\n"), F("base"));
	buf_printf(&b, L("保留的值 ours：%s\n    作者 %s  提交 %.8s\n", "kept (ours): %s\n    by %s  commit %.8s\n"), F("ours"), F("ours_author"),
		   F("ours_commit"));
	buf_printf(&b, L("被替换的值 theirs：%s\n    作者 %s  提交 %.8s\n", "replaced (theirs): %s\n    by %s  commit %.8s\n"), F("theirs"),
		   F("theirs_author"), F("theirs_commit"));
	if (*F("note"))
		buf_printf(&b, L("说明：%s\n", "note: %s\n"), F("note"));
	if (*F("resolution"))
		buf_printf(&b, L("处理：%s（%s %s）\n", "resolution: %s (%s %s)\n"), F("resolution"), F("resolved_by"), F("resolved_at"));
#undef F
	cli_print(stdout, b.ptr);
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&spec);
	buf_release(&b);
	return rc;
}
