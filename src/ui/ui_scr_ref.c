/* ui_scr_ref.c — the reference browser: tabs, a list searched as you
 * type (the model is ui_ref.c), and the selected entry — a catalog
 * entry's paragraphs, or a compare case's replies side by side —
 * scrolled when it is longer than its pane. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_browser {
	struct ui_ref ref;
	bool search;                /* typing a search */
	int scroll;                 /* entry rows scrolled off the top */
	int view;                   /* entry rows shown (the last draw's) */
};

static int ref_init(struct app *a, const struct ui_opts *o)
{
	struct ui_browser *B = calloc(1, sizeof *B);
	if (!B)
		return -1;
	a->ref = B;
	ui_ref_init(&B->ref, UI_REF_ALL, false);
	if (o->query && o->query[0]) {
		/* the query is drawn: outside bytes are made visible first */
		char *vis = ui_visible(o->query, strlen(o->query), NULL);
		char q[UI_REF_QUERY_MAX];
		snprintf(q, sizeof q, "%s", vis ? vis : "");
		free(vis);
		ui_ref_set_query(&B->ref, q);
	}
	return 0;
}

static void ref_free(struct app *a)
{
	if (!a->ref)
		return;
	ui_ref_free(&a->ref->ref);
	free(a->ref);
	a->ref = NULL;
}

static int ref_list_rows(struct app *a)
{
	return a->lay.list.h - 4;
}

static void ref_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_BROWSE, rows, cols, 0);
	if (a->lay.too_small)
		return;
	a->w_a = ui_mkwin(&a->lay.list);
	a->w_b = ui_mkwin(&a->lay.entry);
}

/* The colour of a reply code: its class's, as in the transcript. */
static attr_t code_attr(struct app *a, int code)
{
	int c = code / 100;
	return c >= 2 && c <= 5 ? a->attr[R_S2 + (c - 2)] : a->attr[R_NORMAL];
}

/* One row of a compare case's side by side at row Y; the entry's text
 * starts at column X, WIDTH wide. */
static void draw_cmp_row(struct app *a, WINDOW *w, int y, int x, int width,
                         const struct ui_ref_cmp *k, const struct ui_cmp_row *r)
{
	int tx = x + r->x, tw = width - r->x;
	switch (r->role) {
	case UI_CMP_TITLE:
	case UI_CMP_HEAD:
		ui_put(a, w, y, tx, r->text, r->len, tw, a->attr[R_TITLE]);
		break;
	case UI_CMP_TEXT:
		ui_put(a, w, y, tx, r->text, r->len, tw, a->attr[R_NORMAL]);
		break;
	case UI_CMP_FIELD: {
		int u = ui_put(a, w, y, tx, r->text, r->label_len, tw, a->attr[R_LABEL]);
		ui_put(a, w, y, tx + u, r->text + r->label_len, r->len - r->label_len, tw - u,
		       a->attr[R_NORMAL]);
		break;
	}
	case UI_CMP_REPLY: {
		const struct ui_ref_cmp_reply *rp = r->reply;
		char code[8];
		snprintf(code, sizeof code, "%d", rp->code);
		if (rp->same)
			ui_puts(a, w, y, x, "=", width, a->attr[R_LABEL]);
		ui_puts(a, w, y, x + 2, rp->name, width - 2, a->attr[R_LABEL]);
		int cx = ui_ref_cmp_code_x(k);
		ui_puts(a, w, y, x + cx, code, width - cx, code_attr(a, rp->code));
		ui_puts(a, w, y, x + cx + 4, rp->enh, width - cx - 4, code_attr(a, rp->code));
		int u = ui_put(a, w, y, tx, r->text, r->len, tw, a->attr[R_NORMAL]);
		if (r->cut)
			ui_puts(a, w, y, tx + u, a->utf8 ? "\u2026" : "~", tw - u, a->attr[R_NORMAL]);
		break;
	}
	case UI_CMP_ERROR:
		ui_put(a, w, y, tx, r->text, r->len, tw, a->attr[R_ERROR]);
		break;
	case UI_CMP_GAP:
		break;
	}
}

/* The selected entry, from B->scroll (clamped here, where its length is
 * known); returns how far it can scroll (0: it fits). */
static int draw_entry(struct app *a, struct ui_browser *B)
{
	WINDOW *e = a->w_b;
	int h, wd;
	getmaxyx(e, h, wd);
	werase(e);
	int x = 2, width = wd - 4, view = h - 2 > 0 ? h - 2 : 0;
	const struct ui_ref_item *it = ui_ref_selected(&B->ref);
	const struct ui_ref_cmp *k = ui_ref_compare(&B->ref, it);
	enum { ROWS = 1024 };
	static struct ui_cmp_row rows[ROWS];
	struct ui_para p[UI_PARA_MAX];
	size_t nrows = 0, np = 0;
	int total = 0;
	if (k) {
		nrows = ui_ref_cmp_rows(k, width, rows, ROWS);
		if (nrows > ROWS)
			nrows = ROWS;
		total = (int)nrows;
	} else if (it) {
		np = ui_ref_paras(it, p);
		/* measured by drawing it all above the window, where nothing
		 * is drawn: the one layout, so the two cannot differ */
		int start = -(1 << 20), row = start;
		ui_draw_paras(a, e, &row, 0, x, width, p, np);
		total = row - start;
	}
	int most = total > view ? total - view : 0;
	B->scroll = B->scroll > most ? most : B->scroll < 0 ? 0 : B->scroll;
	B->view = view;
	/* the content first, the frame over it: rows scrolled above the pane
	 * land on its top border or outside the window */
	if (k) {
		for (size_t i = (size_t)B->scroll; i < nrows && (int)i - B->scroll < view; i++)
			draw_cmp_row(a, e, 1 + (int)i - B->scroll, x, width, k, &rows[i]);
	} else if (it) {
		int row = 1 - B->scroll;
		ui_draw_paras(a, e, &row, h - 1, x, width, p, np);
	}
	ui_frame(a, e, k ? "Servers compared" : "Entry", false);
	if (most) {
		const char *more = B->scroll == 0 ? " \u2193 more: S-Down "
		                 : B->scroll == most ? " \u2191 more: S-Up "
		                 : " \u2191\u2193 more: S-Up/S-Down ";
		int mw = (int)ui_text_width(more, strlen(more));
		ui_puts(a, e, h - 1, wd - 2 - mw, more, mw, a->attr[R_BORDER_FOCUS] | A_BOLD);
	}
	return most;
}

static void ref_draw(struct app *a)
{
	struct ui_browser *B = a->ref;
	WINDOW *w = a->w_a;
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	ui_frame(a, w, "Reference", true);
	int iw = wd - 2, x = 1;
	for (int t = 0; t < UI_REF_TAB_COUNT; t++) {
		attr_t at = t == (int)B->ref.tab ? a->attr[R_SELECT] | A_BOLD : a->attr[R_DIM];
		x += ui_puts(a, w, 1, x, ui_ref_tab_name((enum ui_ref_tab)t), iw - x + 1, at);
		x += ui_puts(a, w, 1, x, " ", iw - x + 1, A_NORMAL);
	}
	a->cur_win = NULL;
	if (B->search || B->ref.query[0]) {
		int px = 1 + ui_puts(a, w, 2, 1, "/", iw, a->attr[R_LABEL]);
		ui_puts(a, w, 2, px, B->ref.query, iw - 1, a->attr[R_NORMAL]);
		char cnt[32];
		snprintf(cnt, sizeof cnt, " %zu found", B->ref.n);
		int cw = (int)strlen(cnt);
		ui_puts(a, w, 2, wd - 1 - cw, cnt, cw, a->attr[R_DIM]);
		if (B->search) {
			a->cur_win = w;
			a->cur_y = 2;
			a->cur_x = px + (int)ui_text_width(B->ref.query, strlen(B->ref.query));
		}
	} else {
		ui_puts(a, w, 2, 1, "/ search, or type a code", iw, a->attr[R_DIM]);
	}
	int lr = ref_list_rows(a);
	char buf[200];
	if (!B->ref.n)
		ui_puts(a, w, 3, 1, "nothing matches", iw, a->attr[R_DIM]);
	for (int i = 0; i < lr && B->ref.top + (size_t)i < B->ref.n; i++) {
		size_t k = B->ref.top + (size_t)i;
		ui_ref_label(&B->ref.v[k], buf, sizeof buf);
		attr_t at = k == B->ref.sel ? a->attr[R_SELECT] : a->attr[R_NORMAL];
		if (k == B->ref.sel)
			mvwhline(w, 3 + i, 1, ' ' | at, iw);
		ui_puts_fit(a, w, 3 + i, 1, buf, iw, at);
	}
	(void)h;

	int most = draw_entry(a, B);
	ui_status(a, "Reference",
	          most ? "F1 Help  \u2191\u2193 move  q back  / search  Tab tabs  "
	                 "S-\u2191\u2193 scroll  F3 Play"
	               : "F1 Help  \u2191\u2193 move  q back  / search  Tab tabs  F3 Play");
}

static const void *shown(const struct ui_browser *B)
{
	const struct ui_ref_item *it = ui_ref_selected(&B->ref);
	return it ? it->entry : NULL;
}

static int ref_key_list(struct app *a, int key);

/* Another entry starts at its top. */
static int ref_key(struct app *a, int key)
{
	struct ui_browser *B = a->ref;
	const void *before = shown(B);
	int r = ref_key_list(a, key);
	if (shown(B) != before)
		B->scroll = 0;
	return r;
}

static int ref_key_list(struct app *a, int key)
{
	struct ui_browser *B = a->ref;
	enum ui_action act = ui_key_action(CTX_REF, key);
	if (!B->search && !(key & UI_KFN) && key >= '0' && key <= '9') {
		B->search = true;
		char q[2] = { (char)key, 0 };
		ui_ref_set_query(&B->ref, q);
		return UI_DIRTY;
	}
	if (B->search && act == ACT_LEAVE)
		act = ACT_NONE;   /* 'q' is text while searching */
	if (act == ACT_LEAVE)
		return UI_LEAVE;
	int r = ui_ref_list_key(&B->ref, &B->search, key, act, ref_list_rows(a));
	if (r)
		return r;
	if (act == ACT_SCROLL_UP || act == ACT_SCROLL_DOWN) {
		/* half a pane at a time, as the lesson pane scrolls */
		int by = B->view > 3 ? B->view / 2 : 1;
		B->scroll += act == ACT_SCROLL_UP ? -by : by;
		return UI_DIRTY;
	}
	if (ui_key_action(CTX_ANY, key) == ACT_WHEEL) {
		ui_ref_move(&B->ref, ui_mouse_wheel() * 3, ref_list_rows(a));
		return UI_DIRTY;
	}
	return 0;
}

const struct ui_screen_ops ui_scr_ref = {
	.help = 1u << CTX_REF,
	.init = ref_init,
	.layout = ref_layout,
	.draw = ref_draw,
	.key = ref_key,
	.free = ref_free,
};
