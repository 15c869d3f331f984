/* ui_play.h — free play, without curses: struct ui_play owns the
 * simulated server and session, takes the lines the learner types, and
 * runs the meta-commands. Its transcript is drawn from the conversation
 * model (ui_convo.h). */
#ifndef UI_UI_PLAY_H
#define UI_UI_PLAY_H

#include "smtp/smtp.h"
#include "ui/ui_convo.h"
#include "ui/ui_transcript.h"

#include <stdbool.h>
#include <stddef.h>

/* The command pane's label before what the server expects. The texts it
 * shows (smtp_session_expects, ui_play_expects) fit after it on one row
 * of the command pane at 80 columns. */
#define UI_NEXT_LABEL "next: "

struct ui_play {
	struct smtp_server *srv;
	struct smtp_session *sess;
	struct ui_transcript *tr;
	struct ui_convo convo;
	char **rules;               /* -r specs, kept across :profile */
	size_t nrules;
	char msg[UI_MSG_MAX];       /* one-line message for the status area */
	char input[2048 + 1];       /* a line for the input field (:plain),
	                             * taken by the caller; "" none */
	bool msg_error;
	bool quit;                  /* :quit was typed */
	bool batching;              /* :batch: lines queued for one write */
	char *batch;                /* them, '\n' between them */
	size_t nbatch;
};

/* Start free play on PROFILE (NULL: mta) with scenarios and rules. -1 and
 * a message in ERR when a name or rule is wrong. */
int ui_play_init(struct ui_play *p, const char *profile,
                 char *const *scenarios, size_t nscen,
                 char *const *rules, size_t nrules, char *err, size_t errlen);
void ui_play_free(struct ui_play *p);
/* Give the server the voice of NAME (smtp/personality.h), keeping its
 * profile, scenarios and rules, and connect again. -1 and a message in
 * ERR when NAME is unknown. */
int ui_play_set_personality(struct ui_play *p, const char *name, char *err, size_t errlen);
/* A line the learner typed: a meta-command (":...") or a line for the
 * server. */
void ui_play_line(struct ui_play *p, const char *line, size_t len);
/* What the server expects now, for the command pane's prompt. */
const char *ui_play_expects(const struct ui_play *p);
/* "greylist, mailbox-full" or "none" into buf. */
const char *ui_play_scenarios(const struct ui_play *p, char *buf, size_t n);

#endif
