/* worker-safe */
/*
 * sandbox/pid: at most pid/max live tasks (threads count, as in a cgroup's
 * pids controller). Every sandboxed task is traced (CLONE_UNTRACED and
 * clone3 are refused in the filter), so main learns of each birth and
 * death through ptrace and waitpid; the emulators learn of each fork
 * before it happens through the notified fork, vfork and clone calls.
 *
 * Race-free count: live (tasks main has seen, a set keyed by tid so that a
 * child seen both at its first stop and at its parent's fork event counts
 * once) plus pending (forks an emulator let through whose child main has
 * not seen yet). A fork is let through only while live + pending < max,
 * and its pending entry goes only when the child is in the set, so
 * concurrent forks can never together pass the limit. A fork the kernel
 * then refuses leaves its entry until the same thread forks again or
 * exits (a thread has one fork in flight at most).
 */
#include <string.h>

#include "sandbox/sandbox.h"

/* A set entry: the tid, and whether its parent's fork event was seen. */
#define PIDS_TID 0x3fffffff
#define PIDS_FORKED 0x40000000
#include "rt/rt.h"

/* Open addressing, tids > 0; 0 free, -1 deleted. */
static bool
pids_has(const struct sandbox *p, int tid, size_t *at)
{
	size_t m = p->pid_cap - 1, i = (size_t)tid * 2654435761u & m;

	for (size_t n = 0; n < p->pid_cap; n++, i = (i + 1) & m) {
		if (p->pid_set[i] > 0 && (p->pid_set[i] & PIDS_TID) == tid) {
			*at = i;
			return true;
		}
		if (p->pid_set[i] == 0)
			break;
	}
	return false;
}

static void
pids_add(struct sandbox *p, int tid, bool forked)
{
	size_t m = p->pid_cap - 1, i = (size_t)tid * 2654435761u & m, at;

	if (pids_has(p, tid, &at)) {
		p->pid_set[at] |= forked ? PIDS_FORKED : 0;
		return;
	}
	for (size_t n = 0; n < p->pid_cap; n++, i = (i + 1) & m)
		if (p->pid_set[i] <= 0) {
			p->pid_dead -= p->pid_set[i] < 0;
			p->pid_set[i] = tid | (forked ? PIDS_FORKED : 0);
			p->pid_live++;
			return;
		}
	/* Full: more tasks than twice the limit cannot be, but count it. */
	p->pid_live++;
}

/* Too many deleted slots make every lookup long: rebuild the table. */
static void
pids_rehash(struct sandbox *p)
{
	int *old = p->pid_set, *new = rt_alloc(p->pid_cap * sizeof(*new));
	size_t m = p->pid_cap - 1;

	if (new == NULL)
		return; /* slower, still right */
	for (size_t k = 0; k < p->pid_cap; k++) {
		size_t i;
		if (old[k] <= 0)
			continue;
		for (i = (size_t)(old[k] & PIDS_TID) * 2654435761u & m;
		    new[i] != 0;
		    i = (i + 1) & m)
			;
		new[i] = old[k];
	}
	p->pid_set = new;
	p->pid_dead = 0;
	rt_free(old);
}

/* Returns the entry removed (with its flag), or 0. */
static int
pids_del(struct sandbox *p, int tid)
{
	size_t at;
	int v;

	if (!pids_has(p, tid, &at))
		return 0;
	v = p->pid_set[at];
	p->pid_set[at] = -1;
	p->pid_live--;
	if (++p->pid_dead > p->pid_cap / 4)
		pids_rehash(p);
	return v;
}

/* The exit of a task whose parent's fork event has not come yet. */
static void
early_add(struct sandbox *p, int tid)
{
	p->pid_early[p->pid_nearly++ % 64] = tid;
}

static bool
early_take(struct sandbox *p, int tid)
{
	for (unsigned k = 0; k < 64; k++)
		if (p->pid_early[k] == tid) {
			p->pid_early[k] = 0;
			return true;
		}
	return false;
}

static void
pending_del(struct sandbox *p, int tid)
{
	for (unsigned i = 0; i < p->pid_npending; i++)
		if (p->pid_pending[i] == tid) {
			p->pid_pending[i] = p->pid_pending[--p->pid_npending];
			return;
		}
}

int
sandbox_pid_init(struct sandbox *p, uint64_t max, int first)
{
	size_t cap = 64;

	p->pid_max = max;
	if (max == 0)
		return 0;
	while (cap < 2 * (max + 64) && cap < ((size_t)1 << 30))
		cap <<= 1;
	if ((p->pid_set = rt_alloc(cap * sizeof(*p->pid_set))) == NULL)
		return -ENOMEM;
	p->pid_cap = cap;
	pids_add(p, first, true); /* no fork event will come for it */
	return 0;
}

bool
sandbox_pid_reserve(struct sandbox *p, int tid)
{
	bool ok;

	if (p->pid_max == 0)
		return true;
	sys_lock(&p->pid_lock);
	pending_del(p, tid); /* its last fork is over, one way or another */
	ok = p->pid_live + p->pid_npending < p->pid_max &&
	    p->pid_npending < SYD_PID_PENDING;
	if (ok)
		p->pid_pending[p->pid_npending++] = tid;
	sys_unlock(&p->pid_lock);
	return ok;
}

void
sandbox_pid_event(struct sandbox *p, enum sandbox_pid_ev ev, int tid, int other)
{
	if (p->pid_max == 0)
		return;
	sys_lock(&p->pid_lock);
	switch (ev) {
	case SANDBOX_PID_FORKED: /* tid forked other */
		/* waitpid's order is not birth order: the child may have
		 * stopped, run and ended before this event of its parent. */
		if (!early_take(p, other))
			pids_add(p, other, true);
		pending_del(p, tid);
		break;
	case SANDBOX_PID_SEEN: /* a new tracee's first stop */
		pids_add(p, tid, false);
		break;
	case SANDBOX_PID_EXEC: /* other, a thread that exec'ed, is now tid */
		if (other != tid)
			pids_del(p, other);
		pending_del(p, other);
		break;
	case SANDBOX_PID_EXITED: {
		int v = pids_del(p, tid);
		if (v > 0 && !(v & PIDS_FORKED))
			early_add(p, tid);
		pending_del(p, tid);
		}
		break;
	case SANDBOX_PID_CANCEL:
		pending_del(p, tid);
		break;
	}
	sys_unlock(&p->pid_lock);
}
