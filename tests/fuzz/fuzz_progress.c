/* fuzz_progress.c — libFuzzer harness for the progress loader: the input
 * is a progress file, written where lesson_progress_load reads it; the
 * first byte also asks for a forget, a restart and a save (the save reads
 * the file again and merges, under its lock).
 *   make fuzz FUZZ=progress */
#include "lesson/progress.h"

#include <dirent.h>
#include <fcntl.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char dir[4096];

/* Empty the scratch directory: the file, its lock, a copy set aside. */
static void scrub(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[8192];
	while (d && (e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path);
	}
	if (d)
		closedir(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	if (!dir[0]) {
		const char *tmp = getenv("TMPDIR");
		snprintf(dir, sizeof dir, "%s/smtpsim-fuzz-progress-XXXXXX", tmp ? tmp : "/tmp");
		if (!mkdtemp(dir))
			abort();
	}
	char path[8192];
	snprintf(path, sizeof path, "%s/progress.json", dir);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0)
		abort();
	const uint8_t *p = data + 1;
	size_t n = size - 1;
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w <= 0)
			abort();
		p += w;
		n -= (size_t)w;
	}
	close(fd);
	char warn[600];
	struct lesson_progress *pr = lesson_progress_load(path, warn, sizeof warn);
	if (pr) {
		static const char *const ids[] = { "first-contact", "ehlo", "a", "" };
		for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
			const struct lesson_progress_entry *e = lesson_progress_get(pr, ids[i]);
			/* every score is read (ASan checks the array), and none is
			 * below -1, "not done" */
			long sum = 0;
			for (size_t k = 0; e && k < e->nsteps; k++)
				sum += e->scores[k];
			if (e && sum < -(long)e->nsteps)
				__builtin_trap();
		}
		if (data[0] & 1)
			lesson_progress_forget(pr, "first-contact");
		if (data[0] & 2)
			lesson_progress_restart(pr, "ehlo");
		/* a save fsyncs: one input in eight, or the fuzzer crawls */
		if ((data[0] & 0x1c) == 0x1c) {
			char err[600];
			lesson_progress_save(pr, err, sizeof err);
		}
		lesson_progress_free(pr);
	}
	scrub();
	return 0;
}
