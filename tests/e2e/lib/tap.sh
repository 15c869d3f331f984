# tap.sh — tiny helpers for end-to-end scripts: ok/not ok lines, a failure
# count, and the exit status at the end. Source it, then call `finish`.
failures=0
ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; failures=$((failures + 1)); }
# check NAME COMMAND...: ok when COMMAND succeeds
check() { name=$1; shift; if "$@"; then ok "$name"; else notok "$name"; fi; }
finish() { [ "$failures" -eq 0 ]; exit $?; }
