/* Free play without a terminal: engine events become transcript lines,
 * the coach speaks after errors, the meta-commands work. */
#include "ui/ui_layout.h"
#include "lesson/meta.h"
#include "smtp/personality.h"
#include "ui/ui_play.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct ui_play play;

static void start(void)
{
	char err[256];
	cr_assert_eq(ui_play_init(&play, NULL, NULL, 0, NULL, 0, err, sizeof err), 0, "%s", err);
}

static void stop(void)
{
	ui_play_free(&play);
}

TestSuite(ui_play, .init = start, .fini = stop);

static void say(const char *line)
{
	ui_play_line(&play, line, strlen(line));
}

/* Index of the first line at or after FROM that contains NEEDLE, or -1. */
static long find(const char *needle, size_t from)
{
	for (size_t i = from; i < ui_transcript_count(play.tr); i++) {
		struct ui_tline l = ui_transcript_line(play.tr, i);
		char buf[2048];
		size_t n = l.len < sizeof buf - 1 ? l.len : sizeof buf - 1;
		memcpy(buf, l.text, n);
		buf[n] = '\0';
		if (strstr(buf, needle))
			return (long)i;
	}
	return -1;
}

static enum ui_tkind kind_of(long i)
{
	cr_assert_geq(i, 0);
	return ui_transcript_line(play.tr, (size_t)i).kind;
}

Test(ui_play, the_greeting_is_shown_with_its_meaning)
{
	long g = find("S: 220 ", 0);
	cr_assert_geq(g, 0);
	cr_assert_eq(kind_of(g), UI_T_S2);
	cr_assert_eq(kind_of(g + 1), UI_T_EXPLAIN);
	cr_assert_eq(play.convo.last_code, 220);
}

Test(ui_play, a_whole_transaction)
{
	say("EHLO client.example.org");
	long c = find("C: EHLO client.example.org", 0);
	cr_assert_geq(c, 0);
	cr_assert_eq(kind_of(c), UI_T_CLIENT);
	cr_assert_geq(find("S: 250-", (size_t)c), 0, "EHLO's multi-line reply, line by line");
	say("MAIL FROM:<learner@example.org>");
	say("RCPT TO:<alice@example.com>");
	cr_assert_str_eq(ui_play_expects(&play), "after RCPT: another RCPT TO, DATA or BDAT");
	say("DATA");
	cr_assert_eq(play.convo.last_code, 354);
	cr_assert(play.convo.in_data);
	say("Subject: hi");
	say("");
	say("body text");
	cr_assert_eq(kind_of(find("C: Subject: hi", 0)), UI_T_DATA_HDR);
	cr_assert_eq(kind_of(find("C: body text", 0)), UI_T_DATA_BODY);
	cr_assert_geq(find("the headers end", 0), 0);
	say(".");
	cr_assert_not(play.convo.in_data);
	cr_assert_geq(find("message accepted: from <learner@example.org> to 1 recipient", 0), 0);
	cr_assert_geq(find("(1 header line, 1 body line)", 0), 0,
	              "the empty line between headers and body is neither");
	cr_assert_eq(play.convo.last_code, 250);
	say("QUIT");
	cr_assert(play.convo.closed);
	cr_assert_geq(find("connection closed by the server", 0), 0);
}

Test(ui_play, an_error_reply_gets_why_and_next)
{
	say("EHLO c.example.org");
	say("RCPT TO:<alice@example.com>");
	long r = find("S: 503", 0);
	cr_assert_geq(r, 0);
	cr_assert_eq(kind_of(r), UI_T_S5);
	long why = find("why: 503 here because RCPT before MAIL", (size_t)r);
	cr_assert_geq(why, 0);
	cr_assert_eq(kind_of(why), UI_T_COACH);
	long next = find("next: ", (size_t)why);
	cr_assert_geq(next, 0, "the coach names what is valid next");
	cr_assert_eq(play.convo.last_code, 503);
	cr_assert_eq(play.convo.last_why, SMTP_WHY_RCPT_BEFORE_MAIL);
}

Test(ui_play, a_header_typed_as_a_command_is_named)
{
	say("EHLO c.example.org");
	say("Subject: hello");
	cr_assert_geq(find("looks like a message header", 0), 0);
}

Test(ui_play, auth_challenges_are_decoded_and_the_password_masked)
{
	char err[256];
	ui_play_free(&play);
	cr_assert_eq(ui_play_init(&play, "submission", NULL, 0, NULL, 0, err, sizeof err), 0);
	say("EHLO c.example.org");
	say("STARTTLS");
	cr_assert_geq(find("TLS negotiated (simulated)", 0), 0);
	cr_assert(smtp_session_tls(play.sess), "the simulation completes the handshake");
	say("EHLO c.example.org");
	say("AUTH LOGIN");
	cr_assert_geq(find("334 VXNlcm5hbWU6  \u2192 \"Username:\"", 0), 0);
	say("YWxpY2VAZXhhbXBsZS5jb20=");
	say("d29uZGVybGFuZA==");
	cr_assert_lt(find("wonderland", 0), 0, "the password is never shown decoded");
	cr_assert_geq(find("authenticated as alice@example.com", 0), 0);
}

Test(ui_play, meta_commands_never_reach_the_server)
{
	size_t before = ui_transcript_count(play.tr);
	say(":nosuch");
	cr_assert(play.msg_error);
	cr_assert(strstr(play.msg, "unknown meta-command :nosuch"));
	cr_assert_eq(ui_transcript_count(play.tr), before, "nothing was sent");
	say(":help");
	cr_assert_geq(find(":wait DURATION", before), 0);
}

Test(ui_play, profile_switch_reconnects)
{
	say(":profile submission");
	cr_assert_str_eq(smtp_server_profile(play.srv)->name, "submission");
	cr_assert_geq(find("port 587", 0), 0);
	long ch = find("profile changed: mta \u2192 submission", 0);
	cr_assert_geq(ch, 0, "the switch is said in the transcript");
	cr_assert_geq(find("S: 220 smtp.example.com", (size_t)ch), 0, "the new greeting follows");
	say(":profile nosuch");
	cr_assert(play.msg_error);
	cr_assert_str_eq(smtp_server_profile(play.srv)->name, "submission");
}

Test(ui_play, scenarios_and_the_clock)
{
	char buf[128];
	say(":scenario greylist");
	cr_assert_str_eq(ui_play_scenarios(&play, buf, sizeof buf), "greylist");
	say("EHLO c.example.org");
	say("MAIL FROM:<a@example.org>");
	say("RCPT TO:<bob@example.com>");
	cr_assert_eq(play.convo.last_code, 450);
	say(":wait 6m");
	say("RCPT TO:<bob@example.com>");
	cr_assert_eq(play.convo.last_code, 250);
	say(":scenario off greylist");
	cr_assert_str_eq(ui_play_scenarios(&play, buf, sizeof buf), "none");
	say(":scenario nosuch");
	cr_assert(play.msg_error);
}

Test(ui_play, reset_opens_a_new_connection_after_quit)
{
	say("QUIT");
	cr_assert(play.convo.closed);
	say("NOOP");
	cr_assert(play.msg_error, "a closed connection takes no lines");
	say(":reset");
	cr_assert_not(play.convo.closed);
	say("NOOP");
	cr_assert_eq(play.convo.last_code, 250);
}

Test(ui_play, save_writes_both_notations)
{
	char dir[] = "/tmp/ui-play-XXXXXX", a[64], b[64], line[256];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(a, sizeof a, "%s/t.txt", dir);
	snprintf(b, sizeof b, "%s/c.txt", dir);
	say("EHLO c.example.org");
	say("RCPT TO:<x@example.com>");
	char cmd[128];
	snprintf(cmd, sizeof cmd, ":save %s", a);
	say(cmd);
	snprintf(cmd, sizeof cmd, ":save -c %s", b);
	say(cmd);
	FILE *f = fopen(a, "r");
	cr_assert_not_null(f);
	bool client = false, server = false, error = false;
	while (fgets(line, sizeof line, f)) {
		client |= !strcmp(line, " -> EHLO c.example.org\n");
		server |= !strncmp(line, "<-  220 ", 8);
		error |= !strncmp(line, "<** 503", 7);
	}
	fclose(f);
	cr_assert(client && server && error);
	f = fopen(b, "r");
	cr_assert_not_null(f);
	cr_assert_not_null(fgets(line, sizeof line, f));
	cr_assert_str_eq(line, "#smtpsim connect profile=mta\n", "the marker smtpsim session reads");
	cr_assert_not_null(fgets(line, sizeof line, f));
	cr_assert_str_eq(line, "EHLO c.example.org\n");
	cr_assert_not_null(fgets(line, sizeof line, f));
	cr_assert_str_eq(line, "RCPT TO:<x@example.com>\n");
	cr_assert_null(fgets(line, sizeof line, f), "meta-commands are not saved");
	fclose(f);
	unlink(a);
	unlink(b);
	rmdir(dir);
}

Test(ui_play, a_colon_line_in_data_is_escaped_with_two)
{
	say("EHLO c.example.org");
	say("MAIL FROM:<a@example.org>");
	say("RCPT TO:<bob@example.com>");
	say("DATA");
	say("::-) smile");
	cr_assert_geq(find("C: :-) smile", 0), 0);
}

Test(ui_play, durations)
{
	static const struct { const char *in; long out; } cases[] = {
		{ "30", 30 }, { "30s", 30 }, { "5m", 300 }, { "2h", 7200 }, { "1d", 86400 },
		{ "", -1 }, { "m", -1 }, { "5x", -1 }, { "-5", -1 }, { "99999999999", -1 },
		{ "0", -1 }, { "367d", -1 }, { "366d", 366L * 86400 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		cr_assert_eq(meta_parse_duration(cases[i].in), cases[i].out, "'%s'", cases[i].in);
}

Test(ui_play, bad_names_fail_init_with_a_message)
{
	struct ui_play p;
	char err[256] = "";
	char *scen[] = { "nosuch" };
	cr_assert_eq(ui_play_init(&p, NULL, scen, 1, NULL, 0, err, sizeof err), -1);
	cr_assert(strstr(err, "nosuch"), "%s", err);
	cr_assert_eq(ui_play_init(&p, "nosuch", NULL, 0, NULL, 0, err, sizeof err), -1);
}

Test(ui_play, engine_notes_reach_the_coach)
{
	say("EHLO c.example.org");
	say("MAIL FROM: <a@example.org>");
	long n = find("coach: ", 0);
	cr_assert_geq(n, 0, "the space after MAIL FROM: is pointed out");
	cr_assert_eq(kind_of(n), UI_T_COACH);
}

Test(ui_play, an_outside_byte_is_never_stored_raw)
{
	say("EHLO c.example.org\x1b[2J");
	for (size_t i = 0; i < ui_transcript_count(play.tr); i++) {
		struct ui_tline l = ui_transcript_line(play.tr, i);
		cr_assert_null(memchr(l.text, 0x1b, l.len), "line %zu holds a raw ESC", i);
	}
	cr_assert_geq(find("C: EHLO c.example.org^[[2J", 0), 0);
}

Test(ui_play, message_lines_leave_out_the_empty_separator)
{
	static const struct {
		const char *data;
		size_t header, body;
	} cases[] = {
		{ "Subject: hi\r\n\r\nbody\r\n", 1, 1 },
		{ "Subject: hi\r\nFrom: a@b\r\n\r\none\r\n\r\ntwo\r\n", 2, 3 },
		{ "Subject: hi\r\n", 1, 0 },
		{ "Subject: hi\r\n\r\n", 1, 0 },
		{ "\r\nbody only\r\n", 0, 1 },
		{ "", 0, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		const char *d = cases[i].data;
		size_t n = strlen(d), hl = n;
		if (n >= 2 && d[0] == '\r' && d[1] == '\n')
			hl = 0;
		else if (strstr(d, "\r\n\r\n"))
			hl = (size_t)(strstr(d, "\r\n\r\n") - d) + 2;
		struct smtp_message m = { .data = d, .size = n, .header_len = hl };
		size_t h, b;
		ui_message_lines(&m, &h, &b);
		cr_expect_eq(h, cases[i].header, "case %zu: %zu header lines", i, h);
		cr_expect_eq(b, cases[i].body, "case %zu: %zu body lines", i, b);
	}
}

/* The room the command pane gives the "next:" text on an 80x24 screen. */
static int next_room(void)
{
	struct ui_layout l;
	ui_layout_compute(&l, UI_LAYOUT_PLAY, 24, 80, 0);
	return l.command.w - 2 - (int)strlen(UI_NEXT_LABEL);
}

static void expect_fits(const char *where)
{
	const char *t = ui_play_expects(&play);
	cr_expect_leq((int)ui_text_width(t, strlen(t)), next_room(),
	              "%s: \"%s\" is wider than the %d columns of the command pane", where, t,
	              next_room());
}

Test(ui_play, every_next_text_fits_the_command_pane_at_80x24)
{
	expect_fits("mta greeted");
	say("EHLO c.example.org");
	expect_fits("mta ready");
	say("MAIL FROM:<a@example.org>");
	expect_fits("mail");
	say("RCPT TO:<alice@example.com>");
	expect_fits("rcpt");
	say("DATA");
	expect_fits("data");
	say(".");
	say("QUIT");
	expect_fits("closed");
	say(":profile submission");
	expect_fits("submission greeted");
	say("EHLO c.example.org");
	expect_fits("submission before STARTTLS");
	say("STARTTLS");
	expect_fits("after STARTTLS");
	say("EHLO c.example.org");
	expect_fits("submission before AUTH");
	say("AUTH LOGIN");
	expect_fits("inside AUTH");
	say(":profile smtps");
	expect_fits("smtps greeted");
	say(":profile mta");
	say(":scenario blocked-client");
	say(":reset");
	expect_fits("blocked");
}

/* --- issue 13: helpers, the stored message, the order of lines ------------ */

Test(ui_play, message_accepted_comes_after_its_250)
{
	say("EHLO c.example.org");
	say("MAIL FROM:<a@example.org>");
	say("RCPT TO:<alice@example.com>");
	say("DATA");
	say("Subject: x");
	say("");
	say("hi");
	say(".");
	long ok = find("S: 250 2.0.0", 0), acc = find("message accepted", 0);
	cr_assert_geq(ok, 0);
	cr_assert_gt(acc, ok, "the mark follows the reply it belongs to");
}

Test(ui_play, the_stored_message_has_the_trace_lines_then_the_text)
{
	cr_assert_not(ui_convo_show_stored(&play.convo), "nothing accepted yet");
	say("EHLO c.example.org");
	say("MAIL FROM:<dave@example.org>");
	say("RCPT TO:<alice@example.com>");
	say("DATA");
	say("From: Mallory <mallory@example.net>");
	say("");
	say("hi");
	say(".");
	cr_assert_not_null(play.convo.stored);
	cr_assert(!strncmp(play.convo.stored, "Return-Path: <dave@example.org>\n", 32));
	cr_assert_not_null(strstr(play.convo.stored, "Received: from c.example.org"));
	cr_assert_not_null(strstr(play.convo.stored, "for <alice@example.com>;"));
	cr_assert_not_null(strstr(play.convo.stored, "\nFrom: Mallory <mallory@example.net>\n\nhi\n"));
	cr_assert(ui_convo_show_stored(&play.convo));
	long env = find("envelope: MAIL FROM:<dave@example.org>", 0);
	cr_assert_geq(env, 0);
	cr_assert_geq(find("header: From: Mallory", (size_t)env), 0);
}

Test(ui_play, a_refused_message_is_not_stored)
{
	ui_play_free(&play);
	char err[256];
	char *scen[] = { "local-error" };
	cr_assert_eq(ui_play_init(&play, NULL, scen, 1, NULL, 0, err, sizeof err), 0, "%s", err);
	say("EHLO c.example.org");
	say("MAIL FROM:<a@example.org>");
	say("RCPT TO:<alice@example.com>");
	say("DATA");
	say("x");
	say(".");
	cr_assert_geq(find("S: 451", 0), 0);
	cr_assert_null(play.convo.stored);
	cr_assert_eq(find("message accepted", 0), -1);
}

Test(ui_play, plain_fills_the_input_with_the_auth_line)
{
	say(":plain alice@example.com wonderland");
	cr_assert_str_eq(play.input, "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=");
	cr_assert_geq(find("password masked", 0), 0);
	cr_assert_eq(find("wonderland", 0), -1, "the password is never shown");
}

Test(ui_play, after_a_334_plain_gives_the_bare_answer)
{
	ui_play_free(&play);
	char err[256];
	cr_assert_eq(ui_play_init(&play, "alt", NULL, 0, NULL, 0, err, sizeof err), 0, "%s", err);
	say("EHLO c.example.org");
	say("STARTTLS");
	say("EHLO c.example.org");
	say("AUTH LOGIN");
	cr_assert_eq(play.convo.last_code, 334);
	say(":b64 alice@example.com");
	cr_assert_str_eq(play.input, "YWxpY2VAZXhhbXBsZS5jb20=");
	say(":plain alice@example.com wonderland");
	cr_assert_str_eq(play.input, "AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=");
}

Test(ui_play, b64_decode_shows_nul_bytes)
{
	say(":b64 -d AGFsaWNlAHNlY3JldA==");
	cr_assert_geq(find("decodes to \"\\0alice\\0secret\"", 0), 0);
	cr_assert_str_eq(play.input, "", "decoding fills nothing in");
	say(":b64 -d !!!");
	cr_assert(play.msg_error);
}

static void auth_fail_case(const char *b64, const char *expect)
{
	ui_play_free(&play);
	char err[256];
	cr_assert_eq(ui_play_init(&play, "alt", NULL, 0, NULL, 0, err, sizeof err), 0, "%s", err);
	say("EHLO c.example.org");
	say("STARTTLS");
	say("EHLO c.example.org");
	char line[256];
	snprintf(line, sizeof line, "AUTH PLAIN %s", b64);
	say(line);
	long r = find("S: 535", 0);
	cr_assert_geq(r, 0);
	long why = find(expect, (size_t)r);
	cr_assert_gt(why, r, "'%s' after the 535", expect);
}

Test(ui_play, a_535_says_which_part_was_wrong)
{
	/* \0alice@example.com\0nope */
	auth_fail_case("AGFsaWNlQGV4YW1wbGUuY29tAG5vcGU=", "the password");
	/* \0mallory\0wonderland */
	auth_fail_case("AG1hbGxvcnkAd29uZGVybGFuZA==", "no account \"mallory\"");
	/* bob\0alice@example.com\0wonderland */
	auth_fail_case("Ym9iAGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=", "authzid \"bob\"");
}

Test(ui_play, greylisting_coach_names_wait)
{
	ui_play_free(&play);
	char err[256];
	char *scen[] = { "greylist" };
	cr_assert_eq(ui_play_init(&play, NULL, scen, 1, NULL, 0, err, sizeof err), 0, "%s", err);
	say("EHLO c.example.org");
	say("MAIL FROM:<a@example.org>");
	say("RCPT TO:<alice@example.com>");
	cr_assert_geq(find("S: 450 4.2.0", 0), 0);
	cr_assert_geq(find(":wait 5m", 0), 0);
}

Test(ui_play, save_c_marks_each_connection_and_wait)
{
	char dir[] = "/tmp/ui-play-XXXXXX", b[64], line[256];
	cr_assert_not_null(mkdtemp(dir));
	snprintf(b, sizeof b, "%s/c.txt", dir);
	say("EHLO c.example.org");
	say(":profile submission");
	say(":wait 5m");
	say("EHLO d.example.org");
	char cmd[128];
	snprintf(cmd, sizeof cmd, ":save -c %s", b);
	say(cmd);
	FILE *f = fopen(b, "r");
	cr_assert_not_null(f);
	const char *want[] = { "#smtpsim connect profile=mta\n", "EHLO c.example.org\n",
	                       "#smtpsim connect profile=submission\n", "#smtpsim wait 300\n",
	                       "EHLO d.example.org\n" };
	for (size_t i = 0; i < sizeof want / sizeof *want; i++) {
		cr_assert_not_null(fgets(line, sizeof line, f));
		cr_assert_str_eq(line, want[i]);
	}
	fclose(f);
	unlink(b);
	rmdir(dir);
}

Test(ui_play, dig_connect_and_batch_work_as_in_the_lessons)
{
	say(":dig example.com");
	cr_expect_geq(find("example.com.  MX  10 mx.example.com.", 0), 0);
	say(":connect mx2.example.com");
	cr_expect_not_null(strstr(play.msg, "does not answer here"), "%s", play.msg);
	long before = find("S: 220 ", 0);
	say(":connect mx.example.com");
	cr_expect_gt(find("S: 220 ", (size_t)before + 1), before, "a new greeting");
	say(":batch");
	say("EHLO c.example.org");
	say("MAIL FROM:<a@example.org>");
	cr_expect_lt(find("S: 250", 0), 0, "nothing sent while queued");
	say("");
	long c1 = find("C: EHLO c.example.org", 0), c2 = find("C: MAIL FROM:<a@example.org>", 0);
	long s1 = find("S: 250-", 0);
	cr_expect(c1 >= 0 && c2 > c1 && s1 > c2, "both lines, then the replies");
	cr_expect_geq(find("S: 250 2.1.0 Ok", 0), 0);
}

Test(ui_play, personality_changes_the_voice_and_keeps_the_profile)
{
	say(":personality");
	cr_expect_geq(find("postfix", 0), 0, "the list names them");
	say(":personality exim");
	cr_expect_str_eq(smtp_server_personality(play.srv), "exim");
	cr_expect_geq(find("the server now answers as exim", 0), 0);
	say(":profile submission");
	cr_expect_str_eq(smtp_server_personality(play.srv), "exim", "kept across :profile");
	say(":personality nosuch");
	cr_expect(play.msg_error);
}

/* How many transcript lines hold NEEDLE. */
static size_t count(const char *needle)
{
	size_t n = 0;
	for (long i = find(needle, 0); i >= 0; i = find(needle, (size_t)i + 1))
		n++;
	return n;
}

/* The lines of FILE, joined. */
static char *slurp(const char *file)
{
	FILE *f = fopen(file, "r");
	cr_assert_not_null(f);
	static char buf[8192];
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

Test(ui_play, a_typed_line_is_shown_once_from_the_engine_auth_data_whole)
{
	char err[256], dir[] = "/tmp/ui-play-XXXXXX", a[64], b[64], cmd[128];
	ui_play_free(&play);
	cr_assert_eq(ui_play_init(&play, "submission", NULL, 0, NULL, 0, err, sizeof err), 0);
	say("EHLO c.example.org");
	say("STARTTLS");
	say("EHLO c.example.org");
	say("AUTH LOGIN");
	say("YWxpY2VAZXhhbXBsZS5jb20=");
	say("d29uZGVybGFuZA==");
	cr_expect_eq(count("C: EHLO c.example.org"), 2);
	cr_expect_eq(count("C: AUTH LOGIN"), 1);
	/* the learner's own screen: what they sent, to decode (lesson 12) */
	long u = find("C: YWxpY2VAZXhhbXBsZS5jb20=", 0);
	cr_expect_geq(u, 0);
	cr_expect_eq(count("C: d29uZGVybGFuZA=="), 1);
	cr_expect_gt(find("S: 334 UGFzc3dvcmQ6", 0), u, "the line comes before its reply");
	cr_assert_not_null(mkdtemp(dir));
	snprintf(a, sizeof a, "%s/t.txt", dir);
	snprintf(b, sizeof b, "%s/c.txt", dir);
	snprintf(cmd, sizeof cmd, ":save -c %s", b);
	say(cmd);
	cr_expect_not_null(strstr(slurp(b), "AUTH LOGIN\nYWxpY2VAZXhhbXBsZS5jb20=\n"
	                                    "d29uZGVybGFuZA==\n"),
	                   ":save -c keeps what replays the login: %s", slurp(b));
	snprintf(cmd, sizeof cmd, ":save %s", a);
	say(cmd);
	cr_expect_not_null(strstr(slurp(a), " -> d29uZGVybGFuZA==\n<-  235 "), "%s", slurp(a));
	unlink(a);
	unlink(b);
	rmdir(dir);
}

Test(ui_play, a_batch_shows_each_line_the_server_read_once_then_the_replies)
{
	char dir[] = "/tmp/ui-play-XXXXXX", a[64], cmd[128];
	say(":batch");
	say("EHLO c.example.org");
	say("NOOP");
	say("QUIT");
	say("RSET");
	say("");
	long c1 = find("C: EHLO c.example.org", 0), c2 = find("C: NOOP", 0);
	long c3 = find("C: QUIT", 0), s1 = find("S: 250-", 0);
	cr_expect(c1 >= 0 && c2 == c1 + 1 && c3 == c2 + 1 && s1 > c3, "%ld %ld %ld %ld", c1, c2,
	          c3, s1);
	cr_expect_eq(count("C: EHLO c.example.org"), 1);
	cr_expect_eq(count("C: NOOP"), 1);
	cr_expect_eq(count("C: RSET"), 0, "after QUIT the server read no more");
	cr_expect_geq(find("S: 221 ", 0), 0);
	cr_assert_not_null(mkdtemp(dir));
	snprintf(a, sizeof a, "%s/t.txt", dir);
	snprintf(cmd, sizeof cmd, ":save %s", a);
	say(cmd);
	cr_expect_not_null(strstr(slurp(a), " -> EHLO c.example.org\n -> NOOP\n -> QUIT\n<-  250-"),
	                   "the saved transcript in the same order: %s", slurp(a));
	unlink(a);
	rmdir(dir);
}

Test(ui_play, a_line_the_engine_cut_says_how_long_it_was)
{
	char big[1300];
	memcpy(big, "NOOP ", 5);
	memset(big + 5, 'x', 1195);
	big[1200] = '\0';
	say(big);
	long c = find("C: NOOP xxx", 0);
	cr_assert_geq(c, 0);
	cr_expect_geq(find("\u2026 (1200 octets in all)", (size_t)c), c);
	cr_expect_geq(find("S: 500 ", (size_t)c), 0);
}
