/* data.c — message text: DATA and BDAT (RFC 3030), the text lines and
 * chunks they bring, the checks at the end of the message, its delivery
 * event and the DSNs the simulated world sends back (RFC 3461). */
#include "smtp/internal.h"
#include "smtp/replies.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* DATA and BDAT */

bool data_check(struct smtp_session *s, const char *arg)
{
	if (!cmd_no_arg(s, SMTP_CMD_DATA, arg, "DATA"))
		return false;
	if (!cmd_need_helo(s, SMTP_CMD_DATA))
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

void data_proceed(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	s->data_len = 0;
	s->data_seen = 0;
	s->data_err = SMTP_WHY_OK;
	sess_set_state(s, SMTP_STATE_DATA);
	if (force)
		sess_rule_reply(s, SMTP_CMD_DATA, force);
	else
		R(s, SMTP_CMD_DATA, SMTP_WHY_OK, R_DATA_GO);
}

/* BDAT (RFC 3030 §2): "BDAT size [LAST]". Whatever the answer, the size's
 * octets follow the command line and are read first: only a line whose
 * size cannot be read is answered at once. */
bool data_check_bdat(struct smtp_session *s, const char *arg)
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

void data_proceed_bdat(struct smtp_session *s, const char *arg, const struct rule *force)
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
	sess_set_state(s, SMTP_STATE_BDAT);
	if (s->chunk_left == 0)
		chunk_done(s);
}

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
 * a delay DSN for those whose delivery waits in the queue and who asked
 * NOTIFY=DELAY (without NOTIFY, RFC 3461 §4.1 leaves delay reports to the
 * server; like Postfix's default, this one sends none), a success DSN for
 * local recipients that asked NOTIFY=SUCCESS. Mail from
 * the null sender never gets one (RFC 5321 §4.5.5). Mail relayed to other
 * domains carries its NOTIFY onwards: the next server reports. */
static void send_dsns(struct smtp_session *s, const struct smtp_message *m)
{
	if (!m->mail_from[0] || !m->nrcpt)
		return;
	bool any = false;
	for (size_t i = 0; i < m->nrcpt && !any; i++)
		any = m->info[i].bounced ||
		      (m->info[i].notify & (SMTP_NOTIFY_SUCCESS | SMTP_NOTIFY_DELAY));
	if (!any)
		return;
	size_t *which = malloc(m->nrcpt * sizeof *which);
	if (!which)
		return;
	static const char *const action[] = {
		[DSN_FAILED] = "failed", [DSN_DELAYED] = "delayed", [DSN_DELIVERED] = "delivered",
	};
	for (enum dsn_kind kind = DSN_FAILED; kind <= DSN_DELIVERED; kind++) {
		size_t n = 0;
		for (size_t i = 0; i < m->nrcpt; i++) {
			const struct smtp_rcpt_info *ri = &m->info[i];
			bool want = false;
			if (kind == DSN_FAILED)
				want = ri->bounced && (!ri->notify || (ri->notify & SMTP_NOTIFY_FAILURE));
			else if (kind == DSN_DELAYED)
				want = ri->delayed && (ri->notify & SMTP_NOTIFY_DELAY);
			else
				want = !ri->bounced && !ri->delayed &&
				       (ri->notify & SMTP_NOTIFY_SUCCESS) && is_local_addr(m->rcpt[i]);
			if (want)
				which[n++] = i;
		}
		if (!n)
			continue;
		char id[16], subj[200];
		next_queue_id(s, id, sizeof id);
		int64_t now = smtp_server_now(s->srv);
		struct dsn_request rq = {
			.msg = m, .host = s->srv->profile->host, .arrival = now,
			.now = kind == DSN_DELAYED ? now + DSN_DELAY_WARN : now,
			.kind = kind, .which = which, .n = n, .dsn_id = id,
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
				.action = action[kind], .to = to,
				.to_local = is_local_addr(to), .subject = subj,
				.rcpt = rc, .status = st, .nrcpt = n, .queue_id = m->queue_id,
				.text = text, .size = len, .msg = &dm,
			};
			struct smtp_event ev = { .type = SMTP_EV_DSN, .dsn = &d };
			sess_emit(s, &ev);
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
	sess_set_state(s, SMTP_STATE_READY);
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
		sess_rule_reply(s, cmd, r);
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
		/* delivery-delayed: carol's mail store does not answer; the
		 * message stays queued for her (4.4.1, RFC 3463 §3.5) */
		else if ((s->srv->scenarios & SC_DELIVERY_DELAYED) && is_local_user(a, "carol")) {
			info[i].delayed = true;
			info[i].status = "4.4.1";
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
	if (sess_emit(s, &ev) != 0) {
		R(s, cmd, SMTP_WHY_LOCAL_ERROR, R_LOCAL_ERROR);
		goto out;
	}
	if (r)
		sess_rule_reply(s, cmd, r);
	else
		R(s, cmd, SMTP_WHY_OK, R_QUEUED, s->qid);
	send_dsns(s, &m);
out:
	sess_reset_tx(s);
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
bool data_count_text(struct smtp_session *s, size_t len)
{
	size_t add = len < SIZE_MAX - 2 ? len + 2 : SIZE_MAX;
	s->data_seen = s->data_seen < SIZE_MAX - add ? s->data_seen + add : SIZE_MAX;
	if (s->data_seen <= smtp_server_max_size(s->srv))
		return false;
	if (s->data_err == SMTP_WHY_OK || s->data_err == SMTP_WHY_LINE_TOO_LONG)
		s->data_err = SMTP_WHY_SIZE_EXCEEDED;
	return true;
}

void data_line(struct smtp_session *s, const char *line, size_t len)
{
	if (len == 1 && line[0] == '.') {
		end_of_data(s, SMTP_CMD_DOT);
		return;
	}
	enum smtp_why look = text_line_lookalike(line, len);
	if (look == SMTP_WHY_DOT_SPACES && !s->noted_dot) {
		s->noted_dot = true;
		sess_note(s, look);
	} else if (look == SMTP_WHY_COMMAND_IN_DATA && !s->noted_cmd) {
		s->noted_cmd = true;
		sess_note(s, look);
	}
	if (len > 0 && line[0] == '.') {
		line++; /* undo dot-stuffing (§4.5.2) */
		len--;
	}
	if (data_count_text(s, len) || s->data_err != SMTP_WHY_OK)
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
		sess_set_state(s, s->chunk_back);
		R(s, cmd, err, R_NEED_HELO);
		return;
	case SMTP_WHY_DATA_BEFORE_MAIL:
		sess_set_state(s, s->chunk_back);
		R(s, cmd, err, R_NEED_MAIL);
		return;
	case SMTP_WHY_DATA_NO_RCPT:
		sess_set_state(s, s->chunk_back);
		R(s, cmd, err, R_NO_VALID_RCPT);
		return;
	default: /* CHUNK_TOO_BIG: the transaction fails */
		sess_reset_tx(s);
		sess_set_state(s, sess_idle_state(s));
		R(s, cmd, err, R_CHUNK_TOO_BIG);
		return;
	}
	if (s->data_err == SMTP_WHY_SIZE_EXCEEDED || s->data_err == SMTP_WHY_LOCAL_ERROR) {
		/* §2: after a failed chunk the client sends no more of this
		 * message; the transaction is over */
		enum smtp_why e = s->data_err;
		sess_reset_tx(s);
		sess_set_state(s, sess_idle_state(s));
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
	sess_set_state(s, SMTP_STATE_RCPT);
	R(s, cmd, SMTP_WHY_OK, R_CHUNK_OK, (unsigned long long)s->chunk_size);
}

/* N octets of the chunk, as they are: no dot-stuffing, no line ends. */
void data_chunk_bytes(struct smtp_session *s, const char *p, size_t n)
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
void data_chunk_line(struct smtp_session *s, const char *line, size_t len)
{
	uint64_t left = s->chunk_left;
	if (len + 2 <= left) {
		data_chunk_bytes(s, line, len);
		data_chunk_bytes(s, "\r\n", 2);
		return;
	}
	size_t take = len < left ? len : (size_t)left;
	bool cr = left > take;       /* room for the CR, not the LF */
	if (cr) {
		data_chunk_bytes(s, line, take);
		data_chunk_bytes(s, "\r", 1);
	} else {
		data_chunk_bytes(s, line, take);
	}
	smtp_session_feed_line(s, line + take, len - take);
}
