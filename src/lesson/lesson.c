/* lesson.c — the lesson parser: a bounded file read, the JSON parse, and
 * the validation of every field through the typed getters of json_get.h,
 * which name the file, the JSON path and what was expected. */
#include "lesson/lesson.h"
#include "lesson/json_get.h"
#include "lesson/zone.h"
#include "smtp/personality.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum {
	STEPS_MAX = 64,
};

/* --- the goal --------------------------------------------------------- */

static int cmd_from_name(const char *name)
{
	for (int i = SMTP_CMD_NONE + 1; i < SMTP_CMD_COUNT; i++)
		if (!strcmp(smtp_cmd_name((enum smtp_cmd)i), name))
			return i;
	return -1;
}

static bool enhanced_ok(const char *s)
{
	return smtp_enh_parse(s, false, NULL, NULL, NULL);
}

static void parse_goal(struct json_ctx *c, const cJSON *g, const char *path,
                       struct lesson_goal *goal)
{
	static const char *const keys[] = {
		"verb", "reply", "reply_class", "enhanced", "state",
		"recipients_at_least", "tls", "authenticated", "message_accepted", "looked_up",
		NULL,
	};
	char p[JSON_PATH_MAX];
	if (!cJSON_IsObject(g)) {
		json_err_type(c, path, "an object (what the learner must achieve)", g);
		return;
	}
	json_check_keys(c, g, path, keys);

	const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "verb");
	if (v) {
		json_path_key(p, sizeof p, path, "verb");
		int cmd = cJSON_IsString(v) ? cmd_from_name(v->valuestring) : -1;
		if (cmd < 0) {
			json_err_type(c, p, "a command name (HELO EHLO MAIL RCPT DATA DOT RSET "
			              "NOOP VRFY EXPN HELP QUIT STARTTLS AUTH AUTH-DATA CONNECT "
			              "UNKNOWN LINE)", v);
		} else {
			goal->verb = (enum smtp_cmd)cmd;
			goal->have |= LESSON_GOAL_VERB;
		}
	}
	if (cJSON_GetObjectItemCaseSensitive(g, "reply") &&
	    json_get_int(c, g, path, "reply", false, 200, 599, "an integer reply code",
	                 &goal->reply))
		goal->have |= LESSON_GOAL_REPLY;
	if (cJSON_GetObjectItemCaseSensitive(g, "reply_class") &&
	    json_get_int(c, g, path, "reply_class", false, 2, 5,
	                 "an integer reply class (the first digit)", &goal->reply_class))
		goal->have |= LESSON_GOAL_REPLY_CLASS;
	v = cJSON_GetObjectItemCaseSensitive(g, "enhanced");
	if (v) {
		json_path_key(p, sizeof p, path, "enhanced");
		if (!cJSON_IsString(v) || !enhanced_ok(v->valuestring)) {
			json_err_type(c, p, "an enhanced status code such as \"5.1.1\"", v);
		} else {
			goal->enhanced = lesson_xstrdup(v->valuestring);
			goal->have |= LESSON_GOAL_ENHANCED;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(g, "state");
	if (v) {
		json_path_key(p, sizeof p, path, "state");
		int st = cJSON_IsString(v) ? smtp_state_from_name(v->valuestring) : -1;
		if (st < 0 || st == SMTP_STATE_INIT) {
			json_err_type(c, p, "a session state (greeted ready mail rcpt data "
			              "auth blocked closed)", v);
		} else {
			goal->state = (enum smtp_state)st;
			goal->have |= LESSON_GOAL_STATE;
		}
	}
	int n = 0;
	if (cJSON_GetObjectItemCaseSensitive(g, "recipients_at_least") &&
	    json_get_int(c, g, path, "recipients_at_least", false, 1, SMTP_RCPT_MAX,
	                 "an integer number of recipients", &n)) {
		goal->recipients_at_least = (size_t)n;
		goal->have |= LESSON_GOAL_RCPT_MIN;
	}
	if (cJSON_GetObjectItemCaseSensitive(g, "tls") &&
	    json_get_bool(c, g, path, "tls", "true or false", &goal->tls))
		goal->have |= LESSON_GOAL_TLS;
	if (cJSON_GetObjectItemCaseSensitive(g, "authenticated") &&
	    json_get_bool(c, g, path, "authenticated", "true or false", &goal->authenticated))
		goal->have |= LESSON_GOAL_AUTH;
	if (cJSON_GetObjectItemCaseSensitive(g, "message_accepted") &&
	    json_get_bool(c, g, path, "message_accepted", "true or false", &goal->message_accepted))
		goal->have |= LESSON_GOAL_MESSAGE;
	v = cJSON_GetObjectItemCaseSensitive(g, "looked_up");
	if (v) {
		json_path_key(p, sizeof p, path, "looked_up");
		const char *sp = cJSON_IsString(v) ? strchr(v->valuestring, ' ') : NULL;
		if (!sp || sp == v->valuestring || !zone_type_known(sp + 1)) {
			json_err_type(c, p, "a name and a record type, such as \"example.com MX\"", v);
		} else {
			goal->looked_up = lesson_xstrdup(v->valuestring);
			goal->have |= LESSON_GOAL_LOOKUP;
		}
	}

	if (!g->child) {
		json_err(c, path, "an empty goal: give at least one of verb, reply, "
		         "reply_class, enhanced, state, recipients_at_least, tls, "
		         "authenticated, message_accepted, looked_up");
		return;
	}
	/* Goals that no reply can meet would leave the learner stuck. */
	if ((goal->have & LESSON_GOAL_REPLY) && (goal->have & LESSON_GOAL_REPLY_CLASS) &&
	    goal->reply / 100 != goal->reply_class)
		json_err(c, path, "reply %d and reply_class %d contradict each other",
		         goal->reply, goal->reply_class);
	int cls = (goal->have & LESSON_GOAL_REPLY) ? goal->reply / 100 :
	          (goal->have & LESSON_GOAL_REPLY_CLASS) ? goal->reply_class : 0;
	if ((goal->have & LESSON_GOAL_ENHANCED) && cls && goal->enhanced[0] - '0' != cls)
		json_err(c, path, "enhanced \"%s\" cannot go with a %dxx reply",
		         goal->enhanced, cls);
}

/* --- steps --------------------------------------------------------------- */

static char *join_lines(char **v, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *s = lesson_xcalloc(len, 1);
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(v[i]);
		memcpy(s + o, v[i], l);
		o += l;
		if (i + 1 < n)
			s[o++] = '\n';
	}
	s[o] = '\0';
	return s;
}

static void parse_quiz(struct json_ctx *c, const cJSON *js, const char *path,
                       struct lesson_step *st)
{
	char p[JSON_PATH_MAX];
	json_get_string(c, js, path, "question", true, JSON_S_PROSE, "the question (a string)",
	                &st->question);
	json_get_string(c, js, path, "explain_wrong", false, JSON_S_PROSE,
	                "a text shown after a wrong answer", &st->explain_wrong);
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(js, "choices");
	const cJSON *answer = cJSON_GetObjectItemCaseSensitive(js, "answer");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(js, "answer_text");
	if (choices && text) {
		json_err(c, json_path_key(p, sizeof p, path, "answer_text"),
		         "not allowed with \"choices\" (a quiz has either choices and "
		         "answer, or answer_text)");
		return;
	}
	if (!choices && !text) {
		json_err(c, path, "missing key \"choices\" or \"answer_text\" (a quiz "
		         "has either choices and answer, or answer_text)");
		return;
	}
	if (text) {
		if (answer)
			json_err(c, json_path_key(p, sizeof p, path, "answer"),
			         "not allowed with \"answer_text\" (answer holds choice indices)");
		json_get_strings(c, js, path, "answer_text", true, 1, 0,
		                 "accepted answers (strings)", &st->answer_text, &st->nanswer_text);
		for (size_t i = 0; i < st->nanswer_text; i++) {
			const char *a = st->answer_text[i];
			size_t l = strlen(a);
			if (a[0] == ' ' || a[l - 1] == ' ')
				json_err(c, path, "answer_text[%zu]: leading or trailing spaces "
				         "never match (answers are trimmed)", i);
		}
		return;
	}
	if (!json_get_strings(c, js, path, "choices", true, 2, JSON_S_MARKUP, "choices (strings)",
	                      &st->choices, &st->nchoices))
		return;
	if (!answer) {
		json_err(c, path, "missing key \"answer\" (an array of the 0-based "
		         "indices of the correct choices)");
		return;
	}
	json_path_key(p, sizeof p, path, "answer");
	if (!cJSON_IsArray(answer) || cJSON_GetArraySize(answer) < 1) {
		json_err_type(c, p, "a non-empty array of choice indices", answer);
		return;
	}
	st->correct = lesson_xcalloc(st->nchoices, sizeof *st->correct);
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, answer) {
		char pe[JSON_PATH_MAX];
		char what[64];
		json_path_index(pe, sizeof pe, p, i++);
		snprintf(what, sizeof what, "a choice index from 0 to %zu", st->nchoices - 1);
		if (!cJSON_IsNumber(it) || !json_whole(it->valuedouble) ||
		    it->valuedouble < 0 || it->valuedouble >= (double)st->nchoices) {
			json_err_type(c, pe, what, it);
			continue;
		}
		size_t k = (size_t)it->valuedouble;
		if (st->correct[k]) {
			json_err(c, pe, "choice %zu is listed twice", k);
			continue;
		}
		st->correct[k] = true;
		st->ncorrect++;
	}
}

/* NAME must be a personality of smtp/personality.h: else an error at
 * PATH naming the known ones. */
static void check_personality(struct json_ctx *c, const char *path, const char *name)
{
	if (!name || smtp_personality_find(name) >= 0)
		return;
	char names[256];
	size_t k = 0;
	for (size_t i = 0; i < smtp_personality_count() && k < sizeof names; i++)
		k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "",
		                      smtp_personality_name(i));
	json_err(c, path, "unknown personality \"%s\" (known: %s)", name, names);
}

static void parse_command(struct json_ctx *c, const cJSON *js, const char *path,
                          struct lesson_step *st)
{
	char p[JSON_PATH_MAX];
	json_get_string(c, js, path, "prompt", true, JSON_S_PROSE,
	                "the task for the learner (a string)", &st->prompt);
	const cJSON *g = json_member(c, js, path, "goal", true);
	if (g)
		parse_goal(c, g, json_path_key(p, sizeof p, path, "goal"), &st->goal);
	json_get_strings(c, js, path, "hints", false, 0, JSON_S_PROSE, "hints (strings)",
	                 &st->hints, &st->nhints);
	if (json_get_strings(c, js, path, "example", true, 1, JSON_S_EMPTY_OK,
	                     "example lines (strings)", &st->example, &st->nexample))
		st->example_text = join_lines(st->example, st->nexample);
	/* the example is always the last hint: the same text as a hint of
	 * its own would be paid for twice */
	for (size_t i = 0; st->example_text && i < st->nhints; i++) {
		const char *h = st->hints[i], *e = st->example_text;
		while (*h || *e) {
			if (*h == '`') {
				h++;
				continue;
			}
			if (*h != *e)
				break;
			h++;
			e++;
		}
		if (!*h && !*e) {
			char ph[JSON_PATH_MAX], pe[JSON_PATH_MAX];
			json_path_key(ph, sizeof ph, path, "hints");
			json_err(c, json_path_index(pe, sizeof pe, ph, i),
			         "the same as the example, which is already the last hint");
		}
	}
	json_get_bool(c, js, path, "reset", "true or false", &st->reset);
	/* another server's voice from this step on: a new connection to it */
	if (json_get_string(c, js, path, "personality", false, 0, "a personality name",
	                    &st->personality) && st->personality) {
		char pp[JSON_PATH_MAX];
		check_personality(c, json_path_key(pp, sizeof pp, path, "personality"),
		                  st->personality);
		st->reset = true;
	}
}

static void parse_step(struct json_ctx *c, const cJSON *js, const char *path,
                       struct lesson_step *st)
{
	static const char *const read_keys[] = { "kind", "title", "text", NULL };
	static const char *const cmd_keys[] = {
		"kind", "title", "prompt", "goal", "hints", "points", "explain",
		"example", "reset", "personality", NULL,
	};
	static const char *const quiz_keys[] = {
		"kind", "title", "question", "choices", "answer", "answer_text",
		"points", "explain", "explain_wrong", NULL,
	};
	char p[JSON_PATH_MAX];
	if (!cJSON_IsObject(js)) {
		json_err_type(c, path, "a step (an object)", js);
		return;
	}
	const cJSON *kind = json_member(c, js, path, "kind", true);
	if (!kind)
		return;
	if (!cJSON_IsString(kind) || (strcmp(kind->valuestring, "read") &&
	                              strcmp(kind->valuestring, "command") &&
	                              strcmp(kind->valuestring, "quiz"))) {
		json_err_type(c, json_path_key(p, sizeof p, path, "kind"), "read, command or quiz",
		              kind);
		return;
	}
	json_get_string(c, js, path, "title", false, JSON_S_MARKUP, "a step title (a string)",
	                &st->title);
	if (!strcmp(kind->valuestring, "read")) {
		st->kind = LESSON_STEP_READ;
		json_check_keys(c, js, path, read_keys);
		json_get_string(c, js, path, "text", true, JSON_S_PROSE, "the text (a string)",
		                &st->text);
		return;
	}
	json_get_int(c, js, path, "points", true, 0, 1000, "an integer number of points",
	             &st->points);
	json_get_string(c, js, path, "explain", false, JSON_S_PROSE,
	                "a text shown once the step is done", &st->explain);
	if (!strcmp(kind->valuestring, "command")) {
		st->kind = LESSON_STEP_COMMAND;
		json_check_keys(c, js, path, cmd_keys);
		parse_command(c, js, path, st);
	} else {
		st->kind = LESSON_STEP_QUIZ;
		json_check_keys(c, js, path, quiz_keys);
		parse_quiz(c, js, path, st);
	}
}

/* --- engine names -------------------------------------------------------- */

static void check_engine_names(struct json_ctx *c, struct lesson *l)
{
	char err[256];
	struct smtp_server *srv = NULL;
	if (l->profile) {
		if (!smtp_profile_find(l->profile)) {
			char list[256] = "";
			size_t o = 0;
			for (size_t i = 0; i < smtp_profile_count() && o < sizeof list; i++)
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
				                      i ? ", " : "", smtp_profile_at(i)->name);
			json_err(c, "profile", "no engine profile \"%s\" (there are: %s)",
			         l->profile, list);
		} else {
			srv = smtp_server_new(l->profile, err, sizeof err);
		}
	}
	if (!srv)
		srv = smtp_server_new(NULL, err, sizeof err);
	if (!srv) {
		json_err(c, "profile", "cannot build a server: %s", err);
		return;
	}
	for (size_t i = 0; i < l->nscenarios; i++) {
		char p[32];
		snprintf(p, sizeof p, "scenarios[%zu]", i);
		if (smtp_server_scenario(srv, l->scenarios[i], true, err, sizeof err) < 0)
			json_err(c, p, "%s", err);
	}
	for (size_t i = 0; i < l->nrules; i++) {
		char p[32];
		snprintf(p, sizeof p, "rules[%zu]", i);
		if (smtp_server_add_rule(srv, l->rules[i], err, sizeof err) < 0)
			json_err(c, p, "%s", err);
	}
	smtp_server_free(srv);
}

/* --- the lesson ------------------------------------------------------------ */

static bool id_ok(const char *s)
{
	size_t n = strlen(s);
	if (n == 0 || n > 40 || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-'))
			return false;
	return true;
}

/* The slug of ".../NN-slug.json", or NULL when the name has another form. */
static bool file_slug(const char *name, char *slug, size_t n)
{
	const char *base = strrchr(name, '/');
	base = base ? base + 1 : name;
	size_t len = strlen(base);
	if (len < 6 || strcmp(base + len - 5, ".json"))
		return false;
	size_t d = 0;
	while (base[d] >= '0' && base[d] <= '9')
		d++;
	if (d == 0 || base[d] != '-')
		return false;
	size_t sl = len - 5 - d - 1;
	if (sl == 0 || sl >= n)
		return false;
	memcpy(slug, base + d + 1, sl);
	slug[sl] = '\0';
	return true;
}

void lesson_free(struct lesson *l)
{
	if (!l)
		return;
	for (size_t i = 0; i < l->nsteps; i++) {
		struct lesson_step *st = &l->steps[i];
		free(st->title);
		free(st->explain);
		free(st->text);
		free(st->prompt);
		free(st->goal.enhanced);
		free(st->goal.looked_up);
		json_strv_free(st->hints, st->nhints);
		json_strv_free(st->example, st->nexample);
		free(st->example_text);
		free(st->personality);
		free(st->question);
		json_strv_free(st->choices, st->nchoices);
		free(st->correct);
		json_strv_free(st->answer_text, st->nanswer_text);
		free(st->explain_wrong);
	}
	free(l->steps);
	free(l->path);
	free(l->id);
	free(l->title);
	free(l->summary);
	free(l->profile);
	json_strv_free(l->scenarios, l->nscenarios);
	json_strv_free(l->rules, l->nrules);
	json_strv_free(l->requires, l->nrequires);
	json_strv_free(l->setup, l->nsetup);
	json_strv_free(l->recap, l->nrecap);
	json_strv_free(l->zone, l->nzone);
	free(l->personality);
	free(l);
}

/* Line and column (1-based, columns in characters) of offset OFF. */
static void line_col(const char *text, size_t off, size_t *line, size_t *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			(*col)++;
		}
	}
}

/* A cheap pre-scan of the JSON text, before the parser sees it: where the
 * nesting first goes deeper than LESSON_DEPTH_MAX (so a hostile file
 * cannot make the parser recurse deeply), and where a string opens that
 * runs over a line end or to the end of the text (cJSON reports a missing
 * '"' at a confusing place). (size_t)-1 for none. */
struct scan {
	size_t too_deep;
	size_t open_string;
};

static struct scan prescan(const char *t, size_t n)
{
	struct scan sc = { (size_t)-1, (size_t)-1 };
	int depth = 0;
	bool str = false;
	size_t str_start = 0;
	for (size_t i = 0; i < n; i++) {
		char ch = t[i];
		if (str) {
			/* strings end exactly where cJSON ends them: cJSON takes a
			 * raw newline as text, so the brackets after one are text
			 * too, and counting them as nesting would miss real depth */
			if (ch == '\\')
				i++;
			else if (ch == '"')
				str = false;
			else if (ch == '\n' && sc.open_string == (size_t)-1)
				sc.open_string = str_start;
		} else if (ch == '"') {
			str = true;
			str_start = i;
		} else if (ch == '{' || ch == '[') {
			if (++depth > LESSON_DEPTH_MAX) {
				sc.too_deep = i;
				return sc;
			}
		} else if (ch == '}' || ch == ']') {
			depth--;
		}
	}
	if (str && sc.open_string == (size_t)-1)
		sc.open_string = str_start;
	return sc;
}

struct lesson *lesson_parse(const char *name, const char *text, size_t len,
                            struct lesson_errors *errs)
{
	static const char *const keys[] = {
		"id", "title", "summary", "minutes", "profile", "scenarios", "rules",
		"requires", "hint_penalty", "wrong_penalty", "exam", "setup", "recap", "zone",
		"personality", "steps", NULL,
	};
	struct json_ctx c = { name, errs, 0 };
	struct lesson *l = NULL;
	cJSON *root = NULL;
	char *buf = NULL;
	size_t line, col;

	if (len > LESSON_FILE_MAX) {
		json_err(&c, NULL, "file too large (%zu bytes; a lesson file may hold at "
		         "most %d)", len, LESSON_FILE_MAX);
		goto out;
	}
	if (memchr(text, '\0', len)) {
		line_col(text, (size_t)((const char *)memchr(text, '\0', len) - text), &line, &col);
		lesson_errors_add(errs, "%s:%zu:%zu: a NUL byte: not a JSON text file", name, line, col);
		goto out;
	}
	struct scan sc = prescan(text, len);
	if (sc.too_deep != (size_t)-1) {
		buf = lesson_xcalloc(len + 1, 1);
		memcpy(buf, text, len);
		line_col(buf, sc.too_deep, &line, &col);
		lesson_errors_add(errs, "%s:%zu:%zu: JSON nested deeper than %d levels",
		                  name, line, col, LESSON_DEPTH_MAX);
		goto out;
	}
	buf = malloc(len + 1);
	if (!buf) {
		perror("smtpsim");
		abort();
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	const char *end = NULL;
	root = cJSON_ParseWithOpts(buf, &end, 1);
	if (!root) {
		size_t off = end && end >= buf && end <= buf + len ? (size_t)(end - buf) : len;
		line_col(buf, off, &line, &col);
		if (sc.open_string != (size_t)-1 && sc.open_string < off) {
			line_col(buf, sc.open_string, &line, &col);
			lesson_errors_add(errs, "%s:%zu:%zu: JSON syntax error: this string is "
			                  "never closed on its line (a missing '\"'?)", name, line, col);
		} else if (off >= len) {
			lesson_errors_add(errs, "%s:%zu:%zu: JSON syntax error: the text ends too "
			                  "early (an unclosed string, bracket or brace?)", name, line, col);
		} else {
			char near[24];
			size_t k = 0;
			for (size_t i = off; i < len && buf[i] != '\n' && k < 16; i++)
				near[k++] = (buf[i] >= 0x20 && buf[i] < 0x7f) ? buf[i] : '?';
			near[k] = '\0';
			lesson_errors_add(errs, "%s:%zu:%zu: JSON syntax error near '%s'", name,
			                  line, col, near);
		}
		goto out;
	}
	if (!cJSON_IsObject(root)) {
		json_err_type(&c, NULL, "a lesson (a JSON object) at the top level", root);
		goto out;
	}

	l = lesson_xcalloc(1, sizeof *l);
	l->path = lesson_xstrdup(name);
	l->hint_penalty = 0.25;
	l->wrong_penalty = 0.5;
	json_check_keys(&c, root, "", keys);
	if (json_get_string(&c, root, "", "id", true, 0, "a lesson id (a string)", &l->id)) {
		char slug[64];
		if (!id_ok(l->id))
			json_err(&c, "id", "expected a lesson id of lowercase letters, digits "
			         "and dashes, got \"%s\"", l->id);
		else if (file_slug(name, slug, sizeof slug) && strcmp(slug, l->id))
			json_err(&c, "id", "\"%s\" does not match the file name (expected "
			         "\"%s\")", l->id, slug);
	}
	json_get_string(&c, root, "", "title", true, JSON_S_MARKUP, "a title (a string)",
	                &l->title);
	json_get_string(&c, root, "", "summary", true, JSON_S_PROSE, "a summary (a string)",
	                &l->summary);
	json_get_int(&c, root, "", "minutes", true, 1, 120, "an integer number of minutes",
	             &l->minutes);
	json_get_string(&c, root, "", "profile", true, 0, "an engine profile name (a string)",
	                &l->profile);
	json_get_strings(&c, root, "", "scenarios", false, 0, 0, "scenario names",
	                 &l->scenarios, &l->nscenarios);
	json_get_strings(&c, root, "", "rules", false, 0, 0, "engine rules", &l->rules,
	                 &l->nrules);
	json_get_strings(&c, root, "", "requires", false, 0, 0, "lesson ids", &l->requires,
	                 &l->nrequires);
	json_get_strings(&c, root, "", "setup", false, 1, JSON_S_EMPTY_OK,
	                 "lines typed before step 1", &l->setup, &l->nsetup);
	json_get_strings(&c, root, "", "recap", false, 1, JSON_S_MARKUP, "things to remember",
	                 &l->recap, &l->nrecap);
	if (json_get_string(&c, root, "", "personality", false, 0, "a personality name",
	                    &l->personality))
		check_personality(&c, "personality", l->personality);
	if (json_get_strings(&c, root, "", "zone", false, 1, 0, "DNS records", &l->zone,
	                     &l->nzone)) {
		for (size_t i = 0; i < l->nzone; i++) {
			const char *why = zone_record_problem(l->zone[i]);
			char pe[JSON_PATH_MAX];
			if (why)
				json_err(&c, json_path_index(pe, sizeof pe, "zone", i), "%s", why);
		}
	}
	json_get_number(&c, root, "", "hint_penalty", 0, 1,
	                "a share of the step's points (a number)", &l->hint_penalty);
	json_get_number(&c, root, "", "wrong_penalty", 0, 1,
	                "a share of the step's points (a number)", &l->wrong_penalty);
	json_get_bool(&c, root, "", "exam", "true or false", &l->exam);

	const cJSON *steps = json_member(&c, root, "", "steps", true);
	if (steps && !cJSON_IsArray(steps)) {
		json_err_type(&c, "steps", "an array of steps", steps);
	} else if (steps) {
		size_t n = (size_t)cJSON_GetArraySize(steps);
		if (n == 0 || n > STEPS_MAX) {
			json_err(&c, "steps", "expected 1 to %d steps, got %zu", STEPS_MAX, n);
		} else {
			l->steps = lesson_xcalloc(n, sizeof *l->steps);
			l->nsteps = n;
			size_t i = 0;
			const cJSON *it;
			cJSON_ArrayForEach(it, steps) {
				char p[JSON_PATH_MAX];
				snprintf(p, sizeof p, "steps[%zu]", i);
				parse_step(&c, it, p, &l->steps[i]);
				l->max_score += l->steps[i].points;
				i++;
			}
		}
	}
	if (l->profile || l->nscenarios || l->nrules)
		check_engine_names(&c, l);

out:
	cJSON_Delete(root);
	free(buf);
	if (c.nerr || !root) {
		lesson_free(l);
		return NULL;
	}
	return l;
}

struct lesson *lesson_load_file(const char *path, struct lesson_errors *errs)
{
	/* O_NONBLOCK: a FIFO must not hang the loader; regular files ignore it. */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (fd < 0) {
		lesson_errors_add(errs, "%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
		lesson_errors_add(errs, "%s: not a regular file", path);
		close(fd);
		return NULL;
	}
	if (sb.st_size > LESSON_FILE_MAX) {
		lesson_errors_add(errs, "%s: file too large (%lld bytes; a lesson file may "
		                  "hold at most %d)", path, (long long)sb.st_size, LESSON_FILE_MAX);
		close(fd);
		return NULL;
	}
	/* The file may grow between fstat and read: grow the buffer up to one
	 * byte past the limit, enough to notice. */
	size_t cap = (size_t)sb.st_size + 1, len = 0;
	char *buf = malloc(cap);
	if (!buf) {
		perror("smtpsim");
		abort();
	}
	for (;;) {
		if (len == cap) {
			if (cap > LESSON_FILE_MAX)
				break;
			cap = cap * 2 > LESSON_FILE_MAX + 1 ? LESSON_FILE_MAX + 1 : cap * 2;
			char *nb = realloc(buf, cap);
			if (!nb) {
				perror("smtpsim");
				abort();
			}
			buf = nb;
		}
		ssize_t r = read(fd, buf + len, cap - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			lesson_errors_add(errs, "%s: cannot read: %s", path, strerror(errno));
			close(fd);
			free(buf);
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
	}
	close(fd);
	struct lesson *l = lesson_parse(path, buf, len, errs);
	free(buf);
	return l;
}

size_t lesson_step_hint_count(const struct lesson_step *st)
{
	return st->kind == LESSON_STEP_COMMAND ? st->nhints + 1 : 0;
}

const char *lesson_step_hint(const struct lesson_step *st, size_t i)
{
	if (st->kind != LESSON_STEP_COMMAND)
		return NULL;
	if (i < st->nhints)
		return st->hints[i];
	return i == st->nhints ? st->example_text : NULL;
}
