/*
 * Unit tests for src/kernel/answer.c: a handler's result becomes exactly
 * one kind of answer, and each kind exactly one seccomp response.
 */
#include <atf-c.h>
#include <errno.h>

#include "kernel/answer.h"

ATF_TC_WITHOUT_HEAD(result_kinds);
ATF_TC_BODY(result_kinds, tc)
{
	struct kernel_ans a;

	a = kernel_ans_of(7, false, false);
	ATF_CHECK_EQ(a.kind, KERNEL_VALUE);
	ATF_CHECK_EQ(a.v, 7);
	a = kernel_ans_of(0, true, false);
	ATF_CHECK_EQ(a.kind, KERNEL_CONTINUE);
	a = kernel_ans_of(-EACCES, true, false);
	ATF_CHECK_EQ(a.kind, KERNEL_ERROR);
	ATF_CHECK_EQ(a.v, EACCES);
	a = kernel_ans_of(-ESRCH, false, true);
	ATF_CHECK_EQ(a.kind, KERNEL_GONE);
	/* Either sign of errno means the same error. */
	ATF_CHECK_EQ(kernel_ans_error(ENOENT).v, kernel_ans_error(-ENOENT).v);
}

ATF_TC_WITHOUT_HEAD(responses);
ATF_TC_BODY(responses, tc)
{
	struct seccomp_notif_resp r;

	ATF_REQUIRE(kernel_ans_resp(kernel_ans_value(42), 9, &r));
	ATF_CHECK_EQ(r.id, 9);
	ATF_CHECK_EQ(r.val, 42);
	ATF_CHECK_EQ(r.error, 0);
	ATF_CHECK_EQ(r.flags, 0);
	ATF_REQUIRE(kernel_ans_resp(kernel_ans_error(EPERM), 9, &r));
	ATF_CHECK_EQ(r.error, -EPERM);
	ATF_CHECK_EQ(r.val, 0);
	ATF_REQUIRE(kernel_ans_resp(kernel_ans_continue(), 9, &r));
	ATF_CHECK_EQ(r.flags, SECCOMP_USER_NOTIF_FLAG_CONTINUE);
	ATF_CHECK_EQ(r.error, 0);
	ATF_CHECK_EQ(r.val, 0);
	/* The restart code the interrupter relies on passes unchanged. */
	ATF_REQUIRE(kernel_ans_resp(kernel_ans_error(512), 9, &r));
	ATF_CHECK_EQ(r.error, -512);
	ATF_CHECK(!kernel_ans_resp(kernel_ans_gone(), 9, &r));
	ATF_CHECK(!kernel_ans_resp(kernel_ans_fd(3, 0), 9, &r));
}

/* An error without an errno must never read as success. */
ATF_TC_WITHOUT_HEAD(fail_closed);
ATF_TC_BODY(fail_closed, tc)
{
	struct seccomp_notif_resp r;

	ATF_REQUIRE(kernel_ans_resp(kernel_ans_error(0), 1, &r));
	ATF_CHECK_EQ(r.error, -EPERM);
	ATF_REQUIRE(kernel_ans_resp(kernel_ans_error(100000), 1, &r));
	ATF_CHECK_EQ(r.error, -EPERM);
}

ATF_TP_ADD_TCS(tp)
{
	ATF_TP_ADD_TC(tp, result_kinds);
	ATF_TP_ADD_TC(tp, responses);
	ATF_TP_ADD_TC(tp, fail_closed);
	return atf_no_error();
}
