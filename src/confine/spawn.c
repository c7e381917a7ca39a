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
#include <sys/stat.h>
#include <sys/wait.h>
#include <limits.h>
#include <sched.h>
#include <unistd.h>

#include "confine/confine.h"
#include "policy/policy.h"
#include "sys/exitcode.h"
#include "sys/sys.h"


/*
 * A root sandbox must not ptrace-access syd: without CAP_SYS_PTRACE it
 * cannot open /proc/SYD/mem or take syd's fds (syd is not dumpable).
 * Unprivileged, there is nothing to drop and the calls fail harmlessly.
 */
static void
spawn_drop_caps(bool limits, bool chrooted)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];
	/* Nothing a sandboxed program needs; each a way around syd or the
	 * kernel's own protections. Last, only with rlimit/ or mem/ limits
	 * set: CAP_SYS_RESOURCE, so that not even root can raise them. */
	const int drop[] = { CAP_SYS_PTRACE, CAP_SYS_MODULE, CAP_SYS_RAWIO,
	    CAP_SYS_BOOT, CAP_MAC_ADMIN, CAP_MAC_OVERRIDE, CAP_SYSLOG,
	    CAP_BPF, CAP_PERFMON, CAP_AUDIT_CONTROL, CAP_SYS_TIME,
	    CAP_SYS_RESOURCE };
	const size_t n = sizeof(drop) / sizeof(*drop) - (limits ? 0 : 1);

	for (size_t i = 0; i < n; i++) {
		prctl(PR_CAPBSET_DROP, drop[i], 0, 0, 0);
		prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, drop[i], 0, 0);
	}
	/* root: by chroot (confine_ns_tree): a second chroot is the way
	 * out of the first, so the sandbox may not make one. */
	if (chrooted) {
		prctl(PR_CAPBSET_DROP, CAP_SYS_CHROOT, 0, 0, 0);
		prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, CAP_SYS_CHROOT, 0, 0);
	}
	if (sys_call2(SYS_capget, &h, d) < 0)
		return;
	for (size_t i = 0; i < n; i++) {
		uint32_t bit = 1U << (drop[i] % 32);
		d[drop[i] / 32].effective &= ~bit;
		d[drop[i] / 32].permitted &= ~bit;
		d[drop[i] / 32].inheritable &= ~bit;
	}
	if (chrooted) {
		d[0].effective &= ~(1U << CAP_SYS_CHROOT);
		d[0].permitted &= ~(1U << CAP_SYS_CHROOT);
		d[0].inheritable &= ~(1U << CAP_SYS_CHROOT);
	}
	sys_call2(SYS_capset, &h, d);
}

/* A limit, the lower of two when both are set. */
static int
spawn_setrlimit(int r, uint64_t v)
{
	struct rlimit rl;

	rl.rlim_cur = rl.rlim_max = v == POLICY_RLIM_INF ? RLIM_INFINITY :
	    (rlim_t)v;
	return setrlimit(r, &rl) < 0 ? -errno : 0;
}

static uint64_t
spawn_min(const struct policy *p, int r, uint64_t v)
{
	if ((p->rlimit_set & (UINT32_C(1) << r)) && p->rlimit[r] < v)
		return p->rlimit[r];
	return v;
}

/* Cores are off when read, write or create checking is on, unless the
 * policy sets rlimit/core (a core is a file written outside the rules
 * that holds what the process read). */
bool
confine_core_forced(const struct policy *p)
{
	return (policy_on(p, POLICY_CREATE) || policy_on(p, POLICY_WRITE) ||
	    policy_on(p, POLICY_READ)) &&
	    !(p->rlimit_set & (UINT32_C(1) << RLIMIT_CORE)) &&
	    !(p->unsafe & (UINT64_C(1) << POLICY_UNSAFE_PRLIMIT));
}

/*
 * rlimit/RES:VALUE, and sandbox/mem: mem/max is RLIMIT_DATA (private
 * writable memory and the heap: what a program allocates), mem/vm_max is
 * RLIMIT_AS (its whole address space). Set in the child, inherited by all
 * it runs; the kernel makes brk, mmap and mremap past them fail with
 * ENOMEM. Each process is limited on its own, as in syd 3.x.
 */
static int
spawn_rlimits(const struct policy *p)
{
	bool mem = policy_on(p, POLICY_MEM);
	int e;

	for (int r = 0; r < POLICY_NRLIMIT; r++) {
		if (!(p->rlimit_set & (UINT32_C(1) << r)))
			continue;
		if ((e = spawn_setrlimit(r, p->rlimit[r])) < 0)
			return e;
	}
	if (mem && p->mem_max != 0 && (e = spawn_setrlimit(RLIMIT_DATA,
	    spawn_min(p, RLIMIT_DATA, p->mem_max))) < 0)
		return e;
	if (mem && p->mem_vm_max != 0 && (e = spawn_setrlimit(RLIMIT_AS,
	    spawn_min(p, RLIMIT_AS, p->mem_vm_max))) < 0)
		return e;
	if (confine_core_forced(p) && (e = spawn_setrlimit(RLIMIT_CORE, 0)) < 0)
		return e;
	return 0;
}

const char *
confine_unsupported(const struct policy *p)
{
	/* Everything is enforced; what a small build leaves out is not. */
	if (!SYD_WITH_LANDLOCK && policy_on(p, POLICY_LOCK))
		return "sandbox/lock: this syd was built without Landlock "
		    "support (WITH_LANDLOCK=0)";
	return NULL;
}

/*
 * Loader and libc variables that change what code a program runs are
 * removed from the sandbox's environment unless -e set them explicitly.
 */
static const char *const spawn_unsafe_env[] = { "LD_PRELOAD",
    "LD_LIBRARY_PATH", "LD_AUDIT", "LD_DEBUG", "LD_DEBUG_OUTPUT",
    "LD_PROFILE", "LD_PROFILE_OUTPUT", "LD_ORIGIN_PATH", "LD_DYNAMIC_WEAK",
    "LD_HWCAP_MASK", "LD_SHOW_AUXV", "LD_USE_LOAD_BASE", "GCONV_PATH",
    "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN", "LOCPATH", "MALLOC_TRACE",
    "NIS_PATH", "NLSPATH", "RESOLV_HOST_CONF", "RES_OPTIONS", "TMPDIR",
    "TZDIR" };

const char *
confine_env_unsafe(size_t i)
{
	return i < sizeof(spawn_unsafe_env) / sizeof(*spawn_unsafe_env) ?
	    spawn_unsafe_env[i] : NULL;
}

static void
spawn_scrub_env(char *const *keep)
{
	for (size_t i = 0; i < sizeof(spawn_unsafe_env) /
	    sizeof(*spawn_unsafe_env); i++) {
		bool kept = false;
		for (char *const *k = keep; k != NULL && *k != NULL; k++)
			kept |= strcmp(*k, spawn_unsafe_env[i]) == 0;
		if (!kept)
			unsetenv(spawn_unsafe_env[i]);
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

/* What the child tells syd: its listener, or the step that failed. */
struct spawn_msg {
	int fd;		/* listener in the child, or -errno */
	char what[240];	/* the failed step, for the one-line error */
};

static _Noreturn void
spawn_fail(int ready, int err, const char *what)
{
	struct spawn_msg m = { err, "" };

	snprintf(m.what, sizeof(m.what), "%s", what);
	write(ready, &m, sizeof(m));
	_exit(SYD_EX_TEMP);
}

/*
 * COMMAND's PATH search, made before the filter exists (so its stat calls
 * reach no one) and after any chroot: the candidates in PATH order, one
 * per file. /bin and /usr/bin are often one directory: execvp would try
 * the same denied file twice and the denial would be logged twice.
 */
static char spawn_cand[8192];	/* NUL-separated, "" ends */
static bool spawn_cand_set;

static void
spawn_resolve(const char *file)
{
	struct stat seen[64], st;
	const char *path = getenv("PATH"), *d, *e;
	size_t used = 0, ns = 0, fl = strlen(file), dl;
	char buf[PATH_MAX];

	if (*file == '\0' || strchr(file, '/') != NULL || fl >= NAME_MAX)
		return;
	if (path == NULL)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (d = path;; d = e + 1) {
		e = strchrnul(d, ':');
		dl = (size_t)(e - d);
		if (dl + fl + 2 <= sizeof(buf)) {
			memcpy(buf, d, dl);
			buf[dl] = '/';
			memcpy(buf + dl + (dl > 0), file, fl + 1);
			if (dl == 0)
				memcpy(buf, file, fl + 1);
			bool dup = stat(buf, &st) < 0;
			for (size_t i = 0; !dup && i < ns; i++)
				dup = seen[i].st_dev == st.st_dev &&
				    seen[i].st_ino == st.st_ino;
			if (!dup && ns < 64 &&
			    used + strlen(buf) + 2 <= sizeof(spawn_cand)) {
				seen[ns++] = st;
				memcpy(spawn_cand + used, buf, strlen(buf) + 1);
				used += strlen(buf) + 1;
			}
		}
		if (*e == '\0')
			break;
	}
	spawn_cand[used] = '\0';
	spawn_cand_set = true;
}

/* execvp over the candidates: on to the next after a failure execvp
 * would pass over, EACCES remembered. */
static void
spawn_exec(const char *file, char *const *argv)
{
	bool eacces = false;

	if (!spawn_cand_set) {
		execvp(file, argv);
		return;
	}
	for (const char *s = spawn_cand; *s != '\0'; s += strlen(s) + 1) {
		execv(s, argv);
		if (errno == EACCES)
			eacces = true;
		else if (errno != ENOENT && errno != ENOTDIR &&
		    errno != ELOOP && errno != ENAMETOOLONG && errno != ESTALE)
			return;
	}
	errno = eacces ? EACCES : ENOENT;
}

/* Namespaces, limits, privileges, Landlock, then the filter: in the order
 * of DESIGN.md section 8. */
static int
spawn_confine(struct confine_child *c, char *what, size_t n)
{
	int r;

	/* With the tree made by syd, the rest only (hostname, loopback, a
	 * time namespace) and a chroot into root:. */
	if (c->ns != 0 && (r = confine_ns_child(c->policy, c->tree ?
	    c->ns & ~(unsigned long)CLONE_NEWNS : c->ns, what, n)) < 0)
		return r;
	if (c->tree && c->policy->root != NULL &&
	    (r = confine_ns_chroot(c->policy->root, what, n)) < 0)
		return r;
	if ((r = spawn_rlimits(c->policy)) < 0) {
		snprintf(what, n, "rlimit");
		return r;
	}
	if (!policy_unsafe_on(c->policy, POLICY_UNSAFE_CAPS))
		spawn_drop_caps(c->policy->rlimit_set != 0 ||
	    (policy_on(c->policy, POLICY_MEM) &&
	    (c->policy->mem_max | c->policy->mem_vm_max) != 0),
	    c->tree && c->policy->root != NULL);
	spawn_persona(c->policy);
	confine_mdwe_child(c->policy);
#if defined(__x86_64__)
	/* trace/deny_tsc: rdtsc and rdtscp fault (SIGSEGV) from now on,
	 * through exec and fork; the filter keeps it so. */
	if (c->policy->deny_tsc && prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0,
	    0) < 0) {
		snprintf(what, n, "trace/deny_tsc: PR_SET_TSC");
		return -errno;
	}
#endif
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		snprintf(what, n, "no_new_privs");
		return -errno;
	}
	if (c->landlock_fd > 0 &&
	    (r = confine_landlock_apply(c->landlock_fd)) < 0) {
		snprintf(what, n, "sandbox/lock: landlock_restrict_self");
		return r;
	}
	/* The compiled categories: a layer of their own. */
	if (c->compile_fd > 0 &&
	    (r = confine_landlock_apply(c->compile_fd)) < 0) {
		snprintf(what, n, "trace/compile_landlock: "
		    "landlock_restrict_self");
		return r;
	}
	spawn_resolve(c->argv[0]);
	r = sys_seccomp(SECCOMP_SET_MODE_FILTER,
	    SECCOMP_FILTER_FLAG_NEW_LISTENER |
		SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV,
	    c->prog);
	if (r < 0)
		snprintf(what, n, "cannot install the seccomp filter with a "
		    "listener (needs Linux 5.19)");
	return r;
}

static _Noreturn void
spawn_child(struct confine_child *c, int ready, int go, int parent)
{
	struct spawn_msg m = { 0, "" };
	uint64_t none = 0;
	const char *file;
	char b;

	sys_sigprocmask(SIG_SETMASK, &none, NULL);
	/* In a new pid namespace the parent is outside it: getppid is 0. */
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 ||
	    (!(c->ns & CLONE_NEWPID) && getppid() != parent))
		_exit(SYD_EX_TEMP);
	/* syd is not dumpable; its child must be, or an unprivileged syd
	 * could not write its id maps, take the listener (pidfd_getfd) nor
	 * read its memory. */
	prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
	/* Now syd writes the id maps: without them nothing is allowed. */
	if ((c->ns & CLONE_NEWUSER) &&
	    (write(ready, "u", 1) != 1 || read(go, &b, 1) != 1))
		_exit(SYD_EX_TEMP);
	setsid();
	m.fd = spawn_confine(c, m.what, sizeof(m.what));
	if (m.fd < 0)
		spawn_fail(ready, m.fd, m.what);
	/* From here every call may be notified: only write, read, exec. */
	if (write(ready, &m, sizeof(m)) != sizeof(m))
		_exit(SYD_EX_TEMP);
	if (read(go, &b, 1) != 1)
		_exit(SYD_EX_TEMP);
	/* trace/allow_unsafe_env:1 keeps them all. */
	if (!policy_unsafe_on(c->policy, POLICY_UNSAFE_ENV))
		spawn_scrub_env(c->keep_env);
	file = c->argv[0];
	if (c->argv0 != NULL)
		((const char **)c->argv)[0] = c->argv0;
	spawn_exec(file, c->argv);
	_exit(errno > 0 && errno < 100 ? errno : 1);
}

static int
spawn_listener(struct confine_child *c, int ready, char *err, size_t errsz)
{
	struct spawn_msg m;
	int fd, pidfd;

	if (read(ready, &m, sizeof(m)) != sizeof(m)) {
		snprintf(err, errsz, "sandbox process died before its filter");
		return -ECHILD;
	}
	if ((fd = m.fd) < 0) {
		m.what[sizeof(m.what) - 1] = '\0';
		snprintf(err, errsz, "%s: %s", m.what, strerror(-fd));
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
	/* Only the stops some feature needs (trace_need.c). */
	c->trace_opts = confine_trace_opts(c->policy, c->trace_flags);
	if (ptrace(PTRACE_SEIZE, c->pid, 0, c->trace_opts) < 0) {
		snprintf(err, errsz, "cannot trace the sandbox (ptrace): %s",
		    strerror(errno));
		return -errno;
	}
	return 0;
}

/* The first sandboxed process: a fork, or a clone into its namespaces
 * (a time namespace is not a clone flag: the child unshares it). */
static int
spawn_clone(struct confine_child *c, char *err, size_t errsz)
{
	/* With the tree made by syd the sandbox shares syd's mount
	 * namespace (its /proc is mounted there once it is PID 1). */
	unsigned long fl = c->ns & ~(unsigned long)(CLONE_NEWTIME |
	    (c->tree ? CLONE_NEWNS : 0));
	long pid;

	pid = fl == 0 ? (long)fork() : sys_call5(SYS_clone, SIGCHLD | fl, 0, 0,
	    0, 0);
	if (fl == 0 && pid < 0)
		pid = -errno;
	if (pid >= 0)
		return (int)pid;
	if ((fl & CLONE_NEWUSER) && (pid == -EPERM || pid == -ENOSPC ||
	    pid == -EUSERS || pid == -EACCES))
		snprintf(err, errsz, "unshare/user: cannot create a user "
		    "namespace: %s (disabled or limited on this system: see "
		    "user.max_user_namespaces, kernel.unprivileged_userns_clone"
		    ", AppArmor)", strerror((int)-pid));
	else
		snprintf(err, errsz, "unshare: cannot create the namespaces: %s",
		    strerror((int)-pid));
	return (int)pid;
}

int
confine_spawn(struct confine_child *c, char *err, size_t errsz)
{
	int ready[2], go[2], parent = getpid(), r;
	char b;

	if (pipe2(ready, O_CLOEXEC) < 0 || pipe2(go, O_CLOEXEC) < 0) {
		snprintf(err, errsz, "pipe: %s", strerror(errno));
		return -errno;
	}
	if ((c->pid = spawn_clone(c, err, errsz)) < 0)
		return c->pid;
	if (c->pid == 0) {
		close(ready[0]);
		close(go[1]);
		spawn_child(c, ready[1], go[0], parent);
	}
	close(ready[1]);
	close(go[0]);
	c->go = go[1];
	r = 0;
	if ((c->ns & CLONE_NEWUSER) && (read(ready[0], &b, 1) != 1 ||
	    (r = c->mapper.pid > 0 ? confine_ns_mapped(&c->mapper, c->pid) :
	    confine_ns_maps(c->pid, c->ns_root)) < 0 ||
	    write(c->go, "m", 1) != 1)) {
		r = r < 0 ? r : -EPIPE;
		snprintf(err, errsz, "unshare/user: cannot write the uid/gid "
		    "maps: %s", strerror(-r));
	}
	if (r == 0)
		r = spawn_listener(c, ready[0], err, errsz);
	close(ready[0]);
	/* The sandbox is PID 1 of its pid namespace now: the helper mounts
	 * that namespace's procfs (the sandbox, landlocked, may not). */
	if (r == 0 && c->proc_helper.pid > 0 &&
	    (r = confine_ns_proc_mount(&c->proc_helper, c->pid)) < 0)
		snprintf(err, errsz, "unshare/pid: a private procfs: %s",
		    strerror(-r));
	confine_ns_mapper_end(&c->proc_helper);
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
