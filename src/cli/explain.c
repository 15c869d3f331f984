/* explain.c — `smtpsim explain`: the command line of the explainer. It
 * reads the options, decides how the arguments group into replies, opens
 * the file, and says what went wrong; the explaining itself is
 * src/ref/explainer.c's. */
#include "cli/cli.h"
#include "cli/ref_common.h"
#include "ref/explainer.h"
#include "smtp/catalog.h"
#include "smtp/explain.h"
#include "text/text.h"

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* How an argument reads when it stands alone. */
enum arg_shape {
	ARG_CODE,   /* 550, 5.1.1, X.7.8: shaped like a code, known or not */
	ARG_LINE,   /* has white space: a reply line the user quoted */
	ARG_WORD,   /* anything else: a piece of a longer line */
};

static enum arg_shape arg_shape(const char *s)
{
	int code;
	struct explain_enh enh;
	bool any;
	if (explain_parse_token(s, strlen(s), &code, &enh, &any))
		return ARG_CODE;
	return strpbrk(s, " \t\r\n") ? ARG_LINE : ARG_WORD;
}

/* Whether several arguments are one reply line that the shell split at its
 * spaces: one of them is a plain word ("550 5.1.1 User unknown" unquoted),
 * or they are exactly a basic code and an enhanced one ("550 5.1.1").
 * Otherwise every argument is a code or a quoted line of its own. */
static bool split_reply_line(int n, char **args)
{
	for (int i = 0; i < n; i++)
		if (arg_shape(args[i]) == ARG_WORD)
			return true;
	if (n != 2)
		return false;
	int c1, c2;
	struct explain_enh e1, e2;
	bool any1, any2;
	return explain_parse_token(args[0], strlen(args[0]), &c1, &e1, &any1) && c1 &&
	       explain_parse_token(args[1], strlen(args[1]), &c2, &e2, &any2) && !c2;
}

/* How explain prints, the same for every argument. */
struct explain_opts {
	FILE *out;
	int width;
	bool verbose;
	size_t count;      /* replies explained by the arguments so far */
};

/* Explain one code or text (one argument, or the arguments joined) with a
 * fresh explainer; a blank line first when earlier arguments printed
 * something. Returns 0, or 1 when it holds no reply code (said on stderr)
 * or memory runs out. */
static int explain_arg(struct explain_opts *o, const char *text)
{
	size_t n = strlen(text);
	struct ref_explain_opts ro = {
		.out = o->out, .width = o->width, .verbose = o->verbose,
		.numbered = memchr(text, '\n', n) != NULL, .gap = o->count > 0,
	};
	struct ref_explainer *x = ref_explainer_new(&ro);
	if (!x) {
		fputs("smtpsim: explain: out of memory\n", stderr);
		return 1;
	}
	if (!ref_explain_code(x, text))
		ref_explain_text(x, text, n);
	size_t count = ref_explainer_count(x);
	ref_explainer_free(x);
	o->count += count;
	if (count)
		return 0;
	fputs("smtpsim: explain: no SMTP reply code found in '", stderr);
	ref_show_line(stderr, text, n, 0);
	fputs("'\n", stderr);
	const struct cat_port *port = NULL;
	if (n <= 5 && strspn(text, "0123456789") == n)
		port = cat_port_find(atoi(text));
	if (port)
		fprintf(stderr, "%d is a mail port (%s): try 'smtpsim ports %d'\n",
		        port->port, port->protocol, port->port);
	return 1;
}

/* Explain every reply in the open file IN (NAME in messages), numbered,
 * then the summary. Returns 0, 1 (no reply in it) or 2 (a read error). */
static int explain_file(const struct explain_opts *o, FILE *in, const char *name)
{
	struct ref_explain_opts ro = {
		.out = o->out, .width = o->width, .verbose = o->verbose, .numbered = true,
	};
	struct ref_explainer *x = ref_explainer_new(&ro);
	int err = x ? ref_explain_fd(x, fileno(in)) : ENOMEM;
	int rc = 0;
	if (err) {
		fputs("smtpsim: explain: cannot read ", stderr);
		text_put_visible(stderr, name, strlen(name));
		fprintf(stderr, ": %s\n", strerror(err));
		rc = 2;
	} else if (!ref_explainer_count(x)) {
		fputs("smtpsim: explain: no SMTP reply found in ", stderr);
		text_put_visible(stderr, name, strlen(name));
		fputc('\n', stderr);
		rc = 1;
	} else {
		ref_explain_summary(x);
	}
	ref_explainer_free(x);
	return rc;
}

static void explain_help(FILE *f)
{
	fputs("Usage: smtpsim explain [-v] TEXT...\n"
	      "       smtpsim explain [-v] -f FILE\n"
	      "Explain SMTP replies in plain words: a basic reply code (550), an\n"
	      "enhanced status code (5.1.1 or X.1.1), a whole reply line as a server\n"
	      "sent it (550 5.1.1 <bob@example.com>: Recipient address rejected), or\n"
	      "the fields of a bounce (Diagnostic-Code: smtp; 550 5.1.1 ...,\n"
	      "Status: 5.1.1). It names the class (success, temporary or permanent\n"
	      "failure), the basic and the enhanced code, likely causes and what to do.\n"
	      "\n"
	      "  -f, --file FILE  explain every reply in FILE ('-': standard input):\n"
	      "                   a pasted telnet session, swaks output, a mail log,\n"
	      "                   a bounce message; multi-line replies are grouped\n"
	      "  -v, --verbose    with -f, also the background of every code\n"
	      "  -h, --help       this help\n"
	      "\n"
	      "Several arguments are explained each on its own, in order, when every\n"
	      "one is a code or a quoted reply line:\n"
	      "  smtpsim explain 421 5.7.1 '550 5.1.1 User unknown'   # three replies\n"
	      "They are one reply line that the shell split at its spaces when one of\n"
	      "them is a plain word, or when they are just a basic code and then an\n"
	      "enhanced one:\n"
	      "  smtpsim explain 550 5.1.1 User unknown               # one reply\n"
	      "  smtpsim explain 550 5.1.1                            # one reply\n"
	      "Codes that do not exist (299, 5.9.9) are called unknown, with what\n"
	      "their digits say.\n"
	      "Exit status: 0 when every TEXT (or FILE) held a reply, 1 when one held\n"
	      "no reply code, 2 usage error or unreadable file.\n"
	      "Examples:\n"
	      "  smtpsim explain 550\n"
	      "  smtpsim explain '451 4.7.1 Greylisted, try again in 5 minutes'\n"
	      "  smtpsim explain -f bounce.eml          # a bounce message you saved\n"
	      "  swaks --server 127.0.0.1:2525 --to bob@example.com 2>&1 |\n"
	      "      smtpsim explain -f -               # needs 'smtpsim serve' running\n", f);
}

static const struct option explain_opts[] = {
	{ "file", required_argument, NULL, 'f' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_explain(int argc, char **argv)
{
	const char *file = NULL;
	struct explain_opts o = { .out = stdout };
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:f:vh", explain_opts, NULL)) != -1) {
		switch (c) {
		case 'f': file = optarg; break;
		case 'v': o.verbose = true; break;
		case 'h': explain_help(stdout); return 0;
		default:
			return ref_bad_option("explain", argv[optind - 1], c == ':');
		}
	}
	if (file && optind < argc)
		return cli_usage_error("explain", "give either TEXT or -f FILE, not both");
	if (!file && optind >= argc)
		return cli_usage_error("explain", "nothing to explain: give a code, a "
		                       "reply line or -f FILE");
	o.width = ref_term_width();

	if (file) {
		if (!strcmp(file, "-"))
			return explain_file(&o, stdin, "standard input");
		FILE *in = fopen(file, "r");
		if (!in) {
			int err = errno;
			fputs("smtpsim: explain: cannot open ", stderr);
			text_put_visible(stderr, file, strlen(file));
			fprintf(stderr, ": %s\n", strerror(err));
			return 2;
		}
		int rc = explain_file(&o, in, file);
		fclose(in);
		return rc;
	}

	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs > 1 && !split_reply_line(nargs, args)) {
		int rc = 0;
		for (int i = 0; i < nargs; i++)
			if (explain_arg(&o, args[i]) != 0)
				rc = 1;
		return rc;
	}
	char *text = ref_join_words(nargs, args);
	if (!text) {
		fputs("smtpsim: explain: out of memory\n", stderr);
		return 1;
	}
	int rc = explain_arg(&o, text);
	free(text);
	return rc;
}
