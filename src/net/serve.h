/* serve.h — serve mode: net_serve() for the command line (src/cli/serve.c
 * parses the options into a net_serve_config), then what the files of
 * src/net share: the listeners, the event loop, TLS set-up, Maildir
 * delivery and the conversation log. */
#ifndef NET_SERVE_H
#define NET_SERVE_H

#include "smtp/smtp.h"

#include <openssl/ssl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* --- what `serve` is asked to do --------------------------------------- */

enum {
	NET_LISTENERS_MAX = 16,
	NET_ITEMS_MAX = 64,               /* -s, and -r, given */
};
/* The owner of a scenario or rule given before any -l. */
#define NET_EVERY_LISTENER ((size_t)-1)

enum net_log_mode { NET_LOG_QUIET, NET_LOG_TEXT, NET_LOG_JSON };

struct net_listen_opts {
	const char *spec;                 /* "127.0.0.1:2525" (net_split_spec) */
	const char *profile;              /* NULL: the config's */
	const char *personality;          /* NULL: the config's */
};

/* A scenario (-s) or rule (-r), and the listener it is for. */
struct net_serve_item {
	const char *text;
	size_t owner;                     /* an index into listeners, or
	                                   * NET_EVERY_LISTENER (after the
	                                   * listener's own rules) */
};

/* Plain values; every string is borrowed. */
struct net_serve_config {
	struct net_listen_opts listeners[NET_LISTENERS_MAX];
	size_t nlisteners;                /* 1 at least */
	const char *profile;              /* NULL: "mta" */
	const char *personality;          /* NULL: smtpsim's own voice */
	struct net_serve_item scenarios[NET_ITEMS_MAX];
	size_t nscenarios;
	struct net_serve_item rules[NET_ITEMS_MAX];
	size_t nrules;
	const char *maildir;              /* NULL: count and log only */
	const char *cert, *key;           /* NULL: a self-signed certificate;
	                                   * key NULL: in the cert file */
	unsigned max_clients;
	long timeout;                     /* idle timeout and line deadline, s */
	long grey_delay;                  /* seconds; -1: the engine's default */
	enum net_log_mode log;
};

/* Listen, announce the listeners on stderr, log the conversations on
 * stdout and serve until SIGINT/SIGTERM. The names and rules in CFG must
 * be valid (the command line checks them: its usage errors); a failure
 * to start (a port in use, a certificate that does not load) is said on
 * stderr. Returns 0 after a clean shutdown, 1 after a failure. */
int net_serve(const struct net_serve_config *cfg);

/* Split "127.0.0.1:2525", "[::1]:2525", "localhost:2525", ":2525" or
 * "2525" into host (127.0.0.1 when empty) and port. -1 when SPEC has
 * none of these forms (a bare IPv6 address needs its brackets). */
int net_split_spec(const char *spec, char *host, size_t hostlen, char *port,
                   size_t portlen);

/* --- inside src/net --------------------------------------------------------- */

/* One listening socket with its own simulated server. */
struct net_listener {
	const char *spec;                 /* as given with -l (borrowed) */
	char name[80];                    /* bound address: "127.0.0.1:2525" */
	int fd;
	const struct smtp_profile *profile;
	struct smtp_server *srv;          /* owned */
	SSL_CTX *tls;                     /* owned; NULL when the profile has no TLS */
	char fingerprint[100];            /* SHA-256 of the certificate, hex */
	char scenarios[200];              /* its scenarios, space-separated */
	size_t nrules;                    /* its -r rules */
};

struct net_maildir;

struct net_config {
	struct net_listener *listeners;   /* borrowed */
	size_t nlisteners;
	struct net_maildir *maildir;      /* NULL: count and log only */
	unsigned max_clients;
	long timeout;                     /* idle timeout and line deadline, seconds */
};

/* Counters the loop fills in for the closing summary. */
struct net_stats {
	unsigned long connections;
	unsigned long refused;            /* over --max-clients */
	unsigned long messages;           /* accepted with 250 */
	unsigned long deliveries;         /* Maildir files written */
	unsigned long tls_handshakes;
	unsigned long tls_failures;
};

/* Install the SIGINT/SIGTERM handlers (and ignore SIGPIPE). Call before
 * announcing the listeners: a signal that follows the announcement at
 * once is then a clean shutdown, not death by the signal. Idempotent;
 * -1 with errno on failure. */
int net_signals_init(void);

/* Run the event loop until SIGINT/SIGTERM and every connection is gone
 * (installs the handlers if net_signals_init was not called). Returns 0
 * after a clean shutdown, 1 on a fatal error. */
int net_loop_run(const struct net_config *cfg, struct net_stats *st);

/* --- TLS (tls.c) --------------------------------------------------------- */

/* A server context with the certificate and key from the PEM files, or,
 * when cert is NULL, a self-signed certificate for host made in memory.
 * fp receives the certificate's SHA-256 fingerprint. NULL and a message in
 * err on failure. */
SSL_CTX *net_tls_context(const char *cert, const char *key, const char *host,
                         char *fp, size_t fplen, char *err, size_t errlen);
/* The last OpenSSL error (or "connection closed") in buf, for the log. */
const char *net_tls_error(char *buf, size_t len);

/* --- Maildir (maildir.c) ------------------------------------------------- */

/* Prepare root (created if missing). NULL and a message in err on failure. */
struct net_maildir *net_maildir_open(const char *root, char *err, size_t errlen);
void net_maildir_free(struct net_maildir *md);

/* What the Received: header says besides the message itself. */
struct net_trace {
	const char *server_host;          /* "mx.example.com" */
	const char *protocol;             /* "ESMTPS" (RFC 3848) */
	const char *tls_info;             /* "TLSv1.3 with cipher ..." or NULL */
	const struct smtp_profile *profile;
};

/* Called once per file delivered, with its path; for the log. */
typedef void (*net_delivered_fn)(void *ctx, const char *path);

/* Deliver msg to every recipient's mailbox: tmp/, fsync, rename to new/.
 * All or nothing: on failure no file is left in any new/ and -1 is
 * returned with a message in err. */
int net_maildir_deliver(struct net_maildir *md, const struct smtp_message *msg,
                        const struct net_trace *tr, net_delivered_fn done,
                        void *ctx, char *err, size_t errlen);

/* The mailbox directory name for a recipient: the local-part (lower case,
 * unsafe bytes replaced by '_') for the simulated server's own domains
 * (smtp_domain_is_local), the whole address for other domains (mail that a
 * real submission server would relay onwards). */
void net_maildir_mailbox(const char *rcpt, char *out, size_t outlen);

/* --- the conversation log (log.c) ------------------------------------------ */

void net_log_init(enum net_log_mode mode);
bool net_log_enabled(void);
void net_log_flush(void);

/* Server-wide events (conn 0). */
void net_log_listen(const struct net_listener *l);
void net_log_server(const char *event, const char *text);
/* A connection refused over --max-clients. */
void net_log_refused(const char *peer, const char *local, unsigned limit);

/* Connection events. Text from the client is logged with control bytes
 * made visible (text mode) or JSON-escaped. */
void net_log_connect(unsigned conn, const char *peer, const struct net_listener *l);
/* A command line the client sent, as the engine's LINE event shows it
 * (AUTH credentials masked by the engine). */
void net_log_client(unsigned conn, const struct smtp_line *l);
/* A command the engine parsed (JSON log only); hidden: the engine masked
 * its credentials. */
void net_log_command(unsigned conn, enum smtp_cmd cmd, const char *text, bool hidden);
void net_log_reply(unsigned conn, const struct smtp_reply *r);
void net_log_state(unsigned conn, enum smtp_state from, enum smtp_state to);
void net_log_note(unsigned conn, enum smtp_why why, const char *text);
void net_log_auth(unsigned conn, const char *user, bool ok);
void net_log_auth_line(unsigned conn, const char *text);
void net_log_message(unsigned conn, const struct smtp_message *msg);
void net_log_delivered(unsigned conn, const char *path);
void net_log_tls(unsigned conn, const char *version, const char *cipher);
/* Any other connection event: "timeout", "tls_failed", "discarded", ... */
void net_log_info(unsigned conn, const char *event, const char *text);
void net_log_close(unsigned conn, const char *reason, double seconds,
                   unsigned long messages);

#endif
