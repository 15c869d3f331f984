/* ui_pane_transcript.c — the transcript pane of free play and the
 * lessons: the conversation drawn from the transcript model (only the
 * rows on screen), coloured by kind, and its scrolling keys. */
#include "ui/ui_internal.h"
#include "ui/ui_text.h"

#include <stdio.h>

static attr_t kind_attr(struct app *a, enum ui_tkind k)
{
	static const enum ui_role map[UI_T_KIND_COUNT] = {
		[UI_T_CLIENT] = R_CLIENT, [UI_T_S2] = R_S2, [UI_T_S3] = R_S3,
		[UI_T_S4] = R_S4, [UI_T_S5] = R_S5, [UI_T_EXPLAIN] = R_EXPLAIN,
		[UI_T_COACH] = R_COACH, [UI_T_MARK] = R_MARK, [UI_T_INFO] = R_INFO,
		[UI_T_DATA_HDR] = R_DATA_HDR, [UI_T_DATA_BODY] = R_DATA_BODY,
		[UI_T_DECODED] = R_DECODED,
	};
	return a->attr[k < UI_T_KIND_COUNT ? map[k] : R_NORMAL];
}

enum { ROWS_MAX = 1024 };

void ui_pane_transcript(struct app *a, WINDOW *w, struct ui_transcript *tr,
                        const char *title)
{
	static struct ui_trow rows[ROWS_MAX];
	int h, wd;
	getmaxyx(w, h, wd);
	werase(w);
	char t[160];
	if (ui_transcript_following(tr))
		snprintf(t, sizeof t, "%s", title);
	else
		snprintf(t, sizeof t, "%s \u00b7 scrolled back \u2014 End: latest", title);
	ui_frame(a, w, t, false);
	int ih = h - 2 < ROWS_MAX ? h - 2 : ROWS_MAX, iw = wd - 2;
	size_t n = ui_transcript_view(tr, iw, ih, rows);
	for (size_t i = 0; i < n; i++) {
		struct ui_tline l = ui_transcript_line(tr, rows[i].line);
		int ind = rows[i].sub ? ui_wrap_indent(iw, l.indent) : 0;
		ui_put(a, w, 1 + (int)i, 1 + ind, l.text + rows[i].start,
		       rows[i].end - rows[i].start, iw - ind, kind_attr(a, l.kind));
	}
}

static int transcript_h(struct app *a)
{
	return a->lay.transcript.h - 2;
}

static int transcript_w(struct app *a)
{
	return a->lay.transcript.w - 2;
}

bool ui_transcript_key(struct app *a, struct ui_transcript *tr, enum ui_action act,
                       int wheel)
{
	int h = transcript_h(a), w = transcript_w(a);
	switch (act) {
	case ACT_PAGE_UP:
		ui_transcript_scroll(tr, -(h > 2 ? h - 1 : 1), w, h);
		return true;
	case ACT_PAGE_DOWN:
		ui_transcript_scroll(tr, h > 2 ? h - 1 : 1, w, h);
		return true;
	case ACT_TOP:
		ui_transcript_home(tr, w, h);
		return true;
	case ACT_BOTTOM:
		ui_transcript_end(tr);
		return true;
	case ACT_WHEEL:
		if (wheel)
			ui_transcript_scroll(tr, wheel * 3, w, h);
		return wheel != 0;
	default:
		return false;
	}
}
