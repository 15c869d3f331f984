/* ui_keys.c — the key table: keys map to named actions per context, and
 * the F1 overlay lists the same table, so help never drifts from the
 * bindings. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <string.h>

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
	{ CTX_REF, '\t', ACT_TAB_NEXT, "Tab, Left/Right",
	  "All/Codes/Enhanced/Ports/Servers" },
	{ CTX_REF, KF(KEY_BTAB), ACT_TAB_PREV, NULL, NULL },
	{ CTX_REF, KF(KEY_RIGHT), ACT_TAB_NEXT, NULL, NULL },
	{ CTX_REF, KF(KEY_LEFT), ACT_TAB_PREV, NULL, NULL },
	{ CTX_REF, '/', ACT_SEARCH, "/, 0-9", "search; a digit jumps to a code" },
	{ CTX_REF, 27, ACT_CANCEL, "Esc", "clear the search" },
	{ CTX_REF, KF(KEY_SR), ACT_SCROLL_UP, "S-Up/Down", "scroll the entry" },
	{ CTX_REF, KF(KEY_SF), ACT_SCROLL_DOWN, NULL, NULL },
	{ CTX_REF, KCTRL('p'), ACT_SCROLL_UP, "Ctrl-P/N", "the same, any terminal" },
	{ CTX_REF, KCTRL('n'), ACT_SCROLL_DOWN, NULL, NULL },
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

static const char *const ctx_names[CTX_COUNT] = {
	[CTX_ANY] = "Everywhere", [CTX_CMD] = "Command line",
	[CTX_SIDE] = "Sidebar (focused)", [CTX_REF] = "Reference browser",
	[CTX_MENU] = "Menu", [CTX_LIST] = "Lesson list", [CTX_LESSON] = "Lesson",
};

void ui_help_draw(struct app *a, unsigned mask)
{
	mask |= 1u << CTX_ANY;
	/* lines: a header (binding index -1 - ctx) or a binding */
	int lines[128], n = 0;
	for (int c = 0; c < CTX_COUNT; c++) {
		if (!(mask & 1u << c))
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
