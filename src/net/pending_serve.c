/* Placeholder until the serve command lands; delete this file then. */
#include "cli/cli.h"

int cli_serve(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "smtpsim: %s: not available in this build yet\n", argv[0]);
	return 1;
}

