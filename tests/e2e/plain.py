#!/usr/bin/python3
"""plain.py — `smtpsim lesson ID --plain` as a script or a screen reader
uses it: its output format, progress, and the six reports of the
lesson-runner issue played line by line, each now ending well."""
import json
import glob
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from plainlib import SMTPSIM, Quiz, run_script  # noqa: E402

FAILED = False
STATE = tempfile.mkdtemp()


def report(name, ok, detail=None):
    global FAILED
    print(("ok - " if ok else "not ok - ") + name)
    if not ok:
        FAILED = True
        if detail is not None:
            for line in str(detail).splitlines()[-40:]:
                print("# " + line)


def plain(args, lines, state=None):
    """Run lesson --plain on LINES, prompt by prompt (quizzes answered as
    their choices are shown)."""
    return run_script(args, lines, state or STATE)


def lesson(ident):
    """A lesson by its id (numbers change as the course grows)."""
    path = glob.glob("lessons/[0-9][0-9]-%s.json" % ident)[0]
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def solve(step):
    """The lines that solve a step by its example, then go on."""
    if step["kind"] == "read":
        return [""]
    if step["kind"] == "quiz":
        return [Quiz(step), ""]
    return step["example"] + [""]


def upto(ident, k):
    """Lines that play lesson IDENT's steps before step K (0-based)."""
    out = []
    for st in lesson(ident)["steps"][:k]:
        out += solve(st)
    return out


def after(text, marker):
    i = text.find(marker)
    return text[i:] if i >= 0 else ""


# --- the format -------------------------------------------------------------
l1 = lesson("first-contact")
all_lines = [l for st in l1["steps"] for l in solve(st)]
rc, out, err = plain(["first-contact", "--plain", "--afresh"], all_lines)
report("lesson 1 by its examples: Lesson complete with full points, exit 0",
       rc == 0 and re.search(r"^Lesson complete: (\d+) of \1 points$", out, re.M),
       (rc, out[-800:], err))
n = len(l1["steps"])
report("every step is announced as 'Step K of N: TITLE'",
       all(("Step %d of %d: " % (k + 1, n)) in out for k in range(n)), out[:1500])
report("server replies are S: lines", "\nS: 220 mx.example.com ESMTP smtpsim\n" in out, out[:600])
report("each turn is a '> ' prompt", out.count("> ") >= len(all_lines), out[:600])

rc, out, err = plain(["first-contact", "--plain", "--afresh"], ["HELO me.example.org"])
report("at the end of input: 'Lesson stopped at step K of N', exit 1",
       rc == 1 and out.rstrip().endswith("Lesson stopped at step 1 of %d" % n), (rc, out[-400:]))

# the prompt is flushed before input is read: a reader that waits for it
# gets it without closing stdin
p = subprocess.Popen([SMTPSIM, "lesson", "1", "--plain", "--afresh"], stdin=subprocess.PIPE,
                     stdout=subprocess.PIPE, env=dict(os.environ, XDG_STATE_HOME=STATE))
os.set_blocking(p.stdout.fileno(), True)
seen = b""
import select
while not seen.endswith(b"> "):
    r, _, _ = select.select([p.stdout], [], [], 10)
    if not r:
        break
    chunk = os.read(p.stdout.fileno(), 4096)
    if not chunk:
        break
    seen += chunk
report("the prompt arrives while stdin is still open (flushed)", seen.endswith(b"> "), seen)
p.stdin.close()
p.wait(timeout=10)

# progress: a second run resumes where the first stopped
st = tempfile.mkdtemp()
plain(["first-contact", "--plain", "--afresh"], ["HELO me.example.org", ""], state=st)
rc, out, err = plain(["first-contact", "--plain"], [], state=st)
report("a stopped lesson resumes at the next step, replaying what was done",
       "resumed at step 2 of" in out and "C: HELO client.example.org   [replayed]" in out,
       out[:1200])
rc, out, err = plain(["first-contact", "--plain", "--afresh"], [], state=st)
report("--afresh starts at step 1", "resumed" not in out and "Step 1 of" in out, out[:600])
report("progress is saved in XDG_STATE_HOME",
       os.path.exists(os.path.join(st, "smtpsim", "progress.json")))

rc, out, err = plain(["first-contact", "--plain", "--afresh"], [":quit", "HELO x"])
report(":quit stops at once", rc == 1 and "Lesson stopped at step 1" in out and
       "S: 250" not in out, (rc, out[-300:]))
rc, out, err = plain(["99", "--plain"], [])
report("an unknown lesson: exit 1, a clear message", rc == 1 and "no lesson '99'" in err,
       (rc, err))
rc, out, err = plain(["--plain"], [])
report("no lesson named: exit 2 and the list", rc == 2 and "first-contact" in err, (rc, err))
rc, out, err = plain(["first-contact", "--plain", "--afresh"], ["\x1b[31mHELO x", "\x07"])
report("control bytes typed are never written raw",
       "\x1b" not in out and "\x07" not in out and "^[" in out, repr(out[-400:]))
rc, out, err = plain(["first-contact", "--plain", "--afresh"], [":help"])
report(":help lists the meta-commands", ":restart" in out and ":skip" in out, out[-800:])

rc, out, err = plain(["greylisting", "--plain", "--afresh"], [":wait 4m"])
report(":wait marks the simulated clock as free play does",
       "\u2500\u2500 4 minutes later (simulated clock) \u2500\u2500" in out, out[-400:])

# a delivery status notification the lesson's world sends is shown whole
dsn_dir = tempfile.mkdtemp()
with open(os.path.join(dsn_dir, "01-dsn.json"), "w", encoding="utf-8") as f:
    json.dump({"id": "dsn", "title": "T", "summary": "S", "minutes": 5, "profile": "mta",
               "scenarios": ["bounce-after-accept"],
               "steps": [{"kind": "command", "prompt": "p", "points": 5,
                          "goal": {"message_accepted": True},
                          "example": ["EHLO c.example.org", "MAIL FROM:<alice@example.com>",
                                      "RCPT TO:<carol@example.com>", "DATA", "Subject: x", "",
                                      "hi", "."]}]}, f)
rc, out, err = run_script(["1", "--plain", "--afresh"],
                          json.load(open(os.path.join(dsn_dir, "01-dsn.json")))["steps"][0]["example"],
                          STATE, lessons=dsn_dir)
report("a DSN is shown whole, its status fields included",
       "-- a delivery status notification (failed) goes to <alice@example.com>:" in out and
       "   | Action: failed" in out and "   | Status: 5.2.2" in out, out[-1500:])

# --- the six reports, each ending well --------------------------------------
# 1. skip does the step: lesson 20, skip the login, then MAIL FROM works
l20 = lesson("final-exam")
lines = solve(l20["steps"][0]) + [":skip", "", "DATA", "", "MAIL FROM:<bob@example.com> SIZE=2000"]
rc, out, err = plain(["final-exam", "--plain", "--afresh"], lines)
tail = after(out, "Step 4 of")
report("report 1: a skipped login is done for the next steps (MAIL FROM gets 250)",
       "AUTH PLAIN" in out and "[replayed]" in out and
       re.search(r"^S: 250 2\.1\.0 Ok", tail, re.M) and "Done:" in tail, out[-1500:])
rc, out, err = plain(["first-contact", "--plain", "--afresh"], [":skip", "", "", "HELLO there"])
report("report 1: skipping lesson 1's first step greets for the next ones",
       "C: HELO client.example.org   [replayed]" in out and
       re.search(r"^S: 500 ", after(out, "Step 3 of"), re.M) and
       "Done:" in after(out, "Step 3 of"), out[-1200:])

# 2. lesson 11: STARTTLS before the plain EHLO leaves the step's path;
#    the pane says so, :restart sets it up, and the next step's refusal works
rc, out, err = plain(["starttls", "--plain", "--afresh"],
                     ["STARTTLS", "EHLO alice-laptop", ":hint", ":restart", "EHLO alice-laptop",
                      "", "AUTH LOGIN"])
report("report 2: STARTTLS first: 'TLS is already on', no hint, :restart",
       "TLS is already on" in out and "No hint fits from here" in out and
       "set up afresh" in out, out[-2000:])
s2 = after(out, "Step 2 of")
report("report 2: then AUTH in the clear is refused with 530 and the step passes",
       re.search(r"^S: 530 5\.7\.0 Must issue a STARTTLS command first", s2, re.M) and
       "Done: 10 of 10" in s2, s2)
s1 = after(out, "Step 1 of")
report("report 2: nothing says STARTTLS is listed while the transcript shows AUTH",
       "STARTTLS is in the list" not in s1.split(":restart")[0], s1[:1500])

# 3. lesson 12: a base64 line with a full stop ends the AUTH exchange
l12 = lesson("auth")
k = next(i for i, s in enumerate(l12["steps"]) if s.get("title") == "User name")
user = l12["steps"][k]["example"][0]
rc, out, err = plain(["auth", "--plain", "--afresh"],
                     upto("auth", k) + [user + ".", user, ":restart", user])
sk = after(out, "Step %d of" % (k + 1))
report("report 3: a slip that ends the AUTH exchange is named, :restart recovers",
       re.search(r"^S: 501 ", sk, re.M) and "The AUTH exchange was ended by the 501" in sk and
       "Done:" in after(sk, ":restart") if ":restart" in sk else False, sk[-1800:])

# 4. a right move in a several-line step is acknowledged, not "Not yet"
rc, out, err = plain(["data", "--plain", "--afresh"], ["EHLO client.example.org", "NOOP"])
report("report 4: EHLO in a two-line step: '\u2713 250 to EHLO \u2014 now name the sender'",
       "\u2713 250 to EHLO \u2014 now name the sender." in out and
       "Not yet: the server answered 250 to EHLO" not in out, out[-800:])
report("report 4: a reply off the way still says Not yet",
       "Not yet: the server answered 250 to NOOP." in out, out[-400:])

# 5. one voice: the exam acknowledges without saying what comes next
rc, out, err = plain(["final-exam", "--plain", "--afresh"], ["EHLO client.example.org"])
report("report 5: the exam says '\u2713 250 to EHLO.' and no next move",
       "\u2713 250 to EHLO." in out and "now " not in after(out, "Step 1 of"), out[-600:])

# 6. a command typed as message text is pointed out
l5 = lesson("data")
k = next(i for i, s in enumerate(l5["steps"]) if s.get("title") == "Write and send")
rc, out, err = plain(["data", "--plain", "--afresh"],
                     upto("data", k) + ["Subject: hi", "", "QUIT", " . ", "."])
sk = after(out, "Step %d of" % (k + 1))
report("report 6: QUIT and ' . ' in the body are noted as message text",
       "inside DATA every line is message text" in sk and "with spaces beside it" in sk and
       "Done:" in sk, sk[-1200:])

# a resume replays lesson 21's :batch: each line once, as the engine read
# it, marked; the replies after them all (one write)
st = tempfile.mkdtemp()
plain(["many-recipients", "--plain", "--afresh"], upto("many-recipients", 3), state=st)
rc, out, err = plain(["many-recipients", "--plain"], [], state=st)
batch = [l for l in lesson("many-recipients")["steps"][1]["example"] if l and l[0] != ":"]
shown = ["C: %s   [replayed]" % l for l in batch]
at = [out.find(l + "\n") for l in shown]
report("a replayed :batch shows each line once, marked, then the replies",
       "resumed at step 4" in out and all(out.count(l) == 1 for l in shown) and
       at == sorted(at) and at[0] >= 0 and out.find("S: 250 2.1.0") > at[-1] and
       "^J" not in out, out[:2000])

# a step may name another server's voice (lesson 28): from that step on
# the connection is to a server answering as it, also after a slip and a
# :restart, and when the lesson is resumed there
pers = lesson("personalities")
k = next(i for i, s in enumerate(pers["steps"]) if s.get("personality") == "postfix")
st = tempfile.mkdtemp()
rc, out, err = plain(["personalities", "--plain", "--afresh"],
                     upto("personalities", k) +
                     ["EHLO client.example.org", "RCPT TO:<bob@example.com>", ":restart"] +
                     solve(pers["steps"][k]), state=st)
# the new connection is opened (and greeted) as the step begins, before
# its heading: look from the step before it on
step = after(out, "Step %d of" % k)
pf = step.find("S: 220 mx.example.com ESMTP Postfix\n")
report("a step's personality: a new connection greeted by Postfix, Exim's left behind",
       step.count("S: 220 mx.example.com ESMTP Postfix\n") == 2 and pf > 0 and
       "ESMTP Exim" not in step[pf:] and "S: 554 5.5.1 Error: no valid recipients" in step and
       "Done:" in step, step[:2500])
rc, out, err = plain(["personalities", "--plain"], [], state=st)
greetings = re.findall(r"^S: 220 mx\.example\.com ESMTP (\w+)", out, re.M)
report("resumed after it: rebuilt on OpenSMTPD, the voice of the step it resumes at",
       greetings[-1:] == ["OpenSMTPD"] and "Step %d of" % (k + 2) in out and
       out.rfind("ESMTP OpenSMTPD") < out.find("Step %d of" % (k + 2)), (greetings, out[-1500:]))

sys.exit(1 if FAILED else 0)
