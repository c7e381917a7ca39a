/* worker-safe */
/*
 * Futex lock and waits. The lock is the classic three-state one: 0 free,
 * 1 held, 2 held and someone may sleep; unlock only calls into the kernel
 * when the state says a waiter may exist.
 */
#include <linux/futex.h>
#include <time.h>

#include "sys/sys.h"

/* FUTEX_WAIT with a relative timeout in ms (< 0: none). */
static int
futex_wait(volatile int *addr, int op, int val, long timeout_ms)
{
	struct timespec ts, *tp = NULL;

	if (timeout_ms >= 0) {
		ts.tv_sec = timeout_ms / 1000;
		ts.tv_nsec = (timeout_ms % 1000) * 1000000;
		tp = &ts;
	}
	return (int)sys_call4(SYS_futex, addr, op, val, tp);
}

int
sys_futex_wait(int *addr, int val, long timeout_ms)
{
	return futex_wait(addr, FUTEX_WAIT_PRIVATE, val, timeout_ms);
}

/* The kernel's CLONE_CHILD_CLEARTID wake is a shared-futex wake: a
 * private wait on the tid word would never see it. */
int
sys_futex_wait_shared(volatile int *addr, int val, long timeout_ms)
{
	return futex_wait(addr, FUTEX_WAIT, val, timeout_ms);
}

int
sys_futex_wake(int *addr, int n)
{
	return (int)sys_call3(SYS_futex, addr, FUTEX_WAKE_PRIVATE, n);
}

void
sys_lock(struct sys_lock *l)
{
	int c = 0;

	if (__atomic_compare_exchange_n(&l->v, &c, 1, false, __ATOMIC_ACQUIRE,
		__ATOMIC_RELAXED))
		return;
	/* Spin briefly: critical sections here are a few dozen instructions. */
	for (int i = 0; i < 100; i++) {
		c = 0;
		if (__atomic_compare_exchange_n(&l->v, &c, 1, false,
			__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
		sys_cpu_relax();
	}
	if (c != 2)
		c = __atomic_exchange_n(&l->v, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		sys_futex_wait(&l->v, 2, -1);
		c = __atomic_exchange_n(&l->v, 2, __ATOMIC_ACQUIRE);
	}
}

void
sys_unlock(struct sys_lock *l)
{
	if (__atomic_exchange_n(&l->v, 0, __ATOMIC_RELEASE) == 2)
		sys_futex_wake(&l->v, 1);
}
