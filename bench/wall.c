/*
 * usage: wall [-m] COMMAND [ARG]... — runs COMMAND with its stdout on
 * /dev/null and prints its wall time and the CPU time (user + system) of
 * COMMAND and every descendant it waited for, both in ms; with -m also
 * the peak resident set of the COMMAND process itself (VmHWM, KiB; its
 * children are not counted), polled every 10 ms while it runs. Exits
 * with COMMAND's status, 128+N if it was killed by signal N.
 */

#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* VmHWM only grows, so the last sample before exit is the peak up to
 * 10 ms before the end; a zombie has no mm left to ask. */
static long
hwm(pid_t pid)
{
	char path[64], buf[4096], *p;
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	if ((p = strstr(buf, "\nVmHWM:")) == NULL)
		return -1;
	return atol(p + 7);
}

static double
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static double
tv_ms(struct timeval t)
{
	return t.tv_sec * 1e3 + t.tv_usec / 1e3;
}

int
main(int argc, char **argv)
{
	int mem = argc > 1 && strcmp(argv[1], "-m") == 0, st, fd;
	char **cmd = argv + 1 + mem;
	long peak = -1, v;
	struct rusage ru;
	struct pollfd pfd;
	double t0;
	pid_t pid;

	if (cmd[0] == NULL)
		return 100;
	t0 = now_ms();
	if ((pid = fork()) == 0) {
		if ((fd = open("/dev/null", O_WRONLY)) >= 0)
			dup2(fd, 1);
		execvp(cmd[0], cmd);
		_exit(127);
	}
	if (pid < 0)
		return 111;
	pfd.fd = mem ? (int)syscall(SYS_pidfd_open, pid, 0) : -1;
	pfd.events = POLLIN;
	while (pfd.fd >= 0 && poll(&pfd, 1, 10) == 0)
		if ((v = hwm(pid)) > peak)
			peak = v;
	if (waitpid(pid, &st, 0) < 0)
		return 111;
	t0 = now_ms() - t0;
	getrusage(RUSAGE_CHILDREN, &ru);
	printf("%.1f %.1f", t0, tv_ms(ru.ru_utime) + tv_ms(ru.ru_stime));
	if (mem)
		printf(" %ld", peak);
	printf("\n");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}
