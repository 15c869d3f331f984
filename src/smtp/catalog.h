/* catalog.h — the reference catalog: every basic reply code, every
 * enhanced status code of the IANA registry, and the mail ports. One
 * static table, read by the engine, the sidebar, the reference browser,
 * explain, codes, ports and the lessons. All pointers returned are to
 * static data: never freed, valid for the life of the program. */
#ifndef SMTP_CATALOG_H
#define SMTP_CATALOG_H

#include <stddef.h>

struct cat_code {
	int code;               /* 550 */
	const char *meaning;    /* "Mailbox unavailable" (short title) */
	const char *cause;      /* the common cause */
	const char *action;     /* what to do */
	const char *commands;   /* commands that can produce it: "RCPT, MAIL" */
	const char *rfc;        /* "RFC 5321 §4.2.3" */
	const char *detail;     /* a longer explanation, a few sentences */
};

struct cat_enh {
	const char *code;       /* "X.1.1" as in the registry */
	const char *title;      /* "Bad destination mailbox address" */
	const char *meaning;    /* the registry's description, in our words */
	const char *basic;      /* associated basic codes: "550, 553" */
	const char *rfc;        /* "RFC 3463" */
	const char *action;     /* what to do, when this detail says more than
	                         * the basic code's advice; NULL otherwise */
};

struct cat_port {
	int port;               /* 587 */
	const char *protocol;   /* "Submission" */
	const char *encryption; /* "STARTTLS (required)" */
	const char *use;        /* "Client submission (recommended)" */
	const char *rfc;        /* "RFC 6409, RFC 8314" */
	const char *notes;      /* a few sentences */
};

size_t cat_code_count(void);
const struct cat_code *cat_code_at(size_t i);
const struct cat_code *cat_code_find(int code);          /* NULL if none */

size_t cat_enh_count(void);
const struct cat_enh *cat_enh_at(size_t i);
/* "5.1.1", "X.1.1" or "4.7.0": the detail entry, class-independent. */
const struct cat_enh *cat_enh_find(const char *code);    /* NULL if none */
const char *cat_class_meaning(int cls);   /* 2, 4, 5: "Success", ... */
const char *cat_subject_meaning(int subj);/* 0..7: "Addressing status", ... */

size_t cat_port_count(void);
const struct cat_port *cat_port_at(size_t i);
const struct cat_port *cat_port_find(int port);          /* NULL if none */

/* The meaning of a basic code's first digit (2: "Positive completion"). */
const char *cat_reply_class(int first_digit);

/* The one-line gloss of a reply, the same in the annotated transcript,
 * the UI's transcript and wherever a reply is glossed in a line: its basic
 * meaning (the class's, for a code the catalog lacks) and, when its
 * enhanced code says more, that code's title. An X.Y.0 code is a
 * catch-all ("other ...") and adds nothing, so enh_title stays NULL. */
struct cat_gloss {
	const char *meaning;
	const char *enh_title;
};
void cat_reply_gloss(int code, const char *enhanced, struct cat_gloss *g);
/* One sentence on what a first digit tells the client to do; NULL if none. */
const char *cat_reply_class_detail(int first_digit);
/* The category of a basic code's second digit (RFC 5321 §4.2.1):
 * 0 "Syntax", 1 "Information", 2 "Connections", 5 "Mail system". */
const char *cat_reply_category(int second_digit);
/* One sentence on an enhanced class (2, 4, 5) or subject (0..7). */
const char *cat_class_detail(int cls);
const char *cat_subject_detail(int subj);

/* Free-text search over every field of every entry, case-insensitive.
 * The query is split at white space and every word must occur in some
 * field of an entry (a single word: plain substring search). A word shaped
 * like an enhanced code ("5.1.1", "x.7.8") matches that registry entry
 * exactly, and other fields as text; "5.7" or "X.7" matches every entry of
 * that subject. An empty query matches everything.
 * Calls fn for each hit in catalog order; stops early when fn returns
 * non-zero. Returns the number of hits reported. */
enum cat_kind { CAT_CODE, CAT_ENH, CAT_PORT };
struct cat_hit {
	enum cat_kind kind;
	const void *entry;      /* struct cat_code / cat_enh / cat_port */
};
typedef int (*cat_hit_fn)(void *ctx, const struct cat_hit *hit);
size_t cat_search(const char *query, cat_hit_fn fn, void *ctx);

#endif
