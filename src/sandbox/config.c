/* worker-safe */
/*
 * A command from /dev/syd or IPC, run on the live policy: queries under
 * the read lock, changes under the write lock once the gate (gate.c)
 * admits them, each logged once. panic ends syd with status 127.
 */
#include <signal.h>
#include <stdio.h>

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "sys/exitcode.h"

int
sandbox_config(struct sandbox *sb, const char *cmd, const char *x, int kind,
    const char *who)
{
	char err[256];
	int8_t syslog_was;
	int r;

	if (kind == SANDBOX_CMD_QUERY) { /* a query changes nothing */
		sys_rdlock(&sb->policy_lock);
		r = policy_cmd_expanded(sb->policy, x, err, sizeof(err));
		sys_rdunlock(&sb->policy_lock);
		return r;
	}
	if (kind < 0) {
		rt_log_msg(RT_NOTICE, who, "cmd", "%s: %s", cmd, kind ==
		    -EOPNOTSUPP ? "only at start-up" : "bad ${VAR} expansion");
		return kind;
	}
	sys_wrlock(&sb->policy_lock);
	syslog_was = sb->policy->log_syslog;
	if ((r = sandbox_cmd_allowed(sb->policy, x)) < 0)
		snprintf(err, sizeof(err), "the lock never loosens");
	else
		r = policy_cmd_expanded(sb->policy, x, err, sizeof(err));
	if (r == 0 && (r = sandbox_log_apply(sb->policy)) < 0) {
		/* A worker opens no sink (logopts.c): refused, not taken. */
		sb->policy->log_syslog = syslog_was;
		snprintf(err, sizeof(err), "not supported by this build: the "
		    "syslog socket or /dev/kmsg is opened at start-up only, "
		    "and none was (log/syslog:1 not set at start, or neither "
		    "could be opened)");
	}
	if (r == 0 && sb->policy->panic) {
		/* panic: end syd (and with it the sandbox), status 127. */
		__atomic_store_n(&sb->exit_code, SYD_EX_PANIC, __ATOMIC_RELEASE);
		__atomic_store_n(&sb->panicked, 1, __ATOMIC_RELEASE);
		sys_tgkill(sb->syd_pid, sb->syd_pid, SIGUSR1);
	}
	sys_wrunlock(&sb->policy_lock);
	if (r < 0 && r != -ENOENT)
		rt_log_msg(RT_NOTICE, who, "cmd", "%s: %s", cmd, err);
	else
		rt_log_msg(RT_INFO, who, "cmd", "%s", cmd);
	return r;
}
