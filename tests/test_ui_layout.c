/* Pane layout arithmetic. */
#include "ui/ui_layout.h"

#include <criterion/criterion.h>

static const int sizes[][2] = { { 24, 80 }, { 43, 132 }, { 25, 81 }, { 60, 200 }, { 100, 400 } };

static void assert_sane(const struct ui_layout *l, const struct ui_rect *const *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		cr_assert(ui_rect_inside(r[i], l->rows, l->cols), "rect %zu leaves the screen", i);
		for (size_t j = i + 1; j < n; j++)
			cr_assert_not(ui_rect_overlap(r[i], r[j]), "rects %zu and %zu overlap", i, j);
	}
}

Test(ui_layout, play_panes_tile_the_screen)
{
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		struct ui_layout l;
		ui_layout_compute(&l, UI_LAYOUT_PLAY, sizes[s][0], sizes[s][1], 0);
		cr_assert_not(l.too_small);
		const struct ui_rect *r[] = { &l.transcript, &l.command, &l.sidebar, &l.status };
		assert_sane(&l, r, 4);
		int area = 0;
		for (size_t i = 0; i < 4; i++)
			area += r[i]->h * r[i]->w;
		cr_assert_eq(area, sizes[s][0] * sizes[s][1], "every cell belongs to a pane");
		cr_assert_geq(l.sidebar.w, 28);
		cr_assert_geq(l.transcript.h, 10);
		cr_assert_eq(l.command.h, UI_CMD_ROWS);
	}
}

Test(ui_layout, lesson_pane_grows_but_leaves_the_transcript_room)
{
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		struct ui_layout l;
		ui_layout_compute(&l, UI_LAYOUT_LESSON, sizes[s][0], sizes[s][1], 1000);
		const struct ui_rect *r[] = { &l.transcript, &l.lesson, &l.command, &l.sidebar, &l.status };
		assert_sane(&l, r, 5);
		cr_assert_eq(l.transcript.h, UI_TRANSCRIPT_MIN, "a long step takes all it may");
		cr_assert_geq(l.lesson.h, 5);
		ui_layout_compute(&l, UI_LAYOUT_LESSON, sizes[s][0], sizes[s][1], 7);
		cr_assert_eq(l.lesson.h, 7, "a short step takes what it needs");
	}
}

Test(ui_layout, browse_and_menu)
{
	for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
		struct ui_layout l;
		ui_layout_compute(&l, UI_LAYOUT_BROWSE, sizes[s][0], sizes[s][1], 0);
		const struct ui_rect *r[] = { &l.list, &l.entry, &l.status };
		assert_sane(&l, r, 3);
		cr_assert_eq(l.list.w + l.entry.w, sizes[s][1]);
		ui_layout_compute(&l, UI_LAYOUT_MENU, sizes[s][0], sizes[s][1], 0);
		const struct ui_rect *m[] = { &l.box, &l.status };
		assert_sane(&l, m, 2);
		cr_assert_geq(l.box.w, 60);
	}
}

Test(ui_layout, below_80x24_is_too_small)
{
	static const int small[][2] = { { 23, 80 }, { 24, 79 }, { 20, 60 }, { 1, 1 }, { 0, 0 } };
	for (size_t s = 0; s < sizeof small / sizeof *small; s++) {
		struct ui_layout l;
		ui_layout_compute(&l, UI_LAYOUT_PLAY, small[s][0], small[s][1], 0);
		cr_assert(l.too_small, "%dx%d", small[s][1], small[s][0]);
		cr_assert_eq(l.transcript.w, 0, "no pane is laid out");
	}
}

Test(ui_layout, rect_overlap_and_inside)
{
	struct ui_rect a = { 0, 0, 10, 10 }, b = { 9, 9, 5, 5 }, c = { 10, 0, 5, 10 };
	cr_assert(ui_rect_overlap(&a, &b));
	cr_assert_not(ui_rect_overlap(&a, &c));
	cr_assert(ui_rect_inside(&a, 10, 10));
	cr_assert_not(ui_rect_inside(&b, 10, 10));
}
