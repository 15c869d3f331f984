/* serve.c — `smtpsim serve`: options, listening sockets, one simulated
 * server per listener, then the event loop (loop.c). */
#include "cli/cli.h"
#include "net/serve.h"
#include "smtp/personality.h"

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
	MAX_LISTENERS = 16,
	MAX_LIST = 64,              /* -s and -r given */
	DEFAULT_TIMEOUT = 300,      /* RFC 5321 §4.5.3.2.7: at least 5 minutes */
	DEFAULT_MAX_CLIENTS = 1000,
	FD_SPARE = 32,              /* descriptors besides the clients */
};

static const char *const CMD = "serve";
static const size_t NO_OWNER = (size_t)-1;

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
	cli_put_visible(stderr, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
	fputc('\n', stderr);
}

static void usage(FILE *f)
{
	fputs("Usage: smtpsim serve [OPTION]...\n"
	      "A real SMTP server on a TCP port, answering like the simulator: point\n"
	      "telnet, swaks, curl, Python's smtplib or openssl s_client at it and watch\n"
	      "the annotated conversation on stdout.\n"
	      "\n"
	      "  -l, --listen ADDR:PORT   listen there (default 127.0.0.1:2525); several\n"
	      "                           allowed; IPv6 as [::1]:2525; PORT 0 picks a free\n"
	      "                           port\n"
	      "  -p, --profile NAME       server profile: mta, submission, smtps, alt\n"
	      "  -P, --personality NAME   answer as postfix, exim, opensmtpd, gmail or\n"
	      "                           microsoft365 (default smtpsim); after a -l, that\n"
	      "                           listener's, like -p\n"
	      "  -s, --scenario NAME      turn a scenario on (several allowed)\n"
	      "  -r, --rule 'STAGE[:MATCH]=CODE [ENH] [TEXT]'  answer that stage with that\n"
	      "                           reply, e.g. -r 'RCPT:bob@example.com=550 5.1.1'\n"
	      "                           (several allowed; the first that matches answers)\n"
	      "  -p, -s and -r after a -l are for that listener only. Before the first -l,\n"
	      "  -p is the profile of every listener without its own, and -s and -r apply\n"
	      "  to every listener (after the listener's own rules).\n"
	      "      --maildir DIR        deliver accepted messages to DIR/MAILBOX/new/\n"
	      "                           (MAILBOX: the local-part for example.com, the whole\n"
	      "                           address for mail to other domains); without it,\n"
	      "                           messages are logged and dropped\n"
	      "      --tls-cert FILE      PEM certificate (chain) for STARTTLS and smtps\n"
	      "      --tls-key FILE       its PEM private key (default: the --tls-cert file);\n"
	      "                           without them a self-signed certificate for the\n"
	      "                           profile's host name is made at start-up\n"
	      "      --max-clients N      connections at once (default 1000); more get\n"
	      "                           421 4.7.0 and are closed\n"
	      "      --timeout SECONDS    idle timeout (default 300): then 421 4.4.2; also\n"
	      "                           the time a command or text line has from its\n"
	      "                           first byte to its end; when 3/4 of --max-clients\n"
	      "                           are connected, message text must also come at\n"
	      "                           1 KiB/s after that much grace\n"
	      "      --greylist-delay SECONDS  with -s greylist: how long a new triplet\n"
	      "                           must wait (default 300, on the real clock)\n"
	      "  -q, --quiet              no conversation log\n"
	      "      --json-log           the log as one JSON object per line\n"
	      "  -h, --help               this help\n"
	      "\n"
	      "The listening addresses, with each one's profile, scenarios and rules,\n"
	      "are printed on stderr at start-up. Stop with\n"
	      "Ctrl-C (SIGINT) or SIGTERM: every client connected by then gets 421 4.3.2\n"
	      "(after its TLS handshake, if one is under way), exit status 0.\n"
	      "\n"
	      "Examples:\n"
	      "  smtpsim serve --maildir /tmp/mail\n"
	      "  swaks --server 127.0.0.1:2525 --to alice@example.com\n"
	      "  smtpsim serve -l 127.0.0.1:2525 -p mta -l 127.0.0.1:2587 -p submission \\\n"
	      "                -l 127.0.0.1:2465 -p smtps\n"
	      "  smtpsim serve -s tiny-size -l 127.0.0.1:2525 -s greylist -l 127.0.0.1:2526\n"
	      "                # both: 2 KB size limit; only 2525 greylists\n"
	      "  openssl s_client -starttls smtp -connect 127.0.0.1:2587 -crlf\n"
	      "\n", f);
	cli_print_profiles(f);
}

/* "127.0.0.1:2525", "[::1]:2525", "localhost:2525", ":2525" or "2525". */
static int split_spec(const char *spec, char *host, size_t hostlen, char *port, size_t portlen)
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
	if (split_spec(l->spec, host, sizeof host, port, sizeof port) < 0) {
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

/* An option's value: "--opt VALUE", "--opt=VALUE" or "-oVALUE". */
static const char *opt_value(int argc, char **argv, int *i, const char *shrt,
                             const char *lng, bool *matched)
{
	const char *a = argv[*i];
	size_t ll = strlen(lng);
	*matched = false;
	if ((shrt && !strcmp(a, shrt)) || !strcmp(a, lng)) {
		*matched = true;
		if (*i + 1 >= argc)
			return NULL;
		return argv[++*i];
	}
	if (!strncmp(a, lng, ll) && a[ll] == '=') {
		*matched = true;
		return a + ll + 1;
	}
	if (shrt && !strncmp(a, shrt, 2) && a[2] && shrt[2] == '\0' && a[1] != '-') {
		*matched = true;
		return a + 2;
	}
	return NULL;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || end == s || *end || v < lo || v > hi)
		return false;
	*out = v;
	return true;
}

struct options {
	struct net_listener listeners[MAX_LISTENERS];
	bool profile_given[MAX_LISTENERS];
	size_t nlisteners;
	const char *default_profile;
	/* -P: a listener's own after its -l, else the one given before any */
	const char *personality[MAX_LISTENERS];
	const char *default_personality;
	/* -s and -r with the listener they belong to: the last -l before
	 * them, or NO_OWNER (every listener) when they come before any -l. */
	const char *scenarios[MAX_LIST];
	size_t scenario_owner[MAX_LIST];
	size_t nscenarios;
	const char *rules[MAX_LIST];
	size_t rule_owner[MAX_LIST];
	size_t nrules;
	const char *maildir, *cert, *key;
	long max_clients, timeout, grey_delay;
	bool quiet, json;
	/* One queue-id counter for every listener: each has its own server,
	 * and they share the clock, so their own counters would repeat ids. */
	unsigned long queue_counter;
};

enum opt_id { OPT_LISTEN = 1, OPT_PROFILE, OPT_PERSONALITY, OPT_SCENARIO, OPT_RULE, OPT_MAILDIR,
	      OPT_CERT, OPT_KEY, OPT_MAX_CLIENTS, OPT_TIMEOUT, OPT_GREY_DELAY };

static const struct {
	const char *shrt, *lng;
	enum opt_id id;
} valued[] = {
	{ "-l", "--listen", OPT_LISTEN },
	{ "-p", "--profile", OPT_PROFILE },
	{ "-P", "--personality", OPT_PERSONALITY },
	{ "-s", "--scenario", OPT_SCENARIO },
	{ "-r", "--rule", OPT_RULE },
	{ NULL, "--maildir", OPT_MAILDIR },
	{ NULL, "--tls-cert", OPT_CERT },
	{ NULL, "--tls-key", OPT_KEY },
	{ NULL, "--max-clients", OPT_MAX_CLIENTS },
	{ NULL, "--timeout", OPT_TIMEOUT },
	{ NULL, "--greylist-delay", OPT_GREY_DELAY },
};

static int set_profile(struct options *o, const char *v)
{
	if (!smtp_profile_find(v))
		return cli_usage_error(CMD, "unknown profile '%s' (mta, submission, smtps, alt)", v);
	if (o->nlisteners == 0) {
		if (o->default_profile)
			return cli_usage_error(CMD, "-p given twice before any -l");
		o->default_profile = v;
		return 0;
	}
	size_t k = o->nlisteners - 1;
	if (o->profile_given[k])
		return cli_usage_error(CMD, "-l %s has two profiles (a -p goes right after its -l)",
		                       o->listeners[k].spec);
	o->profile_given[k] = true;
	o->listeners[k].profile = smtp_profile_find(v);
	return 0;
}

static int set_personality(struct options *o, const char *v)
{
	if (smtp_personality_find(v) < 0) {
		char names[256];
		size_t k = 0;
		for (size_t i = 0; i < smtp_personality_count() && k < sizeof names; i++)
			k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "",
			                      smtp_personality_name(i));
		return cli_usage_error(CMD, "unknown personality '%s' (%s)", v, names);
	}
	if (o->nlisteners == 0) {
		if (o->default_personality)
			return cli_usage_error(CMD, "-P given twice before any -l");
		o->default_personality = v;
		return 0;
	}
	size_t k = o->nlisteners - 1;
	if (o->personality[k])
		return cli_usage_error(CMD, "-l %s has two personalities (a -P goes right after "
		                       "its -l)", o->listeners[k].spec);
	o->personality[k] = v;
	return 0;
}

/* 0 to go on, -1 after --help, or 2 after a usage error. */
static int parse(int argc, char **argv, struct options *o)
{
	o->max_clients = DEFAULT_MAX_CLIENTS;
	o->timeout = DEFAULT_TIMEOUT;
	o->grey_delay = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return -1;
		}
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			o->quiet = true;
			continue;
		}
		if (!strcmp(a, "--json-log")) {
			o->json = true;
			continue;
		}
		enum opt_id id = 0;
		const char *v = NULL;
		for (size_t k = 0; !id && k < sizeof valued / sizeof valued[0]; k++) {
			bool m;
			v = opt_value(argc, argv, &i, valued[k].shrt, valued[k].lng, &m);
			if (m && !v)
				return cli_usage_error(CMD, "option '%s' needs a value", valued[k].lng);
			if (m)
				id = valued[k].id;
		}
		int r = 0;
		switch (id) {
		case OPT_LISTEN: {
			char h[256], pt[8];
			if (split_spec(v, h, sizeof h, pt, sizeof pt) < 0)
				return cli_usage_error(CMD, "-l %s: expected ADDR:PORT, e.g. "
				                       "127.0.0.1:2525 or [::1]:2525", v);
			if (o->nlisteners == MAX_LISTENERS)
				return cli_usage_error(CMD, "at most %d listeners", MAX_LISTENERS);
			o->listeners[o->nlisteners].spec = v;
			o->listeners[o->nlisteners].fd = -1;
			o->nlisteners++;
			break;
		}
		case OPT_PROFILE:
			r = set_profile(o, v);
			break;
		case OPT_PERSONALITY:
			r = set_personality(o, v);
			break;
		case OPT_SCENARIO:
			if (o->nscenarios == MAX_LIST)
				return cli_usage_error(CMD, "too many scenarios");
			o->scenario_owner[o->nscenarios] = o->nlisteners ? o->nlisteners - 1 : NO_OWNER;
			o->scenarios[o->nscenarios++] = v;
			break;
		case OPT_RULE:
			if (o->nrules == MAX_LIST)
				return cli_usage_error(CMD, "too many rules");
			o->rule_owner[o->nrules] = o->nlisteners ? o->nlisteners - 1 : NO_OWNER;
			o->rules[o->nrules++] = v;
			break;
		case OPT_MAILDIR:
			o->maildir = v;
			break;
		case OPT_CERT:
			o->cert = v;
			break;
		case OPT_KEY:
			o->key = v;
			break;
		case OPT_MAX_CLIENTS:
			if (!parse_long(v, 1, 100000, &o->max_clients))
				return cli_usage_error(CMD, "--max-clients wants a number from 1 to 100000");
			break;
		case OPT_TIMEOUT:
			if (!parse_long(v, 1, 86400, &o->timeout))
				return cli_usage_error(CMD, "--timeout wants seconds, from 1 to 86400");
			break;
		case OPT_GREY_DELAY:
			if (!parse_long(v, 0, 7 * 86400, &o->grey_delay))
				return cli_usage_error(CMD, "--greylist-delay wants seconds");
			break;
		default:
			if (a[0] == '-')
				return cli_usage_error(CMD, "unknown option '%s'", a);
			return cli_usage_error(CMD, "unexpected argument '%s'", a);
		}
		if (r)
			return r;
	}
	if (o->key && !o->cert)
		return cli_usage_error(CMD, "--tls-key needs --tls-cert");
	if (o->nlisteners == 0) {
		o->listeners[0].spec = "127.0.0.1:2525";
		o->listeners[0].fd = -1;
		o->nlisteners = 1;
	}
	const struct smtp_profile *def =
		smtp_profile_find(o->default_profile ? o->default_profile : "mta");
	for (size_t i = 0; i < o->nlisteners; i++)
		if (!o->listeners[i].profile)
			o->listeners[i].profile = def;
	return 0;
}

/* The simulated server of listener k, with its scenarios and rules and
 * those given before any -l. */
static int make_server(size_t k, struct options *o)
{
	struct net_listener *l = &o->listeners[k];
	char err[300];
	l->srv = smtp_server_new(l->profile->name, err, sizeof err);
	if (!l->srv) {
		say("%s", err);
		return 1;
	}
	smtp_server_set_real_clock(l->srv, true);
	smtp_server_share_queue_counter(l->srv, &o->queue_counter);
	const char *voice = o->personality[k] ? o->personality[k] : o->default_personality;
	if (voice && smtp_server_set_personality(l->srv, voice, err, sizeof err) < 0)
		return cli_usage_error(CMD, "%s", err);
	if (o->grey_delay >= 0)
		smtp_server_set_greylist_delay(l->srv, o->grey_delay);
	for (size_t i = 0; i < o->nscenarios; i++)
		if ((o->scenario_owner[i] == k || o->scenario_owner[i] == NO_OWNER) &&
		    smtp_server_scenario(l->srv, o->scenarios[i], true, err, sizeof err) < 0)
			return cli_usage_error(CMD, "%s", err);
	/* The first rule that matches answers: the listener's own come first. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < o->nrules; i++) {
			if (o->rule_owner[i] != (pass == 0 ? k : NO_OWNER))
				continue;
			if (smtp_server_add_rule(l->srv, o->rules[i], err, sizeof err) < 0)
				return cli_usage_error(CMD, "%s", err);
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
		l->tls = net_tls_context(o->cert, o->key, l->profile->host, l->fingerprint,
		                         sizeof l->fingerprint, err, sizeof err);
		if (!l->tls) {
			say("%s", err);
			return 1;
		}
	}
	return 0;
}

int cli_serve(int argc, char **argv)
{
	struct options *o = calloc(1, sizeof *o);
	struct net_maildir *md = NULL;
	int rc = 1;
	if (!o) {
		say("out of memory");
		return 1;
	}
	rc = parse(argc, argv, o);
	if (rc) {
		rc = rc < 0 ? 0 : rc;
		goto out;
	}
	rc = 1;
	for (size_t i = 0; i < o->nlisteners; i++) {
		int r = make_server(i, o);
		if (r) {
			rc = r;
			goto out;
		}
	}
	char err[600];
	if (o->maildir && !(md = net_maildir_open(o->maildir, err, sizeof err))) {
		say("%s", err);
		goto out;
	}
	for (size_t i = 0; i < o->nlisteners; i++) {
		if (open_listener(&o->listeners[i], err, sizeof err) < 0) {
			say("%s", err);
			goto out;
		}
	}
	unsigned max = (unsigned)o->max_clients;
	raise_fd_limit(&max, o->nlisteners);

	/* before "listening on": whoever reads it may signal at once */
	if (net_signals_init() < 0) {
		say("cannot install the signal handlers: %s", strerror(errno));
		goto out;
	}
	net_log_init(o->quiet ? NET_LOG_QUIET : o->json ? NET_LOG_JSON : NET_LOG_TEXT);
	for (size_t i = 0; i < o->nlisteners; i++) {
		struct net_listener *l = &o->listeners[i];
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
			    o->cert ? o->cert : "self-signed, made at start-up", l->fingerprint);
		net_log_listen(l);
	}
	if (md)
		say("delivering to Maildir %s", o->maildir);
	fflush(stderr);
	net_log_flush();

	struct net_config cfg = {
		.listeners = o->listeners,
		.nlisteners = o->nlisteners,
		.maildir = md,
		.max_clients = max,
		.timeout = o->timeout,
	};
	struct net_stats st = { 0 };
	rc = net_loop_run(&cfg, &st);
	char sum[300];
	snprintf(sum, sizeof sum, "stopped: %lu connections, %lu refused, %lu messages "
	         "accepted, %lu Maildir files, %lu TLS handshakes (%lu failed)",
	         st.connections, st.refused, st.messages, st.deliveries, st.tls_handshakes,
	         st.tls_failures);
	net_log_server("stopped", sum);
	net_log_flush();
	if (o->quiet)
		say("%s", sum);
out:
	for (size_t i = 0; i < o->nlisteners; i++) {
		struct net_listener *l = &o->listeners[i];
		if (l->fd >= 0)
			close(l->fd);
		SSL_CTX_free(l->tls);
		smtp_server_free(l->srv);
	}
	net_maildir_free(md);
	free(o);
	return rc;
}
