/*
 * Unit tests for src/pool/counts.h: the packed (total, busy) word and
 * what the monitor makes of it, one transition at a time and under two
 * threads racing.
 */
#include <atf-c.h>
#include <pthread.h>

#include "pool/counts.h"

ATF_TC_WITHOUT_HEAD(busy_wakes_at_last_idle);
ATF_TC_BODY(busy_wakes_at_last_idle, tc)
{
	uint64_t w = 0;

	pool_count_in(&w);
	pool_count_in(&w);
	ATF_CHECK_EQ(pool_total(w), 2);
	ATF_CHECK(!pool_count_busy(&w)); /* one still idle */
	ATF_CHECK(pool_count_busy(&w));	 /* the last one: wake */
	ATF_CHECK_EQ(pool_busy(w), 2);
	pool_count_idle(&w);
	ATF_CHECK_EQ(pool_busy(w), 1);
	ATF_CHECK_EQ(pool_total(w), 2);
}

ATF_TC_WITHOUT_HEAD(grow_decisions);
ATF_TC_BODY(grow_decisions, tc)
{
	const uint64_t one = POOL_TOTAL_ONE;

	ATF_CHECK_EQ(pool_grow(0, 2, 4), POOL_ADD_CORE);
	ATF_CHECK_EQ(pool_grow(1 * one, 2, 4), POOL_ADD_CORE);
	ATF_CHECK_EQ(pool_grow(2 * one + 1, 2, 4), POOL_KEEP);
	ATF_CHECK_EQ(pool_grow(2 * one + 2, 2, 4), POOL_ADD_EXTRA);
	ATF_CHECK_EQ(pool_grow(4 * one + 3, 2, 4), POOL_KEEP);
	ATF_CHECK_EQ(pool_grow(4 * one + 4, 2, 4), POOL_FULL);
	/* More busy than total cannot last, but must not read as room. */
	ATF_CHECK_EQ(pool_grow(4 * one + 5, 2, 4), POOL_FULL);
}

ATF_TC_WITHOUT_HEAD(leave_keeps_core);
ATF_TC_BODY(leave_keeps_core, tc)
{
	uint64_t w = 0;

	for (int i = 0; i < 3; i++)
		pool_count_in(&w);
	ATF_CHECK(pool_count_leave(&w, 2));
	ATF_CHECK_EQ(pool_total(w), 2);
	ATF_CHECK(!pool_count_leave(&w, 2));
	ATF_CHECK_EQ(pool_total(w), 2);
	/* Busy counts are untouched by leaving. */
	pool_count_in(&w);
	(void)pool_count_busy(&w);
	ATF_CHECK(pool_count_leave(&w, 2));
	ATF_CHECK_EQ(pool_busy(w), 1);
}

static uint64_t race_w;

static void *
race_leave(void *arg)
{
	long left = 0;

	(void)arg;
	for (int i = 0; i < 100000; i++)
		left += pool_count_leave(&race_w, 4);
	return (void *)left;
}

/* Two extras racing to leave never take the pool below core. */
ATF_TC_WITHOUT_HEAD(leave_race);
ATF_TC_BODY(leave_race, tc)
{
	pthread_t a, b;
	void *ra, *rb;

	race_w = 0;
	for (int i = 0; i < 64; i++)
		pool_count_in(&race_w);
	pthread_create(&a, NULL, race_leave, NULL);
	pthread_create(&b, NULL, race_leave, NULL);
	pthread_join(a, &ra);
	pthread_join(b, &rb);
	ATF_CHECK_EQ(pool_total(race_w), 4);
	ATF_CHECK_EQ((long)ra + (long)rb, 60);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, busy_wakes_at_last_idle);
	ATF_TP_ADD_TC(tp, grow_decisions);
	ATF_TP_ADD_TC(tp, leave_keeps_core);
	ATF_TP_ADD_TC(tp, leave_race);
	return atf_no_error();
}
