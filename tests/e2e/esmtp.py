#!/usr/bin/python3
"""End-to-end tests of modern ESMTP in `smtpsim serve`: DSN (RFC 3461/3464)
with Python's smtplib and the report found in the sender's Maildir, BDAT
chunks (RFC 3030) written on a raw socket and compared byte for byte with
the Maildir file, OAUTHBEARER (RFC 7628) and XOAUTH2 through smtplib's
auth(). Prints "ok - NAME" / "not ok - NAME"; exits 1 when any failed."""

import email
import email.policy
import glob
import os
import smtplib
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from taplib import no_verify, report, status, test  # noqa: E402
import servelib  # noqa: E402
from servelib import Server  # noqa: E402

TMP = servelib.workdir("smtpsim-esmtp-")


def serve(*args):
    """`smtpsim serve` on a port it picks, delivering to a Maildir of its
    own; returns (port, maildir)."""
    md = tempfile.mkdtemp(dir=TMP)
    srv = Server("-q", "-l", "127.0.0.1:0", "--maildir", md, *args)
    return srv.port, md


def mails(md, box, want=1, timeout=10):
    """The files in md/box/new once there are at least `want` of them."""
    deadline = time.monotonic() + timeout
    while True:
        files = sorted(glob.glob(os.path.join(md, box, "new", "*")))
        if len(files) >= want or time.monotonic() > deadline:
            return [open(f, "rb").read() for f in files]
        time.sleep(0.05)


def submission(port):
    s = smtplib.SMTP("127.0.0.1", port, timeout=20)
    s.ehlo("client.example.org")
    s.starttls(context=no_verify())
    s.ehlo("client.example.org")
    return s


MESSAGE = b"From: alice@example.com\r\nTo: bob@example.com, carol@example.com\r\n" \
          b"Subject: Lunch\r\n\r\nNoon at the usual place?\r\n"


@test
def dsn_success_and_failure_reports_land_in_alices_maildir():
    port, md = serve("-p", "submission", "-s", "bounce-after-accept")
    s = submission(port)
    s.login("alice@example.com", "wonderland")
    for ext in ("dsn", "chunking", "8bitmime"):
        if not s.has_extn(ext):
            raise AssertionError("EHLO lacks " + ext)
    refused = s.sendmail("alice@example.com", ["bob@example.com", "carol@example.com"], MESSAGE,
                         mail_options=["RET=HDRS", "ENVID=lunch+2B42"],
                         rcpt_options=["NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;bob@example.com"])
    s.quit()
    report("dsn: both recipients accepted with 250", refused == {}, refused)
    bob = mails(md, "bob")
    report("dsn: bob's copy delivered", len(bob) == 1 and b"Noon at" in bob[0])
    report("dsn: carol's copy not delivered (it bounced)", mails(md, "carol", 1, 0.5) == [])
    reports = mails(md, "alice", 2)
    report("dsn: two reports in alice's Maildir", len(reports) == 2, len(reports))
    by_action = {}
    for raw in reports:
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        ok = (msg.get_content_type() == "multipart/report" and
              msg.get_param("report-type") == "delivery-status" and
              msg["Return-Path"] == "<>")
        parts = list(msg.iter_parts())
        ok = ok and len(parts) == 3 and parts[1].get_content_type() == "message/delivery-status"
        report("dsn: a multipart/report in three parts, from <>", ok, msg["Content-Type"])
        # message/delivery-status: the per-message block, then one per recipient
        blocks = parts[1].get_payload()
        fields = {}
        for b in blocks:
            for k, v in b.items():
                fields[k.lower()] = str(v)
        by_action[fields.get("action")] = (fields, parts)
    failed, fparts = by_action.get("failed", ({}, None))
    report("dsn: failure report for carol: Final-Recipient, Status 5.2.2, Diagnostic-Code",
           failed.get("final-recipient") == "rfc822; carol@example.com" and
           failed.get("status") == "5.2.2" and
           failed.get("diagnostic-code", "").startswith("smtp; 552 5.2.2") and
           failed.get("reporting-mta") == "dns; smtp.example.com" and
           failed.get("original-envelope-id") == "lunch+42", failed)
    report("dsn: RET=HDRS returns the header section only",
           fparts is not None and fparts[2].get_content_type() == "text/rfc822-headers" and
           b"Noon at" not in fparts[2].as_bytes())
    ok_, _ = by_action.get("delivered", ({}, None))
    report("dsn: success report for bob, with Original-Recipient from ORCPT",
           ok_.get("final-recipient") == "rfc822; bob@example.com" and
           ok_.get("status") == "2.0.0" and
           ok_.get("original-recipient") == "rfc822;bob@example.com", ok_)


@test
def dsn_delay_report_lands_in_alices_maildir():
    port, md = serve("-p", "submission", "-s", "delivery-delayed")
    s = submission(port)
    s.login("alice@example.com", "wonderland")
    refused = s.sendmail("alice@example.com", ["bob@example.com", "carol@example.com"], MESSAGE,
                         mail_options=["RET=FULL"], rcpt_options=["NOTIFY=DELAY,FAILURE"])
    s.quit()
    report("delay dsn: both recipients accepted with 250", refused == {}, refused)
    report("delay dsn: bob's copy delivered", len(mails(md, "bob")) == 1)
    report("delay dsn: carol's copy still queued, not in her Maildir",
           mails(md, "carol", 1, 0.5) == [])
    reports = mails(md, "alice")
    report("delay dsn: one report in alice's Maildir", len(reports) == 1, len(reports))
    if not reports:
        return
    msg = email.message_from_bytes(reports[0], policy=email.policy.default)
    parts = list(msg.iter_parts())
    fields = {}
    for b in parts[1].get_payload() if len(parts) == 3 else []:
        for k, v in b.items():
            fields[k.lower()] = str(v)
    report("delay dsn: Action delayed, Status 4.4.1, Will-Retry-Until for carol",
           fields.get("action") == "delayed" and fields.get("status") == "4.4.1" and
           fields.get("final-recipient") == "rfc822; carol@example.com" and
           "will-retry-until" in fields, fields)
    report("delay dsn: only the header section comes back, despite RET=FULL",
           parts[2].get_content_type() == "text/rfc822-headers" and
           b"Noon at" not in parts[2].as_bytes(), parts[2].get_content_type())


@test
def dsn_bad_parameters_are_501():
    port, _ = serve("-p", "mta")
    s = smtplib.SMTP("127.0.0.1", port, timeout=20)
    s.ehlo("client.example.org")
    code, _ = s.mail("dave@example.org", ["ENVID=a=b"])
    report("dsn: ENVID that is not xtext: 501", code == 501, code)
    s.mail("dave@example.org", ["RET=FULL"])
    code, text = s.rcpt("bob@example.com", ["NOTIFY=NEVER,SUCCESS"])
    report("dsn: NOTIFY=NEVER with another: 501 5.5.4", code == 501 and text.startswith(b"5.5.4"),
           (code, text))
    s.quit()


def bdat_client(port, chunks):
    """Send chunks with BDAT on a raw socket; the replies' codes."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    f = sock.makefile("rb")

    def reply():
        lines = []
        while True:
            line = f.readline()
            if not line:
                raise EOFError("closed")
            lines.append(line)
            if line[3:4] != b"-":
                return int(line[:3]), lines

    reply()
    codes = []
    for cmd in (b"EHLO client.example.org", b"MAIL FROM:<dave@example.org> BODY=BINARYMIME",
                b"RCPT TO:<bob@example.com>"):
        sock.sendall(cmd + b"\r\n")
        codes.append(reply()[0])
    for i, chunk in enumerate(chunks):
        last = b" LAST" if i == len(chunks) - 1 else b""
        # header and octets in one write, split at odd places by the kernel or not
        sock.sendall(b"BDAT %d%s\r\n" % (len(chunk), last) + chunk)
        codes.append(reply()[0])
    sock.sendall(b"QUIT\r\n")
    codes.append(reply()[0])
    sock.close()
    return codes


@test
def bdat_chunks_land_byte_for_byte():
    port, md = serve("-p", "mta")
    body = (b"Subject: chunks\r\nContent-Type: application/octet-stream\r\n"
            b"Content-Transfer-Encoding: binary\r\n\r\n" +
            bytes(range(256)) + b"\r\n.\r\n..\r\nbare\rCR bare\nLF\r\n" + os.urandom(70000))
    chunks = [body[:1], body[1:40000], body[40000:]]
    codes = bdat_client(port, chunks)
    report("bdat: 250 to each chunk, 221 to QUIT", codes == [250, 250, 250, 250, 250, 250, 221],
           codes)
    got = mails(md, "bob")
    ok = len(got) == 1
    if ok:
        # the trace fields the server adds, then exactly the octets sent
        head, sep, rest = got[0].partition(b"\n\tfor <bob@example.com>; ")
        rest = rest.split(b"\n", 1)[1] if sep else b""
        ok = rest == body
    report("bdat: the Maildir file holds exactly the octets of the chunks (BINARYMIME)", ok)


@test
def bdat_after_data_and_size():
    port, _ = serve("-p", "mta", "-s", "tiny-size")
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    f = sock.makefile("rb")

    def reply():
        while True:
            line = f.readline()
            if line[3:4] != b"-":
                return line

    reply()
    sock.sendall(b"EHLO c\r\nMAIL FROM:<a@example.org>\r\nRCPT TO:<bob@example.com>\r\n")
    for _ in range(3):
        reply()
    sock.sendall(b"BDAT 3000 LAST\r\n" + b"QUIT\r\n" * 500)
    line = reply()
    report("bdat: a chunk over SIZE is read to its end, then 552 5.3.4",
           line.startswith(b"552 5.3.4"), line)
    sock.sendall(b"NOOP\r\n")
    line = reply()
    report("bdat: ... and the QUITs inside it were not obeyed", line.startswith(b"250"), line)
    sock.close()


class Bearer:
    """An smtplib authobject for OAUTHBEARER (RFC 7628 §3.1)."""

    def __init__(self, user, token):
        self.user, self.token, self.calls = user, token, 0

    def __call__(self, challenge=None):
        self.calls += 1
        if self.calls > 1:
            return "\x01"   # the answer to the error challenge (§3.2.3)
        return "n,a=%s,\x01auth=Bearer %s\x01\x01" % (self.user, self.token)


@test
def oauthbearer_with_smtplib():
    port, md = serve("-p", "submission")
    s = submission(port)
    code, _ = s.auth("OAUTHBEARER", Bearer("alice@example.com", "alice-token-0123456789"),
                     initial_response_ok=True)
    report("oauth: OAUTHBEARER with a valid token: 235", code == 235, code)
    s.sendmail("alice@example.com", ["bob@example.com"], b"Subject: token\r\n\r\nhi\r\n")
    s.quit()
    report("oauth: then the message is delivered", len(mails(md, "bob")) == 1)
    s = submission(port)
    try:
        s.auth("OAUTHBEARER", Bearer("alice@example.com", "alice-token-expired"),
               initial_response_ok=True)
        report("oauth: expired token refused", False, "accepted")
    except smtplib.SMTPAuthenticationError as e:
        report("oauth: expired token: error challenge, then 535 5.7.8",
               e.smtp_code == 535 and e.smtp_error.startswith(b"5.7.8"), e)
    s.quit()
    s = submission(port)
    xo = lambda challenge=None: "user=bob@example.com\x01auth=Bearer bob-token-9876543210\x01\x01"
    code, _ = s.auth("XOAUTH2", xo, initial_response_ok=True)
    report("oauth: XOAUTH2 with bob's token: 235", code == 235, code)
    s.quit()


@test
def oauth_not_on_the_mta():
    port, _ = serve("-p", "mta")
    s = smtplib.SMTP("127.0.0.1", port, timeout=20)
    s.ehlo("client.example.org")
    report("oauth: the MTA offers no AUTH at all", not s.has_extn("auth"))
    s.quit()


sys.exit(status())
