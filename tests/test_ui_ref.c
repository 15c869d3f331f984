/* The reference list model: tabs, search, code jumps, entry layout. */
#include "ui/ui_ref.h"

#include <criterion/criterion.h>
#include <string.h>

static struct ui_ref ref;

static void fini(void)
{
	ui_ref_free(&ref);
}

TestSuite(ui_ref, .fini = fini);

Test(ui_ref, the_all_tab_holds_the_whole_catalog)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	cr_assert_eq(ref.n, cat_code_count() + cat_enh_count() + cat_port_count());
	ui_ref_set_tab(&ref, UI_REF_PORTS);
	cr_assert_eq(ref.n, cat_port_count());
}

Test(ui_ref, a_code_query_puts_that_code_first)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	ui_ref_set_query(&ref, "552");
	const struct ui_ref_item *it = ui_ref_selected(&ref);
	cr_assert_not_null(it);
	cr_assert_eq(it->kind, CAT_CODE);
	cr_assert_eq(((const struct cat_code *)it->entry)->code, 552);
	cr_assert_gt(ref.n, 1, "other entries mentioning 552 follow");
}

Test(ui_ref, an_enhanced_code_query_matches_any_class)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	ui_ref_set_query(&ref, "5.1.1");
	const struct ui_ref_item *it = ui_ref_selected(&ref);
	cr_assert_not_null(it);
	cr_assert_eq(it->kind, CAT_ENH);
	cr_assert_str_eq(((const struct cat_enh *)it->entry)->code + 1, ".1.1");
}

Test(ui_ref, a_prefix_lists_every_code_it_starts)
{
	ui_ref_init(&ref, UI_REF_CODES, false);
	ui_ref_set_query(&ref, "55");
	for (size_t i = 0; i < ref.n && ref.v[i].kind == CAT_CODE; i++) {
		int code = ((const struct cat_code *)ref.v[i].entry)->code;
		if (code / 10 != 55)
			break;
		cr_assert_eq(code / 10, 55);
	}
	cr_assert_eq(((const struct cat_code *)ref.v[0].entry)->code / 10, 55);
}

Test(ui_ref, words_search_the_text)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	ui_ref_set_query(&ref, "greylist");
	cr_assert_gt(ref.n, 0);
	ui_ref_set_query(&ref, "zzzz-no-such-thing");
	cr_assert_eq(ref.n, 0);
	cr_assert_null(ui_ref_selected(&ref));
}

Test(ui_ref, moving_keeps_the_selection_in_view)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	ui_ref_move(&ref, 25, 10);
	cr_assert_eq(ref.sel, 25);
	cr_assert_eq(ref.top, 16);
	ui_ref_move(&ref, -100, 10);
	cr_assert_eq(ref.sel, 0);
	cr_assert_eq(ref.top, 0);
	ui_ref_move(&ref, 100000, 10);
	cr_assert_eq(ref.sel, ref.n - 1);
}

Test(ui_ref, the_sidebar_has_no_all_tab)
{
	ui_ref_init(&ref, UI_REF_ALL, true);
	cr_assert_eq(ref.tab, UI_REF_CODES);
	ui_ref_next_tab(&ref, -1);
	cr_assert_eq(ref.tab, UI_REF_PORTS);
	ui_ref_next_tab(&ref, 1);
	cr_assert_eq(ref.tab, UI_REF_CODES);
}

Test(ui_ref, select_code_follows_the_conversation)
{
	ui_ref_init(&ref, UI_REF_PORTS, true);
	cr_assert(ui_ref_select_code(&ref, 550, 8));
	cr_assert_eq(ref.tab, UI_REF_CODES);
	cr_assert_eq(((const struct cat_code *)ui_ref_selected(&ref)->entry)->code, 550);
	cr_assert_not(ui_ref_select_code(&ref, 299, 8));
}

Test(ui_ref, entries_become_labelled_paragraphs)
{
	struct ui_ref_item it = { CAT_CODE, cat_code_find(550), NULL };
	struct ui_para p[UI_PARA_MAX];
	size_t n = ui_ref_paras(&it, p);
	cr_assert_geq(n, 3);
	cr_assert_eq(p[0].role, UI_PARA_TITLE);
	cr_assert_eq(strncmp(p[0].text, "550  ", 5), 0);
	bool cause = false;
	for (size_t i = 0; i < n; i++)
		cause |= p[i].label && !strcmp(p[i].label, "Cause");
	cr_assert(cause);
	char buf[128];
	struct ui_ref_item port = { CAT_PORT, cat_port_find(587), NULL };
	cr_assert_str_eq(ui_ref_label(&port, buf, sizeof buf), "port 587  Submission");
}

/* --- issue 13: a whole reply line --------------------------------------- */

Test(ui_ref, a_reply_line_is_explained_first)
{
	struct ui_ref r;
	ui_ref_init(&r, UI_REF_ALL, false);
	ui_ref_set_query(&r, "550 5.1.1 <bob@example.com>: Recipient address rejected");
	const struct ui_ref_item *it = ui_ref_selected(&r);
	cr_assert_not_null(it);
	cr_assert_not_null(it->reply);
	struct ui_para p[UI_PARA_MAX];
	size_t n = ui_ref_paras(it, p);
	bool what = false, cls = false, enh = false;
	for (size_t i = 0; i < n; i++) {
		if (p[i].role != UI_PARA_FIELD)
			continue;
		what |= !strcmp(p[i].label, "What to do");
		cls |= !strcmp(p[i].label, "Class") && strstr(p[i].text, "Permanent");
		enh |= !strcmp(p[i].label, "5.1.1");
	}
	cr_assert(what && cls && enh);
	cr_assert_eq(r.n, 3, "the reply, then 550 and X.1.1");
	ui_ref_set_query(&r, "451 4.7.1");
	cr_assert_not_null(ui_ref_selected(&r)->reply);
	ui_ref_set_query(&r, "550");
	cr_assert_null(ui_ref_selected(&r)->reply, "a bare code is not a reply line");
	ui_ref_free(&r);
}
