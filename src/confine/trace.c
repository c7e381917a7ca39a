/* main thread only */
/*
 * Main's loop after boot. Signals arrive through a signalfd (every signal
 * is blocked process-wide), child events through waitpid. Every sandboxed
 * process is traced — seized with PTRACE_O_EXITKILL and inherited through
 * fork, vfork and clone — so none outlives syd, not even a setsid'd
 * grandchild; stops that are not ours are passed through untouched.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stddef.h>
#include <sys/ptrace.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <elf.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confine/confine.h"
#include "kernel/kernel.h"
#include "path/path.h"
#include "policy/policy.h"
#include "pool/pool.h"
#include "rt/rt.h"
#include "sys/exitcode.h"


void
confine_block_signals(void)
{
	sigset_t all;

	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
}

/* sandbox/pid: births, first stops and execs for the task count; and
 * SegvGuard's record of each new task's executable (segv_exe.c). */
static void
trace_pids(struct pool *p, int pid, int event, int sig)
{
	unsigned long msg = 0;
	bool fork = event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK ||
	    event == PTRACE_EVENT_CLONE;

	if (fork && (p->sb->pid_max != 0 || p->sb->segv_tracked) &&
	    ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == 0) {
		/* A clone is a new process or a thread of this one. */
		if (p->sb->segv_tracked)
			confine_segv_fork(pid, (int)msg, event ==
			    PTRACE_EVENT_CLONE && path_tgid((int)msg) != (int)msg);
		if (p->sb->pid_max != 0)
			sandbox_pid_event(p->sb, SANDBOX_PID_FORKED, pid, (int)msg);
	}
	if (p->sb->pid_max == 0 || fork)
		return;
	if (event == PTRACE_EVENT_EXEC) {
		if (ptrace(PTRACE_GETEVENTMSG, pid, 0, &msg) == 0)
			sandbox_pid_event(p->sb, SANDBOX_PID_EXEC, pid, (int)msg);
	} else if (event == PTRACE_EVENT_STOP && sig == SIGTRAP) {
		sandbox_pid_event(p->sb, SANDBOX_PID_SEEN, pid, 0);
	}
}

#if defined(__x86_64__) || defined(__aarch64__)
/*
 * Notified calls that never return -ERESTARTSYS natively as syd makes or
 * continues them (no waits a signal interrupts: not connect, send*, fcntl
 * locks, ioctl).
 */
static bool
trace_restartable(long nr)
{
	static const long nrs[] = {
#if SYD_ARCH_LEGACY
		SYS_open, SYS_creat, SYS_stat, SYS_lstat, SYS_access,
		SYS_readlink, SYS_unlink, SYS_rmdir, SYS_mkdir, SYS_mknod,
		SYS_rename, SYS_link, SYS_symlink, SYS_chmod, SYS_chown,
		SYS_lchown, SYS_utime, SYS_utimes, SYS_futimesat,
#endif
		SYS_openat, SYS_openat2, SYS_newfstatat, SYS_statx,
		SYS_faccessat, SYS_faccessat2, SYS_readlinkat, SYS_statfs,
		SYS_unlinkat, SYS_mkdirat, SYS_mknodat, SYS_renameat,
		SYS_renameat2, SYS_linkat, SYS_symlinkat, SYS_truncate,
		SYS_fchmodat, SYS_fchmodat2, SYS_fchmod, SYS_fchownat,
		SYS_fchown, SYS_utimensat, SYS_setxattr,
		SYS_lsetxattr, SYS_fsetxattr, SYS_removexattr,
		SYS_lremovexattr, SYS_fremovexattr, SYS_getxattr,
		SYS_lgetxattr, SYS_listxattr, SYS_llistxattr, SYS_bind,
		SYS_chdir, SYS_fchdir, SYS_chroot, SYS_mmap, SYS_mprotect,
		SYS_execve, SYS_execveat };

	for (size_t i = 0; i < sizeof(nrs) / sizeof(nrs[0]); i++)
		if (nrs[i] == nr)
			return true;
	return false;
}

/*
 * At a signal-delivery stop. A notified call interrupted before syd
 * received it returns -ERESTARTSYS, which the kernel turns into EINTR for
 * a handler without SA_RESTART: a stat or a regular open would fail where
 * natively it cannot. Nothing was done yet, so restart it whatever the
 * handler, as if the signal had come just before the call: back the task
 * up over its syscall instruction (leaving -ERESTARTNOINTR in rax
 * instead reached the program as errno 513 on 6.18). syd's own
 * -ERESTARTSYS answers are noted by the emulator and keep their meaning.
 */
#if defined(__x86_64__)
static void
trace_restart(struct pool *p, int pid)
{
	struct user_regs_struct r;

	/* cs 0x33: a 64-bit task (i386 numbers differ, when allowed). */
	if (ptrace(PTRACE_GETREGS, pid, 0, &r) < 0 ||
	    (long)r.rax != -SYS_ERESTARTSYS || sandbox_restart_take(p->sb, pid) ||
	    r.cs != 0x33 || !trace_restartable((long)r.orig_rax))
		return;
	/* What the kernel does for a restart: back over the 2-byte
	 * syscall instruction with the number in rax again. */
	r.rax = r.orig_rax;
	r.rip -= 2;
	ptrace(PTRACE_SETREGS, pid, 0, &r);
}
#else
/*
 * An instruction that may run twice to no effect right before the svc:
 * a move of an immediate or of a register into a register (the libc
 * stubs' "mov x8, #NR"; the svc changes only x0, which is restored).
 */
static bool
trace_idempotent(uint32_t insn)
{
	uint32_t op = insn & 0x7f800000u; /* without sf */

	return op == 0x52800000u /* movz */ || op == 0x12800000u /* movn */ ||
	    (insn & 0x7fe0ffe0u) == 0x2a0003e0u; /* orr Rd, zr, Rm */
}

/*
 * aarch64 has the restart done before the signal stop: the kernel already
 * put orig_x0 back in x0 and the pc on the svc, and after the stop turns
 * the call into EINTR for a handler without SA_RESTART if the pc is still
 * there. The return value is gone, so a pc on an svc is the sign (a
 * signal that came just before the svc also leaves it there, and then
 * running the instruction before it again changes nothing either). Back
 * the pc over one instruction that may run twice: the call is made again
 * after the handler, and the kernel no longer recognises its restart.
 * Registers through PTRACE_GETREGSET NT_PRSTATUS (no PTRACE_GETREGS).
 */
static void
trace_restart(struct pool *p, int pid)
{
	struct user_regs_struct r;
	struct iovec io = { &r, sizeof(r) };
	unsigned long w;

	if (ptrace(PTRACE_GETREGSET, pid, (void *)NT_PRSTATUS, &io) < 0 ||
	    io.iov_len != sizeof(r) || (r.pstate & 0x10) != 0 /* AArch32 */ ||
	    (r.pc & 3) != 0)
		return;
	errno = 0;
	w = (unsigned long)ptrace(PTRACE_PEEKTEXT, pid, (void *)(r.pc - 4), 0);
	if (errno != 0 || (uint32_t)(w >> 32) != 0xd4000001u /* svc #0 */ ||
	    sandbox_restart_take(p->sb, pid) ||
	    !trace_restartable((long)r.regs[8]) ||
	    !trace_idempotent((uint32_t)w))
		return;
	r.pc -= 4;
	ptrace(PTRACE_SETREGSET, pid, (void *)NT_PRSTATUS, &io);
}
#endif
#else
static void
trace_restart(struct pool *p, int pid)
{
	(void)sandbox_restart_take(p->sb, pid);
}
#endif

/* Let a stopped tracee go on as if it were not traced. */
static void
trace_resume(struct pool *p, int pid, int status)
{
	int sig = WSTOPSIG(status), event = status >> 16;

	/* A new task (or image) may reuse a tid whose credentials an
	 * emulator cached: drop them before it runs. */
	if (event != 0 && event != PTRACE_EVENT_EXIT)
		__atomic_add_fetch(&p->sb->cred_gen, 1, __ATOMIC_ACQ_REL);
	/* After ghost syd checks nothing: the tracee is only let go on. */
	bool ghost = __atomic_load_n(&p->sb->ghost, __ATOMIC_ACQUIRE) == 2;

	trace_pids(p, pid, event, sig);
	if (event == PTRACE_EVENT_EXEC && !ghost) {
		char exe[PATH_MAX];
		confine_exec_verify(p, pid, exe);
		if (p->sb->segv_tracked)
			confine_segv_exec(pid, exe);
	}
	if (event == PTRACE_EVENT_EXEC && pid == p->sb->child &&
	    !p->sb->initial_exec_done) {
		/* SPEC 4: nothing set the lock before COMMAND ran: it is on. */
		p->sb->initial_exec_done = 1;
		sys_wrlock(&p->sb->policy_lock);
		if (p->sb->policy->lock == POLICY_LOCK_UNSET)
			p->sb->policy->lock = POLICY_LOCK_ON;
		sys_wrunlock(&p->sb->policy_lock);
	}
	if (event == PTRACE_EVENT_STOP) {
		/* SIGTRAP: a new tracee's first stop. Else a group-stop,
		 * which must stay stopped until SIGCONT: LISTEN. */
		if (sig == SIGTRAP)
			ptrace(PTRACE_CONT, pid, 0, 0);
		else
			ptrace(PTRACE_LISTEN, pid, 0, 0);
	} else if (event != 0 || sig == (SIGTRAP | 0x80)) {
		ptrace(PTRACE_CONT, pid, 0, 0);
	} else {
		/* A signal on its way to the tracee: deliver it. */
		trace_restart(p, pid);
		ptrace(PTRACE_CONT, pid, 0, sig);
	}
}

static int
trace_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	return SYD_EX_SIGNAL + WTERMSIG(status);
}

/* Reap and resume. Returns 1 when main should end (*code set). */
static int
trace_reap(struct pool *p, bool wait_all, int *code, bool *child_done)
{
	int status, pid;

	while ((pid = waitpid(-1, &status, __WALL | WNOHANG)) > 0) {
		if (WIFSTOPPED(status)) {
			trace_resume(p, pid, status);
			continue;
		}
		sandbox_pid_event(p->sb, SANDBOX_PID_EXITED, pid, 0);
		if (p->sb->segv_tracked)
			confine_segv_reaped(p, pid, status);
		(void)sandbox_restart_take(p->sb, pid); /* a note it left behind */
		if (pid == p->sb->child && !*child_done) {
			*child_done = true;
			*code = trace_status(status);
			if (!wait_all)
				return 1;
		}
	}
	if (pid < 0 && errno == ECHILD && *child_done)
		return 1;
	return 0;
}

static int
trace_fd(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGCHLD);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGQUIT);
	sigaddset(&set, SIGUSR1);
	return signalfd(-1, &set, SFD_CLOEXEC);
}

/*
 * Forward a terminating signal to the sandbox. PID 1 of a pid namespace
 * (unshare/pid) gets no signal from outside its namespace that it has no
 * handler for: the kernel drops it. Where the command neither handles
 * nor ignores it, it would have died of it outside the namespace: kill
 * it (SIGKILL, the one signal the kernel delivers), rather than leave
 * syd's caller waiting.
 */
static void
trace_forward(struct pool *p, int sig)
{
	char buf[2048];
	uint64_t bit = UINT64_C(1) << (sig - 1);

	kill(p->sb->child, sig);
	if (!p->sb->child_init ||
	    sys_proc_status(p->sb->child, buf, sizeof(buf)) < 0)
		return;
	if ((path_status_hex(buf, "\nSigCgt:") | path_status_hex(buf,
	    "\nSigIgn:")) & bit)
		return;
	rt_log_msg(RT_NOTICE, "signal", "forward", "the command is PID 1 of "
	    "its pid namespace, without a handler for signal %d: killed", sig);
	kill(p->sb->child, SIGKILL);
}

/*
 * ghost was asked for (sandbox_ghost): let go of the sandbox. Should a
 * thread holding a copy of the notification fd not let go of it (an
 * emulator, the interrupter, the IPC worker, the timeout), syd cannot let
 * go safely: the sandbox is killed
 * (fail closed) and -EBUSY returned.
 */
static int
trace_ghost(struct pool *p)
{
	int r;

	if (__atomic_load_n(&p->sb->ghost, __ATOMIC_ACQUIRE) != 1)
		return 0;
	if ((r = pool_ghost(p)) < 0) {
		rt_log_msg(RT_ERR, "ghost", "stop", "a thread of syd would "
		    "not leave or close the notification fd: the sandbox is "
		    "killed");
		kill(p->sb->child, SIGKILL);
		return r;
	}
	__atomic_store_n(&p->sb->ghost, 2, __ATOMIC_RELEASE);
	rt_log_msg(RT_NOTICE, "ghost", "done", "syd no longer supervises: "
	    "calls its filter notifies now fail with ENOSYS; its other rules "
	    "and Landlock stay");
	return 0;
}

int
confine_wait(struct pool *p, bool wait_all)
{
	struct signalfd_siginfo si;
	bool child_done = false;
	int sfd = trace_fd(), code = 0;

	if (sfd < 0)
		return SYD_EX_TEMP;
	for (;;) {
		if (trace_reap(p, wait_all, &code, &child_done))
			break;
		if (read(sfd, &si, sizeof(si)) != sizeof(si))
			continue;
		if (si.ssi_signo == SIGUSR1 && p->timed_out)
			return SYD_EX_TIMEOUT;
		if (si.ssi_signo == SIGUSR1 && p->sb->panicked)
			return p->sb->exit_code;
		if (si.ssi_signo == SIGUSR1 && trace_ghost(p) < 0)
			return SYD_EX_TEMP;
		if (si.ssi_signo != SIGCHLD && si.ssi_signo != SIGUSR1)
			trace_forward(p, (int)si.ssi_signo);
	}
	/* The command may end before SIGUSR1 is read: an exit or panic
	 * action (set before the target got its answer) or the timeout
	 * still decides the status. */
	if (__atomic_load_n(&p->timed_out, __ATOMIC_ACQUIRE))
		return SYD_EX_TIMEOUT;
	if (__atomic_load_n(&p->sb->panicked, __ATOMIC_ACQUIRE))
		return __atomic_load_n(&p->sb->exit_code, __ATOMIC_ACQUIRE);
	return code;
}
