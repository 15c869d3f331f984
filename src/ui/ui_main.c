/* ui_main.c — the full-screen UI's main loop: it picks the screen that
 * draws and takes keys, lays the panes out, switches screens, and is the
 * only place that draws (one doupdate a frame). Key handlers return
 * UI_* flags; this is where they are acted on. */
#include "ui/ui.h"
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static struct app A;

/* The screens, by enum ui_screen. */
static const struct ui_screen_ops *const screens[] = {
	[SCR_MENU] = &ui_scr_menu,
	[SCR_PLAY] = &ui_scr_play,
	[SCR_REF] = &ui_scr_ref,
	[SCR_LESSONS] = &ui_scr_lessons,
	[SCR_LESSON] = &ui_scr_lesson,
};
enum { NSCREENS = sizeof screens / sizeof *screens };

static const struct ui_screen_ops *screen_of(enum ui_screen s)
{
	return screens[s];
}

void ui_message(struct app *a, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(a->msg, sizeof a->msg, fmt, ap);
	va_end(ap);
	a->msg_error = error;
}

int ui_go(struct app *a, enum ui_screen s)
{
	a->go_to = s;
	return UI_GOTO | UI_DIRTY;
}

int ui_want(struct app *a, enum ui_action act)
{
	a->want = act;
	return UI_ACTION;
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

WINDOW *ui_mkwin(const struct ui_rect *r)
{
	if (r->h <= 0 || r->w <= 0)
		return NULL;
	WINDOW *w = newwin(r->h, r->w, r->y, r->x);
	if (w)
		leaveok(w, FALSE);
	return w;
}

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
		a->w_status = ui_mkwin(&a->lay.status);
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

/* --- switching screens ------------------------------------------------- */

static void goto_screen(struct app *a, enum ui_screen s)
{
	const struct ui_screen_ops *ops = screen_of(s);
	if (ops->enter && ops->enter(a) < 0)
		return;
	if (s != a->screen && a->screen != SCR_LESSON)
		a->back = a->screen;
	a->screen = s;
	a->help = false;
	layout(a);
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
	goto_screen(a, a->screen == SCR_LESSON ? SCR_LESSONS : SCR_MENU);
	*flags |= UI_DIRTY;
}

/* The actions every screen shares: help, the F2-F4 screens, continue,
 * leave, quit. */
static int global_action(struct app *a, enum ui_action act)
{
	switch (act) {
	case ACT_HELP:
		a->help = true;
		return UI_DIRTY;
	case ACT_LESSONS:
		if (ui_lessons_open(a, NULL) == 0)
			return ui_go(a, SCR_LESSONS);
		return UI_DIRTY;
	case ACT_PLAY:
		return ui_go(a, SCR_PLAY);
	case ACT_CONTINUE:
		if (ui_lesson_continue(a) == 0)
			return ui_go(a, SCR_LESSON);
		return UI_DIRTY;
	case ACT_REF:
		return ui_go(a, SCR_REF);
	case ACT_LEAVE:
		return UI_LEAVE;
	case ACT_QUIT:
		return UI_QUIT;
	default:
		return 0;
	}
}

/* Act on what a handler asked for: a shared action, a screen switch, a
 * new layout, leaving the screen. The flags left are for the loop. */
static int settle(struct app *a, int r)
{
	if (r & UI_ACTION)
		r = (r & ~UI_ACTION) | global_action(a, a->want);
	if (r & UI_GOTO) {
		r &= ~(UI_GOTO | UI_RELAYOUT);
		goto_screen(a, a->go_to);
	} else if (r & UI_RELAYOUT) {
		layout(a);
	}
	if (r & UI_LEAVE) {
		r &= ~UI_LEAVE;
		leave_screen(a, &r);
	}
	return r;
}

/* --- drawing ------------------------------------------------------------ */

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
		ui_help_draw(a, screen_of(a->screen)->help);
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

/* --- keys and the loop --------------------------------------------------- */

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
	return settle(a, r);
}

static long long now_ns(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static void run(struct app *a)
{
	/* SMTPSIM_UI_TIMING=FILE: the benchmark's probe (first frame time,
	 * time per key). */
	const char *tpath = getenv("SMTPSIM_UI_TIMING");
	FILE *tlog = tpath && *tpath ? fopen(tpath, "a") : NULL;
	bool first = true, dirty = true;
	long long t_key = 0;
	while (!ui_term_signalled()) {
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
		int key = ui_term_read_key(a);
		if (key == -2)
			break;   /* the terminal is gone */
		if (key < 0)
			continue;
		t_key = now_ns(CLOCK_MONOTONIC);
		int r = handle_key(a, key);
		/* outside UTF-8, say how a non-ASCII character in the input line
		 * is kept for as long as it is there */
		bool eight = false;
		for (size_t i = 0; !a->utf8 && i < a->cmd.edit.len && !eight; i++)
			eight = (unsigned char)a->cmd.edit.buf[i] >= 0x80;
		unsigned byte;
		int note = ui_term_note_8bit(&byte);
		if ((note || eight) && !a->msg[0]) {
			if (note == 2)
				ui_message(a, true, "byte 0x%02X refused: it is not UTF-8 (the locale's "
				           "character set is not UTF-8 either)", byte);
			else
				ui_message(a, false, "non-ASCII kept as UTF-8; this locale (LANG) cannot "
				           "show it, so it is drawn as ?");
			r |= UI_DIRTY;
		}
		if (r & UI_QUIT)
			break;
		if (r & (UI_DIRTY | UI_RELAYOUT))
			dirty = true;
		else if (tlog)
			fprintf(tlog, "key_ns %lld\n", now_ns(CLOCK_MONOTONIC) - t_key);
	}
	if (tlog)
		fclose(tlog);
}

/* --- the entry point ------------------------------------------------- */

static void cleanup(struct app *a)
{
	del_windows(a);
	for (size_t i = 0; i < NSCREENS; i++)
		screens[i]->free(a);
	ui_course_free(a);
	ui_pane_command_free(&a->cmd);
	ui_pane_sidebar_free(&a->side);
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
	a->direct = o->mode != UI_MODE_MENU;
	a->back = a->screen;
	ui_pane_command_init(&a->cmd);
	ui_pane_sidebar_init(&a->side);
	for (size_t i = 0; i < NSCREENS; i++)
		if (screens[i]->init(a, o) < 0) {
			snprintf(err, errlen, "out of memory");
			cleanup(a);
			return UI_RUN_START_FAILED;
		}
	/* Start the mode before the screen is taken over, so that a wrong
	 * name is reported on a normal terminal. */
	const struct ui_screen_ops *ops = screen_of(a->screen);
	if ((ops->enter && ops->enter(a) < 0) ||
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
	if (ui_term_open(a, err, errlen) < 0) {
		cleanup(a);
		return UI_RUN_NO_TERMINAL;
	}
	layout(a);
	run(a);
	/* the windows go before the screen they belong to: delscreen frees
	 * them, and a delwin after it read freed memory (valgrind) */
	del_windows(a);
	int sig = ui_term_close();
	cleanup(a);
	if (sig && sig != SIGINT) {
		signal(sig, SIG_DFL);
		raise(sig);
	}
	return UI_RUN_OK;
}
