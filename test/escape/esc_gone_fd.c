/*
 * esc_gone_fd FILE
 *
 * An fd of a live file whose name ends in " (deleted)" (FILE): the test
 * makes FILE append-only and denies chmod of it. This program opens it
 * for writing (syd adds O_APPEND), then, on the fd, clears O_APPEND,
 * truncates it and changes its mode. A checker that takes the fd's name
 * for a removed file's judges FILE without the suffix, which no rule
 * names.
 *
 * Prints "ESCAPED <what>..." and exits 0 if any step got through, else
 * "BLOCKED <what>=<errno>..." and exits 1 (2: setup).
 */
#include <sys/stat.h>

#include "esc.h"

static void
step(const char *what, int r)
{
	if (r == 0)
		esc_cat(esc_got, sizeof(esc_got), " %s", what);
	else
		esc_cat(esc_why, sizeof(esc_why), " %s=%s", what,
		    esc_ename(errno));
}

int
main(int argc, char **argv)
{
	int fd;

	if (argc != 2 || (fd = open(argv[1], O_WRONLY | O_CLOEXEC)) < 0)
		return 2;
	step("clear-append", fcntl(fd, F_SETFL, 0) < 0 ||
	    (fcntl(fd, F_GETFL) & O_APPEND) ? -1 : 0);
	step("ftruncate", ftruncate(fd, 0));
	step("fchmod", fchmod(fd, 0600));
	return esc_report();
}
