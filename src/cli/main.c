/* main: global options, main help, exit codes; the only place that exits. */
#include <locale.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/locale.h"
#include "jiaoyan/text.h"

static void print_main_help(FILE *f)
{
	fputs(L("用法: jiaoyan [-C 仓库] [--config 文件] [--user 工号] [命令 [参数...]]\n"
		"不带命令时打开终端界面（需要终端）。\n\n命令:\n",
		"usage: jiaoyan [-C REPO] [--config FILE] [--user ID] [COMMAND [ARGS...]]\n"
		"Without a command, opens the terminal interface.\n\nCommands:\n"),
	      f);
	cli_help_commands(f, 0);
	fputs(L("\n选项:\n", "\nOptions:\n"), f);
	for (const struct cli_arg *arg = cli_global_args; arg->name; arg++) {
		struct buf line = BUF_INIT, left = BUF_INIT;
		buf_printf(&left, "%s%s%s", arg->name, arg->value ? " " : "", arg->value ? arg->value : "");
		text_pad(&line, left.ptr, 16, 0);
		fprintf(f, "  %s%s\n", line.ptr, L(arg->help_zh, arg->help_en));
		buf_release(&line);
		buf_release(&left);
	}
	fputs(L("  -h, --help      帮助；jiaoyan 命令 --help 查看命令帮助\n\n"
		"退出码: 0 成功，1 输入被拒绝或检查未通过（未写入任何内容），2 用法错误，3 网络（同步）。\n"
		"详见 man jiaoyan 与 man jiaoyan.ini。\n",
		"  -h, --help      help; jiaoyan COMMAND --help for a command\n\n"
		"Exit status: 0 ok, 1 rejected input or failed check (nothing written), 2 usage error, 3 network (sync).\n"
		"See man jiaoyan and man jiaoyan.ini.\n"),
	      f);
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
	struct cli_args g;
	int next = 0, help = 0, rc;
	memset(&c, 0, sizeof(c));
	err_set_lang(getenv("JIAOYAN_LANG"));
	struct buf note = BUF_INIT;
	if (locale_init(&note) != LOCALE_NATIVE)
		fprintf(stderr, "jiaoyan: %s\n", note.ptr);
	buf_release(&note);
	rc = cli_parse(&g, cli_global_args, argc - 1, argv + 1, 0, 1, &next, &help, &c.err);
	next++;
	if (rc == 0 && help) {
		print_main_help(stdout);
		goto done;
	}
	if (rc == 0 && cli_flag(&g, "--version")) {
		printf("jiaoyan %s\n", cli_version);
		goto done;
	}
	if (rc == JY_EUSAGE)
		rc = cli_usage_error(&c, "", "%s", c.err.msg);
	if (rc)
		goto done;
	c.repo_opt = cli_opt(&g, "-C");
	c.config_opt = cli_opt(&g, "--config");
	c.user_opt = cli_opt(&g, "--user");
	rc = config_load(&c.cfg, c.config_opt, &c.err);
	if (rc == 0) {
		const char *lang = config_get(c.cfg, "ui", "lang");
		if (lang && !getenv("JIAOYAN_LANG"))
			err_set_lang(lang);
		c.repo_path = c.repo_opt ? xstrdup(c.repo_opt) : config_repo_path(c.cfg);
		if (next >= argc) {
			char tui[] = "tui";
			char *targs[] = { tui, NULL };
			rc = cli_dispatch(&c, 1, targs);
		} else {
			rc = cli_dispatch(&c, argc - next, argv + next);
		}
	}
done:
	if (rc) {
		print_error(&c.err);
		cli_hint(&c, &c.err);
	} else {
		cli_auto_sync(&c);
	}
	cli_args_free(&g);
	actor_free(c.actor);
	store_free(c.store);
	config_free(c.cfg);
	free(c.repo_path);
	return err_exit_status(rc);
}
