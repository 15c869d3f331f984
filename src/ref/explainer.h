/* explainer.h — explaining every SMTP reply found in a text: a pasted
 * telnet session, swaks output, a mail log, a bounce. Lines go in one at
 * a time; the lines of a multi-line reply (and a bounce field folded onto
 * indented lines) are gathered into one reply, which is explained with
 * the command it answered and the recipient a bounce names; a pair of
 * codes seen before is pointed back to; a DSN's own fields are said once
 * at the end.
 *
 * It sits beside the catalog rather than in src/smtp because it lays out
 * text (src/text: wrapping, visible bytes) and writes to a FILE; the
 * engine stays free of both. It knows nothing of the command line: the
 * caller opens files and says what went wrong. `smtpsim explain` prints
 * through it to stdout; the UI's reference search can print into a memory
 * stream. Every byte that came from the input goes out made visible. */
#ifndef REF_EXPLAINER_H
#define REF_EXPLAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct ref_explainer;

struct ref_explain_opts {
	FILE *out;         /* where the explanations go (borrowed) */
	int width;         /* columns to wrap to */
	bool verbose;      /* also the background of every code */
	bool numbered;     /* number the replies, name their lines, point a
	                    * pair of codes seen before back to its first */
	bool gap;          /* a blank line before the first reply */
};

/* A new explainer (free with ref_explainer_free); NULL without memory. */
struct ref_explainer *ref_explainer_new(const struct ref_explain_opts *o);
void ref_explainer_free(struct ref_explainer *x);

/* Feed one line (any bytes, without or with its line end) numbered
 * LINE_NO; SKIPPED: bytes of the line the reader did not keep, said when
 * the line is shown. */
void ref_explain_line(struct ref_explainer *x, const char *line, size_t len,
                      size_t line_no, size_t skipped);
/* Explain the reply still being gathered: call it after the last line. */
void ref_explain_finish(struct ref_explainer *x);

/* Read FD to its end, feeding each line (of which the first
 * REF_LINE_KEEP bytes are kept, the rest counted and skipped: memory
 * stays bounded however long a line runs), then finish. Lines are
 * explained as they arrive (a pipe is not read in whole chunks first).
 * Returns 0, or the errno of a failed read or allocation. */
enum { REF_LINE_KEEP = 8192 };
int ref_explain_fd(struct ref_explainer *x, int fd);
/* Explain a text held in memory, line by line, then finish. */
void ref_explain_text(struct ref_explainer *x, const char *s, size_t n);
/* Explain S when the whole of it is one code: a basic code 100..599
 * ("550"), an enhanced one ("5.1.1", "X.7.8"). False (nothing written)
 * for anything else. */
bool ref_explain_code(struct ref_explainer *x, const char *s);

/* Replies explained so far. */
size_t ref_explainer_count(const struct ref_explainer *x);
/* The closing summary: replies by class, then the fields of a delivery
 * status notification when the text was one. */
void ref_explain_summary(const struct ref_explainer *x);

/* Write one line of input to f made visible, cut after REF_SHOW_MAX
 * bytes (on a character boundary) with how many more there were;
 * SKIPPED: bytes after s[n - 1] that were not kept. */
enum { REF_SHOW_MAX = 400 };
void ref_show_line(FILE *f, const char *s, size_t n, size_t skipped);

#endif
