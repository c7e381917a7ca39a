/* worker-safe */
/*
 * A futex reader-writer lock where readers never wait for each other:
 * the word counts readers in its low bits and carries a writer bit. A
 * writer sets the bit (new readers then wait), waits for the count to
 * drain, writes, and clears the bit. Writers are rare (runtime policy
 * changes); readers are every notification.
 */
#include "sys/sys.h"

#define RW_WRITER 0x40000000

void
sys_rdlock(struct sys_rwlock *l)
{
	for (;;) {
		int s = __atomic_load_n(&l->v, __ATOMIC_ACQUIRE);
		if (s & RW_WRITER) {
			sys_futex_wait(&l->v, s, -1);
			continue;
		}
		if (__atomic_compare_exchange_n(&l->v, &s, s + 1, false,
			__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
			return;
	}
}

void
sys_rdunlock(struct sys_rwlock *l)
{
	int s = __atomic_sub_fetch(&l->v, 1, __ATOMIC_RELEASE);

	/* The last reader out lets the writer in. Readers sleep on the same
	 * word: wake them all, or the wake could go to a reader and the
	 * writer would sleep on. */
	if (s == RW_WRITER)
		sys_futex_wake(&l->v, 0x7fffffff);
}

void
sys_wrlock(struct sys_rwlock *l)
{
	sys_lock(&l->w); /* one writer at a time */
	__atomic_fetch_or(&l->v, RW_WRITER, __ATOMIC_ACQ_REL);
	for (;;) {
		int s = __atomic_load_n(&l->v, __ATOMIC_ACQUIRE);
		if (s == RW_WRITER)
			return;
		sys_futex_wait(&l->v, s, -1);
	}
}

void
sys_wrunlock(struct sys_rwlock *l)
{
	__atomic_fetch_and(&l->v, ~RW_WRITER, __ATOMIC_RELEASE);
	sys_futex_wake(&l->v, 0x7fffffff);
	sys_unlock(&l->w);
}
