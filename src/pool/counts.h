/*
 * The pool's emulator counts (DESIGN.md section 3): one 64-bit word packs
 * (total << 32) | busy, so that "every emulator is busy" is one atomic
 * observation. Emulators count themselves busy and idle, the monitor
 * counts them in, and an extra emulator counts itself out only while the
 * pool stays above core. Pure functions of the word: the unit test
 * drives every transition.
 */
/* worker-safe */
#ifndef SYD_POOL_COUNTS_H
#define SYD_POOL_COUNTS_H

#include <stdbool.h>
#include <stdint.h>

#define POOL_TOTAL_ONE (1ULL << 32)

static inline unsigned
pool_total(uint64_t c)
{
	return (unsigned)(c >> 32);
}

static inline unsigned
pool_busy(uint64_t c)
{
	return (unsigned)(c & 0xffffffffULL);
}

/* An emulator took a notification: true when it was the last idle one
 * (the monitor must look). */
static inline bool
pool_count_busy(uint64_t *w)
{
	uint64_t c = __atomic_add_fetch(w, 1, __ATOMIC_ACQ_REL);

	return pool_busy(c) >= pool_total(c);
}

/* It answered (counted idle before the answer is sent). */
static inline void
pool_count_idle(uint64_t *w)
{
	__atomic_sub_fetch(w, 1, __ATOMIC_ACQ_REL);
}

/* The monitor adds one (before it starts), or takes it back (the start
 * failed); an emulator that ends counts itself out. */
static inline void
pool_count_in(uint64_t *w)
{
	__atomic_add_fetch(w, POOL_TOTAL_ONE, __ATOMIC_ACQ_REL);
}

static inline void
pool_count_out(uint64_t *w)
{
	__atomic_sub_fetch(w, POOL_TOTAL_ONE, __ATOMIC_ACQ_REL);
}

/* An extra emulator idle past its keep-alive: true if it may leave (and
 * is counted out); never below core. */
static inline bool
pool_count_leave(uint64_t *w, unsigned core)
{
	uint64_t c = __atomic_load_n(w, __ATOMIC_ACQUIRE);

	while (pool_total(c) > core) {
		if (__atomic_compare_exchange_n(w, &c, c - POOL_TOTAL_ONE, false,
			__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}

/* What the monitor should do for the word c. */
enum pool_grow { POOL_KEEP, POOL_ADD_CORE, POOL_ADD_EXTRA, POOL_FULL };

static inline enum pool_grow
pool_grow(uint64_t c, unsigned core, unsigned max)
{
	unsigned total = pool_total(c), busy = pool_busy(c);

	if (total < core)
		return POOL_ADD_CORE;
	if (busy < total)
		return POOL_KEEP;
	return total < max ? POOL_ADD_EXTRA : POOL_FULL;
}

#endif
