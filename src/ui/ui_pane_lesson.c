/* ui_pane_lesson.c — the lesson pane: the current step (its text, the
 * task, hints, quiz choices, the feedback; once done, what it taught)
 * under the steps done so far, which scrolling back shows. */
#include "ui/ui_lesson.h"
#include "ui/ui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_lesson_pane_free(struct ui_lesson_view *L)
{
	for (size_t i = 0; i < L->nhist; i++) {
		free(L->hist[i].prefix);
		free(L->hist[i].text);
	}
	free(L->hist);
	L->hist = NULL;
	L->nhist = L->caphist = 0;
}

static void hist_add(struct ui_lesson_view *L, enum ui_role role, const char *prefix,
                     const char *text)
{
	if (!text)
		return;
	if (L->nhist == L->caphist) {
		size_t cap = L->caphist ? 2 * L->caphist : 32;
		struct hist_line *v = realloc(L->hist, cap * sizeof *v);
		if (!v)
			return;
		L->hist = v;
		L->caphist = cap;
	}
	L->hist[L->nhist].role = role;
	L->hist[L->nhist].prefix = prefix ? strdup(prefix) : NULL;
	L->hist[L->nhist].text = strdup(text);
	L->nhist++;
}

void ui_lesson_pane_step_entered(struct ui_lesson_view *L)
{
	memset(L->pick, 0, sizeof L->pick);
	L->cursor = 0;
	L->note[0] = '\0';
	L->note_bad = false;
	L->note_kind = LESSON_NOTE_NONE;
	L->scroll = 0;
	L->scroll_end = false;
	L->scroll_to_step = true;
	/* a step set up by the runner (after a skip, or when the step before
	 * was passed another way) says so */
	const char *entry = L->run ? lesson_run_entry_note(L->run) : NULL;
	if (entry) {
		snprintf(L->note, sizeof L->note, "%s", entry);
		L->note_kind = LESSON_NOTE_INFO;
	}
}

/* The colour of the note under the task. */
static enum ui_role note_role(const struct ui_lesson_view *L)
{
	if (L->note_bad)
		return R_ERROR;
	switch (L->note_kind) {
	case LESSON_NOTE_GOOD:
		return R_GOOD;
	case LESSON_NOTE_BAD:
		return R_COACH;
	case LESSON_NOTE_OFF_PATH:
		return R_ERROR;
	default:
		return R_NORMAL;
	}
}

bool ui_lesson_multi_choice(const struct lesson_step *st)
{
	return st->ncorrect > 1;
}

/* A quiz's explain, for a learner who skipped it: without the "Right."
 * or "Yes:" that greets a right answer. */
static const char *explain_after_skip(const char *explain)
{
	static const char *const praise[] = { "Right", "Yes", "Exactly", "Correct" };
	for (size_t i = 0; i < sizeof praise / sizeof *praise; i++) {
		size_t n = strlen(praise[i]);
		if (!strncmp(explain, praise[i], n) && (explain[n] == '.' || explain[n] == ':' ||
		                                        explain[n] == '!') && explain[n + 1] == ' ')
			return explain + n + 2;
	}
	return explain;
}

/* The choice shown at place I of the current quiz (choices are shown
 * shuffled, the same way every time). */
size_t ui_lesson_shown(const struct ui_lesson_view *L, size_t i)
{
	const size_t *order = lesson_run_choice_order(L->run);
	return order ? order[i] : i;
}

/* What the pane says about a step that is done: passed, or skipped with
 * what was expected. */
#define TEXT(prefix, text, role) \
	do { \
		if (w) ui_marked(a, w, &row, maxrow, 1, width, prefix, text, a->attr[role]); \
		else row += ui_marked_rows(prefix, text, width); \
	} while (0)

static int done_body(struct app *a, WINDOW *w, int width, int row, int maxrow,
                     const struct lesson_step *st)
{
	struct ui_lesson_view *L = a->lesson;
	char buf[256];
	size_t idx = lesson_run_index(L->run);
	int sc = lesson_run_step_score(L->run, idx);
	if (!lesson_run_step_skipped(L->run, idx)) {
		if (st->kind == LESSON_STEP_READ)
			snprintf(buf, sizeof buf, "\u2713 Read.");
		else
			snprintf(buf, sizeof buf, "\u2713 Done: %d of %d point%s.", sc < 0 ? 0 : sc,
			         st->points, st->points == 1 ? "" : "s");
		TEXT(NULL, buf, R_GOOD);
		/* the step's explain is written for its example's way; passed
		 * another way, the runner glosses the learner's own reply */
		const char *done = lesson_run_done_text(L->run);
		if (done)
			TEXT(NULL, done, R_NORMAL);
		TEXT(NULL, "Enter: next step", R_DIM);
		return row;
	}
	snprintf(buf, sizeof buf, "Skipped \u2014 0 of %d point%s. What was expected:",
	         st->points, st->points == 1 ? "" : "s");
	TEXT(NULL, buf, R_COACH);
	if (st->kind == LESSON_STEP_COMMAND) {
		TEXT("Example: ", st->example_text, R_LABEL);
		if (st->explain)
			TEXT(NULL, st->explain, R_NORMAL);
	} else if (st->kind == LESSON_STEP_QUIZ) {
		if (st->choices) {
			for (size_t i = 0; i < st->nchoices; i++)
				if (st->correct[ui_lesson_shown(L, i)]) {
					snprintf(buf, sizeof buf, "\u2713 %zu) ", i + 1);
					TEXT(buf, st->choices[ui_lesson_shown(L, i)], R_LABEL);
				}
		} else if (st->nanswer_text) {
			TEXT("Answer: ", st->answer_text[0], R_LABEL);
		}
		if (st->explain)
			TEXT(NULL, explain_after_skip(st->explain), R_NORMAL);
	}
	TEXT(NULL, "Enter: next step", R_DIM);
	return row;
}

/* The lesson pane's content from row ROW (rows before 1 are scrolled off
 * and drawn nowhere); draws when W is not NULL, and returns the row after
 * the content either way. The order puts what the learner acts on first:
 * the task, the choices, then the feedback. */
static int current_body(struct app *a, WINDOW *w, int width, int row, int maxrow)
{
	struct ui_lesson_view *L = a->lesson;
	const struct lesson_step *st = lesson_run_step(L->run);
	char buf[256];
	if (!w)
		maxrow = 1 << 20;
	if (!st) {
		snprintf(buf, sizeof buf, "Lesson complete: %d of %d points. The steps are "
		         "listed in the transcript.",
		         lesson_run_score(L->run), lesson_run_max_score(L->run));
		TEXT(NULL, buf, R_GOOD);
		const struct lesson_set *set = &a->course->set;
		if (L->index + 1 < set->n) {
			snprintf(buf, sizeof buf, "Enter: next \u2014 %zu %s \u00b7 Esc: the lesson list",
			         L->index + 2, set->v[L->index + 1]->title);
			TEXT(NULL, buf, R_LABEL);
		} else {
			TEXT(NULL, "That was the last lesson. Enter: the lesson list", R_LABEL);
		}
		return row;
	}
	if (lesson_run_status(L->run) == LESSON_STEP_DONE)
		return done_body(a, w, width, row, maxrow, st);
	switch (st->kind) {
	case LESSON_STEP_READ:
		TEXT(NULL, st->text, R_NORMAL);
		TEXT(NULL, "Enter: continue", R_DIM);
		break;
	case LESSON_STEP_COMMAND:
		TEXT(NULL, st->prompt, R_TITLE);
		for (size_t i = 0; i < lesson_run_hints_shown(L->run); i++) {
			const char *h = lesson_step_hint(st, i);
			bool example = i + 1 == lesson_step_hint_count(st);
			TEXT(example ? "Example: " : "Hint: ", h, R_COACH);
		}
		if (L->note[0])
			TEXT(NULL, L->note, note_role(L));
		break;
	case LESSON_STEP_QUIZ:
		TEXT(NULL, st->question, R_TITLE);
		for (size_t i = 0; i < st->nchoices; i++) {
			bool ticked = i < PICK_MAX && L->pick[i];
			if (ui_lesson_multi_choice(st))
				snprintf(buf, sizeof buf, "%zu%s[%s] ", i + 1,
				         i == L->cursor ? "\u203a" : " ", ticked ? "x" : " ");
			else
				snprintf(buf, sizeof buf, "%zu%s ", i + 1, ticked ? ">" : ")");
			TEXT(buf, st->choices[ui_lesson_shown(L, i)], ticked ? R_LABEL : R_NORMAL);
		}
		if (L->note[0])
			TEXT(NULL, L->note, L->note_bad ? R_ERROR : note_role(L));
		break;
	}
	return row;
}
/* The steps done so far, dimmed, each ending in a rule. */
static int history_body(struct app *a, WINDOW *w, int width, int row, int maxrow)
{
	struct ui_lesson_view *L = a->lesson;
	for (size_t i = 0; i < L->nhist; i++) {
		const struct hist_line *h = &L->hist[i];
		TEXT(h->prefix, h->text, h->role);
	}
	return row;
}

/* The pane's content: the history, then the current step. */
static int lesson_body(struct app *a, WINDOW *w, int width, int row, int maxrow)
{
	if (!w)
		maxrow = 1 << 20;
	row = history_body(a, w, width, row, maxrow);
	return current_body(a, w, width, row, maxrow);
}
#undef TEXT

/* The current step's text and feedback, into the history: called as the
 * learner leaves a step, so that scrolling back shows it as it was. */
void ui_lesson_pane_remember(struct ui_lesson_view *L)
{
	const struct lesson_step *st = lesson_run_step(L->run);
	if (!st)
		return;
	size_t idx = lesson_run_index(L->run);
	char head[256];
	int sc = lesson_run_step_score(L->run, idx);
	if (lesson_run_step_skipped(L->run, idx))
		snprintf(head, sizeof head, "Step %zu%s%s \u2014 skipped", idx + 1,
		         st->title ? ": " : "", st->title ? st->title : "");
	else if (st->kind == LESSON_STEP_READ)
		snprintf(head, sizeof head, "Step %zu%s%s", idx + 1, st->title ? ": " : "",
		         st->title ? st->title : "");
	else
		snprintf(head, sizeof head, "Step %zu%s%s \u2014 %d of %d point%s", idx + 1,
		         st->title ? ": " : "", st->title ? st->title : "", sc < 0 ? 0 : sc,
		         st->points, st->points == 1 ? "" : "s");
	hist_add(L, R_DIM, NULL, head);
	switch (st->kind) {
	case LESSON_STEP_READ:
		hist_add(L, R_DIM, NULL, st->text);
		break;
	case LESSON_STEP_COMMAND:
		hist_add(L, R_DIM, NULL, st->prompt);
		if (lesson_run_step_skipped(L->run, idx))
			hist_add(L, R_DIM, "Example: ", st->example_text);
		break;
	case LESSON_STEP_QUIZ:
		hist_add(L, R_DIM, NULL, st->question);
		for (size_t i = 0; st->choices && i < st->nchoices; i++)
			if (st->correct[i])
				hist_add(L, R_DIM, "\u2713 ", st->choices[i]);
		if (st->nanswer_text)
			hist_add(L, R_DIM, "Answer: ", st->answer_text[0]);
		break;
	}
	const char *done = lesson_run_done_text(L->run);
	if (done)
		hist_add(L, R_NORMAL, NULL, done);
	hist_add(L, R_DIM, NULL, "\u2500\u2500\u2500");
}

/* Rows the pane would like: the current step and the frame (the history
 * is there by scrolling back). */
int ui_lesson_pane_rows(struct app *a, int width)
{
	struct ui_lesson_view *L = a->lesson;
	if (!L || !L->run)
		return 5;
	return current_body(a, NULL, width, 0, 1 << 20) + 2;
}

/* The frame's title: the lesson, the step count and the step's title,
 * shortened in that order of importance (the lesson's title is whole in
 * the transcript): the step count and as much of the step's title as
 * fits always stay. */
static void pane_title(struct ui_lesson_view *L, char *out, size_t n, int maxw)
{
	const struct lesson_step *st = lesson_run_step(L->run);
	size_t idx = lesson_run_index(L->run), total = L->lesson->nsteps;
	const char *lt = L->lesson->title;
	if (!st) {
		snprintf(out, n, "Lesson %zu \u00b7 %s \u00b7 complete", L->index + 1, lt);
		return;
	}
	char step[160];
	snprintf(step, sizeof step, "step %zu/%zu%s%s", idx + 1, total, st->title ? ": " : "",
	         st->title ? st->title : "");
	char head[32];
	snprintf(head, sizeof head, "Lesson %zu \u00b7 ", L->index + 1);
	int hw = (int)ui_text_width(head, strlen(head));
	int sw = (int)ui_text_width(step, strlen(step));
	int tw = (int)ui_text_width(lt, strlen(lt));
	int sep = 3; /* " · " */
	if (hw + tw + sep + sw <= maxw) {
		snprintf(out, n, "%s%s \u00b7 %s", head, lt, step);
		return;
	}
	int room = maxw - hw - sep - sw - 1; /* the ellipsis */
	if (room >= 6) {
		int used;
		size_t cut = ui_fit(lt, strlen(lt), room, &used);
		while (cut && lt[cut - 1] == ' ')
			cut--;
		snprintf(out, n, "%s%.*s\u2026 \u00b7 %s", head, (int)cut, lt, step);
		return;
	}
	if (hw + sw <= maxw) {
		snprintf(out, n, "%s%s", head, step);
		return;
	}
	/* "Step 9/11: What the envelope…" */
	step[0] = 'S';
	if (sw > maxw) {
		int used;
		size_t cut = ui_fit(step, strlen(step), maxw - 1, &used);
		snprintf(out, n, "%.*s\u2026", (int)cut, step);
		return;
	}
	snprintf(out, n, "%s", step);
}

void ui_lesson_pane_draw(struct app *a, WINDOW *w)
{
	struct ui_lesson_view *L = a->lesson;
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	int view = h - 2 > 0 ? h - 2 : 0;
	int rows = lesson_body(a, NULL, wd - 2, 0, 0);
	L->hist_rows = history_body(a, NULL, wd - 2, 0, 1 << 20);
	int most = rows > view ? rows - view : 0;
	if (L->scroll_to_step) {
		L->scroll = L->hist_rows;
		L->scroll_to_step = false;
	}
	if (L->scroll_end)
		L->scroll = most;
	if (L->scroll > most)
		L->scroll = most;
	if (L->scroll < 0)
		L->scroll = 0;
	L->body_rows = rows;
	L->view_rows = view;
	/* the content first, the frame over it: rows scrolled above the pane
	 * land on its top border or outside the window */
	lesson_body(a, w, wd - 2, 1 - L->scroll, h - 1);
	char title[256];
	pane_title(L, title, sizeof title, wd - 6);
	ui_frame(a, w, title, true);
	if (most) {
		const char *more = L->scroll == 0 ? " \u2193 more: S-Down "
		                 : L->scroll == most ? " \u2191 more: S-Up "
		                 : " \u2191\u2193 more: S-Up/S-Down ";
		int mw = (int)ui_text_width(more, strlen(more));
		ui_puts(a, w, h - 1, wd - 2 - mw, more, mw, a->attr[R_BORDER_FOCUS] | A_BOLD);
	}
}
