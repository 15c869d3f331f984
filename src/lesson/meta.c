/* meta.c — the meta-line parser shared by free play and the lessons. */
#include "lesson/meta.h"
#include "smtp/smtp.h"
#include "text/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	enum meta_cmd cmd;
} names[] = {
	{ "help", META_HELP },       { "h", META_HELP },         { "?", META_HELP },
	{ "quit", META_QUIT },       { "q", META_QUIT },         { "reset", META_RESET },
	{ "wait", META_WAIT },       { "restart", META_RESTART }, { "skip", META_SKIP },
	{ "hint", META_HINT },       { "profile", META_PROFILE }, { "scenario", META_SCENARIO },
	{ "scenarios", META_SCENARIO }, { "save", META_SAVE },
	{ "b64", META_B64 },         { "base64", META_B64 },     { "plain", META_PLAIN },
	{ "batch", META_BATCH },     { "dig", META_DIG },        { "connect", META_CONNECT },
	{ "personality", META_PERSONALITY },
};

long meta_parse_duration(const char *s)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || v <= 0)
		return -1;
	long mul = 1;
	if (*end == 's' || *end == 'S')
		end++;
	else if (*end == 'm' || *end == 'M')
		mul = 60, end++;
	else if (*end == 'h' || *end == 'H')
		mul = 3600, end++;
	else if (*end == 'd' || *end == 'D')
		mul = 86400, end++;
	if (*end || v > 366L * 86400 / mul)
		return -1;
	return v * mul;
}

void meta_parse(const char *line, size_t len, bool in_data, struct meta_line *out)
{
	memset(out, 0, sizeof *out);
	out->rest = out->restbuf;
	size_t lead = 0;
	while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
		lead++;
	if (lead == len || line[lead] != ':') {
		out->cmd = META_NONE;
		return;
	}
	if (in_data && lead == 0 && len > 1 && line[1] == ':') {
		out->cmd = META_NONE;   /* "::text" is the text ":text" */
		out->text_off = 1;
		return;
	}
	if (in_data && lead > 0) {
		out->cmd = META_NONE;   /* " :x" in message text is text */
		return;
	}
	len -= lead;
	line += lead;
	if (len >= sizeof out->buf)
		len = sizeof out->buf - 1;
	memcpy(out->buf, line, len);
	out->buf[len] = '\0';
	/* the raw text after the command word, before strtok cuts it */
	size_t wl = strcspn(out->buf, " \t");
	size_t r = wl + strspn(out->buf + wl, " \t");
	out->rest_len = len - r;
	memcpy(out->restbuf, out->buf + r, out->rest_len + 1);
	out->rest = out->restbuf;
	char *save = NULL;
	char *word = strtok_r(out->buf, " \t", &save);
	snprintf(out->name, sizeof out->name, "%s", word ? word : ":");
	for (char *t = strtok_r(NULL, " \t", &save); t && out->argc < META_ARGS_MAX;
	     t = strtok_r(NULL, " \t", &save))
		out->argv[out->argc++] = t;
	out->cmd = META_UNKNOWN;
	const char *w = word ? word + 1 : "";
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcasecmp(w, names[i].name))
			out->cmd = names[i].cmd;
	if (out->cmd == META_WAIT) {
		out->secs = out->argc == 1 ? meta_parse_duration(out->argv[0]) : -1;
		if (out->secs < 0)
			out->cmd = META_BAD_ARG;
	}
}

const char *meta_duration_text(long secs, char *buf, size_t n)
{
	static const struct {
		long unit;
		const char *name;
	} units[] = { { 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" } };
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (secs % units[i].unit == 0) {
			long v = secs / units[i].unit;
			snprintf(buf, n, "%ld %s%s", v, units[i].name, v == 1 ? "" : "s");
			return buf;
		}
	}
	snprintf(buf, n, "%ld seconds", secs);
	return buf;
}

const char *meta_wait_mark(long secs, char *buf, size_t n)
{
	char d[48];
	snprintf(buf, n, "\u2500\u2500 %s later (simulated clock) \u2500\u2500",
	         meta_duration_text(secs, d, sizeof d));
	return buf;
}

/* Bytes of decoded text made readable: NUL as \0 (the separators of
 * AUTH PLAIN), other control bytes as ^X, bytes that are not UTF-8 as
 * \xNN. */
static void shown_bytes(const unsigned char *p, size_t n, char *out, size_t cap)
{
	const char *s = (const char *)p;
	size_t o = 0;
	for (size_t i = 0; i < n && o + TEXT_VISIBLE_MAX + 1 < cap; ) {
		if (p[i] == 0) {
			/* SASL's separator (RFC 4616 §2), written as lessons do */
			o += (size_t)snprintf(out + o, cap - o, "\\0");
			i++;
			continue;
		}
		char vis[TEXT_VISIBLE_MAX];
		size_t vn = 0;
		i += text_visible_step(s + i, n - i, vis, &vn);
		memcpy(out + o, vis, vn);
		o += vn;
	}
	out[o < cap ? o : cap - 1] = '\0';
}

int meta_b64(const struct meta_line *m, char *show, size_t shown, char *value,
             size_t valuen)
{
	const char *t = m->rest;
	size_t n = m->rest_len;
	bool decode = m->argc >= 1 && !strcmp(m->argv[0], "-d");
	value[0] = '\0';
	if (decode) {
		t += 2;
		n -= 2;
		while (n && (*t == ' ' || *t == '\t')) {
			t++;
			n--;
		}
		while (n && (t[n - 1] == ' ' || t[n - 1] == '\t'))
			n--;
	}
	if (!n) {
		snprintf(show, shown, "%s", decode ? ":b64 -d needs base64 text: :b64 -d YWxpY2U="
		                                   : ":b64 needs text: :b64 alice (-d decodes)");
		return -1;
	}
	if (decode) {
		unsigned char out[META_LINE_MAX];
		long len = n <= 4 * (sizeof out / 3) - 4 ? smtp_b64_decode(t, n, out) : -1;
		if (len < 0) {
			snprintf(show, shown, "not valid base64: A-Z a-z 0-9 + /, in groups of "
			         "four, '=' only at the end");
			return -1;
		}
		char vis[META_B64_MAX];
		shown_bytes(out, (size_t)len, vis, sizeof vis);
		snprintf(show, shown, "base64 %.*s decodes to \"%s\" (%ld byte%s)",
		         (int)(n > 200 ? 200 : n), t, vis, len, len == 1 ? "" : "s");
		return 0;
	}
	char enc[META_B64_MAX];
	if (4 * ((n + 2) / 3) + 1 > sizeof enc || 4 * ((n + 2) / 3) + 1 > valuen) {
		snprintf(show, shown, ":b64: the text is too long");
		return -1;
	}
	smtp_b64_encode(t, n, enc);
	snprintf(value, valuen, "%s", enc);
	snprintf(show, shown, "base64 of \"%.*s\": %s", (int)n, t, enc);
	return 0;
}

int meta_plain(const struct meta_line *m, bool whole, char *show, size_t shown,
               char *value, size_t valuen)
{
	value[0] = '\0';
	if (m->argc != 2) {
		snprintf(show, shown, ":plain needs a user and a password: :plain alice@example.com "
		         "PASSWORD");
		return -1;
	}
	/* RFC 4616: authzid NUL authcid NUL passwd; the authzid stays empty */
	char raw[META_LINE_MAX];
	size_t ul = strlen(m->argv[0]), pl = strlen(m->argv[1]);
	if (ul + pl + 2 > sizeof raw || 4 * ((ul + pl + 4) / 3) + 12 > valuen) {
		snprintf(show, shown, ":plain: user and password are too long");
		return -1;
	}
	raw[0] = '\0';
	memcpy(raw + 1, m->argv[0], ul);
	raw[1 + ul] = '\0';
	memcpy(raw + 2 + ul, m->argv[1], pl);
	char enc[META_B64_MAX];
	smtp_b64_encode(raw, ul + pl + 2, enc);
	snprintf(value, valuen, "%s%s", whole ? "AUTH PLAIN " : "", enc);
	snprintf(show, shown, "base64 of \"\\0%s\\0********\" (empty authzid, user %s, "
	         "password masked): %s%s", m->argv[0], m->argv[0], whole ? "AUTH PLAIN " : "", enc);
	return 0;
}

const char *const *meta_help_lines(bool lesson)
{
	static const char *const play[] = {
		"Meta-commands (they never reach the server):",
		"  :help                 this list",
		"  :profile [NAME]       reconnect to another server: mta, submission, smtps, alt",
		"  :scenario [off] NAME  switch a scenario on or off (no NAME: list them)",
		"  :reset                drop the connection and connect again",
		"  :wait DURATION        move the server clock on (30s, 5m, 1h), e.g. for greylisting",
		"  :save [-c] FILE       save the transcript (swaks-style ->/<-); -c: client lines only,",
		"                        replayable with smtpsim session < FILE",
		"  :b64 [-d] TEXT        base64 of TEXT (-d: decode it); after a 334 it fills the input",
		"  :plain USER PASS      put the AUTH PLAIN line for USER/PASS into the input",
		"  :batch                collect lines, then send them in one write (an empty line",
		"                        sends), as a client using PIPELINING does",
		"  :dig NAME [TYPE]      look NAME up in the simulated DNS (MX, A, AAAA, TXT)",
		"  :connect HOST         connect to HOST (this server's name: a new connection)",
		"  :personality [NAME]   answer as postfix, exim, opensmtpd, gmail, microsoft365",
		"                        or smtpsim (a new connection; no NAME: list them)",
		"  :quit                 leave",
		"In DATA, type '::' to send a text line that starts with ':'.",
		NULL,
	};
	static const char *const les[] = {
		"Meta-commands (they never reach the server):",
		"  :hint                 the next hint (it costs points)",
		"  :restart              set this step up again, as it began",
		"  :skip                 give this step up (0 points) and go on",
		"  :reset                drop the connection and connect again",
		"  :wait DURATION        move the server clock on (30s, 5m, 1h), e.g. for greylisting",
		"  :b64 [-d] TEXT        base64 of TEXT (-d: decode it); after a 334 it fills the input",
		"  :plain USER PASS      put the AUTH PLAIN line for USER/PASS into the input",
		"  :batch                collect lines, then send them in one write (an empty line",
		"                        sends), as a client using PIPELINING does",
		"  :dig NAME [TYPE]      look NAME up in the simulated DNS (MX, A, AAAA, TXT)",
		"  :connect HOST         connect to HOST, as a sending server does after :dig",
		"  :help                 this list",
		"  :quit                 leave the lesson (progress is kept)",
		"In DATA, type '::' to send a text line that starts with ':'.",
		NULL,
	};
	return lesson ? les : play;
}
