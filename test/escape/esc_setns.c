/*
 * esc_setns SECRET NAME MARKER PID
 *
 * PID is a process outside the sandbox in a mount namespace of its own
 * where the allowed name NAME is a bind mount of the denied file SECRET
 * (made by the test, not by the sandbox, which may not mount). Join that
 * namespace — setns(2) on a pidfd and on /proc/PID/ns/mnt — and read
 * NAME: the rules judge the name, the namespace decides the file. Each
 * variant runs in its own child (a namespace cannot be left).
 *
 * Prints "ESCAPED <variant>=NAME... (blocked: ...)" and exits 0 if
 * MARKER was read, else "BLOCKED <variant>=<step>:<errno>..." and exits
 * 1 (2: usage/setup).
 */
#include <sched.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "esc.h"

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

/* In a child: join PID's mount namespace through FD's kind, read NAME.
 * Exit 0: read MARKER; 1: read something else; 10+errno step codes. */
static int
variant(int pidfd_kind, int pid, const char *name, const char *marker)
{
	char p[64];
	int fd, st;
	pid_t c = fork();

	if (c < 0)
		return -1;
	if (c == 0) {
		if (pidfd_kind)
			fd = (int)syscall(SYS_pidfd_open, pid, 0);
		else {
			snprintf(p, sizeof(p), "/proc/%d/ns/mnt", pid);
			fd = open(p, O_RDONLY);
		}
		if (fd < 0)
			_exit(100 + (errno & 0x3f));
		if (setns(fd, CLONE_NEWNS) < 0)
			_exit(164 + (errno & 0x3f));
		fd = open(name, O_RDONLY);
		if (fd < 0)
			_exit(228 + (errno & 0x1f));
		_exit(esc_read_marker(fd, marker) ? 0 : 1);
	}
	if (waitpid(c, &st, 0) != c || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

static void
record(const char *what, int r, const char *name)
{
	static const char *step[] = { "ns-fd", "setns", "open" };

	if (r == 0)
		esc_cat(esc_got, sizeof(esc_got), " %s=%s", what, name);
	else if (r == 1)
		esc_cat(esc_why, sizeof(esc_why), " %s=no-marker", what);
	else if (r >= 100)
		esc_cat(esc_why, sizeof(esc_why), " %s=%s:%s", what,
		    step[r < 164 ? 0 : r < 228 ? 1 : 2],
		    esc_ename(r < 164 ? r - 100 : r < 228 ? r - 164 : r - 228));
	else
		esc_cat(esc_why, sizeof(esc_why), " %s=failed", what);
}

int
main(int argc, char **argv)
{
	int pid;

	if (argc != 5)
		return 2;
	pid = atoi(argv[4]);
	record("pidfd", variant(1, pid, argv[2], argv[3]), argv[2]);
	record("nsfile", variant(0, pid, argv[2], argv[3]), argv[2]);
	return esc_report();
}
