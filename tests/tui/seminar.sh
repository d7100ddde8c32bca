#!/bin/sh
# seminar: the 研讨 tab through tmux — an owner sees their overdue item on 概览, opens the seminar, ticks the item off
# with a note (stored, gone from 概览), is refused another's item; a seminar recorded in the form; the 台账 screen
# for a member school's admin, refused to a teacher.
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
J() { "$JY" -C "$R" "$@"; }
k() { keys "$@"; sleep 0.15; }
t() { type_text "$1"; sleep 0.15; }
SEM=$(J seminar list --format tsv | awk -F'\t' '$3 ~ /集团教学工作研讨会/ { print $1 }')

# ---- kemingyuan owns an overdue item of the group-wide seminar ----
jy_start 100 32 kemingyuan TERM=xterm-256color
wait_for "概览" || { fail "the interface starts"; exit 1; }
k 1
wait_for "我的研讨会议事项（1 项未完成，1 项逾期" && contains "$(screen)" "逾期    2026-11-11 前  修订电子商务专业中高职衔接课程标准（初稿）" &&
	ok "概览 lists the owner's open item, marked overdue" || fail "overview item"
k 5
wait_for "研讨会议（2026-2027-1 学期，2 次）" && contains "$(screen)" "事项 5 · 未完成 3 · 逾期 2" &&
	ok "5 opens 研讨: the term's seminars with their items' states" || fail "seminar tab"
contains "$(screen)" "师资互派（2026-2027 学年，5 人次）" && contains "$(screen)" "融媒体技术与运营 0/1–2（还差 1 人）" &&
	ok "and the year's exchanges with the quota per specialty, what is missing said" || fail "exchange part"
contains "$(screen)" "参会人员：岑立行、柯明远" && ok "the pane below shows the selected seminar" || fail "detail pane"
contains "$(line 32)" "L 台账" && ok "the hint line offers the ledger" || fail "hint: $(line 32)"
k Enter
wait_for "事项（5 项）" && ok "Enter opens the seminar's page" || fail "seminar page"
k d
wait_for "完成情况说明" && ok "d asks how it was done" || fail "d prompt"
t "初稿已发各校征求意见"
k Enter
wait_for "第 2 项事项已完成" && ok "Enter ticks the owner's own item off" || fail "tick"
[ "$(J get "seminar/$SEM" action.2.state)" = done ] && [ "$(J get "seminar/$SEM" action.2.done)" = 2026-11-22 ] &&
	[ "$(J get "seminar/$SEM" action.2.evidence)" = 初稿已发各校征求意见 ] && ok "stored: done today with the note" ||
	fail "stored tick: $(J show "seminar/$SEM" | sed -n '/action.2/,/^$/p')"
contains "$(screen)" "2. 已完成 2026-11-11  柯明远" && ok "the page shows it done" || fail "page after tick"
k /
t "整改网店运营"
k Enter
k d
wait_for "只有事项的责任人（施明哲）" && ok "d on another's item says whose it is" || fail "refusal on another's item"
[ "$(J get "seminar/$SEM" action.3.state)" = open ] && ok "and changes nothing" || fail "another's item changed"
k q
k 1
wait_gone "我的研讨会议事项" && ok "概览 no longer lists the item" || fail "overview after tick"
k 5
k L
wait_for "只有本校（gz01）的管理员或牵头学校的管理员可以查看该校的工作台账" && ok "a teacher is refused the ledger" || fail "ledger refusal"
k q
wait_for "EXIT=0" || fail "quit"

# ---- lixiaotang, s01's admin: the ledger of s01 ----
jy_start 100 32 lixiaotang TERM=xterm-256color
wait_for "概览" || fail "second start"
k 5
wait_for "研讨会议" || fail "seminar tab again"
k L
wait_for "一、授课计划备案" && contains "$(screen)" "学校      清源山中等职业学校" && contains "$(screen)" "填表人    黎晓棠" &&
	ok "L opens the 台账 of the admin's school with its header block" || fail "ledger screen"
k G
wait_for "五、事项台账" && ok "down to the items register" || fail "ledger end"
k s
wait_for "成员学校的管理员只看本校的台账" && ok "s does not offer other schools to a member school's admin" || fail "s refused"
k q
k q
wait_for "EXIT=0" || fail "quit 2"

# ---- cenlixing records a seminar in the form ----
jy_start 100 32 cenlixing TERM=xterm-256color
wait_for "概览" || fail "third start"
k 5
wait_for "研讨会议" || fail "seminar tab 3"
k a
wait_for "登记研讨会议" && ok "a opens the seminar form" || fail "seminar form"
t "期末教学工作研讨会"
k Tab
# The connection drops: the form was saved as a draft and is offered back at the next start.
tm kill-session -t jy
jy_start 100 32 cenlixing TERM=xterm-256color
wait_for "未完成的研讨会议记录" && ok "after a dropped connection the seminar draft is offered back" || fail "draft offered"
k y
wait_for "登记研讨会议" && contains "$(screen)" "期末教学工作研讨会" && ok "y restores the form with what was typed" || fail "draft restored"
k Tab
k C-u
t "2026-11-25"
k F2
wait_for "已登记研讨会议" && ok "F2 records it" || fail "form save: $(screen | tail -3)"
NEW=$(J seminar list --format tsv | awk -F'\t' '$3 == "期末教学工作研讨会" { print $1 }')
[ -n "$NEW" ] && [ "$(J get "seminar/$NEW" created_by)" = cenlixing ] && [ "$(J get "seminar/$NEW" host)" = gz01 ] &&
	[ "$(J get "seminar/$NEW" date)" = 2026-11-25 ] && ok "stored with the recorder, the host school and the date typed" ||
	fail "stored form seminar: $(J show "seminar/$NEW")"
k 5
wait_for "期末教学工作研讨会" && ok "and it is in the 研讨 list" || fail "new seminar listed"
k q
wait_for "EXIT=0" || fail "quit 3"
