#!/bin/sh
# sync: the 同步 tab — remotes and their last sync, `s` syncing, an open conflict opened side by side and resolved
# with a key; 概览 says when conflicts wait.
. tests/lib/harness.sh
. tests/tui/tmux.inc

C="$T/central.git"
R="$T/repo"
"$JY" init --demo "$C" > /dev/null 2>&1 || { fail "central"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
git clone -q --bare "$C" "$R" && git --git-dir="$R" remote remove origin && "$JY" -C "$R" remote add central "$C" > /dev/null ||
	{ fail "campus"; exit 1; }
X=$("$JY" -C "$R" --user ruanzhiheng add observation kind=peer date=2026-11-21 teacher=mowanqing course=冲突课 $SCORES)
"$JY" -C "$R" --user ruanzhiheng sync --quiet || fail "first sync"
"$JY" -C "$R" --user ruanzhiheng edit "$X" class=甲班 > /dev/null
"$JY" -C "$C" --user cenlixing edit "$X" class=乙班 > /dev/null
"$JY" -C "$R" --user ruanzhiheng sync --quiet 2> /dev/null
[ "$("$JY" -C "$R" conflict list --format tsv | tail -n +2 | grep -c .)" = 1 ] && ok "fixture: one open conflict" || fail "fixture conflict"

jy_start 100 30 ruanzhiheng
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }
keys 1
wait_for "同步冲突待处理" && contains "$(screen)" "1 处同步冲突" && ok "概览 says a conflict waits" || fail "overview line"
# The 同步 tab: the last tab.
for k in 4 5 6 7; do
	keys "$k"
	settle
	screen | grep -q "待处理的同步冲突" && break
done
contains "$(screen)" "central" && contains "$(screen)" "已同步" && ok "the tab lists the remote with its last sync" || fail "remote row"
contains "$(screen)" "待处理的同步冲突（1）" && contains "$(screen)" "observation.class" && ok "and the open conflict" || fail "conflict row"
contains "$(line 30)" "s 同步" && ok "the hint line offers s" || fail "hint: $(line 30)"
h=$(head_of "$R")
keys s
wait_for "已与 central 同步" && ok "s syncs (nothing new: in sync)" || fail "s"
keys G
keys Enter
wait_for "保留的值" && contains "$(screen)" "甲班" && contains "$(screen)" "乙班" && contains "$(screen)" "岑立行" &&
	ok "Enter opens the conflict: both values and who set them" || fail "conflict view"
contains "$(line 30)" "t 采用对方" && ok "the hint line offers the resolutions" || fail "hints: $(line 30)"
keys t
wait_for "已处理冲突" && ok "t takes the replaced value" || fail "t"
[ "$("$JY" -C "$R" get "$X" class)" = 乙班 ] && [ "$("$JY" -C "$R" conflict list --format tsv | tail -n +2 | grep -c .)" = 0 ] &&
	[ "$(git --git-dir="$R" rev-list --count "$h"..refs/heads/main)" = 1 ] && ok "the value written and the conflict closed in one commit" ||
	fail "after t"
wait_for "待处理的同步冲突（0）" && ok "the list has no conflict left" || fail "list after"
keys q
wait_for "EXIT=0" && ok "q quits" || fail "quit"
