/* internal.h — what the engine's own files share; not for callers. */
#ifndef SMTP_INTERNAL_H
#define SMTP_INTERNAL_H

#include "smtp/smtp.h"

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
struct dsn_request {
	const struct smtp_message *msg;
	const char *host;            /* Reporting-MTA */
	int64_t arrival;             /* Arrival-Date */
	int64_t now;                 /* Date:, Last-Attempt-Date */
	bool failed;                 /* failure DSN; else success */
	const size_t *which;         /* indices into msg->rcpt */
	size_t n;
	const char *dsn_id;          /* the DSN's own queue id */
};
/* The DSN message text (malloc'd, CRLF line ends, *len its length) and its
 * subject into subj. NULL when out of memory. */
char *smtp_dsn_build(const struct dsn_request *rq, size_t *len, char *subj, size_t subjlen);

#endif

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
