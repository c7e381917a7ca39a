/*
 * selflink
 *
 * readlinkat(fd, "") of O_PATH|O_NOFOLLOW fds of /proc/self and
 * /proc/thread-self (the links themselves): the kernel answers the
 * reader's own numbers. Prints "self = own", "thread-self = own", or
 * "= other TEXT", or "= -1 ENAME".
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ename.h"

static void
probe(const char *name, const char *want)
{
	char b[64];
	int fd = open(name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	ssize_t n;

	if (fd < 0 || (n = readlinkat(fd, "", b, sizeof(b) - 1)) < 0) {
		printf("%s = -1 %s\n", name, ename(errno));
		return;
	}
	b[n] = '\0';
	if (strcmp(b, want) == 0)
		printf("%s = own\n", name);
	else
		printf("%s = other %s\n", name, b);
	close(fd);
}

int
main(void)
{
	char self[32], thread[64];

	snprintf(self, sizeof(self), "%d", (int)getpid());
	snprintf(thread, sizeof(thread), "%d/task/%d", (int)getpid(),
	    (int)syscall(SYS_gettid));
	probe("/proc/self", self);
	probe("/proc/thread-self", thread);
	return 0;
}
