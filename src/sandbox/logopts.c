/* worker-safe */
/*
 * log/level, log/verbose and log/syslog of a policy, made the log
 * module's state: at start-up (main) and after each command from
 * /dev/syd or IPC (config.c, under the policy writer lock).
 */

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"

/* Set once by main before any thread: where log/syslog sends records. */
static const char *sandbox_syslog_path = "/dev/log";

void
sandbox_log_init(const char *syslog_path)
{
	if (syslog_path != NULL && syslog_path[0] != '\0')
		sandbox_syslog_path = syslog_path;
}

/*
 * Main, before any thread (rt_log_open_syslog): the log/syslog sink is
 * opened when log/syslog:1 is set at start, and also when a command could
 * set it later (lock off or exec, or an IPC socket), so that a run-time
 * log/syslog:1 finds it in every thread's table. Opened for nothing, it
 * costs one descriptor; where it cannot be opened then, a run-time
 * log/syslog:1 is refused (sandbox_log_apply). -errno only when
 * log/syslog:1 is set and neither the socket nor /dev/kmsg opens.
 */
/* Whether a command could turn log/syslog on after the start. */
static bool
sandbox_log_later(const struct policy *p)
{
	return p->lock == POLICY_LOCK_OFF || p->lock == POLICY_LOCK_EXEC ||
	    p->ipc != NULL;
}

int
sandbox_log_open(const struct policy *p)
{
	int r;

	if (p->log_syslog != 1 && !sandbox_log_later(p))
		return 0;
	r = rt_log_open_syslog(sandbox_syslog_path);
	return p->log_syslog == 1 ? r : 0;
}

int
sandbox_log_apply(const struct policy *p)
{
	if (p->log_level >= 0)
		rt_log_set_level(p->log_level);
	if (p->log_verbose >= 0)
		rt_log_set_verbose(p->log_verbose != 0);
	if (p->log_syslog >= 0)
		return rt_log_set_syslog(p->log_syslog != 0);
	return 0;
}
