/* main.c — argument parsing and dispatch to the modes. */
#include "cli/cli.h"
#include "smtp/smtp.h"
#include "text/text.h"

#include <stdio.h>
#include <string.h>

static void usage(FILE *f)
{
	fputs("Usage: smtpsim [COMMAND] [OPTION]...\n"
	      "Learn SMTP by being the client: a simulated mail server answers\n"
	      "what you type, and explains every reply.\n"
	      "\n"
	      "Commands:\n"
	      "  (none)                     the full-screen UI: lessons, free play, reference\n"
	      "  lesson [ID]                the lesson list, or straight into lesson ID\n"
	      "  lesson ID --plain          the lesson line by line, without the full screen\n"
	      "  play [-p PROFILE] [-s SCENARIO]...  free play against a chosen server\n"
	      "  ref [QUERY]                the reference browser\n"
	      "  explain TEXT... | -f FILE  explain a code, a reply, a transcript or a bounce\n"
	      "  codes [--json]             the reply code tables\n"
	      "  compare [CASE] [--json]    one case (unknown user, relay, ...) answered\n"
	      "                             by every personality, side by side\n"
	      "  ports [--json]             the mail ports\n"
	      "  session [-p P] [-s S]... [-r RULE]... [--annotate]\n"
	      "                             SMTP over stdin/stdout, like sendmail -bs\n"
	      "  serve [-l ADDR:PORT]... [-p P] [--maildir DIR] ...\n"
	      "                             a real SMTP server (127.0.0.1:2525 by default)\n"
	      "  check-lessons [PATH]...    validate lesson files\n"
	      "\n"
	      "Options:\n"
	      "  --list-scenarios           the profiles and scenarios, with what they cause\n"
	      "  -h, --help                 this help\n"
	      "  -V, --version              version\n"
	      "\n"
	      "Run 'smtpsim COMMAND --help' for a command's options.\n\n", f);
	cli_print_profiles(f);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		return cli_ui(NULL, 0, argv + argc);
	const char *cmd = argv[1];
	if (!strcmp(cmd, "-h") || !strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "-V") || !strcmp(cmd, "--version")) {
		printf("smtpsim %s\n", SMTPSIM_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "--list-scenarios")) {
		cli_print_profiles(stdout);
		return 0;
	}
	/* The commands that take -p/-s also list what those accept. */
	if (!strcmp(cmd, "session") || !strcmp(cmd, "play") || !strcmp(cmd, "serve")) {
		for (int i = 2; i < argc && strcmp(argv[i], "--"); i++) {
			if (!strcmp(argv[i], "--list-scenarios")) {
				cli_print_profiles(stdout);
				return 0;
			}
		}
	}
	if (!strcmp(cmd, "session"))
		return cli_session(argc - 1, argv + 1);
	if (!strcmp(cmd, "explain"))
		return cli_explain(argc - 1, argv + 1);
	if (!strcmp(cmd, "codes"))
		return cli_codes(argc - 1, argv + 1);
	if (!strcmp(cmd, "compare"))
		return cli_compare(argc - 1, argv + 1);
	if (!strcmp(cmd, "ports"))
		return cli_ports(argc - 1, argv + 1);
	if (!strcmp(cmd, "serve"))
		return cli_serve(argc - 1, argv + 1);
	if (!strcmp(cmd, "check-lessons"))
		return cli_check_lessons(argc - 1, argv + 1);
	if (!strcmp(cmd, "lesson")) {
		for (int i = 2; i < argc; i++)
			if (!strcmp(argv[i], "--plain"))
				return cli_lesson_plain(argc - 1, argv + 1);
	}
	if (!strcmp(cmd, "lesson") || !strcmp(cmd, "play") || !strcmp(cmd, "ref"))
		return cli_ui(cmd, argc - 1, argv + 1);
	fprintf(stderr, "smtpsim: unknown %s '", cmd[0] == '-' ? "option" : "command");
	text_put_visible(stderr, cmd, strlen(cmd));
	fputs("'\n", stderr);
	fputs("Try 'smtpsim --help' for more information.\n", stderr);
	return 2;
}
