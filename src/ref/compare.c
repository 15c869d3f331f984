/* compare.c — every personality's answer to one case (see compare.h). */
#include "ref/compare.h"

#include "smtp/personality.h"
#include "smtp/smtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define EHLO "EHLO client.example.org\n"
#define FROM "MAIL FROM:<dave@example.org>\n"
/* AUTH PLAIN for alice@example.com with a wrong password ("wrong") */
#define BAD_PLAIN "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdyb25n"

static const struct cmp_case cases[] = {
	{ "unknown-user", "a recipient with no mailbox", "mta", NULL,
	  EHLO FROM "RCPT TO:<nobody@example.com>" },
	{ "mailbox-full", "the recipient's mailbox is over quota", "mta", "mailbox-full",
	  EHLO FROM "RCPT TO:<bob@example.com>" },
	{ "mailbox-full-at-data", "a mailbox found full at the end of the data", "mta",
	  "mailbox-full",
	  EHLO FROM "RCPT TO:<carol@example.com>\nDATA\nFrom: Dave <dave@example.org>\n"
	  "Subject: hello\n\nHi.\n." },
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
	{ "blocked-client", "a client on a blocklist, at its first RCPT (most servers refused it "
	  "at the greeting already)", "mta", "blocked-client",
	  EHLO FROM "RCPT TO:<alice@example.com>" },
	{ "too-many-errors", "the fourth bad command in a row (strict-errors)", "mta",
	  "strict-errors", EHLO "FOO\nFOO\nFOO\nFOO" },
};

enum { NCASES = sizeof cases / sizeof cases[0] };

size_t cmp_case_count(void)
{
	return NCASES;
}

const struct cmp_case *cmp_case_at(size_t i)
{
	return i < NCASES ? &cases[i] : NULL;
}

const struct cmp_case *cmp_case_find(const char *name)
{
	for (size_t i = 0; name && i < NCASES; i++)
		if (!strcasecmp(cases[i].name, name))
			return &cases[i];
	return NULL;
}

const char *cmp_case_command(const struct cmp_case *c)
{
	static char buf[256];
	const char *lines = c->lines;
	size_t n = strlen(lines);
	while (n && lines[n - 1] == '\n')
		n--;
	size_t b = n;
	while (b && lines[b - 1] != '\n')
		b--;
	snprintf(buf, sizeof buf, "%.*s", (int)(n - b), lines + b);
	if (!strcmp(buf, "."))
		snprintf(buf, sizeof buf, ". (the end of the data)");
	return buf;
}

struct run_ctx {
	struct cmp_answer *a;
	bool tls_done;        /* STARTTLS was accepted: finish the handshake */
};

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct run_ctx *r = ctx;
	if (ev->type == SMTP_EV_REPLY) {
		r->a->code = ev->reply->code;
		snprintf(r->a->enh, sizeof r->a->enh, "%s", ev->reply->enh);
		snprintf(r->a->text, sizeof r->a->text, "%s", ev->reply->text);
	} else if (ev->type == SMTP_EV_TLS) {
		r->tls_done = true;
	}
	return 0;
}

int cmp_run(const struct cmp_case *c, const char *p, struct cmp_answer *a,
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
	struct run_ctx r = { a, false };
	struct smtp_session *sess = smtp_session_new(srv, NULL, sink, &r);
	smtp_session_start(sess);
	for (const char *l = c->lines; *l; ) {
		size_t n = strcspn(l, "\n");
		smtp_session_feed_line(sess, l, n);
		if (r.tls_done) {
			/* no real handshake here: the session is told it is done */
			smtp_session_tls_done(sess);
			r.tls_done = false;
		}
		l += n + (l[n] == '\n');
	}
	smtp_session_free(sess);
	smtp_server_free(srv);
	return 0;
}

struct cmp_answer *cmp_run_all(const struct cmp_case *c, char *err, size_t errlen)
{
	size_t np = smtp_personality_count();
	struct cmp_answer *ans = calloc(np, sizeof *ans);
	if (!ans) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	for (size_t i = 0; i < np; i++)
		if (cmp_run(c, smtp_personality_name(i), &ans[i], err, errlen) < 0) {
			free(ans);
			return NULL;
		}
	return ans;
}

bool cmp_same(const struct cmp_answer *a, const struct cmp_answer *b)
{
	return a->code == b->code && !strcmp(a->enh, b->enh) && !strcmp(a->text, b->text);
}

void cmp_summarise(const struct cmp_answer *ans, size_t n, struct cmp_summary *s)
{
	s->same_digit = s->same_class = true;
	s->any_copy = false;
	for (size_t i = 1; i < n; i++) {
		s->same_digit &= ans[i].code / 100 == ans[0].code / 100;
		s->same_class &= ans[i].enh[0] == ans[0].enh[0] || !ans[i].enh[0];
		s->any_copy |= cmp_same(&ans[0], &ans[i]);
	}
}

/* --- what stays the same, in words ------------------------------------ */

static void cat_str(char *buf, size_t cap, const char *s)
{
	size_t l = strlen(buf);
	if (l < cap)
		snprintf(buf + l, cap - l, "%s", s);
}

/* Append the names of the personalities whose KEYS[i] is KEY: "smtpsim,
 * exim". */
static void names_with(size_t n, const char *keys, char key, char *buf, size_t cap)
{
	bool first = true;
	for (size_t i = 0; i < n && i < 64; i++)
		if (keys[i] == key) {
			cat_str(buf, cap, first ? "" : ", ");
			cat_str(buf, cap, smtp_personality_name(i));
			first = false;
		}
}

/* The personalities grouped by KEY (the first digit, the enhanced
 * class), "; " between groups: "4 at gmail; 5 at the others" — the
 * largest group last, as "the others", so that the exceptions stand out.
 * A CLASS key is said "5.x.x"; key 0 (no enhanced code sent) as "none
 * from ...". */
static void groups(size_t total, const char *keys, bool class, char *buf, size_t cap)
{
	char order[65];
	size_t ng = 0, n = total < 64 ? total : 64, big = 0, bigsize = 0;
	for (size_t i = 0; i < n; i++)
		if (keys[i] && !memchr(order, keys[i], ng))
			order[ng++] = keys[i];
	for (size_t g = 0; g < ng; g++) {
		size_t size = 0;
		for (size_t i = 0; i < n; i++)
			size += keys[i] == order[g];
		if (size > bigsize) {
			big = g;
			bigsize = size;
		}
	}
	bool others = ng > 1 && bigsize > 1;
	if (others) {
		char b = order[big];
		memmove(order + big, order + big + 1, ng - big - 1);
		order[ng - 1] = b;
	}
	if (memchr(keys, 0, n)) {
		/* "none from" before "the others" */
		if (others) {
			order[ng] = order[ng - 1];
			order[ng - 1] = 0;
		} else {
			order[ng] = 0;
		}
		ng++;
	}
	for (size_t g = 0; g < ng; g++) {
		char head[32];
		snprintf(head, sizeof head, "%c%s at ", order[g], class ? ".x.x" : "");
		cat_str(buf, cap, g ? "; " : "");
		cat_str(buf, cap, order[g] ? head : "none from ");
		if (others && g == ng - 1)
			cat_str(buf, cap, "the others");
		else
			names_with(n, keys, order[g], buf, cap);
	}
}

void cmp_digit_sentence(const struct cmp_answer *ans, size_t n, char *buf, size_t cap)
{
	char keys[64] = { 0 };
	n = n < 64 ? n : 64;
	bool same = true;
	for (size_t i = 0; i < n; i++) {
		keys[i] = (char)('0' + (ans[i].code / 100) % 10);
		same &= keys[i] == keys[0];
	}
	buf[0] = '\0';
	if (!n)
		return;
	if (same) {
		snprintf(buf, cap, "First digit: %c at every server", keys[0]);
	} else {
		snprintf(buf, cap, "First digit differs: ");
		groups(n, keys, false, buf, cap);
	}
}

void cmp_class_sentence(const struct cmp_answer *ans, size_t n, char *buf, size_t cap)
{
	char keys[64] = { 0 }, seen[64];
	n = n < 64 ? n : 64;
	size_t senders = 0, classes = 0;
	for (size_t i = 0; i < n; i++) {
		char c = ans[i].enh[0];
		keys[i] = c >= '2' && c <= '5' ? c : 0;
		if (!keys[i])
			continue;
		senders++;
		if (!memchr(seen, keys[i], classes))
			seen[classes++] = keys[i];
	}
	buf[0] = '\0';
	if (!senders) {
		snprintf(buf, cap, "Enhanced class: none is sent");
	} else if (classes == 1 && senders == n) {
		snprintf(buf, cap, "Enhanced class: %c.x.x at every server", seen[0]);
	} else if (classes == 1) {
		/* the same class wherever one is sent, and who sends none */
		snprintf(buf, cap, "Enhanced class: %c.x.x wherever one is sent (none from ", seen[0]);
		names_with(n, keys, 0, buf, cap);
		cat_str(buf, cap, ")");
	} else {
		snprintf(buf, cap, "Enhanced class differs: ");
		groups(n, keys, true, buf, cap);
	}
}
