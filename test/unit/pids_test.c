/*
 * Unit tests for src/sandbox/pids.c: the sandbox/pid task count under the
 * orders in which main may see a child's events (waitpid's order is not
 * birth order).
 */
#include <atf-c.h>
#include <string.h>

#include "sandbox/sandbox.h"

static struct sandbox sbx;

static struct sandbox *
fresh(uint64_t max, int first)
{
	memset(&sbx, 0, sizeof(sbx));
	ATF_REQUIRE_EQ(sandbox_pid_init(&sbx, max, first), 0);
	return &sbx;
}

/* The usual order: parent's fork event, child's first stop, its exit. */
ATF_TC_WITHOUT_HEAD(birth_then_death);
ATF_TC_BODY(birth_then_death, tc)
{
	struct sandbox *p = fresh(64, 100);

	ATF_REQUIRE(sandbox_pid_reserve(p, 100));
	sandbox_pid_event(p, SANDBOX_PID_FORKED, 100, 101);
	sandbox_pid_event(p, SANDBOX_PID_SEEN, 101, 0);
	ATF_CHECK_EQ(p->pid_live, 2);
	sandbox_pid_event(p, SANDBOX_PID_EXITED, 101, 0);
	ATF_CHECK_EQ(p->pid_live, 1);
	ATF_CHECK_EQ(p->pid_npending, 0);
}

/* The child stops, runs and ends before its parent's fork event is
 * handled: the late event must not count it again (the count drifted up
 * by one each time: pid_mem_test:pid_churn). */
ATF_TC_WITHOUT_HEAD(death_before_fork_event);
ATF_TC_BODY(death_before_fork_event, tc)
{
	struct sandbox *p = fresh(64, 100);

	for (int c = 1000; c < 4000; c++) {
		ATF_REQUIRE(sandbox_pid_reserve(p, 100));
		sandbox_pid_event(p, SANDBOX_PID_SEEN, c, 0);
		sandbox_pid_event(p, SANDBOX_PID_EXITED, c, 0);
		sandbox_pid_event(p, SANDBOX_PID_FORKED, 100, c);
	}
	ATF_CHECK_EQ(p->pid_live, 1);
	ATF_CHECK_EQ(p->pid_npending, 0);
	/* And 63 more fit under 64, no more. */
	for (int c = 5000; c < 5063; c++) {
		ATF_REQUIRE(sandbox_pid_reserve(p, 100));
		sandbox_pid_event(p, SANDBOX_PID_FORKED, 100, c);
	}
	ATF_CHECK(!sandbox_pid_reserve(p, 100));
}

/* The first process never has a fork event: its exit leaves nothing. */
ATF_TC_WITHOUT_HEAD(first_exits);
ATF_TC_BODY(first_exits, tc)
{
	struct sandbox *p = fresh(64, 100);

	sandbox_pid_event(p, SANDBOX_PID_EXITED, 100, 0);
	ATF_CHECK_EQ(p->pid_live, 0);
	ATF_REQUIRE(sandbox_pid_reserve(p, 200));
	sandbox_pid_event(p, SANDBOX_PID_FORKED, 200, 100); /* a reused tid */
	ATF_CHECK_EQ(p->pid_live, 1);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, birth_then_death);
	ATF_TP_ADD_TC(tp, death_before_fork_event);
	ATF_TP_ADD_TC(tp, first_exits);
	return atf_no_error();
}
