/* lesson.c — the lesson loader: bounded file read, JSON parse, and a
 * validation of every field through typed getters that name the file, the
 * JSON path and what was expected. */
#include "lesson/lesson.h"
#include "lesson/zone.h"
#include "smtp/personality.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SMTPSIM_DATADIR
#define SMTPSIM_DATADIR "/usr/local/share/smtpsim"
#endif

enum {
	PATH_MAX_LEN = 128,   /* a JSON path in a message */
	STR_MAX = 8192,       /* longest string field */
	LIST_MAX = 64,        /* longest array field */
	STEPS_MAX = 64,
};

/* --- error lines ----------------------------------------------------- */

void lesson_errors_free(struct lesson_errors *e)
{
	for (size_t i = 0; i < e->n; i++)
		free(e->v[i]);
	free(e->v);
	e->v = NULL;
	e->n = e->cap = 0;
}

static void errors_addv(struct lesson_errors *e, const char *fmt, va_list ap)
	__attribute__((format(printf, 2, 0)));
static void errors_addv(struct lesson_errors *e, const char *fmt, va_list ap)
{
	va_list ap2;
	va_copy(ap2, ap);
	int len = vsnprintf(NULL, 0, fmt, ap2);
	va_end(ap2);
	if (len < 0)
		return;
	char *s = malloc((size_t)len + 1);
	if (!s)
		return;
	vsnprintf(s, (size_t)len + 1, fmt, ap);
	if (e->n == e->cap) {
		size_t cap = e->cap ? e->cap * 2 : 8;
		char **v = realloc(e->v, cap * sizeof *v);
		if (!v) {
			free(s);
			return;
		}
		e->v = v;
		e->cap = cap;
	}
	e->v[e->n++] = s;
}

void lesson_errors_add(struct lesson_errors *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	errors_addv(e, fmt, ap);
	va_end(ap);
}

/* The validation context: which file, where errors go, how many. */
struct ctx {
	const char *name;
	struct lesson_errors *errs;
	int nerr;
};

/* "NAME: PATH: message", or "NAME: message" at the top level. */
static void err_at(struct ctx *c, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void err_at(struct ctx *c, const char *path, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	if (path && *path)
		lesson_errors_add(c->errs, "%s: %s: %s", c->name, path, msg);
	else
		lesson_errors_add(c->errs, "%s: %s", c->name, msg);
	c->nerr++;
}

/* Paths in messages are short in any sane lesson; a cut one ends in "...". */
static void mark_cut(char *buf, size_t n, int r)
{
	if (r < 0 || (size_t)r >= n)
		memcpy(buf + n - 4, "...", 4);
}

/* PARENT.KEY into buf. */
static const char *join(char *buf, size_t n, const char *parent, const char *key)
{
	int r;
	if (parent && *parent)
		r = snprintf(buf, n, "%s.%s", parent, key);
	else
		r = snprintf(buf, n, "%s", key);
	mark_cut(buf, n, r);
	return buf;
}

/* PARENT[I] into buf. */
static const char *index_path(char *buf, size_t n, const char *parent, size_t i)
{
	mark_cut(buf, n, snprintf(buf, n, "%s[%zu]", parent, i));
	return buf;
}

/* A short, printable description of a JSON value for "got ...". */
static const char *describe(const cJSON *v, char *buf, size_t n)
{
	if (cJSON_IsString(v)) {
		size_t o = 0;
		const unsigned char *s = (const unsigned char *)v->valuestring;
		buf[o++] = '"';
		for (size_t i = 0; s[i] && o + 8 < n; i++) {
			if (i >= 40) {
				o += (size_t)snprintf(buf + o, n - o, "...");
				break;
			}
			if (s[i] < 0x20 || s[i] == 0x7f || s[i] == '"' || s[i] == '\\')
				o += (size_t)snprintf(buf + o, n - o, "\\x%02x", s[i]);
			else
				buf[o++] = (char)s[i];
		}
		if (o + 2 > n)
			o = n - 2;
		buf[o++] = '"';
		buf[o] = '\0';
	} else if (cJSON_IsNumber(v)) {
		snprintf(buf, n, "%.15g", v->valuedouble);
	} else if (cJSON_IsTrue(v)) {
		snprintf(buf, n, "true");
	} else if (cJSON_IsFalse(v)) {
		snprintf(buf, n, "false");
	} else if (cJSON_IsNull(v)) {
		snprintf(buf, n, "null");
	} else if (cJSON_IsArray(v)) {
		snprintf(buf, n, "an array");
	} else if (cJSON_IsObject(v)) {
		snprintf(buf, n, "an object");
	} else {
		snprintf(buf, n, "an invalid value");
	}
	return buf;
}

static void err_type(struct ctx *c, const char *path, const char *what, const cJSON *got)
{
	char g[128];
	err_at(c, path, "expected %s, got %s", what, describe(got, g, sizeof g));
}

/* --- strings ------------------------------------------------------------ */

/* Length of the valid UTF-8 sequence at p (n bytes left), 0 if invalid. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
	size_t len;
	unsigned cp, min;
	if (p[0] < 0x80)
		return 1;
	if (p[0] < 0xc2)
		return 0;
	if (p[0] < 0xe0) { len = 2; cp = p[0] & 0x1fu; min = 0x80; }
	else if (p[0] < 0xf0) { len = 3; cp = p[0] & 0x0fu; min = 0x800; }
	else if (p[0] < 0xf5) { len = 4; cp = p[0] & 0x07u; min = 0x10000; }
	else return 0;
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3fu);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
	    (cp >= 0x80 && cp < 0xa0))
		return 0;
	return len;
}

enum {
	S_MULTILINE = 1,  /* '\n' allowed */
	S_EMPTY_OK = 2,
	S_MARKUP = 4,     /* shown with `code` markup: backticks must pair */
	S_PROSE = S_MULTILINE | S_MARKUP,
};

/* Lesson text reaches the terminal: only printable UTF-8 (and '\n' where
 * a field may hold paragraphs). Returns NULL when fine, else the reason. */
static const char *string_problem(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	if (n == 0 && !(flags & S_EMPTY_OK))
		return "must not be empty";
	if (n > STR_MAX)
		return "is too long (at most 8192 bytes)";
	if (flags & S_MARKUP) {
		size_t ticks = 0;
		for (size_t i = 0; i < n; i++)
			ticks += p[i] == '`';
		if (ticks % 2)
			return "has an unclosed `code` span (an odd number of backticks)";
	}
	for (size_t i = 0; i < n;) {
		if (p[i] == '\n') {
			if (!(flags & S_MULTILINE))
				return "must be a single line (no \\n)";
			i++;
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f)
			return "holds a control character";
		size_t l = utf8_seq(p + i, n - i);
		if (!l)
			return "is not valid UTF-8 or holds a control character";
		i += l;
	}
	return NULL;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		perror("smtpsim");
		abort();
	}
	return d;
}

static void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size);
	if (!p) {
		perror("smtpsim");
		abort();
	}
	return p;
}

/* --- typed getters ----------------------------------------------------- */

struct key_at {
	const char *key;
	size_t at;          /* position in the object */
};

static int key_at_cmp(const void *a, const void *b)
{
	const struct key_at *x = a, *y = b;
	int r = strcmp(x->key, y->key);
	return r ? r : (x->at > y->at) - (x->at < y->at);
}

/* For each of the N members of OBJ, whether an earlier member has its
 * name. Sorting by (name, position) costs n log n: a hostile file may
 * hold 80 000 keys in one object, where comparing each key with all
 * earlier ones took minutes. Free the result. */
static bool *duplicate_keys(const cJSON *obj, size_t n)
{
	struct key_at *v = xcalloc(n, sizeof *v);
	bool *dup = xcalloc(n, sizeof *dup);
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, obj) {
		v[i].key = it->string ? it->string : "";
		v[i].at = i;
		i++;
	}
	qsort(v, n, sizeof *v, key_at_cmp);
	for (i = 1; i < n; i++)
		if (!strcmp(v[i].key, v[i - 1].key))
			dup[v[i].at] = true;
	free(v);
	return dup;
}

/* Every key of OBJ must be in ALLOWED (NULL-terminated) and appear once. */
static void check_keys(struct ctx *c, const cJSON *obj, const char *path,
                       const char *const *allowed)
{
	const cJSON *it;
	size_t n = 0, at = 0;
	cJSON_ArrayForEach(it, obj)
		n++;
	if (n == 0)
		return;
	bool *dup = duplicate_keys(obj, n);
	cJSON_ArrayForEach(it, obj) {
		char p[PATH_MAX_LEN];
		const char *key = it->string ? it->string : "";
		if (dup[at++]) {
			err_at(c, join(p, sizeof p, path, key), "duplicate key");
			continue;
		}
		size_t i;
		for (i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], key))
				break;
		if (!allowed[i]) {
			/* A typo is the common case: suggest the nearest known key. */
			const char *near = NULL;
			for (i = 0; allowed[i]; i++) {
				if (!strcasecmp(allowed[i], key)) {
					near = allowed[i];
					break;
				}
			}
			for (i = 0; !near && allowed[i]; i++) {
				size_t la = strlen(allowed[i]), lk = strlen(key);
				size_t same = 0;
				for (size_t j = 0; j < la && j < lk; j++)
					same += allowed[i][j] == key[j];
				if ((la == lk && la >= 3 && same + 2 >= la) ||
				    (la >= 4 && lk >= 4 && !strncmp(allowed[i], key, 4) &&
				     (la > lk ? la - lk : lk - la) <= 2))
					near = allowed[i];
			}
			char list[512] = "";
			size_t o = 0;
			for (i = 0; allowed[i] && o < sizeof list; i++)
				o += (size_t)snprintf(list + o, sizeof list - o, "%s%s",
				                      i ? ", " : "", allowed[i]);
			join(p, sizeof p, path, key);
			if (near)
				err_at(c, p, "unknown key (did you mean \"%s\"?)", near);
			else
				err_at(c, p, "unknown key (allowed here: %s)", list);
		}
	}
	free(dup);
}

/* The member KEY of OBJ, or NULL; "missing key" when REQUIRED. */
static const cJSON *member(struct ctx *c, const cJSON *obj, const char *path,
                           const char *key, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v && required)
		err_at(c, path, "missing required key \"%s\"", key);
	return v;
}

/* The getters build the JSON path of a message only when there is one. */
#define P() join(p, sizeof p, path, key)

/* A string member; *out is a copy, or left alone when absent. */
static bool get_string(struct ctx *c, const cJSON *obj, const char *path,
                       const char *key, bool required, int flags,
                       const char *what, char **out)
{
	char p[PATH_MAX_LEN];
	const cJSON *v = member(c, obj, path, key, required);
	if (!v)
		return !required;
	if (!cJSON_IsString(v)) {
		err_type(c, P(), what, v);
		return false;
	}
	const char *why = string_problem(v->valuestring, flags);
	if (why) {
		err_at(c, P(), "%s", why);
		return false;
	}
	*out = xstrdup(v->valuestring);
	return true;
}

/* Whether D is a whole number; checked for range first, because casting
 * a double outside long long's range (1e300 in a hostile file) is
 * undefined behaviour. */
static bool whole(double d)
{
	return d > -1e18 && d < 1e18 && d == (double)(long long)d;
}

/* An integer member in [min, max]. */
static bool get_int(struct ctx *c, const cJSON *obj, const char *path,
                    const char *key, bool required, long min, long max,
                    const char *what, int *out)
{
	char p[PATH_MAX_LEN];
	const cJSON *v = member(c, obj, path, key, required);
	if (!v)
		return !required;
	if (!cJSON_IsNumber(v) || !whole(v->valuedouble)) {
		err_type(c, P(), what, v);
		return false;
	}
	if (v->valuedouble < (double)min || v->valuedouble > (double)max) {
		err_at(c, P(), "expected %s from %ld to %ld, got %.15g", what, min, max,
		       v->valuedouble);
		return false;
	}
	*out = (int)v->valuedouble;
	return true;
}

static bool get_number(struct ctx *c, const cJSON *obj, const char *path,
                       const char *key, double min, double max,
                       const char *what, double *out)
{
	char p[PATH_MAX_LEN];
	const cJSON *v = member(c, obj, path, key, false);
	if (!v)
		return true;
	if (!cJSON_IsNumber(v)) {
		err_type(c, P(), what, v);
		return false;
	}
	if (v->valuedouble < min || v->valuedouble > max) {
		err_at(c, P(), "expected %s from %g to %g, got %.15g", what, min, max,
		       v->valuedouble);
		return false;
	}
	*out = v->valuedouble;
	return true;
}

static bool get_bool(struct ctx *c, const cJSON *obj, const char *path,
                     const char *key, const char *what, bool *out)
{
	char p[PATH_MAX_LEN];
	const cJSON *v = member(c, obj, path, key, false);
	if (!v)
		return true;
	if (!cJSON_IsBool(v)) {
		err_type(c, P(), what, v);
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

static void free_strv(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* An array of strings. MINN: fewest elements. *out stays NULL when the
 * key is absent (and not required). */
static bool get_strings(struct ctx *c, const cJSON *obj, const char *path,
                        const char *key, bool required, size_t minn, int flags,
                        const char *what, char ***out, size_t *nout)
{
	char p[PATH_MAX_LEN];
	const cJSON *v = member(c, obj, path, key, required);
	if (!v)
		return !required;
	if (!cJSON_IsArray(v)) {
		char what_arr[160];
		snprintf(what_arr, sizeof what_arr, "an array of %s", what);
		err_type(c, P(), what_arr, v);
		return false;
	}
	size_t n = (size_t)cJSON_GetArraySize(v);
	if (n < minn) {
		err_at(c, P(), "expected at least %zu element%s, got %zu", minn,
		       minn == 1 ? "" : "s", n);
		return false;
	}
	if (n > LIST_MAX) {
		err_at(c, P(), "too many elements (%zu; at most %d)", n, LIST_MAX);
		return false;
	}
	char **arr = xcalloc(n, sizeof *arr);
	bool ok = true;
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, v) {
		char pe[PATH_MAX_LEN];
		if (!cJSON_IsString(it)) {
			err_type(c, index_path(pe, sizeof pe, P(), i), what, it);
			ok = false;
		} else {
			const char *why = string_problem(it->valuestring, flags);
			if (why) {
				err_at(c, index_path(pe, sizeof pe, P(), i), "%s", why);
				ok = false;
			} else {
				arr[i] = xstrdup(it->valuestring);
			}
		}
		i++;
	}
	if (!ok) {
		free_strv(arr, n);
		return false;
	}
	*out = arr;
	*nout = n;
	return true;
}

#undef P

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

static void parse_goal(struct ctx *c, const cJSON *g, const char *path,
                       struct lesson_goal *goal)
{
	static const char *const keys[] = {
		"verb", "reply", "reply_class", "enhanced", "state",
		"recipients_at_least", "tls", "authenticated", "message_accepted", "looked_up",
		NULL,
	};
	char p[PATH_MAX_LEN];
	if (!cJSON_IsObject(g)) {
		err_type(c, path, "an object (what the learner must achieve)", g);
		return;
	}
	check_keys(c, g, path, keys);

	const cJSON *v = cJSON_GetObjectItemCaseSensitive(g, "verb");
	if (v) {
		join(p, sizeof p, path, "verb");
		int cmd = cJSON_IsString(v) ? cmd_from_name(v->valuestring) : -1;
		if (cmd < 0) {
			err_type(c, p, "a command name (HELO EHLO MAIL RCPT DATA DOT RSET "
			         "NOOP VRFY EXPN HELP QUIT STARTTLS AUTH AUTH-DATA CONNECT "
			         "UNKNOWN LINE)", v);
		} else {
			goal->verb = (enum smtp_cmd)cmd;
			goal->have |= LESSON_GOAL_VERB;
		}
	}
	if (cJSON_GetObjectItemCaseSensitive(g, "reply") &&
	    get_int(c, g, path, "reply", false, 200, 599, "an integer reply code", &goal->reply))
		goal->have |= LESSON_GOAL_REPLY;
	if (cJSON_GetObjectItemCaseSensitive(g, "reply_class") &&
	    get_int(c, g, path, "reply_class", false, 2, 5,
	            "an integer reply class (the first digit)", &goal->reply_class))
		goal->have |= LESSON_GOAL_REPLY_CLASS;
	v = cJSON_GetObjectItemCaseSensitive(g, "enhanced");
	if (v) {
		join(p, sizeof p, path, "enhanced");
		if (!cJSON_IsString(v) || !enhanced_ok(v->valuestring)) {
			err_type(c, p, "an enhanced status code such as \"5.1.1\"", v);
		} else {
			goal->enhanced = xstrdup(v->valuestring);
			goal->have |= LESSON_GOAL_ENHANCED;
		}
	}
	v = cJSON_GetObjectItemCaseSensitive(g, "state");
	if (v) {
		join(p, sizeof p, path, "state");
		int st = cJSON_IsString(v) ? smtp_state_from_name(v->valuestring) : -1;
		if (st < 0 || st == SMTP_STATE_INIT) {
			err_type(c, p, "a session state (greeted ready mail rcpt data "
			         "auth blocked closed)", v);
		} else {
			goal->state = (enum smtp_state)st;
			goal->have |= LESSON_GOAL_STATE;
		}
	}
	int n = 0;
	if (cJSON_GetObjectItemCaseSensitive(g, "recipients_at_least") &&
	    get_int(c, g, path, "recipients_at_least", false, 1, SMTP_RCPT_MAX,
	            "an integer number of recipients", &n)) {
		goal->recipients_at_least = (size_t)n;
		goal->have |= LESSON_GOAL_RCPT_MIN;
	}
	if (cJSON_GetObjectItemCaseSensitive(g, "tls") &&
	    get_bool(c, g, path, "tls", "true or false", &goal->tls))
		goal->have |= LESSON_GOAL_TLS;
	if (cJSON_GetObjectItemCaseSensitive(g, "authenticated") &&
	    get_bool(c, g, path, "authenticated", "true or false", &goal->authenticated))
		goal->have |= LESSON_GOAL_AUTH;
	if (cJSON_GetObjectItemCaseSensitive(g, "message_accepted") &&
	    get_bool(c, g, path, "message_accepted", "true or false", &goal->message_accepted))
		goal->have |= LESSON_GOAL_MESSAGE;
	v = cJSON_GetObjectItemCaseSensitive(g, "looked_up");
	if (v) {
		join(p, sizeof p, path, "looked_up");
		const char *sp = cJSON_IsString(v) ? strchr(v->valuestring, ' ') : NULL;
		if (!sp || sp == v->valuestring || !zone_type_known(sp + 1)) {
			err_type(c, p, "a name and a record type, such as \"example.com MX\"", v);
		} else {
			goal->looked_up = xstrdup(v->valuestring);
			goal->have |= LESSON_GOAL_LOOKUP;
		}
	}

	if (!g->child) {
		err_at(c, path, "an empty goal: give at least one of verb, reply, "
		       "reply_class, enhanced, state, recipients_at_least, tls, "
		       "authenticated, message_accepted, looked_up");
		return;
	}
	/* Goals that no reply can meet would leave the learner stuck. */
	if ((goal->have & LESSON_GOAL_REPLY) && (goal->have & LESSON_GOAL_REPLY_CLASS) &&
	    goal->reply / 100 != goal->reply_class)
		err_at(c, path, "reply %d and reply_class %d contradict each other",
		       goal->reply, goal->reply_class);
	int cls = (goal->have & LESSON_GOAL_REPLY) ? goal->reply / 100 :
	          (goal->have & LESSON_GOAL_REPLY_CLASS) ? goal->reply_class : 0;
	if ((goal->have & LESSON_GOAL_ENHANCED) && cls && goal->enhanced[0] - '0' != cls)
		err_at(c, path, "enhanced \"%s\" cannot go with a %dxx reply",
		       goal->enhanced, cls);
}

/* --- steps --------------------------------------------------------------- */

static char *join_lines(char **v, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(v[i]) + 1;
	char *s = xcalloc(len, 1);
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

static void parse_quiz(struct ctx *c, const cJSON *js, const char *path,
                       struct lesson_step *st)
{
	char p[PATH_MAX_LEN];
	get_string(c, js, path, "question", true, S_PROSE, "the question (a string)",
	           &st->question);
	get_string(c, js, path, "explain_wrong", false, S_PROSE,
	           "a text shown after a wrong answer", &st->explain_wrong);
	const cJSON *choices = cJSON_GetObjectItemCaseSensitive(js, "choices");
	const cJSON *answer = cJSON_GetObjectItemCaseSensitive(js, "answer");
	const cJSON *text = cJSON_GetObjectItemCaseSensitive(js, "answer_text");
	if (choices && text) {
		err_at(c, join(p, sizeof p, path, "answer_text"),
		       "not allowed with \"choices\" (a quiz has either choices and "
		       "answer, or answer_text)");
		return;
	}
	if (!choices && !text) {
		err_at(c, path, "missing key \"choices\" or \"answer_text\" (a quiz "
		       "has either choices and answer, or answer_text)");
		return;
	}
	if (text) {
		if (answer)
			err_at(c, join(p, sizeof p, path, "answer"),
			       "not allowed with \"answer_text\" (answer holds choice indices)");
		get_strings(c, js, path, "answer_text", true, 1, 0,
		            "accepted answers (strings)", &st->answer_text, &st->nanswer_text);
		for (size_t i = 0; i < st->nanswer_text; i++) {
			const char *a = st->answer_text[i];
			size_t l = strlen(a);
			if (a[0] == ' ' || a[l - 1] == ' ')
				err_at(c, path, "answer_text[%zu]: leading or trailing spaces "
				       "never match (answers are trimmed)", i);
		}
		return;
	}
	if (!get_strings(c, js, path, "choices", true, 2, S_MARKUP, "choices (strings)",
	                 &st->choices, &st->nchoices))
		return;
	if (!answer) {
		err_at(c, path, "missing key \"answer\" (an array of the 0-based "
		       "indices of the correct choices)");
		return;
	}
	join(p, sizeof p, path, "answer");
	if (!cJSON_IsArray(answer) || cJSON_GetArraySize(answer) < 1) {
		err_type(c, p, "a non-empty array of choice indices", answer);
		return;
	}
	st->correct = xcalloc(st->nchoices, sizeof *st->correct);
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, answer) {
		char pe[PATH_MAX_LEN];
		char what[64];
		index_path(pe, sizeof pe, p, i++);
		snprintf(what, sizeof what, "a choice index from 0 to %zu", st->nchoices - 1);
		if (!cJSON_IsNumber(it) || !whole(it->valuedouble) ||
		    it->valuedouble < 0 || it->valuedouble >= (double)st->nchoices) {
			err_type(c, pe, what, it);
			continue;
		}
		size_t k = (size_t)it->valuedouble;
		if (st->correct[k]) {
			err_at(c, pe, "choice %zu is listed twice", k);
			continue;
		}
		st->correct[k] = true;
		st->ncorrect++;
	}
}

static void parse_command(struct ctx *c, const cJSON *js, const char *path,
                          struct lesson_step *st)
{
	char p[PATH_MAX_LEN];
	get_string(c, js, path, "prompt", true, S_PROSE,
	           "the task for the learner (a string)", &st->prompt);
	const cJSON *g = member(c, js, path, "goal", true);
	if (g)
		parse_goal(c, g, join(p, sizeof p, path, "goal"), &st->goal);
	get_strings(c, js, path, "hints", false, 0, S_PROSE, "hints (strings)",
	            &st->hints, &st->nhints);
	if (get_strings(c, js, path, "example", true, 1, S_EMPTY_OK,
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
			char ph[PATH_MAX_LEN], pe[PATH_MAX_LEN];
			err_at(c, index_path(pe, sizeof pe, join(ph, sizeof ph, path, "hints"), i),
			       "the same as the example, which is already the last hint");
		}
	}
	get_bool(c, js, path, "reset", "true or false", &st->reset);
}

static void parse_step(struct ctx *c, const cJSON *js, const char *path,
                       struct lesson_step *st)
{
	static const char *const read_keys[] = { "kind", "title", "text", NULL };
	static const char *const cmd_keys[] = {
		"kind", "title", "prompt", "goal", "hints", "points", "explain",
		"example", "reset", NULL,
	};
	static const char *const quiz_keys[] = {
		"kind", "title", "question", "choices", "answer", "answer_text",
		"points", "explain", "explain_wrong", NULL,
	};
	char p[PATH_MAX_LEN];
	if (!cJSON_IsObject(js)) {
		err_type(c, path, "a step (an object)", js);
		return;
	}
	const cJSON *kind = member(c, js, path, "kind", true);
	if (!kind)
		return;
	if (!cJSON_IsString(kind) || (strcmp(kind->valuestring, "read") &&
	                              strcmp(kind->valuestring, "command") &&
	                              strcmp(kind->valuestring, "quiz"))) {
		err_type(c, join(p, sizeof p, path, "kind"), "read, command or quiz", kind);
		return;
	}
	get_string(c, js, path, "title", false, S_MARKUP, "a step title (a string)", &st->title);
	if (!strcmp(kind->valuestring, "read")) {
		st->kind = LESSON_STEP_READ;
		check_keys(c, js, path, read_keys);
		get_string(c, js, path, "text", true, S_PROSE, "the text (a string)",
		           &st->text);
		return;
	}
	get_int(c, js, path, "points", true, 0, 1000, "an integer number of points",
	        &st->points);
	get_string(c, js, path, "explain", false, S_PROSE,
	           "a text shown once the step is done", &st->explain);
	if (!strcmp(kind->valuestring, "command")) {
		st->kind = LESSON_STEP_COMMAND;
		check_keys(c, js, path, cmd_keys);
		parse_command(c, js, path, st);
	} else {
		st->kind = LESSON_STEP_QUIZ;
		check_keys(c, js, path, quiz_keys);
		parse_quiz(c, js, path, st);
	}
}

/* --- engine names -------------------------------------------------------- */

static void check_engine_names(struct ctx *c, struct lesson *l)
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
			err_at(c, "profile", "no engine profile \"%s\" (there are: %s)",
			       l->profile, list);
		} else {
			srv = smtp_server_new(l->profile, err, sizeof err);
		}
	}
	if (!srv)
		srv = smtp_server_new(NULL, err, sizeof err);
	if (!srv) {
		err_at(c, "profile", "cannot build a server: %s", err);
		return;
	}
	for (size_t i = 0; i < l->nscenarios; i++) {
		char p[32];
		snprintf(p, sizeof p, "scenarios[%zu]", i);
		if (smtp_server_scenario(srv, l->scenarios[i], true, err, sizeof err) < 0)
			err_at(c, p, "%s", err);
	}
	for (size_t i = 0; i < l->nrules; i++) {
		char p[32];
		snprintf(p, sizeof p, "rules[%zu]", i);
		if (smtp_server_add_rule(srv, l->rules[i], err, sizeof err) < 0)
			err_at(c, p, "%s", err);
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
		free_strv(st->hints, st->nhints);
		free_strv(st->example, st->nexample);
		free(st->example_text);
		free(st->question);
		free_strv(st->choices, st->nchoices);
		free(st->correct);
		free_strv(st->answer_text, st->nanswer_text);
		free(st->explain_wrong);
	}
	free(l->steps);
	free(l->path);
	free(l->id);
	free(l->title);
	free(l->summary);
	free(l->profile);
	free_strv(l->scenarios, l->nscenarios);
	free_strv(l->rules, l->nrules);
	free_strv(l->requires, l->nrequires);
	free_strv(l->setup, l->nsetup);
	free_strv(l->recap, l->nrecap);
	free_strv(l->zone, l->nzone);
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
	struct ctx c = { name, errs, 0 };
	struct lesson *l = NULL;
	cJSON *root = NULL;
	char *buf = NULL;
	size_t line, col;

	if (len > LESSON_FILE_MAX) {
		err_at(&c, NULL, "file too large (%zu bytes; a lesson file may hold at "
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
		buf = xcalloc(len + 1, 1);
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
		err_type(&c, NULL, "a lesson (a JSON object) at the top level", root);
		goto out;
	}

	l = xcalloc(1, sizeof *l);
	l->path = xstrdup(name);
	l->hint_penalty = 0.25;
	l->wrong_penalty = 0.5;
	check_keys(&c, root, "", keys);
	if (get_string(&c, root, "", "id", true, 0, "a lesson id (a string)", &l->id)) {
		char slug[64];
		if (!id_ok(l->id))
			err_at(&c, "id", "expected a lesson id of lowercase letters, digits "
			       "and dashes, got \"%s\"", l->id);
		else if (file_slug(name, slug, sizeof slug) && strcmp(slug, l->id))
			err_at(&c, "id", "\"%s\" does not match the file name (expected "
			       "\"%s\")", l->id, slug);
	}
	get_string(&c, root, "", "title", true, S_MARKUP, "a title (a string)", &l->title);
	get_string(&c, root, "", "summary", true, S_PROSE, "a summary (a string)",
	           &l->summary);
	get_int(&c, root, "", "minutes", true, 1, 120, "an integer number of minutes",
	        &l->minutes);
	get_string(&c, root, "", "profile", true, 0, "an engine profile name (a string)",
	           &l->profile);
	get_strings(&c, root, "", "scenarios", false, 0, 0, "scenario names",
	            &l->scenarios, &l->nscenarios);
	get_strings(&c, root, "", "rules", false, 0, 0, "engine rules", &l->rules,
	            &l->nrules);
	get_strings(&c, root, "", "requires", false, 0, 0, "lesson ids", &l->requires,
	            &l->nrequires);
	get_strings(&c, root, "", "setup", false, 1, S_EMPTY_OK, "lines typed before step 1",
	            &l->setup, &l->nsetup);
	get_strings(&c, root, "", "recap", false, 1, S_MARKUP, "things to remember",
	            &l->recap, &l->nrecap);
	if (get_string(&c, root, "", "personality", false, 0, "a personality name",
	               &l->personality) && l->personality &&
	    smtp_personality_find(l->personality) < 0) {
		char names[256];
		size_t k = 0;
		for (size_t i = 0; i < smtp_personality_count() && k < sizeof names; i++)
			k += (size_t)snprintf(names + k, sizeof names - k, "%s%s", i ? ", " : "",
			                      smtp_personality_name(i));
		err_at(&c, "personality", "unknown personality \"%s\" (known: %s)",
		       l->personality, names);
	}
	if (get_strings(&c, root, "", "zone", false, 1, 0, "DNS records", &l->zone, &l->nzone)) {
		for (size_t i = 0; i < l->nzone; i++) {
			const char *why = zone_record_problem(l->zone[i]);
			char p[PATH_MAX_LEN], pe[PATH_MAX_LEN];
			if (why)
				err_at(&c, index_path(pe, sizeof pe, join(p, sizeof p, "", "zone"), i),
				       "%s", why);
		}
	}
	get_number(&c, root, "", "hint_penalty", 0, 1,
	           "a share of the step's points (a number)", &l->hint_penalty);
	get_number(&c, root, "", "wrong_penalty", 0, 1,
	           "a share of the step's points (a number)", &l->wrong_penalty);
	get_bool(&c, root, "", "exam", "true or false", &l->exam);

	const cJSON *steps = member(&c, root, "", "steps", true);
	if (steps && !cJSON_IsArray(steps)) {
		err_type(&c, "steps", "an array of steps", steps);
	} else if (steps) {
		size_t n = (size_t)cJSON_GetArraySize(steps);
		if (n == 0 || n > STEPS_MAX) {
			err_at(&c, "steps", "expected 1 to %d steps, got %zu", STEPS_MAX, n);
		} else {
			l->steps = xcalloc(n, sizeof *l->steps);
			l->nsteps = n;
			size_t i = 0;
			const cJSON *it;
			cJSON_ArrayForEach(it, steps) {
				char p[PATH_MAX_LEN];
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

/* --- sets ------------------------------------------------------------------ */

static void set_push(struct lesson_set *set, struct lesson *l)
{
	if (set->n == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		struct lesson **v = realloc(set->v, cap * sizeof *v);
		if (!v) {
			perror("smtpsim");
			abort();
		}
		set->v = v;
		set->cap = cap;
	}
	set->v[set->n++] = l;
}

int lesson_set_load_file(struct lesson_set *set, const char *path,
                         struct lesson_errors *errs)
{
	struct lesson *l = lesson_load_file(path, errs);
	if (!l)
		return -1;
	set_push(set, l);
	return 0;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int lesson_set_load_dir(struct lesson_set *set, const char *dir,
                        struct lesson_errors *errs)
{
	DIR *d = opendir(dir);
	if (!d) {
		lesson_errors_add(errs, "%s: cannot open the lesson directory: %s", dir,
		           strerror(errno));
		return -1;
	}
	char **names = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] == '.' || len < 6 || strcmp(de->d_name + len - 5, ".json"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 32;
			char **v = realloc(names, cap * sizeof *v);
			if (!v) {
				perror("smtpsim");
				abort();
			}
			names = v;
		}
		names[n++] = xstrdup(de->d_name);
	}
	closedir(d);
	if (n)
		qsort(names, n, sizeof *names, cmp_str);
	int failed = 0;
	for (size_t i = 0; i < n; i++) {
		char path[4096];
		size_t dl = strlen(dir);
		snprintf(path, sizeof path, "%s%s%s", dir,
		         dl && dir[dl - 1] == '/' ? "" : "/", names[i]);
		if (lesson_set_load_file(set, path, errs) < 0)
			failed++;
		free(names[i]);
	}
	free(names);
	return failed;
}

ptrdiff_t lesson_set_find_arg(const struct lesson_set *set, const char *arg)
{
	char *end;
	long num = strtol(arg, &end, 10);
	bool numeric = end != arg && !*end;
	for (size_t i = 0; i < set->n; i++) {
		const struct lesson *l = set->v[i];
		if (!strcmp(l->id, arg))
			return (ptrdiff_t)i;
		const char *base = strrchr(l->path, '/');
		base = base ? base + 1 : l->path;
		size_t bn = strlen(base);
		if (bn > 5 && strlen(arg) == bn - 5 && !strncmp(base, arg, bn - 5))
			return (ptrdiff_t)i;
		if (numeric && num == strtol(base, NULL, 10))
			return (ptrdiff_t)i;
	}
	return -1;
}

const struct lesson *lesson_set_find(const struct lesson_set *set, const char *id)
{
	for (size_t i = 0; i < set->n; i++)
		if (!strcmp(set->v[i]->id, id))
			return set->v[i];
	return NULL;
}

int lesson_set_check(const struct lesson_set *set, const struct lesson_set *ref,
                     struct lesson_errors *errs)
{
	int nerr = 0;
	for (size_t i = 0; i < set->n; i++) {
		const struct lesson *l = set->v[i];
		for (size_t j = 0; j < i; j++) {
			if (!strcmp(set->v[j]->id, l->id)) {
				lesson_errors_add(errs, "%s: id: \"%s\" is already the id of %s",
				           l->path, l->id, set->v[j]->path);
				nerr++;
				break;
			}
		}
		for (size_t k = 0; k < l->nrequires; k++) {
			const char *want = l->requires[k];
			bool found = false, later = false;
			if (!strcmp(want, l->id)) {
				lesson_errors_add(errs, "%s: requires[%zu]: a lesson cannot require "
				           "itself", l->path, k);
				nerr++;
				continue;
			}
			for (size_t j = 0; j < set->n; j++) {
				if (!strcmp(set->v[j]->id, want)) {
					found = true;
					later = j > i;
				}
			}
			if (!found && ref && lesson_set_find(ref, want))
				found = true;
			if (!found) {
				lesson_errors_add(errs, "%s: requires[%zu]: no lesson has the id \"%s\"",
				           l->path, k, want);
				nerr++;
			} else if (later) {
				lesson_errors_add(errs, "%s: requires[%zu]: \"%s\" comes later in the "
				           "teaching order (file names sort the lessons)",
				           l->path, k, want);
				nerr++;
			}
		}
	}
	return nerr;
}

void lesson_set_free(struct lesson_set *set)
{
	for (size_t i = 0; i < set->n; i++)
		lesson_free(set->v[i]);
	free(set->v);
	set->v = NULL;
	set->n = set->cap = 0;
}

const char *lesson_dir_default(void)
{
	const char *env = getenv("SMTPSIM_LESSONS");
	struct stat sb;
	if (env && *env)
		return env;
	if (stat("lessons", &sb) == 0 && S_ISDIR(sb.st_mode))
		return "lessons";
	return SMTPSIM_DATADIR "/lessons";
}

/* What a lesson directory holds, in a few words for lesson_dir_none_found. */
static const char *dir_state(const char *dir, char *buf, size_t n)
{
	struct stat sb;
	if (stat(dir, &sb) != 0) {
		snprintf(buf, n, "%s", errno == ENOENT ? "does not exist" : strerror(errno));
		return buf;
	}
	if (!S_ISDIR(sb.st_mode)) {
		snprintf(buf, n, "not a directory");
		return buf;
	}
	DIR *d = opendir(dir);
	if (!d) {
		snprintf(buf, n, "%s", strerror(errno));
		return buf;
	}
	size_t files = 0;
	struct dirent *de;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		if (de->d_name[0] != '.' && len >= 6 && !strcmp(de->d_name + len - 5, ".json"))
			files++;
	}
	closedir(d);
	if (files)
		snprintf(buf, n, "%zu lesson file%s, none of which loads: smtpsim "
		         "check-lessons says why", files, files == 1 ? "" : "s");
	else
		snprintf(buf, n, "no lesson files");
	return buf;
}

const char *lesson_dir_none_found(char *buf, size_t n)
{
	static const char installed[] = SMTPSIM_DATADIR "/lessons";
	const char *env = getenv("SMTPSIM_LESSONS");
	char a[128], b[128];
	if (env && *env) {
		snprintf(buf, n, "no lessons found: searched $SMTPSIM_LESSONS=%s (%s) only; "
		         "without SMTPSIM_LESSONS smtpsim searches ./lessons, then %s",
		         env, dir_state(env, a, sizeof a), installed);
		return buf;
	}
	struct stat sb;
	if (stat("lessons", &sb) == 0 && S_ISDIR(sb.st_mode))
		snprintf(buf, n, "no lessons found: searched $SMTPSIM_LESSONS (not set), then "
		         "./lessons (%s), which hides the installed %s; set SMTPSIM_LESSONS "
		         "to a lesson directory", dir_state("lessons", a, sizeof a), installed);
	else
		snprintf(buf, n, "no lessons found: searched $SMTPSIM_LESSONS (not set), "
		         "./lessons (%s), %s (%s); set SMTPSIM_LESSONS to a lesson directory",
		         dir_state("lessons", a, sizeof a), installed,
		         dir_state(installed, b, sizeof b));
	return buf;
}
