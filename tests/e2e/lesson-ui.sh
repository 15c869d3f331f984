#!/bin/sh
# lesson-ui.sh — the lesson-runner issue's six reports, played in the
# full-screen UI as a new user played them (tmux, 80x24 and 132x43), each
# now ending well: skip does the step, the path is kept or restored with
# F7, feedback follows the transcript, one voice in the command pane.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")" || exit 1
. ./lib/tmux.sh
ui_setup
LESSONS=$(cd ../.. && pwd)/lessons

# lesson NAME COLS ROWS ID: a lesson in a fresh progress directory
lesson() {
	ui_start "$1" "$2" "$3" SMTPSIM_LESSONS="$LESSONS" XDG_STATE_HOME="$UI_TMP/state-$1"
	type_line "$1" "\"$SMTPSIM\" lesson $4; echo \"exit=\$?\""
	ui_wait "$1" 'step 1/' || echo "# lesson $4 did not open"
}

# 1. F8 at lesson 20's login step, then MAIL FROM … SIZE=2000 gets 250
lesson r1 132 43 final-exam
type_line r1 "EHLO bob-pc"
type_line r1 "STARTTLS"
type_line r1 "EHLO bob-pc"
check "report 1: the secure-the-line step passes" r1 '✓ Done'
T send-keys -t r1 Enter
check "report 1: the login step is open" r1 'step 2/12'
T send-keys -t r1 F8
check "report 1: F8 skips the login" r1 'Skipped — 0 of'
T send-keys -t r1 Enter
check "report 1: the next step is set up as if the login had been done" r1 'C: AUTH PLAIN .*↺ replayed'
type_line r1 "DATA"
T send-keys -t r1 Enter
type_line r1 "MAIL FROM:<bob@example.com> SIZE=2000"
check "report 1: MAIL FROM after the skipped login is accepted" r1 'S: 250 2.1.0 Ok'
check_gone "report 1: no 530 after the skip" r1 'Authentication required'

# 2. lesson 11: STARTTLS before the plain EHLO, then F7
lesson r2 80 24 starttls
type_line r2 "STARTTLS"
type_line r2 "EHLO alice-laptop"
check "report 2: the pane says why the step left its path" r2 'TLS is already on'
check "report 2: the command pane offers F7" r2 'step: off its path: F7'
check_gone "report 2: no step passed with a text that contradicts the transcript" r2 '✓ Done'
check_gone "report 2: no hint is offered off the path" r2 'F5 hint'
T send-keys -t r2 F7
check "report 2: F7 sets the step up afresh" r2 'step 1 set up afresh'
type_line r2 "EHLO alice-laptop"
check "report 2: the plain EHLO passes after F7" r2 '✓ Done: 10 of 10'
T send-keys -t r2 Enter
type_line r2 "AUTH LOGIN"
check "report 2: AUTH in the clear is refused with 530" r2 'S: 530 5.7.0 Must issue a STARTTLS'
check "report 2: and the step passes" r2 '✓ Done: 10 of 10'

# 3. lesson 12: a base64 user name with a full stop ends the exchange
lesson r3 132 43 auth
for l in "EHLO client.example.org" STARTTLS "EHLO client.example.org"; do type_line r3 "$l"; done
T send-keys -t r3 Enter
T send-keys -t r3 Enter
check "report 3: the base64 quiz is open" r3 'step 3/[0-9]*: By hand'
T send-keys -t r3 F8
T send-keys -t r3 Enter
type_line r3 "AUTH LOGIN"
check "report 3: AUTH LOGIN asks for the user name" r3 'S: 334 VXNlcm5hbWU6'
T send-keys -t r3 Enter
type_line r3 "YWxpY2VAZXhhbXBsZS5jb20=."
check "report 3: the slip is answered 501" r3 'S: 501 5.5.2'
check "report 3: the pane names the ended AUTH exchange" r3 'AUTH exchange was ended by the 501'
T send-keys -t r3 F7
check "report 3: F7 replays AUTH LOGIN for the learner" r3 'C: AUTH LOGIN.*↺ replayed'
# shown from the engine's LINE event alone: once, not echoed a second time
n=$(screen r3 | grep -c 'C: AUTH LOGIN.*↺ replayed')
if [ "$n" -eq 1 ]; then ok "report 3: the replayed line shows once"
else notok "report 3: the replayed line shows once (seen $n times)"; fi
type_line r3 "YWxpY2VAZXhhbXBsZS5jb20="
check "report 3: the right base64 passes after F7" r3 '✓ Done'

# 4. lesson 5: EHLO in a two-command step is acknowledged
lesson r4 80 24 data
type_line r4 "EHLO client.example.org"
check "report 4: a right EHLO is acknowledged" r4 '✓ 250 to EHLO — now name the sender'
check_gone "report 4: not called 'Not yet'" r4 'Not yet'

# 5. one voice: the step in the command pane, nothing in the exam
lesson r5 80 24 first-contact
type_line r5 "HELO client.example.org"
T send-keys -t r5 Enter
T send-keys -t r5 Enter
check "report 5: the command pane names the step" r5 'step: Make a typo'
check_gone "report 5: no protocol next: line in a lesson" r5 'next: ready'
lesson r5b 80 24 final-exam
check_gone "report 5: the exam's command pane gives nothing away" r5b 'step: Secure\|next: '
type_line r5b "EHLO client.example.org"
check "report 5: the exam acknowledges without naming the next move" r5b '✓ 250 to EHLO\.'

# 6. lesson 5: QUIT and " . " typed as message text are pointed out
lesson r6 132 43 data
type_line r6 "EHLO client.example.org"
type_line r6 "MAIL FROM:<dave@example.org>"
T send-keys -t r6 Enter
T send-keys -t r6 F8
T send-keys -t r6 Enter
type_line r6 "RCPT TO:<bob@example.com>"
T send-keys -t r6 Enter
type_line r6 "DATA"
T send-keys -t r6 Enter
T send-keys -t r6 Enter
type_line r6 "Subject: hi"
type_line r6 ""
type_line r6 "QUIT"
check "report 6: QUIT in the body is noted as message text" r6 'every line is message text'
type_line r6 " . "
check "report 6: a dot with spaces is noted" r6 'with spaces beside it'
type_line r6 "."
check "report 6: the message is accepted at the real end" r6 'S: 250 2.0.0 Ok: queued'

# one meta-command interpreter: :wait in a lesson marks the transcript as
# free play does
lesson w1 80 24 greylisting
type_line w1 ":wait 4m"
check ":wait in a lesson marks the simulated clock as free play does" w1 '── 4 minutes later (simulated clock) ──'
type_line w1 ":restart"
check ":restart in a lesson sets the step up afresh" w1 'step 1 set up afresh'

# --- the journey around lessons (the journey issue) ---------------------------
# passed steps stay in the lesson pane, above the current one
lesson j1 80 24 first-contact
type_line j1 "HELO client.example.org"
T send-keys -t j1 Enter
T send-keys -t j1 Enter
check "journey: the next step is in view" j1 'step 3/8: Make a typo'
i=0; while [ $i -lt 40 ] && ! screen j1 | grep -q "Step 1: Say hello"; do T send-keys -t j1 S-Up; sleep 0.05; i=$((i + 1)); done
check "journey: scrolling back shows a passed step with its score" j1 'Step 1: Say hello — 10 of 10 points'
T send-keys -t j1 F10
check "journey: F10 leaves the lesson" j1 'exit=0'
# the menu continues the lesson in progress
type_line j1 "\"$SMTPSIM\"; echo \"exit=\$?\""
check "journey: the menu's first item continues the lesson" j1 '▶ Continue *lesson 1, step 3 — First contact'
T send-keys -t j1 Enter
check "journey: Continue opens the lesson at its step" j1 'step 3/8: Make a typo'
T send-keys -t j1 C-c
check "journey: Ctrl-C leaves" j1 'exit=0'

# where the session is, in the command pane's frame (free play and lessons)
ui_start j2 132 43
type_line j2 "\"$SMTPSIM\" play -p submission; echo \"exit=\$?\""
check "journey: free play starts greeted" j2 'Command · greeted ─'
for l in "EHLO c.example.org" STARTTLS "EHLO c.example.org" \
	"AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=" "MAIL FROM:<alice@example.com>" \
	"RCPT TO:<bob@example.com>" "RCPT TO:<carol@example.com>"; do
	type_line j2 "$l"
done
check "journey: the trail follows TLS, the login, MAIL and RCPT" j2 'Command · greeted ▸ TLS ▸ hello ▸ AUTH alice ▸ MAIL ▸ RCPT ×2 ─'
type_line j2 "DATA"
check "journey: in DATA the pane says so" j2 'Message text · .*RCPT ×2 ▸ DATA'
T send-keys -t j2 C-c

# free play from the menu asks for the server and the situations
ui_start j3 80 24
type_line j3 "\"$SMTPSIM\"; echo \"exit=\$?\""
check "journey: the menu opens" j3 'Learn SMTP by being the client'
T send-keys -t j3 p
check "journey: free play asks which server" j3 'Free play: which server?'
check "journey: ... each with its one-line description" j3 'submission  port 587'
T send-keys -t j3 Down
T send-keys -t j3 Enter
check "journey: then which situations" j3 'Free play: which situations?'
check "journey: the scenarios open at the top, on the first" j3 '▶ \[ \] greylist'
T send-keys -t j3 Space
check "journey: Space ticks a scenario" j3 '\[x\] greylist'
T send-keys -t j3 Enter
check "journey: free play starts on the chosen server with the chosen scenario" j3 'submission:587 .*scenarios: greylist'
check "journey: the submission server greets" j3 'S: 220 smtp.example.com'
T send-keys -t j3 C-c

# keys typed while the terminal is too small are kept
ui_start j4 80 24
type_line j4 "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "journey: free play at 80x24" j4 'S: 220 mx.example.com'
T resize-window -t j4 -x 60 -y 20
check "journey: at 60x20 the terminal is too small" j4 'terminal too small'
type_line j4 "EHLO small.example.org"
check "journey: the keys typed meanwhile are counted as kept" j4 '23 keys typed meanwhile: kept'
T resize-window -t j4 -x 80 -y 24
check "journey: enlarged, the kept line is sent" j4 'C: EHLO small.example.org'
check "journey: ... and answered" j4 'S: 250 [A-Z]'
T send-keys -t j4 C-c

# layout: the F1 box at 80x24 takes the whole width (no doubled border);
# the sidebar's advice fits the reply (a reason replaces generic advice)
ui_start j5 80 24
type_line j5 "\"$SMTPSIM\" play -p submission; echo \"exit=\$?\""
check "journey: free play on submission" j5 'S: 220 smtp.example.com'
T send-keys -t j5 F1
check "journey: the F1 box spans the screen without doubling a border" j5 '^┌─ Keys · any key closes ─*┐$'
T send-keys -t j5 Escape
for l in "EHLO c.example.org" STARTTLS STARTTLS; do type_line j5 "$l"; done
check "journey: the sidebar says why the 503 came here" j5 'Why here: TLS is'
check_gone "journey: ... instead of the code's generic advice" j5 'What to do: Follow the'
T send-keys -t j5 C-c

# Tab offers the lesson's own addresses first
lesson j7 132 43 data
T send-keys -t j7 -l "MAIL FROM:<"
T send-keys -t j7 Tab
check "journey: Tab at MAIL FROM:< offers the lesson's sender first" j7 'Tab: dave@example.org '
T send-keys -t j7 C-c

# free play in a real server's voice
ui_start j8 132 43
type_line j8 "\"$SMTPSIM\" play -P exim; echo \"exit=\$?\""
check "personality: play -P exim says whose voice it is" j8 'mta:25 as exim'
type_line j8 ":personality postfix"
check "personality: :personality switches it" j8 'the server now answers as postfix'
type_line j8 "NOOP"
check "personality: ... and the status line follows" j8 'mta:25 as postfix'
T send-keys -t j8 C-c

# quiz choices by arrow keys; a long lesson title cut with … in the list
lesson j9 80 24 first-contact
type_line j9 "HELO client.example.org"
T send-keys -t j9 Enter
T send-keys -t j9 Enter
T send-keys -t j9 F8
T send-keys -t j9 Enter
T send-keys -t j9 Enter
T send-keys -t j9 F8
T send-keys -t j9 Enter
check "journey: the Silence quiz is open" j9 'step 6/8: Silence'
T send-keys -t j9 Down
check "journey: Down picks the first choice" j9 '^│1> '
T send-keys -t j9 Down
check "journey: Down again moves the pick" j9 '^│2> '
T send-keys -t j9 Up
T send-keys -t j9 Enter
check "journey: Enter answers the choice picked by arrows" j9 'Right. The server speaks first'
T send-keys -t j9 F10
check "journey: F10 leaves" j9 'exit=0'
type_line j9 "\"$SMTPSIM\" lesson; echo \"exit=\$?\""
check "journey: a lesson title too long for the list ends in …" j9 '…'
T send-keys -t j9 C-c

# a big terminal's menu shows the whole course
ui_start j6 132 43 SMTPSIM_LESSONS="$LESSONS"
type_line j6 "\"$SMTPSIM\"; echo \"exit=\$?\""
check "journey: at 132x43 the menu shows the course" j6 'The course (✓ done, … in progress)'
check "journey: ... down to the final exam" j6 '[0-9] Final exam'
T send-keys -t j6 q

exit $ui_fail
