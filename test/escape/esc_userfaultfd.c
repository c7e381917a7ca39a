/*
 * esc_userfaultfd
 *
 * userfaultfd(2) lets a process stall any kernel access to its memory,
 * including syd's process_vm_readv of a path argument: an emulator thread
 * held forever, or a race window opened at will. Always denied (SPEC.md
 * section 3). Tried plain (root) and with UFFD_USER_MODE_ONLY.
 *
 * Prints "ESCAPED userfaultfd returned fd N" and exits 0 if one was made,
 * else "BLOCKED <errno>..." and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef UFFD_USER_MODE_ONLY
#define UFFD_USER_MODE_ONLY 1
#endif

int
main(void)
{
	int e1, e2;
	long fd;

	fd = syscall(SYS_userfaultfd, O_CLOEXEC);
	if (fd >= 0) {
		printf("ESCAPED userfaultfd returned fd %ld\n", fd);
		return 0;
	}
	e1 = errno;
	fd = syscall(SYS_userfaultfd, O_CLOEXEC | UFFD_USER_MODE_ONLY);
	if (fd >= 0) {
		printf("ESCAPED userfaultfd(UFFD_USER_MODE_ONLY) returned fd "
		    "%ld\n", fd);
		return 0;
	}
	e2 = errno;
	printf("BLOCKED userfaultfd: %s (errno %d); user-mode-only: %s "
	    "(errno %d)\n", strerror(e1), e1, strerror(e2), e2);
	return 1;
}
