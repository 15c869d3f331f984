#!/usr/bin/python3
"""The `opensmtpd` personality against the real OpenSMTPD.

Debian's opensmtpd package conflicts with the postfix package the other
tests use, so it is not installed: `apt-get download` fetches it into
$BUILD/opensmtpd once and `dpkg -x` unpacks it there. Its smtpd runs in
the foreground (-d) with a private smtpd.conf: it listens on a free
loopback port with the mta profile's host name, offers STARTTLS with a
throw-away certificate (the profile does), and delivers for the profile's
domain (example.com) to its mailboxes, which are users of the machine as
in Debian's default configuration (its "local" action: maildir, an alias
table), given by a userbase table so that the machine's own users (root,
nobody, which the name service adds) are not recipients. No relay rule:
everything else is refused, as OpenSMTPD's rule set does when no rule
matches.

The binary has its paths compiled in (/var/spool/smtpd, the chroot
/var/lib/opensmtpd/empty, the control socket /var/run/smtpd.sock) and
wants the opensmtpd and opensmtpq users its package would have created:
it runs in a private mount namespace where /etc/passwd and /etc/group
name those users, and /var/spool, /var/lib and /run are
throw-away directories. It is stopped with SIGTERM (smtpd -d exits on it)
and waited for.

Plays the dialogues against it and against `smtpsim session -P opensmtpd`
and fails on any difference in code, enhanced code or text; queue ids and
the client's address are normalised. The differences the engine decides
are pinned in KNOWN. One "ok - # SKIP" line when this cannot run here
(not root, no apt-get, no unshare, the download fails, smtpd does not
start)."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from taplib import report, status  # noqa: E402
import realmta  # noqa: E402
from realmta import DOMAIN, HOST, MAILBOXES, compare, play, play_sim  # noqa: E402

PACKAGE = "opensmtpd"
CACHE = os.path.abspath(os.path.join(os.environ.get("BUILD", "build"), "opensmtpd"))
ROOT = os.path.join(CACHE, "root")
SMTPD = os.path.join(ROOT, "usr", "sbin", "smtpd")
SMTPD_UID, SMTPQ_UID, MAILBOX_UID = 64990, 64991, 64992

def skip(why):
    realmta.skip("opensmtpd-real", why)


def fetch():
    """OpenSMTPD unpacked under ROOT, fetched the first time."""
    realmta.fetch_debs("opensmtpd-real", [PACKAGE], CACHE, ROOT, SMTPD)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def write_config(tmp, port):
    """smtpd.conf and the private /etc/passwd and /etc/group in TMP."""
    for d in ("spool", "lib/opensmtpd/empty", "run", "home"):
        os.makedirs(os.path.join(tmp, d))
    os.chmod(tmp, 0o755)  # the unprivileged processes walk below it
    for m in MAILBOXES:
        os.mkdir(os.path.join(tmp, "home", m))
        os.chown(os.path.join(tmp, "home", m), MAILBOX_UID, MAILBOX_UID)
    key, cert = os.path.join(tmp, "key.pem"), os.path.join(tmp, "cert.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=" + HOST, "-keyout", key, "-out", cert],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.chmod(key, 0o600)
    aliases = os.path.join(tmp, "aliases")
    with open(aliases, "w") as f:
        f.write("# the machine's own /etc/aliases is not the mta profile's\n")
    # the mailboxes as users of the machine, in a userbase table: through
    # the name service root and nobody would be recipients too
    userbase = os.path.join(tmp, "users")
    with open(userbase, "w") as f:
        f.writelines("%s %d:%d:%s\n" % (m, MAILBOX_UID, MAILBOX_UID, os.path.join(tmp, "home", m))
                     for m in MAILBOXES)
    conf = os.path.join(tmp, "smtpd.conf")
    with open(conf, "w") as f:
        f.write('pki %(host)s cert "%(cert)s"\n'
                'pki %(host)s key "%(key)s"\n'
                'table aliases file:%(aliases)s\n'
                'table users file:%(userbase)s\n'
                'listen on 127.0.0.1 port %(port)d tls pki %(host)s hostname %(host)s\n'
                # Debian's "local" action, into the throw-away homes
                'action "local" maildir alias <aliases> userbase <users>\n'
                'match from any for domain "%(domain)s" action "local"\n'
                % dict(host=HOST, cert=cert, key=key, aliases=aliases, userbase=userbase,
                       port=port, domain=DOMAIN))
    users = ["opensmtpd:x:%d:%d::/var/lib/opensmtpd/empty:/usr/sbin/nologin\n"
             % (SMTPD_UID, SMTPD_UID),
             "opensmtpq:x:%d:%d::/var/lib/opensmtpd/empty:/usr/sbin/nologin\n"
             % (SMTPQ_UID, SMTPQ_UID)]
    groups = ["opensmtpd:x:%d:\n" % SMTPD_UID, "opensmtpq:x:%d:\n" % SMTPQ_UID,
              "mailboxes:x:%d:\n" % MAILBOX_UID]
    # the users its package would create, root, and the mailboxes' group
    for name, add in (("passwd", users), ("group", groups)):
        with open(os.path.join(tmp, name), "w") as f:
            f.write("root:x:0:0:root:/root:/bin/sh\n" if name == "passwd" else "root:x:0:\n")
            f.writelines(add)
    return conf


NS_SCRIPT = ('mount --bind "$1/passwd" /etc/passwd && mount --bind "$1/group" /etc/group '
             '&& mount --bind "$1/spool" /var/spool && mount --bind "$1/lib" /var/lib '
             '&& mount --bind "$1/run" /run && shift && exec "$@"')


def smtpd(tmp, *args, **kw):
    return subprocess.Popen(["unshare", "-m", "sh", "-c", NS_SCRIPT, "sh", tmp, SMTPD] +
                            list(args), **kw)


def start(tmp):
    """smtpd in the foreground on a free port: (process, port, log file)."""
    port = free_port()
    conf = write_config(tmp, port)
    check = smtpd(tmp, "-n", "-f", conf, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    out = check.communicate(timeout=30)[0].decode("utf-8", "replace").strip()
    if check.returncode != 0 and conf in out:
        # it runs and refuses smtpd.conf: this test's own mistake
        raise RuntimeError("smtpd -n refuses the configuration: %s" % out[-300:])
    if check.returncode != 0:
        skip("smtpd does not run here: %s" % out[-300:])
    log = open(os.path.join(tmp, "smtpd.log"), "wb")
    p = smtpd(tmp, "-d", "-f", conf, stdout=log, stderr=subprocess.STDOUT)
    for _ in range(200):
        if p.poll() is not None:
            break
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return p, port, log
        except OSError:
            time.sleep(0.05)
    stop(p)
    with open(log.name, "rb") as f:
        skip("smtpd did not start: %s" % f.read()[-300:].decode("utf-8", "replace"))


def stop(p):
    if p.poll() is None:
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


class Hangup:
    """A socket's reading side where the server hanging up (a reset
    included) is the end of the stream."""

    def __init__(self, sock):
        self.f = sock.makefile("rb")

    def readline(self):
        try:
            return self.f.readline()
        except ConnectionResetError:
            return b""


def play_real(port, dialogue):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)

    def send(b):
        try:
            s.sendall(b)
        except (BrokenPipeError, ConnectionResetError):
            pass

    try:
        return play(send, Hangup(s), dialogue)
    finally:
        s.close()


def norm(lines):
    out = []
    for line in lines:
        line = re.sub(r"^250 2\.0\.0 [0-9A-Fa-f]+ Message accepted",
                      "250 2.0.0 QUEUEID Message accepted", line)
        line = line.replace("[127.0.0.1]", "[CLIENT]").replace("[192.0.2.10]", "[CLIENT]")
        out.append(line)
    return out


LONG = "x" * 2100
EHLO = "EHLO client.example.org"
HELO = "HELO client.example.org"
FROM = "MAIL FROM:<dave@example.org>"

DIALOGUES = [
    ("greeting, EHLO, QUIT", [EHLO, "QUIT"]),
    ("HELO", [HELO, "QUIT"]),
    ("a message, end of DATA", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA",
                                "From: Dave <dave@example.org>", "Subject: hello", "",
                                "Hi Alice.", ".", "QUIT"]),
    ("unknown user", [EHLO, FROM, "RCPT TO:<nobody@example.com>", "RCPT TO:<Bob@Example.COM>",
                      "QUIT"]),
    ("relay refused, then DATA", [EHLO, FROM, "RCPT TO:<someone@example.net>", "DATA",
                                  "QUIT"]),
    ("unknown command, HELP", [HELO, "FOO", "HELP", "HELP MAIL", "QUIT"]),
    ("VRFY, EXPN", [EHLO, "VRFY <alice@example.com>", "VRFY", "EXPN alice", "QUIT"]),
    ("RCPT before MAIL, then DATA", [EHLO, "RCPT TO:<alice@example.com>", "DATA", "QUIT"]),
    ("MAIL twice, DATA without RCPT", [EHLO, FROM, FROM, "DATA", "RSET", "QUIT"]),
    ("MAIL and RCPT without FROM: and TO:", [EHLO, "MAIL", FROM, "RCPT", "QUIT"]),
    ("malformed paths", [EHLO, "MAIL FROM:<bad", "MAIL FROM:dave@example.org", FROM,
                         "RCPT TO:<bad", "RCPT TO:bob@example.com", "QUIT"]),
    ("unknown parameters", [EHLO, "MAIL FROM:<dave@example.org> FOO=BAR", FROM,
                            "RCPT TO:<bob@example.com> FOO=BAR", "QUIT"]),
    ("MAIL before HELO", [FROM, "QUIT"]),
    ("HELO without a name", ["HELO", "QUIT"]),
    ("EHLO without a name", ["EHLO", "QUIT"]),
    ("HELO twice", [EHLO, HELO, "QUIT"]),
    ("arguments where none belong", [EHLO, "RSET x", "NOOP x", "STARTTLS x", "QUIT"]),
    ("QUIT with an argument", [EHLO, "QUIT now"]),
    ("RSET, NOOP, QUIT", [EHLO, FROM, "RSET", "NOOP", "QUIT"]),
    ("SIZE over the limit", [EHLO, "MAIL FROM:<dave@example.org> SIZE=99999999", "QUIT"]),
    ("AUTH not offered", [EHLO, "AUTH PLAIN", "QUIT"]),
    ("a DSN parameter", [EHLO, FROM, "RCPT TO:<bob@example.com> NOTIFY=NEVER", "QUIT"]),
    ("a 600-octet command line", [EHLO, "x" * 600, "QUIT"]),
    ("too-long command line", [EHLO, "NOOP " + LONG, "QUIT"]),
    ("null sender, postmaster", [EHLO, "MAIL FROM:<>", "RCPT TO:<postmaster@example.com>",
                                 "RCPT TO:<>", "DATA", "Subject: x", "", "x", ".", "QUIT"]),
    ("a message without a header", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA", "x", ".",
                                    "QUIT"]),
    ("a message over SIZE", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA"] +
     ["z" * 998] * 37000 + [".", "QUIT"]),
    ("101 recipients", [EHLO, FROM] + ["RCPT TO:<alice@example.com>"] * 102 + ["QUIT"]),
    ("21 unknown commands", [HELO] + ["FOO"] * 22 + ["QUIT"]),
    ("STARTTLS", [EHLO, "STARTTLS"]),
    ("an empty line", [EHLO, "", "QUIT"]),
    ("DATA with an argument, EXPN alone", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA x",
                                           "EXPN", "QUIT"]),
    ("lower case", ["ehlo client.example.org", "mail from:<dave@example.org>",
                    "rcpt to:<alice@example.com>", "rset", "quit"]),
    ("before HELO", ["HELP", "NOOP", "RCPT TO:<alice@example.com>", "DATA", "VRFY alice", "RSET",
                     "QUIT"]),
    ("AUTH and STARTTLS before EHLO", ["AUTH PLAIN", "STARTTLS", "QUIT"]),
    ("a space after the colon", [EHLO, "MAIL FROM: <dave@example.org>",
                                 "RCPT TO: <alice@example.com>", "QUIT"]),
    ("BODY= and SMTPUTF8", [EHLO, "MAIL FROM:<dave@example.org> BODY=8BITMIME", "RSET",
                            "MAIL FROM:<dave@example.org> SMTPUTF8", "RSET",
                            "MAIL FROM:<dave@example.org> BODY=BINARYMIME", "QUIT"]),
    ("DSN parameters", [EHLO, "MAIL FROM:<dave@example.org> RET=HDRS ENVID=abc",
                        "RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;bob@example.com",
                        "RCPT TO:<carol@example.com> NOTIFY=BOGUS", "QUIT"]),
    ("EHLO with an invalid name", ["EHLO a b c", "EHLO -bad-", "QUIT"]),
    ("a sender without a domain", [EHLO, "MAIL FROM:<dave>", "QUIT"]),
    ("recipient forms", [EHLO, FROM, "RCPT TO:<alice>", "RCPT TO:<alice@EXAMPLE.COM>",
                         "RCPT TO:<postmaster>", "QUIT"]),
    ("too-long message line", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA",
                               "y" * 1500, ".", "QUIT"]),
]

# (dialogue, reply index) -> (OpenSMTPD's reply, smtpsim's, why they differ)
KNOWN = {
    ("unknown command, HELP", 4): (
        "500 5.5.4 Invalid command arguments: command does not accept arguments.",
        ["214-2.0.0 This is OpenSMTPD",
         "214-2.0.0 To report bugs in the implementation, please contact bugs@openbsd.org",
         "214-2.0.0 with full details", "214 2.0.0 End of HELP info"],
        "OpenSMTPD's HELP takes no argument; the engine answers HELP with a topic "
        "(RFC 5321 4.1.1.8 allows one)"),
    ("MAIL and RCPT without FROM: and TO:", 2): (
        "500 5.5.1 Invalid command: Command unrecognized", "553 5.1.0 Sender address syntax error",
        "OpenSMTPD's command table holds \"MAIL FROM\" and \"RCPT TO\" whole; the engine "
        "has one reason for a missing FROM: and a path without brackets, and the "
        "personality words it as OpenSMTPD words the second"),
    ("MAIL and RCPT without FROM: and TO:", 4): (
        "500 5.5.1 Invalid command: Command unrecognized", "501 5.1.3 Recipient address syntax error",
        "the same for RCPT without TO:"),
    ("HELO twice", 2): (
        "503 5.5.1 Invalid command: Already identified",
        "250 mx.example.com Hello client.example.org [CLIENT], pleased to meet you",
        "OpenSMTPD takes one HELO/EHLO per session; the engine takes another, as RFC 5321 "
        "4.1.4 allows"),
    ("arguments where none belong", 3): (
        "500 5.5.4 Invalid command arguments: command does not accept arguments.", "250 2.0.0 Ok",
        "OpenSMTPD's NOOP takes no argument; the engine ignores NOOP's (RFC 5321 4.1.1.9)"),
    ("SIZE over the limit", 2): (
        "250 2.0.0 Ok", "552 5.3.4 Message size exceeds fixed limit",
        "OpenSMTPD 6.8 ignores MAIL's SIZE= and refuses only at the end of the data; the "
        "engine refuses a declared size over the limit at once (RFC 1870)"),
    ("a 600-octet command line", 2): (
        "500 5.5.1 Invalid command: Command unrecognized", "500 5.0.0 Command line too long",
        "OpenSMTPD reads longer command lines (measured: 600 octets read, 2100 refused); "
        "the engine refuses one over RFC 5321's 512 octets"),
    ("a message without a header", 5): (
        "550 5.7.1 Delivery not authorized, message refused: Message is not RFC 2822 compliant",
        "250 2.0.0 QUEUEID Message accepted for delivery",
        "OpenSMTPD checks the header's syntax (\"x\" is no header field); the engine "
        "takes any text"),
    ("101 recipients", 103): (
        "250 2.1.5 Destination address valid: Recipient ok",
        "451 4.5.3 Too many recipients: Too many recipients",
        "OpenSMTPD takes 1000 recipients (measured: the 1001st gets this same reply); the "
        "engine's limit is RFC 5321's minimum, 100"),
    ("101 recipients", 104): (
        "250 2.1.5 Destination address valid: Recipient ok",
        "451 4.5.3 Too many recipients: Too many recipients", "the same"),
    ("21 unknown commands", 22): (
        "500 5.5.1 Invalid command: Command unrecognized",
        "421 4.7.0 mx.example.com Error: too many errors",
        "OpenSMTPD does not hang up on errors (measured: 60 unknown commands); the engine "
        "does after 20"),
    ("21 unknown commands", 23): (
        "500 5.5.1 Invalid command: Command unrecognized", "(no reply)",
        "follows from the one before: the engine has hung up"),
    ("21 unknown commands", 24): (
        "221 2.0.0 Bye", "(no reply)", "follows from the one before: the engine has hung up"),
    ("before HELO", 6): (
        "503 5.5.1 Invalid command: Command not allowed at this point.", "250 2.0.0 Reset state",
        "OpenSMTPD wants HELO/EHLO before RSET; the engine takes RSET at any time "
        "(RFC 5321 4.1.4)"),
    ("AUTH and STARTTLS before EHLO", 1): (
        "503 5.5.1 Invalid command: Command not allowed at this point.",
        "503 5.5.1 Invalid command: Command not supported",
        "OpenSMTPD checks the command's place first; the engine finds AUTH not offered "
        "(the mta profile has none) first"),
    ("AUTH and STARTTLS before EHLO", 2): (
        "503 5.5.1 Invalid command: Command not allowed at this point.",
        "220 2.0.0 Ready to start TLS",
        "OpenSMTPD wants EHLO before STARTTLS; the engine takes STARTTLS before it"),
    ("BODY= and SMTPUTF8", 4): (
        "503 5.5.4 Invalid command arguments: Unsupported option SMTPUTF8", "250 2.0.0 Ok",
        "OpenSMTPD 6.8 has no SMTPUTF8; the engine has it (the personality does not "
        "announce it, as OpenSMTPD does not) and takes the parameter"),
    ("BODY= and SMTPUTF8", 6): (
        "503 5.5.4 Invalid command arguments: Unsupported option BODY=BINARYMIME",
        "250 2.0.0 Ok", "the same for BINARYMIME (RFC 3030)"),
    ("DSN parameters", 4): (
        "250 2.1.5 Destination address valid: Recipient ok",
        "501 5.5.4 Error: Bad NOTIFY parameter syntax",
        "OpenSMTPD ignores a NOTIFY= value it does not know; the engine refuses it "
        "(RFC 3461 4.1 lists the values)"),
    ("EHLO with an invalid name", 1): (
        "501 5.5.4 Invalid command arguments: Invalid domain name",
        ["250-mx.example.com Hello a [CLIENT], pleased to meet you", "250-8BITMIME",
         "250-ENHANCEDSTATUSCODES", "250-SIZE 36700160", "250-DSN", "250-STARTTLS", "250 HELP"],
        "OpenSMTPD checks the EHLO name's syntax; the engine checks no HELO/EHLO name "
        "and greets its first word"),
    ("EHLO with an invalid name", 2): (
        "501 5.5.4 Invalid command arguments: Invalid domain name",
        ["250-mx.example.com Hello -bad- [CLIENT], pleased to meet you", "250-8BITMIME",
         "250-ENHANCEDSTATUSCODES", "250-SIZE 36700160", "250-DSN", "250-STARTTLS", "250 HELP"],
        "the same"),
    ("a sender without a domain", 2): (
        "250 2.0.0 Ok", "553 5.1.0 Sender address syntax error",
        "OpenSMTPD takes a sender without a domain; the engine wants one (RFC 5321 4.1.2)"),
    ("recipient forms", 3): (
        "550 Invalid recipient: <alice@mx.example.com>", "501 5.1.3 Recipient address syntax error",
        "OpenSMTPD completes a bare local part with its host name, which is not the "
        "domain it receives for here; the engine refuses the path's syntax"),
    ("recipient forms", 5): (
        "550 Invalid recipient: <postmaster@mx.example.com>",
        "250 2.1.5 Destination address valid: Recipient ok",
        "the same completion; the engine takes <postmaster> as RFC 5321 4.5.1 requires"),
    ("too-long command line", 3): (
        "(no reply)", "221 2.0.0 Bye",
        "OpenSMTPD hangs up after a command line too long; the engine goes on"),
}


def main():
    if os.geteuid() != 0:
        skip("unpacking and running OpenSMTPD in a mount namespace needs root")
    for tool in ("unshare", "openssl"):
        if not shutil.which(tool):
            skip("needs %s" % tool)
    fetch()
    tmp = tempfile.mkdtemp(prefix="smtpsim-opensmtpd-")
    p = None
    try:
        try:
            p, port, log = start(tmp)
        except RuntimeError as e:
            report("a private OpenSMTPD starts", False, e)
            return
        first = play_real(port, ["QUIT"])
        if not first or not first[0] or not first[0][0].startswith("220 "):
            skip("OpenSMTPD does not answer here: %r" % first)
        report("OpenSMTPD runs on 127.0.0.1:%d: %s" % (port, first[0][0]), True)
        for name, dialogue in DIALOGUES:
            real = [norm(r) for r in play_real(port, dialogue)]
            sim = [norm(r) for r in play_sim("opensmtpd", dialogue)]
            compare("opensmtpd", "opensmtpd", name, real, sim, KNOWN)
        stop(p)
        report("OpenSMTPD stops on SIGTERM", p.returncode is not None, p.returncode)
        log.close()
    finally:
        if p is not None:
            stop(p)
        shutil.rmtree(tmp, ignore_errors=True)


main()
sys.exit(status())
