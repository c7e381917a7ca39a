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
	char buf[2048];
	uint64_t mask, own, shared;
	const char *th;

	if (sys_proc_status(tid, buf, sizeof(buf)) < 0)
		return false;
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
	struct sandbox *sb = p->sb;

	sys_lock(&sb->int_lock);
	for (int i = 0; i < SYD_INT_SLOTS; i++) {
		struct sandbox_slot *s = &sb->slots[i];
		if (s->emu_tid == 0)
			continue;
		if (sys_notif_id_valid(p->notify_fd, s->id) == 0 &&
		    !intr_signalled(s->target))
			continue;
		__atomic_store_n(&s->kicked, 1, __ATOMIC_RELEASE);
		sys_tgkill(sb->syd_pid, s->emu_tid, SIGALRM);
	}
	sys_unlock(&sb->int_lock);
}

int
pool_int_main(void *arg)
{
	struct pool *p = arg;

	sandbox_confine(p->sb, SANDBOX_INTERRUPTER);

	while (!__atomic_load_n(&p->stop, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&p->sb->int_used, __ATOMIC_ACQUIRE) == 0) {
			sys_futex_wait(&p->sb->int_used, 0, 1000);
			continue;
		}
		sys_sleep_ms(SYD_INT_PERIOD_MS);
		intr_scan(p);
	}
	return 0;
}
