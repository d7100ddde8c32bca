/* main: global options, the command table, exit codes; the only place that exits. */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/locale.h"
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
	{ "obs", cmd_obs, "听课统计、未被听课的教师、回复听课记录", "observation statistics, coverage and replies",
	  "用法 / usage: jiaoyan obs stats [--term T] [--school S] [--format table|tsv]\n"
	  "              jiaoyan obs uncovered [--term T] [--school S] [--format table|tsv]\n"
	  "              jiaoyan obs reply ID TEXT\n"
	  "              jiaoyan obs inbox|mine [--term T] [--person ID] [--format table|tsv]\n"
	  "  stats      一个学期（默认 group.ini 的当前学期）的听课统计：每位授课教师被听课次数、平均分、\n"
	  "             等级分布；每位听课人已听课次数与任务（group.ini [quota]，按角色、职称、新进教师取最大值）；\n"
	  "             各校听课次数、已覆盖教师/教师总数（角色 teacher）、平均分、等级分布。--school 只看一所学校。\n"
	  "  uncovered  该学期尚未被听课的教师。\n"
	  "  reply      被听课的授课教师回复听课记录（写入 [response]，只有本人可以回复）；TEXT 为 - 时从标准输入读入。\n"
	  "  inbox      听我的课（或 --person 的课）的听课记录，未回复的标为“新”；mine：我做的听课记录。\n"
	  "  --format tsv 时每块前有一行字段名，数据行第一列为 teacher、observer 或 school。\n" },
	{ "serve", cmd_serve, "SSH 强制命令：以密钥对应的人员身份提供服务", "SSH forced command: serve as the key's person",
	  "用法 / usage: jiaoyan serve PERSON\n"
	  "  写在服务账号 authorized_keys 的 command=\"…\" 中（用 jiaoyan keys add 生成），不要手工运行。\n"
	  "  身份由密钥决定：--user、[user] id、$USER 都不能改变它。按 $SSH_ORIGINAL_COMMAND：\n"
	  "    空                     以该人员身份打开终端界面（需要 ssh -t）\n"
	  "    jiaoyan 命令 [参数...]  以该人员身份执行命令（不能用 --user、-C、--config、serve、keys、init、hook）\n"
	  "    git-upload-pack / git-receive-pack '仓库'  其他校区的同步（只限本数据仓库；推送人为 PERSON）\n"
	  "    其他                   拒绝，退出码 1\n" },
	{ "keys", cmd_keys, "管理 SSH 登录密钥（服务账号的 authorized_keys）", "manage SSH login keys (the service account's authorized_keys)",
	  "用法 / usage: jiaoyan [-C REPO] keys add PERSON KEYFILE\n"
	  "              jiaoyan keys list [--format table|tsv]\n"
	  "              jiaoyan keys rm PERSON|FINGERPRINT\n"
	  "  在服务账号下运行。add 检查人员存在、KEYFILE（- 为标准输入）只含一把公钥（ed25519、ECDSA；RSA 可用但有提醒），\n"
	  "  在 ~/.ssh/authorized_keys（目录 0700，文件 0600）追加\n"
	  "  command=\"/path/to/jiaoyan [-C REPO] serve PERSON\",restrict,pty 公钥\n"
	  "  list 列出人员、类型、SHA256 指纹、备注；rm 删除该人员的全部密钥或指纹匹配的一把。\n"
	  "  --authorized-keys FILE  使用另一个文件（sshd 的 AuthorizedKeysFile 不在默认位置时）。\n" },
	{ "plan", cmd_plan, "授课计划备案：新建、导入、检查、提交、审核、状态", "teaching-plan filing: create, import, check, submit, review, status",
	  "用法 / usage: jiaoyan plan new [--term T] [--school S] --specialty C [--from TERM]\n"
	  "              jiaoyan plan course ID add|set N|rm N|move N TO [KEY=VALUE ...]\n"
	  "              jiaoyan plan import ID FILE.csv\n"
	  "              jiaoyan plan export ID FILE.csv\n"
	  "              jiaoyan plan check ID [--format table|tsv]\n"
	  "              jiaoyan plan submit ID [--despite-errors]\n"
	  "              jiaoyan plan review ID --approve|--return [--comment TEXT] [--row N=TEXT ...]\n"
	  "              jiaoyan plan reopen ID\n"
	  "              jiaoyan plan status [--term T] [--format table|tsv]\n"
	  "              jiaoyan plan show ID\n"
	  "  ID 为 学期/学校/专业，如 2026-2027-2/s01/530701（一份计划 = 一个学期 × 一所学校 × 一个专业）。\n"
	  "  new     新建草稿；--term 默认为集团当前学期的下一学期，--school 默认为本人所属学校；\n"
	  "          --from TERM 复制本校该专业在 TERM 学期的课程行（已不在名册中的教师留空并提示）。\n"
	  "  course  编辑课程行（草稿或需整改时）：add 追加一行（至少 name、category、hours）；set N 修改第 N 行；\n"
	  "          rm N 删除第 N 行；move N TO 移到第 TO 行（之后的行重新编号）。KEY：name category hours\n"
	  "          theory practice credits weeks teacher elective note（也可用 CSV 表头的中文列名）。\n"
	  "          category 可写 公共基础课 专业基础课 专业核心课 专业拓展课 实践课（可带“程”）；\n"
	  "          teacher 可写工号，或本校（其次是牵头学校互派教师）的姓名，重名时须写工号；elective 写 是/否。\n"
	  "  import  用 CSV 表格替换全部课程行：UTF-8（可带 BOM）或 GBK（Excel 默认的“CSV（逗号分隔）”），\n"
	  "          第一行为表头 课程名称,课程类别,总学时,理论学时,实践学时,学分,周数,任课教师,是否选修\n"
	  "          （列序不限；前三列必需；可另有 序号、备注）。有错误的行按行号全部列出，此时什么也不写入。\n"
	  "  export  按同样的表头导出（UTF-8 带 BOM，CRLF 换行，Excel 可直接打开）；FILE 为 - 时写到标准输出。\n"
	  "  check   按该专业的规则集（specialty.rules，否则 group.rules）检查：学时学分、理论+实践=总学时、\n"
	  "          公共基础课/实践/选修学时占比、双师型/高级职称/兼职教师比例、教师在册与教师资格、周学时、\n"
	  "          核心课程；每条注明严重程度、所在行和所依据的条款。有错误时退出码为 1。\n"
	  "  submit  提交审核（版本号加 1）。检查有错误时拒绝，除非加 --despite-errors（审核人会看到）。\n"
	  "  review  专业负责人审核待审核的计划：--approve 通过，--return 退回整改（须写总体意见或逐行意见）；\n"
	  "          --row N=意见 针对第 N 行，可重复。\n"
	  "  reopen  已通过的计划是只读的：reopen 把它改回草稿，开始新的修订，修改后须重新提交审核；\n"
	  "          也可撤回尚未审核的提交。\n"
	  "  status  成员学校 × 专业的备案状态（未提交/草稿/待审核/已通过/需整改），逾期的标出；\n"
	  "          --term 默认为下一学期；截止日期来自 group.ini（秋季学期 plan_due_autumn 截止下学期的备案，\n"
	  "          春季学期 plan_due_spring）。tsv 每格一行：term school specialty state revision overdue due。\n"
	  "  show    显示计划：课程表、每行的检查结果、审核记录与逐行意见。\n"
	  "  只有本校人员（或管理员）可以新建、修改、导入、提交、重新打开；只有该专业的专业负责人可以审核。\n"
	  "  被拒绝的操作不写入任何内容，退出码为 1；用法错误为 2。\n" },
	{ NULL, NULL, NULL, NULL, NULL },
};

static void print_main_help(FILE *f)
{
	fputs(L("用法: jiaoyan [-C 仓库] [--config 文件] [--user 工号] [命令 [参数...]]\n"
		"不带命令时打开终端界面（需要终端）。\n\n命令:\n",
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
	err_set_lang(getenv("JIAOYAN_LANG"));
	struct buf note = BUF_INIT;
	if (locale_init(&note) != LOCALE_NATIVE)
		fprintf(stderr, "jiaoyan: %s\n", note.ptr);
	buf_release(&note);
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
			char tui[] = "tui";
			char *targs[] = { tui, NULL };
			rc = cmd_tui(&c, 1, targs);
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
