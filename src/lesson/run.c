/* run.c — the step runner: one lesson played against a real engine
 * session. Goals are judged on the engine's events and state, never on
 * the text the learner typed. This file keeps the run's life cycle,
 * entering a step, the scores, skip, restart, hints and resume; how the
 * other files share the work is in run_impl.h. */
#include "lesson/run_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- life cycle --------------------------------------------------------------- */

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
	run->typed = calloc(lesson->nsteps ? lesson->nsteps : 1, sizeof *run->typed);
	if (!run->scores || !run->skipped || !run->typed) {
		snprintf(err, errlen, "out of memory");
		lesson_run_free(run);
		return NULL;
	}
	if (world_init(&run->live, run, true, err, errlen) < 0) {
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
	world_free(&run->live);
	free(run->path);
	free(run->scores);
	free(run->skipped);
	free(run->typed);
	free(run->order);
	free(run->batch);
	free(run);
}

/* --- steps ----------------------------------------------------------------- */

size_t lesson_step_par(const struct lesson_step *st)
{
	size_t n = 0;
	bool batch = false;
	for (size_t i = 0; st->kind == LESSON_STEP_COMMAND && i < st->nexample; i++) {
		const char *l = st->example[i];
		if (batch && !l[0]) {
			batch = false;   /* the empty line sends the batch */
			continue;
		}
		if (!strcasecmp(l, ":batch")) {
			batch = true;
			continue;
		}
		n += l[0] != ':' || l[1] == ':';
	}
	return n;
}

size_t lesson_run_step_typed(const struct lesson_run *run, size_t i)
{
	return i < run->lesson->nsteps ? run->typed[i] : 0;
}

/* Enter step run->idx: a command step needs a live connection, in the
 * state the examples of the steps before would leave. */
static void enter(struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	run->status = LESSON_STEP_ACTIVE;
	run->hints_shown = 0;
	run->wrong = 0;
	run->entry_note[0] = '\0';
	run->done_text[0] = '\0';
	run->batching = false;
	free(run->batch);
	run->batch = NULL;
	run->batch_len = run->batch_lines = 0;
	free(run->path);
	run->path = NULL;
	run->npath = 0;
	run->off_path = run->other_way = false;
	run->progress = 0;
	run_shuffle_choices(run);
	if (!st || st->kind != LESSON_STEP_COMMAND)
		return;
	if (run->pending_rebuild) {
		run->pending_rebuild = false;
		size_t at = run->idx;
		if (run_rebuild(run, at, RUN_SHOW_LAST) == 0)
			snprintf(run->entry_note, sizeof run->entry_note,
			         "The session was set up as if the skipped step had been done "
			         "(the lines typed for you are marked as replayed).");
		run_compute_path(run);
		return;
	}
	if (!run->live.sess || st->reset || smtp_session_closed(run->live.sess))
		world_connect(&run->live, run->idx, !run->muted);
	run_compute_path(run);
	if (!run->path_ok && st->nexample) {
		/* the step before was passed another way, and its end is not
		 * this step's start: set the step up from the examples */
		run_explain_off_path(run);
		char why[sizeof run->why];
		snprintf(why, sizeof why, "%s", run->why);
		size_t at = run->idx;
		if (run_rebuild(run, at, RUN_SHOW_LAST) == 0) {
			run_compute_path(run);
			snprintf(run->entry_note, sizeof run->entry_note,
			         "%s So the session was set up for this step again (the lines "
			         "typed for you are marked as replayed).", why);
		}
	}
}

void lesson_run_start(struct lesson_run *run)
{
	if (run->started)
		return;
	run->started = true;
	run->idx = 0;
	/* a lesson with a setup opens its connection at once, so that read
	 * and quiz steps before the first command step can refer to it */
	if (run->lesson->nsetup && !run->live.sess)
		world_connect(&run->live, 0, !run->muted);
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
	return run_cur(run);
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
	return run->live.sess;
}

struct smtp_server *lesson_run_server(const struct lesson_run *run)
{
	return run->live.srv;
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
	const struct lesson_step *st = run_cur(run);
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

void run_pass(struct lesson_run *run)
{
	run->scores[run->idx] = lesson_run_step_value(run);
	run->status = LESSON_STEP_DONE;
}

/* --- moving on ------------------------------------------------------------ */

bool lesson_run_continue(struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
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
	const struct lesson_step *st = run_cur(run);
	if (!run->started || !st || run->status != LESSON_STEP_ACTIVE)
		return;
	run->scores[run->idx] = 0;
	run->skipped[run->idx] = true;
	run->status = LESSON_STEP_DONE;
	run->off_path = false;
	if (st->kind == LESSON_STEP_COMMAND)
		run->pending_rebuild = true;
}

bool lesson_run_restart(struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	if (!run->started || !st || st->kind != LESSON_STEP_COMMAND ||
	    run->status != LESSON_STEP_ACTIVE)
		return false;
	size_t hints = run->hints_shown, wrong = run->wrong, at = run->idx;
	run->batching = false;
	free(run->batch);
	run->batch = NULL;
	run->batch_len = run->batch_lines = 0;
	if (run_rebuild(run, at, RUN_SHOW_LAST) < 0)
		return false;
	run_compute_path(run);
	run->hints_shown = hints;
	run->wrong = wrong;
	run->entry_note[0] = '\0';
	return true;
}

bool lesson_run_batching(const struct lesson_run *run)
{
	return run->batching;
}

const char *lesson_run_batch_text(const struct lesson_run *run)
{
	return run->batching && run->batch ? run->batch : "";
}

bool lesson_run_off_path(const struct lesson_run *run)
{
	return run->off_path;
}

const char *lesson_run_off_path_why(const struct lesson_run *run)
{
	return run->off_path ? run->why : NULL;
}

const char *lesson_run_entry_note(const struct lesson_run *run)
{
	return run->entry_note[0] ? run->entry_note : NULL;
}

const char *lesson_run_done_text(const struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	if (!st || run->status != LESSON_STEP_DONE)
		return NULL;
	if (run->other_way && run->done_text[0])
		return run->done_text;
	return st->explain;
}

bool lesson_run_passed_other_way(const struct lesson_run *run)
{
	return run->status == LESSON_STEP_DONE && run->other_way;
}

bool lesson_run_step_skipped(const struct lesson_run *run, size_t i)
{
	return i < run->lesson->nsteps && run->skipped[i];
}

const char *lesson_run_hint(struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	if (!run->started || !st || run->status != LESSON_STEP_ACTIVE || run->off_path ||
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
	const struct lesson_step *st = run_cur(run);
	if (!st || run->status != LESSON_STEP_ACTIVE || run->off_path ||
	    run->hints_shown >= lesson_step_hint_count(st))
		return 0;
	return value_with(run, run->hints_shown, run->wrong) -
	       value_with(run, run->hints_shown + 1, run->wrong);
}

/* --- resuming ---------------------------------------------------------------- */

void lesson_run_on_replay(struct lesson_run *run, lesson_replay_fn fn, void *ctx)
{
	run->replay = fn;
	run->replay_ctx = ctx;
}

int lesson_run_resume(struct lesson_run *run, size_t at, const int *scores, bool show)
{
	const struct lesson *l = run->lesson;
	if (at > l->nsteps)
		at = l->nsteps;
	for (size_t i = 0; i < l->nsteps; i++) {
		run->scores[i] = i < at ? (scores && scores[i] >= 0 ? scores[i] : 0) : -1;
		run->skipped[i] = false;
		run->typed[i] = 0;
	}
	run->started = true;
	run->pending_rebuild = false;
	int rc = run_rebuild(run, at, show ? RUN_SHOW_ALL : RUN_SHOW_NONE);
	if (rc < 0) {
		/* the lesson changed under the saved progress: start over */
		for (size_t i = 0; i < l->nsteps; i++)
			run->scores[i] = -1;
		world_free(&run->live);
		world_init(&run->live, run, true, NULL, 0);
		run->idx = 0;
		enter(run);
		return -1;
	}
	/* rebuild opened the step's connection, as enter would */
	run->status = LESSON_STEP_ACTIVE;
	run->hints_shown = run->wrong = 0;
	run->entry_note[0] = run->done_text[0] = '\0';
	run_compute_path(run);
	run_shuffle_choices(run);
	return 0;
}
