/* worker-safe */
/*
 * What a command from /dev/syd or IPC may do to the live policy. The
 * command is judged as it will run: ${VAR} is expanded first, so neither
 * a variable holding a lock word nor a `?' inside a glob can pass for
 * something else. Pure functions of the text (and the lock), shared by
 * the magic stat and the IPC worker; the fuzz target drives them too.
 */
#include <errno.h>
#include <string.h>

#include "policy/policy.h"
#include "sandbox/sandbox.h"

static bool
gate_word(const char *cmd, const char *w)
{
	return strncmp(cmd, w, strlen(w)) == 0;
}

bool
sandbox_cmd_stricter(const char *cmd)
{
	static const char *const deny[] = { "deny/", "filter/", "panic/",
	    "stop/", "abort/", "kill/", "exit/" };
	const char *op = strpbrk(cmd, "+-^:");

	if (op == NULL)
		return false;
	if (gate_word(cmd, "sandbox/"))
		return strcmp(op, ":on") == 0 || strcmp(op, ":1") == 0 ||
		    strcmp(op, ":true") == 0;
	if (gate_word(cmd, "allow/"))
		return *op == '-' || *op == '^';
	if (gate_word(cmd, "default/"))
		return *op == ':' && !gate_word(op + 1, "allow") &&
		    !gate_word(op + 1, "warn");
	if (gate_word(cmd, "lock:"))
		return true; /* sandbox_cmd_allowed never lets it loosen */
	for (size_t i = 0; i < sizeof(deny) / sizeof(*deny); i++)
		if (gate_word(cmd, deny[i]))
			return *op == '+';
	return false;
}

/* How strict each lock is: at run time it may only tighten. */
static int
gate_lock_rank(const char *v)
{
	static const char *const order[] = { "off", "exec", "drop", "read",
	    "ipc", "on" };

	for (int i = 0; i < 6; i++)
		if (strcmp(v, order[i]) == 0)
			return i;
	return -1;
}

static int
gate_lock_cur(int lock)
{
	switch (lock) {
	case POLICY_LOCK_OFF: return 0;
	case POLICY_LOCK_EXEC: return 1;
	case POLICY_LOCK_DROP: return 2;
	case POLICY_LOCK_READ: return 3;
	case POLICY_LOCK_IPC: return 4;
	default: return 5;
	}
}

/*
 * Settings this version enforces only from the start (or not at all):
 * accepting them at run time would claim a protection that is not there.
 */
static bool
gate_unsupported(const char *cmd)
{
	static const char *const start[] = { "unshare/", "bind+", "bind-",
	    "bind^", "root:", "name/host:", "name/domain:", "ipc:", "timeout:",
	    "rlimit/",
	    "pid/", "mem/", "crypt", "allow/lock/", "force", "tpe/", "mask",
	    "append", "trace/deny_tsc", "trace/allow_unsafe_memory",
	    "trace/allow_unsafe_exec_memory", "trace/allow_unsafe_proc_mem",
	    "allow/net/link", "trace/allow_unsupp_socket",
	    "trace/deny_dotdot", "trace/force_cloexec",
	    "trace/force_rand_fd", "trace/compile_landlock" };
	static const char *const cats[] = { "lock", "crypt", "pid", "mem",
	    "force", "tpe" };
	/* trace/allow_unsafe_NAME decided by the seccomp filter or at the
	 * sandbox's start (spawn.c): a change later would be taken and do
	 * nothing. */
	static const char *const filter_time[] = { "ptrace:", "io_uring:",
	    "perf:", "bpf:", "ebpf:", "kexec:", "module:", "mount:", "swap:",
	    "reboot:", "userfaultfd:", "open_by_handle:", "nested_seccomp:",
	    "foreign_arch:", "ioctl:", "prlimit:", "personality:",
	    "keyring:", "syslog:", "time:", "namespace:", "env:", "caps:",
	    "debug:", "trace/allow_safe_kcapi", "deprecated:", "page_cache:",
	    "oob:", "nice:", "sync:" };
	const char *colon;

	for (size_t i = 0; i < sizeof(start) / sizeof(*start); i++)
		if (gate_word(cmd, start[i]))
			return true;
	for (size_t i = 0; i < sizeof(filter_time) / sizeof(*filter_time);
	    i++)
		if (gate_word(filter_time[i], "trace/") ?
		    gate_word(cmd, filter_time[i]) :
		    gate_word(cmd, "trace/allow_unsafe_") &&
		    gate_word(cmd + 19, filter_time[i]))
			return true;
	if (!gate_word(cmd, "sandbox/") || (colon = strchr(cmd, ':')) == NULL)
		return false;
	for (size_t i = 0; i < sizeof(cats) / sizeof(*cats); i++) {
		const char *s = cmd + 8;
		size_t n = strlen(cats[i]);
		while (s < colon) {
			const char *end = memchr(s, ',', (size_t)(colon - s));
			if (end == NULL)
				end = colon;
			if ((size_t)(end - s) == n && strncmp(s, cats[i], n) == 0)
				return true;
			s = end + 1;
		}
	}
	return false;
}

int
sandbox_cmd_prepare(const char *cmd, char *x, size_t xsz)
{
	int r = policy_cmd_expand(cmd, x, xsz, NULL, 0);

	if (r < 0)
		return r;
	if (policy_cmd_query(x))
		return SANDBOX_CMD_QUERY;
	return gate_unsupported(x) ? -EOPNOTSUPP : SANDBOX_CMD_CHANGE;
}

int
sandbox_cmd_allowed(const struct policy *p, const char *x)
{
	if (gate_word(x, "lock:") && gate_lock_rank(x + 5) >= 0 &&
	    gate_lock_rank(x + 5) < gate_lock_cur(p->lock))
		return -EPERM; /* the lock never loosens */
	return 0;
}
