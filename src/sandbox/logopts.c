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

int
sandbox_log_apply(const struct policy *p)
{
	if (p->log_level >= 0)
		rt_log_set_level(p->log_level);
	if (p->log_verbose >= 0)
		rt_log_set_verbose(p->log_verbose != 0);
	if (p->log_syslog >= 0)
		return rt_log_set_syslog(p->log_syslog != 0,
		    sandbox_syslog_path);
	return 0;
}
