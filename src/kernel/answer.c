/* worker-safe */
/*
 * From a handler's result to the seccomp response (answer.h). Pure
 * functions: the unit test drives every kind.
 */
#include <errno.h>
#include <string.h>

#include "kernel/answer.h"

struct kernel_ans
kernel_ans_of(long r, bool cont, bool gone)
{
	if (gone)
		return kernel_ans_gone();
	if (r < 0)
		return kernel_ans_error(r);
	return cont ? kernel_ans_continue() : kernel_ans_value(r);
}

bool
kernel_ans_resp(struct kernel_ans a, uint64_t id,
    struct seccomp_notif_resp *out)
{
	memset(out, 0, sizeof(*out));
	out->id = id;
	switch (a.kind) {
	case KERNEL_VALUE:
		out->val = a.v;
		return true;
	case KERNEL_ERROR:
		/* A zero errno would read as success: fail closed. */
		out->error = a.v > 0 && a.v < 4096 ? (int)-a.v : -EPERM;
		return true;
	case KERNEL_CONTINUE:
		out->flags = SECCOMP_USER_NOTIF_FLAG_CONTINUE;
		return true;
	case KERNEL_FD:
	case KERNEL_GONE:
		break;
	}
	return false;
}
