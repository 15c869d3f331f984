/* auth.c — AUTH (RFC 4954): PLAIN (RFC 4616), LOGIN, OAUTHBEARER
 * (RFC 7628) and XOAUTH2, their 334 challenges and the answers to them.
 * Credentials never leave this file in clear: the AUTH_LINE event
 * carries the decoded answer with the password or token masked. */
#include "smtp/internal.h"
#include "smtp/replies.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

static enum auth_mech mech_of(const char *arg, size_t len)
{
	if (len == 5 && !strncasecmp(arg, "PLAIN", 5))
		return MECH_PLAIN;
	if (len == 5 && !strncasecmp(arg, "LOGIN", 5))
		return MECH_LOGIN;
	if (len == 11 && !strncasecmp(arg, "OAUTHBEARER", 11))
		return MECH_OAUTHBEARER;
	if (len == 7 && !strncasecmp(arg, "XOAUTH2", 7))
		return MECH_XOAUTH2;
	return MECH_NONE;
}

bool auth_check(struct smtp_session *s, const char *arg)
{
	const struct smtp_profile *p = s->srv->profile;
	if (!p->auth) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_NOT_IMPLEMENTED, R_AUTH_DISABLED);
		return false;
	}
	if (!cmd_need_helo(s, SMTP_CMD_AUTH))
		return false;
	if (p->auth_needs_tls && !s->tls) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_TLS_REQUIRED, R_NEED_STARTTLS);
		return false;
	}
	if (s->authed) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_ALREADY, R_AUTH_ALREADY);
		return false;
	}
	if (s->in_tx) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_IN_TRANSACTION, R_IN_TRANSACTION);
		return false;
	}
	size_t len = strcspn(arg, " ");
	if (len == 0) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_PARAM_SYNTAX, R_SYNTAX, "AUTH mechanism");
		return false;
	}
	enum auth_mech m = mech_of(arg, len);
	if (m == MECH_NONE || ((m == MECH_OAUTHBEARER || m == MECH_XOAUTH2) && !p->oauth)) {
		R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_MECH, R_AUTH_MECH);
		return false;
	}
	return true;
}

static void challenge(struct smtp_session *s, const char *b64, const char *decoded)
{
	snprintf(s->text, sizeof s->text, "%s", b64);
	sess_emit_reply(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_CONTINUE, 334, "", decoded);
}

static void auth_event(struct smtp_session *s, const char *user, bool ok)
{
	struct smtp_event ev = { .type = SMTP_EV_AUTH, .user = user, .ok = ok };
	sess_emit(s, &ev);
}

static void auth_line_event(struct smtp_session *s, const char *text)
{
	struct smtp_event ev = { .type = SMTP_EV_AUTH_LINE, .text = text };
	sess_emit(s, &ev);
}

static void auth_finish(struct smtp_session *s, enum smtp_cmd cmd, const char *user,
                        const char *pass)
{
	s->mech = MECH_NONE;
	sess_set_state(s, sess_idle_state(s));
	const char *account = smtp_check_account(user, pass);
	if (!account) {
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	s->authed = true;
	snprintf(s->auth_user, sizeof s->auth_user, "%s", account);
	auth_event(s, account, true);
	R(s, cmd, SMTP_WHY_OK, R_AUTH_OK);
}

/* Decode one base64 answer into buf (NUL-terminated); false when invalid. */
static bool auth_decode(const char *b64, size_t n, char *buf, size_t cap, size_t *out)
{
	if (n == 1 && b64[0] == '=') { /* RFC 4954: "=" is an empty response */
		buf[0] = '\0';
		*out = 0;
		return true;
	}
	if ((n / 4) * 3 + 3 > cap)
		return false;
	long len = smtp_b64_decode(b64, n, (unsigned char *)buf);
	if (len < 0)
		return false;
	buf[len] = '\0';
	*out = (size_t)len;
	return true;
}

/* An answer that is not base64 (or not what the mechanism expects) ends
 * the exchange: 501, back to where the AUTH command was given. */
static void auth_bad_base64(struct smtp_session *s, enum smtp_cmd cmd)
{
	s->mech = MECH_NONE;
	sess_set_state(s, sess_idle_state(s));
	R(s, cmd, SMTP_WHY_AUTH_BASE64, R_AUTH_BASE64);
}

static void auth_plain(struct smtp_session *s, enum smtp_cmd cmd, const char *b64, size_t n)
{
	char buf[SMTP_TEXT_LINE_MAX];
	size_t len;
	if (!auth_decode(b64, n, buf, sizeof buf, &len)) {
		auth_bad_base64(s, cmd);
		return;
	}
	/* authzid NUL authcid NUL passwd */
	const char *authz = buf;
	const char *nul1 = memchr(buf, '\0', len);
	const char *user = nul1 && (size_t)(nul1 - buf) < len ? nul1 + 1 : NULL;
	const char *nul2 = user ? memchr(user, '\0', len - (size_t)(user - buf)) : NULL;
	const char *pass = nul2 && (size_t)(nul2 - buf) < len ? nul2 + 1 : NULL;
	char shown[SMTP_TEXT_LINE_MAX + 64];
	if (!pass) {
		auth_line_event(s, "(not authzid\\0user\\0password)");
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
		auth_event(s, "", false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	snprintf(shown, sizeof shown, "authzid \"%.200s\", user \"%.200s\", password ********",
	         authz, user);
	auth_line_event(s, shown);
	if (authz[0] && strcasecmp(authz, user)) {
		/* acting for someone else is not allowed */
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	auth_finish(s, cmd, user, pass);
}

/* The key=value pairs of an OAUTHBEARER (after its GS2 header) or XOAUTH2
 * response, each ended by ^A, the list by one more ^A (RFC 7628 §3.1).
 * False when the list is not ended. */
static bool oauth_pairs(const char *p, const char *end, char *user, size_t ucap,
                        const char **auth, size_t *alen)
{
	*auth = NULL;
	while (p < end) {
		const char *q = memchr(p, 0x01, (size_t)(end - p));
		if (!q)
			return false;
		if (q == p)
			return q + 1 == end;
		size_t n = (size_t)(q - p);
		if (n > 5 && !strncmp(p, "auth=", 5)) {
			*auth = p + 5;
			*alen = n - 5;
		} else if (n > 5 && !strncmp(p, "user=", 5) && ucap) {
			snprintf(user, ucap, "%.*s", (int)(n - 5), p + 5);
		}
		p = q + 1;
	}
	return false;
}

/* OAUTHBEARER's GS2 header "n,a=USER," and its ^A (RFC 7628 §3.1, RFC 5801
 * §4): the user (",", "=" written =2C, =3D) into user; NULL if malformed,
 * else where the pairs start. No channel binding ("p=") is offered. */
static const char *gs2_header(const char *p, const char *end, char *user, size_t ucap)
{
	if (end - p < 3 || (p[0] != 'n' && p[0] != 'y') || p[1] != ',')
		return NULL;
	p += 2;
	size_t o = 0;
	if (end - p >= 2 && p[0] == 'a' && p[1] == '=') {
		p += 2;
		while (p < end && *p != ',') {
			char c = *p++;
			if (c == '=') {
				if (end - p < 2)
					return NULL;
				if (p[0] == '2' && p[1] == 'C')
					c = ',';
				else if (p[0] == '3' && p[1] == 'D')
					c = '=';
				else
					return NULL;
				p += 2;
			}
			if (o + 1 < ucap)
				user[o++] = c;
		}
	}
	user[o] = '\0';
	if (p >= end || *p != ',')
		return NULL;
	p++;
	if (p >= end || *p != 0x01)
		return NULL;
	return p + 1;
}

/* Whether USER (an address or a local-part) names ACCOUNT. */
static bool user_is(const char *user, const char *account)
{
	size_t local = strcspn(account, "@");
	return !strcasecmp(user, account) ||
	       (strlen(user) == local && !strncasecmp(user, account, local));
}

static void auth_oauth(struct smtp_session *s, enum smtp_cmd cmd, const char *b64, size_t n)
{
	bool xo = s->mech == MECH_XOAUTH2;
	char buf[SMTP_TEXT_LINE_MAX];
	size_t len;
	if (!auth_decode(b64, n, buf, sizeof buf, &len)) {
		auth_bad_base64(s, cmd);
		return;
	}
	char user[SMTP_PATH_MAX + 1] = "";
	const char *pairs = xo ? buf : gs2_header(buf, buf + len, user, sizeof user);
	const char *auth = NULL;
	size_t alen = 0;
	bool ok = pairs && oauth_pairs(pairs, buf + len, xo ? user : NULL, xo ? sizeof user : 0,
	                               &auth, &alen);
	ok = ok && auth && alen > 7 && !strncasecmp(auth, "Bearer ", 7);
	if (!ok) {
		auth_line_event(s, xo ? "(not user=USER^Aauth=Bearer TOKEN^A^A)"
		                      : "(not n,a=USER,^Aauth=Bearer TOKEN^A^A)");
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	const char *tok = auth + 7;
	size_t toklen = alen - 7;
	bool expired;
	const char *account = smtp_check_token(tok, toklen, &expired);
	char shown[SMTP_PATH_MAX + 128];
	snprintf(shown, sizeof shown, "user \"%.200s\", auth=Bearer ******** (%s)", user,
	         !account ? "a token the server does not know" :
	         expired ? "an expired token" : "a valid token");
	auth_line_event(s, shown);
	if (!account || expired) {
		/* RFC 7628 §3.2.2: the failure is a challenge holding a JSON
		 * error; the client must answer it before the 535 */
		static const char bearer_err[] =
			"{\"status\":\"invalid_token\",\"scope\":\"mail.send\","
			"\"openid-configuration\":\"https://auth.example.com/.well-known/openid-configuration\"}";
		static const char xoauth2_err[] =
			"{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"mail.send\"}";
		const char *json = xo ? xoauth2_err : bearer_err;
		char enc[400];
		smtp_b64_encode(json, strlen(json), enc);
		snprintf(s->login_user, sizeof s->login_user, "%s", user);
		s->mech = MECH_OAUTH_FAILED;
		sess_set_state(s, SMTP_STATE_AUTH);
		snprintf(s->text, sizeof s->text, "%s", enc);
		sess_emit_reply(s, cmd, SMTP_WHY_TOKEN_INVALID, 334, "", json);
		return;
	}
	if (user[0] && !user_is(user, account)) {
		/* the token is someone else's */
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
		auth_event(s, user, false);
		R(s, cmd, SMTP_WHY_AUTH_FAILED, R_AUTH_FAILED);
		return;
	}
	s->mech = MECH_NONE;
	sess_set_state(s, sess_idle_state(s));
	s->authed = true;
	snprintf(s->auth_user, sizeof s->auth_user, "%s", account);
	auth_event(s, account, true);
	R(s, cmd, SMTP_WHY_OK, R_AUTH_OK);
}

void auth_proceed(struct smtp_session *s, const char *arg, const struct rule *force)
{
	size_t len = strcspn(arg, " ");
	const char *init = arg + len;
	while (*init == ' ')
		init++;
	s->mech = mech_of(arg, len);
	if (force) {
		s->mech = MECH_NONE;
		sess_rule_reply(s, SMTP_CMD_AUTH, force);
		if (force->code == 235) {
			s->authed = true;
			snprintf(s->auth_user, sizeof s->auth_user, "%s", "alice@example.com");
			auth_event(s, s->auth_user, true);
		}
		return;
	}
	if (s->mech == MECH_PLAIN) {
		if (*init) {
			auth_plain(s, SMTP_CMD_AUTH, init, strlen(init));
			return;
		}
		sess_set_state(s, SMTP_STATE_AUTH);
		challenge(s, "", "(empty: send authzid\\0user\\0password in base64)");
		return;
	}
	if (s->mech == MECH_OAUTHBEARER || s->mech == MECH_XOAUTH2) {
		if (*init) {
			auth_oauth(s, SMTP_CMD_AUTH, init, strlen(init));
			return;
		}
		sess_set_state(s, SMTP_STATE_AUTH);
		challenge(s, "", s->mech == MECH_XOAUTH2
		                 ? "(empty: send user=USER^Aauth=Bearer TOKEN^A^A in base64)"
		                 : "(empty: send n,a=USER,^Aauth=Bearer TOKEN^A^A in base64)");
		return;
	}
	s->auth_step = 0;
	if (*init) {
		size_t n;
		if (!auth_decode(init, strlen(init), s->login_user, sizeof s->login_user, &n) ||
		    memchr(s->login_user, '\0', n)) {
			s->mech = MECH_NONE;
			R(s, SMTP_CMD_AUTH, SMTP_WHY_AUTH_BASE64, R_AUTH_BASE64);
			return;
		}
		auth_line_event(s, s->login_user);
		s->auth_step = 1;
		sess_set_state(s, SMTP_STATE_AUTH);
		challenge(s, "UGFzc3dvcmQ6", "Password:");
		return;
	}
	sess_set_state(s, SMTP_STATE_AUTH);
	challenge(s, "VXNlcm5hbWU6", "Username:");
}

void auth_line(struct smtp_session *s, const char *line, size_t len)
{
	const enum smtp_cmd cmd = SMTP_CMD_AUTH_DATA;
	if (len == 1 && line[0] == '*') {
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
		R(s, cmd, SMTP_WHY_AUTH_CANCELLED, R_AUTH_CANCELLED);
		return;
	}
	if (s->mech == MECH_PLAIN) {
		auth_plain(s, cmd, line, len);
		return;
	}
	if (s->mech == MECH_OAUTH_FAILED) {
		/* the answer to the error challenge (^A) ends the exchange */
		s->mech = MECH_NONE;
		sess_set_state(s, sess_idle_state(s));
		auth_event(s, s->login_user, false);
		R(s, cmd, SMTP_WHY_TOKEN_INVALID, R_AUTH_TOKEN);
		return;
	}
	if (s->mech == MECH_OAUTHBEARER || s->mech == MECH_XOAUTH2) {
		auth_oauth(s, cmd, line, len);
		return;
	}
	char buf[SMTP_PATH_MAX + 1];
	size_t n;
	if (!auth_decode(line, len, buf, sizeof buf, &n) || memchr(buf, '\0', n)) {
		auth_bad_base64(s, cmd);
		return;
	}
	if (s->auth_step == 0) {
		memcpy(s->login_user, buf, n + 1);
		auth_line_event(s, buf);
		s->auth_step = 1;
		snprintf(s->text, sizeof s->text, "UGFzc3dvcmQ6");
		sess_emit_reply(s, cmd, SMTP_WHY_AUTH_CONTINUE, 334, "", "Password:");
		return;
	}
	auth_line_event(s, "********");
	auth_finish(s, cmd, s->login_user, buf);
}

