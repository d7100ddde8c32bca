/* cli: the command tables, the one argument parser, and the context every subcommand receives. */
#ifndef JIAOYAN_CLI_H
#define JIAOYAN_CLI_H

#include <stdio.h>

#include "jiaoyan/config.h"
#include "jiaoyan/err.h"
#include "jiaoyan/roster.h"
#include "jiaoyan/store.h"
#include "jiaoyan/transport.h"
#include "jiaoyan/vec.h"

/*
 * Every command declares its options and operands in one table (after git's
 * parse-options), and that table alone drives parsing, `--help` and what
 * `serve` refuses (DESIGN §2.8). An argument's attributes say what it IS:
 * `serve` refuses by attribute, never by how a word is spelled, so a reply
 * text beginning with "-C" is just text, and `plan export ID PATH` cannot
 * write a file of the service account whatever PATH looks like.
 *
 * Parsing rules (one parser for every command):
 *  - options are long ("--term T" or "--term=T"); a flag takes no value
 *    ("--flag=x" is a usage error); the word after an option that takes a
 *    value is its value whatever it looks like ("--comment -C语言" works);
 *  - "-h" and "--help" (before "--") print the command's help;
 *  - "--" ends the options: every later word is an operand;
 *  - a word beginning with "--" that is not an option of the command is a
 *    usage error naming the nearest option; any other word, "-" and
 *    "-C语言" included, is an operand;
 *  - operands fill the declared operands in order; the last one may take
 *    every remaining word (ARG_MANY); too few or too many is a usage error;
 *  - an option with `choices` ("table|tsv") accepts only those values.
 */

/* What an option or operand is. */
enum {
	ARG_FILE_IN = 1,   /* names a file of this machine to read; "-" is standard input */
	ARG_FILE_OUT = 2,  /* names a file of this machine to write; "-" is standard output */
	ARG_IDENTITY = 4,  /* decides who acts (--user) */
	ARG_REPO = 8,      /* selects the repository or the configuration (-C, --config) */
	ARG_MANY = 16,     /* option: may be repeated; operand: takes every remaining word */
	ARG_OPTIONAL = 32, /* operand: may be left out (every later operand too) */
	ARG_REQUIRED = 64, /* option: must be given */
};

/*
 * One option ("--term") or operand ("ID": a name not starting with '-').
 * value is the option's value as help shows it ("T"), NULL for a flag.
 */
struct cli_arg {
	const char *name;
	const char *value;
	unsigned attrs;
	const char *choices; /* "table|tsv": the only values accepted, or NULL */
	const char *help_zh, *help_en;
};
#define CLI_ARGS_END { NULL, NULL, 0, NULL, NULL, NULL }

/* What one invocation gave, after parsing against a command's table. Every string is borrowed from argv. */
struct cli_args {
	const struct cli_arg *table;
	size_t n;              /* entries of table */
	const char **value;    /* per entry: an option's (last) value, "1" for a flag given; NULL when absent */
	struct vec *all;       /* per entry: every value of an ARG_MANY option, in order (borrowed strings) */
	struct vec operands;   /* the operands in order (borrowed strings) */
};

/* An option's value (the last one given) or NULL; a flag gives "1". */
const char *cli_opt(const struct cli_args *a, const char *name);
int cli_flag(const struct cli_args *a, const char *name);
/* Every value of a repeatable option, in order (a vec of borrowed strings, empty when none). */
const struct vec *cli_opt_all(const struct cli_args *a, const char *name);
/* Operand i, or NULL when absent. */
const char *cli_operand(const struct cli_args *a, size_t i);
size_t cli_noperands(const struct cli_args *a);
/* "--format table|tsv": 1 when tsv. */
int cli_tsv(const struct cli_args *a);
void cli_args_free(struct cli_args *a);

/* What main() parsed before the command, plus lazily opened resources. */
struct cli {
	const char *repo_opt;  /* -C */
	const char *config_opt;
	const char *user_opt;  /* --user (refused under serve) */
	const char *serve_person; /* set by `serve`: the fixed identity */
	const char *serve_school; /* set by `serve --school S`: a campus server's sync traffic */
	struct config *cfg;
	char *repo_path;
	struct store *store;   /* cli_store() opens it */
	char head_at_open[41]; /* refs/heads/main when the store was opened: did the command write? */
	struct actor *actor;   /* cli_actor() resolves it */
	struct jy_err err;
};

struct cli_cmd;
/* A subcommand: returns 0 or a negative JY_* code with c->err filled
 * (main prints it and maps it to the exit status). */
typedef int (*cli_fn)(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);

enum {
	CMD_LOCAL = 1,       /* for the machine's own administrator: never reachable under `serve` */
	CMD_TYPE_FIELDS = 2, /* `CMD TYPE --help` also lists the fields of TYPE (names, labels, allowed values) */
};

/*
 * A command: `name` is the words after "jiaoyan" ("plan import"). An entry
 * with fn NULL is the heading of a group ("plan"): its subcommands are the
 * entries whose name starts with "plan ". help_zh/help_en follow the
 * generated synopsis and option list in `--help`.
 */
struct cli_cmd {
	const char *name;
	cli_fn fn;
	const struct cli_arg *args; /* options and operands, CLI_ARGS_END-terminated; NULL = none */
	unsigned flags;
	const char *summary_zh, *summary_en;
	const char *help_zh, *help_en;
};

/* The table, terminated by a NULL name (src/cli/commands.c), and the options before a command. */
extern const struct cli_cmd cli_commands[];
extern const struct cli_arg cli_global_args[];
extern const char cli_version[];

/*
 * Parses argv[0..argc) against table into *out (cli_args_free it, also on
 * error). served: the person is served over SSH (`serve`) — an argument with
 * ARG_IDENTITY or ARG_REPO is refused, and one with ARG_FILE_IN/ARG_FILE_OUT
 * unless it is "-" (JY_EPERM naming it). stop_at_operand: stop at the first
 * operand, which is left in *next (global options before a command); else
 * *next is argc. help: set to 1 when -h/--help was given (then nothing else
 * is checked). JY_EUSAGE with the message in err otherwise.
 */
int cli_parse(struct cli_args *out, const struct cli_arg *table, int argc, char **argv, int served,
	      int stop_at_operand, int *next, int *help, struct jy_err *err);

/* The command argv names (longest match of its first words); *used gets how many words the name took.
 * NULL when none; a group heading is returned for "plan" alone or "plan frobnicate". */
const struct cli_cmd *cli_find(int argc, char **argv, int *used);
/* Runs a command: argv[0] is the command's first word. Refuses CMD_LOCAL under serve. */
int cli_dispatch(struct cli *c, int argc, char **argv);
/* `jiaoyan CMD --help`: the synopsis of each (sub)command, its options and its text. */
void cli_help(FILE *f, const struct cli_cmd *cmd);
/* The fields of a record type as KEY=VALUE takes them: name, Chinese (or English) label, required,
 * and the kind of value (allowed values with their labels, bounds, formats). */
void cli_type_fields(FILE *f, const struct type_def *t);
/* The list of commands (main help); served: only those reachable under serve. */
void cli_help_commands(FILE *f, int served);
int cli_usage_error(struct cli *c, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

int cli_store(struct cli *c, struct store **out);
int cli_actor(struct cli *c, struct actor **out);

/* Writes text that may come from records to f: sanitised when f is a terminal. */
void cli_print(FILE *f, const char *text);

/* Prints rows as an aligned table (CJK by display width) or TSV (raw only when f is not a terminal).
 * rows is a vec of vecs of owned strings; the first row is the header. */
void cli_table(FILE *f, const struct vec *rows, int tsv);
/* The same a row at a time, for output streamed from the index: every row goes through
 * cli_table_measure (table format), then each through cli_table_row (line is scratch space). */
struct cli_widths {
	int *width; /* owned: free() it */
	size_t ncol;
};
void cli_table_measure(struct cli_widths *w, const struct vec *row);
void cli_table_row(FILE *f, const struct vec *row, const struct cli_widths *w, int tsv, struct buf *line);
/*
 * Stable codes for scripts. A grade is the name of a band of the rubric the
 * observation was scored with (优, 良 …), which a group may rename; tsv gives
 * the band's section instead ("band.2"), and --labels the name.
 * cli_grade_code appends obs's grade code (or the grade itself when no band
 * has that name); rubrics is a cache the caller keeps for one command (a
 * vec whose free_item frees the records). cli_band_code does the same for a band
 * name of the group's current rubric (obs stats' columns).
 */
void cli_grade_code(struct buf *out, struct vec *rubrics, struct store *s, const struct record *obs);
void cli_band_code(struct buf *out, struct vec *rubrics, struct store *s, const char *band);
/* cli_grade_code from the observation's grade, rubric and rubric_version (any may be NULL). */
void cli_grade_code_of(struct buf *out, struct vec *rubrics, struct store *s, const char *grade, const char *rid,
		       const char *ver);
/* "--labels": tsv with the labels a person reads (Chinese) instead of codes. */
int cli_labels(const struct cli_args *a);

/* A vec-of-strings row helper: struct vec with free_item = free. */
struct vec *cli_row_new(void);
void cli_row_free(void *row);
/* Writes data to a file, or standard output for "-" (an ARG_FILE_OUT argument). */
int cli_write_output(const char *file, const char *data, size_t len, struct jy_err *err);
/*
 * Splits an SSH command line the way a user would write it for a shell
 * (whitespace, '…', "…", backslash) without expanding or running anything;
 * unquoted shell operators are refused (JY_EINVAL). Appends owned words.
 */
int cli_split_words(struct vec *out, const char *s, struct jy_err *err);
/* Prints err's hint (a follow-up command in the CLI's words) after a refusal, if it has one. */
void cli_hint(struct cli *c, const struct jy_err *err);

/* The commands (one source file per group). */
int cmd_init(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_edit(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_get(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_history(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_search(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_check(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_gc(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_migrate(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_deactivate(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_obs.c */
int cmd_obs_stats(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_obs_uncovered(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_obs_reply(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_obs_inbox(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_obs_mine(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_obs_print(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a); /* cmd_print.c, with cmd_plan_print */
/* cmd_plan.c */
int cmd_plan_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_course(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_export(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_check(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_submit(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_review(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_reopen(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_status(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_answer(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_plan_print(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_roster.c */
int cmd_roster_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_roster_export(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_bank.c */
int cmd_bank_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_edit(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_approve(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_return(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_retire(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_rm(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_export(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_template(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_dups(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_bank_stats(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_key.c */
int cmd_key_gen(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_key_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/*
 * A passphrase (keyring.h memory: keyring_passphrase_free it) from
 * --passphrase-fd N ("-" = standard input), else $JIAOYAN_PASSPHRASE_FILE
 * (refused under serve), else typed at the terminal with echo off (twice
 * when confirm). a may be NULL. Never from the command line.
 */
int cli_passphrase(char **out, struct cli *c, const struct cli_args *a, int confirm);
/* The actor's own key, opened with cli_passphrase(). */
struct keyring_key;
int cli_open_key(struct keyring_key **out, struct cli *c, const struct cli_args *a);
/* cmd_exam.c */
int cmd_exam_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_blueprint(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_assemble(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_check(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_swap(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_print(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_release(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_reseal(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_seminar.c */
int cmd_seminar_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_seminar_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_seminar_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_seminar_items(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_seminar_action(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exchange_new(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exchange_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exchange_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exchange_quota(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_report_ledger(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_results.c */
int cmd_stats_items(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_scores_import(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_stats(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_items(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_compare(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_exam_report(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_serve.c */
int cmd_serve(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_keys_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_keys_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_keys_rm(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* cmd_sync.c */
int cmd_remote_add(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_remote_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_remote_rm(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_sync(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_hook_install(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_hook_pre_receive(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_conflict_list(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_conflict_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
int cmd_conflict_resolve(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);
/* The domain's rules as sync needs them (merge policy, strict check of arrivals); front ends share it. */
struct sync_rules;
extern const struct sync_rules cli_sync_rules;
/* The [sync] settings of the configuration as transport options; the struct owns what `opts` points to. */
struct cli_transport {
	struct transport_opts opts;
	struct vec pins;  /* of char *, host_fingerprint split */
	struct vec paths; /* of char *, "~/" expanded */
};
void cli_transport_init(struct cli_transport *t, const struct config *cfg);
void cli_transport_release(struct cli_transport *t);
/* [sync] auto = yes: after a command that committed, a detached `jiaoyan sync --quiet`. */
void cli_auto_sync(struct cli *c);
/* The terminal interface (cmd_tui.c); also declared in tui.h. */
int cmd_tui(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a);

#endif
