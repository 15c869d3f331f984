/* commands.c — the command table and its dispatch: a command line is
 * checked for bytes and syntax, looked up, then `check` validates order
 * and syntax and answers errors itself; rules (-r) are applied; `proceed`
 * applies policy, changes state and answers. The simple commands live
 * here; MAIL/RCPT in envelope.c, DATA/BDAT in data.c, AUTH in auth.c. */
#include "smtp/internal.h"
#include "smtp/replies.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

struct command {
	const char *verb;
	enum smtp_cmd cmd;
	enum rule_stage stage;   /* STAGE_COUNT: no rules */
	/* validate order and syntax; answer and return false on error */
	bool (*check)(struct smtp_session *s, const char *arg);
	/* the rule argument to match (address, domain…), or NULL */
	const char *(*rule_arg)(struct smtp_session *s, const char *arg);
	/* apply policy, change state, answer; FORCE is a 2xx rule to use */
	void (*proceed)(struct smtp_session *s, const char *arg, const struct rule *force);
};

bool cmd_need_helo(struct smtp_session *s, enum smtp_cmd cmd)
{
	if (s->helo_done)
		return true;
	R(s, cmd, SMTP_WHY_NEED_HELO, R_NEED_HELO);
	return false;
}

bool cmd_no_arg(struct smtp_session *s, enum smtp_cmd cmd, const char *arg,
                const char *syntax)
{
	if (!arg[0])
		return true;
	R(s, cmd, SMTP_WHY_PARAM_NOT_ALLOWED, R_SYNTAX, syntax);
	return false;
}

/* HELO / EHLO */

static bool check_helo(struct smtp_session *s, const char *arg, enum smtp_cmd cmd)
{
	size_t len = strcspn(arg, " ");
	if (len == 0 || len > SMTP_DOMAIN_MAX) {
		R(s, cmd, SMTP_WHY_HELO_NO_DOMAIN, R_SYNTAX,
		  cmd == SMTP_CMD_EHLO ? "EHLO hostname" : "HELO hostname");
		return false;
	}
	return true;
}

static bool check_helo_cmd(struct smtp_session *s, const char *arg)
{
	return check_helo(s, arg, SMTP_CMD_HELO);
}

static bool check_ehlo_cmd(struct smtp_session *s, const char *arg)
{
	return check_helo(s, arg, SMTP_CMD_EHLO);
}

static const char *arg_word(struct smtp_session *s, const char *arg)
{
	size_t len = strcspn(arg, " ");
	snprintf(s->path.addr, sizeof s->path.addr, "%.*s", (int)len, arg);
	return s->path.addr;
}

static void greet_helo(struct smtp_session *s, const char *arg)
{
	sess_reset_tx(s);
	size_t len = strcspn(arg, " ");
	memcpy(s->helo, arg, len);
	s->helo[len] = '\0';
	s->helo_done = true;
	sess_set_state(s, SMTP_STATE_READY);
}

static void proceed_helo(struct smtp_session *s, const char *arg, const struct rule *force)
{
	greet_helo(s, arg);
	if (force)
		sess_rule_reply(s, SMTP_CMD_HELO, force);
	else
		R(s, SMTP_CMD_HELO, SMTP_WHY_OK, R_HELO, s->srv->profile->host);
}

static void proceed_ehlo(struct smtp_session *s, const char *arg, const struct rule *force)
{
	const struct smtp_profile *p = s->srv->profile;
	greet_helo(s, arg);
	if (force) {
		sess_rule_reply(s, SMTP_CMD_EHLO, force);
		return;
	}
	bool auth = p->auth && (!p->auth_needs_tls || s->tls);
	/* Postfix's order; VRFY is answered but confirms nothing, and there
	 * is no ETRN queue to run, so neither is advertised */
	snprintf(s->text, sizeof s->text,
	         "%s\nPIPELINING\nSIZE %lu\n%s%sENHANCEDSTATUSCODES\n8BITMIME\n"
	         "DSN\nSMTPUTF8\nBINARYMIME\nCHUNKING",
	         p->host, smtp_server_max_size(s->srv),
	         p->starttls && !s->tls ? "STARTTLS\n" : "",
	         !auth ? "" : p->oauth ? "AUTH PLAIN LOGIN OAUTHBEARER XOAUTH2\n"
	                               : "AUTH PLAIN LOGIN\n");
	sess_emit_reply(s, SMTP_CMD_EHLO, SMTP_WHY_OK, 250, "", NULL);
}

static bool check_rset(struct smtp_session *s, const char *arg)
{
	return cmd_no_arg(s, SMTP_CMD_RSET, arg, "RSET");
}

static void proceed_rset(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	sess_reset_tx(s);
	sess_set_state(s, sess_idle_state(s));
	R(s, SMTP_CMD_RSET, SMTP_WHY_OK, R_OK);
}

static bool check_any(struct smtp_session *s, const char *arg)
{
	(void)s;
	(void)arg;
	return true;
}

static void proceed_noop(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	R(s, SMTP_CMD_NOOP, SMTP_WHY_OK, R_OK);
}

static bool check_vrfy(struct smtp_session *s, const char *arg)
{
	if (arg[0])
		return true;
	R(s, SMTP_CMD_VRFY, SMTP_WHY_PARAM_SYNTAX, R_SYNTAX, "VRFY address");
	return false;
}

static void proceed_vrfy(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)force;
	R(s, SMTP_CMD_VRFY, SMTP_WHY_VRFY_NO_CONFIRM, R_VRFY, arg);
}

static void proceed_expn(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	R(s, SMTP_CMD_EXPN, SMTP_WHY_EXPN_DISABLED, R_EXPN);
}

static void proceed_help(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	const struct smtp_profile *p = s->srv->profile;
	R(s, SMTP_CMD_HELP, SMTP_WHY_OK, R_HELP,
	  p->starttls && !s->tls ? " STARTTLS" : "", p->auth ? " AUTH" : "");
}

static bool check_quit(struct smtp_session *s, const char *arg)
{
	return cmd_no_arg(s, SMTP_CMD_QUIT, arg, "QUIT");
}

static void proceed_quit(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	sess_reset_tx(s);
	if (force)
		sess_rule_reply(s, SMTP_CMD_QUIT, force);
	else
		R(s, SMTP_CMD_QUIT, SMTP_WHY_OK, R_BYE);
	sess_close(s);
}

static bool check_starttls(struct smtp_session *s, const char *arg)
{
	const struct smtp_profile *p = s->srv->profile;
	if (s->tls) {
		R(s, SMTP_CMD_STARTTLS, SMTP_WHY_TLS_ACTIVE, R_TLS_ACTIVE);
		return false;
	}
	if (!p->starttls) {
		R(s, SMTP_CMD_STARTTLS, SMTP_WHY_NOT_IMPLEMENTED, R_NOT_IMPLEMENTED);
		return false;
	}
	if (!cmd_no_arg(s, SMTP_CMD_STARTTLS, arg, "STARTTLS"))
		return false;
	if (s->in_tx) {
		R(s, SMTP_CMD_STARTTLS, SMTP_WHY_BAD_SEQUENCE, R_IN_TRANSACTION);
		return false;
	}
	return true;
}

static void proceed_starttls(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	(void)force;
	R(s, SMTP_CMD_STARTTLS, SMTP_WHY_OK, R_STARTTLS);
	/* RFC 3207 §4.2: forget everything learnt before the handshake */
	sess_reset_tx(s);
	s->helo_done = false;
	s->helo[0] = '\0';
	s->authed = false;
	s->auth_user[0] = '\0';
	s->tls = true;
	s->tls_wait = true;
	sess_set_state(s, SMTP_STATE_GREETED);
	struct smtp_event ev = { .type = SMTP_EV_TLS };
	sess_emit(s, &ev);
	if (s->simulated_tls)
		s->tls_wait = false;
}

static const struct command commands[] = {
	{ "HELO", SMTP_CMD_HELO, STAGE_HELO, check_helo_cmd, arg_word, proceed_helo },
	{ "EHLO", SMTP_CMD_EHLO, STAGE_EHLO, check_ehlo_cmd, arg_word, proceed_ehlo },
	{ "MAIL", SMTP_CMD_MAIL, STAGE_MAIL, env_check_mail, env_path_arg, env_proceed_mail },
	{ "RCPT", SMTP_CMD_RCPT, STAGE_RCPT, env_check_rcpt, env_path_arg, env_proceed_rcpt },
	{ "DATA", SMTP_CMD_DATA, STAGE_DATA, data_check, NULL, data_proceed },
	{ "RSET", SMTP_CMD_RSET, STAGE_COUNT, check_rset, NULL, proceed_rset },
	{ "NOOP", SMTP_CMD_NOOP, STAGE_COUNT, check_any, NULL, proceed_noop },
	{ "VRFY", SMTP_CMD_VRFY, STAGE_COUNT, check_vrfy, NULL, proceed_vrfy },
	{ "EXPN", SMTP_CMD_EXPN, STAGE_COUNT, check_any, NULL, proceed_expn },
	{ "HELP", SMTP_CMD_HELP, STAGE_COUNT, check_any, NULL, proceed_help },
	{ "QUIT", SMTP_CMD_QUIT, STAGE_QUIT, check_quit, NULL, proceed_quit },
	{ "STARTTLS", SMTP_CMD_STARTTLS, STAGE_STARTTLS, check_starttls, NULL, proceed_starttls },
	{ "AUTH", SMTP_CMD_AUTH, STAGE_AUTH, auth_check, arg_word, auth_proceed },
	{ "BDAT", SMTP_CMD_BDAT, STAGE_COUNT, data_check_bdat, NULL, data_proceed_bdat },
};

/* --- command lines ---------------------------------------------------------- */

static bool looks_like_header(const char *verb, size_t len)
{
	if (len < 2 || verb[len - 1] != ':')
		return false;
	for (size_t i = 0; i + 1 < len; i++) {
		char c = verb[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
		      (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

void cmd_line(struct smtp_session *s, const char *line, size_t len)
{
	char buf[SMTP_CMD_LINE_MAX];
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)line[i];
		if ((c < 0x20 && c != '\t') || c == 0x7f) {
			R(s, SMTP_CMD_LINE, SMTP_WHY_BAD_BYTES, R_BAD_CONTROL);
			return;
		}
	}
	if (!smtp_valid_utf8(line, len)) {
		R(s, SMTP_CMD_LINE, SMTP_WHY_BAD_BYTES, R_BAD_UTF8);
		return;
	}
	/* tolerate surrounding white space (RFC 5321 §4.1.1 asks servers to) */
	while (len && (line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	while (len && (line[0] == ' ' || line[0] == '\t')) {
		line++;
		len--;
	}
	if (len == 0) {
		R(s, SMTP_CMD_LINE, SMTP_WHY_EMPTY_LINE, R_BAD_SYNTAX);
		return;
	}
	memcpy(buf, line, len);
	buf[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (buf[i] == '\t')
			buf[i] = ' ';
	size_t vlen = strcspn(buf, " ");
	const char *arg = buf + vlen;
	while (*arg == ' ')
		arg++;
	snprintf(s->cur_arg, sizeof s->cur_arg, "%s", arg);
	const struct command *c = NULL;
	for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strlen(commands[i].verb) == vlen && !strncasecmp(buf, commands[i].verb, vlen))
			c = &commands[i];
	/* the event shows an AUTH command without its initial response */
	char shown[SMTP_CMD_LINE_MAX];
	size_t show = sess_auth_visible(buf, len);
	memcpy(shown, buf, show);
	shown[show] = '\0';
	struct smtp_event ev = { .type = SMTP_EV_COMMAND, .cmd = c ? c->cmd : SMTP_CMD_UNKNOWN,
	                         .text = shown, .line = &s->line };
	sess_emit(s, &ev);
	if (!c) {
		if (looks_like_header(buf, vlen))
			sess_note(s, SMTP_WHY_HEADER_AS_COMMAND);
		R(s, SMTP_CMD_UNKNOWN, SMTP_WHY_UNKNOWN_CMD, R_UNKNOWN);
		return;
	}
	if (s->state == SMTP_STATE_BLOCKED && c->cmd != SMTP_CMD_QUIT) {
		R(s, c->cmd, SMTP_WHY_BLOCKED, R_BLOCKED_CMD);
		return;
	}
	if (!c->check(s, arg))
		return;
	const struct rule *force = NULL;
	if (c->stage != STAGE_COUNT) {
		const char *rarg = c->rule_arg ? c->rule_arg(s, arg) : NULL;
		const struct rule *r = smtp_server_rule(s->srv, c->stage, rarg);
		if (!r && c->cmd == SMTP_CMD_EHLO)
			r = smtp_server_rule(s->srv, STAGE_HELO, rarg);
		if (r && (r->code / 100 == 4 || r->code / 100 == 5)) {
			sess_rule_reply(s, c->cmd, r);
			if (c->cmd == SMTP_CMD_QUIT)
				sess_close(s);
			return;
		}
		force = r;
	}
	c->proceed(s, arg, force);
}
