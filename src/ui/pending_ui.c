/* Placeholder until the UI lands; delete this file then. */
#include "cli/cli.h"

int cli_ui(const char *mode, int argc, char **argv)
{
	(void)argc;
	(void)argv;
	fprintf(stderr, "smtpsim: %s: the full-screen UI is not in this build yet; "
	        "try 'smtpsim session'\n", mode ? mode : "ui");
	return 1;
}
