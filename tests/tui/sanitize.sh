#!/bin/sh
# sanitize: escape sequences in data (record text, git authors and messages, bad files, error messages) never reach the terminal; bidi/zero-width shown as marks.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations
R="$T/repo"
ESCTEXT=$(printf '\033]0;pwned\007 x \033[2J')
title() { tm display-message -p -t jy '#{pane_title}'; }

# 1. The record text itself: the codec refuses control characters at input, nothing is written.
head0=$(head_of "$R")
run 1 "$JY" -C "$R" --user ruanzhiheng add observation teacher=wenruogu course=注入测试 text.problems="$ESCTEXT"
contains "$ERR" "U+001B" && ok "add refuses ESC in a value, naming U+001B" || fail "add accepted ESC: $ERR"
[ "$(head_of "$R")" = "$head0" ] && ok "nothing committed" || fail "HEAD moved"
case "$ERR" in *"$(printf '\033')"*) fail "the error message carries a raw ESC" ;; *) ok "the refusal itself holds no raw ESC" ;; esac

# 2. Bidi overrides and zero-width characters are valid text: stored, then shown as marks, not obeyed.
run 0 "$JY" -C "$R" --user ruanzhiheng add observation kind=peer teacher=wenruogu course=双向文字课 date=2026-11-22 $SCORES \
	text.problems="$(printf '前\342\200\256反转\342\200\254后\342\200\213零宽')"
bidi=$OUT

# 3. What arrives from other campuses through git: an author and a message with escape sequences
#    on a commit that touches a record, and a record file holding raw control bytes.
p=$(git --git-dir="$R" ls-tree -r --name-only refs/heads/main observations/2026-2027-1/s01 | grep -v "$bidi" | head -1)
victim=$(basename "$p" .ini)
git --git-dir="$R" show "refs/heads/main:$p" | sed 's/^period = .*/period = 第11-12节/' > "$T/rec.ini"
GIT_INDEX_FILE="$T/index"
export GIT_INDEX_FILE
git --git-dir="$R" read-tree refs/heads/main
blob=$(git --git-dir="$R" hash-object -w "$T/rec.ini")
git --git-dir="$R" update-index --cacheinfo "100644,$blob,$p"
# A record whose bytes carry OSC and CSI sequences (a strict reader refuses it).
bad="observations/2026-2027-1/s01/2026-11/01m819zzzzzzzzzzzzzzzzzzzz.ini"
git --git-dir="$R" show "refs/heads/main:$p" | sed "s/^problems = .*/problems = $ESCTEXT/; s/^id = .*/id = 01m819zzzzzzzzzzzzzzzzzzzz/; s/^school = .*/school = s01/" > "$T/bad.ini"
blob=$(git --git-dir="$R" hash-object -w "$T/bad.ini")
git --git-dir="$R" update-index --add --cacheinfo "100644,$blob,$bad"
tree=$(git --git-dir="$R" write-tree)
commit=$(GIT_AUTHOR_NAME="$(printf 'ev\033]0;pwned\007il')" GIT_AUTHOR_EMAIL=evil@example \
	GIT_COMMITTER_NAME=evil GIT_COMMITTER_EMAIL=evil@example \
	git --git-dir="$R" commit-tree "$tree" -p refs/heads/main -m "$(printf '\033[2J\033]0;pwned\007 改了节次')")
git --git-dir="$R" update-ref refs/heads/main "$commit"
unset GIT_INDEX_FILE
git --git-dir="$R" log -1 --format=%an refs/heads/main | grep -q "$(printf '\033')" && ok "fixture: a commit whose author holds ESC" ||
	fail "fixture: git dropped the ESC from the author"

jy_start 80 24 ruanzhiheng
wait_for "授课教师" || { fail "the TUI starts"; exit 1; }
t0=$(title)
contains "$(line 23)" "1 条记录无法读取" && ok "the record with control bytes is not shown; the status line counts it" ||
	fail "status: $(line 23)"

# The bidi record: marks, not reordering.
keys /
type_text "双向文字课"
keys Enter
wait_for "课程       双向文字课"
keys Enter
wait_for "› 听课记录详情" && keys G
wait_for "<U+202E>" && contains "$(screen)" "前<U+202E>反转<U+202C>后<U+200B>零宽" &&
	ok "bidi override and zero-width characters are shown as visible marks" || fail "bidi marks"
keys q

# The record touched by the hostile commit: its history shows the author and message harmlessly.
keys /
type_text "$victim"
keys Enter
wait_for "听课记录 $victim"
keys Enter
wait_for "› 听课记录详情" && keys G
wait_for "修改历史" && wait_for "改了节次" && ok "the hostile commit is listed in the history" || fail "history"
s=$(screen)
contains "$s" "^[[2J^[]0;pwned^G 改了节次" && ok "the commit message's CSI and OSC show as visible ^[ text" || fail "message not visible as text"
contains "$s" "ev^[]0;" && ok "the author's OSC shows as visible text" || fail "author not visible as text"
contains "$(line 1)" "1 概览" && contains "$(line 23)" "仓库" && ok "the screen was not cleared (tab bar and status line still there)" ||
	fail "screen cleared"
case "$(title)" in *pwned*) fail "the pane title was changed by data: $(title)" ;; *) ok "the terminal title was not changed ($t0)" ;; esac
tm capture-pane -p -e -t jy | grep -q "$(printf '\033')\\]" && fail "an OSC reached the terminal" || ok "no OSC in the terminal's output"
keys q q
wait_for "EXIT=0" && ok "q quits" || fail "quit"

# 4. Outside curses: an error before the screen starts is sanitised too.
tm kill-session -t jy > /dev/null 2>&1
tm new-session -d -s jy -x 80 -y 24 "echo MARKER; \"$JY\" -C \"$R\" --user '$(printf 'x\033[2J\033]0;pwned\007')'; echo EXIT=\$?; sleep 60"
wait_for "EXIT=" && contains "$(screen)" "MARKER" && contains "$(screen)" "^[[2J" &&
	ok "an error naming hostile input is printed as visible text; the screen is not cleared" || fail "error path"
case "$(title)" in *pwned*) fail "the title was changed by an error message" ;; *) ok "the error did not change the title" ;; esac
