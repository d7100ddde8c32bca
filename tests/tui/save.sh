#!/bin/sh
# save: forms save without F-keys — Ctrl-S, the 保存 line, and the F2 sequences of xterm, VT220/PuTTY and the Linux
# console whatever TERM says (never read as Esc: nothing is discarded); an unknown sequence does nothing; a form taller
# than the screen says what is above and below; hints go once a field is filled; boxes are drawn with Unicode lines.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
start_tab observations
R="$T/repo"
count() { "$JY" -C "$R" list observation --format tsv | tail -n +2 | wc -l; }
# send RAW: bytes as a terminal sends them for a key (tmux passes -l text through unchanged).
send() { tm send-keys -t jy -l "$1"; }

# fill COURSE: the new-observation form, filled in down to the last score (focus on 教学效果).
fill() {
	keys a
	wait_for "新增听课记录" || return 1
	keys Tab Tab Tab Tab Tab
	type_text "若谷"
	wait_for "温若谷（wenruogu）"
	keys Enter Tab
	type_text "$1"
	keys Tab Tab Tab Tab Tab
	for s in 14 18 17 13 9 18; do
		type_text "$s"
		keys Tab
	done
	wait_for "89 分 · 等级 良"
}

# PuTTY's default keyboard claims TERM=xterm and sends ESC [ 1 2 ~ for F2, which xterm's terminfo does not know.
jy_start 80 24 ruanzhiheng TERM=xterm
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }
n0=$(count)

# The form is taller than 80×24: it says so, and what the screen cannot show is counted.
keys a
wait_for "新增听课记录"
wait_for "↓ 下面还有" && ok "a form taller than the screen says that more fields are below" || fail "no 'more below'"
contains "$(screen)" "例：第3-4节" && ok "the empty 节次 shows its hint" || fail "hint not shown"
keys Tab Tab Tab
type_text "第1节"
wait_for "节次        第1节" && ! contains "$(screen)" "例：第3-4节" 2> /dev/null && ok "the hint is gone once the field is filled" ||
	fail "hint still shown"
keys NPage NPage NPage NPage NPage
wait_for "↑ 上面还有" && ok "scrolled down, it says that fields are above" || fail "no 'more above'"
wait_for "［ 保存 ］" && ok "the form ends with a 保存 line" || fail "no 保存 line"
keys Escape
wait_for "放弃这条听课记录吗" && keys y
wait_gone "新增听课记录"

# Ctrl-S saves.
fill "用Ctrl-S保存" || fail "fill 1"
keys C-s
wait_for "已保存听课记录" && ok "Ctrl-S saves the observation" || fail "Ctrl-S"
[ "$(count)" -eq $((n0 + 1)) ] && ok "one record more" || fail "count after Ctrl-S: $(count)"

# The 保存 line: Tab down to it, Enter.
fill "用保存行保存" || fail "fill 2"
keys Tab Tab Tab Tab
wait_for "［ 保存 ］"
screen | grep -q "^> *［ 保存 ］" && ok "Tab reaches the 保存 line" || fail "保存 line not focused"
keys Enter
wait_for "已保存听课记录" && "$JY" -C "$R" list observation --format tsv | grep -q "用保存行保存" &&
	ok "Enter on the 保存 line saves" || fail "保存 line"

# F2 as PuTTY sends it (ESC [ 1 2 ~), as xterm's SS3 form (ESC O Q) and as the Linux console's (ESC [ [ B):
# each one saves, none is read as Esc (which would ask to discard, or with a y typed next, discard).
for seq in "$(printf '\033[12~')" "$(printf '\033OQ')" "$(printf '\033[[B')"; do
	name=$(printf '%s' "$seq" | od -An -c | tr -s ' ' | sed 's/^ //; s/ $//')
	fill "F2序列$(count)" || fail "fill for $name"
	before=$(count)
	send "$seq"
	if wait_for "已保存听课记录" 50; then
		ok "F2 sent as '$name' with TERM=xterm saves"
	else
		fail "F2 sent as '$name' did not save"
	fi
	contains "$(screen)" "放弃这条听课记录吗" 2> /dev/null && fail "'$name' was read as Esc" || ok "'$name' is not read as Esc"
	[ "$(count)" -eq $((before + 1)) ] && ok "'$name': the observation is stored" || fail "'$name': count $(count)"
done

# An unknown sequence does nothing at all: not Esc, not text, nothing discarded.
fill "未知序列" || fail "fill 4"
send "$(printf '\033[99~')"
send "y"
sleep 0.5
contains "$(screen)" "放弃这条听课记录吗" 2> /dev/null && fail "an unknown sequence was read as Esc" || ok "an unknown sequence is not Esc"
contains "$(screen)" "新增听课记录" && ok "the form is still open, nothing discarded" || fail "form gone after an unknown sequence"
keys C-s
wait_for "已保存听课记录" && ok "and it still saves afterwards" || fail "save after unknown sequence"

# The filter form applies with Ctrl-S too.
keys f
wait_for "筛选听课记录"
keys Tab Tab
type_text "若谷"
keys Enter C-s
wait_for "授课 温若谷" && ok "Ctrl-S applies a filter form" || fail "filter Ctrl-S"
keys q
wait_for "EXIT=0"

# Boxes: UTF-8 line characters in the output, never the ACS switch that PuTTY shows as lqqqk.
: > "$T/raw"
jy_start 80 24 ruanzhiheng TERM=xterm
wait_for "授课教师"
tm pipe-pane -o -t jy "cat >> '$T/raw'"
keys a
wait_for "新增听课记录"
keys Tab Tab Tab
type_text "x"
keys Escape
wait_for "放弃这条听课记录吗"
keys n
wait_gone "放弃这条听课记录吗"
tm pipe-pane -t jy
grep -q "┌" "$T/raw" && grep -q "┘" "$T/raw" && ok "the dialog's frame is drawn with Unicode box characters" || fail "no Unicode frame"
if grep -q "$(printf '\033(0')" "$T/raw"; then fail "the ACS switch (ESC ( 0) was sent"; else ok "no ACS switch is sent in a UTF-8 locale"; fi
keys Escape
keys y
keys q
wait_for "EXIT=0" && ok "quits" || fail "quit"
