/* fuzz_annotate.c — libFuzzer harness for `smtpsim session` (with and
 * without --annotate) through its real entry point: the input is the
 * client's side on standard input; the first byte picks the profile,
 * --annotate and a scenario.
 *   make fuzz FUZZ=annotate */
#include "cli/cli.h"
#include "fuzz_stdin.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	static char *const profiles[] = { "mta", "submission", "smtps", "alt" };
	static char *const scenarios[] = { "greylist", "mailbox-full", "tiny-size",
	                                   "blocked-client" };
	unsigned b = data[0];
	if (fuzz_stdin(data + 1, size - 1) < 0)
		return 0;
	char *argv[8];
	int argc = 0;
	argv[argc++] = "session";
	argv[argc++] = "-p";
	argv[argc++] = profiles[b & 3];
	if (b & 4)
		argv[argc++] = "--annotate";
	if (b & 8) {
		argv[argc++] = "-s";
		argv[argc++] = scenarios[(b >> 4) & 3];
	}
	argv[argc] = NULL;
	cli_session(argc, argv);
	return 0;
}
