/* ui_edit.h — the command pane's line editor: a UTF-8 buffer with a
 * cursor, Emacs-style editing keys, history, and Tab completion of SMTP
 * verbs, addresses and meta-commands. Fed one operation at a time; the
 * caller owns the state. No curses. */
#ifndef UI_UI_EDIT_H
#define UI_UI_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum {
	UI_EDIT_MAX = 2048,   /* bytes: room for over-long lines, so the
	                       * learner can meet "line too long" */
	UI_HIST_MAX = 500,    /* history entries kept */
	UI_COMPL_MAX = 64,    /* candidates reported */
};

enum ui_edit_op {
	UI_ED_LEFT, UI_ED_RIGHT, UI_ED_HOME, UI_ED_END,
	UI_ED_BACKSPACE, UI_ED_DELETE,
	UI_ED_KILL_END,     /* Ctrl-K */
	UI_ED_KILL_START,   /* Ctrl-U */
	UI_ED_KILL_WORD,    /* Ctrl-W: the word before the cursor */
	UI_ED_HIST_PREV,    /* Up */
	UI_ED_HIST_NEXT,    /* Down */
};

struct ui_edit {
	char buf[UI_EDIT_MAX + 1];
	size_t len, cur;      /* bytes; cur is on a code point boundary */
	char **hist;          /* oldest first */
	size_t nhist;
	size_t hpos;          /* == nhist when editing the draft */
	char *draft;          /* the line being typed when history was entered */
	const char *const *extra_addr; /* borrowed: offered first at MAIL
	                                * FROM:< and RCPT TO:< (a lesson's own
	                                * addresses); NULL none */
};

void ui_edit_init(struct ui_edit *e);
void ui_edit_free(struct ui_edit *e);
/* Insert a code point at the cursor. False when it does not fit or is a
 * control character. */
bool ui_edit_insert(struct ui_edit *e, uint32_t cp);
/* Apply an editing operation; false when nothing changed. */
bool ui_edit_op(struct ui_edit *e, enum ui_edit_op op);
/* Addresses to offer before the server's mailboxes (NULL-terminated,
 * borrowed until the next call; NULL clears them). A lesson sets its own
 * senders and recipients when it starts and clears them when it ends. */
void ui_edit_set_extra_addresses(struct ui_edit *e, const char *const *addrs);
/* Replace the whole line (cursor at the end). */
void ui_edit_set(struct ui_edit *e, const char *s);
/* The line is done: remember it in the history (not empty, not the same
 * as the last entry) and start an empty line. */
void ui_edit_commit(struct ui_edit *e);
/* Horizontal scrolling for a field WIDTH columns wide: the byte where the
 * shown part starts, and the cursor's column within the field. */
void ui_edit_view(const struct ui_edit *e, int width, size_t *start, int *col);

/* Where completion candidates come from (NULL-terminated lists). */
struct ui_compl_src {
	const char *const *addresses;  /* the profile's known addresses */
	const char *const *profiles;   /* for :profile */
	const char *const *scenarios;  /* for :scenario */
	bool data_mode;                /* message text: nothing to complete */
	bool auth_wait;                /* after a 334: the answer is base64, so
	                                * :b64, :plain and * (cancel) only */
};

struct ui_compl {
	size_t n;                       /* candidates found */
	const char *cand[UI_COMPL_MAX]; /* borrowed from the sources */
	bool changed;                   /* the line was extended */
};

/* Tab: complete the text before the cursor. One candidate is inserted
 * whole; several extend the line to their longest common prefix and are
 * listed in OUT for the caller to show. */
void ui_edit_complete(struct ui_edit *e, const struct ui_compl_src *src,
                      struct ui_compl *out);

#endif
