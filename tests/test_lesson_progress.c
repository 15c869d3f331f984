/* test_lesson_progress.c — progress survives a restart, a damaged file is
 * set aside, a changed lesson does not break resuming. */
#include "lesson/lesson.h"
#include "lesson/progress.h"
#include "lesson/run.h"

#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define FIXTURE "tests/fixtures/lessons/01-tiny.json"

static char state[64];
static char file[128];

static void setup(void)
{
	snprintf(state, sizeof state, "/tmp/smtpsim-progress-XXXXXX");
	cr_assert_not_null(mkdtemp(state));
	setenv("XDG_STATE_HOME", state, 1);
	setenv("HOME", "/nonexistent", 1);
	snprintf(file, sizeof file, "%s/smtpsim/progress.json", state);
}

static void teardown(void)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", state);
	cr_expect_eq(system(cmd), 0);
}

static struct lesson *load_fixture(void)
{
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_load_file(FIXTURE, &errs);
	lesson_errors_free(&errs);
	cr_assert_not_null(l);
	return l;
}

static void write_file(const char *path, const char *text)
{
	char dir[128];
	snprintf(dir, sizeof dir, "%s/smtpsim", state);
	mkdir(dir, 0700);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fputs(text, f);
	fclose(f);
}

/* The names in DIR that start with PREFIX. */
static int count_prefixed(const char *dir, const char *prefix, char *first, size_t n)
{
	DIR *d = opendir(dir);
	int count = 0;
	struct dirent *de;
	cr_assert_not_null(d);
	while ((de = readdir(d))) {
		if (!strncmp(de->d_name, prefix, strlen(prefix))) {
			if (!count && first)
				snprintf(first, n, "%s", de->d_name);
			count++;
		}
	}
	closedir(d);
	return count;
}

Test(progress, default_path_follows_xdg_then_home)
{
	char buf[256];
	setenv("XDG_STATE_HOME", "/x/state", 1);
	cr_expect_str_eq(lesson_progress_default_path(buf, sizeof buf),
	                 "/x/state/smtpsim/progress.json");
	setenv("XDG_STATE_HOME", "relative/ignored", 1);
	setenv("HOME", "/home/ann", 1);
	cr_expect_str_eq(lesson_progress_default_path(buf, sizeof buf),
	                 "/home/ann/.local/state/smtpsim/progress.json");
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	cr_expect_null(lesson_progress_default_path(buf, sizeof buf));
	char warn[256];
	struct lesson_progress *p = lesson_progress_load(NULL, warn, sizeof warn);
	cr_assert_not_null(p);
	cr_expect_str_eq(warn, "neither XDG_STATE_HOME nor HOME is set: progress will not be saved");
	char err[256];
	cr_expect_eq(lesson_progress_save(p, err, sizeof err), -1);
	lesson_progress_free(p);
}

Test(progress, round_trip_resume_and_best, .init = setup, .fini = teardown)
{
	char warn[512], err[256];
	struct lesson *l = load_fixture();
	struct lesson_progress *p = lesson_progress_load(NULL, warn, sizeof warn);
	cr_assert_not_null(p);
	cr_expect_str_eq(warn, "", "a missing file is no problem");
	cr_expect_str_eq(lesson_progress_path(p), file);
	cr_expect_null(lesson_progress_get(p, "tiny"));

	/* Play two steps, one with a hint, and stop there. */
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_assert_not_null(run);
	lesson_run_start(run);
	lesson_run_continue(run);
	lesson_run_hint(run);
	lesson_run_feed(run, "EHLO client.example.org", NULL);
	lesson_progress_record(p, run);
	cr_assert_eq(lesson_progress_save(p, err, sizeof err), 0, "%s", err);
	lesson_run_free(run);
	lesson_progress_free(p);

	struct stat sb;
	cr_assert_eq(stat(file, &sb), 0);
	cr_expect_eq(sb.st_mode & 0777, 0600);
	char dir[256];
	snprintf(dir, sizeof dir, "%s/smtpsim", state);
	cr_expect_eq(count_prefixed(dir, "progress.json.tmp", NULL, 0), 0, "no temporary file left");

	/* A restart: the entry is there, resuming lands after the done step. */
	p = lesson_progress_load(NULL, warn, sizeof warn);
	cr_expect_str_eq(warn, "");
	const struct lesson_progress_entry *e = lesson_progress_get(p, "tiny");
	cr_assert_not_null(e);
	cr_expect_eq(e->best, -1);
	cr_expect_not(e->completed);
	cr_expect_eq(e->current, 2);
	cr_assert_eq(e->nsteps, 7);
	cr_expect_eq(e->scores[0], 0);
	cr_expect_eq(e->scores[1], 6);
	cr_expect_eq(e->scores[2], -1);
	int scores[7];
	size_t at = lesson_progress_resume_at(e, l, scores);
	cr_expect_eq(at, 2);
	cr_expect_eq(scores[1], 6);
	cr_expect_eq(scores[2], -1);

	run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_assert_eq(lesson_run_resume(run, at, scores, false), 0);
	cr_expect_eq(lesson_run_score(run), 6);
	/* Finish it with full points on the rest. */
	lesson_run_feed(run, "RCPT TO:<bob@example.com>", NULL);
	lesson_run_continue(run);
	for (size_t i = 0; i < l->steps[3].nexample; i++)
		lesson_run_feed(run, l->steps[3].example[i], NULL);
	lesson_run_continue(run);
	lesson_run_answer_choices(run, (size_t[]){ 0, 2 }, 2);
	lesson_run_continue(run);
	for (size_t i = 0; i < l->steps[5].nexample; i++)
		lesson_run_feed(run, l->steps[5].example[i], NULL);
	lesson_run_continue(run);
	lesson_run_answer_text(run, "221");
	/* Passed the last step, left before Enter: that counts as finished. */
	cr_assert_not(lesson_run_finished(run));
	lesson_progress_record(p, run);
	lesson_run_free(run);
	e = lesson_progress_get(p, "tiny");
	cr_expect_eq(e->best, 40);
	cr_expect_eq(e->best_max, 42);
	cr_expect(e->completed);
	cr_expect_eq(e->current, 0, "a finished lesson starts afresh");
	cr_assert_eq(lesson_progress_save(p, err, sizeof err), 0, "%s", err);
	lesson_progress_free(p);

	/* A worse finished attempt keeps the best score. */
	p = lesson_progress_load(NULL, warn, sizeof warn);
	run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	lesson_run_start(run);
	while (!lesson_run_finished(run)) {
		lesson_run_skip(run);
		lesson_run_continue(run);
	}
	lesson_progress_record(p, run);
	lesson_run_free(run);
	e = lesson_progress_get(p, "tiny");
	cr_expect_eq(e->best, 40);
	cr_expect_eq(e->scores[1], 0);
	lesson_progress_forget(p, "tiny");
	cr_expect_null(lesson_progress_get(p, "tiny"));
	lesson_progress_free(p);
	lesson_free(l);
}

static void expect_set_aside(const char *text, const char *reason)
{
	char warn[1024], first[256], want[1024];
	char dir[128];
	snprintf(dir, sizeof dir, "%s/smtpsim", state);
	write_file(file, text);
	struct lesson_progress *p = lesson_progress_load(NULL, warn, sizeof warn);
	cr_assert_not_null(p);
	cr_expect_null(lesson_progress_get(p, "tiny"));
	cr_expect_eq(count_prefixed(dir, "progress.json.broken-", first, sizeof first), 1);
	snprintf(want, sizeof want, "progress file %s was damaged (%s): moved it to %s/%s "
	         "and started afresh", file, reason, dir, first);
	cr_expect_str_eq(warn, want);
	struct stat sb;
	cr_expect_neq(stat(file, &sb), 0, "the damaged file is gone from its place");
	/* The set-aside file keeps the old bytes. */
	char aside[512], buf[512] = "";
	snprintf(aside, sizeof aside, "%s/%s", dir, first);
	FILE *f = fopen(aside, "r");
	cr_assert_not_null(f);
	size_t n = fread(buf, 1, sizeof buf - 1, f);
	buf[n] = '\0';
	fclose(f);
	cr_expect_str_eq(buf, text);
	/* Progress starts afresh and can be saved again. */
	char err[256];
	cr_expect_eq(lesson_progress_save(p, err, sizeof err), 0, "%s", err);
	lesson_progress_free(p);
}

Test(progress, syntax_damage_is_set_aside, .init = setup, .fini = teardown)
{
	expect_set_aside("{\"format\": \"smtpsim-progress\", \"vers", "not valid JSON");
}

Test(progress, foreign_file_is_set_aside, .init = setup, .fini = teardown)
{
	expect_set_aside("{\"theme\": \"dark\"}\n", "not an smtpsim progress file");
}

Test(progress, malformed_entry_is_set_aside, .init = setup, .fini = teardown)
{
	expect_set_aside("{\"format\": \"smtpsim-progress\", \"version\": 1, \"lessons\": "
	                 "{\"tiny\": {\"best\": \"lots\", \"best_max\": 0, \"completed\": "
	                 "false, \"current\": 0, \"steps\": []}}}", "a lesson entry is malformed");
}

Test(progress, future_version_is_set_aside, .init = setup, .fini = teardown)
{
	expect_set_aside("{\"format\": \"smtpsim-progress\", \"version\": 9, \"lessons\": {}}",
	                 "an unknown version of the progress format");
}

/* 1e300 was cast to long long before the range check: undefined
 * behaviour (caught by -fsanitize=float-cast-overflow under make check). */
Test(progress, huge_number_is_set_aside, .init = setup, .fini = teardown)
{
	expect_set_aside("{\"format\": \"smtpsim-progress\", \"version\": 1e300, "
	                 "\"lessons\": {}}", "an unknown version of the progress format");
}

Test(progress, binary_garbage_is_set_aside, .init = setup, .fini = teardown)
{
	expect_set_aside("\x7f" "ELF\x01\x02", "not valid JSON");
}

Test(progress, removed_and_added_steps, .init = setup, .fini = teardown)
{
	char warn[256];
	struct lesson *l = load_fixture();  /* 7 steps */
	/* Saved when the lesson had 10 steps, at step 9. */
	write_file(file, "{\"format\": \"smtpsim-progress\", \"version\": 1, \"lessons\": {"
	           "\"tiny\": {\"best\": 50, \"best_max\": 60, \"completed\": true, \"current\": 9, "
	           "\"steps\": [0, 8, 4, 10, 6, 10, 4, 1, 2, 3]}, "
	           "\"other\": {\"best\": -1, \"best_max\": 0, \"completed\": false, \"current\": 4, "
	           "\"steps\": [0, 99, null, 5]}}}");
	struct lesson_progress *p = lesson_progress_load(NULL, warn, sizeof warn);
	cr_expect_str_eq(warn, "");
	const struct lesson_progress_entry *e = lesson_progress_get(p, "tiny");
	cr_assert_not_null(e);
	int scores[7];
	cr_expect_eq(lesson_progress_resume_at(e, l, scores), 0,
	             "a resume point past the end starts afresh");
	for (int i = 0; i < 7; i++)
		cr_expect_eq(scores[i], -1);

	/* Saved when the lesson had 4 steps (it gained 3), at step 4 with a
	 * step added before it (null) and a score above today's points. */
	e = lesson_progress_get(p, "other");
	cr_assert_not_null(e);
	size_t at = lesson_progress_resume_at(e, l, scores);
	cr_expect_eq(at, 2, "the step added before the resume point is done first");
	cr_expect_eq(scores[0], 0);
	cr_expect_eq(scores[1], 8, "clamped to the step's points now");
	for (int i = 2; i < 7; i++)
		cr_expect_eq(scores[i], -1);

	/* Recording a run of the changed lesson fits the entry to it. */
	char err[256];
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_assert_eq(lesson_run_resume(run, at, scores, false), 0);
	lesson_progress_record(p, run);
	e = lesson_progress_get(p, "tiny");
	cr_expect_eq(e->nsteps, 7, "fitted to the lesson's steps now");
	cr_expect_eq(e->current, 2);
	cr_expect_eq(e->best, 50, "an unfinished run keeps the best score");
	cr_expect_not_null(lesson_progress_get(p, "other"));
	lesson_run_free(run);
	cr_expect_eq(lesson_progress_resume_at(NULL, l, scores), 0);
	lesson_progress_free(p);
	lesson_free(l);
}

Test(progress, save_fails_cleanly_when_the_directory_cannot_exist, .init = setup,
     .fini = teardown)
{
	char path[256], warn[256], err[512];
	/* A regular file where the directory should be. */
	snprintf(path, sizeof path, "%s/blocker", state);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fclose(f);
	snprintf(path, sizeof path, "%s/blocker/smtpsim/progress.json", state);
	struct lesson_progress *p = lesson_progress_load(path, warn, sizeof warn);
	cr_assert_not_null(p);
	cr_expect_eq(lesson_progress_save(p, err, sizeof err), -1);
	cr_expect(strstr(err, "cannot create") != NULL, "%s", err);
	lesson_progress_free(p);
}

/* A second lesson, so two processes can work on different ones. */
static struct lesson *other_lesson(void)
{
	static const char *text =
		"{\"id\": \"other\", \"title\": \"T\", \"summary\": \"S\", \"minutes\": 1, "
		"\"profile\": \"mta\", \"steps\": ["
		"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\"], "
		"\"answer\": [0], \"points\": 5}, "
		"{\"kind\": \"quiz\", \"question\": \"q\", \"choices\": [\"a\", \"b\"], "
		"\"answer\": [1], \"points\": 5}]}";
	struct lesson_errors errs = { 0 };
	struct lesson *l = lesson_parse("02-other.json", text, strlen(text), &errs);
	lesson_errors_free(&errs);
	cr_assert_not_null(l);
	return l;
}

/* Record a run of L in P: the first STEPS steps answered with their
 * example or right answer, every step skipped after that when FINISH. */
static void record_run(struct lesson_progress *p, const struct lesson *l, size_t steps,
                       bool finish)
{
	char err[256];
	int scores[64];
	for (size_t i = 0; i < 64; i++)
		scores[i] = 5;
	struct lesson_run *run = lesson_run_new(l, NULL, NULL, err, sizeof err);
	cr_assert_not_null(run, "%s", err);
	lesson_run_start(run);
	if (steps)
		cr_assert_eq(lesson_run_resume(run, steps, scores, false), 0);
	while (finish && !lesson_run_finished(run)) {
		lesson_run_skip(run);
		lesson_run_continue(run);
	}
	lesson_progress_record(p, run);
	lesson_run_free(run);
}

Test(progress, two_processes_saving_keep_each_others_lessons, .init = setup,
     .fini = teardown)
{
	char warn[256], err[256];
	struct lesson *tiny = load_fixture(), *other = other_lesson();
	/* Both start before either saves. */
	struct lesson_progress *a = lesson_progress_load(NULL, warn, sizeof warn);
	struct lesson_progress *b = lesson_progress_load(NULL, warn, sizeof warn);
	record_run(a, tiny, 3, false);
	cr_assert_eq(lesson_progress_save(a, err, sizeof err), 0, "%s", err);
	record_run(b, other, 1, false);
	cr_assert_eq(lesson_progress_save(b, err, sizeof err), 0, "%s", err);
	const struct lesson_progress_entry *e = lesson_progress_get(b, "tiny");
	cr_assert_not_null(e, "b took in what a saved");
	cr_expect_eq(e->current, 3);

	struct lesson_progress *c = lesson_progress_load(NULL, warn, sizeof warn);
	e = lesson_progress_get(c, "tiny");
	cr_assert_not_null(e, "a's lesson survived b's save");
	cr_expect_eq(e->current, 3);
	e = lesson_progress_get(c, "other");
	cr_assert_not_null(e);
	cr_expect_eq(e->current, 1);
	lesson_progress_free(c);

	/* a goes on with its lesson: its own newer attempt wins, b's stays. */
	record_run(a, tiny, 5, false);
	cr_assert_eq(lesson_progress_save(a, err, sizeof err), 0, "%s", err);
	c = lesson_progress_load(NULL, warn, sizeof warn);
	cr_expect_eq(lesson_progress_get(c, "tiny")->current, 5);
	cr_assert_not_null(lesson_progress_get(c, "other"), "b's lesson survived a's save");
	cr_expect_eq(lesson_progress_get(c, "other")->current, 1);
	lesson_progress_free(c);

	/* No lock file or temporary file problem: a third save still works. */
	cr_expect_eq(lesson_progress_save(b, err, sizeof err), 0, "%s", err);
	lesson_progress_free(a);
	lesson_progress_free(b);
	lesson_free(tiny);
	lesson_free(other);
}

Test(progress, the_better_best_score_survives_concurrent_saves, .init = setup,
     .fini = teardown)
{
	char warn[256], err[256];
	struct lesson *tiny = load_fixture();
	struct lesson_progress *a = lesson_progress_load(NULL, warn, sizeof warn);
	struct lesson_progress *b = lesson_progress_load(NULL, warn, sizeof warn);
	/* a finishes well (the first five steps at 5 points each), b badly. */
	record_run(a, tiny, 5, true);
	int good = lesson_progress_get(a, "tiny")->best;
	cr_expect_gt(good, 0);
	cr_assert_eq(lesson_progress_save(a, err, sizeof err), 0, "%s", err);
	record_run(b, tiny, 0, true);
	cr_expect_eq(lesson_progress_get(b, "tiny")->best, 0);
	cr_assert_eq(lesson_progress_save(b, err, sizeof err), 0, "%s", err);
	struct lesson_progress *c = lesson_progress_load(NULL, warn, sizeof warn);
	const struct lesson_progress_entry *e = lesson_progress_get(c, "tiny");
	cr_assert_not_null(e);
	cr_expect(e->completed);
	cr_expect_eq(e->best, good, "b's worse run did not replace a's best");
	lesson_progress_free(c);

	/* A lesson this process started afresh stays forgotten. */
	lesson_progress_forget(b, "tiny");
	cr_assert_eq(lesson_progress_save(b, err, sizeof err), 0, "%s", err);
	c = lesson_progress_load(NULL, warn, sizeof warn);
	cr_expect_null(lesson_progress_get(c, "tiny"));
	lesson_progress_free(c);
	lesson_progress_free(a);
	lesson_progress_free(b);
	lesson_free(tiny);
}

Test(progress, starting_afresh_keeps_the_best_score, .init = setup, .fini = teardown)
{
	char warn[256], err[256];
	struct lesson *tiny = load_fixture(), *other = other_lesson();
	struct lesson_progress *p = lesson_progress_load(NULL, warn, sizeof warn);
	record_run(p, tiny, 5, true);
	int best = lesson_progress_get(p, "tiny")->best;
	cr_expect_gt(best, 0);
	/* a second attempt, stopped half-way, then started afresh */
	record_run(p, tiny, 3, false);
	cr_expect_eq(lesson_progress_get(p, "tiny")->current, 3);
	lesson_progress_restart(p, "tiny");
	const struct lesson_progress_entry *e = lesson_progress_get(p, "tiny");
	cr_assert_not_null(e, "a finished lesson stays in the progress");
	cr_expect_eq(e->current, 0);
	cr_expect(e->completed);
	cr_expect_eq(e->best, best);
	for (size_t i = 0; i < e->nsteps; i++)
		cr_expect_eq(e->scores[i], -1, "step %zu of the dropped attempt", i);
	/* the restart is saved, and wins over the file's older attempt */
	cr_assert_eq(lesson_progress_save(p, err, sizeof err), 0, "%s", err);
	struct lesson_progress *q = lesson_progress_load(NULL, warn, sizeof warn);
	cr_expect_eq(lesson_progress_get(q, "tiny")->current, 0);
	cr_expect_eq(lesson_progress_get(q, "tiny")->best, best);
	lesson_progress_free(q);
	/* an unfinished lesson started afresh leaves nothing behind */
	record_run(p, other, 1, false);
	lesson_progress_restart(p, "other");
	cr_expect_null(lesson_progress_get(p, "other"));
	lesson_progress_restart(p, "nosuch");
	lesson_progress_free(p);
	lesson_free(tiny);
	lesson_free(other);
}
