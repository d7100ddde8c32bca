/* cmd_tui: `jiaoyan` with no command (and `serve PERSON` with no SSH command) — opens the terminal interface as the resolved person. */
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/locale.h"
#include "jiaoyan/tui.h"

int cmd_tui(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	int rc;
	(void)cmd, (void)a;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(&c->err, JY_EUSAGE,
			       L("没有终端，无法打开界面：请在终端中运行（远程登录请用 ssh -t），或给出 jiaoyan 命令",
				 "no terminal for the interface: run it in a terminal (ssh -t over SSH), or give a jiaoyan command"));
	/* ncursesw draws Chinese as "~B~N" escapes in an ASCII locale: refuse rather than show nonsense. */
	if ((rc = locale_require_utf8(&c->err)) != 0)
		return rc;
	/* The identity comes from cli_actor(): --user, [user] id, the login — or fixed by `serve PERSON`. */
	if ((rc = cli_store(c, &s)) != 0 || (rc = cli_actor(c, &actor)) != 0)
		return rc;
	return tui_run(s, actor, c->cfg, &c->err);
}
