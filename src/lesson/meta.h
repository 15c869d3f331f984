/* meta.h — meta-lines: the commands typed with a leading ':' that never
 * reach the server (":wait 5m", ":reset", ":skip"…). One parser for free
 * play and the lessons, so that both read and echo them alike. */
#ifndef LESSON_META_H
#define LESSON_META_H

#include <stdbool.h>
#include <stddef.h>

enum meta_cmd {
	META_NONE,      /* not a meta-line: send it to the server */
	META_UNKNOWN,   /* ":frobnicate" */
	META_BAD_ARG,   /* a known command with a malformed argument */
	META_HELP,
	META_QUIT,
	META_RESET,     /* drop the connection and connect again */
	META_WAIT,      /* move the simulated clock on .secs */
	META_RESTART,   /* lessons: set the step up again */
	META_SKIP,      /* lessons: give the step up */
	META_HINT,      /* lessons: the next hint */
	META_PROFILE,   /* free play: another server */
	META_SCENARIO,  /* free play: a scenario on/off */
	META_SAVE,      /* free play: save the transcript */
	META_B64,       /* base64 of .rest (argv[0] "-d": decode it) */
	META_PLAIN,     /* the AUTH PLAIN answer for argv[0]/argv[1] */
	META_BATCH,     /* lessons: collect lines until an empty one, then send
	                 * them in one write, as a pipelining client does */
	META_DIG,       /* look argv[0] up (type argv[1], default MX) in the
	                 * simulated DNS */
	META_CONNECT,   /* connect to host argv[0] (a new connection when it
	                 * is the lesson's server) */
	META_PERSONALITY, /* free play: the server's voice (argv[0]) */
};

enum { META_ARGS_MAX = 4, META_LINE_MAX = 512 };

struct meta_line {
	enum meta_cmd cmd;
	long secs;                 /* META_WAIT */
	int argc;                  /* words after the command */
	char *argv[META_ARGS_MAX]; /* point into buf */
	char name[32];             /* the command word as typed, for messages */
	char buf[META_LINE_MAX];
	size_t text_off;           /* META_NONE: where the line to send starts
	                            * (1 for "::text" in message text) */
	const char *rest;          /* the text after the command word, blanks
	                            * inside kept (":b64 a  b"); "" if none */
	size_t rest_len;
	char restbuf[META_LINE_MAX];
};

/* Parse LINE. In message text (IN_DATA) a line starting "::" is the text
 * ":…" (text_off 1). Leading blanks before ':' are allowed. */
void meta_parse(const char *line, size_t len, bool in_data, struct meta_line *out);

/* "90", "30s", "5m", "2h", "1d" -> seconds (1 s to 366 days); -1 when
 * malformed. */
long meta_parse_duration(const char *s);

/* "5 minutes", "1 hour", "90 seconds" into buf; returns buf. */
const char *meta_duration_text(long secs, char *buf, size_t n);

/* The transcript mark after a wait: "── 5 minutes later (simulated
 * clock) ──". */
const char *meta_wait_mark(long secs, char *buf, size_t n);

/* :b64 / :plain, the learner's base64 helpers (no curses: both free
 * play and the lessons show what these return). */
enum { META_B64_MAX = 1400 };

/* META_B64: the line to show ("base64 of \"alice\": YWxpY2U=", or for
 * -d the decoded text with NUL shown as \0 and other control bytes as
 * ^X) into SHOW, and the bare result (the base64, or "" after -d) into
 * VALUE. Returns 0, or -1 with the reason in SHOW (no text, bad base64). */
int meta_b64(const struct meta_line *m, char *show, size_t shown, char *value,
             size_t valuen);

/* META_PLAIN: the base64 of "\0USER\0PASS" (RFC 4616) into VALUE. With
 * WHOLE, "AUTH PLAIN " comes before it (a line to send after EHLO);
 * without, it is the answer to an empty 334. SHOW says what it holds,
 * the password masked. Returns 0, or -1 with a usage line in SHOW. */
int meta_plain(const struct meta_line *m, bool whole, char *show, size_t shown,
               char *value, size_t valuen);

/* What each command is for, in one line: the help lists of free play and
 * the lessons. LESSON picks the lesson's set. NULL-terminated. */
const char *const *meta_help_lines(bool lesson);

#endif
