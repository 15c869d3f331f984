/* run.c — the step runner: one lesson played against a real engine
 * session. Goals are judged on the engine's events and state, never on
 * the text the learner typed.
 *
 * The runner keeps a log of every input the live server has seen since
 * it was built (connections, lines, waits). The engine is deterministic
 * on its simulated clock, so replaying a log into a fresh server gives a
 * copy of the live state: on such a copy the runner tries the rest of the
 * step's example after each line the learner types, and so knows whether
 * the step can still be done (and how far along the learner is). A step's
 * starting state is rebuilt the same way, from the examples of the steps
 * before it: that is what skip and restart do. */
#include "lesson/run.h"
#include "lesson/meta.h"
#include "lesson/zone.h"
#include "smtp/catalog.h"
#include "smtp/personality.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* --- worlds ---------------------------------------------------------------- */

static int world_sink(void *ctx, const struct smtp_event *ev)
{
	struct world *w = ctx;
	int rc = 0;
	if (ev->type == SMTP_EV_REPLY && ev->reply) {
		w->replies++;
		w->last_code = ev->reply->code;
		w->last_cmd = ev->reply->cmd;
		if (w->goal && (w->goal->have & LESSON_GOAL_REPLY_FIELDS) &&
		    reply_matches(w->goal, ev->reply))
			w->reply_match = true;
	}
	if (w->forward && w->run->sink && !w->run->muted)
		rc = w->run->sink(w->run->ctx, ev);
	if (ev->type == SMTP_EV_MESSAGE && rc == 0)
		w->message = true;
	return rc;
}

static struct smtp_server *build_server(const struct lesson *l, char *err, size_t errlen)
{
	struct smtp_server *srv = smtp_server_new(l->profile, err, errlen);
	if (!srv)
		return NULL;
	smtp_server_set_real_clock(srv, false);
	if (l->personality && smtp_server_set_personality(srv, l->personality, err, errlen) < 0)
		goto fail;
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

static void world_disconnect(struct world *w)
{
	if (!w->sess)
		return;
	if (!smtp_session_closed(w->sess))
		smtp_session_eof(w->sess);
	smtp_session_free(w->sess);
	w->sess = NULL;
}

static void world_free(struct world *w)
{
	world_disconnect(w);
	smtp_server_free(w->srv);
	for (size_t i = 0; i < w->nlog; i++)
		free(w->log[i].text);
	free(w->log);
	memset(w, 0, sizeof *w);
}

static int world_init(struct world *w, struct lesson_run *run, bool forward,
                      char *err, size_t errlen)
{
	char dummy[160];
	memset(w, 0, sizeof *w);
	w->run = run;
	w->forward = forward;
	w->srv = build_server(run->lesson, err ? err : dummy, err ? errlen : sizeof dummy);
	return w->srv ? 0 : -1;
}

static void input_begin(struct world *w)
{
	w->replies = 0;
	w->last_code = 0;
	w->last_cmd = SMTP_CMD_NONE;
	w->reply_match = false;
	w->message = false;
	w->auth_ended = false;
	w->dug[0] = '\0';
}

/* Apply IN to W and append it to W's log (a copy). */
static void world_do(struct world *w, const struct input *in)
{
	input_begin(w);
	if (w->nlog == w->caplog) {
		size_t cap = w->caplog ? 2 * w->caplog : 32;
		struct input *v = realloc(w->log, cap * sizeof *v);
		if (v) {
			w->log = v;
			w->caplog = cap;
		}
	}
	if (w->nlog < w->caplog) {
		w->log[w->nlog] = *in;
		w->log[w->nlog].text = in->text ? strdup(in->text) : NULL;
		w->nlog++;
	}
	switch (in->kind) {
	case IN_CONNECT: {
		world_disconnect(w);
		struct smtp_session_opts opts = { 0 };
		opts.tls_active = smtp_server_profile(w->srv)->implicit_tls;
		opts.simulated_tls = true;
		w->sess = smtp_session_new(w->srv, &opts, world_sink, w);
		if (w->sess)
			smtp_session_start(w->sess);
		break;
	}
	case IN_WAIT:
		smtp_server_advance(w->srv, in->secs);
		break;
	case IN_DIG:
		snprintf(w->dug, sizeof w->dug, "%s", in->query);
		break;
	case IN_LINE:
		if (w->sess && !smtp_session_closed(w->sess)) {
			bool in_auth = smtp_session_state(w->sess) == SMTP_STATE_AUTH;
			const char *t = in->text + in->off;
			if (strchr(t, '\n'))
				smtp_session_feed_group(w->sess, t, strlen(t));
			else
				smtp_session_feed_line(w->sess, t, strlen(t));
			w->auth_ended = in_auth && smtp_session_state(w->sess) != SMTP_STATE_AUTH &&
			                !smtp_session_auth_user(w->sess);
		}
		break;
	}
}

/* A copy of SRC (muted, its own server) into DST. */
static int world_copy(struct world *dst, const struct world *src)
{
	if (world_init(dst, src->run, false, NULL, 0) < 0)
		return -1;
	for (size_t i = 0; i < src->nlog; i++)
		world_do(dst, &src->log[i]);
	return 0;
}

static bool world_in_data(const struct world *w)
{
	return w->sess && smtp_session_state(w->sess) == SMTP_STATE_DATA;
}

/* What LINE is to W: a protocol line or one of the meta-lines a world
 * knows (:wait, :reset); false for other meta-lines (M says which). */
static bool classify(const struct world *w, const char *line, size_t step,
                     struct input *in, struct meta_line *m)
{
	meta_parse(line, strlen(line), world_in_data(w), m);
	memset(in, 0, sizeof *in);
	in->text = (char *)line;
	in->step = step;
	switch (m->cmd) {
	case META_NONE:
		in->kind = IN_LINE;
		in->off = m->text_off;
		return true;
	case META_WAIT:
		in->kind = IN_WAIT;
		in->secs = m->secs;
		return true;
	case META_RESET:
		in->kind = IN_CONNECT;
		return true;
	case META_CONNECT: {
		/* only the lesson's own server answers */
		const char *host = smtp_server_profile(w->srv)->host;
		size_t hl = strlen(host);
		if (m->argc != 1 || strncasecmp(m->argv[0], host, hl) ||
		    (m->argv[0][hl] && strcmp(m->argv[0] + hl, ".")))
			return false;
		in->kind = IN_CONNECT;
		return true;
	}
	case META_DIG: {
		if (m->argc < 1 || m->argc > 2)
			return false;
		/* normalised: "name TYPE" */
		const char *type = m->argc == 2 ? m->argv[1] : "MX";
		if (!zone_type_known(type))
			return false;
		char name[256];
		zone_name(m->argv[0], name, sizeof name);
		snprintf(in->query, sizeof in->query, "%s %s", name, type);
		for (char *c = strchr(in->query, ' '); c && *c; c++)
			*c = (char)toupper((unsigned char)*c);
		in->kind = IN_DIG;   /* its text stays the line as typed */
		return true;
	}
	default:
		return false;
	}
}

/* Connect W as a step does (STEP). The very first connection of a
 * lesson also plays its `setup` lines, told to the replay hook when TELL
 * (they are typed for the learner). */
static void world_connect(struct world *w, size_t step, bool tell)
{
	const struct lesson *l = w->run->lesson;
	bool first = w->nlog == 0;
	struct input in = { .kind = IN_CONNECT, .step = step };
	world_do(w, &in);
	for (size_t i = 0; first && i < l->nsetup; i++) {
		struct input line;
		struct meta_line m;
		if (!classify(w, l->setup[i], step, &line, &m))
			continue;
		lesson_replay_fn hook = tell ? w->run->replay : NULL;
		if (hook)
			hook(w->run->replay_ctx, step, l->setup[i], true);
		world_do(w, &line);
		if (hook)
			hook(w->run->replay_ctx, step, l->setup[i], false);
	}
}

static struct shape shape_of(const struct world *w)
{
	struct shape s = { 0 };
	s.connected = w->sess != NULL;
	if (!w->sess)
		return s;
	s.closed = smtp_session_closed(w->sess);
	s.tls = smtp_session_tls(w->sess);
	s.authed = smtp_session_auth_user(w->sess) != NULL;
	s.state = smtp_session_state(w->sess);
	s.rcpt = smtp_session_rcpt_count(w->sess);
	return s;
}

static bool goal_holds(const struct world *w, const struct lesson_goal *g)
{
	const struct smtp_session *s = w->sess;
	if (!s)
		return false;
	if ((g->have & LESSON_GOAL_REPLY_FIELDS) && !w->reply_match)
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
	if ((g->have & LESSON_GOAL_MESSAGE) && w->message != g->message_accepted)
		return false;
	if ((g->have & LESSON_GOAL_LOOKUP) && strcasecmp(w->dug, g->looked_up))
		return false;
	return true;
}

/* The input example line *J of ST is to W, in *IN: a ":batch" gathers
 * the lines after it up to an empty one into one input (*J moves to that
 * empty line; the joined text is malloc'd into *OWNED). False for a
 * meta-line a world does not take. */
static bool example_input(const struct world *w, const struct lesson_step *st, size_t step,
                          size_t *j, struct input *in, char **owned)
{
	struct meta_line m;
	*owned = NULL;
	if (classify(w, st->example[*j], step, in, &m))
		return true;
	if (m.cmd != META_BATCH)
		return false;
	size_t len = 0, e = *j + 1;
	for (; e < st->nexample && st->example[e][0]; e++)
		len += strlen(st->example[e]) + 1;
	char *t = malloc(len + 1);
	if (!t)
		return false;
	t[0] = '\0';
	for (size_t i = *j + 1; i < e; i++) {
		strcat(t, st->example[i]);
		if (i + 1 < e)
			strcat(t, "\n");
	}
	memset(in, 0, sizeof *in);
	in->kind = IN_LINE;
	in->text = t;
	in->step = step;
	*owned = t;
	*j = e < st->nexample ? e : st->nexample - 1;
	return true;
}

/* Feed example lines FROM.. of ST into W until the goal holds. Returns
 * the number of lines fed when it held, or 0 when it never did. PATH
 * (may be NULL) gets each line's last reply and shape. */
static size_t play_example(struct world *w, const struct lesson_step *st, size_t step,
                           size_t from, struct path_line *path)
{
	w->goal = &st->goal;
	for (size_t j = from; j < st->nexample; j++) {
		struct input in;
		char *owned;
		size_t first = j;
		if (!example_input(w, st, step, &j, &in, &owned))
			continue;
		world_do(w, &in);
		free(owned);
		for (size_t b = first; path && b < j; b++) {
			path[b].code = 0;   /* inside a batch: answered with its end */
			path[b].after = shape_of(w);
		}
		if (path) {
			path[j].code = w->replies ? w->last_code : 0;
			path[j].cmd = w->last_cmd;
			path[j].after = shape_of(w);
		}
		if (goal_holds(w, &st->goal))
			return j - from + 1;
	}
	return 0;
}

/* Would the rest of the example, from line K, pass from W as it is? */
static bool rest_passes(const struct lesson_run *run, const struct world *w, size_t k)
{
	const struct lesson_step *st = cur(run);
	struct world copy;
	if (world_copy(&copy, w) < 0)
		return false;
	bool ok = play_example(&copy, st, run->idx, k, NULL) > 0;
	world_free(&copy);
	return ok;
}

/* The largest K such that example[K..] passes from the live state; -1
 * when none does. */
static long reach(const struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	for (size_t k = st->nexample; k-- > 0;)
		if (rest_passes(run, &run->live, k))
			return (long)k;
	return -1;
}

/* --- the canonical state of a step --------------------------------------- */

/* Into W (fresh), the inputs that lead to the start of step TARGET: the
 * examples of every command step before it, each command step starting
 * with a connection when it has none, it is closed, or it asks for a
 * reset. Returns 0, or -1 when an example did not pass (FAILED_STEP). */
static int canonical(struct lesson_run *run, struct world *w, size_t target, size_t *failed_step)
{
	const struct lesson *l = run->lesson;
	if (l->nsetup && !w->sess)
		world_connect(w, 0, false);   /* a setup is played at the start */
	for (size_t i = 0; i <= target && i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];
		if (st->kind != LESSON_STEP_COMMAND)
			continue;
		if (!w->sess || st->reset || smtp_session_closed(w->sess))
			world_connect(w, i, false);
		if (i == target)
			break;
		if (play_example(w, st, i, 0, NULL) == 0) {
			if (failed_step)
				*failed_step = i;
			return -1;
		}
	}
	return 0;
}

static void compute_path(struct lesson_run *run);

/* Set the live world to the start of step TARGET, from the examples.
 * SHOW_LAST: the last connection's greeting and lines reach the sink
 * (each line told to the replay hook, the connection announced to it
 * with a NULL line); everything before stays muted. SHOW_ALL: every
 * line reaches the sink and the hook (a resume).
 * Returns 0, or -1 when an example of an earlier step did not pass. */
enum show { SHOW_NONE, SHOW_LAST, SHOW_ALL };

static int rebuild(struct lesson_run *run, size_t target, enum show show)
{
	struct world plan;
	if (world_init(&plan, run, false, NULL, 0) < 0)
		return -1;
	int rc = canonical(run, &plan, target, NULL);
	struct world fresh;
	if (rc < 0 || world_init(&fresh, run, true, NULL, 0) < 0) {
		world_free(&plan);
		return -1;
	}
	world_free(&run->live);
	run->live = fresh;
	size_t last = plan.nlog;
	for (size_t j = 0; j < plan.nlog; j++)
		if (plan.log[j].kind == IN_CONNECT)
			last = j;
	if (show == SHOW_ALL)
		last = 0;
	run->muted = true;
	for (size_t j = 0; j < plan.nlog; j++) {
		const struct input *in = &plan.log[j];
		if (j == last && show != SHOW_NONE) {
			if (run->replay && show == SHOW_LAST)
				run->replay(run->replay_ctx, target, NULL, true);
			run->muted = false;
		}
		bool tell = show != SHOW_NONE && j >= last && in->text && run->replay;
		if (tell)
			run->replay(run->replay_ctx, in->step, in->text, true);
		world_do(&run->live, in);
		if (tell)
			run->replay(run->replay_ctx, in->step, in->text, false);
	}
	run->muted = false;
	world_free(&plan);
	run->idx = target;
	return 0;
}

/* The example path of the current command step, from the live state
 * (which is the step's start). */
static void compute_path(struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	free(run->path);
	run->path = NULL;
	run->npath = 0;
	run->path_ok = false;
	run->progress = 0;
	run->off_path = false;
	run->other_way = false;
	run->start = shape_of(&run->live);
	run->live.goal = st ? &st->goal : NULL;
	if (!st || st->kind != LESSON_STEP_COMMAND || !st->nexample)
		return;
	run->path = calloc(st->nexample, sizeof *run->path);
	struct world copy;
	if (!run->path || world_copy(&copy, &run->live) < 0)
		return;
	run->npath = st->nexample;
	run->path_ok = play_example(&copy, st, run->idx, 0, run->path) > 0;
	world_free(&copy);
}

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

/* Why the live session cannot reach the step's goal any more, in one
 * sentence, from what the session is now against how the step began. */
static void explain_off_path(struct lesson_run *run)
{
	const struct world *w = &run->live;
	struct shape now = shape_of(w);
	const struct shape *was = &run->start;
	char *b = run->why;
	size_t n = sizeof run->why;
	bool state_on_path = now.state == was->state;
	for (size_t j = 0; j < run->npath; j++)
		if (run->path[j].after.state == now.state)
			state_on_path = true;
	if (!now.connected || now.closed) {
		if (w->replies && w->last_code == 221)
			snprintf(b, n, "The connection is closed after your QUIT, so nothing more "
			               "reaches the server.");
		else if (w->replies && w->last_code == 421)
			snprintf(b, n, "The server closed the connection with its 421, so nothing "
			               "more reaches it.");
		else
			snprintf(b, n, "The connection is closed, so nothing more reaches the server.");
	} else if (w->auth_ended) {
		snprintf(b, n, "The AUTH exchange was ended by the %d, so the server no longer "
		               "waits for that answer.", w->last_code);
	} else if (was->state == SMTP_STATE_AUTH && now.state != SMTP_STATE_AUTH &&
	           !now.authed) {
		snprintf(b, n, "The AUTH exchange is over, so the server no longer waits for an "
		               "answer to its 334.");
	} else if (now.tls && !was->tls) {
		snprintf(b, n, "TLS is already on, so the server no longer answers as it did on "
		               "the plain connection.");
	} else if (!now.tls && was->tls) {
		snprintf(b, n, "This connection is not encrypted any more (a new connection "
		               "starts in the clear).");
	} else if (now.authed && !was->authed) {
		snprintf(b, n, "You are logged in now, so the server no longer answers as it "
		               "did before the login.");
	} else if (!now.authed && was->authed) {
		snprintf(b, n, "This connection is not logged in any more.");
	} else if (!state_on_path) {
		snprintf(b, n, "The session is now %s, which is not on this step's way.",
		         smtp_state_name(now.state));
		/* the state's own words read better than its name */
		static const char *const words[SMTP_STATE_COUNT] = {
			[SMTP_STATE_GREETED] = "waiting for HELO or EHLO",
			[SMTP_STATE_READY] = "ready for a new message, with no sender given",
			[SMTP_STATE_MAIL] = "in a message whose sender is given",
			[SMTP_STATE_RCPT] = "in a message with its recipients given",
			[SMTP_STATE_DATA] = "inside the message text (after DATA)",
			[SMTP_STATE_AUTH] = "inside an AUTH exchange",
			[SMTP_STATE_BDAT] = "inside a BDAT chunk",
			[SMTP_STATE_BLOCKED] = "refused at connect",
		};
		if (words[now.state])
			snprintf(b, n, "The session is now %s, which is not on this step's way.",
			         words[now.state]);
	} else if (now.rcpt != was->rcpt && now.state == SMTP_STATE_RCPT) {
		snprintf(b, n, "The message has %zu recipient%s now, which changes what the "
		               "server answers next.", now.rcpt, now.rcpt == 1 ? "" : "s");
	} else {
		snprintf(b, n, "What was typed changed what the server remembers (its clock, "
		               "its greylist or its counters), so this step's example no "
		               "longer works from here.");
	}
}

/* The current quiz's choices in the order they are shown: shuffled, the
 * same way every time for a lesson's step (a transcript can be replayed),
 * so that where a right answer sits teaches nothing. A single-answer
 * quiz puts its answer at the place after the previous such quiz's
 * (from a start drawn from the lesson's id), so the answers of a lesson
 * spread over the places; the other choices are shuffled around it. */
static void shuffle_choices(struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	free(run->order);
	run->order = NULL;
	if (!st || st->kind != LESSON_STEP_QUIZ || !st->nchoices)
		return;
	size_t n = st->nchoices;
	run->order = malloc(n * sizeof *run->order);
	if (!run->order)
		return;
	uint32_t h = 2166136261u; /* FNV-1a of the lesson id */
	for (const char *c = run->lesson->id; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	size_t start = h % 7;
	h = (h ^ (uint32_t)run->idx) * 16777619u;
	if (!h)
		h = 1;
	for (size_t i = 0; i < n; i++)
		run->order[i] = i;
	for (size_t i = n; i > 1; i--) {
		h ^= h << 13;    /* xorshift32 */
		h ^= h >> 17;
		h ^= h << 5;
		size_t j = h % i;
		size_t t = run->order[i - 1];
		run->order[i - 1] = run->order[j];
		run->order[j] = t;
	}
	if (st->ncorrect == 1) {
		/* the place of each single-answer quiz's answer, up to this one:
		 * the least used so far among its places, ties broken from a
		 * start that turns with each quiz */
		size_t used[64] = { 0 }, want = 0, q = 0;
		for (size_t i = 0; i <= run->idx; i++) {
			const struct lesson_step *qs = &run->lesson->steps[i];
			if (qs->kind != LESSON_STEP_QUIZ || !qs->choices || qs->ncorrect != 1)
				continue;
			size_t m = qs->nchoices < 64 ? qs->nchoices : 64, best = (start + q) % m;
			for (size_t k = 0; k < m; k++) {
				size_t p = (start + q + k) % m;
				if (used[p] < used[best])
					best = p;
			}
			used[best]++;
			want = best;
			q++;
		}
		size_t at = 0;
		for (size_t i = 0; i < n; i++)
			if (st->correct[run->order[i]])
				at = i;
		size_t t = run->order[want];
		run->order[want] = run->order[at];
		run->order[at] = t;
	}
}

const size_t *lesson_run_choice_order(const struct lesson_run *run)
{
	const struct lesson_step *st = cur(run);
	return st && st->kind == LESSON_STEP_QUIZ && st->nchoices ? run->order : NULL;
}

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
	const struct lesson_step *st = cur(run);
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
	shuffle_choices(run);
	if (!st || st->kind != LESSON_STEP_COMMAND)
		return;
	if (run->pending_rebuild) {
		run->pending_rebuild = false;
		size_t at = run->idx;
		if (rebuild(run, at, SHOW_LAST) == 0)
			snprintf(run->entry_note, sizeof run->entry_note,
			         "The session was set up as if the skipped step had been done "
			         "(the lines typed for you are marked as replayed).");
		compute_path(run);
		return;
	}
	if (!run->live.sess || st->reset || smtp_session_closed(run->live.sess))
		world_connect(&run->live, run->idx, !run->muted);
	compute_path(run);
	if (!run->path_ok && st->nexample) {
		/* the step before was passed another way, and its end is not
		 * this step's start: set the step up from the examples */
		explain_off_path(run);
		char why[sizeof run->why];
		snprintf(why, sizeof why, "%s", run->why);
		size_t at = run->idx;
		if (rebuild(run, at, SHOW_LAST) == 0) {
			compute_path(run);
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

static const char *cmd_words(enum smtp_cmd c)
{
	switch (c) {
	case SMTP_CMD_CONNECT:
		return "the connection";
	case SMTP_CMD_DOT:
		return "the final \".\"";
	case SMTP_CMD_AUTH_DATA:
		return "your AUTH answer";
	case SMTP_CMD_UNKNOWN:
		return "an unknown command";
	case SMTP_CMD_LINE:
	case SMTP_CMD_NONE:
		return "that line";
	default:
		return smtp_cmd_name(c);
	}
}

/* What example line LINE asks the learner to do next, as "now …". */
static const char *next_words(const struct world *w, const char *line)
{
	struct meta_line m;
	meta_parse(line, strlen(line), world_in_data(w), &m);
	if (m.cmd == META_WAIT)
		return "let time pass (:wait)";
	if (m.cmd == META_RESET)
		return "connect again (:reset)";
	if (world_in_data(w))
		return !strcmp(line, ".") ? "end the message with a line holding only \".\""
		                          : "type the message";
	if (w->sess && smtp_session_state(w->sess) == SMTP_STATE_AUTH)
		return "answer the 334 in base64";
	static const struct {
		const char *verb, *words;
	} t[] = {
		{ "EHLO", "greet the server" },   { "HELO", "greet the server" },
		{ "MAIL", "name the sender" },    { "RCPT", "name a recipient" },
		{ "DATA", "ask to send the text" }, { "RSET", "reset the transaction" },
		{ "QUIT", "say goodbye" },        { "STARTTLS", "switch to TLS" },
		{ "AUTH", "log in" },             { "VRFY", "ask about a mailbox" },
		{ "EXPN", "ask about a list" },   { "NOOP", "send a NOOP" },
		{ "HELP", "ask for help" },       { "BDAT", "send a chunk" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		size_t n = strlen(t[i].verb);
		if (!strncasecmp(line, t[i].verb, n) && (line[n] == ' ' || line[n] == '\0'))
			return t[i].words;
	}
	return "go on";
}

/* Did the last input get the reply the example path gets at some line? */
static bool on_path_reply(const struct lesson_run *run)
{
	const struct world *w = &run->live;
	for (size_t j = 0; j < run->npath; j++)
		if (run->path[j].code == w->last_code && run->path[j].cmd == w->last_cmd)
			return true;
	return false;
}

static void set_note(struct lesson_run *run, struct lesson_feed_result *res,
                     enum lesson_note_kind kind, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static void set_note(struct lesson_run *run, struct lesson_feed_result *res,
                     enum lesson_note_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(run->note, sizeof run->note, fmt, ap);
	va_end(ap);
	res->note = run->note;
	res->note_kind = kind;
}

/* The step passed: was it the example's way? If not, say what the
 * learner's own last reply means (the step's explain is written for the
 * example path). */
static void judge_way(struct lesson_run *run)
{
	const struct world *w = &run->live;
	run->other_way = false;
	if (!run->npath || !run->path_ok)
		return;
	struct shape now = shape_of(w);
	const struct path_line *end = NULL;
	for (size_t j = run->npath; j-- > 0;)
		if (run->path[j].code) {
			end = &run->path[j];
			break;
		}
	bool same = end && end->code == w->last_code && end->cmd == w->last_cmd &&
	            end->after.state == now.state && end->after.tls == now.tls &&
	            end->after.authed == now.authed;
	if (same || !w->replies)
		return;
	run->other_way = true;
	const struct cat_code *c = cat_code_find(w->last_code);
	snprintf(run->done_text, sizeof run->done_text,
	         "You reached this step's goal another way than the lesson's example. "
	         "Your last reply was %d to %s%s%s.", w->last_code, cmd_words(w->last_cmd),
	         c ? ": " : "", c ? c->meaning : "");
}

/* After an input to the live world in a command step: the goal, or how
 * far along the learner is. */
static void after_input(struct lesson_run *run, struct lesson_feed_result *res)
{
	const struct lesson_step *st = cur(run);
	struct world *w = &run->live;
	res->nreplies = w->replies;
	res->last_code = w->replies ? w->last_code : 0;
	res->closed = !w->sess || smtp_session_closed(w->sess);
	if (goal_holds(w, &st->goal)) {
		judge_way(run);
		pass(run);
		res->passed = true;
		run->off_path = false;
		return;
	}
	long k = reach(run);
	if (k < 0) {
		run->off_path = true;
		res->off_path = true;
		explain_off_path(run);
		/* a new connection may be all it takes (the step starts with
		 * its own greeting): then :reset is named too */
		struct world copy;
		bool reset_helps = false;
		if (world_copy(&copy, w) == 0) {
			struct input in = { .kind = IN_CONNECT, .step = run->idx };
			world_do(&copy, &in);
			reset_helps = play_example(&copy, st, run->idx, 0, NULL) > 0;
			world_free(&copy);
		}
		set_note(run, res, LESSON_NOTE_OFF_PATH,
		         "%s This step cannot be done from here: type :restart (or press F7) "
		         "to set it up again%s.", run->why,
		         reset_helps ? ", or :reset for a new connection" : "");
		return;
	}
	run->off_path = false;
	bool moved = (size_t)k > run->progress;
	run->progress = (size_t)k;
	if (!w->replies || res->note)
		return;
	if (moved || on_path_reply(run)) {
		if (run->lesson->exam)
			set_note(run, res, LESSON_NOTE_GOOD, "\u2713 %d to %s.", w->last_code,
			         cmd_words(w->last_cmd));
		else
			set_note(run, res, LESSON_NOTE_GOOD, "\u2713 %d to %s \u2014 now %s.",
			         w->last_code, cmd_words(w->last_cmd),
			         next_words(w, st->example[run->progress]));
	} else {
		set_note(run, res, LESSON_NOTE_BAD, "Not yet: the server answered %d to %s.",
		         w->last_code, cmd_words(w->last_cmd));
	}
}

static void help_note(struct lesson_run *run, struct lesson_feed_result *res)
{
	const char *const *h = meta_help_lines(true);
	size_t used = 0;
	run->note[0] = '\0';
	for (size_t i = 0; h[i] && used < sizeof run->note; i++) {
		int n = snprintf(run->note + used, sizeof run->note - used, "%s%s",
		                 i ? "\n" : "", h[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	res->note = run->note;
	res->note_kind = LESSON_NOTE_INFO;
}

static void feed_one(struct lesson_run *run, const char *line,
                     struct lesson_feed_result *res);

void lesson_run_feed(struct lesson_run *run, const char *line,
                     struct lesson_feed_result *res)
{
	struct lesson_feed_result dummy;
	if (!res)
		res = &dummy;
	feed_one(run, line, res);
	/* a line that left the session as it was (a meta-line the runner
	 * refused, a help list) must not hide that the step is still off
	 * its path: without a full screen nothing else would say so */
	if (res->accepted && run->off_path && !res->off_path && !res->passed &&
	    !res->restarted && !res->skipped && run->status == LESSON_STEP_ACTIVE &&
	    !strstr(run->note, ":restart")) {
		size_t n = strlen(run->note);
		snprintf(run->note + n, sizeof run->note - n, "%sThis step is still off its "
		         "path: type :restart (or press F7) to set it up again.", n ? " " : "");
		res->note = run->note;
		res->off_path = true;
		if (res->note_kind == LESSON_NOTE_NONE)
			res->note_kind = LESSON_NOTE_OFF_PATH;
	}
}

static void feed_one(struct lesson_run *run, const char *line,
                     struct lesson_feed_result *res)
{
	struct lesson_feed_result dummy;
	const struct lesson_step *st = cur(run);
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	run->note[0] = '\0';
	if (!run->started || !st || run->status != LESSON_STEP_ACTIVE)
		return;
	struct input in;
	struct meta_line m;
	bool world_input = classify(&run->live, line, run->idx, &in, &m);
	if (st->kind != LESSON_STEP_COMMAND) {
		/* read and quiz steps take only the meta-lines that fit them */
		if (m.cmd == META_SKIP && st->kind == LESSON_STEP_QUIZ) {
			res->accepted = res->meta = res->skipped = true;
			lesson_run_skip(run);
		} else if (m.cmd == META_HELP) {
			res->accepted = res->meta = true;
			help_note(run, res);
		} else if (m.cmd == META_QUIT) {
			res->accepted = res->meta = res->quit = true;
		} else if (m.cmd == META_DIG && m.argc >= 1 && m.argc <= 2) {
			/* a quiz may send the learner to the DNS to find out */
			const struct lesson *l = run->lesson;
			res->accepted = res->meta = true;
			zone_dig((const char *const *)l->zone, l->nzone, m.argv[0],
			         m.argc == 2 ? m.argv[1] : "MX", run->note, sizeof run->note);
			res->note = run->note;
			res->note_kind = LESSON_NOTE_INFO;
		}
		return;
	}
	res->accepted = true;
	if (run->batching && (m.cmd == META_RESTART || m.cmd == META_SKIP || m.cmd == META_QUIT ||
	                      m.cmd == META_HINT || m.cmd == META_HELP)) {
		/* these still steer the lesson; the batch is dropped */
		run->batching = false;
		free(run->batch);
		run->batch = NULL;
		run->batch_len = run->batch_lines = 0;
	}
	if (run->batching) {
		if (line[0]) {
			/* collected, not sent: meta-lines too are text here */
			size_t n = strlen(line);
			char *b = realloc(run->batch, run->batch_len + n + 2);
			if (!b)
				return;
			run->batch = b;
			if (run->batch_len)
				run->batch[run->batch_len++] = '\n';
			memcpy(run->batch + run->batch_len, line, n + 1);
			run->batch_len += n;
			run->batch_lines++;
			res->batched = true;
			set_note(run, res, LESSON_NOTE_INFO, "%zu line%s queued for one write; an "
			         "empty line sends them.", run->batch_lines,
			         run->batch_lines == 1 ? "" : "s");
			return;
		}
		run->batching = false;
		if (!run->batch_len) {
			set_note(run, res, LESSON_NOTE_INFO, "The batch was empty: nothing sent.");
			return;
		}
		struct input bin = { .kind = IN_LINE, .text = run->batch, .step = run->idx };
		run->typed[run->idx] += run->batch_lines;
		if (!run->live.sess || smtp_session_closed(run->live.sess)) {
			res->closed = true;
			set_note(run, res, LESSON_NOTE_OFF_PATH,
			         "The connection is closed: type :reset to connect again, or :restart "
			         "(F7) to set the step up again.");
		} else {
			world_do(&run->live, &bin);
			after_input(run, res);
		}
		free(run->batch);
		run->batch = NULL;
		run->batch_len = run->batch_lines = 0;
		return;
	}
	res->meta = m.cmd != META_NONE;
	switch (m.cmd) {
	case META_NONE:
		break;
	case META_DIG: {
		if (!world_input) {
			res->meta_error = true;
			set_note(run, res, LESSON_NOTE_BAD, "Look a name up with :dig NAME [TYPE], the "
			         "TYPE one of MX (the default), A, AAAA, TXT.");
			return;
		}
		const struct lesson *l = run->lesson;
		char ans[sizeof run->note];
		const char *sp = strchr(in.query, ' ');
		char name[256];
		snprintf(name, sizeof name, "%.*s", sp ? (int)(sp - in.query) : (int)strlen(in.query),
		         in.query);
		zone_dig((const char *const *)l->zone, l->nzone, name, sp ? sp + 1 : "MX", ans,
		         sizeof ans);
		set_note(run, res, LESSON_NOTE_INFO, "%s", ans);
		break;
	}
	case META_CONNECT:
		if (!world_input) {
			const struct lesson *l = run->lesson;
			const char *host = smtp_server_profile(run->live.srv)->host;
			res->meta_error = m.argc != 1;
			if (m.argc != 1)
				set_note(run, res, LESSON_NOTE_BAD, "Say which host: :connect HOST.");
			else if (zone_has_address((const char *const *)l->zone, l->nzone, m.argv[0]))
				set_note(run, res, LESSON_NOTE_BAD, "%s does not answer on port %d: in this "
				         "lesson only %s runs a server. A sending server tries the MX "
				         "hosts by preference, and keeps the message queued when none "
				         "answers.", m.argv[0], smtp_server_profile(run->live.srv)->port,
				         host);
			else
				set_note(run, res, LESSON_NOTE_BAD, "%s has no address in the simulated "
				         "DNS (:dig %s A).", m.argv[0], m.argv[0]);
			return;
		}
		set_note(run, res, LESSON_NOTE_INFO, "A new connection to %s.",
		         smtp_server_profile(run->live.srv)->host);
		break;
	case META_BATCH:
		run->batching = true;
		set_note(run, res, LESSON_NOTE_INFO, "Type the lines to send in one write; an empty "
		         "line sends them.");
		return;
	case META_WAIT: {
		char d[48];
		res->waited = m.secs;
		set_note(run, res, LESSON_NOTE_INFO, "The clock moves on %s.",
		         meta_duration_text(m.secs, d, sizeof d));
		break;
	}
	case META_RESET:
		set_note(run, res, LESSON_NOTE_INFO, "A new connection to %s.",
		         smtp_server_profile(run->live.srv)->host);
		break;
	case META_RESTART:
		res->restarted = lesson_run_restart(run);
		if (res->restarted)
			set_note(run, res, LESSON_NOTE_INFO,
			         "The step is set up again as it began (the lines typed for "
			         "you are marked as replayed).");
		return;
	case META_SKIP:
		res->skipped = true;
		lesson_run_skip(run);
		return;
	case META_HINT: {
		const char *h = lesson_run_hint(run);
		res->hint = h;
		if (!h)
			set_note(run, res, LESSON_NOTE_BAD, "%s",
			         run->off_path ? "No hint fits from here: type :restart (or "
			                         "press F7) to set the step up again."
			                       : "No hint left: the last one was the example.");
		return;
	}
	case META_HELP:
		help_note(run, res);
		return;
	case META_QUIT:
		res->quit = true;
		return;
	case META_PROFILE:
	case META_SCENARIO:
	case META_SAVE:
		res->meta_error = true;
		set_note(run, res, LESSON_NOTE_BAD,
		         "%s is for free play; a lesson keeps its own server (:help lists "
		         "what works here).", m.name);
		return;
	case META_BAD_ARG:
		res->meta_error = true;
		set_note(run, res, LESSON_NOTE_BAD,
		         "Say how long to wait: :wait 30s, :wait 5m or :wait 1h.");
		return;
	case META_UNKNOWN:
	default:
		res->meta_error = true;
		set_note(run, res, LESSON_NOTE_BAD,
		         "Unknown meta-command %s: :help lists them.", m.name);
		return;
	}
	if (!world_input)
		return;
	if (in.kind == IN_LINE && (!run->live.sess || smtp_session_closed(run->live.sess))) {
		res->closed = true;
		set_note(run, res, LESSON_NOTE_OFF_PATH,
		         "The connection is closed: type :reset to connect again, or :restart "
		         "(F7) to set the step up again.");
		return;
	}
	if (in.kind == IN_LINE)
		run->typed[run->idx]++;
	world_do(&run->live, &in);
	after_input(run, res);
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
	const struct lesson_step *st = cur(run);
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
	const struct lesson_step *st = cur(run);
	if (!run->started || !st || st->kind != LESSON_STEP_COMMAND ||
	    run->status != LESSON_STEP_ACTIVE)
		return false;
	size_t hints = run->hints_shown, wrong = run->wrong, at = run->idx;
	run->batching = false;
	free(run->batch);
	run->batch = NULL;
	run->batch_len = run->batch_lines = 0;
	if (rebuild(run, at, SHOW_LAST) < 0)
		return false;
	compute_path(run);
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
	const struct lesson_step *st = cur(run);
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
	const struct lesson_step *st = cur(run);
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
	const struct lesson_step *st = cur(run);
	if (!st || run->status != LESSON_STEP_ACTIVE || run->off_path ||
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
	int rc = rebuild(run, at, show ? SHOW_ALL : SHOW_NONE);
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
	compute_path(run);
	shuffle_choices(run);
	return 0;
}

/* --- checking a lesson by playing it --------------------------------------- */

int lesson_run_check(const struct lesson *l, struct lesson_errors *errs)
{
	char err[256];
	int bad = 0;
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	if (!run) {
		lesson_errors_add(errs, "%s: the lesson's server cannot be built: %s", l->path, err);
		return 1;
	}
	/* one world, played step by step as canonical() does, going on past
	 * a failing step so that every problem is reported at once */
	struct world w;
	if (world_init(&w, run, false, NULL, 0) < 0) {
		lesson_run_free(run);
		return 1;
	}
	if (l->nsetup) {
		world_connect(&w, 0, false);
		for (size_t j = 0; j < l->nsetup; j++) {
			struct input in;
			struct meta_line m;
			if (!classify(&w, l->setup[j], 0, &in, &m)) {
				lesson_errors_add(errs, "%s: setup[%zu]: \"%s\" is not a line the server "
				                  "can be sent (only :wait and :reset are played)", l->path,
				                  j, m.name);
				bad++;
			}
		}
	}
	for (size_t i = 0; i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];
		if (st->kind != LESSON_STEP_COMMAND)
			continue;
		if (!w.sess || st->reset || smtp_session_closed(w.sess))
			world_connect(&w, i, false);
		w.goal = &st->goal;
		size_t at = 0;
		bool held = false;
		for (size_t j = 0; j < st->nexample && !held; j++) {
			struct input in;
			char *owned;
			size_t first = j;
			if (!example_input(&w, st, i, &j, &in, &owned)) {
				struct meta_line m;
				meta_parse(st->example[first], strlen(st->example[first]), false, &m);
				lesson_errors_add(errs, "%s: steps[%zu].example[%zu]: \"%s\" is not a "
				                  "line the server can be sent (only :wait, :reset "
				                  "and :batch are played)", l->path, i, first, m.name);
				bad++;
				continue;
			}
			world_do(&w, &in);
			free(owned);
			held = goal_holds(&w, &st->goal);
			at = j;
		}
		if (!held) {
			lesson_errors_add(errs, "%s: steps[%zu]: the example does not pass the goal "
			                  "(last reply %d to %s, state %s)", l->path, i,
			                  w.replies ? w.last_code : 0, cmd_words(w.last_cmd),
			                  w.sess ? smtp_state_name(smtp_session_state(w.sess)) : "none");
			bad++;
		} else if (at + 1 < st->nexample) {
			lesson_errors_add(errs, "%s: steps[%zu]: the goal is met after example line "
			                  "%zu of %zu; the lines after it are never typed", l->path,
			                  i, at + 1, st->nexample);
			bad++;
		}
	}
	world_free(&w);
	lesson_run_free(run);
	return bad;
}
