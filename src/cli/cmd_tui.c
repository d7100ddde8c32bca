/* cmd_tui: `jiaoyan` with no command (and `serve PERSON` with no SSH command) — opens the terminal interface as the resolved person. */
#include "jiaoyan/cli.h"
#include "jiaoyan/locale.h"
#include "jiaoyan/tui.h"

int cmd_tui(struct cli *c, int argc, char **argv)
{
	struct store *s;
	struct actor *a;
	int rc;
	if (argc > 1)
		return cli_usage_error(c, argv[0], L("终端界面不接受参数「%s」", "the interface takes no argument \"%s\""), argv[1]);
	/* ncursesw draws Chinese as "~B~N" escapes in an ASCII locale: refuse rather than show nonsense. */
	if ((rc = locale_require_utf8(&c->err)) != 0)
		return rc;
	/* The identity comes from cli_actor(): --user, [user] id, the login — or fixed by `serve PERSON`. */
	if ((rc = cli_store(c, &s)) != 0 || (rc = cli_actor(c, &a)) != 0)
		return rc;
	return tui_run(s, a, c->cfg, &c->err);
}
