/* fuzz_session.c — libFuzzer harness for the engine: the first byte picks
 * the profile and scenarios, the rest is fed as client bytes, split where
 * the input says, in strict and lenient line modes.
 *   make fuzz   (clang -fsanitize=fuzzer,address,undefined) */
#include "smtp/smtp.h"

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static int sink(void *ctx, const struct smtp_event *ev)
{
	struct smtp_session **s = ctx;
	if (ev->type == SMTP_EV_TLS)
		smtp_session_tls_done(*s);
	if (ev->type == SMTP_EV_REPLY) {
		/* every reply is well formed: three digits, then ' ' or '-' */
		const char *w = ev->reply->wire;
		if (ev->reply->wire_len < 5 || w[3] == '\0' || (w[3] != ' ' && w[3] != '-') ||
		    w[ev->reply->wire_len - 1] != '\n')
			__builtin_trap();
	}
	return ev->type == SMTP_EV_MESSAGE && ev->msg->size % 7 == 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)
		return 0;
	static const char *const scen[] = {
		"greylist", "blocked-client", "local-error", "mailbox-full",
		"user-moved", "null-mx", "tiny-size", "spf-fail",
	};
	struct smtp_server *srv = smtp_server_new(
		smtp_profile_at(data[0] % smtp_profile_count())->name, NULL, 0);
	for (int i = 0; i < 8; i++)
		if (data[1] & (1u << i))
			smtp_server_scenario(srv, scen[i], true, NULL, 0);
	struct smtp_session *s = NULL;
	struct smtp_session_opts o = { .strict_data_crlf = data[0] & 0x80 };
	s = smtp_session_new(srv, &o, sink, &s);
	smtp_session_start(s);
	const char *p = (const char *)data + 2;
	size_t n = size - 2;
	while (n > 0 && !smtp_session_closed(s)) {
		size_t chunk = n < 37 ? n : 1 + (size_t)(unsigned char)p[0] % 61;
		if (chunk > n)
			chunk = n;
		size_t used = smtp_session_feed(s, p, chunk);
		if (used == 0 && chunk > 0)
			break;
		p += used;
		n -= used;
	}
	smtp_session_eof(s);
	smtp_session_free(s);
	smtp_server_free(srv);
	return 0;
}
