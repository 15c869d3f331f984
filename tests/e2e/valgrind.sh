#!/bin/sh
# End-to-end: the real binary under valgrind finds no leaks and no invalid
# reads or writes, over session dialogues and the command-line tools.
# (Skipped under `make check`: ASan and valgrind do not mix.)
. "$(dirname "$0")/lib/tap.sh"
: "${SMTPSIM:?}"
if [ -n "$SANITIZED" ]; then
	echo "# built with sanitizers: valgrind checks skipped"
	finish
fi
if ! command -v valgrind >/dev/null; then
	notok "valgrind is not installed (make test installs it)"
	finish
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
vg() {
	name=$1; input=$2; shift 2
	printf "$input" | valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
		"$SMTPSIM" "$@" >/dev/null 2>"$tmp/vg"
	rc=$?
	# the program's own failures (exit 1 or 2) are not valgrind's concern;
	# a valgrind error (99) or a crash (a signal, 128 and up) is
	if [ $rc -eq 99 ] || [ $rc -ge 128 ]; then
		notok "valgrind: $name (exit $rc)"
		sed 's/^/#   /' "$tmp/vg" | head -40
	else
		ok "valgrind: $name"
	fi
}
vg "mta transaction" 'EHLO c\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nRCPT TO:<x@y.org>\nDATA\nSubject: x\n\nhi\n..\n.\nQUIT\n' session
vg "submission AUTH LOGIN and PLAIN" 'EHLO c\nSTARTTLS\nEHLO c\nAUTH LOGIN\nYWxpY2U=\nd3Jvbmc=\nAUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=\nMAIL FROM:<alice@example.com>\nRCPT TO:<z@gmail.com>\nDATA\nhi\n.\n' session -p submission
vg "scenarios and rules" 'EHLO c\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nRCPT TO:<carol@example.com>\nDATA\nx\n.\n' session -s greylist -s mailbox-full -s user-moved -r 'RCPT:alice*=550 5.1.1 no'
vg "annotate with hostile bytes" 'NO\001OP\n\377\nEHLO \033[31m\n' session --annotate
vg "explain" '' explain 550 5.1.1 '421-4.7.0 try later'
vg "codes --json" '' codes --json
# a lesson line by line: off the path, :restart, a skip that rebuilds,
# hints, a wait, a bad meta-line, and the end of input mid-lesson
XDG_STATE_HOME="$tmp/state" vg "lesson --plain (restart, skip, rebuild)" \
	'STARTTLS\nEHLO x\n:hint\n:restart\nEHLO x\n\nAUTH LOGIN\n\n:skip\n\nSTARTTLS\n\n:wait 5m\n:frob\n' \
	lesson starttls --plain --afresh
if "$SMTPSIM" check-lessons >/dev/null 2>&1; then
	vg "check-lessons" '' check-lessons
fi
finish
