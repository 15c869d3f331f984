/* ui_ref.c — reference list, search and entry layout. */
#include "ui/ui_ref.h"
#include "smtp/explain.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <stdarg.h>

void ui_ref_init(struct ui_ref *r, enum ui_ref_tab tab, bool no_all_tab)
{
	memset(r, 0, sizeof *r);
	r->no_all_tab = no_all_tab;
	if (no_all_tab && tab == UI_REF_ALL)
		tab = UI_REF_CODES;
	ui_ref_set_tab(r, tab);
}

/* The paragraphs `smtpsim explain` prints for the query, kept for the
 * entry view (ui_para texts point into it). */
enum { REPLY_PARAS = UI_PARA_MAX - 1 };
struct ui_ref_reply {
	char line[UI_REF_QUERY_MAX];
	char label[REPLY_PARAS][32];
	char *text[REPLY_PARAS];
	size_t n;
};

static void reply_free(struct ui_ref_reply *rr)
{
	if (!rr)
		return;
	for (size_t i = 0; i < rr->n; i++)
		free(rr->text[i]);
	free(rr);
}

static void reply_say(void *ctx, const char *label, const char *text)
{
	struct ui_ref_reply *rr = ctx;
	if (!*label && rr->n) {
		/* an unlabelled paragraph goes on with the one before */
		char *prev = rr->text[rr->n - 1];
		size_t pl = strlen(prev), tl = strlen(text);
		char *t = realloc(prev, pl + tl + 2);
		if (!t)
			return;
		t[pl] = ' ';
		memcpy(t + pl + 1, text, tl + 1);
		rr->text[rr->n - 1] = t;
		return;
	}
	if (rr->n >= REPLY_PARAS)
		return;
	char *t = strdup(text);
	if (!t)
		return;
	snprintf(rr->label[rr->n], sizeof rr->label[rr->n], "%s", label);
	rr->text[rr->n++] = t;
}

bool ui_ref_is_reply_line(const char *q)
{
	struct explain_found fd;
	size_t n = strlen(q);
	if (!explain_find_reply(q, n, &fd) || fd.kind != EXPLAIN_REPLY || !fd.code)
		return false;
	return fd.enh.cls != 0 || fd.text_len > 0;
}

static struct ui_ref_reply *reply_explain(const char *q)
{
	struct explain_found fd;
	size_t n = strlen(q);
	if (!ui_ref_is_reply_line(q) || !explain_find_reply(q, n, &fd))
		return NULL;
	struct ui_ref_reply *rr = calloc(1, sizeof *rr);
	if (!rr)
		return NULL;
	snprintf(rr->line, sizeof rr->line, "%s", q);
	const char *lines[1] = { q };
	size_t lens[1] = { n };
	struct explain_reply er = { fd.code, fd.enh, false, lines, lens, 1 };
	explain_reply(&er, 0, reply_say, rr);
	return rr;
}

void ui_ref_free(struct ui_ref *r)
{
	reply_free(r->reply);
	r->reply = NULL;
	free(r->v);
	r->v = NULL;
	r->n = r->cap = 0;
}

const char *ui_ref_tab_name(enum ui_ref_tab tab)
{
	switch (tab) {
	case UI_REF_ALL: return "All";
	case UI_REF_CODES: return "Codes";
	case UI_REF_ENH: return "Enhanced";
	case UI_REF_PORTS: return "Ports";
	default: return "";
	}
}

static bool tab_holds(enum ui_ref_tab tab, enum cat_kind k)
{
	switch (tab) {
	case UI_REF_CODES: return k == CAT_CODE;
	case UI_REF_ENH: return k == CAT_ENH;
	case UI_REF_PORTS: return k == CAT_PORT;
	default: return true;
	}
}

static void push(struct ui_ref *r, enum cat_kind kind, const void *entry)
{
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].entry == entry)
			return;
	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 128;
		struct ui_ref_item *v = realloc(r->v, cap * sizeof *v);
		if (!v)
			return;
		r->v = v;
		r->cap = cap;
	}
	r->v[r->n].kind = kind;
	r->v[r->n].entry = entry;
	r->v[r->n].reply = NULL;
	r->n++;
}

/* Does the item's code start with Q? "5.1" matches X.1.1 (the class
 * digit of an enhanced code is any of 2, 4, 5). */
static bool code_prefix(enum cat_kind kind, const void *e, const char *q)
{
	char buf[32];
	size_t n = strlen(q);
	if (!n)
		return false;
	if (kind == CAT_CODE) {
		snprintf(buf, sizeof buf, "%d", ((const struct cat_code *)e)->code);
	} else if (kind == CAT_PORT) {
		snprintf(buf, sizeof buf, "%d", ((const struct cat_port *)e)->port);
	} else {
		const char *c = ((const struct cat_enh *)e)->code;
		snprintf(buf, sizeof buf, "%s", c);
		if ((buf[0] == 'X' || buf[0] == 'x') &&
		    (q[0] == '2' || q[0] == '4' || q[0] == '5' || q[0] == 'x' || q[0] == 'X'))
			buf[0] = q[0];
		/* a bare basic code ("552") is no prefix of an enhanced code */
		if (n > 1 && q[1] != '.')
			return false;
	}
	return strncasecmp(buf, q, n) == 0;
}

static int on_hit(void *ctx, const struct cat_hit *hit)
{
	struct ui_ref *r = ctx;
	if (tab_holds(r->tab, hit->kind))
		push(r, hit->kind, hit->entry);
	return 0;
}

static void rebuild(struct ui_ref *r)
{
	r->n = 0;
	r->sel = r->top = 0;
	const char *q = r->query;
	bool any = !*q;
	reply_free(r->reply);
	r->reply = any ? NULL : reply_explain(q);
	if (r->reply) {
		/* the whole line explained first, then its two codes' entries */
		push(r, CAT_CODE, r->reply);
		r->v[0].reply = r->reply;
		struct explain_found fd;
		explain_find_reply(q, strlen(q), &fd);
		const struct cat_code *cc = cat_code_find(fd.code);
		if (cc && tab_holds(r->tab, CAT_CODE))
			push(r, CAT_CODE, cc);
		char xcode[32];
		snprintf(xcode, sizeof xcode, "X.%d.%d", fd.enh.subject, fd.enh.detail);
		const struct cat_enh *ce = fd.enh.cls ? cat_enh_find(xcode) : NULL;
		if (ce && tab_holds(r->tab, CAT_ENH))
			push(r, CAT_ENH, ce);
		return;
	}
	if (tab_holds(r->tab, CAT_CODE))
		for (size_t i = 0; i < cat_code_count(); i++)
			if (any || code_prefix(CAT_CODE, cat_code_at(i), q))
				push(r, CAT_CODE, cat_code_at(i));
	if (tab_holds(r->tab, CAT_ENH))
		for (size_t i = 0; i < cat_enh_count(); i++)
			if (any || code_prefix(CAT_ENH, cat_enh_at(i), q))
				push(r, CAT_ENH, cat_enh_at(i));
	if (tab_holds(r->tab, CAT_PORT))
		for (size_t i = 0; i < cat_port_count(); i++)
			if (any || code_prefix(CAT_PORT, cat_port_at(i), q))
				push(r, CAT_PORT, cat_port_at(i));
	if (!any)
		cat_search(q, on_hit, r);
}

void ui_ref_set_tab(struct ui_ref *r, enum ui_ref_tab tab)
{
	if (r->no_all_tab && tab == UI_REF_ALL)
		tab = UI_REF_CODES;
	r->tab = tab;
	rebuild(r);
}

void ui_ref_next_tab(struct ui_ref *r, int dir)
{
	int first = r->no_all_tab ? UI_REF_CODES : UI_REF_ALL;
	int count = UI_REF_TAB_COUNT - first;
	int t = ((int)r->tab - first + dir % count + count) % count + first;
	ui_ref_set_tab(r, (enum ui_ref_tab)t);
}

void ui_ref_set_query(struct ui_ref *r, const char *q)
{
	snprintf(r->query, sizeof r->query, "%s", q);
	rebuild(r);
}

static void keep_visible(struct ui_ref *r, int height)
{
	size_t h = height > 0 ? (size_t)height : 1;
	if (r->sel < r->top)
		r->top = r->sel;
	if (r->sel >= r->top + h)
		r->top = r->sel - h + 1;
	if (r->n > h && r->top > r->n - h)
		r->top = r->n - h;
	if (r->n <= h)
		r->top = 0;
}

void ui_ref_move(struct ui_ref *r, long delta, int height)
{
	if (!r->n)
		return;
	long s = (long)r->sel + delta;
	if (s < 0)
		s = 0;
	if (s >= (long)r->n)
		s = (long)r->n - 1;
	r->sel = (size_t)s;
	keep_visible(r, height);
}

bool ui_ref_select_code(struct ui_ref *r, int code, int height)
{
	const struct cat_code *cc = cat_code_find(code);
	if (!cc)
		return false;
	if (!tab_holds(r->tab, CAT_CODE) || r->query[0]) {
		r->query[0] = '\0';
		ui_ref_set_tab(r, r->no_all_tab ? UI_REF_CODES : r->tab);
	}
	for (size_t i = 0; i < r->n; i++)
		if (r->v[i].entry == cc) {
			r->sel = i;
			keep_visible(r, height);
			return true;
		}
	return false;
}

const struct ui_ref_item *ui_ref_selected(const struct ui_ref *r)
{
	return r->sel < r->n ? &r->v[r->sel] : NULL;
}

const char *ui_ref_label(const struct ui_ref_item *it, char *buf, size_t n)
{
	if (it->reply) {
		snprintf(buf, n, "\u25b8 the whole reply, explained: %s", it->reply->line);
		return buf;
	}
	switch (it->kind) {
	case CAT_CODE: {
		const struct cat_code *c = it->entry;
		snprintf(buf, n, "%d  %s", c->code, c->meaning);
		break;
	}
	case CAT_ENH: {
		const struct cat_enh *e = it->entry;
		snprintf(buf, n, "%s  %s", e->code, e->title);
		break;
	}
	case CAT_PORT: {
		const struct cat_port *p = it->entry;
		snprintf(buf, n, "port %d  %s", p->port, p->protocol);
		break;
	}
	}
	return buf;
}

static void para(struct ui_para *out, size_t *n, enum ui_para_role role,
                 const char *label, const char *text)
{
	if (*n >= UI_PARA_MAX || (role != UI_PARA_GAP && (!text || !*text)))
		return;
	out[*n].role = role;
	out[*n].label = label;
	out[*n].text = text;
	(*n)++;
}

static void title(struct ui_para *out, size_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void title(struct ui_para *out, size_t *n, const char *fmt, ...)
{
	if (*n >= UI_PARA_MAX)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(out[*n].own, sizeof out[*n].own, fmt, ap);
	va_end(ap);
	out[*n].role = UI_PARA_TITLE;
	out[*n].label = NULL;
	out[*n].text = out[*n].own;
	(*n)++;
}

size_t ui_ref_paras(const struct ui_ref_item *it, struct ui_para *out)
{
	size_t n = 0;
	if (it->reply) {
		const struct ui_ref_reply *rr = it->reply;
		title(out, &n, "%s", rr->line);
		/* what to do first: at 80x24 the entry pane cannot hold it all */
		for (size_t i = 0; i < rr->n; i++)
			if (!strcmp(rr->label[i], "What to do"))
				para(out, &n, UI_PARA_FIELD, rr->label[i], rr->text[i]);
		for (size_t i = 0; i < rr->n; i++)
			if (strcmp(rr->label[i], "What to do"))
				para(out, &n, UI_PARA_FIELD, rr->label[i], rr->text[i]);
		return n;
	}
	switch (it->kind) {
	case CAT_CODE: {
		const struct cat_code *c = it->entry;
		title(out, &n, "%d  %s", c->code, c->meaning);
		title(out, &n, "%dxx: %s", c->code / 100, cat_reply_class(c->code / 100));
		out[n - 1].role = UI_PARA_FIELD;
		out[n - 1].label = "Class";
		para(out, &n, UI_PARA_FIELD, "Cause", c->cause);
		para(out, &n, UI_PARA_FIELD, "What to do", c->action);
		para(out, &n, UI_PARA_FIELD, "Answers", c->commands);
		para(out, &n, UI_PARA_FIELD, "Where", c->rfc);
		para(out, &n, UI_PARA_BODY, NULL, c->detail);
		break;
	}
	case CAT_ENH: {
		const struct cat_enh *e = it->entry;
		title(out, &n, "%s  %s", e->code, e->title);
		int subj = isdigit((unsigned char)e->code[2]) ? e->code[2] - '0' : -1;
		const char *sm = subj >= 0 ? cat_subject_meaning(subj) : NULL;
		para(out, &n, UI_PARA_FIELD, "Subject", sm);
		para(out, &n, UI_PARA_FIELD, "Meaning", e->meaning);
		para(out, &n, UI_PARA_FIELD, "With", e->basic);
		para(out, &n, UI_PARA_FIELD, "Where", e->rfc);
		break;
	}
	case CAT_PORT: {
		const struct cat_port *p = it->entry;
		title(out, &n, "Port %d  %s", p->port, p->protocol);
		para(out, &n, UI_PARA_FIELD, "Encryption", p->encryption);
		para(out, &n, UI_PARA_FIELD, "Use", p->use);
		para(out, &n, UI_PARA_FIELD, "Where", p->rfc);
		para(out, &n, UI_PARA_BODY, NULL, p->notes);
		break;
	}
	}
	return n;
}
