#!/bin/sh
# serve: the SSH app as schools run it — a real sshd on loopback, a service account, keys from `jiaoyan keys add`.
. tests/lib/harness.sh
. tests/lib/sshd.sh

# The suite needs root (a throwaway Unix user, sshd on a port); elsewhere it says so and stops.
if [ "$(id -u)" -ne 0 ] || [ ! -x /usr/sbin/sshd ] || ! command -v useradd > /dev/null || ! command -v tmux > /dev/null; then
	ok "# SKIP needs root, /usr/sbin/sshd, useradd and tmux"
	exit 0
fi

SVC=jysvc$UNIQ
SVCHOME="$T/svc"
REPO="$SVCHOME/data.git"
TMUXSOCK="$T/tmux.sock"
P1=kemingyuan # lead at gz01; the TUI user
P2=xiruolan   # teacher at s03; the CLI user

cleanup() {
	tmux -S "$TMUXSOCK" kill-server 2> /dev/null
	sshd_stop
	if id "$SVC" > /dev/null 2>&1; then
		userdel -r "$SVC" 2> /dev/null || userdel -r -f "$SVC" 2> /dev/null
	fi
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# must NAME CMD…: a step every later one depends on. When it fails, one "not ok" with the reason
# (the first line of its stderr when it ran through `run`), and stop: a missing authorized_keys
# would otherwise fail every login after it, one by one, with no reason given.
must() {
	name=$1
	shift
	ERR=""
	if "$@"; then
		ok "$name"
		return
	fi
	reason=$(printf '%s\n' "$ERR" | sed -n '/./{p;q}')
	fail "$name${reason:+ ($reason)}"
	echo "# stopping here: the steps after this one depend on it"
	exit 1
}

# Everything the service account reads lives under $T, which mktemp made private.
chmod 755 "$T"
mkdir -p "$SD" "$HOME"

# The service account runs the program, so it needs a copy it can reach: the checkout may sit in a
# directory it cannot enter (a clone in /root is mode 0700). Install it into a prefix under $T.
PREFIX="$T/prefix"
mkdir -p "$PREFIX/bin" && chmod 755 "$PREFIX" "$PREFIX/bin" && install -m 755 "$JY" "$PREFIX/bin/jiaoyan"
JY="$PREFIX/bin/jiaoyan"

# --- the service account and its repository ------------------------------------------------

must "create the service account" useradd -M -d "$SVCHOME" -s /bin/sh -p '*' "$SVC"
mkdir -p "$SVCHOME" && chown "$SVC" "$SVCHOME" && chmod 755 "$SVCHOME"
# From its own home: the caller's working directory (the checkout) may be closed to it.
as_svc() { (cd "$SVCHOME" && runuser -u "$SVC" -- env HOME="$SVCHOME" XDG_CONFIG_HOME="$SVCHOME/.config" \
	XDG_DATA_HOME="$SVCHOME/.local/share" XDG_STATE_HOME="$SVCHOME/.local/state" "$@"); }
must "the service account can run $JY" run 0 as_svc "$JY" --version
must "the service account creates the demo repository" run 0 as_svc "$JY" init --demo "$REPO"

# Two people's ed25519 keys (the client side runs as root with its own known_hosts).
ssh-keygen -q -t ed25519 -N '' -C "$P1@laptop" -f "$T/k1" && ssh-keygen -q -t ed25519 -N '' -C "$P2@phone" -f "$T/k2" \
	&& chmod 644 "$T/k1.pub" "$T/k2.pub" && ok "two people's ed25519 keys" || fail "two people's ed25519 keys"
must "keys add for the first person" run 0 as_svc "$JY" -C "$REPO" keys add $P1 "$T/k1.pub"
must "keys add for the second person" run 0 as_svc "$JY" -C "$REPO" keys add $P2 "$T/k2.pub"
AK="$SVCHOME/.ssh/authorized_keys"
[ "$(stat -c %a "$SVCHOME/.ssh")" = 700 ] && [ "$(stat -c %a "$AK")" = 600 ] && [ "$(stat -c %U "$AK")" = "$SVC" ] \
	&& ok "~/.ssh is 0700 and authorized_keys 0600, owned by the service account" || fail "~/.ssh and authorized_keys modes"
grep -q "^command=\"[^\"]* -C $REPO serve $P1\",restrict,pty ssh-ed25519 " "$AK" && ok "the key line forces serve $P1" \
	|| { fail "the key line forces serve $P1"; sed 's/^/# /' "$AK"; }
refuses "keys add refuses the same key twice" 1 "已经登记在" as_svc "$JY" -C "$REPO" keys add $P2 "$T/k1.pub"
refuses "keys add refuses an unknown person" 1 "没有人员「nobody」" as_svc "$JY" -C "$REPO" keys add nobody "$T/k2.pub"
# (A copy the service account can read: the point is what is in the file, not its mode.)
cp "$T/k1" "$T/k1.readable" && chmod 644 "$T/k1.readable"
refuses "keys add refuses a private key" 1 "是私钥" as_svc "$JY" -C "$REPO" keys add $P2 "$T/k1.readable"
check "keys list" run 0 as_svc "$JY" -C "$REPO" keys list --format tsv
fp1=$(ssh-keygen -lf "$T/k1.pub" | awk '{ print $2 }')
printf '%s\n' "$OUT" | grep -q "^$P1	ssh-ed25519	$fp1	$P1@laptop$" && ok "keys list shows person, type, ssh-keygen's fingerprint, comment" \
	|| fail "keys list shows person, type, fingerprint, comment: $OUT"

# --- sshd on a free loopback port ------------------------------------------------------------

sshd_port
sshd_start "$SVC" "$AK" "PrintLastLog no
SetEnv LC_ALL=C.UTF-8 TZ=UTC JIAOYAN_NOW=$JIAOYAN_NOW JIAOYAN_SYSCONFIG=$T/none.ini"
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$SD/hostkey.pub")" > "$T/known_hosts"

SSHOPTS="-F /dev/null -p $PORT -o IdentitiesOnly=yes -o BatchMode=yes -o ConnectTimeout=10 \
	-o UserKnownHostsFile=$T/known_hosts -o StrictHostKeyChecking=yes -o LogLevel=ERROR"
# jssh KEY ARGS…: ssh as the service account with one person's key, bounded in time.
jssh() { key=$1; shift; timeout 30 ssh $SSHOPTS -i "$key" "$SVC@127.0.0.1" "$@"; }

# --- the CLI path --------------------------------------------------------------------------

check "ssh … jiaoyan obs stats runs the CLI" run 0 jssh "$T/k2" jiaoyan obs stats
contains "$OUT" "听课统计" && ok "obs stats output arrives over ssh" || fail "obs stats output arrives over ssh"
# The same person's view (what a person may see is theirs over ssh and at the server alike).
as_svc "$JY" -C "$REPO" --user $P2 obs stats > "$T/local-stats"
[ "$OUT" = "$(cat "$T/local-stats")" ] && ok "the same numbers as on the server" || fail "the same numbers as on the server"
check "ssh … jiaoyan search runs under serve" run 0 jssh "$T/k2" jiaoyan search 教学 --format tsv
printf '%s\n' "$OUT" > "$T/search-ssh"
as_svc "$JY" -C "$REPO" --user $P2 search 教学 --format tsv > "$T/search-local"
as_svc "$JY" -C "$REPO" search 教学 --format tsv > "$T/search-all"
cmp -s "$T/search-ssh" "$T/search-local" && [ "$(wc -l < "$T/search-ssh")" -gt 1 ] \
	&& [ "$(wc -l < "$T/search-ssh")" -lt "$(wc -l < "$T/search-all")" ] \
	&& ok "search over ssh finds what $P2 may see, less than everything" || fail "search over ssh is $P2's"

check "the second key is the second person" run 0 jssh "$T/k2" jiaoyan obs inbox --format tsv
printf '%s\n' "$OUT" > "$T/inbox-ssh"
as_svc "$JY" -C "$REPO" obs inbox --person $P2 --format tsv > "$T/inbox-local"
cmp -s "$T/inbox-ssh" "$T/inbox-local" && [ "$(wc -l < "$T/inbox-ssh")" -gt 1 ] \
	&& ok "obs inbox over ssh is $P2's" || fail "obs inbox over ssh is $P2's"
oid=$(awk -F'\t' 'NR == 2 { print $1 }' "$T/inbox-ssh")
h=$(head_of "$REPO")
refuses "the first person cannot reply for the second" 1 "只有被听课的授课教师" jssh "$T/k1" jiaoyan obs reply "$oid" 冒名回复
[ "$(head_of "$REPO")" = "$h" ] && ok "refused reply leaves HEAD" || fail "refused reply leaves HEAD"
check "the second person replies over ssh (quoted words)" run 0 jssh "$T/k2" "jiaoyan obs reply $oid '谢谢，收到 \"建议\"'"
[ "$(as_svc "$JY" -C "$REPO" get "$oid" response.text)" = '谢谢，收到 "建议"' ] && ok "the quoted reply arrives as one word" \
	|| fail "the quoted reply arrives as one word"
p2name=$(as_svc "$JY" -C "$REPO" get person/$P2 name)
[ "$(git --git-dir="$REPO" log -1 --format=%an refs/heads/main)" = "$p2name" ] && ok "the reply is authored by $P2 ($p2name)" \
	|| fail "the reply is authored by $P2"

# --- refusals ------------------------------------------------------------------------------

h=$(head_of "$REPO")
R=$REPO
check "ssh … bash is refused" run 1 jssh "$T/k1" bash
contains "$ERR" "不允许" && ok "the refusal explains itself" || fail "the refusal explains itself: $ERR"
refuses "ssh … bash -c id is refused" 1 "不允许的命令" jssh "$T/k1" bash -c id
check "a --user smuggled into the command is refused" run 1 jssh "$T/k1" jiaoyan --user $P2 obs reply "$oid" 冒名
contains "$ERR" "--user" && ok "the refusal names --user" || fail "the refusal names --user"
refuses "--user= after the command is not an option of the command" 2 "没有选项「--user」" jssh "$T/k1" jiaoyan obs reply "$oid" x --user=$P2
refuses "-C to another repository is refused" 1 "远程登录时不能使用 -C" jssh "$T/k1" jiaoyan -C /tmp obs stats
refuses "a shell command list is refused" 1 "未加引号的「;」" jssh "$T/k1" "jiaoyan obs stats; id"
refuses "keys cannot be managed over ssh" 1 "远程登录时不能执行 jiaoyan keys list" jssh "$T/k1" jiaoyan keys list
refuses "init is refused over ssh" 1 "远程登录时不能执行 jiaoyan init" jssh "$T/k1" jiaoyan init /tmp/x
refuses "migrate is for admins over ssh too" 1 "只有管理员可以迁移目录布局" jssh "$T/k1" jiaoyan migrate
refuses "--file of a server path is refused" 1 "远程登录时 --file 只能是 -" jssh "$T/k1" jiaoyan add person --file /etc/passwd
refuses "plan export to a server path is refused" 1 "远程登录时 FILE 只能是 -" jssh "$T/k1" jiaoyan plan export 2026-2027-2/s01/530701 .ssh/authorized_keys
refuses "plan import of a server path is refused" 1 "远程登录时 FILE 只能是 -" jssh "$T/k1" jiaoyan plan import 2026-2027-2/s01/530701 /etc/passwd
[ "$(grep -c ' serve ' "$AK")" = 2 ] && ok "authorized_keys still holds both keys, untouched" || fail "authorized_keys changed: $(cat "$AK")"
check "plan export ID - arrives on the laptop" run 0 jssh "$T/k1" jiaoyan plan export 2026-2027-2/s01/530701 -
contains "$OUT" "课程名称,课程类别,总学时" && ok "the export is on standard output" || fail "export over ssh"
refuses "scp/sftp are refused" 1 "不允许的命令" jssh "$T/k1" scp -t /tmp
[ "$(head_of "$REPO")" = "$h" ] && ok "refusals leave HEAD unchanged" || fail "refusals leave HEAD unchanged"
# With restrict the server refuses the forward at once (255); were it allowed, -N would idle until timeout (124).
check "port forwarding is refused (restrict)" run 255 timeout 20 ssh $SSHOPTS -i "$T/k1" -N -o ExitOnForwardFailure=yes \
	-R 127.0.0.1:0:127.0.0.1:$PORT "$SVC@127.0.0.1"
check "without a terminal the interface explains" run 2 timeout 30 ssh $SSHOPTS -T -i "$T/k1" "$SVC@127.0.0.1" < /dev/null
contains "$ERR" "ssh -t" && ok "the message says ssh -t" || fail "the message says ssh -t: $ERR"

# --- git sync through the forced command ------------------------------------------------------

GITSSH="ssh $SSHOPTS -i $T/k1"
check "git clone of the data repository" run 0 env GIT_SSH_COMMAND="$GITSSH" timeout 60 git clone -q --bare "ssh://$SVC@127.0.0.1:$PORT$REPO" "$T/clone.git"
[ "$(git --git-dir="$T/clone.git" rev-parse refs/heads/main)" = "$(head_of "$REPO")" ] && ok "the clone has the server's head" || fail "the clone has the server's head"
check "git of any other path is refused" run 128 env GIT_SSH_COMMAND="$GITSSH" timeout 60 git ls-remote "ssh://$SVC@127.0.0.1:$PORT/etc"
contains "$ERR" "只提供数据仓库" && ok "the git refusal names the repository" || fail "the git refusal names the repository: $ERR"
# A stand-in pre-receive hook records who the forced command says is pushing.
hook="$REPO/hooks/pre-receive"
saved=""
[ -e "$hook" ] && { mv "$hook" "$T/pre-receive.saved"; saved=1; }
printf '#!/bin/sh\necho "$JIAOYAN_PUSHER" > "%s"\ncat > /dev/null\n' "$SVCHOME/pusher" > "$hook"
chmod 755 "$hook"
git --git-dir="$T/clone.git" -c user.name=x -c user.email=x@x update-ref refs/heads/probe refs/heads/main
check "git push through the forced command" run 0 env GIT_SSH_COMMAND="$GITSSH" timeout 60 git --git-dir="$T/clone.git" push -q "ssh://$SVC@127.0.0.1:$PORT$REPO" refs/heads/probe
[ "$(cat "$SVCHOME/pusher" 2> /dev/null)" = $P1 ] && ok "the pre-receive hook learns JIAOYAN_PUSHER=$P1" || fail "the pre-receive hook learns JIAOYAN_PUSHER"
rm -f "$hook"
[ -n "$saved" ] && mv "$T/pre-receive.saved" "$hook"
git --git-dir="$REPO" update-ref -d refs/heads/probe

# --- the interface, in tmux, as each person ---------------------------------------------------

# tui_start NAME KEY: ssh -t inside a detached tmux session of 100x30.
tui_start() {
	tmux -S "$TMUXSOCK" new-session -d -s "$1" -x 100 -y 30 \
		"ssh -t $SSHOPTS -i '$2' '$SVC@127.0.0.1'; echo SSH-EXITED; sleep 30"
}
screen() { tmux -S "$TMUXSOCK" capture-pane -p -t "$1"; }
# wait_for NAME TEXT: up to 15 s for TEXT on the screen.
wait_for() {
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# waited for '$2'; the screen:" >&2
	screen "$1" | sed 's/^/# | /' >&2
	return 1
}
keys() { tmux -S "$TMUXSOCK" send-keys -t "$@"; }
# wait_status NAME TEXT: up to 15 s for TEXT on the status line (the second line from the bottom).
wait_status() {
	i=0
	while [ $i -lt 150 ]; do
		screen "$1" | tail -2 | head -1 | grep -qF -- "$2" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	echo "# waited for '$2' on the status line; the screen:" >&2
	screen "$1" | sed 's/^/# | /' >&2
	return 1
}

p1name=$(as_svc "$JY" -C "$REPO" get person/$P1 name)
tui_start one "$T/k1"
check "ssh -t with the first key lands in the interface as $P1 ($p1name)" wait_status one "$p1name（$P1）"
check "the interface shows the tabs" wait_for one "听课记录"

tui_start two "$T/k2"
check "ssh -t with the second key lands as $P2 ($p2name)" wait_status two "$p2name（$P2）"
keys two q
check "q leaves the interface and the connection" wait_for two SSH-EXITED

# Log an observation through the form: 3 = 听课记录, a = add; the form starts on kind.
before=$(as_svc "$JY" -C "$REPO" list observation --format tsv | wc -l)
keys one 3
check "the observation tab opens" wait_for one "课程"
keys one a
check "the new-observation form opens" wait_for one "Ctrl-S 保存"
# Fields in form order: kind, announced, date, period, school, teacher (a filtered picker), course,
# class, room, students, late, then one score per indicator of the rubric.
FORM_TEACHER=qizhenyu
FORM_COURSE=物联网嵌入式技术
keys one Tab Tab Tab Tab Tab
keys one -l "$FORM_TEACHER"
check "the teacher picker filters the roster" wait_for one "（$FORM_TEACHER）"
keys one Enter
keys one Tab
keys one -l "$FORM_COURSE"
keys one Tab Tab Tab Tab Tab
keys one -l 13
keys one Tab
keys one -l 18
check "the total is computed live" wait_for one "31 分"
# A scored observation is complete only with every indicator: method, organisation, ideology, effect.
for sc in 17 13 9 18; do
	keys one Tab
	keys one -l $sc
done
check "every indicator scored" wait_for one "88 分"
keys one F2
i=0
while [ "$(as_svc "$JY" -C "$REPO" list observation --format tsv | wc -l)" -le "$before" ] && [ $i -lt 100 ]; do
	sleep 0.1
	i=$((i + 1))
done
[ "$(as_svc "$JY" -C "$REPO" list observation --format tsv | wc -l)" -eq $((before + 1)) ] && ok "F2 saved one observation" \
	|| { fail "F2 saved one observation"; screen one | sed 's/^/# | /'; }
[ "$(git --git-dir="$REPO" log -1 --format=%an refs/heads/main)" = "$p1name" ] && ok "the observation is authored by $P1 ($p1name)" \
	|| fail "the observation is authored by $P1: $(git --git-dir="$REPO" log -1 --format=%an refs/heads/main)"
new=$(as_svc "$JY" -C "$REPO" list observation --where observer=$P1 --where teacher=$FORM_TEACHER --where date=2026-11-22 --format tsv \
	| awk -F'\t' -v c="$FORM_COURSE" 'NR > 1 && $6 == c && $7 == 88 { print $1 }')
[ -n "$new" ] && ok "the saved observation has observer $P1, the teacher, course and total typed" \
	|| fail "the saved observation has observer $P1, the teacher, course and total typed"
keys one q
keys one q
check "quitting the interface ends the session" wait_for one SSH-EXITED

grep -q "Accepted publickey for $SVC" "$SD/log" && ok "sshd accepted the keys" || fail "sshd accepted the keys"
