/*
 * repro_spawn MODE PROGRAM COUNT (issue 17: real programs, run as root)
 *
 * fork and exec PROGRAM (a dynamically linked one) COUNT times and count
 * the runs that did not exit 0. MODE "sibling": a child with effective
 * uid 65534 stats "x" every 0.1 ms all along (calls of another uid between
 * ours); MODE "seteuid": this process takes effective uid and gid 65534
 * first (real ids stay 0: PROGRAM starts not dumpable, in secure mode).
 * Prints "runs=COUNT failed=F" and the first failure's status.
 * Exit 0 when none failed, 1 otherwise, 2 on usage or set-up errors.
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "repro.h"

int
main(int argc, char **argv)
{
	long count, failed = 0;
	int st, first = 0, p[2], sib = 0;
	pid_t pid = -1, c;
	char b;

	if (argc != 4 || (count = atol(argv[3])) <= 0) {
		fprintf(stderr, "usage: repro_spawn sibling|seteuid PROG N\n");
		return 2;
	}
	if (strcmp(argv[1], "sibling") == 0) {
		sib = 1;
		if (pipe(p) < 0 || (pid = fork()) < 0)
			return 2;
		if (pid == 0) {
			struct stat sb;

			if (setegid(65534) < 0 || seteuid(65534) < 0)
				_exit(3);
			stat("x", &sb);
			write(p[1], "", 1);
			for (;;) {	/* one stat every 0.1 ms or so */
				struct timespec ts = { 0, 100000 };

				stat("x", &sb);
				nanosleep(&ts, NULL);
			}
		}
		if (read(p[0], &b, 1) != 1) {
			fprintf(stderr, "repro_spawn: the child failed\n");
			return 2;
		}
	} else if (strcmp(argv[1], "seteuid") == 0) {
		if (setegid(65534) < 0 || seteuid(65534) < 0) {
			perror("repro_spawn: seteuid");
			return 2;
		}
	} else {
		return 2;
	}
	for (long i = 0; i < count; i++) {
		if ((c = fork()) < 0) {
			perror("repro_spawn: fork");
			return 2;
		}
		if (c == 0) {
			execl(argv[2], argv[2], (char *)NULL);
			_exit(126);
		}
		if (waitpid(c, &st, 0) != c)
			return 2;
		if (st != 0 && !failed++)
			first = st;
	}
	if (sib) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
	}
	printf("runs=%ld failed=%ld\n", count, failed);
	if (failed)
		printf("first_status=0x%x\n", first);
	return failed > 0;
}
