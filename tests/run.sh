#!/bin/sh
# run: runs every test suite (cmocka units, CLI, TUI, SSH, fuzz smoke) and prints the totals last.
set -u
B=${B:-build}
top=$(pwd)
export JIAOYAN_BIN="${JIAOYAN_BIN:-$top/jiaoyan}"
export LC_ALL=C.UTF-8
export TZ=UTC
passed=0
failed=0
failures=""
log=$(mktemp -d)

count_cmocka() { # file → "p f"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	echo "$p $f"
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out="$log/$name.out"
	( cd "$top" && "$t" ) > "$out" 2>&1
	rc=$?
	set -- $(count_cmocka "$out")
	p=$1 f=$2
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f))
	printf '%-32s %4d passed, %d failed\n' "unit/$name" "$p" "$f"
	if [ "$f" -ne 0 ]; then failures="$failures unit/$name"; sed -n '/FAILED\|ERROR\|Assert\|error/p' "$out" | head -20; fi
done

for dir in cli tui ssh fuzz; do
	for t in tests/$dir/*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		out="$log/$dir-$name.out"
		( cd "$top" && sh "$t" ) > "$out" 2>&1
		rc=$?
		p=$(grep -c '^ok ' "$out")
		f=$(grep -c '^not ok ' "$out")
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $t exited $rc" >> "$out"; fi
		passed=$((passed + p)); failed=$((failed + f))
		printf '%-32s %4d passed, %d failed\n' "$dir/$name" "$p" "$f"
		if [ "$f" -ne 0 ]; then failures="$failures $dir/$name"; grep -B3 -A12 '^not ok ' "$out" | head -60; fi
	done
done

[ -z "$failures" ] || echo "failing suites:$failures (logs in $log)"
[ -n "$failures" ] || rm -rf "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
