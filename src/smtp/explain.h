/* explain.h — finding SMTP replies in text: a reply line as a server sent
 * it, a line of a transcript (telnet, swaks), a bounce field
 * (Diagnostic-Code, Status), a reply quoted inside a log line. Pure
 * functions over (pointer, length): the input may hold any bytes,
 * including NUL, and is never read past its length. */
#ifndef SMTP_EXPLAIN_H
#define SMTP_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

enum explain_kind {
	EXPLAIN_NONE,
	EXPLAIN_REPLY,    /* a reply line: "550-5.1.1 text", "<-  250 ok" */
	EXPLAIN_DIAG,     /* "Diagnostic-Code: smtp; 550 5.1.1 text" */
	EXPLAIN_STATUS,   /* "Status: 5.1.1" (a DSN field: enhanced only) */
	EXPLAIN_EMBEDDED, /* inside other text: "... said: 550 5.1.1 text",
	                   * or a log's "dsn=4.4.3" (code 0, enhanced only) */
};

/* An enhanced status code: class 2, 4 or 5 (0: none), subject, detail. */
struct explain_enh {
	int cls;
	int subject;
	int detail;
};

struct explain_found {
	enum explain_kind kind;
	int code;               /* basic code 100..599, 0 when none (Status) */
	bool more;              /* '-' after the code: more lines follow */
	struct explain_enh enh; /* enh.cls == 0 when none */
	size_t text_off;        /* the text after the codes, as an offset */
	size_t text_len;        /* into the line; trailing blanks/CR cut */
};

/* Look for a reply in one line (without its line end). Returns false and
 * kind EXPLAIN_NONE when there is none. */
bool explain_find_reply(const char *line, size_t len, struct explain_found *out);

/* A client command line of a transcript ("EHLO x", " -> RCPT TO:<a@b>",
 * "C: DATA"): true, and the command's offset and length in the line. */
bool explain_find_command(const char *line, size_t len, size_t *off, size_t *cmd_len);

/* A whole token that is a code: a basic code ("550": *code set, enh.cls 0)
 * or an enhanced one ("5.1.1", "X.1.1": enh set, class 'X' given as 0 with
 * *any_class true, *code 0). False for anything else. */
bool explain_parse_token(const char *s, size_t len, int *code,
                         struct explain_enh *enh, bool *any_class);

/* Format an enhanced code as "5.1.1" (cls 0: "X.1.1") into buf. */
void explain_enh_format(const struct explain_enh *e, char *buf, size_t size);

/* A reply to explain: its codes and the lines of its text. */
struct explain_reply {
	int code;                   /* basic code; 0 when only an enhanced one */
	struct explain_enh enh;     /* enh.cls 0 and !enh_any: none */
	bool enh_any;               /* "X.1.1": no class given */
	const char *const *lines;   /* the reply's lines as given (may be NULL) */
	const size_t *lens;
	size_t nlines;
};

enum {
	EXPLAIN_BRIEF = 1 << 0,       /* leave out "Comes from" and "About" */
	EXPLAIN_USUAL_BASIC = 1 << 1, /* name the enhanced code's usual basic codes */
};

/* One labelled paragraph ("Class", "What to do"; an empty label goes on
 * with the paragraph before). TEXT is borrowed for the call. */
typedef void (*explain_say_fn)(void *ctx, const char *label, const char *text);

/* The explanation of one reply, paragraph by paragraph: its class, the
 * basic and the enhanced code, hints from the text's words, the cause and
 * what to do. `smtpsim explain` prints it; the reference search shows it. */
void explain_reply(const struct explain_reply *r, unsigned flags, explain_say_fn say,
                   void *ctx);

#endif
