/* bench_catalog.c — how long cat_search takes per query, for the queries a
 * person types into the reference browser one keystroke at a time. Built
 * and run by bench-catalog.sh. */
#include "smtp/catalog.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static double now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

static int count_hit(void *ctx, const struct cat_hit *hit)
{
	(void)hit;
	(*(size_t *)ctx)++;
	return 0;
}

/* Median of 5 runs of ITER searches, in ns per search. */
static double time_query(const char *q, size_t *hits)
{
	enum { ITER = 2000, RUNS = 5 };
	double best[RUNS];
	for (int r = 0; r < RUNS; r++) {
		double t0 = now_ns();
		for (int i = 0; i < ITER; i++) {
			*hits = 0;
			cat_search(q, count_hit, hits);
		}
		best[r] = (now_ns() - t0) / ITER;
	}
	for (int i = 0; i < RUNS; i++)
		for (int j = i + 1; j < RUNS; j++)
			if (best[j] < best[i]) {
				double t = best[i];
				best[i] = best[j];
				best[j] = t;
			}
	return best[RUNS / 2];
}

int main(void)
{
	static const char *const queries[] = {
		"", "a", "e", "auth", "AUTH", "550", "5.1.1", "x.7.8", "greylisting",
		"mailbox full", "implicit tls", "relay denied spf dkim",
		"zzzzqqqq", "no match at all in this catalog, long query text",
	};
	printf("catalog: %zu basic codes, %zu enhanced codes, %zu ports\n",
	       cat_code_count(), cat_enh_count(), cat_port_count());
	double worst = 0;
	for (size_t i = 0; i < sizeof queries / sizeof queries[0]; i++) {
		size_t hits;
		double ns = time_query(queries[i], &hits);
		if (ns > worst)
			worst = ns;
		printf("  search %-52s %4zu hits  %8.1f us\n", queries[i][0] ? queries[i] : "(empty)",
		       hits, ns / 1000);
	}
	/* Typing "authentication" one key at a time: one search per prefix. */
	const char *word = "authentication";
	char prefix[32];
	double total = 0;
	for (size_t n = 1; n <= strlen(word); n++) {
		size_t hits;
		memcpy(prefix, word, n);
		prefix[n] = '\0';
		total += time_query(prefix, &hits);
	}
	printf("  typing \"%s\": %zu searches, %.1f us in all\n", word, strlen(word),
	       total / 1000);
	printf("catalog search: worst %.1f us per query (aim: under 1000 us, "
	       "one keystroke)\n", worst / 1000);
	return worst < 1e6 ? 0 : 1;
}
