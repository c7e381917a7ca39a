/* main thread only */
/*
 * libseccomp export to memory, and the IPC socket. The threads' own
 * filters are in thread_bpf.c.
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "confine/confine.h"
#include "pool/pool.h"

/* libseccomp 2.5 exports only to an fd: a memfd is the buffer. */
int
confine_export(void *ctx, struct sock_fprog *prog)
{
	int fd = memfd_create("syd-bpf", MFD_CLOEXEC), r = -EINVAL;
	off_t len;

	if (fd < 0 || seccomp_export_bpf(ctx, fd) != 0)
		goto out;
	len = lseek(fd, 0, SEEK_END);
	prog->len = (unsigned short)(len / sizeof(struct sock_filter));
	prog->filter = malloc((size_t)len);
	if (prog->filter != NULL && pread(fd, prog->filter, (size_t)len, 0) ==
	    len)
		r = 0;
out:
	if (fd >= 0)
		close(fd);
	return r;
}

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
