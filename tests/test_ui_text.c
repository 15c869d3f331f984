/* The views' text: their names for the text module (a tab drawn as a
 * space, a hanging indent), ASCII stand-ins, lesson markup, status hints.
 * The text module itself is tested in test_text.c. */
#include "ui/ui_text.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static void utf8_locale(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
}

TestSuite(ui_text, .init = utf8_locale);

Test(ui_text, control_bytes_are_made_visible)
{
	static const struct { const char *in; size_t n; const char *out; } cases[] = {
		{ "a\x1b[31mb", 7, "a^[[31mb" },
		{ "x\0y", 3, "x\\x00y" },
		{ "tab\there", 8, "tab here" },
		{ "bell\a", 5, "bell^G" },
		{ "del\x7f", 4, "del^?" },
		{ "bad\xff", 4, "bad\\xff" },
		{ "\xc2\x9b" "c1", 4, "\\xc2\\x9bc1" },
		{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n;
		char *v = ui_visible(cases[i].in, cases[i].n, &n);
		cr_assert_not_null(v);
		cr_assert_str_eq(v, cases[i].out, "case %zu", i);
		cr_assert_eq(n, strlen(cases[i].out));
		free(v);
	}
}

Test(ui_text, wrap_breaks_at_spaces_with_a_hanging_indent)
{
	const char *s = "S: 550 5.1.1 <nobody@example.com>: Recipient address rejected";
	struct ui_seg seg[8];
	size_t rows = ui_wrap(s, strlen(s), 30, 3, seg, 8);
	cr_assert_eq(rows, 3);
	cr_assert_eq(seg[0].start, 0);
	/* every row fits: the first in 30 columns, the rest in 27 */
	for (size_t i = 0; i < rows; i++) {
		size_t w = ui_text_width(s + seg[i].start, seg[i].end - seg[i].start);
		cr_assert_leq(w, i ? 27u : 30u, "row %zu is %zu wide", i, w);
		cr_assert_neq(s[seg[i].start], ' ', "row %zu starts with a space", i);
	}
	cr_assert_eq(seg[rows - 1].end, strlen(s));
}

Test(ui_text, ascii_look_alikes)
{
	cr_assert_eq(ui_ascii_for(0x2500), '-');
	cr_assert_eq(ui_ascii_for(0x2502), '|');
	cr_assert_eq(ui_ascii_for(0x250c), '+');
	cr_assert_eq(ui_ascii_for(0x2192), '>');
	cr_assert_eq(ui_ascii_for(0x4e00), '?');
}

Test(ui_text, lesson_markup_is_stripped_and_styled)
{
	char out[64];
	unsigned char st[64];
	size_t n = ui_markup("Type `HELO x` *now*.", out, st, sizeof out);
	cr_assert_str_eq(out, "Type HELO x now.");
	cr_assert_eq(n, strlen(out));
	cr_assert_eq(st[0], UI_MK_PLAIN);
	cr_assert_eq(st[5], UI_MK_CODE);   /* H */
	cr_assert_eq(st[10], UI_MK_CODE);  /* x */
	cr_assert_eq(st[12], UI_MK_EMPH);  /* n */
	cr_assert_eq(st[15], UI_MK_PLAIN); /* . */
}

Test(ui_text, a_lone_star_is_literal_and_code_keeps_stars)
{
	char out[64];
	unsigned char st[64];
	ui_markup("5 * 3", out, st, sizeof out);
	cr_assert_str_eq(out, "5 * 3");
	ui_markup("`a*b*c`", out, st, sizeof out);
	cr_assert_str_eq(out, "a*b*c");
	cr_assert_eq(st[1], UI_MK_CODE);
	ui_markup("long text", out, st, 5);
	cr_assert_str_eq(out, "long", "bounded by the buffer");
}

Test(ui_text, status_hints_are_dropped_whole_from_the_end)
{
	static const char h[] = "F1 Help  F4 Ref  F10 back";
	static const struct {
		int width;
		const char *kept;
	} cases[] = {
		{ 80, "F1 Help  F4 Ref  F10 back" },
		{ 25, "F1 Help  F4 Ref  F10 back" },
		{ 24, "F1 Help  F4 Ref" },
		{ 15, "F1 Help  F4 Ref" },
		{ 14, "F1 Help" },
		{ 11, "F1 Help" },
		{ 7, "F1 Help" },
		{ 6, "" },
		{ 0, "" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		size_t n = ui_hints_fit(h, cases[i].width);
		cr_expect_eq(n, strlen(cases[i].kept), "width %d kept \"%.*s\"", cases[i].width,
		             (int)n, h);
	}
	/* columns, not bytes: the arrows are three bytes and one column each */
	cr_expect_eq(ui_hints_fit("\u2191\u2193 move  q back", 15), strlen("\u2191\u2193 move  q back"));
	cr_expect_eq(ui_hints_fit("\u2191\u2193 move  q back", 14), strlen("\u2191\u2193 move"));
}

Test(ui_text, a_space_at_the_edge_of_code_is_made_visible)
{
	char out[64];
	unsigned char style[64];
	size_t n = ui_markup("the last `250 `; that is", out, style, sizeof out);
	cr_assert_str_eq(out, "the last 250\u2423; that is", "no bare space before the ';'");
	cr_assert_eq(n, strlen(out));
	cr_assert_eq(style[12], UI_MK_CODE);
	cr_assert_eq(ui_ascii_for(0x2423), '_');
	ui_markup("`a b`", out, style, sizeof out);
	cr_assert_str_eq(out, "a b", "spaces inside code stay spaces");
}
