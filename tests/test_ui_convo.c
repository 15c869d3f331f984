/* test_ui_convo.c — the conversation model fed by the lesson runner, as
 * the lesson screen feeds it: every client line is shown from the
 * engine's LINE event, once, so lines the runner types for the learner
 * (a resume, a restart) are marked without being echoed by hand, and a
 * replayed :batch shows its lines before their replies. */
#include "lesson/lesson.h"
#include "lesson/run.h"
#include "ui/ui_convo.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAIN_B64 "AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ="

/* Greet, log in after TLS (a :wait first), a sender and a recipient in
 * one write, then DATA. */
static const char *LESSON =
	"{\"id\": \"convo\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	"\"profile\": \"submission\", \"steps\": ["
	"{\"kind\": \"command\", \"title\": \"Greet\", \"prompt\": \"p\", \"goal\": {\"verb\": "
	"\"EHLO\", \"reply\": 250}, \"points\": 10, \"example\": [\"EHLO c.example.org\"]}, "
	"{\"kind\": \"command\", \"title\": \"Log in\", \"prompt\": \"p\", \"goal\": "
	"{\"authenticated\": true}, \"points\": 10, \"example\": [\":wait 1m\", \"STARTTLS\", "
	"\"EHLO d.example.org\", \"AUTH PLAIN " PLAIN_B64 "\"]}, "
	"{\"kind\": \"command\", \"title\": \"Envelope\", \"prompt\": \"p\", \"goal\": "
	"{\"state\": \"rcpt\"}, \"points\": 10, \"example\": [\":batch\", "
	"\"MAIL FROM:<alice@example.com>\", \"RCPT TO:<bob@example.com>\", \"\"]}, "
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 354}, \"points\": 10, "
	"\"example\": [\"DATA\"]}]}";

static struct lesson *lesson;
static struct ui_transcript *tr;
static struct ui_convo convo;
static struct lesson_run *run;

/* The lesson screen's hook (ui_scr_lesson.c) does just this. */
static void hook(void *ctx, const struct lesson_replay *r)
{
	(void)ctx;
	ui_convo_replayed(&convo, r, lesson, lesson_run_session(run));
}

static void setup(void)
{
	struct lesson_errors errs = { 0 };
	lesson = lesson_parse("convo.json", LESSON, strlen(LESSON), &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	lesson_errors_free(&errs);
	cr_assert_not_null(lesson);
	tr = ui_transcript_new();
	cr_assert_not_null(tr);
	ui_convo_init(&convo, tr);
	convo.lesson = true;
	char err[256];
	run = lesson_run_new(lesson, ui_convo_sink, &convo, err, sizeof err);
	cr_assert_not_null(run, "%s", err);
	ui_convo_connect(&convo, smtp_server_profile(lesson_run_server(run)));
	lesson_run_on_replay(run, hook, NULL);
}

static void teardown(void)
{
	lesson_run_free(run);
	ui_convo_free(&convo);
	ui_transcript_free(tr);
	lesson_free(lesson);
}

TestSuite(ui_convo, .init = setup, .fini = teardown);

static bool has(size_t i, const char *needle)
{
	struct ui_tline l = ui_transcript_line(tr, i);
	char buf[2048];
	size_t n = l.len < sizeof buf - 1 ? l.len : sizeof buf - 1;
	memcpy(buf, l.text, n);
	buf[n] = '\0';
	return strstr(buf, needle) != NULL;
}

/* The first line at or after FROM holding NEEDLE, or -1. */
static long find(const char *needle, size_t from)
{
	for (size_t i = from; i < ui_transcript_count(tr); i++)
		if (has(i, needle))
			return (long)i;
	return -1;
}

static size_t count(const char *needle, size_t from)
{
	size_t n = 0;
	for (size_t i = from; i < ui_transcript_count(tr); i++)
		n += has(i, needle);
	return n;
}

/* Each line typed for the learner since FROM: once, dimmed, marked. */
static void expect_replayed_once(const char *line, size_t from)
{
	char want[300];
	snprintf(want, sizeof want, "C: %s   \u21ba replayed", line);
	cr_expect_eq(count(want, from), 1, "'%s' shown %zu times", want, count(want, from));
	snprintf(want, sizeof want, "C: %s", line);
	cr_expect_eq(count(want, from), 1, "'%s' shown %zu times in all", want, count(want, from));
	long at = find(want, from);
	if (at >= 0)
		cr_expect_eq(ui_transcript_line(tr, (size_t)at).kind, UI_T_EXPLAIN);
}

/* The lines of a batch before the replies to them, all of them. */
static void expect_batch_before_replies(size_t from)
{
	long mail = find("C: MAIL FROM:<alice@example.com>", from);
	long rcpt = find("C: RCPT TO:<bob@example.com>", from);
	long ok_mail = find("S: 250 2.1.0", from), ok_rcpt = find("S: 250 2.1.5", from);
	cr_expect(mail >= 0 && rcpt == mail + 1, "the batch's lines together: %ld %ld", mail, rcpt);
	cr_expect(ok_mail > rcpt && ok_rcpt > ok_mail, "then the replies: %ld %ld", ok_mail,
	          ok_rcpt);
}

Test(ui_convo, a_resume_shows_each_replayed_line_once_from_the_engine)
{
	cr_assert_eq(lesson_run_resume(run, 3, NULL, true), 0);
	expect_replayed_once("EHLO c.example.org", 0);
	expect_replayed_once("STARTTLS", 0);
	expect_replayed_once("EHLO d.example.org", 0);
	/* the learner's own screen: the base64 whole, to decode (lesson 12) */
	expect_replayed_once("AUTH PLAIN " PLAIN_B64, 0);
	expect_replayed_once("MAIL FROM:<alice@example.com>", 0);
	expect_replayed_once("RCPT TO:<bob@example.com>", 0);
	expect_batch_before_replies(0);
	cr_expect_eq(count(":wait 1m   \u21ba replayed", 0), 1, "a meta-line keeps its own echo");
	cr_expect_eq(count(":batch", 0), 0, "a batch is its lines, not the meta-line");
	cr_expect_eq(count("step 2: Log in (done before)", 0), 1);
	cr_expect_eq(count("decoded: ", 0), 1, "the engine's decoding follows the line");
	cr_expect_not(convo.replaying, "the learner types again");
	cr_expect_null(convo.held, "nothing held back after the batch");
}

Test(ui_convo, a_restart_shows_each_line_once_and_the_batch_before_its_replies)
{
	cr_assert_eq(lesson_run_resume(run, 3, NULL, false), 0);
	cr_assert_eq(ui_transcript_count(tr), 0, "a quiet resume shows nothing");
	cr_assert(lesson_run_restart(run));
	cr_expect_geq(find("step 4 set up afresh", 0), 0);
	expect_replayed_once("AUTH PLAIN " PLAIN_B64, 0);
	expect_replayed_once("MAIL FROM:<alice@example.com>", 0);
	expect_replayed_once("RCPT TO:<bob@example.com>", 0);
	expect_batch_before_replies(0);
	/* what the learner types next is theirs: shown once, not marked */
	size_t from = ui_transcript_count(tr);
	struct lesson_feed_result res;
	lesson_run_feed(run, "DATA", &res);
	cr_expect(res.passed);
	long d = find("C: DATA", from);
	cr_expect_geq(d, 0);
	cr_expect_eq(count("C: DATA", from), 1);
	cr_expect_eq(count("replayed", from), 0);
	cr_expect_eq(ui_transcript_line(tr, (size_t)d).kind, UI_T_CLIENT);
}

Test(ui_convo, the_learners_batch_shows_its_lines_then_the_replies)
{
	cr_assert_eq(lesson_run_resume(run, 2, NULL, false), 0);
	struct lesson_feed_result res;
	lesson_run_feed(run, ":batch", &res);
	lesson_run_feed(run, "MAIL FROM:<alice@example.com>", &res);
	lesson_run_feed(run, "RCPT TO:<bob@example.com>", &res);
	cr_expect_eq(count("C: ", 0), 0, "nothing sent while the batch is collected");
	/* as the lesson screen sends it */
	ui_convo_group_begin(&convo);
	lesson_run_feed(run, "", &res);
	ui_convo_group_end(&convo);
	cr_expect(res.passed);
	cr_expect_eq(count("C: MAIL FROM:<alice@example.com>", 0), 1);
	cr_expect_eq(count("C: RCPT TO:<bob@example.com>", 0), 1);
	expect_batch_before_replies(0);
	cr_expect_eq(count("replayed", 0), 0);
}
