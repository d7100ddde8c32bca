#!/bin/sh
# people: the 人员 tab — admins only (others see no trace of it); an admin lists the school's people, adds one and marks
# one as left through forms; rows pasted from Excel (bracketed paste) are checked as the roster import checks them.
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
J() { "$JY" -C "$R" "$@"; }
# paste TEXT: what a terminal sends when TEXT is pasted into an application that asked for bracketed paste.
paste_keys() { tm send-keys -t jy -l "$(printf '\033[200~%s\033[201~' "$1")"; }

# A teacher: seven tabs, no 人员, and 8 goes nowhere.
jy_start 80 24 wenruogu
wait_for "概览" || { fail "the TUI starts"; exit 1; }
contains "$(line 1)" "7 同步" && ! contains "$(line 1)" "人员" 2> /dev/null && ok "a teacher has no 人员 tab" || fail "tab bar: $(line 1)"
keys 8
sleep 0.3
contains "$(line 1)" "1 概览" && contains "$(screen)" "我的听课任务" && ok "8 does not reach a hidden tab" || fail "8 went somewhere"
keys Tab Tab Tab Tab Tab Tab Tab
wait_for "我的听课任务" && ok "Tab cycles through the seven visible tabs only" || fail "Tab reached a hidden tab"
keys q
wait_for "EXIT=0"

# The admin of 清源山: their school's people with roles, title, 双师型, certificate.
jy_start 80 24 lixiaotang NO_COLOR=1
wait_for "概览"
contains "$(line 1)" "8 人员" && ok "an admin has the 人员 tab" || fail "no 人员 tab: $(line 1)"
keys 8
wait_for "工号" && wait_for "人员 · 清源山中等职业学校" && ok "8 opens the school's people" || fail "people tab"
s=$(screen)
contains "$s" "温若谷" && contains "$s" "副高级" && contains "$s" "角色" && contains "$s" "双师型" && ok "people are listed with roles, title and 双师型" ||
	fail "people list"
contains "$s" "尤凯" 2> /dev/null && fail "another school's person is listed" || ok "only the admin's own school"
contains "$(line 24)" "a 新增" && ok "the hint line offers a" || fail "hints: $(line 24)"

# Add a person through the form.
keys a
wait_for "新增人员"
type_text "fangyuan"
keys Tab
type_text "方圆"
keys Tab Tab
type_text "教师、听课员"
keys Tab Right Right Right
keys Tab Right
keys Tab Right
keys C-s
wait_for "已新增人员 fangyuan" && ok "a person is added from the form" || fail "add person"
run 0 J get person/fangyuan roles
[ "$OUT" = "teacher,observer" ] && ok "roles typed in Chinese are stored as codes" || fail "roles: $OUT"
run 0 J get person/fangyuan school
[ "$OUT" = "s01" ] && ok "the school defaults to the admin's" || fail "school: $OUT"
run 0 J get person/fangyuan title
[ "$OUT" = "intermediate" ] && ok "the title was picked" || fail "title: $OUT"
wait_for "方圆" && ok "the new person is listed" || fail "not listed"

# Mark a person as left: asked first, recorded, gone from the list (L shows them again).
keys g
for i in 1 2 3 4 5 6 7 8 9 10 11; do line_sel=$(screen | grep "zhongkexin"); reverse_on "$(screen | grep -n zhongkexin | cut -d: -f1)" && break; keys j; done
keys d
wait_for "今天离开" && contains "$(screen)" "钟可欣" && ok "d asks before marking the person as left" || fail "deactivate question"
keys y
wait_for "已登记 钟可欣 离开" && ok "the person is marked as left" || fail "deactivate"
run 0 J get person/zhongkexin state
[ "$OUT" = "left" ] && ok "state = left in the repository" || fail "state: $OUT"
wait_gone "zhongkexin" && ok "people who left are not listed" || fail "still listed"
keys L
wait_for "zhongkexin" && contains "$(screen)" "已离开" && ok "L lists them too, as 已离开" || fail "L"

# Paste rows from Excel: one new person, one existing person updated; a bad row refuses the whole paste.
h=$(head_of "$R")
paste_keys "$(printf '工号\t姓名\t学校\t角色\t职称\nzhoukai\t周凯\ts01\t老师\t中级\n')"
wait_for "没有导入" && contains "$(screen)" "第 2 行" && contains "$(screen)" "角色" && ok "a bad pasted row is refused naming its line" ||
	fail "bad paste"
[ "$(head_of "$R")" = "$h" ] && ok "the refused paste wrote nothing" || fail "HEAD moved"
keys Enter
wait_gone "没有导入"
paste_keys "$(printf 'zhoukai\t周凯\ts01\t教师\t中级\tno\tyes\t\t\npuqing\t蒲晴\ts01\t教师、听课员\t副高级\tyes\tyes\t\t\n')"
wait_for "新增 1 人，更新 1 人" && ok "pasted rows (no header) are checked and summed up before writing" || fail "paste summary"
keys y
wait_for "已写入：新增 1 人，更新 1 人" && ok "y writes them" || fail "paste written"
[ "$(git --git-dir="$R" rev-list --count "$h"..refs/heads/main)" = 1 ] && ok "in one commit" || fail "not one commit"
run 0 J get person/puqing roles
[ "$OUT" = "teacher,observer" ] && ok "the existing person is updated, not duplicated" || fail "puqing roles: $OUT"
[ "$(J list person --format tsv | grep -c '^puqing')" = 1 ] && ok "one puqing" || fail "duplicated"
run 0 J get person/zhoukai name
[ "$OUT" = "周凯" ] && ok "the new person is added" || fail "zhoukai: $OUT"
keys q
wait_for "EXIT=0" && ok "quits" || fail "quit"

# A member school's admin cannot touch another school's people: the paste says so, nothing written.
h=$(head_of "$R")
jy_start 80 24 lixiaotang
wait_for "概览"
keys 8
wait_for "工号"
paste_keys "$(printf 'youkai\t尤凯\ts02\t教师\t中级\n')"
wait_for "没有导入" && contains "$(screen)" "只能管理本校" && ok "another school's person is refused by the person rules" || fail "scope"
[ "$(head_of "$R")" = "$h" ] && ok "nothing written" || fail "HEAD moved"
keys Enter q
wait_for "EXIT=0"
