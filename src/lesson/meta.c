/* meta.c — the meta-line parser shared by free play and the lessons. */
#include "lesson/meta.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const struct {
	const char *name;
	enum meta_cmd cmd;
} names[] = {
	{ "help", META_HELP },       { "h", META_HELP },         { "?", META_HELP },
	{ "quit", META_QUIT },       { "q", META_QUIT },         { "reset", META_RESET },
	{ "wait", META_WAIT },       { "restart", META_RESTART }, { "skip", META_SKIP },
	{ "hint", META_HINT },       { "profile", META_PROFILE }, { "scenario", META_SCENARIO },
	{ "scenarios", META_SCENARIO }, { "save", META_SAVE },
};

long meta_parse_duration(const char *s)
{
	char *end;
	if (!s || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	long v = strtol(s, &end, 10);
	if (errno || v <= 0)
		return -1;
	long mul = 1;
	if (*end == 's' || *end == 'S')
		end++;
	else if (*end == 'm' || *end == 'M')
		mul = 60, end++;
	else if (*end == 'h' || *end == 'H')
		mul = 3600, end++;
	else if (*end == 'd' || *end == 'D')
		mul = 86400, end++;
	if (*end || v > 366L * 86400 / mul)
		return -1;
	return v * mul;
}

void meta_parse(const char *line, size_t len, bool in_data, struct meta_line *out)
{
	memset(out, 0, sizeof *out);
	size_t lead = 0;
	while (lead < len && (line[lead] == ' ' || line[lead] == '\t'))
		lead++;
	if (lead == len || line[lead] != ':') {
		out->cmd = META_NONE;
		return;
	}
	if (in_data && lead == 0 && len > 1 && line[1] == ':') {
		out->cmd = META_NONE;   /* "::text" is the text ":text" */
		out->text_off = 1;
		return;
	}
	if (in_data && lead > 0) {
		out->cmd = META_NONE;   /* " :x" in message text is text */
		return;
	}
	len -= lead;
	line += lead;
	if (len >= sizeof out->buf)
		len = sizeof out->buf - 1;
	memcpy(out->buf, line, len);
	out->buf[len] = '\0';
	char *save = NULL;
	char *word = strtok_r(out->buf, " \t", &save);
	snprintf(out->name, sizeof out->name, "%s", word ? word : ":");
	for (char *t = strtok_r(NULL, " \t", &save); t && out->argc < META_ARGS_MAX;
	     t = strtok_r(NULL, " \t", &save))
		out->argv[out->argc++] = t;
	out->cmd = META_UNKNOWN;
	const char *w = word ? word + 1 : "";
	for (size_t i = 0; i < sizeof names / sizeof *names; i++)
		if (!strcasecmp(w, names[i].name))
			out->cmd = names[i].cmd;
	if (out->cmd == META_WAIT) {
		out->secs = out->argc == 1 ? meta_parse_duration(out->argv[0]) : -1;
		if (out->secs < 0)
			out->cmd = META_BAD_ARG;
	}
}

const char *meta_duration_text(long secs, char *buf, size_t n)
{
	static const struct {
		long unit;
		const char *name;
	} units[] = { { 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" } };
	for (size_t i = 0; i < sizeof units / sizeof *units; i++) {
		if (secs % units[i].unit == 0) {
			long v = secs / units[i].unit;
			snprintf(buf, n, "%ld %s%s", v, units[i].name, v == 1 ? "" : "s");
			return buf;
		}
	}
	snprintf(buf, n, "%ld seconds", secs);
	return buf;
}

const char *meta_wait_mark(long secs, char *buf, size_t n)
{
	char d[48];
	snprintf(buf, n, "\u2500\u2500 %s later (simulated clock) \u2500\u2500",
	         meta_duration_text(secs, d, sizeof d));
	return buf;
}

const char *const *meta_help_lines(bool lesson)
{
	static const char *const play[] = {
		"Meta-commands (they never reach the server):",
		"  :help                 this list",
		"  :profile [NAME]       reconnect to another server: mta, submission, smtps, alt",
		"  :scenario [off] NAME  switch a scenario on or off (no NAME: list them)",
		"  :reset                drop the connection and connect again",
		"  :wait DURATION        move the server clock on (30s, 5m, 1h), e.g. for greylisting",
		"  :save [-c] FILE       save the transcript (swaks-style ->/<-); -c: client lines only,",
		"                        replayable with smtpsim session < FILE",
		"  :quit                 leave",
		"In DATA, type '::' to send a text line that starts with ':'.",
		NULL,
	};
	static const char *const les[] = {
		"Meta-commands (they never reach the server):",
		"  :hint                 the next hint (it costs points)",
		"  :restart              set this step up again, as it began",
		"  :skip                 give this step up (0 points) and go on",
		"  :reset                drop the connection and connect again",
		"  :wait DURATION        move the server clock on (30s, 5m, 1h), e.g. for greylisting",
		"  :help                 this list",
		"  :quit                 leave the lesson (progress is kept)",
		"In DATA, type '::' to send a text line that starts with ':'.",
		NULL,
	};
	return lesson ? les : play;
}
