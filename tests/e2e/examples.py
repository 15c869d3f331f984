#!/usr/bin/python3
"""Every example a newcomer reads runs as written: the command lines shown by
each `smtpsim COMMAND --help` and in README.md's code blocks. Server
examples get free ports (port 0) and a temporary Maildir; clients that talk
to 127.0.0.1:2525/2587/2465 are pointed at one `smtpsim serve` with those
three profiles. Also: help fits 80 columns, and "no lessons found" names
every directory searched. Prints "ok - NAME" / "not ok - NAME"."""

import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

SMTPSIM = os.environ.get("SMTPSIM") or os.path.abspath("smtpsim")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "e2e", "data")
TMP = tempfile.mkdtemp(prefix="smtpsim-examples-")
FAILED = 0
HELPS = ["", "session", "explain", "codes", "ports", "serve", "check-lessons",
         "lesson", "lesson 1 --plain", "play", "ref"]


def report(name, ok, detail=""):
    global FAILED
    if not ok:
        FAILED += 1
    detail = str(detail)[-1500:].replace("\n", "\n#   ")
    print(("ok - " if ok else "not ok - ") + name + ("" if ok or not detail else ": " + detail))
    sys.stdout.flush()


def bash(cmd, stdin=subprocess.DEVNULL, timeout=60, env=None, cwd=TMP, pipefail=True):
    """Run cmd in bash (pipefail: a pipeline fails when any part does)."""
    p = subprocess.run(["bash"] + (["-o", "pipefail"] if pipefail else []) + ["-c", cmd],
                       stdin=stdin, cwd=cwd,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout,
                       env=env)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def commands(lines):
    """Command lines in text: continuation lines joined, "$ " prompts and
    trailing "# comments" dropped (the shell drops them too)."""
    out = []
    cur = ""
    for raw in lines:
        line = raw.strip()
        if line.startswith("$ "):
            line = line[2:]
        if cur:
            line = cur + " " + line
            cur = ""
        if line.endswith("\\"):
            cur = line[:-1].rstrip()
            continue
        if line.endswith("|"):
            cur = line
            continue
        # "smtpsim explain [-v] -f FILE" is a usage line, not an example
        if re.match(r"(\./)?smtpsim\b|swaks |curl |openssl |printf ", line) and "[-" not in line:
            out.append(line)
    return out


def help_examples(text):
    lines = []
    for line in text.splitlines():
        if line.startswith("Examples: "):
            lines += re.split(r"\s{3,}", line[len("Examples: "):])
        elif not line.startswith("Usage:"):
            lines.append(line)
    return commands(lines)


def readme_blocks():
    """(language, lines) of every fenced block in README.md."""
    blocks, lang, cur = [], None, None
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("```"):
                if cur is None:
                    lang, cur = line[3:].strip(), []
                else:
                    blocks.append((lang, cur))
                    cur = None
            elif cur is not None:
                cur.append(line)
    return blocks


class Serve:
    """`smtpsim serve ARGS`; the ports it bound, read from stderr."""

    def __init__(self, args, want):
        self.err = os.path.join(TMP, "serve%d.err" % id(self))
        with open(self.err, "wb") as e:
            self.proc = subprocess.Popen(["bash", "-c", "exec " + args], cwd=TMP,
                                         stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=e)
        self.ports = []
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and self.proc.poll() is None:
            self.ports = [int(p) for p in re.findall(r"listening on \S*:(\d+) ", self.stderr())]
            if len(self.ports) >= want:
                break
            time.sleep(0.05)

    def stderr(self):
        with open(self.err, encoding="utf-8", errors="replace") as f:
            return f.read()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return None


def own_paths(cmd):
    """The example as run here: our binary, our Maildir, our sample bounce."""
    # also inside quotes: swaks --pipe "smtpsim session"
    cmd = re.sub(r"(^|\| *|\s|\")(\./)?smtpsim\b", lambda m: m.group(1) + SMTPSIM, cmd)
    cmd = cmd.replace("/tmp/mail", os.path.join(TMP, "mail"))
    return cmd.replace("bounce.eml", os.path.join(DATA, "postfix-bounce.eml"))


def to_ports(cmd, ports):
    """Point 127.0.0.1:2525/2587/2465 (and URLs with them) at ports."""
    for fixed, real in ports.items():
        cmd = re.sub(r"(127\.0\.0\.1[:, ]+)%d\b" % fixed, r"\g<1>%d" % real, cmd)
    return cmd


def run_serve_example(name, cmd):
    args = re.sub(r"127\.0\.0\.1:\d+", "127.0.0.1:0", own_paths(cmd))
    if " -l " not in args:
        args += " -l 127.0.0.1:0"   # the default 2525 may be taken here
    want = max(1, args.count(" -l "))
    srv = Serve(args, want)
    started = len(srv.ports) == want
    rc = srv.stop()
    report(name + ": starts, listens, stops with status 0", started and rc == 0,
           (rc, srv.stderr()))


def run_example(name, cmd, ports):
    """Run one example; how depends on what it is."""
    if re.match(r"(\./)?smtpsim serve\b", cmd):
        return run_serve_example(name, cmd)
    full = to_ports(own_paths(cmd), ports)
    if "--plain" in cmd:
        # a lesson line by line: the example's input is part of a lesson,
        # which then stops at the end of that input (exit 1)
        rc, out, err = bash("XDG_STATE_HOME=%s/plain-state " % TMP + full, cwd=ROOT,
                            pipefail=False)
        report(name + ": plays the lesson's first step and stops at the end of input",
               rc == 1 and "Step 1 of " in out and "Lesson stopped at step" in out,
               (rc, out[-600:], err))
        return
    if re.match(r"(\./)?smtpsim( (lesson|play|ref)\b|$)", cmd):
        # The UI: past its arguments it asks for a terminal.
        rc, out, err = bash(full + " </dev/null", cwd=ROOT)
        report(name + ": arguments accepted (then it wants a terminal)",
               "needs a terminal" in err, (rc, err))
        return
    if cmd.startswith("openssl "):
        # a person at the keyboard: EHLO once TLS is up, QUIT once EHLO is
        # answered; stdin stays open until then (its end would close the
        # connection), and each wait is for the reply, not for a time
        argv = full if "-quiet" in full else full.replace(" -crlf", " -crlf -quiet")
        p = subprocess.Popen(["bash", "-c", "exec " + argv], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
        got = b""

        def until(pattern, timeout=20):
            nonlocal got
            deadline = time.monotonic() + timeout
            while not re.search(pattern, got, re.M) and time.monotonic() < deadline:
                r, _, _ = select.select([p.stdout], [], [], 0.5)
                if r:
                    chunk = os.read(p.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    got += chunk
            return re.search(pattern, got, re.M) is not None

        p.stdin.write(b"EHLO laptop\n")
        p.stdin.flush()
        ehlo = until(rb"^250 ")
        p.stdin.write(b"QUIT\n")
        p.stdin.flush()
        bye = until(rb"^221 2\.0\.0")
        p.stdin.close()
        try:
            p.wait(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
        err = p.stderr.read().decode("utf-8", "replace")
        out = got.decode("utf-8", "replace")
        report(name + ": TLS up, EHLO and QUIT answered", ehlo and bye, (out, err[-400:]))
        return
    if "jq " in cmd and not shutil.which("jq"):
        print("ok - %s # SKIP no jq" % name)
        return
    if cmd.startswith("swaks ") and "| smtpsim explain" in cmd:
        # swaks itself fails when a recipient is refused, which is what
        # such an example shows: the explanation is what must work
        rc, out, err = bash(full, cwd=ROOT, pipefail=False)
        report(name + ": explain exits 0 and reads swaks's replies",
               rc == 0 and re.search(r"\d+ replies found: [1-9]", out), (rc, out[-600:], err))
        return
    if cmd.startswith("swaks ") and "--pipe" in cmd:
        # no server: swaks runs smtpsim session and the whole transaction
        # goes through the pipe
        rc, out, err = bash(full, cwd=ROOT)
        report(name + ": a whole transaction through the pipe (queued, 221)",
               rc == 0 and "queued as" in out and "<-  221 " in out, (rc, out[-600:], err))
        return
    rc, out, err = bash(full, cwd=ROOT)
    report(name + ": exit 0", rc == 0, (rc, out[-600:], err))


def main():
    # One server for the client examples, on the ports they name.
    srv = Serve("%s serve -l 127.0.0.1:0 -p mta -l 127.0.0.1:0 -p submission "
                "-l 127.0.0.1:0 -p smtps --maildir %s/client-mail -q" % (SMTPSIM, TMP), 3)
    if len(srv.ports) != 3:
        report("a server for the client examples", False, srv.stderr())
        return
    ports = dict(zip((2525, 2587, 2465), srv.ports))

    for cmd in HELPS:
        rc, out, err = bash("%s %s --help" % (SMTPSIM, cmd))
        title = "smtpsim %s --help" % cmd if cmd else "smtpsim --help"
        wide = [l for l in out.splitlines() if len(l) > 80]
        report(title + ": exit 0, fits 80 columns", rc == 0 and not wide, (rc, wide, err))
        for ex in help_examples(out):
            run_example("%s example '%s'" % (title, ex), ex, ports)

    # Lesson ids the help gives as examples are real ones.
    rc, out, _ = bash(SMTPSIM + " lesson --help")
    idents = re.findall(r"\((\w[\w-]*)\)", out) + re.findall(r"\b\d\d-[a-z][a-z-]*\b", out)
    for ident in dict.fromkeys(idents):
        rc, _, err = bash("%s lesson %s </dev/null" % (SMTPSIM, ident), cwd=ROOT)
        report("lesson --help names lesson '%s', which exists" % ident,
               "needs a terminal" in err, err)

    for lang, lines in readme_blocks():
        if lang == "python":
            code = "\n".join(lines).replace("2587", str(ports[2587]))
            p = subprocess.run([sys.executable, "-c", code], capture_output=True, timeout=60)
            report("README Python example: sends through STARTTLS and AUTH",
                   p.returncode == 0, p.stderr.decode()[-800:])
            continue
        if lang not in ("sh", "console"):
            continue
        text = "\n".join(lines)
        if "printf 'From:" in text:
            # the curl examples read the file that the printf line writes
            script = "\n".join(to_ports(own_paths(c), ports) for c in commands(lines)
                               if not c.startswith(("openssl", "swaks")))
            rc, out, err = bash("set -e\n" + script, timeout=120)
            report("README curl examples (message.txt, plain, STARTTLS, smtps)", rc == 0,
                   (rc, err[-800:]))
            for c in commands(lines):
                if c.startswith(("openssl", "swaks")):
                    run_example("README example '%s'" % c, c, ports)
            continue
        for c in commands(lines):
            if c.startswith("make "):
                continue
            if c.startswith("printf") and "smtpsim session" in c:
                # the README shows the exact output: compare
                rc, out, err = bash(own_paths(c))
                shown = [l for l in lines if not l.startswith("$ ")]
                report("README session example prints what the README shows",
                       rc == 0 and out.replace("\r\n", "\n").splitlines() == shown,
                       (out, shown))
                continue
            run_example("README example '%s'" % c, c, ports)
    srv.stop()

    # No lessons anywhere: the message names each place searched.
    empty = os.path.join(TMP, "empty")
    os.mkdir(empty)
    env = dict(os.environ)
    env.pop("SMTPSIM_LESSONS", None)
    rc, out, err = bash(SMTPSIM + " lesson </dev/null", env=env, cwd=empty)
    if "no lessons found" not in err and "needs a terminal" in err:
        print("ok - no lessons found # SKIP smtpsim is installed here, with lessons")
    else:
        report("no lessons: exit 1, every directory searched and $SMTPSIM_LESSONS named",
               rc == 1 and "$SMTPSIM_LESSONS (not set)" in err and
               "./lessons (does not exist)" in err and "/smtpsim/lessons (" in err and
               "set SMTPSIM_LESSONS" in err, (rc, err))
        rc, out, err = bash(SMTPSIM + " check-lessons", env=env, cwd=empty)
        report("check-lessons without lessons anywhere: exit 1, the same explanation",
               rc == 1 and "$SMTPSIM_LESSONS (not set)" in err, (rc, err))
    env["SMTPSIM_LESSONS"] = os.path.join(TMP, "nowhere")
    rc, out, err = bash(SMTPSIM + " lesson 3 </dev/null", env=env, cwd=ROOT)
    report("SMTPSIM_LESSONS without lessons: it alone was searched, and the others named",
           rc == 1 and "$SMTPSIM_LESSONS=%s (does not exist) only" % env["SMTPSIM_LESSONS"]
           in err and "./lessons, then " in err, (rc, err))


try:
    main()
finally:
    shutil.rmtree(TMP, ignore_errors=True)
sys.exit(1 if FAILED else 0)
