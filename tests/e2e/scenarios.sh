#!/bin/sh
# End-to-end: every profile and scenario through the real `smtpsim session`,
# asserting the exact reply lines a client sees.
. "$(dirname "$0")/lib/tap.sh"
: "${SMTPSIM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# lines NAME "ARGS" INPUT -- then the expected reply lines on stdin
lines() {
	name=$1; args=$2; input=$3
	printf "$input" | $SMTPSIM session $args | tr -d '\r' >"$tmp/got"
	cat >"$tmp/want"
	if cmp -s "$tmp/got" "$tmp/want"; then ok "$name"; else
		notok "$name"; diff "$tmp/want" "$tmp/got" | sed 's/^/#   /'; fi
}

EHLO_SUB='250-smtp.example.com
250-PIPELINING
250-SIZE 10240000
250-STARTTLS
250-ENHANCEDSTATUSCODES
250-8BITMIME
250-DSN
250-SMTPUTF8
250-BINARYMIME
250 CHUNKING'
EHLO_SUB_TLS='250-smtp.example.com
250-PIPELINING
250-SIZE 10240000
250-AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2
250-ENHANCEDSTATUSCODES
250-8BITMIME
250-DSN
250-SMTPUTF8
250-BINARYMIME
250 CHUNKING'
PLAIN_ALICE=AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=

lines "mta: every basic command" "" 'HELO client.example.org\nVRFY bob\nEXPN staff\nNOOP\nRSET\nHELP\nQUIT\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
252 2.0.0 bob: cannot VRFY user, but will accept message and attempt delivery
502 5.5.1 Error: EXPN command is disabled
250 2.0.0 Ok
250 2.0.0 Ok
214-2.0.0 Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP VRFY EXPN HELP QUIT STARTTLS
214-2.0.0 See RFC 5321 for what each one does
214 2.0.0 End of HELP info
221 2.0.0 Bye
E

lines "mta: partial acceptance of recipients" "" 'EHLO c\nMAIL FROM:<>\nRCPT TO:<alice@example.com>\nRCPT TO:<zoe@example.com>\nRCPT TO:<friend@gmail.com>\nRCPT TO:<carol@example.com>\n' <<'E'
220 mx.example.com ESMTP smtpsim
250-mx.example.com
250-PIPELINING
250-SIZE 10240000
250-STARTTLS
250-ENHANCEDSTATUSCODES
250-8BITMIME
250-DSN
250-SMTPUTF8
250-BINARYMIME
250 CHUNKING
250 2.1.0 Ok
250 2.1.5 Ok
550 5.1.1 <zoe@example.com>: Recipient address rejected: User unknown in local recipient table
554 5.7.1 <friend@gmail.com>: Relay access denied
250 2.1.5 Ok
E

lines "submission: 530 to AUTH and MAIL before TLS, 530, 535, 235, 553, relay" "-p submission" "EHLO c\nAUTH LOGIN\nMAIL FROM:<alice@example.com>\nSTARTTLS\nEHLO c\nMAIL FROM:<alice@example.com>\nAUTH LOGIN\nYWxpY2VAZXhhbXBsZS5jb20=\nYmFk\nAUTH PLAIN $PLAIN_ALICE\nMAIL FROM:<carol@example.com>\nMAIL FROM:<alice@example.com>\nRCPT TO:<friend@gmail.com>\n" <<E
220 smtp.example.com ESMTP smtpsim
$EHLO_SUB
530 5.7.0 Must issue a STARTTLS command first
530 5.7.0 Must issue a STARTTLS command first
220 2.0.0 Ready to start TLS
$EHLO_SUB_TLS
530 5.7.0 Authentication required
334 VXNlcm5hbWU6
334 UGFzc3dvcmQ6
535 5.7.8 Error: authentication failed: authentication failure
235 2.7.0 Authentication successful
553 5.7.1 <carol@example.com>: Sender address rejected: not owned by user alice@example.com
250 2.1.0 Ok
250 2.1.5 Ok
E

lines "submission: AUTH PLAIN with an empty challenge, cancel with *" "-p submission" 'EHLO c\nSTARTTLS\nEHLO c\nAUTH PLAIN\n*\nAUTH CRAM-MD5\nAUTH PLAIN\n%%%%\n' <<E
220 smtp.example.com ESMTP smtpsim
$EHLO_SUB
220 2.0.0 Ready to start TLS
$EHLO_SUB_TLS
334 
501 5.7.0 Authentication aborted
504 5.5.4 Unsupported authentication mechanism
334 
501 5.5.2 Cannot decode response
E

lines "smtps: TLS from the first byte, AUTH offered, no STARTTLS" "-p smtps" "EHLO c\nSTARTTLS\nAUTH PLAIN $PLAIN_ALICE\nAUTH PLAIN $PLAIN_ALICE\n" <<E
220 smtp.example.com ESMTP smtpsim
$EHLO_SUB_TLS
503 5.5.1 Error: TLS already active
235 2.7.0 Authentication successful
503 5.5.1 Error: already authenticated
E

lines "alt: port 2525 behaves as submission" "-p alt" 'EHLO c\nMAIL FROM:<alice@example.com>\n' <<E
220 smtp.example.com ESMTP smtpsim
$EHLO_SUB
530 5.7.0 Must issue a STARTTLS command first
E

lines "greylist: a new triplet gets 450" "-s greylist" 'HELO c\nMAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, try again later
E

lines "blocked-client: 554 at connect, 503 after, 221 to QUIT" "-s blocked-client" 'EHLO c\nMAIL FROM:<a@b.org>\nQUIT\n' <<'E'
554 mx.example.com No SMTP service here; client host [192.0.2.10] blocked using a DNS blocklist (zen.dnsbl.example)
503 5.5.1 Error: access denied; this connection was rejected, only QUIT is accepted
503 5.5.1 Error: access denied; this connection was rejected, only QUIT is accepted
221 2.0.0 Bye
E

lines "local-error: 451 at the end of DATA" "-s local-error" 'HELO c\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nDATA\nSubject: x\n\nhi\n.\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
250 2.1.5 Ok
354 End data with <CR><LF>.<CR><LF>
451 4.3.0 Error: queue file write error
E

lines "mailbox-full: 452 for bob, 552 for carol at the dot" "-s mailbox-full" 'HELO c\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nRCPT TO:<carol@example.com>\nDATA\nhi\n.\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
452 4.2.2 <bob@example.com>: Recipient address rejected: Mailbox full
250 2.1.5 Ok
354 End data with <CR><LF>.<CR><LF>
552 5.2.2 <carol@example.com>: Mailbox full: user is over quota
E

lines "user-moved: 551 for carol, 251 for bob" "-s user-moved" 'HELO c\nMAIL FROM:<a@b.org>\nRCPT TO:<carol@example.com>\nRCPT TO:<bob@example.com>\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
551 5.1.0 <carol@example.com>: User not local; please try <carol@example.org>
251 2.1.5 <bob@example.com>: User not local; will forward to <bob@example.net>
E

lines "null-mx: 556 for the recipient, 550 5.7.27 for the sender" "-s null-mx" 'HELO c\nMAIL FROM:<noreply@nullmx.example.net>\nMAIL FROM:<a@b.org>\nRCPT TO:<info@nullmx.example.net>\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
550 5.7.27 <noreply@nullmx.example.net>: Sender address rejected: Domain nullmx.example.net does not accept mail (nullMX)
250 2.1.0 Ok
556 5.1.10 <info@nullmx.example.net>: Recipient address rejected: Domain nullmx.example.net does not accept mail (nullMX)
E

{ printf 'HELO c\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nDATA\n'; i=0; while [ $i -lt 40 ]; do echo "line $i of a message that is too long for a 2 KB limit"; i=$((i+1)); done; printf '.\n'; } >"$tmp/big"
$SMTPSIM session -s tiny-size <"$tmp/big" | tr -d '\r' | tail -1 >"$tmp/got"
check "tiny-size: 552 5.3.4 at the dot" grep -qx '552 5.3.4 Error: message file too big' "$tmp/got"

lines "spf-fail: 550 5.7.23" "-s spf-fail" 'HELO c\nMAIL FROM:<dave@example.org>\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
550 5.7.23 <dave@example.org>: Sender address rejected: SPF fail: example.org does not designate 192.0.2.10 as permitted sender
E

lines "strict-errors: three syntax errors, then 421 4.7.0 and the end" "-s strict-errors" 'HELO c\nHELLO\nMAIL FROM:dave@example.org\nRCPT TO:<bob@example.com>\nNOOP\nNOOP\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
500 5.5.2 Error: command not recognized
501 5.1.7 Bad sender address syntax
503 5.5.1 Error: need MAIL command
421 4.7.0 mx.example.com Error: too many errors
E

lines "few-recipients: the 4th RCPT gets 452 4.5.3, the message goes to 3" "-s few-recipients" 'HELO c\nMAIL FROM:<dave@example.org>\nRCPT TO:<alice@example.com>\nRCPT TO:<bob@example.com>\nRCPT TO:<carol@example.com>\nRCPT TO:<postmaster@example.com>\nDATA\nSubject: x\n\nhi\n.\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
250 2.1.5 Ok
250 2.1.5 Ok
250 2.1.5 Ok
452 4.5.3 Error: too many recipients
354 End data with <CR><LF>.<CR><LF>
250 2.0.0 Ok: queued as 5B90000001
E

lines "dmarc-reject: From: @example.org refused 550 5.7.26 at the dot, another From: accepted" "-s dmarc-reject" 'HELO c\nMAIL FROM:<news@example.net>\nRCPT TO:<bob@example.com>\nDATA\nFrom: Dave <dave@example.org>\nSubject: x\n\nhi\n.\nMAIL FROM:<news@example.net>\nRCPT TO:<bob@example.com>\nDATA\nFrom: News <news@example.net>\nSubject: x\n\nhi\n.\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
250 2.1.5 Ok
354 End data with <CR><LF>.<CR><LF>
550 5.7.26 Error: message rejected by the DMARC policy of example.org (p=reject): no SPF or DKIM pass aligned with the From: domain
250 2.1.0 Ok
250 2.1.5 Ok
354 End data with <CR><LF>.<CR><LF>
250 2.0.0 Ok: queued as 5B90000001
E

for sc in strict-errors few-recipients dmarc-reject; do
	check "--list-scenarios lists $sc" sh -c "$SMTPSIM --list-scenarios | grep -q '^  $sc '"
done

lines "overloaded: 421 and nothing more" "-s overloaded" 'HELO c\n' <<'E'
421 mx.example.com Service not available, closing transmission channel
E

lines "several scenarios at once" "-s greylist -s user-moved" 'HELO c\nMAIL FROM:<a@b.org>\nRCPT TO:<carol@example.com>\nRCPT TO:<alice@example.com>\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
551 5.1.0 <carol@example.com>: User not local; please try <carol@example.org>
450 4.2.0 <alice@example.com>: Recipient address rejected: Greylisted, try again later
E

lines "rules: CONNECT, MAIL glob, DOT" "-r CONNECT=220 -r MAIL:*@spam.example=550 -r DOT=452" 'HELO c\nMAIL FROM:<x@spam.example>\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nDATA\nhi\n.\n' <<'E'
220 Ok
250 mx.example.com
550 5.0.0 Request rejected
250 2.1.0 Ok
250 2.1.5 Ok
354 End data with <CR><LF>.<CR><LF>
452 4.0.0 Temporary failure, try again later
E
lines "bounce-after-accept: 250 for carol, the DSN only with --annotate" "-s bounce-after-accept" 'HELO c\nMAIL FROM:<dave@example.org> RET=HDRS\nRCPT TO:<carol@example.com> NOTIFY=FAILURE\nBDAT 12 LAST\nSubject: x\n\nQUIT\n' <<'E'
220 mx.example.com ESMTP smtpsim
250 mx.example.com
250 2.1.0 Ok
250 2.1.5 Ok
250 2.0.0 Ok: queued as 5B90000001
221 2.0.0 Bye
E

lines "BDAT: DATA after BDAT, a bad DSN parameter, NOTIFY=NEVER alone" "" 'EHLO c\nMAIL FROM:<a@b.org> ENVID=a=b\nMAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com> NOTIFY=NEVER,FAILURE\nRCPT TO:<bob@example.com> NOTIFY=NEVER\nBDAT 2\nhi\nDATA\nRSET\n' <<E
220 mx.example.com ESMTP smtpsim
$(printf '%s\n' 250-mx.example.com 250-PIPELINING '250-SIZE 10240000' 250-STARTTLS 250-ENHANCEDSTATUSCODES 250-8BITMIME 250-DSN 250-SMTPUTF8 250-BINARYMIME '250 CHUNKING')
501 5.5.4 Bad ENVID parameter syntax
250 2.1.0 Ok
501 5.5.4 Error: Bad NOTIFY parameter syntax
250 2.1.5 Ok
250 2.0.0 Ok: 2 bytes
500 5.5.2 Error: bad syntax
503 5.5.1 Error: DATA after BDAT
250 2.0.0 Ok
E
finish
