/* worker-safe */
/*
 * ghost (syd(2)): syd stops supervising. Main asks every pool thread to
 * leave and joins the emulators and their monitor, kicking them until
 * they are gone (one may be on its way into RECV when the first kick
 * comes); only then is the notification fd closed, so no emulator can
 * take a call it would no longer answer. With the last reference gone
 * the kernel answers every call the filter notifies ENOSYS, what is
 * pending included; the filter's other rules and Landlock stay.
 *
 * syd's threads do not share an fd table: each holds its own copy of the
 * listener. The interrupter and the IPC worker are joined like the
 * emulators; the timeout thread stays (the timeout still ends the
 * sandbox) and closes its copy itself. Any of them still holding one
 * when the time is up is a failure like an emulator that does not leave.
 */
#include <errno.h>

#include "pool/pool_int.h"
#include "rt/rt.h"

#define GHOST_ROUNDS 600 /* 50 ms each: 30 s */

/* Has the timeout thread let go of its copy (or is it gone)? */
static bool
ghost_tmo_done(struct pool *p)
{
	int ctl = __atomic_load_n(&p->tmo_ctl, __ATOMIC_ACQUIRE);

	if (ctl != POOL_TMO_GHOST || !sys_thread_alive(&p->tmo))
		return true;
	sys_futex_wait(&p->tmo_ctl, ctl, 50);
	return __atomic_load_n(&p->tmo_ctl, __ATOMIC_ACQUIRE) !=
	    POOL_TMO_GHOST || !sys_thread_alive(&p->tmo);
}

int
pool_ghost(struct pool *p)
{
	int run = POOL_TMO_RUN;
	bool left = true;

	__atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
	if (__atomic_compare_exchange_n(&p->tmo_ctl, &run, POOL_TMO_GHOST,
	    false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		sys_futex_wake(&p->tmo_ctl, 1);
	for (int i = 0; i < GHOST_ROUNDS && left; i++) {
		left = false;
		pool_leave(p);
		if (sys_thread_join(&p->mon, 50) < 0) {
			left = true;
			continue;
		}
		for (unsigned j = 0; p->emus != NULL && j < p->max; j++)
			if (sys_thread_join(&p->emus[j], 50) < 0)
				left = true;
		if (sys_thread_join(&p->intr, 50) < 0)
			left = true;
		if (sys_thread_join(&p->ipc, 50) < 0)
			left = true;
		if (!ghost_tmo_done(p))
			left = true;
	}
	if (left)
		return -EBUSY;
	sys_close(p->notify_fd);
	p->notify_fd = -1;
	return 0;
}
