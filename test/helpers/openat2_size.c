/*
 * openat2_size PATH
 *
 * openat2(2) of PATH (O_RDONLY) with a struct open_how larger than the
 * one syd knows, as a newer program passes it: 32 bytes with a zero
 * tail (the kernel opens), 32 bytes with a non-zero tail (E2BIG), 4096
 * bytes zeroed (opens), 4097 bytes (E2BIG), and 23 bytes (EINVAL).
 * Prints one "SIZE TAIL = ok|ENAME" line each.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/openat2.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

static unsigned char how[4200];

static void
try(const char *path, size_t size, int tail)
{
	struct open_how h = { .flags = O_RDONLY | O_CLOEXEC };
	int fd;

	memset(how, 0, sizeof(how));
	memcpy(how, &h, sizeof(h));
	if (tail)
		how[size - 1] = 1;
	fd = (int)syscall(SYS_openat2, AT_FDCWD, path, how, size);
	printf("%zu %s = %s\n", size, tail ? "nonzero" : "zero",
	    fd >= 0 ? "ok" : ename(errno));
	if (fd >= 0)
		close(fd);
}

int
main(int argc, char **argv)
{
	if (argc < 2)
		return 2;
	try(argv[1], 32, 0);
	try(argv[1], 32, 1);
	try(argv[1], 4096, 0);
	try(argv[1], 4097, 0);
	try(argv[1], 23, 0);
	return 0;
}
