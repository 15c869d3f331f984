/* ui_internal.h — what the curses modules of src/ui/ share: the
 * application state, colour roles, the key encoding, the screen
 * interface, the shared panes and the drawing helpers. Only src/ui/
 * includes curses.
 *
 * The shape (htop's): each screen (ui_scr_*.c) keeps its own state and
 * has init/layout/draw/key/free; each shared pane (ui_pane_*.c) draws
 * into the window it is given. Key handlers change state and return
 * UI_* flags; only the main loop (ui_main.c) lays out, switches screens
 * and draws. */
#ifndef UI_UI_INTERNAL_H
#define UI_UI_INTERNAL_H

#include "ui/ui_edit.h"
#include "ui/ui_layout.h"
#include "ui/ui_play.h"
#include "ui/ui_ref.h"
#include "ui/ui_transcript.h"
#include "ui/ui.h"

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
	UI_RELAYOUT = 1 << 1,  /* the panes changed shape: lay them out again */
	UI_QUIT = 1 << 2,      /* leave the program */
	UI_LEAVE = 1 << 3,     /* leave this screen (q, F10) */
	UI_GOTO = 1 << 4,      /* switch to the screen a->go_to (ui_go) */
	UI_ACTION = 1 << 5,    /* run the shared action a->want (ui_want) */
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
	ACT_SCROLL_UP, ACT_SCROLL_DOWN,  /* the reference's entry pane */
};

struct ui_menu;            /* ui_scr_menu.c */
struct ui_free_play;       /* ui_scr_play.c */
struct ui_browser;         /* ui_scr_ref.c */
struct ui_lesson_list;     /* ui_scr_lessons.c */
struct ui_lesson_view;     /* ui_scr_lesson.c */
struct ui_course;          /* ui_course.c */

/* The command pane, shared by free play and the lessons (one input line,
 * one history). */
struct ui_cmd_pane {
	struct ui_edit edit;
	struct ui_compl compl;
	bool show_compl;          /* the candidates replace "next:" */
};

/* The reference sidebar beside a conversation, browsable when focused. */
struct ui_side_pane {
	struct ui_ref ref;        /* its list, when focused */
	bool search;              /* typing a search */
};

struct app {
	enum ui_screen screen;
	enum ui_screen back;      /* where q/F10 returns; SCR_MENU or itself */
	enum ui_screen go_to;     /* with UI_GOTO */
	enum ui_action want;      /* with UI_ACTION */
	bool direct;              /* started straight in a mode: q/F10 exits */
	bool utf8, color;
	attr_t attr[R_COUNT];
	struct ui_layout lay;
	WINDOW *w_a, *w_b, *w_c, *w_d;  /* the panes of the current screen */
	WINDOW *w_status;
	bool help;                /* the F1 overlay is up */
	char msg[512];            /* one-line message in the status area */
	bool msg_error;
	int cur_y, cur_x;         /* where the terminal cursor goes */
	WINDOW *cur_win;

	/* the shared panes of the conversation screens */
	enum ui_focus focus;
	struct ui_cmd_pane cmd;
	struct ui_side_pane side;

	/* each screen's own state (its init allocates it, its free frees it) */
	struct ui_menu *menu;
	struct ui_free_play *play;
	struct ui_browser *ref;
	struct ui_lesson_list *list;
	struct ui_lesson_view *lesson;
	struct ui_course *course;  /* the lessons and the progress, loaded on
	                            * first use (ui_course_get) */
};

/* A screen. The main loop calls these; nothing else does. */
struct ui_screen_ops {
	unsigned help;            /* the key contexts F1 lists, 1 << CTX_* */
	/* Its state, from the options; 0, or -1 when out of memory. */
	int (*init)(struct app *a, const struct ui_opts *o);
	/* NULL, or called as the screen is entered: -1 (with a message set)
	 * keeps the screen that was showing. */
	int (*enter)(struct app *a);
	/* Set a->lay and make the windows (a->w_a...) for ROWS x COLS. */
	void (*layout)(struct app *a, int rows, int cols);
	/* Draw into its windows and the status line; set a->cur_win for the
	 * cursor. */
	void (*draw)(struct app *a);
	/* Take a key: UI_* flags. */
	int (*key)(struct app *a, int key);
	void (*free)(struct app *a);
};

extern const struct ui_screen_ops ui_scr_menu, ui_scr_play, ui_scr_ref, ui_scr_lessons,
	ui_scr_lesson;

/* --- the main loop (ui_main.c) ------------------------------------------ */
/* Ask the loop to switch to screen S: returns UI_GOTO | UI_DIRTY. */
int ui_go(struct app *a, enum ui_screen s);
/* Ask the loop to run a shared action (F2-F4, continue, quit): returns
 * UI_ACTION. */
int ui_want(struct app *a, enum ui_action act);
/* Set a one-line status message. */
void ui_message(struct app *a, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The status line with key hints for the current screen; INFO is the
 * screen's own part (profile, score...). */
void ui_status(struct app *a, const char *info, const char *hints);
/* A window for R, or NULL when R is empty. */
WINDOW *ui_mkwin(const struct ui_rect *r);

/* --- the terminal (ui_term.c) -------------------------------------------- */
/* Take the terminal over: locale, curses, colours, the mouse wheel,
 * signals. -1 and a message in ERR when TERM is unusable. */
int ui_term_open(struct app *a, char *err, size_t errlen);
/* Give it back as it was found (nothing to do when it is gone); then
 * the signal that ended the loop (SIGTERM, SIGHUP...) or 0. */
int ui_term_close(void);
/* True once a SIGTERM/SIGHUP/SIGINT/SIGQUIT came: leave the loop. */
bool ui_term_signalled(void);
/* The next key (UI_KFN set for function keys), or -1 when none came in
 * time; -2 when the terminal is gone. */
int ui_term_read_key(struct app *a);
/* Outside UTF-8: a note about the last key read (0 none, 1 non-ASCII
 * kept, 2 a byte refused, in *BYTE); cleared by reading it. */
int ui_term_note_8bit(unsigned *byte);
/* The mouse wheel: -1 up, 1 down, 0 another mouse event. */
int ui_mouse_wheel(void);

/* --- the key table (ui_keys.c) ------------------------------------------- */
/* The action KEY is bound to in CTX (ACT_NONE if none). */
enum ui_action ui_key_action(enum ui_ctx ctx, int key);
/* The F1 overlay: the bindings of the contexts in MASK (1 << CTX_*). */
void ui_help_draw(struct app *a, unsigned mask);

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

/* --- the transcript pane (ui_pane_transcript.c) ------------------------ */
/* The transcript pane with its frame and scroll mark. */
void ui_pane_transcript(struct app *a, WINDOW *w, struct ui_transcript *tr,
                        const char *title);
/* Scroll TR by a key's action (page, top, bottom, the wheel's WHEEL);
 * false when ACT is none of those. The pane is a->lay.transcript. */
bool ui_transcript_key(struct app *a, struct ui_transcript *tr, enum ui_action act,
                       int wheel);

/* --- the command pane (ui_pane_command.c) -------------------------------- */
void ui_pane_command_init(struct ui_cmd_pane *p);
void ui_pane_command_free(struct ui_cmd_pane *p);
/* The command pane: what the server expects, then the input line. */
void ui_pane_command(struct app *a, WINDOW *w, const char *title,
                     const char *expects, const char *prompt, bool focused);
/* The same with its own label before EXPECTS ("step: " in a lesson). */
void ui_pane_command_label(struct app *a, WINDOW *w, const char *title, const char *label,
                           const char *expects, const char *prompt, bool focused);
/* The command pane's title: PANE and where the session S is, as a trail
 * ("Command · greeted ▸ TLS ▸ hello ▸ AUTH alice ▸ MAIL ▸ RCPT ×2"),
 * its first steps dropped ("…") to fit MAXW columns. */
const char *ui_session_trail(const struct smtp_session *s, const char *pane, char *buf,
                             size_t n, int maxw);
/* A line submitted from the command pane: UI_* flags. */
typedef int (*ui_submit_fn)(struct app *a, const char *line, size_t len);
/* The command pane's editing keys; Enter hands the line to SUBMIT. */
int ui_command_key(struct app *a, int key, enum ui_action act,
                   const struct ui_convo *convo, ui_submit_fn submit);

/* --- the reference sidebar (ui_pane_sidebar.c) --------------------------- */
void ui_pane_sidebar_init(struct ui_side_pane *p);
void ui_pane_sidebar_free(struct ui_side_pane *p);
/* The sidebar following the last reply (code, enhanced code, why). */
void ui_sidebar_draw(struct app *a, WINDOW *w, int code, const char *enh,
                     int why, bool have_why);
/* The sidebar: following CONVO's last reply, or browsing when focused. */
void ui_pane_sidebar(struct app *a, WINDOW *w, const struct ui_convo *convo);
/* Rows of the focused sidebar's list. */
int ui_side_list_rows(struct app *a);
/* The keys of a reference list (the focused sidebar, the browser): moving,
 * tabs, the incremental search while *SEARCHING. LIST_ROWS: its height. */
int ui_ref_list_key(struct ui_ref *r, bool *searching, int key, enum ui_action act,
                    int list_rows);

/* --- a conversation screen (ui_conversation.c) ----------------------------- */
/* Keys of a conversation screen (command pane, transcript scrolling,
 * sidebar focus and browsing); Enter hands the line to SUBMIT. */
int ui_conversation_key(struct app *a, int key, struct ui_transcript *tr,
                        struct ui_convo *convo, ui_submit_fn submit);

/* --- free play (ui_scr_play.c) ------------------------------------------- */
/* Whether free play has started (the menu asks for a server first). */
bool ui_free_play_started(struct app *a);
/* The server (PROFILE) and the scenarios (N NAMES) the next start of
 * free play uses; the names are borrowed. -1 when out of memory. */
void ui_free_play_set_profile(struct app *a, const char *profile);
int ui_free_play_set_scenarios(struct app *a, const char *const *names, size_t n);

/* --- the lessons (ui_course.c, ui_scr_lessons.c, ui_scr_lesson.c) -------- */
/* The course, loaded on first use; NULL when out of memory. */
struct ui_course *ui_course_get(struct app *a);
void ui_course_free(struct app *a);
/* "3 of 9 lessons done" for the menu, into buf. */
const char *ui_lessons_summary(struct app *a, char *buf, size_t n);
/* The lessons, one line each for the menu's course overview:
 * "✓  3 The envelope" (✓ done, … in progress). */
size_t ui_lessons_count(struct app *a);
const char *ui_lessons_line(struct app *a, size_t i, char *buf, size_t n);
/* Ready the lesson list (ID NULL) or open lesson ID: 0, or -1 with a
 * message in a->msg. */
int ui_lessons_open(struct app *a, const char *id);
/* Put the list's selection on lesson I. */
void ui_lessons_select(struct app *a, size_t i);
/* Start lesson I of the course (AFRESH: discard its progress, else
 * resume it): 0, or -1 with a message. */
int ui_lesson_start(struct app *a, size_t i, bool afresh);
/* The lesson in progress, for the menu's "Continue" item: false when
 * there is none; else its label ("lesson 12, step 6 — AUTH by hand"). */
bool ui_lesson_continue_label(struct app *a, char *buf, size_t n);
/* Open that lesson where it was left; 0, or -1 when there is none. */
int ui_lesson_continue(struct app *a);

#endif
