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

/* How the lesson pane should colour a note. */
enum lesson_note_kind {
	LESSON_NOTE_NONE,
	LESSON_NOTE_INFO,     /* said for information: the clock moved */
	LESSON_NOTE_GOOD,     /* a line that moved toward the goal */
	LESSON_NOTE_BAD,      /* not yet, a malformed meta-line */
	LESSON_NOTE_OFF_PATH, /* the step cannot be done from here: restart */
};

/* What one fed line did. Strings are borrowed: valid until the next call
 * on the run. */
struct lesson_feed_result {
	bool accepted;        /* false: nothing to feed now (a quiz, a step
	                       * already done); nothing was sent */
	bool meta;            /* the line was a meta-line (:wait, :reset, …) */
	bool meta_error;      /* an unknown or malformed meta-line */
	bool passed;          /* this line completed the step */
	bool skipped;         /* :skip gave the step up */
	bool restarted;       /* :restart set the step up again */
	bool off_path;        /* the step's example no longer passes from the
	                       * session as it is: note says why; :restart */
	size_t nreplies;      /* replies the server gave to the line */
	int last_code;        /* code of the last of them, 0 when none */
	bool closed;          /* the connection is closed after the line */
	bool quit;            /* :quit: the caller leaves the lesson */
	bool batched;         /* the line was queued by :batch, not sent */
	long waited;          /* :wait moved the clock on this many seconds */
	const char *hint;     /* :hint revealed this hint, or NULL */
	const char *note;     /* a sentence for the learner, or NULL:
	                       * "The clock moves on 5 minutes." */
	enum lesson_note_kind note_kind;
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

/* What the replay hook is told: a line the runner types for the learner
 * (a resume with SHOW, a restart, a skip, a lesson's setup). The hook is
 * called just before the line is fed (BEFORE true; its events, each
 * protocol line's SMTP_EV_LINE first, follow through the sink) and just
 * after. A restart or a skip rebuilds the state and shows only its last
 * connection: the hook is first called with LINE NULL (BEFORE true, STEP
 * the step being set up), just before that connection's greeting reaches
 * the sink. */
struct lesson_replay {
	size_t step;         /* the step the line solves */
	const char *line;    /* as in the lesson, a :batch's lines joined by
	                      * '\n' (borrowed); NULL: see above */
	bool before;
	bool meta;           /* a meta-line (:wait, :dig, :reset): the server
	                      * never reads it, so no SMTP_EV_LINE shows it;
	                      * the caller echoes it if it wants it seen */
	bool batch;          /* several lines sent in one write (:batch): each
	                      * has its LINE event, the replies follow them */
};
typedef void (*lesson_replay_fn)(void *ctx, const struct lesson_replay *r);
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
 * never reach the server (lesson_meta_parse): ":wait N[s|m|h]" advances
 * the server clock, ":reset" drops the connection and connects again,
 * ":restart", ":skip" and ":hint" do what lesson_run_restart, _skip and
 * _hint do. In message text, "::" sends a line starting with ":". After
 * the line the step's goal is checked on the engine's events and state;
 * when it does not hold, the runner checks whether the step's example
 * (or its rest) would still pass from the session as it now is, and says
 * in RES->note what moved the learner on, or what left the path. RES may
 * be NULL. */
void lesson_run_feed(struct lesson_run *run, const char *line,
                     struct lesson_feed_result *res);

/* Read steps, and steps that are DONE: go to the next step (which may
 * connect and emit a greeting). Returns false when there is nothing to
 * continue (an open command or quiz step, or the lesson is finished). */
bool lesson_run_continue(struct lesson_run *run);

/* Give up on the current open step: DONE with 0 points. The step after
 * it (the next command step) starts from its own starting state, rebuilt
 * by replaying the examples (shown through the replay hook). */
void lesson_run_skip(struct lesson_run *run);
/* Set the current command step up again: a fresh server with the
 * examples of every earlier step typed (the last connection's lines go
 * through the replay hook). Hints shown and points lost stay. Returns
 * false when the current step is not an open command step. */
bool lesson_run_restart(struct lesson_run *run);
/* True while :batch collects lines (an empty line sends them, in one
 * write: each line's LINE event comes when the engine reads it, after
 * the replies to the lines before it, so a caller that shows the lines
 * first, as the client sees them, holds back the rest until
 * lesson_run_feed returns); the lines so far, joined by '\n'. */
bool lesson_run_batching(const struct lesson_run *run);
const char *lesson_run_batch_text(const struct lesson_run *run);
/* True when the current command step can no longer be passed from the
 * session as it is (not even by the rest of its example); the sentence
 * saying why, or NULL. */
bool lesson_run_off_path(const struct lesson_run *run);
const char *lesson_run_off_path_why(const struct lesson_run *run);
/* The note the current step was entered with (an off-path warning), or
 * NULL. Borrowed. */
const char *lesson_run_entry_note(const struct lesson_run *run);
/* What to show once the current step is done: its explain when it was
 * passed the lesson's way; when it was passed another way, what the
 * learner's own reply means instead (the explain may not fit). NULL when
 * there is nothing to say. Borrowed. */
const char *lesson_run_done_text(const struct lesson_run *run);
/* True when the current step is done and was passed another way than
 * its example's (lesson_run_done_text then glosses the learner's own
 * reply). */
bool lesson_run_passed_other_way(const struct lesson_run *run);
/* True when step I was given up with lesson_run_skip (in this run). */
bool lesson_run_step_skipped(const struct lesson_run *run, size_t i);

/* Reveal the next hint of the current command step (none while the step
 * is off its path: restart it first); it costs
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

/* The current quiz's choices in the order to show them: element K is
 * the index (in step->choices) of the choice shown at place K. Shuffled,
 * the same way every time for a given lesson and step. NULL when the
 * step is not a choice quiz. Borrowed. */
const size_t *lesson_run_choice_order(const struct lesson_run *run);
/* Protocol lines the learner typed in step I (meta-lines and lines
 * typed for the learner not counted), for the "par" beside the example's
 * count at the end. */
size_t lesson_run_step_typed(const struct lesson_run *run, size_t i);
/* The "par" of a command step: the protocol lines of its example. */
size_t lesson_step_par(const struct lesson_step *st);

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

/* Play LESSON as check-lessons does: every command step's example from
 * the step's starting state (rebuilt from the examples before it). Each
 * example that does not pass, or passes before its last line, appends a
 * line "FILE: steps[K]: …" to ERRS. Returns the number of problems. */
int lesson_run_check(const struct lesson *lesson, struct lesson_errors *errs);

#endif
