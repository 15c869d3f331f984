/* run_feed.c — one line the learner typed in a lesson: the meta-lines
 * (:wait, :dig, :batch, :restart, …) and, after a line reached the
 * server, the verdict: the goal holds, the learner moved along the
 * example's path, or the step cannot be done from here any more. */
#include "lesson/run_impl.h"
#include "lesson/zone.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Did the last input get the reply the example path gets at some line? */
static bool on_path_reply(const struct lesson_run *run)
{
	const struct world *w = &run->live;
	for (size_t j = 0; j < run->npath; j++)
		if (run->path[j].code == w->last_code && run->path[j].cmd == w->last_cmd)
			return true;
	return false;
}

/* After an input to the live world in a command step: the goal, or how
 * far along the learner is. */
static void after_input(struct lesson_run *run, struct lesson_feed_result *res)
{
	const struct lesson_step *st = run_cur(run);
	struct world *w = &run->live;
	res->nreplies = w->replies;
	res->last_code = w->replies ? w->last_code : 0;
	res->closed = !w->sess || smtp_session_closed(w->sess);
	if (world_goal_holds(w, &st->goal)) {
		run_judge_way(run);
		run_pass(run);
		res->passed = true;
		run->off_path = false;
		return;
	}
	long k = run_reach(run);
	if (k < 0) {
		run->off_path = true;
		res->off_path = true;
		run_explain_off_path(run);
		/* a new connection may be all it takes (the step starts with
		 * its own greeting): then :reset is named too */
		struct world copy;
		bool reset_helps = false;
		if (world_copy(&copy, w) == 0) {
			struct input in = { .kind = IN_CONNECT, .step = run->idx };
			world_do(&copy, &in);
			reset_helps = world_play_example(&copy, st, run->idx, 0, NULL) > 0;
			world_free(&copy);
		}
		run_set_note(run, res, LESSON_NOTE_OFF_PATH,
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
			run_set_note(run, res, LESSON_NOTE_GOOD, "\u2713 %d to %s.", w->last_code,
			             run_cmd_words(w->last_cmd));
		else
			run_set_note(run, res, LESSON_NOTE_GOOD, "\u2713 %d to %s \u2014 now %s.",
			             w->last_code, run_cmd_words(w->last_cmd),
			             run_next_words(w, st->example[run->progress]));
	} else {
		run_set_note(run, res, LESSON_NOTE_BAD, "Not yet: the server answered %d to %s.",
		             w->last_code, run_cmd_words(w->last_cmd));
	}
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
	const struct lesson_step *st = run_cur(run);
	if (!res)
		res = &dummy;
	memset(res, 0, sizeof *res);
	run->note[0] = '\0';
	if (!run->started || !st || run->status != LESSON_STEP_ACTIVE)
		return;
	struct input in;
	struct meta_line m;
	bool world_input = world_classify(&run->live, line, run->idx, &in, &m);
	if (st->kind != LESSON_STEP_COMMAND) {
		/* read and quiz steps take only the meta-lines that fit them */
		if (m.cmd == META_SKIP && st->kind == LESSON_STEP_QUIZ) {
			res->accepted = res->meta = res->skipped = true;
			lesson_run_skip(run);
		} else if (m.cmd == META_HELP) {
			res->accepted = res->meta = true;
			run_help_note(run, res);
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
			run_set_note(run, res, LESSON_NOTE_INFO, "%zu line%s queued for one write; an "
			             "empty line sends them.", run->batch_lines,
			             run->batch_lines == 1 ? "" : "s");
			return;
		}
		run->batching = false;
		if (!run->batch_len) {
			run_set_note(run, res, LESSON_NOTE_INFO, "The batch was empty: nothing sent.");
			return;
		}
		struct input bin = { .kind = IN_LINE, .text = run->batch, .step = run->idx };
		run->typed[run->idx] += run->batch_lines;
		if (!run->live.sess || smtp_session_closed(run->live.sess)) {
			res->closed = true;
			run_set_note(run, res, LESSON_NOTE_OFF_PATH,
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
			run_set_note(run, res, LESSON_NOTE_BAD, "Look a name up with :dig NAME [TYPE], the "
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
		run_set_note(run, res, LESSON_NOTE_INFO, "%s", ans);
		break;
	}
	case META_CONNECT:
		if (!world_input) {
			const struct lesson *l = run->lesson;
			const char *host = smtp_server_profile(run->live.srv)->host;
			res->meta_error = m.argc != 1;
			if (m.argc != 1)
				run_set_note(run, res, LESSON_NOTE_BAD, "Say which host: :connect HOST.");
			else if (zone_has_address((const char *const *)l->zone, l->nzone, m.argv[0]))
				run_set_note(run, res, LESSON_NOTE_BAD, "%s does not answer on port %d: in this "
				             "lesson only %s runs a server. A sending server tries the MX "
				             "hosts by preference, and keeps the message queued when none "
				             "answers.", m.argv[0], smtp_server_profile(run->live.srv)->port,
				             host);
			else
				run_set_note(run, res, LESSON_NOTE_BAD, "%s has no address in the simulated "
				             "DNS (:dig %s A).", m.argv[0], m.argv[0]);
			return;
		}
		run_set_note(run, res, LESSON_NOTE_INFO, "A new connection to %s.",
		             smtp_server_profile(run->live.srv)->host);
		break;
	case META_BATCH:
		run->batching = true;
		run_set_note(run, res, LESSON_NOTE_INFO, "Type the lines to send in one write; an empty "
		             "line sends them.");
		return;
	case META_WAIT: {
		char d[48];
		res->waited = m.secs;
		run_set_note(run, res, LESSON_NOTE_INFO, "The clock moves on %s.",
		             meta_duration_text(m.secs, d, sizeof d));
		break;
	}
	case META_RESET:
		run_set_note(run, res, LESSON_NOTE_INFO, "A new connection to %s.",
		             smtp_server_profile(run->live.srv)->host);
		break;
	case META_RESTART:
		res->restarted = lesson_run_restart(run);
		if (res->restarted)
			run_set_note(run, res, LESSON_NOTE_INFO,
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
			run_set_note(run, res, LESSON_NOTE_BAD, "%s",
			             run->off_path ? "No hint fits from here: type :restart (or "
			                             "press F7) to set the step up again."
			                           : "No hint left: the last one was the example.");
		return;
	}
	case META_HELP:
		run_help_note(run, res);
		return;
	case META_QUIT:
		res->quit = true;
		return;
	case META_PROFILE:
	case META_SCENARIO:
	case META_SAVE:
		res->meta_error = true;
		run_set_note(run, res, LESSON_NOTE_BAD,
		             "%s is for free play; a lesson keeps its own server (:help lists "
		             "what works here).", m.name);
		return;
	case META_BAD_ARG:
		res->meta_error = true;
		run_set_note(run, res, LESSON_NOTE_BAD,
		             "Say how long to wait: :wait 30s, :wait 5m or :wait 1h.");
		return;
	case META_UNKNOWN:
	default:
		res->meta_error = true;
		run_set_note(run, res, LESSON_NOTE_BAD,
		             "Unknown meta-command %s: :help lists them.", m.name);
		return;
	}
	if (!world_input)
		return;
	if (in.kind == IN_LINE && (!run->live.sess || smtp_session_closed(run->live.sess))) {
		res->closed = true;
		run_set_note(run, res, LESSON_NOTE_OFF_PATH,
		             "The connection is closed: type :reset to connect again, or :restart "
		             "(F7) to set the step up again.");
		return;
	}
	if (in.kind == IN_LINE)
		run->typed[run->idx]++;
	world_do(&run->live, &in);
	after_input(run, res);
}
