/* The transcript view model: storage, the visible rows, scrolling. */
#include "ui/ui_transcript.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

static struct ui_transcript *numbered(size_t n)
{
	struct ui_transcript *t = ui_transcript_new();
	cr_assert_not_null(t);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(ui_transcript_addf(t, UI_T_INFO, 0, "line %zu", i), 0);
	return t;
}

static size_t shown_line(struct ui_transcript *t, int w, int h, size_t row)
{
	struct ui_trow rows[64];
	size_t n = ui_transcript_view(t, w, h, rows);
	cr_assert_lt(row, n);
	return rows[row].line;
}

Test(ui_transcript, lines_are_stored_visible)
{
	struct ui_transcript *t = ui_transcript_new();
	ui_transcript_add(t, UI_T_CLIENT, 3, "C: \x1b]0;pwned\x07", 13);
	struct ui_tline l = ui_transcript_line(t, 0);
	cr_assert_eq(l.kind, UI_T_CLIENT);
	cr_assert_eq(l.indent, 3);
	cr_assert_eq(l.len, strlen("C: ^[]0;pwned^G"));
	cr_assert(!memcmp(l.text, "C: ^[]0;pwned^G", l.len));
	ui_transcript_free(t);
}

Test(ui_transcript, a_short_transcript_starts_at_the_top)
{
	struct ui_transcript *t = numbered(3);
	struct ui_trow rows[10];
	cr_assert_eq(ui_transcript_view(t, 40, 10, rows), 3);
	cr_assert_eq(rows[0].line, 0);
	cr_assert_eq(rows[2].line, 2);
	ui_transcript_free(t);
}

Test(ui_transcript, following_shows_the_last_rows)
{
	struct ui_transcript *t = numbered(100);
	cr_assert(ui_transcript_following(t));
	cr_assert_eq(shown_line(t, 40, 10, 0), 90);
	cr_assert_eq(shown_line(t, 40, 10, 9), 99);
	ui_transcript_addf(t, UI_T_INFO, 0, "new");
	cr_assert_eq(shown_line(t, 40, 10, 9), 100, "new output scrolls into view");
	ui_transcript_free(t);
}

Test(ui_transcript, scrolled_up_the_view_stays_put_when_lines_arrive)
{
	struct ui_transcript *t = numbered(100);
	ui_transcript_scroll(t, -9, 40, 10);
	cr_assert_not(ui_transcript_following(t));
	cr_assert_eq(shown_line(t, 40, 10, 0), 81);
	ui_transcript_addf(t, UI_T_INFO, 0, "new");
	cr_assert_eq(shown_line(t, 40, 10, 0), 81);
	ui_transcript_free(t);
}

Test(ui_transcript, scrolling_back_down_follows_again)
{
	struct ui_transcript *t = numbered(100);
	ui_transcript_scroll(t, -25, 40, 10);
	ui_transcript_scroll(t, 10, 40, 10);
	cr_assert_not(ui_transcript_following(t));
	cr_assert_eq(shown_line(t, 40, 10, 0), 75);
	ui_transcript_scroll(t, 1000, 40, 10);
	cr_assert(ui_transcript_following(t));
	cr_assert_eq(shown_line(t, 40, 10, 9), 99);
	ui_transcript_free(t);
}

Test(ui_transcript, home_and_end)
{
	struct ui_transcript *t = numbered(50);
	ui_transcript_home(t, 40, 10);
	cr_assert_not(ui_transcript_following(t));
	cr_assert_eq(shown_line(t, 40, 10, 0), 0);
	ui_transcript_scroll(t, -5, 40, 10);
	cr_assert_eq(shown_line(t, 40, 10, 0), 0, "the top is a wall");
	ui_transcript_end(t);
	cr_assert(ui_transcript_following(t));
	cr_assert_eq(shown_line(t, 40, 10, 9), 49);
	ui_transcript_free(t);
}

Test(ui_transcript, home_on_a_short_transcript_keeps_following)
{
	struct ui_transcript *t = numbered(5);
	ui_transcript_home(t, 40, 10);
	cr_assert(ui_transcript_following(t));
	ui_transcript_free(t);
}

Test(ui_transcript, wrapped_lines_scroll_by_rows)
{
	struct ui_transcript *t = ui_transcript_new();
	/* 3 lines of 25 'x' in a 10-column pane: 3 rows each */
	char s[26];
	memset(s, 'x', 25);
	s[25] = '\0';
	for (int i = 0; i < 3; i++)
		ui_transcript_add(t, UI_T_INFO, 0, s, 25);
	struct ui_trow rows[4];
	cr_assert_eq(ui_transcript_view(t, 10, 4, rows), 4);
	cr_assert_eq(rows[0].line, 1);
	cr_assert_eq(rows[0].sub, 2, "the bottom 4 rows start at line 1's last row");
	ui_transcript_scroll(t, -1, 10, 4);
	ui_transcript_view(t, 10, 4, rows);
	cr_assert_eq(rows[0].line, 1);
	cr_assert_eq(rows[0].sub, 1);
	ui_transcript_free(t);
}

Test(ui_transcript, continuation_rows_carry_their_sub_index)
{
	struct ui_transcript *t = ui_transcript_new();
	const char *s = "S: 550 5.1.1 <nobody@example.com>: Recipient address rejected";
	ui_transcript_add(t, UI_T_S5, 3, s, strlen(s));
	struct ui_trow rows[8];
	size_t n = ui_transcript_view(t, 30, 8, rows);
	cr_assert_eq(n, 3);
	for (size_t i = 0; i < n; i++)
		cr_assert_eq(rows[i].sub, i);
	ui_transcript_free(t);
}

/* 100 000 lines: the view of the bottom and of a scrolled position are
 * right, and the store stays small (timing is for make bench). */
Test(ui_transcript, a_hundred_thousand_lines)
{
	struct ui_transcript *t = numbered(100000);
	struct ui_trow rows[50];
	cr_assert_eq(ui_transcript_view(t, 80, 50, rows), 50);
	cr_assert_eq(rows[49].line, 99999);
	for (int i = 0; i < 100; i++)
		ui_transcript_scroll(t, -49, 80, 50);
	ui_transcript_view(t, 80, 50, rows);
	cr_assert_eq(rows[0].line, 100000 - 50 - 4900);
	cr_assert_lt(ui_transcript_bytes(t), 8u * 1024 * 1024);
	ui_transcript_free(t);
}
