/* ui_text.c — UTF-8, width, visibility and wrapping for the views. */
#include "ui/ui_text.h"
#include "cli/cli.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

size_t ui_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t c, min;
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] < 0xc2)
		goto bad;
	if (p[0] < 0xe0) { len = 2; c = p[0] & 0x1f; min = 0x80; }
	else if (p[0] < 0xf0) { len = 3; c = p[0] & 0x0f; min = 0x800; }
	else if (p[0] < 0xf5) { len = 4; c = p[0] & 0x07; min = 0x10000; }
	else goto bad;
	if (len > n)
		goto bad;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			goto bad;
		c = (c << 6) | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		goto bad;
	*cp = c;
	return len;
bad:
	*cp = 0xfffd;
	return 1;
}

size_t ui_utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xc0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xe0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (unsigned char)(0x80 | (cp & 0x3f));
		return 3;
	}
	if (cp > 0x10ffff)
		return 0;
	o[0] = (unsigned char)(0xf0 | (cp >> 18));
	o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (unsigned char)(0x80 | (cp & 0x3f));
	return 4;
}

int ui_cp_width(uint32_t cp)
{
	if (cp < 0x7f)
		return 1;
	/* wcwidth knows the Unicode tables when the locale is UTF-8; in any
	 * other locale it says -1 and we draw one ASCII stand-in. */
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w > 2 ? 2 : w;
}

size_t ui_text_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		i += ui_utf8_decode(s + i, n - i, &cp);
		w += (size_t)ui_cp_width(cp);
	}
	return w;
}

char *ui_visible(const char *s, size_t n, size_t *outlen)
{
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	if (!f)
		return NULL;
	cli_put_visible(f, s, n);
	if (fclose(f) != 0) {
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < len; i++)
		if (out[i] == '\t')
			out[i] = ' ';
	if (outlen)
		*outlen = len;
	return out;
}

size_t ui_fit(const char *s, size_t n, int width, int *cols)
{
	size_t i = 0;
	int w = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = ui_utf8_decode(s + i, n - i, &cp);
		int cw = ui_cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += l;
	}
	if (cols)
		*cols = w;
	return i;
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
	if (indent > width - 8)
		indent = width > 8 ? width - 8 : 0;
	return indent < 0 ? 0 : indent;
}

size_t ui_wrap(const char *s, size_t n, int width, int indent,
               struct ui_seg *segs, size_t max)
{
	size_t rows = 0, pos = 0;
	if (width < 1)
		width = 1;
	indent = ui_wrap_indent(width, indent);
	for (;;) {
		int avail = rows ? width - indent : width;
		if (rows) {
			while (pos < n && s[pos] == ' ')
				pos++;
			if (pos >= n)
				break;
		}
		size_t i = pos, space = 0;
		bool have_space = false, word = false;
		int w = 0;
		while (i < n) {
			uint32_t cp;
			size_t l = ui_utf8_decode(s + i, n - i, &cp);
			int cw = ui_cp_width(cp);
			if (w + cw > avail)
				break;
			if (cp == ' ' && word) {
				space = i;
				have_space = true;
			} else if (cp != ' ') {
				word = true;
			}
			w += cw;
			i += l;
		}
		size_t end = i;
		if (i < n) {
			if (have_space) {
				end = space;
			} else if (end == pos) {
				uint32_t cp; /* wider than the row: take it anyway */
				end = pos + ui_utf8_decode(s + pos, n - pos, &cp);
			}
		}
		if (segs && rows < max) {
			segs[rows].start = (uint32_t)pos;
			segs[rows].end = (uint32_t)end;
		}
		rows++;
		pos = end;
		if (pos >= n || (segs && rows >= max))
			break;
	}
	return rows ? rows : 1;
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
