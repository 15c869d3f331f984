/* Placeholder until the explain command lands; delete this file then. */
#include "cli/cli.h"

int cli_explain(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "smtpsim: %s: not available in this build yet\n", argv[0]);
	return 1;
}

int cli_codes(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "smtpsim: %s: not available in this build yet\n", argv[0]);
	return 1;
}

int cli_ports(int argc, char **argv)
{
	(void)argc;
	fprintf(stderr, "smtpsim: %s: not available in this build yet\n", argv[0]);
	return 1;
}

