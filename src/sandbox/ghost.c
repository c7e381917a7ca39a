/* worker-safe */
/*
 * ghost (syd(2)): a sandboxed process (or an IPC client) asks syd to stop
 * supervising. Only the asking happens here: main sees the flag on
 * SIGUSR1 and lets go (pool_ghost) once the asker got its answer.
 */
#include <errno.h>
#include <signal.h>

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"

int
sandbox_ghost(struct sandbox *sb, const char *who)
{
	int none = 0;
	bool crypt;

	sys_rdlock(&sb->policy_lock);
	crypt = policy_on(sb->policy, POLICY_CRYPT);
	sys_rdunlock(&sb->policy_lock);
	if (crypt) {
		rt_log_msg(RT_NOTICE, who, "ghost", "refused: sandbox/crypt is "
		    "on and its files need syd");
		return -EBUSY;
	}
	if (!__atomic_compare_exchange_n(&sb->ghost, &none, 1, false,
	    __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
		return -EALREADY;
	rt_log_msg(RT_NOTICE, who, "ghost", "syd stops supervising the sandbox");
	sys_tgkill(sb->syd_pid, sb->syd_pid, SIGUSR1);
	return 0;
}
