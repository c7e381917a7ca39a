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
/* Print the filter as libseccomp pseudo filter code to fd. */
int confine_filter_pfc(const struct policy *p, int fd);

struct confine_child {
	const struct policy *policy;
	char *const *argv;	/* COMMAND and its arguments */
	const char *argv0;	/* -a: argv[0] for the command, or NULL */
	char *const *keep_env;	/* names -e set: kept even if unsafe */
	struct sock_fprog *prog;
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

/* syd's own threads, each confined to what its role needs. */
enum confine_role {
	CONFINE_MONITOR,
	CONFINE_EMULATOR,
	CONFINE_INTERRUPTER,
	CONFINE_TIMEOUT,
	CONFINE_IPC,
	CONFINE_AES,
	CONFINE_NROLES,
};
/* Build a role's filter (main thread, before boot). */
int confine_thread_filter(enum confine_role role, struct sock_fprog *prog);
/* Print it as pseudo filter code. */
int confine_thread_pfc(enum confine_role role, int fd);

/* Block every signal (before the first thread). */
void confine_block_signals(void);

#endif
