/* cmd_serve: the SSH app (DESIGN §2.8) — `serve PERSON` as the forced command, judging commands by their tables. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/text.h"

/* ---------------------------------------------------------------- words */

/*
 * Splits an SSH command line the way a user would write it for a shell —
 * whitespace separates words, '…' is literal, "…" allows \" \\ \$ \`, a
 * backslash outside quotes escapes one character — but nothing is ever
 * expanded or run. Unquoted shell operators are refused rather than passed
 * on as text, so that "jiaoyan list x; bash" reads as the mistake it is.
 */
int cli_split_words(struct vec *out, const char *s, struct jy_err *err)
{
	struct buf w = BUF_INIT;
	int in_word = 0, rc = 0;
	for (const char *p = s;; p++) {
		char ch = *p;
		if (ch == '\0' || ch == ' ' || ch == '\t' || ch == '\n') {
			if (in_word)
				vec_push(out, buf_detach(&w));
			in_word = 0;
			if (ch == '\0')
				break;
			continue;
		}
		in_word = 1;
		if (ch == '\'') {
			const char *end = strchr(p + 1, '\'');
			if (!end) {
				rc = err_set(err, JY_EINVAL, L("命令中的单引号没有配对", "unmatched single quote in the command"));
				goto cleanup;
			}
			buf_add(&w, p + 1, (size_t)(end - p - 1));
			p = end;
		} else if (ch == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1] && strchr("\"\\$`", p[1]))
					p++;
				buf_putc(&w, *p);
			}
			if (!*p) {
				rc = err_set(err, JY_EINVAL, L("命令中的双引号没有配对", "unmatched double quote in the command"));
				goto cleanup;
			}
		} else if (ch == '\\') {
			if (p[1])
				p++;
			buf_putc(&w, *p);
		} else if (strchr(";&|<>$`(){}", ch)) {
			rc = err_set(err, JY_EINVAL,
				     L("命令中有未加引号的「%c」：这里不经过 shell，不能用管道、重定向或多条命令（需要时请给参数加引号）",
				       "unquoted \"%c\" in the command: no shell runs here, so no pipes, redirections or command lists (quote the argument if you meant it)"),
				     ch);
			goto cleanup;
		} else {
			buf_putc(&w, ch);
		}
	}
cleanup:
	buf_release(&w);
	return rc;
}

static const char *base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

/* ---------------------------------------------------------------- serve */

/*
 * What a person reaches over SSH must not reach a shell of the service
 * account. The record editor is the one program we start on their terminal:
 * nano --restricted edits only the file it is given and runs nothing; vi
 * could run ":!sh" or write any file, so without nano editing is refused
 * (the editor "false" fails and nothing changes).
 */
static void restrict_environment(const char *person)
{
	static const char *const nanos[] = { "/usr/bin/nano", "/bin/nano", NULL };
	const char *editor = "false";
	struct buf ed = BUF_INIT;
	for (size_t i = 0; nanos[i]; i++)
		if (access(nanos[i], X_OK) == 0) {
			buf_printf(&ed, "%s --restricted", nanos[i]);
			editor = ed.ptr;
			break;
		}
	setenv("VISUAL", editor, 1);
	setenv("EDITOR", editor, 1);
	setenv("SHELL", "/bin/false", 1);
	/* Children (the pre-receive hook, the TUI) learn who is served. */
	setenv("JIAOYAN_SERVE", person, 1);
	buf_release(&ed);
}

static int refuse(struct cli *c, const char *what)
{
	return err_set(&c->err, JY_EPERM,
		       L("不允许的命令「%s」。这个账号只提供 jiaoyan：不带命令登录进入界面（ssh -t），"
			 "或执行 jiaoyan 命令（如 ssh 主机 jiaoyan obs stats）；另有 git 同步。",
			 "command \"%s\" is not allowed. This account offers jiaoyan only: log in without a command for the "
			 "interface (ssh -t), or run a jiaoyan command (e.g. ssh HOST jiaoyan obs stats); and git sync."),
		       what);
}

static int serve_tui(struct cli *c)
{
	char tui_name[] = "tui";
	char *args[] = { tui_name, NULL };
	return cli_dispatch(c, 1, args);
}

/* `ssh HOST jiaoyan --help`: the commands a served person can run. */
static void served_help(void)
{
	fputs(L("用法: ssh 主机 jiaoyan 命令 [参数...]；不带命令（ssh -t 主机）打开终端界面。\n"
		"文件参数只能是 -（标准输入或标准输出，在自己的电脑上重定向）。\n\n命令:\n",
		"usage: ssh HOST jiaoyan COMMAND [ARGS...]; without a command (ssh -t HOST) opens the interface.\n"
		"File arguments can only be - (standard input or output, redirected on your own machine).\n\nCommands:\n"),
	      stdout);
	cli_help_commands(stdout, 1);
	fputs(L("\njiaoyan 命令 --help 查看命令帮助。\n", "\njiaoyan COMMAND --help for a command's help.\n"), stdout);
}

/*
 * "jiaoyan [GLOBAL OPTIONS] COMMAND ARGS…" from the SSH command line, parsed
 * by the same tables as at a shell but as served: the tables' attributes
 * refuse identity, repository and file arguments (other than "-"), and
 * dispatch refuses the commands for the machine's administrator.
 */
static int serve_cli(struct cli *c, struct vec *words)
{
	char **argv = (char **)words->items;
	int argc = (int)words->len, next = 0, help = 0;
	struct cli_args g;
	int rc = cli_parse(&g, cli_global_args, argc - 1, argv + 1, 1, 1, &next, &help, &c->err);
	next++;
	if (rc == JY_EUSAGE)
		rc = cli_usage_error(c, "", "%s", c->err.msg);
	else if (rc == 0 && help)
		served_help();
	else if (rc == 0 && cli_flag(&g, "--version"))
		printf("jiaoyan %s\n", cli_version);
	else if (rc == 0 && next >= argc)
		rc = serve_tui(c);
	else if (rc == 0)
		rc = cli_dispatch(c, argc - next, argv + next);
	cli_args_free(&g);
	return rc;
}

/* The absolute, symlink-free form of path ("~/" and relative paths from $HOME, as git over SSH sends them). */
static char *resolve_repo(const char *path)
{
	const char *home = getenv("HOME");
	struct buf p = BUF_INIT;
	char *real;
	if (strncmp(path, "~/", 2) == 0 && home)
		buf_printf(&p, "%s/%s", home, path + 2);
	else if (path[0] != '/' && home)
		buf_printf(&p, "%s/%s", home, path);
	else
		buf_puts(&p, path);
	real = realpath(p.ptr, NULL);
	if (!real) {
		/* git accepts "repo" for "repo.git". */
		buf_puts(&p, ".git");
		real = realpath(p.ptr, NULL);
	}
	buf_release(&p);
	return real;
}

static int serve_git(struct cli *c, const char *cmd, const char *service, struct vec *words, size_t first_arg)
{
	char *want = NULL, *have = NULL;
	int rc = 0;
	if (words->len != first_arg + 1) {
		rc = refuse(c, cmd);
		goto cleanup;
	}
	want = c->repo_path ? realpath(c->repo_path, NULL) : NULL;
	have = resolve_repo(words->items[first_arg]);
	if (!want || !have || strcmp(want, have) != 0) {
		rc = err_set(&c->err, JY_EPERM, L("这里只提供数据仓库 %s 的同步，不提供「%s」", "only the data repository %s is served here, not \"%s\""),
			     want ? want : "?", (const char *)words->items[first_arg]);
		goto cleanup;
	}
	/* The pre-receive hook checks the pushed records against what this person (or school) may write. */
	if (c->serve_school) {
		setenv("JIAOYAN_PUSHER_SCHOOL", c->serve_school, 1);
		unsetenv("JIAOYAN_PUSHER");
	} else {
		setenv("JIAOYAN_PUSHER", c->serve_person, 1);
		unsetenv("JIAOYAN_PUSHER_SCHOOL");
	}
	fflush(stdout);
	fflush(stderr);
	execlp("git", "git", service, want, (char *)NULL);
	rc = err_set(&c->err, JY_EIO, L("无法运行 git %s：%s", "cannot run git %s: %s"), service, strerror(errno));
cleanup:
	free(want);
	free(have);
	return rc;
}

/* A campus server's key (keys add --school S): its sync traffic, nothing else, as school S. */
static int serve_school(struct cli *c, const char *school)
{
	struct vec words = VEC_INIT(free);
	struct buf path = BUF_INIT;
	struct store *s;
	const char *line = getenv("SSH_ORIGINAL_COMMAND");
	int rc;
	buf_printf(&path, "schools/%s.ini", school);
	if ((rc = cli_store(c, &s)))
		goto cleanup;
	if (!id_component_valid(school) || !store_exists(s, path.ptr)) {
		rc = err_set(&c->err, JY_ENOTFOUND, L("没有学校「%s」", "no school \"%s\""), school);
		goto cleanup;
	}
	c->serve_school = school;
	restrict_environment(school);
	if (line && (rc = cli_split_words(&words, line, &c->err)) == 0 && words.len) {
		vec_push(&words, NULL);
		words.len--;
		const char *prog = words.items[0];
		if (strcmp(prog, "git-upload-pack") == 0 || strcmp(prog, "git-receive-pack") == 0) {
			rc = serve_git(c, line, prog + 4, &words, 1);
			goto cleanup;
		}
		if (strcmp(prog, "git") == 0 && words.len >= 2 &&
		    (strcmp(words.items[1], "upload-pack") == 0 || strcmp(words.items[1], "receive-pack") == 0)) {
			rc = serve_git(c, line, words.items[1], &words, 2);
			goto cleanup;
		}
	}
	if (rc == 0)
		rc = err_set(&c->err, JY_EPERM,
			     L("这把密钥属于学校 %s 的校区服务器，只能用于同步（git），不能登录或运行命令",
			       "this key is school %s's campus server: it syncs (git) and nothing else"),
			     school);
cleanup:
	vec_free(&words);
	buf_release(&path);
	return rc;
}

int cmd_serve(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *args)
{
	struct vec words = VEC_INIT(free);
	const char *person = cli_operand(args, 0), *school = cli_opt(args, "--school");
	struct actor *a;
	int rc;
	/* Whatever main() parsed, the key decides who this is. */
	if (c->user_opt)
		return err_set(&c->err, JY_EPERM,
			       L("jiaoyan serve 的身份由登录密钥决定，不能同时使用 --user", "jiaoyan serve takes its identity from the login key; --user is refused"));
	if (!person == !school)
		return cli_usage_error(c, cmd->name, L("需要人员工号，或 --school 学校（二者选一）", "needs a person id, or --school S (one of them)"));
	if (school)
		return serve_school(c, school);
	c->serve_person = person;
	actor_free(c->actor);
	c->actor = NULL;
	if ((rc = cli_actor(c, &a)))
		goto cleanup;
	if (a->left) {
		rc = err_set(&c->err, JY_EPERM, L("%s 已登记离开，不能再登录", "%s has left and can no longer log in"), person);
		goto cleanup;
	}
	restrict_environment(person);
	const char *line = getenv("SSH_ORIGINAL_COMMAND");
	if (!line || !line[strspn(line, " \t\n")]) {
		rc = serve_tui(c);
		goto cleanup;
	}
	if ((rc = cli_split_words(&words, line, &c->err)))
		goto cleanup;
	vec_push(&words, NULL); /* argv-style terminator; not counted below */
	words.len--;
	const char *prog = words.items[0];
	if (strcmp(prog, "git-upload-pack") == 0 || strcmp(prog, "git-receive-pack") == 0)
		rc = serve_git(c, line, prog + 4, &words, 1);
	else if (strcmp(prog, "git") == 0 && words.len >= 2 &&
		 (strcmp(words.items[1], "upload-pack") == 0 || strcmp(words.items[1], "receive-pack") == 0))
		rc = serve_git(c, line, words.items[1], &words, 2);
	else if (strcmp(base_name(prog), "jiaoyan") == 0)
		rc = serve_cli(c, &words);
	else
		rc = refuse(c, line);
cleanup:
	vec_free(&words);
	return rc;
}

