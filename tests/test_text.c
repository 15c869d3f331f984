/* The text module: UTF-8, visible bytes, width, wrapping, and the plain
 * layout of paragraphs and tables. */
#include "text/layout.h"
#include "text/text.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static void utf8_locale(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
}

static void c_locale(void)
{
	setlocale(LC_CTYPE, "C");
}

TestSuite(text, .init = utf8_locale, .fini = c_locale);
TestSuite(text_c, .init = c_locale);
TestSuite(layout, .init = c_locale);

/* --- UTF-8 ---------------------------------------------------------------- */

Test(text, decode_and_encode_round_trip)
{
	static const uint32_t cps[] = { 'A', 0xe9, 0x2192, 0x1f600, 0x10ffff };
	for (size_t i = 0; i < sizeof cps / sizeof *cps; i++) {
		char buf[4];
		size_t n = text_utf8_encode(cps[i], buf);
		cr_assert(n >= 1 && n <= 4);
		uint32_t back;
		cr_assert_eq(text_utf8_decode(buf, n, &back), n);
		cr_assert_eq(back, cps[i], "U+%X came back as U+%X", cps[i], back);
	}
	char out[4];
	cr_assert_eq(text_utf8_encode(0xd800, out), 0, "a surrogate is not encodable");
	cr_assert_eq(text_utf8_encode(0x110000, out), 0, "past U+10FFFF is not encodable");
}

Test(text, malformed_sequences_are_no_sequence)
{
	static const struct {
		const char *in;
		const char *why;
	} bad[] = {
		{ "\xff", "never a UTF-8 byte" },
		{ "\x80", "a stray continuation byte" },
		{ "\xc0\xaf", "an overlong '/'" },
		{ "\xe0\x80\xaf", "an overlong '/' in three bytes" },
		{ "\xe2\x82", "cut short" },
		{ "\xed\xa0\x80", "a surrogate" },
		{ "\xf4\x90\x80\x80", "past U+10FFFF" },
		{ "\xc3\x28", "a lead byte before ASCII" },
	};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		uint32_t cp = 0;
		cr_expect_eq(text_utf8_seq(bad[i].in, strlen(bad[i].in), &cp), 0, "%s", bad[i].why);
		cr_expect_eq(text_utf8_decode(bad[i].in, strlen(bad[i].in), &cp), 1, "%s", bad[i].why);
		cr_expect_eq(cp, 0xfffd, "%s decodes to U+FFFD", bad[i].why);
	}
}

Test(text, a_sequence_is_never_read_past_its_length)
{
	uint32_t cp;
	/* "é" with only its first byte inside the length */
	cr_assert_eq(text_utf8_seq("\xc3\xa9", 1, &cp), 0);
	cr_assert_eq(text_utf8_seq("\xc3\xa9", 2, &cp), 2);
	cr_assert_eq(cp, 0xe9);
	cr_assert_eq(text_utf8_seq("A", 1, NULL), 1, "cp may be NULL");
}

Test(text, printable_leaves_out_every_control)
{
	static const struct {
		const char *in;
		size_t n, want;
	} cases[] = {
		{ "a", 1, 1 },
		{ " ", 1, 1 },
		{ "\t", 1, 0 },
		{ "\x1b", 1, 0 },
		{ "\x7f", 1, 0 },
		{ "", 1, 0 },                   /* NUL */
		{ "\xc2\x85", 2, 0 },           /* C1 NEL */
		{ "\xc2\x9b", 2, 0 },           /* C1 CSI: as dangerous as ESC [ */
		{ "\xc2\xa0", 2, 2 },           /* no-break space */
		{ "\xc3\xa9", 2, 2 },
		{ "\xef\xbf\xbd", 3, 3 },       /* a real U+FFFD is fine */
		{ "\xf0\x9f\x98\x80", 4, 4 },
		{ "\xff", 1, 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
		cr_expect_eq(text_printable_seq(cases[i].in, cases[i].n), cases[i].want,
		             "case %zu", i);
}

/* --- visible bytes -------------------------------------------------------- */

static const struct {
	const char *in;
	size_t n;
	const char *out;
} visible_cases[] = {
	{ "a\x1b[31mb", 7, "a^[[31mb" },
	{ "x\0y", 3, "x\\x00y" },
	{ "tab\there", 8, "tab\there" },
	{ "bell\a", 5, "bell^G" },
	{ "del\x7f", 4, "del^?" },
	{ "bad\xff", 4, "bad\\xff" },
	{ "\xc2\x9b" "c1", 4, "\\xc2\\x9bc1" },
	{ "\xc0\xaf", 2, "\\xc0\\xaf" },
	{ "cut\xe2\x82", 5, "cut\\xe2\\x82" },
	{ "caf\xc3\xa9", 5, "caf\xc3\xa9" },
	{ "cr\r\n", 4, "cr^M^J" },
	{ "", 0, "" },
};

Test(text, put_visible_writes_controls_as_carets_and_bad_bytes_as_hex)
{
	for (size_t i = 0; i < sizeof visible_cases / sizeof *visible_cases; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		cr_assert_not_null(f);
		text_put_visible(f, visible_cases[i].in, visible_cases[i].n);
		fclose(f);
		cr_expect_str_eq(buf, visible_cases[i].out, "case %zu", i);
		free(buf);
	}
}

Test(text, visible_copy_agrees_with_put_visible)
{
	for (size_t i = 0; i < sizeof visible_cases / sizeof *visible_cases; i++) {
		size_t n = 99;
		char *v = text_visible(visible_cases[i].in, visible_cases[i].n, false, &n);
		cr_assert_not_null(v);
		cr_expect_str_eq(v, visible_cases[i].out, "case %zu", i);
		cr_expect_eq(n, strlen(visible_cases[i].out));
		free(v);
	}
	char *v = text_visible("a\tb", 3, true, NULL);
	cr_assert_str_eq(v, "a b", "a tab becomes one space for a grid of cells");
	free(v);
}

Test(text, every_byte_value_comes_out_printable)
{
	/* whatever the input, the visible form holds no control byte */
	char in[256];
	for (int i = 0; i < 256; i++)
		in[i] = (char)i;
	size_t n;
	char *v = text_visible(in, sizeof in, false, &n);
	cr_assert_not_null(v);
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)v[i];
		cr_assert(c == '\t' || (c >= 0x20 && c != 0x7f), "byte %zu is 0x%02x", i, c);
	}
	free(v);
}

/* --- width ---------------------------------------------------------------- */

Test(text, width_counts_columns_not_bytes)
{
	cr_assert_eq(text_width("EHLO", 4), 4);
	cr_assert_eq(text_width("\xc3\xa9t\xc3\xa9", 5), 3);           /* été */
	cr_assert_eq(text_width("\xe2\x86\x92", 3), 1);                 /* → */
	cr_assert_eq(text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 4);     /* 日本 */
	cr_assert_eq(text_width("e\xcc\x81", 3), 1);                    /* e + combining acute */
}

Test(text_c, outside_a_utf8_locale_each_character_is_one_column)
{
	cr_assert_eq(text_width("\xe6\x97\xa5\xe6\x9c\xac", 6), 2);
	cr_assert_eq(text_width("\xc2\xa7" "4.2", 5), 4);
}

Test(text, fit_stops_before_the_column_limit)
{
	int cols;
	cr_assert_eq(text_fit("abc\xe6\x97\xa5z", 7, 4, &cols), 3);
	cr_assert_eq(cols, 3);
	cr_assert_eq(text_fit("abc\xe6\x97\xa5z", 7, 5, &cols), 6);
	cr_assert_eq(cols, 5);
	cr_assert_eq(text_fit("abc", 3, 0, NULL), 0);
}

/* --- wrapping ------------------------------------------------------------- */

/* The rows text_wrap_row cuts s into, joined with '|'. */
static void rows_of(const char *s, int width, unsigned flags, char *out, size_t cap)
{
	size_t n = strlen(s), pos = 0, o = 0;
	out[0] = '\0';
	while (pos < n) {
		size_t next;
		size_t len = text_wrap_row(s + pos, n - pos, width, flags, &next);
		cr_assert(next > 0, "no progress at %zu", pos);
		o += (size_t)snprintf(out + o, cap - o, "%s%.*s", o ? "|" : "", (int)len, s + pos);
		pos += next;
	}
}

Test(text, rows_break_at_spaces_and_use_the_whole_width)
{
	static const struct {
		const char *in;
		int width;
		const char *rows;
	} cases[] = {
		{ "ab cd ef", 5, "ab cd|ef" },       /* the space that does not fit ends the row */
		{ "ab cd ef", 4, "ab|cd|ef" },
		{ "abcdefgh", 3, "abc|def|gh" },     /* a word wider than the row is cut */
		{ "a   b", 2, "a|b" },               /* spaces at the break are dropped */
		{ "one\ntwo", 80, "one|two" },       /* a line end ends the row */
		{ "one\n\ntwo", 80, "one||two" },
		{ "fits  ", 80, "fits  " },
	};
	char got[128];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		rows_of(cases[i].in, cases[i].width, 0, got, sizeof got);
		cr_expect_str_eq(got, cases[i].rows, "\"%s\" in %d", cases[i].in, cases[i].width);
	}
}

Test(text, references_stay_whole_when_asked)
{
	char got[128];
	const char *s = "see RFC 5321 \xc2\xa7" "4.2 now";
	rows_of(s, 14, 0, got, sizeof got);
	cr_expect_str_eq(got, "see RFC 5321|\xc2\xa7" "4.2 now");
	rows_of(s, 14, TEXT_WRAP_KEEP_REFS, got, sizeof got);
	cr_expect_str_eq(got, "see|RFC 5321 \xc2\xa7" "4.2|now");
	/* a reference wider than the row is cut like any long word */
	rows_of(s, 10, TEXT_WRAP_KEEP_REFS, got, sizeof got);
	cr_expect_str_eq(got, "see|RFC 5321 \xc2\xa7|4.2 now");
	cr_assert_not(text_wrap_can_break(s, strlen(s), 7, TEXT_WRAP_KEEP_REFS), "after RFC");
	cr_assert_not(text_wrap_can_break(s, strlen(s), 12, TEXT_WRAP_KEEP_REFS), "before \xc2\xa7");
	cr_assert(text_wrap_can_break(s, strlen(s), 3, TEXT_WRAP_KEEP_REFS));
	cr_assert(text_wrap_can_break(s, strlen(s), 7, 0));
}

Test(text, wrap_cuts_a_word_longer_than_the_row)
{
	char s[100];
	memset(s, 'x', 99);
	s[99] = '\0';
	struct text_seg seg[16];
	size_t rows = text_wrap(s, 99, 20, 0, 0, seg, 16);
	cr_assert_eq(rows, 5);
	cr_assert_eq(seg[0].end - seg[0].start, 20);
	cr_assert_eq(seg[4].end, 99);
}

Test(text, wrap_keeps_a_hanging_indent_after_the_first_row)
{
	const char *s = "S: 550 5.1.1 <nobody@example.com>: Recipient address rejected";
	struct text_seg seg[8];
	size_t rows = text_wrap(s, strlen(s), 30, 3, 0, seg, 8);
	cr_assert_eq(rows, 3);
	for (size_t i = 0; i < rows; i++) {
		size_t w = text_width(s + seg[i].start, seg[i].end - seg[i].start);
		cr_assert_leq(w, i ? 27u : 30u, "row %zu is %zu wide", i, w);
		cr_assert_neq(s[seg[i].start], ' ', "row %zu starts with a space", i);
	}
	cr_assert_eq(seg[rows - 1].end, strlen(s));
	cr_assert_eq(text_wrap(s, strlen(s), 30, 3, 0, NULL, 0), 3, "counting alone agrees");
	cr_assert_eq(text_wrap(s, strlen(s), 30, 3, 0, seg, 1), 1, "stops at MAX segments");
}

Test(text, wrap_of_empty_text_is_one_row)
{
	struct text_seg seg[2];
	cr_assert_eq(text_wrap("", 0, 10, 0, 0, seg, 2), 1);
	cr_assert_eq(seg[0].start, 0);
	cr_assert_eq(seg[0].end, 0);
}

Test(text, wrap_never_splits_a_wide_character)
{
	const char *s = "\xe6\x97\xa5\xe6\x97\xa5\xe6\x97\xa5"; /* three 2-column chars */
	struct text_seg seg[4];
	size_t rows = text_wrap(s, 9, 3, 0, 0, seg, 4);
	cr_assert_eq(rows, 3);
	for (size_t i = 0; i < rows; i++)
		cr_assert_eq(seg[i].end - seg[i].start, 3);
	/* wider than the row: taken alone rather than never */
	cr_assert_eq(text_wrap(s, 9, 1, 0, 0, seg, 4), 3);
	cr_assert_eq(seg[0].end, 3);
}

Test(text, wrap_indent_shrinks_in_narrow_rows)
{
	cr_assert_eq(text_wrap_indent(80, 5), 5);
	cr_assert_eq(text_wrap_indent(10, 5), 2);
	cr_assert_eq(text_wrap_indent(6, 5), 0);
}

/* --- layout --------------------------------------------------------------- */

/* What CALL wrote to f, as a string in OUT that the test frees. */
#define CAPTURE(out, call)                                                      \
	do {                                                                    \
		size_t len_ = 0;                                                \
		FILE *f = open_memstream(&(out), &len_);                        \
		cr_assert_not_null(f);                                          \
		call;                                                           \
		fclose(f);                                                      \
	} while (0)

Test(layout, a_paragraph_hangs_under_its_label)
{
	char *out = NULL;
	/* 30 columns: the text gets the 16 after the label's 14 */
	CAPTURE(out, text_put_para(f, 30, "Cause",
	                           "The mailbox does not exist on this server at all"));
	cr_assert_str_eq(out,
	                 "  Cause       The mailbox does\n"
	                 "              not exist on\n"
	                 "              this server at\n"
	                 "              all\n");
	free(out);
	CAPTURE(out, text_put_para(f, 80, "A very long label", "text"));
	cr_assert_str_eq(out, "  A very long label text\n", "a long label keeps one space");
	free(out);
}

Test(layout, wrapped_text_has_no_indent)
{
	char *out = NULL;
	CAPTURE(out, text_put_wrapped(f, 20, "Basic reply codes: the first digit is the class"));
	cr_assert_str_eq(out, "Basic reply codes:\nthe first digit is\nthe class\n");
	free(out);
}

Test(layout, columns_keep_their_natural_width_when_all_fit)
{
	const size_t natural[] = { 4, 10, 6 }, minw[] = { 4, 5, 6 };
	size_t w[3];
	text_fit_columns(natural, minw, 3, 40, w);
	cr_assert(w[0] == 4 && w[1] == 10 && w[2] == 6);
}

Test(layout, columns_that_do_not_fit_keep_their_longest_word)
{
	const size_t natural[] = { 4, 40, 20 }, minw[] = { 4, 10, 8 };
	size_t w[3];
	text_fit_columns(natural, minw, 3, 40, w);
	cr_assert_eq(w[0] + w[1] + w[2], 40, "the room is used");
	for (size_t i = 0; i < 3; i++)
		cr_assert_geq(w[i], minw[i], "column %zu got %zu", i, w[i]);
	cr_assert_gt(w[1], w[2], "the column lacking more gets more");
}

Test(layout, columns_are_cut_evenly_when_even_words_do_not_fit)
{
	const size_t natural[] = { 3, 50, 50 }, minw[] = { 3, 24, 24 };
	size_t w[3];
	text_fit_columns(natural, minw, 3, 21, w);
	cr_assert_eq(w[0], 3, "a narrow column keeps its width");
	cr_assert_eq(w[1] + w[2], 18);
	cr_assert_leq(w[1] > w[2] ? w[1] - w[2] : w[2] - w[1], 1);
}

Test(layout, a_table_has_a_rule_and_no_trailing_blanks)
{
	static const char *const head[] = { "Code", "Meaning" };
	struct text_row rows[2] = {
		{ .cell = { "250", "Requested mail action okay, completed" } },
		{ .cell = { "550", "Mailbox unavailable" } },
	};
	char *out = NULL;
	CAPTURE(out, text_put_table(f, 30, head, 2, rows, 2));
	cr_assert_str_eq(out,
	                 "Code  Meaning\n"
	                 "----  ------------------------\n"
	                 "250   Requested mail action\n"
	                 "      okay, completed\n"
	                 "\n"
	                 "550   Mailbox unavailable\n");
	for (const char *p = out; (p = strchr(p, '\n')); p++)
		cr_assert(p == out || p[-1] != ' ', "a line ends in a blank");
	free(out);
}
