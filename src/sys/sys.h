/*
 * sys: the libc-free system call layer. Every function returns the kernel's
 * answer: >= 0 on success, -errno on failure. Nothing here reads or writes
 * errno, allocates, or takes a libc lock, so all of it is safe on raw clone
 * threads (DESIGN.md section 2).
 */
/* worker-safe */
#ifndef SYD_SYS_H
#define SYD_SYS_H

#include <stdbool.h>
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <linux/seccomp.h>

#include "sys/arch.h"

#define sys_call0(n) sys_call6((n), 0, 0, 0, 0, 0, 0)
#define sys_call1(n, a) sys_call6((n), (long)(a), 0, 0, 0, 0, 0)
#define sys_call2(n, a, b) sys_call6((n), (long)(a), (long)(b), 0, 0, 0, 0)
#define sys_call3(n, a, b, c) \
	sys_call6((n), (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define sys_call4(n, a, b, c, d) \
	sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)
#define sys_call5(n, a, b, c, d, e) \
	sys_call6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), 0)

/* Plain file and process calls. */
long sys_read(int fd, void *buf, size_t n);
long sys_write(int fd, const void *buf, size_t n);
/* Loop over short writes and EINTR; returns n or -errno. pwrite: at
 * offset off (off < 0: write(2) at the file position). */
long sys_write_all(int fd, const void *buf, size_t n);
long sys_pwrite_all(int fd, const void *buf, size_t n, int64_t off);
int sys_close(int fd);
/*
 * syd's own procfs. -1: the one mounted on /proc. Otherwise an O_PATH fd
 * of a procfs syd mounted for itself and detached (early boot, no /proc:
 * the sandbox sees none), set by main before any thread starts. Then the
 * *at wrappers below resolve AT_FDCWD + "/proc/..." below it, and
 * sys_proc_name gives names of syd's own fds for path-only calls.
 */
extern int sys_proc_fd;
/* "/proc/thread-self/fd/FD" as a name this thread can pass to a call that
 * takes only a path (chmod, setxattr, a UNIX socket address): with
 * sys_proc_fd set, the thread's cwd moves to that procfs and the name is
 * relative. */
void sys_proc_name(char *buf, size_t size, int fd);
/* The start of /proc/TID/status into buf (size bytes), NUL-terminated:
 * 0, or -errno (-ESRCH: empty, the task is gone). */
int sys_proc_status(int tid, char *buf, size_t size);
/* /proc/TID/NAME (a short name: "limits"), read as sys_proc_status. */
int sys_proc_file(int tid, const char *name, char *buf, size_t size);
/* The length of the well-formed UTF-8 sequence at s (n bytes left; RFC
 * 3629: no overlong form, no surrogate, nothing above U+10FFFF), or 0
 * (utf8.c; pure). */
size_t sys_utf8_len(const unsigned char *s, size_t n);
int sys_openat(int dfd, const char *path, int flags, unsigned mode);
int sys_openat2(int dfd, const char *path, uint64_t flags, uint64_t mode,
    uint64_t resolve);
long sys_readlinkat(int dfd, const char *path, char *buf, size_t n);
int sys_fstatat(int dfd, const char *path, void *st, int flags);
int sys_statx(int dfd, const char *path, int flags, unsigned mask, void *stx);
int sys_ioctl(int fd, unsigned long req, void *arg);
int sys_fcntl(int fd, int cmd, long arg);
int sys_dup3(int old, int new, int flags);
int sys_pipe2(int fds[2], int flags);
int sys_poll(void *fds, unsigned n, int timeout_ms);
int sys_getpid(void);
int sys_gettid(void);
int sys_kill(int pid, int sig);
int sys_tgkill(int tgid, int tid, int sig);
void *sys_mmap(void *addr, size_t len, int prot, int flags, int fd, long off);
int sys_munmap(void *addr, size_t len);
int sys_mprotect(void *addr, size_t len, int prot);
int sys_prctl(int op, unsigned long a, unsigned long b, unsigned long c,
    unsigned long d);
int sys_sigprocmask(int how, const uint64_t *set, uint64_t *old);
int sys_sigaction(int sig, const void *ksa, void *oldksa);
/* CLOCK_MONOTONIC in nanoseconds. */
int64_t sys_now_ns(void);
int64_t sys_realtime_s(void);
int sys_sleep_ms(long ms);
_Noreturn void sys_exit_thread(int code);

/* Typed wrappers (file.c) of calls made in more than one place. */
int sys_ftruncate(int fd, int64_t len);
int sys_fchmod(int fd, unsigned mode);
int sys_fchown(int fd, unsigned uid, unsigned gid);
int sys_fchdir(int fd);
int sys_utimensat(int dfd, const char *path, const void *ts, int flags);
int sys_linkat(int od, const char *op, int nd, const char *np, int flags);
int sys_unlinkat(int dfd, const char *path, int flags);
long sys_pread(int fd, void *buf, size_t n, int64_t off);
int64_t sys_lseek(int fd, int64_t off, int whence);
int sys_memfd_create(const char *name, unsigned flags);
long sys_getrandom(void *buf, size_t n, unsigned flags);
/* setfsuid/setfsgid: the previous id (-1 asks without changing). */
int sys_setfsuid(int uid);
int sys_setfsgid(int gid);
long sys_sendto(int fd, const void *buf, size_t n, int flags,
    const void *addr, unsigned alen);
int sys_getsockopt(int fd, int level, int opt, void *val, unsigned *len);
int sys_epoll_ctl(int ep, int op, int fd, void *ev);
int sys_landlock_create_ruleset(const void *attr, size_t size,
    unsigned flags);
int sys_landlock_add_rule(int rs, int type, const void *attr,
    unsigned flags);

/* This thread's capabilities (caps.c): the effective and permitted
 * sets; the effective set (within the permitted one). 0 or -errno. */
int sys_caps_get(uint64_t *eff, uint64_t *perm);
int sys_caps_set_effective(uint64_t eff);
/* add raised in the effective set (within the permitted one) for a call;
 * *saved is the set to put back with sys_caps_set_effective. 0 or
 * -errno (-EPERM: none of add is permitted). */
int sys_caps_raise(uint64_t add, uint64_t *saved);

/* pidfd and cross-process memory. */
int sys_pidfd_open(int pid, unsigned flags);
int sys_pidfd_getfd(int pidfd, int fd, unsigned flags);
int sys_pidfd_send_signal(int pidfd, int sig, void *info, unsigned flags);
/* Read n bytes at addr of pid; returns bytes read (may be short) or -errno. */
long sys_vm_read(int pid, void *dst, unsigned long addr, size_t n);
long sys_vm_write(int pid, const void *src, unsigned long addr, size_t n);
/*
 * The same read in one call, the remote range cut at every 4 KiB page
 * boundary into iovecs (at most SYS_VM_PIECES, a shorter count beyond):
 * the copy stops whole at the first piece that is not mapped, as the
 * kernel documents, so a range that runs into a hole yields the bytes
 * before it instead of failing, and no second call is needed for what
 * lies after a boundary.
 */
#define SYS_VM_PIECES 4
long sys_vm_read_pages(int pid, void *dst, unsigned long addr, size_t n);
/* Two ranges the same way in one call, the first whole before any of the
 * second: the bytes read into dst then dst2 (a short count stops in the
 * first range that runs into a hole), or -errno. */
long sys_vm_read_pages2(int pid, void *dst, unsigned long addr, size_t n,
    void *dst2, unsigned long addr2, size_t n2);

/*
 * Kernel constants newer than the headers this build uses (Debian 12:
 * linux-libc-dev 6.1, musl 1.2.3), in one place. Include this header
 * after the system ones (as every file here does), so a header that has
 * them wins.
 */
#ifndef SYS_mount_setattr
#define SYS_mount_setattr 442
#endif
#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset 444
#define SYS_landlock_add_rule 445
#define SYS_landlock_restrict_self 446
#endif
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 452 /* Linux 6.6 */
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x80
#endif
#ifndef MS_NOSYMFOLLOW
#define MS_NOSYMFOLLOW 256
#endif
#ifndef O_TMPFILE
#define O_TMPFILE (020000000 | 0200000) /* with O_DIRECTORY */
#endif
#ifndef PIDFD_THREAD
#define PIDFD_THREAD 0200 /* O_EXCL; Linux 6.9 */
#endif
#ifndef RENAME_EXCHANGE
#define RENAME_NOREPLACE (1 << 0)
#define RENAME_EXCHANGE (1 << 1)
#define RENAME_WHITEOUT (1 << 2)
#endif
#ifndef F_OFD_GETLK
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#endif
#ifndef MFD_CLOEXEC
#define MFD_CLOEXEC 1U
#endif
/* The kernel restarts a call answered -ERESTARTSYS (SA_RESTART) or
 * turns it into EINTR; not in the uapi headers. */
#define SYS_ERESTARTSYS 512

/* seccomp user notification. */
#ifndef SECCOMP_IOCTL_NOTIF_SET_FLAGS
#define SECCOMP_IOCTL_NOTIF_SET_FLAGS SECCOMP_IOW(4, __u64)
#endif
#ifndef SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP
#define SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP (1UL << 0)
#endif
#ifndef SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV
#define SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV (1UL << 5)
#endif
#ifndef SECCOMP_ADDFD_FLAG_SEND
#define SECCOMP_ADDFD_FLAG_SEND (1UL << 1)
#endif

int sys_seccomp(unsigned op, unsigned flags, void *arg);
int sys_notif_recv(int fd, struct seccomp_notif *n);
int sys_notif_send(int fd, struct seccomp_notif_resp *r);
/* 0 while the notification id is still valid, -ENOENT once not. */
int sys_notif_id_valid(int fd, uint64_t id);
/* Install srcfd in the target and answer with its number (ADDFD + SEND). */
/* Install srcfd in the target (newflags: O_CLOEXEC): at its lowest free
 * number, or with newfd > 0 at that number (SECCOMP_ADDFD_FLAG_SETFD:
 * whatever the target had there is closed, as dup2 does); with send,
 * that is the answer too. The installed number, or -errno. */
int sys_notif_addfd(int fd, uint64_t id, int srcfd, int newfd,
    unsigned newflags, bool send);
int sys_notif_set_flags(int fd, uint64_t flags);

/*
 * Futex primitives. A lock is an int: 0 free, 1 held, 2 held with waiters.
 * An event is a counter: waiters sleep until it moves.
 */
struct sys_lock {
	int v;
};
void sys_lock(struct sys_lock *l);
void sys_unlock(struct sys_lock *l);
/* Wait while *addr == val; timeout_ms < 0 means forever. 0, -EAGAIN,
 * -ETIMEDOUT or -EINTR. */
int sys_futex_wait(int *addr, int val, long timeout_ms);
int sys_futex_wake(int *addr, int n);
/* The same on a shared futex (the CLONE_CHILD_CLEARTID word). */
int sys_futex_wait_shared(volatile int *addr, int val, long timeout_ms);

/* Reader-writer lock: readers never wait for each other, only for a
 * writer (rwlock.c). */
struct sys_rwlock {
	int v;
	struct sys_lock w;
};
void sys_rdlock(struct sys_rwlock *l);
void sys_rdunlock(struct sys_rwlock *l);
void sys_wrlock(struct sys_rwlock *l);
void sys_wrunlock(struct sys_rwlock *l);

/*
 * Raw clone threads: CLONE_VM|CLONE_SIGHAND|CLONE_THREAD|CLONE_SYSVSEM with
 * the tid published and cleared by the kernel; NO CLONE_FILES and NO
 * CLONE_FS, so each thread has its own fd table and cwd. The stack is an
 * mmap with a guard page below it; sys_thread_join waits for the kernel to
 * clear the tid word and unmaps it. The function's return is the thread's
 * exit code. Threads share musl's thread pointer: worker-safe code only.
 */
struct sys_thread {
	volatile int tid; /* set by the kernel; 0 once the thread is gone */
	void *map;
	size_t maplen;
};
int sys_thread_spawn(struct sys_thread *t, int (*fn)(void *), void *arg,
    size_t stack);
/* Returns 0 once joined, -ETIMEDOUT if timeout_ms (>= 0) passed first. */
int sys_thread_join(struct sys_thread *t, long timeout_ms);
bool sys_thread_alive(const struct sys_thread *t);

#endif
