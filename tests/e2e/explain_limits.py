#!/usr/bin/python3
"""`smtpsim explain -f` on inputs that are slow rather than unsafe: many
distinct replies (the "explained above" lookup must stay linear), an
endless line (memory must not follow the line's length), a line past the
memory limit followed by a reply, and a read error. Time and memory are
checked as ratios to a small input, never as absolute figures. Prints
"ok - NAME" / "not ok - NAME" lines; exits 1 when any failed."""

import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from taplib import report, status, test  # noqa: E402

SMTPSIM = os.environ.get("SMTPSIM") or os.path.abspath("smtpsim")
SANITIZED = bool(os.environ.get("SANITIZED"))
TMP = tempfile.mkdtemp(prefix="smtpsim-explain-")


def distinct_replies(n):
    """n lines, each a different (basic code, enhanced code) pair."""
    codes = (421, 450, 451, 452, 454, 455, 550, 551, 552, 553, 554, 555, 250, 251, 252,
             220, 221, 500, 501, 502, 503, 504, 530, 535)
    out = []
    for detail in range(1000):
        for subject in range(8):
            for c in codes:
                if len(out) == n:
                    return "".join(out)
                out.append("%d %d.%d.%d text\n" % (c, c // 100, subject, detail))
    raise ValueError("at most %d distinct replies" % len(out))


def run_explain(path=None, feed=None, limit_as=None):
    """(exit status, seconds, peak RSS in KiB, stderr) of explain -f."""
    def limit():
        if limit_as:
            resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    start = time.monotonic()
    p = subprocess.Popen([SMTPSIM, "explain", "-f", path or "-"],
                         stdin=subprocess.PIPE if feed else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                         preexec_fn=limit)
    if feed:
        try:
            feed(p.stdin)
        except BrokenPipeError:
            pass
        p.stdin.close()
    err = p.stderr.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(p.pid, 0)
    p.returncode = os.waitstatus_to_exitcode(status)
    return p.returncode, time.monotonic() - start, usage.ru_maxrss, err


def write(name, text):
    path = os.path.join(TMP, name)
    with open(path, "w") as f:
        f.write(text)
    return path


def distinct_is_linear():
    small = write("small", distinct_replies(10000))
    big = write("big", distinct_replies(180000))
    t_small = min(run_explain(small)[1] for _ in range(3))
    rc, t_big, _, err = run_explain(big)
    ratio = t_big / max(t_small, 1e-3)
    # linear is about 18; the list scanned for each reply made it over 100
    report("explain -f: 180 000 distinct replies take < 60x the time of 10 000 "
           "(%.1fx)" % ratio, rc == 0 and ratio < 60,
           "rc=%d %.2fs vs %.2fs %s" % (rc, t_big, t_small, err[:200]))


def zeros(total):
    def feed(pipe):
        block = b"\0" * (1 << 20)
        for _ in range(total >> 20):
            pipe.write(block)
        pipe.write(b"\n550 5.1.1 <a@example.com>: User unknown\n")
    return feed


def endless_line_bounded():
    rc_s, _, rss_small, _ = run_explain(feed=zeros(2 << 20))
    rc_b, _, rss_big, err = run_explain(feed=zeros(256 << 20))
    report("explain -f: a 256 MB line needs no more memory than a 2 MB one "
           "(%d KiB vs %d KiB)" % (rss_big, rss_small),
           rc_s == 0 and rc_b == 0 and rss_big < 2 * rss_small + 8192,
           "rc %d/%d %s" % (rc_s, rc_b, err[:200]))


def long_line_under_memory_limit():
    if SANITIZED:
        report("explain -f: a reply after a line longer than the address space "
               "limit is found (skipped: sanitizers reserve address space)", True)
        return
    rc, _, _, err = run_explain(feed=zeros(384 << 20), limit_as=256 << 20)
    report("explain -f: a reply after a line longer than the address space "
           "limit is found, not 'no SMTP reply found'", rc == 0, "rc=%d %s" % (rc, err[:200]))


def read_error_named():
    rc, _, _, err = run_explain("/proc/self/mem")
    report("explain -f: a read error is named with errno's text, exit 2",
           rc == 2 and "cannot read" in err and "Input/output error" in err,
           "rc=%d %s" % (rc, err[:200]))


for t in (distinct_is_linear, endless_line_bounded, long_line_under_memory_limit,
          read_error_named):
    test(t)
shutil.rmtree(TMP, ignore_errors=True)
sys.exit(status())
