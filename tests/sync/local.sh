#!/bin/sh
# local: transfers to a remote on this machine (a path, file://) through git upload-pack / receive-pack — the central's hook runs, a hung hook is killed by the watchdog.
. tests/lib/harness.sh

B=${B:-build}
DRV="$B/tests/transport-driver" # built by make unit-bins, linked as the program is
[ -x "$DRV" ] || { fail "$DRV exists (run make unit-bins first)"; exit 1; }
drv() { timeout 60 "$DRV" --lang en "$@"; }

C="$T/central.git" L="$T/campus.git"
git init -q --bare "$C" && git init -q --bare "$L" || exit 1
blob=$(printf 'name = 教研\n' | git --git-dir="$C" hash-object -w --stdin)
tree=$(printf '100644 blob %s\tgroup.ini\n' "$blob" | git --git-dir="$C" mktree)
C1=$(git --git-dir="$C" commit-tree "$tree" -m 初始) && git --git-dir="$C" update-ref refs/heads/main "$C1"
git --git-dir="$C" symbolic-ref HEAD refs/heads/main

run 0 drv fetch "$L" "$C" refs/remotes/central/main && contains "$OUT" "tip $C1" &&
	[ "$(git --git-dir="$L" rev-parse refs/remotes/central/main)" = "$C1" ] && ok "fetch from a path" || fail "fetch path: $OUT $ERR"
C2=$(git --git-dir="$L" commit-tree "$tree" -p "$C1" -m 第二)
run 0 drv push "$L" "file://$C" "$C2" && [ "$(head_of "$C")" = "$C2" ] && ok "push to a file:// URL" || fail "push file: $OUT $ERR"
git --git-dir="$L" fsck --no-progress > /dev/null 2>&1 && git --git-dir="$C" fsck --no-progress > /dev/null 2>&1 &&
	ok "both repositories pass git fsck" || fail "fsck"

# The central's hook runs for a push by path, and its words reach the caller.
printf '#!/bin/sh\necho "不收 / refused by the hook" >&2\nexit 1\n' > "$C/hooks/pre-receive"
chmod +x "$C/hooks/pre-receive"
C3=$(git --git-dir="$L" commit-tree "$tree" -p "$C2" -m 第三)
R=$C refuses "a push by path is judged by the central's pre-receive hook" 3 "refused by the hook" drv push "$L" "$C" "$C3"
contains "$OUT" "rejected 1" && contains "$OUT" "remote: 不收 / refused by the hook" && ok "as a refusal, the hook's line passed on as remote text" ||
	fail "refusal: $OUT"

# A counter the hook redraws with '\r' is not passed on as its words; its lines are.
printf '#!/bin/sh\nprintf "计数 1\\r计数 2\\r计数 3\\n" >&2\necho "不收 / refused by the hook" >&2\nexit 1\n' > "$C/hooks/pre-receive"
R=$C refuses "a hook with a counter refuses" 3 "refused by the hook" drv push "$L" "$C" "$C3"
[ "$(printf '%s\n' "$OUT" | grep -c '^remote: ')" = 2 ] && contains "$OUT" "remote: 计数 3" && contains "$OUT" "remote: 不收" &&
	ok "a counter redrawn with CR is passed on once, as its last state, beside the hook's line" || fail "counter: $OUT"

# A hook that hangs: the watchdog kills git and what it started, and the transfer fails.
printf '#!/bin/sh\necho $$ > "%s"\nexec sleep 300\n' "$T/hook.pid" > "$C/hooks/pre-receive"
R=$C refuses "a hook silent past --timeout fails the push" 10 "did not respond for 2 seconds" drv --timeout 2 push "$L" "$C" "$C3"
sleep 0.2
# Killed, it may stay a zombie of an init that does not reap; it must not be running.
[ -s "$T/hook.pid" ] && ! ps -o stat= -p "$(cat "$T/hook.pid")" | grep -qv Z && ok "and the hung hook is gone" || fail "hook still runs"
rm "$C/hooks/pre-receive"

mkdir "$T/empty"
run 10 drv fetch "$L" "$T/empty" refs/remotes/central/x && contains "$ERR" "'$T/empty'" && ok "a directory that is no repository: git's words" ||
	fail "no repository: $ERR"
run 10 env PATH=/nonexistent "$DRV" --lang en fetch "$L" "$C" refs/remotes/central/x && contains "$ERR" "git must be installed" &&
	ok "no git on PATH: said so" || fail "no git: $ERR"
run 0 env GIT_DIR=/nonexistent GIT_OBJECT_DIRECTORY=/nonexistent "$DRV" fetch "$L" "$C" refs/remotes/central/y &&
	ok "the caller's GIT_* variables do not reach git" || fail "GIT_* leak: $ERR"
