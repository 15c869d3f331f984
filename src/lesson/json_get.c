/* json_get.c — the typed JSON getters of the lesson loader and its error
 * lines: every problem names the file, the JSON path and what was
 * expected. */
#include "lesson/json_get.h"
#include "text/text.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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

/* --- messages that name the file and the JSON path ----------------------- */

/* "NAME: PATH: message", or "NAME: message" at the top level. */
void json_err(struct json_ctx *c, const char *path, const char *fmt, ...)
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
const char *json_path_key(char *buf, size_t n, const char *parent, const char *key)
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
const char *json_path_index(char *buf, size_t n, const char *parent, size_t i)
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

void json_err_type(struct json_ctx *c, const char *path, const char *what,
                   const cJSON *got)
{
	char g[128];
	json_err(c, path, "expected %s, got %s", what, describe(got, g, sizeof g));
}

/* --- strings ------------------------------------------------------------ */

/* Lesson text reaches the terminal: only printable UTF-8 (and '\n' where
 * a field may hold paragraphs). Returns NULL when fine, else the reason. */
const char *json_text_problem(const char *s, int flags)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	if (n == 0 && !(flags & JSON_S_EMPTY_OK))
		return "must not be empty";
	if (n > JSON_STR_MAX)
		return "is too long (at most 8192 bytes)";
	if (flags & JSON_S_MARKUP) {
		size_t ticks = 0;
		for (size_t i = 0; i < n; i++)
			ticks += p[i] == '`';
		if (ticks % 2)
			return "has an unclosed `code` span (an odd number of backticks)";
	}
	for (size_t i = 0; i < n;) {
		if (p[i] == '\n') {
			if (!(flags & JSON_S_MULTILINE))
				return "must be a single line (no \\n)";
			i++;
			continue;
		}
		if (p[i] < 0x20 || p[i] == 0x7f)
			return "holds a control character";
		size_t l = text_printable_seq(s + i, n - i);
		if (!l)
			return "is not valid UTF-8 or holds a control character";
		i += l;
	}
	return NULL;
}

char *lesson_xstrdup(const char *s)
{
	char *d = strdup(s);
	if (!d) {
		perror("smtpsim");
		abort();
	}
	return d;
}

void *lesson_xcalloc(size_t n, size_t size)
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
	struct key_at *v = lesson_xcalloc(n, sizeof *v);
	bool *dup = lesson_xcalloc(n, sizeof *dup);
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
void json_check_keys(struct json_ctx *c, const cJSON *obj, const char *path,
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
		char p[JSON_PATH_MAX];
		const char *key = it->string ? it->string : "";
		if (dup[at++]) {
			json_err(c, json_path_key(p, sizeof p, path, key), "duplicate key");
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
			json_path_key(p, sizeof p, path, key);
			if (near)
				json_err(c, p, "unknown key (did you mean \"%s\"?)", near);
			else
				json_err(c, p, "unknown key (allowed here: %s)", list);
		}
	}
	free(dup);
}

/* The member KEY of OBJ, or NULL; "missing key" when REQUIRED. */
const cJSON *json_member(struct json_ctx *c, const cJSON *obj, const char *path,
                         const char *key, bool required)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
	if (!v && required)
		json_err(c, path, "missing required key \"%s\"", key);
	return v;
}

/* The getters build the JSON path of a message only when there is one. */
#define P() json_path_key(p, sizeof p, path, key)

/* A string member; *out is a copy, or left alone when absent. */
bool json_get_string(struct json_ctx *c, const cJSON *obj, const char *path,
                     const char *key, bool required, int flags,
                     const char *what, char **out)
{
	char p[JSON_PATH_MAX];
	const cJSON *v = json_member(c, obj, path, key, required);
	if (!v)
		return !required;
	if (!cJSON_IsString(v)) {
		json_err_type(c, P(), what, v);
		return false;
	}
	const char *why = json_text_problem(v->valuestring, flags);
	if (why) {
		json_err(c, P(), "%s", why);
		return false;
	}
	*out = lesson_xstrdup(v->valuestring);
	return true;
}

/* Whether D is a whole number; checked for range first, because casting
 * a double outside long long's range (1e300 in a hostile file) is
 * undefined behaviour. */
bool json_whole(double d)
{
	return d > -1e18 && d < 1e18 && d == (double)(long long)d;
}

/* An integer member in [min, max]. */
bool json_get_int(struct json_ctx *c, const cJSON *obj, const char *path,
                  const char *key, bool required, long min, long max,
                  const char *what, int *out)
{
	char p[JSON_PATH_MAX];
	const cJSON *v = json_member(c, obj, path, key, required);
	if (!v)
		return !required;
	if (!cJSON_IsNumber(v) || !json_whole(v->valuedouble)) {
		json_err_type(c, P(), what, v);
		return false;
	}
	if (v->valuedouble < (double)min || v->valuedouble > (double)max) {
		json_err(c, P(), "expected %s from %ld to %ld, got %.15g", what, min, max,
		         v->valuedouble);
		return false;
	}
	*out = (int)v->valuedouble;
	return true;
}

bool json_get_number(struct json_ctx *c, const cJSON *obj, const char *path,
                     const char *key, double min, double max,
                     const char *what, double *out)
{
	char p[JSON_PATH_MAX];
	const cJSON *v = json_member(c, obj, path, key, false);
	if (!v)
		return true;
	if (!cJSON_IsNumber(v)) {
		json_err_type(c, P(), what, v);
		return false;
	}
	if (v->valuedouble < min || v->valuedouble > max) {
		json_err(c, P(), "expected %s from %g to %g, got %.15g", what, min, max,
		         v->valuedouble);
		return false;
	}
	*out = v->valuedouble;
	return true;
}

bool json_get_bool(struct json_ctx *c, const cJSON *obj, const char *path,
                   const char *key, const char *what, bool *out)
{
	char p[JSON_PATH_MAX];
	const cJSON *v = json_member(c, obj, path, key, false);
	if (!v)
		return true;
	if (!cJSON_IsBool(v)) {
		json_err_type(c, P(), what, v);
		return false;
	}
	*out = cJSON_IsTrue(v);
	return true;
}

void json_strv_free(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

/* An array of strings. MINN: fewest elements. *out stays NULL when the
 * key is absent (and not required). */
bool json_get_strings(struct json_ctx *c, const cJSON *obj, const char *path,
                      const char *key, bool required, size_t minn, int flags,
                      const char *what, char ***out, size_t *nout)
{
	char p[JSON_PATH_MAX];
	const cJSON *v = json_member(c, obj, path, key, required);
	if (!v)
		return !required;
	if (!cJSON_IsArray(v)) {
		char what_arr[160];
		snprintf(what_arr, sizeof what_arr, "an array of %s", what);
		json_err_type(c, P(), what_arr, v);
		return false;
	}
	size_t n = (size_t)cJSON_GetArraySize(v);
	if (n < minn) {
		json_err(c, P(), "expected at least %zu element%s, got %zu", minn,
		         minn == 1 ? "" : "s", n);
		return false;
	}
	if (n > JSON_LIST_MAX) {
		json_err(c, P(), "too many elements (%zu; at most %d)", n, JSON_LIST_MAX);
		return false;
	}
	char **arr = lesson_xcalloc(n, sizeof *arr);
	bool ok = true;
	size_t i = 0;
	const cJSON *it;
	cJSON_ArrayForEach(it, v) {
		char pe[JSON_PATH_MAX];
		if (!cJSON_IsString(it)) {
			json_err_type(c, json_path_index(pe, sizeof pe, P(), i), what, it);
			ok = false;
		} else {
			const char *why = json_text_problem(it->valuestring, flags);
			if (why) {
				json_err(c, json_path_index(pe, sizeof pe, P(), i), "%s", why);
				ok = false;
			} else {
				arr[i] = lesson_xstrdup(it->valuestring);
			}
		}
		i++;
	}
	if (!ok) {
		json_strv_free(arr, n);
		return false;
	}
	*out = arr;
	*nout = n;
	return true;
}

#undef P

