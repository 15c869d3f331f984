#!/bin/sh
# deps.sh WHAT PKG... — make sure what a step needs is here.
#
# PKG are Debian package names; each is looked for by what it provides
# (pkg-config modules, commands, Perl modules), so that a system without
# dpkg — Fedora, Arch, Alpine, macOS with Homebrew — with everything
# installed passes too. Only when something is missing: on Debian or Ubuntu
# as root the packages are installed with apt-get (unless NO_INSTALL=1, as
# `make install` sets); otherwise the missing ones are named, with what
# each provides, and the step fails.
what=$1; shift

# present PKG: true when what PKG provides is here.
present() {
	case $1 in
	pkg-config) command -v pkg-config >/dev/null 2>&1 ;;
	libncurses-dev) pkg-config --exists ncursesw 2>/dev/null ;;
	libcjson-dev) pkg-config --exists libcjson 2>/dev/null ;;
	libssl-dev) pkg-config --exists openssl 2>/dev/null ;;
	libcriterion-dev) pkg-config --exists criterion 2>/dev/null ;;
	procps) command -v ps >/dev/null 2>&1 ;;
	python3) [ -x /usr/bin/python3 ] || command -v python3 >/dev/null 2>&1 ;;
	libnet-ssleay-perl) perl -MNet::SSLeay -e1 >/dev/null 2>&1 ;;
	libio-socket-ssl-perl) perl -MIO::Socket::SSL -e1 >/dev/null 2>&1 ;;
	postfix) command -v postconf >/dev/null 2>&1 || [ -x /usr/sbin/postconf ] ;;
	*) command -v "$1" >/dev/null 2>&1 ||
		dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed' ;;
	esac
}

# provides PKG: what to look for on another system.
provides() {
	case $1 in
	pkg-config) echo "pkg-config (or pkgconf)" ;;
	libncurses-dev) echo "the ncursesw headers (pkg-config module ncursesw)" ;;
	libcjson-dev) echo "cJSON (pkg-config module libcjson)" ;;
	libssl-dev) echo "the OpenSSL headers (pkg-config module openssl)" ;;
	libcriterion-dev) echo "Criterion (pkg-config module criterion)" ;;
	procps) echo "ps" ;;
	libnet-ssleay-perl) echo "Perl's Net::SSLeay" ;;
	libio-socket-ssl-perl) echo "Perl's IO::Socket::SSL" ;;
	postfix) echo "Postfix's tools (postconf, posttls-finger)" ;;
	*) echo "$1" ;;
	esac
}

missing=""
for p in "$@"; do
	present "$p" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "smtpsim: the $what step needs (Debian package names:$missing):" >&2
	for p in $missing; do
		echo "  - $(provides "$p")" >&2
	done
	echo "install them with your system's package manager, then run make again" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ] || [ "${NO_INSTALL:-0}" = 1 ]; then
	echo "smtpsim: missing packages for the $what step:$missing" >&2
	echo "install them with:  sudo apt-get install -y$missing" >&2
	exit 1
fi
echo "smtpsim: installing$missing (for the $what step)"
export DEBIAN_FRONTEND=noninteractive
# postfix would otherwise start a real MTA on port 25; we only want its tools.
if echo "$missing" | grep -q postfix; then
	echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections 2>/dev/null || true
fi
apt-get update -qq >/dev/null 2>&1 || apt-get update
apt-get install -y -qq --no-install-recommends $missing >/dev/null || {
	echo "smtpsim: apt-get install failed for:$missing" >&2
	exit 1
}
