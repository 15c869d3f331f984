/* test_smtp_line.c — the LINE event: every client line the engine reads is
 * shown once, before what it causes, with its length, and AUTH credentials
 * (the initial response, the answers to 334) never in it. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "smtp/smtp.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Every event, one per line: "L<kind> <text>|<len>|<total>|<masked>" for a
 * LINE ('c'ommand, 't'ext, 'a'uth, 'k' chunk), "R <code>" for a reply,
 * "C <cmd> <text>|<masked>" for a COMMAND, "A <decoded>" for AUTH_LINE. */
struct rec {
	struct smtp_server *srv;
	struct smtp_session *sess;
	char log[16384];
	size_t n;
	int lines;
	char raw[4096];     /* .raw of each LINE, one a line: never in .log,
	                     * which must hold no credentials */
	size_t nraw;
};

static void add(struct rec *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(struct rec *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int k = vsnprintf(r->log + r->n, sizeof r->log - r->n, fmt, ap);
	va_end(ap);
	if (k > 0 && (size_t)k < sizeof r->log - r->n)
		r->n += (size_t)k;
}

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct rec *r = ctx;
	switch (ev->type) {
	case SMTP_EV_LINE: {
		const struct smtp_line *l = ev->line;
		static const char kinds[] = "ctak";
		cr_assert_eq(strlen(l->text), l->len, "text is NUL-ended at len");
		add(r, "L%c %.*s|%zu|%zu|%d\n", kinds[l->kind], (int)l->len, l->text, l->len,
		    l->total, l->masked);
		r->lines++;
		cr_assert_leq(l->len, l->raw_len);
		cr_assert_eq(memcmp(l->raw, l->text, l->len), 0, ".text is a prefix of .raw");
		int k = snprintf(r->raw + r->nraw, sizeof r->raw - r->nraw, "%.*s\n",
		                 (int)l->raw_len, l->raw);
		if (k > 0 && (size_t)k < sizeof r->raw - r->nraw)
			r->nraw += (size_t)k;
		break;
	}
	case SMTP_EV_REPLY:
		add(r, "R %d\n", ev->reply->code);
		break;
	case SMTP_EV_COMMAND:
		add(r, "C %s %s|%d\n", smtp_cmd_name(ev->cmd), ev->text, ev->line->masked);
		break;
	case SMTP_EV_AUTH_LINE:
		add(r, "A %s\n", ev->text);
		break;
	case SMTP_EV_TLS:
		break;
	default:
		break;
	}
	return 0;
}

static struct rec *rec_new(const char *profile, const struct smtp_session_opts *opts, bool start)
{
	struct rec *r = calloc(1, sizeof *r);
	char err[256];
	r->srv = smtp_server_new(profile, err, sizeof err);
	cr_assert_not_null(r->srv, "%s", err);
	r->sess = smtp_session_new(r->srv, opts, sink, r);
	if (start)
		smtp_session_start(r->sess);
	return r;
}

static void rec_free(struct rec *r)
{
	smtp_session_free(r->sess);
	smtp_server_free(r->srv);
	free(r);
}

static void feed(struct rec *r, const char *bytes)
{
	smtp_session_feed(r->sess, bytes, strlen(bytes));
}

static void clear(struct rec *r)
{
	r->n = 0;
	r->log[0] = '\0';
	r->lines = 0;
	r->nraw = 0;
	r->raw[0] = '\0';
}

/* alice@example.com's password, for PLAIN, and the halves for LOGIN */
#define PASSWORD "wonderland"
#define PLAIN_B64 "AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ="
#define USER_B64 "YWxpY2VAZXhhbXBsZS5jb20="
#define PASS_B64 "d29uZGVybGFuZA=="

Test(line, comes_before_the_reply_it_causes)
{
	struct rec *r = rec_new("mta", NULL, true);
	clear(r);
	feed(r, "NOOP\r\n");
	cr_assert_str_eq(r->log, "Lc NOOP|4|4|0\nC NOOP NOOP|0\nR 250\n");
	rec_free(r);
}

Test(line, kinds_follow_the_state)
{
	struct rec *r = rec_new("mta", NULL, true);
	feed(r, "EHLO c.example\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\n"
	        "DATA\r\nSubject: x\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
	cr_assert(strstr(r->log, "Lc DATA|4|4|0\n"));
	cr_assert(strstr(r->log, "Lt Subject: x|10|10|0\n"), "%s", r->log);
	cr_assert(strstr(r->log, "Lt |0|0|0\n"));
	cr_assert(strstr(r->log, "Lt ..dot|5|5|0\n"), "as sent, dot-stuffing and all");
	cr_assert(strstr(r->log, "Lt .|1|1|0\nR 250\n"));
	cr_assert(strstr(r->log, "Lc QUIT|4|4|0\n"));
	cr_assert_eq(r->lines, 9);
	rec_free(r);
}

Test(line, crlf_is_not_part_of_the_line)
{
	struct rec *r = rec_new("mta", NULL, true);
	clear(r);
	feed(r, "NOOP  \r\n");
	cr_assert(strstr(r->log, "Lc NOOP  |6|6|0\n"), "blanks kept, CR gone: %s", r->log);
	rec_free(r);
}

Test(line, long_line_keeps_its_length)
{
	struct rec *r = rec_new("mta", NULL, true);
	feed(r, "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
	char *big = malloc(1503);
	memset(big, 'x', 1500);
	memcpy(big + 1500, "\r\n", 3);
	clear(r);
	feed(r, big);
	cr_assert(strstr(r->log, "|1000|1500|0\n"), "cut at 1000 octets, 1500 in all: %.80s",
	          r->log + (r->n > 80 ? r->n - 80 : 0));
	cr_assert_eq(r->lines, 1);
	free(big);
	rec_free(r);
}

Test(line, nothing_before_the_greeting_nor_after_the_close)
{
	struct rec *r = rec_new("mta", NULL, false);
	feed(r, "EHLO early\r\n");
	smtp_session_feed_line(r->sess, "EHLO early", 10);
	cr_assert_eq(r->lines, 0);
	smtp_session_start(r->sess);
	feed(r, "QUIT\r\nNOOP\r\n");
	smtp_session_feed_line(r->sess, "NOOP", 4);
	cr_assert_eq(r->lines, 1, "QUIT only: %s", r->log);
	rec_free(r);
}

Test(line, nothing_after_starttls_before_the_handshake)
{
	struct rec *r = rec_new("submission", NULL, true);
	feed(r, "EHLO c\r\n");
	clear(r);
	feed(r, "STARTTLS\r\nMAIL FROM:<injected@example.com>\r\n");
	cr_assert_eq(r->lines, 1, "%s", r->log);
	cr_assert_null(strstr(r->log, "injected"));
	rec_free(r);
}

Test(line, chunk_line_is_chunk_data)
{
	struct rec *r = rec_new("mta", NULL, true);
	feed(r, "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\nBDAT 5 LAST\r\n");
	clear(r);
	smtp_session_feed_line(r->sess, "abc", 3);
	cr_assert_str_eq(r->log, "Lk abc|3|3|0\nR 250\n");
	rec_free(r);
}

/* --- AUTH ------------------------------------------------------------- */

/* Nothing recorded holds the credentials, in base64 or decoded. */
static void assert_no_secret(const struct rec *r)
{
	cr_assert_null(strstr(r->log, PLAIN_B64), "%s", r->log);
	cr_assert_null(strstr(r->log, PASS_B64), "%s", r->log);
	cr_assert_null(strstr(r->log, PASSWORD), "%s", r->log);
}

Test(line, auth_initial_response_is_masked)
{
	struct rec *r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true },
	                        true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\n");
	clear(r);
	feed(r, "AUTH PLAIN " PLAIN_B64 "\r\n");
	cr_assert(strstr(r->log, "Lc AUTH PLAIN|10|51|1\n"), "%s", r->log);
	cr_assert(strstr(r->log, "C AUTH AUTH PLAIN|1\n"), "the COMMAND event too: %s", r->log);
	cr_assert(strstr(r->log, "R 235\n"));
	assert_no_secret(r);
	rec_free(r);
}

Test(line, auth_exchange_lines_are_masked)
{
	struct rec *r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true },
	                        true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\n");
	clear(r);
	feed(r, "AUTH LOGIN\r\n" USER_B64 "\r\n" PASS_B64 "\r\n");
	cr_assert(strstr(r->log, "Lc AUTH LOGIN|10|10|0\n"), "nothing to hide yet: %s", r->log);
	cr_assert(strstr(r->log, "La |0|24|1\n"), "the user name's line: %s", r->log);
	cr_assert(strstr(r->log, "La |0|16|1\n"), "the password's line: %s", r->log);
	cr_assert(strstr(r->log, "R 235\n"));
	assert_no_secret(r);
	rec_free(r);
	r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true }, true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\n");
	clear(r);
	feed(r, "AUTH PLAIN\r\n" PLAIN_B64 "\r\n");
	cr_assert(strstr(r->log, "R 235\n"));
	cr_assert(strstr(r->log, "La |0|40|1\n"), "%s", r->log);
	assert_no_secret(r);
	rec_free(r);
}

Test(line, auth_cancel_is_shown)
{
	struct rec *r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true },
	                        true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\nAUTH LOGIN\r\n");
	clear(r);
	feed(r, "*\r\n");
	cr_assert_str_eq(r->log, "La *|1|1|0\nR 501\n");
	rec_free(r);
}

Test(line, overlong_auth_lines_are_masked)
{
	struct rec *r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true },
	                        true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\n");
	char big[1300];
	memcpy(big, "AUTH PLAIN ", 11);
	memset(big + 11, 'Q', 1200);
	memcpy(big + 1211, "\r\n", 3);
	clear(r);
	feed(r, big);
	cr_assert(strstr(r->log, "Lc AUTH PLAIN|10|1211|1\n"), "%s", r->log);
	cr_assert_null(strstr(r->log, "QQ"));
	feed(r, "AUTH LOGIN\r\n");
	memset(big, 'Q', 1200);
	memcpy(big + 1200, "\r\n", 3);
	clear(r);
	feed(r, big);
	cr_assert(strstr(r->log, "La |0|1200|1\n"), "%s", r->log);
	cr_assert_null(strstr(r->log, "QQ"));
	rec_free(r);
}

/* .raw: what was typed, for the typist's own echo (the UI, a lesson's
 * transcript, free play's :save -c), credentials and all. */
Test(line, raw_holds_the_line_unmasked)
{
	struct rec *r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true },
	                        true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\n");
	clear(r);
	feed(r, "AUTH PLAIN " PLAIN_B64 "\r\n");
	cr_assert_str_eq(r->raw, "AUTH PLAIN " PLAIN_B64 "\n");
	rec_free(r);
	r = rec_new("submission", &(struct smtp_session_opts){ .simulated_tls = true }, true);
	feed(r, "EHLO c\r\nSTARTTLS\r\nEHLO c\r\n");
	clear(r);
	smtp_session_feed_line(r->sess, "AUTH LOGIN", 10);
	smtp_session_feed_line(r->sess, USER_B64, strlen(USER_B64));
	smtp_session_feed_line(r->sess, PASS_B64 "junk", strlen(PASS_B64));
	cr_assert_str_eq(r->raw, "AUTH LOGIN\n" USER_B64 "\n" PASS_B64 "\n", "%s", r->raw);
	assert_no_secret(r);
	rec_free(r);
	r = rec_new("mta", NULL, true);
	feed(r, "EHLO c\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<alice@example.com>\r\nDATA\r\n");
	char *big = malloc(1503);
	memset(big, 'x', 1500);
	memcpy(big + 1500, "\r\n", 3);
	clear(r);
	feed(r, big);
	cr_assert_eq(strlen(r->raw), 1001, "cut at 1000 octets as .text is");
	free(big);
	rec_free(r);
}

/* What a command line shows: the whole line, or an AUTH command up to its
 * mechanism. */
struct mask_case {
	char line[64];
	char shown[64];
	bool masked;
};

ParameterizedTestParameters(line, auth_mask)
{
	static struct mask_case cases[] = {
		{ "AUTH PLAIN dGVzdA==", "AUTH PLAIN", true },
		{ "auth plain dGVzdA==", "auth plain", true },
		{ "  AUTH\tLOGIN  dGVzdA==", "  AUTH\tLOGIN", true },
		{ "AUTH XOAUTH2 dXNlcj1h", "AUTH XOAUTH2", true },
		{ "AUTH PLAIN\x0b" "dGVzdA==", "AUTH PLAIN", true },
		{ "AUTH =", "AUTH ", true },
		{ "AUTH PLAIN", "AUTH PLAIN", false },
		{ "AUTH PLAIN   ", "AUTH PLAIN   ", false },
		{ "AUTH", "AUTH", false },
		{ "AUTHORIZE me", "AUTHORIZE me", false },
		{ "MAIL FROM:<a@b.example> AUTH=<>", "MAIL FROM:<a@b.example> AUTH=<>", false },
		{ "NOOP AUTH PLAIN x", "NOOP AUTH PLAIN x", false },
	};
	return cr_make_param_array(struct mask_case, cases, sizeof cases / sizeof cases[0]);
}

ParameterizedTest(struct mask_case *c, line, auth_mask)
{
	struct rec *r = rec_new("submission", NULL, true);
	clear(r);
	smtp_session_feed_line(r->sess, c->line, strlen(c->line));
	char want[160];
	snprintf(want, sizeof want, "Lc %s|%zu|%zu|%d\n", c->shown, strlen(c->shown),
	         strlen(c->line), c->masked);
	cr_assert_eq(strncmp(r->log, want, strlen(want)), 0, "line '%s': got %s", c->line, r->log);
	rec_free(r);
}
