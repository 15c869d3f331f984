/* loop.c — serve mode's event loop: one thread, poll() over non-blocking
 * sockets, one engine session per connection. The engine splits and
 * bounds lines; this file moves bytes, runs TLS handshakes, keeps the
 * timers and delivers accepted messages.
 *
 * A connection goes through these phases:
 *   SMTP       the engine talks (in clear, or over TLS once ssl is set)
 *   HANDSHAKE  a TLS handshake runs (smtps from the first byte, or after
 *              STARTTLS's 220 has been flushed)
 *   LINGER     our side is shut for writing; what the client still sends is
 *              read and dropped until it closes, so that closing with
 *              unread input does not reset the connection and destroy the
 *              last reply on its way
 *   DEAD       closed; swept from the table at the end of the round
 *
 * Timers, all from --timeout (T): a connection idle for T is closed (the
 * timer restarts on every byte); a command or text line must end within T
 * of its first byte, however steadily its bytes trickle in (a byte every
 * T - 1 seconds would keep the idle timer alive for ever: slowloris); and
 * while the server is busy (BUSY_PERCENT of --max-clients connected),
 * message text must come at DATA_MIN_RATE on average after T of grace:
 * short lines sent slowly meet the line deadline, but not the rate. The
 * rate waits for the load so that someone typing a message into telnet is
 * not hurried. Each answers 421 4.4.2 and closes. A TLS handshake must end
 * within T of its start.
 *
 * On SIGTERM/SIGINT the listeners' queues are accepted one last time and
 * closed; every client then gets 421 4.3.2: clients in a TLS handshake
 * (smtps, or after STARTTLS) once it has finished, inside the grace
 * period. */
#define _GNU_SOURCE /* accept4 */
#include "net/serve.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

enum {
	READ_CHUNK = 16384,
	OUT_HIGH = 65536,          /* stop reading while this much output waits */
	OUT_KEEP = 4096,           /* an empty output buffer larger than this is freed */
	READS_PER_WAKEUP = 4,      /* fairness between connections */
	ACCEPTS_PER_WAKEUP = 128,
	CLOSE_GRACE_MS = 5000,     /* to deliver the last reply to a slow reader */
	LINGER_MS = 2000,
	LINGER_DRAIN_MAX = 1 << 20,
	SHUTDOWN_GRACE_MS = 5000,
	DATA_MIN_RATE = 1024,      /* bytes/s of message text, on average */
	BUSY_PERCENT = 75,         /* of --max-clients: the DATA rate applies */
};

/* Which timer set a connection's deadline, for the log. */
enum expiry { EXP_IDLE, EXP_LINE, EXP_DATA };

enum phase { PH_SMTP, PH_HANDSHAKE, PH_LINGER, PH_DEAD };

struct loop;

struct conn {
	unsigned id;
	int fd;
	struct loop *lp;
	struct net_listener *l;
	struct smtp_session *s;
	SSL *ssl;
	enum phase phase;
	bool implicit;             /* smtps: greet after the handshake */
	bool starttls;             /* STARTTLS accepted: flush the 220, then handshake */
	bool closing;              /* the engine closed: flush, then close */
	bool peer_eof;             /* the client sends no more */
	bool want_write;           /* the last TLS call needs a writable socket */
	bool write_wants_read;     /* SSL_write needs input first */
	bool timed_out;
	bool oom;
	int last_code;
	enum smtp_cmd hello;       /* HELO or EHLO: the Received header's "with" */
	char *out;
	size_t out_len, out_off, out_cap;
	int64_t started, deadline; /* milliseconds, monotonic */
	enum expiry expiry;        /* what deadline stands for while reading */
	bool in_line;              /* part of a line received, its end not yet */
	int64_t line_start;        /* when its first byte was read */
	bool in_data;              /* the engine is reading message text */
	int64_t data_start;        /* when DATA's 354 went out */
	uint64_t data_bytes;       /* message text received since */
	int64_t data_due;          /* the text is too slow from then on (if busy) */
	size_t drained;
	unsigned long messages;
	char addr[64];             /* "127.0.0.1" */
	char peer[96];             /* "127.0.0.1:40112" */
};

struct loop {
	const struct net_config *cfg;
	struct net_stats *st;
	struct conn **conns;
	size_t nconns, cap;
	unsigned next_id;
	int reserve_fd;            /* given up to accept-and-close at EMFILE */
	bool stopping;
	int64_t stop_deadline;
	char rbuf[READ_CHUNK];     /* one buffer for every read: one thread */
};

static volatile sig_atomic_t got_signal;
static int sig_pipe[2] = { -1, -1 };

static void on_signal(int sig)
{
	(void)sig;
	int e = errno;
	got_signal = got_signal + 1;
	if (sig_pipe[1] >= 0) {
		ssize_t r = write(sig_pipe[1], "x", 1);
		(void)r;
	}
	errno = e;
}

static int64_t now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);
	if (fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0)
		return -1;
	return fcntl(fd, F_SETFD, FD_CLOEXEC);
}

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

static void conn_kill(struct conn *c, const char *reason)
{
	if (c->phase == PH_DEAD)
		return;
	double secs = (double)(now_ms() - c->started) / 1000.0;
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
	c->deadline = now_ms() + LINGER_MS;
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
			c->data_start = now_ms();
			c->data_bytes = 0;
			c->data_due = c->data_start + c->lp->cfg->timeout * 1000;
		}
		break;
	case SMTP_EV_TLS:
		c->starttls = true;
		c->deadline = now_ms() + CLOSE_GRACE_MS;
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
			c->deadline = now_ms() + CLOSE_GRACE_MS;
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
	int64_t now = now_ms(), t = c->lp->cfg->timeout * 1000;
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

static bool loop_busy(const struct loop *lp)
{
	return lp->nconns * 100 >= (size_t)lp->cfg->max_clients * BUSY_PERCENT;
}

/* When the connection's time is up: its deadline, or earlier when the
 * server is busy and its message text comes too slowly (*data set). */
static int64_t conn_due(const struct conn *c, bool busy, bool *data)
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
static void conn_stop(struct conn *c)
{
	if (c->phase != PH_SMTP || c->starttls || c->closing)
		return;
	smtp_session_shutdown(c->s, SMTP_WHY_SHUTDOWN);
	c->closing = true;
	c->deadline = now_ms() + CLOSE_GRACE_MS;
}

/* --- TLS --------------------------------------------------------------------- */

static void conn_handshake(struct conn *c)
{
	ERR_clear_error();
	int r = SSL_do_handshake(c->ssl);
	if (r == 1) {
		c->phase = PH_SMTP;
		c->want_write = false;
		c->deadline = now_ms() + c->lp->cfg->timeout * 1000;
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
	c->deadline = now_ms() + c->lp->cfg->timeout * 1000;
	conn_handshake(c);
}

/* --- one connection's turn ------------------------------------------------ */

static bool tls_buffered(const struct conn *c)
{
	return c->ssl && c->phase == PH_SMTP && can_read(c) && SSL_has_pending(c->ssl);
}

static void conn_run(struct conn *c, short revents)
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
		    tls_buffered(c))
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
		if (!tls_buffered(c))
			return;
	}
}

static short conn_events(const struct conn *c)
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
static void conn_expire(struct conn *c)
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
			c->deadline = now_ms() + CLOSE_GRACE_MS;
		c->closing = true;
		conn_run(c, 0);
		return;
	case PH_DEAD:
		return;
	}
}

/* --- accepting ------------------------------------------------------------------ */

static void sockaddr_text(const struct sockaddr *sa, socklen_t len, char *host,
                          size_t hostlen, char *both, size_t bothlen)
{
	char serv[16];
	if (getnameinfo(sa, len, host, (socklen_t)hostlen, serv, sizeof serv,
	                NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		snprintf(host, hostlen, "unknown");
		snprintf(serv, sizeof serv, "0");
	}
	if (sa->sa_family == AF_INET6)
		snprintf(both, bothlen, "[%s]:%s", host, serv);
	else
		snprintf(both, bothlen, "%s:%s", host, serv);
}

static void refuse(struct loop *lp, struct net_listener *l, int fd, const char *peer,
                   const char *addr)
{
	/* an implicit-TLS client could not read a reply in clear */
	if (!l->profile->implicit_tls) {
		char msg[300];
		int n = snprintf(msg, sizeof msg,
		                 "421 4.7.0 %s Error: too many connections from %s\r\n",
		                 l->profile->host, addr);
		ssize_t w = send(fd, msg, (size_t)n, MSG_NOSIGNAL | MSG_DONTWAIT);
		(void)w;
		shutdown(fd, SHUT_WR);
	}
	close(fd);
	lp->st->refused++;
	net_log_refused(peer, l->name, lp->cfg->max_clients);
}

static int conn_add(struct loop *lp, struct conn *c)
{
	if (lp->nconns == lp->cap) {
		size_t cap = lp->cap ? lp->cap * 2 : 64;
		struct conn **a = realloc(lp->conns, cap * sizeof *a);
		if (!a)
			return -1;
		lp->conns = a;
		lp->cap = cap;
	}
	lp->conns[lp->nconns++] = c;
	return 0;
}

static void conn_open(struct loop *lp, struct net_listener *l, int fd,
                      const struct sockaddr *sa, socklen_t salen)
{
	char addr[64], peer[96];
	sockaddr_text(sa, salen, addr, sizeof addr, peer, sizeof peer);
	if (lp->nconns >= lp->cfg->max_clients) {
		refuse(lp, l, fd, peer, addr);
		return;
	}
	struct conn *c = calloc(1, sizeof *c);
	if (!c || conn_add(lp, c) < 0) {
		free(c);
		close(fd);
		return;
	}
	c->id = ++lp->next_id;
	c->fd = fd;
	c->lp = lp;
	c->l = l;
	c->hello = SMTP_CMD_EHLO;
	c->started = now_ms();
	c->deadline = c->started + lp->cfg->timeout * 1000;
	memcpy(c->addr, addr, sizeof c->addr);
	memcpy(c->peer, peer, sizeof c->peer);
	lp->st->connections++;
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

/* Accept up to ACCEPTS_PER_WAKEUP clients; true when the queue ran dry
 * (or cannot be taken from). */
static bool accept_some(struct loop *lp, struct net_listener *l)
{
	for (int i = 0; i < ACCEPTS_PER_WAKEUP; i++) {
		struct sockaddr_storage ss;
		socklen_t sl = sizeof ss;
#ifdef SOCK_NONBLOCK
		int fd = accept4(l->fd, (struct sockaddr *)&ss, &sl, SOCK_NONBLOCK | SOCK_CLOEXEC);
#else
		int fd = accept(l->fd, (struct sockaddr *)&ss, &sl);
#endif
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED || errno == EPROTO)
				continue;
			if ((errno == EMFILE || errno == ENFILE) && lp->reserve_fd >= 0) {
				/* out of descriptors: take the client off the queue, say
				 * nothing, and keep the loop from spinning on it */
				close(lp->reserve_fd);
				fd = accept(l->fd, NULL, NULL);
				if (fd >= 0)
					close(fd);
				lp->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
				net_log_server("error", "out of file descriptors: a connection was dropped");
			}
			return true;
		}
#ifndef SOCK_NONBLOCK
		if (set_nonblock(fd) < 0) {
			close(fd);
			continue;
		}
#endif
		int one = 1;
		setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
		conn_open(lp, l, fd, (struct sockaddr *)&ss, sl);
	}
	return false;
}

/* --- shutdown and the loop ------------------------------------------------- */

static void begin_shutdown(struct loop *lp)
{
	const struct net_config *cfg = lp->cfg;
	lp->stopping = true;
	lp->stop_deadline = now_ms() + SHUTDOWN_GRACE_MS;
	/* Clients that connected before the signal may still wait in the
	 * listen queue: take them in (they are answered below, like the
	 * others), then close the listeners. A bound keeps a flood of new
	 * connections from holding the shutdown. */
	for (size_t i = 0; i < cfg->nlisteners; i++) {
		struct net_listener *l = &cfg->listeners[i];
		for (int k = 0; l->fd >= 0 && k < 64 && !accept_some(lp, l); k++)
			;
		if (l->fd >= 0)
			close(l->fd);
		l->fd = -1;
	}
	net_log_server("shutdown", "signal received: no new connections; open sessions "
	               "get 421 4.3.2 after any message in delivery is on disk, and those "
	               "in a TLS handshake once it is done");
	/* a connection still in a TLS handshake gets its 421 when the handshake
	 * finishes (conn_handshake); one that never finishes is closed when
	 * the grace period ends */
	for (size_t i = 0; i < lp->nconns; i++) {
		struct conn *c = lp->conns[i];
		if (c->phase == PH_SMTP && !c->closing && !c->starttls) {
			conn_stop(c);
			conn_run(c, 0);
		}
	}
}

static void sweep(struct loop *lp)
{
	size_t o = 0;
	for (size_t i = 0; i < lp->nconns; i++) {
		if (lp->conns[i]->phase == PH_DEAD)
			free(lp->conns[i]);
		else
			lp->conns[o++] = lp->conns[i];
	}
	lp->nconns = o;
}

int net_signals_init(void)
{
	if (sig_pipe[0] >= 0)
		return 0;
	if (pipe(sig_pipe) < 0 || set_nonblock(sig_pipe[0]) < 0 || set_nonblock(sig_pipe[1]) < 0)
		return -1;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
	return 0;
}

int net_loop_run(const struct net_config *cfg, struct net_stats *st)
{
	struct loop *lp = calloc(1, sizeof *lp);
	struct pollfd *pfd = NULL;
	struct conn **who = NULL;
	size_t pcap = 0;
	int rc = 1;
	if (!lp || net_signals_init() < 0) {
		fprintf(stderr, "smtpsim: serve: cannot set up the event loop: %s\n", strerror(errno));
		free(lp);
		return 1;
	}
	lp->cfg = cfg;
	lp->st = st;
	lp->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);

	for (;;) {
		if (got_signal && !lp->stopping)
			begin_shutdown(lp);
		if (lp->stopping && (got_signal > 1 || now_ms() >= lp->stop_deadline))
			for (size_t i = 0; i < lp->nconns; i++)
				conn_kill(lp->conns[i], "shutdown");
		sweep(lp);
		net_log_flush();
		if (lp->stopping && lp->nconns == 0)
			break;

		size_t want = 1 + cfg->nlisteners + lp->nconns;
		if (want > pcap) {
			size_t cap = want * 2;
			struct pollfd *p = realloc(pfd, cap * sizeof *p);
			if (p)
				pfd = p;
			struct conn **w = p ? realloc(who, cap * sizeof *w) : NULL;
			if (!p || !w) {
				fprintf(stderr, "smtpsim: serve: out of memory\n");
				goto out;
			}
			who = w;
			pcap = cap;
		}
		size_t n = 0;
		pfd[n] = (struct pollfd){ .fd = sig_pipe[0], .events = POLLIN };
		who[n++] = NULL;
		size_t first_listener = n;
		for (size_t i = 0; i < cfg->nlisteners; i++) {
			pfd[n] = (struct pollfd){ .fd = cfg->listeners[i].fd, .events = POLLIN };
			who[n++] = NULL;
		}
		size_t first_conn = n;
		int64_t now = now_ms();
		int64_t wake = lp->stopping ? lp->stop_deadline : now + 3600 * 1000;
		bool busy = loop_busy(lp), data;
		for (size_t i = 0; i < lp->nconns; i++) {
			struct conn *c = lp->conns[i];
			pfd[n] = (struct pollfd){ .fd = c->fd, .events = conn_events(c) };
			who[n++] = c;
			int64_t due = conn_due(c, busy, &data);
			if (due < wake)
				wake = due;
			if (tls_buffered(c))
				wake = now;
		}
		int timeout = wake <= now ? 0 : (int)(wake - now);
		int r = poll(pfd, (nfds_t)n, timeout);
		if (r < 0 && errno != EINTR) {
			fprintf(stderr, "smtpsim: serve: poll: %s\n", strerror(errno));
			goto out;
		}
		if (r < 0)
			continue;
		if (pfd[0].revents) {
			char drain[64];
			while (read(sig_pipe[0], drain, sizeof drain) > 0)
				;
		}
		for (size_t i = first_listener; i < first_conn; i++)
			if (pfd[i].fd >= 0 && (pfd[i].revents & POLLIN))
				accept_some(lp, &cfg->listeners[i - first_listener]);
		for (size_t i = first_conn; i < n; i++) {
			struct conn *c = who[i];
			if (c->phase != PH_DEAD && (pfd[i].revents || tls_buffered(c)))
				conn_run(c, pfd[i].revents);
		}
		now = now_ms();
		busy = loop_busy(lp);
		for (size_t i = 0; i < lp->nconns; i++) {
			struct conn *c = lp->conns[i];
			if (c->phase == PH_DEAD || conn_due(c, busy, &data) > now)
				continue;
			if (data)
				c->expiry = EXP_DATA;
			conn_expire(c);
		}
	}
	rc = 0;
out:
	for (size_t i = 0; i < lp->nconns; i++)
		conn_kill(lp->conns[i], "shutdown");
	sweep(lp);
	net_log_flush();
	free(lp->conns);
	if (lp->reserve_fd >= 0)
		close(lp->reserve_fd);
	free(lp);
	free(pfd);
	free(who);
	close(sig_pipe[0]);
	close(sig_pipe[1]);
	sig_pipe[0] = sig_pipe[1] = -1;
	return rc;
}
