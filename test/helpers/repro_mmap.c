/*
 * repro_mmap FILE COUNT (class A of issue 17, run as root)
 *
 * A child takes effective uid 65534 and stats "x" (relative) in a loop,
 * so that the calls it makes alternate with the parent's; the parent, root,
 * maps the open FILE with PROT_READ|PROT_EXEC, MAP_PRIVATE COUNT times.
 * Prints "mmaps=COUNT failed=F" and, if any failed, "first_errno=ENAME".
 * Exit 0 when none failed, 1 otherwise, 2 on usage or set-up errors.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "repro.h"

int
main(int argc, char **argv)
{
	long count, failed = 0;
	int fd, first = 0, p[2];
	pid_t pid;
	char c;

	if (argc != 3 || (count = atol(argv[2])) <= 0) {
		fprintf(stderr, "usage: repro_mmap FILE COUNT\n");
		return 2;
	}
	if ((fd = open(argv[1], O_RDONLY)) < 0 || pipe(p) < 0) {
		perror("repro_mmap: open");
		return 2;
	}
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		struct stat st;

		if (setegid(65534) < 0 || seteuid(65534) < 0)
			_exit(3);
		stat("x", &st);
		write(p[1], "", 1);
		for (;;)
			stat("x", &st);
	}
	if (read(p[0], &c, 1) != 1) {
		fprintf(stderr, "repro_mmap: the seteuid child failed\n");
		return 2;
	}
	for (long i = 0; i < count; i++) {
		void *m = mmap(NULL, 4096, PROT_READ | PROT_EXEC, MAP_PRIVATE,
		    fd, 0);
		if (m == MAP_FAILED) {
			if (!failed++)
				first = errno;
			continue;
		}
		munmap(m, 4096);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	printf("mmaps=%ld failed=%ld\n", count, failed);
	if (failed)
		printf("first_errno=%s\n", errname(first));
	return failed > 0;
}
