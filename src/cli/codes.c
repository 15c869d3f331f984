/* codes.c — `smtpsim codes`: the tables of basic reply codes and of the
 * enhanced status codes, as text fitted to the terminal or as JSON. */
#include "cli/cli.h"
#include "cli/ref_common.h"
#include "smtp/catalog.h"
#include "text/layout.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* "451, 550" -> [451, 550]; words such as "any" are left out. */
static cJSON *json_code_list(const char *s)
{
	cJSON *a = cJSON_CreateArray();
	while (a && *s) {
		if (*s >= '0' && *s <= '9') {
			long v = strtol(s, (char **)&s, 10);
			cJSON_AddItemToArray(a, cJSON_CreateNumber((double)v));
		} else {
			s++;
		}
	}
	return a;
}

static const char *class_word(int first_digit)
{
	switch (first_digit) {
	case 2: return "success";
	case 3: return "intermediate";
	case 4: return "temporary";
	case 5: return "permanent";
	}
	return "unknown";
}

static void codes_help(FILE *f)
{
	fputs("Usage: smtpsim codes [--basic | --enhanced] [--json] [WORD...]\n"
	      "Print the reference tables: the basic SMTP reply codes (RFC 5321 and\n"
	      "its extensions) and the enhanced status codes of the IANA registry\n"
	      "(classes, subjects and every detail code).\n"
	      "\n"
	      "  --basic       only the basic reply codes\n"
	      "  --enhanced    only the enhanced status codes\n"
	      "  --json        a JSON array of objects instead of tables\n"
	      "  WORD...       only entries containing every WORD (any case);\n"
	      "                an enhanced code such as 5.1.1 matches exactly\n"
	      "  -h, --help    this help\n"
	      "\n"
	      "Tables fit the terminal width (COLUMNS, else the terminal's, else 80).\n"
	      "JSON fields: basic codes have kind \"basic\", code, class, meaning,\n"
	      "cause, action, commands, rfc, detail; enhanced codes have kind\n"
	      "\"enhanced\", code, subject, subject_meaning, title, meaning, basic,\n"
	      "basic_codes, rfc.\n"
	      "Exit status: 0 success, 1 when the WORDs match nothing, 2 usage error.\n"
	      "Examples: smtpsim codes auth    smtpsim codes --enhanced 5.7\n", f);
}

static void codes_json(FILE *f, const struct ref_filter *fl, bool basic, bool enhanced)
{
	cJSON *a = cJSON_CreateArray();
	for (size_t i = 0; a && basic && i < cat_code_count(); i++) {
		if (!fl->code[i])
			continue;
		const struct cat_code *c = cat_code_at(i);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", "basic");
		cJSON_AddNumberToObject(o, "code", c->code);
		cJSON_AddStringToObject(o, "class", class_word(c->code / 100));
		cJSON_AddStringToObject(o, "meaning", c->meaning);
		cJSON_AddStringToObject(o, "cause", c->cause);
		cJSON_AddStringToObject(o, "action", c->action);
		cJSON_AddStringToObject(o, "commands", c->commands);
		cJSON_AddStringToObject(o, "rfc", c->rfc);
		cJSON_AddStringToObject(o, "detail", c->detail);
		cJSON_AddItemToArray(a, o);
	}
	for (size_t i = 0; a && enhanced && i < cat_enh_count(); i++) {
		if (!fl->enh[i])
			continue;
		const struct cat_enh *e = cat_enh_at(i);
		int subj = atoi(e->code + 2);
		cJSON *o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", "enhanced");
		cJSON_AddStringToObject(o, "code", e->code);
		cJSON_AddNumberToObject(o, "subject", subj);
		cJSON_AddStringToObject(o, "subject_meaning", cat_subject_meaning(subj));
		cJSON_AddStringToObject(o, "title", e->title);
		cJSON_AddStringToObject(o, "meaning", e->meaning);
		cJSON_AddStringToObject(o, "basic", e->basic);
		cJSON_AddItemToObject(o, "basic_codes", json_code_list(e->basic));
		cJSON_AddStringToObject(o, "rfc", e->rfc);
		cJSON_AddItemToArray(a, o);
	}
	ref_json_print(f, a);
}

static void codes_tables(FILE *f, int width, const struct ref_filter *fl, bool basic,
                         bool enhanced, bool filtered)
{
	bool printed = false;
	size_t n = 0;
	struct text_row *rows = calloc(cat_code_count() + cat_enh_count() + 8, sizeof *rows);
	if (!rows)
		return;
	if (basic) {
		for (size_t i = 0; i < cat_code_count(); i++) {
			if (!fl->code[i])
				continue;
			const struct cat_code *c = cat_code_at(i);
			struct text_row *r = &rows[n++];
			snprintf(r->num, sizeof r->num, "%d", c->code);
			r->cell[0] = r->num;
			r->cell[1] = c->meaning;
			r->cell[2] = c->cause;
			r->cell[3] = c->action;
			r->cell[4] = c->rfc;
		}
		if (n) {
			static const char *const head[] = {
				"Code", "Meaning", "Common cause", "Action", "RFC",
			};
			text_put_wrapped(f, width, "Basic reply codes: the first digit is the class "
			        "(2 success, 3 go on, 4 temporary failure, 5 permanent "
			        "failure).");
			fputc('\n', f);
			text_put_table(f, width, head, COUNT(head), rows, n);
			printed = true;
		}
	}
	if (enhanced && !filtered) {
		static const char *const head[] = { "Class", "Meaning" };
		static const int classes[] = { 2, 4, 5 };
		n = 0;
		for (size_t i = 0; i < COUNT(classes); i++) {
			struct text_row *r = &rows[n++];
			snprintf(r->num, sizeof r->num, "%d.X.X", classes[i]);
			r->cell[0] = r->num;
			r->cell[1] = cat_class_meaning(classes[i]);
		}
		fputs(printed ? "\n" : "", f);
		text_put_wrapped(f, width, "Enhanced status codes (RFC 3463) read "
		        "CLASS.SUBJECT.DETAIL.");
		fputc('\n', f);
		text_put_table(f, width, head, COUNT(head), rows, n);
		static const char *const shead[] = { "Subject", "Meaning" };
		n = 0;
		for (int s = 0; s <= 7; s++) {
			struct text_row *r = &rows[n++];
			snprintf(r->num, sizeof r->num, "X.%d.X", s);
			r->cell[0] = r->num;
			r->cell[1] = cat_subject_meaning(s);
		}
		fputc('\n', f);
		text_put_table(f, width, shead, COUNT(shead), rows, n);
		printed = true;
	}
	if (enhanced) {
		n = 0;
		for (size_t i = 0; i < cat_enh_count(); i++) {
			if (!fl->enh[i])
				continue;
			const struct cat_enh *e = cat_enh_at(i);
			struct text_row *r = &rows[n++];
			r->cell[0] = e->code;
			r->cell[1] = e->title;
			r->cell[2] = e->basic;
			r->cell[3] = e->rfc;
		}
		if (n) {
			static const char *const head[] = {
				"Code", "Title", "Basic codes", "RFC",
			};
			fputs(printed ? "\n" : "", f);
			text_put_wrapped(f, width, "Enhanced status codes of the IANA registry (X is "
			        "the class):");
			fputc('\n', f);
			text_put_table(f, width, head, COUNT(head), rows, n);
		}
	}
	free(rows);
}

static const struct option codes_opts[] = {
	{ "basic", no_argument, NULL, 'b' },
	{ "enhanced", no_argument, NULL, 'e' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_codes(int argc, char **argv)
{
	bool basic = false, enhanced = false, json = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:h", codes_opts, NULL)) != -1) {
		switch (c) {
		case 'b': basic = true; break;
		case 'e': enhanced = true; break;
		case 'j': json = true; break;
		case 'h': codes_help(stdout); return 0;
		default:
			return ref_bad_option("codes", argv[optind - 1], c == ':');
		}
	}
	if (!basic && !enhanced)
		basic = enhanced = true;
	struct ref_filter fl;
	if (!ref_filter_make(argc - optind, argv + optind, &fl)) {
		ref_filter_free(&fl);
		fputs("smtpsim: codes: out of memory\n", stderr);
		return 1;
	}
	size_t shown = 0;
	for (size_t i = 0; basic && i < cat_code_count(); i++)
		shown += fl.code[i];
	for (size_t i = 0; enhanced && i < cat_enh_count(); i++)
		shown += fl.enh[i];
	bool filtered = optind < argc;
	int rc = 0;
	if (filtered && !shown) {
		ref_no_match("codes", "nothing matches", argc - optind, argv + optind);
		rc = 1;
		if (json)
			fputs("[]\n", stdout);
	} else if (json) {
		codes_json(stdout, &fl, basic, enhanced);
	} else {
		codes_tables(stdout, ref_term_width(), &fl, basic, enhanced, filtered);
	}
	ref_filter_free(&fl);
	return rc;
}
