/* test_smtp_catalog.c — the reference catalog: completeness against the
 * issue's code list and the IANA registry, lookups, search. */
#include "smtp/catalog.h"
#include "smtp/smtp.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* The basic reply codes the catalog must hold (issue 3). */
static const int basic_codes[] = {
	211, 214, 220, 221, 235, 250, 251, 252, 334, 354, 421, 432, 450, 451,
	452, 454, 455, 500, 501, 502, 503, 504, 521, 530, 534, 535, 538, 550,
	551, 552, 553, 554, 555, 556,
};

/* Every detail code of the IANA "SMTP Enhanced Status Codes" registry. */
static const char *const registry[] = {
	"X.0.0",
	"X.1.0", "X.1.1", "X.1.2", "X.1.3", "X.1.4", "X.1.5", "X.1.6", "X.1.7",
	"X.1.8", "X.1.9", "X.1.10",
	"X.2.0", "X.2.1", "X.2.2", "X.2.3", "X.2.4",
	"X.3.0", "X.3.1", "X.3.2", "X.3.3", "X.3.4", "X.3.5", "X.3.6",
	"X.4.0", "X.4.1", "X.4.2", "X.4.3", "X.4.4", "X.4.5", "X.4.6", "X.4.7",
	"X.5.0", "X.5.1", "X.5.2", "X.5.3", "X.5.4", "X.5.5", "X.5.6",
	"X.6.0", "X.6.1", "X.6.2", "X.6.3", "X.6.4", "X.6.5", "X.6.6", "X.6.7",
	"X.6.8", "X.6.9", "X.6.10",
	"X.7.0", "X.7.1", "X.7.2", "X.7.3", "X.7.4", "X.7.5", "X.7.6", "X.7.7",
	"X.7.8", "X.7.9", "X.7.10", "X.7.11", "X.7.12", "X.7.13", "X.7.14",
	"X.7.15", "X.7.16", "X.7.17", "X.7.18", "X.7.19", "X.7.20", "X.7.21",
	"X.7.22", "X.7.23", "X.7.24", "X.7.25", "X.7.26", "X.7.27", "X.7.28",
	"X.7.29", "X.7.30",
};

static const int mail_ports[] = { 25, 465, 587, 2525, 110, 995, 143, 993, 53 };

static void assert_text(const char *s, const char *what, const char *entry)
{
	cr_assert(s != NULL, "%s of %s is NULL", what, entry);
	cr_assert(strlen(s) > 0, "%s of %s is empty", what, entry);
}

Test(catalog, every_listed_basic_code_is_present_and_complete)
{
	for (size_t i = 0; i < COUNT(basic_codes); i++) {
		char name[8];
		snprintf(name, sizeof name, "%d", basic_codes[i]);
		const struct cat_code *c = cat_code_find(basic_codes[i]);
		cr_assert(c != NULL, "basic code %s missing", name);
		cr_assert_eq(c->code, basic_codes[i]);
		assert_text(c->meaning, "meaning", name);
		assert_text(c->cause, "cause", name);
		assert_text(c->action, "action", name);
		assert_text(c->commands, "commands", name);
		assert_text(c->rfc, "rfc", name);
		assert_text(c->detail, "detail", name);
		cr_assert(strstr(c->rfc, "RFC ") != NULL, "%s: rfc '%s' names no RFC",
		          name, c->rfc);
		cr_assert(strlen(c->detail) > strlen(c->meaning),
		          "%s: detail is shorter than the title", name);
	}
}

Test(catalog, basic_codes_are_unique_and_in_order)
{
	cr_assert_geq(cat_code_count(), COUNT(basic_codes));
	for (size_t i = 1; i < cat_code_count(); i++)
		cr_assert_lt(cat_code_at(i - 1)->code, cat_code_at(i)->code,
		             "codes out of order at %zu", i);
	cr_assert_null(cat_code_at(cat_code_count()));
}

Test(catalog, every_registry_enhanced_code_is_present_and_complete)
{
	cr_assert_eq(cat_enh_count(), COUNT(registry),
	             "catalog has %zu enhanced codes, registry list %zu",
	             cat_enh_count(), COUNT(registry));
	for (size_t i = 0; i < COUNT(registry); i++) {
		const struct cat_enh *e = cat_enh_find(registry[i]);
		cr_assert(e != NULL, "%s missing", registry[i]);
		cr_assert_str_eq(e->code, registry[i]);
		assert_text(e->title, "title", registry[i]);
		assert_text(e->meaning, "meaning", registry[i]);
		assert_text(e->basic, "basic", registry[i]);
		assert_text(e->rfc, "rfc", registry[i]);
		/* Catalog order is registry order. */
		cr_assert_eq(cat_enh_at(i), e, "%s out of registry order", registry[i]);
	}
	cr_assert_null(cat_enh_at(cat_enh_count()));
}

Test(catalog, enhanced_codes_name_their_defining_rfcs)
{
	static const struct { const char *code, *rfc; } t[] = {
		{ "X.1.1", "3463" }, { "X.1.9", "3886" }, { "X.1.10", "7505" },
		{ "X.3.6", "6710" }, { "X.5.6", "4954" }, { "X.6.6", "4468" },
		{ "X.6.7", "6531" }, { "X.7.8", "4954" }, { "X.7.10", "5248" },
		{ "X.7.13", "5248" }, { "X.7.17", "7293" }, { "X.7.20", "7372" },
		{ "X.7.26", "7372" }, { "X.7.27", "7505" }, { "X.7.29", "8617" },
		{ "X.7.30", "8689" }, { "X.4.7", "4865" },
	};
	for (size_t i = 0; i < COUNT(t); i++)
		cr_assert(strstr(cat_enh_find(t[i].code)->rfc, t[i].rfc) != NULL,
		          "%s should cite RFC %s", t[i].code, t[i].rfc);
}

Test(catalog, enhanced_lookup_accepts_any_class_and_is_exact)
{
	static const struct { const char *in, *want; } t[] = {
		{ "5.1.1", "X.1.1" }, { "4.1.1", "X.1.1" }, { "X.1.1", "X.1.1" },
		{ "x.1.1", "X.1.1" }, { "5.1.10", "X.1.10" }, { "2.0.0", "X.0.0" },
		{ "4.7.0", "X.7.0" }, { "5.7.30", "X.7.30" }, { "5.6.10", "X.6.10" },
	};
	for (size_t i = 0; i < COUNT(t); i++) {
		const struct cat_enh *e = cat_enh_find(t[i].in);
		cr_assert(e != NULL, "%s not found", t[i].in);
		cr_assert_str_eq(e->code, t[i].want, "%s found %s", t[i].in, e->code);
	}
	static const char *const bad[] = {
		"3.1.1", "5.9.9", "5.7.31", "5.1", "5.1.1.1", "5.1.1 ", " 5.1.1",
		"5..1", "5.1.1000", "", "X", "550", "5-1-1", "5.01.0001",
	};
	for (size_t i = 0; i < COUNT(bad); i++)
		cr_assert_null(cat_enh_find(bad[i]), "'%s' should not be found", bad[i]);
	cr_assert_null(cat_enh_find(NULL));
}

Test(catalog, unknown_basic_codes_are_not_found)
{
	static const int bad[] = { 0, 200, 299, 300, 399, 456, 549, 557, 600, -550 };
	for (size_t i = 0; i < COUNT(bad); i++)
		cr_assert_null(cat_code_find(bad[i]), "%d should not be found", bad[i]);
}

Test(catalog, every_mail_port_is_present_and_complete)
{
	for (size_t i = 0; i < COUNT(mail_ports); i++) {
		char name[8];
		snprintf(name, sizeof name, "%d", mail_ports[i]);
		const struct cat_port *p = cat_port_find(mail_ports[i]);
		cr_assert(p != NULL, "port %s missing", name);
		assert_text(p->protocol, "protocol", name);
		assert_text(p->encryption, "encryption", name);
		assert_text(p->use, "use", name);
		assert_text(p->rfc, "rfc", name);
		assert_text(p->notes, "notes", name);
	}
	cr_assert_eq(cat_port_count(), COUNT(mail_ports));
	cr_assert_null(cat_port_find(80));
	cr_assert_null(cat_port_at(cat_port_count()));
}

Test(catalog, ports_say_which_encryption)
{
	cr_assert(strstr(cat_port_find(465)->encryption, "Implicit TLS"));
	cr_assert(strstr(cat_port_find(465)->rfc, "8314"));
	cr_assert(strstr(cat_port_find(587)->encryption, "STARTTLS"));
	/* RFC 6409 lists STARTTLS as a MAY; RFC 8314 §3.3 is what asks for TLS */
	cr_assert(!strstr(cat_port_find(587)->encryption, "required"));
	cr_assert(strstr(cat_port_find(587)->rfc, "8314"));
	cr_assert(!strstr(cat_port_find(465)->use, "legacy"));
	cr_assert(strstr(cat_port_find(25)->encryption, "optional"));
	cr_assert(strstr(cat_port_find(993)->encryption, "Implicit TLS"));
	cr_assert(strstr(cat_port_find(995)->encryption, "Implicit TLS"));
	cr_assert(strstr(cat_port_find(110)->protocol, "POP3"));
	cr_assert(strstr(cat_port_find(143)->protocol, "IMAP"));
	cr_assert(strstr(cat_port_find(53)->protocol, "DNS"));
}

Test(catalog, class_and_subject_meanings)
{
	cr_assert_str_eq(cat_class_meaning(2), "Success");
	cr_assert_str_eq(cat_class_meaning(5), "Permanent failure");
	cr_assert(strstr(cat_class_meaning(4), "transient"));
	cr_assert_null(cat_class_meaning(3));
	cr_assert_null(cat_class_meaning(0));
	for (int s = 0; s <= 7; s++) {
		cr_assert_not_null(cat_subject_meaning(s), "subject %d", s);
		cr_assert_not_null(cat_subject_detail(s), "subject %d", s);
	}
	cr_assert_str_eq(cat_subject_meaning(1), "Addressing status");
	cr_assert_str_eq(cat_subject_meaning(7), "Security or policy status");
	cr_assert_null(cat_subject_meaning(8));
	cr_assert_null(cat_subject_meaning(-1));
	for (int d = 2; d <= 5; d++) {
		cr_assert_not_null(cat_reply_class(d), "digit %d", d);
		cr_assert_not_null(cat_reply_class_detail(d), "digit %d", d);
	}
	cr_assert_str_eq(cat_reply_class(2), "Positive completion");
	cr_assert_str_eq(cat_reply_class(5), "Permanent negative completion");
	cr_assert_null(cat_reply_class(6));
	cr_assert_str_eq(cat_reply_category(0), "Syntax");
	cr_assert_str_eq(cat_reply_category(5), "Mail system");
	cr_assert_null(cat_reply_category(6));
}

/* --- search --------------------------------------------------------------- */

struct collect {
	size_t n;
	const struct cat_hit *first;
	struct cat_hit hits[256];
	size_t stop_after; /* 0: never */
};

static int collect_fn(void *ctx, const struct cat_hit *hit)
{
	struct collect *c = ctx;
	if (c->n < COUNT(c->hits))
		c->hits[c->n] = *hit;
	c->n++;
	return c->stop_after && c->n >= c->stop_after;
}

static bool has_code(const struct collect *c, int code)
{
	for (size_t i = 0; i < c->n && i < COUNT(c->hits); i++)
		if (c->hits[i].kind == CAT_CODE &&
		    ((const struct cat_code *)c->hits[i].entry)->code == code)
			return true;
	return false;
}

static bool has_enh(const struct collect *c, const char *code)
{
	for (size_t i = 0; i < c->n && i < COUNT(c->hits); i++)
		if (c->hits[i].kind == CAT_ENH &&
		    !strcmp(((const struct cat_enh *)c->hits[i].entry)->code, code))
			return true;
	return false;
}

static bool has_port(const struct collect *c, int port)
{
	for (size_t i = 0; i < c->n && i < COUNT(c->hits); i++)
		if (c->hits[i].kind == CAT_PORT &&
		    ((const struct cat_port *)c->hits[i].entry)->port == port)
			return true;
	return false;
}

static struct collect search(const char *q)
{
	struct collect c;
	memset(&c, 0, sizeof c);
	size_t n = cat_search(q, collect_fn, &c);
	cr_assert_eq(n, c.n, "'%s': returned %zu, reported %zu", q, n, c.n);
	return c;
}

Test(search, finds_by_cause_case_insensitively)
{
	struct collect c = search("GREYLISTING");
	cr_assert(has_code(&c, 450));
	c = search("greylisting");
	cr_assert(has_code(&c, 450));
}

Test(search, finds_codes_by_number)
{
	struct collect c = search("550");
	cr_assert(has_code(&c, 550));
	cr_assert(!has_code(&c, 250));
	c = search("587");
	cr_assert(has_port(&c, 587));
}

Test(search, enhanced_code_term_matches_exactly)
{
	struct collect c = search("5.1.1");
	cr_assert(has_enh(&c, "X.1.1"));
	cr_assert(!has_enh(&c, "X.1.10"), "5.1.1 must not match X.1.10");
	cr_assert(has_code(&c, 550), "550's detail mentions 5.1.1");
	c = search("x.7.8");
	cr_assert(has_enh(&c, "X.7.8"));
	cr_assert(!has_enh(&c, "X.7.0"));
}

Test(search, class_and_subject_term_matches_the_subject)
{
	struct collect c = search("5.7");
	cr_assert(has_enh(&c, "X.7.0"));
	cr_assert(has_enh(&c, "X.7.30"));
	cr_assert(!has_enh(&c, "X.1.1"));
	size_t n = 0;
	for (size_t i = 0; i < c.n; i++)
		n += c.hits[i].kind == CAT_ENH;
	cr_assert_eq(n, 31, "X.7.0 to X.7.30 are 31 entries, got %zu", n);
}

Test(search, all_words_must_match)
{
	struct collect c = search("auth credentials");
	cr_assert(has_code(&c, 535));
	cr_assert(has_enh(&c, "X.7.8"));
	cr_assert(!has_code(&c, 250));
	c = search("implicit tls");
	cr_assert(has_port(&c, 465));
	cr_assert(has_port(&c, 993));
	cr_assert(has_port(&c, 995));
	cr_assert(!has_port(&c, 25));
}

Test(search, nothing_found_and_everything_found)
{
	struct collect c = search("zzqqxxnothing");
	cr_assert_eq(c.n, 0);
	size_t all = cat_code_count() + cat_enh_count() + cat_port_count();
	c = search("");
	cr_assert_eq(c.n, all);
	c = search("   ");
	cr_assert_eq(c.n, all);
	cr_assert_eq(cat_search(NULL, NULL, NULL), all);
}

Test(search, hits_come_in_catalog_order)
{
	struct collect c = search("");
	size_t k = 0;
	for (size_t i = 0; i < cat_code_count(); i++, k++)
		cr_assert_eq(c.hits[k].entry, cat_code_at(i));
	for (size_t i = 0; i < cat_enh_count(); i++, k++)
		cr_assert_eq(c.hits[k].entry, cat_enh_at(i));
	for (size_t i = 0; i < cat_port_count(); i++, k++)
		cr_assert_eq(c.hits[k].entry, cat_port_at(i));
}

Test(search, stops_when_the_callback_says_so)
{
	struct collect c;
	memset(&c, 0, sizeof c);
	c.stop_after = 3;
	cr_assert_eq(cat_search("", collect_fn, &c), 3);
	cr_assert_eq(c.n, 3);
}

Test(search, very_long_and_odd_queries_are_safe)
{
	static char q[70000];
	memset(q, 'a', sizeof q - 1);
	q[sizeof q - 1] = '\0';
	cr_assert_eq(cat_search(q, NULL, NULL), 0);
	for (size_t i = 0; i < sizeof q - 1; i++)
		q[i] = (i % 3) ? 'q' : ' ';
	cr_assert_eq(cat_search(q, NULL, NULL), 0);
	cr_assert_eq(cat_search("\x01\xff\x80", NULL, NULL), 0);
}

/* --- the engine's replies are all in the catalog ----------------------- */

/* Every "#define R_NAME CODE, "ENH", ..." of the engine's reply table: its
 * basic code must be in the catalog and its enhanced code in the registry,
 * so the sidebar and explain can say what every simulated reply means. The
 * header is read as text so that replies added later are checked too. */
Test(catalog, every_engine_reply_is_in_the_catalog)
{
	char path[512];
	const char *slash = strrchr(__FILE__, '/');
	int dir = slash ? (int)(slash - __FILE__) : 0;
	snprintf(path, sizeof path, "%.*s%s../src/smtp/replies.h", dir, __FILE__,
	         slash ? "/" : "");
	FILE *f = fopen(path, "r");
	cr_assert_not_null(f, "cannot open %s", path);
	char line[1024];
	size_t checked = 0;
	while (fgets(line, sizeof line, f)) {
		char name[64], enh[32];
		int code;
		if (sscanf(line, "#define %63s %d, \"%31[^\"]\"", name, &code, enh) == 3) {
			cr_assert_not_null(cat_enh_find(enh), "%s: %s not in the registry",
			                   name, enh);
		} else if (sscanf(line, "#define %63s %d, \"\"", name, &code) != 2) {
			continue;
		}
		cr_assert_not_null(cat_code_find(code), "%s: %d not in the catalog",
		                   name, code);
		checked++;
	}
	fclose(f);
	cr_assert_gt(checked, 20, "only %zu replies found in %s", checked, path);
}

/* --- advice that fits the meaning ------------------------------------------ */

static const char *enh_action(const char *code)
{
	const struct cat_enh *e = cat_enh_find(code);
	cr_assert_not_null(e, "%s", code);
	cr_assert_not_null(e->action, "%s has no advice of its own", code);
	return e->action;
}

Test(catalog, enhanced_advice_is_optional_and_written_like_the_basic_advice)
{
	size_t with = 0;
	for (size_t i = 0; i < cat_enh_count(); i++) {
		const struct cat_enh *e = cat_enh_at(i);
		if (!e->action)
			continue;
		with++;
		size_t n = strlen(e->action);
		cr_assert(n > 10, "%s: advice too short", e->code);
		/* explain adds the full stop, as for the basic codes' advice */
		cr_assert(e->action[n - 1] != '.', "%s: advice ends in a full stop", e->code);
	}
	cr_assert(with >= 20, "only %zu enhanced codes have advice", with);
}

Test(catalog, mailbox_full_advice_is_about_the_mailbox_not_the_message_size)
{
	const char *a = enh_action("5.2.2");
	cr_assert(strstr(a, "quota") && strstr(a, "recipient"), "%s", a);
	cr_assert_null(strstr(a, "attachment"), "%s", a);
	/* 552 covers both: too big (5.3.4) and mailbox full (5.2.2). */
	const struct cat_code *c = cat_code_find(552);
	cr_assert(strstr(c->cause, "5.2.2") && strstr(c->cause, "5.3.4"), "%s", c->cause);
	cr_assert(strstr(c->action, "Mailbox full") && strstr(c->action, "room"), "%s", c->action);
	cr_assert(strstr(enh_action("5.3.4"), "smaller"));
}

Test(catalog, expired_delivery_says_the_sender_gave_up)
{
	const struct cat_enh *e = cat_enh_find("4.4.7");
	cr_assert(strstr(e->meaning, "gave up"), "%s", e->meaning);
	const char *a = enh_action("4.4.7");
	cr_assert(strstr(a, "not delivered") && strstr(a, "will not be retried"), "%s", a);
	cr_assert(strstr(a, "send the message again"), "%s", a);
}

Test(catalog, x_1_10_names_null_mx_and_microsofts_recipient_not_found)
{
	const struct cat_enh *e = cat_enh_find("5.1.10");
	cr_assert(strstr(e->meaning, "null MX"), "%s", e->meaning);
	cr_assert(strstr(e->meaning, "Microsoft 365") && strstr(e->meaning, "RecipientNotFound") &&
	          strstr(e->meaning, "not found"), "%s", e->meaning);
	const char *a = enh_action("5.1.10");
	cr_assert(strstr(a, "null MX") && strstr(a, "check the address"), "%s", a);
}

Test(catalog, policy_refusals_do_not_only_say_check_the_address)
{
	/* 550 is used for unknown users and for policy refusals alike. */
	const char *a = cat_code_find(550)->action;
	cr_assert(strstr(a, "5.1.1") && strstr(a, "5.7"), "%s", a);
	cr_assert(strstr(enh_action("5.7.1"), "relaying needs AUTH"));
	cr_assert(strstr(enh_action("5.7.23"), "SPF record"));
}

/* --- facts checked against the RFCs and the registry ----------------------- */

Test(catalog, registry_titles_and_basic_codes_are_quoted_exactly)
{
	static const struct { const char *code, *title, *basic; } rows[] = {
		{ "X.1.6", "Destination mailbox has moved, No forwarding address", "not given" },
		{ "X.3.2", "System not accepting network messages", "453, 521" },
		{ "X.5.0", "Other or undefined protocol status",
		  "220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554" },
		{ "X.5.1", "Invalid command", "430, 500, 501, 503, 530, 550, 554, 555" },
		{ "X.7.0", "Other or undefined security status",
		  "220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550" },
	};
	for (size_t i = 0; i < COUNT(rows); i++) {
		const struct cat_enh *e = cat_enh_find(rows[i].code);
		cr_assert_not_null(e, "%s", rows[i].code);
		cr_assert_str_eq(e->title, rows[i].title);
		cr_assert_str_eq(e->basic, rows[i].basic, "%s", rows[i].code);
	}
}

Test(catalog, commands_and_sections_of_556_554_553_550)
{
	/* a null-MX sender gets 550 5.7.27 at MAIL (RFC 7505); 556 is for RCPT */
	cr_assert_str_eq(cat_code_find(556)->commands, "RCPT");
	cr_assert(strstr(cat_code_find(556)->detail, "550 5.7.27"));
	/* 554 "no valid recipients" answers DATA (RFC 5321 §3.3) */
	cr_assert(strstr(cat_code_find(554)->commands, "DATA, end of DATA"));
	cr_assert(strstr(cat_code_find(553)->rfc, "RFC 6531 §3.5"));
	/* SPF is 5.7.23, DKIM 5.7.20, reverse DNS 5.7.25; 5.7.26 is several */
	const char *d = cat_code_find(550)->detail;
	cr_assert(strstr(d, "SPF failed (5.7.23)") && strstr(d, "(5.7.20)") &&
	          strstr(d, "(5.7.25)") && strstr(d, "several such checks failed at once (5.7.26)"), "%s", d);
}

Test(catalog, historical_538_and_one_retry_interval)
{
	const struct cat_code *c = cat_code_find(538);
	cr_assert(strstr(c->meaning, "historical") && strstr(c->detail, "historical purposes only"));
	cr_assert(strstr(c->detail, "530 5.7.0") && strstr(c->detail, "503 5.5.1"));
	cr_assert(strstr(cat_enh_find("X.7.11")->meaning, "historical"));
	/* RFC 5321 §4.5.4.1: at least 30 minutes between retries */
	cr_assert(strstr(cat_code_find(450)->action, "at least 30 minutes"));
	cr_assert_null(strstr(cat_code_find(450)->action, "5-15"));
}

Test(catalog, one_enhanced_code_parser)
{
	int c, s, d;
	cr_expect(smtp_enh_parse("5.1.1", false, &c, &s, &d));
	cr_expect(c == 5 && s == 1 && d == 1);
	cr_expect(smtp_enh_parse("4.7.123", false, &c, &s, &d) && d == 123);
	cr_expect_not(smtp_enh_parse("4.7.1234", false, NULL, NULL, NULL), "detail of 4 digits");
	cr_expect_not(smtp_enh_parse("3.1.1", false, NULL, NULL, NULL), "class 3");
	cr_expect_not(smtp_enh_parse("X.1.1", false, NULL, NULL, NULL));
	cr_expect(smtp_enh_parse("X.1.1", true, &c, NULL, NULL) && c == 0);
	cr_expect_not(smtp_enh_parse("5.1.", false, NULL, NULL, NULL));
	cr_expect_not(smtp_enh_parse("5.1.1 ", false, NULL, NULL, NULL), "the whole string");
	cr_expect_not(smtp_enh_parse(NULL, true, NULL, NULL, NULL));
}

Test(catalog, one_reply_gloss_with_one_catch_all_rule)
{
	struct cat_gloss g;
	cat_reply_gloss(550, "5.1.1", &g);
	cr_expect_str_eq(g.meaning, cat_code_find(550)->meaning);
	cr_expect_str_eq(g.enh_title, cat_enh_find("5.1.1")->title);
	cat_reply_gloss(250, "2.0.0", &g);
	cr_expect_null(g.enh_title, "X.Y.0 is a catch-all: nothing to add");
	cat_reply_gloss(250, "", &g);
	cr_expect_null(g.enh_title);
	cat_reply_gloss(299, NULL, &g);
	cr_expect_str_eq(g.meaning, cat_reply_class(2), "an unknown code: its class");
}
