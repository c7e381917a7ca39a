/*
 * openat_at DIR NAME
 *
 * Open DIR (O_RDONLY|O_DIRECTORY), chdir to "/" so the working directory
 * cannot stand in for it, then openat(dirfd, NAME, O_RDONLY) and copy the
 * file to stdout. On failure print "openat_at: NAME: <strerror>" to stderr
 * and exit 1 (2 when DIR itself cannot be opened, 3 on usage).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	char buf[4096];
	int dfd, fd;
	ssize_t n;

	if (argc != 3) {
		fprintf(stderr, "usage: openat_at DIR NAME\n");
		return 3;
	}
	dfd = open(argv[1], O_RDONLY | O_DIRECTORY);
	if (dfd < 0) {
		fprintf(stderr, "openat_at: %s: %s\n", argv[1],
		    strerror(errno));
		return 2;
	}
	if (chdir("/") < 0) {
		perror("openat_at: chdir");
		return 2;
	}
	fd = openat(dfd, argv[2], O_RDONLY);
	if (fd < 0) {
		fprintf(stderr, "openat_at: %s: %s\n", argv[2],
		    strerror(errno));
		return 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, (size_t)n) != n)
			return 1;
	return n < 0;
}
