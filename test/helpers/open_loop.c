/*
 * open_loop PATH COUNT
 *
 * open(PATH, O_RDONLY), read up to 4 KiB, close, COUNT times; print
 * "calls=COUNT ns_per_call=N failed=F". Exit 1 if any open failed, 2 on
 * usage.
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
	long count, failed = 0;
	char buf[4096];
	double ns;

	if (argc != 3 || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: open_loop PATH COUNT\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < count; i++) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0) {
			failed++;
			continue;
		}
		if (read(fd, buf, sizeof(buf)) < 0)
			failed++;
		close(fd);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("calls=%ld ns_per_call=%.0f failed=%ld\n", count, ns / count,
	    failed);
	return failed > 0;
}
