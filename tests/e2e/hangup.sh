#!/bin/sh
# hangup.sh — the full-screen UI when its terminal goes away: started in a
# tmux pane, the tmux server is killed (as a closed window or a dropped ssh
# connection would), and the process must be gone within a second. Under
# make no SIGHUP reaches it; only the failing terminal reads say so.
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
cd "$(dirname "$0")" || exit 1
if ! command -v ps >/dev/null 2>&1; then
	echo "not ok - ps is needed"
	exit 1
fi
. ./lib/tmux.sh
ui_setup
root=$(cd ../.. && pwd)

# descendants PID: every process below PID, one pid a line.
descendants() {
	ps -eo pid=,ppid= | awk -v top="$1" '
		{ parent[$1] = $2 }
		END {
			found[top] = 1
			do {
				more = 0
				for (p in parent)
					if (!(p in found) && (parent[p] in found)) { found[p] = 1; more = 1 }
			} while (more)
			for (p in found) if (p != top) print p
		}'
}

# smtpsim_below PID: the smtpsim process that is PID or under it (polls up to 60 s, as
# `make run` may have to build first).
smtpsim_below() {
	_n=600
	while [ "$_n" -gt 0 ]; do
		for p in "$1" $(descendants "$1"); do
			if [ "$(ps -o comm= -p "$p" 2>/dev/null)" = smtpsim ]; then
				echo "$p"
				return 0
			fi
		done
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# gone_within PID TENTHS: poll until PID no longer exists.
gone_within() {
	_n=$2
	while [ "$_n" -gt 0 ]; do
		kill -0 "$1" 2>/dev/null || return 0
		# a zombie has exited; its parent may simply not reap it
		case $(ps -o stat= -p "$1" 2>/dev/null) in Z*) return 0 ;; esac
		sleep 0.1
		_n=$((_n - 1))
	done
	return 1
}

# hangup NAME SCREEN-REGEX HOW COMMAND: run COMMAND in a fresh tmux
# server, as the pane's own command (HOW=pane: it leads the session and
# takes the hang-up's SIGHUP itself) or typed at a shell prompt
# (HOW=shell); wait for the UI (SCREEN-REGEX), kill the server, then expect
# the smtpsim process to be gone within a second.
hangup() {
	hname=$1 want=$2 how=$3 cmd=$4
	UI_SOCK="smtpsim-hup-$$-$hname"
	if [ "$how" = pane ]; then
		T new-session -d -s h -x 80 -y 24 \
			env -i PATH="$PATH" HOME="$UI_TMP" TERM="$UI_TERM" \
			XDG_STATE_HOME="$UI_TMP/state" LANG=C.UTF-8 sh -c "exec $cmd"
	else
		ui_start h 80 24
		type_line h "$cmd"
	fi
	pane=$(T list-panes -t h -F '#{pane_pid}')
	pid=$(smtpsim_below "$pane")
	if [ -z "$pid" ] || ! ui_wait h "$want" 600; then
		notok "$hname: the UI did not start"
		screen h | sed 's/^/# /'
		T kill-server 2>/dev/null
		[ -n "$pid" ] && kill "$pid" 2>/dev/null
		return
	fi
	T kill-server
	if gone_within "$pid" 10; then
		ok "$hname: gone within a second of the terminal's end"
	else
		notok "$hname: still running a second after its terminal went away"
		ps -o pid,stat,pcpu,comm -p "$pid" | sed 's/^/# /'
		kill "$pid" 2>/dev/null
	fi
}

# `make run`, the README's first command, with the binary under test, as
# `tmux new-window 'make run'` or `ssh host make run` start it: make takes
# the SIGHUP and does not pass it on.
case $SMTPSIM in
"$root"/*)
	rel=${SMTPSIM#"$root"/}
	build=${BUILD:-$(dirname "$rel")}
	hangup make-run 'Learn SMTP by being the client' pane \
		"make -C '$root' --no-print-directory BUILD='$build' BIN='$rel' run"
	;;
*)
	echo "ok - make-run # SKIP $SMTPSIM is not built in $root"
	;;
esac
# Free play and a lesson, under make the same way.
mk="$UI_TMP/Makefile"
printf 'play:\n\t"%s" play\nlesson:\n\tcd "%s" && "%s" lesson 1\n' \
	"$SMTPSIM" "$root" "$SMTPSIM" >"$mk"
hangup make-play 'S: 220 mx.example.com' pane "make -s -f '$mk' play"
hangup make-lesson 'Lesson 1' pane "make -s -f '$mk' lesson"
# Directly, and typed at a shell prompt under make: these get a SIGHUP.
hangup play 'S: 220 mx.example.com' pane "'$SMTPSIM' play"
hangup shell-make-play 'S: 220 mx.example.com' shell "make -s -f '$mk' play"
exit $ui_fail
