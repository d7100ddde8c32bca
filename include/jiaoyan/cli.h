/* cli: the command table and the context every subcommand receives. */
#ifndef JIAOYAN_CLI_H
#define JIAOYAN_CLI_H

#include <stdio.h>

#include "jiaoyan/config.h"
#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"

/* What main() parsed before the command, plus lazily opened resources. */
struct cli {
	const char *repo_opt;  /* -C */
	const char *config_opt;
	const char *user_opt;  /* --user (refused under serve) */
	const char *serve_person; /* set by `serve`: the fixed identity */
	struct config *cfg;
	char *repo_path;
	struct store *store;   /* cli_store() opens it */
	struct actor *actor;   /* cli_actor() resolves it */
	struct jy_err err;
};

/* A subcommand: returns 0 or a negative JY_* code with c->err filled
 * (main prints it and maps it to the exit status). */
typedef int (*cli_fn)(struct cli *c, int argc, char **argv);

struct cli_command {
	const char *name;
	cli_fn fn;
	const char *summary_zh;
	const char *summary_en;
	const char *usage; /* full --help text, Chinese and English in one (printed as is) */
};

/* The table, terminated by a NULL name (src/cli/main.c). */
extern const struct cli_command cli_commands[];

int cli_store(struct cli *c, struct store **out);
int cli_actor(struct cli *c, struct actor **out);

/* Runs a command by name (argv[0] is the command name). */
int cli_dispatch(struct cli *c, int argc, char **argv);

/* 1 when argv[i] is -h or --help: prints the command's usage to stdout. */
int cli_wants_help(const struct cli_command *cmd, int argc, char **argv);
const struct cli_command *cli_find(const char *name);
int cli_usage_error(struct cli *c, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Writes text that may come from records to f: sanitised when f is a terminal. */
void cli_print(FILE *f, const char *text);

/* The commands (one source file each group). */
int cmd_init(struct cli *c, int argc, char **argv);
int cmd_add(struct cli *c, int argc, char **argv);
int cmd_show(struct cli *c, int argc, char **argv);
int cmd_edit(struct cli *c, int argc, char **argv);
int cmd_list(struct cli *c, int argc, char **argv);
int cmd_get(struct cli *c, int argc, char **argv);
int cmd_history(struct cli *c, int argc, char **argv);
int cmd_check(struct cli *c, int argc, char **argv);
int cmd_gc(struct cli *c, int argc, char **argv);
int cmd_obs(struct cli *c, int argc, char **argv);   /* cmd_obs.c */
int cmd_plan(struct cli *c, int argc, char **argv);  /* cmd_plan.c */
int cmd_serve(struct cli *c, int argc, char **argv); /* cmd_serve.c */
int cmd_keys(struct cli *c, int argc, char **argv);
/* The terminal interface (cmd_tui.c); also declared in tui.h. */
int cmd_tui(struct cli *c, int argc, char **argv);

/* Prints rows as an aligned table (CJK by display width) or TSV.
 * rows is a vec of vecs of owned strings; the first row is the header. */
void cli_table(FILE *f, const struct vec *rows, int tsv);
/* A vec-of-strings row helper: struct vec with free_item = free. */
struct vec *cli_row_new(void);
void cli_row_free(void *row);

/* Parses "--format table|tsv" at argv[*i]; returns 1 when consumed, -1 on a bad value. */
int cli_format_opt(struct cli *c, const char *cmd, int argc, char **argv, int *i, int *tsv);

#endif
