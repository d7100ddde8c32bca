#!/bin/sh
# concurrency: 8 writers × 100 adds lose nothing; kill -9 mid-write never corrupts or blocks the repository.
. tests/lib/harness.sh
. tests/lib/fixture.sh

check "fixture" fixture_init
for w in 1 2 3 4 5 6 7 8; do
	"$JY" -C "$R" --user admin add person id=obs$w name=听课员$w school=jc roles=observer > /dev/null
done

before=$("$JY" -C "$R" list observation --format tsv | tail -n +2 | wc -l)
for w in 1 2 3 4 5 6 7 8; do
	(
		i=0
		while [ $i -lt 100 ]; do
			"$JY" -C "$R" --user obs$w add observation kind=peer date=2026-11-20 teacher=lina \
				course="课程$w-$i" $SCORES score.goal=10 >> "$T/ids.$w" 2>> "$T/err.$w" || echo "fail $w $i" >> "$T/failures"
			i=$((i + 1))
		done
	) &
done
wait
[ ! -s "$T/failures" ] && ok "all 800 concurrent adds succeeded" || fail "failed adds: $(wc -l < "$T/failures"); $(head -3 "$T"/err.* | head -12)"
cat "$T"/ids.* | sort > "$T/ids"
[ "$(wc -l < "$T/ids")" -eq 800 ] && ok "800 ids printed" || fail "ids printed: $(wc -l < "$T/ids")"
[ "$(uniq "$T/ids" | wc -l)" -eq 800 ] && ok "all ids unique" || fail "duplicate ids"
after=$("$JY" -C "$R" list observation --format tsv | tail -n +2 | wc -l)
[ $((after - before)) -eq 800 ] && ok "800 records listed" || fail "records listed: $((after - before))"
"$JY" -C "$R" list observation --format tsv | tail -n +2 | cut -f1 | sort > "$T/listed"
comm -23 "$T/ids" "$T/listed" | grep -q . && fail "an added id is missing from the list" || ok "every added id is in the list"
# The background packing the adds started may still run: git fsck beside a repack would see loose objects vanish.
flock -w 120 "$R/jiaoyan-gc.lock" true
check "git fsck --strict is clean" git --git-dir="$R" fsck --strict --no-progress
commits=$(git --git-dir="$R" rev-list --count refs/heads/main)
[ "$commits" -ge 807 ] && ok "one commit per add ($commits)" || fail "commits: $commits"

# kill -9 at random moments during a loop of adds.
(
	while :; do
		"$JY" -C "$R" --user obs1 add observation kind=peer date=2026-11-21 teacher=lina course=断电测试 $SCORES score.goal=9 > /dev/null 2>&1
	done
) &
loop=$!
n=0
while [ $n -lt 25 ]; do
	sleep 0.0$(( $(od -An -N1 -tu1 /dev/urandom) % 9 + 1 ))
	pkill -9 -P $loop -x jiaoyan 2>/dev/null || pkill -9 -f "$JY -C $R --user obs1" 2>/dev/null
	n=$((n + 1))
done
kill -9 $loop 2>/dev/null
wait $loop 2>/dev/null
pkill -9 -f "$JY -C $R --user obs1" 2>/dev/null
sleep 0.2
flock -w 120 "$R/jiaoyan-gc.lock" true
check "fsck clean after kill -9" git --git-dir="$R" fsck --strict --no-progress
check "every listed record decodes" run 0 "$JY" -C "$R" list observation --format tsv
[ -z "$ERR" ] && ok "no record skipped as undecodable" || fail "list skipped records: $ERR"
check "check passes after kill -9" run 0 "$JY" -C "$R" check
check "the next add succeeds (no stale lock blocks writes)" run 0 env JIAOYAN_LOCK_TIMEOUT=5 "$JY" -C "$R" --user obs2 add observation kind=peer date=2026-11-21 teacher=lina course=恢复 $SCORES score.goal=8

# A writer killed while holding the ref lock leaves refs/heads/main.lock behind: the next writer removes it.
touch "$R/refs/heads/main.lock"
check "a stale main.lock does not block writes" run 0 env JIAOYAN_LOCK_TIMEOUT=5 "$JY" -C "$R" --user obs2 add observation kind=peer date=2026-11-21 teacher=lina course=锁 $SCORES score.goal=8
[ ! -e "$R/refs/heads/main.lock" ] && ok "the stale lock was removed" || fail "the stale lock is still there"

# git repack -d (what automatic packing runs) removes an object directory it emptied, which a writer may have
# just made for a new object: the write is tried again, no add fails.
touch "$T/repacking"
(while [ -e "$T/repacking" ]; do git --git-dir="$R" repack -d -q > /dev/null 2>&1; done) &
rp=$!
failed=0 i=0
while [ $i -lt 200 ]; do
	"$JY" -C "$R" --user obs2 add observation kind=peer date=2026-11-22 teacher=lina course=打包中$i $SCORES \
		> /dev/null 2> "$T/race.err" || { failed=$((failed + 1)); cp "$T/race.err" "$T/race.failed"; }
	i=$((i + 1))
done
rm -f "$T/repacking"
wait $rp
[ $failed -eq 0 ] && ok "200 adds while git repack -d loops: none fails" ||
	fail "$failed adds failed while repacking: $(head -c 300 "$T/race.failed")"
check "fsck clean after adds beside repacks" git --git-dir="$R" fsck --strict --no-progress
