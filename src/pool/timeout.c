/* worker-safe */
/*
 * The timeout thread (syd_out): sleeps until `timeout:` expires, then kills
 * the sandbox and tells main, which exits 124. Every sandboxed process is
 * traced with PTRACE_O_EXITKILL, so main's exit takes the rest with it.
 * ghost does not end it (syd(2)): the sandbox lets go of syd, not of its
 * time limit. Asked to (tmo_ctl, pool.h), it closes its own copy of the
 * notification fd, so that the listener dies with main's, and goes on.
 */
#include <signal.h>

#include "pool/pool_int.h"
#include "rt/rt.h"

int
pool_tmo_main(void *arg)
{
	struct pool *p = arg;
	int64_t end = sys_now_ns() + p->timeout_ms * 1000000;
	/* A number in this thread's own fd table (a copy of main's). */
	int nfd = p->notify_fd;

	sandbox_confine(p->sb, SANDBOX_TIMEOUT);

	for (;;) {
		int ctl = __atomic_load_n(&p->tmo_ctl, __ATOMIC_ACQUIRE);
		int64_t left;

		if (ctl == POOL_TMO_STOP)
			return 0;
		if (ctl == POOL_TMO_GHOST) {
			sys_close(nfd);
			/* Unless STOP came meanwhile. */
			(void)__atomic_compare_exchange_n(&p->tmo_ctl, &ctl,
			    POOL_TMO_GHOSTED, false, __ATOMIC_ACQ_REL,
			    __ATOMIC_ACQUIRE);
			sys_futex_wake(&p->tmo_ctl, 1);
			continue;
		}
		left = (end - sys_now_ns()) / 1000000;
		if (left <= 0)
			break;
		sys_futex_wait(&p->tmo_ctl, ctl, (long)left);
	}
	rt_log_msg(RT_WARN, "timeout", "kill", "timeout of %lld ms expired",
	    (long long)p->timeout_ms);
	__atomic_store_n(&p->timed_out, 1, __ATOMIC_RELEASE);
	sys_kill(-p->sb->child, SIGKILL);
	sys_kill(p->sb->child, SIGKILL);
	sys_tgkill(p->sb->syd_pid, p->sb->syd_pid, SIGUSR1);
	return 0;
}
