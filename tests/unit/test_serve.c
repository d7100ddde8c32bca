/* test_serve: every command reachable under `serve`, every argument of it given a path of the server — nothing read or written. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/cli.h"
#include "jiaoyan/demo.h"
#include "jiaoyan/id.h"
#include "jiaoyan/store.h"

#define SECRET "secret-3f9a-do-not-leak"

static char root[64];
static char *repo;
static char *victim_in;  /* a file of the "service account" holding SECRET */
static char *victim_out; /* a path that must never come into existence */

/* The output of one served command: return code, message, what it printed. */
struct served {
	int rc;
	struct jy_err err;
	struct buf out;
};

static void slurp(struct buf *out, const char *path)
{
	FILE *f = fopen(path, "rb");
	char chunk[4096];
	size_t n;
	if (!f)
		return;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	fclose(f);
}

/* Runs `jiaoyan serve PERSON` in this process with SSH_ORIGINAL_COMMAND = line, stdout and stderr captured. */
static void serve(struct served *r, const char *person, const char *line)
{
	struct cli c;
	char *cap = xasprintf("%s/captured", root);
	char serve_w[] = "serve";
	char *argv[] = { serve_w, (char *)person, NULL };
	int saved_out = dup(1), saved_err = dup(2), saved_in = dup(0);
	int fd = open(cap, O_WRONLY | O_CREAT | O_TRUNC, 0600), nul = open("/dev/null", O_RDONLY);
	memset(&c, 0, sizeof(c));
	c.repo_path = xstrdup(repo);
	fflush(stdout);
	fflush(stderr);
	dup2(fd, 1);
	dup2(fd, 2);
	dup2(nul, 0);
	setenv("SSH_ORIGINAL_COMMAND", line, 1);
	r->rc = cli_dispatch(&c, 2, argv);
	fflush(stdout);
	fflush(stderr);
	dup2(saved_out, 1);
	dup2(saved_err, 2);
	dup2(saved_in, 0);
	close(saved_out);
	close(saved_err);
	close(saved_in);
	close(fd);
	close(nul);
	r->err = c.err;
	buf_init(&r->out);
	slurp(&r->out, cap);
	actor_free(c.actor);
	store_free(c.store);
	free(c.repo_path);
	free(cap);
}

static void head_of(char out[41])
{
	struct jy_err err = JY_ERR_INIT;
	struct store *s = NULL;
	assert_int_equal(store_open(&s, repo, &err), 0);
	store_head(s, out);
	store_free(s);
}

static int is_option(const struct cli_arg *a)
{
	return a->name[0] == '-';
}

/* The words of a command line with argument `target` given `value`; other operands get a harmless placeholder. */
static void command_line(struct buf *line, const struct cli_cmd *cmd, size_t target, const char *value)
{
	buf_printf(line, "jiaoyan %s", cmd->name);
	for (size_t i = 0; cmd->args && cmd->args[i].name; i++) {
		const struct cli_arg *a = &cmd->args[i];
		if (is_option(a)) {
			if (i == target)
				buf_printf(line, " %s %s", a->name, a->value ? value : "");
			else if (a->attrs & ARG_REQUIRED) /* a complete command line, as a person would type it */
				buf_printf(line, " %s x", a->name);
			continue;
		}
		if (i == target)
			buf_printf(line, " %s", value);
		else if (!(a->attrs & ARG_OPTIONAL))
			buf_puts(line, " x");
	}
}

static void assert_untouched(const struct served *r, const char *line)
{
	struct stat st;
	if (stat(victim_out, &st) == 0)
		fail_msg("%s: created %s", line, victim_out);
	if (strstr(r->out.ptr, SECRET) || strstr(r->err.msg, SECRET))
		fail_msg("%s: the content of %s came back", line, victim_in);
}

/*
 * The table is the list: for every command a served person can reach and
 * every option or operand it declares, that argument is given a path of the
 * server (one to read, one that must not be created). A command that reads or
 * writes it — declared or not — fails here; a declared file argument must be
 * refused by attribute, naming the argument.
 */
static void every_argument_of_every_served_command(void **state)
{
	(void)state;
	size_t commands = 0, files = 0;
	for (const struct cli_cmd *cmd = cli_commands; cmd->name; cmd++) {
		if (!cmd->fn || (cmd->flags & CMD_LOCAL) || strcmp(cmd->name, "tui") == 0)
			continue;
		commands++;
		for (size_t i = 0; cmd->args && cmd->args[i].name; i++) {
			const struct cli_arg *a = &cmd->args[i];
			if (is_option(a) && !a->value)
				continue;
			const char *paths[] = { victim_in, victim_out };
			for (size_t p = 0; p < 2; p++) {
				struct buf line = BUF_INIT;
				struct served r;
				char before[41], after[41];
				command_line(&line, cmd, i, paths[p]);
				head_of(before);
				serve(&r, "lixiaotang", line.ptr);
				head_of(after);
				assert_untouched(&r, line.ptr);
				if (a->attrs & (ARG_FILE_IN | ARG_FILE_OUT)) {
					if (r.rc != JY_EPERM || !strstr(r.err.msg, a->name) || !strstr(r.err.msg, "只能是 -"))
						fail_msg("%s: not refused by attribute (rc %d: %s)", line.ptr, r.rc, r.err.msg);
					assert_string_equal(before, after);
					files++;
				}
				buf_release(&r.out);
				buf_release(&line);
			}
		}
	}
	/* The suite is only as good as its reach: these are the commands of today, at least. */
	assert_true(commands >= 20);
	assert_true(files >= 6);
}

static void global_options_are_refused_by_attribute(void **state)
{
	(void)state;
	static const char *const lines[] = {
		"jiaoyan --user shimingzhe obs stats", "jiaoyan --user=shimingzhe obs stats", "jiaoyan -C /tmp obs stats",
		"jiaoyan --config /etc/passwd obs stats", NULL,
	};
	for (size_t i = 0; lines[i]; i++) {
		struct served r;
		serve(&r, "lixiaotang", lines[i]);
		if (r.rc != JY_EPERM || !strstr(r.err.msg, "远程登录时不能使用"))
			fail_msg("%s: rc %d: %s", lines[i], r.rc, r.err.msg);
		buf_release(&r.out);
	}
}

static void local_commands_are_refused(void **state)
{
	(void)state;
	for (const struct cli_cmd *cmd = cli_commands; cmd->name; cmd++) {
		if (!(cmd->flags & CMD_LOCAL))
			continue;
		struct buf line = BUF_INIT;
		struct served r;
		buf_printf(&line, "jiaoyan %s", cmd->name);
		serve(&r, "lixiaotang", line.ptr);
		if (r.rc != JY_EPERM || !strstr(r.err.msg, cmd->name))
			fail_msg("%s: rc %d: %s", line.ptr, r.rc, r.err.msg);
		buf_release(&r.out);
		buf_release(&line);
	}
}

/* Values are values: text beginning with -C is a reply, not an option. */
static void dash_text_is_a_value(void **state)
{
	(void)state;
	struct served r;
	char before[41], after[41];
	head_of(before);
	/* The demo's observation of lixiaotang's school reached through `list`: any of lixiaotang's own lessons would do;
	 * a refusal for another reason than "-C" shows the word was taken as text. */
	serve(&r, "lixiaotang", "jiaoyan obs reply nosuchid '-C语言部分讲得好'");
	head_of(after);
	assert_int_not_equal(r.rc, JY_EPERM);
	assert_null(strstr(r.err.msg, "-C"));
	assert_string_equal(before, after);
	buf_release(&r.out);
}

/* `-` is standard output: the export arrives, nothing is written on the server. */
static void dash_is_standard_output(void **state)
{
	(void)state;
	struct served r;
	serve(&r, "lixiaotang", "jiaoyan plan export 2026-2027-2/s01/530701 -");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out.ptr, "课程名称,课程类别,总学时"));
	buf_release(&r.out);
	serve(&r, "lixiaotang", "jiaoyan plan export 2026-2027-2/s01/530701");
	assert_int_equal(r.rc, 0);
	assert_non_null(strstr(r.out.ptr, "课程名称,课程类别,总学时"));
	buf_release(&r.out);
}

/* The comma list after `label` in the man page, up to the first ';', joined across lines; a trailing \(em remark is dropped. */
static void man_list(struct vec *out, const char *man, const char *label)
{
	const char *p = strstr(man, label);
	struct buf text = BUF_INIT;
	assert_non_null(p);
	for (p += strlen(label); *p && *p != ';'; p++)
		buf_putc(&text, *p == '\n' ? ' ' : *p);
	for (char *w = strtok(text.ptr, ","); w; w = strtok(NULL, ",")) {
		while (*w == ' ')
			w++;
		size_t n = strlen(w);
		while (n && w[n - 1] == ' ')
			w[--n] = '\0';
		if (strncmp(w, "\\(em", 4) == 0 || !*w)
			continue;
		/* A remark after the last item: " \(em …" or " (…". */
		char *dash = strstr(w, " \\(em"), *paren = strstr(w, " (");
		if (dash)
			*dash = '\0';
		if (paren)
			*paren = '\0';
		vec_push_str(out, w);
	}
	buf_release(&text);
}

/* The man page's SSH DEPLOYMENT lists exactly what serve allows and refuses: the table, not a second list. */
static void man_page_lists_the_table(void **state)
{
	struct buf man = BUF_INIT;
	struct vec allowed = VEC_INIT(free), refused = VEC_INIT(free);
	(void)state;
	slurp(&man, "man/jiaoyan.1");
	assert_true(man.len > 0);
	man_list(&allowed, man.ptr, "commands allowed:");
	man_list(&refused, man.ptr, "commands refused:");
	size_t nallowed = 0, nrefused = 0;
	for (const struct cli_cmd *cmd = cli_commands; cmd->name; cmd++) {
		if (!cmd->fn)
			continue;
		if (cmd->flags & CMD_LOCAL) {
			nrefused++;
			if (!vec_has_str(&refused, cmd->name))
				fail_msg("man page: \"%s\" missing from the commands refused over SSH", cmd->name);
		} else {
			nallowed++;
			if (!vec_has_str(&allowed, cmd->name))
				fail_msg("man page: \"%s\" missing from the commands allowed over SSH", cmd->name);
		}
	}
	assert_int_equal(allowed.len, nallowed);
	assert_int_equal(refused.len, nrefused);
	buf_release(&man);
	vec_free(&allowed);
	vec_free(&refused);
}

static int setup(void **state)
{
	struct jy_err err = JY_ERR_INIT;
	struct store *s = NULL;
	(void)state;
	snprintf(root, sizeof(root), "/tmp/jy-serve.XXXXXX");
	assert_non_null(mkdtemp(root));
	repo = xasprintf("%s/repo.git", root);
	victim_in = xasprintf("%s/authorized_keys", root);
	victim_out = xasprintf("%s/written-by-serve", root);
	FILE *f = fopen(victim_in, "w");
	assert_non_null(f);
	fputs(SECRET "\n课程名称,课程类别,总学时\n" SECRET ",core,1\n", f);
	fclose(f);
	setenv("JIAOYAN_NOW", "2026-11-22T09:30:00", 1);
	setenv("XDG_STATE_HOME", root, 1);
	setenv("JIAOYAN_LOCK_TIMEOUT", "5", 1);
	assert_int_equal(store_init(&s, repo, 0, &err), 0);
	assert_int_equal(demo_populate(s, id_now(), &err), 0);
	store_free(s);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	char *cmd = xasprintf("rm -rf '%s'", root);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	free(repo);
	free(victim_in);
	free(victim_out);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_argument_of_every_served_command),
		cmocka_unit_test(global_options_are_refused_by_attribute),
		cmocka_unit_test(local_commands_are_refused),
		cmocka_unit_test(dash_text_is_a_value),
		cmocka_unit_test(dash_is_standard_output),
		cmocka_unit_test(man_page_lists_the_table),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
