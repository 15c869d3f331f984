#!/bin/sh
# ui-cmd.sh — the command-line front of the full-screen UI (src/cli/ui_cmd.c):
# `smtpsim play/ref/lesson` options, usage errors (exit 2), a mode that
# cannot start (a wrong name: exit 2 for play, 1 for lesson), no terminal
# (exit 1), each with its message on stderr and outside bytes made visible.
# The UI itself is driven in tmux by ui.sh and lesson-ui.sh.
. "$(dirname "$0")/lib/tap.sh"
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
cd "$(dirname "$0")/../.."

# expect NAME WANT_RC REGEX CMD...: CMD (stdin not a terminal) exits
# WANT_RC and its stderr matches REGEX (grep -E); nothing on stdout.
expect() {
	name=$1 want=$2 re=$3
	shift 3
	"$@" </dev/null >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		notok "$name: exit $rc, want $want"
		sed 's/^/#   /' "$T/err" | head -5
	elif ! grep -Eq -e "$re" "$T/err"; then
		notok "$name: stderr lacks /$re/"
		sed 's/^/#   /' "$T/err" | head -5
	elif [ -s "$T/out" ]; then
		notok "$name: something on stdout"
	else
		ok "$name"
	fi
}

expect "play: an unknown option" 2 "^smtpsim: play: unknown option '-x'$" "$SMTPSIM" play -x
expect "play: -p without its value" 2 "^smtpsim: play: option '-p' needs a value$" \
	"$SMTPSIM" play -p
expect "play: a stray argument" 2 "^smtpsim: play: unexpected argument 'extra'$" \
	"$SMTPSIM" play extra
expect "play: an unknown scenario is a usage error" 2 \
	"^smtpsim: play: unknown scenario 'nosuch'" "$SMTPSIM" play -s nosuch
expect "play: an unknown personality is a usage error" 2 "^smtpsim: play: .*nosuch" \
	"$SMTPSIM" play -P nosuch
expect "play: a bad rule is a usage error" 2 "^smtpsim: play: " "$SMTPSIM" play -r 'nonsense'
expect "play: the usage hint follows a usage error" 2 \
	"^Try 'smtpsim play --help' for more information\.$" "$SMTPSIM" play -p nosuch
esc=$(printf 'evil\033[31m')
expect "play: an escape in a wrong name is shown as ^[" 2 "'evil\^\[\[31m'" \
	"$SMTPSIM" play -s "$esc"
if grep -q "$(printf '\033')" "$T/err"; then
	notok "play: no raw escape byte on stderr"
else
	ok "play: no raw escape byte on stderr"
fi
expect "play: right names, no terminal" 1 "needs a terminal" \
	"$SMTPSIM" play -p submission -s greylist -P postfix
expect "ref: an unknown option" 2 "^smtpsim: ref: unknown option '--bogus'$" \
	"$SMTPSIM" ref --bogus
expect "ref: a query, no terminal" 1 "^smtpsim: the full-screen UI needs a terminal" \
	"$SMTPSIM" ref 550 5.1.1
expect "lesson: two lessons at once" 2 "^smtpsim: lesson: only one lesson at a time$" \
	"$SMTPSIM" lesson 1 2
expect "lesson: an unknown option" 2 "^smtpsim: lesson: unknown option '--nope'$" \
	"$SMTPSIM" lesson --nope
expect "lesson: no such lesson (exit 1)" 1 "^smtpsim: lesson: no lesson '99'" \
	"$SMTPSIM" lesson 99
expect "lesson: an escape in the id is shown as ^[" 1 "no lesson '\^\[\]0;x'" \
	"$SMTPSIM" lesson "$(printf '\033]0;x')"
SMTPSIM_LESSONS=$T/none expect "lesson: no lessons found (exit 1)" 1 "^smtpsim: lesson: " \
	"$SMTPSIM" lesson
expect "menu: no terminal" 1 "needs a terminal" "$SMTPSIM"

for mode in play ref lesson; do
	"$SMTPSIM" "$mode" --help >"$T/out" 2>"$T/err"
	rc=$?
	if [ $rc -eq 0 ] && grep -q "^Usage: smtpsim $mode" "$T/out" && ! [ -s "$T/err" ]; then
		ok "$mode --help: usage on stdout, exit 0"
	else
		notok "$mode --help: usage on stdout, exit 0 (exit $rc)"
	fi
done
finish
