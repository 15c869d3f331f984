/* common.c — helpers the subcommands share. */
#include "cli/cli.h"
#include "smtp/smtp.h"
#include "smtp/personality.h"
#include "text/text.h"

#include <stdarg.h>
#include <string.h>

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fputs("smtpsim: ", stderr);
	if (cmd)
		fprintf(stderr, "%s: ", cmd);
	/* the message echoes arguments, which may hold escape sequences */
	if (n > 0)
		text_put_visible(stderr, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
	fprintf(stderr, "\nTry 'smtpsim %s%s--help' for more information.\n",
	        cmd ? cmd : "", cmd ? " " : "");
	return 2;
}

enum { HELP_COLS = 79 };   /* help fits an 80-column terminal */

/* HEAD, then TEXT wrapped at spaces to HELP_COLS, its later lines under
 * the first (HEAD is ASCII). */
static void print_hanging(FILE *f, const char *head, const char *text)
{
	size_t indent = strlen(head), n = strlen(text), pos = 0;
	size_t room = HELP_COLS > indent + 20 ? HELP_COLS - indent : 20;
	fputs(head, f);
	while (pos < n) {
		size_t next;
		size_t len = text_wrap_row(text + pos, n - pos, (int)room, 0, &next);
		if (pos)
			fprintf(f, "%*s", (int)indent, "");
		fprintf(f, "%.*s\n", (int)len, text + pos);
		pos += next;
	}
	if (!n)
		fputc('\n', f);
}

void cli_print_profiles(FILE *f)
{
	char head[64];
	fputs("Profiles (-p):\n", f);
	for (size_t i = 0; i < smtp_profile_count(); i++) {
		const struct smtp_profile *p = smtp_profile_at(i);
		snprintf(head, sizeof head, "  %-11s port %-4d ", p->name, p->port);
		print_hanging(f, head, p->summary);
	}
	fputs("Scenarios (-s, several allowed):\n", f);
	for (size_t i = 0; i < smtp_scenario_count(); i++) {
		const struct smtp_scenario *sc = smtp_scenario_at(i);
		snprintf(head, sizeof head, "  %-15s ", sc->name);
		print_hanging(f, head, sc->summary);
	}
	fputs("Personalities (-P): each keeps smtpsim's text where no public source\n"
	      "gives the server's own (the README names the sources)\n", f);
	for (size_t i = 0; i < smtp_personality_count(); i++) {
		snprintf(head, sizeof head, "  -P %-12s ", smtp_personality_name(i));
		print_hanging(f, head, smtp_personality_summary(i));
	}
	fputs("Accounts for AUTH: alice@example.com / wonderland, "
	      "bob@example.com / builder\n", f);
}
