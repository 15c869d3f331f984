/* personality.h — server personalities: the same dialogue in the voice of
 * a real server (Postfix, Exim, OpenSMTPD, Gmail, Microsoft 365).
 *
 * A personality is a table in personality.c keyed on (why, command): the
 * engine decides as it always does, and one hook in the reply path hands
 * the reply it built to smtp_persona_apply, which may restate its code,
 * enhanced code and text (and the multi-line shape). "smtpsim", today's
 * voice, has no table and changes nothing. */
#ifndef SMTP_PERSONALITY_H
#define SMTP_PERSONALITY_H

#include "smtp/smtp.h"

/* The personalities, "smtpsim" first (the default). Static. */
size_t smtp_personality_count(void);
const char *smtp_personality_name(size_t i);
/* One line for --list-scenarios: who it is, which version or defaults. */
const char *smtp_personality_summary(size_t i);
/* Where its texts come from and what falls back to smtpsim's voice. */
const char *smtp_personality_notes(size_t i);
/* For tests: how many replies personality I restates, the source tag of
 * its K-th (NULL past the end), and whether TAG is a source the table's
 * header describes. */
size_t smtp_personality_entries(size_t i);
const char *smtp_personality_entry_source(size_t i, size_t k);
bool smtp_personality_source_known(const char *tag);
/* Index of NAME (any case), or -1. */
int smtp_personality_find(const char *name);

/* Give SRV the personality NAME ("smtpsim" or NULL: none). -1 and a
 * message listing the names when it is unknown. Call it before the
 * server's sessions start. */
int smtp_server_set_personality(struct smtp_server *srv, const char *name,
                                char *err, size_t errlen);
/* The server's personality name ("smtpsim" when none was set). */
const char *smtp_server_personality(const struct smtp_server *srv);

/* --- for the engine only ---------------------------------------------- */

struct smtp_persona;

/* What a personality may quote in its texts; all borrowed. */
struct persona_ctx {
	const char *host;        /* the profile's host name */
	const char *client;      /* the client's address */
	const char *helo;        /* the HELO/EHLO argument, "" before it */
	const char *addr;        /* the path of the MAIL/RCPT being answered */
	const char *qid;         /* the queue id of the last message */
	const char *arg;         /* the command's argument ("" when none) */
	int64_t now;             /* the server's clock */
};

/* What a personality remembers within one session (Exim's DATA after all
 * RCPTs were rejected repeats the last rejection). Zero it at start. */
struct persona_state {
	char last_rcpt_err[SMTP_REPLY_LINE_MAX];  /* the last rejection's text */
	unsigned rcpt_rejected;                   /* in this transaction */
	bool rcpt_same;                           /* all with the same text */
	bool last_was_rcpt;                       /* the last reply answered RCPT */
	bool esmtp;                               /* EHLO (PIPELINING) was answered */
};

/* Restate a reply the engine built: *code, *enh (static strings) and text
 * (cap bytes, lines split by '\n') may be rewritten, *why too when the
 * personality decides differently (Postfix 3.7 does not know HELP). */
void smtp_persona_apply(const struct smtp_persona *p, const struct persona_ctx *c,
                        struct persona_state *st, enum smtp_cmd cmd,
                        enum smtp_why *why, int *code, const char **enh,
                        char *text, size_t cap);
/* The SIZE limit the personality publishes, or DFLT when it has none. */
unsigned long smtp_persona_max_size(const struct smtp_persona *p, unsigned long dflt);
/* Whether MAIL FROM:/RCPT TO: may omit the angle brackets (Postfix's
 * strict_rfc821_envelopes = no, the default). */
bool smtp_persona_bare_paths(const struct smtp_persona *p);
/* Whether a blocked client is greeted and refused at each RCPT instead of
 * at the greeting (Microsoft 365's 5.7.606). */
bool smtp_persona_blocks_at_rcpt(const struct smtp_persona *p);

#endif
