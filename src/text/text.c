/* text.c — UTF-8, visible bytes, width and wrapping (see text.h). */
#include "text/text.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

/* --- UTF-8 ---------------------------------------------------------------- */

size_t text_utf8_seq(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len;
	uint32_t c, min;
	if (p[0] < 0x80) {
		if (cp)
			*cp = p[0];
		return 1;
	}
	if (p[0] < 0xc2)
		return 0;   /* a continuation byte, or an overlong 2-byte lead */
	if (p[0] < 0xe0) { len = 2; c = p[0] & 0x1fu; min = 0x80; }
	else if (p[0] < 0xf0) { len = 3; c = p[0] & 0x0fu; min = 0x800; }
	else if (p[0] < 0xf5) { len = 4; c = p[0] & 0x07u; min = 0x10000; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3fu);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	if (cp)
		*cp = c;
	return len;
}

size_t text_utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	size_t l = text_utf8_seq(s, n, cp);
	if (l)
		return l;
	*cp = 0xfffd;
	return 1;
}

size_t text_utf8_encode(uint32_t cp, char *out)
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

size_t text_printable_seq(const char *s, size_t n)
{
	uint32_t cp;
	size_t l = text_utf8_seq(s, n, &cp);
	if (!l || cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	return l;
}

/* --- making bytes visible ------------------------------------------------- */

static const char hex[] = "0123456789abcdef";

size_t text_visible_step(const char *s, size_t n, char out[TEXT_VISIBLE_MAX],
                         size_t *outlen)
{
	unsigned char c = (unsigned char)s[0];
	size_t l = c == '\t' ? 1 : text_printable_seq(s, n);
	if (l) {
		memcpy(out, s, l);
		*outlen = l;
		return l;
	}
	if (c && (c < 0x20 || c == 0x7f)) {
		out[0] = '^';
		out[1] = c == 0x7f ? '?' : (char)(c + '@');
		*outlen = 2;
	} else {   /* NUL, and bytes that are not printable UTF-8 */
		out[0] = '\\';
		out[1] = 'x';
		out[2] = hex[c >> 4];
		out[3] = hex[c & 0xf];
		*outlen = 4;
	}
	return 1;
}

void text_put_visible(FILE *f, const char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		/* runs of printable ASCII go out in one write */
		size_t run = i;
		while (run < n && ((s[run] >= 0x20 && s[run] < 0x7f) || s[run] == '\t'))
			run++;
		if (run > i) {
			fwrite(s + i, 1, run - i, f);
			i = run;
			continue;
		}
		char v[TEXT_VISIBLE_MAX];
		size_t vl;
		i += text_visible_step(s + i, n - i, v, &vl);
		fwrite(v, 1, vl, f);
	}
}

char *text_visible(const char *s, size_t n, bool tabs_as_spaces, size_t *outlen)
{
	/* no byte grows past TEXT_VISIBLE_MAX times its size */
	if (n > (SIZE_MAX - 1) / TEXT_VISIBLE_MAX)
		return NULL;
	char *out = malloc(n * TEXT_VISIBLE_MAX + 1);
	if (!out)
		return NULL;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		size_t vl;
		i += text_visible_step(s + i, n - i, out + o, &vl);
		if (tabs_as_spaces && vl == 1 && out[o] == '\t')
			out[o] = ' ';
		o += vl;
	}
	out[o] = '\0';
	if (outlen)
		*outlen = o;
	return out;
}

/* --- width ---------------------------------------------------------------- */

int text_cp_width(uint32_t cp)
{
	if (cp < 0x7f)
		return 1;
	/* wcwidth knows the Unicode tables when the locale is UTF-8; in any
	 * other locale it says -1 and the character counts one column. */
	int w = wcwidth((wchar_t)cp);
	if (w < 0)
		return 1;
	return w > 2 ? 2 : w;
}

size_t text_width(const char *s, size_t n)
{
	size_t w = 0, i = 0;
	while (i < n) {
		uint32_t cp;
		i += text_utf8_decode(s + i, n - i, &cp);
		w += (size_t)text_cp_width(cp);
	}
	return w;
}

size_t text_fit(const char *s, size_t n, int width, int *cols)
{
	size_t i = 0;
	int w = 0;
	while (i < n) {
		uint32_t cp;
		size_t l = text_utf8_decode(s + i, n - i, &cp);
		int cw = text_cp_width(cp);
		if (w + cw > width)
			break;
		w += cw;
		i += l;
	}
	if (cols)
		*cols = w;
	return i;
}

/* --- wrapping ------------------------------------------------------------- */

bool text_wrap_can_break(const char *s, size_t n, size_t i, unsigned flags)
{
	if (i >= n || s[i] != ' ')
		return false;
	if (!(flags & TEXT_WRAP_KEEP_REFS))
		return true;
	if (i >= 3 && !memcmp(s + i - 3, "RFC", 3))
		return false;
	return !(i + 2 < n && !memcmp(s + i + 1, "\xc2\xa7", 2));
}

size_t text_wrap_row(const char *s, size_t n, int width, unsigned flags, size_t *next)
{
	size_t i = 0, brk = 0;
	bool have_brk = false, word = false;
	int cols = 0;
	if (width < 1)
		width = 1;
	while (i < n && s[i] != '\n') {
		uint32_t cp;
		size_t l = text_utf8_decode(s + i, n - i, &cp);
		int cw = text_cp_width(cp);
		if (cols + cw > width)
			break;
		/* a space is a place to break once the row holds a word */
		if (word && text_wrap_can_break(s, n, i, flags)) {
			brk = i;
			have_brk = true;
		} else if (s[i] != ' ') {
			word = true;
		}
		cols += cw;
		i += l;
	}
	if (i >= n || s[i] == '\n') {
		*next = i < n ? i + 1 : n;
		return i;
	}
	size_t end = i;
	if (s[i] != ' ' && have_brk) {
		end = brk;
	} else if (end == 0) {
		uint32_t cp;   /* one character wider than the row: take it anyway */
		end = text_utf8_decode(s, n, &cp);
	}
	size_t nx = end;
	while (nx < n && s[nx] == ' ')
		nx++;
	*next = nx;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

int text_wrap_indent(int width, int indent)
{
	if (indent > width - 8)
		indent = width > 8 ? width - 8 : 0;
	return indent < 0 ? 0 : indent;
}

size_t text_wrap(const char *s, size_t n, int width, int indent, unsigned flags,
                 struct text_seg *segs, size_t max)
{
	size_t rows = 0, pos = 0;
	if (width < 1)
		width = 1;
	indent = text_wrap_indent(width, indent);
	do {
		size_t next;
		size_t len = text_wrap_row(s + pos, n - pos, rows ? width - indent : width,
		                           flags, &next);
		if (segs && rows < max) {
			segs[rows].start = (uint32_t)pos;
			segs[rows].end = (uint32_t)(pos + len);
		}
		rows++;
		pos += next;
	} while (pos < n && !(segs && rows >= max));
	return rows;
}
