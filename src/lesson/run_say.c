/* run_say.c — what the step runner says: why a step is off its path,
 * the gloss of a reply when a step was passed another way than its
 * example's, what to do next, and the :help list. */
#include "lesson/run_impl.h"
#include "smtp/catalog.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* Why the live session cannot reach the step's goal any more, in one
 * sentence, from what the session is now against how the step began. */
void run_explain_off_path(struct lesson_run *run)
{
	const struct world *w = &run->live;
	struct shape now = world_shape(w);
	const struct shape *was = &run->start;
	char *b = run->why;
	size_t n = sizeof run->why;
	bool state_on_path = now.state == was->state;
	for (size_t j = 0; j < run->npath; j++)
		if (run->path[j].after.state == now.state)
			state_on_path = true;
	if (!now.connected || now.closed) {
		if (w->replies && w->last_code == 221)
			snprintf(b, n, "The connection is closed after your QUIT, so nothing more "
			               "reaches the server.");
		else if (w->replies && w->last_code == 421)
			snprintf(b, n, "The server closed the connection with its 421, so nothing "
			               "more reaches it.");
		else
			snprintf(b, n, "The connection is closed, so nothing more reaches the server.");
	} else if (w->auth_ended) {
		snprintf(b, n, "The AUTH exchange was ended by the %d, so the server no longer "
		               "waits for that answer.", w->last_code);
	} else if (was->state == SMTP_STATE_AUTH && now.state != SMTP_STATE_AUTH &&
	           !now.authed) {
		snprintf(b, n, "The AUTH exchange is over, so the server no longer waits for an "
		               "answer to its 334.");
	} else if (now.tls && !was->tls) {
		snprintf(b, n, "TLS is already on, so the server no longer answers as it did on "
		               "the plain connection.");
	} else if (!now.tls && was->tls) {
		snprintf(b, n, "This connection is not encrypted any more (a new connection "
		               "starts in the clear).");
	} else if (now.authed && !was->authed) {
		snprintf(b, n, "You are logged in now, so the server no longer answers as it "
		               "did before the login.");
	} else if (!now.authed && was->authed) {
		snprintf(b, n, "This connection is not logged in any more.");
	} else if (!state_on_path) {
		snprintf(b, n, "The session is now %s, which is not on this step's way.",
		         smtp_state_name(now.state));
		/* the state's own words read better than its name */
		static const char *const words[SMTP_STATE_COUNT] = {
			[SMTP_STATE_GREETED] = "waiting for HELO or EHLO",
			[SMTP_STATE_READY] = "ready for a new message, with no sender given",
			[SMTP_STATE_MAIL] = "in a message whose sender is given",
			[SMTP_STATE_RCPT] = "in a message with its recipients given",
			[SMTP_STATE_DATA] = "inside the message text (after DATA)",
			[SMTP_STATE_AUTH] = "inside an AUTH exchange",
			[SMTP_STATE_BDAT] = "inside a BDAT chunk",
			[SMTP_STATE_BLOCKED] = "refused at connect",
		};
		if (words[now.state])
			snprintf(b, n, "The session is now %s, which is not on this step's way.",
			         words[now.state]);
	} else if (now.rcpt != was->rcpt && now.state == SMTP_STATE_RCPT) {
		snprintf(b, n, "The message has %zu recipient%s now, which changes what the "
		               "server answers next.", now.rcpt, now.rcpt == 1 ? "" : "s");
	} else {
		snprintf(b, n, "What was typed changed what the server remembers (its clock, "
		               "its greylist or its counters), so this step's example no "
		               "longer works from here.");
	}
}

const char *run_cmd_words(enum smtp_cmd c)
{
	switch (c) {
	case SMTP_CMD_CONNECT:
		return "the connection";
	case SMTP_CMD_DOT:
		return "the final \".\"";
	case SMTP_CMD_AUTH_DATA:
		return "your AUTH answer";
	case SMTP_CMD_UNKNOWN:
		return "an unknown command";
	case SMTP_CMD_LINE:
	case SMTP_CMD_NONE:
		return "that line";
	default:
		return smtp_cmd_name(c);
	}
}

/* What example line LINE asks the learner to do next, as "now …". */
const char *run_next_words(const struct world *w, const char *line)
{
	struct meta_line m;
	meta_parse(line, strlen(line), world_in_data(w), &m);
	if (m.cmd == META_WAIT)
		return "let time pass (:wait)";
	if (m.cmd == META_RESET)
		return "connect again (:reset)";
	if (world_in_data(w))
		return !strcmp(line, ".") ? "end the message with a line holding only \".\""
		                          : "type the message";
	if (w->sess && smtp_session_state(w->sess) == SMTP_STATE_AUTH)
		return "answer the 334 in base64";
	static const struct {
		const char *verb, *words;
	} t[] = {
		{ "EHLO", "greet the server" },   { "HELO", "greet the server" },
		{ "MAIL", "name the sender" },    { "RCPT", "name a recipient" },
		{ "DATA", "ask to send the text" }, { "RSET", "reset the transaction" },
		{ "QUIT", "say goodbye" },        { "STARTTLS", "switch to TLS" },
		{ "AUTH", "log in" },             { "VRFY", "ask about a mailbox" },
		{ "EXPN", "ask about a list" },   { "NOOP", "send a NOOP" },
		{ "HELP", "ask for help" },       { "BDAT", "send a chunk" },
	};
	for (size_t i = 0; i < sizeof t / sizeof *t; i++) {
		size_t n = strlen(t[i].verb);
		if (!strncasecmp(line, t[i].verb, n) && (line[n] == ' ' || line[n] == '\0'))
			return t[i].words;
	}
	return "go on";
}

void run_set_note(struct lesson_run *run, struct lesson_feed_result *res,
                  enum lesson_note_kind kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(run->note, sizeof run->note, fmt, ap);
	va_end(ap);
	res->note = run->note;
	res->note_kind = kind;
}

/* The step passed: was it the example's way? If not, say what the
 * learner's own last reply means (the step's explain is written for the
 * example path). */
void run_judge_way(struct lesson_run *run)
{
	const struct world *w = &run->live;
	run->other_way = false;
	if (!run->npath || !run->path_ok)
		return;
	struct shape now = world_shape(w);
	const struct path_line *end = NULL;
	for (size_t j = run->npath; j-- > 0;)
		if (run->path[j].code) {
			end = &run->path[j];
			break;
		}
	bool same = end && end->code == w->last_code && end->cmd == w->last_cmd &&
	            end->after.state == now.state && end->after.tls == now.tls &&
	            end->after.authed == now.authed;
	if (same || !w->replies)
		return;
	run->other_way = true;
	const struct cat_code *c = cat_code_find(w->last_code);
	snprintf(run->done_text, sizeof run->done_text,
	         "You reached this step's goal another way than the lesson's example. "
	         "Your last reply was %d to %s%s%s.", w->last_code, run_cmd_words(w->last_cmd),
	         c ? ": " : "", c ? c->meaning : "");
}

void run_help_note(struct lesson_run *run, struct lesson_feed_result *res)
{
	const char *const *h = meta_help_lines(true);
	size_t used = 0;
	run->note[0] = '\0';
	for (size_t i = 0; h[i] && used < sizeof run->note; i++) {
		int n = snprintf(run->note + used, sizeof run->note - used, "%s%s",
		                 i ? "\n" : "", h[i]);
		if (n < 0)
			break;
		used += (size_t)n;
	}
	res->note = run->note;
	res->note_kind = LESSON_NOTE_INFO;
}
