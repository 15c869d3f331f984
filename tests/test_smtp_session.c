/* test_smtp_session.c — the RFC 5321 state machine: every state transition
 * and error path, as {dialogue, expected last reply} tables. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "smtp_harness.h"

/* Arrays, not pointers: Criterion runs each test in a fresh process image,
 * where the addresses of string literals need not be the same. */
struct dialogue {
	char name[48];
	char profile[16];
	char scenario[24];      /* one scenario or "" */
	char lines[640];        /* '\n'-separated client lines */
	char expect[200];       /* the last reply's last line, without CRLF */
};

#define HELLO "EHLO client.example.org\n"
#define TX HELLO "MAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>\n"

static const struct dialogue mta_cases[] = {
	{ "helo", "mta", "", "HELO client.example.org", "250 mx.example.com" },
	{ "helo_lowercase", "mta", "", "helo client.example.org", "250 mx.example.com" },
	{ "ehlo_last_line", "mta", "", "EHLO client.example.org", "250 CHUNKING" },
	{ "ehlo_no_domain", "mta", "", "EHLO", "501 5.5.4 Syntax: EHLO hostname" },
	{ "helo_no_domain", "mta", "", "HELO   ", "501 5.5.4 Syntax: HELO hostname" },
	{ "mail_before_helo", "mta", "", "MAIL FROM:<a@b.org>", "503 5.5.1 Error: send HELO/EHLO first" },
	{ "rcpt_before_mail", "mta", "", HELLO "RCPT TO:<bob@example.com>", "503 5.5.1 Error: need MAIL command" },
	{ "data_before_mail", "mta", "", HELLO "DATA", "503 5.5.1 Error: need RCPT command" },
	{ "data_no_rcpt", "mta", "", HELLO "MAIL FROM:<a@b.org>\nDATA", "554 5.5.1 Error: no valid recipients" },
	{ "nested_mail", "mta", "", HELLO "MAIL FROM:<a@b.org>\nMAIL FROM:<a@b.org>", "503 5.5.1 Error: nested MAIL command" },
	{ "mail_ok", "mta", "", HELLO "MAIL FROM:<dave@example.org>", "250 2.1.0 Ok" },
	{ "mail_case", "mta", "", HELLO "mail from:<dave@example.org>", "250 2.1.0 Ok" },
	{ "mail_null_sender", "mta", "", HELLO "MAIL FROM:<>", "250 2.1.0 Ok" },
	{ "mail_space_after_colon", "mta", "", HELLO "MAIL FROM: <dave@example.org>", "250 2.1.0 Ok" },
	{ "mail_no_brackets", "mta", "", HELLO "MAIL FROM:a@b.org", "501 5.1.7 Bad sender address syntax" },
	{ "mail_no_from", "mta", "", HELLO "MAIL dave@example.org", "501 5.5.4 Syntax: MAIL FROM:<address>" },
	{ "mail_bare", "mta", "", HELLO "MAIL", "501 5.5.4 Syntax: MAIL FROM:<address>" },
	{ "mail_unclosed", "mta", "", HELLO "MAIL FROM:<a@b", "501 5.1.7 Bad sender address syntax" },
	{ "mail_two_at", "mta", "", HELLO "MAIL FROM:<a@b@c.org>", "501 5.1.7 Bad sender address syntax" },
	{ "mail_junk_after", "mta", "", HELLO "MAIL FROM:<a@b.org>junk", "501 5.1.7 Bad sender address syntax" },
	{ "mail_quoted_local", "mta", "", HELLO "MAIL FROM:<\"john smith\"@example.org>", "250 2.1.0 Ok" },
	{ "mail_literal", "mta", "", HELLO "MAIL FROM:<a@[192.0.2.1]>", "250 2.1.0 Ok" },
	{ "mail_bad_literal", "mta", "", HELLO "MAIL FROM:<a@[192.0.2.300]>", "501 5.1.7 Bad sender address syntax" },
	{ "mail_ipv6_literal", "mta", "", HELLO "MAIL FROM:<a@[IPv6:2001:db8::1]>", "250 2.1.0 Ok" },
	{ "mail_source_route", "mta", "", HELLO "MAIL FROM:<@relay.example.net:a@b.org>", "250 2.1.0 Ok" },
	{ "mail_size_ok", "mta", "", HELLO "MAIL FROM:<a@b.org> SIZE=1000", "250 2.1.0 Ok" },
	{ "mail_size_over", "mta", "", HELLO "MAIL FROM:<a@b.org> SIZE=20000000", "552 5.3.4 Message size exceeds fixed limit" },
	{ "mail_size_bad", "mta", "", HELLO "MAIL FROM:<a@b.org> SIZE=abc", "501 5.5.4 Bad message size syntax" },
	{ "mail_body_8bit", "mta", "", HELLO "MAIL FROM:<a@b.org> BODY=8BITMIME", "250 2.1.0 Ok" },
	{ "mail_body_bad", "mta", "", HELLO "MAIL FROM:<a@b.org> BODY=9BIT", "501 5.5.4 Bad BODY keyword value" },
	{ "mail_unknown_param", "mta", "", HELLO "MAIL FROM:<a@b.org> FOO=bar", "555 5.5.4 Unsupported option: FOO" },
	{ "mail_utf8_needs_param", "mta", "", HELLO "MAIL FROM:<jos\xc3\xa9@example.org>", "553 5.6.7 Must declare SMTPUTF8 to send unicode address" },
	{ "mail_utf8_with_param", "mta", "", HELLO "MAIL FROM:<jos\xc3\xa9@example.org> SMTPUTF8", "250 2.1.0 Ok" },
	{ "mail_local_65", "mta", "", HELLO "MAIL FROM:<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@b.org>", "501 5.1.7 Bad sender address syntax" },
	{ "mail_local_64", "mta", "", HELLO "MAIL FROM:<aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa@b.org>", "250 2.1.0 Ok" },
	{ "rcpt_ok", "mta", "", TX, "250 2.1.5 Ok" },
	{ "rcpt_postmaster_bare", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<Postmaster>", "250 2.1.5 Ok" },
	{ "rcpt_unknown_user", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<zoe@example.com>", "550 5.1.1 <zoe@example.com>: Recipient address rejected: User unknown in local recipient table" },
	{ "rcpt_relay", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<x@gmail.com>", "554 5.7.1 <x@gmail.com>: Relay access denied" },
	{ "rcpt_null", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<>", "501 5.1.3 Bad recipient address syntax" },
	{ "rcpt_no_brackets", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:bob@example.com", "501 5.1.3 Bad recipient address syntax" },
	{ "rcpt_no_to", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT bob@example.com", "501 5.5.4 Syntax: RCPT TO:<address>" },
	{ "rcpt_param", "mta", "", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com> XFORWARD=1", "555 5.5.4 Unsupported option: XFORWARD" },
	{ "data_go", "mta", "", TX "DATA", "354 End data with <CR><LF>.<CR><LF>" },
	{ "data_arg", "mta", "", TX "DATA now", "501 5.5.4 Syntax: DATA" },
	{ "message", "mta", "", TX "DATA\nSubject: hi\n\nHello\n.", "250 2.0.0 Ok: queued as 5B90000001" },
	{ "mail_after_message", "mta", "", TX "DATA\nhi\n.\nMAIL FROM:<a@b.org>", "250 2.1.0 Ok" },
	{ "rset", "mta", "", TX "RSET", "250 2.0.0 Ok" },
	{ "rset_then_rcpt", "mta", "", TX "RSET\nRCPT TO:<bob@example.com>", "503 5.5.1 Error: need MAIL command" },
	{ "rset_arg", "mta", "", TX "RSET all", "501 5.5.4 Syntax: RSET" },
	{ "rset_before_helo", "mta", "", "RSET", "250 2.0.0 Ok" },
	{ "noop", "mta", "", "NOOP", "250 2.0.0 Ok" },
	{ "noop_arg", "mta", "", "NOOP hello", "250 2.0.0 Ok" },
	{ "vrfy", "mta", "", "VRFY bob", "252 2.0.0 bob: cannot VRFY user, but will accept message and attempt delivery" },
	{ "vrfy_empty", "mta", "", "VRFY", "501 5.5.4 Syntax: VRFY address" },
	{ "expn", "mta", "", "EXPN staff", "502 5.5.1 Error: EXPN command is disabled" },
	{ "help", "mta", "", "HELP", "214 2.0.0 End of HELP info" },
	{ "quit", "mta", "", TX "QUIT", "221 2.0.0 Bye" },
	{ "quit_arg", "mta", "", "QUIT now", "501 5.5.4 Syntax: QUIT" },
	{ "unknown", "mta", "", "FOO bar", "500 5.5.2 Error: command not recognized" },
	{ "header_as_command", "mta", "", HELLO "Subject: hello", "500 5.5.2 Error: command not recognized" },
	{ "empty_line", "mta", "", "", "500 5.5.2 Error: bad syntax" },
	{ "only_spaces", "mta", "", "     ", "500 5.5.2 Error: bad syntax" },
	{ "bdat_syntax", "mta", "", HELLO "BDAT ten LAST", "501 5.5.4 Syntax: BDAT count [LAST]" },
	{ "ehlo_resets_tx", "mta", "", TX HELLO "RCPT TO:<bob@example.com>", "503 5.5.1 Error: need MAIL command" },
	{ "auth_on_mta", "mta", "", HELLO "AUTH PLAIN", "503 5.5.1 Error: authentication not enabled" },
	{ "starttls_mta", "mta", "", HELLO "STARTTLS", "220 2.0.0 Ready to start TLS" },
	{ "starttls_arg", "mta", "", HELLO "STARTTLS now", "501 5.5.4 Syntax: STARTTLS" },
	{ "starttls_twice", "mta", "", HELLO "STARTTLS\nEHLO c.example.org\nSTARTTLS", "503 5.5.1 Error: TLS already active" },
	{ "starttls_forgets_helo", "mta", "", HELLO "STARTTLS\nMAIL FROM:<a@b.org>", "503 5.5.1 Error: send HELO/EHLO first" },
	{ "starttls_in_tx", "mta", "", TX "STARTTLS", "503 5.5.1 Error: MAIL transaction in progress" },
	{ "ehlo_after_tls_no_starttls", "mta", "", HELLO "STARTTLS\nEHLO c.example.org", "250 CHUNKING" },
};

ParameterizedTestParameters(session, mta)
{
	return cr_make_param_array(struct dialogue, mta_cases,
	                           sizeof mta_cases / sizeof mta_cases[0]);
}

/* The last line of a wire reply, without CRLF. */
static void last_line(const char *wire, char *out, size_t cap)
{
	size_t n = strlen(wire);
	if (n >= 2)
		n -= 2;
	size_t start = n;
	while (start > 0 && wire[start - 1] != '\n')
		start--;
	snprintf(out, cap, "%.*s", (int)(n - start), wire + start);
}

ParameterizedTest(const struct dialogue *d, session, mta)
{
	const char *sc[] = { d->scenario, NULL };
	struct harness *h = harness_new(d->profile, d->scenario[0] ? sc : NULL, NULL);
	if (d->lines[0])
		harness_lines(h, d->lines);
	else
		harness_line(h, "");
	char got[1024];
	last_line(h->last, got, sizeof got);
	cr_expect_str_eq(got, d->expect, "%s: got '%s', want '%s'", d->name, got, d->expect);
	harness_free(h);
}

#define SUB_TLS "EHLO client.example.org\nSTARTTLS\nEHLO client.example.org\n"
/* base64("\0alice@example.com\0wonderland") */
#define ALICE_PLAIN "AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ="
#define SUB_AUTH SUB_TLS "AUTH PLAIN " ALICE_PLAIN "\n"

static const struct dialogue profile_cases[] = {
	{ "sub_greeting", "submission", "", "NOOP", "250 2.0.0 Ok" },
	{ "sub_mail_before_tls", "submission", "", HELLO "MAIL FROM:<alice@example.com>", "530 5.7.0 Must issue a STARTTLS command first" },
	{ "sub_auth_before_tls", "submission", "", HELLO "AUTH PLAIN", "530 5.7.0 Must issue a STARTTLS command first" },
	{ "sub_auth_login_before_tls", "submission", "", HELLO "AUTH LOGIN", "530 5.7.0 Must issue a STARTTLS command first" },
	{ "sub_mail_before_auth", "submission", "", SUB_TLS "MAIL FROM:<alice@example.com>", "530 5.7.0 Authentication required" },
	{ "sub_auth_plain", "submission", "", SUB_AUTH, "235 2.7.0 Authentication successful" },
	{ "sub_auth_plain_prompt", "submission", "", SUB_TLS "AUTH PLAIN\n" ALICE_PLAIN, "235 2.7.0 Authentication successful" },
	{ "sub_auth_plain_empty_challenge", "submission", "", SUB_TLS "AUTH PLAIN", "334 " },
	{ "sub_auth_login", "submission", "", SUB_TLS "AUTH LOGIN\nYWxpY2VAZXhhbXBsZS5jb20=\nd29uZGVybGFuZA==", "235 2.7.0 Authentication successful" },
	{ "sub_auth_login_user_prompt", "submission", "", SUB_TLS "AUTH LOGIN", "334 VXNlcm5hbWU6" },
	{ "sub_auth_login_pass_prompt", "submission", "", SUB_TLS "AUTH LOGIN\nYWxpY2VAZXhhbXBsZS5jb20=", "334 UGFzc3dvcmQ6" },
	{ "sub_auth_login_initial", "submission", "", SUB_TLS "AUTH LOGIN YWxpY2VAZXhhbXBsZS5jb20=", "334 UGFzc3dvcmQ6" },
	{ "sub_auth_wrong_password", "submission", "", SUB_TLS "AUTH LOGIN\nYWxpY2VAZXhhbXBsZS5jb20=\nd3Jvbmc=", "535 5.7.8 Error: authentication failed: authentication failure" },
	{ "sub_auth_cancel", "submission", "", SUB_TLS "AUTH LOGIN\n*", "501 5.7.0 Authentication aborted" },
	{ "sub_auth_bad_base64", "submission", "", SUB_TLS "AUTH LOGIN\n!!!!", "501 5.5.2 Cannot decode response" },
	{ "sub_auth_unknown_mech", "submission", "", SUB_TLS "AUTH CRAM-MD5", "504 5.5.4 Unsupported authentication mechanism" },
	{ "sub_auth_twice", "submission", "", SUB_AUTH "AUTH PLAIN " ALICE_PLAIN, "503 5.5.1 Error: already authenticated" },
	{ "sub_auth_in_tx", "submission", "", SUB_TLS "AUTH PLAIN AGJvYkBleGFtcGxlLmNvbQBidWlsZGVy\nMAIL FROM:<bob@example.com>\nAUTH PLAIN " ALICE_PLAIN, "503 5.5.1 Error: already authenticated" },
	{ "sub_auth_no_mech", "submission", "", SUB_TLS "AUTH", "501 5.5.4 Syntax: AUTH mechanism" },
	{ "sub_not_owner", "submission", "", SUB_AUTH "MAIL FROM:<bob@example.com>", "553 5.7.1 <bob@example.com>: Sender address rejected: not owned by user alice@example.com" },
	{ "sub_owner", "submission", "", SUB_AUTH "MAIL FROM:<alice@example.com>", "250 2.1.0 Ok" },
	{ "sub_relay_allowed", "submission", "", SUB_AUTH "MAIL FROM:<alice@example.com>\nRCPT TO:<friend@gmail.com>", "250 2.1.5 Ok" },
	{ "sub_ehlo_tls_lists_auth", "submission", "", "EHLO c\nSTARTTLS\nEHLO c\nQUIT", "221 2.0.0 Bye" },
	{ "smtps_no_starttls", "smtps", "", HELLO "STARTTLS", "503 5.5.1 Error: TLS already active" },
	{ "smtps_auth_direct", "smtps", "", HELLO "AUTH PLAIN " ALICE_PLAIN, "235 2.7.0 Authentication successful" },
	{ "alt_like_submission", "alt", "", HELLO "MAIL FROM:<alice@example.com>", "530 5.7.0 Must issue a STARTTLS command first" },
	{ "alt_auth_before_tls", "alt", "", HELLO "AUTH PLAIN", "530 5.7.0 Must issue a STARTTLS command first" },
	{ "greylist_first", "mta", "greylist", TX, "450 4.2.0 <bob@example.com>: Recipient address rejected: Greylisted, try again later" },
	{ "overloaded", "mta", "overloaded", "", "421 mx.example.com Service not available, closing transmission channel" },
	{ "overloaded_submission", "submission", "overloaded", "", "421 smtp.example.com Service not available, closing transmission channel" },
	{ "blocked_greeting", "mta", "blocked-client", "", "554 mx.example.com No SMTP service here; client host [192.0.2.10] blocked using a DNS blocklist (zen.dnsbl.example)" },
	{ "blocked_then_ehlo", "mta", "blocked-client", "EHLO c.example.org", "503 5.5.1 Error: access denied; this connection was rejected, only QUIT is accepted" },
	{ "blocked_quit", "mta", "blocked-client", "EHLO c.example.org\nQUIT", "221 2.0.0 Bye" },
	{ "local_error", "mta", "local-error", TX "DATA\nhi\n.", "451 4.3.0 Error: queue file write error" },
	{ "mailbox_full_bob", "mta", "mailbox-full", TX, "452 4.2.2 <bob@example.com>: Recipient address rejected: Mailbox full" },
	{ "over_quota_carol", "mta", "mailbox-full", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<carol@example.com>\nDATA\nhi\n.", "552 5.2.2 <carol@example.com>: Mailbox full: user is over quota" },
	{ "user_moved", "mta", "user-moved", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<carol@example.com>", "551 5.1.0 <carol@example.com>: User not local; please try <carol@example.org>" },
	{ "will_forward", "mta", "user-moved", TX, "251 2.1.5 <bob@example.com>: User not local; will forward to <bob@example.net>" },
	{ "null_mx_rcpt", "mta", "null-mx", HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<x@nullmx.example.net>", "556 5.1.10 <x@nullmx.example.net>: Recipient address rejected: Domain nullmx.example.net does not accept mail (nullMX)" },
	{ "null_mx_sender", "mta", "null-mx", HELLO "MAIL FROM:<x@nullmx.example.net>", "550 5.7.27 <x@nullmx.example.net>: Sender address rejected: Domain nullmx.example.net does not accept mail (nullMX)" },
	{ "tiny_size_declared", "mta", "tiny-size", HELLO "MAIL FROM:<a@b.org> SIZE=4096", "552 5.3.4 Message size exceeds fixed limit" },
	{ "spf_fail", "mta", "spf-fail", HELLO "MAIL FROM:<dave@example.org>", "550 5.7.23 <dave@example.org>: Sender address rejected: SPF fail: example.org does not designate 192.0.2.10 as permitted sender" },
};

ParameterizedTestParameters(session, profiles)
{
	return cr_make_param_array(struct dialogue, profile_cases,
	                           sizeof profile_cases / sizeof profile_cases[0]);
}

ParameterizedTest(const struct dialogue *d, session, profiles)
{
	const char *sc[] = { d->scenario, NULL };
	struct harness *h = harness_new(d->profile, d->scenario[0] ? sc : NULL, NULL);
	if (d->lines[0])
		harness_lines(h, d->lines);
	char got[1024];
	last_line(h->last, got, sizeof got);
	cr_expect_str_eq(got, d->expect, "%s: got '%s', want '%s'", d->name, got, d->expect);
	harness_free(h);
}
