/* editor: editing a record's text in $VISUAL/$EDITOR, validated on exit, refused text kept. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "jiaoyan/codec.h"
#include "jiaoyan/config.h"
#include "jiaoyan/editor.h"
#include "jiaoyan/id.h"
#include "jiaoyan/records.h"

/* Reads a whole file (or "-" for stdin). */
int editor_read_file(struct buf *out, const char *path, struct jy_err *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!f)
		return err_set(err, JY_EINVAL, L("无法读取 %s：%s", "cannot read %s: %s"), path, strerror(errno));
	char chunk[8192];
	size_t n;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		buf_add(out, chunk, n);
	int bad = ferror(f);
	if (f != stdin)
		fclose(f);
	return bad ? err_set(err, JY_EIO, L("读取 %s 失败", "reading %s failed"), path) : 0;
}

/* Runs the user's editor on a file; 0 when it exited successfully. */
int editor_run(const char *file, struct jy_err *err)
{
	const char *ed = getenv("VISUAL");
	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed)
		ed = "vi";
	pid_t pid = fork();
	if (pid < 0)
		return err_set(err, JY_EIO, "fork: %s", strerror(errno));
	if (pid == 0) {
		/* The editor command may carry arguments ("code -w"), as git allows. */
		execl("/bin/sh", "sh", "-c", "$0 \"$1\"", ed, file, (char *)NULL);
		_exit(127);
	}
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
		return err_set(err, JY_EINVAL, L("编辑器 %s 异常退出，未做修改", "editor %s failed; nothing changed"), ed);
	return 0;
}

/* Keeps a refused edit where the user can find it: nothing typed is lost. */
void editor_keep_text(struct buf *kept, const char *text, size_t len)
{
	char *dir = config_state_dir();
	char id[ID_LEN + 1];
	id_new(id);
	struct buf p = BUF_INIT;
	buf_printf(&p, "%s/rejected", dir);
	char *slash = p.ptr;
	while ((slash = strchr(slash + 1, '/'))) {
		*slash = '\0';
		mkdir(p.ptr, 0700);
		*slash = '/';
	}
	mkdir(p.ptr, 0700);
	buf_printf(&p, "/%s.ini", id);
	FILE *f = fopen(p.ptr, "wb");
	if (f) {
		fwrite(text, 1, len, f);
		fclose(f);
		buf_puts(kept, p.ptr);
	}
	free(dir);
	buf_release(&p);
}

int editor_edit_record(struct store *s, struct actor *a, const char *path, struct buf *kept, struct jy_err *err)
{
	return editor_edit_text(s, a, path, NULL, NULL, kept, err);
}

int editor_edit_text(struct store *s, struct actor *a, const char *path, const char *text, struct buf *edited_out,
		     struct buf *kept, struct jy_err *err)
{
	struct buf data = BUF_INIT, tmp = BUF_INIT, edited = BUF_INIT;
	struct record *r = NULL;
	int fd = -1, rc = store_read_raw(&data, s, path, err);
	if (rc)
		goto cleanup;
	const char *start = text ? text : data.ptr;
	size_t start_len = text ? strlen(text) : data.len;
	const char *tmpdir = getenv("TMPDIR");
	buf_printf(&tmp, "%s/jiaoyan-edit-XXXXXX.ini", tmpdir && *tmpdir ? tmpdir : "/tmp");
	fd = mkstemps(tmp.ptr, 4);
	if (fd < 0 || write(fd, start, start_len) != (ssize_t)start_len) {
		rc = err_set(err, JY_EIO, L("无法写临时文件：%s", "cannot write a temporary file: %s"), strerror(errno));
		goto cleanup;
	}
	close(fd);
	fd = -1;
	if ((rc = editor_run(tmp.ptr, err)) || (rc = editor_read_file(&edited, tmp.ptr, err)))
		goto cleanup;
	if (edited_out)
		buf_add(edited_out, edited.ptr, edited.len);
	if (edited.len == data.len && memcmp(edited.ptr, data.ptr, data.len) == 0)
		goto cleanup;
	rc = codec_decode(&r, edited.ptr, edited.len, err);
	if (rc == 0)
		rc = records_update(s, a, path, r, NULL, err);
	if (rc) {
		editor_keep_text(kept, edited.ptr, edited.len);
		if (kept->len)
			err_prefix(err, L("修改被拒绝，编辑的文本已保存在 %s", "edit refused; your text is kept in %s"), kept->ptr);
	}
cleanup:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
	record_free(r);
	buf_release(&data);
	buf_release(&tmp);
	buf_release(&edited);
	return rc;
}

