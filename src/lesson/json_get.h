/* json_get.h — typed getters over cJSON for the lesson loader (internal to
 * src/lesson). Each getter checks one member's type and range and, when it
 * is wrong, adds one line that names the file, the JSON path and what was
 * expected:
 *     lessons/03-data.json: steps[4].goal.reply: expected an integer reply code, got "abc"
 * A getter returns false when it added an error (or a required member is
 * missing); an absent optional member leaves *out alone and returns true. */
#ifndef LESSON_JSON_GET_H
#define LESSON_JSON_GET_H

#include "lesson/lesson.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

enum {
	JSON_PATH_MAX = 128,   /* bytes of a JSON path in a message */
	JSON_STR_MAX = 8192,   /* longest string field */
	JSON_LIST_MAX = 64,    /* longest array field */
};

/* What a string field may hold (flags of json_get_string/strings). Lesson
 * text reaches the terminal: only printable UTF-8 in any case. */
enum {
	JSON_S_MULTILINE = 1,  /* '\n' allowed */
	JSON_S_EMPTY_OK = 2,
	JSON_S_MARKUP = 4,     /* shown with `code` markup: backticks must pair */
	JSON_S_PROSE = JSON_S_MULTILINE | JSON_S_MARKUP,
};

/* The validation context: which file (borrowed), where errors go
 * (borrowed), how many were added through it. */
struct json_ctx {
	const char *name;
	struct lesson_errors *errs;
	int nerr;
};

/* Add "NAME: PATH: message", or "NAME: message" when PATH is NULL or "". */
void json_err(struct json_ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Add "expected WHAT, got <a short printable description of GOT>". */
void json_err_type(struct json_ctx *c, const char *path, const char *what,
                   const cJSON *got);

/* PARENT.KEY (or KEY at the top level) into buf; a cut path ends in "...".
 * Returns buf. */
const char *json_path_key(char *buf, size_t n, const char *parent, const char *key);
/* PARENT[I] into buf. Returns buf. */
const char *json_path_index(char *buf, size_t n, const char *parent, size_t i);

/* Why S cannot be a string field with FLAGS (JSON_S_*), or NULL when fine. */
const char *json_text_problem(const char *s, int flags);
/* Whether D is a whole number (range-checked before any cast). */
bool json_whole(double d);

/* Every key of OBJ must be in ALLOWED (NULL-terminated) and appear once;
 * an unknown key gets the nearest allowed one as a suggestion. */
void json_check_keys(struct json_ctx *c, const cJSON *obj, const char *path,
                     const char *const *allowed);
/* The member KEY of OBJ (borrowed), or NULL; "missing required key" when
 * REQUIRED. */
const cJSON *json_member(struct json_ctx *c, const cJSON *obj, const char *path,
                         const char *key, bool required);

/* A string member; *out becomes a copy the caller frees. */
bool json_get_string(struct json_ctx *c, const cJSON *obj, const char *path,
                     const char *key, bool required, int flags,
                     const char *what, char **out);
/* An integer member in [min, max]. */
bool json_get_int(struct json_ctx *c, const cJSON *obj, const char *path,
                  const char *key, bool required, long min, long max,
                  const char *what, int *out);
/* An optional number member in [min, max]. */
bool json_get_number(struct json_ctx *c, const cJSON *obj, const char *path,
                     const char *key, double min, double max,
                     const char *what, double *out);
/* An optional true/false member. */
bool json_get_bool(struct json_ctx *c, const cJSON *obj, const char *path,
                   const char *key, const char *what, bool *out);
/* An array of at least MINN (and at most JSON_LIST_MAX) strings; *out is
 * a new vector of copies (free with json_strv_free), NULL when absent. */
bool json_get_strings(struct json_ctx *c, const cJSON *obj, const char *path,
                      const char *key, bool required, size_t minn, int flags,
                      const char *what, char ***out, size_t *nout);
/* Free N strings and the vector; V may be NULL. */
void json_strv_free(char **v, size_t n);

/* strdup and calloc that abort on failure (a lesson is small; running out
 * of memory while loading one is not a state to recover from). */
char *lesson_xstrdup(const char *s);
void *lesson_xcalloc(size_t n, size_t size);

#endif
