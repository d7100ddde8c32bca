#!/bin/sh
# edit: `e` changes an observation in its own form, filled in; `E` (admins) opens the raw record in $VISUAL, a refused
# raw edit is explained and offered again with the text kept; permissions are said before anything is typed; the reply (R).
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
R="$T/repo"
run 0 "$JY" -C "$R" --user ruanzhiheng add observation kind=peer date=2026-11-22 teacher=wenruogu course=原来的课程 \
	period=第1-2节 text.problems=原来的问题 $SCORES score.goal=12
id=$OUT
run 0 "$JY" -C "$R" --user wenruogu obs reply "$id" 老师的回复
path=$("$JY" -C "$R" list observation --format tsv | awk -F'\t' -v id="$id" '$1 == id { print $NF }')

# Editors: one that makes a valid change; one that writes a score above the maximum the first time and, given
# back its own text, corrects it; one that records it ran.
cat > "$T/ed-ok.sh" <<EOF
#!/bin/sh
sed -i 's/^class = .*/class = 原文改的班级/; s/^late = .*/late = 2/' "\$1"
grep -q '^class' "\$1" || sed -i 's/^course = \(.*\)/course = \1\nclass = 原文改的班级/' "\$1"
EOF
cat > "$T/ed-twice.sh" <<EOF
#!/bin/sh
if grep -q '^goal = 99' "\$1"; then
	touch "$T/saw-my-text"
	sed -i 's/^goal = 99/goal = 13/' "\$1"
else
	sed -i 's/^goal = .*/goal = 99/' "\$1"
fi
EOF
cat > "$T/ed-mark.sh" <<EOF
#!/bin/sh
touch "$T/editor-ran"
EOF
chmod +x "$T"/ed-*.sh

# The observer: e opens the same form as a new observation, filled in with the record.
jy_start 80 24 ruanzhiheng VISUAL="$T/ed-mark.sh"
wait_for "原来的课程" || { fail "the TUI starts"; exit 1; }
contains "$(line 3)" "原来的课程" && ok "the new record is at the top" || fail "top row: $(line 3)"
contains "$(line 24)" "e 编辑" && ok "the hint line offers e on my own observation" || fail "hints: $(line 24)"
keys e
wait_for "修改听课记录 $id" && contains "$(screen)" "原来的课程" && contains "$(screen)" "第1-2节" &&
	contains "$(screen)" "温若谷（wenruogu）" && contains "$(screen)" "教学目标    12" &&
	ok "e opens the observation's form filled in (course, period, teacher, scores)" || fail "e form"
[ ! -e "$T/editor-ran" ] && ok "no editor is started for e" || fail "an editor ran on e"
keys Tab Tab Tab Tab Tab Tab
wait_for "> 课程"
keys C-u
type_text "改过的课程"
keys C-s
wait_for "已保存对听课记录 $id 的修改" && wait_for "改过的课程" && ok "Ctrl-S saves the change; the list shows it" || fail "edit saved"
run 0 "$JY" -C "$R" get "$id" course
[ "$OUT" = "改过的课程" ] && ok "the repository has the edit" || fail "course: $OUT"
run 0 "$JY" -C "$R" get "$id" response.text
[ "$OUT" = "老师的回复" ] && ok "the teacher's reply, not in the form, is untouched" || fail "reply: $OUT"
run 0 "$JY" -C "$R" get "$id" text.problems
[ "$OUT" = "原来的问题" ] && ok "fields left alone keep their values" || fail "problems: $OUT"
# A field emptied in the form is removed from the record.
keys e
wait_for "修改听课记录"
keys Tab Tab Tab
wait_for "> 节次"
keys C-u C-s
wait_for "已保存对听课记录"
run 1 "$JY" -C "$R" get "$id" period && ok "an emptied field is removed" || fail "period still: $OUT"
# Raw editing is the admins' (E): a teacher is sent to the form.
keys E
wait_for "编辑记录原文只限管理员" && ok "E is for admins; others are told to use e" || fail "E refused for a teacher"
[ ! -e "$T/editor-ran" ] && ok "the editor did not start" || fail "editor ran"
keys q
wait_for "EXIT=0"

# An admin of the school: E edits the raw record in $VISUAL.
jy_start 80 24 lixiaotang VISUAL="$T/ed-ok.sh"
wait_for "改过的课程"
keys E
wait_for "已保存修改" && ok "E (admin) edits the raw record in \$VISUAL" || fail "E valid edit"
run 0 "$JY" -C "$R" get "$id" class
[ "$OUT" = "原文改的班级" ] && ok "the raw edit is in the repository" || fail "class: $OUT"
keys q
wait_for "EXIT=0"

# A refused raw edit: explained, offered again with the person's own text; fixed the second time.
head1=$(head_of "$R")
jy_start 80 24 lixiaotang VISUAL="$T/ed-twice.sh"
wait_for "改过的课程"
keys E
wait_for "再次编辑" && contains "$(screen)" "教学目标" && contains "$(screen)" "15" &&
	ok "a refused edit is explained (the indicator and its maximum) and offered again" || fail "refused edit"
kept=$(ls "$XDG_STATE_HOME"/jiaoyan/rejected/*.ini 2> /dev/null | head -1)
[ -n "$kept" ] && grep -q "goal = 99" "$kept" && ok "the refused text is kept on disk too" || fail "kept text"
[ "$(head_of "$R")" = "$head1" ] && ok "nothing committed by the refused edit" || fail "HEAD moved"
keys e
wait_for "已保存修改" && ok "e edits again and the corrected text is saved" || fail "second edit"
[ -e "$T/saw-my-text" ] && ok "the editor got back the refused text, not the stored record" || fail "text not kept for the second edit"
run 0 "$JY" -C "$R" get "$id" score.goal
[ "$OUT" = "13" ] && ok "the repository has the corrected score" || fail "goal: $OUT"
keys q
wait_for "EXIT=0"

# Someone else's observation: refused before anything is typed, with the rule; e is not offered.
# (With the default privacy a plain teacher would not even see it: open the group's observations to all.)
run 0 "$JY" -C "$R" --user cenlixing edit group privacy.observations=group || fail "privacy = group"
jy_start 80 24 mowanqing VISUAL="$T/ed-mark.sh"
wait_for "改过的课程"
case "$(line 24)" in *"e 编辑"*) fail "e offered on someone else's observation: $(line 24)" ;; *) ok "e is not offered on someone else's observation" ;; esac
keys e
wait_for "不能修改" && contains "$(screen)" "只能以自己的身份记录听课" && ok "editing someone else's observation is refused with the rule" ||
	fail "permission message"
keys Enter
wait_gone "不能修改"
# Only the observed teacher may reply.
keys R
wait_for "只有被听课的授课教师（温若谷）可以回复" && ok "R by someone else is refused" || fail "R refused"
keys q
wait_for "EXIT=0"

# The observed teacher: R is offered, the reply form shows what it answers; F2 still saves.
run 0 "$JY" -C "$R" --user ruanzhiheng add observation kind=peer date=2026-11-21 teacher=wenruogu course=第二节课 \
	text.problems=板书太小 text.suggestions=用大一号的字 $SCORES
id2=$OUT
jy_start 80 24 wenruogu
wait_for "第二节课"
keys 1
wait_for "我的听课任务"
screen | grep "第二节课" | grep -q "新" && ok "概览 lists the observation of my lesson, marked new" || fail "概览 new mark"
contains "$(line 24)" "R 回复" && ok "R is offered on an observation of my lesson" || fail "R hint: $(line 24)"
keys R
wait_for "我的回复" && ok "R on 概览 opens the reply form" || fail "reply form"
contains "$(screen)" "存在问题 板书太小" && contains "$(screen)" "改进建议 用大一号的字" &&
	ok "the reply form shows the problems and suggestions it answers" || fail "answered texts not shown"
type_text "收到，谢谢！"
keys Enter
type_text "下次注意时间分配。"
keys F2
wait_for "已保存回复" && ok "F2 saves the reply" || fail "save reply"
run 0 "$JY" -C "$R" get "$id2" response.text
[ "$OUT" = "$(printf '收到，谢谢！\n下次注意时间分配。')" ] && ok "the reply is stored exactly as typed" || fail "response: $OUT"
[ "$(git --git-dir="$R" log -1 --format=%an refs/heads/main)" = "温若谷" ] && ok "the reply is committed by the teacher" || fail "author"
screen | grep "第二节课" | grep -q "新" && fail "still marked new after the reply" || ok "no longer marked new"
keys q
wait_for "EXIT=0" && ok "q quits" || fail "quit"
