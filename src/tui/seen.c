/* seen: what a person has already looked at (the replies to their observations), kept under the state directory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/config.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/tui.h"

/*
 * $XDG_STATE_HOME/jiaoyan/seen/<person>.ini, written by the codec:
 *   [seen] <key> = <value>
 * key is a record id, value what was seen of it (a digest of a reply's time
 * and text): a reply written again is new again. Per machine and person, like drafts;
 * losing the file only marks rows as new once more.
 */

static int seen_path(struct buf *out, const char *person, int make_dir)
{
	char *dir = config_state_dir();
	int ok = person && id_component_valid(person);
	if (ok) {
		buf_printf(out, "%s/seen", dir);
		if (make_dir) {
			for (char *p = strchr(out->ptr + 1, '/'); p; p = strchr(p + 1, '/')) {
				*p = '\0';
				mkdir(out->ptr, 0700);
				*p = '/';
			}
			mkdir(out->ptr, 0700);
		}
		buf_printf(out, "/%s.ini", person);
	}
	free(dir);
	return ok ? 0 : -1;
}

static struct record *load(const char *person)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct record *r = NULL;
	if (seen_path(&path, person, 0) == 0 && access(path.ptr, F_OK) == 0 && editor_read_file(&data, path.ptr, NULL) == 0)
		codec_decode(&r, data.ptr, data.len, NULL);
	buf_release(&path);
	buf_release(&data);
	return r;
}

int seen_is(const char *person, const char *key, const char *value)
{
	struct record *r = load(person);
	const char *v = r ? record_get(r, "seen", key) : NULL;
	int yes = v && value && strcmp(v, value) == 0;
	record_free(r);
	return yes;
}

void seen_mark(const char *person, const char *key, const char *value)
{
	struct record *r = load(person);
	struct buf path = BUF_INIT, tmp = BUF_INIT, data = BUF_INIT;
	if (!r)
		r = record_new();
	record_set(r, "seen", key, value ? value : "");
	if (seen_path(&path, person, 1) != 0 || codec_encode(&data, r, NULL) != 0)
		goto cleanup;
	/* Temp file + rename: a hang-up mid-write leaves the previous file whole. */
	buf_printf(&tmp, "%s.XXXXXX", path.ptr);
	int fd = mkstemp(tmp.ptr);
	if (fd < 0)
		goto cleanup;
	int bad = write(fd, data.ptr, data.len) != (ssize_t)data.len;
	bad |= close(fd) != 0;
	if (bad || rename(tmp.ptr, path.ptr) != 0)
		unlink(tmp.ptr);
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&data);
}
