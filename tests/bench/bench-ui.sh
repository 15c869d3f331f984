#!/bin/sh
# bench-ui.sh — the full-screen UI's figures in a real terminal (tmux,
# 80x24): time from exec to the first complete frame; time to handle a key
# (read to doupdate) with 100 000 lines in the transcript; resident memory
# with that transcript. The program reports its own timings when
# SMTPSIM_UI_TIMING names a file; SMTPSIM_UI_PREFILL fills the transcript.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")/../e2e" || exit 1
. ./lib/tmux.sh
ui_setup

LOG=$UI_TMP/timing
ui_start b 80 24

# wait_lines FILE PATTERN N: poll (bounded, 20 s) until N lines match.
wait_lines() {
	_n=200
	while [ "$_n" -gt 0 ]; do
		_c=$(grep -c "$2" "$1" 2>/dev/null)
		[ "${_c:-0}" -ge "$3" ] && return 0
		sleep 0.01
		_n=$((_n - 1))
	done
	return 1
}

# --- exec to first frame ---------------------------------------------------
: >"$UI_TMP/first"
for i in 1 2 3 4 5 6 7 8 9 10; do
	rm -f "$LOG"
	type_line b "sh -c 'date +%s%N >$UI_TMP/t0; exec env SMTPSIM_UI_TIMING=$LOG \"$SMTPSIM\" play'; echo \"exit=\$?\""
	wait_lines "$LOG" first_frame 1 || { echo "bench-ui: no first frame"; exit 1; }
	t0=$(cat "$UI_TMP/t0")
	t1=$(sed -n 's/^first_frame_realtime_ns //p' "$LOG")
	echo $(( (t1 - t0) / 1000 )) >>"$UI_TMP/first"
	T send-keys -t b C-c
	ui_wait b "exit=0" || { echo "bench-ui: did not exit"; exit 1; }
	T send-keys -t b C-l
	type_line b clear
	ui_gone b "exit=0" 50
done
sort -n "$UI_TMP/first" | awk '{ v[NR] = $1 } END {
	printf "ui: exec to first complete frame (play, 80x24, 10 runs): median %.1f ms, max %.1f ms\n",
		v[int((NR + 1) / 2)] / 1000, v[NR] / 1000 }'

# --- keys with 100 000 transcript lines ----------------------------------------
rss_of_child() {
	shpid=$(T display -p -t b '#{pane_pid}')
	pid=$(ps -o pid= --ppid "$shpid" | tr -d ' ' | head -1)
	[ -n "$pid" ] && sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$pid/status"
}

rm -f "$LOG"
type_line b "SMTPSIM_UI_TIMING=$LOG \"$SMTPSIM\" play; echo \"exit=\$?\""
wait_lines "$LOG" first_frame 1 || exit 1
rss_empty=$(rss_of_child)
T send-keys -t b C-c
ui_wait b "exit=0" || exit 1

rm -f "$LOG"
type_line b "SMTPSIM_UI_PREFILL=100000 SMTPSIM_UI_TIMING=$LOG \"$SMTPSIM\" play; echo \"exit=\$?\""
wait_lines "$LOG" first_frame 1 || exit 1
n=0
# one key at a time, each waited for, so every figure is one key's work
for k in PPage PPage PPage PPage NPage Home End a b c BSpace BSpace BSpace Up Down; do
	for rep in 1 2 3 4 5 6 7 8 9 10 11 12 13; do
		T send-keys -t b "$k"
		n=$((n + 1))
		wait_lines "$LOG" key_ns "$n" || { echo "bench-ui: key $n not handled"; exit 1; }
	done
done
rss_full=$(rss_of_child)
T send-keys -t b C-c
ui_wait b "exit=0" || exit 1
sed -n 's/^key_ns //p' "$LOG" | sort -n | awk -v n="$n" '{ v[NR] = $1 } END {
	printf "ui: one key with 100000 transcript lines (PgUp/PgDn/Home/End/typing/history, %d keys): median %.3f ms, p99 %.3f ms, max %.3f ms\n",
		NR, v[int((NR + 1) / 2)] / 1e6, v[int(NR * 0.99 + 0.5)] / 1e6, v[NR] / 1e6 }'
echo "ui: resident memory with 100000 transcript lines: $((rss_full / 1024)).$(( (rss_full % 1024) * 10 / 1024 )) MB (empty transcript: $((rss_empty / 1024)).$(( (rss_empty % 1024) * 10 / 1024 )) MB)"
