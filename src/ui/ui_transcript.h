/* ui_transcript.h — the transcript view model: every line of the
 * conversation (kind, hanging indent, visible text) in one growing store,
 * and a scroll position kept as an anchor (line, wrapped row) so that
 * drawing and scrolling cost only the rows on screen, whatever the
 * length of the transcript. No curses. */
#ifndef UI_UI_TRANSCRIPT_H
#define UI_UI_TRANSCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What a line is; the view picks colour and attributes by kind. */
enum ui_tkind {
	UI_T_CLIENT,     /* C: what the learner sent */
	UI_T_S2,         /* S: a 2xx reply line */
	UI_T_S3,
	UI_T_S4,
	UI_T_S5,
	UI_T_EXPLAIN,    /* the dimmed one-line meaning under a reply */
	UI_T_COACH,      /* why this server said it, what is valid next */
	UI_T_MARK,       /* TLS negotiated, connection closed, new connection */
	UI_T_INFO,       /* meta-command output */
	UI_T_DATA_HDR,   /* message text: header section */
	UI_T_DATA_BODY,  /* message text: body */
	UI_T_DECODED,    /* a decoded AUTH answer */
	UI_T_KIND_COUNT
};

struct ui_transcript;

/* One line, borrowed from the store: valid until the next add. */
struct ui_tline {
	const char *text;
	size_t len;
	enum ui_tkind kind;
	int indent;
};

/* One display row: bytes [start, end) of line LINE, its SUB-th wrapped
 * row (sub > 0: a continuation, drawn after the indent). */
struct ui_trow {
	size_t line;
	uint32_t start, end;
	uint32_t sub;
};

struct ui_transcript *ui_transcript_new(void);
void ui_transcript_free(struct ui_transcript *t);

/* Append a line; the text is copied with control bytes made visible, so
 * nothing from outside reaches the terminal raw. Returns 0, -1 when out
 * of memory. */
int ui_transcript_add(struct ui_transcript *t, enum ui_tkind kind, int indent,
                      const char *text, size_t len);
/* printf-style add (the formatted text is made visible too). */
int ui_transcript_addf(struct ui_transcript *t, enum ui_tkind kind, int indent,
                       const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Drop every line and follow the bottom again. */
void ui_transcript_clear(struct ui_transcript *t);

size_t ui_transcript_count(const struct ui_transcript *t);
struct ui_tline ui_transcript_line(const struct ui_transcript *t, size_t i);
/* Bytes held (lines and text), for the memory figures. */
size_t ui_transcript_bytes(const struct ui_transcript *t);

/* The rows a WIDTH x HEIGHT pane shows now, top first, into ROWS (room
 * for HEIGHT). Returns how many (fewer than HEIGHT when the transcript is
 * short; they then start at the top). */
size_t ui_transcript_view(const struct ui_transcript *t, int width, int height,
                          struct ui_trow *rows);
/* Scroll by DELTA rows (negative: towards the start). Scrolling up stops
 * following new output; reaching the bottom follows it again. */
void ui_transcript_scroll(struct ui_transcript *t, long delta, int width, int height);
void ui_transcript_home(struct ui_transcript *t, int width, int height);
void ui_transcript_end(struct ui_transcript *t);
/* True while the view sticks to the bottom (new lines scroll into view). */
bool ui_transcript_following(const struct ui_transcript *t);

#endif
