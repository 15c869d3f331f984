#!/bin/sh
# End-to-end: `smtpsim session -P NAME` speaks in that server's voice,
# byte for byte; an unknown name is a usage error; --list-scenarios lists
# the personalities.
. "$(dirname "$0")/lib/tap.sh"
: "${SMTPSIM:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect() {
	name=$1; args=$2; input=$3; want=$4
	printf "$input" | $SMTPSIM session $args >"$tmp/got" 2>"$tmp/err"
	printf "$want" >"$tmp/want"
	if cmp -s "$tmp/got" "$tmp/want"; then ok "$name"; else
		notok "$name"; echo "# want:"; sed 's/^/#   /' "$tmp/want"
		echo "# got:"; sed 's/^/#   /' "$tmp/got"; fi
}

IN='HELO client.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<nobody@example.com>\nFOO\nQUIT\n'

expect "postfix: banner, 500 for an unknown command (Postfix 3.7)" "-P postfix" "$IN" \
	'220 mx.example.com ESMTP Postfix\r\n250 mx.example.com\r\n250 2.1.0 Ok\r\n550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table\r\n500 5.5.2 Error: command not recognized\r\n221 2.0.0 Bye\r\n'

expect "exim: no enhanced codes, Unknown user (configure.default)" "--personality exim" "$IN" \
	'220 mx.example.com ESMTP Exim 4.96 Thu, 01 Jan 2026 00:00:00 +0000\r\n250 mx.example.com Hello client.example.org [192.0.2.10]\r\n250 OK\r\n550 Unknown user\r\n500 unrecognized command\r\n221 mx.example.com closing connection\r\n'

expect "opensmtpd: its own greeting and texts" "-P opensmtpd" "$IN" \
	'220 mx.example.com ESMTP OpenSMTPD\r\n250 mx.example.com Hello client.example.org [192.0.2.10], pleased to meet you\r\n250 2.0.0 Ok\r\n550 Invalid recipient: <nobody@example.com>\r\n500 5.5.1 Invalid command: Command unrecognized\r\n221 2.0.0 Bye\r\n'

expect "microsoft365: RESOLVER.ADR.RecipientNotFound" "-P microsoft365" "$IN" \
	'220 mx.example.com ESMTP smtpsim\r\n250 mx.example.com\r\n250 2.1.0 Ok\r\n550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\r\n500 5.5.2 Error: command not recognized\r\n221 2.0.0 Bye\r\n'

printf "$IN" | $SMTPSIM session -P gmail >"$tmp/got" 2>&1
check "gmail: four-line NoSuchUser ending in - gsmtp" \
	sh -c "grep -c '^550-5.1.1 ' '$tmp/got' | grep -qx 3 && grep -q '^550 5.1.1  https://support.google.com/mail/?p=NoSuchUser .* - gsmtp' '$tmp/got'"

expect "smtpsim is the default voice" "-P smtpsim" "$IN" \
	'220 mx.example.com ESMTP smtpsim\r\n250 mx.example.com\r\n250 2.1.0 Ok\r\n550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table\r\n500 5.5.2 Error: command not recognized\r\n221 2.0.0 Bye\r\n'

printf 'QUIT\n' | $SMTPSIM session -P sendmail >/dev/null 2>"$tmp/err"
rc=$?
check "an unknown personality is a usage error (exit 2)" [ "$rc" -eq 2 ]
check "the error names the personalities" grep -q 'microsoft365' "$tmp/err"

# serve: -P after a -l is that listener's, like -p
$SMTPSIM serve -l 127.0.0.1:0 -P exim -l 127.0.0.1:0 >/dev/null 2>"$tmp/serve.err" &
spid=$!
n=0
while [ $n -lt 100 ] && [ "$(grep -c 'listening on' "$tmp/serve.err")" -lt 2 ]; do
	sleep 0.05
	n=$((n + 1))
done
p1=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\) .*/\1/p' "$tmp/serve.err" | sed -n 1p)
p2=$(sed -n 's/.*listening on 127.0.0.1:\([0-9]*\) .*/\1/p' "$tmp/serve.err" | sed -n 2p)
check "serve: the listening line names the listener's personality" \
	grep -q "listening on 127.0.0.1:$p1 (profile mta, mx.example.com, as exim)" "$tmp/serve.err"
greet() {
	/usr/bin/python3 -c 'import socket,sys
s=socket.create_connection(("127.0.0.1",int(sys.argv[1])),timeout=5)
print(s.recv(512).decode().strip())' "$1"
}
g1=$(greet "$p1")
g2=$(greet "$p2")
check "serve: -P exim answers as Exim on its listener" sh -c "echo '$g1' | grep -q 'ESMTP Exim'"
check "serve: the other listener keeps smtpsim's voice" sh -c "echo '$g2' | grep -q 'ESMTP smtpsim'"
kill $spid 2>/dev/null
wait $spid 2>/dev/null

$SMTPSIM --list-scenarios >"$tmp/list"
check "--list-scenarios lists the personalities" \
	sh -c "grep -q '^Personalities' '$tmp/list' && grep -q '^  -P exim ' '$tmp/list' && grep -q '^  -P gmail ' '$tmp/list'"
# compare: every personality's reply to one case, from the engine itself
$SMTPSIM compare >"$tmp/cases"
check "compare: no CASE lists the cases" \
	sh -c "grep -q '^unknown-user ' '$tmp/cases' && grep -q '^rate-limit ' '$tmp/cases' && [ \$(wc -l <'$tmp/cases') -ge 8 ]"
$SMTPSIM compare unknown-user >"$tmp/cmp"
check "compare: one row per personality, Exim's without an enhanced code" \
	sh -c "grep -q '^  exim          550         Unknown user\$' '$tmp/cmp' && grep -cE '^[ =] (smtpsim|postfix|exim|opensmtpd|gmail|microsoft365) ' '$tmp/cmp' | grep -qx 6"
printf 'EHLO client.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<nobody@example.com>\n' |
	$SMTPSIM session -P microsoft365 | tail -1 | tr -d '\r' | sed 's/^550 5.1.10 //' >"$tmp/ms"
check "compare: the same reply as session -P gives" grep -qF "$(cat "$tmp/ms")" "$tmp/cmp"
$SMTPSIM compare relay-refused >"$tmp/cmp"
check "compare: differences at a glance (postfix 454, the first digit differs)" \
	sh -c "grep -q '^  postfix       454 4.7.1  <someone@example.net>: Relay access denied' '$tmp/cmp' && grep -q '^  First digit differs: 4 at postfix; 5 at the others' '$tmp/cmp'"
$SMTPSIM compare --json auth-failed >"$tmp/json"
check "compare --json: an object with every personality's reply" /usr/bin/python3 -c '
import json, sys
o = json.load(open(sys.argv[1]))
r = {x["personality"]: x for x in o["replies"]}
assert o["case"] == "auth-failed" and len(r) == 6, o
assert r["exim"]["code"] == 535 and r["exim"]["enhanced"] == "" and r["exim"]["lines"] == ["Incorrect authentication data"], r["exim"]
assert r["postfix"]["same_as_smtpsim"] and not r["smtpsim"]["same_as_smtpsim"]
' "$tmp/json"
$SMTPSIM compare --json >"$tmp/json"
check "compare --json without CASE: the cases as an array" /usr/bin/python3 -c '
import json, sys
a = json.load(open(sys.argv[1]))
assert any(c["case"] == "greylisted" and c["scenario"] == "greylist" for c in a), a
' "$tmp/json"
$SMTPSIM compare sendmail >/dev/null 2>"$tmp/err"
rc=$?
check "compare: an unknown case is a usage error naming the cases" \
	sh -c "[ $rc -eq 2 ] && grep -q 'unknown-user' '$tmp/err'"
finish
