/*
 * esc_io_uring
 *
 * io_uring performs file operations from kernel workers, out of reach of
 * a seccomp filter: a sandbox that allows io_uring_setup(2) has no path
 * checks at all. Always denied (SPEC.md section 3).
 *
 * Prints "ESCAPED io_uring_setup returned fd N" and exits 0 if the ring
 * was made, else "BLOCKED <errno>" and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(void)
{
	/* struct io_uring_params is 120 bytes; zero means defaults. */
	unsigned char params[120];
	long fd;

	memset(params, 0, sizeof(params));
	fd = syscall(SYS_io_uring_setup, 4, params);
	if (fd >= 0) {
		printf("ESCAPED io_uring_setup returned fd %ld\n", fd);
		return 0;
	}
	printf("BLOCKED io_uring_setup: %s (errno %d)\n", strerror(errno),
	    errno);
	return 1;
}
