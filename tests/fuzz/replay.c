/* replay.c — a main() for the fuzz harnesses without libFuzzer: runs
 * LLVMFuzzerTestOneInput once on each file named, so that `make test`
 * compiles every harness and runs it over the seed corpus with any
 * compiler. Exit status 1 when a file cannot be read. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int main(int argc, char **argv)
{
	int rc = 0;
	for (int i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		if (!f) {
			perror(argv[i]);
			rc = 1;
			continue;
		}
		size_t cap = 4096, len = 0, got;
		uint8_t *buf = malloc(cap);
		while (buf && (got = fread(buf + len, 1, cap - len, f)) > 0) {
			len += got;
			if (len == cap) {
				uint8_t *b = realloc(buf, cap *= 2);
				if (!b)
					free(buf);
				buf = b;
			}
		}
		fclose(f);
		if (!buf) {
			fprintf(stderr, "%s: out of memory\n", argv[i]);
			rc = 1;
			continue;
		}
		LLVMFuzzerTestOneInput(buf, len);
		free(buf);
	}
	return rc;
}
