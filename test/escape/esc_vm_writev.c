/*
 * esc_vm_writev
 *
 * process_vm_writev(2) writes another process's memory without ptrace
 * (same credentials or CAP_SYS_PTRACE suffice): from the sandbox it could
 * write into syd. Always denied (SPEC.md section 3). The call here writes
 * into this very process, which proves the call works without harming
 * anything; the filter does not look at the pid.
 *
 * Prints "ESCAPED process_vm_writev wrote N bytes" and exits 0 if the
 * write happened, else "BLOCKED <errno>" and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

int
main(void)
{
	char src[] = "written", dst[sizeof(src)] = "";
	struct iovec l = { src, sizeof(src) }, r = { dst, sizeof(dst) };
	ssize_t n = process_vm_writev(getpid(), &l, 1, &r, 1, 0);

	if (n > 0 && strcmp(dst, src) == 0) {
		printf("ESCAPED process_vm_writev wrote %zd bytes\n", n);
		return 0;
	}
	printf("BLOCKED process_vm_writev: %s (errno %d)\n",
	    n < 0 ? strerror(errno) : "no data", n < 0 ? errno : 0);
	return 1;
}
