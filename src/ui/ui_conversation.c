/* ui_conversation.c — the keys of a conversation screen (free play, a
 * lesson): the sidebar when it has the focus, else transcript scrolling,
 * F9, and the command pane. */
#include "ui/ui_internal.h"

int ui_conversation_key(struct app *a, int key, struct ui_transcript *tr,
                        struct ui_convo *convo, ui_submit_fn submit)
{
	enum ui_action act;
	if (a->focus == FOCUS_SIDEBAR) {
		act = ui_key_action(CTX_SIDE, key);
		if (act == ACT_FOCUS) {
			a->focus = FOCUS_CMD;
			a->side.search = false;
			return UI_DIRTY;
		}
		int r = ui_ref_list_key(&a->side.ref, &a->side.search, key, act,
		                        ui_side_list_rows(a));
		if (r)
			return r;
		if (a->side.search)
			return 0;
		act = ui_key_action(CTX_ANY, key);
		if (act == ACT_WHEEL) {
			int wheel = ui_mouse_wheel();
			ui_ref_move(&a->side.ref, wheel * 3, ui_side_list_rows(a));
			return UI_DIRTY;
		}
		return 0;
	}
	act = ui_key_action(CTX_CMD, key);
	if (act == ACT_FOCUS) {
		a->focus = FOCUS_SIDEBAR;
		if (convo->last_code)
			ui_ref_select_code(&a->side.ref, convo->last_code, ui_side_list_rows(a));
		return UI_DIRTY;
	}
	if (act == ACT_NONE && ui_key_action(CTX_ANY, key) == ACT_WHEEL)
		return ui_transcript_key(a, tr, ACT_WHEEL, ui_mouse_wheel()) ? UI_DIRTY : 0;
	if (ui_transcript_key(a, tr, act, 0))
		return UI_DIRTY;
	if (act == ACT_STORED) {
		if (!ui_convo_show_stored(convo))
			ui_message(a, false, "no message accepted yet: F9 shows one after the 250 "
			           "that ends DATA");
		ui_transcript_end(tr);
		return UI_DIRTY;
	}
	return ui_command_key(a, key, act, convo, submit);
}
