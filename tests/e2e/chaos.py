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
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from plainlib import LESSONS, Plain, Quiz  # noqa: E402

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


def step_done(text):
    return "\nDone: " in "\n" + text or "\nSkipped: " in "\n" + text


def off_path(text):
    return ("cannot be done from here" in text or "The connection is closed:" in text or
            "still off its path" in text)


def claims_ok(text):
    """Every code a note names appears as an S: line in the same answer."""
    shown = set(re.findall(r"^S: (\d{3})[ -]", text, re.M))
    for pat in (r"^\u2713 (\d{3}) to ", r"^Not yet: the server answered (\d{3}) ",
                r"Your last reply was (\d{3}) to "):
        for code in re.findall(pat, text, re.M):
            if code not in shown:
                return code
    return None


def play_by_example(pl, st, tag):
    """Solve the current step as the lesson's example does; then go on."""
    kind = st["kind"]
    if kind == "read":
        pl.send("")
        return True
    if kind == "quiz":
        out = pl.send(Quiz(st))
        if not step_done(out):
            fail("%s: the right answer was not accepted:\n# %s" %
                 (tag, out.replace("\n", "\n# ")))
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
    pl = Plain([lesson["id"], "--plain", "--afresh"], state)
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
        text, rc, _ = pl.finish()
        if rc != 0 or "\nLesson complete: " not in text:
            fail("%s: the run did not end with Lesson complete (exit %d):\n# %s" %
                 (tag, rc, text[-600:].replace("\n", "\n# ")))
            return False
        return True
    except (TimeoutError, OSError) as e:
        fail("%s: %s" % (tag, e))
        return False
    finally:
        pl.kill()


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
                # several rounds of slips per step (CHAOS_ROUNDS, default 3)
                for rnd in range(int(os.environ.get("CHAOS_ROUNDS", "3"))):
                    seed = sum(map(ord, lesson["id"])) * 1000 + k + rnd * 7919
                    runs += 1
                    ok = run(lesson, k, seed, state) and ok
            print(("ok - " if ok else "not ok - ") + "%s: a careless learner ends every "
                  "run with Lesson complete" % f)
    print("# %d runs: %d restarted after leaving the path, %d passed by a slip" %
          (runs, restarts, passed_by_slip))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
