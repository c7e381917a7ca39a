/* worker-safe */
/*
 * syd's thread roles and the filter each runs under (DESIGN.md section
 * 8). The filters are built on the main thread before boot (confine/);
 * a thread installs its role's with the raw seccomp call.
 */
#include <linux/filter.h>
#include <signal.h>
#include <sys/prctl.h>

#include "rt/rt.h"
#include "sandbox/sandbox.h"

const char *
sandbox_role_name(enum sandbox_role role)
{
	static const char *const names[SANDBOX_NROLES] = { "syd_mon",
	    "syd_emu", "syd_int", "syd_tmo", "syd_ipc", "syd_aes" };

	return role < SANDBOX_NROLES ? names[role] : "syd_?";
}

void
sandbox_confine(struct sandbox *sb, enum sandbox_role role)
{
	struct sock_fprog *prog = sb->filters[role];
	int r;

	/* Named for ps and /proc/PID/task/TID/comm (before the filter). */
	sys_prctl(PR_SET_NAME, (unsigned long)sandbox_role_name(role), 0, 0, 0);
	if (prog == NULL)
		return;
	r = sys_prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	if (r == 0)
		r = sys_seccomp(SECCOMP_SET_MODE_FILTER, 0, prog);
	if (r == 0)
		return;
	rt_log_msg(RT_CRIT, "confine", "thread", "cannot confine a syd "
	    "thread (%s): %d; ending", sandbox_role_name(role), r);
	sys_kill(sb->syd_pid, SIGKILL);
}
