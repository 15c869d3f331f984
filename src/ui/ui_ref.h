/* ui_ref.h — the reference list view model: the catalog's entries in
 * tabs (all, codes, enhanced codes, ports), filtered by an incremental
 * query where code-prefix matches come first ("55" jumps to 550...), a
 * selection with its scroll offset, and an entry laid out as labelled
 * paragraphs. Used by the reference browser and the focused sidebar.
 * No curses. */
#ifndef UI_UI_REF_H
#define UI_UI_REF_H

#include "smtp/catalog.h"

#include <stdbool.h>
#include <stddef.h>

enum ui_ref_tab { UI_REF_ALL, UI_REF_CODES, UI_REF_ENH, UI_REF_PORTS, UI_REF_TAB_COUNT };

struct ui_ref_reply;

struct ui_ref_item {
	enum cat_kind kind;
	const void *entry;          /* struct cat_code / cat_enh / cat_port */
	const struct ui_ref_reply *reply; /* non-NULL: not a catalog entry but
	                             * the whole reply line searched for,
	                             * explained as `smtpsim explain` does */
};

/* Room for a whole reply line ("550 5.1.1 <bob@example.com>: Recipient
 * address rejected: User unknown in virtual mailbox table"). */
enum { UI_REF_QUERY_MAX = 192 };

struct ui_ref {
	enum ui_ref_tab tab;
	bool no_all_tab;            /* the sidebar has no "All" tab */
	char query[UI_REF_QUERY_MAX];
	struct ui_ref_item *v;
	size_t n, cap;
	size_t sel, top;            /* selected item, first item shown */
	struct ui_ref_reply *reply; /* the query as a reply line, explained;
	                             * NULL when it is none */
};

void ui_ref_init(struct ui_ref *r, enum ui_ref_tab tab, bool no_all_tab);
void ui_ref_free(struct ui_ref *r);
/* Rebuild the list for a new tab / query; the selection goes to the
 * first hit. */
void ui_ref_set_tab(struct ui_ref *r, enum ui_ref_tab tab);
void ui_ref_next_tab(struct ui_ref *r, int dir);
void ui_ref_set_query(struct ui_ref *r, const char *q);
const char *ui_ref_tab_name(enum ui_ref_tab tab);
/* Move the selection by DELTA (clamped) and keep it within a list of
 * HEIGHT rows. */
void ui_ref_move(struct ui_ref *r, long delta, int height);
/* Select the entry for a reply code (and show the Codes tab when the
 * tab would not hold it). True when found. */
bool ui_ref_select_code(struct ui_ref *r, int code, int height);
/* The selected item, or NULL when the list is empty. */
const struct ui_ref_item *ui_ref_selected(const struct ui_ref *r);
/* Whether Q is a reply line rather than a code or words: a basic code
 * followed by an enhanced code or text ("451 4.7.1", "550 5.1.1 <b@x>:
 * Recipient address rejected"). Such a query lists, first, the whole
 * reply explained. */
bool ui_ref_is_reply_line(const char *q);
/* One-line label of an item ("552  Requested mail action aborted"). */
const char *ui_ref_label(const struct ui_ref_item *it, char *buf, size_t n);

enum ui_para_role { UI_PARA_TITLE, UI_PARA_FIELD, UI_PARA_BODY, UI_PARA_GAP };

struct ui_para {
	enum ui_para_role role;
	const char *label;          /* FIELD: "Cause" */
	const char *text;           /* borrowed, or points into own */
	char own[192];
};

enum { UI_PARA_MAX = 20 };

/* Lay out an entry as paragraphs into OUT (UI_PARA_MAX room); returns
 * how many. Empty catalog fields are left out. */
size_t ui_ref_paras(const struct ui_ref_item *it, struct ui_para *out);

#endif
