#!/bin/sh
# keys: tabs (1…9, Tab), Enter/Esc/q, `/` search with Chinese and n/N, `?` help from the key table, resize, NO_COLOR and monochrome.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
# This suite is about drawing and keys: every observation is visible (privacy has its own tests in cli/privacy).
"$JY" -C "$T/repo" --user cenlixing edit group privacy.observations=group > /dev/null || fail "privacy = group"
# The record shown in the detail pane / detail view.
shown_id() { screen | sed -n 's/^听课记录 \([0-9a-z]\{26\}\).*/\1/p' | head -1; }

jy_start 80 24 wenruogu
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }

# Tabs.
keys 1
wait_for "我的听课任务" && contains "$(screen)" "各校听课情况" && ok "1 switches to 概览" || fail "1 → 概览"
keys Tab
wait_for "待审核" && contains "$(line 1)" "2 授课计划" && ok "Tab cycles to 授课计划" || fail "Tab → 授课计划"
keys Tab
wait_for "授课教师   " && ok "Tab cycles on to 听课记录" || fail "Tab → 听课记录"
keys 1 3
wait_for "日期  " && contains "$(line 2)" "课程" && ok "3 switches back to 听课记录" || fail "3 → 听课记录"

# Movement changes the record in the detail pane.
first=$(shown_id)
keys j
[ -n "$first" ] && wait_until '[ "$(shown_id)" != "$first" ]' && ok "j moves the selection (detail pane follows)" ||
	fail "j did not move: $first → $(shown_id)"
second=$(shown_id)
keys G
wait_until '[ "$(shown_id)" != "$first" ] && [ "$(shown_id)" != "$second" ]'
last=$(shown_id)
keys g
wait_until '[ "$(shown_id)" = "$first" ]' && [ "$last" != "$first" ] && ok "G goes to the last row, g back to the first" || fail "g/G"
keys NPage
wait_until '[ "$(shown_id)" != "$first" ]' && ok "PgDn moves a page" || fail "PgDn"
keys PPage
wait_until '[ "$(shown_id)" = "$first" ]' && ok "PgUp moves back" || fail "PgUp"

# Enter opens the whole record with its history; Esc and q go back without quitting.
keys Enter
wait_for "› 听课记录详情" && keys G
wait_for "修改历史" && contains "$(screen)" "演示数据" && ok "Enter opens the detail with its history" || fail "detail view"
keys Escape
wait_gone "› 听课记录详情" && contains "$(line 2)" "日期" && ok "Esc goes back to the list" || fail "Esc back"
keys Enter
wait_for "› 听课记录详情"
keys q
if wait_gone "› 听课记录详情"; then
	case "$(screen)" in *EXIT=*) fail "q in a detail quit the program" ;; *) ok "q in a detail goes back" ;; esac
else
	fail "q in a detail"
fi

# `/` search with Chinese, n/N.
matches=$("$JY" -C "$T/repo" list observation --term 2026-2027-1 --format tsv | grep -c 直播)
keys /
wait_for "/" && type_text "直播"
keys Enter
wait_for "课程       直播" && ok "/直播 selects a row whose course holds the Chinese text" || fail "/ search"
a=$(shown_id)
keys n
if [ "$matches" -ge 2 ]; then
	wait_until '[ "$(shown_id)" != "$a" ]'
	b=$(shown_id)
	[ "$a" != "$b" ] && contains "$(screen)" "课程       直播" && ok "n goes to the next match" || fail "n: $a → $b"
	keys N
	wait_until '[ "$(shown_id)" = "$a" ]' && ok "N goes back to the previous match" || fail "N"
else
	contains "$(screen)" "已从头继续搜索" && ok "n wraps around" || fail "n"
	keys N
	wait_until '[ "$(shown_id)" = "$a" ]' && ok "N stays on the single match" || fail "N (single match)"
fi
keys /
type_text "没有这种课程"
keys Enter
wait_for "没有找到「没有这种课程」" && ok "a search without match says so" || fail "no-match message"

# f filters (school / teacher / observer / kind / term); r reloads what others wrote meanwhile.
keys f
wait_for "筛选听课记录" && contains "$(line 24)" "Ctrl-S 应用" && ok "f opens the filter; Ctrl-S (or F2) applies" || fail "f filter form"
keys Tab Tab
type_text "温若"
keys Enter F2
wait_for "授课 温若谷" && ok "the separator shows the filter" || fail "filter summary"
teachers=$(screen | sed -n '3,11p' | grep '^20' | awk '{print $4}' | sort -u)
[ "$teachers" = "温若谷" ] && ok "only the chosen teacher's observations are listed" || fail "filtered rows: $teachers"
n1=$(screen | sed -n 's/.*共 \([0-9]*\) 条.*/\1/p')
"$JY" -C "$T/repo" --user ruanzhiheng add observation kind=peer date=2026-11-22 teacher=wenruogu course=别人刚写的记录 $SCORES > /dev/null
keys r
wait_for "别人刚写的记录" && ok "r reloads: a record written meanwhile appears" || fail "reload"
n2=$(screen | sed -n 's/.*共 \([0-9]*\) 条.*/\1/p')
[ "$n2" -eq $((n1 + 1)) ] && ok "the count follows ($n1 → $n2)" || fail "count $n1 → $n2"
keys f
wait_for "筛选听课记录"
keys Tab Tab BSpace F2
wait_gone "授课 温若谷" && ok "clearing the teacher shows every teacher again" || fail "filter cleared"
keys f
wait_for "筛选听课记录"
keys C-u
type_text "2025-2026-2"
keys F2
wait_for "没有符合条件的听课记录" && ok "another term: an empty list says what to do" || fail "empty term"
keys f
wait_for "筛选听课记录"
keys C-u
type_text "2026-2027-1"
keys F2
wait_for "2026-11-" && ok "back to this term" || fail "term back"

# `?` lists every key of the screen, from the same table as the hint line.
hints=$(line 24)
keys ?
wait_for "「听课记录」的按键" && ok "? opens the help of the current screen" || fail "? help"
s=$(screen)
keys G
settle
s="$s
$(screen)"
missing=""
for k in "j ↓" "k ↑" "PgDn" "PgUp" "g Home" "G End" "新增听课记录" "Enter" "筛选列表" "编辑记录" "回复" "/ " "n " "N " "1…9" "Tab" "r " "Esc" "q " "F1"; do
	case "$s" in *"$k"*) ;; *) missing="$missing '$k'" ;; esac
done
[ -z "$missing" ] && ok "help lists movement, search, add, filter, edit, reply, tabs, reload, back/quit" || fail "help lacks$missing"
# The hint line is "KEY word  KEY word  …": each KEY must have its line in the help.
missing=""
for k in $(echo "$hints" | sed 's/  */\n/g' | awk 'NR % 2 == 1'); do
	echo "$s" | grep -q "^  $k[ ]" || echo "$s" | grep -q "^  .* $k[ ]" || missing="$missing '$k'"
done
[ -z "$missing" ] && ok "every key on the hint line has its line in the help" || fail "hint keys not in help:$missing"
keys q
wait_gone "「听课记录」的按键" && contains "$(line 2)" "日期" && ok "q closes the help" || fail "q closes help"

# Resize (SIGWINCH): redrawn to the new size, still aligned; then very small, then back.
tm resize-window -t jy -x 100 -y 30
wait_until '[ "$(screen | wc -l)" -eq 30 ] && line 30 | grep -q 帮助'
[ "$(screen | wc -l)" -eq 30 ] && contains "$(line 29)" "仓库" && contains "$(line 30)" "帮助" &&
	ok "resized to 100×30: status and hints move to the new bottom" || fail "resize 100x30: $(line 29)"
aligned "日期" "类型" "听课人" "授课教师" "课程" && ok "after the resize the columns still line up" || fail "misaligned after resize"
tm resize-window -t jy -x 40 -y 10
wait_until '[ "$(screen | wc -l)" -eq 10 ] && line 1 | grep -q "概览" && line 10 | grep -q "Enter"'
screen | perl -CS -ne 's/[\x{1100}-\x{115F}\x{2E80}-\x{9FFF}\x{AC00}-\x{D7A3}\x{F900}-\x{FAFF}\x{FF00}-\x{FF60}\x{FFE0}-\x{FFE6}]/xx/g; chomp; $bad++ if length($_) > 40; END { exit($bad ? 1 : 0) }' &&
	contains "$(line 1)" "概览" && ok "at 40×10 nothing is drawn past the edge" || { fail "40x10"; screen | sed "s/^/#    |/"; }
tm resize-window -t jy -x 80 -y 24
wait_until '[ "$(screen | wc -l)" -eq 24 ] && line 23 | grep -q 仓库' && ok "back to 80×24" || fail "back to 80x24"
keys q
wait_for "EXIT=0" && ok "q quits" || fail "q quits"

# NO_COLOR: attributes only, no colour; monochrome terminal: the selection is still visible (reverse video).
jy_start 80 24 wenruogu NO_COLOR=1
wait_for "授课教师" || fail "starts with NO_COLOR"
tm capture-pane -p -e -t jy > "$T/esc"
if grep -Eq '\[([0-9;]*;)?(3[0-7]|4[0-7]|38;5;[0-9]+|48;5;[0-9]+)(;[0-9;]*)?m' "$T/esc"; then
	fail "NO_COLOR: colours were drawn"
else
	ok "NO_COLOR: no colour on screen"
fi
reverse_on 3 && ok "NO_COLOR: the selected row is in reverse video" || fail "NO_COLOR: no visible selection"
keys q
wait_for "EXIT=0"
jy_start 80 24 wenruogu TERM=vt100
wait_for "授课教师" && ok "monochrome terminal (TERM=vt100): the TUI starts" || fail "vt100 start"
tm capture-pane -p -e -t jy > "$T/esc"
reverse_on 3 && ok "monochrome: the selection is reverse video" || fail "monochrome: no visible selection"
keys q
wait_for "EXIT=0" && ok "monochrome: q quits" || fail "vt100 quit"
