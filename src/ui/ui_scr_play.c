/* ui_scr_play.c — the free play screen: transcript, command pane and
 * sidebar around a simulated server (the model is ui_play.c). */
#include "smtp/personality.h"
#include "ui/ui_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ui_free_play {
	bool ok;                    /* started: play holds a server */
	struct ui_play play;
	const char *profile;        /* for the start; NULL mta */
	const char *personality;    /* -P; NULL smtpsim */
	char **scen;                /* the scenarios (names borrowed, never
	                             * written), NULL-ended */
	size_t nscen;
	char *const *rules;         /* -r, borrowed from the options */
	size_t nrules;
};

static int play_init(struct app *a, const struct ui_opts *o)
{
	struct ui_free_play *P = calloc(1, sizeof *P);
	if (!P)
		return -1;
	a->play = P;
	P->profile = o->profile;
	P->personality = o->personality;
	P->scen = calloc(o->nscenarios + 1, sizeof *P->scen);
	if (!P->scen)
		return -1;
	for (size_t i = 0; i < o->nscenarios; i++)
		P->scen[P->nscen++] = o->scenarios[i];
	P->rules = o->rules;
	P->nrules = o->nrules;
	return 0;
}

static void play_free(struct app *a)
{
	struct ui_free_play *P = a->play;
	if (!P)
		return;
	if (P->ok)
		ui_play_free(&P->play);
	free(P->scen);
	free(P);
	a->play = NULL;
}

bool ui_free_play_started(struct app *a)
{
	return a->play->ok;
}

void ui_free_play_set_profile(struct app *a, const char *profile)
{
	a->play->profile = profile;
}

int ui_free_play_set_scenarios(struct app *a, const char *const *names, size_t n)
{
	struct ui_free_play *P = a->play;
	char **v = calloc(n + 1, sizeof *v);
	if (!v)
		return -1;
	for (size_t i = 0; i < n; i++)
		v[i] = (char *)names[i];
	free(P->scen);
	P->scen = v;
	P->nscen = n;
	return 0;
}

static int play_enter(struct app *a)
{
	struct ui_free_play *P = a->play;
	char err[256];
	if (P->ok)
		return 0;
	if (ui_play_init(&P->play, P->profile, P->scen, P->nscen,
	                 P->rules, P->nrules, err, sizeof err) < 0) {
		ui_message(a, true, "%s", err);
		return -1;
	}
	if (P->personality &&
	    ui_play_set_personality(&P->play, P->personality, err, sizeof err) < 0) {
		ui_play_free(&P->play);
		ui_message(a, true, "%s", err);
		return -1;
	}
	P->ok = true;
	const char *pre = getenv("SMTPSIM_UI_PREFILL");
	long n = pre ? strtol(pre, NULL, 10) : 0;
	for (long i = 0; i < n; i++) {
		switch (i % 4) {
		case 0:
			ui_transcript_addf(P->play.tr, UI_T_CLIENT, 3,
			                   "C: RCPT TO:<user%ld@example.com>", i);
			break;
		case 1:
			ui_transcript_addf(P->play.tr, UI_T_S2, 3, "S: 250 2.1.5 Ok");
			break;
		case 2:
			ui_transcript_addf(P->play.tr, UI_T_EXPLAIN, 5,
			                   "   \u21b3 Requested mail action okay, completed \u00b7 "
			                   "2.1.5 Destination address valid");
			break;
		default:
			ui_transcript_addf(P->play.tr, UI_T_S5, 3,
			                   "S: 550 5.1.1 <user%ld@example.com>: Recipient address "
			                   "rejected: User unknown in virtual mailbox table", i);
		}
	}
	return 0;
}

static void play_layout(struct app *a, int rows, int cols)
{
	ui_layout_compute(&a->lay, UI_LAYOUT_PLAY, rows, cols, 0);
	if (a->lay.too_small)
		return;
	a->w_a = ui_mkwin(&a->lay.transcript);
	a->w_b = ui_mkwin(&a->lay.command);
	a->w_c = ui_mkwin(&a->lay.sidebar);
}

static void play_draw(struct app *a)
{
	struct ui_play *p = &a->play->play;
	ui_edit_set_extra_addresses(&a->cmd.edit, NULL);   /* a lesson's are its own */
	ui_pane_transcript(a, a->w_a, p->tr, "Transcript");
	ui_pane_sidebar(a, a->w_c, &p->convo);
	bool data = p->convo.in_data;
	char title[256];
	ui_session_trail(p->sess, data ? "Message text" : "Command", title, sizeof title,
	                 getmaxx(a->w_b) - 6);
	ui_pane_command(a, a->w_b, title, ui_play_expects(p),
	             data ? (p->convo.in_body ? "body> " : "header> ") : "> ",
	             a->focus == FOCUS_CMD);
	if (a->focus == FOCUS_SIDEBAR) {
		/* the cursor stays in the sidebar's search field, or hides */
		if (!a->side.search)
			a->cur_win = NULL;
		else
			a->cur_win = a->w_c;
	}
	const struct smtp_profile *pr = smtp_server_profile(p->srv);
	const char *user = p->sess ? smtp_session_auth_user(p->sess) : NULL;
	char scen[160], info[320];
	if (a->msg[0])   /* a message needs the room */
		snprintf(info, sizeof info, "%s:%d", pr->name, pr->port);
	else
		snprintf(info, sizeof info, "%s:%d%s%s \u2502 TLS %s \u2502 AUTH %s \u2502 scenarios: %s",
		         pr->name, pr->port,
		         strcmp(smtp_server_personality(p->srv), "smtpsim") ? " as " : "",
		         strcmp(smtp_server_personality(p->srv), "smtpsim")
		         ? smtp_server_personality(p->srv) : "",
		         p->sess && smtp_session_tls(p->sess) ? "on" : "off",
		         user ? user : "-", ui_play_scenarios(p, scen, sizeof scen));
	ui_status(a, info, "F1 Help  F4 Ref  F10 back");
}

static int play_submit(struct app *a, const char *line, size_t len)
{
	struct ui_free_play *P = a->play;
	a->msg[0] = '\0';
	ui_play_line(&P->play, line, len);
	if (P->play.input[0]) {   /* :plain, :b64 after a 334 */
		ui_edit_set(&a->cmd.edit, P->play.input);
		P->play.input[0] = '\0';
	}
	if (P->play.msg[0])
		ui_message(a, P->play.msg_error, "%s", P->play.msg);
	ui_transcript_end(P->play.tr);
	return UI_DIRTY;
}

static int play_key(struct app *a, int key)
{
	struct ui_free_play *P = a->play;
	int r = ui_conversation_key(a, key, P->play.tr, &P->play.convo, play_submit);
	if (P->play.quit)
		r |= UI_QUIT;
	return r;
}

const struct ui_screen_ops ui_scr_play = {
	.help = 1u << CTX_CMD | 1u << CTX_SIDE,
	.init = play_init,
	.enter = play_enter,
	.layout = play_layout,
	.draw = play_draw,
	.key = play_key,
	.free = play_free,
};
