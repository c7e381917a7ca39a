/*
 * esc_fanotify SECRET MARKER
 *
 * A fanotify listener gets, with each event, a file descriptor the
 * kernel opened for it (read-only) to the file concerned — no open(2)
 * syd could check. Mark the denied file SECRET (FAN_OPEN|FAN_OPEN_EXEC),
 * make the kernel open it by executing it in a child (it is not a
 * program: ENOEXEC, but only after the open; SECRET must have an x bit),
 * then read the event's fd. A filesystem-wide mark would do the same
 * for every file anyone opens. Root only (CAP_SYS_ADMIN); unprivileged
 * listeners get file handles, not fds.
 *
 * Prints "ESCAPED event=SECRET" and exits 0 if MARKER was read through
 * the event fd, else "BLOCKED event=<step>:<errno>" and exits 1
 * (2: usage/setup).
 */
#include <sys/fanotify.h>
#include <sys/wait.h>

#include "esc.h"

int
main(int argc, char **argv)
{
	struct fanotify_event_metadata m[16];
	char *av[2];
	int f, st;
	ssize_t n;
	pid_t pid;

	if (argc != 3)
		return 2;
	f = fanotify_init(FAN_CLASS_NOTIF | FAN_CLOEXEC | FAN_NONBLOCK,
	    O_RDONLY);
	if (f < 0) {
		printf("BLOCKED event=fanotify_init:%s\n", esc_ename(errno));
		return 1;
	}
	if (fanotify_mark(f, FAN_MARK_ADD, FAN_OPEN | FAN_OPEN_EXEC,
	    AT_FDCWD, argv[1]) < 0) {
		printf("BLOCKED event=fanotify_mark:%s\n", esc_ename(errno));
		return 1;
	}
	if ((pid = fork()) < 0)
		return 2;
	if (pid == 0) {
		av[0] = argv[1];
		av[1] = NULL;
		execve(argv[1], av, av);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	n = read(f, m, sizeof(m));
	for (ssize_t off = 0; n > 0 && off + (ssize_t)sizeof(m[0]) <= n;) {
		struct fanotify_event_metadata *e = (void *)((char *)m + off);
		if (e->event_len < sizeof(*e))
			break;
		off += e->event_len;
		if (e->fd >= 0 && esc_attempt("event", e->fd, argv[1],
		    argv[2]))
			return esc_report();
	}
	printf("BLOCKED event=%s\n", n < 0 ? esc_ename(errno) : "no-fd");
	return 1;
}
