/* worker-safe */
/*
 * Calls about the process itself, decided from registers and continued:
 * ioctl requests the filter cannot decide, fork/clone under pid/max, and
 * credential changes (which only invalidate syd's cached credentials).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>

#include "kernel/kernel_int.h"

/*
 * The ioctl requests refused (EPERM) whatever the ioctl rules say while
 * their trace/allow_unsafe_* is off: terminal injection and
 * line-discipline/console games (ioctl), /dev/userfaultfd's
 * USERFAULTFD_IOC_NEW (userfaultfd). The filter (filter.c) refuses them
 * in BPF from this table and leaves them out of the ioctl category's own
 * rules (two actions for one request cannot be built); the handler
 * refuses them too, for when every ioctl is notified: libseccomp drops a
 * syscall's argument rules once an unconditional rule for it is added
 * (an ioctl category that is not "simple", a lock that lets rules
 * change at run time).
 */
static const struct {
	uint32_t req;
	enum policy_unsafe unsafe;
} process_ioctl_hard[] = {
	{ 0x5412, POLICY_UNSAFE_IOCTL },	/* TIOCSTI */
	{ 0x541C, POLICY_UNSAFE_IOCTL },	/* TIOCLINUX */
	{ 0x5423, POLICY_UNSAFE_IOCTL },	/* TIOCSETD */
	{ 0x541D, POLICY_UNSAFE_IOCTL },	/* TIOCCONS */
	{ 0xaa00, POLICY_UNSAFE_USERFAULTFD },	/* USERFAULTFD_IOC_NEW */
};

uint32_t
kernel_ioctl_hard(size_t i)
{
	return i < sizeof(process_ioctl_hard) / sizeof(*process_ioctl_hard) ?
	    process_ioctl_hard[i].req : 0;
}

bool
kernel_ioctl_hardened(const struct policy *p, uint32_t req)
{
	for (size_t i = 0; i < sizeof(process_ioctl_hard) /
	    sizeof(*process_ioctl_hard); i++)
		if (process_ioctl_hard[i].req == req)
			return !policy_unsafe_on(p, process_ioctl_hard[i].unsafe);
	return false;
}

/* The filter's namespace refusals (filter.c filter_namespace), for
 * unshare and setns notified unconditionally (syd as root: cred_calls).
 * EPERM as there. */
#define PROCESS_NS_ALL (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | \
	CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP | 0x80)

/* trace/allow_unsafe_namespace for unshare(2) and setns(2) (filter.c
 * filter_namespace): a type it does not name, or setns of any type (0)
 * while some type is not allowed. */
/* The namespace types an unshare or setns asks for into *want (setns:
 * 0 leaves the type to the fd); false for any other call. */
static bool
process_ns_want(struct emu *e, uint32_t *want)
{
	long nr = (long)e->req.data.nr;

	if (nr != SYS_unshare && nr != SYS_setns)
		return false;
	*want = (uint32_t)kernel_arg(e, nr == SYS_unshare ? 0 : 1);
	return true;
}

static bool
process_ns_refused(struct emu *e)
{
	uint32_t allowed = kernel_policy(e)->ns_allowed & PROCESS_NS_ALL;
	uint32_t want;

	if (!process_ns_want(e, &want))
		return false;
	if ((long)e->req.data.nr == SYS_setns && want == 0)
		return allowed != PROCESS_NS_ALL;
	return (want & PROCESS_NS_ALL & ~allowed) != 0;
}

/* ioctl with rules the BPF cannot express: the request register alone
 * decides (low 32 bits, as the kernel reads it). */
struct kernel_ans
kernel_ioctl(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	uint32_t req = (uint32_t)kernel_arg(e, 1);
	char what[32];
	int r;

	if (kernel_ioctl_hardened(p, req))
		return kernel_result(e, -EPERM);
	/* Every ioctl is notified while the lock lets the category be
	 * turned on later (filter.c filter_ioctl): off, nothing to check. */
	if (!policy_on(p, POLICY_IOCTL))
		return kernel_ans_continue();
	snprintf(what, sizeof(what), "0x%x", req);
	r = kernel_act_name(e, POLICY_IOCTL, policy_match_ioctl(p, req), "req",
	    what);
	return kernel_checked(e, r);
}

/*
 * sandbox/pid: a new task past pid/max takes default/pid's action (deny:
 * EAGAIN, as the kernel's own limits answer). Below it the call goes on,
 * counted as pending until main sees the child (pool/pids.c).
 */
struct kernel_ans
kernel_fork(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	char what[32];
	int r;

	if (sandbox_pid_reserve(e->sb, (int)e->req.pid)) {
		/* Killed meanwhile (perhaps reaped already): no fork comes,
		 * and no exit would clear the reservation any more. */
		if (!kernel_valid(e))
			sandbox_pid_event(e->sb, SANDBOX_PID_CANCEL,
			    (int)e->req.pid, 0);
		return kernel_ans_continue();
	}
	snprintf(what, sizeof(what), "%llu", (unsigned long long)p->pid_max);
	r = kernel_act_name(e, POLICY_PID, p->defact[POLICY_PID], "pid_max",
	    what);
	return kernel_checked(e, r);
}

/* The real, effective and saved ids of the calling thread (its own
 * status: a blocked thread's credentials cannot change meanwhile). */
static int
setid_current(struct emu *e, bool gid, uint32_t cur[3])
{
	char buf[2048], *s;
	int r = sys_proc_status((int)e->req.pid, buf, sizeof(buf));

	if (r < 0)
		return r;
	if ((s = strstr(buf, gid ? "\nGid:" : "\nUid:")) == NULL)
		return -ESRCH;
	s += 5;
	for (int i = 0; i < 3; i++) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s < '0' || *s > '9')
			return -ESRCH;
		cur[i] = (uint32_t)path_atoi(s);
		while (*s >= '0' && *s <= '9')
			s++;
	}
	return 0;
}

/* SafeSetID over the id arguments of a set*id call; 0 or -EACCES. The
 * ids are registers, the current ones the thread's status: no target
 * memory is read, so the call is continued. */
static int
setid_check(struct emu *e)
{
	static const struct { long nr; bool gid; unsigned n; } calls[] = {
		{ SYS_setuid, false, 1 }, { SYS_setreuid, false, 2 },
		{ SYS_setresuid, false, 3 }, { SYS_setfsuid, false, 1 },
		{ SYS_setgid, true, 1 }, { SYS_setregid, true, 2 },
		{ SYS_setresgid, true, 3 }, { SYS_setfsgid, true, 1 },
	};
	const struct policy *p = kernel_policy(e);
	uint32_t cur[3] = { 0, 0, 0 };
	bool have = false;
	int r;

	for (size_t i = 0; i < sizeof(calls) / sizeof(*calls); i++) {
		if (calls[i].nr != (long)e->req.data.nr)
			continue;
		for (unsigned a = 0; a < calls[i].n; a++) {
			uint32_t id = (uint32_t)kernel_arg(e, a);
			if (id == UINT32_MAX)
				continue; /* -1: unchanged */
			if (!have) {
				if ((r = setid_current(e, calls[i].gid,
				    cur)) < 0)
					return r;
				have = true;
			}
			if (!policy_setid_ok(p, calls[i].gid, cur, id))
				return -EACCES;
		}
	}
	return 0;
}

/* An unshare or setns that may put the thread in another user namespace
 * (setns of a type left to the fd, 0, too). */
static bool
process_ns_user(struct emu *e)
{
	uint32_t want;

	return process_ns_want(e, &want) && ((want & CLONE_NEWUSER) != 0 ||
	    ((long)e->req.data.nr == SYS_setns && want == 0));
}

/*
 * A credential change is about to happen: SafeSetID decides it from the
 * id registers and the thread's current ids (no target memory), then
 * cached credentials are stale from now on and the kernel does the call.
 */
struct kernel_ans
kernel_setid(struct emu *e)
{
	int r = setid_check(e);

	if (r < 0)
		return kernel_result(e, r);
	if (process_ns_refused(e))
		return kernel_result(e, -EPERM);
	if (process_ns_user(e))
		__atomic_store_n(&e->sb->userns_moved, 1, __ATOMIC_RELEASE);
	__atomic_add_fetch(&e->sb->cred_gen, 1, __ATOMIC_ACQ_REL);
	return kernel_ans_continue();
}
