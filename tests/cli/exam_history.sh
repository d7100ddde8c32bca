#!/bin/sh
# exam_history: assembly against earlier sittings of the course on a bank of 44 approved single choices — at most 30%
# shared with each of the two previous papers and under 10% between A and B, recomputed here from the printed papers
# (not taken from the program's own check); with group.ini [exam] recent = 1 the last sitting's items are avoided.
. tests/lib/harness.sh
R="$T/repo"
J() { "$JY" -C "$R" "$@"; }
as() { who=$1; shift; "$JY" -C "$R" --user "$who" "$@"; }
printf 'suyuan-pass-1\n' > "$T/p.su"
printf 'yanshuyao-pass\n' > "$T/p.yan"
su() { env JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan "$@"; }

run 0 "$JY" init --demo "$R" || { fail "demo repository"; exit 0; }
su key gen > /dev/null && env JIAOYAN_PASSPHRASE_FILE="$T/p.yan" "$JY" -C "$R" --user yanshuyao key gen > /dev/null || fail "keys"

# 40 more single choices over the five chapters, approved by the other examiner.
{
	printf '题型,难度,章节,知识点,认知层次,题干,选项A,选项B,选项C,选项D,答案,分值\n'
	for i in $(seq 1 40); do
		c=$(( (i % 5) + 1 ))
		case $c in 1) ch="项目一 网店运营规划" ;; 2) ch="项目二 商品选品与定价" ;; 3) ch="项目三 流量获取与转化" ;;
			4) ch="项目四 用户运营" ;; 5) ch="项目五 数据分析与决策" ;; esac
		printf '单选,%d,%s,要点%d,理解,第%d号历史题：下列说法正确的是哪一项？,甲%d,乙%d,丙%d,丁%d,A,2\n' \
			$(( (i % 5) + 1 )) "$ch" "$i" "$i" "$i" "$i" "$i" "$i"
	done
} > "$T/bank.csv"
run 0 as suyuan bank import --course 网店运营 --format csv --force "$T/bank.csv" || fail "import: $ERR"
for id in $(J bank list --course 网店运营 --state 草稿 --type 单选 --text 历史题 --format tsv | tail -n +2 | cut -f1); do
	as yanshuyao bank approve "$id" --comment 可用 > /dev/null || fail "approve $id"
done
[ "$(J bank list --course 网店运营 --state 已审核 --type 单选 --format tsv | tail -n +2 | wc -l)" = 44 ] &&
	ok "44 approved single choices in the bank" || fail "bank size"
as cenlixing edit group exam.recent=0 > /dev/null || fail "group.ini recent"

# sitting NAME DATE PAPERS SEED: an exam of the course with ten single choices, assembled.
sitting() {
	id=$(as kemingyuan exam new --specialty 530701 --course 网店运营 --name "$1" date="$2" release="$2T08:00" \
		committee=suyuan,yanshuyao papers="$3" coverage=60)
	su exam blueprint "$id" add type=单选 count=10 points=10 > /dev/null
	su exam assemble "$id" --seed "$4" > /dev/null 2> "$T/assemble.err" || echo "assemble $1: $(cat "$T/assemble.err")" >> "$T/failures"
	echo "$id"
}
# stems FILE: the stems of a printed paper (Markdown), one a line, sorted.
stems() { grep -E '^[0-9]+\. ' "$1" | sed -E 's/^[0-9]+\. //; s/（[0-9.]+ 分）$//' | sort; }
shared() { comm -12 "$1" "$2" | grep -c .; }

E1=$(sitting 去年秋季联考 2025-12-20 A 1)
E2=$(sitting 今年春季联考 2026-06-20 A 2)
# Past sittings are released: anyone can read them.
for e in "$E1" "$E2"; do
	env JIAOYAN_NOW=2026-11-22T09:30:00 JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan exam release "$e" > /dev/null ||
		fail "release $e"
done
J exam print "$E1" --paper A --format md > "$T/e1.md" && J exam print "$E2" --paper A --format md > "$T/e2.md" || fail "print past"
stems "$T/e1.md" > "$T/e1" && stems "$T/e2.md" > "$T/e2"
[ "$(wc -l < "$T/e1")" = 10 ] && [ "$(wc -l < "$T/e2")" = 10 ] && ok "two earlier sittings, released, printable by anyone" || fail "past papers"

E3=$(sitting 今年秋季联考 2027-01-10 A,B 3)
[ ! -s "$T/failures" ] && ok "three sittings assembled" || fail "$(cat "$T/failures")"
su exam print "$E3" --paper A --format md > "$T/a.md" && su exam print "$E3" --paper B --format md > "$T/b.md" || fail "print A/B"
stems "$T/a.md" > "$T/a" && stems "$T/b.md" > "$T/b"
[ "$(wc -l < "$T/a")" = 10 ] && [ "$(wc -l < "$T/b")" = 10 ] && ok "A and B, ten items each" || fail "sizes"
for p in a b; do
	s1=$(shared "$T/$p" "$T/e1") s2=$(shared "$T/$p" "$T/e2")
	[ "$s1" -le 3 ] && [ "$s2" -le 3 ] && ok "paper $p shares $s1 and $s2 of 10 with the two earlier sittings (≤ 30%)" ||
		fail "paper $p overlap $s1 / $s2"
done
[ "$(shared "$T/a" "$T/b")" = 0 ] && ok "A and B share nothing (under 10% of 10)" || fail "A/B overlap $(shared "$T/a" "$T/b")"
run 0 env JIAOYAN_PASSPHRASE_FILE="$T/p.su" "$JY" -C "$R" --user suyuan exam check "$E3" && contains "$OUT" "与上一场考试重复" &&
	contains "$OUT" "与上上场考试重复" && contains "$OUT" "A/B" && ok "check names both earlier sittings and A/B" || fail "check: $OUT"

# With recent = 1 the last sitting's items are not drawn at all.
as cenlixing edit group exam.recent=1 > /dev/null || fail "recent=1"
su exam assemble "$E3" --seed 3 > /dev/null || fail "assemble recent=1"
su exam print "$E3" --paper A --format md > "$T/a1.md" && su exam print "$E3" --paper B --format md > "$T/b1.md"
stems "$T/a1.md" > "$T/a1" && stems "$T/b1.md" > "$T/b1"
[ "$(shared "$T/a1" "$T/e2")" = 0 ] && [ "$(shared "$T/b1" "$T/e2")" = 0 ] &&
	ok "recent = 1: nothing of the last sitting is drawn" || fail "avoid: $(shared "$T/a1" "$T/e2") $(shared "$T/b1" "$T/e2")"
