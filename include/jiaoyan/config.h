/* config: the user's INI configuration (inih), layered system → user → --config. */
#ifndef JIAOYAN_CONFIG_H
#define JIAOYAN_CONFIG_H

#include "jiaoyan/err.h"

struct config;

/*
 * Reads /etc/jiaoyan/jiaoyan.ini (or $JIAOYAN_SYSCONFIG when set, for tests),
 * then $XDG_CONFIG_HOME/jiaoyan/jiaoyan.ini (~/.config/…), then `explicit`
 * (may be NULL); a later file wins key by key. Missing system/user files are
 * fine; a missing explicit file or a parse error is JY_EINVAL with the file
 * and line. *out is owned by the caller.
 */
int config_load(struct config **out, const char *explicit_file, struct jy_err *err);
struct config *config_new_empty(void);
void config_free(struct config *c);

/* Borrowed value, or NULL. */
const char *config_get(const struct config *c, const char *section, const char *key);
void config_set(struct config *c, const char *section, const char *key, const char *value);

/* Default data repository: [repo] path, else $XDG_DATA_HOME/jiaoyan/data.git
 * (~/.local/share/…). Returns a malloc'd string. */
char *config_repo_path(const struct config *c);
/* $XDG_STATE_HOME/jiaoyan (~/.local/state/jiaoyan), malloc'd: drafts live there. */
char *config_state_dir(void);

#endif
