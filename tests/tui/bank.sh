#!/bin/sh
# bank: the 题库 tab through tmux — an examiner writes a multiple-choice item with Chinese options in the form (options
# grow as they fill), another examiner of the specialty approves it with a comment (the author is not offered v), it is
# found by `/`; rows pasted from Excel are added after confirmation; a near duplicate asks before it is saved; an item of
# the demo's released past paper shows its P and D there (80×24).
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
J() { "$JY" -C "$R" "$@"; }
k() { keys "$@"; sleep 0.15; }
t() { type_text "$1"; sleep 0.15; }
paste() { tm set-buffer -- "$1" && tm paste-buffer -p -t jy; }
new_id() { J bank list --course 网店运营 --text "$1" --format tsv | tail -n +2 | cut -f1 | head -1; }

# ---- suyuan (examiner of 电子商务) writes a multiple choice ----
jy_start 100 32 suyuan TERM=xterm-256color
wait_for "概览" || { fail "the interface starts"; exit 1; }
k 4
wait_for "题干" && contains "$(screen)" "电子商务 · 草稿 2 · 已退回 1 · 已审核 14" &&
	ok "4 opens 题库 on one's own specialty, with counts per state in the title" || fail "bank tab"
contains "$(screen)" "✔ D. 卖家所在城市的人口数量" && contains "$(screen)" "答案：D" &&
	ok "the pane shows the item as a student sees it, the answer marked below" || fail "detail pane"
k a
wait_for "新增哪种题型" || fail "a asks the type"
k 2
wait_for "新增多选题" && ok "a → 2 opens the multiple-choice form" || fail "multiple-choice form"
contains "$(screen)" "530701-c01 网店运营" && ok "the course is the one the tab shows" || fail "course preset"
k Tab
k Right # difficulty 4
k Tab
k Right
k Right # 理解
k Tab
t "项目四 用户运营"
k Tab
t "会员权益"
k Tab
t "网店会员体系中，常见的会员权益有哪些？"
k Tab
t "专属折扣"
k Tab
t "积分兑换"
k Tab
t "生日礼包"
k Tab
t "免费赠送店铺股份"
k Tab
wait_for "选项 E" && ok "a fifth option field appears once the fourth is filled" || fail "options grow"
t "会员日专享活动"
k Tab
wait_for "选项 F" || fail "a sixth option field"
k Tab
t "abce"
k Tab
k C-u
t "3"
k F2
wait_for "已添加" && ok "F2 saves the item as a draft" || fail "save"
Q=$(new_id 会员权益)
[ -n "$Q" ] && [ "$(J get "question/$Q" answer)" = ABCE ] && [ "$(J get "question/$Q" options.E)" = 会员日专享活动 ] &&
	[ "$(J get "question/$Q" level)" = understand ] && [ "$(J get "question/$Q" author)" = suyuan ] && [ "$(J get "question/$Q" state)" = draft ] &&
	[ "$(J get "question/$Q" difficulty)" = 4 ] && ok "stored: Chinese options A–E, answer ABCE, level 理解, difficulty 4, by suyuan" ||
	fail "stored item: $(J show "question/$Q" | head -30)"
# The author is not offered a review, and pressing v says why.
! contains "$(screen)" "v 审核" 2> /dev/null && ok "no review action is offered to the author" || fail "review offered to the author"
k v
wait_for "命题人不能审核自己的试题" && ok "v explains the author cannot review their own item" || fail "author refusal"
k q
wait_for "EXIT=0" || fail "quit"

# ---- yanshuyao (another examiner) finds it by / and approves it ----
jy_start 100 32 yanshuyao TERM=xterm-256color
wait_for "概览" || fail "second start"
k 4
wait_for "题干" || fail "bank tab again"
k /
t "会员日专享"
k Enter
wait_for "会员日专享活动" && contains "$(screen)" "网店会员体系中" && ok "/ finds the item by the text of an option" || fail "search"
contains "$(screen)" "v 审核" && ok "another examiner of the specialty is offered v" || fail "v not offered"
k v
wait_for "审核试题 $Q" || fail "review form"
k Tab
t "选项设置合理，可以通过。"
k F2
wait_for "已审核通过 $Q" && ok "v approves it with a comment" || fail "approve"
[ "$(J get "question/$Q" state)" = approved ] && [ "$(J get "question/$Q" review.1.reviewer)" = yanshuyao ] &&
	[ "$(J get "question/$Q" review.1.comment)" = "选项设置合理，可以通过。" ] && ok "stored: approved, review.1 by yanshuyao with the comment" ||
	fail "stored approval"
k Enter
wait_for "审核记录" && contains "$(screen)" "闫书瑶  通过：选项设置合理" && ok "Enter shows the whole item with its review round" || fail "review in detail"
k q
wait_gone "审核记录" || fail "back from the detail"

# ---- paste rows copied from Excel ----
h=$(head_of "$R")
paste "$(printf '判断题\t1\t项目四 用户运营\t会员等级\t识记\t会员等级越高，享受的折扣通常越大。\t\t\t\t\t\t\t\t\t正确\t1\t\n单选题\t2\t项目四 用户运营\t复购率\t应用\t本月购买 2 次及以上的顾客 120 人，购买顾客共 600 人，复购率是多少？\t10%%\t20%%\t25%%\t50%%\t\t\t\t\tB\t2\t120 ÷ 600 = 20%%\n')"
wait_for "粘贴了 2 道题" && contains "$(screen)" "《网店运营》" && ok "pasted rows are checked and shown for confirmation" || fail "paste confirmation"
[ "$(head_of "$R")" = "$h" ] && ok "nothing is written before the confirmation" || fail "wrote before confirming"
k y
wait_for "已添加 2 道题" && [ "$(git --git-dir="$R" rev-list --count "$h"..refs/heads/main)" = 1 ] &&
	[ -n "$(new_id 复购率是多少)" ] && ok "y adds them as drafts in one commit" || fail "paste add"

# ---- a near duplicate asks first ----
k a
wait_for "新增哪种题型" || fail "a again"
k 3
wait_for "新增判断题" || fail "true/false form"
k Tab
k Tab
k Tab
k Tab
k Tab
t "店铺访客数越多，支付转化率就一定越高吧。"
k F2
wait_for "与已有试题相似" && contains "$(screen)" "相似度 0." && ok "a near match shows the similar item and its similarity before saving" ||
	fail "near match question"
k n
wait_for "改写题干，或再按 Ctrl-S" && ok "n goes back to the form, saying why under the stem" || fail "back to form"
k F2
wait_for "与已有试题相似" || fail "asked again"
k y
wait_for "已添加" && ok "y saves it, the near match confirmed" || fail "forced save"
N=$(J bank list --course 网店运营 --text 一定越高吧 --format tsv | tail -n +2 | cut -f1)
[ -n "$(J get "question/$N" similar)" ] && ok "the confirmed near match is recorded (question.similar)" || fail "similar recorded"
k q
wait_for "EXIT=0" && ok "quits cleanly" || fail "quit"

# ---- P and D of an item from the demo's past exam, in the detail pane at 80×24 ----
P=$(J exam list --format tsv | awk -F'\t' '$4 == "传感器应用技术期中联考" { print $1 }')
PD=$(J exam items "$P" --format tsv | awk -F'\t' '$2 == 3 { printf "P %.2f D %.2f", $5, $6 }')
jy_start 80 24 qizhenyu TERM=xterm-256color
wait_for "概览" || fail "third start"
k 4
wait_for "题干" || fail "bank tab 3"
k /
t "热电偶"
k Enter
wait_for "热电偶测温的工作原理是" || fail "search 热电偶"
wait_for "用于 1 份已启封的试卷 · 按人数加权 $PD" && ok "the pane shows the item's P and D from the past sitting ($PD)" ||
	fail "P and D in the pane"
k Enter
wait_for "传感器应用技术期中联考 A 卷第 3 题 · $PD（125 人）" && ok "and, in full, the sitting it comes from" || fail "sitting line"
k q
k q
wait_for "EXIT=0" || fail "quit 3"
