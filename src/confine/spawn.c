/* main thread only */
/*
 * The first sandboxed process. Order matters (DESIGN.md section 8): the
 * filter is the last thing installed, and the child only execs once syd
 * holds the listener and is tracing it, so not a single syscall of
 * COMMAND runs unsupervised.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"
#include "sys/sys.h"

#define SPAWN_TRACE_OPTS                                                \
	(PTRACE_O_TRACEFORK | PTRACE_O_TRACEVFORK | PTRACE_O_TRACECLONE | \
	    PTRACE_O_TRACEEXEC | PTRACE_O_EXITKILL)

/*
 * A root sandbox must not ptrace-access syd: without CAP_SYS_PTRACE it
 * cannot open /proc/SYD/mem or take syd's fds (syd is not dumpable).
 * Unprivileged, there is nothing to drop and the calls fail harmlessly.
 */
static void
spawn_drop_caps(void)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	/* Nothing a sandboxed program needs; each a way around syd or the
	 * kernel's own protections. */
	const int drop[] = { CAP_SYS_PTRACE, CAP_SYS_MODULE, CAP_SYS_RAWIO,
	    CAP_SYS_BOOT, CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG,
	    CAP_BPF, CAP_PERFMON, CAP_AUDIT_CONTROL, CAP_SYS_TIME };

	for (size_t i = 0; i < sizeof(drop) / sizeof(*drop); i++) {
		prctl(PR_CAPBSET_DROP, drop[i], 0, 0, 0);
		prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, drop[i], 0, 0);
	}
	if (sys_call2(SYS_capget, &h, d) < 0)
		return;
	for (size_t i = 0; i < sizeof(drop) / sizeof(*drop); i++) {
		uint32_t bit = 1U << (drop[i] % 32);
		d[drop[i] / 32].effective &= ~bit;
		d[drop[i] / 32].permitted &= ~bit;
		d[drop[i] / 32].inheritable &= ~bit;
	}
	sys_call2(SYS_capset, &h, d);
}

/* rlimit/RES:VALUE: set in the child, inherited by all it runs. */
bool
confine_core_forced(const struct policy *p)
{
	return (policy_on(p, POLICY_CREATE) || policy_on(p, POLICY_WRITE) ||
	    policy_on(p, POLICY_READ)) &&
	    !(p->rlimit_set & (UINT32_C(1) << RLIMIT_CORE)) &&
	    !(p->unsafe & (UINT64_C(1) << POLICY_UNSAFE_PRLIMIT));
}

static int
spawn_rlimits(const struct policy *p)
{
	struct rlimit rl;

	for (int r = 0; r < POLICY_NRLIMIT; r++) {
		if (!(p->rlimit_set & (UINT32_C(1) << r)))
			continue;
		rl.rlim_cur = rl.rlim_max = p->rlimit[r] == POLICY_RLIM_INF ?
		    RLIM_INFINITY : (rlim_t)p->rlimit[r];
		if (setrlimit(r, &rl) < 0)
			return -errno;
	}
	rl.rlim_cur = rl.rlim_max = 0;
	if (confine_core_forced(p) && setrlimit(RLIMIT_CORE, &rl) < 0)
		return -errno;
	return 0;
}

const char *
confine_unsupported(const struct policy *p)
{
	static const struct { enum policy_cat cat; const char *what; } c[] = {
		{ POLICY_LOCK, "sandbox/lock (Landlock)" },
		{ POLICY_PID, "sandbox/pid" },
		{ POLICY_MEM, "sandbox/mem" },
	};

	for (size_t i = 0; i < sizeof(c) / sizeof(*c); i++)
		if (policy_on(p, c[i].cat))
			return c[i].what;
	if (p->unshare != 0)
		return "unshare/*";
	if (p->nbind > 0)
		return "bind+";
	if (p->root != NULL)
		return "root:";
	if (p->hostname != NULL)
		return "name/host:";
	return NULL;
}

/*
 * Loader and libc variables that change what code a program runs are
 * removed from the sandbox's environment unless -e set them explicitly.
 */
static void
spawn_scrub_env(char *const *keep)
{
	static const char *const unsafe[] = { "LD_PRELOAD", "LD_LIBRARY_PATH",
	    "LD_AUDIT", "LD_DEBUG", "LD_DEBUG_OUTPUT", "LD_PROFILE",
	    "LD_PROFILE_OUTPUT", "LD_ORIGIN_PATH", "LD_DYNAMIC_WEAK",
	    "LD_HWCAP_MASK", "LD_SHOW_AUXV", "LD_USE_LOAD_BASE",
	    "GCONV_PATH", "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN",
	    "LOCPATH", "MALLOC_TRACE", "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF",
	    "RES_OPTIONS", "TMPDIR", "TZDIR" };

	for (size_t i = 0; i < sizeof(unsafe) / sizeof(*unsafe); i++) {
		bool kept = false;
		for (char *const *k = keep; k != NULL && *k != NULL; k++)
			kept |= strcmp(*k, unsafe[i]) == 0;
		if (!kept)
			unsetenv(unsafe[i]);
	}
}

/*
 * An inherited READ_IMPLIES_EXEC (setarch -X) would make every PROT_READ
 * file mapping executable where the filter sees no PROT_EXEC; the filter
 * refuses to set it, and the sandbox does not start with it either.
 */
static void
spawn_persona(const struct policy *p)
{
	int persona = personality(0xffffffff);

	if (persona != -1 && (persona & READ_IMPLIES_EXEC) &&
	    !(p->unsafe & (UINT64_C(1) << POLICY_UNSAFE_PERSONALITY)))
		personality((unsigned long)persona & ~READ_IMPLIES_EXEC);
}

static _Noreturn void
spawn_child(struct confine_child *c, int ready, int go, int parent)
{
	uint64_t none = 0;
	const char *file;
	int fd;
	char b;

	sys_sigprocmask(SIG_SETMASK, &none, NULL);
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != parent)
		_exit(111);
	setsid();
	if (spawn_rlimits(c->policy) < 0)
		_exit(111);
	/* syd is not dumpable; its child must be, or an unprivileged syd
	 * could not take the listener (pidfd_getfd) nor read its memory. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	spawn_drop_caps();
	spawn_persona(c->policy);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		fd = -errno;
	else
		fd = sys_seccomp(SECCOMP_SET_MODE_FILTER,
		    SECCOMP_FILTER_FLAG_NEW_LISTENER |
			SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
		    c->prog);
	/* From here every call may be notified: only write, read, exec. */
	if (write(ready, &fd, sizeof(fd)) != sizeof(fd) || fd < 0)
		_exit(111);
	if (read(go, &b, 1) != 1)
		_exit(111);
	spawn_scrub_env(c->keep_env);
	file = c->argv[0];
	if (c->argv0 != NULL)
		((const char **)c->argv)[0] = c->argv0;
	execvp(file, c->argv);
	_exit(errno > 0 && errno < 100 ? errno : 1);
}

static int
spawn_listener(struct confine_child *c, int ready, char *err, size_t errsz)
{
	int fd = -1, pidfd;

	if (read(ready, &fd, sizeof(fd)) != sizeof(fd)) {
		snprintf(err, errsz, "sandbox process died before its filter");
		return -ECHILD;
	}
	if (fd < 0) {
		snprintf(err, errsz, "cannot install the seccomp filter with a "
		    "listener (needs Linux 5.19): %s", strerror(-fd));
		return fd;
	}
	pidfd = sys_pidfd_open(c->pid, 0);
	c->notify_fd = pidfd < 0 ? pidfd : sys_pidfd_getfd(pidfd, fd, 0);
	if (pidfd >= 0)
		close(pidfd);
	if (c->notify_fd < 0) {
		snprintf(err, errsz, "cannot take the seccomp listener "
		    "(pidfd_getfd): %s", strerror(-c->notify_fd));
		return c->notify_fd;
	}
	if (ptrace(PTRACE_SEIZE, c->pid, 0, SPAWN_TRACE_OPTS) < 0) {
		snprintf(err, errsz, "cannot trace the sandbox (ptrace): %s",
		    strerror(errno));
		return -errno;
	}
	return 0;
}

int
confine_spawn(struct confine_child *c, char *err, size_t errsz)
{
	int ready[2], go[2], parent = getpid(), r;

	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -errno;
	}
	c->pid = fork();
	if (c->pid < 0) {
		snprintf(err, errsz, "fork: %s", strerror(errno));
		return -errno;
	}
	if (c->pid == 0) {
		close(ready[0]);
		close(go[1]);
		spawn_child(c, ready[1], go[0], parent);
	}
	close(ready[1]);
	close(go[0]);
	c->go = go[1];
	r = spawn_listener(c, ready[0], err, errsz);
	close(ready[0]);
	if (r < 0) {
		kill(c->pid, SIGKILL);
		waitpid(c->pid, NULL, __WALL);
	}
	return r;
}

int
confine_release(struct confine_child *c)
{
	int r = write(c->go, "g", 1) == 1 ? 0 : -errno;

	close(c->go);
	return r;
}
