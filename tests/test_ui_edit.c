/* The command pane's line editor, history and completion. */
#include "ui/ui_edit.h"

#include <criterion/criterion.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static struct ui_edit ed;

static void setup(void)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	ui_edit_init(&ed);
}

static void teardown(void)
{
	ui_edit_free(&ed);
}

TestSuite(ui_edit, .init = setup, .fini = teardown);

static void type(const char *s)
{
	for (; *s; s++)
		cr_assert(ui_edit_insert(&ed, (unsigned char)*s));
}

Test(ui_edit, typing_inserts_at_the_cursor)
{
	type("EHO");
	ui_edit_op(&ed, UI_ED_LEFT);
	type("L");
	cr_assert_str_eq(ed.buf, "EHLO");
	cr_assert_eq(ed.cur, 3);
}

Test(ui_edit, control_characters_are_refused)
{
	cr_assert_not(ui_edit_insert(&ed, 0x1b));
	cr_assert_not(ui_edit_insert(&ed, 0x7f));
	cr_assert_not(ui_edit_insert(&ed, 0x9b));
	cr_assert_eq(ed.len, 0);
}

Test(ui_edit, multibyte_characters_move_as_one)
{
	cr_assert(ui_edit_insert(&ed, 0xe9));
	cr_assert(ui_edit_insert(&ed, 'x'));
	cr_assert_eq(ed.len, 3);
	ui_edit_op(&ed, UI_ED_LEFT);
	ui_edit_op(&ed, UI_ED_LEFT);
	cr_assert_eq(ed.cur, 0);
	ui_edit_op(&ed, UI_ED_DELETE);
	cr_assert_str_eq(ed.buf, "x");
}

Test(ui_edit, emacs_keys)
{
	type("MAIL FROM:<a@b>");
	ui_edit_op(&ed, UI_ED_KILL_WORD);
	cr_assert_str_eq(ed.buf, "MAIL ");
	type("TO");
	ui_edit_op(&ed, UI_ED_HOME);
	cr_assert_eq(ed.cur, 0);
	ui_edit_op(&ed, UI_ED_KILL_END);
	cr_assert_str_eq(ed.buf, "");
	type("abc def");
	ui_edit_op(&ed, UI_ED_LEFT);
	ui_edit_op(&ed, UI_ED_KILL_START);
	cr_assert_str_eq(ed.buf, "f");
	ui_edit_op(&ed, UI_ED_END);
	ui_edit_op(&ed, UI_ED_BACKSPACE);
	cr_assert_str_eq(ed.buf, "");
	cr_assert_not(ui_edit_op(&ed, UI_ED_BACKSPACE), "nothing left to delete");
}

Test(ui_edit, history_walks_back_and_keeps_the_draft)
{
	type("EHLO a");
	ui_edit_commit(&ed);
	type("NOOP");
	ui_edit_commit(&ed);
	type("NOOP");
	ui_edit_commit(&ed);
	cr_assert_eq(ed.nhist, 2, "a repeated line is kept once");
	type("dra");
	ui_edit_op(&ed, UI_ED_HIST_PREV);
	cr_assert_str_eq(ed.buf, "NOOP");
	ui_edit_op(&ed, UI_ED_HIST_PREV);
	cr_assert_str_eq(ed.buf, "EHLO a");
	cr_assert_not(ui_edit_op(&ed, UI_ED_HIST_PREV));
	ui_edit_op(&ed, UI_ED_HIST_NEXT);
	ui_edit_op(&ed, UI_ED_HIST_NEXT);
	cr_assert_str_eq(ed.buf, "dra", "the draft comes back");
}

Test(ui_edit, empty_lines_are_not_remembered)
{
	ui_edit_commit(&ed);
	cr_assert_eq(ed.nhist, 0);
}

Test(ui_edit, history_is_bounded)
{
	char line[16];
	for (int i = 0; i < UI_HIST_MAX + 20; i++) {
		snprintf(line, sizeof line, "NOOP %d", i);
		ui_edit_set(&ed, line);
		ui_edit_commit(&ed);
	}
	cr_assert_eq(ed.nhist, UI_HIST_MAX);
	cr_assert_str_eq(ed.hist[0], "NOOP 20");
}

Test(ui_edit, the_line_is_bounded)
{
	for (int i = 0; i < UI_EDIT_MAX; i++)
		ui_edit_insert(&ed, 'x');
	cr_assert_not(ui_edit_insert(&ed, 'y'));
	cr_assert_eq(ed.len, UI_EDIT_MAX);
}

Test(ui_edit, view_scrolls_to_keep_the_cursor_visible)
{
	for (int i = 0; i < 30; i++)
		ui_edit_insert(&ed, 'a' + i % 26);
	size_t start;
	int col;
	ui_edit_view(&ed, 10, &start, &col);
	cr_assert_eq(start, 21);
	cr_assert_eq(col, 9);
	ui_edit_op(&ed, UI_ED_HOME);
	ui_edit_view(&ed, 10, &start, &col);
	cr_assert_eq(start, 0);
	cr_assert_eq(col, 0);
}

static const char *const addrs[] = { "alice@example.com", "bob@example.com",
                                     "postmaster@example.com", NULL };
static const char *const profiles[] = { "mta", "submission", "smtps", "alt", NULL };
static const char *const scens[] = { "greylist", "mailbox-full", NULL };

static struct ui_compl complete(const char *line)
{
	struct ui_compl_src src = { addrs, profiles, scens, false, false };
	struct ui_compl c;
	ui_edit_set(&ed, line);
	ui_edit_complete(&ed, &src, &c);
	return c;
}

Test(ui_edit, completion_table)
{
	static const struct { const char *in, *out; size_t n; } cases[] = {
		{ "mai", "MAIL FROM:<", 1 },
		{ "RCPT TO:<al", "RCPT TO:<alice@example.com>", 1 },
		{ "rcpt to:<b", "rcpt to:<bob@example.com>", 1 },
		{ "MAIL FROM:<", "MAIL FROM:<", 3 },
		{ "MAIL FROM:<p", "MAIL FROM:<postmaster@example.com>", 1 },
		{ "E", "E", 2 },              /* EHLO, EXPN */
		{ "eh", "EHLO ", 1 },
		{ "AUTH ", "AUTH ", 2 },
		{ "AUTH L", "AUTH LOGIN", 1 },
		{ "STA", "STARTTLS", 1 },
		{ ":pr", ":profile ", 1 },
		{ ":profile s", ":profile s", 2 },
		{ ":profile sub", ":profile submission", 1 },
		{ ":scenario g", ":scenario greylist", 1 },
		{ ":scenario off m", ":scenario off mailbox-full", 1 },
		{ "XYZ", "XYZ", 0 },
		{ "RCPT TO:<zz", "RCPT TO:<zz", 0 },
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		struct ui_compl c = complete(cases[i].in);
		cr_assert_str_eq(ed.buf, cases[i].out, "'%s' completed to '%s'", cases[i].in, ed.buf);
		cr_assert_eq(c.n, cases[i].n, "'%s': %zu candidates", cases[i].in, c.n);
	}
}

Test(ui_edit, several_candidates_extend_to_the_common_prefix)
{
	static const char *const two[] = { "carol@example.com", "carl@example.com", NULL };
	struct ui_compl_src src = { two, profiles, scens, false, false };
	struct ui_compl c;
	ui_edit_set(&ed, "RCPT TO:<c");
	ui_edit_complete(&ed, &src, &c);
	cr_assert_str_eq(ed.buf, "RCPT TO:<car");
	cr_assert(c.changed);
	cr_assert_eq(c.n, 2);
}

Test(ui_edit, nothing_is_completed_in_message_text)
{
	struct ui_compl_src src = { addrs, profiles, scens, true, false };
	struct ui_compl c;
	ui_edit_set(&ed, "mai");
	ui_edit_complete(&ed, &src, &c);
	cr_assert_str_eq(ed.buf, "mai");
	cr_assert_eq(c.n, 0);
}

/* --- issue 13: completion that knows the state ---------------------------- */

static const char *const srv_addrs[] = { "alice@example.com", "bob@example.com", NULL };

Test(ui_edit, after_a_334_tab_offers_no_commands)
{
	struct ui_edit e;
	ui_edit_init(&e);
	struct ui_compl_src src = { srv_addrs, NULL, NULL, false, true };
	struct ui_compl out;
	ui_edit_complete(&e, &src, &out);
	cr_assert_eq(out.n, 3);
	for (size_t i = 0; i < out.n; i++) {
		cr_assert(strncmp(out.cand[i], "EHLO", 4) && strncmp(out.cand[i], "MAIL", 4) &&
		          strncmp(out.cand[i], "RCPT", 4));
	}
	ui_edit_set(&e, ":p");
	ui_edit_complete(&e, &src, &out);
	cr_assert_str_eq(e.buf, ":plain ");
	ui_edit_free(&e);
}

Test(ui_edit, lesson_addresses_come_first_at_mail_from)
{
	static const char *const mine[] = { "dave@example.org", "alice@example.com", NULL };
	struct ui_edit e;
	ui_edit_init(&e);
	ui_edit_set_extra_addresses(&e, mine);
	ui_edit_set(&e, "MAIL FROM:<");
	struct ui_compl_src src = { srv_addrs, NULL, NULL, false, false };
	struct ui_compl out;
	ui_edit_complete(&e, &src, &out);
	cr_assert_eq(out.n, 3, "alice is offered once");
	cr_assert_str_eq(out.cand[0], "dave@example.org");
	cr_assert_str_eq(out.cand[2], "bob@example.com");
	ui_edit_set(&e, "MAIL FROM:<d");
	ui_edit_complete(&e, &src, &out);
	cr_assert_str_eq(e.buf, "MAIL FROM:<dave@example.org>");
	ui_edit_set_extra_addresses(&e, NULL);
	ui_edit_set(&e, "MAIL FROM:<d");
	ui_edit_complete(&e, &src, &out);
	cr_assert_eq(out.n, 0);
	ui_edit_free(&e);
}
