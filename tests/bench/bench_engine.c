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

/* 3: a 1 MB message sent with DATA (every line scanned for the final dot,
 * dot-stuffed) beside the same octets sent with BDAT (RFC 3030: counted,
 * not scanned), fed in 16 KiB reads as serve feeds them. */
static int big_messages(long n)
{
	enum { MB = 1 << 20, READ = 16384 };
	char *body = __libc_malloc(MB + 64);
	size_t len = 0;
	while (len + 80 < MB)
		len += (size_t)snprintf(body + len, MB + 64 - len,
		        ".A line of a large message, stuffed because it starts with a dot %06zu\r\n",
		        len);
	char *wire = __libc_malloc(len + 64), cmd[64];
	memcpy(wire, body, len);
	memcpy(wire + len, ".\r\n", 3);
	size_t dlen = len + 3;
	struct smtp_server *srv = smtp_server_new("mta", NULL, 0);
	const char *env = "EHLO c.example.org\r\nMAIL FROM:<dave@example.org>\r\n"
	                  "RCPT TO:<bob@example.com>\r\n";
	double t[2];
	unsigned long before = messages;
	for (int mode = 0; mode < 2; mode++) {
		double t0 = now();
		for (long i = 0; i < n; i++) {
			struct smtp_session *s = smtp_session_new(srv, NULL, sink, NULL);
			smtp_session_start(s);
			smtp_session_feed(s, env, strlen(env));
			const char *p = mode ? body : wire;
			size_t left = mode ? len : dlen;
			int cl = snprintf(cmd, sizeof cmd, mode ? "BDAT %zu LAST\r\n" : "DATA\r\n", len);
			smtp_session_feed(s, cmd, (size_t)cl);
			while (left) {
				size_t k = left < READ ? left : READ;
				smtp_session_feed(s, p, k);
				p += k;
				left -= k;
			}
			smtp_session_free(s);
		}
		t[mode] = now() - t0;
	}
	printf("1 MB messages (%ld each way, 16 KiB reads): DATA %.0f MB/s, BDAT %.0f MB/s "
	       "(BDAT %.1fx)\n", n, (double)n * (double)len / t[0] / 1e6,
	       (double)n * (double)len / t[1] / 1e6, t[0] / t[1]);
	smtp_server_free(srv);
	__libc_free(body);
	__libc_free(wire);
	return messages - before == (unsigned long)(2 * n) ? 0 : 1;
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
	unsigned long want = (unsigned long)(2 * iters + 1);
	smtp_server_free(srv);
	int rc = messages == want ? 0 : 1;
	return rc || big_messages(iters > 200 ? 200 : iters) ? 1 : 0;
}
