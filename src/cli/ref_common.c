/* ref_common.c — helpers of the reference commands (see ref_common.h). */
#include "cli/ref_common.h"
#include "cli/cli.h"
#include "smtp/catalog.h"
#include "text/text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

enum { WIDTH_MIN = 20, WIDTH_MAX = 1000, WIDTH_DEFAULT = 80 };

int ref_term_width(void)
{
	const char *c = getenv("COLUMNS");
	long w = 0;
	if (c && *c) {
		char *end;
		errno = 0;
		w = strtol(c, &end, 10);
		if (errno || *end || w <= 0)
			w = 0;
	}
	if (!w && isatty(STDOUT_FILENO)) {
		struct winsize ws;
		if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			w = ws.ws_col;
	}
	if (!w)
		w = WIDTH_DEFAULT;
	if (w < WIDTH_MIN)
		w = WIDTH_MIN;
	if (w > WIDTH_MAX)
		w = WIDTH_MAX;
	return (int)w;
}

int ref_bad_option(const char *cmd, const char *arg, bool missing)
{
	/* the argument may hold escapes: the message shows its first 200
	 * bytes made visible (cli_usage_error makes the rest visible too) */
	char *v = text_visible(arg, strnlen(arg, 200), false, NULL);
	int rc = cli_usage_error(cmd, missing ? "option '%s' needs a value" :
	                         "unknown option '%s'", v ? v : "?");
	free(v);
	return rc;
}

char *ref_join_words(int argc, char **argv)
{
	size_t n = 0;
	for (int i = 0; i < argc; i++)
		n += strlen(argv[i]) + 1;
	if (!n)
		return NULL;
	char *s = malloc(n);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (int i = 0; i < argc; i++) {
		if (i)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static int mark_hit(void *ctx, const struct cat_hit *hit)
{
	struct ref_filter *fl = ctx;
	switch (hit->kind) {
	case CAT_CODE:
		fl->code[(const struct cat_code *)hit->entry - cat_code_at(0)] = true;
		break;
	case CAT_ENH:
		fl->enh[(const struct cat_enh *)hit->entry - cat_enh_at(0)] = true;
		break;
	case CAT_PORT:
		fl->port[(const struct cat_port *)hit->entry - cat_port_at(0)] = true;
		break;
	}
	return 0;
}

static bool exact_number(int argc, char **argv, struct ref_filter *fl)
{
	if (argc != 1 || !argv[0][0] || strspn(argv[0], "0123456789") != strlen(argv[0]) ||
	    strlen(argv[0]) > 5)
		return false;
	int v = atoi(argv[0]);
	const struct cat_code *c = cat_code_find(v);
	const struct cat_port *p = cat_port_find(v);
	if (c)
		fl->code[c - cat_code_at(0)] = true;
	if (p)
		fl->port[p - cat_port_at(0)] = true;
	return c || p;
}

bool ref_filter_make(int argc, char **argv, struct ref_filter *fl)
{
	fl->code = calloc(cat_code_count(), sizeof(bool));
	fl->enh = calloc(cat_enh_count(), sizeof(bool));
	fl->port = calloc(cat_port_count(), sizeof(bool));
	if (!fl->code || !fl->enh || !fl->port)
		return false;
	if (exact_number(argc, argv, fl))
		return true;
	char *q = ref_join_words(argc, argv);
	cat_search(q ? q : "", mark_hit, fl);
	free(q);
	return true;
}

void ref_filter_free(struct ref_filter *fl)
{
	free(fl->code);
	free(fl->enh);
	free(fl->port);
}

void ref_no_match(const char *cmd, const char *what, int argc, char **argv)
{
	fprintf(stderr, "smtpsim: %s: %s '", cmd, what);
	for (int i = 0; i < argc; i++) {
		if (i)
			fputc(' ', stderr);
		text_put_visible(stderr, argv[i], strlen(argv[i]));
	}
	fputs("'\n", stderr);
}

void ref_json_print(FILE *f, cJSON *a)
{
	if (!a) {
		fputs("[]\n", f);
		return;
	}
	fputs("[", f);
	const cJSON *it;
	bool first = true;
	cJSON_ArrayForEach(it, a) {
		char *t = cJSON_PrintUnformatted(it);
		if (t)
			fprintf(f, "%s\n  %s", first ? "" : ",", t);
		free(t);
		first = false;
	}
	fputs(first ? "]\n" : "\n]\n", f);
	cJSON_Delete(a);
}
