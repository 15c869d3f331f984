#!/bin/sh
# End-to-end: whole dialogues piped into the real `smtpsim session`,
# compared byte for byte with what a server puts on the wire.
. "$(dirname "$0")/lib/tap.sh"
: "${SMTPSIM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect NAME ARGS -- INPUT EXPECTED (printf formats; INPUT uses \n or \r\n)
expect() {
	name=$1; args=$2; input=$3; want=$4
	printf "$input" | $SMTPSIM session $args >"$tmp/got" 2>"$tmp/err"
	printf "$want" >"$tmp/want"
	if cmp -s "$tmp/got" "$tmp/want"; then ok "$name"; else
		notok "$name"; echo "# want:"; od -c "$tmp/want" | head -20 | sed 's/^/#   /'
		echo "# got:"; od -c "$tmp/got" | head -20 | sed 's/^/#   /'; fi
}

EHLO_MTA='250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250-BINARYMIME\r\n250 CHUNKING\r\n'
G='220 mx.example.com ESMTP smtpsim\r\n'

expect "full transaction, LF input" "" \
	'EHLO client.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>\nDATA\nSubject: Hi\n\nHello Bob.\n.\nQUIT\n' \
	"$G$EHLO_MTA"'250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as 5B90000001\r\n221 2.0.0 Bye\r\n'

expect "full transaction, CRLF input" "" \
	'HELO client.example.org\r\nMAIL FROM:<dave@example.org>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n.\r\nQUIT\r\n' \
	"$G"'250 mx.example.com\r\n250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n250 2.0.0 Ok: queued as 5B90000001\r\n221 2.0.0 Bye\r\n'

expect "input after QUIT is not read" "" 'QUIT\nNOOP\n' "$G"'221 2.0.0 Bye\r\n'

expect "end of input without QUIT" "" 'NOOP\n' "$G"'250 2.0.0 Ok\r\n'

expect "errors: order, syntax, unknown" "" \
	'RCPT TO:<bob@example.com>\nEHLO\nHELO c.example.org\nRCPT TO:<bob@example.com>\nMAIL FROM:bob@example.com\nFOO\n' \
	"$G"'503 5.5.1 Error: send HELO/EHLO first\r\n501 5.5.4 Syntax: EHLO hostname\r\n250 mx.example.com\r\n503 5.5.1 Error: need MAIL command\r\n501 5.1.7 Bad sender address syntax\r\n500 5.5.2 Error: command not recognized\r\n'

expect "greylisting a new triplet" "-s greylist" \
	'HELO c\nMAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>\n' \
	"$G"'250 mx.example.com\r\n250 2.1.0 Ok\r\n450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, try again later\r\n'

expect "overloaded closes at once" "-s overloaded" 'EHLO c\n' \
	'421 mx.example.com Service not available, closing transmission channel\r\n'

printf 'HELO c\nMAIL FROM:<a@b.org>\nRCPT TO:<carol@example.com>\n' |
	$SMTPSIM session -r 'RCPT:carol@example.com=550 5.1.1 User unknown' >"$tmp/got"
check "rule with text replaces the reply" grep -q '^550 5.1.1 User unknown' "$tmp/got"

expect "submission: STARTTLS then AUTH LOGIN" "-p submission" \
	'EHLO c\nSTARTTLS\nEHLO c\nAUTH LOGIN\nYWxpY2VAZXhhbXBsZS5jb20=\nd29uZGVybGFuZA==\nMAIL FROM:<alice@example.com>\n' \
	'220 smtp.example.com ESMTP smtpsim\r\n250-smtp.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250-BINARYMIME\r\n250 CHUNKING\r\n220 2.0.0 Ready to start TLS\r\n250-smtp.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n250-BINARYMIME\r\n250 CHUNKING\r\n334 VXNlcm5hbWU6\r\n334 UGFzc3dvcmQ6\r\n235 2.7.0 Authentication successful\r\n250 2.1.0 Ok\r\n'

# a 10 000-byte line, NUL and high bytes: answered, never fatal
{ printf 'NOOP '; head -c 10000 /dev/zero | tr '\0' 'x'; printf '\r\nNO\0OP\r\n\377\376\r\nQUIT\r\n'; } |
	$SMTPSIM session >"$tmp/got"
printf "$G"'500 5.5.0 Error: line too long\r\n500 5.5.2 Error: bad syntax: control character in command\r\n500 5.5.2 Error: bad UTF-8 syntax\r\n221 2.0.0 Bye\r\n' >"$tmp/want"
check "hostile bytes answered line by line" cmp -s "$tmp/got" "$tmp/want"

# --annotate: C:/S: lines with an explanation under each reply
printf 'EHLO c.example.org\nMAIL FROM: <dave@example.org>\nRCPT TO:<x@gmail.com>\nQUIT\n' |
	$SMTPSIM session --annotate >"$tmp/got"
check "annotate shows client lines" grep -q '^C: MAIL FROM: <dave@example.org>$' "$tmp/got"
check "annotate shows server lines without CR" grep -q '^S: 250 2.1.0 Ok$' "$tmp/got"
check "annotate points out the space after the colon" grep -q 'no space after the colon' "$tmp/got"
check "annotate explains relay denial" grep -q '^   554 5.7.1: .*only accepts mail for its own domain' "$tmp/got"
check "annotate names the enhanced code too" grep -q '^   554 5.7.1: Transaction failed; 5.7.1 Delivery not authorized' "$tmp/got"
printf 'NOOP \033[2J\n' | $SMTPSIM session --annotate >"$tmp/got"
check "annotate never prints raw escape bytes" sh -c "! grep -q \"$(printf '\033')\" '$tmp/got' && grep -q '\\^\\[\\[2J' '$tmp/got'"

# AUTH credentials (alice / wonderland) never reach the transcript: not the
# initial response, not the answers to 334, in base64 or decoded; the
# exchange itself is still shown
plain=$(printf '\0alice@example.com\0wonderland' | base64)
user=$(printf 'alice@example.com' | base64)
pass=$(printf 'wonderland' | base64)
printf 'EHLO c\nSTARTTLS\nEHLO c\nAUTH PLAIN %s\nQUIT\n' "$plain" |
	$SMTPSIM session -p submission --annotate >"$tmp/got"
printf 'EHLO c\nSTARTTLS\nEHLO c\nAUTH LOGIN\n%s\n%s\nQUIT\n' "$user" "$pass" |
	$SMTPSIM session -p submission --annotate >>"$tmp/got"
check "annotate hides AUTH credentials" sh -c "! grep -q -e '$plain' -e '$pass' -e wonderland '$tmp/got'"
check "annotate shows the AUTH command and the masked answers" sh -c \
	"grep -q '^C: AUTH PLAIN <credentials hidden>\$' '$tmp/got' &&
	 [ \$(grep -c '^C: <credentials hidden>\$' '$tmp/got') -eq 2 ] &&
	 [ \$(grep -c '^S: 235 ' '$tmp/got') -eq 2 ]"

# usage errors: message on stderr, exit 2
$SMTPSIM session --bogus </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "unknown option exits 2" [ "$rc" -eq 2 ]
check "unknown option named on stderr" grep -q "unknown option '--bogus'" "$tmp/err"
$SMTPSIM session -p nosuch </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "unknown profile exits 2 with its name" sh -c "[ $rc -eq 2 ] && grep -q nosuch '$tmp/err'"
$SMTPSIM session -r 'RCPT=abc' </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "malformed rule exits 2 and says why" sh -c "[ $rc -eq 2 ] && grep -q 'three-digit' '$tmp/err'"
# arguments echoed in usage errors never reach the terminal raw
esc=$(printf '\033')
$SMTPSIM session -p "${esc}[31mred" </dev/null >/dev/null 2>"$tmp/err"; rc=$?
check "unknown profile with an escape byte is shown visibly" sh -c "[ $rc -eq 2 ] && ! grep -q '$esc' '$tmp/err' && grep -q \"'\\^\\[\\[31mred'\" '$tmp/err'"
$SMTPSIM "${esc}]0;title" >/dev/null 2>"$tmp/err"; rc=$?
check "unknown command with an escape byte is shown visibly" sh -c "[ $rc -eq 2 ] && ! grep -q '$esc' '$tmp/err' && grep -q 'unknown command' '$tmp/err'"
$SMTPSIM --nonsense >/dev/null 2>&1; rc=$?
check "unknown top-level option exits 2" [ "$rc" -eq 2 ]
check "--version prints the version" sh -c "$SMTPSIM --version | grep -q '^smtpsim [0-9]'"
check "--help lists the accounts" sh -c "$SMTPSIM --help | grep -q 'alice@example.com / wonderland'"
check "--list-scenarios lists greylist" sh -c "$SMTPSIM --list-scenarios | grep -q '^  greylist'"
for c in session play serve; do
	check "$c --list-scenarios lists them too (exit 0)" sh -c "$SMTPSIM $c -p mta --list-scenarios </dev/null | grep -q '^  null-mx'"
done
# help text fits an 80-column terminal: at most 79 characters a line
# (UTF-8 continuation bytes removed, so that awk counts characters)
wide=""
for args in "--help" "--list-scenarios" "play --help" "session --help" "serve --help" \
	"ref --help" "lesson --help" "explain --help" "codes --help" "ports --help" \
	"check-lessons --help" "session --list-scenarios"; do
	# shellcheck disable=SC2086
	n=$($SMTPSIM $args 2>&1 </dev/null | LC_ALL=C sed 's/[\x80-\xbf]//g' | awk 'length > 79' | wc -l)
	[ "$n" -eq 0 ] || wide="$wide '$args' ($n)"
done
check "help and usage lines fit 79 columns${wide:+: too wide in$wide}" [ -z "$wide" ]
finish
