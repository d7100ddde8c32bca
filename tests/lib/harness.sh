# harness: shared helpers for the shell test suites (sourced). Prints "ok - …" / "not ok - …".
set -u
JY=${JIAOYAN_BIN:-$(pwd)/jiaoyan}
export LC_ALL=C.UTF-8 TZ=UTC
export JIAOYAN_NOW=${JIAOYAN_NOW:-2026-11-22T09:30:00}
export GIT_CONFIG_NOSYSTEM=1 GIT_AUTHOR_NAME=测试 GIT_AUTHOR_EMAIL=test@example.org \
	GIT_COMMITTER_NAME=测试 GIT_COMMITTER_EMAIL=test@example.org
# Every indicator of the default rubric: a scored observation must have them all.
SCORES="score.goal=14 score.content=18 score.method=17 score.organisation=13 score.ideology=9 score.effect=18"
T=$(mktemp -d /tmp/jy-test.XXXXXX)
# A name no other test on this machine holds now, for accounts and sockets: $$ repeats across PID namespaces.
UNIQ=$(od -An -N4 -tx4 /dev/urandom | tr -d ' \n')
export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" XDG_DATA_HOME="$T/home/.local/share" \
	XDG_STATE_HOME="$T/home/.local/state" JIAOYAN_SYSCONFIG="$T/none.ini"
mkdir -p "$HOME"
trap 'rm -rf "$T"' EXIT
_n=0

ok() { _n=$((_n + 1)); echo "ok $_n - $*"; }
fail() { _n=$((_n + 1)); echo "not ok $_n - $*"; }

# check NAME CMD…: ok when the command succeeds.
check() { name=$1; shift; if "$@"; then ok "$name"; else fail "$name"; fi; }

# run EXPECTED_RC CMD…: runs, keeps stdout/stderr in $OUT/$ERR, returns 0 when the exit code matches.
run() {
	want=$1; shift
	"$@" > "$T/out" 2> "$T/err"
	rc=$?
	OUT=$(cat "$T/out"); ERR=$(cat "$T/err")
	if [ "$rc" -ne "$want" ]; then
		echo "# expected exit $want, got $rc: $*" >&2
		sed 's/^/# stdout: /' "$T/out" | head -20 >&2
		sed 's/^/# stderr: /' "$T/err" | head -20 >&2
		return 1
	fi
	return 0
}

contains() { case "$1" in *"$2"*) return 0;; *) echo "# missing '$2' in: $(printf %s "$1" | head -c 600)" >&2; return 1;; esac; }

# refuses NAME RC MESSAGE CMD…: the command exits RC, says MESSAGE on stderr, and the repository $R (when the
# suite has one) does not move — a refusal is its message and an unchanged HEAD, not just an exit code.
refuses() {
	_name=$1 _rc=$2 _msg=$3
	shift 3
	_before=$(head_of "${R:-/nonexistent}")
	if run "$_rc" "$@" && contains "$ERR" "$_msg" && [ "$(head_of "${R:-/nonexistent}")" = "$_before" ]; then
		ok "$_name"
	else
		fail "$_name (HEAD $_before → $(head_of "${R:-/nonexistent}"))"
	fi
}

head_of() { git --git-dir="$1" rev-parse -q --verify refs/heads/main 2>/dev/null || echo none; }
