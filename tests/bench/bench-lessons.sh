#!/bin/sh
# bench-lessons.sh — time to load and validate every lesson in lessons/
# (read, parse, check every field and every engine name, check requires),
# as smtpsim does at start-up. Aim: under 5 ms.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")/../.."
n=$(ls lessons/*.json 2>/dev/null | wc -l)
if [ "$n" -eq 0 ]; then
	echo "lessons: none in lessons/, nothing to time"
	exit 0
fi
"$SMTPSIM" check-lessons -q lessons || { echo "lessons: check-lessons failed" >&2; exit 1; }
out=$("$SMTPSIM" check-lessons --bench 200 lessons) || exit 1
echo "$out (aim: under 5 ms)"
