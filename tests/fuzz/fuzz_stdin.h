/* fuzz_stdin.h — for the harnesses of commands that read standard input:
 * put the input on fd 0 through a pipe (the harnesses keep inputs under
 * the pipe's capacity). Header-only. */
#ifndef FUZZ_STDIN_H
#define FUZZ_STDIN_H

#include <stddef.h>
#include <unistd.h>

enum { FUZZ_PIPE_MAX = 65536 };

/* Make fd 0 a pipe holding exactly data[0..n) then end of file. -1 when
 * the input is too large for a pipe or a call fails. */
static inline int fuzz_stdin(const void *data, size_t n)
{
	int fd[2];
	if (n > FUZZ_PIPE_MAX || pipe(fd) < 0)
		return -1;
	const char *p = data;
	while (n > 0) {
		ssize_t w = write(fd[1], p, n);
		if (w <= 0) {
			close(fd[0]);
			close(fd[1]);
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	close(fd[1]);
	int r = dup2(fd[0], 0);
	close(fd[0]);
	return r < 0 ? -1 : 0;
}

#endif
