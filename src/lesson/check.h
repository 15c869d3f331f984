/* check.h — what `smtpsim check-lessons` checks: lesson files and
 * directories are loaded and validated field by field, then across
 * lessons (unique ids, `requires`), then every lesson is played (each
 * command step's example from the state the examples before it leave).
 * The CLI parses the options and prints the result; this does the rest. */
#ifndef LESSON_CHECK_H
#define LESSON_CHECK_H

#include "lesson/lesson.h"

#include <stdbool.h>
#include <stddef.h>

struct lesson_check_opts {
	const char *const *paths;  /* lesson files or directories (borrowed) */
	size_t npaths;
	bool dirs;                 /* take every path as a directory */
	bool siblings;             /* the `requires` of a single file may name
	                            * the lessons beside it (loaded quietly,
	                            * never a file given itself) */
};

struct lesson_check {
	struct lesson_set set;     /* the lessons that loaded */
	struct lesson_errors errs; /* every problem: "FILE: JSON.PATH: …" */
	size_t ok;                 /* lessons of set without any problem */
};

/* Check what OPTS names into OUT (zeroed first). Free with
 * lesson_check_free. */
void lesson_check(const struct lesson_check_opts *opts, struct lesson_check *out);
/* Free the set and the error lines; C is zeroed. */
void lesson_check_free(struct lesson_check *c);

#endif
