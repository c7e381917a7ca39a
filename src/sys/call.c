/* worker-safe */
/*
 * Thin wrappers over raw system calls. They exist so callers name what they
 * do; each returns the kernel's value (-errno on failure) untouched.
 */
#include <fcntl.h>
#include <linux/openat2.h>
#include <signal.h>
#include <time.h>

#include <stdio.h>
#include <string.h>

#include "sys/sys.h"

int sys_proc_fd = -1;

/* AT_FDCWD + "/proc/REST" -> sys_proc_fd + "REST" when syd's procfs is
 * its own (detached) one. */
static int
proc_at(int dfd, const char **path)
{
	if (sys_proc_fd < 0 || dfd != AT_FDCWD ||
	    strncmp(*path, "/proc/", 6) != 0)
		return dfd;
	*path += 6;
	return sys_proc_fd;
}

void
sys_proc_name(char *buf, size_t size, int fd)
{
	if (sys_proc_fd >= 0 && sys_call1(SYS_fchdir, sys_proc_fd) == 0)
		snprintf(buf, size, "thread-self/fd/%d", fd);
	else
		snprintf(buf, size, "/proc/thread-self/fd/%d", fd);
}

int
sys_proc_status(int tid, char *buf, size_t size)
{
	return sys_proc_file(tid, "status", buf, size);
}

int
sys_proc_file(int tid, const char *name, char *buf, size_t size)
{
	char p[64];
	long n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/%s", tid, name);
	if ((fd = sys_openat(AT_FDCWD, p, O_RDONLY | O_CLOEXEC, 0)) < 0)
		return fd;
	n = sys_read(fd, buf, size - 1);
	sys_close(fd);
	if (n <= 0)
		return n < 0 ? (int)n : -ESRCH;
	buf[n] = '\0';
	return 0;
}

long
sys_read(int fd, void *buf, size_t n)
{
	return sys_call3(SYS_read, fd, buf, n);
}

long
sys_write(int fd, const void *buf, size_t n)
{
	return sys_call3(SYS_write, fd, buf, n);
}

long
sys_write_all(int fd, const void *buf, size_t n)
{
	return sys_pwrite_all(fd, buf, n, -1);
}

long
sys_pwrite_all(int fd, const void *buf, size_t n, int64_t off)
{
	const char *p = buf;
	size_t done = 0;

	while (done < n) {
		long r = off < 0 ? sys_write(fd, p + done, n - done) :
		    sys_call4(SYS_pwrite64, fd, p + done, n - done,
		    off + (int64_t)done);
		if (r == -EINTR)
			continue;
		if (r < 0)
			return r;
		if (r == 0)
			return -EIO;
		done += (size_t)r;
	}
	return (long)n;
}

int
sys_close(int fd)
{
	return (int)sys_call1(SYS_close, fd);
}

int
sys_openat(int dfd, const char *path, int flags, unsigned mode)
{
	dfd = proc_at(dfd, &path);
	return (int)sys_call4(SYS_openat, dfd, path, flags | O_CLOEXEC, mode);
}

int
sys_openat2(int dfd, const char *path, uint64_t flags, uint64_t mode,
    uint64_t resolve)
{
	struct open_how how = {
		.flags = flags,
		.mode = mode,
		.resolve = resolve,
	};

	return (int)sys_call4(SYS_openat2, dfd, path, &how, sizeof(how));
}

long
sys_readlinkat(int dfd, const char *path, char *buf, size_t n)
{
	dfd = proc_at(dfd, &path);
	return sys_call4(SYS_readlinkat, dfd, path, buf, n);
}

int
sys_fstatat(int dfd, const char *path, void *st, int flags)
{
	dfd = proc_at(dfd, &path);
	return (int)sys_call4(SYS_newfstatat, dfd, path, st, flags);
}

int
sys_statx(int dfd, const char *path, int flags, unsigned mask, void *stx)
{
	dfd = proc_at(dfd, &path);
	return (int)sys_call5(SYS_statx, dfd, path, flags, mask, stx);
}

int
sys_ioctl(int fd, unsigned long req, void *arg)
{
	return (int)sys_call3(SYS_ioctl, fd, req, arg);
}

int
sys_fcntl(int fd, int cmd, long arg)
{
	return (int)sys_call3(SYS_fcntl, fd, cmd, arg);
}

int
sys_dup3(int old, int new, int flags)
{
	return (int)sys_call3(SYS_dup3, old, new, flags);
}

int
sys_pipe2(int fds[2], int flags)
{
	return (int)sys_call2(SYS_pipe2, fds, flags);
}

int
sys_poll(void *fds, unsigned n, int timeout_ms)
{
#ifdef SYS_poll
	return (int)sys_call3(SYS_poll, fds, n, timeout_ms);
#else
	/* The generic table (aarch64) has ppoll only. */
	struct { long s, ns; } ts = { timeout_ms / 1000,
		(long)(timeout_ms % 1000) * 1000000 };

	return (int)sys_call5(SYS_ppoll, fds, n, timeout_ms < 0 ? NULL : &ts,
	    NULL, 8);
#endif
}

int
sys_getpid(void)
{
	return (int)sys_call0(SYS_getpid);
}

int
sys_gettid(void)
{
	return (int)sys_call0(SYS_gettid);
}

int
sys_kill(int pid, int sig)
{
	return (int)sys_call2(SYS_kill, pid, sig);
}

int
sys_tgkill(int tgid, int tid, int sig)
{
	return (int)sys_call3(SYS_tgkill, tgid, tid, sig);
}

void *
sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off)
{
	return (void *)sys_call6(SYS_mmap, (long)addr, (long)len, prot, flags,
	    fd, off);
}

int
sys_munmap(void *addr, size_t len)
{
	return (int)sys_call2(SYS_munmap, addr, len);
}

int
sys_mprotect(void *addr, size_t len, int prot)
{
	return (int)sys_call3(SYS_mprotect, addr, len, prot);
}

int
sys_prctl(int op, unsigned long a, unsigned long b, unsigned long c,
    unsigned long d)
{
	return (int)sys_call5(SYS_prctl, op, a, b, c, d);
}

int
sys_sigprocmask(int how, const uint64_t *set, uint64_t *old)
{
	return (int)sys_call4(SYS_rt_sigprocmask, how, set, old, 8);
}

int
sys_sigaction(int sig, const void *ksa, void *oldksa)
{
	return (int)sys_call4(SYS_rt_sigaction, sig, ksa, oldksa, 8);
}

int64_t
sys_now_ns(void)
{
	struct timespec ts;

	if (sys_call2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts) < 0)
		return 0;
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

int64_t
sys_realtime_s(void)
{
	struct timespec ts;

	if (sys_call2(SYS_clock_gettime, CLOCK_REALTIME, &ts) < 0)
		return 0;
	return ts.tv_sec;
}

int
sys_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };

	return (int)sys_call2(SYS_nanosleep, &ts, NULL);
}

_Noreturn void
sys_exit_thread(int code)
{
	for (;;)
		sys_call1(SYS_exit, code);
}

int
sys_pidfd_open(int pid, unsigned flags)
{
	return (int)sys_call2(SYS_pidfd_open, pid, flags);
}

int
sys_pidfd_getfd(int pidfd, int fd, unsigned flags)
{
	return (int)sys_call3(SYS_pidfd_getfd, pidfd, fd, flags);
}

int
sys_pidfd_send_signal(int pidfd, int sig, void *info, unsigned flags)
{
	return (int)sys_call4(SYS_pidfd_send_signal, pidfd, sig, info, flags);
}
