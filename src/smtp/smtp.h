/* smtp.h — the protocol engine: an RFC 5321 server session fed client lines,
 * answering through an event sink the caller supplies.
 *
 * Pure C: no curses, no cJSON, no sockets, no global mutable state. A
 * struct smtp_server holds what sessions share (profile, scenarios, rules,
 * the greylist table, the clock); many sessions may live at once. */
#ifndef SMTP_SMTP_H
#define SMTP_SMTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* RFC 5321 §4.5.3.1 limits (line limits include the CRLF). */
enum {
	SMTP_CMD_LINE_MAX = 512,   /* §4.5.3.1.4 command line */
	SMTP_TEXT_LINE_MAX = 1000, /* §4.5.3.1.6 text line */
	SMTP_REPLY_LINE_MAX = 512, /* §4.5.3.1.5 reply line */
	SMTP_LOCAL_MAX = 64,       /* §4.5.3.1.1 local-part */
	SMTP_DOMAIN_MAX = 255,     /* §4.5.3.1.2 domain */
	SMTP_PATH_MAX = 256,       /* §4.5.3.1.3 path, with the brackets */
	SMTP_RCPT_MAX = 100,       /* §4.5.3.1.8 at least 100 recipients */
	SMTP_ERRORS_MAX = 20,      /* errors before 421 and close */
	SMTP_ENVID_MAX = 100,      /* RFC 3461 §4.4 ENVID, encoded */
	SMTP_ORCPT_MAX = 500,      /* RFC 3461 §4.2 ORCPT, encoded */
};

/* Session states. Every change is reported as an SMTP_EV_STATE event. */
#define SMTP_STATES(X)                                                        \
	X(INIT, "init", "before the greeting")                                \
	X(GREETED, "greeted", "greeting sent: HELO or EHLO first")            \
	X(READY, "ready", "after HELO/EHLO: MAIL FROM to start a message")    \
	X(MAIL, "mail", "after MAIL: RCPT TO next")                           \
	X(RCPT, "rcpt", "after RCPT: another RCPT TO or DATA")                \
	X(DATA, "data", "message text: end with a line holding only \".\"")  \
	X(BDAT, "bdat", "inside a BDAT chunk: the declared octets are message text, whatever they hold") \
	X(AUTH, "auth", "inside AUTH: answer the 334 challenge in base64")    \
	X(BLOCKED, "blocked", "rejected at connect: only QUIT is useful")     \
	X(CLOSED, "closed", "connection closed")

enum smtp_state {
#define X(id, name, hint) SMTP_STATE_##id,
	SMTP_STATES(X)
#undef X
	SMTP_STATE_COUNT
};

/* Commands, and the pseudo-commands a reply can answer (CONNECT for the
 * greeting, DOT for the end of message text, AUTH_DATA for a line sent in
 * answer to a 334 challenge, LINE for an over-long or unparsable line). */
#define SMTP_COMMANDS(X)                                                      \
	X(NONE, "")                                                           \
	X(CONNECT, "CONNECT")                                                 \
	X(HELO, "HELO")                                                       \
	X(EHLO, "EHLO")                                                       \
	X(MAIL, "MAIL")                                                       \
	X(RCPT, "RCPT")                                                       \
	X(DATA, "DATA")                                                       \
	X(DOT, "DOT")                                                         \
	X(RSET, "RSET")                                                       \
	X(NOOP, "NOOP")                                                       \
	X(VRFY, "VRFY")                                                       \
	X(EXPN, "EXPN")                                                       \
	X(HELP, "HELP")                                                       \
	X(QUIT, "QUIT")                                                       \
	X(STARTTLS, "STARTTLS")                                               \
	X(AUTH, "AUTH")                                                       \
	X(AUTH_DATA, "AUTH-DATA")                                             \
	X(BDAT, "BDAT")                                                       \
	X(UNKNOWN, "UNKNOWN")                                                 \
	X(LINE, "LINE")

enum smtp_cmd {
#define X(id, name) SMTP_CMD_##id,
	SMTP_COMMANDS(X)
#undef X
	SMTP_CMD_COUNT
};

/* Why the engine gave a reply: the coach explains error replies with
 * these ("503: RCPT before MAIL — the envelope starts with MAIL FROM").
 * smtp_why_text() returns the sentence. */
#define SMTP_WHYS(X)                                                          \
	X(OK, "the command was accepted")                                     \
	X(GREETING, "the server greets every new connection")                 \
	X(RULE, "a rule given with -r chose this reply")                      \
	X(UNKNOWN_CMD, "the server does not know this command")               \
	X(LINE_TOO_LONG, "the line is longer than RFC 5321 allows (512 octets for a command, 1000 for a text line)") \
	X(BAD_BYTES, "the line holds control or non-ASCII bytes that no SMTP command may contain") \
	X(EMPTY_LINE, "an empty line is not a command")                       \
	X(NEED_HELO, "the server wants HELO or EHLO before any mail command") \
	X(HELO_NO_DOMAIN, "HELO and EHLO need your host name (or an address literal) after them") \
	X(NESTED_MAIL, "a transaction is already open: one MAIL FROM per message; RSET starts over") \
	X(RCPT_BEFORE_MAIL, "RCPT before MAIL: the envelope starts with MAIL FROM") \
	X(DATA_BEFORE_MAIL, "DATA before MAIL: give the sender and the recipients first") \
	X(DATA_NO_RCPT, "DATA with no accepted recipient: nobody to deliver to") \
	X(MAIL_SYNTAX, "MAIL needs FROM:<address> (the angle brackets are required)") \
	X(RCPT_SYNTAX, "RCPT needs TO:<address> (the angle brackets are required)") \
	X(BAD_ADDRESS, "the address is not valid RFC 5321 syntax")            \
	X(BAD_SENDER, "the sender address is not valid RFC 5321 syntax")      \
	X(BAD_RECIPIENT, "the recipient address is not valid RFC 5321 syntax") \
	X(ADDRESS_TOO_LONG, "a local-part may have 64 octets, a domain 255, a path 256") \
	X(BAD_PARAM, "the server does not know this MAIL/RCPT parameter")     \
	X(PARAM_SYNTAX, "the parameter's value is malformed")                  \
	X(SIZE_DECLARED, "the SIZE= you declared is over the server's limit")  \
	X(SIZE_EXCEEDED, "the message is larger than the server's SIZE limit") \
	X(NO_SUCH_USER, "there is no mailbox of that name in this domain")     \
	X(RELAY_DENIED, "this server only accepts mail for its own domain unless you authenticate") \
	X(TOO_MANY_RCPT, "more recipients than the server takes in one transaction") \
	X(PARAM_NOT_ALLOWED, "this command takes no argument")                \
	X(VRFY_NO_CONFIRM, "servers do not confirm mailboxes to strangers; RCPT is the real test") \
	X(EXPN_DISABLED, "EXPN would reveal mailing list members, so it is disabled") \
	X(TOO_MANY_ERRORS, "too many errors on one connection: the server hangs up") \
	X(NOT_IMPLEMENTED, "the server does not offer this extension")        \
	X(TLS_ACTIVE, "TLS is already active on this connection")            \
	X(TLS_REQUIRED, "this port wants STARTTLS before authentication")     \
	X(AUTH_REQUIRED, "this port only relays for authenticated users: AUTH first") \
	X(AUTH_ALREADY, "you are already authenticated on this connection")  \
	X(AUTH_IN_TRANSACTION, "AUTH is not allowed while a transaction is open") \
	X(AUTH_MECH, "the server does not offer this AUTH mechanism")         \
	X(AUTH_CANCELLED, "the client sent * to cancel the AUTH exchange")    \
	X(AUTH_BASE64, "the answer was not valid base64")                     \
	X(AUTH_FAILED, "the user name or password is wrong")                 \
	X(AUTH_CONTINUE, "the server wants the next piece of the credentials, in base64") \
	X(NOT_OWNER, "an authenticated user may only send from their own address") \
	X(BLOCKED, "the client's address is on a blocklist: the server refuses to talk") \
	X(OVERLOADED, "the server is overloaded and turns connections away")  \
	X(GREYLISTED, "greylisting: an unknown sender/recipient pair must retry later") \
	X(LOCAL_ERROR, "the server failed to store the message (a local error)") \
	X(MAILBOX_FULL, "the recipient's mailbox is over its quota")          \
	X(USER_MOVED, "the user has moved; the server names the new address") \
	X(WILL_FORWARD, "the user is not local, but the server will forward") \
	X(NULL_MX, "the recipient domain publishes a null MX: it accepts no mail") \
	X(BAD_SEQUENCE, "that command is not valid at this point of the dialogue") \
	X(SHUTDOWN, "the server is shutting down")                            \
	X(TIMEOUT, "the client was idle for too long")                        \
	X(BARE_LF, "a bare LF (without CR) in message text: only CRLF ends a line on the wire") \
	X(NEED_SMTPUTF8, "a non-ASCII address needs the SMTPUTF8 parameter on MAIL FROM") \
	X(SPACE_AFTER_COLON, "RFC 5321 has no space after the colon (MAIL FROM:<a@b>); most servers tolerate it, strict ones refuse") \
	X(DOT_SPACES, "a \".\" with spaces beside it is message text, not the end: the end is a line holding only \".\"") \
	X(COMMAND_IN_DATA, "inside DATA every line is message text, even one that looks like a command: the message ends with a line holding only \".\"") \
	X(HEADER_AS_COMMAND, "that looks like a message header: headers go inside DATA, after the 354") \
	X(SPF_FAIL, "the sender's domain does not authorise this client (SPF)") \
	X(DMARC_REJECT, "the From: domain publishes a DMARC policy of reject, and neither SPF nor DKIM passed for that domain") \
	X(NULL_MX_SENDER, "the sender's domain publishes a null MX, so bounces could never reach it") \
	X(BDAT_SYNTAX, "BDAT needs the chunk's size in octets, then LAST on the final chunk: BDAT 1234 LAST") \
	X(DATA_AFTER_BDAT, "BDAT and DATA cannot be mixed in one message (RFC 3030): send the rest with BDAT, or RSET") \
	X(RCPT_AFTER_BDAT, "the recipients come before the first BDAT chunk; RSET starts over") \
	X(BINARYMIME_DATA, "BODY=BINARYMIME text can only be sent with BDAT, never with DATA (RFC 3030 §3)") \
	X(CHUNK_TOO_BIG, "the chunk alone is larger than the server's SIZE limit") \
	X(DSN_PARAM, "a DSN parameter (RET, ENVID, NOTIFY, ORCPT) is malformed or given twice (RFC 3461)") \
	X(TOKEN_INVALID, "the OAuth token is expired or unknown: the mail program must fetch a new one (the browser login)")

enum smtp_why {
#define X(id, text) SMTP_WHY_##id,
	SMTP_WHYS(X)
#undef X
	SMTP_WHY_COUNT
};

struct smtp_reply {
	int code;              /* 250 */
	const char *enh;       /* "2.1.0", or "" when none is sent */
	const char *text;      /* the text after code and enhanced code;
	                        * several lines are joined by '\n' */
	const char *wire;      /* exact bytes to send, CRLF line ends */
	size_t wire_len;
	enum smtp_cmd cmd;     /* the command this answers */
	enum smtp_why why;     /* why this reply (for the coach) */
	const char *decoded;   /* 334: the challenge decoded ("Username:"),
	                        * else NULL */
};

/* DSN requests of RFC 3461. */
enum smtp_ret { SMTP_RET_NONE, SMTP_RET_FULL, SMTP_RET_HDRS };
enum {
	SMTP_NOTIFY_NEVER = 1u << 0,
	SMTP_NOTIFY_SUCCESS = 1u << 1,
	SMTP_NOTIFY_FAILURE = 1u << 2,
	SMTP_NOTIFY_DELAY = 1u << 3,
};

/* What the client asked about one recipient, and what became of it. */
struct smtp_rcpt_info {
	unsigned notify;             /* SMTP_NOTIFY_* bits; 0: not given */
	const char *orcpt_type;      /* ORCPT= address type ("rfc822"), or NULL */
	const char *orcpt;           /* ORCPT= address, decoded, or NULL */
	bool bounced;                /* accepted, then found undeliverable
	                              * (bounce-after-accept): not delivered,
	                              * a failure DSN goes to the sender */
	bool delayed;                /* accepted, but its delivery is deferred
	                              * (delivery-delayed): not delivered yet;
	                              * a delay DSN goes to the sender when
	                              * NOTIFY asked for DELAY */
	const char *status;          /* bounced: "5.2.2", delayed: "4.4.1",
	                              * else "2.0.0" */
	const char *diagnostic;      /* bounced: "smtp; 552 5.2.2 ...", else NULL */
};

struct smtp_message {
	const char *helo;            /* as the client gave it */
	const char *mail_from;       /* path without <>; "" = null sender */
	const char *const *rcpt;     /* paths without <> */
	size_t nrcpt;
	const char *data;            /* unstuffed text, CRLF line ends */
	size_t size;
	size_t header_len;           /* bytes before the empty line that
	                              * ends the header section (== size when
	                              * there is no body) */
	bool tls;                    /* TLS was active */
	const char *auth_user;       /* NULL unless authenticated */
	const char *client_addr;     /* from the session options */
	bool eightbit;               /* BODY=8BITMIME or SMTPUTF8 given */
	const char *queue_id;        /* the id a 250 will give ("queued as ...") */
	/* RFC 3030 and RFC 3461 */
	bool chunked;                /* sent with BDAT: data is exactly the
	                              * chunks' octets (no dot-stuffing) */
	bool binarymime;             /* BODY=BINARYMIME: store the octets as
	                              * they are, line ends included */
	enum smtp_ret ret;           /* RET= of MAIL */
	const char *envid;           /* ENVID= decoded, or NULL */
	const struct smtp_rcpt_info *info; /* nrcpt entries, parallel to rcpt */
};

enum smtp_event_type {
	SMTP_EV_REPLY,    /* .reply: send it */
	SMTP_EV_STATE,    /* .from -> .to */
	SMTP_EV_TLS,      /* STARTTLS accepted: the 220 has been emitted;
	                   * start the handshake before reading further */
	SMTP_EV_AUTH,     /* .user authenticated (.ok) or failed (!ok) */
	SMTP_EV_AUTH_LINE,/* .text: the client's AUTH answer decoded, with the
	                   * password masked, for display */
	SMTP_EV_MESSAGE,  /* .msg accepted: deliver it now. The sink returns
	                   * non-zero when delivery failed; the engine then
	                   * answers 451 4.3.0 instead of 250 */
	SMTP_EV_NOTE,     /* .why/.text: something worth pointing out that is
	                   * not an error (a space after "MAIL FROM:", a bare
	                   * LF in message text, a "." with trailing spaces) */
	SMTP_EV_CLOSE,    /* the server closes the connection (after 221/421) */
	SMTP_EV_COMMAND,  /* .cmd/.text: a command line was parsed: the verb
	                   * known, tabs made spaces, blanks trimmed */
	SMTP_EV_DSN,      /* .dsn: the simulated world sends a delivery status
	                   * notification (RFC 3464) to the message's sender,
	                   * after the reply that accepted the message */
	SMTP_EV_LINE,     /* .line: a line the client sent, as the engine read
	                   * it, before it is handled (so before the replies,
	                   * notes and states it causes): the one echo of the
	                   * client's side, AUTH credentials masked */
};

/* What a client line was to the engine. */
enum smtp_line_kind {
	SMTP_LINE_COMMAND,        /* a command (or an unparsable line) */
	SMTP_LINE_TEXT,           /* message text after DATA's 354, the
	                           * final "." included */
	SMTP_LINE_AUTH,           /* an answer to AUTH's 334 challenge */
	SMTP_LINE_CHUNK,          /* a line given to smtp_session_feed_line
	                           * inside a BDAT chunk: its octets and CRLF
	                           * are chunk data (the octets that
	                           * smtp_session_feed takes raw are no line
	                           * and have no event) */
};

/* A client line (SMTP_EV_LINE). Lines that the engine ignores (before the
 * greeting, after the close, after STARTTLS before the handshake) have
 * no event. */
struct smtp_line {
	enum smtp_line_kind kind;
	const char *text;         /* what may be shown, without the line end
	                           * (NUL-ended, but it may hold any byte, NUL
	                           * included: use .len). Masked, it stops
	                           * before the credentials */
	size_t len;               /* octets in .text: at most
	                           * SMTP_TEXT_LINE_MAX, less when masked */
	size_t total;             /* the whole line's octets, line end not
	                           * counted: more than .len when the line
	                           * was cut or masked */
	bool masked;              /* AUTH credentials left out: of an AUTH
	                           * command everything after the mechanism
	                           * ("AUTH PLAIN"), of an answer to a 334
	                           * all of it (.len 0), except a lone "*"
	                           * (the client cancels) */
	const char *raw;          /* the line unmasked, credentials and all:
	                           * for a local echo to the person who typed
	                           * it (the learner's own transcript, a
	                           * replay file of their session); never for
	                           * logs. Not NUL-ended: use .raw_len. .text
	                           * is always a prefix of it */
	size_t raw_len;           /* octets at .raw: at most
	                           * SMTP_TEXT_LINE_MAX (.total tells when the
	                           * line was cut) */
};

/* A delivery status notification, as the server would mail it. */
struct smtp_dsn {
	const char *action;          /* "failed", "delayed" or "delivered"
	                              * (RFC 3464 §2.3.3) */
	const char *to;              /* the original envelope sender */
	bool to_local;               /* a mailbox of the simulated domain:
	                              * serve delivers it to that Maildir */
	const char *subject;         /* its Subject: */
	const char *const *rcpt;     /* the recipients it reports on */
	const char *const *status;   /* each one's Status: ("5.2.2") */
	size_t nrcpt;
	const char *queue_id;        /* the original message's queue id */
	const char *text;            /* the whole message: headers, the three
	                              * MIME parts; CRLF line ends */
	size_t size;
	const struct smtp_message *msg; /* the same as a message from <> to
	                              * .to, for Maildir delivery */
};

struct smtp_event {
	enum smtp_event_type type;
	const struct smtp_reply *reply;  /* REPLY */
	enum smtp_state from, to;        /* STATE */
	const struct smtp_message *msg;  /* MESSAGE */
	const char *user;                /* AUTH */
	bool ok;                         /* AUTH */
	enum smtp_cmd cmd;               /* COMMAND */
	enum smtp_why why;               /* NOTE */
	const char *text;                /* NOTE, AUTH_LINE, COMMAND (AUTH:
	                                  * masked like .line) */
	const struct smtp_dsn *dsn;      /* DSN */
	const struct smtp_line *line;    /* LINE; COMMAND: the line it was
	                                  * parsed from */
};

/* The sink: called synchronously from inside the feed functions. Every
 * pointer in the event is borrowed and valid only during the call. Return
 * 0, except for a MESSAGE that could not be delivered. */
typedef int (*smtp_sink_fn)(void *ctx, const struct smtp_event *ev);

/* --- profiles and scenarios ----------------------------------------- */

struct smtp_profile {
	const char *name;         /* "mta" */
	const char *host;         /* "mx.example.com" */
	int port;                 /* 25 */
	const char *summary;      /* one line for --help and the UI */
	bool starttls;            /* STARTTLS offered */
	bool implicit_tls;        /* TLS from the first byte (465) */
	bool submission;          /* AUTH required before MAIL; relay when
	                           * authenticated; sender must be owned */
	bool auth_needs_tls;      /* AUTH hidden and refused before TLS */
	bool auth;                /* AUTH offered at all */
	unsigned long max_size;   /* SIZE */
	bool oauth;               /* AUTH OAUTHBEARER and XOAUTH2 offered */
};

/* The profile table. smtp_profile_find returns NULL for an unknown name. */
size_t smtp_profile_count(void);
const struct smtp_profile *smtp_profile_at(size_t i);
const struct smtp_profile *smtp_profile_find(const char *name);

struct smtp_scenario {
	const char *name;         /* "greylist" */
	const char *summary;      /* what it causes: "450 4.2.0 at the first RCPT ..." */
};
size_t smtp_scenario_count(void);
const struct smtp_scenario *smtp_scenario_at(size_t i);

/* The mailboxes of the simulated domain and the AUTH accounts, for
 * completion and the lessons. NULL-terminated, static. */
const char *const *smtp_known_addresses(void);
/* Whether USER names an AUTH account (its address or local-part): after
 * a 535 it tells a wrong user name from a wrong password. */
bool smtp_account_known(const char *user);
/* The simulated OAuth 2.0 bearer tokens (RFC 6750) that OAUTHBEARER and
 * XOAUTH2 accept: NULL-terminated {token, account, "valid"|"expired"}
 * triples, static, for the documentation and the lessons. */
const char *const *smtp_oauth_tokens(void);
/* Whether DOMAIN is one the simulated server is the final destination for
 * (example.com and the profiles' host names); a trailing dot is allowed. */
bool smtp_domain_is_local(const char *domain);

/* --- the server: what sessions share ---------------------------------- */

struct smtp_server;

/* A server for PROFILE (NULL: "mta"). Returns NULL and writes a message to
 * err when the profile is unknown. The caller frees it with
 * smtp_server_free after its sessions. */
struct smtp_server *smtp_server_new(const char *profile, char *err, size_t errlen);
void smtp_server_free(struct smtp_server *srv);
const struct smtp_profile *smtp_server_profile(const struct smtp_server *srv);

/* Turn a scenario on or off by name. -1 and a message for an unknown one. */
int smtp_server_scenario(struct smtp_server *srv, const char *name, bool on,
                         char *err, size_t errlen);
bool smtp_server_has_scenario(const struct smtp_server *srv, const char *name);

/* Add a rule 'STAGE[:MATCH]=CODE [ENH] [TEXT]'. -1 and a message naming
 * what is wrong when it is malformed. */
int smtp_server_add_rule(struct smtp_server *srv, const char *spec,
                         char *err, size_t errlen);

/* The clock: real time plus an offset the caller can advance (":wait 5m").
 * With real=false the clock starts at a fixed epoch and only moves when
 * advanced, so simulated sessions are reproducible. */
void smtp_server_set_real_clock(struct smtp_server *srv, bool real);
void smtp_server_advance(struct smtp_server *srv, long seconds);
int64_t smtp_server_now(const struct smtp_server *srv);
/* The greylist delay in seconds (default 300). */
void smtp_server_set_greylist_delay(struct smtp_server *srv, long seconds);
/* Number queue ids from *counter (the caller's, borrowed: it must outlive
 * srv) instead of the server's own, so that several servers of one process
 * (the listeners of `serve`) never hand out the same id. NULL: its own. */
void smtp_server_share_queue_counter(struct smtp_server *srv, unsigned long *counter);

/* --- sessions ------------------------------------------------------------ */

struct smtp_session_opts {
	const char *client_addr;   /* "192.0.2.10" (NULL: "192.0.2.10") */
	bool tls_active;           /* TLS from the first byte (smtps) */
	bool simulated_tls;        /* no real handshake: STARTTLS completes
	                            * at once (the 220 and SMTP_EV_TLS are
	                            * still emitted; tls_done is not needed) */
	bool strict_data_crlf;     /* smtp_session_feed: in DATA only CRLF
	                            * ends a line; a bare LF is kept as text
	                            * and reported (SMTP smuggling defence) */
};

struct smtp_session;

/* A new session on SRV (borrowed; must outlive the session). OPTS may be
 * NULL. Nothing is emitted until smtp_session_start. */
struct smtp_session *smtp_session_new(struct smtp_server *srv,
                                      const struct smtp_session_opts *opts,
                                      smtp_sink_fn sink, void *ctx);
void smtp_session_free(struct smtp_session *s);

/* Emit the greeting (220, or 421/554 in the scenarios that say so). */
void smtp_session_start(struct smtp_session *s);

/* Feed one line, without its line ending. In DATA state the line is
 * message text. Lines over the RFC limit are answered, not cut. */
void smtp_session_feed_line(struct smtp_session *s, const char *line, size_t len);

/* Feed raw bytes as they arrive: the engine splits lines (LF or CRLF;
 * see strict_data_crlf), bounds its buffer and answers over-long lines.
 * Returns the number of bytes consumed: less than n only when the
 * session stopped reading (closed, or waiting for a TLS handshake after
 * STARTTLS — the caller must discard or re-feed the rest after it). */
size_t smtp_session_feed(struct smtp_session *s, const char *buf, size_t n);
/* Lines separated by '\n' (LINES, N bytes), sent in one write with CRLF
 * after each, as a client using PIPELINING (RFC 2920) sends a group of
 * commands: the replies come back together. For the lessons' and free
 * play's :batch. */
void smtp_session_feed_group(struct smtp_session *s, const char *lines, size_t n);

/* In a BDAT chunk, the octets still to come (0 otherwise). While it is
 * not 0, smtp_session_feed takes that many octets as message text,
 * whatever they hold, and smtp_session_feed_line appends the line and a
 * CRLF (as much as fits: what is left over is read as the next command,
 * as it would be on the wire). */
uint64_t smtp_session_chunk_left(const struct smtp_session *s);

/* Signal the end of input (EOF or disconnect): an open DATA is dropped,
 * never delivered. */
void smtp_session_eof(struct smtp_session *s);

/* The server closes: 421 4.3.2 (shutdown) or 421 4.4.2 (idle timeout). */
void smtp_session_shutdown(struct smtp_session *s, enum smtp_why why);

/* The TLS handshake the caller ran after SMTP_EV_TLS succeeded; the
 * session may read again. (In the simulation it is implied.) */
void smtp_session_tls_done(struct smtp_session *s);

enum smtp_state smtp_session_state(const struct smtp_session *s);
bool smtp_session_tls(const struct smtp_session *s);
const char *smtp_session_auth_user(const struct smtp_session *s); /* or NULL */
size_t smtp_session_rcpt_count(const struct smtp_session *s);
bool smtp_session_closed(const struct smtp_session *s);
/* What the server expects now, e.g. "after RCPT: another RCPT TO or DATA". */
const char *smtp_session_expects(const struct smtp_session *s);

/* --- names ---------------------------------------------------------------- */

const char *smtp_state_name(enum smtp_state st);   /* "rcpt" */
int smtp_state_from_name(const char *name);         /* -1 if unknown */
const char *smtp_cmd_name(enum smtp_cmd c);         /* "RCPT" */
const char *smtp_why_text(enum smtp_why w);
const char *smtp_why_name(enum smtp_why w);         /* "RCPT_BEFORE_MAIL" */

/* --- enhanced status codes (RFC 3463) ------------------------------------ */

/* Parse the whole string S as an enhanced status code, class "." subject
 * "." detail, subject and detail of 1 to 3 digits: "5.1.1", "4.7.0".
 * The class is 2, 4 or 5, or (when X_OK) "X" or "x", given as 0. The
 * parts go to CLS, SUBJECT and DETAIL (each may be NULL). The one parser
 * the engine's rules, the catalog and the lesson loader use. */
bool smtp_enh_parse(const char *s, bool x_ok, int *cls, int *subject, int *detail);

/* --- base64 (RFC 4648), used by AUTH and by the UI --------------------- */

/* Encode n bytes into out (size >= 4*((n+2)/3)+1). Returns the length. */
size_t smtp_b64_encode(const void *in, size_t n, char *out);
/* Decode into out (size >= 3*(n/4)+3). Returns the length, or -1 for bad
 * input. Whitespace is not allowed. */
long smtp_b64_decode(const char *in, size_t n, unsigned char *out);

#endif
