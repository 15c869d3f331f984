/* ui_course.c — the course the lesson screens and the menu show: the
 * lessons (loaded on first use) and the learner's progress. */
#include "ui/ui_lesson.h"

#include <stdio.h>
#include <stdlib.h>

static void load(struct ui_course *C)
{
	struct lesson_errors errs = { 0 };
	int bad = lesson_set_load_dir(&C->set, lesson_dir_default(), &errs);
	C->nbroken = bad > 0 ? (size_t)bad : 0;
	if (bad < 0)
		snprintf(C->warn, sizeof C->warn, "%s", errs.n ? errs.v[0] : "no lessons found");
	else if (bad > 0)
		snprintf(C->warn, sizeof C->warn, "%d lesson file%s could not be loaded "
		         "(smtpsim check-lessons says why)", bad, bad == 1 ? "" : "s");
	lesson_errors_free(&errs);
	char w[256] = "";
	C->prog = lesson_progress_load(NULL, w, sizeof w);
	if (w[0])
		snprintf(C->warn, sizeof C->warn, "%s", w);
}

struct ui_course *ui_course_get(struct app *a)
{
	if (!a->course) {
		a->course = calloc(1, sizeof *a->course);
		if (a->course)
			load(a->course);
	}
	return a->course;
}

void ui_course_free(struct app *a)
{
	struct ui_course *C = a->course;
	if (!C)
		return;
	lesson_set_free(&C->set);
	if (C->prog)
		lesson_progress_free(C->prog);
	free(C);
	a->course = NULL;
}

const char *ui_lessons_summary(struct app *a, char *buf, size_t n)
{
	struct ui_course *C = ui_course_get(a);
	if (!C || !C->set.n) {
		snprintf(buf, n, "no lessons found");
		return buf;
	}
	size_t done = 0;
	for (size_t i = 0; i < C->set.n; i++) {
		const struct lesson_progress_entry *e =
			C->prog ? lesson_progress_get(C->prog, C->set.v[i]->id) : NULL;
		if (e && e->completed)
			done++;
	}
	snprintf(buf, n, "%zu of %zu lessons done", done, C->set.n);
	return buf;
}

size_t ui_lessons_count(struct app *a)
{
	struct ui_course *C = ui_course_get(a);
	return C ? C->set.n : 0;
}

const char *ui_lessons_line(struct app *a, size_t i, char *buf, size_t n)
{
	struct ui_course *C = ui_course_get(a);
	if (!C || i >= C->set.n) {
		snprintf(buf, n, "%s", "");
		return buf;
	}
	const struct lesson *l = C->set.v[i];
	const struct lesson_progress_entry *e =
		C->prog ? lesson_progress_get(C->prog, l->id) : NULL;
	const char *mark = e && e->completed ? "\u2713" : e && e->current > 0 ? "\u2026" : " ";
	snprintf(buf, n, "%s %2zu %s", mark, i + 1, l->title);
	return buf;
}

void ui_course_save(struct app *a)
{
	struct ui_course *C = a->course;
	struct ui_lesson_view *L = a->lesson;
	char err[256];
	if (!C || !C->prog || !L->run)
		return;
	lesson_progress_record(C->prog, L->run);
	if (lesson_progress_save(C->prog, err, sizeof err) < 0)
		ui_message(a, true, "progress not saved: %s", err);
}
