/* config: layered INI configuration read with inih (system, user, --config). */
#include <errno.h>
#include <ini.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/config.h"
#include "jiaoyan/record.h"

struct config {
	struct record *values; /* section → key → value, later files overwrite */
};

struct config *config_new_empty(void)
{
	struct config *c = xcalloc(1, sizeof(*c));
	c->values = record_new();
	return c;
}

void config_free(struct config *c)
{
	if (!c)
		return;
	record_free(c->values);
	free(c);
}

const char *config_get(const struct config *c, const char *section, const char *key)
{
	const char *v = c ? record_get(c->values, section, key) : NULL;
	return v && *v ? v : NULL;
}

void config_set(struct config *c, const char *section, const char *key, const char *value)
{
	record_set(c->values, section, key, value);
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	config_set(user, section, name, value);
	return 1;
}

/* 0 loaded, 1 absent (fine unless required), <0 error. */
static int load_file(struct config *c, const char *path, int required, struct jy_err *err)
{
	FILE *f = fopen(path, "r");
	if (!f) {
		if (errno == ENOENT && !required)
			return 1;
		return err_set(err, JY_EINVAL, L("无法读取配置文件 %s：%s", "cannot read configuration %s: %s"), path,
			       strerror(errno));
	}
	int line = ini_parse_file(f, on_value, c);
	fclose(f);
	if (line != 0)
		return err_set(err, JY_EINVAL, L("配置文件 %s 第 %d 行：格式错误", "configuration %s line %d: syntax error"),
			       path, line);
	return 0;
}

static char *xdg_dir(const char *var, const char *fallback)
{
	const char *v = getenv(var);
	if (v && *v == '/')
		return xasprintf("%s/jiaoyan", v);
	const char *home = getenv("HOME");
	return xasprintf("%s/%s/jiaoyan", home && *home ? home : "/tmp", fallback);
}

int config_load(struct config **out, const char *explicit_file, struct jy_err *err)
{
	struct config *c = config_new_empty();
	const char *sys = getenv("JIAOYAN_SYSCONFIG");
	char *dir = xdg_dir("XDG_CONFIG_HOME", ".config");
	char *user = xasprintf("%s/jiaoyan.ini", dir);
	int rc = load_file(c, sys && *sys ? sys : "/etc/jiaoyan/jiaoyan.ini", 0, err);
	if (rc >= 0)
		rc = load_file(c, user, 0, err);
	if (rc >= 0 && explicit_file)
		rc = load_file(c, explicit_file, 1, err);
	free(dir);
	free(user);
	if (rc < 0) {
		config_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

char *config_repo_path(const struct config *c)
{
	const char *p = config_get(c, "repo", "path");
	if (p)
		return xstrdup(p);
	char *dir = xdg_dir("XDG_DATA_HOME", ".local/share");
	char *path = xasprintf("%s/data.git", dir);
	free(dir);
	return path;
}

char *config_state_dir(void)
{
	return xdg_dir("XDG_STATE_HOME", ".local/state");
}
