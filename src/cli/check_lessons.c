/* check_lessons.c — `smtpsim check-lessons [PATH…]`: validate lesson files. */
#include "cli/cli.h"
#include "lesson/lesson.h"
#include "lesson/run.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static void check_usage(FILE *f)
{
	fputs("Usage: smtpsim check-lessons [PATH]...\n"
	      "Validate lesson files: every field, the engine profile, scenarios and\n"
	      "rules they name, and the lessons they require; then play each lesson:\n"
	      "every command step's example, from the state the examples of the steps\n"
	      "before it leave, must meet the step's goal on its last line. PATH is a\n"
	      "lesson file or a directory of them; without PATH, the directory that\n"
	      "the lessons are read from ($SMTPSIM_LESSONS, ./lessons, or the\n"
	      "installed one).\n"
	      "\n"
	      "Each problem is printed as FILE: JSON.PATH: what was expected.\n"
	      "Exit status: 0 all valid, 1 errors found, 2 usage error.\n"
	      "\n"
	      "  -q, --quiet    print only the errors\n"
	      "  -h, --help     this help\n", f);
}

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

/* Load PATHS (files or directories; all directories when DIRS) into SET;
 * errors into ERRS. REF gets the quiet sibling lessons of single files,
 * for `requires`: each directory once, and never a file given itself, so
 * that no file is parsed twice. */
static void load_paths(char **paths, int n, bool dirs, struct lesson_set *set,
                       struct lesson_set *ref, struct lesson_errors *errs)
{
	struct stat *given = calloc((size_t)n + 1, sizeof *given); /* st_ino 0: a directory */
	for (int i = 0; i < n; i++) {
		struct stat sb;
		if (dirs || (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode))) {
			lesson_set_load_dir(set, paths[i], errs);
			continue;
		}
		if (given && stat(paths[i], &given[i]) < 0)
			memset(&given[i], 0, sizeof given[i]);
		lesson_set_load_file(set, paths[i], errs);
	}
	for (int i = 0; ref && given && i < n; i++) {
		char dir[4096], other[4096];
		bool seen = !given[i].st_ino;
		dir_of(paths[i], dir, sizeof dir);
		for (int k = 0; k < i && !seen; k++)
			seen = given[k].st_ino && !strcmp(dir_of(paths[k], other, sizeof other), dir);
		DIR *d = seen ? NULL : opendir(dir);
		struct dirent *de;
		while (d && (de = readdir(d))) {
			size_t len = strlen(de->d_name);
			char path[8192];
			struct stat fs;
			if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json"))
				continue;
			snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
			bool again = stat(path, &fs) < 0;
			for (int k = 0; k < n && !again; k++)
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

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The hidden --bench N: load, validate and play everything N times. */
static int bench(char **paths, int n, bool dirs, long iters)
{
	size_t count = 0;
	double best = 1e30, total = 0;
	for (long k = 0; k < iters; k++) {
		struct lesson_set set = { 0 };
		struct lesson_errors errs = { 0 };
		double t0 = now_ms();
		load_paths(paths, n, dirs, &set, NULL, &errs);
		lesson_set_check(&set, NULL, &errs);
		for (size_t i = 0; i < set.n; i++)
			lesson_run_check(set.v[i], &errs);
		double dt = now_ms() - t0;
		total += dt;
		if (dt < best)
			best = dt;
		count = set.n;
		lesson_set_free(&set);
		lesson_errors_free(&errs);
	}
	printf("load+validate+play %zu lessons: %.3f ms mean, %.3f ms best (%ld runs)\n",
	       count, total / (double)iters, best, iters);
	return 0;
}

int cli_check_lessons(int argc, char **argv)
{
	const char *cmd = argv[0];
	bool quiet = false;
	long bench_iters = 0;
	char **paths = malloc((size_t)(argc + 1) * sizeof *paths);
	int npaths = 0;
	bool opts = true;
	if (!paths)
		return 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (opts && (!strcmp(a, "-h") || !strcmp(a, "--help"))) {
			check_usage(stdout);
			free(paths);
			return 0;
		} else if (opts && (!strcmp(a, "-q") || !strcmp(a, "--quiet"))) {
			quiet = true;
		} else if (opts && !strcmp(a, "--bench")) {
			char *end;
			if (i + 1 >= argc || (bench_iters = strtol(argv[i + 1], &end, 10)) < 1 ||
			    *end || bench_iters > 1000000) {
				free(paths);
				return cli_usage_error(cmd, "--bench needs a number of runs");
			}
			i++;
		} else if (opts && !strcmp(a, "--")) {
			opts = false;
		} else if (opts && a[0] == '-' && a[1]) {
			free(paths);
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else {
			paths[npaths++] = argv[i];
		}
	}
	bool dirs = npaths == 0;
	if (npaths == 0)
		paths[npaths++] = (char *)lesson_dir_default();
	if (bench_iters) {
		int rc = bench(paths, npaths, dirs, bench_iters);
		free(paths);
		return rc;
	}

	struct lesson_set set = { 0 }, ref = { 0 };
	struct lesson_errors errs = { 0 };
	load_paths(paths, npaths, dirs, &set, &ref, &errs);
	lesson_set_check(&set, &ref, &errs);
	/* every lesson that loaded is played: each example from its step's
	 * starting state */
	for (size_t i = 0; i < set.n; i++)
		lesson_run_check(set.v[i], &errs);
	for (size_t i = 0; i < errs.n; i++) {
		cli_put_visible(stderr, errs.v[i], strlen(errs.v[i]));
		fputc('\n', stderr);
	}
	/* A lesson that loaded can still fail the checks across lessons. */
	size_t ok = 0;
	for (size_t i = 0; i < set.n; i++) {
		size_t pl = strlen(set.v[i]->path);
		bool bad = false;
		for (size_t k = 0; k < errs.n && !bad; k++)
			bad = !strncmp(errs.v[k], set.v[i]->path, pl) && errs.v[k][pl] == ':';
		ok += !bad;
	}
	if (!quiet || errs.n) {
		FILE *f = stdout;
		fprintf(f, "%zu lesson%s OK", ok, ok == 1 ? "" : "s");
		if (errs.n)
			fprintf(f, ", %zu error%s", errs.n, errs.n == 1 ? "" : "s");
		fputc('\n', f);
	}
	int rc = errs.n ? 1 : 0;
	if (dirs && !set.n) {
		/* Nothing where smtpsim itself looks: say where that was. */
		char why[600];
		lesson_dir_none_found(why, sizeof why);
		cli_put_visible(stderr, why, strlen(why));
		fputc('\n', stderr);
		rc = 1;
	}
	lesson_set_free(&set);
	lesson_set_free(&ref);
	lesson_errors_free(&errs);
	free(paths);
	return rc;
}
