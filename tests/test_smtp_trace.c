/* The trace fields a receiving server adds (smtp/trace.c): the same for
 * serve's Maildir and the UI's stored-message view. */
#include "smtp/trace.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

Test(trace, protocol_names_follow_rfc_3848)
{
	char b[16];
	cr_assert_str_eq(smtp_trace_protocol(false, false, false, b, sizeof b), "SMTP");
	cr_assert_str_eq(smtp_trace_protocol(true, false, false, b, sizeof b), "ESMTP");
	cr_assert_str_eq(smtp_trace_protocol(true, true, true, b, sizeof b), "ESMTPSA");
	cr_assert_str_eq(smtp_trace_protocol(false, true, false, b, sizeof b), "ESMTPS");
}

Test(trace, header_has_the_envelope_and_no_control_bytes)
{
	const char *rcpt[] = { "alice@example.com" };
	struct smtp_message m = { 0 };
	m.helo = "bad\r\nname";
	m.mail_from = "dave@example.org";
	m.rcpt = rcpt;
	m.nrcpt = 1;
	m.client_addr = "192.0.2.10";
	struct smtp_trace t = { "mx.example.com", "ESMTP", NULL, "ABC123", "alice@example.com", 0 };
	char *h = smtp_trace_header(&m, &t);
	cr_assert_not_null(h);
	cr_assert(!strncmp(h, "Return-Path: <dave@example.org>\nReceived: from bad??name "
	                      "(unknown [192.0.2.10])\n\tby mx.example.com (smtpsim) with "
	                      "ESMTP id ABC123\n\tfor <alice@example.com>; ", 130), "%s", h);
	cr_assert_eq(h[strlen(h) - 1], '\n');
	free(h);
}
