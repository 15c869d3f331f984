/* check.c — check-lessons' work: load, validate, check across lessons and
 * play (see check.h). */
#include "lesson/check.h"
#include "lesson/run.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The directory part of PATH into buf ("." for none). */
static const char *dir_of(const char *path, char *buf, size_t n)
{
	snprintf(buf, n, "%s", path);
	char *slash = strrchr(buf, '/');
	if (slash)
		*slash = '\0';
	else
		snprintf(buf, n, ".");
	return buf;
}

/* Load the paths of O into SET; errors into ERRS. REF (may be NULL) gets
 * the quiet sibling lessons of single files, for `requires`: each
 * directory once, and never a file given itself, so that no file is
 * parsed twice. */
static void load_paths(const struct lesson_check_opts *o, struct lesson_set *set,
                       struct lesson_set *ref, struct lesson_errors *errs)
{
	size_t n = o->npaths;
	struct stat *given = calloc(n + 1, sizeof *given); /* st_ino 0: a directory */
	for (size_t i = 0; i < n; i++) {
		struct stat sb;
		if (o->dirs || (stat(o->paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))) {
			lesson_set_load_dir(set, o->paths[i], errs);
			continue;
		}
		if (given && stat(o->paths[i], &given[i]) < 0)
			memset(&given[i], 0, sizeof given[i]);
		lesson_set_load_file(set, o->paths[i], errs);
	}
	for (size_t i = 0; ref && given && i < n; i++) {
		char dir[4096], other[4096];
		bool seen = !given[i].st_ino;
		dir_of(o->paths[i], dir, sizeof dir);
		for (size_t k = 0; k < i && !seen; k++)
			seen = given[k].st_ino &&
			       !strcmp(dir_of(o->paths[k], other, sizeof other), dir);
		DIR *d = seen ? NULL : opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			char path[8192];
			struct stat fs;
			if (!lesson_file_name(de->d_name))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			bool again = stat(path, &fs) < 0;
			for (size_t k = 0; k < n && !again; k++)
				again = given[k].st_ino == fs.st_ino && given[k].st_dev == fs.st_dev;
			struct lesson_errors quiet = { 0 };
			if (!again)
				lesson_set_load_file(ref, path, &quiet);
			lesson_errors_free(&quiet);
		}
		if (d)
			closedir(d);
	}
	free(given);
}

void lesson_check(const struct lesson_check_opts *opts, struct lesson_check *out)
{
	struct lesson_set ref = { 0 };
	memset(out, 0, sizeof *out);
	load_paths(opts, &out->set, opts->siblings ? &ref : NULL, &out->errs);
	lesson_set_check(&out->set, opts->siblings ? &ref : NULL, &out->errs);
	/* every lesson that loaded is played: each example from its step's
	 * starting state */
	for (size_t i = 0; i < out->set.n; i++)
		lesson_run_check(out->set.v[i], &out->errs);
	/* a lesson that loaded can still fail the checks across lessons */
	for (size_t i = 0; i < out->set.n; i++) {
		const char *path = out->set.v[i]->path;
		size_t pl = strlen(path);
		bool bad = false;
		for (size_t k = 0; k < out->errs.n && !bad; k++)
			bad = !strncmp(out->errs.v[k], path, pl) && out->errs.v[k][pl] == ':';
		out->ok += !bad;
	}
	lesson_set_free(&ref);
}

void lesson_check_free(struct lesson_check *c)
{
	lesson_set_free(&c->set);
	lesson_errors_free(&c->errs);
	c->ok = 0;
}
