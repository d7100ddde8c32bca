/* test_hostkey: unit tests for sync/hostkey — known_hosts matching on real keys, fingerprints, pins, client key types. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sodium.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/hostkey.h"
#include "jiaoyan/vec.h"

#define FIX "tests/fixtures/hostkey/"
#define KH FIX "known_hosts"
#define KH_HASHED FIX "known_hosts.hashed"

/* What `ssh-keygen -lf tests/fixtures/hostkey/host_X.pub` printed when the keys were made. */
#define FP_A "SHA256:4WiKUu9MHd0nyt4zLv9OOoznsxgj+GNCGhxKSXVV73I"
#define FP_B "SHA256:aBHfyKIQvbXo/6HDWZf3La4VFGxItV5ASMUAMM8PpXw"
#define FP_C "SHA256:DX+JYIDWNN7MZSK5gVG9tqTWg2KgqNIDcNf+30+kpvI"
#define FP_E "SHA256:Cm+5fh1gup5OmxnQxKTF3LC0A5RNAZvuTQX4ehfrWXY"
#define FP_R "SHA256:+jlShxktSCvxSiRS+pRv0MVDuPErJEP5iSNcSV6zoQQ"
#define FP_S "SHA256:LL+nafivhp78ZuckQQ49JqtIdwb6XAZ6WyQI4JcNREA"

/* A host key from a fixture .pub: its "type base64" text and the decoded blob. */
struct key {
	char text[1024];
	unsigned char blob[1024];
	size_t len;
};

static struct key ka, kb, kc, ke, kr, ks;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	char *data = calloc(1, 1 << 16);
	size_t n = fread(data, 1, (1 << 16) - 1, f);
	fclose(f);
	if (len)
		*len = n;
	return data;
}

static void load_key(struct key *k, const char *name)
{
	char path[256];
	snprintf(path, sizeof(path), FIX "%s.pub", name);
	char *data = slurp(path, NULL);
	char *sp = strchr(data, ' '), *sp2 = sp ? strchr(sp + 1, ' ') : NULL;
	assert_non_null(sp2);
	*sp2 = '\0';
	snprintf(k->text, sizeof(k->text), "%s", data);
	assert_int_equal(sodium_base642bin(k->blob, sizeof(k->blob), sp + 1, strlen(sp + 1), NULL, &k->len, NULL,
					   sodium_base64_VARIANT_ORIGINAL),
			 0);
	free(data);
}

static int setup(void **state)
{
	(void)state;
	load_key(&ka, "host_a");
	load_key(&kb, "host_b");
	load_key(&kc, "host_c");
	load_key(&ke, "host_e521");
	load_key(&kr, "host_r");
	load_key(&ks, "host_s");
	err_set_lang("en");
	return 0;
}

static int check(const char *kh, const struct vec *pins, const char *host, int port, const struct key *k,
		 struct jy_err *err)
{
	err_clear(err);
	return hostkey_check(kh, pins, host, port, NULL, k->blob, k->len, err);
}

static void has(const char *msg, const char *part)
{
	if (!strstr(msg, part))
		fail_msg("message \"%s\" lacks \"%s\"", msg, part);
}

static void accepted(const char *kh, const char *host, int port, const struct key *k)
{
	struct jy_err err = JY_ERR_INIT;
	int rc = check(kh, NULL, host, port, k, &err);
	if (rc != 0)
		fail_msg("%s:%d refused (%d): %s", host, port, rc, err.msg);
}

static void unknown(const char *kh, const char *host, int port, const struct key *k)
{
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(check(kh, NULL, host, port, k, &err), JY_ENOTFOUND);
	has(err.msg, "unknown host");
}

static void test_type_names(void **state)
{
	(void)state;
	assert_string_equal(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_RSA), "ssh-rsa");
	assert_string_equal(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_DSS), "ssh-dss");
	assert_string_equal(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256), "ecdsa-sha2-nistp256");
	assert_string_equal(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384), "ecdsa-sha2-nistp384");
	assert_string_equal(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521), "ecdsa-sha2-nistp521");
	assert_string_equal(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_KEY_ED25519), "ssh-ed25519");
	assert_null(hostkey_type_name(GIT_CERT_SSH_RAW_TYPE_UNKNOWN));
	assert_null(hostkey_type_name(42));

	struct buf t = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(hostkey_blob_type(&t, ka.blob, ka.len, &err), 0);
	assert_string_equal(t.ptr, "ssh-ed25519");
	assert_int_equal(hostkey_blob_type(&t, kc.blob, kc.len, &err), 0);
	assert_string_equal(t.ptr, "ecdsa-sha2-nistp256");
	assert_int_equal(hostkey_blob_type(&t, ke.blob, ke.len, &err), 0);
	assert_string_equal(t.ptr, "ecdsa-sha2-nistp521");
	assert_int_equal(hostkey_blob_type(&t, "\0\0\0\x40xx", 6, &err), JY_EINVAL); /* length past the end */
	assert_int_equal(hostkey_blob_type(&t, "\0\0\0\x02\x1b[", 6, &err), JY_EINVAL); /* not printable */
	assert_int_equal(hostkey_blob_type(&t, "\0\0", 2, &err), JY_EINVAL);
	has(err.msg, "malformed");
	buf_release(&t);
}

static void test_fingerprints(void **state)
{
	(void)state;
	struct {
		const struct key *k;
		const char *fp;
	} cases[] = { { &ka, FP_A }, { &kb, FP_B }, { &kc, FP_C }, { &ke, FP_E }, { &kr, FP_R }, { &ks, FP_S } };
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct buf fp = BUF_INIT;
		hostkey_fingerprint(&fp, cases[i].k->blob, cases[i].k->len);
		assert_string_equal(fp.ptr, cases[i].fp);
		assert_int_equal(fp.len, strlen(cases[i].fp));
		buf_release(&fp);
	}
}

/* The same, against ssh-keygen itself when it is installed (openssh-client is a dependency). */
static void test_fingerprint_ssh_keygen(void **state)
{
	(void)state;
	if (access("/usr/bin/ssh-keygen", X_OK) != 0)
		skip();
	FILE *p = popen("/usr/bin/ssh-keygen -lf " FIX "host_e521.pub", "r");
	assert_non_null(p);
	char line[512] = "", fp[128] = "";
	assert_non_null(fgets(line, sizeof(line), p));
	pclose(p);
	assert_int_equal(sscanf(line, "%*d %127s", fp), 1);
	struct buf mine = BUF_INIT;
	hostkey_fingerprint(&mine, ke.blob, ke.len);
	assert_string_equal(mine.ptr, fp);
	buf_release(&mine);
}

static void test_known_hosts_line(void **state)
{
	(void)state;
	struct buf line = BUF_INIT;
	char want[1200];
	hostkey_known_hosts_line(&line, "Git.Example.ORG", 22, "ssh-ed25519", ka.blob, ka.len);
	snprintf(want, sizeof(want), "git.example.org %s", ka.text);
	assert_string_equal(line.ptr, want);
	buf_reset(&line);
	hostkey_known_hosts_line(&line, "git.example.org", 2222, "ssh-ed25519", ka.blob, ka.len);
	snprintf(want, sizeof(want), "[git.example.org]:2222 %s", ka.text);
	assert_string_equal(line.ptr, want);
	buf_reset(&line);
	hostkey_known_hosts_line(&line, "[::1]", 2222, "ecdsa-sha2-nistp256", kc.blob, kc.len);
	snprintf(want, sizeof(want), "[::1]:2222 %s", kc.text);
	assert_string_equal(line.ptr, want);
	buf_release(&line);
}

static void test_plain_match(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	accepted(KH, "git.example.org", 22, &ka);
	accepted(KH, "GIT.Example.org", 22, &ka);   /* host names compare case-insensitively */
	accepted(KH, "upper.example.org", 22, &ka); /* ... also when the file has capitals */
	accepted(KH, "indented.example.org", 22, &ka);
	accepted(KH, "multi.example.org", 22, &ka); /* the second of two lines for the host */
	accepted(KH, "multi.example.org", 22, &kb);
	accepted(KH, "e521.example.org", 22, &ke);
	assert_int_equal(hostkey_check(KH, NULL, "git.example.org", 22, "ssh-ed25519", ka.blob, ka.len, &err), 0);
	/* A type that contradicts the key itself is a caller bug, not a host key verdict. */
	assert_int_equal(hostkey_check(KH, NULL, "git.example.org", 22, "ssh-rsa", ka.blob, ka.len, &err), JY_EINVAL);
	has(err.msg, "ssh-rsa");
	has(err.msg, "ssh-ed25519");
}

static void test_ports(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	accepted(KH, "alt.example.org", 2222, &ka);
	unknown(KH, "alt.example.org", 22, &ka);  /* [host]:2222 says nothing about port 22 */
	unknown(KH, "alt.example.org", 2200, &ka);
	assert_int_equal(check(KH, NULL, "git.example.org", 2222, &ka, &err), JY_ENOTFOUND); /* plain = port 22 only */
	char want[1200];
	snprintf(want, sizeof(want), "[git.example.org]:2222 %s", ka.text);
	has(err.msg, want);
	accepted(KH, "::1", 2222, &ka); /* IPv6 as libgit2 passes it, and bracketed */
	accepted(KH, "[::1]", 2222, &ka);
	unknown(KH, "::1", 22, &ka);
}

static void test_wildcards(void **state)
{
	(void)state;
	accepted(KH, "s01.campus.example.org", 22, &ka);
	accepted(KH, "a.b.campus.example.org", 22, &ka);
	unknown(KH, "evil.campus.example.org", 22, &ka); /* !negation vetoes the line */
	unknown(KH, "campus.example.org", 22, &ka);      /* "*." needs something before the dot */
	unknown(KH, "s01.campus.example.org", 2222, &ka); /* a wildcard without brackets is port 22 */
	accepted(KH, "s07.school.example.org", 22, &ka);
	unknown(KH, "s10.school.example.org", 22, &ka); /* ? is exactly one character */
	unknown(KH, "s0.school.example.org", 22, &ka);
}

static void test_hashed(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	accepted(KH_HASHED, "hashed.example.org", 22, &ka);
	accepted(KH_HASHED, "Hashed.Example.org", 22, &ka);
	accepted(KH_HASHED, "hashed.example.org", 2222, &kc);
	accepted(KH_HASHED, "two.example.org", 22, &ka);
	accepted(KH_HASHED, "192.0.2.7", 22, &ka);
	unknown(KH_HASHED, "three.example.org", 22, &ka);
	unknown(KH_HASHED, "192.0.2.7", 2222, &ka);
	/* On port 2222 the hashed file knows only the ECDSA key. */
	assert_int_equal(check(KH_HASHED, NULL, "hashed.example.org", 2222, &ka, &err), JY_EPERM);
	has(err.msg, "HOST KEY CHANGED");
	has(err.msg, "ecdsa-sha2-nistp256");
}

static void test_changed(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(check(KH, NULL, "changed.example.org", 22, &ka, &err), JY_EPERM);
	has(err.msg, "HOST KEY CHANGED");
	has(err.msg, FP_A);
	has(err.msg, KH " line 9");
	has(err.msg, "ssh-keygen -R 'changed.example.org' -f '" KH "'");
	err_set_lang("zh");
	assert_int_equal(check(KH, NULL, "changed.example.org", 22, &ka, &err), JY_EPERM);
	has(err.msg, "主机密钥已改变（HOST KEY CHANGED）");
	has(err.msg, "第 9 行");
	has(err.msg, FP_A);
	err_set_lang("en");
}

static void test_other_type_only(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	char want[1200];
	assert_int_equal(check(KH, NULL, "ecdsaonly.example.org", 22, &ka, &err), JY_EPERM);
	has(err.msg, "HOST KEY CHANGED");
	has(err.msg, "only with keys of type ecdsa-sha2-nistp256");
	has(err.msg, "offered an ssh-ed25519 key (fingerprint " FP_A ")");
	has(err.msg, "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub");
	snprintf(want, sizeof(want), "add this line to " KH ":\necdsaonly.example.org %s", ka.text);
	has(err.msg, want);
	/* The other way round: an ECDSA key offered to a host known by ed25519 only. */
	assert_int_equal(check(KH, NULL, "git.example.org", 22, &kc, &err), JY_EPERM);
	has(err.msg, "only with keys of type ssh-ed25519");
	has(err.msg, FP_C);
}

static void test_revoked(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(check(KH, NULL, "revoked.example.org", 22, &kr, &err), JY_EPERM);
	has(err.msg, "revoked");
	has(err.msg, FP_R);
	has(err.msg, KH " line 14 marks it @revoked");
	/* Revoked for every host, wherever else it is listed, and whatever is pinned. */
	assert_int_equal(check(KH, NULL, "git.example.org", 2222, &kr, &err), JY_EPERM);
	has(err.msg, "revoked");
	struct vec pins = VEC_INIT(free);
	vec_push_str(&pins, FP_R);
	assert_int_equal(check(KH, &pins, "revoked.example.org", 22, &kr, &err), JY_EPERM);
	has(err.msg, "@revoked");
	vec_free(&pins);
	/* "@revoked somewhere.example.org S" revokes S for elsewhere.example.org too. */
	assert_int_equal(check(KH, NULL, "elsewhere.example.org", 22, &ks, &err), JY_EPERM);
	has(err.msg, KH " line 21 marks it @revoked");
	has(err.msg, FP_S);
}

static void test_cert_authority_ignored(void **state)
{
	(void)state;
	unknown(KH, "ca.example.org", 22, &ka);
}

/* Lines that do not parse are skipped, as OpenSSH does: their hosts stay unknown. */
static void test_junk_lines_skipped(void **state)
{
	(void)state;
	unknown(KH, "broken.example.org", 22, &ka);   /* key field not base64 */
	unknown(KH, "mismatch.example.org", 22, &ka); /* type field says ssh-rsa, the key is ed25519 */
	unknown(KH, "marker.example.org", 22, &ka);   /* a marker we do not know */
}

static void test_unknown(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	char want[1200];
	snprintf(want, sizeof(want), "nothere.example.org %s", ka.text);
	assert_int_equal(check(KH, NULL, "nothere.example.org", 22, &ka, &err), JY_ENOTFOUND);
	has(err.msg, "unknown host nothere.example.org");
	has(err.msg, "fingerprint " FP_A);
	has(err.msg, "never trusted automatically");
	has(err.msg, "add this line to " KH ":\n");
	has(err.msg, want);
	/* The line is the message's last line, exactly. */
	assert_string_equal(strrchr(err.msg, '\n') + 1, want);

	err_set_lang("zh");
	assert_int_equal(check(KH, NULL, "nothere.example.org", 22, &ka, &err), JY_ENOTFOUND);
	has(err.msg, "未知主机 nothere.example.org");
	has(err.msg, FP_A);
	has(err.msg, "加入 " KH "：\n");
	assert_string_equal(strrchr(err.msg, '\n') + 1, want);
	err_set_lang("en");

	/* A 521-bit ECDSA key's line (the longest of the fixtures). */
	snprintf(want, sizeof(want), "[nothere.example.org]:2222 %s", ke.text);
	assert_int_equal(check(KH, NULL, "nothere.example.org", 2222, &ke, &err), JY_ENOTFOUND);
	assert_string_equal(strrchr(err.msg, '\n') + 1, want);
	has(err.msg, FP_E);
	has(err.msg, "/etc/ssh/ssh_host_ecdsa_key.pub");
}

static void test_pins(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	struct vec pins = VEC_INIT(free);
	vec_push_str(&pins, FP_B);
	assert_int_equal(check(KH, &pins, "nothere.example.org", 22, &ka, &err), JY_EPERM);
	has(err.msg, FP_A);
	has(err.msg, "pinned");
	has(err.msg, "(" FP_B ")");
	/* Pins set: the key must be pinned, even where known_hosts lists it. */
	assert_int_equal(check(KH, &pins, "git.example.org", 22, &ka, &err), JY_EPERM);
	vec_push_str(&pins, FP_A);
	assert_int_equal(check(KH, &pins, "nothere.example.org", 22, &ka, &err), 0);
	assert_int_equal(check(NULL, &pins, "nothere.example.org", 22, &ka, &err), 0);
	assert_int_equal(check(FIX "no-such-file", &pins, "x.example.org", 2222, &ka, &err), 0);
	vec_clear(&pins);
	vec_push_str(&pins, FP_A "="); /* padded, as some tools print it */
	assert_int_equal(check(KH, &pins, "nothere.example.org", 22, &ka, &err), 0);
	vec_push_str(&pins, "SHA256:tooshort");
	assert_int_equal(check(KH, &pins, "nothere.example.org", 22, &ka, &err), JY_EINVAL);
	has(err.msg, "SHA256:tooshort");
	has(err.msg, "43 base64 characters");
	/* An empty list means "no pins": known_hosts decides. */
	vec_clear(&pins);
	assert_int_equal(check(KH, &pins, "git.example.org", 22, &ka, &err), 0);
	vec_free(&pins);

	assert_int_equal(hostkey_pin_valid(FP_A, &err), 0);
	assert_int_equal(hostkey_pin_valid("MD5:16:27:ac:a5:76:28:2d:36:63:1b:56:4d:eb:df:a6:48", &err), JY_EINVAL);
	assert_int_equal(hostkey_pin_valid("SHA256:4WiKUu9MHd0nyt4zLv9OOoznsxgj+GNCGhxKSXVV73I==", &err), JY_EINVAL);
	assert_int_equal(hostkey_pin_valid("SHA256:4WiKUu9MHd0nyt4zLv9OOoznsxgj+GNCGhxKSXVV7;I", &err), JY_EINVAL);
	assert_int_equal(hostkey_pin_valid("sha256:4WiKUu9MHd0nyt4zLv9OOoznsxgj+GNCGhxKSXVV73I", &err), JY_EINVAL);
}

static void test_missing_and_unreadable(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(check(FIX "no-such-file", NULL, "git.example.org", 22, &ka, &err), JY_ENOTFOUND);
	has(err.msg, "(the file does not exist yet)");
	has(err.msg, "add this line to " FIX "no-such-file:\n");
	assert_int_equal(check(NULL, NULL, "git.example.org", 22, &ka, &err), JY_ENOTFOUND);
	has(err.msg, "no known_hosts file configured");
	/* A directory exists but cannot be read as a file (root reads past chmod 000, so no permission test). */
	assert_int_equal(check(FIX, NULL, "git.example.org", 22, &ka, &err), JY_EIO);
	has(err.msg, "cannot read " FIX);
	/* A path through a file (ENOTDIR) is unreadable too, not "missing". */
	assert_int_equal(check(FIX "host_a.pub/known_hosts", NULL, "git.example.org", 22, &ka, &err), JY_EIO);
	has(err.msg, "Not a directory");
}

/* Writes the fixture with CRLF line ends into dir/name and returns the path (static storage). */
static const char *crlf_copy(const char *dir, const char *src, const char *name)
{
	static char path[2][512];
	static int which;
	size_t len;
	char *data = slurp(src, &len);
	char *p = path[which++ % 2];
	snprintf(p, 512, "%s/%s", dir, name);
	FILE *f = fopen(p, "wb");
	assert_non_null(f);
	for (size_t i = 0; i < len; i++) {
		if (data[i] == '\n')
			fputc('\r', f);
		fputc(data[i], f);
	}
	fclose(f);
	free(data);
	return p;
}

static void test_crlf(void **state)
{
	(void)state;
	char dir[] = "/tmp/jy-hostkey-XXXXXX";
	struct jy_err err = JY_ERR_INIT;
	assert_non_null(mkdtemp(dir));
	const char *kh = crlf_copy(dir, KH, "known_hosts");
	accepted(kh, "git.example.org", 22, &ka);
	accepted(kh, "alt.example.org", 2222, &ka);
	accepted(kh, "s01.campus.example.org", 22, &ka); /* the key is the last field, right before CR */
	unknown(kh, "evil.campus.example.org", 22, &ka);
	assert_int_equal(check(kh, NULL, "changed.example.org", 22, &ka, &err), JY_EPERM);
	has(err.msg, " line 9 ");
	assert_int_equal(check(kh, NULL, "revoked.example.org", 22, &kr, &err), JY_EPERM);
	const char *hashed = crlf_copy(dir, KH_HASHED, "known_hosts.hashed");
	accepted(hashed, "hashed.example.org", 2222, &kc);
	accepted(hashed, "192.0.2.7", 22, &ka);
	/* A NUL byte in the file does not end it: the lines after it still count. */
	char nul[512];
	snprintf(nul, sizeof(nul), "%s/with-nul", dir);
	FILE *f = fopen(nul, "wb");
	assert_non_null(f);
	fprintf(f, "junk");
	fputc('\0', f);
	fprintf(f, "junk\n@revoked * %s\r\ngit.example.org %s\n", kr.text, kr.text);
	fclose(f);
	assert_int_equal(check(nul, NULL, "git.example.org", 22, &kr, &err), JY_EPERM);
	has(err.msg, "line 2 marks it @revoked");
	unlink(nul);
	unlink(kh);
	unlink(hashed);
	rmdir(dir);
}

static void test_bad_arguments(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(check(KH, NULL, "", 22, &ka, &err), JY_EINVAL);
	has(err.msg, "empty host");
	assert_int_equal(check(KH, NULL, "git.example.org", 0, &ka, &err), JY_EINVAL);
	has(err.msg, "port 0");
	assert_int_equal(check(KH, NULL, "git.example.org", 65536, &ka, &err), JY_EINVAL);
	assert_int_equal(check(KH, NULL, "git example.org", 22, &ka, &err), JY_EINVAL);
	has(err.msg, "byte 4");
	assert_int_equal(check(KH, NULL, "a,b", 22, &ka, &err), JY_EINVAL);
	assert_int_equal(check(KH, NULL, "x'y", 22, &ka, &err), JY_EINVAL);
	assert_int_equal(hostkey_check(KH, NULL, "git.example.org", 22, NULL, "junk", 4, &err), JY_EINVAL);
}

static void test_cert(void **state)
{
	(void)state;
	struct jy_err err = JY_ERR_INIT;
	git_cert_hostkey hk;
	memset(&hk, 0, sizeof(hk));
	hk.parent.cert_type = GIT_CERT_HOSTKEY_LIBSSH2;
	hk.type = GIT_CERT_SSH_RAW | GIT_CERT_SSH_SHA256;
	hk.raw_type = GIT_CERT_SSH_RAW_TYPE_KEY_ED25519;
	hk.hostkey = (const char *)ka.blob;
	hk.hostkey_len = ka.len;
	assert_int_equal(hostkey_check_cert((git_cert *)&hk, KH, NULL, "git.example.org", 22, &err), 0);
	assert_int_equal(hostkey_check_cert((git_cert *)&hk, KH, NULL, "changed.example.org", 22, &err), JY_EPERM);
	/* libgit2 1.5.1 reports ECDSA P-521 as UNKNOWN: the blob's own type decides. */
	hk.raw_type = GIT_CERT_SSH_RAW_TYPE_UNKNOWN;
	hk.hostkey = (const char *)ke.blob;
	hk.hostkey_len = ke.len;
	assert_int_equal(hostkey_check_cert((git_cert *)&hk, KH, NULL, "e521.example.org", 22, &err), 0);
	hk.raw_type = GIT_CERT_SSH_RAW_TYPE_RSA;
	assert_int_equal(hostkey_check_cert((git_cert *)&hk, KH, NULL, "e521.example.org", 22, &err), JY_EINVAL);
	hk.type = GIT_CERT_SSH_SHA256;
	assert_int_equal(hostkey_check_cert((git_cert *)&hk, KH, NULL, "e521.example.org", 22, &err), JY_EINVAL);
	has(err.msg, "no raw host key");
	git_cert_x509 x509;
	memset(&x509, 0, sizeof(x509));
	x509.parent.cert_type = GIT_CERT_X509;
	assert_int_equal(hostkey_check_cert((git_cert *)&x509, KH, NULL, "e521.example.org", 22, &err), JY_EINVAL);
	has(err.msg, "not an SSH host key");
	assert_int_equal(hostkey_check_cert(NULL, KH, NULL, "e521.example.org", 22, &err), JY_EINVAL);
}

static void key_type_is(const char *path, const char *want)
{
	struct buf t = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	buf_set(&t, "stale");
	int rc = hostkey_client_key_type(&t, path, &err);
	if (rc)
		fail_msg("%s: %s", path, err.msg);
	if (strcmp(t.ptr, want) != 0)
		fail_msg("%s: type \"%s\", want \"%s\"", path, t.ptr, want);
	buf_release(&t);
}

static void test_client_key_types(void **state)
{
	(void)state;
	key_type_is(FIX "client_rsa_openssh", "ssh-rsa");             /* openssh-key-v1, no .pub beside it */
	key_type_is(FIX "client_rsa_pem", "ssh-rsa");                 /* BEGIN RSA PRIVATE KEY */
	key_type_is(FIX "client_rsa_pkcs8", "ssh-rsa");               /* BEGIN PRIVATE KEY, rsaEncryption */
	key_type_is(FIX "client_ed25519_encrypted", "ssh-ed25519");   /* passphrase: the public part is in clear */
	key_type_is(FIX "client_ecdsa_pem", "ecdsa-sha2-nistp384");   /* BEGIN EC PRIVATE KEY, secp384r1 */
	key_type_is(FIX "client_ecdsa_pkcs8", "ecdsa-sha2-nistp256"); /* PKCS#8 with prime256v1 */
	key_type_is(FIX "client_rsa_pkcs8_encrypted", "ssh-rsa");     /* encrypted PKCS#8: from the .pub */
	key_type_is(FIX "client_untellable", "");                     /* the same without a .pub: cannot tell */
	key_type_is(FIX "host_a.pub", "ssh-ed25519");
	key_type_is(FIX "known_hosts", "");                           /* not a key at all */

	char dir[] = "/tmp/jy-keytype-XXXXXX", path[256];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/putty.ppk", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs("PuTTY-User-Key-File-3: ssh-rsa\r\nEncryption: none\r\nComment: test\r\n", f);
	fclose(f);
	key_type_is(path, "ssh-rsa");
	unlink(path);
	rmdir(dir);

	struct buf t = BUF_INIT;
	struct jy_err err = JY_ERR_INIT;
	assert_int_equal(hostkey_client_key_type(&t, FIX "no-such-key", &err), JY_ENOTFOUND);
	has(err.msg, "no-such-key does not exist");
	assert_int_equal(hostkey_client_key_type(&t, FIX, &err), JY_EIO);
	buf_release(&t);

	assert_int_equal(hostkey_type_is_rsa("ssh-rsa"), 1);
	assert_int_equal(hostkey_type_is_rsa("ssh-rsa-cert-v01@openssh.com"), 1);
	assert_int_equal(hostkey_type_is_rsa("rsa-sha2-512"), 1);
	assert_int_equal(hostkey_type_is_rsa("ssh-ed25519"), 0);
	assert_int_equal(hostkey_type_is_rsa("ecdsa-sha2-nistp256"), 0);
	assert_int_equal(hostkey_type_is_rsa(""), 0);
	assert_int_equal(hostkey_type_is_rsa(NULL), 0);

	assert_int_equal(hostkey_rsa_refused(&err, "/home/t/.ssh/id_rsa"), JY_EPERM);
	has(err.msg, "SSH key /home/t/.ssh/id_rsa is an RSA key");
	has(err.msg, "libssh2 1.10 cannot sign in with an RSA key against OpenSSH ≥ 8.8: use ed25519 or ECDSA");
	err_set_lang("zh");
	assert_int_equal(hostkey_rsa_refused(&err, NULL), JY_EPERM);
	has(err.msg, "SSH 密钥是 RSA 密钥");
	assert_int_equal(hostkey_rsa_refused(&err, "/k/id_rsa"), JY_EPERM);
	has(err.msg, "SSH 密钥 /k/id_rsa 是 RSA 密钥");
	has(err.msg, "ed25519 或 ECDSA");
	err_set_lang("en");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_type_names),
		cmocka_unit_test(test_fingerprints),
		cmocka_unit_test(test_fingerprint_ssh_keygen),
		cmocka_unit_test(test_known_hosts_line),
		cmocka_unit_test(test_plain_match),
		cmocka_unit_test(test_ports),
		cmocka_unit_test(test_wildcards),
		cmocka_unit_test(test_hashed),
		cmocka_unit_test(test_changed),
		cmocka_unit_test(test_other_type_only),
		cmocka_unit_test(test_revoked),
		cmocka_unit_test(test_cert_authority_ignored),
		cmocka_unit_test(test_junk_lines_skipped),
		cmocka_unit_test(test_unknown),
		cmocka_unit_test(test_pins),
		cmocka_unit_test(test_missing_and_unreadable),
		cmocka_unit_test(test_crlf),
		cmocka_unit_test(test_bad_arguments),
		cmocka_unit_test(test_cert),
		cmocka_unit_test(test_client_key_types),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
