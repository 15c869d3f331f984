"""realmta.py — what the tests that hold a personality to the real server
(postfix-real.py, exim-real.py, opensmtpd-real.py) share: reading SMTP
replies, playing a dialogue through `smtpsim session -P NAME`, and
comparing reply for reply with a list of known differences that is itself
checked."""
import os
import shutil
import subprocess
import sys

from taplib import report

SMTPSIM = os.environ.get("SMTPSIM") or os.path.abspath("smtpsim")

# The mta profile (src/smtp/profile.c): what every real server is set up as
HOST = "mx.example.com"
DOMAIN = "example.com"
MAILBOXES = ["alice", "bob", "carol", "postmaster", "abuse"]


def skip(test, why):
    """One "ok - # SKIP" line for TEST, and the end of the file."""
    print("ok - # SKIP %s: %s" % (test, why))
    sys.exit(0)


def fetch_debs(test, packages, cache, root, probe):
    """Debian's PACKAGES downloaded into CACHE and unpacked under ROOT
    (never installed: they may conflict with what is), the first time;
    later runs find PROBE executable and a stamp. Skips TEST when that
    cannot be done here."""
    stamp = os.path.join(cache, "unpacked")
    if os.path.exists(stamp) and os.access(probe, os.X_OK):
        return
    if not shutil.which("apt-get") or not shutil.which("dpkg"):
        skip(test, "needs apt-get and dpkg (Debian) to fetch %s" % " ".join(packages))
    os.makedirs(cache, exist_ok=True)
    for f in os.listdir(cache):
        if f.endswith(".deb"):
            os.remove(os.path.join(cache, f))
    try:
        r = subprocess.run(["apt-get", "download"] + list(packages), cwd=cache,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           timeout=300)
    except subprocess.TimeoutExpired:
        skip(test, "apt-get download %s timed out" % " ".join(packages))
    debs = [f for f in os.listdir(cache) if f.endswith(".deb")]
    if r.returncode != 0 or len(debs) != len(packages):
        skip(test, "apt-get download %s failed: %s" % (" ".join(packages),
                                                       r.stdout.strip().splitlines()[-1:]))
    shutil.rmtree(root, ignore_errors=True)
    for d in debs:
        subprocess.run(["dpkg", "-x", os.path.join(cache, d), root], check=True)
    open(stamp, "w").close()


def read_reply(f):
    """One reply from a binary file object, its lines without CRLF; [] at
    end of stream. Lines that are not replies (Exim -bh's "**** " notes,
    blank lines) are skipped."""
    lines = []
    while True:
        line = f.readline()
        if not line:
            return lines
        line = line.decode("utf-8", "replace").rstrip("\r\n")
        if len(line) < 3 or not line[:3].isdigit():
            continue
        lines.append(line)
        if len(line) < 4 or line[3] != "-":
            return lines


def play(send, f, dialogue):
    """Replies to DIALOGUE, one line at a time: SEND(bytes) writes a line,
    F reads the replies. After a 354 the message lines get no reply until
    the lone dot. The greeting comes first."""
    replies = [read_reply(f)]
    body = False
    for line in dialogue:
        send(line.encode("utf-8") + b"\r\n")
        if body and line != ".":
            continue
        r = read_reply(f)
        if not r:
            break
        replies.append(r)
        body = r[-1].startswith("354")
    return replies


def play_sim(personality, dialogue):
    data = "".join(line + "\r\n" for line in dialogue).encode("utf-8")
    p = subprocess.run([SMTPSIM, "session", "-P", personality], input=data,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    replies, cur = [], []
    for line in p.stdout.decode("utf-8", "replace").split("\r\n"):
        if not line:
            continue
        cur.append(line)
        if len(line) < 4 or line[3] != "-":
            replies.append(cur)
            cur = []
    if cur:
        replies.append(cur)
    return replies


def compare(server, personality, name, real, sim, known):
    """Report one dialogue: every reply equal, except those in KNOWN
    ({(name, index): (real reply, smtpsim's, why)}, a reply a line or a
    list of lines), which must still differ exactly so."""
    diffs = []
    for i in range(max(len(real), len(sim))):
        a = real[i] if i < len(real) else ["(no reply)"]
        b = sim[i] if i < len(sim) else ["(no reply)"]
        k = known.get((name, i))
        if k:
            ka = k[0] if isinstance(k[0], list) else [k[0]]
            kb = k[1] if isinstance(k[1], list) else [k[1]]
            if (a, b) != (ka, kb):
                diffs.append("reply %d changed from the known difference (%s): %s %r, "
                             "smtpsim -P %s %r; update KNOWN" % (i, k[2], server, a,
                                                                 personality, b))
            else:
                print("# %s, reply %d: known difference: %s" % (name, i, k[2]))
                print("#   %s: %s" % (server, " | ".join(ka)[:160]))
                print("#   smtpsim: %s" % " | ".join(kb)[:160])
        elif a != b:
            diffs.append("reply %d: %s %r, smtpsim -P %s %r" % (i, server, a, personality, b))
    report("%s: %s" % (personality, name), not diffs, "; ".join(diffs))
