#!/bin/sh
# start: the TUI opens on 概览 ([ui] start: another tab); on the demo repository at 80×24 and 120×40 — tab bar, list, detail pane, status and hint lines, CJK columns aligned; q quits.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# This suite is about drawing and keys: every observation is visible (privacy has its own tests in cli/privacy).
"$JY" -C "$T/repo" --user cenlixing edit group privacy.observations=group > /dev/null || fail "privacy = group"

# The program opens on 概览 ([ui] start names another tab; a name that is no tab is the default again).
jy_start 80 24 wenruogu
wait_for "我的听课任务" && contains "$(line 1)" "1 概览" && contains "$(screen)" "对我的课的听课记录" &&
	ok "the TUI opens on 概览" || fail "default start tab"
keys q
wait_for "EXIT=0"
start_tab plans
jy_start 80 24 wenruogu
wait_for "提交时间" && contains "$(screen)" "共 5 份" && ok "[ui] start = plans opens 授课计划" || fail "start = plans"
keys q
wait_for "EXIT=0"
start_tab nosuchtab
jy_start 80 24 wenruogu
wait_for "我的听课任务" && ok "[ui] start naming no tab opens 概览" || fail "start = nosuchtab"
keys q
wait_for "EXIT=0"
start_tab observations

for size in 80x24 120x40; do
	w=${size%x*} h=${size#*x}
	jy_start "$w" "$h" wenruogu
	if wait_for "听课记录" && wait_for "授课教师"; then
		ok "$size: the TUI starts"
	else
		fail "$size: the TUI starts"
		continue
	fi
	s=$(screen)
	contains "$(line 1)" "1 概览" && contains "$(line 1)" "2 授课计划" && contains "$(line 1)" "3 听课记录" && ok "$size: tab bar 概览 · 授课计划 · 听课记录 on the first line" ||
		fail "$size: tab bar"
	contains "$(line 2)" "日期" && contains "$(line 2)" "课程" && contains "$(line 2)" "等级" &&
		ok "$size: the list's header" || fail "$size: the list's header"
	contains "$s" "2026-11-" && ok "$size: this term's observations are listed" || fail "$size: rows"
	# Newest first.
	screen | sed -n '3,12p' | grep -o '^20[0-9-]*' > "$T/dates"
	sort -r "$T/dates" | cmp -s - "$T/dates" && ok "$size: newest first" || fail "$size: not newest first: $(tr '\n' ' ' < "$T/dates")"
	contains "$s" "评分 · 课堂教学评价表" && contains "$s" "授课教师   " && ok "$size: the detail pane shows the selected record" ||
		fail "$size: detail pane"
	contains "$(line "$((h - 1))")" "仓库 $T/repo" && contains "$(line "$((h - 1))")" "温若谷（wenruogu）" &&
		contains "$(line "$((h - 1))")" "学期 2026-2027-1" && ok "$size: status line: repository, person, term" ||
		fail "$size: status line: $(line "$((h - 1))")"
	contains "$(line "$h")" "a 新增" && contains "$(line "$h")" "? 帮助" && ok "$size: key-hint line" ||
		fail "$size: key-hint line: $(line "$h")"
	aligned "日期" "类型" "听课人" "授课教师" "课程" && ok "$size: CJK columns line up by display width" ||
		fail "$size: columns misaligned"
	# No line is wider than the terminal (CJK counted as two columns).
	screen | perl -CS -ne 's/[\x{1100}-\x{115F}\x{2E80}-\x{9FFF}\x{AC00}-\x{D7A3}\x{F900}-\x{FAFF}\x{FF00}-\x{FF60}\x{FFE0}-\x{FFE6}]/xx/g; chomp; $bad++ if length($_) > '"$w"'; END { exit($bad ? 1 : 0) }' &&
		ok "$size: nothing drawn past the right edge" || fail "$size: a line is wider than $w columns"
	keys q
	wait_for "EXIT=0" && ok "$size: q on the top level quits with status 0" || fail "$size: q did not quit"
done

# Not a terminal: refused with a message, exit 2, nothing drawn.
run 2 "$JY" -C "$T/repo" --user wenruogu < /dev/null > "$T/out" 2> "$T/err"
contains "$(cat "$T/err")" "终端" && ok "without a terminal: usage error explaining why" || fail "no-tty: $(cat "$T/err")"

# English when asked ([ui] lang = en, or JIAOYAN_LANG=en): every string goes through L().
jy_start 80 24 wenruogu JIAOYAN_LANG=en
wait_for "Observations" && contains "$(line 1)" "1 Overview" && contains "$(line 2)" "course" &&
	contains "$(line 24)" "a add" && contains "$(line 23)" "term 2026-2027-1" && ok "English interface" || fail "English"
aligned "date" "kind" "observer" "teacher" "course" && ok "English: CJK values still line up" || fail "English alignment"
keys q
wait_for "EXIT=0" && ok "English: q quits" || fail "English quit"
