/* worker-safe */
/*
 * The emulator loop (DESIGN.md section 4). Core emulators block in RECV;
 * main kicks them with SIGALRM when the sandbox is gone. Extra emulators
 * first wait in poll so they can leave after the keep-alive.
 */
#include <poll.h>
#include <sys/mman.h>
#include <signal.h>
#include <string.h>

#include "kernel/kernel.h"
#include "pool/pool.h"
#include "pool/pool_int.h"
#include "rt/rt.h"

#define BUSY_MASK 0xffffffffULL
#define TOTAL_ONE (1ULL << 32)

static void
emu_busy(struct pool *p)
{
	uint64_t c = __atomic_add_fetch(&p->counts, 1, __ATOMIC_ACQ_REL);

	/* The last idle emulator just got work: let the monitor add one. */
	if ((c & BUSY_MASK) >= (c >> 32)) {
		__atomic_add_fetch(&p->mon_wake, 1, __ATOMIC_RELEASE);
		sys_futex_wake(&p->mon_wake, 1);
	}
}

/* An extra emulator may leave only while the pool stays above core. */
static bool
emu_may_leave(struct pool *p)
{
	uint64_t c = __atomic_load_n(&p->counts, __ATOMIC_ACQUIRE);

	while ((c >> 32) > p->core) {
		if (__atomic_compare_exchange_n(&p->counts, &c, c - TOTAL_ONE,
			false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
	}
	return false;
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

static void
emu_answer(struct emu *e)
{
	int r;

	if (e->answered)
		return;
	if (e->addfd >= 0) {
		r = sys_notif_addfd_send(e->fd, e->req.id, e->addfd,
		    e->addfd_flags);
		sys_close(e->addfd);
		e->addfd = -1;
		if (r >= 0 || r == -ENOENT)
			return;
		e->resp.error = r;
		e->resp.val = 0;
	}
	e->resp.id = e->req.id;
	/* Main must tell this -ERESTARTSYS from the kernel's (sandbox.h). */
	if (e->resp.error == -SYS_ERESTARTSYS &&
	    !sandbox_restart_note(e->sb, (int)e->req.pid))
		e->resp.error = -EINTR;
	r = sys_notif_send(e->fd, &e->resp);
	if (r < 0 && r != -ENOENT)
		rt_log_msg(RT_ERR, "pool", "send", "notification answer: %d", r);
}

/*
 * An extra emulator leaves after keep-alive ms without work. Being woken
 * by poll and losing the RECV race to another emulator is not work.
 */
static bool
emu_idle(struct pool *p, int64_t *last)
{
	if (sys_now_ns() - *last < p->keep_alive_ms * 1000000)
		return false;
	if (emu_may_leave(p))
		return true;
	*last = sys_now_ns();
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
	int64_t last = sys_now_ns();

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		int r;

		if (!core) {
			r = emu_wait(p);
			if (r < 0)
				break;
			if (emu_idle(p, &last))
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
		if (r == -EINTR || r == -ENOENT || r == -EAGAIN)
			continue;
		if (r < 0)
			break;
		emu_busy(p);
		memset(&e->resp, 0, sizeof(e->resp));
		e->answered = false;
		e->addfd = -1;
		sys_rdlock(&p->sb->policy_lock);
		kernel_handle(e);
		sys_rdunlock(&p->sb->policy_lock);
		/* Idle before the answer: with SYNC_WAKE_UP the target runs
		 * at once and its next call must not find us "busy". */
		__atomic_sub_fetch(&p->counts, 1, __ATOMIC_ACQ_REL);
		emu_answer(e);
		if (!core)
			last = sys_now_ns(); /* only extras leave when idle */
	}
	__atomic_sub_fetch(&p->counts, TOTAL_ONE, __ATOMIC_ACQ_REL);
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
		__atomic_sub_fetch(&p->counts, TOTAL_ONE, __ATOMIC_ACQ_REL);
		return 0;
	}
	e->sb = p->sb;
	e->fd = p->notify_fd;
	e->tid = sys_gettid();
	e->cred_uid = e->cred_gid = -1;
	e->cred_caps = ~0ULL; /* unknown: the first target sets it */
	e->res.dirfd = e->res2.dirfd = -1;
	e->addfd = -1;
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
	sys_munmap(e, sizeof(*e));
	return 0;
}
