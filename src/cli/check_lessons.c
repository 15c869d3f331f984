/* check_lessons.c — `smtpsim check-lessons [PATH…]`: validate lesson files. */
#include "cli/cli.h"
#include "lesson/check.h"
#include "text/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The hidden --bench N: load, validate and play everything N times. */
static int bench(const struct lesson_check_opts *opts, long iters)
{
	size_t count = 0;
	double best = 1e30, total = 0;
	for (long k = 0; k < iters; k++) {
		struct lesson_check c;
		double t0 = now_ms();
		lesson_check(opts, &c);
		double dt = now_ms() - t0;
		total += dt;
		if (dt < best)
			best = dt;
		count = c.set.n;
		lesson_check_free(&c);
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
	const char **paths = malloc((size_t)(argc + 1) * sizeof *paths);
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
		paths[npaths++] = lesson_dir_default();
	struct lesson_check_opts what = {
		.paths = paths,
		.npaths = (size_t)npaths,
		.dirs = dirs,
	};
	if (bench_iters) {
		int rc = bench(&what, bench_iters);
		free(paths);
		return rc;
	}

	struct lesson_check c;
	what.siblings = true;
	lesson_check(&what, &c);
	for (size_t i = 0; i < c.errs.n; i++) {
		text_put_visible(stderr, c.errs.v[i], strlen(c.errs.v[i]));
		fputc('\n', stderr);
	}
	if (!quiet || c.errs.n) {
		FILE *f = stdout;
		fprintf(f, "%zu lesson%s OK", c.ok, c.ok == 1 ? "" : "s");
		if (c.errs.n)
			fprintf(f, ", %zu error%s", c.errs.n, c.errs.n == 1 ? "" : "s");
		fputc('\n', f);
	}
	int rc = c.errs.n ? 1 : 0;
	if (dirs && !c.set.n) {
		/* Nothing where smtpsim itself looks: say where that was. */
		char why[600];
		lesson_dir_none_found(why, sizeof why);
		text_put_visible(stderr, why, strlen(why));
		fputc('\n', stderr);
		rc = 1;
	}
	lesson_check_free(&c);
	free(paths);
	return rc;
}
