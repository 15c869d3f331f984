/* ui_scr_ref.c — the reference browser: tabs, a list searched as you
 * type (the model is ui_ref.c), and the selected entry. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_browser {
	struct ui_ref ref;
	bool search;                /* typing a search */
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

	WINDOW *e = a->w_b;
	getmaxyx(e, h, wd);
	werase(e);
	ui_frame(a, e, "Entry", false);
	const struct ui_ref_item *it = ui_ref_selected(&B->ref);
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
