#!/bin/sh
# ui-compare.sh — the reference browser's "Servers" tab in a real terminal
# (issue 17): a compare case found by search and by tab, every
# personality's reply side by side (gmail's 452 4.2.2 beside Microsoft
# 365's 554 5.2.2 for a mailbox found full at the end of the data), what
# stays the same, the replies in full by scrolling the entry, at 80x24
# and 132x43. tmux on a private socket (lib/tmux.sh); every check polls.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")" || exit 1
. ./lib/tmux.sh
ui_setup

# --- 80x24: found by search ------------------------------------------------------
ui_start s 80 24
type_line s "\"$SMTPSIM\" ref; echo \"exit=\$?\""
check "the reference has a Servers tab" s '^│All Codes Enhanced Ports Servers'
T send-keys -t s /
T send-keys -t s -l "mailbox-full-at-data"
check "a search finds the compare case" s '^│mailbox-full-at-data  a mailbox'
T send-keys -t s Enter
check "its entry is the side by side" s 'Servers compared'
check "the command whose reply is compared" s 'Reply to: \. (the end of the data)'
check "gmail defers a full mailbox: 452 4.2.2" s '│   gmail  *452 4\.2\.2  *│'
check "microsoft365 refuses it: 554 5.2.2" s '│   microsoft365  *554 5\.2\.2  *│'
check "every personality has its row" s '│ *=\{0,1\} *exim  *552  *│'
check "what stays the same: the first digit differs at gmail" s 'First digit differs: 4 at gmail'
check "the enhanced class too" s 'Enhanced class differs: 4\.x\.x at'
check "the '=' mark is explained" s "│ = smtpsim's reply word for word"
check "the frame says there is more" s 'more: S-Down'
# the replies in full: half a pane per key, Ctrl-N as in a lesson
T send-keys -t s C-n
T send-keys -t s C-n
check "Ctrl-N scrolls to the replies in full" s 'Every reply in full'
T send-keys -t s C-n
T send-keys -t s C-n
check "gmail's own words, wrapped" s 'The email account that you tried'
check "Microsoft 365's own words" s 'with message Cannot open mailbox'
check "at the end the frame says so" s 'more: S-Up '
T send-keys -t s C-p
check "Ctrl-P scrolls back" s 'more: S-Up/S-Down'
# another entry starts at its top
T send-keys -t s Escape
check "Esc clears the search" s 'search, or type a code'
T send-keys -t s BTab
check "Shift-Tab from All goes round to Servers" s '^│unknown-user  a recipient with no'
check "its first case is shown from the top" s '│ unknown-user  *│'
T send-keys -t s Down
check "Down shows the next case" s 'mailbox-full  *│'
check "it says what the reply is to" s 'Reply to: RCPT TO:<bob@example.com>'
T send-keys -t s F1
check "F1 lists the entry's scroll keys" s 'scroll the entry'
check "F1 names the Servers tab" s 'All/Codes/Enhanced/Ports/Servers'
T send-keys -t s Escape
check_gone "any key closes the help" s 'scroll the entry'
T send-keys -t s q
check "q leaves the reference" s 'exit=0'

# --- 132x43: the start of each reply beside its code -------------------------------
ui_start w 132 43
type_line w "\"$SMTPSIM\" ref; echo \"exit=\$?\""
check "the reference opens at 132x43" w 'search, or type a code'
T send-keys -t w Tab Tab Tab Tab
check "Tab reaches the Servers tab" w '^│unknown-user  a recipient with no mailbox'
T send-keys -t w Down Down
check "the third case is mailbox-full-at-data" w '│ mailbox-full-at-data  *│'
check "gmail's code and the start of its words" w '│   gmail  *452 4\.2\.2  The email account'
check "microsoft365's code and the start of its words" w '│   microsoft365  *554 5\.2\.2  mailbox full;'
check "the replies in full follow without scrolling" w 'Every reply in full'
T send-keys -t w q
check "q leaves that reference" w 'exit=0'

# --- every case under valgrind: no invalid access, no leak ---------------------------
if [ -n "$SANITIZED" ]; then
	echo "# built with sanitizers: the valgrind walk is skipped"
elif ! command -v valgrind >/dev/null 2>&1; then
	echo "# valgrind is not installed: the walk is skipped (ui-valgrind.sh says so)"
else
	ui_start v 80 24
	type_line v "valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 \
--log-file='$UI_TMP/vg.log' '$SMTPSIM' ref; echo \"exit=\$?\""
	if ui_wait v 'search, or type a code' 600; then
		T send-keys -t v BTab
		ui_wait v '^│unknown-user  a recipient' 600
		# each case drawn and scrolled to its end
		n=1
		ncases=$("$SMTPSIM" compare | wc -l)
		while [ $n -lt "$ncases" ]; do
			T send-keys -t v C-n C-n C-n C-n C-n C-n Down
			n=$((n + 1))
		done
		check "the walk reaches the last case" v '│ too-many-errors  *│'
		T send-keys -t v C-n C-n C-n C-n C-n C-n
		check "and scrolls it to its end" v 'more: S-Up '
		T send-keys -t v q
		if ui_wait v 'exit=' 600 && ui_wait v 'exit=0' 10 && [ ! -s "$UI_TMP/vg.log" ]; then
			ok "valgrind: every case drawn with no error and no leak"
		else
			notok "valgrind: every case drawn with no error and no leak"
			screen v | sed 's/^/# /'
			sed 's/^/# /' "$UI_TMP/vg.log" 2>/dev/null | head -60
		fi
	else
		notok "the reference starts under valgrind"
		screen v | sed 's/^/# /'
	fi
fi

exit $ui_fail
