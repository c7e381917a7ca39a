/* worker-safe */
/*
 * The interrupter (syd_int, DESIGN.md section 4). While some emulation is
 * blocked, every SYD_INT_PERIOD_MS it checks each one: if the notification
 * died, or the target thread has a signal it will take, the emulator gets
 * SIGALRM so its blocking call returns EINTR. The emulator then answers
 * -ERESTARTSYS and the kernel restarts or fails the call as it would have.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "config.h"
#include "path/path.h"
#include "pool/pool_int.h"

/*
 * Will tid take a signal now? Thread-directed pending signals always go to
 * it; process-directed ones only surely when it is the only thread.
 */
static bool
intr_signalled(int tid)
{
	char p[64], buf[2048];
	uint64_t mask, own, shared;
	const char *th;
	long n;
	int fd;

	snprintf(p, sizeof(p), "/proc/%d/status", tid);
	if ((fd = sys_openat(AT_FDCWD, p, O_RDONLY, 0)) < 0)
		return false;
	n = sys_read(fd, buf, sizeof(buf) - 1);
	sys_close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	mask = path_status_hex(buf, "\nSigBlk:") | path_status_hex(buf, "\nSigIgn:");
	own = path_status_hex(buf, "\nSigPnd:") & ~mask;
	shared = path_status_hex(buf, "\nShdPnd:") & ~mask;
	th = strstr(buf, "\nThreads:");
	return own != 0 ||
	    (shared != 0 && th != NULL && path_atoi(th + 9) == 1);
}

static void
intr_scan(struct pool *p)
{
	sys_lock(&p->int_lock);
	for (int i = 0; i < SYD_INT_SLOTS; i++) {
		struct pool_slot *s = &p->slots[i];
		if (s->emu_tid == 0)
			continue;
		if (sys_notif_id_valid(p->notify_fd, s->id) == 0 &&
		    !intr_signalled(s->target))
			continue;
		__atomic_store_n(&s->kicked, 1, __ATOMIC_RELEASE);
		sys_tgkill(p->syd_pid, s->emu_tid, SIGALRM);
	}
	sys_unlock(&p->int_lock);
}

int
pool_int_main(void *arg)
{
	struct pool *p = arg;

	pool_confine(p, 2);

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&p->int_used, __ATOMIC_ACQUIRE) == 0) {
			sys_futex_wait(&p->int_used, 0, 1000);
			continue;
		}
		sys_sleep_ms(SYD_INT_PERIOD_MS);
		intr_scan(p);
	}
	return 0;
}

struct pool_slot *
pool_block_begin(struct pool *p, int emu_tid, int target, uint64_t id)
{
	struct pool_slot *found = NULL;

	sys_lock(&p->int_lock);
	/* Admission: a blocked emulation holds its emulator for as long as
	 * the target likes, and the pool cannot grow past max, so at most
	 * max - POOL_RESERVE may block at once; the rest stay free for
	 * everything else (SPEC.md section 8). */
	if ((unsigned)p->int_used + POOL_RESERVE >= p->max) {
		sys_unlock(&p->int_lock);
		return NULL;
	}
	for (int i = 0; i < SYD_INT_SLOTS && found == NULL; i++) {
		if (p->slots[i].emu_tid != 0)
			continue;
		found = &p->slots[i];
		found->emu_tid = emu_tid;
		found->target = target;
		found->id = id;
		found->kicked = 0;
		__atomic_add_fetch(&p->int_used, 1, __ATOMIC_RELEASE);
	}
	sys_unlock(&p->int_lock);
	if (found == NULL)
		return NULL;
	sys_futex_wake(&p->int_used, 1);
	/* Blocking may last: no policy lock held across it (a runtime
	 * change must not wait for a FIFO writer). */
	sys_rdunlock(&p->policy_lock);
	return found;
}

bool
pool_block_end(struct pool *p, struct pool_slot *s)
{
	bool kicked;

	if (s == NULL)
		return false;
	sys_rdlock(&p->policy_lock);
	sys_lock(&p->int_lock);
	kicked = s->kicked != 0;
	s->emu_tid = 0;
	__atomic_sub_fetch(&p->int_used, 1, __ATOMIC_RELEASE);
	sys_unlock(&p->int_lock);
	return kicked;
}

bool
pool_restart_note(struct pool *p, int tid)
{
	for (int i = 0; i < SYD_INT_SLOTS; i++) {
		int free = 0;
		if (__atomic_compare_exchange_n(&p->restart_tids[i], &free, tid,
			false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}

bool
pool_restart_take(struct pool *p, int tid)
{
	for (int i = 0; i < SYD_INT_SLOTS; i++) {
		int want = tid;
		if (__atomic_compare_exchange_n(&p->restart_tids[i], &want, 0,
			false, __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
			return true;
	}
	return false;
}
