/*
 * resolve_race swap DIR | resolve_race open DIR N
 *
 * RESOLVE_NO_SYMLINKS against a rename race. DIR holds x (a directory
 * whose f says "inside") and y (a symbolic link to a directory whose f
 * says "OUTSIDE"). "swap" exchanges x and y (renameat2 RENAME_EXCHANGE)
 * until killed; run it outside the sandbox. "open" makes N calls of
 * openat2(DIR, "x/f", O_RDONLY, RESOLVE_NO_SYMLINKS) and reads what each
 * opened. The kernel either descends the directory or answers ELOOP; it
 * never follows the link, so "OUTSIDE" is never read.
 *
 * Prints: inside=I eloop=L other=O outside=X; exit 1 if X > 0, 2 on
 * usage or setup errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long n, in = 0, loop = 0, other = 0, out = 0;
	int d;

	if (argc < 3)
		return 2;
	if ((d = open(argv[2], O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		return 2;
	if (strcmp(argv[1], "swap") == 0)
		for (;;)
			syscall(SYS_renameat2, d, "x", d, "y", 2L /* EXCHANGE */);
	if (strcmp(argv[1], "open") != 0 || argc < 4)
		return 2;
	n = atol(argv[3]);
	for (long i = 0; i < n; i++) {
		struct open_how h = { .flags = O_RDONLY | O_CLOEXEC,
		    .resolve = RESOLVE_NO_SYMLINKS };
		char b[16] = { 0 };
		int fd = (int)syscall(SYS_openat2, d, "x/f", &h, sizeof(h));

		if (fd < 0) {
			if (errno == ELOOP)
				loop++;
			else
				other++;
			continue;
		}
		if (read(fd, b, sizeof(b) - 1) < 0)
			other++;
		close(fd);
		if (strncmp(b, "OUTSIDE", 7) == 0)
			out++;
		else
			in++;
	}
	printf("inside=%ld eloop=%ld other=%ld outside=%ld\n", in, loop, other,
	    out);
	return out > 0;
}
