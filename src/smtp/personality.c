/* personality.c — server personalities (see personality.h). */
#include "smtp/internal.h"
#include "smtp/personality.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct smtp_persona {
	const char *name;
	const char *summary;
	const char *notes;
	unsigned long max_size;  /* 0: the profile's */
	bool bare_paths;
};

static const struct smtp_persona personas[] = {
	{ "smtpsim", "smtpsim's own voice: Postfix-like texts, RFC 5321 where they differ (the default)",
	  "", 0, false },
};

enum { NPERSONAS = sizeof personas / sizeof personas[0] };

size_t smtp_personality_count(void) { return NPERSONAS; }
const char *smtp_personality_name(size_t i) { return i < NPERSONAS ? personas[i].name : NULL; }
const char *smtp_personality_summary(size_t i) { return i < NPERSONAS ? personas[i].summary : NULL; }
const char *smtp_personality_notes(size_t i) { return i < NPERSONAS ? personas[i].notes : NULL; }

int smtp_personality_find(const char *name)
{
	for (size_t i = 0; name && i < NPERSONAS; i++)
		if (!strcasecmp(personas[i].name, name))
			return (int)i;
	return -1;
}

int smtp_server_set_personality(struct smtp_server *srv, const char *name,
                                char *err, size_t errlen)
{
	int i = smtp_personality_find(name ? name : "smtpsim");
	if (i < 0) {
		if (err) {
			size_t w = (size_t)snprintf(err, errlen, "unknown personality '%s' (try", name);
			for (size_t k = 0; k < NPERSONAS && w < errlen; k++)
				w += (size_t)snprintf(err + w, errlen - w, "%s %s", k ? "," : "",
				                      personas[k].name);
			if (w < errlen)
				snprintf(err + w, errlen - w, ")");
		}
		return -1;
	}
	srv->persona = i == 0 ? NULL : &personas[i];
	return 0;
}

const char *smtp_server_personality(const struct smtp_server *srv)
{
	return srv->persona ? srv->persona->name : personas[0].name;
}

void smtp_persona_apply(const struct smtp_persona *p, const struct persona_ctx *c,
                        struct persona_state *st, enum smtp_cmd cmd,
                        enum smtp_why *why, int *code, const char **enh,
                        char *text, size_t cap)
{
	(void)p; (void)c; (void)st; (void)cmd; (void)why; (void)code; (void)enh;
	(void)text; (void)cap;
}

unsigned long smtp_persona_max_size(const struct smtp_persona *p, unsigned long dflt)
{
	return p && p->max_size ? p->max_size : dflt;
}

bool smtp_persona_bare_paths(const struct smtp_persona *p)
{
	return p && p->bare_paths;
}
