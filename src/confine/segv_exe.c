/* main thread only */
/*
 * SegvGuard's crash count without exit stops. Each traced task's
 * executable is known from the stops syd takes anyway: the exec stop
 * names the new image (/proc/PID/exe, read there for the exec checks),
 * and a fork or vfork stop gives the child a copy of its parent's (a new
 * thread shares its process's record). When syd reaps a task that died of
 * a signal whose default action dumps core, its process's crash is
 * counted once against that name.
 *
 * With ptrace the reap comes first: the kernel tells the real parent of
 * the death only once the tracer has reaped the task, and syd counts
 * before it handles any later stop, so an exec of the crashed program
 * after the death is checked against the new count at its exec stop.
 * The verdict is the kernel's own status, as the exit stop gave it.
 */
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include "confine/confine.h"
#include "path/path.h"
#include "policy/policy.h"
#include "pool/pool.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"

struct segv_rec {
	unsigned refs;
	bool counted;	/* its process's crash was counted */
	char exe[];
};

struct segv_ent {
	int tid;
	struct segv_rec *r;
	struct segv_ent *next;
};

#define SEGV_NBUCKET 1024
static struct segv_ent *segv_tab[SEGV_NBUCKET];

static struct segv_ent **
segv_slot(int tid)
{
	struct segv_ent **e = &segv_tab[(unsigned)tid % SEGV_NBUCKET];

	while (*e != NULL && (*e)->tid != tid)
		e = &(*e)->next;
	return e;
}

static void
segv_unref(struct segv_rec *r)
{
	if (r != NULL && --r->refs == 0)
		free(r);
}

static struct segv_rec *
segv_new(const char *exe)
{
	size_t n = strlen(exe);
	struct segv_rec *r = malloc(sizeof(*r) + n + 1);

	if (r == NULL)
		return NULL;
	r->refs = 1;
	r->counted = false;
	memcpy(r->exe, exe, n + 1);
	/* A replaced or removed file: counted under its name. */
	if (n > 10 && strcmp(r->exe + n - 10, " (deleted)") == 0)
		r->exe[n - 10] = '\0';
	return r;
}

/* tid's record becomes r (a reference the caller gives); NULL drops it. */
static void
segv_set(int tid, struct segv_rec *r)
{
	struct segv_ent **s = segv_slot(tid), *e = *s;

	if (e != NULL) {
		segv_unref(e->r);
		if (r != NULL) {
			e->r = r;
			return;
		}
		*s = e->next;
		free(e);
		return;
	}
	if (r == NULL || (e = malloc(sizeof(*e))) == NULL) {
		segv_unref(r);
		return;
	}
	e->tid = tid;
	e->r = r;
	e->next = NULL;
	*s = e;
}

void
confine_segv_exec(int pid, const char *exe)
{
	struct segv_ent *e = *segv_slot(pid);
	unsigned long old = 0;

	/* Another task still shares the old image's record: a thread that
	 * exec'ed took the leader's tid without reporting its own. */
	if (e != NULL && e->r->refs > 1 &&
	    ptrace(PTRACE_GETEVENTMSG, pid, 0, &old) == 0 && (int)old != pid)
		segv_set((int)old, NULL);
	segv_set(pid, *exe != '\0' ? segv_new(exe) : NULL);
}

void
confine_segv_fork(int parent, int child, bool thread)
{
	struct segv_ent *pe = *segv_slot(parent);

	/* The child's own stops may have been reaped first: an exec it
	 * made already named its image. */
	if (pe == NULL || *segv_slot(child) != NULL)
		return;
	if (thread) {
		pe->r->refs++;
		segv_set(child, pe->r);
	} else {
		segv_set(child, segv_new(pe->r->exe));
	}
}

/* The signals whose default action is to dump core. */
static bool
segv_core_signal(int sig)
{
	return sig == SIGQUIT || sig == SIGILL || sig == SIGTRAP ||
	    sig == SIGABRT || sig == SIGBUS || sig == SIGFPE ||
	    sig == SIGSEGV || sig == SIGXCPU || sig == SIGXFSZ ||
	    sig == SIGSYS;
}

void
confine_segv_reaped(struct pool *p, int pid, int status)
{
	struct segv_ent **s = segv_slot(pid);
	struct segv_rec *r = *s != NULL ? (*s)->r : NULL;
	int64_t expiry, suspension, until;
	uint64_t max;
	uint32_t n;
	int sig;

	if (r == NULL)
		return;
	r->refs++;
	segv_set(pid, NULL);
	/* RLIMIT_CORE may be 0: the signal decides, not the dump. */
	sig = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
	if (r->counted || sig == 0 || !(WCOREDUMP(status) ||
	    segv_core_signal(sig)) ||
	    __atomic_load_n(&p->sb->ghost, __ATOMIC_ACQUIRE) == 2) {
		segv_unref(r);
		return;
	}
	sys_rdlock(&p->sb->policy_lock);
	expiry = p->sb->policy->segvguard_expiry_ms;
	suspension = p->sb->policy->segvguard_suspension_ms;
	max = p->sb->policy->segvguard_maxcrashes;
	sys_rdunlock(&p->sb->policy_lock);
	r->counted = true; /* one crash per process, whichever thread */
	if (expiry > 0) {
		n = sandbox_segv_crash(p->sb, r->exe, expiry, suspension, max,
		    &until);
		if (until != 0)
			rt_log_msg(RT_WARN, "segvguard", "suspend", "pid %d (%s) "
			    "died of signal %d, crash %u within "
			    "segvguard/expiry: %s may not be executed for %lld s",
			    pid, r->exe, sig, n, r->exe, (long long)(until -
			    sys_now_ns() / 1000000 + 999) / 1000);
		else
			rt_log_msg(RT_NOTICE, "segvguard", "crash", "pid %d (%s) "
			    "died of signal %d, crash %u of %llu within "
			    "segvguard/expiry", pid, r->exe, sig, n,
			    (unsigned long long)max);
	}
	segv_unref(r);
}
