/* ui_text.h — text arithmetic for the views. UTF-8 decoding, display
 * width, making outside bytes visible and word wrapping are the text
 * module's (src/text/text.h), under the names the views use; the rest is
 * the views' own. Plain C, no curses, so every function here is
 * unit-tested without a terminal. */
#ifndef UI_UI_TEXT_H
#define UI_UI_TEXT_H

#include "text/text.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode one UTF-8 sequence at s (n > 0 bytes). Returns the bytes used
 * (at least 1); an invalid sequence yields U+FFFD and 1. */
size_t ui_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room). Returns the length (0 if invalid). */
size_t ui_utf8_encode(uint32_t cp, char *out);
/* Columns a code point takes: 0 (combining), 1, or 2 (wide). */
int ui_cp_width(uint32_t cp);
/* Columns the UTF-8 text s takes. */
size_t ui_text_width(const char *s, size_t n);

/* A copy of s that is safe to draw: control bytes become ^X (or \x00),
 * invalid UTF-8 becomes \xNN (text_visible), a tab becomes one space.
 * Returns malloc'd text (NUL-terminated, length in *outlen); NULL on
 * allocation failure. */
char *ui_visible(const char *s, size_t n, size_t *outlen);

/* One display row of a wrapped text: bytes [start, end). The text
 * module's struct under the views' name, so that ui_wrap fills it. */
#define ui_seg text_seg

/* Wrap s into rows of WIDTH columns (text_wrap); rows after the first are
 * indented by INDENT columns (the caller draws the indent). Breaks at a
 * space when the row has one, else inside a word. Fills at most MAX
 * segments (SEGS may be NULL to count only) and returns the number of
 * rows, at least 1. */
size_t ui_wrap(const char *s, size_t n, int width, int indent,
               struct ui_seg *segs, size_t max);

/* The hanging indent ui_wrap really uses for WIDTH (narrow rows get
 * less, so that every row keeps room for text). */
int ui_wrap_indent(int width, int indent);

/* The longest prefix of s that fits in WIDTH columns: returns its byte
 * length and its width in *cols (may be NULL). */
size_t ui_fit(const char *s, size_t n, int width, int *cols);

/* Status-line hints: s holds hints separated by two spaces, the most
 * important first ("F1 Help  F4 Ref  F10 back"). Returns the byte length
 * of the leading hints that fit in WIDTH columns, whole ones only (0 when
 * not even the first fits). */
size_t ui_hints_fit(const char *s, int width);

/* The ASCII stand-in for a code point when the locale is not UTF-8:
 * box drawing and our typographic marks get a look-alike, anything else
 * '?'. Always one column. */
char ui_ascii_for(uint32_t cp);

/* Lesson markup: `code` and *emphasis*. Writes the text without the
 * marks to OUT (CAP bytes with the NUL) and one style per byte to STYLE
 * (UI_MK_*). Returns the length written. An unmatched '*' is literal. */
enum { UI_MK_PLAIN = 0, UI_MK_CODE = 1, UI_MK_EMPH = 2 };
size_t ui_markup(const char *in, char *out, unsigned char *style, size_t cap);

/* A growable byte buffer. */
struct ui_buf {
	char *p;
	size_t len, cap;
};
int ui_buf_add(struct ui_buf *b, const char *s, size_t n);
int ui_buf_addf(struct ui_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ui_buf_free(struct ui_buf *b);

#endif
