/* session.c — the RFC 5321 session: its life, the one reply path, state
 * changes and the events, and the bytes and lines fed to it. What a line
 * means is decided in commands.c (and envelope.c, data.c, auth.c).
 *
 * Every reply is built by sess_emit_reply(); every state change goes
 * through sess_set_state(). */
#include "smtp/internal.h"
#include "smtp/personality.h"
#include "smtp/replies.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

int sess_emit(struct smtp_session *s, struct smtp_event *ev)
{
	return s->sink ? s->sink(s->ctx, ev) : 0;
}

void sess_set_state(struct smtp_session *s, enum smtp_state to)
{
	if (s->state == to)
		return;
	struct smtp_event ev = { .type = SMTP_EV_STATE, .from = s->state, .to = to };
	s->state = to;
	sess_emit(s, &ev);
}

void sess_close(struct smtp_session *s)
{
	if (s->state == SMTP_STATE_CLOSED)
		return;
	sess_set_state(s, SMTP_STATE_CLOSED);
	struct smtp_event ev = { .type = SMTP_EV_CLOSE };
	sess_emit(s, &ev);
}

void sess_note(struct smtp_session *s, enum smtp_why why)
{
	struct smtp_event ev = { .type = SMTP_EV_NOTE, .why = why, .text = why_texts[why] };
	sess_emit(s, &ev);
}

/* Build the wire form of s->text (lines split at '\n') and emit it. */
void sess_emit_reply(struct smtp_session *s, enum smtp_cmd cmd, enum smtp_why why,
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
	sess_emit(s, &ev);
	if (code == 421 || code == 221)
		sess_close(s);
}

void sess_reply(struct smtp_session *s, enum smtp_cmd cmd, enum smtp_why why,
                int code, const char *enh, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->text, sizeof s->text, fmt, ap);
	va_end(ap);
	sess_emit_reply(s, cmd, why, code, enh, NULL);
}

void sess_rule_reply(struct smtp_session *s, enum smtp_cmd cmd, const struct rule *r)
{
	snprintf(s->text, sizeof s->text, "%s", r->text);
	sess_emit_reply(s, cmd, SMTP_WHY_RULE, r->code, r->enh, NULL);
}

/* --- the transaction ------------------------------------------------------ */

void sess_reset_tx(struct smtp_session *s)
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

/* The state to return to when no transaction is open. */
enum smtp_state sess_idle_state(const struct smtp_session *s)
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
			sess_set_state(s, SMTP_STATE_GREETED);
		} else if (r->code != 421) {
			sess_set_state(s, SMTP_STATE_BLOCKED);
		}
		sess_rule_reply(s, SMTP_CMD_CONNECT, r);
		return;
	}
	if (s->srv->scenarios & SC_OVERLOADED) {
		R(s, SMTP_CMD_CONNECT, SMTP_WHY_OVERLOADED, R_OVERLOADED, host);
		return;
	}
	if ((s->srv->scenarios & SC_BLOCKED) && !smtp_persona_blocks_at_rcpt(s->srv->persona)) {
		sess_set_state(s, SMTP_STATE_BLOCKED);
		R(s, SMTP_CMD_CONNECT, SMTP_WHY_BLOCKED, R_BLOCKED, host, s->client);
		return;
	}
	sess_set_state(s, SMTP_STATE_GREETED);
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
	sess_reset_tx(s);
	sess_set_state(s, SMTP_STATE_CLOSED);
}

void smtp_session_shutdown(struct smtp_session *s, enum smtp_why why)
{
	if (s->state == SMTP_STATE_CLOSED)
		return;
	sess_reset_tx(s);
	if (why == SMTP_WHY_TIMEOUT)
		R(s, SMTP_CMD_NONE, why, R_TIMEOUT, s->srv->profile->host);
	else
		R(s, SMTP_CMD_NONE, SMTP_WHY_SHUTDOWN, R_SHUTDOWN, s->srv->profile->host);
}

/* --- lines in ------------------------------------------------------------- */

static bool mech_char(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       c == '-' || c == '_';
}

size_t sess_auth_visible(const char *line, size_t len)
{
	size_t i = 0;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	/* "AUTH" and then no more of a word: "AUTHORIZE" is another verb */
	if (len - i < 4 || strncasecmp(line + i, "AUTH", 4) || (i + 4 < len && mech_char(line[i + 4])))
		return len;
	i += 4;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	/* a SASL mechanism name (RFC 4422 §3.1); whatever follows it is
	 * the initial response, or garbage that may hold it */
	while (i < len && mech_char(line[i]))
		i++;
	size_t end = i;
	while (i < len && (line[i] == ' ' || line[i] == '\t'))
		i++;
	return i < len ? end : len;
}

/* The LINE event for a line about to be handled: LEN of its TOTAL octets
 * are at LINE. */
static void line_event(struct smtp_session *s, const char *line, size_t len, size_t total)
{
	struct smtp_line *l = &s->line;
	switch (s->state) {
	case SMTP_STATE_DATA:
		l->kind = SMTP_LINE_TEXT;
		break;
	case SMTP_STATE_BDAT:
		l->kind = SMTP_LINE_CHUNK;
		break;
	case SMTP_STATE_AUTH:
		l->kind = SMTP_LINE_AUTH;
		break;
	default:
		l->kind = SMTP_LINE_COMMAND;
		break;
	}
	if (len > SMTP_TEXT_LINE_MAX)
		len = SMTP_TEXT_LINE_MAX;
	size_t show = len;
	if (l->kind == SMTP_LINE_AUTH)
		show = total == 1 && line[0] == '*' ? 1 : 0;
	else if (l->kind == SMTP_LINE_COMMAND)
		show = sess_auth_visible(line, len);
	memcpy(s->line_text, line, show);
	s->line_text[show] = '\0';
	l->text = s->line_text;
	l->len = show;
	l->total = total;
	l->masked = show < len;
	l->raw = line;   /* borrowed, like the event: valid during the call */
	l->raw_len = len;
	struct smtp_event ev = { .type = SMTP_EV_LINE, .line = l };
	sess_emit(s, &ev);
}

/* A whole line, its event emitted. */
static void handle_line(struct smtp_session *s, const char *line, size_t len)
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
		data_chunk_line(s, line, len);
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
			sess_set_state(s, sess_idle_state(s));
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
	cmd_line(s, line, len);
}

void smtp_session_feed_line(struct smtp_session *s, const char *line, size_t len)
{
	if (s->state == SMTP_STATE_INIT || s->state == SMTP_STATE_CLOSED)
		return;
	line_event(s, line, len, len);
	handle_line(s, line, len);
}

/* A line of len bytes that did not fit the buffer: answered, never cut
 * and obeyed. */
static void overlong_line(struct smtp_session *s, size_t len)
{
	if (s->state == SMTP_STATE_DATA) {
		if (s->in[0] == '.')
			len--; /* dot-stuffing, as for any text line */
		if (!data_count_text(s, len) && s->data_err == SMTP_WHY_OK)
			s->data_err = SMTP_WHY_LINE_TOO_LONG;
		return;
	}
	if (s->state == SMTP_STATE_AUTH) {
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
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
			data_chunk_bytes(s, buf + i, take);
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
				sess_note(s, SMTP_WHY_BARE_LF);
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
		if (over && s->state != SMTP_STATE_INIT && s->state != SMTP_STATE_CLOSED) {
			line_event(s, s->in, len, total);
			overlong_line(s, total);
		} else if (!over)
			smtp_session_feed_line(s, s->in, len);
	}
	return i;
}
