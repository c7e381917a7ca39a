/*
 * pool: syd's threads after boot (DESIGN.md sections 2 and 3): the monitor,
 * the emulators it grows and shrinks, the interrupter and the timeout.
 */
/* worker-safe */
#ifndef SYD_POOL_H
#define SYD_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "sys/sys.h"

struct policy;
struct sock_fprog;

/* One blocking emulation the interrupter watches. */
struct pool_slot {
	int emu_tid;	/* 0: free */
	int target;	/* target thread */
	uint64_t id;	/* notification id */
	int kicked;	/* set by the interrupter before it signals */
};

struct pool {
	/* Set before boot. */
	int notify_fd;
	int rootfd;		/* O_PATH "/" of the target's root */
	int syd_pid;
	int child;		/* the first sandboxed process */
	bool child_init;	/* it is PID 1 of its own pid namespace */
	struct policy *policy;	/* changes at run time under policy_lock */
	struct sys_rwlock policy_lock;
	int initial_exec_done;	/* the first process has run COMMAND */
	int chrooted;		/* some target chroot'ed: look up each root */
	/* root: entered by chroot (sandbox/lock as root, main.c): the
	 * sandbox's root as syd names it; see path_ctx.hide. */
	char tree_root[4096];
	size_t tree_rootlen;
	/* trace/allow_safe_bind: addresses the sandbox bound (IP and
	 * port; UNIX socket paths), a small ring, under bound_lock. */
	struct sys_lock bound_lock;
	unsigned nbound;
	struct pool_bound {
		uint8_t family;
		uint16_t port;
		uint8_t addr[16];
		char path[108];
	} bound[64];
	unsigned core, max;
	long keep_alive_ms;
	int64_t timeout_ms;
	bool root;		/* syd runs as uid 0: act with target creds */
	/* (total << 32) | busy emulators. */
	uint64_t counts;
	int mon_wake;		/* futex word the monitor sleeps on */
	int stop;		/* 1: leave (sandbox gone) */
	int timed_out;		/* the timeout thread fired */
	int panicked;		/* a panic action ended syd */
	int exit_code;		/* for panic/exit actions */
	/*
	 * Bumped whenever a target's credentials may change (a set*id or
	 * capset call is notified) or a task appears (ptrace fork/clone/exec
	 * events, handled before the new task runs): cached credentials of
	 * an older generation are read again.
	 */
	int cred_gen;
	struct sys_thread mon, intr, tmo, ipc;
	int ipc_fd;		/* listening IPC socket, -1: none */
	bool fault;		/* SYD_FAULT_FORBIDDEN: debugging only */
	/* Each role's own filter (confine_thread_filter); a NULL one is
	 * not installed (SYD_SKIP_SCMP). Indexed by enum confine_role. */
	struct sock_fprog *filters[6];
	struct sys_thread *emus;	/* max slots */
	struct sys_lock int_lock;
	int int_used;			/* slots in use (futex word too) */
	struct pool_slot slots[SYD_INT_SLOTS];
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
	/* Tids syd itself answered -ERESTARTSYS (a kicked blocking
	 * emulation), until main sees their signal-delivery stop. */
	int restart_tids[SYD_INT_SLOTS];
};

/* Install role's filter on the calling thread; on failure syd ends (a
 * thread that cannot be confined must not serve). */
void pool_confine(struct pool *p, int role);

/* Start monitor, core emulators, interrupter and (if set) timeout. */
int pool_boot(struct pool *p);
/* Ask every thread to leave and join them (main thread). */
void pool_stop(struct pool *p);

/*
 * Around a blocking emulation: register so the interrupter can kick this
 * emulator with SIGALRM when the target gets a signal or goes away.
 * pool_block_begin returns NULL when there is no room to block (all but
 * the reserved emulators already block, or the table is full): the caller
 * must not block then, and answers EAGAIN. pool_block_end returns true
 * when the interrupter kicked it.
 */
struct pool_slot *pool_block_begin(struct pool *p, int emu_tid, int target,
    uint64_t id);
bool pool_block_end(struct pool *p, struct pool_slot *s);

/*
 * sandbox/pid (pids.c). pool_pid_init (main, before boot): the limit and
 * the first task. pool_pid_reserve (emulator, at a notified fork): true
 * if the fork may go on, counted as pending. pool_pid_event (main, from
 * ptrace and waitpid): what happened to tid.
 */
enum pool_pid_ev {
	POOL_PID_FORKED,	/* tid's fork event; other is the child */
	POOL_PID_SEEN,		/* tid's first stop */
	POOL_PID_EXEC,		/* tid exec'ed; other is its former tid */
	POOL_PID_EXITED,	/* tid was reaped */
	POOL_PID_CANCEL,	/* tid's reserved fork will not happen */
};
int pool_pid_init(struct pool *p, uint64_t max, int first);
bool pool_pid_reserve(struct pool *p, int tid);
void pool_pid_event(struct pool *p, enum pool_pid_ev ev, int tid, int other);

/*
 * -ERESTARTSYS is what both syd (a kicked blocking emulation) and the
 * kernel (a notified call interrupted before syd received it) leave in a
 * target's return register. The emulator notes the tids it answered so
 * (false: no room, answer EINTR instead); main takes the note at the
 * tid's signal-delivery stop (true: syd's own answer) or forgets it when
 * the tid exits.
 */
#define POOL_ERESTARTSYS 512	/* the kernel's, not in uapi headers */
bool pool_restart_note(struct pool *p, int tid);
bool pool_restart_take(struct pool *p, int tid);

#endif
