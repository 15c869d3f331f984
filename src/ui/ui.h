/* ui.h — the full-screen UI as the command line starts it: plain options
 * in, a status out. argv is parsed above, in src/cli/ui_cmd.c; nothing
 * here prints to stderr or knows the command line. */
#ifndef UI_UI_H
#define UI_UI_H

#include <stddef.h>

enum ui_mode {
	UI_MODE_MENU,      /* the main menu */
	UI_MODE_LESSON,    /* the lesson list, or a lesson */
	UI_MODE_PLAY,      /* free play */
	UI_MODE_REF,       /* the reference browser */
};

struct ui_opts {
	enum ui_mode mode;          /* the screen to open; outside the menu,
	                             * leaving it (q, F10) leaves smtpsim */
	const char *lesson;         /* LESSON: its number, name or file name;
	                             * NULL: the list */
	const char *profile;        /* PLAY: NULL is mta */
	const char *personality;    /* PLAY: NULL is smtpsim's own voice */
	char *const *scenarios;     /* PLAY: switched on */
	size_t nscenarios;
	char *const *rules;         /* PLAY: reply rules, STAGE[:MATCH]=CODE... */
	size_t nrules;
	const char *query;          /* REF: the search it opens on; NULL none.
	                             * Drawn with outside bytes made visible. */
};

enum ui_run_status {
	UI_RUN_OK,                  /* the learner left (or a signal ended it) */
	UI_RUN_START_FAILED,        /* the mode could not start: a wrong name
	                             * in the options, no such lesson, no
	                             * lessons at all */
	UI_RUN_NO_TERMINAL,         /* stdin/stdout is no terminal, or TERM
	                             * names none curses can use */
};

/* Run the UI until the learner leaves it. On failure ERR (ERRLEN bytes)
 * says why, in one line that may hold outside bytes (a lesson id, a path
 * from the environment): the caller makes it visible before printing.
 * The options are borrowed for the whole run. A SIGTERM/SIGHUP that ended
 * the UI is raised again, after the terminal is restored. */
enum ui_run_status ui_run(const struct ui_opts *o, char *err, size_t errlen);

#endif
