/* run_quiz.c — quizzes in a lesson run: the order the choices are shown
 * in, and the answers. */
#include "lesson/run_impl.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The current quiz's choices in the order they are shown: shuffled, the
 * same way every time for a lesson's step (a transcript can be replayed),
 * so that where a right answer sits teaches nothing. A single-answer
 * quiz puts its answer at the place after the previous such quiz's
 * (from a start drawn from the lesson's id), so the answers of a lesson
 * spread over the places; the other choices are shuffled around it. */
void run_shuffle_choices(struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	free(run->order);
	run->order = NULL;
	if (!st || st->kind != LESSON_STEP_QUIZ || !st->nchoices)
		return;
	size_t n = st->nchoices;
	run->order = malloc(n * sizeof *run->order);
	if (!run->order)
		return;
	uint32_t h = 2166136261u; /* FNV-1a of the lesson id */
	for (const char *c = run->lesson->id; *c; c++)
		h = (h ^ (unsigned char)*c) * 16777619u;
	size_t start = h % 7;
	h = (h ^ (uint32_t)run->idx) * 16777619u;
	if (!h)
		h = 1;
	for (size_t i = 0; i < n; i++)
		run->order[i] = i;
	for (size_t i = n; i > 1; i--) {
		h ^= h << 13;    /* xorshift32 */
		h ^= h >> 17;
		h ^= h << 5;
		size_t j = h % i;
		size_t t = run->order[i - 1];
		run->order[i - 1] = run->order[j];
		run->order[j] = t;
	}
	if (st->ncorrect == 1) {
		/* the place of each single-answer quiz's answer, up to this one:
		 * the least used so far among its places, ties broken from a
		 * start that turns with each quiz */
		size_t used[64] = { 0 }, want = 0, q = 0;
		for (size_t i = 0; i <= run->idx; i++) {
			const struct lesson_step *qs = &run->lesson->steps[i];
			if (qs->kind != LESSON_STEP_QUIZ || !qs->choices || qs->ncorrect != 1)
				continue;
			size_t m = qs->nchoices < 64 ? qs->nchoices : 64, best = (start + q) % m;
			for (size_t k = 0; k < m; k++) {
				size_t p = (start + q + k) % m;
				if (used[p] < used[best])
					best = p;
			}
			used[best]++;
			want = best;
			q++;
		}
		size_t at = 0;
		for (size_t i = 0; i < n; i++)
			if (st->correct[run->order[i]])
				at = i;
		size_t t = run->order[want];
		run->order[want] = run->order[at];
		run->order[at] = t;
	}
}

const size_t *lesson_run_choice_order(const struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	return st && st->kind == LESSON_STEP_QUIZ && st->nchoices ? run->order : NULL;
}

/* --- answers -------------------------------------------------------------- */

static bool open_quiz(const struct lesson_run *run)
{
	const struct lesson_step *st = run_cur(run);
	return run->started && st && st->kind == LESSON_STEP_QUIZ &&
	       run->status == LESSON_STEP_ACTIVE;
}

enum lesson_answer lesson_run_answer_choices(struct lesson_run *run,
                                             const size_t *picked, size_t n)
{
	const struct lesson_step *st = run_cur(run);
	if (!open_quiz(run) || !st->choices)
		return LESSON_ANSWER_NOT_NOW;
	if (n == 0)
		return LESSON_ANSWER_INVALID;
	bool *sel = calloc(st->nchoices, sizeof *sel);
	if (!sel)
		return LESSON_ANSWER_INVALID;
	for (size_t i = 0; i < n; i++) {
		if (picked[i] >= st->nchoices) {
			free(sel);
			return LESSON_ANSWER_INVALID;
		}
		sel[picked[i]] = true;
	}
	bool right = true;
	for (size_t i = 0; i < st->nchoices; i++)
		if (sel[i] != st->correct[i])
			right = false;
	free(sel);
	if (!right) {
		run->wrong++;
		return LESSON_ANSWER_WRONG;
	}
	run_pass(run);
	return LESSON_ANSWER_RIGHT;
}

enum lesson_answer lesson_run_answer_text(struct lesson_run *run, const char *text)
{
	const struct lesson_step *st = run_cur(run);
	if (!open_quiz(run) || !st->answer_text)
		return LESSON_ANSWER_NOT_NOW;
	while (isspace((unsigned char)*text))
		text++;
	size_t len = strlen(text);
	while (len && isspace((unsigned char)text[len - 1]))
		len--;
	if (len == 0)
		return LESSON_ANSWER_INVALID;
	for (size_t i = 0; i < st->nanswer_text; i++) {
		const char *a = st->answer_text[i];
		if (strlen(a) == len && !strncasecmp(a, text, len)) {
			run_pass(run);
			return LESSON_ANSWER_RIGHT;
		}
	}
	run->wrong++;
	return LESSON_ANSWER_WRONG;
}

size_t lesson_run_wrong_count(const struct lesson_run *run)
{
	return run->wrong;
}
