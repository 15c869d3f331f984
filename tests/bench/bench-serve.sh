#!/bin/sh
# bench-serve.sh — serve mode's figures:
#  1. messages per second over loopback, 20 parallel clients sending 1 KB
#     messages with Postfix's smtp-source, against `smtpsim serve` (full
#     protocol checking, no Maildir) and against Postfix's smtp-sink driven
#     the same way in the same run; the ratio of the two;
#  2. the same with --maildir (every message written and fsynced);
#  3. resident memory per idle connection, with 1000 clients connected.
# Needs smtp-source/smtp-sink (Debian package postfix, in /usr/sbin).
: "${SMTPSIM:?set SMTPSIM to the binary under test}"
MESSAGES=${BENCH_SERVE_MESSAGES:-10000}
IDLE=${BENCH_SERVE_IDLE:-1000}
PATH=$PATH:/usr/sbin
if ! command -v smtp-source >/dev/null 2>&1 || ! command -v smtp-sink >/dev/null 2>&1; then
	echo "serve: smtp-source/smtp-sink not found (Debian package postfix): skipped"
	exit 0
fi
tmp=$(mktemp -d)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

# start_smtpsim NAME ARGS...: start serve on a free port, set $port
start_smtpsim() {
	name=$1; shift
	"$SMTPSIM" serve -q -l 127.0.0.1:0 "$@" >/dev/null 2>"$tmp/$name.err" &
	pids="$pids $!"
	last_pid=$!
	port=""
	for _ in $(seq 1 200); do
		port=$(sed -n 's/.*listening on 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$tmp/$name.err")
		[ -n "$port" ] && return 0
		sleep 0.05
	done
	echo "serve: smtpsim did not start: $(cat "$tmp/$name.err")" >&2
	exit 1
}

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

now_ns() { date +%s%N; }

# rate PORT COUNT [smtp-source options]: messages per second
rate() {
	p=$1; n=$2; shift 2
	t0=$(now_ns)
	if ! smtp-source "$@" -s 20 -m "$n" -l 1024 -f bench@example.org -t alice@example.com \
		-M client.example.org "127.0.0.1:$p" >"$tmp/source.out" 2>&1; then
		echo "serve: smtp-source failed: $(head -3 "$tmp/source.out")" >&2
		exit 1
	fi
	t1=$(now_ns)
	awk -v n="$n" -v ns="$((t1 - t0))" 'BEGIN { printf "%.0f", n / (ns / 1e9) }'
}

# --- throughput ----------------------------------------------------------------
start_smtpsim plain --max-clients 100
sim_port=$port
sink_port=$(free_port)
sink_user=""
[ "$(id -u)" -eq 0 ] && sink_user="-u postfix"
# shellcheck disable=SC2086
smtp-sink $sink_user "127.0.0.1:$sink_port" 1024 >/dev/null 2>"$tmp/sink.err" &
pids="$pids $!"
sleep 0.3

rate "$sim_port" 500 >/dev/null   # warm-up
rate "$sink_port" 500 >/dev/null
# best of two runs each, taken in turn, so that a burst of load elsewhere on
# the machine does not decide the ratio
best() { [ "$1" -gt "$2" ] && echo "$1" || echo "$2"; }
compare() {
	a=$(rate "$sim_port" "$MESSAGES" "$@")
	b=$(rate "$sink_port" "$MESSAGES" "$@")
	sim=$(best "$a" "$(rate "$sim_port" "$MESSAGES" "$@")")
	sink=$(best "$b" "$(rate "$sink_port" "$MESSAGES" "$@")")
}
compare
echo "serve: 20 clients, 1 KB messages, one connection per message ($MESSAGES messages, best of 2):"
echo "  smtpsim serve      $sim messages/s"
echo "  postfix smtp-sink  $sink messages/s"
awk -v a="$sim" -v b="$sink" 'BEGIN { printf "  ratio smtpsim/smtp-sink: %.2f\n", a / b }'

compare -d
echo "serve: the same, many messages per connection (smtp-source -d):"
echo "  smtpsim serve      $sim messages/s"
echo "  postfix smtp-sink  $sink messages/s"
awk -v a="$sim" -v b="$sink" 'BEGIN { printf "  ratio smtpsim/smtp-sink: %.2f\n", a / b }'

start_smtpsim maildir --maildir "$tmp/maildir"
md=$(rate "$port" $((MESSAGES / 10)))
echo "serve: with --maildir (write, fsync, rename for each message): $md messages/s"

# --- memory per idle connection --------------------------------------------------
start_smtpsim idle --max-clients $((IDLE + 100))
/usr/bin/python3 - "$port" "$last_pid" "$IDLE" <<'EOF'
import resource, socket, sys, time
port, pid, n = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < n + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))

def rss():
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])

# one connection first, so one-time costs do not count per connection
first = socket.create_connection(("127.0.0.1", port))
first.recv(512)
before = rss()
socks = []
for i in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    socks.append(s)
for s in socks:
    s.settimeout(30)
    if not s.recv(512).startswith(b"220"):
        sys.exit("no greeting")
time.sleep(0.2)
after = rss()
print("serve: %d idle connections: RSS %d KB -> %d KB, %.1f KB per connection"
      % (n, before, after, (after - before) / n))
EOF
