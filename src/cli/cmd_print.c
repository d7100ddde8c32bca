/* cmd_print: `jiaoyan obs print` and `jiaoyan plan print` — the printable HTML forms, over domain/printout. */
#include <string.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/printout.h"
#include "jiaoyan/typeops.h"

int cmd_obs_print(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf path = BUF_INIT, out = BUF_INIT;
	struct record *r = NULL;
	struct viewer *v = NULL;
	struct store *s;
	struct actor *actor;
	const char *spec = cli_operand(a, 0), *file = cli_operand(a, 1) ? cli_operand(a, 1) : "-";
	const struct type_def *t;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = store_resolve(&path, s, spec, &c->err)) || (rc = cli_actor(c, &actor)))
		goto cleanup;
	t = schema_type_of_path(path.ptr);
	if (!t || strcmp(t->name, "observation") != 0) {
		rc = err_set(&c->err, JY_EINVAL, L("「%s」不是听课记录", "\"%s\" is not an observation"), spec);
		goto cleanup;
	}
	/* What the person may not see prints as if it did not exist. */
	if ((rc = store_read(&r, s, path.ptr, &c->err)) || (rc = viewer_new(&v, s, actor, &c->err)))
		goto cleanup;
	if (!viewer_sees(v, t, r)) {
		rc = err_set(&c->err, JY_ENOTFOUND, L("没有「%s」", "nothing matches \"%s\""), spec);
		goto cleanup;
	}
	if ((rc = printout_observation(&out, s, path.ptr, &c->err)) == 0)
		rc = cli_write_output(file, out.ptr, out.len, &c->err);
cleanup:
	viewer_free(v);
	record_free(r);
	buf_release(&path);
	buf_release(&out);
	return rc;
}

int cmd_plan_print(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct buf out = BUF_INIT;
	struct store *s;
	const char *file = cli_operand(a, 1) ? cli_operand(a, 1) : "-";
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) == 0 && (rc = printout_plan(&out, s, cli_operand(a, 0), &c->err)) == 0)
		rc = cli_write_output(file, out.ptr, out.len, &c->err);
	buf_release(&out);
	return rc;
}
