/* ui_layout.c — pane rectangles. */
#include "ui/ui_layout.h"

#include <string.h>

static struct ui_rect rect(int y, int x, int h, int w)
{
	struct ui_rect r = { y, x, h, w };
	return r;
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

void ui_layout_compute(struct ui_layout *l, enum ui_layout_kind kind,
                       int rows, int cols, int lesson_rows)
{
	memset(l, 0, sizeof *l);
	l->rows = rows;
	l->cols = cols;
	if (rows < UI_MIN_ROWS || cols < UI_MIN_COLS) {
		l->too_small = true;
		return;
	}
	int body = rows - 1;                 /* the last row is the status */
	l->status = rect(rows - 1, 0, 1, cols);
	switch (kind) {
	case UI_LAYOUT_PLAY:
	case UI_LAYOUT_LESSON: {
		int sw = clamp(cols / 3, 28, 56);
		int lw = cols - sw;
		l->sidebar = rect(0, lw, body, sw);
		l->command = rect(body - UI_CMD_ROWS, 0, UI_CMD_ROWS, lw);
		int top = body - UI_CMD_ROWS;
		if (kind == UI_LAYOUT_LESSON) {
			/* the lesson pane grows with its step, the transcript
			 * keeps at least UI_TRANSCRIPT_MIN rows */
			int lh = clamp(lesson_rows, 5, top - UI_TRANSCRIPT_MIN);
			l->lesson = rect(top - lh, 0, lh, lw);
			top -= lh;
		}
		l->transcript = rect(0, 0, top, lw);
		break;
	}
	case UI_LAYOUT_BROWSE: {
		int lw = clamp(cols * 9 / 20, 30, 60);
		l->list = rect(0, 0, body, lw);
		l->entry = rect(0, lw, body, cols - lw);
		break;
	}
	case UI_LAYOUT_MENU: {
		/* a big terminal gets a big menu: room for the course */
		int w = cols >= 110 ? clamp(cols * 3 / 4, 76, 110) : clamp(cols - 8, 60, 76);
		int h = body >= 32 ? clamp(body * 4 / 5, 20, 40) : clamp(body - 2, 16, 20);
		l->box = rect((body - h) / 2, (cols - w) / 2, h, w);
		break;
	}
	}
}

bool ui_rect_inside(const struct ui_rect *r, int rows, int cols)
{
	if (r->h <= 0 || r->w <= 0)
		return true;
	return r->y >= 0 && r->x >= 0 && r->y + r->h <= rows && r->x + r->w <= cols;
}

bool ui_rect_overlap(const struct ui_rect *a, const struct ui_rect *b)
{
	if (a->h <= 0 || a->w <= 0 || b->h <= 0 || b->w <= 0)
		return false;
	return a->y < b->y + b->h && b->y < a->y + a->h &&
	       a->x < b->x + b->w && b->x < a->x + a->w;
}
