/* compare.c — `smtpsim compare [CASE]`: one mistake or policy decision,
 * answered by every personality side by side.
 *
 * Each reply comes from the real engine: a fresh server with the case's
 * profile, scenario and the personality, fed the case's dialogue; the
 * reply to its last line is the one shown. There is no second table of
 * texts here, so the view cannot drift from what `session -P` says. */
#include "cli/cli.h"
#include "smtp/personality.h"
#include "smtp/smtp.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EHLO "EHLO client.example.org\n"
#define FROM "MAIL FROM:<dave@example.org>\n"
/* AUTH PLAIN for alice@example.com with a wrong password ("wrong") */
#define BAD_PLAIN "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdyb25n"

struct cmp_case {
	const char *name;      /* what the command line takes */
	const char *title;     /* one line for the list and the heading */
	const char *profile;
	const char *scenario;  /* NULL: none */
	const char *lines;     /* the dialogue; the last line's reply is shown */
};

static const struct cmp_case cases[] = {
	{ "unknown-user", "a recipient with no mailbox", "mta", NULL,
	  EHLO FROM "RCPT TO:<nobody@example.com>" },
	{ "mailbox-full", "the recipient's mailbox is over quota", "mta", "mailbox-full",
	  EHLO FROM "RCPT TO:<bob@example.com>" },
	{ "relay-refused", "a recipient elsewhere, from a client that may not relay", "mta", NULL,
	  EHLO FROM "RCPT TO:<someone@example.net>" },
	{ "greylisted", "the first try of a sender/recipient pair is deferred", "mta", "greylist",
	  EHLO FROM "RCPT TO:<alice@example.com>" },
	{ "tls-required", "MAIL on the submission port before STARTTLS", "submission", NULL,
	  EHLO "MAIL FROM:<alice@example.com>" },
	{ "auth-failed", "AUTH PLAIN with a wrong password (after STARTTLS)", "submission", NULL,
	  EHLO "STARTTLS\n" EHLO BAD_PLAIN },
	{ "spf-fail", "a sender whose domain's SPF does not list the client", "mta", "spf-fail",
	  EHLO FROM },
	{ "dmarc-fail", "a From: domain whose DMARC policy is p=reject", "mta", "dmarc-reject",
	  EHLO FROM "RCPT TO:<alice@example.com>\nDATA\nFrom: Dave <dave@example.org>\n"
	  "Subject: hello\n\nHi.\n." },
	{ "rate-limit", "one recipient too many in a transaction (3 allowed here)", "mta",
	  "few-recipients",
	  EHLO FROM "RCPT TO:<alice@example.com>\nRCPT TO:<bob@example.com>\n"
	  "RCPT TO:<carol@example.com>\nRCPT TO:<postmaster@example.com>" },
	{ "too-many-errors", "the fourth bad command in a row (strict-errors)", "mta",
	  "strict-errors", EHLO "FOO\nFOO\nFOO\nFOO" },
};

enum { NCASES = sizeof cases / sizeof cases[0] };

/* One personality's reply. */
struct answer {
	int code;
	char enh[16];
	char text[2048];      /* lines joined by '\n' */
	bool tls_done;        /* STARTTLS was accepted in this dialogue */
	struct smtp_session *sess;
};

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct answer *a = ctx;
	if (ev->type == SMTP_EV_REPLY) {
		a->code = ev->reply->code;
		snprintf(a->enh, sizeof a->enh, "%s", ev->reply->enh);
		snprintf(a->text, sizeof a->text, "%s", ev->reply->text);
	} else if (ev->type == SMTP_EV_TLS) {
		a->tls_done = true;
	}
	return 0;
}

/* Run case C under personality P; 0, or -1 with a message in err. */
static int run(const struct cmp_case *c, const char *p, struct answer *a,
               char *err, size_t errlen)
{
	memset(a, 0, sizeof *a);
	struct smtp_server *srv = smtp_server_new(c->profile, err, errlen);
	if (!srv)
		return -1;
	if (smtp_server_set_personality(srv, p, err, errlen) < 0 ||
	    (c->scenario && smtp_server_scenario(srv, c->scenario, true, err, errlen) < 0)) {
		smtp_server_free(srv);
		return -1;
	}
	a->sess = smtp_session_new(srv, NULL, sink, a);
	smtp_session_start(a->sess);
	for (const char *l = c->lines; *l; ) {
		size_t n = strcspn(l, "\n");
		smtp_session_feed_line(a->sess, l, n);
		if (a->tls_done) {
			/* no real handshake here: the session is told it is done */
			smtp_session_tls_done(a->sess);
			a->tls_done = false;
		}
		l += n + (l[n] == '\n');
	}
	smtp_session_free(a->sess);
	smtp_server_free(srv);
	a->sess = NULL;
	return 0;
}

static const struct cmp_case *find_case(const char *name)
{
	for (size_t i = 0; i < NCASES; i++)
		if (!strcasecmp(cases[i].name, name))
			return &cases[i];
	return NULL;
}

/* The last line of the dialogue: the command whose reply is compared
 * (a static copy, without the line end). */
static const char *last_line(const char *lines)
{
	static char buf[256];
	size_t n = strlen(lines);
	while (n && lines[n - 1] == '\n')
		n--;
	size_t b = n;
	while (b && lines[b - 1] != '\n')
		b--;
	snprintf(buf, sizeof buf, "%.*s", (int)(n - b), lines + b);
	return buf;
}

static void usage(FILE *f)
{
	fputs("Usage: smtpsim compare [--json] [CASE]\n"
	      "The same mistake or policy decision answered by every personality\n"
	      "(smtpsim, postfix, exim, opensmtpd, gmail, microsoft365), side by\n"
	      "side: the code, the enhanced code (blank when a server sends none)\n"
	      "and the text. Each reply is the engine's own, run with that\n"
	      "personality and the case's profile and scenario, as\n"
	      "`smtpsim session -P NAME` would give it. A '=' marks a reply word\n"
	      "for word smtpsim's own. Without CASE, the cases.\n"
	      "\n"
	      "  --json      one JSON object (a case) or array (the cases)\n"
	      "  -h, --help  this help\n"
	      "\n"
	      "Cases:\n", f);
	for (size_t i = 0; i < NCASES; i++)
		fprintf(f, "  %-16s %s\n", cases[i].name, cases[i].title);
}

static void list_text(void)
{
	for (size_t i = 0; i < NCASES; i++) {
		const struct cmp_case *c = &cases[i];
		printf("%-16s %s (profile %s%s%s)\n", c->name, c->title, c->profile,
		       c->scenario ? ", scenario " : "", c->scenario ? c->scenario : "");
	}
}

static cJSON *case_json(const struct cmp_case *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "case", c->name);
	cJSON_AddStringToObject(o, "title", c->title);
	cJSON_AddStringToObject(o, "profile", c->profile);
	if (c->scenario)
		cJSON_AddStringToObject(o, "scenario", c->scenario);
	else
		cJSON_AddNullToObject(o, "scenario");
	cJSON_AddStringToObject(o, "command", last_line(c->lines));
	return o;
}

static void print_json(cJSON *o)
{
	char *t = cJSON_PrintUnformatted(o);
	if (t)
		printf("%s\n", t);
	cJSON_free(t);
	cJSON_Delete(o);
}

static void list_json(void)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < NCASES; i++)
		cJSON_AddItemToArray(a, case_json(&cases[i]));
	print_json(a);
}

/* Whether B is word for word smtpsim's reply A: a personality keeps
 * smtpsim's where no public source gives the server's own. */
static bool same(const struct answer *a, const struct answer *b)
{
	return a->code == b->code && !strcmp(a->enh, b->enh) && !strcmp(a->text, b->text);
}

static int show(const struct cmp_case *c, bool json)
{
	size_t np = smtp_personality_count();
	struct answer *ans = calloc(np, sizeof *ans);
	if (!ans) {
		fputs("smtpsim: out of memory\n", stderr);
		return 1;
	}
	for (size_t i = 0; i < np; i++) {
		char err[256];
		if (run(c, smtp_personality_name(i), &ans[i], err, sizeof err) < 0) {
			fprintf(stderr, "smtpsim: compare %s: %s\n", c->name, err);
			free(ans);
			return 1;
		}
	}
	if (json) {
		cJSON *o = case_json(c);
		cJSON *r = cJSON_AddArrayToObject(o, "replies");
		for (size_t i = 0; i < np; i++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "personality", smtp_personality_name(i));
			cJSON_AddNumberToObject(e, "code", ans[i].code);
			cJSON_AddStringToObject(e, "enhanced", ans[i].enh);
			cJSON_AddBoolToObject(e, "same_as_smtpsim", i > 0 && same(&ans[0], &ans[i]));
			cJSON *lines = cJSON_AddArrayToObject(e, "lines");
			for (const char *l = ans[i].text; ; ) {
				size_t n = strcspn(l, "\n");
				char buf[sizeof ans[i].text];
				snprintf(buf, sizeof buf, "%.*s", (int)n, l);
				cJSON_AddItemToArray(lines, cJSON_CreateString(buf));
				if (!l[n])
					break;
				l += n + 1;
			}
			cJSON_AddItemToArray(r, e);
		}
		print_json(o);
		free(ans);
		return 0;
	}

	size_t wname = 0, wenh = 0;
	for (size_t i = 0; i < np; i++) {
		size_t n = strlen(smtp_personality_name(i));
		wname = n > wname ? n : wname;
		n = strlen(ans[i].enh);
		wenh = n > wenh ? n : wenh;
	}
	printf("%s: %s\n", c->name, c->title);
	printf("profile %s%s%s; the reply to: ", c->profile,
	       c->scenario ? ", scenario " : "", c->scenario ? c->scenario : "");
	const char *cmd = last_line(c->lines);
	cli_put_visible(stdout, cmd, strlen(cmd));
	fputs("\n\n", stdout);
	for (size_t i = 0; i < np; i++) {
		const char *l = ans[i].text;
		bool first = true;
		for (;;) {
			size_t n = strcspn(l, "\n");
			printf("%c %-*s  %d%c%-*s  ", first && i > 0 && same(&ans[0], &ans[i]) ? '=' : ' ',
			       (int)wname, first ? smtp_personality_name(i) : "",
			       ans[i].code, l[n] ? '-' : ' ', (int)wenh, ans[i].enh);
			cli_put_visible(stdout, l, n);
			fputc('\n', stdout);
			if (!l[n])
				break;
			l += n + 1;
			first = false;
		}
	}

	/* what stays the same and what does not */
	bool same_digit = true, same_class = true;
	for (size_t i = 1; i < np; i++) {
		same_digit &= ans[i].code / 100 == ans[0].code / 100;
		same_class &= ans[i].enh[0] == ans[0].enh[0] || !ans[i].enh[0];
	}
	fputs("\n", stdout);
	if (same_digit) {
		printf("  first digit: %d at every server", ans[0].code / 100);
	} else {
		fputs("  first digit differs:", stdout);
		for (size_t i = 0; i < np; i++)
			printf(" %s %d%s", smtp_personality_name(i), ans[i].code / 100,
			       i + 1 < np ? "," : "");
	}
	if (same_class && ans[0].enh[0])
		printf("; enhanced class %c.x.x wherever one is sent", ans[0].enh[0]);
	fputs("\n", stdout);
	for (size_t i = 1; i < np; i++)
		if (same(&ans[0], &ans[i])) {
			puts("  = smtpsim's reply word for word: that server says the same, or no public\n"
			     "    source gives its own wording (smtpsim --list-scenarios says which)");
			break;
		}
	free(ans);
	return 0;
}

int cli_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int o;
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (o) {
		case 'j': json = true; break;
		case 'h': usage(stdout); return 0;
		default:
			return cli_usage_error("compare", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 < argc)
		return cli_usage_error("compare", "one case at a time");
	if (optind == argc) {
		if (json)
			list_json();
		else
			list_text();
		return 0;
	}
	const struct cmp_case *c = find_case(argv[optind]);
	if (!c) {
		char names[512];
		size_t w = 0;
		for (size_t i = 0; i < NCASES && w < sizeof names; i++)
			w += (size_t)snprintf(names + w, sizeof names - w, "%s%s", i ? ", " : "",
			                      cases[i].name);
		return cli_usage_error("compare", "unknown case '%s' (try %s)", argv[optind], names);
	}
	return show(c, json);
}
