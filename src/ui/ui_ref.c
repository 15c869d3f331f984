/* ui_ref.c — reference list, search and entry layout. */
#include "ui/ui_ref.h"
#include "smtp/explain.h"
#include "smtp/personality.h"
#include "ui/ui_text.h"

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
	for (size_t i = 0; r->cmp && i < cmp_case_count(); i++)
		ui_ref_cmp_free(&r->cmp[i]);
	free(r->cmp);
	r->cmp = NULL;
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
	case UI_REF_CMP: return "Servers";
	default: return "";
	}
}

bool ui_ref_has_tab(const struct ui_ref *r, enum ui_ref_tab t)
{
	if (r->no_all_tab && (t == UI_REF_ALL || t == UI_REF_CMP))
		return false;
	return t >= UI_REF_ALL && t < UI_REF_TAB_COUNT;
}

static bool tab_holds(enum ui_ref_tab tab, enum cat_kind k)
{
	switch (tab) {
	case UI_REF_CODES: return k == CAT_CODE;
	case UI_REF_ENH: return k == CAT_ENH;
	case UI_REF_PORTS: return k == CAT_PORT;
	case UI_REF_CMP: return false;
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
	r->v[r->n].cmp = NULL;
	r->n++;
}

/* Does S hold Q, ignoring ASCII case? */
static bool holds(const char *s, const char *q)
{
	size_t n = strlen(q);
	for (; s && *s; s++)
		if (!strncasecmp(s, q, n))
			return true;
	return false;
}

/* Does compare case C match Q: its name, title or scenario holds it? */
static bool case_matches(const struct cmp_case *c, const char *q)
{
	return !*q || holds(c->name, q) || holds(c->title, q) || holds(c->scenario, q);
}

/* The compare cases matching the query, after the catalog's entries. */
static void push_cases(struct ui_ref *r)
{
	if (r->tab != UI_REF_ALL && r->tab != UI_REF_CMP)
		return;
	for (size_t i = 0; i < cmp_case_count(); i++) {
		const struct cmp_case *c = cmp_case_at(i);
		if (!case_matches(c, r->query))
			continue;
		size_t before = r->n;
		push(r, CAT_CODE, c);
		if (r->n > before)
			r->v[r->n - 1].cmp = c;
	}
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
	push_cases(r);
}

void ui_ref_set_tab(struct ui_ref *r, enum ui_ref_tab tab)
{
	if (!ui_ref_has_tab(r, tab))
		tab = UI_REF_CODES;
	r->tab = tab;
	rebuild(r);
}

void ui_ref_next_tab(struct ui_ref *r, int dir)
{
	int t = (int)r->tab;
	do
		t = (t + (dir < 0 ? UI_REF_TAB_COUNT - 1 : 1)) % UI_REF_TAB_COUNT;
	while (!ui_ref_has_tab(r, (enum ui_ref_tab)t));
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
	if (it->cmp) {
		snprintf(buf, n, "%s  %s", it->cmp->name, it->cmp->title);
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
	if (it->cmp) {
		/* where no side by side is drawn: what the case is */
		title(out, &n, "%s", it->cmp->name);
		para(out, &n, UI_PARA_FIELD, "Case", it->cmp->title);
		para(out, &n, UI_PARA_FIELD, "Profile", it->cmp->profile);
		para(out, &n, UI_PARA_FIELD, "Scenario", it->cmp->scenario);
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

/* --- servers compared ---------------------------------------------------- */

void ui_ref_cmp_free(struct ui_ref_cmp *k)
{
	for (size_t i = 0; i < k->n; i++)
		free(k->r[i].text);
	free(k->r);
	memset(k, 0, sizeof *k);
}

/* Append to a summary: ", " between names, "; " between groups. */
static void summarise(struct ui_ref_cmp *k, const struct cmp_answer *ans)
{
	struct cmp_summary sum;
	cmp_summarise(ans, k->n, &sum);
	k->any_same = sum.any_copy;
	cmp_digit_sentence(ans, k->n, k->digit, sizeof k->digit);
	cmp_class_sentence(ans, k->n, k->cls, sizeof k->cls);
}

/* A visible copy of N bytes into OUT (CAP), cut to fit. */
static void visible_into(char *out, size_t cap, const char *s, size_t n)
{
	char *v = ui_visible(s, n, NULL);
	snprintf(out, cap, "%s", v ? v : "");
	free(v);
}

int ui_ref_cmp_set(struct ui_ref_cmp *k, const struct cmp_case *c,
                   const struct cmp_answer *ans, size_t n)
{
	ui_ref_cmp_free(k);
	k->c = c;
	const char *cmd = cmp_case_command(c);
	char vis[256];
	visible_into(vis, sizeof vis, cmd, strlen(cmd));
	snprintf(k->command, sizeof k->command, "Reply to: %s", vis);
	snprintf(k->server, sizeof k->server, "Set-up: profile %s%s%s", c->profile,
	         c->scenario ? ", scenario " : "", c->scenario ? c->scenario : "");
	k->r = calloc(n ? n : 1, sizeof *k->r);
	if (!k->r)
		return -1;
	for (size_t i = 0; i < n; i++) {
		struct ui_ref_cmp_reply *r = &k->r[i];
		k->n = i + 1;
		r->name = smtp_personality_name(i);
		r->code = ans[i].code;
		visible_into(r->enh, sizeof r->enh, ans[i].enh, strlen(ans[i].enh));
		r->same = i > 0 && cmp_same(&ans[0], &ans[i]);
		/* line by line: the '\n' between a multi-line reply's lines is
		 * kept, every other byte made visible */
		struct ui_buf b = { 0 };
		for (const char *l = ans[i].text; ; ) {
			size_t ln = strcspn(l, "\n");
			size_t vn;
			char *v = ui_visible(l, ln, &vn);
			if (!v || ui_buf_add(&b, v, vn) < 0 || (l[ln] && ui_buf_add(&b, "\n", 1) < 0)) {
				free(v);
				ui_buf_free(&b);
				return -1;
			}
			free(v);
			if (!l[ln])
				break;
			l += ln + 1;
		}
		if (!b.p && ui_buf_add(&b, "", 0) < 0)
			return -1;
		r->text = b.p;
		int w = (int)strlen(r->name);
		k->name_w = w > k->name_w ? w : k->name_w;
		w = (int)ui_text_width(r->enh, strlen(r->enh));
		k->enh_w = w > k->enh_w ? w : k->enh_w;
	}
	summarise(k, ans);
	return 0;
}

const struct ui_ref_cmp *ui_ref_compare(struct ui_ref *r, const struct ui_ref_item *it)
{
	if (!it || !it->cmp)
		return NULL;
	size_t nc = cmp_case_count(), i = 0;
	while (i < nc && cmp_case_at(i) != it->cmp)
		i++;
	if (i == nc)
		return NULL;
	if (!r->cmp && !(r->cmp = calloc(nc, sizeof *r->cmp)))
		return NULL;
	struct ui_ref_cmp *k = &r->cmp[i];
	if (k->c)
		return k;
	char err[256] = "";
	struct cmp_answer *ans = cmp_run_all(it->cmp, err, sizeof err);
	if (!ans) {
		ui_ref_cmp_free(k);
		k->c = it->cmp;
		visible_into(k->err, sizeof k->err, err, strlen(err));
		return k;
	}
	int rc = ui_ref_cmp_set(k, it->cmp, ans, smtp_personality_count());
	free(ans);
	if (rc < 0) {
		ui_ref_cmp_free(k);
		return NULL;
	}
	return k;
}

int ui_ref_cmp_code_x(const struct ui_ref_cmp *k)
{
	return 2 + k->name_w + 2;
}

struct rows {
	struct ui_cmp_row *v;
	size_t n, max;
};

static struct ui_cmp_row *row_add(struct rows *rs, enum ui_cmp_role role)
{
	static struct ui_cmp_row spare;   /* rows past MAX are counted only */
	struct ui_cmp_row *r = rs->n < rs->max ? &rs->v[rs->n] : &spare;
	rs->n++;
	memset(r, 0, sizeof *r);
	r->role = role;
	return r;
}

/* S (N bytes, visible) wrapped from column X to WIDTH, each '\n'-separated
 * line on rows of its own; rows after a line's first are indented by 2.
 * LABEL_LEN: the first row's bold label. */
static void rows_wrapped(struct rows *rs, enum ui_cmp_role role, int x, int width,
                         const char *s, size_t n, size_t label_len)
{
	enum { SEGS = 256 };
	struct ui_seg segs[SEGS];
	int w = width - x > 1 ? width - x : 1;
	int ind = ui_wrap_indent(w, 2);
	for (size_t at = 0; ; ) {
		size_t ln = 0;
		while (at + ln < n && s[at + ln] != '\n')
			ln++;
		size_t k = ui_wrap(s + at, ln, w, 2, segs, SEGS);
		if (k > SEGS)
			k = SEGS;
		for (size_t i = 0; i < k; i++) {
			struct ui_cmp_row *r = row_add(rs, role);
			r->x = x + (i ? ind : 0);
			r->text = s + at + segs[i].start;
			r->len = segs[i].end - segs[i].start;
			r->label_len = !at && !i ? (label_len < r->len ? label_len : r->len) : 0;
		}
		at += ln;
		if (at >= n)
			break;
		at++;   /* the '\n' */
	}
}

/* "Label: text", the label up to the first ": " (LABEL_LEN 0), or the
 * first LABEL_LEN bytes. */
static void rows_field(struct rows *rs, int width, const char *s, size_t label_len)
{
	const char *colon = strstr(s, ": ");
	if (!label_len && colon)
		label_len = (size_t)(colon - s) + 2;
	rows_wrapped(rs, UI_CMP_FIELD, 0, width, s, strlen(s), label_len);
}

/* A reply at a glance; GLANCE: the start of its text follows when at
 * least a few words fit. */
static void rows_reply(struct rows *rs, const struct ui_ref_cmp *k,
                       const struct ui_ref_cmp_reply *rp, int width, bool glance)
{
	enum { GLANCE_MIN = 16 };
	struct ui_cmp_row *r = row_add(rs, UI_CMP_REPLY);
	r->reply = rp;
	r->x = ui_ref_cmp_code_x(k) + 4 + (k->enh_w ? k->enh_w + 2 : 1);
	r->text = rp->text;
	int room = width - r->x;
	if (!glance || room < GLANCE_MIN) {
		r->len = 0;
		return;
	}
	size_t ln = strcspn(rp->text, "\n");
	int cols;
	if (!rp->text[ln] && (int)ui_text_width(rp->text, ln) <= room) {
		r->len = ln;
		return;
	}
	size_t cut = ui_fit(rp->text, ln, room - 1, &cols);
	while (cut && rp->text[cut - 1] == ' ')
		cut--;
	r->len = cut;
	r->cut = true;
}

size_t ui_ref_cmp_rows(const struct ui_ref_cmp *k, int width, struct ui_cmp_row *out,
                       size_t max)
{
	struct rows rs = { out, 0, max };
	if (!k->c)
		return 0;
	struct ui_cmp_row *r = row_add(&rs, UI_CMP_TITLE);
	r->text = k->c->name;
	r->len = strlen(k->c->name);
	rows_wrapped(&rs, UI_CMP_TEXT, 0, width, k->c->title, strlen(k->c->title), 0);
	rows_field(&rs, width, k->command, 0);
	rows_field(&rs, width, k->server, 0);
	row_add(&rs, UI_CMP_GAP);
	if (k->err[0] || !k->n) {
		r = row_add(&rs, UI_CMP_ERROR);
		r->text = "the servers could not be run:";
		r->len = strlen(r->text);
		rows_wrapped(&rs, UI_CMP_ERROR, 0, width, k->err, strlen(k->err), 0);
		return rs.n;
	}
	for (size_t i = 0; i < k->n; i++)
		rows_reply(&rs, k, &k->r[i], width, true);
	row_add(&rs, UI_CMP_GAP);
	rows_field(&rs, width, k->digit, 0);
	rows_field(&rs, width, k->cls, 0);
	if (k->any_same)
		rows_field(&rs, width, "= smtpsim's reply word for word: that server says the "
		           "same, or no public source gives its own words", 1);
	row_add(&rs, UI_CMP_GAP);
	r = row_add(&rs, UI_CMP_HEAD);
	r->text = "Every reply in full";
	r->len = strlen(r->text);
	for (size_t i = 0; i < k->n; i++) {
		rows_reply(&rs, k, &k->r[i], width, false);
		rows_wrapped(&rs, UI_CMP_TEXT, 2, width, k->r[i].text, strlen(k->r[i].text), 0);
	}
	return rs.n;
}
