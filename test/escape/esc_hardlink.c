/*
 * esc_hardlink SECRET DIR MARKER
 *
 * Give the denied file SECRET a second name inside the allowed directory
 * DIR, then read it by that name: link(2) by path, linkat(2) of an O_PATH
 * fd with AT_EMPTY_PATH (no source path at all: root has
 * CAP_DAC_READ_SEARCH) and linkat(2) of "/proc/self/fd/N" with
 * AT_SYMLINK_FOLLOW. A checker must either refuse the link (rename
 * category, source path) or still refuse the read of the new name.
 * Only reading MARKER counts as an escape.
 *
 * Prints "ESCAPED <variant>=<new name>... (blocked: ...)" and exits 0 if
 * some new name read MARKER (all are tried), else
 * "BLOCKED <variant>=<step>:<errno>..." and exits 1 (2: usage/setup).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"

static void
note(const char *what, const char *step, int e)
{
	esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what, step,
	    esc_ename(e));
}

/* After a link call returned r, read the new name NEW. */
static int
read_new(const char *what, int r, const char *new, const char *marker)
{
	int fd;

	if (r < 0) {
		note(what, "link", errno);
		return 0;
	}
	if ((fd = open(new, O_RDONLY)) < 0) {
		note(what, "open", errno);
		return 0;
	}
	if (!esc_read_marker(fd, marker)) {
		note(what, "read", 0);
		return 0;
	}
	esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, new);
	return 1;
}

int
main(int argc, char **argv)
{
	char new[4096], p[64];
	const char *secret, *dir, *marker;
	int pfd;

	if (argc != 4) {
		fprintf(stderr, "usage: esc_hardlink SECRET DIR MARKER\n");
		return 2;
	}
	secret = argv[1];
	dir = argv[2];
	marker = argv[3];

	snprintf(new, sizeof(new), "%s/hl-path", dir);
	unlink(new);
	read_new("link", link(secret, new), new, marker);
	/* An fd of SECRET: O_PATH (stat), else write-only (write is off). */
	if ((pfd = esc_opath(secret, 0)) < 0)
		pfd = open(secret, O_WRONLY);
	if (pfd < 0) {
		note("fd", "O_PATH", errno);
	} else {
		snprintf(new, sizeof(new), "%s/hl-empty", dir);
		unlink(new);
		read_new("linkat-empty", linkat(pfd, "", AT_FDCWD, new,
		    AT_EMPTY_PATH), new, marker);
		snprintf(new, sizeof(new), "%s/hl-proc", dir);
		snprintf(p, sizeof(p), "/proc/self/fd/%d", pfd);
		unlink(new);
		read_new("linkat-proc-fd", linkat(AT_FDCWD, p, AT_FDCWD,
		    new, AT_SYMLINK_FOLLOW), new, marker);
	}
	return esc_report();
}
