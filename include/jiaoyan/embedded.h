/* embedded: the shipped config/ and data/ files compiled into the binary (tools/embed.sh). */
#ifndef JIAOYAN_EMBEDDED_H
#define JIAOYAN_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
	const char *name; /* source-tree path, e.g. "config/rules/national-510102.ini" */
	const char *data;
	size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct embedded_file embedded_files[];

#endif
