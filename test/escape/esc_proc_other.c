/*
 * esc_proc_other SECRET MARKER PID FD DIRFD
 *
 * Reach the denied file SECRET through the /proc magic links of other
 * processes, which the kernel follows to objects: PID is a process
 * outside the sandbox with SECRET open as FD, a directory fd DIRFD of
 * SECRET's directory and its cwd there, so /proc/PID/fd/FD,
 * /proc/PID/fd/DIRFD/NAME, /proc/PID/cwd/NAME and /proc/PID/root/SECRET
 * all name the secret. Then a sibling inside the sandbox: a child that
 * holds an O_PATH fd of SECRET (a stat-class open) and sits in SECRET's
 * directory, reached as /proc/CHILD/fd/N and /proc/CHILD/cwd/NAME.
 * A checker must judge what the link leads to, not the text "/proc/...".
 *
 * Prints "ESCAPED <variant>=<path>... (blocked: ...)" and exits 0 if
 * some variant read MARKER (all are tried), else
 * "BLOCKED <variant>=<errno>..." and exits 1 (2: usage/setup).
 */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "esc.h"

static void
try(const char *what, const char *marker, const char *fmt, ...)
{
	char path[4096];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	esc_open(what, path, marker);
}

/* The sibling: O_PATH fd of SECRET, cwd in its directory, then wait. */
static pid_t
sibling(const char *secret, const char *dir, int *fd)
{
	int p[2];
	pid_t pid;
	char c = 0;

	*fd = -1;
	if (pipe(p) < 0 || (pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		int f = esc_opath(secret, 0);
		if (chdir(dir) < 0)
			f = -2;
		(void)!write(p[1], &f, sizeof(f));
		pause();
		_exit(0);
	}
	if (read(p[0], fd, sizeof(*fd)) != sizeof(*fd))
		*fd = -1;
	(void)c;
	return pid;
}

int
main(int argc, char **argv)
{
	char dir[4096], name[256];
	const char *secret, *marker;
	int pid, fd, dfd, sfd;
	pid_t child;

	if (argc != 6)
		return 2;
	secret = argv[1];
	marker = argv[2];
	pid = atoi(argv[3]);
	fd = atoi(argv[4]);
	dfd = atoi(argv[5]);
	esc_split(secret, dir, sizeof(dir), name, sizeof(name));
	try("other_fd", marker, "/proc/%d/fd/%d", pid, fd);
	try("other_dirfd", marker, "/proc/%d/fd/%d/%s", pid, dfd, name);
	try("other_cwd", marker, "/proc/%d/cwd/%s", pid, name);
	try("other_root", marker, "/proc/%d/root%s", pid, secret);
	child = sibling(secret, dir, &sfd);
	if (child < 0 || sfd < 0) {
		esc_cat(esc_why, sizeof(esc_why), " sibling=setup:%d", sfd);
	} else {
		try("sibling_fd", marker, "/proc/%d/fd/%d", (int)child, sfd);
		try("sibling_cwd", marker, "/proc/%d/cwd/%s", (int)child,
		    name);
	}
	if (child > 0) {
		kill(child, SIGKILL);
		waitpid(child, NULL, 0);
	}
	return esc_report();
}
