/*
 * esc_nested_listener
 *
 * A seccomp filter installed inside the sandbox with
 * SECCOMP_FILTER_FLAG_NEW_LISTENER gives the sandbox a notify fd of its
 * own. syd's answers come first for its own calls, but a listener lets
 * the sandbox supervise (and fake the results of) calls of its children,
 * and it is the same mechanism syd depends on. Always denied. Variants:
 *   plain        seccomp(SET_MODE_FILTER, NEW_LISTENER, prog)
 *   op-hibits    op with bit 32 set: the kernel takes op as a 32-bit
 *                int, a filter comparing all 64 bits sees another value
 *   flags-hibits flags with bit 32 set, likewise
 *   with-log     NEW_LISTENER | SECCOMP_FILTER_FLAG_LOG
 * Under syd, EBUSY for a variant means the call got past syd's filter and
 * only the kernel's one-listener-per-filter-tree rule stopped it.
 *
 * Prints "ESCAPED listener: <variant>=fdN... (blocked: ...)" and exits 0
 * if some variant got a listener (all are tried), else
 * "BLOCKED <variant>=<error>..." and exits 1.
 */
#include <errno.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SECCOMP_FILTER_FLAG_NEW_LISTENER
#define SECCOMP_FILTER_FLAG_NEW_LISTENER (1UL << 3)
#endif

int
main(void)
{
	struct sock_filter insn = BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
	struct sock_fprog prog = { 1, &insn };
	const struct {
		const char *name;
		unsigned long op, flags;
	} v[] = {
		{ "plain", SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER },
		{ "op-hibits", (1UL << 32) | SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER },
		{ "flags-hibits", SECCOMP_SET_MODE_FILTER,
		    (1UL << 32) | SECCOMP_FILTER_FLAG_NEW_LISTENER },
		{ "with-log", SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER | SECCOMP_FILTER_FLAG_LOG },
	};
	char why[512] = "", esc[512] = "";
	long fd;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		printf("ERROR no_new_privs: %s\n", strerror(errno));
		return 2;
	}
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		fd = syscall(SYS_seccomp, v[i].op, v[i].flags, &prog);
		if (fd >= 0)
			snprintf(esc + strlen(esc), sizeof(esc) - strlen(esc),
			    " %s=fd%ld", v[i].name, fd);
		else
			snprintf(why + strlen(why), sizeof(why) - strlen(why),
			    " %s=%s", v[i].name, strerror(errno));
	}
	if (esc[0] != '\0') {
		printf("ESCAPED listener:%s (blocked:%s)\n", esc, why);
		return 0;
	}
	printf("BLOCKED%s\n", why);
	return 1;
}
