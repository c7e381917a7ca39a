/*
 * esc_userfaultfd_dev
 *
 * The other way to a userfaultfd (Linux 6.1+): open /dev/userfaultfd and
 * ask it with the USERFAULTFD_IOC_NEW ioctl. Denying the userfaultfd(2)
 * syscall alone leaves this door open; the object obtained is the same,
 * with the same power to stall syd's reads of the sandbox's memory.
 *
 * Prints "ESCAPED ..." and exits 0 if a userfaultfd was obtained, else
 * "BLOCKED <step>: <errno>" and exits 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#ifndef USERFAULTFD_IOC_NEW
#define USERFAULTFD_IOC_NEW _IO(0xAA, 0x00)
#endif

int
main(void)
{
	int dev, fd;

	dev = open("/dev/userfaultfd", O_RDWR | O_CLOEXEC);
	if (dev < 0) {
		printf("BLOCKED open /dev/userfaultfd: %s (errno %d)\n",
		    strerror(errno), errno);
		return 1;
	}
	fd = ioctl(dev, USERFAULTFD_IOC_NEW, O_CLOEXEC);
	if (fd < 0) {
		printf("BLOCKED ioctl USERFAULTFD_IOC_NEW: %s (errno %d)\n",
		    strerror(errno), errno);
		return 1;
	}
	printf("ESCAPED /dev/userfaultfd USERFAULTFD_IOC_NEW returned fd %d\n",
	    fd);
	return 0;
}
