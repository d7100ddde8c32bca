#!/bin/sh
# layout: tables adapt to the terminal — at 60×20 low-priority columns go first and the key column (授课教师, 任课教师)
# stays; → / ← scroll a table wider than the screen; at 160×50 no column stretches the numbers away from their labels;
# what a narrow screen cuts or leaves out is readable (the detail pane, the line under a row, the tooltip line).
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
"$JY" -C "$R" --user cenlixing edit group privacy.observations=group > /dev/null || fail "privacy = group"
start_tab observations
# col TEXT [LINE]: the display column (0-based) where TEXT starts on the header line (2), wide characters counted as two.
col() {
	line "${2:-2}" | python3 -c '
import sys, unicodedata
w = lambda s: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
l = sys.stdin.read().rstrip("\n"); t = sys.argv[1]; i = l.find(t)
print(w(l[:i]) if i >= 0 else "")' "$1"
}
wide_lines() { screen | perl -CS -ne 's/[\x{1100}-\x{115F}\x{2E80}-\x{9FFF}\x{AC00}-\x{D7A3}\x{F900}-\x{FAFF}\x{FF00}-\x{FF60}\x{FFE0}-\x{FFE6}]/xx/g; chomp; $bad++ if length($_) > '"$1"'; END { print $bad + 0 }'; }

# ---- 60×20 ----
jy_start 60 20 wenruogu
wait_for "授课教师" || { fail "the TUI starts at 60×20"; exit 1; }
h=$(line 2)
contains "$h" "日期" && contains "$h" "授课教师" && contains "$h" "课程" && ok "60×20: 日期, 授课教师 and 课程 stay" || fail "60 header: $h"
case "$h" in *等级*) fail "60×20: 等级 was kept before the teacher" ;; *) ok "60×20: low-priority columns (等级) go first" ;; esac
contains "$h" "▶" && ok "a ▶ says there is more to the right" || fail "no ▶: $h"
line 3 | grep -q "温若谷" && ok "the teacher's name is in the row" || fail "row: $(line 3)"
[ "$(wide_lines 60)" = 0 ] && ok "60×20: nothing drawn past the edge" || fail "60×20: a line is too wide"
# The detail pane has every field of the selected row, whatever the columns left out.
contains "$(screen)" "类型       " && ok "what the table left out is in the detail pane" || fail "detail pane"
keys Right
wait_until '[ "$(line 2)" != "$h" ]' 30 && contains "$(line 2)" "授课教师" && contains "$(line 2)" "日期" &&
	ok "→ scrolls the columns; 日期 and 授课教师 stay" || fail "→: $(line 2)"
presses=1
while [ $presses -lt 5 ] && ! line 2 | grep -q 等级; do
	keys Right
	presses=$((presses + 1))
	sleep 0.2
done
line 2 | grep -q 等级 && contains "$(line 2)" "授课教师" && ok "→ reaches the columns that did not fit (等级), 授课教师 still there" || fail "→: $(line 2)"
contains "$(line 2)" "◀" && ok "a ◀ says there is more to the left" || fail "no ◀: $(line 2)"
while [ $presses -gt 0 ]; do
	keys Left
	presses=$((presses - 1))
done
wait_until '[ "$(line 2)" = "$h" ]' && ok "← scrolls back to the first layout" || fail "←: $(line 2)"

keys q
wait_for "EXIT=0"

# The plan's course table keeps 课程名称 and 任课教师; the cells it leaves out are under the row.
# (A change since the last review adds a column, so that more of them are left out at 60.)
run 0 "$JY" -C "$R" --user shimingzhe plan course 2026-2027-2/s02/530701 set 2 credits=4
jy_start 60 20 shimingzhe
wait_for "授课教师"
keys 2
wait_for "共 5 份"
keys /
type_text "2026-2027-2/s02/530701"
keys Enter Enter
wait_for "状态：需整改"
settle
hdr=$(screen | grep "课程名称" | head -1)
contains "$hdr" "任课教师" && ok "60×20: the course table keeps 任课教师" || fail "course header: $hdr"
contains "$(screen)" "课程类别：专业核心课" && ok "what the course table leaves out is under its row" || fail "left-out cells"
[ "$(wide_lines 60)" = 0 ] && ok "60×20: the filing's page fits" || fail "filing page too wide"
keys e
wait_for "编辑课程行"
settle
screen | grep "课程名称" | grep -q "任课教师" && ok "60×20: the row editor keeps 任课教师" || fail "row editor header: $(screen | grep 课程名称)"
keys q q
keys q
wait_for "EXIT=0"

# The 人员 tab at 60: the tooltip line gives the selected person's cut or hidden cells in full.
jy_start 60 20 lixiaotang
wait_for "概览"
keys 8
wait_for "工号"
settle
line 17 | grep -q "学校：清源山中等职业学校" && ok "the tooltip line shows the selected row's hidden cells" || fail "tooltip: $(line 17)"
keys q
wait_for "EXIT=0"

# ---- 160×50 ----
jy_start 160 50 wenruogu
wait_for "授课教师"
h=$(line 2)
contains "$h" "等级" && ok "160×50: every column is shown" || fail "160 header: $h"
c_total=$(col "总分")
c_course=$(col "课程")
[ -n "$c_total" ] && [ "$c_total" -lt 80 ] && [ $((c_total - c_course)) -lt 40 ] &&
	ok "160×50: 总分 stays next to 课程 (column $c_total, not pushed to the right edge)" || fail "总分 at $c_total, 课程 at $c_course"
aligned "日期" "类型" "听课人" "授课教师" "课程" && ok "160×50: the columns line up" || fail "misaligned"
keys 2
wait_for "提交时间"
c_sub=$(col "提交时间")
[ -n "$c_sub" ] && [ "$c_sub" -lt 90 ] && ok "160×50: the plans list is compact too (提交时间 at $c_sub)" || fail "提交时间 at $c_sub"
keys q
wait_for "EXIT=0" && ok "quits" || fail "quit"
