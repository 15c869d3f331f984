/* loop.c — serve mode's event loop: one thread, poll() over non-blocking
 * sockets; it accepts connections (or refuses them over --max-clients),
 * runs each one that poll or its timer names (conn.c), and on a signal
 * shuts down gracefully. */
#define _GNU_SOURCE /* accept4 */
#include "net/loop.h"

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

int64_t loop_now_ms(void)
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

static bool loop_busy(const struct loop *lp)
{
	return lp->nconns * 100 >= (size_t)lp->cfg->max_clients * BUSY_PERCENT;
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
	lp->st->connections++;
	conn_start(c, lp, l, fd, addr, peer);
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
	lp->stop_deadline = loop_now_ms() + SHUTDOWN_GRACE_MS;
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
		if (lp->stopping && (got_signal > 1 || loop_now_ms() >= lp->stop_deadline))
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
		int64_t now = loop_now_ms();
		int64_t wake = lp->stopping ? lp->stop_deadline : now + 3600 * 1000;
		bool busy = loop_busy(lp), data;
		for (size_t i = 0; i < lp->nconns; i++) {
			struct conn *c = lp->conns[i];
			pfd[n] = (struct pollfd){ .fd = c->fd, .events = conn_events(c) };
			who[n++] = c;
			int64_t due = conn_due(c, busy, &data);
			if (due < wake)
				wake = due;
			if (conn_tls_buffered(c))
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
			if (c->phase != PH_DEAD && (pfd[i].revents || conn_tls_buffered(c)))
				conn_run(c, pfd[i].revents);
		}
		now = loop_now_ms();
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

