#!/bin/sh
# ssh: three campus servers syncing with the central repository through `jiaoyan serve --school S` over a real sshd —
# concurrent work everywhere, every record everywhere, the central hook refusing another school's record, host keys
# checked, RSA explained, and kill -9 of a sync or of sshd losing nothing.
. tests/lib/harness.sh
# Under make asan, LeakSanitizer needs whole stacks to tell libgit2's own ssh leaks (tests/lsan.supp) from ours.
[ -n "${ASAN_OPTIONS:-}" ] && export ASAN_OPTIONS="$ASAN_OPTIONS:fast_unwind_on_malloc=0"

if [ "$(id -u)" -ne 0 ] || [ ! -x /usr/sbin/sshd ] || ! command -v useradd > /dev/null; then
	ok "# SKIP needs root, /usr/sbin/sshd and useradd"
	exit 0
fi

SVC=jysync$UNIQ
SVCHOME="$T/svc"
C="$SVCHOME/central.git"
SD="$T/sshd"
SSHD_PID=""
MADE_RUN_SSHD=""
cleanup() {
	[ -n "$SSHD_PID" ] && kill "$SSHD_PID" 2> /dev/null && sleep 0.2
	id "$SVC" > /dev/null 2>&1 && { userdel -r "$SVC" 2> /dev/null || userdel -r -f "$SVC" 2> /dev/null; }
	[ -n "$MADE_RUN_SSHD" ] && rmdir /run/sshd 2> /dev/null
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP
must() { name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; echo "# stopping: later steps depend on this"; exit 1; fi; }

# What the service account runs must be readable by it, wherever the checkout lives.
chmod 755 "$T"
mkdir -p "$T/bin" "$SD" "$HOME/.ssh"
# The central belongs to the service account; the test's own git (root) looks at it too.
printf '[safe]\n\tdirectory = *\n' > "$HOME/.gitconfig"
cp "$JY" "$T/bin/jiaoyan" && chmod 755 "$T/bin" "$T/bin/jiaoyan"
JC="$T/bin/jiaoyan"
must "the service account" useradd -M -d "$SVCHOME" -s /bin/sh -p '*' "$SVC"
mkdir -p "$SVCHOME" && chown "$SVC" "$SVCHOME" && chmod 755 "$SVCHOME"
as_svc() { (cd "$SVCHOME" && runuser -u "$SVC" -- env HOME="$SVCHOME" JIAOYAN_NOW="$JIAOYAN_NOW" "$@"); }
must "the central repository with its hook" sh -c "cd '$SVCHOME' && runuser -u '$SVC' -- env HOME='$SVCHOME' JIAOYAN_NOW='$JIAOYAN_NOW' '$JC' init --demo '$C' > /dev/null && runuser -u '$SVC' -- '$JC' hook install '$C' > /dev/null"
for s in s01 s02 s03; do ssh-keygen -q -t ed25519 -N '' -C "$s-server" -f "$T/$s.key"; done
ssh-keygen -q -t rsa -b 3072 -N '' -C rsa -f "$T/rsa.key"
for s in s01 s02 s03; do
	as_svc "$JC" -C "$C" keys add --school "$s" "$T/$s.key.pub" > /dev/null 2> "$T/keyerr" || { cat "$T/keyerr"; fail "keys add --school $s"; }
done
# An RSA key authorised too, so that what refuses it is ours, not the server.
as_svc "$JC" -C "$C" keys add --school s01 "$T/rsa.key.pub" > /dev/null 2>&1
grep -c 'serve --school' "$SVCHOME/.ssh/authorized_keys" | grep -qx 4 && ok "keys add --school: a forced command per campus server" ||
	fail "authorized_keys: $(cat "$SVCHOME/.ssh/authorized_keys")"

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
ssh-keygen -q -t ed25519 -N '' -f "$SD/hostkey"
ssh-keygen -q -t ed25519 -N '' -f "$SD/otherkey"
[ -d /run/sshd ] || { mkdir -p /run/sshd && chmod 755 /run/sshd && MADE_RUN_SSHD=1; }
sshd_config() {
	cat > "$SD/sshd_config" << EOF
Port $PORT
ListenAddress 127.0.0.1
HostKey $1
PidFile $SD/sshd.pid
UsePAM no
StrictModes no
PasswordAuthentication no
KbdInteractiveAuthentication no
AuthorizedKeysFile $SVCHOME/.ssh/authorized_keys
AllowUsers $SVC
PermitRootLogin no
LogLevel ERROR
EOF
}
start_sshd() {
	sshd_config "$1"
	/usr/sbin/sshd -D -e -f "$SD/sshd_config" 2>> "$SD/log" &
	SSHD_PID=$!
	i=0
	while ! python3 -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('127.0.0.1', $PORT)))" 2> /dev/null; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}
stop_sshd() { kill "$SSHD_PID" 2> /dev/null; wait "$SSHD_PID" 2> /dev/null; SSHD_PID=""; }
must "sshd listens on 127.0.0.1:$PORT" start_sshd "$SD/hostkey"
echo "[127.0.0.1]:$PORT $(cut -d' ' -f1,2 "$SD/hostkey.pub")" > "$T/known_hosts"
URL="ssh://$SVC@127.0.0.1:$PORT$C"

# Each campus: a clone of the central, its own configuration ([sync] key, known_hosts).
for s in s01 s02 s03; do
	git clone -q --bare "$C" "$T/$s.git" && git --git-dir="$T/$s.git" remote remove origin || fail "clone $s"
	printf '[sync]\nssh_key = %s\nknown_hosts = %s\n' "$T/$s.key" "$T/known_hosts" > "$T/$s.ini"
	"$JY" -C "$T/$s.git" remote add central "$URL" > /dev/null || fail "remote $s"
done
J() { s=$1; shift; "$JY" -C "$T/$s.git" --config "$T/$s.ini" "$@"; }
obs() { J "$1" --user "$2" add observation kind=peer date=2026-11-21 teacher="$3" course="$4" $SCORES; }
who() { case $1 in s01) echo "ruanzhiheng mowanqing" ;; s02) echo "caimingzhu youkai" ;; s03) echo "peizimo xiruolan" ;; esac; }
tree() { git --git-dir="$1" rev-parse refs/heads/main^{tree}; }

# ---- one sync first: the path works at all ----
run 0 timeout 60 "$JY" -C "$T/s01.git" --config "$T/s01.ini" --user ruanzhiheng sync && ok "a first sync over ssh" ||
	{ fail "first sync: $ERR"; sed 's/^/# sshd: /' "$SD/log" | tail; exit 1; }
obs s01 ruanzhiheng mowanqing 第一条 > /dev/null
run 0 timeout 30 "$JY" -C "$T/s01.git" --config "$T/s01.ini" --user ruanzhiheng sync && ok "a first push over ssh" ||
	{ fail "first push: $ERR"; sed 's/^/# sshd: /' "$SD/log" | tail; exit 1; }

# ---- concurrent work and concurrent syncs ----
pids=""
for s in s01 s02 s03; do
	set -- $(who $s)
	(for i in 1 2 3 4; do obs "$s" "$1" "$2" "ssh课$s-$i" > /dev/null || echo "$s $i" >> "$T/addfail"; done
	 J "$s" --user "$1" sync --quiet > "$T/sync.$s" 2>&1 || echo "$s: $(tail -1 "$T/sync.$s")" >> "$T/syncfail") &
	pids="$pids $!"
done
wait $pids # (sshd runs in the background too)
[ ! -s "$T/addfail" ] && ok "12 observations added at three campuses while they sync" || fail "adds: $(cat "$T/addfail")"
[ ! -s "$T/syncfail" ] && ok "three concurrent syncs over ssh all succeed (a refused push is fetched, merged and pushed again)" ||
	fail "concurrent syncs: $(cat "$T/syncfail")"
for s in s01 s02 s03; do set -- $(who $s); J "$s" --user "$1" sync --quiet || fail "second round $s"; done
same=1
for s in s01 s02 s03; do [ "$(tree "$T/$s.git")" = "$(tree "$C")" ] || same=0; done
[ "$same" = 1 ] && ok "every campus ends with the central's tree" || fail "trees differ"
[ "$(git --git-dir="$C" grep -c '^course = ssh课' refs/heads/main -- observations | wc -l)" = 12 ] &&
	ok "all 12 records reached the central (and the first one)" || fail "records at the central"
clean=1
for r in "$C" "$T/s01.git" "$T/s02.git" "$T/s03.git"; do git --git-dir="$r" fsck --strict --no-progress 2> /dev/null || clean=0; done
[ "$clean" = 1 ] && ok "git fsck --strict is clean on all four" || fail "fsck"

# ---- the central refuses another school's record, through serve --school and its hook ----
o=$(git --git-dir="$T/s02.git" grep -l "^observer = ruanzhiheng" refs/heads/main -- observations/2026-2027-1/s01 | head -1 | cut -d: -f2)
GIT_INDEX_FILE="$T/idx" git --git-dir="$T/s02.git" read-tree refs/heads/main
git --git-dir="$T/s02.git" show "refs/heads/main:$o" | sed 's/^course = .*/course = 别校改的/' > "$T/forged.ini"
b=$(git --git-dir="$T/s02.git" hash-object -w "$T/forged.ini")
GIT_INDEX_FILE="$T/idx" git --git-dir="$T/s02.git" update-index --add --cacheinfo "100644,$b,$o"
t=$(GIT_INDEX_FILE="$T/idx" git --git-dir="$T/s02.git" write-tree)
git --git-dir="$T/s02.git" update-ref refs/heads/main "$(git --git-dir="$T/s02.git" commit-tree "$t" -p refs/heads/main -m 越界)"
before=$(head_of "$C")
run 1 J s02 --user caimingzhu sync
contains "$ERR" "不是学校 s02 的人员" && contains "$ERR" "$o" && [ "$(head_of "$C")" = "$before" ] &&
	ok "a campus pushing another school's record is refused with the central's reason; the central is unchanged" ||
	fail "forged push: $ERR"
case "$ERR" in *"$(printf '\033')"*) fail "an escape from the server reached the terminal" ;; *) ok "the server's words arrive sanitised" ;; esac
run 1 env GIT_SSH_COMMAND="ssh -F /dev/null -p $PORT -i $T/s02.key -o IdentitiesOnly=yes -o UserKnownHostsFile=$T/known_hosts -o StrictHostKeyChecking=yes" \
	git --git-dir="$T/s02.git" push -q "$SVC@127.0.0.1:$C" refs/heads/main:refs/heads/main
[ "$(head_of "$C")" = "$before" ] && contains "$ERR" "不是学校 s02 的人员" && ok "plain git push through the same key is refused alike" ||
	fail "git push forged: $ERR"
run 1 as_svc env SSH_ORIGINAL_COMMAND="jiaoyan obs stats" "$JC" -C "$C" serve --school s02
contains "$ERR" "只能用于同步" && ok "a campus server's key opens no interface and runs no command" || fail "school key command: $ERR"

# ---- host keys and client keys ----
: > "$T/empty_known_hosts"
printf '[sync]\nssh_key = %s\nknown_hosts = %s\n' "$T/s01.key" "$T/empty_known_hosts" > "$T/unknown.ini"
fp=$(ssh-keygen -lf "$SD/hostkey.pub" | awk '{ print $2 }')
run 3 "$JY" -C "$T/s01.git" --config "$T/unknown.ini" --user ruanzhiheng sync
contains "$ERR" "$fp" && contains "$ERR" "[127.0.0.1]:$PORT ssh-ed25519" && ok "an unknown host key: exit 3, its fingerprint and the line to add" ||
	fail "unknown host: $ERR"
stop_sshd
must "sshd restarted with another host key" start_sshd "$SD/otherkey"
run 3 J s01 --user ruanzhiheng sync
contains "$ERR" "$(ssh-keygen -lf "$SD/otherkey.pub" | awk '{ print $2 }')" && ok "a changed host key is refused, exit 3" || fail "changed host: $ERR"
stop_sshd
must "sshd back with its own key" start_sshd "$SD/hostkey"
printf '[sync]\nssh_key = %s\nknown_hosts = %s\n' "$T/rsa.key" "$T/known_hosts" > "$T/rsa.ini"
run 1 "$JY" -C "$T/s01.git" --config "$T/rsa.ini" --user ruanzhiheng sync
contains "$ERR" "RSA" && contains "$ERR" "ed25519" && ok "an RSA key gets the libssh2 1.10 message" || fail "rsa: $ERR"

# ---- kill -9 of a sync, and of sshd in the middle of a push ----
git --git-dir="$T/s02.git" update-ref refs/heads/main "$(git --git-dir="$T/s02.git" rev-parse 'refs/heads/main^')"
for i in 1 2 3 4 5 6; do
	obs s03 peizimo xiruolan "断电$i" > /dev/null
	J s03 --user peizimo sync --quiet > /dev/null 2>&1 &
	pid=$!
	sleep "0.0$(awk -v s=$i 'BEGIN { srand(s); printf "%d", 1 + rand() * 8 }')"
	kill -9 "$pid" 2> /dev/null
	wait "$pid" 2> /dev/null
done
run 0 J s03 --user peizimo sync --quiet && ok "after six syncs killed at random moments the next one completes" || fail "after kill -9: $ERR"
for i in 1 2 3; do obs s03 peizimo xiruolan "断网$i" > /dev/null; done
J s03 --user peizimo sync --quiet > /dev/null 2>&1 &
pid=$!
sleep 0.15
kill -9 "$SSHD_PID" 2> /dev/null
wait "$pid" 2> /dev/null
SSHD_PID=""
must "sshd started again" start_sshd "$SD/hostkey"
run 0 J s03 --user peizimo sync --quiet && ok "after sshd died mid-push the next sync completes" || fail "after sshd kill: $ERR"
[ "$(git --git-dir="$C" grep -c '^course = 断[电网]' refs/heads/main -- observations | wc -l)" = 9 ] && ok "nothing was lost (9 records at the central)" ||
	fail "lost: $(git --git-dir="$C" grep -c '^course = 断[电网]' refs/heads/main -- observations | wc -l)"
clean=1
for r in "$C" "$T/s03.git"; do git --git-dir="$r" fsck --strict --no-progress 2> /dev/null || clean=0; done
[ "$clean" = 1 ] && ok "git fsck --strict is clean on both sides" || fail "fsck after kills"
[ ! -e "$T/s03.git/refs/heads/main.lock" ] && ok "no stale lock is left behind" || fail "stale lock"
