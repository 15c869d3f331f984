/* zone.c — the simulated DNS of :dig. */
#include "lesson/zone.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* The world the engine simulates. Addresses are from the documentation
 * ranges (RFC 5737); example.org's SPF record leaves out the client
 * address the engine gives (192.0.2.10), which is why its spf-fail
 * scenario refuses it; its DMARC record is what dmarc-reject enforces. */
static const char *const builtin[] = {
	"example.com MX 10 mx.example.com",
	"example.com MX 20 mx2.example.com",
	"mx.example.com A 192.0.2.25",
	"mx2.example.com A 192.0.2.26",
	"smtp.example.com A 192.0.2.30",
	"example.com TXT v=spf1 mx -all",
	"example.org MX 10 mail.example.org",
	"mail.example.org A 198.51.100.10",
	"example.org TXT v=spf1 ip4:198.51.100.0/24 -all",
	"_dmarc.example.org TXT v=DMARC1; p=reject",
	"example.net A 203.0.113.5",
	"nullmx.example.net MX 0 .",
};

static const char *const types[] = { "MX", "A", "AAAA", "TXT" };

bool zone_type_known(const char *type)
{
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (!strcasecmp(type, types[i]))
			return true;
	return false;
}

/* A record split: NAME and TYPE copied (lower/upper case), VALUE points
 * into RR. False when malformed. */
struct rr {
	char name[256];
	char type[8];
	const char *value;
};

static bool split(const char *rr, struct rr *out)
{
	const char *p = rr;
	size_t n = 0;
	while (*p && *p != ' ' && n + 1 < sizeof out->name)
		out->name[n++] = (char)tolower((unsigned char)*p++);
	out->name[n] = '\0';
	if (n && out->name[n - 1] == '.')
		out->name[--n] = '\0';
	if (*p != ' ' || !n)
		return false;
	p++;
	n = 0;
	while (*p && *p != ' ' && n + 1 < sizeof out->type)
		out->type[n++] = (char)toupper((unsigned char)*p++);
	out->type[n] = '\0';
	if (*p != ' ' || !zone_type_known(out->type))
		return false;
	out->value = p + 1;
	return *out->value != '\0';
}

const char *zone_record_problem(const char *rr)
{
	struct rr r;
	if (!split(rr, &r))
		return "expected \"NAME TYPE VALUE\" with TYPE one of MX A AAAA TXT";
	if (!strcmp(r.type, "MX")) {
		char *end;
		long pref = strtol(r.value, &end, 10);
		if (end == r.value || *end != ' ' || pref < 0 || pref > 65535 || !end[1])
			return "an MX value is \"PREFERENCE HOST\" (0-65535), e.g. \"10 mx.example.com\"";
	}
	return NULL;
}

/* Records for NAME/TYPE: the lesson's when it has any, else the
 * built-in ones. Calls FN for each. Returns how many. */
static size_t each(const char *const *extra, size_t n, const char *name, const char *type,
                   void (*fn)(const struct rr *, void *), void *ctx)
{
	size_t found = 0;
	for (int pass = 0; pass < 2 && !found; pass++) {
		const char *const *v = pass ? builtin : extra;
		size_t m = pass ? sizeof builtin / sizeof *builtin : n;
		for (size_t i = 0; i < m; i++) {
			struct rr r;
			if (split(v[i], &r) && !strcmp(r.name, name) && !strcmp(r.type, type)) {
				found++;
				if (fn)
					fn(&r, ctx);
			}
		}
	}
	return found;
}

/* Whether NAME exists at all (any record, lesson or built-in). */
static bool exists(const char *const *extra, size_t n, const char *name)
{
	for (size_t i = 0; i < sizeof types / sizeof *types; i++)
		if (each(extra, n, name, types[i], NULL, NULL))
			return true;
	return false;
}

struct out {
	char *buf;
	size_t len, cap;
	bool null_mx;            /* an answer was "MX 0 ." (RFC 7505) */
};

static void put(struct out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(struct out *o, const char *fmt, ...)
{
	if (o->len + 1 >= o->cap)
		return;
	va_list ap;
	va_start(ap, fmt);
	int w = vsnprintf(o->buf + o->len, o->cap - o->len, fmt, ap);
	va_end(ap);
	if (w > 0)
		o->len += (size_t)w < o->cap - o->len ? (size_t)w : o->cap - o->len - 1;
}

static void show(const struct rr *r, void *ctx)
{
	struct out *o = ctx;
	if (!strcmp(r->type, "TXT")) {
		put(o, "%s.  TXT  \"%s\"\n", r->name, r->value);
	} else if (!strcmp(r->type, "MX")) {
		put(o, "%s.  MX  %s%s\n", r->name, r->value,
		    r->value[strlen(r->value) - 1] == '.' ? "" : ".");
		o->null_mx |= !strcmp(r->value, "0 .");
	} else {
		put(o, "%s.  %s  %s\n", r->name, r->type, r->value);
	}
}

void zone_name(const char *name, char *out, size_t n)
{
	size_t k = 0;
	for (; name[k] && k + 1 < n; k++)
		out[k] = (char)tolower((unsigned char)name[k]);
	out[k] = '\0';
	if (k && out[k - 1] == '.')
		out[k - 1] = '\0';
}

bool zone_has_address(const char *const *extra, size_t n, const char *name)
{
	char low[256];
	zone_name(name, low, sizeof low);
	return each(extra, n, low, "A", NULL, NULL) || each(extra, n, low, "AAAA", NULL, NULL);
}

const char *zone_dig(const char *const *extra, size_t n, const char *name, const char *type,
                     char *out, size_t outlen)
{
	struct out o = { out, 0, outlen, false };
	char low[256], up[8];
	zone_name(name, low, sizeof low);
	type = type ? type : "MX";
	size_t k;
	for (k = 0; type[k] && k + 1 < sizeof up; k++)
		up[k] = (char)toupper((unsigned char)type[k]);
	up[k] = '\0';
	out[0] = '\0';
	if (!zone_type_known(up)) {
		put(&o, "%s: :dig knows the types MX, A, AAAA and TXT", up);
		return out;
	}
	put(&o, ";; %s %s (simulated DNS)\n", low, up);
	if (each(extra, n, low, up, show, &o)) {
		if (o.null_mx)
			put(&o, "a null MX (RFC 7505): %s accepts no mail at all", low);
		else if (!strcmp(up, "MX"))
			put(&o, "the lowest preference is tried first (RFC 5321 §5.1)");
		else if (o.len && out[o.len - 1] == '\n')
			out[--o.len] = '\0';
		return out;
	}
	if (!exists(extra, n, low))
		put(&o, "NXDOMAIN: no name %s in this simulated DNS", low);
	else if (strcmp(up, "MX"))
		put(&o, "no %s records for %s (an empty answer)", up, low);
	else if (zone_has_address(extra, n, low))
		/* RFC 5321 §5.1: no MX, but an address: that host is the MX */
		put(&o, "no MX records (an empty answer): mail for %s goes to its own "
		        "address record, as an implicit MX of preference 0 "
		        "(RFC 5321 §5.1)", low);
	else
		put(&o, "no MX and no address records: mail for %s cannot be delivered", low);
	return out;
}
