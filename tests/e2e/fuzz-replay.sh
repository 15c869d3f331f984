#!/bin/sh
# fuzz-replay.sh — every fuzz harness (tests/fuzz/fuzz_*.c), built by
# `make test` with a plain main() instead of libFuzzer, runs over its seed
# corpus: the harnesses compile without clang, and the seeds, with any
# crash file added to them, stay regression tests (under `make check`,
# with ASan and UBSan).
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
: "${BUILD:=build}"
cd "$(dirname "$0")/../.."
. tests/e2e/lib/tap.sh
for src in tests/fuzz/fuzz_*.c; do
	h=${src#tests/fuzz/fuzz_}
	h=${h%.c}
	bin=$BUILD/tests/fuzz-replay-$h
	if [ ! -x "$bin" ]; then
		notok "fuzz harness $h: $bin was not built"
		continue
	fi
	n=$(ls tests/fuzz/corpus/"$h" 2>/dev/null | wc -l)
	if [ "$n" -eq 0 ]; then
		notok "fuzz harness $h: no seeds in tests/fuzz/corpus/$h"
		continue
	fi
	if "$bin" tests/fuzz/corpus/"$h"/* >/dev/null 2>"$BUILD/fuzz-replay-$h.err"; then
		ok "fuzz harness $h replays its $n seeds"
	else
		notok "fuzz harness $h failed on its seeds (exit $?)"
		sed 's/^/#   /' "$BUILD/fuzz-replay-$h.err" | grep -v 'no SMTP reply' | head -20
	fi
done
finish
