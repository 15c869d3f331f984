#!/usr/bin/python3
"""chaos.py — a careless learner plays every lesson through `lesson --plain`.

For every command step of every lesson: the steps before it are played by
their examples (read steps with an empty line, quizzes by the right
answer); at the step, a handful of likely slips from a corpus are typed
(QUIT, RSET, STARTTLS, AUTH LOGIN, a wrong base64 answer, EHLO, DATA, ".",
a 600-byte line, garbage bytes, :reset, :wait 1h); then the step is
finished by its example, or, where the runner said the step left its path,
by :restart and the example. The step after is skipped with :skip and the
rest played by examples. Every run must end with "Lesson complete", and no
note may name a reply code that the transcript above it does not show.

Seeded: a failure prints the seed, lesson and step to replay it.
"""
import json
import os
import random
import re
import select
import subprocess
import sys
import tempfile

SMTPSIM = os.environ.get("SMTPSIM", "./smtpsim")
LESSONS = os.environ.get("SMTPSIM_LESSONS", "lessons")
TIMEOUT = 20.0

SLIPS = [
    "QUIT", "RSET", "STARTTLS", "AUTH LOGIN", "AUTH PLAIN",
    "dGhpcyBpcyBub3QgaXQ=.", "EHLO slip.example.org", "HELO slip.example.org",
    "DATA", ".", " . ", "MAIL FROM:<nobody@nowhere.invalid>", "RCPT TO:<x@y.example>",
    "A" * 600, "\x01\x02garbage\x7f", "\xff\xfe", "", ":reset", ":wait 1h", ":hint",
    "::not meta", ":frobnicate", "NOOP", "VRFY bob",
]

failures = 0
restarts = 0
passed_by_slip = 0


def fail(msg):
    global failures
    failures += 1
    print("not ok - " + msg)


class Plain:
    """One `smtpsim lesson ID --plain` process, driven prompt by prompt."""

    def __init__(self, lesson_id, state):
        env = dict(os.environ, XDG_STATE_HOME=state, SMTPSIM_LESSONS=LESSONS)
        self.p = subprocess.Popen([SMTPSIM, "lesson", lesson_id, "--plain", "--afresh"],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=env)
        self.out = b""
        self.last = ""      # what came after the last line sent
        self.read_prompt()

    def read_prompt(self):
        """Read until the next "> " prompt (or the end). Returns the text."""
        start = len(self.out)
        fd = self.p.stdout.fileno()
        while True:
            tail = self.out[start:]
            if tail == b"> " or tail.endswith(b"\n> "):
                break
            r, _, _ = select.select([fd], [], [], TIMEOUT)
            if not r:
                raise TimeoutError("no prompt within %.0f s" % TIMEOUT)
            chunk = os.read(fd, 65536)
            if not chunk:
                break
            self.out += chunk
        self.last = self.out[start:].decode("utf-8", "replace")
        return self.last

    def send(self, line):
        if self.p.poll() is not None:
            return ""
        data = line.encode("utf-8", "surrogateescape") if isinstance(line, str) else line
        try:
            self.p.stdin.write(data + b"\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            return ""
        return self.read_prompt()

    def finish(self):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        rest = self.p.stdout.read()
        self.out += rest
        self.p.wait(timeout=TIMEOUT)
        return self.out.decode("utf-8", "replace"), self.p.returncode


def step_done(text):
    return "\nDone: " in "\n" + text or "\nSkipped: " in "\n" + text


def off_path(text):
    return "cannot be done from here" in text or "The connection is closed:" in text


def claims_ok(text):
    """Every code a note names appears as an S: line in the same answer."""
    shown = set(re.findall(r"^S: (\d{3})[ -]", text, re.M))
    for pat in (r"^\u2713 (\d{3}) to ", r"^Not yet: the server answered (\d{3}) ",
                r"Your last reply was (\d{3}) to "):
        for code in re.findall(pat, text, re.M):
            if code not in shown:
                return code
    return None


def quiz_answer(st):
    if "answer_text" in st:
        return st["answer_text"][0]
    ans = st["answer"]
    if isinstance(ans, int):
        ans = [ans]
    return ",".join(str(i + 1) for i in ans)


def play_by_example(pl, st, tag):
    """Solve the current step as the lesson's example does; then go on."""
    kind = st["kind"]
    if kind == "read":
        pl.send("")
        return True
    if kind == "quiz":
        out = pl.send(quiz_answer(st))
        if not step_done(out):
            fail("%s: the right answer %r was not accepted" % (tag, quiz_answer(st)))
            return False
        pl.send("")
        return True
    return finish_command(pl, st, tag, allow_restart=False)


def finish_command(pl, st, tag, allow_restart=True, was_off=False):
    out = ""
    off = was_off
    for _ in range(2):
        if off:
            if not allow_restart:
                break
            global restarts
            restarts += 1
            out = pl.send(":restart")
            check_claims(out, tag)
            off = False
        for line in st["example"]:
            out = pl.send(line)
            check_claims(out, tag)
            if step_done(out):
                pl.send("")
                return True
            if off_path(out):
                off = True
                break
        if not off:
            break
    fail("%s: the example did not finish the step; last answer:\n# %s" %
         (tag, out.replace("\n", "\n# ")))
    return False


def check_claims(out, tag):
    bad = claims_ok(out)
    if bad:
        fail("%s: a note names %s, which the transcript does not show:\n# %s" %
             (tag, bad, out.replace("\n", "\n# ")))


def run(lesson, k, seed, state):
    steps = lesson["steps"]
    tag = "%s step %d seed %d" % (lesson["id"], k + 1, seed)
    rng = random.Random(seed)
    pl = Plain(lesson["id"], state)
    try:
        for i in range(k):
            if not play_by_example(pl, steps[i], tag + " (before, step %d)" % (i + 1)):
                return False
        off = False
        done = False
        for _ in range(rng.randint(2, 5)):
            out = pl.send(rng.choice(SLIPS))
            check_claims(out, tag)
            if step_done(out):
                done = True
                break
            off = off_path(out)
        if done:
            global passed_by_slip
            passed_by_slip += 1
            pl.send("")
        elif not finish_command(pl, steps[k], tag, was_off=off):
            return False
        skipped = False
        for i in range(k + 1, len(steps)):
            if not skipped and steps[i]["kind"] != "read":
                out = pl.send(":skip")
                if not step_done(out):
                    fail("%s: :skip at step %d did not end it" % (tag, i + 1))
                    return False
                out = pl.send("")
                check_claims(out, tag)
                skipped = True
                continue
            if not play_by_example(pl, steps[i], tag + " (after, step %d)" % (i + 1)):
                return False
        text, rc = pl.finish()
        if rc != 0 or "\nLesson complete: " not in text:
            fail("%s: the run did not end with Lesson complete (exit %d):\n# %s" %
                 (tag, rc, text[-600:].replace("\n", "\n# ")))
            return False
        return True
    except (TimeoutError, OSError) as e:
        fail("%s: %s" % (tag, e))
        return False
    finally:
        if pl.p.poll() is None:
            pl.p.kill()
            pl.p.wait()


def main():
    files = sorted(f for f in os.listdir(LESSONS) if f.endswith(".json"))
    runs = 0
    with tempfile.TemporaryDirectory() as state:
        for f in files:
            with open(os.path.join(LESSONS, f), encoding="utf-8") as fh:
                lesson = json.load(fh)
            ok = True
            for k, st in enumerate(lesson["steps"]):
                if st["kind"] != "command":
                    continue
                seed = \
                    sum(map(ord, lesson["id"])) * 1000 + k
                runs += 1
                ok = run(lesson, k, seed, state) and ok
            print(("ok - " if ok else "not ok - ") + "%s: a careless learner ends every "
                  "run with Lesson complete" % f)
    print("# %d runs: %d restarted after leaving the path, %d passed by a slip" %
          (runs, restarts, passed_by_slip))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
