/* args: the one argument parser — command tables to parsed arguments, generated help, serve's refusals by attribute. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/text.h"

static int is_option(const struct cli_arg *arg)
{
	return arg->name[0] == '-';
}

static size_t table_len(const struct cli_arg *t)
{
	size_t n = 0;
	while (t && t[n].name)
		n++;
	return n;
}

void cli_args_free(struct cli_args *a)
{
	if (!a)
		return;
	for (size_t i = 0; a->all && i < a->n; i++)
		vec_free(&a->all[i]);
	free(a->all);
	free(a->value);
	vec_free(&a->operands);
	memset(a, 0, sizeof(*a));
}

static long find_arg(const struct cli_args *a, const char *name)
{
	for (size_t i = 0; i < a->n; i++)
		if (strcmp(a->table[i].name, name) == 0)
			return (long)i;
	return -1;
}

const char *cli_opt(const struct cli_args *a, const char *name)
{
	long i = find_arg(a, name);
	return i < 0 ? NULL : a->value[i];
}

int cli_flag(const struct cli_args *a, const char *name)
{
	return cli_opt(a, name) != NULL;
}

const struct vec *cli_opt_all(const struct cli_args *a, const char *name)
{
	static const struct vec none = VEC_INIT(NULL);
	long i = find_arg(a, name);
	return i < 0 ? &none : &a->all[i];
}

const char *cli_operand(const struct cli_args *a, size_t i)
{
	return i < a->operands.len ? a->operands.items[i] : NULL;
}

size_t cli_noperands(const struct cli_args *a)
{
	return a->operands.len;
}

int cli_tsv(const struct cli_args *a)
{
	const char *f = cli_opt(a, "--format");
	return f && strcmp(f, "tsv") == 0;
}

static const char *nearest_option(const struct cli_arg *table, const char *word)
{
	const char *best = NULL;
	size_t best_d = 4;
	for (size_t i = 0; table && table[i].name; i++) {
		if (!is_option(&table[i]))
			continue;
		size_t d = text_edit_distance(word, table[i].name);
		if (d < best_d) {
			best_d = d;
			best = table[i].name;
		}
	}
	return best;
}

static int choice_ok(const char *choices, const char *v)
{
	size_t n = strlen(v);
	for (const char *p = choices; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && strncmp(p, v, n) == 0)
			return 1;
		p = bar ? bar + 1 : p + len;
	}
	return 0;
}

/* Whether `serve` lets a person give this argument the value v; JY_EPERM naming it otherwise. */
static int served_ok(const struct cli_arg *arg, const char *v, struct jy_err *err)
{
	if (arg->attrs & ARG_IDENTITY)
		return err_set(err, JY_EPERM,
			       L("远程登录时不能使用 %s：身份由登录密钥决定", "%s cannot be used over SSH: the login key fixes the identity"),
			       arg->name);
	if (arg->attrs & ARG_REPO)
		return err_set(err, JY_EPERM,
			       L("远程登录时不能使用 %s：数据仓库和配置由服务器决定",
				 "%s cannot be used over SSH: the server fixes the repository and the configuration"),
			       arg->name);
	if ((arg->attrs & (ARG_FILE_IN | ARG_FILE_OUT)) && strcmp(v, "-") != 0) {
		int out = (arg->attrs & ARG_FILE_OUT) != 0;
		return err_set(err, JY_EPERM,
			       out ? L("远程登录时 %s 只能是 -（写到标准输出，在自己的电脑上重定向到文件，如 ssh 主机 jiaoyan … - > 文件）；"
				       "不能写服务器上的文件",
				       "over SSH %s can only be - (standard output; redirect it on your own machine: ssh HOST jiaoyan … - > FILE); "
				       "no file of the server is written")
				   : L("远程登录时 %s 只能是 -（从标准输入读入，如 ssh 主机 jiaoyan … - < 文件）；不能读服务器上的文件",
				       "over SSH %s can only be - (standard input: ssh HOST jiaoyan … - < FILE); no file of the server is read"),
			       arg->name);
	}
	return 0;
}

int cli_parse(struct cli_args *out, const struct cli_arg *table, int argc, char **argv, int served,
	      int stop_at_operand, int *next, int *help, struct jy_err *err)
{
	size_t n = table_len(table), noperand_decl = 0, min_operands = 0;
	int many_last = 0, rc = 0, i = 0, dashdash = 0;
	memset(out, 0, sizeof(*out));
	out->table = table;
	out->n = n;
	out->value = xcalloc(n ? n : 1, sizeof(*out->value));
	out->all = xcalloc(n ? n : 1, sizeof(*out->all));
	vec_init(&out->operands, NULL);
	for (size_t k = 0; k < n; k++) {
		vec_init(&out->all[k], NULL);
		if (!is_option(&table[k])) {
			noperand_decl++;
			if (!(table[k].attrs & ARG_OPTIONAL) && min_operands + 1 == noperand_decl)
				min_operands++;
			many_last = (table[k].attrs & ARG_MANY) != 0;
		}
	}
	if (help)
		*help = 0;
	for (; i < argc; i++) {
		const char *w = argv[i];
		if (!dashdash && (strcmp(w, "-h") == 0 || strcmp(w, "--help") == 0)) {
			if (help)
				*help = 1;
			if (stop_at_operand) {
				i++;
				break;
			}
			continue;
		}
		if (!dashdash && strcmp(w, "--") == 0) {
			dashdash = 1;
			continue;
		}
		/* Short options exist only before the command ("-C"): there a word "-X" is looked up too. */
		int optlike = !dashdash && w[0] == '-' && w[1] && (w[1] == '-' || stop_at_operand);
		if (!optlike) {
			if (stop_at_operand)
				break;
			vec_push(&out->operands, (void *)w);
			continue;
		}
		const char *eq = strchr(w, '=');
		size_t namelen = eq ? (size_t)(eq - w) : strlen(w);
		long k = -1;
		for (size_t j = 0; j < n; j++)
			if (is_option(&table[j]) && strlen(table[j].name) == namelen && strncmp(table[j].name, w, namelen) == 0)
				k = (long)j;
		if (k < 0) {
			struct buf name = BUF_INIT;
			buf_add(&name, w, namelen);
			const char *near = nearest_option(table, name.ptr);
			if (near)
				rc = err_set(err, JY_EUSAGE, L("没有选项「%s」，是不是 %s？", "no option \"%s\"; did you mean %s?"), name.ptr, near);
			else
				rc = err_set(err, JY_EUSAGE, L("没有选项「%s」", "no option \"%s\""), name.ptr);
			buf_release(&name);
			goto done;
		}
		const struct cli_arg *arg = &table[k];
		const char *v;
		if (!arg->value) {
			if (eq) {
				rc = err_set(err, JY_EUSAGE, L("%s 不带值", "%s takes no value"), arg->name);
				goto done;
			}
			v = "1";
		} else if (eq) {
			v = eq + 1;
		} else if (i + 1 < argc) {
			v = argv[++i];
		} else {
			rc = err_set(err, JY_EUSAGE, L("%s 需要一个值（%s）", "%s needs a value (%s)"), arg->name, arg->value);
			goto done;
		}
		if (arg->choices && !choice_ok(arg->choices, v)) {
			rc = err_set(err, JY_EUSAGE, L("%s 只能是 %s，不能是「%s」", "%s is one of %s, not \"%s\""), arg->name,
				     arg->choices, v);
			goto done;
		}
		if (served && (rc = served_ok(arg, v, err)))
			goto done;
		if (out->value[k] && !(arg->attrs & ARG_MANY) && strcmp(out->value[k], v) != 0) {
			rc = err_set(err, JY_EUSAGE, L("%s 只能给一次", "%s may be given once"), arg->name);
			goto done;
		}
		out->value[k] = v;
		vec_push(&out->all[k], (void *)v);
	}
	if (next)
		*next = i;
	if (help && *help)
		goto done;
	if (!stop_at_operand) {
		size_t got = out->operands.len;
		if (got < min_operands) {
			size_t j = 0, seen = 0;
			for (; j < n; j++)
				if (!is_option(&table[j]) && seen++ == got)
					break;
			rc = err_set(err, JY_EUSAGE, L("缺少 %s", "missing %s"), j < n ? table[j].name : "?");
			goto done;
		}
		if (got > noperand_decl && !many_last) {
			rc = err_set(err, JY_EUSAGE, L("多余的参数「%s」", "extra argument \"%s\""),
				     (const char *)out->operands.items[noperand_decl]);
			goto done;
		}
	}
	for (size_t k = 0; k < n; k++)
		if (is_option(&table[k]) && (table[k].attrs & ARG_REQUIRED) && !out->value[k]) {
			rc = err_set(err, JY_EUSAGE, L("需要 %s %s", "%s %s is required"), table[k].name,
				     table[k].value ? table[k].value : "");
			goto done;
		}
	/* Served operands that name files are judged like options. */
	if (served) {
		size_t op = 0;
		for (size_t k = 0; k < n && rc == 0; k++) {
			if (is_option(&table[k]))
				continue;
			size_t last = (table[k].attrs & ARG_MANY) ? out->operands.len : op + 1;
			for (; op < last && op < out->operands.len && rc == 0; op++)
				rc = served_ok(&table[k], out->operands.items[op], err);
		}
	}
done:
	return rc;
}

/* ---- the command table ---- */

static int name_matches(const char *name, int argc, char **argv, int *used)
{
	int k = 0;
	const char *p = name;
	while (*p) {
		size_t len = strcspn(p, " ");
		if (k >= argc || strlen(argv[k]) != len || strncmp(argv[k], p, len) != 0)
			return 0;
		k++;
		p += len;
		while (*p == ' ')
			p++;
	}
	*used = k;
	return 1;
}

const struct cli_cmd *cli_find(int argc, char **argv, int *used)
{
	const struct cli_cmd *best = NULL;
	int best_used = 0;
	for (const struct cli_cmd *cmd = cli_commands; cmd->name; cmd++) {
		int u;
		if (name_matches(cmd->name, argc, argv, &u) && u > best_used) {
			best = cmd;
			best_used = u;
		}
	}
	if (used)
		*used = best_used;
	return best;
}

static int is_sub_of(const struct cli_cmd *sub, const struct cli_cmd *group)
{
	size_t n = strlen(group->name);
	return sub != group && strncmp(sub->name, group->name, n) == 0 && sub->name[n] == ' ';
}

static void subcommand_list(struct buf *out, const struct cli_cmd *group)
{
	for (const struct cli_cmd *cmd = cli_commands; cmd->name; cmd++)
		if (is_sub_of(cmd, group))
			buf_printf(out, "%s%s", out->len ? " " : "", cmd->name + strlen(group->name) + 1);
}

int cli_usage_error(struct cli *c, const char *name, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (name && *name)
		err_set(&c->err, JY_EUSAGE, L("%s（jiaoyan %s --help 查看用法）", "%s (see jiaoyan %s --help)"), b.ptr, name);
	else
		err_set(&c->err, JY_EUSAGE, L("%s（jiaoyan --help 查看用法）", "%s (see jiaoyan --help)"), b.ptr);
	buf_release(&b);
	return JY_EUSAGE;
}

int cli_dispatch(struct cli *c, int argc, char **argv)
{
	struct cli_args a;
	int used = 0, help = 0, rc;
	const struct cli_cmd *cmd = cli_find(argc, argv, &used);
	if (!cmd)
		return cli_usage_error(c, "", L("没有命令「%s」", "no command \"%s\""), argv[0]);
	if (c->serve_person && (cmd->flags & CMD_LOCAL))
		return err_set(&c->err, JY_EPERM,
			       L("远程登录时不能执行 jiaoyan %s（由服务器管理员在服务账号上执行）",
				 "jiaoyan %s cannot be run over SSH (the server's administrator runs it as the service account)"),
			       cmd->name);
	if (!cmd->fn) {
		struct buf subs = BUF_INIT;
		if (used < argc && (strcmp(argv[used], "-h") == 0 || strcmp(argv[used], "--help") == 0)) {
			cli_help(stdout, cmd);
			return 0;
		}
		subcommand_list(&subs, cmd);
		if (used < argc)
			rc = cli_usage_error(c, cmd->name, L("没有子命令「%s %s」（可用：%s）", "no subcommand \"%s %s\" (one of: %s)"),
					     cmd->name, argv[used], subs.ptr);
		else
			rc = cli_usage_error(c, cmd->name, L("缺少子命令（%s）", "missing the subcommand (%s)"), subs.ptr);
		buf_release(&subs);
		return rc;
	}
	rc = cli_parse(&a, cmd->args, argc - used, argv + used, c->serve_person != NULL, 0, NULL, &help, &c->err);
	if (rc == JY_EUSAGE)
		err_prefix(&c->err, "%s", cmd->name), rc = cli_usage_error(c, cmd->name, "%s", c->err.msg);
	else if (rc == 0 && help) {
		cli_help(stdout, cmd);
		const struct type_def *t = cli_operand(&a, 0) ? schema_type(cli_operand(&a, 0)) : NULL;
		if ((cmd->flags & CMD_TYPE_FIELDS) && t) {
			putchar('\n');
			cli_type_fields(stdout, t);
		}
	}
	else if (rc == 0)
		rc = cmd->fn(c, cmd, &a);
	cli_args_free(&a);
	return rc;
}

/* ---- help, generated from the tables ---- */

static void synopsis(struct buf *out, const struct cli_cmd *cmd)
{
	buf_printf(out, "jiaoyan %s", cmd->name);
	for (size_t i = 0; cmd->args && cmd->args[i].name; i++) {
		const struct cli_arg *arg = &cmd->args[i];
		int opt = is_option(arg) && !(arg->attrs & ARG_REQUIRED);
		int optional_operand = !is_option(arg) && (arg->attrs & ARG_OPTIONAL);
		buf_putc(out, ' ');
		if (opt || optional_operand)
			buf_putc(out, '[');
		buf_puts(out, arg->name);
		if (is_option(arg) && arg->value)
			buf_printf(out, " %s", arg->choices ? arg->choices : arg->value);
		if ((arg->attrs & (ARG_FILE_IN | ARG_FILE_OUT)) && !is_option(arg) && !strchr(arg->name, '|'))
			buf_puts(out, "|-");
		if (opt || optional_operand)
			buf_putc(out, ']');
		if (arg->attrs & ARG_MANY)
			buf_puts(out, "...");
	}
}

static void arg_lines(struct buf *out, const struct cli_cmd *cmd)
{
	for (size_t i = 0; cmd->args && cmd->args[i].name; i++) {
		const struct cli_arg *arg = &cmd->args[i];
		const char *h = L(arg->help_zh, arg->help_en);
		struct buf left = BUF_INIT;
		if (!h || !*h)
			continue;
		buf_puts(&left, arg->name);
		if (is_option(arg) && arg->value)
			buf_printf(&left, " %s", arg->value);
		buf_puts(out, "    ");
		if (text_width(left.ptr) <= 16) {
			text_pad(out, left.ptr, 18, 0);
			buf_printf(out, "%s\n", h);
		} else {
			buf_printf(out, "%s\n%22s%s\n", left.ptr, "", h);
		}
		buf_release(&left);
	}
}

static void one_help(struct buf *out, const struct cli_cmd *cmd, int first)
{
	if (!first)
		buf_putc(out, '\n');
	buf_puts(out, L("用法 / usage: ", "usage: "));
	synopsis(out, cmd);
	buf_putc(out, '\n');
	const char *summary = L(cmd->summary_zh, cmd->summary_en);
	if (summary)
		buf_printf(out, "  %s\n", summary);
	arg_lines(out, cmd);
	const char *text = L(cmd->help_zh, cmd->help_en);
	if (text && *text)
		buf_puts(out, text);
}

void cli_help(FILE *f, const struct cli_cmd *cmd)
{
	struct buf out = BUF_INIT;
	if (cmd->fn) {
		one_help(&out, cmd, 1);
	} else {
		buf_printf(&out, "jiaoyan %s: %s\n", cmd->name, L(cmd->summary_zh, cmd->summary_en));
		for (const struct cli_cmd *sub = cli_commands; sub->name; sub++)
			if (is_sub_of(sub, cmd)) {
				buf_putc(&out, '\n');
				one_help(&out, sub, 1);
			}
		const char *text = L(cmd->help_zh, cmd->help_en);
		if (text && *text)
			buf_printf(&out, "\n%s", text);
	}
	fputs(out.ptr, f);
	buf_release(&out);
}

void cli_help_commands(FILE *f, int served)
{
	for (const struct cli_cmd *cmd = cli_commands; cmd->name; cmd++) {
		if (strchr(cmd->name, ' ') || (served && (cmd->flags & CMD_LOCAL)))
			continue;
		struct buf line = BUF_INIT;
		text_pad(&line, cmd->name, 12, 0);
		fprintf(f, "  %s %s\n", line.ptr, L(cmd->summary_zh, cmd->summary_en));
		buf_release(&line);
	}
}

/* ---- the fields of a type (add TYPE --help) ---- */

/* How a field is written in KEY=VALUE: "date", "text.problems", "course.N.hours", "score.INDICATOR". */
static void field_name(struct buf *out, const struct type_def *t, const struct field_def *f)
{
	const char *star = strchr(f->section, '*');
	if (strcmp(f->section, t->main) != 0) {
		if (star)
			buf_printf(out, "%.*sN.", (int)(star - f->section), f->section);
		else
			buf_printf(out, "%s.", f->section);
	}
	if (strcmp(f->key, "*") == 0)
		buf_puts(out, L("键", "KEY"));
	else if (strchr(f->key, '*'))
		buf_printf(out, "%.*sN", (int)(strchr(f->key, '*') - f->key), f->key);
	else
		buf_puts(out, f->key);
}

static void field_kind(struct buf *out, const struct field_def *f)
{
	switch (f->type) {
	case FT_TEXT:
		buf_puts(out, f->flags & FIELD_MULTILINE ? L("文字，可多行", "text, may span lines") : L("一行文字", "one line of text"));
		if (f->max > 0)
			buf_printf(out, L("，至多 %ld 字节", ", at most %ld bytes"), f->max);
		break;
	case FT_INT:
		buf_puts(out, L("整数", "whole number"));
		if (f->min || f->max)
			buf_printf(out, " %ld–%ld", f->min, f->max);
		break;
	case FT_NUMBER:
		buf_puts(out, L("数字（至多一位小数）", "number (one decimal at most)"));
		if (f->min || f->max)
			buf_printf(out, " %ld–%ld", f->min, f->max);
		break;
	case FT_ENUM:
	case FT_BOOL:
		buf_puts(out, L("之一：", "one of: "));
		schema_choices(out, f);
		break;
	case FT_SET:
		buf_puts(out, L("若干项（逗号或、分隔）：", "some of (comma separated): "));
		schema_choices(out, f);
		break;
	case FT_DATE:
		buf_puts(out, "YYYY-MM-DD");
		break;
	case FT_DATETIME:
		buf_puts(out, "YYYY-MM-DD HH:MM");
		break;
	case FT_MONTHDAY:
		buf_puts(out, "MM-DD");
		break;
	case FT_TERM:
		buf_puts(out, L("学期 YYYY-YYYY-N（如 2026-2027-1）", "term YYYY-YYYY-N (e.g. 2026-2027-1)"));
		break;
	case FT_CODE:
		buf_puts(out, L("代码：小写字母、数字、. _ -", "code: lower-case letters, digits, . _ -"));
		break;
	case FT_REF: {
		const struct type_def *rt = schema_type(f->ref);
		buf_printf(out, L("%s的编号（学校、人员、专业也可写名称）", "a %s id (schools, people, specialties: or the name)"),
			   rt ? schema_type_label(rt) : f->ref);
		break;
	}
	case FT_REFLIST: {
		const struct type_def *rt = schema_type(f->ref);
		buf_printf(out, L("若干%s的编号（逗号分隔）", "%s ids (comma separated)"), rt ? schema_type_label(rt) : f->ref);
		break;
	}
	case FT_LIST:
		buf_puts(out, L("若干项文字（逗号分隔）", "items of text (comma separated)"));
		break;
	}
}

void cli_type_fields(FILE *f, const struct type_def *t)
{
	struct buf out = BUF_INIT, name = BUF_INIT, kind = BUF_INIT;
	buf_printf(&out, L("%s（%s）的字段（KEY=VALUE；枚举值可写英文存储值或中文）：\n", "Fields of %s (%s), for KEY=VALUE:\n"), t->name,
		   schema_type_label(t));
	for (size_t i = 0; i < t->nfields; i++) {
		const struct field_def *fd = &t->fields[i];
		buf_reset(&name);
		buf_reset(&kind);
		field_name(&name, t, fd);
		field_kind(&kind, fd);
		if (fd->flags & FIELD_READONLY)
			buf_puts(&kind, L("（由程序填写）", " (set by the program)"));
		buf_puts(&out, "  ");
		text_pad(&out, name.ptr, 22, 0);
		buf_putc(&out, ' ');
		text_pad(&out, schema_field_label(fd), 14, 0);
		buf_printf(&out, " %s%s%s\n", fd->flags & FIELD_REQUIRED ? L("必填；", "required; ") : "", kind.ptr, "");
	}
	fputs(out.ptr, f);
	buf_release(&out);
	buf_release(&name);
	buf_release(&kind);
}
