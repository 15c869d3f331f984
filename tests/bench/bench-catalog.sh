#!/bin/sh
# bench-catalog.sh — time per cat_search query (the reference browser
# searches on every keystroke). Builds tests/bench/bench_catalog.c against
# the catalog alone (its search, its tables, the enhanced-code parser),
# optimised as the program is, and runs it.
: "${BUILD:=build}"
cd "$(dirname "$0")/../.."
out="$BUILD/tests/bench-catalog"
mkdir -p "$(dirname "$out")"
${CC:-cc} -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Isrc -o "$out" \
	tests/bench/bench_catalog.c src/smtp/catalog.c src/smtp/catalog_data.c src/smtp/enh.c || exit 1
"$out"
