/*
 * fd_probe open FILE N: open FILE N times (plain O_RDONLY, no O_CLOEXEC)
 *     and print "fd=NUM cloexec=0|1" for each.
 * fd_probe exec FILE: open FILE (no O_CLOEXEC), then execute itself as
 *     "fd_probe check NUM", which prints "OPEN NUM" if the fd survived the
 *     exec or "CLOSED NUM" if it did not.
 * Exits 0, or 1 with "ERR <what> <errno name>".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	char num[16];
	int fd;

	if (argc == 3 && strcmp(argv[1], "check") == 0) {
		fd = atoi(argv[2]);
		printf("%s %d\n", fcntl(fd, F_GETFD) < 0 ? "CLOSED" : "OPEN",
		    fd);
		return 0;
	}
	if (argc < 3)
		return 2;
	if (strcmp(argv[1], "exec") == 0) {
		if ((fd = open(argv[2], O_RDONLY)) < 0) {
			printf("ERR open %s\n", ename(errno));
			return 1;
		}
		snprintf(num, sizeof(num), "%d", fd);
		execl("/proc/self/exe", "fd_probe", "check", num, (char *)NULL);
		printf("ERR exec %s\n", ename(errno));
		return 1;
	}
	for (int i = 0; i < atoi(argv[3]); i++) {
		if ((fd = open(argv[2], O_RDONLY)) < 0) {
			printf("ERR open %s\n", ename(errno));
			return 1;
		}
		printf("fd=%d cloexec=%d\n", fd,
		    (fcntl(fd, F_GETFD) & FD_CLOEXEC) != 0);
	}
	return 0;
}
