#!/bin/sh
# locale: without a UTF-8 locale (a fresh root shell has no LANG) the TUI switches to C.UTF-8, says so once, and draws as in C.UTF-8; with none at all it refuses.
. tests/lib/harness.sh
. tests/tui/tmux.inc

"$JY" init --demo "$T/repo" > /dev/null 2>&1 || { fail "init --demo"; exit 1; }
# These checks begin on the observations list (the TUI opens on 概览 unless [ui] start says otherwise).
start_tab observations

# What a login shell keeps besides the locale: env -i $CLEAN is "a clean root login with no LANG".
# TERM is the pane's, expanded by the pane's shell.
CLEAN="PATH=$PATH HOME=$HOME XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME XDG_STATE_HOME=$XDG_STATE_HOME \
JIAOYAN_SYSCONFIG=$JIAOYAN_SYSCONFIG JIAOYAN_NOW=$JIAOYAN_NOW TZ=UTC"

# shot NAME ENV…: the TUI at 100×30 with env ENV…, the settled screen into $T/NAME.screen, then q.
shot() {
	_name=$1
	shift
	_r=0
	jy_start 100 30 wenruogu "$@"
	wait_for "授课教师" && settle || _r=1
	screen > "$T/$_name.screen"
	cp "$T/tui.err" "$T/$_name.err" 2> /dev/null
	keys q
	wait_for "EXIT=0" || _r=1
	return $_r
}

check "C.UTF-8: the TUI starts and quits" shot ref LC_ALL=C.UTF-8
contains "$(sed -n 1p "$T/ref.screen")" "3 听课记录" && ok "C.UTF-8: the reference screen has the Chinese tab bar" ||
	fail "C.UTF-8: reference screen"
[ ! -s "$T/ref.err" ] && ok "C.UTF-8: nothing said about the locale" || fail "C.UTF-8: stderr: $(cat "$T/ref.err")"

# name ENV…: each is started with env -i, so only what is listed is set.
for case in "no-LANG" "LC_ALL=C" "LANG=POSIX" "LANG=zz_ZZ.UTF-8"; do
	case $case in
	no-LANG) set -- ;;
	*) set -- "$case" ;;
	esac
	check "$case: the TUI starts and quits" shot "$case" -i 'TERM=$TERM' $CLEAN "$@"
	s=$(cat "$T/$case.screen")
	contains "$(sed -n 1p "$T/$case.screen")" "1 概览" && contains "$(sed -n 1p "$T/$case.screen")" "2 授课计划" &&
		ok "$case: the tab bar is drawn in Chinese" || fail "$case: tab bar: $(sed -n 1p "$T/$case.screen")"
	# What ncursesw draws in an ASCII locale: "~B~N" for the bytes of a character, "qqqq" for lines.
	if printf '%s' "$s" | grep -Eq '~[@A-Z^_]|M-|qqqq'; then
		fail "$case: escapes or ASCII line characters on the screen"
		printf '%s\n' "$s" | sed 's/^/#   |/' | head -8
	else
		ok "$case: no ~X escapes, no qqqq lines"
	fi
	cmp -s "$T/ref.screen" "$T/$case.screen" && ok "$case: the screen is the same as in C.UTF-8" ||
		{ fail "$case: the screen differs from C.UTF-8"; diff "$T/ref.screen" "$T/$case.screen" | head -10 | sed 's/^/# /'; }
	[ "$(wc -l < "$T/$case.err")" -eq 1 ] && grep -q 'C\.UTF-8 处理字符 / .*using C\.UTF-8' "$T/$case.err" &&
		ok "$case: one line on stderr says C.UTF-8 is used, in Chinese and English" ||
		fail "$case: stderr: $(cat "$T/$case.err")"
done
grep -q '均未设置' "$T/no-LANG.err" && grep -q 'LANG, LC_ALL and LC_CTYPE unset' "$T/no-LANG.err" &&
	ok "no-LANG: the notice says nothing was set" || fail "no-LANG notice: $(cat "$T/no-LANG.err")"
grep -q 'LANG=zz_ZZ.UTF-8 在本机未安装' "$T/LANG=zz_ZZ.UTF-8.err" && grep -q 'is not installed' "$T/LANG=zz_ZZ.UTF-8.err" &&
	ok "a UTF-8 locale that is not installed: the notice says so" || fail "not installed: $(cat "$T/LANG=zz_ZZ.UTF-8.err")"

# The CLI: the same table bytes without a locale (widths do not depend on it), one notice on stderr.
"$JY" -C "$T/repo" list observation > "$T/cli-ref" 2> "$T/cli-ref.err"
# shellcheck disable=SC2086
env -i $CLEAN "$JY" -C "$T/repo" list observation > "$T/cli-c" 2> "$T/cli-c.err"
[ -s "$T/cli-ref" ] && cmp -s "$T/cli-ref" "$T/cli-c" && ok "CLI table without LANG: byte for byte the C.UTF-8 table" ||
	fail "CLI table without LANG differs"
[ ! -s "$T/cli-ref.err" ] && [ "$(wc -l < "$T/cli-c.err")" -eq 1 ] && grep -q 'using C\.UTF-8' "$T/cli-c.err" &&
	ok "CLI without LANG: exactly one notice line" || fail "CLI notice: $(cat "$T/cli-c.err")"

# Programs it starts see the same choice: the editor gets LC_CTYPE (or LC_ALL when that was set).
printf '#!/bin/sh\necho "LC_ALL=${LC_ALL-} LC_CTYPE=${LC_CTYPE-}" > "%s"\n' "$T/edenv" > "$T/ed-env.sh"
chmod 755 "$T/ed-env.sh"
row=$("$JY" -C "$T/repo" list observation --format tsv | sed -n 2p)
oid=$(printf '%s' "$row" | cut -f1)
who=$(printf '%s' "$row" | cut -f4)
# shellcheck disable=SC2086
env -i $CLEAN VISUAL="$T/ed-env.sh" "$JY" -C "$T/repo" --user "$who" edit "$oid" > /dev/null 2>&1
[ "$(cat "$T/edenv" 2> /dev/null)" = "LC_ALL= LC_CTYPE=C.UTF-8" ] && ok "no LANG: the editor runs with LC_CTYPE=C.UTF-8" ||
	fail "no LANG: the editor's locale: $(cat "$T/edenv" 2> /dev/null)"
rm -f "$T/edenv"
# shellcheck disable=SC2086
env -i $CLEAN LC_ALL=C VISUAL="$T/ed-env.sh" "$JY" -C "$T/repo" --user "$who" edit "$oid" > /dev/null 2>&1
[ "$(cat "$T/edenv" 2> /dev/null)" = "LC_ALL=C.UTF-8 LC_CTYPE=" ] && ok "LC_ALL=C: the editor runs with LC_ALL=C.UTF-8" ||
	fail "LC_ALL=C: the editor's locale: $(cat "$T/edenv" 2> /dev/null)"

# No UTF-8 locale at all: a private mount namespace hides the installed locales (C.UTF-8 included).
printf '#!/bin/sh\nmount -t tmpfs none /usr/lib/locale || exit 99\nexec "$@"\n' > "$T/nolocale.sh"
if [ "$(id -u)" -eq 0 ] && command -v unshare > /dev/null &&
	unshare -m --propagation private sh "$T/nolocale.sh" true 2> /dev/null; then
	NOLOC="unshare -m --propagation private sh $T/nolocale.sh"
	# shellcheck disable=SC2086
	$NOLOC env -i $CLEAN "$JY" -C "$T/repo" list observation > "$T/cli-none" 2> "$T/cli-none.err"
	cmp -s "$T/cli-ref" "$T/cli-none" && grep -q 'no UTF-8 locale is available' "$T/cli-none.err" &&
		ok "no UTF-8 locale: the CLI still writes the same UTF-8 table and says why Chinese may not show" ||
		fail "no UTF-8 locale, CLI: $(cat "$T/cli-none.err")"
	jy_start 100 30 wenruogu -i "PATH=$PATH" $NOLOC env -i 'TERM=$TERM' $CLEAN
	if wait_for "EXIT=2"; then
		ok "no UTF-8 locale: the TUI refuses (exit 2)"
	else
		fail "no UTF-8 locale: the TUI refuses (exit 2)"
	fi
	case $(screen) in *听课记录* | *概览*) fail "no UTF-8 locale: nothing of the interface is drawn" ;;
	*) ok "no UTF-8 locale: nothing of the interface is drawn" ;; esac
	grep -q '终端界面需要 UTF-8 字符集' "$T/tui.err" && grep -q 'the interface needs a UTF-8 locale' "$T/tui.err" &&
		ok "no UTF-8 locale: the refusal is in Chinese and English" || fail "no UTF-8 locale: $(cat "$T/tui.err")"
	jy_start 100 30 wenruogu -i "PATH=$PATH" $NOLOC env -i 'TERM=$TERM' $CLEAN JIAOYAN_LANG=en
	wait_for "EXIT=2" > /dev/null 2>&1
	grep -q '终端界面需要 UTF-8 字符集' "$T/tui.err" && grep -q 'the interface needs a UTF-8 locale' "$T/tui.err" &&
		ok "no UTF-8 locale: still both languages with JIAOYAN_LANG=en" || fail "no UTF-8 locale, en: $(cat "$T/tui.err")"
else
	ok "# SKIP the no-UTF-8-locale case needs root and unshare -m (to hide /usr/lib/locale)"
fi

# The man page has Chinese words: it needs a UTF-8 locale (README), where it renders without a warning.
if command -v man > /dev/null 2>&1; then
	MANWIDTH=80 man -l man/jiaoyan.1 > "$T/man.txt" 2> "$T/man.err"
	grep -q '听课记录' "$T/man.txt" && [ ! -s "$T/man.err" ] && ok "man -l man/jiaoyan.1 in C.UTF-8: the Chinese words, no warning" ||
		fail "man page in C.UTF-8: $(head -3 "$T/man.err")"
	env -i PATH="$PATH" LANG=C.UTF-8 MANWIDTH=80 man -l man/jiaoyan.1 2>&1 | grep -q 'LANG=C.UTF-8 man jiaoyan' &&
		ok "the man page says which locale it needs" || fail "the man page does not say LANG=C.UTF-8 man jiaoyan"
else
	ok "# SKIP man is not installed"
fi
