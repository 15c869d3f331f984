/* ui_cmd.c — the command-line front of the full-screen UI: `smtpsim`,
 * `smtpsim lesson [ID]`, `smtpsim play [-p P]...` and `smtpsim ref
 * [QUERY]` parse their options here and start the UI with plain values
 * (ui_run in ui/ui.h). The UI knows nothing of argv or stderr. */
#include "cli/cli.h"
#include "text/text.h"
#include "ui/ui.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a parser decided: run the UI, or end with this exit status. */
enum { RUN = -1 };

static void play_usage(FILE *f)
{
	fputs("Usage: smtpsim play [-p PROFILE] [-P PERSONALITY] [-s SCENARIO]... [-r RULE]...\n"
	      "Free play: type the client side of an SMTP conversation; a simulated\n"
	      "server answers and every reply is explained.\n\n"
	      "  -p, --profile NAME    the server to talk to (default mta)\n"
	      "  -P, --personality NAME  answer as postfix, exim, opensmtpd, gmail,\n"
	      "                        microsoft365 (default smtpsim; --list-scenarios)\n"
	      "  -s, --scenario NAME   switch a scenario on (repeatable)\n"
	      "  -r, --rule SPEC       a reply rule, STAGE[:MATCH]=CODE [ENH] [TEXT]\n"
	      "  -h, --help            this help\n\n", f);
	cli_print_profiles(f);
}

/* SCEN and RULES have room for argc names each; they point into argv. */
static int parse_play(int argc, char **argv, struct ui_opts *o, char **scen, char **rules)
{
	static const struct option opts[] = {
		{ "profile", required_argument, NULL, 'p' },
		{ "personality", required_argument, NULL, 'P' },
		{ "scenario", required_argument, NULL, 's' },
		{ "rule", required_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	size_t nscen = 0, nrules = 0;
	optind = 1;
	opterr = 0;
	int c;
	while ((c = getopt_long(argc, argv, ":p:P:s:r:h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': o->profile = optarg; break;
		case 'P': o->personality = optarg; break;
		case 's': scen[nscen++] = optarg; break;
		case 'r': rules[nrules++] = optarg; break;
		case 'h': play_usage(stdout); return 0;
		case ':': return cli_usage_error("play", "option '%s' needs a value", argv[optind - 1]);
		default: return cli_usage_error("play", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage_error("play", "unexpected argument '%s'", argv[optind]);
	o->scenarios = scen;
	o->nscenarios = nscen;
	o->rules = rules;
	o->nrules = nrules;
	return RUN;
}

/* The words of the query, joined by spaces into *QUERY (malloc'd). */
static int parse_ref(int argc, char **argv, char **query)
{
	size_t len = 1;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs("Usage: smtpsim ref [QUERY]\n"
			      "The reference browser: every reply code, enhanced status code and\n"
			      "mail port, with incremental search. QUERY opens it on a search\n"
			      "(a code such as 552 or 5.1.1, or words such as greylisting).\n", stdout);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("ref", "unknown option '%s'", argv[i]);
		len += strlen(argv[i]) + 1;
	}
	*query = malloc(len);
	if (!*query)
		return 1;
	size_t n = 0;
	for (int i = 1; i < argc; i++)
		n += (size_t)snprintf(*query + n, len - n, "%s%s", n ? " " : "", argv[i]);
	(*query)[n] = '\0';
	return RUN;
}

static int parse_lesson(int argc, char **argv, const char **id)
{
	*id = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs("Usage: smtpsim lesson [ID]\n"
			      "       smtpsim lesson ID --plain [--afresh]\n"
			      "The lesson list, or straight into lesson ID: its number (14), its\n"
			      "name (greylisting) or its file name (14-greylisting). Progress is\n"
			      "kept in $XDG_STATE_HOME/smtpsim/progress.json. With --plain, the\n"
			      "lesson runs line by line on stdin/stdout without the full screen\n"
			      "(smtpsim lesson 1 --plain --help says more).\n"
			      "Lessons are read from $SMTPSIM_LESSONS when set, else ./lessons,\n"
			      "else the installed " SMTPSIM_DATADIR "/lessons.\n"
			      "Examples:\n"
			      "  smtpsim lesson\n"
			      "  smtpsim lesson 14\n"
			      "  smtpsim lesson greylisting\n", stdout);
			return 0;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("lesson", "unknown option '%s'", argv[i]);
		if (*id)
			return cli_usage_error("lesson", "only one lesson at a time");
		*id = argv[i];
	}
	return RUN;
}

/* Why the UI did not run, on stderr; the exit status. */
static int report(enum ui_run_status st, enum ui_mode mode, char *err)
{
	if (st == UI_RUN_START_FAILED && mode == UI_MODE_PLAY) {
		/* a wrong name given on the command line: a usage error */
		for (char *p = err; *p; p++)
			if (*p == '\t')
				*p = ' ';
		return cli_usage_error("play", "%s", err);
	}
	fputs(st == UI_RUN_START_FAILED && mode == UI_MODE_LESSON ? "smtpsim: lesson: "
	                                                          : "smtpsim: ", stderr);
	/* the message may hold a path from the environment */
	text_put_visible(stderr, err, strlen(err));
	fputc('\n', stderr);
	return 1;
}

int cli_ui(const char *mode, int argc, char **argv)
{
	struct ui_opts o = { .mode = UI_MODE_MENU };
	char **scen = NULL, **rules = NULL, *query = NULL;
	int rc = RUN;
	if (mode && !strcmp(mode, "play")) {
		o.mode = UI_MODE_PLAY;
		scen = calloc((size_t)argc + 1, sizeof *scen);
		rules = calloc((size_t)argc + 1, sizeof *rules);
		rc = scen && rules ? parse_play(argc, argv, &o, scen, rules) : 1;
	} else if (mode && !strcmp(mode, "ref")) {
		o.mode = UI_MODE_REF;
		rc = parse_ref(argc, argv, &query);
		o.query = query;
	} else if (mode && !strcmp(mode, "lesson")) {
		o.mode = UI_MODE_LESSON;
		rc = parse_lesson(argc, argv, &o.lesson);
	}
	if (rc == RUN) {
		char err[600] = "";
		enum ui_run_status st = ui_run(&o, err, sizeof err);
		rc = st == UI_RUN_OK ? 0 : report(st, o.mode, err);
	}
	free(scen);
	free(rules);
	free(query);
	return rc;
}
