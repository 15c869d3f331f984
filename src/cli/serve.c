/* serve.c — `smtpsim serve`: its options, checked and turned into a
 * plain net_serve_config; src/net runs the server. */
#include "cli/cli.h"
#include "net/serve.h"
#include "smtp/personality.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
	DEFAULT_TIMEOUT = 300,      /* RFC 5321 §4.5.3.2.7: at least 5 minutes */
	DEFAULT_MAX_CLIENTS = 1000,
};

static const char *const CMD = "serve";

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

static int set_profile(struct net_serve_config *o, const char *v)
{
	if (!smtp_profile_find(v))
		return cli_usage_error(CMD, "unknown profile '%s' (mta, submission, smtps, alt)", v);
	if (o->nlisteners == 0) {
		if (o->profile)
			return cli_usage_error(CMD, "-p given twice before any -l");
		o->profile = v;
		return 0;
	}
	struct net_listen_opts *l = &o->listeners[o->nlisteners - 1];
	if (l->profile)
		return cli_usage_error(CMD, "-l %s has two profiles (a -p goes right after its -l)",
		                       l->spec);
	l->profile = v;
	return 0;
}

static int set_personality(struct net_serve_config *o, const char *v)
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
		if (o->personality)
			return cli_usage_error(CMD, "-P given twice before any -l");
		o->personality = v;
		return 0;
	}
	struct net_listen_opts *l = &o->listeners[o->nlisteners - 1];
	if (l->personality)
		return cli_usage_error(CMD, "-l %s has two personalities (a -P goes right after "
		                       "its -l)", l->spec);
	l->personality = v;
	return 0;
}

/* A -s or -r, for the last -l before it, or for every listener. */
static int add_item(struct net_serve_config *o, struct net_serve_item *items, size_t *n,
                    const char *v, const char *what)
{
	if (*n == NET_ITEMS_MAX)
		return cli_usage_error(CMD, "too many %s", what);
	items[*n].text = v;
	items[*n].owner = o->nlisteners ? o->nlisteners - 1 : NET_EVERY_LISTENER;
	++*n;
	return 0;
}

/* The scenarios and rules, tried on a server of their own: a name or a
 * rule the engine refuses is a usage error, said before anything starts. */
static int check_items(const struct net_serve_config *o)
{
	char err[300];
	struct smtp_server *srv = smtp_server_new(NULL, err, sizeof err);
	int rc = 0;
	if (!srv) {
		fprintf(stderr, "smtpsim: serve: %s\n", err);
		return 1;
	}
	for (size_t i = 0; !rc && i < o->nscenarios; i++)
		if (smtp_server_scenario(srv, o->scenarios[i].text, true, err, sizeof err) < 0)
			rc = cli_usage_error(CMD, "%s", err);
	for (size_t i = 0; !rc && i < o->nrules; i++)
		if (smtp_server_add_rule(srv, o->rules[i].text, err, sizeof err) < 0)
			rc = cli_usage_error(CMD, "%s", err);
	smtp_server_free(srv);
	return rc;
}

/* 0 to go on, -1 after --help, or 2 after a usage error. */
static int parse(int argc, char **argv, struct net_serve_config *o)
{
	long max_clients = DEFAULT_MAX_CLIENTS;
	bool quiet = false, json = false;
	o->timeout = DEFAULT_TIMEOUT;
	o->grey_delay = -1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			usage(stdout);
			return -1;
		}
		if (!strcmp(a, "-q") || !strcmp(a, "--quiet")) {
			quiet = true;
			continue;
		}
		if (!strcmp(a, "--json-log")) {
			json = true;
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
			if (net_split_spec(v, h, sizeof h, pt, sizeof pt) < 0)
				return cli_usage_error(CMD, "-l %s: expected ADDR:PORT, e.g. "
				                       "127.0.0.1:2525 or [::1]:2525", v);
			if (o->nlisteners == NET_LISTENERS_MAX)
				return cli_usage_error(CMD, "at most %d listeners", NET_LISTENERS_MAX);
			o->listeners[o->nlisteners++].spec = v;
			break;
		}
		case OPT_PROFILE:
			r = set_profile(o, v);
			break;
		case OPT_PERSONALITY:
			r = set_personality(o, v);
			break;
		case OPT_SCENARIO:
			r = add_item(o, o->scenarios, &o->nscenarios, v, "scenarios");
			break;
		case OPT_RULE:
			r = add_item(o, o->rules, &o->nrules, v, "rules");
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
			if (!parse_long(v, 1, 100000, &max_clients))
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
	if (o->nlisteners == 0)
		o->listeners[o->nlisteners++].spec = "127.0.0.1:2525";
	o->max_clients = (unsigned)max_clients;
	o->log = quiet ? NET_LOG_QUIET : json ? NET_LOG_JSON : NET_LOG_TEXT;
	return check_items(o);
}

int cli_serve(int argc, char **argv)
{
	struct net_serve_config *o = calloc(1, sizeof *o);
	if (!o) {
		fputs("smtpsim: serve: out of memory\n", stderr);
		return 1;
	}
	int rc = parse(argc, argv, o);
	if (rc == 0)
		rc = net_serve(o);
	else if (rc < 0)
		rc = 0;
	free(o);
	return rc;
}
