/* worker-safe */
/* Starting and stopping the pool's threads. */
#include <linux/filter.h>
#include <signal.h>
#include <sys/prctl.h>

#include "config.h"
#include "pool/pool_int.h"
#include "rt/rt.h"

void
pool_confine(struct pool *p, int role)
{
	static const char *const names[] = { "syd_mon", "syd_emu", "syd_int",
	    "syd_tmo", "syd_ipc", "syd_aes" };
	struct sock_fprog *prog = p->filters[role];
	int r;

	/* Named for ps and /proc/PID/task/TID/comm (before the filter). */
	if (role >= 0 && role < (int)(sizeof(names) / sizeof(*names)))
		sys_prctl(PR_SET_NAME, (unsigned long)names[role], 0, 0, 0);
	if (prog == NULL)
		return;
	r = sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (r == 0)
		r = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, prog);
	if (r == 0)
		return;
	rt_log_msg(RT_CRIT, "confine", "thread", "cannot confine a syd "
	    "thread (role %d): %d; ending", role, r);
	sys_kill(p->syd_pid, SIGKILL);
}

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
	__atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&p->stop, 8);
	__atomic_add_fetch(&p->mon_wake, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&p->mon_wake, 1);
	sys_futex_wake(&p->int_used, 1);
	for (unsigned i = 0; p->emus != NULL && i < p->max; i++)
		if (sys_thread_alive(&p->emus[i]))
			sys_tgkill(p->syd_pid, p->emus[i].tid, SIGALRM);
}
