/* smtp_harness.h — drive an engine session in tests: feed lines, collect
 * the wire output and the events. Header-only, for the engine tests. */
#ifndef TESTS_SMTP_HARNESS_H
#define TESTS_SMTP_HARNESS_H

#include "smtp/smtp.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct harness {
	struct smtp_server *srv;
	struct smtp_session *sess;
	char out[65536];          /* every reply's wire bytes */
	size_t out_len;
	char last[4096];          /* the last reply's wire bytes */
	int last_code;
	enum smtp_why last_why;
	enum smtp_cmd last_cmd;
	char last_decoded[256];
	int messages;
	char msg_data[16384];
	size_t msg_size, msg_header_len, msg_nrcpt;
	char msg_from[300];
	int notes[SMTP_WHY_COUNT];
	int tls_events, closes, auth_ok, auth_fail;
	char auth_line[512];
	int fail_delivery;        /* sink returns this for MESSAGE */
};

static inline int harness_sink(void *ctx, const struct smtp_event *ev)
{
	struct harness *h = ctx;
	switch (ev->type) {
	case SMTP_EV_REPLY: {
		const struct smtp_reply *r = ev->reply;
		if (h->out_len + r->wire_len < sizeof h->out) {
			memcpy(h->out + h->out_len, r->wire, r->wire_len);
			h->out_len += r->wire_len;
			h->out[h->out_len] = '\0';
		}
		snprintf(h->last, sizeof h->last, "%.*s", (int)r->wire_len, r->wire);
		h->last_code = r->code;
		h->last_why = r->why;
		h->last_cmd = r->cmd;
		snprintf(h->last_decoded, sizeof h->last_decoded, "%s",
		         r->decoded ? r->decoded : "");
		break;
	}
	case SMTP_EV_MESSAGE:
		if (h->fail_delivery)
			return h->fail_delivery;
		h->messages++;
		h->msg_size = ev->msg->size;
		h->msg_header_len = ev->msg->header_len;
		h->msg_nrcpt = ev->msg->nrcpt;
		snprintf(h->msg_data, sizeof h->msg_data, "%.*s", (int)ev->msg->size, ev->msg->data);
		snprintf(h->msg_from, sizeof h->msg_from, "%s", ev->msg->mail_from);
		break;
	case SMTP_EV_NOTE:
		h->notes[ev->why]++;
		break;
	case SMTP_EV_TLS:
		h->tls_events++;
		smtp_session_tls_done(h->sess);
		break;
	case SMTP_EV_CLOSE:
		h->closes++;
		break;
	case SMTP_EV_AUTH:
		if (ev->ok)
			h->auth_ok++;
		else
			h->auth_fail++;
		break;
	case SMTP_EV_AUTH_LINE:
		snprintf(h->auth_line, sizeof h->auth_line, "%s", ev->text);
		break;
	default:
		break;
	}
	return 0;
}

/* A started session on PROFILE with the scenarios and rules given as
 * NULL-terminated lists (either may be NULL). */
static inline struct harness *harness_new(const char *profile, const char *const *scen,
                                          const char *const *rules)
{
	struct harness *h = calloc(1, sizeof *h);
	char err[512];
	h->srv = smtp_server_new(profile, err, sizeof err);
	if (!h->srv) {
		fprintf(stderr, "harness: %s\n", err);
		abort();
	}
	for (size_t i = 0; scen && scen[i]; i++)
		if (smtp_server_scenario(h->srv, scen[i], true, err, sizeof err)) {
			fprintf(stderr, "harness: %s\n", err);
			abort();
		}
	for (size_t i = 0; rules && rules[i]; i++)
		if (smtp_server_add_rule(h->srv, rules[i], err, sizeof err)) {
			fprintf(stderr, "harness: %s\n", err);
			abort();
		}
	h->sess = smtp_session_new(h->srv, NULL, harness_sink, h);
	smtp_session_start(h->sess);
	return h;
}

/* Feed one line (a C string). */
static inline void harness_line(struct harness *h, const char *line)
{
	smtp_session_feed_line(h->sess, line, strlen(line));
}

/* Feed several lines separated by '\n'. */
static inline void harness_lines(struct harness *h, const char *lines)
{
	const char *p = lines;
	while (*p) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		smtp_session_feed_line(h->sess, p, len);
		if (!nl)
			break;
		p = nl + 1;
	}
}

static inline void harness_free(struct harness *h)
{
	smtp_session_free(h->sess);
	smtp_server_free(h->srv);
	free(h);
}

#endif
