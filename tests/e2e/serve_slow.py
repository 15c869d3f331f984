#!/usr/bin/python3
"""End-to-end tests of `smtpsim serve` against slow clients and at the
edges of shutdown: slowloris clients that send a byte every 1.9 s (in
commands and in message text) must not keep every slot; a SIGTERM right
after "listening on" must still be a clean shutdown with 421 for the
clients already connected; clients in a TLS handshake, or still waiting
in the listen queue, get 421 4.3.2 too. Time bounds are multiples of
--timeout, never absolute figures. Prints "ok - NAME" / "not ok - NAME"
lines; exits 1 when any failed."""

import os
import re
import select
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from taplib import no_verify, report, status, test  # noqa: E402
import servelib  # noqa: E402
from servelib import SMTPSIM, SOCK_TIMEOUT, Raw, Server  # noqa: E402

SANITIZED = bool(os.environ.get("SANITIZED"))
TMP = servelib.workdir("smtpsim-slow-")


class TLSPump:
    """A TLS client over a socket through memory BIOs, so that the test can
    stop half-way through the handshake: start() sends the ClientHello and
    returns; finish() completes the handshake; read_all() reads the
    application data until the server closes."""

    def __init__(self, sock):
        self.sock = sock
        self.inc, self.out = ssl.MemoryBIO(), ssl.MemoryBIO()
        self.obj = no_verify().wrap_bio(self.inc, self.out, server_side=False)

    def _flush(self):
        data = self.out.read()
        if data:
            self.sock.sendall(data)

    def _pull(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            self.inc.write_eof()
            return False
        self.inc.write(chunk)
        return True

    def start(self):
        try:
            self.obj.do_handshake()
        except ssl.SSLWantReadError:
            pass
        self._flush()

    def finish(self):
        while True:
            try:
                self.obj.do_handshake()
                self._flush()
                return
            except ssl.SSLWantReadError:
                self._flush()
                if not self._pull():
                    raise EOFError("closed during the handshake")

    def read_all(self):
        data = b""
        while True:
            try:
                chunk = self.obj.read(65536)
                if not chunk:
                    return data
                data += chunk
            except ssl.SSLWantReadError:
                try:
                    if not self._pull():
                        return data
                except (ConnectionResetError, socket.timeout):
                    return data
            except (ssl.SSLZeroReturnError, ssl.SSLEOFError):
                return data


def transaction(port):
    """A whole transaction; the last reply's code, or the greeting's when
    the client was refused."""
    r = Raw(port)
    code, _ = r.reply()
    if code != 220:
        r.close()
        return code
    for cmd in (b"EHLO sixth.example", b"MAIL FROM:<six@example.org>",
                b"RCPT TO:<alice@example.com>", b"DATA"):
        r.send(cmd + b"\r\n")
        code, _ = r.reply()
    r.send(b"Subject: six\r\n\r\nserved\r\n.\r\n")
    code, _ = r.reply()
    r.send(b"QUIT\r\n")
    r.close()
    return code


# --- slow clients ----------------------------------------------------------------


@test
def slowloris():
    """Five clients sending a byte every 1.9 s against --max-clients 5
    --timeout 5: three in a command line, two in message text (in short
    lines, so that only the DATA rate can catch them). The idle timer alone
    never fired; a sixth client must be served within 3 x --timeout."""
    timeout = 5
    gap = 1.9
    srv = Server("-l", "127.0.0.1:0", "--max-clients", "5", "--timeout", str(timeout))
    stop = threading.Event()
    endings = {}

    def trickle(k, r, data):
        """A byte every gap seconds until the server says something."""
        i = 0
        try:
            while not stop.is_set():
                readable, _, _ = select.select([r.sock], [], [], gap)
                if readable:
                    break
                r.send(data[i % len(data):i % len(data) + 1])
                i += 1
        except OSError:
            pass
        endings[k] = r.until_eof(timeout_ends=True) if not stop.is_set() else b"(still talking)"
        r.close()

    threads = []
    for k in range(5):
        r = Raw(srv.port)
        r.reply()
        if k < 3:
            data = b"EHLO slowloris.example\r\n"
        else:
            for cmd in (b"EHLO slow.example", b"MAIL FROM:<s@example.org>",
                        b"RCPT TO:<alice@example.com>", b"DATA"):
                r.send(cmd + b"\r\n")
                r.reply()
            data = b"x\r\n"
        t = threading.Thread(target=trickle, args=(k, r, data), daemon=True)
        threads.append(t)
    t0 = time.monotonic()
    for t in threads:
        t.start()
    served_after = None
    refused_first = None
    while time.monotonic() - t0 < 6 * timeout:
        try:
            code = transaction(srv.port)
        except (OSError, EOFError):
            code = None
        if refused_first is None:
            refused_first = code
        if code == 250:
            served_after = time.monotonic() - t0
            break
        time.sleep(0.25)
    # the slow clients end when the server cuts them; the rest are stopped
    for t in threads:
        t.join(max(0.0, t0 + 4 * timeout - time.monotonic()))
    stop.set()
    for t in threads:
        t.join(SOCK_TIMEOUT)
    report("slowloris: with five slow clients the sixth is refused at first (421)",
           refused_first == 421, refused_first)
    report("slowloris: a sixth client is served within 3 x --timeout (%s)" %
           ("%.1f s" % served_after if served_after is not None else "never"),
           served_after is not None and served_after < 3 * timeout, served_after)
    cut = [k for k, d in endings.items() if b"421 4.4.2 " in d]
    report("slowloris: each slow client got 421 4.4.2 within 4 x --timeout",
           sorted(cut) == list(range(5)), endings)
    report("slowloris: the log says a line ran past its deadline",
           srv.wait_log(r"a line unfinished %d s after its first byte" % timeout, 2))
    report("slowloris: the log says the message text came too slowly",
           srv.wait_log(r"message text slower than \d+ bytes/s", 2))
    report("slowloris: SIGTERM then exit 0", srv.stop() == 0)


@test
def fast_clients_unaffected():
    """A large message sent at full speed and a pipelined burst meet none
    of the new deadlines, with --timeout 1."""
    srv = Server("-l", "127.0.0.1:0", "--timeout", "1")
    r = Raw(srv.port)
    r.reply()
    r.send(b"EHLO fast.example\r\nMAIL FROM:<f@example.org>\r\n"
           b"RCPT TO:<alice@example.com>\r\nDATA\r\n")
    codes = [r.reply()[0] for _ in range(4)]
    line = b"y" * 900 + b"\r\n"
    r.send(line * 5000 + b".\r\n")
    code, _ = r.reply()
    r.send(b"QUIT\r\n")
    r.reply()
    r.close()
    report("a 4.5 MB message at full speed is accepted with --timeout 1",
           codes == [250, 250, 250, 354] and code == 250, (codes, code))
    srv.stop()


@test
def slow_typist_when_not_busy():
    """Someone typing a message into telnet, a line at a time, slower than
    the DATA rate but never idle for --timeout: while the server is not
    busy only the idle timer and the line deadline apply, and the message
    is accepted."""
    timeout = 2
    srv = Server("-l", "127.0.0.1:0", "--timeout", str(timeout), "--max-clients", "100")
    r = Raw(srv.port)
    r.reply()
    for cmd in (b"EHLO typist.example", b"MAIL FROM:<t@example.org>",
                b"RCPT TO:<alice@example.com>", b"DATA"):
        r.send(cmd + b"\r\n")
        r.reply()
    start = time.monotonic()
    while time.monotonic() - start < 2.5 * timeout:
        for ch in b"typed\r\n":
            r.send(bytes([ch]))
            time.sleep(0.1)
    r.send(b".\r\n")
    code, lines = r.reply()
    r.close()
    report("not busy: a message typed slower than the DATA rate is accepted",
           code == 250, lines)
    srv.stop()


# --- shutdown ---------------------------------------------------------------------


@test
def sigterm_right_after_announcement():
    """SIGTERM as soon as "listening on" is read, with a client connected
    just before it: the client gets 421 4.3.2 and serve exits 0, every
    time (the handlers once came after the announcement, and clients still
    in the listen queue got a reset)."""
    rounds = 10 if SANITIZED else 40
    bad_rc, bad_reply = [], []
    for i in range(rounds):
        p = subprocess.Popen([SMTPSIM, "serve", "-l", "127.0.0.1:0", "-q"],
                             stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE)
        port = None
        for raw in p.stderr:
            m = re.search(rb"listening on \S*:(\d+) ", raw)
            if m:
                port = int(m.group(1))
                break
        s = socket.create_connection(("127.0.0.1", port), timeout=SOCK_TIMEOUT)
        p.send_signal(signal.SIGTERM)
        data = b""
        try:
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        except (ConnectionResetError, socket.timeout):
            pass
        s.close()
        p.stderr.read()
        rc = p.wait(timeout=30)
        if rc != 0:
            bad_rc.append((i, rc))
        if b"421 4.3.2 " not in data:
            bad_reply.append((i, data))
    report("SIGTERM right after 'listening on' (%d times): exit 0 every time" % rounds,
           not bad_rc, bad_rc[:5])
    report("SIGTERM right after 'listening on': the client that had connected gets "
           "421 4.3.2", not bad_reply, "%d of %d: %s" % (len(bad_reply), rounds, bad_reply[:3]))


@test
def sigterm_reaches_tls_handshakes():
    """30 STARTTLS clients and 10 smtps clients, some before their TLS
    handshake and some in the middle of it: each one gets 421 4.3.2 once
    its handshake is done (it used to get a reset or an EOF)."""
    srv = Server("-l", "127.0.0.1:0", "-p", "submission", "-l", "127.0.0.1:0", "-p", "smtps",
                 "--timeout", "60")
    sub, smtps = srv.ports
    starttls = []
    for k in range(30):
        r = Raw(sub)
        r.reply()
        r.send(b"EHLO tls.example\r\n")
        r.reply()
        r.send(b"STARTTLS\r\n")
        code, _ = r.reply()
        pump = TLSPump(r.sock)
        if k % 2:
            pump.start()  # the ClientHello is out: the handshake is under way
        starttls.append((code, pump))
    implicit = []
    for k in range(10):
        s = socket.create_connection(("127.0.0.1", smtps), timeout=SOCK_TIMEOUT)
        pump = TLSPump(s)
        if k % 2:
            pump.start()
        implicit.append(pump)
    srv.proc.send_signal(signal.SIGTERM)
    report("shutdown: logged", srv.wait_log(r"signal received"), srv.log()[-500:])

    def tls_reply(pump):
        try:
            pump.finish()
            return pump.read_all()
        except (OSError, EOFError, ssl.SSLError) as e:
            return "%s: %s" % (type(e).__name__, e)

    bad = [(k, d) for k, (code, pump) in enumerate(starttls)
           for d in [tls_reply(pump)] if code != 220 or not isinstance(d, bytes) or
           not d.startswith(b"421 4.3.2 ")]
    report("SIGTERM: 30 STARTTLS clients, before or in their handshake, get 421 4.3.2 "
           "over TLS", not bad, bad[:3])
    bad = [(k, d) for k, pump in enumerate(implicit) for d in [tls_reply(pump)]
           if not isinstance(d, bytes) or not re.match(rb"220 .*\r\n421 4\.3\.2 ", d)]
    report("SIGTERM: 10 smtps clients, before or in their handshake, get the greeting "
           "and 421 4.3.2 over TLS", not bad, bad[:3])
    report("SIGTERM with clients in TLS handshakes: exit 0", srv.stop() == 0)


def proc_state(pid):
    with open("/proc/%d/stat" % pid) as f:
        return f.read().rsplit(")", 1)[1].split()[0]


@test
def sigterm_reaches_the_listen_queue():
    """Clients the server has not accepted yet when the signal comes (it is
    stopped with SIGSTOP meanwhile, so they can only wait in the queue)
    get the greeting and 421 4.3.2, not a reset."""
    srv = Server("-l", "127.0.0.1:0", "-l", "127.0.0.1:0", "-p", "smtps", "--timeout", "60")
    mta, smtps = srv.ports
    srv.proc.send_signal(signal.SIGSTOP)
    try:
        # stopped for sure, so that nothing is accepted before the signal
        # (kill returns before the target has stopped)
        deadline = time.monotonic() + 10
        while proc_state(srv.proc.pid) != "T" and time.monotonic() < deadline:
            time.sleep(0.01)
        plain = [Raw(mta) for _ in range(20)]
        tls = [TLSPump(socket.create_connection(("127.0.0.1", smtps), timeout=SOCK_TIMEOUT))
               for _ in range(5)]
        srv.proc.send_signal(signal.SIGTERM)
    finally:
        srv.proc.send_signal(signal.SIGCONT)
    bad = [(k, d) for k, r in enumerate(plain) for d in [r.until_eof(timeout_ends=True)]
           if not re.match(rb"220 .*\r\n421 4\.3\.2 ", d)]
    report("SIGTERM: 20 clients still in the listen queue get 220 then 421 4.3.2",
           not bad, bad[:3])
    bad = []
    for k, pump in enumerate(tls):
        try:
            pump.finish()
            d = pump.read_all()
        except (OSError, EOFError, ssl.SSLError) as e:
            d = "%s: %s" % (type(e).__name__, e)
        if not isinstance(d, bytes) or not re.match(rb"220 .*\r\n421 4\.3\.2 ", d):
            bad.append((k, d))
    report("SIGTERM: 5 smtps clients still in the listen queue get 220 then 421 4.3.2 "
           "over TLS", not bad, bad[:3])
    for r in plain:
        r.close()
    report("SIGTERM with a full listen queue: exit 0", srv.stop() == 0)


sys.exit(status())
