/*
 * usage: stat_loop N PATH — N stat(2) calls of PATH; prints ns per call.
 */

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>

int
main(int argc, char **argv)
{
	struct timespec a, b;
	struct stat st;
	long n = argc > 1 ? atol(argv[1]) : 100000;
	const char *p = argc > 2 ? argv[2] : "/etc/hostname";

	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < n; i++)
		if (stat(p, &st) != 0)
			return 1;
	clock_gettime(CLOCK_MONOTONIC, &b);
	printf("%.1f\n", ((b.tv_sec - a.tv_sec) * 1e9 +
	    (b.tv_nsec - a.tv_nsec)) / (double)n);
	return 0;
}
