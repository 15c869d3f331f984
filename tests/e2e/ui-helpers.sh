#!/bin/sh
# ui-helpers.sh — issue 13's helpers in the full-screen UI, under tmux at
# 80x24 and 132x43: :b64 and :plain, Tab after a 334, a 535 that names
# the wrong part, the stored message (F9), the reference search on a whole
# reply line, the :save -c round trip through `smtpsim session`, LANG=C
# input, and the small fixes (line order, coach wording, greylisting).
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")" || exit 1
. ./lib/tmux.sh
ui_setup

# The transcript pane as one line of words (the sidebar and the borders
# cut away), for texts that wrap.
words() {
	screen "$1" | sed 's/││.*//; s/||.*//; s/[│|]/ /g' | tr -s ' \n' '  '
}

# check_words NAME TARGET TEXT: TEXT (fixed string) in the pane's words.
check_words() {
	_n=100
	while [ $_n -gt 0 ]; do
		if words "$2" | grep -qF -- "$3"; then
			ok "$1"
			return
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	notok "$1"
	screen "$2" | sed 's/^/# /'
}

# --- :b64, :plain, Tab after a 334, the 535 at 80x24 ------------------------------
ui_start b 80 24
type_line b "\"$SMTPSIM\" play -p submission; echo \"exit=\$?\""
check "play starts on submission" b 'S: 220 smtp.example.com'
type_line b ":help"
# the list is longer than the 80x24 transcript: scroll back to it
T send-keys -t b PPage
check "the help lists :b64" b ':b64 \[-d\] TEXT'
check "the help lists :plain" b ':plain USER PASS'
T send-keys -t b End
type_line b ":b64 alice@example.com"
check_words "b64 shows the encoding" b 'base64 of "alice@example.com": YWxpY2VAZXhhbXBsZS5jb20='
type_line b ":b64 -d AGFsaWNlAHNlY3JldA=="
check_words "b64 -d shows NUL bytes as \\0" b 'decodes to "\0alice\0secret"'
type_line b ":b64 -d @@@"
check "b64 -d refuses what is not base64" b 'not valid base64'
type_line b "EHLO client.example.org"
type_line b "STARTTLS"
type_line b "EHLO client.example.org"
check "TLS is on" b 'AUTH PLAIN LOGIN'
type_line b ":plain alice@example.com nope"
check "plain puts the AUTH PLAIN line into the input" b '^│> AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAG5vcGU=  *│'
check "plain says the line is ready" b 'the AUTH PLAIN command is in the input line'
check_gone "plain never shows the password" b 'nope'
T send-keys -t b Enter
check "the wrong password gets 535" b 'S: 535 5.7.8'
check_words "the 535 shows the decoded user, password masked" b 'user "alice@example.com", password ********'
check_words "the 535 says the password was the wrong part" b 'the user name is right, the password (masked above) is wrong'
type_line b "AUTH LOGIN"
check "AUTH LOGIN asks for the user name" b '334 VXNlcm5hbWU6'
T send-keys -t b Tab
check "after a 334 Tab offers the base64 helpers" b 'Tab: :b64 *:plain *\*'
check_gone "after a 334 Tab offers no commands" b 'Tab: .*EHLO'
T send-keys -t b -l "mallory"
T send-keys -t b C-u
type_line b ":b64 mallory"
check "after a 334 :b64 fills the input with the answer" b '^│> bWFsbG9yeQ==  *│'
T send-keys -t b Enter
check "the password is asked next" b '334 UGFzc3dvcmQ6'
type_line b ":b64 wonderland"
T send-keys -t b Enter
check_words "a 535 for an unknown user says the user name was wrong" b 'there is no account "mallory" here, so the user name is wrong'

# --- a cut list ends in an ellipsis ------------------------------------------------
T send-keys -t b C-u
T send-keys -t b Tab
if ui_wait b '^│Tab: EHLO .*…'; then
	ok "a completion list cut at 80 columns ends in …"
else
	notok "a completion list cut at 80 columns ends in …"
	screen b | sed 's/^/# /'
fi
T send-keys -t b C-u

# --- :scenario greylist after AUTH says why ------------------------------------------
type_line b ":plain alice@example.com wonderland"
T send-keys -t b Enter
check "the right password authenticates" b 'authenticated as alice@example.com'
type_line b ":scenario greylist"
check "greylisting after AUTH says why it has no effect" b 'scenario greylist on, but not for this connection'
type_line b ":quit"
check "play ends" b 'exit=0'

# --- greylisting coach, line order, F9 at 132x43 --------------------------------------
ui_start g 132 43
type_line g "\"$SMTPSIM\" play -s greylist; echo \"exit=\$?\""
check "play starts with greylisting" g 'S: 220 mx.example.com'
type_line g "EHLO client.example.org"
type_line g "MAIL FROM:<dave@example.org>"
type_line g "RCPT TO:<alice@example.com>"
check "the first RCPT is greylisted" g 'S: 450 4.2.0'
check "the coach names :wait 5m after a 450 4.2.0" g 'next: :wait 5m moves the simulated clock'
type_line g ":wait 5m"
check "the wait is marked" g '5 minutes later (simulated clock)'
type_line g "RCPT TO:<alice@example.com>"
check "the retry is accepted" g 'S: 250 2.1.5'
type_line g "DATA"
type_line g "From: Mallory <mallory@example.net>"
type_line g "To: Bob <bob@example.com>"
type_line g "Subject: compare"
type_line g ""
type_line g "Envelope and header differ."
type_line g "."
check "the message is accepted" g 'message accepted'
# the 250 comes first, the mark after it
order=$(screen g | sed 's/││.*//' | grep -a -n -e 'S: 250 2.0.0' -e 'message accepted' | cut -d: -f1 | tr '\n' ' ')
set -- $order
if [ $# -eq 2 ] && [ "$1" -lt "$2" ]; then
	ok "'message accepted' is printed after the 250 it follows"
else
	notok "'message accepted' is printed after the 250 it follows ($order)"
	screen g | sed 's/^/# /'
fi
check "the mark names F9" g 'F9: as stored'
T send-keys -t g F9
check "F9 shows the stored message" g 'the last message as the mailbox stores it'
check "the stored message starts with Return-Path from the envelope" g '   Return-Path: <dave@example.org>'
check "the server's Received: line is shown" g 'Received: from client.example.org'
check "the recipient of the envelope is in Received:" g 'for <alice@example.com>;'
check "the learner's header follows" g '   From: Mallory <mallory@example.net>'
check_words "envelope and header are compared" g 'envelope: MAIL FROM:<dave@example.org> → Return-Path:'
T send-keys -t g F1
check "F1 lists F9" g 'F9 .*the last message as stored'
T send-keys -t g Escape
type_line g ":quit"
check "play ends at 132x43" g 'exit=0'

# --- the reference search takes a whole reply line ---------------------------------------
for size in "80 24" "132 43"; do
	set -- $size
	ui_start "r$1" "$1" "$2"
	type_line "r$1" "\"$SMTPSIM\" ref; echo \"exit=\$?\""
	check "the reference opens ($1x$2)" "r$1" 'Reference'
	T send-keys -t "r$1" -l "451 4.7.1"
	check "a reply line is explained first ($1x$2)" "r$1" 'the whole reply, explained'
	check "the entry says what to do first ($1x$2)" "r$1" 'What to do:'
	check "the entry names the class ($1x$2)" "r$1" 'Class: Temporary failure'
	T send-keys -t "r$1" Escape
	T send-keys -t "r$1" -l "/550 5.1.1 <bob@example.com>: Recipient address rejected"
	check "a long reply line is taken whole ($1x$2)" "r$1" '│ 550 5.1.1 <bob@example.com>'
	check "the enhanced code is explained ($1x$2)" "r$1" '5.1.1: Bad destination mailbox'
	T send-keys -t "r$1" Escape
	T send-keys -t "r$1" q
	check "the reference closes ($1x$2)" "r$1" 'exit=0'
done

# --- :save -c after :profile and :reset replays with smtpsim session ---------------------------
ui_start s 80 24
type_line s "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "play starts for the round trip" s 'S: 220 mx.example.com'
type_line s "EHLO client.example.org"
type_line s ":profile submission"
check "the profile changes" s 'port 587'
type_line s "EHLO client.example.org"
type_line s "STARTTLS"
type_line s "EHLO client.example.org"
type_line s ":plain alice@example.com wonderland"
T send-keys -t s Enter
check "AUTH succeeds before saving" s 'authenticated as alice@example.com'
type_line s "MAIL FROM:<alice@example.com>"
type_line s "RCPT TO:<bob@example.org>"
type_line s "DATA"
type_line s "Subject: round trip"
type_line s ""
type_line s "hi"
type_line s "."
type_line s "QUIT"
check "the first submission connection ends" s 'S: 221'
type_line s ":reset"
type_line s "EHLO again.example.org"
type_line s "STARTTLS"
type_line s "EHLO again.example.org"
type_line s "NOOP"
check "the second connection answers" s 'S: 250 2.0.0 Ok'
type_line s ":save -c $UI_TMP/rt.txt"
check "save -c reports the file" s 'saved the client lines'
type_line s ":save $UI_TMP/full.txt"
check "save reports the transcript" s 'saved the transcript'
type_line s ":quit"
check "play ends after saving" s 'exit=0'
if [ "$(grep -c '^#smtpsim connect profile=' "$UI_TMP/rt.txt")" -eq 3 ] &&
	grep -q '^#smtpsim connect profile=submission$' "$UI_TMP/rt.txt"; then
	ok "save -c marks each connection with its profile"
else
	notok "save -c marks each connection with its profile"
	sed 's/^/# /' "$UI_TMP/rt.txt"
fi
"$SMTPSIM" session < "$UI_TMP/rt.txt" > "$UI_TMP/rt.out" 2>&1
rc=$?
tr -d '\r' < "$UI_TMP/rt.out" > "$UI_TMP/rt.lf"
if [ $rc -eq 0 ] && ! grep -q '^[45][0-9][0-9]' "$UI_TMP/rt.lf" &&
	grep -q '^235 ' "$UI_TMP/rt.lf" && grep -q '^250 2.0.0 Ok: queued' "$UI_TMP/rt.lf" &&
	[ "$(grep -c '^221 ' "$UI_TMP/rt.lf")" -eq 1 ] &&
	[ "$(grep -c '^220 smtp.example.com' "$UI_TMP/rt.lf")" -eq 2 ]; then
	ok "smtpsim session < FILE replays every connection without an error reply"
else
	notok "smtpsim session < FILE replays every connection without an error reply (exit $rc)"
	sed 's/^/# /' "$UI_TMP/rt.lf"
fi
if [ "$(grep -c '^=== Connected to .* (profile ' "$UI_TMP/full.txt")" -eq 3 ] &&
	grep -q '^=== Connected to smtp.example.com port 587 (profile submission' "$UI_TMP/full.txt"; then
	ok "the full save names each connection's profile"
else
	notok "the full save names each connection's profile"
	sed 's/^/# /' "$UI_TMP/full.txt"
fi

# --- LANG=C: non-ASCII input is kept, never cut ----------------------------------------------------
ui_start c 80 24 LANG=C
type_line c "\"$SMTPSIM\" play; echo \"exit=\$?\""
check "play starts under LANG=C" c 'S: 220 mx.example.com'
type_line c "EHLO client.example.org"
T send-keys -t c -l "NOOP é x"
check "a pasted é stays in the input with what follows" c '^|> NOOP ? x  *|'
check "the locale note says how it is shown" c 'non-ASCII kept as UTF-8'
T send-keys -t c Enter
check "the whole line is sent" c '^|C: NOOP ? x  *|'
type_line c "MAIL FROM:<dave@example.org>"
type_line c "RCPT TO:<josé@example.com>"
check "a non-ASCII address is sent whole" c '^|C: RCPT TO:<jos?@example.com>  *|'
T send-keys -t c -l "é"
check "é typed alone is kept" c '^|> ?  *|'
T send-keys -t c C-u
type_line c "NOOP"
check "the next Enter is not swallowed" c '^|C: NOOP  *|'
T send-keys -t c -H e9
check "a byte that is not UTF-8 is refused with a note" c 'byte 0xE9 refused'
type_line c "RSET"
check "the key after a refused byte still counts" c '^|C: RSET  *|'
type_line c ":quit"
check "play ends under LANG=C" c 'exit=0'

exit $ui_fail
