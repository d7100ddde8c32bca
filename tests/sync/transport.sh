#!/bin/sh
# transport: fetch and push through libgit2 against a real sshd on loopback — host keys, client keys, ssh-agent, a refusing hook.
. tests/lib/harness.sh
. tests/lib/sshd.sh

if [ "$(id -u)" -ne 0 ] || [ ! -x /usr/sbin/sshd ] || ! command -v useradd > /dev/null || ! command -v ssh-agent > /dev/null \
	|| ! command -v git > /dev/null; then
	ok "# SKIP needs root, /usr/sbin/sshd, useradd, ssh-agent and git"
	exit 0
fi

B=${B:-build}
ACCT=jytr$UNIQ
AHOME="$T/acct"
CENTRAL="$AHOME/central.git"
AGENT_PID=""
HTTPS_PID=""
DRV="$T/transport-driver"

cleanup() {
	[ -n "$AGENT_PID" ] && kill "$AGENT_PID" 2> /dev/null
	[ -n "$HTTPS_PID" ] && kill "$HTTPS_PID" 2> /dev/null
	sshd_stop
	if id "$ACCT" > /dev/null 2>&1; then
		userdel -r "$ACCT" 2> /dev/null || userdel -r -f "$ACCT" 2> /dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# must NAME CMD…: a step the rest depends on; stop at the first that fails.
must() {
	name=$1
	shift
	if "$@"; then
		ok "$name"
	else
		fail "$name"
		echo "# stopping here: the steps after this one depend on it"
		exit 1
	fi
}

# --- the driver, built from the library under test ----------------------------------------------

must "the transport driver is built (make unit-bins), linked as the program is" cp "$B/tests/transport-driver" "$DRV"

# drv ARGS…: the driver with a bound on its time, so that a loop shows as a failure, not a hang.
drv() { timeout 60 "$DRV" --lang en "$@"; }

# --- a throwaway account holding the central repository ---------------------------------------

chmod 755 "$T"
mkdir -p "$SD" "$HOME/.ssh"
must "create the account" useradd -M -d "$AHOME" -s /bin/sh -p '*' "$ACCT"
mkdir -p "$AHOME/.ssh" && chmod 755 "$AHOME"
as_acct() { (cd "$AHOME" && runuser -u "$ACCT" -- env HOME="$AHOME" "$@"); }

# Client keys: k1 is authorised, k2 is not, krsa is RSA (authorised, to show it is our refusal).
ssh-keygen -q -t ed25519 -N '' -C k1 -f "$T/k1" && ssh-keygen -q -t ed25519 -N '' -C k2 -f "$T/k2" \
	&& ssh-keygen -q -t rsa -b 3072 -N '' -C krsa -f "$T/krsa" \
	&& cat "$T/k1.pub" "$T/krsa.pub" > "$AHOME/.ssh/authorized_keys" \
	&& ok "client keys: two ed25519, one RSA" || fail "client keys"
chown -R "$ACCT" "$AHOME"

# Central: a bare repository with one commit on main, made with git's plumbing, then handed to the account.
seed() {
	git init -q --bare "$CENTRAL" || return 1
	blob=$(printf 'name = 教研\n' | git --git-dir="$CENTRAL" hash-object -w --stdin)
	tree=$(printf '100644 blob %s\tgroup.ini\n' "$blob" | git --git-dir="$CENTRAL" mktree)
	c=$(git --git-dir="$CENTRAL" commit-tree "$tree" -m 初始) && git --git-dir="$CENTRAL" update-ref refs/heads/main "$c" \
		&& git --git-dir="$CENTRAL" symbolic-ref HEAD refs/heads/main && chown -R "$ACCT" "$CENTRAL"
}
must "the central repository" seed
C1=$(head_of "$CENTRAL")

# --- sshd on a free loopback port --------------------------------------------------------------

sshd_port
sshd_start "$ACCT" "$AHOME/.ssh/authorized_keys" "$LISTEN6"
ssh-keygen -q -t ed25519 -N '' -f "$SD/otherkey" # a key the server does not have

HOSTKEY=$(cut -d' ' -f1,2 "$SD/hostkey.pub")
FP=$(ssh-keygen -lf "$SD/hostkey.pub" | awk '{ print $2 }')
OTHERFP=$(ssh-keygen -lf "$SD/otherkey.pub" | awk '{ print $2 }')
KH="$T/known_hosts"
echo "[127.0.0.1]:$PORT $HOSTKEY" > "$KH"
URL="ssh://$ACCT@127.0.0.1:$PORT$CENTRAL"
LOCAL="$T/campus.git"
git init -q --bare "$LOCAL"
R=$CENTRAL

# --- host keys ----------------------------------------------------------------------------------

check "known host: fetch over ssh works" run 0 drv --key "$T/k1" --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main
printf '%s\n' "$OUT" | grep -qx "tip $C1" && [ "$(git --git-dir="$LOCAL" rev-parse refs/remotes/central/main)" = "$C1" ] \
	&& ok "the fetched tip is central's main, in refs/remotes/central/main" || fail "fetched tip: $OUT"
calls=$(printf '%s\n' "$OUT" | sed -n 's/^progress \([0-9]*\) objects \([0-9]*\)$/\1 \2/p')
[ "${calls%% *}" -gt 0 ] && [ "${calls#* }" -eq 3 ] && ok "progress was reported: 3 objects ($calls)" || fail "progress was reported: $OUT"
git --git-dir="$LOCAL" cat-file -e "$C1^{tree}" && ok "the objects arrived" || fail "the objects arrived"

: > "$T/kh-empty"
refuses "unknown host key: refused (EPERM)" 3 "unknown host [127.0.0.1]:$PORT" \
	drv --key "$T/k1" --known-hosts "$T/kh-empty" fetch "$LOCAL" "$URL" refs/remotes/central/other
contains "$ERR" "$FP" && ok "the refusal gives ssh-keygen's SHA256 fingerprint ($FP)" || fail "the refusal gives the fingerprint"
contains "$ERR" "[127.0.0.1]:$PORT $HOSTKEY" && ok "the refusal gives the exact known_hosts line" || fail "the refusal gives the line"
git --git-dir="$LOCAL" rev-parse -q --verify refs/remotes/central/other > /dev/null && fail "nothing fetched after a refusal" \
	|| ok "nothing fetched after a refusal"

echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$SD/otherkey.pub")" > "$T/kh-changed"
refuses "changed host key: refused" 3 "HOST KEY CHANGED" \
	drv --key "$T/k1" --known-hosts "$T/kh-changed" fetch "$LOCAL" "$URL" refs/remotes/central/other
contains "$ERR" "$FP" && ok "the changed-key refusal gives the offered fingerprint" || fail "changed-key fingerprint"

echo "127.0.0.1 $HOSTKEY" > "$T/kh-port22"
refuses "a plain host entry is for port 22 only" 3 "unknown host [127.0.0.1]:$PORT" \
	drv --key "$T/k1" --known-hosts "$T/kh-port22" fetch "$LOCAL" "$URL" refs/remotes/central/other
echo "[127.0.0.1]:$((PORT + 1)) $HOSTKEY" > "$T/kh-otherport"
refuses "an entry for another port does not match" 3 "unknown host [127.0.0.1]:$PORT" \
	drv --key "$T/k1" --known-hosts "$T/kh-otherport" fetch "$LOCAL" "$URL" refs/remotes/central/other
cp "$KH" "$T/kh-hashed" && ssh-keygen -q -H -f "$T/kh-hashed" > /dev/null 2>&1 && ! grep -q 127.0.0.1 "$T/kh-hashed" \
	&& check "a hashed [host]:port entry matches" run 0 drv --key "$T/k1" --known-hosts "$T/kh-hashed" fetch "$LOCAL" "$URL" refs/remotes/central/main \
	|| fail "a hashed [host]:port entry matches"

check "a pinned fingerprint is enough (empty known_hosts)" run 0 \
	drv --key "$T/k1" --known-hosts "$T/kh-empty" --pin "$FP" fetch "$LOCAL" "$URL" refs/remotes/central/main
refuses "a pin that does not match refuses, even with the key in known_hosts" 3 "not among the fingerprints pinned" \
	drv --key "$T/k1" --known-hosts "$KH" --pin "$OTHERFP" fetch "$LOCAL" "$URL" refs/remotes/central/main
contains "$ERR" "$FP" && ok "the pin refusal gives the offered fingerprint" || fail "the pin refusal gives the offered fingerprint"

if [ -n "$LISTEN6" ]; then
	echo "[::1]:$PORT $HOSTKEY" > "$T/kh6"
	check "IPv6: ssh://[::1]:port with its [::1]:port entry" run 0 \
		drv --key "$T/k1" --known-hosts "$T/kh6" fetch "$LOCAL" "ssh://$ACCT@[::1]:$PORT$CENTRAL" refs/remotes/central/v6
	refuses "IPv6: the 127.0.0.1 entry does not vouch for ::1" 3 "unknown host [::1]:$PORT" \
		drv --key "$T/k1" --known-hosts "$KH" fetch "$LOCAL" "ssh://$ACCT@[::1]:$PORT$CENTRAL" refs/remotes/central/v6
else
	ok "# SKIP no IPv6 loopback here"
fi

# libgit2 1.5.1 reads ~/.ssh/known_hosts itself before asking us, and libssh2 1.10 gives up on the whole
# file at a line it cannot parse (a truncated line; @cert-authority and unknown key types it reads fine).
cp "$KH" "$HOME/.ssh/known_hosts"
echo "@cert-authority *.example.org $HOSTKEY" >> "$HOME/.ssh/known_hosts"
check "an @cert-authority line in ~/.ssh/known_hosts is no obstacle" run 0 \
	drv --key "$T/k1" --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main
echo "broken.example.org ssh-ed25519" >> "$HOME/.ssh/known_hosts"
check "a truncated line in ~/.ssh/known_hosts stops libgit2 (ENET)" run 10 \
	drv --key "$T/k1" --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main
contains "$ERR" "libssh2 1.10 cannot parse" && contains "$ERR" "Failed to parse known hosts file" \
	&& ok "the failure says why and what to do" || fail "the failure says why and what to do"
rm -f "$HOME/.ssh/known_hosts"

# --- client keys --------------------------------------------------------------------------------

refuses "an RSA client key is refused before connecting (EINVAL)" 1 "libssh2 1.10 cannot sign in with an RSA key" \
	drv --key "$T/krsa" --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main
contains "$ERR" "ed25519" && ok "the RSA refusal says what to use" || fail "the RSA refusal says what to use"

start=$(date +%s)
refuses "a key the server does not know: refused (ENET)" 10 "the server refused the key $T/k2" \
	drv --key "$T/k2" --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main
[ $(($(date +%s) - start)) -lt 30 ] && ok "the refused key ends in bounded time, no loop" || fail "the refused key took too long"
K2FP=$(ssh-keygen -lf "$T/k2.pub" | awk '{ print $2 }')
n=$(grep -c "Failed publickey for $ACCT .*$K2FP" "$SD/log")
[ "$n" -eq 1 ] && ok "the key was offered exactly once" || fail "the key was offered $n times"

refuses "a user the server does not know: refused" 10 "refused the key" \
	drv --key "$T/k1" --known-hosts "$KH" fetch "$LOCAL" "ssh://nobody$UNIQ@127.0.0.1:$PORT$CENTRAL" refs/remotes/central/main

check "the user can come from ssh_user when the URL has none" run 0 \
	drv --key "$T/k1" --user "$ACCT" --known-hosts "$KH" fetch "$LOCAL" "ssh://127.0.0.1:$PORT$CENTRAL" refs/remotes/central/main

# --- ssh-agent ----------------------------------------------------------------------------------

eval "$(ssh-agent -s)" > /dev/null
AGENT_PID=$SSH_AGENT_PID
ssh-add -q "$T/k2" 2> /dev/null
start=$(date +%s)
refuses "ssh-agent holding only an unknown key: refused" 10 "refused every key of ssh-agent" \
	drv --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main
[ $(($(date +%s) - start)) -lt 30 ] && ok "the agent refusal ends in bounded time" || fail "the agent refusal took too long"
ssh-add -q "$T/k1" 2> /dev/null
check "ssh-agent credentials (no key file): fetch works" run 0 \
	drv --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/agent
[ "$(git --git-dir="$LOCAL" rev-parse refs/remotes/central/agent)" = "$C1" ] && ok "the agent fetch brought central's main" \
	|| fail "the agent fetch brought central's main"

# --- push -----------------------------------------------------------------------------------------

# A commit on top of central's main, made in the campus repository.
mk_commit() { # PARENT TEXT → commit id
	blob=$(printf '%s\n' "$2" | git --git-dir="$LOCAL" hash-object -w --stdin)
	tree=$(printf '100644 blob %s\tgroup.ini\n' "$blob" | git --git-dir="$LOCAL" mktree)
	git --git-dir="$LOCAL" commit-tree "$tree" -p "$1" -m "$2"
}
C2=$(mk_commit "$C1" "name = 甲校")
check "a fast-forward push over ssh (agent)" run 0 drv --known-hosts "$KH" push "$LOCAL" "$URL" "$C2"
[ "$(head_of "$CENTRAL")" = "$C2" ] && ok "central's main moved to the pushed commit" || fail "central's main moved"
[ -z "$(git --git-dir="$LOCAL" for-each-ref refs/jiaoyan)" ] && ok "no private ref is left behind" || fail "a private ref is left"
ssh-add -D -q 2> /dev/null

HOOK="$CENTRAL/hooks/pre-receive"
cat > "$HOOK" << 'EOF'
#!/bin/sh
cat > /dev/null
echo "拒绝：记录 plans/2026-2027-2/s01/530701.ini 不能由 s02 修改" >&2
echo "second line: see the group's rules, clause 3" >&2
exit 1
EOF
chmod 755 "$HOOK" && chown "$ACCT" "$HOOK"
C3=$(mk_commit "$C2" "name = 越权")
refuses "a push the pre-receive hook refuses (EPERM)" 3 "the remote refused the push" \
	drv --key "$T/k1" --known-hosts "$KH" push "$LOCAL" "$URL" "$C3"
contains "$ERR" "拒绝：记录 plans/2026-2027-2/s01/530701.ini 不能由 s02 修改
second line: see the group's rules, clause 3" && ok "the error carries the hook's text verbatim" || fail "the hook's text"
contains "$ERR" "pre-receive hook declined" && ok "the error carries the ref's status" || fail "the ref's status"
contains "$OUT" "rejected 1" && ok "a hook refusal is rejected = 1" || fail "a hook refusal is rejected = 1: $OUT"
contains "$OUT" "remote: 拒绝：记录" && ok "the hook's lines reached remote_text" || fail "the hook's lines reached remote_text"
[ "$(head_of "$CENTRAL")" = "$C2" ] && ok "central's main is unchanged" || fail "central's main is unchanged"
run 3 drv --lang zh --key "$T/k1" --known-hosts "$KH" push "$LOCAL" "$URL" "$C3"
contains "$ERR" "远程仓库拒绝了推送" && contains "$ERR" "拒绝：记录" && ok "the refusal in Chinese" || fail "the refusal in Chinese"
rm -f "$HOOK"

# Another campus pushes first: central moves to a commit this repository does not have.
OTHER="$T/other.git"
git init -q --bare "$OTHER"
drv --key "$T/k1" --known-hosts "$KH" fetch "$OTHER" "$URL" refs/remotes/central/main > /dev/null
ob=$(printf 'name = 乙校\n' | git --git-dir="$OTHER" hash-object -w --stdin)
ot=$(printf '100644 blob %s\tgroup.ini\n' "$ob" | git --git-dir="$OTHER" mktree)
C4=$(git --git-dir="$OTHER" commit-tree "$ot" -p "$C2" -m 乙校)
check "the other campus pushes" run 0 drv --key "$T/k1" --known-hosts "$KH" push "$OTHER" "$URL" "$C4"
C5=$(mk_commit "$C2" "name = 甲校再改")
refuses "a non-fast-forward push is refused" 3 "another campus pushed first" \
	drv --key "$T/k1" --known-hosts "$KH" push "$LOCAL" "$URL" "$C5"
contains "$OUT" "rejected 2" && ok "a non-fast-forward is rejected = 2" || fail "a non-fast-forward is rejected = 2: $OUT"
[ "$(head_of "$CENTRAL")" = "$C4" ] && ok "central keeps the other campus's commit" || fail "central keeps the other campus's commit"

# The race: central's main moves between our look at it and receive-pack's update (a hook stands in
# for the other campus, moving the ref from outside the quarantine).
cat > "$HOOK" << EOF
#!/bin/sh
cat > /dev/null
env -u GIT_QUARANTINE_PATH -u GIT_OBJECT_DIRECTORY -u GIT_ALTERNATE_OBJECT_DIRECTORIES git update-ref refs/heads/main $C2
EOF
chmod 755 "$HOOK" && chown "$ACCT" "$HOOK"
drv --key "$T/k1" --known-hosts "$KH" fetch "$LOCAL" "$URL" refs/remotes/central/main > /dev/null
C6=$(mk_commit "$C4" "name = 甲校合并")
check "the remote's main moved during the push: refused" run 3 drv --key "$T/k1" --known-hosts "$KH" push "$LOCAL" "$URL" "$C6"
contains "$ERR" "moved during the push" && contains "$OUT" "rejected 2" && ok "a ref moved during the push is rejected = 2" \
	|| fail "a moved ref is rejected = 2: $OUT"
[ "$(head_of "$CENTRAL")" = "$C2" ] && ok "central's main is what the other writer set, not ours" || fail "central's main after the race"
rm -f "$HOOK"

grep -q "Accepted publickey for $ACCT" "$SD/log" && ok "sshd accepted the key" || fail "sshd accepted the key"

# --- https: the TLS library's verdict stands (our certificate_check passes X.509 through) -------

if command -v openssl > /dev/null; then
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$T/tls.key" -out "$T/tls.crt" \
		-days 1 -subj /CN=127.0.0.1 2> /dev/null
	HPORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	python3 -c "
import http.server, ssl
srv = http.server.HTTPServer(('127.0.0.1', $HPORT), http.server.SimpleHTTPRequestHandler)
ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
ctx.load_cert_chain('$T/tls.crt', '$T/tls.key')
srv.socket = ctx.wrap_socket(srv.socket, server_side=True)
srv.serve_forever()" 2> /dev/null &
	HTTPS_PID=$!
	i=0
	while ! python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $HPORT)))" 2> /dev/null && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	refuses "https with a self-signed certificate is refused (ENET)" 10 "certificate" \
		drv fetch "$LOCAL" "https://127.0.0.1:$HPORT/central.git" refs/remotes/central/tls
	kill "$HTTPS_PID" 2> /dev/null
else
	ok "# SKIP no openssl to make a certificate"
fi
