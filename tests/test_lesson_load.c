/* test_lesson_load.c — the lesson loader: valid files load, broken ones
 * give the exact message (file, JSON path, what was expected). */
#define _GNU_SOURCE /* asprintf */
#include "lesson/lesson.h"

#include <criterion/criterion.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define FIXTURE "tests/fixtures/lessons/01-tiny.json"

/* A minimal valid lesson with STEPS spliced in. */
static char *lesson_text(const char *top, const char *steps)
{
	char *s = NULL;
	if (asprintf(&s,
	             "{\"id\": \"data\", \"title\": \"T\", \"summary\": \"S\", "
	             "\"minutes\": 5, \"profile\": \"mta\"%s, \"steps\": [%s]}",
	             top, steps) < 0)
		abort();
	return s;
}

static const char *CMD_OK =
	"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 250}, "
	"\"points\": 5, \"example\": [\"NOOP\"]}";

/* Parse TEXT as NAME; expect failure with exactly the messages given
 * (NULL-terminated). */
static void expect_errors(const char *name, const char *text, const char *const *want)
{
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_parse(name, text, strlen(text), &errs);
	cr_expect_null(l, "%s should not load", text);
	size_t n = 0;
	while (want[n])
		n++;
	for (size_t i = 0; i < errs.n; i++)
		cr_log_info("got: %s", errs.v[i]);
	cr_expect_eq(errs.n, n, "%zu errors, expected %zu", errs.n, n);
	for (size_t i = 0; i < n && i < errs.n; i++)
		cr_expect_str_eq(errs.v[i], want[i]);
	lesson_free(l);
	lesson_errors_free(&errs);
}

Test(lesson_load, fixture_loads_with_every_field)
{
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_load_file(FIXTURE, &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	cr_assert_not_null(l);
	cr_expect_str_eq(l->id, "tiny");
	cr_expect_str_eq(l->profile, "mta");
	cr_expect_eq(l->minutes, 3);
	cr_expect_eq(l->nsteps, 7);
	cr_expect_eq(l->max_score, 42);
	cr_expect_float_eq(l->hint_penalty, 0.25, 1e-9);
	cr_expect_float_eq(l->wrong_penalty, 0.5, 1e-9);
	cr_expect_eq(l->steps[0].kind, LESSON_STEP_READ);
	cr_expect_eq(l->steps[0].points, 0);
	const struct lesson_step *st = &l->steps[1];
	cr_expect_eq(st->kind, LESSON_STEP_COMMAND);
	cr_expect_eq(st->goal.have, LESSON_GOAL_VERB | LESSON_GOAL_REPLY);
	cr_expect_eq(st->goal.verb, SMTP_CMD_EHLO);
	cr_expect_eq(st->goal.reply, 250);
	cr_expect_eq(lesson_step_hint_count(st), 3);
	cr_expect_str_eq(lesson_step_hint(st, 0), "The modern greeting is EHLO.");
	cr_expect_str_eq(lesson_step_hint(st, 2), "EHLO client.example.org");
	cr_expect_null(lesson_step_hint(st, 3));
	cr_expect_str_eq(l->steps[5].example_text, "DATA\nSubject: Hi\n\nHello Bob.\n.");
	const struct lesson_step *q = &l->steps[4];
	cr_expect_eq(q->nchoices, 4);
	cr_expect_eq(q->ncorrect, 2);
	cr_expect(q->correct[0] && !q->correct[1] && q->correct[2] && !q->correct[3]);
	cr_expect_eq(l->steps[6].nanswer_text, 1);
	cr_expect_eq(lesson_step_hint_count(q), 0);
	lesson_free(l);
}

Test(lesson_load, wrong_type_names_file_path_and_expectation)
{
	char *steps = NULL;
	cr_assert(asprintf(&steps, "%s, %s, %s, %s, "
	                   "{\"kind\": \"command\", \"prompt\": \"p\", "
	                   "\"goal\": {\"reply\": \"abc\"}, \"points\": 5, "
	                   "\"example\": [\"DATA\"]}", CMD_OK, CMD_OK, CMD_OK, CMD_OK) > 0);
	char *text = lesson_text("", steps);
	expect_errors("lessons/03-data.json", text, (const char *const[]){
		"lessons/03-data.json: steps[4].goal.reply: expected an integer reply code, got \"abc\"",
		NULL });
	free(text);
	free(steps);
}

Test(lesson_load, out_of_range_values)
{
	char *text = lesson_text(
		", \"hint_penalty\": 2",
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 999, "
		"\"reply_class\": 7, \"state\": \"dreaming\", \"verb\": \"SEND\", "
		"\"enhanced\": \"5.1\", \"tls\": 1}, \"points\": 5.5, \"example\": []}, "
		"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\", \"c\"], "
		"\"answer\": [3, 1, 1], \"points\": 2}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: hint_penalty: expected a share of the step's points (a number) from 0 to 1, got 2",
		"x.json: steps[0].points: expected an integer number of points, got 5.5",
		"x.json: steps[0].goal.verb: expected a command name (HELO EHLO MAIL RCPT DATA DOT RSET NOOP VRFY EXPN HELP QUIT STARTTLS AUTH AUTH-DATA CONNECT UNKNOWN LINE), got \"SEND\"",
		"x.json: steps[0].goal.reply: expected an integer reply code from 200 to 599, got 999",
		"x.json: steps[0].goal.reply_class: expected an integer reply class (the first digit) from 2 to 5, got 7",
		"x.json: steps[0].goal.enhanced: expected an enhanced status code such as \"5.1.1\", got \"5.1\"",
		"x.json: steps[0].goal.state: expected a session state (greeted ready mail rcpt data auth blocked closed), got \"dreaming\"",
		"x.json: steps[0].goal.tls: expected true or false, got 1",
		"x.json: steps[0].example: expected at least 1 element, got 0",
		"x.json: steps[1].answer[0]: expected a choice index from 0 to 2, got 3",
		"x.json: steps[1].answer[2]: choice 1 is listed twice",
		NULL });
	free(text);
}

/* Numbers no integer type can hold: the loader said so, but only after
 * casting them to long long first (undefined behaviour, caught by
 * -fsanitize=float-cast-overflow under make check). */
Test(lesson_load, huge_numbers_are_not_integers)
{
	char *text = lesson_text(
		"",
		"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\"], "
		"\"answer\": [1e300, -1e19], \"points\": 1e999}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: steps[0].points: expected an integer number of points, got inf",
		"x.json: steps[0].answer[0]: expected a choice index from 0 to 1, got 1e+300",
		"x.json: steps[0].answer[1]: expected a choice index from 0 to 1, got -1e+19",
		NULL });
	free(text);
}

Test(lesson_load, unknown_keys_are_errors)
{
	char *text = lesson_text(
		", \"colour\": \"red\"",
		"{\"kind\": \"command\", \"prompt\": \"p\", \"gaol\": {\"reply\": 250}, "
		"\"points\": 5, \"example\": [\"NOOP\"]}, "
		"{\"kind\": \"read\", \"text\": \"t\", \"Title\": \"x\"}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: colour: unknown key (allowed here: id, title, summary, minutes, profile, scenarios, rules, requires, hint_penalty, wrong_penalty, exam, setup, recap, zone, personality, steps)",
		"x.json: steps[0].gaol: unknown key (did you mean \"goal\"?)",
		"x.json: steps[0]: missing required key \"goal\"",
		"x.json: steps[1].Title: unknown key (did you mean \"title\"?)",
		NULL });
	free(text);
}

Test(lesson_load, unknown_key_inside_goal)
{
	char *text = lesson_text("",
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 250, "
		"\"replyclass\": 2}, \"points\": 5, \"example\": [\"NOOP\"]}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: steps[0].goal.replyclass: unknown key (did you mean \"reply_class\"?)",
		NULL });
	free(text);
}

Test(lesson_load, missing_fields)
{
	const char *text = "{\"id\": \"x\", \"steps\": [{\"kind\": \"quiz\", \"points\": 1}, "
	                   "{\"title\": \"no kind\"}, {\"kind\": \"command\"}]}";
	expect_errors("x.json", text, (const char *const[]){
		"x.json: missing required key \"title\"",
		"x.json: missing required key \"summary\"",
		"x.json: missing required key \"minutes\"",
		"x.json: missing required key \"profile\"",
		"x.json: steps[0]: missing required key \"question\"",
		"x.json: steps[0]: missing key \"choices\" or \"answer_text\" (a quiz has either choices and answer, or answer_text)",
		"x.json: steps[1]: missing required key \"kind\"",
		"x.json: steps[2]: missing required key \"points\"",
		"x.json: steps[2]: missing required key \"prompt\"",
		"x.json: steps[2]: missing required key \"goal\"",
		"x.json: steps[2]: missing required key \"example\"",
		NULL });
}

Test(lesson_load, syntax_error_gives_line_and_column)
{
	const char *text = "{\n  \"id\": \"x\",\n  \"title\" \"T\"\n}\n";
	expect_errors("x.json", text, (const char *const[]){
		"x.json:3:11: JSON syntax error near '\"T\"'", NULL });
	const char *cut = "{\n  \"id\": \"x\",\n  \"title\": \"T";
	expect_errors("x.json", cut, (const char *const[]){
		"x.json:3:12: JSON syntax error: this string is never closed on its line (a missing '\"'?)",
		NULL });
	const char *open = "{\"id\": \"x\",\n \"steps\": [\n";
	expect_errors("x.json", open, (const char *const[]){
		"x.json:3:1: JSON syntax error: the text ends too early (an unclosed string, bracket or brace?)",
		NULL });
	const char *trailing = "{\"id\": \"x\"} 42";
	expect_errors("x.json", trailing, (const char *const[]){
		"x.json:1:13: JSON syntax error near '42'", NULL });
}

Test(lesson_load, top_level_must_be_an_object)
{
	expect_errors("x.json", "[1, 2]", (const char *const[]){
		"x.json: expected a lesson (a JSON object) at the top level, got an array", NULL });
}

Test(lesson_load, deep_nesting_is_refused_before_parsing)
{
	char text[4096];
	size_t o = 0;
	o += (size_t)snprintf(text, sizeof text, "{\"id\": \"x\", \"steps\": ");
	for (int i = 0; i < 1000 && o < sizeof text - 2; i++)
		text[o++] = '[';
	text[o] = '\0';
	expect_errors("x.json", text, (const char *const[]){
		"x.json:1:37: JSON nested deeper than 16 levels", NULL });
	/* Brackets inside strings do not count. */
	char *ok = lesson_text(", \"summary2\": \"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\"", CMD_OK);
	struct lesson_errors errs = { 0 };
	lesson_free(lesson_parse("x.json", ok, strlen(ok), &errs));
	cr_expect_eq(errs.n, 1);
	if (errs.n)
		cr_expect_str_eq(errs.v[0], "x.json: summary2: unknown key (did you mean \"summary\"?)");
	lesson_errors_free(&errs);
	free(ok);
}

static char tmpdir[64];

static void make_tmpdir(void)
{
	snprintf(tmpdir, sizeof tmpdir, "/tmp/smtpsim-lesson-XXXXXX");
	cr_assert_not_null(mkdtemp(tmpdir));
}

static void rm_tmpdir(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
	cr_expect_eq(system(cmd), 0);
}

static void write_file(const char *path, const char *text, size_t len)
{
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f, "cannot write %s", path);
	cr_assert_eq(fwrite(text, 1, len, f), len);
	fclose(f);
}

Test(lesson_load, ten_megabyte_file_is_refused, .init = make_tmpdir, .fini = rm_tmpdir)
{
	char path[128];
	snprintf(path, sizeof path, "%s/01-big.json", tmpdir);
	size_t n = 10u * 1024 * 1024;
	char *big = malloc(n);
	cr_assert_not_null(big);
	memset(big, ' ', n);
	big[0] = '{';
	big[n - 1] = '}';
	write_file(path, big, n);
	free(big);
	struct lesson_errors errs = { 0 };
	cr_expect_null(lesson_load_file(path, &errs));
	cr_assert_eq(errs.n, 1);
	char want[256];
	snprintf(want, sizeof want, "%s: file too large (10485760 bytes; a lesson "
	         "file may hold at most 1048576)", path);
	cr_expect_str_eq(errs.v[0], want);
	lesson_errors_free(&errs);
}

Test(lesson_load, missing_file_and_directory, .init = make_tmpdir, .fini = rm_tmpdir)
{
	char path[128];
	struct lesson_errors errs = { 0 };
	snprintf(path, sizeof path, "%s/nope.json", tmpdir);
	cr_expect_null(lesson_load_file(path, &errs));
	cr_assert_eq(errs.n, 1);
	char want[256];
	snprintf(want, sizeof want, "%s: cannot open: No such file or directory", path);
	cr_expect_str_eq(errs.v[0], want);
	lesson_errors_free(&errs);
	cr_expect_null(lesson_load_file(tmpdir, &errs));
	cr_assert_eq(errs.n, 1);
	snprintf(want, sizeof want, "%s: not a regular file", tmpdir);
	cr_expect_str_eq(errs.v[0], want);
	lesson_errors_free(&errs);
}

Test(lesson_load, id_must_match_file_slug)
{
	char *text = lesson_text("", CMD_OK);
	expect_errors("lessons/02-envelope.json", text, (const char *const[]){
		"lessons/02-envelope.json: id: \"data\" does not match the file name (expected \"envelope\")",
		NULL });
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_parse("lessons/07-data.json", text, strlen(text), &errs);
	cr_expect_not_null(l);
	cr_expect_eq(errs.n, 0);
	lesson_free(l);
	free(text);
}

Test(lesson_load, engine_names_are_checked)
{
	const char *text =
		"{\"id\": \"x\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"pop3\", \"scenarios\": [\"greylist\", \"sunny\"], "
		"\"rules\": [\"RCPT:dave@example.com=550 5.1.1 User unknown\", \"BOGUS\"], "
		"\"steps\": [{\"kind\": \"read\", \"text\": \"t\"}]}";
	struct lesson_errors errs = { 0 };
	cr_expect_null(lesson_parse("x.json", text, strlen(text), &errs));
	cr_assert_eq(errs.n, 3);
	cr_expect(!strncmp(errs.v[0], "x.json: profile: no engine profile \"pop3\" (there are: mta,", 56),
	          "%s", errs.v[0]);
	cr_expect(!strncmp(errs.v[1], "x.json: scenarios[1]: ", 22), "%s", errs.v[1]);
	cr_expect(!strncmp(errs.v[2], "x.json: rules[1]: ", 18), "%s", errs.v[2]);
	lesson_errors_free(&errs);
}

Test(lesson_load, goals_that_cannot_hold_are_errors)
{
	char *text = lesson_text("",
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 550, "
		"\"reply_class\": 4}, \"points\": 5, \"example\": [\"NOOP\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 250, "
		"\"enhanced\": \"5.1.1\"}, \"points\": 5, \"example\": [\"NOOP\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {}, \"points\": 5, "
		"\"example\": [\"NOOP\"]}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: steps[0].goal: reply 550 and reply_class 4 contradict each other",
		"x.json: steps[1].goal: enhanced \"5.1.1\" cannot go with a 2xx reply",
		"x.json: steps[2].goal: an empty goal: give at least one of verb, reply, reply_class, enhanced, state, recipients_at_least, tls, authenticated, message_accepted, looked_up",
		NULL });
	free(text);
}

Test(lesson_load, quiz_forms_are_exclusive)
{
	char *text = lesson_text("",
		"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\"], "
		"\"answer\": [0], \"answer_text\": [\"a\"], \"points\": 1}, "
		"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\"], \"points\": 1}, "
		"{\"kind\": \"quiz\", \"question\": \"q\", \"answer_text\": [\" 452\"], \"points\": 1}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: steps[0].answer_text: not allowed with \"choices\" (a quiz has either choices and answer, or answer_text)",
		"x.json: steps[1]: missing key \"answer\" (an array of the 0-based indices of the correct choices)",
		"x.json: steps[2]: answer_text[0]: leading or trailing spaces never match (answers are trimmed)",
		NULL });
	free(text);
}

Test(lesson_load, control_characters_and_duplicates)
{
	char *text = lesson_text(", \"title\": \"again\"",
		"{\"kind\": \"read\", \"title\": \"a\\u001b[31mred\", \"text\": \"type `QUIT\"}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"reply\": 250}, "
		"\"points\": 5, \"example\": [\"DATA\\nmore\"]}");
	expect_errors("x.json", text, (const char *const[]){
		"x.json: title: duplicate key",
		"x.json: steps[0].title: holds a control character",
		"x.json: steps[0].text: has an unclosed `code` span (an odd number of backticks)",
		"x.json: steps[1].example[0]: must be a single line (no \\n)",
		NULL });
	free(text);
}

Test(lesson_load, set_checks_requires_and_ids, .init = make_tmpdir, .fini = rm_tmpdir)
{
#define REQ_FMT "{\"id\": \"%s\", \"title\": \"T\", \"summary\": \"S\", " \
	"\"minutes\": 5, \"profile\": \"mta\", \"requires\": [%s], " \
	"\"steps\": [{\"kind\": \"read\", \"text\": \"t\"}]}"
	struct { const char *file, *id, *req; } files[] = {
		{ "01-a.json", "a", "" },
		{ "02-b.json", "b", "\"a\", \"c\"" },
		{ "03-c.json", "c", "\"zzz\", \"c\"" },
		{ "notes.txt", "n", "" },
	};
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		char path[128], text[512];
		snprintf(path, sizeof path, "%s/%s", tmpdir, files[i].file);
		int n = snprintf(text, sizeof text, REQ_FMT, files[i].id, files[i].req);
		write_file(path, text, (size_t)n);
	}
	struct lesson_set set = { 0 };
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_set_load_dir(&set, tmpdir, &errs), 0);
	cr_assert_eq(set.n, 3);
	cr_expect_str_eq(set.v[0]->id, "a");
	cr_expect_str_eq(set.v[2]->id, "c");
	cr_expect_eq(lesson_set_check(&set, NULL, &errs), 3);
	cr_assert_eq(errs.n, 3);
	char want[256];
	snprintf(want, sizeof want, "%s/02-b.json: requires[1]: \"c\" comes later in the "
	         "teaching order (file names sort the lessons)", tmpdir);
	cr_expect_str_eq(errs.v[0], want);
	snprintf(want, sizeof want, "%s/03-c.json: requires[0]: no lesson has the id \"zzz\"", tmpdir);
	cr_expect_str_eq(errs.v[1], want);
	snprintf(want, sizeof want, "%s/03-c.json: requires[1]: a lesson cannot require itself", tmpdir);
	cr_expect_str_eq(errs.v[2], want);
	cr_expect_not_null(lesson_set_find(&set, "b"));
	cr_expect_null(lesson_set_find(&set, "zzz"));
	lesson_set_free(&set);
	lesson_errors_free(&errs);

	char missing[128];
	snprintf(missing, sizeof missing, "%s/none", tmpdir);
	cr_expect_eq(lesson_set_load_dir(&set, missing, &errs), -1);
	cr_assert_eq(errs.n, 1);
	snprintf(want, sizeof want, "%s: cannot open the lesson directory: No such file or directory", missing);
	cr_expect_str_eq(errs.v[0], want);
	lesson_errors_free(&errs);
}

/* No names to sort: qsort was handed a NULL array (undefined behaviour,
 * which UBSan stops on under make check). */
Test(lesson_load, an_empty_directory_holds_no_lessons, .init = make_tmpdir, .fini = rm_tmpdir)
{
	struct lesson_set set = { 0 };
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_set_load_dir(&set, tmpdir, &errs), 0);
	cr_expect_eq(set.n, 0);
	cr_expect_eq(errs.n, 0);
	lesson_set_free(&set);
	lesson_errors_free(&errs);
}

Test(lesson_load, lesson_dir_discovery)
{
	setenv("SMTPSIM_LESSONS", "/some/where", 1);
	cr_expect_str_eq(lesson_dir_default(), "/some/where");
	unsetenv("SMTPSIM_LESSONS");
	/* The tests run from the source tree, which has lessons/ once the
	 * content lands; elsewhere the installed directory is used. */
	struct stat sb;
	if (stat("lessons", &sb) == 0 && S_ISDIR(sb.st_mode))
		cr_expect_str_eq(lesson_dir_default(), "lessons");
	else
		cr_expect_str_eq(lesson_dir_default(), SMTPSIM_DATADIR "/lessons");
	cr_assert_eq(chdir("/"), 0);
	cr_expect_str_eq(lesson_dir_default(), SMTPSIM_DATADIR "/lessons");
}

Test(lesson_load, no_lessons_message_names_every_directory_searched)
{
	char dir[] = "/tmp/smtpsim-nolessons-XXXXXX";
	cr_assert_not_null(mkdtemp(dir));
	cr_assert_eq(chdir(dir), 0);
	unsetenv("SMTPSIM_LESSONS");
	char buf[600];
	lesson_dir_none_found(buf, sizeof buf);
	cr_expect(strstr(buf, "$SMTPSIM_LESSONS (not set)"), "%s", buf);
	cr_expect(strstr(buf, "./lessons (does not exist)"), "%s", buf);
	cr_expect(strstr(buf, SMTPSIM_DATADIR "/lessons"), "%s", buf);
	cr_expect(strstr(buf, "set SMTPSIM_LESSONS"), "%s", buf);

	/* An empty ./lessons is used, and hides the installed directory. */
	cr_assert_eq(mkdir("lessons", 0700), 0);
	lesson_dir_none_found(buf, sizeof buf);
	cr_expect(strstr(buf, "./lessons (no lesson files)"), "%s", buf);
	cr_expect(strstr(buf, "hides the installed " SMTPSIM_DATADIR "/lessons"), "%s", buf);

	/* $SMTPSIM_LESSONS alone is searched when set. */
	setenv("SMTPSIM_LESSONS", "/no/such/dir", 1);
	lesson_dir_none_found(buf, sizeof buf);
	cr_expect(strstr(buf, "$SMTPSIM_LESSONS=/no/such/dir (does not exist) only"), "%s", buf);
	cr_expect(strstr(buf, "./lessons, then " SMTPSIM_DATADIR "/lessons"), "%s", buf);
	unsetenv("SMTPSIM_LESSONS");
	rmdir("lessons");
	cr_expect_eq(chdir("/"), 0);
	rmdir(dir);
}

Test(lesson_load, a_hint_that_repeats_the_example_is_an_error)
{
	const char *T = "{\"id\": \"x\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	                "\"profile\": \"mta\", \"steps\": [{\"kind\": \"command\", \"prompt\": \"p\", "
	                "\"goal\": {\"verb\": \"QUIT\"}, \"points\": 5, "
	                "\"hints\": [\"Say goodbye.\", \"`QUIT`\"], \"example\": [\"QUIT\"]}]}";
	struct lesson_errors errs = { 0 };
	cr_expect_null(lesson_parse("x.json", T, strlen(T), &errs));
	cr_assert_eq(errs.n, 1);
	cr_expect_str_eq(errs.v[0], "x.json: steps[0].hints[1]: the same as the example, which "
	                            "is already the last hint");
	lesson_errors_free(&errs);
}
