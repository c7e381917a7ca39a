/*
 * esc_memfd_swap DIR N
 *
 * Run a memfd through a symlink swapped under the execve check. This
 * program copies itself into a memfd and into DIR/ok, then a thread keeps
 * renaming DIR/x between a link to "ok" and a link to /proc/self/fd/M
 * (the memfd) while the main thread forks N children that exec DIR/x.
 * A child started as "esc_memfd_swap child" exits 42 when it runs from
 * the memfd (/proc/self/exe names /memfd:...), 0 otherwise. Landlock does
 * not check files of the kernel's internal mounts, and the execve check
 * sees a name the thread may change before the kernel opens it, so only
 * a check of what really ran stops it.
 * Prints "ESCAPED memfd=K/N" and exits 0 when a child ran from the
 * memfd, else "BLOCKED memfd=0/N ok=J" and exits 1; 2 on a setup error.
 */
#include <pthread.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "esc.h"

static char target[64];
static volatile int stop;

static void *
flip(void *arg)
{
	(void)arg;
	while (!stop) {
		symlink("ok", "x.tmp");
		rename("x.tmp", "x");
		symlink(target, "x.tmp");
		rename("x.tmp", "x");
	}
	return NULL;
}

/* Copy the file at fd in to fd out; -1 on failure. */
static int
copy(int in, int out)
{
	char buf[65536];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			return -1;
	return n < 0 ? -1 : 0;
}

int
main(int argc, char **argv)
{
	char exe[64];
	ssize_t l;
	int self, m, ok, n, got = 0, fine = 0, st;
	pthread_t t;

	if (argc == 2 && strcmp(argv[1], "child") == 0) {
		l = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
		exe[l > 0 ? l : 0] = '\0';
		return strncmp(exe, "/memfd:", 7) == 0 ? 42 : 0;
	}
	if (argc != 3)
		return 2;
	n = atoi(argv[2]);
	if ((self = open("/proc/self/exe", O_RDONLY | O_CLOEXEC)) < 0 ||
	    (m = (int)syscall(SYS_memfd_create, "esc", 0)) < 0 ||
	    copy(self, m) < 0 || chdir(argv[1]) < 0 ||
	    lseek(self, 0, SEEK_SET) < 0 ||
	    (ok = open("ok", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
		0755)) < 0 || copy(self, ok) < 0 || close(ok) < 0) {
		printf("ERROR setup: %s\n", strerror(errno));
		return 2;
	}
	snprintf(target, sizeof(target), "/proc/self/fd/%d", m);
	if (pthread_create(&t, NULL, flip, NULL) != 0)
		return 2;
	for (int i = 0; i < n; i++) {
		pid_t c = fork();
		if (c == 0) {
			execl("x", "x", "child", (char *)NULL);
			_exit(3);
		}
		if (c < 0 || waitpid(c, &st, 0) < 0)
			break;
		if (WIFEXITED(st) && WEXITSTATUS(st) == 42)
			got++;
		else if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			fine++;
	}
	stop = 1;
	pthread_join(t, NULL);
	if (got > 0) {
		printf("ESCAPED memfd=%d/%d ok=%d\n", got, n, fine);
		return 0;
	}
	printf("BLOCKED memfd=0/%d ok=%d\n", n, fine);
	return 1;
}
