/* run.h — the step runner: plays one lesson against a real engine session
 * and scores it.
 *
 * A run owns an smtp_server (the lesson's profile, scenarios and rules,
 * on a simulated clock) and the current smtp_session. Every engine event
 * is forwarded to the caller's sink as it happens, so the caller renders
 * the transcript from the same events the engine gives everyone else; the
 * runner only adds the verdict. A new connection shows up in the event
 * stream as a reply whose cmd is SMTP_CMD_CONNECT (the greeting).
 *
 * Typical use (the UI):
 *     run = lesson_run_new(lesson, sink, ctx, err, sizeof err);
 *     lesson_run_start(run);            // enters step 0
 *     loop: look at lesson_run_step(run) and lesson_run_status(run);
 *         read step      -> Enter: lesson_run_continue(run)
 *         command step   -> lesson_run_feed(run, line, &res)
 *         quiz step      -> lesson_run_answer_choices / _answer_text
 *         hint key       -> lesson_run_hint(run)
 *         once LESSON_STEP_DONE: show step->explain, Enter continues
 *     until lesson_run_finished(run); then lesson_run_score(run).
 */
#ifndef LESSON_RUN_H
#define LESSON_RUN_H

#include "lesson/lesson.h"
#include "smtp/smtp.h"

#include <stdbool.h>
#include <stddef.h>

struct lesson_run;

enum lesson_step_status {
	LESSON_STEP_ACTIVE,   /* waiting for the learner */
	LESSON_STEP_DONE,     /* passed (or skipped): explain, then continue */
};

/* What one fed line did. Strings are borrowed: valid until the next call
 * on the run. */
struct lesson_feed_result {
	bool accepted;        /* false: not a command step, or it is done
	                       * already; nothing was sent */
	bool meta;            /* the line was a meta-line (:wait, :reset) */
	bool meta_error;      /* an unknown or malformed meta-line */
	bool passed;          /* this line completed the step */
	size_t nreplies;      /* replies the server gave to the line */
	int last_code;        /* code of the last of them, 0 when none */
	bool closed;          /* the connection is closed after the line: only
	                       * :reset helps now */
	const char *note;     /* a sentence for the learner, or NULL:
	                       * "The clock moves on 5 minutes." */
};

enum lesson_answer {
	LESSON_ANSWER_RIGHT,
	LESSON_ANSWER_WRONG,    /* costs wrong_penalty; the learner may retry */
	LESSON_ANSWER_INVALID,  /* a choice index out of range, or an empty
	                         * answer: not counted */
	LESSON_ANSWER_NOT_NOW,  /* the current step is not an open quiz */
};

/* A run of LESSON (borrowed: must outlive the run). SINK (may be NULL)
 * receives every engine event with CTX. Returns NULL and a message in
 * ERR when the lesson's server cannot be built. Emits nothing yet. */
struct lesson_run *lesson_run_new(const struct lesson *lesson,
                                  smtp_sink_fn sink, void *ctx,
                                  char *err, size_t errlen);
void lesson_run_free(struct lesson_run *run);

/* Enter the first step. A command step connects first (the greeting goes
 * through the sink). */
void lesson_run_start(struct lesson_run *run);

/* Rebuild a run at step AT, as if the learner had solved every step
 * before it with its example: the command steps' examples are replayed
 * (their events go to the sink only when SHOW is true) and the step
 * scores given in SCORES (AT entries, -1 = not done, may be NULL) are
 * kept. Used to resume a lesson. Returns 0, or -1 when a replayed example
 * did not pass (the lesson changed); the run is then at step 0. */
int lesson_run_resume(struct lesson_run *run, size_t at, const int *scores,
                      bool show);

/* Told of each example line a resume with SHOW replays: with BEFORE true
 * just before the line is fed (its events follow through the sink), with
 * BEFORE false just after. STEP is the step the line solves. LINE is
 * borrowed from the lesson. */
typedef void (*lesson_replay_fn)(void *ctx, size_t step, const char *line, bool before);
/* Set (or, with FN NULL, clear) the replay hook. */
void lesson_run_on_replay(struct lesson_run *run, lesson_replay_fn fn, void *ctx);

const struct lesson *lesson_run_lesson(const struct lesson_run *run);
/* Index of the current step; == lesson->nsteps when finished. */
size_t lesson_run_index(const struct lesson_run *run);
/* The current step, or NULL when finished. Borrowed from the lesson. */
const struct lesson_step *lesson_run_step(const struct lesson_run *run);
enum lesson_step_status lesson_run_status(const struct lesson_run *run);
bool lesson_run_finished(const struct lesson_run *run);

/* Feed one line the learner typed (without line ending). Meta-lines
 * never reach the server: ":wait N[s|m|h]" advances the server clock,
 * ":reset" drops the connection and connects again. After the line the
 * step's goal is checked on the engine's events and state. RES may be
 * NULL. */
void lesson_run_feed(struct lesson_run *run, const char *line,
                     struct lesson_feed_result *res);

/* Read steps, and steps that are DONE: go to the next step (which may
 * connect and emit a greeting). Returns false when there is nothing to
 * continue (an open command or quiz step, or the lesson is finished). */
bool lesson_run_continue(struct lesson_run *run);

/* Give up on the current open step: DONE with 0 points. */
void lesson_run_skip(struct lesson_run *run);
/* True when step I was given up with lesson_run_skip (in this run). */
bool lesson_run_step_skipped(const struct lesson_run *run, size_t i);

/* Reveal the next hint of the current command step; it costs
 * hint_penalty of the step's points, rounded to a whole number once, so
 * every hint of a step costs the same (until the floor of 0). Returns the hint (the last one is
 * the example, lines joined by '\n'), or NULL when none is left or the
 * step is not open. Borrowed from the lesson. */
const char *lesson_run_hint(struct lesson_run *run);
/* Hints revealed so far on the current step. */
size_t lesson_run_hints_shown(const struct lesson_run *run);
/* Points the next hint will cost, exactly what it deducts; 0 when none
 * is left. */
int lesson_run_hint_cost(const struct lesson_run *run);

/* Answer the current quiz with the set of choices PICKED (0-based, N of
 * them; order and duplicates do not matter). Right only when the set is
 * exactly the correct one. */
enum lesson_answer lesson_run_answer_choices(struct lesson_run *run,
                                             const size_t *picked, size_t n);
/* Answer a short-answer quiz (trimmed, case-insensitive compare). */
enum lesson_answer lesson_run_answer_text(struct lesson_run *run, const char *text);
/* Wrong answers given so far on the current step. */
size_t lesson_run_wrong_count(const struct lesson_run *run);

/* Score of step I: -1 while not done, else its points minus the
 * penalties (each a whole number of points), floored at 0. */
int lesson_run_step_score(const struct lesson_run *run, size_t i);
/* Points the current step is still worth if passed now. */
int lesson_run_step_value(const struct lesson_run *run);
int lesson_run_score(const struct lesson_run *run);      /* sum so far */
int lesson_run_max_score(const struct lesson_run *run);  /* sum of points */

/* The live engine session and server (borrowed; the session may be NULL
 * before the first command step). For the UI's status line and
 * completion. */
struct smtp_session *lesson_run_session(const struct lesson_run *run);
struct smtp_server *lesson_run_server(const struct lesson_run *run);

#endif
