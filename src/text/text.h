/* text.h — text arithmetic shared by the command line, the server log, the
 * lessons and the views: UTF-8 decoding, what a terminal may be shown as
 * it is and how the rest is made visible, display width, word wrapping.
 * Plain C over (pointer, length): no curses, no globals, every function
 * unit-tested (tests/test_text.c). The engine (src/smtp) keeps its own
 * small validator so that it stands alone. */
#ifndef TEXT_TEXT_H
#define TEXT_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* --- UTF-8 ---------------------------------------------------------------- */

/* Length of the well-formed UTF-8 sequence at s (n > 0 bytes left), its
 * code point in *cp (cp may be NULL); 0 when s does not start one: a stray
 * continuation byte, an overlong form, a surrogate, a value past
 * U+10FFFF, a sequence cut short. An ASCII byte is a sequence of 1. */
size_t text_utf8_seq(const char *s, size_t n, uint32_t *cp);
/* Decoding that always moves on: text_utf8_seq, except that a byte that
 * starts no sequence yields U+FFFD and 1. */
size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp);
/* Encode cp into out (4 bytes room). Returns the length (0 if invalid). */
size_t text_utf8_encode(uint32_t cp, char *out);
/* Length of the sequence at s when a terminal may be sent it as it is: a
 * well-formed sequence of a code point that is no control (C0, DEL and
 * the C1 controls U+0080..U+009F, which terminals obey as readily as
 * ESC). 0 otherwise, tab included. */
size_t text_printable_seq(const char *s, size_t n);

/* --- making bytes visible ------------------------------------------------- */

/* The longest visible form of one input byte ("\x00", "\xff"), with room
 * for a 4-byte sequence kept as it is. */
enum { TEXT_VISIBLE_MAX = 4 };
/* The visible form of the bytes at s (n > 0): a printable sequence and
 * tab as they are, a control byte as ^X (^? for DEL), NUL as \x00, a byte
 * that is not printable UTF-8 as \xNN. Writes it to out (not
 * NUL-terminated) and its length to *outlen; returns the input bytes
 * used (at least 1). */
size_t text_visible_step(const char *s, size_t n, char out[TEXT_VISIBLE_MAX],
                         size_t *outlen);
/* Write s to f made visible (text_visible_step): every byte that came
 * from outside goes to a terminal this way. */
void text_put_visible(FILE *f, const char *s, size_t n);
/* The same as a malloc'd, NUL-terminated copy (its length in *outlen,
 * which may be NULL). TABS_AS_SPACES turns each tab into one space (for a
 * grid of cells). NULL when memory runs out. */
char *text_visible(const char *s, size_t n, bool tabs_as_spaces, size_t *outlen);

/* --- width ---------------------------------------------------------------- */

/* Columns a code point takes: 0 (combining), 1, or 2 (wide). Outside a
 * UTF-8 locale (the command line never sets one) every one takes 1. */
int text_cp_width(uint32_t cp);
/* Columns the UTF-8 text s takes. */
size_t text_width(const char *s, size_t n);
/* The longest prefix of s that fits in WIDTH columns: returns its byte
 * length and its width in *cols (may be NULL). */
size_t text_fit(const char *s, size_t n, int width, int *cols);

/* --- wrapping ------------------------------------------------------------- */

enum {
	/* Never break inside a reference: not after "RFC" ("RFC 5321") nor
	 * before a section sign ("RFC 5321 §4.2"). */
	TEXT_WRAP_KEEP_REFS = 1 << 0,
};

/* May a row break at the space s[i]? (Any space, unless FLAGS keep it.) */
bool text_wrap_can_break(const char *s, size_t n, size_t i, unsigned flags);

/* The next row of s (n bytes) that fits in WIDTH columns (at least 1).
 * It ends at a '\n', else at the last space where it may break, else
 * inside a word that is wider than the row (never inside a character; at
 * least one character is taken). Returns the row's length without the
 * spaces at its end; *next is where the row after it starts, past those
 * spaces and the '\n'. */
size_t text_wrap_row(const char *s, size_t n, int width, unsigned flags, size_t *next);

/* One display row of a wrapped text: bytes [start, end). */
struct text_seg {
	uint32_t start, end;
};

/* Wrap s into rows of WIDTH columns (text_wrap_row); rows after the first
 * are indented by INDENT columns (the caller draws the indent). Fills at
 * most MAX segments (SEGS may be NULL to count only) and returns the
 * number of rows, at least 1 (an empty text is one empty row). */
size_t text_wrap(const char *s, size_t n, int width, int indent, unsigned flags,
                 struct text_seg *segs, size_t max);
/* The hanging indent text_wrap really uses for WIDTH (narrow rows get
 * less, so that every row keeps room for text). */
int text_wrap_indent(int width, int indent);

#endif
