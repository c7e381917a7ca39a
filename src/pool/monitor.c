/* worker-safe */
/*
 * The monitor (syd_mon): keeps `core` emulators alive and adds one more
 * whenever every emulator is busy, up to `max`, so a sandbox that blocks
 * emulators (FIFO opens with no writer) cannot starve the others.
 */
#include "config.h"
#include "pool/counts.h"
#include "pool/pool_int.h"
#include "rt/rt.h"

/* Pause between attempts while emulators cannot be started. */
#define MON_RETRY_MS 100

static void mon_reap(struct pool *p);

/* A free slot for a new emulator (the ended ones joined first). */
static int
mon_slot(struct pool *p)
{
	mon_reap(p);
	for (unsigned i = 0; i < p->max; i++)
		if (p->emus[i].map == NULL)
			return (int)i;
	return -EAGAIN;
}

static int
mon_spawn(struct pool *p, bool core)
{
	struct pool_emu_arg a = { .pool = p, .core = core, .taken = 0 };
	int i = mon_slot(p), r;

	if (i < 0)
		return i;
	pool_count_in(&p->counts);
	r = sys_thread_spawn(&p->emus[i], pool_emu_main, &a, SYD_STACK_SIZE);
	if (r < 0) {
		pool_count_out(&p->counts);
		return r;
	}
	/* a lives on this stack: wait until the emulator has read it. */
	while (!__atomic_load_n(&a.taken, __ATOMIC_ACQUIRE))
		sys_futex_wait(&a.taken, 0, 100);
	return 0;
}

static void
mon_reap(struct pool *p)
{
	for (unsigned i = 0; i < p->max; i++) {
		struct sys_thread *t = &p->emus[i];
		if (t->map != NULL && !sys_thread_alive(t))
			sys_thread_join(t, -1);
	}
}

int
pool_mon_main(void *arg)
{
	struct pool *p = arg;
	bool full = false, failing = false;

	sandbox_confine(p->sb, SANDBOX_MONITOR);

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		int seen = __atomic_load_n(&p->mon_wake, __ATOMIC_ACQUIRE);
		uint64_t c = __atomic_load_n(&p->counts, __ATOMIC_ACQUIRE);
		enum pool_grow g = pool_grow(c, p->core, p->max);
		int r = 1; /* 1: nothing started */

		if (g == POOL_ADD_CORE || g == POOL_ADD_EXTRA)
			r = mon_spawn(p, g == POOL_ADD_CORE);
		else if (g == POOL_FULL && !full)
			rt_log_msg(RT_WARN, "pool", "full",
			    "all %u emulators are busy", pool_total(c));
		full = g == POOL_FULL;
		if (r == 0) {
			failing = false;
			continue; /* started one: is another needed? */
		}
		if (r < 0 && !failing)
			rt_log_msg(RT_ERR, "pool", "spawn",
			    "cannot start an emulator: %d (retrying every "
			    "%d ms, logged once)", r, MON_RETRY_MS);
		if (r < 0) {
			/* Out of memory or threads: each busy emulator
			 * wakes us again; retry at a calm pace. */
			failing = true;
			sys_sleep_ms(MON_RETRY_MS);
		}
		mon_reap(p);
		sys_futex_wait(&p->mon_wake, seen, 1000);
	}
	return 0;
}
