/* conn.c — one client connection of serve mode: bytes in and out of its
 * socket (through TLS once it is on), its engine session and what the
 * session's events mean here (replies out, messages to the Maildir, the
 * log), its TLS handshake, its timers and its close. The phases and
 * timers are described in loop.h. */
#define _GNU_SOURCE /* memrchr */
#include "net/loop.h"

#include <errno.h>
#include <openssl/err.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

/* --- output ------------------------------------------------------------- */

static void out_append(struct conn *c, const char *p, size_t n)
{
	if (c->out_len + n > c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap * 2 : 1024;
		while (cap < c->out_len + n)
			cap *= 2;
		char *o = realloc(c->out, cap);
		if (!o) {
			c->oom = true;
			return;
		}
		c->out = o;
		c->out_cap = cap;
	}
	memcpy(c->out + c->out_len, p, n);
	c->out_len += n;
}

static size_t out_pending(const struct conn *c)
{
	return c->out_len - c->out_off;
}

/* Write what we can. -1 when the connection is broken. */
static int conn_flush(struct conn *c)
{
	while (c->out_off < c->out_len) {
		size_t n = out_pending(c);
		if (c->ssl) {
			ERR_clear_error();
			int w = SSL_write(c->ssl, c->out + c->out_off, n > 1 << 30 ? 1 << 30 : (int)n);
			if (w > 0) {
				c->out_off += (size_t)w;
				c->want_write = c->write_wants_read = false;
				continue;
			}
			int e = SSL_get_error(c->ssl, w);
			if (e == SSL_ERROR_WANT_WRITE) {
				c->want_write = true;
				return 0;
			}
			if (e == SSL_ERROR_WANT_READ) {
				c->write_wants_read = true;
				return 0;
			}
			return -1;
		}
		ssize_t w = send(c->fd, c->out + c->out_off, n, MSG_NOSIGNAL);
		if (w >= 0) {
			c->out_off += (size_t)w;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			return 0;
		return -1;
	}
	c->out_len = c->out_off = 0;
	if (c->out_cap > OUT_KEEP) {
		free(c->out);
		c->out = NULL;
		c->out_cap = 0;
	}
	return 0;
}

/* --- closing ------------------------------------------------------------ */

void conn_kill(struct conn *c, const char *reason)
{
	if (c->phase == PH_DEAD)
		return;
	double secs = (double)(loop_now_ms() - c->started) / 1000.0;
	net_log_close(c->id, reason, secs, c->messages);
	c->phase = PH_DEAD;
	if (c->ssl) {
		SSL_free(c->ssl);
		c->ssl = NULL;
	}
	close(c->fd);
	c->fd = -1;
	smtp_session_free(c->s);
	c->s = NULL;
	free(c->out);
	c->out = NULL;
	c->out_len = c->out_off = c->out_cap = 0;
}

static const char *close_reason(const struct conn *c, char *buf, size_t len)
{
	if (c->timed_out)
		return c->expiry == EXP_LINE ? "line timeout" :
		       c->expiry == EXP_DATA ? "DATA too slow" : "idle timeout";
	if (c->lp->stopping)
		return "shutdown";
	if (c->peer_eof)
		return "client disconnected";
	snprintf(buf, len, "server closed after %d", c->last_code);
	return buf;
}

/* The last reply is out: close our side and wait for the client's EOF. */
static void conn_begin_close(struct conn *c)
{
	char buf[64];
	const char *why = close_reason(c, buf, sizeof buf);
	if (c->ssl) {
		ERR_clear_error();
		SSL_shutdown(c->ssl); /* close_notify, best effort */
	}
	if (c->peer_eof || shutdown(c->fd, SHUT_WR) < 0) {
		conn_kill(c, why);
		return;
	}
	c->phase = PH_LINGER;
	c->deadline = loop_now_ms() + LINGER_MS;
}

static void conn_linger(struct conn *c)
{
	for (;;) {
		ssize_t n = recv(c->fd, c->lp->rbuf, sizeof c->lp->rbuf, 0);
		char buf[64];
		if (n > 0) {
			c->drained += (size_t)n;
			if (c->drained <= LINGER_DRAIN_MAX)
				continue;
		} else if (n < 0 && errno == EINTR) {
			continue;
		} else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			return;
		}
		conn_kill(c, close_reason(c, buf, sizeof buf));
		return;
	}
}

/* --- the engine's events ---------------------------------------------------- */

static void on_delivered(void *ctx, const char *path)
{
	struct conn *c = ctx;
	c->lp->st->deliveries++;
	net_log_delivered(c->id, path);
}

static int conn_deliver(struct conn *c, const struct smtp_message *m)
{
	net_log_message(c->id, m);
	struct net_maildir *md = c->lp->cfg->maildir;
	if (md) {
		char tls[200], proto[16], err[600];
		struct net_trace tr = { c->l->profile->host, proto, NULL, c->l->profile };
		if (m->tls && c->ssl) {
			int bits = SSL_get_cipher_bits(c->ssl, NULL);
			snprintf(tls, sizeof tls, "%s with cipher %s (%d/%d bits)",
			         SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl), bits, bits);
			tr.tls_info = tls;
		}
		/* RFC 3848 names: ESMTP, plus S for TLS and A for AUTH */
		bool plain = c->hello == SMTP_CMD_HELO && !m->tls && !m->auth_user;
		snprintf(proto, sizeof proto, "%s%s%s", plain ? "SMTP" : "ESMTP",
		         m->tls ? "S" : "", m->auth_user ? "A" : "");
		if (net_maildir_deliver(md, m, &tr, on_delivered, c, err, sizeof err) < 0) {
			net_log_info(c->id, "delivery_failed", err);
			return 1;
		}
	}
	c->messages++;
	c->lp->st->messages++;
	return 0;
}

/* A DSN the simulated world sends back: into the sender's Maildir when
 * the sender is one of ours; a real server would mail it elsewhere. */
static void conn_dsn(struct conn *c, const struct smtp_dsn *d)
{
	char text[300];
	snprintf(text, sizeof text, "%s DSN for message %s to <%.200s>%s", d->action,
	         d->queue_id, d->to, d->to_local ? "" : " (not local: not delivered)");
	net_log_info(c->id, "dsn", text);
	struct net_maildir *md = c->lp->cfg->maildir;
	if (!md || !d->to_local)
		return;
	char err[600];
	struct net_trace tr = { c->l->profile->host, "ESMTP", NULL, c->l->profile };
	if (net_maildir_deliver(md, d->msg, &tr, on_delivered, c, err, sizeof err) < 0)
		net_log_info(c->id, "delivery_failed", err);
}

static int conn_sink(void *ctx, const struct smtp_event *ev)
{
	struct conn *c = ctx;
	switch (ev->type) {
	case SMTP_EV_REPLY:
		out_append(c, ev->reply->wire, ev->reply->wire_len);
		c->last_code = ev->reply->code;
		net_log_reply(c->id, ev->reply);
		break;
	case SMTP_EV_STATE:
		net_log_state(c->id, ev->from, ev->to);
		c->in_data = ev->to == SMTP_STATE_DATA || ev->to == SMTP_STATE_BDAT;
		if (c->in_data) {
			c->data_start = loop_now_ms();
			c->data_bytes = 0;
			c->data_due = c->data_start + c->lp->cfg->timeout * 1000;
		}
		break;
	case SMTP_EV_TLS:
		c->starttls = true;
		c->deadline = loop_now_ms() + CLOSE_GRACE_MS;
		net_log_info(c->id, "starttls", "STARTTLS accepted: the TLS handshake follows the 220");
		break;
	case SMTP_EV_AUTH:
		net_log_auth(c->id, ev->user, ev->ok);
		break;
	case SMTP_EV_AUTH_LINE:
		net_log_auth_line(c->id, ev->text);
		break;
	case SMTP_EV_MESSAGE:
		return conn_deliver(c, ev->msg);
	case SMTP_EV_DSN:
		conn_dsn(c, ev->dsn);
		break;
	case SMTP_EV_NOTE:
		net_log_note(c->id, ev->why, ev->text);
		break;
	case SMTP_EV_CLOSE:
		if (!c->closing)
			c->deadline = loop_now_ms() + CLOSE_GRACE_MS;
		c->closing = true;
		break;
	case SMTP_EV_COMMAND:
		if (ev->cmd == SMTP_CMD_HELO || ev->cmd == SMTP_CMD_EHLO)
			c->hello = ev->cmd;
		net_log_command(c->id, ev->cmd, ev->text, ev->line->masked);
		break;
	case SMTP_EV_LINE:
		/* message text is summed up by MESSAGE, AUTH answers are shown
		 * decoded by AUTH_LINE */
		if (ev->line->kind == SMTP_LINE_COMMAND)
			net_log_client(c->id, ev->line);
		break;
	}
	return 0;
}

/* --- reading ------------------------------------------------------------ */

static bool can_read(const struct conn *c)
{
	return c->phase == PH_SMTP && !c->starttls && !c->closing && !c->peer_eof &&
	       out_pending(c) < OUT_HIGH;
}

static void conn_eof(struct conn *c)
{
	c->peer_eof = true;
	smtp_session_eof(c->s);
	c->closing = true;
}

/* After n bytes of client input at p went to the engine: the deadline is
 * the earlier of the idle timer and the current line's end; the message
 * text's is kept apart (it applies only when busy: conn_due). */
static void conn_rearm(struct conn *c, const char *p, size_t n)
{
	int64_t now = loop_now_ms(), t = c->lp->cfg->timeout * 1000;
	const char *nl = n ? memrchr(p, '\n', n) : NULL;
	if (nl) {
		c->in_line = nl + 1 < p + n;
		c->line_start = now;
	} else if (n && !c->in_line) {
		c->in_line = true;
		c->line_start = now;
	}
	if (c->in_data)
		c->data_bytes += n;
	/* inside a BDAT chunk there are no lines: the rate and the idle
	 * timer apply, not the line deadline */
	if (smtp_session_chunk_left(c->s))
		c->in_line = false;
	c->deadline = now + t;
	c->expiry = EXP_IDLE;
	if (c->in_line && c->line_start + t < c->deadline) {
		c->deadline = c->line_start + t;
		c->expiry = EXP_LINE;
	}
	if (c->in_data)
		c->data_due = c->data_start + t + (int64_t)(c->data_bytes * 1000 / DATA_MIN_RATE);
}

/* When the connection's time is up: its deadline, or earlier when the
 * server is busy and its message text comes too slowly (*data set). */
int64_t conn_due(const struct conn *c, bool busy, bool *data)
{
	*data = busy && c->phase == PH_SMTP && c->in_data && !c->closing && !c->starttls &&
	        c->data_due < c->deadline;
	return *data ? c->data_due : c->deadline;
}

static void conn_read(struct conn *c)
{
	struct loop *lp = c->lp;
	for (int i = 0; i < READS_PER_WAKEUP && can_read(c); i++) {
		ssize_t n;
		if (c->ssl) {
			ERR_clear_error();
			c->want_write = false;
			int r = SSL_read(c->ssl, lp->rbuf, (int)sizeof lp->rbuf);
			if (r <= 0) {
				int e = SSL_get_error(c->ssl, r);
				char why[256];
				if (e == SSL_ERROR_WANT_READ)
					return;
				if (e == SSL_ERROR_WANT_WRITE) {
					c->want_write = true;
					return;
				}
				if (e == SSL_ERROR_ZERO_RETURN) {
					conn_eof(c);
					return;
				}
				if (e == SSL_ERROR_SYSCALL && ERR_peek_error() == 0) {
					/* EOF without close_notify: a client that just went */
					conn_eof(c);
					return;
				}
				net_log_info(c->id, "tls_error", net_tls_error(why, sizeof why));
				smtp_session_eof(c->s);
				conn_kill(c, "TLS error");
				return;
			}
			n = r;
		} else {
			n = recv(c->fd, lp->rbuf, sizeof lp->rbuf, 0);
			if (n == 0) {
				conn_eof(c);
				return;
			}
			if (n < 0) {
				if (errno == EINTR)
					continue;
				if (errno == EAGAIN || errno == EWOULDBLOCK)
					return;
				smtp_session_eof(c->s);
				conn_kill(c, "connection reset");
				return;
			}
		}
		/* the engine reads nothing after STARTTLS or the last reply: what
		 * follows is discarded (and not logged as if it had been obeyed) */
		size_t used = smtp_session_feed(c->s, lp->rbuf, (size_t)n);
		if (used < (size_t)n && c->starttls) {
			char note[160];
			snprintf(note, sizeof note,
			         "discarded %zu bytes sent after STARTTLS before the TLS handshake "
			         "(command injection defence, CVE-2011-0411)", (size_t)n - used);
			net_log_info(c->id, "discarded", note);
		}
		if (!c->closing && !c->starttls)
			conn_rearm(c, lp->rbuf, used);
		/* a short read emptied the socket: spare the recv that says so */
		if ((size_t)n < sizeof lp->rbuf)
			return;
	}
}

/* Shutdown: 421 4.3.2 to a session that can take it now; the caller runs
 * the connection to send it. */
void conn_stop(struct conn *c)
{
	if (c->phase != PH_SMTP || c->starttls || c->closing)
		return;
	smtp_session_shutdown(c->s, SMTP_WHY_SHUTDOWN);
	c->closing = true;
	c->deadline = loop_now_ms() + CLOSE_GRACE_MS;
}

/* --- TLS --------------------------------------------------------------------- */

static void conn_handshake(struct conn *c)
{
	ERR_clear_error();
	int r = SSL_do_handshake(c->ssl);
	if (r == 1) {
		c->phase = PH_SMTP;
		c->want_write = false;
		c->deadline = loop_now_ms() + c->lp->cfg->timeout * 1000;
		c->lp->st->tls_handshakes++;
		net_log_tls(c->id, SSL_get_version(c->ssl), SSL_get_cipher_name(c->ssl));
		if (c->implicit)
			smtp_session_start(c->s);
		else
			smtp_session_tls_done(c->s);
		/* a shutdown began during the handshake: the 421 goes out over TLS */
		if (c->lp->stopping)
			conn_stop(c);
		return;
	}
	int e = SSL_get_error(c->ssl, r);
	if (e == SSL_ERROR_WANT_READ) {
		c->want_write = false;
		return;
	}
	if (e == SSL_ERROR_WANT_WRITE) {
		c->want_write = true;
		return;
	}
	char why[256], note[320];
	snprintf(note, sizeof note, "TLS handshake failed: %s", net_tls_error(why, sizeof why));
	net_log_info(c->id, "tls_failed", note);
	c->lp->st->tls_failures++;
	conn_kill(c, "TLS handshake failed");
}

static void conn_start_tls(struct conn *c)
{
	c->starttls = false;
	c->ssl = c->l->tls ? SSL_new(c->l->tls) : NULL;
	if (!c->ssl || SSL_set_fd(c->ssl, c->fd) != 1) {
		conn_kill(c, "TLS unavailable");
		return;
	}
	SSL_set_accept_state(c->ssl);
	c->phase = PH_HANDSHAKE;
	c->in_line = false;
	c->deadline = loop_now_ms() + c->lp->cfg->timeout * 1000;
	conn_handshake(c);
}

/* --- one connection's turn ------------------------------------------------ */

bool conn_tls_buffered(const struct conn *c)
{
	return c->ssl && c->phase == PH_SMTP && can_read(c) && SSL_has_pending(c->ssl);
}

void conn_run(struct conn *c, short revents)
{
	if (c->phase == PH_LINGER) {
		conn_linger(c);
		return;
	}
	if (c->phase == PH_HANDSHAKE) {
		conn_handshake(c);
		if (c->phase != PH_SMTP)
			return;
		revents = 0;
	}
	for (int round = 0; round < 4 && c->phase == PH_SMTP; round++) {
		/* over TLS a read may be waiting for the socket to be writable
		 * (want_write), so any event is a reason to try again */
		if ((revents & (POLLIN | POLLHUP | POLLERR)) || (c->ssl && revents) ||
		    conn_tls_buffered(c))
			conn_read(c);
		revents = 0;
		if (c->phase != PH_SMTP)
			return;
		if (c->oom) {
			conn_kill(c, "out of memory");
			return;
		}
		if (conn_flush(c) < 0) {
			smtp_session_eof(c->s);
			conn_kill(c, c->peer_eof ? "client disconnected" : "write failed");
			return;
		}
		if (out_pending(c))
			return;
		if (c->starttls) {
			conn_start_tls(c);
			if (c->phase != PH_SMTP)
				return;
			continue;
		}
		if (c->closing) {
			conn_begin_close(c);
			return;
		}
		if (!conn_tls_buffered(c))
			return;
	}
}

short conn_events(const struct conn *c)
{
	switch (c->phase) {
	case PH_HANDSHAKE:
		return c->want_write ? POLLOUT : POLLIN;
	case PH_LINGER:
		return POLLIN;
	case PH_SMTP: {
		short ev = 0;
		if (can_read(c) || c->write_wants_read)
			ev |= POLLIN;
		if (out_pending(c) || c->want_write)
			ev |= POLLOUT;
		return ev;
	}
	case PH_DEAD:
		break;
	}
	return 0;
}

/* The deadline passed: idle too long, or a close that did not finish. */
void conn_expire(struct conn *c)
{
	char buf[96];
	switch (c->phase) {
	case PH_HANDSHAKE:
		net_log_info(c->id, "tls_failed", "TLS handshake timed out");
		c->lp->st->tls_failures++;
		conn_kill(c, "TLS handshake timed out");
		return;
	case PH_LINGER:
		conn_kill(c, close_reason(c, buf, sizeof buf));
		return;
	case PH_SMTP:
		if (c->closing || c->starttls) {
			conn_kill(c, "client not reading");
			return;
		}
		if (c->expiry == EXP_LINE)
			snprintf(buf, sizeof buf, "a line unfinished %ld s after its first byte: "
			         "closing", c->lp->cfg->timeout);
		else if (c->expiry == EXP_DATA)
			snprintf(buf, sizeof buf, "message text slower than %d bytes/s: closing",
			         DATA_MIN_RATE);
		else
			snprintf(buf, sizeof buf, "idle for %ld s: closing", c->lp->cfg->timeout);
		net_log_info(c->id, "timeout", buf);
		c->timed_out = true;
		smtp_session_shutdown(c->s, SMTP_WHY_TIMEOUT);
		if (!c->closing)
			c->deadline = loop_now_ms() + CLOSE_GRACE_MS;
		c->closing = true;
		conn_run(c, 0);
		return;
	case PH_DEAD:
		return;
	}
}


/* --- a new connection --------------------------------------------------------- */

void conn_start(struct conn *c, struct loop *lp, struct net_listener *l, int fd,
                const char *addr, const char *peer)
{
	c->fd = fd;
	c->lp = lp;
	c->l = l;
	c->hello = SMTP_CMD_EHLO;
	c->started = loop_now_ms();
	c->deadline = c->started + lp->cfg->timeout * 1000;
	snprintf(c->addr, sizeof c->addr, "%s", addr);
	snprintf(c->peer, sizeof c->peer, "%s", peer);
	net_log_connect(c->id, c->peer, l);
	struct smtp_session_opts opts = {
		.client_addr = c->addr,
		.tls_active = l->profile->implicit_tls,
		.strict_data_crlf = true,
	};
	c->s = smtp_session_new(l->srv, &opts, conn_sink, c);
	if (!c->s) {
		c->phase = PH_SMTP;
		conn_kill(c, "out of memory");
		return;
	}
	if (l->profile->implicit_tls) {
		c->implicit = true;
		c->ssl = l->tls ? SSL_new(l->tls) : NULL;
		if (!c->ssl || SSL_set_fd(c->ssl, fd) != 1) {
			conn_kill(c, "TLS unavailable");
			return;
		}
		SSL_set_accept_state(c->ssl);
		c->phase = PH_HANDSHAKE;
		return;
	}
	c->phase = PH_SMTP;
	smtp_session_start(c->s);
	conn_run(c, 0);
}

