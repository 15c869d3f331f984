/* ui_play.c — engine events to transcript lines; free play and its
 * meta-commands. */
#include "lesson/meta.h"
#include "lesson/zone.h"
#include "ui/ui_play.h"
#include "smtp/catalog.h"
#include "smtp/personality.h"
#include "smtp/trace.h"

#include <ctype.h>
#include <stdarg.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* --- the conversation ------------------------------------------------ */

void ui_convo_init(struct ui_convo *c, struct ui_transcript *tr)
{
	memset(c, 0, sizeof *c);
	c->tr = tr;
}

void ui_convo_free(struct ui_convo *c)
{
	ui_buf_free(&c->log);
	free(c->pending);
	free(c->stored_next);
	free(c->stored);
	free(c->dsn);
	c->pending = c->stored_next = c->stored = c->dsn = NULL;
}

void ui_convo_set_server(struct ui_convo *c, const struct smtp_server *srv)
{
	c->srv = srv;
}

static void set_pending(struct ui_convo *c, enum ui_tkind kind, bool needs_ok,
                        const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void set_pending(struct ui_convo *c, enum ui_tkind kind, bool needs_ok,
                        const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(c->pending);
	c->pending = strdup(buf);
	c->pending_kind = kind;
	c->pending_needs_ok = needs_ok;
}

static void log_rec(struct ui_convo *c, char type, const char *s, size_t n)
{
	ui_buf_add(&c->log, &type, 1);
	ui_buf_add(&c->log, s, n);
	ui_buf_add(&c->log, "\n", 1);
}

static enum ui_tkind reply_kind(int code)
{
	switch (code / 100) {
	case 2: return UI_T_S2;
	case 3: return UI_T_S3;
	case 4: return UI_T_S4;
	default: return UI_T_S5;
	}
}

static void connected(struct ui_convo *c);

static void show_reply(struct ui_convo *c, const struct smtp_reply *r)
{
	if (r->cmd == SMTP_CMD_CONNECT)
		connected(c);
	enum ui_tkind kind = reply_kind(r->code);
	bool err = r->code >= 400;
	const char *p = r->wire, *end = r->wire ? r->wire + r->wire_len : NULL;
	char line[SMTP_REPLY_LINE_MAX * 2 + 64];
	if (!p || p == end) {
		/* No wire form: rebuild the line from its parts. */
		snprintf(line, sizeof line, "%d%s%s %s", r->code, *r->enh ? " " : "",
		         r->enh, r->text ? r->text : "");
		p = line;
		end = line + strlen(line);
	}
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		size_t n = (size_t)(le - p);
		if (n && p[n - 1] == '\r')
			n--;
		log_rec(c, err ? 'E' : 'S', p, n);
		if (r->decoded && r->code == 334) {
			char *vis = ui_visible(r->decoded, strlen(r->decoded), NULL);
			ui_transcript_addf(c->tr, kind, 3, "S: %.*s  \u2192 \"%s\"", (int)n, p,
			                   vis ? vis : "");
			free(vis);
		} else {
			char buf[SMTP_TEXT_LINE_MAX * 2 + 8];
			if (n > sizeof buf - 4)
				n = sizeof buf - 4;
			memcpy(buf, "S: ", 3);
			memcpy(buf + 3, p, n);
			ui_transcript_add(c->tr, kind, 3, buf, n + 3);
		}
		p = nl ? nl + 1 : end;
	}
	/* the same gloss as session --annotate's (catalog.h) */
	struct cat_gloss g;
	cat_reply_gloss(r->code, r->enh, &g);
	if (g.enh_title)
		ui_transcript_addf(c->tr, UI_T_EXPLAIN, 5, "   \u21b3 %s \u00b7 %s %s",
		                   g.meaning ? g.meaning : "", r->enh, g.enh_title);
	else
		ui_transcript_addf(c->tr, UI_T_EXPLAIN, 5, "   \u21b3 %s",
		                   g.meaning ? g.meaning : "");
	if (err) {
		ui_transcript_addf(c->tr, UI_T_COACH, 8, "   why: %d here because %s",
		                   r->code, smtp_why_text(r->why));
		c->errors_in_line++;
	}
	c->last_code = r->code;
	snprintf(c->last_enh, sizeof c->last_enh, "%s", r->enh ? r->enh : "");
	c->last_why = r->why;
	if ((r->cmd == SMTP_CMD_EHLO || r->cmd == SMTP_CMD_HELO) && r->code == 250)
		c->hello = r->cmd;
	/* what the engine said before this reply belongs after it */
	if (c->pending) {
		if (!c->pending_needs_ok || r->code / 100 == 2)
			ui_transcript_add(c->tr, c->pending_kind, 5, c->pending, strlen(c->pending));
		free(c->pending);
		c->pending = NULL;
	}
	if (c->stored_next) {
		if (r->code / 100 == 2) {
			free(c->stored);
			c->stored = c->stored_next;
		} else {
			free(c->stored_next);
		}
		c->stored_next = NULL;
	}
}

/* Which part of the credentials was wrong, from what the engine showed
 * (the decoded answer, the password masked) and the account table. */
static void auth_failed(struct ui_convo *c, const char *user)
{
	char authz[128] = "";
	const char *az = strstr(c->auth_line, "authzid \"");
	if (az == c->auth_line) {
		az += 9;
		size_t n = strcspn(az, "\"");
		snprintf(authz, sizeof authz, "%.*s", (int)(n < 127 ? n : 127), az);
	}
	char *vu = ui_visible(user ? user : "", user ? strlen(user) : 0, NULL);
	const char *u = vu ? vu : "";
	if (!*u)
		set_pending(c, UI_T_COACH, false, "   \u2717 authentication failed: the decoded "
		            "answer is not \\0user\\0password (three parts split by NUL "
		            "bytes); :plain USER PASS builds it");
	else if (*authz && strcasecmp(authz, u))
		set_pending(c, UI_T_COACH, false, "   \u2717 authentication failed for %s: the "
		            "authzid \"%s\" asks to act for someone else; leave it empty "
		            "(the answer starts with \\0)", u, authz);
	else if (!smtp_account_known(u))
		set_pending(c, UI_T_COACH, false, "   \u2717 authentication failed: there is no "
		            "account \"%s\" here, so the user name is wrong (the password was "
		            "not even compared)", u);
	else
		set_pending(c, UI_T_COACH, false, "   \u2717 authentication failed for %s: the "
		            "user name is right, the password (masked above) is wrong", u);
	free(vu);
}

/* The first header field NAME's value (unfolded first line) into buf. */
static const char *header_value(const struct smtp_message *m, const char *name,
                                char *buf, size_t n)
{
	size_t nl = strlen(name);
	const char *p = m->data, *end = m->data + m->header_len;
	buf[0] = '\0';
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len > nl && p[nl] == ':' && !strncasecmp(p, name, nl)) {
			const char *v = p + nl + 1;
			size_t vl = len - nl - 1;
			while (vl && (*v == ' ' || *v == '\t')) {
				v++;
				vl--;
			}
			snprintf(buf, n, "%.*s", (int)(vl < n ? vl : n - 1), v);
			return buf;
		}
		p = e ? e + 1 : end;
	}
	return buf;
}

/* The message as the mailbox will store it (serve's Maildir writes the
 * same): trace lines from smtp/trace.c, then the text with LF ends. */
static void build_stored(struct ui_convo *c, const struct smtp_message *m)
{
	free(c->stored_next);
	c->stored_next = NULL;
	char proto[16];
	struct smtp_trace t = {
		c->profile ? c->profile->host : "mx.example.com",
		smtp_trace_protocol(c->hello != SMTP_CMD_HELO, m->tls, m->auth_user != NULL, proto,
		                    sizeof proto),
		m->tls ? "TLS, simulated" : NULL,
		m->queue_id,
		m->nrcpt ? m->rcpt[0] : "",
		c->srv ? smtp_server_now(c->srv) : (int64_t)time(NULL),
	};
	char *trace = smtp_trace_header(m, &t);
	if (!trace)
		return;
	size_t tl = strlen(trace);
	char *s = malloc(tl + m->size + 1);
	if (!s) {
		free(trace);
		return;
	}
	memcpy(s, trace, tl);
	size_t o = tl;
	for (size_t i = 0; i < m->size; i++)
		if (!(m->data[i] == '\r' && i + 1 < m->size && m->data[i + 1] == '\n'))
			s[o++] = m->data[i];
	s[o] = '\0';
	free(trace);
	c->stored_next = s;
	c->stored_trace = tl;
	c->stored_nrcpt = m->nrcpt;
}

/* The last DSN, as the sender's mailbox would get it. */
static void show_dsn(struct ui_convo *c)
{
	ui_transcript_addf(c->tr, UI_T_MARK, 3, "\u2500\u2500 the delivery status notification "
	                   "sent to <%s> (RFC 3464) \u2500\u2500", c->dsn_to);
	const char *p = c->dsn, *end = c->dsn + strlen(c->dsn);
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		char *vis = ui_visible(p, len, NULL);
		bool field = len && (!strncmp(p, "Action:", 7) || !strncmp(p, "Status:", 7) ||
		                     !strncmp(p, "Final-Recipient:", 16) ||
		                     !strncmp(p, "Original-Recipient:", 19) ||
		                     !strncmp(p, "Diagnostic-Code:", 16) ||
		                     !strncmp(p, "Reporting-MTA:", 14));
		ui_transcript_addf(c->tr, field ? UI_T_DECODED : UI_T_DATA_BODY, 3, "   %s",
		                   vis ? vis : "");
		free(vis);
		p = e ? e + 1 : end;
	}
}

bool ui_convo_show_stored(struct ui_convo *c)
{
	if (!c->stored && !c->dsn)
		return false;
	if (!c->stored) {
		show_dsn(c);
		return true;
	}
	ui_transcript_addf(c->tr, UI_T_MARK, 3, "\u2500\u2500 the last message as the mailbox "
	                   "stores it (F9) \u2500\u2500");
	ui_transcript_addf(c->tr, UI_T_INFO, 5, "   added by the server, from the envelope:");
	const char *p = c->stored, *end = c->stored + strlen(c->stored);
	bool body = false;
	char from_env[SMTP_PATH_MAX + 1] = "", for_env[SMTP_PATH_MAX + 1] = "";
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		size_t len = e ? (size_t)(e - p) : (size_t)(end - p);
		size_t at = (size_t)(p - c->stored);
		enum ui_tkind k;
		if (at < c->stored_trace) {
			k = UI_T_DECODED;
			if (!strncmp(p, "Return-Path: <", 14))
				snprintf(from_env, sizeof from_env, "%.*s", (int)strcspn(p + 14, ">\n"),
				         p + 14);
			const char *f = strstr(p, "\tfor <");
			if (f && f < p + len)
				snprintf(for_env, sizeof for_env, "%.*s", (int)strcspn(f + 6, ">\n"), f + 6);
		} else {
			if (at == c->stored_trace)
				ui_transcript_addf(c->tr, UI_T_INFO, 5, "   then what you typed after DATA:");
			k = body ? UI_T_DATA_BODY : UI_T_DATA_HDR;
			if (!len)
				body = true;
		}
		char line[SMTP_TEXT_LINE_MAX + 8];
		int n = snprintf(line, sizeof line, "   %.*s", (int)(len < SMTP_TEXT_LINE_MAX ? len : SMTP_TEXT_LINE_MAX), p);
		/* a tab (folded Received:) would be drawn as one space */
		for (char *t = line; *t; t++)
			if (*t == '\t')
				*t = ' ';
		ui_transcript_add(c->tr, k, 7, line, n > 0 ? (size_t)n : 0);
		p = e ? e + 1 : end;
	}
	/* the comparison the stored copy makes possible */
	struct smtp_message m = { 0 };
	m.data = c->stored + c->stored_trace;
	const char *he = strstr(m.data, "\n\n");
	m.header_len = he ? (size_t)(he - m.data) : strlen(m.data);
	char hfrom[200], hto[200];
	header_value(&m, "From", hfrom, sizeof hfrom);
	header_value(&m, "To", hto, sizeof hto);
	ui_transcript_addf(c->tr, UI_T_COACH, 5, "   envelope: MAIL FROM:<%s> \u2192 Return-Path:, "
	                   "RCPT TO:<%s> \u2192 \"for <%s>\"%s; header: From: %s, To: %s. "
	                   "Delivery follows the envelope; the reader sees the header.",
	                   from_env, for_env, for_env,
	                   c->stored_nrcpt > 1 ? " (one copy per recipient, this is the first's)" : "",
	                   *hfrom ? hfrom : "(none)", *hto ? hto : "(none)");
	if (c->dsn)
		show_dsn(c);
	return true;
}

int ui_convo_sink(void *ctx, const struct smtp_event *ev)
{
	struct ui_convo *c = ctx;
	const struct smtp_message *m;
	switch (ev->type) {
	case SMTP_EV_REPLY:
		show_reply(c, ev->reply);
		break;
	case SMTP_EV_STATE:
		if (ev->to == SMTP_STATE_DATA) {
			c->in_data = true;
			c->in_body = false;
		} else if (ev->from == SMTP_STATE_DATA) {
			c->in_data = false;
		}
		break;
	case SMTP_EV_TLS:
		c->tls = true;
		ui_transcript_addf(c->tr, UI_T_MARK, 3,
		                   "\u2500\u2500 TLS negotiated (simulated): the session starts "
		                   "over, EHLO again \u2500\u2500");
		break;
	case SMTP_EV_AUTH:
		if (ev->ok)
			set_pending(c, UI_T_MARK, false, "   \u2713 authenticated as %s",
			            ev->user ? ev->user : "?");
		else
			auth_failed(c, ev->user);
		break;
	case SMTP_EV_AUTH_LINE:
		snprintf(c->auth_line, sizeof c->auth_line, "%s", ev->text ? ev->text : "");
		ui_transcript_addf(c->tr, UI_T_DECODED, 5, "   decoded: %s",
		                   ev->text ? ev->text : "");
		break;
	case SMTP_EV_MESSAGE:
		m = ev->msg;
		{
			size_t hdr_lines, body_lines;
			ui_message_lines(m, &hdr_lines, &body_lines);
			/* shown after the 250 that accepts it */
			set_pending(c, UI_T_MARK, true,
			            "   \u2713 message accepted: from <%s> to %zu recipient%s, "
			            "%zu bytes (%zu header line%s, %zu body line%s) \u00b7 F9: as stored",
			            m->mail_from, m->nrcpt, m->nrcpt == 1 ? "" : "s",
			            m->size, hdr_lines, hdr_lines == 1 ? "" : "s",
			            body_lines, body_lines == 1 ? "" : "s");
			build_stored(c, m);
		}
		break;
	case SMTP_EV_NOTE:
		ui_transcript_addf(c->tr, UI_T_COACH, 10, "   coach: %s",
		                   ev->text && *ev->text ? ev->text : smtp_why_text(ev->why));
		break;
	case SMTP_EV_CLOSE:
		c->closed = true;
		c->in_data = false;
		ui_transcript_addf(c->tr, UI_T_MARK, 3,
		                   "\u2500\u2500 connection closed by the server (:reset "
		                   "opens a new one) \u2500\u2500");
		break;
	case SMTP_EV_DSN:
		if (ev->dsn) {
			ui_transcript_addf(c->tr, UI_T_MARK, 5, "   \u2709 a delivery status notification "
			                   "(%s) goes to <%s>: \"%s\" (F9 shows it)", ev->dsn->action,
			                   ev->dsn->to ? ev->dsn->to : "",
			                   ev->dsn->subject ? ev->dsn->subject : "");
			char *copy = ev->dsn->text ? malloc(ev->dsn->size + 1) : NULL;
			if (copy) {
				memcpy(copy, ev->dsn->text, ev->dsn->size);
				copy[ev->dsn->size] = '\0';
				free(c->dsn);
				c->dsn = copy;
				snprintf(c->dsn_to, sizeof c->dsn_to, "%s", ev->dsn->to ? ev->dsn->to : "");
			}
		}
		break;
	case SMTP_EV_COMMAND:
	case SMTP_EV_LINE:    /* the UI echoes with ui_convo_client */
		break;
	}
	return 0;
}

void ui_message_lines(const struct smtp_message *m, size_t *header, size_t *body)
{
	/* header_len ends before the empty line (its CRLF); the body starts
	 * after it. Without an empty line it is all header. */
	size_t body_at = m->header_len < m->size ? m->header_len + 2 : m->size;
	*header = *body = 0;
	for (size_t i = 0; i < m->size; i++)
		if (m->data[i] == '\n') {
			if (i < m->header_len)
				(*header)++;
			else if (i >= body_at)
				(*body)++;
		}
}

void ui_convo_client(struct ui_convo *c, const char *line, size_t len)
{
	enum ui_tkind kind = UI_T_CLIENT;
	bool dot = len == 1 && line[0] == '.';
	if (c->in_data && !dot)
		kind = c->in_body ? UI_T_DATA_BODY : UI_T_DATA_HDR;
	static const char mark[] = "   \u21ba replayed";
	if (c->replaying)
		kind = UI_T_EXPLAIN;   /* dimmed: not the learner's own line */
	char buf[UI_MSG_MAX * 8 + 8 + sizeof mark];
	if (len > sizeof buf - 4 - sizeof mark)
		len = sizeof buf - 4 - sizeof mark;
	memcpy(buf, "C: ", 3);
	memcpy(buf + 3, line, len);
	size_t n = len + 3;
	if (c->replaying) {
		memcpy(buf + n, mark, sizeof mark - 1);
		n += sizeof mark - 1;
	}
	ui_transcript_add(c->tr, kind, 3, buf, n);
	log_rec(c, 'C', line, len);
	if (c->in_data && !c->in_body && len == 0) {
		c->in_body = true;
		ui_transcript_addf(c->tr, UI_T_MARK, 3,
		                   "   \u2500\u2500 empty line: the headers end, the body "
		                   "follows \u2500\u2500");
	}
}

void ui_convo_after(struct ui_convo *c, const char *line, size_t len,
                    const struct smtp_session *sess)
{
	/* A header typed as a command is named by the engine's own NOTE
	 * event; a second note here said it twice. */
	(void)line;
	(void)len;
	if (c->errors_in_line && !c->lesson && sess && !smtp_session_closed(sess)) {
		if (c->last_why == SMTP_WHY_GREYLISTED)
			ui_transcript_addf(c->tr, UI_T_COACH, 9, "   next: :wait 5m moves the simulated "
			                   "clock past the greylisting delay; then send the same "
			                   "RCPT TO again (a real server retries by itself)");
		else
			ui_transcript_addf(c->tr, UI_T_COACH, 9, "   next: %s",
			                   smtp_session_expects(sess));
	}
	c->errors_in_line = 0;
}

void ui_convo_connect(struct ui_convo *c, const struct smtp_profile *p)
{
	c->profile = p;
}

/* A greeting opens a new connection: reset what belonged to the old one
 * and mark the start. */
static void connected(struct ui_convo *c)
{
	const struct smtp_profile *p = c->profile;
	c->in_data = c->in_body = false;
	c->tls = p && p->implicit_tls;
	c->closed = false;
	if (p)
		ui_transcript_addf(c->tr, UI_T_MARK, 3,
		                   "\u2500\u2500 connected to %s, port %d (profile %s)%s \u2500\u2500",
		                   p->host, p->port, p->name,
		                   p->implicit_tls ? ", TLS from the first byte (simulated)" : "");
	else
		ui_transcript_addf(c->tr, UI_T_MARK, 3, "\u2500\u2500 connected \u2500\u2500");
	/* the marker :save writes: which server this connection spoke to */
	char rec[400];
	int n = snprintf(rec, sizeof rec, "connect profile=%s", p ? p->name : "mta");
	const char *sep = " scenarios=";
	for (size_t i = 0; c->srv && i < smtp_scenario_count() && n > 0 && (size_t)n < sizeof rec; i++) {
		const char *name = smtp_scenario_at(i)->name;
		if (smtp_server_has_scenario(c->srv, name)) {
			n += snprintf(rec + n, sizeof rec - (size_t)n, "%s%s", sep, name);
			sep = ",";
		}
	}
	log_rec(c, '#', rec, strlen(rec));
}

void ui_convo_waited(struct ui_convo *c, long secs)
{
	char mark[96], rec[48];
	meta_wait_mark(secs, mark, sizeof mark);
	ui_transcript_add(c->tr, UI_T_MARK, 3, mark, strlen(mark));
	snprintf(rec, sizeof rec, "wait %ld", secs);
	log_rec(c, '#', rec, strlen(rec));
}

int ui_convo_save(const struct ui_convo *c, const char *path, bool client_only,
                  char *err, size_t errlen)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	const char *p = c->log.p, *end = c->log.p ? c->log.p + c->log.len : NULL;
	while (p && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		char type = *p;
		const char *text = p + 1;
		int n = (int)(nl - text);
		if (client_only) {
			/* markers `smtpsim session` reads: a new connection to a
			 * profile, a move of the clock */
			if (type == 'C')
				fprintf(f, "%.*s\n", n, text);
			else if (type == '#')
				fprintf(f, "#smtpsim %.*s\n", n, text);
		} else if (type == '#' && n > 7 && !strncmp(text, "connect", 7)) {
			const char *pn = text + 16 <= nl ? text + 16 : "";   /* "connect profile=" */
			int pl = (int)strcspn(pn, " \n");
			const struct smtp_profile *pr = NULL;
			char name[32];
			snprintf(name, sizeof name, "%.*s", pl < 31 ? pl : 31, pn);
			pr = smtp_profile_find(name);
			const char *sc = memchr(text, ' ', (size_t)n);
			sc = sc ? memchr(sc + 1, ' ', (size_t)(nl - sc - 1)) : NULL;
			fprintf(f, "=== Connected to %s port %d (profile %s%s%.*s, simulated)\n",
			        pr ? pr->host : "?", pr ? pr->port : 0, name, sc ? ";" : "",
			        sc ? (int)(nl - sc) : 0, sc ? sc : "");
		} else if (type == '#' && n > 5 && !strncmp(text, "wait ", 5)) {
			char d[48];
			fprintf(f, "=== Waited %s (simulated clock)\n",
			        meta_duration_text(strtol(text + 5, NULL, 10), d, sizeof d));
		} else if (type == 'C') {
			fprintf(f, " -> %.*s\n", n, text);
		} else if (type == 'S') {
			fprintf(f, "<-  %.*s\n", n, text);
		} else if (type == 'E') {
			fprintf(f, "<** %.*s\n", n, text);
		}
		p = nl + 1;
	}
	if (fclose(f) != 0) {
		snprintf(err, errlen, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

/* --- :b64 and :plain ------------------------------------------------ */

bool ui_convo_helper(struct ui_convo *c, const struct meta_line *m, char *input,
                     size_t n, char *msg, size_t msgn, bool *msg_error)
{
	if (m->cmd != META_B64 && m->cmd != META_PLAIN)
		return false;
	char show[META_B64_MAX + 256], value[META_B64_MAX + 16];
	/* a 334 waits for the answer alone; elsewhere :plain makes the
	 * whole AUTH PLAIN command */
	bool answer = c->last_code == 334 && !c->closed;
	int rc = m->cmd == META_B64 ? meta_b64(m, show, sizeof show, value, sizeof value)
	                            : meta_plain(m, !answer, show, sizeof show, value, sizeof value);
	input[0] = '\0';
	*msg_error = rc < 0;
	if (rc < 0) {
		snprintf(msg, msgn, "%s", show);
		return true;
	}
	ui_transcript_add(c->tr, UI_T_INFO, 5, show, strlen(show));
	if (m->cmd == META_PLAIN || (answer && value[0])) {
		snprintf(input, n, "%s", value);
		snprintf(msg, msgn, "%s in the input line: Enter sends it",
		         m->cmd == META_PLAIN && !answer ? "the AUTH PLAIN command is" : "the answer is");
	} else {
		msg[0] = '\0';
	}
	return true;
}

const char *ui_convo_echo(const char *line, size_t len, char *buf, size_t n)
{
	struct meta_line m;
	meta_parse(line, len, false, &m);
	if (m.cmd == META_PLAIN && m.argc >= 2)
		snprintf(buf, n, "%s %s ********", m.name, m.argv[0]);
	else
		snprintf(buf, n, "%.*s", (int)len, line);
	return buf;
}

/* --- free play ------------------------------------------------------- */

static void play_msg(struct ui_play *p, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void play_msg(struct ui_play *p, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	p->msg_error = error;
}

static void play_connect(struct ui_play *p)
{
	if (p->sess)
		smtp_session_free(p->sess);
	const struct smtp_profile *pr = smtp_server_profile(p->srv);
	struct smtp_session_opts opts = { 0 };
	opts.tls_active = pr->implicit_tls;
	opts.simulated_tls = true;
	p->sess = smtp_session_new(p->srv, &opts, ui_convo_sink, &p->convo);
	ui_convo_set_server(&p->convo, p->srv);
	ui_convo_connect(&p->convo, pr);
	if (p->sess)
		smtp_session_start(p->sess);
}

/* A server for PROFILE with the scenarios of OLD (or the list given). */
static struct smtp_server *make_server(const char *profile, const struct smtp_server *old,
                                       char *const *scen, size_t nscen,
                                       char *const *rules, size_t nrules,
                                       char *err, size_t errlen)
{
	struct smtp_server *srv = smtp_server_new(profile, err, errlen);
	if (!srv)
		return NULL;
	smtp_server_set_real_clock(srv, false);
	if (old && smtp_server_set_personality(srv, smtp_server_personality(old), err, errlen) < 0)
		goto fail;
	for (size_t i = 0; old && i < smtp_scenario_count(); i++) {
		const char *name = smtp_scenario_at(i)->name;
		if (smtp_server_has_scenario(old, name))
			smtp_server_scenario(srv, name, true, err, errlen);
	}
	for (size_t i = 0; i < nscen; i++)
		if (smtp_server_scenario(srv, scen[i], true, err, errlen) < 0)
			goto fail;
	for (size_t i = 0; i < nrules; i++)
		if (smtp_server_add_rule(srv, rules[i], err, errlen) < 0)
			goto fail;
	return srv;
fail:
	smtp_server_free(srv);
	return NULL;
}

int ui_play_set_personality(struct ui_play *p, const char *name, char *err, size_t errlen)
{
	if (smtp_personality_find(name) < 0) {
		/* the same message the engine gives, without building a server */
		struct smtp_server *probe = smtp_server_new(smtp_server_profile(p->srv)->name, err,
		                                            errlen);
		if (probe) {
			smtp_server_set_personality(probe, name, err, errlen);
			smtp_server_free(probe);
		}
		return -1;
	}
	struct smtp_server *srv = make_server(smtp_server_profile(p->srv)->name, p->srv, NULL, 0,
	                                      p->rules, p->nrules, err, errlen);
	if (!srv)
		return -1;
	if (smtp_server_set_personality(srv, name, err, errlen) < 0) {
		smtp_server_free(srv);
		return -1;
	}
	if (p->sess)
		smtp_session_free(p->sess);
	p->sess = NULL;
	smtp_server_free(p->srv);
	p->srv = srv;
	ui_transcript_addf(p->tr, UI_T_MARK, 3, "\u2500\u2500 the server now answers as %s "
	                   "\u2500\u2500", smtp_server_personality(srv));
	play_connect(p);
	return 0;
}

int ui_play_init(struct ui_play *p, const char *profile,
                 char *const *scenarios, size_t nscen,
                 char *const *rules, size_t nrules, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	p->tr = ui_transcript_new();
	if (!p->tr) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ui_convo_init(&p->convo, p->tr);
	p->srv = make_server(profile, NULL, scenarios, nscen, rules, nrules, err, errlen);
	if (!p->srv)
		goto fail;
	if (nrules) {
		p->rules = calloc(nrules, sizeof *p->rules);
		if (!p->rules)
			goto fail;
		for (size_t i = 0; i < nrules; i++)
			p->rules[p->nrules++] = strdup(rules[i]);
	}
	ui_transcript_addf(p->tr, UI_T_INFO, 2,
	                   "Free play: you are the client. Type SMTP commands (Tab "
	                   "completes), :help for the meta-commands, F1 for keys.");
	play_connect(p);
	return 0;
fail:
	ui_play_free(p);
	return -1;
}

void ui_play_free(struct ui_play *p)
{
	if (p->sess)
		smtp_session_free(p->sess);
	if (p->srv)
		smtp_server_free(p->srv);
	for (size_t i = 0; i < p->nrules; i++)
		free(p->rules[i]);
	free(p->rules);
	free(p->batch);
	ui_convo_free(&p->convo);
	ui_transcript_free(p->tr);
	memset(p, 0, sizeof *p);
}

const char *ui_play_expects(const struct ui_play *p)
{
	if (p->batching)
		return ":batch: an empty line sends the queue";
	if (!p->sess || smtp_session_closed(p->sess))
		return "connection closed: :reset opens a new one";
	return smtp_session_expects(p->sess);
}

const char *ui_play_scenarios(const struct ui_play *p, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < smtp_scenario_count(); i++) {
		const char *name = smtp_scenario_at(i)->name;
		if (!smtp_server_has_scenario(p->srv, name))
			continue;
		int w = snprintf(buf + len, n - len, "%s%s", len ? "," : "", name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	if (!len)
		snprintf(buf, n, "none");
	return buf;
}

static void meta_help(struct ui_play *p)
{
	for (const char *const *h = meta_help_lines(false); *h; h++)
		ui_transcript_add(p->tr, UI_T_INFO, 24, *h, strlen(*h));
}

static void meta_list_scenarios(struct ui_play *p)
{
	ui_transcript_addf(p->tr, UI_T_INFO, 2, "Scenarios (:scenario NAME / :scenario off NAME):");
	for (size_t i = 0; i < smtp_scenario_count(); i++) {
		const struct smtp_scenario *sc = smtp_scenario_at(i);
		ui_transcript_addf(p->tr, UI_T_INFO, 22, "  [%c] %-15s %s",
		                   smtp_server_has_scenario(p->srv, sc->name) ? 'x' : ' ',
		                   sc->name, sc->summary);
	}
}

static void meta_list_profiles(struct ui_play *p)
{
	const struct smtp_profile *cur = smtp_server_profile(p->srv);
	ui_transcript_addf(p->tr, UI_T_INFO, 2, "Profiles (:profile NAME):");
	for (size_t i = 0; i < smtp_profile_count(); i++) {
		const struct smtp_profile *pr = smtp_profile_at(i);
		ui_transcript_addf(p->tr, UI_T_INFO, 24, "  %c %-11s port %-4d %s",
		                   pr == cur ? '*' : ' ', pr->name, pr->port, pr->summary);
	}
}

/* A meta-line, parsed by the parser the lessons use too (meta.h). */
static void meta(struct ui_play *p, const struct meta_line *m)
{
	char *const *argv = m->argv;
	int argc = m->argc;

	char err[256] = "";
	p->msg[0] = '\0';

	if (m->cmd == META_HELP) {
		meta_help(p);
	} else if (m->cmd == META_QUIT) {
		p->quit = true;
	} else if (m->cmd == META_RESET) {
		play_connect(p);
		play_msg(p, false, "new connection");
	} else if (m->cmd == META_PROFILE) {
		if (argc < 1) {
			meta_list_profiles(p);
			return;
		}
		struct smtp_server *srv = make_server(argv[0], p->srv, NULL, 0,
		                                      p->rules, p->nrules, err, sizeof err);
		if (!srv) {
			play_msg(p, true, "%s", err);
			return;
		}
		if (p->sess)
			smtp_session_free(p->sess);
		p->sess = NULL;
		const char *was = smtp_server_profile(p->srv)->name;
		const struct smtp_profile *now = smtp_server_profile(srv);
		/* said in the transcript, where the new greeting follows: the
		 * status message goes with the next key */
		ui_transcript_addf(p->tr, UI_T_MARK, 3,
		                   "\u2500\u2500 profile changed: %s \u2192 %s \u2500\u2500",
		                   was, now->name);
		smtp_server_free(p->srv);
		p->srv = srv;
		play_connect(p);
		play_msg(p, false, "profile %s (port %d)", now->name, now->port);
	} else if (m->cmd == META_SCENARIO) {
		bool on = true;
		int at = 0;
		if (argc >= 1 && (!strcmp(argv[0], "off") || !strcmp(argv[0], "on"))) {
			on = !strcmp(argv[0], "on");
			at = 1;
		}
		if (argc <= at) {
			meta_list_scenarios(p);
			return;
		}
		if (smtp_server_scenario(p->srv, argv[at], on, err, sizeof err) < 0) {
			play_msg(p, true, "%s", err);
			return;
		}
		if (on && !strcmp(argv[at], "greylist") && p->sess && smtp_session_auth_user(p->sess))
			play_msg(p, false, "scenario greylist on, but not for this connection: you are "
			         "authenticated, and a server does not greylist its own users "
			         "(:reset, then RCPT without AUTH, or :profile mta)");
		else
			play_msg(p, false, "scenario %s %s (connect-time ones: :reset)", argv[at],
			         on ? "on" : "off");
	} else if (m->cmd == META_WAIT) {
		char d[48];
		smtp_server_advance(p->srv, m->secs);
		ui_convo_waited(&p->convo, m->secs);
		play_msg(p, false, "the clock moved on %s", meta_duration_text(m->secs, d, sizeof d));
	} else if (ui_convo_helper(&p->convo, m, p->input, sizeof p->input, p->msg,
	                           sizeof p->msg, &p->msg_error)) {
		return;
	} else if (m->cmd == META_BAD_ARG) {
		play_msg(p, true, ":wait needs a duration: 30s, 5m, 1h");
	} else if (m->cmd == META_PERSONALITY) {
		if (argc < 1) {
			ui_transcript_addf(p->tr, UI_T_INFO, 2, "Personalities (:personality NAME):");
			for (size_t i = 0; i < smtp_personality_count(); i++)
				ui_transcript_addf(p->tr, UI_T_INFO, 22, "  %c %-13s %s",
				                   !strcmp(smtp_personality_name(i),
				                           smtp_server_personality(p->srv)) ? '*' : ' ',
				                   smtp_personality_name(i), smtp_personality_summary(i));
			return;
		}
		if (ui_play_set_personality(p, argv[0], err, sizeof err) < 0)
			play_msg(p, true, "%s", err);
		else
			play_msg(p, false, "personality %s", smtp_server_personality(p->srv));
	} else if (m->cmd == META_DIG) {
		/* the same simulated DNS as the lessons' */
		if (argc < 1 || argc > 2) {
			play_msg(p, true, ":dig NAME [TYPE], TYPE one of MX (the default), A, AAAA, TXT");
			return;
		}
		char ans[2048];
		zone_dig(NULL, 0, argv[0], argc == 2 ? argv[1] : "MX", ans, sizeof ans);
		for (const char *l = ans; *l;) {
			const char *nl = strchr(l, '\n');
			size_t n = nl ? (size_t)(nl - l) : strlen(l);
			char *vis = ui_visible(l, n, NULL);
			ui_transcript_addf(p->tr, UI_T_INFO, 2, "%s", vis ? vis : "");
			free(vis);
			l += n + (nl ? 1 : 0);
		}
	} else if (m->cmd == META_CONNECT) {
		const struct smtp_profile *pr = smtp_server_profile(p->srv);
		if (argc != 1) {
			play_msg(p, true, ":connect HOST");
		} else if (!strcasecmp(argv[0], pr->host)) {
			play_connect(p);
			play_msg(p, false, "new connection to %s", pr->host);
		} else {
			char *vis = ui_visible(argv[0], strlen(argv[0]), NULL);
			play_msg(p, true, "%s does not answer here: this free play runs %s (:profile "
			         "picks another server)", vis ? vis : "", pr->host);
			free(vis);
		}
	} else if (m->cmd == META_BATCH) {
		p->batching = true;
		p->nbatch = 0;
		play_msg(p, false, "type the lines to send in one write; an empty line sends them");
	} else if (m->cmd == META_RESTART || m->cmd == META_SKIP || m->cmd == META_HINT) {
		play_msg(p, true, "%s is for lessons; free play has no steps (:help lists "
		         "what works here)", m->name);
	} else if (m->cmd == META_SAVE) {
		bool client = argc >= 2 && !strcmp(argv[0], "-c");
		const char *path = argc >= 1 ? argv[client ? 1 : 0] : NULL;
		if (!path || (argc >= 1 && !strcmp(argv[0], "-c") && argc < 2)) {
			play_msg(p, true, ":save needs a file name: :save [-c] FILE");
			return;
		}
		if (ui_convo_save(&p->convo, path, client, err, sizeof err) < 0) {
			play_msg(p, true, "%s", err);
			return;
		}
		play_msg(p, false, "saved %s to %s", client ? "the client lines" : "the transcript",
		         path);
	} else {
		char *vis = ui_visible(m->name, strlen(m->name), NULL);
		play_msg(p, true, "unknown meta-command %s (:help lists them)", vis ? vis : "");
		free(vis);
	}
}

void ui_play_line(struct ui_play *p, const char *line, size_t len)
{
	p->msg[0] = '\0';
	struct meta_line m;
	meta_parse(line, len, p->convo.in_data, &m);
	if (p->batching && (m.cmd == META_NONE || m.cmd == META_UNKNOWN)) {
		if (len) {
			/* queued ('\n' between lines): sent with the others in one
			 * write (PIPELINING) */
			char *q = realloc(p->batch, p->nbatch + len + 1);
			if (!q)
				return;
			p->batch = q;
			if (p->nbatch)
				p->batch[p->nbatch++] = '\n';
			memcpy(p->batch + p->nbatch, line, len);
			p->nbatch += len;
			ui_transcript_addf(p->tr, UI_T_EXPLAIN, 5, "   \u22ef queued: %.*s", (int)len,
			                   line);
			return;
		}
		p->batching = false;
		if (!p->sess || smtp_session_closed(p->sess)) {
			play_msg(p, true, "the connection is closed: :reset opens a new one");
			return;
		}
		for (size_t at = 0; at < p->nbatch;) {
			const char *nl = memchr(p->batch + at, '\n', p->nbatch - at);
			size_t n = nl ? (size_t)(nl - (p->batch + at)) : p->nbatch - at;
			ui_convo_client(&p->convo, p->batch + at, n);
			at += n + 1;
		}
		if (p->nbatch)
			smtp_session_feed_group(p->sess, p->batch, p->nbatch);
		p->nbatch = 0;
		ui_convo_after(&p->convo, "", 0, p->sess);
		return;
	}
	if (m.cmd != META_NONE) {
		meta(p, &m);
		return;
	}
	line += m.text_off;
	len -= m.text_off;
	if (!p->sess || smtp_session_closed(p->sess)) {
		play_msg(p, true, "the connection is closed: :reset opens a new one");
		return;
	}
	ui_convo_client(&p->convo, line, len);
	smtp_session_feed_line(p->sess, line, len);
	ui_convo_after(&p->convo, line, len, p->sess);
}
