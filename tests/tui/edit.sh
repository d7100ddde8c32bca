#!/bin/sh
# edit: `e` opens the record in $VISUAL (validated on exit, refused edits explained and kept), permissions, and the teacher's reply (R).
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
R="$T/repo"
run 0 "$JY" -C "$R" --user ruanzhiheng add observation kind=peer date=2026-11-22 teacher=wenruogu course=原来的课程 $SCORES score.goal=12
id=$OUT

# Editors: one that makes a valid change, one that writes a score above the maximum, one that records it ran.
cat > "$T/ed-ok.sh" <<EOF
#!/bin/sh
sed -i 's/^course = .*/course = 改过的课程/' "\$1"
EOF
cat > "$T/ed-bad.sh" <<EOF
#!/bin/sh
sed -i 's/^goal = .*/goal = 99/' "\$1"
EOF
cat > "$T/ed-mark.sh" <<EOF
#!/bin/sh
touch "$T/editor-ran"
EOF
chmod +x "$T"/ed-*.sh

jy_start 80 24 ruanzhiheng VISUAL="$T/ed-ok.sh"
wait_for "原来的课程" || { fail "the TUI starts"; exit 1; }
contains "$(line 3)" "原来的课程" && ok "the new record is at the top" || fail "top row: $(line 3)"
keys e
wait_for "已保存修改" && wait_for "改过的课程" && ok "e edits in \$VISUAL; the change is saved and shown" || fail "e valid edit"
run 0 "$JY" -C "$R" get "$id" course
[ "$OUT" = "改过的课程" ] && ok "the repository has the edit" || fail "course: $OUT"
keys q
wait_for "EXIT=0"

head1=$(head_of "$R")
jy_start 80 24 ruanzhiheng VISUAL="$T/ed-bad.sh"
wait_for "改过的课程"
keys e
wait_for "修改没有保存" && contains "$(screen)" "教学目标" && contains "$(screen)" "15" &&
	ok "a refused edit is explained (the indicator and its maximum)" || fail "refused edit message"
kept=$(ls "$XDG_STATE_HOME"/jiaoyan/rejected/*.ini 2> /dev/null | head -1)
[ -n "$kept" ] && grep -q "goal = 99" "$kept" && ok "the refused text is kept" || fail "kept text"
contains "$(screen | tr -d '\n')" "rejected" && ok "the message says where the text was kept" || fail "kept path not shown"
[ "$(head_of "$R")" = "$head1" ] && ok "nothing committed" || fail "HEAD moved"
keys Enter
wait_gone "修改没有保存" && contains "$(line 2)" "日期" && ok "any key closes the message" || fail "close alert"
keys q
wait_for "EXIT=0"

# Someone else's observation: refused before the editor opens, with records_permit's message.
# (With the default privacy a plain teacher would not even see it: open the group's observations to all.)
run 0 "$JY" -C "$R" --user cenlixing edit group privacy.observations=group || fail "privacy = group"
jy_start 80 24 mowanqing VISUAL="$T/ed-mark.sh"
wait_for "改过的课程"
keys e
wait_for "不能编辑" && contains "$(screen)" "只能以自己的身份记录听课" && ok "editing someone else's observation is refused with the rule" ||
	fail "permission message"
[ ! -e "$T/editor-ran" ] && ok "the editor was not even started" || fail "editor ran"
keys Enter
# Only the observed teacher may reply.
keys R
wait_for "只有被听课的授课教师（温若谷）可以回复" && ok "R by someone else is refused" || fail "R refused"
keys q
wait_for "EXIT=0"

# The observed teacher: marked as new on 概览, replies with R.
jy_start 80 24 wenruogu
wait_for "改过的课程"
keys 1
wait_for "我的听课任务"
screen | grep "改过的课程" | grep -q "新" && ok "概览 lists the observation of my lesson, marked new" || fail "概览 new mark"
keys R
wait_for "我的回复" && ok "R on 概览 opens the reply form" || fail "reply form"
type_text "收到，谢谢！"
keys Enter
type_text "下次注意时间分配。"
keys F2
wait_for "已保存回复" && ok "F2 saves the reply" || fail "save reply"
run 0 "$JY" -C "$R" get "$id" response.text
[ "$OUT" = "$(printf '收到，谢谢！\n下次注意时间分配。')" ] && ok "the reply is stored exactly as typed" || fail "response: $OUT"
[ "$(git --git-dir="$R" log -1 --format=%an refs/heads/main)" = "温若谷" ] && ok "the reply is committed by the teacher" || fail "author"
screen | grep "改过的课程" | grep -q "新" && fail "still marked new after the reply" || ok "no longer marked new"
keys q
wait_for "EXIT=0" && ok "q quits" || fail "quit"
