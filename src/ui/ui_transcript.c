/* ui_transcript.c — line store and anchored scrolling. */
#include "ui/ui_transcript.h"
#include "ui/ui_text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A line can wrap into this many rows at most; longer tails are not
 * shown (a 1000-octet text line at width 20 needs 50). */
enum { WRAP_MAX = 1024 };

struct line {
	uint32_t off, len;
	uint8_t kind, indent;
};

struct ui_transcript {
	struct line *v;
	size_t n, cap;
	struct ui_buf text;
	bool follow;          /* stick to the bottom */
	size_t top_line;      /* when not following: first row shown */
	size_t top_sub;
};

struct ui_transcript *ui_transcript_new(void)
{
	struct ui_transcript *t = calloc(1, sizeof *t);
	if (t)
		t->follow = true;
	return t;
}

void ui_transcript_free(struct ui_transcript *t)
{
	if (!t)
		return;
	free(t->v);
	ui_buf_free(&t->text);
	free(t);
}

int ui_transcript_add(struct ui_transcript *t, enum ui_tkind kind, int indent,
                      const char *text, size_t len)
{
	size_t vlen;
	char *vis = ui_visible(text, len, &vlen);
	if (!vis)
		return -1;
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 256;
		struct line *v = realloc(t->v, cap * sizeof *v);
		if (!v) {
			free(vis);
			return -1;
		}
		t->v = v;
		t->cap = cap;
	}
	size_t off = t->text.len;
	if (off + vlen > UINT32_MAX || ui_buf_add(&t->text, vis, vlen) < 0) {
		free(vis);
		return -1;
	}
	free(vis);
	if (indent < 0)
		indent = 0;
	if (indent > 40)
		indent = 40;
	t->v[t->n].off = (uint32_t)off;
	t->v[t->n].len = (uint32_t)vlen;
	t->v[t->n].kind = (uint8_t)kind;
	t->v[t->n].indent = (uint8_t)indent;
	t->n++;
	return 0;
}

int ui_transcript_addf(struct ui_transcript *t, enum ui_tkind kind, int indent,
                       const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof tmp)
		n = (int)sizeof tmp - 1;
	return ui_transcript_add(t, kind, indent, tmp, (size_t)n);
}

void ui_transcript_clear(struct ui_transcript *t)
{
	t->n = 0;
	t->text.len = 0;
	t->follow = true;
	t->top_line = t->top_sub = 0;
}

size_t ui_transcript_count(const struct ui_transcript *t)
{
	return t->n;
}

struct ui_tline ui_transcript_line(const struct ui_transcript *t, size_t i)
{
	struct ui_tline l = { "", 0, UI_T_INFO, 0 };
	if (i < t->n) {
		l.text = t->text.p + t->v[i].off;
		l.len = t->v[i].len;
		l.kind = (enum ui_tkind)t->v[i].kind;
		l.indent = t->v[i].indent;
	}
	return l;
}

size_t ui_transcript_bytes(const struct ui_transcript *t)
{
	return t->cap * sizeof *t->v + t->text.cap + sizeof *t;
}

static size_t wrap_line(const struct ui_transcript *t, size_t i, int width,
                        struct ui_seg *segs)
{
	const struct line *l = &t->v[i];
	return ui_wrap(t->text.p + l->off, l->len, width, l->indent, segs,
	               segs ? WRAP_MAX : 0);
}

static size_t line_rows(const struct ui_transcript *t, size_t i, int width)
{
	size_t r = wrap_line(t, i, width, NULL);
	return r > WRAP_MAX ? WRAP_MAX : r;
}

size_t ui_transcript_view(const struct ui_transcript *t, int width, int height,
                          struct ui_trow *rows)
{
	static struct ui_seg segs[WRAP_MAX];
	size_t h = height > 0 ? (size_t)height : 0, got = 0;
	if (!h || !t->n)
		return 0;
	if (t->follow) {
		/* Fill from the bottom up, then move the rows to the top. */
		size_t i = t->n;
		while (i > 0 && got < h) {
			i--;
			size_t k = wrap_line(t, i, width, segs);
			if (k > WRAP_MAX)
				k = WRAP_MAX;
			while (k > 0 && got < h) {
				k--;
				struct ui_trow *r = &rows[h - 1 - got];
				r->line = i;
				r->start = segs[k].start;
				r->end = segs[k].end;
				r->sub = (uint32_t)k;
				got++;
			}
		}
		if (got < h)
			memmove(rows, rows + (h - got), got * sizeof *rows);
		return got;
	}
	size_t i = t->top_line, sub = t->top_sub;
	while (i < t->n && got < h) {
		size_t k = wrap_line(t, i, width, segs);
		if (k > WRAP_MAX)
			k = WRAP_MAX;
		for (size_t j = sub; j < k && got < h; j++) {
			rows[got].line = i;
			rows[got].start = segs[j].start;
			rows[got].end = segs[j].end;
			rows[got].sub = (uint32_t)j;
			got++;
		}
		i++;
		sub = 0;
	}
	return got;
}

/* Rows from the anchor to the end, counting no further than LIMIT. */
static size_t rows_below(const struct ui_transcript *t, int width, size_t limit)
{
	size_t total = 0;
	for (size_t i = t->top_line; i < t->n && total <= limit; i++) {
		size_t r = line_rows(t, i, width);
		total += i == t->top_line ? r - (t->top_sub < r ? t->top_sub : r - 1) : r;
	}
	return total;
}

/* Turn the bottom-following view into an anchor at its first row. */
static void anchor_from_bottom(struct ui_transcript *t, int width, int height)
{
	size_t need = height > 0 ? (size_t)height : 1;
	size_t i = t->n;
	t->top_line = 0;
	t->top_sub = 0;
	while (i > 0) {
		i--;
		size_t r = line_rows(t, i, width);
		if (r >= need) {
			t->top_line = i;
			t->top_sub = r - need;
			return;
		}
		need -= r;
	}
}

void ui_transcript_scroll(struct ui_transcript *t, long delta, int width, int height)
{
	if (!t->n || !delta)
		return;
	if (t->follow) {
		if (delta > 0)
			return;
		anchor_from_bottom(t, width, height);
	}
	size_t r = line_rows(t, t->top_line, width);
	if (t->top_sub >= r)
		t->top_sub = r - 1;
	if (delta < 0) {
		size_t k = (size_t)-delta;
		while (k > 0) {
			if (t->top_sub > 0) {
				size_t step = k < t->top_sub ? k : t->top_sub;
				t->top_sub -= step;
				k -= step;
			} else if (t->top_line == 0) {
				break;
			} else {
				t->top_line--;
				t->top_sub = line_rows(t, t->top_line, width) - 1;
				k--;
			}
		}
		/* Everything from the anchor fits: that is the bottom still. */
		t->follow = rows_below(t, width, (size_t)height) <= (size_t)height;
		return;
	}
	size_t k = (size_t)delta;
	while (k > 0) {
		r = line_rows(t, t->top_line, width);
		if (t->top_sub + 1 < r) {
			size_t step = r - 1 - t->top_sub;
			if (step > k)
				step = k;
			t->top_sub += step;
			k -= step;
		} else if (t->top_line + 1 < t->n) {
			t->top_line++;
			t->top_sub = 0;
			k--;
		} else {
			break;
		}
	}
	if (rows_below(t, width, (size_t)height) <= (size_t)height)
		t->follow = true;
}

void ui_transcript_home(struct ui_transcript *t, int width, int height)
{
	t->top_line = 0;
	t->top_sub = 0;
	t->follow = false;
	if (rows_below(t, width, (size_t)height) <= (size_t)height)
		t->follow = true;
}

void ui_transcript_end(struct ui_transcript *t)
{
	t->follow = true;
}

bool ui_transcript_following(const struct ui_transcript *t)
{
	return t->follow;
}
