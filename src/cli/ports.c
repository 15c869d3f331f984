/* ports.c — `smtpsim ports`: the mail ports, as a table, one block per
 * port (--long) or JSON. */
#include "cli/cli.h"
#include "cli/ref_common.h"
#include "smtp/catalog.h"
#include "text/layout.h"

#include <cjson/cJSON.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static void ports_help(FILE *f)
{
	fputs("Usage: smtpsim ports [--long] [--json] [WORD...]\n"
	      "Print the mail ports: SMTP relay (25), submission (587, 465), the\n"
	      "unofficial 2525, POP3 (110, 995), IMAP (143, 993) and DNS (53) for\n"
	      "MX look-ups, with protocol, encryption, use and RFC.\n"
	      "\n"
	      "  -l, --long    one block per port, with notes\n"
	      "  --json        a JSON array of objects: port, protocol, encryption,\n"
	      "                use, rfc, notes\n"
	      "  WORD...       only ports whose entry contains every WORD (any case)\n"
	      "  -h, --help    this help\n"
	      "\n"
	      "Exit status: 0 success, 1 when the WORDs match nothing, 2 usage error.\n"
	      "Examples: smtpsim ports    smtpsim ports tls    smtpsim ports -l 587\n", f);
}

static const struct option ports_opts[] = {
	{ "long", no_argument, NULL, 'l' },
	{ "json", no_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

int cli_ports(int argc, char **argv)
{
	bool json = false, lng = false;
	int c;
	optind = 0;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+:hl", ports_opts, NULL)) != -1) {
		switch (c) {
		case 'l': lng = true; break;
		case 'j': json = true; break;
		case 'h': ports_help(stdout); return 0;
		default:
			return ref_bad_option("ports", argv[optind - 1], c == ':');
		}
	}
	struct ref_filter fl;
	if (!ref_filter_make(argc - optind, argv + optind, &fl)) {
		ref_filter_free(&fl);
		fputs("smtpsim: ports: out of memory\n", stderr);
		return 1;
	}
	size_t n = 0;
	for (size_t i = 0; i < cat_port_count(); i++)
		n += fl.port[i];
	int rc = 0;
	int width = ref_term_width();
	if (!n) {
		ref_no_match("ports", "no port matches", argc - optind, argv + optind);
		if (json)
			fputs("[]\n", stdout);
		rc = 1;
	} else if (json) {
		cJSON *a = cJSON_CreateArray();
		for (size_t i = 0; a && i < cat_port_count(); i++) {
			if (!fl.port[i])
				continue;
			const struct cat_port *p = cat_port_at(i);
			cJSON *o = cJSON_CreateObject();
			cJSON_AddNumberToObject(o, "port", p->port);
			cJSON_AddStringToObject(o, "protocol", p->protocol);
			cJSON_AddStringToObject(o, "encryption", p->encryption);
			cJSON_AddStringToObject(o, "use", p->use);
			cJSON_AddStringToObject(o, "rfc", p->rfc);
			cJSON_AddStringToObject(o, "notes", p->notes);
			cJSON_AddItemToArray(a, o);
		}
		ref_json_print(stdout, a);
	} else if (lng) {
		bool first = true;
		for (size_t i = 0; i < cat_port_count(); i++) {
			if (!fl.port[i])
				continue;
			const struct cat_port *p = cat_port_at(i);
			if (!first)
				fputc('\n', stdout);
			first = false;
			printf("Port %d: %s\n", p->port, p->protocol);
			text_put_para(stdout, width, "Encryption", p->encryption);
			text_put_para(stdout, width, "Use", p->use);
			text_put_para(stdout, width, "RFC", p->rfc);
			text_put_para(stdout, width, "Notes", p->notes);
		}
	} else {
		struct text_row rows[32];
		size_t k = 0;
		for (size_t i = 0; i < cat_port_count() && k < COUNT(rows); i++) {
			if (!fl.port[i])
				continue;
			const struct cat_port *p = cat_port_at(i);
			struct text_row *r = &rows[k++];
			snprintf(r->num, sizeof r->num, "%d", p->port);
			r->cell[0] = r->num;
			r->cell[1] = p->protocol;
			r->cell[2] = p->encryption;
			r->cell[3] = p->use;
			r->cell[4] = p->rfc;
		}
		static const char *const head[] = {
			"Port", "Protocol", "Encryption", "Use", "RFC",
		};
		text_put_table(stdout, width, head, COUNT(head), rows, k);
	}
	ref_filter_free(&fl);
	return rc;
}
