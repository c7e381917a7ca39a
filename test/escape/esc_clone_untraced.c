/*
 * esc_clone_untraced
 *
 * A child made with CLONE_UNTRACED is not auto-attached by syd's ptrace
 * (PTRACE_O_TRACEFORK/CLONE do not apply), so PTRACE_O_EXITKILL does not
 * reach it: it would outlive a killed syd, unsupervised only if its
 * filter went too, but always out of syd's process accounting. Tried
 * through clone(2) and clone3(2).
 *
 * Prints "ESCAPED <call> made an untraced child" and exits 0 if either
 * call made a child, else "BLOCKED clone=<errno> clone3=<errno>", exit 1.
 */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLONE_UNTRACED
#define CLONE_UNTRACED 0x00800000
#endif

/* struct clone_args, first version (64 bytes, Linux 5.3). */
struct cargs {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack;
	uint64_t stack_size, tls;
};

/* The raw call returns twice, fork-like (no CLONE_VM, same stack). */
static int
reap(const char *call, long pid)
{
	if (pid == 0)
		_exit(0);
	if (pid < 0)
		return 0;
	waitpid((pid_t)pid, NULL, 0);
	printf("ESCAPED %s made an untraced child (pid %ld)\n", call, pid);
	return 1;
}

int
main(void)
{
	struct cargs a;
	int e1, e2;

	if (reap("clone(CLONE_UNTRACED)",
	    syscall(SYS_clone, CLONE_UNTRACED | SIGCHLD, 0, 0, 0, 0)))
		return 0;
	e1 = errno;
	memset(&a, 0, sizeof(a));
	a.flags = CLONE_UNTRACED;
	a.exit_signal = SIGCHLD;
	if (reap("clone3(CLONE_UNTRACED)", syscall(SYS_clone3, &a, sizeof(a))))
		return 0;
	e2 = errno;
	printf("BLOCKED clone=%s clone3=%s\n", strerror(e1), strerror(e2));
	return 1;
}
