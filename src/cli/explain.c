/* explain.c — `smtpsim explain`, `smtpsim codes`, `smtpsim ports`: the
 * reference catalog on the command line. Every byte that came from the
 * user's input goes out through cli_put_visible. */
#include "cli/cli.h"
#include "smtp/catalog.h"
#include "smtp/explain.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* A printable copy of s for messages (an argument may hold escapes). */
static const char *visible(const char *s, char *buf, size_t size)
{
	memset(buf, 0, size);
	FILE *m = fmemopen(buf, size - 1, "w");
	if (!m)
		return "?";
	cli_put_visible(m, s, strnlen(s, 200));
	fclose(m);
	return buf;
}

static int bad_option(const char *cmd, const char *arg, bool missing)
{
	char buf[256];
	return cli_usage_error(cmd, missing ? "option '%s' needs a value" :
	                       "unknown option '%s'", visible(arg, buf, sizeof buf));
}

/* --- terminal width and text wrapping --------------------------------------- */

enum { WIDTH_MIN = 20, WIDTH_MAX = 1000, WIDTH_DEFAULT = 80 };

/* COLUMNS wins when set (so scripts and tests can ask for a width); then
 * the terminal's own width when stdout is one; else 80. */
static int term_width(void)
{
	const char *c = getenv("COLUMNS");
	long w = 0;
	if (c && *c) {
		char *end;
		errno = 0;
		w = strtol(c, &end, 10);
		if (errno || *end || w <= 0)
			w = 0;
	}
	if (!w && isatty(STDOUT_FILENO)) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			w = ws.ws_col;
	}
	if (!w)
		w = WIDTH_DEFAULT;
	if (w < WIDTH_MIN)
		w = WIDTH_MIN;
	if (w > WIDTH_MAX)
		w = WIDTH_MAX;
	return (int)w;
}

/* Bytes of the UTF-8 character at s (1 for anything malformed). */
static size_t u8_clen(const char *s, size_t n)
{
	unsigned char c = (unsigned char)s[0];
	size_t l = c < 0xc0 ? 1 : c < 0xe0 ? 2 : c < 0xf0 ? 3 : 4;
	if (l > n)
		return 1;
	for (size_t i = 1; i < l; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return l;
}

/* Display columns of catalog text: one per character. */
static size_t u8_width(const char *s)
{
	size_t w = 0;
	size_t n = strlen(s);
	for (size_t i = 0; i < n; i += u8_clen(s + i, n - i))
		w++;
	return w;
}

/* May a line break at s[i]? At spaces, except inside "RFC 5321 §4.2". */
static bool is_break(const char *s, size_t n, size_t i)
{
	if (s[i] != ' ')
		return false;
	if (i >= 3 && !memcmp(s + i - 3, "RFC", 3))
		return false;
	return !(i + 2 < n && !memcmp(s + i + 1, "\xc2\xa7", 2));
}

/* The next line of s (n bytes) that fits in width columns, broken at a
 * space when there is one. Returns its length; *next is where the line
 * after it starts. Always makes progress while n > 0. */
static size_t wrap_line(const char *s, size_t n, size_t width, size_t *next)
{
	size_t i = 0;
	size_t cols = 0;
	size_t last_space = SIZE_MAX;
	if (width < 1)
		width = 1;
	while (i < n && s[i] != '\n') {
		if (cols + 1 > width)
			break;
		if (is_break(s, n, i))
			last_space = i;
		i += u8_clen(s + i, n - i);
		cols++;
	}
	if (i >= n || s[i] == '\n') {
		*next = i < n ? i + 1 : n;
		return i;
	}
	size_t end = i;
	if (s[i] != ' ' && last_space != SIZE_MAX && last_space > 0)
		end = last_space;
	size_t nx = end;
	while (nx < n && s[nx] == ' ')
		nx++;
	*next = nx;
	while (end > 0 && s[end - 1] == ' ')
		end--;
	return end;
}

static void put_spaces(FILE *f, size_t n)
{
	while (n--)
		fputc(' ', f);
}

/* Text wrapped to the width, with no indent. */
static void wrapped(FILE *f, int width, const char *text)
{
	size_t n = strlen(text);
	size_t pos = 0;
	while (pos < n) {
		size_t next;
		size_t len = wrap_line(text + pos, n - pos, (size_t)width, &next);
		fwrite(text + pos, 1, len, f);
		fputc('\n', f);
		pos += next;
	}
}

/* A labelled paragraph: "  Label       text wrapped under itself". */
enum { LABEL_INDENT = 2, LABEL_WIDTH = 12 };

static void para(FILE *f, int width, const char *label, const char *text)
{
	size_t col = LABEL_INDENT + LABEL_WIDTH;
	size_t avail = (size_t)width > col + 10 ? (size_t)width - col : 10;
	size_t n = strlen(text);
	size_t pos = 0;
	bool first = true;
	do {
		size_t next;
		size_t len = wrap_line(text + pos, n - pos, avail, &next);
		if (first) {
			put_spaces(f, LABEL_INDENT);
			fputs(label, f);
			size_t lw = u8_width(label);
			put_spaces(f, lw < LABEL_WIDTH ? LABEL_WIDTH - lw : 1);
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

enum { MAX_COLS = 6 };

struct row {
	const char *cell[MAX_COLS];
	char num[16];
};

/* Column widths that fit the terminal. When everything fits, each column
 * gets its natural width. Otherwise every column first gets its longest
 * word (so words are not split) and the room left is shared in proportion
 * to how much each column still lacks. Only when even the longest words do
 * not fit are columns cut evenly, narrow ones keeping their width. */
static void fit_columns(const size_t *natural, const size_t *minw, size_t ncol,
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
	bool done[MAX_COLS] = { false };
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
	for (size_t i = 0; i < n; i += u8_clen(s + i, n - i)) {
		if (is_break(s, n, i) || s[i] == '\n') {
			cur = 0;
			continue;
		}
		if (++cur > best)
			best = cur;
	}
	return best < 24 ? best : 24;
}

static void print_table(FILE *f, int width, const char *const *head, size_t ncol,
                        const struct row *rows, size_t nrows)
{
	size_t natural[MAX_COLS];
	size_t minw[MAX_COLS];
	size_t w[MAX_COLS];
	for (size_t c = 0; c < ncol; c++) {
		natural[c] = u8_width(head[c]);
		minw[c] = longest_word(head[c]);
		for (size_t r = 0; r < nrows; r++) {
			size_t cw = u8_width(rows[r].cell[c]);
			size_t lw = longest_word(rows[r].cell[c]);
			if (cw > natural[c])
				natural[c] = cw;
			if (lw > minw[c])
				minw[c] = lw;
		}
	}
	size_t gaps = 2 * (ncol - 1);
	size_t avail = (size_t)width > gaps + ncol ? (size_t)width - gaps : ncol;
	fit_columns(natural, minw, ncol, avail, w);

	bool wraps = false;
	for (size_t c = 0; c < ncol && !wraps; c++)
		wraps = w[c] < natural[c];

	/* Row -1 is the header. */
	for (long r = -1; r < (long)nrows; r++) {
		const char *const *cells = r < 0 ? head : rows[r].cell;
		size_t pos[MAX_COLS] = { 0 };
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
					len = wrap_line(s + pos[c], n - pos[c], w[c], &adv);
					next = pos[c] + adv;
				}
				if (len) {
					put_spaces(f, pending);
					pending = 0;
					fwrite(s + pos[c], 1, len, f);
				}
				/* Pad up to the next column, written lazily so that
				 * lines carry no trailing blanks. */
				size_t used = 0;
				for (size_t i = 0; i < len; i += u8_clen(s + pos[c] + i, len - i))
					used++;
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

/* --- JSON (through cJSON: its escaping, not ours) ------------------------- */

/* "451, 550" -> [451, 550]; words such as "any" are left out. */
static cJSON *json_code_list(const char *s)
{
	cJSON *a = cJSON_CreateArray();
	while (a && *s) {
		if (*s >= '0' && *s <= '9') {
			long v = strtol(s, (char **)&s, 10);
			cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v));
		} else {
			s++;
		}
	}
	return a;
}

/* Print A (an array of objects) one object a line, then free it. */
static void json_print(FILE *f, cJSON *a)
{
	if (!a) {
		fputs("[]\n", f);
		return;
	}
	fputs("[", f);
	const cJSON *it;
	bool first = true;
	cJSON_ArrayForEach(it, a) {
		char *t = cJSON_PrintUnformatted(it);
		if (t)
			fprintf(f, "%s\n  %s", first ? "" : ",", t);
		free(t);
		first = false;
	}
	fputs(first ? "]\n" : "\n]\n", f);
	cJSON_Delete(a);
}

static const char *class_word(int first_digit)
{
	switch (first_digit) {
	case 2: return "success";
	case 3: return "intermediate";
	case 4: return "temporary";
	case 5: return "permanent";
	}
	return "unknown";
}

/* --- codes ------------------------------------------------------------------ */

struct filter {
	bool *code;
	bool *enh;
	bool *port;
};

static int mark_hit(void *ctx, const struct cat_hit *hit)
{
	struct filter *fl = ctx;
	switch (hit->kind) {
	case CAT_CODE:
		fl->code[(const struct cat_code *)hit->entry - cat_code_at(0)] = true;
		break;
	case CAT_ENH:
		fl->enh[(const struct cat_enh *)hit->entry - cat_enh_at(0)] = true;
		break;
	case CAT_PORT:
		fl->port[(const struct cat_port *)hit->entry - cat_port_at(0)] = true;
		break;
	}
	return 0;
}

/* Join argv words with spaces (caller frees); NULL when there are none. */
static char *join_words(int argc, char **argv)
{
	size_t n = 0;
	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if (!n)
		return NULL;
	char *s = malloc(n);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

/* A lone number that is a code or a port picks that entry alone: "ports
 * 587" should not also list 2525, whose notes mention 587. */
static bool exact_number(int argc, char **argv, struct filter *fl)
{
	if (argc != 1 || !argv[0][0] || strspn(argv[0], "0123456789") != strlen(argv[0]) ||
	    strlen(argv[0]) > 5)
		return false;
	int v = atoi(argv[0]);
	const struct cat_code *c = cat_code_find(v);
	const struct cat_port *p = cat_port_find(v);
	if (c)
		fl->code[c - cat_code_at(0)] = true;
	if (p)
		fl->port[p - cat_port_at(0)] = true;
	return c || p;
}

/* Run the filter words; every entry is in when there are none. */
static bool make_filter(int argc, char **argv, struct filter *fl)
{
	fl->code = calloc(cat_code_count(), sizeof(bool));
	fl->enh = calloc(cat_enh_count(), sizeof(bool));
	fl->port = calloc(cat_port_count(), sizeof(bool));
	if (!fl->code || !fl->enh || !fl->port)
		return false;
	if (exact_number(argc, argv, fl))
		return true;
	char *q = join_words(argc, argv);
	cat_search(q ? q : "", mark_hit, fl);
	free(q);
	return true;
}

static void free_filter(struct filter *fl)
{
	free(fl->code);
	free(fl->enh);
	free(fl->port);
}

static void codes_help(FILE *f)
{
	fputs("Usage: smtpsim codes [--basic | --enhanced] [--json] [WORD...]\n"
	      "Print the reference tables: the basic SMTP reply codes (RFC 5321 and\n"
	      "its extensions) and the enhanced status codes of the IANA registry\n"
	      "(classes, subjects and every detail code).\n"
	      "\n"
	      "  --basic       only the basic reply codes\n"
	      "  --enhanced    only the enhanced status codes\n"
	      "  --json        a JSON array of objects instead of tables\n"
	      "  WORD...       only entries containing every WORD (any case);\n"
	      "                an enhanced code such as 5.1.1 matches exactly\n"
	      "  -h, --help    this help\n"
	      "\n"
	      "Tables fit the terminal width (COLUMNS, else the terminal's, else 80).\n"
	      "JSON fields: basic codes have kind \"basic\", code, class, meaning,\n"
	      "cause, action, commands, rfc, detail; enhanced codes have kind\n"
	      "\"enhanced\", code, subject, subject_meaning, title, meaning, basic,\n"
	      "basic_codes, rfc.\n"
	      "Exit status: 0 success, 1 when the WORDs match nothing, 2 usage error.\n"
	      "Examples: smtpsim codes auth    smtpsim codes --enhanced 5.7\n", f);
}

static void codes_json(FILE *f, const struct filter *fl, bool basic, bool enhanced)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && basic && i < cat_code_count(); i++) {
		if (!fl->code[i])
			continue;
		const struct cat_code *c = cat_code_at(i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", "basic");
		cJSON_AddNumberToObject(o, "code", c->code);
		cJSON_AddStringToObject(o, "class", class_word(c->code / 100));
		cJSON_AddStringToObject(o, "meaning", c->meaning);
		cJSON_AddStringToObject(o, "cause", c->cause);
		cJSON_AddStringToObject(o, "action", c->action);
		cJSON_AddStringToObject(o, "commands", c->commands);
		cJSON_AddStringToObject(o, "rfc", c->rfc);
		cJSON_AddStringToObject(o, "detail", c->detail);
		cJSON_AddItemToArray(a, o);
	}
	for (size_t i = 0; a && enhanced && i < cat_enh_count(); i++) {
		if (!fl->enh[i])
			continue;
		const struct cat_enh *e = cat_enh_at(i);
		int subj = atoi(e->code + 2);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", "enhanced");
		cJSON_AddStringToObject(o, "code", e->code);
		cJSON_AddNumberToObject(o, "subject", subj);
		cJSON_AddStringToObject(o, "subject_meaning", cat_subject_meaning(subj));
		cJSON_AddStringToObject(o, "title", e->title);
		cJSON_AddStringToObject(o, "meaning", e->meaning);
		cJSON_AddStringToObject(o, "basic", e->basic);
		cJSON_AddItemToObject(o, "basic_codes", json_code_list(e->basic));
		cJSON_AddStringToObject(o, "rfc", e->rfc);
		cJSON_AddItemToArray(a, o);
	}
	json_print(f, a);
}

static void codes_tables(FILE *f, int width, const struct filter *fl, bool basic,
                         bool enhanced, bool filtered)
{
	bool printed = false;
	size_t n = 0;
	struct row *rows = calloc(cat_code_count() + cat_enh_count() + 8, sizeof *rows);
	if (!rows)
		return;
	if (basic) {
		for (size_t i = 0; i < cat_code_count(); i++) {
			if (!fl->code[i])
				continue;
			const struct cat_code *c = cat_code_at(i);
			struct row *r = &rows[n++];
			snprintf(r->num, sizeof r->num, "%d", c->code);
			r->cell[0] = r->num;
			r->cell[1] = c->meaning;
			r->cell[2] = c->cause;
			r->cell[3] = c->action;
			r->cell[4] = c->rfc;
		}
		if (n) {
			static const char *const head[] = {
				"Code", "Meaning", "Common cause", "Action", "RFC",
			};
			wrapped(f, width, "Basic reply codes: the first digit is the class "
			        "(2 success, 3 go on, 4 temporary failure, 5 permanent "
			        "failure).");
			fputc('\n', f);
			print_table(f, width, head, COUNT(head), rows, n);
			printed = true;
		}
	}
	if (enhanced && !filtered) {
		static const char *const head[] = { "Class", "Meaning" };
		static const int classes[] = { 2, 4, 5 };
		n = 0;
		for (size_t i = 0; i < COUNT(classes); i++) {
			struct row *r = &rows[n++];
			snprintf(r->num, sizeof r->num, "%d.X.X", classes[i]);
			r->cell[0] = r->num;
			r->cell[1] = cat_class_meaning(classes[i]);
		}
		fputs(printed ? "\n" : "", f);
		wrapped(f, width, "Enhanced status codes (RFC 3463) read "
		        "CLASS.SUBJECT.DETAIL.");
		fputc('\n', f);
		print_table(f, width, head, COUNT(head), rows, n);
		static const char *const shead[] = { "Subject", "Meaning" };
		n = 0;
		for (int s = 0; s <= 7; s++) {
			struct row *r = &rows[n++];
			snprintf(r->num, sizeof r->num, "X.%d.X", s);
			r->cell[0] = r->num;
			r->cell[1] = cat_subject_meaning(s);
		}
		fputc('\n', f);
		print_table(f, width, shead, COUNT(shead), rows, n);
		printed = true;
	}
	if (enhanced) {
		n = 0;
		for (size_t i = 0; i < cat_enh_count(); i++) {
			if (!fl->enh[i])
				continue;
			const struct cat_enh *e = cat_enh_at(i);
			struct row *r = &rows[n++];
			r->cell[0] = e->code;
			r->cell[1] = e->title;
			r->cell[2] = e->basic;
			r->cell[3] = e->rfc;
		}
		if (n) {
			static const char *const head[] = {
				"Code", "Title", "Basic codes", "RFC",
			};
			fputs(printed ? "\n" : "", f);
			wrapped(f, width, "Enhanced status codes of the IANA registry (X is "
			        "the class):");
			fputc('\n', f);
			print_table(f, width, head, COUNT(head), rows, n);
		}
	}
	free(rows);
}

static const struct option codes_opts[] = {
	{ "basic", no_argument, NULL, 'b' },
	{ "enhanced", no_argument, NULL, 'e' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_codes(int argc, char **argv)
{
	bool basic = false, enhanced = false, json = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", codes_opts, NULL)) != -1) {
		switch (c) {
		case 'b': basic = true; break;
		case 'e': enhanced = true; break;
		case 'j': json = true; break;
		case 'h': codes_help(stdout); return 0;
		default:
			return bad_option("codes", argv[optind - 1], c == ':');
		}
	}
	if (!basic && !enhanced)
		basic = enhanced = true;
	struct filter fl;
	if (!make_filter(argc - optind, argv + optind, &fl)) {
		free_filter(&fl);
		fputs("smtpsim: codes: out of memory\n", stderr);
		return 1;
	}
	size_t shown = 0;
	for (size_t i = 0; basic && i < cat_code_count(); i++)
		shown += fl.code[i];
	for (size_t i = 0; enhanced && i < cat_enh_count(); i++)
		shown += fl.enh[i];
	bool filtered = optind < argc;
	int rc = 0;
	if (filtered && !shown) {
		fputs("smtpsim: codes: nothing matches '", stderr);
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				fputc(' ', stderr);
			cli_put_visible(stderr, argv[i], strlen(argv[i]));
		}
		fputs("'\n", stderr);
		rc = 1;
		if (json)
			fputs("[]\n", stdout);
	} else if (json) {
		codes_json(stdout, &fl, basic, enhanced);
	} else {
		codes_tables(stdout, term_width(), &fl, basic, enhanced, filtered);
	}
	free_filter(&fl);
	return rc;
}

/* --- ports ------------------------------------------------------------------ */

static void ports_help(FILE *f)
{
	fputs("Usage: smtpsim ports [--long] [--json] [WORD...]\n"
	      "Print the mail ports: SMTP relay (25), submission (587, 465), the\n"
	      "unofficial 2525, POP3 (110, 995), IMAP (143, 993) and DNS (53) for\n"
	      "MX look-ups, with protocol, encryption, use and RFC.\n"
	      "\n"
	      "  -l, --long    one block per port, with notes\n"
	      "  --json        a JSON array of objects: port, protocol, encryption,\n"
	      "                use, rfc, notes\n"
	      "  WORD...       only ports whose entry contains every WORD (any case)\n"
	      "  -h, --help    this help\n"
	      "\n"
	      "Exit status: 0 success, 1 when the WORDs match nothing, 2 usage error.\n"
	      "Examples: smtpsim ports    smtpsim ports tls    smtpsim ports -l 587\n", f);
}

static const struct option ports_opts[] = {
	{ "long", no_argument, NULL, 'l' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_ports(int argc, char **argv)
{
	bool json = false, lng = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hl", ports_opts, NULL)) != -1) {
		switch (c) {
		case 'l': lng = true; break;
		case 'j': json = true; break;
		case 'h': ports_help(stdout); return 0;
		default:
			return bad_option("ports", argv[optind - 1], c == ':');
		}
	}
	struct filter fl;
	if (!make_filter(argc - optind, argv + optind, &fl)) {
		free_filter(&fl);
		fputs("smtpsim: ports: out of memory\n", stderr);
		return 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < cat_port_count(); i++)
		n += fl.port[i];
	int rc = 0;
	int width = term_width();
	if (!n) {
		fputs("smtpsim: ports: no port matches '", stderr);
		for (int i = optind; i < argc; i++) {
			if (i > optind)
				fputc(' ', stderr);
			cli_put_visible(stderr, argv[i], strlen(argv[i]));
		}
		fputs("'\n", stderr);
		if (json)
			fputs("[]\n", stdout);
		rc = 1;
	} else if (json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; a && i < cat_port_count(); i++) {
			if (!fl.port[i])
				continue;
			const struct cat_port *p = cat_port_at(i);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "port", p->port);
			cJSON_AddStringToObject(o, "protocol", p->protocol);
			cJSON_AddStringToObject(o, "encryption", p->encryption);
			cJSON_AddStringToObject(o, "use", p->use);
			cJSON_AddStringToObject(o, "rfc", p->rfc);
			cJSON_AddStringToObject(o, "notes", p->notes);
			cJSON_AddItemToArray(a, o);
		}
		json_print(stdout, a);
	} else if (lng) {
		bool first = true;
		for (size_t i = 0; i < cat_port_count(); i++) {
			if (!fl.port[i])
				continue;
			const struct cat_port *p = cat_port_at(i);
			if (!first)
				fputc('\n', stdout);
			first = false;
			printf("Port %d: %s\n", p->port, p->protocol);
			para(stdout, width, "Encryption", p->encryption);
			para(stdout, width, "Use", p->use);
			para(stdout, width, "RFC", p->rfc);
			para(stdout, width, "Notes", p->notes);
		}
	} else {
		struct row rows[32];
		size_t k = 0;
		for (size_t i = 0; i < cat_port_count() && k < COUNT(rows); i++) {
			if (!fl.port[i])
				continue;
			const struct cat_port *p = cat_port_at(i);
			struct row *r = &rows[k++];
			snprintf(r->num, sizeof r->num, "%d", p->port);
			r->cell[0] = r->num;
			r->cell[1] = p->protocol;
			r->cell[2] = p->encryption;
			r->cell[3] = p->use;
			r->cell[4] = p->rfc;
		}
		static const char *const head[] = {
			"Port", "Protocol", "Encryption", "Use", "RFC",
		};
		print_table(stdout, width, head, COUNT(head), rows, k);
	}
	free_filter(&fl);
	return rc;
}

/* --- explain ---------------------------------------------------------------- */

enum {
	SHOW_LINE_MAX = 400,   /* bytes of one input line shown */
	LINE_KEEP = 8192,      /* bytes of one input line kept; the rest is
	                          counted and skipped (explain -f /dev/zero) */
	READ_CHUNK = 65536,
	ITEM_LINES_MAX = 40,   /* lines of one multi-line reply shown */
	CONTEXT_MAX = 200,     /* bytes of the command a reply answers */
};

/* One reply found in the input, perhaps spanning several lines. */
struct item {
	enum explain_kind kind;
	int code;
	struct explain_enh enh;
	bool enh_any;          /* "X.1.1": no class given */
	bool more;             /* a '-' line: the reply continues */
	size_t line_no;        /* where it starts (0 for command-line TEXT) */
	char *lines[ITEM_LINES_MAX];
	size_t lens[ITEM_LINES_MAX];
	size_t skipped[ITEM_LINES_MAX]; /* bytes of the line not kept */
	size_t nlines;
	size_t dropped_lines;
	char context[CONTEXT_MAX + 1];
	char recipient[CONTEXT_MAX + 1];
};

/* A (code, enhanced code) pair explained before, in an open-addressing
 * hash set: a transcript of a million distinct replies stays linear. */
struct seen {
	int code;
	struct explain_enh enh;
	bool enh_any;
	size_t number;         /* 0: an empty slot */
};

struct explainer {
	FILE *out;
	int width;
	bool verbose;
	bool numbered;         /* -f: number the replies, name the lines */
	bool gap;              /* a blank line before the first reply */
	size_t count;          /* replies explained */
	size_t by_class[6];
	struct item cur;       /* the reply being gathered */
	bool open;
	char context[CONTEXT_MAX + 1];
	char recipient[CONTEXT_MAX + 1]; /* a DSN's Final-Recipient */
	struct seen *seen;
	size_t nseen, cap_seen; /* cap_seen: a power of two, or 0 */
	size_t line_skipped;   /* bytes of the line being fed that were not kept */
	/* the fields of a delivery status notification (RFC 3464), said
	 * once at the end: which field, its value, the recipient before it */
	struct dsn_field {
		int which;
		char value[CONTEXT_MAX + 1];
		char recipient[CONTEXT_MAX + 1];
	} dsn[16];
	size_t ndsn;
};

/* The DSN fields explain -f names, with what each means. */
static const struct {
	const char *name, *shown;
	const char *meaning;
} dsn_fields[] = {
	{ "reporting-mta:", "Reporting-MTA:", "the server that wrote this report (RFC 3464 \u00a72.2.2)" },
	{ "original-envelope-id:", "Original-Envelope-Id:", "the ENVID the sender gave on MAIL FROM, returned so it can "
	  "match the report to its message (RFC 3461 \u00a74.4; RFC 3464 \u00a72.2.1)" },
	{ "arrival-date:", "Arrival-Date:", "when the reporting server received the message (RFC 3464 "
	  "\u00a72.2.5)" },
	{ "original-recipient:", "Original-Recipient:", "the address as the sender first gave it, from RCPT TO's "
	  "ORCPT= (RFC 3461 \u00a74.2; RFC 3464 \u00a72.3.1)" },
	{ "action:", "Action:", NULL },
	{ "remote-mta:", "Remote-MTA:", "the server that gave the Diagnostic-Code below it (RFC 3464 "
	  "\u00a72.3.5)" },
};

/* What an Action: value says (RFC 3464 §2.3.3). */
static const char *dsn_action(const char *v)
{
	static const struct {
		const char *word, *meaning;
	} actions[] = {
		{ "failed", "not delivered, and no further attempts will be made" },
		{ "delayed", "not delivered yet; the server keeps trying, and a later report may "
		  "follow" },
		{ "delivered", "delivered to the recipient's mailbox" },
		{ "relayed", "passed on to a system that sends no such reports, so this is the "
		  "last one" },
		{ "expanded", "delivered to a list or alias, which passes it on to its members" },
	};
	for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
		if (!strncasecmp(v, actions[i].word, strlen(actions[i].word)))
			return actions[i].meaning;
	return "an action this version of RFC 3464 does not define";
}

static void item_clear(struct item *it)
{
	for (size_t i = 0; i < it->nlines; i++)
		free(it->lines[i]);
	memset(it, 0, sizeof *it);
}

static void item_add_line(struct item *it, const char *s, size_t n, size_t skipped)
{
	while (n && (s[0] == ' ' || s[0] == '\t')) {
		s++;
		n--;
	}
	if (it->nlines == ITEM_LINES_MAX) {
		it->dropped_lines++;
		return;
	}
	size_t keep = n;
	char *copy = malloc(keep + 1);
	if (!copy) {
		it->dropped_lines++;
		return;
	}
	memcpy(copy, s, keep);
	copy[keep] = '\0';
	it->lines[it->nlines] = copy;
	it->lens[it->nlines] = keep;
	it->skipped[it->nlines] = skipped;
	it->nlines++;
}

/* Show one line of input, cut at SHOW_LINE_MAX on a character boundary;
 * skipped: bytes after s[n - 1] that the reader did not keep. */
static void show_input_line(FILE *f, const char *s, size_t n, size_t skipped)
{
	size_t cut = n;
	if (cut > SHOW_LINE_MAX) {
		cut = SHOW_LINE_MAX;
		while (cut > SHOW_LINE_MAX - 4 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	cli_put_visible(f, s, cut);
	if (cut < n || skipped)
		fprintf(f, " ... (%zu more bytes)", n - cut + skipped);
}

static void enh_text(const struct item *it, char *buf, size_t size)
{
	explain_enh_format(&it->enh, buf, size);
	if (!it->enh_any && it->enh.cls == 0)
		buf[0] = '\0';
}

static bool has_enh(const struct item *it)
{
	return it->enh.cls != 0 || it->enh_any;
}

/* The shared explainer's paragraphs, wrapped to the terminal. */
static void say_para(void *ctx, const char *label, const char *text)
{
	struct explainer *x = ctx;
	para(x->out, x->width, label, text);
}

static size_t seen_hash(int code, const struct explain_enh *e, bool any)
{
	/* FNV-1a over the four numbers */
	uint64_t h = 1469598103934665603u;
	const int v[5] = { code, e->cls, e->subject, e->detail, any };
	for (size_t i = 0; i < COUNT(v); i++) {
		h ^= (uint32_t)v[i];
		h *= 1099511628211u;
	}
	return (size_t)(h ^ (h >> 29));
}

/* The slot of (code, enh) in the table, or the empty slot where it goes. */
static struct seen *seen_slot(struct seen *tab, size_t cap, int code,
                              const struct explain_enh *e, bool any)
{
	size_t i = seen_hash(code, e, any) & (cap - 1);
	for (;; i = (i + 1) & (cap - 1)) {
		struct seen *s = &tab[i];
		if (!s->number || (s->code == code && s->enh_any == any && s->enh.cls == e->cls &&
		                   s->enh.subject == e->subject && s->enh.detail == e->detail))
			return s;
	}
}

static bool seen_grow(struct explainer *x)
{
	size_t cap = x->cap_seen ? x->cap_seen * 2 : 64;
	struct seen *tab = calloc(cap, sizeof *tab);
	if (!tab)
		return false;
	for (size_t i = 0; i < x->cap_seen; i++) {
		const struct seen *o = &x->seen[i];
		if (o->number)
			*seen_slot(tab, cap, o->code, &o->enh, o->enh_any) = *o;
	}
	free(x->seen);
	x->seen = tab;
	x->cap_seen = cap;
	return true;
}

/* Whether this (code, enhanced code) was explained before, as reply
 * *number; if not, it is remembered as this reply. A reply without an
 * enhanced code is its own pair. */
static bool seen_before(struct explainer *x, const struct item *it, size_t *number)
{
	const struct explain_enh none = { 0, 0, 0 };
	const struct explain_enh *e = has_enh(it) ? &it->enh : &none;
	bool any = has_enh(it) && it->enh_any;
	if (x->cap_seen) {
		const struct seen *s = seen_slot(x->seen, x->cap_seen, it->code, e, any);
		if (s->number) {
			*number = s->number;
			return true;
		}
	}
	/* at most half full: probes stay short */
	if ((x->nseen + 1) * 2 > x->cap_seen && !seen_grow(x))
		return false;
	struct seen *s = seen_slot(x->seen, x->cap_seen, it->code, e, any);
	*s = (struct seen){ it->code, *e, any, x->count };
	x->nseen++;
	return false;
}

static bool starts_with_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	if (n < wl)
		return false;
	for (size_t k = 0; k < wl; k++)
		if ((s[k] | 0x20) != (w[k] | 0x20))
			return false;
	return true;
}

static const char *find_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= n; i++) {
		size_t k = 0;
		while (k < wl && (s[i + k] | 0x20) == (w[k] | 0x20))
			k++;
		if (k == wl)
			return s + i;
	}
	return NULL;
}

static void explain_item(struct explainer *x, struct item *it)
{
	x->count++;
	int d1 = it->code ? it->code / 100 : it->enh.cls;
	if (d1 >= 0 && d1 < (int)COUNT(x->by_class))
		x->by_class[d1]++;

	FILE *f = x->out;
	if (x->numbered) {
		fprintf(f, "%s[%zu] line %zu", x->count > 1 || x->gap ? "\n" : "",
		        x->count, it->line_no);
		if (it->context[0]) {
			fputs(", answer to ", f);
			cli_put_visible(f, it->context, strlen(it->context));
		}
		if (it->recipient[0]) {
			fputs(", recipient ", f);
			cli_put_visible(f, it->recipient, strlen(it->recipient));
		}
		fputc('\n', f);
	} else if (x->count > 1 || x->gap) {
		fputc('\n', f);
	}
	if (!it->nlines && !x->numbered) {
		char code[32];
		enh_text(it, code, sizeof code);
		if (it->code)
			fprintf(f, "%d%s%s\n", it->code, code[0] ? " " : "", code);
		else
			fprintf(f, "%s\n", code);
	}
	for (size_t i = 0; i < it->nlines; i++) {
		fputs(x->numbered ? "  " : "", f);
		show_input_line(f, it->lines[i], it->lens[i], it->skipped[i]);
		fputc('\n', f);
	}
	if (it->dropped_lines)
		fprintf(f, "%s(%zu more lines)\n", x->numbered ? "  " : "", it->dropped_lines);

	size_t first;
	if (x->numbered && seen_before(x, it, &first)) {
		fprintf(f, "  (explained above, see [%zu])\n", first);
		return;
	}

	struct explain_reply r = {
		it->code, it->enh, it->enh_any, (const char *const *)it->lines, it->lens, it->nlines,
	};
	unsigned flags = 0;
	if (x->numbered && !x->verbose)
		flags |= EXPLAIN_BRIEF;
	if (x->verbose || it->code == 0)
		flags |= EXPLAIN_USUAL_BASIC;
	explain_reply(&r, flags, say_para, x);
}

/* --- gathering replies from lines ----------------------------------------- */

static void flush(struct explainer *x)
{
	if (!x->open)
		return;
	explain_item(x, &x->cur);
	item_clear(&x->cur);
	x->open = false;
}

static void set_context(char *dst, const char *s, size_t n)
{
	while (n && (s[n - 1] == ' ' || s[n - 1] == ':' || s[n - 1] == '\r'))
		n--;
	if (n > CONTEXT_MAX)
		n = CONTEXT_MAX;
	memcpy(dst, s, n);
	dst[n] = '\0';
}

/* Postfix "(in reply to RCPT TO command)", Exim "after RCPT TO:<a@b>:". */
static bool context_in(const char *s, size_t n, char *dst)
{
	const char *p = find_ci(s, n, "in reply to ");
	if (p) {
		p += strlen("in reply to ");
		size_t rest = n - (size_t)(p - s);
		const char *e = find_ci(p, rest, " command");
		set_context(dst, p, e ? (size_t)(e - p) : rest);
		return true;
	}
	p = find_ci(s, n, " after ");
	if (p) {
		p += strlen(" after ");
		size_t rest = n - (size_t)(p - s);
		size_t off, len;
		if (explain_find_command(p, rest, &off, &len) ||
		    find_ci(p, rest < 11 ? rest : 11, "end of data") == p) {
			const char *e = find_ci(p, rest, ": ");
			set_context(dst, p, e ? (size_t)(e - p) : rest);
			return true;
		}
	}
	return false;
}

static void start_item(struct explainer *x, const struct explain_found *fd,
                       const char *line, size_t len, size_t line_no)
{
	struct item *it = &x->cur;
	memset(it, 0, sizeof *it);
	it->kind = fd->kind;
	it->code = fd->code;
	it->enh = fd->enh;
	it->more = fd->more;
	it->line_no = line_no;
	if (!context_in(line, len, it->context))
		memcpy(it->context, x->context, sizeof it->context);
	x->context[0] = '\0';
	/* A DSN names the recipient before its Status and Diagnostic-Code. */
	if (fd->kind == EXPLAIN_STATUS || fd->kind == EXPLAIN_DIAG)
		memcpy(it->recipient, x->recipient, sizeof it->recipient);
	item_add_line(it, line, len, x->line_skipped);
	x->open = true;
}

static void feed_line(struct explainer *x, const char *line, size_t len, size_t line_no)
{
	while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
		len--;
	struct explain_found fd;
	bool found = explain_find_reply(line, len, &fd);
	if (found) {
		/* The next line of a multi-line reply: same code, after a '-'. */
		if (x->open && x->cur.more && fd.code == x->cur.code &&
		    (fd.kind == EXPLAIN_REPLY || fd.kind == EXPLAIN_DIAG)) {
			item_add_line(&x->cur, line, len, x->line_skipped);
			x->cur.more = fd.more;
			if (!has_enh(&x->cur) && fd.enh.cls)
				x->cur.enh = fd.enh;
			if (!fd.more && x->cur.kind != EXPLAIN_DIAG &&
			    x->cur.kind != EXPLAIN_EMBEDDED)
				flush(x);
			return;
		}
		flush(x);
		start_item(x, &fd, line, len, line_no);
		/* Bounce fields and quoted replies may fold onto indented lines:
		 * they stay open until a line that is not part of them. */
		if (!fd.more && fd.kind != EXPLAIN_DIAG && fd.kind != EXPLAIN_EMBEDDED)
			flush(x);
		return;
	}
	/* A folded continuation: of a Diagnostic-Code field, or of a reply
	 * quoted in a bounce ("said: 550 5.1.1" and the text below it). */
	if (x->open && (x->cur.kind == EXPLAIN_DIAG || x->cur.kind == EXPLAIN_EMBEDDED) &&
	    len && (line[0] == ' ' || line[0] == '\t')) {
		item_add_line(&x->cur, line, len, x->line_skipped);
		if (!x->cur.context[0])
			context_in(line, len, x->cur.context);
		return;
	}
	flush(x);
	for (size_t f = 0; f < sizeof dsn_fields / sizeof *dsn_fields; f++) {
		if (!starts_with_ci(line, len, dsn_fields[f].name) ||
		    x->ndsn == sizeof x->dsn / sizeof *x->dsn)
			continue;
		struct dsn_field *d = &x->dsn[x->ndsn++];
		size_t nl = strlen(dsn_fields[f].name);
		const char *v = line + nl;
		size_t vl = len - nl;
		while (vl && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		d->which = (int)f;
		set_context(d->value, v, vl);
		memcpy(d->recipient, x->recipient, sizeof d->recipient);
		return;
	}
	size_t off, clen;
	if (starts_with_ci(line, len, "final-recipient:") ||
	    starts_with_ci(line, len, "original-recipient:")) {
		const char *semi = memchr(line, ';', len);
		const char *colon = memchr(line, ':', len);
		const char *v = semi ? semi + 1 : colon + 1;
		size_t vl = len - (size_t)(v - line);
		while (vl && (*v == ' ' || *v == '\t')) {
			v++;
			vl--;
		}
		if (!starts_with_ci(line, len, "original-recipient:") || !x->recipient[0])
			set_context(x->recipient, v, vl);
		return;
	}
	if (explain_find_command(line, len, &off, &clen))
		set_context(x->context, line + off, clen);
	else if (len == 1 && line[0] == '.')
		{
		static const char dot[] = "end of DATA (the \".\" line)";
		set_context(x->context, dot, sizeof dot - 1);
	}
	else
		context_in(line, len, x->context);
}

/* --- input ------------------------------------------------------------------- */

static void finish(struct explainer *x)
{
	flush(x);
	free(x->seen);
	x->seen = NULL;
}

/* Explain every reply in an open file. Each line keeps its first LINE_KEEP
 * bytes; the rest is counted and skipped, so that memory stays bounded
 * however long a line runs. Returns 0, 1 (nothing found) or 2 (a read
 * error, with errno's message). */
static int explain_stream(struct explainer *x, FILE *in, const char *name)
{
	char *buf = malloc(READ_CHUNK);
	char *line = malloc(LINE_KEEP);
	size_t len = 0, skipped = 0, line_no = 0;
	bool partial = false; /* bytes read since the last line end */
	int err = 0;
	if (!buf || !line) {
		err = ENOMEM;
	} else {
		int fd = fileno(in);
		for (;;) {
			/* read(), not fread(): a line that arrives through a pipe is
			 * explained as it comes, not once a whole chunk has */
			ssize_t r = read(fd, buf, READ_CHUNK);
			if (r < 0 && errno == EINTR)
				continue;
			if (r < 0)
				err = errno;
			if (r <= 0)
				break;
			size_t n = (size_t)r;
			for (size_t pos = 0; pos < n;) {
				const char *nl = memchr(buf + pos, '\n', n - pos);
				size_t piece = nl ? (size_t)(nl - (buf + pos)) : n - pos;
				size_t room = LINE_KEEP - len;
				size_t take = piece < room ? piece : room;
				memcpy(line + len, buf + pos, take);
				len += take;
				skipped += piece - take;
				partial = true;
				pos += piece;
				if (!nl)
					break;
				pos++;
				x->line_skipped = skipped;
				feed_line(x, line, len, ++line_no);
				len = skipped = 0;
				partial = false;
			}
		}
		if (partial) {
			x->line_skipped = skipped;
			feed_line(x, line, len, ++line_no);
		}
		x->line_skipped = 0;
	}
	free(buf);
	free(line);
	finish(x);
	if (err) {
		fputs("smtpsim: explain: cannot read ", stderr);
		cli_put_visible(stderr, name, strlen(name));
		fprintf(stderr, ": %s\n", strerror(err));
		return 2;
	}
	if (!x->count) {
		fputs("smtpsim: explain: no SMTP reply found in ", stderr);
		cli_put_visible(stderr, name, strlen(name));
		fputc('\n', stderr);
		return 1;
	}
	fprintf(x->out, "\n%zu repl%s found: %zu success, %zu intermediate, "
	        "%zu temporary failure%s, %zu permanent failure%s.\n",
	        x->count, x->count == 1 ? "y" : "ies", x->by_class[2], x->by_class[3],
	        x->by_class[4], x->by_class[4] == 1 ? "" : "s", x->by_class[5],
	        x->by_class[5] == 1 ? "" : "s");
	if (x->ndsn) {
		fputs("\nThis is a delivery status notification (RFC 3464); its other "
		      "fields:\n", x->out);
		for (size_t i = 0; i < x->ndsn; i++) {
			const struct dsn_field *d = &x->dsn[i];
			fprintf(x->out, "  %s ", dsn_fields[d->which].shown);
			cli_put_visible(x->out, d->value, strlen(d->value));
			if (d->recipient[0]) {
				fputs(" (for ", x->out);
				cli_put_visible(x->out, d->recipient, strlen(d->recipient));
				fputc(')', x->out);
			}
			fputs("\n    ", x->out);
			if (dsn_fields[d->which].meaning)
				fputs(dsn_fields[d->which].meaning, x->out);
			else
				fprintf(x->out, "%s (RFC 3464 \u00a72.3.3)", dsn_action(d->value));
			fputc('\n', x->out);
		}
	}
	return 0;
}

/* Explain a text held in memory, line by line. */
static int explain_text(struct explainer *x, const char *s, size_t n)
{
	size_t line_no = 0;
	size_t pos = 0;
	while (pos < n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (s + pos)) : n - pos;
		feed_line(x, s + pos, len, ++line_no);
		pos += len + (nl ? 1 : 0);
	}
	finish(x);
	return x->count ? 0 : 1;
}

static bool token_item(const char *s, struct item *it)
{
	memset(it, 0, sizeof *it);
	if (!explain_parse_token(s, strlen(s), &it->code, &it->enh, &it->enh_any))
		return false;
	it->kind = it->code ? EXPLAIN_REPLY : EXPLAIN_STATUS;
	/* A bare basic code must look like one: 100..599. */
	return it->code == 0 || (it->code >= 100 && it->code <= 599);
}

/* How an argument reads when it stands alone. */
enum arg_shape {
	ARG_CODE,   /* 550, 5.1.1, X.7.8: shaped like a code, known or not */
	ARG_LINE,   /* has white space: a reply line the user quoted */
	ARG_WORD,   /* anything else: a piece of a longer line */
};

static enum arg_shape arg_shape(const char *s)
{
	int code;
	struct explain_enh enh;
	bool any;
	if (explain_parse_token(s, strlen(s), &code, &enh, &any))
		return ARG_CODE;
	return strpbrk(s, " \t\r\n") ? ARG_LINE : ARG_WORD;
}

/* Whether several arguments are one reply line that the shell split at its
 * spaces: one of them is a plain word ("550 5.1.1 User unknown" unquoted),
 * or they are exactly a basic code and an enhanced one ("550 5.1.1").
 * Otherwise every argument is a code or a quoted line of its own. */
static bool split_reply_line(int n, char **args)
{
	for (int i = 0; i < n; i++)
		if (arg_shape(args[i]) == ARG_WORD)
			return true;
	if (n != 2)
		return false;
	int c1, c2;
	struct explain_enh e1, e2;
	bool any1, any2;
	return explain_parse_token(args[0], strlen(args[0]), &c1, &e1, &any1) && c1 &&
	       explain_parse_token(args[1], strlen(args[1]), &c2, &e2, &any2) && !c2;
}

/* Explain one code or text (one argument, or the arguments joined) with a
 * fresh explainer; a blank line first when earlier arguments printed
 * something. Returns 0, or 1 when it holds no reply code (said on stderr). */
static int explain_arg(struct explainer *base, const char *text)
{
	struct explainer x;
	memset(&x, 0, sizeof x);
	x.out = base->out;
	x.width = base->width;
	x.verbose = base->verbose;
	x.gap = base->count > 0;
	size_t n = strlen(text);
	int rc;
	struct item it;
	if (token_item(text, &it)) {
		explain_item(&x, &it);
		rc = 0;
	} else {
		x.numbered = memchr(text, '\n', n) != NULL;
		rc = explain_text(&x, text, n);
	}
	base->count += x.count;
	if (rc) {
		fputs("smtpsim: explain: no SMTP reply code found in '", stderr);
		show_input_line(stderr, text, n, 0);
		fputs("'\n", stderr);
		const struct cat_port *port = NULL;
		if (n <= 5 && strspn(text, "0123456789") == n)
			port = cat_port_find(atoi(text));
		if (port)
			fprintf(stderr, "%d is a mail port (%s): try 'smtpsim ports %d'\n",
			        port->port, port->protocol, port->port);
	}
	return rc;
}

static void explain_help(FILE *f)
{
	fputs("Usage: smtpsim explain [-v] TEXT...\n"
	      "       smtpsim explain [-v] -f FILE\n"
	      "Explain SMTP replies in plain words: a basic reply code (550), an\n"
	      "enhanced status code (5.1.1 or X.1.1), a whole reply line as a server\n"
	      "sent it (550 5.1.1 <bob@example.com>: Recipient address rejected), or\n"
	      "the fields of a bounce (Diagnostic-Code: smtp; 550 5.1.1 ...,\n"
	      "Status: 5.1.1). It names the class (success, temporary or permanent\n"
	      "failure), the basic and the enhanced code, likely causes and what to do.\n"
	      "\n"
	      "  -f, --file FILE  explain every reply in FILE ('-': standard input):\n"
	      "                   a pasted telnet session, swaks output, a mail log,\n"
	      "                   a bounce message; multi-line replies are grouped\n"
	      "  -v, --verbose    with -f, also the background of every code\n"
	      "  -h, --help       this help\n"
	      "\n"
	      "Several arguments are explained each on its own, in order, when every\n"
	      "one is a code or a quoted reply line:\n"
	      "  smtpsim explain 421 5.7.1 '550 5.1.1 User unknown'   # three replies\n"
	      "They are one reply line that the shell split at its spaces when one of\n"
	      "them is a plain word, or when they are just a basic code and then an\n"
	      "enhanced one:\n"
	      "  smtpsim explain 550 5.1.1 User unknown               # one reply\n"
	      "  smtpsim explain 550 5.1.1                            # one reply\n"
	      "Codes that do not exist (299, 5.9.9) are called unknown, with what\n"
	      "their digits say.\n"
	      "Exit status: 0 when every TEXT (or FILE) held a reply, 1 when one held\n"
	      "no reply code, 2 usage error or unreadable file.\n"
	      "Examples:\n"
	      "  smtpsim explain 550\n"
	      "  smtpsim explain '451 4.7.1 Greylisted, try again in 5 minutes'\n"
	      "  smtpsim explain -f bounce.eml          # a bounce message you saved\n"
	      "  swaks --server 127.0.0.1:2525 --to bob@example.com 2>&1 |\n"
	      "      smtpsim explain -f -               # needs 'smtpsim serve' running\n", f);
}

static const struct option explain_opts[] = {
	{ "file", required_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_explain(int argc, char **argv)
{
	const char *file = NULL;
	struct explainer x;
	memset(&x, 0, sizeof x);
	x.out = stdout;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:vh", explain_opts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'v': x.verbose = true; break;
		case 'h': explain_help(stdout); return 0;
		default:
			return bad_option("explain", argv[optind - 1], c == ':');
		}
	}
	if (file && optind < argc)
		return cli_usage_error("explain", "give either TEXT or -f FILE, not both");
	if (!file && optind >= argc)
		return cli_usage_error("explain", "nothing to explain: give a code, a "
		                       "reply line or -f FILE");
	x.width = term_width();

	if (file) {
		x.numbered = true;
		if (!strcmp(file, "-"))
			return explain_stream(&x, stdin, "standard input");
		FILE *in = fopen(file, "r");
		if (!in) {
			int err = errno;
			fputs("smtpsim: explain: cannot open ", stderr);
			cli_put_visible(stderr, file, strlen(file));
			fprintf(stderr, ": %s\n", strerror(err));
			return 2;
		}
		int rc = explain_stream(&x, in, file);
		fclose(in);
		return rc;
	}

	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs > 1 && !split_reply_line(nargs, args)) {
		int rc = 0;
		for (int i = 0; i < nargs; i++)
			if (explain_arg(&x, args[i]) != 0)
				rc = 1;
		return rc;
	}
	char *text = join_words(nargs, args);
	if (!text) {
		fputs("smtpsim: explain: out of memory\n", stderr);
		return 1;
	}
	int rc = explain_arg(&x, text);
	free(text);
	return rc;
}
