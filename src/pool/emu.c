/* worker-safe */
/*
 * The emulator loop (DESIGN.md section 4). Core emulators block in RECV;
 * main kicks them with SIGALRM when the sandbox is gone. Extra emulators
 * first wait in poll so they can leave after the keep-alive.
 */
#include <fcntl.h>
#include <poll.h>
#include <sys/mman.h>
#include <signal.h>
#include <string.h>

#include "kernel/kernel.h"
#include "pool/counts.h"
#include "pool/pool.h"
#include "pool/pool_int.h"
#include "rt/rt.h"

static void
emu_busy(struct pool *p)
{
	/* The last idle emulator just got work: let the monitor add one. */
	if (pool_count_busy(&p->counts)) {
		__atomic_add_fetch(&p->mon_wake, 1, __ATOMIC_RELEASE);
		sys_futex_wake(&p->mon_wake, 1);
	}
}

/* 1: a notification may be waiting; 0: idle timeout; -1: leave. */
static int
emu_wait(struct pool *p)
{
	struct pollfd pfd = { .fd = p->notify_fd, .events = POLLIN };
	int r = sys_poll(&pfd, 1, (int)p->keep_alive_ms);

	if (r > 0 && (pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) &&
	    !(pfd.revents & POLLIN))
		return -1;
	return r > 0 || r == -EINTR ? 1 : 0;
}

/*
 * The one place an answer reaches the kernel. An fd is installed with
 * ADDFD and SEND, which answers with its number; if that fails the
 * target gets the error instead. A file open for writing is installed
 * first and answered after syd's own copy is closed: the target may write
 * it, close it and execute it at once, and while syd still held it the
 * exec would fail with ETXTBSY. In between the target waits killably
 * (WAIT_KILLABLE_RECV): only its death can come, and takes the fd along.
 */
static void
emu_answer(struct emu *e, struct kernel_ans a)
{
	struct seccomp_notif_resp resp;
	bool wr;
	int r, fl;

	if (a.kind == KERNEL_FD) {
		/* The handler knows the mode of an fd it opened itself:
		 * one call fewer per open. */
		if (a.acc != 0)
			wr = a.acc == KERNEL_FD_WR;
		else {
			fl = (int)sys_fcntl((int)a.v, F_GETFL, 0);
			wr = fl >= 0 && (fl & O_ACCMODE) != O_RDONLY;
		}
		r = -EBADF;
		if (a.newfd > 0) /* trace/force_rand_fd (kernel/fdslot.c) */
			r = sys_notif_addfd(e->fd, e->req.id, (int)a.v, a.newfd,
			    a.fd_flags, !wr);
		/* Past the target's RLIMIT_NOFILE, or no slot: the lowest. */
		if (a.newfd <= 0 || r == -EBADF || r == -EMFILE)
			r = sys_notif_addfd(e->fd, e->req.id, (int)a.v, 0,
			    a.fd_flags, !wr);
		sys_close((int)a.v);
		if (r == -ENOENT || (r >= 0 && !wr))
			return;
		a = r >= 0 ? kernel_ans_value(r) : kernel_ans_error(r);
	}
	if (!kernel_ans_resp(a, e->req.id, &resp))
		return; /* the target is gone: nobody to answer */
	/* Main must tell this -ERESTARTSYS from the kernel's (sandbox.h). */
	if (resp.error == -SYS_ERESTARTSYS &&
	    !sandbox_restart_note(e->sb, (int)e->req.pid))
		resp.error = -EINTR;
	r = sys_notif_send(e->fd, &resp);
	if (r < 0 && r != -ENOENT)
		rt_log_msg(RT_ERR, "pool", "send", "notification answer: %d", r);
}

/*
 * An extra emulator leaves after keep-alive ms without work. Being woken
 * by poll and losing the RECV race to another emulator is not work.
 * *since is when such a lost race began a stretch without work, 0 while
 * the last wake-up was work: the clock is read only on a lost race, not
 * for each notification served. A poll that timed out (timed_out) has
 * waited keep-alive ms itself.
 */
static bool
emu_idle(struct pool *p, int64_t *since, bool timed_out)
{
	int64_t now;

	if (!timed_out) {
		now = sys_now_ns();
		if (*since == 0)
			*since = now;
		if (now - *since < p->keep_alive_ms * 1000000)
			return false;
	}
	if (pool_count_leave(&p->counts, p->core))
		return true;
	*since = 0;
	return false;
}

/* No process uses the filter any more. */
static bool
emu_hangup(int fd)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN };

	return sys_poll(&pfd, 1, 0) > 0 && (pfd.revents & POLLHUP);
}

static void
emu_loop(struct pool *p, struct emu *e, bool core)
{
	int64_t since = 0; /* see emu_idle */

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		struct kernel_ans a;
		int r;

		if (!core) {
			r = emu_wait(p);
			if (r < 0)
				break;
			if (r == 0 && emu_idle(p, &since, true))
				return;
			if (r == 0)
				continue;
		}
		r = sys_notif_recv(e->fd, &e->req);
		if (r == -ENOENT && emu_hangup(e->fd)) {
			/* The sandbox is gone and RECV no longer waits: do
			 * not spin while syd finishes (crypt write-back). */
			sys_futex_wait(&p->stop, 0, 100);
			continue;
		}
		if (r == -EINTR || r == -ENOENT || r == -EAGAIN) {
			if (!core && emu_idle(p, &since, false))
				return;
			continue;
		}
		if (r < 0)
			break;
		emu_busy(p);
		sys_rdlock(&p->sb->policy_lock);
		a = kernel_handle(e);
		sys_rdunlock(&p->sb->policy_lock);
		/* Idle before the answer: with SYNC_WAKE_UP the target runs
		 * at once and its next call must not find us "busy". */
		pool_count_idle(&p->counts);
		emu_answer(e, a);
		since = 0; /* only extras leave when idle */
	}
	pool_count_out(&p->counts);
}

int
pool_emu_main(void *arg)
{
	struct pool_emu_arg *a = arg;
	struct pool *p = a->pool;
	bool core = a->core;
	uint64_t alrm = 1ULL << (SIGALRM - 1);
	/* ~100 KiB of buffers: beside the stack, not on it (the handlers'
	 * own buffers, up to 64 KiB for a datagram, go there). */
	struct emu *e = sys_mmap(NULL, sizeof(*e), PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	__atomic_store_n(&a->taken, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&a->taken, 1);
	if ((long)e < 0 && (long)e > -4096) {
		rt_log_msg(RT_ERR, "pool", "spawn", "emulator: no memory");
		pool_count_out(&p->counts);
		return 0;
	}
	e->sb = p->sb;
	e->fd = p->notify_fd;
	e->tid = sys_gettid();
	e->cred_uid = e->cred_gid = -1;
	e->cred_caps = ~0ULL; /* unknown: the first target sets it */
	e->res.dirfd = e->res2.dirfd = -1;
	e->pidfd.fd = -1;
	/* SIGALRM is the interrupter's kick: a blocked call returns EINTR. */
	sys_sigprocmask(SIG_UNBLOCK, &alrm, NULL);
	sandbox_confine(p->sb, SANDBOX_EMULATOR);
	if (p->fault) {
		/* Fault injection (debugging, tests): a call outside the
		 * emulator's list must fail. */
		long r = sys_call3(SYS_socket, 2 /* AF_INET */, 1, 0);
		rt_log_msg(RT_WARN, "confine", "fault", "emulator %d: "
		    "forbidden socket(2) returned %ld", sys_gettid(), r);
		if (r >= 0)
			sys_close((int)r);
	}
	rt_log_msg(RT_DEBUG, "pool", "spawn", "emulator %d started (%s)",
	    e->tid, core ? "core" : "extra");
	emu_loop(p, e, core);
	rt_log_msg(RT_DEBUG, "pool", "exit", "emulator %d exits", e->tid);
	path_pidfd_drop(&e->pidfd);
	sys_munmap(e, sizeof(*e));
	return 0;
}
