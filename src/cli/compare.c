/* compare.c — `smtpsim compare [CASE]`: one mistake or policy decision,
 * answered by every personality side by side. The cases and the runs are
 * in src/ref/compare.c (the reference screen shows the same); this file
 * parses the command line and prints. */
#include "cli/cli.h"
#include "ref/compare.h"
#include "smtp/personality.h"
#include "text/text.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static void usage(FILE *f)
{
	fputs("Usage: smtpsim compare [--json] [CASE]\n"
	      "The same mistake or policy decision answered by every personality\n"
	      "(smtpsim, postfix, exim, opensmtpd, gmail, microsoft365), side by\n"
	      "side: the code, the enhanced code (blank when a server sends none)\n"
	      "and the text. Each reply is the engine's own, run with that\n"
	      "personality and the case's profile and scenario, as\n"
	      "`smtpsim session -P NAME` would give it. A '=' marks a reply word\n"
	      "for word smtpsim's own. Without CASE, the cases.\n"
	      "\n"
	      "  --json      one JSON object (a case) or array (the cases)\n"
	      "  -h, --help  this help\n"
	      "\n"
	      "Cases:\n", f);
	for (size_t i = 0; i < cmp_case_count(); i++)
		fprintf(f, "  %-20s %s\n", cmp_case_at(i)->name, cmp_case_at(i)->title);
}

static void list_text(void)
{
	for (size_t i = 0; i < cmp_case_count(); i++) {
		const struct cmp_case *c = cmp_case_at(i);
		printf("%-20s %s (profile %s%s%s)\n", c->name, c->title, c->profile,
		       c->scenario ? ", scenario " : "", c->scenario ? c->scenario : "");
	}
}

static cJSON *case_json(const struct cmp_case *c)
{
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "case", c->name);
	cJSON_AddStringToObject(o, "title", c->title);
	cJSON_AddStringToObject(o, "profile", c->profile);
	if (c->scenario)
		cJSON_AddStringToObject(o, "scenario", c->scenario);
	else
		cJSON_AddNullToObject(o, "scenario");
	cJSON_AddStringToObject(o, "command", cmp_case_command(c));
	return o;
}

static void print_json(cJSON *o)
{
	char *t = cJSON_PrintUnformatted(o);
	if (t)
		printf("%s\n", t);
	cJSON_free(t);
	cJSON_Delete(o);
}

static void list_json(void)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; i < cmp_case_count(); i++)
		cJSON_AddItemToArray(a, case_json(cmp_case_at(i)));
	print_json(a);
}

static int show(const struct cmp_case *c, bool json)
{
	size_t np = smtp_personality_count();
	char err[256];
	struct cmp_answer *ans = cmp_run_all(c, err, sizeof err);
	if (!ans) {
		fprintf(stderr, "smtpsim: compare %s: %s\n", c->name, err);
		return 1;
	}
	if (json) {
		cJSON *o = case_json(c);
		cJSON *r = cJSON_AddArrayToObject(o, "replies");
		for (size_t i = 0; i < np; i++) {
			cJSON *e = cJSON_CreateObject();
			cJSON_AddStringToObject(e, "personality", smtp_personality_name(i));
			cJSON_AddNumberToObject(e, "code", ans[i].code);
			cJSON_AddStringToObject(e, "enhanced", ans[i].enh);
			cJSON_AddBoolToObject(e, "same_as_smtpsim", i > 0 && cmp_same(&ans[0], &ans[i]));
			cJSON *lines = cJSON_AddArrayToObject(e, "lines");
			for (const char *l = ans[i].text; ; ) {
				size_t n = strcspn(l, "\n");
				char buf[sizeof ans[i].text];
				snprintf(buf, sizeof buf, "%.*s", (int)n, l);
				cJSON_AddItemToArray(lines, cJSON_CreateString(buf));
				if (!l[n])
					break;
				l += n + 1;
			}
			cJSON_AddItemToArray(r, e);
		}
		print_json(o);
		free(ans);
		return 0;
	}

	size_t wname = 0, wenh = 0;
	for (size_t i = 0; i < np; i++) {
		size_t n = strlen(smtp_personality_name(i));
		wname = n > wname ? n : wname;
		n = strlen(ans[i].enh);
		wenh = n > wenh ? n : wenh;
	}
	printf("%s: %s\n", c->name, c->title);
	printf("profile %s%s%s; the reply to: ", c->profile,
	       c->scenario ? ", scenario " : "", c->scenario ? c->scenario : "");
	const char *cmd = cmp_case_command(c);
	text_put_visible(stdout, cmd, strlen(cmd));
	fputs("\n\n", stdout);
	for (size_t i = 0; i < np; i++) {
		const char *l = ans[i].text;
		bool first = true;
		for (;;) {
			size_t n = strcspn(l, "\n");
			printf("%c %-*s  %d%c%-*s  ", first && i > 0 && cmp_same(&ans[0], &ans[i]) ? '=' : ' ',
			       (int)wname, first ? smtp_personality_name(i) : "",
			       ans[i].code, l[n] ? '-' : ' ', (int)wenh, ans[i].enh);
			text_put_visible(stdout, l, n);
			fputc('\n', stdout);
			if (!l[n])
				break;
			l += n + 1;
			first = false;
		}
	}

	/* what stays the same and what does not (the same words as the
	 * reference screen's) */
	struct cmp_summary sum;
	cmp_summarise(ans, np, &sum);
	char line[512];
	cmp_digit_sentence(ans, np, line, sizeof line);
	printf("\n  %s\n", line);
	cmp_class_sentence(ans, np, line, sizeof line);
	printf("  %s\n", line);
	if (sum.any_copy)
		puts("  = smtpsim's reply word for word: that server says the same, or no public\n"
		     "    source gives its own wording (smtpsim --list-scenarios says which)");
	free(ans);
	return 0;
}

int cli_compare(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	bool json = false;
	int o;
	optind = 0;
	opterr = 0;
	while ((o = getopt_long(argc, argv, "+h", opts, NULL)) != -1) {
		switch (o) {
		case 'j': json = true; break;
		case 'h': usage(stdout); return 0;
		default:
			return cli_usage_error("compare", "unknown option '%s'", argv[optind - 1]);
		}
	}
	if (optind + 1 < argc)
		return cli_usage_error("compare", "one case at a time");
	if (optind == argc) {
		if (json)
			list_json();
		else
			list_text();
		return 0;
	}
	const struct cmp_case *c = cmp_case_find(argv[optind]);
	if (!c) {
		char names[512];
		size_t w = 0;
		for (size_t i = 0; i < cmp_case_count() && w < sizeof names; i++)
			w += (size_t)snprintf(names + w, sizeof names - w, "%s%s", i ? ", " : "",
			                      cmp_case_at(i)->name);
		return cli_usage_error("compare", "unknown case '%s' (try %s)", argv[optind], names);
	}
	return show(c, json);
}
