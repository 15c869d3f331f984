/* explain.c — finding SMTP replies in transcripts, logs and bounces. */
#include "smtp/explain.h"

#include "smtp/catalog.h"
#include "smtp/provider.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool is_digit(char c) { return c >= '0' && c <= '9'; }
static bool is_blank(char c) { return c == ' ' || c == '\t'; }

static char lower(char c)
{
	return (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
}

/* Does line[i..] start with the lower-case word w, in any case? */
static bool starts_ci(const char *s, size_t len, size_t i, const char *w)
{
	size_t n = strlen(w);
	if (i > len || len - i < n)
		return false;
	for (size_t k = 0; k < n; k++)
		if (lower(s[i + k]) != w[k])
			return false;
	return true;
}

static size_t skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && is_blank(s[i]))
		i++;
	return i;
}

/* 1 to 3 digits at s[i]; the value, or -1. *end is set past them. */
static int digits(const char *s, size_t len, size_t i, size_t *end)
{
	int v = 0;
	size_t n = 0;
	while (i + n < len && is_digit(s[i + n])) {
		if (n == 3)
			return -1;
		v = v * 10 + (s[i + n] - '0');
		n++;
	}
	*end = i + n;
	return n ? v : -1;
}

/* An enhanced code at s[i] ("5.1.1"), ending at a blank, the end, or a
 * character that cannot continue a code. Sets *end past it. */
static bool enh_at(const char *s, size_t len, size_t i, struct explain_enh *e,
                   size_t *end)
{
	size_t p;
	if (i > len || len - i < 5)
		return false;
	if (s[i] != '2' && s[i] != '4' && s[i] != '5')
		return false;
	if (i + 1 >= len || s[i + 1] != '.')
		return false;
	int subj = digits(s, len, i + 2, &p);
	if (subj < 0 || p >= len || s[p] != '.')
		return false;
	int detail = digits(s, len, p + 1, &p);
	if (detail < 0)
		return false;
	/* Not a dotted address or a version number: "5.1.1.7", "5.1.10a". */
	if (p < len && (is_digit(s[p]) || s[p] == '.' || (s[p] >= 'a' && s[p] <= 'z') ||
	                (s[p] >= 'A' && s[p] <= 'Z')))
		return false;
	e->cls = s[i] - '0';
	e->subject = subj;
	e->detail = detail;
	*end = p;
	return true;
}

static void cut_text(const char *s, size_t start, size_t len, struct explain_found *f)
{
	start = skip_blanks(s, len, start);
	size_t end = len;
	while (end > start && (is_blank(s[end - 1]) || s[end - 1] == '\r' ||
	                       s[end - 1] == '\n'))
		end--;
	f->text_off = start;
	f->text_len = end - start;
}

/* A reply at s[i]: three digits (the first 2-5) then ' ', '-' or the end,
 * then an optional enhanced code. */
static bool reply_at(const char *s, size_t len, size_t i, struct explain_found *f)
{
	if (i > len || len - i < 3)
		return false;
	if (s[i] < '2' || s[i] > '5' || !is_digit(s[i + 1]) || !is_digit(s[i + 2]))
		return false;
	size_t p = i + 3;
	if (p < len && s[p] != ' ' && s[p] != '-' && s[p] != '\t' && s[p] != '\r')
		return false;
	f->code = (s[i] - '0') * 100 + (s[i + 1] - '0') * 10 + (s[i + 2] - '0');
	f->more = p < len && s[p] == '-';
	f->enh.cls = 0;
	if (p < len)
		p++;
	size_t q = skip_blanks(s, len, p);
	size_t end;
	if (enh_at(s, len, q, &f->enh, &end))
		p = end;
	cut_text(s, p, len, f);
	return true;
}

/* Transcript markers before a server line: swaks "<-", "<~", "<**", and
 * "S:", "<<<", quoting ">". Returns the offset after them, or len + 1 when
 * the line is marked as coming from the client. */
static size_t skip_server_marker(const char *s, size_t len)
{
	size_t i = skip_blanks(s, len, 0);
	if (starts_ci(s, len, i, "->") || starts_ci(s, len, i, "~>") ||
	    starts_ci(s, len, i, "c:") || starts_ci(s, len, i, ">>>") ||
	    starts_ci(s, len, i, "**>"))
		return len + 1;
	if (starts_ci(s, len, i, "<<<"))
		i += 3;
	else if (starts_ci(s, len, i, "<-") || starts_ci(s, len, i, "<~") ||
	         starts_ci(s, len, i, "<*")) {
		/* swaks: "<-" plain, "<~" inside TLS, a '*' marks an error. */
		i += 2;
		while (i < len && s[i] == '*')
			i++;
	} else if (starts_ci(s, len, i, "s:"))
		i += 2;
	else
		while (i < len && s[i] == '>')
			i = skip_blanks(s, len, i + 1);
	return skip_blanks(s, len, i);
}

/* Words that introduce a reply quoted inside other text. */
static const char *const lead_ins[] = {
	"said:", "returned '", "returned \"", "returned:", "reply:", "replied:",
	"response:", "responded:", "responded with", "error:", "smtp;", "smtp:",
	"answered:", "rejected:",
};

static bool after_lead_in(const char *s, size_t i)
{
	/* s[..i) ends with a lead-in, perhaps followed by blanks. */
	while (i > 0 && is_blank(s[i - 1]))
		i--;
	for (size_t k = 0; k < sizeof lead_ins / sizeof lead_ins[0]; k++) {
		size_t n = strlen(lead_ins[k]);
		if (i >= n && starts_ci(s, i, i - n, lead_ins[k]))
			return true;
	}
	return false;
}

static bool boundary_before(const char *s, size_t i)
{
	if (i == 0)
		return true;
	char c = s[i - 1];
	return c == ' ' || c == '\t' || c == '(' || c == '\'' || c == '"' ||
	       c == ':' || c == ';' || c == '[' || c == '=' || c == '<' || c == ',';
}

/* A reply quoted somewhere in the line: "550 5.1.1 ..." anywhere, or a
 * bare code right after a lead-in such as "said:". */
static bool embedded(const char *s, size_t len, struct explain_found *f)
{
	for (size_t i = 0; i + 3 <= len; i++) {
		if (s[i] < '2' || s[i] > '5' || !boundary_before(s, i))
			continue;
		struct explain_found t;
		if (!reply_at(s, len, i, &t))
			continue;
		if (t.enh.cls || after_lead_in(s, i)) {
			*f = t;
			f->kind = EXPLAIN_EMBEDDED;
			/* The Microsoft form quotes the reply: '550 5.1.1 ...' */
			if (i > 0 && (s[i - 1] == '\'' || s[i - 1] == '"')) {
				const char *q = memchr(s + f->text_off, s[i - 1], f->text_len);
				if (q)
					f->text_len = (size_t)(q - (s + f->text_off));
			}
			return true;
		}
	}
	/* Postfix logs give the enhanced code alone as "dsn=4.4.3". */
	for (size_t i = 0; i + 4 <= len; i++) {
		size_t end;
		if (s[i] == '=' && i >= 3 && starts_ci(s, len, i - 3, "dsn=") &&
		    (i == 3 || boundary_before(s, i - 3)) &&
		    enh_at(s, len, i + 1, &f->enh, &end)) {
			f->kind = EXPLAIN_EMBEDDED;
			f->code = 0;
			f->more = false;
			cut_text(s, end, len, f);
			if (f->text_len && s[f->text_off] == ',')
				cut_text(s, f->text_off + 1, len, f);
			return true;
		}
	}
	return false;
}

bool explain_find_reply(const char *s, size_t len, struct explain_found *f)
{
	memset(f, 0, sizeof *f);
	f->kind = EXPLAIN_NONE;
	if (!s)
		return false;
	/* Cut trailing blanks once: cut_text runs for every code-like token of
	 * the line, and trimming them there each time made a long line of
	 * codes followed by blanks quadratic. */
	while (len && (is_blank(s[len - 1]) || s[len - 1] == '\r' || s[len - 1] == '\n'))
		len--;
	size_t i = skip_server_marker(s, len);
	if (i > len)
		return false;

	if (starts_ci(s, len, i, "diagnostic-code:")) {
		size_t p = i + strlen("diagnostic-code:");
		const char *semi = memchr(s + p, ';', len - p);
		size_t q = skip_blanks(s, len, semi ? (size_t)(semi - s) + 1 : p);
		if (reply_at(s, len, q, f)) {
			f->kind = EXPLAIN_DIAG;
			return true;
		}
		if (embedded(s, len, f)) {
			f->kind = EXPLAIN_DIAG;
			return true;
		}
		memset(f, 0, sizeof *f);
		return false;
	}
	if (starts_ci(s, len, i, "status:")) {
		size_t q = skip_blanks(s, len, i + strlen("status:"));
		size_t end;
		if (enh_at(s, len, q, &f->enh, &end)) {
			f->kind = EXPLAIN_STATUS;
			f->code = 0;
			cut_text(s, end, len, f);
			return true;
		}
		memset(f, 0, sizeof *f);
		return false;
	}
	if (reply_at(s, len, i, f)) {
		f->kind = EXPLAIN_REPLY;
		return true;
	}
	if (embedded(s, len, f))
		return true;
	memset(f, 0, sizeof *f);
	f->kind = EXPLAIN_NONE;
	return false;
}

static const char *const verbs[] = {
	"helo", "ehlo", "mail from", "rcpt to", "data", "bdat", "rset", "noop",
	"vrfy", "expn", "help", "quit", "starttls", "auth",
};

bool explain_find_command(const char *s, size_t len, size_t *off, size_t *cmd_len)
{
	if (!s)
		return false;
	size_t i = skip_blanks(s, len, 0);
	if (starts_ci(s, len, i, "->") || starts_ci(s, len, i, "~>") ||
	    starts_ci(s, len, i, "c:"))
		i = skip_blanks(s, len, i + 2);
	else if (starts_ci(s, len, i, ">>>"))
		i = skip_blanks(s, len, i + 3);
	for (size_t k = 0; k < sizeof verbs / sizeof verbs[0]; k++) {
		size_t n = strlen(verbs[k]);
		if (!starts_ci(s, len, i, verbs[k]))
			continue;
		size_t e = i + n;
		if (e < len && s[e] != ' ' && s[e] != '\t' && s[e] != ':' && s[e] != '\r')
			continue;
		size_t end = len;
		while (end > i && (is_blank(s[end - 1]) || s[end - 1] == '\r'))
			end--;
		*off = i;
		*cmd_len = end - i;
		return true;
	}
	return false;
}

bool explain_parse_token(const char *s, size_t len, int *code,
                         struct explain_enh *enh, bool *any_class)
{
	size_t end;
	*code = 0;
	*any_class = false;
	enh->cls = 0;
	if (!s || len == 0)
		return false;
	if (len == 3 && is_digit(s[0]) && is_digit(s[1]) && is_digit(s[2])) {
		*code = (s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0');
		return *code >= 100;
	}
	if (s[0] == 'X' || s[0] == 'x') {
		/* Same shape with class X: parse it as class 5, then clear it. */
		char tmp[16];
		if (len >= sizeof tmp)
			return false;
		memcpy(tmp, s, len);
		tmp[0] = '5';
		if (!enh_at(tmp, len, 0, enh, &end) || end != len)
			return false;
		enh->cls = 0;
		*any_class = true;
		return true;
	}
	/* Enhanced codes with a class outside 2/4/5 ("3.1.1", "9.9.9") still
	 * have the shape: report them so the caller can call them unknown. */
	if (len >= 5 && s[0] >= '1' && s[0] <= '9' && s[1] == '.') {
		char tmp[16];
		if (len >= sizeof tmp)
			return false;
		memcpy(tmp, s, len);
		tmp[0] = '5';
		if (!enh_at(tmp, len, 0, enh, &end) || end != len)
			return false;
		enh->cls = s[0] - '0';
		return true;
	}
	return false;
}

void explain_enh_format(const struct explain_enh *e, char *buf, size_t size)
{
	if (e->cls)
		snprintf(buf, size, "%d.%d.%d", e->cls, e->subject, e->detail);
	else
		snprintf(buf, size, "X.%d.%d", e->subject, e->detail);
}

/* --- explaining one reply (smtpsim explain, the reference search) ------- */

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

struct say_ctx {
	unsigned flags;
	explain_say_fn fn;
	void *ctx;
};

static void say(struct say_ctx *x, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void say(struct say_ctx *x, const char *label, const char *fmt, ...)
{
	char buf[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	x->fn(x->ctx, label, buf);
}

static bool has_enh(const struct explain_reply *it)
{
	return it->enh.cls != 0 || it->enh_any;
}

static void enh_text(const struct explain_reply *it, char *buf, size_t size)
{
	explain_enh_format(&it->enh, buf, size);
	if (!it->enh_any && it->enh.cls == 0)
		buf[0] = '\0';
}

static const char *find_ci(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);
	for (size_t i = 0; i + wl <= n; i++) {
		size_t k = 0;
		while (k < wl && lower(s[i + k]) == lower(w[k]))
			k++;
		if (k == wl)
			return s + i;
	}
	return NULL;
}

static const char *class_title(int d)
{
	switch (d) {
	case 2: return "Success";
	case 3: return "Intermediate: the server waits for more";
	case 4: return "Temporary failure";
	case 5: return "Permanent failure";
	}
	return NULL;
}

static const char *class_advice(int d)
{
	switch (d) {
	case 2: return "Nothing: this is a success.";
	case 3: return "Send what the server asks for next.";
	case 4: return "Wait and try again later; a mail server retries by itself "
		       "and gives up only after days.";
	case 5: return "Do not retry unchanged: fix what the text and the enhanced "
		       "code point at.";
	}
	return "Read the text of the reply.";
}

static void explain_basic(struct say_ctx *x, const struct explain_reply *it)
{
	int d1 = it->code / 100, d2 = it->code / 10 % 10;
	const struct cat_code *c = cat_code_find(it->code);
	char label[16];
	snprintf(label, sizeof label, "Reply %d", it->code);
	if (c) {
		say(x, label, "%s. [%s]", c->meaning, c->rfc);
		return;
	}
	const char *cat = cat_reply_category(d2);
	const struct cat_port *port = cat_port_find(it->code);
	if (port)
		say(x, "Note", "%d is a mail port (%s): see smtpsim ports %d.",
		    port->port, port->protocol, port->port);
	say(x, label, "Unknown: %d is not a reply code defined by RFC 5321 or its "
	    "extensions. Its first digit still counts: %dyz = %s. %s",
	    it->code, d1, cat_reply_class(d1) ? cat_reply_class(d1) : "undefined",
	    cat ? "" : "Its second digit names no category.");
	if (cat && d2 <= 5)
		say(x, "", "Second digit %d: %s.", d2, cat);
}

static void explain_enhanced(struct say_ctx *x, const struct explain_reply *it)
{
	char code[32];
	enh_text(it, code, sizeof code);
	char xcode[32];
	snprintf(xcode, sizeof xcode, "X.%d.%d", it->enh.subject, it->enh.detail);
	const struct cat_enh *e = cat_enh_find(xcode);
	const char *subj = cat_subject_meaning(it->enh.subject);
	bool class_ok = it->enh_any || cat_class_meaning(it->enh.cls);
	if (e && class_ok) {
		say(x, code, "%s (%s) [%s]", e->title, subj, e->rfc);
		say(x, "", "%s", e->meaning);
		if ((x->flags & EXPLAIN_USUAL_BASIC) && !strcmp(e->basic, "not given"))
			say(x, "", "Usual basic codes: none named in the registry.");
		else if (x->flags & EXPLAIN_USUAL_BASIC)
			say(x, "", "Usual basic codes: %s.", e->basic);
		return;
	}
	char cls[160];
	if (it->enh_any)
		cls[0] = '\0';
	else if (cat_class_meaning(it->enh.cls))
		snprintf(cls, sizeof cls, " Class %d: %s.", it->enh.cls,
		         cat_class_meaning(it->enh.cls));
	else
		snprintf(cls, sizeof cls, " Class %d is not defined (only 2, 4 and 5 "
		         "exist).", it->enh.cls);
	if (subj)
		say(x, code, "Unknown: not in the IANA registry.%s Subject %d (%s): %s",
		    cls, it->enh.subject, subj, cat_subject_detail(it->enh.subject));
	else
		say(x, code, "Unknown: not in the IANA registry.%s Subject %d is not "
		    "defined (subjects run from 0 to 7).", cls, it->enh.subject);
}

/* Words in a reply's text that tell more than its codes. */
static const struct {
	const char *word;
	const char *hint;
} hints[] = {
	{ "greylist", "The text mentions greylisting: the server refuses the first "
	  "attempt from an unknown sender and accepts a retry after a few minutes; "
	  "a real mail server retries by itself." },
	{ "blocked using", "The sending IP address is on a DNS blocklist; check "
	  "the named list and ask for delisting once the cause is fixed." },
	{ "blocklist", "The sending IP address or domain is on a blocklist." },
	{ "blacklist", "The sending IP address or domain is on a blocklist." },
	{ "relay access denied", "The server is not the recipient's and will not "
	  "relay: send through your own provider's submission port with AUTH." },
	{ "relaying denied", "The server is not the recipient's and will not "
	  "relay: send through your own provider's submission port with AUTH." },
	{ "user unknown", "The recipient's mailbox does not exist: check the "
	  "spelling of the address." },
	{ "does not exist", "The recipient's mailbox does not exist: check the "
	  "spelling of the address." },
	{ "quota", "The recipient's mailbox is over its quota: they must make room." },
	{ "mailbox full", "The recipient's mailbox is full: they must make room." },
	{ "dmarc", "The message failed the sender domain's DMARC policy: align SPF "
	  "and DKIM with the From domain." },
	{ "spf", "SPF is involved: the sender domain's SPF record must list the "
	  "sending IP address." },
	{ "dkim", "DKIM is involved: sign messages with a key published in the "
	  "sender domain's DNS." },
	{ "rate limit", "The sender is sending too fast: slow down and retry later." },
	{ "too many", "A limit was reached (connections, recipients or messages): "
	  "retry later or send in smaller batches." },
	{ "starttls", "The server talks about TLS: run STARTTLS before AUTH or MAIL." },
	{ "size", "Size is involved: compare the message size with the SIZE the "
	  "server announced after EHLO." },
};

static void text_hints(struct say_ctx *x, const struct explain_reply *it)
{
	const char *said[COUNT(hints)];
	size_t nsaid = 0;
	for (size_t h = 0; h < COUNT(hints); h++) {
		bool found = false;
		for (size_t i = 0; i < it->nlines && !found; i++)
			found = find_ci(it->lines[i], it->lens[i], hints[h].word) != NULL;
		if (!found)
			continue;
		bool dup = false;
		for (size_t k = 0; k < nsaid; k++)
			dup = dup || !strcmp(said[k], hints[h].hint);
		if (dup || nsaid == 3)
			continue;
		said[nsaid++] = hints[h].hint;
		say(x, "Hint", "%s", hints[h].hint);
	}
}

/* The registry entry's own advice for the item's enhanced code, when it
 * has one and the class is one SMTP defines; else NULL. */
static const char *enhanced_action(const struct explain_reply *it)
{
	if (!has_enh(it) || (!it->enh_any && !cat_class_meaning(it->enh.cls)))
		return NULL;
	char xcode[32];
	snprintf(xcode, sizeof xcode, "X.%d.%d", it->enh.subject, it->enh.detail);
	const struct cat_enh *e = cat_enh_find(xcode);
	return e ? e->action : NULL;
}

void explain_reply(const struct explain_reply *it, unsigned flags, explain_say_fn fn,
                   void *ctx)
{
	struct say_ctx sx = { flags, fn, ctx }, *x = &sx;
	int d1 = it->code ? it->code / 100 : it->enh.cls;
	const char *title = class_title(d1);
	if (it->enh_any && !it->code) {
		say(x, "Class", "Any: X stands for the class, 2 (success), 4 (temporary) "
		    "or 5 (permanent).");
	} else if (title && it->code) {
		say(x, "Class", "%s (%dyz, %s). %s", title, d1, cat_reply_class(d1),
		    cat_reply_class_detail(d1));
	} else if (title) {
		say(x, "Class", "%s (%d.X.X, %s). %s", title, d1, cat_class_meaning(d1),
		    cat_class_detail(d1));
	} else {
		say(x, "Class", "Unknown: %d is not a class SMTP defines.", d1);
	}

	const struct cat_code *c = it->code ? cat_code_find(it->code) : NULL;
	const char *enh_action = enhanced_action(it);
	if (it->code)
		explain_basic(x, it);
	if (has_enh(it))
		explain_enhanced(x, it);
	if (it->code && has_enh(it) && it->enh.cls && it->enh.cls != d1 &&
	    class_title(it->enh.cls))
		say(x, "Note", "The enhanced class %d disagrees with the basic code %d; "
		    "clients act on the basic code.", it->enh.cls, it->code);
	/* the server's own words and codes: Gmail, Microsoft 365, Yahoo... */
	const struct provider_note *pn = provider_recognise(it);
	if (pn)
		say(x, "Server", "%s (%s): %s [%s]", pn->provider, pn->own, pn->meaning,
		    pn->source);
	if ((d1 == 4 || d1 == 5) && !(pn && pn->advice))
		text_hints(x, it);
	if (pn && pn->advice) {
		say(x, "What to do", "%s", pn->advice);
		if (c && !(x->flags & EXPLAIN_BRIEF)) {
			say(x, "Comes from", "%s.", c->commands);
			say(x, "About", "%s", c->detail);
		}
	} else if (c) {
		say(x, "Cause", "%s.", c->cause);
		/* The detail code says more than the basic one (552 covers both
		 * 5.3.4, too big, and 5.2.2, mailbox full). */
		say(x, "What to do", "%s.", enh_action ? enh_action : c->action);
		if (!(x->flags & EXPLAIN_BRIEF)) {
			say(x, "Comes from", "%s.", c->commands);
			say(x, "About", "%s", c->detail);
		}
	} else if (enh_action) {
		say(x, "What to do", "%s.", enh_action);
	} else if (it->enh_any && !it->code) {
		say(x, "What to do", "Read the class digit the server used: 2 is done, "
		    "4 retry later, 5 fix something first.");
	} else {
		say(x, "What to do", "%s", class_advice(d1));
	}
}

