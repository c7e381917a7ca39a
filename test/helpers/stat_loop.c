/*
 * stat_loop PATH COUNT
 *
 * stat(PATH) COUNT times; print "calls=COUNT ns_per_call=N failed=F".
 * Exit 1 if any call failed, 2 on usage.
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
	long count, failed = 0;
	double ns;

	if (argc != 3 || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: stat_loop PATH COUNT\n");
		return 2;
	}
	clock_gettime(CLOCK_MONOTONIC, &a);
	for (long i = 0; i < count; i++)
		failed += stat(argv[1], &st) != 0;
	clock_gettime(CLOCK_MONOTONIC, &b);
	ns = (b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec);
	printf("calls=%ld ns_per_call=%.0f failed=%ld\n", count, ns / count,
	    failed);
	return failed > 0;
}
