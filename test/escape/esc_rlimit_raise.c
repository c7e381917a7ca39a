/*
 * esc_rlimit_raise
 *
 * Lift the limits syd set for the sandbox (rlimit/..., mem/max,
 * mem/vm_max): raise the hard and soft RLIMIT_NOFILE, RLIMIT_DATA and
 * RLIMIT_AS to unlimited, with setrlimit and with prlimit64 on itself.
 * Root may raise a hard limit with CAP_SYS_RESOURCE.
 *
 * Prints "ESCAPED <variant>=<resource>... (blocked: ...)" and exits 0 if
 * some limit went up, else "BLOCKED <variant>=<errno>..." and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "esc.h"

static void
try_raise(const char *name, int res, int how)
{
	struct rlimit old, inf = { RLIM_INFINITY, RLIM_INFINITY };
	int r;

	if (getrlimit(res, &old) < 0 || old.rlim_max == RLIM_INFINITY) {
		esc_cat(esc_why, sizeof(esc_why), " %s=not-limited", name);
		return;
	}
	if (how == 0)
		r = setrlimit(res, &inf);
	else
		r = (int)syscall(SYS_prlimit64, 0, res, &inf, NULL);
	if (r < 0) {
		esc_cat(esc_why, sizeof(esc_why), " %s-%s=%s",
		    how ? "prlimit" : "setrlimit", name, esc_ename(errno));
		return;
	}
	esc_cat(esc_got, sizeof(esc_got), " %s-%s=%llu->inf",
	    how ? "prlimit" : "setrlimit", name,
	    (unsigned long long)old.rlim_max);
	setrlimit(res, &old); /* put it back for the next variant */
}

int
main(void)
{
	for (int how = 0; how < 2; how++) {
		try_raise("nofile", RLIMIT_NOFILE, how);
		try_raise("data", RLIMIT_DATA, how);
		try_raise("as", RLIMIT_AS, how);
	}
	return esc_report();
}
