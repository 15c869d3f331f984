#!/bin/sh
# bench/run.sh — print benchmark figures: the engine's own benchmark, then
# every tests/bench/bench-*.sh (each prints its own figures).
: "${SMTPSIM:?}"; : "${BUILD:=build}"
cd "$(dirname "$0")/../.."
echo "== engine"
"$BUILD/tests/bench-engine"
for b in tests/bench/bench-*.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b" .sh | sed 's/^bench-//')"
	sh "$b"
done
