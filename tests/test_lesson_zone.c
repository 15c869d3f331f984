/* test_lesson_zone.c — the simulated DNS of :dig, and the lesson goals
 * and examples that use :dig and :connect. */
#include "lesson/lesson.h"
#include "lesson/run.h"
#include "lesson/zone.h"
#include "smtp/personality.h"

#include <criterion/criterion.h>
#include <string.h>

Test(zone, mx_records_in_preference_order_with_the_rule)
{
	char out[1024];
	zone_dig(NULL, 0, "Example.COM.", "mx", out, sizeof out);
	cr_expect_not_null(strstr(out, "example.com.  MX  10 mx.example.com."), "%s", out);
	cr_expect_not_null(strstr(out, "example.com.  MX  20 mx2.example.com."), "%s", out);
	cr_expect_not_null(strstr(out, "lowest preference is tried first (RFC 5321 §5.1)"));
}

Test(zone, no_mx_but_an_address_is_an_implicit_mx)
{
	char out[1024];
	zone_dig(NULL, 0, "example.net", NULL, out, sizeof out);
	cr_expect_not_null(strstr(out, "implicit MX of preference 0 (RFC 5321 §5.1)"), "%s", out);
}

Test(zone, null_mx_and_unknown_names_and_types)
{
	char out[1024];
	zone_dig(NULL, 0, "nullmx.example.net", "MX", out, sizeof out);
	cr_expect_not_null(strstr(out, "MX  0 ."), "%s", out);
	cr_expect_not_null(strstr(out, "null MX (RFC 7505)"), "%s", out);
	zone_dig(NULL, 0, "nothere.example", "A", out, sizeof out);
	cr_expect_not_null(strstr(out, "NXDOMAIN"), "%s", out);
	zone_dig(NULL, 0, "example.com", "SRV", out, sizeof out);
	cr_expect_not_null(strstr(out, "knows the types MX, A, AAAA and TXT"), "%s", out);
	zone_dig(NULL, 0, "_dmarc.example.org", "txt", out, sizeof out);
	cr_expect_not_null(strstr(out, "\"v=DMARC1; p=reject\""), "%s", out);
}

Test(zone, lesson_records_replace_the_builtin_ones_of_their_name_and_type)
{
	const char *extra[] = { "example.com MX 5 in.example.com", "in.example.com A 192.0.2.99" };
	char out[1024];
	zone_dig(extra, 2, "example.com", "MX", out, sizeof out);
	cr_expect_not_null(strstr(out, "MX  5 in.example.com."), "%s", out);
	cr_expect_null(strstr(out, "mx2.example.com"), "%s", out);
	cr_expect(zone_has_address(extra, 2, "in.example.com"));
	cr_expect_not(zone_has_address(extra, 2, "nothere.example.com"));
	cr_expect_null(zone_record_problem("example.com MX 10 mx.example.com"));
	cr_expect_not_null(zone_record_problem("example.com MX mx.example.com"));
	cr_expect_not_null(zone_record_problem("example.com SRV 1 2 3 x"));
	cr_expect_not_null(zone_record_problem("example.com"));
}

static struct lesson *parse(const char *text)
{
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_parse("t.json", text, strlen(text), &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	lesson_errors_free(&errs);
	cr_assert_not_null(l);
	return l;
}

Test(zone, dig_and_connect_in_a_lesson)
{
	static const char *DIG =
		"{\"id\": \"dig\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"zone\": [\"example.com MX 5 mx.example.com\"], \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"looked_up\": \"example.com MX\"}, "
		"\"points\": 10, \"example\": [\":dig example.com\"]}, "
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"CONNECT\", "
		"\"reply\": 220}, \"points\": 10, \"example\": [\":connect mx.example.com\"]}]}";
	struct lesson *l = parse(DIG);
	char err[256];
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	lesson_run_start(run);
	struct lesson_feed_result r;
	lesson_run_feed(run, ":dig example.org TXT", &r);
	cr_expect_not(r.passed, "another name");
	cr_expect_not_null(strstr(r.note, "v=spf1"), "%s", r.note);
	lesson_run_feed(run, ":dig EXAMPLE.com.", &r);
	cr_expect(r.passed, "the same name, any case, MX by default");
	cr_expect_not_null(strstr(r.note, "MX  5 mx.example.com."), "%s", r.note);
	lesson_run_continue(run);
	lesson_run_feed(run, ":connect mx2.example.com", &r);
	cr_expect_not(r.passed);
	cr_expect_not_null(strstr(r.note, "does not answer on port 25"), "%s", r.note);
	lesson_run_feed(run, ":connect nowhere.example.com", &r);
	cr_expect_not_null(strstr(r.note, "has no address"), "%s", r.note);
	lesson_run_feed(run, ":connect mx.example.com", &r);
	cr_expect(r.passed);
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_run_check(l, &errs), 0);
	lesson_errors_free(&errs);
	lesson_run_free(run);
	lesson_free(l);
	struct lesson_errors bad = { 0 };
	const char *BAD = "{\"id\": \"dig\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	                  "\"profile\": \"mta\", \"zone\": [\"x MX y\"], \"steps\": ["
	                  "{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"looked_up\": "
	                  "\"example.com\"}, \"points\": 1, \"example\": [\"NOOP\"]}]}";
	cr_expect_null(lesson_parse("t.json", BAD, strlen(BAD), &bad));
	cr_assert_eq(bad.n, 2);
	cr_expect_not_null(strstr(bad.v[0], "t.json: zone[0]: an MX value"), "%s", bad.v[0]);
	cr_expect_not_null(strstr(bad.v[1], "steps[0].goal.looked_up"), "%s", bad.v[1]);
	lesson_errors_free(&bad);
}

Test(zone, a_lesson_may_name_a_personality)
{
	static const char *P =
		"{\"id\": \"p\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"personality\": \"postfix\", \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"CONNECT\", "
		"\"reply\": 220}, \"points\": 1, \"example\": [\":reset\"]}]}";
	struct lesson *l = parse(P);
	cr_expect_str_eq(l->personality, "postfix");
	char err[256];
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_assert_not_null(run, "%s", err);
	cr_expect_str_eq(smtp_server_personality(lesson_run_server(run)), "postfix");
	lesson_run_free(run);
	lesson_free(l);
	struct lesson_errors bad = { 0 };
	const char *B = "{\"id\": \"p\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	                "\"profile\": \"mta\", \"personality\": \"sendmail\", \"steps\": ["
	                "{\"kind\": \"read\", \"text\": \"t\"}]}";
	cr_expect_null(lesson_parse("t.json", B, strlen(B), &bad));
	cr_assert_eq(bad.n, 1);
	cr_expect_not_null(strstr(bad.v[0], "t.json: personality: unknown personality \"sendmail\""),
	                   "%s", bad.v[0]);
	lesson_errors_free(&bad);
}

/* A step may name another voice: from it on, the connection is to a
 * server answering so (a new one: the step implies reset), and a :reset
 * in a later step keeps that voice. */
Test(zone, a_step_may_name_a_personality)
{
	static const char *P =
		"{\"id\": \"p\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
		"\"profile\": \"mta\", \"personality\": \"exim\", \"steps\": ["
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"EHLO\"}, "
		"\"points\": 1, \"example\": [\"EHLO c.example.org\"]},"
		"{\"kind\": \"command\", \"prompt\": \"p\", \"personality\": \"opensmtpd\", "
		"\"goal\": {\"verb\": \"EHLO\"}, \"points\": 1, \"example\": [\"EHLO c.example.org\"]},"
		"{\"kind\": \"command\", \"prompt\": \"p\", \"goal\": {\"verb\": \"CONNECT\", "
		"\"reply\": 220}, \"points\": 1, \"example\": [\":reset\"]}]}";
	struct lesson *l = parse(P);
	cr_expect_str_eq(l->steps[1].personality, "opensmtpd");
	cr_expect(l->steps[1].reset, "a step with a personality opens a new connection");
	cr_expect_null(l->steps[2].personality);
	char err[256];
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_assert_not_null(run, "%s", err);
	cr_expect_str_eq(smtp_server_personality(lesson_run_server(run)), "exim");
	struct lesson_errors errs = { 0 };
	cr_expect_eq(lesson_run_check(l, &errs), 0, "%s", errs.n ? errs.v[0] : "");
	lesson_errors_free(&errs);
	lesson_run_free(run);
	lesson_free(l);

	struct lesson_errors bad = { 0 };
	const char *B = "{\"id\": \"p\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 5, "
	                "\"profile\": \"mta\", \"steps\": [{\"kind\": \"command\", \"prompt\": \"p\", "
	                "\"personality\": \"qmail\", \"goal\": {\"verb\": \"EHLO\"}, \"points\": 1, "
	                "\"example\": [\"EHLO c\"]}]}";
	cr_expect_null(lesson_parse("t.json", B, strlen(B), &bad));
	cr_assert_eq(bad.n, 1);
	cr_expect_not_null(strstr(bad.v[0], "t.json: steps[0].personality: unknown personality "
	                          "\"qmail\""), "%s", bad.v[0]);
	lesson_errors_free(&bad);
}
