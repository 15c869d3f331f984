/* set.c — the lessons of a directory: loading them in file name order,
 * the checks across lessons (unique ids, `requires`), lookup by id, file
 * name or number, and where the lesson directory is. */
#include "lesson/lesson.h"
#include "lesson/json_get.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#ifndef SMTPSIM_DATADIR
#define SMTPSIM_DATADIR "/usr/local/share/smtpsim"
#endif

/* --- sets ------------------------------------------------------------------ */

static void set_push(struct lesson_set *set, struct lesson *l)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct lesson **v = realloc(set->v, cap * sizeof *v);
		if (!v) {
			perror("smtpsim");
			abort();
		}
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = l;
}

bool lesson_file_name(const char *name)
{
	size_t len = strlen(name);
	return name[0] != '.' && len >= 6 && !strcmp(name + len - 5, ".json");
}

int lesson_set_load_file(struct lesson_set *set, const char *path,
                         struct lesson_errors *errs)
{
	struct lesson *l = lesson_load_file(path, errs);
	if (!l)
		return -1;
	set_push(set, l);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lesson_set_load_dir(struct lesson_set *set, const char *dir,
                        struct lesson_errors *errs)
{
	DIR *d = opendir(dir);
	if (!d) {
		lesson_errors_add(errs, "%s: cannot open the lesson directory: %s", dir,
		                  strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		if (!lesson_file_name(de->d_name))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **v = realloc(names, cap * sizeof *v);
			if (!v) {
				perror("smtpsim");
				abort();
			}
			names = v;
		}
		names[n++] = lesson_xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		size_t dl = strlen(dir);
		snprintf(path, sizeof path, "%s%s%s", dir,
		         dl && dir[dl - 1] == '/' ? "" : "/", names[i]);
		if (lesson_set_load_file(set, path, errs) < 0)
			failed++;
		free(names[i]);
	}
	free(names);
	return failed;
}

ptrdiff_t lesson_set_find_arg(const struct lesson_set *set, const char *arg)
{
	char *end;
	long num = strtol(arg, &end, 10);
	bool numeric = end != arg && !*end;
	for (size_t i = 0; i < set->n; i++) {
		const struct lesson *l = set->v[i];
		if (!strcmp(l->id, arg))
			return (ptrdiff_t)i;
		const char *base = strrchr(l->path, '/');
		base = base ? base + 1 : l->path;
		size_t bn = strlen(base);
		if (bn > 5 && strlen(arg) == bn - 5 && !strncmp(base, arg, bn - 5))
			return (ptrdiff_t)i;
		if (numeric && num == strtol(base, NULL, 10))
			return (ptrdiff_t)i;
	}
	return -1;
}

const struct lesson *lesson_set_find(const struct lesson_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->v[i]->id, id))
			return set->v[i];
	return NULL;
}

int lesson_set_check(const struct lesson_set *set, const struct lesson_set *ref,
                     struct lesson_errors *errs)
{
	int nerr = 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct lesson *l = set->v[i];
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(set->v[j]->id, l->id)) {
				lesson_errors_add(errs, "%s: id: \"%s\" is already the id of %s",
				                  l->path, l->id, set->v[j]->path);
				nerr++;
				break;
			}
		}
		for (size_t k = 0; k < l->nrequires; k++) {
			const char *want = l->requires[k];
			bool found = false, later = false;
			if (!strcmp(want, l->id)) {
				lesson_errors_add(errs, "%s: requires[%zu]: a lesson cannot require "
				                  "itself", l->path, k);
				nerr++;
				continue;
			}
			for (size_t j = 0; j < set->n; j++) {
				if (!strcmp(set->v[j]->id, want)) {
					found = true;
					later = j > i;
				}
			}
			if (!found && ref && lesson_set_find(ref, want))
				found = true;
			if (!found) {
				lesson_errors_add(errs, "%s: requires[%zu]: no lesson has the id \"%s\"",
				                  l->path, k, want);
				nerr++;
			} else if (later) {
				lesson_errors_add(errs, "%s: requires[%zu]: \"%s\" comes later in the "
				                  "teaching order (file names sort the lessons)",
				                  l->path, k, want);
				nerr++;
			}
		}
	}
	return nerr;
}

void lesson_set_free(struct lesson_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		lesson_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

const char *lesson_dir_default(void)
{
	const char *env = getenv("SMTPSIM_LESSONS");
	struct stat sb;
	if (env && *env)
		return env;
	if (stat("lessons", &sb) == 0 && S_ISDIR(sb.st_mode))
		return "lessons";
	return SMTPSIM_DATADIR "/lessons";
}

/* What a lesson directory holds, in a few words for lesson_dir_none_found. */
static const char *dir_state(const char *dir, char *buf, size_t n)
{
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		snprintf(buf, n, "%s", errno == ENOENT ? "does not exist" : strerror(errno));
		return buf;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(buf, n, "not a directory");
		return buf;
	}
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(buf, n, "%s", strerror(errno));
		return buf;
	}
	size_t files = 0;
	struct dirent *de;
	while ((de = readdir(d)))
		files += lesson_file_name(de->d_name);
	closedir(d);
	if (files)
		snprintf(buf, n, "%zu lesson file%s, none of which loads: smtpsim "
		         "check-lessons says why", files, files == 1 ? "" : "s");
	else
		snprintf(buf, n, "no lesson files");
	return buf;
}

const char *lesson_dir_none_found(char *buf, size_t n)
{
	static const char installed[] = SMTPSIM_DATADIR "/lessons";
	const char *env = getenv("SMTPSIM_LESSONS");
	char a[128], b[128];
	if (env && *env) {
		snprintf(buf, n, "no lessons found: searched $SMTPSIM_LESSONS=%s (%s) only; "
		         "without SMTPSIM_LESSONS smtpsim searches ./lessons, then %s",
		         env, dir_state(env, a, sizeof a), installed);
		return buf;
	}
	struct stat sb;
	if (stat("lessons", &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(buf, n, "no lessons found: searched $SMTPSIM_LESSONS (not set), then "
		         "./lessons (%s), which hides the installed %s; set SMTPSIM_LESSONS "
		         "to a lesson directory", dir_state("lessons", a, sizeof a), installed);
	else
		snprintf(buf, n, "no lessons found: searched $SMTPSIM_LESSONS (not set), "
		         "./lessons (%s), %s (%s); set SMTPSIM_LESSONS to a lesson directory",
		         dir_state("lessons", a, sizeof a), installed,
		         dir_state(installed, b, sizeof b));
	return buf;
}
