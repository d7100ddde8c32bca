#!/bin/sh
# deps: installs the Debian packages the build and the tests need, only those missing, and checks they work afterwards.
set -eu

have_pc() { pkg-config --exists "$1" 2> /dev/null; }
have_cmd() { command -v "$1" > /dev/null 2>&1; }

# The fuzz suites link with -fsanitize=fuzzer,address,undefined: the clang command alone is not enough,
# libFuzzer and the sanitizer runtimes are in libclang-rt-N-dev, which clang does not pull in without
# recommends. So link a trivial target the way the suites do.
libfuzzer_links() {
	have_cmd clang || return 1
	_d=$(mktemp -d)
	printf '%s\n' 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);' \
		'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }' \
		> "$_d/probe.c"
	_rc=0
	clang -fsanitize=fuzzer,address,undefined -o "$_d/probe" "$_d/probe.c" > /dev/null 2>&1 || _rc=1
	rm -rf "$_d"
	return $_rc
}

# The runtime package that matches the installed clang (libclang-rt-14-dev on Debian 12).
libfuzzer_pkg() {
	_v=$(clang -dumpversion 2> /dev/null | cut -d. -f1)
	if [ -n "$_v" ]; then echo "libclang-rt-$_v-dev"; else echo libclang-rt-dev; fi
}

# Prints the packages whose files are missing, space-separated (nothing when all is there).
missing() {
	m=""
	have_pc ncursesw || m="$m libncurses-dev"
	have_pc libgit2 || m="$m libgit2-dev"
	have_pc inih || m="$m libinih-dev"
	have_pc cmocka || m="$m libcmocka-dev"
	have_pc libsodium || m="$m libsodium-dev"
	have_pc xlsxwriter || m="$m libxlsxwriter-dev"
	have_pc nettle || m="$m nettle-dev"
	have_cmd pkg-config || m="$m pkg-config"
	have_cmd git || m="$m git"
	have_cmd tmux || m="$m tmux"
	have_cmd msgfmt || m="$m gettext"
	have_cmd cc || m="$m gcc"
	# gcc only recommends the C library headers.
	[ -e /usr/include/stdio.h ] || m="$m libc6-dev"
	have_cmd make || m="$m make"
	[ -x /usr/sbin/sshd ] || m="$m openssh-server"
	have_cmd ssh || m="$m openssh-client"
	have_cmd ssh-keygen || m="$m openssh-client"
	have_cmd iconv || m="$m libc-bin"
	have_cmd python3 || m="$m python3"
	have_cmd man || m="$m man-db"
	have_cmd nano || m="$m nano"
	# make bench reads each command's peak memory from GNU time.
	[ -x /usr/bin/time ] || m="$m time"
	# Outside readers the tests check our output with: a browser printing HTML to PDF with CJK fonts,
	# pdftotext, Excel files read back by openpyxl (Debian's python3, not whatever python3 is first on PATH).
	have_cmd chromium || m="$m chromium"
	[ -e /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ] || m="$m fonts-noto-cjk"
	have_cmd pdftotext || m="$m poppler-utils"
	{ [ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import openpyxl' 2> /dev/null; } || m="$m python3 python3-openpyxl"
	# The question bank's GIFT export is checked against an independent parser, npm's gift-pegjs, which the test
	# installs into a temporary directory (never into the build).
	have_cmd node || m="$m nodejs"
	have_cmd npm || m="$m npm"
	if ! have_cmd clang; then
		m="$m clang libclang-rt-dev"
	elif ! libfuzzer_links; then
		m="$m $(libfuzzer_pkg)"
	fi
	# openssh-client is named twice when both commands are missing; apt does not mind, the message would.
	printf '%s\n' $m | awk 'NF && !seen[$0]++' | tr '\n' ' ' | sed 's/ $//'
}

need=$(missing)
[ -z "$need" ] && exit 0

echo "deps: installing $need"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need

# What apt installed must now work (a package name that provides nothing would otherwise pass silently).
still=$(missing)
if [ -n "$still" ]; then
	echo "deps: still missing after apt-get install: $still" >&2
	[ -n "${still##*libclang-rt*}" ] || echo "deps: clang cannot link -fsanitize=fuzzer,address,undefined (libFuzzer runtime)" >&2
	exit 1
fi
