/* main thread only */
/*
 * syd_run: the policy is complete; set up the sandbox (DESIGN.md
 * sections 3 and 8): its filter, the IPC socket, a private procfs if
 * needed, namespaces and Landlock, the first process (held until the
 * pool serves), the sandbox's state and the pool; then wait and give
 * back the command's status (SPEC.md section 1).
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "confine/confine.h"
#include "crypto/crypto.h"
#include "kernel/kernel.h"
#include "pool/pool.h"
#include "rt/rt.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"
#include "syd.h"

static long
env_num(const char *name, long def, long min)
{
	const char *s = getenv(name);
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return def;
	v = strtol(s, &end, 10);
	if (*end != '\0' || v < min)
		syd_die(SYD_EX_USAGE, "%s='%s': not a number >= %ld", name, s, min);
	return v;
}

/* Each syd thread's own filter, unless SYD_SKIP_SCMP (debugging). */
static void
thread_filters(struct sandbox *sb)
{
	static struct sock_fprog progs[SANDBOX_NROLES];

	if (getenv("SYD_SKIP_SCMP") != NULL) {
		rt_log_msg(RT_ALERT, "confine", "skip", "SYD_SKIP_SCMP is set: "
		    "syd's own threads run WITHOUT their seccomp filters");
		return;
	}
	for (int r = 0; r < SANDBOX_NROLES; r++) {
		if (confine_thread_filter(r, &progs[r]) < 0)
			syd_die(SYD_EX_TEMP, "cannot build the %s filter", sandbox_role_name(r));
		sb->filters[r] = &progs[r];
	}
}

/*
 * sandbox/crypt:on needs a key: crypt/key:HEX64 (maybe from ${VAR}, which
 * the sandbox must not see) or crypt/key/fd:N (32 raw bytes, read here and
 * closed before the sandbox is forked, so it cannot inherit it).
 */
static void
crypt_keys_load(struct policy *p)
{
	size_t got = 0;
	ssize_t n;

	if (p->crypt_key_env != NULL)
		unsetenv(p->crypt_key_env);
	if (!policy_on(p, POLICY_CRYPT))
		return;
	if (!SYD_WITH_CRYPT)
		syd_die(SYD_EX_USAGE, "sandbox/crypt: this syd was built without crypt "
		    "support (WITH_CRYPT=0)");
	if (p->crypt_tmp != NULL) {
		struct stat st;
		if (stat(p->crypt_tmp, &st) < 0 || !S_ISDIR(st.st_mode))
			syd_die(SYD_EX_USAGE, "crypt/tmp:%s: not a directory",
			    p->crypt_tmp);
	}
	if (p->crypt_key_fd >= 0) {
		while (got < sizeof(p->crypt_key) && (n = read(p->crypt_key_fd,
		    p->crypt_key + got, sizeof(p->crypt_key) - got)) != 0) {
			if (n < 0 && errno == EINTR)
				continue;
			if (n < 0)
				syd_die(SYD_EX_USAGE, "crypt/key/fd:%d: %s",
				    p->crypt_key_fd, strerror(errno));
			got += (size_t)n;
		}
		close(p->crypt_key_fd);
		if (got != sizeof(p->crypt_key))
			syd_die(SYD_EX_USAGE, "crypt/key/fd:%d: expected 32 bytes of key, "
			    "got %zu", p->crypt_key_fd, got);
		p->crypt_key_set = true;
	}
	if (!p->crypt_key_set)
		syd_die(SYD_EX_USAGE, "sandbox/crypt:on needs a key: crypt/key:HEX64 or "
		    "crypt/key/fd:N");
	if (p->crypt.n == 0)
		rt_log_msg(RT_WARN, "crypt", "config", "sandbox/crypt is on but "
		    "no crypt+GLOB names a file to encrypt");
}

static void
alarm_handler(int sig)
{
	(void)sig; /* the interrupter's kick: only interrupts a syscall */
}

/* A number from /proc/sys (NAME below it), or dflt when it cannot be
 * read. */
static long
sysctl_num(const char *name, long dflt)
{
	char path[64], buf[32];
	long n = dflt;
	int fd;

	snprintf(path, sizeof(path), "/proc/sys/%s", name);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		ssize_t k = read(fd, buf, sizeof(buf) - 1);
		if (k > 0) {
			buf[k] = '\0';
			n = strtol(buf, NULL, 10);
		}
		close(fd);
	}
	return n;
}

/* /proc/sys/kernel/overflow{uid,gid}: the id an unmapped one reads as
 * in a user namespace (65534 unless changed). */
static uint32_t
overflow_id(const char *which)
{
	char name[32];
	long n;

	snprintf(name, sizeof(name), "kernel/overflow%s", which);
	n = sysctl_num(name, 65534);
	return n >= 0 && n <= 65535 ? (uint32_t)n : 65534;
}

/* The sandbox's state, before the first thread: what the kernel floor
 * reads for every call. */
static void
sandbox_setup(struct sandbox *sb, struct policy *pol,
    const struct confine_child *c, bool private_proc)
{
	long n;
	char p[64];

	sb->policy = pol;
	sb->child = c->pid;
	sb->syd_pid = getpid();
	sb->root = geteuid() == 0;
	sb->userns_moved = (pol->ns_allowed & CLONE_NEWUSER) != 0;
	if ((c->ns & CLONE_NEWUSER) && !sb->root) {
		sb->idmap = true;
		sb->idmap_uid = (uint32_t)geteuid();
		sb->idmap_gid = (uint32_t)getegid();
		sb->overflow_uid = overflow_id("uid");
		sb->overflow_gid = overflow_id("gid");
	}
	/* syd follows symbolic links itself: the kernel's trailing-link
	 * check (may_follow_link) is syd's to make. Unreadable: made. */
	path_protected_symlinks = sysctl_num("fs/protected_symlinks", 1) != 0;
	sb->exec_stopped = (c->trace_opts & PTRACE_O_TRACEEXEC) != 0;
	sb->segv_tracked = confine_segv_tracked(pol);
	sandbox_ptrace_mode = confine_trace_name(c->trace_opts);
	rt_log_msg(RT_DEBUG, "boot", "ptrace", "the sandbox is traced with "
	    "stops at: %s", sandbox_ptrace_mode);
	if ((sb->rootfd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
		syd_die(SYD_EX_TEMP, "cannot open /: %s", strerror(errno));
	/* Look up each target's own root: syd's /proc is private, or the
	 * sandbox has a mount tree of its own. */
	sb->chrooted = private_proc || (c->ns & CLONE_NEWNS) != 0;
	sb->child_init = (c->ns & CLONE_NEWPID) != 0;
	/* root: entered by chroot: syd names the sandbox's objects from its
	 * own root (DIR/...), rules name them as the sandbox sees them. */
	if (c->tree && pol->root != NULL) {
		snprintf(p, sizeof(p), "/proc/%d/root", c->pid);
		n = sys_readlinkat(AT_FDCWD, p, sb->tree_root,
		    sizeof(sb->tree_root) - 1);
		if (n <= 0)
			syd_die(SYD_EX_TEMP, "root:%s: cannot read the sandbox's "
			    "root: %s", pol->root, strerror(n < 0 ? (int)-n : EIO));
		sb->tree_root[n] = '\0';
		sb->tree_rootlen = (size_t)n;
	}
	if (policy_on(pol, POLICY_PID) &&
	    sandbox_pid_init(sb, pol->pid_max, c->pid) < 0)
		syd_die(SYD_EX_TEMP, "sandbox/pid: %s", strerror(ENOMEM));
	thread_filters(sb);
}

/* The threads that will serve it (config.def.h, SYD_NPROC*). */
static void
pool_setup(struct pool *p, struct sandbox *sb, const struct policy *pol,
    int notify, int ipc_fd)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long core = env_num("SYD_NPROC", SYD_NPROC_DEF ? SYD_NPROC_DEF :
	    (cpus > 0 ? cpus : 1), 1);
	long max = env_num("SYD_NPROC_MAX", SYD_NPROC_MAX_DEF, 1);

	p->sb = sb;
	p->notify_fd = notify;
	p->core = (unsigned)core;
	p->max = (unsigned)(max < core ? core : max);
	p->keep_alive_ms = env_num("SYD_KEEP_ALIVE", SYD_KEEP_ALIVE_DEF, 0);
	p->timeout_ms = pol->timeout_ms;
	p->ipc_fd = ipc_fd;
	p->fault = getenv("SYD_FAULT_FORBIDDEN") != NULL;
	sb->block_max = p->max - POOL_RESERVE;
}

static void
sandbox_prepare(struct syd_opts *o, struct confine_child *c)
{
	char err[512];
	int r;

	c->ns_root = geteuid() == 0;
	c->trace_flags = confine_trace_flags(&o->pol);
	c->ns = confine_ns_flags(&o->pol, c->ns_root);
	c->landlock_fd = confine_landlock_ruleset(&o->pol, false, err,
	    sizeof(err));
	if (c->landlock_fd < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
	if ((c->ns & CLONE_NEWUSER) && policy_on(&o->pol, POLICY_LOCK) &&
	    (r = confine_ns_mapper(&c->mapper, c->ns_root)) < 0)
		syd_die(SYD_EX_TEMP, "unshare/user: cannot fork: %s", strerror(-r));
	/*
	 * sandbox/lock with a mount tree, as root: syd makes the tree in a
	 * mount namespace of its own now, before Landlock forbids mounting,
	 * and the sandbox shares it (a landlocked process may not join
	 * another one). syd's own /proc is an fd taken first (the sandbox's
	 * procfs will cover /proc there); a helper mounts that procfs once
	 * the sandbox is PID 1.
	 */
	if (policy_on(&o->pol, POLICY_LOCK) && confine_landlock_abi() >= 0 &&
	    (c->ns & CLONE_NEWNS) && !(c->ns & CLONE_NEWUSER)) {
		char what[256];
		if (sys_proc_fd < 0 && (sys_proc_fd = open("/proc",
		    O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0)
			syd_die(SYD_EX_TEMP, "cannot open /proc: %s", strerror(errno));
		if ((r = confine_ns_tree(&o->pol, c->ns, what,
		    sizeof(what))) < 0)
			syd_die(SYD_EX_TEMP, "%s: %s", what, strerror(-r));
		if ((c->ns & CLONE_NEWPID) && (r = confine_ns_proc_helper(
		    &c->proc_helper, o->pol.root)) < 0)
			syd_die(SYD_EX_TEMP, "unshare/pid: cannot fork: %s",
			    strerror(-r));
		c->tree = true;
	}
	if ((r = confine_landlock_self(&o->pol, c->tree ? 0 : c->ns, err,
	    sizeof(err))) < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
}

int
syd_run(struct syd_opts *o)
{
	static struct sandbox sb;
	static struct pool pool;
	struct confine_child c = { .policy = &o->pol, .argv = o->argv,
	    .argv0 = o->argv0, .keep_env = o->keep_env };
	const char *missing = confine_unsupported(&o->pol);
	struct sock_fprog prog;
	struct sigaction sa = { .sa_handler = alarm_handler };
	bool private_proc;
	char err[512], *ipc_path = NULL;
	int r, ipc_fd = -1;

	if (missing != NULL)
		syd_die(SYD_EX_USAGE, "%s", missing);
	crypt_keys_load(&o->pol);
	/* Before the filter: a compiled category is not notified. */
	if ((c.compile_fd = confine_compile(&o->pol, true, err,
	    sizeof(err))) < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
	if (confine_filter(&o->pol, &prog, err, sizeof(err)) < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
	c.prog = &prog;
	/* Before Landlock: binding a UNIX socket makes a file. */
#if !SYD_WITH_IPC
	if (o->pol.ipc != NULL)
		syd_die(SYD_EX_USAGE, "ipc:%s: this syd was built without IPC support "
		    "(WITH_IPC=0)", o->pol.ipc);
#else
	if (o->pol.ipc != NULL &&
	    (ipc_fd = confine_ipc_socket(o->pol.ipc)) < 0)
		syd_die(SYD_EX_TEMP, "ipc:%s: %s", o->pol.ipc, strerror(-ipc_fd));
	/* The socket file to remove at the end: a run-time reset empties
	 * the policy's copy of the name. */
	if (ipc_fd >= 0 && o->pol.ipc[0] == '/' &&
	    (ipc_path = strdup(o->pol.ipc)) == NULL)
		syd_die(SYD_EX_TEMP, "ipc:%s: %s", o->pol.ipc, strerror(ENOMEM));
#endif
	/* Before Landlock (mount) and before the sandbox is forked. A
	 * sandbox with a pid namespace mounts its own procfs over it: in a
	 * user namespace the kernel allows that only where a procfs is
	 * already fully visible, so that one stays mounted. */
	if ((r = confine_proc_private(confine_ns_pid(&o->pol), err,
	    sizeof(err))) < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
	private_proc = r > 0;
	/* cmd/exec: only where the lock can ever admit it, before syd
	 * confines itself (what it runs is outside the sandbox). */
	if (o->pol.lock == POLICY_LOCK_OFF || o->pol.lock == POLICY_LOCK_EXEC ||
	    o->pol.ipc != NULL) {
		if ((r = confine_exec_helper()) < 0)
			syd_die(SYD_EX_TEMP, "cmd/exec: cannot start its helper: %s",
			    strerror(-r));
		sandbox_cmdexec_fd = r;
	}
	sandbox_prepare(o, &c);
	confine_block_signals();
	sigaction(SIGALRM, &sa, NULL); /* no SA_RESTART: EINTR is the point */
	if (confine_spawn(&c, err, sizeof(err)) < 0)
		syd_die(SYD_EX_TEMP, "%s", err);
	/* The sandbox's session: its first process called setsid. */
	rt_log_set_sid(c.pid);
	if (c.landlock_fd > 0)
		close(c.landlock_fd);
	if (c.compile_fd > 0)
		close(c.compile_fd);
	confine_ns_mapper_end(&c.mapper);
	sandbox_setup(&sb, &o->pol, &c, private_proc);
	pool_setup(&pool, &sb, &o->pol, c.notify_fd, ipc_fd);
	/* Linux 6.6+: wake the emulator on the target's CPU. */
	r = sys_notif_set_flags(c.notify_fd, SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP);
	rt_log_msg(RT_DEBUG, "boot", "sync_wake_up", "%s",
	    r == 0 ? "on" : "not supported by this kernel");
	if (policy_on(&o->pol, POLICY_CRYPT)) {
		kernel_crypt_setup(&sb, o->pol.crypt_key, o->pol.crypt_tmp);
		crypto_wipe(o->pol.crypt_key, sizeof(o->pol.crypt_key));
		if ((r = kernel_crypt_boot()) < 0)
			syd_die(SYD_EX_TEMP, "cannot start the AES worker: %s",
			    strerror(-r));
	}
	if ((r = pool_boot(&pool)) < 0)
		syd_die(SYD_EX_TEMP, "cannot start the emulator pool: %s", strerror(-r));
	/* SPEC 4: with no exec stop to see COMMAND start, the lock that
	 * nothing set is on now: nothing of the sandbox runs before. */
	if (!sb.exec_stopped) {
		sb.initial_exec_done = 1;
		sys_wrlock(&sb.policy_lock);
		if (sb.policy->lock == POLICY_LOCK_UNSET)
			sb.policy->lock = POLICY_LOCK_ON;
		sys_wrunlock(&sb.policy_lock);
	}
	if (confine_release(&c) < 0)
		syd_die(SYD_EX_TEMP, "cannot release the sandbox process");
	r = confine_wait(&pool, o->pol.exit_wait_all);
	pool_stop(&pool);
	kernel_crypt_stop(); /* what the sandbox wrote reaches the disk */
	if (ipc_path != NULL)
		unlink(ipc_path);
	return r;
}
