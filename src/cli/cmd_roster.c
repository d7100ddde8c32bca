/* cmd_roster: `jiaoyan roster import|export` — the roster as a CSV table with a Chinese header, over domain/rostercsv. */
#include <string.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/rostercsv.h"

int cmd_roster_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf data = BUF_INIT;
	struct vec problems = VEC_INIT(free);
	struct rostercsv_result res = { 0 };
	const char *file = cli_operand(a, 0);
	struct store *s;
	struct actor *actor;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)) || (rc = editor_read_file(&data, file, &c->err)))
		goto cleanup;
	rc = rostercsv_import(&res, &problems, s, actor, data.ptr, data.len, &c->err);
	for (size_t i = 0; i < problems.len; i++) {
		fputs("jiaoyan: ", stderr);
		cli_print(stderr, problems.items[i]);
		fputc('\n', stderr);
	}
	if (rc == 0)
		printf(L("已从 %s 导入（%s 编码）：新增 %zu 人，更新 %zu 人，%zu 人没有变化\n",
			 "%s imported (%s): %zu added, %zu updated, %zu unchanged\n"),
		       strcmp(file, "-") == 0 ? L("标准输入", "standard input") : file, res.encoding ? res.encoding : "?", res.added,
		       res.updated, res.unchanged);
cleanup:
	buf_release(&data);
	vec_free(&problems);
	return rc;
}

int cmd_roster_export(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf out = BUF_INIT;
	const char *file = cli_operand(a, 0) ? cli_operand(a, 0) : "-";
	struct store *s;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) == 0 &&
	    (rc = rostercsv_export(&out, s, cli_opt(a, "--school"), cli_flag(a, "--all"), 0, &c->err)) == 0)
		rc = cli_write_output(file, out.ptr, out.len, &c->err);
	buf_release(&out);
	return rc;
}
