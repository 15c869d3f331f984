/* envelope.c — MAIL FROM and RCPT TO: their paths and parameters
 * (RFC 5321 §4.1.1.2-3, SIZE, BODY, SMTPUTF8 and the DSN parameters of
 * RFC 3461), and the policies that accept or refuse a sender or a
 * recipient. */
#include "smtp/internal.h"
#include "smtp/personality.h"
#include "smtp/replies.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* MAIL / RCPT parameters: KEY[=VALUE] separated by spaces. */
static bool parse_params(struct smtp_session *s, enum smtp_cmd cmd, const char *p)
{
	s->decl_size = 0;
	s->p_smtputf8 = s->p_eightbit = s->p_binarymime = false;
	s->p_ret_set = s->p_envid_set = s->p_notify_set = s->p_orcpt_set = false;
	s->p_ret = SMTP_RET_NONE;
	memset(&s->p_dsn, 0, sizeof s->p_dsn);
	while (*p) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		size_t len = strcspn(p, " ");
		size_t klen = strcspn(p, "= ");
		const char *val = klen < len ? p + klen + 1 : NULL;
		size_t vlen = val ? len - klen - 1 : 0;
		bool ok = true;
		if (cmd == SMTP_CMD_MAIL && klen == 4 && !strncasecmp(p, "SIZE", 4)) {
			unsigned long v = 0;
			ok = val && vlen > 0 && vlen <= 20;
			for (size_t i = 0; ok && i < vlen; i++) {
				if (val[i] < '0' || val[i] > '9')
					ok = false;
				else if (v < 1000000000000UL)
					v = v * 10 + (unsigned long)(val[i] - '0');
			}
			if (!ok) {
				R(s, cmd, SMTP_WHY_PARAM_SYNTAX, R_BAD_SIZE);
				return false;
			}
			s->decl_size = v;
		} else if (cmd == SMTP_CMD_MAIL && klen == 4 && !strncasecmp(p, "BODY", 4)) {
			if (val && vlen == 4 && !strncasecmp(val, "7BIT", 4)) {
				s->p_eightbit = false;
			} else if (val && vlen == 8 && !strncasecmp(val, "8BITMIME", 8)) {
				s->p_eightbit = true;
			} else if (val && vlen == 10 && !strncasecmp(val, "BINARYMIME", 10)) {
				s->p_eightbit = s->p_binarymime = true;
			} else {
				R(s, cmd, SMTP_WHY_PARAM_SYNTAX, R_BAD_BODY);
				return false;
			}
		} else if (cmd == SMTP_CMD_MAIL && klen == 8 && !strncasecmp(p, "SMTPUTF8", 8)) {
			if (val) {
				R(s, cmd, SMTP_WHY_PARAM_SYNTAX, R_BAD_SMTPUTF8);
				return false;
			}
			s->p_smtputf8 = true;
		} else if (cmd == SMTP_CMD_MAIL && klen == 3 && !strncasecmp(p, "RET", 3)) {
			bool full = val && vlen == 4 && !strncasecmp(val, "FULL", 4);
			bool hdrs = val && vlen == 4 && !strncasecmp(val, "HDRS", 4);
			if (s->p_ret_set || !(full || hdrs)) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_RET);
				return false;
			}
			s->p_ret_set = true;
			s->p_ret = full ? SMTP_RET_FULL : SMTP_RET_HDRS;
		} else if (cmd == SMTP_CMD_MAIL && klen == 5 && !strncasecmp(p, "ENVID", 5)) {
			if (s->p_envid_set || !val || vlen == 0 || vlen > SMTP_ENVID_MAX ||
			    !smtp_xtext_decode(val, vlen, false, s->p_envid, sizeof s->p_envid)) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_ENVID);
				return false;
			}
			s->p_envid_set = true;
		} else if (cmd == SMTP_CMD_RCPT && klen == 6 && !strncasecmp(p, "NOTIFY", 6)) {
			unsigned mask = val ? smtp_notify_parse(val, vlen) : 0;
			if (s->p_notify_set || !mask) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_NOTIFY);
				return false;
			}
			s->p_notify_set = true;
			s->p_dsn.notify = mask;
		} else if (cmd == SMTP_CMD_RCPT && klen == 5 && !strncasecmp(p, "ORCPT", 5)) {
			/* addr-type ";" xtext (RFC 3461 §4.2); utf-8 (RFC 6533 §3)
			 * may also hold \x{HEX} escapes */
			const char *semi = val ? memchr(val, ';', vlen) : NULL;
			size_t tlen = semi ? (size_t)(semi - val) : 0;
			bool ok2 = semi && tlen > 0 && tlen < sizeof s->p_dsn.type &&
			           vlen - tlen - 1 > 0 && vlen <= SMTP_ORCPT_MAX &&
			           !s->p_orcpt_set;
			for (size_t i = 0; ok2 && i < tlen; i++) {
				char c = val[i];
				ok2 = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
				      (c >= '0' && c <= '9') || c == '-';
			}
			bool utf8 = tlen == 5 && !strncasecmp(val, "utf-8", 5);
			if (ok2)
				ok2 = smtp_xtext_decode(semi + 1, vlen - tlen - 1, utf8,
				                        s->p_dsn.orcpt, sizeof s->p_dsn.orcpt);
			if (!ok2) {
				R(s, cmd, SMTP_WHY_DSN_PARAM, R_BAD_ORCPT);
				return false;
			}
			memcpy(s->p_dsn.type, val, tlen);
			s->p_dsn.type[tlen] = '\0';
			s->p_dsn.has_orcpt = true;
			s->p_orcpt_set = true;
		} else if (cmd == SMTP_CMD_MAIL && klen == 4 && !strncasecmp(p, "AUTH", 4) &&
		           s->srv->profile->auth && val) {
			/* RFC 4954 §5: accepted; we do not act on it */
		} else {
			R(s, cmd, SMTP_WHY_BAD_PARAM, R_BAD_PARAM, (int)(klen < 64 ? klen : 64), p);
			return false;
		}
		p += len;
	}
	return true;
}

/* Parse "FROM:<path> params" / "TO:<path> params" into s->path. */
static bool parse_mail_rcpt(struct smtp_session *s, enum smtp_cmd cmd, const char *arg)
{
	bool mail = cmd == SMTP_CMD_MAIL;
	const char *kw = mail ? "FROM:" : "TO:";
	size_t kwlen = strlen(kw);
	if (strncasecmp(arg, kw, kwlen)) {
		R(s, cmd, mail ? SMTP_WHY_MAIL_SYNTAX : SMTP_WHY_RCPT_SYNTAX, R_SYNTAX,
		  mail ? "MAIL FROM:<address>" : "RCPT TO:<address>");
		return false;
	}
	const char *p = arg + kwlen;
	if (*p == ' ') {
		while (*p == ' ')
			p++;
		sess_note(s, SMTP_WHY_SPACE_AFTER_COLON);
	}
	size_t used;
	enum path_err e = smtp_parse_path(p, strlen(p), &used, &s->path);
	char bare[SMTP_PATH_MAX + 3];
	size_t blen = strcspn(p, " ");
	if (e == PATH_NO_BRACKETS && blen > 0 && blen <= SMTP_PATH_MAX &&
	    smtp_persona_bare_paths(s->srv->persona)) {
		/* a server that takes the address without its brackets */
		snprintf(bare, sizeof bare, "<%.*s>", (int)blen, p);
		e = smtp_parse_path(bare, blen + 2, &used, &s->path);
		used = blen;
	}
	enum smtp_why why = SMTP_WHY_OK;
	if (e == PATH_NO_BRACKETS)
		why = mail ? SMTP_WHY_MAIL_SYNTAX : SMTP_WHY_RCPT_SYNTAX;
	else if (e == PATH_TOO_LONG)
		why = SMTP_WHY_ADDRESS_TOO_LONG;
	else if (e != PATH_OK || (p[used] && p[used] != ' '))
		why = mail ? SMTP_WHY_BAD_SENDER : SMTP_WHY_BAD_RECIPIENT;
	else if (!mail && s->path.null)
		why = SMTP_WHY_BAD_RECIPIENT;
	else if (mail && s->path.postmaster)
		why = SMTP_WHY_BAD_SENDER;
	if (why != SMTP_WHY_OK) {
		if (mail)
			R(s, cmd, why, R_BAD_SENDER_SYNTAX);
		else
			R(s, cmd, why, R_BAD_RCPT_SYNTAX);
		return false;
	}
	if (!parse_params(s, cmd, p + used))
		return false;
	if (s->path.utf8 && !(mail ? s->p_smtputf8 : s->smtputf8)) {
		R(s, cmd, SMTP_WHY_NEED_SMTPUTF8, R_NEED_SMTPUTF8);
		return false;
	}
	return true;
}

static const char *domain_of(const struct smtp_session *s, size_t *len)
{
	*len = strlen(s->path.addr) - s->path.domain_off;
	return s->path.addr + s->path.domain_off;
}

bool env_check_mail(struct smtp_session *s, const char *arg)
{
	const struct smtp_profile *p = s->srv->profile;
	if (!cmd_need_helo(s, SMTP_CMD_MAIL))
		return false;
	if (s->in_tx && s->chunked) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_NESTED_MAIL, R_MAIL_AFTER_BDAT);
		return false;
	}
	if (s->in_tx) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_NESTED_MAIL, R_NESTED_MAIL);
		return false;
	}
	if (p->submission && p->auth_needs_tls && !s->tls) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_TLS_REQUIRED, R_NEED_STARTTLS);
		return false;
	}
	if (!parse_mail_rcpt(s, SMTP_CMD_MAIL, arg))
		return false;
	if (s->decl_size > smtp_server_max_size(s->srv)) {
		R(s, SMTP_CMD_MAIL, SMTP_WHY_SIZE_DECLARED, R_SIZE_DECLARED);
		return false;
	}
	return true;
}

const char *env_path_arg(struct smtp_session *s, const char *arg)
{
	(void)arg;
	return s->path.addr;
}

void env_proceed_mail(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	const struct smtp_profile *p = s->srv->profile;
	unsigned sc = s->srv->scenarios;
	size_t dlen = 0;
	const char *dom = s->path.null || s->path.postmaster ? "" : domain_of(s, &dlen);
	if (!force) {
		if (p->submission && !s->authed) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_AUTH_REQUIRED, R_AUTH_REQUIRED);
			return;
		}
		if (p->submission && !s->path.null && !smtp_account_owns(s->auth_user, s->path.addr)) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_NOT_OWNER, R_NOT_OWNER, s->path.addr, s->auth_user);
			return;
		}
		if ((sc & SC_NULL_MX) && smtp_null_mx_domain(dom, dlen)) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_NULL_MX_SENDER, R_NULL_MX_SENDER,
			  s->path.addr, (int)dlen, dom);
			return;
		}
		if ((sc & SC_SPF_FAIL) && dlen == 11 && !strncasecmp(dom, "example.org", 11)) {
			R(s, SMTP_CMD_MAIL, SMTP_WHY_SPF_FAIL, R_SPF_FAIL, s->path.addr, s->client);
			return;
		}
	}
	sess_reset_tx(s);
	s->in_tx = true;
	memcpy(s->mail_from, s->path.addr, sizeof s->mail_from);
	s->smtputf8 = s->p_smtputf8;
	s->eightbit = s->p_eightbit || s->p_smtputf8;
	s->binarymime = s->p_binarymime;
	s->ret = s->p_ret;
	s->has_envid = s->p_envid_set;
	memcpy(s->envid, s->p_envid, sizeof s->envid);
	sess_set_state(s, SMTP_STATE_MAIL);
	if (force)
		sess_rule_reply(s, SMTP_CMD_MAIL, force);
	else
		R(s, SMTP_CMD_MAIL, SMTP_WHY_OK, R_MAIL_OK);
}

bool env_check_rcpt(struct smtp_session *s, const char *arg)
{
	if (!cmd_need_helo(s, SMTP_CMD_RCPT))
		return false;
	if (!s->in_tx) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_RCPT_BEFORE_MAIL, R_NEED_MAIL);
		return false;
	}
	if (s->chunked) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_RCPT_AFTER_BDAT, R_RCPT_AFTER_BDAT);
		return false;
	}
	if (!parse_mail_rcpt(s, SMTP_CMD_RCPT, arg))
		return false;
	if (s->nrcpt >= ((s->srv->scenarios & SC_FEW_RCPT) ? FEW_RCPT_MAX : SMTP_RCPT_MAX)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_TOO_MANY_RCPT, R_TOO_MANY_RCPT);
		return false;
	}
	return true;
}

static bool add_rcpt(struct smtp_session *s, const char *addr)
{
	size_t len = strlen(addr) + 1;
	if (s->rcpt_len + len > s->rcpt_cap) {
		size_t cap = s->rcpt_cap ? s->rcpt_cap : 1024;
		while (cap < s->rcpt_len + len)
			cap *= 2;
		char *b = realloc(s->rcpt_buf, cap);
		if (!b)
			return false;
		s->rcpt_buf = b;
		s->rcpt_cap = cap;
	}
	if (s->nrcpt + 1 > s->rdsn_cap) {
		size_t cap = s->rdsn_cap ? s->rdsn_cap * 2 : 8;
		struct rcpt_dsn *d = realloc(s->rdsn, cap * sizeof *d);
		if (!d)
			return false;
		s->rdsn = d;
		s->rdsn_cap = cap;
	}
	s->rdsn[s->nrcpt] = s->p_dsn;
	memcpy(s->rcpt_buf + s->rcpt_len, addr, len);
	s->rcpt_len += len;
	s->nrcpt++;
	return true;
}

static bool local_is(const struct smtp_session *s, const char *name)
{
	return s->path.local_len == strlen(name) &&
	       !strncasecmp(s->path.addr, name, s->path.local_len);
}

static void accept_rcpt(struct smtp_session *s, const struct rule *force)
{
	if (!add_rcpt(s, s->path.addr)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_LOCAL_ERROR, R_RCPT_NO_MEMORY);
		return;
	}
	sess_set_state(s, SMTP_STATE_RCPT);
	if (force)
		sess_rule_reply(s, SMTP_CMD_RCPT, force);
}

void env_proceed_rcpt(struct smtp_session *s, const char *arg, const struct rule *force)
{
	(void)arg;
	unsigned sc = s->srv->scenarios;
	const char *a = s->path.addr;
	if (force) {
		accept_rcpt(s, force);
		return;
	}
	/* blocked-client at a server that refuses such clients recipient by
	 * recipient (the personality restates the reply) */
	if ((sc & SC_BLOCKED) && smtp_persona_blocks_at_rcpt(s->srv->persona)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_BLOCKED, R_BLOCKED_RCPT, a, s->client);
		return;
	}
	size_t dlen = 0;
	const char *dom = s->path.postmaster ? "" : domain_of(s, &dlen);
	bool local = s->path.postmaster || smtp_local_domain(dom, dlen);
	if (!local) {
		if ((sc & SC_NULL_MX) && smtp_null_mx_domain(dom, dlen)) {
			R(s, SMTP_CMD_RCPT, SMTP_WHY_NULL_MX, R_NULL_MX, a, (int)dlen, dom);
			return;
		}
		if (!s->authed) {
			R(s, SMTP_CMD_RCPT, SMTP_WHY_RELAY_DENIED, R_RELAY_DENIED, a);
			return;
		}
		accept_rcpt(s, NULL);
		if (s->state == SMTP_STATE_RCPT)
			R(s, SMTP_CMD_RCPT, SMTP_WHY_OK, R_RCPT_OK);
		return;
	}
	if (!s->path.postmaster && !smtp_local_mailbox(a, s->path.local_len)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_NO_SUCH_USER, R_NO_SUCH_USER, a);
		return;
	}
	if ((sc & SC_USER_MOVED) && local_is(s, "carol")) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_USER_MOVED, R_USER_MOVED, a, "carol@example.org");
		return;
	}
	if ((sc & SC_MAILBOX_FULL) && local_is(s, "bob")) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_MAILBOX_FULL, R_MAILBOX_FULL, a);
		return;
	}
	if ((sc & SC_GREYLIST) && !s->authed &&
	    !smtp_server_grey_pass(s->srv, s->client, s->mail_from, a)) {
		R(s, SMTP_CMD_RCPT, SMTP_WHY_GREYLISTED, R_GREYLISTED, a);
		return;
	}
	if ((sc & SC_MAILBOX_FULL) && local_is(s, "carol"))
		s->over_quota = true;
	accept_rcpt(s, NULL);
	if (s->state != SMTP_STATE_RCPT)
		return;
	if ((sc & SC_USER_MOVED) && local_is(s, "bob"))
		R(s, SMTP_CMD_RCPT, SMTP_WHY_WILL_FORWARD, R_WILL_FORWARD, a, "bob@example.net");
	else
		R(s, SMTP_CMD_RCPT, SMTP_WHY_OK, R_RCPT_OK);
}
