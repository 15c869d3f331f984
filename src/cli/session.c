/* session.c — `smtpsim session`: SMTP over stdin/stdout, like sendmail -bs.
 * Byte-exact wire replies by default; --annotate writes a readable C:/S:
 * transcript with an explanation under each reply. */
#include "cli/cli.h"
#include "smtp/smtp.h"
#include "smtp/catalog.h"
#include "smtp/personality.h"
#include "text/text.h"

#include <errno.h>
#include <getopt.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct session_cli {
	struct smtp_session *sess;
	struct smtp_server *srv;
	bool annotate;
	FILE *out;
	/* what each new server gets: the command line's scenarios and rules */
	const char **later;
	const char *kinds;
	size_t nlater;
	const char *personality;   /* -P: every server's voice (NULL: smtpsim) */
};

/* A marker line of a replay file (`:save -c` in the UI writes them):
 *   #smtpsim connect profile=NAME [scenarios=A,B]
 *   #smtpsim wait SECONDS
 * They never reach the engine. */
static const char MARK[] = "#smtpsim ";
enum { MARK_LEN = sizeof MARK - 1, MARK_LINE_MAX = 512 };
enum { ECHO_MAX = 200 };   /* octets of a client line --annotate shows */

static void annotate_reply(FILE *out, const struct smtp_reply *r)
{
	const char *p = r->wire;
	const char *end = r->wire + r->wire_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		fputs("S: ", out);
		text_put_visible(out, p, len);
		fputc('\n', out);
		p = nl ? nl + 1 : end;
	}
	if (r->decoded) {
		fputs("   334 challenge decoded: \"", out);
		text_put_visible(out, r->decoded, strlen(r->decoded));
		fputs("\"\n", out);
	}
	struct cat_gloss g;
	cat_reply_gloss(r->code, r->enh, &g);
	fprintf(out, "   %d%s%s: %s", r->code, r->enh[0] ? " " : "", r->enh,
	        g.meaning ? g.meaning : "");
	if (g.enh_title)
		fprintf(out, "; %s %s", r->enh, g.enh_title);
	if (r->code >= 400 || r->why == SMTP_WHY_RULE || r->why == SMTP_WHY_WILL_FORWARD ||
	    r->why == SMTP_WHY_VRFY_NO_CONFIRM)
		fprintf(out, " (%s)", smtp_why_text(r->why));
	fputc('\n', out);
}

/* A DSN the simulated world mails back: what it says, then the message. */
static void annotate_dsn(FILE *out, const struct smtp_dsn *d)
{
	fprintf(out, "-- delivery status notification (RFC 3464) to <");
	text_put_visible(out, d->to, strlen(d->to));
	fprintf(out, ">: %s for %zu recipient%s, %zu bytes%s\n", d->action, d->nrcpt,
	        d->nrcpt == 1 ? "" : "s", d->size,
	        d->to_local ? "" : " (the sender is not local: it would go to its domain)");
	const char *p = d->text, *end = d->text + d->size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);
		if (len && p[len - 1] == '\r')
			len--;
		fputs("   | ", out);
		text_put_visible(out, p, len);
		fputc('\n', out);
		p = nl ? nl + 1 : end;
	}
}

/* The client's line, as the engine read it: at most ECHO_MAX octets of
 * it, AUTH credentials masked by the engine. */
static void annotate_line(FILE *out, const struct smtp_line *l)
{
	size_t show = l->len < ECHO_MAX ? l->len : ECHO_MAX;
	fputs("C: ", out);
	text_put_visible(out, l->text, show);
	if (l->masked)
		fputs(show ? " <credentials hidden>" : "<credentials hidden>", out);
	else if (l->total > show)
		fprintf(out, "... (%zu bytes)", l->total);
	fputc('\n', out);
}

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct session_cli *c = ctx;
	switch (ev->type) {
	case SMTP_EV_LINE:
		if (c->annotate)
			annotate_line(c->out, ev->line);
		break;
	case SMTP_EV_REPLY:
		if (c->annotate)
			annotate_reply(c->out, ev->reply);
		else
			fwrite(ev->reply->wire, 1, ev->reply->wire_len, c->out);
		break;
	case SMTP_EV_TLS:
		if (c->annotate)
			fputs("-- TLS negotiated (simulated): the session starts over; "
			      "EHLO again\n", c->out);
		break;
	case SMTP_EV_NOTE:
		if (c->annotate)
			fprintf(c->out, "   note: %s\n", ev->text);
		break;
	case SMTP_EV_AUTH_LINE:
		if (c->annotate) {
			fputs("   decoded: ", c->out);
			text_put_visible(c->out, ev->text, strlen(ev->text));
			fputc('\n', c->out);
		}
		break;
	case SMTP_EV_MESSAGE:
		if (c->annotate)
			fprintf(c->out, "-- message accepted: %zu bytes%s, %zu recipient%s\n",
			        ev->msg->size, ev->msg->chunked ? " in BDAT chunks" : "",
			        ev->msg->nrcpt, ev->msg->nrcpt == 1 ? "" : "s");
		break;
	case SMTP_EV_DSN:
		if (c->annotate)
			annotate_dsn(c->out, ev->dsn);
		break;
	case SMTP_EV_STATE:
	case SMTP_EV_AUTH:
	case SMTP_EV_CLOSE:
	case SMTP_EV_COMMAND:
		break;
	}
	return 0;
}

/* A server for PROFILE with the command line's scenarios and rules, and
 * SCEN (comma-separated, may be NULL) on top. NULL and a message in ERR. */
static struct smtp_server *new_server(const struct session_cli *c, const char *profile,
                                      const char *scen, char *err, size_t errlen)
{
	struct smtp_server *srv = smtp_server_new(profile, err, errlen);
	if (!srv)
		return NULL;
	if (smtp_server_set_personality(srv, c->personality, err, errlen) < 0) {
		smtp_server_free(srv);
		return NULL;
	}
	for (size_t i = 0; i < c->nlater; i++) {
		int bad = c->kinds[i] == 's'
		                  ? smtp_server_scenario(srv, c->later[i], true, err, errlen)
		                  : smtp_server_add_rule(srv, c->later[i], err, errlen);
		if (bad) {
			smtp_server_free(srv);
			return NULL;
		}
	}
	while (scen && *scen) {
		char name[64];
		size_t n = strcspn(scen, ",");
		snprintf(name, sizeof name, "%.*s", (int)(n < 63 ? n : 63), scen);
		if (smtp_server_scenario(srv, name, true, err, errlen) < 0) {
			smtp_server_free(srv);
			return NULL;
		}
		scen += n + (scen[n] == ',');
	}
	return srv;
}

static int connect_to(struct session_cli *c, const char *profile, const char *scen,
                      char *err, size_t errlen)
{
	struct smtp_server *srv = new_server(c, profile, scen, err, errlen);
	if (!srv)
		return -1;
	/* nothing to negotiate over a pipe: the handshake is implied */
	struct smtp_session_opts opts = { .simulated_tls = true };
	struct smtp_session *sess = smtp_session_new(srv, &opts, sink, c);
	if (!sess) {
		snprintf(err, errlen, "out of memory");
		smtp_server_free(srv);
		return -1;
	}
	if (c->sess) {
		/* the client leaves the old connection, as a dropped line does */
		if (!smtp_session_closed(c->sess))
			smtp_session_eof(c->sess);
		smtp_session_free(c->sess);
		smtp_server_free(c->srv);
	}
	c->sess = sess;
	c->srv = srv;
	return 0;
}

/* Run a marker line (without its line end). Returns false when it is not
 * one this version knows: then it is fed as an ordinary line. */
static bool run_marker(struct session_cli *c, const char *line, size_t len)
{
	char buf[MARK_LINE_MAX + 1], err[512];
	if (len < MARK_LEN || len > MARK_LINE_MAX || memcmp(line, MARK, MARK_LEN))
		return false;
	while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
		len--;
	memcpy(buf, line + MARK_LEN, len - MARK_LEN);
	buf[len - MARK_LEN] = '\0';
	char *save = NULL, *word = strtok_r(buf, " ", &save);
	if (word && !strcmp(word, "connect")) {
		const char *profile = "mta", *scen = NULL;
		for (char *t = strtok_r(NULL, " ", &save); t; t = strtok_r(NULL, " ", &save)) {
			if (!strncmp(t, "profile=", 8))
				profile = t + 8;
			else if (!strncmp(t, "scenarios=", 10))
				scen = t + 10;
		}
		if (c->annotate)
			fprintf(c->out, "-- new connection (profile %s%s%s)\n", profile,
			        scen ? ", scenarios " : "", scen ? scen : "");
		if (connect_to(c, profile, scen, err, sizeof err) < 0) {
			fputs("smtpsim: session: ", stderr);
			text_put_visible(stderr, err, strlen(err));
			fputc('\n', stderr);
			return true;
		}
		smtp_session_start(c->sess);
		return true;
	}
	if (word && !strcmp(word, "wait")) {
		char *num = strtok_r(NULL, " ", &save), *end = NULL;
		long secs = num ? strtol(num, &end, 10) : -1;
		if (secs > 0 && end && !*end && c->srv) {
			smtp_server_advance(c->srv, secs);
			if (c->annotate)
				fprintf(c->out, "-- %ld seconds later (simulated clock)\n", secs);
		}
		return true;
	}
	return false;
}

/* Where the reader is in the input's lines. */
struct line_state {
	bool at_start;              /* the next byte starts a line */
	bool holding;               /* a line starting '#': held back until it
	                             * is known whether it is a marker */
	char held[MARK_LINE_MAX + 2];
	size_t nheld;
};

/* Feed bytes that are not a marker. The engine echoes each line (the
 * LINE event) before it answers it, and reads nothing after the close. */
static void feed_plain(struct session_cli *c, const char *p, size_t n)
{
	if (!smtp_session_closed(c->sess))
		smtp_session_feed(c->sess, p, n);
}

/* The octets of a BDAT chunk: no lines, no markers in them (RFC 3030);
 * --annotate shows them as one C: line. Returns how many were taken. */
static size_t feed_octets(struct session_cli *c, const char *p, size_t n, uint64_t left)
{
	size_t take = n < left ? n : (size_t)left;
	if (c->annotate) {
		fprintf(c->out, "C: (BDAT chunk: %zu octet%s", take, take == 1 ? "" : "s");
		if (take < left)
			fprintf(c->out, " of %llu", (unsigned long long)left);
		fputs(") ", c->out);
		text_put_visible(c->out, p, take < 60 ? take : 60);
		fputs(take > 60 ? "...\n" : "\n", c->out);
	}
	smtp_session_feed(c->sess, p, take);
	return take;
}

/* Split a chunk of input into marker lines (run) and the rest (fed). */
static void feed_chunk(struct session_cli *c, struct line_state *ls, const char *p, size_t n)
{
	size_t i = 0;
	while (i < n) {
		uint64_t left = c->sess && !ls->holding ? smtp_session_chunk_left(c->sess) : 0;
		if (left) {
			i += feed_octets(c, p + i, n - i, left);
			/* the next command starts where the chunk ends */
			ls->at_start = smtp_session_chunk_left(c->sess) == 0;
			continue;
		}
		if (ls->at_start && p[i] == '#') {
			ls->holding = true;
			ls->nheld = 0;
		}
		ls->at_start = false;
		if (ls->holding) {
			char ch = p[i++];
			ls->held[ls->nheld++] = ch;
			bool mismatch = ls->nheld <= MARK_LEN && ch != MARK[ls->nheld - 1];
			if (ch == '\n') {
				ls->holding = false;
				ls->at_start = true;
				if (!mismatch && run_marker(c, ls->held, ls->nheld - 1))
					continue;
				feed_plain(c, ls->held, ls->nheld);
			} else if (mismatch || ls->nheld > MARK_LINE_MAX) {
				ls->holding = false;
				feed_plain(c, ls->held, ls->nheld);
			}
			continue;
		}
		const char *nl = memchr(p + i, '\n', n - i);
		size_t end = nl ? (size_t)(nl - p) + 1 : n;
		feed_plain(c, p + i, end - i);
		ls->at_start = nl != NULL;
		i = end;
	}
}

/* A regular file that starts with a connect marker: its profile is the
 * first connection's, before any greeting is written. The file position
 * is left after that line; false (position unchanged) otherwise. */
static bool first_marker(struct session_cli *c, char *line, size_t cap, size_t *len)
{
	struct stat st;
	if (fstat(STDIN_FILENO, &st) < 0 || !S_ISREG(st.st_mode))
		return false;
	off_t at = lseek(STDIN_FILENO, 0, SEEK_CUR);
	ssize_t n = at < 0 ? -1 : pread(STDIN_FILENO, line, cap - 1, at);
	if (n <= 0)
		return false;
	char *nl = memchr(line, '\n', (size_t)n);
	if (!nl || (size_t)(nl - line) < MARK_LEN + 7 ||
	    memcmp(line, "#smtpsim connect", MARK_LEN + 7))
		return false;
	*len = (size_t)(nl - line);
	(void)c;
	return lseek(STDIN_FILENO, at + (off_t)*len + 1, SEEK_SET) >= 0;
}

static void usage(FILE *f)
{
	fputs("Usage: smtpsim session [-p PROFILE] [-s SCENARIO]... [-r RULE]...\n"
	      "                       [-P PERSONALITY] [--annotate]\n"
	      "SMTP over standard input and output, like sendmail -bs: the greeting first,\n"
	      "then one reply per command, CRLF line ends, byte-exact as on the wire.\n"
	      "Input lines may end in LF or CRLF. Ends after QUIT or at end of input.\n"
	      "After 'BDAT SIZE [LAST]' the next SIZE octets are the chunk, whatever\n"
	      "they hold (RFC 3030). EHLO advertises DSN and CHUNKING and, on submission\n"
	      "and smtps, AUTH OAUTHBEARER and XOAUTH2 with simulated tokens (see the\n"
	      "README); VRFY is answered but not advertised (it confirms nothing), and\n"
	      "there is no ETRN.\n"
	      "\n"
	      "  -p, --profile NAME     the server to simulate (default mta)\n"
	      "  -s, --scenario NAME    turn on a scenario (several allowed)\n"
	      "  -r, --rule RULE        'STAGE[:MATCH]=CODE [ENH] [TEXT]': answer that\n"
	      "                         command with that reply, e.g.\n"
	      "                         -r 'RCPT:bob@example.com=550 5.1.1 User unknown'\n"
	      "                         STAGE: CONNECT HELO EHLO MAIL RCPT DATA DOT AUTH\n"
	      "                         STARTTLS QUIT; MATCH: an address or a glob\n"
	      "  -P, --personality NAME the voice of a real server: postfix, exim,\n"
	      "                         opensmtpd, gmail, microsoft365 (default smtpsim)\n"
	      "  -a, --annotate         a readable C:/S: transcript with explanations\n"
	      "                         and the DSNs the server would mail back\n"
	      "  -h, --help             this help\n"
	      "\n"
	      "Replay files (free play's :save -c FILE) hold marker lines that never\n"
	      "reach the server:\n"
	      "  #smtpsim connect profile=NAME [scenarios=A,B]  a new connection to NAME\n"
	      "  #smtpsim wait SECONDS                          the clock moves on\n"
	      "Read from a file (smtpsim session < FILE), a first connect marker picks\n"
	      "the first server and the file is read to its end, past a QUIT.\n\n", f);
	cli_print_profiles(f);
}

int cli_session(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "scenario", required_argument, NULL, 's' },
		{ "rule", required_argument, NULL, 'r' },
		{ "annotate", no_argument, NULL, 'a' },
		{ "personality", required_argument, NULL, 'P' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *profile = "mta";
	char err[512];
	struct session_cli c = { .out = stdout };
	/* scenarios and rules are applied once the server exists */
	const char **later = calloc((size_t)argc + 1, sizeof *later);
	char *kinds = calloc((size_t)argc + 1, 1);
	size_t nlater = 0;
	int rc = 0;
	if (!later || !kinds) {
		fputs("smtpsim: out of memory\n", stderr);
		rc = 1;
		goto out;
	}
	optind = 1;
	opterr = 0;
	int opt;
	while ((opt = getopt_long(argc, argv, ":p:s:r:P:ah", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': profile = optarg; break;
		case 's': kinds[nlater] = 's'; later[nlater++] = optarg; break;
		case 'r': kinds[nlater] = 'r'; later[nlater++] = optarg; break;
		case 'a': c.annotate = true; break;
		case 'P': c.personality = optarg; break;
		case 'h': usage(stdout); goto out;
		case ':':
			rc = cli_usage_error("session", "option '%s' needs an argument", argv[optind - 1]);
			goto out;
		default:
			rc = cli_usage_error("session", "unknown option '%s'", argv[optind - 1]);
			goto out;
		}
	}
	if (optind < argc) {
		rc = cli_usage_error("session", "unexpected argument '%s'", argv[optind]);
		goto out;
	}
	c.later = later;
	c.kinds = kinds;
	c.nlater = nlater;
	char first[MARK_LINE_MAX + 1];
	size_t flen = 0;
	bool from_file = first_marker(&c, first, sizeof first, &flen);
	if (from_file) {
		/* the file names its first connection's server */
		run_marker(&c, first, flen);
		if (!c.sess) {
			rc = 2;
			goto out;
		}
	} else {
		if (connect_to(&c, profile, NULL, err, sizeof err) < 0) {
			rc = cli_usage_error("session", "%s", err);
			goto out;
		}
		smtp_session_start(c.sess);
	}
	struct stat st;
	/* after QUIT a replay file may open another connection; a pipe or a
	 * terminal ends with the connection, as a client would see it */
	bool replay = fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode);
	fflush(c.out);

	struct line_state ls = { .at_start = true };
	char buf[8192];
	while (replay || !smtp_session_closed(c.sess)) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		feed_chunk(&c, &ls, buf, (size_t)n);
		fflush(c.out);
	}
	if (ls.holding && ls.nheld)
		feed_plain(&c, ls.held, ls.nheld);
	if (!smtp_session_closed(c.sess)) {
		smtp_session_eof(c.sess);
		if (c.annotate)
			fputs("-- end of input: connection closed by the client\n", c.out);
	}
	fflush(c.out);
out:
	if (c.sess)
		smtp_session_free(c.sess);
	if (c.srv)
		smtp_server_free(c.srv);
	free(later);
	free(kinds);
	return rc;
}
