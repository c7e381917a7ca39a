/*
 * exec_repeat N MS M PATH [ARG...]
 *
 * Runs PATH (fork, then execv in the child) N times, sleeps MS
 * milliseconds, then runs it M times more, one after the other. For each
 * run prints one line: "exit N", "signal N" (how the child ended), or
 * "ERR ENAME" when the execv itself failed (its errno, passed back
 * through a close-on-exec pipe). The SegvGuard tests run a crashing
 * program so: natively every run crashes; under syd the runs past
 * segvguard/maxcrashes fail with EACCES until the suspension is over.
 * Exit 0; 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ename.h"

static void
run(char **argv)
{
	int p[2], err = 0, st;
	pid_t pid;

	if (pipe2(p, O_CLOEXEC) < 0) {
		printf("ERR pipe %s\n", ename(errno));
		return;
	}
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		execv(argv[0], argv);
		err = errno;
		(void)write(p[1], &err, sizeof(err));
		_exit(127);
	}
	close(p[1]);
	if (pid < 0) {
		printf("ERR fork %s\n", ename(errno));
		close(p[0]);
		return;
	}
	if (read(p[0], &err, sizeof(err)) != sizeof(err))
		err = 0;
	close(p[0]);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (err != 0)
		printf("ERR %s\n", ename(err));
	else if (WIFSIGNALED(st))
		printf("signal %d\n", WTERMSIG(st));
	else
		printf("exit %d\n", WEXITSTATUS(st));
	fflush(stdout);
}

int
main(int argc, char **argv)
{
	struct timespec ts;
	long n, ms, m;

	if (argc < 5) {
		fprintf(stderr, "usage: exec_repeat N MS M PATH [ARG...]\n");
		return 2;
	}
	n = atol(argv[1]);
	ms = atol(argv[2]);
	m = atol(argv[3]);
	for (long i = 0; i < n; i++)
		run(argv + 4);
	if (ms > 0) {
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = ms % 1000 * 1000000;
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
	for (long i = 0; i < m; i++)
		run(argv + 4);
	return 0;
}
