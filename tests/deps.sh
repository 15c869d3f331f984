#!/bin/sh
# deps.sh WHAT PKG... — make sure the Debian packages a step needs are here.
# As root, installs the missing ones with apt-get; otherwise names them and
# fails, so nobody is left guessing which -dev package is missing.
what=$1; shift
missing=""
for p in "$@"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
		missing="$missing $p"
	fi
done
[ -z "$missing" ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
	echo "smtpsim: the $what step needs these Debian packages (or your system's equivalents):$missing" >&2
	exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
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
