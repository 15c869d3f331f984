/* ref_common.h — what the reference commands (codes, ports, explain)
 * share: the output width, the option error, catalog entries picked by
 * words, JSON arrays printed one object a line. Private to src/cli. */
#ifndef CLI_REF_COMMON_H
#define CLI_REF_COMMON_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdio.h>

/* COLUMNS when set (so scripts and tests can ask for a width); then the
 * terminal's own width when stdout is one; else 80. Kept in 20..1000. */
int ref_term_width(void);

/* The usage error for an unknown option ARG of CMD, or one that lacks its
 * value (MISSING). Returns 2. */
int ref_bad_option(const char *cmd, const char *arg, bool missing);

/* ARGV's words joined with spaces (malloc'd); NULL when there are none or
 * memory runs out. */
char *ref_join_words(int argc, char **argv);

/* The catalog entries picked by the filter words: one flag per basic
 * code, enhanced code and port, in catalog order. */
struct ref_filter {
	bool *code;
	bool *enh;
	bool *port;
};
/* Run the words through the catalog's search; every entry is picked when
 * there are none. A lone number that is a code or a port picks that entry
 * alone ("ports 587" should not also list 2525, whose notes mention 587).
 * False when memory runs out; free with ref_filter_free either way. */
bool ref_filter_make(int argc, char **argv, struct ref_filter *fl);
void ref_filter_free(struct ref_filter *fl);

/* Say on stderr that nothing matches the words: "smtpsim: CMD: WHAT 'w1
 * w2'" (the words made visible). */
void ref_no_match(const char *cmd, const char *what, int argc, char **argv);

/* Print A (an array of objects, NULL for an empty one) one object a line,
 * then free it. cJSON does the escaping. */
void ref_json_print(FILE *f, cJSON *a);

#endif
