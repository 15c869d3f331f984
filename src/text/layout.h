/* layout.h — plain-text layout for the command line: paragraphs wrapped
 * to a width, labelled paragraphs, tables whose columns share the width.
 * Writes to a FILE (a terminal, a pipe, or a memory stream), never to
 * curses. Text is UTF-8 the program wrote itself (the catalog's); text
 * from outside is made visible before it comes here. References such as
 * "RFC 5321 §4.2" are never broken. */
#ifndef TEXT_LAYOUT_H
#define TEXT_LAYOUT_H

#include <stddef.h>
#include <stdio.h>

/* TEXT wrapped to WIDTH columns, with no indent. */
void text_put_wrapped(FILE *f, int width, const char *text);

/* A labelled paragraph: "  Label       text wrapped under itself", the
 * text starting at column TEXT_LABEL_INDENT + TEXT_LABEL_WIDTH. */
enum { TEXT_LABEL_INDENT = 2, TEXT_LABEL_WIDTH = 12 };
void text_put_para(FILE *f, int width, const char *label, const char *text);

/* --- tables --------------------------------------------------------------- */

enum { TEXT_TABLE_COLS = 6 };

/* One row: a cell per column (borrowed), and room for a number the
 * caller formats for one of them. */
struct text_row {
	const char *cell[TEXT_TABLE_COLS];
	char num[16];
};

/* Column widths W for NCOL columns in AVAIL columns. When everything fits,
 * each column gets its NATURAL width. Otherwise every column first gets
 * its MINW (its longest word, so words are not split) and the room left
 * is shared in proportion to how much each column still lacks. Only when
 * even the longest words do not fit are columns cut evenly, narrow ones
 * keeping their width. */
void text_fit_columns(const size_t *natural, const size_t *minw, size_t ncol,
                      size_t avail, size_t *w);

/* The header HEAD, a rule, and NROWS rows of NCOL (<= TEXT_TABLE_COLS)
 * columns fitted to WIDTH, two spaces apart; cells wrap inside their
 * column (then a blank line parts the rows). No line has trailing
 * blanks. */
void text_put_table(FILE *f, int width, const char *const *head, size_t ncol,
                    const struct text_row *rows, size_t nrows);

#endif
