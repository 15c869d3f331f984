/* lesson.h — guided lessons: the validated lesson structs, the loader and
 * lesson discovery. The format is documented for authors in
 * lessons/README.md.
 *
 * Loading is two steps: read a file (bounded size), then build a lesson
 * from its JSON text, validating every field. Every problem found becomes
 * one line in a struct lesson_errors, in the form
 *     lessons/03-data.json: steps[4].goal.reply: expected an integer reply code, got "abc"
 * A lesson is only returned when it has no error at all.
 *
 * The parser is lesson.c (through the typed getters of json_get.c, which
 * also keeps the error lines); the lesson set and the lesson directory
 * are set.c. */
#ifndef LESSON_LESSON_H
#define LESSON_LESSON_H

#include "smtp/smtp.h"

#include <stdbool.h>
#include <stddef.h>

enum {
	LESSON_FILE_MAX = 1024 * 1024, /* bytes: bigger files are refused */
	LESSON_DEPTH_MAX = 16,         /* JSON nesting: deeper is refused */
};

/* Error messages, one line each (no trailing newline). */
struct lesson_errors {
	char **v;
	size_t n, cap;
};
void lesson_errors_free(struct lesson_errors *e);   /* frees the lines, keeps e */
/* Append one formatted line. */
void lesson_errors_add(struct lesson_errors *e, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

enum lesson_step_kind {
	LESSON_STEP_READ,    /* text to read; continue with Enter */
	LESSON_STEP_COMMAND, /* lines typed into the engine until the goal holds */
	LESSON_STEP_QUIZ,    /* choices, or a short text answer */
};

/* Which fields a goal sets (bits of lesson_goal.have). */
enum {
	LESSON_GOAL_VERB = 1 << 0,
	LESSON_GOAL_REPLY = 1 << 1,
	LESSON_GOAL_REPLY_CLASS = 1 << 2,
	LESSON_GOAL_ENHANCED = 1 << 3,
	LESSON_GOAL_STATE = 1 << 4,
	LESSON_GOAL_RCPT_MIN = 1 << 5,
	LESSON_GOAL_TLS = 1 << 6,
	LESSON_GOAL_AUTH = 1 << 7,
	LESSON_GOAL_MESSAGE = 1 << 8,
	LESSON_GOAL_LOOKUP = 1 << 9,
	/* the reply-based fields: one reply to the line must match them all */
	LESSON_GOAL_REPLY_FIELDS = LESSON_GOAL_VERB | LESSON_GOAL_REPLY |
	                           LESSON_GOAL_REPLY_CLASS | LESSON_GOAL_ENHANCED,
};

/* A command step's goal: every field whose bit is in .have must hold. */
struct lesson_goal {
	unsigned have;             /* LESSON_GOAL_* bits */
	enum smtp_cmd verb;        /* the command a reply answers */
	int reply;                 /* exact code, 200..599 */
	int reply_class;           /* first digit, 2..5 */
	char *enhanced;            /* "5.1.1" */
	enum smtp_state state;     /* session state after the line */
	size_t recipients_at_least;
	bool tls;                  /* TLS active after the line */
	bool authenticated;        /* authenticated after the line */
	bool message_accepted;     /* a message was accepted during the line */
	char *looked_up;           /* "example.com MX": the line was :dig of it */
};

struct lesson_step {
	enum lesson_step_kind kind;
	char *title;               /* NULL when not given */
	int points;                /* 0 for read steps */
	char *explain;             /* shown once done; NULL when not given */

	/* read */
	char *text;                /* markup: `code`, *emphasis*, \n\n paragraphs */

	/* command */
	char *prompt;
	struct lesson_goal goal;
	char **hints;              /* revealed one at a time; the example is an
	                            * extra, last hint (see lesson_step_hint) */
	size_t nhints;
	char **example;            /* lines that pass the step */
	size_t nexample;
	char *example_text;        /* the example lines joined by '\n' */
	bool reset;                /* start a fresh connection before the step */
	char *personality;         /* from this step on the server answers in
	                            * this voice (smtp/personality.h); NULL: as
	                            * before. Implies reset. */

	/* quiz */
	char *question;
	char **choices;            /* NULL for a short-answer quiz */
	size_t nchoices;
	bool *correct;             /* nchoices flags: which choices are right */
	size_t ncorrect;
	char **answer_text;        /* short answers accepted (case-insensitive,
	                            * trimmed); NULL for a choice quiz */
	size_t nanswer_text;
	char *explain_wrong;       /* shown after a wrong answer; may be NULL */
};

struct lesson {
	char *path;                /* the file as given to the loader */
	char *id;                  /* equals the slug of NN-slug.json */
	char *title;
	char *summary;
	int minutes;
	char *profile;             /* an engine profile name */
	char *personality;         /* the server's voice (smtp/personality.h),
	                            * NULL: smtpsim's */
	char **scenarios;
	size_t nscenarios;
	char **rules;              /* engine rules, -r syntax */
	size_t nrules;
	char **requires;           /* lesson ids */
	size_t nrequires;
	double hint_penalty;       /* share of a step's points per hint */
	double wrong_penalty;      /* share per wrong quiz answer */
	bool exam;                 /* an exam: no guidance toward the answer */
	char **setup;              /* lines typed for the learner (shown as
	                            * replayed) on the first connection, before
	                            * the first command step */
	size_t nsetup;
	char **recap;              /* the things to remember, shown at the end */
	size_t nrecap;
	char **zone;               /* records added to the simulated DNS of :dig,
	                            * "NAME TYPE VALUE" (see lesson/zone.h) */
	size_t nzone;
	struct lesson_step *steps;
	size_t nsteps;
	int max_score;             /* sum of the steps' points */
};

/* Number of hints a step offers: its hints plus the example (command
 * steps); 0 for read and quiz steps. */
size_t lesson_step_hint_count(const struct lesson_step *st);
/* Hint I (0-based) of a step; the last one is the example, its lines
 * joined by '\n'. Borrowed from the lesson; NULL when out of range. */
const char *lesson_step_hint(const struct lesson_step *st, size_t i);

/* Build a lesson from JSON text. NAME is the file name used in messages
 * (and for the id/slug check). Returns NULL and appends to ERRS on any
 * problem. Engine names (profile, scenarios, rules) are checked here;
 * `requires` is checked by lesson_set_check. The caller frees with
 * lesson_free. */
struct lesson *lesson_parse(const char *name, const char *text, size_t len,
                            struct lesson_errors *errs);
/* Read PATH (refusing files over LESSON_FILE_MAX) and lesson_parse it. */
struct lesson *lesson_load_file(const char *path, struct lesson_errors *errs);
void lesson_free(struct lesson *l);

/* The lessons of a directory, in file name order. */
struct lesson_set {
	struct lesson **v;
	size_t n, cap;
};

/* Whether NAME, a directory entry, is a lesson file: "*.json", not hidden. */
bool lesson_file_name(const char *name);
/* Load every *.json file of DIR (sorted by file name) into SET, skipping
 * the broken ones (their errors go to ERRS). Returns the number of files
 * that failed, or -1 (with a message in ERRS) when DIR cannot be read. */
int lesson_set_load_dir(struct lesson_set *set, const char *dir,
                        struct lesson_errors *errs);
/* Add one file; returns 0, or -1 when it failed (errors in ERRS). */
int lesson_set_load_file(struct lesson_set *set, const char *path,
                         struct lesson_errors *errs);
/* Checks across lessons: ids unique, every `requires` names an earlier
 * lesson of SET (or, when REF is not NULL, any lesson of REF). Returns
 * the number of errors appended. */
int lesson_set_check(const struct lesson_set *set, const struct lesson_set *ref,
                     struct lesson_errors *errs);
/* The lesson with this id, or NULL. Borrowed from the set. */
const struct lesson *lesson_set_find(const struct lesson_set *set, const char *id);
/* The lesson a user named: by id ("greylisting"), file name without
 * ".json" ("14-greylisting") or number (14, the file name's prefix).
 * Its index in SET, or -1. */
ptrdiff_t lesson_set_find_arg(const struct lesson_set *set, const char *arg);
void lesson_set_free(struct lesson_set *set);       /* frees the lessons, keeps set */

/* Where the lessons are: $SMTPSIM_LESSONS when set, else ./lessons when it
 * is a directory (running from the source tree), else the installed
 * SMTPSIM_DATADIR "/lessons". Returns a static string or the environment's. */
const char *lesson_dir_default(void);
/* Why no lessons were found, for the user: every directory searched, in
 * order, with what was there, and how to point smtpsim at a lesson
 * directory ($SMTPSIM_LESSONS). Written to buf (n bytes); returns buf. */
const char *lesson_dir_none_found(char *buf, size_t n);

#endif
