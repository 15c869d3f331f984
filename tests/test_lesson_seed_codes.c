/* test_lesson_seed_codes.c — every reply code of the seed's table is met
 * by doing (issue 12): some command step of lessons/ has it as the `reply`
 * of its goal, so a learner makes the server send it, not only reads of
 * it. That the example really gets the reply is proved by check-lessons
 * and the autoplay test; this test proves that a step asks for it. */
#include "lesson/lesson.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdio.h>
#include <string.h>

/* The "Code" column of the seed's table of SMTP responses
 * (/work/shared/seed-smtp-simulator.txt). Every one of them can be
 * provoked by the engine (see README.md, "The simulated servers"), so
 * there is no exception to list. */
static const int seed_codes[] = {
	220, 221, 235, 250, 354, 421, 450, 451, 452,
	500, 501, 503, 530, 535, 550, 551, 552, 553, 554,
};

/* Codes the course once only named in text, now provoked on purpose;
 * the enhanced code and the command pin down the case meant. */
struct provoked {
	int reply;
	const char *enhanced;
	enum smtp_cmd verb;    /* SMTP_CMD_NONE: any */
	const char *what;
};

static const struct provoked provoked[] = {
	{ 552, "5.2.2", SMTP_CMD_DOT, "a mailbox over quota at the end of DATA" },
	{ 552, "5.3.4", SMTP_CMD_MAIL, "a declared SIZE= over the limit" },
	{ 552, "5.3.4", SMTP_CMD_DOT, "a message over SIZE at the dot" },
	{ 452, "4.5.3", SMTP_CMD_RCPT, "one recipient too many" },
	{ 421, "4.7.0", SMTP_CMD_NONE, "too many errors" },
	{ 500, "5.5.0", SMTP_CMD_LINE, "a command line over 512 octets" },
	{ 550, "5.7.23", SMTP_CMD_MAIL, "an SPF fail" },
	{ 550, "5.7.26", SMTP_CMD_DOT, "a DMARC reject" },
};

static struct lesson_set set;

static void load(void)
{
	struct lesson_errors errs = { 0 };
	lesson_set_load_dir(&set, "lessons", &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	cr_assert_eq(errs.n, 0, "the lessons load");
	cr_assert_gt(set.n, 0, "there are lessons in lessons/");
	lesson_errors_free(&errs);
}

static void unload(void)
{
	lesson_set_free(&set);
}

/* Whether step ST is a command step whose goal asks for REPLY (and, when
 * given, ENHANCED and VERB). */
static bool asks_for(const struct lesson_step *st, int reply, const char *enhanced,
                     enum smtp_cmd verb)
{
	const struct lesson_goal *g = &st->goal;
	if (st->kind != LESSON_STEP_COMMAND || !(g->have & LESSON_GOAL_REPLY) || g->reply != reply)
		return false;
	if (enhanced && !((g->have & LESSON_GOAL_ENHANCED) && g->enhanced &&
	                  !strcmp(g->enhanced, enhanced)))
		return false;
	if (verb != SMTP_CMD_NONE && !((g->have & LESSON_GOAL_VERB) && g->verb == verb))
		return false;
	return true;
}

/* The first lesson step asking for it, as "FILE steps[K]", or NULL. */
static const char *where(int reply, const char *enhanced, enum smtp_cmd verb,
                         char *buf, size_t len)
{
	for (size_t i = 0; i < set.n; i++)
		for (size_t k = 0; k < set.v[i]->nsteps; k++)
			if (asks_for(&set.v[i]->steps[k], reply, enhanced, verb)) {
				snprintf(buf, len, "%s steps[%zu]", set.v[i]->path, k);
				return buf;
			}
	return NULL;
}

Test(seed_codes, every_seed_code_is_a_command_goal, .init = load, .fini = unload)
{
	char buf[512];
	for (size_t i = 0; i < sizeof seed_codes / sizeof seed_codes[0]; i++) {
		const char *w = where(seed_codes[i], NULL, SMTP_CMD_NONE, buf, sizeof buf);
		cr_expect_not_null(w, "no command step of lessons/ has reply %d in its goal: "
		                   "the seed's code is only read about", seed_codes[i]);
		if (w)
			cr_log_info("%d: %s", seed_codes[i], w);
	}
}

Test(seed_codes, codes_once_only_named_are_provoked, .init = load, .fini = unload)
{
	char buf[512];
	for (size_t i = 0; i < sizeof provoked / sizeof provoked[0]; i++) {
		const struct provoked *p = &provoked[i];
		cr_expect_not_null(where(p->reply, p->enhanced, p->verb, buf, sizeof buf),
		                   "no command step provokes %d %s (%s)", p->reply, p->enhanced,
		                   p->what);
	}
}

/* The check sees a goal that is missing: a lesson without 552 fails it. */
Test(seed_codes, a_code_no_goal_asks_for_is_found_missing)
{
	const char *text =
		"{\"id\": \"only\", \"title\": \"Only\", \"summary\": \"s\", \"minutes\": 1, "
		"\"profile\": \"mta\", \"steps\": [{\"kind\": \"command\", \"prompt\": \"p\", "
		"\"goal\": {\"verb\": \"HELO\", \"reply\": 250}, \"points\": 1, "
		"\"example\": [\"HELO c.example.org\"]}, {\"kind\": \"read\", "
		"\"text\": \"A 552 comes when the mailbox is full.\"}]}";
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_parse("01-only.json", text, strlen(text), &errs);
	cr_assert_not_null(l, "the fixture lesson parses");
	cr_expect(asks_for(&l->steps[0], 250, NULL, SMTP_CMD_NONE));
	cr_expect(asks_for(&l->steps[0], 250, NULL, SMTP_CMD_HELO));
	cr_expect_not(asks_for(&l->steps[0], 250, "2.0.0", SMTP_CMD_NONE));
	cr_expect_not(asks_for(&l->steps[0], 552, NULL, SMTP_CMD_NONE));
	cr_expect_not(asks_for(&l->steps[1], 552, NULL, SMTP_CMD_NONE));
	lesson_free(l);
	lesson_errors_free(&errs);
}
