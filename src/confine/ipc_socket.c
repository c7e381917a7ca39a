/* main thread only */
/*
 * The IPC socket (ipc:PATH or ipc:@NAME): made, bound and listening
 * before Landlock (binding a UNIX socket makes a file) and before the
 * sandbox is forked; the IPC worker (pool/ipc.c) serves it.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "confine/confine.h"

#if SYD_WITH_IPC
int
confine_ipc_socket(const char *where)
{
	struct sockaddr_un a = { .sun_family = AF_UNIX };
	size_t n = strlen(where);
	socklen_t len;
	int fd;

	if (n == 0 || n >= sizeof(a.sun_path))
		return -ENAMETOOLONG;
	memcpy(a.sun_path, where, n);
	if (where[0] == '@')
		a.sun_path[0] = '\0'; /* abstract */
	len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + n +
	    (where[0] != '@'));
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&a, len) < 0 || listen(fd, 64) < 0) {
		int e = -errno;
		close(fd);
		return e;
	}
	return fd;
}
#endif /* SYD_WITH_IPC */
