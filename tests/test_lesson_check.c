/* test_lesson_check.c — what check-lessons checks (lesson/check.h): files
 * and directories load, `requires` of a single file finds the lessons
 * beside it, examples are played, and a lesson counts as OK only without
 * any problem line. */
#include "lesson/check.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/smtpsim-check-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm_tmpdir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	cr_expect_eq(system(cmd), 0);
}

/* A lesson file FILE (in tmpdir) with id ID, REQ spliced into "requires"
 * and one command step whose example is EXAMPLE (a JSON string). */
static void write_lesson(const char *file, const char *id, const char *req,
                         const char *example)
{
	char path[128];
	snprintf(path, sizeof path, "%s/%s", tmpdir, file);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fprintf(f, "{\"id\": \"%s\", \"title\": \"T\", \"summary\": \"S\", "
	        "\"minutes\": 5, \"profile\": \"mta\", \"requires\": [%s], "
	        "\"steps\": [{\"kind\": \"command\", \"prompt\": \"p\", "
	        "\"goal\": {\"verb\": \"NOOP\", \"reply\": 250}, \"points\": 5, "
	        "\"example\": [%s]}]}", id, req, example);
	fclose(f);
}

static void print_errors(const struct lesson_check *c)
{
	for (size_t i = 0; i < c->errs.n; i++)
		cr_log_info("%s", c->errs.v[i]);
}

Test(lesson_check, a_directory_of_good_lessons_is_all_ok,
     .init = make_tmpdir, .fini = rm_tmpdir)
{
	write_lesson("01-a.json", "a", "", "\"NOOP\"");
	write_lesson("02-b.json", "b", "\"a\"", "\"NOOP\"");
	const char *paths[] = { tmpdir };
	struct lesson_check_opts o = { .paths = paths, .npaths = 1, .dirs = true };
	struct lesson_check c;
	lesson_check(&o, &c);
	print_errors(&c);
	cr_expect_eq(c.set.n, 2);
	cr_expect_eq(c.errs.n, 0);
	cr_expect_eq(c.ok, 2);
	lesson_check_free(&c);
	cr_expect_eq(c.set.n, 0);
	cr_expect_eq(c.errs.n, 0);
}

Test(lesson_check, a_single_file_may_require_the_lessons_beside_it,
     .init = make_tmpdir, .fini = rm_tmpdir)
{
	write_lesson("01-a.json", "a", "", "\"NOOP\"");
	write_lesson("02-b.json", "b", "\"a\"", "\"NOOP\"");
	char path[128];
	snprintf(path, sizeof path, "%s/02-b.json", tmpdir);
	const char *paths[] = { path };
	struct lesson_check_opts o = { .paths = paths, .npaths = 1, .siblings = true };
	struct lesson_check c;
	lesson_check(&o, &c);
	print_errors(&c);
	cr_expect_eq(c.set.n, 1, "the sibling is a reference, not a checked lesson");
	cr_expect_eq(c.errs.n, 0);
	cr_expect_eq(c.ok, 1);
	lesson_check_free(&c);

	/* without siblings the required lesson is unknown */
	o.siblings = false;
	lesson_check(&o, &c);
	cr_assert_eq(c.errs.n, 1);
	char want[256];
	snprintf(want, sizeof want, "%s: requires[0]: no lesson has the id \"a\"", path);
	cr_expect_str_eq(c.errs.v[0], want);
	cr_expect_eq(c.ok, 0, "a lesson that loaded but fails across lessons is not OK");
	lesson_check_free(&c);
}

Test(lesson_check, a_sibling_that_does_not_load_stays_quiet,
     .init = make_tmpdir, .fini = rm_tmpdir)
{
	char path[128];
	snprintf(path, sizeof path, "%s/01-broken.json", tmpdir);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs("{ not json", f);
	fclose(f);
	write_lesson("02-b.json", "b", "", "\"NOOP\"");
	snprintf(path, sizeof path, "%s/02-b.json", tmpdir);
	const char *paths[] = { path };
	struct lesson_check_opts o = { .paths = paths, .npaths = 1, .siblings = true };
	struct lesson_check c;
	lesson_check(&o, &c);
	print_errors(&c);
	cr_expect_eq(c.errs.n, 0, "only the files given are reported");
	cr_expect_eq(c.ok, 1);
	lesson_check_free(&c);
}

Test(lesson_check, an_example_that_does_not_pass_is_reported,
     .init = make_tmpdir, .fini = rm_tmpdir)
{
	write_lesson("01-a.json", "a", "", "\"RSET\"");
	write_lesson("02-b.json", "b", "", "\"NOOP\", \"QUIT\"");
	const char *paths[] = { tmpdir };
	struct lesson_check_opts o = { .paths = paths, .npaths = 1, .dirs = true };
	struct lesson_check c;
	lesson_check(&o, &c);
	print_errors(&c);
	cr_expect_eq(c.set.n, 2);
	cr_assert_eq(c.errs.n, 2);
	char want[256];
	snprintf(want, sizeof want, "%s/01-a.json: steps[0]: the example does not pass the "
	         "goal (last reply 250 to RSET, state greeted)", tmpdir);
	cr_expect_str_eq(c.errs.v[0], want);
	snprintf(want, sizeof want, "%s/02-b.json: steps[0]: the goal is met after example "
	         "line 1 of 2; the lines after it are never typed", tmpdir);
	cr_expect_str_eq(c.errs.v[1], want);
	cr_expect_eq(c.ok, 0);
	lesson_check_free(&c);
}

Test(lesson_check, only_json_files_that_are_not_hidden_are_lessons)
{
	cr_expect(lesson_file_name("01-a.json"));
	cr_expect(lesson_file_name("x.json"));
	cr_expect_not(lesson_file_name(".01-a.json"));
	cr_expect_not(lesson_file_name(".json"));
	cr_expect_not(lesson_file_name("notes.txt"));
	cr_expect_not(lesson_file_name("a.json~"));
}
