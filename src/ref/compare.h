/* compare.h — one mistake or policy decision answered by every
 * personality, side by side: the model behind `smtpsim compare` and the
 * reference screen's comparison view.
 *
 * Each reply comes from the real engine (a fresh server with the case's
 * profile, scenario and the personality, fed the case's dialogue); there
 * is no second table of texts, so the view cannot drift from what
 * `smtpsim session -P` says. No curses, no cJSON. */
#ifndef REF_COMPARE_H
#define REF_COMPARE_H

#include <stdbool.h>
#include <stddef.h>

struct cmp_case {
	const char *name;      /* "unknown-user" */
	const char *title;     /* one line for the list and the heading */
	const char *profile;
	const char *scenario;  /* NULL: none */
	const char *lines;     /* the dialogue; the last line's reply is shown */
};

/* One personality's reply to the case's last line. */
struct cmp_answer {
	int code;
	char enh[16];          /* "" when the server sends none */
	char text[2048];       /* lines joined by '\n' */
};

size_t cmp_case_count(void);
const struct cmp_case *cmp_case_at(size_t i);
/* The case NAME (any case), or NULL. */
const struct cmp_case *cmp_case_find(const char *name);
/* The command whose reply is compared: the dialogue's last line (a static
 * copy, without its line end). */
const char *cmp_case_command(const struct cmp_case *c);

/* Run case C under personality P: 0, or -1 with a message in err. */
int cmp_run(const struct cmp_case *c, const char *personality, struct cmp_answer *a,
            char *err, size_t errlen);

/* Every personality's answer, in smtp_personality_name() order (calloc'd,
 * smtp_personality_count() entries; free() it): NULL with a message in
 * err when one failed or memory ran out. */
struct cmp_answer *cmp_run_all(const struct cmp_case *c, char *err, size_t errlen);

/* Whether B is word for word A (a personality keeps smtpsim's reply where
 * no public source gives the server's own). */
bool cmp_same(const struct cmp_answer *a, const struct cmp_answer *b);

/* What stays the same across the N answers: the first digit, and the
 * enhanced class wherever one is sent (the first answer's). */
struct cmp_summary {
	bool same_digit;
	bool same_class;       /* only meaningful when the first sends one */
	bool any_copy;         /* some personality says smtpsim's words */
};
void cmp_summarise(const struct cmp_answer *ans, size_t n, struct cmp_summary *s);

/* The same in words, for the CLI and the reference screen alike: "First
 * digit: 5 at every server", or "First digit differs: 4 at gmail; 5 at
 * the others" (the largest group last, so that the exceptions stand out);
 * "Enhanced class: 5.x.x wherever one is sent (none from exim)", or
 * "Enhanced class differs: 4.x.x at gmail; none from exim; 5.x.x at the
 * others". Into buf (cap bytes, cut to fit). */
void cmp_digit_sentence(const struct cmp_answer *ans, size_t n, char *buf, size_t cap);
void cmp_class_sentence(const struct cmp_answer *ans, size_t n, char *buf, size_t cap);

#endif
