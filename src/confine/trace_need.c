/* main thread only */
/*
 * Which ptrace stops a sandbox needs: the one place that decides them
 * (DESIGN.md section 6). Each stop costs the traced process two context
 * switches and syd a waitpid, a read of its signalfd and a PTRACE_CONT
 * at least; none is asked for that no feature of the policy uses.
 *
 * Fork, vfork and clone events are always traced: they are what makes a
 * new process a tracee at all, and so what PTRACE_O_EXITKILL reaches (no
 * sandboxed process, not even a setsid'd grandchild, outlives a SIGKILLed
 * syd), what pid/max counts, and what moves the credential generation
 * before a reused tid runs (kernel/creds.c).
 *
 * No exit stop is ever asked for: SegvGuard learns of a crash when syd
 * reaps the crashed process (segv_exe.c), which with ptrace happens
 * before its real parent can see the death.
 */
#include <sys/ptrace.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"

/* Can the policy change after COMMAND starts (/dev/syd, or the IPC
 * socket)? Then any feature may be turned on later, and the stops it
 * needs must be there from the start: a tracee's options are fixed at
 * its birth. lock:on, lock:read and an unset lock (on at COMMAND's
 * exec) admit no change from the sandbox. */
static bool
trace_policy_may_change(const struct policy *p)
{
	return p->ipc != NULL || p->lock == POLICY_LOCK_OFF ||
	    p->lock == POLICY_LOCK_EXEC || p->lock == POLICY_LOCK_DROP ||
	    p->lock == POLICY_LOCK_IPC;
}

/*
 * Contract: true when some feature of p must see each exec before the new
 * image runs its first instruction, i.e. PTRACE_O_TRACEEXEC is needed:
 *   - sandbox/exec, unless CONFINE_EXEC_LANDLOCK (the exec category is
 *     enforced by Landlock's execute right, which the kernel checks on
 *     the file it executes, TOCTOU-free) and memfds may run
 *     (trace/allow_unsafe_exec_memfd): Landlock does not check files of
 *     the kernel's internal mounts, so a memfd reached through a symlink
 *     swapped after the execve check is caught only at the stop,
 *   - sandbox/force and sandbox/tpe (checked on /proc/PID/exe),
 *   - the ELF checks (trace/allow_unsafe_exec_nopie, _stack, deny/elf),
 *   - SegvGuard (a suspended path; it also names each process's
 *     executable at its exec stop for the crash count),
 *   - pid/max (a thread that execs takes its leader's tid),
 *   - CONFINE_AS_ROOT: syd acts with the target's credentials, which an
 *     exec may change (capabilities), cached per tid (kernel/creds.c),
 *   - a policy that may still change (the lock), whatever it says now.
 * The execve notification's own checks are not enough for any of these:
 * the path it saw may be swapped before the kernel opens it.
 */
bool
confine_exec_stop_needed(const struct policy *p, unsigned flags)
{
	return trace_policy_may_change(p) ||
	    (policy_on(p, POLICY_EXEC) && (!(flags & CONFINE_EXEC_LANDLOCK) ||
	    !policy_unsafe_on(p, POLICY_UNSAFE_EXEC_MEMFD))) ||
	    policy_on(p, POLICY_FORCE) || policy_on(p, POLICY_TPE) ||
	    policy_elf_checks(p) || policy_segvguard_on(p) ||
	    (policy_on(p, POLICY_PID) && p->pid_max != 0) ||
	    (flags & CONFINE_AS_ROOT) != 0;
}

/* SegvGuard's crash count needs each process's executable: kept from
 * the fork and exec stops when SegvGuard is on or may be turned on. */
bool
confine_segv_tracked(const struct policy *p)
{
	return policy_segvguard_on(p) || trace_policy_may_change(p);
}

/* The flags for this syd and policy (the one place for both the sandbox
 * and syd --json). */
unsigned
confine_trace_flags(const struct policy *p)
{
	unsigned f = geteuid() == 0 ? CONFINE_AS_ROOT : 0;

	/* exec compiled to Landlock (confine_compile, which runs first):
	 * the kernel checks the exec rules at use. */
	if (p->compiled & POLICY_BIT(POLICY_EXEC))
		f |= CONFINE_EXEC_LANDLOCK;
	return f;
}

unsigned long
confine_trace_opts(const struct policy *p, unsigned flags)
{
	unsigned long o = PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK |
	    PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL;

	if (confine_exec_stop_needed(p, flags))
		o |= PTRACE_O_TRACEEXEC;
	return o;
}

/* The stops in o, for the state's "ptrace" key and the boot log. */
const char *
confine_trace_name(unsigned long o)
{
	if (o == 0)
		return "none";
	return (o & PTRACE_O_TRACEEXEC) ? "fork,exec" : "fork";
}
