/* worker-safe */
/*
 * Calls about the process itself, decided from registers and continued:
 * ioctl requests the filter cannot decide, fork/clone under pid/max, and
 * credential changes (which only invalidate syd's cached credentials).
 */
#include <stdio.h>

#include "kernel/kernel_int.h"

/* ioctl with rules the BPF cannot express: the request register alone
 * decides (low 32 bits, as the kernel reads it). */
struct kernel_ans
kernel_ioctl(struct emu *e)
{
	const struct policy *p = kernel_policy(e);
	uint32_t req = (uint32_t)kernel_arg(e, 1);
	char what[32];
	int r;

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

/*
 * A credential change is about to happen: cached credentials are stale
 * from now on. The call itself is the kernel's: registers decide nothing
 * here, so CONTINUE.
 */
struct kernel_ans
kernel_setid(struct emu *e)
{
	__atomic_add_fetch(&e->sb->cred_gen, 1, __ATOMIC_ACQ_REL);
	return kernel_ans_continue();
}
