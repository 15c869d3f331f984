/* run_impl.h — the step runner's insides, shared by its files (internal
 * to src/lesson; the API is run.h):
 *
 *   run.c        the run's life cycle, entering steps, scores, skip,
 *                restart, hints and resume
 *   run_world.c  worlds: a server, its connection and the log of every
 *                input it was fed; a copy by replaying the log; a step's
 *                example played on a world; a step's start rebuilt from
 *                the examples before it
 *   run_feed.c   one line the learner typed: meta-lines, :batch, and the
 *                verdict after it
 *   run_say.c    the sentences: why a step is off its path, what a reply
 *                answered, what to do next, the :help list
 *   run_quiz.c   quizzes: the order choices are shown in, the answers
 *   run_check.c  check-lessons' play of every example
 *
 * The runner keeps a log of every input the live server has seen since
 * it was built (connections, lines, waits). The engine is deterministic
 * on its simulated clock, so replaying a log into a fresh server gives a
 * copy of the live state: on such a copy the runner tries the rest of the
 * step's example after each line the learner types, and so knows whether
 * the step can still be done (and how far along the learner is). A step's
 * starting state is rebuilt the same way, from the examples of the steps
 * before it: that is what skip and restart do. */
#ifndef LESSON_RUN_IMPL_H
#define LESSON_RUN_IMPL_H

#include "lesson/meta.h"
#include "lesson/run.h"
#include "smtp/smtp.h"

#include <stdbool.h>
#include <stddef.h>

enum input_kind { IN_CONNECT, IN_LINE, IN_WAIT, IN_DIG };

struct input {
	enum input_kind kind;
	char *text;          /* the line as typed or as in the example (NULL
	                      * for a connection the runner opened itself) */
	size_t off;          /* IN_LINE: where the line to send starts ("::") */
	long secs;           /* IN_WAIT */
	size_t step;         /* the step it was typed in */
	char query[300];     /* IN_DIG: "name TYPE", normalised */
};

/* A server, its current connection and everything it was fed. */
struct world {
	struct lesson_run *run;
	bool forward;            /* events go to the run's sink (the live one) */
	struct smtp_server *srv;
	const char *persona;     /* srv's personality (the lesson's, or the
	                          * last step before that named one); NULL:
	                          * smtpsim's */
	struct smtp_session *sess;
	struct input *log;
	size_t nlog, caplog;

	/* what the last input caused */
	const struct lesson_goal *goal;
	size_t replies;
	int last_code;
	enum smtp_cmd last_cmd;
	bool reply_match;        /* a reply matched every reply-based goal field */
	bool message;            /* a MESSAGE was accepted */
	bool auth_ended;         /* an AUTH exchange ended without a login */
	char dug[300];           /* the input was ":dig NAME TYPE": "name TYPE" */
};

/* The session's shape, compared to say what left a step's path. */
struct shape {
	bool connected, closed, tls, authed;
	enum smtp_state state;
	size_t rcpt;
};

/* The example path of the current command step, from its start. */
struct path_line {
	int code;                /* last reply to the line, 0 for none */
	enum smtp_cmd cmd;
	struct shape after;
};

struct lesson_run {
	const struct lesson *lesson;
	smtp_sink_fn sink;
	void *ctx;
	struct world live;
	bool started;
	bool muted;              /* rebuilding: events not forwarded */
	lesson_replay_fn replay; /* told of each line a shown rebuild replays */
	void *replay_ctx;

	size_t idx;              /* current step */
	enum lesson_step_status status;
	size_t hints_shown;
	size_t wrong;
	int *scores;             /* per step: -1 not done */
	bool *skipped;           /* per step: given up with lesson_run_skip */
	bool pending_rebuild;    /* a command step was skipped: set the next
	                          * command step up from the examples */
	size_t *typed;           /* per step: protocol lines the learner typed */
	size_t *order;           /* the current quiz's choices as shown:
	                          * order[k] is the choice at place k */
	bool batching;           /* :batch: lines collected for one write */
	char *batch;             /* them, joined by '\n' */
	size_t batch_len, batch_lines;

	struct path_line *path;  /* the current command step's example path */
	size_t npath;
	bool path_ok;            /* the example passes from the step's start */
	struct shape start;      /* the step's starting shape */
	size_t progress;         /* example lines the learner is past */
	bool off_path;
	bool other_way;          /* passed, but not as the example would */

	char note[1600];         /* room for the :help list */
	char why[300];
	char entry_note[400];
	char done_text[700];
};

/* The current step, or NULL when the lesson is finished. */
static inline const struct lesson_step *run_cur(const struct lesson_run *run)
{
	return run->idx < run->lesson->nsteps ? &run->lesson->steps[run->idx] : NULL;
}

/* --- worlds (run_world.c) ------------------------------------------------ */

/* A fresh world for RUN with the lesson's server; FORWARD: its events go
 * to the run's sink (the live world). -1 and a message in ERR (may be
 * NULL) when the server cannot be built. */
int world_init(struct world *w, struct lesson_run *run, bool forward,
               char *err, size_t errlen);
/* Free the world's session, server and log; W is zeroed. */
void world_free(struct world *w);
/* Apply IN to W and append a copy of it to W's log. */
void world_do(struct world *w, const struct input *in);
/* A copy of SRC (muted, its own server) into DST, by replaying its log. */
int world_copy(struct world *dst, const struct world *src);
/* Whether W's session is inside the message text. */
bool world_in_data(const struct world *w);
/* What LINE is to W, in *IN (its text borrows LINE): a protocol line or
 * one of the meta-lines a world takes (:wait, :reset, :connect to the
 * lesson's host, :dig); false for other meta-lines (M says which). */
bool world_classify(const struct world *w, const char *line, size_t step,
                    struct input *in, struct meta_line *m);
/* Tell the replay hook (it must be set) of IN, an input typed for the
 * learner, just BEFORE it is applied or just after. */
void run_tell(struct lesson_run *run, const struct input *in, bool before);
/* Connect W as step STEP does. The very first connection of a lesson
 * also plays its `setup` lines, told to the replay hook when TELL. */
void world_connect(struct world *w, size_t step, bool tell);
/* The shape of W's session now. */
struct shape world_shape(const struct world *w);
/* Whether goal G holds after the last input to W. */
bool world_goal_holds(const struct world *w, const struct lesson_goal *g);
/* The input example line *J of ST is to W, in *IN: a ":batch" gathers
 * the lines after it up to an empty one into one input (*J moves to that
 * empty line; the joined text is malloc'd into *OWNED, else NULL). False
 * for a meta-line a world does not take. */
bool world_example_input(const struct world *w, const struct lesson_step *st,
                         size_t step, size_t *j, struct input *in, char **owned);
/* Feed example lines FROM.. of ST into W until the goal holds. Returns
 * the number of lines fed when it held, or 0 when it never did. PATH
 * (may be NULL) gets each line's last reply and shape. */
size_t world_play_example(struct world *w, const struct lesson_step *st, size_t step,
                          size_t from, struct path_line *path);

/* The largest K such that the current step's example[K..] passes from
 * the live state; -1 when none does. */
long run_reach(const struct lesson_run *run);

/* What a rebuild shows (run_rebuild). */
enum run_show {
	RUN_SHOW_NONE,
	RUN_SHOW_LAST,  /* the last connection's greeting and lines reach the
	                 * sink (each line told to the replay hook, the
	                 * connection announced to it with a NULL line) */
	RUN_SHOW_ALL,   /* every line reaches the sink and the hook (a resume) */
};
/* Set the live world to the start of step TARGET, from the examples of
 * the steps before it; what is not shown stays muted. Returns 0, or -1
 * when an example of an earlier step did not pass. */
int run_rebuild(struct lesson_run *run, size_t target, enum run_show show);
/* The example path of the current command step, from the live state
 * (which is the step's start). */
void run_compute_path(struct lesson_run *run);

/* --- the sentences (run_say.c) ------------------------------------------- */

/* Into run->why: why the live session cannot reach the step's goal any
 * more, in one sentence, from what it is now against how the step began. */
void run_explain_off_path(struct lesson_run *run);
/* A command in the words of a sentence: "the connection", "MAIL". */
const char *run_cmd_words(enum smtp_cmd c);
/* What example line LINE asks the learner to do next, as "now …". */
const char *run_next_words(const struct world *w, const char *line);
/* The step passed: was it the example's way? If not, into run->done_text
 * what the learner's own last reply means. */
void run_judge_way(struct lesson_run *run);
/* Format run->note and point RES at it. */
void run_set_note(struct lesson_run *run, struct lesson_feed_result *res,
                  enum lesson_note_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* The :help list as RES's note. */
void run_help_note(struct lesson_run *run, struct lesson_feed_result *res);

/* --- scores and quizzes (run.c, run_quiz.c) ------------------------------- */

/* The current step is passed with what it is still worth. */
void run_pass(struct lesson_run *run);
/* Shuffle the current quiz's choices into run->order (see run_quiz.c). */
void run_shuffle_choices(struct lesson_run *run);

#endif
