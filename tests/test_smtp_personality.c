/* test_smtp_personality.c — the same dialogues under each personality,
 * compared byte for byte with the replies the personality's sources give. */
#include "smtp/personality.h"
#include "smtp_harness.h"

#include <criterion/criterion.h>

/* A started session on PROFILE in PERSONA's voice, with scenario SCEN
 * (or none). */
static struct harness *start_on(const char *profile, const char *persona, const char *scen)
{
	struct harness *h = calloc(1, sizeof *h);
	char err[512];
	h->srv = smtp_server_new(profile, err, sizeof err);
	cr_assert(h->srv, "%s", err);
	cr_assert_eq(smtp_server_set_personality(h->srv, persona, err, sizeof err), 0, "%s", err);
	if (scen)
		cr_assert_eq(smtp_server_scenario(h->srv, scen, true, err, sizeof err), 0, "%s", err);
	h->sess = smtp_session_new(h->srv, NULL, harness_sink, h);
	smtp_session_start(h->sess);
	return h;
}

static struct harness *start(const char *persona, const char *scen)
{
	return start_on("mta", persona, scen);
}

static void stop(struct harness *h)
{
	smtp_session_free(h->sess);
	smtp_server_free(h->srv);
	free(h);
}

struct dialogue {
	const char *persona;
	const char *input;     /* lines separated by '\n' */
	const char *want;      /* every reply, CRLF line ends */
};

#define DLG "EHLO client.example.org\nMAIL FROM:<dave@example.org>\n" \
	"RCPT TO:<nobody@example.com>\nRCPT TO:<x@elsewhere.net>\nDATA\n" \
	"RCPT TO:<bob@example.com>\nDATA\nHi\n.\nHELP\nFOO\nQUIT"

static const struct dialogue dialogues[] = {
	{ "postfix", DLG,
	  "220 mx.example.com ESMTP Postfix\r\n"
	  "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250-VRFY\r\n"
	  "250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n"
	  "250-SMTPUTF8\r\n250 CHUNKING\r\n"
	  "250 2.1.0 Ok\r\n"
	  "550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table\r\n"
	  "454 4.7.1 <x@elsewhere.net>: Relay access denied\r\n"
	  "554 5.5.1 Error: no valid recipients\r\n"
	  "250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"
	  "250 2.0.0 Ok: queued as 5B90000001\r\n"
	  "500 5.5.2 Error: command not recognized\r\n"
	  "500 5.5.2 Error: command not recognized\r\n"
	  "221 2.0.0 Bye\r\n" },
	{ "exim", DLG,
	  "220 mx.example.com ESMTP Exim 4.96 Thu, 01 Jan 2026 00:00:00 +0000\r\n"
	  "250-mx.example.com Hello client.example.org [192.0.2.10]\r\n250-SIZE 52428800\r\n"
	  "250-8BITMIME\r\n250-PIPELINING\r\n250-CHUNKING\r\n250-STARTTLS\r\n250-SMTPUTF8\r\n"
	  "250 HELP\r\n"
	  "250 OK\r\n550 Unknown user\r\n550 relay not permitted\r\n"
	  "503 Valid RCPT command must precede DATA\r\n"
	  "250 Accepted\r\n354 Enter message, ending with \".\" on a line by itself\r\n"
	  "250 OK id=5B90000001\r\n"
	  "214-Commands supported:\r\n"
	  "214 AUTH STARTTLS HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP\r\n"
	  "500 unrecognized command\r\n"
	  "221 mx.example.com closing connection\r\n" },
	{ "opensmtpd", DLG,
	  "220 mx.example.com ESMTP OpenSMTPD\r\n"
	  "250-mx.example.com Hello client.example.org [192.0.2.10], pleased to meet you\r\n"
	  "250-8BITMIME\r\n250-ENHANCEDSTATUSCODES\r\n250-SIZE 36700160\r\n250-DSN\r\n"
	  "250-STARTTLS\r\n250 HELP\r\n"
	  "250 2.0.0 Ok\r\n"
	  "550 Invalid recipient: <nobody@example.com>\r\n"
	  "550 Invalid recipient: <x@elsewhere.net>\r\n"
	  "503 5.5.4 Invalid command arguments: No recipient specified\r\n"
	  "250 2.1.5 Destination address valid: Recipient ok\r\n"
	  "354 Enter mail, end with \".\" on a line by itself\r\n"
	  "250 2.0.0 5B90000001 Message accepted for delivery\r\n"
	  "214-2.0.0 This is OpenSMTPD\r\n"
	  "214-2.0.0 To report bugs in the implementation, please contact bugs@openbsd.org\r\n"
	  "214-2.0.0 with full details\r\n214 2.0.0 End of HELP info\r\n"
	  "500 5.5.1 Invalid command: Command unrecognized\r\n"
	  "221 2.0.0 Bye\r\n" },
	{ "microsoft365", "HELO c.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<nobody@example.com>",
	  "220 mx.example.com ESMTP smtpsim\r\n250 mx.example.com\r\n250 2.1.0 Ok\r\n"
	  "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup\r\n" },
};

/* A table, looped over: the same dialogue, one wire transcript each. */
Test(personality, same_dialogue_in_each_voice)
{
	for (size_t i = 0; i < sizeof dialogues / sizeof *dialogues; i++) {
		const struct dialogue *d = &dialogues[i];
		struct harness *h = start(d->persona, NULL);
		harness_lines(h, d->input);
		cr_assert_str_eq(h->out, d->want, "%s", d->persona);
		stop(h);
	}
}

Test(personality, smtpsim_changes_nothing)
{
	struct harness *a = start("smtpsim", NULL);
	struct harness *b = harness_new("mta", NULL, NULL);
	harness_lines(a, DLG);
	harness_lines(b, DLG);
	cr_assert_str_eq(a->out, b->out);
	stop(a);
	stop(b);
}

Test(personality, gmail_no_such_user_is_four_lines_ending_gsmtp)
{
	struct harness *h = start("gmail", NULL);
	harness_lines(h, "EHLO c.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<nobody@example.com>");
	cr_assert(!strncmp(h->last, "550-5.1.1 The email account that you tried to reach does not exist. Please try\r\n"
	          "550-5.1.1 double-checking the recipient's email address for typos or\r\n"
	          "550-5.1.1 unnecessary spaces. For more information, go to\r\n"
	          "550 5.1.1  https://support.google.com/mail/?p=NoSuchUser ", 264), "%s", h->last);
	cr_assert(strstr(h->last, " - gsmtp\r\n"), "%s", h->last);
	harness_line(h, "RCPT TO:<bob@example.com>");
	cr_assert(!strncmp(h->last, "250 2.1.5 OK ", 13), "%s", h->last);
	cr_assert(strstr(h->last, " - gsmtp\r\n"), "%s", h->last);
	stop(h);
}

/* The issue's own example: a full mailbox is temporary at Gmail and
 * permanent at Microsoft 365 (there found at delivery, after the data). */
Test(personality, full_mailbox_is_temporary_at_gmail_permanent_at_microsoft)
{
	const char *dlg = "EHLO c.example.org\nMAIL FROM:<dave@example.org>\n"
	                  "RCPT TO:<carol@example.com>\nDATA\nSubject: x\n\nhi\n.";
	struct harness *h = start("gmail", "mailbox-full");
	harness_lines(h, dlg);
	cr_assert(!strncmp(h->last, "452 4.2.2 The email account that you tried to reach is over "
	          "quota. ", 67), "%s", h->last);
	cr_assert(strstr(h->last, " - gsmtp\r\n"), "%s", h->last);
	harness_lines(h, "MAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>");
	cr_assert(!strncmp(h->last, "452 4.2.2 The email account", 27), "at RCPT too: %s", h->last);
	stop(h);

	h = start("microsoft365", "mailbox-full");
	harness_lines(h, dlg);
	cr_assert_str_eq(h->last, "554 5.2.2 mailbox full; STOREDRV.Deliver.Exception:"
	                 "QuotaExceededException.MapiExceptionShutoffQuotaExceeded; Failed to process "
	                 "message due to a permanent exception with message Cannot open mailbox\r\n");
	stop(h);
}

Test(personality, gmail_too_many_recipients)
{
	struct harness *h = start("gmail", "few-recipients");
	harness_lines(h, "EHLO c.example.org\nMAIL FROM:<dave@example.org>\n"
	                 "RCPT TO:<alice@example.com>\nRCPT TO:<bob@example.com>\n"
	                 "RCPT TO:<carol@example.com>\nRCPT TO:<postmaster@example.com>");
	cr_assert(!strncmp(h->last, "452 4.5.3 Your message has too many recipients. ", 48), "%s",
	          h->last);
	cr_assert(strstr(h->last, " - gsmtp\r\n"), "%s", h->last);
	stop(h);
}

Test(personality, exim_repeats_the_one_rcpt_error_at_data)
{
	struct harness *h = start("exim", NULL);
	harness_lines(h, "EHLO c.example.org\nMAIL FROM:<dave@example.org>\n"
	              "RCPT TO:<nobody@example.com>\nRCPT TO:<nobody2@example.com>\nDATA");
	cr_assert_str_eq(h->last, "503-All RCPT commands were rejected with this error:\r\n"
	                 "503-Unknown user\r\n503 Valid RCPT command must precede DATA\r\n");
	stop(h);
}

Test(personality, exim_data_without_rcpt_after_helo_is_lower_case)
{
	struct harness *h = start("exim", NULL);
	harness_lines(h, "HELO c.example.org\nMAIL FROM:<dave@example.org>\nDATA");
	cr_assert_str_eq(h->last, "503 valid RCPT command must precede DATA\r\n");
	stop(h);
}

Test(personality, postfix_and_exim_take_bare_addresses_opensmtpd_does_not)
{
	const char *in = "HELO c.example.org\nMAIL FROM:dave@example.org";
	struct harness *p = start("postfix", NULL), *e = start("exim", NULL), *o = start("opensmtpd", NULL);
	harness_lines(p, in);
	harness_lines(e, in);
	harness_lines(o, in);
	cr_assert_str_eq(p->last, "250 2.1.0 Ok\r\n");
	cr_assert_str_eq(e->last, "250 OK\r\n");
	cr_assert_str_eq(o->last, "553 5.1.0 Sender address syntax error\r\n");
	stop(p);
	stop(e);
	stop(o);
}

Test(personality, postfix_help_counts_as_unknown_command)
{
	struct harness *h = start("postfix", NULL);
	harness_line(h, "HELP");
	cr_assert_eq(h->last_why, SMTP_WHY_UNKNOWN_CMD);
	cr_assert_str_eq(h->last, "500 5.5.2 Error: command not recognized\r\n");
	harness_line(h, "VRFY bob");
	cr_assert_str_eq(h->last, "252 2.0.0 bob\r\n");
	stop(h);
}

/* as Postfix 3.7.11 answers them (tests/e2e/postfix-real.py) */
Test(personality, postfix_syntax_replies_as_postfix_37)
{
	struct harness *h = start("postfix", NULL);
	harness_line(h, "HELO");
	cr_assert_str_eq(h->last, "501 Syntax: HELO hostname\r\n");
	harness_line(h, "EHLO");
	cr_assert_str_eq(h->last, "501 Syntax: EHLO hostname\r\n");
	harness_line(h, "EHLO c.example.org");
	harness_line(h, "VRFY");
	cr_assert_str_eq(h->last, "501 5.5.4 Syntax: VRFY address [SMTPUTF8]\r\n");
	harness_line(h, "MAIL FROM:<dave@example.org> SIZE=10 Foo=Bar");
	cr_assert_str_eq(h->last, "555 5.5.4 Unsupported option: Foo=Bar\r\n");
	harness_line(h, "MAIL FROM:<dave@example.org> XYZ");
	cr_assert_str_eq(h->last, "555 5.5.4 Unsupported option: XYZ\r\n");
	stop(h);
}

Test(personality, exim_size_limit_overrides_the_profile)
{
	struct harness *h = start("exim", NULL);
	harness_lines(h, "EHLO c.example.org\nMAIL FROM:<dave@example.org> SIZE=60000000");
	cr_assert_str_eq(h->last, "552 Message size exceeds maximum permitted\r\n");
	stop(h);
}

Test(personality, unknown_name_lists_the_personalities)
{
	char err[256];
	struct smtp_server *srv = smtp_server_new("mta", err, sizeof err);
	cr_assert_eq(smtp_server_set_personality(srv, "sendmail", err, sizeof err), -1);
	cr_assert(strstr(err, "postfix") && strstr(err, "microsoft365"), "%s", err);
	cr_assert_str_eq(smtp_server_personality(srv), "smtpsim");
	smtp_server_free(srv);
}

Test(personality, every_personality_names_its_sources)
{
	cr_assert_str_eq(smtp_personality_name(0), "smtpsim");
	for (size_t i = 1; i < smtp_personality_count(); i++) {
		cr_assert(smtp_personality_summary(i)[0]);
		cr_assert(strlen(smtp_personality_notes(i)) > 20, "%s", smtp_personality_name(i));
	}
}

/* as Exim 4.96 with configure.default answers them (tests/e2e/exim-real.py) */
Test(personality, exim_refusals_as_exim_496)
{
	struct harness *h = start("exim", NULL);
	harness_line(h, "HELO");
	cr_assert_str_eq(h->last, "501 Syntactically invalid HELO argument(s)\r\n");
	harness_line(h, "EHLO c.example.org");
	harness_line(h, "RSET now");
	cr_assert_str_eq(h->last, "501 unexpected argument data\r\n");
	harness_line(h, "MAIL");
	cr_assert_str_eq(h->last, "500 unrecognized command\r\n");
	harness_line(h, "VRFY <alice@example.com>");
	cr_assert_str_eq(h->last, "252 Administrative prohibition\r\n");
	harness_line(h, "EXPN alice");
	cr_assert_str_eq(h->last, "550 Administrative prohibition\r\n");
	harness_line(h, "MAIL FROM:<dave@example.org> FOO=BAR");
	cr_assert_str_eq(h->last, "501 <dave@example.org> FOO=BAR: malformed address: "
	                 "FOO=BAR may not follow <dave@example.org> \r\n");
	stop(h);
}

/* Exim remembers a RCPT refused for its place with its code, and such a
 * RCPT does not make the DATA reply's "Valid" capital */
Test(personality, exim_data_after_rcpt_before_mail)
{
	struct harness *h = start("exim", NULL);
	harness_lines(h, "EHLO c.example.org\nRCPT TO:<alice@example.com>\nDATA");
	cr_assert_str_eq(h->last, "503-All RCPT commands were rejected with this error:\r\n"
	                 "503-503 sender not yet given\r\n"
	                 "503 valid RCPT command must precede DATA\r\n");
	stop(h);
}

/* as OpenSMTPD 6.8.0p2 answers them (tests/e2e/opensmtpd-real.py) */
Test(personality, opensmtpd_refusals_as_opensmtpd_68)
{
	static const struct { const char *line, *want; } t[] = {
		{ "STARTTLS now", "501 5.5.4 Invalid command arguments: No parameters allowed\r\n" },
		{ "RSET now", "500 5.5.4 Invalid command arguments: command does not accept arguments.\r\n" },
		{ "VRFY", "500 5.5.1 Invalid command: Command unrecognized\r\n" },
		{ "", "500 5.5.1 Invalid command: Command unrecognized\r\n" },
		{ "MAIL FROM:<dave@example.org> FOO=BAR",
		  "503 5.5.4 Invalid command arguments: Unsupported option FOO=BAR\r\n" },
		{ "MAIL FROM:<dave@example.org>", "250 2.0.0 Ok\r\n" },
		{ "RCPT TO:<bob@example.com> FOO=BAR", "503 Unsupported option FOO=BAR\r\n" },
		{ "RCPT TO:<nobody@example.com>", "550 Invalid recipient: <nobody@example.com>\r\n" },
		{ "RCPT TO:<x@example.net>", "550 Invalid recipient: <x@example.net>\r\n" },
	};
	struct harness *h = start("opensmtpd", NULL);
	harness_line(h, "EHLO c.example.org");
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		harness_line(h, t[i].line);
		cr_expect_str_eq(h->last, t[i].want, "%s", t[i].line);
	}
	stop(h);
}

/* OpenSMTPD refuses a message with a text line over 1000 octets at its end */
Test(personality, opensmtpd_long_text_line_refused_at_end_of_data)
{
	struct harness *h = start("opensmtpd", NULL);
	harness_lines(h, "EHLO c.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<alice@example.com>\nDATA");
	char line[1500];
	memset(line, 'y', sizeof line - 1);
	line[sizeof line - 1] = '\0';
	harness_line(h, line);
	harness_line(h, ".");
	cr_assert_str_eq(h->last, "550 5.7.1 Delivery not authorized, message refused: "
	                 "Message is not RFC 2822 compliant\r\n");
	stop(h);
}

/* Postfix's VRFY runs its recipient checks (tests/e2e/postfix-real.py) */
Test(personality, postfix_vrfy_is_checked_like_rcpt)
{
	static const struct { const char *line, *want; } t[] = {
		{ "VRFY bob", "252 2.0.0 bob\r\n" },
		{ "VRFY <Carol@example.com>", "252 2.0.0 <Carol@example.com>\r\n" },
		{ "VRFY nobody", "550 5.1.1 <nobody>: Recipient address rejected: "
		  "User unknown in local recipient table\r\n" },
		{ "VRFY <nobody@example.com>", "550 5.1.1 <nobody@example.com>: Recipient address "
		  "rejected: User unknown in local recipient table\r\n" },
		{ "VRFY x@example.net", "454 4.7.1 <x@example.net>: Relay access denied\r\n" },
		{ "VRFY a b", "501 5.1.3 Bad recipient address syntax\r\n" },
	};
	struct harness *h = start("postfix", NULL);
	harness_line(h, "EHLO c.example.org");
	for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
		harness_line(h, t[i].line);
		cr_expect_str_eq(h->last, t[i].want, "%s", t[i].line);
	}
	stop(h);
}

/* Every restated reply names its source, a source the table's header
 * describes; and every source described is used. */
Test(personality, every_entry_names_a_known_source)
{
	static const char *const tags[] = { "PF", "PF37", "EX", "EX96", "OS", "OS68", "GM", "GOOG",
	                                    "MS", "MSQ", "MSPB" };
	bool used[sizeof tags / sizeof tags[0]] = { false };
	for (size_t i = 1; i < smtp_personality_count(); i++) {
		size_t n = smtp_personality_entries(i);
		cr_expect_gt(n, 0, "%s restates nothing", smtp_personality_name(i));
		for (size_t k = 0; k < n; k++) {
			const char *src = smtp_personality_entry_source(i, k);
			cr_assert(smtp_personality_source_known(src), "%s entry %zu: source %s",
			          smtp_personality_name(i), k, src ? src : "(none)");
			for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
				used[t] |= !strcmp(tags[t], src);
		}
		cr_expect_null(smtp_personality_entry_source(i, n));
	}
	for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++)
		cr_expect(used[t], "source %s is described but no entry uses it", tags[t]);
	cr_expect_not(smtp_personality_source_known("INVENTED"));
	cr_expect_eq(smtp_personality_entries(0), 0, "smtpsim restates nothing");
}

/* Every decision the engine makes has a reply in every personality, and
 * each is a well-formed reply: one code on every line, '-' on all but the
 * last, an enhanced code (when sent) of the same class, lines within
 * RFC 5321 §4.5.3.1.5's 512 octets. */
static void well_formed(const char *persona, const char *what, const char *wire, size_t n)
{
	cr_assert_gt(n, 0, "%s %s: no reply at all", persona, what);
	const char *p = wire, *end = wire + n;
	int code = 0;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		cr_assert(eol && eol > p && eol[-1] == '\r', "%s %s: a line without CRLF", persona, what);
		size_t len = (size_t)(eol - p) + 1;
		cr_expect_leq(len, 512, "%s %s: a line of %zu octets", persona, what, len);
		cr_assert(len >= 6 && p[0] >= '2' && p[0] <= '5' && p[1] >= '0' && p[1] <= '5' &&
		          p[2] >= '0' && p[2] <= '9' && (p[3] == ' ' || p[3] == '-'),
		          "%s %s: not a reply line: %.*s", persona, what, (int)len, p);
		int c = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
		bool last_line = p[3] == ' ';
		cr_expect(!code || c == code, "%s %s: code %d then %d in one reply", persona, what,
		          code, c);
		code = last_line ? 0 : c;
		/* an enhanced code right after: its class is the first digit */
		if (p[4] >= '2' && p[4] <= '5' && p[5] == '.')
			cr_expect_eq(p[4], p[0], "%s %s: class %c under %c: %.*s", persona, what, p[4],
			             p[0], (int)len, p);
		p = eol + 1;
	}
	cr_expect_eq(code, 0, "%s %s: the last line says more follows", persona, what);
}

struct decision {
	const char *what, *profile, *scenario, *lines;
};

#define E "EHLO client.example.org\n"
#define M "MAIL FROM:<dave@example.org>\n"
#define TLS E "STARTTLS\n" E
static const struct decision decisions[] = {
	{ "greeting and EHLO", "mta", NULL, E "HELO client.example.org" },
	{ "unknown user", "mta", NULL, E M "RCPT TO:<nobody@example.com>" },
	{ "relay refused", "mta", NULL, E M "RCPT TO:<x@elsewhere.net>" },
	{ "mailbox full at RCPT and end of data", "mta", "mailbox-full",
	  E M "RCPT TO:<bob@example.com>\nRCPT TO:<carol@example.com>\nDATA\nhi\n." },
	{ "greylisted", "mta", "greylist", E M "RCPT TO:<alice@example.com>" },
	{ "TLS required", "submission", NULL, E "MAIL FROM:<alice@example.com>" },
	{ "AUTH required", "submission", NULL, TLS "MAIL FROM:<alice@example.com>" },
	{ "AUTH failed", "submission", NULL,
	  TLS "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdyb25n\nAUTH FOO\nAUTH PLAIN !!" },
	{ "AUTH ok", "submission", NULL,
	  TLS "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=\nAUTH PLAIN x" },
	{ "SPF fail", "mta", "spf-fail", E "MAIL FROM:<x@example.org>" },
	{ "DMARC reject", "mta", "dmarc-reject",
	  E M "RCPT TO:<alice@example.com>\nDATA\nFrom: d@example.org\n\nhi\n." },
	{ "too many recipients", "mta", "few-recipients",
	  E M "RCPT TO:<alice@example.com>\nRCPT TO:<bob@example.com>\n"
	  "RCPT TO:<carol@example.com>\nRCPT TO:<postmaster@example.com>" },
	{ "too many errors", "mta", "strict-errors", E "FOO\nFOO\nFOO\nFOO" },
	{ "blocked client", "mta", "blocked-client", E "QUIT" },
	{ "overloaded", "mta", "overloaded", "" },
	{ "size limits", "mta", "tiny-size",
	  E "MAIL FROM:<d@example.org> SIZE=999999\n" M "RCPT TO:<bob@example.com>" },
	{ "syntax errors", "mta", NULL,
	  E "MAIL FROM:<a b>\nMAIL FROM:<>x\n" M "RCPT TO:<>\nRCPT TO:bob\nHELO\nEHLO" },
	{ "bad sequence", "mta", NULL,
	  "RCPT TO:<bob@example.com>\n" E "RCPT TO:<bob@example.com>\nDATA\n" M M },
	{ "unknown command, HELP, VRFY, EXPN, NOOP, RSET", "mta", NULL,
	  E "FOO\nHELP\nVRFY bob\nVRFY\nEXPN staff\nNOOP\nRSET\nSTARTTLS\nSTARTTLS" },
	{ "the end of a message and QUIT", "mta", NULL,
	  E M "RCPT TO:<bob@example.com>\nDATA\nSubject: x\n\nhi\n.\nQUIT" },
};

Test(personality, every_decision_has_a_well_formed_reply_in_every_personality)
{
	static char line[1200];
	memset(line, 'x', sizeof line - 1);
	for (size_t i = 0; i < smtp_personality_count(); i++) {
		const char *p = smtp_personality_name(i);
		for (size_t d = 0; d < sizeof decisions / sizeof decisions[0]; d++) {
			struct harness *h = start_on(decisions[d].profile, p, decisions[d].scenario);
			harness_lines(h, decisions[d].lines);
			well_formed(p, decisions[d].what, h->out, h->out_len);
			stop(h);
		}
		/* a command line over 512 octets (RFC 5321 §4.5.3.1.4) */
		struct harness *h = start(p, NULL);
		smtp_session_feed_line(h->sess, line, sizeof line - 1);
		well_formed(p, "line too long", h->out, h->out_len);
		stop(h);
	}
}

/* Microsoft 365 greets a client on its block list and refuses it at each
 * RCPT with 5.7.606, where smtpsim (and the others) refuse at the greeting. */
Test(personality, microsoft_refuses_a_blocked_client_at_rcpt)
{
	struct harness *h = start("microsoft365", "blocked-client");
	cr_assert(!strncmp(h->last, "220 ", 4), "greeted: %s", h->last);
	harness_lines(h, "EHLO c.example.org\nMAIL FROM:<dave@example.org>\nRCPT TO:<alice@example.com>");
	cr_assert_str_eq(h->last, "550 5.7.606 Access denied, banned sending IP [192.0.2.10]. To "
	                 "request removal from this list please visit https://sender.office.com/ and "
	                 "follow the directions. For more information please go to "
	                 "http://go.microsoft.com/fwlink/?LinkID=526655\r\n");
	cr_expect_eq(smtp_session_rcpt_count(h->sess), 0);
	stop(h);
	h = start("smtpsim", "blocked-client");
	cr_assert(!strncmp(h->last, "554 ", 4), "refused at the greeting: %s", h->last);
	harness_line(h, "RCPT TO:<alice@example.com>");
	cr_expect_eq(h->last_code, 503);
	stop(h);
}
