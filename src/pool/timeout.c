/* worker-safe */
/*
 * The timeout thread (syd_out): sleeps until `timeout:` expires, then kills
 * the sandbox and tells main, which exits 124. Every sandboxed process is
 * traced with PTRACE_O_EXITKILL, so main's exit takes the rest with it.
 */
#include <signal.h>

#include "pool/pool_int.h"
#include "rt/rt.h"

int
pool_tmo_main(void *arg)
{
	struct pool *p = arg;
	int64_t end = sys_now_ns() + p->timeout_ms * 1000000;

	sandbox_confine(p->sb, SANDBOX_TIMEOUT);

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		int64_t left = (end - sys_now_ns()) / 1000000;
		if (left <= 0)
			break;
		sys_futex_wait(&p->stop, 0, (long)left);
	}
	if (__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE))
		return 0;
	rt_log_msg(RT_WARN, "timeout", "kill", "timeout of %lld ms expired",
	    (long long)p->timeout_ms);
	__atomic_store_n(&p->timed_out, 1, __ATOMIC_RELEASE);
	sys_kill(-p->sb->child, SIGKILL);
	sys_kill(p->sb->child, SIGKILL);
	sys_tgkill(p->sb->syd_pid, p->sb->syd_pid, SIGUSR1);
	return 0;
}
