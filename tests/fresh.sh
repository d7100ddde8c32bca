#!/bin/sh
# fresh: the README's two commands on a fresh Debian 12 — debootstrap minbase, only git make ca-certificates, clone in /root (0700), no LANG: make check, make run.
#
# Run as root from a checkout: sh tests/fresh.sh. It tests the committed HEAD, not the working tree.
# Network: deb.debian.org (or JIAOYAN_FRESH_MIRROR). Takes ~6 minutes (~2½ with the cache); .ci/run runs it after make check.
#   JIAOYAN_FRESH_CACHE  where the base system and downloaded .debs are kept (default /var/cache/jiaoyan-fresh)
#   JIAOYAN_FRESH_KEEP=1 keeps the chroot (its path is printed) for a look afterwards
set -u
top=$(cd "$(dirname "$0")/.." && pwd)
MIRROR=${JIAOYAN_FRESH_MIRROR:-http://deb.debian.org/debian}
SUITE=bookworm
CACHE=${JIAOYAN_FRESH_CACHE:-/var/cache/jiaoyan-fresh}
# A clean root login: no LANG or LC_*, what login(1) and the shell set.
LOGIN_ENV="HOME=/root USER=root LOGNAME=root SHELL=/bin/sh TERM=linux PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

# TAP lines numbered across this script and its part inside the namespace (a counter file).
ok() { _n=$(($(cat "$W/n") + 1)); echo "$_n" > "$W/n"; echo "ok $_n - $*"; }
fail() { _n=$(($(cat "$W/n") + 1)); echo "$_n" > "$W/n"; echo "not ok $_n - $*"; echo x >> "$W/failed"; }
note() { echo "# $*"; }
now() { date +%s; }
# in_chroot CMD…: as a clean root login in the chroot (env -i: no LANG).
in_chroot() { chroot "$R" /usr/bin/env -i $LOGIN_ENV "$@"; }

# --- inside: a private mount and PID namespace, so every mount and daemon ends with it ---------------

if [ "${1:-}" = --inside ]; then
	W=$2 R=$3
	set -e
	# The root a mount point, as on a real machine (unshare --propagation private inside needs that).
	mount --bind "$R" "$R"
	mount -t proc proc "$R/proc"
	# A /dev of its own: the usual nodes and a private devpts (sshd and tmux need ptys).
	mount -t tmpfs -o mode=755,nosuid dev "$R/dev"
	for d in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
		mknod -m 666 "$R/dev/${d%%:*}" c "$(echo "$d" | cut -d: -f2)" "${d##*:}"
	done
	mkdir -p "$R/dev/pts" "$R/dev/shm"
	mount -t devpts -o newinstance,ptmxmode=0666,mode=620,gid=5 devpts "$R/dev/pts"
	ln -s pts/ptmx "$R/dev/ptmx"
	mount -t tmpfs -o mode=1777,nosuid,nodev shm "$R/dev/shm"
	ln -s /proc/self/fd "$R/dev/fd"
	ln -s /proc/self/fd/0 "$R/dev/stdin"
	ln -s /proc/self/fd/1 "$R/dev/stdout"
	ln -s /proc/self/fd/2 "$R/dev/stderr"
	mount -t tmpfs -o mode=755,nosuid,nodev run "$R/run"
	# Downloads are kept between runs; what is installed is decided afresh by make deps every time.
	mkdir -p "$CACHE/archives/partial"
	mount --bind "$CACHE/archives" "$R/var/cache/apt/archives"
	set +e

	# make check, as the README says, from /root/jiaoyan with no locale.
	t0=$(now)
	in_chroot sh -c 'cd /root/jiaoyan && make check' > "$W/check.log" 2>&1
	rc=$?
	t1=$(now)
	note "make check in the chroot: exit $rc, $((t1 - t0)) s (make deps, build, every suite); log: $W/check.log"
	sed -n '/^deps: installing/p' "$W/check.log" | cut -c1-400 | sed 's/^/# /'
	grep -E '^(unit|cli|tui|ssh|fuzz)/' "$W/check.log" | sed 's/^/#   /'
	last=$(tail -n 1 "$W/check.log")
	note "last line: $last"
	if [ $rc -eq 0 ] && echo "$last" | grep -Eq '^[1-9][0-9]* passed, 0 failed, [0-9]+ skipped$'; then
		ok "make check passes from a clone in /root (mode $(stat -c %a "$R/root")) with no LANG: $last"
	else
		fail "make check passes from a clone in /root with no LANG (exit $rc): $last"
		grep -E -B2 -A8 '^not ok|^deps:|rror' "$W/check.log" | head -80 | sed 's/^/#   /'
	fi
	# The promised suites ran: each printed passes, and none skipped as a whole.
	for s in fuzz/codec fuzz/csv ssh/serve tui/start tui/locale; do
		l=$(grep "^$s " "$W/check.log")
		p=$(echo "$l" | sed -n 's/^[^ ]* *\([0-9]*\) passed.*/\1/p')
		if [ "${p:-0}" -gt 0 ]; then ok "$s ran: $(echo "$l" | sed 's/^[^ ]* *//')"; else fail "$s ran: ${l:-no line}"; fi
	done
	grep -q '^ssh/serve .* 0 failed' "$W/check.log" && ok "the ssh suite passes with the checkout in 0700 /root" ||
		fail "the ssh suite with the checkout in 0700 /root"

	# make run in tmux: the demo group opens and the Chinese is drawn (the chroot's tmux, no LANG).
	t0=$(now)
	in_chroot tmux -f /dev/null new-session -d -s run -x 100 -y 30 \
		'cd /root/jiaoyan && make run 2> /tmp/run.err; echo EXIT=$?; sleep 600'
	i=0
	while [ $i -lt 600 ]; do
		in_chroot tmux capture-pane -p -t run > "$W/run.screen" 2> /dev/null
		grep -q '听课记录' "$W/run.screen" && break
		grep -q 'EXIT=' "$W/run.screen" && break
		sleep 0.2
		i=$((i + 1))
	done
	sleep 1
	in_chroot tmux capture-pane -p -t run > "$W/run.screen" 2> /dev/null
	line1=$(sed -n 1p "$W/run.screen")
	case $line1 in
	*"1 概览"*"2 授课计划"*"3 听课记录"*) ok "make run opens the TUI with the Chinese tab bar: $line1" ;;
	*)
		fail "make run opens the TUI with the Chinese tab bar"
		sed 's/^/#   |/' "$W/run.screen"
		sed 's/^/#   stderr: /' "$R/tmp/run.err" 2> /dev/null
		;;
	esac
	grep -Eq '~[@A-Z^_]|qqqq' "$W/run.screen" && fail "make run: escapes or qqqq lines on the screen" ||
		ok "make run: no ~X escapes or qqqq lines"
	in_chroot tmux send-keys -t run q
	i=0
	while [ $i -lt 100 ] && ! in_chroot tmux capture-pane -p -t run | grep -q 'EXIT='; do sleep 0.1; i=$((i + 1)); done
	in_chroot tmux capture-pane -p -t run | grep -q 'EXIT=0' && ok "q leaves make run with status 0" ||
		fail "q leaves make run: $(in_chroot tmux capture-pane -p -t run | grep EXIT=)"
	# Two programs ran (init --demo, then the TUI): each says it once.
	[ "$(grep -c 'using C\.UTF-8 for characters' "$R/tmp/run.err")" -eq 2 ] && [ "$(wc -l < "$R/tmp/run.err")" -eq 2 ] &&
		ok "make run: each program says once on stderr:$(sed -n '1s/.* \/ / /p' "$R/tmp/run.err")" ||
		{ fail "make run's stderr"; sed 's/^/#   stderr: /' "$R/tmp/run.err"; }
	in_chroot tmux kill-server 2> /dev/null
	note "make run in the chroot: $(($(now) - t0)) s"
	exit 0
fi

# --- outside: the base system, the clone, then the namespace ---------------------------------------

W=$(mktemp -d /var/tmp/jy-fresh.XXXXXX)
echo 0 > "$W/n"
: > "$W/failed"
R="$W/root"
T0=$(now)
cleanup() {
	# Mounts live only in the namespace; never delete through one that leaked out.
	if grep -q " $R/" /proc/self/mountinfo 2> /dev/null; then
		echo "# $R still has mounts: left in place" >&2
	elif [ "${JIAOYAN_FRESH_KEEP:-0}" = 1 ]; then
		echo "# kept: $W" >&2
	else
		rm -rf "$W"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

# 1. tests/run.sh counts skips and fails on a promised suite that skipped (fake suites, no chroot).
fake() { # DIR NAME LINES…: a suite that prints LINES
	mkdir -p "$W/fake/tests/$1"
	_f="$W/fake/tests/$1/$2.sh"
	shift 2
	printf 'echo "%s"\n' "$@" > "$_f"
}
fake cli pass "ok 1 - one" "ok 2 - two # SKIP not on this machine"
(cd "$W/fake" && B="$W/fake/build" sh "$top/tests/run.sh") > "$W/run1" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(tail -n 1 "$W/run1")" = "1 passed, 0 failed, 1 skipped" ] &&
	ok "run.sh: a skipped test is counted as skipped, not passed: $(tail -n 1 "$W/run1")" ||
	fail "run.sh skip count (exit $rc): $(tail -n 1 "$W/run1")"
fake fuzz gone "ok 1 - # SKIP clang cannot link -fsanitize=fuzzer"
(cd "$W/fake" && B="$W/fake/build" sh "$top/tests/run.sh") > "$W/run2" 2>&1
rc=$?
if [ "$(id -u)" -eq 0 ] && command -v apt-get > /dev/null; then
	[ $rc -ne 0 ] && [ "$(tail -n 1 "$W/run2")" = "1 passed, 1 failed, 2 skipped" ] && grep -q 'fuzz/gone was skipped' "$W/run2" &&
		ok "run.sh: a promised suite skipped where make deps could install its tools fails: $(tail -n 1 "$W/run2")" ||
		{ fail "run.sh promised skip (exit $rc): $(tail -n 1 "$W/run2")"; sed 's/^/#   /' "$W/run2"; }
else
	[ $rc -eq 0 ] && [ "$(tail -n 1 "$W/run2")" = "1 passed, 0 failed, 2 skipped" ] &&
		ok "run.sh: a promised suite skipped where make deps cannot install (not root) is counted: $(tail -n 1 "$W/run2")" ||
		{ fail "run.sh promised skip, not root (exit $rc): $(tail -n 1 "$W/run2")"; sed 's/^/#   /' "$W/run2"; }
fi
fake fuzz gone "ok 1 - runs" "ok 2 - # SKIP one check needs something else"
(cd "$W/fake" && B="$W/fake/build" sh "$top/tests/run.sh") > "$W/run3" 2>&1
rc=$?
[ $rc -eq 0 ] && [ "$(tail -n 1 "$W/run3")" = "2 passed, 0 failed, 2 skipped" ] &&
	ok "run.sh: one skipped check in a promised suite that ran is counted, not failed: $(tail -n 1 "$W/run3")" ||
	fail "run.sh partial skip (exit $rc): $(tail -n 1 "$W/run3")"
rm -rf "$W/fake"

if [ "$(id -u)" -ne 0 ]; then
	ok "# SKIP the chroot needs root (debootstrap, chroot, mounts)"
	exit 0
fi
if ! unshare --mount --pid --fork --propagation private true 2> /dev/null; then
	ok "# SKIP the chroot needs mount and PID namespaces (an unprivileged container?)"
	exit 0
fi

# 2. The base: debootstrap minbase + git make ca-certificates (nothing recommended), cached for a week.
command -v debootstrap > /dev/null || {
	note "installing debootstrap on this machine"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap > "$W/apt.log" 2>&1 ||
		{ apt-get update -qq > /dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap > "$W/apt.log" 2>&1; }
}
command -v debootstrap > /dev/null || { fail "debootstrap could not be installed: $(tail -n 1 "$W/apt.log")"; exit 1; }
command -v unshare > /dev/null || { fail "unshare (util-linux) is missing"; exit 1; }
mkdir -p "$CACHE"
BASE="$CACHE/$SUITE-minbase-git-make.tar.gz"
t0=$(now)
if [ -s "$BASE" ] && [ -z "$(find "$BASE" -mtime +7)" ]; then
	tar -C "$W" --numeric-owner -xzpf "$BASE" && ok "base system from the cache ($BASE, $(($(now) - t0)) s)" ||
		{ fail "unpack $BASE"; exit 1; }
else
	mkdir -p "$R"
	# In a private mount namespace, so nothing debootstrap mounts in the target can outlive it.
	if unshare --mount --propagation private debootstrap --variant=minbase "$SUITE" "$R" "$MIRROR" > "$W/debootstrap.log" 2>&1; then
		ok "debootstrap --variant=minbase $SUITE ($(($(now) - t0)) s)"
	else
		fail "debootstrap --variant=minbase $SUITE"
		tail -n 20 "$W/debootstrap.log" | sed 's/^/#   /'
		exit 1
	fi
	if unshare --mount --propagation private sh -c 'mount -t proc proc "$1/proc" && shift && exec chroot "$@"' sh "$R" \
		"$R" /usr/bin/env -i $LOGIN_ENV DEBIAN_FRONTEND=noninteractive \
		sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends git make ca-certificates && apt-get clean' \
		> "$W/base.log" 2>&1; then
		ok "installed only git make ca-certificates in it"
		tar -C "$W" --numeric-owner -czpf "$BASE.tmp" root && mv "$BASE.tmp" "$BASE"
	else
		fail "apt-get install git make ca-certificates in the chroot"
		tail -n 20 "$W/base.log" | sed 's/^/#   /'
		exit 1
	fi
fi
T_BASE=$(($(now) - t0))
cp /etc/resolv.conf "$R/etc/resolv.conf"
# As in any chroot build: packages' maintainer scripts must not start services (sshd on port 22).
printf '#!/bin/sh\nexit 101\n' > "$R/usr/sbin/policy-rc.d"
chmod 755 "$R/usr/sbin/policy-rc.d"
n_pkgs=$(chroot "$R" dpkg-query -W -f '${Status}\n' | grep -c ' installed$')
in_chroot sh -c 'for c in cc gcc clang tmux sshd python3 pkg-config man; do command -v $c; done' > "$W/tools" 2>&1
[ ! -s "$W/tools" ] && ok "the chroot is bare: $n_pkgs packages; no compiler, pkg-config, tmux, sshd, python3 or man" ||
	fail "the chroot already has: $(tr '\n' ' ' < "$W/tools")"
locales=$(in_chroot locale -a 2> /dev/null | tr '\n' ' ')
[ ! -e "$R/etc/default/locale" ] && [ "$locales" = "C C.utf8 POSIX " ] &&
	ok "no locale configured in the chroot (no /etc/default/locale; locale -a: $locales)" ||
	fail "the chroot has a locale configured: $locales"

# 3. The clone: the committed HEAD, into /root, which stays 0700.
[ -z "$(git -C "$top" status --porcelain --untracked-files=no)" ] ||
	note "the working tree has uncommitted changes: they are not part of this test (HEAD is)"
git -C "$top" bundle create -q "$W/head.bundle" HEAD 2> "$W/bundle.err" &&
	git -c advice.detachedHead=false clone -q "$W/head.bundle" "$R/root/jiaoyan" 2>> "$W/bundle.err" ||
	{ fail "clone HEAD into /root/jiaoyan: $(cat "$W/bundle.err")"; exit 1; }
chmod 700 "$R/root"
ok "cloned $(git -C "$top" rev-parse --short HEAD) into /root/jiaoyan (/root is $(stat -c %a "$R/root"))"

# 4. Inside the namespace: make check, make run (see the top of this file).
t0=$(now)
unshare --mount --pid --fork --propagation private sh "$0" --inside "$W" "$R"
rc=$?
[ $rc -eq 0 ] || fail "the chroot part ended with status $rc"
note "times: base system ${T_BASE} s, chroot part $(($(now) - t0)) s, all $(($(now) - T0)) s"
nf=$(wc -l < "$W/failed")
echo "fresh: $(($(cat "$W/n") - nf)) passed, $nf failed"
[ "$nf" -eq 0 ] && [ $rc -eq 0 ]
