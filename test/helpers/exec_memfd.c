/*
 * exec_memfd SRC ARGV0 [ARG...]
 *
 * Copies the file SRC into an anonymous file (memfd_create) and executes
 * that with execveat(memfd, "", argv, envp, AT_EMPTY_PATH), i.e. fexecve:
 * code that never had a name in the file system. argv is ARGV0 ARG...
 *
 * Only returns on failure: prints "ERR open|memfd_create|copy|execveat
 * ENAME" on stdout and exits 1; 2 on usage errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

extern char **environ;

int
main(int argc, char **argv)
{
	char buf[65536];
	ssize_t n;
	int src, fd;

	if (argc < 3) {
		fprintf(stderr, "usage: exec_memfd SRC ARGV0 [ARG...]\n");
		return 2;
	}
	src = open(argv[1], O_RDONLY | O_CLOEXEC);
	if (src < 0) {
		printf("ERR open %s\n", ename(errno));
		return 1;
	}
	/* No MFD_CLOEXEC: the fd must stay open across the exec for a
	 * script; for an ELF file it does not matter. */
	fd = (int)syscall(SYS_memfd_create, "exec_memfd", 0);
	if (fd < 0) {
		printf("ERR memfd_create %s\n", ename(errno));
		return 1;
	}
	while ((n = read(src, buf, sizeof(buf))) > 0) {
		if (write(fd, buf, (size_t)n) != n) {
			printf("ERR copy %s\n", ename(errno));
			return 1;
		}
	}
	if (n < 0) {
		printf("ERR copy %s\n", ename(errno));
		return 1;
	}
	close(src);
	fflush(stdout);
	syscall(SYS_execveat, fd, "", argv + 2, environ, AT_EMPTY_PATH);
	printf("ERR execveat %s\n", ename(errno));
	return 1;
}
