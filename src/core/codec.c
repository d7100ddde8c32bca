/* codec: the only writer and the strict reader of record files (escaped, wrapped INI on top of inih). */
#include <ini.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/codec.h"
#include "jiaoyan/err.h"
#include "jiaoyan/record.h"
#include "jiaoyan/text.h"

/* ---- names ---- */

static int name_char_ok(unsigned char c, int is_key)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
	       c == '-' || (is_key && c >= 'A' && c <= 'Z');
}

static int name_ok(const char *name, size_t len, int is_key)
{
	if (len == 0 || len > CODEC_NAME_MAX)
		return 0;
	for (size_t i = 0; i < len; i++)
		if (!name_char_ok((unsigned char)name[i], is_key))
			return 0;
	return 1;
}

/* Sets b to s[0..len) sanitised and clipped, so that a hostile name quoted
 * in a message cannot reach the terminal as an escape sequence. */
static const char *shown(struct buf *b, const char *s, size_t len)
{
	struct buf tmp = BUF_INIT;
	text_sanitize(&tmp, s, len, 0);
	buf_reset(b);
	text_clip(b, tmp.ptr, 60);
	buf_release(&tmp);
	return b->ptr;
}

/* where is a message prefix such as "第 3 行：" ("" for none). */
static int check_name(const char *where, const char *name, size_t len, int is_key,
		      struct jy_err *err)
{
	const char *what = is_key ? L("键名", "key name") : L("节名", "section name");
	const char *allowed = is_key ? "A-Z a-z 0-9 _ . -" : "a-z 0-9 _ . -";
	struct buf b = BUF_INIT;
	int rc = 0;

	if (len == 0) {
		rc = err_set(err, JY_EINVAL, L("%s%s为空", "%sempty %s"), where, what);
		goto out;
	}
	if (len > CODEC_NAME_MAX) {
		rc = err_set(err, JY_EINVAL,
			     L("%s%s「%s」长 %zu 字节，超过 %d 字节上限",
			       "%s%s \"%s\" is %zu bytes, over the %d-byte limit"),
			     where, what, shown(&b, name, len), len, CODEC_NAME_MAX);
		goto out;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)name[i];
		if (name_char_ok(c, is_key))
			continue;
		char bad[16];
		if (c > 0x20 && c < 0x7F) {
			bad[0] = (char)c;
			bad[1] = '\0';
		} else {
			uint32_t cp;
			int invalid;
			text_decode(name + i, len - i, &cp, &invalid);
			snprintf(bad, sizeof(bad), invalid ? "0x%02X" : "U+%04X",
				 invalid ? (unsigned)c : (unsigned)cp);
		}
		rc = err_set(err, JY_EINVAL,
			     L("%s%s「%s」含不允许的字符 %s（只允许 %s）",
			       "%s%s \"%s\" contains %s (only %s are allowed)"),
			     where, what, shown(&b, name, len), bad, allowed);
		goto out;
	}
out:
	buf_release(&b);
	return rc;
}

int codec_check_name(const char *name, int is_key, struct jy_err *err)
{
	return check_name("", name, strlen(name), is_key, err);
}

/* ---- encoding ---- */

/* Sets the message for a value put_value() refused. */
static int bad_value(struct buf *out, const char *sec, const char *key, const char *val, struct jy_err *err)
{
	struct buf field = BUF_INIT;
	out->ptr[out->len] = '\0'; /* the refused chunk was being written past len */
	buf_printf(&field, "%s.%s", sec, key);
	int rc = text_check_value(field.ptr, val, strlen(val), err);
	if (rc == 0) /* cannot happen: both refuse the same bytes */
		rc = err_set(err, JY_EINVAL, L("字段 %s：值无法编码", "field %s: value cannot be encoded"),
			     field.ptr);
	buf_release(&field);
	return rc;
}

/*
 * Writes "key = value\n" plus continuation lines. The value is cut greedily
 * into chunks of whole tokens (an escape or one UTF-8 character); a space
 * first or last in a chunk is written "\s" because inih strips it. The first
 * chunk shares its line with the key, so a long key shortens it: the line
 * must stay under CODEC_LINE_MAX.
 */
static int put_value(struct buf *out, const char *sec, const char *key, const char *val,
		     struct jy_err *err)
{
	size_t klen = strlen(key), vlen = strlen(val), i = 0;
	size_t max = CODEC_LINE_MAX - 5 - klen; /* key " = " chunk "\n" */
	if (max > CODEC_WRAP)
		max = CODEC_WRAP;

	buf_add(out, key, klen);
	if (vlen == 0) {
		buf_add(out, " =\n", 3);
		return 0;
	}
	buf_add(out, " = ", 3);
	while (i < vlen) {
		if (i > 0) {
			buf_add(out, "  ", 2);
			max = CODEC_WRAP;
		}
		buf_grow(out, max + 2);
		/* Writes straight into the buffer: this runs for every key of every commit. */
		char *p = out->ptr + out->len;
		size_t used = 0;
		while (i < vlen) {
			unsigned char c = (unsigned char)val[i];
			char esc = 0;
			size_t n = 1;
			switch (c) {
			case '\\': esc = '\\'; break;
			case '\n': esc = 'n'; break;
			case '\t': esc = 't'; break;
			case ';': esc = ';'; break;
			case '#': esc = '#'; break;
			case ' ':
				if (used == 0)
					esc = 's';
				break;
			default:
				if (c < 0x20 || c == 0x7F)
					return bad_value(out, sec, key, val, err);
				if (c >= 0xE1 && c <= 0xEC && i + 2 < vlen &&
				    ((unsigned char)val[i + 1] & 0xC0) == 0x80 &&
				    ((unsigned char)val[i + 2] & 0xC0) == 0x80) {
					n = 3; /* most of CJK, valid without further checks */
				} else if (c >= 0x80) {
					uint32_t cp;
					int invalid;
					n = text_decode(val + i, vlen - i, &cp, &invalid);
					if (invalid || cp <= 0x9F)
						return bad_value(out, sec, key, val, err);
				}
			}
			size_t tlen = esc ? 2 : n;
			if (used + tlen > max)
				break;
			if (esc) {
				p[used] = '\\';
				p[used + 1] = esc;
			} else {
				memcpy(p + used, val + i, n);
			}
			used += tlen;
			i += n;
		}
		/* A raw space can only come from a space token that was not first. */
		if (p[used - 1] == ' ') {
			if (used + 1 > max) { /* no room for "\s": it opens the next chunk */
				used--;
				i--;
			}
			if (p[used - 1] == ' ') {
				p[used - 1] = '\\';
				p[used++] = 's';
			}
		}
		p[used++] = '\n';
		out->len += used;
		out->ptr[out->len] = '\0';
	}
	return 0;
}

int codec_encode(struct buf *out, const struct record *r, struct jy_err *err)
{
	size_t orig = out->len, ns = record_section_count(r);
	int written = 0, rc = 0;

	for (size_t i = 0; i < ns; i++) {
		size_t nk = record_key_count(r, i);
		const char *sec = record_section(r, i);
		if (nk == 0)
			continue;
		if ((rc = codec_check_name(sec, 0, err)) < 0)
			goto fail;
		if (written)
			buf_putc(out, '\n');
		written = 1;
		buf_putc(out, '[');
		buf_puts(out, sec);
		buf_add(out, "]\n", 2);
		for (size_t j = 0; j < nk; j++) {
			const char *key = record_key(r, i, j);
			size_t klen = strlen(key);
			if (!name_ok(key, klen, 1)) {
				char where[CODEC_NAME_MAX + 32];
				snprintf(where, sizeof(where), L("节 %s：", "section %s: "), sec);
				rc = check_name(where, key, klen, 1, err);
				goto fail;
			}
			if ((rc = put_value(out, sec, key, record_value(r, i, j), err)) < 0)
				goto fail;
		}
	}
	return 0;
fail:
	buf_truncate(out, orig);
	return rc;
}

int codec_is_canonical(const struct record *r, const char *data, size_t len)
{
	struct buf b = BUF_INIT;
	int same = codec_encode(&b, r, NULL) == 0 && b.len == len && memcmp(b.ptr, data, len) == 0;
	buf_release(&b);
	return same;
}

/* ---- decoding ---- */

enum { LINE_KEY, LINE_CONT };

/* One physical line that carries (part of) a value, as the pre-scan read it. */
struct vline {
	int kind;
	int lineno;
	const char *sec, *key, *val; /* slices of the input */
	size_t seclen, keylen, vallen;
};

struct scan {
	struct vline *v;
	size_t n, cap;
	size_t next;  /* the handler call inih should make next */
	int bad_line; /* first line where inih disagreed with the pre-scan */
};

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int slice_is(const char *s, const char *p, size_t n)
{
	return (n == 0 || strncmp(s, p, n) == 0) && s[n] == '\0';
}

/* Refuses what inih would mangle and what no record may hold. */
static int check_bytes(int lineno, const char *s, size_t len, struct jy_err *err)
{
	size_t i = 0;
	while (i < len) {
		unsigned char c = (unsigned char)s[i];
		if ((c >= 0x20 && c < 0x7F) || c == '\t') {
			i++;
			continue;
		}
		if (c == 0)
			return err_set(err, JY_EINVAL,
				       L("第 %d 行：第 %zu 字节是 NUL（记录文件不能含 NUL）",
					 "line %d: byte %zu is NUL (record files cannot contain NUL)"),
				       lineno, i + 1);
		uint32_t cp = c;
		int invalid = 0;
		size_t n = c < 0x80 ? 1 : text_decode(s + i, len - i, &cp, &invalid);
		if (invalid)
			return err_set(err, JY_EINVAL,
				       L("第 %d 行：第 %zu 字节不是有效的 UTF-8",
					 "line %d: byte %zu is not valid UTF-8"),
				       lineno, i + 1);
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
			return err_set(err, JY_EINVAL,
				       L("第 %d 行：第 %zu 字节是控制字符 U+%04X（只允许换行和制表符）",
					 "line %d: byte %zu is the control character U+%04X (only newline and tab are allowed)"),
				       lineno, i + 1, (unsigned)cp);
		i += n;
	}
	return 0;
}

/* inih ends a value at a ';' that follows whitespace (an inline comment). */
static int has_inline_comment(const char *s, size_t len)
{
	for (size_t i = 1; i < len; i++)
		if (s[i] == ';' && is_blank(s[i - 1]))
			return 1;
	return 0;
}

static void push_line(struct scan *sc, const struct vline *v)
{
	if (sc->n == sc->cap) {
		sc->cap = sc->cap ? sc->cap * 2 : 32;
		sc->v = xrealloc(sc->v, sc->cap * sizeof(*sc->v));
	}
	sc->v[sc->n++] = *v;
}

/*
 * Reads the physical lines the way libinih 55 will (BOM, comments, blank
 * lines, continuation = leading whitespace after a key, '=' or ':') and lists
 * the handler calls it must make. Doing this ourselves is the only way to
 * tell a continuation from a duplicate key, and to refuse long lines before
 * inih silently splits them.
 */
static int prescan(struct scan *sc, const char *data, size_t len, struct jy_err *err)
{
	const char *sec = NULL, *key = NULL;
	size_t seclen = 0, keylen = 0, pos = 0;
	const char **secs = NULL; /* sections seen, for duplicates */
	size_t *seclens = NULL, nsecs = 0, capsecs = 0;
	char where[48];
	int lineno = 0, rc = 0;

	while (pos < len) {
		const char *line = data + pos, *nl = memchr(line, '\n', len - pos);
		size_t linelen = nl ? (size_t)(nl - line) : len - pos;
		size_t phys = linelen + (nl ? 1 : 0);
		size_t skip = 0;

		pos += phys;
		lineno++;
		if (phys >= CODEC_LINE_MAX) {
			rc = err_set(err, JY_EINVAL,
				     L("第 %d 行：长度 %zu 字节，超过 %d 字节上限",
				       "line %d: %zu bytes, over the %d-byte limit"),
				     lineno, phys, CODEC_LINE_MAX - 1);
			goto out;
		}
		if ((rc = check_bytes(lineno, line, linelen, err)) < 0)
			goto out;
		if (lineno == 1 && linelen >= 3 && memcmp(line, "\xEF\xBB\xBF", 3) == 0)
			skip = 3; /* inih skips a BOM too */

		const char *t = line + skip, *end = line + linelen;
		size_t lead = 0;
		while (t < end && is_blank(*t)) {
			t++;
			lead++;
		}
		while (end > t && is_blank(end[-1]))
			end--;
		size_t tlen = (size_t)(end - t);

		if (tlen == 0 || *t == ';' || *t == '#')
			continue; /* blank or comment: inih keeps the previous key for continuations */

		struct vline v = { LINE_CONT, lineno, sec, key, t, seclen, keylen, tlen };
		int comment = 0;
		if (lead > 0) {
			if (!key) {
				rc = err_set(err, JY_EINVAL,
					     L("第 %d 行：以空白开头的续行前面没有键",
					       "line %d: indented continuation line without a key before it"),
					     lineno);
				goto out;
			}
		} else if (*t == '[') {
			if (tlen < 2 || end[-1] != ']') {
				rc = err_set(err, JY_EINVAL,
					     L("第 %d 行：节标题须写作 [名称]，后面不能有别的内容",
					       "line %d: a section header must be exactly [name]"),
					     lineno);
				goto out;
			}
			if (!name_ok(t + 1, tlen - 2, 0)) {
				snprintf(where, sizeof(where), L("第 %d 行：", "line %d: "), lineno);
				rc = check_name(where, t + 1, tlen - 2, 0, err);
				goto out;
			}
			sec = t + 1;
			seclen = tlen - 2;
			key = NULL;
			for (size_t i = 0; i < nsecs; i++) {
				if (seclens[i] == seclen && memcmp(secs[i], sec, seclen) == 0) {
					rc = err_set(err, JY_EINVAL,
						     L("第 %d 行：节 [%.*s] 重复出现",
						       "line %d: section [%.*s] appears twice"),
						     lineno, (int)seclen, sec);
					goto out;
				}
			}
			if (nsecs == capsecs) {
				capsecs = capsecs ? capsecs * 2 : 16;
				secs = xrealloc(secs, capsecs * sizeof(*secs));
				seclens = xrealloc(seclens, capsecs * sizeof(*seclens));
			}
			secs[nsecs] = sec;
			seclens[nsecs++] = seclen;
			continue;
		} else {
			const char *eq = t;
			while (eq < end && *eq != '=' && *eq != ':')
				eq++;
			if (eq == end) {
				rc = err_set(err, JY_EINVAL,
					     L("第 %d 行：缺少 =（应为 键 = 值）",
					       "line %d: missing = (expected key = value)"),
					     lineno);
				goto out;
			}
			const char *ne = eq;
			while (ne > t && is_blank(ne[-1]))
				ne--;
			if (!name_ok(t, (size_t)(ne - t), 1)) {
				snprintf(where, sizeof(where), L("第 %d 行：", "line %d: "), lineno);
				rc = check_name(where, t, (size_t)(ne - t), 1, err);
				goto out;
			}
			if (!sec) {
				rc = err_set(err, JY_EINVAL,
					     L("第 %d 行：键 %.*s 不在任何节之内",
					       "line %d: key %.*s is outside any section"),
					     lineno, (int)(ne - t), t);
				goto out;
			}
			key = t;
			keylen = (size_t)(ne - t);
			const char *val = eq + 1;
			/* Measured from just after '=', where inih starts looking for comments. */
			comment = has_inline_comment(val, (size_t)(end - val));
			while (val < end && is_blank(*val))
				val++;
			v.kind = LINE_KEY;
			v.key = key;
			v.keylen = keylen;
			v.val = val;
			v.vallen = (size_t)(end - val);
		}
		if (v.kind == LINE_CONT)
			comment = has_inline_comment(t, tlen);
		if (comment) {
			rc = err_set(err, JY_EINVAL,
				     L("第 %d 行：空白后的 ; 会被 inih 当作注释而丢掉后面的内容，请写作 \\;",
				       "line %d: a ';' after whitespace starts an inih comment and loses the rest; write \\;"),
				     lineno);
			goto out;
		}
		push_line(sc, &v);
	}
out:
	free(secs);
	free(seclens);
	return rc;
}

static int on_value(void *user, const char *section, const char *name, const char *value)
{
	struct scan *sc = user;
	if (sc->next >= sc->n) {
		if (!sc->bad_line)
			sc->bad_line = sc->n ? sc->v[sc->n - 1].lineno : 1;
		return 0;
	}
	const struct vline *v = &sc->v[sc->next++];
	if (!slice_is(section, v->sec, v->seclen) || !slice_is(name, v->key, v->keylen) ||
	    !slice_is(value, v->val, v->vallen)) {
		if (!sc->bad_line)
			sc->bad_line = v->lineno;
		return 0;
	}
	return 1;
}

/* Appends the unescaped chunk; escapes never span lines, so each line stands alone. */
static int unescape(struct buf *out, const struct vline *v, struct jy_err *err)
{
	const char *s = v->val;
	size_t n = v->vallen, i = 0;

	buf_grow(out, n);
	while (i < n) {
		const char *bs = memchr(s + i, '\\', n - i);
		size_t run = bs ? (size_t)(bs - (s + i)) : n - i;
		buf_add(out, s + i, run);
		i += run;
		if (i == n)
			break;
		if (i + 1 == n)
			return err_set(err, JY_EINVAL,
				       L("第 %d 行（%.*s.%.*s）：行尾的 \\ 后面缺少转义字符（转义不能跨行）",
					 "line %d (%.*s.%.*s): backslash at the end of the line (an escape cannot span lines)"),
				       v->lineno, (int)v->seclen, v->sec, (int)v->keylen, v->key);
		char c;
		switch (s[i + 1]) {
		case '\\': c = '\\'; break;
		case 'n': c = '\n'; break;
		case 't': c = '\t'; break;
		case ';': c = ';'; break;
		case '#': c = '#'; break;
		case 's': c = ' '; break;
		default: {
			struct buf b = BUF_INIT;
			uint32_t cp;
			size_t k = text_decode(s + i + 1, n - i - 1, &cp, NULL);
			int rc = err_set(err, JY_EINVAL,
					 L("第 %d 行（%.*s.%.*s）：未知的转义 \\%s（只有 \\\\ \\n \\t \\; \\# \\s）",
					   "line %d (%.*s.%.*s): unknown escape \\%s (only \\\\ \\n \\t \\; \\# \\s)"),
					 v->lineno, (int)v->seclen, v->sec, (int)v->keylen, v->key,
					 shown(&b, s + i + 1, k));
			buf_release(&b);
			return rc;
		}
		}
		buf_putc(out, c);
		i += 2;
	}
	return 0;
}

int codec_decode(struct record **out, const char *data, size_t len, struct jy_err *err)
{
	struct scan sc = { NULL, 0, 0, 0, 0 };
	struct record *r = NULL;
	struct buf val = BUF_INIT, field = BUF_INIT;
	char *copy = NULL;
	int rc;

	if ((rc = prescan(&sc, data, len, err)) < 0)
		goto out;

	/* ini_parse_string wants a C string; the pre-scan has ruled out NUL. */
	copy = xstrndup(data, len);
	int irc = ini_parse_string(copy, on_value, &sc);
	if (sc.bad_line || (irc == 0 && sc.next != sc.n)) {
		int at = sc.bad_line ? sc.bad_line : sc.v[sc.next].lineno;
		rc = err_set(err, JY_EINVAL,
			     L("第 %d 行：inih 的解析结果与预检不一致",
			       "line %d: inih read this line differently from the pre-scan"),
			     at);
		goto out;
	}
	if (irc != 0) {
		rc = err_set(err, JY_EINVAL,
			     irc > 0 ? L("第 %d 行：inih 无法解析这一行", "line %d: inih cannot parse this line")
				     : L("inih 出错（%d）", "inih failed (%d)"),
			     irc);
		goto out;
	}

	r = record_new();
	const struct vline *keyline = NULL;
	for (size_t i = 0; i < sc.n; i++) {
		const struct vline *v = &sc.v[i];
		if (v->kind == LINE_KEY) {
			keyline = v;
			buf_reset(&val);
			buf_reset(&field);
			buf_add(&field, v->sec, v->seclen);
			buf_putc(&field, '.');
			buf_add(&field, v->key, v->keylen);
		}
		if ((rc = unescape(&val, v, err)) < 0)
			goto out;
		if (i + 1 < sc.n && sc.v[i + 1].kind == LINE_CONT)
			continue;
		/* The pre-scan refused control bytes, and no escape makes one,
		 * but the rule is the encoder's, so check it the same way. */
		if ((rc = text_check_value(field.ptr, val.ptr, val.len, err)) < 0)
			goto out;
		field.ptr[keyline->seclen] = '\0'; /* ptr = section, ptr + seclen + 1 = key */
		if (record_add(r, field.ptr, field.ptr + keyline->seclen + 1, val.ptr) != 0) {
			rc = err_set(err, JY_EINVAL, L("第 %d 行：键 %.*s.%.*s 重复", "line %d: duplicate key %.*s.%.*s"),
				     keyline->lineno, (int)keyline->seclen, keyline->sec, (int)keyline->keylen, keyline->key);
			goto out;
		}
	}
	*out = r;
	r = NULL;
	rc = 0;
out:
	record_free(r);
	free(copy);
	free(sc.v);
	buf_release(&val);
	buf_release(&field);
	return rc;
}
