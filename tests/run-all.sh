#!/bin/sh
# run-all.sh — every test: the Criterion unit suites, then the end-to-end
# scripts in tests/e2e/ (each prints "ok - NAME" / "not ok - NAME" lines).
# Ends with one "N passed, N failed" line; exit status 1 on any failure.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
: "${BUILD:=build}"
export SMTPSIM
cd "$(dirname "$0")/.."
passed=0
failed=0
log=$(mktemp)
trap 'rm -f "$log"' EXIT

for suite in "$BUILD/tests/engine-tests" "$BUILD/tests/app-tests"; do
	[ -x "$suite" ] || continue
	echo "== $(basename "$suite")"
	"$suite" >"$log" 2>&1
	rc=$?
	grep -v '^\[----\]' "$log" | grep -E '^\[(FAIL|====)\]|ERROR|runtime error|Sanitizer' || true
	line=$(grep 'Synthesis:' "$log" | tail -1)
	t=$(echo "$line" | sed -n 's/.*Tested: \([0-9]*\).*/\1/p')
	p=$(echo "$line" | sed -n 's/.*Passing: \([0-9]*\).*/\1/p')
	if [ -z "$t" ]; then
		cat "$log"
		echo "not ok - $(basename "$suite") did not finish (exit $rc)"
		failed=$((failed + 1))
		continue
	fi
	passed=$((passed + p))
	failed=$((failed + t - p))
	[ $rc -ne 0 ] && [ "$t" = "$p" ] && { echo "not ok - $(basename "$suite") exit $rc"; failed=$((failed + 1)); }
done

for t in tests/e2e/*.sh tests/e2e/*.py; do
	[ -f "$t" ] || continue
	echo "== $t"
	case $t in
	*.py) timeout 600 /usr/bin/python3 "$t" >"$log" 2>&1 ;;
	*) timeout 600 sh "$t" >"$log" 2>&1 ;;
	esac
	rc=$?
	cat "$log"
	p=$(grep -c '^ok ' "$log")
	f=$(grep -c '^not ok ' "$log")
	passed=$((passed + p))
	failed=$((failed + f))
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "not ok - $t exited with status $rc"
		failed=$((failed + 1))
	fi
done

echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
