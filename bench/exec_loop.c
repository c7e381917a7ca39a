/*
 * usage: exec_loop N PROGRAM [ARG]... — N times fork, execvp(PROGRAM),
 * wait; prints ns per fork+exec+wait. Fails (exit 1) as soon as one run
 * does not exit 0. With PROGRAM a sandbox (syd -poff -- true), this is
 * the sandbox's start-up time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	long n = argc > 1 ? atol(argv[1]) : 1000;
	char *deflt[] = { "/bin/true", NULL };
	char **args = argc > 2 ? argv + 2 : deflt;
	struct timespec t0, t1;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		int st;
		if (pid == 0) {
			execvp(args[0], args);
			_exit(127);
		}
		if (pid < 0 || waitpid(pid, &st, 0) < 0 || st != 0)
			return 1;
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 +
	    (t1.tv_nsec - t0.tv_nsec)) / (double)n);
	return 0;
}
