/* common.c — helpers the subcommands share. */
#include "cli/cli.h"
#include "smtp/smtp.h"
#include "smtp/personality.h"

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
		cli_put_visible(stderr, msg, (size_t)n < sizeof msg ? (size_t)n : sizeof msg - 1);
	fprintf(stderr, "\nTry 'smtpsim %s%s--help' for more information.\n",
	        cmd ? cmd : "", cmd ? " " : "");
	return 2;
}

/* Length of a valid UTF-8 sequence starting at p, or 0. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned min;
	unsigned cp;
	if (p[0] < 0xc2)
		return 0;
	if (p[0] < 0xe0) { len = 2; cp = p[0] & 0x1f; min = 0x80; }
	else if (p[0] < 0xf0) { len = 3; cp = p[0] & 0x0f; min = 0x800; }
	else if (p[0] < 0xf5) { len = 4; cp = p[0] & 0x07; min = 0x10000; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	/* C1 controls are as dangerous as C0 ones on a terminal. */
	if (cp >= 0x80 && cp < 0xa0)
		return 0;
	return len;
}

void cli_put_visible(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned char c = p[i];
		if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
			fputc(c, f);
			i++;
		} else if (c < 0x20 || c == 0x7f) {
			if (c == 0)
				fputs("\\x00", f);
			else
				fprintf(f, "^%c", c == 0x7f ? '?' : c + '@');
			i++;
		} else {
			size_t l = utf8_len(p + i, n - i);
			if (l) {
				fwrite(p + i, 1, l, f);
				i += l;
			} else {
				fprintf(f, "\\x%02x", c);
				i++;
			}
		}
	}
}

enum { HELP_COLS = 79 };   /* help fits an 80-column terminal */

/* HEAD, then TEXT wrapped at spaces to HELP_COLS, its later lines under
 * the first (HEAD is ASCII; TEXT's UTF-8 counts one column a character). */
static void print_hanging(FILE *f, const char *head, const char *text)
{
	size_t indent = strlen(head), n = strlen(text), pos = 0;
	size_t room = HELP_COLS > indent + 20 ? HELP_COLS - indent : 20;
	fputs(head, f);
	while (pos < n) {
		size_t cols = 0, end = pos, brk = 0;
		while (end < n && cols <= room) {
			if (text[end] == ' ')
				brk = end;
			if (((unsigned char)text[end] & 0xc0) != 0x80)
				cols++;
			end++;
		}
		if (end < n || cols > room) {
			if (brk > pos)
				end = brk;
			else   /* one word longer than the room: cut it */
				end = end - 1;
		}
		if (pos)
			fprintf(f, "%*s", (int)indent, "");
		fprintf(f, "%.*s\n", (int)(end - pos), text + pos);
		pos = end;
		while (pos < n && text[pos] == ' ')
			pos++;
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
