#!/bin/sh
# bench: builds 100- and N-record data repositories with git fast-import and prints one table of jiaoyan beside git on both.
#
# Every row is timed from outside by tools/bench-run.py: the commands compared run in turn, round after round
# (A/B alternating, so a busy moment on the machine weighs on both), median wall time and the peak resident
# memory of any run. Rows (each at 100 and at N records):
#   TUI first screen    exec to the first complete 80x24 frame in a pty (概览, the default tab, and 听课记录);
#                       goal at N: <= 30 ms and <= 1.5x the same at 100 (bench-run.py says what "complete" is)
#   list one directory  list observation --term T --school S vs git ls-tree -r main of that directory; <= 1.5x
#   list everything     list observation vs git ls-tree -r main; <= 2x, <= 50 MB
#   search              jiaoyan search TEXT vs git grep -F -l TEXT main; >= 5x faster (<= 0.2x), <= 50 MB
#   gc                  after 1,000 new records as loose objects, on fresh copies: jiaoyan gc vs git repack -d;
#                       <= 1.5x, <= 150 MB; and a second one right after each (incremental), <= 1.5x
#   check               jiaoyan check vs git fsck; <= 1.5x
#   show                jiaoyan show ID vs git cat-file -p main:PATH (no goal)
#   add                 an observation; at N <= 1.2x the same at 100; its commit (add minus the same add refused
#                       as already existing, which does everything but the commit, run after it in the same round:
#                       the median of the differences) <= 10 ms, at N <= 1.2x at 100
#   sync (at N only)    1,000 new records each side, merged and pushed, on fresh copies, vs git fetch +
#                       merge-tree + commit-tree + push; <= 1.5x with the same records in the result
# Goals are those of DESIGN §3 / issue 13 and apply to the N rows; the 100 rows are the baseline.
#
# Environment: JIAOYAN_BIN (default ./jiaoyan), BENCH_RECORDS (N, 100000; 1000000 works), BENCH_RUNS (21: at
# most that many rounds), BENCH_BUDGET (30: seconds after which a row stops, once it has 3 rounds, the gc and
# sync rows once they have 1), BENCH_GC_RUNS (3) and BENCH_SYNC_RUNS (5): at most that many rounds of the rows
# that copy the repository before every run (hard links for the objects), BENCH_SEARCH (the text searched,
# 24级3班: about 3% of the records), BENCH_OUT=FILE also writes the table as markdown, BENCH_KEEP=1 keeps the
# repositories. Exit status 1 when any row misses its goal (after the whole table).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
JY=${JIAOYAN_BIN:-$top/jiaoyan}
N=${BENCH_RECORDS:-100000}
RUNS=${BENCH_RUNS:-21}
BUDGET=${BENCH_BUDGET:-30}
MIN=3
GC_RUNS=${BENCH_GC_RUNS:-3}
SYNC_RUNS=${BENCH_SYNC_RUNS:-5}
TEXT=${BENCH_SEARCH:-24级3班}
T=$(mktemp -d /tmp/jy-bench.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: repositories kept in $T"; else trap 'rm -rf "$T"' EXIT; fi
export LC_ALL=C.UTF-8 TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost \
	GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
	XDG_DATA_HOME="$T/home/.local/share" XDG_STATE_HOME="$T/home/.local/state" JIAOYAN_SYSCONFIG="$T/none.ini"
unset JIAOYAN_NOW
mkdir -p "$HOME"
gen() { python3 "$top/tools/bench-gen.py" "$@"; }
# measure ROUNDS -- [OPT] CMD... -- [OPT] CMD...: "MS KB ROUNDS" per command into $T/m (tools/bench-run.py time).
measure() {
	_r=$1
	shift
	python3 "$top/tools/bench-run.py" time --runs "$_r" --budget "$BUDGET" --min-runs "$MIN" --warm "$@" > "$T/m"
}
rows="$T/rows.tsv"
: > "$rows"
# row OP RECORDS MS KB BESIDE BESIDE_MS BESIDE_KB ROUNDS GOALS NOTE: one line of the table (bench-run.py table).
row() { printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$@" >> "$rows"; }
count() { wc -l | tr -d ' '; }
# clone.sh SRC DST: a copy of a repository for a destructive run, its object files hard-linked (git and libgit2
# never change one in place; they write new files and rename) and all else copied: cp -a of thousands of loose
# objects would cost more than the commands timed.
printf '%s\n' 'set -e' 'rm -rf "$2" && mkdir "$2"' 'for f in "$1"/*; do' \
	'	case ${f##*/} in objects) cp -al "$f" "$2/" ;; *) cp -a "$f" "$2/" ;; esac' 'done' > "$T/clone.sh"
clone() { sh "$T/clone.sh" "$@"; }

[ -x "$JY" ] || { echo "bench: $JY not built (make first)" >&2; exit 1; }
# The stopwatch every row is timed with (bench-run.py): it starts the command itself, so no other program's
# start is counted.
${CC:-cc} -std=c11 -D_GNU_SOURCE -O2 -o "$T/bench-spawn" "$top/tools/bench-spawn.c" || exit 1
export BENCH_SPAWN="$T/bench-spawn"

# build NAME RECORDS: a bare repository on refs/heads/main filled by fast-import in a few commits.
build() {
	git init -q --bare -b main "$T/$1.git"
	gen gen "$2" --ids "$T/$1.ids" | git --git-dir="$T/$1.git" fast-import --quiet
}

start=$(date +%s)
echo "bench: generating repositories (100 and $N records) with git fast-import…"
build small 100
build big "$N"
files=$(git --git-dir="$T/big.git" ls-tree -r main | count)
lead=$(sed -n 's/^lead //p' "$T/big.ids")
teacher=$(sed -n 's/^teacher //p' "$T/big.ids")
add_args="add observation date=2026-11-20 kind=peer school=$lead teacher=$teacher course=直播技术 class=24级1班 score.goal=13 score.content=17 score.method=18 score.organisation=13 score.ideology=9 score.effect=18"
printf '[ui]\nstart = observations\n' > "$T/observations.ini"
search=no
"$JY" --help 2> /dev/null | grep -q '^  search ' && search=yes

# Per size: a sample observation from the middle (its id, term, school, path), and the id of an observation added
# now (untimed), which the refused add below gives again.
for s in small big; do
	set -- $(grep '^observation ' "$T/$s.ids" | sed -n '25p')
	eval "${s}_id=\$2 ${s}_term=\$3 ${s}_school=\$4 ${s}_path=\$5"
	"$JY" -C "$T/$s.git" --user bench $add_args > "$T/$s.added"
	eval "${s}_dup=\$(cat \"\$T/\$s.added\")"
done
label() { if [ "$1" = small ]; then echo 100; else echo "$N"; fi; }

echo "bench: timing (at most $RUNS rounds a row, $BUDGET s once 3 are done)…"
measure "$RUNS" -- "$JY" --version
set -- $(cat "$T/m")
row "jiaoyan --version (process start)" "-" "$1" "$2" "" "" "" "$3" "" ""

# TUI: both sizes and both tabs alternate in one loop.
measure "$RUNS" \
	-- --tui=帮助 "$JY" -C "$T/small.git" --user bench -- --tui=帮助 "$JY" -C "$T/big.git" --user bench \
	-- --tui=帮助 "$JY" -C "$T/small.git" --config "$T/observations.ini" --user bench \
	-- --tui=帮助 "$JY" -C "$T/big.git" --config "$T/observations.ini" --user bench
set -- $(cat "$T/m")
row "TUI first screen, 概览 tab" 100 "$1" "$2" "" "" "" "$3" "" "80x24 pty, exec to first complete frame"
row "TUI first screen, 概览 tab" "$N" "$4" "$5" "same at 100" "$1" "$2" "$6" "ms<=30 ratio<=1.5" ""
row "TUI first screen, 听课记录 tab" 100 "$7" "$8" "" "" "" "$9" "" ""
row "TUI first screen, 听课记录 tab" "$N" "${10}" "${11}" "same at 100" "$7" "$8" "${12}" "ms<=30 ratio<=1.5" ""

# pair SIZE OP GIT_LABEL GOALS NOTE ROUNDS -- JIAOYAN_CMD... -- GIT_CMD...: one row, jiaoyan beside git; the goals
# apply at N only.
pair() {
	_s=$1 _op=$2 _git=$3 _goals=$4 _note=$5 _r=$6
	shift 6
	echo "bench: $_op @$(label "$_s") ($(($(date +%s) - start)) s)"
	measure "$_r" "$@"
	set -- $(cat "$T/m")
	[ "$_s" = big ] || _goals=""
	row "$_op" "$(label "$_s")" "$1" "$2" "$_git" "$4" "$5" "$3" "$_goals" "$_note"
}

for s in small big; do
	eval "term=\$${s}_term school=\$${s}_school id=\$${s}_id path=\$${s}_path"
	g="git --git-dir=$T/$s.git"
	dir="observations/$term/$school/"
	listed=$("$JY" -C "$T/$s.git" --user bench list observation --term "$term" --school "$school" --format tsv | tail -n +2 | count)
	gitlisted=$($g ls-tree -r main "$dir" | count)
	same=$([ "$listed" = "$gitlisted" ] && echo yes || echo no)
	pair "$s" "list observation --term --school" "git ls-tree -r main DIR/" "ratio<=1.5 same=$same" \
		"$listed rows, git $gitlisted files" "$RUNS" \
		-- "$JY" -C "$T/$s.git" --user bench list observation --term "$term" --school "$school" \
		-- $g ls-tree -r main "$dir"
done
for s in small big; do
	g="git --git-dir=$T/$s.git"
	listed=$("$JY" -C "$T/$s.git" --user bench list observation --format tsv | tail -n +2 | count)
	gitlisted=$($g ls-tree -r main observations/ | count)
	same=$([ "$listed" = "$gitlisted" ] && echo yes || echo no)
	pair "$s" "list observation (all)" "git ls-tree -r main" "ratio<=2 rss<=50 same=$same" \
		"$listed rows, git $gitlisted observations" "$RUNS" \
		-- "$JY" -C "$T/$s.git" --user bench list observation -- $g ls-tree -r main
done
for s in small big; do
	g="git --git-dir=$T/$s.git"
	found=$($g grep -F -l "$TEXT" main | count)
	if [ "$search" = yes ]; then
		shown=$("$JY" -C "$T/$s.git" --user bench search "$TEXT" --format tsv | tail -n +2 | count)
		pair "$s" "search $TEXT" "git grep -F -l TEXT main" "ratio<=0.2 rss<=50" "$shown rows, git $found files" "$RUNS" \
			-- "$JY" -C "$T/$s.git" --user bench search "$TEXT" -- $g grep -F -l "$TEXT" main
	else
		measure "$RUNS" -- $g grep -F -l "$TEXT" main
		set -- $(cat "$T/m")
		row "search $TEXT" "$(label "$s")" "n/a" "" "git grep -F -l TEXT main" "$1" "$2" "$3" "" \
			"n/a (no search command); git finds $found files"
	fi
done

# gc: fresh copies of a repository with 1,000 new records (one commit each, as add makes them) as loose objects
# (fast-import unpacks what it imports below fastimport.unpackLimit). The incremental case starts from a copy that
# the same program has just packed.
gen more 1000 2 校区 > "$T/more-p.fi"
gen more 1000 1 中心 > "$T/more-c.fi"
# A round of gc takes a minute at 100,000 records today: these rows stop after one round past the budget.
MIN=1
for s in small big; do
	clone "$T/$s.git" "$T/$s-gc.git"
	git --git-dir="$T/$s-gc.git" -c fastimport.unpackLimit=1000000 fast-import --quiet < "$T/more-p.fi"
	loose=$(git --git-dir="$T/$s-gc.git" count-objects | cut -d' ' -f1)
	pair "$s" "gc (1,000 new records loose)" "git repack -d" "ratio<=1.5 rss<=150" "$loose loose objects" "$GC_RUNS" \
		-- "--setup=sh '$T/clone.sh' '$T/$s-gc.git' '$T/gj.git'" "$JY" -C "$T/gj.git" gc \
		-- "--setup=sh '$T/clone.sh' '$T/$s-gc.git' '$T/gg.git'" git --git-dir="$T/gg.git" repack -d -q
	# What the last round left is each program's packed repository.
	mv "$T/gj.git" "$T/gjt.git" && mv "$T/gg.git" "$T/ggt.git"
	pair "$s" "gc again right after" "git repack -d again" "ratio<=1.5 rss<=150" "" "$GC_RUNS" \
		-- "--setup=sh '$T/clone.sh' '$T/gjt.git' '$T/gj.git'" "$JY" -C "$T/gj.git" gc \
		-- "--setup=sh '$T/clone.sh' '$T/ggt.git' '$T/gg.git'" git --git-dir="$T/gg.git" repack -d -q
	rm -rf "$T/gj.git" "$T/gg.git" "$T/gjt.git" "$T/ggt.git" "$T/$s-gc.git"
done
MIN=3
# bench-gen's records are valid for today's check: a problem found is a failure of the row, not a note.
for s in small big; do
	pair "$s" "check" "git fsck" "ratio<=1.5" "" "$RUNS" \
		-- "$JY" -C "$T/$s.git" check -- git --git-dir="$T/$s.git" fsck --no-progress
done
for s in small big; do
	eval "id=\$${s}_id path=\$${s}_path"
	pair "$s" "show ID" "git cat-file -p main:PATH" "" "" "$RUNS" \
		-- "$JY" -C "$T/$s.git" show "$id" -- git --git-dir="$T/$s.git" cat-file -p "main:$path"
done

# add: both sizes alternate; the same add refused as existing does all an add does but the commit, and the
# commit is the median of the round-by-round differences (--diff), not the difference of the two medians.
# shellcheck disable=SC2086
measure "$RUNS" --diff 1-3 --diff 2-4 -- "$JY" -C "$T/small.git" --user bench $add_args \
	-- "$JY" -C "$T/big.git" --user bench $add_args \
	-- --status=1 "$JY" -C "$T/small.git" --user bench $add_args "id=$small_dup" \
	-- --status=1 "$JY" -C "$T/big.git" --user bench $add_args "id=$big_dup"
set -- $(cat "$T/m")
row "add observation" 100 "$1" "$2" "" "" "" "$3" "" ""
row "add observation" "$N" "$4" "$5" "add at 100" "$1" "$2" "$6" "ratio<=1.2" ""
row "add: its commit" 100 "${13}" "" "" "" "" "$3" "" "add − the same add refused as existing (${7} ms)"
row "add: its commit" "$N" "${14}" "" "commit at 100" "${13}" "" "$6" "ms<=10 ratio<=1.2" \
	"add − the same add refused as existing (${10} ms)"

# Sync: 1,000 new records (one commit each) on each side of the big repository, merged and pushed —
# jiaoyan sync against git fetch, git merge-tree (git's merge without a work tree, as ours has none) and push.
clone "$T/big.git" "$T/ctpl.git" && git --git-dir="$T/ctpl.git" fast-import --quiet < "$T/more-c.fi"
clone "$T/big.git" "$T/ptpl.git" && git --git-dir="$T/ptpl.git" fast-import --quiet < "$T/more-p.fi"
"$JY" -C "$T/ptpl.git" remote add central "$T/c.git" > /dev/null
# The campus synced last at the 100,000 records both sides started from, so it knows that commit as the central's
# main, as every sync leaves it (git fetch below negotiates from the same ref).
git --git-dir="$T/ptpl.git" update-ref refs/remotes/central/main "$(git --git-dir="$T/big.git" rev-parse main)"
cat > "$T/gitsync.sh" << EOF
set -e
git --git-dir="$T/pg.git" fetch -q "$T/cg.git" main:refs/remotes/central/main
tree=\$(git --git-dir="$T/pg.git" merge-tree --write-tree main central/main)
c=\$(git --git-dir="$T/pg.git" commit-tree "\$tree" -p main -p central/main -m merge)
git --git-dir="$T/pg.git" update-ref refs/heads/main "\$c"
git --git-dir="$T/pg.git" push -q "$T/cg.git" main
EOF
# One round past the budget is enough (a round copies both repositories first). Each side syncs its own
# copies, so what the last round left shows the records each merged.
MIN=1
echo "bench: sync, 1,000 new records each side @$N ($(($(date +%s) - start)) s)"
measure "$SYNC_RUNS" \
	-- "--setup=sh '$T/clone.sh' '$T/ctpl.git' '$T/c.git' && sh '$T/clone.sh' '$T/ptpl.git' '$T/p.git'" \
	"$JY" -C "$T/p.git" --user bench sync --quiet \
	-- "--setup=sh '$T/clone.sh' '$T/ctpl.git' '$T/cg.git' && sh '$T/clone.sh' '$T/ptpl.git' '$T/pg.git'" \
	sh "$T/gitsync.sh"
set -- $(cat "$T/m")
synced=$(git --git-dir="$T/c.git" ls-tree -r main observations/2025-2026-2 | count)
gitsynced=$(git --git-dir="$T/cg.git" ls-tree -r main observations/2025-2026-2 | count)
same=$([ "$synced" = "$gitsynced" ] && echo yes || echo no)
row "sync, 1,000 new records each side" "$N" "$1" "$2" "git fetch+merge-tree+push" "$4" "$5" "$3" "ratio<=1.5 same=$same" \
	"$synced records of 2025-2026-2, git $gitsynced"

printf '\njiaoyan bench — %s files in the %s-record repository; median wall ms of the rounds shown, peak RSS (MB) of any run\n' \
	"$files" "$N"
rc=0
python3 "$top/tools/bench-run.py" table "$rows" ${BENCH_OUT:+--markdown "$BENCH_OUT"} || rc=$?
printf 'total bench time %ss\n' "$(($(date +%s) - start))"
exit "$rc"
