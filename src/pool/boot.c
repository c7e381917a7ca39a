/* worker-safe */
/* Starting and stopping the pool's threads. */
#include <linux/filter.h>
#include <signal.h>
#include <sys/prctl.h>

#include "config.h"
#include "pool/pool_int.h"
#include "rt/rt.h"

int
pool_boot(struct pool *p)
{
	int r;

	p->emus = rt_alloc(sizeof(*p->emus) * p->max);
	if (p->emus == NULL)
		return -ENOMEM;
	r = sys_thread_spawn(&p->intr, pool_int_main, p, SYD_STACK_SIZE);
	if (r < 0)
		return r;
	if (p->timeout_ms > 0) {
		r = sys_thread_spawn(&p->tmo, pool_tmo_main, p, SYD_STACK_SIZE);
		if (r < 0)
			return r;
	}
#if SYD_WITH_IPC
	if (p->ipc_fd >= 0) {
		r = sys_thread_spawn(&p->ipc, pool_ipc_main, p, SYD_STACK_SIZE);
		if (r < 0)
			return r;
	}
#endif
	r = sys_thread_spawn(&p->mon, pool_mon_main, p, SYD_STACK_SIZE);
	if (r < 0)
		return r;
	/*
	 * The sandbox is released at once: its calls wait in the kernel
	 * until an emulator, confined before it receives anything, takes
	 * them. (Should none ever start, the monitor logs why and keeps
	 * trying; nothing runs unchecked meanwhile.)
	 */
	return 0;
}

void
pool_stop(struct pool *p)
{
	__atomic_store_n(&p->tmo_ctl, POOL_TMO_STOP, __ATOMIC_RELEASE);
	sys_futex_wake(&p->tmo_ctl, 1);
	pool_leave(p);
}

void
pool_leave(struct pool *p)
{
	__atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&p->stop, 8);
	__atomic_add_fetch(&p->mon_wake, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&p->mon_wake, 1);
	sys_futex_wake(&p->sb->int_used, 1);
	for (unsigned i = 0; p->emus != NULL && i < p->max; i++)
		if (sys_thread_alive(&p->emus[i]))
			sys_tgkill(p->sb->syd_pid, p->emus[i].tid, SIGALRM);
}
