/* ui_term.c — the terminal: taken over and given back in one place,
 * signals (nothing draws from a handler), reading keys (outside UTF-8
 * locales a character's bytes are gathered here and decoded by the text
 * module), and noticing a terminal that is gone. */
#include "ui/ui_internal.h"
#include "text/text.h"

#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

/* --- signals: nothing draws from a handler ------------------------------ */

static volatile sig_atomic_t g_signal;   /* SIGTERM/SIGHUP/SIGINT seen */
static bool g_hangup;                    /* the terminal is gone */
static struct termios g_tio;             /* the terminal as we found it */
static bool g_tio_ok;
static char g_reset[256];                /* bytes that undo our modes */
static size_t g_reset_len;
static SCREEN *g_screen;

static void on_term(int sig)
{
	g_signal = sig;
}

/* A crash: put the terminal back as well as async-signal-safe calls can,
 * then die of the same signal. */
static void on_crash(int sig)
{
	if (g_reset_len) {
		ssize_t w = write(STDOUT_FILENO, g_reset, g_reset_len);
		(void)w;
	}
	if (g_tio_ok)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &g_tio);
	signal(sig, SIG_DFL);
	raise(sig);
}

static void add_reset(const char *s, size_t n)
{
	if (g_reset_len + n < sizeof g_reset) {
		memcpy(g_reset + g_reset_len, s, n);
		g_reset_len += n;
	}
}

static void add_cap(const char *name)
{
	char *s = tigetstr((char *)name);
	if (!s || s == (char *)-1)
		return;
	add_reset(s, strlen(s));
}

static void install_signals(void)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_term;   /* no SA_RESTART: the key read returns */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGQUIT, &sa, NULL);
	sa.sa_handler = on_crash;
	sa.sa_flags = SA_RESETHAND;
	sigaction(SIGSEGV, &sa, NULL);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGABRT, &sa, NULL);
	sigaction(SIGFPE, &sa, NULL);
	sigaction(SIGILL, &sa, NULL);
}

bool ui_term_signalled(void)
{
	return g_signal != 0;
}

/* --- taking the terminal over and giving it back ------------------------ */

int ui_term_open(struct app *a, char *err, size_t errlen)
{
	/* LC_CTYPE only: the character set is what the screen needs, and
	 * cJSON must keep reading numbers with a "." whatever LC_NUMERIC is. */
	setlocale(LC_CTYPE, "");
	const char *cs = nl_langinfo(CODESET);
	a->utf8 = cs && (!strcmp(cs, "UTF-8") || !strcmp(cs, "utf8"));
	g_tio_ok = tcgetattr(STDIN_FILENO, &g_tio) == 0;
	g_screen = newterm(NULL, stdout, stdin);
	if (!g_screen) {
		snprintf(err, errlen, "cannot use the terminal '%s'",
		         getenv("TERM") ? getenv("TERM") : "(TERM not set)");
		return -1;
	}
	g_reset_len = 0;
	add_cap("sgr0");
	add_cap("cnorm");
	add_cap("rmkx");
	add_cap("rmcup");
	install_signals();
	raw();
	noecho();
	keypad(stdscr, TRUE);
	set_escdelay(25);
	timeout(500);
	const char *nc = getenv("NO_COLOR");
	a->color = has_colors() && !(nc && *nc);
	if (a->color) {
		start_color();
		use_default_colors();
	}
	ui_draw_init(a);
	/* The wheel only where the terminal reports the mouse itself (xterm
	 * and its kin). On the Linux console ncurses would load GPM instead,
	 * which leaks and rarely reports a wheel. */
	char *kmous = tigetstr((char *)"kmous");
	const char *term = getenv("TERM");
	bool mouse = kmous && kmous != (char *)-1 && *kmous &&
	             !(term && !strncmp(term, "linux", 5));
	if (mouse && mousemask(BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	              | BUTTON5_PRESSED
#endif
	              , NULL)) {
		static const char off[] = "\033[?1000l";
		add_reset(off, sizeof off - 1);
	}
	if (mouse)
		mouseinterval(0);
	return 0;
}

int ui_term_close(void)
{
	/* A terminal that is gone has nothing to restore: leave as SIGHUP
	 * would have us leave (progress is saved after every step). */
	if (g_screen && !g_hangup) {
		endwin();
		delscreen(g_screen);
	}
	g_screen = NULL;
	return g_hangup ? SIGHUP : g_signal;
}

/* --- keys ----------------------------------------------------------------- */

/* After a failed key read: has the terminal gone (its window closed, the
 * ssh connection dropped)? Then every read fails at once, with EIO or as
 * end of input, and no SIGHUP need come: under make it does not. A read
 * that merely timed out or was interrupted leaves the terminal quiet. */
static bool terminal_gone(int read_errno)
{
	if (read_errno == EIO)
		return true;
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };
	if (poll(&p, 1, 0) < 0)
		return false;
	if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
		return true;
	/* readable with nothing to read is end of input; a key that arrived
	 * since the read leaves bytes waiting */
	int avail = 0;
	return (p.revents & POLLIN) && ioctl(STDIN_FILENO, FIONREAD, &avail) == 0 &&
	       avail == 0;
}

/* Outside a UTF-8 locale ncurses cannot decode a multibyte key: it cut
 * "NOOP é x" at the é and swallowed what followed. There the bytes are
 * read one by one, a character's bytes gathered here and decoded by
 * text_utf8_seq; a byte that is not UTF-8 is refused with a note, and the byte after it is read again as a key. */
enum { KEY_REFUSED = KF(0xffff) };   /* a byte that was not UTF-8 */
static int g_note_8bit;              /* 1: non-ASCII kept, 2: a byte refused */
static unsigned g_refused_byte;

static int read_key_bytes(void)
{
	int ch = wgetch(stdscr);
	if (ch == ERR)
		return -1;
	if (ch >= KEY_MIN) {
		if (ch == KEY_ENTER)
			return '\n';
		return KF(ch);
	}
	if (ch == '\r')
		return '\n';
	if (ch == 127 || ch == 8)
		return KF(KEY_BACKSPACE);
	if (ch < 0x80)
		return ch;
	/* How many bytes the lead byte announces; the sequence is decoded
	 * and judged by the text module, as everywhere else. */
	size_t len = ch >= 0xc2 && ch < 0xe0 ? 2 : ch >= 0xe0 && ch < 0xf0 ? 3
	           : ch >= 0xf0 && ch < 0xf5 ? 4 : 0;
	char seq[4] = { (char)ch };
	size_t got = 1;
	/* the rest of one character arrives with its first byte */
	timeout(100);
	while (got < len) {
		int c = wgetch(stdscr);
		if (c == ERR || c < 0x80 || c > 0xbf) {
			if (c != ERR)
				ungetch(c);
			break;
		}
		seq[got++] = (char)c;
	}
	timeout(500);
	/* printable: well-formed (no overlong form, no surrogate) and no C1
	 * control, which a terminal would obey */
	uint32_t cp;
	if (!len || got < len || text_printable_seq(seq, len) != len ||
	    text_utf8_seq(seq, len, &cp) != len) {
		g_note_8bit = 2;
		g_refused_byte = (unsigned)ch;
		return KEY_REFUSED;
	}
	g_note_8bit = 1;
	return (int)cp;
}

static int read_key(const struct app *a)
{
	if (!a->utf8)
		return read_key_bytes();
	wint_t wc;
	int rc = wget_wch(stdscr, &wc);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\n';
		return KF((int)wc);
	}
	if (wc == '\r')
		return '\n';
	if (wc == 127 || wc == 8)
		return KF(KEY_BACKSPACE);
	return (int)wc;
}

int ui_term_read_key(struct app *a)
{
	errno = 0;
	int key = read_key(a);
	if (key < 0 && terminal_gone(errno)) {
		g_hangup = true;
		return -2;
	}
	return key;
}

int ui_term_note_8bit(unsigned *byte)
{
	int n = g_note_8bit;
	*byte = g_refused_byte;
	g_note_8bit = 0;
	return n;
}

int ui_mouse_wheel(void)
{
	MEVENT ev;
	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & BUTTON4_PRESSED)
		return -1;
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return 1;
#endif
	return 0;
}
