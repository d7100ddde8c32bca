#!/bin/sh
# paste: over SSH (serve) the TUI reads no file of the server — course rows come as cells pasted from Excel (bracketed
# paste), checked like CSV rows and written in one commit; export goes to the screen and the clipboard, not to a file.
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
"$JY" init --demo "$R" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
ID=2026-2027-2/s02/530701
J() { "$JY" -C "$R" "$@"; }
rows() { J plan export "$ID" - | tail -n +2 | grep -c .; }

# The interface as served: the identity fixed by the key, as `serve PERSON` with no SSH command gives it.
served() {
	tm kill-session -t jy > /dev/null 2>&1
	tm new-session -d -s jy -x 100 -y 30 \
		"cd '$T' && env SSH_ORIGINAL_COMMAND= TERM=xterm-256color \"$JY\" -C \"$R\" serve $1 2> \"$T/tui.err\"; echo EXIT=\$?; sleep 60"
}
open_filing() { keys 2 && wait_for "提交时间" && keys / && type_text "$1" && keys Enter && keys Enter && wait_for "状态："; }
# paste TEXT: what a terminal sends when TEXT is pasted into an application that asked for bracketed paste.
paste() { tm set-buffer -- "$1" && tm paste-buffer -p -t jy; }

n0=$(rows)
served youkai
wait_for "概览" || { fail "the served interface starts"; exit 1; }
open_filing "$ID"
keys i
wait_for "粘贴课程行" && contains "$(screen)" "Ctrl+Shift+V" && ok "i over ssh explains pasting instead of asking for a server path" ||
	fail "i over ssh"
contains "$(screen)" "导入 CSV 文件" && fail "a server path is asked for" || ok "no server path is asked for"
keys Enter
wait_gone "粘贴课程行"

# A bad paste: every bad row named by its line, nothing written.
h=$(head_of "$R")
paste "$(printf '物联网导论\t专业基础课\t36\n传感器实训\t不存在的类别\t二十\n')"
wait_for "没有导入" && contains "$(screen)" "第 2 行" && ok "a bad pasted row is refused naming its line" || fail "bad paste"
[ "$(head_of "$R")" = "$h" ] && ok "the refused paste wrote nothing" || fail "HEAD moved on a refused paste"
keys Enter
wait_gone "没有导入"

# A good paste without the header row: confirmed, appended in one commit.
paste "$(printf '物联网导论\t专业基础课\t36\t30\t6\t2\t18\t尤凯\t否\n智能家居实训\t实践课\t48\t0\t48\t2\t\t\t\n')"
wait_for "粘贴了 2 行课程" && ok "pasted rows are checked and shown for confirmation" || fail "paste confirmation"
keys a
wait_for "已追加粘贴的 2 行" && ok "a appends them" || fail "append"
[ "$(git --git-dir="$R" rev-list --count "$h"..refs/heads/main)" = 1 ] && ok "in one commit" || fail "not one commit"
[ "$(rows)" = $((n0 + 2)) ] && J plan export "$ID" - | grep -q "^物联网导论,专业基础课,36,30,6,2,18,尤凯,否" &&
	ok "the filing has the pasted rows, teacher resolved by name" || fail "rows after paste: $(rows)"

# With the header row (columns in another order), replacing every row.
paste "$(printf '总学时\t课程名称\t课程类别\n72\t物联网应用开发\t专业核心课\n')"
wait_for "粘贴了 1 行课程" || fail "paste with header"
keys r
wait_for "已用粘贴的 1 行替换课程行" && [ "$(rows)" = 1 ] && ok "r replaces every row; the header row maps the columns" ||
	fail "replace: $(rows) rows"

# Export over ssh: shown to copy, sent to the clipboard, no file written.
ls "$T" > "$T/before"
keys x
wait_for "已复制到剪贴板" && contains "$(screen)" "物联网应用开发" && ok "x shows the table to copy" || fail "x shows"
ls "$T" | cmp -s - "$T/before" && ok "no file was written on the server" || fail "a file appeared: $(ls "$T" | comm -13 "$T/before" -)"
keys q q q
wait_for "EXIT=0" || fail "quit"

# The table editor takes pasted rows too (written with F2).
served youkai
wait_for "概览" || fail "served again"
open_filing "$ID"
keys e
wait_for "编辑课程行" || fail "table editor"
paste "$(printf '网络营销\t专业拓展课\t32\n')"
wait_for "已粘贴 1 行（未保存" && contains "$(screen)" "网络营销" && ok "a paste adds rows to the table editor" || fail "paste into editor"
keys F2
wait_for "已保存" && [ "$(rows)" = 2 ] && ok "F2 writes them" || fail "editor save: $(rows)"
keys q q q
wait_for "EXIT=0" && ok "quits" || fail "quit"
