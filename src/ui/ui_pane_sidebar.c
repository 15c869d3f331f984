/* ui_pane_sidebar.c — the reference sidebar beside a conversation: it
 * follows the last reply (meaning, why here, the enhanced code), and,
 * focused, browses the catalog like the reference screen. The keys of a
 * reference list live here too; the reference screen uses them. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <stdio.h>
#include <string.h>

void ui_pane_sidebar_init(struct ui_side_pane *p)
{
	ui_ref_init(&p->ref, UI_REF_CODES, true);
	p->search = false;
}

void ui_pane_sidebar_free(struct ui_side_pane *p)
{
	ui_ref_free(&p->ref);
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
		struct ui_ref_item it = { CAT_CODE, cc, NULL, NULL };
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
int ui_side_list_rows(struct app *a)
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
		if (!ui_ref_has_tab(&a->side.ref, (enum ui_ref_tab)t))
			continue;
		const char *name = ui_ref_tab_name((enum ui_ref_tab)t);
		attr_t at = t == (int)a->side.ref.tab ? a->attr[R_SELECT] | A_BOLD : a->attr[R_DIM];
		x += ui_puts(a, w, 1, x, name, iw - x + 1, at);
		x += ui_puts(a, w, 1, x, " ", iw - x + 1, A_NORMAL);
	}
	if (a->side.search || a->side.ref.query[0]) {
		int px = 1 + ui_puts(a, w, 2, 1, "/", iw, a->attr[R_LABEL]);
		ui_puts(a, w, 2, px, a->side.ref.query, iw - 1, a->attr[R_NORMAL]);
		if (a->side.search) {
			a->cur_win = w;
			a->cur_y = 2;
			a->cur_x = px + (int)ui_text_width(a->side.ref.query, strlen(a->side.ref.query));
		}
	} else {
		ui_puts(a, w, 2, 1, "/ search  \u2190\u2192 tabs", iw, a->attr[R_DIM]);
	}
	int lr = ui_side_list_rows(a);
	char buf[160];
	if (!a->side.ref.n)
		ui_puts(a, w, 3, 1, "no match", iw, a->attr[R_DIM]);
	for (int i = 0; i < lr && a->side.ref.top + (size_t)i < a->side.ref.n; i++) {
		size_t k = a->side.ref.top + (size_t)i;
		ui_ref_label(&a->side.ref.v[k], buf, sizeof buf);
		attr_t at = k == a->side.ref.sel ? a->attr[R_SELECT] : a->attr[R_NORMAL];
		if (k == a->side.ref.sel)
			mvwhline(w, 3 + i, 1, ' ' | at, iw);
		ui_puts_fit(a, w, 3 + i, 1, buf, iw, at);
	}
	int y = 3 + lr;
	ui_hrule(a, w, y, NULL);
	const struct ui_ref_item *it = ui_ref_selected(&a->side.ref);
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

int ui_ref_list_key(struct ui_ref *r, bool *searching, int key, enum ui_action act,
                    int list_rows)
{
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
