/*
 * fork_bomb SECONDS TAG
 *
 * Every process forks as fast as it can, and every child does the same,
 * for SECONDS; then all exit. The first process prints "eagain" if a fork
 * of its own failed with EAGAIN, "other ERRNO" for another failure, or
 * "unlimited" if none failed. TAG only marks the command line, so the
 * test can count the processes from outside.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	time_t end;
	int first = 1, err = 0;

	if (argc != 3)
		return 2;
	end = time(NULL) + atoi(argv[1]);
	while (time(NULL) < end) {
		pid_t p = fork();
		if (p == 0) {
			first = 0;
			continue;
		}
		if (p < 0) {
			if (first && err == 0)
				err = errno;
			usleep(10000);
		}
	}
	if (first) {
		if (err == EAGAIN)
			puts("eagain");
		else if (err != 0)
			printf("other %d\n", err);
		else
			puts("unlimited");
	}
	return 0;
}
