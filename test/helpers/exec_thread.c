/*
 * exec_thread PATH ARGV0 [ARG...]
 *
 * A multithreaded process in which a thread other than the main one calls
 * execve(PATH, ARGV0 ARG...): the kernel kills the other threads and the
 * exec'ing thread takes over the thread group leader's pid. Meanwhile a
 * second thread and the main thread keep busy. The exec'd program's own
 * output is the success marker.
 *
 * Only returns on failure: prints "ERR execve ENAME" on stdout and exits
 * 1; 2 on usage or thread errors; 3 if nothing happened within 10 s.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ename.h"

extern char **environ;

static char **args;

static void *
spinner(void *arg)
{
	volatile unsigned long n = 0;

	(void)arg;
	for (;;) {
		n++;
		if ((n & 0xfffff) == 0)
			usleep(1000);
	}
	return NULL;
}

static void *
execer(void *arg)
{
	(void)arg;
	usleep(50000); /* let the other threads run first */
	execve(args[0], args + 1, environ);
	printf("ERR execve %s\n", ename(errno));
	fflush(stdout);
	_exit(1);
	return NULL;
}

int
main(int argc, char **argv)
{
	pthread_t s, e;

	if (argc < 3) {
		fprintf(stderr, "usage: exec_thread PATH ARGV0 [ARG...]\n");
		return 2;
	}
	args = argv + 1;
	fflush(stdout);
	if (pthread_create(&s, NULL, spinner, NULL) != 0 ||
	    pthread_create(&e, NULL, execer, NULL) != 0) {
		fprintf(stderr, "exec_thread: pthread_create failed\n");
		return 2;
	}
	sleep(10);
	printf("ERR nothing happened in 10 s\n");
	return 3;
}
