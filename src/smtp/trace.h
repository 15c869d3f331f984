/* trace.h — the trace fields a receiving server puts on top of a message
 * it stores (RFC 5321 §4.4): Return-Path: with the envelope sender and a
 * Received: line. One builder for serve's Maildir delivery and the UI's
 * stored-message view. Pure C: no sockets, no curses. */
#ifndef SMTP_TRACE_H
#define SMTP_TRACE_H

#include "smtp/smtp.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct smtp_trace {
	const char *server_host;  /* "mx.example.com" */
	const char *protocol;     /* "ESMTPSA" (smtp_trace_protocol) */
	const char *tls_info;     /* "TLSv1.3 with cipher ...", or NULL */
	const char *queue_id;     /* the id the 250 gave */
	const char *rcpt;         /* the recipient this copy is for */
	int64_t when;             /* seconds since the epoch */
};

/* The RFC 3848 "with" name into buf: "ESMTP" plus S for TLS and A for
 * AUTH; plain "SMTP" after HELO with neither. Returns buf. */
const char *smtp_trace_protocol(bool ehlo, bool tls, bool auth, char *buf, size_t n);

/* "Return-Path: <...>\nReceived: from ...\n\t...; DATE\n" for message M:
 * LF line ends, control bytes of the client's names replaced by '?'.
 * Malloc'd (the caller frees it); NULL when out of memory. */
char *smtp_trace_header(const struct smtp_message *m, const struct smtp_trace *t);

/* An RFC 5322 date-time in local time, English names whatever the
 * locale: "Wed, 2 Dec 2026 13:22:45 +0000". */
void smtp_trace_date(int64_t when, char *buf, size_t n);

#endif
