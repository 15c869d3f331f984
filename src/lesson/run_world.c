/* run_world.c — the step runner's worlds: a server, its connection and
 * the log of every input it was fed, so that replaying the log into a
 * fresh server copies the live state (the engine is deterministic on its
 * simulated clock). On such copies a step's example is played: to know
 * whether the step can still be done from the live state, and to rebuild
 * a step's start from the examples of the steps before it. */
#include "lesson/run_impl.h"
#include "lesson/zone.h"
#include "smtp/personality.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* The voice of a connection opened at STEP: the last step up to it that
 * names a personality, else the lesson's. */
static const char *persona_at(const struct lesson *l, size_t step)
{
	for (size_t i = step < l->nsteps ? step + 1 : l->nsteps; i-- > 0;)
		if (l->steps[i].personality)
			return l->steps[i].personality;
	return l->personality;
}

static struct smtp_server *build_server(const struct lesson *l, const char *persona,
                                        char *err, size_t errlen)
{
	struct smtp_server *srv = smtp_server_new(l->profile, err, errlen);
	if (!srv)
		return NULL;
	smtp_server_set_real_clock(srv, false);
	if (persona && smtp_server_set_personality(srv, persona, err, errlen) < 0)
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

void world_free(struct world *w)
{
	world_disconnect(w);
	smtp_server_free(w->srv);
	for (size_t i = 0; i < w->nlog; i++)
		free(w->log[i].text);
	free(w->log);
	memset(w, 0, sizeof *w);
}

int world_init(struct world *w, struct lesson_run *run, bool forward,
               char *err, size_t errlen)
{
	char dummy[160];
	memset(w, 0, sizeof *w);
	w->run = run;
	w->forward = forward;
	w->persona = run->lesson->personality;
	w->srv = build_server(run->lesson, w->persona, err ? err : dummy,
	                      err ? errlen : sizeof dummy);
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
void world_do(struct world *w, const struct input *in)
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
		/* a step that names another server's voice: a server of its own,
		 * on the same simulated clock */
		const char *want = persona_at(w->run->lesson, in->step);
		if (strcmp(want ? want : "", w->persona ? w->persona : "")) {
			char err[160];
			struct smtp_server *srv = build_server(w->run->lesson, want, err, sizeof err);
			if (srv) {
				int64_t gap = smtp_server_now(w->srv) - smtp_server_now(srv);
				if (gap > 0)
					smtp_server_advance(srv, (long)gap);
				smtp_server_free(w->srv);
				w->srv = srv;
				w->persona = want;
			}
		}
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
int world_copy(struct world *dst, const struct world *src)
{
	if (world_init(dst, src->run, false, NULL, 0) < 0)
		return -1;
	for (size_t i = 0; i < src->nlog; i++)
		world_do(dst, &src->log[i]);
	return 0;
}

bool world_in_data(const struct world *w)
{
	return w->sess && smtp_session_state(w->sess) == SMTP_STATE_DATA;
}

/* What LINE is to W: a protocol line or one of the meta-lines a world
 * knows (:wait, :reset); false for other meta-lines (M says which). */
bool world_classify(const struct world *w, const char *line, size_t step,
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

/* Tell the replay hook (set) of input IN, typed for the learner. */
void run_tell(struct lesson_run *run, const struct input *in, bool before)
{
	struct lesson_replay r = {
		.step = in->step, .line = in->text, .before = before,
		.meta = in->kind != IN_LINE,
		/* as world_do decides: one write for lines joined by '\n' */
		.batch = in->kind == IN_LINE && strchr(in->text + in->off, '\n'),
	};
	run->replay(run->replay_ctx, &r);
}

/* Connect W as a step does (STEP). The very first connection of a
 * lesson also plays its `setup` lines, told to the replay hook when TELL
 * (they are typed for the learner). */
void world_connect(struct world *w, size_t step, bool tell)
{
	const struct lesson *l = w->run->lesson;
	bool first = w->nlog == 0;
	struct input in = { .kind = IN_CONNECT, .step = step };
	world_do(w, &in);
	for (size_t i = 0; first && i < l->nsetup; i++) {
		struct input line;
		struct meta_line m;
		if (!world_classify(w, l->setup[i], step, &line, &m))
			continue;
		bool told = tell && w->run->replay;
		if (told)
			run_tell(w->run, &line, true);
		world_do(w, &line);
		if (told)
			run_tell(w->run, &line, false);
	}
}

struct shape world_shape(const struct world *w)
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

bool world_goal_holds(const struct world *w, const struct lesson_goal *g)
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
bool world_example_input(const struct world *w, const struct lesson_step *st, size_t step,
                         size_t *j, struct input *in, char **owned)
{
	struct meta_line m;
	*owned = NULL;
	if (world_classify(w, st->example[*j], step, in, &m))
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
size_t world_play_example(struct world *w, const struct lesson_step *st, size_t step,
                          size_t from, struct path_line *path)
{
	w->goal = &st->goal;
	for (size_t j = from; j < st->nexample; j++) {
		struct input in;
		char *owned;
		size_t first = j;
		if (!world_example_input(w, st, step, &j, &in, &owned))
			continue;
		world_do(w, &in);
		free(owned);
		for (size_t b = first; path && b < j; b++) {
			path[b].code = 0;   /* inside a batch: answered with its end */
			path[b].after = world_shape(w);
		}
		if (path) {
			path[j].code = w->replies ? w->last_code : 0;
			path[j].cmd = w->last_cmd;
			path[j].after = world_shape(w);
		}
		if (world_goal_holds(w, &st->goal))
			return j - from + 1;
	}
	return 0;
}

/* Would the rest of the example, from line K, pass from W as it is? */
static bool rest_passes(const struct lesson_run *run, const struct world *w, size_t k)
{
	const struct lesson_step *st = run_cur(run);
	struct world copy;
	if (world_copy(&copy, w) < 0)
		return false;
	bool ok = world_play_example(&copy, st, run->idx, k, NULL) > 0;
	world_free(&copy);
	return ok;
}

/* The largest K such that example[K..] passes from the live state; -1
 * when none does. */
long run_reach(const struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
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
		if (world_play_example(w, st, i, 0, NULL) == 0) {
			if (failed_step)
				*failed_step = i;
			return -1;
		}
	}
	return 0;
}

/* Set the live world to the start of step TARGET, from the examples
 * (SHOW: see run_impl.h). */
int run_rebuild(struct lesson_run *run, size_t target, enum run_show show)
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
	if (show == RUN_SHOW_ALL)
		last = 0;
	run->muted = true;
	for (size_t j = 0; j < plan.nlog; j++) {
		const struct input *in = &plan.log[j];
		if (j == last && show != RUN_SHOW_NONE) {
			if (run->replay && show == RUN_SHOW_LAST) {
				struct lesson_replay r = { .step = target, .before = true };
				run->replay(run->replay_ctx, &r);
			}
			run->muted = false;
		}
		bool tell = show != RUN_SHOW_NONE && j >= last && in->text && run->replay;
		if (tell)
			run_tell(run, in, true);
		world_do(&run->live, in);
		if (tell)
			run_tell(run, in, false);
	}
	run->muted = false;
	world_free(&plan);
	run->idx = target;
	return 0;
}

/* The example path of the current command step, from the live state
 * (which is the step's start). */
void run_compute_path(struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	free(run->path);
	run->path = NULL;
	run->npath = 0;
	run->path_ok = false;
	run->progress = 0;
	run->off_path = false;
	run->other_way = false;
	run->start = world_shape(&run->live);
	run->live.goal = st ? &st->goal : NULL;
	if (!st || st->kind != LESSON_STEP_COMMAND || !st->nexample)
		return;
	run->path = calloc(st->nexample, sizeof *run->path);
	struct world copy;
	if (!run->path || world_copy(&copy, &run->live) < 0)
		return;
	run->npath = st->nexample;
	run->path_ok = world_play_example(&copy, st, run->idx, 0, run->path) > 0;
	world_free(&copy);
}
