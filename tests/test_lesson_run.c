/* test_lesson_run.c — the step runner: goals judged on engine events and
 * state, hints and wrong answers cost points, meta-lines, resuming. */
#include "lesson/lesson.h"
#include "lesson/run.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE "tests/fixtures/lessons/01-tiny.json"

/* What the caller's sink saw. */
struct seen {
	int codes[64];
	enum smtp_cmd cmds[64];
	size_t nreplies;
	size_t connects;
	size_t messages;
	size_t states;
};

static int record(void *ctx, const struct smtp_event *ev)
{
	struct seen *s = ctx;
	if (ev->type == SMTP_EV_REPLY) {
		if (s->nreplies < 64) {
			s->codes[s->nreplies] = ev->reply->code;
			s->cmds[s->nreplies] = ev->reply->cmd;
		}
		s->nreplies++;
		if (ev->reply->cmd == SMTP_CMD_CONNECT)
			s->connects++;
	} else if (ev->type == SMTP_EV_MESSAGE) {
		s->messages++;
	} else if (ev->type == SMTP_EV_STATE) {
		s->states++;
	}
	return 0;
}

static struct lesson *load_fixture(void)
{
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_load_file(FIXTURE, &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	lesson_errors_free(&errs);
	cr_assert_not_null(l);
	return l;
}

static struct lesson *parse(const char *text)
{
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_parse("t.json", text, strlen(text), &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	lesson_errors_free(&errs);
	cr_assert_not_null(l);
	return l;
}

static struct lesson_run *start(const struct lesson *l, struct seen *seen)
{
	char err[256];
	struct lesson_run *run = lesson_run_new(l, record, seen, err, sizeof err);
	cr_assert_not_null(run, "%s", err);
	lesson_run_start(run);
	return run;
}

static struct lesson_feed_result feed(struct lesson_run *run, const char *line)
{
	struct lesson_feed_result r;
	lesson_run_feed(run, line, &r);
	return r;
}

Test(lesson_run, read_step_continues_and_command_step_connects)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_expect_eq(lesson_run_index(run), 0);
	cr_expect_eq(lesson_run_step(run)->kind, LESSON_STEP_READ);
	cr_expect_eq(seen.nreplies, 0, "no connection before the first command step");
	cr_expect_null(lesson_run_session(run));
	struct lesson_feed_result r = feed(run, "EHLO client.example.org");
	cr_expect_not(r.accepted, "a read step takes no lines");
	cr_expect_null(lesson_run_hint(run), "a read step has no hints");
	cr_expect(lesson_run_continue(run));
	cr_expect_eq(lesson_run_index(run), 1);
	cr_expect_eq(seen.connects, 1);
	cr_expect_eq(seen.codes[0], 220);
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_GREETED);
	cr_expect_not(lesson_run_continue(run), "an open command step cannot be skipped by Enter");
	cr_expect_eq(lesson_run_step_score(run, 0), 0);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, goal_is_judged_by_engine_events_not_by_text)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);
	/* HELO gets a 250 too, but the goal wants the reply to EHLO. */
	struct lesson_feed_result r = feed(run, "HELO client.example.org");
	cr_expect(r.accepted);
	cr_expect_eq(r.nreplies, 1);
	cr_expect_eq(r.last_code, 250);
	cr_expect_not(r.passed);
	/* EHLO without a domain is a 501: not passed. */
	r = feed(run, "EHLO");
	cr_expect_eq(r.last_code, 501);
	cr_expect_not(r.passed);
	/* Any spelling the server accepts passes. */
	r = feed(run, "ehlo   client.example.org");
	cr_expect(r.passed);
	cr_expect_eq(lesson_run_status(run), LESSON_STEP_DONE);
	cr_expect_eq(lesson_run_step_score(run, 1), 8);
	r = feed(run, "NOOP");
	cr_expect_not(r.accepted, "a done step takes no more lines");
	cr_expect(lesson_run_continue(run));

	/* Step 2 wants a 503: a correct command does not pass it. */
	r = feed(run, "NOOP");
	cr_expect_eq(r.last_code, 250);
	cr_expect_not(r.passed);
	r = feed(run, "RCPT TO:<bob@example.com>");
	cr_expect_eq(r.last_code, 503);
	cr_expect(r.passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, state_and_recipient_goals)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_assert_eq(lesson_run_resume(run, 3, NULL, false), 0);
	cr_expect_eq(lesson_run_index(run), 3);
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_READY);
	cr_expect_not(feed(run, "MAIL FROM:<ann@example.org>").passed);
	cr_expect_not(feed(run, "RCPT TO:<bob@example.com>").passed, "one recipient is not two");
	struct lesson_feed_result r = feed(run, "RCPT TO:<nobody@example.com>");
	cr_expect_eq(r.last_code, 550);
	cr_expect_not(r.passed, "a rejected recipient does not count");
	cr_expect(feed(run, "RCPT TO:<carol@example.com>").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, message_accepted_goal_and_full_play)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_assert_eq(lesson_run_resume(run, 5, NULL, true), 0);
	cr_expect_gt(seen.nreplies, 5, "replayed events were shown");
	cr_expect_not(feed(run, "DATA").passed);
	cr_expect_not(feed(run, "Subject: Hi").passed);
	cr_expect_not(feed(run, "").passed);
	cr_expect_not(feed(run, "Hello.").passed);
	struct lesson_feed_result r = feed(run, ".");
	cr_expect_eq(r.last_code, 250);
	cr_expect(r.passed);
	cr_expect_eq(seen.messages, 1);
	cr_expect(lesson_run_continue(run));
	cr_expect_eq(lesson_run_answer_text(run, "  221 "), LESSON_ANSWER_RIGHT);
	cr_expect_not(lesson_run_finished(run));
	cr_expect(lesson_run_continue(run));
	cr_expect(lesson_run_finished(run));
	cr_expect_null(lesson_run_step(run));
	cr_expect_not(lesson_run_continue(run));
	/* Resumed steps scored 0 (no saved scores); the two played ones full. */
	cr_expect_eq(lesson_run_score(run), 14);
	cr_expect_eq(lesson_run_max_score(run), 42);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, hints_cost_points_and_end_with_the_example)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);
	cr_expect_eq(lesson_run_step_value(run), 8);
	cr_expect_eq(lesson_run_hint_cost(run), 2);
	cr_expect_str_eq(lesson_run_hint(run), "The modern greeting is EHLO.");
	cr_expect_eq(lesson_run_step_value(run), 6);
	cr_expect_str_eq(lesson_run_hint(run), "EHLO then your host name.");
	cr_expect_str_eq(lesson_run_hint(run), "EHLO client.example.org");
	cr_expect_eq(lesson_run_hints_shown(run), 3);
	cr_expect_null(lesson_run_hint(run), "no hint after the example");
	cr_expect_eq(lesson_run_hint_cost(run), 0);
	cr_expect_eq(lesson_run_step_value(run), 2);
	cr_expect(feed(run, "EHLO client.example.org").passed);
	cr_expect_eq(lesson_run_step_score(run, 1), 2);
	cr_expect_null(lesson_run_hint(run), "no hints once done");
	lesson_run_continue(run);
	cr_expect_eq(lesson_run_hints_shown(run), 0, "hints count per step");
	/* Step 2 has no hints: its only hint is the example, costing 1 of 4. */
	cr_expect_eq(lesson_run_hint_cost(run), 1);
	cr_expect_str_eq(lesson_run_hint(run), "RCPT TO:<bob@example.com>");
	cr_expect(feed(run, "RCPT TO:<bob@example.com>").passed);
	cr_expect_eq(lesson_run_step_score(run, 2), 3);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, quiz_scoring)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_assert_eq(lesson_run_resume(run, 4, NULL, false), 0);
	cr_expect_eq(lesson_run_step(run)->kind, LESSON_STEP_QUIZ);
	cr_expect_not(feed(run, "NOOP").accepted);
	cr_expect_eq(lesson_run_answer_text(run, "MAIL"), LESSON_ANSWER_NOT_NOW,
	             "a choice quiz takes no text");
	cr_expect_eq(lesson_run_answer_choices(run, NULL, 0), LESSON_ANSWER_INVALID);
	cr_expect_eq(lesson_run_answer_choices(run, (size_t[]){ 9 }, 1), LESSON_ANSWER_INVALID);
	cr_expect_eq(lesson_run_wrong_count(run), 0);
	/* Half the set is wrong. */
	cr_expect_eq(lesson_run_answer_choices(run, (size_t[]){ 0 }, 1), LESSON_ANSWER_WRONG);
	cr_expect_eq(lesson_run_wrong_count(run), 1);
	cr_expect_eq(lesson_run_step_value(run), 3);
	/* Order and duplicates do not matter. */
	cr_expect_eq(lesson_run_answer_choices(run, (size_t[]){ 2, 0, 2 }, 3), LESSON_ANSWER_RIGHT);
	cr_expect_eq(lesson_run_step_score(run, 4), 3);
	cr_expect_eq(lesson_run_answer_choices(run, (size_t[]){ 0, 2 }, 2), LESSON_ANSWER_NOT_NOW);
	lesson_run_continue(run);
	lesson_run_continue(run); /* step 5 is a command: not continued */
	cr_expect_eq(lesson_run_index(run), 5);
	lesson_run_skip(run);
	cr_expect_eq(lesson_run_step_score(run, 5), 0);
	lesson_run_continue(run);
	/* Two wrong answers cost everything; the floor is 0. */
	cr_expect_eq(lesson_run_answer_text(run, "250"), LESSON_ANSWER_WRONG);
	cr_expect_eq(lesson_run_answer_text(run, "220"), LESSON_ANSWER_WRONG);
	cr_expect_eq(lesson_run_answer_text(run, "354"), LESSON_ANSWER_WRONG);
	cr_expect_eq(lesson_run_answer_text(run, "   "), LESSON_ANSWER_INVALID);
	cr_expect_eq(lesson_run_answer_text(run, "221"), LESSON_ANSWER_RIGHT);
	cr_expect_eq(lesson_run_step_score(run, 6), 0);
	lesson_run_free(run);
	lesson_free(l);
}

static const char *GREYLIST =
	"{\"id\": \"grey\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	"\"profile\": \"mta\", \"scenarios\": [\"greylist\"], \"steps\": ["
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"RCPT\", "
	"\"reply_class\": 4}, \"points\": 5, \"example\": [\"EHLO client.example.org\", "
	"\"MAIL FROM:<ann@example.org>\", \"RCPT TO:<bob@example.com>\"]}, "
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"RCPT\", "
	"\"reply\": 250, \"enhanced\": \"2.1.5\"}, \"points\": 5, \"example\": "
	"[\":wait 6m\", \"RCPT TO:<bob@example.com>\"]}]}";

Test(lesson_run, wait_advances_the_simulated_clock)
{
	struct lesson *l = parse(GREYLIST);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	int64_t t0 = smtp_server_now(lesson_run_server(run));
	feed(run, "EHLO client.example.org");
	feed(run, "MAIL FROM:<ann@example.org>");
	struct lesson_feed_result r = feed(run, "RCPT TO:<bob@example.com>");
	cr_expect_eq(r.last_code, 450);
	cr_expect(r.passed);
	lesson_run_continue(run);
	/* Retrying at once is still greylisted. */
	r = feed(run, "RCPT TO:<bob@example.com>");
	cr_expect_eq(r.last_code, 450);
	cr_expect_not(r.passed);
	size_t before = seen.nreplies;
	r = feed(run, ":wait 6m");
	cr_expect(r.meta);
	cr_expect_not(r.meta_error);
	cr_expect_eq(r.nreplies, 0);
	cr_expect_eq(seen.nreplies, before, "a meta-line never reaches the server");
	cr_expect_str_eq(r.note, "The clock moves on 6 minutes.");
	cr_expect_eq(smtp_server_now(lesson_run_server(run)) - t0, 360);
	r = feed(run, "RCPT TO:<bob@example.com>");
	cr_expect_eq(r.last_code, 250);
	cr_expect(r.passed);
	cr_expect(lesson_run_continue(run));
	cr_expect(lesson_run_finished(run));
	cr_expect_eq(lesson_run_score(run), 10);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, bad_meta_lines)
{
	struct lesson *l = parse(GREYLIST);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	const char *bad[] = { ":wait", ":wait soon", ":wait 5x", ":wait 0", ":wait 99999h",
	                      ":frobnicate", ":", ":profile submission" };
	int64_t t0 = smtp_server_now(lesson_run_server(run));
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		struct lesson_feed_result r = feed(run, bad[i]);
		cr_expect(r.meta && r.meta_error, "%s", bad[i]);
		cr_expect_not_null(r.note, "%s", bad[i]);
		cr_expect_not(r.passed);
	}
	cr_expect_eq(smtp_server_now(lesson_run_server(run)), t0);
	cr_expect_eq(seen.nreplies, 1, "only the greeting");
	struct lesson_feed_result r = feed(run, ":wait 90");
	cr_expect_str_eq(r.note, "The clock moves on 90 seconds.");
	r = feed(run, " :WAIT 2h ");
	cr_expect_str_eq(r.note, "The clock moves on 2 hours.");
	cr_expect_eq(smtp_server_now(lesson_run_server(run)) - t0, 90 + 7200);
	lesson_run_free(run);
	lesson_free(l);
}

static const char *RESET =
	"{\"id\": \"reset\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	"\"profile\": \"mta\", \"steps\": ["
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"state\": \"closed\"}, "
	"\"points\": 5, \"example\": [\"QUIT\"]}, "
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"CONNECT\", "
	"\"reply\": 220}, \"points\": 5, \"example\": [\":reset\"]}, "
	"{\"kind\": \"command\", \"reset\": true, \"prompt\": \"p\", \"goal\": "
	"{\"state\": \"ready\"}, \"points\": 5, \"example\": [\"HELO client.example.org\"]}]}";

Test(lesson_run, reset_starts_a_new_connection)
{
	struct lesson *l = parse(RESET);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_expect_eq(seen.connects, 1);
	struct lesson_feed_result r = feed(run, "QUIT");
	cr_expect_eq(r.last_code, 221);
	cr_expect(r.closed);
	cr_expect(r.passed);
	lesson_run_continue(run);
	/* The closed connection is reopened only when entering a step if it
	 * is closed; here it is, so the step starts with a greeting. */
	cr_expect_eq(seen.connects, 2);
	r = feed(run, "NOOP");
	cr_expect_not(r.passed);
	r = feed(run, ":reset");
	cr_expect(r.meta);
	cr_expect(r.passed, "the greeting answers :reset");
	cr_expect_eq(seen.connects, 3);
	cr_expect_str_eq(r.note, "A new connection to mx.example.com.");
	/* "reset": true reconnects on entering the step. */
	feed(run, ":reset");
	lesson_run_continue(run);
	cr_expect_eq(seen.connects, 4);
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_GREETED);
	r = feed(run, "QUIT");
	cr_expect(r.closed);
	r = feed(run, "HELO client.example.org");
	cr_expect_eq(r.nreplies, 0, "nothing reaches a closed connection");
	cr_expect_str_eq(r.note, "The connection is closed: type :reset to connect again, or "
	                         ":restart (F7) to set the step up again.");
	feed(run, ":reset");
	cr_expect(feed(run, "HELO client.example.org").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, resume_keeps_saved_scores_and_fails_on_changed_lessons)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	int scores[4] = { 0, 6, 4, -1 };
	cr_assert_eq(lesson_run_resume(run, 3, scores, false), 0);
	cr_expect_eq(seen.nreplies, 0, "a quiet replay shows nothing");
	cr_expect_eq(lesson_run_score(run), 10);
	cr_expect_eq(lesson_run_step_score(run, 3), -1);
	lesson_run_free(run);

	/* An example that no longer passes: the run starts over. */
	free(l->steps[2].example[0]);
	l->steps[2].example[0] = strdup("NOOP");
	run = start(l, &seen);
	cr_expect_eq(lesson_run_resume(run, 4, scores, false), -1);
	cr_expect_eq(lesson_run_index(run), 0);
	cr_expect_eq(lesson_run_score(run), 0);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, unknown_scenario_fails_cleanly)
{
	struct lesson *l = load_fixture();
	/* Loaded lessons are valid; a lesson changed after loading is not. */
	free(l->profile);
	l->profile = strdup("nope");
	char err[256] = "";
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_expect_null(run);
	cr_expect_neq(err[0], '\0');
	lesson_free(l);
}

static const char *TEN =
	"{\"id\": \"ten\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	"\"profile\": \"mta\", \"steps\": ["
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"HELO\", "
	"\"reply\": 250}, \"points\": 10, \"hints\": [\"one\", \"two\", \"three\"], "
	"\"example\": [\"HELO client.example.org\"]}, "
	"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\"], "
	"\"answer\": [0], \"points\": 5}]}";

Test(lesson_run, every_hint_costs_what_its_label_said)
{
	/* 10 points, a quarter each: 2.5 rounds to 3, every time (the old
	 * rounding of the remaining value showed 2, 3, 2, 3). */
	struct lesson *l = parse(TEN);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	int value = lesson_run_step_value(run);
	cr_expect_eq(value, 10);
	int expect[] = { 3, 3, 3, 1 };
	for (size_t i = 0; i < 4; i++) {
		int cost = lesson_run_hint_cost(run);
		cr_expect_eq(cost, expect[i], "hint %zu costs %d", i + 1, cost);
		cr_assert_not_null(lesson_run_hint(run));
		cr_expect_eq(lesson_run_step_value(run), value - cost,
		             "hint %zu deducted what its label said", i + 1);
		value = lesson_run_step_value(run);
	}
	cr_expect_eq(lesson_run_hint_cost(run), 0);
	cr_expect(feed(run, "HELO client.example.org").passed);
	cr_expect_eq(lesson_run_step_score(run, 0), 0);
	lesson_run_continue(run);
	/* A wrong answer on 5 points costs 2.5, rounded once: 3. */
	cr_expect_eq(lesson_run_answer_choices(run, (size_t[]){ 1 }, 1), LESSON_ANSWER_WRONG);
	cr_expect_eq(lesson_run_step_value(run), 2);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_skipped_step_is_told_apart_from_a_passed_one)
{
	struct lesson *l = parse(TEN);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_expect_not(lesson_run_step_skipped(run, 0));
	lesson_run_skip(run);
	cr_expect_eq(lesson_run_status(run), LESSON_STEP_DONE);
	cr_expect(lesson_run_step_skipped(run, 0));
	cr_expect_eq(lesson_run_step_score(run, 0), 0);
	lesson_run_continue(run);
	cr_expect_eq(lesson_run_answer_choices(run, (size_t[]){ 0 }, 1), LESSON_ANSWER_RIGHT);
	cr_expect_not(lesson_run_step_skipped(run, 1), "answered, not skipped");
	cr_expect_not(lesson_run_step_skipped(run, 9), "out of range");
	/* A resume starts with nothing skipped. */
	cr_assert_eq(lesson_run_resume(run, 1, NULL, false), 0);
	cr_expect_not(lesson_run_step_skipped(run, 0));
	lesson_run_free(run);
	lesson_free(l);
}

/* What the replay hook was told, in order. */
struct replayed {
	char log[1024];
	size_t replies_before;   /* replies the sink had seen at the first line */
	size_t lines;
	struct seen *seen;
};

static void on_replay(void *ctx, const struct lesson_replay *rp)
{
	struct replayed *r = ctx;
	size_t n = strlen(r->log);
	if (rp->line && !r->lines++)
		r->replies_before = r->seen->nreplies;
	/* a meta-line marked with a leading '=', a batch with a '&' */
	snprintf(r->log + n, sizeof r->log - n, "%s%zu:%s%s%s;", rp->before ? "+" : "-", rp->step,
	         rp->meta ? "=" : "", rp->batch ? "&" : "",
	         rp->line ? rp->line : "(new connection)");
}

Test(lesson_run, a_shown_resume_tells_each_replayed_line)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct replayed rep = { .seen = &seen };
	char err[256];
	struct lesson_run *run = lesson_run_new(l, record, &seen, err, sizeof err);
	cr_assert_not_null(run);
	lesson_run_on_replay(run, on_replay, &rep);
	cr_assert_eq(lesson_run_resume(run, 3, NULL, true), 0);
	cr_expect_str_eq(rep.log, "+1:EHLO client.example.org;-1:EHLO client.example.org;"
	                          "+2:RCPT TO:<bob@example.com>;-2:RCPT TO:<bob@example.com>;");
	cr_expect_eq(rep.replies_before, 1, "the greeting came before the first line");
	cr_expect_eq(seen.nreplies, 3, "greeting, 250 to EHLO, 503 to RCPT");
	/* A quiet resume tells nothing. */
	rep.log[0] = '\0';
	cr_assert_eq(lesson_run_resume(run, 3, NULL, false), 0);
	cr_expect_str_eq(rep.log, "");
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, the_replay_hook_tells_meta_lines_and_batches_apart)
{
	static const char *MIXED =
		"{\"id\": \"mixed\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"EHLO\", "
		"\"reply\": 250}, \"points\": 10, \"example\": [\":wait 1m\", \"EHLO c.example.org\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"state\": \"rcpt\"}, "
		"\"points\": 10, \"example\": [\":batch\", \"MAIL FROM:<a@b.org>\", "
		"\"RCPT TO:<bob@example.com>\", \"\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 354}, "
		"\"points\": 10, \"example\": [\"DATA\"]}]}";
	struct lesson *l = parse(MIXED);
	struct seen seen = { 0 };
	struct replayed rep = { .seen = &seen };
	char err[256];
	struct lesson_run *run = lesson_run_new(l, record, &seen, err, sizeof err);
	cr_assert_not_null(run, "%s", err);
	lesson_run_on_replay(run, on_replay, &rep);
	cr_assert_eq(lesson_run_resume(run, 2, NULL, true), 0);
	cr_expect_str_eq(rep.log, "+0:=:wait 1m;-0:=:wait 1m;"
	                          "+0:EHLO c.example.org;-0:EHLO c.example.org;"
	                          "+1:&MAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>;"
	                          "-1:&MAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>;");
	lesson_run_free(run);
	lesson_free(l);
}

/* --- reachability, skip and restart ---------------------------------------- */

/* Submission: greet, then provoke the refusal of AUTH in the clear, then
 * log in after TLS. */
static const char *CLEAR =
	"{\"id\": \"clear\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	"\"profile\": \"submission\", \"steps\": ["
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"EHLO\", \"reply\": 250, "
	"\"tls\": false}, \"points\": 10, \"example\": [\"EHLO c.example.org\"]}, "
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"AUTH\", \"reply\": 530}, "
	"\"points\": 10, \"hints\": [\"h\"], \"example\": [\"AUTH LOGIN\"]}, "
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"authenticated\": true}, "
	"\"points\": 10, \"example\": [\"STARTTLS\", \"EHLO c.example.org\", "
	"\"AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=\"]}]}";

Test(lesson_run, tls_before_the_refusal_leaves_the_path_and_restart_rebuilds_it)
{
	struct lesson *l = parse(CLEAR);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	/* STARTTLS first: the EHLO after it is 250 but TLS is on, so the
	 * greeting step does not pass (its goal says tls false) */
	struct lesson_feed_result r = feed(run, "STARTTLS");
	cr_expect_not(r.passed);
	r = feed(run, "EHLO c.example.org");
	cr_expect_not(r.passed, "the step wants the plain connection's EHLO");
	cr_expect(r.off_path);
	cr_expect_eq(r.note_kind, LESSON_NOTE_OFF_PATH);
	cr_expect_not_null(strstr(r.note, "TLS is already on"), "%s", r.note);
	cr_expect_not_null(strstr(r.note, ":restart"), "%s", r.note);
	cr_expect(lesson_run_off_path(run));
	cr_expect_null(lesson_run_hint(run), "no hint applies off the path");
	size_t connects = seen.connects;
	r = feed(run, ":restart");
	cr_expect(r.restarted);
	cr_expect_eq(seen.connects, connects + 1, "a new connection is shown");
	cr_expect_not(lesson_run_off_path(run));
	cr_expect_not(smtp_session_tls(lesson_run_session(run)));
	cr_expect(feed(run, "EHLO c.example.org").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_cancelled_auth_exchange_is_named)
{
	struct lesson *l = parse(CLEAR);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_assert(feed(run, "EHLO c.example.org").passed);
	lesson_run_continue(run);
	lesson_run_continue(run); /* nothing: the step is open */
	cr_assert_eq(lesson_run_index(run), 1);
	lesson_run_skip(run);
	lesson_run_continue(run);
	cr_assert_eq(lesson_run_index(run), 2);
	cr_expect_not_null(lesson_run_entry_note(run), "a skip says it set the step up");
	/* the step's example from here: STARTTLS, EHLO, AUTH PLAIN */
	cr_expect(feed(run, "STARTTLS").last_code == 220);
	struct lesson_feed_result r = feed(run, "EHLO c.example.org");
	cr_expect_eq(r.note_kind, LESSON_NOTE_GOOD, "%s", r.note ? r.note : "(none)");
	cr_expect_str_eq(r.note, "\u2713 250 to EHLO \u2014 now log in.");
	r = feed(run, "AUTH LOGIN");
	cr_expect_eq(r.last_code, 334);
	r = feed(run, "*");
	cr_expect_eq(r.last_code, 501);
	/* a new AUTH is still possible: not off the path */
	cr_expect_not(r.off_path);
	cr_expect(feed(run, "AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHdvbmRlcmxhbmQ=").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, skip_does_the_skipped_step_for_the_next_one)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);           /* read step */
	lesson_run_skip(run);               /* EHLO step: skipped */
	cr_expect(lesson_run_step_skipped(run, 1));
	lesson_run_continue(run);
	/* the 503 step: the session was greeted for it */
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_READY);
	lesson_run_skip(run);
	lesson_run_continue(run);
	struct lesson_feed_result r = feed(run, "MAIL FROM:<ann@example.org>");
	cr_expect_eq(r.last_code, 250);
	cr_expect_eq(r.note_kind, LESSON_NOTE_GOOD);
	cr_expect_str_eq(r.note, "\u2713 250 to MAIL \u2014 now name a recipient.");
	r = feed(run, "NOOP");
	cr_expect_eq(r.note_kind, LESSON_NOTE_BAD);
	cr_expect_str_eq(r.note, "Not yet: the server answered 250 to NOOP.");
	feed(run, "RCPT TO:<bob@example.com>");
	cr_expect(feed(run, "RCPT TO:<carol@example.com>").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, quit_leaves_the_path_and_names_it)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);
	struct lesson_feed_result r = feed(run, "QUIT");
	cr_expect(r.off_path);
	cr_expect_not_null(strstr(r.note, "after your QUIT"), "%s", r.note);
	r = feed(run, ":reset");
	cr_expect_not(r.off_path, "a new connection puts the step back in reach");
	cr_expect(feed(run, "EHLO client.example.org").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_step_passed_another_way_glosses_the_learners_reply)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);
	cr_assert(feed(run, "EHLO client.example.org").passed);
	cr_expect_str_eq(lesson_run_done_text(run), "250 lists the extensions.");
	lesson_run_continue(run);
	/* the example provokes 503 with RCPT; DATA gets a 503 too */
	struct lesson_feed_result r = feed(run, "DATA");
	cr_assert(r.passed);
	cr_expect(lesson_run_passed_other_way(run));
	cr_expect_not_null(strstr(lesson_run_done_text(run), "503 to DATA"), "%s",
	                   lesson_run_done_text(run));
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_step_entered_off_its_path_is_set_up_again)
{
	/* step 0 passes on any 250; passed with EHLO instead of the
	 * example's NOOP, it leaves no room for step 1's 503 to MAIL:
	 * entering step 1 rebuilds its start and says why */
	static const char *LOOSE =
		"{\"id\": \"loose\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 250}, "
		"\"points\": 10, \"example\": [\"NOOP\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"MAIL\", "
		"\"reply\": 503}, \"points\": 10, \"example\": [\"MAIL FROM:<a@b.org>\"]}]}";
	struct lesson *l = parse(LOOSE);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_assert(feed(run, "EHLO c.example.org").passed);
	cr_expect(lesson_run_passed_other_way(run), "250 to EHLO, not to NOOP");
	lesson_run_continue(run);
	cr_expect_not_null(lesson_run_entry_note(run));
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_GREETED);
	cr_expect(feed(run, "MAIL FROM:<a@b.org>").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, check_plays_examples_and_names_the_step)
{
	static const char *IMPOSSIBLE =
		"{\"id\": \"imp\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"EHLO\"}, "
		"\"points\": 10, \"example\": [\"EHLO c.example.org\", \"NOOP\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"HELO\", "
		"\"reply\": 354}, \"points\": 10, \"example\": [\"HELO c.example.org\"]}]}";
	struct lesson *l = parse(IMPOSSIBLE);
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_run_check(l, &errs), 2);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_info("%s", errs.v[i]);
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.v[0], "t.json: steps[0]: the goal is met after example line 1 "
	                            "of 2; the lines after it are never typed");
	cr_expect_str_eq(errs.v[1], "t.json: steps[1]: the example does not pass the goal "
	                            "(last reply 250 to HELO, state ready)");
	lesson_errors_free(&errs);
	lesson_free(l);
	l = load_fixture();
	cr_expect_eq(lesson_run_check(l, &errs), 0);
	lesson_errors_free(&errs);
	lesson_free(l);
}

/* --- shuffled choices, setup, par ------------------------------------------ */

Test(lesson_run, choices_are_shuffled_the_same_way_every_run)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *a = start(l, &seen), *b = start(l, &seen);
	cr_assert_eq(lesson_run_resume(a, 4, NULL, false), 0);
	cr_assert_eq(lesson_run_resume(b, 4, NULL, false), 0);
	const size_t *oa = lesson_run_choice_order(a), *ob = lesson_run_choice_order(b);
	cr_assert_not_null(oa);
	bool seen_i[4] = { 0 };
	for (size_t i = 0; i < 4; i++) {
		cr_expect_eq(oa[i], ob[i], "the same order in two runs");
		cr_assert_lt(oa[i], 4);
		seen_i[oa[i]] = true;
	}
	for (size_t i = 0; i < 4; i++)
		cr_expect(seen_i[i], "a permutation");
	/* the runner still takes choice indices: the right set is right */
	cr_expect_eq(lesson_run_answer_choices(a, (size_t[]){ 2, 0 }, 2), LESSON_ANSWER_RIGHT);
	cr_assert_eq(lesson_run_resume(b, 5, NULL, false), 0);
	cr_expect_null(lesson_run_choice_order(b), "a command step has no choices");
	lesson_run_free(a);
	lesson_run_free(b);
	lesson_free(l);
}

Test(lesson_run, shown_answers_are_spread_in_every_lesson)
{
	struct lesson_set set = { 0 };
	struct lesson_errors errs = { 0 };
	lesson_set_load_dir(&set, "lessons", &errs);
	cr_assert_eq(errs.n, 0);
	for (size_t li = 0; li < set.n; li++) {
		const struct lesson *l = set.v[li];
		char err[256];
		struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
		cr_assert_not_null(run);
		size_t count[16] = { 0 }, n = 0, most = 0;
		for (size_t k = 0; k < l->nsteps; k++) {
			const struct lesson_step *st = &l->steps[k];
			if (st->kind != LESSON_STEP_QUIZ || !st->choices || st->ncorrect != 1)
				continue;
			cr_assert_eq(lesson_run_resume(run, k, NULL, false), 0);
			const size_t *order = lesson_run_choice_order(run);
			for (size_t pos = 0; pos < st->nchoices && pos < 16; pos++)
				if (st->correct[order[pos]] && ++count[pos] > most)
					most = count[pos];
			n++;
		}
		cr_expect(n < 3 || 2 * most <= n, "%s: one shown position holds %zu of %zu answers",
		          l->path, most, n);
		lesson_run_free(run);
	}
	lesson_set_free(&set);
	lesson_errors_free(&errs);
}

Test(lesson_run, setup_lines_are_typed_for_the_learner_and_par_counts_own_lines)
{
	static const char *SETUP =
		"{\"id\": \"setup\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"setup\": [\"EHLO c.example.org\"], "
		"\"recap\": [\"MAIL starts the envelope.\"], \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"MAIL\", "
		"\"reply\": 250}, \"points\": 10, \"example\": [\"MAIL FROM:<a@b.org>\"]}]}";
	struct lesson *l = parse(SETUP);
	cr_expect_eq(l->nrecap, 1);
	struct seen seen = { 0 };
	struct replayed rep = { .seen = &seen };
	char err[256];
	struct lesson_run *run = lesson_run_new(l, record, &seen, err, sizeof err);
	lesson_run_on_replay(run, on_replay, &rep);
	lesson_run_start(run);
	cr_expect_str_eq(rep.log, "+0:EHLO c.example.org;-0:EHLO c.example.org;");
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_READY);
	feed(run, "NOOP");
	cr_expect(feed(run, "MAIL FROM:<a@b.org>").passed);
	cr_expect_eq(lesson_run_step_typed(run, 0), 2, "NOOP and MAIL, not the setup");
	cr_expect_eq(lesson_step_par(&l->steps[0]), 1);
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_run_check(l, &errs), 0, "check plays the setup first");
	lesson_errors_free(&errs);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_batch_is_sent_in_one_write_and_judged_as_one_input)
{
	static const char *BATCH =
		"{\"id\": \"batch\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"setup\": [\"EHLO c.example.org\"], \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"state\": \"rcpt\", "
		"\"recipients_at_least\": 2}, \"points\": 10, \"example\": [\":batch\", "
		"\"MAIL FROM:<a@b.org>\", \"RCPT TO:<bob@example.com>\", "
		"\"RCPT TO:<alice@example.com>\", \"\"]}]}";
	struct lesson *l = parse(BATCH);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	size_t before = seen.nreplies;
	struct lesson_feed_result r = feed(run, ":batch");
	cr_expect(r.meta);
	cr_expect(lesson_run_batching(run));
	r = feed(run, "MAIL FROM:<a@b.org>");
	cr_expect(r.batched);
	feed(run, "RCPT TO:<bob@example.com>");
	feed(run, "RCPT TO:<alice@example.com>");
	cr_expect_eq(seen.nreplies, before, "nothing is sent while the batch is collected");
	cr_expect_str_eq(lesson_run_batch_text(run),
	                 "MAIL FROM:<a@b.org>\nRCPT TO:<bob@example.com>\nRCPT TO:<alice@example.com>");
	r = feed(run, "");
	cr_expect_eq(r.nreplies, 3, "three replies to one write");
	cr_expect(r.passed);
	cr_expect_eq(lesson_run_step_typed(run, 0), 3);
	cr_expect_eq(lesson_step_par(&l->steps[0]), 3);
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_run_check(l, &errs), 0, "check plays the batch as one input");
	lesson_errors_free(&errs);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, restart_drops_a_batch_being_collected)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);
	feed(run, ":batch");
	feed(run, "EHLO client.example.org");
	struct lesson_feed_result r = feed(run, ":restart");
	cr_expect(r.restarted);
	cr_expect_not(lesson_run_batching(run));
	cr_expect(feed(run, "EHLO client.example.org").passed);
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_setup_is_played_at_the_start_before_read_and_quiz_steps)
{
	static const char *SETUP_FIRST =
		"{\"id\": \"sf\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"setup\": [\"EHLO c.example.org\"], \"steps\": ["
		"{\"kind\": \"read\", \"text\": \"Look at the SIZE line.\"}, "
		"{\"kind\": \"quiz\", \"question\": \"q\", \"answer_text\": [\"10240000\"], "
		"\"points\": 5}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"MAIL\", "
		"\"reply\": 250}, \"points\": 10, \"example\": [\"MAIL FROM:<a@b.org>\"]}]}";
	struct lesson *l = parse(SETUP_FIRST);
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	cr_expect_eq(seen.nreplies, 2, "the greeting and the EHLO reply, at the start");
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_READY);
	lesson_run_continue(run);
	cr_expect_eq(lesson_run_answer_text(run, "10240000"), LESSON_ANSWER_RIGHT);
	lesson_run_continue(run);
	cr_expect_eq(seen.connects, 1, "the command step keeps the setup's connection");
	cr_expect(feed(run, "MAIL FROM:<a@b.org>").passed);
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_run_check(l, &errs), 0);
	lesson_errors_free(&errs);
	cr_assert_eq(lesson_run_resume(run, 2, NULL, false), 0);
	cr_expect_eq(smtp_session_state(lesson_run_session(run)), SMTP_STATE_READY,
	             "a resume plays the setup too");
	lesson_run_free(run);
	lesson_free(l);
}

Test(lesson_run, a_refused_meta_line_still_says_the_step_is_off_its_path)
{
	struct lesson *l = load_fixture();
	struct seen seen = { 0 };
	struct lesson_run *run = start(l, &seen);
	lesson_run_continue(run);
	cr_assert(feed(run, "QUIT").off_path);
	struct lesson_feed_result r = feed(run, ":frobnicate");
	cr_expect(r.meta_error);
	cr_expect(r.off_path);
	cr_expect_not_null(strstr(r.note, "still off its path"), "%s", r.note);
	r = feed(run, ":restart");
	cr_expect(r.restarted);
	cr_expect_null(strstr(r.note ? r.note : "", "still off its path"), "set up again");
	lesson_run_free(run);
	lesson_free(l);
}
