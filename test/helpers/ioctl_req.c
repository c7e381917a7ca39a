/*
 * ioctl_req NUM...: ioctl(fd, NUM, 0) for each NUM on /dev/null opened
 * read-only, through syscall(SYS_ioctl, ...). NUM is decimal or 0x hex.
 * Prints "OK" or "ERR ENAME" for each, one a line (exit 1 if the last
 * failed, 0 otherwise); the requests the
 * tests use are ones /dev/null does not know (ENOTTY natively), so a
 * denial by syd (EACCES) shows.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	int fd, r = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: ioctl_req NUM...\n");
		return 2;
	}
	if ((fd = open("/dev/null", O_RDONLY)) < 0)
		return 2;
	for (int i = 1; i < argc; i++) {
		unsigned long req = strtoul(argv[i], NULL, 0);
		if ((r = (int)syscall(SYS_ioctl, fd, req, 0)) < 0)
			printf("ERR %s\n", ename(errno));
		else
			printf("OK\n");
	}
	return r < 0;
}
