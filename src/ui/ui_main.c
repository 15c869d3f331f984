/* ui_main.c — the full-screen UI: terminal set-up and teardown, the key
 * table, the main loop (the only place that draws), and the screens of
 * free play, the reference browser, the menu and the help overlay. */
#include "smtp/catalog.h"
#include "smtp/personality.h"
#include "ui/ui.h"
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

/* --- signals: nothing draws from a handler ------------------------------ */

static volatile sig_atomic_t g_signal;   /* SIGTERM/SIGHUP/SIGINT seen */
static bool g_hangup;                    /* the terminal is gone */
static struct termios g_tio;             /* the terminal as we found it */
static bool g_tio_ok;
static char g_reset[256];                /* bytes that undo our modes */
static size_t g_reset_len;

static void on_term(int sig)
{
	g_signal = sig;
}

/* A crash: put the terminal back as well as async-signal-safe calls can,
 * then die of the same signal. */
static void on_crash(int sig)
{
	if (g_reset_len) {
		ssize_t w = write(STDOUT_FILENO, g_reset, g_reset_len);
		(void)w;
	}
	if (g_tio_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	if (!s || s == (char *)-1)
		return;
	size_t n = strlen(s);
	if (g_reset_len + n < sizeof g_reset) {
		memcpy(g_reset + g_reset_len, s, n);
		g_reset_len += n;
	}
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;   /* no SA_RESTART: the key read returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
}

/* --- the key table ------------------------------------------------------ */

struct binding {
	enum ui_ctx ctx;
	int key;
	enum ui_action act;
	const char *keys;   /* as the help shows them; NULL: same as above */
	const char *help;
};

/* One table: the loop looks keys up here and the F1 screen lists it, so
 * the help cannot drift from the bindings. */
static const struct binding bindings[] = {
	{ CTX_ANY, KF(KEY_F(1)), ACT_HELP, "F1", "this help" },
	{ CTX_ANY, KF(KEY_F(2)), ACT_LESSONS, "F2", "lessons" },
	{ CTX_ANY, KF(KEY_F(3)), ACT_PLAY, "F3", "free play" },
	{ CTX_ANY, KF(KEY_F(4)), ACT_REF, "F4", "reference" },
	{ CTX_ANY, KF(KEY_F(10)), ACT_LEAVE, "F10", "leave this screen" },
	{ CTX_ANY, KCTRL('c'), ACT_QUIT, "Ctrl-C", "quit smtpsim" },
	{ CTX_ANY, KF(KEY_MOUSE), ACT_WHEEL, "wheel", "scroll" },

	{ CTX_CMD, '\n', ACT_SUBMIT, "Enter", "send the line" },
	{ CTX_CMD, '\t', ACT_COMPLETE, "Tab", "complete verb/address" },
	{ CTX_CMD, KF(KEY_UP), ACT_HIST_PREV, "Up/Down", "history" },
	{ CTX_CMD, KF(KEY_DOWN), ACT_HIST_NEXT, NULL, NULL },
	{ CTX_CMD, KF(KEY_PPAGE), ACT_PAGE_UP, "PgUp/PgDn", "scroll the transcript" },
	{ CTX_CMD, KF(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL },
	{ CTX_CMD, KF(KEY_HOME), ACT_TOP, "Home/End", "transcript top/bottom" },
	{ CTX_CMD, KF(KEY_END), ACT_BOTTOM, NULL, NULL },
	{ CTX_CMD, KF(KEY_F(9)), ACT_STORED, "F9", "the last message as stored" },
	{ CTX_CMD, KF(KEY_BTAB), ACT_FOCUS, "S-Tab, F6", "focus the sidebar" },
	{ CTX_CMD, KF(KEY_F(6)), ACT_FOCUS, NULL, NULL },
	{ CTX_CMD, KCTRL('a'), ACT_ED_HOME, "Ctrl-A/E", "start/end of line" },
	{ CTX_CMD, KCTRL('e'), ACT_ED_END, NULL, NULL },
	{ CTX_CMD, KCTRL('k'), ACT_ED_KILL_END, "Ctrl-K/U", "cut to end/start" },
	{ CTX_CMD, KCTRL('u'), ACT_ED_KILL_START, NULL, NULL },
	{ CTX_CMD, KCTRL('w'), ACT_ED_KILL_WORD, "Ctrl-W", "cut the word before" },
	{ CTX_CMD, KF(KEY_LEFT), ACT_ED_LEFT, "Left/Right", "move in the line" },
	{ CTX_CMD, KF(KEY_RIGHT), ACT_ED_RIGHT, NULL, NULL },
	{ CTX_CMD, KCTRL('b'), ACT_ED_LEFT, NULL, NULL },
	{ CTX_CMD, KCTRL('f'), ACT_ED_RIGHT, NULL, NULL },
	{ CTX_CMD, KF(KEY_BACKSPACE), ACT_ED_BS, NULL, NULL },
	{ CTX_CMD, KF(KEY_DC), ACT_ED_DEL, NULL, NULL },
	{ CTX_CMD, KCTRL('d'), ACT_ED_DEL, NULL, NULL },
	{ CTX_CMD, 27, ACT_CANCEL, "Esc", "clear the message" },
	{ CTX_CMD, KCTRL('l'), ACT_CANCEL, NULL, NULL },

	{ CTX_SIDE, KF(KEY_UP), ACT_UP, "Up/Down", "choose an entry" },
	{ CTX_SIDE, KF(KEY_DOWN), ACT_DOWN, NULL, NULL },
	{ CTX_SIDE, KF(KEY_PPAGE), ACT_PAGE_UP, "PgUp/PgDn", "page the list" },
	{ CTX_SIDE, KF(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL },
	{ CTX_SIDE, KF(KEY_RIGHT), ACT_TAB_NEXT, "Left/Right", "Codes/Enhanced/Ports" },
	{ CTX_SIDE, KF(KEY_LEFT), ACT_TAB_PREV, NULL, NULL },
	{ CTX_SIDE, '/', ACT_SEARCH, "/", "search the catalog" },
	{ CTX_SIDE, 27, ACT_CANCEL, "Esc", "end the search" },
	{ CTX_SIDE, KF(KEY_BTAB), ACT_FOCUS, "S-Tab, F6", "back to the command" },
	{ CTX_SIDE, KF(KEY_F(6)), ACT_FOCUS, NULL, NULL },
	{ CTX_SIDE, '\t', ACT_FOCUS, NULL, NULL },

	{ CTX_REF, KF(KEY_UP), ACT_UP, "Up/Down", "choose an entry" },
	{ CTX_REF, KF(KEY_DOWN), ACT_DOWN, NULL, NULL },
	{ CTX_REF, 'k', ACT_UP, NULL, NULL },
	{ CTX_REF, 'j', ACT_DOWN, NULL, NULL },
	{ CTX_REF, KF(KEY_PPAGE), ACT_PAGE_UP, "PgUp/PgDn", "page the list" },
	{ CTX_REF, KF(KEY_NPAGE), ACT_PAGE_DOWN, NULL, NULL },
	{ CTX_REF, KF(KEY_HOME), ACT_TOP, "Home/End", "first/last entry" },
	{ CTX_REF, KF(KEY_END), ACT_BOTTOM, NULL, NULL },
	{ CTX_REF, '\t', ACT_TAB_NEXT, "Tab, Left/Right", "All/Codes/Enhanced/Ports" },
	{ CTX_REF, KF(KEY_BTAB), ACT_TAB_PREV, NULL, NULL },
	{ CTX_REF, KF(KEY_RIGHT), ACT_TAB_NEXT, NULL, NULL },
	{ CTX_REF, KF(KEY_LEFT), ACT_TAB_PREV, NULL, NULL },
	{ CTX_REF, '/', ACT_SEARCH, "/, 0-9", "search; a digit jumps to a code" },
	{ CTX_REF, 27, ACT_CANCEL, "Esc", "clear the search" },
	{ CTX_REF, 'q', ACT_LEAVE, "q", "leave the reference" },

	{ CTX_MENU, KF(KEY_UP), ACT_UP, "Up/Down", "choose" },
	{ CTX_MENU, KF(KEY_DOWN), ACT_DOWN, NULL, NULL },
	{ CTX_MENU, 'k', ACT_UP, NULL, NULL },
	{ CTX_MENU, 'j', ACT_DOWN, NULL, NULL },
	{ CTX_MENU, '\n', ACT_SUBMIT, "Enter", "open" },
	{ CTX_MENU, 'c', ACT_CONTINUE, "c", "continue the lesson in progress" },
	{ CTX_MENU, 'l', ACT_LESSONS, "l/p/r", "lessons/play/reference" },
	{ CTX_MENU, 'p', ACT_PLAY, NULL, NULL },
	{ CTX_MENU, 'r', ACT_REF, NULL, NULL },
	{ CTX_MENU, 'q', ACT_QUIT, "q", "quit" },

	{ CTX_LIST, KF(KEY_UP), ACT_UP, "Up/Down", "choose a lesson" },
	{ CTX_LIST, KF(KEY_DOWN), ACT_DOWN, NULL, NULL },
	{ CTX_LIST, 'k', ACT_UP, NULL, NULL },
	{ CTX_LIST, 'j', ACT_DOWN, NULL, NULL },
	{ CTX_LIST, '\n', ACT_SUBMIT, "Enter", "start or resume" },
	{ CTX_LIST, 'r', ACT_RESTART, "r", "start afresh" },
	{ CTX_LIST, 'q', ACT_LEAVE, "q", "back" },

	{ CTX_LESSON, KF(KEY_F(5)), ACT_HINT, "F5", "a hint (costs points)" },
	{ CTX_LESSON, KF(KEY_F(7)), ACT_RESTART, "F7", "set the step up again (:restart)" },
	{ CTX_LESSON, KF(KEY_F(8)), ACT_SKIP, "F8", "skip the step (0 points)" },
	{ CTX_LESSON, KF(KEY_SR), ACT_UP, "S-Up/Down", "scroll the lesson pane" },
	{ CTX_LESSON, KF(KEY_SF), ACT_DOWN, NULL, NULL },
	{ CTX_LESSON, KCTRL('p'), ACT_UP, "Ctrl-P/N", "the same, any terminal" },
	{ CTX_LESSON, KCTRL('n'), ACT_DOWN, NULL, NULL },
};

enum ui_action ui_key_action(enum ui_ctx ctx, int key)
{
	for (size_t i = 0; i < sizeof bindings / sizeof *bindings; i++)
		if (bindings[i].ctx == ctx && bindings[i].key == key)
			return bindings[i].act;
	return ACT_NONE;
}

/* --- the application ------------------------------------------------- */

static struct app A;

void ui_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

static void del_windows(struct app *a)
{
	WINDOW **ws[] = { &a->w_a, &a->w_b, &a->w_c, &a->w_d, &a->w_status };
	for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
		if (*ws[i]) {
			delwin(*ws[i]);
			*ws[i] = NULL;
		}
}

static WINDOW *mkwin(const struct ui_rect *r)
{
	if (r->h <= 0 || r->w <= 0)
		return NULL;
	WINDOW *w = newwin(r->h, r->w, r->y, r->x);
	if (w)
		leaveok(w, FALSE);
	return w;
}

/* Each screen lays out its panes, draws them and takes keys; the main
 * loop picks the screen (the table is at the end of the screens). */
struct screen_ops {
	void (*layout)(struct app *a, int rows, int cols);
	void (*draw)(struct app *a);
	int (*key)(struct app *a, int key);   /* UI_* flags */
};
static const struct screen_ops *screen_of(enum ui_screen s);

static void layout(struct app *a)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	del_windows(a);
	/* New panes need not cover the old ones (the menu box leaves a margin):
	 * a blank stdscr, refreshed first in the next frame, wipes what the
	 * last screen left there. */
	werase(stdscr);
	screen_of(a->screen)->layout(a, rows, cols);
	if (!a->lay.too_small)
		a->w_status = mkwin(&a->lay.status);
}

void ui_status(struct app *a, const char *info, const char *hints)
{
	WINDOW *w = a->w_status;
	if (!w)
		return;
	int wd = getmaxx(w);
	wbkgdset(w, ' ' | a->attr[R_STATUS]);
	werase(w);
	int x = 0;
	x += ui_puts(a, w, 0, x, " ", wd - x, a->attr[R_STATUS]);
	if (info && *info)
		x += ui_puts(a, w, 0, x, info, wd - x, a->attr[R_STATUS_KEY]);
	if (a->msg[0]) {
		x += ui_puts(a, w, 0, x, "  ", wd - x, a->attr[R_STATUS]);
		ui_puts(a, w, 0, x, a->msg, wd - x,
		        a->msg_error ? a->attr[R_ERROR] | A_REVERSE : a->attr[R_STATUS]);
		return;
	}
	if (hints) {
		/* whole hints only: the least important go first */
		size_t n = ui_hints_fit(hints, wd - x - 3);
		int hw = (int)ui_text_width(hints, n);
		ui_put(a, w, 0, wd - hw - 1, hints, n, hw, a->attr[R_STATUS]);
	}
}

/* --- the transcript and command panes -------------------------------- */

static attr_t kind_attr(struct app *a, enum ui_tkind k)
{
	static const enum ui_role map[UI_T_KIND_COUNT] = {
		[UI_T_CLIENT] = R_CLIENT, [UI_T_S2] = R_S2, [UI_T_S3] = R_S3,
		[UI_T_S4] = R_S4, [UI_T_S5] = R_S5, [UI_T_EXPLAIN] = R_EXPLAIN,
		[UI_T_COACH] = R_COACH, [UI_T_MARK] = R_MARK, [UI_T_INFO] = R_INFO,
		[UI_T_DATA_HDR] = R_DATA_HDR, [UI_T_DATA_BODY] = R_DATA_BODY,
		[UI_T_DECODED] = R_DECODED,
	};
	return a->attr[k < UI_T_KIND_COUNT ? map[k] : R_NORMAL];
}

enum { ROWS_MAX = 1024 };

void ui_pane_transcript(struct app *a, WINDOW *w, struct ui_transcript *tr,
                        const char *title)
{
	static struct ui_trow rows[ROWS_MAX];
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	char t[160];
	if (ui_transcript_following(tr))
		snprintf(t, sizeof t, "%s", title);
	else
		snprintf(t, sizeof t, "%s \u00b7 scrolled back \u2014 End: latest", title);
	ui_frame(a, w, t, false);
	int ih = h - 2 < ROWS_MAX ? h - 2 : ROWS_MAX, iw = wd - 2;
	size_t n = ui_transcript_view(tr, iw, ih, rows);
	for (size_t i = 0; i < n; i++) {
		struct ui_tline l = ui_transcript_line(tr, rows[i].line);
		int ind = rows[i].sub ? ui_wrap_indent(iw, l.indent) : 0;
		ui_put(a, w, 1 + (int)i, 1 + ind, l.text + rows[i].start,
		       rows[i].end - rows[i].start, iw - ind, kind_attr(a, l.kind));
	}
}

/* The command pane: row 1 says what the server expects now (or lists
 * the completion candidates), row 2 is the input line after PROMPT. */
void ui_pane_command(struct app *a, WINDOW *w, const char *title,
                     const char *expects, const char *prompt, bool focused)
{
	ui_pane_command_label(a, w, title, UI_NEXT_LABEL, expects, prompt, focused);
}

void ui_pane_command_label(struct app *a, WINDOW *w, const char *title, const char *label,
                           const char *expects, const char *prompt, bool focused)
{
	int wd = getmaxx(w);
	werase(w);
	ui_frame(a, w, title, focused);
	int iw = wd - 2;
	if (a->show_compl && a->compl.n > 1) {
		int x = 1;
		x += ui_puts(a, w, 1, x, "Tab: ", iw, a->attr[R_DIM]);
		size_t shown = a->compl.n < UI_COMPL_MAX ? a->compl.n : UI_COMPL_MAX;
		for (size_t i = 0; i < shown; i++) {
			/* a candidate that does not fit whole is left out, and the
			 * cut list ends in an ellipsis */
			int cw = (int)ui_text_width(a->compl.cand[i], strlen(a->compl.cand[i]));
			bool last = i + 1 == shown && a->compl.n <= UI_COMPL_MAX;
			if (x + cw + (last ? 0 : 3) > iw + 1) {
				ui_puts(a, w, 1, x, "\u2026", iw - x + 1, a->attr[R_DIM]);
				break;
			}
			x += ui_puts(a, w, 1, x, a->compl.cand[i], iw - x + 1, a->attr[R_LABEL]);
			x += ui_puts(a, w, 1, x, "  ", iw - x + 1, A_NORMAL);
		}
	} else if (expects && *expects) {
		int x = 1 + ui_puts(a, w, 1, 1, label, iw, a->attr[R_DIM]);
		ui_puts(a, w, 1, x, expects, iw - x + 1, a->attr[R_LABEL]);
	}
	int pw = ui_puts(a, w, 2, 1, prompt, iw, a->attr[R_TITLE]);
	size_t start;
	int col;
	ui_edit_view(&a->edit, iw - pw, &start, &col);
	ui_put(a, w, 2, 1 + pw, a->edit.buf + start, a->edit.len - start, iw - pw,
	       a->attr[R_NORMAL]);
	a->cur_win = w;
	a->cur_y = 2;
	a->cur_x = 1 + pw + col;
}

static void sidebar_intro(struct app *a, WINDOW *w, int *row, int maxrow, int iw)
{
	ui_wrapped(a, w, row, maxrow, 1, iw, NULL,
	           "Each reply the server gives is looked up here: its meaning, the "
	           "usual cause and what to do.", a->attr[R_NORMAL]);
	(*row)++;
	ui_wrapped(a, w, row, maxrow, 1, iw, NULL,
	           "Try: EHLO client.example.org, MAIL FROM:<you@example.org>, "
	           "RCPT TO:<alice@example.com>, DATA, a few lines, \".\", QUIT.",
	           a->attr[R_DIM]);
}

void ui_sidebar_draw(struct app *a, WINDOW *w, int code, const char *enh,
                     int why, bool have_why)
{
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "Reference", false);
	int iw = wd - 2, row = 1, maxrow = h - 2;
	const struct cat_code *cc = code ? cat_code_find(code) : NULL;
	if (!cc) {
		sidebar_intro(a, w, &row, maxrow, iw);
	} else {
		struct ui_para p[UI_PARA_MAX];
		struct ui_ref_item it = { CAT_CODE, cc, NULL };
		size_t n = ui_ref_paras(&it, p);
		const struct ui_para *body = NULL;
		ui_draw_paras(a, w, &row, maxrow, 1, iw, p, 1);
		/* a reason the engine gave is the advice that fits this reply;
		 * the code's generic cause and advice (written for its usual
		 * case) would contradict it, e.g. MAIL FROM syntax for an AUTH
		 * 501 */
		bool specific = have_why && code >= 400 && why != (int)SMTP_WHY_OK;
		if (specific)
			ui_wrapped(a, w, &row, maxrow, 1, iw, "Why here",
			           smtp_why_text((enum smtp_why)why), a->attr[R_COACH]);
		for (size_t i = 1; i < n; i++) {
			if (p[i].role == UI_PARA_BODY) {
				body = &p[i];
				continue;
			}
			if (!strcmp(p[i].label, "Answers") || !strcmp(p[i].label, "Where"))
				continue;
			if (specific && (!strcmp(p[i].label, "Cause") ||
			                 !strcmp(p[i].label, "What to do")))
				continue;
			ui_draw_paras(a, w, &row, maxrow, 1, iw, &p[i], 1);
		}
		const struct cat_enh *ce = enh && *enh ? cat_enh_find(enh) : NULL;
		if (ce && row < maxrow - 1) {
			row++;
			char t[160];
			snprintf(t, sizeof t, "%s  %s", enh, ce->title);
			ui_wrapped(a, w, &row, maxrow, 1, iw, NULL, t, a->attr[R_TITLE]);
			ui_wrapped(a, w, &row, maxrow, 1, iw, NULL, ce->meaning, a->attr[R_NORMAL]);
		}
		for (size_t i = 1; i < n; i++)
			if (p[i].role == UI_PARA_FIELD && !strcmp(p[i].label, "Where"))
				ui_draw_paras(a, w, &row, maxrow, 1, iw, &p[i], 1);
		if (body && row < maxrow - 1) {
			row++;
			ui_wrapped(a, w, &row, maxrow, 1, iw, NULL, body->text, a->attr[R_DIM]);
		}
	}
	ui_puts(a, w, h - 2, 1, "[Codes] [Enhanced] [Ports]", iw, a->attr[R_DIM]);
	ui_puts(a, w, h - 1, 2, " S-Tab: browse ", iw - 2, a->attr[R_BORDER]);
}

/* The focused sidebar: tabs, the list, and the selected entry. */
static int side_list_rows(struct app *a)
{
	int ih = a->lay.sidebar.h - 2;
	int l = (ih - 3) * 2 / 5;
	return l < 3 ? 3 : l;
}

static void draw_side_browse(struct app *a, WINDOW *w)
{
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "Reference \u00b7 browse", true);
	int iw = wd - 2, x = 1;
	for (int t = UI_REF_CODES; t < UI_REF_TAB_COUNT; t++) {
		const char *name = ui_ref_tab_name((enum ui_ref_tab)t);
		attr_t at = t == (int)a->side.tab ? a->attr[R_SELECT] | A_BOLD : a->attr[R_DIM];
		x += ui_puts(a, w, 1, x, name, iw - x + 1, at);
		x += ui_puts(a, w, 1, x, " ", iw - x + 1, A_NORMAL);
	}
	if (a->side_search || a->side.query[0]) {
		int px = 1 + ui_puts(a, w, 2, 1, "/", iw, a->attr[R_LABEL]);
		ui_puts(a, w, 2, px, a->side.query, iw - 1, a->attr[R_NORMAL]);
		if (a->side_search) {
			a->cur_win = w;
			a->cur_y = 2;
			a->cur_x = px + (int)ui_text_width(a->side.query, strlen(a->side.query));
		}
	} else {
		ui_puts(a, w, 2, 1, "/ search  \u2190\u2192 tabs", iw, a->attr[R_DIM]);
	}
	int lr = side_list_rows(a);
	char buf[160];
	if (!a->side.n)
		ui_puts(a, w, 3, 1, "no match", iw, a->attr[R_DIM]);
	for (int i = 0; i < lr && a->side.top + (size_t)i < a->side.n; i++) {
		size_t k = a->side.top + (size_t)i;
		ui_ref_label(&a->side.v[k], buf, sizeof buf);
		attr_t at = k == a->side.sel ? a->attr[R_SELECT] : a->attr[R_NORMAL];
		if (k == a->side.sel)
			mvwhline(w, 3 + i, 1, ' ' | at, iw);
		ui_puts_fit(a, w, 3 + i, 1, buf, iw, at);
	}
	int y = 3 + lr;
	ui_hrule(a, w, y, NULL);
	const struct ui_ref_item *it = ui_ref_selected(&a->side);
	if (it) {
		struct ui_para p[UI_PARA_MAX];
		size_t n = ui_ref_paras(it, p);
		int row = y + 1;
		ui_draw_paras(a, w, &row, h - 1, 1, iw, p, n);
	}
}

void ui_pane_sidebar(struct app *a, WINDOW *w, const struct ui_convo *convo)
{
	if (a->focus == FOCUS_SIDEBAR)
		draw_side_browse(a, w);
	else
		ui_sidebar_draw(a, w, convo->last_code, convo->last_enh,
		                (int)convo->last_why, true);
}

/* --- free play ----------------------------------------------------------- */

static int play_start(struct app *a)
{
	char err[256];
	if (a->play_ok)
		return 0;
	if (ui_play_init(&a->play, a->play_profile, a->play_scen, a->play_nscen,
	                 a->play_rules, a->play_nrules, err, sizeof err) < 0) {
		ui_message(a, true, "%s", err);
		return -1;
	}
	if (a->play_personality &&
	    ui_play_set_personality(&a->play, a->play_personality, err, sizeof err) < 0) {
		ui_play_free(&a->play);
		ui_message(a, true, "%s", err);
		return -1;
	}
	a->play_ok = true;
	const char *pre = getenv("SMTPSIM_UI_PREFILL");
	long n = pre ? strtol(pre, NULL, 10) : 0;
	for (long i = 0; i < n; i++) {
		switch (i % 4) {
		case 0:
			ui_transcript_addf(a->play.tr, UI_T_CLIENT, 3,
			                   "C: RCPT TO:<user%ld@example.com>", i);
			break;
		case 1:
			ui_transcript_addf(a->play.tr, UI_T_S2, 3, "S: 250 2.1.5 Ok");
			break;
		case 2:
			ui_transcript_addf(a->play.tr, UI_T_EXPLAIN, 5,
			                   "   \u21b3 Requested mail action okay, completed \u00b7 "
			                   "2.1.5 Destination address valid");
			break;
		default:
			ui_transcript_addf(a->play.tr, UI_T_S5, 3,
			                   "S: 550 5.1.1 <user%ld@example.com>: Recipient address "
			                   "rejected: User unknown in virtual mailbox table", i);
		}
	}
	return 0;
}

static void play_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_PLAY, rows, cols, 0);
	if (a->lay.too_small)
		return;
	a->w_a = mkwin(&a->lay.transcript);
	a->w_b = mkwin(&a->lay.command);
	a->w_c = mkwin(&a->lay.sidebar);
}

const char *ui_session_trail(const struct smtp_session *s, const char *pane, char *buf,
                             size_t n, int maxw)
{
	const char *sep = " \u25b8 ";
	char parts[8][80];
	int np = 0;
	if (!s || smtp_session_closed(s)) {
		snprintf(buf, n, "%s \u00b7 closed", pane);
		return buf;
	}
	enum smtp_state st = smtp_session_state(s);
	snprintf(parts[np++], sizeof parts[0], "%s", st == SMTP_STATE_BLOCKED ? "refused"
	                                            : st == SMTP_STATE_INIT ? "connecting"
	                                            : "greeted");
	if (smtp_session_tls(s))
		snprintf(parts[np++], sizeof parts[0], "TLS");
	if (st >= SMTP_STATE_READY && st != SMTP_STATE_BLOCKED && st != SMTP_STATE_CLOSED)
		snprintf(parts[np++], sizeof parts[0], "hello");
	const char *user = smtp_session_auth_user(s);
	if (user) {
		/* the local part is enough to recognise the account */
		const char *at = strchr(user, '@');
		int len = at ? (int)(at - user) : (int)strlen(user);
		char *vis = ui_visible(user, (size_t)(len > 40 ? 40 : len), NULL);
		snprintf(parts[np++], sizeof parts[0], "AUTH %s", vis ? vis : "");
		free(vis);
	}
	if (st == SMTP_STATE_AUTH)
		snprintf(parts[np++], sizeof parts[0], "AUTH \u2026334");
	if (st == SMTP_STATE_MAIL || st == SMTP_STATE_RCPT || st == SMTP_STATE_DATA ||
	    st == SMTP_STATE_BDAT)
		snprintf(parts[np++], sizeof parts[0], "MAIL");
	size_t rc = smtp_session_rcpt_count(s);
	if (rc && (st == SMTP_STATE_RCPT || st == SMTP_STATE_DATA || st == SMTP_STATE_BDAT))
		snprintf(parts[np++], sizeof parts[0], rc == 1 ? "RCPT" : "RCPT \u00d7%zu", rc);
	if (st == SMTP_STATE_DATA)
		snprintf(parts[np++], sizeof parts[0], "DATA");
	if (st == SMTP_STATE_BDAT)
		snprintf(parts[np++], sizeof parts[0], "BDAT %llu left",
		         (unsigned long long)smtp_session_chunk_left(s));
	/* the latest steps matter most: drop the first ones when narrow */
	for (int from = 0; from < np; from++) {
		size_t len = (size_t)snprintf(buf, n, "%s \u00b7 %s", pane,
		                              from ? "\u2026 \u25b8 " : "");
		for (int i = from; i < np && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", i > from ? sep : "",
			                        parts[i]);
		if ((int)ui_text_width(buf, strlen(buf)) <= maxw)
			return buf;
	}
	snprintf(buf, n, "%s", pane);
	return buf;
}

static void draw_play(struct app *a)
{
	struct ui_play *p = &a->play;
	ui_edit_set_extra_addresses(&a->edit, NULL);   /* a lesson's are its own */
	ui_pane_transcript(a, a->w_a, p->tr, "Transcript");
	ui_pane_sidebar(a, a->w_c, &p->convo);
	bool data = p->convo.in_data;
	char title[256];
	ui_session_trail(p->sess, data ? "Message text" : "Command", title, sizeof title,
	                 getmaxx(a->w_b) - 6);
	ui_pane_command(a, a->w_b, title, ui_play_expects(p),
	             data ? (p->convo.in_body ? "body> " : "header> ") : "> ",
	             a->focus == FOCUS_CMD);
	if (a->focus == FOCUS_SIDEBAR) {
		/* the cursor stays in the sidebar's search field, or hides */
		if (!a->side_search)
			a->cur_win = NULL;
		else
			a->cur_win = a->w_c;
	}
	const struct smtp_profile *pr = smtp_server_profile(p->srv);
	const char *user = p->sess ? smtp_session_auth_user(p->sess) : NULL;
	char scen[160], info[320];
	if (a->msg[0])   /* a message needs the room */
		snprintf(info, sizeof info, "%s:%d", pr->name, pr->port);
	else
		snprintf(info, sizeof info, "%s:%d%s%s \u2502 TLS %s \u2502 AUTH %s \u2502 scenarios: %s",
		         pr->name, pr->port,
		         strcmp(smtp_server_personality(p->srv), "smtpsim") ? " as " : "",
		         strcmp(smtp_server_personality(p->srv), "smtpsim")
		         ? smtp_server_personality(p->srv) : "",
		         p->sess && smtp_session_tls(p->sess) ? "on" : "off",
		         user ? user : "-", ui_play_scenarios(p, scen, sizeof scen));
	ui_status(a, info, "F1 Help  F4 Ref  F10 back");
}

static int transcript_h(struct app *a)
{
	return a->lay.transcript.h - 2;
}

static int transcript_w(struct app *a)
{
	return a->lay.transcript.w - 2;
}

/* Keys that scroll a transcript pane (shared with the lesson mode). */
static bool scroll_key(struct app *a, struct ui_transcript *tr, enum ui_action act,
                       int wheel)
{
	int h = transcript_h(a), w = transcript_w(a);
	switch (act) {
	case ACT_PAGE_UP:
		ui_transcript_scroll(tr, -(h > 2 ? h - 1 : 1), w, h);
		return true;
	case ACT_PAGE_DOWN:
		ui_transcript_scroll(tr, h > 2 ? h - 1 : 1, w, h);
		return true;
	case ACT_TOP:
		ui_transcript_home(tr, w, h);
		return true;
	case ACT_BOTTOM:
		ui_transcript_end(tr);
		return true;
	case ACT_WHEEL:
		if (wheel)
			ui_transcript_scroll(tr, wheel * 3, w, h);
		return wheel != 0;
	default:
		return false;
	}
}

static int mouse_wheel(void)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		return -1;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return 1;
#endif
	return 0;
}

static const char *const *profile_names(void)
{
	static const char *names[16];
	size_t n = smtp_profile_count();
	if (n > 15)
		n = 15;
	for (size_t i = 0; i < n; i++)
		names[i] = smtp_profile_at(i)->name;
	names[n] = NULL;
	return names;
}

static const char *const *scenario_names(void)
{
	static const char *names[64];
	size_t n = smtp_scenario_count();
	if (n > 63)
		n = 63;
	for (size_t i = 0; i < n; i++)
		names[i] = smtp_scenario_at(i)->name;
	names[n] = NULL;
	return names;
}

/* The command pane's editing keys; SUBMIT calls back with the line. */
static int command_key(struct app *a, int key, enum ui_action act,
                       const struct ui_convo *convo, ui_submit_fn submit)
{
	struct ui_edit *e = &a->edit;
	enum ui_edit_op op;
	a->show_compl = false;
	switch (act) {
	case ACT_SUBMIT: {
		char line[UI_EDIT_MAX + 1];
		size_t len = e->len;
		memcpy(line, e->buf, len + 1);
		ui_edit_commit(e);
		submit(a, line, len);
		return UI_DIRTY;
	}
	case ACT_COMPLETE: {
		struct ui_compl_src src = { smtp_known_addresses(), profile_names(),
		                            scenario_names(), convo->in_data,
		                            convo->last_code == 334 && !convo->closed };
		ui_edit_complete(e, &src, &a->compl);
		a->show_compl = a->compl.n > 1;
		if (!a->compl.n)
			ui_message(a, false, "nothing to complete here");
		return UI_DIRTY;
	}
	case ACT_HIST_PREV: op = UI_ED_HIST_PREV; break;
	case ACT_HIST_NEXT: op = UI_ED_HIST_NEXT; break;
	case ACT_ED_LEFT: op = UI_ED_LEFT; break;
	case ACT_ED_RIGHT: op = UI_ED_RIGHT; break;
	case ACT_ED_HOME: op = UI_ED_HOME; break;
	case ACT_ED_END: op = UI_ED_END; break;
	case ACT_ED_BS: op = UI_ED_BACKSPACE; break;
	case ACT_ED_DEL: op = UI_ED_DELETE; break;
	case ACT_ED_KILL_END: op = UI_ED_KILL_END; break;
	case ACT_ED_KILL_START: op = UI_ED_KILL_START; break;
	case ACT_ED_KILL_WORD: op = UI_ED_KILL_WORD; break;
	case ACT_CANCEL:
		a->msg[0] = '\0';
		return UI_DIRTY;
	case ACT_NONE:
		if (!(key & UI_KFN) && key >= 0x20 && ui_edit_insert(e, (uint32_t)key))
			return UI_DIRTY;
		return 0;
	default:
		return 0;
	}
	ui_edit_op(e, op);
	return UI_DIRTY;
}

static void play_submit(struct app *a, const char *line, size_t len)
{
	a->msg[0] = '\0';
	ui_play_line(&a->play, line, len);
	if (a->play.input[0]) {   /* :plain, :b64 after a 334 */
		ui_edit_set(&a->edit, a->play.input);
		a->play.input[0] = '\0';
	}
	if (a->play.msg[0])
		ui_message(a, a->play.msg_error, "%s", a->play.msg);
	ui_transcript_end(a->play.tr);
}

static int side_key(struct app *a, struct ui_ref *r, bool *searching, int key,
                    enum ui_action act, int list_rows)
{
	(void)a;
	if (*searching) {
		char q[UI_REF_QUERY_MAX];
		size_t n = strlen(r->query);
		if (key == '\n' || key == KF(KEY_DOWN) || key == KF(KEY_UP)) {
			*searching = false;
			if (key == '\n')
				return UI_DIRTY;
		} else if (key == 27) {
			*searching = false;
			ui_ref_set_query(r, "");
			return UI_DIRTY;
		} else if (key == KF(KEY_BACKSPACE)) {
			if (!n) {
				*searching = false;
				return UI_DIRTY;
			}
			memcpy(q, r->query, n + 1);
			while (n > 0 && ((unsigned char)q[n - 1] & 0xc0) == 0x80)
				n--;
			if (n)
				n--;
			q[n] = '\0';
			ui_ref_set_query(r, q);
			return UI_DIRTY;
		} else if (!(key & UI_KFN) && key >= 0x20 && key != 0x7f &&
		           !(key >= 0x80 && key < 0xa0)) {
			char u[4];
			size_t l = ui_utf8_encode((uint32_t)key, u);
			if (l && n + l < sizeof q) {
				memcpy(q, r->query, n);
				memcpy(q + n, u, l);
				q[n + l] = '\0';
				ui_ref_set_query(r, q);
			}
			return UI_DIRTY;
		} else if (act == ACT_NONE) {
			return 0;
		}
	}
	switch (act) {
	case ACT_UP: ui_ref_move(r, -1, list_rows); return UI_DIRTY;
	case ACT_DOWN: ui_ref_move(r, 1, list_rows); return UI_DIRTY;
	case ACT_PAGE_UP: ui_ref_move(r, -(list_rows - 1), list_rows); return UI_DIRTY;
	case ACT_PAGE_DOWN: ui_ref_move(r, list_rows - 1, list_rows); return UI_DIRTY;
	case ACT_TOP: ui_ref_move(r, -(long)r->n, list_rows); return UI_DIRTY;
	case ACT_BOTTOM: ui_ref_move(r, (long)r->n, list_rows); return UI_DIRTY;
	case ACT_TAB_NEXT: ui_ref_next_tab(r, 1); return UI_DIRTY;
	case ACT_TAB_PREV: ui_ref_next_tab(r, -1); return UI_DIRTY;
	case ACT_SEARCH:
		*searching = true;
		ui_ref_set_query(r, "");
		return UI_DIRTY;
	case ACT_CANCEL:
		*searching = false;
		ui_ref_set_query(r, "");
		return UI_DIRTY;
	default:
		return 0;
	}
}

int ui_conversation_key(struct app *a, int key, struct ui_transcript *tr,
                        struct ui_convo *convo, ui_submit_fn submit)
{
	enum ui_action act;
	if (a->focus == FOCUS_SIDEBAR) {
		act = ui_key_action(CTX_SIDE, key);
		if (act == ACT_FOCUS) {
			a->focus = FOCUS_CMD;
			a->side_search = false;
			return UI_DIRTY;
		}
		int r = side_key(a, &a->side, &a->side_search, key, act, side_list_rows(a));
		if (r)
			return r;
		if (a->side_search)
			return 0;
		act = ui_key_action(CTX_ANY, key);
		if (act == ACT_WHEEL) {
			int wheel = mouse_wheel();
			ui_ref_move(&a->side, wheel * 3, side_list_rows(a));
			return UI_DIRTY;
		}
		return 0;
	}
	act = ui_key_action(CTX_CMD, key);
	if (act == ACT_FOCUS) {
		a->focus = FOCUS_SIDEBAR;
		if (convo->last_code)
			ui_ref_select_code(&a->side, convo->last_code, side_list_rows(a));
		return UI_DIRTY;
	}
	if (act == ACT_NONE && ui_key_action(CTX_ANY, key) == ACT_WHEEL)
		return scroll_key(a, tr, ACT_WHEEL, mouse_wheel()) ? UI_DIRTY : 0;
	if (scroll_key(a, tr, act, 0))
		return UI_DIRTY;
	if (act == ACT_STORED) {
		if (!ui_convo_show_stored(convo))
			ui_message(a, false, "no message accepted yet: F9 shows one after the 250 "
			           "that ends DATA");
		ui_transcript_end(tr);
		return UI_DIRTY;
	}
	return command_key(a, key, act, convo, submit);
}

static int play_key(struct app *a, int key)
{
	int r = ui_conversation_key(a, key, a->play.tr, &a->play.convo, play_submit);
	if (a->play.quit)
		r |= UI_QUIT;
	return r;
}

/* --- the reference browser ------------------------------------------- */

static int ref_list_rows(struct app *a)
{
	return a->lay.list.h - 4;
}

static void ref_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_BROWSE, rows, cols, 0);
	if (a->lay.too_small)
		return;
	a->w_a = mkwin(&a->lay.list);
	a->w_b = mkwin(&a->lay.entry);
}

static void draw_ref(struct app *a)
{
	WINDOW *w = a->w_a;
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "Reference", true);
	int iw = wd - 2, x = 1;
	for (int t = 0; t < UI_REF_TAB_COUNT; t++) {
		attr_t at = t == (int)a->ref.tab ? a->attr[R_SELECT] | A_BOLD : a->attr[R_DIM];
		x += ui_puts(a, w, 1, x, ui_ref_tab_name((enum ui_ref_tab)t), iw - x + 1, at);
		x += ui_puts(a, w, 1, x, " ", iw - x + 1, A_NORMAL);
	}
	a->cur_win = NULL;
	if (a->ref_search || a->ref.query[0]) {
		int px = 1 + ui_puts(a, w, 2, 1, "/", iw, a->attr[R_LABEL]);
		ui_puts(a, w, 2, px, a->ref.query, iw - 1, a->attr[R_NORMAL]);
		char cnt[32];
		snprintf(cnt, sizeof cnt, " %zu found", a->ref.n);
		int cw = (int)strlen(cnt);
		ui_puts(a, w, 2, wd - 1 - cw, cnt, cw, a->attr[R_DIM]);
		if (a->ref_search) {
			a->cur_win = w;
			a->cur_y = 2;
			a->cur_x = px + (int)ui_text_width(a->ref.query, strlen(a->ref.query));
		}
	} else {
		ui_puts(a, w, 2, 1, "/ search, or type a code", iw, a->attr[R_DIM]);
	}
	int lr = ref_list_rows(a);
	char buf[200];
	if (!a->ref.n)
		ui_puts(a, w, 3, 1, "nothing matches", iw, a->attr[R_DIM]);
	for (int i = 0; i < lr && a->ref.top + (size_t)i < a->ref.n; i++) {
		size_t k = a->ref.top + (size_t)i;
		ui_ref_label(&a->ref.v[k], buf, sizeof buf);
		attr_t at = k == a->ref.sel ? a->attr[R_SELECT] : a->attr[R_NORMAL];
		if (k == a->ref.sel)
			mvwhline(w, 3 + i, 1, ' ' | at, iw);
		ui_puts_fit(a, w, 3 + i, 1, buf, iw, at);
	}
	(void)h;

	WINDOW *e = a->w_b;
	getmaxyx(e, h, wd);
	werase(e);
	ui_frame(a, e, "Entry", false);
	const struct ui_ref_item *it = ui_ref_selected(&a->ref);
	if (it) {
		struct ui_para p[UI_PARA_MAX];
		size_t n = ui_ref_paras(it, p);
		int row = 1;
		ui_draw_paras(a, e, &row, h - 1, 2, wd - 4, p, n);
	}
	ui_status(a, "Reference",
	          "F1 Help  \u2191\u2193 move  q back  / search  Tab tabs  F3 Play");
}

static int ref_key(struct app *a, int key)
{
	enum ui_action act = ui_key_action(CTX_REF, key);
	if (!a->ref_search && !(key & UI_KFN) && key >= '0' && key <= '9') {
		a->ref_search = true;
		char q[2] = { (char)key, 0 };
		ui_ref_set_query(&a->ref, q);
		return UI_DIRTY;
	}
	if (a->ref_search && act == ACT_LEAVE)
		act = ACT_NONE;   /* 'q' is text while searching */
	if (act == ACT_LEAVE)
		return UI_LEAVE;
	int r = side_key(a, &a->ref, &a->ref_search, key, act, ref_list_rows(a));
	if (r)
		return r;
	if (ui_key_action(CTX_ANY, key) == ACT_WHEEL) {
		ui_ref_move(&a->ref, mouse_wheel() * 3, ref_list_rows(a));
		return UI_DIRTY;
	}
	return 0;
}

/* --- the menu ---------------------------------------------------------- */

struct menu_item {
	const char *name, *what;
	enum ui_action act;
};

static const struct menu_item menu_fixed[] = {
	{ "Lessons", "guided steps, checked and scored", ACT_LESSONS },
	{ "Free play", "you type, a simulated server answers", ACT_PLAY },
	{ "Reference", "every reply code, enhanced code and port", ACT_REF },
	{ "Quit", "", ACT_QUIT },
};
enum { MENU_FIXED = sizeof menu_fixed / sizeof *menu_fixed, MENU_MAX = MENU_FIXED + 1 };

/* The menu's items: "Continue" first when a lesson is in progress. */
static int menu_items(struct app *a, struct menu_item *v, char *label, size_t n)
{
	int k = 0;
	if (ui_lessons_continue_label(a, label, n))
		v[k++] = (struct menu_item){ "Continue", label, ACT_CONTINUE };
	for (int i = 0; i < MENU_FIXED; i++)
		v[k++] = menu_fixed[i];
	if (a->menu_sel >= k)
		a->menu_sel = k - 1;
	return k;
}

static void menu_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_MENU, rows, cols, 0);
	if (!a->lay.too_small)
		a->w_a = mkwin(&a->lay.box);
}

/* Free play from the menu: which server, then which situations. */
static int pick_count(const struct app *a)
{
	return a->pick == PICK_PROFILE ? (int)smtp_profile_count()
	                               : (int)smtp_scenario_count() + 1; /* + "start" */
}

static void draw_picker(struct app *a, WINDOW *w, int row, int h, int iw)
{
	char buf[256];
	bool prof = a->pick == PICK_PROFILE;
	ui_puts(a, w, row++, 2, prof ? "Free play: which server?"
	                             : "Free play: which situations? (Space ticks, Enter starts)",
	        iw, a->attr[R_TITLE]);
	row++;
	int n = pick_count(a), avail = h - 4 - row;
	/* the scenarios open at the top (the first ones are the common
	 * ones), with the choice on "Start" at the bottom when it fits */
	int top = a->pick_sel >= avail ? a->pick_sel - avail + 1 : 0;
	if (a->pick == PICK_SCENARIOS && a->pick_sel == n - 1 && n > avail)
		top = 0, a->pick_sel = 0;
	for (int i = top; i < n && row < h - 4; i++, row++) {
		bool sel = i == a->pick_sel;
		attr_t at = sel ? a->attr[R_SELECT] | A_BOLD : a->attr[R_NORMAL];
		if (sel)
			mvwhline(w, row, 2, ' ' | at, iw);
		if (prof) {
			const struct smtp_profile *p = smtp_profile_at((size_t)i);
			snprintf(buf, sizeof buf, " %s %-11s port %-4d", sel ? "\u25b6" : " ", p->name,
			         p->port);
			int x = 2 + ui_puts(a, w, row, 2, buf, iw, at);
			ui_puts_fit(a, w, row, x + 1, p->summary, iw - x, sel ? at : a->attr[R_DIM]);
		} else if (i == n - 1) {
			snprintf(buf, sizeof buf, " %s Start", sel ? "\u25b6" : " ");
			ui_puts(a, w, row, 2, buf, iw, at | A_BOLD);
		} else {
			const struct smtp_scenario *sc = smtp_scenario_at((size_t)i);
			bool on = (size_t)i < sizeof a->pick_scen && a->pick_scen[i];
			snprintf(buf, sizeof buf, " %s [%s] %-16s", sel ? "\u25b6" : " ", on ? "x" : " ",
			         sc->name);
			int x = 2 + ui_puts(a, w, row, 2, buf, iw, at);
			ui_puts_fit(a, w, row, x + 1, sc->summary, iw - x, sel ? at : a->attr[R_DIM]);
		}
	}
	ui_puts(a, w, h - 3, 2, prof ? "\u2191\u2193 choose \u00b7 Enter next \u00b7 Esc back"
	                             : "\u2191\u2193 choose \u00b7 Space tick \u00b7 Enter start "
	                               "\u00b7 Esc back",
	        iw, a->attr[R_DIM]);
	ui_status(a, "smtpsim", "F1 Help  F2 Lessons  F3 Play  F4 Ref  Ctrl-C quit");
}

static int picker_key(struct app *a, int key)
{
	int n = pick_count(a);
	enum ui_action act = ui_key_action(CTX_MENU, key);
	if (act == ACT_UP || act == ACT_DOWN) {
		a->pick_sel = (a->pick_sel + (act == ACT_UP ? n - 1 : 1)) % n;
		return UI_DIRTY;
	}
	if (act == ACT_SUBMIT)
		key = '\n';
	switch (key) {
	case 27:
		a->pick = a->pick == PICK_SCENARIOS ? PICK_PROFILE : PICK_NONE;
		a->pick_sel = 0;
		return UI_DIRTY;
	case ' ':
		if (a->pick == PICK_SCENARIOS && a->pick_sel < n - 1 &&
		    (size_t)a->pick_sel < sizeof a->pick_scen)
			a->pick_scen[a->pick_sel] = !a->pick_scen[a->pick_sel];
		return UI_DIRTY;
	case '\n':
		if (a->pick == PICK_PROFILE) {
			a->play_profile = smtp_profile_at((size_t)a->pick_sel)->name;
			a->pick = PICK_SCENARIOS;
			a->pick_sel = n > 0 ? (int)smtp_scenario_count() : 0; /* on "Start" */
			memset(a->pick_scen, 0, sizeof a->pick_scen);
			return UI_DIRTY;
		}
		/* Enter starts from any row (Space ticks), as the line under
		 * the list says */
		{
			size_t ns = smtp_scenario_count();
			char **v = calloc(ns + 1, sizeof *v);
			if (!v)
				return UI_DIRTY;
			free(a->play_scen);
			a->play_scen = v;
			a->play_nscen = 0;
			for (size_t i = 0; i < ns && i < sizeof a->pick_scen; i++)
				if (a->pick_scen[i])
					a->play_scen[a->play_nscen++] = (char *)smtp_scenario_at(i)->name;
		}
		a->pick = PICK_NONE;
		a->pick_sel = 0;
		ui_goto(a, SCR_PLAY);
		return UI_DIRTY;
	default:
		return 0;
	}
}

static void draw_menu(struct app *a)
{
	WINDOW *w = a->w_a;
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "smtpsim " SMTPSIM_VERSION, true);
	int iw = wd - 4, row = 2;
	ui_puts(a, w, row++, 2, "Learn SMTP by being the client.", iw, a->attr[R_TITLE]);
	ui_wrapped(a, w, &row, h - 2, 2, iw, NULL,
	           "You type EHLO, MAIL FROM, RCPT TO, DATA and QUIT; a simulated mail "
	           "server answers as a real one would, and every reply is explained.",
	           a->attr[R_NORMAL]);
	row++;
	if (a->pick != PICK_NONE) {
		draw_picker(a, w, row, h, iw);
		return;
	}
	char summary[128], label[200];
	struct menu_item items[MENU_MAX];
	int nitems = menu_items(a, items, label, sizeof label);
	for (int i = 0; i < nitems; i++) {
		bool sel = i == a->menu_sel;
		attr_t at = sel ? a->attr[R_SELECT] | A_BOLD : a->attr[R_NORMAL];
		if (sel)
			mvwhline(w, row, 2, ' ' | at, iw);
		ui_puts(a, w, row, 2, sel ? " \u25b6 " : "   ", 3, at);
		ui_puts(a, w, row, 5, items[i].name, 12, at | A_BOLD);
		const char *what = items[i].what;
		if (items[i].act == ACT_LESSONS)
			what = ui_lessons_summary(a, summary, sizeof summary);
		ui_puts_fit(a, w, row, 18, what, iw - 17, sel ? at : a->attr[R_DIM]);
		row += 2;
	}
	/* room left (a big terminal): the course at a glance */
	size_t nl = ui_lessons_count(a);
	int avail = h - 4 - row - 2;
	if (nl && avail >= 4) {
		ui_puts(a, w, row++, 2, "The course (\u2713 done, \u2026 in progress)", iw,
		        a->attr[R_TITLE]);
		/* as many columns (of 30 at least) as it takes to show them all */
		int cols2 = (int)((nl + (size_t)avail - 1) / (size_t)avail);
		if (cols2 < 1)
			cols2 = 1;
		if (cols2 > iw / 30)
			cols2 = iw / 30 > 0 ? iw / 30 : 1;
		int per = (int)((nl + (size_t)cols2 - 1) / (size_t)cols2);
		if (per > avail)
			per = avail;
		int cw = iw / cols2;
		char line[160];
		for (size_t i = 0; i < nl; i++) {
			int c = (int)i / per, r = (int)i % per;
			if (c >= cols2)
				break;
			ui_puts_fit(a, w, row + r, 2 + c * cw, ui_lessons_line(a, i, line, sizeof line),
			            cw - 2, a->attr[R_DIM]);
		}
	}
	row = h - 3;
	ui_puts(a, w, row, 2, nitems > MENU_FIXED
	        ? "\u2191\u2193 choose \u00b7 Enter open \u00b7 c l p r q \u00b7 F1 help"
	        : "\u2191\u2193 choose \u00b7 Enter open \u00b7 l p r q \u00b7 F1 help",
	        iw, a->attr[R_DIM]);
	ui_status(a, "smtpsim", "F1 Help  F2 Lessons  F3 Play  F4 Ref  Ctrl-C quit");
}

static int global_action(struct app *a, enum ui_action act);

static int menu_key(struct app *a, int key)
{
	if (a->pick != PICK_NONE)
		return picker_key(a, key);
	enum ui_action act = ui_key_action(CTX_MENU, key);
	char label[200];
	struct menu_item items[MENU_MAX];
	int n = menu_items(a, items, label, sizeof label);
	switch (act) {
	case ACT_UP:
		a->menu_sel = (a->menu_sel + n - 1) % n;
		return UI_DIRTY;
	case ACT_DOWN:
		a->menu_sel = (a->menu_sel + 1) % n;
		return UI_DIRTY;
	case ACT_SUBMIT:
		act = items[a->menu_sel].act;
		if (act == ACT_PLAY && !a->play_ok) {
			/* the first free play asks which server and situations */
			a->pick = PICK_PROFILE;
			a->pick_sel = 0;
			return UI_DIRTY;
		}
		return global_action(a, act);
	case ACT_PLAY:
		if (!a->play_ok) {
			a->pick = PICK_PROFILE;
			a->pick_sel = 0;
			return UI_DIRTY;
		}
		return global_action(a, act);
	case ACT_LESSONS: case ACT_REF: case ACT_QUIT: case ACT_CONTINUE:
		return global_action(a, act);
	default:
		if (key >= '1' && key < '1' + n) {
			a->menu_sel = key - '1';
			if (items[a->menu_sel].act == ACT_PLAY && !a->play_ok) {
				a->pick = PICK_PROFILE;
				a->pick_sel = 0;
				return UI_DIRTY;
			}
			return global_action(a, items[a->menu_sel].act);
		}
		return 0;
	}
}

/* --- help overlay ------------------------------------------------------ */

static const char *const ctx_names[CTX_COUNT] = {
	[CTX_ANY] = "Everywhere", [CTX_CMD] = "Command line",
	[CTX_SIDE] = "Sidebar (focused)", [CTX_REF] = "Reference browser",
	[CTX_MENU] = "Menu", [CTX_LIST] = "Lesson list", [CTX_LESSON] = "Lesson",
};

static void draw_help(struct app *a)
{
	bool show[CTX_COUNT] = { [CTX_ANY] = true };
	switch (a->screen) {
	case SCR_PLAY: show[CTX_CMD] = show[CTX_SIDE] = true; break;
	case SCR_REF: show[CTX_REF] = true; break;
	case SCR_MENU: show[CTX_MENU] = true; break;
	case SCR_LESSONS: show[CTX_LIST] = true; break;
	case SCR_LESSON: show[CTX_LESSON] = show[CTX_CMD] = true; break;
	}
	/* lines: a header (binding index -1 - ctx) or a binding */
	int lines[128], n = 0;
	for (int c = 0; c < CTX_COUNT; c++) {
		if (!show[c])
			continue;
		lines[n++] = -1 - c;
		for (size_t i = 0; i < sizeof bindings / sizeof *bindings && n < 127; i++)
			if ((int)bindings[i].ctx == c && bindings[i].keys)
				lines[n++] = (int)i;
	}
	int rows = a->lay.rows, cols = a->lay.cols;
	int ncol = n > rows - 6 ? 2 : 1;
	int per = (n + ncol - 1) / ncol;
	/* two columns take the whole width: a box one column in from the
	 * edge drew its border beside the panes' own (│┤) */
	int w = ncol == 2 ? cols : 60, h = per + 4;
	if (h > rows - 1)
		h = rows - 1;
	WINDOW *win = newwin(h, w, (rows - 1 - h) / 2, (cols - w) / 2);
	if (!win)
		return;
	werase(win);
	ui_frame(a, win, "Keys \u00b7 any key closes", true);
	int cw = (w - 2) / ncol, kw = 0;
	for (int i = 0; i < n; i++)
		if (lines[i] >= 0) {
			int k = (int)ui_text_width(bindings[lines[i]].keys,
			                           strlen(bindings[lines[i]].keys));
			kw = k > kw ? k : kw;
		}
	for (int i = 0; i < n; i++) {
		int col = i / per, y = 2 + i % per, x = 2 + col * cw;
		if (y >= h - 1)
			continue;
		if (lines[i] < 0) {
			ui_puts(a, win, y, x, ctx_names[-1 - lines[i]], cw - 2, a->attr[R_TITLE]);
		} else {
			const struct binding *b = &bindings[lines[i]];
			ui_puts(a, win, y, x + 1, b->keys, kw, a->attr[R_LABEL]);
			ui_puts(a, win, y, x + kw + 3, b->help, cw - kw - 4, a->attr[R_NORMAL]);
		}
	}
	wnoutrefresh(win);
	delwin(win);
}

/* --- screens and the loop --------------------------------------------- */

void ui_goto(struct app *a, enum ui_screen s)
{
	if (s == SCR_PLAY && play_start(a) < 0)
		return;
	if (s != a->screen && a->screen != SCR_LESSON)
		a->back = a->screen;
	a->screen = s;
	a->help = false;
	layout(a);
}

/* Keys typed while the terminal is too small: kept, and acted on once it
 * is big enough again, so that nothing typed is lost. */
static int kept_keys[4096];
static size_t nkept;

static void draw_too_small(struct app *a)
{
	int rows, cols;
	getmaxyx(stdscr, rows, cols);
	werase(stdscr);
	char l1[64], l2[64];
	snprintf(l1, sizeof l1, "terminal too small: need %d\u00d7%d", UI_MIN_COLS, UI_MIN_ROWS);
	snprintf(l2, sizeof l2, "now %d\u00d7%d \u00b7 Ctrl-C quits", cols, rows);
	int w1 = (int)ui_text_width(l1, strlen(l1)), w2 = (int)ui_text_width(l2, strlen(l2));
	int y = rows / 2 - 1;
	ui_puts(a, stdscr, y < 0 ? 0 : y, w1 < cols ? (cols - w1) / 2 : 0, l1, cols,
	        a->attr[R_TITLE]);
	ui_puts(a, stdscr, y + 1, w2 < cols ? (cols - w2) / 2 : 0, l2, cols, a->attr[R_DIM]);
	if (nkept) {
		char l3[64];
		snprintf(l3, sizeof l3, "%zu key%s typed meanwhile: kept", nkept,
		         nkept == 1 ? "" : "s");
		int w3 = (int)ui_text_width(l3, strlen(l3));
		ui_puts(a, stdscr, y + 2, w3 < cols ? (cols - w3) / 2 : 0, l3, cols, a->attr[R_DIM]);
	}
}

static void draw_frame(struct app *a)
{
	a->cur_win = NULL;
	if (a->lay.too_small) {
		draw_too_small(a);
		wnoutrefresh(stdscr);
		curs_set(0);
		doupdate();
		return;
	}
	/* stdscr is never drawn on here; refreshing it keeps getch from
	 * repainting it (and moving the cursor) behind our back */
	wnoutrefresh(stdscr);
	screen_of(a->screen)->draw(a);
	WINDOW *ws[] = { a->w_a, a->w_b, a->w_c, a->w_d, a->w_status };
	for (size_t i = 0; i < sizeof ws / sizeof *ws; i++)
		if (ws[i] && ws[i] != a->cur_win)
			wnoutrefresh(ws[i]);
	if (a->help) {
		draw_help(a);
		curs_set(0);
	} else if (a->cur_win) {
		wmove(a->cur_win, a->cur_y, a->cur_x);
		wnoutrefresh(a->cur_win);   /* last: the cursor ends up here */
		curs_set(1);
	} else {
		curs_set(0);
	}
	doupdate();
}

/* After a failed key read: has the terminal gone (its window closed, the
 * ssh connection dropped)? Then every read fails at once, with EIO or as
 * end of input, and no SIGHUP need come: under make it does not. A read
 * that merely timed out or was interrupted leaves the terminal quiet. */
static bool terminal_gone(int read_errno)
{
	if (read_errno == EIO)
		return true;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&p, 1, 0) < 0)
		return false;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	/* readable with nothing to read is end of input; a key that arrived
	 * since the read leaves bytes waiting */
	int avail = 0;
	return (p.revents & POLLIN) && ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 &&
	       avail == 0;
}

/* Outside a UTF-8 locale ncurses cannot decode a multibyte key: it cut
 * "NOOP é x" at the é and swallowed what followed. There the bytes are
 * read one by one and UTF-8 is decoded here; a byte that is not UTF-8 is
 * refused with a note, and the byte after it is read again as a key. */
enum { KEY_REFUSED = KF(0xffff) };   /* a byte that was not UTF-8 */
static int g_note_8bit;              /* 1: non-ASCII kept, 2: a byte refused */
static unsigned g_refused_byte;

static int read_key_bytes(void)
{
	int ch = wgetch(stdscr);
	if (ch == ERR)
		return -1;
	if (ch >= KEY_MIN) {
		if (ch == KEY_ENTER)
			return '\n';
		return KF(ch);
	}
	if (ch == '\r')
		return '\n';
	if (ch == 127 || ch == 8)
		return KF(KEY_BACKSPACE);
	if (ch < 0x80)
		return ch;
	int need = ch >= 0xf0 && ch < 0xf5 ? 3 : ch >= 0xe0 && ch < 0xf0 ? 2 : ch >= 0xc2 && ch < 0xe0 ? 1 : -1;
	uint32_t cp = need == 3 ? (uint32_t)ch & 0x07 : need == 2 ? (uint32_t)ch & 0x0f : (uint32_t)ch & 0x1f;
	/* the rest of one character arrives with its first byte */
	timeout(100);
	for (int i = 0; i < need; i++) {
		int c = wgetch(stdscr);
		if (c == ERR || c < 0x80 || c > 0xbf) {
			if (c != ERR)
				ungetch(c);
			need = -1;
			break;
		}
		cp = cp << 6 | ((uint32_t)c & 0x3f);
	}
	timeout(500);
	if (need < 0 || cp < 0xa0 || (cp >= 0xd800 && cp < 0xe000) || cp > 0x10ffff) {
		g_note_8bit = 2;
		g_refused_byte = (unsigned)ch;
		return KEY_REFUSED;
	}
	g_note_8bit = 1;
	return (int)cp;
}

/* The coach speaks under the replies it explains, so it must not be
 * louder than they are (it was bold magenta); the connection divider was
 * dark blue on black, hard to read. Without colour the divider is bold
 * and the coach plain, set apart by its "why:"/"next:" words. */
static void tune_roles(struct app *a)
{
	if (a->color) {
		init_pair((short)R_COACH, COLOR_MAGENTA, -1);
		a->attr[R_COACH] = COLOR_PAIR(R_COACH);
		init_pair((short)R_MARK, COLOR_WHITE, COLOR_BLUE);
		a->attr[R_MARK] = COLOR_PAIR(R_MARK);
	} else {
		a->attr[R_COACH] = A_NORMAL;
		a->attr[R_MARK] = A_BOLD;
	}
}

static int read_key(void)
{
	if (!A.utf8)
		return read_key_bytes();
	wint_t wc;
	int rc = wget_wch(stdscr, &wc);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\n';
		return KF((int)wc);
	}
	if (wc == '\r')
		return '\n';
	if (wc == 127 || wc == 8)
		return KF(KEY_BACKSPACE);
	return (int)wc;
}

static void leave_screen(struct app *a, int *flags)
{
	if (a->direct && (a->back == a->screen || a->screen == SCR_MENU)) {
		*flags |= UI_QUIT;
		return;
	}
	if (a->screen == SCR_MENU) {
		*flags |= UI_QUIT;
		return;
	}
	ui_goto(a, a->screen == SCR_LESSON ? SCR_LESSONS : SCR_MENU);
	*flags |= UI_DIRTY;
}

/* The keys every screen shares: help, the F2-F4 screens, leave, quit. */
static int global_action(struct app *a, enum ui_action act)
{
	switch (act) {
	case ACT_HELP:
		a->help = true;
		return UI_DIRTY;
	case ACT_LESSONS:
		if (ui_lessons_open(a, NULL) == 0)
			ui_goto(a, SCR_LESSONS);
		return UI_DIRTY;
	case ACT_PLAY:
		ui_goto(a, SCR_PLAY);
		return UI_DIRTY;
	case ACT_CONTINUE:
		if (ui_lessons_continue(a) == 0)
			ui_goto(a, SCR_LESSON);
		return UI_DIRTY;
	case ACT_REF:
		ui_goto(a, SCR_REF);
		return UI_DIRTY;
	case ACT_LEAVE:
		return UI_LEAVE;
	case ACT_QUIT:
		return UI_QUIT;
	default:
		return 0;
	}
}

static const struct screen_ops screens[] = {
	[SCR_MENU] = { menu_layout, draw_menu, menu_key },
	[SCR_PLAY] = { play_layout, draw_play, play_key },
	[SCR_REF] = { ref_layout, draw_ref, ref_key },
	[SCR_LESSONS] = { ui_lessons_layout, ui_lessons_draw, ui_lessons_key },
	[SCR_LESSON] = { ui_lessons_layout, ui_lessons_draw, ui_lessons_key },
};

static const struct screen_ops *screen_of(enum ui_screen s)
{
	return &screens[s];
}

static int handle_key(struct app *a, int key)
{
	enum ui_action act = ui_key_action(CTX_ANY, key);
	if (act == ACT_QUIT)
		return UI_QUIT;
	if (key == KF(KEY_RESIZE)) {
		layout(a);
		int r = UI_DIRTY;
		if (!a->lay.too_small && nkept) {
			size_t n = nkept;
			nkept = 0;
			for (size_t i = 0; i < n && !(r & UI_QUIT); i++)
				r |= handle_key(a, kept_keys[i]);
		}
		return r;
	}
	if (a->lay.too_small) {
		if (nkept < sizeof kept_keys / sizeof *kept_keys)
			kept_keys[nkept++] = key;
		return UI_DIRTY;   /* the notice counts them */
	}
	if (a->help) {
		a->help = false;
		werase(stdscr);   /* the overlay may reach past the panes */
		return UI_DIRTY;
	}
	a->msg[0] = '\0';
	int r = global_action(a, act);
	if (!r)
		r = screen_of(a->screen)->key(a, key);
	if (r & UI_LEAVE) {
		r &= ~UI_LEAVE;
		leave_screen(a, &r);
	}
	return r;
}

static long long now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static int run(struct app *a)
{
	/* SMTPSIM_UI_TIMING=FILE: the benchmark's probe (first frame time,
	 * time per key). */
	const char *tpath = getenv("SMTPSIM_UI_TIMING");
	FILE *tlog = tpath && *tpath ? fopen(tpath, "a") : NULL;
	bool first = true, dirty = true;
	long long t_key = 0;
	while (!g_signal) {
		if (dirty) {
			draw_frame(a);
			dirty = false;
			if (tlog) {
				if (first)
					fprintf(tlog, "first_frame_realtime_ns %lld\n", now_ns(CLOCK_REALTIME));
				else if (t_key)
					fprintf(tlog, "key_ns %lld\n", now_ns(CLOCK_MONOTONIC) - t_key);
				fflush(tlog);
			}
			first = false;
		}
		errno = 0;
		int key = read_key();
		if (key < 0) {
			if (terminal_gone(errno)) {
				g_hangup = true;
				break;
			}
			continue;
		}
		t_key = now_ns(CLOCK_MONOTONIC);
		int r = handle_key(a, key);
		/* outside UTF-8, say how a non-ASCII character in the input line
		 * is kept for as long as it is there */
		bool eight = false;
		for (size_t i = 0; !a->utf8 && i < a->edit.len && !eight; i++)
			eight = (unsigned char)a->edit.buf[i] >= 0x80;
		if ((g_note_8bit || eight) && !a->msg[0]) {
			if (g_note_8bit == 2)
				ui_message(a, true, "byte 0x%02X refused: it is not UTF-8 (the locale's "
				           "character set is not UTF-8 either)", g_refused_byte);
			else
				ui_message(a, false, "non-ASCII kept as UTF-8; this locale (LANG) cannot "
				           "show it, so it is drawn as ?");
			r |= UI_DIRTY;
		}
		g_note_8bit = 0;
		if (r & UI_QUIT)
			break;
		if (r & (UI_DIRTY | UI_RELAYOUT))
			dirty = true;
		else if (tlog)
			fprintf(tlog, "key_ns %lld\n", now_ns(CLOCK_MONOTONIC) - t_key);
	}
	if (tlog)
		fclose(tlog);
	return 0;
}

/* --- the entry point ------------------------------------------------- */

static void cleanup(struct app *a)
{
	del_windows(a);
	if (a->play_ok)
		ui_play_free(&a->play);
	ui_edit_free(&a->edit);
	ui_ref_free(&a->side);
	ui_ref_free(&a->ref);
	ui_lessons_free(a);
	free(a->play_scen);
}

enum ui_run_status ui_run(const struct ui_opts *o, char *err, size_t errlen)
{
	struct app *a = &A;
	memset(a, 0, sizeof *a);
	static const enum ui_screen first[] = {
		[UI_MODE_MENU] = SCR_MENU, [UI_MODE_LESSON] = SCR_LESSONS,
		[UI_MODE_PLAY] = SCR_PLAY, [UI_MODE_REF] = SCR_REF,
	};
	a->screen = first[o->mode];
	if (o->mode == UI_MODE_LESSON && o->lesson)
		a->screen = SCR_LESSON;
	a->play_profile = o->profile;
	a->play_personality = o->personality;
	a->play_scen = calloc(o->nscenarios + 1, sizeof *a->play_scen);
	if (!a->play_scen) {
		snprintf(err, errlen, "out of memory");
		return UI_RUN_START_FAILED;
	}
	for (size_t i = 0; i < o->nscenarios; i++)
		a->play_scen[a->play_nscen++] = o->scenarios[i];
	a->play_rules = o->rules;
	a->play_nrules = o->nrules;
	a->direct = o->mode != UI_MODE_MENU;
	a->back = a->screen;
	ui_edit_init(&a->edit);
	ui_ref_init(&a->side, UI_REF_CODES, true);
	ui_ref_init(&a->ref, UI_REF_ALL, false);
	if (o->query && o->query[0]) {
		/* the query is drawn: outside bytes are made visible first */
		char *vis = ui_visible(o->query, strlen(o->query), NULL);
		char q[UI_REF_QUERY_MAX];
		snprintf(q, sizeof q, "%s", vis ? vis : "");
		free(vis);
		ui_ref_set_query(&a->ref, q);
	}
	/* Start the mode before the screen is taken over, so that a wrong
	 * name is reported on a normal terminal. */
	if ((a->screen == SCR_PLAY && play_start(a) < 0) ||
	    ((a->screen == SCR_LESSONS || a->screen == SCR_LESSON) &&
	     ui_lessons_open(a, o->lesson) < 0)) {
		snprintf(err, errlen, "%s", a->msg);
		cleanup(a);
		return UI_RUN_START_FAILED;
	}
	a->msg[0] = '\0';
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		snprintf(err, errlen, "the full-screen UI needs a terminal; "
		         "'smtpsim session' speaks SMTP over stdin/stdout");
		cleanup(a);
		return UI_RUN_NO_TERMINAL;
	}

	/* LC_CTYPE only: the character set is what the screen needs, and
	 * cJSON must keep reading numbers with a "." whatever LC_NUMERIC is. */
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	a->utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	g_tio_ok = tcgetattr(STDIN_FILENO, &g_tio) == 0;
	SCREEN *scr = newterm(NULL, stdout, stdin);
	if (!scr) {
		snprintf(err, errlen, "cannot use the terminal '%s'",
		         getenv("TERM") ? getenv("TERM") : "(TERM not set)");
		cleanup(a);
		return UI_RUN_NO_TERMINAL;
	}
	g_reset_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	install_signals();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(500);
	const char *nc = getenv("NO_COLOR");
	a->color = has_colors() && !(nc && *nc);
	if (a->color) {
		start_color();
		use_default_colors();
	}
	ui_draw_init(a);
	tune_roles(a);
	/* The wheel only where the terminal reports the mouse itself (xterm
	 * and its kin). On the Linux console ncurses would load GPM instead,
	 * which leaks and rarely reports a wheel. */
	char *kmous = tigetstr((char *)"kmous");
	const char *term = getenv("TERM");
	bool mouse = kmous && kmous != (char *)-1 && *kmous &&
	             !(term && !strncmp(term, "linux", 5));
	if (mouse && mousemask(BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	              | BUTTON5_PRESSED
#endif
	              , NULL)) {
		static const char off[] = "\033[?1000l";
		if (g_reset_len + sizeof off < sizeof g_reset) {
			memcpy(g_reset + g_reset_len, off, sizeof off - 1);
			g_reset_len += sizeof off - 1;
		}
	}
	if (mouse)
		mouseinterval(0);

	layout(a);
	run(a);
	/* A terminal that is gone has nothing to restore: leave as SIGHUP
	 * would have us leave (progress is saved after every step). */
	if (!g_hangup) {
		endwin();
		delscreen(scr);
	}
	int sig = g_hangup ? SIGHUP : g_signal;
	cleanup(a);
	if (sig && sig != SIGINT) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return UI_RUN_OK;
}
