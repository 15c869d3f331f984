/* ui_scr_menu.c — the main menu: Continue, Lessons, Free play,
 * Reference, Quit, the course at a glance when there is room, and the
 * first free play's choice of server and situations. */
#include "ui/ui_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_menu {
	int sel;
	/* free play from the menu: first a profile, then scenarios */
	enum { PICK_NONE, PICK_PROFILE, PICK_SCENARIOS } pick;
	int pick_sel;
	bool pick_scen[32];
};

static int menu_init(struct app *a, const struct ui_opts *o)
{
	(void)o;
	a->menu = calloc(1, sizeof *a->menu);
	return a->menu ? 0 : -1;
}

static void menu_free(struct app *a)
{
	free(a->menu);
	a->menu = NULL;
}

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
	struct ui_menu *M = a->menu;
	int k = 0;
	if (ui_lesson_continue_label(a, label, n))
		v[k++] = (struct menu_item){ "Continue", label, ACT_CONTINUE };
	for (int i = 0; i < MENU_FIXED; i++)
		v[k++] = menu_fixed[i];
	if (M->sel >= k)
		M->sel = k - 1;
	return k;
}

static void menu_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_MENU, rows, cols, 0);
	if (!a->lay.too_small)
		a->w_a = ui_mkwin(&a->lay.box);
}

/* Free play from the menu: which server, then which situations. */
static int pick_count(const struct ui_menu *M)
{
	return M->pick == PICK_PROFILE ? (int)smtp_profile_count()
	                               : (int)smtp_scenario_count() + 1; /* + "start" */
}

static void draw_picker(struct app *a, WINDOW *w, int row, int h, int iw)
{
	struct ui_menu *M = a->menu;
	char buf[256];
	bool prof = M->pick == PICK_PROFILE;
	ui_puts(a, w, row++, 2, prof ? "Free play: which server?"
	                             : "Free play: which situations? (Space ticks, Enter starts)",
	        iw, a->attr[R_TITLE]);
	row++;
	int n = pick_count(M), avail = h - 4 - row;
	/* the scenarios open at the top (the first ones are the common
	 * ones), with the choice on "Start" at the bottom when it fits */
	int top = M->pick_sel >= avail ? M->pick_sel - avail + 1 : 0;
	if (M->pick == PICK_SCENARIOS && M->pick_sel == n - 1 && n > avail)
		top = 0, M->pick_sel = 0;
	for (int i = top; i < n && row < h - 4; i++, row++) {
		bool sel = i == M->pick_sel;
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
			bool on = (size_t)i < sizeof M->pick_scen && M->pick_scen[i];
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
	struct ui_menu *M = a->menu;
	int n = pick_count(M);
	enum ui_action act = ui_key_action(CTX_MENU, key);
	if (act == ACT_UP || act == ACT_DOWN) {
		M->pick_sel = (M->pick_sel + (act == ACT_UP ? n - 1 : 1)) % n;
		return UI_DIRTY;
	}
	if (act == ACT_SUBMIT)
		key = '\n';
	switch (key) {
	case 27:
		M->pick = M->pick == PICK_SCENARIOS ? PICK_PROFILE : PICK_NONE;
		M->pick_sel = 0;
		return UI_DIRTY;
	case ' ':
		if (M->pick == PICK_SCENARIOS && M->pick_sel < n - 1 &&
		    (size_t)M->pick_sel < sizeof M->pick_scen)
			M->pick_scen[M->pick_sel] = !M->pick_scen[M->pick_sel];
		return UI_DIRTY;
	case '\n':
		if (M->pick == PICK_PROFILE) {
			ui_free_play_set_profile(a, smtp_profile_at((size_t)M->pick_sel)->name);
			M->pick = PICK_SCENARIOS;
			M->pick_sel = n > 0 ? (int)smtp_scenario_count() : 0; /* on "Start" */
			memset(M->pick_scen, 0, sizeof M->pick_scen);
			return UI_DIRTY;
		}
		/* Enter starts from any row (Space ticks), as the line under
		 * the list says */
		{
			const char *v[sizeof M->pick_scen];
			size_t nv = 0;
			for (size_t i = 0; i < smtp_scenario_count() && i < sizeof M->pick_scen; i++)
				if (M->pick_scen[i])
					v[nv++] = smtp_scenario_at(i)->name;
			if (ui_free_play_set_scenarios(a, v, nv) < 0)
				return UI_DIRTY;
		}
		M->pick = PICK_NONE;
		M->pick_sel = 0;
		return ui_go(a, SCR_PLAY);
	default:
		return 0;
	}
}

static void draw_menu(struct app *a)
{
	struct ui_menu *M = a->menu;
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
	if (M->pick != PICK_NONE) {
		draw_picker(a, w, row, h, iw);
		return;
	}
	char summary[128], label[200];
	struct menu_item items[MENU_MAX];
	int nitems = menu_items(a, items, label, sizeof label);
	for (int i = 0; i < nitems; i++) {
		bool sel = i == M->sel;
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

static int menu_key(struct app *a, int key)
{
	struct ui_menu *M = a->menu;
	if (M->pick != PICK_NONE)
		return picker_key(a, key);
	enum ui_action act = ui_key_action(CTX_MENU, key);
	char label[200];
	struct menu_item items[MENU_MAX];
	int n = menu_items(a, items, label, sizeof label);
	switch (act) {
	case ACT_UP:
		M->sel = (M->sel + n - 1) % n;
		return UI_DIRTY;
	case ACT_DOWN:
		M->sel = (M->sel + 1) % n;
		return UI_DIRTY;
	case ACT_SUBMIT:
		act = items[M->sel].act;
		if (act == ACT_PLAY && !ui_free_play_started(a)) {
			/* the first free play asks which server and situations */
			M->pick = PICK_PROFILE;
			M->pick_sel = 0;
			return UI_DIRTY;
		}
		return ui_want(a, act);
	case ACT_PLAY:
		if (!ui_free_play_started(a)) {
			M->pick = PICK_PROFILE;
			M->pick_sel = 0;
			return UI_DIRTY;
		}
		return ui_want(a, act);
	case ACT_LESSONS: case ACT_REF: case ACT_QUIT: case ACT_CONTINUE:
		return ui_want(a, act);
	default:
		if (key >= '1' && key < '1' + n) {
			M->sel = key - '1';
			if (items[M->sel].act == ACT_PLAY && !ui_free_play_started(a)) {
				M->pick = PICK_PROFILE;
				M->pick_sel = 0;
				return UI_DIRTY;
			}
			return ui_want(a, items[M->sel].act);
		}
		return 0;
	}
}

const struct ui_screen_ops ui_scr_menu = {
	.help = 1u << CTX_MENU,
	.init = menu_init,
	.layout = menu_layout,
	.draw = draw_menu,
	.key = menu_key,
	.free = menu_free,
};
