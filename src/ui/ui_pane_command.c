/* ui_pane_command.c — the command pane of free play and the lessons:
 * its title (where the session is), what the server expects or the Tab
 * candidates, the input line, and its editing keys. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ui_pane_command_init(struct ui_cmd_pane *p)
{
	memset(p, 0, sizeof *p);
	ui_edit_init(&p->edit);
}

void ui_pane_command_free(struct ui_cmd_pane *p)
{
	ui_edit_free(&p->edit);
}

/* The command pane: row 1 says what the server expects now (or lists
 * the completion candidates), row 2 is the input line after PROMPT. */
void ui_pane_command(struct app *a, WINDOW *w, const char *title,
                     const char *expects, const char *prompt, bool focused)
{
	ui_pane_command_label(a, w, title, UI_NEXT_LABEL, expects, prompt, focused);
}

void ui_pane_command_label(struct app *a, WINDOW *w, const char *title, const char *label,
                           const char *expects, const char *prompt, bool focused)
{
	int wd = getmaxx(w);
	werase(w);
	ui_frame(a, w, title, focused);
	int iw = wd - 2;
	if (a->cmd.show_compl && a->cmd.compl.n > 1) {
		int x = 1;
		x += ui_puts(a, w, 1, x, "Tab: ", iw, a->attr[R_DIM]);
		size_t shown = a->cmd.compl.n < UI_COMPL_MAX ? a->cmd.compl.n : UI_COMPL_MAX;
		for (size_t i = 0; i < shown; i++) {
			/* a candidate that does not fit whole is left out, and the
			 * cut list ends in an ellipsis */
			int cw = (int)ui_text_width(a->cmd.compl.cand[i], strlen(a->cmd.compl.cand[i]));
			bool last = i + 1 == shown && a->cmd.compl.n <= UI_COMPL_MAX;
			if (x + cw + (last ? 0 : 3) > iw + 1) {
				ui_puts(a, w, 1, x, "\u2026", iw - x + 1, a->attr[R_DIM]);
				break;
			}
			x += ui_puts(a, w, 1, x, a->cmd.compl.cand[i], iw - x + 1, a->attr[R_LABEL]);
			x += ui_puts(a, w, 1, x, "  ", iw - x + 1, A_NORMAL);
		}
	} else if (expects && *expects) {
		int x = 1 + ui_puts(a, w, 1, 1, label, iw, a->attr[R_DIM]);
		ui_puts(a, w, 1, x, expects, iw - x + 1, a->attr[R_LABEL]);
	}
	int pw = ui_puts(a, w, 2, 1, prompt, iw, a->attr[R_TITLE]);
	size_t start;
	int col;
	ui_edit_view(&a->cmd.edit, iw - pw, &start, &col);
	ui_put(a, w, 2, 1 + pw, a->cmd.edit.buf + start, a->cmd.edit.len - start, iw - pw,
	       a->attr[R_NORMAL]);
	a->cur_win = w;
	a->cur_y = 2;
	a->cur_x = 1 + pw + col;
}

const char *ui_session_trail(const struct smtp_session *s, const char *pane, char *buf,
                             size_t n, int maxw)
{
	const char *sep = " \u25b8 ";
	char parts[8][80];
	int np = 0;
	if (!s || smtp_session_closed(s)) {
		snprintf(buf, n, "%s \u00b7 closed", pane);
		return buf;
	}
	enum smtp_state st = smtp_session_state(s);
	snprintf(parts[np++], sizeof parts[0], "%s", st == SMTP_STATE_BLOCKED ? "refused"
	                                            : st == SMTP_STATE_INIT ? "connecting"
	                                            : "greeted");
	if (smtp_session_tls(s))
		snprintf(parts[np++], sizeof parts[0], "TLS");
	if (st >= SMTP_STATE_READY && st != SMTP_STATE_BLOCKED && st != SMTP_STATE_CLOSED)
		snprintf(parts[np++], sizeof parts[0], "hello");
	const char *user = smtp_session_auth_user(s);
	if (user) {
		/* the local part is enough to recognise the account */
		const char *at = strchr(user, '@');
		int len = at ? (int)(at - user) : (int)strlen(user);
		char *vis = ui_visible(user, (size_t)(len > 40 ? 40 : len), NULL);
		snprintf(parts[np++], sizeof parts[0], "AUTH %s", vis ? vis : "");
		free(vis);
	}
	if (st == SMTP_STATE_AUTH)
		snprintf(parts[np++], sizeof parts[0], "AUTH \u2026334");
	if (st == SMTP_STATE_MAIL || st == SMTP_STATE_RCPT || st == SMTP_STATE_DATA ||
	    st == SMTP_STATE_BDAT)
		snprintf(parts[np++], sizeof parts[0], "MAIL");
	size_t rc = smtp_session_rcpt_count(s);
	if (rc && (st == SMTP_STATE_RCPT || st == SMTP_STATE_DATA || st == SMTP_STATE_BDAT))
		snprintf(parts[np++], sizeof parts[0], rc == 1 ? "RCPT" : "RCPT \u00d7%zu", rc);
	if (st == SMTP_STATE_DATA)
		snprintf(parts[np++], sizeof parts[0], "DATA");
	if (st == SMTP_STATE_BDAT)
		snprintf(parts[np++], sizeof parts[0], "BDAT %llu left",
		         (unsigned long long)smtp_session_chunk_left(s));
	/* the latest steps matter most: drop the first ones when narrow */
	for (int from = 0; from < np; from++) {
		size_t len = (size_t)snprintf(buf, n, "%s \u00b7 %s", pane,
		                              from ? "\u2026 \u25b8 " : "");
		for (int i = from; i < np && len < n; i++)
			len += (size_t)snprintf(buf + len, n - len, "%s%s", i > from ? sep : "",
			                        parts[i]);
		if ((int)ui_text_width(buf, strlen(buf)) <= maxw)
			return buf;
	}
	snprintf(buf, n, "%s", pane);
	return buf;
}

static const char *const *profile_names(void)
{
	static const char *names[16];
	size_t n = smtp_profile_count();
	if (n > 15)
		n = 15;
	for (size_t i = 0; i < n; i++)
		names[i] = smtp_profile_at(i)->name;
	names[n] = NULL;
	return names;
}

static const char *const *scenario_names(void)
{
	static const char *names[64];
	size_t n = smtp_scenario_count();
	if (n > 63)
		n = 63;
	for (size_t i = 0; i < n; i++)
		names[i] = smtp_scenario_at(i)->name;
	names[n] = NULL;
	return names;
}

int ui_command_key(struct app *a, int key, enum ui_action act,
                   const struct ui_convo *convo, ui_submit_fn submit)
{
	struct ui_edit *e = &a->cmd.edit;
	enum ui_edit_op op;
	a->cmd.show_compl = false;
	switch (act) {
	case ACT_SUBMIT: {
		char line[UI_EDIT_MAX + 1];
		size_t len = e->len;
		memcpy(line, e->buf, len + 1);
		ui_edit_commit(e);
		return UI_DIRTY | submit(a, line, len);
	}
	case ACT_COMPLETE: {
		struct ui_compl_src src = { smtp_known_addresses(), profile_names(),
		                            scenario_names(), convo->in_data,
		                            convo->last_code == 334 && !convo->closed };
		ui_edit_complete(e, &src, &a->cmd.compl);
		a->cmd.show_compl = a->cmd.compl.n > 1;
		if (!a->cmd.compl.n)
			ui_message(a, false, "nothing to complete here");
		return UI_DIRTY;
	}
	case ACT_HIST_PREV: op = UI_ED_HIST_PREV; break;
	case ACT_HIST_NEXT: op = UI_ED_HIST_NEXT; break;
	case ACT_ED_LEFT: op = UI_ED_LEFT; break;
	case ACT_ED_RIGHT: op = UI_ED_RIGHT; break;
	case ACT_ED_HOME: op = UI_ED_HOME; break;
	case ACT_ED_END: op = UI_ED_END; break;
	case ACT_ED_BS: op = UI_ED_BACKSPACE; break;
	case ACT_ED_DEL: op = UI_ED_DELETE; break;
	case ACT_ED_KILL_END: op = UI_ED_KILL_END; break;
	case ACT_ED_KILL_START: op = UI_ED_KILL_START; break;
	case ACT_ED_KILL_WORD: op = UI_ED_KILL_WORD; break;
	case ACT_CANCEL:
		a->msg[0] = '\0';
		return UI_DIRTY;
	case ACT_NONE:
		if (!(key & UI_KFN) && key >= 0x20 && ui_edit_insert(e, (uint32_t)key))
			return UI_DIRTY;
		return 0;
	default:
		return 0;
	}
	ui_edit_op(e, op);
	return UI_DIRTY;
}
