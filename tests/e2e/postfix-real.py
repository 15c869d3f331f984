#!/usr/bin/python3
"""The `postfix` personality against the real Postfix.

Starts a private Postfix (Debian's package, /usr/sbin/postfix) on a free
loopback port with a throw-away configuration directory: Debian's main.cf
and master.cf, the mta profile's domain (example.com) and mailboxes as
its only local destination and recipients, nothing relayed for 127.0.0.1,
no delivery (the discard transport). Then plays the same dialogues
against it and against `smtpsim session -P postfix`, and fails on any
difference in code, enhanced code or text; queue ids and the client's
address are normalised. The few differences the engine cannot express are
pinned in KNOWN with their reason: the test fails when one of them
changes (either side), so the list cannot go stale.

Prints "ok - NAME" / "not ok - NAME", or one "ok - # SKIP" line when
Postfix is not installed or we are not root (its master(8) needs root)."""

import atexit
import os
import pwd
import grp
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from taplib import report, status  # noqa: E402
import realmta  # noqa: E402
from realmta import DOMAIN, HOST, MAILBOXES, compare, play, play_sim  # noqa: E402

POSTFIX = "/usr/sbin/postfix"
POSTCONF = "/usr/sbin/postconf"


def skip(why):
    realmta.skip("postfix-real", why)


if not (os.access(POSTFIX, os.X_OK) and os.access(POSTCONF, os.X_OK)):
    skip("Debian's postfix package is not installed")
if os.geteuid() != 0:
    skip("starting Postfix's master(8) needs root")
try:
    pwd.getpwnam("postfix")
    grp.getgrnam("postdrop")
except KeyError:
    skip("the postfix user or the postdrop group is missing")


TMP = tempfile.mkdtemp(prefix="smtpsim-postfix-")
os.chmod(TMP, 0o755)  # the postfix user walks into the queue below it
CONF = os.path.join(TMP, "conf")
STARTED = []


def postconf(*args):
    subprocess.run([POSTCONF, "-c", CONF] + list(args), check=True,
                   stdout=subprocess.DEVNULL)


def cleanup():
    if STARTED:
        subprocess.run([POSTFIX, "-c", CONF, "stop"], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        pid = os.path.join(TMP, "queue", "pid", "master.pid")
        for _ in range(100):  # master removes nothing; wait for it to go
            try:
                with open(pid) as f:
                    os.kill(int(f.read().split()[0]), 0)
            except (OSError, ValueError, IndexError):
                break
            time.sleep(0.05)
    shutil.rmtree(TMP, ignore_errors=True)


atexit.register(cleanup)


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_postfix():
    os.mkdir(CONF)
    main = "/etc/postfix/main.cf"
    if not os.path.exists(main):  # installed with "No configuration"
        main = "/usr/share/postfix/main.cf.debian"
    master = "/etc/postfix/master.cf"
    if not os.path.exists(master):
        master = "/usr/share/postfix/master.cf.dist"
    shutil.copy(main, os.path.join(CONF, "main.cf"))
    shutil.copy(master, os.path.join(CONF, "master.cf"))
    for d in ("queue", "data"):
        os.mkdir(os.path.join(TMP, d))
    pw = pwd.getpwnam("postfix")
    os.chown(os.path.join(TMP, "data"), pw.pw_uid, pw.pw_gid)
    with open(os.path.join(CONF, "recipients"), "w") as f:
        f.writelines("%s ok\n" % m for m in MAILBOXES)
    # STARTTLS is offered by Debian's postinst (snakeoil cert, level may):
    # a throw-away certificate does the same here.
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                    "-days", "2", "-subj", "/CN=" + HOST,
                    "-keyout", os.path.join(CONF, "key.pem"),
                    "-out", os.path.join(CONF, "cert.pem")],
                   check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    port = free_port()
    postconf(
        "-e",
        "queue_directory=" + os.path.join(TMP, "queue"),
        "data_directory=" + os.path.join(TMP, "data"),
        "maillog_file_prefixes=" + TMP,
        "maillog_file=" + os.path.join(TMP, "maillog"),
        "inet_interfaces=loopback-only",
        "inet_protocols=ipv4",
        "myhostname=" + HOST,
        "mydomain=" + DOMAIN,
        "myorigin=" + DOMAIN,
        "mydestination=" + DOMAIN,
        "local_recipient_maps=texthash:" + os.path.join(CONF, "recipients"),
        "alias_maps=",
        "alias_database=",
        # the mta profile relays for nobody; Debian's mynetworks would
        # let 127.0.0.1 relay
        "mynetworks=192.0.2.250/32",
        # what Debian's postinst writes beside main.cf.debian
        "smtpd_relay_restrictions=permit_mynetworks permit_sasl_authenticated defer_unauth_destination",
        "smtpd_tls_cert_file=" + os.path.join(CONF, "cert.pem"),
        "smtpd_tls_key_file=" + os.path.join(CONF, "key.pem"),
        "smtpd_tls_security_level=may",
        # the personality models Postfix's own default banner; Debian's
        # main.cf adds " (Debian/GNU)" after $mail_name
        "smtpd_banner=$myhostname ESMTP $mail_name",
        # smtpsim has no queue to run: no ETRN (see KNOWN for the command)
        "smtpd_discard_ehlo_keywords=etrn",
        # nothing leaves or is delivered
        "local_transport=discard", "default_transport=discard",
        "relay_transport=discard",
    )
    postconf("-M#", "smtp/inet")
    postconf("-M", "127.0.0.1:%d/inet=127.0.0.1:%d inet n - n - - smtpd" % (port, port))
    postconf("-F", "*/*/chroot=n")  # a chroot would need a populated queue dir
    r = subprocess.run([POSTFIX, "-c", CONF, "start"], stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, text=True)
    STARTED.append(True)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return port
        except OSError:
            time.sleep(0.05)
    log = ""
    try:
        with open(os.path.join(TMP, "maillog")) as f:
            log = f.read()[-2000:]
    except OSError:
        pass
    raise RuntimeError("Postfix did not start (exit %d): %s %s" % (r.returncode, r.stdout, log))


def play_real(port, dialogue):
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        return play(s.sendall, s.makefile("rb"), dialogue)
    finally:
        s.close()


def norm(lines):
    out = []
    for line in lines:
        line = re.sub(r"queued as [0-9A-Za-z]+", "queued as QUEUEID", line)
        line = line.replace("[127.0.0.1]", "[CLIENT]").replace("[192.0.2.10]", "[CLIENT]")
        out.append(line)
    return out


LONG = "x" * 2100
EHLO = "EHLO client.example.org"
FROM = "MAIL FROM:<dave@example.org>"

# name -> the client's lines (each connection starts with the greeting)
DIALOGUES = [
    ("greeting, EHLO, QUIT", [EHLO, "QUIT"]),
    ("HELO", ["HELO client.example.org", "QUIT"]),
    ("a message, end of DATA", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA",
                                "Subject: hello", "", "Hi Alice.", ".", "QUIT"]),
    ("unknown user", [EHLO, FROM, "RCPT TO:<nobody@example.com>",
                      "RCPT TO:<Bob@Example.COM>", "DATA", "Subject: x", "", "x", ".",
                      "QUIT"]),
    ("relay refused", [EHLO, FROM, "RCPT TO:<someone@example.net>", "DATA", "QUIT"]),
    ("unknown command, HELP, EXPN", ["HELO client.example.org", "FOO", "HELP", "HELP MAIL",
                                     "EXPN alice", "QUIT"]),
    ("bad sequence", [EHLO, "RCPT TO:<alice@example.com>", "DATA", FROM, FROM, "DATA",
                      "RSET", "QUIT"]),
    ("syntax errors", [EHLO, "MAIL FROM:<bad", "MAIL", "MAIL FROM:<dave@example.org> FOO=BAR",
                       "MAIL FROM:<dave@example.org> SIZE=abc", FROM, "RCPT TO:<bad", "RCPT",
                       "RCPT TO:<carol@example.com> NOTIFY=SOMETIMES", "RSET x",
                       "STARTTLS x", "HELO", "EHLO", "QUIT"]),
    ("angle brackets optional", [EHLO, "MAIL FROM:dave@example.org",
                                 "RCPT TO:bob@example.com", "QUIT"]),
    ("VRFY", [EHLO, "VRFY alice", "VRFY <alice@example.com>", "VRFY", "QUIT"]),
    ("RSET, NOOP, QUIT", [EHLO, FROM, "RSET", "NOOP", "NOOP hello", "RCPT TO:<alice@example.com>",
                          "QUIT"]),
    ("QUIT with an argument", ["QUIT now"]),
    ("an empty line, AUTH not offered, SIZE over the limit",
     [EHLO, "", "AUTH PLAIN", "MAIL FROM:<dave@example.org> SIZE=99999999", "MAIL FROM:<>",
      "RCPT TO:<postmaster@example.com>", "QUIT"]),
    ("MAIL before HELO", [FROM, "QUIT"]),
    ("VRFY runs the recipient checks", [EHLO, "VRFY nobody", "VRFY <nobody@example.com>",
                                        "VRFY Bob", "VRFY someone@example.net", "VRFY a b",
                                        "VRFY <bad", "QUIT"]),
    ("too-long command line", [EHLO, "NOOP " + LONG, "QUIT"]),
    ("too-long message line", [EHLO, FROM, "RCPT TO:<alice@example.com>", "DATA",
                               "y" * 1500, ".", "QUIT"]),
]

# (dialogue, reply index) -> (Postfix's reply, smtpsim's, why they differ):
# what the engine decides differently and a reply table cannot restate.
# Both sides are checked: when either changes, the test fails and asks
# for this list to be brought up to date.
KNOWN = {
    ("MAIL before HELO", 1): (
        "250 2.1.0 Ok", "503 5.5.1 Error: send HELO/EHLO first",
        "Postfix's smtpd_helo_required defaults to no; the engine always wants HELO/EHLO"),
    ("QUIT with an argument", 1): (
        "221 2.0.0 Bye", "501 5.5.4 Syntax: QUIT",
        "Postfix ignores QUIT's argument; the engine refuses it (RFC 5321 4.1.1.10 gives QUIT none)"),
    ("too-long command line", 2): (
        "250 2.0.0 Ok", "500 5.5.0 Error: line too long",
        "Postfix reads line_length_limit (2048) octets and skips the rest; the engine "
        "refuses a command over RFC 5321's 512 octets"),
    ("too-long message line", 5): (
        "250 2.0.0 Ok: queued as QUEUEID", "500 5.5.0 Error: message text line too long",
        "Postfix stores a text line of any length in 2048-octet pieces; the engine "
        "refuses one over RFC 5321's 1000 octets"),
    ("an empty line, AUTH not offered, SIZE over the limit", 5): (
        "552 5.3.4 Message size exceeds fixed limit", "250 2.1.0 Ok",
        "measured: Postfix 3.7 applies a refused MAIL's SIZE= to the next MAIL until "
        "RSET or another SIZE=; the engine forgets it"),
    ("an empty line, AUTH not offered, SIZE over the limit", 6): (
        "503 5.5.1 Error: need MAIL command", "250 2.1.5 Ok",
        "follows from the one before: Postfix has no transaction open"),
}


def main():
    try:
        port = start_postfix()
    except Exception as e:  # noqa: BLE001 - one clear failure
        report("a private Postfix starts", False, e)
        return
    report("a private Postfix starts on 127.0.0.1:%d" % port, True)
    for name, dialogue in DIALOGUES:
        real = [norm(r) for r in play_real(port, dialogue)]
        sim = [norm(r) for r in play_sim("postfix", dialogue)]
        compare("postfix", "postfix", name, real, sim, KNOWN)


main()
sys.exit(status())
