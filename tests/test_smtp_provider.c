/* test_smtp_provider.c — naming the server behind a reply: published
 * replies of Gmail, Microsoft 365, Yahoo, Postfix and Exim are recognised
 * with the right provider and own code, plain RFC replies are not, and the
 * personalities' own replies are recognised as the server they imitate. */
#include "smtp/explain.h"
#include "smtp/personality.h"
#include "smtp/provider.h"
#include "smtp_harness.h"

#include <criterion/criterion.h>

/* The note for one reply line, found and split as `explain` does. */
static const struct provider_note *note_for(const char *line)
{
	struct explain_found f;
	cr_assert(explain_find_reply(line, strlen(line), &f), "no reply in: %s", line);
	const char *lines[1] = { line };
	size_t lens[1] = { strlen(line) };
	struct explain_reply r = { .code = f.code, .enh = f.enh, .lines = lines,
	                           .lens = lens, .nlines = 1 };
	return provider_recognise(&r);
}

struct known {
	const char *line;
	const char *provider;  /* a piece of the provider's name */
	const char *own;       /* a piece of the own code shown */
};

/* Replies as published (see the sources in provider.c). */
static const struct known known[] = {
	{ "550 5.7.606 Access denied, banned sending IP [192.0.2.45]. To request removal "
	  "from this list please visit https://sender.office.com/ and follow the directions. "
	  "For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 "
	  "AS(1430)", "Microsoft", "5.7.606" },
	{ "550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP.",
	  "Microsoft", "5.7.700" },
	{ "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
	  "Microsoft", "RecipientNotFound" },
	{ "550 5.4.1 [a@example.com]: Recipient address rejected: Access denied "
	  "[CY1GCC01FT007.eop-gcc01.prod.protection.outlook.com]", "Microsoft", "bracket" },
	{ "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException."
	  "MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent "
	  "exception with message Cannot open mailbox", "Microsoft", "QuotaExceeded" },
	{ "550-5.1.1 The email account that you tried to reach does not exist. Please try",
	  "Gmail", "NoSuchUser" },
	{ "452-4.2.2 The email account that you tried to reach is over quota. x - gsmtp",
	  "Gmail", "4.2.2" },
	{ "421-4.7.0 Our system has detected an unusual rate of unsolicited mail originating "
	  "from your IP address.", "Gmail", "421" },
	{ "550 5.7.1 This message violates example.com email policy. - gcdp a1b2 - gsmtp",
	  "Gmail", "gcdp" },
	{ "250 2.1.5 OK a1b2c3 - gsmtp", "Gmail", "gsmtp" },
	{ "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected "
	  "volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes",
	  "Yahoo", "TSS" },
	{ "421 4.7.1 [TS03] All messages from 192.0.2.1 permanently deferred; Retrying will NOT "
	  "succeed.", "Yahoo", "TS03" },
	{ "550 5.1.1 <x@example.com>: Recipient address rejected: User unknown in local "
	  "recipient table", "Postfix", "local recipient table" },
	{ "554 5.7.1 <x@elsewhere.net>: Relay access denied", "Postfix", "Relay access" },
	{ "450 4.7.1 <unknown[192.0.2.1]>: Client host rejected: cannot find your hostname",
	  "Postfix", "colon" },
	{ "550 Unrouteable address", "Exim", "Unrouteable" },
	{ "550 relay not permitted", "Exim", "relay not permitted" },
	{ "500 5.5.1 Invalid command: Command unrecognized", "OpenSMTPD", "colon" },
};

Test(provider, published_replies_name_their_server)
{
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		const struct provider_note *n = note_for(known[i].line);
		cr_assert(n, "not recognised: %s", known[i].line);
		cr_expect(strstr(n->provider, known[i].provider), "%s: provider %s, wanted %s",
		          known[i].line, n->provider, known[i].provider);
		cr_expect(strstr(n->own, known[i].own), "%s: own code %s, wanted %s",
		          known[i].line, n->own, known[i].own);
	}
}

Test(provider, plain_rfc_replies_name_no_server)
{
	static const char *const plain[] = {
		"250 2.0.0 Ok", "421 4.3.2 Service shutting down",
		"550 5.7.606 rejected",  /* a private code without Microsoft's words */
		"552 5.2.2 Mailbox full", "451 4.7.1 Greylisted, try again later",
	};
	for (size_t i = 0; i < sizeof plain / sizeof plain[0]; i++)
		cr_expect_null(note_for(plain[i]), "recognised: %s", plain[i]);
}

Test(provider, every_rule_names_provider_meaning_and_source)
{
	cr_assert_gt(provider_rule_count(), 10);
	for (size_t i = 0; i < provider_rule_count(); i++) {
		const struct provider_note *n = provider_rule_note(i);
		cr_assert(n && n->provider[0] && n->own[0], "rule %zu", i);
		cr_expect_gt(strlen(n->meaning), 30, "rule %zu: meaning", i);
		cr_expect_gt(strlen(n->source), 10, "rule %zu: source", i);
	}
	cr_expect_null(provider_rule_note(provider_rule_count()));
}

/* The last reply of a dialogue under PERSONA: its provider, or NULL. */
static const struct provider_note *persona_reply(const char *persona, const char *lines)
{
	struct harness *h = calloc(1, sizeof *h);
	char err[512];
	h->srv = smtp_server_new("mta", err, sizeof err);
	cr_assert(h->srv);
	cr_assert_eq(smtp_server_set_personality(h->srv, persona, err, sizeof err), 0, "%s", err);
	h->sess = smtp_session_new(h->srv, NULL, harness_sink, h);
	smtp_session_start(h->sess);
	harness_lines(h, lines);
	/* the last line of the last reply, without its CRLF */
	static char last[4096];
	snprintf(last, sizeof last, "%s", h->last);
	size_t n = strlen(last);
	while (n && (last[n - 1] == '\n' || last[n - 1] == '\r'))
		last[--n] = '\0';
	char *start = strrchr(last, '\n');
	start = start ? start + 1 : last;
	harness_free(h);
	return note_for(start);
}

Test(provider, each_personality_is_recognised_as_its_server)
{
	const char *unknown_user = "EHLO client.example.org\nMAIL FROM:<dave@example.org>\n"
	                           "RCPT TO:<nobody@example.com>";
	static const struct { const char *persona, *lines, *provider; } cases[] = {
		{ "postfix", "", "Postfix" },                    /* the greeting */
		{ "exim", "", "Exim" },
		{ "opensmtpd", "", "OpenSMTPD" },
		/* Exim's unknown user is a plain "550 Unknown user" (configure.default,
		 * measured by tests/e2e/exim-real.py): its relay refusal is the one
		 * that names it */
		{ "exim", "EHLO client.example.org\nMAIL FROM:<dave@example.org>\n"
		  "RCPT TO:<someone@example.net>", "Exim" },
		{ "gmail", NULL, "Gmail" },
		{ "microsoft365", NULL, "Microsoft" },
		{ "postfix", NULL, "Postfix" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct provider_note *n =
			persona_reply(cases[i].persona, cases[i].lines ? cases[i].lines : unknown_user);
		cr_assert(n, "%s: not recognised", cases[i].persona);
		cr_expect(strstr(n->provider, cases[i].provider), "%s: %s", cases[i].persona,
		          n->provider);
	}
}
