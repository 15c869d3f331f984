/* serve.c — `smtpsim serve` at run time: one simulated server per
 * listener, the listening sockets, the start-up announcement, then the
 * event loop (loop.c). The options are parsed in src/cli/serve.c. */
#include "net/serve.h"
#include "smtp/personality.h"
#include "text/text.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
	FD_SPARE = 32,              /* descriptors besides the clients */
};

/* A message on stderr; paths and addresses from the command line are
 * shown with control bytes made visible, like every other text. */
__attribute__((format(printf, 1, 2)))
static void say(const char *fmt, ...)
{
	char buf[1200];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	fputs("smtpsim: serve: ", stderr);
	text_put_visible(stderr, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	fputc('\n', stderr);
}

int net_split_spec(const char *spec, char *host, size_t hostlen, char *port,
                   size_t portlen)
{
	const char *colon;
	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= hostlen)
			return -1;
		memcpy(host, spec + 1, (size_t)(close - spec - 1));
		host[close - spec - 1] = '\0';
		colon = close + 1;
	} else if ((colon = strrchr(spec, ':')) != NULL) {
		if (strchr(spec, ':') != colon || (size_t)(colon - spec) >= hostlen)
			return -1; /* a bare IPv6 address needs brackets */
		memcpy(host, spec, (size_t)(colon - spec));
		host[colon - spec] = '\0';
	} else {
		host[0] = '\0';
		colon = spec - 1;
	}
	if (!host[0])
		snprintf(host, hostlen, "127.0.0.1");
	const char *p = colon + 1;
	if (!*p || strlen(p) >= portlen || strspn(p, "0123456789") != strlen(p) ||
	    strtol(p, NULL, 10) > 65535)
		return -1;
	snprintf(port, portlen, "%s", p);
	return 0;
}

static bool is_loopback(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const struct sockaddr_in *)sa;
		return (ntohl(in->sin_addr.s_addr) >> 24) == 127;
	}
	if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const struct sockaddr_in6 *)sa;
		if (IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr))
			return true;
		return IN6_IS_ADDR_V4MAPPED(&in6->sin6_addr) && in6->sin6_addr.s6_addr[12] == 127;
	}
	return false;
}

/* Bind and listen; fills l->fd and l->name. -1 and a message on failure. */
static int open_listener(struct net_listener *l, char *err, size_t errlen)
{
	char host[256], port[8];
	if (net_split_spec(l->spec, host, sizeof host, port, sizeof port) < 0) {
		snprintf(err, errlen, "-l %s: expected ADDR:PORT, e.g. 127.0.0.1:2525 or [::1]:2525",
		         l->spec);
		return -1;
	}
	struct addrinfo hints = { .ai_flags = AI_PASSIVE | AI_NUMERICSERV,
	                          .ai_family = AF_UNSPEC, .ai_socktype = SOCK_STREAM };
	struct addrinfo *res = NULL;
	int g = getaddrinfo(host, port, &hints, &res);
	if (g != 0) {
		snprintf(err, errlen, "-l %s: %s", l->spec, gai_strerror(g));
		return -1;
	}
	int fd = socket(res->ai_family, res->ai_socktype, res->ai_protocol);
	int one = 1;
	if (fd < 0) {
		snprintf(err, errlen, "-l %s: socket: %s", l->spec, strerror(errno));
		freeaddrinfo(res);
		return -1;
	}
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (res->ai_family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	bool loop = is_loopback(res->ai_addr);
	if (bind(fd, res->ai_addr, res->ai_addrlen) < 0 || listen(fd, 1024) < 0) {
		snprintf(err, errlen, "cannot listen on %s: %s", l->spec, strerror(errno));
		freeaddrinfo(res);
		close(fd);
		return -1;
	}
	freeaddrinfo(res);
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, fl | O_NONBLOCK);
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	struct sockaddr_storage ss;
	socklen_t sl = sizeof ss;
	char h[64], s[16];
	getsockname(fd, (struct sockaddr *)&ss, &sl);
	if (getnameinfo((struct sockaddr *)&ss, sl, h, sizeof h, s, sizeof s,
	                NI_NUMERICHOST | NI_NUMERICSERV) != 0)
		snprintf(h, sizeof h, "?"), snprintf(s, sizeof s, "?");
	snprintf(l->name, sizeof l->name, ss.ss_family == AF_INET6 ? "[%s]:%s" : "%s:%s", h, s);
	if (!loop)
		say("warning: %s is not a loopback address: anyone who can reach this "
		    "machine can talk to this server", l->name);
	l->fd = fd;
	return 0;
}

/* Room for the clients in the descriptor table; lowers max when the hard
 * limit is too small. */
static void raise_fd_limit(unsigned *max, size_t nlisteners)
{
	struct rlimit rl;
	rlim_t need = (rlim_t)*max + nlisteners + FD_SPARE;
	if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur >= need)
		return;
	rlim_t cur = rl.rlim_max == RLIM_INFINITY || rl.rlim_max >= need ? need : rl.rlim_max;
	rl.rlim_cur = cur;
	if (setrlimit(RLIMIT_NOFILE, &rl) < 0 && getrlimit(RLIMIT_NOFILE, &rl) == 0)
		cur = rl.rlim_cur;
	if (cur < need) {
		unsigned m = cur > nlisteners + FD_SPARE ? (unsigned)(cur - nlisteners - FD_SPARE) : 1;
		say("warning: the descriptor limit (%llu) allows only %u clients at once",
		    (unsigned long long)cur, m);
		*max = m;
	}
}

/* The simulated server of listener k, with its scenarios and rules and
 * those given before any -l. */
static int make_server(const struct net_serve_config *cfg, size_t k, struct net_listener *l,
                       unsigned long *queue_counter)
{
	char err[300];
	l->srv = smtp_server_new(l->profile->name, err, sizeof err);
	if (!l->srv) {
		say("%s", err);
		return -1;
	}
	smtp_server_set_real_clock(l->srv, true);
	smtp_server_share_queue_counter(l->srv, queue_counter);
	const char *voice = cfg->listeners[k].personality ? cfg->listeners[k].personality
	                                                   : cfg->personality;
	if (voice && smtp_server_set_personality(l->srv, voice, err, sizeof err) < 0) {
		say("%s", err);
		return -1;
	}
	if (cfg->grey_delay >= 0)
		smtp_server_set_greylist_delay(l->srv, cfg->grey_delay);
	for (size_t i = 0; i < cfg->nscenarios; i++) {
		const struct net_serve_item *it = &cfg->scenarios[i];
		if ((it->owner == k || it->owner == NET_EVERY_LISTENER) &&
		    smtp_server_scenario(l->srv, it->text, true, err, sizeof err) < 0) {
			say("%s", err);
			return -1;
		}
	}
	/* The first rule that matches answers: the listener's own come first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < cfg->nrules; i++) {
			const struct net_serve_item *it = &cfg->rules[i];
			if (it->owner != (pass == 0 ? k : NET_EVERY_LISTENER))
				continue;
			if (smtp_server_add_rule(l->srv, it->text, err, sizeof err) < 0) {
				say("%s", err);
				return -1;
			}
			l->nrules++;
		}
	size_t used = 0;
	for (size_t i = 0; i < smtp_scenario_count(); i++) {
		const char *name = smtp_scenario_at(i)->name;
		if (smtp_server_has_scenario(l->srv, name) && used < sizeof l->scenarios)
			used += (size_t)snprintf(l->scenarios + used, sizeof l->scenarios - used,
			                         "%s%s", used ? " " : "", name);
	}
	if (l->profile->starttls || l->profile->implicit_tls) {
		l->tls = net_tls_context(cfg->cert, cfg->key, l->profile->host, l->fingerprint,
		                         sizeof l->fingerprint, err, sizeof err);
		if (!l->tls) {
			say("%s", err);
			return -1;
		}
	}
	return 0;
}

/* What `serve` holds while it runs. */
struct serve {
	struct net_listener listeners[NET_LISTENERS_MAX];
	/* One queue-id counter for every listener: each has its own server,
	 * and they share the clock, so their own counters would repeat ids. */
	unsigned long queue_counter;
};

int net_serve(const struct net_serve_config *cfg)
{
	struct serve *sv = calloc(1, sizeof *sv);
	struct net_maildir *md = NULL;
	size_t n = cfg->nlisteners < NET_LISTENERS_MAX ? cfg->nlisteners : NET_LISTENERS_MAX;
	int rc = 1;
	if (!sv) {
		say("out of memory");
		return 1;
	}
	const struct smtp_profile *def = smtp_profile_find(cfg->profile ? cfg->profile : "mta");
	for (size_t i = 0; i < n; i++) {
		struct net_listener *l = &sv->listeners[i];
		l->spec = cfg->listeners[i].spec;
		l->fd = -1;
		l->profile = cfg->listeners[i].profile ? smtp_profile_find(cfg->listeners[i].profile)
		                                       : def;
		if (!l->profile) {
			say("unknown profile '%s'", cfg->listeners[i].profile ? cfg->listeners[i].profile
			                                                       : cfg->profile);
			goto out;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (make_server(cfg, i, &sv->listeners[i], &sv->queue_counter) < 0)
			goto out;
	char err[600];
	if (cfg->maildir && !(md = net_maildir_open(cfg->maildir, err, sizeof err))) {
		say("%s", err);
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (open_listener(&sv->listeners[i], err, sizeof err) < 0) {
			say("%s", err);
			goto out;
		}
	}
	unsigned max = cfg->max_clients;
	raise_fd_limit(&max, n);

	/* before "listening on": whoever reads it may signal at once */
	if (net_signals_init() < 0) {
		say("cannot install the signal handlers: %s", strerror(errno));
		goto out;
	}
	net_log_init(cfg->log);
	for (size_t i = 0; i < n; i++) {
		struct net_listener *l = &sv->listeners[i];
		char extra[300] = "";
		if (l->scenarios[0] || l->nrules)
			snprintf(extra, sizeof extra, "; scenarios: %s; rules: %zu",
			         l->scenarios[0] ? l->scenarios : "none", l->nrules);
		const char *voice = smtp_server_personality(l->srv);
		say("listening on %s (profile %s, %s%s%s%s)", l->name, l->profile->name,
		    l->profile->host, strcmp(voice, "smtpsim") ? ", as " : "",
		    strcmp(voice, "smtpsim") ? voice : "", extra);
		if (l->tls)
			say("%s: TLS certificate %s, SHA-256 %s", l->name,
			    cfg->cert ? cfg->cert : "self-signed, made at start-up", l->fingerprint);
		net_log_listen(l);
	}
	if (md)
		say("delivering to Maildir %s", cfg->maildir);
	fflush(stderr);
	net_log_flush();

	struct net_config lc = {
		.listeners = sv->listeners,
		.nlisteners = n,
		.maildir = md,
		.max_clients = max,
		.timeout = cfg->timeout,
	};
	struct net_stats st = { 0 };
	rc = net_loop_run(&lc, &st);
	char sum[300];
	snprintf(sum, sizeof sum, "stopped: %lu connections, %lu refused, %lu messages "
	         "accepted, %lu Maildir files, %lu TLS handshakes (%lu failed)",
	         st.connections, st.refused, st.messages, st.deliveries, st.tls_handshakes,
	         st.tls_failures);
	net_log_server("stopped", sum);
	net_log_flush();
	if (cfg->log == NET_LOG_QUIET)
		say("%s", sum);
out:
	for (size_t i = 0; i < n; i++) {
		struct net_listener *l = &sv->listeners[i];
		if (l->fd >= 0)
			close(l->fd);
		SSL_CTX_free(l->tls);
		smtp_server_free(l->srv);
	}
	net_maildir_free(md);
	free(sv);
	return rc;
}
