/* ui_play.c — free play: the simulated server and session the learner
 * talks to, and the meta-commands (:profile, :scenario, :save...). */
#include "lesson/meta.h"
#include "lesson/zone.h"
#include "ui/ui_play.h"
#include "smtp/personality.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- free play ------------------------------------------------------- */

static void play_msg(struct ui_play *p, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void play_msg(struct ui_play *p, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->msg, sizeof p->msg, fmt, ap);
	va_end(ap);
	p->msg_error = error;
}

static void play_connect(struct ui_play *p)
{
	if (p->sess)
		smtp_session_free(p->sess);
	const struct smtp_profile *pr = smtp_server_profile(p->srv);
	struct smtp_session_opts opts = { 0 };
	opts.tls_active = pr->implicit_tls;
	opts.simulated_tls = true;
	p->sess = smtp_session_new(p->srv, &opts, ui_convo_sink, &p->convo);
	ui_convo_set_server(&p->convo, p->srv);
	ui_convo_connect(&p->convo, pr);
	if (p->sess)
		smtp_session_start(p->sess);
}

/* A server for PROFILE with the scenarios of OLD (or the list given). */
static struct smtp_server *make_server(const char *profile, const struct smtp_server *old,
                                       char *const *scen, size_t nscen,
                                       char *const *rules, size_t nrules,
                                       char *err, size_t errlen)
{
	struct smtp_server *srv = smtp_server_new(profile, err, errlen);
	if (!srv)
		return NULL;
	smtp_server_set_real_clock(srv, false);
	if (old && smtp_server_set_personality(srv, smtp_server_personality(old), err, errlen) < 0)
		goto fail;
	for (size_t i = 0; old && i < smtp_scenario_count(); i++) {
		const char *name = smtp_scenario_at(i)->name;
		if (smtp_server_has_scenario(old, name))
			smtp_server_scenario(srv, name, true, err, errlen);
	}
	for (size_t i = 0; i < nscen; i++)
		if (smtp_server_scenario(srv, scen[i], true, err, errlen) < 0)
			goto fail;
	for (size_t i = 0; i < nrules; i++)
		if (smtp_server_add_rule(srv, rules[i], err, errlen) < 0)
			goto fail;
	return srv;
fail:
	smtp_server_free(srv);
	return NULL;
}

int ui_play_set_personality(struct ui_play *p, const char *name, char *err, size_t errlen)
{
	if (smtp_personality_find(name) < 0) {
		/* the same message the engine gives, without building a server */
		struct smtp_server *probe = smtp_server_new(smtp_server_profile(p->srv)->name, err,
		                                            errlen);
		if (probe) {
			smtp_server_set_personality(probe, name, err, errlen);
			smtp_server_free(probe);
		}
		return -1;
	}
	struct smtp_server *srv = make_server(smtp_server_profile(p->srv)->name, p->srv, NULL, 0,
	                                      p->rules, p->nrules, err, errlen);
	if (!srv)
		return -1;
	if (smtp_server_set_personality(srv, name, err, errlen) < 0) {
		smtp_server_free(srv);
		return -1;
	}
	if (p->sess)
		smtp_session_free(p->sess);
	p->sess = NULL;
	smtp_server_free(p->srv);
	p->srv = srv;
	ui_transcript_addf(p->tr, UI_T_MARK, 3, "\u2500\u2500 the server now answers as %s "
	                   "\u2500\u2500", smtp_server_personality(srv));
	play_connect(p);
	return 0;
}

int ui_play_init(struct ui_play *p, const char *profile,
                 char *const *scenarios, size_t nscen,
                 char *const *rules, size_t nrules, char *err, size_t errlen)
{
	memset(p, 0, sizeof *p);
	p->tr = ui_transcript_new();
	if (!p->tr) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	ui_convo_init(&p->convo, p->tr);
	p->srv = make_server(profile, NULL, scenarios, nscen, rules, nrules, err, errlen);
	if (!p->srv)
		goto fail;
	if (nrules) {
		p->rules = calloc(nrules, sizeof *p->rules);
		if (!p->rules)
			goto fail;
		for (size_t i = 0; i < nrules; i++)
			p->rules[p->nrules++] = strdup(rules[i]);
	}
	ui_transcript_addf(p->tr, UI_T_INFO, 2,
	                   "Free play: you are the client. Type SMTP commands (Tab "
	                   "completes), :help for the meta-commands, F1 for keys.");
	play_connect(p);
	return 0;
fail:
	ui_play_free(p);
	return -1;
}

void ui_play_free(struct ui_play *p)
{
	if (p->sess)
		smtp_session_free(p->sess);
	if (p->srv)
		smtp_server_free(p->srv);
	for (size_t i = 0; i < p->nrules; i++)
		free(p->rules[i]);
	free(p->rules);
	free(p->batch);
	ui_convo_free(&p->convo);
	ui_transcript_free(p->tr);
	memset(p, 0, sizeof *p);
}

const char *ui_play_expects(const struct ui_play *p)
{
	if (p->batching)
		return ":batch: an empty line sends the queue";
	if (!p->sess || smtp_session_closed(p->sess))
		return "connection closed: :reset opens a new one";
	return smtp_session_expects(p->sess);
}

const char *ui_play_scenarios(const struct ui_play *p, char *buf, size_t n)
{
	size_t len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < smtp_scenario_count(); i++) {
		const char *name = smtp_scenario_at(i)->name;
		if (!smtp_server_has_scenario(p->srv, name))
			continue;
		int w = snprintf(buf + len, n - len, "%s%s", len ? "," : "", name);
		if (w < 0 || (size_t)w >= n - len)
			break;
		len += (size_t)w;
	}
	if (!len)
		snprintf(buf, n, "none");
	return buf;
}

static void meta_help(struct ui_play *p)
{
	for (const char *const *h = meta_help_lines(false); *h; h++)
		ui_transcript_add(p->tr, UI_T_INFO, 24, *h, strlen(*h));
}

static void meta_list_scenarios(struct ui_play *p)
{
	ui_transcript_addf(p->tr, UI_T_INFO, 2, "Scenarios (:scenario NAME / :scenario off NAME):");
	for (size_t i = 0; i < smtp_scenario_count(); i++) {
		const struct smtp_scenario *sc = smtp_scenario_at(i);
		ui_transcript_addf(p->tr, UI_T_INFO, 22, "  [%c] %-15s %s",
		                   smtp_server_has_scenario(p->srv, sc->name) ? 'x' : ' ',
		                   sc->name, sc->summary);
	}
}

static void meta_list_profiles(struct ui_play *p)
{
	const struct smtp_profile *cur = smtp_server_profile(p->srv);
	ui_transcript_addf(p->tr, UI_T_INFO, 2, "Profiles (:profile NAME):");
	for (size_t i = 0; i < smtp_profile_count(); i++) {
		const struct smtp_profile *pr = smtp_profile_at(i);
		ui_transcript_addf(p->tr, UI_T_INFO, 24, "  %c %-11s port %-4d %s",
		                   pr == cur ? '*' : ' ', pr->name, pr->port, pr->summary);
	}
}

/* A meta-line, parsed by the parser the lessons use too (meta.h). */
static void meta(struct ui_play *p, const struct meta_line *m)
{
	char *const *argv = m->argv;
	int argc = m->argc;

	char err[256] = "";
	p->msg[0] = '\0';

	if (m->cmd == META_HELP) {
		meta_help(p);
	} else if (m->cmd == META_QUIT) {
		p->quit = true;
	} else if (m->cmd == META_RESET) {
		play_connect(p);
		play_msg(p, false, "new connection");
	} else if (m->cmd == META_PROFILE) {
		if (argc < 1) {
			meta_list_profiles(p);
			return;
		}
		struct smtp_server *srv = make_server(argv[0], p->srv, NULL, 0,
		                                      p->rules, p->nrules, err, sizeof err);
		if (!srv) {
			play_msg(p, true, "%s", err);
			return;
		}
		if (p->sess)
			smtp_session_free(p->sess);
		p->sess = NULL;
		const char *was = smtp_server_profile(p->srv)->name;
		const struct smtp_profile *now = smtp_server_profile(srv);
		/* said in the transcript, where the new greeting follows: the
		 * status message goes with the next key */
		ui_transcript_addf(p->tr, UI_T_MARK, 3,
		                   "\u2500\u2500 profile changed: %s \u2192 %s \u2500\u2500",
		                   was, now->name);
		smtp_server_free(p->srv);
		p->srv = srv;
		play_connect(p);
		play_msg(p, false, "profile %s (port %d)", now->name, now->port);
	} else if (m->cmd == META_SCENARIO) {
		bool on = true;
		int at = 0;
		if (argc >= 1 && (!strcmp(argv[0], "off") || !strcmp(argv[0], "on"))) {
			on = !strcmp(argv[0], "on");
			at = 1;
		}
		if (argc <= at) {
			meta_list_scenarios(p);
			return;
		}
		if (smtp_server_scenario(p->srv, argv[at], on, err, sizeof err) < 0) {
			play_msg(p, true, "%s", err);
			return;
		}
		if (on && !strcmp(argv[at], "greylist") && p->sess && smtp_session_auth_user(p->sess))
			play_msg(p, false, "scenario greylist on, but not for this connection: you are "
			         "authenticated, and a server does not greylist its own users "
			         "(:reset, then RCPT without AUTH, or :profile mta)");
		else
			play_msg(p, false, "scenario %s %s (connect-time ones: :reset)", argv[at],
			         on ? "on" : "off");
	} else if (m->cmd == META_WAIT) {
		char d[48];
		smtp_server_advance(p->srv, m->secs);
		ui_convo_waited(&p->convo, m->secs);
		play_msg(p, false, "the clock moved on %s", meta_duration_text(m->secs, d, sizeof d));
	} else if (ui_convo_helper(&p->convo, m, p->input, sizeof p->input, p->msg,
	                           sizeof p->msg, &p->msg_error)) {
		return;
	} else if (m->cmd == META_BAD_ARG) {
		play_msg(p, true, ":wait needs a duration: 30s, 5m, 1h");
	} else if (m->cmd == META_PERSONALITY) {
		if (argc < 1) {
			ui_transcript_addf(p->tr, UI_T_INFO, 2, "Personalities (:personality NAME):");
			for (size_t i = 0; i < smtp_personality_count(); i++)
				ui_transcript_addf(p->tr, UI_T_INFO, 22, "  %c %-13s %s",
				                   !strcmp(smtp_personality_name(i),
				                           smtp_server_personality(p->srv)) ? '*' : ' ',
				                   smtp_personality_name(i), smtp_personality_summary(i));
			return;
		}
		if (ui_play_set_personality(p, argv[0], err, sizeof err) < 0)
			play_msg(p, true, "%s", err);
		else
			play_msg(p, false, "personality %s", smtp_server_personality(p->srv));
	} else if (m->cmd == META_DIG) {
		/* the same simulated DNS as the lessons' */
		if (argc < 1 || argc > 2) {
			play_msg(p, true, ":dig NAME [TYPE], TYPE one of MX (the default), A, AAAA, TXT");
			return;
		}
		char ans[2048];
		zone_dig(NULL, 0, argv[0], argc == 2 ? argv[1] : "MX", ans, sizeof ans);
		for (const char *l = ans; *l;) {
			const char *nl = strchr(l, '\n');
			size_t n = nl ? (size_t)(nl - l) : strlen(l);
			char *vis = ui_visible(l, n, NULL);
			ui_transcript_addf(p->tr, UI_T_INFO, 2, "%s", vis ? vis : "");
			free(vis);
			l += n + (nl ? 1 : 0);
		}
	} else if (m->cmd == META_CONNECT) {
		const struct smtp_profile *pr = smtp_server_profile(p->srv);
		if (argc != 1) {
			play_msg(p, true, ":connect HOST");
		} else if (!strcasecmp(argv[0], pr->host)) {
			play_connect(p);
			play_msg(p, false, "new connection to %s", pr->host);
		} else {
			char *vis = ui_visible(argv[0], strlen(argv[0]), NULL);
			play_msg(p, true, "%s does not answer here: this free play runs %s (:profile "
			         "picks another server)", vis ? vis : "", pr->host);
			free(vis);
		}
	} else if (m->cmd == META_BATCH) {
		p->batching = true;
		p->nbatch = 0;
		play_msg(p, false, "type the lines to send in one write; an empty line sends them");
	} else if (m->cmd == META_RESTART || m->cmd == META_SKIP || m->cmd == META_HINT) {
		play_msg(p, true, "%s is for lessons; free play has no steps (:help lists "
		         "what works here)", m->name);
	} else if (m->cmd == META_SAVE) {
		bool client = argc >= 2 && !strcmp(argv[0], "-c");
		const char *path = argc >= 1 ? argv[client ? 1 : 0] : NULL;
		if (!path || (argc >= 1 && !strcmp(argv[0], "-c") && argc < 2)) {
			play_msg(p, true, ":save needs a file name: :save [-c] FILE");
			return;
		}
		if (ui_convo_save(&p->convo, path, client, err, sizeof err) < 0) {
			play_msg(p, true, "%s", err);
			return;
		}
		play_msg(p, false, "saved %s to %s", client ? "the client lines" : "the transcript",
		         path);
	} else {
		char *vis = ui_visible(m->name, strlen(m->name), NULL);
		play_msg(p, true, "unknown meta-command %s (:help lists them)", vis ? vis : "");
		free(vis);
	}
}

void ui_play_line(struct ui_play *p, const char *line, size_t len)
{
	p->msg[0] = '\0';
	struct meta_line m;
	meta_parse(line, len, p->convo.in_data, &m);
	if (p->batching && (m.cmd == META_NONE || m.cmd == META_UNKNOWN)) {
		if (len) {
			/* queued ('\n' between lines): sent with the others in one
			 * write (PIPELINING) */
			char *q = realloc(p->batch, p->nbatch + len + 1);
			if (!q)
				return;
			p->batch = q;
			if (p->nbatch)
				p->batch[p->nbatch++] = '\n';
			memcpy(p->batch + p->nbatch, line, len);
			p->nbatch += len;
			ui_transcript_addf(p->tr, UI_T_EXPLAIN, 5, "   \u22ef queued: %.*s", (int)len,
			                   line);
			return;
		}
		p->batching = false;
		if (!p->sess || smtp_session_closed(p->sess)) {
			play_msg(p, true, "the connection is closed: :reset opens a new one");
			return;
		}
		/* each line shows as the engine reads it (its LINE event), the
		 * replies after them all */
		ui_convo_group_begin(&p->convo);
		if (p->nbatch)
			smtp_session_feed_group(p->sess, p->batch, p->nbatch);
		ui_convo_group_end(&p->convo);
		p->nbatch = 0;
		ui_convo_after(&p->convo, "", 0, p->sess);
		return;
	}
	if (m.cmd != META_NONE) {
		meta(p, &m);
		return;
	}
	line += m.text_off;
	len -= m.text_off;
	if (!p->sess || smtp_session_closed(p->sess)) {
		play_msg(p, true, "the connection is closed: :reset opens a new one");
		return;
	}
	smtp_session_feed_line(p->sess, line, len);   /* its LINE event echoes it */
	ui_convo_after(&p->convo, line, len, p->sess);
}
