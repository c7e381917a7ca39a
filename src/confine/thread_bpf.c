/* main thread only */
/*
 * Each syd thread's own seccomp filter (DESIGN.md section 8): built here
 * before boot, installed by the thread itself with the raw seccomp(2)
 * call before it serves. Anything outside a role's list fails with EPERM:
 * a thread that is fooled into doing something else cannot. New threads
 * inherit their creator's filter and filters stack, so the monitor's list
 * covers the emulators it starts and each emulator then narrows it to its
 * own. No libseccomp here (unit tests build this file with glibc).
 */
#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "confine/confine.h"
#include "sys/arch.h"

/* A syscall of a role's list: its number and, for -E pfc, its name. */
struct threads_call {
	int nr;
	const char *name;
};
#define C(x) { SYS_##x, #x }
/* sys_poll: poll, or ppoll where the table has no poll (aarch64). */
#ifdef SYS_poll
#define C_POLL C(poll)
#else
#define C_POLL C(ppoll)
#endif

/*
 * What every thread does: futexes, time, the log, memory, leaving. No
 * rt_sigreturn: only emulators take a signal (the interrupter's SIGALRM);
 * for the others a sigreturn could only be a forged frame.
 */
static const struct threads_call common[] = {
	C(futex), C(clock_gettime), C(nanosleep), C(write), C(getpid),
	C(gettid), C(exit), C(rt_sigprocmask), C(mmap), C(munmap), C(madvise),
};

/* Emulators: the emulated calls, performed on the target's behalf. */
static const struct threads_call emulator[] = {
	C(rt_sigreturn),
	C(read), C(close), C(openat), C(openat2), C(readlinkat), C(newfstatat),
	C(getdents64),
	C(statx), C(fcntl), C_POLL, C(lseek), C(pread64), C(getuid),
	C(geteuid), C(getegid), C(kill), C(tgkill), C(process_vm_readv),
	C(process_vm_writev), C(pidfd_open), C(pidfd_getfd), C(setgroups),
	C(setfsuid), C(setfsgid), C(capget), C(capset), C(umask), C(fchdir),
	C(setresuid), C(setresgid), /* a UNIX connect as the target (creds.c) */
	C(unlinkat), C(mkdirat), C(mknodat), C(renameat2), C(linkat),
	C(symlinkat), C(truncate), C(ftruncate), C(fallocate),
	C(fchmod), C(fchmodat), C(fchown), C(fchownat), C(utimensat),
	C(setxattr), C(fsetxattr), C(removexattr), C(fremovexattr),
	C(getxattr), C(listxattr), C(lsetxattr), C(lremovexattr),
	C(lgetxattr), C(llistxattr), C(faccessat2), C(fstatfs), C(memfd_create),
	C(pwrite64), C(sendto), C(sendmsg), C(connect), C(bind),
	C(getsockopt), C(getsockname), C(getpeername), C(ioctl),
	C(getrandom), /* trace/force_rand_fd (kernel/fdslot.c) */
};

/* The monitor starts emulators (and so must allow what they do,
 * including confining themselves). */
static const struct threads_call monitor[] = {
	C(clone), C(mprotect), C(prctl), C(seccomp),
};

static const struct threads_call interrupter[] = {
	C(openat), C(read), C(close), C(ioctl), C(tgkill),
};

/* close: its copy of the notification fd at ghost (pool/timeout.c). */
static const struct threads_call timeout[] = { C(kill), C(tgkill), C(close) };

/* tgkill: panic and ghost from a client wake main (SIGUSR1);
 * pidfd_send_signal: the peer still alive (pool/ipc.c). */
static const struct threads_call ipc[] = {
	C(epoll_create1), C(epoll_ctl), C(epoll_pwait), C(accept4), C(read),
	C(sendto), C(close), C(getsockopt), C(getuid), C(openat), C(tgkill),
	C(pidfd_send_signal),
};

/* The AES worker: crypt files written beside their target and renamed
 * over; objects adopted from emulators through /proc. */
static const struct threads_call aes[] = {
	C(openat), C(close), C(read), C(pread64), C(pwrite64), C(fcntl),
	C(newfstatat), C(fchown), C(fchmod), C(fdatasync), C(renameat),
	C(unlinkat), C(ftruncate), C(getrandom), C(lseek),
};
#undef C

/* Every role's list is at most this long (common + emulator + monitor). */
#define THREADS_MAX 96

struct threads_set {
	size_t n;
	struct threads_call c[THREADS_MAX];
};

static void
threads_add(struct threads_set *s, const struct threads_call *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = 0;
		while (j < s->n && s->c[j].nr < c[i].nr)
			j++;
		if (j < s->n && s->c[j].nr == c[i].nr)
			continue; /* listed twice */
		if (s->n == THREADS_MAX)
			abort(); /* a list outgrew THREADS_MAX: a build error */
		memmove(&s->c[j + 1], &s->c[j], (s->n - j) * sizeof(s->c[0]));
		s->c[j] = c[i];
		s->n++;
	}
}

#define ADD(s, list) threads_add(s, list, sizeof(list) / sizeof(*list))

/* A role's calls, sorted by number, each once. */
static void
threads_set(enum sandbox_role role, struct threads_set *s)
{
	s->n = 0;
	ADD(s, common);
	if (role == SANDBOX_EMULATOR || role == SANDBOX_MONITOR)
		ADD(s, emulator);
	if (role == SANDBOX_MONITOR)
		ADD(s, monitor);
	if (role == SANDBOX_INTERRUPTER)
		ADD(s, interrupter);
	if (role == SANDBOX_TIMEOUT)
		ADD(s, timeout);
	if (role == SANDBOX_IPC)
		ADD(s, ipc);
	if (role == SANDBOX_AES)
		ADD(s, aes);
}

/*
 * The program, written directly (no libseccomp: building six filters
 * with it took most of syd's start-up). It reads only the architecture
 * and the number, so the kernel caches every allowed call as allowed
 * and never runs the filter for it:
 *
 *   arch != native            -> KILL_PROCESS
 *   nr >= 0x40000000 (x32)    -> KILL_PROCESS (src/sys/arch.h)
 *   nr in the list            -> ALLOW        (a search tree on nr)
 *   otherwise                 -> ERRNO(EPERM)
 *
 * Jumps are relative and forward only; a conditional jump's offset is 8
 * bits, so a subtree longer than that is reached through a JA.
 */
#define THREADS_INSNS 512

struct threads_prog {
	size_t n;
	struct sock_filter f[THREADS_INSNS];
};

static int
emit(struct threads_prog *p, struct sock_filter f)
{
	if (p->n == THREADS_INSNS)
		return -E2BIG;
	p->f[p->n++] = f;
	return 0;
}

static int
threads_tree(struct threads_prog *p, const struct threads_set *s, size_t lo,
    size_t hi)
{
	size_t j, mid, left;
	int r;

	if (hi - lo <= 4) {
		for (j = lo; j < hi; j++) {
			r = emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP |
			    BPF_JEQ | BPF_K, (uint32_t)s->c[j].nr, 0, 1));
			if (r == 0)
				r = emit(p, (struct sock_filter)BPF_STMT(
				    BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
			if (r < 0)
				return r;
		}
		return emit(p, (struct sock_filter)BPF_STMT(BPF_RET | BPF_K,
		    SECCOMP_RET_ERRNO | EPERM));
	}
	mid = lo + (hi - lo) / 2;
	/* nr > c[mid-1]: the right half [mid, hi); else the left one. */
	j = p->n;
	if ((r = emit(p, (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JGT |
	    BPF_K, (uint32_t)s->c[mid - 1].nr, 0, 1))) < 0 ||
	    (r = emit(p, (struct sock_filter)BPF_STMT(BPF_JMP | BPF_JA, 0))) < 0)
		return r;
	left = p->n;
	if ((r = threads_tree(p, s, lo, mid)) < 0)
		return r;
	/* Taken: to the JA, which jumps over the left half. */
	p->f[j + 1].k = (uint32_t)(p->n - left);
	return threads_tree(p, s, mid, hi);
}

static int
threads_build(const struct threads_set *s, struct threads_prog *p)
{
	static const struct sock_filter head[] = {
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, arch)),
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYD_AUDIT_ARCH, 1, 0),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
		BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
		    offsetof(struct seccomp_data, nr)),
		BPF_JUMP(BPF_JMP | BPF_JGE | BPF_K, SYD_ARCH_NR_FOREIGN, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS),
	};
	int r;

	p->n = 0;
	for (size_t i = 0; i < sizeof(head) / sizeof(*head); i++)
		if ((r = emit(p, head[i])) < 0)
			return r;
	return threads_tree(p, s, 0, s->n);
}

size_t
confine_thread_calls(enum sandbox_role role, int *nrs, size_t max)
{
	struct threads_set s;
	size_t i;

	threads_set(role, &s);
	for (i = 0; i < s.n && i < max; i++)
		nrs[i] = s.c[i].nr;
	return s.n;
}

int
confine_thread_filter(enum sandbox_role role, struct sock_fprog *prog)
{
	struct threads_set s;
	struct threads_prog p;
	int r;

	threads_set(role, &s);
	if ((r = threads_build(&s, &p)) < 0)
		return r;
	prog->len = (unsigned short)p.n;
	prog->filter = malloc(p.n * sizeof(p.f[0]));
	if (prog->filter == NULL)
		return -ENOMEM;
	memcpy(prog->filter, p.f, p.n * sizeof(p.f[0]));
	return 0;
}

int
confine_thread_pfc(enum sandbox_role role, int fd)
{
	struct threads_set s;
	FILE *f = fdopen(dup(fd), "w");

	if (f == NULL)
		return -errno;
	threads_set(role, &s);
	fprintf(f, "# any other architecture, or an x32 call: KILL_PROCESS\n"
	    "# allowed (%zu):\n", s.n);
	for (size_t i = 0; i < s.n; i++)
		fprintf(f, "if ($syscall == %d) action ALLOW; # %s\n",
		    s.c[i].nr, s.c[i].name);
	fprintf(f, "# default action\naction ERRNO(%d);\n", EPERM);
	return fclose(f) == 0 ? 0 : -EIO;
}

