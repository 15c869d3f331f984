/* ui_scr_lesson.c — the lesson screen: a thin layer over the step
 * runner (src/lesson/run.h). The runner owns the engine session and
 * forwards its events to the same conversation sink free play uses; this
 * screen adds the lesson pane (ui_pane_lesson.c), feeds it what the
 * learner types, and saves progress after every step. */
#include "lesson/meta.h"
#include "ui/ui_lesson.h"
#include "ui/ui_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void close_lesson(struct ui_lesson_view *L);

static int scr_lesson_init(struct app *a, const struct ui_opts *o)
{
	(void)o;
	a->lesson = calloc(1, sizeof *a->lesson);
	return a->lesson ? 0 : -1;
}

static void scr_lesson_free(struct app *a)
{
	if (!a->lesson)
		return;
	close_lesson(a->lesson);
	free(a->lesson);
	a->lesson = NULL;
}

static void scr_lesson_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_LESSON, rows, cols, 0);
	if (a->lay.too_small)
		return;
	ui_layout_compute(&a->lay, UI_LAYOUT_LESSON, rows, cols,
	                  ui_lesson_pane_rows(a, a->lay.lesson.w - 2));
	const struct ui_rect *r[] = { &a->lay.transcript, &a->lay.lesson, &a->lay.command,
	                              &a->lay.sidebar };
	WINDOW **w[] = { &a->w_a, &a->w_d, &a->w_b, &a->w_c };
	for (size_t i = 0; i < 4; i++)
		*w[i] = newwin(r[i]->h, r[i]->w, r[i]->y, r[i]->x);
}

/* The addresses a lesson's examples and setup use (MAIL FROM:<…> and
 * RCPT TO:<…>), in order of first use, for Tab to offer first. */
static void collect_addrs(struct ui_lesson_view *L)
{
	const struct lesson *l = L->lesson;
	size_t n = 0, cap = 16;
	L->addrs = calloc(cap + 1, sizeof *L->addrs);
	for (size_t i = 0; L->addrs && i < l->nsteps; i++) {
		const struct lesson_step *st = &l->steps[i];
		for (size_t j = 0; st->kind == LESSON_STEP_COMMAND && j < st->nexample; j++) {
			const char *t = st->example[j];
			const char *lt = strncasecmp(t, "MAIL FROM:<", 11) == 0 ? t + 11
			                 : strncasecmp(t, "RCPT TO:<", 9) == 0 ? t + 9 : NULL;
			const char *gt = lt ? strchr(lt, '>') : NULL;
			if (!gt || gt == lt)
				continue;
			size_t len = (size_t)(gt - lt);
			bool dup = false;
			for (size_t k = 0; k < n && !dup; k++)
				dup = strlen(L->addrs[k]) == len && !strncasecmp(L->addrs[k], lt, len);
			if (dup || n == cap)
				continue;
			L->addrs[n] = strndup(lt, len);
			if (L->addrs[n])
				n++;
		}
	}
}

static void close_lesson(struct ui_lesson_view *L)
{
	ui_lesson_pane_free(L);
	for (size_t i = 0; L->addrs && L->addrs[i]; i++)
		free(L->addrs[i]);
	free(L->addrs);
	L->addrs = NULL;
	if (L->run)
		lesson_run_free(L->run);
	L->run = NULL;
	L->lesson = NULL;
	ui_convo_free(&L->convo);
	ui_transcript_free(L->tr);
	L->tr = NULL;
}

/* A :dig answer also goes to the transcript, where it stays once the
 * step it solved is done (the pane moves on). */
static void dig_to_transcript(struct ui_lesson_view *L, const char *ans)
{
	while (*ans) {
		const char *nl = strchr(ans, '\n');
		size_t n = nl ? (size_t)(nl - ans) : strlen(ans);
		ui_transcript_addf(L->tr, UI_T_INFO, 5, "   %.*s", (int)n, ans);
		ans += n + (nl ? 1 : 0);
	}
}

/* A resume, a restart or a skip types lines for the learner: the
 * conversation marks them (ui_convo_replayed). */
static void replayed_line(void *ctx, const struct lesson_replay *r)
{
	struct ui_lesson_view *L = ctx;
	ui_convo_replayed(&L->convo, r, L->lesson, lesson_run_session(L->run));
}

/* Resume at the step the progress file names, replaying the steps before
 * into the transcript. False when there is nothing to resume. */
static bool resume(struct ui_lesson_view *L, const struct lesson_progress_entry *e)
{
	size_t n = L->lesson->nsteps;
	if (!e || e->current == 0 || e->current >= n)
		return false;
	int *scores = calloc(n, sizeof *scores);
	if (!scores)
		return false;
	size_t at = lesson_progress_resume_at(e, L->lesson, scores);
	if (at == 0) {
		free(scores);
		return false;
	}
	int points = 0;
	for (size_t i = 0; i < at; i++)
		points += scores[i] > 0 ? scores[i] : 0;
	char done[64];
	if (at == 1)
		snprintf(done, sizeof done, "step 1 done");
	else
		snprintf(done, sizeof done, "steps 1\u2013%zu done", at);
	ui_transcript_addf(L->tr, UI_T_MARK, 3, "\u2500\u2500 Resumed at step %zu of %zu \u2014 %s, "
	                   "%d point%s so far \u2500\u2500", at + 1, n, done, points,
	                   points == 1 ? "" : "s");
	lesson_run_on_replay(L->run, replayed_line, L);
	int rc = lesson_run_resume(L->run, at, scores, true);
	free(scores);
	ui_transcript_end(L->tr);
	if (rc < 0) {
		ui_transcript_addf(L->tr, UI_T_COACH, 3, "\u2500\u2500 the lesson changed since you "
		                   "left it: starting again from step 1 \u2500\u2500");
		return true;
	}
	ui_transcript_addf(L->tr, UI_T_MARK, 3, "\u2500\u2500 you left off here: step %zu "
	                   "\u2500\u2500", at + 1);
	return true;
}

int ui_lesson_start(struct app *a, size_t idx, bool afresh)
{
	struct ui_lesson_view *L = a->lesson;
	struct ui_course *C = a->course;
	char err[256];
	close_lesson(L);
	L->lesson = C->set.v[idx];
	L->index = idx;
	L->tr = ui_transcript_new();
	if (!L->tr)
		return -1;
	ui_convo_init(&L->convo, L->tr);
	L->convo.lesson = true;
	collect_addrs(L);
	L->run = lesson_run_new(L->lesson, ui_convo_sink, &L->convo, err, sizeof err);
	if (!L->run) {
		ui_message(a, true, "%s: %s", L->lesson->id, err);
		close_lesson(L);
		return -1;
	}
	ui_convo_connect(&L->convo, smtp_server_profile(lesson_run_server(L->run)));
	L->summary_shown = false;
	ui_lesson_pane_step_entered(L);
	ui_transcript_addf(L->tr, UI_T_INFO, 2, "Lesson %zu: %s", idx + 1, L->lesson->title);
	ui_transcript_addf(L->tr, UI_T_INFO, 2, "%s", L->lesson->summary);
	const struct lesson_progress_entry *e =
		C->prog ? lesson_progress_get(C->prog, L->lesson->id) : NULL;
	if (afresh && C->prog)
		lesson_progress_restart(C->prog, L->lesson->id);
	else if (resume(L, e))
		return 0;
	lesson_run_on_replay(L->run, replayed_line, L);
	lesson_run_start(L->run);
	return 0;
}

/* The lesson to continue: the one open and unfinished, else the one
 * furthest along the course with progress saved mid-way. Its index, or
 * -1; STEP gets the step to resume at. */
static ptrdiff_t continue_index(struct app *a, size_t *step)
{
	struct ui_lesson_view *L = a->lesson;
	struct ui_course *C = ui_course_get(a);
	if (!C || !C->set.n)
		return -1;
	if (L->run && L->lesson && !lesson_run_finished(L->run)) {
		*step = lesson_run_index(L->run);
		return (ptrdiff_t)L->index;
	}
	for (size_t i = C->set.n; i-- > 0;) {
		const struct lesson_progress_entry *e =
			C->prog ? lesson_progress_get(C->prog, C->set.v[i]->id) : NULL;
		if (e && e->current > 0 && e->current < C->set.v[i]->nsteps) {
			*step = e->current;
			return (ptrdiff_t)i;
		}
	}
	return -1;
}

bool ui_lesson_continue_label(struct app *a, char *buf, size_t n)
{
	size_t step = 0;
	ptrdiff_t i = continue_index(a, &step);
	if (i < 0)
		return false;
	snprintf(buf, n, "lesson %td, step %zu \u2014 %s", i + 1, step + 1,
	         a->course->set.v[i]->title);
	return true;
}

int ui_lesson_continue(struct app *a)
{
	struct ui_lesson_view *L = a->lesson;
	size_t step = 0;
	ptrdiff_t i = continue_index(a, &step);
	if (i < 0)
		return -1;
	ui_lessons_select(a, (size_t)i);
	if (L->run && L->index == (size_t)i && !lesson_run_finished(L->run))
		return 0;   /* the lesson left open: back to it as it was */
	return ui_lesson_start(a, (size_t)i, false);
}

static void scr_lesson_draw(struct app *a)
{
	struct ui_lesson_view *L = a->lesson;
	if (!L->run)
		return;
	/* Tab offers the lesson's own addresses first (free play clears them) */
	ui_edit_set_extra_addresses(&a->cmd.edit, (const char *const *)L->addrs);
	const struct lesson_step *st = lesson_run_step(L->run);
	ui_pane_transcript(a, a->w_a, L->tr, "Transcript");
	ui_pane_sidebar(a, a->w_c, &L->convo);
	ui_lesson_pane_draw(a, a->w_d);

	const char *expects = "";
	const char *label = UI_NEXT_LABEL;
	const char *prompt = "> ";
	bool typing = st && lesson_run_status(L->run) == LESSON_STEP_ACTIVE;
	if (typing && st->kind == LESSON_STEP_COMMAND) {
		/* one voice: the step's task, not the protocol's next move
		 * (which would give an exam's answers away) */
		struct smtp_session *s = lesson_run_session(L->run);
		label = "step: ";
		static char chunk[96];
		if (lesson_run_off_path(L->run)) {
			expects = "off its path: F7 (or :restart) sets it up again";
		} else if (s && smtp_session_state(s) == SMTP_STATE_BDAT) {
			/* a chunk typed as lines: what is left of its count */
			snprintf(chunk, sizeof chunk, "%llu octets of the chunk to go (a line costs "
			         "its length + 2)", (unsigned long long)smtp_session_chunk_left(s));
			label = "BDAT: ";
			expects = chunk;
		} else if (!s || smtp_session_closed(s)) {
			expects = "connection closed: :reset opens a new one, F7 restarts the step";
		} else {
			expects = L->lesson->exam ? "" : (st->title ? st->title : st->prompt);
		}
		prompt = L->convo.in_data ? (L->convo.in_body ? "body> " : "header> ") : "> ";
	} else if (typing && st->kind == LESSON_STEP_QUIZ) {
		if (!st->choices)
			expects = "type your answer, Enter";
		else if (ui_lesson_multi_choice(st))
			expects = "digits (or \u2191\u2193 Space) tick, Enter answers";
		else
			expects = "a digit (or \u2191\u2193) picks, Enter answers";
		prompt = "answer> ";
	} else {
		expects = "Enter continues";
	}
	char title[256];
	if (st && st->kind == LESSON_STEP_COMMAND)
		ui_session_trail(lesson_run_session(L->run), L->convo.in_data ? "Message text"
		                 : "Command", title, sizeof title, getmaxx(a->w_b) - 6);
	else
		snprintf(title, sizeof title, "%s", st && st->kind == LESSON_STEP_QUIZ ? "Answer"
		                                                                      : "Command");
	ui_pane_command_label(a, a->w_b, title, label, expects, prompt,
	                      a->focus == FOCUS_CMD);
	if (a->focus == FOCUS_SIDEBAR && !a->side.search)
		a->cur_win = NULL;
	else if (a->focus == FOCUS_SIDEBAR)
		a->cur_win = a->w_c;

	char info[128];
	snprintf(info, sizeof info, "Score %d/%d", lesson_run_score(L->run),
	         lesson_run_max_score(L->run));
	char hints[200];
	size_t hl = 0;
	if (typing && st->kind == LESSON_STEP_COMMAND && !lesson_run_off_path(L->run) &&
	    lesson_step_hint_count(st) > lesson_run_hints_shown(L->run))
		hl += (size_t)snprintf(hints + hl, sizeof hints - hl, "F5 hint (-%d)  ",
		                       lesson_run_hint_cost(L->run));
	if (typing && st->kind == LESSON_STEP_COMMAND)
		hl += (size_t)snprintf(hints + hl, sizeof hints - hl, "F7 restart  ");
	if (typing)
		hl += (size_t)snprintf(hints + hl, sizeof hints - hl, "F8 skip  ");
	if (L->body_rows > L->view_rows)
		hl += (size_t)snprintf(hints + hl, sizeof hints - hl, "S-Up/Down scroll  ");
	if (st)
		snprintf(hints + hl, sizeof hints - hl, "F1 Help  F10 back");
	else
		snprintf(hints + hl, sizeof hints - hl, "%s  F1 Help",
		         L->index + 1 < a->course->set.n ? "Enter: next lesson  Esc: the list"
		                                 : "Enter: the lesson list");
	ui_status(a, info, hints);
}

/* --- lesson keys ---------------------------------------------------- */

static void finished(struct app *a)
{
	struct ui_lesson_view *L = a->lesson;
	if (L->summary_shown || !lesson_run_finished(L->run))
		return;
	L->summary_shown = true;
	ui_transcript_addf(L->tr, UI_T_MARK, 3, "\u2500\u2500 lesson complete: %d of %d points \u2500\u2500",
	                   lesson_run_score(L->run), lesson_run_max_score(L->run));
	for (size_t i = 0; i < L->lesson->nsteps; i++) {
		const struct lesson_step *st = &L->lesson->steps[i];
		if (st->kind == LESSON_STEP_READ)
			continue;
		int sc = lesson_run_step_score(L->run, i);
		char pts[32];
		snprintf(pts, sizeof pts, "%d/%d", sc < 0 ? 0 : sc, st->points);
		char par[48] = "";
		if (st->kind == LESSON_STEP_COMMAND && !lesson_run_step_skipped(L->run, i) &&
		    lesson_run_step_typed(L->run, i))
			snprintf(par, sizeof par, "  %zu/%zu lines", lesson_run_step_typed(L->run, i),
			         lesson_step_par(st));
		ui_transcript_addf(L->tr, sc == st->points ? UI_T_INFO : UI_T_COACH, 16,
		                   "  step %2zu %7s  %s%s%s", i + 1, pts,
		                   st->title ? st->title : (st->kind == LESSON_STEP_QUIZ ? "quiz" : "command"),
		                   lesson_run_step_skipped(L->run, i) ? " (skipped)" : "", par);
	}
	if (L->lesson->nrecap) {
		ui_transcript_addf(L->tr, UI_T_MARK, 3, "\u2500\u2500 to remember \u2500\u2500");
		for (size_t i = 0; i < L->lesson->nrecap; i++)
			ui_transcript_addf(L->tr, UI_T_INFO, 4, "  \u2022 %s", L->lesson->recap[i]);
	}
	ui_transcript_end(L->tr);
}

/* After a step changed: save, sum up a finished lesson, and lay the
 * screen out again (the lesson pane's height follows the step). */
static int after_change(struct app *a)
{
	ui_course_save(a);
	finished(a);
	return UI_DIRTY | UI_RELAYOUT;
}

static int lesson_submit(struct app *a, const char *line, size_t len)
{
	struct ui_lesson_view *L = a->lesson;
	const struct lesson_step *st = lesson_run_step(L->run);
	L->note[0] = '\0';
	L->note_bad = false;
	if (!st) {
		/* lesson to lesson: Enter goes on to the next one */
		size_t next = L->index + 1;
		if (next < a->course->set.n && ui_lesson_start(a, next, false) == 0) {
			ui_lessons_select(a, next);
			return ui_go(a, SCR_LESSON);
		}
		ui_lessons_select(a, L->index);
		return ui_go(a, SCR_LESSONS);
	}
	if (lesson_run_status(L->run) == LESSON_STEP_DONE || st->kind == LESSON_STEP_READ) {
		ui_lesson_pane_remember(L);
		lesson_run_continue(L->run);
		ui_lesson_pane_step_entered(L);
		return after_change(a);
	}
	if (st->kind == LESSON_STEP_COMMAND) {
		struct lesson_feed_result res;
		struct meta_line m;
		meta_parse(line, len, L->convo.in_data, &m);
		if (m.cmd == META_B64 || m.cmd == META_PLAIN) {
			/* the base64 helpers never reach the runner: the answer
			 * goes to the transcript or into the input line */
			char echo[UI_EDIT_MAX + 1], input[UI_EDIT_MAX + 1], msg[300];
			bool bad;
			ui_convo_echo(line, len, echo, sizeof echo);
			ui_transcript_add(L->tr, UI_T_INFO, 2, echo, strlen(echo));
			ui_convo_helper(&L->convo, &m, input, sizeof input, msg, sizeof msg, &bad);
			if (input[0])
				ui_edit_set(&a->cmd.edit, input);
			if (msg[0])
				ui_message(a, bad, "%s", msg);
			ui_transcript_end(L->tr);
			L->scroll_end = true;
			return UI_DIRTY;
		}
		/* a protocol line shows when the engine reads it (its LINE
		 * event); a meta-line never reaches it, so it is echoed here */
		bool batching = lesson_run_batching(L->run);
		bool group = batching && len == 0;
		if (batching && len && (m.cmd == META_NONE || m.cmd == META_UNKNOWN))
			ui_transcript_addf(L->tr, UI_T_EXPLAIN, 5, "   \u22ef queued: %.*s", (int)len,
			                   line);
		else if (!group && m.cmd != META_NONE)
			ui_transcript_add(L->tr, UI_T_INFO, 2, line, len);
		char copy[UI_EDIT_MAX + 1];
		memcpy(copy, line, len);
		copy[len] = '\0';
		/* the batch goes in one write: its lines, then the replies */
		if (group)
			ui_convo_group_begin(&L->convo);
		lesson_run_feed(L->run, copy, &res);
		if (group)
			ui_convo_group_end(&L->convo);
		if (m.cmd == META_NONE)
			ui_convo_after(&L->convo, line, len, lesson_run_session(L->run));
		if (m.cmd == META_DIG && res.note)
			dig_to_transcript(L, res.note);
		if (res.waited > 0) {
			char mark[96];
			meta_wait_mark(res.waited, mark, sizeof mark);
			ui_transcript_add(L->tr, UI_T_MARK, 3, mark, strlen(mark));
		}
		ui_transcript_end(L->tr);
		if (res.quit) {
			ui_course_save(a);
			return ui_go(a, SCR_LESSONS);
		}
		if (res.hint) {
			L->scroll_end = true;
			return after_change(a);
		}
		if (res.skipped || res.passed || res.restarted)
			ui_lesson_pane_step_entered(L);
		if (res.note) {
			snprintf(L->note, sizeof L->note, "%s", res.note);
			L->note_kind = res.note_kind;
		}
		L->note_bad = res.meta_error;
		L->scroll_end = true;   /* the feedback is at the bottom */
		return after_change(a);
	}
	/* a quiz: a meta-line (:skip, :help, :quit) goes to the runner */
	if (len && line[0] == ':') {
		struct lesson_feed_result res;
		char copy[UI_EDIT_MAX + 1];
		memcpy(copy, line, len);
		copy[len] = '\0';
		ui_transcript_add(L->tr, UI_T_INFO, 2, line, len);
		lesson_run_feed(L->run, copy, &res);
		if (res.accepted && res.note && !strncasecmp(copy, ":dig", 4))
			dig_to_transcript(L, res.note);
		if (res.quit) {
			ui_course_save(a);
			return ui_go(a, SCR_LESSONS);
		}
		if (res.skipped)
			ui_lesson_pane_step_entered(L);
		if (!res.accepted) {
			snprintf(L->note, sizeof L->note, "In a quiz, :skip, :help and :quit work.");
			L->note_bad = true;
		} else if (res.note) {
			snprintf(L->note, sizeof L->note, "%s", res.note);
			L->note_kind = res.note_kind;
		}
		return after_change(a);
	}
	enum lesson_answer ans;
	if (st->choices) {
		size_t picked[PICK_MAX], n = 0;
		bool any_digit = false;
		for (size_t i = 0; i < len; i++)
			if (isdigit((unsigned char)line[i])) {
				any_digit = true;
				break;
			}
		if (any_digit) {
			memset(L->pick, 0, sizeof L->pick);
			char copy[UI_EDIT_MAX + 1];
			memcpy(copy, line, len);
			copy[len] = '\0';
			for (char *t = strtok(copy, " ,"); t; t = strtok(NULL, " ,")) {
				long v = strtol(t, NULL, 10);
				if (v >= 1 && v <= PICK_MAX)
					L->pick[v - 1] = true;
			}
		}
		for (size_t i = 0; i < st->nchoices && i < PICK_MAX; i++)
			if (L->pick[i])
				picked[n++] = ui_lesson_shown(L, i);
		ans = lesson_run_answer_choices(L->run, picked, n);
	} else {
		char copy[UI_EDIT_MAX + 1];
		memcpy(copy, line, len);
		copy[len] = '\0';
		ans = lesson_run_answer_text(L->run, copy);
	}
	{
		char picks[64] = "";
		size_t pl = 0;
		for (size_t i = 0; st->choices && i < st->nchoices && i < PICK_MAX; i++)
			if (L->pick[i])
				pl += (size_t)snprintf(picks + pl, sizeof picks - pl, "%s%zu",
				                       pl ? "," : "", i + 1);
		if (ans == LESSON_ANSWER_RIGHT || ans == LESSON_ANSWER_WRONG)
			ui_transcript_addf(L->tr, ans == LESSON_ANSWER_RIGHT ? UI_T_MARK : UI_T_COACH, 5,
			                   "   quiz: answered %s%.*s%s: %s", st->choices ? "" : "\"",
			                   st->choices ? (int)pl : (int)len, st->choices ? picks : line,
			                   st->choices ? "" : "\"",
			                   ans == LESSON_ANSWER_RIGHT ? "right" : "not quite");
	}
	switch (ans) {
	case LESSON_ANSWER_RIGHT:
		ui_lesson_pane_step_entered(L);
		break;
	case LESSON_ANSWER_WRONG:
		snprintf(L->note, sizeof L->note, "Not quite. %s",
		         st->explain_wrong ? st->explain_wrong : "Try again.");
		L->note_bad = true;
		memset(L->pick, 0, sizeof L->pick);
		/* the question and the choices stay in view; the feedback
		 * follows them */
		L->scroll_to_step = true;
		L->scroll_end = false;
		break;
	case LESSON_ANSWER_INVALID:
		snprintf(L->note, sizeof L->note, st->choices ? "Pick a choice by its number."
		                                              : "Type an answer.");
		L->note_bad = true;
		break;
	case LESSON_ANSWER_NOT_NOW:
		break;
	}
	return after_change(a);
}

static int scr_lesson_key(struct app *a, int key)
{
	struct ui_lesson_view *L = a->lesson;
	if (!L->run)
		return UI_LEAVE;
	const struct lesson_step *st = lesson_run_step(L->run);
	bool open = st && lesson_run_status(L->run) == LESSON_STEP_ACTIVE;
	if (!st && key == 27) {
		/* a finished lesson: Esc to the list, on this lesson's row */
		ui_lessons_select(a, L->index);
		return ui_go(a, SCR_LESSONS);
	}
	switch (ui_key_action(CTX_LESSON, key)) {
	case ACT_HINT:
		if (open && st->kind == LESSON_STEP_COMMAND) {
			if (lesson_run_off_path(L->run))
				ui_message(a, false, "no hint fits from here: F7 sets the step up again");
			else if (!lesson_run_hint(L->run))
				ui_message(a, false, "no more hints for this step");
			L->scroll_end = true;   /* the new hint is the last row */
			return after_change(a);
		}
		return UI_DIRTY;
	case ACT_RESTART:
		if (open && st->kind == LESSON_STEP_COMMAND)
			return UI_DIRTY | lesson_submit(a, ":restart", 8);
		return UI_DIRTY;
	case ACT_SKIP:
		if (open && st->kind == LESSON_STEP_READ)   /* nothing to skip: read on */
			return UI_DIRTY | lesson_submit(a, "", 0);
		if (open) {
			lesson_run_skip(L->run);
			ui_lesson_pane_step_entered(L);
			return after_change(a);
		}
		return UI_DIRTY;
	case ACT_UP:
	case ACT_DOWN: {
		/* half a pane at a time: the row read last stays in view */
		int by = L->view_rows > 3 ? L->view_rows / 2 : 1;
		L->scroll_end = false;
		L->scroll += ui_key_action(CTX_LESSON, key) == ACT_UP ? -by : by;
		return UI_DIRTY;
	}
	default:
		break;
	}
	/* A digit ticks a choice while the input line is empty; Enter
	 * answers. A digit that answered at once made the learner's habit
	 * of "1 Enter" skip the explanation of a right answer. */
	if (open && st->kind == LESSON_STEP_QUIZ && st->choices && a->cmd.edit.len == 0 &&
	    a->focus == FOCUS_CMD && key >= '1' && key <= '9') {
		size_t i = (size_t)(key - '1');
		if (i < st->nchoices && i < PICK_MAX) {
			if (!ui_lesson_multi_choice(st)) {
				memset(L->pick, 0, sizeof L->pick);
				L->pick[i] = true;
			} else {
				L->pick[i] = !L->pick[i];
			}
			L->note[0] = '\0';
			return UI_DIRTY;
		}
	}
	/* Up/Down move through the choices too: a single-answer quiz picks
	 * the choice, a several-answer one moves the cursor that Space ticks */
	if (open && st->kind == LESSON_STEP_QUIZ && st->choices && a->cmd.edit.len == 0 &&
	    a->focus == FOCUS_CMD && (key == KF(KEY_UP) || key == KF(KEY_DOWN) || key == ' ')) {
		size_t n = st->nchoices < PICK_MAX ? st->nchoices : PICK_MAX;
		if (key == ' ') {
			if (ui_lesson_multi_choice(st))
				L->pick[L->cursor] = !L->pick[L->cursor];
		} else {
			bool picked = false;
			for (size_t i = 0; i < n; i++)
				picked |= L->pick[i];
			if (!ui_lesson_multi_choice(st) && !picked)
				/* nothing picked yet: Down takes the first, Up the last */
				L->cursor = key == KF(KEY_UP) ? n - 1 : 0;
			else if (key == KF(KEY_UP))
				L->cursor = L->cursor ? L->cursor - 1 : n - 1;
			else
				L->cursor = (L->cursor + 1) % n;
			if (!ui_lesson_multi_choice(st)) {
				memset(L->pick, 0, sizeof L->pick);
				L->pick[L->cursor] = true;
			}
		}
		L->note[0] = '\0';
		return UI_DIRTY;
	}
	return ui_conversation_key(a, key, L->tr, &L->convo, lesson_submit);
}

const struct ui_screen_ops ui_scr_lesson = {
	.help = 1u << CTX_LESSON | 1u << CTX_CMD,
	.init = scr_lesson_init,
	.layout = scr_lesson_layout,
	.draw = scr_lesson_draw,
	.key = scr_lesson_key,
	.free = scr_lesson_free,
};
