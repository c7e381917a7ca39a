/*
 * exec_vfork PATH ARGV0 [ARG...]
 *
 * vfork(2), and the child execve(PATH, ARGV0 ARG...). The child shares
 * the parent's memory until it execs or exits; when execve fails it
 * leaves errno in a shared variable and _exit(127)s. The parent then
 * carries on and reports, on stdout after the child's own output:
 *	child exited N [errno ENAME]   or   child killed by signal N
 *	PARENT-CARRIED-ON
 * Exit 0 when the parent got that far, 2 on usage or vfork errors.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ename.h"

extern char **environ;

static volatile int child_errno;

int
main(int argc, char **argv)
{
	pid_t pid;
	int st;

	if (argc < 3) {
		fprintf(stderr, "usage: exec_vfork PATH ARGV0 [ARG...]\n");
		return 2;
	}
	fflush(stdout);
	pid = vfork();
	if (pid < 0) {
		printf("vfork failed: %s\n", strerror(errno));
		return 2;
	}
	if (pid == 0) {
		execve(argv[1], argv + 2, environ);
		child_errno = errno;
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0) {
		if (errno != EINTR) {
			printf("waitpid failed: %s\n", strerror(errno));
			return 2;
		}
	}
	if (WIFEXITED(st)) {
		printf("child exited %d", WEXITSTATUS(st));
		if (child_errno != 0)
			printf(" errno %s", ename(child_errno));
		printf("\n");
	} else if (WIFSIGNALED(st)) {
		printf("child killed by signal %d\n", WTERMSIG(st));
	}
	printf("PARENT-CARRIED-ON\n");
	return 0;
}
