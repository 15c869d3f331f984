/* profile.c — the simulated servers: profiles, scenarios, mailboxes and
 * accounts. Static tables only. */
#include "smtp/internal.h"

#include <string.h>
#include <strings.h>

static const struct smtp_profile profiles[] = {
	{ "mta", "mx.example.com", 25,
	  "receiving MX for example.com: STARTTLS optional, no AUTH, no relaying",
	  true, false, false, false, false, 10240000, false },
	{ "submission", "smtp.example.com", 587,
	  "mail submission: STARTTLS, then AUTH (PLAIN, LOGIN, OAUTHBEARER, "
	  "XOAUTH2), then you may send anywhere",
	  true, false, true, true, true, 10240000, true },
	{ "smtps", "smtp.example.com", 465,
	  "submission over implicit TLS (RFC 8314): TLS from the first byte, AUTH "
	  "with passwords or OAuth tokens",
	  false, true, true, false, true, 10240000, true },
	{ "alt", "smtp.example.com", 2525,
	  "alternative submission port, for when 25 and 587 are blocked",
	  true, false, true, true, true, 10240000, false },
};

size_t smtp_profile_count(void)
{
	return sizeof profiles / sizeof profiles[0];
}

const struct smtp_profile *smtp_profile_at(size_t i)
{
	return i < smtp_profile_count() ? &profiles[i] : NULL;
}

const struct smtp_profile *smtp_profile_find(const char *name)
{
	for (size_t i = 0; name && i < smtp_profile_count(); i++)
		if (!strcasecmp(profiles[i].name, name))
			return &profiles[i];
	return NULL;
}

struct scenario_row {
	struct smtp_scenario pub;
	unsigned bit;
};

static const struct scenario_row scenarios[] = {
	{ { "greylist", "first RCPT of a (client, sender, recipient) triplet: "
	    "450 4.2.0 Greylisted; accepted after 5 minutes (:wait 5m)" }, SC_GREYLIST },
	{ { "overloaded", "greeting 421 Service not available, then the server "
	    "hangs up" }, SC_OVERLOADED },
	{ { "blocked-client", "greeting 554 No SMTP service here: client on a DNS "
	    "blocklist; then 503 to all but QUIT" }, SC_BLOCKED },
	{ { "local-error", "end of DATA: 451 4.3.0 queue file write error" },
	  SC_LOCAL_ERROR },
	{ { "mailbox-full", "RCPT bob: 452 4.2.2 Mailbox full; message to "
	    "carol: 552 5.2.2 over quota at end of DATA" }, SC_MAILBOX_FULL },
	{ { "user-moved", "RCPT carol: 551 5.1.0 User not local; please try "
	    "<carol@example.org>; RCPT bob: 251 2.1.5 will forward" }, SC_USER_MOVED },
	{ { "null-mx", "nullmx.example.net publishes a null MX: RCPT 556 "
	    "5.1.10, MAIL 550 5.7.27" }, SC_NULL_MX },
	{ { "tiny-size", "SIZE limit of 2048 bytes: SIZE= or a message over it "
	    "gets 552 5.3.4" }, SC_TINY_SIZE },
	{ { "spf-fail", "senders @example.org fail SPF: MAIL 550 5.7.23" },
	  SC_SPF_FAIL },
	{ { "strict-errors", "after 3 syntax or sequence errors (500-504) the "
	    "next line gets 421 4.7.0 and the server hangs up (normally: 20 "
	    "errors of any kind)" }, SC_STRICT_ERRORS },
	{ { "few-recipients", "3 recipients per transaction: the 4th RCPT gets "
	    "452 4.5.3 (normally the 101st)" }, SC_FEW_RCPT },
	{ { "dmarc-reject", "example.org publishes DMARC p=reject and its SPF "
	    "does not list the client: a message with From: @example.org gets "
	    "550 5.7.26 at end of DATA" }, SC_DMARC_REJECT },
	{ { "bounce-after-accept", "carol's mailbox turns out full at delivery: "
	    "the message is accepted with 250, then a DSN (5.2.2) goes back to "
	    "the sender" }, SC_BOUNCE_AFTER_ACCEPT },
	{ { "delivery-delayed", "carol's mail store does not answer at delivery: "
	    "the message is accepted with 250 and waits in the queue; who asked "
	    "NOTIFY=DELAY gets a delay DSN (4.4.1) 4 hours later" }, SC_DELIVERY_DELAYED },
};

size_t smtp_scenario_count(void)
{
	return sizeof scenarios / sizeof scenarios[0];
}

const struct smtp_scenario *smtp_scenario_at(size_t i)
{
	return i < smtp_scenario_count() ? &scenarios[i].pub : NULL;
}

unsigned smtp_scenario_bit(const char *name)
{
	for (size_t i = 0; name && i < smtp_scenario_count(); i++)
		if (!strcasecmp(scenarios[i].pub.name, name))
			return scenarios[i].bit;
	return 0;
}

static const char *const mailboxes[] = {
	"alice", "bob", "carol", "postmaster", "abuse",
};

static const char *const known_addresses[] = {
	"alice@example.com", "bob@example.com", "carol@example.com",
	"postmaster@example.com", "abuse@example.com",
	"dave@example.org", "postmaster", NULL,
};

const char *const *smtp_known_addresses(void)
{
	return known_addresses;
}

bool smtp_local_mailbox(const char *local, size_t len)
{
	for (size_t i = 0; i < sizeof mailboxes / sizeof mailboxes[0]; i++)
		if (strlen(mailboxes[i]) == len && !strncasecmp(mailboxes[i], local, len))
			return true;
	return false;
}

static bool domain_is(const char *domain, size_t len, const char *want)
{
	size_t wl = strlen(want);
	/* a trailing dot names the same domain */
	if (len == wl + 1 && domain[wl] == '.')
		len = wl;
	return len == wl && !strncasecmp(domain, want, len);
}

bool smtp_local_domain(const char *domain, size_t len)
{
	return domain_is(domain, len, "example.com") ||
	       domain_is(domain, len, "mx.example.com") ||
	       domain_is(domain, len, "smtp.example.com");
}

bool smtp_domain_is_local(const char *domain)
{
	return domain && smtp_local_domain(domain, strlen(domain));
}

bool smtp_null_mx_domain(const char *domain, size_t len)
{
	return domain_is(domain, len, "nullmx.example.net");
}

struct account {
	const char *address;
	const char *password;
};

static const struct account accounts[] = {
	{ "alice@example.com", "wonderland" },
	{ "bob@example.com", "builder" },
};

const char *smtp_check_account(const char *user, const char *pass)
{
	for (size_t i = 0; i < sizeof accounts / sizeof accounts[0]; i++) {
		const char *a = accounts[i].address;
		size_t local = (size_t)(strchr(a, '@') - a);
		bool name_ok = !strcasecmp(user, a) ||
		               (strlen(user) == local && !strncasecmp(user, a, local));
		if (name_ok && !strcmp(pass, accounts[i].password))
			return a;
	}
	return NULL;
}

/* The simulated authorisation server's tokens: what a mail program would
 * get after the browser login. The expired one was alice's. */
static const char *const tokens[] = {
	"alice-token-0123456789", "alice@example.com", "valid",
	"bob-token-9876543210", "bob@example.com", "valid",
	"alice-token-expired", "alice@example.com", "expired",
	NULL,
};

const char *const *smtp_oauth_tokens(void)
{
	return tokens;
}

const char *smtp_check_token(const char *token, size_t len, bool *expired)
{
	*expired = false;
	for (size_t i = 0; tokens[i]; i += 3) {
		if (strlen(tokens[i]) == len && !memcmp(tokens[i], token, len)) {
			*expired = !strcmp(tokens[i + 2], "expired");
			return tokens[i + 1];
		}
	}
	return NULL;
}

bool smtp_account_known(const char *user)
{
	for (size_t i = 0; user && i < sizeof accounts / sizeof accounts[0]; i++) {
		const char *a = accounts[i].address;
		size_t local = (size_t)(strchr(a, '@') - a);
		if (!strcasecmp(user, a) || (strlen(user) == local && !strncasecmp(user, a, local)))
			return true;
	}
	return false;
}

bool smtp_account_owns(const char *user, const char *addr)
{
	return user && !strcasecmp(user, addr);
}
