/* worker-safe */
/*
 * cmd/exec: an emulator (or the IPC worker) asks the exec helper, a
 * process syd forked before it confined itself (confine_exec_helper), to
 * run a program outside the sandbox. One request at a time over a
 * SOCK_SEQPACKET pair: [seq][PROG\037ARG...], answered [seq][0|-errno]
 * once the program was executed (or could not be). The receive timeout
 * main set on the socket bounds the wait; a late answer is skipped by
 * its sequence number.
 */
#include <errno.h>
#include <stdint.h>
#include <string.h>

#include "policy/policy.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"

int sandbox_cmdexec_fd = -1;
static struct sys_lock cmdexec_lock;
static uint32_t cmdexec_seq;

int
sandbox_cmdexec(const char *arg, const char *who)
{
	char req[4 + POLICY_CMD_MAX];
	int32_t ans[2];
	size_t n = strlen(arg);
	uint32_t seq;
	long r;

	if (sandbox_cmdexec_fd < 0)
		return -EOPNOTSUPP;
	if (n == 0 || arg[0] == '\037')
		return -EINVAL; /* no program */
	if (n > sizeof(req) - 4)
		return -E2BIG;
	sys_lock(&cmdexec_lock);
	seq = ++cmdexec_seq;
	memcpy(req, &seq, 4);
	memcpy(req + 4, arg, n);
	r = sys_write(sandbox_cmdexec_fd, req, n + 4);
	if (r == (long)(n + 4)) {
		do
			r = sys_read(sandbox_cmdexec_fd, ans, sizeof(ans));
		while (r == sizeof(ans) && (uint32_t)ans[0] != seq);
		if (r == sizeof(ans))
			r = ans[1];
		else if (r >= 0)
			r = -EIO;
		else if (r == -EAGAIN)
			r = -ETIMEDOUT;
	} else if (r >= 0) {
		r = -EIO;
	}
	sys_unlock(&cmdexec_lock);
	rt_log_msg(r == 0 ? RT_INFO : RT_NOTICE, who, "cmd/exec", "%.*s: %s",
	    (int)strcspn(arg, "\037"), arg, r == 0 ? "executed" :
	    "failed");
	return (int)r;
}
