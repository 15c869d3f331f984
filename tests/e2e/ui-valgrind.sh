#!/bin/sh
# ui-valgrind.sh — the full-screen UI under valgrind, driven in tmux through
# every screen (menu, lesson list, a lesson with a hint, a skip and the
# sidebar's search, free play through the menu's picker, the reference, F1,
# continue, the list's afresh question) at 80x24 and left with Ctrl-C: no
# invalid read or write and no leak, from the set-up to the terminal given
# back.
# valgrind.sh covers the line-mode commands.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")" || exit 1
. ./lib/tmux.sh
if [ -n "$SANITIZED" ]; then
	echo "# built with sanitizers: valgrind checks skipped"
	exit 0
fi
if ! command -v valgrind >/dev/null 2>&1; then
	notok "valgrind is not installed (make test installs it)"
	exit 1
fi
ui_setup
root=$(cd ../.. && pwd)

# step NAME REGEX: the screen shows REGEX (valgrind is slow: up to 60 s).
step() {
	if ui_wait v "$2" 600; then
		ok "$1"
	else
		notok "$1"
		screen v | sed 's/^/# /'
	fi
}
key() { T send-keys -t v "$@"; }

ui_start v 80 24 SMTPSIM_LESSONS="$root/lessons"
type_line v "valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
--log-file='$UI_TMP/vg.log' '$SMTPSIM'; echo \"exit=\$?\""
step "menu" 'Learn SMTP by being the client'
key l
step "lesson list" 'About'
key Enter
step "lesson 1 opens" 'step 1/'
type_line v 'HELO client.example.org'
step "a command step passes" 'Enter: next step'
key Enter
step "a read step" 'step 2/'
key Enter
step "the next command step" 'step 3/'
key F5
step "a hint" 'Hint: \|Example: '
key F8
step "a skipped step says what was expected" 'Skipped'
key Enter
step "on to step 4" 'step 4/'
key BTab
step "the sidebar takes the focus" 'Reference · browse'
key / 5 5
step "the sidebar's search" '/55'
key Escape
step "the search ends" '/ search'
key BTab
step "back to the command line" 'S-Tab: browse'
key F10
step "F10: back to the list" 'About'
key q
step "the menu offers to continue" 'Continue'
key p
step "free play asks for a server" 'which server'
key Enter
step "then for situations" 'which situations'
key Space
step "a situation ticked" '\[x\] greylist'
key Enter
step "free play starts" 'S: 220'
type_line v 'EHLO client.example.org'
step "EHLO answered" 'S: 250'
type_line v ':help'
step ":help" ':quit  *leave'
key F9
step "F9 with no message yet" 'no message accepted yet'
key F4
step "the reference" 'search, or type a code'
key 5 5 2
step "a code typed searches" '/552'
key Enter Down Tab
key F1
step "F1" 'any key closes'
key x
if ui_gone v 'any key closes' 600; then ok "a key closes the help"; else notok "a key closes the help"; fi
key q
step "q: the menu" 'Learn SMTP by being the client'
key c
step "continue the lesson" 'step 4/'
key F2
step "F2: the list" 'About'
key r
step "r asks before discarding progress, at 80 columns too" \
	'Start lesson 1 afresh? y: yes, any other key: no .*progress at step 4 is lost'
key n
if ui_gone v 'afresh?' 600; then ok "any other key keeps it"; else notok "any other key keeps it"; fi
key C-c
step "Ctrl-C leaves" 'exit=[0-9]'
if screen v | grep -q 'exit=0'; then
	ok "valgrind: no error, no leak"
else
	notok "valgrind: no error, no leak ($(screen v | grep -o 'exit=[0-9][0-9]*'))"
	sed 's/^/#   /' "$UI_TMP/vg.log" | head -40
fi
exit $ui_fail
