/* hostkey: checks an SSH server's host key against known_hosts and pinned fingerprints, and tells RSA client keys. */
#ifndef JIAOYAN_HOSTKEY_H
#define JIAOYAN_HOSTKEY_H

#include <stddef.h>

#include <git2.h>

#include "jiaoyan/buf.h"
#include "jiaoyan/err.h"
#include "jiaoyan/vec.h"

/*
 * Why this module exists: libgit2 1.5.1 checks host keys itself only against
 * ~/.ssh/known_hosts (and gets it wrong), so sync passes every connection
 * through libgit2's certificate_check callback and decides here. The callback
 * is given the host but not the port; the caller knows the port from the
 * remote URL (url_parse) and passes it on. A key is never trusted because it
 * is new: an unknown host is refused with the line to add, and a person adds
 * it after checking the fingerprint with the server's administrator.
 *
 * known_hosts is read as OpenSSH reads it (sshd(8), SSH_KNOWN_HOSTS FILE
 * FORMAT): one key per line, `[marker] hostnames keytype base64-key [comment]`;
 * '#' comments, blank lines, leading blanks and CRLF line ends are ignored.
 *  - hostnames: comma-separated patterns matched case-insensitively, '*' and
 *    '?' wildcards, '!pattern' excludes a host the other patterns match;
 *    a host on port 22 is looked up as `host`, on another port as
 *    `[host]:port` (so a plain `host` entry is for port 22 only, and a
 *    wildcard needs brackets to match another port: `[*.example.org]:2222`);
 *  - hashed hostnames `|1|base64(salt)|base64(HMAC-SHA1(salt, name))`, as
 *    written by `ssh-keygen -H` and HashKnownHosts, with the same lookup name;
 *  - `@cert-authority` lines are ignored (we do not do host certificates), so
 *    a host named only there stays unknown;
 *  - `@revoked` lines refuse their key for EVERY host, whatever the pattern:
 *    a revoked key is one whose private half may be in someone else's hands;
 *  - lines that do not parse (bad base64, a key whose embedded type differs
 *    from the type field, old SSH-1 entries, unknown markers) are skipped, as
 *    OpenSSH does.
 */

/*
 * OpenSSH's type name for libgit2's git_cert_ssh_raw_type_t: "ssh-rsa",
 * "ssh-dss", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
 * "ecdsa-sha2-nistp521", "ssh-ed25519"; NULL for GIT_CERT_SSH_RAW_TYPE_UNKNOWN
 * or anything else. libgit2 1.5.1's header has all seven constants (UNKNOWN,
 * RSA, DSS, KEY_ECDSA_256/384/521, KEY_ED25519), but 1.5.1 itself reports an
 * ECDSA P-521 host key as UNKNOWN (its switch tests a libssh2 known-host
 * constant instead of LIBSSH2_HOSTKEY_TYPE_ECDSA_521): the key blob's own
 * type (hostkey_blob_type) is what counts.
 */
const char *hostkey_type_name(int raw_type);

/* The type name a key blob (SSH wire format: string type, then the key)
 * carries, e.g. "ssh-ed25519", set into *type. Works on host keys and on
 * ssh-agent identity blobs alike. JY_EINVAL when the blob is too short or the
 * name is not printable ASCII. */
int hostkey_blob_type(struct buf *type, const void *blob, size_t len, struct jy_err *err);

/* Appends the OpenSSH SHA-256 fingerprint of a key blob to out:
 * "SHA256:" + unpadded base64 of SHA-256(blob), as `ssh-keygen -lf` prints. */
void hostkey_fingerprint(struct buf *out, const void *blob, size_t len);

/* Appends the known_hosts line for host:port and the key, without a newline:
 * `host type base64` on port 22, `[host]:port type base64` otherwise (host
 * lower-cased, IPv6 brackets of the input dropped first). */
void hostkey_known_hosts_line(struct buf *out, const char *host, int port, const char *type, const void *blob,
			      size_t len);

/* 0 when pin is an OpenSSH SHA-256 fingerprint: "SHA256:" followed by 43
 * base64 characters (one trailing '=' tolerated); JY_EINVAL naming it
 * otherwise. hostkey_check refuses a pin list holding a malformed pin, so a
 * typo in the configuration is reported rather than ignored. */
int hostkey_pin_valid(const char *pin, struct jy_err *err);

/*
 * Decides whether the key (blob, len) offered by host on port may be trusted.
 *  - known_hosts: path of the file (the caller expands '~'); NULL or a file
 *    that does not exist means no entries, so every host is unknown (an
 *    existing file we cannot read is JY_EIO);
 *  - pins: NULL or a vector of char * "SHA256:…" fingerprints from the
 *    configuration; when it is non-empty the offered key's fingerprint MUST
 *    be in it, and being in it is enough — the pin is as explicit a statement
 *    of trust as a known_hosts line, so known_hosts is then consulted only for
 *    @revoked;
 *  - host: as libgit2 passes it (an IPv6 address with or without brackets),
 *    not empty; port: 1–65535;
 *  - type: the key type name, or NULL to take it from the blob; when given it
 *    must equal the blob's own type (JY_EINVAL otherwise).
 * Returns 0 when a line for host[:port] holds exactly this key (or a pin
 * matches). Otherwise err gets a message with the offered key's type and
 * SHA-256 fingerprint, and:
 *  - JY_EPERM, "revoked", when an @revoked line holds this key;
 *  - JY_EPERM, "HOST KEY CHANGED", when host[:port] is listed with another key
 *    of the same type (names file and line) or only with keys of other types
 *    (names those types and gives the line to add once the key is confirmed);
 *  - JY_EPERM when pins are set and none matches;
 *  - JY_ENOTFOUND, unknown host, when no line names host[:port]: the message
 *    gives the exact line (hostkey_known_hosts_line) and the file to add it to;
 *  - JY_EINVAL for a bad argument or pin, JY_EIO for an unreadable file.
 * Messages longer than JY_ERR_MSG_MAX (an RSA key of 8192 bits) are cut; the
 * caller can always rebuild the line with hostkey_known_hosts_line.
 */
int hostkey_check(const char *known_hosts, const struct vec *pins, const char *host, int port, const char *type,
		  const void *blob, size_t len, struct jy_err *err);

/*
 * hostkey_check for what libgit2's certificate_check callback receives:
 * cert must be a GIT_CERT_HOSTKEY_LIBSSH2 carrying GIT_CERT_SSH_RAW (libgit2
 * 1.5.1 always sets it for SSH); anything else — an https X.509 certificate,
 * or a host key without its raw bytes — is JY_EINVAL, since only the raw key
 * can be compared with known_hosts. The callback returns 0 to go on and a
 * negative value to refuse; keep err to show why.
 */
int hostkey_check_cert(const git_cert *cert, const char *known_hosts, const struct vec *pins, const char *host,
		       int port, struct jy_err *err);

/*
 * Client keys: libssh2 1.10 signs in with an RSA key only through the SHA-1
 * "ssh-rsa" signature, which OpenSSH 8.8 and later refuse by default, so an
 * RSA key fails to sign in with a bare "authentication failed". The caller
 * asks hostkey_client_key_type before connecting (or after a failure) and,
 * for RSA, shows hostkey_rsa_refused's message.
 *
 * hostkey_client_key_type sets *type to the OpenSSH type name of the key in
 * the file at path, "" when it cannot tell. What it can tell, from the
 * private key file itself, encrypted or not:
 *  - "BEGIN OPENSSH PRIVATE KEY" (ssh-keygen's default): the type of the
 *    public key stored in clear in the openssh-key-v1 blob, passphrase or not;
 *  - "BEGIN RSA PRIVATE KEY" / "BEGIN DSA PRIVATE KEY" (legacy PEM, also when
 *    encrypted): "ssh-rsa" / "ssh-dss";
 *  - "BEGIN EC PRIVATE KEY" and unencrypted PKCS#8 "BEGIN PRIVATE KEY": the
 *    algorithm (and curve) from the key's DER; an encrypted EC PEM key gives
 *    "ecdsa" when its curve cannot be read;
 *  - a PuTTY "PuTTY-User-Key-File-N: type" key (libssh2 cannot use it; the
 *    type is still worth saying).
 * What it cannot tell from the private key: encrypted PKCS#8 ("BEGIN
 * ENCRYPTED PRIVATE KEY") and unknown formats; then the first field of
 * path + ".pub", if that file exists, is used (it is trusted to belong to the
 * key, which ssh-keygen guarantees and a hand-copied file may not). A path
 * ending in ".pub" is read as a public key. Keys held only by ssh-agent have
 * no file: check their identity blobs with hostkey_blob_type instead. Whether
 * the server accepts "ssh-rsa" anyway (OpenSSH before 8.8, or a server that
 * re-enabled it) cannot be known before connecting.
 * Errors: JY_ENOTFOUND when path does not exist, JY_EIO when it cannot be
 * read; a file that is not a key is not an error (type "").
 */
int hostkey_client_key_type(struct buf *type, const char *path, struct jy_err *err);

/* 1 for the RSA type names ("ssh-rsa" and its "ssh-rsa-cert-…" certificate
 * form, and the rsa-sha2-* signature names), 0 for anything else. */
int hostkey_type_is_rsa(const char *type);

/* Sets err to "libssh2 1.10 cannot sign in with an RSA key against OpenSSH ≥
 * 8.8: use ed25519 or ECDSA" naming key_path (may be NULL), with how to make
 * a new key; returns JY_EPERM. */
int hostkey_rsa_refused(struct jy_err *err, const char *key_path);

#endif
