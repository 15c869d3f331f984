/* test_smtp_explain.c — finding replies in transcripts, logs and bounces. */
#include "smtp/explain.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct want {
	const char *line;
	enum explain_kind kind;
	int code;
	bool more;
	const char *enh;   /* "5.1.1" or NULL */
	const char *text;
};

static void check(const struct want *w)
{
	struct explain_found f;
	bool ok = explain_find_reply(w->line, strlen(w->line), &f);
	cr_assert_eq(ok, w->kind != EXPLAIN_NONE, "'%s': found=%d", w->line, ok);
	cr_assert_eq(f.kind, w->kind, "'%s': kind %d, want %d", w->line, f.kind, w->kind);
	if (!ok)
		return;
	cr_assert_eq(f.code, w->code, "'%s': code %d, want %d", w->line, f.code, w->code);
	cr_assert_eq(f.more, w->more, "'%s': more", w->line);
	if (w->enh) {
		char buf[32];
		cr_assert_neq(f.enh.cls, 0, "'%s': no enhanced code", w->line);
		explain_enh_format(&f.enh, buf, sizeof buf);
		cr_assert_str_eq(buf, w->enh, "'%s'", w->line);
	} else {
		cr_assert_eq(f.enh.cls, 0, "'%s': unexpected enhanced code", w->line);
	}
	cr_assert_eq(f.text_len, strlen(w->text), "'%s': text '%.*s', want '%s'",
	             w->line, (int)f.text_len, w->line + f.text_off, w->text);
	cr_assert(!memcmp(w->line + f.text_off, w->text, f.text_len), "'%s': text", w->line);
}

Test(explain_find, server_reply_lines)
{
	static const struct want t[] = {
		{ "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown",
		  EXPLAIN_REPLY, 550, false, "5.1.1",
		  "<bob@example.com>: Recipient address rejected: User unknown" },
		{ "550-5.1.1 The email account that you tried to reach does not exist.",
		  EXPLAIN_REPLY, 550, true, "5.1.1",
		  "The email account that you tried to reach does not exist." },
		{ "220 mx.example.com ESMTP Postfix", EXPLAIN_REPLY, 220, false, NULL,
		  "mx.example.com ESMTP Postfix" },
		{ "250-PIPELINING", EXPLAIN_REPLY, 250, true, NULL, "PIPELINING" },
		{ "250 2.0.0 Ok: queued as 4Bq2", EXPLAIN_REPLY, 250, false, "2.0.0",
		  "Ok: queued as 4Bq2" },
		{ "354 End data with <CR><LF>.<CR><LF>", EXPLAIN_REPLY, 354, false, NULL,
		  "End data with <CR><LF>.<CR><LF>" },
		{ "221 2.0.0 Bye\r", EXPLAIN_REPLY, 221, false, "2.0.0", "Bye" },
		{ "250", EXPLAIN_REPLY, 250, false, NULL, "" },
		{ "334 VXNlcm5hbWU6", EXPLAIN_REPLY, 334, false, NULL, "VXNlcm5hbWU6" },
		{ "  451 4.3.0 Error: queue file write error", EXPLAIN_REPLY, 451, false,
		  "4.3.0", "Error: queue file write error" },
		{ "299 odd", EXPLAIN_REPLY, 299, false, NULL, "odd" },
		{ "550 5.1.10 RESOLVER.ADR.RecipientNotFound", EXPLAIN_REPLY, 550, false,
		  "5.1.10", "RESOLVER.ADR.RecipientNotFound" },
		/* An IP address after the code is text, not an enhanced code. */
		{ "250 5.1.1.1 ok", EXPLAIN_REPLY, 250, false, NULL, "5.1.1.1 ok" },
	};
	for (size_t i = 0; i < COUNT(t); i++)
		check(&t[i]);
}

Test(explain_find, transcript_markers)
{
	static const struct want t[] = {
		{ "<-  250-mx.example.com", EXPLAIN_REPLY, 250, true, NULL, "mx.example.com" },
		{ "<~  235 2.7.0 Authentication successful", EXPLAIN_REPLY, 235, false,
		  "2.7.0", "Authentication successful" },
		{ "<** 550 5.7.1 Relay access denied", EXPLAIN_REPLY, 550, false, "5.7.1",
		  "Relay access denied" },
		{ "S: 503 5.5.1 Error: need MAIL command", EXPLAIN_REPLY, 503, false,
		  "5.5.1", "Error: need MAIL command" },
		{ "> 552 5.3.4 Message size exceeds fixed limit", EXPLAIN_REPLY, 552, false,
		  "5.3.4", "Message size exceeds fixed limit" },
		/* Client lines are never replies, even when they hold digits. */
		{ " -> 250 is not a command", EXPLAIN_NONE, 0, false, NULL, "" },
		{ " ~> 550 either", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "C: 421 nor this", EXPLAIN_NONE, 0, false, NULL, "" },
	};
	for (size_t i = 0; i < COUNT(t); i++)
		check(&t[i]);
}

Test(explain_find, bounce_fields)
{
	static const struct want t[] = {
		{ "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.com>: Recipient address rejected",
		  EXPLAIN_DIAG, 550, false, "5.1.1",
		  "<bob@example.com>: Recipient address rejected" },
		{ "Diagnostic-Code: SMTP;550-5.1.1 The email account", EXPLAIN_DIAG, 550,
		  true, "5.1.1", "The email account" },
		{ "diagnostic-code: smtp; 452 4.2.2 Mailbox full", EXPLAIN_DIAG, 452,
		  false, "4.2.2", "Mailbox full" },
		{ "Status: 5.1.1", EXPLAIN_STATUS, 0, false, "5.1.1", "" },
		{ "Status: 4.4.7 (delivery time expired)", EXPLAIN_STATUS, 0, false,
		  "4.4.7", "(delivery time expired)" },
		{ "Status: 200 OK", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "X-Spam-Status: No, score=5.1", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "Diagnostic-Code: X-Postfix; unknown user: \"bob\"", EXPLAIN_NONE, 0,
		  false, NULL, "" },
	};
	for (size_t i = 0; i < COUNT(t); i++)
		check(&t[i]);
}

Test(explain_find, replies_quoted_in_logs)
{
	static const struct want t[] = {
		{ "Jan  5 10:00:01 mx postfix/smtp[123]: 4Bq2: to=<bob@example.com>, "
		  "status=bounced (host mx.example.com[192.0.2.1] said: 550 5.1.1 "
		  "<bob@example.com>: User unknown (in reply to RCPT TO command))",
		  EXPLAIN_EMBEDDED, 550, false, "5.1.1",
		  "<bob@example.com>: User unknown (in reply to RCPT TO command))" },
		{ "Remote Server returned '550 5.7.606 Access denied, banned sending IP'",
		  EXPLAIN_EMBEDDED, 550, false, "5.7.606",
		  "Access denied, banned sending IP" },
		{ "host mx.example.com said: 451 Try again later", EXPLAIN_EMBEDDED, 451,
		  false, NULL, "Try again later" },
		/* Numbers in ordinary text are not replies. */
		{ "We have 250 users and 500 mailboxes", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "Date: Mon, 5 Jan 2024 10:00:01 +0000", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "Received: from [192.0.2.1] by 203.0.113.5", EXPLAIN_NONE, 0, false,
		  NULL, "" },
		{ "", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "2024-01-05 error", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "600 no", EXPLAIN_NONE, 0, false, NULL, "" },
		{ "5500 no", EXPLAIN_NONE, 0, false, NULL, "" },
	};
	for (size_t i = 0; i < COUNT(t); i++)
		check(&t[i]);
}

Test(explain_find, never_reads_past_the_length)
{
	/* The reply is cut by len: "55" alone is nothing, "550" is a code. */
	struct explain_found f;
	const char *s = "550 5.1.1 text";
	cr_assert(!explain_find_reply(s, 2, &f));
	cr_assert(explain_find_reply(s, 3, &f));
	cr_assert_eq(f.code, 550);
	cr_assert(explain_find_reply(s, 8, &f));
	cr_assert_eq(f.enh.cls, 0, "5.1 is not an enhanced code");
	/* NUL bytes and binary junk in the line. */
	static const char bin[] = "\x00\xff\x1b[31m550\x00 5.1.1 x";
	cr_assert(!explain_find_reply(bin, sizeof bin - 1, &f));
	static const char nul[] = "550 5.1.1 a\x00" "b";
	cr_assert(explain_find_reply(nul, sizeof nul - 1, &f));
	cr_assert_eq(f.text_len, 3);
}

Test(explain_find, a_megabyte_line_is_handled)
{
	size_t n = 1 << 20;
	char *s = malloc(n);
	cr_assert_not_null(s);
	memset(s, '5', n);
	struct explain_found f;
	cr_assert(!explain_find_reply(s, n, &f));
	memcpy(s + n - 20, " said: 421 4.4.2 x", 18);
	cr_assert(explain_find_reply(s, n - 2, &f));
	cr_assert_eq(f.code, 421);
	free(s);
}

/* Each code-like token used to trim the line's trailing blanks again:
 * 128 Ki codes followed by 512 KiB of blanks took minutes. The timeout
 * only catches that hang; the work is now one pass over the line. */
Test(explain_find, codes_then_many_blanks_take_one_pass, .timeout = 60)
{
	size_t codes = 128 * 1024, blanks = 512 * 1024;
	size_t n = 1 + 4 * codes + blanks;
	char *s = malloc(n);
	cr_assert_not_null(s);
	s[0] = 'x';
	for (size_t i = 0; i < codes; i++)
		memcpy(s + 1 + 4 * i, " 200", 4);
	memset(s + 1 + 4 * codes, ' ', blanks);
	struct explain_found f;
	cr_assert(!explain_find_reply(s, n, &f), "bare codes without a lead-in are not replies");
	memcpy(s + 1 + 4 * (codes - 2), " 452 4.2.2", 10);
	cr_assert(explain_find_reply(s, n, &f));
	cr_assert_eq(f.code, 452);
	cr_assert_eq(f.text_len, 0, "trailing blanks are not text");
	free(s);
}

Test(explain_find, client_commands)
{
	static const struct { const char *line, *cmd; } t[] = {
		{ " -> RCPT TO:<bob@example.com>", "RCPT TO:<bob@example.com>" },
		{ "MAIL FROM:<alice@example.org> SIZE=100", "MAIL FROM:<alice@example.org> SIZE=100" },
		{ "ehlo client.example.org\r", "ehlo client.example.org" },
		{ "C: DATA", "DATA" },
		{ " ~> AUTH PLAIN AGFsaWNl", "AUTH PLAIN AGFsaWNl" },
		{ "QUIT", "QUIT" },
	};
	for (size_t i = 0; i < COUNT(t); i++) {
		size_t off, len;
		cr_assert(explain_find_command(t[i].line, strlen(t[i].line), &off, &len),
		          "'%s'", t[i].line);
		cr_assert_eq(len, strlen(t[i].cmd), "'%s'", t[i].line);
		cr_assert(!memcmp(t[i].line + off, t[i].cmd, len), "'%s'", t[i].line);
	}
	static const char *const no[] = { "DATABASE", "250 ok", "Hello", "", "mailbox full" };
	for (size_t i = 0; i < COUNT(no); i++) {
		size_t off, len;
		cr_assert(!explain_find_command(no[i], strlen(no[i]), &off, &len), "'%s'", no[i]);
	}
}

Test(explain_token, codes_as_tokens)
{
	int code;
	struct explain_enh e;
	bool any;
	cr_assert(explain_parse_token("550", 3, &code, &e, &any));
	cr_assert_eq(code, 550);
	cr_assert_eq(e.cls, 0);
	cr_assert(explain_parse_token("299", 3, &code, &e, &any));
	cr_assert_eq(code, 299);
	cr_assert(explain_parse_token("5.1.1", 5, &code, &e, &any));
	cr_assert_eq(code, 0);
	cr_assert_eq(e.cls, 5);
	cr_assert_eq(e.subject, 1);
	cr_assert_eq(e.detail, 1);
	cr_assert(!any);
	cr_assert(explain_parse_token("X.7.30", 6, &code, &e, &any));
	cr_assert(any);
	cr_assert_eq(e.subject, 7);
	cr_assert_eq(e.detail, 30);
	cr_assert(explain_parse_token("9.9.9", 5, &code, &e, &any));
	cr_assert_eq(e.cls, 9);
	static const char *const bad[] = {
		"55", "5500", "5.1", "5.1.1.1", "abc", "", "5.1.1x", "0.1.1", "X.1",
		"5.1234.1",
	};
	for (size_t i = 0; i < COUNT(bad); i++)
		cr_assert(!explain_parse_token(bad[i], strlen(bad[i]), &code, &e, &any),
		          "'%s'", bad[i]);
}
