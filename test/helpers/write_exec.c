/*
 * write_exec DIR N
 *
 * N times: copy this program (argv[0]) to DIR/we.I (open
 * O_WRONLY|O_CREAT|O_EXCL, write, close), execute it at once in a child
 * (without arguments it exits 0), remove it. What a compiler driver or a
 * build does. Prints "etxtbsy K/N": K execs failed
 * with ETXTBSY (the file was still open for writing somewhere). Exit 0,
 * 1 on another failure, 2 on usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

static char buf[8 << 20];

int
main(int argc, char **argv)
{
	int n, bad = 0, fd, st, len;
	char p[4096];
	pid_t c;

	if (argc == 1)
		return 0;
	if (argc != 3)
		return 2;
	n = atoi(argv[2]);
	if ((fd = open(argv[0], O_RDONLY)) < 0 ||
	    (len = (int)read(fd, buf, sizeof(buf))) <= 0)
		return 1;
	close(fd);
	for (int i = 0; i < n; i++) {
		snprintf(p, sizeof(p), "%s/we.%d", argv[1], i);
		unlink(p);
		fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0755);
		if (fd < 0 || write(fd, buf, (size_t)len) != len ||
		    close(fd) != 0) {
			perror(p);
			return 1;
		}
		if ((c = fork()) == 0) {
			execl(p, p, (char *)NULL);
			_exit(errno == ETXTBSY ? 99 : 98);
		}
		if (c < 0 || waitpid(c, &st, 0) < 0)
			return 1;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 99)
			bad++;
		else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
			fprintf(stderr, "%s: exit %d\n", p, st);
			return 1;
		}
		unlink(p);
	}
	printf("etxtbsy %d/%d\n", bad, n);
	return 0;
}
