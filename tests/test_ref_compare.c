/* test_ref_compare.c — the model behind `smtpsim compare` and the
 * reference screen's comparison: every case runs under every personality,
 * the replies are the engine's, and the summary sees what differs. */
#include "ref/compare.h"
#include "smtp/personality.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

static size_t persona(const char *name)
{
	int i = smtp_personality_find(name);
	cr_assert_geq(i, 0, "%s", name);
	return (size_t)i;
}

Test(compare, every_case_runs_under_every_personality)
{
	cr_assert_geq(cmp_case_count(), 10);
	for (size_t i = 0; i < cmp_case_count(); i++) {
		const struct cmp_case *c = cmp_case_at(i);
		char err[256] = "";
		struct cmp_answer *a = cmp_run_all(c, err, sizeof err);
		cr_assert(a, "%s: %s", c->name, err);
		for (size_t p = 0; p < smtp_personality_count(); p++) {
			cr_expect(a[p].code >= 400 && a[p].code < 600, "%s under %s: %d", c->name,
			          smtp_personality_name(p), a[p].code);
			cr_expect(a[p].text[0], "%s under %s: no text", c->name, smtp_personality_name(p));
		}
		free(a);
	}
	cr_expect_null(cmp_case_at(cmp_case_count()));
}

/* The example: a full mailbox is temporary at Gmail, permanent
 * at Microsoft 365 and at smtpsim. */
Test(compare, a_full_mailbox_differs_in_its_first_digit)
{
	const struct cmp_case *c = cmp_case_find("MAILBOX-FULL-AT-DATA");
	cr_assert(c);
	cr_expect_str_eq(cmp_case_command(c), ". (the end of the data)");
	char err[256];
	struct cmp_answer *a = cmp_run_all(c, err, sizeof err);
	cr_assert(a, "%s", err);
	cr_expect_eq(a[persona("smtpsim")].code, 552);
	cr_expect_eq(a[persona("gmail")].code, 452);
	cr_expect_str_eq(a[persona("gmail")].enh, "4.2.2");
	cr_expect_eq(a[persona("microsoft365")].code, 554);
	cr_expect_str_eq(a[persona("exim")].enh, "", "Exim sends no enhanced codes");
	struct cmp_summary s;
	cmp_summarise(a, smtp_personality_count(), &s);
	cr_expect_not(s.same_digit);
	cr_expect(s.any_copy, "postfix says smtpsim's words here");
	free(a);
}

Test(compare, unknown_user_keeps_its_first_digit_and_class)
{
	char err[256];
	struct cmp_answer *a = cmp_run_all(cmp_case_find("unknown-user"), err, sizeof err);
	cr_assert(a, "%s", err);
	struct cmp_summary s;
	cmp_summarise(a, smtp_personality_count(), &s);
	cr_expect(s.same_digit);
	cr_expect(s.same_class);
	cr_expect_not(cmp_same(&a[persona("smtpsim")], &a[persona("microsoft365")]));
	cr_expect_not_null(strstr(a[persona("microsoft365")].text, "RecipientNotFound"));
	free(a);
}

Test(compare, an_unknown_case_or_personality_is_refused)
{
	cr_expect_null(cmp_case_find("no-such-case"));
	cr_expect_null(cmp_case_find(NULL));
	struct cmp_answer a;
	char err[256] = "";
	cr_expect_eq(cmp_run(cmp_case_at(0), "sendmail", &a, err, sizeof err), -1);
	cr_expect(err[0], "a message says why");
}

Test(compare, what_stays_the_same_in_words)
{
	char err[256], d[512], c[512];
	struct cmp_answer *a = cmp_run_all(cmp_case_find("mailbox-full-at-data"), err, sizeof err);
	cr_assert(a, "%s", err);
	size_t n = smtp_personality_count();
	cmp_digit_sentence(a, n, d, sizeof d);
	cmp_class_sentence(a, n, c, sizeof c);
	cr_expect_str_eq(d, "First digit differs: 4 at gmail; 5 at the others");
	cr_expect_str_eq(c, "Enhanced class differs: 4.x.x at gmail; none from exim; 5.x.x at the "
	                 "others");
	free(a);
	a = cmp_run_all(cmp_case_find("unknown-user"), err, sizeof err);
	cr_assert(a, "%s", err);
	cmp_digit_sentence(a, n, d, sizeof d);
	cmp_class_sentence(a, n, c, sizeof c);
	cr_expect_str_eq(d, "First digit: 5 at every server");
	cr_expect_str_eq(c, "Enhanced class: 5.x.x wherever one is sent (none from exim, "
	                 "opensmtpd)");
	free(a);
}
