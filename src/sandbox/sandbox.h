/*
 * sandbox: the state of one sandbox that every floor above shares — the
 * live policy and its lock, the roots names are resolved from, the
 * credential generation, the first process, the addresses it bound, its
 * task count, the calls blocked on its behalf, and the filter each of
 * syd's thread roles runs under. The kernel (emulated calls) reads and
 * changes it; the pool (threads) and main set it up; nothing here knows
 * about threads or notifications.
 */
/* worker-safe */
#ifndef SYD_SANDBOX_H
#define SYD_SANDBOX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "sys/sys.h"

struct policy;
struct sock_fprog;

/* syd's own threads, each confined to what its role needs. */
enum sandbox_role {
	SANDBOX_MONITOR,
	SANDBOX_EMULATOR,
	SANDBOX_INTERRUPTER,
	SANDBOX_TIMEOUT,
	SANDBOX_IPC,
	SANDBOX_AES,
	SANDBOX_NROLES,
};

/* One blocking emulation the interrupter watches. */
struct sandbox_slot {
	int emu_tid;	/* 0: free */
	int target;	/* target thread */
	uint64_t id;	/* notification id */
	int kicked;	/* set by the interrupter before it signals */
};

/* An address a sandboxed socket bound (trace/allow_safe_bind). */
struct sandbox_bound {
	uint8_t family;
	uint16_t port;
	uint8_t addr[16];
	char path[108];
};

#define SANDBOX_NBOUND 64

/* One program SegvGuard knows of (segvguard.c). */
struct sandbox_segv {
	uint8_t key[16];	/* digest of its executable's path */
	uint32_t crashes;	/* within the window from first; 0: free */
	int64_t first;		/* CLOCK_MONOTONIC ms of the window's start */
	int64_t until;		/* suspended until then (ms) */
};

struct sandbox {
	/* Set before boot. */
	int rootfd;		/* O_PATH "/" of the target's root */
	int syd_pid;
	int child;		/* the first sandboxed process */
	bool child_init;	/* it is PID 1 of its own pid namespace */
	bool root;		/* syd runs as uid 0: act with target creds */
	/* Without root, the sandbox's user namespace maps only syd's own
	 * uid and gid (confine_ns_maps): there every other id reads as the
	 * overflow id, and ids syd reports back are turned into those. */
	bool idmap;
	uint32_t idmap_uid, idmap_gid, overflow_uid, overflow_gid;
	struct policy *policy;	/* changes at run time under policy_lock */
	struct sys_rwlock policy_lock;
	int initial_exec_done;	/* the first process has run COMMAND */
	/* The ptrace stops the sandbox got (confine/trace_need.c): every
	 * exec stops before the new image runs; the executable of each task
	 * is kept for SegvGuard's crash count (confine/segv_exe.c). */
	bool exec_stopped;
	bool segv_tracked;
	int chrooted;		/* some target chroot'ed: look up each root */
	/* root: entered by chroot (sandbox/lock as root): the sandbox's
	 * root as syd names it; see path_ctx.hide. */
	char tree_root[4096];
	size_t tree_rootlen;
	/*
	 * Bumped whenever a target's credentials may change (a set*id or
	 * capset call is notified) or a task appears (ptrace fork/clone/exec
	 * events, handled before the new task runs): cached credentials of
	 * an older generation are read again.
	 */
	int cred_gen;
	/* Some target may be in another user namespace than the first
	 * one syd looked at: making or entering one was allowed at boot
	 * (the filter lets clone and unshare do it unseen) or an unshare
	 * or setns that may do it was let through since. Until then one
	 * comparison holds for every target (kernel/creds.c). */
	int userns_moved;
	int panicked;		/* a panic action ended syd */
	int ghost;		/* 1: ghost asked for, 2: syd let go */
	int exit_code;		/* for panic/exit actions */

	/* trace/allow_safe_bind (bound.c): a ring under bound_lock. */
	struct sys_lock bound_lock;
	unsigned nbound;
	struct sandbox_bound bound[SANDBOX_NBOUND];

	/* Blocking emulations (block.c), under int_lock. */
	unsigned block_max;		/* how many may block at once */
	struct sys_lock int_lock;
	int int_used;			/* slots in use (futex word too) */
	struct sandbox_slot slots[SYD_INT_SLOTS];
	/* Tids syd itself answered -ERESTARTSYS (a kicked blocking
	 * emulation), until main sees their signal-delivery stop. */
	int restart_tids[SYD_INT_SLOTS];

	/* sandbox/pid (pids.c), under pid_lock. */
	struct sys_lock pid_lock;
	uint64_t pid_max;		/* 0: no limit */
	uint64_t pid_live;		/* tasks in pid_set */
	int *pid_set;			/* tids seen alive (hash set) */
	size_t pid_cap, pid_dead;	/* slots; deleted ones */
	unsigned pid_npending;		/* forks let through, child unseen */
	int pid_pending[SYD_PID_PENDING];
	/* Children whose exit came before their parent's fork event (a
	 * ring): that late event must not count them again. */
	int pid_early[64];
	unsigned pid_nearly;

	/* SegvGuard (segvguard.c), under segv_lock. */
	struct sys_lock segv_lock;
	struct sandbox_segv segv[SYD_SEGVGUARD_MAX];

	/* Each role's own filter (role.c); a NULL one is not installed
	 * (SYD_SKIP_SCMP). */
	struct sock_fprog *filters[SANDBOX_NROLES];
};

/* The role's name for ps and /proc/PID/task/TID/comm ("syd_emu"). */
const char *sandbox_role_name(enum sandbox_role role);
/* Install role's filter on the calling thread; on failure syd ends (a
 * thread that cannot be confined must not serve). */
void sandbox_confine(struct sandbox *sb, enum sandbox_role role);

/*
 * Around a blocking emulation (block.c): register so the interrupter can
 * kick this emulator with SIGALRM when the target gets a signal or goes
 * away. sandbox_block_begin returns NULL when there is no room to block
 * (block_max already block, or the table is full): the caller must not
 * block then, and answers EAGAIN. It drops the policy read lock the
 * caller holds (a runtime change must not wait for a FIFO writer);
 * sandbox_block_end takes it back and returns true when the interrupter
 * kicked it.
 */
struct sandbox_slot *sandbox_block_begin(struct sandbox *sb, int emu_tid,
    int target, uint64_t id);
bool sandbox_block_end(struct sandbox *sb, struct sandbox_slot *s);

/*
 * -ERESTARTSYS is what both syd (a kicked blocking emulation) and the
 * kernel (a notified call interrupted before syd received it) leave in a
 * target's return register. The emulator notes the tids it answered so
 * (false: no room, answer EINTR instead); main takes the note at the
 * tid's signal-delivery stop (true: syd's own answer) or forgets it when
 * the tid exits.
 */
bool sandbox_restart_note(struct sandbox *sb, int tid);
bool sandbox_restart_take(struct sandbox *sb, int tid);

/*
 * sandbox/pid (pids.c). sandbox_pid_init (main, before boot): the limit
 * and the first task. sandbox_pid_reserve (emulator, at a notified fork):
 * true if the fork may go on, counted as pending. sandbox_pid_event
 * (main, from ptrace and waitpid): what happened to tid.
 */
enum sandbox_pid_ev {
	SANDBOX_PID_FORKED,	/* tid's fork event; other is the child */
	SANDBOX_PID_SEEN,	/* tid's first stop */
	SANDBOX_PID_EXEC,	/* tid exec'ed; other is its former tid */
	SANDBOX_PID_EXITED,	/* tid was reaped */
	SANDBOX_PID_CANCEL,	/* tid's reserved fork will not happen */
};
int sandbox_pid_init(struct sandbox *sb, uint64_t max, int first);
bool sandbox_pid_reserve(struct sandbox *sb, int tid);
void sandbox_pid_event(struct sandbox *sb, enum sandbox_pid_ev ev, int tid,
    int other);

/*
 * SegvGuard (segvguard.c). sandbox_segv_crash (main, at a crash of the
 * program at path): counts it within expiry ms and returns the count
 * (0 when the table had no room); at max crashes the program is
 * suspended for suspension ms, *until then set (CLOCK_MONOTONIC ms; also
 * set when it already was). sandbox_segv_suspended (any thread, at
 * exec): the ms path stays suspended, 0 when it may run.
 */
uint32_t sandbox_segv_crash(struct sandbox *sb, const char *path,
    int64_t expiry, int64_t suspension, uint64_t max, int64_t *until);
int64_t sandbox_segv_suspended(struct sandbox *sb, const char *path);

/*
 * trace/allow_safe_bind (bound.c): remember an address a sandboxed
 * socket bound (addr: 4 or 16 bytes; path for AF_UNIX), and whether one
 * was (0.0.0.0 and :: match any loopback address).
 */
void sandbox_bound_add(struct sandbox *sb, int family, const uint8_t *addr,
    uint16_t port, const char *path);
bool sandbox_bound_has(struct sandbox *sb, int family, const uint8_t *addr,
    uint16_t port, const char *path);

/*
 * Commands from /dev/syd and IPC (gate.c, config.c). sandbox_cmd_prepare
 * expands ${VAR} in cmd into x (POLICY_CMD_MAX + 1 bytes) and says what
 * the expansion is: SANDBOX_CMD_QUERY (KEY?, changes nothing),
 * SANDBOX_CMD_CHANGE, -EOPNOTSUPP for a setting this version applies
 * only at start-up, or the expansion's -EINVAL / -E2BIG.
 * sandbox_cmd_allowed, under the policy's write lock: -EPERM when a
 * change would loosen the lock. sandbox_cmd_stricter: whether lock:drop
 * admits it (it only makes the policy stricter).
 */
enum { SANDBOX_CMD_CHANGE, SANDBOX_CMD_QUERY };
int sandbox_cmd_prepare(const char *cmd, char *x, size_t xsz);
int sandbox_cmd_allowed(const struct policy *p, const char *x);
bool sandbox_cmd_stricter(const char *cmd);
/* Run a prepared command on the live policy (no lock held by the
 * caller); cmd as written for the log, who names the source in logs
 * ("magic", "ipc"). */
/* logopts.c: the policy's log/ settings into the log module.
 * sandbox_log_init and sandbox_log_open: main, before any thread (NULL:
 * /dev/log); open is -errno when log/syslog:1 is set and finds neither
 * the syslog socket nor /dev/kmsg. apply: -EOPNOTSUPP for log/syslog:1
 * when no sink was opened at start. */
void sandbox_log_init(const char *syslog_path);
int sandbox_log_open(const struct policy *p);
int sandbox_log_apply(const struct policy *p);

int sandbox_config(struct sandbox *sb, const char *cmd, const char *x,
    int kind, const char *who);
/*
 * load/FD (load.c): run the configuration in fd (a regular file, read
 * whole from offset 0, at most SANDBOX_LOAD_MAX bytes) line by line.
 * judge(arg, x, change) is asked before each line as the expanded
 * command x: 0 lets it run, else its -errno ends the load. Returns 0, or
 * the -errno of the first failing line (earlier lines stay applied).
 */
#define SANDBOX_LOAD_MAX (1 << 20)
typedef int sandbox_judge_fn(void *arg, const char *x, bool change);
int sandbox_load(struct sandbox *sb, int fd, sandbox_judge_fn *judge,
    void *arg, const char *who);
/*
 * cmd/exec (cmdexec.c): run a program outside the sandbox, as syd, in a
 * session of its own, not waited for. arg is "PROG" or
 * "PROG\037ARG\037ARG..."; the helper (confine_exec_helper) on fd
 * sandbox_cmdexec_fd runs it. Returns 0 once it was executed, or -errno
 * (-EOPNOTSUPP when there is no helper).
 */
extern int sandbox_cmdexec_fd;
/*
 * ghost (ghost.c): ask main to stop supervising (pool_ghost). 0 once
 * asked (the caller answers, then main lets go), -EBUSY while crypt is
 * on (its files need syd), -EALREADY when it was asked for before.
 */
int sandbox_ghost(struct sandbox *sb, const char *who);
int sandbox_cmdexec(const char *arg, const char *who);
/* The state as one JSON object on one line, written to fd (state.c). */
void sandbox_state(int fd, const struct policy *p);
/* Set by syd once its sandbox is traced: which stops it got ("fork,exec"
 * or "fork"), reported as the state's "ptrace" key; NULL: none shown. */
extern const char *sandbox_ptrace_mode;
/* The settings past categories and rules, as ,"key":value pairs. */
void sandbox_state_opts(int fd, const struct policy *p);

#endif
