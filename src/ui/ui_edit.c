/* ui_edit.c — line editor, history and completion. */
#include "ui/ui_edit.h"
#include "ui/ui_text.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

void ui_edit_init(struct ui_edit *e)
{
	memset(e, 0, sizeof *e);
}

void ui_edit_free(struct ui_edit *e)
{
	for (size_t i = 0; i < e->nhist; i++)
		free(e->hist[i]);
	free(e->hist);
	free(e->draft);
	memset(e, 0, sizeof *e);
}

static size_t prev_cp(const struct ui_edit *e, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && ((unsigned char)e->buf[at] & 0xc0) == 0x80)
		at--;
	return at;
}

static size_t next_cp(const struct ui_edit *e, size_t at)
{
	uint32_t cp;
	if (at >= e->len)
		return e->len;
	return at + ui_utf8_decode(e->buf + at, e->len - at, &cp);
}

static void cut(struct ui_edit *e, size_t from, size_t to)
{
	memmove(e->buf + from, e->buf + to, e->len - to);
	e->len -= to - from;
	e->buf[e->len] = '\0';
	if (e->cur > to)
		e->cur -= to - from;
	else if (e->cur > from)
		e->cur = from;
}

static bool put_bytes(struct ui_edit *e, const char *s, size_t n)
{
	if (e->len + n > UI_EDIT_MAX)
		return false;
	memmove(e->buf + e->cur + n, e->buf + e->cur, e->len - e->cur);
	memcpy(e->buf + e->cur, s, n);
	e->len += n;
	e->cur += n;
	e->buf[e->len] = '\0';
	return true;
}

bool ui_edit_insert(struct ui_edit *e, uint32_t cp)
{
	char u[4];
	if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return false;
	size_t n = ui_utf8_encode(cp, u);
	return n && put_bytes(e, u, n);
}

void ui_edit_set_extra_addresses(struct ui_edit *e, const char *const *addrs)
{
	e->extra_addr = addrs;
}

void ui_edit_set(struct ui_edit *e, const char *s)
{
	size_t n = strlen(s);
	if (n > UI_EDIT_MAX)
		n = UI_EDIT_MAX;
	memcpy(e->buf, s, n);
	e->buf[n] = '\0';
	e->len = e->cur = n;
}

static void hist_show(struct ui_edit *e, size_t pos)
{
	if (e->hpos == e->nhist) {
		free(e->draft);
		e->draft = strdup(e->buf);
	}
	e->hpos = pos;
	ui_edit_set(e, pos == e->nhist ? (e->draft ? e->draft : "") : e->hist[pos]);
}

bool ui_edit_op(struct ui_edit *e, enum ui_edit_op op)
{
	size_t at;
	switch (op) {
	case UI_ED_LEFT:
		if (!e->cur)
			return false;
		e->cur = prev_cp(e, e->cur);
		return true;
	case UI_ED_RIGHT:
		if (e->cur >= e->len)
			return false;
		e->cur = next_cp(e, e->cur);
		return true;
	case UI_ED_HOME:
		if (!e->cur)
			return false;
		e->cur = 0;
		return true;
	case UI_ED_END:
		if (e->cur == e->len)
			return false;
		e->cur = e->len;
		return true;
	case UI_ED_BACKSPACE:
		if (!e->cur)
			return false;
		cut(e, prev_cp(e, e->cur), e->cur);
		return true;
	case UI_ED_DELETE:
		if (e->cur >= e->len)
			return false;
		cut(e, e->cur, next_cp(e, e->cur));
		return true;
	case UI_ED_KILL_END:
		if (e->cur == e->len)
			return false;
		cut(e, e->cur, e->len);
		return true;
	case UI_ED_KILL_START:
		if (!e->cur)
			return false;
		cut(e, 0, e->cur);
		return true;
	case UI_ED_KILL_WORD:
		if (!e->cur)
			return false;
		at = e->cur;
		while (at > 0 && e->buf[at - 1] == ' ')
			at--;
		while (at > 0 && e->buf[at - 1] != ' ')
			at--;
		cut(e, at, e->cur);
		return true;
	case UI_ED_HIST_PREV:
		if (e->hpos == 0)
			return false;
		hist_show(e, e->hpos - 1);
		return true;
	case UI_ED_HIST_NEXT:
		if (e->hpos >= e->nhist)
			return false;
		hist_show(e, e->hpos + 1);
		return true;
	}
	return false;
}

void ui_edit_commit(struct ui_edit *e)
{
	if (e->len && (!e->nhist || strcmp(e->hist[e->nhist - 1], e->buf))) {
		if (e->nhist == UI_HIST_MAX) {
			free(e->hist[0]);
			memmove(e->hist, e->hist + 1, (e->nhist - 1) * sizeof *e->hist);
			e->nhist--;
		}
		char **h = realloc(e->hist, (e->nhist + 1) * sizeof *h);
		char *copy = strdup(e->buf);
		if (h && copy) {
			e->hist = h;
			e->hist[e->nhist++] = copy;
		} else {
			if (h)
				e->hist = h;
			free(copy);
		}
	}
	free(e->draft);
	e->draft = NULL;
	e->hpos = e->nhist;
	e->len = e->cur = 0;
	e->buf[0] = '\0';
}

void ui_edit_view(const struct ui_edit *e, int width, size_t *start, int *col)
{
	if (width < 2)
		width = 2;
	/* Keep the cursor on screen, with the end of the text in view when
	 * the cursor is at the end. */
	size_t s = 0;
	int w = (int)ui_text_width(e->buf, e->cur);
	while (w > width - 1) {
		uint32_t cp;
		size_t l = ui_utf8_decode(e->buf + s, e->len - s, &cp);
		w -= ui_cp_width(cp);
		s += l;
	}
	*start = s;
	*col = w;
}

/* --- completion ------------------------------------------------------ */

static const char *const verbs[] = {
	"EHLO ", "HELO ", "MAIL FROM:<", "RCPT TO:<", "DATA", "RSET", "NOOP",
	"QUIT", "VRFY ", "EXPN ", "HELP", "STARTTLS", "AUTH PLAIN ",
	"AUTH LOGIN", NULL
};

static const char *const metas[] = {
	":help", ":profile ", ":scenario ", ":reset", ":wait ", ":save ",
	":b64 ", ":plain ", ":quit", NULL
};

/* After a 334 the server reads one base64 answer: no command makes sense
 * there, only the helpers that build the answer, or "*" to give up. */
static const char *const auth_answers[] = { ":b64 ", ":plain ", "*", NULL };

static bool prefix_ci(const char *s, const char *p, size_t n)
{
	return strlen(s) >= n && !strncasecmp(s, p, n);
}

/* Replace buf[0..cur) with HEAD followed by TAIL. */
static void replace_head(struct ui_edit *e, const char *head, size_t hn,
                         const char *tail, size_t tn)
{
	char rest[UI_EDIT_MAX + 1];
	size_t rn = e->len - e->cur;
	if (hn + tn + rn > UI_EDIT_MAX)
		return;
	memcpy(rest, e->buf + e->cur, rn);
	memcpy(e->buf, head, hn);
	memcpy(e->buf + hn, tail, tn);
	memcpy(e->buf + hn + tn, rest, rn);
	e->cur = hn + tn;
	e->len = e->cur + rn;
	e->buf[e->len] = '\0';
}

/* Complete WORD (the text after HEAD, up to the cursor) from LIST. The
 * inserted text is the candidate followed by SUFFIX when unique. */
static void complete_from(struct ui_edit *e, size_t headlen,
                          const char *const *list, const char *suffix,
                          struct ui_compl *out)
{
	const char *word = e->buf + headlen;
	size_t wn = e->cur - headlen;
	size_t lcp = 0;
	const char *first = NULL;
	for (size_t i = 0; list && list[i]; i++) {
		if (!prefix_ci(list[i], word, wn))
			continue;
		if (out->n < UI_COMPL_MAX)
			out->cand[out->n] = list[i];
		out->n++;
		if (!first) {
			first = list[i];
			lcp = strlen(first);
		} else {
			size_t k = 0;
			while (k < lcp && list[i][k] &&
			       tolower((unsigned char)list[i][k]) ==
			               tolower((unsigned char)first[k]))
				k++;
			lcp = k;
		}
	}
	if (!first)
		return;
	char head[UI_EDIT_MAX + 1];
	memcpy(head, e->buf, headlen);
	char tail[UI_EDIT_MAX + 1];
	size_t tn = lcp;
	memcpy(tail, first, lcp);
	if (out->n == 1 && suffix) {
		size_t sn = strlen(suffix);
		memcpy(tail + tn, suffix, sn);
		tn += sn;
	}
	if (tn < wn || (tn == wn && !memcmp(tail, word, wn)))
		return;
	replace_head(e, head, headlen, tail, tn);
	out->changed = true;
}

void ui_edit_complete(struct ui_edit *e, const struct ui_compl_src *src,
                      struct ui_compl *out)
{
	memset(out, 0, sizeof *out);
	if (src->data_mode)
		return;
	const char *p = e->buf;
	size_t n = e->cur;
	if (n && p[0] == ':') {
		const char *sp = memchr(p, ' ', n);
		if (!sp && src->auth_wait) {
			complete_from(e, 0, auth_answers, NULL, out);
		} else if (!sp) {
			complete_from(e, 0, metas, NULL, out);
		} else if (prefix_ci(p, ":profile ", 9) && !memchr(p + 9, ' ', n - 9)) {
			complete_from(e, 9, src->profiles, NULL, out);
		} else if (n >= 14 && prefix_ci(p, ":scenario off ", 14)) {
			complete_from(e, 14, src->scenarios, NULL, out);
		} else if (prefix_ci(p, ":scenario ", 10) && !memchr(p + 10, ' ', n - 10)) {
			complete_from(e, 10, src->scenarios, NULL, out);
		}
		return;
	}
	if (src->auth_wait) {
		complete_from(e, 0, auth_answers, NULL, out);
		return;
	}
	static const char *const heads[] = { "MAIL FROM:<", "RCPT TO:<" };
	for (size_t i = 0; i < 2; i++) {
		size_t hn = strlen(heads[i]);
		if (n >= hn && !strncasecmp(p, heads[i], hn) && !memchr(p + hn, '>', n - hn)) {
			/* the lesson's own addresses first, then the server's */
			const char *both[UI_COMPL_MAX * 2 + 1];
			size_t k = 0;
			for (size_t j = 0; e->extra_addr && e->extra_addr[j] && k < UI_COMPL_MAX; j++)
				both[k++] = e->extra_addr[j];
			size_t nextra = k;
			for (size_t j = 0; src->addresses && src->addresses[j] && k < UI_COMPL_MAX * 2; j++) {
				bool dup = false;
				for (size_t d = 0; d < nextra && !dup; d++)
					dup = !strcasecmp(both[d], src->addresses[j]);
				if (!dup)
					both[k++] = src->addresses[j];
			}
			both[k] = NULL;
			complete_from(e, hn, both, ">", out);
			return;
		}
	}
	complete_from(e, 0, verbs, NULL, out);
}
