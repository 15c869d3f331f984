/* Placeholder until the check-lessons command lands; delete this file then. */
#include "cli/cli.h"

int cli_check_lessons(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "smtpsim: %s: not available in this build yet\n", argv[0]);
	return 1;
}

