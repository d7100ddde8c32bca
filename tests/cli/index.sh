#!/bin/sh
# index: the ready-to-show index (jiaoyan-rows/) is derived — deleted or damaged, it is rebuilt and never trusted — and search finds what git grep finds.
. tests/lib/harness.sh
. tests/lib/fixture.sh

D="$T/demo.git"
check "the demo repository" run 0 "$JY" init --demo "$D"
listings() { # REPO OUTDIR: every listing the tests compare
	mkdir -p "$2"
	"$JY" -C "$1" list observation --format tsv > "$2/obs.tsv" &&
		"$JY" -C "$1" list observation > "$2/obs.txt" &&
		"$JY" -C "$1" list observation --format tsv --labels > "$2/obs-labels.tsv" &&
		"$JY" -C "$1" list person --format tsv > "$2/person.tsv" &&
		"$JY" -C "$1" list plan > "$2/plan.txt" &&
		"$JY" -C "$1" search 教学 --format tsv > "$2/search.tsv"
}
check "listings from a fresh index" listings "$D" "$T/fresh"
[ -f "$D/jiaoyan-rows/@manifest" ] && ok "the index lives in jiaoyan-rows/" || fail "no jiaoyan-rows/@manifest"
[ "$(wc -l < "$T/fresh/obs.tsv")" -gt 5 ] && ok "the demo lists observations" || fail "the demo lists observations"
check "listings again (index current)" listings "$D" "$T/again"
check "the same output from the current index" diff -r "$T/fresh" "$T/again"

rm -rf "$D/jiaoyan-rows"
check "listings after deleting the index" listings "$D" "$T/deleted"
check "deleting the index loses nothing" diff -r "$T/fresh" "$T/deleted"
[ -f "$D/jiaoyan-rows/@manifest" ] && ok "the index is rebuilt" || fail "the index is not rebuilt"

# Damage: cut files short, overwrite bytes inside them (values a trusting reader would print), break the manifest.
obsfile=$(ls "$D/jiaoyan-rows" | grep '^observations@' | head -1)
size=$(wc -c < "$D/jiaoyan-rows/$obsfile")
truncate -s $((size / 2)) "$D/jiaoyan-rows/$obsfile"
check "listings after truncating a directory's file" listings "$D" "$T/cut"
check "a truncated file is rebuilt, not trusted" diff -r "$T/fresh" "$T/cut"
for f in "$obsfile" people schools; do
	size=$(wc -c < "$D/jiaoyan-rows/$f")
	printf 'XXXXXXXX' | dd of="$D/jiaoyan-rows/$f" bs=1 seek=$((size * 2 / 3)) conv=notrunc 2> /dev/null
	printf 'ZZ' | dd of="$D/jiaoyan-rows/$f" bs=1 seek=$((size - 3)) conv=notrunc 2> /dev/null
done
check "listings after overwriting bytes" listings "$D" "$T/overwritten"
check "overwritten bytes are detected and rebuilt" diff -r "$T/fresh" "$T/overwritten"
# A directory's header says where it enters the newest-first merge, whose rows are read only when their turn
# comes: a header changed to put a directory last is refused by its own sum, and rows damaged in directories the
# merge opens late are found then and rebuilt.
for f in $(ls "$D/jiaoyan-rows" | grep '^observations@'); do
	at=$(head -1 "$D/jiaoyan-rows/$f" | grep -bo ' =' | head -1 | cut -d: -f1)
	printf '0' | dd of="$D/jiaoyan-rows/$f" bs=1 seek=$((at + 2)) conv=notrunc 2> /dev/null
done
check "listings after changing the directories' headers" listings "$D" "$T/headers"
check "a changed header is detected and rebuilt" diff -r "$T/fresh" "$T/headers"
n=0
for f in $(ls "$D/jiaoyan-rows" | grep '^observations@'); do
	set -- $(head -1 "$D/jiaoyan-rows/$f")
	printf '\377\377' | dd of="$D/jiaoyan-rows/$f" bs=1 seek=$(($(head -1 "$D/jiaoyan-rows/$f" | wc -c) + $8 / 2)) conv=notrunc 2> /dev/null
	n=$((n + 1))
done
[ "$n" -gt 3 ] && ok "rows damaged in $n directories" || fail "only $n observation directories"
check "listings after damaging every directory's rows" listings "$D" "$T/rows"
check "rows damaged anywhere in the merge are rebuilt" diff -r "$T/fresh" "$T/rows"
printf 'garbage' | dd of="$D/jiaoyan-rows/@manifest" bs=1 seek=20 conv=notrunc 2> /dev/null
check "listings after damaging the manifest" listings "$D" "$T/manifest"
check "a damaged manifest is rebuilt" diff -r "$T/fresh" "$T/manifest"
: > "$D/jiaoyan-rows/@manifest"
check "listings after emptying the manifest" listings "$D" "$T/empty"
check "an empty manifest is rebuilt" diff -r "$T/fresh" "$T/empty"

# --- a person's new name shows in lists, and nothing else changes ---------------------------

check "the fixture" fixture_init
check "an observation" run 0 add_obs class=abc班
"$JY" -C "$R" list observation > "$T/before.txt"
contains "$(cat "$T/before.txt")" "李娜" && ok "the list names the teacher" || fail "the list names the teacher"
check "rename the teacher" run 0 "$JY" -C "$R" --user admin edit person/lina name=李娜娜
"$JY" -C "$R" list observation > "$T/after.txt"
sed 's/李娜  /李娜娜/' "$T/before.txt" > "$T/expected.txt"
check "the new name shows, nothing else changes" diff "$T/expected.txt" "$T/after.txt"
"$JY" -C "$R" list observation --format tsv --labels > "$T/after.tsv"
contains "$(cat "$T/after.tsv")" "李娜娜" && ok "tsv --labels shows the new name" || fail "tsv --labels shows the new name"
check "a second observation" run 0 add_obs course=物联网应用开发
[ "$("$JY" -C "$R" list observation --format tsv | wc -l)" -eq 3 ] && ok "a stale index is brought up to date" \
	|| fail "a stale index is brought up to date"

# --- search: folding, and privacy -------------------------------------------------------------

check "search ＡＢＣ (full-width)" run 0 "$JY" -C "$R" search ＡＢＣ --format tsv
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 2 ] && contains "$OUT" "observation.class	abc班" \
	&& ok "full-width ＡＢＣ finds abc, with the field and the value" || fail "full-width ＡＢＣ finds abc"
check "search ABC" run 0 "$JY" -C "$R" search ABC
contains "$OUT" "班级" && ok "upper case finds lower case; the table names the field" || fail "search ABC"
refuses "an empty search is refused" 1 "要查找的文字是空的" "$JY" -C "$R" search ""

check "a second teacher" run 0 "$JY" -C "$R" --user admin add person id=zhaolei name=赵磊 school=jc roles=teacher
check "an observation of the second teacher" run 0 add_obs teacher=zhaolei course=保密课程甲
check "the observer finds it" run 0 "$JY" -C "$R" --user wangfang search 保密课程甲 --format tsv
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 2 ] && ok "one hit for the observer" || fail "one hit for the observer: $OUT"
check "the other teacher searches" run 0 "$JY" -C "$R" --user lina search 保密课程甲 --format tsv
[ "$(printf '%s\n' "$OUT" | wc -l)" -eq 1 ] && ok "a record the teacher may not see is not found" || fail "privacy: $OUT"
"$JY" -C "$R" --user lina list observation --format tsv | cut -f9 | sed 1d | sort > "$T/lina-sees"
"$JY" -C "$R" --user lina search 2026-11-20 --type observation --format tsv | cut -f5 | sed 1d | sort > "$T/lina-finds"
check "search shows the teacher what list shows her" diff "$T/lina-sees" "$T/lina-finds"

# --- search finds exactly what git grep finds among readable records ---------------------------

# same_as_grep REPO USER TEXT…: the paths search finds as USER are git grep -l -F -i's among the records
# USER may see (observations: those list shows USER; other records: all). -i: search folds ASCII case
# (the demo's sealed papers hold random base64, where "BaNd" turns up now and then).
same_as_grep() {
	repo=$1 user=$2
	shift 2
	"$JY" -C "$repo" ${user:+--user $user} list observation --format tsv | awk -F'\t' 'NR > 1 { print $NF }' | sort > "$T/visible"
	for text in "$@"; do
		git --git-dir="$repo" grep -l -F -i -e "$text" main -- '*.ini' | sed 's/^main://' | sort > "$T/grep-all"
		grep '^observations/' "$T/grep-all" | comm -12 - "$T/visible" > "$T/grep"
		grep -v '^observations/' "$T/grep-all" >> "$T/grep"
		sort -o "$T/grep" "$T/grep"
		"$JY" -C "$repo" ${user:+--user $user} search "$text" --format tsv | awk -F'\t' 'NR > 1 { print $NF }' | sort > "$T/found"
		if ! cmp -s "$T/grep" "$T/found"; then
			echo "# $text as ${user:-everyone}: $(diff "$T/grep" "$T/found" | head -5 | tr '\n' ' ')"
			return 1
		fi
	done
}
check "demo: search finds what git grep finds" same_as_grep "$D" "" 教学 小组 直播技术 传感器 物联网 s01 2026-11 优 课堂 2026 band score
# Damage to the search text only, which a term's pass reads for the few rows whose whole record it shows: the
# record comes from git instead, the file is deleted, and the next run rebuilds it.
set -- $("$JY" -C "$D" list observation --format tsv | sed -n 2p)
who=$4 f="$(dirname "$9" | tr / @)"
"$JY" -C "$D" --user "$who" obs mine --format tsv > "$T/mine.fresh"
set -- $(head -1 "$D/jiaoyan-rows/$f")
hl=$(($(head -1 "$D/jiaoyan-rows/$f" | wc -c)))
printf 'XXXXXXXX' | dd of="$D/jiaoyan-rows/$f" bs=1 seek=$((hl + $8 + ${10} / 2)) conv=notrunc 2> /dev/null
"$JY" -C "$D" --user "$who" obs mine --format tsv > "$T/mine.damaged"
[ -s "$T/mine.fresh" ] && cmp -s "$T/mine.fresh" "$T/mine.damaged" && [ ! -e "$D/jiaoyan-rows/$f" ] &&
	ok "damaged search text: obs mine shows the records from git, and the file is dropped" ||
	fail "obs mine after damage: $(diff "$T/mine.fresh" "$T/mine.damaged" | head -3 | tr '\n' ' ') $(ls "$D/jiaoyan-rows/$f" 2>&1)"
"$JY" -C "$D" --user "$who" obs mine --format tsv > "$T/mine.rebuilt"
cmp -s "$T/mine.fresh" "$T/mine.rebuilt" && [ -e "$D/jiaoyan-rows/$f" ] && ok "and the next run rebuilds it" ||
	fail "obs mine after rebuild"

# libgit2 is opened on first need: with the index current a listing needs none, and a write that does when it
# cannot be loaded fails with the reason (a library that is not one, found first on LD_LIBRARY_PATH).
mkdir -p "$T/nolib"
for lib in "$(dirname "$(${CC:-cc} -print-file-name=libgit2.so)")"/libgit2.so.*; do : > "$T/nolib/${lib##*/}"; done
"$JY" -C "$D" list observation --format tsv > "$T/obs.withlib"
h=$(head_of "$D")
run 0 env LD_LIBRARY_PATH="$T/nolib" "$JY" -C "$D" list observation --format tsv
[ "$OUT" = "$(cat "$T/obs.withlib")" ] && [ -n "$OUT" ] && ok "with the index current, list needs no libgit2" ||
	fail "list without libgit2: $ERR"
run 1 env LD_LIBRARY_PATH="$T/nolib" "$JY" -C "$D" --user ruanzhiheng add observation kind=peer date=2026-11-20 \
	teacher=mowanqing course=无库 $SCORES
contains "$ERR" "无法加载 libgit2" && contains "$ERR" "$T/nolib/libgit2.so" && [ "$(head_of "$D")" = "$h" ] &&
	ok "a write without a loadable libgit2 fails saying so, nothing written" || fail "add without libgit2: $ERR"

teacher=$(git --git-dir="$D" grep -l -F 'roles = teacher' main -- people | head -1 | sed 's/^main:people\///; s/\.ini$//')
check "demo: as a teacher ($teacher), among what the teacher may see" same_as_grep "$D" "$teacher" 教学 小组 课堂 2026

B="$T/bench.git"
git init -q --bare -b main "$B" && python3 tools/bench-gen.py gen 10000 | git --git-dir="$B" fast-import --quiet \
	&& ok "a 10k bench-gen repository" || fail "a 10k bench-gen repository"
check "10k: search finds what git grep finds" same_as_grep "$B" "" 说法三 教师00042 直播技术 实训楼A012 小组分工 t00007 band 第12章

# A streamed table takes its column widths from the index's per-directory widths; a table in another order
# (--sort path) measures every row it holds: the same lines, padded alike, in another order.
same_table() { # REPO [ARGS...]
	_r=$1
	shift
	"$JY" -C "$_r" "$@" > "$T/table.streamed" && "$JY" -C "$_r" "$@" --sort path > "$T/table.held" || return 1
	[ "$(wc -l < "$T/table.streamed")" -gt 2 ] || { echo "# too few lines"; return 1; }
	sort -o "$T/table.streamed" "$T/table.streamed"
	sort -o "$T/table.held" "$T/table.held"
	cmp -s "$T/table.streamed" "$T/table.held" || { diff "$T/table.held" "$T/table.streamed" | head -4; return 1; }
}
check "demo: a streamed table's widths are those of every row" same_table "$D" list observation
check "demo: the same for people (names, coded roles)" same_table "$D" list person
check "10k: a streamed table's widths are those of every row" same_table "$B" list observation
check "10k: one term" same_table "$B" list observation --term "$(git --git-dir="$B" show main:group.ini | sed -n 's/^term = //p')"
check "10k: as a teacher, who sees fewer rows (measured in a pass)" same_table "$B" --user "$(git --git-dir="$B" grep -l -F 'roles = teacher' main -- people | tail -1 | sed 's/^main:people\///; s/\.ini$//')" list observation

echo "# $_n tests"
