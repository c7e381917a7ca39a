/* worker-safe */
/*
 * ghost (syd(2)): syd stops supervising. Main asks every pool thread to
 * leave and joins the emulators and their monitor, kicking them until
 * they are gone (one may be on its way into RECV when the first kick
 * comes); only then is the notification fd closed, so no emulator can
 * take a call it would no longer answer. With the last reference gone
 * the kernel answers every call the filter notifies ENOSYS, what is
 * pending included; the filter's other rules and Landlock stay.
 */
#include <errno.h>

#include "pool/pool_int.h"
#include "rt/rt.h"

#define GHOST_ROUNDS 600 /* 50 ms each: 30 s */

int
pool_ghost(struct pool *p)
{
	bool left = true;

	__atomic_store_n(&p->stop, 1, __ATOMIC_RELEASE);
	for (int i = 0; i < GHOST_ROUNDS && left; i++) {
		left = false;
		pool_stop(p);
		if (sys_thread_join(&p->mon, 50) < 0) {
			left = true;
			continue;
		}
		for (unsigned j = 0; p->emus != NULL && j < p->max; j++)
			if (sys_thread_join(&p->emus[j], 50) < 0)
				left = true;
	}
	if (left)
		return -EBUSY;
	/* The others never wait on the notification fd; let them go. */
	(void)sys_thread_join(&p->intr, 2000);
	(void)sys_thread_join(&p->tmo, 2000);
	(void)sys_thread_join(&p->ipc, 2000);
	sys_close(p->notify_fd);
	p->notify_fd = -1;
	return 0;
}
