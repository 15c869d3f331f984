/* catalog.c — the reference catalog's lookups and its search. The tables
 * themselves (the prose) are in catalog_data.c. */
#include "smtp/catalog.h"
#include "smtp/catalog_data.h"
#include "smtp/smtp.h"

#include <stdbool.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* --- lookups -------------------------------------------------------------- */

size_t cat_code_count(void) { return cat_data_codes_count; }

const struct cat_code *cat_code_at(size_t i)
{
	return i < cat_data_codes_count ? &cat_data_codes[i] : NULL;
}

const struct cat_code *cat_code_find(int code)
{
	for (size_t i = 0; i < cat_data_codes_count; i++)
		if (cat_data_codes[i].code == code)
			return &cat_data_codes[i];
	return NULL;
}

size_t cat_enh_count(void) { return cat_data_enh_count; }

const struct cat_enh *cat_enh_at(size_t i)
{
	return i < cat_data_enh_count ? &cat_data_enh[i] : NULL;
}

/* Parse 1 to 3 digits at s; the value, or -1. *end is set past them. */
static int parse_num(const char *s, const char **end)
{
	int v = 0;
	int n = 0;
	while (s[n] >= '0' && s[n] <= '9') {
		if (n == 3)
			return -1;
		v = v * 10 + (s[n] - '0');
		n++;
	}
	*end = s + n;
	return n ? v : -1;
}

/* "5.1.1" / "X.1.1" as a whole string: subject and detail, or false. */
static bool parse_enh(const char *s, int *subj, int *detail)
{
	return smtp_enh_parse(s, true, NULL, subj, detail);
}

/* "5.7" / "X.7" as a whole string: the subject, or false. */
static bool parse_subject(const char *s, int *subj)
{
	const char *p;
	if (!s || !s[0] || !strchr("245Xx", s[0]) || s[1] != '.')
		return false;
	*subj = parse_num(s + 2, &p);
	return *subj >= 0 && *p == '\0';
}

void cat_reply_gloss(int code, const char *enhanced, struct cat_gloss *g)
{
	const struct cat_code *c = cat_code_find(code);
	g->meaning = c ? c->meaning : cat_reply_class(code / 100);
	g->enh_title = NULL;
	size_t el = enhanced ? strlen(enhanced) : 0;
	if (el > 2 && strcmp(enhanced + el - 2, ".0")) {
		const struct cat_enh *e = cat_enh_find(enhanced);
		g->enh_title = e ? e->title : NULL;
	}
}

const struct cat_enh *cat_enh_find(const char *code)
{
	int subj, detail, es, ed;
	if (!parse_enh(code, &subj, &detail))
		return NULL;
	for (size_t i = 0; i < cat_data_enh_count; i++)
		if (parse_enh(cat_data_enh[i].code, &es, &ed) && es == subj && ed == detail)
			return &cat_data_enh[i];
	return NULL;
}

size_t cat_port_count(void) { return cat_data_ports_count; }

const struct cat_port *cat_port_at(size_t i)
{
	return i < cat_data_ports_count ? &cat_data_ports[i] : NULL;
}

const struct cat_port *cat_port_find(int port)
{
	for (size_t i = 0; i < cat_data_ports_count; i++)
		if (cat_data_ports[i].port == port)
			return &cat_data_ports[i];
	return NULL;
}

/* --- search ----------------------------------------------------------------- */

enum { MAX_TERMS = 16, MAX_TERM = 64 };

struct term {
	char text[MAX_TERM + 1]; /* lower case */
	size_t len;
	bool enh;                /* shaped like an enhanced code */
	bool subject;            /* shaped like "5.7": a class and subject */
	int subj, detail;
};

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* Case-insensitive: does hay contain the lower-case needle? A code-shaped
 * needle must not be part of a longer number ("5.1.1" in "5.1.10"). */
static bool contains(const char *hay, const char *needle, size_t nlen, bool code)
{
	char first = needle[0];
	char upper = (first >= 'a' && first <= 'z') ? (char)(first - 'a' + 'A') : first;
	for (const char *h = hay; *h; h++) {
		if (*h != first && *h != upper)
			continue;
		size_t k = 1;
		while (k < nlen && h[k] && lower(h[k]) == needle[k])
			k++;
		if (k < nlen)
			continue;
		if (code && (is_digit(h[nlen]) ||
		             (h > hay && (is_digit(h[-1]) || h[-1] == '.'))))
			continue;
		return true;
	}
	return false;
}

static bool any_contains(const char *const *fields, size_t n, const struct term *t)
{
	for (size_t i = 0; i < n; i++)
		if (fields[i] && contains(fields[i], t->text, t->len, t->enh))
			return true;
	return false;
}

/* Split the query into lower-case terms; returns how many. Terms longer
 * than MAX_TERM are cut there, and only the first MAX_TERMS count. */
static size_t split_terms(const char *q, struct term *terms)
{
	size_t n = 0;
	while (q && *q && n < MAX_TERMS) {
		while (*q == ' ' || *q == '\t' || *q == '\n' || *q == '\r')
			q++;
		if (!*q)
			break;
		struct term *t = &terms[n];
		t->len = 0;
		while (*q && *q != ' ' && *q != '\t' && *q != '\n' && *q != '\r') {
			if (t->len < MAX_TERM)
				t->text[t->len++] = lower(*q);
			q++;
		}
		t->text[t->len] = '\0';
		t->enh = parse_enh(t->text, &t->subj, &t->detail);
		t->subject = !t->enh && parse_subject(t->text, &t->subj);
		n++;
	}
	return n;
}

/* An enhanced-code term matches an entry's code exactly (5.1.1 is X.1.1,
 * not X.1.10), and any other field as plain text. */
static bool enh_matches(const struct cat_enh *e, const struct term *t)
{
	const char *fields[] = { e->title, e->meaning, e->basic, e->rfc, e->action };
	int s, d;
	if (t->enh && parse_enh(e->code, &s, &d) && s == t->subj && d == t->detail)
		return true;
	if (t->subject && parse_enh(e->code, &s, &d) && s == t->subj)
		return true;
	if (!t->enh && contains(e->code, t->text, t->len, false))
		return true;
	return any_contains(fields, COUNT(fields), t);
}

static bool code_matches(const struct cat_code *c, const struct term *t)
{
	char num[8];
	const char *fields[] = { num, c->meaning, c->cause, c->action,
	                         c->commands, c->rfc, c->detail };
	num[0] = (char)('0' + c->code / 100 % 10);
	num[1] = (char)('0' + c->code / 10 % 10);
	num[2] = (char)('0' + c->code % 10);
	num[3] = '\0';
	return any_contains(fields, COUNT(fields), t);
}

static bool port_matches(const struct cat_port *p, const struct term *t)
{
	char num[8];
	size_t k = 0;
	char rev[8];
	int v = p->port;
	do {
		rev[k++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && k < sizeof rev);
	for (size_t i = 0; i < k; i++)
		num[i] = rev[k - 1 - i];
	num[k] = '\0';
	const char *fields[] = { num, p->protocol, p->encryption, p->use,
	                         p->rfc, p->notes };
	return any_contains(fields, COUNT(fields), t);
}

size_t cat_search(const char *query, cat_hit_fn fn, void *ctx)
{
	struct term terms[MAX_TERMS];
	size_t nt = split_terms(query, terms);
	size_t hits = 0;
	struct cat_hit hit;

#define REPORT(kind_, ptr_)                                                   \
	do {                                                                  \
		hits++;                                                       \
		hit.kind = (kind_);                                           \
		hit.entry = (ptr_);                                           \
		if (fn && fn(ctx, &hit))                                      \
			return hits;                                          \
	} while (0)

	for (size_t i = 0; i < cat_data_codes_count; i++) {
		size_t k = 0;
		while (k < nt && code_matches(&cat_data_codes[i], &terms[k]))
			k++;
		if (k == nt)
			REPORT(CAT_CODE, &cat_data_codes[i]);
	}
	for (size_t i = 0; i < cat_data_enh_count; i++) {
		size_t k = 0;
		while (k < nt && enh_matches(&cat_data_enh[i], &terms[k]))
			k++;
		if (k == nt)
			REPORT(CAT_ENH, &cat_data_enh[i]);
	}
	for (size_t i = 0; i < cat_data_ports_count; i++) {
		size_t k = 0;
		while (k < nt && port_matches(&cat_data_ports[i], &terms[k]))
			k++;
		if (k == nt)
			REPORT(CAT_PORT, &cat_data_ports[i]);
	}
#undef REPORT
	return hits;
}
