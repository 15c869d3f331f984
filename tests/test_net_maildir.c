/* test_net_maildir.c — serve mode's Maildir delivery: mailbox names, the
 * file's headers and body, and all-or-nothing delivery. */
#include "net/serve.h"

#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Arrays, not pointers: Criterion copies parameters into the test's own
 * process, where addresses of the parent's strings mean nothing. */
struct name_case {
	char rcpt[48];
	char mailbox[48];
};

static struct name_case name_cases[] = {
	{ "alice@example.com", "alice" },
	{ "Alice@Example.COM", "alice" },
	{ "bob@mx.example.com", "bob" },
	{ "carol@smtp.example.com.", "carol" },
	{ "postmaster", "postmaster" },
	{ "carol@elsewhere.example", "carol@elsewhere.example" },
	{ "Dave@Example.ORG", "dave@example.org" },
	{ "../../etc@example.com", "_._.._etc" },
	{ ".hidden@example.com", "_hidden" },
	{ "\"a b/c\"@example.com", "_a_b_c_" },
	{ "\"\"@example.com", "__" },
	{ "x@[192.0.2.1]", "x@_192.0.2.1_" },
	{ "first.last+tag@example.com", "first.last+tag" },
};

ParameterizedTestParameters(maildir, mailbox_names)
{
	return cr_make_param_array(struct name_case, name_cases,
	                           sizeof name_cases / sizeof name_cases[0]);
}

ParameterizedTest(struct name_case *c, maildir, mailbox_names)
{
	char out[SMTP_PATH_MAX + 8];
	net_maildir_mailbox(c->rcpt, out, sizeof out);
	cr_expect_str_eq(out, c->mailbox, "%s -> %s, want %s", c->rcpt, out, c->mailbox);
}

static char root[64];

static void make_root(void)
{
	snprintf(root, sizeof root, "/tmp/smtpsim-md-XXXXXX");
	cr_assert_not_null(mkdtemp(root));
}

static void remove_tree(const char *path)
{
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
	cr_expect_eq(system(cmd), 0);
}

/* The one file in DIR, read whole; NULL when there is not exactly one. */
static char *only_file(const char *dir, size_t *len)
{
	DIR *d = opendir(dir);
	if (!d)
		return NULL;
	struct dirent *e;
	char path[512] = "";
	int n = 0;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		n++;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
	}
	closedir(d);
	if (n != 1)
		return NULL;
	FILE *f = fopen(path, "rb");
	if (!f)
		return NULL;
	char *buf = calloc(1, 65536);
	*len = fread(buf, 1, 65535, f);
	fclose(f);
	return buf;
}

static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return 0;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d)))
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static const char *paths[4];
static int npaths;

static void delivered(void *ctx, const char *path)
{
	(void)ctx;
	if (npaths < 4)
		paths[npaths++] = strdup(path);
}

Test(maildir, delivers_headers_and_lf_body_to_each_mailbox)
{
	make_root();
	char err[256];
	struct net_maildir *md = net_maildir_open(root, err, sizeof err);
	cr_assert_not_null(md, "%s", err);
	const char *rcpt[] = { "alice@example.com", "ALICE@example.com", "carol@elsewhere.example" };
	const char data[] = "Subject: hi\r\n\r\nline\r\nbare\rcr\r\n";
	struct smtp_message m = {
		.helo = "client.test", .mail_from = "x@example.org", .rcpt = rcpt, .nrcpt = 3,
		.data = data, .size = sizeof data - 1, .client_addr = "127.0.0.1",
	};
	struct net_trace tr = { "mx.example.com", "ESMTP", NULL, NULL };
	npaths = 0;
	cr_assert_eq(net_maildir_deliver(md, &m, &tr, delivered, NULL, err, sizeof err), 0, "%s", err);
	cr_expect_eq(npaths, 2, "alice once (same mailbox twice), carol@elsewhere once");

	char dir[256];
	size_t len;
	snprintf(dir, sizeof dir, "%s/alice/new", root);
	char *file = only_file(dir, &len);
	cr_assert_not_null(file, "one file in alice/new");
	const char *want_start = "Return-Path: <x@example.org>\n"
	                         "Received: from client.test (unknown [127.0.0.1])\n"
	                         "\tby mx.example.com (smtpsim) with ESMTP id ";
	cr_expect_eq(strncmp(file, want_start, strlen(want_start)), 0, "%s", file);
	cr_expect_not_null(strstr(file, "\n\tfor <alice@example.com>; "), "%s", file);
	const char *want_end = "\nSubject: hi\n\nline\nbare\rcr\n";
	cr_expect(len > strlen(want_end) && !strcmp(file + len - strlen(want_end), want_end),
	          "body with LF line ends, a lone CR kept: %s", file);
	free(file);

	snprintf(dir, sizeof dir, "%s/carol@elsewhere.example/new", root);
	file = only_file(dir, &len);
	cr_expect_not_null(file, "the remote recipient's mailbox is named by the whole address");
	free(file);
	snprintf(dir, sizeof dir, "%s/alice/tmp", root);
	cr_expect_eq(count_files(dir), 0, "nothing left in tmp/");
	for (int i = 0; i < npaths; i++)
		free((void *)paths[i]);
	net_maildir_free(md);
	remove_tree(root);
}

Test(maildir, an_ipv6_client_is_written_as_an_address_literal)
{
	make_root();
	char err[256], dir[256];
	size_t len;
	struct net_maildir *md = net_maildir_open(root, err, sizeof err);
	cr_assert_not_null(md, "%s", err);
	const char *rcpt[] = { "bob@example.com" };
	struct smtp_message m = {
		.helo = "v6.test", .mail_from = "a@example.org", .rcpt = rcpt, .nrcpt = 1,
		.data = "x\r\n", .size = 3, .client_addr = "::1", .queue_id = "ABC123",
	};
	struct net_trace tr = { "smtp.example.com", "ESMTPSA", "TLSv1.3 with cipher X (256/256 bits)",
	                        NULL };
	cr_assert_eq(net_maildir_deliver(md, &m, &tr, NULL, NULL, err, sizeof err), 0, "%s", err);
	snprintf(dir, sizeof dir, "%s/bob/new", root);
	char *file = only_file(dir, &len);
	cr_assert_not_null(file);
	cr_expect_not_null(strstr(file, "Received: from v6.test (unknown [IPv6:::1])\n"
	                                "\t(using TLSv1.3 with cipher X (256/256 bits))\n"
	                                "\tby smtp.example.com (smtpsim) with ESMTPSA id ABC123\n"),
	                   "%s", file);
	free(file);
	net_maildir_free(md);
	remove_tree(root);
}

Test(maildir, a_failure_for_one_recipient_delivers_to_none)
{
	make_root();
	char err[256], path[256];
	struct net_maildir *md = net_maildir_open(root, err, sizeof err);
	cr_assert_not_null(md, "%s", err);
	/* bob's mailbox is a regular file: his delivery must fail */
	snprintf(path, sizeof path, "%s/bob", root);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fclose(f);
	const char *rcpt[] = { "alice@example.com", "bob@example.com" };
	struct smtp_message m = {
		.helo = "c.test", .mail_from = "", .rcpt = rcpt, .nrcpt = 2,
		.data = "x\r\n", .size = 3, .client_addr = "127.0.0.1",
	};
	struct net_trace tr = { "mx.example.com", "SMTP", NULL, NULL };
	cr_expect_eq(net_maildir_deliver(md, &m, &tr, NULL, NULL, err, sizeof err), -1);
	cr_expect_not_null(strstr(err, "bob"), "the error names the mailbox: %s", err);
	snprintf(path, sizeof path, "%s/alice/new", root);
	cr_expect_eq(count_files(path), 0, "alice got nothing either");
	snprintf(path, sizeof path, "%s/alice/tmp", root);
	cr_expect_eq(count_files(path), 0, "and no file is left in tmp/");
	net_maildir_free(md);
	remove_tree(root);
}

Test(maildir, open_creates_the_root_and_refuses_a_file)
{
	make_root();
	char err[256], path[256];
	snprintf(path, sizeof path, "%s/a/b/c", root);
	struct net_maildir *md = net_maildir_open(path, err, sizeof err);
	cr_expect_not_null(md, "%s", err);
	net_maildir_free(md);
	struct stat st;
	cr_expect(stat(path, &st) == 0 && S_ISDIR(st.st_mode));
	snprintf(path, sizeof path, "%s/file", root);
	FILE *f = fopen(path, "w");
	cr_assert_not_null(f);
	fclose(f);
	cr_expect_null(net_maildir_open(path, err, sizeof err));
	cr_expect_not_null(strstr(err, "--maildir"), "%s", err);
	remove_tree(root);
}
