/* The reference list model: tabs, search, code jumps, entry layout. */
#include "smtp/personality.h"
#include "ui/ui_ref.h"
#include "ui/ui_text.h"

#include <criterion/criterion.h>
#include <stdio.h>
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
	cr_assert_eq(ref.n, cat_code_count() + cat_enh_count() + cat_port_count() + cmp_case_count(),
	             "the catalog, then the compare cases");
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
	struct ui_ref_item it = { CAT_CODE, cat_code_find(550), NULL, NULL };
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
	struct ui_ref_item port = { CAT_PORT, cat_port_find(587), NULL, NULL };
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

/* --- issue 17: servers compared ------------------------------------------ */

static const struct ui_ref_cmp_reply *reply_of(const struct ui_ref_cmp *k, const char *name)
{
	for (size_t i = 0; i < k->n; i++)
		if (!strcmp(k->r[i].name, name))
			return &k->r[i];
	return NULL;
}

Test(ui_ref, the_servers_tab_lists_every_compare_case)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	ui_ref_set_tab(&ref, UI_REF_CMP);
	cr_assert_str_eq(ui_ref_tab_name(UI_REF_CMP), "Servers");
	cr_assert_eq(ref.n, cmp_case_count());
	for (size_t i = 0; i < ref.n; i++)
		cr_assert_eq(ref.v[i].cmp, cmp_case_at(i));
	char buf[160];
	cr_assert_str_eq(ui_ref_label(&ref.v[0], buf, sizeof buf),
	                 "unknown-user  a recipient with no mailbox");
	ui_ref_set_tab(&ref, UI_REF_CODES);
	for (size_t i = 0; i < ref.n; i++)
		cr_assert_null(ref.v[i].cmp, "the Codes tab holds no case");
}

Test(ui_ref, a_case_is_found_by_its_name_words_or_scenario)
{
	ui_ref_init(&ref, UI_REF_ALL, false);
	ui_ref_set_query(&ref, "mailbox-full-at-data");
	cr_assert_eq(ref.n, 1);
	cr_assert_str_eq(ui_ref_selected(&ref)->cmp->name, "mailbox-full-at-data");
	ui_ref_set_query(&ref, "GREYLIST");
	bool found = false;
	for (size_t i = 0; i < ref.n; i++)
		found |= ref.v[i].cmp && !strcmp(ref.v[i].cmp->name, "greylisted");
	cr_assert(found, "the catalog's greylisting entries, then the case");
	cr_assert_null(ref.v[0].cmp, "catalog entries come first");
	ui_ref_set_tab(&ref, UI_REF_CMP);
	ui_ref_set_query(&ref, "dmarc-reject");
	cr_assert_eq(ref.n, 1, "a scenario's name finds its case");
}

Test(ui_ref, the_sidebar_has_no_servers_tab)
{
	ui_ref_init(&ref, UI_REF_CODES, true);
	cr_assert_not(ui_ref_has_tab(&ref, UI_REF_CMP));
	ui_ref_set_tab(&ref, UI_REF_PORTS);
	ui_ref_next_tab(&ref, 1);
	cr_assert_eq(ref.tab, UI_REF_CODES);
	ui_ref_set_tab(&ref, UI_REF_CMP);
	cr_assert_eq(ref.tab, UI_REF_CODES);
	ui_ref_free(&ref);
	ui_ref_init(&ref, UI_REF_PORTS, false);
	ui_ref_next_tab(&ref, 1);
	cr_assert_eq(ref.tab, UI_REF_CMP);
	ui_ref_next_tab(&ref, 1);
	cr_assert_eq(ref.tab, UI_REF_ALL);
	ui_ref_next_tab(&ref, -1);
	cr_assert_eq(ref.tab, UI_REF_CMP);
}

Test(ui_ref, a_case_shows_every_personality_reply)
{
	ui_ref_init(&ref, UI_REF_CMP, false);
	ui_ref_set_query(&ref, "mailbox-full-at-data");
	const struct ui_ref_cmp *k = ui_ref_compare(&ref, ui_ref_selected(&ref));
	cr_assert_not_null(k);
	cr_assert_eq(k->n, smtp_personality_count());
	cr_assert_str_eq(k->r[0].name, "smtpsim");
	const struct ui_ref_cmp_reply *g = reply_of(k, "gmail"), *m = reply_of(k, "microsoft365");
	cr_assert(g && m);
	cr_assert_eq(g->code, 452);
	cr_assert_str_eq(g->enh, "4.2.2");
	cr_assert_eq(m->code, 554);
	cr_assert_str_eq(m->enh, "5.2.2");
	cr_assert_str_eq(k->command, "Reply to: . (the end of the data)");
	cr_assert_not_null(strstr(k->digit, "First digit differs"), "%s", k->digit);
	cr_assert_not_null(strstr(k->digit, "4 at gmail"), "%s", k->digit);
	cr_assert_eq(ui_ref_compare(&ref, ui_ref_selected(&ref)), k, "run once, then kept");
	struct ui_ref_item code = { CAT_CODE, cat_code_find(550), NULL, NULL };
	cr_assert_null(ui_ref_compare(&ref, &code), "a catalog entry is no case");
}

/* Answers written here, so that the words are the test's own. */
static void fake(struct cmp_answer *ans, size_t i, int code, const char *enh, const char *text)
{
	ans[i].code = code;
	snprintf(ans[i].enh, sizeof ans[i].enh, "%s", enh);
	snprintf(ans[i].text, sizeof ans[i].text, "%s", text);
}

static void fake_full(struct cmp_answer *ans)
{
	memset(ans, 0, 6 * sizeof *ans);
	fake(ans, 0, 552, "5.2.2", "Mailbox full");
	fake(ans, 1, 552, "5.2.2", "Mailbox full");
	fake(ans, 2, 552, "", "Mailbox full");
	fake(ans, 3, 552, "5.2.2", "Quota exceeded");
	fake(ans, 4, 452, "4.2.2", "The account is over quota.\nTry later - gsmtp");
	fake(ans, 5, 554, "5.2.2", "mailbox full");
}

Test(ui_ref, the_summary_names_the_exceptions)
{
	cr_assert_eq(smtp_personality_count(), 6);
	struct cmp_answer ans[6];
	fake_full(ans);
	struct ui_ref_cmp k = { 0 };
	cr_assert_eq(ui_ref_cmp_set(&k, cmp_case_find("mailbox-full-at-data"), ans, 6), 0);
	cr_assert_str_eq(k.digit, "First digit differs: 4 at gmail; 5 at the others");
	cr_assert_str_eq(k.cls,
	                 "Enhanced class differs: 4.x.x at gmail; none from exim; 5.x.x at the others");
	cr_assert(k.any_same);
	cr_assert(k.r[1].same, "postfix says smtpsim's words");
	cr_assert_not(k.r[0].same, "smtpsim is not marked against itself");
	cr_assert_not(k.r[2].same, "no enhanced code: not the same reply");
	cr_assert_not(k.r[5].same);
	cr_assert_eq(k.name_w, (int)strlen("microsoft365"));
	cr_assert_eq(k.enh_w, 5);

	fake(ans, 4, 552, "5.2.2", "x");
	fake(ans, 5, 552, "5.2.2", "y");
	cr_assert_eq(ui_ref_cmp_set(&k, cmp_case_find("mailbox-full-at-data"), ans, 6), 0);
	cr_assert_str_eq(k.digit, "First digit: 5 at every server");
	cr_assert_str_eq(k.cls, "Enhanced class: 5.x.x wherever one is sent (none from exim)");
	fake(ans, 2, 552, "5.2.2", "z");
	cr_assert_eq(ui_ref_cmp_set(&k, cmp_case_find("mailbox-full-at-data"), ans, 6), 0);
	cr_assert_str_eq(k.cls, "Enhanced class: 5.x.x at every server");
	ui_ref_cmp_free(&k);
}

Test(ui_ref, engine_text_is_made_visible)
{
	struct cmp_answer ans[6];
	fake_full(ans);
	fake(ans, 3, 550, "5.1\x1b[2J", "evil \x1b[31mred\x07 \xc2\x9b bytes\nsecond line");
	struct ui_ref_cmp k = { 0 };
	cr_assert_eq(ui_ref_cmp_set(&k, cmp_case_find("unknown-user"), ans, 6), 0);
	const char *t = k.r[3].text;
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		cr_assert(*p >= 0x20 || *p == '\n', "byte 0x%02x drawn raw in \"%s\"", *p, t);
	cr_assert_null(strstr(t, "\xc2\x9b"), "a C1 control is made visible too");
	cr_assert_not_null(strstr(t, "^[[31mred^G"), "%s", t);
	cr_assert_not_null(strstr(t, "\nsecond line"), "the reply's lines are kept");
	cr_assert_str_eq(k.r[3].enh, "5.1^[[2J");
	ui_ref_cmp_free(&k);
}

/* Every row stays within WIDTH columns. */
static void rows_fit(const struct ui_ref_cmp *k, int width)
{
	struct ui_cmp_row rows[512];
	size_t n = ui_ref_cmp_rows(k, width, rows, 512);
	cr_assert_leq(n, 512);
	size_t replies = 0, glance = 0;
	for (size_t i = 0; i < n; i++) {
		const struct ui_cmp_row *r = &rows[i];
		int w = r->x + (int)ui_text_width(r->text ? r->text : "", r->len) + (r->cut ? 1 : 0);
		cr_assert_leq(w, width, "%s at %d: row %zu \"%.*s\" takes %d", k->c->name, width, i,
		              (int)r->len, r->text, w);
		if (r->role == UI_CMP_REPLY) {
			replies++;
			glance += r->len > 0;
			cr_assert_leq(ui_ref_cmp_code_x(k) + 4 + k->enh_w, width);
		}
	}
	cr_assert_eq(replies, 2 * k->n, "at a glance, then in full");
	if (width < 60)
		cr_assert_eq(glance, 0, "no room for words beside the codes at %d", width);
	else
		cr_assert_eq(glance, k->n, "the start of each reply beside its code at %d", width);
}

Test(ui_ref, every_case_fits_the_entry_pane)
{
	ui_ref_init(&ref, UI_REF_CMP, false);
	for (size_t i = 0; i < ref.n; i++) {
		const struct ui_ref_cmp *k = ui_ref_compare(&ref, &ref.v[i]);
		cr_assert_not_null(k);
		cr_assert_eq(k->err[0], '\0', "%s: %s", ref.v[i].cmp->name, k->err);
		rows_fit(k, 40);   /* 80x24 */
		rows_fit(k, 69);   /* 132x43 */
	}
}

Test(ui_ref, the_rows_read_in_order)
{
	struct cmp_answer ans[6];
	fake_full(ans);
	struct ui_ref_cmp k = { 0 };
	cr_assert_eq(ui_ref_cmp_set(&k, cmp_case_find("mailbox-full-at-data"), ans, 6), 0);
	struct ui_cmp_row rows[128];
	size_t n = ui_ref_cmp_rows(&k, 69, rows, 128);
	cr_assert_eq(rows[0].role, UI_CMP_TITLE);
	cr_assert_eq(strncmp(rows[0].text, "mailbox-full-at-data", rows[0].len), 0);
	size_t i = 1;
	while (i < n && rows[i].role != UI_CMP_REPLY)
		i++;
	cr_assert_lt(i + 6, n);
	cr_assert_eq(rows[i + 4].reply, &k.r[4]);
	cr_assert_eq(rows[i + 4].len, strlen("The account is over quota."));
	cr_assert(rows[i + 4].cut, "a reply of two lines goes on");
	cr_assert_not(rows[i].cut);
	bool digit = false, legend = false, second = false;
	for (; i < n; i++) {
		if (rows[i].role == UI_CMP_FIELD && rows[i].label_len) {
			digit |= !strncmp(rows[i].text, "First digit differs: ", rows[i].label_len);
			legend |= rows[i].label_len == 1 && rows[i].text[0] == '=';
		}
		second |= rows[i].role == UI_CMP_TEXT && rows[i].len == strlen("Try later - gsmtp") &&
		          !strncmp(rows[i].text, "Try later - gsmtp", rows[i].len);
	}
	cr_assert(digit && legend && second);
	cr_assert_eq(ui_ref_cmp_rows(&k, 69, rows, 3), n, "a short buffer: the count all the same");
	ui_ref_cmp_free(&k);
}
