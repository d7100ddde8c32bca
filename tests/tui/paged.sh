#!/bin/sh
# paged: the 听课记录 tab, paged from the index, shows the rows of `jiaoyan list observation --term T` in the same order
# on every page (PgDn, j, G/End to the last row, g back to the first), its count, and the detail of the selected row;
# the whole-store search (/ on 概览, F anywhere) lists what `jiaoyan search` finds, in its order, n/N step, Enter opens.
. tests/lib/harness.sh
. tests/tui/tmux.inc

R="$T/repo"
command -v python3 > /dev/null 2>&1 || { echo "ok 1 - # SKIP python3 is not installed"; exit 0; }
# A few hundred observations of the current term, written by git fast-import (tools/bench-gen.py), not by us.
git init -q --bare -b main "$R" && python3 tools/bench-gen.py gen 4000 --ids "$T/ids" |
	git --git-dir="$R" fast-import --quiet || { fail "bench-gen"; exit 1; }
J() { "$JY" -C "$R" --user bench "$@"; }
TERM_ID=$(git --git-dir="$R" show main:group.ini | sed -n 's/^term = //p')
check "list the term" run 0 J list observation --term "$TERM_ID" --format tsv --labels
printf '%s\n' "$OUT" | sed 1d > "$T/want.tsv"
N=$(wc -l < "$T/want.tsv")
[ "$N" -ge 200 ] && ok "the fixture has several hundred observations in $TERM_ID ($N)" || fail "only $N observations"

# page: the table rows on screen (between the header and the separator) against want.tsv — prints the index of
# the first shown row in the list, or fails. Cells wider than their column end in "…", as the table cuts them.
cat > "$T/page.py" << 'EOF'
import re, sys, unicodedata
def w(s): return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
def cut(s, n):
    if w(s) <= n: return s
    out = ""
    for c in s:
        if w(out + c) > n - 1: break
        out += c
    return out + "…"
want = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8")]
want = [(r[1], cut(r[2], 12), cut(r[3], 8), cut(r[4], 8)) for r in want]
lines = open(sys.argv[2], encoding="utf-8").read().split("\n")
head = next(i for i, l in enumerate(lines) if l.lstrip().startswith("日期"))
shown = []
for l in lines[head + 1:]:
    if l.startswith("─") or not l.strip(): break
    f = re.split(r" {2,}", l.strip())
    shown.append(tuple(f[:4]))
for at in range(len(want)):
    if want[at:at + len(shown)] == shown:
        print(at, len(shown)); sys.exit(0)
print("no match for", shown[:2], file=sys.stderr); sys.exit(1)
EOF
page() { screen > "$T/screen.txt"; python3 "$T/page.py" "$T/want.tsv" "$T/screen.txt"; }

start_tab observations
jy_start 160 50 bench NO_COLOR=1
wait_for "共 $N 条" || { fail "the tab opens with the count of the list"; exit 1; }
ok "the tab says how many rows the list has ($N)"
set -- $(page) && [ "$1" = 0 ] && ok "the first page is the top of list ($2 rows)" || fail "first page: $*"
rows=$2
prev=0 good=1
for i in 1 2 3 4 5; do
	keys NPage
	settle
	set -- $(page) || { good=0; break; }
	[ "$1" -gt "$prev" ] || { good=0; break; }
	prev=$1
done
[ "$good" = 1 ] && [ "$prev" -ge $((4 * (rows - 1))) ] && ok "five PgDn: every page is a run of list's rows, in order (at row $prev)" ||
	fail "PgDn pages (good=$good, at $prev)"
keys j j j
settle
set -- $(page) && ok "j moves within the pages (rows from $1)" || fail "j"
keys G
settle
set -- $(page) && [ $(($1 + $2)) = "$N" ] && ok "G shows the last rows of list (the last is row $N)" || fail "G: $*"
keys g
settle
set -- $(page) && [ "$1" = 0 ] && ok "g goes back to the first row" || fail "g: $*"
keys End
settle
set -- $(page) && [ $(($1 + $2)) = "$N" ] && ok "End as G" || fail "End: $*"
# The detail pane shows the selected (last) row: its course line comes from the record.
last_course=$(tail -n 1 "$T/want.tsv" | cut -f 6)
contains "$(screen)" "$last_course" && ok "the detail pane shows the selected row" || fail "detail of the last row"
keys q
wait_for "EXIT=0" && ok "quits" || fail "quit"

# The whole-store search: / on 概览 asks for the text; the results are `jiaoyan search`'s, in its order.
rm -f "$XDG_CONFIG_HOME/jiaoyan/jiaoyan.ini"
WHO=$(sed -n 's/^teacher //p' "$T/ids")
check "search from the CLI" run 0 J search "$WHO" --format tsv
printf '%s\n' "$OUT" | sed 1d | cut -f 2 > "$T/hits"
[ "$(wc -l < "$T/hits")" -ge 3 ] && ok "the CLI finds $WHO in several records" || fail "too few hits"
jy_start 160 50 bench NO_COLOR=1
wait_for "本学期" || { fail "starts on 概览"; exit 1; }
keys /
wait_for "全库搜索：" && ok "/ on 概览 asks what to search for" || fail "/ prompt"
type_text "$WHO"
keys Enter
wait_for "全库搜索「$WHO」" || { fail "results view"; exit 1; }
# The ids of the rows on screen, in order (the first on each line: the file's path ends in it too).
screen | while IFS= read -r l; do printf '%s\n' "$l" | grep -oE '[0-9a-z]{26}' | head -n 1; done | head -n 5 > "$T/shown"
head -n 5 "$T/hits" | cmp -s - "$T/shown" && ok "the first results are those of jiaoyan search, in its order" ||
	fail "first results differ: $(tr '\n' ' ' < "$T/shown") vs $(head -n 5 "$T/hits" | tr '\n' ' ')"
contains "$(screen)" "$(wc -l < "$T/hits" | tr -d ' ') 条" && ok "the view says how many" || fail "count of results"
sel_id() { tm capture-pane -p -e -t jy | grep -E '\[([0-9;]*;)?7(;[0-9;]*)?m' | grep -oE '[0-9a-z]{26}' | head -n 1; }
[ "$(sel_id)" = "$(sed -n 1p "$T/hits")" ] && ok "the first result is selected" || fail "selected: $(sel_id)"
keys n
settle
[ "$(sel_id)" = "$(sed -n 2p "$T/hits")" ] && ok "n steps to the next result" || fail "n: $(sel_id)"
keys n
settle
keys N
settle
[ "$(sel_id)" = "$(sed -n 2p "$T/hits")" ] && ok "N steps back" || fail "N: $(sel_id)"
keys Enter
wait_for "› 听课记录" && ok "Enter opens the observation's detail" || fail "Enter on a result"
keys q
wait_gone "› 听课记录"
keys q
wait_gone "全库搜索「"
# F searches from any tab; a person found opens as its text.
keys 3
settle
keys F
wait_for "全库搜索：" && ok "F asks what to search for on another tab" || fail "F prompt"
type_text "$WHO"
keys Enter
wait_for "全库搜索「$WHO」" || { fail "results view from F"; exit 1; }
keys G
settle
check "where the person's record is" run 0 J search "$WHO" --type person --format tsv
ppath=$(printf '%s\n' "$OUT" | sed -n 2p | cut -f 5)
if [ -n "$ppath" ]; then
	pid=$(printf '%s\n' "$OUT" | sed -n 2p | cut -f 2)
	n=$(grep -n "^$pid\$" "$T/hits" | cut -d: -f1)
	keys g
	settle
	i=1
	while [ "$i" -lt "$n" ]; do keys n; i=$((i + 1)); done
	settle
	keys Enter
	wait_for "$ppath" && contains "$(screen)" "[person]" && ok "Enter on a person shows the record's text" || fail "person result"
else
	ok "# SKIP no person record holds $WHO"
fi
keys q q q q
wait_for "EXIT=0" && ok "quits" || fail "quit"
