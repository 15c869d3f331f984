#!/bin/sh
# ui.sh — the full-screen UI in a real terminal: tmux on a private socket,
# fixed sizes (80x24, 132x43), keys sent with send-keys, the screen read
# with capture-pane. Each check polls with a bounded wait.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")" || exit 1
. ./lib/tmux.sh
ui_setup

# --- free play at 80x24: a whole handshake ---------------------------------
ui_start p 80 24
type_line p "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "play starts with the greeting" p 'S: 220 mx.example.com'
check "the command pane says what the server expects" p 'next: .*EHLO'
type_line p "EHLO client.example.org"
check "EHLO is answered with the extensions" p 'S: 250 '
type_line p "MAIL FROM:<learner@example.org>"
check "MAIL FROM is accepted" p 'S: 250 2.1.0'
type_line p "RCPT TO:<nobody@example.com>"
check "an unknown recipient is refused with 550 5.1.1" p 'S: 550 5.1.1'
check "the coach says why" p 'why: 550 here because'
check "the sidebar follows the reply" p '│550  '
check "the sidebar explains why here" p 'Why here'
T send-keys -t p -l "RCPT TO:<al"
T send-keys -t p Tab
check "Tab completes a known address" p '> RCPT TO:<alice@example.com>'
T send-keys -t p Enter
check "RCPT is accepted" p 'S: 250 2.1.5'
check "the prompt follows the state" p 'next: after RCPT'
type_line p "DATA"
check "DATA gets 354" p 'S: 354'
check "the command pane switches to message text" p 'header> '
check "the DATA instruction is whole at 80 columns" p 'next: .*"\." alone ends it'
type_line p "Subject: hello"
type_line p ""
check "the header/body split is shown" p 'the headers end, the body'
type_line p "Hi Alice."
type_line p "."
check "the message is accepted" p 'message accepted: from <learner@example.org>'
# the summary wraps in the pane: read the transcript pane (left of the
# sidebar's border) as one line of words
if screen p | sed 's/││.*//; s/│/ /g' | tr -s ' \n' '  ' | grep -q '(1 header line, 1 body line)'; then
	ok "the summary counts the body without the empty line"
else
	notok "the summary counts the body without the empty line"
	screen p | sed 's/^/# /'
fi
check "the end of data gets 250" p 'S: 250 2.0.0'
type_line p "QUIT"
check "QUIT gets 221" p 'S: 221'
check "the close is marked" p 'connection closed by the server'

# colours: error replies and success replies differ (SGR in capture -e)
if T capture-pane -e -p -t p | grep 'S: 221' | grep -q "$(printf '\033')\[[0-9;]*3[0-9]m"; then
	ok "replies are coloured by class"
else
	notok "replies are coloured by class"
fi

# --- scrolling --------------------------------------------------------------
T send-keys -t p PPage
check "PgUp scrolls the transcript" p 'scrolled back — End: latest'
T send-keys -t p Home
check "Home shows the start of the transcript" p 'Free play: you are the client'
T send-keys -t p End
check_gone "End follows the bottom again" p 'scrolled back — End: latest'
check "the bottom is back in view" p 'connection closed by the server'
# the wheel as an X10 mouse report (ESC [ M, button+32, column+32, row+32):
# tmux passes it on because the UI asked for mouse reports
wheel_up=$(printf '\033[M`%%%%')
wheel_down=$(printf '\033[Ma%%%%')
T send-keys -t p -l "$wheel_up"
check "the mouse wheel scrolls the transcript up" p 'scrolled back — End: latest'
for _ in 1 2 3 4 5 6; do T send-keys -t p -l "$wheel_down"; done
check_gone "the wheel down follows the bottom again" p 'scrolled back — End: latest'
check_gone "the reports never reach the input line" p '^│> [^ ]'

# --- meta-commands ------------------------------------------------------------
type_line p ":profile submission"
check "switching profile is said in the transcript" p 'profile changed: mta → submission'
check "switching profile reconnects to port 587" p 'connected to .* port 587'
check "the status line shows the profile" p 'submission:587'
type_line p ":nosuch"
check "an unknown meta-command gets a message" p 'unknown meta-command :nosuch'
type_line p "EHLO client.example.org"
type_line p "AUTH PLAIN"
check "AUTH before STARTTLS is refused on 587" p 'S: 530 5.7.0 Must issue a STARTTLS'
type_line p "STARTTLS"
check "STARTTLS shows the simulated TLS marker" p 'TLS negotiated (simulated)'
type_line p "EHLO client.example.org"
type_line p "AUTH LOGIN"
check "the AUTH challenge is decoded" p '334 VXNlcm5hbWU6  → "Username:"'
type_line p "YWxpY2VAZXhhbXBsZS5jb20="
type_line p "d29uZGVybGFuZA=="
check "the password is masked" p 'decoded: \*\*\*'
check "authentication succeeds" p 'authenticated as alice@example.com'
status=$(screen p | tail -1)
if echo "$status" | grep -q 'AUTH alice@example.com.*  F1 Help\(  F4 Ref\)\?\(  F10 back\)\? *$'; then
	ok "the status line keeps whole hints at 80 columns"
else
	notok "the status line keeps whole hints at 80 columns"
	echo "# $status"
fi
type_line p ":save -c $UI_TMP/replay.txt"
check "save reports the file" p "saved the client lines"
if [ -f "$UI_TMP/replay.txt" ] && grep -q '^AUTH LOGIN$' "$UI_TMP/replay.txt" &&
	! grep -q '^:' "$UI_TMP/replay.txt"; then
	ok "save -c writes the client lines alone"
else
	notok "save -c writes the client lines alone"
fi
type_line p ":save $UI_TMP/swaks.txt"
if ui_wait p "saved the transcript" && grep -q '^ -> EHLO client.example.org' "$UI_TMP/swaks.txt" &&
	grep -q '^<-  220 ' "$UI_TMP/swaks.txt"; then
	ok "save writes the swaks-style transcript"
else
	notok "save writes the swaks-style transcript"
fi

# --- help overlay, focus -------------------------------------------------------
T send-keys -t p F1
check "F1 shows the keys" p 'Keys · any key closes'
check "the help lists the command keys" p 'send the line'
T send-keys -t p Escape
check_gone "any key closes the help" p 'Keys · any key closes'
T send-keys -t p BTab
check "Shift-Tab focuses the sidebar browser" p 'Reference · browse'
T send-keys -t p -l "/552"
check "the focused sidebar searches the catalog" p '│552  Storage allocation'
T send-keys -t p Enter
T send-keys -t p BTab
check_gone "Shift-Tab returns to the command" p 'Reference · browse'
T send-keys -t p Up
check "Up recalls the last line" p '> :save '
T send-keys -t p C-u
check_gone "Ctrl-U clears it" p '> :save '

# --- resize -----------------------------------------------------------------------
T resize-window -t p -x 60 -y 20
check "below 80x24 it says the terminal is too small" p 'terminal too small: need 80×24'
T resize-window -t p -x 80 -y 24
check "enlarged again it redraws the panes" p 'Transcript'
check "the conversation is still there" p 'authenticated as alice@example.com'

# --- reference from play (F4), search for 552 -------------------------------------
T send-keys -t p F4
check "F4 opens the reference" p 'search, or type a code'
T send-keys -t p -l "/552"
T send-keys -t p Enter
check "searching 552 selects its entry" p '│ 552  Storage allocation exceeded'
check "the entry says what to do" p 'What to do:'
T send-keys -t p F3
check "F3 returns to the same free play" p 'authenticated as alice@example.com'

# --- Ctrl-C restores the terminal ---------------------------------------------------
T send-keys -t p C-c
check "Ctrl-C leaves with status 0" p 'exit=0'
if [ "$(T display -p -t p '#{alternate_on}')" = 0 ]; then
	ok "no alternate screen is left behind"
else
	notok "no alternate screen is left behind"
fi
if [ "$(T display -p -t p '#{cursor_flag}')" = 1 ]; then
	ok "the cursor is visible again"
else
	notok "the cursor is visible again"
fi
type_line p "stty -a | tr ' ;' '\\n\\n' | grep -c -x -e icanon -e echo"
check "the tty is back in canonical mode with echo" p '^2$'

# --- the reference browser directly, 132x43 -----------------------------------------
ui_start r 132 43
type_line r "\"$SMTPSIM\" ref 5.1.1; echo \"exit=\$?\""
check "ref 5.1.1 shows the enhanced code" r 'X.1.1  Bad destination mailbox address'
T send-keys -t r Escape
T send-keys -t r -l "421"
check "typing a code jumps to it" r '421  '
T send-keys -t r Enter q
check "q leaves the reference" r 'exit=0'

type_line r "\"$SMTPSIM\" ref \"\$(printf 'zz\\033[7mzz')\"; echo \"exit=\$?\""
check "a query with an escape byte is shown with it made visible" r '/zz^\[\[7mzz'
T send-keys -t r q
check "q leaves that reference" r 'exit=0'

# --- free play at 132x43 ---------------------------------------------------------------
type_line r "\"$SMTPSIM\" play -s greylist; echo \"exit=\$?\""
check "play at 132x43 starts" r 'S: 220 '
check "the scenario is in the status line" r 'scenarios: greylist'
type_line r "EHLO c.example.org"
type_line r "MAIL FROM:<a@example.org>"
type_line r "RCPT TO:<bob@example.com>"
check "greylisting answers 450" r 'S: 450'
type_line r ":wait 6m"
check "wait moves the simulated clock" r '6 minutes later (simulated clock)'
type_line r "RCPT TO:<bob@example.com>"
check "after the wait the recipient is accepted" r 'S: 250 2.1.5'
T send-keys -t r F10
check "F10 leaves free play" r 'exit=0'

# --- the main menu ---------------------------------------------------------------------------
type_line r "\"$SMTPSIM\"; echo \"exit=\$?\""
check "the menu lists the modes" r 'Free play'
T send-keys -t r p
check "p asks for the free-play server first" r 'Free play: which server?'
T send-keys -t r Enter
T send-keys -t r Enter
check "p opens free play from the menu" r 'S: 220 '
T send-keys -t r F10
check "F10 goes back to the menu" r 'Reference .*every reply code'
T send-keys -t r q
check "q quits from the menu" r 'exit=0'

# --- lessons: list, a step, progress kept, resume -----------------------------------
LESSONS=$(cd ../.. && pwd)/lessons
ui_start l 80 24 SMTPSIM_LESSONS="$LESSONS"
type_line l "\"$SMTPSIM\" lesson; echo \"exit=\$?\""
check "the lesson list shows the lessons" l ' 1 First contact'
check "the list says what a lesson is" l 'Progress: not started'
T send-keys -t l Enter
check "Enter starts the lesson with its pane" l 'Lesson 1 · First contact · step 1/'
check "the lesson's server greets" l 'S: 220 '
check "the status shows the score" l 'Score 0/'
T send-keys -t l F5
check "F5 reveals a hint" l 'Hint: '
type_line l "HELO client.example.org"
check "a passed step says so with its points" l '✓ Done: '
check "the explanation follows" l 'Enter: next step'
T send-keys -t l Enter
check "Enter moves to the next step" l 'step 2/'
T send-keys -t l F10
check "F10 goes back to the list" l 'stopped at step 2'
T send-keys -t l q
check "q leaves the list" l 'exit=0'
if [ -f "$UI_TMP/state/smtpsim/progress.json" ]; then
	ok "progress is saved under XDG_STATE_HOME"
else
	notok "progress is saved under XDG_STATE_HOME"
fi
type_line l "\"$SMTPSIM\" lesson first-contact; echo \"exit=\$?\""
check "lesson ID resumes where the learner stopped" l 'you left off here: step 2'
check "the resumed lesson is at step 2" l 'step 2/'
T send-keys -t l Home
check "the resume says where and what is done" l 'Resumed at step 2 of [0-9]* — step 1 done,'
T send-keys -t l End
# F8 skips a step, Enter continues; one pair at a time until the end
i=0
while [ $i -lt 20 ] && ! screen l | grep -q 'lesson complete'; do
	before=$(screen l | grep -o 'step [0-9]*/[0-9]*' | head -1)
	T send-keys -t l F8
	T send-keys -t l Enter
	ui_gone l "$before" 20
	i=$((i + 1))
done
check "skipping through ends the lesson with a score" l 'lesson complete: [0-9]* of [0-9]* points'
check "the per-step breakdown is shown" l 'step  1 *[0-9]*/10  Say hello'
check "the end offers the next lesson" l 'Enter: next — 2 HELO vs EHLO · Esc: the lesson'
T send-keys -t l Escape
check "Esc after the end shows the list with the score" l '1 First contact *✓ [0-9]*/[0-9]*'
T send-keys -t l C-c
check "Ctrl-C leaves the lesson" l 'exit=0'
type_line l "\"$SMTPSIM\"; echo \"exit=\$?\""
check "the menu shows lesson progress" l 'of [0-9]* lessons done'
T send-keys -t l l
check "l opens the lesson list from the menu" l '─ About ─'
T send-keys -t l Down
check "About names a lesson to take first by its title" l 'Take first: 1 First contact'
T send-keys -t l q
check "q goes back to the menu" l 'Free play  *you type'
check_gone "the menu frame holds nothing of the lesson list" l 'About\|Take first\|First contact'
T send-keys -t l p
T send-keys -t l Enter
T send-keys -t l Enter
check "p opens free play from the menu" l 'S: 220 '
T send-keys -t l F10
check "F10 goes back to the menu from free play" l 'Free play  *you type'
check_gone "the menu frame holds nothing of free play" l 'Transcript\|S: 220'
T send-keys -t l r
check "r opens the reference from the menu" l 'search, or type a code'
T send-keys -t l q
check "q goes back to the menu from the reference" l 'Free play  *you type'
check_gone "the menu frame holds nothing of the reference" l 'Entry\|search, or type'
menu_status=$(screen l | tail -1)
if echo "$menu_status" | grep -q 'F1 Help  F2 Lessons  F3 Play  F4 Ref  Ctrl-C quit *$'; then
	ok "the menu's status hints are whole"
else
	notok "the menu's status hints are whole"
	echo "# $menu_status"
fi
T send-keys -t l q
check "the menu quits" l 'exit=0'

# --- the lesson pane: skip, quiz feedback, hints, scrolling, resume -------------
# (lesson-pane checks; each in its own session and progress directory)
lesson_pane_checks() {
	ui_start lp 80 24 SMTPSIM_LESSONS="$LESSONS" XDG_STATE_HOME="$UI_TMP/state-lp"
	type_line lp "\"$SMTPSIM\" lesson first-contact; echo \"exit=\$?\""
	check "lesson pane: the first step is open" lp 'step 1/8: Say hello'
	for n in 1 2 3; do
		check "lesson pane: hint $n is labelled with the 3 points it costs" lp 'F5 hint (-3)'
		score=$(screen lp | tail -1)
		T send-keys -t lp F5
		ui_gone lp "$(printf '%s' "$score" | sed 's/[].[*^$]/\\&/g')" 20
	done
	check "lesson pane: the example is the last hint" lp 'Example: HELO client.example.org'
	type_line lp "HELO client.example.org"
	check "lesson pane: three hints of 3 points each leave 1 of 10" lp '✓ Done: 1 of 10 points'
	T send-keys -t lp Enter
	T send-keys -t lp Enter
	check "lesson pane: a short step title stays beside a long lesson title" lp 'step 3/8: Make a typo'
	T send-keys -t lp F8
	check "lesson pane: F8 says the step was skipped" lp 'Skipped — 0 of 10 points'
	check "lesson pane: a skipped step shows what was expected" lp 'Example: HELLO client.example.org'
	check_gone "lesson pane: a skipped step is not called done" lp '✓ Done'
	T send-keys -t lp Enter
	T send-keys -t lp Enter
	type_line lp ":reset"
	T send-keys -t lp Enter
	check "lesson pane: the quiz is open" lp 'Who should be talking'
	# the choices are shown shuffled, the same way every time: here the
	# server's choice first, then Nobody, then the client
	T send-keys -t lp 3
	check "lesson pane: a digit picks a choice" lp '^│3> The client'
	T send-keys -t lp Enter
	check "lesson pane: a wrong answer says why" lp 'Not quite'
	check "lesson pane: the question stays after a wrong answer" lp 'Who should be talking'
	check "lesson pane: the choices stay after a wrong answer" lp '^│2) Nobody'
	choice=$(screen lp | grep -n '^│2) Nobody' | cut -d: -f1)
	note=$(screen lp | grep -n 'Not quite' | cut -d: -f1)
	if [ -n "$choice" ] && [ -n "$note" ] && [ "$note" -gt "$choice" ]; then
		ok "lesson pane: the feedback follows the choices"
	else
		notok "lesson pane: the feedback follows the choices"
		screen lp | sed 's/^/# /'
	fi
	T send-keys -t lp 1
	T send-keys -t lp Enter
	check "lesson pane: a right answer shows why it is right" lp 'Right. The server speaks first'
	check "lesson pane: ... and waits for Enter" lp 'step 6/8: Silence'
	T send-keys -t lp F10
	check "lesson pane: F10 leaves the lesson" lp 'exit=0'
	type_line lp "\"$SMTPSIM\" lesson first-contact; echo \"exit=\$?\""
	check "lesson pane: the lesson resumes at step 7" lp 'step 7/8'
	T send-keys -t lp Home
	check "lesson pane: the resume sums up the steps done" lp 'Resumed at step 7 of 8 — steps 1–6'
	check "lesson pane: ... with the points so far" lp 'steps 1–6 done, 13'
	check "lesson pane: the done steps' commands are replayed" lp '^│C: HELO client.example.org'
	T send-keys -t lp End
	check "lesson pane: the replay ends where the learner left off" lp 'you left off here: step 7'
	T send-keys -t lp F8
	T send-keys -t lp Enter
	T send-keys -t lp 2
	T send-keys -t lp Enter
	T send-keys -t lp Enter
	check "lesson pane: the breakdown marks a skipped step" lp 'step  7 *0/10  Say goodbye (skipped)'
	T send-keys -t lp Enter
	check "lesson pane: Enter at the end opens the next lesson" lp 'Lesson 2 · .*step 1/'
	T send-keys -t lp F10
	check "lesson pane: F10 leaves the next lesson too" lp 'exit=0'
	type_line lp "\"$SMTPSIM\" lesson; echo \"exit=\$?\""
	check "lesson pane: the list shows the finished lesson" lp '1 First contact *✓ 18/50'
	T send-keys -t lp r
	check "lesson pane: r on a lesson with progress asks first" lp 'Start lesson 1 afresh?'
	T send-keys -t lp n
	check_gone "lesson pane: any other key keeps the progress" lp 'Start lesson 1 afresh?'
	T send-keys -t lp r
	T send-keys -t lp y
	check "lesson pane: r then y starts the lesson afresh" lp 'step 1/8: Say hello'
	T send-keys -t lp F10
	T send-keys -t lp C-c
	check "lesson pane: the first lesson session ends" lp 'exit=0'
	type_line lp "\"$SMTPSIM\" lesson; echo \"exit=\$?\""
	check "lesson pane: starting afresh kept the best score" lp '1 First contact *✓ 18/50'
	T send-keys -t lp q
	check "lesson pane: the list closes" lp 'exit=0'

	# lesson 20, step 6 has an eight-line example: at 80x24 the pane scrolls
	type_line lp "\"$SMTPSIM\" lesson final-exam; echo \"exit=\$?\""
	check "lesson pane: the final exam opens" lp 'step 1/'
	i=0
	while [ $i -lt 5 ]; do
		before=$(screen lp | grep -o 'step [0-9]*/[0-9]*' | head -1)
		T send-keys -t lp F8
		T send-keys -t lp Enter
		ui_gone lp "$before" 20
		i=$((i + 1))
	done
	check "lesson pane: at the step with the long example" lp 'step 6/12: The message'
	T send-keys -t lp F5
	T send-keys -t lp F5
	T send-keys -t lp F5
	check "lesson pane: the revealed example is shown to its first line" lp 'Example: DATA'
	check "lesson pane: ... and to its last line" lp '^│         \. *│'
	check "lesson pane: the frame says there is more above" lp '↑ more: S-Up'
	check "lesson pane: the status line names the scroll keys" lp 'S-Up/Down scroll'
	# half a pane a press: twice reaches the top of the eight-line example's step
	T send-keys -t lp S-Up
	T send-keys -t lp S-Up
	check "lesson pane: S-Up scrolls back to the task" lp '^│Write it so that only Dave'
	check "lesson pane: the frame says there is more below" lp '↓ more: S-Down\|↑↓ more: S-Up/S-Down'
	T send-keys -t lp C-n
	T send-keys -t lp C-n
	check "lesson pane: Ctrl-N scrolls down again" lp '↑ more: S-Up'
	T send-keys -t lp F1
	check "lesson pane: the help names the scroll keys" lp 'S-Up/Down *scroll the lesson pane'
	T send-keys -t lp Escape
	T send-keys -t lp C-c
	check "lesson pane: the final exam session ends" lp 'exit=0'

	# a header typed as a command: the coach says so once (132x43: room
	# for the whole exchange in the transcript)
	ui_start lq 132 43 SMTPSIM_LESSONS="$LESSONS" XDG_STATE_HOME="$UI_TMP/state-lq"
	type_line lq "\"$SMTPSIM\" lesson first-contact; echo \"exit=\$?\""
	check "lesson pane: lesson 1 at 132x43" lq 'S: 220 '
	type_line lq "Subject: hi"
	check "lesson pane: the header typed as a command is answered" lq 'S: 500'
	n=$(screen lq | grep -c 'looks like a message header')
	if [ "$n" -eq 1 ]; then
		ok "lesson pane: the coach names a header typed as a command once"
	else
		notok "lesson pane: the coach names a header typed as a command once ($n times)"
		screen lq | sed 's/^/# /'
	fi
	T send-keys -t lq C-c
	check "lesson pane: the 132x43 session ends" lq 'exit=0'
}
lesson_pane_checks

# --- terminals, NO_COLOR, ASCII fallback, SIGTERM -------------------------------
ui_start n 80 24 NO_COLOR=1
type_line n "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "NO_COLOR play draws" n 'S: 220 '
type_line n "FOO"
check "NO_COLOR errors still show" n 'S: 500'
if T capture-pane -e -p -t n | grep -q "$(printf '\033')\[[0-9;]*3[1-7]m"; then
	notok "NO_COLOR uses no colours"
else
	ok "NO_COLOR uses no colours"
fi
T send-keys -t n C-c
check "NO_COLOR run exits" n 'exit=0'

for term in xterm-256color screen tmux-256color linux vt100; do
	infocmp "$term" >/dev/null 2>&1 || { ok "TERM=$term skipped (no terminfo entry) # SKIP"; continue; }
	type_line n "TERM=$term \"$SMTPSIM\" play; echo \"exit=\$?\""
	if ui_wait n 'S: 220 ' && ui_wait n 'Transcript'; then
		ok "TERM=$term draws the play screen"
	else
		notok "TERM=$term draws the play screen"
		screen n | sed 's/^/# /'
	fi
	T send-keys -t n C-c
	check "TERM=$term exits cleanly" n 'exit=0'
	T send-keys -t n C-l
	type_line n clear
	ui_gone n 'exit=0' 30
done

ui_start a 80 24 LANG=C LC_ALL=C
type_line a "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "outside UTF-8 the boxes are ASCII" a '^+- Transcript -'
check "outside UTF-8 the marks are ASCII" a '-- connected to mx.example.com'
T send-keys -t a C-c
check "the ASCII run exits" a 'exit=0'

type_line a "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "a second run starts" a 'S: 220 '
shpid=$(T display -p -t a '#{pane_pid}')
uipid=$(ps -o pid= --ppid "$shpid" | tr -d ' ' | head -1)
if [ -n "$uipid" ]; then
	kill -TERM "$uipid"
	if ui_wait a 'exit=143' && [ "$(T display -p -t a '#{alternate_on}')" = 0 ]; then
		ok "SIGTERM restores the terminal (and the process dies of SIGTERM)"
	else
		notok "SIGTERM restores the terminal (and the process dies of SIGTERM)"
		screen a | sed 's/^/# /'
	fi
else
	notok "SIGTERM restores the terminal (no process found)"
fi

# --- not a terminal -----------------------------------------------------------------
if "$SMTPSIM" play </dev/null 2>"$UI_TMP/err" >/dev/null; then
	notok "play without a terminal fails"
elif grep -q 'needs a terminal' "$UI_TMP/err"; then
	ok "play without a terminal fails with a message"
else
	notok "play without a terminal fails with a message"
fi
"$SMTPSIM" play -p nosuch </dev/null >/dev/null 2>&1
[ $? -eq 2 ] && ok "an unknown profile is a usage error (exit 2)" || notok "an unknown profile is a usage error (exit 2)"

exit $ui_fail
