#!/bin/sh
# overview: 概览 — my quota, observations of my lessons (new ones marked), teachers not yet observed, per-school numbers with bar charts.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
R="$T/repo"
TERM_ID=2026-2027-1
# A new teacher of s01 whom nobody has observed yet.
"$JY" -C "$R" --user cenlixing add person id=xinlaoshi name=辛老师 school=s01 roles=teacher specialties=560213 newcomer=yes > /dev/null ||
	fail "fixture: add a teacher"
done_n=$("$JY" -C "$R" list observation --term "$TERM_ID" --where observer=ruanzhiheng --format tsv | tail -n +2 | wc -l)
mine=$("$JY" -C "$R" list observation --term "$TERM_ID" --where teacher=ruanzhiheng --format tsv | tail -n +2 | wc -l)

jy_start 80 24 ruanzhiheng
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }
keys 1
wait_for "我的听课任务" || fail "概览 opens"
s=$(screen)
contains "$s" "$TERM_ID 学期" && ok "概览 is about the group's current term" || fail "term"
contains "$s" "本学期已听 $done_n 次 / 任务 4 次" && ok "my observations against my quota ($done_n of 4, observer)" || fail "quota line"
contains "$s" "第 16 周前完成" && ok "the quota's due week" || fail "due week"
contains "$s" "对我的课的听课记录（$mine 条，$mine 条新的待回复" && ok "observations of my lessons, all new" || fail "inbox header"
[ "$(screen | grep -c '^  新  ')" -eq "$mine" ] && ok "each one marked 新" || fail "new marks"
contains "$s" "尚未被听课的教师（1 人）" && contains "$s" "辛老师 · 清源山中等职业学校" && ok "the teacher not yet observed is listed" ||
	fail "uncovered"
keys G
wait_for "泉南技工学校" && settle
s=$(screen)
contains "$s" "清源山中等职业学校" && contains "$s" "/9" && ok "per school: teachers covered / roster (the new teacher counts)" ||
	fail "covered/roster"
contains "$s" "█" && ok "grade distribution drawn as bars of block characters" || fail "bars"
# Enter on an observation of my lesson opens it.
keys g
for i in 1 2 3 4 5 6 7 8 9; do keys j; done  # past 任务 and 本校授课计划 to the first 新 line
keys Enter
wait_for "› 听课记录详情" && contains "$(screen)" "【新】对我的课的听课记录" && ok "Enter opens an observation of my lesson" ||
	fail "open from 概览"
keys q q
wait_for "EXIT=0" && ok "q q: back, then quit" || fail "quit"

# The failed-sync line comes from the sync state file (read without libgit2), for remotes that still exist.
"$JY" -C "$R" remote add central "$T/nowhere.git" > /dev/null || fail "fixture: remote add"
printf 'central\t1790000000\t0\t0\t0\tcannot reach the central repository\ngone\t1790000000\t0\t0\t0\tremoved since\n' \
	> "$R/jiaoyan-sync.state"
start_tab overview
jy_start 100 24 ruanzhiheng
wait_for "我的听课任务" || fail "概览 opens again"
s=$(screen)
contains "$s" "与 central 的上次同步失败：cannot reach the central repository" && ok "a failed sync with a remote is said on 概览" ||
	fail "failed-sync line"
contains "$s" "gone" && fail "a remote removed since is not named" || ok "a remote removed since is not named"
printf 'central\t1790000000\t1\t0\t0\t\n' > "$R/jiaoyan-sync.state"
keys q
wait_for "EXIT=0" || fail "quit"
jy_start 100 24 ruanzhiheng
wait_for "我的听课任务" || fail "概览 opens a third time"
contains "$(screen)" "上次同步失败" && fail "no failure line once the sync succeeded" || ok "no failure line once the sync succeeded"
keys q
wait_for "EXIT=0" && ok "q quits" || fail "quit"
