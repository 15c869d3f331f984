/* ui_scr_lessons.c — the lesson list: the course with each lesson's
 * progress, and about the selected one; Enter starts or resumes it. */
#include "ui/ui_lesson.h"
#include "ui/ui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_lesson_list {
	size_t sel, top;             /* the selected lesson, the first shown */
	bool confirm_afresh;         /* the list asks: start the selected lesson
	                              * afresh, discarding its progress? */
};

static int list_init(struct app *a, const struct ui_opts *o)
{
	(void)o;
	a->list = calloc(1, sizeof *a->list);
	return a->list ? 0 : -1;
}

static void list_free(struct app *a)
{
	free(a->list);
	a->list = NULL;
}

void ui_lessons_select(struct app *a, size_t i)
{
	a->list->sel = i;
}

int ui_lessons_open(struct app *a, const char *id)
{
	struct ui_course *C = ui_course_get(a);
	if (!C) {
		ui_message(a, true, "out of memory");
		return -1;
	}
	if (!C->set.n) {
		char why[400];
		ui_message(a, true, "%s", lesson_dir_none_found(why, sizeof why));
		return -1;
	}
	if (!id) {
		if (C->warn[0])
			ui_message(a, true, "%s", C->warn);
		return 0;
	}
	ptrdiff_t i = lesson_set_find_arg(&C->set, id);
	if (i < 0) {
		char *vis = ui_visible(id, strlen(id), NULL);
		ui_message(a, true, "no lesson '%s' (smtpsim lesson lists them)", vis ? vis : "");
		free(vis);
		return -1;
	}
	a->list->sel = (size_t)i;
	return ui_lesson_start(a, (size_t)i, false);
}

static void list_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_BROWSE, rows, cols, 0);
	if (a->lay.too_small)
		return;
	a->w_a = newwin(a->lay.list.h, a->lay.list.w, a->lay.list.y, a->lay.list.x);
	a->w_b = newwin(a->lay.entry.h, a->lay.entry.w, a->lay.entry.y, a->lay.entry.x);
}

static int list_rows(struct app *a)
{
	return a->lay.list.h - 2;
}

static void list_keep_visible(struct app *a)
{
	struct ui_lesson_list *S = a->list;
	size_t h = (size_t)(list_rows(a) > 1 ? list_rows(a) : 1);
	if (S->sel < S->top)
		S->top = S->sel;
	if (S->sel >= S->top + h)
		S->top = S->sel - h + 1;
}

static void list_draw(struct app *a)
{
	struct ui_lesson_list *S = a->list;
	struct ui_course *C = a->course;
	WINDOW *w = a->w_a;
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "Lessons", true);
	int iw = wd - 2;
	list_keep_visible(a);
	for (int i = 0; i < h - 2 && S->top + (size_t)i < C->set.n; i++) {
		size_t k = S->top + (size_t)i;
		const struct lesson *l = C->set.v[k];
		const struct lesson_progress_entry *e =
			C->prog ? lesson_progress_get(C->prog, l->id) : NULL;
		bool sel = k == S->sel;
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
	if (S->sel < C->set.n) {
		const struct lesson *l = C->set.v[S->sel];
		const struct lesson_progress_entry *e =
			C->prog ? lesson_progress_get(C->prog, l->id) : NULL;
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
				const struct lesson *r = lesson_set_find(&C->set, l->requires[i]);
				size_t k = 0;
				while (r && k < C->set.n && C->set.v[k] != r)
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
	if (S->confirm_afresh && S->sel < C->set.n) {
		/* The question takes the status line's left part, which is cut
		 * to fit rather than left out: as one hint it was too wide for
		 * 80 (or 110) columns when the lesson had progress, so r showed
		 * nothing and the next key answered a question never seen. What
		 * is lost follows as hints, whole ones where they fit. */
		char ask[96], lost[96] = "";
		const struct lesson *l = C->set.v[S->sel];
		const struct lesson_progress_entry *e =
			C->prog ? lesson_progress_get(C->prog, l->id) : NULL;
		snprintf(ask, sizeof ask, "Start lesson %zu afresh? y: yes, any other key: no",
		         S->sel + 1);
		if (e && e->current > 0)
			snprintf(lost, sizeof lost, "progress at step %zu is lost  the best score stays",
			         e->current + 1);
		ui_status(a, ask, lost);
		return;
	}
	ui_status(a, info, "\u2191\u2193 choose  Enter start  r afresh  q back  F1 Help");
}

static int list_key(struct app *a, int key)
{
	struct ui_lesson_list *S = a->list;
	struct ui_course *C = a->course;
	if (S->confirm_afresh) {
		/* `r` is also the menu's key for Reference, so it gets pressed
		 * by habit: discarding progress takes a second key */
		S->confirm_afresh = false;
		if ((key == 'y' || key == 'Y') && ui_lesson_start(a, S->sel, true) == 0)
			return ui_go(a, SCR_LESSON);
		return UI_DIRTY;
	}
	switch (ui_key_action(CTX_LIST, key)) {
	case ACT_UP:
		if (S->sel > 0)
			S->sel--;
		return UI_DIRTY;
	case ACT_DOWN:
		if (S->sel + 1 < C->set.n)
			S->sel++;
		return UI_DIRTY;
	case ACT_SUBMIT:
		if (ui_lesson_start(a, S->sel, false) == 0)
			return ui_go(a, SCR_LESSON);
		return UI_DIRTY;
	case ACT_RESTART: {
		const struct lesson_progress_entry *e =
			S->sel < C->set.n && C->prog
			? lesson_progress_get(C->prog, C->set.v[S->sel]->id) : NULL;
		if (e && (e->current > 0 || e->completed))
			S->confirm_afresh = true;   /* something to lose: ask */
		else if (ui_lesson_start(a, S->sel, true) == 0)
			return ui_go(a, SCR_LESSON);
		return UI_DIRTY;
	}
	case ACT_LEAVE:
		return UI_LEAVE;
	default:
		return 0;
	}
}

const struct ui_screen_ops ui_scr_lessons = {
	.help = 1u << CTX_LIST,
	.init = list_init,
	.layout = list_layout,
	.draw = list_draw,
	.key = list_key,
	.free = list_free,
};
