/* ui_internal.h — what the curses modules of src/ui/ share: the
 * application state, colour roles, the key encoding and the drawing
 * helpers. Only src/ui/ includes curses. */
#ifndef UI_UI_INTERNAL_H
#define UI_UI_INTERNAL_H

#include "ui/ui_edit.h"
#include "ui/ui_layout.h"
#include "ui/ui_play.h"
#include "ui/ui_ref.h"
#include "ui/ui_transcript.h"

#include <curses.h>
#include <stdbool.h>

/* Colour roles: what a thing is, not what colour it has. */
enum ui_role {
	R_NORMAL, R_CLIENT, R_S2, R_S3, R_S4, R_S5, R_EXPLAIN, R_COACH,
	R_MARK, R_INFO, R_DATA_HDR, R_DATA_BODY, R_DECODED,
	R_TITLE, R_LABEL, R_BORDER, R_BORDER_FOCUS, R_STATUS, R_STATUS_KEY,
	R_SELECT, R_ERROR, R_DIM, R_GOOD,
	R_COUNT
};

/* Keys: a code point, or a curses function key with UI_KFN set. */
enum { UI_KFN = 1 << 24 };
#define KF(k) ((k) | UI_KFN)
#define KCTRL(c) ((c) & 0x1f)

enum ui_screen { SCR_MENU, SCR_PLAY, SCR_REF, SCR_LESSONS, SCR_LESSON };
enum ui_focus { FOCUS_CMD, FOCUS_SIDEBAR };

/* What a key handler asks the loop to do. */
enum {
	UI_DIRTY = 1 << 0,     /* redraw */
	UI_RELAYOUT = 1 << 1,  /* the panes changed shape */
	UI_QUIT = 1 << 2,      /* leave the program */
	UI_LEAVE = 1 << 3,     /* leave this screen (q, F10) */
};

/* Where a key is read: each context has its own bindings. */
enum ui_ctx { CTX_ANY, CTX_CMD, CTX_SIDE, CTX_REF, CTX_MENU, CTX_LIST, CTX_LESSON, CTX_COUNT };

enum ui_action {
	ACT_NONE, ACT_HELP, ACT_LESSONS, ACT_PLAY, ACT_REF, ACT_LEAVE, ACT_QUIT, ACT_FOCUS,
	ACT_PAGE_UP, ACT_PAGE_DOWN, ACT_TOP, ACT_BOTTOM, ACT_UP, ACT_DOWN, ACT_WHEEL,
	ACT_SUBMIT, ACT_COMPLETE, ACT_HIST_PREV, ACT_HIST_NEXT,
	ACT_ED_LEFT, ACT_ED_RIGHT, ACT_ED_HOME, ACT_ED_END, ACT_ED_BS, ACT_ED_DEL,
	ACT_ED_KILL_END, ACT_ED_KILL_START, ACT_ED_KILL_WORD,
	ACT_TAB_NEXT, ACT_TAB_PREV, ACT_SEARCH, ACT_CANCEL, ACT_HINT, ACT_SKIP, ACT_RESTART,
	ACT_CONTINUE,
	ACT_STORED,   /* F9: the last accepted message as the mailbox stores it */
};

struct ui_lessons;         /* ui_lesson.c */

struct app {
	enum ui_screen screen;
	enum ui_screen back;      /* where q/F10 returns; SCR_MENU or itself */
	bool direct;              /* started straight in a mode: q/F10 exits */
	bool utf8, color;
	attr_t attr[R_COUNT];
	struct ui_layout lay;
	WINDOW *w_a, *w_b, *w_c, *w_d;  /* the panes of the current screen */
	WINDOW *w_status;
	bool help;                /* the F1 overlay is up */
	char msg[512];            /* one-line message in the status area */
	bool msg_error;

	/* free play */
	bool play_ok;
	struct ui_play play;
	const char *play_profile;
	const char *play_personality;  /* -P */
	char **play_scen;         /* owned array of borrowed names */
	char *const *play_rules;  /* borrowed */
	size_t play_nscen, play_nrules;
	struct ui_edit edit;
	struct ui_compl compl;
	bool show_compl;
	enum ui_focus focus;
	struct ui_ref side;       /* the focused sidebar's list */
	bool side_search;
	int cur_y, cur_x;         /* where the terminal cursor goes */
	WINDOW *cur_win;

	/* reference browser */
	struct ui_ref ref;
	bool ref_search;

	/* menu */
	int menu_sel;
	/* free play from the menu: first a profile, then scenarios */
	enum { PICK_NONE, PICK_PROFILE, PICK_SCENARIOS } pick;
	int pick_sel;
	bool pick_scen[32];

	struct ui_lessons *lessons;
};

/* --- drawing helpers (ui_draw.c) ------------------------------------- */
void ui_draw_init(struct app *a);
/* Draw s (n bytes) at y,x: at most MAXW columns, in ATTR; non-ASCII
 * becomes an ASCII look-alike outside UTF-8 locales. Returns the columns
 * used. Nothing is drawn outside the window. */
int ui_put(struct app *a, WINDOW *w, int y, int x, const char *s, size_t n,
           int maxw, attr_t attr);
int ui_puts(struct app *a, WINDOW *w, int y, int x, const char *s, int maxw,
            attr_t attr);
/* The same, ending in "…" when S is cut to fit MAXW columns. */
int ui_puts_fit(struct app *a, WINDOW *w, int y, int x, const char *s, int maxw,
                attr_t attr);
/* A border with a title (" Transcript "), bold when focused. */
void ui_frame(struct app *a, WINDOW *w, const char *title, bool focused);
/* Text wrapped into rows [*row, maxrow) at column x, WIDTH wide; a LABEL
 * ("Cause") is drawn bold before it. Advances *row. */
void ui_wrapped(struct app *a, WINDOW *w, int *row, int maxrow, int x, int width,
                const char *label, const char *text, attr_t attr);
/* Lesson text with `code` and *emphasis* marks, wrapped like ui_wrapped;
 * a PREFIX ("1) ", "Hint: ") is drawn in ATTR before it and sets the
 * hanging indent. */
void ui_marked(struct app *a, WINDOW *w, int *row, int maxrow, int x, int width,
               const char *prefix, const char *text, attr_t attr);
/* Rows ui_marked would use (for sizing panes). */
int ui_marked_rows(const char *prefix, const char *text, int width);
/* Paragraphs of a catalog entry. */
void ui_draw_paras(struct app *a, WINDOW *w, int *row, int maxrow, int x, int width,
                   const struct ui_para *p, size_t n);
/* A horizontal rule across a framed window at row y (joins the border). */
void ui_hrule(struct app *a, WINDOW *w, int y, const char *title);

/* --- lessons (ui_lesson.c) ------------------------------------------- */
/* Open the lesson list (ID NULL) or lesson ID. 0, or -1 with a message in
 * a->msg. */
int ui_lessons_open(struct app *a, const char *id);
void ui_lessons_layout(struct app *a, int rows, int cols);
void ui_lessons_draw(struct app *a);
/* UI_* flags; UI_LEAVE to go back. */
int ui_lessons_key(struct app *a, int key);
/* "3 of 9 lessons done" for the menu, into buf. */
const char *ui_lessons_summary(struct app *a, char *buf, size_t n);
/* The lessons, one line each for the menu's course overview:
 * "✓  3 The envelope" (✓ done, … in progress). */
size_t ui_lessons_count(struct app *a);
const char *ui_lessons_line(struct app *a, size_t i, char *buf, size_t n);
/* The lesson in progress, for the menu's "Continue" item: false when
 * there is none; else its label ("lesson 12, step 6 — AUTH by hand"). */
bool ui_lessons_continue_label(struct app *a, char *buf, size_t n);
/* Open that lesson where it was left; 0, or -1 when there is none. */
int ui_lessons_continue(struct app *a);
void ui_lessons_free(struct app *a);

/* --- shared by the screens (ui_main.c) ------------------------------- */
/* Switch screens (lays out and redraws). */
void ui_goto(struct app *a, enum ui_screen s);
/* The status line with key hints for the current screen; INFO is the
 * screen's own part (profile, score...). */
void ui_status(struct app *a, const char *info, const char *hints);
/* The sidebar following the last reply (code, enhanced code, why). */
void ui_sidebar_draw(struct app *a, WINDOW *w, int code, const char *enh,
                     int why, bool have_why);
/* The action KEY is bound to in CTX (ACT_NONE if none). */
enum ui_action ui_key_action(enum ui_ctx ctx, int key);
/* A line submitted from the command pane. */
typedef void (*ui_submit_fn)(struct app *a, const char *line, size_t len);
/* The transcript pane with its frame and scroll mark. */
void ui_pane_transcript(struct app *a, WINDOW *w, struct ui_transcript *tr,
                        const char *title);
/* The command pane: what the server expects, then the input line. */
void ui_pane_command(struct app *a, WINDOW *w, const char *title,
                     const char *expects, const char *prompt, bool focused);
/* The command pane's title: PANE and where the session S is, as a trail
 * ("Command · greeted ▸ TLS ▸ hello ▸ AUTH alice ▸ MAIL ▸ RCPT ×2"),
 * its first steps dropped ("…") to fit MAXW columns. */
const char *ui_session_trail(const struct smtp_session *s, const char *pane, char *buf,
                             size_t n, int maxw);
/* The same with its own label before EXPECTS ("step: " in a lesson). */
void ui_pane_command_label(struct app *a, WINDOW *w, const char *title, const char *label,
                           const char *expects, const char *prompt, bool focused);
/* The sidebar: following CONVO's last reply, or browsing when focused. */
void ui_pane_sidebar(struct app *a, WINDOW *w, const struct ui_convo *convo);
/* Keys of a conversation screen (command pane, transcript scrolling,
 * sidebar focus and browsing). DATA: the session takes message text. */
int ui_conversation_key(struct app *a, int key, struct ui_transcript *tr,
                        struct ui_convo *convo, ui_submit_fn submit);
/* Set a one-line status message. */
void ui_message(struct app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif
