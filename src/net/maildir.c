/* maildir.c — delivery of accepted messages by the Maildir protocol:
 * write the file in tmp/, fsync, rename into new/, fsync new/. A message
 * goes to every recipient's mailbox or to none. */
#include "net/serve.h"
#include "smtp/trace.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

struct net_maildir {
	char *root;
	char host[128];        /* this machine's name, safe in a file name */
	unsigned long seq;
	long pid;
};

/* A heap string from a format; NULL when out of memory. */
__attribute__((format(printf, 1, 2)))
static char *str_printf(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	char *s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(s, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return s;
}

static int make_dir(const char *path)
{
	if (mkdir(path, 0700) == 0 || errno == EEXIST)
		return 0;
	return -1;
}

/* mkdir -p for the root given on the command line. */
static int make_dirs(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		int r = make_dir(path);
		*p = '/';
		if (r < 0)
			return -1;
	}
	return make_dir(path);
}

struct net_maildir *net_maildir_open(const char *root, char *err, size_t errlen)
{
	struct net_maildir *md = calloc(1, sizeof *md);
	if (!md || !(md->root = strdup(root))) {
		free(md);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	size_t n = strlen(md->root);
	while (n > 1 && md->root[n - 1] == '/')
		md->root[--n] = '\0';
	struct stat st;
	if (make_dirs(md->root) < 0 || stat(md->root, &st) < 0 || !S_ISDIR(st.st_mode) ||
	    access(md->root, W_OK | X_OK) < 0) {
		snprintf(err, errlen, "--maildir %s: %s", root,
		         errno ? strerror(errno) : "not a directory");
		net_maildir_free(md);
		return NULL;
	}
	/* Maildir names end in the host name, with '/' and ':' escaped. */
	char h[100] = "localhost";
	gethostname(h, sizeof h - 1);
	h[sizeof h - 1] = '\0';
	size_t at = 0;
	for (const char *p = h; *p && at + 5 < sizeof md->host; p++) {
		if (*p == '/')
			at += (size_t)snprintf(md->host + at, sizeof md->host - at, "\\057");
		else if (*p == ':')
			at += (size_t)snprintf(md->host + at, sizeof md->host - at, "\\072");
		else if ((unsigned char)*p > 0x20 && (unsigned char)*p < 0x7f)
			md->host[at++] = *p;
	}
	md->host[at] = '\0';
	md->pid = (long)getpid();
	return md;
}

void net_maildir_free(struct net_maildir *md)
{
	if (!md)
		return;
	free(md->root);
	free(md);
}

void net_maildir_mailbox(const char *rcpt, char *out, size_t outlen)
{
	const char *at = strrchr(rcpt, '@');
	size_t llen = at ? (size_t)(at - rcpt) : strlen(rcpt);
	const char *dom = at ? at + 1 : "";
	size_t dlen = strlen(dom);
	bool local = !dlen || smtp_domain_is_local(dom);
	size_t o = 0;
	for (size_t i = 0; i < llen && o + 1 < outlen; i++) {
		unsigned char c = (unsigned char)tolower((unsigned char)rcpt[i]);
		bool ok = (c < 0x80 && isalnum(c)) || strchr("-_.+=", c);
		/* never ".", "..", or a hidden directory */
		if (o == 0 && c == '.')
			ok = false;
		out[o++] = ok && c ? (char)c : '_';
	}
	if (o == 0 && o + 1 < outlen)
		out[o++] = '_';
	if (!local && o + 1 < outlen) {
		out[o++] = '@';
		for (size_t i = 0; i < dlen && o + 1 < outlen; i++) {
			unsigned char c = (unsigned char)tolower((unsigned char)dom[i]);
			bool ok = (c < 0x80 && isalnum(c)) || c == '-' || c == '.';
			out[o++] = ok ? (char)c : '_';
		}
	}
	out[o] = '\0';
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int fsync_dir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int r = fsync(fd);
	close(fd);
	return r;
}

struct target {
	char mailbox[SMTP_PATH_MAX + 8];
	char *dir;        /* root/mailbox */
	char *tmp;        /* root/mailbox/tmp/NAME */
	char *final;      /* root/mailbox/new/NAME */
	bool written, renamed;
};

/* The trace fields are built where the UI's stored-message view builds
 * them too (smtp/trace.c). */
static char *received_header(const struct smtp_message *m, const struct net_trace *tr,
                             const char *qid, const char *rcpt, time_t now)
{
	struct smtp_trace t = { tr->server_host, tr->protocol, tr->tls_info, qid, rcpt, now };
	return smtp_trace_header(m, &t);
}

/* The message with CRLF line ends turned into LF, as Unix mail stores keep
 * them. */
static size_t to_lf(const char *in, size_t n, char *out)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		if (in[i] == '\r' && i + 1 < n && in[i + 1] == '\n')
			continue;
		out[o++] = in[i];
	}
	return o;
}

int net_maildir_deliver(struct net_maildir *md, const struct smtp_message *msg,
                        const struct net_trace *tr, net_delivered_fn done,
                        void *ctx, char *err, size_t errlen)
{
	int rc = -1;
	struct timeval tv;
	gettimeofday(&tv, NULL);
	unsigned long seq = ++md->seq;
	char qid[32];
	if (msg->queue_id && *msg->queue_id)
		snprintf(qid, sizeof qid, "%s", msg->queue_id);
	else
		snprintf(qid, sizeof qid, "%08llX%05lX",
		         (unsigned long long)tv.tv_sec & 0xffffffffULL, seq & 0xfffffUL);
	char *body = malloc(msg->size + 1);
	struct target *t = calloc(msg->nrcpt ? msg->nrcpt : 1, sizeof *t);
	size_t nt = 0;
	if (!body || !t) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	/* BINARYMIME octets are stored as they came (RFC 3030 §3): turning
	 * their CRLFs into LFs would change the content */
	size_t blen = msg->binarymime ? msg->size : to_lf(msg->data, msg->size, body);
	if (msg->binarymime)
		memcpy(body, msg->data, msg->size);

	for (size_t i = 0; i < msg->nrcpt; i++) {
		/* bounced after the 250 (its DSN goes to the sender instead), or
		 * still waiting in the simulated queue */
		if (msg->info && (msg->info[i].bounced || msg->info[i].delayed))
			continue;
		struct target *cur = &t[nt];
		net_maildir_mailbox(msg->rcpt[i], cur->mailbox, sizeof cur->mailbox);
		bool dup = false;
		for (size_t j = 0; j < nt; j++)
			dup = dup || !strcmp(t[j].mailbox, cur->mailbox);
		if (dup)
			continue;
		nt++;
		char *hdr = received_header(msg, tr, qid, msg->rcpt[i], tv.tv_sec);
		if (!hdr) {
			snprintf(err, errlen, "out of memory");
			goto out;
		}
		size_t hlen = strlen(hdr);
		char name[200];
		snprintf(name, sizeof name, "%lld.M%06ldP%ldQ%lu.%s,S=%zu", (long long)tv.tv_sec,
		         (long)tv.tv_usec, md->pid, seq, md->host, hlen + blen);
		cur->dir = str_printf("%s/%s", md->root, cur->mailbox);
		char *sub[3] = {
			str_printf("%s/tmp", cur->dir ? cur->dir : ""),
			str_printf("%s/new", cur->dir ? cur->dir : ""),
			str_printf("%s/cur", cur->dir ? cur->dir : ""),
		};
		cur->tmp = str_printf("%s/tmp/%s", cur->dir ? cur->dir : "", name);
		cur->final = str_printf("%s/new/%s", cur->dir ? cur->dir : "", name);
		int ok = cur->dir && sub[0] && sub[1] && sub[2] && cur->tmp && cur->final;
		int fd = -1;
		if (ok)
			ok = make_dir(cur->dir) == 0 && make_dir(sub[0]) == 0 &&
			     make_dir(sub[1]) == 0 && make_dir(sub[2]) == 0;
		if (ok) {
			fd = open(cur->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
			ok = fd >= 0;
			cur->written = ok;
		}
		if (ok)
			ok = write_all(fd, hdr, hlen) == 0 && write_all(fd, body, blen) == 0 &&
			     fsync(fd) == 0;
		if (fd >= 0 && close(fd) < 0)
			ok = 0;
		int e = errno;
		free(hdr);
		for (int k = 0; k < 3; k++)
			free(sub[k]);
		if (!ok) {
			snprintf(err, errlen, "cannot write %s: %s",
			         cur->tmp ? cur->tmp : cur->mailbox, strerror(e));
			goto out;
		}
	}
	for (size_t i = 0; i < nt; i++) {
		if (rename(t[i].tmp, t[i].final) < 0) {
			snprintf(err, errlen, "cannot rename %s to %s: %s", t[i].tmp, t[i].final,
			         strerror(errno));
			goto out;
		}
		t[i].renamed = true;
	}
	for (size_t i = 0; i < nt; i++) {
		char *nd = str_printf("%s/new", t[i].dir);
		int r = nd ? fsync_dir(nd) : -1;
		free(nd);
		if (r < 0) {
			snprintf(err, errlen, "cannot sync %s/new: %s", t[i].dir, strerror(errno));
			goto out;
		}
	}
	rc = 0;
	for (size_t i = 0; i < nt; i++)
		if (done)
			done(ctx, t[i].final);
out:
	for (size_t i = 0; t && i < nt; i++) {
		if (rc < 0 && t[i].renamed)
			unlink(t[i].final);
		else if (rc < 0 && t[i].written)
			unlink(t[i].tmp);
		free(t[i].dir);
		free(t[i].tmp);
		free(t[i].final);
	}
	free(t);
	free(body);
	return rc;
}
