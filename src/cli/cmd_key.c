/* cmd_key: `jiaoyan key` — a person's key pair for sealed papers, and the passphrase prompt every sealing command shares. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "jiaoyan/cli.h"
#include "jiaoyan/keyring.h"
#include "jiaoyan/records.h"
#include "jiaoyan/seal.h"

/* Reads a line from the terminal with echo off; fd is the terminal. */
static int tty_line(char **out, int fd, const char *prompt, struct jy_err *err)
{
	struct termios old, quiet;
	int restore = tcgetattr(fd, &old) == 0;
	if (write(fd, prompt, strlen(prompt)) < 0)
		return err_set(err, JY_EIO, "%s", L("无法在终端上提示输入口令", "cannot prompt for the passphrase on the terminal"));
	if (restore) {
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		quiet.c_lflag |= ECHONL;
		tcsetattr(fd, TCSAFLUSH, &quiet);
	}
	int rc = keyring_passphrase_fd(out, fd, err);
	if (restore)
		tcsetattr(fd, TCSAFLUSH, &old);
	return rc;
}

int cli_passphrase(char **out, struct cli *c, const struct cli_args *a, int confirm)
{
	const char *fd_opt = a ? cli_opt(a, "--passphrase-fd") : NULL;
	const char *file = getenv("JIAOYAN_PASSPHRASE_FILE");
	int rc;
	if (fd_opt) {
		char *end;
		long fd = strcmp(fd_opt, "-") == 0 ? 0 : strtol(fd_opt, &end, 10);
		if (strcmp(fd_opt, "-") != 0 && (*end || end == fd_opt || fd < 0 || fd > 1024))
			return cli_usage_error(c, "key", L("--passphrase-fd 须为文件描述符的编号，或 -（标准输入）", "--passphrase-fd takes a descriptor number, or - (standard input)"));
		return keyring_passphrase_fd(out, (int)fd, &c->err);
	}
	if (file && *file) {
		/* A file of the server is not the served person's: over SSH only the terminal or standard input. */
		if (c->serve_person)
			return err_set(&c->err, JY_EPERM, "%s",
				       L("远程登录时不能使用 JIAOYAN_PASSPHRASE_FILE：在终端输入口令，或用 --passphrase-fd -（标准输入）",
					 "JIAOYAN_PASSPHRASE_FILE is not used over SSH: type the passphrase, or give --passphrase-fd - (standard input)"));
		return keyring_passphrase_file(out, file, &c->err);
	}
	if (!isatty(0)) {
		rc = err_set(&c->err, JY_EINVAL, "%s",
			     L("需要口令：在终端上输入，或用 --passphrase-fd N、环境变量 JIAOYAN_PASSPHRASE_FILE（不要写在命令行上）",
			       "a passphrase is needed: type it at a terminal, or give --passphrase-fd N or JIAOYAN_PASSPHRASE_FILE (never on the command line)"));
		return rc;
	}
	int tty = open("/dev/tty", O_RDWR | O_CLOEXEC);
	int fd = tty >= 0 ? tty : 0;
	rc = tty_line(out, fd, L("口令：", "passphrase: "), &c->err);
	if (rc == 0 && confirm) {
		char *again = NULL;
		if ((rc = tty_line(&again, fd, L("再输入一次：", "again: "), &c->err)) == 0 && strcmp(again, *out) != 0)
			rc = err_set(&c->err, JY_EINVAL, "%s", L("两次输入的口令不同", "the two passphrases differ"));
		keyring_passphrase_free(again);
		if (rc) {
			keyring_passphrase_free(*out);
			*out = NULL;
		}
	}
	if (tty >= 0)
		close(tty);
	return rc;
}

int cli_open_key(struct keyring_key **out, struct cli *c, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	char *pass = NULL;
	int rc;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)))
		return rc;
	if (!actor->id)
		return actor_can_write(actor, &c->err);
	if (!keyring_has(actor->id)) {
		struct buf path = BUF_INIT;
		keyring_path(&path, actor->id);
		err_set(&c->err, JY_ENOTFOUND, L("本机没有 %s 的密钥文件（%s）", "there is no key file of %s on this machine (%s)"), actor->id,
			path.ptr);
		buf_release(&path);
		return err_hint(&c->err, "key-gen", actor->id);
	}
	if ((rc = cli_passphrase(&pass, c, a, 0)))
		return rc;
	rc = keyring_open(out, s, actor->id, pass, &c->err);
	keyring_passphrase_free(pass);
	return rc;
}

int cmd_key_gen(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	struct buf pub = BUF_INIT, fp = BUF_INIT, path = BUF_INIT;
	char *pass = NULL;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)) || (rc = actor_can_write(actor, &c->err)))
		goto cleanup;
	if (!cli_flag(a, "--replace") && keyring_has(actor->id)) {
		keyring_path(&path, actor->id);
		rc = err_set(&c->err, JY_EEXISTS,
			     L("%s 已有密钥（%s）：新密钥打不开按旧密钥密封的试卷，确需更换时加 --replace，再请命题组重新密封",
			       "%s has a key already (%s): a new key cannot open papers sealed to the old one; add --replace if you must, then have the committee re-seal"),
			     actor->id, path.ptr);
		goto cleanup;
	}
	if ((rc = cli_passphrase(&pass, c, a, 1)))
		goto cleanup;
	if (strlen(pass) < SEAL_PASSPHRASE_MIN) {
		rc = err_set(&c->err, JY_EINVAL, L("口令至少 %d 个字节", "the passphrase needs at least %d bytes"), SEAL_PASSPHRASE_MIN);
		goto cleanup;
	}
	if ((rc = keyring_generate(&pub, s, actor, pass, cli_flag(a, "--replace"), &c->err)))
		goto cleanup;
	keyring_fingerprint(&fp, pub.ptr);
	keyring_path(&path, actor->id);
	printf(L("已生成密钥：公钥已写入名册（指纹 %s），私钥加密保存在 %s\n", "key made: the public key is in the roster (fingerprint %s), the secret key encrypted in %s\n"),
	       fp.ptr, path.ptr);
cleanup:
	keyring_passphrase_free(pass);
	buf_release(&pub);
	buf_release(&fp);
	buf_release(&path);
	return rc;
}

int cmd_key_show(struct cli *c, const struct cli_cmd *cmd, const struct cli_args *a)
{
	struct store *s;
	struct actor *actor;
	struct buf pub = BUF_INIT, fp = BUF_INIT, path = BUF_INIT, id = BUF_INIT;
	int rc;
	(void)cmd;
	if ((rc = cli_store(c, &s)) || (rc = cli_actor(c, &actor)))
		goto cleanup;
	if (cli_operand(a, 0)) {
		if ((rc = records_ref(&id, s, "person", cli_operand(a, 0), &c->err)))
			goto cleanup;
	} else if (actor->id) {
		buf_puts(&id, actor->id);
	} else {
		rc = actor_can_write(actor, &c->err);
		goto cleanup;
	}
	if ((rc = keyring_public(&pub, s, id.ptr, &c->err)))
		goto cleanup;
	keyring_fingerprint(&fp, pub.ptr);
	keyring_path(&path, id.ptr);
	printf(L("%s 的公钥指纹：%s\n", "%s's public key fingerprint: %s\n"), id.ptr, fp.ptr);
	printf(L("本机的私钥文件：%s\n", "secret key file here: %s\n"), keyring_has(id.ptr) ? path.ptr : L("（没有）", "(none)"));
cleanup:
	buf_release(&pub);
	buf_release(&fp);
	buf_release(&path);
	buf_release(&id);
	return rc;
}
