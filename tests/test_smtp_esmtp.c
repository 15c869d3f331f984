/* test_smtp_esmtp.c — CHUNKING/BDAT (RFC 3030), DSN parameters (RFC 3461),
 * delivery status notifications (RFC 3464), OAUTHBEARER (RFC 7628) and
 * XOAUTH2. */
#include "smtp/smtp.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct world {
	struct smtp_server *srv;
	struct smtp_session *s;
	char last[2048];
	int last_code;
	int messages;
	char data[65536];
	size_t size;
	bool chunked, binarymime;
	enum smtp_ret ret;
	char envid[200];
	unsigned notify[4];
	char orcpt[4][600];
	bool bounced[4];
	bool delayed[4];
	size_t nrcpt;
	int dsns;
	char dsn[8192];
	size_t dsn_size;
	char dsn_action[20], dsn_to[300];
	bool dsn_local;
	char decoded[400];
};

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct world *w = ctx;
	if (ev->type == SMTP_EV_REPLY) {
		snprintf(w->last, sizeof w->last, "%.*s", (int)ev->reply->wire_len, ev->reply->wire);
		w->last_code = ev->reply->code;
		snprintf(w->decoded, sizeof w->decoded, "%s", ev->reply->decoded ? ev->reply->decoded : "");
	} else if (ev->type == SMTP_EV_MESSAGE) {
		const struct smtp_message *m = ev->msg;
		w->messages++;
		w->size = m->size < sizeof w->data ? m->size : sizeof w->data;
		memcpy(w->data, m->data, w->size);
		w->chunked = m->chunked;
		w->binarymime = m->binarymime;
		w->ret = m->ret;
		snprintf(w->envid, sizeof w->envid, "%s", m->envid ? m->envid : "");
		w->nrcpt = m->nrcpt;
		for (size_t i = 0; i < m->nrcpt && i < 4; i++) {
			w->notify[i] = m->info[i].notify;
			snprintf(w->orcpt[i], sizeof w->orcpt[i], "%s;%s",
			         m->info[i].orcpt_type ? m->info[i].orcpt_type : "",
			         m->info[i].orcpt ? m->info[i].orcpt : "");
			w->bounced[i] = m->info[i].bounced;
			w->delayed[i] = m->info[i].delayed;
		}
	} else if (ev->type == SMTP_EV_DSN) {
		w->dsns++;
		w->dsn_size = ev->dsn->size < sizeof w->dsn - 1 ? ev->dsn->size : sizeof w->dsn - 1;
		memcpy(w->dsn, ev->dsn->text, w->dsn_size);
		w->dsn[w->dsn_size] = '\0';
		snprintf(w->dsn_action, sizeof w->dsn_action, "%s", ev->dsn->action);
		snprintf(w->dsn_to, sizeof w->dsn_to, "%s", ev->dsn->to);
		w->dsn_local = ev->dsn->to_local;
		cr_assert_eq(ev->dsn->msg->size, ev->dsn->size);
		cr_assert_str_eq(ev->dsn->msg->mail_from, "");
	} else if (ev->type == SMTP_EV_TLS) {
		smtp_session_tls_done(w->s);
	}
	return 0;
}

static struct world *world_new(const char *profile, const char *scenario)
{
	struct world *w = calloc(1, sizeof *w);
	char err[256];
	w->srv = smtp_server_new(profile, err, sizeof err);
	cr_assert_not_null(w->srv, "%s", err);
	if (scenario)
		cr_assert_eq(smtp_server_scenario(w->srv, scenario, true, err, sizeof err), 0);
	struct smtp_session_opts o = { .simulated_tls = true };
	w->s = smtp_session_new(w->srv, &o, sink, w);
	smtp_session_start(w->s);
	return w;
}

static void world_free(struct world *w)
{
	smtp_session_free(w->s);
	smtp_server_free(w->srv);
	free(w);
}

static void line(struct world *w, const char *l)
{
	smtp_session_feed_line(w->s, l, strlen(l));
}

static void raw(struct world *w, const char *b, size_t n)
{
	cr_assert_eq(smtp_session_feed(w->s, b, n), n);
}

static void rawz(struct world *w, const char *b)
{
	raw(w, b, strlen(b));
}

static void envelope(struct world *w)
{
	rawz(w, "EHLO client.example.org\r\nMAIL FROM:<dave@example.org>\r\n"
	        "RCPT TO:<bob@example.com>\r\n");
	cr_assert_eq(w->last_code, 250);
}

/* --- BDAT ------------------------------------------------------------------ */

Test(bdat, chunk_of_zero_last_sends_an_empty_message)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	rawz(w, "BDAT 0 LAST\r\n");
	cr_expect_eq(w->messages, 1);
	cr_expect_eq(w->size, 0);
	cr_expect(w->chunked);
	cr_expect_eq(strncmp(w->last, "250 2.0.0 Ok: queued as ", 24), 0);
	world_free(w);
}

Test(bdat, chunk_of_one_octet)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	rawz(w, "BDAT 1\r\nx");
	cr_expect_str_eq(w->last, "250 2.0.0 Ok: 1 bytes\r\n");
	cr_expect_eq(smtp_session_state(w->s), SMTP_STATE_RCPT);
	rawz(w, "BDAT 0 LAST\r\n");
	cr_expect_eq(w->size, 1);
	cr_expect_eq(w->data[0], 'x');
	world_free(w);
}

Test(bdat, crlf_dot_crlf_is_just_text)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	static const char chunk[] = "A: b\r\n\r\n.\r\n..x\r\nbare\rcr and\nlf\r\n";
	char cmd[64];
	snprintf(cmd, sizeof cmd, "BDAT %zu LAST\r\n", sizeof chunk - 1);
	rawz(w, cmd);
	rawz(w, chunk);
	cr_assert_eq(w->messages, 1);
	cr_expect_eq(w->size, sizeof chunk - 1);
	cr_expect_eq(memcmp(w->data, chunk, sizeof chunk - 1), 0, "octets kept as sent");
	world_free(w);
}

Test(bdat, chunk_split_across_many_feeds)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	rawz(w, "BDAT 100 LAST\r\n");
	char b[100];
	for (int i = 0; i < 100; i++)
		b[i] = (char)('a' + i % 26);
	for (int i = 0; i < 100; i++) {
		cr_assert_eq(smtp_session_chunk_left(w->s), (uint64_t)(100 - i));
		raw(w, b + i, 1);
	}
	cr_expect_eq(w->messages, 1);
	cr_expect_eq(memcmp(w->data, b, 100), 0);
	world_free(w);
}

Test(bdat, chunk_and_next_command_in_one_feed)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	rawz(w, "BDAT 3 LAST\r\nabcQUIT\r\n");
	cr_expect_eq(w->messages, 1);
	cr_expect_str_eq(w->last, "221 2.0.0 Bye\r\n");
	world_free(w);
}

Test(bdat, size_limit_exact_passes_one_more_is_552_after_the_chunk)
{
	struct world *w = world_new("mta", "tiny-size");
	envelope(w);
	char *b = malloc(2049);
	memset(b, 'x', 2049);
	rawz(w, "BDAT 2048 LAST\r\n");
	raw(w, b, 2048);
	cr_expect_eq(w->messages, 1);
	rawz(w, "MAIL FROM:<dave@example.org>\r\nRCPT TO:<bob@example.com>\r\n");
	rawz(w, "BDAT 1000\r\n");
	raw(w, b, 1000);
	cr_expect_eq(w->last_code, 250);
	rawz(w, "BDAT 1049 LAST\r\n");
	raw(w, b, 1048);
	cr_expect_eq(w->last_code, 250, "no answer before the chunk is read");
	raw(w, b, 1);
	cr_expect_str_eq(w->last, "552 5.3.4 Error: message file too big\r\n");
	cr_expect_eq(w->messages, 1);
	cr_expect_eq(smtp_session_state(w->s), SMTP_STATE_READY);
	world_free(w);
	free(b);
}

Test(bdat, one_chunk_over_size_is_consumed_then_refused)
{
	struct world *w = world_new("mta", "tiny-size");
	envelope(w);
	rawz(w, "BDAT 3000 LAST\r\n");
	char b[3000];
	memset(b, 'Q', sizeof b);
	memcpy(b, "QUIT\r\n", 6);
	raw(w, b, sizeof b);
	cr_expect_str_eq(w->last, "552 5.3.4 Chunk exceeds message size limit\r\n");
	cr_expect_not(smtp_session_closed(w->s), "the octets were not read as commands");
	world_free(w);
}

Test(bdat, data_after_bdat_is_503_and_bdat_before_mail_is_consumed)
{
	struct world *w = world_new("mta", NULL);
	rawz(w, "EHLO c.example.org\r\nBDAT 6\r\nQUIT\r\n");
	cr_expect_str_eq(w->last, "503 5.5.1 Error: need MAIL command\r\n");
	cr_expect_not(smtp_session_closed(w->s));
	rawz(w, "MAIL FROM:<a@example.org>\r\nRCPT TO:<bob@example.com>\r\nBDAT 2\r\nhi");
	rawz(w, "DATA\r\n");
	cr_expect_str_eq(w->last, "503 5.5.1 Error: DATA after BDAT\r\n");
	rawz(w, "RCPT TO:<carol@example.com>\r\n");
	cr_expect_str_eq(w->last, "503 5.5.1 Error: RCPT after BDAT\r\n");
	rawz(w, "RSET\r\nMAIL FROM:<a@example.org> BODY=BINARYMIME\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
	cr_expect_str_eq(w->last, "503 5.5.1 Error: BODY=BINARYMIME requires BDAT\r\n");
	raw(w, "BDAT 2 LAST\r\n\x00\xff", 15);
	cr_expect_eq(w->messages, 1);
	cr_expect(w->binarymime);
	world_free(w);
}

Test(bdat, closed_mid_chunk_delivers_nothing)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	rawz(w, "BDAT 10 LAST\r\nabc");
	smtp_session_eof(w->s);
	cr_expect_eq(w->messages, 0);
	cr_expect(smtp_session_closed(w->s));
	world_free(w);
}

Test(bdat, typed_lines_count_their_crlf)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	line(w, "BDAT 21");
	line(w, "Subject: hi");          /* 13 with CRLF */
	cr_expect_eq(smtp_session_chunk_left(w->s), 8);
	line(w, "");                     /* 2 */
	line(w, "Bye.");                 /* 6: the chunk is complete */
	cr_expect_str_eq(w->last, "250 2.0.0 Ok: 21 bytes\r\n");
	line(w, "BDAT 4 LAST");
	line(w, "Hi!!x");                /* the chunk ends after "Hi!!": "x" is a command */
	cr_expect_eq(w->messages, 1);
	cr_expect_eq(w->size, 25);
	cr_expect_eq(memcmp(w->data, "Subject: hi\r\n\r\nBye.\r\nHi!!", 25), 0);
	cr_expect_str_eq(w->last, "500 5.5.2 Error: command not recognized\r\n");
	world_free(w);
}

Test(bdat, typed_line_one_short_leaves_its_lf_as_an_empty_command)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	line(w, "BDAT 3 LAST");
	line(w, "Hi");                   /* "Hi" and CR fit, the LF does not */
	cr_expect_eq(w->size, 3);
	cr_expect_eq(memcmp(w->data, "Hi\r", 3), 0);
	cr_expect_str_eq(w->last, "500 5.5.2 Error: bad syntax\r\n");
	world_free(w);
}

/* Arrays, not pointers: Criterion runs each test in a fresh process image. */
struct bdat_syntax { char cmd[48]; char want[64]; };

static struct bdat_syntax bdat_syntaxes[] = {
	{ "BDAT", "501 5.5.4 Syntax: BDAT count [LAST]\r\n" },
	{ "BDAT -1", "501 5.5.4 Syntax: BDAT count [LAST]\r\n" },
	{ "BDAT 5 FIRST", "501 5.5.4 Syntax: BDAT count [LAST]\r\n" },
	{ "BDAT 5LAST", "501 5.5.4 Syntax: BDAT count [LAST]\r\n" },
	{ "BDAT 99999999999999999999", "501 5.5.4 Syntax: BDAT count [LAST]\r\n" },
	{ "bdat 0 last", "250 2.0.0 Ok: queued as" },
};

ParameterizedTestParameters(bdat, syntax)
{
	return cr_make_param_array(struct bdat_syntax, bdat_syntaxes,
	                           sizeof bdat_syntaxes / sizeof bdat_syntaxes[0]);
}

ParameterizedTest(struct bdat_syntax *p, bdat, syntax)
{
	struct world *w = world_new("mta", NULL);
	envelope(w);
	line(w, p->cmd);
	cr_expect_eq(strncmp(w->last, p->want, strlen(p->want)), 0, "%s: got %s", p->cmd, w->last);
	world_free(w);
}

/* --- DSN parameters ---------------------------------------------------------- */

struct param_case { char mail[48]; char rcpt[64]; char want[64]; };

static struct param_case params[] = {
	{ "RET=FULL", "", "250 2.1.5" },
	{ "RET=hdrs", "", "250 2.1.5" },
	{ "RET=BODY", "", "501 5.5.4 Bad RET parameter syntax" },
	{ "RET=FULL RET=HDRS", "", "501 5.5.4 Bad RET parameter syntax" },
	{ "ENVID=QQ+2B1", "", "250 2.1.5" },
	{ "ENVID=a+2b", "", "501 5.5.4 Bad ENVID parameter syntax" },
	{ "ENVID=a=b", "", "501 5.5.4 Bad ENVID parameter syntax" },
	{ "ENVID=a+4", "", "501 5.5.4 Bad ENVID parameter syntax" },
	{ "ENVID=x ENVID=y", "", "501 5.5.4 Bad ENVID parameter syntax" },
	{ "", "NOTIFY=NEVER", "250 2.1.5" },
	{ "", "NOTIFY=SUCCESS", "250 2.1.5" },
	{ "", "NOTIFY=FAILURE", "250 2.1.5" },
	{ "", "NOTIFY=DELAY", "250 2.1.5" },
	{ "", "NOTIFY=SUCCESS,FAILURE", "250 2.1.5" },
	{ "", "NOTIFY=delay,success", "250 2.1.5" },
	{ "", "NOTIFY=SUCCESS,FAILURE,DELAY", "250 2.1.5" },
	{ "", "NOTIFY=NEVER,SUCCESS", "501 5.5.4 Error: Bad NOTIFY parameter syntax" },
	{ "", "NOTIFY=FAILURE,NEVER", "501 5.5.4 Error: Bad NOTIFY parameter syntax" },
	{ "", "NOTIFY=SUCCESS,", "501 5.5.4 Error: Bad NOTIFY parameter syntax" },
	{ "", "NOTIFY=", "501 5.5.4 Error: Bad NOTIFY parameter syntax" },
	{ "", "NOTIFY=ALWAYS", "501 5.5.4 Error: Bad NOTIFY parameter syntax" },
	{ "", "NOTIFY=NEVER NOTIFY=NEVER", "501 5.5.4 Error: Bad NOTIFY parameter syntax" },
	{ "", "ORCPT=rfc822;bob@example.com", "250 2.1.5" },
	{ "", "ORCPT=rfc822;bob+2Bx@example.com", "250 2.1.5" },
	{ "", "ORCPT=utf-8;j\\x{E9}r\\x{F4}me@example.com", "250 2.1.5" },
	{ "", "ORCPT=x400;/G+3DBob/", "250 2.1.5" },
	{ "", "ORCPT=x400;/G=Bob/", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "", "ORCPT=bob@example.com", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "", "ORCPT=;bob@example.com", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "", "ORCPT=rfc822;", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "", "ORCPT=rfc822;a+zz", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "", "ORCPT=utf-8;\\x{D800}", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "", "ORCPT=rfc822;a ORCPT=rfc822;b", "501 5.5.4 Error: Bad ORCPT parameter syntax" },
	{ "NOTIFY=NEVER", "", "555 5.5.4 Unsupported option: NOTIFY" },
	{ "", "RET=FULL", "555 5.5.4 Unsupported option: RET" },
};

ParameterizedTestParameters(dsn, parameters)
{
	return cr_make_param_array(struct param_case, params, sizeof params / sizeof params[0]);
}

ParameterizedTest(struct param_case *p, dsn, parameters)
{
	struct world *w = world_new("mta", NULL);
	char buf[700];
	line(w, "EHLO c.example.org");
	snprintf(buf, sizeof buf, "MAIL FROM:<dave@example.org> %s", p->mail);
	line(w, buf);
	if (w->last_code == 250) {
		snprintf(buf, sizeof buf, "RCPT TO:<bob@example.com> %s", p->rcpt);
		line(w, buf);
	}
	cr_expect_eq(strncmp(w->last, p->want, strlen(p->want)), 0, "%s | %s: got %s",
	             p->mail, p->rcpt, w->last);
	world_free(w);
}

Test(dsn, parameters_decoded_in_the_message_event)
{
	struct world *w = world_new("mta", NULL);
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org> RET=HDRS ENVID=QQ+2B1+3D2\r\n"
	        "RCPT TO:<bob@example.com> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;Bob+2Bx@example.com\r\n"
	        "RCPT TO:<carol@example.com> ORCPT=utf-8;j\\x{E9}@example.com\r\n"
	        "BDAT 4 LAST\r\nhi\r\n");
	cr_assert_eq(w->messages, 1);
	cr_expect_eq(w->ret, SMTP_RET_HDRS);
	cr_expect_str_eq(w->envid, "QQ+1=2");
	cr_expect_eq(w->notify[0], SMTP_NOTIFY_SUCCESS | SMTP_NOTIFY_FAILURE);
	cr_expect_str_eq(w->orcpt[0], "rfc822;Bob+x@example.com");
	cr_expect_eq(w->notify[1], 0);
	cr_expect_str_eq(w->orcpt[1], "utf-8;j\xc3\xa9@example.com");
	world_free(w);
}

/* --- DSN messages ------------------------------------------------------------- */

/* The value of FIELD in the text, or "" */
static const char *field(const char *text, const char *name, char *out, size_t n)
{
	char key[64];
	snprintf(key, sizeof key, "\r\n%s: ", name);
	const char *p = strstr(text, key);
	out[0] = '\0';
	if (!p)
		return out;
	p += strlen(key);
	size_t len = strcspn(p, "\r");
	snprintf(out, n, "%.*s", (int)len, p);
	return out;
}

Test(dsn, bounce_after_accept_reports_carol_and_delivers_bob)
{
	struct world *w = world_new("mta", "bounce-after-accept");
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org> ENVID=env42\r\n"
	        "RCPT TO:<bob@example.com>\r\nRCPT TO:<carol@example.com> ORCPT=rfc822;carol@example.com\r\n"
	        "DATA\r\nSubject: Lunch\r\nFrom: dave@example.org\r\n\r\nSee you.\r\n.\r\n");
	cr_expect_eq(strncmp(w->last, "250 2.0.0 Ok: queued as", 23), 0, "accepted first");
	cr_expect_not(w->bounced[0]);
	cr_expect(w->bounced[1]);
	cr_assert_eq(w->dsns, 1);
	cr_expect_str_eq(w->dsn_action, "failed");
	cr_expect_str_eq(w->dsn_to, "dave@example.org");
	cr_expect_not(w->dsn_local);
	char v[300];
	const char *d = w->dsn;
	cr_expect_not_null(strstr(d, "Content-Type: multipart/report; report-type=delivery-status;"));
	/* the boundary, and each part opened by it and the whole closed */
	const char *b = strstr(d, "boundary=\"");
	cr_assert_not_null(b);
	b += 10;
	char bound[200];
	snprintf(bound, sizeof bound, "%.*s", (int)strcspn(b, "\""), b);
	char open[220], close[220];
	snprintf(open, sizeof open, "\r\n--%s\r\n", bound);
	snprintf(close, sizeof close, "\r\n--%s--\r\n", bound);
	int parts = 0;
	for (const char *p = d; (p = strstr(p, open)); p += strlen(open))
		parts++;
	cr_expect_eq(parts, 3);
	cr_expect_not_null(strstr(d, close));
	cr_expect_not_null(strstr(d, "Content-Type: message/delivery-status\r\n"));
	cr_expect_str_eq(field(d, "Reporting-MTA", v, sizeof v), "dns; mx.example.com");
	cr_expect_str_eq(field(d, "Original-Envelope-Id", v, sizeof v), "env42");
	cr_expect_str_eq(field(d, "Final-Recipient", v, sizeof v), "rfc822; carol@example.com");
	cr_expect_str_eq(field(d, "Original-Recipient", v, sizeof v), "rfc822;carol@example.com");
	cr_expect_str_eq(field(d, "Action", v, sizeof v), "failed");
	cr_expect_str_eq(field(d, "Status", v, sizeof v), "5.2.2");
	cr_expect_not_null(strstr(field(d, "Diagnostic-Code", v, sizeof v), "smtp; 552 5.2.2"));
	cr_expect_not_null(strstr(d, "Arrival-Date: "));
	cr_expect_null(strstr(d, "bob@example.com"), "bob was delivered: not reported");
	/* no RET: a failure returns the whole message */
	cr_expect_not_null(strstr(d, "Content-Type: message/rfc822\r\n\r\nSubject: Lunch"));
	cr_expect_not_null(strstr(d, "See you."));
	world_free(w);
}

Test(dsn, ret_hdrs_returns_only_the_header)
{
	struct world *w = world_new("mta", "bounce-after-accept");
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org> RET=HDRS\r\n"
	        "RCPT TO:<carol@example.com>\r\nDATA\r\nSubject: Lunch\r\n\r\nSee you.\r\n.\r\n");
	cr_assert_eq(w->dsns, 1);
	cr_expect_not_null(strstr(w->dsn, "Content-Type: text/rfc822-headers\r\n\r\nSubject: Lunch"));
	cr_expect_null(strstr(w->dsn, "See you."));
	world_free(w);
}

Test(dsn, notify_never_and_null_sender_get_none)
{
	struct world *w = world_new("mta", "bounce-after-accept");
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org>\r\n"
	        "RCPT TO:<carol@example.com> NOTIFY=NEVER\r\nBDAT 2 LAST\r\nhi");
	cr_expect_eq(w->messages, 1);
	rawz(w, "MAIL FROM:<>\r\nRCPT TO:<carol@example.com>\r\nBDAT 2 LAST\r\nhi");
	cr_expect_eq(w->messages, 2);
	rawz(w, "MAIL FROM:<dave@example.org>\r\nRCPT TO:<carol@example.com> NOTIFY=SUCCESS\r\n"
	        "BDAT 2 LAST\r\nhi");
	cr_expect_eq(w->dsns, 0, "SUCCESS without FAILURE: no report of a failure");
	world_free(w);
}

Test(dsn, notify_success_gets_a_delivered_report_for_local_mailboxes)
{
	struct world *w = world_new("submission", NULL);
	rawz(w, "EHLO c.example.org\r\nSTARTTLS\r\nEHLO c.example.org\r\n"
	        "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=\r\n");
	cr_assert_eq(w->last_code, 235);
	rawz(w, "MAIL FROM:<alice@example.com>\r\nRCPT TO:<bob@example.com> NOTIFY=SUCCESS\r\n"
	        "RCPT TO:<someone@example.net> NOTIFY=SUCCESS\r\nDATA\r\nSubject: x\r\n\r\nhi\r\n.\r\n");
	cr_assert_eq(w->dsns, 1);
	cr_expect_str_eq(w->dsn_action, "delivered");
	cr_expect(w->dsn_local, "alice is a local mailbox");
	char v[300];
	cr_expect_str_eq(field(w->dsn, "Action", v, sizeof v), "delivered");
	cr_expect_str_eq(field(w->dsn, "Status", v, sizeof v), "2.0.0");
	cr_expect_null(strstr(w->dsn, "Diagnostic-Code"));
	cr_expect_null(strstr(w->dsn, "someone@example.net"), "relayed: the next server reports");
	cr_expect_not_null(strstr(w->dsn, "Content-Type: text/rfc822-headers"),
	                   "success without RET: headers only");
	world_free(w);
}

Test(dsn, notify_delay_gets_a_delay_report_with_will_retry_until)
{
	struct world *w = world_new("mta", "delivery-delayed");
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org> RET=FULL\r\n"
	        "RCPT TO:<bob@example.com> NOTIFY=DELAY\r\n"
	        "RCPT TO:<carol@example.com> NOTIFY=DELAY,FAILURE\r\n"
	        "DATA\r\nSubject: Lunch\r\n\r\nSee you.\r\n.\r\n");
	cr_expect_eq(strncmp(w->last, "250 2.0.0 Ok: queued as", 23), 0, "accepted first");
	cr_expect_not(w->delayed[0], "bob is delivered");
	cr_expect(w->delayed[1], "carol waits in the queue");
	cr_assert_eq(w->dsns, 1);
	cr_expect_str_eq(w->dsn_action, "delayed");
	char v[300], arrival[80];
	const char *d = w->dsn;
	cr_expect_str_eq(field(d, "Action", v, sizeof v), "delayed");
	cr_expect_str_eq(field(d, "Status", v, sizeof v), "4.4.1");
	cr_expect_str_eq(field(d, "Final-Recipient", v, sizeof v), "rfc822; carol@example.com");
	cr_expect_null(strstr(d, "bob@example.com"), "bob was delivered: not reported");
	cr_expect_null(strstr(d, "Diagnostic-Code"), "no SMTP reply to quote");
	/* sent 4 hours after arrival; retried until 5 days after it */
	field(d, "Arrival-Date", arrival, sizeof arrival);
	cr_expect_str_eq(arrival, "Thu, 1 Jan 2026 00:00:00 +0000");
	cr_expect_str_eq(field(d, "Last-Attempt-Date", v, sizeof v), "Thu, 1 Jan 2026 04:00:00 +0000");
	cr_expect_str_eq(field(d, "Will-Retry-Until", v, sizeof v), "Tue, 6 Jan 2026 00:00:00 +0000");
	cr_expect_not_null(strstr(d, "Subject: Delivery delayed: Lunch"));
	/* no failure in it: the header section only, whatever RET said
	 * (RFC 3461 §4.3) */
	cr_expect_not_null(strstr(d, "Content-Type: text/rfc822-headers\r\n\r\nSubject: Lunch"));
	cr_expect_null(strstr(d, "See you."));
	world_free(w);
}

Test(dsn, a_delay_without_notify_delay_is_not_reported)
{
	struct world *w = world_new("mta", "delivery-delayed");
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org>\r\n"
	        "RCPT TO:<carol@example.com>\r\nBDAT 2 LAST\r\nhi");
	rawz(w, "MAIL FROM:<dave@example.org>\r\n"
	        "RCPT TO:<carol@example.com> NOTIFY=SUCCESS,FAILURE\r\nBDAT 2 LAST\r\nhi");
	cr_expect_eq(w->messages, 2);
	cr_expect(w->delayed[0]);
	cr_expect_eq(w->dsns, 0, "not delivered (no success), not failed, no DELAY asked");
	world_free(w);
}

Test(dsn, a_success_report_returns_headers_even_with_ret_full)
{
	struct world *w = world_new("mta", NULL);
	rawz(w, "EHLO c.example.org\r\nMAIL FROM:<dave@example.org> RET=FULL\r\n"
	        "RCPT TO:<bob@example.com> NOTIFY=SUCCESS\r\n"
	        "DATA\r\nSubject: Lunch\r\n\r\nSee you.\r\n.\r\n");
	cr_assert_eq(w->dsns, 1);
	cr_expect_str_eq(w->dsn_action, "delivered");
	cr_expect_not_null(strstr(w->dsn, "Content-Type: text/rfc822-headers"));
	cr_expect_null(strstr(w->dsn, "See you."), "RET=FULL is for failure reports (RFC 3461 §4.3)");
	world_free(w);
}

/* --- OAUTHBEARER and XOAUTH2 ---------------------------------------------- */

static void b64(const char *in, size_t n, char *out)
{
	smtp_b64_encode(in, n, out);
}

static struct world *submission_tls(void)
{
	struct world *w = world_new("submission", NULL);
	rawz(w, "EHLO c.example.org\r\nSTARTTLS\r\nEHLO c.example.org\r\n");
	return w;
}

Test(oauth, oauthbearer_valid_token_authenticates)
{
	struct world *w = submission_tls();
	static const char r[] = "n,a=alice@example.com,\x01" "auth=Bearer alice-token-0123456789\x01\x01";
	char enc[200], cmd[300];
	b64(r, sizeof r - 1, enc);
	snprintf(cmd, sizeof cmd, "AUTH OAUTHBEARER %s", enc);
	line(w, cmd);
	cr_expect_str_eq(w->last, "235 2.7.0 Authentication successful\r\n");
	cr_expect_str_eq(smtp_session_auth_user(w->s), "alice@example.com");
	world_free(w);
}

Test(oauth, expired_token_gets_the_error_challenge_then_535)
{
	struct world *w = submission_tls();
	static const char r[] = "n,,\x01" "auth=Bearer alice-token-expired\x01\x01";
	char enc[200];
	b64(r, sizeof r - 1, enc);
	line(w, "AUTH OAUTHBEARER");
	cr_expect_str_eq(w->last, "334 \r\n");
	line(w, enc);
	cr_expect_eq(w->last_code, 334);
	cr_expect_not_null(strstr(w->decoded, "\"status\":\"invalid_token\""));
	cr_expect_eq(smtp_session_state(w->s), SMTP_STATE_AUTH);
	line(w, "AQ==");
	cr_expect_str_eq(w->last, "535 5.7.8 Error: authentication failed: invalid or expired token\r\n");
	cr_expect_null(smtp_session_auth_user(w->s));
	world_free(w);
}

Test(oauth, xoauth2_and_someone_elses_token)
{
	struct world *w = submission_tls();
	static const char bad[] = "user=alice@example.com\x01" "auth=Bearer bob-token-9876543210\x01\x01";
	static const char good[] = "user=bob@example.com\x01" "auth=Bearer bob-token-9876543210\x01\x01";
	char enc[200], cmd[300];
	b64(bad, sizeof bad - 1, enc);
	snprintf(cmd, sizeof cmd, "AUTH XOAUTH2 %s", enc);
	line(w, cmd);
	cr_expect_eq(w->last_code, 535);
	b64(good, sizeof good - 1, enc);
	snprintf(cmd, sizeof cmd, "AUTH XOAUTH2 %s", enc);
	line(w, cmd);
	cr_expect_eq(w->last_code, 235);
	world_free(w);
}

Test(oauth, malformed_response_and_not_on_the_mta)
{
	struct world *w = submission_tls();
	char enc[200];
	b64("auth=Bearer x\x01\x01", 15, enc);
	char cmd[300];
	snprintf(cmd, sizeof cmd, "AUTH OAUTHBEARER %s", enc);
	line(w, cmd);
	cr_expect_eq(w->last_code, 535, "no GS2 header");
	world_free(w);
	w = world_new("mta", NULL);
	line(w, "EHLO c.example.org");
	cr_expect_null(strstr(w->last, "OAUTHBEARER"));
	world_free(w);
}

Test(ehlo, postfix_order)
{
	struct world *w = world_new("mta", NULL);
	line(w, "EHLO c.example.org");
	cr_expect_str_eq(w->last, "250-mx.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
	                          "250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n"
	                          "250-DSN\r\n250-SMTPUTF8\r\n250-BINARYMIME\r\n250 CHUNKING\r\n");
	world_free(w);
}
