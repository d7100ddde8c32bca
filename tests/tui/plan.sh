#!/bin/sh
# plan: the 授课计划 tab driven through tmux — a lead returns a filing with a row comment, the member school sees it,
# fixes the row in the table editor and resubmits.
. tests/lib/harness.sh
R="$T/repo"
S=jyplan
J() { "$JY" -C "$R" "$@"; }

if ! command -v tmux > /dev/null 2>&1; then
	ok "# SKIP tmux not available"
	exit 0
fi
trap 'tmux -S "$T/tmux.sock" kill-server 2> /dev/null; rm -rf "$T"' EXIT

screen() { tmux -S "$T/tmux.sock" capture-pane -t "$S" -p 2> /dev/null; }

# wait_for TEXT: polls the screen for up to 8 s.
wait_for() {
	i=0
	while [ $i -lt 80 ]; do
		case "$(screen)" in *"$1"*) return 0 ;; esac
		sleep 0.1
		i=$((i + 1))
	done
	echo "# screen never showed '$1':" >&2
	screen | sed 's/^/#   /' >&2
	return 1
}

# start PERSON: the interface as that person in a fixed 100×30 terminal.
start() {
	tmux -S "$T/tmux.sock" kill-session -t "$S" 2> /dev/null
	tmux -S "$T/tmux.sock" new-session -d -s "$S" -x 100 -y 30 \
		"env HOME='$HOME' XDG_CONFIG_HOME='$XDG_CONFIG_HOME' XDG_DATA_HOME='$XDG_DATA_HOME' XDG_STATE_HOME='$XDG_STATE_HOME' \
		JIAOYAN_SYSCONFIG='$JIAOYAN_SYSCONFIG' JIAOYAN_NOW='$JIAOYAN_NOW' LC_ALL=C.UTF-8 TZ=UTC TERM=xterm-256color \
		'$JY' -C '$R' --user $1; sleep 30"
	wait_for "概览"
}

keys() { tmux -S "$T/tmux.sock" send-keys -t "$S" "$@"; sleep 0.2; }
text() { tmux -S "$T/tmux.sock" send-keys -t "$S" -l "$1"; sleep 0.2; }

# open_filing ID: the 授课计划 tab, find the filing by id, open it.
open_filing() {
	keys 2 && wait_for "提交时间" && keys / && text "$1" && keys Enter && keys Enter && wait_for "状态："
}

ID=2026-2027-2/s02/510102
ROW7="龚晨阳尚无教师资格，请更换为持证教师"

run 0 J init --demo || { fail "demo repository"; exit 0; }

# ---- the lead ----
start qizhenyu && ok "the lead's interface starts" || fail "the lead's interface starts"
keys 2
wait_for "海丝路职业中专学校" && wait_for "待审核" && ok "the 授课计划 tab lists the term's filings with their states" ||
	fail "plans tab lists filings"
screen | grep -q "截止 2026-12-31" && ok "the due date is shown" || fail "due date shown"
# States are coloured: a returned filing in the error colour (red), a submitted one in the mark colour.
tmux -S "$T/tmux.sock" capture-pane -t "$S" -p -e | grep '需整改' | grep -q '31m' && ok "需整改 drawn in red" || fail "需整改 drawn in red"
keys /
text "$ID"
keys Enter
keys Enter
wait_for "状态：待审核" && ok "the filing opens with its course table" || fail "filing opens"
screen | grep -q "物联网设备装调与维护" && screen | grep -q "没有登记教师资格" &&
	ok "findings are shown next to their rows" || fail "findings next to rows"
screen | grep -q "v 审核" && ok "the lead is offered the review" || fail "review offered"
keys v
wait_for "审核结论" && ok "the review form opens" || fail "review form"
keys Right Right
wait_for "退回整改" || fail "verdict picked"
keys Tab
text "请按标准 9.3 调整任课教师后重新提交"
keys Tab Tab Tab Tab Tab Tab Tab
text "$ROW7"
keys F2
wait_for "已退回" && ok "F2 returns the filing" || fail "F2 returns"
wait_for "状态：需整改" && ok "the detail shows 需整改" || fail "detail shows returned"
run 0 J get "plan/$ID" review.1.row.7 && [ "$OUT" = "$ROW7" ] && ok "the row comment is stored on row 7" || fail "row comment stored"
run 0 J get "plan/$ID" review.1.reviewer && [ "$OUT" = "qizhenyu" ] && ok "the reviewer is the lead" || fail "reviewer"
keys q q

# ---- a lead of another specialty sees no review key for it ----
start kemingyuan
open_filing 2026-2027-2/s01/560213
if screen | grep -q "v 审核"; then fail "another specialty's lead is not offered the review"; else ok "another specialty's lead is not offered the review"; fi
keys v
wait_for "的专业负责人可以审核这份授课计划" && ok "pressing v anyway is refused on the status line" || fail "v refused"
keys q q

# ---- the member school ----
start youkai
open_filing "$ID"
screen | grep -q "状态：需整改" && ok "the member school sees the filing returned" || fail "school sees returned"
screen | grep -q "审核意见（第 1 轮）：$ROW7" && ok "the row comment is shown under its row" || fail "row comment under the row"
keys G
wait_for "第 7 行《物联网设备装调与维护》：$ROW7" && ok "and in the review history" || fail "review history"
screen | grep -q "请按标准 9.3 调整任课教师后重新提交" && ok "with the overall comment" || fail "overall comment"
keys g
# Fix row 7 in the table editor: the teacher column is the eighth.
keys e
wait_for "编辑课程行" && ok "the table editor opens" || fail "table editor"
keys j j j j j j l l l l l l l Enter
keys C-u
text "不存在的人"
keys Enter
wait_for "名册中没有「不存在的人」" && ok "a bad cell is refused with the rule" || fail "bad cell refused"
keys Enter C-u
text "尤凯"
keys Enter
wait_for "（未保存）" && ok "a good cell is taken" || fail "good cell taken"
keys F2
wait_for "已保存" && ok "F2 saves the rows" || fail "F2 saves"
run 0 J get "plan/$ID" course.7.teacher && [ "$OUT" = "youkai" ] && ok "row 7's teacher is now youkai" || fail "row 7 saved"
keys s
wait_for "提交审核？" && keys y
wait_for "状态：待审核  第 2 版" && ok "resubmitted as revision 2" || fail "resubmitted"
keys q q
exit 0
