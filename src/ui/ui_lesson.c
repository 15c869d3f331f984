/* ui_lesson.c — the lesson list and the lesson mode: a thin layer over
 * the step runner (src/lesson/run.h). The runner owns the engine session
 * and forwards its events to the same conversation sink free play uses;
 * this file adds the lesson pane (step, text, prompt, hints, quiz, the
 * explanation, the score) and saves progress after every step. */
#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "lesson/meta.h"
#include "lesson/run.h"
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { PICK_MAX = 16 };

struct ui_lessons {
	bool loaded;
	struct lesson_set set;
	size_t nbroken;              /* files that did not load */
	struct lesson_progress *prog;
	char warn[256];              /* progress file set aside, etc. */
	size_t sel, top;             /* the list */

	/* the lesson being played */
	struct lesson_run *run;
	const struct lesson *lesson;
	size_t index;                /* its place in the set */
	struct ui_transcript *tr;
	struct ui_convo convo;
	char note[512];              /* feedback under the task */
	bool note_bad;               /* a quiz answer or input that failed */
	enum lesson_note_kind note_kind; /* the runner's kind of note */
	bool pick[PICK_MAX];         /* quiz choices ticked */
	size_t cursor;               /* the choice Up/Down are on */
	bool summary_shown;          /* the final breakdown is in the transcript */
	int scroll;                  /* lesson pane rows scrolled off its top */
	bool scroll_end;             /* show the pane's last rows (a new hint) */
	int body_rows, view_rows;    /* the pane's content, and what shows of it */
	size_t replay_step;          /* the step a resume replay is in, + 1 */
	bool confirm_afresh;         /* the list asks: start the selected lesson
	                              * afresh, discarding its progress? */
	/* the steps passed so far, as the pane showed them once done: above
	 * the current step, reached by scrolling back (vimtutor keeps the
	 * whole lesson on screen) */
	struct hist_line {
		enum ui_role role;
		char *prefix, *text;
	} *hist;
	size_t nhist, caphist;
	int hist_rows;               /* rows the history takes in the pane */
	char **addrs;                /* the lesson's own addresses, offered
	                              * first by Tab (NULL-terminated) */
	bool scroll_to_step;         /* show the current step's first row */
};

static void load(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	if (L->loaded)
		return;
	L->loaded = true;
	struct lesson_errors errs = { 0 };
	int bad = lesson_set_load_dir(&L->set, lesson_dir_default(), &errs);
	L->nbroken = bad > 0 ? (size_t)bad : 0;
	if (bad < 0)
		snprintf(L->warn, sizeof L->warn, "%s", errs.n ? errs.v[0] : "no lessons found");
	else if (bad > 0)
		snprintf(L->warn, sizeof L->warn, "%d lesson file%s could not be loaded "
		         "(smtpsim check-lessons says why)", bad, bad == 1 ? "" : "s");
	lesson_errors_free(&errs);
	char w[256] = "";
	L->prog = lesson_progress_load(NULL, w, sizeof w);
	if (w[0])
		snprintf(L->warn, sizeof L->warn, "%s", w);
}

static struct ui_lessons *lessons(struct app *a)
{
	if (!a->lessons)
		a->lessons = calloc(1, sizeof *a->lessons);
	if (a->lessons)
		load(a);
	return a->lessons;
}

const char *ui_lessons_summary(struct app *a, char *buf, size_t n)
{
	struct ui_lessons *L = lessons(a);
	if (!L || !L->set.n) {
		snprintf(buf, n, "no lessons found");
		return buf;
	}
	size_t done = 0;
	for (size_t i = 0; i < L->set.n; i++) {
		const struct lesson_progress_entry *e =
			L->prog ? lesson_progress_get(L->prog, L->set.v[i]->id) : NULL;
		if (e && e->completed)
			done++;
	}
	snprintf(buf, n, "%zu of %zu lessons done", done, L->set.n);
	return buf;
}

size_t ui_lessons_count(struct app *a)
{
	struct ui_lessons *L = lessons(a);
	return L ? L->set.n : 0;
}

const char *ui_lessons_line(struct app *a, size_t i, char *buf, size_t n)
{
	struct ui_lessons *L = lessons(a);
	if (!L || i >= L->set.n) {
		snprintf(buf, n, "%s", "");
		return buf;
	}
	const struct lesson *l = L->set.v[i];
	const struct lesson_progress_entry *e =
		L->prog ? lesson_progress_get(L->prog, l->id) : NULL;
	const char *mark = e && e->completed ? "\u2713" : e && e->current > 0 ? "\u2026" : " ";
	snprintf(buf, n, "%s %2zu %s", mark, i + 1, l->title);
	return buf;
}

static void save_progress(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	char err[256];
	if (!L->prog || !L->run)
		return;
	lesson_progress_record(L->prog, L->run);
	if (lesson_progress_save(L->prog, err, sizeof err) < 0)
		ui_message(a, true, "progress not saved: %s", err);
}

static void hist_free(struct ui_lessons *L)
{
	for (size_t i = 0; i < L->nhist; i++) {
		free(L->hist[i].prefix);
		free(L->hist[i].text);
	}
	free(L->hist);
	L->hist = NULL;
	L->nhist = L->caphist = 0;
}

static void hist_add(struct ui_lessons *L, enum ui_role role, const char *prefix,
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

/* The addresses a lesson's examples and setup use (MAIL FROM:<…> and
 * RCPT TO:<…>), in order of first use, for Tab to offer first. */
static void collect_addrs(struct ui_lessons *L)
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

static void close_lesson(struct ui_lessons *L)
{
	hist_free(L);
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

/* "envelope", "3", "03" or "03-envelope". */
static void step_entered(struct ui_lessons *L)
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
static enum ui_role note_role(const struct ui_lessons *L)
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

/* A :dig answer also goes to the transcript, where it stays once the
 * step it solved is done (the pane moves on). */
static void dig_to_transcript(struct ui_lessons *L, const char *ans)
{
	while (*ans) {
		const char *nl = strchr(ans, '\n');
		size_t n = nl ? (size_t)(nl - ans) : strlen(ans);
		ui_transcript_addf(L->tr, UI_T_INFO, 5, "   %.*s", (int)n, ans);
		ans += n + (nl ? 1 : 0);
	}
}

/* A resume replays the steps before with their examples: each line shows
 * in the transcript as if typed, under a mark naming its step. */
static void replayed_line(void *ctx, size_t step, const char *line, bool before)
{
	struct ui_lessons *L = ctx;
	if (!line) {
		/* the last connection of a rebuild begins: what follows was
		 * typed by the runner for the learner */
		ui_transcript_addf(L->tr, UI_T_MARK, 3, "\u2500\u2500 step %zu set up afresh "
		                   "(\u21ba: typed for you) \u2500\u2500", step + 1);
		L->replay_step = 0;
		return;
	}
	size_t len = strlen(line);
	if (!before) {
		ui_convo_after(&L->convo, line, len, lesson_run_session(L->run));
		L->convo.replaying = false;
		return;
	}
	L->convo.replaying = true;
	if (L->replay_step != step + 1) {
		const struct lesson_step *st = &L->lesson->steps[step];
		L->replay_step = step + 1;
		ui_transcript_addf(L->tr, UI_T_MARK, 3, "\u2500\u2500 step %zu%s%s (done before) "
		                   "\u2500\u2500", step + 1, st->title ? ": " : "",
		                   st->title ? st->title : "");
	}
	if (line[0] == ':')
		ui_transcript_addf(L->tr, UI_T_EXPLAIN, 2, "%.*s   \u21ba replayed", (int)len, line);
	else
		ui_convo_client(&L->convo, line, len);
}

/* Resume at the step the progress file names, replaying the steps before
 * into the transcript. False when there is nothing to resume. */
static bool resume(struct ui_lessons *L, const struct lesson_progress_entry *e)
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
	L->replay_step = 0;
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

static int start_lesson(struct app *a, size_t idx, bool afresh)
{
	struct ui_lessons *L = a->lessons;
	char err[256];
	close_lesson(L);
	L->lesson = L->set.v[idx];
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
	step_entered(L);
	ui_transcript_addf(L->tr, UI_T_INFO, 2, "Lesson %zu: %s", idx + 1, L->lesson->title);
	ui_transcript_addf(L->tr, UI_T_INFO, 2, "%s", L->lesson->summary);
	const struct lesson_progress_entry *e =
		L->prog ? lesson_progress_get(L->prog, L->lesson->id) : NULL;
	if (afresh && L->prog)
		lesson_progress_restart(L->prog, L->lesson->id);
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
	struct ui_lessons *L = lessons(a);
	if (!L || !L->set.n)
		return -1;
	if (L->run && L->lesson && !lesson_run_finished(L->run)) {
		*step = lesson_run_index(L->run);
		return (ptrdiff_t)L->index;
	}
	for (size_t i = L->set.n; i-- > 0;) {
		const struct lesson_progress_entry *e =
			L->prog ? lesson_progress_get(L->prog, L->set.v[i]->id) : NULL;
		if (e && e->current > 0 && e->current < L->set.v[i]->nsteps) {
			*step = e->current;
			return (ptrdiff_t)i;
		}
	}
	return -1;
}

bool ui_lessons_continue_label(struct app *a, char *buf, size_t n)
{
	size_t step = 0;
	ptrdiff_t i = continue_index(a, &step);
	if (i < 0)
		return false;
	snprintf(buf, n, "lesson %td, step %zu \u2014 %s", i + 1, step + 1,
	         a->lessons->set.v[i]->title);
	return true;
}

int ui_lessons_continue(struct app *a)
{
	struct ui_lessons *L = lessons(a);
	size_t step = 0;
	ptrdiff_t i = continue_index(a, &step);
	if (i < 0)
		return -1;
	L->sel = (size_t)i;
	if (L->run && L->index == (size_t)i && !lesson_run_finished(L->run))
		return 0;   /* the lesson left open: back to it as it was */
	return start_lesson(a, (size_t)i, false);
}

int ui_lessons_open(struct app *a, const char *id)
{
	struct ui_lessons *L = lessons(a);
	if (!L) {
		ui_message(a, true, "out of memory");
		return -1;
	}
	if (!L->set.n) {
		char why[400];
		ui_message(a, true, "%s", lesson_dir_none_found(why, sizeof why));
		return -1;
	}
	if (!id) {
		if (L->warn[0])
			ui_message(a, true, "%s", L->warn);
		return 0;
	}
	ptrdiff_t i = lesson_set_find_arg(&L->set, id);
	if (i < 0) {
		char *vis = ui_visible(id, strlen(id), NULL);
		ui_message(a, true, "no lesson '%s' (smtpsim lesson lists them)", vis ? vis : "");
		free(vis);
		return -1;
	}
	L->sel = (size_t)i;
	return start_lesson(a, (size_t)i, false);
}

void ui_lessons_free(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	if (!L)
		return;
	close_lesson(L);
	lesson_set_free(&L->set);
	if (L->prog)
		lesson_progress_free(L->prog);
	free(L);
	a->lessons = NULL;
}

/* --- layout ------------------------------------------------------------ */

static int lesson_pane_rows(struct app *a);

void ui_lessons_layout(struct app *a, int rows, int cols)
{
	if (a->screen == SCR_LESSONS) {
		ui_layout_compute(&a->lay, UI_LAYOUT_BROWSE, rows, cols, 0);
		if (a->lay.too_small)
			return;
		a->w_a = newwin(a->lay.list.h, a->lay.list.w, a->lay.list.y, a->lay.list.x);
		a->w_b = newwin(a->lay.entry.h, a->lay.entry.w, a->lay.entry.y, a->lay.entry.x);
		return;
	}
	ui_layout_compute(&a->lay, UI_LAYOUT_LESSON, rows, cols, 0);
	if (a->lay.too_small)
		return;
	ui_layout_compute(&a->lay, UI_LAYOUT_LESSON, rows, cols, lesson_pane_rows(a));
	const struct ui_rect *r[] = { &a->lay.transcript, &a->lay.lesson, &a->lay.command,
	                              &a->lay.sidebar };
	WINDOW **w[] = { &a->w_a, &a->w_d, &a->w_b, &a->w_c };
	for (size_t i = 0; i < 4; i++)
		*w[i] = newwin(r[i]->h, r[i]->w, r[i]->y, r[i]->x);
}

/* --- the lesson list ------------------------------------------------- */

static int list_rows(struct app *a)
{
	return a->lay.list.h - 2;
}

static void list_keep_visible(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	size_t h = (size_t)(list_rows(a) > 1 ? list_rows(a) : 1);
	if (L->sel < L->top)
		L->top = L->sel;
	if (L->sel >= L->top + h)
		L->top = L->sel - h + 1;
}

static void draw_list(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	WINDOW *w = a->w_a;
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "Lessons", true);
	int iw = wd - 2;
	list_keep_visible(a);
	for (int i = 0; i < h - 2 && L->top + (size_t)i < L->set.n; i++) {
		size_t k = L->top + (size_t)i;
		const struct lesson *l = L->set.v[k];
		const struct lesson_progress_entry *e =
			L->prog ? lesson_progress_get(L->prog, l->id) : NULL;
		bool sel = k == L->sel;
		attr_t at = sel ? a->attr[R_SELECT] : a->attr[R_NORMAL];
		if (sel)
			mvwhline(w, 1 + i, 1, ' ' | at, iw);
		char mark[32];
		if (e && e->completed)
			snprintf(mark, sizeof mark, "\u2713 %d/%d", e->best, l->max_score);
		else if (e && e->current > 0)
			snprintf(mark, sizeof mark, "\u2026 %zu/%zu", e->current, l->nsteps);
		else
			mark[0] = '\0';
		int mw = (int)ui_text_width(mark, strlen(mark));
		char label[160];
		snprintf(label, sizeof label, "%2zu %s", k + 1, l->title);
		ui_puts_fit(a, w, 1 + i, 1, label, iw - mw - 1, at);
		if (mw)
			ui_puts(a, w, 1 + i, 1 + iw - mw, mark, mw,
			        sel ? at : (e && e->completed ? a->attr[R_GOOD] : a->attr[R_DIM]));
	}

	WINDOW *d = a->w_b;
	getmaxyx(d, h, wd);
	werase(d);
	ui_frame(a, d, "About", false);
	if (L->sel < L->set.n) {
		const struct lesson *l = L->set.v[L->sel];
		const struct lesson_progress_entry *e =
			L->prog ? lesson_progress_get(L->prog, l->id) : NULL;
		int row = 1, maxrow = h - 1, x = 2, tw = wd - 4;
		ui_marked(a, d, &row, maxrow, x, tw, NULL, l->title, a->attr[R_TITLE]);
		row++;
		ui_marked(a, d, &row, maxrow, x, tw, NULL, l->summary, a->attr[R_NORMAL]);
		row++;
		char buf[256];
		snprintf(buf, sizeof buf, "%zu steps, %d points, about %d minute%s; server: %s",
		         l->nsteps, l->max_score, l->minutes, l->minutes == 1 ? "" : "s", l->profile);
		ui_wrapped(a, d, &row, maxrow, x, tw, "Size", buf, a->attr[R_NORMAL]);
		if (l->nrequires) {
			size_t len = 0;
			buf[0] = '\0';
			for (size_t i = 0; i < l->nrequires && len < sizeof buf; i++) {
				/* the learner knows a lesson by its number and title */
				const struct lesson *r = lesson_set_find(&L->set, l->requires[i]);
				size_t k = 0;
				while (r && k < L->set.n && L->set.v[k] != r)
					k++;
				if (r)
					len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%zu %s",
					                        i ? ", " : "", k + 1, r->title);
				else
					len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s",
					                        i ? ", " : "", l->requires[i]);
			}
			ui_wrapped(a, d, &row, maxrow, x, tw, "Take first", buf, a->attr[R_NORMAL]);
		}
		if (e && e->completed)
			snprintf(buf, sizeof buf, "done; best score %d of %d", e->best, l->max_score);
		else if (e && e->current > 0)
			snprintf(buf, sizeof buf, "stopped at step %zu of %zu: Enter resumes, r starts afresh",
			         e->current + 1, l->nsteps);
		else
			snprintf(buf, sizeof buf, "not started");
		ui_wrapped(a, d, &row, maxrow, x, tw, "Progress", buf, a->attr[R_NORMAL]);
	}
	char info[64];
	ui_lessons_summary(a, info, sizeof info);
	if (L->confirm_afresh && L->sel < L->set.n) {
		char ask[200];
		const struct lesson *l = L->set.v[L->sel];
		const struct lesson_progress_entry *e =
			L->prog ? lesson_progress_get(L->prog, l->id) : NULL;
		if (e && e->current > 0)
			snprintf(ask, sizeof ask, "Start lesson %zu afresh? Progress at step %zu is "
			         "discarded (the best score stays). y: yes, any other key: no",
			         L->sel + 1, e->current + 1);
		else
			snprintf(ask, sizeof ask, "Start lesson %zu afresh? y: yes, any other key: no",
			         L->sel + 1);
		ui_status(a, info, ask);
		return;
	}
	ui_status(a, info, "\u2191\u2193 choose  Enter start  r afresh  q back  F1 Help");
}

static int list_key(struct app *a, int key)
{
	struct ui_lessons *L = a->lessons;
	if (L->confirm_afresh) {
		/* `r` is also the menu's key for Reference, so it gets pressed
		 * by habit: discarding progress takes a second key */
		L->confirm_afresh = false;
		if ((key == 'y' || key == 'Y') && start_lesson(a, L->sel, true) == 0)
			ui_goto(a, SCR_LESSON);
		return UI_DIRTY;
	}
	switch (ui_key_action(CTX_LIST, key)) {
	case ACT_UP:
		if (L->sel > 0)
			L->sel--;
		return UI_DIRTY;
	case ACT_DOWN:
		if (L->sel + 1 < L->set.n)
			L->sel++;
		return UI_DIRTY;
	case ACT_SUBMIT:
		if (start_lesson(a, L->sel, false) == 0)
			ui_goto(a, SCR_LESSON);
		return UI_DIRTY;
	case ACT_RESTART: {
		const struct lesson_progress_entry *e =
			L->sel < L->set.n && L->prog
			? lesson_progress_get(L->prog, L->set.v[L->sel]->id) : NULL;
		if (e && (e->current > 0 || e->completed))
			L->confirm_afresh = true;   /* something to lose: ask */
		else if (start_lesson(a, L->sel, true) == 0)
			ui_goto(a, SCR_LESSON);
		return UI_DIRTY;
	}
	case ACT_LEAVE:
		return UI_LEAVE;
	default:
		return 0;
	}
}

/* --- the lesson pane ----------------------------------------------------- */

static bool multi_choice(const struct lesson_step *st)
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
static size_t shown(const struct ui_lessons *L, size_t i)
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
	struct ui_lessons *L = a->lessons;
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
				if (st->correct[shown(L, i)]) {
					snprintf(buf, sizeof buf, "\u2713 %zu) ", i + 1);
					TEXT(buf, st->choices[shown(L, i)], R_LABEL);
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
	struct ui_lessons *L = a->lessons;
	const struct lesson_step *st = lesson_run_step(L->run);
	char buf[256];
	if (!w)
		maxrow = 1 << 20;
	if (!st) {
		snprintf(buf, sizeof buf, "Lesson complete: %d of %d points. The steps are "
		         "listed in the transcript.",
		         lesson_run_score(L->run), lesson_run_max_score(L->run));
		TEXT(NULL, buf, R_GOOD);
		if (L->index + 1 < L->set.n) {
			snprintf(buf, sizeof buf, "Enter: next \u2014 %zu %s \u00b7 Esc: the lesson list",
			         L->index + 2, L->set.v[L->index + 1]->title);
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
			if (multi_choice(st))
				snprintf(buf, sizeof buf, "%zu%s[%s] ", i + 1,
				         i == L->cursor ? "\u203a" : " ", ticked ? "x" : " ");
			else
				snprintf(buf, sizeof buf, "%zu%s ", i + 1, ticked ? ">" : ")");
			TEXT(buf, st->choices[shown(L, i)], ticked ? R_LABEL : R_NORMAL);
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
	struct ui_lessons *L = a->lessons;
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
static void remember_step(struct ui_lessons *L)
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
static int lesson_pane_rows(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	if (!L || !L->run)
		return 5;
	return current_body(a, NULL, a->lay.lesson.w - 2, 0, 1 << 20) + 2;
}

/* The frame's title: the lesson, the step count and the step's title,
 * shortened in that order of importance (the lesson's title is whole in
 * the transcript): the step count and as much of the step's title as
 * fits always stay. */
static void pane_title(struct ui_lessons *L, char *out, size_t n, int maxw)
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

static void draw_pane(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	WINDOW *w = a->w_d;
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

static void draw_lesson(struct app *a)
{
	struct ui_lessons *L = a->lessons;
	/* Tab offers the lesson's own addresses first (free play clears them) */
	ui_edit_set_extra_addresses(&a->edit, (const char *const *)L->addrs);
	const struct lesson_step *st = lesson_run_step(L->run);
	ui_pane_transcript(a, a->w_a, L->tr, "Transcript");
	ui_pane_sidebar(a, a->w_c, &L->convo);
	draw_pane(a);

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
		expects = st->choices ? (multi_choice(st) ? "digits (or \u2191\u2193 Space) tick, Enter answers"
		                                          : "a digit (or \u2191\u2193) picks, Enter answers")
		                      : "type your answer, Enter";
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
	if (a->focus == FOCUS_SIDEBAR && !a->side_search)
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
		         L->index + 1 < L->set.n ? "Enter: next lesson  Esc: the list"
		                                 : "Enter: the lesson list");
	ui_status(a, info, hints);
}

void ui_lessons_draw(struct app *a)
{
	if (a->screen == SCR_LESSONS)
		draw_list(a);
	else if (a->lessons && a->lessons->run)
		draw_lesson(a);
}

/* --- lesson keys ---------------------------------------------------- */

static void finished(struct app *a)
{
	struct ui_lessons *L = a->lessons;
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

static void relayout(struct app *a)
{
	ui_goto(a, SCR_LESSON);   /* the lesson pane's height follows the step */
}

static void after_change(struct app *a)
{
	save_progress(a);
	finished(a);
	relayout(a);
}

static void lesson_submit(struct app *a, const char *line, size_t len)
{
	struct ui_lessons *L = a->lessons;
	const struct lesson_step *st = lesson_run_step(L->run);
	L->note[0] = '\0';
	L->note_bad = false;
	if (!st) {
		/* lesson to lesson: Enter goes on to the next one */
		size_t next = L->index + 1;
		if (next < L->set.n && start_lesson(a, next, false) == 0) {
			L->sel = next;
			ui_goto(a, SCR_LESSON);
			return;
		}
		L->sel = L->index;
		ui_goto(a, SCR_LESSONS);
		return;
	}
	if (lesson_run_status(L->run) == LESSON_STEP_DONE || st->kind == LESSON_STEP_READ) {
		remember_step(L);
		lesson_run_continue(L->run);
		step_entered(L);
		after_change(a);
		return;
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
				ui_edit_set(&a->edit, input);
			if (msg[0])
				ui_message(a, bad, "%s", msg);
			ui_transcript_end(L->tr);
			L->scroll_end = true;
			return;
		}
		bool batching = lesson_run_batching(L->run);
		if (batching && len == 0) {
			/* the batch goes in one write: its lines, then the replies */
			const char *b = lesson_run_batch_text(L->run);
			while (*b) {
				const char *nl = strchr(b, '\n');
				size_t n = nl ? (size_t)(nl - b) : strlen(b);
				ui_convo_client(&L->convo, b, n);
				b += n + (nl ? 1 : 0);
			}
		} else if (batching && (m.cmd == META_NONE || m.cmd == META_UNKNOWN)) {
			ui_transcript_addf(L->tr, UI_T_EXPLAIN, 5, "   \u22ef queued: %.*s", (int)len,
			                   line);
		} else if (m.cmd != META_NONE) {
			ui_transcript_add(L->tr, UI_T_INFO, 2, line, len);
		} else {
			ui_convo_client(&L->convo, line + m.text_off, len - m.text_off);
		}
		char copy[UI_EDIT_MAX + 1];
		memcpy(copy, line, len);
		copy[len] = '\0';
		lesson_run_feed(L->run, copy, &res);
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
			save_progress(a);
			ui_goto(a, SCR_LESSONS);
			return;
		}
		if (res.hint) {
			L->scroll_end = true;
			after_change(a);
			return;
		}
		if (res.skipped || res.passed || res.restarted)
			step_entered(L);
		if (res.note) {
			snprintf(L->note, sizeof L->note, "%s", res.note);
			L->note_kind = res.note_kind;
		}
		L->note_bad = res.meta_error;
		L->scroll_end = true;   /* the feedback is at the bottom */
		after_change(a);
		return;
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
			save_progress(a);
			ui_goto(a, SCR_LESSONS);
			return;
		}
		if (res.skipped)
			step_entered(L);
		if (!res.accepted) {
			snprintf(L->note, sizeof L->note, "In a quiz, :skip, :help and :quit work.");
			L->note_bad = true;
		} else if (res.note) {
			snprintf(L->note, sizeof L->note, "%s", res.note);
			L->note_kind = res.note_kind;
		}
		after_change(a);
		return;
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
				picked[n++] = shown(L, i);
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
		step_entered(L);
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
	after_change(a);
}

int ui_lessons_key(struct app *a, int key)
{
	struct ui_lessons *L = a->lessons;
	if (a->screen == SCR_LESSONS)
		return list_key(a, key);
	if (!L || !L->run)
		return UI_LEAVE;
	const struct lesson_step *st = lesson_run_step(L->run);
	bool open = st && lesson_run_status(L->run) == LESSON_STEP_ACTIVE;
	if (!st && key == 27) {
		/* a finished lesson: Esc to the list, on this lesson's row */
		L->sel = L->index;
		ui_goto(a, SCR_LESSONS);
		return UI_DIRTY;
	}
	switch (ui_key_action(CTX_LESSON, key)) {
	case ACT_HINT:
		if (open && st->kind == LESSON_STEP_COMMAND) {
			if (lesson_run_off_path(L->run))
				ui_message(a, false, "no hint fits from here: F7 sets the step up again");
			else if (!lesson_run_hint(L->run))
				ui_message(a, false, "no more hints for this step");
			L->scroll_end = true;   /* the new hint is the last row */
			after_change(a);
		}
		return UI_DIRTY;
	case ACT_RESTART:
		if (open && st->kind == LESSON_STEP_COMMAND) {
			lesson_submit(a, ":restart", 8);
		}
		return UI_DIRTY;
	case ACT_SKIP:
		if (open && st->kind == LESSON_STEP_READ) {
			lesson_submit(a, "", 0);   /* nothing to skip: read on */
		} else if (open) {
			lesson_run_skip(L->run);
			step_entered(L);
			after_change(a);
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
	if (open && st->kind == LESSON_STEP_QUIZ && st->choices && a->edit.len == 0 &&
	    a->focus == FOCUS_CMD && key >= '1' && key <= '9') {
		size_t i = (size_t)(key - '1');
		if (i < st->nchoices && i < PICK_MAX) {
			if (!multi_choice(st)) {
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
	if (open && st->kind == LESSON_STEP_QUIZ && st->choices && a->edit.len == 0 &&
	    a->focus == FOCUS_CMD && (key == KF(KEY_UP) || key == KF(KEY_DOWN) || key == ' ')) {
		size_t n = st->nchoices < PICK_MAX ? st->nchoices : PICK_MAX;
		if (key == ' ') {
			if (multi_choice(st))
				L->pick[L->cursor] = !L->pick[L->cursor];
		} else {
			bool picked = false;
			for (size_t i = 0; i < n; i++)
				picked |= L->pick[i];
			if (!multi_choice(st) && !picked)
				/* nothing picked yet: Down takes the first, Up the last */
				L->cursor = key == KF(KEY_UP) ? n - 1 : 0;
			else if (key == KF(KEY_UP))
				L->cursor = L->cursor ? L->cursor - 1 : n - 1;
			else
				L->cursor = (L->cursor + 1) % n;
			if (!multi_choice(st)) {
				memset(L->pick, 0, sizeof L->pick);
				L->pick[L->cursor] = true;
			}
		}
		L->note[0] = '\0';
		return UI_DIRTY;
	}
	return ui_conversation_key(a, key, L->tr, &L->convo, lesson_submit);
}
