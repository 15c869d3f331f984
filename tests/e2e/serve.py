#!/usr/bin/python3
"""End-to-end tests of `smtpsim serve`: real clients (Python's smtplib,
swaks, curl, openssl s_client, raw sockets) against the real binary on
loopback ports it picks itself (-l 127.0.0.1:0). Prints "ok - NAME" /
"not ok - NAME" lines; exits 1 when any failed."""

import asyncio
import base64
import email.message
import json
import os
import re
import smtplib
import socket
import ssl
import subprocess
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from taplib import no_verify, report, status, test  # noqa: E402
import servelib  # noqa: E402
from servelib import SMTPSIM, SOCK_TIMEOUT, Raw, Server  # noqa: E402

TMP = servelib.workdir("smtpsim-serve-")


MAILDIR = os.path.join(TMP, "maildir")


def snapshot(root=MAILDIR):
    found = set()
    for dirpath, _, files in os.walk(root):
        for f in files:
            found.add(os.path.join(dirpath, f))
    return found


def new_files(before, mailbox, root=MAILDIR):
    d = os.path.join(root, mailbox, "new") + os.sep
    return sorted(f for f in snapshot(root) - before if f.startswith(d))


def check_delivery(name, before, mailbox, sender, rcpt, body, host="mx.example.com",
                   proto="ESMTP", helo=None, tls=False, qid=None):
    """Exactly one new file in MAILBOX: Return-Path, Received, then the
    message as sent with CRLF turned into LF, byte for byte."""
    files = new_files(before, mailbox)
    if len(files) != 1:
        report(name, False, "%d new files in %s/new (all new: %s)" %
               (len(files), mailbox, sorted(snapshot() - before)))
        return None
    with open(files[0], "rb") as f:
        data = f.read()
    helo_re = re.escape(helo.encode()) if helo else rb"[^ \n]+"
    tls_re = rb"\t\(using TLSv1\.[23] with cipher [A-Z0-9_-]+ \(\d+/\d+ bits\)\)\n" if tls else b""
    head = (rb"Return-Path: <" + re.escape(sender.encode()) + rb">\n"
            rb"Received: from " + helo_re + rb" \(unknown \[127\.0\.0\.1\]\)\n" + tls_re +
            rb"\tby " + re.escape(host.encode()) + rb" \(smtpsim\) with " +
            proto.encode() + rb" id ([0-9A-F]+)\n"
            rb"\tfor <" + re.escape(rcpt.encode()) + rb">; "
            rb"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{1,2} [A-Z][a-z]{2} \d{4} "
            rb"\d\d:\d\d:\d\d [+-]\d{4}\n")
    m = re.match(head, data)
    if not m:
        report(name, False, "header mismatch: %r" % data[:400])
        return None
    if qid is not None and m.group(1).decode() != qid:
        report(name, False, "Received id %s, but the client was told %s" % (m.group(1), qid))
        return None
    rest = data[m.end():]
    want = body.replace(b"\r\n", b"\n")
    report(name, rest == want, "body %r != %r" % (rest[:300], want[:300]))
    return data


def queued_as(out):
    """The queue id the client was given in "250 2.0.0 Ok: queued as ID"."""
    m = re.search(r"queued as ([0-9A-F]+)", out)
    return m.group(1) if m else "(none)"


def run(cmd, stdin=None, timeout=60):
    p = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace")


# --- command line ---------------------------------------------------------------


@test
def command_line():
    rc, out = run([SMTPSIM, "serve", "--help"])
    report("serve --help exits 0 and documents the options",
           rc == 0 and "--maildir" in out and "--tls-cert" in out and "--max-clients" in out,
           "rc=%s" % rc)
    rc, out = run([SMTPSIM, "serve", "--bogus"])
    report("an unknown option is a usage error (exit 2)", rc == 2 and "--bogus" in out,
           "rc=%s %s" % (rc, out))
    rc, out = run([SMTPSIM, "serve", "-p", "nosuch"])
    report("an unknown profile is a usage error (exit 2)", rc == 2 and "nosuch" in out,
           "rc=%s %s" % (rc, out))
    rc, out = run([SMTPSIM, "serve", "-l", "::1:25"])
    report("an IPv6 address without brackets is a usage error", rc == 2, "rc=%s %s" % (rc, out))
    rc, out = run([SMTPSIM, "serve", "-l", "127.0.0.1:0", "-r", "NOPE=999"])
    report("a malformed rule is a usage error", rc == 2, "rc=%s %s" % (rc, out))
    rc, out = run([SMTPSIM, "serve", "-l", "127.0.0.1:0", "-p", "mta", "-p", "smtps"])
    report("two profiles for one -l are a usage error", rc == 2, "rc=%s %s" % (rc, out))
    # a port that is taken: exit 1 with a message naming it
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    port = s.getsockname()[1]
    rc, out = run([SMTPSIM, "serve", "-l", "127.0.0.1:%d" % port], timeout=20)
    s.close()
    report("a port in use: exit 1 and a message", rc == 1 and str(port) in out,
           "rc=%s %s" % (rc, out))


MAIN = Server("-l", "127.0.0.1:0", "-p", "mta", "-l", "127.0.0.1:0", "-p", "submission",
              "-l", "127.0.0.1:0", "-p", "smtps", "--maildir", MAILDIR, "--timeout", "60")
MTA, SUB, SMTPS = MAIN.ports


# --- Python smtplib -----------------------------------------------------------------


@test
def smtplib_plain():
    body = (b"Subject: plain\r\nFrom: <x@example.org>\r\n\r\nline one\r\n"
            b".a line with a leading dot\r\n\r\nlast line\r\n")
    before = snapshot()
    with smtplib.SMTP("127.0.0.1", MTA, local_hostname="client.test",
                      timeout=SOCK_TIMEOUT) as c:
        code, banner = c.ehlo()
        report("smtplib: EHLO gets 250 with PIPELINING and STARTTLS",
               code == 250 and b"PIPELINING" in banner and b"STARTTLS" in banner, banner)
        refused = c.sendmail("x@example.org", ["alice@example.com"], body)
        report("smtplib: sendmail accepted", refused == {}, refused)
    check_delivery("smtplib: Maildir file is the message byte for byte", before, "alice",
                   "x@example.org", "alice@example.com", body, helo="client.test")


@test
def smtplib_send_message():
    msg = email.message.EmailMessage()
    msg["From"] = "sender@example.org"
    msg["To"] = "bob@example.com"
    msg["Subject"] = "send_message test"
    msg.set_content("Hello Bob,\nthis came through send_message.\n")
    before = snapshot()
    with smtplib.SMTP("127.0.0.1", MTA, timeout=SOCK_TIMEOUT) as c:
        refused = c.send_message(msg)
    files = new_files(before, "bob")
    data = open(files[0], "rb").read() if len(files) == 1 else b""
    report("smtplib: send_message delivers to bob's Maildir",
           refused == {} and b"Subject: send_message test\n" in data and
           data.endswith(b"this came through send_message.\n"), (refused, files, data[-200:]))


@test
def smtplib_rejects():
    with smtplib.SMTP("127.0.0.1", MTA, timeout=SOCK_TIMEOUT) as c:
        c.ehlo("client.test")
        code, _ = c.docmd("RCPT TO:<alice@example.com>")
        report("smtplib: RCPT before MAIL is 503", code == 503, code)
        c.docmd("MAIL FROM:<x@example.org>")
        code, text = c.docmd("RCPT TO:<nobody@example.com>")
        report("smtplib: unknown user is 550 5.1.1", code == 550 and b"5.1.1" in text, text)
        code, text = c.docmd("RCPT TO:<someone@elsewhere.example>")
        report("smtplib: relaying on the MX is refused (554 5.7.1)",
               code == 554 and b"5.7.1" in text, text)


@test
def smtplib_submission_starttls_login():
    body = b"Subject: submitted\r\n\r\nover STARTTLS after AUTH\r\n"
    before = snapshot()
    with smtplib.SMTP("127.0.0.1", SUB, local_hostname="laptop.test",
                      timeout=SOCK_TIMEOUT) as c:
        c.ehlo()
        report("submission: no AUTH before STARTTLS", not c.has_extn("auth"), c.esmtp_features)
        code, text = c.docmd("AUTH PLAIN")
        report("submission: AUTH before STARTTLS is 530 5.7.0 (538 is historical)",
               code == 530 and text.startswith(b"5.7.0 Must issue a STARTTLS"), (code, text))
        code, text = c.docmd("MAIL FROM:<alice@example.com>")
        report("submission: MAIL before STARTTLS is 530", code == 530, (code, text))
        c.starttls(context=no_verify())
        c.ehlo()
        report("submission: AUTH offered after STARTTLS", c.has_extn("auth"), c.esmtp_features)
        try:
            c.login("alice@example.com", "wrong")
            report("submission: a wrong password is 535", False, "login passed")
        except smtplib.SMTPAuthenticationError as e:
            report("submission: a wrong password is 535", e.smtp_code == 535, e)
        code, text = c.login("alice@example.com", "wonderland")
        report("submission: login gets 235", code == 235, (code, text))
        refused = c.sendmail("alice@example.com", ["bob@example.com", "carol@Elsewhere.Example"],
                             body)
        report("submission: sendmail to a local and a remote recipient", refused == {}, refused)
    check_delivery("submission: local recipient's Maildir file (ESMTPSA, TLS noted)", before,
                   "bob", "alice@example.com", "bob@example.com", body,
                   host="smtp.example.com", proto="ESMTPSA", helo="laptop.test", tls=True)
    check_delivery("submission: a remote recipient lands in DIR/<whole address>/",
                   before, "carol@elsewhere.example", "alice@example.com",
                   "carol@Elsewhere.Example", body, host="smtp.example.com",
                   proto="ESMTPSA", helo="laptop.test", tls=True)


@test
def smtplib_smtps():
    body = b"Subject: implicit\r\n\r\nTLS from the first byte\r\n"
    before = snapshot()
    with smtplib.SMTP_SSL("127.0.0.1", SMTPS, context=no_verify(),
                          timeout=SOCK_TIMEOUT) as c:
        c.ehlo("tls.test")
        report("smtps: STARTTLS not offered, AUTH offered",
               not c.has_extn("starttls") and c.has_extn("auth"), c.esmtp_features)
        c.login("bob", "builder")
        c.sendmail("bob@example.com", ["alice@example.com"], body)
    check_delivery("smtps: Maildir file after SMTP_SSL + login", before, "alice",
                   "bob@example.com", "alice@example.com", body, host="smtp.example.com",
                   proto="ESMTPSA", helo="tls.test", tls=True)


# --- swaks ----------------------------------------------------------------------------


def swaks(port, *args):
    return run(["swaks", "--server", "127.0.0.1:%d" % port, "--helo", "swaks.test",
                "--timeout", "20"] + list(args), timeout=60)


SWAKS_BODY = b"Subject: from swaks\r\nX-Test: 1\r\n\r\nhello from swaks\r\n..two dots\r\n"


def swaks_sent(out):
    """The message text as swaks shows it sent it (its transcript, between
    the 354 and the lone dot), dot-stuffing undone, CRLF line ends."""
    lines, inside = [], False
    for ln in out.splitlines():
        if re.match(r"<[-~]  354 ", ln):
            inside = True
        elif inside and ln[4:] == ".":
            break
        elif inside and ln[:4] in (" -> ", " ~> "):
            text = ln[4:]
            lines.append(text[1:] if text.startswith(".") else text)
    return "".join(t + "\r\n" for t in lines).encode()


def swaks_data():
    path = os.path.join(TMP, "swaks-data.txt")
    with open(path, "wb") as f:
        f.write(SWAKS_BODY)
    return "@" + path


@test
def swaks_plain():
    before = snapshot()
    rc, out = swaks(MTA, "--from", "x@example.org", "--to", "alice@example.com",
                       "--data", swaks_data())
    report("swaks: the client's view of the message is what we gave it",
           swaks_sent(out).startswith(SWAKS_BODY), swaks_sent(out))
    report("swaks: plain transaction succeeds",
           rc == 0 and "<-  250 2.0.0 Ok: queued as" in out and "<-  221 2.0.0 Bye" in out, out)
    check_delivery("swaks: Maildir file byte for byte, Received id = queue id given",
                   before, "alice", "x@example.org", "alice@example.com", swaks_sent(out),
                   helo="swaks.test", qid=queued_as(out))


@test
def swaks_starttls():
    before = snapshot()
    rc, out = swaks(MTA, "--tls", "--from", "x@example.org", "--to", "bob@example.com",
                       "--data", swaks_data())
    report("swaks --tls: STARTTLS then the transaction",
           rc == 0 and "<-  220 2.0.0 Ready to start TLS" in out and
           "<~  250 2.0.0 Ok: queued as" in out, out)
    check_delivery("swaks --tls: Maildir file notes TLS (ESMTPS)", before, "bob",
                   "x@example.org", "bob@example.com", swaks_sent(out), proto="ESMTPS",
                   helo="swaks.test", tls=True)


@test
def swaks_auth():
    for mech, user, pw, rcpt in (("LOGIN", "alice@example.com", "wonderland", "bob@example.com"),
                                 ("PLAIN", "bob@example.com", "builder", "alice@example.com")):
        before = snapshot()
        rc, out = swaks(SUB, "--tls", "--auth", mech, "--auth-user", user,
                           "--auth-password", pw, "--from", user, "--to", rcpt,
                           "--data", swaks_data())
        report("swaks --auth %s on submission: 235 then 250" % mech,
               rc == 0 and "235 2.7.0" in out and "<~  250 2.0.0 Ok: queued as" in out, out)
        check_delivery("swaks --auth %s: Maildir file" % mech, before, rcpt.split("@")[0],
                       user, rcpt, swaks_sent(out), host="smtp.example.com", proto="ESMTPSA",
                       helo="swaks.test", tls=True)
    rc, out = swaks(SUB, "--tls", "--auth", "PLAIN", "--auth-user", "alice@example.com",
                       "--auth-password", "nope", "--from", "alice@example.com",
                       "--to", "bob@example.com")
    report("swaks: a wrong password gets 535 5.7.8", rc != 0 and "535 5.7.8" in out, out)
    rc, out = swaks(SUB, "--tls", "--auth", "LOGIN", "--auth-user", "alice@example.com",
                       "--auth-password", "wonderland", "--from", "bob@example.com",
                       "--to", "bob@example.com")
    report("swaks: a sender the user does not own gets 553 5.7.1",
           rc != 0 and "553 5.7.1" in out, out)
    # the engine masks the credentials before the log sees the line
    report("log: AUTH PLAIN's initial response is hidden",
           MAIN.wait_log(r"^\[conn \d+\] C: AUTH PLAIN <credentials hidden>$"))
    log = MAIN.log()
    secrets = ["wonderland", "builder",
               base64.b64encode(b"wonderland").decode(),
               base64.b64encode(b"\0bob@example.com\0builder").decode()]
    report("log: AUTH credentials never reach it", not any(x in log for x in secrets),
           [x for x in secrets if x in log])


@test
def swaks_implicit_tls():
    rc, out = swaks(SMTPS, "--tlsc", "--auth", "PLAIN", "--auth-user", "alice@example.com",
                       "--auth-password", "wonderland", "--from", "alice@example.com",
                       "--to", "bob@example.com", "--data", swaks_data())
    report("swaks --tlsc on smtps", rc == 0 and "<~  250 2.0.0 Ok: queued as" in out, out)


# --- curl -------------------------------------------------------------------------------


CURL_BODY = b"From: curl@example.org\r\nSubject: from curl\r\n\r\nuploaded by curl\r\n.\r\n"


def curl_upload(url, *extra, rcpt="alice@example.com", sender="curl@example.org"):
    path = os.path.join(TMP, "curl-body.txt")
    with open(path, "wb") as f:
        f.write(CURL_BODY)
    return run(["curl", "-sS", "-v", "--max-time", "30", url, "--mail-from", sender,
                "--mail-rcpt", rcpt, "--upload-file", path] + list(extra), timeout=60)


@test
def curl_plain():
    before = snapshot()
    rc, out = curl_upload("smtp://127.0.0.1:%d/curl.test" % MTA)
    report("curl smtp://: upload succeeds", rc == 0 and "250 2.0.0 Ok: queued as" in out, out)
    check_delivery("curl smtp://: Maildir file byte for byte (dot-stuffing undone)", before,
                   "alice", "curl@example.org", "alice@example.com", CURL_BODY,
                   helo="curl.test", qid=queued_as(out))


@test
def curl_starttls():
    before = snapshot()
    rc, out = curl_upload("smtp://127.0.0.1:%d/curl.test" % MTA, "--ssl-reqd", "-k")
    report("curl --ssl-reqd: STARTTLS then upload",
           rc == 0 and "STARTTLS" in out and "250 2.0.0 Ok: queued as" in out, out)
    check_delivery("curl --ssl-reqd: Maildir file notes TLS", before, "alice",
                   "curl@example.org", "alice@example.com", CURL_BODY, proto="ESMTPS",
                   helo="curl.test", tls=True)


@test
def curl_smtps_auth():
    before = snapshot()
    rc, out = curl_upload("smtps://127.0.0.1:%d/curl.test" % SMTPS, "-k", "--user",
                          "alice@example.com:wonderland", rcpt="bob@example.com",
                          sender="alice@example.com")
    report("curl smtps:// with --user: AUTH and upload", rc == 0 and "235 2.7.0" in out, out)
    check_delivery("curl smtps://: Maildir file", before, "bob", "alice@example.com",
                   "bob@example.com", CURL_BODY, host="smtp.example.com", proto="ESMTPSA",
                   helo="curl.test", tls=True)


# --- openssl s_client ------------------------------------------------------------------------


@test
def openssl_starttls():
    script = (b"EHLO ossl.test\nMAIL FROM:<o@example.org>\nRCPT TO:<carol@example.com>\n"
              b"DATA\nSubject: s_client\n\nsent through openssl s_client\n.\nQUIT\n")
    before = snapshot()
    rc, out = run(["openssl", "s_client", "-starttls", "smtp", "-connect",
                   "127.0.0.1:%d" % MTA, "-crlf", "-ign_eof", "-nocommands",
                   "-servername", "mx.example.com"], stdin=script, timeout=60)
    report("openssl s_client -starttls smtp: certificate for mx.example.com",
           "CN = mx.example.com" in out or "CN=mx.example.com" in out, out[-2000:])
    report("openssl s_client -starttls smtp: transaction over TLS",
           "250 2.0.0 Ok: queued as" in out and "221 2.0.0 Bye" in out, out[-2000:])
    check_delivery("openssl s_client: Maildir file", before, "carol", "o@example.org",
                   "carol@example.com",
                   b"Subject: s_client\r\n\r\nsent through openssl s_client\r\n",
                   proto="ESMTPS", helo="ossl.test", tls=True)


# --- protocol behaviour over the wire ----------------------------------------------------------


@test
def pipelining():
    r = Raw(MTA)
    code, _ = r.reply()
    r.send(b"EHLO pipe.test\r\nMAIL FROM:<p@example.org>\r\nRCPT TO:<alice@example.com>\r\n"
           b"RCPT TO:<nobody@example.com>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n")
    codes = [r.reply()[0] for _ in range(6)]
    report("PIPELINING: one write, six replies in order", codes == [250, 250, 250, 550, 250, 354],
           codes)
    r.send(b"Subject: pipelined\r\n\r\nbody\r\n.\r\nNOOP\r\nQUIT\r\n")
    codes = [r.reply()[0] for _ in range(3)]
    report("PIPELINING: end of data, NOOP and QUIT in one write", codes == [250, 250, 221], codes)
    report("PIPELINING: the server closes after 221", r.until_eof() == b"")
    r.close()


@test
def starttls_injection():
    """Bytes pipelined after STARTTLS must not be obeyed after the handshake
    (CVE-2011-0411)."""
    r = Raw(MTA)
    r.reply()
    r.send(b"EHLO inject.test\r\n")
    r.reply()
    r.send(b"STARTTLS\r\nMAIL FROM:<injected@example.org>\r\n")
    code, _ = r.reply()
    report("STARTTLS: 220 before the handshake", code == 220, code)
    tls = no_verify().wrap_socket(r.sock, server_hostname="mx.example.com")
    r.sock = tls
    r.buf = b""
    r.send(b"EHLO inject.test\r\n")
    code, lines = r.reply()
    report("STARTTLS: the first reply over TLS answers EHLO, not the injected MAIL",
           code == 250 and lines[0].startswith(b"250-mx.example.com"), lines)
    r.send(b"RCPT TO:<alice@example.com>\r\n")
    code, _ = r.reply()
    report("STARTTLS: no transaction survives from before TLS (RCPT is 503)", code == 503, code)
    r.send(b"QUIT\r\n")
    r.reply()
    r.close()
    report("STARTTLS: the log says what was discarded",
           MAIN.wait_log(r"discarded \d+ bytes sent after STARTTLS"))
    report("STARTTLS: the discarded command is not logged as a client line",
           "C: MAIL FROM:<injected@example.org>" not in MAIN.log())


@test
def log_transcript():
    r = Raw(MTA)
    r.reply()
    r.send(b"EHLO log.test\r\nNOOP \x1b[31mred\x07\r\nQUIT\r\n")
    for _ in range(3):
        r.reply()
    r.close()
    report("log: client lines as [conn N] C:", MAIN.wait_log(r"^\[conn \d+\] C: EHLO log\.test$"))
    MAIN.wait_log(r"^\[conn \d+\] C: QUIT")
    log = MAIN.log()
    report("log: server lines as [conn N] S:",
           re.search(r"^\[conn \d+\] S: 250-mx\.example\.com$", log, re.M) is not None)
    report("log: control bytes from the client are made visible",
           "\x1b" not in log and "\x07" not in log and "^[[31mred^G" in log,
           [ln for ln in log.splitlines() if "red" in ln])
    report("log: error replies are explained",
           re.search(r"^\[conn \d+\] -- 5\d\d: ", log, re.M) is not None)


@test
def delivery_failure():
    # a regular file where postmaster's Maildir should be: writing fails
    with open(os.path.join(MAILDIR, "postmaster"), "w") as f:
        f.write("in the way\n")
    before = snapshot()
    with smtplib.SMTP("127.0.0.1", MTA, timeout=SOCK_TIMEOUT) as c:
        c.ehlo("fail.test")
        c.mail("x@example.org")
        c.rcpt("alice@example.com")
        c.rcpt("postmaster@example.com")
        code, text = c.data(b"Subject: cannot store\r\n\r\nx\r\n")
    report("a failed delivery is answered 451 4.3.0", code == 451 and b"4.3.0" in text,
           (code, text))
    report("a failed delivery leaves no file in any mailbox (all or nothing)",
           snapshot() - before == set(), snapshot() - before)


# --- robustness ----------------------------------------------------------------------------------


def transaction_works(port, rcpt="alice@example.com"):
    with smtplib.SMTP("127.0.0.1", port, timeout=SOCK_TIMEOUT) as c:
        return c.sendmail("check@example.org", [rcpt], b"Subject: still here\r\n\r\nok\r\n") == {}


@test
def disconnect_mid_data():
    closed = r"-- closed \((client disconnected|connection reset)\)"
    for how in ("close", "reset"):
        before = snapshot()
        ncl = len(re.findall(closed, MAIN.log()))
        r = Raw(MTA)
        r.reply()
        r.send(b"EHLO cut.test\r\nMAIL FROM:<cut@example.org>\r\nRCPT TO:<abuse@example.com>\r\n"
               b"DATA\r\n")
        codes = [r.reply()[0] for _ in range(4)]
        r.send(b"Subject: never finished\r\n\r\nhalf a message\r\n.")
        if how == "reset":
            r.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
        r.close()
        # wait for the server to have seen the disconnect, not for a time
        deadline = time.monotonic() + 10
        while len(re.findall(closed, MAIN.log())) <= ncl and time.monotonic() < deadline:
            time.sleep(0.02)
        report("disconnect mid-DATA (%s): the server saw it" % how,
               len(re.findall(closed, MAIN.log())) > ncl, MAIN.log()[-400:])
        report("disconnect mid-DATA (%s): nothing delivered" % how,
               codes == [250, 250, 250, 354] and new_files(before, "abuse") == [],
               (codes, new_files(before, "abuse")))
    report("disconnect mid-DATA: the server goes on", transaction_works(MTA))


@test
def endless_line():
    """100 MB without a line end: memory stays bounded, the line is answered."""
    r = Raw(MTA)
    r.reply()
    r.send(b"EHLO long.test\r\n")
    r.reply()
    hwm_before = MAIN.vmhwm_kb()
    chunk = b"A" * (1 << 20)
    got = []

    def reader():
        try:
            got.append(r.reply())
        except Exception as e:  # noqa: BLE001
            got.append(e)

    t = threading.Thread(target=reader, daemon=True)
    t.start()
    for _ in range(100):
        r.send(chunk)
    r.send(b"\r\nNOOP\r\n")
    t.join(SOCK_TIMEOUT)
    code = got[0][0] if got and isinstance(got[0], tuple) else got
    report("100 MB line: answered 500 5.5.0 line too long",
           code == 500 and b"5.5.0" in got[0][1][0], got)
    code, _ = r.reply()
    report("100 MB line: the session goes on (NOOP 250)", code == 250, code)
    r.close()
    growth = MAIN.vmhwm_kb() - hwm_before
    report("100 MB line: the server's peak memory grew by less than 16 MB",
           growth < 16 * 1024, "%d KB" % growth)


@test
def endless_data():
    """100 MB of message text: the SIZE limit (10 MB) applies while it
    arrives, so the server's memory stays bounded, and the end is 552. (The
    bound leaves room for the sanitizer build's own overhead.)"""
    r = Raw(MTA)
    r.reply()
    r.send(b"EHLO big.test\r\nMAIL FROM:<big@example.org>\r\nRCPT TO:<alice@example.com>\r\n"
           b"DATA\r\n")
    codes = [r.reply()[0] for _ in range(4)]
    hwm_before = MAIN.vmhwm_kb()
    line = b"x" * 98 + b"\r\n"
    block = line * 10000
    for _ in range(100):
        r.send(block)
    r.send(b".\r\n")
    code, lines = r.reply()
    r.close()
    report("100 MB of DATA: 552 5.3.4 at the end", codes == [250, 250, 250, 354] and code == 552
           and b"5.3.4" in lines[0], (codes, lines))
    growth = MAIN.vmhwm_kb() - hwm_before
    report("100 MB of DATA: the server's peak memory grew by less than 48 MB",
           growth < 48 * 1024, "%d KB" % growth)


@test
def long_text_line():
    """A 5000-byte line of message text is answered at the final dot."""
    r = Raw(MTA)
    r.reply()
    r.send(b"EHLO t.test\r\nMAIL FROM:<t@example.org>\r\nRCPT TO:<alice@example.com>\r\n"
           b"DATA\r\n")
    codes = [r.reply()[0] for _ in range(4)]
    r.send(b"Subject: long\r\n\r\n" + b"y" * 5000 + b"\r\n.\r\nNOOP\r\n")
    code, lines = r.reply()
    code2, _ = r.reply()
    r.close()
    report("an over-long text line: 500 5.5.0 at the dot, and the session goes on",
           codes == [250, 250, 250, 354] and code == 500 and b"5.5.0" in lines[0] and
           code2 == 250, (codes, lines, code2))


@test
def garbage_bytes():
    r = Raw(MTA)
    r.reply()
    junk = bytes(range(256)) * 64 + b"\r\n\x00\xff\xfe\r\r\r\n\n\n" + os.urandom(65536)
    try:
        r.send(junk)
    except OSError:
        pass  # the server may hang up before reading it all
    data = r.until_eof()
    report("garbage: answered with 500s, then 421 4.7.0 too many errors",
           data.startswith(b"500 ") and b"421 4.7.0" in data, data[:300])
    r.close()
    report("garbage: the server goes on", MAIN.alive() and transaction_works(MTA))


@test
def client_that_never_reads():
    """Commands pipelined without ever reading a reply: the server stops
    reading once its replies pile up, so its memory stays bounded."""
    hwm_before = MAIN.vmhwm_kb()
    r = Raw(MTA)
    r.sock.setblocking(False)
    chunk = b"NOOP\r\n" * 20000
    sent = 0
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline and sent < 200 * len(chunk):
        try:
            sent += r.sock.send(chunk)
        except BlockingIOError:
            time.sleep(0.05)
    r.close()
    growth = MAIN.vmhwm_kb() - hwm_before
    report("a client that never reads: the server's peak memory grew by less than 16 MB",
           growth < 16 * 1024, "%d KB after %d bytes" % (growth, sent))
    report("a client that never reads: the server goes on", transaction_works(MTA))


@test
def greeting_scenarios():
    srv = Server("-s", "overloaded", "-l", "127.0.0.1:0", "-l", "127.0.0.1:0", "-p", "smtps",
                 listeners=2)
    r = Raw(srv.ports[0])
    data = r.until_eof()
    r.close()
    report("-s overloaded: greeting 421 <domain> without an enhanced code, then the server "
           "hangs up", data.startswith(b"421 mx.example.com Service not available") and
           data.count(b"\r\n") == 1, data)
    with socket.create_connection(("127.0.0.1", srv.ports[1]), timeout=SOCK_TIMEOUT) as s:
        with no_verify().wrap_socket(s, server_hostname="smtp.example.com") as t:
            data = b""
            while True:
                chunk = t.recv(4096)
                if not chunk:
                    break
                data += chunk
    report("-s overloaded on smtps: the 421 comes inside TLS",
           data.startswith(b"421 smtp.example.com "), data)
    srv.stop()
    srv = Server("-l", "127.0.0.1:0", "-s", "blocked-client")
    r = Raw(srv.port)
    code, _ = r.reply()
    r.send(b"EHLO x.test\r\nQUIT\r\n")
    codes = [r.reply()[0] for _ in range(2)]
    r.close()
    report("-s blocked-client: 554, then 503 to EHLO, 221 to QUIT",
           code == 554 and codes == [503, 221], (code, codes))
    srv.stop()


@test
def tls_garbage():
    # implicit TLS: an HTTP request instead of a ClientHello
    r = Raw(SMTPS)
    r.send(b"GET / HTTP/1.0\r\n\r\n" + os.urandom(2000))
    data = r.until_eof()
    report("smtps: a non-TLS client is dropped without an SMTP greeting",
           b"220" not in data, data[:100])
    r.close()
    # STARTTLS, then garbage instead of a handshake
    r = Raw(MTA)
    r.reply()
    r.send(b"EHLO x.test\r\n")
    r.reply()
    r.send(b"STARTTLS\r\n")
    code, _ = r.reply()
    r.send(b"\x16\x03\x01\x00\x05hello" + os.urandom(500))
    r.until_eof()
    r.close()
    report("STARTTLS then garbage: that connection is closed", code == 220)
    report("TLS garbage: the log names the failed handshake",
           MAIN.wait_log(r"TLS handshake failed"))
    with smtplib.SMTP_SSL("127.0.0.1", SMTPS, context=no_verify(), timeout=SOCK_TIMEOUT) as c:
        code, _ = c.ehlo("after.test")
    report("TLS garbage: smtps still serves", code == 250, code)


@test
def many_clients():
    """500 clients connected at once, each then completing a transaction."""
    n = 500
    before = snapshot()
    greeted = 0

    async def client(i, gate):
        nonlocal greeted
        reader, writer = await asyncio.open_connection("127.0.0.1", MTA)

        async def reply():
            while True:
                line = await reader.readline()
                if not line:
                    raise EOFError("closed")
                if line[3:4] != b"-":
                    return int(line[:3])

        assert await reply() == 220
        greeted += 1
        if greeted == n:
            gate.set()
        await gate.wait()
        codes = []
        for cmd in (b"EHLO c%d.test\r\n" % i, b"MAIL FROM:<c%d@example.org>\r\n" % i,
                    b"RCPT TO:<postmaster>\r\n", b"DATA\r\n",
                    b"Subject: client %d\r\n\r\nfrom client %d\r\n.\r\n" % (i, i),
                    b"QUIT\r\n"):
            writer.write(cmd)
            await writer.drain()
            codes.append(await reply())
        writer.close()
        return codes

    async def main():
        gate = asyncio.Event()
        tasks = [asyncio.ensure_future(client(i, gate)) for i in range(n)]
        return await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 90)

    # postmaster's Maildir was blocked by delivery_failure: clear the way
    pm = os.path.join(MAILDIR, "postmaster")
    if os.path.isfile(pm):
        os.unlink(pm)
    results = asyncio.run(main())
    good = sum(1 for r in results if r == [250, 250, 250, 354, 250, 221])
    report("500 clients at once: every transaction completes", good == n,
           "%d of %d; e.g. %r" % (good, n, [r for r in results if r != [250, 250, 250, 354,
                                                                          250, 221]][:3]))
    files = new_files(before, "postmaster")
    report("500 clients at once: 500 Maildir files", len(files) == n, len(files))


@test
def random_dialogues():
    """Random pieces of SMTP, split at random places, from 10 clients at a
    time, ending in QUIT, a close or a reset: the server must survive all of
    it and still work. The seed is printed, to replay a failure."""
    import random
    seed = int(os.environ.get("SERVE_SEED", time.time_ns() % 100000))
    print("# random_dialogues seed %d" % seed)
    pieces = [b"EHLO x.test\r\n", b"HELO x.test\r\n", b"MAIL FROM:<a@example.org>\r\n",
              b"MAIL FROM:<>\r\n", b"MAIL FROM:<alice@example.com> SIZE=99999999999\r\n",
              b"RCPT TO:<alice@example.com>\r\n", b"RCPT TO:<x@elsewhere.example>\r\n",
              b"DATA\r\n", b"Subject: r\r\n\r\nbody\n\r\n", b".\r\n", b"RSET\r\n",
              b"STARTTLS\r\n", b"AUTH PLAIN\r\n", b"AUTH LOGIN\r\n", b"AUTH CRAM-MD5\r\n",
              b"*\r\n", b"AGFsaWNlAHdvbmRlcmxhbmQ=\r\n", b"YWxpY2U=\r\n", b"!!!\r\n",
              b"QUIT\r\n", b"\r\n", b"\n", b"\x00\xff\xfe", b"\r", b"A" * 1500, b"BDAT 10\r\n",
              b"NOOP\r\n", b"VRFY alice\r\n", b"EXPN staff\r\n", b"HELP\r\n", b"\x16\x03\x01"]
    rng = random.Random(seed)
    plans = []
    for _ in range(200):
        port = rng.choice([MTA, SUB])
        data = b"".join(rng.choice(pieces) if rng.random() < 0.9 else
                        bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 300)))
                        for _ in range(rng.randint(1, 40)))
        cuts = sorted(rng.sample(range(len(data) + 1), min(3, len(data) + 1)))
        plans.append((port, data, cuts, rng.choice(["quit", "close", "reset"])))

    def one(plan):
        port, data, cuts, end = plan
        try:
            r = Raw(port)
            r.sock.settimeout(1)
            prev = 0
            for c in cuts + [len(data)]:
                r.send(data[prev:c])
                prev = c
            if end == "quit":
                r.send(b"\r\n.\r\nQUIT\r\n")  # out of DATA, if in it
                try:
                    r.until_eof()
                except OSError:
                    pass
            elif end == "reset":
                r.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\0\0\0\0\0\0\0")
            r.close()
        except OSError:
            pass  # the server may hang up first (too many errors, 421)

    def worker(chunk):
        for plan in chunk:
            one(plan)

    threads = [threading.Thread(target=worker, args=(plans[k::10],), daemon=True) for k in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    report("random dialogues: the server is alive and still delivers",
           MAIN.alive() and transaction_works(MTA), "seed %d" % seed)


# --- separate servers for timeouts, limits, signals ---------------------------------------------


@test
def idle_timeout():
    srv = Server("-l", "127.0.0.1:0", "-l", "127.0.0.1:0", "-p", "smtps", "--timeout", "1")
    r = Raw(srv.ports[0])
    code, _ = r.reply()
    rest = r.until_eof()  # says nothing; the server must hang up
    report("idle timeout: 421 4.4.2 then close",
           code == 220 and rest.startswith(b"421 4.4.2 "), rest)
    r.close()
    r = Raw(srv.ports[1])
    data = r.until_eof()  # never starts the TLS handshake
    report("idle timeout: a silent client on smtps is closed too", data == b"", data)
    r.close()
    report("idle timeout: logged", srv.wait_log(r"idle for 1 s"))
    report("idle timeout: SIGTERM then exit 0", srv.stop() == 0)


@test
def connection_limit():
    srv = Server("-l", "127.0.0.1:0", "--max-clients", "2")
    a, b = Raw(srv.port), Raw(srv.port)
    a.reply()
    b.reply()
    c = Raw(srv.port)
    data = c.until_eof()
    report("over --max-clients: 421 4.7.0 and close",
           data.startswith(b"421 4.7.0 mx.example.com Error: too many connections"), data)
    c.close()
    a.send(b"QUIT\r\n")
    a.reply()
    a.until_eof()
    a.close()
    # the server notices the close at its next turn: try for a while
    code = None
    for _ in range(100):
        d = Raw(srv.port)
        code, _ = d.reply()
        d.close()
        if code == 220:
            break
        time.sleep(0.1)
    report("a place freed: the next client is greeted", code == 220, code)
    b.close()
    srv.stop()


@test
def sigterm_during_traffic():
    """Every message answered 250 is on disk after SIGTERM; idle sessions
    get 421 4.3.2; the exit status is 0."""
    md = os.path.join(TMP, "maildir-term")
    srv = Server("-l", "127.0.0.1:0", "--maildir", md, "--quiet")
    idle = Raw(srv.port)
    idle.reply()
    accepted = []
    stop = threading.Event()
    errors = []

    def sender(k):
        i = 0
        while not stop.is_set() or i == 0:
            try:
                with smtplib.SMTP("127.0.0.1", srv.port, timeout=SOCK_TIMEOUT) as c:
                    while True:
                        token = "tok-%d-%d" % (k, i)
                        i += 1
                        c.sendmail("s@example.org", ["alice@example.com"],
                                   ("Subject: %s\r\n\r\n%s\r\n" % (token, token)).encode())
                        accepted.append(token)
            except (smtplib.SMTPException, OSError) as e:
                errors.append(e)
                return

    threads = [threading.Thread(target=sender, args=(k,), daemon=True) for k in range(8)]
    for t in threads:
        t.start()
    deadline = time.monotonic() + 30
    while len(accepted) < 100 and time.monotonic() < deadline:
        time.sleep(0.01)
    rc = srv.stop()
    stop.set()
    for t in threads:
        t.join(SOCK_TIMEOUT)
    idle_data = idle.until_eof()
    idle.close()
    report("SIGTERM: exit status 0", rc == 0, rc)
    report("--quiet: no conversation log", srv.log() == "", srv.log()[:200])
    report("SIGTERM: an idle session gets 421 4.3.2", idle_data.startswith(b"421 4.3.2 "),
           idle_data)
    stored = set()
    d = os.path.join(md, "alice", "new")
    for f in os.listdir(d) if os.path.isdir(d) else []:
        m = re.search(rb"Subject: (tok-\d+-\d+)\n", open(os.path.join(d, f), "rb").read())
        if m:
            stored.add(m.group(1).decode())
    missing = [t for t in accepted if t not in stored]
    report("SIGTERM: every message answered 250 is in the Maildir (%d)" % len(accepted),
           len(accepted) >= 100 and not missing, "missing %s" % missing[:5])
    tmp = os.path.join(md, "alice", "tmp")
    report("SIGTERM: nothing left behind in tmp/", not os.listdir(tmp), os.listdir(tmp))


@test
def json_log():
    srv = Server("-l", "127.0.0.1:0", "--json-log", "-s", "greylist", "--greylist-delay", "1")
    with smtplib.SMTP("127.0.0.1", srv.port, timeout=SOCK_TIMEOUT) as c:
        c.ehlo("json.test")
        c.mail("grey@example.org")
        code1, text1 = c.rcpt("alice@example.com")
        c.rset()
    first = time.monotonic()
    # retry as a sending server would (sooner, the delay being 1 s), until
    # the greylist lets the triplet through (the server's clock counts whole
    # seconds, so that may come a little before 1 s of real time)
    code2, waited = 0, 0.0
    while code2 != 250 and time.monotonic() - first < 10:
        time.sleep(0.2)
        with smtplib.SMTP("127.0.0.1", srv.port, timeout=SOCK_TIMEOUT) as c:
            c.ehlo("json.test")
            c.mail("grey@example.org")
            code2, _ = c.rcpt("alice@example.com")
            waited = time.monotonic() - first
            if code2 == 250:
                c.docmd("NOOP", "\x1b[2J")
    report("greylisting on the real clock: 450 4.2.0, then 250 once the delay is over",
           code1 == 450 and b"4.2.0" in text1 and code2 == 250,
           (code1, text1, code2, waited))
    srv.stop()
    lines = srv.log().splitlines()
    try:
        objs = [json.loads(ln) for ln in lines]
        ok = all("event" in o and "conn" in o and "time" in o for o in objs)
    except ValueError as e:
        objs, ok = [], False
        report("--json-log: every line is a JSON object", False, e)
    if ok:
        report("--json-log: every line is a JSON object", True)
    events = {o["event"] for o in objs}
    report("--json-log: connect, command, reply, state and close events",
           {"connect", "command", "reply", "state", "close"} <= events, events)
    report("--json-log: replies carry code, enhanced code and why",
           any(o["event"] == "reply" and o.get("code") == 450 and o.get("enh") == "4.2.0" and
               o.get("why") == "GREYLISTED" for o in objs))
    report("--json-log: no raw control bytes in the output",
           not any(ch in srv.log() for ch in "\x1b\x07"))


@test
def own_certificate():
    cert, key = os.path.join(TMP, "cert.pem"), os.path.join(TMP, "key.pem")
    rc, out = run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key,
                   "-out", cert, "-days", "2", "-subj", "/CN=own.example.test"])
    if rc != 0:
        report("--tls-cert: a certificate made with openssl req", False, out)
        return
    srv = Server("-l", "127.0.0.1:0", "-p", "smtps", "--tls-cert", cert, "--tls-key", key)
    with socket.create_connection(("127.0.0.1", srv.port), timeout=SOCK_TIMEOUT) as s:
        with no_verify().wrap_socket(s) as t:
            der = t.getpeercert(binary_form=True)
            greeting = t.recv(512)
    pem = ssl.DER_cert_to_PEM_cert(der)
    rc, text = run(["openssl", "x509", "-noout", "-subject"], stdin=pem.encode())
    report("--tls-cert/--tls-key: the server presents that certificate",
           "own.example.test" in text and greeting.startswith(b"220 "), (text, greeting))
    srv.stop()
    other = os.path.join(TMP, "other-key.pem")
    run(["openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256",
         "-out", other])
    rc, out = run([SMTPSIM, "serve", "-l", "127.0.0.1:0", "--tls-cert", cert, "--tls-key",
                   other], timeout=20)
    report("--tls-key that does not match the certificate: exit 1 and a message",
           rc == 1 and "does not match" in out, (rc, out))


@test
def rules_and_scenarios():
    srv = Server("-l", "127.0.0.1:0", "-r", "RCPT:bob@example.com=550 5.1.1 User unknown",
                 "-s", "mailbox-full")
    with smtplib.SMTP("127.0.0.1", srv.port, timeout=SOCK_TIMEOUT) as c:
        c.ehlo("rule.test")
        c.mail("r@example.org")
        code, text = c.rcpt("bob@example.com")
    report("-r: the rule's reply is given over TCP", code == 550 and b"5.1.1" in text,
           (code, text))
    srv.stop()


@test
def options_per_listener():
    # Before any -l: every listener. After a -l: that listener only, and its
    # own rules answer before the shared ones.
    srv = Server("-r", "RCPT:*=451 4.3.0 shared rule", "-s", "tiny-size",
                 "-l", "127.0.0.1:0", "-s", "greylist", "-r", "RCPT:bob@*=550 5.1.1 own rule",
                 "-l", "127.0.0.1:0", "-p", "mta", "--greylist-delay", "60")
    got = []
    for port in srv.ports:
        with smtplib.SMTP("127.0.0.1", port, timeout=SOCK_TIMEOUT) as c:
            c.ehlo("per.test")
            size = c.esmtp_features.get("size", "")
            c.mail("p@example.org")
            got.append((size, c.rcpt("bob@example.com"), c.rcpt("carol@example.com")))
    first, second = got
    report("-s before any -l applies to every listener (tiny-size: SIZE 2048 on both)",
           first[0] == "2048" and second[0] == "2048", got)
    report("-r after a -l is that listener's, and answers before the shared rule",
           first[1][0] == 550 and b"own rule" in first[1][1] and
           first[2][0] == 451 and b"shared rule" in first[2][1], got)
    report("a listener without its own options gets only the shared ones",
           second[1][0] == 451 and second[2][0] == 451 and b"shared rule" in second[1][1], got)
    err = srv.stderr()
    report("start-up names each listener's scenarios and rules",
           re.search(r"listening on \S+ \(profile mta, mx\.example\.com; scenarios: "
                     r"greylist tiny-size; rules: 2\)", err) is not None and
           re.search(r"scenarios: tiny-size; rules: 1\)", err) is not None, err)
    srv.stop()
    # -s greylist after the first -l only: the second listener does not greylist.
    srv = Server("-l", "127.0.0.1:0", "-s", "greylist", "-l", "127.0.0.1:0")
    codes = []
    for port in srv.ports:
        with smtplib.SMTP("127.0.0.1", port, timeout=SOCK_TIMEOUT) as c:
            c.ehlo("grey.test")
            c.mail("g@example.org")
            codes.append(c.rcpt("alice@example.com")[0])
    report("-s after a -l is for that listener only (greylist: 450 on one, 250 on the other)",
           codes == [450, 250], codes)
    srv.stop()


@test
def queue_ids_unique_across_listeners():
    # Each listener has its own simulated server on the same clock: ids
    # from one counter per listener would repeat ("queued as" and Received).
    md = os.path.join(TMP, "qid-maildir")
    srv = Server("-l", "127.0.0.1:0", "-l", "127.0.0.1:0", "--maildir", md)
    ids = []
    clients = [smtplib.SMTP("127.0.0.1", p, timeout=SOCK_TIMEOUT) for p in srv.ports]
    for c in clients:
        c.ehlo("qid.test")
    for i in range(5):
        for c in clients:
            c.mail("q@example.org")
            c.rcpt("alice@example.com")
            code, text = c.data(b"Subject: %d\r\n\r\nhi\r\n" % i)
            m = re.search(rb"queued as ([0-9A-F]+)", text)
            ids.append(m.group(1).decode() if code == 250 and m else None)
    for c in clients:
        c.quit()
    report("two listeners: 10 messages, 10 different queue ids",
           None not in ids and len(set(ids)) == 10, ids)
    received = []
    for name in sorted(os.listdir(os.path.join(md, "alice", "new"))):
        with open(os.path.join(md, "alice", "new", name), "rb") as f:
            m = re.search(rb"\bid ([0-9A-F]+)", f.read())
            received.append(m.group(1).decode() if m else None)
    report("two listeners: the Received headers carry those ids, none twice",
           len(set(received)) == 10 and sorted(received) == sorted(ids), (received, ids))
    srv.stop()


@test
def ipv6():
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        print("ok - IPv6 [::1] # SKIP no IPv6 loopback here")
        return
    srv = Server("-l", "[::1]:0")
    r = Raw(srv.port, host="::1", family=socket.AF_INET6)
    code, lines = r.reply()
    r.send(b"QUIT\r\n")
    r.reply()
    r.close()
    report("IPv6: [::1]:PORT serves", code == 220 and "[::1]:" in srv.stderr(), lines)
    srv.stop()


@test
def main_server_stops_cleanly():
    rc = MAIN.stop()
    report("SIGTERM: the main server exits 0", rc == 0, rc)
    report("never crashed: no sanitizer report on stderr",
           "Sanitizer" not in MAIN.stderr() and "runtime error" not in MAIN.stderr(),
           MAIN.stderr()[-2000:])


sys.exit(status())
