/* test_url: unit tests for sync/url — every accepted remote form, each refusal and its message, canonical printing, remote names. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/url.h"

static int setup(void **state)
{
	(void)state;
	err_set_lang("en");
	return 0;
}

static const char *scheme_name(enum url_scheme s)
{
	switch (s) {
	case URL_SSH:
		return "ssh";
	case URL_FILE:
		return "file";
	case URL_LOCAL:
		return "local";
	case URL_HTTPS:
		return "https";
	}
	return "?";
}

/*
 * Parses s and compares "scheme|scp|user|host|port|path" (NULL parts as "-")
 * with want, and the canonical form with canon; the canonical form must parse
 * back to the same fields.
 */
static void accepts(const char *s, const char *want, const char *canon)
{
	struct url *u = NULL, *again = NULL;
	struct jy_err err = JY_ERR_INIT;
	struct buf got = BUF_INIT, text = BUF_INIT, text2 = BUF_INIT;
	if (url_parse(&u, s, &err) != 0)
		fail_msg("\"%s\" refused: %s", s, err.msg);
	buf_printf(&got, "%s|%d|%s|%s|%d|%s", scheme_name(u->scheme), u->scp, u->user ? u->user : "-",
		   u->host ? u->host : "-", u->port, u->path);
	if (strcmp(got.ptr, want) != 0)
		fail_msg("\"%s\" parsed as %s, want %s", s, got.ptr, want);
	url_format(&text, u);
	if (strcmp(text.ptr, canon) != 0)
		fail_msg("\"%s\" printed as \"%s\", want \"%s\"", s, text.ptr, canon);
	if (url_parse(&again, text.ptr, &err) != 0)
		fail_msg("canonical \"%s\" refused: %s", text.ptr, err.msg);
	url_format(&text2, again);
	assert_string_equal(text2.ptr, text.ptr);
	assert_int_equal(again->scheme, u->scheme);
	assert_int_equal(again->port, u->port);
	url_free(u);
	url_free(again);
	buf_release(&got);
	buf_release(&text);
	buf_release(&text2);
}

static void refuses(const char *s, const char *msg_part)
{
	struct url *u = (struct url *)&u; /* must be left alone on error */
	struct jy_err err = JY_ERR_INIT;
	int rc = url_parse(&u, s, &err);
	if (rc != JY_EINVAL)
		fail_msg("\"%s\" gave %d, want JY_EINVAL", s, rc);
	assert_ptr_equal(u, (struct url *)&u);
	if (!strstr(err.msg, msg_part))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", s, err.msg, msg_part);
}

static void test_ssh_urls(void **state)
{
	(void)state;
	accepts("ssh://git@central.example.org/srv/jiaoyan/data.git",
		"ssh|0|git|central.example.org|22|/srv/jiaoyan/data.git",
		"ssh://git@central.example.org/srv/jiaoyan/data.git");
	accepts("ssh://central.example.org:2222/srv/data.git", "ssh|0|-|central.example.org|2222|/srv/data.git",
		"ssh://central.example.org:2222/srv/data.git");
	accepts("SSH://Git@Central.Example.ORG:22/srv/data.git", "ssh|0|Git|central.example.org|22|/srv/data.git",
		"ssh://Git@central.example.org/srv/data.git");
	accepts("ssh://host:00022/x.git", "ssh|0|-|host|22|/x.git", "ssh://host/x.git");
	accepts("ssh+git://host/x.git", "ssh|0|-|host|22|/x.git", "ssh://host/x.git");
	accepts("git+ssh://jy@host:2200/x.git", "ssh|0|jy|host|2200|/x.git", "ssh://jy@host:2200/x.git");
	accepts("ssh://[::1]:2222/srv/data.git", "ssh|0|-|::1|2222|/srv/data.git", "ssh://[::1]:2222/srv/data.git");
	accepts("ssh://git@[2001:DB8::7]/data.git", "ssh|0|git|2001:db8::7|22|/data.git",
		"ssh://git@[2001:db8::7]/data.git");
	accepts("ssh://[::ffff:192.0.2.1]/d.git", "ssh|0|-|::ffff:192.0.2.1|22|/d.git", "ssh://[::ffff:192.0.2.1]/d.git");
	accepts("ssh://192.0.2.1/d.git", "ssh|0|-|192.0.2.1|22|/d.git", "ssh://192.0.2.1/d.git");
	accepts("ssh://host/~/data.git", "ssh|0|-|host|22|/~/data.git", "ssh://host/~/data.git");
	accepts("ssh://host/~jiaoyan/data.git", "ssh|0|-|host|22|/~jiaoyan/data.git", "ssh://host/~jiaoyan/data.git");
	accepts("ssh://host/srv/../data.git", "ssh|0|-|host|22|/srv/../data.git", "ssh://host/srv/../data.git");
	accepts("ssh://s_01.campus-a.example.org/d", "ssh|0|-|s_01.campus-a.example.org|22|/d",
		"ssh://s_01.campus-a.example.org/d");
	accepts("ssh://j.y_2-x@host:65535/a/b:c,d=e+f@g", "ssh|0|j.y_2-x|host|65535|/a/b:c,d=e+f@g",
		"ssh://j.y_2-x@host:65535/a/b:c,d=e+f@g");
	accepts("ssh://host/srv/教研/数据.git", "ssh|0|-|host|22|/srv/教研/数据.git", "ssh://host/srv/教研/数据.git");
}

static void test_scp_like(void **state)
{
	(void)state;
	accepts("git@central.example.org:jiaoyan/data.git", "ssh|1|git|central.example.org|22|jiaoyan/data.git",
		"git@central.example.org:jiaoyan/data.git");
	accepts("Central:~/data.git", "ssh|1|-|central|22|~/data.git", "central:~/data.git");
	accepts("host:~jy/data.git", "ssh|1|-|host|22|~jy/data.git", "host:~jy/data.git");
	accepts("host:/srv/data.git", "ssh|1|-|host|22|/srv/data.git", "host:/srv/data.git");
	accepts("host:a:b", "ssh|1|-|host|22|a:b", "host:a:b");
}

static void test_file_local_https(void **state)
{
	(void)state;
	accepts("file:///srv/jiaoyan/data.git", "file|0|-|-|0|/srv/jiaoyan/data.git", "file:///srv/jiaoyan/data.git");
	accepts("FILE:///srv/x.git", "file|0|-|-|0|/srv/x.git", "file:///srv/x.git");
	accepts("/srv/jiaoyan/central.git", "local|0|-|-|0|/srv/jiaoyan/central.git", "/srv/jiaoyan/central.git");
	accepts("../central.git", "local|0|-|-|0|../central.git", "../central.git");
	accepts("./a/b", "local|0|-|-|0|./a/b", "./a/b");
	accepts("central.git", "local|0|-|-|0|central.git", "central.git");
	accepts("/srv/教研/data.git", "local|0|-|-|0|/srv/教研/data.git", "/srv/教研/data.git");
	accepts("https://git.example.org/group/data.git", "https|0|-|git.example.org|443|/group/data.git",
		"https://git.example.org/group/data.git");
	accepts("HTTPS://jy@Git.Example.org:8443/data.git", "https|0|jy|git.example.org|8443|/data.git",
		"https://jy@git.example.org:8443/data.git");
	accepts("https://git.example.org:443/d.git", "https|0|-|git.example.org|443|/d.git",
		"https://git.example.org/d.git");
	accepts("https://[2001:db8::1]/d.git", "https|0|-|2001:db8::1|443|/d.git", "https://[2001:db8::1]/d.git");
}

static void test_refused_schemes(void **state)
{
	(void)state;
	refuses("", "the remote URL is empty");
	refuses("http://git.example.org/data.git", "http:// URLs are refused");
	refuses("HTTP://git.example.org/data.git", "unencrypted");
	refuses("git://git.example.org/data.git", "git:// URLs are refused");
	refuses("ftp://git.example.org/data.git", "unsupported remote URL scheme \"ftp\"");
	refuses("file://host/srv/x.git", "file:///absolute/path");
	refuses("file://", "file:///absolute/path");
}

static void test_refused_parts(void **state)
{
	(void)state;
	refuses("ssh://-oProxyCommand=touch/x", "host name must not begin with - (ssh would take it for an option)");
	refuses("-oProxyCommand=x:path", "host name must not begin with -");
	refuses("ssh://-user@host/x", "user name must not begin with - (ssh would take it for an option)");
	refuses("-l@host:x", "user name must not begin with -");
	refuses("ssh://@host/x", "user name before @ in the remote URL is empty");
	refuses("@host:x", "user name before @ in the remote URL is empty");
	refuses("ssh://us#er@host/x", "user name may hold only letters, digits and . _ -");
	refuses("ssh://a@b@host/x", "host name may hold only");
	refuses("ssh://user:secret@host/x", "must not hold a password");
	refuses("https://user:secret@host/x", "must not hold a password");
	refuses("ssh:///srv/x.git", "no host name");
	refuses(":path", "no host name");
	refuses("ssh://host", "no repository path");
	refuses("ssh://host/", "no repository path");
	refuses("https://host", "no repository path");
	refuses("host:", "no repository path");
	refuses("ssh://host:/x", "port after : in the remote URL is empty");
	refuses("ssh://host:0/x", "port must be within 1–65535");
	refuses("ssh://host:65536/x", "port must be within 1–65535");
	refuses("ssh://host:99999999999999999999/x", "port must be within 1–65535");
	refuses("ssh://host:22a/x", "port must be digits only");
	refuses("ssh://host:-22/x", "port must be digits only");
	refuses("ssh://ho$t/x", "host name may hold only letters, digits and . - _");
	refuses("ssh://a..b/x", "empty label");
	refuses("ssh://.a/x", "empty label");
	refuses("ssh://a./x", "empty label");
	refuses("ssh://中心/x", "host name may hold only");
	char host[300];
	memset(host, 'a', sizeof(host));
	memcpy(host, "ssh://", 6);
	memcpy(host + 6 + 254, "/x", 3);
	refuses(host, "host name is longer than 253 bytes");
}

static void test_refused_ipv6(void **state)
{
	(void)state;
	refuses("[::1]:data.git", "scp-like form (host:path) takes no brackets");
	refuses("git@[::1]:data.git", "ssh://[::1]:2222/path");
	refuses("[host:2222]:data.git", "takes no brackets");
	refuses("ssh://[::1/x", "IPv6 address lacks its ]");
	refuses("ssh://[fe80::1%eth0]/x", "no %interface zone");
	refuses("ssh://[abc]/x", "not an IPv6 address");
	refuses("ssh://[::1]x/x", "only :port may follow ]");
	refuses("ssh://[::1]:/x", "port after : in the remote URL is empty");
}

static void test_refused_characters(void **state)
{
	(void)state;
	static const char meta[] = ";&|<>$`(){}\\'\"*?!~[]%#";
	for (const char *c = meta; *c; c++) {
		char s[64], want[64];
		snprintf(s, sizeof(s), "ssh://host/srv/a%cb.git", *c);
		snprintf(want, sizeof(want), "byte 17 is '%c'", *c);
		refuses(s, want);
		snprintf(s, sizeof(s), "host:srv/a%cb", *c);
		snprintf(want, sizeof(want), "byte 11 is '%c'", *c);
		refuses(s, want);
		snprintf(s, sizeof(s), "file:///srv/a%cb", *c);
		refuses(s, "shell metacharacters");
		snprintf(s, sizeof(s), "https://host/a%cb", *c);
		refuses(s, "shell metacharacters");
	}
	refuses("ssh://host/srv/x.git;rm", "byte 21 is ';'");
	refuses("ssh://host/x/~/y", "byte 14 is '~'"); /* ~ only at the start of the path */
	refuses("host:a~", "byte 7 is '~'");
	refuses("https://host/~/x", "byte 14 is '~'");
	refuses("https://host/x?ref=1", "is '?'");
	refuses("https://host/x#top", "is '#'");
	refuses("ssh://host/x%27y", "is '%'");
	refuses("ssh://host/x y", "byte 13 is a space or invisible character U+0020");
	refuses("ssh://host/x\ty", "byte 13 is the control character U+0009");
	refuses("ssh://host/x\x1b[31m", "control character U+001B");
	refuses("ssh://host/x\ny", "control character U+000A");
	refuses("ssh://host/x\x7f", "control character U+007F");
	refuses("ssh://host/x\xc2\x9b", "control character U+009B");
	refuses("ssh://host/x\xe3\x80\x80y", "invisible character U+3000"); /* ideographic space */
	refuses("ssh://host/x\xe2\x80\xaey", "invisible character U+202E");  /* bidi override */
	refuses("ssh://host/x\xc2\xa0y", "invisible character U+00A0");
	refuses("ssh://host/\xff", "byte 12 is not valid UTF-8");
	refuses("host:-upload-pack=touch", "path must not begin with - (git-upload-pack would take it for an option)");
	refuses("-repo.git", "path must not begin with -");
	refuses("~/data.git", "local path byte 1 is ~: nothing expands it");
	refuses("/srv/a:b/data.git", "local path byte 7 is a colon");
	refuses("./a:b", "local path byte 4 is a colon");
	char *big = malloc(5000);
	memset(big, 'a', 4999);
	big[0] = '/';
	big[4999] = '\0';
	refuses(big, "longer than 4096 bytes");
	free(big);
}

static void test_chinese_messages(void **state)
{
	(void)state;
	err_set_lang("zh");
	refuses("ssh://-oProxyCommand=x/y", "远程地址的主机名不能以 - 开头（ssh 会把它当作选项）");
	refuses("http://host/x", "不接受 http:// 地址");
	refuses("ssh://host/a;b", "远程地址第 13 字节是 ';'");
	err_set_lang("en");
}

static void name_ok(const char *name)
{
	struct jy_err err = JY_ERR_INIT;
	if (url_remote_name_valid(name, &err) != 0)
		fail_msg("remote name \"%s\" refused: %s", name, err.msg);
}

static void name_bad(const char *name, const char *msg_part)
{
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(url_remote_name_valid(name, &err), JY_EINVAL);
	if (!strstr(err.msg, msg_part))
		fail_msg("\"%s\": message \"%s\" lacks \"%s\"", name, err.msg, msg_part);
}

static void test_remote_names(void **state)
{
	(void)state;
	name_ok("origin");
	name_ok("central");
	name_ok("s01-campus.b_2");
	name_ok("a");
	name_ok("0");
	name_ok("abcdefghijklmnopqrstuvwxyz012345"); /* 32 */
	name_bad("", "the remote name is empty");
	name_bad("abcdefghijklmnopqrstuvwxyz0123456", "longer than 32 characters");
	name_bad("Origin", "character 1 breaks the rule");
	name_bad("-x", "character 1 breaks the rule");
	name_bad(".x", "character 1");
	name_bad("_x", "character 1");
	name_bad("a b", "character 2");
	name_bad("ab/c", "character 3");
	name_bad("中心", "character 1");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ssh_urls),
		cmocka_unit_test(test_scp_like),
		cmocka_unit_test(test_file_local_https),
		cmocka_unit_test(test_refused_schemes),
		cmocka_unit_test(test_refused_parts),
		cmocka_unit_test(test_refused_ipv6),
		cmocka_unit_test(test_refused_characters),
		cmocka_unit_test(test_chinese_messages),
		cmocka_unit_test(test_remote_names),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
