/* ui_layout.h — where each pane goes for a terminal size. Plain
 * arithmetic, unit-tested: panes never overlap and never leave the
 * screen. */
#ifndef UI_UI_LAYOUT_H
#define UI_UI_LAYOUT_H

#include <stdbool.h>

enum {
	UI_MIN_COLS = 80,
	UI_MIN_ROWS = 24,
	UI_CMD_ROWS = 4,     /* command pane: border, expects, input, border */
	UI_TRANSCRIPT_MIN = 6, /* rows the transcript keeps beside a lesson */
};

struct ui_rect {
	int y, x, h, w;
};

enum ui_layout_kind {
	UI_LAYOUT_PLAY,      /* transcript + command | sidebar, status */
	UI_LAYOUT_LESSON,    /* transcript + lesson + command | sidebar, status */
	UI_LAYOUT_BROWSE,    /* list | entry, status (reference, lesson list) */
	UI_LAYOUT_MENU,      /* one centred box, status */
};

struct ui_layout {
	bool too_small;          /* below UI_MIN_COLS x UI_MIN_ROWS */
	int rows, cols;
	struct ui_rect transcript, lesson, command, sidebar; /* play/lesson */
	struct ui_rect list, entry;                          /* browse */
	struct ui_rect box;                                  /* menu */
	struct ui_rect status;                               /* all */
};

/* Compute the panes of KIND on a ROWS x COLS screen. LESSON_ROWS is the
 * height the lesson pane would like (the transcript keeps at least
 * UI_TRANSCRIPT_MIN rows). Unused rectangles are zero. */
void ui_layout_compute(struct ui_layout *l, enum ui_layout_kind kind,
                       int rows, int cols, int lesson_rows);

/* True when r lies inside a ROWS x COLS screen (an empty r is inside). */
bool ui_rect_inside(const struct ui_rect *r, int rows, int cols);
/* True when a and b share a cell. */
bool ui_rect_overlap(const struct ui_rect *a, const struct ui_rect *b);

#endif
