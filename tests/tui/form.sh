#!/bin/sh
# form: log an observation entirely through keystrokes (Chinese typed, picked from lists), refuse a score above its maximum, save with F2, Esc asks.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
R="$T/repo"
head0=$(head_of "$R")
count0=$("$JY" -C "$R" list observation --format tsv | wc -l)

jy_start 80 24 ruanzhiheng
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }
keys a
wait_for "新增听课记录" && contains "$(screen)" "阮志恒（ruanzhiheng）· 以本人身份记录" && contains "$(line 24)" "Ctrl-S 保存" &&
	ok "a opens the new-observation form as myself; the hint line shows Ctrl-S" || fail "a opens the form"
contains "$(screen)" "日期        2026-11-22" && contains "$(screen)" "清源山中等职业学校（s01）" &&
	ok "date defaults to today, school to mine" || fail "defaults"
contains "$(screen)" "满分 15 · 权重 15" && ok "one score field per indicator with its maximum" || fail "score fields"

# 类型: type Chinese into the pick list's filter and take the match.
type_text "督导"
wait_for "筛选：督导" && contains "$(screen)" "督导听课" && ok "typing on a pick field filters its list (Chinese)" || fail "pick filter"
keys Enter
keys Tab Right
wait_for "推门听课" && ok "→ changes 听课方式 to 推门听课" || fail "announced"
keys Tab Tab
type_text "第5-6节"
keys Tab Tab
# 授课教师 from the roster, found by part of the name.
type_text "若谷"
wait_for "温若谷（wenruogu）" && ok "the teacher is found in the roster by part of the name" || fail "teacher filter"
keys Enter
keys Tab
type_text "数学（基础模块）"
keys Tab
type_text "2025级融媒体1班"
keys Tab
type_text "教学楼407"
keys Tab
type_text "41"
keys Tab
type_text "1"
keys Tab
# A score above its maximum: refused with the rubric's message next to the field.
type_text "25"
keys Tab
wait_for "应为 0 到 15" && ok "a score above its maximum is refused with a message under the field" || fail "score message"
keys F2
wait_for "需要修改" && ok "F2 with a refused score does not save and says why" || fail "F2 refused"
[ "$(head_of "$R")" = "$head0" ] && ok "nothing committed (HEAD unchanged)" || fail "HEAD moved after a refused save"
# F2 put the focus on the refused field.
keys C-u
type_text "14"
keys Tab
wait_gone "应为 0 到 15" && ok "a corrected score clears the message" || fail "message stays"
for s in 18 17 13 9 18; do
	type_text "$s"
	keys Tab
done
wait_for "89 分 · 等级 良" && ok "the weighted total and grade are computed live" || fail "live total"
# Multi-line text: Enter is a newline; ; and # survive (the codec escapes them).
type_text "目标明确；"
keys Enter
type_text "示范规范 #1; 节奏好"
keys Tab
type_text "个别学生注意力不集中"
keys Tab
type_text "增加分层任务"
keys F2
wait_for "已保存听课记录" && ok "F2 saves" || fail "F2 save"
id=$(screen | sed -n 's/.*已保存听课记录 \([0-9a-z]\{26\}\).*/\1/p' | head -1)
[ -n "$id" ] && ok "the status line names the new record ($id)" || fail "no id in the status line"
contains "$(line 3)" "温若谷" && contains "$(line 3)" "数学（基础模块）" && ok "the new record is selected at the top of the list" ||
	fail "new record not selected: $(line 3)"

run 0 "$JY" -C "$R" list observation --format tsv
contains "$OUT" "$id" && contains "$OUT" "数学（基础模块）" && ok "jiaoyan list observation shows it" || fail "list"
[ "$(echo "$OUT" | wc -l)" -eq $((count0 + 1)) ] && ok "exactly one record added" || fail "count"
run 0 "$JY" -C "$R" show "$id"
show=$OUT
for kv in "kind = supervise" "announced = no" "date = 2026-11-22" "period = 第5-6节" "school = s01" \
	"observer = ruanzhiheng" "teacher = wenruogu" "course = 数学（基础模块）" "class = 2025级融媒体1班" \
	"room = 教学楼407" "students = 41" "late = 1" "goal = 14" "content = 18" "method = 17" \
	"organisation = 13" "ideology = 9" "effect = 18" "total = 89" "grade = 良" \
	"problems = 个别学生注意力不集中" "suggestions = 增加分层任务"; do
	contains "$show" "$kv" 2> /dev/null || lacks="$lacks '$kv'"
done
[ -z "${lacks:-}" ] && ok "show has every typed value and score" || fail "show lacks$lacks"
run 0 "$JY" -C "$R" get "$id" text.strengths
[ "$OUT" = "$(printf '目标明确；\n示范规范 #1; 节奏好')" ] && ok "the multi-line text is exactly what was typed" ||
	fail "strengths: $(printf %s "$OUT" | od -c | head -5)"
[ "$(git --git-dir="$R" log -1 --format=%an refs/heads/main)" = "阮志恒" ] && ok "committed with the observer as author" || fail "author"
[ ! -e "$XDG_STATE_HOME/jiaoyan/drafts/ruanzhiheng.ini" ] && ok "the draft is removed after the save" || fail "draft left behind"

# Esc asks before discarding; n keeps the form, y discards (and its draft).
head1=$(head_of "$R")
keys a
wait_for "新增听课记录"
keys Tab Tab Tab Tab Tab Tab
type_text "要放弃的课"
keys Escape
wait_for "放弃这条听课记录吗" && ok "Esc asks before discarding" || fail "Esc asks"
keys n
wait_gone "放弃这条听课记录吗" && contains "$(screen)" "要放弃的课" && ok "n keeps the form and what was typed" || fail "n keeps"
keys Escape
wait_for "放弃这条听课记录吗"
keys y
wait_gone "新增听课记录" && contains "$(line 2)" "日期" && ok "y discards and goes back to the list" || fail "y discards"
[ "$(head_of "$R")" = "$head1" ] && ok "nothing committed by a discarded form" || fail "HEAD moved"
[ ! -e "$XDG_STATE_HOME/jiaoyan/drafts/ruanzhiheng.ini" ] && ok "the discarded form's draft is removed" || fail "draft left"

# A required field left empty is named when F2 is pressed.
keys a
wait_for "新增听课记录"
keys F2
wait_for "必填" && contains "$(screen)" "授课教师" && wait_for "需要修改" && ok "F2 on an empty form names the required fields" ||
	fail "required fields"
[ "$(head_of "$R")" = "$head1" ] && ok "nothing committed" || fail "HEAD moved"
keys Escape
keys y
keys q
wait_for "EXIT=0" && ok "q quits" || fail "quit"
