/* loop.h — what the two halves of serve's event loop share: a
 * connection (conn.c) and the loop that accepts connections, polls them
 * and shuts down (loop.c). Not used outside src/net/.
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
#ifndef NET_LOOP_H
#define NET_LOOP_H

#include "net/serve.h"

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stdint.h>

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

/* Milliseconds on the monotonic clock. */
int64_t loop_now_ms(void);

/* conn.c */

/* Take the accepted socket FD (c->id set, c otherwise zero): greet, or
 * start the smtps handshake. The connection may be dead on return. */
void conn_start(struct conn *c, struct loop *lp, struct net_listener *l, int fd,
                const char *addr, const char *peer);
/* Run the connection after poll said REVENTS (0: on its own): read, feed
 * the engine, write, start TLS, close. */
void conn_run(struct conn *c, short revents);
/* The poll events the connection waits for. */
short conn_events(const struct conn *c);
/* When its time is up; with BUSY, earlier if its message text is too
 * slow (*data set then). */
int64_t conn_due(const struct conn *c, bool busy, bool *data);
/* Its time is up: 421 and close, or close. */
void conn_expire(struct conn *c);
/* Shutdown: 421 4.3.2 when the session can take it now; conn_run sends it. */
void conn_stop(struct conn *c);
/* Close now, logging REASON (the connection becomes PH_DEAD). */
void conn_kill(struct conn *c, const char *reason);
/* TLS holds decrypted input that poll cannot see. */
bool conn_tls_buffered(const struct conn *c);

#endif
