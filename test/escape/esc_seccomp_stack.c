/*
 * esc_seccomp_stack SECRET MARKER
 *
 * Stack the sandbox's own seccomp filters on top of syd's and open the
 * denied file SECRET after each: one that returns SECCOMP_RET_ALLOW for
 * every call, then one that returns SECCOMP_RET_LOG. A filter that wins
 * over syd's user notification would let the kernel open the file
 * unchecked (the kernel takes the most restrictive action of all
 * filters, so neither should). Natively both opens read MARKER.
 *
 * Prints "ESCAPED <variant>=SECRET... (blocked: ...)" and exits 0 if
 * some variant read MARKER, else "BLOCKED <variant>=<errno>..." and
 * exits 1 (2: usage/setup).
 */
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sys/prctl.h>

#include "esc.h"

static int
stack(unsigned action)
{
	struct sock_filter f[] = { BPF_STMT(BPF_RET | BPF_K, action) };
	struct sock_fprog prog = { 1, f };

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return -1;
	return (int)syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog);
}

int
main(int argc, char **argv)
{
	if (argc != 3)
		return 2;
	if (stack(SECCOMP_RET_ALLOW) < 0)
		esc_cat(esc_why, sizeof(esc_why), " allow=seccomp:%s",
		    esc_ename(errno));
	else
		esc_open("allow", argv[1], argv[2]);
	if (stack(SECCOMP_RET_LOG) < 0)
		esc_cat(esc_why, sizeof(esc_why), " log=seccomp:%s",
		    esc_ename(errno));
	else
		esc_open("log", argv[1], argv[2]);
	return esc_report();
}
