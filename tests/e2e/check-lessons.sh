#!/bin/sh
# check-lessons.sh — `smtpsim check-lessons` over files and directories:
# messages, summary line and exit status.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")/../.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; fail=1; }

# A valid fixture: summary on stdout, exit 0.
out=$("$SMTPSIM" check-lessons tests/fixtures/lessons 2>"$tmp/err"); rc=$?
if [ $rc -eq 0 ] && [ "$out" = "1 lesson OK" ] && [ ! -s "$tmp/err" ]; then
	ok "a valid directory: 1 lesson OK, exit 0"
else
	notok "a valid directory (rc=$rc out='$out' err='$(cat "$tmp/err")')"
fi

out=$("$SMTPSIM" check-lessons tests/fixtures/lessons/01-tiny.json); rc=$?
[ $rc -eq 0 ] && [ "$out" = "1 lesson OK" ] && ok "a single file" || notok "a single file (rc=$rc out='$out')"

# A broken copy: the message names file, JSON path and expectation.
sed 's/"reply": 503/"reply": "abc"/' tests/fixtures/lessons/01-tiny.json >"$tmp/01-tiny.json"
cp tests/fixtures/lessons/01-tiny.json "$tmp/02-other.json"
sed -i 's/"id": "tiny"/"id": "other"/' "$tmp/02-other.json"
out=$("$SMTPSIM" check-lessons "$tmp" 2>&1); rc=$?
want="$tmp/01-tiny.json: steps[2].goal.reply: expected an integer reply code, got \"abc\"
1 lesson OK, 1 error"
if [ $rc -eq 1 ] && [ "$out" = "$want" ]; then
	ok "a broken lesson: exact message, exit 1"
else
	notok "a broken lesson (rc=$rc): $out"
fi

# requires is checked against the lessons around a single file.
sed 's/"minutes": 3,/"minutes": 3, "requires": ["tiny", "nope"],/' "$tmp/02-other.json" >"$tmp/x" && mv "$tmp/x" "$tmp/02-other.json"
cp tests/fixtures/lessons/01-tiny.json "$tmp/01-tiny.json"
out=$("$SMTPSIM" check-lessons "$tmp/02-other.json" 2>&1); rc=$?
want="$tmp/02-other.json: requires[1]: no lesson has the id \"nope\"
0 lessons OK, 1 error"
if [ $rc -eq 1 ] && [ "$out" = "$want" ]; then
	ok "requires resolved against sibling lessons"
else
	notok "requires resolved against sibling lessons (rc=$rc): $out"
fi

# Syntax error with line and column; a missing path.
printf '{\n  "id": "x",\n  "title" "T"\n}\n' >"$tmp/03-x.json"
out=$("$SMTPSIM" check-lessons -q "$tmp/03-x.json" "$tmp/none.json" 2>&1); rc=$?
want="$tmp/03-x.json:3:11: JSON syntax error near '\"T\"'
$tmp/none.json: cannot open: No such file or directory
0 lessons OK, 2 errors"
if [ $rc -eq 1 ] && [ "$out" = "$want" ]; then
	ok "syntax error with line:column, missing file"
else
	notok "syntax error with line:column (rc=$rc): $out"
fi

# Every lesson is played: an example that cannot pass its goal, and one
# that passes before its last line, are named by step.
mkdir "$tmp/play"
sed -e 's/"goal": {"verb": "EHLO", "reply": 250}/"goal": {"verb": "HELO", "reply": 354}/' \
    -e 's/"example": \["RCPT TO:<bob@example.com>"\]/"example": ["RCPT TO:<bob@example.com>", "NOOP"]/' \
    tests/fixtures/lessons/01-tiny.json >"$tmp/play/01-tiny.json"
out=$("$SMTPSIM" check-lessons "$tmp/play/01-tiny.json" 2>&1); rc=$?
want="$tmp/play/01-tiny.json: steps[1]: the example does not pass the goal (last reply 250 to EHLO, state ready)
$tmp/play/01-tiny.json: steps[2]: the goal is met after example line 1 of 2; the lines after it are never typed
0 lessons OK, 2 errors"
if [ $rc -eq 1 ] && [ "$out" = "$want" ]; then
	ok "lessons are played: an impossible goal and an over-long example are named"
else
	notok "lessons are played (rc=$rc): $out"
fi

# Control characters in a file name are not written raw.
esc=$(printf '\033')
cp "$tmp/03-x.json" "$tmp/${esc}[31m.json"
out=$("$SMTPSIM" check-lessons "$tmp/${esc}[31m.json" 2>&1)
case $out in
*"$esc"*) notok "an escape byte in a path reached the terminal" ;;
*'^[[31m.json'*) ok "control bytes in paths are made visible" ;;
*) notok "control bytes in paths (got: $out)" ;;
esac

# Usage errors exit 2; --help exits 0.
"$SMTPSIM" check-lessons --frobnicate >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "unknown option: exit 2" || notok "unknown option: exit $rc"
"$SMTPSIM" check-lessons --bench >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok "--bench without a count: exit 2" || notok "--bench without a count: exit $rc"
"$SMTPSIM" check-lessons --help | grep -q '^Usage: smtpsim check-lessons' && ok "--help" || notok "--help"

# Without PATH: $SMTPSIM_LESSONS is the lesson directory.
out=$(SMTPSIM_LESSONS=tests/fixtures/lessons "$SMTPSIM" check-lessons); rc=$?
[ $rc -eq 0 ] && [ "$out" = "1 lesson OK" ] && ok "SMTPSIM_LESSONS is the default" || notok "SMTPSIM_LESSONS (rc=$rc out='$out')"
out=$(SMTPSIM_LESSONS="$tmp/nowhere" "$SMTPSIM" check-lessons 2>&1); rc=$?
[ $rc -eq 1 ] && echo "$out" | grep -q "$tmp/nowhere: cannot open the lesson directory" && ok "a missing lesson directory is an error" || notok "missing lesson directory (rc=$rc): $out"

# The lessons of the source tree, when there are any, are all valid.
if ls lessons/*.json >/dev/null 2>&1; then
	out=$("$SMTPSIM" check-lessons lessons 2>&1); rc=$?
	[ $rc -eq 0 ] && ok "lessons/: $out" || notok "lessons/ (rc=$rc): $out"
fi
exit $fail
