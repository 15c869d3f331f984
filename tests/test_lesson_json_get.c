/* test_lesson_json_get.c — the typed JSON getters of the lesson loader:
 * each problem is one line naming the file, the JSON path and what was
 * expected; absent optional members leave the output alone. */
#include "lesson/json_get.h"

#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <stdlib.h>
#include <string.h>

static struct lesson_errors errs;
static struct json_ctx ctx;
static cJSON *root;

static void parse(const char *text)
{
	root = cJSON_Parse(text);
	cr_assert_not_null(root, "bad test JSON: %s", text);
}

static void setup(void)
{
	memset(&errs, 0, sizeof errs);
	ctx = (struct json_ctx){ "f.json", &errs, 0 };
	root = NULL;
}

static void teardown(void)
{
	cJSON_Delete(root);
	lesson_errors_free(&errs);
}

/* Exactly one error line was added, and it is WANT. */
static void expect_one(const char *want)
{
	for (size_t i = 0; i < errs.n; i++)
		cr_log_info("got: %s", errs.v[i]);
	cr_assert_eq(errs.n, 1);
	cr_expect_eq(ctx.nerr, 1);
	cr_expect_str_eq(errs.v[0], want);
}

TestSuite(json_get, .init = setup, .fini = teardown);

Test(json_get, a_string_is_copied)
{
	parse("{\"a\": {\"t\": \"hello\"}}");
	char *s = NULL;
	cr_expect(json_get_string(&ctx, cJSON_GetObjectItem(root, "a"), "a", "t", true, 0,
	                          "a text", &s));
	cr_expect_str_eq(s, "hello");
	cr_expect_eq(errs.n, 0);
	free(s);
}

Test(json_get, a_wrong_type_names_file_path_and_expectation)
{
	parse("{\"a\": {\"t\": 42}}");
	char *s = NULL;
	cr_expect_not(json_get_string(&ctx, cJSON_GetObjectItem(root, "a"), "steps[2]", "t",
	                              true, 0, "a text", &s));
	cr_expect_null(s);
	expect_one("f.json: steps[2].t: expected a text, got 42");
}

Test(json_get, a_missing_required_member_is_named_at_its_parent)
{
	parse("{}");
	char *s = NULL;
	cr_expect_not(json_get_string(&ctx, root, "goal", "t", true, 0, "a text", &s));
	expect_one("f.json: goal: missing required key \"t\"");
}

Test(json_get, an_absent_optional_member_leaves_the_output_alone)
{
	parse("{}");
	char *s = NULL;
	int i = 7;
	double d = 0.5;
	bool b = true;
	char **v = NULL;
	size_t n = 3;
	cr_expect(json_get_string(&ctx, root, "", "s", false, 0, "x", &s));
	cr_expect(json_get_int(&ctx, root, "", "i", false, 0, 9, "x", &i));
	cr_expect(json_get_number(&ctx, root, "", "d", 0, 1, "x", &d));
	cr_expect(json_get_bool(&ctx, root, "", "b", "x", &b));
	cr_expect(json_get_strings(&ctx, root, "", "v", false, 0, 0, "x", &v, &n));
	cr_expect_null(s);
	cr_expect_eq(i, 7);
	cr_expect_float_eq(d, 0.5, 1e-12);
	cr_expect(b);
	cr_expect_null(v);
	cr_expect_eq(n, 3);
	cr_expect_eq(errs.n, 0);
}

Test(json_get, an_integer_out_of_range_says_the_range)
{
	parse("{\"reply\": 600}");
	int r = 0;
	cr_expect_not(json_get_int(&ctx, root, "", "reply", true, 200, 599, "a reply code", &r));
	expect_one("f.json: reply: expected a reply code from 200 to 599, got 600");
}

Test(json_get, a_fraction_or_a_huge_number_is_not_an_integer)
{
	parse("{\"a\": 2.5, \"b\": 1e300}");
	int r = 0;
	cr_expect_not(json_get_int(&ctx, root, "", "a", true, 0, 9, "a count", &r));
	cr_expect_not(json_get_int(&ctx, root, "", "b", true, 0, 9, "a count", &r));
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.v[0], "f.json: a: expected a count, got 2.5");
	cr_expect_str_eq(errs.v[1], "f.json: b: expected a count, got 1e+300");
	cr_expect(json_whole(3.0));
	cr_expect_not(json_whole(1e300));
}

Test(json_get, a_bad_array_element_is_named_by_its_index)
{
	parse("{\"hints\": [\"ok\", 3, \"fine\"]}");
	char **v = NULL;
	size_t n = 0;
	cr_expect_not(json_get_strings(&ctx, root, "steps[1]", "hints", false, 0, 0,
	                               "hints (strings)", &v, &n));
	cr_expect_null(v);
	expect_one("f.json: steps[1].hints[1]: expected hints (strings), got 3");
}

Test(json_get, an_array_too_short_or_too_long)
{
	parse("{\"a\": [], \"b\": [0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,"
	      "0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4,5,6,7,8,9,0,1,2,3,4]}");
	char **v = NULL;
	size_t n = 0;
	cr_expect_not(json_get_strings(&ctx, root, "", "a", true, 1, 0, "lines", &v, &n));
	cr_expect_not(json_get_strings(&ctx, root, "", "b", true, 0, 0, "lines", &v, &n));
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.v[0], "f.json: a: expected at least 1 element, got 0");
	cr_expect_str_eq(errs.v[1], "f.json: b: too many elements (65; at most 64)");
}

Test(json_get, strings_are_printable_utf8_on_one_line_unless_allowed)
{
	static const struct {
		const char *s;
		int flags;
		const char *why;
	} t[] = {
		{ "plain", 0, NULL },
		{ "", 0, "must not be empty" },
		{ "", JSON_S_EMPTY_OK, NULL },
		{ "a\nb", 0, "must be a single line (no \\n)" },
		{ "a\nb", JSON_S_MULTILINE, NULL },
		{ "bell\a", 0, "holds a control character" },
		{ "caf\xc3\xa9", 0, NULL },
		{ "bad \xc3(", 0, "is not valid UTF-8 or holds a control character" },
		{ "c1 \xc2\x85", 0, "is not valid UTF-8 or holds a control character" },
		{ "`one` `two", JSON_S_MARKUP, "has an unclosed `code` span (an odd number of backticks)" },
		{ "`one` `two", 0, NULL },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		const char *why = json_text_problem(t[i].s, t[i].flags);
		if (t[i].why)
			cr_expect_str_eq(why ? why : "(none)", t[i].why, "case %zu", i);
		else
			cr_expect_null(why, "case %zu: %s", i, why);
	}
}

Test(json_get, an_unknown_key_suggests_the_nearest)
{
	static const char *const keys[] = { "prompt", "goal", "hints", NULL };
	parse("{\"promt\": 1, \"HINTS\": 2, \"zzz\": 3}");
	json_check_keys(&ctx, root, "steps[0]", keys);
	cr_assert_eq(errs.n, 3);
	cr_expect_str_eq(errs.v[0], "f.json: steps[0].promt: unknown key (did you mean \"prompt\"?)");
	cr_expect_str_eq(errs.v[1], "f.json: steps[0].HINTS: unknown key (did you mean \"hints\"?)");
	cr_expect_str_eq(errs.v[2], "f.json: steps[0].zzz: unknown key (allowed here: prompt, "
	                 "goal, hints)");
}

Test(json_get, a_duplicate_key_is_reported_once_per_repeat)
{
	static const char *const keys[] = { "a", NULL };
	parse("{\"a\": 1, \"a\": 2, \"a\": 3}");
	json_check_keys(&ctx, root, "", keys);
	cr_assert_eq(errs.n, 2);
	cr_expect_str_eq(errs.v[0], "f.json: a: duplicate key");
	cr_expect_str_eq(errs.v[1], "f.json: a: duplicate key");
}

Test(json_get, a_path_too_long_for_its_buffer_ends_in_dots)
{
	char buf[12];
	cr_expect_str_eq(json_path_key(buf, sizeof buf, "", "key"), "key");
	cr_expect_str_eq(json_path_key(buf, sizeof buf, "a", "b"), "a.b");
	cr_expect_str_eq(json_path_index(buf, sizeof buf, "x", 4), "x[4]");
	cr_expect_str_eq(json_path_key(buf, sizeof buf, "steps[10]", "goal"), "steps[10...");
}

Test(json_get, a_string_value_is_shown_escaped_and_cut)
{
	parse("{\"n\": \"a\\\"b\\u0001\"}");
	int r = 0;
	cr_expect_not(json_get_int(&ctx, root, "", "n", true, 0, 9, "a number", &r));
	expect_one("f.json: n: expected a number, got \"a\\x22b\\x01\"");
}
