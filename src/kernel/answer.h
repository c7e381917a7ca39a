/*
 * The answer of one emulated call: a value, an errno, "let the kernel do
 * it" (CONTINUE), an fd of syd's to install in the target (FD), or
 * nothing at all (GONE: the target died, nobody waits). A handler
 * returns one; the pool turns it into the seccomp response in one place
 * (kernel_ans_resp). No sentinel rides in the errno channel.
 */
/* worker-safe */
#ifndef SYD_KERNEL_ANSWER_H
#define SYD_KERNEL_ANSWER_H

#include <linux/seccomp.h>
#include <stdbool.h>
#include <stdint.h>

enum kernel_kind {
	KERNEL_VALUE,
	KERNEL_ERROR,
	KERNEL_CONTINUE,
	KERNEL_FD,
	KERNEL_GONE,
};

struct kernel_ans {
	enum kernel_kind kind;
	unsigned fd_flags;	/* FD: O_CLOEXEC for the target's copy */
	long v;			/* VALUE: the value; ERROR: its number (> 0);
				 * FD: syd's fd, which the pool closes */
	int newfd;		/* FD: > 0: this number in the target
				 * (trace/force_rand_fd); else the lowest */
	/* FD: the fd's access mode when the handler knows it (KERNEL_FD_RO,
	 * KERNEL_FD_WR: also a read-only one whose last close the target
	 * may notice); 0: unknown, the pool asks the fd (F_GETFL). */
	unsigned char acc;
};

enum { KERNEL_FD_RO = 1, KERNEL_FD_WR = 2 };

static inline struct kernel_ans
kernel_ans_value(long v)
{
	return (struct kernel_ans){ KERNEL_VALUE, 0, v, 0, 0 };
}

/* err: an errno, either sign. */
static inline struct kernel_ans
kernel_ans_error(long err)
{
	return (struct kernel_ans){ KERNEL_ERROR, 0, err < 0 ? -err : err,
	    0, 0 };
}

static inline struct kernel_ans
kernel_ans_continue(void)
{
	return (struct kernel_ans){ KERNEL_CONTINUE, 0, 0, 0, 0 };
}

static inline struct kernel_ans
kernel_ans_fd(int fd, unsigned flags)
{
	return (struct kernel_ans){ KERNEL_FD, flags, fd, 0, 0 };
}

static inline struct kernel_ans
kernel_ans_gone(void)
{
	return (struct kernel_ans){ KERNEL_GONE, 0, 0, 0, 0 };
}

/*
 * What a call's result r means (r >= 0: done with value r, or to be
 * continued when cont; r < 0: -errno). gone: the target is gone (the
 * caller found r == -ESRCH and the notification dead): no answer.
 */
struct kernel_ans kernel_ans_of(long r, bool cont, bool gone);

/*
 * The seccomp response for a (not FD, not GONE) answer to notification
 * id, into out; false when there is none to send (GONE) or the answer is
 * an FD (installed with ADDFD, which answers too).
 */
bool kernel_ans_resp(struct kernel_ans a, uint64_t id,
    struct seccomp_notif_resp *out);

#endif
