/* session.c — the RFC 5321 session state machine.
 *
 * One table dispatches commands: `check` validates order and syntax and
 * answers errors itself; `proceed` applies policy, changes state and
 * answers. Every reply is built by reply(); every state change goes
 * through set_state(). Rules (-r) are applied between the two. */
#include "smtp/internal.h"
#include "smtp/personality.h"
#include "smtp/replies.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
	struct persona_state pst; /* what the personality remembers */

	/* the reply being built */
	char text[SMTP_REPLY_LINE_MAX * 4];
	char wire[SMTP_REPLY_LINE_MAX * 5];
	char qid[16];
};

static const char *const state_names[] = {
#define X(id, name, hint) name,
	SMTP_STATES(X)
#undef X
};

static const char *const cmd_names[] = {
#define X(id, name) name,
	SMTP_COMMANDS(X)
#undef X
};

static const char *const why_texts[] = {
#define X(id, text) text,
	SMTP_WHYS(X)
#undef X
};

static const char *const why_names[] = {
#define X(id, text) #id,
	SMTP_WHYS(X)
#undef X
};

const char *smtp_state_name(enum smtp_state st)
{
	return st < SMTP_STATE_COUNT ? state_names[st] : "?";
}

int smtp_state_from_name(const char *name)
{
	for (int i = 0; i < SMTP_STATE_COUNT; i++)
		if (!strcasecmp(state_names[i], name))
			return i;
	return -1;
}

const char *smtp_cmd_name(enum smtp_cmd c)
{
	return c < SMTP_CMD_COUNT ? cmd_names[c] : "?";
}

const char *smtp_why_text(enum smtp_why w)
{
	return w < SMTP_WHY_COUNT ? why_texts[w] : "";
}

const char *smtp_why_name(enum smtp_why w)
{
	return w < SMTP_WHY_COUNT ? why_names[w] : "?";
}

/* --- events and replies ------------------------------------------------- */

static int emit(struct smtp_session *s, struct smtp_event *ev)
{
	return s->sink ? s->sink(s->ctx, ev) : 0;
}

static void set_state(struct smtp_session *s, enum smtp_state to)
{
	if (s->state == to)
		return;
	struct smtp_event ev = { .type = SMTP_EV_STATE, .from = s->state, .to = to };
	s->state = to;
	emit(s, &ev);
}

static void close_session(struct smtp_session *s)
{
	if (s->state == SMTP_STATE_CLOSED)
		return;
	set_state(s, SMTP_STATE_CLOSED);
	struct smtp_event ev = { .type = SMTP_EV_CLOSE };
	emit(s, &ev);
}

static void note(struct smtp_session *s, enum smtp_why why)
{
	struct smtp_event ev = { .type = SMTP_EV_NOTE, .why = why, .text = why_texts[why] };
	emit(s, &ev);
}

/* Build the wire form of s->text (lines split at '\n') and emit it. */
static void emit_reply(struct smtp_session *s, enum smtp_cmd cmd, enum smtp_why why,
                       int code, const char *enh, const char *decoded)
{
	/* the one place a personality restates what the engine decided */
	if (s->srv->persona) {
		struct persona_ctx pc = {
			.host = s->srv->profile->host, .client = s->client, .helo = s->helo,
			.addr = s->path.addr, .qid = s->qid, .arg = s->cur_arg,
			.now = smtp_server_now(s->srv),
		};
		smtp_persona_apply(s->srv->persona, &pc, &s->pst, cmd, &why, &code, &enh,
		                   s->text, sizeof s->text);
	}
	size_t w = 0;
	const char *line = s->text;
	for (;;) {
		const char *nl = strchr(line, '\n');
		size_t len = nl ? (size_t)(nl - line) : strlen(line);
		/* keep every reply line within the §4.5.3.1.5 limit */
		size_t room = SMTP_REPLY_LINE_MAX - 2 - 4 - (enh[0] ? strlen(enh) + 1 : 0);
		if (len > room)
			len = room;
		int n = snprintf(s->wire + w, sizeof s->wire - w, "%03d%c%s%s%.*s\r\n",
		                 code, nl ? '-' : ' ', enh, enh[0] ? " " : "", (int)len, line);
		if (n < 0 || (size_t)n >= sizeof s->wire - w)
			break;
		w += (size_t)n;
		if (!nl)
			break;
		line = nl + 1;
	}
	struct smtp_reply r = {
		.code = code, .enh = enh, .text = s->text, .wire = s->wire,
		.wire_len = w, .cmd = cmd, .why = why, .decoded = decoded,
	};
	struct smtp_event ev = { .type = SMTP_EV_REPLY, .reply = &r };
	if (code >= 400 && code != 421 && cmd != SMTP_CMD_CONNECT)
		s->errors++;
	if (code >= 500 && code <= 504)
		s->synprot++;
	emit(s, &ev);
	if (code == 421 || code == 221)
		close_session(s);
}

__attribute__((format(printf, 6, 7)))
static void reply(struct smtp_session *s, enum smtp_cmd cmd, enum smtp_why why,
                  int code, const char *enh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
	emit_reply(s, cmd, why, code, enh, NULL);
}

/* R(s, cmd, why, R_NAME, args…): a reply from the table in replies.h. */
#define R(s, cmd, why, ...) reply(s, cmd, why, __VA_ARGS__)

static void rule_reply(struct smtp_session *s, enum smtp_cmd cmd, const struct rule *r)
{
	snprintf(s->text, sizeof s->text, "%s", r->text);
	emit_reply(s, cmd, SMTP_WHY_RULE, r->code, r->enh, NULL);
}

/* --- the transaction ------------------------------------------------------ */

static void reset_tx(struct smtp_session *s)
{
	s->in_tx = false;
	s->mail_from[0] = '\0';
	s->smtputf8 = s->eightbit = s->over_quota = false;
	s->binarymime = s->chunked = s->has_envid = false;
	s->ret = SMTP_RET_NONE;
	s->envid[0] = '\0';
	s->rcpt_len = 0;
	s->nrcpt = 0;
	s->data_len = 0;
	s->data_seen = 0;
	s->data_err = SMTP_WHY_OK;
	s->noted_dot = s->noted_lf = s->noted_cmd = false;
}

static bool add_rcpt(struct smtp_session *s, const char *addr)
{
	size_t len = strlen(addr) + 1;
	if (s->rcpt_len + len > s->rcpt_cap) {
		size_t cap = s->rcpt_cap ? s->rcpt_cap : 1024;
		while (cap < s->rcpt_len + len)
			cap *= 2;
		char *b = realloc(s->rcpt_buf, cap);
		if (!b)
			return false;
		s->rcpt_buf = b;
		s->rcpt_cap = cap;
	}
	if (s->nrcpt + 1 > s->rdsn_cap) {
		size_t cap = s->rdsn_cap ? s->rdsn_cap * 2 : 8;
		struct rcpt_dsn *d = realloc(s->rdsn, cap * sizeof *d);
		if (!d)
			return false;
		s->rdsn = d;
		s->rdsn_cap = cap;
	}
	s->rdsn[s->nrcpt] = s->p_dsn;
	memcpy(s->rcpt_buf + s->rcpt_len, addr, len);
	s->rcpt_len += len;
	s->nrcpt++;
	return true;
}

/* The state to return to when no transaction is open. */
static enum smtp_state idle_state(const struct smtp_session *s)
{
	return s->helo_done ? SMTP_STATE_READY : SMTP_STATE_GREETED;
}

/* --- session life --------------------------------------------------------- */

struct smtp_session *smtp_session_new(struct smtp_server *srv,
                                      const struct smtp_session_opts *opts,
                                      smtp_sink_fn sink, void *ctx)
{
	struct smtp_session *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->srv = srv;
	s->sink = sink;
	s->ctx = ctx;
	snprintf(s->client, sizeof s->client, "%s",
	         opts && opts->client_addr ? opts->client_addr : "192.0.2.10");
	s->tls = (opts && opts->tls_active) || srv->profile->implicit_tls;
	s->strict_crlf = opts && opts->strict_data_crlf;
	s->simulated_tls = opts && opts->simulated_tls;
	s->state = SMTP_STATE_INIT;
	return s;
}

void smtp_session_free(struct smtp_session *s)
{
	if (!s)
		return;
	free(s->rcpt_buf);
	free(s->rcpt_ptr);
	free(s->rdsn);
	free(s->info);
	free(s->data);
	free(s);
}

void smtp_session_start(struct smtp_session *s)
{
	if (s->state != SMTP_STATE_INIT)
		return;
	const char *host = s->srv->profile->host;
	const struct rule *r = smtp_server_rule(s->srv, STAGE_CONNECT, s->client);
	if (r) {
		if (r->code / 100 == 2) {
			set_state(s, SMTP_STATE_GREETED);
		} else if (r->code != 421) {
			set_state(s, SMTP_STATE_BLOCKED);
		}
		rule_reply(s, SMTP_CMD_CONNECT, r);
		return;
	}
	if (s->srv->scenarios & SC_OVERLOADED) {
		R(s, SMTP_CMD_CONNECT, SMTP_WHY_OVERLOADED, R_OVERLOADED, host);
		return;
	}
	if (s->srv->scenarios & SC_BLOCKED) {
		set_state(s, SMTP_STATE_BLOCKED);
		R(s, SMTP_CMD_CONNECT, SMTP_WHY_BLOCKED, R_BLOCKED, host, s->client);
		return;
	}
	set_state(s, SMTP_STATE_GREETED);
	R(s, SMTP_CMD_CONNECT, SMTP_WHY_GREETING, R_GREETING, host);
}

enum smtp_state smtp_session_state(const struct smtp_session *s) { return s->state; }
bool smtp_session_tls(const struct smtp_session *s) { return s->tls; }
size_t smtp_session_rcpt_count(const struct smtp_session *s) { return s->nrcpt; }
uint64_t smtp_session_chunk_left(const struct smtp_session *s)
{
	return s->state == SMTP_STATE_BDAT ? s->chunk_left : 0;
}
bool smtp_session_closed(const struct smtp_session *s) { return s->state == SMTP_STATE_CLOSED; }

const char *smtp_session_auth_user(const struct smtp_session *s)
{
	return s->authed ? s->auth_user : NULL;
}

const char *smtp_session_expects(const struct smtp_session *s)
{
	const struct smtp_profile *p = s->srv->profile;
	switch (s->state) {
	case SMTP_STATE_INIT:
		return "waiting for the greeting";
	case SMTP_STATE_GREETED:
		if (p->submission && p->starttls && !s->tls)
			return "after the greeting: EHLO, then STARTTLS";
		return s->tls ? "TLS is on: EHLO again with your host name"
		              : "after 220: EHLO (or HELO) and your host name";
	case SMTP_STATE_READY:
		if (p->submission && !s->authed)
			return (p->auth_needs_tls && !s->tls)
			       ? "after EHLO: STARTTLS, EHLO again, then AUTH"
			       : p->oauth ? "after EHLO: AUTH PLAIN, LOGIN or OAUTHBEARER"
		       : "after EHLO: AUTH PLAIN or AUTH LOGIN";
		return "ready: MAIL FROM:<sender> starts a message";
	case SMTP_STATE_MAIL:
		return "after MAIL: RCPT TO:<recipient>";
	case SMTP_STATE_RCPT:
		if (s->chunked)
			return "after a BDAT chunk: the next BDAT (LAST on the final one)";
		return "after RCPT: another RCPT TO, DATA or BDAT";
	case SMTP_STATE_DATA:
		return "headers, empty line, body; \".\" alone ends it";
	case SMTP_STATE_BDAT:
		return "inside a BDAT chunk: every octet counts, CRLF too";
	case SMTP_STATE_AUTH:
		return "AUTH: answer the 334 in base64 (* cancels)";
	case SMTP_STATE_BLOCKED:
		return "rejected at connect: only QUIT is accepted";
	case SMTP_STATE_CLOSED:
	case SMTP_STATE_COUNT:
		break;
	}
	return "the connection is closed";
}

void smtp_session_tls_done(struct smtp_session *s)
{
	s->tls_wait = false;
}

void smtp_session_eof(struct smtp_session *s)
{
	if (s->state == SMTP_STATE_CLOSED)
		return;
	reset_tx(s);
	set_state(s, SMTP_STATE_CLOSED);
}

void smtp_session_shutdown(struct smtp_session *s, enum smtp_why why)
{
	if (s->state == SMTP_STATE_CLOSED)
		return;
	reset_tx(s);
	if (why == SMTP_WHY_TIMEOUT)
		R(s, SMTP_CMD_NONE, why, R_TIMEOUT, s->srv->profile->host);
	else
		R(s, SMTP_CMD_NONE, SMTP_WHY_SHUTDOWN, R_SHUTDOWN, s->srv->profile->host);
}

/* --- the commands ------------------------------------------------------------ */

struct command {
	const char *verb;
	enum smtp_cmd cmd;
	enum rule_stage stage;   /* STAGE_COUNT: no rules */
	/* validate order and syntax; answer and return false on error */
	bool (*check)(struct smtp_session *s, const char *arg);
	/* the rule argument to match (address, domain…), or NULL */
	const char *(*rule_arg)(struct smtp_session *s, const char *arg);
	/* apply policy, change state, answer; FORCE is a 2xx rule to use */
	void (*proceed)(struct smtp_session *s, const char *arg, const struct rule *force);
};

static bool need_helo(struct smtp_session *s, enum smtp_cmd cmd)
{
	if (s->helo_done)
		return true;
	R(s, cmd, SMTP_WHY_NEED_HELO, R_NEED_HELO);
	return false;
}

static bool no_arg(struct smtp_session *s, enum smtp_cmd cmd, const char *arg,
                   const char *syntax)
{
	if (!arg[0])
		return true;
	R(s, cmd, SMTP_WHY_PARAM_NOT_ALLOWED, R_SYNTAX, syntax);
	return false;
}

/* HELO / EHLO */

static bool check_helo(struct smtp_session *s, const char *arg, enum smtp_cmd cmd)
{
	size_t len = strcspn(arg, " ");
	if (len == 0 || len > SMTP_DOMAIN_MAX) {
		R(s, cmd, SMTP_WHY_HELO_NO_DOMAIN, R_SYNTAX,
		  cmd == SMTP_CMD_EHLO ? "EHLO hostname" : "HELO hostname");
		return false;
	}
	return true;
}

static bool check_helo_cmd(struct smtp_session *s, const char *arg)
{
	return check_helo(s, arg, SMTP_CMD_HELO);
}

static bool check_ehlo_cmd(struct smtp_session *s, const char *arg)
{
	return check_helo(s, arg, SMTP_CMD_EHLO);
}

static const char *arg_word(struct smtp_session *s, const char *arg)
{
	size_t len = strcspn(arg, " ");
	snprintf(s->path.addr, sizeof s->path.addr, "%.*s", (int)len, arg);
	return s->path.addr;
}

static void greet_helo(struct smtp_session *s, const char *arg)
{
	reset_tx(s);
	size_t len = strcspn(arg, " ");
	memcpy(s->helo, arg, len);
	s->helo[len] = '\0';
	s->helo_done = true;
	set_state(s, SMTP_STATE_READY);
}

static void proceed_helo(struct smtp_session *s, const char *arg, const struct rule *force)
{
	greet_helo(s, arg);
	if (force)
		rule_reply(s, SMTP_CMD_HELO, force);
	else
		R(s, SMTP_CMD_HELO, SMTP_WHY_OK, R_HELO, s->srv->profile->host);
}

static void proceed_ehlo(struct smtp_session *s, const char *arg, const struct rule *force)
{
	const struct smtp_profile *p = s->srv->profile;
	greet_helo(s, arg);
	if (force) {
		rule_reply(s, SMTP_CMD_EHLO, force);
		return;
	}
	bool auth = p->auth && (!p->auth_needs_tls || s->tls);
	/* Postfix's order; VRFY is answered but confirms nothing, and there
	 * is no ETRN queue to run, so neither is advertised */
	snprintf(s->text, sizeof s->text,
	         "%s\nPIPELINING\nSIZE %lu\n%s%sENHANCEDSTATUSCODES\n8BITMIME\n"
	         "DSN\nSMTPUTF8\nBINARYMIME\nCHUNKING",
	         p->host, smtp_server_max_size(s->srv),
	         p->starttls && !s->tls ? "STARTTLS\n" : "",
	         !auth ? "" : p->oauth ? "AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2\n"
	                               : "AUTH PLAIN LOGIN\n");
	emit_reply(s, SMTP_CMD_EHLO, SMTP_WHY_OK, 250, "", NULL);
}

/* MAIL / RCPT parameters: KEY[=VALUE] separated by spaces. */
static bool parse_params(struct smtp_session *s, enum smtp_cmd cmd, const char *p)
{
	s->decl_size = 0;
	s->p_smtputf8 = s->p_eightbit = s->p_binarymime = false;
	s->p_ret_set = s->p_envid_set = s->p_notify_set = s->p_orcpt_set = false;
	s->p_ret = SMTP_RET_NONE;
	memset(&s->p_dsn, 0, sizeof s->p_dsn);
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " ");
		size_t klen = strcspn(p, "= ");
		const char *val = klen < len ? p + klen + 1 : NULL;
		size_t vlen = val ? len - klen - 1 : 0;
		bool ok = true;
		if (cmd == SMTP_CMD_MAIL && klen == 4 && !strncasecmp(p, "SIZE", 4)) {
			unsigned long v = 0;
			ok = val && vlen > 0 && vlen <= 20;
			for (size_t i = 0; ok && i < vlen; i++) {
				if (val[i] < '0' || val[i] > '9')
					ok = false;
				else if (v < 1000000000000UL)
					v = v * 10 + (unsigned long)(val[i] - '0');
			}
			if (!ok) {
				R(s, cmd, SMTP_WHY_PARAM_SYNTAX, R_BAD_SIZE);
				return false;
			}
			s->decl_size = v;
		} else if (cmd == SMTP_CMD_MAIL && klen == 4 && !strncasecmp(p, "BODY", 4)) {
			if (val && vlen == 4 && !strncasecmp(val, "7BIT", 4)) {
				s->p_eightbit = false;
			} else if (val && vlen == 8 && !strncasecmp(val, "8BITMIME", 8)) {
				s->p_eightbit = true;
			} else if (val && vlen == 10 && !strncasecmp(val, "BINARYMIME", 10)) {
				s->p_eightbit = s->p_binarymime = true;
			} else {
				R(s, cmd, SMTP_WHY_PARAM_SYNTAX, R_BAD_BODY);
				return false;
			}
		} else if (cmd == SMTP_CMD_MAIL && klen == 8 && !strncasecmp(p, "SMTPUTF8", 8)) {
			if (val) {
				R(s, cmd, SMTP_WHY_PARAM_SYNTAX, R_BAD_SMTPUTF8);
				return false;
			}
			s->p_smtputf8 = true;
		} else if (cmd == SMTP_CMD_MAIL && klen == 3 && !strncasecmp(p, "RET", 3)) {
			bool full = val && vlen == 4 && !strncasecmp(val, "FULL", 4);
			bool hdrs = val && vlen == 4 && !strncasecmp(val, "HDRS", 4);
			if (s->p_ret_set || !(full || hdrs)) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_RET);
				return false;
			}
			s->p_ret_set = true;
			s->p_ret = full ? SMTP_RET_FULL : SMTP_RET_HDRS;
		} else if (cmd == SMTP_CMD_MAIL && klen == 5 && !strncasecmp(p, "ENVID", 5)) {
			if (s->p_envid_set || !val || vlen == 0 || vlen > SMTP_ENVID_MAX ||
			    !smtp_xtext_decode(val, vlen, false, s->p_envid, sizeof s->p_envid)) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_ENVID);
				return false;
			}
			s->p_envid_set = true;
		} else if (cmd == SMTP_CMD_RCPT && klen == 6 && !strncasecmp(p, "NOTIFY", 6)) {
			unsigned mask = val ? smtp_notify_parse(val, vlen) : 0;
			if (s->p_notify_set || !mask) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_NOTIFY);
				return false;
			}
			s->p_notify_set = true;
			s->p_dsn.notify = mask;
		} else if (cmd == SMTP_CMD_RCPT && klen == 5 && !strncasecmp(p, "ORCPT", 5)) {
			/* addr-type ";" xtext (RFC 3461 §4.2); utf-8 (RFC 6533 §3)
			 * may also hold \x{HEX} escapes */
			const char *semi = val ? memchr(val, ';', vlen) : NULL;
			size_t tlen = semi ? (size_t)(semi - val) : 0;
			bool ok2 = semi && tlen > 0 && tlen < sizeof s->p_dsn.type &&
			           vlen - tlen - 1 > 0 && vlen <= SMTP_ORCPT_MAX &&
			           !s->p_orcpt_set;
			for (size_t i = 0; ok2 && i < tlen; i++) {
				char c = val[i];
				ok2 = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				      (c >= '0' && c <= '9') || c == '-';
			}
			bool utf8 = tlen == 5 && !strncasecmp(val, "utf-8", 5);
			if (ok2)
				ok2 = smtp_xtext_decode(semi + 1, vlen - tlen - 1, utf8,
				                        s->p_dsn.orcpt, sizeof s->p_dsn.orcpt);
			if (!ok2) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_ORCPT);
				return false;
			}
			memcpy(s->p_dsn.type, val, tlen);
			s->p_dsn.type[tlen] = '\0';
			s->p_dsn.has_orcpt = true;
			s->p_orcpt_set = true;
		} else if (cmd == SMTP_CMD_MAIL && klen == 4 && !strncasecmp(p, "AUTH", 4) &&
		           s->srv->profile->auth && val) {
			/* RFC 4954 §5: accepted; we do not act on it */
		} else {
			R(s, cmd, SMTP_WHY_BAD_PARAM, R_BAD_PARAM, (int)(klen < 64 ? klen : 64), p);
			return false;
		}
		p += len;
	}
	return true;
}

/* Parse "FROM:<path> params" / "TO:<path> params" into s->path. */
static bool parse_mail_rcpt(struct smtp_session *s, enum smtp_cmd cmd, const char *arg)
{
	bool mail = cmd == SMTP_CMD_MAIL;
	const char *kw = mail ? "FROM:" : "TO:";
	size_t kwlen = strlen(kw);
	if (strncasecmp(arg, kw, kwlen)) {
		R(s, cmd, mail ? SMTP_WHY_MAIL_SYNTAX : SMTP_WHY_RCPT_SYNTAX, R_SYNTAX,
		  mail ? "MAIL FROM:<address>" : "RCPT TO:<address>");
		return false;
	}
	const char *p = arg + kwlen;
	if (*p == ' ') {
		while (*p == ' ')
			p++;
		note(s, SMTP_WHY_SPACE_AFTER_COLON);
	}
	size_t used;
	enum path_err e = smtp_parse_path(p, strlen(p), &used, &s->path);
	char bare[SMTP_PATH_MAX + 3];
	size_t blen = strcspn(p, " ");
	if (e == PATH_NO_BRACKETS && blen > 0 && blen <= SMTP_PATH_MAX &&
	    smtp_persona_bare_paths(s->srv->persona)) {
		/* a server that takes the address without its brackets */
		snprintf(bare, sizeof bare, "<%.*s>", (int)blen, p);
		e = smtp_parse_path(bare, blen + 2, &used, &s->path);
		used = blen;
	}
	enum smtp_why why = SMTP_WHY_OK;
	if (e == PATH_NO_BRACKETS)
		why = mail ? SMTP_WHY_MAIL_SYNTAX : SMTP_WHY_RCPT_SYNTAX;
	else if (e == PATH_TOO_LONG)
		why = SMTP_WHY_ADDRESS_TOO_LONG;
	else if (e != PATH_OK || (p[used] && p[used] != ' '))
		why = mail ? SMTP_WHY_BAD_SENDER : SMTP_WHY_BAD_RECIPIENT;
	else if (!mail && s->path.null)
		why = SMTP_WHY_BAD_RECIPIENT;
	else if (mail && s->path.postmaster)
		why = SMTP_WHY_BAD_SENDER;
	if (why != SMTP_WHY_OK) {
		if (mail)
			R(s, cmd, why, R_BAD_SENDER_SYNTAX);
		else
			R(s, cmd, why, R_BAD_RCPT_SYNTAX);
		return false;
	}
	if (!parse_params(s, cmd, p + used))
		return false;
	if (s->path.utf8 && !(mail ? s->p_smtputf8 : s->smtputf8)) {
		R(s, cmd, SMTP_WHY_NEED_SMTPUTF8, R_NEED_SMTPUTF8);
		return false;
	}
	return true;
}

static const char *domain_of(const struct smtp_session *s, size_t *len)
{
	*len = strlen(s->path.addr) - s->path.domain_off;
	return s->path.addr + s->path.domain_off;
}

static bool check_mail(struct smtp_session *s, const char *arg)
{
	const struct smtp_profile *p = s->srv->profile;
	if (!need_helo(s, SMTP_CMD_MAIL))
		return false;
	if (s->in_tx && s->chunked) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_NESTED_MAIL, R_MAIL_AFTER_BDAT);
		return false;
	}
	if (s->in_tx) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_NESTED_MAIL, R_NESTED_MAIL);
		return false;
	}
	if (p->submission && p->auth_needs_tls && !s->tls) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_TLS_REQUIRED, R_NEED_STARTTLS);
		return false;
	}
	if (!parse_mail_rcpt(s, SMTP_CMD_MAIL, arg))
		return false;
	if (s->decl_size > smtp_server_max_size(s->srv)) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_SIZE_DECLARED, R_SIZE_DECLARED);
		return false;
	}
	return true;
}

static const char *path_arg(struct smtp_session *s, const char *arg)
{
	(void)arg;
	return s->path.addr;
}

static void proceed_mail(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	const struct smtp_profile *p = s->srv->profile;
	unsigned sc = s->srv->scenarios;
	size_t dlen = 0;
	const char *dom = s->path.null || s->path.postmaster ? "" : domain_of(s, &dlen);
	if (!force) {
		if (p->submission && !s->authed) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_AUTH_REQUIRED, R_AUTH_REQUIRED);
			return;
		}
		if (p->submission && !s->path.null && !smtp_account_owns(s->auth_user, s->path.addr)) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_NOT_OWNER, R_NOT_OWNER, s->path.addr, s->auth_user);
			return;
		}
		if ((sc & SC_NULL_MX) && smtp_null_mx_domain(dom, dlen)) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_NULL_MX_SENDER, R_NULL_MX_SENDER,
			  s->path.addr, (int)dlen, dom);
			return;
		}
		if ((sc & SC_SPF_FAIL) && dlen == 11 && !strncasecmp(dom, "example.org", 11)) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_SPF_FAIL, R_SPF_FAIL, s->path.addr, s->client);
			return;
		}
	}
	reset_tx(s);
	s->in_tx = true;
	memcpy(s->mail_from, s->path.addr, sizeof s->mail_from);
	s->smtputf8 = s->p_smtputf8;
	s->eightbit = s->p_eightbit || s->p_smtputf8;
	s->binarymime = s->p_binarymime;
	s->ret = s->p_ret;
	s->has_envid = s->p_envid_set;
	memcpy(s->envid, s->p_envid, sizeof s->envid);
	set_state(s, SMTP_STATE_MAIL);
	if (force)
		rule_reply(s, SMTP_CMD_MAIL, force);
	else
		R(s, SMTP_CMD_MAIL, SMTP_WHY_OK, R_MAIL_OK);
}

static bool check_rcpt(struct smtp_session *s, const char *arg)
{
	if (!need_helo(s, SMTP_CMD_RCPT))
		return false;
	if (!s->in_tx) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_RCPT_BEFORE_MAIL, R_NEED_MAIL);
		return false;
	}
	if (s->chunked) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_RCPT_AFTER_BDAT, R_RCPT_AFTER_BDAT);
		return false;
	}
	if (!parse_mail_rcpt(s, SMTP_CMD_RCPT, arg))
		return false;
	if (s->nrcpt >= ((s->srv->scenarios & SC_FEW_RCPT) ? FEW_RCPT_MAX : SMTP_RCPT_MAX)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_TOO_MANY_RCPT, R_TOO_MANY_RCPT);
		return false;
	}
	return true;
}

static bool local_is(const struct smtp_session *s, const char *name)
{
	return s->path.local_len == strlen(name) &&
	       !strncasecmp(s->path.addr, name, s->path.local_len);
}

static void accept_rcpt(struct smtp_session *s, const struct rule *force)
{
	if (!add_rcpt(s, s->path.addr)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_LOCAL_ERROR, R_RCPT_NO_MEMORY);
		return;
	}
	set_state(s, SMTP_STATE_RCPT);
	if (force)
		rule_reply(s, SMTP_CMD_RCPT, force);
}

static void proceed_rcpt(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	unsigned sc = s->srv->scenarios;
	const char *a = s->path.addr;
	if (force) {
		accept_rcpt(s, force);
		return;
	}
	size_t dlen = 0;
	const char *dom = s->path.postmaster ? "" : domain_of(s, &dlen);
	bool local = s->path.postmaster || smtp_local_domain(dom, dlen);
	if (!local) {
		if ((sc & SC_NULL_MX) && smtp_null_mx_domain(dom, dlen)) {
			R(s, SMTP_CMD_RCPT, SMTP_WHY_NULL_MX, R_NULL_MX, a, (int)dlen, dom);
			return;
		}
		if (!s->authed) {
			R(s, SMTP_CMD_RCPT, SMTP_WHY_RELAY_DENIED, R_RELAY_DENIED, a);
			return;
		}
		accept_rcpt(s, NULL);
		if (s->state == SMTP_STATE_RCPT)
			R(s, SMTP_CMD_RCPT, SMTP_WHY_OK, R_RCPT_OK);
		return;
	}
	if (!s->path.postmaster && !smtp_local_mailbox(a, s->path.local_len)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_NO_SUCH_USER, R_NO_SUCH_USER, a);
		return;
	}
	if ((sc & SC_USER_MOVED) && local_is(s, "carol")) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_USER_MOVED, R_USER_MOVED, a, "carol@example.org");
		return;
	}
	if ((sc & SC_MAILBOX_FULL) && local_is(s, "bob")) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_MAILBOX_FULL, R_MAILBOX_FULL, a);
		return;
	}
	if ((sc & SC_GREYLIST) && !s->authed &&
	    !smtp_server_grey_pass(s->srv, s->client, s->mail_from, a)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_GREYLISTED, R_GREYLISTED, a);
		return;
	}
	if ((sc & SC_MAILBOX_FULL) && local_is(s, "carol"))
		s->over_quota = true;
	accept_rcpt(s, NULL);
	if (s->state != SMTP_STATE_RCPT)
		return;
	if ((sc & SC_USER_MOVED) && local_is(s, "bob"))
		R(s, SMTP_CMD_RCPT, SMTP_WHY_WILL_FORWARD, R_WILL_FORWARD, a, "bob@example.net");
	else
		R(s, SMTP_CMD_RCPT, SMTP_WHY_OK, R_RCPT_OK);
}

static bool check_data(struct smtp_session *s, const char *arg)
{
	if (!no_arg(s, SMTP_CMD_DATA, arg, "DATA"))
		return false;
	if (!need_helo(s, SMTP_CMD_DATA))
		return false;
	if (!s->in_tx) {
		R(s, SMTP_CMD_DATA, SMTP_WHY_DATA_BEFORE_MAIL, R_NEED_RCPT);
		return false;
	}
	if (s->chunked) {
		R(s, SMTP_CMD_DATA, SMTP_WHY_DATA_AFTER_BDAT, R_DATA_AFTER_BDAT);
		return false;
	}
	if (s->nrcpt == 0) {
		R(s, SMTP_CMD_DATA, SMTP_WHY_DATA_NO_RCPT, R_NO_VALID_RCPT);
		return false;
	}
	if (s->binarymime) {
		R(s, SMTP_CMD_DATA, SMTP_WHY_BINARYMIME_DATA, R_BINARYMIME_DATA);
		return false;
	}
	return true;
}

static void proceed_data(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	s->data_len = 0;
	s->data_seen = 0;
	s->data_err = SMTP_WHY_OK;
	set_state(s, SMTP_STATE_DATA);
	if (force)
		rule_reply(s, SMTP_CMD_DATA, force);
	else
		R(s, SMTP_CMD_DATA, SMTP_WHY_OK, R_DATA_GO);
}

static bool check_rset(struct smtp_session *s, const char *arg)
{
	return no_arg(s, SMTP_CMD_RSET, arg, "RSET");
}

static void proceed_rset(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	reset_tx(s);
	set_state(s, idle_state(s));
	R(s, SMTP_CMD_RSET, SMTP_WHY_OK, R_OK);
}

static bool check_any(struct smtp_session *s, const char *arg)
{
	(void)s;
	(void)arg;
	return true;
}

static void proceed_noop(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	R(s, SMTP_CMD_NOOP, SMTP_WHY_OK, R_OK);
}

static bool check_vrfy(struct smtp_session *s, const char *arg)
{
	if (arg[0])
		return true;
	R(s, SMTP_CMD_VRFY, SMTP_WHY_PARAM_SYNTAX, R_SYNTAX, "VRFY address");
	return false;
}

static void proceed_vrfy(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)force;
	R(s, SMTP_CMD_VRFY, SMTP_WHY_VRFY_NO_CONFIRM, R_VRFY, arg);
}

static void proceed_expn(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	R(s, SMTP_CMD_EXPN, SMTP_WHY_EXPN_DISABLED, R_EXPN);
}

static void proceed_help(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	const struct smtp_profile *p = s->srv->profile;
	R(s, SMTP_CMD_HELP, SMTP_WHY_OK, R_HELP,
	  p->starttls && !s->tls ? " STARTTLS" : "", p->auth ? " AUTH" : "");
}

static bool check_quit(struct smtp_session *s, const char *arg)
{
	return no_arg(s, SMTP_CMD_QUIT, arg, "QUIT");
}

static void proceed_quit(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	reset_tx(s);
	if (force)
		rule_reply(s, SMTP_CMD_QUIT, force);
	else
		R(s, SMTP_CMD_QUIT, SMTP_WHY_OK, R_BYE);
	close_session(s);
}

static bool check_starttls(struct smtp_session *s, const char *arg)
{
	const struct smtp_profile *p = s->srv->profile;
	if (s->tls) {
		R(s, SMTP_CMD_STARTTLS, SMTP_WHY_TLS_ACTIVE, R_TLS_ACTIVE);
		return false;
	}
	if (!p->starttls) {
		R(s, SMTP_CMD_STARTTLS, SMTP_WHY_NOT_IMPLEMENTED, R_NOT_IMPLEMENTED);
		return false;
	}
	if (!no_arg(s, SMTP_CMD_STARTTLS, arg, "STARTTLS"))
		return false;
	if (s->in_tx) {
		R(s, SMTP_CMD_STARTTLS, SMTP_WHY_BAD_SEQUENCE, R_IN_TRANSACTION);
		return false;
	}
	return true;
}

static void proceed_starttls(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	R(s, SMTP_CMD_STARTTLS, SMTP_WHY_OK, R_STARTTLS);
	/* RFC 3207 §4.2: forget everything learnt before the handshake */
	reset_tx(s);
	s->helo_done = false;
	s->helo[0] = '\0';
	s->authed = false;
	s->auth_user[0] = '\0';
	s->tls = true;
	s->tls_wait = true;
	set_state(s, SMTP_STATE_GREETED);
	struct smtp_event ev = { .type = SMTP_EV_TLS };
	emit(s, &ev);
	if (s->simulated_tls)
		s->tls_wait = false;
}

/* AUTH */

static enum auth_mech mech_of(const char *arg, size_t len)
{
	if (len == 5 && !strncasecmp(arg, "PLAIN", 5))
		return MECH_PLAIN;
	if (len == 5 && !strncasecmp(arg, "LOGIN", 5))
		return MECH_LOGIN;
	if (len == 11 && !strncasecmp(arg, "OAUTHBEARER", 11))
		return MECH_OAUTHBEARER;
	if (len == 7 && !strncasecmp(arg, "XOAUTH2", 7))
		return MECH_XOAUTH2;
	return MECH_NONE;
}

static bool check_auth(struct smtp_session *s, const char *arg)
{
	const struct smtp_profile *p = s->srv->profile;
	if (!p->auth) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_NOT_IMPLEMENTED, R_AUTH_DISABLED);
		return false;
	}
	if (!need_helo(s, SMTP_CMD_AUTH))
		return false;
	if (p->auth_needs_tls && !s->tls) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_TLS_REQUIRED, R_NEED_STARTTLS);
		return false;
	}
	if (s->authed) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_ALREADY, R_AUTH_ALREADY);
		return false;
	}
	if (s->in_tx) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_IN_TRANSACTION, R_IN_TRANSACTION);
		return false;
	}
	size_t len = strcspn(arg, " ");
	if (len == 0) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_PARAM_SYNTAX, R_SYNTAX, "AUTH mechanism");
		return false;
	}
	enum auth_mech m = mech_of(arg, len);
	if (m == MECH_NONE || ((m == MECH_OAUTHBEARER || m == MECH_XOAUTH2) && !p->oauth)) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_MECH, R_AUTH_MECH);
		return false;
	}
	return true;
}

static void challenge(struct smtp_session *s, const char *b64, const char *decoded)
{
	snprintf(s->text, sizeof s->text, "%s", b64);
	emit_reply(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_CONTINUE, 334, "", decoded);
}

static void auth_event(struct smtp_session *s, const char *user, bool ok)
{
	struct smtp_event ev = { .type = SMTP_EV_AUTH, .user = user, .ok = ok };
	emit(s, &ev);
}

static void auth_line_event(struct smtp_session *s, const char *text)
{
	struct smtp_event ev = { .type = SMTP_EV_AUTH_LINE, .text = text };
	emit(s, &ev);
}

static void auth_finish(struct smtp_session *s, enum smtp_cmd cmd, const char *user,
                        const char *pass)
{
	s->mech = MECH_NONE;
	set_state(s, idle_state(s));
	const char *account = smtp_check_account(user, pass);
	if (!account) {
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	s->authed = true;
	snprintf(s->auth_user, sizeof s->auth_user, "%s", account);
	auth_event(s, account, true);
	R(s, cmd, SMTP_WHY_OK, R_AUTH_OK);
}

/* Decode one base64 answer into buf (NUL-terminated); false when invalid. */
static bool auth_decode(const char *b64, size_t n, char *buf, size_t cap, size_t *out)
{
	if (n == 1 && b64[0] == '=') { /* RFC 4954: "=" is an empty response */
		buf[0] = '\0';
		*out = 0;
		return true;
	}
	if ((n / 4) * 3 + 3 > cap)
		return false;
	long len = smtp_b64_decode(b64, n, (unsigned char *)buf);
	if (len < 0)
		return false;
	buf[len] = '\0';
	*out = (size_t)len;
	return true;
}

static void auth_plain(struct smtp_session *s, enum smtp_cmd cmd, const char *b64, size_t n)
{
	char buf[SMTP_TEXT_LINE_MAX];
	size_t len;
	if (!auth_decode(b64, n, buf, sizeof buf, &len)) {
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		R(s, cmd, SMTP_WHY_AUTH_BASE64, R_AUTH_BASE64);
		return;
	}
	/* authzid NUL authcid NUL passwd */
	const char *authz = buf;
	const char *nul1 = memchr(buf, '\0', len);
	const char *user = nul1 && (size_t)(nul1 - buf) < len ? nul1 + 1 : NULL;
	const char *nul2 = user ? memchr(user, '\0', len - (size_t)(user - buf)) : NULL;
	const char *pass = nul2 && (size_t)(nul2 - buf) < len ? nul2 + 1 : NULL;
	char shown[SMTP_TEXT_LINE_MAX + 64];
	if (!pass) {
		auth_line_event(s, "(not authzid\\0user\\0password)");
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		auth_event(s, "", false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	snprintf(shown, sizeof shown, "authzid \"%.200s\", user \"%.200s\", password ********",
	         authz, user);
	auth_line_event(s, shown);
	if (authz[0] && strcasecmp(authz, user)) {
		/* acting for someone else is not allowed */
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	auth_finish(s, cmd, user, pass);
}

/* The key=value pairs of an OAUTHBEARER (after its GS2 header) or XOAUTH2
 * response, each ended by ^A, the list by one more ^A (RFC 7628 §3.1).
 * False when the list is not ended. */
static bool oauth_pairs(const char *p, const char *end, char *user, size_t ucap,
                        const char **auth, size_t *alen)
{
	*auth = NULL;
	while (p < end) {
		const char *q = memchr(p, 0x01, (size_t)(end - p));
		if (!q)
			return false;
		if (q == p)
			return q + 1 == end;
		size_t n = (size_t)(q - p);
		if (n > 5 && !strncmp(p, "auth=", 5)) {
			*auth = p + 5;
			*alen = n - 5;
		} else if (n > 5 && !strncmp(p, "user=", 5) && ucap) {
			snprintf(user, ucap, "%.*s", (int)(n - 5), p + 5);
		}
		p = q + 1;
	}
	return false;
}

/* OAUTHBEARER's GS2 header "n,a=USER," and its ^A (RFC 7628 §3.1, RFC 5801
 * §4): the user (",", "=" written =2C, =3D) into user; NULL if malformed,
 * else where the pairs start. No channel binding ("p=") is offered. */
static const char *gs2_header(const char *p, const char *end, char *user, size_t ucap)
{
	if (end - p < 3 || (p[0] != 'n' && p[0] != 'y') || p[1] != ',')
		return NULL;
	p += 2;
	size_t o = 0;
	if (end - p >= 2 && p[0] == 'a' && p[1] == '=') {
		p += 2;
		while (p < end && *p != ',') {
			char c = *p++;
			if (c == '=') {
				if (end - p < 2)
					return NULL;
				if (p[0] == '2' && p[1] == 'C')
					c = ',';
				else if (p[0] == '3' && p[1] == 'D')
					c = '=';
				else
					return NULL;
				p += 2;
			}
			if (o + 1 < ucap)
				user[o++] = c;
		}
	}
	user[o] = '\0';
	if (p >= end || *p != ',')
		return NULL;
	p++;
	if (p >= end || *p != 0x01)
		return NULL;
	return p + 1;
}

/* Whether USER (an address or a local-part) names ACCOUNT. */
static bool user_is(const char *user, const char *account)
{
	size_t local = strcspn(account, "@");
	return !strcasecmp(user, account) ||
	       (strlen(user) == local && !strncasecmp(user, account, local));
}

static void auth_oauth(struct smtp_session *s, enum smtp_cmd cmd, const char *b64, size_t n)
{
	bool xo = s->mech == MECH_XOAUTH2;
	char buf[SMTP_TEXT_LINE_MAX];
	size_t len;
	if (!auth_decode(b64, n, buf, sizeof buf, &len)) {
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		R(s, cmd, SMTP_WHY_AUTH_BASE64, R_AUTH_BASE64);
		return;
	}
	char user[SMTP_PATH_MAX + 1] = "";
	const char *pairs = xo ? buf : gs2_header(buf, buf + len, user, sizeof user);
	const char *auth = NULL;
	size_t alen = 0;
	bool ok = pairs && oauth_pairs(pairs, buf + len, xo ? user : NULL, xo ? sizeof user : 0,
	                               &auth, &alen);
	ok = ok && auth && alen > 7 && !strncasecmp(auth, "Bearer ", 7);
	if (!ok) {
		auth_line_event(s, xo ? "(not user=USER^Aauth=Bearer TOKEN^A^A)"
		                      : "(not n,a=USER,^Aauth=Bearer TOKEN^A^A)");
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	const char *tok = auth + 7;
	size_t toklen = alen - 7;
	bool expired;
	const char *account = smtp_check_token(tok, toklen, &expired);
	char shown[SMTP_PATH_MAX + 128];
	snprintf(shown, sizeof shown, "user \"%.200s\", auth=Bearer ******** (%s)", user,
	         !account ? "a token the server does not know" :
	         expired ? "an expired token" : "a valid token");
	auth_line_event(s, shown);
	if (!account || expired) {
		/* RFC 7628 §3.2.2: the failure is a challenge holding a JSON
		 * error; the client must answer it before the 535 */
		static const char bearer_err[] =
			"{\"status\":\"invalid_token\",\"scope\":\"mail.send\","
			"\"openid-configuration\":\"https://auth.example.com/.well-known/openid-configuration\"}";
		static const char xoauth2_err[] =
			"{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"mail.send\"}";
		const char *json = xo ? xoauth2_err : bearer_err;
		char enc[400];
		smtp_b64_encode(json, strlen(json), enc);
		snprintf(s->login_user, sizeof s->login_user, "%s", user);
		s->mech = MECH_OAUTH_FAILED;
		set_state(s, SMTP_STATE_AUTH);
		snprintf(s->text, sizeof s->text, "%s", enc);
		emit_reply(s, cmd, SMTP_WHY_TOKEN_INVALID, 334, "", json);
		return;
	}
	if (user[0] && !user_is(user, account)) {
		/* the token is someone else's */
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	s->mech = MECH_NONE;
	set_state(s, idle_state(s));
	s->authed = true;
	snprintf(s->auth_user, sizeof s->auth_user, "%s", account);
	auth_event(s, account, true);
	R(s, cmd, SMTP_WHY_OK, R_AUTH_OK);
}

static void proceed_auth(struct smtp_session *s, const char *arg, const struct rule *force)
{
	size_t len = strcspn(arg, " ");
	const char *init = arg + len;
	while (*init == ' ')
		init++;
	s->mech = mech_of(arg, len);
	if (force) {
		s->mech = MECH_NONE;
		rule_reply(s, SMTP_CMD_AUTH, force);
		if (force->code == 235) {
			s->authed = true;
			snprintf(s->auth_user, sizeof s->auth_user, "%s", "alice@example.com");
			auth_event(s, s->auth_user, true);
		}
		return;
	}
	if (s->mech == MECH_PLAIN) {
		if (*init) {
			auth_plain(s, SMTP_CMD_AUTH, init, strlen(init));
			return;
		}
		set_state(s, SMTP_STATE_AUTH);
		challenge(s, "", "(empty: send authzid\\0user\\0password in base64)");
		return;
	}
	if (s->mech == MECH_OAUTHBEARER || s->mech == MECH_XOAUTH2) {
		if (*init) {
			auth_oauth(s, SMTP_CMD_AUTH, init, strlen(init));
			return;
		}
		set_state(s, SMTP_STATE_AUTH);
		challenge(s, "", s->mech == MECH_XOAUTH2
		                 ? "(empty: send user=USER^Aauth=Bearer TOKEN^A^A in base64)"
		                 : "(empty: send n,a=USER,^Aauth=Bearer TOKEN^A^A in base64)");
		return;
	}
	s->auth_step = 0;
	if (*init) {
		size_t n;
		if (!auth_decode(init, strlen(init), s->login_user, sizeof s->login_user, &n) ||
		    memchr(s->login_user, '\0', n)) {
			s->mech = MECH_NONE;
			R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_BASE64, R_AUTH_BASE64);
			return;
		}
		auth_line_event(s, s->login_user);
		s->auth_step = 1;
		set_state(s, SMTP_STATE_AUTH);
		challenge(s, "UGFzc3dvcmQ6", "Password:");
		return;
	}
	set_state(s, SMTP_STATE_AUTH);
	challenge(s, "VXNlcm5hbWU6", "Username:");
}

static void auth_line(struct smtp_session *s, const char *line, size_t len)
{
	const enum smtp_cmd cmd = SMTP_CMD_AUTH_DATA;
	if (len == 1 && line[0] == '*') {
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		R(s, cmd, SMTP_WHY_AUTH_CANCELLED, R_AUTH_CANCELLED);
		return;
	}
	if (s->mech == MECH_PLAIN) {
		auth_plain(s, cmd, line, len);
		return;
	}
	if (s->mech == MECH_OAUTH_FAILED) {
		/* the answer to the error challenge (^A) ends the exchange */
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		auth_event(s, s->login_user, false);
		R(s, cmd, SMTP_WHY_TOKEN_INVALID, R_AUTH_TOKEN);
		return;
	}
	if (s->mech == MECH_OAUTHBEARER || s->mech == MECH_XOAUTH2) {
		auth_oauth(s, cmd, line, len);
		return;
	}
	char buf[SMTP_PATH_MAX + 1];
	size_t n;
	if (!auth_decode(line, len, buf, sizeof buf, &n) || memchr(buf, '\0', n)) {
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		R(s, cmd, SMTP_WHY_AUTH_BASE64, R_AUTH_BASE64);
		return;
	}
	if (s->auth_step == 0) {
		memcpy(s->login_user, buf, n + 1);
		auth_line_event(s, buf);
		s->auth_step = 1;
		snprintf(s->text, sizeof s->text, "UGFzc3dvcmQ6");
		emit_reply(s, cmd, SMTP_WHY_AUTH_CONTINUE, 334, "", "Password:");
		return;
	}
	auth_line_event(s, "********");
	auth_finish(s, cmd, s->login_user, buf);
}

/* BDAT (RFC 3030 §2): "BDAT size [LAST]". Whatever the answer, the size's
 * octets follow the command line and are read first: only a line whose
 * size cannot be read is answered at once. */
static bool check_bdat(struct smtp_session *s, const char *arg)
{
	size_t digits = strspn(arg, "0123456789");
	const char *rest = arg + digits;
	bool ok = digits > 0 && digits <= 19;
	if (ok && *rest) {
		while (*rest == ' ')
			rest++;
		ok = rest > arg + digits && !strcasecmp(rest, "LAST");
	}
	if (!ok) {
		R(s, SMTP_CMD_BDAT, SMTP_WHY_BDAT_SYNTAX, R_BDAT_SYNTAX);
		return false;
	}
	s->chunk_size = strtoull(arg, NULL, 10);
	s->chunk_last = *rest != '\0';
	return true;
}

static void chunk_done(struct smtp_session *s);

static void proceed_bdat(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	enum smtp_why err = SMTP_WHY_OK;
	if (!s->helo_done)
		err = SMTP_WHY_NEED_HELO;
	else if (!s->in_tx)
		err = SMTP_WHY_DATA_BEFORE_MAIL;
	else if (s->nrcpt == 0)
		err = SMTP_WHY_DATA_NO_RCPT;
	else if (s->chunk_size > smtp_server_max_size(s->srv))
		err = SMTP_WHY_CHUNK_TOO_BIG;
	s->chunk_err = err;
	s->chunk_back = s->state;
	s->chunk_left = s->chunk_size;
	if (!err) {
		if (!s->chunked) {
			s->data_len = 0;
			s->data_seen = 0;
			s->data_err = SMTP_WHY_OK;
		}
		s->chunked = true;
	}
	set_state(s, SMTP_STATE_BDAT);
	if (s->chunk_left == 0)
		chunk_done(s);
}

static const struct command commands[] = {
	{ "HELO", SMTP_CMD_HELO, STAGE_HELO, check_helo_cmd, arg_word, proceed_helo },
	{ "EHLO", SMTP_CMD_EHLO, STAGE_EHLO, check_ehlo_cmd, arg_word, proceed_ehlo },
	{ "MAIL", SMTP_CMD_MAIL, STAGE_MAIL, check_mail, path_arg, proceed_mail },
	{ "RCPT", SMTP_CMD_RCPT, STAGE_RCPT, check_rcpt, path_arg, proceed_rcpt },
	{ "DATA", SMTP_CMD_DATA, STAGE_DATA, check_data, NULL, proceed_data },
	{ "RSET", SMTP_CMD_RSET, STAGE_COUNT, check_rset, NULL, proceed_rset },
	{ "NOOP", SMTP_CMD_NOOP, STAGE_COUNT, check_any, NULL, proceed_noop },
	{ "VRFY", SMTP_CMD_VRFY, STAGE_COUNT, check_vrfy, NULL, proceed_vrfy },
	{ "EXPN", SMTP_CMD_EXPN, STAGE_COUNT, check_any, NULL, proceed_expn },
	{ "HELP", SMTP_CMD_HELP, STAGE_COUNT, check_any, NULL, proceed_help },
	{ "QUIT", SMTP_CMD_QUIT, STAGE_QUIT, check_quit, NULL, proceed_quit },
	{ "STARTTLS", SMTP_CMD_STARTTLS, STAGE_STARTTLS, check_starttls, NULL, proceed_starttls },
	{ "AUTH", SMTP_CMD_AUTH, STAGE_AUTH, check_auth, arg_word, proceed_auth },
	{ "BDAT", SMTP_CMD_BDAT, STAGE_COUNT, check_bdat, NULL, proceed_bdat },
};

/* --- message text ------------------------------------------------------------- */

static bool data_reserve(struct smtp_session *s, size_t more)
{
	if (s->data_len + more <= s->data_cap)
		return true;
	size_t cap = s->data_cap ? s->data_cap : 4096;
	while (cap < s->data_len + more)
		cap *= 2;
	char *d = realloc(s->data, cap);
	if (!d)
		return false;
	s->data = d;
	s->data_cap = cap;
	return true;
}

static size_t header_length(const char *d, size_t n)
{
	if (n >= 2 && d[0] == '\r' && d[1] == '\n')
		return 0;
	for (size_t i = 0; i + 3 < n; i++)
		if (d[i] == '\r' && d[i + 1] == '\n' && d[i + 2] == '\r' && d[i + 3] == '\n')
			return i + 2;
	return n;
}

/* The domain of the address in the From: field of the header section
 * d[0..n), or NULL; *len gets its length. Continuation lines are part of
 * the field; the address is the last <...> in it, else the whole value. */
static const char *from_domain(const char *d, size_t n, size_t *len)
{
	size_t i = 0;
	while (i < n) {
		size_t eol = i;
		while (eol < n && d[eol] != '\r' && d[eol] != '\n')
			eol++;
		if (eol - i >= 5 && !strncasecmp(d + i, "From:", 5)) {
			size_t end = eol;   /* the field ends before a line that is not folded */
			while (end + 2 < n && d[end] == '\r' && (d[end + 2] == ' ' || d[end + 2] == '\t')) {
				end += 2;
				while (end < n && d[end] != '\r' && d[end] != '\n')
					end++;
			}
			const char *v = d + i + 5, *e = d + end;
			const char *lt = NULL;
			for (const char *p = v; p < e; p++)
				if (*p == '<')
					lt = p;
			if (lt) {
				const char *gt = memchr(lt, '>', (size_t)(e - lt));
				if (gt) {
					v = lt + 1;
					e = gt;
				}
			}
			const char *at = NULL;
			for (const char *p = v; p < e; p++)
				if (*p == '@')
					at = p;
			if (!at)
				return NULL;
			const char *dom = at + 1, *p = dom;
			while (p < e && *p != ' ' && *p != '\t' && *p != '>' && *p != '\r' && *p != ')')
				p++;
			*len = (size_t)(p - dom);
			return *len ? dom : NULL;
		}
		i = eol + 2;   /* lines are stored with CRLF */
	}
	return NULL;
}

/* dmarc-reject: whether the From: domain is example.org or one of its
 * subdomains (relaxed alignment, RFC 7489 §3.1): its DMARC policy is
 * reject and its SPF never lists the simulated client, and no DKIM
 * signature is ever verified here, so such a message always fails.
 * Authenticated submission is not checked. */
static bool dmarc_fails(const struct smtp_session *s)
{
	if (!(s->srv->scenarios & SC_DMARC_REJECT) || s->authed || !s->data)
		return false;
	size_t n;
	const char *dom = from_domain(s->data, header_length(s->data, s->data_len), &n);
	if (!dom)
		return false;
	if (dom[n - 1] == '.')
		n--;
	const char *org = "example.org";
	size_t ol = strlen(org);
	return (n == ol && !strncasecmp(dom, org, ol)) ||
	       (n > ol + 1 && dom[n - ol - 1] == '.' && !strncasecmp(dom + n - ol, org, ol));
}

/* Whether ADDR is the mailbox LOCAL of the simulated domain. */
static bool is_local_user(const char *addr, const char *local)
{
	size_t n = strlen(local);
	const char *at = strrchr(addr, '@');
	return at && (size_t)(at - addr) == n && !strncasecmp(addr, local, n) &&
	       smtp_domain_is_local(at + 1);
}

static bool is_local_addr(const char *addr)
{
	const char *at = strrchr(addr, '@');
	return at ? smtp_domain_is_local(at + 1) : !strcasecmp(addr, "postmaster");
}

static void next_queue_id(struct smtp_session *s, char *out, size_t n)
{
	unsigned long *counter = s->srv->shared_counter ? s->srv->shared_counter
	                                                : &s->srv->queue_counter;
	++*counter;
	snprintf(out, n, "%05lX%05lX",
	         (unsigned long)(smtp_server_now(s->srv) & 0xFFFFF), *counter & 0xFFFFF);
}

/* After the reply that accepted message M: the notifications the simulated
 * world sends its sender (RFC 3461 §5.2.1, §6.2): a failure DSN for the
 * recipients found undeliverable (unless NOTIFY=NEVER or without FAILURE),
 * a success DSN for local recipients that asked NOTIFY=SUCCESS. Mail from
 * the null sender never gets one (RFC 5321 §4.5.5). Mail relayed to other
 * domains carries its NOTIFY onwards: the next server reports. */
static void send_dsns(struct smtp_session *s, const struct smtp_message *m)
{
	if (!m->mail_from[0] || !m->nrcpt)
		return;
	bool any = false;
	for (size_t i = 0; i < m->nrcpt && !any; i++)
		any = m->info[i].bounced || (m->info[i].notify & SMTP_NOTIFY_SUCCESS);
	if (!any)
		return;
	size_t *which = malloc(m->nrcpt * sizeof *which);
	if (!which)
		return;
	for (int failed = 1; failed >= 0; failed--) {
		size_t n = 0;
		for (size_t i = 0; i < m->nrcpt; i++) {
			const struct smtp_rcpt_info *ri = &m->info[i];
			bool want = failed ? ri->bounced && (!ri->notify || (ri->notify & SMTP_NOTIFY_FAILURE))
			                   : !ri->bounced && (ri->notify & SMTP_NOTIFY_SUCCESS) &&
			                     is_local_addr(m->rcpt[i]);
			if (want)
				which[n++] = i;
		}
		if (!n)
			continue;
		char id[16], subj[200];
		next_queue_id(s, id, sizeof id);
		int64_t now = smtp_server_now(s->srv);
		struct dsn_request rq = {
			.msg = m, .host = s->srv->profile->host, .arrival = now, .now = now,
			.failed = failed, .which = which, .n = n, .dsn_id = id,
		};
		size_t len = 0;
		char *text = smtp_dsn_build(&rq, &len, subj, sizeof subj);
		if (!text)
			continue;
		const char **rc = malloc(n * sizeof *rc), **st = malloc(n * sizeof *st);
		if (rc && st) {
			for (size_t i = 0; i < n; i++) {
				rc[i] = m->rcpt[which[i]];
				st[i] = m->info[which[i]].status;
			}
			const char *to = m->mail_from;
			struct smtp_rcpt_info none = { 0 };
			struct smtp_message dm = {
				.helo = s->srv->profile->host, .mail_from = "", .rcpt = &to,
				.nrcpt = 1, .data = text, .size = len,
				.header_len = header_length(text, len), .client_addr = "127.0.0.1",
				.queue_id = id, .info = &none,
			};
			struct smtp_dsn d = {
				.action = failed ? "failed" : "delivered", .to = to,
				.to_local = is_local_addr(to), .subject = subj,
				.rcpt = rc, .status = st, .nrcpt = n, .queue_id = m->queue_id,
				.text = text, .size = len, .msg = &dm,
			};
			struct smtp_event ev = { .type = SMTP_EV_DSN, .dsn = &d };
			emit(s, &ev);
		}
		free(rc);
		free(st);
		free(text);
	}
	free(which);
}

static void end_of_data(struct smtp_session *s, enum smtp_cmd cmd)
{
	enum smtp_why err = s->data_err;
	set_state(s, SMTP_STATE_READY);
	if (err == SMTP_WHY_SIZE_EXCEEDED) {
		R(s, cmd, err, R_SIZE_EXCEEDED);
		goto out;
	}
	if (err == SMTP_WHY_LINE_TOO_LONG) {
		R(s, cmd, err, R_TEXT_TOO_LONG);
		goto out;
	}
	if (err == SMTP_WHY_LOCAL_ERROR) {
		R(s, cmd, err, R_LOCAL_ERROR);
		goto out;
	}
	const struct rule *r = smtp_server_rule(s->srv, STAGE_DOT, NULL);
	if (r && r->code / 100 != 2) {
		rule_reply(s, cmd, r);
		goto out;
	}
	if (!r && dmarc_fails(s)) {
		R(s, cmd, SMTP_WHY_DMARC_REJECT, R_DMARC_REJECT);
		goto out;
	}
	if (!r && (s->srv->scenarios & SC_LOCAL_ERROR)) {
		R(s, cmd, SMTP_WHY_LOCAL_ERROR, R_LOCAL_ERROR);
		goto out;
	}
	if (!r && s->over_quota) {
		R(s, cmd, SMTP_WHY_MAILBOX_FULL, R_OVER_QUOTA, "carol@example.com");
		goto out;
	}
	if (s->rcpt_ptr_cap < s->nrcpt) {
		const char **p = realloc(s->rcpt_ptr, s->nrcpt * sizeof *p);
		if (!p) {
			R(s, cmd, SMTP_WHY_LOCAL_ERROR, R_LOCAL_ERROR);
			goto out;
		}
		s->rcpt_ptr = p;
		s->rcpt_ptr_cap = s->nrcpt;
	}
	if (s->info_cap < s->nrcpt) {
		struct smtp_rcpt_info *p = realloc(s->info, s->nrcpt * sizeof *p);
		if (!p) {
			R(s, cmd, SMTP_WHY_LOCAL_ERROR, R_LOCAL_ERROR);
			goto out;
		}
		s->info = p;
		s->info_cap = s->nrcpt;
	}
	struct smtp_rcpt_info *info = s->info;
	memset(info, 0, s->nrcpt * sizeof *info);
	const char *a = s->rcpt_buf;
	char diag[SMTP_REPLY_LINE_MAX];
	for (size_t i = 0; i < s->nrcpt; i++) {
		s->rcpt_ptr[i] = a;
		const struct rcpt_dsn *d = &s->rdsn[i];
		info[i].notify = d->notify;
		info[i].orcpt_type = d->has_orcpt ? d->type : NULL;
		info[i].orcpt = d->has_orcpt ? d->orcpt : NULL;
		info[i].status = "2.0.0";
		/* bounce-after-accept: carol's quota is only found full at
		 * delivery, after the 250 */
		if ((s->srv->scenarios & SC_BOUNCE_AFTER_ACCEPT) && is_local_user(a, "carol")) {
			info[i].bounced = true;
			info[i].status = "5.2.2";
			snprintf(diag, sizeof diag, "smtp; 552 5.2.2 <%s>: Mailbox full: user is over quota", a);
			info[i].diagnostic = diag;
		}
		a += strlen(a) + 1;
	}
	/* the queue id is made before delivery, so the stored copy can carry it;
	 * it is used up even if delivery fails, so no id is ever given twice */
	next_queue_id(s, s->qid, sizeof s->qid);
	struct smtp_message m = {
		.helo = s->helo, .mail_from = s->mail_from,
		.rcpt = s->rcpt_ptr, .nrcpt = s->nrcpt,
		.data = s->data ? s->data : "", .size = s->data_len,
		.header_len = header_length(s->data, s->data_len),
		.tls = s->tls, .auth_user = s->authed ? s->auth_user : NULL,
		.client_addr = s->client, .eightbit = s->eightbit,
		.queue_id = s->qid, .chunked = s->chunked, .binarymime = s->binarymime,
		.ret = s->ret, .envid = s->has_envid ? s->envid : NULL, .info = info,
	};
	struct smtp_event ev = { .type = SMTP_EV_MESSAGE, .msg = &m };
	if (emit(s, &ev) != 0) {
		R(s, cmd, SMTP_WHY_LOCAL_ERROR, R_LOCAL_ERROR);
		goto out;
	}
	if (r)
		rule_reply(s, cmd, r);
	else
		R(s, cmd, SMTP_WHY_OK, R_QUEUED, s->qid);
	send_dsns(s, &m);
out:
	reset_tx(s);
}

/* A message text line that a learner may have meant as a command: a
 * lone "." with spaces beside it, or a command verb. It stays text
 * (RFC 5321 §4.1.1.4: only CRLF.CRLF ends the data). */
static enum smtp_why text_line_lookalike(const char *line, size_t len)
{
	/* alone on the line, or (ending in a space or ':') with an argument;
	 * "Data shows…" or "Quit smoking" in a body stays unremarked */
	static const char *const verbs[] = { "QUIT", "RSET", "DATA", "NOOP", "STARTTLS",
	                                     "EHLO ", "HELO ", "AUTH ", "MAIL FROM:", "RCPT TO:" };
	size_t a = 0, b = len;
	while (a < b && (line[a] == ' ' || line[a] == '\t'))
		a++;
	while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
		b--;
	if (b - a == 1 && line[a] == '.')
		return SMTP_WHY_DOT_SPACES;
	for (size_t i = 0; i < sizeof verbs / sizeof *verbs; i++) {
		size_t n = strlen(verbs[i]);
		bool arg = verbs[i][n - 1] == ' ' || verbs[i][n - 1] == ':';
		if ((arg ? b - a > n : b - a == n) && !strncasecmp(line + a, verbs[i], n))
			return SMTP_WHY_COMMAND_IN_DATA;
	}
	return SMTP_WHY_OK;
}

/* Count a text line of len bytes (without CRLF) towards SIZE. Once the
 * message is over SIZE, that is the answer at the dot, even after a line
 * too long: the size is what a client can act on (RFC 1870 §6.3 552).
 * True when the message is over. */
static bool count_text(struct smtp_session *s, size_t len)
{
	size_t add = len < SIZE_MAX - 2 ? len + 2 : SIZE_MAX;
	s->data_seen = s->data_seen < SIZE_MAX - add ? s->data_seen + add : SIZE_MAX;
	if (s->data_seen <= smtp_server_max_size(s->srv))
		return false;
	if (s->data_err == SMTP_WHY_OK || s->data_err == SMTP_WHY_LINE_TOO_LONG)
		s->data_err = SMTP_WHY_SIZE_EXCEEDED;
	return true;
}

static void data_line(struct smtp_session *s, const char *line, size_t len)
{
	if (len == 1 && line[0] == '.') {
		end_of_data(s, SMTP_CMD_DOT);
		return;
	}
	enum smtp_why look = text_line_lookalike(line, len);
	if (look == SMTP_WHY_DOT_SPACES && !s->noted_dot) {
		s->noted_dot = true;
		note(s, look);
	} else if (look == SMTP_WHY_COMMAND_IN_DATA && !s->noted_cmd) {
		s->noted_cmd = true;
		note(s, look);
	}
	if (len > 0 && line[0] == '.') {
		line++; /* undo dot-stuffing (§4.5.2) */
		len--;
	}
	if (count_text(s, len) || s->data_err != SMTP_WHY_OK)
		return;
	if (len + 2 > SMTP_TEXT_LINE_MAX) {
		s->data_err = SMTP_WHY_LINE_TOO_LONG;
		return; /* keep reading to the dot, store nothing more */
	}
	if (!data_reserve(s, len + 2)) {
		s->data_err = SMTP_WHY_LOCAL_ERROR;
		return;
	}
	memcpy(s->data + s->data_len, line, len);
	s->data_len += len;
	s->data[s->data_len++] = '\r';
	s->data[s->data_len++] = '\n';
}

/* --- BDAT chunks --------------------------------------------------------------- */

/* The chunk is read: answer it (RFC 3030 §2: one reply per chunk). */
static void chunk_done(struct smtp_session *s)
{
	const enum smtp_cmd cmd = SMTP_CMD_BDAT;
	enum smtp_why err = s->chunk_err;
	s->chunk_err = SMTP_WHY_OK;
	switch (err) {
	case SMTP_WHY_OK:
		break;
	case SMTP_WHY_NEED_HELO:
		set_state(s, s->chunk_back);
		R(s, cmd, err, R_NEED_HELO);
		return;
	case SMTP_WHY_DATA_BEFORE_MAIL:
		set_state(s, s->chunk_back);
		R(s, cmd, err, R_NEED_MAIL);
		return;
	case SMTP_WHY_DATA_NO_RCPT:
		set_state(s, s->chunk_back);
		R(s, cmd, err, R_NO_VALID_RCPT);
		return;
	default: /* CHUNK_TOO_BIG: the transaction fails */
		reset_tx(s);
		set_state(s, idle_state(s));
		R(s, cmd, err, R_CHUNK_TOO_BIG);
		return;
	}
	if (s->data_err == SMTP_WHY_SIZE_EXCEEDED || s->data_err == SMTP_WHY_LOCAL_ERROR) {
		/* §2: after a failed chunk the client sends no more of this
		 * message; the transaction is over */
		enum smtp_why e = s->data_err;
		reset_tx(s);
		set_state(s, idle_state(s));
		if (e == SMTP_WHY_SIZE_EXCEEDED)
			R(s, cmd, e, R_SIZE_EXCEEDED);
		else
			R(s, cmd, e, R_LOCAL_ERROR);
		return;
	}
	if (s->chunk_last) {
		end_of_data(s, cmd);
		return;
	}
	set_state(s, SMTP_STATE_RCPT);
	R(s, cmd, SMTP_WHY_OK, R_CHUNK_OK, (unsigned long long)s->chunk_size);
}

/* N octets of the chunk, as they are: no dot-stuffing, no line ends. */
static void chunk_bytes(struct smtp_session *s, const char *p, size_t n)
{
	if (n > s->chunk_left)
		n = (size_t)s->chunk_left;
	s->chunk_left -= n;
	if (!s->chunk_err) {
		s->data_seen = s->data_seen < SIZE_MAX - n ? s->data_seen + n : SIZE_MAX;
		if (s->data_seen > smtp_server_max_size(s->srv)) {
			if (s->data_err == SMTP_WHY_OK)
				s->data_err = SMTP_WHY_SIZE_EXCEEDED;
		} else if (s->data_err == SMTP_WHY_OK && n) {
			if (data_reserve(s, n)) {
				memcpy(s->data + s->data_len, p, n);
				s->data_len += n;
			} else {
				s->data_err = SMTP_WHY_LOCAL_ERROR;
			}
		}
	}
	if (s->chunk_left == 0)
		chunk_done(s);
}

/* A line typed into a chunk (the UI, the lessons): the line and its CRLF
 * are octets of the chunk, as far as they fit; the rest of the line is
 * what the server would read next, a command, as on the wire. */
static void chunk_line(struct smtp_session *s, const char *line, size_t len)
{
	uint64_t left = s->chunk_left;
	if (len + 2 <= left) {
		chunk_bytes(s, line, len);
		chunk_bytes(s, "\r\n", 2);
		return;
	}
	size_t take = len < left ? len : (size_t)left;
	bool cr = left > take;       /* room for the CR, not the LF */
	if (cr) {
		chunk_bytes(s, line, take);
		chunk_bytes(s, "\r", 1);
	} else {
		chunk_bytes(s, line, take);
	}
	smtp_session_feed_line(s, line + take, len - take);
}

/* --- command lines ---------------------------------------------------------- */

static bool looks_like_header(const char *verb, size_t len)
{
	if (len < 2 || verb[len - 1] != ':')
		return false;
	for (size_t i = 0; i + 1 < len; i++) {
		char c = verb[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

static void command_line(struct smtp_session *s, const char *line, size_t len)
{
	char buf[SMTP_CMD_LINE_MAX];
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			R(s, SMTP_CMD_LINE, SMTP_WHY_BAD_BYTES, R_BAD_CONTROL);
			return;
		}
	}
	if (!smtp_valid_utf8(line, len)) {
		R(s, SMTP_CMD_LINE, SMTP_WHY_BAD_BYTES, R_BAD_UTF8);
		return;
	}
	/* tolerate surrounding white space (RFC 5321 §4.1.1 asks servers to) */
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	while (len && (line[0] == ' ' || line[0] == '\t')) {
		line++;
		len--;
	}
	if (len == 0) {
		R(s, SMTP_CMD_LINE, SMTP_WHY_EMPTY_LINE, R_BAD_SYNTAX);
		return;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\t')
			buf[i] = ' ';
	size_t vlen = strcspn(buf, " ");
	const char *arg = buf + vlen;
	while (*arg == ' ')
		arg++;
	snprintf(s->cur_arg, sizeof s->cur_arg, "%s", arg);
	const struct command *c = NULL;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strlen(commands[i].verb) == vlen && !strncasecmp(buf, commands[i].verb, vlen))
			c = &commands[i];
	struct smtp_event ev = { .type = SMTP_EV_COMMAND, .cmd = c ? c->cmd : SMTP_CMD_UNKNOWN,
	                         .text = buf };
	emit(s, &ev);
	if (!c) {
		if (looks_like_header(buf, vlen))
			note(s, SMTP_WHY_HEADER_AS_COMMAND);
		R(s, SMTP_CMD_UNKNOWN, SMTP_WHY_UNKNOWN_CMD, R_UNKNOWN);
		return;
	}
	if (s->state == SMTP_STATE_BLOCKED && c->cmd != SMTP_CMD_QUIT) {
		R(s, c->cmd, SMTP_WHY_BLOCKED, R_BLOCKED_CMD);
		return;
	}
	if (!c->check(s, arg))
		return;
	const struct rule *force = NULL;
	if (c->stage != STAGE_COUNT) {
		const char *rarg = c->rule_arg ? c->rule_arg(s, arg) : NULL;
		const struct rule *r = smtp_server_rule(s->srv, c->stage, rarg);
		if (!r && c->cmd == SMTP_CMD_EHLO)
			r = smtp_server_rule(s->srv, STAGE_HELO, rarg);
		if (r && (r->code / 100 == 4 || r->code / 100 == 5)) {
			rule_reply(s, c->cmd, r);
			if (c->cmd == SMTP_CMD_QUIT)
				close_session(s);
			return;
		}
		force = r;
	}
	c->proceed(s, arg, force);
}

void smtp_session_feed_line(struct smtp_session *s, const char *line, size_t len)
{
	s->cur_arg[0] = '\0';
	switch (s->state) {
	case SMTP_STATE_INIT:
	case SMTP_STATE_CLOSED:
	case SMTP_STATE_COUNT:
		return;
	case SMTP_STATE_DATA:
		data_line(s, line, len);
		return;
	case SMTP_STATE_BDAT:
		chunk_line(s, line, len);
		return;
	default:
		break;
	}
	if (s->errors >= SMTP_ERRORS_MAX ||
	    ((s->srv->scenarios & SC_STRICT_ERRORS) && s->synprot >= STRICT_ERRORS_MAX)) {
		R(s, SMTP_CMD_LINE, SMTP_WHY_TOO_MANY_ERRORS, R_TOO_MANY_ERRORS,
		  s->srv->profile->host);
		return;
	}
	if (s->state == SMTP_STATE_AUTH) {
		if (len + 2 > SMTP_TEXT_LINE_MAX) {
			s->mech = MECH_NONE;
			set_state(s, idle_state(s));
			R(s, SMTP_CMD_AUTH_DATA, SMTP_WHY_LINE_TOO_LONG, R_AUTH_TOO_LONG);
			return;
		}
		auth_line(s, line, len);
		return;
	}
	if (len + 2 > SMTP_CMD_LINE_MAX) {
		R(s, SMTP_CMD_LINE, SMTP_WHY_LINE_TOO_LONG, R_LINE_TOO_LONG);
		return;
	}
	command_line(s, line, len);
}

/* A line of len bytes that did not fit the buffer: answered, never cut
 * and obeyed. */
static void overlong_line(struct smtp_session *s, size_t len)
{
	if (s->state == SMTP_STATE_DATA) {
		if (s->in[0] == '.')
			len--; /* dot-stuffing, as for any text line */
		if (!count_text(s, len) && s->data_err == SMTP_WHY_OK)
			s->data_err = SMTP_WHY_LINE_TOO_LONG;
		return;
	}
	if (s->state == SMTP_STATE_AUTH) {
		s->mech = MECH_NONE;
		set_state(s, idle_state(s));
		/* RFC 4954 §6 has its own code for this */
		R(s, SMTP_CMD_AUTH_DATA, SMTP_WHY_LINE_TOO_LONG, R_AUTH_TOO_LONG);
		return;
	}
	if (s->state == SMTP_STATE_INIT || s->state == SMTP_STATE_CLOSED)
		return;
	R(s, SMTP_CMD_LINE, SMTP_WHY_LINE_TOO_LONG, R_LINE_TOO_LONG);
}

void smtp_session_feed_group(struct smtp_session *s, const char *lines, size_t n)
{
	char *wire = malloc(2 * n + 3);
	if (!wire)
		return;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (lines[i] == '\n')
			wire[k++] = '\r';
		wire[k++] = lines[i];
	}
	wire[k++] = '\r';
	wire[k++] = '\n';
	for (size_t at = 0; at < k && !smtp_session_closed(s);) {
		size_t used = smtp_session_feed(s, wire + at, k - at);
		if (!used)
			break;
		at += used;
	}
	free(wire);
}

size_t smtp_session_feed(struct smtp_session *s, const char *buf, size_t n)
{
	size_t i = 0;
	while (i < n) {
		if (s->state == SMTP_STATE_CLOSED || s->tls_wait)
			return i;
		if (s->state == SMTP_STATE_BDAT && s->chunk_left) {
			size_t take = n - i < s->chunk_left ? n - i : (size_t)s->chunk_left;
			chunk_bytes(s, buf + i, take);
			i += take;
			continue;
		}
		char c = buf[i++];
		if (c != '\n') {
			s->in_total++;
			if (s->in_len < sizeof s->in)
				s->in[s->in_len++] = c;
			else
				s->in_over = true;
			s->in_cr = c == '\r';
			continue;
		}
		/* not the last byte stored: an over-long line's CR is not stored */
		bool cr = s->in_cr;
		s->in_cr = false;
		if (s->state == SMTP_STATE_DATA && s->strict_crlf && !cr) {
			/* a bare LF is text, not a line end: the smuggling defence */
			if (!s->noted_lf) {
				s->noted_lf = true;
				note(s, SMTP_WHY_BARE_LF);
			}
			s->in_total++;
			if (s->in_len < sizeof s->in)
				s->in[s->in_len++] = c;
			else
				s->in_over = true;
			continue;
		}
		size_t len = s->in_len - (cr ? 1 : 0);
		size_t total = s->in_total - (cr ? 1 : 0);
		bool over = s->in_over;
		s->in_len = s->in_total = 0;
		s->in_over = false;
		if (over)
			overlong_line(s, total);
		else
			smtp_session_feed_line(s, s->in, len);
	}
	return i;
}
