/*
 * esc_ptrace
 *
 * ptrace(2) from inside the sandbox: PTRACE_SEIZE of the parent. Under syd
 * the parent is syd itself (root may trace it: then the sandbox could
 * rewrite syd's answers or its policy), natively it is the shell. The
 * seize is undone at once with PTRACE_DETACH. Every sandboxed process is
 * already traced by syd, so PTRACE_TRACEME and attaching to a sandboxed
 * child fail in the kernel anyway and prove nothing: only a process
 * outside the sandbox is a meaningful target. Always denied (SPEC.md 3).
 *
 * Prints "ESCAPED PTRACE_SEIZE of pid N" and exits 0 on success, else
 * "BLOCKED <errno>" and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

int
main(void)
{
	pid_t pp = getppid();

	if (ptrace(PTRACE_SEIZE, pp, 0, 0) == 0) {
		ptrace(PTRACE_DETACH, pp, 0, 0);
		printf("ESCAPED PTRACE_SEIZE of pid %d (the parent)\n", (int)pp);
		return 0;
	}
	printf("BLOCKED PTRACE_SEIZE of pid %d: %s (errno %d)\n", (int)pp,
	    strerror(errno), errno);
	return 1;
}
