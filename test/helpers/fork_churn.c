/*
 * fork_churn N
 *
 * Fork and reap a child N times, one at a time, then fork idle children
 * until fork fails (at most 1000). Prints "fails=F fit=M": F of the N
 * forks failed, M children fitted at the end. Under pid/max:K a count
 * that stays right gives F = 0 and M = K - 1.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	int fails = 0, n = 0, rounds;

	if (argc != 2)
		return 2;
	rounds = atoi(argv[1]);
	for (int i = 0; i < rounds; i++) {
		pid_t p = fork();
		if (p < 0) {
			fails++;
			continue;
		}
		if (p == 0)
			_exit(0);
		waitpid(p, NULL, 0);
	}
	for (; n < 1000; n++) {
		pid_t p = fork();
		if (p < 0)
			break;
		if (p == 0) {
			pause();
			_exit(0);
		}
	}
	printf("fails=%d fit=%d\n", fails, n);
	return 0;
}
