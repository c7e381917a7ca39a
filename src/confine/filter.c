/* main thread only */
/*
 * The sandbox's seccomp filter. Only what the policy needs is notified: a
 * category that is off costs nothing, because its syscalls are allowed in
 * the kernel. A category that is on but that this build cannot emulate is
 * denied in the kernel (fail closed), never silently allowed.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include "confine/arch.h"
#include "confine/confine.h"
#include "kernel/kernel.h"
#include "policy/policy.h"
#include "rt/rt.h"
#include "sys/sys.h"

/* Category → syscalls (names as libseccomp knows them). */
static const struct {
	enum policy_cat cat;
	const char *sys[16];
} cat_sys[] = {
	{ POLICY_STAT, { "access", "faccessat", "faccessat2", "stat", "lstat",
	    "newfstatat", "statx", "statfs", "readlink", "readlinkat",
	    "getxattr", "lgetxattr", "listxattr", "llistxattr",
	    "open", "openat" } },
	{ POLICY_READ, { "open", "openat", "openat2", "creat" } },
	{ POLICY_WRITE, { "open", "openat", "openat2", "creat" } },
	{ POLICY_READDIR, { "open", "openat", "openat2" } },
	{ POLICY_CREATE, { "open", "openat", "openat2", "creat", "mknod",
	    "mknodat" } },
	{ POLICY_TRUNCATE, { "open", "openat", "openat2", "creat", "truncate",
	    "ftruncate", "fallocate" } },
	{ POLICY_MKTEMP, { "open", "openat", "openat2" } },
	{ POLICY_EXEC, { "execve", "execveat" } },
	{ POLICY_FORCE, { "execve", "execveat" } },
	{ POLICY_TPE, { "execve", "execveat" } },
	{ POLICY_DELETE, { "unlink", "unlinkat" } },
	{ POLICY_RENAME, { "rename", "renameat", "renameat2", "link",
	    "linkat" } },
	{ POLICY_SYMLINK, { "symlink", "symlinkat" } },
	{ POLICY_CHDIR, { "chdir", "fchdir" } },
	{ POLICY_MKDIR, { "mkdir", "mkdirat" } },
	{ POLICY_RMDIR, { "rmdir", "unlinkat" } },
	{ POLICY_CHOWN, { "chown", "fchown", "lchown", "fchownat" } },
	{ POLICY_CHGRP, { "chown", "fchown", "lchown", "fchownat" } },
	{ POLICY_CHMOD, { "chmod", "fchmod", "fchmodat", "fchmodat2" } },
	{ POLICY_CHATTR, { "setxattr", "lsetxattr", "fsetxattr",
	    "removexattr", "lremovexattr", "fremovexattr" } },
	{ POLICY_CHROOT, { "chroot" } },
	{ POLICY_UTIME, { "utime", "utimes", "utimensat", "futimesat" } },
	{ POLICY_MKDEV, { "mknod", "mknodat" } },
	{ POLICY_MKFIFO, { "mknod", "mknodat" } },
	{ POLICY_NET_BIND, { "bind" } },
	{ POLICY_NET_CONNECT, { "connect", "sendto", "sendmsg", "sendmmsg" } },
	{ POLICY_NET_SENDFD, { "sendmsg", "sendmmsg" } },
};

/* Denied unless a trace/allow_unsafe_* option says otherwise (SPEC 3). */
static const struct {
	const char *name;
	enum policy_unsafe unsafe;
} always_denied[] = {
	{ "ptrace", POLICY_UNSAFE_PTRACE },
	/* Another process's fds and memory: syd's listener and keys. */
	{ "pidfd_getfd", POLICY_UNSAFE_PTRACE },
	{ "process_vm_readv", POLICY_UNSAFE_PROCESS_VM },
	{ "process_vm_writev", POLICY_UNSAFE_PROCESS_VM },
	{ "io_uring_setup", POLICY_UNSAFE_IO_URING },
	{ "io_uring_enter", POLICY_UNSAFE_IO_URING },
	{ "io_uring_register", POLICY_UNSAFE_IO_URING },
	{ "userfaultfd", POLICY_UNSAFE_USERFAULTFD },
	{ "open_by_handle_at", POLICY_UNSAFE_OPEN_BY_HANDLE },
	{ "name_to_handle_at", POLICY_UNSAFE_OPEN_BY_HANDLE },
	{ "kexec_load", POLICY_UNSAFE_KEXEC },
	{ "kexec_file_load", POLICY_UNSAFE_KEXEC },
	{ "bpf", POLICY_UNSAFE_BPF },
	{ "perf_event_open", POLICY_UNSAFE_PERF },
	{ "init_module", POLICY_UNSAFE_MODULE },
	{ "finit_module", POLICY_UNSAFE_MODULE },
	{ "delete_module", POLICY_UNSAFE_MODULE },
	{ "mount", POLICY_UNSAFE_MOUNT },
	{ "umount2", POLICY_UNSAFE_MOUNT },
	{ "pivot_root", POLICY_UNSAFE_MOUNT },
	{ "fsopen", POLICY_UNSAFE_MOUNT },
	{ "fsmount", POLICY_UNSAFE_MOUNT },
	{ "move_mount", POLICY_UNSAFE_MOUNT },
	{ "open_tree", POLICY_UNSAFE_MOUNT },
	{ "fsconfig", POLICY_UNSAFE_MOUNT },
	{ "fspick", POLICY_UNSAFE_MOUNT },
	{ "mount_setattr", POLICY_UNSAFE_MOUNT },
	{ "swapon", POLICY_UNSAFE_SWAP },
	{ "swapoff", POLICY_UNSAFE_SWAP },
	{ "reboot", POLICY_UNSAFE_REBOOT },
	/* The kernel keyrings are shared beyond the sandbox (the user and
	 * session keyrings): trace/allow_unsafe_keyring. */
	{ "add_key", POLICY_UNSAFE_KEYRING },
	{ "request_key", POLICY_UNSAFE_KEYRING },
	{ "keyctl", POLICY_UNSAFE_KEYRING },
	/* The kernel log (dmesg): trace/allow_unsafe_syslog. */
	{ "syslog", POLICY_UNSAFE_SYSLOG },
	/* Setting or adjusting the system clock: trace/allow_unsafe_time. */
	{ "settimeofday", POLICY_UNSAFE_TIME },
	{ "clock_settime", POLICY_UNSAFE_TIME },
	{ "clock_adjtime", POLICY_UNSAFE_TIME },
	{ "adjtimex", POLICY_UNSAFE_TIME },
	/* Deprecated calls (trace/allow_unsafe_deprecated): a surface old
	 * binaries alone use; resolved by name, so those an architecture
	 * lacks are skipped. */
	{ "uselib", POLICY_UNSAFE_DEPRECATED },
	{ "ustat", POLICY_UNSAFE_DEPRECATED },
	{ "sysfs", POLICY_UNSAFE_DEPRECATED },
	{ "_sysctl", POLICY_UNSAFE_DEPRECATED },
	{ "remap_file_pages", POLICY_UNSAFE_DEPRECATED },
	{ "lookup_dcookie", POLICY_UNSAFE_DEPRECATED },
	{ "nfsservctl", POLICY_UNSAFE_DEPRECATED },
	{ "create_module", POLICY_UNSAFE_DEPRECATED },
	{ "get_kernel_syms", POLICY_UNSAFE_DEPRECATED },
	{ "query_module", POLICY_UNSAFE_DEPRECATED },
	{ "bdflush", POLICY_UNSAFE_DEPRECATED },
	{ "sgetmask", POLICY_UNSAFE_DEPRECATED },
	{ "ssetmask", POLICY_UNSAFE_DEPRECATED },
	{ "vm86", POLICY_UNSAFE_DEPRECATED },
	{ "vm86old", POLICY_UNSAFE_DEPRECATED },
	/* Page-cache side channels (which pages of a file, another's too,
	 * are resident): trace/allow_unsafe_page_cache. */
	{ "cachestat", POLICY_UNSAFE_PAGE_CACHE },
	{ "mincore", POLICY_UNSAFE_PAGE_CACHE },
};

/* Made no-ops (they return 0 and do nothing) unless the hatch: raising
 * the sandbox's CPU or I/O priority or changing its scheduling policy
 * (trace/allow_unsafe_nice), and flushing every filesystem's dirty data,
 * a denial of service on the host's I/O (trace/allow_unsafe_sync). */
static const struct {
	const char *name;
	enum policy_unsafe unsafe;
} noop_calls[] = {
	{ "nice", POLICY_UNSAFE_NICE },
	{ "setpriority", POLICY_UNSAFE_NICE },
	{ "sched_setscheduler", POLICY_UNSAFE_NICE },
	{ "sched_setparam", POLICY_UNSAFE_NICE },
	{ "sched_setattr", POLICY_UNSAFE_NICE },
	{ "ioprio_set", POLICY_UNSAFE_NICE },
	{ "sync", POLICY_UNSAFE_SYNC },
	{ "syncfs", POLICY_UNSAFE_SYNC },
};

/*
 * New namespaces from inside the sandbox (a way to new mounts, ids and
 * capabilities over them): unshare(2) and clone(2) with a CLONE_NEW* flag
 * trace/allow_unsafe_namespace does not name, and setns(2) into such a
 * type (or of a type left to the fd, 0) fail with EPERM. Flags are int
 * to the kernel; one rule per flag bit. clone3 is ENOSYS already.
 * CLONE_NEWTIME shares its bit with the exit signal in clone(2): there it
 * cannot be asked for, so only unshare and setns look at it.
 */
static int
filter_namespace(const struct policy *p, scmp_filter_ctx ctx)
{
	static const uint32_t ns[] = { CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC,
	    CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
	    0x80 /* CLONE_NEWTIME */ };
	int r = 0;

	for (size_t i = 0; i < sizeof(ns) / sizeof(*ns); i++) {
		if (p->ns_allowed & ns[i])
			continue;
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(unshare), 1, SCMP_A0(SCMP_CMP_MASKED_EQ, ns[i],
			ns[i]));
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(setns), 1, SCMP_A1(SCMP_CMP_MASKED_EQ, ns[i],
			ns[i]));
		if (ns[i] != 0x80)
			r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
			    SCMP_SYS(clone), 1, SCMP_A0(SCMP_CMP_MASKED_EQ,
				ns[i], ns[i]));
	}
	if ((p->ns_allowed & 0xffffffffU) != (CLONE_NEWNS | CLONE_NEWUTS |
	    CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET |
	    CLONE_NEWCGROUP | 0x80))
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(setns), 1, SCMP_A1(SCMP_CMP_MASKED_EQ,
			0xffffffffULL, 0));
	return r;
}

/* Newer than libseccomp 2.5.4 knows: by number (452 on x86_64 and in
 * the generic table of aarch64). */
static int
filter_resolve(const char *name)
{
	int nr = seccomp_syscall_resolve_name(name);

	if (nr < 0 && strcmp(name, "fchmodat2") == 0)
		nr = 452;
	if (nr < 0 && strcmp(name, "cachestat") == 0)
		nr = 451;
	return nr;
}

/* Rule state per syscall number: 0 none, 1 notify, 2 deny. */
static int
filter_mark(unsigned char *state, const char *name, int what)
{
	int nr = filter_resolve(name);

	if (nr < 0 || nr >= 1024)
		return 0; /* not on this architecture */
	if (what > state[nr])
		state[nr] = (unsigned char)what;
	return 0;
}

static bool
filter_unsafe(const struct policy *p, enum policy_unsafe u)
{
	return (p->unsafe & (UINT64_C(1) << u)) != 0;
}

/*
 * Can the rules change once the filter is loaded? Through /dev/syd under
 * a lock that admits changes (off, exec, drop), and through the IPC
 * socket under any lock (sandbox_config): then every category may be
 * turned on and every rule added later, and what the rules at the start
 * would leave to BPF must reach syd instead.
 */
static bool
filter_later(const struct policy *p)
{
	return p->lock == POLICY_LOCK_OFF || p->lock == POLICY_LOCK_EXEC ||
	    p->lock == POLICY_LOCK_DROP || p->ipc != NULL;
}

/*
 * write compiled to Landlock with no write rule on "/" (rule directories
 * are never procfs, landlock_compile.c): Landlock itself refuses opening
 * /proc/PID/mem for writing, so those opens need not reach syd.
 */
static bool
filter_proc_mem_ll(const struct policy *p)
{
	const struct policy_list *l = &p->list[POLICY_WRITE];
	char dir[4096];
	bool self;

	if (!(p->compiled & POLICY_BIT(POLICY_WRITE)))
		return false;
	for (size_t i = 0; i < l->n; i++)
		for (unsigned k = 0; k < l->v[i].nalt; k++)
			if (policy_compile_rule(POLICY_WRITE, l->v[i].alt[k],
			    dir, sizeof(dir), &self) < 0 ||
			    strcmp(dir, "/") == 0)
				return false;
	return true;
}

static void
filter_plan(const struct policy *p, unsigned char *state)
{
	for (size_t i = 0; i < sizeof(cat_sys) / sizeof(cat_sys[0]); i++) {
		/* Compiled to Landlock: the kernel decides at use. exec is
		 * still notified: its other checks (memfds, set-id, ELF,
		 * SegvGuard) are syd's, Landlock adds the one at use. */
		if (!policy_on(p, cat_sys[i].cat) ||
		    ((p->compiled & POLICY_BIT(cat_sys[i].cat)) &&
		    cat_sys[i].cat != POLICY_EXEC))
			continue;
		for (int k = 0; k < 16 && cat_sys[i].sys[k] != NULL; k++) {
			int nr = filter_resolve(cat_sys[i].sys[k]);
			if (nr >= 0 && nr < 1024)
				filter_mark(state, cat_sys[i].sys[k],
				    kernel_has(nr) ? 1 : 2);
		}
	}
	/* Renames and links are checked against the read-side rules of
	 * their source even with rename checking off (links.c): moving or
	 * linking a denied file to an allowed name would undo them. */
	/* With a category compiled, syd performs them outside the Landlock
	 * domain (which does not handle REFER: a move across directories
	 * would be EXDEV in it). */
	if ((p->sandbox & (POLICY_BIT(POLICY_READ) | POLICY_BIT(POLICY_WRITE) |
	    POLICY_BIT(POLICY_EXEC) | POLICY_BIT(POLICY_STAT))) ||
	    p->compiled != 0) {
		static const char *const moves[] = { "rename", "renameat",
		    "renameat2", "link", "linkat" };
		for (size_t i = 0; i < sizeof(moves) / sizeof(*moves); i++)
			filter_mark(state, moves[i], 1);
	}
	/* Safe file names (syd(7)): every call that makes a name is
	 * checked whatever category is on; open and openat only with
	 * O_CREAT (filter_open). openat2's flags are in memory. */
	if (!policy_unsafe_on(p, POLICY_UNSAFE_FILENAME)) {
		static const char *const makers[] = { "mkdir", "mkdirat",
		    "mknod", "mknodat", "symlink", "symlinkat", "link",
		    "linkat", "rename", "renameat", "renameat2", "creat",
		    "openat2" };
		for (size_t i = 0; i < sizeof(makers) / sizeof(*makers); i++)
			filter_mark(state, makers[i], 1);
	}
	/* read or write compiled: an open that creates (Landlock would make
	 * the file, then refuse to open it) or makes a temporary file (syd
	 * checks mktemp there, Landlock read or write) is still syd's. */
	if (p->compiled & (POLICY_BIT(POLICY_READ) | POLICY_BIT(POLICY_WRITE))) {
		filter_mark(state, "creat", 1);
		filter_mark(state, "openat2", 1);
	}
	/* Listings hide what stat hides (dents.c). */
	if (kernel_dents_hide(p) || (p->lock != POLICY_LOCK_UNSET &&
	    p->lock != POLICY_LOCK_ON) || filter_later(p)) {
		filter_mark(state, "getdents64", 1);
		filter_mark(state, "getdents", 1);
	}
	/* /dev/syd usable at run time: its stat and open must reach syd,
	 * and when rules may change (filter_later), every category may be
	 * turned on later: notify all that any category needs. */
	if ((p->lock != POLICY_LOCK_UNSET && p->lock != POLICY_LOCK_ON) ||
	    filter_later(p)) {
		bool all = filter_later(p);
		for (size_t i = 0; i < sizeof(cat_sys) / sizeof(cat_sys[0]);
		    i++) {
			if (!all && cat_sys[i].cat != POLICY_STAT)
				continue;
			for (int k = 0; k < 16 && cat_sys[i].sys[k]; k++) {
				int nr = filter_resolve(cat_sys[i].sys[k]);
				if (nr >= 0 && nr < 1024 && kernel_has(nr))
					state[nr] = 1;
			}
		}
	}
	/* The ELF checks and SegvGuard look at every exec, whatever
	 * categories are on (kernel/exec.c; the exec stop is the backstop). */
	if (policy_elf_checks(p) || policy_segvguard_on(p)) {
		filter_mark(state, "execve", 1);
		filter_mark(state, "execveat", 1);
	}
	/* mask+ and append+ apply whatever categories are on. */
	if (p->mask.n > 0 || p->append.n > 0 || policy_on(p, POLICY_CRYPT)) {
		static const char *const opens[] = { "open", "openat",
		    "openat2", "creat", "truncate", "ftruncate", "fallocate",
		    "stat", "lstat", "newfstatat", "statx" };
		for (size_t i = 0; i < sizeof(opens) / sizeof(*opens); i++)
			filter_mark(state, opens[i], 1);
	}
	/* trace/deny_dotdot, force_cloexec, force_rand_fd: every open is
	 * syd's to make (and chdir's argument to look at). */
	if (p->deny_dotdot || p->force_cloexec || p->force_rand_fd) {
		static const char *const opens[] = { "open", "openat",
		    "openat2", "creat", "chdir" };
		for (size_t i = 0; i < sizeof(opens) / sizeof(*opens); i++)
			if (i < 4 || p->deny_dotdot)
				filter_mark(state, opens[i], 1);
	}
	/* crypt: a renamed or removed file's plaintext object follows. */
	if (policy_on(p, POLICY_CRYPT)) {
		static const char *const names[] = { "rename", "renameat",
		    "renameat2", "unlink", "unlinkat" };
		for (size_t i = 0; i < sizeof(names) / sizeof(*names); i++)
			filter_mark(state, names[i], 1);
	}
	/* Writing /proc/PID/mem (any process's, its own included) is
	 * refused by the open handler, whatever the categories: opens that
	 * may write reach syd (filter_open keeps read-only ones away when
	 * no read-side category is on). */
	if (!filter_unsafe(p, POLICY_UNSAFE_PROC_MEM) &&
	    !filter_proc_mem_ll(p)) {
		static const char *const opens[] = { "open", "openat",
		    "openat2", "creat" };
		for (size_t i = 0; i < sizeof(opens) / sizeof(*opens); i++)
			filter_mark(state, opens[i], 1);
	}
	/* A syscall one category emulates is notified even if another
	 * category sharing it cannot be emulated: the handler checks all. */
	for (int nr = 0; nr < 1024; nr++)
		if (state[nr] == 2 && kernel_has(nr))
			state[nr] = 1;
}

/* With syd as root, emulators act with cached target credentials: the
 * calls that change them are notified so the cache can be dropped. */
static const char *const cred_calls[] = {
	"setuid", "setgid", "setreuid", "setregid", "setresuid", "setresgid",
	"setfsuid", "setfsgid", "setgroups", "capset", "unshare", "setns",
};

/*
 * READ_IMPLIES_EXEC makes every PROT_READ mapping executable without a
 * PROT_EXEC the filter could see: refuse to set it. The argument is an
 * unsigned int and exactly 0xffffffff only queries, so refuse bit 22 with
 * any other of the 32 bits clear (one disjoint rule per bit).
 */
static int
filter_personality(const struct policy *p, scmp_filter_ctx ctx)
{
	const uint64_t rie = 0x0400000; /* READ_IMPLIES_EXEC */
	int r = 0;

	if (filter_unsafe(p, POLICY_UNSAFE_PERSONALITY))
		return 0;
	for (int b = 0; b < 32; b++)
		if ((UINT64_C(1) << b) != rie)
			r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
			    SCMP_SYS(personality), 1, SCMP_A0(
				SCMP_CMP_MASKED_EQ, rie | UINT64_C(1) << b,
				rie));
	return r;
}

/*
 * Can syd read the memory of a sandboxed task that is not dumpable? Only
 * with CAP_SYS_PTRACE over it: syd's own (as root), or its user namespace
 * when the sandbox has one (syd's uid owns it). Unprivileged and without
 * one, /proc/PID/mem, process_vm_readv and pidfd_getfd all refuse syd.
 */
static bool
filter_reads_nodump(const struct policy *p)
{
	uint64_t perm = 0;
	bool root = geteuid() == 0;

	if (sys_caps_get(NULL, &perm) == 0 &&
	    (perm & UINT64_C(1) << 19 /* CAP_SYS_PTRACE */))
		return true;
	if (p->unshare & CLONE_NEWUSER)
		return true;
	/* confine_ns_flags: other namespaces bring a user one when not root
	 * (its result, without its log line). */
	return !root && (p->unshare != 0 || confine_ns_pid(p) ||
	    p->hostname != NULL || p->domainname != NULL);
}

static int
filter_hardening(const struct policy *p, scmp_filter_ctx ctx)
{
	uint32_t req;
	int r = 0;

	for (size_t i = 0; i < sizeof(always_denied) / sizeof(*always_denied);
	    i++) {
		int nr = filter_resolve(always_denied[i].name);
		if (nr >= 0 && !filter_unsafe(p, always_denied[i].unsafe))
			r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 0);
	}
	for (size_t i = 0; i < sizeof(noop_calls) / sizeof(*noop_calls); i++) {
		int nr = filter_resolve(noop_calls[i].name);
		if (nr >= 0 && !filter_unsafe(p, noop_calls[i].unsafe))
			r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(0), nr, 0);
	}
	/* A new listener inside would let the sandbox answer its own calls. */
	/* op and flags are unsigned int to the kernel: compare the low 32
	 * bits only, or high garbage would slip past. */
	if (!filter_unsafe(p, POLICY_UNSAFE_NESTED_SECCOMP))
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(seccomp), 2,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, 0xffffffffULL,
			SECCOMP_SET_MODE_FILTER),
		    SCMP_A1(SCMP_CMP_MASKED_EQ,
			SECCOMP_FILTER_FLAG_NEW_LISTENER,
			SECCOMP_FILTER_FLAG_NEW_LISTENER));
	/* Terminal injection and line-discipline/console games are never
	 * the sandbox's: request numbers are unsigned int to the kernel, so
	 * only the low 32 bits are compared (1<<32|TIOCSTI is TIOCSTI).
	 * /dev/userfaultfd's USERFAULTFD_IOC_NEW hands out what
	 * userfaultfd(2) would. The requests and the trace/allow_unsafe_* of
	 * each: kernel_ioctl_hardened (process.c), whose handler refuses
	 * them too when every ioctl is notified. */
	for (size_t i = 0; (req = kernel_ioctl_hard(i)) != 0; i++)
		if (kernel_ioctl_hardened(p, req))
			r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
			    SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ,
				0xffffffffULL, req));
	/* CLONE_UNTRACED would leave a child untraced, so it would outlive a
	 * killed syd; clone3 hides its flags in memory: make libc fall back. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
	    SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_UNTRACED, CLONE_UNTRACED));
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	/* setxattrat, getxattrat, listxattrat, removexattrat (6.13) and
	 * file_getattr, file_setattr (6.17) are not emulated: with chattr
	 * or stat checked (or rules that may come later), libc falls back
	 * to the calls that are, as on an older kernel. Same numbers on
	 * every architecture. */
	if (policy_on(p, POLICY_CHATTR) || policy_on(p, POLICY_STAT) ||
	    filter_later(p))
		for (int nr = 463; nr <= 469; nr++)
			if (nr != 467) /* open_tree_attr: the mount API */
				r |= seccomp_rule_add(ctx,
				    SCMP_ACT_ERRNO(ENOSYS), nr, 0);
	r |= filter_personality(p, ctx);
	r |= filter_namespace(p, ctx);
	/* trace/deny_tsc: the child set PR_TSC_SIGSEGV; it stays set. */
	if (p->deny_tsc)
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(prctl), 1, SCMP_A0(SCMP_CMP_MASKED_EQ,
			0xffffffffULL, 26 /* PR_SET_TSC */));
	/* A task that made itself not dumpable would shut an unprivileged
	 * syd out of its memory: every call syd checks would then fail.
	 * prctl(PR_SET_DUMPABLE, 0) is refused instead (option is an int;
	 * the value is compared whole, as the kernel does). */
	if (!filter_reads_nodump(p))
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(prctl), 2, SCMP_A0(SCMP_CMP_MASKED_EQ,
			0xffffffffULL, 4 /* PR_SET_DUMPABLE */),
		    SCMP_A1(SCMP_CMP_EQ, 0));
	/* A fanotify event carries an fd the kernel opened for the listener
	 * (any file anyone opens, with a mount or filesystem mark): only
	 * listeners that report file handles instead (FAN_REPORT_FID or
	 * FAN_REPORT_DIR_FID; opening a handle is denied) are allowed. */
	r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
	    SCMP_SYS(fanotify_init), 1, SCMP_A0(SCMP_CMP_MASKED_EQ,
		0x00000200 | 0x00000400, 0));
	/* RLIMIT_CORE stays 0 (confine.h); resources are unsigned int. */
	if (confine_core_forced(p)) {
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(setrlimit), 1, SCMP_A0(SCMP_CMP_MASKED_EQ,
			0xffffffffULL, RLIMIT_CORE));
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM),
		    SCMP_SYS(prlimit64), 2, SCMP_A1(SCMP_CMP_MASKED_EQ,
			0xffffffffULL, RLIMIT_CORE), SCMP_A2(SCMP_CMP_NE, 0));
	}
	return r;
}

/*
 * append+: fcntl(F_SETFL) is notified (it may clear O_APPEND) and
 * pwritev2 with RWF_NOAPPEND (Linux 6.9) is refused outright.
 */
static int
filter_append(const struct policy *p, scmp_filter_ctx ctx)
{
	int r = 0, nr;

	if (p->append.n == 0)
		return 0;
	r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(fcntl), 1,
	    SCMP_A1(SCMP_CMP_EQ, F_SETFL));
	nr = seccomp_syscall_resolve_name("pwritev2");
	if (nr >= 0)
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1,
		    SCMP_A5(SCMP_CMP_MASKED_EQ, 0x20, 0x20));
	return r;
}

/*
 * With read, readdir and stat off, a read-only open touches no category:
 * decide that in BPF from the flags register, and notify only opens that
 * may write, create, truncate or make a temporary file. With no category
 * an open touches on at all, only those with O_CREAT while the safe-name
 * check is in force.
 */
static int
filter_open(const struct policy *p, scmp_filter_ctx ctx, unsigned char *st)
{
	const uint64_t readers = POLICY_BIT(POLICY_READ) |
	    POLICY_BIT(POLICY_READDIR) | POLICY_BIT(POLICY_STAT);
	static const struct { uint64_t mask, val; } cond[] = {
		{ O_ACCMODE, O_WRONLY }, { O_ACCMODE, O_RDWR },
		{ O_CREAT, O_CREAT }, { O_TRUNC, O_TRUNC },
		{ 020000000, 020000000 }, /* __O_TMPFILE */
	};
	const int nrs[2] = { SCMP_SYS(open), SCMP_SYS(openat) };
	/* Safe file names: an open that may create is checked; so is one
	 * that creates or makes a temporary file with read or write
	 * compiled to Landlock (filter_plan). */
	bool ll = (p->compiled & (POLICY_BIT(POLICY_READ) |
	    POLICY_BIT(POLICY_WRITE))) != 0;
	bool names = !filter_unsafe(p, POLICY_UNSAFE_FILENAME) || ll;
	int r = 0;

	/* A reader compiled to Landlock is decided there, not here. */
	if ((p->sandbox & readers & ~p->compiled) != 0 || p->mask.n > 0 ||
	    policy_on(p, POLICY_CRYPT) || p->deny_dotdot ||
	    p->force_cloexec || p->force_rand_fd ||
	    (p->lock != POLICY_LOCK_UNSET && p->lock != POLICY_LOCK_ON) ||
	    filter_later(p))
		return 0;
	for (int k = 0; k < 2; k++) {
		unsigned arg = k == 0 ? 1 : 2;
		size_t from = 0, to = sizeof(cond) / sizeof(*cond);
		if (nrs[k] < 0)
			continue; /* no open(2) on aarch64 */
		if (st[nrs[k]] != 1) {
			if (!names)
				continue;
			from = 2; /* O_CREAT alone */
			to = 3;
		}
		st[nrs[k]] = 0;
		for (size_t i = 0; i < sizeof(cond) / sizeof(*cond); i++)
			if ((i >= from && i < to) || (ll && (i == 2 || i == 4)))
				r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY,
				    nrs[k], 1, SCMP_CMP64(arg,
					SCMP_CMP_MASKED_EQ, cond[i].mask,
					cond[i].val));
	}
	return r;
}

/*
 * The ioctl category decides on the request register alone. With the
 * default allow and only allow/deny/filter rules, BPF picks the requests:
 * filter ones fail there with EACCES, deny ones are notified so that the
 * handler logs the denial like every other category's (issue 20);
 * otherwise every ioctl is notified and the handler decides (and
 * continues: nothing in memory was read). So is every ioctl while the
 * rules may change or the category be turned on later (filter_later, as
 * every category's calls are): the rules at the start are not the ones
 * that will apply.
 *
 * The requests the hardening refuses (kernel_ioctl_hardened) are left
 * out of the rules: their EPERM applies whatever the rules say, and a
 * second action for the same request cannot be built.
 */
static int
filter_ioctl(const struct policy *p, scmp_filter_ctx ctx)
{
	const struct policy_list *l = &p->list[POLICY_IOCTL];
	bool simple = p->defact[POLICY_IOCTL] == POLICY_ALLOW && !p->trace;
	int r = 0;

	if (filter_later(p))
		return seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(ioctl), 0);
	/* No rules: nothing to do only when the default allows and -x does
	 * not ask to hear of every request. */
	if (!policy_on(p, POLICY_IOCTL) || (l->n == 0 && simple))
		return 0;
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].act != POLICY_ALLOW && l->v[i].act != POLICY_DENY &&
		    l->v[i].act != POLICY_FILTER)
			simple = false;
	if (!simple)
		return seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(ioctl), 0);
	for (size_t i = 0; i < l->n; i++) {
		uint32_t req = (uint32_t)l->v[i].req;
		enum policy_act a = policy_match_ioctl(p, req);
		if (a == POLICY_ALLOW || kernel_ioctl_hardened(p, req))
			continue;
		r |= seccomp_rule_add(ctx, a == POLICY_FILTER ?
		    SCMP_ACT_ERRNO(EACCES) : SCMP_ACT_NOTIFY,
		    SCMP_SYS(ioctl), 1, SCMP_A1(SCMP_CMP_MASKED_EQ,
			0xffffffffULL, req));
	}
	return r;
}

/*
 * Socket families syd understands: with a network category on, any other
 * family (AF_PACKET, AF_BLUETOOTH, AF_VSOCK, ...) is refused before a
 * socket exists, and AF_NETLINK only for the families allow/net/link
 * names. Families and protocols are int to the kernel: only the low 32
 * bits are compared. Values 0..63 one by one, and any value with a bit
 * above them set (the kernel refuses those itself today; a family added
 * to a future kernel stays refused).
 */
static int
filter_socket_deny(scmp_filter_ctx ctx, int nr, int arg, uint64_t keep,
    const struct scmp_arg_cmp *also)
{
	const uint64_t low = 0xffffffffULL;
	struct scmp_arg_cmp c;
	int r = 0;

	for (uint64_t v = 0; v < 64; v++) {
		if (keep & (UINT64_C(1) << v))
			continue;
		c = SCMP_CMP64((unsigned)arg, SCMP_CMP_MASKED_EQ, low, v);
		r |= also != NULL ? seccomp_rule_add(ctx,
		    SCMP_ACT_ERRNO(EAFNOSUPPORT), nr, 2, *also, c) :
		    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), nr, 1, c);
	}
	for (int b = 6; b < 32; b++) {
		c = SCMP_CMP64((unsigned)arg, SCMP_CMP_MASKED_EQ,
		    UINT64_C(1) << b, UINT64_C(1) << b);
		r |= also != NULL ? seccomp_rule_add(ctx,
		    SCMP_ACT_ERRNO(EAFNOSUPPORT), nr, 2, *also, c) :
		    seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EAFNOSUPPORT), nr, 1, c);
	}
	return r;
}

static int
filter_socket(const struct policy *p, scmp_filter_ctx ctx)
{
	/* trace/allow_safe_kcapi: the kernel crypto API (AF_ALG) too. */
	const uint64_t fams = UINT64_C(1) << AF_UNIX | UINT64_C(1) << AF_INET |
	    UINT64_C(1) << AF_INET6 | UINT64_C(1) << AF_NETLINK |
	    (p->safe_kcapi ? UINT64_C(1) << 38 /* AF_ALG */ : 0);
	const struct scmp_arg_cmp nl = SCMP_A0(SCMP_CMP_MASKED_EQ,
	    0xffffffffULL, AF_NETLINK);
	int r = 0;

	/* Network checking may be turned on later (filter_later): the
	 * families are refused from the start (fail closed). */
	bool later = filter_later(p);

	if (((p->sandbox & POLICY_NET_MASK) == 0 && !later) ||
	    p->allow_unsupp_socket)
		return 0;
	r |= filter_socket_deny(ctx, SCMP_SYS(socket), 0, fams, NULL);
	r |= filter_socket_deny(ctx, SCMP_SYS(socketpair), 0, fams, NULL);
	r |= filter_socket_deny(ctx, SCMP_SYS(socket), 2, p->netlink, &nl);
	return r;
}

/*
 * SafeSetID: set*id calls are notified and kernel_setid decides from the
 * id registers and the thread's current ids (a system id it does not hold
 * is refused; with rules, what they allow). Registers alone cannot say
 * whether an id is already held: setpriv --euid=65534 run by root passes
 * its real uid 0 along, which takes nothing new.
 */
static const char *const setid_calls[] = {
	"setuid", "setreuid", "setresuid", "setfsuid",
	"setgid", "setregid", "setresgid", "setfsgid",
};

static void
filter_setid(unsigned char *st)
{
	for (size_t i = 0; i < sizeof(setid_calls) / sizeof(*setid_calls);
	    i++)
		filter_mark(st, setid_calls[i], 1);
}

/*
 * libseccomp (2.5.4) drops every argument rule of a syscall once an
 * unconditional rule for it is added, whichever comes first. The calls
 * with argument rules here, and why none of those rules can vanish:
 *   ioctl          hardened requests: every ioctl is notified for a
 *                  category that is not "simple" or rules that may change;
 *                  kernel_ioctl refuses them as the filter would.
 *   unshare, setns namespaces: notified unconditionally for syd as root
 *                  (cred_calls); kernel_setid refuses them as well.
 *   open, openat   filter_open's rules replace the plan's (state cleared).
 *   send, sendto, sendmsg, sendmmsg, recv, recvfrom, recvmsg, recvmmsg
 *                  MSG_OOB: filter_oob replaces the plan's notification by
 *                  one for calls without MSG_OOB (state cleared; sendto's
 *                  with the A4 != 0 destination too); a call the plan
 *                  denies outright (state 2) gets no MSG_OOB rule.
 *   sendto         (trace/allow_unsafe_oob:on) the plan's notification
 *                  becomes the A4 != 0 rule.
 *   the rest       (filter_arg_only) never notified unconditionally: the
 *                  check below fails the build (exit 111) if a change ever
 *                  planned one, rather than lose the rules silently.
 * Rules of different actions on the same syscall that overlap (clone's
 * EPERM for CLONE_UNTRACED and CLONE_NEW* against sandbox/pid's notify
 * for clone without CLONE_UNTRACED) are checked EPERM first in the BPF
 * libseccomp 2.5.4 makes (surface_test:unsafe_namespace_clone_pid).
 */
static const char *const filter_arg_only[] = {
	"seccomp", "clone", "personality", "prctl", "fanotify_init",
	"setrlimit", "prlimit64", "fcntl", "pwritev2", "socket", "socketpair",
	"mmap", "mprotect", "pkey_mprotect", "shmat",
};

/* Also a call filter_hardening answers outright (EPERM, or a no-op):
 * the first rule without arguments wins in libseccomp, so a planned
 * notification of it would be dropped as silently. */
static bool
filter_planned(const unsigned char *state, const char *name)
{
	int nr = filter_resolve(name);

	return nr >= 0 && nr < 1024 && state[nr] != 0;
}

static int
filter_arg_only_kept(const struct policy *p, const unsigned char *state)
{
	for (size_t i = 0; i < sizeof(filter_arg_only) /
	    sizeof(*filter_arg_only); i++)
		if (filter_planned(state, filter_arg_only[i]))
			return -1;
	for (size_t i = 0; i < sizeof(always_denied) / sizeof(*always_denied);
	    i++)
		if (!filter_unsafe(p, always_denied[i].unsafe) &&
		    filter_planned(state, always_denied[i].name))
			return -1;
	for (size_t i = 0; i < sizeof(noop_calls) / sizeof(*noop_calls); i++)
		if (!filter_unsafe(p, noop_calls[i].unsafe) &&
		    filter_planned(state, noop_calls[i].name))
			return -1;
	return 0;
}

/*
 * MSG_OOB (trace/allow_unsafe_oob): out-of-band data is a rarely used,
 * often buggy path of the socket layers (AF_UNIX's especially). The flags
 * are a register of every send and receive call, sendmsg's and recvmsg's
 * too (the msghdr's own msg_flags are not read on the way in): EPERM when
 * bit MSG_OOB is set. A call syd notifies is notified without that bit
 * only, so that the two rules are disjoint; sendto only with a
 * destination (a plain send is not notified).
 */
static int
filter_oob(const struct policy *p, scmp_filter_ctx ctx, unsigned char *st)
{
	static const struct { const char *name; unsigned arg; } calls[] = {
		{ "send", 3 }, { "sendto", 3 }, { "sendmsg", 2 },
		{ "sendmmsg", 3 }, { "recv", 3 }, { "recvfrom", 3 },
		{ "recvmsg", 2 }, { "recvmmsg", 3 },
	};
	int r = 0;

	if (filter_unsafe(p, POLICY_UNSAFE_OOB))
		return 0;
	for (size_t i = 0; i < sizeof(calls) / sizeof(*calls); i++) {
		int nr = filter_resolve(calls[i].name);
		struct scmp_arg_cmp oob = SCMP_CMP64(calls[i].arg,
		    SCMP_CMP_MASKED_EQ, MSG_OOB, MSG_OOB);
		struct scmp_arg_cmp in = SCMP_CMP64(calls[i].arg,
		    SCMP_CMP_MASKED_EQ, MSG_OOB, 0);
		if (nr < 0 || nr >= 1024 || st[nr] == 2)
			continue; /* absent here, or denied whatever flags */
		r |= seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EPERM), nr, 1, oob);
		if (st[nr] != 1)
			continue;
		st[nr] = 0;
		r |= nr == SCMP_SYS(sendto) ?
		    seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 2, in,
			SCMP_A4(SCMP_CMP_NE, 0)) :
		    seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 1, in);
	}
	return r;
}

static scmp_filter_ctx
filter_build(const struct policy *p)
{
	unsigned char state[1024];
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ALLOW);
	int r;

	if (ctx == NULL)
		return NULL;
	/* Foreign ABIs' calls (i386 and x32; AArch32) are killed: only the
	 * native table is checked. */
	if (!filter_unsafe(p, POLICY_UNSAFE_FOREIGN_ARCH)) {
		r = seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH,
		    SCMP_ACT_KILL_PROCESS);
	} else {
		static const uint32_t foreign[] = CONFINE_FOREIGN_ARCHES;
		r = 0;
		for (size_t i = 0; i < sizeof(foreign) / sizeof(*foreign); i++)
			r |= seccomp_arch_add(ctx, foreign[i]);
	}
	r |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	/* A binary tree of syscall numbers, not a linear list: every call
	 * the kernel's action cache cannot decide walks O(log n) checks. */
	r |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2);
	r |= filter_hardening(p, ctx);
	r |= filter_append(p, ctx);
	memset(state, 0, sizeof(state));
	filter_plan(p, state);
	/* Whatever categories are on: syd performs some calls with none
	 * (the /proc/PID/mem guard's opens, safe names, masks) and acts
	 * with the target's cached credentials for them. */
	if (geteuid() == 0)
		for (size_t i = 0; i < sizeof(cred_calls) / sizeof(*cred_calls);
		    i++)
			filter_mark(state, cred_calls[i], 1);
	r |= filter_open(p, ctx, state);
	r |= filter_ioctl(p, ctx);
	r |= filter_socket(p, ctx);
	filter_setid(state);
	/* W^X, and the exec and append checks of mmap and mprotect
	 * (registers decide which calls are notified): memory.c. */
	r |= confine_filter_memory(p, ctx);
	/* sandbox/pid: every new task is counted before it exists (the
	 * CLONE_UNTRACED ones are refused above). pid/max:0 is no limit. */
	if (policy_on(p, POLICY_PID) && p->pid_max != 0) {
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(fork), 0);
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(vfork), 0);
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(clone), 1,
		    SCMP_A0(SCMP_CMP_MASKED_EQ, CLONE_UNTRACED, 0));
	}
	r |= filter_oob(p, ctx, state);
	/* sendto without a destination is a plain send: not notified. */
	if (state[SCMP_SYS(sendto)] == 1) {
		state[SCMP_SYS(sendto)] = 0;
		r |= seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, SCMP_SYS(sendto), 1,
		    SCMP_A4(SCMP_CMP_NE, 0));
	}
	r |= filter_arg_only_kept(p, state);
	for (int nr = 0; nr < 1024 && r == 0; nr++) {
		if (state[nr] == 1)
			r = seccomp_rule_add(ctx, SCMP_ACT_NOTIFY, nr, 0);
		else if (state[nr] == 2)
			r = seccomp_rule_add(ctx, SCMP_ACT_ERRNO(EACCES), nr, 0);
	}
	if (r != 0) {
		seccomp_release(ctx);
		return NULL;
	}
	return ctx;
}

int
confine_filter(const struct policy *p, struct sock_fprog *prog, char *err,
    size_t errsz)
{
	scmp_filter_ctx ctx = filter_build(p);
	int r;

	if (ctx == NULL) {
		strncpy(err, "cannot build the seccomp filter", errsz);
		return -EINVAL;
	}
	if ((r = confine_export(ctx, prog)) != 0)
		strncpy(err, "cannot export the seccomp filter", errsz);
	seccomp_release(ctx);
	return r;
}

int
confine_filter_pfc(const struct policy *p, int fd)
{
	scmp_filter_ctx ctx = filter_build(p);
	int r;

	if (ctx == NULL)
		return -EINVAL;
	r = seccomp_export_pfc(ctx, fd);
	seccomp_release(ctx);
	return r;
}

const char *
confine_set_name(const char *set, size_t i)
{
	const size_t nd = sizeof(always_denied) / sizeof(*always_denied);

	if (strcmp(set, "deny") == 0)
		return i < nd ? always_denied[i].name : NULL;
	if (strcmp(set, "setid") == 0)
		return i < sizeof(setid_calls) / sizeof(*setid_calls) ?
		    setid_calls[i] : NULL;
	if (strcmp(set, "uring") == 0)
		for (size_t j = 0, k = 0; j < nd; j++)
			if (always_denied[j].unsafe == POLICY_UNSAFE_IO_URING &&
			    k++ == i)
				return always_denied[j].name;
	return NULL;
}
