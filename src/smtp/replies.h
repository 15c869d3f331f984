/* replies.h — every reply the engine gives: code, enhanced code, text.
 * Each is a macro expanding to the last three arguments of reply(), so the
 * texts stay in one table and printf formats are still checked at each use.
 * Texts follow Postfix's where RFC 5321 leaves the wording free.
 * The greeting, and with it a 421 or 554 sent instead of a 220, carries no
 * enhanced code: RFC 2034 §3 exempts it (and the replies to HELO and EHLO),
 * since the client cannot yet know whether the server has the extension.
 * RFC 5321 §4.2.2 and §4.3.1 put the server's name first in the greeting. */
#ifndef SMTP_REPLIES_H
#define SMTP_REPLIES_H

/* connection */
#define R_GREETING        220, "", "%s ESMTP smtpsim"
#define R_OVERLOADED      421, "", "%s Service not available, closing transmission channel"
#define R_BLOCKED         554, "", "%s No SMTP service here; client host [%s] blocked using a DNS blocklist (zen.dnsbl.example)"
#define R_BLOCKED_RCPT    550, "5.7.1", "<%s>: Client host rejected: [%s] blocked using a DNS blocklist (zen.dnsbl.example)"
#define R_BLOCKED_CMD     503, "5.5.1", "Error: access denied; this connection was rejected, only QUIT is accepted"
#define R_TOO_MANY_ERRORS 421, "4.7.0", "%s Error: too many errors"
#define R_SHUTDOWN        421, "4.3.2", "%s Service shutting down, closing transmission channel"
#define R_TIMEOUT         421, "4.4.2", "%s Error: timeout exceeded"
#define R_BYE             221, "2.0.0", "Bye"

/* syntax */
#define R_UNKNOWN         500, "5.5.2", "Error: command not recognized"
#define R_BAD_SYNTAX      500, "5.5.2", "Error: bad syntax"
#define R_BAD_CONTROL     500, "5.5.2", "Error: bad syntax: control character in command"
#define R_BAD_UTF8        500, "5.5.2", "Error: bad UTF-8 syntax"
#define R_LINE_TOO_LONG   500, "5.5.0", "Error: line too long"
#define R_SYNTAX          501, "5.5.4", "Syntax: %s"
#define R_NOT_IMPLEMENTED 502, "5.5.1", "Error: command not implemented"
#define R_NEED_HELO       503, "5.5.1", "Error: send HELO/EHLO first"
#define R_IN_TRANSACTION  503, "5.5.1", "Error: MAIL transaction in progress"

/* HELO / EHLO */
#define R_HELO            250, "", "%s"

/* MAIL */
#define R_MAIL_OK         250, "2.1.0", "Ok"
#define R_NESTED_MAIL     503, "5.5.1", "Error: nested MAIL command"
#define R_BAD_SENDER_SYNTAX 501, "5.1.7", "Bad sender address syntax"
#define R_BAD_SIZE        501, "5.5.4", "Bad message size syntax"
#define R_BAD_BODY        501, "5.5.4", "Bad BODY keyword value"
#define R_BAD_SMTPUTF8    501, "5.5.4", "Bad SMTPUTF8 parameter: it takes no value"
#define R_BAD_PARAM       555, "5.5.4", "Unsupported option: %.*s"
#define R_NEED_SMTPUTF8   553, "5.6.7", "Must declare SMTPUTF8 to send unicode address"
#define R_SIZE_DECLARED   552, "5.3.4", "Message size exceeds fixed limit"
#define R_NEED_STARTTLS   530, "5.7.0", "Must issue a STARTTLS command first"
#define R_AUTH_REQUIRED   530, "5.7.0", "Authentication required"
#define R_NOT_OWNER       553, "5.7.1", "<%s>: Sender address rejected: not owned by user %s"
#define R_NULL_MX_SENDER  550, "5.7.27", "<%s>: Sender address rejected: Domain %.*s does not accept mail (nullMX)"
#define R_SPF_FAIL        550, "5.7.23", "<%s>: Sender address rejected: SPF fail: example.org does not designate %s as permitted sender"

/* RCPT */
#define R_RCPT_OK         250, "2.1.5", "Ok"
#define R_NEED_MAIL       503, "5.5.1", "Error: need MAIL command"
#define R_BAD_RCPT_SYNTAX 501, "5.1.3", "Bad recipient address syntax"
#define R_TOO_MANY_RCPT   452, "4.5.3", "Error: too many recipients"
#define R_NO_SUCH_USER    550, "5.1.1", "<%s>: Recipient address rejected: User unknown in local recipient table"
#define R_RELAY_DENIED    554, "5.7.1", "<%s>: Relay access denied"
#define R_NULL_MX         556, "5.1.10", "<%s>: Recipient address rejected: Domain %.*s does not accept mail (nullMX)"
#define R_GREYLISTED      450, "4.2.0", "<%s>: Recipient address rejected: Greylisted, try again later"
#define R_MAILBOX_FULL    452, "4.2.2", "<%s>: Recipient address rejected: Mailbox full"
/* 551 names the new address (RFC 5321 §3.4, §4.2.2); 5.1.6 would say
 * "No forwarding address" (RFC 3463 §3.2), so the detail is the generic one. */
#define R_USER_MOVED      551, "5.1.0", "<%s>: User not local; please try <%s>"
#define R_WILL_FORWARD    251, "2.1.5", "<%s>: User not local; will forward to <%s>"
#define R_RCPT_NO_MEMORY  452, "4.3.1", "Insufficient system storage"

/* DATA */
#define R_NEED_RCPT       503, "5.5.1", "Error: need RCPT command"
#define R_NO_VALID_RCPT   554, "5.5.1", "Error: no valid recipients"
#define R_DATA_GO         354, "", "End data with <CR><LF>.<CR><LF>"
#define R_QUEUED          250, "2.0.0", "Ok: queued as %s"
#define R_SIZE_EXCEEDED   552, "5.3.4", "Error: message file too big"
#define R_TEXT_TOO_LONG   500, "5.5.0", "Error: message text line too long"
#define R_LOCAL_ERROR     451, "4.3.0", "Error: queue file write error"
/* RFC 7489 §10.3 asks for the word DMARC in the text; the detail is
 * RFC 7372's X.7.26, since both SPF and DKIM failed for the From: domain. */
#define R_DMARC_REJECT    550, "5.7.26", "Error: message rejected by the DMARC policy of example.org (p=reject): no SPF or DKIM pass aligned with the From: domain"
#define R_OVER_QUOTA      552, "5.2.2", "<%s>: Mailbox full: user is over quota"

/* BDAT (RFC 3030). Each chunk is answered once its octets are read, an
 * error too: the octets must be consumed whatever the answer (§2). */
#define R_BDAT_SYNTAX     501, "5.5.4", "Syntax: BDAT count [LAST]"
#define R_CHUNK_OK        250, "2.0.0", "Ok: %llu bytes"
#define R_DATA_AFTER_BDAT 503, "5.5.1", "Error: DATA after BDAT"
#define R_RCPT_AFTER_BDAT 503, "5.5.1", "Error: RCPT after BDAT"
#define R_MAIL_AFTER_BDAT 503, "5.5.1", "Error: MAIL after BDAT"
/* RFC 3030 §3 asks for 503 when DATA follows BODY=BINARYMIME */
#define R_BINARYMIME_DATA 503, "5.5.1", "Error: BODY=BINARYMIME requires BDAT"
#define R_CHUNK_TOO_BIG   552, "5.3.4", "Chunk exceeds message size limit"

/* DSN parameters (RFC 3461): a malformed or repeated one */
#define R_BAD_RET         501, "5.5.4", "Bad RET parameter syntax"
#define R_BAD_ENVID       501, "5.5.4", "Bad ENVID parameter syntax"
#define R_BAD_NOTIFY      501, "5.5.4", "Error: Bad NOTIFY parameter syntax"
#define R_BAD_ORCPT       501, "5.5.4", "Error: Bad ORCPT parameter syntax"

/* other commands */
#define R_OK              250, "2.0.0", "Ok"
#define R_VRFY            252, "2.0.0", "%.256s: cannot VRFY user, but will accept message and attempt delivery"
#define R_EXPN            502, "5.5.1", "Error: EXPN command is disabled"
#define R_HELP            214, "2.0.0", "Commands: HELO EHLO MAIL RCPT DATA BDAT RSET NOOP VRFY EXPN HELP QUIT%s%s\nSee RFC 5321 for what each one does\nEnd of HELP info"

/* STARTTLS and AUTH */
#define R_STARTTLS        220, "2.0.0", "Ready to start TLS"
#define R_TLS_ACTIVE      503, "5.5.1", "Error: TLS already active"
/* AUTH where it is not offered, as Postfix answers it; AUTH before TLS on
 * a port that requires TLS gets R_NEED_STARTTLS (RFC 3207 §4). The 538 of
 * RFC 4954 §6 is kept there for historical purposes only. */
#define R_AUTH_DISABLED   503, "5.5.1", "Error: authentication not enabled"
#define R_AUTH_ALREADY    503, "5.5.1", "Error: already authenticated"
#define R_AUTH_MECH       504, "5.5.4", "Unsupported authentication mechanism"
#define R_AUTH_CANCELLED  501, "5.7.0", "Authentication aborted"
#define R_AUTH_BASE64     501, "5.5.2", "Cannot decode response"
#define R_AUTH_TOO_LONG   500, "5.5.6", "Authentication Exchange line is too long"
#define R_AUTH_FAILED     535, "5.7.8", "Error: authentication failed: authentication failure"
#define R_AUTH_OK         235, "2.7.0", "Authentication successful"
/* OAUTHBEARER (RFC 7628 §3.2.2) and XOAUTH2: a bad token is answered
 * with a 334 whose base64 holds a JSON error; the client answers it
 * (%x01, or an empty line for XOAUTH2) and then gets the 535. */
#define R_AUTH_TOKEN      535, "5.7.8", "Error: authentication failed: invalid or expired token"

#endif
