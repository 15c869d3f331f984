"""servelib.py — what the Python tests of `smtpsim serve` share: a server
started on ports it picks itself (read back from its stderr), with its log
in files, and a plain socket that speaks SMTP by hand.

    TMP = servelib.workdir("smtpsim-serve-")   # removed at exit, servers killed
    srv = servelib.Server("-l", "127.0.0.1:0", "-p", "submission")
    r = servelib.Raw(srv.port); code, lines = r.reply()
"""
import atexit
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time

SMTPSIM = os.environ.get("SMTPSIM") or os.path.abspath("smtpsim")
SOCK_TIMEOUT = 20

_tmp = None
_servers = []


def _cleanup():
    for srv in _servers:
        srv.stop(signal.SIGKILL, timeout=10)
    if _tmp:
        shutil.rmtree(_tmp, ignore_errors=True)


def workdir(prefix):
    """A temporary directory for this test file (logs, maildirs), removed
    at exit after every server still running is killed."""
    global _tmp
    if _tmp is None:
        _tmp = tempfile.mkdtemp(prefix=prefix)
        atexit.register(_cleanup)
    return _tmp


class Server:
    """`smtpsim serve ARGS`; ports are those of its "listening on" lines.
    listeners: how many to wait for (default: one per -l)."""

    count = 0

    def __init__(self, *args, listeners=None):
        Server.count += 1
        n = Server.count
        tmp = workdir("smtpsim-serve-")
        self.logpath = os.path.join(tmp, "serve%d.log" % n)
        self.errpath = os.path.join(tmp, "serve%d.err" % n)
        self.args = list(args)
        want = listeners or max(1, self.args.count("-l"))
        with open(self.logpath, "wb") as out, open(self.errpath, "wb") as err:
            self.proc = subprocess.Popen([SMTPSIM, "serve"] + self.args, stdout=out,
                                         stderr=err, stdin=subprocess.DEVNULL)
        _servers.append(self)
        self.ports = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            text = self.stderr()
            self.ports = [int(p) for p in re.findall(r"listening on \S*:(\d+) ", text)]
            if len(self.ports) >= want:
                break
            if self.proc.poll() is not None:
                raise RuntimeError("serve exited: " + text)
            time.sleep(0.02)
        else:
            raise RuntimeError("serve did not start: " + self.stderr())
        self.port = self.ports[0]

    def stderr(self):
        with open(self.errpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def log(self):
        with open(self.logpath, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_log(self, pattern, timeout=10):
        """Whether the log matches pattern (a regex) within timeout seconds:
        the server flushes its log once per turn of its loop."""
        deadline = time.monotonic() + timeout
        while True:
            if re.search(pattern, self.log(), re.M):
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, sig=signal.SIGTERM, timeout=30):
        """Signal the server and wait for it; its exit status, or None when
        it had to be killed."""
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
        try:
            return self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None

    def vmhwm_kb(self):
        """The server's peak resident memory (VmHWM) in kB."""
        with open("/proc/%d/status" % self.proc.pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return -1


class Raw:
    """A plain socket speaking SMTP by hand."""

    def __init__(self, port, host="127.0.0.1", family=socket.AF_INET):
        self.sock = socket.socket(family, socket.SOCK_STREAM)
        self.sock.settimeout(SOCK_TIMEOUT)
        self.sock.connect((host, port))
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def line(self):
        while b"\n" not in self.buf:
            chunk = self.sock.recv(65536)
            if not chunk:
                raise EOFError("connection closed; pending %r" % self.buf)
            self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return line + b"\n"

    def reply(self):
        """(code, [lines]) of one possibly multi-line reply."""
        lines = []
        while True:
            ln = self.line()
            lines.append(ln)
            if len(ln) < 4 or ln[3:4] != b"-":
                return int(ln[:3]), lines

    def until_eof(self, timeout_ends=False):
        """Everything until the server closes. A socket timeout raises,
        unless timeout_ends (then what came so far is returned)."""
        data, self.buf = self.buf, b""
        ends = (ConnectionResetError, socket.timeout) if timeout_ends else ConnectionResetError
        while True:
            try:
                chunk = self.sock.recv(65536)
            except ends:
                break
            if not chunk:
                break
            data += chunk
        return data

    def close(self):
        self.sock.close()
