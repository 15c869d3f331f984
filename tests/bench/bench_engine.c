/* bench_engine.c — engine throughput: full SMTP transactions (EHLO, MAIL,
 * 3 x RCPT, DATA with a 2 KB body, QUIT) fed as bytes, as serve feeds them.
 * Counts heap allocations by wrapping glibc's allocator. */
#include "smtp/smtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);

static unsigned long allocs;

void *malloc(size_t n) { allocs++; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { allocs++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { allocs++; return __libc_realloc(p, n); }
void free(void *p) { __libc_free(p); }

static unsigned long replies, reply_bytes, messages;

static int sink(void *ctx, const struct smtp_event *ev)
{
	(void)ctx;
	if (ev->type == SMTP_EV_REPLY) {
		replies++;
		reply_bytes += ev->reply->wire_len;
	} else if (ev->type == SMTP_EV_MESSAGE) {
		messages++;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t build_body(char *buf, size_t cap)
{
	size_t n = (size_t)snprintf(buf, cap,
	        "From: Dave <dave@example.org>\r\nTo: bob@example.com\r\n"
	        "Subject: benchmark\r\n\r\n");
	while (n < 2048 + 80) {
		n += (size_t)snprintf(buf + n, cap - n,
		        "The quick brown fox jumps over the lazy dog, line %04zu.\r\n", n);
	}
	return n;
}

int main(int argc, char **argv)
{
	long iters = argc > 1 ? atol(argv[1]) : 100000;
	char body[4096];
	size_t blen = build_body(body, sizeof body);
	char tx[8192];
	int tl = snprintf(tx, sizeof tx,
	        "MAIL FROM:<dave@example.org> SIZE=%zu\r\nRCPT TO:<alice@example.com>\r\n"
	        "RCPT TO:<bob@example.com>\r\nRCPT TO:<carol@example.com>\r\nDATA\r\n%s.\r\n",
	        blen, body);
	const char *ehlo = "EHLO client.example.org\r\n";
	const char *quit = "QUIT\r\n";
	struct smtp_server *srv = smtp_server_new("mta", NULL, 0);

	/* 1: a new session per transaction, as a real client connects */
	unsigned long a0 = allocs;
	double t0 = now();
	for (long i = 0; i < iters; i++) {
		struct smtp_session *s = smtp_session_new(srv, NULL, sink, NULL);
		smtp_session_start(s);
		smtp_session_feed(s, ehlo, strlen(ehlo));
		smtp_session_feed(s, tx, (size_t)tl);
		smtp_session_feed(s, quit, strlen(quit));
		smtp_session_free(s);
	}
	double t1 = now();
	unsigned long per_conn = allocs - a0;
	double cmds = (double)iters * 8; /* EHLO MAIL 3xRCPT DATA "." QUIT */
	printf("connection per transaction: %ld transactions in %.3f s\n", iters, t1 - t0);
	printf("  %.0f transactions/s, %.2f million commands/s, %.0f MB/s of message text\n",
	       iters / (t1 - t0), cmds / (t1 - t0) / 1e6,
	       (double)iters * (double)blen / (t1 - t0) / 1e6);
	printf("  %.2f heap allocations per transaction (session set-up)\n",
	       (double)per_conn / (double)iters);

	/* 2: many transactions on one connection: the steady state */
	struct smtp_session *s = smtp_session_new(srv, NULL, sink, NULL);
	smtp_session_start(s);
	smtp_session_feed(s, ehlo, strlen(ehlo));
	smtp_session_feed(s, tx, (size_t)tl); /* warm-up: buffers reach size */
	a0 = allocs;
	t0 = now();
	for (long i = 0; i < iters; i++)
		smtp_session_feed(s, tx, (size_t)tl);
	t1 = now();
	unsigned long steady = allocs - a0;
	smtp_session_free(s);
	cmds = (double)iters * 6; /* MAIL 3xRCPT DATA "." */
	printf("steady state (one connection): %.2f million commands/s, "
	       "%lu heap allocations in %ld transactions\n",
	       cmds / (t1 - t0) / 1e6, steady, iters);
	printf("  (%lu replies, %lu messages accepted in all)\n", replies, messages);
	smtp_server_free(srv);
	return messages == (unsigned long)(2 * iters + 1) ? 0 : 1;
}
