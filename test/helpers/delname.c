/*
 * delname PATH   with PATH a live file whose name ends in " (deleted)"
 *                (or lies below such a directory): open it O_PATH and
 *                reopen it through /proc/self/fd/N for reading, then
 *                fchownat(fd, "", 65534, 65534, AT_EMPTY_PATH) on an
 *                O_RDONLY descriptor of it. Prints "reopen = OK|ENAME"
 *                and "fchownat = OK|ENAME".
 *
 * The kernel names a descriptor of a removed file "NAME (deleted)": syd
 * must not take a live file so named for a removed one and judge it by
 * another name (the rules on PATH apply).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	char p[64];
	int fd, r;

	if (argc != 2 || (fd = open(argv[1], O_PATH | O_CLOEXEC)) < 0)
		return 2;
	snprintf(p, sizeof(p), "/proc/self/fd/%d", fd);
	r = open(p, O_RDONLY | O_CLOEXEC);
	printf("reopen = %s\n", r >= 0 ? "OK" : ename(errno));
	close(fd);
	if ((fd = open(argv[1], O_RDONLY | O_CLOEXEC)) < 0) {
		printf("fchownat = %s\n", ename(errno));
		return 0;
	}
	r = fchownat(fd, "", 65534, 65534, AT_EMPTY_PATH);
	printf("fchownat = %s\n", r == 0 ? "OK" : ename(errno));
	return 0;
}
