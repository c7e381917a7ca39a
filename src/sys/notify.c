/* worker-safe */
/* seccomp(2) and the user-notification ioctls (seccomp_unotify(2)). */
#include <sys/ioctl.h>

#include "sys/sys.h"

int
sys_seccomp(unsigned op, unsigned flags, void *arg)
{
	return (int)sys_call3(SYS_seccomp, op, flags, arg);
}

int
sys_notif_recv(int fd, struct seccomp_notif *n)
{
	/* The kernel insists on a zeroed buffer (EINVAL otherwise). */
	__builtin_memset(n, 0, sizeof(*n));
	return sys_ioctl(fd, SECCOMP_IOCTL_NOTIF_RECV, n);
}

int
sys_notif_send(int fd, struct seccomp_notif_resp *r)
{
	return sys_ioctl(fd, SECCOMP_IOCTL_NOTIF_SEND, r);
}

int
sys_notif_id_valid(int fd, uint64_t id)
{
	return sys_ioctl(fd, SECCOMP_IOCTL_NOTIF_ID_VALID, &id);
}

int
sys_notif_addfd(int fd, uint64_t id, int srcfd, int newfd, unsigned newflags,
    bool send)
{
	struct seccomp_notif_addfd a = {
		.id = id,
		.flags = (send ? SECCOMP_ADDFD_FLAG_SEND : 0) |
		    (newfd > 0 ? SECCOMP_ADDFD_FLAG_SETFD : 0),
		.srcfd = (uint32_t)srcfd,
		.newfd = newfd > 0 ? (uint32_t)newfd : 0,
		.newfd_flags = newflags,
	};

	return sys_ioctl(fd, SECCOMP_IOCTL_NOTIF_ADDFD, &a);
}

int
sys_notif_set_flags(int fd, uint64_t flags)
{
	return (int)sys_call3(SYS_ioctl, fd, SECCOMP_IOCTL_NOTIF_SET_FLAGS,
	    flags);
}
