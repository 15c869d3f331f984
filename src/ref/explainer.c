/* explainer.c — every SMTP reply in a text, gathered and explained (see
 * explainer.h). Finding a reply in one line and the words for a pair of
 * codes are the engine's (smtp/explain.h); this file groups lines into
 * replies, remembers what was said, and lays it out. */
#include "ref/explainer.h"
#include "smtp/explain.h"
#include "text/layout.h"
#include "text/text.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
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

struct ref_explainer {
	FILE *out;
	int width;
	bool verbose;
	bool numbered;
	bool gap;
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
	{ "last-attempt-date:", "Last-Attempt-Date:", "when the reporting server last tried to deliver "
	  "to this recipient (RFC 3464 \u00a72.3.7)" },
	{ "will-retry-until:", "Will-Retry-Until:", "in a delay report: when the reporting server "
	  "gives up; until then it keeps trying and the sender need not resend (RFC 3464 "
	  "\u00a72.3.9)" },
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

void ref_show_line(FILE *f, const char *s, size_t n, size_t skipped)
{
	size_t cut = n;
	if (cut > REF_SHOW_MAX) {
		cut = REF_SHOW_MAX;
		while (cut > REF_SHOW_MAX - 4 && ((unsigned char)s[cut] & 0xc0) == 0x80)
			cut--;
	}
	text_put_visible(f, s, cut);
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
	struct ref_explainer *x = ctx;
	text_put_para(x->out, x->width, label, text);
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

static bool seen_grow(struct ref_explainer *x)
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
static bool seen_before(struct ref_explainer *x, const struct item *it, size_t *number)
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

static void explain_item(struct ref_explainer *x, struct item *it)
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
			text_put_visible(f, it->context, strlen(it->context));
		}
		if (it->recipient[0]) {
			fputs(", recipient ", f);
			text_put_visible(f, it->recipient, strlen(it->recipient));
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
		ref_show_line(f, it->lines[i], it->lens[i], it->skipped[i]);
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

static void flush(struct ref_explainer *x)
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

static void start_item(struct ref_explainer *x, const struct explain_found *fd,
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

static void feed_line(struct ref_explainer *x, const char *line, size_t len, size_t line_no)
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

void ref_explain_line(struct ref_explainer *x, const char *line, size_t len,
                      size_t line_no, size_t skipped)
{
	x->line_skipped = skipped;
	feed_line(x, line, len, line_no);
	x->line_skipped = 0;
}

void ref_explain_finish(struct ref_explainer *x)
{
	flush(x);
}

int ref_explain_fd(struct ref_explainer *x, int fd)
{
	char *buf = malloc(READ_CHUNK);
	char *line = malloc(REF_LINE_KEEP);
	size_t len = 0, skipped = 0, line_no = 0;
	bool partial = false; /* bytes read since the last line end */
	int err = 0;
	if (!buf || !line) {
		err = ENOMEM;
	} else {
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
				size_t room = REF_LINE_KEEP - len;
				size_t take = piece < room ? piece : room;
				memcpy(line + len, buf + pos, take);
				len += take;
				skipped += piece - take;
				partial = true;
				pos += piece;
				if (!nl)
					break;
				pos++;
				ref_explain_line(x, line, len, ++line_no, skipped);
				len = skipped = 0;
				partial = false;
			}
		}
		if (partial)
			ref_explain_line(x, line, len, ++line_no, skipped);
	}
	free(buf);
	free(line);
	ref_explain_finish(x);
	return err;
}

void ref_explain_summary(const struct ref_explainer *x)
{
	fprintf(x->out, "\n%zu repl%s found: %zu success, %zu intermediate, "
	        "%zu temporary failure%s, %zu permanent failure%s.\n",
	        x->count, x->count == 1 ? "y" : "ies", x->by_class[2], x->by_class[3],
	        x->by_class[4], x->by_class[4] == 1 ? "" : "s", x->by_class[5],
	        x->by_class[5] == 1 ? "" : "s");
	if (!x->ndsn)
		return;
	fputs("\nThis is a delivery status notification (RFC 3464); its other "
	      "fields:\n", x->out);
	for (size_t i = 0; i < x->ndsn; i++) {
		const struct dsn_field *d = &x->dsn[i];
		fprintf(x->out, "  %s ", dsn_fields[d->which].shown);
		text_put_visible(x->out, d->value, strlen(d->value));
		if (d->recipient[0]) {
			fputs(" (for ", x->out);
			text_put_visible(x->out, d->recipient, strlen(d->recipient));
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

void ref_explain_text(struct ref_explainer *x, const char *s, size_t n)
{
	size_t line_no = 0;
	size_t pos = 0;
	while (pos < n) {
		const char *nl = memchr(s + pos, '\n', n - pos);
		size_t len = nl ? (size_t)(nl - (s + pos)) : n - pos;
		feed_line(x, s + pos, len, ++line_no);
		pos += len + (nl ? 1 : 0);
	}
	ref_explain_finish(x);
}

bool ref_explain_code(struct ref_explainer *x, const char *s)
{
	struct item it;
	memset(&it, 0, sizeof it);
	if (!explain_parse_token(s, strlen(s), &it.code, &it.enh, &it.enh_any))
		return false;
	/* A bare basic code must look like one: 100..599. */
	if (it.code != 0 && (it.code < 100 || it.code > 599))
		return false;
	it.kind = it.code ? EXPLAIN_REPLY : EXPLAIN_STATUS;
	explain_item(x, &it);
	return true;
}

/* --- life ------------------------------------------------------------------ */

struct ref_explainer *ref_explainer_new(const struct ref_explain_opts *o)
{
	struct ref_explainer *x = calloc(1, sizeof *x);
	if (!x)
		return NULL;
	x->out = o->out;
	x->width = o->width;
	x->verbose = o->verbose;
	x->numbered = o->numbered;
	x->gap = o->gap;
	return x;
}

void ref_explainer_free(struct ref_explainer *x)
{
	if (!x)
		return;
	item_clear(&x->cur);
	free(x->seen);
	free(x);
}

size_t ref_explainer_count(const struct ref_explainer *x)
{
	return x->count;
}
