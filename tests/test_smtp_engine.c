/* test_smtp_engine.c — byte-level feeding, limits, messages, rules,
 * greylisting and the clock, base64. */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>

#include "smtp_harness.h"

#define HELLO "EHLO client.example.org\n"
#define TX HELLO "MAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>\n"

static void feed(struct harness *h, const char *bytes, size_t n)
{
	smtp_session_feed(h->sess, bytes, n);
}

static void feeds(struct harness *h, const char *bytes)
{
	feed(h, bytes, strlen(bytes));
}

static int count_replies(const struct harness *h, const char *prefix)
{
	int n = 0;
	size_t pl = strlen(prefix);
	for (const char *p = h->out; *p; ) {
		if (!strncmp(p, prefix, pl))
			n++;
		const char *nl = strchr(p, '\n');
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

Test(feed, crlf_and_lf_both_end_commands)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	feeds(h, "HELO a.example\r\nNOOP\nNOOP\r\n");
	cr_expect_eq(count_replies(h, "250 "), 3);
	harness_free(h);
}

Test(feed, pipelined_commands_answered_in_order)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	feeds(h, "EHLO a.example\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\n"
	         "RCPT TO:<nobody@example.com>\r\nDATA\r\n");
	const char *want = "220 mx.example.com ESMTP smtpsim\r\n";
	cr_assert(!strncmp(h->out, want, strlen(want)));
	const char *p = strstr(h->out, "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1");
	cr_expect_not_null(p, "replies out of order: %s", h->out);
	cr_expect_not_null(strstr(h->out, "354 End data"));
	harness_free(h);
}

Test(feed, split_anywhere_gives_same_replies)
{
	const char *in = "EHLO a.example\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\n"
	                 "DATA\r\nSubject: x\r\n\r\nbody\r\n.\r\nQUIT\r\n";
	struct harness *whole = harness_new("mta", NULL, NULL);
	feeds(whole, in);
	for (size_t cut = 1; cut < strlen(in); cut += 7) {
		struct harness *h = harness_new("mta", NULL, NULL);
		feed(h, in, cut);
		feed(h, in + cut, strlen(in) - cut);
		cr_expect_str_eq(h->out, whole->out, "split at %zu", cut);
		harness_free(h);
	}
	harness_free(whole);
}

Test(limits, command_line_of_510_octets_is_fine_511_is_too_long)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	char line[600];
	memset(line, 'a', sizeof line);
	memcpy(line, "NOOP ", 5);
	smtp_session_feed_line(h->sess, line, 510);
	cr_expect_eq(h->last_code, 250);
	smtp_session_feed_line(h->sess, line, 511);
	cr_expect_str_eq(h->last, "500 5.5.0 Error: line too long\r\n");
	harness_free(h);
}

/* RFC 4954 §6: 500 5.5.6, not the generic 5.5.0, whether the answer
 * overflows the input buffer or is fed as one line. */
Test(limits, an_over_long_auth_answer_is_500_5_5_6)
{
	struct harness *h = harness_new("smtps", NULL, NULL);
	static char buf[2002];
	memset(buf, 'Q', 2000);
	buf[2000] = '\r';
	buf[2001] = '\n';
	harness_lines(h, "EHLO c.example.org\nAUTH LOGIN");
	cr_assert_eq(h->last_code, 334);
	feed(h, buf, sizeof buf);
	cr_expect_str_eq(h->last, "500 5.5.6 Authentication Exchange line is too long\r\n");
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_READY);
	harness_line(h, "AUTH PLAIN");
	cr_assert_eq(h->last_code, 334);
	smtp_session_feed_line(h->sess, buf, 1500);
	cr_expect_str_eq(h->last, "500 5.5.6 Authentication Exchange line is too long\r\n");
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_READY);
	harness_free(h);
}

Test(limits, ten_thousand_byte_line_answered_once_not_obeyed)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	static char buf[10002];
	memset(buf, 'x', 10000);
	memcpy(buf, "QUIT ", 5);
	buf[10000] = '\r';
	buf[10001] = '\n';
	feed(h, buf, sizeof buf);
	cr_expect_str_eq(h->last, "500 5.5.0 Error: line too long\r\n");
	cr_expect_eq(count_replies(h, "500"), 1);
	cr_expect_not(smtp_session_closed(h->sess), "an over-long QUIT must not be obeyed");
	feeds(h, "NOOP\r\n");
	cr_expect_eq(h->last_code, 250);
	harness_free(h);
}

Test(limits, every_control_byte_is_a_syntax_error)
{
	for (int c = 0; c < 0x20; c++) {
		if (c == '\t' || c == '\n')
			continue;
		struct harness *h = harness_new("mta", NULL, NULL);
		char line[] = "NOOP x?y";
		line[6] = (char)c;
		smtp_session_feed_line(h->sess, line, sizeof line - 1);
		cr_expect_str_eq(h->last, "500 5.5.2 Error: bad syntax: control character in command\r\n",
		                 "byte 0x%02x", c);
		harness_free(h);
	}
}

Test(limits, nul_inside_feed_is_a_syntax_error)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	feed(h, "HELO a\0b\r\n", 10);
	cr_expect_eq(h->last_code, 500);
	cr_expect_eq(h->last_why, SMTP_WHY_BAD_BYTES);
	harness_free(h);
}

Test(limits, high_bytes_that_are_not_utf8_are_refused)
{
	for (int c = 0x80; c <= 0xff; c++) {
		struct harness *h = harness_new("mta", NULL, NULL);
		char line[] = "NOOP ?";
		line[5] = (char)c;
		smtp_session_feed_line(h->sess, line, sizeof line - 1);
		cr_expect_str_eq(h->last, "500 5.5.2 Error: bad UTF-8 syntax\r\n", "byte 0x%02x", c);
		harness_free(h);
	}
}

Test(limits, hundred_recipients_then_452)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, HELLO "MAIL FROM:<a@b.org>");
	for (int i = 0; i < 100; i++) {
		harness_line(h, "RCPT TO:<bob@example.com>");
		cr_assert_eq(h->last_code, 250, "recipient %d", i + 1);
	}
	harness_line(h, "RCPT TO:<bob@example.com>");
	cr_expect_str_eq(h->last, "452 4.5.3 Error: too many recipients\r\n");
	cr_expect_eq(smtp_session_rcpt_count(h->sess), 100);
	harness_free(h);
}

Test(limits, twenty_errors_then_421_and_close)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	for (int i = 0; i < 20; i++)
		harness_line(h, "BOGUS");
	cr_expect_eq(h->last_code, 500);
	harness_line(h, "NOOP");
	cr_expect_str_eq(h->last, "421 4.7.0 mx.example.com Error: too many errors\r\n");
	cr_expect(smtp_session_closed(h->sess));
	cr_expect_eq(h->closes, 1);
	harness_free(h);
}

Test(limits, domain_of_256_octets_is_too_long)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, HELLO);
	char line[400] = "MAIL FROM:<a@";
	size_t n = strlen(line);
	for (int i = 0; i < 256; i++)
		line[n++] = (i % 60 == 59) ? '.' : 'd';
	line[n++] = '>';
	line[n] = '\0';
	harness_line(h, line);
	cr_expect_eq(h->last_code, 501);
	cr_expect_eq(h->last_why, SMTP_WHY_ADDRESS_TOO_LONG);
	harness_free(h);
}

Test(data, dot_stuffing_undone_and_message_delivered)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA\nSubject: dots\n\n..leading dot\n...\nend\n.");
	cr_expect_eq(h->messages, 1);
	cr_expect_str_eq(h->msg_data, "Subject: dots\r\n\r\n.leading dot\r\n..\r\nend\r\n");
	cr_expect_eq(h->msg_header_len, strlen("Subject: dots\r\n"));
	cr_expect_str_eq(h->msg_from, "dave@example.org");
	cr_expect_eq(h->msg_nrcpt, 1);
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_READY);
	harness_free(h);
}

Test(data, empty_line_never_reads_before_its_start)
{
	/* found by the fuzzer: an empty text line whose buffer still held a
	 * '.' from an earlier line was taken for a stuffed dot */
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA");
	smtp_session_feed_line(h->sess, ".x", 0);
	harness_line(h, ".");
	cr_expect_str_eq(h->msg_data, "\r\n");
	harness_free(h);
}

Test(data, dot_with_spaces_is_text_and_noted)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA\nhello\n. ");
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_DATA);
	cr_expect_eq(h->notes[SMTP_WHY_DOT_SPACES], 1);
	harness_line(h, ".");
	cr_expect_eq(h->messages, 1);
	harness_free(h);
}

Test(data, dot_with_a_space_before_is_text_and_noted)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA\nhello\n .");
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_DATA);
	cr_expect_eq(h->notes[SMTP_WHY_DOT_SPACES], 1);
	harness_free(h);
}

Test(data, a_command_typed_as_text_is_noted_once_and_stays_text)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA\nSubject: x\n\nQUIT\nrset\nMAIL FROM:<a@b.org>");
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_DATA);
	cr_expect_eq(h->notes[SMTP_WHY_COMMAND_IN_DATA], 1, "one note per message");
	harness_line(h, ".");
	cr_expect_eq(h->messages, 1);
	cr_expect_str_eq(h->msg_data, "Subject: x\r\n\r\nQUIT\r\nrset\r\nMAIL FROM:<a@b.org>\r\n");
	harness_free(h);
}

Test(data, prose_that_starts_like_a_verb_is_not_noted)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA\nData shows it.\nQuit smoking\nAUTH\n.");
	cr_expect_eq(h->notes[SMTP_WHY_COMMAND_IN_DATA], 0);
	cr_expect_eq(h->messages, 1);
	harness_free(h);
}

Test(data, failed_delivery_is_451_never_250)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	h->fail_delivery = 1;
	harness_lines(h, TX "DATA\nhi\n.");
	cr_expect_str_eq(h->last, "451 4.3.0 Error: queue file write error\r\n");
	harness_free(h);
}

Test(data, over_size_is_552_at_the_dot)
{
	const char *sc[] = { "tiny-size", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	harness_lines(h, TX "DATA");
	char line[100];
	memset(line, 'z', 99);
	line[99] = '\0';
	for (int i = 0; i < 30; i++)
		harness_line(h, line);
	cr_expect_eq(h->last_code, 354, "nothing is answered before the dot");
	harness_line(h, ".");
	cr_expect_str_eq(h->last, "552 5.3.4 Error: message file too big\r\n");
	cr_expect_eq(h->messages, 0);
	harness_free(h);
}

Test(data, text_line_over_1000_rejects_the_message)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA");
	static char line[1200];
	memset(line, 'q', sizeof line);
	smtp_session_feed_line(h->sess, line, 999);
	harness_line(h, ".");
	cr_expect_eq(h->last_code, 500);
	cr_expect_eq(h->messages, 0);
	harness_free(h);
}

/* A single line past SIZE used to be answered as "line too long": the
 * size is the truer answer once the limit is passed. */
Test(data, one_line_past_size_is_552_not_500)
{
	const char *sc[] = { "tiny-size", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	feeds(h, "EHLO a\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
	static char big[5000];
	memset(big, 'x', sizeof big);
	feed(h, big, sizeof big);
	feeds(h, "\r\n.\r\n");
	cr_expect_str_eq(h->last, "552 5.3.4 Error: message file too big\r\n");
	cr_expect_eq(h->messages, 0);
	harness_free(h);
}

Test(data, long_line_then_past_size_is_552)
{
	const char *sc[] = { "tiny-size", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	feeds(h, "EHLO a\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
	static char big[1500];
	memset(big, 'x', sizeof big);
	feed(h, big, sizeof big);
	feeds(h, "\r\n");
	for (int i = 0; i < 10; i++)
		feeds(h, "a short line of text, repeated to pass the 2 KB limit\r\n");
	feeds(h, ".\r\n");
	cr_expect_str_eq(h->last, "552 5.3.4 Error: message file too big\r\n");
	harness_free(h);
}

Test(data, long_line_within_size_is_still_500)
{
	const char *sc[] = { "tiny-size", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	feeds(h, "EHLO a\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
	static char big[1500];
	memset(big, 'x', sizeof big);
	feed(h, big, sizeof big);
	feeds(h, "\r\n.\r\n");
	cr_expect_str_eq(h->last, "500 5.5.0 Error: message text line too long\r\n");
	harness_free(h);
}

Test(data, strict_mode_bare_lf_does_not_end_a_line)
{
	struct harness *h = calloc(1, sizeof *h);
	h->srv = smtp_server_new("mta", NULL, 0);
	struct smtp_session_opts o = { .strict_data_crlf = true };
	h->sess = smtp_session_new(h->srv, &o, harness_sink, h);
	smtp_session_start(h->sess);
	feeds(h, "EHLO a\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n"
	         "one\n.\nMAIL FROM:<evil@b.org>\r\n.\r\n");
	cr_expect_eq(h->messages, 1);
	cr_expect_eq(h->notes[SMTP_WHY_BARE_LF], 1);
	cr_expect_not_null(strstr(h->msg_data, "one\n.\nMAIL FROM:<evil@b.org>"),
	                   "smuggled command must stay message text");
	harness_free(h);
}

/* The CR of an over-long line's CRLF does not fit the buffer: the line
 * end was judged on the last byte stored, so in strict mode the LF looked
 * bare and the message never ended ("." and QUIT were swallowed). */
Test(data, strict_mode_over_long_line_still_ends_at_crlf)
{
	struct harness *h = calloc(1, sizeof *h);
	h->srv = smtp_server_new("mta", NULL, 0);
	struct smtp_session_opts o = { .strict_data_crlf = true };
	h->sess = smtp_session_new(h->srv, &o, harness_sink, h);
	smtp_session_start(h->sess);
	feeds(h, "EHLO a\r\nMAIL FROM:<a@b.org>\r\nRCPT TO:<bob@example.com>\r\nDATA\r\n");
	static char big[3000];
	memset(big, 'x', sizeof big);
	feed(h, big, sizeof big);
	feeds(h, "\r\n.\r\nQUIT\r\n");
	cr_expect_eq(count_replies(h, "500 5.5.0 Error: message text line too long"), 1);
	cr_expect_eq(h->last_code, 221);
	cr_expect(smtp_session_closed(h->sess));
	cr_expect_eq(h->messages, 0);
	harness_free(h);
}

Test(data, eof_mid_data_delivers_nothing)
{
	struct harness *h = harness_new("mta", NULL, NULL);
	harness_lines(h, TX "DATA\nSubject: half");
	smtp_session_eof(h->sess);
	cr_expect_eq(h->messages, 0);
	cr_expect(smtp_session_closed(h->sess));
	harness_free(h);
}

Test(tls, starttls_resets_and_lists_auth_after_tls)
{
	struct harness *h = harness_new("submission", NULL, NULL);
	harness_lines(h, HELLO);
	cr_expect_null(strstr(h->out, "AUTH PLAIN LOGIN"), "no AUTH before TLS");
	harness_lines(h, "STARTTLS");
	cr_expect_eq(h->tls_events, 1);
	cr_expect(smtp_session_tls(h->sess));
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_GREETED);
	harness_lines(h, HELLO);
	cr_expect_not_null(strstr(h->last, "250-AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2\r\n"));
	cr_expect_null(strstr(h->last, "STARTTLS"), "no STARTTLS once TLS is on");
	harness_free(h);
}

static int no_handshake_sink(void *ctx, const struct smtp_event *ev)
{
	int *tls = ctx;
	if (ev->type == SMTP_EV_TLS)
		(*tls)++;
	return 0;
}

Test(tls, simulated_tls_needs_no_handshake_call)
{
	int tls = 0;
	struct smtp_server *srv = smtp_server_new("mta", NULL, 0);
	struct smtp_session_opts opts = { .simulated_tls = true };
	struct smtp_session *s = smtp_session_new(srv, &opts, no_handshake_sink, &tls);
	smtp_session_start(s);
	const char *in = "EHLO a\r\nSTARTTLS\r\nNOOP\r\n";
	cr_expect_eq(smtp_session_feed(s, in, strlen(in)), strlen(in));
	cr_expect_eq(tls, 1);
	cr_expect(smtp_session_tls(s));
	smtp_session_free(s);
	smtp_server_free(srv);
}

Test(tls, bytes_after_starttls_are_not_consumed_before_the_handshake)
{
	int tls = 0;
	struct smtp_server *srv = smtp_server_new("mta", NULL, 0);
	struct smtp_session *s = smtp_session_new(srv, NULL, no_handshake_sink, &tls);
	smtp_session_start(s);
	const char *in = "EHLO a\r\nSTARTTLS\r\nMAIL FROM:<injected@b.org>\r\n";
	size_t used = smtp_session_feed(s, in, strlen(in));
	cr_expect_eq(tls, 1);
	cr_expect_eq(used, strlen("EHLO a\r\nSTARTTLS\r\n"));
	cr_expect_eq(smtp_session_feed(s, "NOOP\r\n", 6), 0);
	smtp_session_tls_done(s);
	cr_expect_eq(smtp_session_feed(s, "NOOP\r\n", 6), 6);
	smtp_session_free(s);
	smtp_server_free(srv);
}

Test(auth, login_password_is_masked_in_events)
{
	struct harness *h = harness_new("smtps", NULL, NULL);
	harness_lines(h, HELLO "AUTH LOGIN\nYWxpY2U=");
	cr_expect_str_eq(h->last_decoded, "Password:");
	cr_expect_str_eq(h->auth_line, "alice");
	harness_line(h, "d29uZGVybGFuZA==");
	cr_expect_str_eq(h->auth_line, "********");
	cr_expect_eq(h->auth_ok, 1);
	cr_expect_str_eq(smtp_session_auth_user(h->sess), "alice@example.com");
	harness_free(h);
}

Test(auth, plain_masks_password)
{
	struct harness *h = harness_new("smtps", NULL, NULL);
	harness_lines(h, HELLO "AUTH PLAIN AGJvYkBleGFtcGxlLmNvbQB3cm9uZw==");
	cr_expect_eq(h->last_code, 535);
	cr_expect_null(strstr(h->auth_line, "wrong"));
	cr_expect_not_null(strstr(h->auth_line, "bob@example.com"));
	cr_expect_eq(h->auth_fail, 1);
	harness_free(h);
}

Test(greylist, retry_after_delay_is_accepted)
{
	const char *sc[] = { "greylist", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	harness_lines(h, TX);
	cr_expect_eq(h->last_code, 450);
	smtp_server_advance(h->srv, 120);
	harness_line(h, "RCPT TO:<bob@example.com>");
	cr_expect_eq(h->last_code, 450, "2 minutes is too early");
	harness_line(h, "RCPT TO:<alice@example.com>");
	cr_expect_eq(h->last_code, 450, "another triplet starts its own wait");
	smtp_server_advance(h->srv, 180);
	harness_line(h, "RCPT TO:<bob@example.com>");
	cr_expect_eq(h->last_code, 250, "after 5 minutes the triplet passes");
	harness_free(h);
}

Test(greylist, triplet_shared_between_sessions_of_a_server)
{
	const char *sc[] = { "greylist", NULL };
	struct harness *h = harness_new("mta", sc, NULL);
	harness_lines(h, TX);
	cr_expect_eq(h->last_code, 450);
	smtp_server_advance(h->srv, 301);
	struct smtp_session *second = smtp_session_new(h->srv, NULL, harness_sink, h);
	smtp_session_free(h->sess);
	h->sess = second;
	smtp_session_start(second);
	harness_lines(h, TX);
	cr_expect_eq(h->last_code, 250);
	harness_free(h);
}

#define MESSAGE "MAIL FROM:<dave@example.org>\nRCPT TO:<bob@example.com>\nDATA\nhi\n."

Test(queue, each_server_counts_its_own_ids_unless_given_a_shared_counter)
{
	/* Two servers on the same clock: alone, each starts at 1, so their
	 * first ids are equal (why serve shares one counter between them). */
	struct harness *a = harness_new("mta", NULL, NULL);
	struct harness *b = harness_new("mta", NULL, NULL);
	harness_lines(a, HELLO MESSAGE);
	harness_lines(b, HELLO MESSAGE);
	cr_expect_str_eq(a->last, "250 2.0.0 Ok: queued as 5B90000001\r\n");
	cr_expect_str_eq(b->last, a->last);
	harness_free(a);
	harness_free(b);
}

Test(queue, servers_sharing_a_counter_never_repeat_an_id)
{
	unsigned long counter = 0;
	struct harness *a = harness_new("mta", NULL, NULL);
	struct harness *b = harness_new("mta", NULL, NULL);
	smtp_server_share_queue_counter(a->srv, &counter);
	smtp_server_share_queue_counter(b->srv, &counter);
	harness_lines(a, HELLO MESSAGE);
	cr_expect_str_eq(a->last, "250 2.0.0 Ok: queued as 5B90000001\r\n");
	harness_lines(b, HELLO MESSAGE);
	cr_expect_str_eq(b->last, "250 2.0.0 Ok: queued as 5B90000002\r\n");
	harness_lines(a, MESSAGE);
	cr_expect_str_eq(a->last, "250 2.0.0 Ok: queued as 5B90000003\r\n");
	cr_expect_eq(counter, 3);
	harness_free(a);
	harness_free(b);
}

Test(queue, an_id_made_for_a_failed_delivery_is_not_given_again)
{
	/* The id is made before delivery (the stored copy carries it), and may
	 * be logged: the next message gets a new one. */
	struct harness *h = harness_new("mta", NULL, NULL);
	h->fail_delivery = 1;
	harness_lines(h, HELLO MESSAGE);
	cr_expect_eq(h->last_code, 451);
	h->fail_delivery = 0;
	harness_lines(h, MESSAGE);
	cr_expect_str_eq(h->last, "250 2.0.0 Ok: queued as 5B90000002\r\n");
	harness_free(h);
}

Test(clock, simulated_clock_is_fixed_until_advanced)
{
	struct smtp_server *srv = smtp_server_new(NULL, NULL, 0);
	int64_t t0 = smtp_server_now(srv);
	cr_expect_eq(smtp_server_now(srv), t0);
	smtp_server_advance(srv, 300);
	cr_expect_eq(smtp_server_now(srv), t0 + 300);
	smtp_server_free(srv);
}

Test(rules, rcpt_rule_replaces_reply_and_adds_no_recipient)
{
	const char *r[] = { "RCPT:bob@example.com=550 5.1.1 User unknown", NULL };
	struct harness *h = harness_new("mta", NULL, r);
	harness_lines(h, TX);
	cr_expect_str_eq(h->last, "550 5.1.1 User unknown\r\n");
	cr_expect_eq(smtp_session_rcpt_count(h->sess), 0);
	harness_line(h, "RCPT TO:<alice@example.com>");
	cr_expect_eq(h->last_code, 250, "the rule matches bob only");
	harness_free(h);
}

Test(rules, glob_and_default_enhanced_code)
{
	const char *r[] = { "MAIL:*@example.org=452 4.3.1 Insufficient system storage",
	                    "DATA=451", NULL };
	struct harness *h = harness_new("mta", NULL, r);
	harness_lines(h, HELLO "MAIL FROM:<Dave@Example.ORG>");
	cr_expect_str_eq(h->last, "452 4.3.1 Insufficient system storage\r\n");
	harness_lines(h, "MAIL FROM:<x@b.org>\nRCPT TO:<bob@example.com>\nDATA");
	cr_expect_str_eq(h->last, "451 4.0.0 Temporary failure, try again later\r\n");
	cr_expect_eq(smtp_session_state(h->sess), SMTP_STATE_RCPT);
	harness_free(h);
}

Test(rules, connect_421_closes)
{
	const char *r[] = { "CONNECT=421 4.3.2 Try later", NULL };
	struct harness *h = harness_new("mta", NULL, r);
	cr_expect_str_eq(h->last, "421 4.3.2 Try later\r\n");
	cr_expect(smtp_session_closed(h->sess));
	harness_free(h);
}

Test(rules, two_xx_rule_forces_acceptance)
{
	const char *r[] = { "RCPT:nobody@example.com=250 2.1.5 Accepted by rule", "DOT=250 2.0.0 Thanks", NULL };
	struct harness *h = harness_new("mta", NULL, r);
	harness_lines(h, HELLO "MAIL FROM:<a@b.org>\nRCPT TO:<nobody@example.com>");
	cr_expect_str_eq(h->last, "250 2.1.5 Accepted by rule\r\n");
	harness_lines(h, "DATA\nhi\n.");
	cr_expect_str_eq(h->last, "250 2.0.0 Thanks\r\n");
	cr_expect_eq(h->messages, 1);
	harness_free(h);
}

struct bad_rule {
	char spec[64];
	char fragment[48];
};

static const struct bad_rule bad_rules[] = {
	{ "RCPT", "expected STAGE[:MATCH]=CODE" },
	{ "BOGUS=550", "unknown stage 'BOGUS'" },
	{ "RCPT=55", "three-digit reply code" },
	{ "RCPT=650 x", "not an SMTP reply code" },
	{ "RCPT=550 4.1.1 x", "not an enhanced status code of class 5" },
	{ "DATA=250", "DATA is answered 354" },
	{ "RCPT:=550", "the match after ':'" },
	{ "AUTH=334 go on", "a 3xx reply only fits DATA" },
	{ "CONNECT=450", "a greeting is 220, 421 or 554" },
};

ParameterizedTestParameters(rules, malformed_named)
{
	return cr_make_param_array(struct bad_rule, bad_rules, sizeof bad_rules / sizeof bad_rules[0]);
}

ParameterizedTest(const struct bad_rule *b, rules, malformed_named)
{
	struct smtp_server *srv = smtp_server_new("mta", NULL, 0);
	char err[512] = "";
	cr_expect_eq(smtp_server_add_rule(srv, b->spec, err, sizeof err), -1);
	cr_expect_not_null(strstr(err, b->fragment), "'%s' gave: %s", b->spec, err);
	smtp_server_free(srv);
}

Test(server, unknown_profile_and_scenario_named)
{
	char err[256];
	cr_expect_null(smtp_server_new("mailhub", err, sizeof err));
	cr_expect_not_null(strstr(err, "mailhub"));
	struct smtp_server *srv = smtp_server_new("mta", err, sizeof err);
	cr_expect_eq(smtp_server_scenario(srv, "flood", true, err, sizeof err), -1);
	cr_expect_not_null(strstr(err, "flood"));
	cr_expect_eq(smtp_server_scenario(srv, "greylist", true, err, sizeof err), 0);
	cr_expect(smtp_server_has_scenario(srv, "greylist"));
	smtp_server_scenario(srv, "greylist", false, err, sizeof err);
	cr_expect_not(smtp_server_has_scenario(srv, "greylist"));
	smtp_server_free(srv);
}

Test(names, states_round_trip)
{
	for (int i = 0; i < SMTP_STATE_COUNT; i++)
		cr_expect_eq(smtp_state_from_name(smtp_state_name((enum smtp_state)i)), i);
	cr_expect_eq(smtp_state_from_name("nonsense"), -1);
	for (int w = 0; w < SMTP_WHY_COUNT; w++)
		cr_expect(strlen(smtp_why_text((enum smtp_why)w)) > 10);
}

struct b64_case {
	char plain[40];
	size_t len;
	char b64[64];
};

static const struct b64_case b64_cases[] = {
	{ "", 0, "" },
	{ "f", 1, "Zg==" },
	{ "fo", 2, "Zm8=" },
	{ "foo", 3, "Zm9v" },
	{ "foob", 4, "Zm9vYg==" },
	{ "fooba", 5, "Zm9vYmE=" },
	{ "foobar", 6, "Zm9vYmFy" },
	{ "Username:", 9, "VXNlcm5hbWU6" },
	{ "\0alice@example.com\0wonderland", 29, "AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=" },
};

ParameterizedTestParameters(base64, round_trip)
{
	return cr_make_param_array(struct b64_case, b64_cases, sizeof b64_cases / sizeof b64_cases[0]);
}

ParameterizedTest(const struct b64_case *c, base64, round_trip)
{
	char enc[128];
	unsigned char dec[128];
	cr_expect_eq(smtp_b64_encode(c->plain, c->len, enc), strlen(c->b64));
	cr_expect_str_eq(enc, c->b64);
	long n = smtp_b64_decode(c->b64, strlen(c->b64), dec);
	cr_expect_eq(n, (long)c->len);
	cr_expect(!memcmp(dec, c->plain, c->len));
}

Test(base64, rejects_malformed)
{
	unsigned char out[64];
	const char *bad[] = { "Zg=", "Z===", "Zg==Zg==", "Zm9v!", "Zm 9", "=Zm9" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		cr_expect_eq(smtp_b64_decode(bad[i], strlen(bad[i]), out), -1, "%s", bad[i]);
}
