# lib/tmux.sh — helpers for driving the full-screen UI inside a private
# tmux server (sourced by the tests/e2e/*.sh UI tests and tests/bench/bench-ui.sh).
# Every wait is a bounded poll of capture-pane, never a fixed sleep.

UI_SOCK="smtpsim-test-$$"
UI_TMP=$(mktemp -d)
ui_fail=0

# The terminal type tmux emulates; the UI runs under it unless a test
# says otherwise.
UI_TERM=screen
infocmp tmux-256color >/dev/null 2>&1 && UI_TERM=tmux-256color

T() { tmux -L "$UI_SOCK" -f /dev/null "$@"; }

ui_cleanup() {
	T kill-server 2>/dev/null
	rm -rf "$UI_TMP"
}

# ui_setup: what every script that sources this file does first: tmux must
# be there, and the private server and temporary files go when it ends.
ui_setup() {
	if ! command -v tmux >/dev/null 2>&1; then
		echo "not ok - tmux is not installed"
		exit 1
	fi
	trap ui_cleanup EXIT
	trap 'exit 1' INT TERM
}

ok() { echo "ok - $1"; }
notok() { echo "not ok - $1"; ui_fail=1; }

# ui_start NAME COLS ROWS [ENV=VALUE...]: a session running a plain sh
# with a recognisable prompt, in its own environment.
ui_start() {
	name=$1 cols=$2 rows=$3
	shift 3
	T new-session -d -s "$name" -x "$cols" -y "$rows" \
		env -i PATH="$PATH" HOME="$UI_TMP" TERM="$UI_TERM" XDG_STATE_HOME="$UI_TMP/state" \
		LANG=C.UTF-8 PS1='ui-test$ ' "$@" sh
	ui_wait "$name" 'ui-test\$' || echo "# shell did not start in $name"
}

screen() { T capture-pane -p -t "$1"; }

# ui_wait TARGET REGEX [TENTHS]: poll until the screen matches (default 10 s).
ui_wait() {
	_t=$1 _re=$2 _n=${3:-100}
	while [ "$_n" -gt 0 ]; do
		if screen "$_t" | grep -q -e "$_re"; then
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# ui_gone TARGET REGEX [TENTHS]: poll until the screen no longer matches,
# and has stayed the same for three polls: a screen not yet redrawn after
# the keys just sent must not count as the match being gone.
ui_gone() {
	_t=$1 _re=$2 _n=${3:-100}
	_last="" _same=0
	while [ "$_n" -gt 0 ]; do
		_now=$(screen "$_t")
		if [ "$_now" = "$_last" ]; then
			_same=$((_same + 1))
		else
			_same=0
		fi
		_last=$_now
		if [ "$_same" -ge 2 ] && ! printf '%s\n' "$_now" | grep -q -e "$_re"; then
			return 0
		fi
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# check NAME TARGET REGEX: one test line; the screen is shown on failure.
check() {
	if ui_wait "$2" "$3"; then
		ok "$1"
	else
		notok "$1"
		screen "$2" | sed 's/^/# /'
	fi
}

check_gone() {
	if ui_gone "$2" "$3"; then
		ok "$1"
	else
		notok "$1"
		screen "$2" | sed 's/^/# /'
	fi
}

# type_line TARGET TEXT: the text literally, then Enter.
type_line() {
	T send-keys -t "$1" -l -- "$2"
	T send-keys -t "$1" Enter
}
