/* main thread only */
/*
 * A libseccomp filter as raw BPF in memory (the threads' own filters are
 * written as BPF directly: thread_bpf.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "confine/confine.h"

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
