/* ui_text.c — the views' names for the text module (src/text: UTF-8,
 * width, visibility, wrapping), and what only the views need: status-line
 * hints, ASCII stand-ins, lesson markup, a growable buffer. */
#include "ui/ui_text.h"
#include "text/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t ui_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	return text_utf8_decode(s, n, cp);
}

size_t ui_utf8_encode(uint32_t cp, char *out)
{
	return text_utf8_encode(cp, out);
}

int ui_cp_width(uint32_t cp)
{
	return text_cp_width(cp);
}

size_t ui_text_width(const char *s, size_t n)
{
	return text_width(s, n);
}

char *ui_visible(const char *s, size_t n, size_t *outlen)
{
	return text_visible(s, n, true, outlen);
}

size_t ui_fit(const char *s, size_t n, int width, int *cols)
{
	return text_fit(s, n, width, cols);
}

size_t ui_hints_fit(const char *s, int width)
{
	size_t n = strlen(s), keep = 0, pos = 0;
	while (pos < n) {
		const char *sep = strstr(s + pos, "  ");
		size_t end = sep ? (size_t)(sep - s) : n;
		if ((int)ui_text_width(s, end) > width)
			break;
		keep = end;
		pos = end;
		while (pos < n && s[pos] == ' ')
			pos++;
	}
	return keep;
}

int ui_wrap_indent(int width, int indent)
{
	return text_wrap_indent(width, indent);
}

size_t ui_wrap(const char *s, size_t n, int width, int indent,
               struct ui_seg *segs, size_t max)
{
	return text_wrap(s, n, width, indent, 0, segs, max);
}

char ui_ascii_for(uint32_t cp)
{
	switch (cp) {
	case 0x2500: case 0x2501: case 0x2014: case 0x2013: case 0x2212:
		return '-';
	case 0x2502: case 0x2503:
		return '|';
	case 0x250c: case 0x2510: case 0x2514: case 0x2518: case 0x251c:
	case 0x2524: case 0x252c: case 0x2534: case 0x253c:
		return '+';
	case 0x00b7: case 0x2022: case 0x2026:
		return '.';
	case 0x2192: case 0x21b3: case 0x25b6: case 0x203a:
		return '>';
	case 0x2190: case 0x2039:
		return '<';
	case 0x2018: case 0x2019:
		return '\'';
	case 0x201c: case 0x201d: case 0x00ab: case 0x00bb:
		return '"';
	case 0x2713: case 0x2714:
		return '*';
	case 0x2717: case 0x2718: case 0x00d7:
		return 'x';
	case 0x00a7:
		return 'S';
	case 0x00a0:
		return ' ';
	case 0x2423:   /* the visible space of code spans */
		return '_';
	case 0x2191:
		return '^';
	case 0x2193:
		return 'v';
	default:
		return '?';
	}
}

size_t ui_markup(const char *in, char *out, unsigned char *style, size_t cap)
{
	size_t n = 0;
	bool code = false, emph = false;
	if (!cap)
		return 0;
	for (const char *p = in; *p && n + 1 < cap; p++) {
		if (*p == '`') {
			code = !code;
			continue;
		}
		/* a space at the edge of a code span is part of the code ("`250 `",
		 * the last line of a reply): drawn as a visible-space mark, so it
		 * does not read as a stray space before the punctuation after it */
		if (code && *p == ' ' && (p[1] == '`' || (p > in && p[-1] == '`')) && n + 4 < cap) {
			memcpy(out + n, "\u2423", 3);
			memset(style + n, UI_MK_CODE, 3);
			n += 3;
			continue;
		}
		if (*p == '*' && !code) {
			if (emph) {
				emph = false;
				continue;
			}
			if (p[1] && p[1] != ' ' && strchr(p + 1, '*')) {
				emph = true;
				continue;
			}
		}
		out[n] = *p;
		style[n] = code ? UI_MK_CODE : emph ? UI_MK_EMPH : UI_MK_PLAIN;
		n++;
	}
	out[n] = '\0';
	return n;
}

int ui_buf_add(struct ui_buf *b, const char *s, size_t n)
{
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p)
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int ui_buf_addf(struct ui_buf *b, const char *fmt, ...)
{
	char tmp[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= sizeof tmp) {
		char *big = malloc((size_t)n + 1);
		if (!big)
			return -1;
		va_start(ap, fmt);
		vsnprintf(big, (size_t)n + 1, fmt, ap);
		va_end(ap);
		int rc = ui_buf_add(b, big, (size_t)n);
		free(big);
		return rc;
	}
	return ui_buf_add(b, tmp, (size_t)n);
}

void ui_buf_free(struct ui_buf *b)
{
	free(b->p);
	b->p = NULL;
	b->len = b->cap = 0;
}
