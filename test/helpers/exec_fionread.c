/*
 * exec_fionread [high]
 *
 * Writes "abc" into a pipe and asks the read end how much it holds with
 * ioctl(FIONREAD) (request 0x541B), through syscall(SYS_ioctl, ...). With
 * "high" the request is FIONREAD | 1<<32: the kernel takes the request as
 * a 32-bit value, so this is FIONREAD too, and a rule compared on all 64
 * bits would miss it.
 * Prints "OK 3" (exit 0), or "ERR ENAME" (exit 1) when the ioctl failed;
 * exit 2 when the pipe could not be made.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int
main(int argc, char **argv)
{
	unsigned long req = FIONREAD;
	int p[2], n = -1;

	if (argc > 1 && !strcmp(argv[1], "high"))
		req |= 1UL << 32;
	if (pipe(p) < 0 || write(p[1], "abc", 3) != 3)
		return 2;
	if (syscall(SYS_ioctl, p[0], req, &n) < 0) {
		printf("ERR %s\n", errno == EACCES ? "EACCES" :
		    errno == EPERM ? "EPERM" : errno == ENOTTY ? "ENOTTY" :
		    "other");
		return 1;
	}
	printf("OK %d\n", n);
	return 0;
}
