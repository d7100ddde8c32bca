#!/bin/sh
# run: runs every test suite (cmocka units, CLI, TUI, SSH, fuzz smoke) and prints "N passed, N failed, N skipped" last.
set -u
B=${B:-build}
top=$(pwd)
export JIAOYAN_BIN="${JIAOYAN_BIN:-$top/jiaoyan}"
export LC_ALL=C.UTF-8
export TZ=UTC
passed=0
failed=0
skipped=0
failures=""
log=$(mktemp -d)

# Suites the README promises, and what a skip there means: these skip as a whole only when a tool is
# missing (fuzz: clang's libFuzzer runtime; tui: tmux; ssh: sshd, tmux, root), and `make deps` installs
# the tools. Where it could have (root with apt-get), a suite that skipped everything is a failure: a
# check in tools/deps.sh is missing or wrong, and the suite would otherwise pass by not running. One
# skipped check in a suite that ran (say, one that needs a mount namespace) is only counted.
promised() { case "$1" in fuzz | tui | ssh) return 0 ;; *) return 1 ;; esac; }
deps_could_install() { [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null 2>&1; }

count_cmocka() { # file → "p f s"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	s=$(sed -n 's/^\[  SKIPPED \] \([0-9]*\) test.*/\1/p' "$1" | awk '{s+=$1} END {print s+0}')
	echo "$p $f $s"
}

# report NAME P F S: one line per suite; skipped only shown when there were some.
report() {
	if [ "$4" -ne 0 ]; then
		printf '%-32s %4d passed, %d failed, %d skipped\n' "$1" "$2" "$3" "$4"
	else
		printf '%-32s %4d passed, %d failed\n' "$1" "$2" "$3"
	fi
}

for t in "$B"/tests/test_*; do
	[ -x "$t" ] || continue
	name=$(basename "$t")
	out="$log/$name.out"
	( cd "$top" && "$t" ) > "$out" 2>&1
	rc=$?
	set -- $(count_cmocka "$out")
	p=$1 f=$2 s=$3
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
	passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
	report "unit/$name" "$p" "$f" "$s"
	if [ "$f" -ne 0 ]; then failures="$failures unit/$name"; sed -n '/FAILED\|ERROR\|Assert\|error/p' "$out" | head -20; fi
	[ "$s" -eq 0 ] || sed -n 's/^\[  SKIPPED \] \([^0-9].*\)/  # SKIP \1/p' "$out"
done

for dir in cli tui ssh sync fuzz; do
	for t in tests/$dir/*.sh; do
		[ -f "$t" ] || continue
		name=$(basename "$t" .sh)
		out="$log/$dir-$name.out"
		( cd "$top" && sh "$t" ) > "$out" 2>&1
		rc=$?
		# TAP: "ok N - … # SKIP reason" is a skip (the directive is case-insensitive), not a pass.
		s=$(grep -ci '^ok .*# *skip' "$out")
		p=$(($(grep -c '^ok ' "$out") - s))
		f=$(grep -c '^not ok ' "$out")
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; echo "not ok - $t exited $rc" >> "$out"; fi
		if [ "$s" -ne 0 ] && [ "$p" -eq 0 ] && promised "$dir" && deps_could_install; then
			f=$((f + 1))
			echo "not ok - $dir/$name was skipped, although make deps can install what it needs here (root, apt-get): run make deps, or tools/deps.sh misses a check" >> "$out"
		fi
		passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
		report "$dir/$name" "$p" "$f" "$s"
		[ "$s" -eq 0 ] || grep -i '^ok .*# *skip' "$out" | sed 's/^ok [0-9]* *-* */  /' | head -5
		if [ "$f" -ne 0 ]; then failures="$failures $dir/$name"; grep -B3 -A12 '^not ok ' "$out" | head -60; fi
	done
done

[ -z "$failures" ] || echo "failing suites:$failures (logs in $log)"
[ -n "$failures" ] || rm -rf "$log"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
