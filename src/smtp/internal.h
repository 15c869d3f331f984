/* internal.h — what the engine's own files share; not for callers. */
#ifndef SMTP_INTERNAL_H
#define SMTP_INTERNAL_H

#include "smtp/smtp.h"
#include "smtp/personality.h"

/* Scenario bits. The table in profile.c names them. */
enum {
	SC_GREYLIST = 1u << 0,
	SC_OVERLOADED = 1u << 1,
	SC_BLOCKED = 1u << 2,
	SC_LOCAL_ERROR = 1u << 3,
	SC_MAILBOX_FULL = 1u << 4,
	SC_USER_MOVED = 1u << 5,
	SC_NULL_MX = 1u << 6,
	SC_TINY_SIZE = 1u << 7,
	SC_SPF_FAIL = 1u << 8,
	SC_STRICT_ERRORS = 1u << 9,
	SC_FEW_RCPT = 1u << 10,
	SC_DMARC_REJECT = 1u << 11,
	SC_BOUNCE_AFTER_ACCEPT = 1u << 12,
	SC_DELIVERY_DELAYED = 1u << 13,
};

/* Scenario limits, lower than the RFC 5321 defaults of smtp.h. */
enum {
	STRICT_ERRORS_MAX = 3,  /* strict-errors: syntax and sequence errors */
	FEW_RCPT_MAX = 3,       /* few-recipients: recipients per transaction */
};

enum rule_stage {
	STAGE_CONNECT, STAGE_HELO, STAGE_EHLO, STAGE_MAIL, STAGE_RCPT,
	STAGE_DATA, STAGE_DOT, STAGE_AUTH, STAGE_STARTTLS, STAGE_QUIT,
	STAGE_COUNT
};

struct rule {
	enum rule_stage stage;
	char match[SMTP_PATH_MAX + 1];   /* "" matches everything */
	int code;
	char enh[16];
	char text[SMTP_REPLY_LINE_MAX];
};

struct grey_entry {
	uint64_t key;        /* hash of (client, sender, recipient) */
	int64_t first_seen;
};

struct smtp_server {
	const struct smtp_profile *profile;
	unsigned scenarios;
	struct rule *rules;
	size_t nrules;
	bool real_clock;
	int64_t offset;          /* seconds added to the clock */
	long grey_delay;
	struct grey_entry *grey;
	size_t ngrey, grey_cap;
	unsigned long queue_counter;
	unsigned long *shared_counter; /* the caller's, when several servers share */
	const struct smtp_persona *persona; /* NULL: smtpsim's own voice */
};

/* Scenario bit for a name, or 0. */
unsigned smtp_scenario_bit(const char *name);

/* Whether NAME (local part, any case) is a mailbox of the simulated domain. */
bool smtp_local_mailbox(const char *local, size_t len);

/* The account for user/password, or NULL. Returns the canonical address. */
const char *smtp_check_account(const char *user, const char *pass);
/* The account a bearer token stands for, or NULL for an unknown token;
 * *expired is set for a token that was valid once. */
const char *smtp_check_token(const char *token, size_t len, bool *expired);
/* Whether the account USER owns address ADDR. */
bool smtp_account_owns(const char *user, const char *addr);

/* The domains the simulated server is final destination for. */
bool smtp_local_domain(const char *domain, size_t len);
/* A domain that publishes a null MX (RFC 7505) in the null-mx scenario. */
bool smtp_null_mx_domain(const char *domain, size_t len);

/* Find the first rule of STAGE whose match fits ARG (may be NULL). */
const struct rule *smtp_server_rule(const struct smtp_server *srv,
                                    enum rule_stage stage, const char *arg);

/* Greylisting: true when the triplet may pass now; records it otherwise. */
bool smtp_server_grey_pass(struct smtp_server *srv, const char *client,
                           const char *sender, const char *rcpt);

unsigned long smtp_server_max_size(const struct smtp_server *srv);

/* --- dsn.c: RFC 3461 parameters and RFC 3464 reports ------------------- */

/* Decode xtext (RFC 3461 §4) s[0..n) into out (cap >= n + 1, NUL-ended).
 * False when it is not valid xtext. With utf8, the \x{HEX} escapes of
 * RFC 6533 §3 are decoded too (ORCPT=utf-8;...). */
bool smtp_xtext_decode(const char *s, size_t n, bool utf8, char *out, size_t cap);
/* NOTIFY= value: SMTP_NOTIFY_* bits, 0 when malformed (NEVER with
 * anything else, an unknown word, an empty item). */
unsigned smtp_notify_parse(const char *s, size_t n);

/* What a DSN reports: the message, its recipients to report on. */
/* The three reports of RFC 3464 §2.3.3 this server sends (it never sends
 * "relayed" or "expanded"). */
enum dsn_kind { DSN_FAILED, DSN_DELAYED, DSN_DELIVERED };

/* Delay reports: sent once a message has waited DSN_DELAY_WARN seconds
 * (the warning time is the MTA's choice: Postfix's delay_warning_time,
 * off by default) and naming DSN_RETRY_LIMIT as
 * Will-Retry-Until (RFC 3464 §2.3.9; Postfix's maximal_queue_lifetime
 * defaults to 5 days). */
enum { DSN_DELAY_WARN = 4 * 3600, DSN_RETRY_LIMIT = 5 * 24 * 3600 };

struct dsn_request {
	const struct smtp_message *msg;
	const char *host;            /* Reporting-MTA */
	int64_t arrival;             /* Arrival-Date */
	int64_t now;                 /* Date:, Last-Attempt-Date */
	enum dsn_kind kind;          /* failure, delay or success DSN */
	const size_t *which;         /* indices into msg->rcpt */
	size_t n;
	const char *dsn_id;          /* the DSN's own queue id */
};
/* The DSN message text (malloc'd, CRLF line ends, *len its length) and its
 * subject into subj. NULL when out of memory. */
char *smtp_dsn_build(const struct dsn_request *rq, size_t *len, char *subj, size_t subjlen);

/* --- parse.c: RFC 5321 §4.1.2 paths ------------------------------------ */

enum path_err {
	PATH_OK,
	PATH_NO_BRACKETS,   /* no '<' where the path should start */
	PATH_SYNTAX,        /* not a valid path */
	PATH_TOO_LONG,      /* local-part > 64, domain > 255 or path > 256 */
};

struct smtp_path {
	char addr[SMTP_PATH_MAX + 1]; /* mailbox without <> and source route;
	                               * "" for the null path */
	size_t local_len;             /* octets before the '@' (0 if none) */
	size_t domain_off;            /* offset of the domain (after '@') */
	bool null;                    /* <> */
	bool postmaster;              /* <postmaster> without a domain */
	bool utf8;                    /* non-ASCII octets (needs SMTPUTF8) */
};

/* Parse a path at s[0..n) (s must start at '<'); *used receives the
 * octets consumed including '>'. */
enum path_err smtp_parse_path(const char *s, size_t n, size_t *used,
                              struct smtp_path *out);

/* Whether s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
bool smtp_valid_utf8(const char *s, size_t n);

/* --- the session (session.c and the files it is split into) ----------- */

enum auth_mech {
	MECH_NONE, MECH_PLAIN, MECH_LOGIN, MECH_OAUTHBEARER, MECH_XOAUTH2,
	MECH_OAUTH_FAILED,      /* the error challenge was sent: its answer
	                         * only ends the exchange (RFC 7628 §3.2.3) */
};

/* What the client asked about one recipient (RFC 3461 §4.1, §4.2). */
struct rcpt_dsn {
	unsigned notify;
	char type[33];
	char orcpt[SMTP_ORCPT_MAX + 5];   /* room for the decoder's check */
	bool has_orcpt;
};

struct smtp_session {
	struct smtp_server *srv;
	smtp_sink_fn sink;
	void *ctx;
	char client[64];
	bool strict_crlf;

	enum smtp_state state;
	bool tls;
	bool tls_wait;          /* STARTTLS answered, handshake pending */
	bool helo_done;
	char helo[SMTP_DOMAIN_MAX + 1];
	unsigned errors;
	unsigned synprot;       /* 500-504 replies: what strict-errors counts */

	bool authed;
	char auth_user[SMTP_PATH_MAX + 1];
	enum auth_mech mech;
	int auth_step;
	char login_user[SMTP_PATH_MAX + 1];

	/* the transaction */
	bool in_tx;
	char mail_from[SMTP_PATH_MAX + 1];
	bool smtputf8, eightbit;
	bool over_quota;        /* mailbox-full: carol is a recipient */
	bool binarymime;        /* BODY=BINARYMIME: BDAT only */
	enum smtp_ret ret;      /* RFC 3461 RET= */
	char envid[SMTP_ENVID_MAX + 5];
	bool has_envid;
	struct rcpt_dsn *rdsn;  /* one per accepted recipient */
	struct smtp_rcpt_info *info; /* the message event's, kept for reuse */
	size_t info_cap;
	size_t rdsn_cap;
	char *rcpt_buf;         /* NUL-separated recipients */
	size_t rcpt_len, rcpt_cap;
	const char **rcpt_ptr;
	size_t nrcpt, rcpt_ptr_cap;

	/* message text */
	char *data;
	size_t data_len, data_cap;
	size_t data_seen;       /* text received, stored or not: SIZE counts it */
	enum smtp_why data_err; /* sticky error, answered at the final dot */
	bool noted_dot, noted_lf, noted_cmd;
	bool simulated_tls;      /* STARTTLS needs no handshake (opts) */

	/* BDAT (RFC 3030) */
	bool chunked;           /* a BDAT chunk was taken in this transaction */
	uint64_t chunk_left;    /* octets of the current chunk still to come */
	uint64_t chunk_size;
	bool chunk_last;
	enum smtp_why chunk_err;/* answered once the chunk is read */
	enum smtp_state chunk_back; /* the state to return to after an error */

	/* bytes in (smtp_session_feed) */
	char in[SMTP_TEXT_LINE_MAX + 2];
	size_t in_len;
	size_t in_total;        /* the line's bytes, also those not stored */
	bool in_over;
	bool in_cr;             /* the last byte was CR, stored or not */

	/* scratch for the command being handled */
	struct smtp_path path;
	unsigned long decl_size;
	bool p_smtputf8, p_eightbit, p_binarymime;
	bool p_ret_set, p_envid_set, p_notify_set, p_orcpt_set;
	enum smtp_ret p_ret;
	char p_envid[SMTP_ENVID_MAX + 5];
	struct rcpt_dsn p_dsn;

	char cur_arg[SMTP_CMD_LINE_MAX]; /* the argument of the command being handled */
	struct smtp_line line;  /* the line being handled, as its LINE event showed it */
	char line_text[SMTP_TEXT_LINE_MAX + 1];
	struct persona_state pst; /* what the personality remembers */

	/* the reply being built */
	char text[SMTP_REPLY_LINE_MAX * 4];
	char wire[SMTP_REPLY_LINE_MAX * 5];
	char qid[16];
};

/* session.c: the one reply path, state changes, events. */
int sess_emit(struct smtp_session *s, struct smtp_event *ev);
void sess_set_state(struct smtp_session *s, enum smtp_state to);
/* CLOSED and the CLOSE event (once). */
void sess_close(struct smtp_session *s);
void sess_note(struct smtp_session *s, enum smtp_why why);
/* Build the wire form of s->text (lines split at '\n') and emit it;
 * 221 and 421 close the session. */
void sess_emit_reply(struct smtp_session *s, enum smtp_cmd cmd, enum smtp_why why,
                     int code, const char *enh, const char *decoded);
__attribute__((format(printf, 6, 7)))
void sess_reply(struct smtp_session *s, enum smtp_cmd cmd, enum smtp_why why,
                int code, const char *enh, const char *fmt, ...);
/* R(s, cmd, why, R_NAME, args…): a reply from the table in replies.h. */
#define R(s, cmd, why, ...) sess_reply(s, cmd, why, __VA_ARGS__)
void sess_rule_reply(struct smtp_session *s, enum smtp_cmd cmd, const struct rule *r);
void sess_reset_tx(struct smtp_session *s);
/* The state to return to when no transaction is open. */
enum smtp_state sess_idle_state(const struct smtp_session *s);
/* How many of the LEN octets of a command line may be shown: of an AUTH
 * command, the verb and the mechanism; of any other, all. */
size_t sess_auth_visible(const char *line, size_t len);

/* commands.c: the dispatch of a command line (at most SMTP_CMD_LINE_MAX
 * octets), and checks the handlers share (false: answered). */
void cmd_line(struct smtp_session *s, const char *line, size_t len);
bool cmd_need_helo(struct smtp_session *s, enum smtp_cmd cmd);
bool cmd_no_arg(struct smtp_session *s, enum smtp_cmd cmd, const char *arg,
                const char *syntax);

/* A command's handlers: `check` validates order and syntax and answers
 * an error itself (false); `proceed` applies policy, changes state and
 * answers, with FORCE a 2xx rule to answer with (or NULL). */

/* envelope.c: MAIL and RCPT. */
bool env_check_mail(struct smtp_session *s, const char *arg);
void env_proceed_mail(struct smtp_session *s, const char *arg, const struct rule *force);
bool env_check_rcpt(struct smtp_session *s, const char *arg);
void env_proceed_rcpt(struct smtp_session *s, const char *arg, const struct rule *force);
/* The parsed path, for matching rules. */
const char *env_path_arg(struct smtp_session *s, const char *arg);

/* data.c: DATA, BDAT and the message text. */
bool data_check(struct smtp_session *s, const char *arg);
void data_proceed(struct smtp_session *s, const char *arg, const struct rule *force);
bool data_check_bdat(struct smtp_session *s, const char *arg);
void data_proceed_bdat(struct smtp_session *s, const char *arg, const struct rule *force);
/* A text line in DATA state (the final "." included). */
void data_line(struct smtp_session *s, const char *line, size_t len);
/* Count a text line of LEN octets towards SIZE; true once over it. */
bool data_count_text(struct smtp_session *s, size_t len);
/* Octets of the current BDAT chunk, as they are. */
void data_chunk_bytes(struct smtp_session *s, const char *p, size_t n);
/* A line fed while a chunk is open: its octets and CRLF, as far as they
 * fit; the rest is read as the next command. */
void data_chunk_line(struct smtp_session *s, const char *line, size_t len);

/* auth.c: AUTH and the lines that answer its 334 challenges. */
bool auth_check(struct smtp_session *s, const char *arg);
void auth_proceed(struct smtp_session *s, const char *arg, const struct rule *force);
void auth_line(struct smtp_session *s, const char *line, size_t len);

#endif
