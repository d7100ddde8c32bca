#!/bin/sh
# bench: builds 100- and 100,000-record data repositories with git fast-import and times jiaoyan against git on them.
#
# Environment: JIAOYAN_BIN (default ./jiaoyan), BENCH_RECORDS (100000), BENCH_RUNS (21),
# BENCH_SYNC_RUNS (5), BENCH_KEEP=1 keeps the repositories. Exit status 1 when add@100k / add@100 exceeds 2
# or sync / git exceeds 1.5.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
JY=${JIAOYAN_BIN:-$top/jiaoyan}
N=${BENCH_RECORDS:-100000}
RUNS=${BENCH_RUNS:-21}
T=$(mktemp -d /tmp/jy-bench.XXXXXX)
if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: repositories kept in $T"; else trap 'rm -rf "$T"' EXIT; fi
export LC_ALL=C.UTF-8 TZ=UTC GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=bench GIT_AUTHOR_EMAIL=bench@localhost \
	GIT_COMMITTER_NAME=bench GIT_COMMITTER_EMAIL=bench@localhost HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
	XDG_DATA_HOME="$T/home/.local/share" XDG_STATE_HOME="$T/home/.local/state" JIAOYAN_SYSCONFIG="$T/none.ini"
unset JIAOYAN_NOW
mkdir -p "$HOME"
gen() { python3 "$top/tools/bench-gen.py" "$@"; }
median() { gen time "$RUNS" -- "$@"; }

[ -x "$JY" ] || { echo "bench: $JY not built (make first)" >&2; exit 1; }

# build NAME RECORDS: a bare repository on refs/heads/main filled by fast-import in a few commits.
build() {
	git init -q --bare -b main "$T/$1.git"
	gen gen "$2" --ids "$T/$1.ids" | git --git-dir="$T/$1.git" fast-import --quiet
}

start=$(date +%s)
echo "bench: generating repositories (100 and $N records) with git fast-import…"
build small 100
build big "$N"
files=$(git --git-dir="$T/big.git" ls-tree -r main | wc -l)
lead=$(sed -n 's/^lead //p' "$T/big.ids")
teacher=$(sed -n 's/^teacher //p' "$T/big.ids")
# A sample observation from the middle of the big repository, and its term and school.
set -- $(grep '^observation ' "$T/big.ids" | sed -n '25p')
obs_id=$2 obs_term=$3 obs_school=$4 obs_path=$5

# One untimed run of each warms the page cache and builds the derived index (as a first start would).
add_args="--user bench add observation date=2026-11-20 kind=peer school=$lead teacher=$teacher course=直播技术 class=24级1班 score.goal=13 score.content=17 score.method=18 score.organisation=13 score.ideology=9 score.effect=18"
# shellcheck disable=SC2086
"$JY" -C "$T/small.git" $add_args > /dev/null
# shellcheck disable=SC2086
"$JY" -C "$T/big.git" $add_args > /dev/null
"$JY" -C "$T/big.git" show "$obs_id" > /dev/null
"$JY" -C "$T/big.git" list observation --term "$obs_term" --school "$obs_school" > /dev/null

# The two adds alternate run by run, so a busy moment on the machine weighs on both alike.
# shellcheck disable=SC2086
set -- $(median "$JY" -C "$T/small.git" $add_args -- "$JY" -C "$T/big.git" $add_args)
t_add_small=$1 t_add_big=$2
t_show=$(median "$JY" -C "$T/big.git" show "$obs_id")
t_cat=$(median git --git-dir="$T/big.git" cat-file -p "HEAD:$obs_path")
t_list=$(median "$JY" -C "$T/big.git" list observation --term "$obs_term" --school "$obs_school")
t_help=$(median "$JY" --version)
listed=$("$JY" -C "$T/big.git" list observation --term "$obs_term" --school "$obs_school" --format tsv | tail -n +2 | wc -l)
ratio=$(awk -v a="$t_add_big" -v b="$t_add_small" 'BEGIN { printf "%.2f", a / b }')
verdict=$(awk -v r="$ratio" 'BEGIN { print (r <= 2 ? "ok" : "FAIL") }')

# Sync: 1,000 new records (one commit each) on each side of the big repository, merged and pushed —
# jiaoyan sync against git fetch, git merge-tree (git's merge without a work tree, as ours has none) and push.
# Each run starts from fresh copies, so SYNC_RUNS is small.
SYNC_RUNS=${BENCH_SYNC_RUNS:-5}
cp -a "$T/big.git" "$T/ctpl.git" && gen more 1000 1 中心 | git --git-dir="$T/ctpl.git" fast-import --quiet
cp -a "$T/big.git" "$T/ptpl.git" && gen more 1000 2 校区 | git --git-dir="$T/ptpl.git" fast-import --quiet
"$JY" -C "$T/ptpl.git" remote add central "$T/c.git" > /dev/null
fresh() { rm -rf "$T/c.git" "$T/p.git" && cp -a "$T/ctpl.git" "$T/c.git" && cp -a "$T/ptpl.git" "$T/p.git"; }
ms() { echo $(($(date +%s%N) / 1000000)); }
gitsync() {
	git --git-dir="$T/p.git" fetch -q "$T/c.git" main:refs/remotes/central/main &&
		tree=$(git --git-dir="$T/p.git" merge-tree --write-tree main central/main) &&
		c=$(git --git-dir="$T/p.git" commit-tree "$tree" -p main -p central/main -m merge) &&
		git --git-dir="$T/p.git" update-ref refs/heads/main "$c" && git --git-dir="$T/p.git" push -q "$T/c.git" main
}
: > "$T/sync.jy" && : > "$T/sync.git"
for _ in $(seq "$SYNC_RUNS"); do
	fresh && a=$(ms) && "$JY" -C "$T/p.git" --user bench sync --quiet && echo $(($(ms) - a)) >> "$T/sync.jy"
	merged=$(git --git-dir="$T/c.git" rev-list --count main)
	synced=$(git --git-dir="$T/c.git" ls-tree -r main observations/2025-2026-2 | wc -l)
	fresh && a=$(ms) && gitsync && echo $(($(ms) - a)) >> "$T/sync.git"
	gitsynced=$(git --git-dir="$T/c.git" ls-tree -r main observations/2025-2026-2 | wc -l)
done
mid() { sort -n "$1" | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
t_sync=$(mid "$T/sync.jy") t_gsync=$(mid "$T/sync.git")
sratio=$(awk -v a="$t_sync" -v b="$t_gsync" 'BEGIN { printf "%.2f", a / b }')
sverdict=$(awk -v r="$sratio" -v n="$synced" -v g="$gitsynced" 'BEGIN { print (r <= 1.5 && n == g ? "ok" : "FAIL") }')

printf '\njiaoyan bench — %s files in the big repository, median of %s runs, milliseconds\n' "$files" "$RUNS"
printf '  %-58s %8s\n' "jiaoyan --version (process start, libgit2 not used)" "$t_help"
printf '  %-58s %8s\n' "jiaoyan add observation  @100 records" "$t_add_small"
printf '  %-58s %8s\n' "jiaoyan add observation  @$N records" "$t_add_big"
printf '  %-58s %8s  (%s, must be <= 2)\n' "ratio add@$N / add@100" "$ratio" "$verdict"
printf '  %-58s %8s\n' "jiaoyan show ID  @$N" "$t_show"
printf '  %-58s %8s\n' "git cat-file -p HEAD:PATH  (same record)" "$t_cat"
printf '  %-58s %8s  (%s records)\n' "jiaoyan list observation --term $obs_term --school $obs_school" "$t_list" "$listed"
printf '  %-58s %8s  (%s records of 2025-2026-2, %s commits)\n' "jiaoyan sync, 1,000 new records each side  @$N" "$t_sync" "$synced" "$merged"
printf '  %-58s %8s  (%s records, median of %s runs each)\n' "git fetch + merge-tree + commit-tree + push  (same)" "$t_gsync" "$gitsynced" "$SYNC_RUNS"
printf '  %-58s %8s  (%s, must be <= 1.5 with the same records)\n' "ratio sync / git" "$sratio" "$sverdict"
printf '  total bench time %ss\n' "$(($(date +%s) - start))"
[ "$verdict" = ok ] && [ "$sverdict" = ok ]
