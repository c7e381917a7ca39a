/*
 * capdrop FILE
 *
 * A root process whose credentials syd has already acted with (a first
 * open for writing that syd performs) clears its effective capabilities
 * with a raw capset(2), its uid staying 0, then opens FILE for writing.
 * For a FILE of another owner, mode 0600, the kernel answers EACCES (no
 * CAP_DAC_OVERRIDE any more); syd must not act with the capabilities it
 * saw before.
 *
 * Prints "open = OK" or "open = -1 ENAME"; exit 2 on setup errors.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

int
main(int argc, char **argv)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	int fd;

	if (argc < 2)
		return 2;
	if ((fd = open("capdrop.first", O_WRONLY | O_CREAT | O_CLOEXEC,
	    0600)) >= 0)
		close(fd);
	if (syscall(SYS_capget, &h, d) < 0)
		return 2;
	d[0].effective = d[1].effective = 0;
	if (syscall(SYS_capset, &h, d) < 0)
		return 2;
	fd = open(argv[1], O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		printf("open = -1 %s\n", ename(errno));
	else
		printf("open = OK\n");
	return 0;
}
