/*
 * pid_threads N
 *   Start N idle threads; print "ok=X fail=Y" (Y failed with EAGAIN or
 *   another error), exit.
 * pid_threads exec N
 *   Start N idle threads, then one more that execs this program as
 *   "pid_threads after": the other threads go away with the exec. That
 *   forks children until fork fails and prints "after=N".
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void *
idle(void *a)
{
	pause();
	return a;
}

static void *
execer(void *a)
{
	execl("/proc/self/exe", "pid_threads", "after", (char *)NULL);
	perror("exec");
	exit(1);
	return a;
}

static int
threads(int n)
{
	pthread_t t;
	int ok = 0;

	for (int i = 0; i < n; i++)
		ok += pthread_create(&t, NULL, idle, NULL) == 0;
	return ok;
}

int
main(int argc, char **argv)
{
	pthread_t t;
	int n = 0;

	if (argc == 2 && strcmp(argv[1], "after") == 0) {
		for (; n <= 1000; n++) {
			pid_t p = fork();
			if (p < 0)
				break;
			if (p == 0) {
				pause();
				_exit(0);
			}
		}
		printf("after=%d\n", n);
		return 0;
	}
	if (argc == 3 && strcmp(argv[1], "exec") == 0) {
		if (threads(atoi(argv[2])) != atoi(argv[2]) ||
		    pthread_create(&t, NULL, execer, NULL) != 0) {
			puts("threads failed");
			return 1;
		}
		pause();
	}
	if (argc != 2)
		return 2;
	n = threads(atoi(argv[1]));
	printf("ok=%d fail=%d\n", n, atoi(argv[1]) - n);
	return 0;
}
