/* layout.c — paragraphs and tables for the command line (see layout.h). */
#include "text/layout.h"
#include "text/text.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

/* The next row of s that fits in WIDTH columns; *next: where the row after
 * it starts. */
static size_t wrap_row(const char *s, size_t n, size_t width, size_t *next)
{
	return text_wrap_row(s, n, width > 100000 ? 100000 : (int)width,
	                     TEXT_WRAP_KEEP_REFS, next);
}

static size_t width_of(const char *s)
{
	return text_width(s, strlen(s));
}

static void put_spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

void text_put_wrapped(FILE *f, int width, const char *text)
{
	size_t n = strlen(text);
	size_t pos = 0;
	while (pos < n) {
		size_t next;
		size_t len = wrap_row(text + pos, n - pos, (size_t)width, &next);
		fwrite(text + pos, 1, len, f);
		fputc('\n', f);
		pos += next;
	}
}

void text_put_para(FILE *f, int width, const char *label, const char *text)
{
	size_t col = TEXT_LABEL_INDENT + TEXT_LABEL_WIDTH;
	size_t avail = (size_t)width > col + 10 ? (size_t)width - col : 10;
	size_t n = strlen(text);
	size_t pos = 0;
	bool first = true;
	do {
		size_t next;
		size_t len = wrap_row(text + pos, n - pos, avail, &next);
		if (first) {
			put_spaces(f, TEXT_LABEL_INDENT);
			fputs(label, f);
			size_t lw = width_of(label);
			put_spaces(f, lw < TEXT_LABEL_WIDTH ? TEXT_LABEL_WIDTH - lw : 1);
		} else {
			put_spaces(f, col);
		}
		fwrite(text + pos, 1, len, f);
		fputc('\n', f);
		pos += next;
		first = false;
	} while (pos < n);
}

/* --- tables ------------------------------------------------------------------ */

void text_fit_columns(const size_t *natural, const size_t *minw, size_t ncol,
                      size_t avail, size_t *w)
{
	size_t total = 0, mins = 0;
	for (size_t i = 0; i < ncol; i++) {
		total += w[i] = natural[i];
		mins += minw[i];
	}
	if (total <= avail)
		return;
	if (mins <= avail) {
		size_t extra = avail - mins;
		size_t lack = total - mins;
		size_t given = 0;
		for (size_t i = 0; i < ncol; i++) {
			w[i] = minw[i] + (natural[i] - minw[i]) * extra / lack;
			given += w[i] - minw[i];
		}
		/* Hand out what rounding left, one column each, widest lack first. */
		while (given < extra) {
			size_t best = ncol;
			for (size_t i = 0; i < ncol; i++)
				if (w[i] < natural[i] &&
				    (best == ncol || natural[i] - w[i] > natural[best] - w[best]))
					best = i;
			if (best == ncol)
				break;
			w[best]++;
			given++;
		}
		return;
	}
	bool done[TEXT_TABLE_COLS] = { false };
	size_t remaining = avail;
	size_t left = ncol;
	bool progress = true;
	while (left && progress) {
		progress = false;
		size_t share = remaining / left;
		for (size_t i = 0; i < ncol; i++) {
			if (!done[i] && natural[i] <= share) {
				w[i] = natural[i];
				remaining -= natural[i];
				done[i] = true;
				left--;
				progress = true;
			}
		}
	}
	size_t k = 0;
	for (size_t i = 0; i < ncol; i++) {
		if (done[i])
			continue;
		w[i] = remaining / left + (k < remaining % left ? 1 : 0);
		if (w[i] < 1)
			w[i] = 1;
		k++;
	}
}

/* Columns of the longest word of s, at most 24 (longer words may break). */
static size_t longest_word(const char *s)
{
	size_t best = 0, cur = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		size_t l = text_utf8_decode(s + i, n - i, &cp);
		if (text_wrap_can_break(s, n, i, TEXT_WRAP_KEEP_REFS) || s[i] == '\n')
			cur = 0;
		else if ((cur += (size_t)text_cp_width(cp)) > best)
			best = cur;
		i += l;
	}
	return best < 24 ? best : 24;
}

void text_put_table(FILE *f, int width, const char *const *head, size_t ncol,
                    const struct text_row *rows, size_t nrows)
{
	size_t natural[TEXT_TABLE_COLS] = { 0 };
	size_t minw[TEXT_TABLE_COLS] = { 0 };
	size_t w[TEXT_TABLE_COLS] = { 0 };
	if (ncol > TEXT_TABLE_COLS)
		ncol = TEXT_TABLE_COLS;
	if (!ncol)
		return;
	for (size_t c = 0; c < ncol; c++) {
		natural[c] = width_of(head[c]);
		minw[c] = longest_word(head[c]);
		for (size_t r = 0; r < nrows; r++) {
			size_t cw = width_of(rows[r].cell[c]);
			size_t lw = longest_word(rows[r].cell[c]);
			if (cw > natural[c])
				natural[c] = cw;
			if (lw > minw[c])
				minw[c] = lw;
		}
	}
	size_t gaps = 2 * (ncol - 1);
	size_t avail = (size_t)width > gaps + ncol ? (size_t)width - gaps : ncol;
	text_fit_columns(natural, minw, ncol, avail, w);

	bool wraps = false;
	for (size_t c = 0; c < ncol && !wraps; c++)
		wraps = w[c] < natural[c];

	/* Row -1 is the header. */
	for (long r = -1; r < (long)nrows; r++) {
		const char *const *cells = r < 0 ? head : rows[r].cell;
		size_t pos[TEXT_TABLE_COLS] = { 0 };
		bool more = true;
		while (more) {
			more = false;
			size_t pending = 0;
			for (size_t c = 0; c < ncol; c++) {
				const char *s = cells[c];
				size_t n = strlen(s);
				size_t len = 0, next = pos[c];
				if (pos[c] < n) {
					size_t adv;
					len = wrap_row(s + pos[c], n - pos[c], w[c], &adv);
					next = pos[c] + adv;
				}
				if (len) {
					put_spaces(f, pending);
					pending = 0;
					fwrite(s + pos[c], 1, len, f);
				}
				/* Pad up to the next column, written lazily so that
				 * lines carry no trailing blanks. */
				size_t used = text_width(s + pos[c], len);
				pending += w[c] - (used < w[c] ? used : w[c]) + 2;
				pos[c] = next;
				if (pos[c] < n)
					more = true;
			}
			fputc('\n', f);
		}
		if (r < 0) {
			for (size_t c = 0; c < ncol; c++) {
				for (size_t i = 0; i < w[c]; i++)
					fputc('-', f);
				if (c + 1 < ncol)
					fputs("  ", f);
			}
			fputc('\n', f);
		} else if (wraps && r + 1 < (long)nrows) {
			fputc('\n', f);
		}
	}
}
