/* ui_lesson.c — the lesson list and the lesson mode. Until the lesson
 * engine (src/lesson/) is in the build, the screens say so. */
#include "ui/ui_internal.h"

#include <stdio.h>

int ui_lessons_open(struct app *a, const char *id)
{
	(void)id;
	ui_message(a, true, "lessons are not in this build yet: F3 free play, F4 reference");
	return -1;
}

void ui_lessons_layout(struct app *a)
{
	(void)a;
}

void ui_lessons_draw(struct app *a)
{
	(void)a;
}

int ui_lessons_key(struct app *a, int key)
{
	(void)a;
	(void)key;
	return 0;
}

const char *ui_lessons_summary(struct app *a, char *buf, size_t n)
{
	(void)a;
	snprintf(buf, n, "not in this build yet");
	return buf;
}

void ui_lessons_free(struct app *a)
{
	(void)a;
}
