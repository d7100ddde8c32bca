#!/bin/sh
# deps: installs the Debian packages the build and the tests need, only those missing.
set -eu
need=""
have_pc() { pkg-config --exists "$1" 2>/dev/null; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pc ncursesw || need="$need libncurses-dev"
have_pc libgit2 || need="$need libgit2-dev"
have_pc inih || need="$need libinih-dev"
have_pc cmocka || need="$need libcmocka-dev"
have_pc libsodium || need="$need libsodium-dev"
have_pc xlsxwriter || need="$need libxlsxwriter-dev"
have_pc nettle || need="$need nettle-dev"
have_cmd pkg-config || need="$need pkg-config"
have_cmd git || need="$need git"
have_cmd tmux || need="$need tmux"
have_cmd msgfmt || need="$need gettext"
have_cmd cc || need="$need gcc"
have_cmd make || need="$need make"
[ -x /usr/sbin/sshd ] || need="$need openssh-server"
have_cmd ssh || need="$need openssh-client"
have_cmd ssh-keygen || need="$need openssh-client"
have_cmd iconv || need="$need libc-bin"
have_cmd python3 || need="$need python3"
have_cmd man || need="$need man-db"
have_cmd nano || need="$need nano"
have_cmd clang || need="$need clang"
if [ -z "$need" ]; then
	exit 0
fi
echo "deps: installing$need"
if [ "$(id -u)" -ne 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $need
