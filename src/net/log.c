/* log.c — the conversation log of serve mode on stdout: an annotated
 * transcript ("[conn 3] C: ...", "[conn 3] S: ...", "[conn 3] -- ...") or
 * one JSON object per line. Everything the client chose is made visible
 * (text) or escaped (JSON) before it reaches the terminal. */
#include "net/serve.h"
#include "text/text.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Client text longer than this is cut in the log (never on the wire). */
enum { LOG_TEXT_MAX = 1000 };

static enum net_log_mode log_mode = NET_LOG_TEXT;

void net_log_init(enum net_log_mode mode)
{
	log_mode = mode;
}

bool net_log_enabled(void)
{
	return log_mode != NET_LOG_QUIET;
}

void net_log_flush(void)
{
	if (log_mode != NET_LOG_QUIET)
		fflush(stdout);
}

/* --- text mode ---------------------------------------------------------- */

static void log_visible(const char *s, size_t n)
{
	if (n > LOG_TEXT_MAX) {
		text_put_visible(stdout, s, LOG_TEXT_MAX);
		printf("... (%zu bytes in all)", n);
	} else {
		text_put_visible(stdout, s, n);
	}
}

static void text_line(unsigned conn, const char *tag, const char *s, size_t n)
{
	printf("[conn %u] %s", conn, tag);
	log_visible(s, n);
	putchar('\n');
}

/* --- JSON mode ---------------------------------------------------------- */

/* The JSON log is written through cJSON (its escaping, not ours): each
 * event is an object built by json_begin/json_str/json_num/json_end and
 * printed as one line. */
static cJSON *jcur;

/* S as a string cJSON can carry: bytes that are not UTF-8 become U+FFFD
 * (so the line stays valid JSON), and a text over LOG_TEXT_MAX is cut,
 * saying how long it was. Malloc'd. */
static char *json_clean(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	bool cut = n > LOG_TEXT_MAX;
	size_t end = cut ? LOG_TEXT_MAX : n;
	char *out = malloc(3 * end + 48), *o = out;
	if (!out)
		return NULL;
	for (size_t i = 0; i < end;) {
		size_t l = text_utf8_seq(s + i, end - i, NULL);
		if (l) {
			memcpy(o, p + i, l);
			o += l;
			i += l;
		} else {
			memcpy(o, "\xef\xbf\xbd", 3);   /* U+FFFD */
			o += 3;
			i++;
		}
	}
	if (cut)
		o += sprintf(o, "... (%zu bytes in all)", n);
	*o = '\0';
	return out;
}

static void json_add_text(cJSON *obj, const char *key, const char *s, size_t n)
{
	char *c = json_clean(s, n);
	cJSON_AddStringToObject(obj, key, c ? c : "");
	free(c);
}

static void json_begin(unsigned conn, const char *event)
{
	struct timespec ts;
	struct tm tm;
	char when[32], stamp[48];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(stamp, sizeof stamp, "%s.%03ldZ", when, ts.tv_nsec / 1000000);
	cJSON_Delete(jcur);
	jcur = cJSON_CreateObject();
	cJSON_AddStringToObject(jcur, "time", stamp);
	cJSON_AddNumberToObject(jcur, "conn", conn);
	cJSON_AddStringToObject(jcur, "event", event);
}

static void json_str(const char *key, const char *s)
{
	if (s)
		json_add_text(jcur, key, s, strlen(s));
	else
		cJSON_AddNullToObject(jcur, key);
}

static void json_num(const char *key, long long v)
{
	cJSON_AddNumberToObject(jcur, key, (double)v);
}

static void json_bool(const char *key, bool v)
{
	cJSON_AddBoolToObject(jcur, key, v);
}

static void json_end(void)
{
	char *t = jcur ? cJSON_PrintUnformatted(jcur) : NULL;
	if (t)
		printf("%s\n", t);
	free(t);
	cJSON_Delete(jcur);
	jcur = NULL;
}

/* --- events -------------------------------------------------------------- */

void net_log_listen(const struct net_listener *l)
{
	const struct smtp_profile *p = l->profile;
	const char *tls = p->implicit_tls ? "implicit TLS" : p->starttls ? "STARTTLS" : "no TLS";
	if (log_mode == NET_LOG_JSON) {
		json_begin(0, "listen");
		json_str("address", l->name);
		json_str("profile", p->name);
		json_str("host", p->host);
		json_str("tls", tls);
		if (l->tls)
			json_str("fingerprint", l->fingerprint);
		json_str("scenarios", l->scenarios);
		json_num("rules", (long long)l->nrules);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[server] listening on %s: profile %s (%s, %s%s)", l->name,
		       p->name, p->host, tls, p->auth ? ", AUTH" : "");
		if (l->scenarios[0])
			printf(", scenarios %s", l->scenarios);
		if (l->nrules)
			printf(", %zu rule%s", l->nrules, l->nrules == 1 ? "" : "s");
		putchar('\n');
	}
}

void net_log_server(const char *event, const char *text)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(0, event);
		json_str("text", text);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[server] %s\n", text);
	}
}

void net_log_refused(const char *peer, const char *local, unsigned limit)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(0, "refused");
		json_str("peer", peer);
		json_str("address", local);
		json_num("max_clients", limit);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[server] refused %s on %s: %u clients already (--max-clients): "
		       "421 4.7.0 and close\n", peer, local, limit);
	}
}

void net_log_connect(unsigned conn, const char *peer, const struct net_listener *l)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "connect");
		json_str("peer", peer);
		json_str("address", l->name);
		json_str("profile", l->profile->name);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[conn %u] -- connection from %s to %s (profile %s)\n", conn,
		       peer, l->name, l->profile->name);
	}
}

void net_log_client(unsigned conn, const struct smtp_line *l)
{
	/* a command line is at most 512 octets: more is shown as a length */
	size_t len = l->len < SMTP_CMD_LINE_MAX ? l->len : SMTP_CMD_LINE_MAX;
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "client");
		json_add_text(jcur, "text", l->text, len);
		json_num("bytes", (long long)l->total);
		if (l->masked)
			json_bool("hidden", true);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[conn %u] C: ", conn);
		text_put_visible(stdout, l->text, len);
		if (l->masked)
			fputs(" <credentials hidden>", stdout);
		else if (l->total > len)
			printf("... (%zu bytes in all)", l->total);
		putchar('\n');
	}
}

void net_log_command(unsigned conn, enum smtp_cmd cmd, const char *text, bool hidden)
{
	if (log_mode != NET_LOG_JSON)
		return;
	json_begin(conn, "command");
	json_str("cmd", smtp_cmd_name(cmd));
	json_str("text", text ? text : "");
	if (hidden)
		json_bool("hidden", true);
	json_end();
}

void net_log_reply(unsigned conn, const struct smtp_reply *r)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "reply");
		json_num("code", r->code);
		json_str("enh", r->enh ? r->enh : "");
		json_str("text", r->text ? r->text : "");
		json_str("cmd", smtp_cmd_name(r->cmd));
		json_str("why", smtp_why_name(r->why));
		if (r->decoded)
			json_str("decoded", r->decoded);
		json_end();
		return;
	}
	if (log_mode != NET_LOG_TEXT)
		return;
	const char *p = r->wire, *end = r->wire + r->wire_len;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *stop = nl ? nl : end;
		size_t len = (size_t)(stop - p);
		if (len && p[len - 1] == '\r')
			len--;
		text_line(conn, "S: ", p, len);
		p = nl ? nl + 1 : end;
	}
	if (r->decoded)
		printf("[conn %u] -- the challenge decodes to \"%s\"\n", conn, r->decoded);
	if (r->code >= 400)
		printf("[conn %u] -- %d: %s\n", conn, r->code, smtp_why_text(r->why));
}

void net_log_state(unsigned conn, enum smtp_state from, enum smtp_state to)
{
	if (log_mode != NET_LOG_JSON)
		return;
	json_begin(conn, "state");
	json_str("from", smtp_state_name(from));
	json_str("to", smtp_state_name(to));
	json_end();
}

void net_log_note(unsigned conn, enum smtp_why why, const char *text)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "note");
		json_str("why", smtp_why_name(why));
		json_str("text", text ? text : smtp_why_text(why));
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		const char *t = text ? text : smtp_why_text(why);
		text_line(conn, "-- note: ", t, strlen(t));
	}
}

void net_log_auth(unsigned conn, const char *user, bool ok)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "auth");
		json_str("user", user);
		json_bool("ok", ok);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[conn %u] -- %s", conn, ok ? "authenticated as " : "authentication failed for ");
		log_visible(user ? user : "?", user ? strlen(user) : 1);
		putchar('\n');
	}
}

void net_log_auth_line(unsigned conn, const char *text)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "auth_line");
		json_str("text", text);
		json_end();
	} else if (log_mode == NET_LOG_TEXT && text) {
		text_line(conn, "C: (base64) ", text, strlen(text));
	}
}

void net_log_message(unsigned conn, const struct smtp_message *m)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "message");
		json_str("from", m->mail_from);
		cJSON *rc = cJSON_AddArrayToObject(jcur, "rcpt");
		for (size_t i = 0; rc && i < m->nrcpt; i++) {
			char *c = json_clean(m->rcpt[i], strlen(m->rcpt[i]));
			cJSON_AddItemToArray(rc, cJSON_CreateString(c ? c : ""));
			free(c);
		}
		json_num("size", (long long)m->size);
		json_bool("tls", m->tls);
		if (m->auth_user)
			json_str("auth_user", m->auth_user);
		json_end();
		return;
	}
	if (log_mode != NET_LOG_TEXT)
		return;
	printf("[conn %u] C: (message text, %zu bytes)\n", conn, m->size);
	printf("[conn %u] -- message from <", conn);
	log_visible(m->mail_from, strlen(m->mail_from));
	printf("> to");
	for (size_t i = 0; i < m->nrcpt; i++) {
		printf(" <");
		log_visible(m->rcpt[i], strlen(m->rcpt[i]));
		putchar('>');
	}
	putchar('\n');
}

void net_log_delivered(unsigned conn, const char *path)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "delivered");
		json_str("path", path);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		text_line(conn, "-- delivered to ", path, strlen(path));
	}
}

void net_log_tls(unsigned conn, const char *version, const char *cipher)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "tls");
		json_str("version", version);
		json_str("cipher", cipher);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[conn %u] -- TLS handshake done: %s, %s\n", conn, version, cipher);
	}
}

void net_log_info(unsigned conn, const char *event, const char *text)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, event);
		json_str("text", text);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[conn %u] -- ", conn);
		log_visible(text, strlen(text));
		putchar('\n');
	}
}

void net_log_close(unsigned conn, const char *reason, double seconds,
                   unsigned long messages)
{
	if (log_mode == NET_LOG_JSON) {
		json_begin(conn, "close");
		json_str("reason", reason);
		cJSON_AddNumberToObject(jcur, "seconds", (double)(long long)(seconds * 1000) / 1000);
		json_num("messages", (long long)messages);
		json_end();
	} else if (log_mode == NET_LOG_TEXT) {
		printf("[conn %u] -- closed (%s) after %.1f s, %lu message%s\n", conn,
		       reason, seconds, messages, messages == 1 ? "" : "s");
	}
}
