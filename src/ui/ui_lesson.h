/* ui_lesson.h — what the lesson files of src/ui/ share: the course (the
 * lesson set and the progress, ui_course.c), and the state of the lesson
 * screen (ui_scr_lesson.c) that its lesson pane (ui_pane_lesson.c)
 * draws. The lesson list (ui_scr_lessons.c) reads the course. */
#ifndef UI_UI_LESSON_H
#define UI_UI_LESSON_H

#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "lesson/run.h"
#include "ui/ui_internal.h"

struct ui_course {
	struct lesson_set set;
	size_t nbroken;              /* files that did not load */
	struct lesson_progress *prog;
	char warn[256];              /* progress file set aside, etc. */
};

enum { PICK_MAX = 16 };

/* The lesson being played, and its pane. */
struct ui_lesson_view {
	struct lesson_run *run;      /* NULL: none open */
	const struct lesson *lesson;
	size_t index;                /* its place in the course */
	struct ui_transcript *tr;
	struct ui_convo convo;
	bool summary_shown;          /* the final breakdown is in the transcript */
	char **addrs;                /* the lesson's own addresses, offered
	                              * first by Tab (NULL-terminated) */

	/* the lesson pane */
	char note[512];              /* feedback under the task */
	bool note_bad;               /* a quiz answer or input that failed */
	enum lesson_note_kind note_kind; /* the runner's kind of note */
	bool pick[PICK_MAX];         /* quiz choices ticked */
	size_t cursor;               /* the choice Up/Down are on */
	int scroll;                  /* lesson pane rows scrolled off its top */
	bool scroll_end;             /* show the pane's last rows (a new hint) */
	bool scroll_to_step;         /* show the current step's first row */
	int body_rows, view_rows;    /* the pane's content, and what shows of it */
	/* the steps passed so far, as the pane showed them once done: above
	 * the current step, reached by scrolling back (vimtutor keeps the
	 * whole lesson on screen) */
	struct hist_line {
		enum ui_role role;
		char *prefix, *text;
	} *hist;
	size_t nhist, caphist;
	int hist_rows;               /* rows the history takes in the pane */
};

/* Save the progress of the lesson open (a message when it fails). */
void ui_course_save(struct app *a);

/* --- the lesson pane (ui_pane_lesson.c) ---------------------------------- */
/* Draw the pane into W: the steps done (by scrolling back), then the
 * current one. */
void ui_lesson_pane_draw(struct app *a, WINDOW *w);
/* Rows the pane would like, frame included, WIDTH columns inside. */
int ui_lesson_pane_rows(struct app *a, int width);
/* A new step is current: choices, note and scrolling start afresh. */
void ui_lesson_pane_step_entered(struct ui_lesson_view *L);
/* The current step as it was, into the history (as the learner leaves it). */
void ui_lesson_pane_remember(struct ui_lesson_view *L);
/* Free what the pane holds (the history), as the lesson closes. */
void ui_lesson_pane_free(struct ui_lesson_view *L);
/* Whether the quiz step ST takes several answers. */
bool ui_lesson_multi_choice(const struct lesson_step *st);
/* The choice shown at place I of the current quiz (shuffled, the same
 * way every time). */
size_t ui_lesson_shown(const struct ui_lesson_view *L, size_t i);

#endif
