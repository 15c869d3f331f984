/* catalog_data.c — the prose of the reference catalog: every basic reply
 * code, every enhanced status code of the IANA registry, the mail ports,
 * and the words for classes, subjects and categories. Tables only; the
 * lookups and the search over them are in catalog.c. Every string is
 * ours, written from the RFCs and the registry. */
#include "smtp/catalog.h"
#include "smtp/catalog_data.h"

#include <stddef.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- basic reply codes ---------------------------------------------------- */

const struct cat_code cat_data_codes[] = {
	{ 211, "System status or help reply",
	  "The client asked for the server's status or for help",
	  "Read the text; nothing needs to be done",
	  "HELP",
	  "RFC 5321 §4.2.2",
	  "211 carries a status report about the server or a help reply. "
	  "Hardly any server sends it today: HELP is normally answered with "
	  "214. Like every 2yz reply it means the request was carried out." },
	{ 214, "Help message",
	  "Response to HELP",
	  "Read it: the text is meant for a person, not for a program",
	  "HELP",
	  "RFC 5321 §4.2.2, §4.1.1.8",
	  "The server answers HELP with a few lines of text, often a list of the "
	  "commands it knows or a pointer to its documentation. Programs must "
	  "not depend on the wording; many servers send a single line." },
	{ 220, "Service ready",
	  "Server greeting on connect, or go-ahead for TLS after STARTTLS",
	  "Proceed with EHLO (after STARTTLS: do the TLS handshake, then EHLO again)",
	  "(connect), STARTTLS",
	  "RFC 5321 §4.2.2, §3.1; RFC 3207 §4",
	  "The first thing a server says on a new connection is 220 followed by "
	  "its host name; only then may the client speak. The same code answers "
	  "STARTTLS: the client starts the TLS handshake at once, and when it is "
	  "done the session starts over, so the client sends EHLO again." },
	{ 221, "Closing connection",
	  "Response to QUIT",
	  "Normal termination: the server closes the connection",
	  "QUIT",
	  "RFC 5321 §4.2.2, §4.1.1.10",
	  "221 is the polite goodbye. The server closes its side of the "
	  "connection after sending it. Mail accepted earlier with 250 is "
	  "already queued; QUIT does not cancel it." },
	{ 235, "Authentication successful",
	  "Valid credentials provided with AUTH",
	  "Proceed with MAIL FROM",
	  "AUTH",
	  "RFC 4954 §6",
	  "The AUTH exchange succeeded (enhanced code 2.7.0). On a submission "
	  "port the server now lets this client relay mail to other domains, "
	  "usually only from addresses that belong to the account." },
	{ 250, "Requested action okay, completed",
	  "Command accepted successfully",
	  "Continue with the next command",
	  "EHLO, HELO, MAIL, RCPT, end of DATA, RSET, NOOP, VRFY, BDAT",
	  "RFC 5321 §4.2.2",
	  "The all-purpose OK. After EHLO it comes as a multi-line reply "
	  "(250-… lines, then a last 250 line) listing the extensions the server "
	  "supports. After the final '.' of DATA it means the server has taken "
	  "responsibility for delivering the message, often with a queue ID." },
	{ 251, "User not local; will forward",
	  "The recipient is not hosted here, but the server will forward the mail",
	  "Nothing to do now; update the address for future mail",
	  "RCPT, VRFY",
	  "RFC 5321 §4.2.2, §3.4",
	  "The server accepts the recipient and names the address it will "
	  "forward to. It is a success: the message will arrive. Few servers "
	  "send it today because it reveals where users have gone." },
	{ 252, "Cannot verify user, but will try delivery",
	  "VRFY was asked, but the server does not confirm mailboxes",
	  "Just send the message: RCPT TO is the real test",
	  "VRFY, EXPN",
	  "RFC 5321 §4.2.2, §3.5.3",
	  "Confirming mailboxes to anyone who asks helps spammers harvest "
	  "addresses, so most servers answer VRFY with 252: the address looks "
	  "acceptable, and the server will attempt delivery if you send to it." },
	{ 334, "Authentication challenge",
	  "AUTH started: the text is a base64 challenge from the server",
	  "Decode the challenge and answer with one base64 line (or * to cancel)",
	  "AUTH",
	  "RFC 4954 §4",
	  "334 asks the client for the next piece of an AUTH exchange. With AUTH "
	  "LOGIN the two challenges decode to \"Username:\" and \"Password:\". "
	  "With AUTH PLAIN an empty 334 asks for the whole credential string. "
	  "Base64 is an encoding, not encryption: use TLS first." },
	{ 354, "Start mail input",
	  "Response to DATA",
	  "Send the headers, an empty line, the body, then a line with only \".\"",
	  "DATA",
	  "RFC 5321 §4.2.2, §4.1.1.4",
	  "After 354 everything the client sends is message text until a line "
	  "holding a single dot. A text line that itself starts with a dot is "
	  "sent with an extra dot (dot-stuffing) and the server removes it." },
	{ 421, "Service not available, closing connection",
	  "Server overloaded or shutting down, too many errors, or an idle timeout",
	  "Retry later; the connection is closed",
	  "any command, also at connect",
	  "RFC 5321 §4.2.2, §3.8",
	  "The server is about to close the connection for a reason it expects "
	  "to be temporary. A sending MTA keeps the message in its queue and "
	  "tries again later. Sent instead of the 220 greeting it reads "
	  "\"421 <domain> Service not available\", with no enhanced code (RFC "
	  "2034 §4); later in a session it may carry one. Some servers also "
	  "send 421 after too many bad commands or when a client is too slow." },
	{ 432, "Password transition needed",
	  "The account must be moved to the chosen AUTH mechanism first",
	  "Authenticate once with PLAIN over TLS, then retry with this mechanism",
	  "AUTH",
	  "RFC 4954 §6",
	  "Sent with enhanced code 4.7.12 when the server cannot use the "
	  "mechanism for this user until it has learnt the password in a form "
	  "that mechanism needs. One login with PLAIN over an encrypted "
	  "connection usually fixes it. Rare in practice." },
	{ 450, "Mailbox unavailable (temporary)",
	  "Greylisting, a busy mailbox, or a temporary policy block",
	  "Keep the message queued and retry later: RFC 5321 §4.5.4.1 asks for "
	  "at least 30 minutes between attempts; a real mail server does this by "
	  "itself",
	  "MAIL, RCPT",
	  "RFC 5321 §4.2.2, §4.2.3, §4.5.4.1",
	  "The action was not taken, but it may succeed later. Greylisting "
	  "servers answer the first attempt from an unknown sender with 450 and "
	  "accept the same message once it is retried after their delay (a few "
	  "minutes), which spam software often does not bother to do." },
	{ 451, "Local error in processing",
	  "Server processing failure: a lookup, a disk, a content scanner",
	  "Retry later",
	  "MAIL, RCPT, DATA, end of DATA",
	  "RFC 5321 §4.2.2",
	  "Something went wrong on the server's side while handling the "
	  "command: a database or DNS lookup timed out, a filter crashed, the "
	  "queue could not be written. The client should keep the message and "
	  "try again; some servers also use 451 for greylisting." },
	{ 452, "Insufficient system storage",
	  "Server out of space, recipient mailbox full, or too many recipients",
	  "Retry later; for too many recipients send the rest in a new transaction",
	  "MAIL, RCPT, DATA",
	  "RFC 5321 §4.2.2, §4.5.3.1.10",
	  "The server cannot take the message now for lack of room. Answered to "
	  "RCPT it commonly means this transaction has reached the recipient "
	  "limit: the recipients accepted so far stand, and the others should "
	  "be sent in another transaction. A full mailbox is usually 452 4.2.2." },
	{ 454, "TLS or authentication temporarily unavailable",
	  "STARTTLS cannot start now, or the authentication backend failed",
	  "Retry later; never fall back to sending a password without TLS",
	  "STARTTLS, AUTH",
	  "RFC 3207 §4; RFC 4954 §6",
	  "To STARTTLS, 454 means TLS is not available for a temporary reason, "
	  "often a broken certificate setup on the server. To AUTH (4.7.0) it "
	  "means the server could not check the credentials right now, for "
	  "example because its user database did not answer." },
	{ 455, "Server unable to accommodate parameters",
	  "MAIL or RCPT parameters are understood but cannot be honoured now",
	  "Retry later, or try without the parameter",
	  "MAIL, RCPT",
	  "RFC 5321 §4.2.2, §4.1.1.11",
	  "The server recognised the ESMTP parameters given with MAIL FROM or "
	  "RCPT TO but cannot satisfy them at the moment, for instance a "
	  "requested delivery option it has no resources for. It is temporary, "
	  "unlike 555 for parameters it does not know at all." },
	{ 500, "Syntax error, command unrecognized",
	  "Unrecognized command, or a line too long",
	  "Check the command spelling and format",
	  "any command",
	  "RFC 5321 §4.2.2; RFC 4954 §4",
	  "The server could not make sense of the line: the verb is not a "
	  "command it knows (typos like EHOL), or the line is over the 512 "
	  "octet limit. During AUTH, 500 5.5.6 means an answer line was too "
	  "long for the mechanism." },
	{ 501, "Syntax error in parameters or arguments",
	  "Invalid email address format or a bad argument",
	  "Fix the address or argument, e.g. MAIL FROM:<user@example.com>",
	  "HELO, EHLO, MAIL, RCPT, VRFY, AUTH and others",
	  "RFC 5321 §4.2.2",
	  "The command is known but what follows it is malformed: an address "
	  "without angle brackets, a HELO without a host name, a parameter that "
	  "should take no argument, or AUTH data that is not valid base64." },
	{ 502, "Command not implemented",
	  "The command exists in SMTP but this server does not offer it",
	  "Check the EHLO list and use something the server advertises",
	  "EXPN, VRFY, TURN, ETRN, extension commands",
	  "RFC 5321 §4.2.2, §4.2.4",
	  "The server recognised the command and chooses not to support it. "
	  "Many servers do not implement EXPN and answer 502 (RFC 5321 "
	  "§3.5.3); one that has VRFY or EXPN but disables it for security "
	  "should answer 252 instead (§7.3). Commands of extensions the server "
	  "did not advertise (for example STARTTLS on a server without TLS) "
	  "get 502 too." },
	{ 503, "Bad sequence of commands",
	  "Commands in the wrong order",
	  "Follow the sequence: EHLO, MAIL FROM, RCPT TO, DATA",
	  "MAIL, RCPT, DATA, AUTH, STARTTLS and others",
	  "RFC 5321 §4.2.2, §4.1.4",
	  "The command is fine but not at this point of the dialogue: RCPT "
	  "before MAIL, DATA before any accepted RCPT, MAIL before EHLO, a second "
	  "MAIL inside an open transaction, or AUTH after already "
	  "authenticating. Postfix also answers AUTH with 503 5.5.1 where it "
	  "offers no AUTH at all. RSET clears the transaction." },
	{ 504, "Command parameter not implemented",
	  "A parameter value the server does not support, such as an unknown AUTH mechanism",
	  "Use a value the server advertises in its EHLO reply",
	  "AUTH, EHLO, MAIL, RCPT",
	  "RFC 5321 §4.2.2; RFC 4954 §4",
	  "The command and its syntax are right, but the server does not "
	  "implement the particular option asked for. The common case is AUTH "
	  "with a mechanism missing from the server's \"250-AUTH\" line "
	  "(504 5.5.4)." },
	{ 521, "Host does not accept mail",
	  "This host never accepts mail (it exists for other services)",
	  "Do not retry; check the recipient domain's MX records",
	  "(connect), any command",
	  "RFC 7504",
	  "A server that answers 521 at connection time says it does not accept "
	  "mail at all, ever. Senders should give up at once instead of "
	  "queueing and retrying for days. It may also be sent after a 521 "
	  "greeting to any command but QUIT." },
	{ 530, "Authentication required",
	  "The server requires AUTH (or STARTTLS) before this command",
	  "Send STARTTLS if offered, then AUTH, then MAIL FROM again",
	  "MAIL, RCPT, AUTH and others",
	  "RFC 4954 §6; RFC 3207 §4",
	  "Typical on submission ports: the server relays only for users who "
	  "have logged in, so MAIL FROM gets 530 5.7.0 before AUTH (RFC 6409 "
	  "§4.3). The same code with \"Must issue a STARTTLS command first\" "
	  "(RFC 3207 §4) means the server insists on encryption before "
	  "anything else, AUTH included." },
	{ 534, "Authentication mechanism too weak",
	  "The chosen mechanism is weaker than server policy allows for this user",
	  "Use a stronger mechanism, or switch on TLS first",
	  "AUTH",
	  "RFC 4954 §6",
	  "Sent with enhanced code 5.7.9. The server supports the mechanism in "
	  "general but not for this account, for instance a plain-text "
	  "mechanism for an administrator. Choose another mechanism from the "
	  "EHLO list." },
	{ 535, "Authentication credentials invalid",
	  "Invalid username or password",
	  "Check the credentials (full address as user name? app password?)",
	  "AUTH",
	  "RFC 4954 §6",
	  "The AUTH exchange failed (5.7.8): the user name is unknown or the "
	  "password is wrong. Providers with two-factor login often want an "
	  "application password for SMTP. Repeated failures may get the client "
	  "blocked for a while." },
	{ 538, "Encryption required for this mechanism (historical)",
	  "The mechanism (e.g. PLAIN or LOGIN) is only allowed over TLS",
	  "Run STARTTLS first (or use port 465), then AUTH",
	  "AUTH",
	  "RFC 4954 §6",
	  "Historical: RFC 4954 §6 documents this code, with 5.7.11, \"for "
	  "historical purposes only\". Modern servers do not offer AUTH on an "
	  "unencrypted line at all, and answer it the way Postfix does: 530 "
	  "5.7.0 Must issue a STARTTLS command first where the port requires "
	  "TLS, 503 5.5.1 where AUTH is not offered. smtpsim never sends 538 "
	  "unless a -r rule asks for it." },
	{ 550, "Mailbox unavailable",
	  "Recipient does not exist, or policy rejected the command",
	  "Read the enhanced code and the text for the reason: for an unknown "
	  "user (5.1.1) check the address, for a policy refusal (5.7.x) fix what "
	  "the policy checks",
	  "MAIL, RCPT, VRFY, EXPN, end of DATA",
	  "RFC 5321 §4.2.2, §4.2.3",
	  "The permanent refusal used for many reasons: no such user (5.1.1), "
	  "relaying denied (5.7.1), the sender is on a blocklist, SPF failed "
	  "(5.7.23), no DKIM signature passed (5.7.20), the client's reverse "
	  "DNS failed (5.7.25), several such checks failed at once (5.7.26), "
	  "the content looks like spam. Retrying the same message will fail "
	  "again; read the text to see which it was." },
	{ 551, "User not local; please try <forward-path>",
	  "The user is not here any more; the reply's text names the address to "
	  "try",
	  "Resend to the address the reply names, once you trust the server "
	  "that gave it",
	  "RCPT, VRFY",
	  "RFC 5321 §4.2.2, §3.4, §7.4",
	  "The server refuses the recipient and names where the user can be "
	  "reached now; it does not forward the message itself (that is 251). "
	  "The client may resend to the new address (§3.4), but should be sure "
	  "of the server before updating an address book from it (§7.4). With "
	  "enhanced codes, 5.1.6 (\"Destination mailbox has moved, No "
	  "forwarding address\") suits a refusal that names no new address, a "
	  "550 in §3.4's terms; a 551 naming one goes with a generic detail "
	  "such as 5.1.0. Like 251, it is rare today." },
	{ 552, "Storage allocation exceeded",
	  "Message over a size limit (5.3.4, 5.2.3), or the recipient's mailbox "
	  "over its quota (5.2.2)",
	  "Over a size limit: make the message smaller or send a link to large "
	  "files. Mailbox full: the recipient must make room, so tell them another "
	  "way and send again later",
	  "MAIL (SIZE=), RCPT, end of DATA",
	  "RFC 5321 §4.2.2; RFC 1870",
	  "The message is bigger than the server accepts (its SIZE limit, "
	  "announced in EHLO) or than the recipient's mailbox can hold. With "
	  "the SIZE extension the client declares the size in MAIL FROM and can "
	  "be refused before sending anything. Usually 552 5.3.4 or 5.2.2." },
	{ 553, "Mailbox name not allowed",
	  "Malformed email address, or a sender address the user may not use",
	  "Correct the address",
	  "MAIL, RCPT",
	  "RFC 5321 §4.2.2; RFC 6531 §3.5",
	  "The address itself is unacceptable: bad syntax (5.1.3, 5.1.7), a "
	  "sender that the logged-in account does not own (5.7.1), or a "
	  "non-ASCII address sent to a server without SMTPUTF8 (5.6.7)." },
	{ 554, "Transaction failed",
	  "Blocklisted, policy violation, spam or virus found; at connect: no service",
	  "Read the text for the reason (a blocklisted client, a content filter, "
	  "no valid recipients) and fix that; do not retry unchanged",
	  "(connect), DATA, end of DATA, MAIL, RCPT",
	  "RFC 5321 §4.2.2, §3.1, §3.3",
	  "A catch-all permanent failure. Instead of the 220 greeting it means "
	  "\"No SMTP service here\": the server will not talk to this client, "
	  "often because its IP address is on a blocklist, and answers all but "
	  "QUIT with 503 (§3.1); such a greeting carries no enhanced code (RFC "
	  "2034 §4). To DATA it means no valid recipients (§3.3). After the "
	  "final '.' it means the message was rejected as a whole, for example "
	  "by a spam or virus filter." },
	{ 555, "MAIL/RCPT parameters not recognized",
	  "An ESMTP parameter the server does not support",
	  "Remove the parameter; use only what EHLO advertises",
	  "MAIL, RCPT",
	  "RFC 5321 §4.2.2, §4.1.1.11",
	  "A client added a parameter such as SIZE=, BODY=8BITMIME or SMTPUTF8 "
	  "to MAIL FROM or RCPT TO that the server does not know or did not "
	  "advertise. Permanent: the same command will be refused again." },
	{ 556, "Domain does not accept mail",
	  "The recipient domain publishes a null MX",
	  "Do not retry; check the recipient's domain",
	  "RCPT",
	  "RFC 7504; RFC 7505",
	  "The domain of the address says in the DNS (an MX record of \".\" with "
	  "preference 0) that it receives no mail. Sending servers and "
	  "receivers can fail at once instead of retrying. It goes with "
	  "enhanced code 5.1.10. A sender whose own domain has a null MX is "
	  "refused at MAIL with 550 5.7.27 instead." },
};
const size_t cat_data_codes_count = COUNT(cat_data_codes);

/* --- enhanced status codes (IANA registry) ------------------------------- */

const struct cat_enh cat_data_enh[] = {
	{ "X.0.0", "Other undefined Status",
	  "Nothing more specific than the class is known: the server only says "
	  "whether it worked, failed for now or failed for good.",
	  "any", "RFC 3463 §3.1", NULL },

	{ "X.1.0", "Other address status",
	  "Something about an address in the envelope caused this, without a "
	  "more precise detail.",
	  "not given", "RFC 3463 §3.2", NULL },
	{ "X.1.1", "Bad destination mailbox address",
	  "The mailbox does not exist: the part left of the @ is unknown at the "
	  "destination. Meant for permanent failures.",
	  "451, 550", "RFC 3463 §3.2",
	  "Check the spelling of the address, or ask the recipient for the "
	  "right one; the same address will fail again" },
	{ "X.1.2", "Bad destination system address",
	  "The destination domain (right of the @) does not exist or cannot "
	  "receive mail. Meant for permanent failures.",
	  "not given", "RFC 3463 §3.2",
	  "Check the domain after the @: a typo, or a domain without mail "
	  "servers" },
	{ "X.1.3", "Bad destination mailbox address syntax",
	  "The recipient address is not syntactically valid, in any part of it. "
	  "Meant for permanent failures.",
	  "501", "RFC 3463 §3.2",
	  "Fix the address: local-part@domain, inside angle brackets" },
	{ "X.1.4", "Destination mailbox address ambiguous",
	  "The address matches more than one mailbox at the destination, for "
	  "example when the server guesses mailbox names from partial input.",
	  "not given", "RFC 3463 §3.2", NULL },
	{ "X.1.5", "Destination address valid",
	  "The recipient address is fine. A success detail, typically sent with "
	  "250 to RCPT TO.",
	  "250", "RFC 3463 §3.2", NULL },
	{ "X.1.6", "Destination mailbox has moved, No forwarding address",
	  "The address used to be valid but mail for it is no longer taken. As "
	  "the title says, no forwarding address comes with it: a reply that "
	  "names the new address is a 551 (RFC 5321 §3.4). Meant for permanent "
	  "failures.",
	  "not given", "RFC 3463 §3.2",
	  "The person no longer reads mail at this address: ask them "
	  "another way for the new one" },
	{ "X.1.7", "Bad sender's mailbox address syntax",
	  "The sender address given in MAIL FROM is not syntactically valid.",
	  "not given", "RFC 3463 §3.2",
	  "Fix the sender address: MAIL FROM:<local-part@domain>" },
	{ "X.1.8", "Bad sender's system address",
	  "The sender's domain does not exist or cannot receive replies, so "
	  "bounces could not be returned.",
	  "451, 501", "RFC 3463 §3.2",
	  "Send from an address whose domain exists and takes mail, so that "
	  "bounces can come back" },
	{ "X.1.9", "Message relayed to non-compliant mailer",
	  "The address was valid, but the message went on to a system that does "
	  "not report delivery status, so nothing more can be said.",
	  "not given", "RFC 3886", NULL },
	{ "X.1.10", "Recipient address has null MX",
	  "The registered meaning: the recipient's domain publishes a null MX, "
	  "declaring that it accepts no mail. Microsoft 365 also uses 550 5.1.10, "
	  "for a recipient not found in its directory (RecipientNotFound): the "
	  "address does not exist there.",
	  "556", "RFC 7505",
	  "For a null MX: the domain takes no mail, use another address. "
	  "From Microsoft 365 (RecipientNotFound): check the address, as "
	  "for an unknown user" },

	{ "X.2.0", "Other or undefined mailbox status",
	  "The mailbox exists, but something about it prevents delivery.",
	  "not given", "RFC 3463 §3.3", NULL },
	{ "X.2.1", "Mailbox disabled, not accepting messages",
	  "The mailbox exists but takes no mail, permanently or for a while "
	  "(a suspended or inactive account).",
	  "not given", "RFC 3463 §3.3",
	  "The mailbox is switched off: reach the recipient another way" },
	{ "X.2.2", "Mailbox full",
	  "The recipient is over their quota. They can make room by deleting "
	  "mail, so this is best treated as temporary.",
	  "552", "RFC 3463 §3.3",
	  "The recipient must delete mail or have the quota raised: tell "
	  "them another way, then send again later. A smaller message helps "
	  "only if it fits the room left" },
	{ "X.2.3", "Message length exceeds administrative limit",
	  "The message is larger than this mailbox's own size limit, which is "
	  "lower than the system's. Permanent for this message.",
	  "552", "RFC 3463 §3.3",
	  "Make the message smaller than this mailbox's limit, or send a "
	  "link to large files" },
	{ "X.2.4", "Mailing list expansion problem",
	  "The address is a mailing list and the list could not be expanded to "
	  "its members. Temporary or permanent.",
	  "450, 452", "RFC 3463 §3.3", NULL },

	{ "X.3.0", "Other or undefined mail system status",
	  "The destination system normally takes mail, but something about the "
	  "system itself caused this.",
	  "221, 250, 421, 451, 550, 554", "RFC 3463 §3.4", NULL },
	{ "X.3.1", "Mail system full",
	  "The system is out of storage; unlike a full mailbox the recipient "
	  "cannot fix it. Meant as a temporary failure.",
	  "452", "RFC 3463 §3.4",
	  "Retry later: the receiving system is out of storage, which only "
	  "its administrators can fix" },
	{ "X.3.2", "System not accepting network messages",
	  "The host takes no mail right now (shutting down, overloaded, under "
	  "maintenance) or at all.",
	  "453, 521", "RFC 3463 §3.4; RFC 7504", NULL },
	{ "X.3.3", "System not capable of selected features",
	  "The message asks for features the destination does not support, "
	  "often at a gateway between different mail systems.",
	  "not given", "RFC 3463 §3.4", NULL },
	{ "X.3.4", "Message too big for system",
	  "The message is over the system-wide size limit, for physical or "
	  "policy reasons. Permanent for this message.",
	  "552, 554", "RFC 3463 §3.4",
	  "Make the message smaller than the server's SIZE limit (announced "
	  "after EHLO), or send a link to large files instead of attaching "
	  "them" },
	{ "X.3.5", "System incorrectly configured",
	  "The receiving system is not set up in a way that lets it accept this "
	  "message.",
	  "not given", "RFC 3463 §3.4", NULL },
	{ "X.3.6", "Requested priority was changed",
	  "The message was accepted, but not at the priority asked for with "
	  "MT-PRIORITY; the text gives the new priority.",
	  "250, 251", "RFC 6710", NULL },

	{ "X.4.0", "Other or undefined network or routing status",
	  "A networking problem that none of the other details describe.",
	  "not given", "RFC 3463 §3.5", NULL },
	{ "X.4.1", "No answer from host",
	  "The outgoing connection was not answered: the remote host was busy "
	  "or unreachable. Temporary.",
	  "451", "RFC 3463 §3.5", NULL },
	{ "X.4.2", "Bad connection",
	  "A connection was made but the transaction could not finish, through "
	  "a timeout or a poor link. Temporary.",
	  "421", "RFC 3463 §3.5", NULL },
	{ "X.4.3", "Directory server failure",
	  "A directory the routing depends on, such as DNS, could not be "
	  "reached. Temporary.",
	  "451, 550", "RFC 3463 §3.5", NULL },
	{ "X.4.4", "Unable to route",
	  "The next hop could not be determined from the directory, for example "
	  "a domain with no MX and no address records.",
	  "not given", "RFC 3463 §3.5",
	  "Check the recipient domain's DNS: it needs an MX (or address) "
	  "record that leads to a mail server" },
	{ "X.4.5", "Mail system congestion",
	  "The mail system is congested and could not deliver now. Temporary.",
	  "451", "RFC 3463 §3.5", NULL },
	{ "X.4.6", "Routing loop detected",
	  "The message was passed around too many times (too many Received "
	  "header fields), through bad routing or a forwarding loop.",
	  "not given", "RFC 3463 §3.5",
	  "Look for a forwarding loop, two addresses or servers that "
	  "forward to each other; their administrators must break it" },
	{ "X.4.7", "Delivery time expired",
	  "The message was too old: it waited in a server's queue longer than "
	  "that server keeps retrying (often days of failed attempts), or "
	  "outlived a deadline the sender set, so the server gave up and "
	  "bounced it. Ideally the bounce also names the problem that kept "
	  "delivery from working.",
	  "not given", "RFC 3463 §3.5; RFC 4865",
	  "The server that held the message has given up: it was not "
	  "delivered and will not be retried. Find why the earlier attempts "
	  "failed (the bounce or the log usually says), fix that, then send "
	  "the message again" },

	{ "X.5.0", "Other or undefined protocol status",
	  "Something went wrong in the SMTP dialogue that no other detail "
	  "describes.",
	  "220, 250, 251, 252, 253, 451, 452, 454, 458, 459, 501, 502, 503, 554",
	  "RFC 3463 §3.6", NULL },
	{ "X.5.1", "Invalid command",
	  "A command was out of sequence or is not supported.",
	  "430, 500, 501, 503, 530, 550, 554, 555", "RFC 3463 §3.6", NULL },
	{ "X.5.2", "Syntax error",
	  "A command could not be understood: wrong syntax or an unknown verb.",
	  "500, 501, 502, 550, 555", "RFC 3463 §3.6", NULL },
	{ "X.5.3", "Too many recipients",
	  "More recipients than the server takes in one transaction; the rest "
	  "should go in another transaction. The registry names 451 with it; "
	  "RFC 5321 §4.5.3.1.10 uses 452 for this case.",
	  "451", "RFC 3463 §3.6; RFC 5321 §4.5.3.1.10",
	  "Send the remaining recipients in another transaction; the ones "
	  "already accepted stand" },
	{ "X.5.4", "Invalid command arguments",
	  "A valid command had arguments out of range or naming features the "
	  "server does not know.",
	  "451, 501, 502, 503, 504, 550, 555", "RFC 3463 §3.6", NULL },
	{ "X.5.5", "Wrong protocol version",
	  "The two sides speak versions of the protocol that cannot be "
	  "reconciled.",
	  "not given", "RFC 3463 §3.6", NULL },
	{ "X.5.6", "Authentication Exchange line is too long",
	  "A base64 answer in the AUTH exchange was longer than the server can "
	  "buffer for the chosen mechanism.",
	  "500", "RFC 4954 §6", NULL },

	{ "X.6.0", "Other or undefined media error",
	  "Something in the message content prevents delivery and no other "
	  "detail fits.",
	  "not given", "RFC 3463 §3.7", NULL },
	{ "X.6.1", "Media not supported",
	  "The content type is not supported by the delivery protocol or the "
	  "next system on the way.",
	  "not given", "RFC 3463 §3.7", NULL },
	{ "X.6.2", "Conversion required and prohibited",
	  "The content would have to be converted for delivery, but the sender "
	  "or the sending host forbids conversion.",
	  "not given", "RFC 3463 §3.7", NULL },
	{ "X.6.3", "Conversion required but not supported",
	  "The content must be converted to go further, and no host on the way "
	  "can do it, such as 8-bit mail for a 7-bit-only next hop.",
	  "554", "RFC 3463 §3.7", NULL },
	{ "X.6.4", "Conversion with loss performed",
	  "The message was delivered, but a conversion on the way lost some "
	  "data. A warning, or a failure if lossy conversion was forbidden.",
	  "250", "RFC 3463 §3.7", NULL },
	{ "X.6.5", "Conversion Failed",
	  "A needed conversion of the content was attempted and did not work.",
	  "not given", "RFC 3463 §3.7", NULL },
	{ "X.6.6", "Message content not available",
	  "The submission server could not fetch the message content from the "
	  "remote system it was told to take it from (BURL).",
	  "554", "RFC 4468", NULL },
	{ "X.6.7", "Non-ASCII addresses not permitted for that sender/recipient",
	  "MAIL or RCPT used an internationalized (UTF-8) address that is not "
	  "allowed here.",
	  "550, 553", "RFC 6531",
	  "Use an ASCII address, or a server that offers SMTPUTF8 (and give "
	  "SMTPUTF8 in MAIL FROM)" },
	{ "X.6.8", "UTF-8 string reply is required, but not permitted by the SMTP client",
	  "Showing the mailbox name needs a UTF-8 reply, and the client did not "
	  "allow one (it did not ask for SMTPUTF8).",
	  "252, 550, 553", "RFC 6531", NULL },
	{ "X.6.9", "UTF-8 header message cannot be transferred",
	  "The message has UTF-8 header fields and cannot be passed on to one "
	  "or more recipients, so after the final '.' it is rejected.",
	  "550", "RFC 6531", NULL },
	{ "X.6.10", "Duplicate of X.6.8 (deprecated)",
	  "Registered by mistake with the same meaning as X.6.8; use X.6.8.",
	  "252, 550, 553", "RFC 6531", NULL },

	{ "X.7.0", "Other or undefined security status",
	  "A security or policy reason that no other detail describes, or that "
	  "the server prefers not to spell out.",
	  "220, 235, 450, 454, 500, 501, 503, 504, 530, 535, 550",
	  "RFC 3463 §3.8", NULL },
	{ "X.7.1", "Delivery not authorized, message refused",
	  "The sender may not send to this destination: per-host or "
	  "per-recipient filtering, relaying denied, a blocklist. Defined as "
	  "permanent, yet many servers send 4.7.1 for temporary policy blocks "
	  "such as greylisting.",
	  "451, 454, 502, 503, 533, 550, 551", "RFC 3463 §3.8",
	  "Read the text for the policy: relaying needs AUTH on your own "
	  "provider's submission port; a blocklisted sender must fix the "
	  "cause and ask for delisting; a 4.7.1 is often greylisting and "
	  "passes when retried" },
	{ "X.7.2", "Mailing list expansion prohibited",
	  "The sender is not allowed to post to the mailing list addressed.",
	  "550", "RFC 3463 §3.8", NULL },
	{ "X.7.3", "Security conversion required but not possible",
	  "Delivery needed converting between secure messaging formats and "
	  "that could not be done.",
	  "not given", "RFC 3463 §3.8", NULL },
	{ "X.7.4", "Security features not supported",
	  "The message uses security features the delivery protocol cannot "
	  "carry.",
	  "504", "RFC 3463 §3.8", NULL },
	{ "X.7.5", "Cryptographic failure",
	  "A system allowed to verify or decrypt the message could not, because "
	  "a key was missing or invalid.",
	  "not given", "RFC 3463 §3.8", NULL },
	{ "X.7.6", "Cryptographic algorithm not supported",
	  "A system allowed to verify or decrypt the message does not support "
	  "the algorithm used.",
	  "not given", "RFC 3463 §3.8", NULL },
	{ "X.7.7", "Message integrity failure",
	  "The message was found corrupted or altered when its integrity was "
	  "checked.",
	  "not given", "RFC 3463 §3.8", NULL },
	{ "X.7.8", "Authentication credentials invalid",
	  "AUTH failed because the credentials are wrong or insufficient; the "
	  "client should ask the user for them again.",
	  "535, 554", "RFC 4954 §6",
	  "Check the user name (often the full address) and the password; "
	  "providers with two-factor login may want an app password" },
	{ "X.7.9", "Authentication mechanism is too weak",
	  "The AUTH mechanism chosen is weaker than the policy for this user; "
	  "try a stronger one.",
	  "534", "RFC 4954 §6", NULL },
	{ "X.7.10", "Encryption Needed",
	  "The mechanism needs an outside privacy layer such as TLS first; "
	  "meant for clear-text mechanisms.",
	  "523", "RFC 5248", NULL },
	{ "X.7.11", "Encryption required for requested authentication mechanism",
	  "This AUTH mechanism is allowed only on an encrypted connection. "
	  "Documented for historical purposes only: modern servers do not "
	  "offer such mechanisms before TLS.",
	  "524, 538", "RFC 4954 §6", NULL },
	{ "X.7.12", "A password transition is needed",
	  "The user must first log in once with another mechanism (usually "
	  "PLAIN over TLS) before this one works.",
	  "422, 432", "RFC 4954 §6", NULL },
	{ "X.7.13", "User Account Disabled",
	  "Authentication succeeded, but the account is disabled; only its "
	  "administrator can change that, so re-typing the password won't help.",
	  "525", "RFC 5248",
	  "Ask the account's administrator: the account is disabled, and no "
	  "password will change that" },
	{ "X.7.14", "Trust relationship required",
	  "The submission server needs a configured trust relationship with a "
	  "third-party server to fetch the message content.",
	  "535, 554", "RFC 5248", NULL },
	{ "X.7.15", "Priority Level is too low",
	  "The message's MT-PRIORITY is below what the server accepts now, "
	  "perhaps only for a while.",
	  "450, 550", "RFC 6710", NULL },
	{ "X.7.16", "Message is too big for the specified priority",
	  "At this priority the server accepts only smaller messages, perhaps "
	  "only for a while.",
	  "552", "RFC 6710", NULL },
	{ "X.7.17", "Mailbox owner has changed",
	  "With RRVS the sender asked for the recipient to have owned the "
	  "mailbox since a date, and the mailbox changed hands since.",
	  "550", "RFC 7293", NULL },
	{ "X.7.18", "Domain owner has changed",
	  "With RRVS, the recipient's domain changed owner since the date the "
	  "sender gave.",
	  "550", "RFC 7293", NULL },
	{ "X.7.19", "RRVS test cannot be completed",
	  "The receiver cannot check the RRVS date because it did not record "
	  "when the mailbox was created; the sender must decide.",
	  "550", "RFC 7293", NULL },
	{ "X.7.20", "No passing DKIM signature found",
	  "The message carried no DKIM signature that verified, and local "
	  "policy wants one.",
	  "550", "RFC 7372",
	  "Sign the message with DKIM, with a key published in the sender "
	  "domain's DNS" },
	{ "X.7.21", "No acceptable DKIM signature found",
	  "DKIM signatures verified, but none of them is acceptable under "
	  "local policy.",
	  "550", "RFC 7372",
	  "Sign the message with DKIM as a domain this receiver accepts, "
	  "usually the From domain" },
	{ "X.7.22", "No valid author-matched DKIM signature found",
	  "DKIM signatures verified, but none is from the domain in the From "
	  "header field. A special case of X.7.21.",
	  "550", "RFC 7372",
	  "Sign the message with DKIM as the domain in the From header "
	  "field" },
	{ "X.7.23", "SPF validation failed",
	  "The sender's SPF record does not authorize the sending IP address "
	  "(an SPF \"fail\"), and policy rejects that.",
	  "550", "RFC 7372",
	  "Send through a server that the sender domain's SPF record lists, "
	  "or add this server's IP address to the record" },
	{ "X.7.24", "SPF validation error",
	  "Evaluating the sender's SPF record produced an error, such as a DNS "
	  "failure or a broken record.",
	  "451, 550", "RFC 7372",
	  "Fix the sender domain's SPF record or its DNS; an error from a "
	  "DNS time-out passes when retried" },
	{ "X.7.25", "Reverse DNS validation failed",
	  "The client's IP address has no matching reverse DNS name, which local "
	  "policy requires.",
	  "550", "RFC 7372",
	  "Give the sending IP address a reverse DNS (PTR) name that "
	  "resolves back to the same address" },
	{ "X.7.26", "Multiple authentication checks failed",
	  "More than one authentication check (SPF, DKIM, DMARC…) failed; the "
	  "server does not say which.",
	  "550", "RFC 7372",
	  "Make SPF, DKIM and DMARC pass for the sender domain: send "
	  "through its own servers, signed with its key" },
	{ "X.7.27", "Sender address has null MX",
	  "The sender's domain publishes a null MX, so it could never receive a "
	  "bounce; the server refuses mail from it.",
	  "550", "RFC 7505",
	  "Send from an address whose domain can receive mail; a null MX "
	  "domain can never get bounces" },
	{ "X.7.28", "Mail flood detected",
	  "The message looks like part of a flood of similar messages, such as "
	  "a subscription bombing attack.",
	  "450, 550", "draft-levine-mailbomb-header", NULL },
	{ "X.7.29", "ARC validation failure",
	  "The message's Authenticated Received Chain did not validate and "
	  "policy rejects it.",
	  "550", "RFC 8617", NULL },
	{ "X.7.30", "REQUIRETLS support required",
	  "The message was sent with REQUIRETLS and the next hop does not "
	  "support it, so it cannot be passed on.",
	  "550", "RFC 8689",
	  "Send without REQUIRETLS, or by a route where every server "
	  "supports it" },
};
const size_t cat_data_enh_count = COUNT(cat_data_enh);

/* --- mail ports ------------------------------------------------------------ */

const struct cat_port cat_data_ports[] = {
	{ 25, "SMTP", "STARTTLS (optional)",
	  "Server-to-server delivery (MTA relay)",
	  "RFC 5321; RFC 3207",
	  "Where mail servers deliver to each other, found through the "
	  "recipient domain's MX records. Encryption is opportunistic: STARTTLS "
	  "is used when both sides offer it. Many ISPs block outbound port 25 "
	  "from home connections to stop spam from infected computers." },
	{ 465, "SMTPS (submissions)", "Implicit TLS",
	  "Client submission over TLS (recommended by RFC 8314)",
	  "RFC 8314 §3.3, §7.3",
	  "TLS starts with the first byte, before any SMTP is spoken, so "
	  "nothing can be stripped by an attacker. Once deprecated, it was "
	  "registered again for submission by RFC 8314, which prefers it to "
	  "STARTTLS for mail clients." },
	{ 587, "Submission", "STARTTLS",
	  "Client submission",
	  "RFC 6409; RFC 8314 §3.3",
	  "Where mail clients hand new messages to their provider. RFC 6409 "
	  "requires AUTH before MAIL FROM (§4.3), lets the server check that "
	  "the sender address belongs to the account (§6.1, a MAY) and lists "
	  "STARTTLS as a MAY (§7); RFC 8314 §3.3 asks for TLS on both 587 and "
	  "465, so submission servers commonly refuse AUTH before STARTTLS. "
	  "Open on most networks that block 25." },
	{ 2525, "SMTP (alternative)", "STARTTLS",
	  "Alternative when 25/587 are blocked by the ISP",
	  "none: a convention, not IANA-assigned",
	  "Not a standard port, but offered by many mail services and hosting "
	  "providers as a fallback when a network blocks the usual ones. It "
	  "behaves like 587: STARTTLS, then AUTH." },
	{ 110, "POP3", "STARTTLS (STLS)",
	  "Mail retrieval: download and usually delete",
	  "RFC 1939; RFC 2595",
	  "Post Office Protocol: a client downloads the messages in a mailbox. "
	  "Not part of sending mail; shown here because SMTP only delivers and "
	  "a reader needs POP3 or IMAP to fetch mail. STLS upgrades to TLS." },
	{ 995, "POP3S", "Implicit TLS",
	  "Mail retrieval over TLS",
	  "RFC 8314",
	  "POP3 inside TLS from the first byte. RFC 8314 recommends implicit "
	  "TLS like this over STLS on port 110." },
	{ 143, "IMAP", "STARTTLS",
	  "Mail access: folders stay on the server",
	  "RFC 9051; RFC 3501",
	  "Internet Message Access Protocol: the mailbox stays on the server "
	  "and several clients see the same folders and read state. Upgraded "
	  "to TLS with the STARTTLS command." },
	{ 993, "IMAPS", "Implicit TLS",
	  "Mail access over TLS",
	  "RFC 8314",
	  "IMAP inside TLS from the first byte; what mail clients use by "
	  "default today." },
	{ 53, "DNS", "none (DNSSEC signs, does not encrypt)",
	  "MX, SPF, DKIM and DMARC look-ups",
	  "RFC 1035; RFC 5321 §5.1; RFC 7505",
	  "Before delivering, a server asks DNS for the recipient domain's MX "
	  "records (falling back to its address records). A null MX says the "
	  "domain takes no mail. Receivers also use DNS for SPF, DKIM keys, "
	  "DMARC policy and blocklists." },
};
const size_t cat_data_ports_count = COUNT(cat_data_ports);

/* --- class and subject texts ---------------------------------------------- */

const char *cat_reply_class(int d)
{
	switch (d) {
	case 1: return "Positive preliminary (not used by SMTP)";
	case 2: return "Positive completion";
	case 3: return "Positive intermediate";
	case 4: return "Transient negative completion";
	case 5: return "Permanent negative completion";
	}
	return NULL;
}

const char *cat_reply_class_detail(int d)
{
	switch (d) {
	case 1: return "SMTP defines no 1yz replies; a server should not send one.";
	case 2: return "The command succeeded; go on with the next one.";
	case 3: return "The command was accepted and the server is waiting for more "
		       "(message text after DATA, the next AUTH step).";
	case 4: return "The command failed for now; the same command may succeed "
		       "later, so a sending server keeps the message and retries.";
	case 5: return "The command failed for good; sending it again unchanged "
		       "will fail again, so something must change first.";
	}
	return NULL;
}

const char *cat_reply_category(int d)
{
	switch (d) {
	case 0: return "Syntax";
	case 1: return "Information";
	case 2: return "Connections";
	case 3: return "Unspecified (3)";
	case 4: return "Unspecified (4)";
	case 5: return "Mail system";
	}
	return NULL;
}

const char *cat_class_meaning(int cls)
{
	switch (cls) {
	case 2: return "Success";
	case 4: return "Persistent transient failure";
	case 5: return "Permanent failure";
	}
	return NULL;
}

const char *cat_class_detail(int cls)
{
	switch (cls) {
	case 2: return "The action was carried out; a detail may note a change made "
		       "on the way.";
	case 4: return "The message is valid, but a condition that may pass stopped "
		       "it; sending later may succeed.";
	case 5: return "Resending the message as it is will not succeed; the message "
		       "or the destination must change.";
	}
	return NULL;
}

const char *cat_subject_meaning(int subj)
{
	switch (subj) {
	case 0: return "Other or undefined status";
	case 1: return "Addressing status";
	case 2: return "Mailbox status";
	case 3: return "Mail system status";
	case 4: return "Network and routing status";
	case 5: return "Mail delivery protocol status";
	case 6: return "Message content or media status";
	case 7: return "Security or policy status";
	}
	return NULL;
}

const char *cat_subject_detail(int subj)
{
	switch (subj) {
	case 0: return "No more information about the subject is available.";
	case 1: return "About the sender or recipient address: its syntax or "
		       "whether it exists. The sender can usually correct it.";
	case 2: return "About the recipient's mailbox: full, disabled, moved. "
		       "Mostly in the recipient's hands.";
	case 3: return "About the receiving mail system as a whole: storage, size "
		       "limits, configuration. In its administrator's hands.";
	case 4: return "About the network or routing between systems: DNS, "
		       "connections, loops, timeouts.";
	case 5: return "About the SMTP dialogue itself: commands, syntax, "
		       "sequence, limits.";
	case 6: return "About the message content: its media type or a conversion "
		       "it needed.";
	case 7: return "About security or policy: authentication, encryption, "
		       "filtering, reputation.";
	}
	return NULL;
}
