#!/bin/sh
# explain.sh — `smtpsim explain`, `codes` and `ports` as a user runs them:
# single codes, whole reply lines, bounce fields, whole transcripts and
# bounces in the styles of Postfix, Exim, Microsoft 365 and Gmail, hostile
# input, table widths and JSON.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
# The checks read text wrapped at 80 columns, whatever the caller's terminal.
COLUMNS=80
export COLUMNS
cd "$(dirname "$0")"
DATA=$PWD/data
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT INT TERM
fails=0

ok() { echo "ok - $1"; }
nok() { echo "not ok - $1"; fails=$((fails + 1)); }

# run NAME WANT_RC CMD...: run CMD, output in $T/out, errors in $T/err.
run() {
	name=$1 want=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	if [ "$rc" -ne "$want" ]; then
		nok "$name: exit $rc, want $want"
		sed 's/^/#   /' "$T/err" | head -5
		return 1
	fi
	return 0
}

# has NAME TEXT...: every TEXT occurs in $T/out (fixed strings).
has() {
	name=$1
	shift
	for t in "$@"; do
		if ! grep -qF -- "$t" "$T/out"; then
			nok "$name: missing '$t'"
			sed 's/^/#   /' "$T/out" | head -20
			return 1
		fi
	done
	ok "$name"
}

# hasj NAME TEXT...: like has, on the output with its lines joined (so that
# a phrase that wraps still matches)
hasj() {
	name=$1
	shift
	tr '\n' ' ' <"$T/out" | tr -s ' ' >"$T/joined"
	for t in "$@"; do
		if ! grep -qF -- "$t" "$T/joined"; then
			nok "$name: missing '$t'"
			sed 's/^/#   /' "$T/out" | head -20
			return 1
		fi
	done
	ok "$name"
}

lacks() {
	name=$1
	shift
	for t in "$@"; do
		if grep -qF -- "$t" "$T/out"; then
			nok "$name: unexpected '$t'"
			return 1
		fi
	done
	ok "$name"
}

# count of explained replies in -f output ("[N] line L" headers)
items() { grep -c '^\[[0-9][0-9]*\] line ' "$T/out"; }

# no raw control bytes (other than newline) and no DEL in FILE
clean() {
	n=$(LC_ALL=C tr -d '\n\040-\176\200-\377' <"$1" | wc -c)
	[ "$n" -eq 0 ]
}

# --- single codes and lines ---------------------------------------------------

run "explain 550" 0 "$SMTPSIM" explain 550 &&
	has "explain 550 names class, meaning, cause, action" \
		"Permanent failure" "Mailbox unavailable" "Cause" "What to do" "RFC 5321"

run "explain 5.1.1" 0 "$SMTPSIM" explain 5.1.1 &&
	has "explain 5.1.1 names the registry entry" \
		"Bad destination mailbox address" "Addressing status" "RFC 3463" \
		"Permanent failure"

run "explain X.7.8" 0 "$SMTPSIM" explain X.7.8 &&
	has "explain X.7.8 (any class)" "Authentication credentials invalid" "535"

run "explain 4.2.2" 0 "$SMTPSIM" explain 4.2.2 &&
	has "explain 4.2.2 is a temporary failure" "Temporary failure" "Mailbox full"

run "explain reply line" 0 "$SMTPSIM" explain \
	'550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown' &&
	has "explain a whole reply line" \
		"550 5.1.1 <bob@example.com>: Recipient address rejected" \
		"Reply 550" "Mailbox unavailable" "5.1.1" "Bad destination mailbox address" \
		"Check the spelling of the address"

run "explain continuation line" 0 "$SMTPSIM" explain \
	'550-5.1.1 The account you are trying to reach does not exist.' &&
	has "explain a 550-5.1.1 continuation line" "Reply 550" \
		"Bad destination mailbox address"

run "explain unquoted words" 0 "$SMTPSIM" explain 451 4.7.1 Greylisted, try later &&
	has "explain words given unquoted as one line" "Temporary failure" \
		"Reply 451" "Delivery not authorized"

run "explain Diagnostic-Code" 0 "$SMTPSIM" explain \
	'Diagnostic-Code: smtp; 552 5.2.2 <bob@example.com>: mailbox full' &&
	has "explain a Diagnostic-Code field" "Reply 552" "Mailbox full" \
		"Storage allocation exceeded"

run "explain Status" 0 "$SMTPSIM" explain 'Status: 4.4.7' &&
	has "explain a Status field" "Delivery time expired" "Temporary failure"
hasj "4.4.7: the sending server gave up, send again" "will not be retried" \
	"send the message again" "none named in the registry"
lacks "4.4.7: no advice to wait for a retry that will not come" "Wait and try again"

run "explain 552 5.2.2" 0 "$SMTPSIM" explain '552 5.2.2 <bob@example.com>: mailbox full' &&
	hasj "552 5.2.2: advice about the recipient's mailbox" "quota raised" "tell them"
lacks "552 5.2.2: no advice to shrink attachments" "attachment"
run "explain 552 5.3.4" 0 "$SMTPSIM" explain '552 5.3.4 Message too big' &&
	has "552 5.3.4: advice to make the message smaller" "Make the message smaller"
run "explain 550 5.1.10" 0 "$SMTPSIM" explain \
	'550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup' &&
	hasj "550 5.1.10: null MX and Microsoft's recipient not found" "null MX" \
		"Server Microsoft 365 (Exchange Online) (RESOLVER.ADR.RecipientNotFound)" \
		"found no mailbox, group or contact" "What to do Check the spelling"
run "explain 550 5.7.606 from Microsoft 365" 0 "$SMTPSIM" explain \
	'550 5.7.606 Access denied, banned sending IP [192.0.2.45]. To request removal from this list please visit https://sender.office.com/ and follow the directions.' &&
	hasj "5.7.606: Microsoft's own block list, delisting at its portal" \
		"Server Microsoft 365" "Microsoft's own block list" "delist the IP at https://sender.office.com"
run "explain Yahoo's [TSS04]" 0 "$SMTPSIM" explain \
	'421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes' &&
	hasj "[TSS04]: Yahoo named, retry advice from Yahoo's help" "Server Yahoo Mail" \
		"complaints from Yahoo users" "wait 4 hours"
run "explain a Gmail reply" 0 "$SMTPSIM" explain \
	'550 5.7.1 This message violates example.com email policy. - gcdp a1b2 - gsmtp' &&
	hasj "gcdp: the recipient's administrator's rule" "Server Gmail (Google) (gcdp)" \
		"Ask the recipient's administrator"

run "explain several codes" 0 "$SMTPSIM" explain 421 450 5.7.1 &&
	has "explain several codes, each on its own" "Reply 421" "Reply 450" \
		"Delivery not authorized" "Greylisting"

# classes NAME N: $T/out explains N replies (one "Class" line each)
classes() {
	n=$(grep -c '^  Class ' "$T/out")
	[ "$n" -eq "$2" ] && ok "$1" || { nok "$1: $n replies, want $2"; sed 's/^/#   /' "$T/out" | head -20; }
}

# Codes and quoted lines given together: each on its own, in order.
run "explain codes and a quoted line" 0 "$SMTPSIM" explain 299 5.9.9 5.7.708 '550 4.1.1 x' &&
	classes "explain 299 5.9.9 5.7.708 '550 4.1.1 x': four replies" 4
[ "$(grep -v '^ ' "$T/out" | grep -v '^$' | tr '\n' '|')" = "299|5.9.9|5.7.708|550 4.1.1 x|" ] &&
	ok "each argument is explained under its own heading, in order" ||
	nok "argument headings: $(grep -v '^ ' "$T/out" | tr '\n' '|')"
has "the quoted line keeps its own basic and enhanced codes" \
	"disagrees with the basic code 550"
lacks "299 is not read together with 5.9.9" "basic code 299"
run "explain quoted lines" 0 "$SMTPSIM" explain 'Status: 4.4.7' '552 5.2.2 mailbox full' &&
	classes "two quoted lines: two replies" 2
# Unquoted words: one line the shell split.
run "explain split line" 0 "$SMTPSIM" explain 550 5.1.1 User unknown &&
	classes "explain 550 5.1.1 User unknown: one reply" 1
has "the split line is shown whole" "550 5.1.1 User unknown"
run "explain code pair" 0 "$SMTPSIM" explain 550 5.1.1 &&
	classes "explain 550 5.1.1: one reply" 1
run "explain three codes" 0 "$SMTPSIM" explain 550 5.1.1 421 &&
	classes "explain 550 5.1.1 421: three replies" 3
run "explain one argument without a code" 1 "$SMTPSIM" explain 421 'no code here' &&
	grep -q "no SMTP reply code found in 'no code here'" "$T/err" &&
	classes "421 and a line without a code: 421 explained, the line named, exit 1" 1 ||
	nok "421 and a line without a code"

run "explain 299" 0 "$SMTPSIM" explain 299 &&
	has "explain 299: unknown, with the class meaning" "Unknown" \
		"not a reply code defined" "Success" "Positive completion"

run "explain 5.9.9" 0 "$SMTPSIM" explain 5.9.9 &&
	has "explain 5.9.9: unknown, with the class meaning" "Unknown" \
		"not in the IANA registry" "Permanent failure" "Subject 9 is not defined"

run "explain 4.7.99" 0 "$SMTPSIM" explain 4.7.99 &&
	has "explain 4.7.99: unknown detail, known subject" "Unknown" \
		"Security or policy status" "Temporary failure"

run "explain greylisting hint" 0 "$SMTPSIM" explain \
	'451 4.7.1 <bob@example.com>: Recipient address rejected: Greylisted' &&
	has "explain reads hints from the reply text" "Hint" "greylisting"
printf '250-mx.example.com\n250-SIZE 1000\n250 STARTTLS\n' >"$T/ehlo"
run "no hints on success" 0 "$SMTPSIM" explain -f "$T/ehlo" &&
	lacks "no hints for successful replies (EHLO lists SIZE, STARTTLS)" "Hint"

run "explain 587" 0 "$SMTPSIM" explain 587 &&
	has "explain 587: unknown code, but a mail port" "Unknown" "is a mail port (Submission)"
run "explain 25" 1 "$SMTPSIM" explain 25 &&
	grep -q "25 is a mail port" "$T/err" && ok "explain 25 points to smtpsim ports" ||
	nok "explain 25 points to smtpsim ports"

run "explain class disagreement" 0 "$SMTPSIM" explain '550 4.1.1 odd server' &&
	has "explain notes a basic/enhanced class mismatch" "disagrees"

run "explain nonsense" 1 "$SMTPSIM" explain hello world &&
	ok "explain of text without a code exits 1"
grep -q "no SMTP reply code found" "$T/err" && ok "explain says nothing was found" ||
	nok "explain says nothing was found"

run "explain no args" 2 "$SMTPSIM" explain && ok "explain without arguments is a usage error"
run "explain bad option" 2 "$SMTPSIM" explain --frobnicate && ok "explain --frobnicate exits 2"
run "explain -f without file" 2 "$SMTPSIM" explain -f && ok "explain -f without FILE exits 2"
run "explain -f and text" 2 "$SMTPSIM" explain -f x 550 && ok "explain -f with TEXT exits 2"
run "explain -f missing file" 2 "$SMTPSIM" explain -f "$T/nope" && ok "explain -f of a missing file exits 2"
run "explain -f directory" 2 "$SMTPSIM" explain -f "$T" && ok "explain -f of a directory exits 2"
run "explain --help" 0 "$SMTPSIM" explain --help &&
	has "explain --help" "Usage: smtpsim explain" "-f, --file" "Exit status"

# --- whole files ----------------------------------------------------------------

run "postfix bounce" 0 "$SMTPSIM" explain -f "$DATA/postfix-bounce.eml" &&
	[ "$(items)" -eq 3 ] && ok "postfix bounce: 3 replies (text, Status, Diagnostic-Code)" ||
	nok "postfix bounce: $(items) replies, want 3"
has "postfix bounce: folded reply, its command and recipient" \
	"[1] line 27, answer to RCPT TO" "User unknown in virtual" \
	"[2] line 43, recipient bob@example.com" "(explained above, see [1])" \
	"3 replies found: 0 success, 0 intermediate, 0 temporary failures, 3 permanent failures."

run "exim bounce" 0 "$SMTPSIM" explain -f "$DATA/exim-bounce.eml" &&
	[ "$(items)" -eq 2 ] && ok "exim bounce: 2 replies" || nok "exim bounce: $(items) replies"
has "exim bounce: commands from 'after ...'" \
	"answer to RCPT TO:<dave@example.com>" "answer to end of data" \
	"Message too big for system"

run "m365 ndr" 0 "$SMTPSIM" explain -f "$DATA/m365-ndr.eml" &&
	[ "$(items)" -eq 4 ] && ok "Microsoft 365 NDR: 4 replies" || nok "m365: $(items) replies"
hasj "Microsoft 365 NDR: quoted replies, vendor codes" \
	"RESOLVER.ADR.RecipientNotFound" "Microsoft 365 also uses 550 5.1.10" \
	"5.7.708 Unknown: not in the IANA registry" "recipient henry@fabrikam.example"
lacks "Microsoft 365 NDR: the closing quote is not part of the reply" "lookup''"

run "gmail swaks" 0 "$SMTPSIM" explain -f "$DATA/gmail-swaks.txt" &&
	[ "$(items)" -eq 7 ] && ok "Gmail via swaks: 7 replies, multi-line ones grouped" ||
	nok "gmail swaks: $(items) replies, want 7"
has "Gmail via swaks: commands and TLS markers" \
	"[2] line 5, answer to EHLO client.example.org" \
	"[6] line 23, answer to RCPT TO:<nobody@gmail.example>" \
	"<~* 550 5.1.1  https://support.gmail.example" \
	"7 replies found: 6 success, 0 intermediate, 0 temporary failures, 1 permanent failure."

run "gmail log" 0 "$SMTPSIM" explain -f "$DATA/gmail-ratelimit.txt" &&
	[ "$(items)" -eq 4 ] && ok "Postfix log of Gmail rejections: 4 replies" ||
	nok "gmail log: $(items) replies, want 4"
has "Postfix log: rate limit, DMARC, dsn=, blocklist" \
	"Mail flood detected" "answer to end of DATA" "Multiple authentication checks failed" \
	"Directory server failure" "Delivery not authorized"

run "telnet" 0 "$SMTPSIM" explain -f "$DATA/telnet.txt" &&
	[ "$(items)" -eq 8 ] && ok "telnet paste: 8 replies" || nok "telnet: $(items) replies, want 8"
has "telnet paste: each reply with its command" \
	"[2] line 7, answer to EHLO client.example.org" \
	"[4] line 17, answer to RCPT TO:<bob@example.com>" \
	"[7] line 26, answer to end of DATA" \
	"8 replies found: 6 success, 1 intermediate, 1 temporary failure, 0 permanent failures."

"$SMTPSIM" explain -f "$DATA/telnet.txt" >"$T/a" 2>&1
"$SMTPSIM" explain -f - <"$DATA/telnet.txt" >"$T/b" 2>&1
cmp -s "$T/a" "$T/b" && ok "explain -f - reads standard input" || nok "explain -f - differs"

printf '250-a\r\n250 b\r\n' >"$T/crlf"
run "crlf" 0 "$SMTPSIM" explain -f "$T/crlf" && [ "$(items)" -eq 1 ] &&
	ok "CRLF lines: one grouped reply" || nok "CRLF lines"

run "verbose" 0 "$SMTPSIM" explain -v -f "$DATA/telnet.txt" &&
	has "explain -v adds the background" "About" "Comes from"

# --- hostile input ----------------------------------------------------------------

/usr/bin/python3 - "$T" <<'EOF'
import sys
t = sys.argv[1]
open(t + "/big", "w").write("550 5.1.1 " + "A" * (1 << 20) + "\n")
open(t + "/bignone", "w").write("x" * (1 << 20) + "\n")
open(t + "/bin", "wb").write(
    b"\x00\x01\x1b[2J\x1b]0;pwned\x07\xff\xfe junk\n"
    b"550 5.7.1 \x1b[31mred\x1b[0m \x00nul \x9b31m\x7f\r\n"
    b"421-4.4.2 \xc2\x9b c1 \xe2\x80\xae rtl\n421 4.4.2 end\n" + bytes(range(256)) + b"\n")
open(t + "/long", "w").write("".join("250-%d\n" % i for i in range(100000)) + "250 end\n")
EOF

run "1 MB line" 0 "$SMTPSIM" explain -f "$T/big" &&
	[ "$(wc -c <"$T/out")" -lt 20000 ] && has "a 1 MB reply line is cut when shown" "more bytes)"
run "1 MB junk" 1 "$SMTPSIM" explain -f "$T/bignone" && ok "a 1 MB line without a reply: exit 1"
run "binary" 0 "$SMTPSIM" explain -f "$T/bin" &&
	clean "$T/out" && ok "binary input: no raw control bytes out" || nok "binary input shows control bytes"
has "binary input: controls made visible" "^[[31m" "\\x00nul" "^?"
run "binary args" 0 "$SMTPSIM" explain "$(printf '550 5.7.1 \033[2J\033]0;x\007')" &&
	clean "$T/out" && ok "control bytes in TEXT are made visible" || nok "TEXT control bytes leak"
run "binary nothing" 1 "$SMTPSIM" explain "$(printf 'junk \033[2J')" &&
	clean "$T/err" && ok "control bytes in the error message are made visible" ||
	nok "error message control bytes"
: >"$T/empty"
run "empty file" 1 "$SMTPSIM" explain -f "$T/empty" &&
	[ ! -s "$T/out" ] && ok "an empty file: exit 1, nothing on stdout" || nok "empty file output"
run "100000-line reply" 0 "$SMTPSIM" explain -f "$T/long" &&
	[ "$(items)" -eq 1 ] && has "a 100000-line reply is one reply, shown in part" "more lines)"

# --- codes and ports tables ---------------------------------------------------------

# widest NAME FILE WIDTH: no line of FILE is wider than WIDTH characters
widest() {
	/usr/bin/python3 -c '
import sys
w = max((len(l.rstrip("\n")) for l in open(sys.argv[1], encoding="utf-8")), default=0)
sys.exit(0 if w <= int(sys.argv[2]) else 1)' "$2" "$3" && ok "$1" || nok "$1"
}

for w in 40 60 80 132; do
	COLUMNS=$w "$SMTPSIM" codes >"$T/out" 2>"$T/err" || nok "codes at $w columns failed"
	widest "codes fits $w columns" "$T/out" "$w"
	COLUMNS=$w "$SMTPSIM" ports >"$T/out" 2>"$T/err" || nok "ports at $w columns failed"
	widest "ports fits $w columns" "$T/out" "$w"
done
COLUMNS=300 "$SMTPSIM" ports >"$T/out"
[ "$(grep -c '^[0-9]' "$T/out")" -eq 9 ] && ok "ports on a wide terminal: one line per port" ||
	nok "ports on a wide terminal wraps"
"$SMTPSIM" codes </dev/null | cat >"$T/out"
widest "codes into a pipe: 80 columns" "$T/out" 80

run "codes" 0 "$SMTPSIM" codes
missing=""
for c in 211 214 220 221 235 250 251 252 334 354 421 432 450 451 452 454 455 500 501 \
	502 503 504 521 530 534 535 538 550 551 552 553 554 555 556; do
	grep -q "^$c " "$T/out" || missing="$missing $c"
done
[ -z "$missing" ] && ok "codes lists every basic code" || nok "codes lacks:$missing"
has "codes lists classes, subjects and registry codes" "4.X.X" "X.7.X" "X.1.10" "X.7.30"

run "codes --basic" 0 "$SMTPSIM" codes --basic && lacks "codes --basic has no enhanced table" "X.1.1"
run "codes --enhanced" 0 "$SMTPSIM" codes --enhanced && lacks "codes --enhanced has no basic table" "Common cause"
run "codes auth" 0 "$SMTPSIM" codes auth && has "codes WORD filters" "535" "X.7.8"
run "codes 5.1.1" 0 "$SMTPSIM" codes 5.1.1 && lacks "codes 5.1.1 is exact" "X.1.10"
run "codes nothing" 1 "$SMTPSIM" codes zzqqxx && ok "codes with no match exits 1"
run "codes bad" 2 "$SMTPSIM" codes --bogus && ok "codes --bogus exits 2"
run "codes help" 0 "$SMTPSIM" codes --help && has "codes --help" "Usage: smtpsim codes" "--json"

run "codes --json" 0 "$SMTPSIM" codes --json &&
	/usr/bin/python3 - "$T/out" <<'EOF' && ok "codes --json: 34 basic + 81 enhanced, fields complete" || nok "codes --json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
basic = [x for x in d if x["kind"] == "basic"]
enh = [x for x in d if x["kind"] == "enhanced"]
assert len(basic) == 34 and len(enh) == 81, (len(basic), len(enh))
for x in basic:
    assert set(x) == {"kind", "code", "class", "meaning", "cause", "action",
                      "commands", "rfc", "detail"}, x
    assert isinstance(x["code"], int) and all(x[k] for k in x), x
    assert x["class"] == {2: "success", 3: "intermediate", 4: "temporary",
                          5: "permanent"}[x["code"] // 100]
for x in enh:
    assert set(x) == {"kind", "code", "subject", "subject_meaning", "title",
                      "meaning", "basic", "basic_codes", "rfc"}, x
    assert x["code"].startswith("X.") and all(x[k] != "" for k in x), x
    assert all(isinstance(c, int) for c in x["basic_codes"])
assert next(x for x in enh if x["code"] == "X.1.1")["basic_codes"] == [451, 550]
EOF
run "codes --json filtered" 0 "$SMTPSIM" codes --json --basic 550 &&
	/usr/bin/python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); sys.exit(0 if [x["code"] for x in d] == [550] else 1)' "$T/out" &&
	ok "codes --json --basic 550: one object" || nok "codes --json --basic 550"

run "ports" 0 env COLUMNS=200 "$SMTPSIM" ports
missing=""
for p in 25 465 587 2525 110 995 143 993 53; do
	grep -q "^$p " "$T/out" || missing="$missing $p"
done
[ -z "$missing" ] && ok "ports lists every port" || nok "ports lacks:$missing"
has "ports names encryption" "Implicit TLS" "STARTTLS (optional)" "RFC 8314"
run "ports 587" 0 "$SMTPSIM" ports 587 &&
	[ "$(grep -c '^[0-9]' "$T/out")" -eq 1 ] && ok "ports 587 shows port 587 alone" ||
	nok "ports 587 shows more than 587"
run "ports tls" 0 "$SMTPSIM" ports --long implicit &&
	has "ports --long WORD" "Port 465" "Port 993" "Port 995" "Notes"
run "ports none" 1 "$SMTPSIM" ports 8080 && ok "ports 8080 exits 1"
run "ports --json" 0 "$SMTPSIM" ports --json &&
	/usr/bin/python3 - "$T/out" <<'EOF' && ok "ports --json: 9 complete objects" || nok "ports --json"
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
assert [x["port"] for x in d] == [25, 465, 587, 2525, 110, 995, 143, 993, 53]
for x in d:
    assert set(x) == {"port", "protocol", "encryption", "use", "rfc", "notes"}, x
    assert all(x[k] != "" for k in x)
EOF
run "ports help" 0 "$SMTPSIM" ports --help && has "ports --help" "Usage: smtpsim ports"

# explain -f on a DSN the engine writes (bounce-after-accept): its replies,
# and then what each other report field means
printf 'EHLO c.example.org\nMAIL FROM:<alice@example.com> RET=HDRS ENVID=abc\nRCPT TO:<carol@example.com> NOTIFY=FAILURE ORCPT=rfc822;carol@example.com\nDATA\nSubject: x\n\nhi\n.\n' |
	"$SMTPSIM" session -s bounce-after-accept --annotate | sed -n 's/^   | //p' >"$T/dsn.eml"
run "explain -f a DSN" 0 "$SMTPSIM" explain -f "$T/dsn.eml" &&
	has "explain -f names the DSN's fields" \
		"This is a delivery status notification (RFC 3464)" \
		"Reporting-MTA: dns; mx.example.com" "the server that wrote this report (RFC 3464 §2.2.2)" \
		"Original-Envelope-Id: abc" "Original-Recipient: rfc822;carol@example.com" \
		"Action: failed (for carol@example.com)" \
		"not delivered, and no further attempts will be made (RFC 3464 §2.3.3)" &&
	ok "explain -f explains a DSN's fields"

# ... and on a delay report (delivery-delayed, NOTIFY=DELAY)
printf 'EHLO c.example.org\nMAIL FROM:<alice@example.com>\nRCPT TO:<carol@example.com> NOTIFY=DELAY\nDATA\nSubject: x\n\nhi\n.\n' |
	"$SMTPSIM" session -s delivery-delayed --annotate | sed -n 's/^   | //p' >"$T/delay.eml"
run "explain -f a delay DSN" 0 "$SMTPSIM" explain -f "$T/delay.eml" &&
	has "explain -f: a delay report's Status, Action and retry limit" \
		"Status: 4.4.1" "No answer from host" "Action: delayed (for carol@example.com)" \
		"Will-Retry-Until: " "(RFC 3464 §2.3.9)" "Last-Attempt-Date: " &&
	ok "explain -f explains a delay DSN"

[ "$fails" -eq 0 ]
