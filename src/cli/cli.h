/* cli.h — the subcommands main() dispatches to. Each takes the arguments
 * after its own name (argv[0] is the subcommand name) and returns the
 * process exit status: 0 success, 1 failure, 2 usage error. */
#ifndef CLI_CLI_H
#define CLI_CLI_H

#include <stdio.h>

int cli_session(int argc, char **argv);        /* src/cli/session.c */
int cli_explain(int argc, char **argv);        /* src/cli/explain.c */
int cli_codes(int argc, char **argv);          /* src/cli/codes.c */
int cli_ports(int argc, char **argv);          /* src/cli/ports.c */
int cli_serve(int argc, char **argv);          /* src/cli/serve.c */
int cli_check_lessons(int argc, char **argv);  /* src/cli/check_lessons.c */
int cli_lesson_plain(int argc, char **argv);   /* src/cli/lesson_plain.c */
int cli_compare(int argc, char **argv);        /* src/cli/compare.c */
/* The full-screen UI. mode is NULL (main menu), "lesson", "play" or
 * "ref"; argv holds that mode's arguments. */
int cli_ui(const char *mode, int argc, char **argv); /* src/cli/ui_cmd.c */

/* Shared helpers (src/cli/common.c). */
/* Print "smtpsim: MSG" and the usage hint to stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The profile/scenario/account help text, for --help screens. */
void cli_print_profiles(FILE *f);

#endif
