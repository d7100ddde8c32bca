#!/bin/sh
# exam: the 联考 tab (6) through tmux at 80×24 — the demo exam with its committee, release time, blueprint and 未组卷; a
# committee member types the passphrase once (shown as dots, never as text), assembles, and sees the paper beside its
# check; swaps an item and sees the check again; a teacher of a member school sees 已密封 and cannot open it; the demo's
# past exam (released, three schools reported) opens its results view with s: schools, distribution, items, marks.
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
J() { "$JY" -C "$R" "$@"; }
k() { keys "$@"; sleep 0.15; }
lacks() { case "$1" in *"$2"*) echo "# unexpected '$2'" >&2; return 1 ;; esac; }
printf 'suyuan-pass-1\n' > "$T/p.su"
printf 'yanshuyao-pass\n' > "$T/p.yan"
env JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan key gen > /dev/null &&
	env JIAOYAN_PASSPHRASE_FILE="$T/p.yan" "$JY" -C "$R" --user yanshuyao key gen > /dev/null || fail "keys"

jy_start 80 24 suyuan TERM=xterm-256color
wait_for "授课教师" || { fail "the interface starts"; exit 1; }
contains "$(line 1)" "6 联考 │ 7 同步" && ok "联考 is tab 6, before 同步" || fail "tab bar: $(line 1)"
k 6
wait_for "网店运营期末联考" && contains "$(screen)" "A 未组卷" && contains "$(screen)" "命题组：苏予安、闫书瑶" &&
	contains "$(screen)" "1. 单选题 4 道 × 4 分" && ok "the exam with its committee, papers' state and blueprint" || fail "exam tab"
contains "$(screen)" "你是命题组成员" && contains "$(line 24)" "a 组卷" && ok "a committee member is offered a (组卷)" ||
	fail "hint: $(line 24)"
k a
wait_for "口令（Enter 确认" || fail "a asks the passphrase"
type_text "wrong-pass"
sleep 0.2
contains "$(line 24)" "••••••••••" && lacks "$(screen)" "wrong-pass" && ok "the passphrase shows as dots only" ||
	fail "masked: $(line 24)"
k Enter
wait_for "口令不对" && ok "a wrong passphrase is refused" || fail "wrong passphrase"
k a
wait_for "口令（Enter 确认" || fail "asked again"
type_text "suyuan-pass-1"
k Enter
wait_for "随机种子" || fail "seed prompt"
k Enter
wait_for "A 卷：14 题" && contains "$(screen)" "平均难度（按分值加权）" && contains "$(screen)" "2.73" &&
	ok "assembled: the paper's items above, its check below" || fail "paper view"
contains "$(screen)" "✓" && lacks "$(screen)" "✗" && ok "every constraint ✓" || fail "check marks"
! grep -q "suyuan-pass-1" "$T/tui.err" && ok "nothing of the passphrase on stderr" || fail "stderr"
# A swap from inside the paper: a type that does not fit is refused, the check stays.
TF=$(J bank list --course 网店运营 --state 已审核 --type 判断 --format tsv | tail -n +2 | cut -f1 | head -1)
k s
wait_for "换入的试题编号" || fail "s asks for the question"
type_text "$TF"
k Enter
wait_for "同一题型" && ok "a swap of another type is refused in the interface" || fail "swap refused"
k q
wait_for "A 已密封" && ok "back on the list: A 已密封" || fail "list state"
k q
wait_for "EXIT=0" || fail "quit"

# ---- a teacher of a member school ----
jy_start 80 24 mowanqing TERM=xterm-256color
wait_for "授课教师" || fail "restart"
k 6
wait_for "A 已密封" && contains "$(screen)" "只有命题组成员能看到" && ok "another teacher sees 已密封" || fail "outsider list"
k Enter
wait_for "已密封：启封时间" && lacks "$(screen)" "口令（" && ok "and cannot open it (not even asked for a passphrase)" ||
	fail "outsider open"
k a
wait_for "只有命题组成员可以" && ok "nor assemble" || fail "outsider assemble"
k q
wait_for "EXIT=0" || fail "quit 2"

# ---- the results of the demo's past exam, at 80×24 ----
P=$(J exam list --format tsv | awk -F'\t' '$4 == "传感器应用技术期中联考" { print $1 }')
MEAN=$(J exam stats "$P" --format tsv | awk -F'\t' '$1 == "all" { printf "%.2f", $3 }')
jy_start 80 24 mowanqing TERM=xterm-256color
wait_for "授课教师" || fail "restart 3"
k 6
wait_for "网店运营期末联考" || fail "exam tab 3"
k s
wait_for "试卷启封、各校报送成绩以后才有成绩分析" && ok "s on an exam not yet sat says when results come" || fail "s on the coming exam"
k j
wait_for "成绩：已报送 清源山中等职业学校 46 人" && ok "the past exam's detail names who reported" || fail "reported line"
contains "$(line 24)" "s 成绩" && ok "the hint line offers s (成绩)" || fail "hint: $(line 24)"
k s
wait_for "传感器应用技术期中联考 成绩分析" && contains "$(screen)" "试卷 A（满分 100 分）" && contains "$(screen)" "泉南技工学校" &&
	contains "$(screen)" "全体" && contains "$(screen)" "$MEAN" && ok "s opens the results: the school table with the pooled mean $MEAN" ||
	fail "results view"
contains "$(screen)" "成绩分布（各校学生所占比例）" && contains "$(screen)" "█" && ok "the distribution as block bars per school" ||
	fail "distribution"
[ "$(screen | wc -l)" -le 24 ] && contains "$(line 24)" "p 换卷" && ok "it fits 80×24, its keys on the hint line" || fail "fit: $(line 24)"
k G
wait_for "修改或淘汰" && contains "$(screen)" "过易" && contains "$(screen)" "得分率与其他学校相差超过 0.2 的题目" &&
	contains "$(screen)" "第 11 题：海丝路职业中专学校" && ok "the items with their flags, and the schools far off on an item" || fail "items and marks"
k q
wait_for "传感器应用技术期中联考" && wait_gone "成绩分析" && ok "q goes back to the exams" || fail "back"
k q
wait_for "EXIT=0" || fail "quit 3"
