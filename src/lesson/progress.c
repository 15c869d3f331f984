/* progress.c — the learner's progress on disk: read leniently (a damaged
 * file is set aside, never fatal), written atomically. */
#include "lesson/progress.h"
#include "lesson/run.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PROGRESS_FORMAT "smtpsim-progress"
enum {
	PROGRESS_VERSION = 1,
	PROGRESS_FILE_MAX = 4 * 1024 * 1024,
	PROGRESS_STEPS_MAX = 1000,
	PROGRESS_ID_MAX = 64,
};

struct lesson_progress {
	char *path;          /* NULL when no home directory is known */
	struct lesson_progress_entry *v;
	size_t n, cap;
	/* Lessons this process recorded or forgot since its last save: on
	 * saving, every other lesson is taken from the file as it is then,
	 * so two smtpsim running at once do not undo each other's work. */
	char **touched;
	size_t ntouched, touched_cap;
	/* find()'s index of v by id, a cache: positions of the first
	 * `indexed` entries in an open-addressed table of `cap` slots
	 * (position + 1; 0 is empty). Appending leaves it valid; removing
	 * an entry moves the others, so every removal drops it. */
	struct {
		size_t *slot;
		size_t cap, indexed;
	} idx;
};

char *lesson_progress_default_path(char *buf, size_t buflen)
{
	const char *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int r;
	/* The XDG spec says a relative value is to be ignored. */
	if (xdg && xdg[0] == '/')
		r = snprintf(buf, buflen, "%s/smtpsim/progress.json", xdg);
	else if (home && home[0] == '/')
		r = snprintf(buf, buflen, "%s/.local/state/smtpsim/progress.json", home);
	else
		return NULL;
	return r > 0 && (size_t)r < buflen ? buf : NULL;
}

static void entry_clear(struct lesson_progress_entry *e)
{
	free(e->id);
	free(e->scores);
	memset(e, 0, sizeof *e);
}

static void index_drop(struct lesson_progress *p)
{
	free(p->idx.slot);
	p->idx.slot = NULL;
	p->idx.cap = p->idx.indexed = 0;
}

static void entries_free(struct lesson_progress *p)
{
	index_drop(p);
	for (size_t i = 0; i < p->n; i++)
		entry_clear(&p->v[i]);
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

static void touched_clear(struct lesson_progress *p)
{
	for (size_t i = 0; i < p->ntouched; i++)
		free(p->touched[i]);
	p->ntouched = 0;
}

void lesson_progress_free(struct lesson_progress *p)
{
	if (!p)
		return;
	entries_free(p);
	touched_clear(p);
	free(p->touched);
	free(p->path);
	free(p);
}

const char *lesson_progress_path(const struct lesson_progress *p)
{
	return p->path;
}

enum { INDEX_FROM = 16 };   /* fewer entries: a scan is as quick */

static size_t id_hash(const char *id)
{
	size_t h = 2166136261u;    /* FNV-1a */
	for (const unsigned char *c = (const unsigned char *)id; *c; c++)
		h = (h ^ *c) * 16777619u;
	return h;
}

/* Bring the index up to the entries appended since; -1 when out of
 * memory (find then scans). */
static int index_update(struct lesson_progress *p)
{
	if (p->idx.indexed > p->n)
		index_drop(p);
	if (p->idx.cap < 2 * p->n) {
		size_t cap = 64;
		while (cap < 4 * p->n)
			cap *= 2;
		size_t *slot = calloc(cap, sizeof *slot);
		if (!slot)
			return -1;
		free(p->idx.slot);
		p->idx.slot = slot;
		p->idx.cap = cap;
		p->idx.indexed = 0;
	}
	for (; p->idx.indexed < p->n; p->idx.indexed++) {
		size_t k = id_hash(p->v[p->idx.indexed].id) & (p->idx.cap - 1);
		while (p->idx.slot[k])
			k = (k + 1) & (p->idx.cap - 1);
		p->idx.slot[k] = p->idx.indexed + 1;
	}
	return 0;
}

/* The entry of lesson ID, or NULL. Through an index once there are many:
 * a progress file of 60 000 entries took 23 s to load when each entry
 * was compared with all earlier ones. */
static struct lesson_progress_entry *find(const struct lesson_progress *p, const char *id)
{
	/* the index is a cache: keeping it up to date changes no entry */
	struct lesson_progress *w = (struct lesson_progress *)p;
	if (p->n < INDEX_FROM || index_update(w) < 0) {
		for (size_t i = 0; i < p->n; i++)
			if (!strcmp(p->v[i].id, id))
				return &w->v[i];
		return NULL;
	}
	for (size_t k = id_hash(id) & (p->idx.cap - 1); p->idx.slot[k];
	     k = (k + 1) & (p->idx.cap - 1)) {
		struct lesson_progress_entry *e = &w->v[p->idx.slot[k] - 1];
		if (!strcmp(e->id, id))
			return e;
	}
	return NULL;
}

const struct lesson_progress_entry *lesson_progress_get(const struct lesson_progress *p,
                                                        const char *id)
{
	return find(p, id);
}

static struct lesson_progress_entry *add(struct lesson_progress *p, const char *id)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct lesson_progress_entry *v = realloc(p->v, cap * sizeof *v);
		if (!v)
			return NULL;
		p->v = v;
		p->cap = cap;
	}
	struct lesson_progress_entry *e = &p->v[p->n];
	memset(e, 0, sizeof *e);
	e->id = strdup(id);
	if (!e->id)
		return NULL;
	e->best = -1;
	p->n++;
	return e;
}

static bool touched(const struct lesson_progress *p, const char *id)
{
	for (size_t i = 0; i < p->ntouched; i++)
		if (!strcmp(p->touched[i], id))
			return true;
	return false;
}

/* Remember that this process changed lesson ID. On allocation failure
 * the lesson is merely not protected from a concurrent save. */
static void touch(struct lesson_progress *p, const char *id)
{
	if (touched(p, id))
		return;
	if (p->ntouched == p->touched_cap) {
		size_t cap = p->touched_cap ? p->touched_cap * 2 : 8;
		char **v = realloc(p->touched, cap * sizeof *v);
		if (!v)
			return;
		p->touched = v;
		p->touched_cap = cap;
	}
	char *dup = strdup(id);
	if (dup)
		p->touched[p->ntouched++] = dup;
}

void lesson_progress_forget(struct lesson_progress *p, const char *id)
{
	touch(p, id);
	struct lesson_progress_entry *e = find(p, id);
	if (!e)
		return;
	entry_clear(e);
	size_t i = (size_t)(e - p->v);
	memmove(&p->v[i], &p->v[i + 1], (p->n - i - 1) * sizeof *p->v);
	p->n--;
	index_drop(p);
}

void lesson_progress_restart(struct lesson_progress *p, const char *id)
{
	struct lesson_progress_entry *e = find(p, id);
	if (!e)
		return;
	if (!e->completed) {
		lesson_progress_forget(p, id);
		return;
	}
	touch(p, id);
	e->current = 0;
	for (size_t i = 0; i < e->nsteps; i++)
		e->scores[i] = -1;
}

/* --- reading ------------------------------------------------------------ */

static bool json_int(const cJSON *v, long min, long max, long *out)
{
	/* The range first: casting a double outside long long's range (1e300
	 * in a damaged file) is undefined behaviour. */
	if (!cJSON_IsNumber(v) || v->valuedouble < (double)min ||
	    v->valuedouble > (double)max || v->valuedouble != (double)(long long)v->valuedouble)
		return false;
	*out = (long)v->valuedouble;
	return true;
}

/* Parse the file's JSON into P. NULL on success, else why it is damaged. */
static const char *parse(struct lesson_progress *p, const char *text)
{
	const char *why = NULL;
	cJSON *root = cJSON_Parse(text);
	if (!root)
		return "not valid JSON";
	const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(root, "format");
	const cJSON *ver = cJSON_GetObjectItemCaseSensitive(root, "version");
	const cJSON *lessons = cJSON_GetObjectItemCaseSensitive(root, "lessons");
	long n;
	if (!cJSON_IsObject(root) || !cJSON_IsString(fmt) ||
	    strcmp(fmt->valuestring, PROGRESS_FORMAT)) {
		why = "not an smtpsim progress file";
		goto out;
	}
	if (!json_int(ver, PROGRESS_VERSION, PROGRESS_VERSION, &n)) {
		why = "an unknown version of the progress format";
		goto out;
	}
	if (!cJSON_IsObject(lessons)) {
		why = "\"lessons\" is not an object";
		goto out;
	}
	const cJSON *it;
	cJSON_ArrayForEach(it, lessons) {
		const char *id = it->string;
		if (!id || !*id || strlen(id) > PROGRESS_ID_MAX || find(p, id) ||
		    !cJSON_IsObject(it)) {
			why = "a lesson entry is malformed";
			goto out;
		}
		const cJSON *best = cJSON_GetObjectItemCaseSensitive(it, "best");
		const cJSON *best_max = cJSON_GetObjectItemCaseSensitive(it, "best_max");
		const cJSON *done = cJSON_GetObjectItemCaseSensitive(it, "completed");
		const cJSON *current = cJSON_GetObjectItemCaseSensitive(it, "current");
		const cJSON *steps = cJSON_GetObjectItemCaseSensitive(it, "steps");
		long b, bm, c;
		if (!json_int(best, -1, 1000000, &b) || !json_int(best_max, 0, 1000000, &bm) ||
		    !cJSON_IsBool(done) || !json_int(current, 0, PROGRESS_STEPS_MAX, &c) ||
		    !cJSON_IsArray(steps) || cJSON_GetArraySize(steps) > PROGRESS_STEPS_MAX) {
			why = "a lesson entry is malformed";
			goto out;
		}
		struct lesson_progress_entry *e = add(p, id);
		if (!e) {
			why = "out of memory";
			goto out;
		}
		e->best = (int)b;
		e->best_max = (int)bm;
		e->completed = cJSON_IsTrue(done);
		e->current = (size_t)c;
		e->nsteps = (size_t)cJSON_GetArraySize(steps);
		e->scores = calloc(e->nsteps ? e->nsteps : 1, sizeof *e->scores);
		if (!e->scores) {
			why = "out of memory";
			goto out;
		}
		size_t i = 0;
		const cJSON *s;
		cJSON_ArrayForEach(s, steps) {
			long sc;
			if (cJSON_IsNull(s)) {
				e->scores[i++] = -1;
			} else if (json_int(s, 0, 1000, &sc)) {
				e->scores[i++] = (int)sc;
			} else {
				why = "a step score is malformed";
				goto out;
			}
		}
	}
out:
	cJSON_Delete(root);
	return why;
}

/* Read PATH whole (bounded). NULL with errno set on failure; ENOENT for a
 * missing file, EFBIG for one over the limit. */
static char *slurp(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	struct stat sb;
	if (fd < 0)
		return NULL;
	if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode) || sb.st_size > PROGRESS_FILE_MAX) {
		close(fd);
		errno = EFBIG;
		return NULL;
	}
	/* sized from the file, not the limit: a small file (the usual case)
	 * costs a small buffer; one that grows while read makes it grow */
	size_t cap = (size_t)sb.st_size + 4096, len = 0;
	if (cap > PROGRESS_FILE_MAX + 2)
		cap = PROGRESS_FILE_MAX + 2;
	char *buf = malloc(cap);
	if (!buf) {
		close(fd);
		return NULL;
	}
	for (;;) {
		if (len + 1 >= cap && cap < PROGRESS_FILE_MAX + 2) {
			size_t more = cap * 2 < PROGRESS_FILE_MAX + 2 ? cap * 2 : PROGRESS_FILE_MAX + 2;
			char *nb = realloc(buf, more);
			if (!nb) {
				close(fd);
				free(buf);
				errno = ENOMEM;
				return NULL;
			}
			buf = nb;
			cap = more;
		}
		size_t room = cap - 1 - len;
		if (room == 0) {
			close(fd);
			free(buf);
			errno = EFBIG;
			return NULL;
		}
		ssize_t r = read(fd, buf + len, room);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			int e = errno;
			close(fd);
			free(buf);
			errno = e;
			return NULL;
		}
		if (r == 0)
			break;
		len += (size_t)r;
		if (len > PROGRESS_FILE_MAX) {
			close(fd);
			free(buf);
			errno = EFBIG;
			return NULL;
		}
	}
	close(fd);
	buf[len] = '\0';
	if (memchr(buf, '\0', len)) {
		/* cJSON would stop at the NUL and read half a file. */
		buf[0] = '\0';
	}
	return buf;
}

static void set_aside(struct lesson_progress *p, const char *why, char *warn,
                      size_t warnlen)
{
	char aside[4096];
	char stamp[32];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
	snprintf(aside, sizeof aside, "%s.broken-%s", p->path, stamp);
	if (rename(p->path, aside) == 0)
		snprintf(warn, warnlen, "progress file %s was damaged (%s): moved it "
		         "to %s and started afresh", p->path, why, aside);
	else
		snprintf(warn, warnlen, "progress file %s was damaged (%s) and could "
		         "not be moved aside (%s): starting afresh", p->path, why,
		         strerror(errno));
	for (size_t i = 0; i < p->n; i++)
		entry_clear(&p->v[i]);
	p->n = 0;
	index_drop(p);
}

struct lesson_progress *lesson_progress_load(const char *path, char *warn,
                                             size_t warnlen)
{
	char def[4096];
	struct lesson_progress *p = calloc(1, sizeof *p);
	if (warnlen)
		warn[0] = '\0';
	if (!p)
		return NULL;
	if (!path)
		path = lesson_progress_default_path(def, sizeof def);
	if (!path) {
		snprintf(warn, warnlen, "neither XDG_STATE_HOME nor HOME is set: "
		         "progress will not be saved");
		return p;
	}
	p->path = strdup(path);
	if (!p->path) {
		free(p);
		return NULL;
	}
	char *text = slurp(path);
	if (!text) {
		if (errno == EFBIG)
			set_aside(p, "too large or not a regular file", warn, warnlen);
		else if (errno != ENOENT)
			snprintf(warn, warnlen, "cannot read progress file %s: %s", path,
			         strerror(errno));
		return p;
	}
	const char *why = parse(p, text);
	free(text);
	if (why)
		set_aside(p, why, warn, warnlen);
	return p;
}

/* --- writing ------------------------------------------------------------ */

static int mkdirs(char *dir)
{
	struct stat sb;
	if (stat(dir, &sb) == 0)
		return S_ISDIR(sb.st_mode) ? 0 : -1;
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		int r = mkdirs(dir);
		*slash = '/';
		if (r < 0)
			return -1;
	}
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

static char *to_json(const struct lesson_progress *p)
{
	cJSON *root = cJSON_CreateObject();
	cJSON *lessons = NULL;
	char *out = NULL;
	if (!root || !cJSON_AddStringToObject(root, "format", PROGRESS_FORMAT) ||
	    !cJSON_AddNumberToObject(root, "version", PROGRESS_VERSION) ||
	    !(lessons = cJSON_AddObjectToObject(root, "lessons")))
		goto out;
	for (size_t i = 0; i < p->n; i++) {
		const struct lesson_progress_entry *e = &p->v[i];
		cJSON *o = cJSON_AddObjectToObject(lessons, e->id);
		cJSON *steps;
		if (!o || !cJSON_AddNumberToObject(o, "best", e->best) ||
		    !cJSON_AddNumberToObject(o, "best_max", e->best_max) ||
		    !cJSON_AddBoolToObject(o, "completed", e->completed) ||
		    !cJSON_AddNumberToObject(o, "current", (double)e->current) ||
		    !(steps = cJSON_AddArrayToObject(o, "steps")))
			goto out;
		for (size_t k = 0; k < e->nsteps; k++) {
			cJSON *s = e->scores[k] < 0 ? cJSON_CreateNull() :
			           cJSON_CreateNumber(e->scores[k]);
			if (!s || !cJSON_AddItemToArray(steps, s)) {
				cJSON_Delete(s);
				goto out;
			}
		}
	}
	out = cJSON_Print(root);
out:
	cJSON_Delete(root);
	return out;
}

/* Move entry E (its memory) into P, replacing P's entry of that id. */
static void adopt(struct lesson_progress *p, struct lesson_progress_entry *e)
{
	struct lesson_progress_entry *mine = find(p, e->id);
	if (!mine) {
		if (p->n == p->cap) {
			size_t cap = p->cap ? p->cap * 2 : 16;
			struct lesson_progress_entry *v = realloc(p->v, cap * sizeof *v);
			if (!v)
				return;
			p->v = v;
			p->cap = cap;
		}
		mine = &p->v[p->n++];
	} else {
		entry_clear(mine);
	}
	*mine = *e;
	memset(e, 0, sizeof *e);
}

/* Bring in what another process saved since we loaded: the file's entry
 * for every lesson we did not touch; for the ones we did, our attempt
 * but the better of the two best scores. Untouched lessons gone from the
 * file are gone here too (another smtpsim started them afresh). A file
 * that cannot be read or parsed now is simply overwritten. */
static void merge_from_disk(struct lesson_progress *p)
{
	struct lesson_progress disk = { 0 };
	char *text = slurp(p->path);
	if (!text)
		return;
	const char *why = parse(&disk, text);
	free(text);
	if (why) {
		entries_free(&disk);
		return;
	}
	for (size_t i = 0; i < p->n;) {
		if (!touched(p, p->v[i].id) && !find(&disk, p->v[i].id)) {
			entry_clear(&p->v[i]);
			memmove(&p->v[i], &p->v[i + 1], (p->n - i - 1) * sizeof *p->v);
			p->n--;
			index_drop(p);
		} else {
			i++;
		}
	}
	for (size_t i = 0; i < disk.n; i++) {
		struct lesson_progress_entry *d = &disk.v[i];
		if (!touched(p, d->id)) {
			adopt(p, d);
			continue;
		}
		struct lesson_progress_entry *mine = find(p, d->id);
		if (!mine || !d->completed)
			continue;
		if (!mine->completed || d->best > mine->best) {
			mine->best = d->best;
			mine->best_max = d->best_max;
		}
		mine->completed = true;
	}
	entries_free(&disk);
}

int lesson_progress_save(struct lesson_progress *p, char *err, size_t errlen)
{
	char dir[4096], tmp[4200], lock[4200];
	char *json = NULL;
	int fd = -1, lfd = -1, rc = -1;
	if (!p->path) {
		snprintf(err, errlen, "no place for the progress file (set HOME or "
		         "XDG_STATE_HOME)");
		return -1;
	}
	snprintf(dir, sizeof dir, "%s", p->path);
	char *slash = strrchr(dir, '/');
	if (slash && slash != dir)
		*slash = '\0';
	else
		snprintf(dir, sizeof dir, "%s", slash ? "/" : ".");
	if (mkdirs(dir) < 0) {
		snprintf(err, errlen, "cannot create %s: %s", dir, strerror(errno));
		return -1;
	}
	/* Read, merge and replace under one lock. The lock is a file of its
	 * own: the rename gives progress.json a new inode every time. Without
	 * a lock (a file system that refuses it) the merge still narrows the
	 * window. */
	snprintf(lock, sizeof lock, "%s.lock", p->path);
	lfd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (lfd >= 0) {
		while (flock(lfd, LOCK_EX) < 0 && errno == EINTR)
			;
	}
	merge_from_disk(p);
	json = to_json(p);
	if (!json) {
		snprintf(err, errlen, "out of memory");
		goto out;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp-%ld", p->path, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	size_t len = strlen(json), off = 0;
	json[len] = '\n'; /* cJSON_Print leaves no newline; the NUL is ours */
	len++;
	while (off < len) {
		ssize_t w = write(fd, json + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
			goto out;
		}
		off += (size_t)w;
	}
	if (fsync(fd) < 0) {
		snprintf(err, errlen, "cannot sync %s: %s", tmp, strerror(errno));
		goto out;
	}
	if (close(fd) < 0) {
		fd = -1;
		snprintf(err, errlen, "cannot write %s: %s", tmp, strerror(errno));
		goto out;
	}
	fd = -1;
	if (rename(tmp, p->path) < 0) {
		snprintf(err, errlen, "cannot rename %s to %s: %s", tmp, p->path,
		         strerror(errno));
		goto out;
	}
	/* The rename is durable only once the directory is synced. */
	int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);
		close(dfd);
	}
	rc = 0;
	touched_clear(p);
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0 && json)
		unlink(tmp);
	if (lfd >= 0)
		close(lfd);   /* releases the lock */
	free(json);
	return rc;
}

/* --- recording a run ------------------------------------------------------ */

void lesson_progress_record(struct lesson_progress *p, const struct lesson_run *run)
{
	const struct lesson *l = lesson_run_lesson(run);
	struct lesson_progress_entry *e = find(p, l->id);
	touch(p, l->id);
	if (!e && !(e = add(p, l->id)))
		return;
	int *scores = realloc(e->scores, (l->nsteps ? l->nsteps : 1) * sizeof *scores);
	if (!scores)
		return;
	e->scores = scores;
	e->nsteps = l->nsteps;
	for (size_t i = 0; i < l->nsteps; i++)
		e->scores[i] = lesson_run_step_score(run, i);
	size_t at = lesson_run_index(run);
	/* A step passed but not yet left is done: resume after it. A learner
	 * who passed the last step and left before pressing Enter finished. */
	if (!lesson_run_finished(run) && lesson_run_status(run) == LESSON_STEP_DONE)
		at++;
	if (at >= l->nsteps) {
		int total = lesson_run_score(run);
		if (!e->completed || total > e->best) {
			e->best = total;
			e->best_max = lesson_run_max_score(run);
		}
		e->completed = true;
		e->current = 0;
		return;
	}
	e->current = at;
}

size_t lesson_progress_resume_at(const struct lesson_progress_entry *e,
                                 const struct lesson *lesson, int *scores)
{
	size_t at = e ? e->current : 0;
	if (at >= lesson->nsteps)
		at = 0;
	for (size_t i = 0; i < lesson->nsteps; i++) {
		int s = e && i < e->nsteps ? e->scores[i] : -1;
		/* The lesson may have changed its points since. */
		if (s > lesson->steps[i].points)
			s = lesson->steps[i].points;
		/* A step added before the resume point was never done: go back. */
		if (i < at && s < 0)
			at = i;
		if (scores)
			scores[i] = s;
	}
	if (scores)
		for (size_t i = at; i < lesson->nsteps; i++)
			scores[i] = -1;
	return at;
}
