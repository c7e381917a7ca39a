/*
 * confine: the sandbox's kernel side — its seccomp filter, the spawn of
 * the first sandboxed process, and tracing it and its descendants until
 * the end. Main thread only (libseccomp and libc are used here).
 */
/* main thread only */
#ifndef SYD_CONFINE_H
#define SYD_CONFINE_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>

#include "sandbox/sandbox.h"

struct policy;
struct pool;

/*
 * Compile the sandbox filter for policy into prog (its filter array is
 * malloc'ed; main thread). Returns 0 or -errno with err set.
 */
int confine_filter(const struct policy *p, struct sock_fprog *prog,
    char *err, size_t errsz);
/* A libseccomp context (scmp_filter_ctx) as raw BPF (malloc'ed). */
int confine_export(void *ctx, struct sock_fprog *prog);
/* W^X (memory.c): is it on; its rules (and the exec and append checks
 * of mmap and mprotect) into a libseccomp context; PR_SET_MDWE in the
 * sandbox child; does the kernel take PR_SET_MDWE (1, 0, -1 unknown). */
bool confine_wx(const struct policy *p);
int confine_filter_memory(const struct policy *p, void *ctx);
void confine_mdwe_child(const struct policy *p);
int confine_mdwe_probe(void);
/* Print the filter as libseccomp pseudo filter code to fd. */
int confine_filter_pfc(const struct policy *p, int fd);

/*
 * Without a /proc mounted, as root: a procfs of syd's own (proc.c), its
 * fd in sys_proc_fd. keep: mounted on /proc in a mount namespace of
 * syd's own (the sandbox's pid namespace covers it with its own), else
 * attached nowhere. 1 if made, 0 if /proc is there, -errno with err.
 */
int confine_proc_private(bool keep, char *err, size_t errsz);

/* The helper that writes a user namespace's id maps (ns.c). */
struct confine_mapper {
	int pid;	/* 0: none */
	int to, from;
};

struct confine_child {
	const struct policy *policy;
	char *const *argv;	/* COMMAND and its arguments */
	const char *argv0;	/* -a: argv[0] for the command, or NULL */
	char *const *keep_env;	/* names -e set: kept even if unsafe */
	struct sock_fprog *prog;
	unsigned long ns;	/* CLONE_NEW* (confine_ns_flags) */
	bool ns_root;		/* syd is root: map every id */
	struct confine_mapper mapper;	/* with CLONE_NEWUSER */
	/* sandbox/lock as root with a mount tree: syd made the tree in its
	 * own mount namespace before landlocking itself (confine_ns_tree);
	 * the sandbox shares it, chroots into root:, and the proc helper
	 * mounts its pid namespace's /proc. */
	bool tree;
	struct confine_mapper proc_helper;
	int landlock_fd;	/* ruleset the child restricts itself by; <= 0:
				   none */
	int compile_fd;		/* trace/compile_landlock's ruleset; <= 0:
				   none */
	unsigned trace_flags;	/* CONFINE_EXEC_LANDLOCK, CONFINE_AS_ROOT */
	unsigned long trace_opts; /* what the sandbox was seized with */
	int pid;
	int notify_fd;		/* the listener, in syd */
	int go;			/* write end: release the child */
};

/*
 * Fork the first sandboxed process: no_new_privs, parent-death SIGKILL,
 * a new session, the filter with a listener (which syd takes with
 * pidfd_getfd), then it waits for confine_release before it execs.
 * Returns 0, or -errno with err set.
 */
int confine_spawn(struct confine_child *c, char *err, size_t errsz);
int confine_release(struct confine_child *c);

/*
 * Main's loop after boot: signals via signalfd (forwarding SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT to the sandbox), ptrace stops of the traced sandbox, the
 * pool's requests to end. Returns the exit status of SPEC.md section 1.
 */
int confine_wait(struct pool *p, bool wait_all);

/*
 * Namespaces (ns.c). The clone flags the policy needs: unshare/... plus a
 * mount namespace for bind+, root: and a pid namespace's /proc, a UTS one
 * for name/host:, and a user namespace when syd is not root.
 */
unsigned long confine_ns_flags(const struct policy *p, bool root);
/* Whether the sandbox gets a pid namespace (and so a procfs of its own). */
bool confine_ns_pid(const struct policy *p);
/* Write the child's uid and gid maps (identity); -errno. */
int confine_ns_maps(int pid, bool root);
/*
 * A helper process that does it for syd once syd is landlocked (Landlock
 * forbids writing /proc/PID/uid_map): start it first; confine_ns_mapped
 * has it map pid (0 or -errno); end it (and reap it) before boot.
 */
int confine_ns_mapper(struct confine_mapper *m, bool root);
int confine_ns_mapped(struct confine_mapper *m, int pid);
void confine_ns_mapper_end(struct confine_mapper *m);
/* In the child before exec: mounts, hostname, loopback, time namespace.
 * On failure -errno and what names the step. */
/*
 * sandbox/lock as root with a mount tree (Landlock forbids mounting, and
 * the sandbox must be forked inside syd's Landlock domain): syd unshares
 * a mount namespace and makes the tree there itself, before Landlock;
 * the sandbox shares it and chroots into root: (confine_ns_chroot). A
 * helper forked then mounts the sandbox's /proc later
 * (confine_ns_proc_helper / confine_ns_proc_mount).
 */
int confine_ns_tree(const struct policy *p, unsigned long ns, char *what,
    size_t n);
int confine_ns_chroot(const char *root, char *what, size_t n);
/* In the helper: mount a procfs on ROOT/proc for the pid namespace of
 * pid, from a child inside it. 0 or -errno. */
int confine_ns_proc_for(int pid, const char *root);
int confine_ns_proc_helper(struct confine_mapper *m, const char *root);
int confine_ns_proc_mount(struct confine_mapper *m, int pid);
int confine_ns_child(const struct policy *p, unsigned long ns, char *what,
    size_t n);

/*
 * Landlock (landlock.c). The running kernel's ABI (> 0) or -errno. The
 * ruleset of the allow/lock/ rules for the sandbox (self false) or for syd
 * itself (self true: the sandbox's plus /proc and read access to what may
 * be executed); 0 when sandbox/lock is off or Landlock is missing and
 * default/lock asks for best effort; -errno with err set. Apply with
 * confine_landlock_apply (no_new_privs must be set; raw calls only).
 */
int confine_landlock_abi(void);
int confine_landlock_ruleset(const struct policy *p, bool self, char *err,
    size_t errsz);
int confine_landlock_apply(int rs);
/* sandbox/lock for syd's own threads (before the sandbox is forked;
 * ns: the sandbox's CLONE_NEW* flags): 0, or -errno with err set. */
int confine_landlock_self(const struct policy *pol, unsigned long ns,
    char *err, size_t errsz);

/*
 * trace/compile_landlock (landlock_compile.c): decide once, at start,
 * which path categories Landlock enforces instead of notification
 * (policy/compile.c and the file system checks), into p->compiled. With
 * build, log the decision and return the ruleset for the sandbox (> 0; 0
 * when none), to apply in the child after confine_landlock_apply of
 * sandbox/lock's; -errno with err set. Without build (-E, --json): only
 * the decision.
 */
int confine_compile(struct policy *p, bool build, char *err, size_t errsz);

/*
 * The names of a set of system calls the sandbox's filter treats alike
 * (syd-ls): "deny" (refused with EPERM unless a trace/allow_unsafe_
 * setting lifts it), "uring" (io_uring's, among those), "setid" (the
 * set*id calls SafeSetID decides; filter.c); and the loader variables
 * removed from the sandbox's environment ("env"; spawn.c). By index;
 * NULL past the last, or for an unknown set.
 */
const char *confine_set_name(const char *set, size_t i);
const char *confine_env_unsafe(size_t i);

/*
 * Settings this build parses but cannot enforce yet: a one-line reason
 * for the first one the policy asks for, or NULL. syd refuses to start
 * rather than run a sandbox weaker than the configuration says.
 */
const char *confine_unsupported(const struct policy *p);
/*
 * The kernel writes a core dump into the crashing process's cwd itself,
 * never asking syd — a file made where create is denied, holding the
 * memory (with coredump_filter, the file mappings) of a program the read
 * rules deny. With read, write or create checking on and no rlimit/core
 * given, the sandbox gets RLIMIT_CORE 0 (hard too) and may not raise it
 * (trace/allow_unsafe_prlimit lifts both).
 */
bool confine_core_forced(const struct policy *p);

/* Create, bind and listen on the ipc: socket (PATH or @NAME); -errno. */
int confine_ipc_socket(const char *where);

/* Build a role's filter (main thread, before boot). */
int confine_thread_filter(enum sandbox_role role, struct sock_fprog *prog);
/* Print it as pseudo filter code. */
int confine_thread_pfc(enum sandbox_role role, int fd);
/* The numbers a role may call, ascending: how many (up to max stored). */
size_t confine_thread_calls(enum sandbox_role role, int *nrs, size_t max);

/* --info and --check (info.c): what this kernel offers; exit status. */
int confine_info(void);
int confine_check(void);

/* At an exec stop of pid (main): verify what it runs, kill it if the
 * rules deny it (exec_verify.c). exe (PATH_MAX) gets its executable as
 * the sandbox names it, or "" when it was not read. */
void confine_exec_verify(struct pool *p, int pid, char *exe);

/*
 * The ptrace stops a sandbox needs (trace_need.c, one place). flags:
 * CONFINE_EXEC_LANDLOCK, the exec category is enforced by Landlock's
 * execute right (no exec stop for it); CONFINE_AS_ROOT, syd runs as
 * root and acts with the target's cached credentials.
 */
#define CONFINE_EXEC_LANDLOCK 1u
#define CONFINE_AS_ROOT 2u
bool confine_exec_stop_needed(const struct policy *p, unsigned flags);
bool confine_segv_tracked(const struct policy *p);
unsigned confine_trace_flags(const struct policy *p);
unsigned long confine_trace_opts(const struct policy *p, unsigned flags);
const char *confine_trace_name(unsigned long opts);

/*
 * SegvGuard's record of each traced task's executable (segv_exe.c, main
 * thread): set at exec stops, shared at fork stops, and at the reap of a
 * task that died of a core-dumping signal its process's crash counted
 * once.
 */
void confine_segv_exec(int pid, const char *exe);
void confine_segv_fork(int parent, int child, bool thread);
void confine_segv_reaped(struct pool *p, int pid, int status);

/* Block every signal (before the first thread). */
void confine_block_signals(void);

/*
 * The cmd/exec helper (exec_helper.c): fork it, before syd confines
 * itself. Returns syd's end of its socket (for sandbox_cmdexec_fd) or
 * -errno.
 */
int confine_exec_helper(void);

#endif
