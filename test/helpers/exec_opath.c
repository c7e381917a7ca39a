/*
 * exec_opath PATH ARGV0 [ARG...]
 *
 * Opens PATH with O_PATH and executes the fd with
 * execveat(fd, "", argv, envp, AT_EMPTY_PATH) (what fexecve does with an
 * O_PATH descriptor), argv being ARGV0 ARG... No path reaches the execve
 * notification: the sandbox must judge the object behind the fd.
 *
 * Only returns on failure: prints "ERR open|execveat ENAME" on stdout and
 * exits 1; 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

extern char **environ;

int
main(int argc, char **argv)
{
	int fd;

	if (argc < 3) {
		fprintf(stderr, "usage: exec_opath PATH ARGV0 [ARG...]\n");
		return 2;
	}
	fd = open(argv[1], O_PATH | O_CLOEXEC);
	if (fd < 0) {
		printf("ERR open %s\n", ename(errno));
		return 1;
	}
	syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
	printf("ERR execveat %s\n", ename(errno));
	return 1;
}
