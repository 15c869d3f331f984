/* The explainer: replies gathered from lines, explained once, with the
 * command they answer; what it writes, read back from a memory stream. */
#include "ref/explainer.h"

#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct run {
	char *out;
	size_t len;
	FILE *f;
	struct ref_explainer *x;
};

static void start(struct run *r, bool numbered)
{
	memset(r, 0, sizeof *r);
	r->f = open_memstream(&r->out, &r->len);
	cr_assert_not_null(r->f);
	struct ref_explain_opts o = { .out = r->f, .width = 80, .numbered = numbered };
	r->x = ref_explainer_new(&o);
	cr_assert_not_null(r->x);
}

/* Close the stream: r->out holds all that was written. */
static void stop(struct run *r)
{
	ref_explainer_free(r->x);
	fclose(r->f);
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

Test(explainer, a_lone_code_is_explained_and_a_number_out_of_range_is_not)
{
	struct run r;
	start(&r, false);
	cr_assert(ref_explain_code(r.x, "550"));
	cr_assert_not(ref_explain_code(r.x, "600"), "600 is no reply code");
	cr_assert_not(ref_explain_code(r.x, "550 5.1.1"), "two tokens are a line, not a code");
	cr_assert_eq(ref_explainer_count(r.x), 1);
	stop(&r);
	cr_assert(strstr(r.out, "550\n"), "the code heads its explanation: %s", r.out);
	cr_assert(strstr(r.out, "Mailbox unavailable"));
	free(r.out);
}

Test(explainer, a_multi_line_reply_is_one_reply)
{
	static const char t[] = "EHLO client\n250-mx.example.com\n250-SIZE 1000\n250 HELP\n";
	struct run r;
	start(&r, true);
	ref_explain_text(r.x, t, strlen(t));
	cr_assert_eq(ref_explainer_count(r.x), 1);
	stop(&r);
	cr_assert(strstr(r.out, "[1] line 2, answer to EHLO client\n"), "%s", r.out);
	cr_assert(strstr(r.out, "  250 HELP\n"), "its last line is shown with it");
	free(r.out);
}

Test(explainer, a_pair_of_codes_seen_before_points_back)
{
	static const char t[] = "RCPT TO:<a@x>\n550 5.1.1 no\nRCPT TO:<b@x>\n550 5.1.1 no\n";
	struct run r;
	start(&r, true);
	ref_explain_text(r.x, t, strlen(t));
	cr_assert_eq(ref_explainer_count(r.x), 2);
	stop(&r);
	cr_assert(strstr(r.out, "(explained above, see [1])"), "%s", r.out);
	cr_assert_eq(count_of(r.out, "Bad destination mailbox address"), 1,
	             "explained once: %s", r.out);
	free(r.out);
}

Test(explainer, input_bytes_come_out_visible)
{
	static const char t[] = "550 5.1.1 \x1b[2J<bob@example.com>\xff\n";
	struct run r;
	start(&r, true);
	ref_explain_text(r.x, t, strlen(t));
	stop(&r);
	cr_assert_null(strchr(r.out, '\x1b'), "no raw escape: %s", r.out);
	cr_assert(strstr(r.out, "^[[2J<bob@example.com>\\xff"), "%s", r.out);
	free(r.out);
}

Test(explainer, a_dsn_is_summed_up_with_its_fields)
{
	static const char t[] =
		"Reporting-MTA: dns; mx.example.com\n"
		"Final-Recipient: rfc822; bob@example.com\n"
		"Action: failed\n"
		"Status: 5.1.1\n"
		"Diagnostic-Code: smtp; 550 5.1.1 User unknown\n";
	struct run r;
	start(&r, true);
	int fd[2];
	cr_assert_eq(pipe(fd), 0);
	cr_assert_eq(write(fd[1], t, sizeof t - 1), (ssize_t)(sizeof t - 1));
	close(fd[1]);
	cr_assert_eq(ref_explain_fd(r.x, fd[0]), 0);
	close(fd[0]);
	cr_assert_eq(ref_explainer_count(r.x), 2);
	ref_explain_summary(r.x);
	stop(&r);
	cr_assert(strstr(r.out, "recipient bob@example.com"), "%s", r.out);
	cr_assert(strstr(r.out, "2 replies found: 0 success, 0 intermediate, 0 temporary "
	                        "failures, 2 permanent failures."), "%s", r.out);
	cr_assert(strstr(r.out, "  Action: failed (for bob@example.com)\n"), "%s", r.out);
	free(r.out);
}

Test(explainer, a_long_line_is_cut_where_it_is_shown)
{
	char line[REF_SHOW_MAX + 50];
	memset(line, 'a', sizeof line);
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	ref_show_line(f, line, sizeof line, 7);
	fclose(f);
	cr_assert_eq(strspn(out, "a"), REF_SHOW_MAX);
	cr_assert_str_eq(out + REF_SHOW_MAX, " ... (57 more bytes)");
	free(out);
}
