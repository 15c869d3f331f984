/* test_lesson_quizzes.c — quizzes are earned, not guessed (issue 12): in
 * every lesson the right answers of the single-answer quizzes are spread
 * over the positions (none holds more than half of them once a lesson has
 * three or more), and over all lessons the right choice is the strictly
 * longest one in at most a third of the single-answer quizzes. */
#include "lesson/lesson.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <string.h>

#define MAX_CHOICES 64

/* Characters shown, not bytes: "…" counts once. */
static size_t text_len(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

/* The index of a single-answer quiz's right choice, or -1 for any other
 * step (reads, commands, short answers, several right choices). */
static int single_answer(const struct lesson_step *st)
{
	if (st->kind != LESSON_STEP_QUIZ || !st->choices || st->ncorrect != 1)
		return -1;
	for (size_t i = 0; i < st->nchoices; i++)
		if (st->correct[i])
			return (int)i;
	return -1;
}

static bool right_is_strictly_longest(const struct lesson_step *st, int right)
{
	size_t r = text_len(st->choices[right]);
	for (size_t i = 0; i < st->nchoices; i++)
		if ((int)i != right && text_len(st->choices[i]) >= r)
			return false;
	return true;
}

/* Of L's single-answer quizzes: how many (*n), and the most that share one
 * answer position (returned, with that position in *pos). */
static size_t most_in_one_position(const struct lesson *l, size_t *n, size_t *pos)
{
	size_t count[MAX_CHOICES] = { 0 }, most = 0;
	*n = 0;
	*pos = 0;
	for (size_t i = 0; i < l->nsteps; i++) {
		int right = single_answer(&l->steps[i]);
		if (right < 0 || right >= MAX_CHOICES)
			continue;
		(*n)++;
		if (++count[right] > most) {
			most = count[right];
			*pos = (size_t)right;
		}
	}
	return most;
}

/* Does L break the spread rule? Logs why when LOG. */
static bool position_skewed(const struct lesson *l, bool log)
{
	size_t n, pos;
	size_t most = most_in_one_position(l, &n, &pos);
	bool skewed = n >= 3 && 2 * most > n;
	if (skewed && log)
		cr_log_error("%s: choice %zu is right in %zu of its %zu single-answer "
		             "quizzes; no position may hold more than half",
		             l->path, pos + 1, most, n);
	return skewed;
}

Test(lesson_quizzes, answers_are_spread_over_the_positions)
{
	struct lesson_set set = { 0 };
	struct lesson_errors errs = { 0 };
	lesson_set_load_dir(&set, "lessons", &errs);
	for (size_t i = 0; i < errs.n; i++)
		cr_log_error("%s", errs.v[i]);
	cr_assert_eq(errs.n, 0, "the lessons load");
	cr_assert_gt(set.n, 0, "there are lessons in lessons/");

	size_t skewed = 0, quizzes = 0, longest = 0;
	for (size_t i = 0; i < set.n; i++) {
		const struct lesson *l = set.v[i];
		skewed += position_skewed(l, true);
		for (size_t k = 0; k < l->nsteps; k++) {
			int right = single_answer(&l->steps[k]);
			if (right < 0)
				continue;
			quizzes++;
			if (right_is_strictly_longest(&l->steps[k], right)) {
				longest++;
				cr_log_info("%s: steps[%zu]: the right choice is the longest",
				            l->path, k);
			}
		}
	}
	cr_expect_eq(skewed, 0, "%zu lessons keep their answers in one position", skewed);
	cr_expect_gt(quizzes, 0, "the lessons have single-answer quizzes");
	cr_expect_leq(3 * longest, quizzes,
	              "the right choice is the strictly longest in %zu of %zu quizzes; "
	              "at most a third may give themselves away so", longest, quizzes);
	lesson_set_free(&set);
	lesson_errors_free(&errs);
}

/* The rule catches what it is for: three quizzes all answered by choice 1. */
Test(lesson_quizzes, the_rule_catches_a_lesson_answered_by_choice_1)
{
#define QUIZ "{\"kind\": \"quiz\", \"question\": \"Which?\", " \
	"\"choices\": [\"a longer right one\", \"b\", \"c\"], \"answer\": [%d], \"points\": 1}"
	char steps[3][256], text[1024];
	int answers[2][3] = { { 0, 0, 0 }, { 0, 2, 1 } };
	for (int variant = 0; variant < 2; variant++) {
		for (int k = 0; k < 3; k++)
			snprintf(steps[k], sizeof steps[k], QUIZ, answers[variant][k]);
		snprintf(text, sizeof text,
		         "{\"id\": \"skew\", \"title\": \"Skew\", \"summary\": \"s\", \"minutes\": 1, "
		         "\"profile\": \"mta\", \"steps\": [%s, %s, %s]}",
		         steps[0], steps[1], steps[2]);
		struct lesson_errors errs = { 0 };
		struct lesson *l = lesson_parse("01-skew.json", text, strlen(text), &errs);
		for (size_t i = 0; i < errs.n; i++)
			cr_log_error("%s", errs.v[i]);
		cr_assert_not_null(l, "the fixture lesson parses");
		cr_expect_eq(position_skewed(l, false), variant == 0,
		             "answers %d %d %d: skewed is %s", answers[variant][0],
		             answers[variant][1], answers[variant][2],
		             variant == 0 ? "true" : "false");
		cr_expect(right_is_strictly_longest(&l->steps[0], single_answer(&l->steps[0])));
		lesson_free(l);
		lesson_errors_free(&errs);
	}
#undef QUIZ
}
