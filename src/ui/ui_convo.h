/* ui_convo.h — the conversation view model, without curses.
 *
 * struct ui_convo turns engine events into transcript lines (C:/S: lines
 * by reply class, the one-line meaning under each reply, the coach after
 * errors, TLS and AUTH markers, the message text with its header/body
 * split) and remembers the last reply for the sidebar. Free play and the
 * lesson mode both use it as their engine sink. */
#ifndef UI_UI_CONVO_H
#define UI_UI_CONVO_H

#include "lesson/meta.h"
#include "lesson/run.h"
#include "smtp/smtp.h"
#include "ui/ui_text.h"
#include "ui/ui_transcript.h"

#include <stdbool.h>
#include <stddef.h>

struct ui_convo {
	struct ui_transcript *tr;   /* borrowed */
	const struct smtp_profile *profile; /* for the connection marker */
	int last_code;              /* last reply, for the sidebar; 0 none */
	char last_enh[16];
	enum smtp_why last_why;
	bool in_data, in_body;      /* typing message text; past the headers */
	bool tls;                   /* TLS negotiated on this connection */
	bool closed;                /* the server closed the connection */
	int errors_in_line;         /* error replies to the current line */
	bool replaying;             /* the lesson runner is typing for the
	                             * learner: client lines shown marked,
	                             * dimmed */
	size_t replay_step;         /* the step whose "done before" mark a
	                             * replay showed, + 1; 0 none */
	struct ui_transcript *held; /* while a group of lines is sent in one
	                             * write: what they cause, shown after
	                             * them all (NULL otherwise) */
	struct ui_buf held_log;     /* the same for the :save log */
	bool lesson;                /* inside a lesson: the lesson pane guides,
	                             * so no protocol "next:" after errors */
	struct ui_buf log;          /* wire log for :save, one record a line:
	                             * 'C'/'S'/'E' (error reply), '#' a marker
	                             * ("connect profile=mta", "wait 300"),
	                             * then text */
	const struct smtp_server *srv; /* borrowed, may be NULL: the clock of
	                             * the stored view, the scenarios of the
	                             * :save markers */
	enum smtp_cmd hello;        /* HELO or EHLO, once accepted */
	char *pending;              /* a line shown after the next reply (the
	                             * engine reports a message or a failed
	                             * AUTH before the reply to it) */
	enum ui_tkind pending_kind;
	bool pending_needs_ok;      /* shown only when that reply is 2xx */
	char auth_line[256];        /* the last decoded AUTH answer */
	char *stored_next;          /* built at the message, kept at its 250 */
	char *stored;               /* the last accepted message as the
	                             * mailbox stores it: trace lines, then
	                             * the text, LF line ends; NULL none */
	size_t stored_trace;        /* bytes of trace lines at its start */
	size_t stored_nrcpt;
	char *dsn;                  /* the last delivery status notification
	                             * the simulated world sent (RFC 3464),
	                             * CRLF line ends; NULL none */
	char dsn_to[SMTP_PATH_MAX + 1];
};

void ui_convo_init(struct ui_convo *c, struct ui_transcript *tr);
void ui_convo_free(struct ui_convo *c);
/* The engine sink (ctx is the struct ui_convo). Each client line is shown
 * from its SMTP_EV_LINE, the one echo of what was sent: whole (.raw),
 * since this screen is the learner's own and lesson 12 has them decode
 * the base64 they sent; the :save log keeps it whole too, for :save -c. */
int ui_convo_sink(void *ctx, const struct smtp_event *ev);
/* Lines about to be sent in one write (:batch, PIPELINING): until
 * ui_convo_group_end, what they cause is held back, so that the lines
 * show first and their replies after them all, as the client sees it. */
void ui_convo_group_begin(struct ui_convo *c);
void ui_convo_group_end(struct ui_convo *c);
/* The lesson runner's replay hook, for LESSON (borrowed) whose live
 * session is SESS (may be NULL): a mark for each step replayed, the
 * meta-lines echoed (the server never sees them), the client lines
 * marked as typed for the learner when their events come. */
void ui_convo_replayed(struct ui_convo *c, const struct lesson_replay *r,
                       const struct lesson *lesson, const struct smtp_session *sess);
/* After the engine answered a line: the coach's "next:" after an error
 * reply (the engine's NOTE events name the mistakes). SESS may be NULL. */
void ui_convo_after(struct ui_convo *c, const char *line, size_t len,
                    const struct smtp_session *sess);
/* The server's profile, named when a greeting opens a connection. */
void ui_convo_connect(struct ui_convo *c, const struct smtp_profile *p);
/* Write the conversation to F: swaks-style "->"/"<-" lines, or only the
 * client lines (CLIENT_ONLY) so that `smtpsim session < FILE` replays it. */
int ui_convo_save(const struct ui_convo *c, const char *path, bool client_only,
                  char *err, size_t errlen);

/* The server whose clock and scenarios the conversation uses (NULL:
 * real time, no scenarios named). */
void ui_convo_set_server(struct ui_convo *c, const struct smtp_server *srv);
/* The simulated clock moved on SECS: the wait mark, and a marker in the
 * log that :save -c writes for `smtpsim session`. */
void ui_convo_waited(struct ui_convo *c, long secs);
/* F9: show the last accepted message as the mailbox stores it, then a
 * line comparing envelope and header. False when no message was
 * accepted yet. */
bool ui_convo_show_stored(struct ui_convo *c);
/* :b64 and :plain, for free play and the lessons. The answer goes to the
 * transcript; a line ready to send goes to INPUT (N bytes, "" when
 * none); a one-line message to MSG. After a 334 the answer fills the
 * input (:plain then gives the bare base64). False when M is another
 * command. */
bool ui_convo_helper(struct ui_convo *c, const struct meta_line *m, char *input,
                     size_t n, char *msg, size_t msgn, bool *msg_error);
/* The text of line LINE as the transcript echoes it: a :plain's password
 * masked. Into buf; returns buf. */
const char *ui_convo_echo(const char *line, size_t len, char *buf, size_t n);

/* Header and body lines of an accepted message: the empty line between
 * them is neither. */
void ui_message_lines(const struct smtp_message *m, size_t *header, size_t *body);

/* Room for a one-line message for the status area (and the unit of
 * the echo buffer). */
enum { UI_MSG_MAX = 256 };

#endif
