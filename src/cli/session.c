/* session.c — `smtpsim session`: SMTP over stdin/stdout, like sendmail -bs.
 * Byte-exact wire replies by default; --annotate writes a readable C:/S:
 * transcript with an explanation under each reply. */
#include "cli/cli.h"
#include "smtp/smtp.h"
#include "smtp/catalog.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct session_cli {
	struct smtp_session *sess;
	bool annotate;
	FILE *out;
};

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
		cli_put_visible(out, p, len);
		fputc('\n', out);
		p = nl ? nl + 1 : end;
	}
	if (r->decoded) {
		fputs("   334 challenge decoded: \"", out);
		cli_put_visible(out, r->decoded, strlen(r->decoded));
		fputs("\"\n", out);
	}
	const struct cat_code *c = cat_code_find(r->code);
	fprintf(out, "   %d%s%s: %s", r->code, r->enh[0] ? " " : "", r->enh,
	        c ? c->meaning : cat_reply_class(r->code / 100));
	/* the enhanced code says more than the basic one: "5.1.1 Bad
	 * destination mailbox address" next to 550's generic meaning
	 * ("X.Y.0" codes are the "other" catch-alls: nothing to add) */
	size_t el = strlen(r->enh);
	const struct cat_enh *e = el > 2 && strcmp(r->enh + el - 2, ".0") ? cat_enh_find(r->enh) : NULL;
	if (e)
		fprintf(out, "; %s %s", r->enh, e->title);
	if (r->code >= 400 || r->why == SMTP_WHY_RULE || r->why == SMTP_WHY_WILL_FORWARD ||
	    r->why == SMTP_WHY_VRFY_NO_CONFIRM)
		fprintf(out, " (%s)", smtp_why_text(r->why));
	fputc('\n', out);
}

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct session_cli *c = ctx;
	switch (ev->type) {
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
			cli_put_visible(c->out, ev->text, strlen(ev->text));
			fputc('\n', c->out);
		}
		break;
	case SMTP_EV_MESSAGE:
		if (c->annotate)
			fprintf(c->out, "-- message accepted: %zu bytes, %zu recipient%s\n",
			        ev->msg->size, ev->msg->nrcpt, ev->msg->nrcpt == 1 ? "" : "s");
		break;
	case SMTP_EV_STATE:
	case SMTP_EV_AUTH:
	case SMTP_EV_CLOSE:
	case SMTP_EV_COMMAND:
		break;
	}
	return 0;
}

static void usage(FILE *f)
{
	fputs("Usage: smtpsim session [-p PROFILE] [-s SCENARIO]... [-r RULE]... [--annotate]\n"
	      "SMTP over standard input and output, like sendmail -bs: the greeting first,\n"
	      "then one reply per command, CRLF line ends, byte-exact as on the wire.\n"
	      "Input lines may end in LF or CRLF. Ends after QUIT or at end of input.\n"
	      "\n"
	      "  -p, --profile NAME     the server to simulate (default mta)\n"
	      "  -s, --scenario NAME    turn on a scenario (several allowed)\n"
	      "  -r, --rule RULE        'STAGE[:MATCH]=CODE [ENH] [TEXT]': answer that\n"
	      "                         command with that reply, e.g.\n"
	      "                         -r 'RCPT:bob@example.com=550 5.1.1 User unknown'\n"
	      "                         STAGE: CONNECT HELO EHLO MAIL RCPT DATA DOT AUTH\n"
	      "                         STARTTLS QUIT; MATCH: an address or a glob\n"
	      "  -a, --annotate         a readable C:/S: transcript with explanations\n"
	      "  -h, --help             this help\n\n", f);
	cli_print_profiles(f);
}

int cli_session(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "scenario", required_argument, NULL, 's' },
		{ "rule", required_argument, NULL, 'r' },
		{ "annotate", no_argument, NULL, 'a' },
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
	while ((opt = getopt_long(argc, argv, ":p:s:r:ah", longopts, NULL)) != -1) {
		switch (opt) {
		case 'p': profile = optarg; break;
		case 's': kinds[nlater] = 's'; later[nlater++] = optarg; break;
		case 'r': kinds[nlater] = 'r'; later[nlater++] = optarg; break;
		case 'a': c.annotate = true; break;
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
	struct smtp_server *srv = smtp_server_new(profile, err, sizeof err);
	if (!srv) {
		rc = cli_usage_error("session", "%s", err);
		goto out;
	}
	for (size_t i = 0; i < nlater; i++) {
		int bad = kinds[i] == 's' ? smtp_server_scenario(srv, later[i], true, err, sizeof err)
		                          : smtp_server_add_rule(srv, later[i], err, sizeof err);
		if (bad) {
			rc = cli_usage_error("session", "%s", err);
			smtp_server_free(srv);
			goto out;
		}
	}
	/* nothing to negotiate over a pipe: the handshake is implied */
	struct smtp_session_opts opts = { .simulated_tls = true };
	c.sess = smtp_session_new(srv, &opts, sink, &c);
	if (!c.sess) {
		fputs("smtpsim: out of memory\n", stderr);
		smtp_server_free(srv);
		rc = 1;
		goto out;
	}
	smtp_session_start(c.sess);
	fflush(c.out);

	char buf[8192];
	/* the start of the current input line, for the C: echo */
	char shown[200];
	size_t nshown = 0, linelen = 0;
	while (!smtp_session_closed(c.sess)) {
		ssize_t n = read(STDIN_FILENO, buf, sizeof buf);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		size_t start = 0;
		for (size_t i = 0; i < (size_t)n && !smtp_session_closed(c.sess); i++) {
			if (buf[i] != '\n') {
				if (nshown < sizeof shown)
					shown[nshown++] = buf[i];
				linelen++;
				continue;
			}
			if (c.annotate) {
				/* everything before the LF is fed first: no reply can come
				 * before the line ends, so the echo lands before it */
				smtp_session_feed(c.sess, buf + start, i - start);
				size_t show = nshown;
				if (linelen == nshown && show && shown[show - 1] == '\r')
					show--;
				fputs("C: ", c.out);
				cli_put_visible(c.out, shown, show);
				if (linelen > nshown)
					fprintf(c.out, "... (%zu bytes)", linelen);
				fputc('\n', c.out);
				/* then the LF, so that the line is answered now: a QUIT
				 * closes before the next line would be echoed */
				smtp_session_feed(c.sess, buf + i, 1);
				start = i + 1;
			}
			nshown = linelen = 0;
		}
		if (!smtp_session_closed(c.sess))
			smtp_session_feed(c.sess, buf + start, (size_t)n - start);
		fflush(c.out);
	}
	if (!smtp_session_closed(c.sess)) {
		smtp_session_eof(c.sess);
		if (c.annotate)
			fputs("-- end of input: connection closed by the client\n", c.out);
	}
	fflush(c.out);
	smtp_session_free(c.sess);
	smtp_server_free(srv);
out:
	free(later);
	free(kinds);
	return rc;
}
