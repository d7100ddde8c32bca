/* draft: a form's values autosaved on every change under the state dir, offered back at the next start. */
#include <errno.h>
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
 * $XDG_STATE_HOME/jiaoyan/drafts/<person>.ini for the observation form, and
 * drafts/<kind>/<person>.ini for the other kinds (a reply in progress must
 * not overwrite an observation kept for later). Written by the codec:
 *   [draft] kind = observation | edit | reply | question | seminar, arg = (the edited or replied record's
 *           path; for a question TYPE|COURSE|ID),
 *           saved = YYYY-MM-DD HH:MM, focus = N
 *   [field] <field name> = <value as typed>   (every field, empty ones too)
 * One draft per person and kind: a person fills one such form at a time.
 */

static const char *const kinds[] = { "observation", "edit", "reply", "question", "seminar", NULL };

static int draft_path(struct buf *out, const char *person, const char *kind, int make_dir, struct jy_err *err)
{
	char *dir = config_state_dir();
	int rc = 0;
	if (!person || !id_component_valid(person) || !kind || !id_component_valid(kind)) {
		rc = err_set(err, JY_EINVAL, L("人员编号「%s」不能用作草稿文件名", "person id \"%s\" cannot name a draft"),
			     person ? person : "");
		goto cleanup;
	}
	buf_printf(out, "%s/drafts", dir);
	if (strcmp(kind, "observation") != 0)
		buf_printf(out, "/%s", kind);
	if (make_dir) {
		/* mkdir -p, private: drafts hold what a teacher wrote about a colleague. */
		for (char *p = strchr(out->ptr + 1, '/'); p; p = strchr(p + 1, '/')) {
			*p = '\0';
			mkdir(out->ptr, 0700);
			*p = '/';
		}
		if (mkdir(out->ptr, 0700) != 0 && errno != EEXIST) {
			rc = err_set(err, JY_EIO, L("无法创建目录 %s：%s", "cannot create %s: %s"), out->ptr, strerror(errno));
			goto cleanup;
		}
	}
	buf_printf(out, "/%s.ini", person);
cleanup:
	free(dir);
	return rc;
}

int draft_save(const char *person, const char *kind, const char *arg, const struct form *f, struct jy_err *err)
{
	struct buf path = BUF_INIT, tmp = BUF_INIT, data = BUF_INIT;
	struct record *r = record_new();
	char when[17], num[24];
	int fd = -1, rc = draft_path(&path, person, kind, 1, err);
	if (rc)
		goto cleanup;
	record_set(r, "draft", "kind", kind);
	if (arg)
		record_set(r, "draft", "arg", arg);
	id_datetime(when, id_now());
	record_set(r, "draft", "saved", when);
	snprintf(num, sizeof(num), "%zu", f->focus);
	record_set(r, "draft", "focus", num);
	for (size_t i = 0; i < f->fields.len; i++) {
		const struct form_field *fld = f->fields.items[i];
		if (form_is_input(fld))
			record_set(r, "field", fld->name, fld->value.ptr);
	}
	if ((rc = codec_encode(&data, r, err)) != 0)
		goto cleanup;
	/* Temp file + rename: a crash or a hang-up mid-write leaves the previous draft whole. */
	buf_printf(&tmp, "%s.XXXXXX", path.ptr);
	fd = mkstemp(tmp.ptr);
	if (fd < 0 || write(fd, data.ptr, data.len) != (ssize_t)data.len || close(fd) != 0) {
		rc = err_set(err, JY_EIO, L("无法写草稿 %s：%s", "cannot write the draft %s: %s"), tmp.ptr, strerror(errno));
		if (fd >= 0)
			unlink(tmp.ptr);
		fd = -1;
		goto cleanup;
	}
	fd = -1;
	if (rename(tmp.ptr, path.ptr) != 0) {
		rc = err_set(err, JY_EIO, L("无法写草稿 %s：%s", "cannot write the draft %s: %s"), path.ptr, strerror(errno));
		unlink(tmp.ptr);
	}
cleanup:
	record_free(r);
	buf_release(&path);
	buf_release(&tmp);
	buf_release(&data);
	return rc;
}

int draft_load(struct record **out, const char *person, const char *kind, struct jy_err *err)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	int rc = draft_path(&path, person, kind, 0, err);
	if (rc)
		goto cleanup;
	if (access(path.ptr, F_OK) != 0) {
		rc = err_set(err, JY_ENOTFOUND, "%s", L("没有草稿", "no draft"));
		goto cleanup;
	}
	rc = editor_read_file(&data, path.ptr, err);
	if (rc == 0)
		rc = codec_decode(out, data.ptr, data.len, err);
	if (rc)
		err_prefix(err, L("草稿 %s 无法读取", "the draft %s cannot be read"), path.ptr);
cleanup:
	buf_release(&path);
	buf_release(&data);
	return rc;
}

void draft_remove(const char *person, const char *kind)
{
	struct buf path = BUF_INIT;
	if (draft_path(&path, person, kind, 0, NULL) == 0)
		unlink(path.ptr);
	buf_release(&path);
}

void draft_apply(struct form *f, const struct record *d)
{
	long si = record_section_index(d, "field");
	if (si >= 0)
		for (size_t j = 0; j < record_key_count(d, (size_t)si); j++) {
			struct form_field *fld = form_find(f, record_key(d, (size_t)si, j));
			if (fld && form_is_input(fld))
				form_set(fld, record_value(d, (size_t)si, j));
		}
	const char *focus = record_get(d, "draft", "focus");
	if (focus)
		form_focus(f, (size_t)strtoul(focus, NULL, 10));
	f->dirty = 1;
}

/* Offers one kind's draft; 1 when a form was reopened from it. */
static int offer(struct tui *t, const char *person, const char *kind)
{
	struct jy_err err = JY_ERR_INIT;
	struct record *d = NULL;
	struct buf q = BUF_INIT;
	int reopened = 0;
	int rc = draft_load(&d, person, kind, &err);
	if (rc == JY_ENOTFOUND)
		return 0;
	if (rc) {
		tui_msg(t, 1, "%s", err.msg);
		return 0;
	}
	const char *saved = record_get(d, "draft", "saved"), *arg = record_get(d, "draft", "arg");
	int is_reply = strcmp(kind, "reply") == 0, is_edit = strcmp(kind, "edit") == 0, is_question = strcmp(kind, "question") == 0;
	int is_seminar = strcmp(kind, "seminar") == 0;
	buf_printf(&q,
		   L("发现 %s 自动保存的未完成的%s。\n\n  y  恢复，继续填写\n  n  暂不处理（草稿保留，下次启动再问）\n  d  删除草稿",
		     "A draft saved automatically at %s was found (an unfinished %s).\n\n  y  restore it and go on\n  n  not now (kept; asked again next time)\n  d  delete the draft"),
		   saved ? saved : "?",
		   is_reply ? L("回复", "reply") : is_edit ? L("对听课记录的修改", "edit of an observation")
			    : is_question ? L("试题", "question") : is_seminar ? L("研讨会议记录", "seminar") : L("听课记录", "observation"));
	switch (tui_ask(t, q.ptr, "ynd")) {
	case 'y':
		if (is_reply && arg)
			reopened = obsreply_open(t, arg, d) == 0;
		else if (is_edit && arg)
			reopened = obsform_edit(t, arg, d) == 0;
		else if (is_question && arg)
			reopened = bank_form_from_draft(t, arg, d) == 0;
		else if (is_seminar)
			reopened = seminar_form_open(t, d) == 0;
		else if (!is_reply && !is_edit && !is_question)
			reopened = obsform_open(t, d) == 0;
		break;
	case 'd':
		draft_remove(person, kind);
		tui_msg(t, 0, "%s", L("草稿已删除", "draft deleted"));
		break;
	default:
		break;
	}
	record_free(d);
	buf_release(&q);
	return reopened;
}

void draft_offer(struct tui *t)
{
	const char *person = t->actor ? t->actor->id : NULL;
	if (!person)
		return;
	/* One form at a time: once one is reopened, the others wait for the next start. */
	for (size_t i = 0; kinds[i] && !tui_gone(t); i++)
		if (offer(t, person, kinds[i]))
			break;
}
