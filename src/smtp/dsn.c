/* dsn.c — delivery status notifications: the parameters a client gives
 * (RFC 3461: xtext, NOTIFY) and the report the server mails back
 * (RFC 3464: multipart/report with a message/delivery-status part). */
#include "smtp/internal.h"
#include "smtp/trace.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static int hexval(char c)
{
	/* RFC 3461 §4: hexchar is "+" and two upper-case hex digits */
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static size_t put_utf8(unsigned long cp, char *out)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

bool smtp_xtext_decode(const char *s, size_t n, bool utf8, char *out, size_t cap)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (o + 4 >= cap) /* room for a UTF-8 sequence and the NUL */
			return false;
		if (c == '+') {
			int hi = i + 2 < n ? hexval(s[i + 1]) : -1;
			int lo = i + 2 < n ? hexval(s[i + 2]) : -1;
			if (hi < 0 || lo < 0)
				return false;
			out[o++] = (char)(hi * 16 + lo);
			i += 2;
		} else if (utf8 && c == '\\' && i + 3 < n && s[i + 1] == 'x' && s[i + 2] == '{') {
			size_t j = i + 3;
			unsigned long cp = 0;
			while (j < n && j - (i + 3) < 6 && hexval(s[j]) >= 0)
				cp = cp * 16 + (unsigned long)hexval(s[j++]);
			if (j == i + 3 || j >= n || s[j] != '}' || cp > 0x10FFFF ||
			    (cp >= 0xD800 && cp <= 0xDFFF))
				return false;
			o += put_utf8(cp, out + o);
			i = j;
		} else if (c < '!' || c > '~' || c == '=') {
			return false;
		} else {
			out[o++] = (char)c;
		}
	}
	out[o] = '\0';
	return true;
}

unsigned smtp_notify_parse(const char *s, size_t n)
{
	static const struct { const char *word; unsigned bit; } words[] = {
		{ "NEVER", SMTP_NOTIFY_NEVER }, { "SUCCESS", SMTP_NOTIFY_SUCCESS },
		{ "FAILURE", SMTP_NOTIFY_FAILURE }, { "DELAY", SMTP_NOTIFY_DELAY },
	};
	unsigned mask = 0;
	size_t i = 0;
	for (;;) {
		size_t len = 0;
		while (i + len < n && s[i + len] != ',')
			len++;
		unsigned bit = 0;
		for (size_t w = 0; w < sizeof words / sizeof words[0]; w++)
			if (strlen(words[w].word) == len && !strncasecmp(s + i, words[w].word, len))
				bit = words[w].bit;
		if (!bit)
			return 0;
		mask |= bit;
		i += len;
		if (i >= n)
			break;
		i++; /* the comma: an item must follow it */
		if (i >= n)
			return 0;
	}
	/* RFC 3461 §4.1: NEVER stands alone */
	if ((mask & SMTP_NOTIFY_NEVER) && mask != SMTP_NOTIFY_NEVER)
		return 0;
	return mask;
}

/* --- the report ------------------------------------------------------------ */

struct buf {
	char *p;
	size_t len, cap;
	bool oom;
};

__attribute__((format(printf, 2, 3)))
static void bprintf(struct buf *b, const char *fmt, ...)
{
	if (b->oom)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->oom = true;
		return;
	}
	if (b->len + (size_t)n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + (size_t)n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	va_start(ap, fmt);
	vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

#define BSTR(b, lit) bput(b, lit, sizeof(lit) - 1)

static void bput(struct buf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;
		while (cap < b->len + n + 1)
			cap *= 2;
		char *p = realloc(b->p, cap);
		if (!p) {
			b->oom = true;
			return;
		}
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

/* A value from the client in a header field: printable ASCII only, so
 * that nothing it sent can end a field early. */
static void put_clean(struct buf *b, const char *s, size_t max)
{
	for (size_t i = 0; s && s[i] && i < max; i++) {
		unsigned char c = (unsigned char)s[i];
		char ch = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
		bput(b, &ch, 1);
	}
}

/* The original message's Subject:, unfolded, for the report's own. */
static void original_subject(const struct smtp_message *m, char *out, size_t cap)
{
	out[0] = '\0';
	const char *d = m->data;
	size_t n = m->header_len, i = 0;
	while (i < n) {
		size_t eol = i;
		while (eol < n && d[eol] != '\n')
			eol++;
		if (eol - i > 8 && !strncasecmp(d + i, "Subject:", 8)) {
			size_t o = 0;
			for (size_t k = i + 8; k < eol && o + 1 < cap; k++) {
				unsigned char c = (unsigned char)d[k];
				if (c == '\r')
					continue;
				if (o == 0 && c == ' ')
					continue;
				out[o++] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
			}
			out[o] = '\0';
			return;
		}
		i = eol + 1;
	}
}

char *smtp_dsn_build(const struct dsn_request *rq, size_t *len, char *subj, size_t subjlen)
{
	const struct smtp_message *m = rq->msg;
	struct buf b = { 0 };
	bool failed = rq->kind == DSN_FAILED, delayed = rq->kind == DSN_DELAYED;
	char date[64], arrival[64], until[64], orig_subj[120];
	smtp_trace_date(rq->now, date, sizeof date);
	smtp_trace_date(rq->arrival, arrival, sizeof arrival);
	smtp_trace_date(rq->arrival + DSN_RETRY_LIMIT, until, sizeof until);
	original_subject(m, orig_subj, sizeof orig_subj);
	snprintf(subj, subjlen, "%s: %s",
	         failed ? "Undelivered" : delayed ? "Delivery delayed" : "Delivered",
	         orig_subj[0] ? orig_subj : "(no subject)");
	char boundary[120];
	snprintf(boundary, sizeof boundary, "%s.%lld/%s", rq->dsn_id, (long long)rq->now, rq->host);

	/* the header: from the mail system, to the envelope sender (RFC 3464
	 * §2; RFC 3834 §5 for Auto-Submitted) */
	bprintf(&b, "From: Mail Delivery System <MAILER-DAEMON@%s>\r\n", rq->host);
	BSTR(&b, "To: <");
	put_clean(&b, m->mail_from, SMTP_PATH_MAX);
	BSTR(&b, ">\r\n");
	BSTR(&b, "Subject: ");
	put_clean(&b, subj, subjlen);
	bprintf(&b, "\r\nDate: %s\r\n", date);
	bprintf(&b, "Message-ID: <%s@%s>\r\n", rq->dsn_id, rq->host);
	BSTR(&b, "Auto-Submitted: auto-replied\r\n");
	BSTR(&b, "MIME-Version: 1.0\r\n");
	bprintf(&b, "Content-Type: multipart/report; report-type=delivery-status;\r\n"
	            "\tboundary=\"%s\"\r\n\r\n", boundary);
	BSTR(&b, "This is a MIME-encapsulated message.\r\n\r\n");

	/* 1: for people */
	bprintf(&b, "--%s\r\nContent-Description: Notification\r\n"
	            "Content-Type: text/plain; charset=us-ascii\r\n\r\n", boundary);
	bprintf(&b, "This is the mail system at host %s.\r\n\r\n", rq->host);
	if (failed)
		BSTR(&b, "Your message was accepted, but it could not be delivered\r\n"
		         "to the recipient(s) below. This is a permanent error:\r\n"
		         "it will not be tried again.\r\n\r\n");
	else if (delayed)
		bprintf(&b, "Delivery to the recipient(s) below has been delayed for %d hours,\r\n"
		            "as you asked to hear with NOTIFY=DELAY. This is only a warning:\r\n"
		            "the mail system keeps trying until %s,\r\n"
		            "and you need not send the message again.\r\n\r\n",
		        (int)(DSN_DELAY_WARN / 3600), until);
	else
		BSTR(&b, "Your message was delivered to the recipient(s) below,\r\n"
		         "as you asked with NOTIFY=SUCCESS.\r\n\r\n");
	for (size_t i = 0; i < rq->n; i++) {
		const struct smtp_rcpt_info *ri = &m->info[rq->which[i]];
		BSTR(&b, "<");
		put_clean(&b, m->rcpt[rq->which[i]], SMTP_PATH_MAX);
		BSTR(&b, ">: ");
		if (failed)
			put_clean(&b, ri->diagnostic ? ri->diagnostic : "undeliverable", 400);
		else if (delayed)
			BSTR(&b, "the recipient's mail store does not answer; still trying");
		else
			BSTR(&b, "delivered to mailbox");
		BSTR(&b, "\r\n");
	}
	BSTR(&b, "\r\n");

	/* 2: for programs (RFC 3464 §2.2, §2.3) */
	bprintf(&b, "--%s\r\nContent-Description: Delivery report\r\n"
	            "Content-Type: message/delivery-status\r\n\r\n", boundary);
	bprintf(&b, "Reporting-MTA: dns; %s\r\n", rq->host);
	if (m->envid) {
		BSTR(&b, "Original-Envelope-Id: ");
		put_clean(&b, m->envid, SMTP_ENVID_MAX);
		BSTR(&b, "\r\n");
	}
	bprintf(&b, "Arrival-Date: %s\r\n", arrival);
	for (size_t i = 0; i < rq->n; i++) {
		const struct smtp_rcpt_info *ri = &m->info[rq->which[i]];
		BSTR(&b, "\r\n");
		if (ri->orcpt) {
			BSTR(&b, "Original-Recipient: ");
			put_clean(&b, ri->orcpt_type, 32);
			BSTR(&b, ";");
			put_clean(&b, ri->orcpt, SMTP_ORCPT_MAX);
			BSTR(&b, "\r\n");
		}
		BSTR(&b, "Final-Recipient: rfc822; ");
		put_clean(&b, m->rcpt[rq->which[i]], SMTP_PATH_MAX);
		bprintf(&b, "\r\nAction: %s\r\nStatus: %s\r\n",
		        failed ? "failed" : delayed ? "delayed" : "delivered",
		        ri->status ? ri->status : failed ? "5.0.0" : delayed ? "4.0.0" : "2.0.0");
		if (!delayed && ri->diagnostic) {
			BSTR(&b, "Diagnostic-Code: ");
			put_clean(&b, ri->diagnostic, 400);
			BSTR(&b, "\r\n");
		}
		bprintf(&b, "Last-Attempt-Date: %s\r\n", date);
		if (delayed)
			bprintf(&b, "Will-Retry-Until: %s\r\n", until);
	}
	BSTR(&b, "\r\n");

	/* 3: the message, or its header section (RFC 6522 for text/rfc822-
	 * headers). RET chooses for failure reports only; a report without a
	 * failure returns the header section (RFC 3461 §4.3). */
	bool full = failed && m->ret != SMTP_RET_HDRS;
	bprintf(&b, "--%s\r\nContent-Description: %s\r\nContent-Type: %s\r\n\r\n", boundary,
	        full ? "Returned message" : "Returned message headers",
	        full ? "message/rfc822" : "text/rfc822-headers");
	size_t keep = full ? m->size : m->header_len;
	bput(&b, m->data, keep);
	if (keep < 2 || m->data[keep - 2] != '\r' || m->data[keep - 1] != '\n')
		BSTR(&b, "\r\n");
	bprintf(&b, "\r\n--%s--\r\n", boundary);
	if (b.oom) {
		free(b.p);
		return NULL;
	}
	*len = b.len;
	return b.p;
}
