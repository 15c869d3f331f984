/* personality.c — server personalities (see personality.h).
 *
 * Every text below is quoted from a public source, named beside it. Where
 * no source gives a server's wording for a case, that case keeps smtpsim's
 * own reply (which follows Postfix and RFC 5321) and the personality's
 * notes say so: nothing here is a guess at a provider's wording.
 *
 * Sources:
 *  [PF]  Postfix smtpd(8), postfix/src/smtpd/smtpd.c (github.com/vdukhovni/
 *        postfix, ehlo_cmd, mail_cmd, rcpt_cmd, data_cmd, vrfy_cmd,
 *        starttls_cmd, smtpd_cmd_table, smtpd_proto); smtpd_banner's
 *        default "$myhostname ESMTP $mail_name" (postconf(5)).
 *  [PF37] Postfix 3.7.11 as Debian 12 ships it (postfix 3.7.11-0+deb12u1):
 *        the reply strings in its smtpd binary, and its replies recorded
 *        by tests/e2e/postfix-real.py, which runs it.
 *  [EX]  Exim, src/src/smtp_in.c, smtp_setup_msg() (github.com/Exim/exim):
 *        HELO/EHLO, MAIL, RCPT, DATA/BDAT, HELP, STARTTLS, AUTH, unknown
 *        commands; smtp_banner's default "$smtp_active_hostname ESMTP Exim
 *        $version_number $tod_full" and message_size_limit 50M (Exim spec);
 *        "550 Unrouteable address" and "550 relay not permitted" from the
 *        default configuration's RCPT ACL (src/src/configure.default,
 *        verify = recipient); "250 Reset OK" and the 503 after rejected
 *        RCPTs as seen in a sendmail -v transcript against Exim; "535
 *        Incorrect authentication data" as logged by Exim (fail2ban's exim
 *        filter).
 *  [EX96] Exim 4.96 as Debian 12 ships it (exim4-daemon-light
 *        4.96-15+deb12u*), run with configure.default as exim4-base ships
 *        it: its replies recorded by tests/e2e/exim-real.py, which runs it.
 *  [OS]  OpenSMTPD, usr.sbin/smtpd/smtp_session.c rev 1.442 and esc.c
 *        (github.com/OpenSMTPD/OpenSMTPD).
 *  [OS68] OpenSMTPD 6.8.0p2 as Debian 12 ships it (opensmtpd
 *        6.8.0p2-4+b4), run with a smtpd.conf that delivers the mta
 *        profile's mailboxes and nothing else: its replies recorded by
 *        tests/e2e/opensmtpd-real.py, which runs it.
 *  [GM]  Gmail's replies as recorded in public transcripts: the 550-5.1.1
 *        NoSuchUser reply in four lines ending "<id> - gsmtp", and "250
 *        2.1.5 OK <id> - gsmtp" (Postfix bounce logs and tutorials quoting
 *        gmail-smtp-in.l.google.com).
 *  [GOOG] Google, "Gmail SMTP errors and codes" (support.google.com/a/
 *        answer/3726730): "gsmtp" is added to all errors; "452 4.2.2 The
 *        email account that you tried to reach is over quota." (also quoted
 *        from a Gmail transcript at spamtacular.com, 2015) and "452 4.5.3
 *        Your message has too many recipients." (the page's first sentence;
 *        the page gives no line breaks, so they are one line here).
 *  [MS]  Microsoft 365 / Exchange Online NDR "Remote Server returned '550
 *        5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP
 *        address lookup'" (pastebin.com/4NLVeuUu).
 *  [MSQ] Exchange NDRs "Remote Server returned '554 5.2.2 mailbox full;
 *        STOREDRV.Deliver.Exception:QuotaExceededException.
 *        MapiExceptionShutoffQuotaExceeded; Failed to process message due to
 *        a permanent exception with message Cannot open mailbox /o=...'"
 *        (pastebin.com/CtFSTqdA, pastebin.com/bN5U408y); the mailbox's
 *        directory path and the diagnostic numbers after it are left out.
 *  [MSPB] Exchange Online bounces "550 5.7.606 Access denied, banned sending
 *        IP [x.x.x.x]. To request removal from this list please visit
 *        https://sender.office.com/ and follow the directions. For more
 *        information please go to http://go.microsoft.com/fwlink/
 *        ?LinkID=526655 (AS16012609)", refused "in reply to RCPT TO"
 *        (pastebin.com/EH1TUb0X, pastebin.com/JxYau839); the AS(...) tracking
 *        number, which differs from bounce to bounce, is left out.
 *
 * Templates: {host} {client} {helo} {addr} (the path answered, or the
 * first <...> of smtpsim's text) {arg} {arg1} (the command's argument,
 * its first word) {param} (the MAIL/RCPT parameter smtpsim's text names,
 * with its value) {tail} {tail1} (the argument after its first ':', and
 * that tail's first word) {varg} (the argument without the angle brackets
 * around it) {qid} {date} (RFC 5322 date) {gid} (a stand-in for
 * Google's opaque trace id) {starttls} (" STARTTLS" when smtpsim's HELP
 * lists it); '\n' starts a new reply line. */
#include "smtp/internal.h"
#include "smtp/personality.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

struct p_entry {
	enum smtp_why why;
	enum smtp_cmd cmd;     /* SMTP_CMD_NONE: any command */
	int code;
	const char *enh;       /* "" none */
	const char *text;      /* template */
	bool as_unknown;       /* the server does not know the command */
	const char *src;       /* its source: a tag of sources[] below */
};

struct smtp_persona {
	const char *name;
	const char *summary;
	const char *notes;
	unsigned long max_size;  /* 0: the profile's */
	bool bare_paths;         /* MAIL FROM:a@b without brackets */
	bool no_enh;             /* never sends enhanced codes */
	bool exim_rcpt_summary;  /* Exim's 503- after all RCPTs were rejected */
	bool vrfy_is_rcpt;       /* VRFY runs the recipient checks (Postfix) */
	const char *ehlo_first;  /* NULL: smtpsim's */
	const char *const *ehlo; /* keyword order; NULL-ended; NULL: smtpsim's */
	const char *const *ehlo_extra; /* always announced (the engine has them) */
	const struct p_entry *t;
	bool block_at_rcpt;      /* a client on its block list is refused at
	                          * RCPT, after a normal greeting (Microsoft
	                          * 365), not at the greeting */
};

#define END { SMTP_WHY_COUNT, SMTP_CMD_NONE, 0, NULL, NULL, false, NULL }

/* The sources the entries name (described in full at the top). */
static const char *const sources[] = {
	"PF", "PF37", "EX", "EX96", "OS", "OS68", "GM", "GOOG", "MS", "MSQ", "MSPB", NULL,
};

/* --- Postfix 3.7 with its defaults [PF] [PF37] --------------------------
 * tests/e2e/postfix-real.py plays the same dialogues against a private
 * Postfix 3.7 and this table, reply for reply. */
static const char *const pf_ehlo[] = { "PIPELINING", "SIZE", "VRFY", "STARTTLS", "AUTH",
	"ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING", NULL };
static const char *const pf_extra[] = { "VRFY", NULL };
#define PF_UNKNOWN "Error: command not recognized"
static const struct p_entry pf_t[] = {
	/* smtpd_banner's default "$myhostname ESMTP $mail_name" (postconf(5)) */
	{ SMTP_WHY_GREETING, SMTP_CMD_CONNECT, 220, "", "{host} ESMTP Postfix", false, "PF" },
	/* [PF37] smtpd: "500 5.5.2 Error: command not recognized" (later
	 * Postfix versions answer 502) */
	{ SMTP_WHY_UNKNOWN_CMD, SMTP_CMD_NONE, 500, "5.5.2", PF_UNKNOWN, false, "PF37" },
	/* HELP and EXPN are not in smtpd_cmd_table [PF] */
	{ SMTP_WHY_OK, SMTP_CMD_HELP, 500, "5.5.2", PF_UNKNOWN, true, "PF" },
	{ SMTP_WHY_EXPN_DISABLED, SMTP_CMD_EXPN, 500, "5.5.2", PF_UNKNOWN, true, "PF" },
	/* [PF] helo_cmd, ehlo_cmd: no enhanced code (RFC 2034 §3 exempts them) */
	{ SMTP_WHY_HELO_NO_DOMAIN, SMTP_CMD_HELO, 501, "", "Syntax: HELO hostname", false, "PF" },
	{ SMTP_WHY_HELO_NO_DOMAIN, SMTP_CMD_EHLO, 501, "", "Syntax: EHLO hostname", false, "PF" },
	/* [PF] mail_cmd, rcpt_cmd: the parameter as the client wrote it */
	{ SMTP_WHY_BAD_PARAM, SMTP_CMD_NONE, 555, "5.5.4", "Unsupported option: {param}", false, "PF" },
	/* [PF37] vrfy_cmd: "501 5.5.4 Syntax: VRFY address%s", %s the
	 * " [SMTPUTF8]" that smtputf8_enable (default yes) adds */
	{ SMTP_WHY_PARAM_SYNTAX, SMTP_CMD_VRFY, 501, "5.5.4", "Syntax: VRFY address [SMTPUTF8]", false, "PF37" },
	{ SMTP_WHY_VRFY_NO_CONFIRM, SMTP_CMD_VRFY, 252, "2.0.0", "{arg}", false, "PF37" },
	/* [PF37] vrfy_cmd runs the address through the RCPT restrictions:
	 * an unknown local user, a domain it does not relay for, a space */
	{ SMTP_WHY_NO_SUCH_USER, SMTP_CMD_VRFY, 550, "5.1.1",
	  "<{varg}>: Recipient address rejected: User unknown in local recipient table", false, "PF37" },
	{ SMTP_WHY_RELAY_DENIED, SMTP_CMD_VRFY, 454, "4.7.1", "<{varg}>: Relay access denied", false, "PF37" },
	{ SMTP_WHY_BAD_RECIPIENT, SMTP_CMD_VRFY, 501, "5.1.3", "Bad recipient address syntax", false, "PF37" },
	/* postconf(5): smtpd_relay_restrictions defaults to "permit_mynetworks,
	 * permit_sasl_authenticated, defer_unauth_destination" (compatibility
	 * level 1 and later), and defer_unauth_destination is
	 * reject_unauth_destination with a 4XX code: "454 4.7.1 <...>: Relay
	 * access denied" [PF37] */
	{ SMTP_WHY_RELAY_DENIED, SMTP_CMD_RCPT, 454, "4.7.1", "<{addr}>: Relay access denied", false, "PF37" },
	{ SMTP_WHY_TLS_ACTIVE, SMTP_CMD_STARTTLS, 554, "5.5.1", "Error: TLS already active", false, "PF37" },
	END
};

/* --- Exim 4.96, default configuration [EX] [EX96] ----------------------
 * tests/e2e/exim-real.py plays the same dialogues against Exim 4.96 in
 * its -bh mode with configure.default and this table, reply for reply. */
static const char *const ex_ehlo[] = { "SIZE", "8BITMIME", "PIPELINING", "AUTH", "CHUNKING",
	"STARTTLS", "SMTPUTF8", "HELP", NULL };
static const char *const ex_extra[] = { "HELP", NULL };
static const struct p_entry ex_t[] = {
	{ SMTP_WHY_GREETING, SMTP_CMD_CONNECT, 220, "", "{host} ESMTP Exim 4.96 {date}", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_HELO, 250, "", "{host} Hello {helo} [{client}]", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_MAIL, 250, "", "OK", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_RCPT, 250, "", "Accepted", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_DATA, 354, "", "Enter message, ending with \".\" on a line by itself", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_DOT, 250, "", "OK id={qid}", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_NOOP, 250, "", "OK", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_RSET, 250, "", "Reset OK", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_QUIT, 221, "", "{host} closing connection", false, "EX" },
	{ SMTP_WHY_OK, SMTP_CMD_HELP, 214, "", "Commands supported:\nAUTH{starttls} HELO EHLO MAIL RCPT DATA BDAT NOOP QUIT RSET HELP", false, "EX" },
	{ SMTP_WHY_NESTED_MAIL, SMTP_CMD_MAIL, 503, "", "sender already given", false, "EX" },
	{ SMTP_WHY_RCPT_BEFORE_MAIL, SMTP_CMD_RCPT, 503, "", "sender not yet given", false, "EX" },
	{ SMTP_WHY_DATA_BEFORE_MAIL, SMTP_CMD_DATA, 503, "", "valid RCPT command must precede DATA", false, "EX" },
	{ SMTP_WHY_UNKNOWN_CMD, SMTP_CMD_NONE, 500, "", "unrecognized command", false, "EX" },
	{ SMTP_WHY_SIZE_DECLARED, SMTP_CMD_MAIL, 552, "", "Message size exceeds maximum permitted", false, "EX" },
	{ SMTP_WHY_TOO_MANY_RCPT, SMTP_CMD_RCPT, 452, "", "too many recipients", false, "EX" },
	/* configure.default: the localuser router's cannot_route_message
	 * (without it Exim says "Unrouteable address") [EX96] */
	{ SMTP_WHY_NO_SUCH_USER, SMTP_CMD_RCPT, 550, "", "Unknown user", false, "EX96" },
	/* smtp_in.c: HELO/EHLO without a valid name, a command that takes no
	 * argument given one, MAIL/RCPT without FROM:/TO: (its command table
	 * holds "MAIL FROM:" and "RCPT TO:" whole), VRFY without an address;
	 * VRFY and EXPN refused by the ACLs configure.default leaves unset;
	 * an unknown MAIL/RCPT parameter read as part of the address, with
	 * parse.c's complaint [EX96] */
	{ SMTP_WHY_HELO_NO_DOMAIN, SMTP_CMD_HELO, 501, "", "Syntactically invalid HELO argument(s)", false, "EX96" },
	{ SMTP_WHY_HELO_NO_DOMAIN, SMTP_CMD_EHLO, 501, "", "Syntactically invalid EHLO argument(s)", false, "EX96" },
	{ SMTP_WHY_PARAM_NOT_ALLOWED, SMTP_CMD_NONE, 501, "", "unexpected argument data", false, "EX96" },
	{ SMTP_WHY_MAIL_SYNTAX, SMTP_CMD_MAIL, 500, "", "unrecognized command", true, "EX96" },
	{ SMTP_WHY_RCPT_SYNTAX, SMTP_CMD_RCPT, 500, "", "unrecognized command", true, "EX96" },
	{ SMTP_WHY_PARAM_SYNTAX, SMTP_CMD_VRFY, 501, "", "empty address", false, "EX96" },
	{ SMTP_WHY_VRFY_NO_CONFIRM, SMTP_CMD_VRFY, 252, "", "Administrative prohibition", false, "EX96" },
	{ SMTP_WHY_EXPN_DISABLED, SMTP_CMD_EXPN, 550, "", "Administrative prohibition", false, "EX96" },
	{ SMTP_WHY_BAD_PARAM, SMTP_CMD_NONE, 501, "", "{tail}: malformed address: {param} may not follow {tail1} ", false, "EX96" },
	{ SMTP_WHY_RELAY_DENIED, SMTP_CMD_RCPT, 550, "", "relay not permitted", false, "EX96" },
	{ SMTP_WHY_NOT_IMPLEMENTED, SMTP_CMD_STARTTLS, 503, "", "STARTTLS command used when not advertised", false, "EX96" },
	{ SMTP_WHY_TLS_ACTIVE, SMTP_CMD_STARTTLS, 503, "", "STARTTLS command used when not advertised", false, "EX96" },
	{ SMTP_WHY_NOT_IMPLEMENTED, SMTP_CMD_AUTH, 503, "", "AUTH command used when not advertised", false, "EX96" },
	{ SMTP_WHY_AUTH_ALREADY, SMTP_CMD_AUTH, 503, "", "already authenticated", false, "EX96" },
	{ SMTP_WHY_AUTH_IN_TRANSACTION, SMTP_CMD_AUTH, 503, "", "not permitted in mail transaction", false, "EX96" },
	{ SMTP_WHY_AUTH_MECH, SMTP_CMD_AUTH, 504, "", "{arg1} authentication mechanism not supported", false, "EX96" },
	{ SMTP_WHY_AUTH_FAILED, SMTP_CMD_NONE, 535, "", "Incorrect authentication data", false, "EX96" },
	END
};

/* --- OpenSMTPD 6.8, smtpd.conf defaults [OS] [OS68] ------------------
 * tests/e2e/opensmtpd-real.py plays the same dialogues against Debian 12's
 * OpenSMTPD 6.8.0p2 and this table, reply for reply. */
static const char *const os_ehlo[] = { "8BITMIME", "ENHANCEDSTATUSCODES", "SIZE", "DSN",
	"STARTTLS", "AUTH", "HELP", NULL };
static const char *const os_extra[] = { "8BITMIME", "ENHANCEDSTATUSCODES", "HELP", NULL };
#define OS_NOT_HERE "Invalid command: Command not allowed at this point."
static const struct p_entry os_t[] = {
	{ SMTP_WHY_GREETING, SMTP_CMD_CONNECT, 220, "", "{host} ESMTP OpenSMTPD", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_HELO, 250, "", "{host} Hello {helo} [{client}], pleased to meet you", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_MAIL, 250, "2.0.0", "Ok", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_RCPT, 250, "2.1.5", "Destination address valid: Recipient ok", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_DATA, 354, "", "Enter mail, end with \".\" on a line by itself", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_DOT, 250, "2.0.0", "{qid} Message accepted for delivery", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_RSET, 250, "2.0.0", "Reset state", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_NOOP, 250, "2.0.0", "Ok", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_QUIT, 221, "2.0.0", "Bye", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_STARTTLS, 220, "2.0.0", "Ready to start TLS", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_HELP, 214, "2.0.0", "This is OpenSMTPD\nTo report bugs in the implementation, please contact bugs@openbsd.org\nwith full details\nEnd of HELP info", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_AUTH, 235, "2.0.0", "Authentication succeeded", false, "OS" },
	{ SMTP_WHY_OK, SMTP_CMD_AUTH_DATA, 235, "2.0.0", "Authentication succeeded", false, "OS" },
	{ SMTP_WHY_UNKNOWN_CMD, SMTP_CMD_NONE, 500, "5.5.1", "Invalid command: Command unrecognized", false, "OS" },
	/* no VRFY or EXPN in its command table */
	{ SMTP_WHY_VRFY_NO_CONFIRM, SMTP_CMD_VRFY, 500, "5.5.1", "Invalid command: Command unrecognized", true, "OS" },
	{ SMTP_WHY_EXPN_DISABLED, SMTP_CMD_EXPN, 500, "5.5.1", "Invalid command: Command unrecognized", true, "OS" },
	{ SMTP_WHY_NEED_HELO, SMTP_CMD_NONE, 503, "5.5.1", OS_NOT_HERE, false, "OS" },
	{ SMTP_WHY_NESTED_MAIL, SMTP_CMD_MAIL, 503, "5.5.1", OS_NOT_HERE, false, "OS" },
	{ SMTP_WHY_RCPT_BEFORE_MAIL, SMTP_CMD_RCPT, 503, "5.5.1", OS_NOT_HERE, false, "OS" },
	{ SMTP_WHY_DATA_BEFORE_MAIL, SMTP_CMD_DATA, 503, "5.5.1", OS_NOT_HERE, false, "OS" },
	{ SMTP_WHY_DATA_NO_RCPT, SMTP_CMD_DATA, 503, "5.5.4", "Invalid command arguments: No recipient specified", false, "OS" },
	{ SMTP_WHY_HELO_NO_DOMAIN, SMTP_CMD_HELO, 501, "5.5.1", "Invalid command: HELO requires domain name", false, "OS" },
	{ SMTP_WHY_HELO_NO_DOMAIN, SMTP_CMD_EHLO, 501, "5.5.1", "Invalid command: EHLO requires domain name", false, "OS" },
	/* [OS68] STARTTLS has its own reply to an argument */
	{ SMTP_WHY_PARAM_NOT_ALLOWED, SMTP_CMD_STARTTLS, 501, "5.5.4", "Invalid command arguments: No parameters allowed", false, "OS68" },
	{ SMTP_WHY_PARAM_NOT_ALLOWED, SMTP_CMD_NONE, 500, "5.5.4", "Invalid command arguments: command does not accept arguments.", false, "OS" },
	/* [OS68] an empty line is answered as an unknown command */
	{ SMTP_WHY_EMPTY_LINE, SMTP_CMD_LINE, 500, "5.5.1", "Invalid command: Command unrecognized", false, "OS68" },
	/* [OS68] VRFY without an argument is as unknown as with one */
	{ SMTP_WHY_PARAM_SYNTAX, SMTP_CMD_VRFY, 500, "5.5.1", "Invalid command: Command unrecognized", true, "OS68" },
	/* [OS68] an unknown MAIL or RCPT parameter, as the client wrote it;
	 * RCPT's reply has no enhanced code */
	{ SMTP_WHY_BAD_PARAM, SMTP_CMD_MAIL, 503, "5.5.4", "Invalid command arguments: Unsupported option {param}", false, "OS68" },
	{ SMTP_WHY_BAD_PARAM, SMTP_CMD_RCPT, 503, "", "Unsupported option {param}", false, "OS68" },
	/* [OS68] an unknown local user and a domain no rule matches get the
	 * same reply, without an enhanced code */
	{ SMTP_WHY_NO_SUCH_USER, SMTP_CMD_RCPT, 550, "", "Invalid recipient: <{addr}>", false, "OS68" },
	{ SMTP_WHY_RELAY_DENIED, SMTP_CMD_RCPT, 550, "", "Invalid recipient: <{addr}>", false, "OS68" },
	/* [OS68] a command line over its limit (OpenSMTPD's is longer than
	 * the engine's 512 octets): answered, then it hangs up */
	{ SMTP_WHY_LINE_TOO_LONG, SMTP_CMD_LINE, 500, "5.0.0", "Command line too long", false, "OS68" },
	/* [OS68] a text line over 1000 octets makes the message not RFC 5322
	 * compliant: refused at its end */
	{ SMTP_WHY_LINE_TOO_LONG, SMTP_CMD_DOT, 550, "5.7.1", "Delivery not authorized, message refused: Message is not RFC 2822 compliant", false, "OS68" },
	{ SMTP_WHY_MAIL_SYNTAX, SMTP_CMD_MAIL, 553, "5.1.0", "Sender address syntax error", false, "OS" },
	{ SMTP_WHY_BAD_SENDER, SMTP_CMD_MAIL, 553, "5.1.0", "Sender address syntax error", false, "OS" },
	{ SMTP_WHY_RCPT_SYNTAX, SMTP_CMD_RCPT, 501, "5.1.3", "Recipient address syntax error", false, "OS" },
	{ SMTP_WHY_BAD_RECIPIENT, SMTP_CMD_RCPT, 501, "5.1.3", "Recipient address syntax error", false, "OS" },
	{ SMTP_WHY_TOO_MANY_RCPT, SMTP_CMD_RCPT, 451, "4.5.3", "Too many recipients: Too many recipients", false, "OS" },
	{ SMTP_WHY_SIZE_EXCEEDED, SMTP_CMD_NONE, 554, "5.3.4", "Message too big for system: Transaction failed, message too big", false, "OS" },
	{ SMTP_WHY_TLS_REQUIRED, SMTP_CMD_MAIL, 530, "5.5.1", "Invalid command: Must issue a STARTTLS command first", false, "OS" },
	{ SMTP_WHY_AUTH_REQUIRED, SMTP_CMD_MAIL, 530, "5.5.1", "Invalid command: Must issue an AUTH command first", false, "OS" },
	{ SMTP_WHY_TLS_ACTIVE, SMTP_CMD_STARTTLS, 503, "5.5.1", "Invalid command: Channel already secured", false, "OS" },
	{ SMTP_WHY_NOT_IMPLEMENTED, SMTP_CMD_STARTTLS, 503, "5.5.1", "Invalid command: Command not supported", false, "OS" },
	{ SMTP_WHY_NOT_IMPLEMENTED, SMTP_CMD_AUTH, 503, "5.5.1", "Invalid command: Command not supported", false, "OS" },
	{ SMTP_WHY_AUTH_ALREADY, SMTP_CMD_AUTH, 503, "5.5.1", "Invalid command: Already authenticated", false, "OS" },
	{ SMTP_WHY_AUTH_IN_TRANSACTION, SMTP_CMD_AUTH, 503, "5.5.1", OS_NOT_HERE, false, "OS" },
	{ SMTP_WHY_AUTH_MECH, SMTP_CMD_AUTH, 504, "5.7.4", "Security features not supported: AUTH method \"{arg1}\" not supported", false, "OS" },
	{ SMTP_WHY_AUTH_BASE64, SMTP_CMD_NONE, 501, "5.5.2", "Syntax error: Syntax error", false, "OS" },
	{ SMTP_WHY_AUTH_FAILED, SMTP_CMD_NONE, 535, "", "Authentication failed", false, "OS" },
	END
};

/* --- Gmail (gmail-smtp-in.l.google.com) [GM] ------------------------- */
static const struct p_entry gm_t[] = {
	{ SMTP_WHY_OK, SMTP_CMD_RCPT, 250, "2.1.5", "OK {gid} - gsmtp", false, "GM" },
	{ SMTP_WHY_NO_SUCH_USER, SMTP_CMD_RCPT, 550, "5.1.1",
	  "The email account that you tried to reach does not exist. Please try\n"
	  "double-checking the recipient's email address for typos or\n"
	  "unnecessary spaces. For more information, go to\n"
	  " https://support.google.com/mail/?p=NoSuchUser {gid} - gsmtp", false, "GM" },
	/* [GOOG]: over quota is temporary at Gmail, at RCPT and at the end of
	 * DATA alike */
	{ SMTP_WHY_MAILBOX_FULL, SMTP_CMD_NONE, 452, "4.2.2",
	  "The email account that you tried to reach is over quota. {gid} - gsmtp", false, "GOOG" },
	{ SMTP_WHY_TOO_MANY_RCPT, SMTP_CMD_RCPT, 452, "4.5.3",
	  "Your message has too many recipients. {gid} - gsmtp", false, "GOOG" },
	END
};

/* --- Microsoft 365 / Exchange Online [MS] ---------------------------- */
static const struct p_entry ms_t[] = {
	{ SMTP_WHY_NO_SUCH_USER, SMTP_CMD_RCPT, 550, "5.1.10",
	  "RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup", false, "MS" },
	/* [MSQ]: a full mailbox is permanent at Exchange, found when the store
	 * delivers (STOREDRV.Deliver), i.e. at the end of the data; 554 is the
	 * reply RFC 5321 §4.3.2 lists there (at RCPT it keeps smtpsim's 452) */
	{ SMTP_WHY_MAILBOX_FULL, SMTP_CMD_DOT, 554, "5.2.2",
	  "mailbox full; STOREDRV.Deliver.Exception:QuotaExceededException."
	  "MapiExceptionShutoffQuotaExceeded; Failed to process message due to a permanent "
	  "exception with message Cannot open mailbox", false, "MSQ" },
	/* [MSPB]: a banned sending IP is refused at RCPT, after a normal
	 * greeting (block_at_rcpt) */
	{ SMTP_WHY_BLOCKED, SMTP_CMD_RCPT, 550, "5.7.606",
	  "Access denied, banned sending IP [{client}]. To request removal from this list please "
	  "visit https://sender.office.com/ and follow the directions. For more information please "
	  "go to http://go.microsoft.com/fwlink/?LinkID=526655", false, "MSPB" },
	END
};

static const struct smtp_persona personas[] = {
	{ "smtpsim", "smtpsim's own voice: Postfix's texts, RFC 5321 where they differ (the default)",
	  "", 0, false, false, false, false, NULL, NULL, NULL, NULL, false },
	{ "postfix", "Postfix 3.7, upstream defaults: 500 for unknown commands, HELP and EXPN; VRFY 252 or 550; relay 454 4.7.1; MAIL FROM:a@b without <> accepted",
	  "texts from Postfix's smtpd.c, checked against Postfix 3.7.11 itself (tests/e2e/postfix-real.py); smtpsim's own voice already follows Postfix elsewhere. "
	  "ETRN is not announced (the simulator has no queue to run); BDAT and BINARYMIME stay the engine's. "
	  "VRFY runs Postfix's RCPT checks (550 for an unknown user, 454 for a remote domain). "
	  "Where the engine decides otherwise the replies differ: MAIL before HELO (Postfix allows it), QUIT with an argument, "
	  "lines over 1000 octets (Postfix reads up to 2048 and goes on)",
	  10240000, true, false, false, true, "{host}", pf_ehlo, pf_extra, pf_t, false },
	{ "exim", "Exim 4.96, default configuration: no enhanced status codes, 550 Unknown user, 503- summary after rejected RCPTs",
	  "texts from Exim's smtp_in.c and default configuration, checked against Exim 4.96 itself (tests/e2e/exim-real.py); "
	  "SIZE 52428800 (message_size_limit 50M) overrides the profile. "
	  "Malformed addresses, greylisting, mailbox full, SPF/DMARC, size at end of data, long lines, AUTH success "
	  "and too many errors keep smtpsim's texts (without enhanced codes): Exim's come from its parser, its ACLs or its "
	  "limits (3 protocol errors, 3 unknown commands), which the engine does not share. PIPECONNECT and PRDR are not announced",
	  52428800, true, true, true, false, "{host} Hello {helo} [{client}]", ex_ehlo, ex_extra, ex_t, false },
	{ "opensmtpd", "OpenSMTPD 6.8, smtpd.conf defaults: 'Invalid command: ...' texts, 550 Invalid recipient for unknown users and relaying, no PIPELINING, no VRFY/EXPN, angle brackets required, SIZE 36700160 (its 35M default, not the profile's)",
	  "texts from OpenSMTPD's smtp_session.c and esc.c, checked against OpenSMTPD 6.8.0p2 itself (tests/e2e/opensmtpd-real.py); "
	  "the queue id is smtpsim's, not a %08x msgid. SIZE 36700160 (max-message-size 35M) overrides the profile; DSN is announced. "
	  "Greylisting, mailbox full and SPF/DMARC keep smtpsim's texts (OpenSMTPD's come from its filters). "
	  "Where the engine decides otherwise the replies differ: HELP with a topic, NOOP with an argument, a second HELO/EHLO, "
	  "RSET, AUTH or STARTTLS before HELO/EHLO and an EHLO name that is not a domain (OpenSMTPD refuses them), MAIL/RCPT "
	  "without FROM:/TO: (unrecognized there), a sender without a domain, an unknown NOTIFY= value (OpenSMTPD takes them), "
	  "SMTPUTF8 and BODY=BINARYMIME (OpenSMTPD has neither), a bare <postmaster> (OpenSMTPD adds its host name), "
	  "SIZE= over the limit at MAIL (OpenSMTPD waits for the data), a message whose header is not RFC 5322 (OpenSMTPD "
	  "refuses it), command lines over 512 octets (OpenSMTPD reads longer ones, and hangs up after one too long), the "
	  "101st recipient (OpenSMTPD takes 1000) and the 21st error (OpenSMTPD does not hang up; smtpsim's 421 keeps its text)",
	  36700160, false, false, false, false, "{host} Hello {helo} [{client}], pleased to meet you", os_ehlo, os_extra, os_t, false },
	{ "gmail", "Gmail's MX: the four-line 550-5.1.1 NoSuchUser reply, a full mailbox as 452 4.2.2 (temporary), the '- gsmtp' suffix",
	  "the unknown-user reply and the accepted RCPT are quoted from public Gmail transcripts, over quota and too many recipients "
	  "from Google's own list of Gmail's SMTP errors; every other case keeps smtpsim's texts, since no public source here gives "
	  "Gmail's exact wording. The trace id before '- gsmtp' is a stand-in",
	  0, false, false, false, false, NULL, NULL, NULL, gm_t, false },
	{ "microsoft365", "Microsoft 365 / Exchange Online: 550 5.1.10 RESOLVER.ADR.RecipientNotFound, a full mailbox at delivery as 554 5.2.2 (permanent)",
	  "the unknown-user and mailbox-full replies are quoted from public Exchange bounces; every other case keeps smtpsim's texts, "
	  "since no public source here gives Microsoft's exact wording. A client on its block list (the blocked-client scenario) is "
	  "greeted and then refused at each RCPT with 550 5.7.606 (banned sending IP), as public bounces show; the 5.7.700-5.7.750 "
	  "tenant blocks are not simulated (smtpsim explain recognises them)",
	  0, false, false, false, false, NULL, NULL, NULL, ms_t, true },
};

enum { NPERSONAS = sizeof personas / sizeof personas[0] };

size_t smtp_personality_count(void) { return NPERSONAS; }
const char *smtp_personality_name(size_t i) { return i < NPERSONAS ? personas[i].name : NULL; }
const char *smtp_personality_summary(size_t i) { return i < NPERSONAS ? personas[i].summary : NULL; }
const char *smtp_personality_notes(size_t i) { return i < NPERSONAS ? personas[i].notes : NULL; }

size_t smtp_personality_entries(size_t i)
{
	size_t n = 0;
	for (const struct p_entry *e = i < NPERSONAS ? personas[i].t : NULL; e && e->text; e++)
		n++;
	return n;
}

const char *smtp_personality_entry_source(size_t i, size_t k)
{
	return k < smtp_personality_entries(i) ? personas[i].t[k].src : NULL;
}

bool smtp_personality_source_known(const char *tag)
{
	for (size_t i = 0; tag && sources[i]; i++)
		if (!strcmp(sources[i], tag))
			return true;
	return false;
}

int smtp_personality_find(const char *name)
{
	for (size_t i = 0; name && i < NPERSONAS; i++)
		if (!strcasecmp(personas[i].name, name))
			return (int)i;
	return -1;
}

int smtp_server_set_personality(struct smtp_server *srv, const char *name,
                                char *err, size_t errlen)
{
	int i = smtp_personality_find(name ? name : "smtpsim");
	if (i < 0) {
		if (err) {
			size_t w = (size_t)snprintf(err, errlen, "unknown personality '%s' (try", name);
			for (size_t k = 0; k < NPERSONAS && w < errlen; k++)
				w += (size_t)snprintf(err + w, errlen - w, "%s %s", k ? "," : "",
				                      personas[k].name);
			if (w < errlen)
				snprintf(err + w, errlen - w, ")");
		}
		return -1;
	}
	srv->persona = i == 0 ? NULL : &personas[i];
	return 0;
}

const char *smtp_server_personality(const struct smtp_server *srv)
{
	return srv->persona ? srv->persona->name : personas[0].name;
}

unsigned long smtp_persona_max_size(const struct smtp_persona *p, unsigned long dflt)
{
	return p && p->max_size ? p->max_size : dflt;
}

bool smtp_persona_bare_paths(const struct smtp_persona *p)
{
	return p && p->bare_paths;
}

bool smtp_persona_blocks_at_rcpt(const struct smtp_persona *p)
{
	return p && p->block_at_rcpt;
}

/* --- rendering ------------------------------------------------------------ */

struct outbuf {
	char *p;
	size_t cap, len;
};

static void put(struct outbuf *o, const char *s, size_t n)
{
	if (o->len + 1 >= o->cap)
		return;
	if (n > o->cap - 1 - o->len)
		n = o->cap - 1 - o->len;
	memcpy(o->p + o->len, s, n);
	o->len += n;
	o->p[o->len] = '\0';
}

static void puts_(struct outbuf *o, const char *s) { put(o, s, strlen(s)); }

/* A deterministic stand-in for Google's opaque trace id. */
static void gid(const char *seed, const char *seed2, char *out, size_t n)
{
	uint64_t h = 1469598103934665603ULL;
	for (const char *s = seed; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	for (const char *s = seed2; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	snprintf(out, n, "%012llxsi%u", (unsigned long long)(h >> 16), (unsigned)(h % 1000000u));
}

/* The MAIL/RCPT parameter smtpsim's text names last ("...: NAME"), with
 * its value, as the client wrote it in ARG. */
static void param(const char *arg, const char *orig, struct outbuf *o)
{
	const char *name = strrchr(orig, ' ');
	name = name ? name + 1 : orig;
	size_t nl = strlen(name);
	for (const char *w = arg; *w; ) {
		w += strspn(w, " ");
		size_t wl = strcspn(w, " ");
		if (wl >= nl && !strncasecmp(w, name, nl) && (wl == nl || w[nl] == '=')) {
			put(o, w, wl);
			return;
		}
		w += wl;
	}
	puts_(o, name);
}

static void render(const char *tpl, const struct persona_ctx *c, const char *orig,
                   struct outbuf *o)
{
	for (const char *p = tpl; *p; ) {
		if (*p != '{') {
			size_t n = strcspn(p, "{");
			put(o, p, n);
			p += n;
			continue;
		}
		const char *e = strchr(p, '}');
		if (!e) {
			puts_(o, p);
			break;
		}
		size_t k = (size_t)(e - p - 1);
		const char *key = p + 1;
		char tmp[SMTP_PATH_MAX + 32];
		tmp[0] = '\0';
		if (k == 4 && !strncmp(key, "host", 4)) {
			puts_(o, c->host);
		} else if (k == 6 && !strncmp(key, "client", 6)) {
			puts_(o, c->client);
		} else if (k == 4 && !strncmp(key, "helo", 4)) {
			puts_(o, c->helo);
		} else if (k == 4 && !strncmp(key, "addr", 4)) {
			const char *lt = orig[0] == '<' ? strchr(orig, '>') : NULL;
			if (lt)
				put(o, orig + 1, (size_t)(lt - orig - 1));
			else
				puts_(o, c->addr);
		} else if (k == 3 && !strncmp(key, "arg", 3)) {
			puts_(o, c->arg);
		} else if (k == 4 && !strncmp(key, "arg1", 4)) {
			put(o, c->arg, strcspn(c->arg, " "));
		} else if ((k == 4 && !strncmp(key, "tail", 4)) ||
		           (k == 5 && !strncmp(key, "tail1", 5))) {
			const char *t = strchr(c->arg, ':');
			t = t ? t + 1 : c->arg;
			put(o, t, k == 4 ? strlen(t) : strcspn(t, " "));
		} else if (k == 4 && !strncmp(key, "varg", 4)) {
			size_t n = strlen(c->arg);
			if (n >= 2 && c->arg[0] == '<' && c->arg[n - 1] == '>')
				put(o, c->arg + 1, n - 2);
			else
				puts_(o, c->arg);
		} else if (k == 5 && !strncmp(key, "param", 5)) {
			param(c->arg, orig, o);
		} else if (k == 3 && !strncmp(key, "qid", 3)) {
			puts_(o, c->qid);
		} else if (k == 4 && !strncmp(key, "date", 4)) {
			time_t t = (time_t)c->now;
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(tmp, sizeof tmp, "%a, %d %b %Y %H:%M:%S +0000", &tm);
			puts_(o, tmp);
		} else if (k == 3 && !strncmp(key, "gid", 3)) {
			gid(c->client, c->arg, tmp, sizeof tmp);
			puts_(o, tmp);
		} else if (k == 8 && !strncmp(key, "starttls", 8)) {
			if (strstr(orig, "STARTTLS"))
				puts_(o, " STARTTLS");
		} else {
			put(o, p, k + 2);
		}
		p = e + 1;
	}
}

/* The EHLO reply in the personality's shape: its first line, its
 * keywords in its order, of those smtpsim's reply offers (and of its
 * extras, which the engine implements too). */
static void ehlo(const struct smtp_persona *p, const struct persona_ctx *c,
                 char *text, size_t cap)
{
	char orig[SMTP_REPLY_LINE_MAX * 4];
	snprintf(orig, sizeof orig, "%s", text);
	struct outbuf o = { text, cap, 0 };
	text[0] = '\0';
	render(p->ehlo_first ? p->ehlo_first : c->host, c, orig, &o);
	for (const char *const *k = p->ehlo; k && *k; k++) {
		size_t kl = strlen(*k);
		const char *line = NULL;
		for (const char *l = strchr(orig, '\n'); l; l = strchr(l + 1, '\n'))
			if (!strncmp(l + 1, *k, kl) && (l[1 + kl] == '\n' || l[1 + kl] == ' ' || !l[1 + kl]))
				line = l + 1;
		bool extra = false;
		for (const char *const *x = p->ehlo_extra; x && *x; x++)
			extra |= !strcmp(*x, *k);
		if (line) {
			puts_(&o, "\n");
			put(&o, line, strcspn(line, "\n"));
		} else if (extra) {
			puts_(&o, "\n");
			puts_(&o, *k);
		}
	}
}

/* Postfix's VRFY: what its RCPT checks would say of the address, as the
 * reason the table then words [PF37]. */
static enum smtp_why vrfy_as_rcpt(const char *arg)
{
	size_t n = strlen(arg);
	if (n >= 2 && arg[0] == '<' && arg[n - 1] == '>') {
		arg++;
		n -= 2;
	}
	if (memchr(arg, ' ', n))
		return SMTP_WHY_BAD_RECIPIENT;
	const char *at = NULL;  /* the last '@' (memrchr is a GNU extension) */
	for (const char *q = arg; q < arg + n; q++)
		if (*q == '@')
			at = q;
	if (at) {
		char dom[SMTP_PATH_MAX];
		snprintf(dom, sizeof dom, "%.*s", (int)(n - (size_t)(at + 1 - arg)), at + 1);
		if (!smtp_domain_is_local(dom))
			return SMTP_WHY_RELAY_DENIED;
	}
	return smtp_local_mailbox(arg, at ? (size_t)(at - arg) : n) ? SMTP_WHY_VRFY_NO_CONFIRM
	                                                              : SMTP_WHY_NO_SUCH_USER;
}

void smtp_persona_apply(const struct smtp_persona *p, const struct persona_ctx *c,
                        struct persona_state *st, enum smtp_cmd cmd,
                        enum smtp_why *why, int *code, const char **enh,
                        char *text, size_t cap)
{
	if (!p || *why == SMTP_WHY_RULE || *why == SMTP_WHY_AUTH_CONTINUE ||
	    *why == SMTP_WHY_TOKEN_INVALID)
		return;
	if (p->vrfy_is_rcpt && cmd == SMTP_CMD_VRFY && *why == SMTP_WHY_VRFY_NO_CONFIRM)
		*why = vrfy_as_rcpt(c->arg);
	if (cmd == SMTP_CMD_EHLO && *why == SMTP_WHY_OK && *code == 250 && p->ehlo) {
		ehlo(p, c, text, cap);
	} else if (p->exim_rcpt_summary &&
	           (*why == SMTP_WHY_DATA_NO_RCPT || *why == SMTP_WHY_DATA_BEFORE_MAIL)) {
		/* smtp_in.c: when every RCPT got the same rejection, DATA
		 * repeats it; after pipelined RCPTs the last line starts with
		 * a capital */
		struct outbuf o = { text, cap, 0 };
		text[0] = '\0';
		if (st->rcpt_rejected && st->rcpt_same) {
			puts_(&o, "All RCPT commands were rejected with this error:\n");
			puts_(&o, st->last_rcpt_err);
			puts_(&o, "\n");
		}
		puts_(&o, st->last_was_rcpt && st->esmtp ? "Valid RCPT command must precede DATA"
		                                         : "valid RCPT command must precede DATA");
		*code = 503;
	} else {
		const struct p_entry *hit = NULL;
		for (const struct p_entry *e = p->t; e && e->why != SMTP_WHY_COUNT; e++)
			if (e->why == *why && (e->cmd == SMTP_CMD_NONE || e->cmd == cmd)) {
				hit = e;
				break;
			}
		if (hit) {
			char orig[SMTP_REPLY_LINE_MAX * 4];
			snprintf(orig, sizeof orig, "%s", text);
			struct outbuf o = { text, cap, 0 };
			text[0] = '\0';
			render(hit->text, c, orig, &o);
			*code = hit->code;
			*enh = hit->enh;
			if (hit->as_unknown)
				*why = SMTP_WHY_UNKNOWN_CMD;
		}
	}
	if (p->no_enh)
		*enh = "";
	/* what Exim's DATA summary needs: this transaction's RCPT rejections */
	if (cmd == SMTP_CMD_MAIL || cmd == SMTP_CMD_RSET || cmd == SMTP_CMD_HELO ||
	    cmd == SMTP_CMD_EHLO || cmd == SMTP_CMD_DOT) {
		st->rcpt_rejected = 0;
		st->rcpt_same = true;
	}
	if (cmd == SMTP_CMD_EHLO || cmd == SMTP_CMD_HELO)
		st->esmtp = cmd == SMTP_CMD_EHLO && *code == 250;
	if (cmd == SMTP_CMD_RCPT && *code >= 400) {
		/* [EX96]: a RCPT refused for its place in the dialogue is
		 * remembered with its code ("503-503 sender not yet given") */
		char err[sizeof st->last_rcpt_err];
		if (*why == SMTP_WHY_RCPT_BEFORE_MAIL)
			snprintf(err, sizeof err, "%d %s", *code, text);
		else
			snprintf(err, sizeof err, "%s", text);
		if (st->rcpt_rejected && strcmp(st->last_rcpt_err, err))
			st->rcpt_same = false;
		memcpy(st->last_rcpt_err, err, sizeof err);
		st->rcpt_rejected++;
	}
	/* [EX96]: a RCPT before MAIL does not count as the RCPT before DATA */
	st->last_was_rcpt = cmd == SMTP_CMD_RCPT && *why != SMTP_WHY_RCPT_BEFORE_MAIL;
}
