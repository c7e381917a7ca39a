/*
 * pool: syd's threads after boot (DESIGN.md sections 2 and 3): the monitor,
 * the emulators it grows and shrinks, the interrupter, the timeout and the
 * IPC worker. The pool moves notifications from the kernel's queue to the
 * emulated calls (kernel_handle) and their answers back; the sandbox's
 * state is the sandbox's (sandbox.h).
 */
/* worker-safe */
#ifndef SYD_POOL_H
#define SYD_POOL_H

#include <stdbool.h>
#include <stdint.h>

#include "config.h"
#include "sandbox/sandbox.h"
#include "sys/sys.h"

struct pool {
	struct sandbox *sb;
	/* Set before boot. */
	int notify_fd;
	unsigned core, max;
	long keep_alive_ms;
	int64_t timeout_ms;
	int ipc_fd;		/* listening IPC socket, -1: none */
	bool fault;		/* SYD_FAULT_FORBIDDEN: debugging only */
	/* (total << 32) | busy emulators (counts.h). */
	uint64_t counts;
	int mon_wake;		/* futex word the monitor sleeps on */
	int stop;		/* 1: leave (sandbox gone) */
	int timed_out;		/* the timeout thread fired */
	int tmo_ctl;		/* POOL_TMO_*: what the timeout thread does */
	struct sys_thread mon, intr, tmo, ipc;
	struct sys_thread *emus;	/* max slots */
};

/* Emulators never given to blocking emulations: sandbox's block_max is
 * max - POOL_RESERVE. */
#define POOL_RESERVE 1

/*
 * The timeout thread's orders (tmo_ctl, a futex word). It does not leave
 * with the others at ghost: told GHOST, it closes its copy of the
 * notification fd (in its own fd table) and answers GHOSTED, then goes on
 * until the timeout expires or STOP (pool_stop).
 */
enum { POOL_TMO_RUN, POOL_TMO_GHOST, POOL_TMO_GHOSTED, POOL_TMO_STOP };

/* Start monitor, core emulators, interrupter and (if set) timeout. */
int pool_boot(struct pool *p);
/* Ask every thread to leave (main thread). */
void pool_stop(struct pool *p);
/* ghost (ghost.c, main thread): stop and join the pool but the timeout
 * thread, which only drops its copy of the notification fd, then close
 * main's. 0, or -EBUSY when a thread would not leave or drop its copy
 * (the listener may then still be open: the caller must not leave the
 * sandbox be). */
int pool_ghost(struct pool *p);

#endif
