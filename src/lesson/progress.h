/* progress.h — what the learner has done, kept across runs in
 * $XDG_STATE_HOME/smtpsim/progress.json (default ~/.local/state/smtpsim/).
 *
 * Per lesson id: the step scores of the latest attempt (which steps are
 * done), the step to resume at, the best finished score, and whether the
 * lesson was ever finished. The file is written atomically (temporary
 * file in the same directory, fsync, rename, fsync of the directory),
 * merged with what another smtpsim saved meanwhile (see below). A
 * damaged or foreign file is renamed aside to progress.json.broken-TIME
 * and progress starts afresh, with a one-line warning for the caller. */
#ifndef LESSON_PROGRESS_H
#define LESSON_PROGRESS_H

#include "lesson/lesson.h"

#include <stdbool.h>
#include <stddef.h>

struct lesson_run;

struct lesson_progress_entry {
	char *id;
	int best;              /* best score of a finished attempt, -1 none */
	int best_max;          /* the lesson's max score when best was set */
	bool completed;        /* finished at least once */
	size_t current;        /* step to resume at; 0 = start afresh */
	int *scores;           /* per step of the latest attempt: -1 not done */
	size_t nsteps;
};

struct lesson_progress;

/* Load the progress file at PATH (NULL: the default path). A missing file
 * is empty progress. A damaged or foreign one is renamed aside, and WARN
 * gets one line saying so (WARN is "" otherwise). Never NULL except on
 * allocation failure. */
struct lesson_progress *lesson_progress_load(const char *path, char *warn,
                                             size_t warnlen);
void lesson_progress_free(struct lesson_progress *p);
/* The file this progress is saved to (borrowed). */
const char *lesson_progress_path(const struct lesson_progress *p);

/* Write the file atomically, creating its directory. Another smtpsim may
 * have saved since P was loaded: under an flock of PATH.lock the file is
 * read again first, and every lesson P did not record or forget since
 * its last save is taken from it (for the ones it did, the better best
 * score of the two is kept). P then holds the merged progress, so
 * entries got before are no longer valid. Returns 0, or -1 with a
 * message in ERR. */
int lesson_progress_save(struct lesson_progress *p, char *err, size_t errlen);

/* The entry for lesson ID, or NULL. Borrowed; valid until the next
 * change to P. */
const struct lesson_progress_entry *lesson_progress_get(const struct lesson_progress *p,
                                                        const char *id);

/* Record the state of RUN: the step scores so far and the step to resume
 * at; when the run is finished, the best score and completion too (and the
 * next attempt starts afresh). Call after each step change, then save. */
void lesson_progress_record(struct lesson_progress *p, const struct lesson_run *run);

/* Where to resume LESSON from this entry: the step index (0 = start), with
 * the entry's scores fitted to the lesson's current steps (a lesson that
 * gained or lost steps since is handled: scores past the end are dropped,
 * missing ones are -1). SCORES receives lesson->nsteps entries when not
 * NULL. */
size_t lesson_progress_resume_at(const struct lesson_progress_entry *e,
                                 const struct lesson *lesson, int *scores);

/* Forget everything about a lesson, its best score too. */
void lesson_progress_forget(struct lesson_progress *p, const char *id);
/* Start a lesson afresh: the latest attempt is dropped, a finished
 * lesson's best score and completion are kept. */
void lesson_progress_restart(struct lesson_progress *p, const char *id);

/* The default path: $XDG_STATE_HOME/smtpsim/progress.json, or
 * $HOME/.local/state/smtpsim/progress.json. Writes into BUF; returns BUF,
 * or NULL when neither variable is usable. */
char *lesson_progress_default_path(char *buf, size_t buflen);

#endif
