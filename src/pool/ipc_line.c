/* worker-safe */
/*
 * The IPC line protocol without the socket: framing of a byte stream into
 * bounded lines and the trimming of one line into a command. Kept apart
 * from the worker so the fuzz target can drive it with any byte stream
 * and any split of it into reads.
 */
#include <errno.h>
#include <string.h>

#include "pool/pool_int.h"

void
pool_ipc_lines(struct pool_ipc_buf *b,
    bool (*line)(void *arg, char *s, size_t n, int err), void *arg)
{
	bool more = true;
	char *nl;

	while (more && (nl = memchr(b->buf, '\n', b->len)) != NULL) {
		size_t used = (size_t)(nl - b->buf) + 1;
		*nl = '\0';
		if (b->skip)
			b->skip = false;
		else
			more = line(arg, b->buf, used - 1, 0);
		memmove(b->buf, b->buf + used, b->len - used);
		b->len -= used;
	}
	if (more && b->len == sizeof(b->buf)) {
		/* No newline in a whole buffer: refuse it, skip to its end. */
		if (!b->skip)
			line(arg, NULL, 0, -E2BIG);
		b->skip = true;
		b->len = 0;
	}
}

int
pool_ipc_trim(char *line, size_t n, char **cmd)
{
	if (memchr(line, '\0', n) != NULL)
		return -EINVAL;
	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		line[--n] = '\0';
	while (*line == ' ')
		line++;
	*cmd = line;
	return *line != '\0';
}
