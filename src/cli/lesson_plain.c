/* lesson_plain.c — `smtpsim lesson ID --plain`: the lesson runner without
 * curses, line by line on stdin and stdout, for screen readers, braille
 * displays, scripts and tests. The same runner, scoring and progress file
 * as the full-screen lesson; only the rendering differs.
 *
 * Output: "Step K of N: TITLE" on entering a step, its text, prompt or
 * question; server replies as "S: …" lines, lines the runner typed for
 * the learner as "C: … [replayed]", notes as plain sentences. Each time
 * a line is wanted, "> " is printed without a newline and flushed. */
#include "cli/cli.h"
#include "lesson/lesson.h"
#include "lesson/meta.h"
#include "lesson/progress.h"
#include "lesson/run.h"
#include "smtp/smtp.h"
#include "text/text.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum { PLAIN_LINE_MAX = 4096 };

struct plain {
	FILE *out;
	const struct lesson *lesson;
	struct lesson_run *run;
	struct lesson_progress *prog;
	size_t shown_step;   /* the step whose header was printed, + 1 */
	bool shown_done;     /* the current step's "done" text was printed */
	bool echo;           /* input is not a terminal: echo each line */
	bool replaying;      /* the runner types for the learner: its client
	                      * lines are shown (the learner's own are echoed
	                      * as typed) */
	FILE *lines_out;     /* while a batch is replayed: where its lines go
	                      * at once (out then holds what they cause) */
	char *held;          /* out's buffer then */
	size_t held_len;
};

/* A replayed batch goes in one write: its lines show first, what they
 * cause after them all. */
static void hold_begin(struct plain *p)
{
	FILE *m = p->lines_out ? NULL : open_memstream(&p->held, &p->held_len);
	if (!m)
		return;   /* shown as it comes */
	p->lines_out = p->out;
	p->out = m;
}

static void hold_end(struct plain *p)
{
	if (!p->lines_out)
		return;
	fclose(p->out);
	p->out = p->lines_out;
	p->lines_out = NULL;
	fwrite(p->held, 1, p->held_len, p->out);
	free(p->held);
	p->held = NULL;
	p->held_len = 0;
}

static void put(struct plain *p, const char *s)
{
	text_put_visible(p->out, s, strlen(s));
}

/* Lesson markup to plain text: `code` loses its backticks. Paragraphs
 * ("\n\n") stay. */
static void put_text(struct plain *p, const char *s)
{
	size_t n = strlen(s), k = 0;
	char *t = malloc(n + 1);
	if (!t)
		return;
	for (size_t i = 0; i < n; i++)
		if (s[i] != '`')
			t[k++] = s[i];
	for (size_t i = 0; i <= k;) {
		const char *nl = memchr(t + i, '\n', k - i);
		size_t len = nl ? (size_t)(nl - (t + i)) : k - i;
		text_put_visible(p->out, t + i, len);
		fputc('\n', p->out);
		i += len + 1;
	}
	free(t);
}

static void line(struct plain *p, const char *prefix, const char *s)
{
	fputs(prefix, p->out);
	put(p, s);
	fputc('\n', p->out);
}

/* Engine events, as the transcript of a terminal session would show them. */
static int sink(void *ctx, const struct smtp_event *ev)
{
	struct plain *p = ctx;
	switch (ev->type) {
	case SMTP_EV_REPLY: {
		if (ev->reply->cmd == SMTP_CMD_CONNECT) {
			const struct smtp_profile *pr = smtp_server_profile(lesson_run_server(p->run));
			fprintf(p->out, "-- connected to %s, port %d (profile %s)\n", pr->host,
			        pr->port, pr->name);
		}
		const char *w = ev->reply->wire;
		size_t n = ev->reply->wire_len;
		while (n) {
			const char *eol = memchr(w, '\n', n);
			size_t len = eol ? (size_t)(eol - w) + 1 : n;
			size_t text = len;
			while (text && (w[text - 1] == '\n' || w[text - 1] == '\r'))
				text--;
			fputs("S: ", p->out);
			text_put_visible(p->out, w, text);
			fputc('\n', p->out);
			w += len;
			n -= len;
		}
		break;
	}
	case SMTP_EV_LINE:
		if (p->replaying) {
			/* as the engine read it; whole, as the learner would have
			 * typed it (lesson 12 decodes the base64) */
			const struct smtp_line *l = ev->line;
			FILE *f = p->lines_out ? p->lines_out : p->out;
			fputs("C: ", f);
			text_put_visible(f, l->raw, l->raw_len);
			if (l->total > l->raw_len)
				fprintf(f, " \u2026 (%zu octets in all)", l->total);
			fputs("   [replayed]\n", f);
		}
		break;
	case SMTP_EV_TLS:
		fputs("-- TLS negotiated (simulated): the session starts over; EHLO again\n",
		      p->out);
		break;
	case SMTP_EV_NOTE:
		line(p, "Note: ", ev->text ? ev->text : smtp_why_text(ev->why));
		break;
	case SMTP_EV_AUTH_LINE:
		if (ev->text)
			line(p, "   decoded: ", ev->text);
		break;
	case SMTP_EV_MESSAGE:
		fprintf(p->out, "-- message accepted: %zu bytes, %zu recipient%s\n", ev->msg->size,
		        ev->msg->nrcpt, ev->msg->nrcpt == 1 ? "" : "s");
		break;
	case SMTP_EV_CLOSE:
		fputs("-- the server closed the connection\n", p->out);
		break;
	case SMTP_EV_DSN:
		if (ev->dsn) {
			/* the notification the sender gets, whole: a lesson may
			 * ask to read it */
			fprintf(p->out, "-- a delivery status notification (%s) goes to <", ev->dsn->action);
			put(p, ev->dsn->to ? ev->dsn->to : "");
			fputs(">:\n", p->out);
			const char *t = ev->dsn->text;
			size_t n = ev->dsn->text ? ev->dsn->size : 0;
			while (n) {
				const char *eol = memchr(t, '\n', n);
				size_t len = eol ? (size_t)(eol - t) + 1 : n, text = len;
				while (text && (t[text - 1] == '\n' || t[text - 1] == '\r'))
					text--;
				fputs("   | ", p->out);
				text_put_visible(p->out, t, text);
				fputc('\n', p->out);
				t += len;
				n -= len;
			}
		}
		break;
	default:
		break;
	}
	return 0;
}

/* Lines the runner types for the learner (a skip, a restart, a resume, a
 * setup): a protocol line shows from its LINE event (sink), a meta-line,
 * which the server never reads, here. */
static void replayed(void *ctx, const struct lesson_replay *r)
{
	struct plain *p = ctx;
	if (!r->line) {
		fprintf(p->out, "-- step %zu set up afresh: a new connection; lines marked "
		        "[replayed] are typed for you\n", r->step + 1);
		return;
	}
	if (!r->before) {
		hold_end(p);
		p->replaying = false;
		return;
	}
	if (r->meta) {
		fputs("   ", p->out);
		put(p, r->line);
		fputs("   [replayed]\n", p->out);
		return;
	}
	p->replaying = true;
	if (r->batch)
		hold_begin(p);
}

static void save(struct plain *p)
{
	if (!p->prog)
		return;
	char err[256];
	lesson_progress_record(p->prog, p->run);
	if (lesson_progress_save(p->prog, err, sizeof err) < 0) {
		fputs("smtpsim: progress not saved: ", stderr);
		text_put_visible(stderr, err, strlen(err));
		fputc('\n', stderr);
	}
}

/* The choice shown at place I (choices are shown shuffled). */
static size_t shown(const struct plain *p, size_t i)
{
	const size_t *order = lesson_run_choice_order(p->run);
	return order ? order[i] : i;
}

static void show_step(struct plain *p)
{
	const struct lesson_step *st = lesson_run_step(p->run);
	size_t idx = lesson_run_index(p->run);
	if (!st || p->shown_step == idx + 1)
		return;
	p->shown_step = idx + 1;
	p->shown_done = false;
	fprintf(p->out, "\nStep %zu of %zu: ", idx + 1, p->lesson->nsteps);
	put(p, st->title ? st->title : st->kind == LESSON_STEP_QUIZ ? "Quiz"
	                            : st->kind == LESSON_STEP_READ ? "Read" : "Command");
	if (st->points)
		fprintf(p->out, " (%d point%s)", st->points, st->points == 1 ? "" : "s");
	fputc('\n', p->out);
	const char *entry = lesson_run_entry_note(p->run);
	if (entry)
		put_text(p, entry);
	switch (st->kind) {
	case LESSON_STEP_READ:
		put_text(p, st->text);
		fputs("(Enter to continue)\n", p->out);
		break;
	case LESSON_STEP_COMMAND:
		put_text(p, st->prompt);
		break;
	case LESSON_STEP_QUIZ:
		put_text(p, st->question);
		for (size_t i = 0; i < st->nchoices; i++) {
			fprintf(p->out, "  %zu) ", i + 1);
			put_text(p, st->choices[shown(p, i)]);
		}
		if (st->choices)
			fputs(st->ncorrect > 1 ? "(Type the numbers of every right choice, e.g. 1,3)\n"
			                       : "(Type the number of your choice)\n", p->out);
		else
			fputs("(Type your answer)\n", p->out);
		break;
	}
}

/* A step just finished: its score and what to remember. */
static void show_done(struct plain *p)
{
	const struct lesson_step *st = lesson_run_step(p->run);
	size_t idx = lesson_run_index(p->run);
	if (!st || p->shown_done || lesson_run_status(p->run) != LESSON_STEP_DONE)
		return;
	p->shown_done = true;
	int sc = lesson_run_step_score(p->run, idx);
	if (lesson_run_step_skipped(p->run, idx)) {
		fprintf(p->out, "Skipped: 0 of %d point%s. What was expected:\n", st->points,
		        st->points == 1 ? "" : "s");
		if (st->kind == LESSON_STEP_COMMAND) {
			for (size_t i = 0; i < st->nexample; i++)
				line(p, "  ", st->example[i]);
		} else if (st->kind == LESSON_STEP_QUIZ && st->choices) {
			for (size_t i = 0; i < st->nchoices; i++)
				if (st->correct[shown(p, i)]) {
					fprintf(p->out, "  %zu) ", i + 1);
					put_text(p, st->choices[shown(p, i)]);
				}
		} else if (st->kind == LESSON_STEP_QUIZ && st->nanswer_text) {
			line(p, "  ", st->answer_text[0]);
		}
		if (st->explain)
			put_text(p, st->explain);
	} else {
		fprintf(p->out, "Done: %d of %d point%s.\n", sc < 0 ? 0 : sc, st->points,
		        st->points == 1 ? "" : "s");
		const char *done = lesson_run_done_text(p->run);
		if (done)
			put_text(p, done);
	}
	fputs("(Enter for the next step)\n", p->out);
}

static void finish(struct plain *p)
{
	fputs("\nScore by step:\n", p->out);
	for (size_t i = 0; i < p->lesson->nsteps; i++) {
		const struct lesson_step *st = &p->lesson->steps[i];
		if (st->kind == LESSON_STEP_READ)
			continue;
		int sc = lesson_run_step_score(p->run, i);
		fprintf(p->out, "  step %zu: %d of %d", i + 1, sc < 0 ? 0 : sc, st->points);
		if (lesson_run_step_skipped(p->run, i))
			fputs(" (skipped)", p->out);
		else if (st->kind == LESSON_STEP_COMMAND && lesson_run_step_typed(p->run, i))
			fprintf(p->out, ", %zu line%s typed (par %zu)", lesson_run_step_typed(p->run, i),
			        lesson_run_step_typed(p->run, i) == 1 ? "" : "s",
			        lesson_step_par(st));
		fputc('\n', p->out);
	}
	if (p->lesson->nrecap) {
		fputs("To remember:\n", p->out);
		for (size_t i = 0; i < p->lesson->nrecap; i++) {
			fputs("  - ", p->out);
			put_text(p, p->lesson->recap[i]);
		}
	}
	fprintf(p->out, "Lesson complete: %d of %d points\n", lesson_run_score(p->run),
	        lesson_run_max_score(p->run));
}

/* Read one line into buf (without its line end); false at end of input.
 * A longer line is cut, and the learner told. */
static bool read_line(struct plain *p, char *buf, size_t n)
{
	fputs("> ", p->out);
	fflush(p->out);
	size_t len = 0;
	int c;
	bool cut = false;
	while ((c = getchar()) != EOF && c != '\n') {
		if (len + 1 < n)
			buf[len++] = (char)c;
		else
			cut = true;
	}
	if (c == EOF && len == 0 && !cut)
		return false;
	if (len && buf[len - 1] == '\r')
		len--;
	buf[len] = '\0';
	if (p->echo) {
		/* a terminal echoes what is typed; a script's input is shown
		 * the same way, so that the transcript reads in order */
		text_put_visible(p->out, buf, len);
		fputc('\n', p->out);
	}
	if (cut)
		fprintf(p->out, "(the line was cut at %zu bytes)\n", n - 1);
	return true;
}

static void quiz_answer(struct plain *p, const struct lesson_step *st, const char *text)
{
	enum lesson_answer ans;
	if (st->choices) {
		size_t picked[64], n = 0;
		bool junk = false;
		const char *s = text;
		while (*s) {
			if (isdigit((unsigned char)*s)) {
				char *end;
				long v = strtol(s, &end, 10);
				if (n < 64)
					picked[n++] = v >= 1 && (size_t)v <= st->nchoices
					              ? shown(p, (size_t)(v - 1)) : (size_t)-1;
				s = end;
			} else if (*s == ',' || *s == ' ' || *s == '\t') {
				s++;
			} else {
				junk = true;
				break;
			}
		}
		ans = junk ? LESSON_ANSWER_INVALID : lesson_run_answer_choices(p->run, picked, n);
	} else {
		ans = lesson_run_answer_text(p->run, text);
	}
	switch (ans) {
	case LESSON_ANSWER_RIGHT:
		fputs("Right.\n", p->out);
		break;
	case LESSON_ANSWER_WRONG:
		fputs("Not quite. ", p->out);
		put_text(p, st->explain_wrong ? st->explain_wrong : "Try again.");
		break;
	case LESSON_ANSWER_INVALID:
		fputs(st->choices ? "Type the number of a choice (1 to " : "Type an answer.\n",
		      p->out);
		if (st->choices)
			fprintf(p->out, "%zu), or :skip.\n", st->nchoices);
		break;
	case LESSON_ANSWER_NOT_NOW:
		break;
	}
}

static void feed(struct plain *p, const char *text)
{
	struct lesson_feed_result res;
	int cost = lesson_run_hint_cost(p->run);   /* what a :hint will take */
	lesson_run_feed(p->run, text, &res);
	struct smtp_session *s = lesson_run_session(p->run);
	if (s && smtp_session_state(s) == SMTP_STATE_BDAT)
		fprintf(p->out, "(%llu octets of the chunk to go: each line costs its length "
		        "and 2 for its CRLF)\n", (unsigned long long)smtp_session_chunk_left(s));
	if (res.waited > 0) {
		char mark[96];
		put(p, meta_wait_mark(res.waited, mark, sizeof mark));
		fputc('\n', p->out);
	}
	if (res.hint) {
		bool example = lesson_run_hints_shown(p->run) ==
		               lesson_step_hint_count(lesson_run_step(p->run));
		if (example)
			fprintf(p->out, "Example (-%d point%s):\n", cost, cost == 1 ? "" : "s");
		else
			fprintf(p->out, "Hint (-%d point%s): ", cost, cost == 1 ? "" : "s");
		if (example) {
			const struct lesson_step *st = lesson_run_step(p->run);
			for (size_t i = 0; i < st->nexample; i++)
				line(p, "  ", st->example[i]);
		} else {
			put_text(p, res.hint);
		}
	}
	if (res.note)
		put_text(p, res.note);
}

static int usage(FILE *f)
{
	fputs("Usage: smtpsim lesson ID --plain [--afresh]\n"
	      "Play lesson ID line by line on standard input and output, without the\n"
	      "full screen: for screen readers, braille displays and scripts. ID is a\n"
	      "lesson's number (14), name (greylisting) or file name (14-greylisting).\n"
	      "\n"
	      "Each step starts with \"Step K of N: TITLE\"; server replies are \"S: ...\"\n"
	      "lines; \"> \" asks for a line: a command, message text, a choice's\n"
	      "number, or an empty line to go on after a text or an explanation.\n"
	      "Meta-commands: :hint :skip :restart :wait 5m :reset :help :quit.\n"
	      "The run ends with \"Lesson complete: S of M points\" (exit 0), or at the\n"
	      "end of input or :quit with \"Lesson stopped at step K of N\" (exit 1).\n"
	      "Progress is saved as in the full-screen lesson and resumed next time.\n"
	      "\n"
	      "  --afresh     start from step 1, not where you left off\n"
	      "  -h, --help   this help\n"
	      "Example:\n"
	      "  printf 'EHLO me.example.org\\n' | smtpsim lesson 1 --plain\n", f);
	return 0;
}

int cli_lesson_plain(int argc, char **argv)
{
	const char *id = NULL;
	bool afresh = false;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return usage(stdout);
		if (!strcmp(argv[i], "--plain"))
			continue;
		if (!strcmp(argv[i], "--afresh")) {
			afresh = true;
			continue;
		}
		if (argv[i][0] == '-' && argv[i][1])
			return cli_usage_error("lesson", "unknown option '%s'", argv[i]);
		if (id)
			return cli_usage_error("lesson", "only one lesson at a time");
		id = argv[i];
	}
	struct lesson_set set = { 0 };
	struct lesson_errors errs = { 0 };
	int bad = lesson_set_load_dir(&set, lesson_dir_default(), &errs);
	for (size_t i = 0; i < errs.n; i++) {
		fputs("smtpsim: ", stderr);
		text_put_visible(stderr, errs.v[i], strlen(errs.v[i]));
		fputc('\n', stderr);
	}
	lesson_errors_free(&errs);
	if (bad < 0 || set.n == 0) {
		char why[600];
		lesson_dir_none_found(why, sizeof why);
		text_put_visible(stderr, why, strlen(why));
		fputc('\n', stderr);
		lesson_set_free(&set);
		return 1;
	}
	if (!id) {
		fputs("smtpsim: lesson --plain needs a lesson; the lessons are:\n", stderr);
		for (size_t i = 0; i < set.n; i++) {
			fprintf(stderr, "  %2zu  %-22s ", i + 1, set.v[i]->id);
			text_put_visible(stderr, set.v[i]->title, strlen(set.v[i]->title));
			fputc('\n', stderr);
		}
		fputs("Try 'smtpsim lesson 1 --plain'.\n", stderr);
		lesson_set_free(&set);
		return 2;
	}
	ptrdiff_t at = lesson_set_find_arg(&set, id);
	if (at < 0) {
		fputs("smtpsim: no lesson '", stderr);
		text_put_visible(stderr, id, strlen(id));
		fputs("' (smtpsim lesson --plain lists them)\n", stderr);
		lesson_set_free(&set);
		return 1;
	}

	struct plain p = { .out = stdout, .lesson = set.v[at], .echo = !isatty(STDIN_FILENO) };
	char err[256], warn[256] = "";
	p.run = lesson_run_new(p.lesson, sink, &p, err, sizeof err);
	if (!p.run) {
		fputs("smtpsim: ", stderr);
		text_put_visible(stderr, err, strlen(err));
		fputc('\n', stderr);
		lesson_set_free(&set);
		return 1;
	}
	lesson_run_on_replay(p.run, replayed, &p);
	p.prog = lesson_progress_load(NULL, warn, sizeof warn);
	if (warn[0]) {
		fputs("smtpsim: ", stderr);
		text_put_visible(stderr, warn, strlen(warn));
		fputc('\n', stderr);
	}
	fprintf(p.out, "Lesson %td: ", at + 1);
	put(&p, p.lesson->title);
	fputc('\n', p.out);
	put_text(&p, p.lesson->summary);

	/* resume where the learner left off, as the full-screen lesson does */
	const struct lesson_progress_entry *e =
		p.prog ? lesson_progress_get(p.prog, p.lesson->id) : NULL;
	bool resumed = false;
	if (afresh && p.prog) {
		lesson_progress_restart(p.prog, p.lesson->id);
	} else if (e && e->current > 0 && e->current < p.lesson->nsteps) {
		int *scores = calloc(p.lesson->nsteps, sizeof *scores);
		size_t from = scores ? lesson_progress_resume_at(e, p.lesson, scores) : 0;
		if (from > 0) {
			fprintf(p.out, "-- resumed at step %zu of %zu (--afresh starts over); the "
			        "steps done are replayed\n", from + 1, p.lesson->nsteps);
			if (lesson_run_resume(p.run, from, scores, true) < 0)
				fputs("-- the lesson changed since you left it: starting again from "
				      "step 1\n", p.out);
			resumed = true;
		}
		free(scores);
	}
	if (!resumed)
		lesson_run_start(p.run);

	int rc = 1;
	char buf[PLAIN_LINE_MAX];
	for (;;) {
		if (lesson_run_finished(p.run)) {
			save(&p);
			finish(&p);
			rc = 0;
			break;
		}
		show_step(&p);
		show_done(&p);
		if (!read_line(&p, buf, sizeof buf))
			break;
		const struct lesson_step *st = lesson_run_step(p.run);
		struct meta_line m;
		meta_parse(buf, strlen(buf), false, &m);
		if (m.cmd == META_QUIT)
			break;
		if (lesson_run_status(p.run) == LESSON_STEP_DONE || st->kind == LESSON_STEP_READ) {
			if (m.cmd == META_HELP) {
				for (const char *const *h = meta_help_lines(true); *h; h++)
					line(&p, "", *h);
				continue;
			}
			if (buf[0])
				fputs("(An empty line goes on.)\n", p.out);
			else
				lesson_run_continue(p.run);
			save(&p);
			continue;
		}
		if (st->kind == LESSON_STEP_QUIZ && m.cmd == META_NONE) {
			quiz_answer(&p, st, buf);
		} else if (st->kind == LESSON_STEP_QUIZ && m.cmd == META_HINT) {
			fputs("A quiz has no hints: :skip shows the answer (0 points).\n", p.out);
		} else {
			feed(&p, buf);
		}
		save(&p);
	}
	if (rc != 0) {
		save(&p);
		size_t idx = lesson_run_index(p.run);
		fprintf(p.out, "\nLesson stopped at step %zu of %zu\n", idx + 1, p.lesson->nsteps);
	}
	fflush(p.out);
	lesson_run_free(p.run);
	if (p.prog)
		lesson_progress_free(p.prog);
	lesson_set_free(&set);
	return rc;
}
