/* provider.c — which server wrote a reply (see provider.h).
 *
 * Rules are tried in order, the most specific first: the first whose
 * marks and codes all match gives the note. The meanings are ours,
 * written from the source named beside each rule; a mark is a piece of
 * the provider's own wording as published (its documentation, or bounces
 * quoted in public).
 *
 * Sources:
 *  [GOOG] Google, "Gmail SMTP errors and codes", support.google.com/a/
 *         answer/3726730: "gsmtp" is added to all errors, "gcdp" to errors
 *         from rules of the recipient domain's administrator; the texts of
 *         421 4.7.0 (unusual rate of unsolicited mail), 452 4.2.2 (over
 *         quota), 550 5.1.1 (account does not exist).
 *  [MSND] Microsoft Learn, "Email non-delivery reports and SMTP errors in
 *         Exchange Online" and "Fix error code 5.7.700 through 5.7.750 in
 *         Exchange Online" (5.7.703 tenant allow/block list, 5.7.705 tenant
 *         over its threshold of spam or bulk mail, 5.7.708 traffic not
 *         accepted from this IP).
 *  [MSPB] Published Exchange Online bounces: "550 5.7.606 Access denied,
 *         banned sending IP [...]. To request removal from this list please
 *         visit https://sender.office.com/ and follow the directions."
 *         (pastebin.com/EH1TUb0X, pastebin.com/JxYau839); "550 5.1.10
 *         RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP
 *         address lookup" (pastebin.com/4NLVeuUu).
 *  [YHOO] Yahoo Help, "4xx SMTP error codes" (help.yahoo.com/kb/
 *         SLN26151): retry, by hand no sooner than 4 hours later; review
 *         sending practices when it lasts 48 hours; the [TS03] article
 *         (SLN3436): "All messages from x.x.x.x permanently deferred". The
 *         [TSS04] wording from published bounces: "421 4.7.0 [TSS04]
 *         Messages from x.x.x.x temporarily deferred due to unexpected
 *         volume or user complaints - 4.16.55.1; see https://
 *         postmaster.yahooinc.com/error-codes".
 *  [PFIX] Postfix smtpd(8), postfix/src/smtpd/smtpd.c and smtpd_check.c
 *         (the "Client host rejected", "Sender address rejected",
 *         "Recipient address rejected" prefixes; "User unknown in local
 *         recipient table"; "Relay access denied"), postconf(5)
 *         local_recipient_maps, virtual_mailbox_maps, smtpd_relay_restrictions.
 *  [EXIM] Exim's default configuration (src/src/configure.default): the
 *         RCPT ACL's "relay not permitted" and "verify = recipient", whose
 *         failure Exim reports as "Unrouteable address"; smtp_banner's
 *         default "... ESMTP Exim ...".
 *  [OSMT] OpenSMTPD, usr.sbin/smtpd/esc.c and smtp_session.c: every
 *         reply's text starts with the enhanced code's description
 *         ("Invalid command: ...", "Syntax error: ...").
 */
#include "smtp/provider.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct rule {
	const char *marks;   /* any of these '|'-separated pieces, any case;
	                      * NULL: no mark needed */
	const char *also;    /* and one of these too; NULL: nothing more */
	int code;            /* basic code; 0: any */
	int cls, subject;    /* enhanced code: cls 0 = none needed */
	int dlo, dhi;        /* detail range */
	struct provider_note note;
};

#define MS "Microsoft 365 (Exchange Online)"
#define GM "Gmail (Google)"
#define YH "Yahoo Mail"

static const struct rule rules[] = {
	/* --- Microsoft 365 ------------------------------------------------ */
	{ "banned sending IP|sender.office.com|protection.outlook.com|outlook.com", NULL,
	  0, 5, 7, 606, 649,
	  { MS, "5.7.606-5.7.649",
	    "Access denied, banned sending IP: the sending server's IP address is on "
	    "Microsoft's own block list (not a public DNS blocklist), so every message "
	    "from it to Microsoft-hosted mailboxes is refused.",
	    "Find out why that IP sent unwanted mail and stop it, then ask Microsoft to "
	    "delist the IP at https://sender.office.com, the portal the reply names.",
	    "Microsoft Learn, Email non-delivery reports and SMTP errors in Exchange "
	    "Online; Exchange Online bounces quoted in public" } },
	{ "Access denied|outlook.com|Tenant Allow Block List|microsoft", NULL,
	  0, 5, 7, 700, 750,
	  { MS, "5.7.700-5.7.750",
	    "Microsoft 365 has blocked the sending organisation (its tenant), not one "
	    "message: 5.7.703 blocked by a tenant allow/block list, 5.7.705 the tenant "
	    "sent more spam or bulk mail than its threshold, 5.7.708 traffic not "
	    "accepted from this IP.",
	    "Only the sending organisation's Microsoft 365 administrator can fix it: "
	    "find the compromised account or connector that sent the mail, then ask "
	    "Microsoft Support to lift the block.",
	    "Microsoft Learn, Fix error code 5.7.700 through 5.7.750 in Exchange Online" } },
	{ "RecipientNotFound", NULL, 0, 0, 0, 0, 0,
	  { MS, "RESOLVER.ADR.RecipientNotFound",
	    "Exchange Online's address resolver found no mailbox, group or contact with "
	    "this address in the recipient organisation's directory.",
	    "Check the spelling of the address or ask the recipient for the right one; "
	    "only their Microsoft 365 administrator can add the address.",
	    "Exchange Online bounces quoted in public (RESOLVER.ADR.RecipientNotFound; "
	    "Recipient not found by SMTP address lookup)" } },
	{ "QuotaExceededException|STOREDRV.Deliver", NULL, 0, 0, 0, 0, 0,
	  { MS, "STOREDRV.Deliver QuotaExceededException",
	    "Exchange's mail store would not take the message: the recipient's mailbox "
	    "is over its quota. Exchange makes this permanent (554 5.2.2), where Gmail "
	    "answers a full mailbox with a temporary 452 4.2.2.",
	    "Tell the recipient another way; send again once they have made room.",
	    "Exchange bounces quoted in public (554 5.2.2 mailbox full; "
	    "STOREDRV.Deliver.Exception:QuotaExceededException...)" } },
	{ "protection.outlook.com|outlook.com|RESOLVER.", NULL, 0, 0, 0, 0, 0,
	  { MS, "the host name in brackets",
	    "The reply came from Microsoft's mail servers: the bracketed host at the end "
	    "ends in protection.outlook.com. Microsoft adds codes of its own beside the "
	    "RFC ones; quote the whole line when you ask for help.",
	    NULL,
	    "Microsoft Learn, Email non-delivery reports and SMTP errors in Exchange Online" } },

	/* --- Gmail -------------------------------------------------------- */
	{ "gcdp", NULL, 0, 0, 0, 0, 0,
	  { GM, "gcdp",
	    "gcdp (Google Custom Domain Policies): a rule made by the recipient domain's "
	    "Google Workspace administrator refused the message, not Gmail itself.",
	    "Ask the recipient's administrator: the rule is theirs.",
	    "Google, Gmail SMTP errors and codes" } },
	{ "unusual rate of unsolicited mail", NULL, 0, 0, 0, 0, 0,
	  { GM, "421 4.7.0",
	    "Gmail has for now blocked mail from the sending IP address: it saw an "
	    "unusual rate of unsolicited mail from it.",
	    "Stop whatever sends the unwanted mail and follow Google's sender "
	    "guidelines; the block is temporary (4xx) and your server retries.",
	    "Google, Gmail SMTP errors and codes" } },
	{ "over quota", "gsmtp|google", 0, 4, 2, 2, 2,
	  { GM, "452 4.2.2",
	    "The Gmail account's storage is full. Gmail calls this temporary (4.2.2): "
	    "your server keeps the message and retries, and it is delivered if the "
	    "owner makes room in time.",
	    "Nothing for now: your server retries. Tell the recipient another way if "
	    "it matters.",
	    "Google, Gmail SMTP errors and codes" } },
	{ "NoSuchUser|account that you tried to reach does not exist", NULL, 0, 0, 0, 0, 0,
	  { GM, "550 5.1.1 NoSuchUser",
	    "Gmail has no account with this address.",
	    "Check the spelling of the address, or ask the recipient for the right one.",
	    "Google, Gmail SMTP errors and codes" } },
	{ "gsmtp", NULL, 0, 0, 0, 0, 0,
	  { GM, "gsmtp",
	    "\"gsmtp\" (Google SMTP) ends every error Gmail sends; the token before it "
	    "identifies the session, which Google's support may ask for.",
	    NULL, "Google, Gmail SMTP errors and codes" } },

	/* --- Yahoo -------------------------------------------------------- */
	{ "[TS03]", NULL, 0, 0, 0, 0, 0,
	  { YH, "[TS03]",
	    "Yahoo defers all mail from the sending IP: it sees a volume of messages "
	    "that looks like unsolicited bulk mail. The code is 4xx, yet Yahoo calls it "
	    "a permanent deferral.",
	    "Do not just resend: review how the addresses were collected and send only "
	    "to people who asked for the mail, then ask Yahoo to review the IP.",
	    "Yahoo Help, SLN3436 (421 4.7.1 [TS03])" } },
	{ "[TSS0|[TS0|yahoodns|yahooinc", NULL, 0, 0, 0, 0, 0,
	  { YH, "[TSSxx]",
	    "Yahoo is deferring mail from the sending IP for now: unexpected volume, "
	    "or complaints from Yahoo users who marked earlier mail as spam.",
	    "Let your server retry (by hand, Yahoo asks you to wait 4 hours). If it "
	    "lasts 48 hours, review complaints and list hygiene; Yahoo's sender pages "
	    "list its codes.",
	    "Yahoo Help, 4xx SMTP error codes (SLN26151); Yahoo bounces quoted in public" } },

	/* --- Postfix ------------------------------------------------------ */
	{ "in local recipient table", NULL, 0, 0, 0, 0, 0,
	  { "Postfix", "User unknown in local recipient table",
	    "Postfix knows no local user by that name: the address is not in its "
	    "local_recipient_maps.",
	    "Check the address; the server's administrator adds users there.",
	    "Postfix smtpd_check.c; postconf(5) local_recipient_maps" } },
	{ "in virtual mailbox table|in virtual alias table", NULL, 0, 0, 0, 0, 0,
	  { "Postfix", "User unknown in virtual mailbox table",
	    "Postfix hosts the domain as a virtual domain and has no mailbox or alias "
	    "with this address in its tables.",
	    "Check the address; the server's administrator adds it to "
	    "virtual_mailbox_maps or virtual_alias_maps.",
	    "Postfix smtpd_check.c; postconf(5) virtual_mailbox_maps" } },
	{ "Relay access denied", NULL, 0, 0, 0, 0, 0,
	  { "Postfix", "Relay access denied",
	    "Postfix refused to relay (reject_unauth_destination): the recipient's "
	    "domain is not one it receives mail for, and the client is neither "
	    "trusted nor logged in.",
	    "Send through your own provider's submission port (587) with AUTH; a "
	    "domain's MX only takes mail for its own domains.",
	    "Postfix smtpd_check.c; postconf(5) smtpd_relay_restrictions" } },
	{ "Client host rejected|Helo command rejected|Sender address rejected|"
	  "Recipient address rejected|ESMTP Postfix", NULL, 0, 0, 0, 0, 0,
	  { "Postfix", "the words before the colon",
	    "Postfix names what its check looked at before the colon: Client host "
	    "(the connecting IP), Helo command, Sender address or Recipient address; "
	    "the words after it say why.",
	    NULL, "Postfix smtpd_check.c" } },

	/* --- Exim --------------------------------------------------------- */
	{ "Unrouteable address", NULL, 0, 0, 0, 0, 0,
	  { "Exim", "Unrouteable address",
	    "Exim found no router that accepts this address: in its default "
	    "configuration the RCPT check \"verify = recipient\" failed, which for a "
	    "local domain means there is no such user.",
	    "Check the address or ask the recipient for the right one.",
	    "Exim default configuration (configure.default, acl_check_rcpt)" } },
	{ "relay not permitted", NULL, 0, 0, 0, 0, 0,
	  { "Exim", "relay not permitted",
	    "Exim's default RCPT check refuses a domain that is neither local nor "
	    "listed in relay_to_domains, unless the client is a relay host or logged in.",
	    "Send through your own provider's submission port with AUTH.",
	    "Exim default configuration (configure.default, acl_check_rcpt)" } },
	{ "ESMTP Exim", NULL, 0, 0, 0, 0, 0,
	  { "Exim", "ESMTP Exim", "The greeting of an Exim server (its default "
	    "smtp_banner names it and its version).", NULL,
	    "Exim specification, smtp_banner" } },

	/* --- OpenSMTPD ---------------------------------------------------- */
	{ "Invalid command:|Invalid command arguments:|ESMTP OpenSMTPD", NULL, 0, 0, 0, 0, 0,
	  { "OpenSMTPD", "the words before the colon",
	    "OpenSMTPD starts every reply's text with the meaning of its enhanced code "
	    "(\"Invalid command\", \"Syntax error\"); the words after the colon give "
	    "the detail.",
	    NULL, "OpenSMTPD esc.c and smtp_session.c" } },
};

/* Does one of the '|'-separated pieces of MARKS occur in the reply? */
static bool has_mark(const struct explain_reply *r, const char *marks)
{
	const char *p = marks;
	while (*p) {
		size_t n = strcspn(p, "|");
		for (size_t l = 0; l < r->nlines; l++) {
			const char *s = r->lines[l];
			size_t len = r->lens[l];
			for (size_t i = 0; n && i + n <= len; i++)
				if (!strncasecmp(s + i, p, n))
					return true;
		}
		p += n;
		if (*p == '|')
			p++;
	}
	return false;
}

static bool rule_matches(const struct rule *ru, const struct explain_reply *r)
{
	if (ru->code && r->code != ru->code)
		return false;
	if (ru->cls) {
		if (r->enh.cls != ru->cls || r->enh.subject != ru->subject ||
		    r->enh.detail < ru->dlo || r->enh.detail > ru->dhi)
			return false;
	}
	if (ru->marks && !has_mark(r, ru->marks))
		return false;
	return !ru->also || has_mark(r, ru->also);
}

const struct provider_note *provider_recognise(const struct explain_reply *r)
{
	if (!r || !r->lines || !r->lens)
		return NULL;
	for (size_t i = 0; i < COUNT(rules); i++)
		if (rule_matches(&rules[i], r))
			return &rules[i].note;
	return NULL;
}

size_t provider_rule_count(void)
{
	return COUNT(rules);
}

const struct provider_note *provider_rule_note(size_t i)
{
	return i < COUNT(rules) ? &rules[i].note : NULL;
}
