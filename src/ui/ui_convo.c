/* ui_convo.c — engine events to transcript lines: the conversation that
 * free play and the lessons show, its :save log, the stored message (F9)
 * and the base64 helpers. */
#include "lesson/meta.h"
#include "ui/ui_convo.h"
#include "smtp/catalog.h"
#include "smtp/trace.h"

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
	ui_transcript_free(c->held);
	c->held = NULL;
	ui_buf_free(&c->held_log);
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

/* Where what the engine says goes: the transcript, or while a group of
 * lines is sent, the store that follows them (client lines go to c->tr
 * at once). */
static struct ui_transcript *out(const struct ui_convo *c)
{
	return c->held ? c->held : c->tr;
}

static void log_rec(struct ui_convo *c, char type, const char *s, size_t n)
{
	struct ui_buf *b = c->held && type != 'C' ? &c->held_log : &c->log;
	ui_buf_add(b, &type, 1);
	ui_buf_add(b, s, n);
	ui_buf_add(b, "\n", 1);
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
			ui_transcript_addf(out(c), kind, 3, "S: %.*s  \u2192 \"%s\"", (int)n, p,
			                   vis ? vis : "");
			free(vis);
		} else {
			char buf[SMTP_TEXT_LINE_MAX * 2 + 8];
			if (n > sizeof buf - 4)
				n = sizeof buf - 4;
			memcpy(buf, "S: ", 3);
			memcpy(buf + 3, p, n);
			ui_transcript_add(out(c), kind, 3, buf, n + 3);
		}
		p = nl ? nl + 1 : end;
	}
	/* the same gloss as session --annotate's (catalog.h) */
	struct cat_gloss g;
	cat_reply_gloss(r->code, r->enh, &g);
	if (g.enh_title)
		ui_transcript_addf(out(c), UI_T_EXPLAIN, 5, "   \u21b3 %s \u00b7 %s %s",
		                   g.meaning ? g.meaning : "", r->enh, g.enh_title);
	else
		ui_transcript_addf(out(c), UI_T_EXPLAIN, 5, "   \u21b3 %s",
		                   g.meaning ? g.meaning : "");
	if (err) {
		ui_transcript_addf(out(c), UI_T_COACH, 8, "   why: %d here because %s",
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
			ui_transcript_add(out(c), c->pending_kind, 5, c->pending, strlen(c->pending));
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
	ui_transcript_addf(out(c), UI_T_MARK, 3, "\u2500\u2500 the delivery status notification "
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
		ui_transcript_addf(out(c), field ? UI_T_DECODED : UI_T_DATA_BODY, 3, "   %s",
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
	ui_transcript_addf(out(c), UI_T_MARK, 3, "\u2500\u2500 the last message as the mailbox "
	                   "stores it (F9) \u2500\u2500");
	ui_transcript_addf(out(c), UI_T_INFO, 5, "   added by the server, from the envelope:");
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
				ui_transcript_addf(out(c), UI_T_INFO, 5, "   then what you typed after DATA:");
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
		ui_transcript_add(out(c), k, 7, line, n > 0 ? (size_t)n : 0);
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
	ui_transcript_addf(out(c), UI_T_COACH, 5, "   envelope: MAIL FROM:<%s> \u2192 Return-Path:, "
	                   "RCPT TO:<%s> \u2192 \"for <%s>\"%s; header: From: %s, To: %s. "
	                   "Delivery follows the envelope; the reader sees the header.",
	                   from_env, for_env, for_env,
	                   c->stored_nrcpt > 1 ? " (one copy per recipient, this is the first's)" : "",
	                   *hfrom ? hfrom : "(none)", *hto ? hto : "(none)");
	if (c->dsn)
		show_dsn(c);
	return true;
}

/* A client line, from its LINE event. The learner's own screen shows
 * what was sent whole (.raw), AUTH data included; a line the engine cut
 * at SMTP_TEXT_LINE_MAX says how long it was. Into c->tr even while a
 * group holds back what the lines cause. */
static void show_line(struct ui_convo *c, const struct smtp_line *l)
{
	bool text = l->kind == SMTP_LINE_TEXT;
	bool dot = text && l->raw_len == 1 && l->raw[0] == '.';
	enum ui_tkind kind = UI_T_CLIENT;
	if (text && !dot)
		kind = c->in_body ? UI_T_DATA_BODY : UI_T_DATA_HDR;
	if (c->replaying)
		kind = UI_T_EXPLAIN;   /* dimmed: not the learner's own line */
	char buf[SMTP_TEXT_LINE_MAX + 96];   /* .raw_len is at most the limit */
	size_t n = 3;
	memcpy(buf, "C: ", 3);
	memcpy(buf + n, l->raw, l->raw_len);
	n += l->raw_len;
	if (l->total > l->raw_len)
		n += (size_t)snprintf(buf + n, sizeof buf - n, " \u2026 (%zu octets in all)",
		                      l->total);
	if (c->replaying)
		n += (size_t)snprintf(buf + n, sizeof buf - n, "   \u21ba replayed");
	ui_transcript_add(c->tr, kind, 3, buf, n);
	log_rec(c, 'C', l->raw, l->raw_len);
	if (text && !c->in_body && l->raw_len == 0) {
		c->in_body = true;
		ui_transcript_addf(c->tr, UI_T_MARK, 3,
		                   "   \u2500\u2500 empty line: the headers end, the body "
		                   "follows \u2500\u2500");
	}
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
		ui_transcript_addf(out(c), UI_T_MARK, 3,
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
		ui_transcript_addf(out(c), UI_T_DECODED, 5, "   decoded: %s",
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
		ui_transcript_addf(out(c), UI_T_COACH, 10, "   coach: %s",
		                   ev->text && *ev->text ? ev->text : smtp_why_text(ev->why));
		break;
	case SMTP_EV_CLOSE:
		c->closed = true;
		c->in_data = false;
		ui_transcript_addf(out(c), UI_T_MARK, 3,
		                   "\u2500\u2500 connection closed by the server (:reset "
		                   "opens a new one) \u2500\u2500");
		break;
	case SMTP_EV_DSN:
		if (ev->dsn) {
			ui_transcript_addf(out(c), UI_T_MARK, 5, "   \u2709 a delivery status notification "
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
	case SMTP_EV_LINE:
		show_line(c, ev->line);
		break;
	case SMTP_EV_COMMAND:
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

void ui_convo_group_begin(struct ui_convo *c)
{
	if (!c->held)
		c->held = ui_transcript_new();   /* NULL: shown as it comes */
}

void ui_convo_group_end(struct ui_convo *c)
{
	struct ui_transcript *h = c->held;
	if (!h)
		return;
	c->held = NULL;
	for (size_t i = 0; i < ui_transcript_count(h); i++) {
		/* already made visible, and making it visible again keeps it */
		struct ui_tline l = ui_transcript_line(h, i);
		ui_transcript_add(c->tr, l.kind, l.indent, l.text, l.len);
	}
	ui_transcript_free(h);
	if (c->held_log.len)
		ui_buf_add(&c->log, c->held_log.p, c->held_log.len);
	ui_buf_free(&c->held_log);
}

void ui_convo_replayed(struct ui_convo *c, const struct lesson_replay *r,
                       const struct lesson *lesson, const struct smtp_session *sess)
{
	if (!r->line) {
		/* the last connection of a rebuild begins: what follows was
		 * typed by the runner for the learner */
		ui_transcript_addf(c->tr, UI_T_MARK, 3, "\u2500\u2500 step %zu set up afresh "
		                   "(\u21ba: typed for you) \u2500\u2500", r->step + 1);
		c->replay_step = 0;
		return;
	}
	size_t len = strlen(r->line);
	if (!r->before) {
		ui_convo_group_end(c);
		ui_convo_after(c, r->line, len, sess);
		c->replaying = false;
		return;
	}
	c->replaying = true;
	if (c->replay_step != r->step + 1 && lesson && r->step < lesson->nsteps) {
		const struct lesson_step *st = &lesson->steps[r->step];
		c->replay_step = r->step + 1;
		ui_transcript_addf(c->tr, UI_T_MARK, 3, "\u2500\u2500 step %zu%s%s (done before) "
		                   "\u2500\u2500", r->step + 1, st->title ? ": " : "",
		                   st->title ? st->title : "");
	}
	if (r->meta)
		ui_transcript_addf(c->tr, UI_T_EXPLAIN, 2, "%.*s   \u21ba replayed", (int)len, r->line);
	else if (r->batch)
		ui_convo_group_begin(c);
	/* a protocol line shows when the engine reads it (show_line) */
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
			ui_transcript_addf(out(c), UI_T_COACH, 9, "   next: :wait 5m moves the simulated "
			                   "clock past the greylisting delay; then send the same "
			                   "RCPT TO again (a real server retries by itself)");
		else
			ui_transcript_addf(out(c), UI_T_COACH, 9, "   next: %s",
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
		ui_transcript_addf(out(c), UI_T_MARK, 3,
		                   "\u2500\u2500 connected to %s, port %d (profile %s)%s \u2500\u2500",
		                   p->host, p->port, p->name,
		                   p->implicit_tls ? ", TLS from the first byte (simulated)" : "");
	else
		ui_transcript_addf(out(c), UI_T_MARK, 3, "\u2500\u2500 connected \u2500\u2500");
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
	ui_transcript_add(out(c), UI_T_MARK, 3, mark, strlen(mark));
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
	ui_transcript_add(out(c), UI_T_INFO, 5, show, strlen(show));
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
