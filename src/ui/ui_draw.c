/* ui_draw.c — colours by role and the drawing helpers every pane uses. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <stdlib.h>
#include <string.h>

struct role_style {
	short fg;          /* -1: default */
	attr_t color_attr; /* with colours */
	attr_t mono_attr;  /* without (NO_COLOR, vt100) */
};

static const struct role_style styles[R_COUNT] = {
	[R_NORMAL] = { -1, A_NORMAL, A_NORMAL },
	[R_CLIENT] = { -1, A_BOLD, A_BOLD },
	[R_S2] = { COLOR_GREEN, A_NORMAL, A_NORMAL },
	[R_S3] = { COLOR_CYAN, A_NORMAL, A_NORMAL },
	[R_S4] = { COLOR_YELLOW, A_BOLD, A_UNDERLINE },
	[R_S5] = { COLOR_RED, A_BOLD, A_BOLD | A_UNDERLINE },
	[R_EXPLAIN] = { -1, A_DIM, A_DIM },
	[R_COACH] = { COLOR_MAGENTA, A_BOLD, A_BOLD },
	[R_MARK] = { COLOR_BLUE, A_BOLD, A_DIM | A_BOLD },
	[R_INFO] = { -1, A_NORMAL, A_NORMAL },
	[R_DATA_HDR] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[R_DATA_BODY] = { -1, A_NORMAL, A_NORMAL },
	[R_DECODED] = { COLOR_MAGENTA, A_NORMAL, A_DIM },
	[R_TITLE] = { -1, A_BOLD, A_BOLD },
	[R_LABEL] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[R_BORDER] = { -1, A_NORMAL, A_NORMAL },
	[R_BORDER_FOCUS] = { COLOR_CYAN, A_BOLD, A_BOLD },
	[R_STATUS] = { -1, A_REVERSE, A_REVERSE },
	[R_STATUS_KEY] = { -1, A_REVERSE | A_BOLD, A_REVERSE | A_BOLD },
	[R_SELECT] = { -1, A_REVERSE, A_REVERSE },
	[R_ERROR] = { COLOR_RED, A_BOLD, A_BOLD | A_REVERSE },
	[R_DIM] = { -1, A_DIM, A_DIM },
	[R_GOOD] = { COLOR_GREEN, A_BOLD, A_BOLD },
};

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

void ui_draw_init(struct app *a)
{
	for (int r = 0; r < R_COUNT; r++) {
		const struct role_style *s = &styles[r];
		if (a->color && s->fg >= 0) {
			init_pair((short)r, s->fg, -1);
			a->attr[r] = s->color_attr | COLOR_PAIR(r);
		} else {
			a->attr[r] = a->color ? s->color_attr : s->mono_attr;
		}
	}
	tune_roles(a);
}

int ui_put(struct app *a, WINDOW *w, int y, int x, const char *s, size_t n,
           int maxw, attr_t attr)
{
	int wh, ww;
	getmaxyx(w, wh, ww);
	if (y < 0 || y >= wh || x < 0 || x >= ww)
		return 0;
	if (maxw > ww - x)
		maxw = ww - x;
	if (maxw <= 0)
		return 0;
	int used;
	size_t len = ui_fit(s, n, maxw, &used);
	wattrset(w, attr);
	if (a->utf8) {
		mvwaddnstr(w, y, x, s, (int)len);
	} else {
		wmove(w, y, x);
		size_t i = 0;
		while (i < len) {
			uint32_t cp;
			i += ui_utf8_decode(s + i, len - i, &cp);
			int cw = ui_cp_width(cp);
			char c = cp < 0x80 ? (char)cp : ui_ascii_for(cp);
			for (int k = 0; k < cw; k++)
				waddch(w, (chtype)(unsigned char)c);
		}
	}
	wattrset(w, A_NORMAL);
	return used;
}

int ui_puts(struct app *a, WINDOW *w, int y, int x, const char *s, int maxw,
            attr_t attr)
{
	return ui_put(a, w, y, x, s, strlen(s), maxw, attr);
}

int ui_puts_fit(struct app *a, WINDOW *w, int y, int x, const char *s, int maxw,
                attr_t attr)
{
	size_t n = strlen(s);
	if (maxw <= 0)
		return 0;
	if ((int)ui_text_width(s, n) <= maxw)
		return ui_put(a, w, y, x, s, n, maxw, attr);
	/* cut where it fits one column short, and say so */
	int cols;
	size_t cut = ui_fit(s, n, maxw - 1, &cols);
	while (cut && s[cut - 1] == ' ')
		cut--;
	int used = ui_put(a, w, y, x, s, cut, maxw - 1, attr);
	return used + ui_puts(a, w, y, x + used, a->utf8 ? "\u2026" : "~", 1, attr);
}

void ui_frame(struct app *a, WINDOW *w, const char *title, bool focused)
{
	attr_t at = a->attr[focused ? R_BORDER_FOCUS : R_BORDER];
	int h, wd;
	getmaxyx(w, h, wd);
	wattrset(w, at);
	if (a->utf8)
		wborder_set(w, WACS_VLINE, WACS_VLINE, WACS_HLINE, WACS_HLINE,
		            WACS_ULCORNER, WACS_URCORNER, WACS_LLCORNER, WACS_LRCORNER);
	else
		wborder(w, '|', '|', '-', '-', '+', '+', '+', '+');
	wattrset(w, A_NORMAL);
	(void)h;
	if (title && *title) {
		int x = 2;
		x += ui_puts(a, w, 0, x, " ", wd - 4, at);
		x += ui_puts_fit(a, w, 0, x, title, wd - 3 - x, at | A_BOLD);
		ui_puts(a, w, 0, x, " ", wd - 2 - x, at);
	}
}

void ui_hrule(struct app *a, WINDOW *w, int y, const char *title)
{
	int h, wd;
	getmaxyx(w, h, wd);
	if (y <= 0 || y >= h - 1)
		return;
	attr_t at = a->attr[R_BORDER];
	wattrset(w, at);
	if (a->utf8) {
		mvwadd_wch(w, y, 0, WACS_LTEE);
		mvwhline_set(w, y, 1, WACS_HLINE, wd - 2);
		mvwadd_wch(w, y, wd - 1, WACS_RTEE);
	} else {
		mvwaddch(w, y, 0, '+');
		mvwhline(w, y, 1, '-', wd - 2);
		mvwaddch(w, y, wd - 1, '+');
	}
	wattrset(w, A_NORMAL);
	if (title && *title) {
		int x = 2;
		x += ui_puts(a, w, y, x, " ", wd - 4, at);
		x += ui_puts(a, w, y, x, title, wd - 3 - x, at | A_BOLD);
		ui_puts(a, w, y, x, " ", wd - 2 - x, at);
	}
}

void ui_wrapped(struct app *a, WINDOW *w, int *row, int maxrow, int x, int width,
                const char *label, const char *text, attr_t attr)
{
	struct ui_seg segs[64];
	char buf[4096];
	size_t ll = 0;
	if (label && *label) {
		ll = (size_t)snprintf(buf, sizeof buf, "%s: ", label);
		if (ll >= sizeof buf)
			ll = sizeof buf - 1;
	}
	snprintf(buf + ll, sizeof buf - ll, "%s", text ? text : "");
	/* paragraphs separated by '\n' wrap one by one */
	char *p = buf;
	bool first = true;
	while (*row < maxrow) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		size_t k = ui_wrap(p, n, width, label ? 2 : 0, segs, 64);
		if (k > 64)
			k = 64;
		for (size_t i = 0; i < k && *row < maxrow; i++) {
			int cx = x + (i ? (label ? 2 : 0) : 0);
			const char *s = p + segs[i].start;
			size_t sn = segs[i].end - segs[i].start;
			if (first && i == 0 && ll) {
				size_t lab = ll < sn ? ll : sn;
				int u = ui_put(a, w, *row, cx, s, lab, width, a->attr[R_LABEL]);
				ui_put(a, w, *row, cx + u, s + lab, sn - lab, width - u, attr);
			} else {
				ui_put(a, w, *row, cx, s, sn, width - (cx - x), attr);
			}
			(*row)++;
		}
		first = false;
		if (!nl)
			break;
		p = nl + 1;
	}
}

void ui_draw_paras(struct app *a, WINDOW *w, int *row, int maxrow, int x, int width,
                   const struct ui_para *p, size_t n)
{
	for (size_t i = 0; i < n && *row < maxrow; i++) {
		switch (p[i].role) {
		case UI_PARA_TITLE:
			ui_wrapped(a, w, row, maxrow, x, width, NULL, p[i].text, a->attr[R_TITLE]);
			break;
		case UI_PARA_FIELD:
			ui_wrapped(a, w, row, maxrow, x, width, p[i].label, p[i].text,
			           a->attr[R_NORMAL]);
			break;
		case UI_PARA_BODY:
			if (*row < maxrow && i)
				(*row)++;
			ui_wrapped(a, w, row, maxrow, x, width, NULL, p[i].text, a->attr[R_NORMAL]);
			break;
		case UI_PARA_GAP:
			(*row)++;
			break;
		}
	}
}

enum { MARK_MAX = 4096 };

/* Markup stripped, prefix prepended (its bytes styled plain). */
static size_t mark_prepare(const char *prefix, const char *text, char *buf,
                           unsigned char *style, size_t *plen)
{
	size_t pl = prefix ? strlen(prefix) : 0;
	if (pl > 64)
		pl = 64;
	memcpy(buf, prefix ? prefix : "", pl);
	memset(style, UI_MK_PLAIN, pl);
	*plen = pl;
	return pl + ui_markup(text ? text : "", buf + pl, style + pl, MARK_MAX - pl);
}

int ui_marked_rows(const char *prefix, const char *text, int width)
{
	static char buf[MARK_MAX];
	static unsigned char style[MARK_MAX];
	size_t pl;
	size_t n = mark_prepare(prefix, text, buf, style, &pl);
	int indent = (int)ui_text_width(buf, pl);
	int rows = 0;
	size_t start = 0;
	for (size_t i = 0; i <= n; i++)
		if (i == n || buf[i] == '\n') {
			rows += (int)ui_wrap(buf + start, i - start, width, indent, NULL, 0);
			start = i + 1;
		}
	return rows;
}

void ui_marked(struct app *a, WINDOW *w, int *row, int maxrow, int x, int width,
               const char *prefix, const char *text, attr_t attr)
{
	static char buf[MARK_MAX];
	static unsigned char style[MARK_MAX];
	struct ui_seg segs[64];
	size_t pl;
	size_t n = mark_prepare(prefix, text, buf, style, &pl);
	int indent = ui_wrap_indent(width, (int)ui_text_width(buf, pl));
	size_t start = 0;
	for (size_t i = 0; i <= n && *row < maxrow; i++) {
		if (i < n && buf[i] != '\n')
			continue;
		size_t k = ui_wrap(buf + start, i - start, width, indent, segs, 64);
		if (k > 64)
			k = 64;
		for (size_t r = 0; r < k && *row < maxrow; r++) {
			size_t s0 = start + segs[r].start, s1 = start + segs[r].end;
			int cx = x + (r || start ? indent : 0);
			while (s0 < s1) {
				size_t e = s0;
				while (e < s1 && style[e] == style[s0])
					e++;
				attr_t at = style[s0] == UI_MK_CODE ? a->attr[R_LABEL]
				          : style[s0] == UI_MK_EMPH ? attr | A_BOLD : attr;
				cx += ui_put(a, w, *row, cx, buf + s0, e - s0, x + width - cx, at);
				s0 = e;
			}
			(*row)++;
		}
		start = i + 1;
	}
}
