"""plainlib.py — drive `smtpsim lesson ID --plain` prompt by prompt (for
tests/e2e/chaos.py and plain.py). Quiz choices are shown shuffled, so a
quiz is answered by finding its right choices' text among the numbered
lines the runner printed."""
import os
import re
import select
import subprocess

SMTPSIM = os.environ.get("SMTPSIM", "./smtpsim")
LESSONS = os.environ.get("SMTPSIM_LESSONS", "lessons")
TIMEOUT = 20.0


class Quiz:
    """A token in a script of lines: answer the open quiz STEP rightly."""

    def __init__(self, step):
        self.step = step


class Plain:
    """One `smtpsim lesson ID --plain` process, driven prompt by prompt."""

    def __init__(self, args, state, lessons=LESSONS):
        env = dict(os.environ, XDG_STATE_HOME=state, SMTPSIM_LESSONS=lessons)
        self.p = subprocess.Popen([SMTPSIM, "lesson"] + list(args), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
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
        if isinstance(line, Quiz):
            line = self.quiz_answer(line.step)
        if self.p.poll() is not None:
            return ""
        data = line.encode("utf-8", "surrogateescape") if isinstance(line, str) else line
        try:
            self.p.stdin.write(data + b"\n")
            self.p.stdin.flush()
        except BrokenPipeError:
            return ""
        return self.read_prompt()

    def quiz_answer(self, st):
        """The right answer to quiz ST, as its choices are shown now."""
        if "answer_text" in st:
            return st["answer_text"][0]
        ans = st["answer"]
        ans = [ans] if isinstance(ans, int) else ans
        shown = {}
        for num, text in re.findall(r"^  (\d+)\) (.*)$", self.last, re.M):
            shown[text.strip()] = num
        picks = []
        for i in ans:
            text = st["choices"][i].replace("`", "").strip()
            picks.append(shown.get(text, "?"))
        return ",".join(picks)

    def finish(self):
        try:
            self.p.stdin.close()
        except BrokenPipeError:
            pass
        rest = self.p.stdout.read()
        self.out += rest
        err = self.p.stderr.read()
        self.p.wait(timeout=TIMEOUT)
        return self.out.decode("utf-8", "replace"), self.p.returncode, \
            err.decode("utf-8", "replace")

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def run_script(args, lines, state, lessons=LESSONS):
    """Feed LINES (strings or Quiz tokens) prompt by prompt; (rc, out, err)."""
    pl = Plain(args, state, lessons)
    try:
        for line in lines:
            pl.send(line)
        out, rc, err = pl.finish()
        return rc, out, err
    finally:
        pl.kill()
