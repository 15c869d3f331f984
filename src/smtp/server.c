/* server.c — what sessions of one server share: profile, scenarios, rules,
 * the clock and the greylist table. */
#include "smtp/internal.h"
#include "smtp/personality.h"

#include <ctype.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

/* The simulated clock starts here (2026-01-01T00:00:00Z) so that simulated
 * sessions, queue ids included, are reproducible. */
#define SIM_EPOCH 1767225600
#define GREY_MAX 65536

struct smtp_server *smtp_server_new(const char *profile, char *err, size_t errlen)
{
	const struct smtp_profile *p = smtp_profile_find(profile ? profile : "mta");
	if (!p) {
		if (err)
			snprintf(err, errlen, "unknown profile '%s' (try mta, submission, smtps, alt)",
			         profile);
		return NULL;
	}
	struct smtp_server *srv = calloc(1, sizeof *srv);
	if (!srv) {
		if (err)
			snprintf(err, errlen, "out of memory");
		return NULL;
	}
	srv->profile = p;
	srv->grey_delay = 300;
	return srv;
}

void smtp_server_free(struct smtp_server *srv)
{
	if (!srv)
		return;
	free(srv->rules);
	free(srv->grey);
	free(srv);
}

void smtp_server_share_queue_counter(struct smtp_server *srv, unsigned long *counter)
{
	srv->shared_counter = counter;
}

const struct smtp_profile *smtp_server_profile(const struct smtp_server *srv)
{
	return srv->profile;
}

int smtp_server_scenario(struct smtp_server *srv, const char *name, bool on,
                         char *err, size_t errlen)
{
	unsigned bit = smtp_scenario_bit(name);
	if (!bit) {
		if (err)
			snprintf(err, errlen, "unknown scenario '%s' (smtpsim --list-scenarios lists them)",
			         name);
		return -1;
	}
	if (on)
		srv->scenarios |= bit;
	else
		srv->scenarios &= ~bit;
	return 0;
}

bool smtp_server_has_scenario(const struct smtp_server *srv, const char *name)
{
	unsigned bit = smtp_scenario_bit(name);
	return bit && (srv->scenarios & bit);
}

unsigned long smtp_server_max_size(const struct smtp_server *srv)
{
	return (srv->scenarios & SC_TINY_SIZE) ? 2048
	       : smtp_persona_max_size(srv->persona, srv->profile->max_size);
}

static const char *const stage_names[STAGE_COUNT] = {
	"CONNECT", "HELO", "EHLO", "MAIL", "RCPT", "DATA", "DOT", "AUTH",
	"STARTTLS", "QUIT",
};

static bool valid_enh(const char *e, int cls)
{
	int c;
	return smtp_enh_parse(e, false, &c, NULL, NULL) && c == cls;
}

int smtp_server_add_rule(struct smtp_server *srv, const char *spec,
                         char *err, size_t errlen)
{
	struct rule r;
	memset(&r, 0, sizeof r);
	const char *eq = strchr(spec, '=');
	if (!eq) {
		snprintf(err, errlen, "rule '%s': expected STAGE[:MATCH]=CODE [ENH] [TEXT]", spec);
		return -1;
	}
	const char *colon = memchr(spec, ':', (size_t)(eq - spec));
	size_t slen = (size_t)((colon ? colon : eq) - spec);
	int stage = -1;
	for (int i = 0; i < STAGE_COUNT; i++)
		if (strlen(stage_names[i]) == slen && !strncasecmp(spec, stage_names[i], slen))
			stage = i;
	if (stage < 0) {
		snprintf(err, errlen, "rule '%s': unknown stage '%.*s' (CONNECT, HELO, EHLO, "
		         "MAIL, RCPT, DATA, DOT, AUTH, STARTTLS, QUIT)", spec, (int)slen, spec);
		return -1;
	}
	r.stage = (enum rule_stage)stage;
	if (colon) {
		size_t mlen = (size_t)(eq - colon - 1);
		if (mlen == 0 || mlen > SMTP_PATH_MAX) {
			snprintf(err, errlen, "rule '%s': the match after ':' must be 1 to %d characters",
			         spec, SMTP_PATH_MAX);
			return -1;
		}
		for (size_t k = 0; k < mlen; k++)
			r.match[k] = (char)tolower((unsigned char)colon[1 + k]);
		r.match[mlen] = '\0';
		/* <bob@example.com> and bob@example.com are the same match */
		if (r.match[0] == '<' && r.match[mlen - 1] == '>' && mlen > 2) {
			memmove(r.match, r.match + 1, mlen - 2);
			r.match[mlen - 2] = '\0';
		}
	}
	const char *p = eq + 1;
	if (!(isdigit((unsigned char)p[0]) && isdigit((unsigned char)p[1]) &&
	      isdigit((unsigned char)p[2]) && (p[3] == '\0' || p[3] == ' '))) {
		snprintf(err, errlen, "rule '%s': expected a three-digit reply code after '='", spec);
		return -1;
	}
	r.code = (p[0] - '0') * 100 + (p[1] - '0') * 10 + (p[2] - '0');
	if (r.code < 200 || r.code > 559 || p[1] > '5') {
		snprintf(err, errlen, "rule '%s': %d is not an SMTP reply code (2xx to 5xx)",
		         spec, r.code);
		return -1;
	}
	if (r.code / 100 == 3 && !(r.stage == STAGE_DATA && r.code == 354)) {
		snprintf(err, errlen, "rule '%s': a 3xx reply only fits DATA (354)", spec);
		return -1;
	}
	if (r.stage == STAGE_CONNECT && r.code != 220 && r.code != 421 && r.code != 554) {
		snprintf(err, errlen, "rule '%s': a greeting is 220, 421 or 554 (RFC 5321 §3.1)", spec);
		return -1;
	}
	if (r.stage == STAGE_DATA && r.code / 100 == 2) {
		snprintf(err, errlen, "rule '%s': DATA is answered 354, 4xx or 5xx, not %d",
		         spec, r.code);
		return -1;
	}
	p += 3;
	while (*p == ' ')
		p++;
	const char *tok_end = p + strcspn(p, " ");
	if (p[0] >= '2' && p[0] <= '5' && p[1] == '.') {
		size_t elen = (size_t)(tok_end - p);
		if (elen >= sizeof r.enh) {
			snprintf(err, errlen, "rule '%s': enhanced code too long", spec);
			return -1;
		}
		memcpy(r.enh, p, elen);
		r.enh[elen] = '\0';
		if (!valid_enh(r.enh, r.code / 100)) {
			snprintf(err, errlen, "rule '%s': '%s' is not an enhanced status code of "
			         "class %d (like %d.1.1)", spec, r.enh, r.code / 100, r.code / 100);
			return -1;
		}
		p = tok_end;
		while (*p == ' ')
			p++;
	} else if (r.code / 100 != 3 && r.stage != STAGE_CONNECT && r.stage != STAGE_HELO &&
	           r.stage != STAGE_EHLO) {
		/* RFC 2034 §3: no enhanced code in the greeting or a HELO/EHLO reply */
		snprintf(r.enh, sizeof r.enh, "%d.0.0", r.code / 100);
	}
	size_t tlen = strlen(p);
	if (tlen > SMTP_REPLY_LINE_MAX - 20) {
		snprintf(err, errlen, "rule '%s': text over %d characters", spec,
		         SMTP_REPLY_LINE_MAX - 20);
		return -1;
	}
	for (size_t i = 0; i < tlen; i++) {
		if ((unsigned char)p[i] < 0x20 || (unsigned char)p[i] > 0x7e) {
			snprintf(err, errlen, "rule '%s': the text must be printable ASCII", spec);
			return -1;
		}
	}
	if (tlen)
		memcpy(r.text, p, tlen + 1);
	else
		snprintf(r.text, sizeof r.text, "%s",
		         r.code / 100 == 2 ? "Ok" : r.code / 100 == 3 ? "Go ahead" :
		         r.code / 100 == 4 ? "Temporary failure, try again later" :
		                             "Request rejected");
	struct rule *nr = realloc(srv->rules, (srv->nrules + 1) * sizeof *nr);
	if (!nr) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	srv->rules = nr;
	srv->rules[srv->nrules++] = r;
	return 0;
}

const struct rule *smtp_server_rule(const struct smtp_server *srv,
                                    enum rule_stage stage, const char *arg)
{
	for (size_t i = 0; i < srv->nrules; i++) {
		const struct rule *r = &srv->rules[i];
		if (r->stage != stage)
			continue;
		if (!r->match[0])
			return r;
		if (!arg)
			continue;
		/* matches are stored in lower case; compare the same way */
		char low[SMTP_CMD_LINE_MAX + 1];
		size_t n = strlen(arg);
		if (n > SMTP_CMD_LINE_MAX)
			n = SMTP_CMD_LINE_MAX;
		for (size_t k = 0; k < n; k++)
			low[k] = (char)tolower((unsigned char)arg[k]);
		low[n] = '\0';
		if (!strcmp(r->match, low) || fnmatch(r->match, low, 0) == 0)
			return r;
	}
	return NULL;
}

void smtp_server_set_real_clock(struct smtp_server *srv, bool real)
{
	srv->real_clock = real;
}

void smtp_server_advance(struct smtp_server *srv, long seconds)
{
	srv->offset += seconds;
}

int64_t smtp_server_now(const struct smtp_server *srv)
{
	int64_t base = srv->real_clock ? (int64_t)time(NULL) : SIM_EPOCH;
	return base + srv->offset;
}

void smtp_server_set_greylist_delay(struct smtp_server *srv, long seconds)
{
	srv->grey_delay = seconds;
}

static uint64_t fnv_lower(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)tolower((unsigned char)*s);
		h *= 0x100000001b3ULL;
	}
	h ^= 0xff; /* separator, so ("ab","c") differs from ("a","bc") */
	h *= 0x100000001b3ULL;
	return h;
}

bool smtp_server_grey_pass(struct smtp_server *srv, const char *client,
                           const char *sender, const char *rcpt)
{
	uint64_t key = fnv_lower(fnv_lower(fnv_lower(0xcbf29ce484222325ULL, client),
	                                   sender), rcpt);
	int64_t now = smtp_server_now(srv);
	for (size_t i = 0; i < srv->ngrey; i++)
		if (srv->grey[i].key == key)
			return now - srv->grey[i].first_seen >= srv->grey_delay;
	if (srv->ngrey == GREY_MAX) {
		/* forget the older half: a retry after that is greylisted again */
		memmove(srv->grey, srv->grey + GREY_MAX / 2,
		        (GREY_MAX / 2) * sizeof *srv->grey);
		srv->ngrey = GREY_MAX / 2;
	}
	if (srv->ngrey == srv->grey_cap) {
		size_t cap = srv->grey_cap ? srv->grey_cap * 2 : 64;
		struct grey_entry *g = realloc(srv->grey, cap * sizeof *g);
		if (!g)
			return true; /* fail open, as greylisting daemons do */
		srv->grey = g;
		srv->grey_cap = cap;
	}
	srv->grey[srv->ngrey].key = key;
	srv->grey[srv->ngrey].first_seen = now;
	srv->ngrey++;
	return false;
}
