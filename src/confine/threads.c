/* main thread only */
/*
 * Each syd thread's own seccomp filter (DESIGN.md section 8): built here
 * with libseccomp before boot, installed by the thread itself with the raw
 * seccomp(2) call before it serves. Anything outside a role's list fails
 * with EPERM: a thread that is fooled into doing something else cannot.
 * New threads inherit their creator's filter and filters stack, so the
 * monitor's list covers the emulators it starts and each emulator then
 * narrows it to its own.
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

/*
 * What every thread does: futexes, time, the log, memory, leaving. No
 * rt_sigreturn: only emulators take a signal (the interrupter's SIGALRM);
 * for the others a sigreturn could only be a forged frame.
 */
static const char *const common[] = {
	"futex", "clock_gettime", "nanosleep", "write", "getpid", "gettid",
	"exit", "rt_sigprocmask", "mmap", "munmap", "madvise",
};

/* Emulators: the emulated calls, performed on the target's behalf. */
static const char *const emulator[] = {
	"rt_sigreturn",
	"read", "close", "openat", "openat2", "readlinkat", "newfstatat",
	"statx", "fcntl", "poll", "lseek", "pread64", "getuid", "geteuid",
	"getegid", "kill", "tgkill", "process_vm_readv", "process_vm_writev",
	"pidfd_open", "pidfd_getfd", "setgroups", "setfsuid", "setfsgid",
	"capget", "capset", "umask", "fchdir", "unlinkat", "mkdirat",
	"mknodat", "renameat2", "linkat", "symlinkat", "truncate",
	"ftruncate", "fallocate", "chmod", "fchmod", "chown", "fchown",
	"fchownat", "utimensat", "setxattr", "fsetxattr", "removexattr",
	"fremovexattr", "getxattr", "listxattr", "faccessat2", "fstatfs",
	"memfd_create", "pwrite64", "sendto", "sendmsg", "connect", "bind", "getsockopt",
	"getsockname", "getpeername", "ioctl",
};

/* The monitor starts emulators (and so must allow what they do,
 * including confining themselves). */
static const char *const monitor[] = { "clone", "mprotect", "prctl",
	"seccomp" };

static const char *const interrupter[] = {
	"openat", "read", "close", "ioctl", "tgkill",
};

static const char *const timeout[] = { "kill", "tgkill" };

static const char *const ipc[] = {
	"epoll_create1", "epoll_ctl", "epoll_wait", "accept4", "read",
	"sendto", "close", "getsockopt", "getuid", "openat",
};

/* The AES worker: crypt files written beside their target and renamed
 * over; objects adopted from emulators through /proc. */
static const char *const aes[] = {
	"openat", "close", "read", "pread64", "pwrite64", "fcntl",
	"newfstatat", "fchown", "fchmod", "fdatasync", "renameat", "unlinkat",
	"ftruncate", "getrandom", "lseek",
};

static int
threads_add(scmp_filter_ctx ctx, const char *const *names, size_t n)
{
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		int nr = seccomp_syscall_resolve_name(names[i]);
		if (nr >= 0)
			r |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, nr, 0);
	}
	return r;
}

#define ADD(ctx, list) threads_add(ctx, list, sizeof(list) / sizeof(*list))

static scmp_filter_ctx
threads_build(enum confine_role role)
{
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
	int r;

	if (ctx == NULL)
		return NULL;
	r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	r |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	r |= seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
	    SCMP_ACT_KILL_PROCESS);
	r |= ADD(ctx, common);
	if (role == CONFINE_EMULATOR || role == CONFINE_MONITOR)
		r |= ADD(ctx, emulator);
	if (role == CONFINE_MONITOR)
		r |= ADD(ctx, monitor);
	if (role == CONFINE_INTERRUPTER)
		r |= ADD(ctx, interrupter);
	if (role == CONFINE_TIMEOUT)
		r |= ADD(ctx, timeout);
	if (role == CONFINE_IPC)
		r |= ADD(ctx, ipc);
	if (role == CONFINE_AES)
		r |= ADD(ctx, aes);
	if (r != 0) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

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

int
confine_thread_filter(enum confine_role role, struct sock_fprog *prog)
{
	scmp_filter_ctx ctx = threads_build(role);
	int r;

	if (ctx == NULL)
		return -EINVAL;
	r = confine_export(ctx, prog);
	seccomp_release(ctx);
	return r;
}

int
confine_thread_pfc(enum confine_role role, int fd)
{
	scmp_filter_ctx ctx = threads_build(role);
	int r;

	if (ctx == NULL)
		return -EINVAL;
	r = seccomp_export_pfc(ctx, fd);
	seccomp_release(ctx);
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
