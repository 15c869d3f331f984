/* test_smtp_scenarios.c — the scenarios that lower a limit (strict-errors,
 * few-recipients) and the one that judges the From: field (dmarc-reject). */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "smtp_harness.h"

#define HELLO "EHLO client.example.org\n"

static struct harness *with(const char *scenario)
{
	const char *sc[] = { scenario, NULL };
	return harness_new("mta", sc, NULL);
}

/* strict-errors */

Test(strict_errors, three_syntax_errors_then_421_and_close)
{
	struct harness *h = with("strict-errors");
	harness_lines(h, HELLO "HELLO\nRCPT TO:<bob@example.com>\nMAIL FROM:bob@example.com");
	cr_expect_eq(h->last_code, 501);
	cr_expect_not(smtp_session_closed(h->sess));
	harness_line(h, "NOOP");
	cr_expect_str_eq(h->last, "421 4.7.0 mx.example.com Error: too many errors\r\n");
	cr_expect_eq(h->last_why, SMTP_WHY_TOO_MANY_ERRORS);
	cr_expect(smtp_session_closed(h->sess));
	cr_expect_eq(h->closes, 1);
	harness_free(h);
}

Test(strict_errors, policy_refusals_do_not_count)
{
	struct harness *h = with("strict-errors");
	harness_lines(h, HELLO "MAIL FROM:<dave@example.org>\n"
	              "RCPT TO:<zoe@example.com>\nRCPT TO:<erin@example.net>\n"
	              "RCPT TO:<zoe@example.com>\nRCPT TO:<erin@example.net>");
	cr_expect_eq(h->last_code, 554);
	harness_line(h, "RCPT TO:<bob@example.com>");
	cr_expect_eq(h->last_code, 250);
	cr_expect_not(smtp_session_closed(h->sess));
	harness_free(h);
}

Test(strict_errors, a_new_connection_starts_counting_again)
{
	struct harness *h = with("strict-errors");
	harness_lines(h, "HELLO\nHELLO\nHELLO\nNOOP");
	cr_expect_eq(h->last_code, 421);
	smtp_session_free(h->sess);
	h->sess = smtp_session_new(h->srv, NULL, harness_sink, h);
	smtp_session_start(h->sess);
	harness_lines(h, "HELLO\nHELLO\nNOOP");
	cr_expect_str_eq(h->last, "250 2.0.0 Ok\r\n");
	harness_free(h);
}

Test(strict_errors, without_the_scenario_three_errors_are_harmless)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, "HELLO\nHELLO\nHELLO\nNOOP");
	cr_expect_str_eq(h->last, "250 2.0.0 Ok\r\n");
	harness_free(h);
}

/* few-recipients */

Test(few_recipients, fourth_recipient_is_452_4_5_3_and_not_added)
{
	struct harness *h = with("few-recipients");
	harness_lines(h, HELLO "MAIL FROM:<dave@example.org>\nRCPT TO:<alice@example.com>\n"
	              "RCPT TO:<bob@example.com>\nRCPT TO:<carol@example.com>");
	cr_expect_eq(h->last_code, 250);
	harness_line(h, "RCPT TO:<postmaster@example.com>");
	cr_expect_str_eq(h->last, "452 4.5.3 Error: too many recipients\r\n");
	cr_expect_eq(h->last_why, SMTP_WHY_TOO_MANY_RCPT);
	cr_expect_eq(smtp_session_rcpt_count(h->sess), 3);
	harness_lines(h, "DATA\nSubject: x\n\nHi.\n.");
	cr_expect_eq(h->messages, 1);
	cr_expect_eq(h->msg_nrcpt, 3);
	harness_free(h);
}

Test(few_recipients, the_limit_is_per_transaction)
{
	struct harness *h = with("few-recipients");
	harness_lines(h, HELLO "MAIL FROM:<dave@example.org>\nRCPT TO:<alice@example.com>\n"
	              "RCPT TO:<bob@example.com>\nRCPT TO:<carol@example.com>\nRSET\n"
	              "MAIL FROM:<dave@example.org>\nRCPT TO:<postmaster@example.com>\n"
	              "RCPT TO:<abuse@example.com>\nRCPT TO:<alice@example.com>");
	cr_expect_eq(h->last_code, 250);
	cr_expect_eq(smtp_session_rcpt_count(h->sess), 3);
	harness_free(h);
}

/* dmarc-reject */

struct from_case {
	char from[96];     /* the From: field, folded with "\n " when needed */
	int code;          /* the reply to the final dot */
};

ParameterizedTestParameters(dmarc, from_field)
{
	static struct from_case cases[] = {
		{ "From: Dave <dave@example.org>", 550 },
		{ "from: dave@EXAMPLE.ORG", 550 },
		{ "From: News <news@lists.example.org>", 550 },
		{ "From: Dave\n <dave@example.org.>", 550 },
		{ "From: dave@example.org (Dave)", 550 },
		{ "From: Dave <dave@example.net>", 250 },
		{ "From: Dave <dave@notexample.org>", 250 },
		{ "From: Bob <bob@example.com>", 250 },
		{ "Sender: dave@example.org", 250 },
		{ "From: undisclosed", 250 },
	};
	return cr_make_param_array(struct from_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct from_case *c, dmarc, from_field)
{
	struct harness *h = with("dmarc-reject");
	harness_lines(h, HELLO "MAIL FROM:<news@example.net>\nRCPT TO:<bob@example.com>\nDATA");
	harness_lines(h, c->from);
	harness_lines(h, "Subject: Newsletter\n\nHello.\n.");
	cr_expect_eq(h->last_code, c->code, "%s", c->from);
	cr_expect_eq(h->last_cmd, SMTP_CMD_DOT);
	if (c->code == 550) {
		cr_expect_str_eq(h->last, "550 5.7.26 Error: message rejected by the DMARC policy of "
		                 "example.org (p=reject): no SPF or DKIM pass aligned with the From: "
		                 "domain\r\n");
		cr_expect_eq(h->last_why, SMTP_WHY_DMARC_REJECT);
		cr_expect_eq(h->messages, 0);
		cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_READY);
	} else {
		cr_expect_eq(h->messages, 1);
	}
	harness_free(h);
}

Test(dmarc, a_from_in_the_body_is_not_the_header)
{
	struct harness *h = with("dmarc-reject");
	harness_lines(h, HELLO "MAIL FROM:<news@example.net>\nRCPT TO:<bob@example.com>\nDATA\n"
	              "From: News <news@example.net>\n\nFrom: dave@example.org\n.");
	cr_expect_eq(h->last_code, 250);
	harness_free(h);
}

Test(dmarc, without_the_scenario_a_forged_from_is_accepted)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, HELLO "MAIL FROM:<news@example.net>\nRCPT TO:<bob@example.com>\nDATA\n"
	              "From: Dave <dave@example.org>\n\nHi.\n.");
	cr_expect_eq(h->last_code, 250);
	harness_free(h);
}

Test(dmarc, authenticated_submission_is_not_judged)
{
	const char *sc[] = { "dmarc-reject", NULL };
	struct harness *h = harness_new("submission", sc, NULL);
	harness_lines(h, HELLO "STARTTLS\n" HELLO
	              "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=\n"
	              "MAIL FROM:<alice@example.com>\nRCPT TO:<dave@example.org>\nDATA\n"
	              "From: Dave <dave@example.org>\n\nHi.\n.");
	cr_expect_eq(h->last_code, 250);
	harness_free(h);
}

Test(dmarc, spf_fail_refuses_the_envelope_before_dmarc_is_asked)
{
	const char *sc[] = { "dmarc-reject", "spf-fail", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	harness_lines(h, HELLO "MAIL FROM:<dave@example.org>");
	cr_expect_eq(h->last_code, 550);
	cr_expect_eq(h->last_why, SMTP_WHY_SPF_FAIL);
	harness_free(h);
}
