/* main: global options, the command table, exit codes; the only place that exits. */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/text.h"

#define VERSION "0.1.0"

const struct cli_command cli_commands[] = {
	{ "init", cmd_init, "创建数据仓库（--demo 带演示数据）", "create a data repository (--demo: with the demo group)",
	  "用法 / usage: jiaoyan init [--demo] [--shared] [REPO]\n"
	  "  创建裸 git 数据仓库（默认 [repo] path 或 ~/.local/share/jiaoyan/data.git）。\n"
	  "  --demo    写入演示集团（学校、人员、专业、规则集、量表、本学期听课记录、下学期授课计划、试题）\n"
	  "  --shared  供同一 Unix 组的多个账号共同写入（setgid 目录，umask 002）\n" },
	{ "add", cmd_add, "新增记录，输出其编号", "add a record and print its id",
	  "用法 / usage: jiaoyan add TYPE [--file FILE] [KEY=VALUE ...]\n"
	  "  TYPE: school person specialty rules rubric plan observation course question exam scores\n"
	  "  KEY 为主节中的字段名（如 name），或 节.字段（如 score.goal、text.problems、course.1.hours）。\n"
	  "  枚举值可写英文存储值或中文（如 kind=同行听课、dual_qualified=是）。\n"
	  "  学校、人员、专业等以代码为编号的记录用 id= / code= 指定编号；其余自动生成。\n"
	  "  --file FILE  从 INI 文件读入记录，再应用 KEY=VALUE。\n" },
	{ "show", cmd_show, "显示记录的规范文本", "print a record's canonical text",
	  "用法 / usage: jiaoyan show ID\n  ID 可以是编号、TYPE/ID 或记录路径。\n" },
	{ "edit", cmd_edit, "修改记录（无 KEY=VALUE 时打开编辑器）", "edit a record (no pairs: in $VISUAL/$EDITOR)",
	  "用法 / usage: jiaoyan edit ID [KEY=VALUE ...]\n"
	  "  没有 KEY=VALUE 时用 $VISUAL / $EDITOR 打开记录；保存后校验，不合格的修改被拒绝，\n"
	  "  编辑过的文本保留在提示的文件中，不会丢失。空值（KEY=）删除该字段。\n" },
	{ "list", cmd_list, "列出记录", "list records",
	  "用法 / usage: jiaoyan list TYPE [--term T] [--school S] [--specialty C] [--where KEY=VALUE]... [--format table|tsv]\n"
	  "  table（默认）按显示宽度对齐中文；tsv 第一行为字段名，值中的制表符和换行写作 \\t \\n。\n" },
	{ "get", cmd_get, "输出一个字段的值", "print one field's value",
	  "用法 / usage: jiaoyan get ID KEY\n  KEY 为字段名或 节.字段；输出解码后的原值加一个换行。\n" },
	{ "history", cmd_history, "记录的修改历史", "a record's history",
	  "用法 / usage: jiaoyan history ID\n  列出改动过该记录的提交：时间、作者、说明（新的在前）。\n" },
	{ "check", cmd_check, "校验全部记录", "validate every record",
	  "用法 / usage: jiaoyan check\n  严格读取并校验每条记录（格式、字段、引用、存放位置）；有问题时逐条列出并以 1 退出。\n" },
	{ "gc", cmd_gc, "打包松散对象", "pack loose objects",
	  "用法 / usage: jiaoyan gc\n  把松散的 git 对象打包（超过阈值时提交后也会自动进行）。\n" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static void print_main_help(FILE *f)
{
	fputs(L("用法: jiaoyan [-C 仓库] [--config 文件] [--user 工号] [命令 [参数...]]\n"
		"不带命令时打开终端界面。\n\n命令:\n",
		"usage: jiaoyan [-C REPO] [--config FILE] [--user ID] [COMMAND [ARGS...]]\n"
		"Without a command, opens the terminal interface.\n\nCommands:\n"),
	      f);
	for (const struct cli_command *cmd = cli_commands; cmd->name; cmd++) {
		struct buf line = BUF_INIT;
		text_pad(&line, cmd->name, 10, 0);
		fprintf(f, "  %s %s\n", line.ptr, L(cmd->summary_zh, cmd->summary_en));
		buf_release(&line);
	}
	fputs(L("\n选项:\n  -C 仓库         数据仓库路径（默认 [repo] path，或 ~/.local/share/jiaoyan/data.git）\n"
		"  --config 文件   再读入一个配置文件（在 /etc/jiaoyan/jiaoyan.ini 和 ~/.config/jiaoyan/jiaoyan.ini 之后）\n"
		"  --user 工号     以该人员身份操作\n  -h, --help      帮助；jiaoyan 命令 --help 查看命令帮助\n"
		"  --version       版本\n\n退出码: 0 成功，1 输入被拒绝或检查未通过（未写入任何内容），2 用法错误。\n"
		"详见 man jiaoyan 与 man jiaoyan.ini。\n",
		"\nOptions:\n  -C REPO         data repository (default [repo] path, or ~/.local/share/jiaoyan/data.git)\n"
		"  --config FILE   read one more configuration file (after /etc/jiaoyan/jiaoyan.ini and ~/.config/jiaoyan/jiaoyan.ini)\n"
		"  --user ID       act as this person\n  -h, --help      help; jiaoyan COMMAND --help for a command\n"
		"  --version       version\n\nExit status: 0 ok, 1 rejected input or failed check (nothing written), 2 usage error.\n"
		"See man jiaoyan and man jiaoyan.ini.\n"),
	      f);
}

const struct cli_command *cli_find(const char *name)
{
	for (const struct cli_command *cmd = cli_commands; cmd->name; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	return NULL;
}

int cli_wants_help(const struct cli_command *cmd, int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "-h") == 0 || strcmp(argv[i], "--help") == 0) {
			fputs(cmd->usage, stdout);
			return 1;
		}
	}
	return 0;
}

int cli_usage_error(struct cli *c, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	err_set(&c->err, JY_EUSAGE, L("%s（jiaoyan %s --help 查看用法）", "%s (see jiaoyan %s --help)"), b.ptr, name);
	buf_release(&b);
	return JY_EUSAGE;
}

void cli_print(FILE *f, const char *text)
{
	if (isatty(fileno(f))) {
		struct buf b = BUF_INIT;
		text_sanitize(&b, text, strlen(text), TEXT_KEEP_NEWLINES);
		fputs(b.ptr, f);
		buf_release(&b);
	} else {
		fputs(text, f);
	}
}

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

int cli_dispatch(struct cli *c, int argc, char **argv)
{
	const struct cli_command *cmd = cli_find(argv[0]);
	if (!cmd)
		return cli_usage_error(c, "", L("没有命令「%s」", "no command \"%s\""), argv[0]);
	if (cli_wants_help(cmd, argc, argv))
		return 0;
	return cmd->fn(c, argc, argv);
}

/* Error text can carry record data (names, values): never let it reach a terminal raw. */
static void print_error(const struct jy_err *err)
{
	struct buf b = BUF_INIT;
	text_sanitize(&b, err->msg, strlen(err->msg), TEXT_KEEP_NEWLINES);
	fprintf(stderr, "jiaoyan: %s\n", b.ptr);
	buf_release(&b);
}

int main(int argc, char **argv)
{
	struct cli c;
	int i, rc = 0;
	memset(&c, 0, sizeof(c));
	setlocale(LC_ALL, "");
	err_set_lang(getenv("JIAOYAN_LANG"));
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if ((strcmp(a, "-C") == 0 || strcmp(a, "--config") == 0 || strcmp(a, "--user") == 0) && i + 1 >= argc) {
			fprintf(stderr, "jiaoyan: %s %s\n", a, L("缺少参数", "needs an argument"));
			return 2;
		}
		if (strcmp(a, "-C") == 0)
			c.repo_opt = argv[++i];
		else if (strcmp(a, "--config") == 0)
			c.config_opt = argv[++i];
		else if (strcmp(a, "--user") == 0)
			c.user_opt = argv[++i];
		else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			print_main_help(stdout);
			return 0;
		} else if (strcmp(a, "--version") == 0) {
			printf("jiaoyan %s\n", VERSION);
			return 0;
		} else if (a[0] == '-') {
			fprintf(stderr, L("jiaoyan: 未知选项 %s（jiaoyan --help 查看用法）\n", "jiaoyan: unknown option %s (see jiaoyan --help)\n"), a);
			return 2;
		} else
			break;
	}
	rc = config_load(&c.cfg, c.config_opt, &c.err);
	if (rc == 0) {
		const char *lang = config_get(c.cfg, "ui", "lang");
		if (lang && !getenv("JIAOYAN_LANG"))
			err_set_lang(lang);
		c.repo_path = c.repo_opt ? xstrdup(c.repo_opt) : config_repo_path(c.cfg);
		if (i >= argc) {
			print_main_help(stdout);
		} else {
			rc = cli_dispatch(&c, argc - i, argv + i);
		}
	}
	if (rc)
		print_error(&c.err);
	actor_free(c.actor);
	store_free(c.store);
	config_free(c.cfg);
	free(c.repo_path);
	return err_exit_status(rc);
}
