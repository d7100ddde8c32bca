#!/bin/sh
# plan: the 授课计划 tab driven through tmux — a lead returns a filing with a row comment written beside the row's
# findings, the member school sees it, fixes the row in the row editor (teacher picked by name), answers the comment
# and resubmits; the lead's next review shows what changed since the reviewed revision and the answer.
. tests/lib/harness.sh
R="$T/repo"
S=jyplan
J() { "$JY" -C "$R" "$@"; }

if ! command -v tmux > /dev/null 2>&1; then
	ok "# SKIP tmux not available"
	exit 0
fi
trap 'tmux -S "$T/tmux.sock" kill-server 2> /dev/null; rm -rf "$T"' EXIT
# A session that outlives the others, so the private server does not exit between two runs of the TUI.
tmux -S "$T/tmux.sock" -f /dev/null new-session -d -s keep -x 20 -y 5 "sleep 3600"

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
# Each row is shown with its findings, right above the comment on it.
screen > "$T/review.txt"
awk '/第 1 行/ { r = 1 } r && /本行意见/ { print; exit }' "$T/review.txt" | grep -q "本行意见" &&
	ok "the review form shows row 1 with the comment field under it" || fail "review form rows"
keys Right Right
wait_for "退回整改" || fail "verdict picked"
keys Tab
text "请按标准 9.3 调整任课教师后重新提交"
keys Tab Tab Tab Tab Tab Tab Tab
# Row 7's note (its cells and its findings) is what the screen shows right above the field now focused.
screen > "$T/review.txt"
awk '/第 7 行/ { r = 1 } r && /^> +本行意见/ { exit } r' "$T/review.txt" > "$T/row7.txt"
grep -q "龚晨阳" "$T/row7.txt" && grep -q "没有登记教师资" "$T/row7.txt" &&
	ok "row 7's findings are beside the comment being written" || { fail "findings beside the comment"; sed 's/^/#   /' "$T/review.txt"; }
text "$ROW7"
keys Enter
text "第二行意见"
keys F2
wait_for "已退回" && ok "F2 returns the filing" || fail "F2 returns"
wait_for "状态：需整改" && ok "the detail shows 需整改" || fail "detail shows returned"
run 0 J get "plan/$ID" review.1.row.7 && [ "$OUT" = "$(printf '%s\n第二行意见' "$ROW7")" ] && ok "the row comment (two lines) is stored on row 7" ||
	fail "row comment stored: $OUT"
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
# Fix row 7 in the row editor: the reviewer's comment is on its row; Enter opens the row's form.
keys e
wait_for "编辑课程行" && ok "the row editor opens" || fail "row editor"
screen | grep "物联网设备装调与维护" | grep -q "✎" && ok "the commented row is marked ✎" || fail "✎ mark"
keys j j j j j j
wait_for "✎ 审核意见：$ROW7" && ok "the selected row's comment is shown under the table" || fail "comment under the table"
keys Enter
wait_for "修改第 7 行" && screen | grep -q "审核意见 *$ROW7" && ok "the row form shows the comment" || fail "row form"
keys Tab Tab Tab Tab Tab Tab Tab
wait_for "> 任课教师" || fail "teacher field"
text "尤"
wait_for "筛选：尤" && screen | grep -q "尤凯（youkai）· 中级 · " && ok "the teacher picker shows title and 双师型" || fail "picker labels"
keys BSpace
text "不存在的人"
keys Enter
wait_for "名册中没有「不存在的人」" && screen | grep -q "任课教师 *不存在的人" &&
	ok "an unknown name keeps the typed text with the error beside it" || fail "unknown teacher"
keys C-s
wait_for "需要修改" && ok "the row is not taken while the teacher is unknown" || fail "bad row taken"
keys C-u
text "尤凯"
keys Enter
wait_gone_plan() { i=0; while [ $i -lt 80 ]; do case "$(screen)" in *"$1"*) ;; *) return 0 ;; esac; sleep 0.1; i=$((i + 1)); done; return 1; }
wait_gone_plan "名册中没有" && ok "a teacher picked by name clears the error" || fail "picked teacher"
keys Tab Tab Tab
wait_for "> 答复审核意见" && text "已更换为持证的尤凯"
keys C-s
wait_for "未保存" && ok "the row form's Ctrl-S gives the row back to the editor" || fail "row applied"
screen | grep "物联网设备装调与维护" | grep -q "✎✓" && ok "the answered comment is marked ✎✓" || fail "✎✓ mark"
keys C-s
wait_for "已保存" && ok "Ctrl-S saves the rows" || fail "Ctrl-S saves"
run 0 J get "plan/$ID" course.7.teacher && [ "$OUT" = "youkai" ] && ok "row 7's teacher is now youkai" || fail "row 7 saved"
run 0 J get "plan/$ID" course.7.answer.1 && [ "$OUT" = "已更换为持证的尤凯" ] && ok "the answer is stored in row 7 for round 1" || fail "answer: $OUT"
wait_for "学校答复：已更换为持证的尤凯" && ok "the filing's page shows the answer under the comment" || fail "answer shown"
screen | grep "物联网设备装调与维护" | grep -q "✱改：任课教师" && ok "row 7 is marked changed (任课教师) since the reviewed revision" ||
	fail "change mark in the TUI"
keys s
wait_for "提交审核？" && keys y
wait_for "状态：待审核  第 2 版" && ok "resubmitted as revision 2" || fail "resubmitted"
keys q q

# plan show says the same: the changed row, its cells, the answer beside the comment.
run 0 J plan show "$ID"
echo "$OUT" | grep "物联网设备装调与维护" | grep -q "改：任课教师" && ok "plan show marks row 7 changed (任课教师)" || fail "plan show mark"
contains "$OUT" "学校答复（现第 7 行）：已更换为持证的尤凯" && ok "plan show has the answer under the comment" || fail "plan show answer"

# ---- the lead again: revision 2 against the reviewed revision 1 ----
start qizhenyu
open_filing "$ID"
keys v
wait_for "审核结论"
screen > "$T/review2.txt"
keys Tab Tab Tab Tab Tab Tab Tab Tab
screen >> "$T/review2.txt"
grep -q "较第 1 版改动 1 行" "$T/review2.txt" && ok "the review form says what changed since revision 1" || fail "review summary"
grep -q "✱改：任课教师" "$T/review2.txt" && grep -q "学校答复：已更换为持证的尤凯" "$T/review2.txt" &&
	ok "row 7 shows its change and the school's answer to review it" || { fail "row 7 in review 2"; sed 's/^/#   /' "$T/review2.txt"; }
keys Escape
keys q q
exit 0
