#!/bin/sh
# draft: the form autosaves on every change; killing the terminal mid-form (SIGHUP) loses nothing; the next start offers it back.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
R="$T/repo"
D="$XDG_STATE_HOME/jiaoyan/drafts/ruanzhiheng.ini"
head0=$(head_of "$R")

jy_start 80 24 ruanzhiheng
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }
keys a
wait_for "新增听课记录"
keys Right Tab Left Tab C-u
type_text "2026-11-20"
keys Tab
type_text "第1-2节"
keys Tab Tab
type_text "lina"
keys Escape
type_text "苏予"
keys Enter Tab
type_text "物联网应用开发"
keys Tab
type_text "2024级物联网2班"
keys Tab
type_text "实训楼301"
keys Tab
type_text "38"
keys Tab
type_text "0"
keys Tab
for s in 12 16 15 12 8 15.5; do
	type_text "$s"
	keys Tab
done
type_text "小组分工明确"
keys Enter
type_text "设备调试到位"
keys Tab
type_text "讲授时间偏长"
keys Tab
type_text "最后一句还没写完"
wait_for "最后一句还没写完" || fail "typed the last field"
wait_until '[ -f "$D" ] && grep -q "text.suggestions = 最后一句还没写完" "$D"'
[ -f "$D" ] && ok "a draft is written under \$XDG_STATE_HOME/jiaoyan/drafts/<person>.ini" || fail "no draft at $D"
grep -q "text.suggestions = 最后一句还没写完" "$D" && ok "the draft holds the last keystroke" || fail "draft: $(cat "$D")"
[ "$(stat -c %a "$XDG_STATE_HOME/jiaoyan/drafts")" = 700 ] && ok "the drafts directory is private (700)" || fail "drafts dir mode"

# The SSH connection drops: the terminal goes away under the form.
tm kill-session -t jy
wait_until '! tm has-session -t jy 2> /dev/null'
[ "$(head_of "$R")" = "$head0" ] && ok "nothing committed by the dropped session" || fail "HEAD moved"
grep -q "text.suggestions = 最后一句还没写完" "$D" && ok "the draft survives the hang-up" || fail "draft lost"

# Next start: offered back.
jy_start 80 24 ruanzhiheng
wait_for "未完成的听课记录" && contains "$(screen)" "y  恢复" && ok "the next start offers the draft" || fail "no offer"
keys n
wait_gone "未完成的听课记录" && [ -f "$D" ] && ok "n (not now) keeps the draft" || fail "n"
keys q
wait_for "EXIT=0"
jy_start 80 24 ruanzhiheng
wait_for "未完成的听课记录" && ok "offered again at the following start" || fail "second offer"
keys y
wait_for "新增听课记录" && wait_for "最后一句还没写完" && ok "y reopens the form where it was left" || fail "restore"
keys PPage PPage PPage PPage PPage
wait_for "苏予安（suyuan）" && contains "$(screen)" "推门听课" && contains "$(screen)" "2026-11-20" &&
	contains "$(screen)" "第1-2节" && contains "$(screen)" "领导听课" && ok "the restored form shows the picked and typed values" ||
	fail "restored values"
keys F2
wait_for "已保存听课记录" && ok "the restored form saves with F2" || fail "save restored"
id=$(screen | sed -n 's/.*已保存听课记录 \([0-9a-z]\{26\}\).*/\1/p' | head -1)
run 0 "$JY" -C "$R" show "$id"
show=$OUT
missing=""
for kv in "kind = leader" "announced = no" "date = 2026-11-20" "period = 第1-2节" "teacher = suyuan" \
	"course = 物联网应用开发" "class = 2024级物联网2班" "room = 实训楼301" "students = 38" "late = 0" \
	"goal = 12" "content = 16" "method = 15" "organisation = 12" "ideology = 8" "effect = 15.5" \
	"problems = 讲授时间偏长" "suggestions = 最后一句还没写完"; do
	case "$show" in *"$kv"*) ;; *) missing="$missing '$kv'" ;; esac
done
[ -z "$missing" ] && ok "every field was restored (show has all the typed values)" || fail "missing after restore:$missing"
run 0 "$JY" -C "$R" get "$id" text.strengths
[ "$OUT" = "$(printf '小组分工明确\n设备调试到位')" ] && ok "the multi-line text was restored exactly" || fail "strengths: $OUT"
[ ! -f "$D" ] && ok "the draft is removed after the save" || fail "draft left"
keys q
wait_for "EXIT=0"

# d deletes a draft.
jy_start 80 24 ruanzhiheng
wait_for "授课教师"
keys a
wait_for "新增听课记录"
keys Tab Tab Tab Tab Tab Tab
type_text "草稿"
wait_until 'grep -q "草稿" "$D" 2> /dev/null'
tm kill-session -t jy
wait_until '! tm has-session -t jy 2> /dev/null'
jy_start 80 24 ruanzhiheng
wait_for "未完成的听课记录"
keys d
wait_for "草稿已删除" && [ ! -f "$D" ] && ok "d deletes the draft" || fail "d"
keys q
wait_for "EXIT=0" && ok "q quits" || fail "quit"

# A reply in progress is a draft of its own: it does not replace a kept observation draft.
jy_start 80 24 ruanzhiheng
wait_for "授课教师"
keys a
wait_for "新增听课记录"
keys Tab Tab Tab Tab Tab Tab
type_text "留着以后写"
wait_until 'grep -q "留着以后写" "$D" 2> /dev/null'
tm kill-session -t jy
wait_until '! tm has-session -t jy 2> /dev/null'
jy_start 80 24 ruanzhiheng
wait_for "未完成的听课记录"
keys n
keys 1
wait_for "对我的课的听课记录"
keys R
wait_for "我的回复"
type_text "回复写到一半"
wait_until 'grep -q "回复写到一半" "$XDG_STATE_HOME/jiaoyan/drafts/reply/ruanzhiheng.ini" 2> /dev/null' &&
	ok "a reply autosaves to drafts/reply/<person>.ini" || fail "reply draft"
grep -q "留着以后写" "$D" && ok "the kept observation draft is untouched" || fail "observation draft overwritten"
tm kill-session -t jy
wait_until '! tm has-session -t jy 2> /dev/null'
jy_start 80 24 ruanzhiheng
wait_for "未完成的听课记录"
keys n
wait_for "未完成的回复" && ok "both drafts are offered, one after the other" || fail "reply draft offer"
keys y
wait_for "回复写到一半" && ok "the reply form is restored" || fail "reply restore"
keys F2
wait_for "已保存回复" && [ ! -f "$XDG_STATE_HOME/jiaoyan/drafts/reply/ruanzhiheng.ini" ] && [ -f "$D" ] &&
	ok "saving the reply removes only its draft" || fail "reply save/draft removal"
keys q q
wait_for "EXIT=0" && ok "q quits" || fail "quit"

# The question form keeps its draft too (the options it grew included), and an edit of an observation in its form.
rm -f "$D"
jy_start 80 24 suyuan
wait_for "授课教师"
keys 4
wait_for "题型"
keys a
wait_for "新增哪种题型"
keys 2
wait_for "新增多选题"
keys Tab Tab Tab Tab Tab
type_text "断线前写的题干"
for o in 甲 乙 丙 丁 戊; do
	keys Tab
	type_text "$o"
done
QD="$XDG_STATE_HOME/jiaoyan/drafts/question/suyuan.ini"
wait_until 'grep -q "戊" "$QD" 2> /dev/null' && ok "the question form autosaves to drafts/question/<person>.ini" || fail "question draft"
tm kill-session -t jy
wait_until '! tm has-session -t jy 2> /dev/null'
jy_start 80 24 suyuan
wait_for "未完成的试题" && ok "the question draft is offered at the next start" || fail "question draft offer"
keys y
wait_for "断线前写的题干" && wait_for "选项 E   戊" && ok "the multiple-choice form comes back with its five options" || fail "question restore"
keys Escape
wait_for "放弃这道题" && keys y
wait_gone "新增多选题"
[ ! -f "$QD" ] && ok "discarding the form removes its draft" || fail "question draft left"
keys q
wait_for "EXIT=0"
