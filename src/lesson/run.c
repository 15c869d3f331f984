/* run.c — the step runner: one lesson played against a real engine
 * session. Goals are judged on the engine's events and state, never on
 * the text the learner typed. */
#include "lesson/run.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct lesson_run {
	const struct lesson *lesson;
	smtp_sink_fn sink;
	void *ctx;
	struct smtp_server *srv;
	struct smtp_session *sess;
	bool started;
	bool muted;              /* replaying for resume: events not forwarded */
	lesson_replay_fn replay; /* told of each line a shown resume replays */
	void *replay_ctx;

	size_t idx;              /* current step */
	enum lesson_step_status status;
	size_t hints_shown;
	size_t wrong;
	int *scores;             /* per step: -1 not done */
	bool *skipped;           /* per step: given up with lesson_run_skip */

	/* what the line being fed caused */
	size_t line_replies;
	int line_last_code;
	bool line_reply_match;   /* a reply matched every reply-based field */
	bool line_message;       /* a MESSAGE was accepted */
	bool line_tls;           /* STARTTLS accepted: finish the handshake */
	char note[160];
};

static const struct lesson_step *cur(const struct lesson_run *run)
{
	return run->idx < run->lesson->nsteps ? &run->lesson->steps[run->idx] : NULL;
}

static bool reply_matches(const struct lesson_goal *g, const struct smtp_reply *r)
{
	if ((g->have & LESSON_GOAL_VERB) && r->cmd != g->verb)
		return false;
	if ((g->have & LESSON_GOAL_REPLY) && r->code != g->reply)
		return false;
	if ((g->have & LESSON_GOAL_REPLY_CLASS) && r->code / 100 != g->reply_class)
		return false;
	if ((g->have & LESSON_GOAL_ENHANCED) && (!r->enh || strcmp(r->enh, g->enhanced)))
		return false;
	return true;
}

/* Every engine event passes through here: noted for the verdict, then
 * forwarded to the caller. */
static int run_sink(void *ctx, const struct smtp_event *ev)
{
	struct lesson_run *run = ctx;
	const struct lesson_step *st = cur(run);
	int rc = 0;
	if (ev->type == SMTP_EV_REPLY && ev->reply) {
		run->line_replies++;
		run->line_last_code = ev->reply->code;
		if (st && st->kind == LESSON_STEP_COMMAND &&
		    (st->goal.have & LESSON_GOAL_REPLY_FIELDS) &&
		    reply_matches(&st->goal, ev->reply))
			run->line_reply_match = true;
	}
	if (ev->type == SMTP_EV_TLS)
		run->line_tls = true;
	if (run->sink && !run->muted)
		rc = run->sink(run->ctx, ev);
	if (ev->type == SMTP_EV_MESSAGE && rc == 0)
		run->line_message = true;
	return rc;
}

static void line_begin(struct lesson_run *run)
{
	run->line_replies = 0;
	run->line_last_code = 0;
	run->line_reply_match = false;
	run->line_message = false;
	run->line_tls = false;
	run->note[0] = '\0';
}

static void disconnect(struct lesson_run *run)
{
	if (!run->sess)
		return;
	if (!smtp_session_closed(run->sess))
		smtp_session_eof(run->sess);
	smtp_session_free(run->sess);
	run->sess = NULL;
}

static void connect_session(struct lesson_run *run)
{
	disconnect(run);
	struct smtp_session_opts opts = { 0 };
	opts.tls_active = smtp_server_profile(run->srv)->implicit_tls;
	run->sess = smtp_session_new(run->srv, &opts, run_sink, run);
	if (run->sess)
		smtp_session_start(run->sess);
}

static struct smtp_server *build_server(const struct lesson *l, char *err, size_t errlen)
{
	struct smtp_server *srv = smtp_server_new(l->profile, err, errlen);
	if (!srv)
		return NULL;
	smtp_server_set_real_clock(srv, false);
	for (size_t i = 0; i < l->nscenarios; i++) {
		if (smtp_server_scenario(srv, l->scenarios[i], true, err, errlen) < 0)
			goto fail;
	}
	for (size_t i = 0; i < l->nrules; i++) {
		if (smtp_server_add_rule(srv, l->rules[i], err, errlen) < 0)
			goto fail;
	}
	return srv;
fail:
	smtp_server_free(srv);
	return NULL;
}

struct lesson_run *lesson_run_new(const struct lesson *lesson, smtp_sink_fn sink,
                                  void *ctx, char *err, size_t errlen)
{
	struct lesson_run *run = calloc(1, sizeof *run);
	if (!run) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	run->lesson = lesson;
	run->sink = sink;
	run->ctx = ctx;
	run->scores = malloc((lesson->nsteps ? lesson->nsteps : 1) * sizeof *run->scores);
	run->skipped = calloc(lesson->nsteps ? lesson->nsteps : 1, sizeof *run->skipped);
	run->srv = build_server(lesson, err, errlen);
	if (!run->scores || !run->skipped || !run->srv) {
		if (!run->scores || !run->skipped)
			snprintf(err, errlen, "out of memory");
		lesson_run_free(run);
		return NULL;
	}
	for (size_t i = 0; i < lesson->nsteps; i++)
		run->scores[i] = -1;
	return run;
}

void lesson_run_free(struct lesson_run *run)
{
	if (!run)
		return;
	if (run->sess)
		smtp_session_free(run->sess);
	smtp_server_free(run->srv);
	free(run->scores);
	free(run->skipped);
	free(run);
}

/* Enter step run->idx: a command step needs a live connection. */
static void enter(struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	run->status = LESSON_STEP_ACTIVE;
	run->hints_shown = 0;
	run->wrong = 0;
	if (!st || st->kind != LESSON_STEP_COMMAND)
		return;
	line_begin(run);
	if (!run->sess || st->reset || smtp_session_closed(run->sess))
		connect_session(run);
}

void lesson_run_start(struct lesson_run *run)
{
	if (run->started)
		return;
	run->started = true;
	run->idx = 0;
	enter(run);
}

const struct lesson *lesson_run_lesson(const struct lesson_run *run)
{
	return run->lesson;
}

size_t lesson_run_index(const struct lesson_run *run)
{
	return run->idx;
}

const struct lesson_step *lesson_run_step(const struct lesson_run *run)
{
	return cur(run);
}

enum lesson_step_status lesson_run_status(const struct lesson_run *run)
{
	return run->status;
}

bool lesson_run_finished(const struct lesson_run *run)
{
	return run->started && run->idx >= run->lesson->nsteps;
}

struct smtp_session *lesson_run_session(const struct lesson_run *run)
{
	return run->sess;
}

struct smtp_server *lesson_run_server(const struct lesson_run *run)
{
	return run->srv;
}

/* --- scoring ------------------------------------------------------------ */

/* One hint or one wrong answer costs a whole number of points, the same
 * each time: the cost shown before a hint is the cost deducted. */
static int penalty(int points, double share)
{
	return (int)(points * share + 0.5);
}

static int value_with(const struct lesson_run *run, size_t hints, size_t wrong)
{
	const struct lesson_step *st = cur(run);
	if (!st)
		return 0;
	long v = (long)st->points -
	         (long)hints * penalty(st->points, run->lesson->hint_penalty) -
	         (long)wrong * penalty(st->points, run->lesson->wrong_penalty);
	return v > 0 ? (int)v : 0;
}

int lesson_run_step_value(const struct lesson_run *run)
{
	return value_with(run, run->hints_shown, run->wrong);
}

int lesson_run_step_score(const struct lesson_run *run, size_t i)
{
	return i < run->lesson->nsteps ? run->scores[i] : -1;
}

int lesson_run_score(const struct lesson_run *run)
{
	int sum = 0;
	for (size_t i = 0; i < run->lesson->nsteps; i++)
		if (run->scores[i] > 0)
			sum += run->scores[i];
	return sum;
}

int lesson_run_max_score(const struct lesson_run *run)
{
	return run->lesson->max_score;
}

static void pass(struct lesson_run *run)
{
	run->scores[run->idx] = lesson_run_step_value(run);
	run->status = LESSON_STEP_DONE;
}

/* --- feeding lines -------------------------------------------------------- */

static bool goal_holds(const struct lesson_run *run, const struct lesson_goal *g)
{
	const struct smtp_session *s = run->sess;
	if ((g->have & LESSON_GOAL_REPLY_FIELDS) && !run->line_reply_match)
		return false;
	if ((g->have & LESSON_GOAL_STATE) && smtp_session_state(s) != g->state)
		return false;
	if ((g->have & LESSON_GOAL_RCPT_MIN) &&
	    smtp_session_rcpt_count(s) < g->recipients_at_least)
		return false;
	if ((g->have & LESSON_GOAL_TLS) && smtp_session_tls(s) != g->tls)
		return false;
	if ((g->have & LESSON_GOAL_AUTH) &&
	    (smtp_session_auth_user(s) != NULL) != g->authenticated)
		return false;
	if ((g->have & LESSON_GOAL_MESSAGE) && run->line_message != g->message_accepted)
		return false;
	return true;
}

/* ":wait 90", ":wait 5m", ":wait 2h": seconds, or -1. */
static long parse_duration(const char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	if (!isdigit((unsigned char)*s))
		return -1;
	long v = 0;
	while (isdigit((unsigned char)*s)) {
		v = v * 10 + (*s++ - '0');
		if (v > 7L * 24 * 3600)
			return -1;
	}
	long mul = 1;
	if (*s == 's' || *s == 'S')
		s++;
	else if (*s == 'm' || *s == 'M')
		mul = 60, s++;
	else if (*s == 'h' || *s == 'H')
		mul = 3600, s++;
	while (*s == ' ' || *s == '\t')
		s++;
	if (*s || v == 0 || v * mul > 7L * 24 * 3600)
		return -1;
	return v * mul;
}

static void describe_wait(char *buf, size_t n, long secs)
{
	if (secs % 3600 == 0)
		snprintf(buf, n, "The clock moves on %ld hour%s.", secs / 3600,
		         secs == 3600 ? "" : "s");
	else if (secs % 60 == 0)
		snprintf(buf, n, "The clock moves on %ld minute%s.", secs / 60,
		         secs == 60 ? "" : "s");
	else
		snprintf(buf, n, "The clock moves on %ld second%s.", secs, secs == 1 ? "" : "s");
}

/* Handle a meta-line; false when it is malformed (note says why). */
static bool meta(struct lesson_run *run, const char *line, size_t len)
{
	char buf[64];
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (len >= sizeof buf) {
		snprintf(run->note, sizeof run->note,
		         "Unknown meta-command: try :wait 5m or :reset.");
		return false;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	if (!strcasecmp(buf, ":reset")) {
		snprintf(run->note, sizeof run->note, "A new connection to %s.",
		         smtp_server_profile(run->srv)->host);
		connect_session(run);
		return true;
	}
	if (!strncasecmp(buf, ":wait", 5) && (buf[5] == ' ' || buf[5] == '\t')) {
		long secs = parse_duration(buf + 5);
		if (secs < 0) {
			snprintf(run->note, sizeof run->note,
			         "Say how long to wait: :wait 30s, :wait 5m or :wait 1h.");
			return false;
		}
		smtp_server_advance(run->srv, secs);
		describe_wait(run->note, sizeof run->note, secs);
		return true;
	}
	snprintf(run->note, sizeof run->note,
	         "Unknown meta-command: try :wait 5m or :reset.");
	return false;
}

void lesson_run_feed(struct lesson_run *run, const char *line,
                     struct lesson_feed_result *res)
{
	struct lesson_feed_result dummy;
	const struct lesson_step *st = cur(run);
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	if (!run->started || !st || st->kind != LESSON_STEP_COMMAND ||
	    run->status != LESSON_STEP_ACTIVE || !run->sess)
		return;
	res->accepted = true;
	line_begin(run);

	size_t len = strlen(line);
	size_t lead = 0;
	while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
		lead++;
	bool ok = true;
	if (line[lead] == ':') {
		res->meta = true;
		ok = meta(run, line + lead, len - lead);
		res->meta_error = !ok;
	} else if (smtp_session_closed(run->sess)) {
		snprintf(run->note, sizeof run->note,
		         "The connection is closed: type :reset to connect again.");
		ok = false;
	} else {
		smtp_session_feed_line(run->sess, line, len);
		if (run->line_tls)
			smtp_session_tls_done(run->sess);
	}
	res->nreplies = run->line_replies;
	res->last_code = run->line_last_code;
	if (ok && goal_holds(run, &st->goal)) {
		pass(run);
		res->passed = true;
	}
	res->closed = run->sess && smtp_session_closed(run->sess);
	if (res->closed && !res->passed && !run->note[0])
		snprintf(run->note, sizeof run->note,
		         "The server closed the connection: type :reset to connect again.");
	res->note = run->note[0] ? run->note : NULL;
}

/* --- moving on ------------------------------------------------------------ */

bool lesson_run_continue(struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	if (!run->started || !st)
		return false;
	if (run->status == LESSON_STEP_ACTIVE) {
		if (st->kind != LESSON_STEP_READ)
			return false;
		run->scores[run->idx] = 0;
	}
	run->idx++;
	enter(run);
	return true;
}

void lesson_run_skip(struct lesson_run *run)
{
	if (!run->started || !cur(run) || run->status != LESSON_STEP_ACTIVE)
		return;
	run->scores[run->idx] = 0;
	run->skipped[run->idx] = true;
	run->status = LESSON_STEP_DONE;
}

bool lesson_run_step_skipped(const struct lesson_run *run, size_t i)
{
	return i < run->lesson->nsteps && run->skipped[i];
}

const char *lesson_run_hint(struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	if (!run->started || !st || run->status != LESSON_STEP_ACTIVE ||
	    run->hints_shown >= lesson_step_hint_count(st))
		return NULL;
	return lesson_step_hint(st, run->hints_shown++);
}

size_t lesson_run_hints_shown(const struct lesson_run *run)
{
	return run->hints_shown;
}

int lesson_run_hint_cost(const struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	if (!st || run->status != LESSON_STEP_ACTIVE ||
	    run->hints_shown >= lesson_step_hint_count(st))
		return 0;
	return value_with(run, run->hints_shown, run->wrong) -
	       value_with(run, run->hints_shown + 1, run->wrong);
}

/* --- quizzes -------------------------------------------------------------- */

static bool open_quiz(const struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	return run->started && st && st->kind == LESSON_STEP_QUIZ &&
	       run->status == LESSON_STEP_ACTIVE;
}

enum lesson_answer lesson_run_answer_choices(struct lesson_run *run,
                                             const size_t *picked, size_t n)
{
	const struct lesson_step *st = cur(run);
	if (!open_quiz(run) || !st->choices)
		return LESSON_ANSWER_NOT_NOW;
	if (n == 0)
		return LESSON_ANSWER_INVALID;
	bool *sel = calloc(st->nchoices, sizeof *sel);
	if (!sel)
		return LESSON_ANSWER_INVALID;
	for (size_t i = 0; i < n; i++) {
		if (picked[i] >= st->nchoices) {
			free(sel);
			return LESSON_ANSWER_INVALID;
		}
		sel[picked[i]] = true;
	}
	bool right = true;
	for (size_t i = 0; i < st->nchoices; i++)
		if (sel[i] != st->correct[i])
			right = false;
	free(sel);
	if (!right) {
		run->wrong++;
		return LESSON_ANSWER_WRONG;
	}
	pass(run);
	return LESSON_ANSWER_RIGHT;
}

enum lesson_answer lesson_run_answer_text(struct lesson_run *run, const char *text)
{
	const struct lesson_step *st = cur(run);
	if (!open_quiz(run) || !st->answer_text)
		return LESSON_ANSWER_NOT_NOW;
	while (isspace((unsigned char)*text))
		text++;
	size_t len = strlen(text);
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == 0)
		return LESSON_ANSWER_INVALID;
	for (size_t i = 0; i < st->nanswer_text; i++) {
		const char *a = st->answer_text[i];
		if (strlen(a) == len && !strncasecmp(a, text, len)) {
			pass(run);
			return LESSON_ANSWER_RIGHT;
		}
	}
	run->wrong++;
	return LESSON_ANSWER_WRONG;
}

size_t lesson_run_wrong_count(const struct lesson_run *run)
{
	return run->wrong;
}

/* --- resuming ---------------------------------------------------------------- */

/* Solve the current step with its example (or right answer). */
static bool solve_current(struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	struct lesson_feed_result res;
	switch (st->kind) {
	case LESSON_STEP_READ:
		return true;
	case LESSON_STEP_COMMAND:
		for (size_t i = 0; i < st->nexample; i++) {
			bool tell = run->replay && !run->muted;
			if (tell)
				run->replay(run->replay_ctx, run->idx, st->example[i], true);
			lesson_run_feed(run, st->example[i], &res);
			if (tell)
				run->replay(run->replay_ctx, run->idx, st->example[i], false);
			if (res.passed)
				return i + 1 == st->nexample;
		}
		return false;
	case LESSON_STEP_QUIZ:
		pass(run);
		return true;
	}
	return false;
}

void lesson_run_on_replay(struct lesson_run *run, lesson_replay_fn fn, void *ctx)
{
	run->replay = fn;
	run->replay_ctx = ctx;
}

int lesson_run_resume(struct lesson_run *run, size_t at, const int *scores, bool show)
{
	char err[256];
	const struct lesson *l = run->lesson;
	/* A fresh server: the clock and the greylist start over. */
	struct smtp_server *srv = build_server(l, err, sizeof err);
	if (!srv)
		return -1;
	disconnect(run);
	smtp_server_free(run->srv);
	run->srv = srv;
	for (size_t i = 0; i < l->nsteps; i++) {
		run->scores[i] = -1;
		run->skipped[i] = false;
	}
	run->started = true;
	run->idx = 0;
	if (at > l->nsteps)
		at = l->nsteps;
	run->muted = !show;
	enter(run);
	int rc = 0;
	while (run->idx < at) {
		if (!solve_current(run)) {
			rc = -1;
			break;
		}
		run->scores[run->idx] = scores && scores[run->idx] >= 0 ? scores[run->idx] : 0;
		run->status = LESSON_STEP_DONE;
		run->idx++;
		enter(run);
	}
	run->muted = false;
	if (rc < 0) {
		/* The lesson changed under the saved progress: start over. */
		disconnect(run);
		for (size_t i = 0; i < l->nsteps; i++)
			run->scores[i] = -1;
		run->idx = 0;
		enter(run);
	}
	return rc;
}
