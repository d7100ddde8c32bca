/* context: what every command shares — the store and the actor opened lazily, and hints after a refusal. */
#include <stdio.h>
#include <string.h>

#include "jiaoyan/cli.h"

int cli_store(struct cli *c, struct store **out)
{
	if (!c->store) {
		int rc = store_open(&c->store, c->repo_path, &c->err);
		if (rc)
			return rc;
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
	{ "deactivate", "人员离开请用 jiaoyan deactivate %s（记录保留）", "for a person who left, use jiaoyan deactivate %s (records stay)" },
	{ "bank-edit", "修改已审核的试题用 jiaoyan bank edit %s KEY=VALUE…（生成新版本，审核通过后替代）",
	  "to change an approved question, use jiaoyan bank edit %s KEY=VALUE… (a new version, replacing it once approved)" },
	{ "bank-force", "确认不是同一道题时，加 --force 仍然添加%s", "if it is a different question, add --force%s" },
	{ "bank-gbk", "或加 --encoding gbk 按 GBK 转换%s", "or add --encoding gbk to convert from GBK%s" },
	{ "bank-show", "jiaoyan bank show %s 查看", "see jiaoyan bank show %s" },
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
