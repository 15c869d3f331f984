/* run_check.c — check-lessons' play of a lesson: every command step's
 * example from the step's starting state, reporting every problem at
 * once. */
#include "lesson/run_impl.h"

#include <stdlib.h>
#include <string.h>

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
			if (!world_classify(&w, l->setup[j], 0, &in, &m)) {
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
			if (!world_example_input(&w, st, i, &j, &in, &owned)) {
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
			held = world_goal_holds(&w, &st->goal);
			at = j;
		}
		if (!held) {
			lesson_errors_add(errs, "%s: steps[%zu]: the example does not pass the goal "
			                  "(last reply %d to %s, state %s)", l->path, i,
			                  w.replies ? w.last_code : 0, run_cmd_words(w.last_cmd),
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
