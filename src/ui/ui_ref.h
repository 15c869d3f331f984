/* ui_ref.h — the reference list view model: the catalog's entries in
 * tabs (all, codes, enhanced codes, ports, servers compared), filtered by
 * an incremental query where code-prefix matches come first ("55" jumps
 * to 550...), a selection with its scroll offset, and an entry laid out
 * as labelled paragraphs — or, for a compare case, as every
 * personality's reply side by side. Used by the reference browser and
 * the focused sidebar. No curses. */
#ifndef UI_UI_REF_H
#define UI_UI_REF_H

#include "ref/compare.h"
#include "smtp/catalog.h"

#include <stdbool.h>
#include <stddef.h>

/* UI_REF_CMP ("Servers"): the compare cases, each answered by every
 * personality (src/ref/compare.h). */
enum ui_ref_tab {
	UI_REF_ALL, UI_REF_CODES, UI_REF_ENH, UI_REF_PORTS, UI_REF_CMP, UI_REF_TAB_COUNT
};

struct ui_ref_reply;
struct ui_ref_cmp;

struct ui_ref_item {
	enum cat_kind kind;
	const void *entry;          /* struct cat_code / cat_enh / cat_port */
	const struct ui_ref_reply *reply; /* non-NULL: not a catalog entry but
	                             * the whole reply line searched for,
	                             * explained as `smtpsim explain` does */
	const struct cmp_case *cmp; /* non-NULL: a compare case (entry is it
	                             * too; kind means nothing) */
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
	struct ui_ref_cmp *cmp;     /* the compare cases run so far, one per
	                             * cmp_case_at() index; NULL until one is */
};

void ui_ref_init(struct ui_ref *r, enum ui_ref_tab tab, bool no_all_tab);
void ui_ref_free(struct ui_ref *r);
/* Rebuild the list for a new tab / query; the selection goes to the
 * first hit. */
void ui_ref_set_tab(struct ui_ref *r, enum ui_ref_tab tab);
void ui_ref_next_tab(struct ui_ref *r, int dir);
void ui_ref_set_query(struct ui_ref *r, const char *q);
const char *ui_ref_tab_name(enum ui_ref_tab tab);
/* Whether R shows tab T: the sidebar (no_all_tab) has neither All nor
 * Servers, whose side by side needs the browser's width. */
bool ui_ref_has_tab(const struct ui_ref *r, enum ui_ref_tab t);
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

/* --- servers compared (issue 17) --------------------------------------- */

/* One personality's reply to a compare case, made safe to draw: the
 * engine's bytes pass through ui_visible line by line. */
struct ui_ref_cmp_reply {
	const char *name;           /* the personality (borrowed) */
	int code;
	char enh[64];               /* visible; "" when the server sends none */
	char *text;                 /* visible lines joined by '\n' (own) */
	bool same;                  /* word for word smtpsim's (never smtpsim's own) */
};

/* A compare case run by every personality, with what stays the same. */
struct ui_ref_cmp {
	const struct cmp_case *c;   /* NULL: not run yet */
	struct ui_ref_cmp_reply *r; /* n replies, smtp_personality_name order */
	size_t n;
	int name_w, enh_w;          /* the widest name and enhanced code */
	char command[320];          /* the line whose reply is shown, visible */
	char server[160];           /* "profile mta, scenario mailbox-full" */
	char digit[512];            /* "First digit: 5 at every server" */
	char cls[512];              /* "Enhanced class: ..." */
	bool any_same;              /* some reply is smtpsim's word for word */
	char err[256];              /* the run failed: why (n is 0) */
};

/* Fill K from case C and the N answers (in smtp_personality_name order):
 * visible copies, column widths, the summary. 0, or -1 when memory ran
 * out. K is freed first (zeroed memory is an empty K). */
int ui_ref_cmp_set(struct ui_ref_cmp *k, const struct cmp_case *c,
                   const struct cmp_answer *ans, size_t n);
void ui_ref_cmp_free(struct ui_ref_cmp *k);
/* The side by side of a compare item, run on first use and kept in R
 * (borrowed: valid until ui_ref_free); NULL when IT is no compare case
 * or memory ran out. A run that failed comes back with err set. */
const struct ui_ref_cmp *ui_ref_compare(struct ui_ref *r, const struct ui_ref_item *it);

enum ui_cmp_role {
	UI_CMP_TITLE,   /* the case's name */
	UI_CMP_TEXT,    /* wrapped text */
	UI_CMP_FIELD,   /* wrapped "Label: text"; the label's bytes (bold) on
	                 * the first row are the first LABEL_LEN */
	UI_CMP_REPLY,   /* a personality at a glance: mark, name, code, enhanced
	                 * code, then the start of its text when there is room */
	UI_CMP_HEAD,    /* a section's heading */
	UI_CMP_ERROR,
	UI_CMP_GAP,
};

/* One display row of the side by side. Columns count from the entry's
 * left edge. */
struct ui_cmp_row {
	enum ui_cmp_role role;
	const struct ui_ref_cmp_reply *reply; /* REPLY: whose */
	int x;                      /* where TEXT starts */
	const char *text;           /* LEN bytes, visible (borrowed from K) */
	size_t len;
	size_t label_len;           /* FIELD's first row: bytes drawn bold */
	bool cut;                   /* the text goes on: "…" follows it */
};

/* Columns of a REPLY row: the name at 2 (after the mark), the code at
 * CODE_X, the enhanced code at CODE_X + 4; text starts at the returned
 * x of the row. */
int ui_ref_cmp_code_x(const struct ui_ref_cmp *k);

/* Lay K out for WIDTH columns: the case, the replies at a glance (one
 * row each), what stays the same, then every reply in full, wrapped.
 * Fills at most MAX rows of OUT and returns how many there are. */
size_t ui_ref_cmp_rows(const struct ui_ref_cmp *k, int width, struct ui_cmp_row *out,
                       size_t max);

#endif
