/* trace.c — Return-Path: and Received:, as a receiving server adds them. */
#include "smtp/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Header text is ours or validated by the engine; still, no byte that
 * could end a header line early or upset a terminal gets into it. */
static void clean(char *dst, size_t dstlen, const char *src)
{
	size_t o = 0;
	for (; src && *src && o + 1 < dstlen; src++) {
		unsigned char c = (unsigned char)*src;
		dst[o++] = (c < 0x20 || c == 0x7f) ? '?' : (char)c;
	}
	dst[o] = '\0';
}

void smtp_trace_date(int64_t when, char *buf, size_t n)
{
	static const char days[][4] = { "Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat" };
	static const char months[][4] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
	                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
	time_t t = (time_t)when;
	struct tm tm;
	localtime_r(&t, &tm);
	long off = tm.tm_gmtoff / 60;
	char sign = off < 0 ? '-' : '+';
	if (off < 0)
		off = -off;
	snprintf(buf, n, "%s, %d %s %04d %02d:%02d:%02d %c%02ld%02ld",
	         days[tm.tm_wday % 7], tm.tm_mday, months[tm.tm_mon % 12],
	         tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec, sign,
	         off / 60, off % 60);
}

const char *smtp_trace_protocol(bool ehlo, bool tls, bool auth, char *buf, size_t n)
{
	bool plain = !ehlo && !tls && !auth;
	snprintf(buf, n, "%s%s%s", plain ? "SMTP" : "ESMTP", tls ? "S" : "", auth ? "A" : "");
	return buf;
}

char *smtp_trace_header(const struct smtp_message *m, const struct smtp_trace *t)
{
	char helo[SMTP_DOMAIN_MAX + 1], addr[64], from[SMTP_PATH_MAX + 1], to[SMTP_PATH_MAX + 1];
	char tls[200] = "", date[64], host[SMTP_DOMAIN_MAX + 1], qid[64];
	clean(helo, sizeof helo, m->helo && *m->helo ? m->helo : "unknown");
	clean(addr, sizeof addr, m->client_addr ? m->client_addr : "unknown");
	clean(from, sizeof from, m->mail_from);
	clean(to, sizeof to, t->rcpt);
	clean(host, sizeof host, t->server_host ? t->server_host : "localhost");
	clean(qid, sizeof qid, t->queue_id ? t->queue_id : "");
	if (t->tls_info)
		snprintf(tls, sizeof tls, "\n\t(using %s)", t->tls_info);
	smtp_trace_date(t->when, date, sizeof date);
	static const char fmt[] = "Return-Path: <%s>\n"
	                          "Received: from %s (unknown [%s%s])%s\n"
	                          "\tby %s (smtpsim) with %s id %s\n"
	                          "\tfor <%s>; %s\n";
	const char *v6 = strchr(addr, ':') ? "IPv6:" : "";
	const char *proto = t->protocol ? t->protocol : "ESMTP";
	int n = snprintf(NULL, 0, fmt, from, helo, v6, addr, tls, host, proto, qid, to, date);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (s)
		snprintf(s, (size_t)n + 1, fmt, from, helo, v6, addr, tls, host, proto, qid, to, date);
	return s;
}
