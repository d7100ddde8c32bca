/* context: what every command shares — the store and the actor opened lazily, and hints after a refusal. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/gitproc.h"
#include "jiaoyan/records.h"
#include "jiaoyan/sync.h"

int cli_store(struct cli *c, struct store **out)
{
	if (!c->store) {
		int rc = store_open(&c->store, c->repo_path, &c->err);
		if (rc)
			return rc;
		store_set_merge_policy(c->store, &records_merge_policy);
		store_set_rows_policy(c->store, &records_rows_policy);
		store_head(c->store, c->head_at_open);
	}
	*out = c->store;
	return 0;
}

int cli_actor(struct cli *c, struct actor **out)
{
	if (!c->actor) {
		struct store *s;
		int rc = cli_store(c, &s);
		if (rc)
			return rc;
		rc = roster_identify(&c->actor, s, c->serve_person ? c->serve_person : c->user_opt, c->cfg, &c->err);
		if (rc)
			return rc;
		c->actor->fixed = c->serve_person != NULL;
	}
	*out = c->actor;
	return 0;
}

/* The domain says what can be done next (err->hint); the CLI says it in its own words. */
static const struct {
	const char *hint;
	const char *zh, *en;
} hints[] = {
	{ "plan-reopen", "如需修改，先运行 jiaoyan plan reopen %s", "to change it, run jiaoyan plan reopen %s first" },
	{ "plan-despite", "确有必要时：jiaoyan plan submit %s --despite-errors（审核人会看到）",
	  "if you must: jiaoyan plan submit %s --despite-errors (the reviewer will see it)" },
	{ "plan-new", "用 jiaoyan plan new --specialty 专业 [--term 学期] [--school 学校] 创建（%s）",
	  "create it with jiaoyan plan new --specialty C [--term T] [--school S] (%s)" },
	{ "init", "先运行 jiaoyan init 创建，或用 -C 指定仓库路径（%s）", "create one with jiaoyan init, or give its path with -C (%s)" },
	{ "init-shared", "或以仓库所有者（服务账号）运行，或用 jiaoyan init --shared 建立组共享仓库（%s）",
	  "run as the repository's owner (the service account), or create a group-shared one with jiaoyan init --shared (%s)" },
	{ "edit", "用 jiaoyan edit %s 保存一次即可规范化", "saving it once with jiaoyan edit %s normalises it" },
	{ "list-school", "jiaoyan list school 列出全部学校（%s）", "jiaoyan list school lists the schools (%s)" },
	{ "conflict-list", "jiaoyan conflict list 查看，jiaoyan conflict resolve ID --take ours|theirs|值 处理%s",
	  "see jiaoyan conflict list; resolve with jiaoyan conflict resolve ID --take ours|theirs|VALUE%s" },
	{ "remote-add", "先登记：jiaoyan remote add central ssh://jiaoyan@中心服务器/srv/jiaoyan/data.git%s",
	  "add one first: jiaoyan remote add central ssh://jiaoyan@central.example/srv/jiaoyan/data.git%s" },
	{ "deactivate", "人员离开请用 jiaoyan deactivate %s（记录保留）", "for a person who left, use jiaoyan deactivate %s (records stay)" },
	{ "bank-edit", "修改已审核的试题用 jiaoyan bank edit %s KEY=VALUE…（生成新版本，审核通过后替代）",
	  "to change an approved question, use jiaoyan bank edit %s KEY=VALUE… (a new version, replacing it once approved)" },
	{ "bank-force", "确认不是同一道题时，加 --force 仍然添加%s", "if it is a different question, add --force%s" },
	{ "bank-gbk", "或加 --encoding gbk 按 GBK 转换%s", "or add --encoding gbk to convert from GBK%s" },
	{ "bank-show", "jiaoyan bank show %s 查看", "see jiaoyan bank show %s" },
	{ "key-gen", "%s 先运行 jiaoyan key gen 生成密钥（公钥写入名册）", "%s: run jiaoyan key gen first (the public key goes into the roster)" },
	{ "key-replace", "确需更换 %s 的密钥时：jiaoyan key gen --replace（之后请命题组运行 jiaoyan exam reseal）",
	  "if %s must have a new key: jiaoyan key gen --replace (then the committee runs jiaoyan exam reseal)" },
	{ "exam-release-time", "先设定启封时间：jiaoyan edit exam/%s release=YYYY-MM-DDTHH:MM", "set the release time first: jiaoyan edit exam/%s release=YYYY-MM-DDTHH:MM" },
	{ "exam-reseal", "命题组成员运行 jiaoyan exam reseal %s", "a committee member runs jiaoyan exam reseal %s" },
	{ NULL, NULL, NULL },
};

void cli_hint(struct cli *c, const struct jy_err *err)
{
	(void)c;
	if (!err->hint[0])
		return;
	for (size_t i = 0; hints[i].hint; i++)
		if (strcmp(hints[i].hint, err->hint) == 0) {
			struct buf b = BUF_INIT;
			buf_printf(&b, L(hints[i].zh, hints[i].en), err->hint_arg);
			fputs(L("提示：", "hint: "), stderr);
			cli_print(stderr, b.ptr);
			fputc('\n', stderr);
			buf_release(&b);
			return;
		}
}

/* Sync asks the record types' rules through this: how to merge, and how strictly to read what arrives. */
static size_t check_arrival(void *ctx, struct store *at, const char *path, const char *data, size_t len, struct vec *problems)
{
	(void)ctx;
	return records_check_file(at, path, data, len, problems);
}

const struct sync_rules cli_sync_rules = { &records_merge_policy, check_arrival, NULL };

/* "~/x" in the configuration is the home directory's x (what people write for key files). */
static const char *home_path(struct vec *keep, const char *p)
{
	const char *home = getenv("HOME");
	if (!p || strncmp(p, "~/", 2) != 0 || !home)
		return p;
	char *full = xasprintf("%s/%s", home, p + 2);
	vec_push(keep, full);
	return full;
}

void cli_transport_init(struct cli_transport *t, const struct config *cfg)
{
	memset(t, 0, sizeof(*t));
	vec_init(&t->pins, free);
	vec_init(&t->paths, free);
	t->opts.ssh_key = home_path(&t->paths, config_get(cfg, "sync", "ssh_key"));
	t->opts.known_hosts = home_path(&t->paths, config_get(cfg, "sync", "known_hosts"));
	vec_split(&t->pins, config_get(cfg, "sync", "host_fingerprint"), ',');
	t->opts.pins = &t->pins;
}

void cli_transport_release(struct cli_transport *t)
{
	vec_free(&t->pins);
	vec_free(&t->paths);
}

/*
 * [sync] auto = yes: after a command that wrote, a sync runs on its own,
 * detached, so nobody waits for the network; its result lands where
 * `remote list` and the 同步 tab read it.
 */
void cli_auto_sync(struct cli *c)
{
	const char *auto_sync = config_get(c->cfg, "sync", "auto");
	char now[41];
	if (!c->store || !auto_sync || strcmp(auto_sync, "yes") != 0 || store_refresh(c->store, NULL) != 0)
		return;
	store_head(c->store, now);
	if (strcmp(now, c->head_at_open) == 0)
		return;
	if (gitproc_detach() != 0)
		return;
	const char *argv[10];
	int n = 0;
	argv[n++] = "jiaoyan";
	argv[n++] = "-C";
	argv[n++] = store_path(c->store);
	if (c->config_opt) {
		argv[n++] = "--config";
		argv[n++] = c->config_opt;
	}
	if (c->actor && c->actor->id) { /* the merge commit is signed by who wrote, as the write was */
		argv[n++] = "--user";
		argv[n++] = c->actor->id;
	}
	argv[n++] = "sync";
	argv[n++] = "--quiet";
	argv[n] = NULL;
	execv("/proc/self/exe", (char *const *)argv);
	_exit(127);
}
