/*
 * usage: open_loop N PATH — N times open(2) PATH read-only, read(2) up to
 * 4 KiB of it and close(2) it; prints ns per open+read+close.
 */

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	struct timespec a, b;
	char buf[4096];
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *p = argc > 2 ? argv[2] : "/etc/hostname";

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++) {
		int fd = open(p, O_RDONLY);
		if (fd < 0 || read(fd, buf, sizeof(buf)) < 0)
			return 1;
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 +
	    (b.tv_nsec - a.tv_nsec)) / (double)n);
	return 0;
}
