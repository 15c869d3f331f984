/* fuzz_explain.c — libFuzzer harness for `smtpsim explain`, `codes` and
 * `ports`, through their real entry points. The first byte picks the way
 * in: the rest as a file read by `explain -f -` (on standard input, a
 * pipe), or split at NUL bytes into command-line arguments.
 *   make fuzz FUZZ=explain */
#include "cli/cli.h"
#include "fuzz_stdin.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

enum { ARGS_MAX = 16 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	unsigned mode = data[0] % 5;
	const char *p = (const char *)data + 1;
	size_t n = size - 1;
	if (mode == 0 || mode == 1) {
		if (fuzz_stdin(p, n) < 0)
			return 0;
		char *argv[] = { "explain", mode ? "-v" : "-f", mode ? "-f" : "-", mode ? "-" : NULL,
		                 NULL };
		cli_explain(mode ? 4 : 3, argv);
		return 0;
	}
	/* arguments: NUL-separated pieces of the input */
	char *copy = malloc(n + 1);
	if (!copy)
		return 0;
	memcpy(copy, p, n);
	copy[n] = '\0';
	char *argv[ARGS_MAX + 2];
	int argc = 0;
	argv[argc++] = mode == 2 ? "explain" : mode == 3 ? "codes" : "ports";
	for (size_t i = 0; i <= n && argc <= ARGS_MAX; i += strlen(copy + i) + 1)
		argv[argc++] = copy + i;
	argv[argc] = NULL;
	if (mode == 2)
		cli_explain(argc, argv);
	else if (mode == 3)
		cli_codes(argc, argv);
	else
		cli_ports(argc, argv);
	free(copy);
	return 0;
}
